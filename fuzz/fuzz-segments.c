/* fuzz-segments.c — the segments file parser (doc/segments.md).
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic);
 *   - a parsed document renders, and formats to a segments file that
 *     parses again to the same bytes (format ∘ parse is idempotent). */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL, *again = NULL;
	char *out = NULL, *seg = NULL, *seg2 = NULL;
	size_t out_len, seg_len, seg2_len;
	tercume_status st;

	st = tercume_segments_parse(&doc, "fuzz.seg", (const char *)data, size, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(doc == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(doc != NULL);
	FUZZ_ASSERT(tercume_doc_render(doc, NULL, &out, &out_len) == TERCUME_OK);
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;

		tercume_doc_unit(doc, i, &u);
		FUZZ_ASSERT(u.id != NULL && u.text != NULL);
		FUZZ_ASSERT(tercume_doc_find(doc, u.id) == i);
	}
	FUZZ_ASSERT(tercume_segments_format(doc, &seg, &seg_len) == TERCUME_OK);
	st = tercume_segments_parse(&again, "fuzz.seg", seg, seg_len, &rep);
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
