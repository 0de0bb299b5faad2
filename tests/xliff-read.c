/* xliff-read.c — reads each XLIFF file named on the command line with
 * tercume_catalog_read and prints "NAME UNITS SEGMENTS" (what tercume
 * found) or "NAME error" and the diagnostics on stderr.  Used by
 * tests/xliff-suite.sh, which compares the figures with xliff-count.py's.
 * Each entry is a segment; the entries of one unit are consecutive and
 * share their ID up to the first '/' (doc/xliff.md, "Units and
 * segments"). */
#include "config.h"
#include "tercume.h"

#include <stdio.h>
#include <string.h>

static void
print_diag(const tercume_diag *d, void *user)
{
	static const char *const sev[] = { "note", "warning", "error" };

	(void)user;
	fprintf(stderr, "%s:%lu: %s: %s\n", d->file ? d->file : "", d->line,
		sev[d->severity], d->message);
}

int
main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		tercume_reporter rep = { print_diag, NULL, 0, 0 };
		tercume_catalog *cat = NULL;
		const char *name = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		size_t units = 0, segments = 0;

		if (tercume_catalog_read(&cat, argv[i], TERCUME_FORMAT_AUTO, &rep) != TERCUME_OK) {
			printf("%s error\n", name);
			failed = 1;
			continue;
		}
		const char *last = NULL;
		size_t last_len = 0;

		for (size_t k = 0; k < tercume_catalog_count(cat); k++) {
			const tercume_entry *e = tercume_catalog_entry(cat, k);
			size_t len = strcspn(e->id, "/");

			if (e->state == TERCUME_STATE_OBSOLETE)
				continue;
			segments++;
			if (last == NULL || len != last_len || strncmp(last, e->id, len) != 0)
				units++;
			last = e->id;
			last_len = len;
		}
		printf("%s %zu %zu\n", name, units, segments);
		tercume_catalog_free(cat);
	}
	return failed ? 2 : 0;
}
