/* fuzz-project.c — the project file reader (libinih and what tercume makes
 * of it), without the file system: article patterns are taken as paths.
 *
 * Invariants checked on every input:
 *   - a failure is exactly one error diagnostic, and no project;
 *   - a project has a source language, target languages and articles, each
 *     with a name and every path worked out;
 *   - the new-project text for its articles and languages reads back with
 *     the same articles (when the paths can be written in one). */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_project *p = NULL, *again = NULL;
	const char **arts, **langs;
	char *text = NULL;
	size_t n, nl, len;
	tercume_status st;

	st = tercume_project_parse(&p, "fuzz.ini", (const char *)data, size, NULL, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(p == NULL);
		FUZZ_ASSERT(st == TERCUME_ENOMEM || rep.errors == 1);
		return 0;
	}
	FUZZ_ASSERT(rep.errors == 0);
	n = tercume_project_article_count(p);
	nl = tercume_project_lang_count(p);
	FUZZ_ASSERT(n > 0 && nl > 0 && tercume_project_source_lang(p) != NULL);
	arts = calloc(n, sizeof *arts);
	langs = calloc(nl, sizeof *langs);
	FUZZ_ASSERT(arts && langs);
	for (size_t j = 0; j < nl; j++)
		langs[j] = tercume_project_lang(p, j);
	for (size_t i = 0; i < n; i++) {
		tercume_article_info a;
		tercume_format fmt;

		tercume_project_article(p, i, &a);
		FUZZ_ASSERT(a.path && a.name && a.segments);
		arts[i] = a.path;
		for (size_t j = 0; j < nl; j++) {
			FUZZ_ASSERT(tercume_project_catalog(p, i, j, &fmt) != NULL);
			size_t made = 0, nf = tercume_project_edition_format_count(p);

			/* a format may make no edition of an article (txt of a
			 * Markdown one), but the formats make at least one */
			for (size_t k = 0; k < nf; k++)
				made += tercume_project_edition(p, i, j, k) != NULL;
			FUZZ_ASSERT(nf == 0 || made > 0);
		}
	}
	if (tercume_project_template(arts, n, tercume_project_source_lang(p), langs, nl, &text,
				     &len) == TERCUME_OK) {
		st = tercume_project_parse(&again, "again.ini", text, len, NULL, &rep);
		if (st != TERCUME_OK)
			fprintf(stderr, "a new project file for these articles does not read back\n");
		FUZZ_ASSERT(st == TERCUME_OK);
		FUZZ_ASSERT(tercume_project_article_count(again) == n);
	}
	free(text);
	free(arts);
	free(langs);
	tercume_project_free(again);
	tercume_project_free(p);
	return 0;
}
