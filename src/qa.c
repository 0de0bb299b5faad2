/* qa.c — quality checks over a catalogue's translations, and the
 * comparison of a catalogue with its article.  doc/check.md describes each
 * check. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

enum {
	CK_NUMBERS,
	CK_QUOTES,
	CK_QUOTE_STYLE,
	CK_END_PUNCT,
	CK_WHITESPACE,
	CK_DOUBLE_SPACE,
	CK_IDENTICAL,
	CK_PLACEHOLDERS,
	CK_CODES,
	CK_MISSING,
	CK_EXTRA,
	CK_STALE,
	N_CHECKS
};

static const tercume_check_info checks[N_CHECKS] = {
	[CK_NUMBERS] = { "numbers", TERCUME_SEV_ERROR,
		"every number of the source appears in the translation" },
	[CK_QUOTES] = { "quotes", TERCUME_SEV_ERROR,
		"quotation marks are balanced over each paragraph" },
	[CK_QUOTE_STYLE] = { "quote-style", TERCUME_SEV_WARNING,
		"quotation marks are the target language's" },
	[CK_END_PUNCT] = { "end-punctuation", TERCUME_SEV_WARNING,
		"the sentence ends like the source (a question stays a question)" },
	[CK_WHITESPACE] = { "whitespace", TERCUME_SEV_WARNING,
		"leading and trailing whitespace as in the source" },
	[CK_DOUBLE_SPACE] = { "double-space", TERCUME_SEV_WARNING,
		"no doubled spaces the source does not have" },
	[CK_IDENTICAL] = { "identical", TERCUME_SEV_WARNING,
		"the translation is not a copy of the source, unless marked as intended" },
	[CK_PLACEHOLDERS] = { "placeholders", TERCUME_SEV_ERROR,
		"placeholders and inline codes (%s, {0}, <b>, &amp;) are kept" },
	[CK_CODES] = { "codes", TERCUME_SEV_ERROR,
		"inline codes (doc/rich-text.md): none missing, extra or duplicated, pairs "
		"closed and nested, none moved against canReorder, translate=\"no\" text kept" },
	[CK_MISSING] = { "missing", TERCUME_SEV_ERROR,
		"with --segments: every unit of the article is in the catalogue" },
	[CK_EXTRA] = { "extra", TERCUME_SEV_WARNING,
		"with --segments: the catalogue has no unit the article has lost" },
	[CK_STALE] = { "stale", TERCUME_SEV_ERROR,
		"with --segments: the recorded source still matches the article" },
};

size_t tercume_check_count(void) { return N_CHECKS; }

const tercume_check_info *
tercume_check_at(size_t i)
{
	return i < N_CHECKS ? &checks[i] : NULL;
}

const tercume_check_info *
tercume_check_find(const char *name)
{
	for (size_t i = 0; i < N_CHECKS; i++)
		if (strcmp(checks[i].name, name) == 0)
			return &checks[i];
	return NULL;
}

/* The comment that marks a translation identical to its source as meant. */
#define IDENTICAL_MARK "tercume:identical"

/* ---- text as code points ---- */

typedef struct cps {
	UChar32 *c;
	size_t n;
} cps;

/* The text's code points without its inline codes: the checks of text
 * read the sentence as a reader would, and the "codes" check reads the
 * codes. */
static tercume_status
decode(const char *s, cps *out)
{
	out->c = tu_utf8_decode(s, strlen(s), false, &out->n);
	return out->c ? TERCUME_OK : TERCUME_ENOMEM;
}

/* Appends c as UTF-8 to buf (size at least 5 bytes free). */
static size_t
put_cp(char *buf, size_t at, UChar32 c)
{
	int32_t i = 0;
	uint8_t tmp[4];

	U8_APPEND_UNSAFE(tmp, i, c);
	memcpy(buf + at, tmp, (size_t)i);
	buf[at + (size_t)i] = '\0';
	return at + (size_t)i;
}

static bool
is_space(UChar32 c)
{
	return u_isUWhiteSpace(c);
}

/* ---- the run: options resolved ---- */

#define MAX_PAIRS 6

typedef struct qpair {
	UChar32 open, close;
} qpair;

typedef struct qa {
	const tercume_catalog *cat;
	const tercume_check_options *opts;
	tercume_check_result *res;
	const char *file;
	bool enabled[N_CHECKS];
	tercume_severity sev[N_CHECKS];
	/* number symbols */
	UChar32 src_group, src_dec, tgt_group, tgt_dec;
	/* the target language's quotation marks */
	qpair allowed[MAX_PAIRS];
	size_t n_allowed;
	char allowed_desc[64];
} qa;

static void
finding(qa *q, int ck, const tercume_entry *e, const char *fmt, ...) TU_PRINTF(4, 5);

static void
finding(qa *q, int ck, const tercume_entry *e, const char *fmt, ...)
{
	char msg[1024];
	tercume_finding f;
	va_list ap;

	if (!q->enabled[ck])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	f.severity = q->sev[ck];
	f.check = checks[ck].name;
	f.file = q->file;
	f.line = e ? e->line : 0;
	f.unit = e ? e->id : NULL;
	f.message = msg;
	if (f.severity == TERCUME_SEV_ERROR)
		q->res->errors++;
	else
		q->res->warnings++;
	if (q->opts->fn)
		q->opts->fn(&f, q->opts->user);
}

static bool
in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static tercume_status
check_names(const char *const *list, tercume_reporter *rep)
{
	for (; list && *list; list++)
		if (tercume_check_find(*list) == NULL) {
			tu_error(rep, NULL, 0, 0, "unknown check '%s'", *list);
			return TERCUME_EUSAGE;
		}
	return TERCUME_OK;
}

static void
to_locale(const char *lang, char *locale, size_t size)
{
	UErrorCode err = U_ZERO_ERROR;

	uloc_forLanguageTag(lang ? lang : "und", locale, (int32_t)size, NULL, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
		snprintf(locale, size, "root");
}

static UChar32
number_symbol(UNumberFormat *nf, UNumberFormatSymbol which, UChar32 fallback)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar buf[8];
	int32_t n;
	UChar32 c;

	if (nf == NULL)
		return fallback;
	n = unum_getSymbol(nf, which, buf, 8, &err);
	if (U_FAILURE(err) || n < 1)
		return fallback;
	U16_GET(buf, 0, 0, n, c);
	return c;
}

static void
number_symbols(const char *lang, UChar32 *group, UChar32 *dec)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[ULOC_FULLNAME_CAPACITY];
	UNumberFormat *nf;

	to_locale(lang, locale, sizeof locale);
	nf = unum_open(UNUM_DECIMAL, NULL, 0, locale, NULL, &err);
	if (U_FAILURE(err))
		nf = NULL;
	*group = number_symbol(nf, UNUM_GROUPING_SEPARATOR_SYMBOL, ',');
	*dec = number_symbol(nf, UNUM_DECIMAL_SEPARATOR_SYMBOL, '.');
	if (nf)
		unum_close(nf);
}

/* Languages whose media commonly write straight ASCII double quotes, which
 * the quotes checks then accept beside CLDR's delimiters. */
static const char *const straight_quote_langs[] = { "az", NULL };

static void
add_pair(qa *q, UChar32 open, UChar32 close)
{
	size_t at;

	if (open <= 0 || close <= 0 || q->n_allowed == MAX_PAIRS)
		return;
	for (size_t i = 0; i < q->n_allowed; i++)
		if (q->allowed[i].open == open && q->allowed[i].close == close)
			return;
	q->allowed[q->n_allowed].open = open;
	q->allowed[q->n_allowed].close = close;
	q->n_allowed++;
	at = strlen(q->allowed_desc);
	if (at + 16 >= sizeof q->allowed_desc)
		return;
	if (at > 0) {
		strcpy(q->allowed_desc + at, ", ");
		at += 2;
	}
	at = put_cp(q->allowed_desc, at, open);
	at = put_cp(q->allowed_desc, at, 0x2026);
	put_cp(q->allowed_desc, at, close);
}

static UChar32
delimiter(ULocaleData *ld, ULocaleDataDelimiterType type)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar buf[8];
	int32_t n = ulocdata_getDelimiter(ld, type, buf, 8, &err);
	UChar32 c;

	if (U_FAILURE(err) || n < 1)
		return 0;
	U16_GET(buf, 0, 0, n, c);
	return c;
}

static void
quote_delimiters(qa *q, const char *lang)
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[ULOC_FULLNAME_CAPACITY], base[16];
	ULocaleData *ld;

	to_locale(lang, locale, sizeof locale);
	ld = ulocdata_open(locale, &err);
	if (U_SUCCESS(err)) {
		add_pair(q, delimiter(ld, ULOCDATA_QUOTATION_START), delimiter(ld, ULOCDATA_QUOTATION_END));
		add_pair(q, delimiter(ld, ULOCDATA_ALT_QUOTATION_START),
			 delimiter(ld, ULOCDATA_ALT_QUOTATION_END));
		ulocdata_close(ld);
	}
	err = U_ZERO_ERROR;
	uloc_getLanguage(locale, base, sizeof base, &err);
	if (U_SUCCESS(err) && in_list(straight_quote_langs, base))
		add_pair(q, '"', '"');
	if (q->n_allowed == 0) {
		add_pair(q, 0x201C, 0x201D);
		add_pair(q, 0x2018, 0x2019);
	}
}

/* ---- numbers ---- */

#define MAX_GROUPS 8
#define GROUP_LEN 24

/* A run of digits joined by single separators: "2,000", "3.5", "22.02.2022". */
typedef struct numtok {
	char text[64];			/* as written, for messages */
	size_t n;
	char group[MAX_GROUPS][GROUP_LEN];	/* ASCII digits */
	UChar32 sep[MAX_GROUPS];	/* sep[i] comes before group[i + 1] */
} numtok;

static bool
is_digit(UChar32 c)
{
	return u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

static bool
is_num_sep(UChar32 c)
{
	switch (c) {
	case ',': case '.': case ' ': case '\'':
	case 0x00A0: case 0x202F: case 0x2009: case 0x2019:
	case 0x066B: case 0x066C:
		return true;
	}
	return false;
}

/* Reads the number token starting at t->c[*i] (a digit). */
static void
read_numtok(const cps *t, size_t *i, numtok *tok)
{
	size_t len = 0, tl = 0;

	memset(tok, 0, sizeof *tok);
	tok->n = 1;
	while (*i < t->n) {
		UChar32 c = t->c[*i];
		if (is_digit(c)) {
			if (len + 1 < GROUP_LEN)
				tok->group[tok->n - 1][len++] = (char)('0' + u_charDigitValue(c));
		} else if (is_num_sep(c) && *i + 1 < t->n && is_digit(t->c[*i + 1]) &&
			   tok->n < MAX_GROUPS) {
			tok->sep[tok->n - 1] = c;
			tok->n++;
			len = 0;
		} else
			break;
		if (tl + 5 < sizeof tok->text)
			tl = put_cp(tok->text, tl, c);
		(*i)++;
	}
}

/* Canonical form of digits: leading zeros of the integer part and trailing
 * zeros of the fraction dropped: "002" -> "2", "3.50" -> "3.5". */
static void
canonical(const char *intpart, const char *frac, char *out, size_t size)
{
	size_t fl;

	while (intpart[0] == '0' && intpart[1] != '\0')
		intpart++;
	fl = strlen(frac);
	while (fl > 0 && frac[fl - 1] == '0')
		fl--;
	if (fl > 0)
		snprintf(out, size, "%s.%.*s", intpart, (int)fl, frac);
	else
		snprintf(out, size, "%s", intpart);
}

/* Reads tok as one number whose grouping separator is one of groups and
 * decimal separator dec.  Returns false when it is not one. */
static bool
interpret(const numtok *tok, const UChar32 *groups, size_t n_groups, UChar32 dec,
	  char *out, size_t size)
{
	char intpart[MAX_GROUPS * GROUP_LEN] = "";
	const char *frac = "";
	bool grouped = false;

	strcpy(intpart, tok->group[0]);
	for (size_t g = 1; g < tok->n; g++) {
		UChar32 s = tok->sep[g - 1];
		bool is_group = false;

		for (size_t k = 0; k < n_groups; k++)
			if (groups[k] == s)
				is_group = true;
		if (s == dec && !is_group) {
			if (g != tok->n - 1)
				return false;	/* a decimal separator, then more */
			frac = tok->group[g];
		} else if (is_group) {
			if (strlen(tok->group[g]) != 3)
				return false;
			grouped = true;
			strcat(intpart, tok->group[g]);
		} else
			return false;
	}
	if (grouped && (strlen(tok->group[0]) > 3 || strlen(tok->group[0]) == 0))
		return false;
	canonical(intpart, frac, out, size);
	return true;
}

typedef struct numset {
	char (*v)[MAX_GROUPS * GROUP_LEN + 2];
	const char **text;	/* as written, parallel to v */
	size_t n, cap;
} numset;

static bool
numset_has(const numset *s, const char *v)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], v) == 0)
			return true;
	return false;
}

static tercume_status
numset_add(numset *s, const char *v, const char *text)
{
	if (numset_has(s, v))
		return TERCUME_OK;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 8;
		void *p = realloc(s->v, cap * sizeof *s->v);
		if (p == NULL)
			return TERCUME_ENOMEM;
		s->v = p;
		p = realloc((void *)s->text, cap * sizeof *s->text);
		if (p == NULL)
			return TERCUME_ENOMEM;
		s->text = p;
		s->cap = cap;
	}
	snprintf(s->v[s->n], sizeof s->v[s->n], "%s", v);
	s->text[s->n] = text;
	s->n++;
	return TERCUME_OK;
}

static void
numset_free(numset *s)
{
	free(s->v);
	free((void *)s->text);
}

/* Every number of the source, or (for a target) every reading of every
 * number the target's or the source's conventions allow. */
static tercume_status
collect_numbers(const qa *q, const cps *t, bool target, numset *set,
		numtok **toks, size_t *n_toks)
{
	const UChar32 spaces[] = { ' ', 0x00A0, 0x202F, 0x2009 };
	UChar32 tgroups[6], sgroups[1];
	size_t i = 0, cap = 0;
	tercume_status st = TERCUME_OK;
	char v[MAX_GROUPS * GROUP_LEN + 2];

	tgroups[0] = q->tgt_group;
	memcpy(tgroups + 1, spaces, sizeof spaces);
	tgroups[5] = 0x2019;
	sgroups[0] = q->src_group;
	*toks = NULL;
	*n_toks = 0;
	while (i < t->n && st == TERCUME_OK) {
		numtok *tok;
		bool whole;

		if (!is_digit(t->c[i])) {
			i++;
			continue;
		}
		if (*n_toks == cap) {
			size_t c2 = cap ? 2 * cap : 8;
			numtok *p = realloc(*toks, c2 * sizeof *p);
			if (p == NULL)
				return TERCUME_ENOMEM;
			*toks = p;
			cap = c2;
		}
		tok = &(*toks)[(*n_toks)++];
		read_numtok(t, &i, tok);
		whole = interpret(tok, sgroups, 1, q->src_dec, v, sizeof v);
		if (whole)
			st = numset_add(set, v, tok->text);
		if (target) {
			if (interpret(tok, tgroups, 6, q->tgt_dec, v, sizeof v))
				st = numset_add(set, v, tok->text);
			whole = false;
		}
		/* Not one number (a date, a range written with dots): its parts. */
		for (size_t g = 0; !whole && g < tok->n && st == TERCUME_OK; g++) {
			canonical(tok->group[g], "", v, sizeof v);
			st = numset_add(set, v, tok->text);
		}
	}
	return st;
}

static tercume_status
check_numbers(qa *q, const tercume_entry *e, const cps *src, const cps *tgt)
{
	numset s = { 0 }, t = { 0 };
	numtok *stoks = NULL, *ttoks = NULL;
	size_t ns, nt;
	tercume_status st;

	st = collect_numbers(q, src, false, &s, &stoks, &ns);
	if (st == TERCUME_OK)
		st = collect_numbers(q, tgt, true, &t, &ttoks, &nt);
	for (size_t i = 0; st == TERCUME_OK && i < s.n; i++)
		if (!numset_has(&t, s.v[i]))
			finding(q, CK_NUMBERS, e, "the number %s of the source is not in the translation",
				s.text[i]);
	numset_free(&s);
	numset_free(&t);
	free(stoks);
	free(ttoks);
	return st;
}

/* ---- quotation marks ---- */

/* Quotation marks in use around the world, for text in a style other than
 * the target language's. */
static const qpair known_pairs[] = {
	{ '"', '"' }, { 0x201C, 0x201D }, { 0x2018, 0x2019 }, { 0x00AB, 0x00BB },
	{ 0x201E, 0x201C }, { 0x201E, 0x201D }, { 0x201A, 0x2018 }, { 0x2039, 0x203A },
	{ 0x300C, 0x300D }, { 0x300E, 0x300F },
};
#define N_KNOWN (sizeof known_pairs / sizeof known_pairs[0])

static bool
is_quote(UChar32 c)
{
	for (size_t i = 0; i < N_KNOWN; i++)
		if (known_pairs[i].open == c || known_pairs[i].close == c)
			return true;
	return c == 0x00BB || c == 0x201F;
}

static bool
is_allowed_quote(const qa *q, UChar32 c)
{
	for (size_t i = 0; i < q->n_allowed; i++)
		if (q->allowed[i].open == c || q->allowed[i].close == c)
			return true;
	return false;
}

/* An apostrophe rather than a closing quotation mark: ’ inside a word
 * (Azerbaijan’s, O’Brien). */
static bool
is_apostrophe(const cps *t, size_t i)
{
	return t->c[i] == 0x2019 && i > 0 && u_isalpha(t->c[i - 1]) &&
	       i + 1 < t->n && u_isalpha(t->c[i + 1]);
}

typedef struct qopen {
	UChar32 open, close;
	size_t entry;		/* index into the group */
} qopen;

typedef struct qstack {
	qopen *v;
	size_t n, cap;
} qstack;

static const qpair *
find_opener(const qpair *pairs, size_t n, UChar32 c)
{
	for (size_t i = 0; i < n; i++)
		if (pairs[i].open == c)
			return &pairs[i];
	return NULL;
}

/* Scans one text of a paragraph for quotation marks.  Problems are counted
 * and, when report is set, reported against e. */
static tercume_status
scan_quotes(qa *q, const qpair *pairs, size_t n_pairs, const cps *t, qstack *stk,
	    size_t entry, const tercume_entry *e, bool report, unsigned long *problems)
{
	char a[8], b[8];

	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->c[i];
		const qpair *p;

		if (!is_quote(c) || is_apostrophe(t, i))
			continue;
		if (stk->n > 0 && stk->v[stk->n - 1].close == c) {
			stk->n--;
			continue;
		}
		if ((p = find_opener(pairs, n_pairs, c)) != NULL ||
		    (p = find_opener(known_pairs, N_KNOWN, c)) != NULL) {
			if (stk->n == stk->cap) {
				size_t cap = stk->cap ? 2 * stk->cap : 8;
				qopen *v = realloc(stk->v, cap * sizeof *v);
				if (v == NULL)
					return TERCUME_ENOMEM;
				stk->v = v;
				stk->cap = cap;
			}
			stk->v[stk->n].open = p->open;
			stk->v[stk->n].close = p->close;
			stk->v[stk->n].entry = entry;
			stk->n++;
			continue;
		}
		/* A closing mark that is not the innermost one expected. */
		size_t k = stk->n;
		while (k > 0 && stk->v[k - 1].close != c)
			k--;
		if (k == 0) {
			/* A lone ’ after a word is a possessive apostrophe. */
			if (c == 0x2019 && i > 0 && u_isalpha(t->c[i - 1]))
				continue;
			(*problems)++;
			if (report) {
				put_cp(a, 0, c);
				finding(q, CK_QUOTES, e, "closing quotation mark %s has no opening mark "
					"in this paragraph", a);
			}
			continue;
		}
		(*problems)++;
		if (report) {
			put_cp(a, 0, c);
			put_cp(b, 0, stk->v[stk->n - 1].open);
			finding(q, CK_QUOTES, e, "quotation mark %s closes a quotation while the "
				"one opened with %s inside it is still open", a, b);
		}
		stk->n = k - 1;
	}
	return TERCUME_OK;
}

static void
check_quote_style(qa *q, const tercume_entry *e, const cps *t)
{
	char bad[32] = "";
	size_t at = 0;

	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->c[i];
		if (!is_quote(c) || is_allowed_quote(q, c) || is_apostrophe(t, i))
			continue;
		if (c == 0x2019 && i > 0 && u_isalpha(t->c[i - 1]))
			continue;
		char one[8];
		put_cp(one, 0, c);
		if (strstr(bad, one) == NULL && at + 8 < sizeof bad) {
			if (at > 0)
				bad[at++] = ' ';
			at = put_cp(bad, at, c);
		}
	}
	if (at > 0)
		finding(q, CK_QUOTE_STYLE, e, "quotation marks %s are not the target language's (%s)",
			bad, q->allowed_desc);
}

/* ---- sentence-final punctuation ---- */

enum { END_NONE, END_STOP, END_QUESTION, END_EXCLAMATION, END_ELLIPSIS, END_COLON, END_SEMICOLON };
static const char *const end_names[] = {
	"no punctuation", "a full stop", "a question mark", "an exclamation mark",
	"an ellipsis", "a colon", "a semicolon",
};

static int
end_class(const cps *t)
{
	size_t n = t->n;

	while (n > 0 && (is_space(t->c[n - 1]) || is_quote(t->c[n - 1]) ||
			 t->c[n - 1] == ')' || t->c[n - 1] == ']' || t->c[n - 1] == '\''))
		n--;
	if (n == 0)
		return END_NONE;
	switch (t->c[n - 1]) {
	case '.':
		if (n >= 3 && t->c[n - 2] == '.' && t->c[n - 3] == '.')
			return END_ELLIPSIS;
		return END_STOP;
	case 0x3002: case 0x0964: case 0x06D4: case 0xFF0E:
		return END_STOP;
	case '?': case 0xFF1F: case 0x061F: case 0x037E: case 0x055E:
		return END_QUESTION;
	case '!': case 0xFF01:
		return END_EXCLAMATION;
	case 0x2026:
		return END_ELLIPSIS;
	case ':': case 0xFF1A:
		return END_COLON;
	case ';': case 0xFF1B: case 0x061B:
		return END_SEMICOLON;
	}
	return END_NONE;
}

static void
check_end_punct(qa *q, const tercume_entry *e, const cps *src, const cps *tgt)
{
	int a = end_class(src), b = end_class(tgt);

	if (a != b)
		finding(q, CK_END_PUNCT, e, "the source ends with %s, the translation with %s",
			end_names[a], end_names[b]);
}

/* ---- whitespace ---- */

static void
check_whitespace(qa *q, const tercume_entry *e, const cps *src, const cps *tgt)
{
	bool sl = src->n > 0 && is_space(src->c[0]);
	bool tl = tgt->n > 0 && is_space(tgt->c[0]);
	bool st = src->n > 0 && is_space(src->c[src->n - 1]);
	bool tt = tgt->n > 0 && is_space(tgt->c[tgt->n - 1]);

	if (sl != tl)
		finding(q, CK_WHITESPACE, e, tl ? "the translation starts with whitespace, the source does not"
			: "the source starts with whitespace, the translation does not");
	if (st != tt)
		finding(q, CK_WHITESPACE, e, tt ? "the translation ends with whitespace, the source does not"
			: "the source ends with whitespace, the translation does not");
}

/* Column (1-based) of the first doubled space, or 0. */
static size_t
doubled_space(const cps *t)
{
	for (size_t i = 1; i < t->n; i++)
		if (is_space(t->c[i]) && is_space(t->c[i - 1]) && t->c[i] != '\n' && t->c[i - 1] != '\n')
			return i;
	return 0;
}

static void
check_double_space(qa *q, const tercume_entry *e, const cps *src, const cps *tgt)
{
	size_t col = doubled_space(tgt);

	if (col > 0 && doubled_space(src) == 0)
		finding(q, CK_DOUBLE_SPACE, e, "doubled space at character %zu of the translation", col);
}

/* ---- identical ---- */

static void
check_identical(qa *q, const tercume_entry *e, const cps *src)
{
	bool letters = false;

	if (strcmp(e->source, e->target) != 0)
		return;
	if (e->comment && strstr(e->comment, IDENTICAL_MARK))
		return;
	for (size_t i = 0; i < src->n && !letters; i++)
		letters = u_isalpha(src->c[i]);
	if (letters)
		finding(q, CK_IDENTICAL, e, "the translation is the source itself (untranslated?); "
			"a translator comment '" IDENTICAL_MARK "' marks it as meant");
}

/* ---- placeholders and inline codes ---- */

/* Length in bytes of the placeholder or inline code at s, or 0. */
static size_t
placeholder_at(const char *s)
{
	const char *p = s;

	if (*p == '%') {
		p++;
		if (*p == '%')
			return 0;
		if (*p == '(') {	/* Python: %(name)s */
			const char *q = strchr(p, ')');
			if (q == NULL || q - p > 64)
				return 0;
			p = q + 1;
		} else {
			const char *d = p;
			while (*d >= '0' && *d <= '9')
				d++;
			if (d > p && *d == '$')
				p = d + 1;
		}
		while (*p && strchr("-+#0", *p))
			p++;
		while ((*p >= '0' && *p <= '9') || *p == '*')
			p++;
		if (*p == '.') {
			p++;
			while ((*p >= '0' && *p <= '9') || *p == '*')
				p++;
		}
		while (*p && strchr("hlLqjzt", *p))
			p++;
		if (*p && strchr("diouxXeEfFgGaAcspn@", *p))
			return (size_t)(p + 1 - s);
		return 0;
	}
	if (*p == '{') {	/* {0}, {name} */
		p++;
		while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		       (*p >= 'A' && *p <= 'Z') || *p == '_')
			p++;
		return (*p == '}' && p > s + 1) ? (size_t)(p + 1 - s) : 0;
	}
	if (*p == '<') {	/* <b>, </b>, <br/>, <x id="1"/> */
		p++;
		if (*p == '/')
			p++;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
		while (*p && *p != '>' && *p != '<')
			p++;
		return *p == '>' ? (size_t)(p + 1 - s) : 0;
	}
	if (*p == '&') {	/* &amp; &#160; &#x2014; */
		p++;
		if (*p == '#')
			p++;
		const char *start = p;
		while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			p++;
		return (*p == ';' && p > start && p - start < 32) ? (size_t)(p + 1 - s) : 0;
	}
	return 0;
}

typedef struct phlist {
	char **v;
	size_t n, cap;
} phlist;

static tercume_status
collect_placeholders(const char *s, phlist *l)
{
	while (*s) {
		size_t n = placeholder_at(s);
		if (n == 0) {
			s += (*s == '%' && s[1] == '%') ? 2 : 1;
			continue;
		}
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 8;
			char **v = realloc(l->v, cap * sizeof *v);
			if (v == NULL)
				return TERCUME_ENOMEM;
			l->v = v;
			l->cap = cap;
		}
		if ((l->v[l->n] = tu_strndup(s, n)) == NULL)
			return TERCUME_ENOMEM;
		l->n++;
		s += n;
	}
	return TERCUME_OK;
}

static void
phlist_free(phlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Reports the items of a not matched (and used up) by one of b. */
static void
unmatched(qa *q, const tercume_entry *e, phlist *a, phlist *b, const char *fmt)
{
	bool *used = calloc(b->n + 1, sizeof *used);

	if (used == NULL)
		return;
	for (size_t i = 0; i < a->n; i++) {
		size_t k;
		for (k = 0; k < b->n; k++)
			if (!used[k] && strcmp(a->v[i], b->v[k]) == 0)
				break;
		if (k < b->n)
			used[k] = true;
		else
			finding(q, CK_PLACEHOLDERS, e, fmt, a->v[i]);
	}
	free(used);
}

static tercume_status
check_placeholders(qa *q, const tercume_entry *e)
{
	phlist s = { 0 }, t = { 0 };
	tercume_status st = collect_placeholders(e->source, &s);

	if (st == TERCUME_OK)
		st = collect_placeholders(e->target, &t);
	if (st == TERCUME_OK) {
		unmatched(q, e, &s, &t, "the placeholder or code %s of the source is not in the translation");
		unmatched(q, e, &t, &s, "the translation has the placeholder or code %s, the source does not");
	}
	phlist_free(&s);
	phlist_free(&t);
	return st;
}

/* ---- inline codes ---- */

typedef struct code_ctx {
	qa *q;
	const tercume_entry *e;
} code_ctx;

static void code_problem(void *user, const char *fmt, ...) TU_PRINTF(2, 3);

static void
code_problem(void *user, const char *fmt, ...)
{
	code_ctx *cc = user;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	finding(cc->q, CK_CODES, cc->e, "%s", msg);
}

static tercume_status
check_codes(qa *q, const tercume_entry *e)
{
	code_ctx cc = { q, e };
	size_t problems;

	return tu_codes_compare(e->source, strlen(e->source), e->source_codes, e->n_source_codes,
				e->target, strlen(e->target), e->target_codes, e->n_target_codes,
				code_problem, &cc, &problems);
}

/* ---- per entry ---- */

static bool
is_checked(const tercume_entry *e)
{
	return tercume_entry_effective_state(e) == TERCUME_STATE_TRANSLATED;
}

static tercume_status
check_entry(qa *q, const tercume_entry *e)
{
	cps src = { 0 }, tgt = { 0 };
	tercume_status st;

	st = decode(e->source, &src);
	if (st == TERCUME_OK)
		st = decode(e->target, &tgt);
	if (st == TERCUME_OK && q->enabled[CK_NUMBERS])
		st = check_numbers(q, e, &src, &tgt);
	if (st == TERCUME_OK) {
		check_quote_style(q, e, &tgt);
		check_end_punct(q, e, &src, &tgt);
		check_whitespace(q, e, &src, &tgt);
		check_double_space(q, e, &src, &tgt);
		check_identical(q, e, &src);
	}
	if (st == TERCUME_OK && q->enabled[CK_PLACEHOLDERS])
		st = check_placeholders(q, e);
	if (st == TERCUME_OK && q->enabled[CK_CODES])
		st = check_codes(q, e);
	free(src.c);
	free(tgt.c);
	return st;
}

/* ---- paragraphs: quotation marks may span the units of one ---- */

/* Balances the quotation marks of one paragraph (entries of the catalogue,
 * in order).  A paragraph whose source is itself unbalanced (a quotation
 * running on into the next paragraph) is left alone, and so is one with an
 * untranslated unit. */
static tercume_status
check_paragraph(qa *q, const tercume_entry *const *group, size_t n)
{
	qstack stk = { 0 };
	unsigned long problems = 0;
	tercume_status st = TERCUME_OK;
	char a[8];

	for (size_t i = 0; i < n; i++)
		if (!is_checked(group[i]))
			return TERCUME_OK;
	for (size_t i = 0; i < n && st == TERCUME_OK; i++) {
		cps t;
		if ((st = decode(group[i]->source, &t)) != TERCUME_OK)
			break;
		st = scan_quotes(q, known_pairs, 0, &t, &stk, i, group[i], false, &problems);
		free(t.c);
	}
	if (st != TERCUME_OK || problems > 0 || stk.n > 0) {
		free(stk.v);
		return st;
	}
	for (size_t i = 0; i < n && st == TERCUME_OK; i++) {
		cps t;
		if ((st = decode(group[i]->target, &t)) != TERCUME_OK)
			break;
		st = scan_quotes(q, q->allowed, q->n_allowed, &t, &stk, i, group[i], true, &problems);
		free(t.c);
	}
	for (size_t k = 0; st == TERCUME_OK && k < stk.n; k++) {
		put_cp(a, 0, stk.v[k].open);
		finding(q, CK_QUOTES, group[stk.v[k].entry],
			"quotation mark %s is not closed by the end of the paragraph", a);
	}
	free(stk.v);
	return st;
}

/* Whether two entries are units of one paragraph: the same block, by the
 * place numbers of their context notes. */
static bool
same_paragraph(const tercume_entry *a, const tercume_entry *b)
{
	return a->place.ordinal > 0 && a->place.ordinal == b->place.ordinal &&
	       a->place.role == b->place.role;
}

static tercume_status
check_paragraphs(qa *q)
{
	const tercume_catalog *cat = q->cat;
	const tercume_doc *doc = q->opts->segments;
	size_t n = tercume_catalog_count(cat), k = 0;
	const tercume_entry **group = malloc((n + 1) * sizeof *group);
	tercume_status st = TERCUME_OK;

	if (group == NULL)
		return TERCUME_ENOMEM;
	if (doc) {
		/* The article says which units share a paragraph. */
		size_t block = (size_t)-1;
		for (size_t i = 0; i < tercume_doc_unit_count(doc) && st == TERCUME_OK; i++) {
			tercume_unit_info u;
			const tercume_entry *e;

			tercume_doc_unit(doc, i, &u);
			if (u.block != block && k > 0) {
				st = check_paragraph(q, group, k);
				k = 0;
			}
			block = u.block;
			if ((e = tercume_catalog_find(cat, u.id)) != NULL)
				group[k++] = e;
		}
	} else {
		for (size_t i = 0; i < n && st == TERCUME_OK; i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);

			if (e->state == TERCUME_STATE_OBSOLETE)
				continue;
			if (k > 0 && !same_paragraph(group[k - 1], e)) {
				st = check_paragraph(q, group, k);
				k = 0;
			}
			group[k++] = e;
		}
	}
	if (st == TERCUME_OK && k > 0)
		st = check_paragraph(q, group, k);
	free(group);
	return st;
}

/* ---- the catalogue against its article ---- */

static void
compare_segments(qa *q)
{
	const tercume_doc *doc = q->opts->segments;
	const tercume_catalog *cat = q->cat;

	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		const tercume_entry *e;

		tercume_doc_unit(doc, i, &u);
		e = tercume_catalog_find(cat, u.id);
		if (e == NULL) {
			char *shown = NULL;

			/* the sentence as a translator sees it: codes as <1> */
			if (u.n_codes == 0 || tercume_rich_render(u.text, u.codes, u.n_codes,
								  TERCUME_RENDER_NOTATION, &shown,
								  NULL) != TERCUME_OK)
				shown = NULL;
			q->res->missing++;
			finding(q, CK_MISSING, NULL, "unit %s (%s line %lu) is not in the catalogue: \"%.60s%s\"",
				u.id, tercume_doc_source_path(doc), u.line, shown ? shown : u.text,
				strlen(shown ? shown : u.text) > 60 ? "..." : "");
			free(shown);
		} else if (strcmp(e->source, u.text) != 0) {
			q->res->stale++;
			finding(q, CK_STALE, e, "the source of unit %s is no longer the article's "
				"(%s line %lu); its translation is stale", u.id,
				tercume_doc_source_path(doc), u.line);
		}
	}
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if (e->state == TERCUME_STATE_OBSOLETE || tercume_doc_find(doc, e->id) != (size_t)-1)
			continue;
		q->res->extra++;
		finding(q, CK_EXTRA, e, "unit %s is no longer in the article (%s); mark it obsolete",
			e->id, tercume_doc_source_path(doc));
	}
}

tercume_status
tercume_catalog_check(const tercume_catalog *cat, const tercume_check_options *opts,
		      tercume_check_result *res, tercume_reporter *rep)
{
	const char *lang;
	tercume_status st;
	qa q;

	memset(res, 0, sizeof *res);
	if (opts == NULL || opts->version != TERCUME_CHECK_OPTIONS_VERSION) {
		tu_error(rep, NULL, 0, 0, "tercume_catalog_check: unsupported options version");
		return TERCUME_EUSAGE;
	}
	if ((st = check_names(opts->disabled, rep)) != TERCUME_OK ||
	    (st = check_names(opts->fatal, rep)) != TERCUME_OK)
		return st;
	memset(&q, 0, sizeof q);
	q.cat = cat;
	q.opts = opts;
	q.res = res;
	q.file = tercume_catalog_file(cat);
	for (size_t i = 0; i < N_CHECKS; i++) {
		q.enabled[i] = !in_list(opts->disabled, checks[i].name);
		q.sev[i] = checks[i].severity;
		if (opts->werror || in_list(opts->fatal, checks[i].name))
			q.sev[i] = TERCUME_SEV_ERROR;
	}
	lang = opts->target_lang ? opts->target_lang : tercume_catalog_target_lang(cat);
	number_symbols(tercume_catalog_source_lang(cat), &q.src_group, &q.src_dec);
	number_symbols(lang, &q.tgt_group, &q.tgt_dec);
	quote_delimiters(&q, lang);

	for (size_t i = 0; i < tercume_catalog_count(cat) && st == TERCUME_OK; i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		if (is_checked(e))
			st = check_entry(&q, e);
	}
	if (st == TERCUME_OK && q.enabled[CK_QUOTES])
		st = check_paragraphs(&q);
	if (st == TERCUME_OK && opts->segments)
		compare_segments(&q);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, q.file, 0, 0, "out of memory while checking");
	return st;
}
