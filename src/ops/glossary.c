/* glossary.c — glossaries of terms that must be translated one way (TBX,
 * read with libxml2), and finding their terms in text through the
 * inflections of the text's language.  The `terms` and `spelling` checks
 * (qa.c, doc/check.md) use them.
 *
 * Words are ICU's (the word break iterator of the text's language) and are
 * compared case-folded (ICU full case folding, Turkic for az, tr, crh, tt,
 * kk... see turkic_langs).  A term word is found in a text word through the
 * rules of the text's language, not through a dictionary: the glossary's
 * words are mostly names that no dictionary has (Ханкенди, Зангезурский,
 * Xankəndi), and Azerbaijani has no Debian dictionary at all:
 *   - Russian: the term word and the text word share a stem and each
 *     continues it with nothing or one of Russian's noun and adjective
 *     endings (Карабах ~ Карабаха, Карабахе; Зангезурский ~ Зангезурском);
 *     an abbreviation takes the endings whole (БАМ ~ БАМа); words of fewer
 *     than four letters are only themselves; е and ё are one letter, as
 *     Russian news copy writes them;
 *   - Azerbaijani and the other Turkic languages: the text word is the term
 *     word followed by up to 12 letters of suffixes (Qarabağ ~ Qarabağda,
 *     dəhlizi ~ dəhlizindən), a final k or q becoming y or ğ before them;
 *   - any other language: the term word itself, or with -s, -es, 's. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* ---- languages ---- */

static const char *const turkic_langs[] = {
	"az", "tr", "crh", "tt", "kk", "ky", "uz", "tk", "ba", "gag", NULL
};
static const char *const slavic_langs[] = { "ru", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* The primary language subtag of a BCP 47 tag, lower case ("az" of
 * "az-Latn-AZ"). */
void
tu_lang_primary(const char *tag, char *out, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	for (; tag && tag[n] && tag[n] != '-' && tag[n] != '_' && n + 1 < size; n++)
		out[n] = (char)((tag[n] >= 'A' && tag[n] <= 'Z') ? tag[n] + 32 : tag[n]);
	out[n] = '\0';
}

bool
tu_lang_same(const char *a, const char *b)
{
	char pa[16], pb[16];

	tu_lang_primary(a, pa, sizeof pa);
	tu_lang_primary(b, pb, sizeof pb);
	return pa[0] != '\0' && strcmp(pa, pb) == 0;
}

tu_stem_kind
tu_stem_kind_of(const char *lang)
{
	char p[16];

	tu_lang_primary(lang, p, sizeof p);
	if (in_list(slavic_langs, p))
		return TU_STEM_RUSSIAN;
	if (in_list(turkic_langs, p))
		return TU_STEM_TURKIC;
	return TU_STEM_PLAIN;
}

/* ---- words ---- */

/* Folds s for comparison: full case folding (Turkic dotted and dotless i
 * for the Turkic languages), and ё as е for Russian. */
static tercume_status
fold(const UChar *s, int32_t len, tu_stem_kind kind, UChar **out, int32_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	uint32_t opt = kind == TU_STEM_TURKIC ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT;
	int32_t n = u_strFoldCase(NULL, 0, s, len, opt, &err);
	UChar *f;

	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return TERCUME_EINPUT;
	f = malloc(((size_t)n + 1) * sizeof *f);
	if (f == NULL)
		return TERCUME_ENOMEM;
	err = U_ZERO_ERROR;
	u_strFoldCase(f, n + 1, s, len, opt, &err);
	if (U_FAILURE(err)) {
		free(f);
		return TERCUME_EINPUT;
	}
	if (kind == TU_STEM_RUSSIAN)
		for (int32_t i = 0; i < n; i++)
			if (f[i] == 0x0451)
				f[i] = 0x0435;
	*out = f;
	*out_len = n;
	return TERCUME_OK;
}

static tercume_status
words_add(tu_words *w, const UChar *u, int32_t start, int32_t limit, const int32_t *byte_at,
	  int status, tu_stem_kind kind)
{
	tu_word *x;
	tercume_status st;
	UChar32 c;
	int32_t i = start, letters = 0, upper = 0;

	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		tu_word *v = realloc(w->v, cap * sizeof *v);
		if (v == NULL)
			return TERCUME_ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	x = &w->v[w->n];
	memset(x, 0, sizeof *x);
	st = fold(u + start, limit - start, kind, &x->fold, &x->len);
	if (st != TERCUME_OK)
		return st;
	x->byte_start = (size_t)byte_at[start];
	x->byte_end = (size_t)byte_at[limit];
	x->number = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT;
	U16_GET(u, 0, start, limit, c);
	x->upper_first = u_isupper(c) || u_istitle(c);
	while (i < limit) {
		U16_NEXT(u, i, limit, c);
		if (u_isalpha(c)) {
			letters++;
			if (u_isupper(c))
				upper++;
		}
		if (u_isdigit(c))
			x->has_digit = true;
	}
	x->all_upper = letters >= 2 && upper == letters;
	w->n++;
	return TERCUME_OK;
}

tercume_status
tu_words_split(const char *text, const char *lang, tu_words *out)
{
	tu_wordbreak wb = { 0 };
	tercume_status st = tu_words_split_with(&wb, text, lang, out);

	tu_wordbreak_close(&wb);
	return st;
}

void
tu_wordbreak_close(tu_wordbreak *wb)
{
	if (wb->bi)
		ubrk_close(wb->bi);
	memset(wb, 0, sizeof *wb);
}

tercume_status
tu_words_split_with(tu_wordbreak *wb, const char *text, const char *lang, tu_words *out)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[ULOC_FULLNAME_CAPACITY];
	tu_stem_kind kind = tu_stem_kind_of(lang);
	UBreakIterator *bi = NULL;
	const char *tag = lang ? lang : "und";
	int32_t *byte_at = NULL, len = 0, prev;
	UChar *u = NULL;
	tercume_status st;
	size_t blen = strlen(text);

	memset(out, 0, sizeof *out);
	st = tu_utf16_from_utf8(text, -1, &u, &len);
	if (st != TERCUME_OK)
		return st;
	/* the byte offset of every UTF-16 offset */
	byte_at = malloc(((size_t)len + 1) * sizeof *byte_at);
	if (byte_at == NULL) {
		free(u);
		return TERCUME_ENOMEM;
	}
	for (size_t b = 0, k = 0; b < blen;) {
		int32_t b0 = (int32_t)b;
		UChar32 c = tu_utf8_next(text, blen, &b);

		byte_at[k++] = b0;
		if (c > 0xFFFF)
			byte_at[k++] = b0;
	}
	byte_at[len] = (int32_t)blen;
	if (wb->bi && strcmp(wb->lang, tag) == 0) {
		bi = wb->bi;
		ubrk_setText(bi, u, len, &err);
	} else {
		tu_wordbreak_close(wb);
		uloc_forLanguageTag(tag, locale, sizeof locale, NULL, &err);
		if (U_FAILURE(err))
			snprintf(locale, sizeof locale, "root");
		err = U_ZERO_ERROR;
		bi = ubrk_open(UBRK_WORD, locale, u, len, &err);
		if (U_SUCCESS(err) && strlen(tag) < sizeof wb->lang) {
			/* kept for the next text (a longer tag is opened each time) */
			wb->bi = bi;
			snprintf(wb->lang, sizeof wb->lang, "%s", tag);
		}
	}
	if (U_FAILURE(err)) {
		if (bi && bi != wb->bi)
			ubrk_close(bi);
		bi = NULL;
		st = TERCUME_ENOMEM;
		goto done;
	}
	prev = ubrk_first(bi);
	for (int32_t next = ubrk_next(bi); next != UBRK_DONE && st == TERCUME_OK;
	     prev = next, next = ubrk_next(bi)) {
		int status = ubrk_getRuleStatus(bi);
		if (status >= UBRK_WORD_NONE_LIMIT)
			st = words_add(out, u, prev, next, byte_at, status, kind);
	}
done:
	if (bi && bi != wb->bi)
		ubrk_close(bi);
	free(u);
	free(byte_at);
	if (st != TERCUME_OK)
		tu_words_free(out);
	return st;
}

void
tu_words_free(tu_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].fold);
	free(w->v);
	memset(w, 0, sizeof *w);
}

/* ---- one word of a term in one word of a text ---- */

/* Russian noun and adjective endings (case, number, gender), in the folded
 * spelling (е for ё). */
static const char *const ru_endings[] = {
	"а", "я", "о", "е", "и", "ы", "у", "ю", "ь", "й",
	"ая", "яя", "ое", "ее", "ие", "ые", "ий", "ый", "ой", "ей", "ую", "юю",
	"ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ою", "ею", "ым", "им",
	"ых", "их", "ия", "ии", "ию", "ье", "ья", "ьи", "ью",
	"ами", "ями", "ого", "его", "ому", "ему", "ией", "иям", "иях", "ием",
	"ьей", "ьем", "иями", NULL
};

/* The endings as UTF-16, made once. */
static UChar ru_end16[64][8];
static int32_t ru_end16_len[64];
static size_t n_ru_end16;

static void
ru_endings_init(void)
{
	if (n_ru_end16 > 0)
		return;
	for (size_t i = 0; ru_endings[i] && i < 64; i++) {
		UErrorCode err = U_ZERO_ERROR;
		u_strFromUTF8(ru_end16[i], 8, &ru_end16_len[i], ru_endings[i], -1, &err);
		n_ru_end16 = i + 1;
	}
}

static bool
is_ru_ending(const UChar *s, int32_t n)
{
	if (n == 0)
		return true;
	for (size_t i = 0; i < n_ru_end16; i++)
		if (ru_end16_len[i] == n && memcmp(ru_end16[i], s, (size_t)n * sizeof *s) == 0)
			return true;
	return false;
}

static bool
russian_match(const UChar *w, int32_t wl, const UChar *t, int32_t tl, bool abbreviation)
{
	ru_endings_init();
	/* an abbreviation declines whole: БАМ, БАМа, БАМом */
	if (abbreviation)
		return wl >= tl && memcmp(w, t, (size_t)tl * sizeof *t) == 0 &&
		       is_ru_ending(w + tl, wl - tl);
	if (tl < 4)
		return wl == tl && memcmp(w, t, (size_t)tl * sizeof *t) == 0;
	/* every way of reading t as stem + ending (or no ending) */
	for (int32_t e = 0; e <= 4 && tl - e >= 3; e++) {
		int32_t sl = tl - e;

		if (!is_ru_ending(t + sl, e))
			continue;
		if (wl >= sl && memcmp(w, t, (size_t)sl * sizeof *t) == 0 &&
		    is_ru_ending(w + sl, wl - sl))
			return true;
	}
	return false;
}

static bool
all_letters(const UChar *s, int32_t n)
{
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		if (!u_isalpha(c))
			return false;
	}
	return true;
}

#define TURKIC_MAX_SUFFIX 12

static bool
turkic_match(const UChar *w, int32_t wl, const UChar *t, int32_t tl)
{
	int32_t sl = tl;

	if (wl == tl && memcmp(w, t, (size_t)tl * sizeof *t) == 0)
		return true;
	if (tl < 3)
		return false;
	if (wl > tl && memcmp(w, t, (size_t)tl * sizeof *t) == 0)
		return wl - tl <= TURKIC_MAX_SUFFIX && all_letters(w + tl, wl - tl);
	/* a final k or q voiced before a vowel: Bəyannamək-, Qonaq ~ qonağı */
	if ((t[tl - 1] == 'k' || t[tl - 1] == 'q') && wl > tl &&
	    memcmp(w, t, (size_t)(tl - 1) * sizeof *t) == 0 &&
	    (w[tl - 1] == 'y' || w[tl - 1] == 0x011F))
		return wl - sl <= TURKIC_MAX_SUFFIX && all_letters(w + tl, wl - tl);
	return false;
}

static bool
plain_match(const UChar *w, int32_t wl, const UChar *t, int32_t tl)
{
	int32_t r = wl - tl;

	if (wl < tl || memcmp(w, t, (size_t)tl * sizeof *t) != 0)
		return false;
	if (r == 0)
		return true;
	w += tl;
	if (r == 1)
		return w[0] == 's' || w[0] == '\'' || w[0] == 0x2019;
	if (r == 2)
		return (w[0] == 'e' && w[1] == 's') ||
		       ((w[0] == '\'' || w[0] == 0x2019) && w[1] == 's');
	return false;
}

bool
tu_word_match(tu_stem_kind kind, const tu_word *text_word, const tu_word *term_word)
{
	const UChar *w = text_word->fold, *t = term_word->fold;
	int32_t wl = text_word->len, tl = term_word->len;

	switch (kind) {
	case TU_STEM_RUSSIAN:
		return russian_match(w, wl, t, tl, term_word->all_upper);
	case TU_STEM_TURKIC:
		return turkic_match(w, wl, t, tl);
	case TU_STEM_PLAIN:
		break;
	}
	return plain_match(w, wl, t, tl);
}

size_t
tu_term_find(tu_stem_kind kind, const tu_words *text, size_t from, const tu_term *term)
{
	size_t k = term->words.n;

	if (k == 0)
		return (size_t)-1;
	for (size_t i = from; i + k <= text->n; i++) {
		size_t j = 0;
		while (j < k && tu_word_match(kind, &text->v[i + j], &term->words.v[j]))
			j++;
		if (j == k)
			return i;
	}
	return (size_t)-1;
}

/* ---- reading TBX ---- */

#define TBX3_NS "urn:iso:std:iso:30042:ed-2"
#define TBX3_NS_OLD "urn:iso:std:iso:30042:ed-1"

typedef struct reader {
	const char *path;
	tercume_reporter *rep;
	tercume_glossary *g;
} reader;

static bool
is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       (n->ns == NULL || strcmp((const char *)n->ns->href, TBX3_NS) == 0 ||
		strcmp((const char *)n->ns->href, TBX3_NS_OLD) == 0);
}

static unsigned long
line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned long)l : 0;
}

/* The text of n with every run of whitespace made one space and none at
 * either end; malloc'd. */
static char *
clean_text(const xmlNode *n)
{
	xmlChar *raw = xmlNodeGetContent(n);
	tu_buf b = TU_BUF_INIT;
	bool space = false;
	char *s = NULL;

	if (raw == NULL)
		return tu_strdup("");
	for (const xmlChar *p = raw; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			tu_buf_putc(&b, ' ');
		space = false;
		tu_buf_putc(&b, (char)*p);
	}
	xmlFree(raw);
	if (tu_buf_finish(&b, &s, NULL) != TERCUME_OK)
		return NULL;
	return s ? s : tu_strdup("");
}

/* The status a termNote gives a term, or -1 for a value not known. */
static int
status_of(const char *type, const char *value)
{
	static const struct { const char *value; tu_term_status status; } values[] = {
		{ "preferredTerm-admn-sts", TU_TERM_PREFERRED },
		{ "admittedTerm-admn-sts", TU_TERM_ADMITTED },
		{ "deprecatedTerm-admn-sts", TU_TERM_DEPRECATED },
		{ "supersededTerm-admn-sts", TU_TERM_DEPRECATED },
		{ "legalTerm-admn-sts", TU_TERM_PREFERRED },
		{ "regulatedTerm-admn-sts", TU_TERM_PREFERRED },
		{ "standardizedTerm-admn-sts", TU_TERM_PREFERRED },
		{ "preferred", TU_TERM_PREFERRED },
		{ "admitted", TU_TERM_ADMITTED },
		{ "notRecommended", TU_TERM_DEPRECATED },
		{ "obsolete", TU_TERM_DEPRECATED },
		{ "deprecated", TU_TERM_DEPRECATED },
		{ "superseded", TU_TERM_DEPRECATED },
	};

	(void)type;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		if (strcmp(values[i].value, value) == 0)
			return (int)values[i].status;
	return -1;
}

static bool
is_status_note(const xmlNode *n, char **type_out)
{
	xmlChar *type;
	bool yes;

	if (!is_el(n, "termNote"))
		return false;
	type = xmlGetProp(n, (const xmlChar *)"type");
	yes = type && (strcmp((const char *)type, "administrativeStatus") == 0 ||
		       strcmp((const char *)type, "normativeAuthorization") == 0 ||
		       strcmp((const char *)type, "usageStatus") == 0);
	if (yes && type_out)
		*type_out = tu_strdup((const char *)type);
	xmlFree(type);
	return yes;
}

static tercume_status
add_term(reader *rd, tu_concept *c, const char *lang, const xmlNode *term_el,
	 const xmlNode *notes_parent)
{
	tu_term *t;
	char *text;
	int status = TU_TERM_ADMITTED;
	tercume_status st;

	text = clean_text(term_el);
	if (text == NULL)
		return TERCUME_ENOMEM;
	if (text[0] == '\0') {
		tu_error(rd->rep, rd->path, line_of(term_el), 0, "<term> is empty");
		free(text);
		return TERCUME_EINPUT;
	}
	for (const xmlNode *n = notes_parent->children; n; n = n->next) {
		char *type = NULL, *value;

		if (!is_status_note(n, &type))
			continue;
		value = clean_text(n);
		status = value ? status_of(type, value) : -1;
		if (status < 0 && value)
			tu_error(rd->rep, rd->path, line_of(n), 0,
				 "termNote type=\"%s\": unknown status '%s' (preferredTerm-admn-sts, "
				 "admittedTerm-admn-sts, deprecatedTerm-admn-sts, …)", type, value);
		free(type);
		free(value);
		if (status < 0) {
			free(text);
			return value ? TERCUME_EINPUT : TERCUME_ENOMEM;
		}
	}
	if (c->n_terms == c->cap_terms) {
		size_t cap = c->cap_terms ? 2 * c->cap_terms : 4;
		tu_term *v = realloc(c->terms, cap * sizeof *v);
		if (v == NULL) {
			free(text);
			return TERCUME_ENOMEM;
		}
		c->terms = v;
		c->cap_terms = cap;
	}
	t = &c->terms[c->n_terms];
	memset(t, 0, sizeof *t);
	t->text = text;
	t->lang = tu_strdup(lang);
	t->status = (tu_term_status)status;
	t->line = line_of(term_el);
	if (t->lang == NULL) {
		free(text);
		return TERCUME_ENOMEM;
	}
	c->n_terms++;
	st = tu_words_split(text, lang, &t->words);
	if (st == TERCUME_OK && t->words.n == 0) {
		tu_error(rd->rep, rd->path, t->line, 0, "<term> \"%s\" has no word in it", text);
		st = TERCUME_EINPUT;
	}
	return st;
}

/* A TBX 3 <termSec>, or a TBX 2 <tig> or <ntig> (whose term and notes are
 * in a <termGrp>). */
static tercume_status
read_term_holder(reader *rd, tu_concept *c, const char *lang, const xmlNode *holder)
{
	const xmlNode *grp = holder, *term = NULL;

	if (is_el(holder, "ntig"))
		for (const xmlNode *n = holder->children; n; n = n->next)
			if (is_el(n, "termGrp"))
				grp = n;
	for (const xmlNode *n = grp->children; n; n = n->next)
		if (is_el(n, "term")) {
			if (term) {
				tu_error(rd->rep, rd->path, line_of(n), 0, "<%s> has a second <term>",
					 (const char *)holder->name);
				return TERCUME_EINPUT;
			}
			term = n;
		}
	if (term == NULL) {
		tu_error(rd->rep, rd->path, line_of(holder), 0, "<%s> has no <term>",
			 (const char *)holder->name);
		return TERCUME_EINPUT;
	}
	return add_term(rd, c, lang, term, grp);
}

static tercume_status
read_lang(reader *rd, tu_concept *c, const xmlNode *ls)
{
	xmlChar *lang = xmlNodeGetLang(ls);
	tercume_status st = TERCUME_OK;
	size_t before = c->n_terms;

	if (lang == NULL || lang[0] == '\0') {
		tu_error(rd->rep, rd->path, line_of(ls), 0, "<%s> has no xml:lang",
			 (const char *)ls->name);
		xmlFree(lang);
		return TERCUME_EINPUT;
	}
	for (const xmlNode *n = ls->children; n && st == TERCUME_OK; n = n->next)
		if (is_el(n, "termSec") || is_el(n, "tig") || is_el(n, "ntig"))
			st = read_term_holder(rd, c, (const char *)lang, n);
	if (st == TERCUME_OK && c->n_terms == before) {
		tu_error(rd->rep, rd->path, line_of(ls), 0, "<%s xml:lang=\"%s\"> has no term",
			 (const char *)ls->name, (const char *)lang);
		st = TERCUME_EINPUT;
	}
	xmlFree(lang);
	return st;
}

static tercume_status
read_concept(reader *rd, const xmlNode *ce)
{
	tercume_glossary *g = rd->g;
	tu_concept *c;
	xmlChar *id;
	tercume_status st = TERCUME_OK;

	if (g->n == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 16;
		tu_concept *v = realloc(g->concepts, cap * sizeof *v);
		if (v == NULL)
			return TERCUME_ENOMEM;
		g->concepts = v;
		g->cap = cap;
	}
	c = &g->concepts[g->n++];
	memset(c, 0, sizeof *c);
	c->line = line_of(ce);
	id = xmlGetProp(ce, (const xmlChar *)"id");
	c->id = tu_strdup(id ? (const char *)id : "");
	xmlFree(id);
	if (c->id == NULL)
		return TERCUME_ENOMEM;
	for (const xmlNode *n = ce->children; n && st == TERCUME_OK; n = n->next)
		if (is_el(n, "langSec") || is_el(n, "langSet"))
			st = read_lang(rd, c, n);
	if (st == TERCUME_OK && c->n_terms == 0) {
		tu_error(rd->rep, rd->path, c->line, 0, "<%s id=\"%s\"> has no language section",
			 (const char *)ce->name, c->id);
		st = TERCUME_EINPUT;
	}
	return st;
}

static const xmlNode *
child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

tercume_status
tercume_glossary_read(tercume_glossary **out, const char *path, tercume_reporter *rep)
{
	xmlDocPtr doc = NULL;
	const xmlNode *root, *body;
	tercume_status st;
	reader rd;

	*out = NULL;
	st = tu_xml_parse(path, 0, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	memset(&rd, 0, sizeof rd);
	rd.path = path;
	rd.rep = rep;
	rd.g = calloc(1, sizeof *rd.g);
	if (rd.g == NULL || (rd.g->path = tu_strdup(path)) == NULL) {
		st = TERCUME_ENOMEM;
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !(is_el(root, "tbx") || is_el(root, "martif"))) {
		tu_error(rep, path, root ? line_of(root) : 0, 0,
			 "not a TBX glossary: the root element is <%s>, not <tbx> (TBX 3) or "
			 "<martif> (TBX 2)", root ? (const char *)root->name : "");
		st = TERCUME_EINPUT;
		goto done;
	}
	body = child(child(root, "text"), "body");
	if (body == NULL) {
		tu_error(rep, path, line_of(root), 0, "no <text><body> in the glossary");
		st = TERCUME_EINPUT;
		goto done;
	}
	for (const xmlNode *n = body->children; n && st == TERCUME_OK; n = n->next)
		if (is_el(n, "conceptEntry") || is_el(n, "termEntry"))
			st = read_concept(&rd, n);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, path, 0, 0, "out of memory reading the glossary");
done:
	xmlFreeDoc(doc);
	if (st != TERCUME_OK) {
		tercume_glossary_free(rd.g);
		return st;
	}
	*out = rd.g;
	return TERCUME_OK;
}

void
tercume_glossary_free(tercume_glossary *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n; i++) {
		tu_concept *c = &g->concepts[i];
		for (size_t k = 0; k < c->n_terms; k++) {
			free(c->terms[k].text);
			free(c->terms[k].lang);
			tu_words_free(&c->terms[k].words);
		}
		free(c->terms);
		free(c->id);
	}
	free(g->concepts);
	free(g->path);
	free(g);
}

size_t
tercume_glossary_concept_count(const tercume_glossary *g)
{
	return g ? g->n : 0;
}

size_t
tercume_glossary_term_count(const tercume_glossary *g, const char *lang)
{
	size_t n = 0;

	for (size_t i = 0; g && i < g->n; i++)
		for (size_t k = 0; k < g->concepts[i].n_terms; k++)
			if (lang == NULL || tu_lang_same(g->concepts[i].terms[k].lang, lang))
				n++;
	return n;
}
