/* fuzz-text.c — the plain-text reader and the sentence segmenter.
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic);
 *   - a document renders back to the input byte for byte;
 *   - it renders with translations too (no crash, no NUL);
 *   - its segments file parses again and formats to the same bytes. */
#include "fuzz.h"
#include "tercume.h"

#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_segment_options opts = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL, *again = NULL;
	char *out = NULL, *seg = NULL, *seg2 = NULL;
	size_t out_len, seg_len, seg2_len;
	tercume_status st;

	/* The first byte, when there is one, picks the layout; the rest is the
	 * article, so a seed file is still a plain article after one byte. */
	if (size > 0) {
		opts.layout = (tercume_layout)(data[0] % 3);
		data++;
		size--;
	}
	st = tercume_doc_from_text(&doc, "fuzz.txt", (const char *)data, size, &opts, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(doc == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(doc != NULL);
	FUZZ_ASSERT(tercume_doc_render(doc, NULL, &out, &out_len) == TERCUME_OK);
	FUZZ_ASSERT(out_len == size && memcmp(out, data, size) == 0);
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		char ctx[64];

		tercume_doc_unit(doc, i, &u);
		FUZZ_ASSERT(u.id != NULL && u.text != NULL && u.text[0] != '\0');
		FUZZ_ASSERT(tercume_doc_find(doc, u.id) == i);
		tercume_doc_unit_context(doc, i, ctx, sizeof ctx);
	}
	/* An edition: every other unit translated, longer or shorter than
	 * its source (re-wrapping, re-centring, underlines, box frames). */
	{
		size_t n = tercume_doc_unit_count(doc);
		const char **repl = calloc(n ? n : 1, sizeof *repl);
		char *ed = NULL;
		size_t ed_len;

		FUZZ_ASSERT(repl != NULL);
		for (size_t i = 0; i < n; i++)
			repl[i] = i % 2 ? NULL : i % 4 ? "\xD0\x9F\xD0\xB5\xD1\x80\xD0\xB5\xD0\xB2\xD0\xBE\xD0\xB4 "
						  "https://example.org/a/long/path/name and more words to wrap"
						: "\xE4\xB8\x80";
		FUZZ_ASSERT(tercume_doc_render(doc, repl, &ed, &ed_len) == TERCUME_OK);
		FUZZ_ASSERT(ed != NULL && strlen(ed) == ed_len);
		free(ed);
		free(repl);
	}
	FUZZ_ASSERT(tercume_segments_format(doc, &seg, &seg_len) == TERCUME_OK);
	st = tercume_segments_parse(&again, "fuzz.seg", seg, seg_len, &rep);
	if (st != TERCUME_OK)
		fprintf(stderr, "the segments file of a read article does not parse\n");
	FUZZ_ASSERT(st == TERCUME_OK);
	FUZZ_ASSERT(tercume_segments_format(again, &seg2, &seg2_len) == TERCUME_OK);
	FUZZ_ASSERT(seg2_len == seg_len && memcmp(seg, seg2, seg_len) == 0);
	free(out);
	free(seg);
	free(seg2);
	tercume_doc_free(again);
	tercume_doc_free(doc);
	return 0;
}
