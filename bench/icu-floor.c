/* icu-floor.c — the floor of the benchmark: the least work any sentence
 * segmenter has to do.
 *
 *   icu-floor read FILE   reads FILE into memory and counts its lines
 *   icu-floor icu FILE    reads FILE and runs ICU's sentence break iterator
 *                         over all of it (UTF-8 text, no conversion); prints
 *                         the number of sentences
 *
 * No paragraphs, no skeleton, no IDs, no output: a bare loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL) {
		perror(path);
		exit(3);
	}
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(3);
			}
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		perror(path);
		exit(3);
	}
	fclose(f);
	*len = n;
	return buf;
}

int
main(int argc, char **argv)
{
	UErrorCode err = U_ZERO_ERROR;
	unsigned long count = 0;
	UBreakIterator *bi;
	UText *ut;
	size_t len;
	char *buf;

	if (argc != 3 || (strcmp(argv[1], "read") != 0 && strcmp(argv[1], "icu") != 0)) {
		fprintf(stderr, "usage: icu-floor read|icu FILE\n");
		return 2;
	}
	buf = slurp(argv[2], &len);
	if (strcmp(argv[1], "read") == 0) {
		for (const char *p = buf; (p = memchr(p, '\n', len - (size_t)(p - buf))) != NULL; p++)
			count++;
		printf("%lu lines\n", count);
		free(buf);
		return 0;
	}
	ut = utext_openUTF8(NULL, buf, (int64_t)len, &err);
	bi = ubrk_open(UBRK_SENTENCE, "en", NULL, 0, &err);
	if (U_SUCCESS(err))
		ubrk_setUText(bi, ut, &err);
	if (U_FAILURE(err)) {
		fprintf(stderr, "icu-floor: %s\n", u_errorName(err));
		return 3;
	}
	for (int32_t b = ubrk_first(bi); (b = ubrk_next(bi)) != UBRK_DONE;)
		count++;
	printf("%lu sentences\n", count);
	ubrk_close(bi);
	utext_close(ut);
	free(buf);
	return 0;
}
