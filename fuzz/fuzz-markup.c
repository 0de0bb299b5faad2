/* fuzz-markup.c — the HTML reader (FUZZ_MARKUP=TERCUME_MARKUP_HTML) or the
 * Markdown reader (…_MARKDOWN), and the edition of what they read.
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic) and gives no
 *     document;
 *   - a document renders back to the input byte for byte;
 *   - no unit holds half a pair of codes (a sentence split inside a code);
 *   - its segments file parses again and formats to the same bytes;
 *   - a translated edition (every unit translated with its codes, text
 *     that is markup in the format added) renders in the article's format. */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>

#ifndef FUZZ_MARKUP
#define FUZZ_MARKUP TERCUME_MARKUP_HTML
#endif

static void
check_codes(const tercume_unit_info *u)
{
	int depth = 0;

	for (size_t k = 0; k < u->n_codes; k++) {
		if (u->codes[k].kind == TERCUME_RUN_OPEN)
			depth++;
		else if (u->codes[k].kind == TERCUME_RUN_CLOSE)
			depth--;
		FUZZ_ASSERT(depth >= 0);
	}
	FUZZ_ASSERT(depth == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL, *again = NULL;
	tercume_catalog *src = NULL, *cat = NULL;
	tercume_edition *ed = NULL;
	tercume_rich_builder *rb;
	char *out = NULL, *seg = NULL, *seg2 = NULL, *edition = NULL;
	size_t out_len, seg_len, seg2_len, ed_len;
	tercume_status st;

	st = FUZZ_MARKUP == TERCUME_MARKUP_HTML
	     ? tercume_doc_from_html(&doc, "fuzz.html", (const char *)data, size, NULL, &rep)
	     : tercume_doc_from_markdown(&doc, "fuzz.md", (const char *)data, size, NULL, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(doc == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(tercume_doc_render(doc, NULL, &out, &out_len) == TERCUME_OK);
	FUZZ_ASSERT(out_len == size && memcmp(out, data, size) == 0);
	FUZZ_ASSERT(tercume_segments_format(doc, &seg, &seg_len) == TERCUME_OK);
	st = tercume_segments_parse(&again, "fuzz.seg", seg, seg_len, &rep);
	FUZZ_ASSERT(st == TERCUME_OK);
	FUZZ_ASSERT(tercume_segments_format(again, &seg2, &seg2_len) == TERCUME_OK);
	FUZZ_ASSERT(seg2_len == seg_len && memcmp(seg, seg2, seg_len) == 0);

	FUZZ_ASSERT(tercume_catalog_from_doc(&src, doc, "ru") == TERCUME_OK);
	cat = tercume_catalog_new(tercume_doc_source_lang(doc), "ru");
	rb = tercume_rich_builder_new();
	FUZZ_ASSERT(cat != NULL && rb != NULL);
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_entry e = *tercume_catalog_entry(src, i);
		tercume_runs it;
		tercume_run r;
		size_t len;

		tercume_doc_unit(doc, i, &u);
		FUZZ_ASSERT(u.text[0] != '\0');
		check_codes(&u);
		tercume_rich_builder_clear(rb);
		tercume_rich_add_text(rb, "# ", 2);
		tercume_runs_init(&it, u.text, u.codes, u.n_codes);
		while (tercume_runs_next(&it, &r))
			if (r.kind == TERCUME_RUN_TEXT)
				tercume_rich_add_text(rb, r.text, r.len);
			else
				tercume_rich_add_code(rb, r.code);
		tercume_rich_add_text(rb, " *<&\"'|`[", 10);
		e.target = tercume_rich_builder_text(rb, &len);
		e.target_codes = tercume_rich_builder_codes(rb, &e.n_target_codes);
		e.state = TERCUME_STATE_TRANSLATED;
		FUZZ_ASSERT(tercume_catalog_add(cat, &e) == TERCUME_OK);
	}
	FUZZ_ASSERT(tercume_merge(&ed, doc, cat, NULL, NULL, &rep) == TERCUME_OK);
	FUZZ_ASSERT(tercume_edition_render_document(ed, &edition, &ed_len, &rep) == TERCUME_OK);
	free(edition);
	tercume_edition_free(ed);
	tercume_rich_builder_free(rb);
	tercume_catalog_free(cat);
	tercume_catalog_free(src);
	free(out);
	free(seg);
	free(seg2);
	tercume_doc_free(again);
	tercume_doc_free(doc);
	return 0;
}
