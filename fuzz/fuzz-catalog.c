/* fuzz-catalog.c — a catalogue reader: PO, XLIFF 1.2 or XLIFF 2.0.
 *
 * One source, three targets: FUZZ_FORMAT is given at compile time
 * (TERCUME_FORMAT_PO, TERCUME_FORMAT_XLIFF12 or TERCUME_FORMAT_XLIFF20).
 * tercume_catalog_read takes a path, so each input is written to a file in
 * a private temporary directory first.
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic): reading may
 *     fail, it must not crash, leak or fail silently;
 *   - every entry of a catalogue read has an ID and a source;
 *   - a catalogue read and written back in its format reads again, with
 *     the same number of entries (when the writer accepts it);
 *   - XLIFF: what is read again writes the same bytes (the inline codes,
 *     the segments of a unit and the kept XML come back as they went). */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>
#include <unistd.h>

#ifndef FUZZ_FORMAT
#error "build with -DFUZZ_FORMAT=TERCUME_FORMAT_PO (or _XLIFF12, _XLIFF20)"
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_catalog *cat = NULL, *again = NULL;
	tercume_status st;
	const fuzz_scratch *fs = fuzz_scratch_open(FUZZ_FORMAT == TERCUME_FORMAT_PO ? "po" : "xlf");

	fuzz_write_file(fs->in, data, size);
	st = tercume_catalog_read(&cat, fs->in, FUZZ_FORMAT, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(cat == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(cat != NULL);
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		FUZZ_ASSERT(e != NULL && e->id != NULL && e->source != NULL);
		if (e->state != TERCUME_STATE_OBSOLETE)
			FUZZ_ASSERT(tercume_catalog_find(cat, e->id) == e);
	}
	rep = (tercume_reporter){ 0 };
	if (tercume_catalog_write(cat, fs->out, FUZZ_FORMAT, &rep) == TERCUME_OK) {
		st = tercume_catalog_read(&again, fs->out, FUZZ_FORMAT, &rep);
		if (st != TERCUME_OK)
			fprintf(stderr, "a catalogue written by tercume does not read back\n");
		FUZZ_ASSERT(st == TERCUME_OK);
		FUZZ_ASSERT(tercume_catalog_count(again) == tercume_catalog_count(cat));
		if (FUZZ_FORMAT != TERCUME_FORMAT_PO) {
			char *a = NULL, *b = NULL;
			size_t la = 0, lb = 0;

			rep = (tercume_reporter){ 0 };
			FUZZ_ASSERT(tercume_catalog_format(cat, FUZZ_FORMAT, &a, &la, &rep) == TERCUME_OK);
			FUZZ_ASSERT(tercume_catalog_format(again, FUZZ_FORMAT, &b, &lb, &rep) == TERCUME_OK);
			if (la != lb || memcmp(a, b, la) != 0)
				fprintf(stderr, "written again, the catalogue changes:\n%.*s\n----\n%.*s\n",
					(int)la, a, (int)lb, b);
			FUZZ_ASSERT(la == lb && memcmp(a, b, la) == 0);
			free(a);
			free(b);
		}
		tercume_catalog_free(again);
	} else
		FUZZ_ASSERT(rep.errors > 0);
	unlink(fs->out);
	tercume_catalog_free(cat);
	return 0;
}
