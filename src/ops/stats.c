/* stats.c — coverage: units and source words by state, counted the way
 * msgfmt --statistics counts units and ICU's word break iterator words. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

/* A word counter: one break iterator and a UTF-16 buffer, reused. */
typedef struct word_counter {
	UBreakIterator *bi;
	UChar *u16;
	int32_t cap;
} word_counter;

static tercume_status
counter_open(word_counter *wc, const char *lang)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[ULOC_FULLNAME_CAPACITY];

	memset(wc, 0, sizeof *wc);
	if (lang == NULL || *lang == '\0')
		lang = "en";
	uloc_forLanguageTag(lang, locale, sizeof locale, NULL, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		return TERCUME_EUSAGE;
	wc->bi = ubrk_open(UBRK_WORD, locale, NULL, 0, &err);
	if (U_FAILURE(err))
		return TERCUME_ENOMEM;
	return TERCUME_OK;
}

static void
counter_close(word_counter *wc)
{
	if (wc->bi)
		ubrk_close(wc->bi);
	free(wc->u16);
}

static tercume_status
counter_count(word_counter *wc, const char *text, unsigned long *count)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	unsigned long words = 0;

	tercume_status st;

	*count = 0;
	st = tu_utf16_into(text, -1, &wc->u16, &wc->cap, &n);
	if (st != TERCUME_OK)
		return st;
	ubrk_setText(wc->bi, wc->u16, n, &err);
	if (U_FAILURE(err))
		return TERCUME_ENOMEM;
	/* Each boundary after the first ends a segment; its rule status says
	 * what the segment was. */
	ubrk_first(wc->bi);
	while (ubrk_next(wc->bi) != UBRK_DONE)
		if (ubrk_getRuleStatus(wc->bi) >= UBRK_WORD_NONE_LIMIT)
			words++;
	*count = words;
	return TERCUME_OK;
}

tercume_status
tercume_word_count(const char *text, const char *lang, unsigned long *count)
{
	word_counter wc;
	tercume_status st;

	char *plain = NULL;

	*count = 0;
	if (text == NULL)
		return TERCUME_EUSAGE;
	if (tu_has_markers(text, strlen(text)) &&
	    (plain = tu_strip_markers(text, strlen(text), NULL)) == NULL)
		return TERCUME_ENOMEM;
	st = counter_open(&wc, lang);
	if (st == TERCUME_OK)
		st = counter_count(&wc, plain ? plain : text, count);
	counter_close(&wc);
	free(plain);
	return st;
}

tercume_state
tercume_entry_effective_state(const tercume_entry *e)
{
	if (e->state == TERCUME_STATE_OBSOLETE)
		return TERCUME_STATE_OBSOLETE;
	if (e->target == NULL || e->target[0] == '\0')
		return TERCUME_STATE_UNTRANSLATED;
	return e->state;
}

tercume_status
tercume_catalog_counts(const tercume_catalog *cat, tercume_counts *counts)
{
	word_counter wc;
	tercume_status st;

	memset(counts, 0, sizeof *counts);
	st = counter_open(&wc, tercume_catalog_source_lang(cat));
	for (size_t i = 0; st == TERCUME_OK && i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		tercume_state s = tercume_entry_effective_state(e);
		unsigned long w = 0;

		if (e->n_source_codes > 0) {
			/* words are the text's: the codes are left out */
			char *plain = tu_strip_markers(e->source, strlen(e->source), NULL);
			st = plain ? counter_count(&wc, plain, &w) : TERCUME_ENOMEM;
			free(plain);
		} else
			st = counter_count(&wc, e->source, &w);
		counts->units[s]++;
		counts->words[s] += w;
	}
	counter_close(&wc);
	return st;
}

void
tercume_counts_add(tercume_counts *sum, const tercume_counts *c)
{
	for (size_t s = 0; s < 4; s++) {
		sum->units[s] += c->units[s];
		sum->words[s] += c->words[s];
	}
}

double
tercume_counts_coverage(const tercume_counts *c, int by_words)
{
	const unsigned long *v = by_words ? c->words : c->units;
	unsigned long all = v[TERCUME_STATE_TRANSLATED] + v[TERCUME_STATE_FUZZY] +
			    v[TERCUME_STATE_UNTRANSLATED];

	if (all == 0)
		return 100.0;
	return 100.0 * (double)v[TERCUME_STATE_TRANSLATED] / (double)all;
}
