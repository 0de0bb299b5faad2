/* test-map.c — the string-keyed hash table behind IDs and catalogue lookups,
 * and the small helpers of util.c beside it (arrays that grow, character
 * references). */
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

/* A stand-in decoder: four names and &#38;, the rest are none. */
static int decodes;

static bool
fake_decode(const char *ref, size_t len, tu_charref *out)
{
	static const struct { const char *ref, *ch; } known[] = {
		{ "&amp;", "&" }, { "&#38;", "&" }, { "&copy;", "\xc2\xa9" }, { "&lt;", "<" },
		{ "&gt;", ">" }
	};

	decodes++;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i].ref) == len && memcmp(known[i].ref, ref, len) == 0) {
			out->ch_len = strlen(known[i].ch);
			memcpy(out->ch, known[i].ch, out->ch_len);
			return true;
		}
	return false;
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

	/* tu_grow: room for one more, first then doubling, nothing on overflow. */
	{
		int *a = NULL;
		size_t cap = 0, n;

		for (n = 0; n < 100; n++) {
			if (!tu_grow(&a, &cap, n, sizeof *a, 8))
				break;
			a[n] = (int)n;
		}
		CHECK(n == 100 && cap == 128 && a[99] == 99, "tu_grow: 100 elements in 8, 16, ... 128 (cap %zu)", cap);
		CHECK(tu_grow(&a, &cap, 127, sizeof *a, 8) && cap == 128, "tu_grow: no growth while there is room");
		CHECK(!tu_grow(&a, &cap, 128, SIZE_MAX / 128, 8) && cap == 128 && a[99] == 99,
		      "tu_grow: a size that would overflow is refused, the array kept");
		free(a);
	}
	/* tu_charref_len: the length of the reference a text starts with. */
	CHECK(tu_charref_len("&amp;T", 6) == 5, "&amp; is 5 bytes");
	CHECK(tu_charref_len("&#8212;x", 8) == 7, "&#8212; is 7 bytes");
	CHECK(tu_charref_len("&#x2014;", 8) == 8, "&#x2014; is 8 bytes");
	CHECK(tu_charref_len("& b;", 4) == 0, "an ampersand alone is none");
	CHECK(tu_charref_len("&;", 2) == 0 && tu_charref_len("&amp", 4) == 0, "no name, or no semicolon: none");
	CHECK(tu_charref_len("&a#b;", 5) == 0, "# only after the ampersand");
	CHECK(tu_charref_len("&abcdefghijabcdefghijabcdefghijabc;", 35) == 35 &&
	      tu_charref_len("&abcdefghijabcdefghijabcdefghijabcd;", 36) == 0, "at most 33 characters of name");

	/* tu_charrefs_collect: each character once, in its first spelling. */
	{
		const char *raw = "AT&amp;T &#38; &amp; &copy; \\&lt; \\\\&gt; &bogus;";
		tu_charref refs[TU_MAX_CHARREFS], few[1];
		size_t n;
		const tu_charref *m;

		decodes = 0;
		n = tu_charrefs_collect(raw, strlen(raw), false, fake_decode, refs, TU_MAX_CHARREFS);
		CHECK(n == 4, "&amp; (not &#38;, the same character), &copy;, &lt;, &gt;: %zu", n);
		CHECK(n >= 1 && refs[0].ref_len == 5 && memcmp(refs[0].ref, "&amp;", 5) == 0,
		      "the first spelling of & is kept");
		CHECK(decodes == 6, "a spelling seen before is not decoded again (%d decodings)", decodes);
		n = tu_charrefs_collect(raw, strlen(raw), true, fake_decode, refs, TU_MAX_CHARREFS);
		CHECK(n == 3, "after one backslash &lt; is text, after two &gt; is a reference: %zu", n);
		CHECK(tu_charrefs_collect(raw, strlen(raw), false, fake_decode, few, 1) == 1,
		      "at most max references");
		CHECK(tu_charrefs_collect(NULL, 0, false, fake_decode, few, 1) == 0, "no source, none");
		m = tu_charref_match(refs, n, "&x", 2);
		CHECK(m && m->ref_len == 5, "a translation's & matches &amp;");
		CHECK(tu_charref_match(refs, n, "x&", 2) == NULL, "only at the start of the text");
	}
	return tap_done();
}
