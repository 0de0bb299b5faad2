/* segmenter.c — sentence boundaries from ICU's sentence break iterator. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

struct tu_segmenter {
	UBreakIterator *bi;
	UChar *u16;		/* the block in UTF-16 */
	size_t *off8;		/* off8[k]: byte offset of UTF-16 index k */
	size_t cap;		/* capacity of both, in UTF-16 units */
};

tercume_status
tu_segmenter_open(tu_segmenter **out, const char *lang, tercume_reporter *rep)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[96];
	tu_segmenter *s;

	*out = NULL;
	if (lang == NULL || *lang == '\0')
		lang = "en";
	if (strlen(lang) > 64) {
		tu_error(rep, NULL, 0, 0, "source language tag is too long: %.64s...", lang);
		return TERCUME_EUSAGE;
	}
	/* CLDR's abbreviation suppressions ("Mr.", "e.g.", …) where it has them. */
	strcpy(locale, lang);
	strcat(locale, "@ss=standard");
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return TERCUME_ENOMEM;
	s->bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &err);
	if (U_FAILURE(err)) {
		tu_error(rep, NULL, 0, 0, "ICU cannot open a sentence break iterator for '%s': %s",
			 lang, u_errorName(err));
		free(s);
		return TERCUME_EUSAGE;
	}
	*out = s;
	return TERCUME_OK;
}

void
tu_segmenter_close(tu_segmenter *s)
{
	if (s == NULL)
		return;
	ubrk_close(s->bi);
	free(s->u16);
	free(s->off8);
	free(s);
}

static bool
grow(tu_segmenter *s, size_t need)
{
	size_t cap;
	UChar *u;
	size_t *o;

	if (need <= s->cap)
		return true;
	cap = s->cap ? s->cap : 1024;
	while (cap < need)
		cap *= 2;
	u = realloc(s->u16, cap * sizeof *u);
	if (u == NULL)
		return false;
	s->u16 = u;
	o = realloc(s->off8, cap * sizeof *o);
	if (o == NULL)
		return false;
	s->off8 = o;
	s->cap = cap;
	return true;
}

tercume_status
tu_segment_block(tu_segmenter *s, const char *block, size_t len,
		 tu_span **spans, size_t *n_spans, size_t *cap_spans)
{
	UErrorCode err = U_ZERO_ERROR;
	size_t n16 = 0, i = 0;
	int32_t from, to;

	*n_spans = 0;
	/* At most one UTF-16 unit per byte, plus the end sentinel. */
	if (len >= INT32_MAX || !grow(s, len + 1))
		return len >= INT32_MAX ? TERCUME_EINPUT : TERCUME_ENOMEM;
	while (i < len) {
		size_t at = i;
		UChar32 c;
		int32_t ii = 0, rest = (int32_t)(len - i > INT32_MAX ? INT32_MAX : len - i);

		U8_NEXT((const uint8_t *)block + i, ii, rest, c);
		i += (size_t)ii;
		if (c < 0)
			return TERCUME_EINPUT;	/* the reader checked this already */
		/* A line break inside a paragraph is a hard wrap, not the end of
		 * a paragraph (which is what ICU takes CR and LF for). */
		if (c == '\n' || c == '\r')
			c = ' ';
		if (U_IS_BMP(c)) {
			s->off8[n16] = at;
			s->u16[n16++] = (UChar)c;
		} else {
			s->off8[n16] = at;
			s->u16[n16++] = U16_LEAD(c);
			s->off8[n16] = at;
			s->u16[n16++] = U16_TRAIL(c);
		}
	}
	s->off8[n16] = len;
	ubrk_setText(s->bi, s->u16, (int32_t)n16, &err);
	if (U_FAILURE(err))
		return TERCUME_ENOMEM;
	from = ubrk_first(s->bi);
	for (to = ubrk_next(s->bi); to != UBRK_DONE; from = to, to = ubrk_next(s->bi)) {
		int32_t a = from, b = to;

		while (a < b && u_isUWhiteSpace(s->u16[a]))
			a++;
		while (b > a && u_isUWhiteSpace(s->u16[b - 1]))
			b--;
		if (a == b)
			continue;
		if (*n_spans == *cap_spans) {
			size_t cap = *cap_spans ? *cap_spans * 2 : 16;
			tu_span *p = realloc(*spans, cap * sizeof *p);
			if (p == NULL)
				return TERCUME_ENOMEM;
			*spans = p;
			*cap_spans = cap;
		}
		(*spans)[(*n_spans)++] = (tu_span){ s->off8[a], s->off8[b] };
	}
	return TERCUME_OK;
}
