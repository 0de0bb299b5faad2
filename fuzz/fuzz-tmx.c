/* fuzz-tmx.c — the TMX 1.4b reader (tmx.c), English to Russian.
 *
 * tercume_tmx_read takes a path, so each input is written to a file in a
 * private temporary directory first.
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic) and gives no
 *     catalogue: reading may fail, it must not crash, leak or fail
 *     silently;
 *   - every entry read is TRANSLATED, with an ID, a non-empty source and a
 *     non-empty target;
 *   - the memory written back as TMX (tercume_tmx_format) reads again, with
 *     at most as many entries (identical pairs are written once). */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>
#include <unistd.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_catalog *cat = NULL, *again = NULL;
	const tercume_catalog *cats[1];
	char *tmx = NULL;
	size_t tmx_len, n;
	tercume_status st;
	const fuzz_scratch *fs = fuzz_scratch_open("tmx");

	fuzz_write_file(fs->in, data, size);
	st = tercume_tmx_read(&cat, fs->in, "en", "ru", &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(cat == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(cat != NULL);
	n = tercume_catalog_count(cat);
	for (size_t i = 0; i < n; i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		FUZZ_ASSERT(e != NULL && e->id != NULL && e->source != NULL && e->target != NULL);
		FUZZ_ASSERT(e->source[0] != '\0' && e->target[0] != '\0');
		FUZZ_ASSERT(e->state == TERCUME_STATE_TRANSLATED);
	}
	cats[0] = cat;
	FUZZ_ASSERT(tercume_tmx_format(cats, 1, &tmx, &tmx_len) == TERCUME_OK);
	fuzz_write_file(fs->out, tmx, tmx_len);
	rep = (tercume_reporter){ 0 };
	st = tercume_tmx_read(&again, fs->out, "en", "ru", &rep);
	if (st != TERCUME_OK)
		fprintf(stderr, "a memory written by tercume does not read back\n");
	FUZZ_ASSERT(st == TERCUME_OK);
	FUZZ_ASSERT(tercume_catalog_count(again) <= n);
	FUZZ_ASSERT(n == 0 || tercume_catalog_count(again) > 0);
	tercume_catalog_free(again);
	free(tmx);
	unlink(fs->out);
	tercume_catalog_free(cat);
	return 0;
}
