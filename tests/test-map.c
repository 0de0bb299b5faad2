/* test-map.c — the string-keyed hash table behind IDs and catalogue lookups. */
#include "../src/model/internal.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
cpu_seconds(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

/* Adds n keys, then looks each up; returns the CPU time taken. */
static double
fill(size_t n, bool *ok)
{
	tu_map *m = tu_map_new(0);
	double t0 = cpu_seconds();
	char key[32];

	*ok = m != NULL;
	for (size_t i = 0; i < n && *ok; i++) {
		bool added;
		size_t *v;
		snprintf(key, sizeof key, "%08zx", (i * 2654435761u) & 0xffffffffu);
		v = tu_map_slot(m, key, &added);
		*ok = v != NULL && added;
		if (*ok)
			*v = i;
	}
	for (size_t i = 0; i < n && *ok; i++) {
		size_t v;
		snprintf(key, sizeof key, "%08zx", (i * 2654435761u) & 0xffffffffu);
		*ok = tu_map_get(m, key, &v) && v == i;
	}
	*ok = *ok && tu_map_count(m) == n;
	tu_map_free(m);
	return cpu_seconds() - t0;
}

int
main(void)
{
	tu_map *m = tu_map_new(4);
	bool added = false, ok;
	size_t *v, got = 0;
	double small, big;

	CHECK(m != NULL, "a map");
	CHECK(!tu_map_get(m, "08e6177b", NULL), "an empty map has no key");
	v = tu_map_slot(m, "08e6177b", &added);
	CHECK(v && added && *v == 0, "a new key starts at 0");
	*v = 7;
	v = tu_map_slot(m, "08e6177b", &added);
	CHECK(v && !added && *v == 7, "the same key finds its value");
	CHECK(tu_map_get(m, "08e6177b", &got) && got == 7, "get finds it");
	CHECK(!tu_map_get(m, "08e6177c", NULL), "a near key is another key");
	CHECK(tu_map_slot(m, "", &added) && added, "the empty key is a key");
	CHECK(tu_map_count(m) == 2, "two keys");
	tu_map_free(m);

	/* Growth: 8 times the keys must not take much more than 8 times the
	 * time (libxml2 2.9's table, used before, stops growing at 16,384
	 * buckets: 16 times the keys took about 470 times as long). */
	fill(20000, &ok);	/* warm up */
	small = fill(50000, &ok);
	CHECK(ok, "50,000 keys, all found");
	big = fill(400000, &ok);
	CHECK(ok, "400,000 keys, all found");
	CHECK(big < 8 * 3 * small + 0.2, "linear growth: %.3f s for 50,000 keys, %.3f s for 400,000",
	      small, big);
	return tap_done();
}
