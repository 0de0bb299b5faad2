/* segmenter.c — sentence boundaries: ICU's sentence break iterator, with
 * SRX rules on top (doc/srx.md).
 *
 * ICU proposes the breaks.  When the segmenter has SRX rules (the built-in
 * ones for the source language, or a translator's file), every candidate
 * break, ICU's and those where an SRX break rule matches, is put to the
 * rules: the first rule that matches keeps it (break="yes") or drops it
 * (break="no"); where no rule matches, ICU's breaks stay and the others do
 * not. */
#include "internal.h"
#include "srx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

struct tu_segmenter {
	UBreakIterator *bi;
	UChar *u16;		/* the block in UTF-16 */
	size_t cap;		/* its capacity, in UTF-16 units */
	const char *block;	/* the block in UTF-8 */
	size_t at16, at8;	/* a UTF-16 index and its byte offset in block */
	tu_srx *srx;		/* NULL: ICU's breaks as they are */
	struct cand *cand;	/* candidate breaks of the block */
	size_t n_cand, cap_cand;
	bool pairs;		/* the block has surrogate pairs */
	bool ascii;		/* the block is ASCII: a byte a UTF-16 unit */
	int32_t *extra;		/* where SRX break rules match */
	size_t n_extra, cap_extra;
};

/* A candidate break: the run of white space [from, to] that a break may
 * fall in (from == to when there is none). */
struct cand {
	int32_t from, to;
	bool icu;		/* ICU breaks here */
};

tercume_status
tu_segmenter_open(tu_segmenter **out, const char *lang, const char *srx_path,
		  tercume_reporter *rep)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[96];
	tu_segmenter *s;
	tercume_status st;

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
	st = srx_path ? tu_srx_load(&s->srx, srx_path, lang, rep)
		      : tu_srx_load_builtin(&s->srx, lang, rep);
	if (st == TERCUME_OK && srx_path && tu_srx_rule_count(s->srx) == 0)
		tu_warning(rep, srx_path, 0, 0, "no language map picks rules for '%s'", lang);
	if (st != TERCUME_OK) {
		tu_segmenter_close(s);
		return st;
	}
	*out = s;
	return TERCUME_OK;
}

tu_srx *
tu_segmenter_srx(tu_segmenter *s)
{
	return s->srx;
}

void
tu_segmenter_close(tu_segmenter *s)
{
	if (s == NULL)
		return;
	ubrk_close(s->bi);
	tu_srx_free(s->srx);
	free(s->cand);
	free(s->extra);
	free(s->u16);
	free(s);
}

static bool
grow(tu_segmenter *s, size_t need)
{
	size_t cap;
	UChar *u;

	if (need <= s->cap)
		return true;
	/* Doubling, but a block far longer than the ones before gets what
	 * it needs and no more (a one-line article of 50 MB). */
	cap = s->cap ? s->cap * 2 : 1024;
	if (cap < need)
		cap = need;
	u = realloc(s->u16, cap * sizeof *u);
	if (u == NULL)
		return false;
	s->u16 = u;
	s->cap = cap;
	return true;
}

/* The byte offset in the block of UTF-16 index k (a code point boundary).
 * Spans are asked for in order, so a cursor walks the block once instead
 * of a table of offsets (4 bytes per UTF-16 unit) being kept. */
static size_t
byte_offset(tu_segmenter *s, int32_t k)
{
	if (s->ascii)
		return (size_t)k;
	if ((size_t)k < s->at16)
		s->at16 = s->at8 = 0;
	while (s->at16 < (size_t)k) {
		unsigned char b = (unsigned char)s->block[s->at8];

		if (b < 0x80) {
			s->at8++;
			s->at16++;
		} else {
			int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;

			s->at8 += (size_t)n;
			s->at16 += n == 4 ? 2 : 1;
		}
	}
	return s->at8;
}

/* u_isUWhiteSpace, without the call for ASCII. */
static inline bool
is_space(UChar c)
{
	return c < 0x80 ? c == ' ' || (c >= '\t' && c <= '\r') : u_isUWhiteSpace(c);
}

/* Appends the sentence [from, to) of the block, white space trimmed off,
 * unless nothing is left. */
static bool
add_span(tu_segmenter *s, int32_t from, int32_t to,
	 tu_span **spans, size_t *n_spans, size_t *cap_spans)
{
	while (from < to && is_space(s->u16[from]))
		from++;
	while (to > from && is_space(s->u16[to - 1]))
		to--;
	if (from == to)
		return true;
	if (*n_spans == *cap_spans) {
		size_t cap = *cap_spans ? *cap_spans * 2 : 16;
		tu_span *p = realloc(*spans, cap * sizeof *p);
		if (p == NULL)
			return false;
		*spans = p;
		*cap_spans = cap;
	}
	(*spans)[(*n_spans)++] = (tu_span){ byte_offset(s, from), byte_offset(s, to) };
	return true;
}

static bool
add_cand(tu_segmenter *s, int32_t at, int32_t n16, bool icu)
{
	int32_t from = at, to = at;

	if (s->n_cand == s->cap_cand) {
		size_t cap = s->cap_cand ? s->cap_cand * 2 : 64;
		struct cand *p = realloc(s->cand, cap * sizeof *p);
		if (p == NULL)
			return false;
		s->cand = p;
		s->cap_cand = cap;
	}
	while (from > 0 && is_space(s->u16[from - 1]))
		from--;
	while (to < n16 && is_space(s->u16[to]))
		to++;
	s->cand[s->n_cand++] = (struct cand){ from, to, icu };
	return true;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (int)y->icu - (int)x->icu;
}

/* The most positions of one white-space run that the rules are tried at. */
#define MAX_GAP 8

/* The rules decide each candidate break: the first rule that matches at
 * any position of its white-space run (from its start on) decides. */
static tercume_status
srx_segment(tu_segmenter *s, int32_t n16,
	    tu_span **spans, size_t *n_spans, size_t *cap_spans)
{
	tercume_status st;
	int32_t at, from = 0;
	size_t i, k;

	s->n_cand = 0;
	s->n_extra = 0;
	ubrk_first(s->bi);
	for (at = ubrk_next(s->bi); at != UBRK_DONE; at = ubrk_next(s->bi))
		if (at < n16 && !add_cand(s, at, n16, true))
			return TERCUME_ENOMEM;
	st = tu_srx_set_text(s->srx, s->u16, n16, s->pairs);
	if (st == TERCUME_OK)
		st = tu_srx_extra_breaks(s->srx, &s->extra, &s->n_extra, &s->cap_extra);
	if (st != TERCUME_OK)
		return st;
	for (i = 0; i < s->n_extra; i++)
		if (!add_cand(s, s->extra[i], n16, false))
			return TERCUME_ENOMEM;
	if (s->n_cand > 1)
		qsort(s->cand, s->n_cand, sizeof *s->cand, cand_cmp);
	for (i = 0; i < s->n_cand; i = k) {
		struct cand c = s->cand[i];
		int verdict = -1;

		/* One candidate per white-space run; ICU's sorts first. */
		for (k = i + 1; k < s->n_cand && s->cand[k].from == c.from; k++)
			if (s->cand[k].to > c.to)
				c.to = s->cand[k].to;
		if (c.from == 0 || c.from >= n16)
			continue;
		for (int32_t p = c.from; p <= c.to && p - c.from < MAX_GAP && verdict < 0; p++)
			verdict = tu_srx_decide(s->srx, p);
		if (verdict < 0)
			verdict = c.icu;
		if (verdict == 1) {
			if (!add_span(s, from, c.from, spans, n_spans, cap_spans))
				return TERCUME_ENOMEM;
			from = c.to;
		}
	}
	if (!add_span(s, from, n16, spans, n_spans, cap_spans))
		return TERCUME_ENOMEM;
	return TERCUME_OK;
}

tercume_status
tu_segment_block(tu_segmenter *s, const char *block, size_t len,
		 tu_span **spans, size_t *n_spans, size_t *cap_spans)
{
	UErrorCode err = U_ZERO_ERROR;
	size_t n16 = 0, i = 0;
	int32_t from, to;
	bool pairs = false, ascii = true;

	*n_spans = 0;
	/* At most one UTF-16 unit per byte, plus the end sentinel. */
	if (len >= INT32_MAX || !grow(s, len + 1))
		return len >= INT32_MAX ? TERCUME_EINPUT : TERCUME_ENOMEM;
	while (i < len) {
		UChar32 c;
		size_t j = i;

		/* A run of ASCII, eight bytes at a time: a byte a unit. */
		while (len - j >= 8) {
			const unsigned char *p = (const unsigned char *)block + j;
			UChar *d = s->u16 + n16 + (j - i);
			uint64_t w;

			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ull)
				break;
			/* written out: the compiler makes one widening of it */
			d[0] = p[0], d[1] = p[1], d[2] = p[2], d[3] = p[3];
			d[4] = p[4], d[5] = p[5], d[6] = p[6], d[7] = p[7];
			j += 8;
		}
		while (j < len && (unsigned char)block[j] < 0x80) {
			s->u16[n16 + (j - i)] = (unsigned char)block[j];
			j++;
		}
		if (j > i) {
			/* A line break inside a paragraph is a hard wrap, not
			 * the end of a paragraph (which is what ICU takes CR
			 * and LF for). */
			for (const char *nl = memchr(block + i, '\n', j - i); nl != NULL;
			     nl = memchr(nl + 1, '\n', (size_t)(block + j - nl - 1)))
				s->u16[n16 + (size_t)(nl - block) - i] = ' ';
			for (const char *cr = memchr(block + i, '\r', j - i); cr != NULL;
			     cr = memchr(cr + 1, '\r', (size_t)(block + j - cr - 1)))
				s->u16[n16 + (size_t)(cr - block) - i] = ' ';
			n16 += j - i;
			i = j;
			continue;
		}
		ascii = false;
		/* valid UTF-8: the reader checked it where it entered */
		c = tu_utf8_next(block, len, &i);

		if (U_IS_BMP(c)) {
			s->u16[n16++] = (UChar)c;
		} else {
			pairs = true;
			s->u16[n16++] = U16_LEAD(c);
			s->u16[n16++] = U16_TRAIL(c);
		}
	}
	s->block = block;
	s->pairs = pairs;
	s->ascii = ascii;
	s->at16 = s->at8 = 0;
	ubrk_setText(s->bi, s->u16, (int32_t)n16, &err);
	if (U_FAILURE(err))
		return TERCUME_ENOMEM;
	if (s->srx != NULL && tu_srx_rule_count(s->srx) > 0)
		return srx_segment(s, (int32_t)n16, spans, n_spans, cap_spans);
	from = ubrk_first(s->bi);
	for (to = ubrk_next(s->bi); to != UBRK_DONE; from = to, to = ubrk_next(s->bi))
		if (!add_span(s, from, to, spans, n_spans, cap_spans))
			return TERCUME_ENOMEM;
	return TERCUME_OK;
}
