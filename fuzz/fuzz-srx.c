/* fuzz-srx.c — the SRX 2.0 rules reader (srx.c) and the segmenter with them.
 *
 * tercume reads SRX rules from a path (tercume_segment_options.srx_path),
 * so each input is written to a file in a private temporary directory; a
 * small fixed article (abbreviations, numbers, quotes, ellipses, Cyrillic
 * and Azerbaijani letters) is then segmented with the rules its language
 * maps give "en-GB", "ru" and "az" in turn.
 *
 * Invariants checked on every input and language:
 *   - a failure is reported (at least one error diagnostic) and gives no
 *     document: a rules file may be refused, it must not crash, leak or
 *     fail silently;
 *   - a document renders back to the article byte for byte, and every
 *     unit has an ID and some text;
 *   - the matching engine agrees with its reference engine (srx.c): the
 *     same sentences in every paragraph, the same verdict of the rules at
 *     every position, the same extra breaks. */
#include "fuzz.h"
#include "internal.h"
#include "srx.h"
#include "tercume.h"

#include <unicode/utf16.h>

#include <string.h>
#include <unistd.h>

static const char article[] =
	"Dr. Smith met Mr. J. R. Jones at 3 p.m. on Jan. 5, e.g. in the U.S. "
	"They said \"Stop!\" and left... Then? Yes. 3.14 is pi. See p. 12 etc. "
	"Done.\n\n"
	"\xd0\x9e\xd0\xbd \xd0\xbf\xd1\x80\xd0\xb8\xd1\x88\xd1\x91\xd0\xbb \xd0\xb2 "
	"5 \xd1\x87. \xd0\x92\xd1\x81\xd1\x91 \xd1\x82.\xd0\xb4. \xd0\x9a\xd0\xbe"
	"\xd0\xbd\xd0\xb5\xd1\x86.\n\n"
	"Bu g\xc3\xbcn 1. s\xc9\x99hif\xc9\x99" "d\xc9\x99" "di. \xc4\xb0nd\xc9\x99 "
	"ged\xc9\x99k! Ax\xc4\xb1r?\n";

static const char *const langs[] = { "en-GB", "ru", "az" };

/* The engine against the reference engine on each paragraph of the
 * article (blocks between blank lines). */
static void
compare_engines(const char *path, const char *lang)
{
	tu_segmenter *seg;
	tercume_reporter rep = { 0 };
	const char *p = article, *end = article + sizeof article - 1;
	tu_span *sa = NULL, *sb = NULL;
	size_t ca = 0, cb = 0;
	tu_srx *x;

	FUZZ_ASSERT(tu_segmenter_open(&seg, lang, path, &rep) == TERCUME_OK);
	x = tu_segmenter_srx(seg);
	while (x != NULL && p < end) {
		const char *q = strstr(p, "\n\n");
		size_t len = (size_t)((q ? q : end) - p), na = 0, nb = 0, ea_n = 0, eb_n = 0, ec = 0, fc = 0;
		int32_t *ea = NULL, *eb = NULL, n = 0;
		UChar *u = NULL;
		bool pairs = false;

		tu_srx_set_reference(x, false);
		FUZZ_ASSERT(tu_segment_block(seg, p, len, &sa, &na, &ca) == TERCUME_OK);
		tu_srx_set_reference(x, true);
		FUZZ_ASSERT(tu_segment_block(seg, p, len, &sb, &nb, &cb) == TERCUME_OK);
		FUZZ_ASSERT(na == nb && memcmp(sa, sb, sizeof *sa * na) == 0);
		FUZZ_ASSERT(tu_utf16_from_utf8(p, (int32_t)len, &u, &n) == TERCUME_OK);
		for (int32_t i = 0; i < n; i++) {
			if (u[i] == '\n')
				u[i] = ' ';
			pairs = pairs || U16_IS_SURROGATE(u[i]);
		}
		tu_srx_set_reference(x, false);
		FUZZ_ASSERT(tu_srx_set_text(x, u, n, pairs) == TERCUME_OK);
		FUZZ_ASSERT(tu_srx_extra_breaks(x, &ea, &ea_n, &ec) == TERCUME_OK);
		tu_srx_set_reference(x, true);
		FUZZ_ASSERT(tu_srx_extra_breaks(x, &eb, &eb_n, &fc) == TERCUME_OK);
		FUZZ_ASSERT(ea_n == eb_n && (ea_n == 0 || memcmp(ea, eb, sizeof *ea * ea_n) == 0));
		for (int32_t i = 0; i <= n; i++) {
			int v;

			if (i > 0 && i < n && U16_IS_TRAIL(u[i]) && U16_IS_LEAD(u[i - 1]))
				continue;	/* the segmenter never asks there */

			tu_srx_set_reference(x, false);
			v = tu_srx_decide(x, i);
			tu_srx_set_reference(x, true);
			FUZZ_ASSERT(v == tu_srx_decide(x, i));
		}
		free(u);
		free(ea);
		free(eb);
		p = q ? q + 2 : end;
	}
	free(sa);
	free(sb);
	tu_segmenter_close(seg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fuzz_scratch *fs = fuzz_scratch_open("srx");

	fuzz_write_file(fs->in, data, size);
	for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
		tercume_segment_options opts = TERCUME_SEGMENT_OPTIONS_INIT;
		tercume_reporter rep = { 0 };
		tercume_doc *doc = NULL;
		char *out = NULL;
		size_t out_len;
		tercume_status st;

		opts.source_lang = langs[l];
		opts.srx_path = fs->in;
		st = tercume_doc_from_text(&doc, "fuzz.txt", article, sizeof article - 1,
					   &opts, &rep);
		if (st != TERCUME_OK) {
			FUZZ_ASSERT(doc == NULL);
			FUZZ_ASSERT(rep.errors > 0);
			continue;
		}
		FUZZ_ASSERT(doc != NULL);
		FUZZ_ASSERT(tercume_doc_render(doc, NULL, &out, &out_len) == TERCUME_OK);
		FUZZ_ASSERT(out_len == sizeof article - 1 && memcmp(out, article, out_len) == 0);
		for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
			tercume_unit_info u;

			tercume_doc_unit(doc, i, &u);
			FUZZ_ASSERT(u.id != NULL && u.text != NULL && u.text[0] != '\0');
		}
		free(out);
		tercume_doc_free(doc);
		compare_engines(fs->in, langs[l]);
	}
	return 0;
}
