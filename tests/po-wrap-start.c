/* po-wrap-start.c — the property of libunistring's line breaking that the
 * PO writer (po-stream.c, wrap) relies on to break a first portion once:
 * a string that u8_width_linebreaks breaks from column 0 it breaks from
 * any later start column too (each line fills sooner).
 *
 * Checked on random strings of the pieces that decide breaking in PO
 * strings (words, spaces, hyphens, slashes, punctuation, a wide CJK
 * character, a combining accent, an em dash, U+2028, an escape "\n" whose
 * letter may not be broken from its backslash), random widths and start
 * columns.  Also checked: breaking does happen, and the converse does not
 * hold (a later start column breaks strings that column 0 does not), so
 * that the check is not vacuous. */
#include "tap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

static const char *const pieces[] = {
	"a", "bb", "ccc", "dddd", "eeeeeeeeee", " ", "  ", "-", "/", ".", ",", "!", "?",
	"(", ")", "\"", "12", "\t",
	"\xE4\xB8\xAD",		/* 中, two columns */
	"\xCC\x81",		/* a combining acute accent, none */
	"\xE2\x80\x94",		/* — */
	"\xE2\x80\xA8",		/* LINE SEPARATOR: a mandatory break */
	"\xC3\xA9",		/* é */
	"\xEF\xBC\x8C",		/* ， */
	"\\n",			/* an escape: no break inside it */
};

/* a small generator of our own: the same strings on every machine */
static uint32_t
next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

int
main(void)
{
	char s[512], ovr[512], brk[512];
	uint32_t seed = 15;
	long tried = 0, broke = 0, violated = 0, later_only = 0;

	for (int t = 0; t < 300000; t++) {
		size_t n = 0, pieces_n = next_random(&seed) % 60 + 1;
		int width = 10 + (int)(next_random(&seed) % 70);
		int col = 1 + (int)(next_random(&seed) % 16);
		bool b0, b1;

		for (size_t i = 0; i < pieces_n; i++) {
			const char *p = pieces[next_random(&seed) % (sizeof pieces / sizeof pieces[0])];
			size_t k = strlen(p);

			memcpy(s + n, p, k);
			memset(ovr + n, UC_BREAK_UNDEFINED, k);
			if (strcmp(p, "\\n") == 0)
				ovr[n + 1] = UC_BREAK_PROHIBITED;
			n += k;
		}
		u8_width_linebreaks((const uint8_t *)s, n, width, 0, 0, ovr, "UTF-8", brk);
		b0 = memchr(brk, UC_BREAK_POSSIBLE, n) != NULL;
		u8_width_linebreaks((const uint8_t *)s, n, width, col, 0, ovr, "UTF-8", brk);
		b1 = memchr(brk, UC_BREAK_POSSIBLE, n) != NULL;
		tried++;
		broke += b0;
		if (b0 && !b1 && violated++ == 0)
			printf("# breaks from column 0, not from %d (width %d): \"%.*s\"\n", col, width,
			       (int)n, s);
		later_only += b1 && !b0;
	}
	CHECK(violated == 0, "%ld of %ld strings broken from column 0 are broken from a later "
	      "column too (%ld violations)", broke - violated, broke, violated);
	CHECK(broke > tried / 20, "breaking happens (%ld of %ld strings)", broke, tried);
	CHECK(later_only > 0, "a later start column breaks some strings column 0 does not (%ld)",
	      later_only);
	return tap_done();
}
