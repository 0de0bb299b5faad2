/* qa.c — quality checks over a catalogue's translations, and the
 * comparison of a catalogue with its article.  doc/check.md describes each
 * check. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
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
	CK_TYPOGRAPHY,
	CK_TERMS,
	CK_SPELLING,
	CK_URLS,
	CK_BRACKETS,
	CK_MISSING,
	CK_EXTRA,
	CK_STALE,
	N_CHECKS
};

/* The summaries are marked for translation (tercume.h: in the user's
 * language through dgettext). */
static const tercume_check_info checks[N_CHECKS] = {
	[CK_NUMBERS] = { "numbers", TERCUME_SEV_ERROR,
		N_("every number of the source appears in the translation") },
	[CK_QUOTES] = { "quotes", TERCUME_SEV_ERROR,
		N_("quotation marks are balanced over each paragraph") },
	[CK_QUOTE_STYLE] = { "quote-style", TERCUME_SEV_WARNING,
		N_("quotation marks are the target language's") },
	[CK_END_PUNCT] = { "end-punctuation", TERCUME_SEV_WARNING,
		N_("the sentence ends like the source (a question stays a question)") },
	[CK_WHITESPACE] = { "whitespace", TERCUME_SEV_WARNING,
		N_("leading and trailing whitespace as in the source") },
	[CK_DOUBLE_SPACE] = { "double-space", TERCUME_SEV_WARNING,
		N_("no doubled spaces the source does not have") },
	[CK_IDENTICAL] = { "identical", TERCUME_SEV_WARNING,
		N_("the translation is not a copy of the source, unless marked as intended") },
	[CK_PLACEHOLDERS] = { "placeholders", TERCUME_SEV_ERROR,
		/* xgettext:no-c-format */
		N_("placeholders and inline codes (%s, {0}, <b>, &amp;) are kept") },
	[CK_CODES] = { "codes", TERCUME_SEV_ERROR,
		N_("inline codes (doc/rich-text.md): none missing, extra or duplicated, pairs "
		"closed and nested, none moved against canReorder, translate=\"no\" text kept") },
	[CK_TYPOGRAPHY] = { "typography", TERCUME_SEV_WARNING,
		N_("the target language's typesetting: no-break spaces, dashes, quotes nesting, a full stop outside the quote") },
	[CK_TERMS] = { "terms", TERCUME_SEV_ERROR,
		N_("with --glossary: glossary terms are translated as the glossary says, deprecated terms are not used") },
	[CK_SPELLING] = { "spelling", TERCUME_SEV_WARNING,
		N_("every word is in the target language's hunspell dictionary or in the glossary") },
	[CK_URLS] = { "urls", TERCUME_SEV_ERROR,
		N_("URLs, e-mail addresses and paths of the source are kept as written") },
	[CK_BRACKETS] = { "brackets", TERCUME_SEV_WARNING,
		N_("brackets are balanced and as many as in the source") },
	[CK_MISSING] = { "missing", TERCUME_SEV_ERROR,
		N_("with --segments: every unit of the article is in the catalogue") },
	[CK_EXTRA] = { "extra", TERCUME_SEV_WARNING,
		N_("with --segments: the catalogue has no unit the article has lost") },
	[CK_STALE] = { "stale", TERCUME_SEV_ERROR,
		N_("with --segments: the recorded source still matches the article") },
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
	bool *code;	/* per code point: inside a placeholder, markup tag,
			   character reference, URL, e-mail address or path,
			   which the checks of prose leave alone */
} cps;

/* A byte span [start, end) of a text. */
typedef struct span {
	size_t start, end;
} span;

typedef struct spans {
	span *v;
	size_t n, cap;
} spans;

static tercume_status collect_codes(const char *s, spans *out);

static void
cps_free(cps *t)
{
	free(t->c);
	free(t->code);
	t->c = NULL;
	t->code = NULL;
}

static tercume_status
decode_plain(const char *s, cps *out)
{
	size_t len = strlen(s), i = 0;
	spans codes = { 0 };
	size_t k = 0;
	tercume_status st;

	out->n = 0;
	out->c = malloc((len + 1) * sizeof *out->c);
	out->code = calloc(len + 1, sizeof *out->code);
	if (out->c == NULL || out->code == NULL) {
		cps_free(out);
		return TERCUME_ENOMEM;
	}
	if ((st = collect_codes(s, &codes)) != TERCUME_OK) {
		cps_free(out);
		return st;
	}
	while (i < len) {
		size_t at = i;
		UChar32 c = tu_utf8_next(s, len, &i);

		while (k < codes.n && codes.v[k].end <= at)
			k++;
		out->code[out->n] = k < codes.n && codes.v[k].start <= at;
		out->c[out->n++] = c;
	}
	free(codes.v);
	return TERCUME_OK;
}

/* The text's code points without its inline codes (doc/rich-text.md): the
 * checks of text read the sentence as a reader would, and the "codes"
 * check reads the codes. */
static tercume_status
decode(const char *s, cps *out)
{
	char *plain;
	tercume_status st;

	if (!tu_has_markers(s, strlen(s)))
		return decode_plain(s, out);
	plain = tu_strip_markers(s, strlen(s), NULL);
	if (plain == NULL)
		return TERCUME_ENOMEM;
	st = decode_plain(plain, out);
	free(plain);
	return st;
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

/* How a language sets type, for the `typography` check (doc/check.md). */
typedef struct typo_rules {
	const char *lang;		/* primary subtag */
	const char *name;		/* for messages */
	bool nbsp;		/* Russian no-break spaces: after one-letter words,
				   before a spaced dash, in 22 апреля, 4 млрд, 2020 года,
				   between initials and a surname */
	bool stop_outside;	/* a sentence's full stop goes after the closing
				   quotation mark: «…».  not «….» */
	bool spaced_dash;	/* a dash between words is spaced, never a hyphen */
	bool em_dash;		/* and it is the em dash (—), not the en dash */
} typo_rules;

static const typo_rules typo_table[] = {
	/* TRANSLATORS: the language whose typesetting rules a message names:
	   "by the rules of %s", "(%s)". */
	{ "ru", N_("Russian"), true, true, true, true },
	{ "az", N_("Azerbaijani"), false, true, true, false },
};

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
	bool nests_same;	/* CLDR's alternate marks are its primary ones (fr) */
	/* the language-driven checks */
	const char *src_lang, *tgt_lang;
	const struct typo_rules *typo;	/* NULL: no typesetting rules known */
	tu_stem_kind src_stem, tgt_stem;
	const tercume_glossary *glossary;
	const tu_term **term_words_of;	/* target-language terms, for spelling */
	size_t n_term_words_of;
	tu_speller *speller;
	int script;		/* UScriptCode of the target language */
	tu_wordbreak src_words, tgt_words;	/* kept from entry to entry */
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
	vsnprintf(msg, sizeof msg, TU_(fmt), ap);
	va_end(ap);
	f.severity = q->sev[ck];
	f.check = checks[ck].name;
	f.file = q->file;
	f.line = e ? e->line : 0;
	f.unit = e ? e->id : NULL;
	f.message = msg;
	/* A fuzzy translation is checked too (merge --use-fuzzy publishes it):
	 * its findings say so. */
	if (e && tercume_entry_effective_state(e) == TERCUME_STATE_FUZZY) {
		size_t n = strlen(msg);
		snprintf(msg + n, sizeof msg - n, "%s", TU_(" (fuzzy translation)"));
	}
	if (f.severity == TERCUME_SEV_ERROR)
		q->res->errors++;
	else
		q->res->warnings++;
	if (q->opts->fn)
		q->opts->fn(&f, q->opts->user);
}

/* What a check could not do (no dictionary for the language): a note,
 * which neither fails the gate nor becomes an error with --werror. */
static void
note(qa *q, int ck, const char *fmt, ...) TU_PRINTF(3, 4);

static void
note(qa *q, int ck, const char *fmt, ...)
{
	char msg[1024];
	tercume_finding f;
	va_list ap;

	if (!q->enabled[ck])
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, TU_(fmt), ap);
	va_end(ap);
	f.severity = TERCUME_SEV_NOTE;
	f.check = checks[ck].name;
	f.file = q->file;
	f.line = 0;
	f.unit = NULL;
	f.message = msg;
	q->res->notes++;
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
	char locale[ULOC_FULLNAME_CAPACITY];
	ULocaleData *ld;

	to_locale(lang, locale, sizeof locale);
	ld = ulocdata_open(locale, &err);
	if (U_SUCCESS(err)) {
		UChar32 open = delimiter(ld, ULOCDATA_QUOTATION_START);
		UChar32 close = delimiter(ld, ULOCDATA_QUOTATION_END);
		UChar32 alt_open = delimiter(ld, ULOCDATA_ALT_QUOTATION_START);
		UChar32 alt_close = delimiter(ld, ULOCDATA_ALT_QUOTATION_END);

		add_pair(q, open, close);
		add_pair(q, alt_open, alt_close);
		q->nests_same = open > 0 && open == alt_open && close == alt_close;
		/* The ASCII double quote is the typewriter form of “…”: where
		 * CLDR's marks are those (en, az, tr, zh…), it is the
		 * language's own mark too. */
		if (open == 0x201C && close == 0x201D)
			add_pair(q, '"', '"');
		ulocdata_close(ld);
	}
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

/* The mark at i stands where a quotation opens: at the start or after a
 * space or an opening bracket or dash, and before a word. */
static bool
opens_here(const cps *t, size_t i)
{
	UChar32 p = i > 0 ? t->c[i - 1] : ' ';

	if (i + 1 >= t->n || is_space(t->c[i + 1]))
		return false;
	return is_space(p) || p == '(' || p == '[' || p == 0x2014 || p == 0x2013;
}

/* `typography`: a quotation inside a quotation set with the same marks,
 * where the language nests with its alternate ones (CLDR). */
static void
nested_quote(qa *q, const tercume_entry *e, UChar32 c)
{
	char a[8];

	put_cp(a, 0, c);
	if (q->n_allowed > 1 && q->allowed[1].open != q->allowed[0].open) {
		char o[8], cl[8];
		put_cp(o, 0, q->allowed[1].open);
		put_cp(cl, 0, q->allowed[1].close);
		finding(q, CK_TYPOGRAPHY, e, "a quotation inside a quotation is set with the same "
			"marks %s: nest it with %s…%s (CLDR's alternate quotation marks), or drop "
			"the inner marks", a, o, cl);
	} else
		finding(q, CK_TYPOGRAPHY, e, "a quotation inside a quotation is set with the same "
			"marks %s", a);
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
		bool nested_same = false;

		if (!is_quote(c) || is_apostrophe(t, i) || t->code[i])
			continue;
		if (stk->n > 0 && stk->v[stk->n - 1].close == c) {
			/* A mark that opens and closes ("): one that stands
			 * before a word after a space opens a quotation inside
			 * the open one. */
			if (!(c == stk->v[stk->n - 1].open && opens_here(t, i))) {
				stk->n--;
				continue;
			}
			nested_same = true;
		}
		if ((p = find_opener(pairs, n_pairs, c)) != NULL ||
		    (p = find_opener(known_pairs, N_KNOWN, c)) != NULL) {
			if (report && !q->nests_same &&
			    (nested_same || (stk->n > 0 && stk->v[stk->n - 1].open == c)))
				nested_quote(q, e, c);
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
		if (!is_quote(c) || is_allowed_quote(q, c) || is_apostrophe(t, i) || t->code[i])
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
/* TRANSLATORS: how a sentence ends, in "the source ends with %s, the
   translation with %s". */
static const char *const end_names[] = {
	N_("no punctuation"), N_("a full stop"), N_("a question mark"),
	N_("an exclamation mark"), N_("an ellipsis"), N_("a colon"), N_("a semicolon"),
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
			TU_(end_names[a]), TU_(end_names[b]));
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
		finding(q, CK_WHITESPACE, e, tl ? N_("the translation starts with whitespace, the source does not")
			: N_("the source starts with whitespace, the translation does not"));
	if (st != tt)
		finding(q, CK_WHITESPACE, e, tt ? N_("the translation ends with whitespace, the source does not")
			: N_("the source ends with whitespace, the translation does not"));
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
		/* TRANSLATORS: %s is the comment's text, tercume:identical. */
		finding(q, CK_IDENTICAL, e, "the translation is the source itself (untranslated?); "
			"a translator comment '%s' marks it as meant", IDENTICAL_MARK);
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

/* A translation may reorder printf's arguments ("%2$s ... %1$s", as
 * gettext has it), also inside a code (<x id='%1$s'/>): the same
 * placeholder as "%s". */
static void
drop_arg_numbers(char *s)
{
	char *to = s;

	for (const char *p = s; *p;) {
		if (p[0] == '%' && p[1] >= '0' && p[1] <= '9') {
			const char *d = p + 1;
			while (*d >= '0' && *d <= '9')
				d++;
			if (*d == '$') {
				*to++ = '%';
				p = d + 1;
				continue;
			}
		}
		*to++ = *p++;
	}
	*to = '\0';
}

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
		drop_arg_numbers(l->v[l->n]);
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

/* ---- codes: the spans the checks of prose leave alone ---- */

typedef enum link_kind { LINK_URL, LINK_EMAIL, LINK_PATH } link_kind;
/* TRANSLATORS: "the URL https://… of the source is not in the translation". */
static const char *const link_names[] = { N_("URL"), N_("e-mail address"), N_("path") };

typedef struct link {
	link_kind kind;
	size_t start, end;	/* bytes */
} link;

typedef struct links {
	link *v;
	size_t n, cap;
} links;

static bool
is_ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A byte that may be part of a URL: printable ASCII but for space and the
 * delimiters RFC 3986 keeps out of URLs (<>"`{}|\^).  A URL ends at the
 * first other byte, non-ASCII ones included. */
static bool
url_byte(unsigned char c)
{
	return c > 0x20 && c < 0x7F && strchr("<>\"`{}|\\^", c) == NULL;
}

static bool
path_byte(unsigned char c)
{
	return c != '\0' && (is_ascii_alnum(c) || strchr("._~/-+\\", c) != NULL);
}

/* Drops what ends a sentence rather than the URL or path: trailing . , ; :
 * ! ? ' and a ) or ] with no opening one inside. */
static size_t
trim_end(const char *s, size_t start, size_t end)
{
	while (end > start) {
		char c = s[end - 1];
		if (strchr(".,;:!?'", c)) {
			end--;
			continue;
		}
		if (c == ')' || c == ']') {
			char open = c == ')' ? '(' : '[';
			if (memchr(s + start, open, end - start) == NULL) {
				end--;
				continue;
			}
		}
		break;
	}
	return end;
}

static bool
starts_word(const char *s, size_t i)
{
	return i == 0 || !is_ascii_alnum((unsigned char)s[i - 1]);
}

/* A URL at s + i: scheme://…, www.…, mailto:…; its end, or 0. */
static size_t
url_at(const char *s, size_t i)
{
	size_t j = i, end;

	if (!starts_word(s, i))
		return 0;
	if (strncmp(s + i, "www.", 4) == 0 && is_ascii_alnum((unsigned char)s[i + 4]))
		j = i + 4;
	else if (strncmp(s + i, "mailto:", 7) == 0)
		j = i + 7;
	else {
		if (!((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
			return 0;
		while (is_ascii_alnum((unsigned char)s[j]) || s[j] == '+' || s[j] == '.' || s[j] == '-')
			j++;
		if (strncmp(s + j, "://", 3) != 0 || !url_byte((unsigned char)s[j + 3]))
			return 0;
		j += 3;
	}
	while (url_byte((unsigned char)s[j]))
		j++;
	end = trim_end(s, i, j);
	return end > i ? end : 0;
}

/* A path at s + i: /usr/share/x (two segments at least), ~/x, ./x, ../x,
 * C:\x; its end, or 0. */
static size_t
path_at(const char *s, size_t i)
{
	size_t j = i, slashes = 0, end;
	unsigned char p = i > 0 ? (unsigned char)s[i - 1] : ' ';

	if (!(p == ' ' || p == '\t' || p == '(' || p == '[' || p == '"' || p == '\'' || p >= 0x80))
		return 0;
	if (s[i] == '/' && path_byte((unsigned char)s[i + 1]) && s[i + 1] != '/')
		j = i;
	else if ((strncmp(s + i, "~/", 2) == 0 || strncmp(s + i, "./", 2) == 0) &&
		 path_byte((unsigned char)s[i + 2]))
		j = i + 2, slashes = 1;
	else if (strncmp(s + i, "../", 3) == 0 && path_byte((unsigned char)s[i + 3]))
		j = i + 3, slashes = 1;
	else if (((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) && s[i + 1] == ':' &&
		 s[i + 2] == '\\' && path_byte((unsigned char)s[i + 3]))
		j = i + 3, slashes = 1;
	else
		return 0;
	for (; path_byte((unsigned char)s[j]); j++)
		if (s[j] == '/' || s[j] == '\\')
			slashes++;
	if (slashes < 2)
		return 0;
	end = trim_end(s, i, j);
	return end > i + 2 ? end : 0;
}

static tercume_status
links_add(links *l, link_kind kind, size_t start, size_t end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		link *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL)
			return TERCUME_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].kind = kind;
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->n++;
	return TERCUME_OK;
}

static bool
email_local_byte(unsigned char c)
{
	return c != '\0' && (is_ascii_alnum(c) || strchr("._%+-", c) != NULL);
}

static int
link_cmp(const void *pa, const void *pb)
{
	const link *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* The URLs, e-mail addresses and paths of s, in order. */
static tercume_status
find_links(const char *s, links *out)
{
	size_t len = strlen(s), n_first;
	tercume_status st = TERCUME_OK;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < len && st == TERCUME_OK;) {
		size_t end;
		if ((end = url_at(s, i)) != 0) {
			st = links_add(out, strncmp(s + i, "mailto:", 7) == 0 ? LINK_EMAIL : LINK_URL, i, end);
			i = end;
		} else if ((end = path_at(s, i)) != 0) {
			st = links_add(out, LINK_PATH, i, end);
			i = end;
		} else
			i++;
	}
	n_first = out->n;
	for (size_t i = 0; i < len && st == TERCUME_OK; i++) {
		size_t a = i, b = i + 1, dot = 0, k;
		bool inside = false;

		if (s[i] != '@')
			continue;
		for (k = 0; k < n_first; k++)
			if (out->v[k].start <= i && i < out->v[k].end)
				inside = true;
		if (inside)
			continue;
		while (a > 0 && email_local_byte((unsigned char)s[a - 1]))
			a--;
		while (is_ascii_alnum((unsigned char)s[b]) || s[b] == '-' || s[b] == '.') {
			if (s[b] == '.')
				dot = b;
			b++;
		}
		b = trim_end(s, i, b);
		dot = 0;
		for (k = i + 1; k < b; k++)
			if (s[k] == '.')
				dot = k;
		if (a == i || dot == 0 || b - dot < 3)
			continue;
		st = links_add(out, LINK_EMAIL, a, b);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, link_cmp);
	return st;
}

static int
span_cmp(const void *pa, const void *pb)
{
	const span *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

static size_t placeholder_at(const char *s);

static tercume_status
collect_codes(const char *s, spans *out)
{
	links l;
	tercume_status st = find_links(s, &l);

	memset(out, 0, sizeof *out);
	for (size_t i = 0; st == TERCUME_OK && s[i];) {
		size_t n = placeholder_at(s + i);
		if (n == 0) {
			i++;
			continue;
		}
		if (out->n == out->cap) {
			size_t cap = out->cap ? 2 * out->cap : 8;
			span *v = realloc(out->v, cap * sizeof *v);
			if (v == NULL) {
				st = TERCUME_ENOMEM;
				break;
			}
			out->v = v;
			out->cap = cap;
		}
		out->v[out->n].start = i;
		out->v[out->n].end = i + n;
		out->n++;
		i += n;
	}
	for (size_t k = 0; st == TERCUME_OK && k < l.n; k++) {
		if (out->n == out->cap) {
			size_t cap = out->cap ? 2 * out->cap : 8;
			span *v = realloc(out->v, cap * sizeof *v);
			if (v == NULL) {
				st = TERCUME_ENOMEM;
				break;
			}
			out->v = v;
			out->cap = cap;
		}
		out->v[out->n].start = l.v[k].start;
		out->v[out->n].end = l.v[k].end;
		out->n++;
	}
	free(l.v);
	if (st != TERCUME_OK) {
		free(out->v);
		memset(out, 0, sizeof *out);
		return st;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, span_cmp);
	return TERCUME_OK;
}

/* ---- urls ---- */

static bool
has_link(const char *s, const links *l, const char *text, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].end - l->v[i].start == len && memcmp(s + l->v[i].start, text, len) == 0)
			return true;
	return false;
}

static tercume_status
check_urls(qa *q, const tercume_entry *e)
{
	links s, t;
	tercume_status st = find_links(e->source, &s);

	if (st != TERCUME_OK)
		return st;
	if ((st = find_links(e->target, &t)) != TERCUME_OK) {
		free(s.v);
		return st;
	}
	for (size_t i = 0; i < s.n; i++) {
		const link *k = &s.v[i];
		if (!has_link(e->target, &t, e->source + k->start, k->end - k->start))
			finding(q, CK_URLS, e, "the %s %.*s of the source is not in the translation "
				"as written", TU_(link_names[k->kind]), (int)(k->end - k->start),
				e->source + k->start);
	}
	for (size_t i = 0; i < t.n; i++) {
		const link *k = &t.v[i];
		if (!has_link(e->source, &s, e->target + k->start, k->end - k->start))
			finding(q, CK_URLS, e, "the translation has the %s %.*s, the source does not",
				TU_(link_names[k->kind]), (int)(k->end - k->start), e->target + k->start);
	}
	free(s.v);
	free(t.v);
	return TERCUME_OK;
}

/* ---- brackets ---- */

static const char bracket_open[] = "([{", bracket_close[] = ")]}";

static int
bracket_index(UChar32 c, bool *closing)
{
	for (int k = 0; k < 3; k++) {
		if (c == (UChar32)bracket_open[k]) {
			*closing = false;
			return k;
		}
		if (c == (UChar32)bracket_close[k]) {
			*closing = true;
			return k;
		}
	}
	return -1;
}

/* Counts each kind of bracket of t (out of codes) and balances them:
 * *unbalanced is set to the first bracket that has no partner. */
static void
count_brackets(const cps *t, unsigned long counts[6], char *unbalanced, size_t size)
{
	char stack[64];
	size_t depth = 0;

	memset(counts, 0, 6 * sizeof counts[0]);
	unbalanced[0] = '\0';
	for (size_t i = 0; i < t->n; i++) {
		bool closing;
		int k;

		if (t->code[i] || (k = bracket_index(t->c[i], &closing)) < 0)
			continue;
		counts[2 * k + closing]++;
		if (!closing) {
			if (depth < sizeof stack)
				stack[depth] = bracket_open[k];
			depth++;
		} else if (depth > 0 && (depth > sizeof stack || stack[depth - 1] == bracket_open[k]))
			depth--;
		else if (unbalanced[0] == '\0')
			snprintf(unbalanced, size, TU_("the bracket %c has no opening %c"),
				 bracket_close[k], bracket_open[k]);
	}
	if (depth > 0 && unbalanced[0] == '\0')
		snprintf(unbalanced, size, TU_("the bracket %c is not closed"),
			 depth <= sizeof stack ? stack[depth - 1] : '(');
}

static void
check_brackets(qa *q, const tercume_entry *e, const cps *src, const cps *tgt)
{
	unsigned long sc[6], tc[6];
	char sbad[256], tbad[256];

	count_brackets(src, sc, sbad, sizeof sbad);
	count_brackets(tgt, tc, tbad, sizeof tbad);
	if (tbad[0] && !sbad[0]) {
		finding(q, CK_BRACKETS, e, "unbalanced brackets in the translation: %s", tbad);
		return;
	}
	for (int k = 0; k < 3; k++)
		if (sc[2 * k] != tc[2 * k] || sc[2 * k + 1] != tc[2 * k + 1])
			finding(q, CK_BRACKETS, e, "the source has %lu %c%c, the translation %lu",
				sc[2 * k] > sc[2 * k + 1] ? sc[2 * k] : sc[2 * k + 1],
				bracket_open[k], bracket_close[k],
				tc[2 * k] > tc[2 * k + 1] ? tc[2 * k] : tc[2 * k + 1]);
}

/* ---- typography ---- */

/* Months in the genitive, units and abbreviations that Russian typesetting
 * binds to the number before them with a no-break space. */
static const char *const ru_after_number[] = {
	"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
	"сентября", "октября", "ноября", "декабря",
	"млн", "млрд", "трлн", "тыс", "г", "гг", "в", "вв", "км", "м", "кг", "т", "га",
	"руб", "долл", "ч", "мин", "с", "%",
	"год", "года", "году", "годом", "годе", "годы", "годов", "годам", "годами", "годах",
	NULL
};

static const typo_rules *
typo_rules_for(const char *lang)
{
	char p[16];

	tu_lang_primary(lang, p, sizeof p);
	for (size_t i = 0; i < sizeof typo_table / sizeof typo_table[0]; i++)
		if (strcmp(typo_table[i].lang, p) == 0)
			return &typo_table[i];
	return NULL;
}

/* Up to 40 bytes of t around [from, to), for messages. */
static void
excerpt(const cps *t, size_t from, size_t to, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	/* from the start of the word it falls in */
	for (size_t k = 0; k < 16 && from > 0 && u_isalnum(t->c[from - 1]); k++)
		from--;
	for (size_t i = from; i < to && i < t->n && at + 5 < size && at < 40; i++) {
		UChar32 c = t->c[i];
		at = put_cp(out, at, c == 0x00A0 ? '~' : c);
	}
}

static bool
is_word_cp(UChar32 c)
{
	return u_isalnum(c);
}

/* The word (letters, or a number) at t[i]: its length. */
static size_t
word_len(const cps *t, size_t i)
{
	size_t j = i;

	while (j < t->n && (u_isalpha(t->c[j]) || (j > i && u_isdigit(t->c[j]))))
		j++;
	if (j == i)
		while (j < t->n && u_isdigit(t->c[j]))
			j++;
	if (j == i && j < t->n && t->c[j] == '%')
		j++;
	return j - i;
}

static bool
word_in(const cps *t, size_t i, size_t n, const char *const *list)
{
	char w[64];
	size_t at = 0;

	if (n == 0 || n > 12)
		return false;
	for (size_t k = 0; k < n; k++)
		at = put_cp(w, at, u_tolower(t->c[i + k]));
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return true;
	return false;
}

typedef struct typo_count {
	unsigned long n;
	char first[64];
} typo_count;

static void
typo_hit(typo_count *c, const cps *t, size_t from, size_t to)
{
	if (c->n++ == 0)
		excerpt(t, from, to, c->first, sizeof c->first);
}

static void
typo_report(qa *q, const tercume_entry *e, const typo_count *c, const char *what)
{
	if (c->n == 0)
		return;
	/* what: an English message (TU_ translates it) or one made with a
	   translated format. */
	/* TRANSLATORS: a typesetting problem, then where it is in the
	   translation, quoted. */
	if (c->n == 1)
		finding(q, CK_TYPOGRAPHY, e, "%s: \"%s\"", TU_(what), c->first);
	else
		finding(q, CK_TYPOGRAPHY, e, "%s: \"%s\" and %lu more", TU_(what), c->first, c->n - 1);
}

static bool
is_cyrillic(UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;

	return uscript_getScript(c, &err) == USCRIPT_CYRILLIC;
}

static void
check_nbsp_ru(qa *q, const tercume_entry *e, const cps *t)
{
	typo_count one = { 0 }, dash = { 0 }, num = { 0 }, init = { 0 };

	for (size_t i = 0; i + 2 < t->n; i++) {
		UChar32 c = t->c[i], p = i > 0 ? t->c[i - 1] : ' ';

		if (t->code[i])
			continue;
		/* a one-letter word, then an ordinary space and a word */
		if (u_isalpha(c) && !is_word_cp(p) && p != '-' && p != '.' &&
		    t->c[i + 1] == ' ' && !is_space(t->c[i + 2]) && is_cyrillic(c))
			typo_hit(&one, t, i, i + 3 + word_len(t, i + 2));
		/* an initial, then an ordinary space and a capital: В. Путин */
		if (u_isupper(c) && !is_word_cp(p) && t->c[i + 1] == '.' && i + 3 < t->n &&
		    t->c[i + 2] == ' ' && u_isupper(t->c[i + 3]))
			typo_hit(&init, t, i, i + 4 + word_len(t, i + 3));
		/* an ordinary space before a spaced dash */
		if (c == ' ' && (t->c[i + 1] == 0x2014 || t->c[i + 1] == 0x2013) && is_space(t->c[i + 2]))
			typo_hit(&dash, t, i > 12 ? i - 12 : 0, i + 3);
		/* a number, then an ordinary space and a month, a unit, года */
		if (u_isdigit(c) && (i + 1 >= t->n || !u_isdigit(t->c[i + 1]))) {
			size_t j = i + 1;
			if (j + 1 < t->n && t->c[j] == '-' && u_isalpha(t->c[j + 1])) {
				size_t k = j + 1;
				while (k < t->n && u_isalpha(t->c[k]) && k - j <= 3)
					k++;
				j = k;
			}
			if (j + 1 < t->n && t->c[j] == ' ' && word_in(t, j + 1, word_len(t, j + 1), ru_after_number)) {
				size_t s = i;
				while (s > 0 && u_isdigit(t->c[s - 1]))
					s--;
				typo_hit(&num, t, s, j + 1 + word_len(t, j + 1));
			}
		}
	}
	typo_report(q, e, &one, "an ordinary space after a one-letter word: Russian typesetting "
		    "binds it to the next word with a no-break space (U+00A0, shown as ~)");
	typo_report(q, e, &dash, "an ordinary space before a dash: Russian typesetting keeps the "
		    "dash on the line of the word before it with a no-break space (U+00A0)");
	typo_report(q, e, &num, "an ordinary space between a number and its month, unit or year: "
		    "Russian typesetting puts a no-break space (U+00A0) there");
	typo_report(q, e, &init, "an ordinary space after an initial: Russian typesetting binds "
		    "initials to the surname with a no-break space (U+00A0)");
}

/* A closing mark at t[i]: one of the language's closing marks, or " that
 * follows a non-space. */
static bool
closes_quote(const qa *q, const cps *t, size_t i)
{
	UChar32 c = t->c[i];

	if (c == '"')
		return i > 0 && !is_space(t->c[i - 1]);
	for (size_t k = 0; k < q->n_allowed; k++)
		if (q->allowed[k].close == c && q->allowed[k].open != c)
			return true;
	return false;
}

static void
check_typography(qa *q, const tercume_entry *e, const cps *t)
{
	const typo_rules *r = q->typo;
	typo_count stop = { 0 }, hyphen = { 0 }, tight = { 0 }, en = { 0 };
	char msg[200];

	if (r == NULL || !q->enabled[CK_TYPOGRAPHY])
		return;
	if (r->nbsp)
		check_nbsp_ru(q, e, t);
	for (size_t i = 0; i < t->n; i++) {
		UChar32 c = t->c[i];

		if (t->code[i])
			continue;
		/* a sentence's full stop inside the closing quotation mark */
		if (r->stop_outside && c == '.' && i > 0 && i + 1 < t->n && closes_quote(q, t, i + 1) &&
		    t->c[i - 1] != '.' && u_isalpha(t->c[i - 1]) &&
		    !(i > 1 && !u_isalpha(t->c[i - 2])) &&
		    (i + 2 == t->n || is_space(t->c[i + 2]) || t->c[i + 2] == ',' || t->c[i + 2] == ')'))
			typo_hit(&stop, t, i > 12 ? i - 12 : 0, i + 2);
		if (!r->spaced_dash || i == 0 || i + 1 >= t->n)
			continue;
		/* a hyphen used as a dash */
		if (c == '-' && is_space(t->c[i - 1]) && is_space(t->c[i + 1]))
			typo_hit(&hyphen, t, i > 12 ? i - 12 : 0, i + 8 < t->n ? i + 8 : t->n);
		/* a dash that touches the words on both sides */
		if ((c == 0x2014 || (c == 0x2013 && !u_isdigit(t->c[i - 1]))) &&
		    u_isalpha(t->c[i - 1]) && u_isalpha(t->c[i + 1]))
			typo_hit(&tight, t, i > 12 ? i - 12 : 0, i + 8 < t->n ? i + 8 : t->n);
		/* an en dash where the language spaces an em dash */
		if (r->em_dash && c == 0x2013 && is_space(t->c[i - 1]) && is_space(t->c[i + 1]))
			typo_hit(&en, t, i > 12 ? i - 12 : 0, i + 8 < t->n ? i + 8 : t->n);
	}
	/* the messages only where there is something to say: gettext for
	   each of them on every entry was 3% of check (issue 15) */
	if (stop.n) {
		snprintf(msg, sizeof msg, TU_("the full stop is inside the closing quotation mark: "
			 "in %s it goes after it"), TU_(r->name));
		typo_report(q, e, &stop, msg);
	}
	if (hyphen.n) {
		snprintf(msg, sizeof msg, TU_("a hyphen between spaces: %s sets a dash (%s) there"),
			 TU_(r->name), r->em_dash ? "—" : TU_("– or —"));
		typo_report(q, e, &hyphen, msg);
	}
	if (tight.n) {
		snprintf(msg, sizeof msg, TU_("a dash between words without spaces: %s spaces it"),
			 TU_(r->name));
		typo_report(q, e, &tight, msg);
	}
	if (en.n) {
		snprintf(msg, sizeof msg, TU_("a spaced en dash: %s sets the em dash (—) between "
			 "words"), TU_(r->name));
		typo_report(q, e, &en, msg);
	}
}

/* ---- terms ---- */

static bool
term_ok(const tu_term *t, const char *lang)
{
	return t->status != TU_TERM_DEPRECATED && tu_lang_same(t->lang, lang);
}

/* Up to n terms of c in lang that are not deprecated, quoted and joined
 * with " or ". */
static void
term_list(const tu_concept *c, const char *lang, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (size_t k = 0; k < c->n_terms && at + 8 < size; k++)
		if (term_ok(&c->terms[k], lang))
			/* TRANSLATORS: between two terms the glossary allows. */
			at += (size_t)snprintf(out + at, size - at, "%s\"%s\"", at ? TU_(" or ") : "",
					       c->terms[k].text);
}

/* `terms` also wants the glossary's capitals on a found term's words after
 * its first (magistralı, not Magistralı), and on a first word it writes
 * with one; a word all in capitals is left alone. */
static void
term_case(qa *q, const tercume_entry *e, const tu_words *w, size_t at, const tu_term *t)
{
	for (size_t j = 0; j < t->words.n; j++) {
		const tu_word *x = &w->v[at + j], *y = &t->words.v[j];

		if (x->all_upper || x->number || y->number)
			continue;
		if (x->upper_first == y->upper_first || (j == 0 && !y->upper_first))
			continue;
		if (x->upper_first)
			finding(q, CK_TERMS, e, "\"%.*s\" is written with a capital; the glossary "
				"writes \"%s\"", (int)(x->byte_end - x->byte_start),
				e->target + x->byte_start, t->text);
		else
			finding(q, CK_TERMS, e, "\"%.*s\" is written with no capital; the glossary "
				"writes \"%s\"", (int)(x->byte_end - x->byte_start),
				e->target + x->byte_start, t->text);
		return;
	}
}

static tercume_status
check_terms(qa *q, const tercume_entry *e)
{
	const tercume_glossary *g = q->glossary;
	tu_words sw, tw;
	tercume_status st;
	char want[256];

	if (g == NULL || !q->enabled[CK_TERMS])
		return TERCUME_OK;
	if ((st = tu_words_split_with(&q->src_words, e->source, q->src_lang, &sw)) != TERCUME_OK)
		return st;
	if ((st = tu_words_split_with(&q->tgt_words, e->target, q->tgt_lang, &tw)) != TERCUME_OK) {
		tu_words_free(&sw);
		return st;
	}
	for (size_t i = 0; i < g->n; i++) {
		const tu_concept *c = &g->concepts[i];
		const tu_term *in_source = NULL, *found = NULL;
		size_t at = 0;
		bool wanted = false;

		for (size_t k = 0; k < c->n_terms; k++) {
			const tu_term *t = &c->terms[k];
			if (in_source == NULL && term_ok(t, q->src_lang) &&
			    tu_term_find(q->src_stem, &sw, 0, t) != (size_t)-1)
				in_source = t;
			if (term_ok(t, q->tgt_lang)) {
				wanted = true;
				if (found == NULL && (at = tu_term_find(q->tgt_stem, &tw, 0, t)) != (size_t)-1)
					found = t;
			}
		}
		if (in_source && wanted && found == NULL) {
			term_list(c, q->tgt_lang, want, sizeof want);
			finding(q, CK_TERMS, e, "the source has \"%s\": the glossary translates it %s, "
				"which the translation does not have", in_source->text, want);
		}
		if (found)
			term_case(q, e, &tw, at, found);
		for (size_t k = 0; k < c->n_terms; k++) {
			const tu_term *t = &c->terms[k];
			if (t->status == TU_TERM_DEPRECATED && tu_lang_same(t->lang, q->tgt_lang) &&
			    tu_term_find(q->tgt_stem, &tw, 0, t) != (size_t)-1) {
				term_list(c, q->tgt_lang, want, sizeof want);
				if (want[0])
					finding(q, CK_TERMS, e, "the translation has \"%s\", which the "
						"glossary marks deprecated; use %s", t->text, want);
				else
					finding(q, CK_TERMS, e, "the translation has \"%s\", which the "
						"glossary marks deprecated", t->text);
			}
		}
	}
	tu_words_free(&sw);
	tu_words_free(&tw);
	return TERCUME_OK;
}

/* ---- spelling ---- */

/* The word is a word of one of the glossary's terms in the target
 * language. */
static bool
glossary_spells(const qa *q, const tu_word *w)
{
	for (size_t i = 0; i < q->n_term_words_of; i++) {
		const tu_term *t = q->term_words_of[i];
		for (size_t j = 0; j < t->words.n; j++)
			if (tu_word_match(q->tgt_stem, w, &t->words.v[j]))
				return true;
	}
	return false;
}

static bool
in_code(const cps *t, const char *s, size_t byte)
{
	/* the code point index of a byte offset */
	size_t k = 0;

	for (size_t b = 0; b < byte && s[b]; b++)
		if (((unsigned char)s[b] & 0xC0) != 0x80)
			k++;
	return k < t->n && t->code[k];
}

/* A word the dictionary is asked about: of the dictionary's script, no
 * digit in it. */
static bool
spell_candidate(const qa *q, const char *s, const tu_word *w)
{
	UChar32 c;
	size_t i = w->byte_start;
	UErrorCode err = U_ZERO_ERROR;

	if (w->number || w->has_digit)
		return false;
	c = tu_utf8_next(s, w->byte_end, &i);
	return q->script == USCRIPT_INVALID_CODE || uscript_getScript(c, &err) == q->script;
}

static tercume_status
check_spelling(qa *q, const tercume_entry *e, const cps *tgt)
{
	tu_words w;
	tu_buf bad = TU_BUF_INIT;
	unsigned long n_bad = 0;
	tercume_status st;

	if (q->speller == NULL || !q->enabled[CK_SPELLING])
		return TERCUME_OK;
	if ((st = tu_words_split_with(&q->tgt_words, e->target, q->tgt_lang, &w)) != TERCUME_OK)
		return st;
	for (size_t i = 0; i < w.n;) {
		/* words joined by hyphens: азербайджано-российских, 50-летию */
		size_t j = i + 1;
		bool digits = w.v[i].number || w.v[i].has_digit, ok = true;

		while (j < w.n && w.v[j].byte_start == w.v[j - 1].byte_end + 1 &&
		       e->target[w.v[j - 1].byte_end] == '-') {
			digits |= w.v[j].number || w.v[j].has_digit;
			j++;
		}
		if (digits || in_code(tgt, e->target, w.v[i].byte_start)) {
			i = j;
			continue;
		}
		if (tu_speller_check(q->speller, e->target + w.v[i].byte_start,
				     w.v[j - 1].byte_end - w.v[i].byte_start))
			ok = true;
		else
			for (size_t k = i; k < j && ok; k++)
				if (spell_candidate(q, e->target, &w.v[k]) && !glossary_spells(q, &w.v[k]) &&
				    !tu_speller_check(q->speller, e->target + w.v[k].byte_start,
						      w.v[k].byte_end - w.v[k].byte_start))
					ok = false;
		if (!ok) {
			if (n_bad < 8)
				tu_buf_printf(&bad, "%s\"%.*s\"", n_bad ? ", " : "",
					      (int)(w.v[j - 1].byte_end - w.v[i].byte_start),
					      e->target + w.v[i].byte_start);
			n_bad++;
		}
		i = j;
	}
	if (n_bad > 0 && !bad.failed)
		finding(q, CK_SPELLING, e, "not in the %s dictionary or the glossary: %s%s",
			tu_speller_name(q->speller), bad.data, n_bad > 8 ? TU_(" and more") : "");
	st = bad.failed ? TERCUME_ENOMEM : TERCUME_OK;
	tu_buf_free(&bad);
	tu_words_free(&w);
	return st;
}

/* ---- setting up the language-driven checks ---- */

static const char *const default_dictionary_dirs[] = { TERCUME_HUNSPELL_DIR, NULL };

static tercume_status
language_setup(qa *q)
{
	const tercume_check_options *o = q->opts;
	bool v2 = o->version >= 2;
	tercume_status st = TERCUME_OK;

	q->typo = typo_rules_for(q->tgt_lang);
	q->src_stem = tu_stem_kind_of(q->src_lang);
	q->tgt_stem = tu_stem_kind_of(q->tgt_lang);
	q->glossary = v2 ? o->glossary : NULL;
	q->script = USCRIPT_INVALID_CODE;
	if (q->glossary && q->enabled[CK_TERMS] && q->tgt_lang &&
	    tercume_glossary_term_count(q->glossary, q->tgt_lang) == 0)
		note(q, CK_TERMS, "the glossary %s has no term in %s: the terms are not checked",
		     q->glossary->path, q->tgt_lang);
	if (q->glossary) {
		size_t n = tercume_glossary_term_count(q->glossary, q->tgt_lang);
		q->term_words_of = calloc(n + 1, sizeof *q->term_words_of);
		if (q->term_words_of == NULL)
			return TERCUME_ENOMEM;
		for (size_t i = 0; i < q->glossary->n; i++)
			for (size_t k = 0; k < q->glossary->concepts[i].n_terms; k++)
				if (term_ok(&q->glossary->concepts[i].terms[k], q->tgt_lang))
					q->term_words_of[q->n_term_words_of++] = &q->glossary->concepts[i].terms[k];
	}
	if (q->enabled[CK_SPELLING] && q->tgt_lang) {
		const char *const *dirs = v2 && o->dictionary_dirs ? o->dictionary_dirs
								   : default_dictionary_dirs;
		char tried[512], locale[ULOC_FULLNAME_CAPACITY];
		UScriptCode codes[4];
		UErrorCode err = U_ZERO_ERROR;
		int32_t n;

		st = tu_speller_open(&q->speller, q->tgt_lang, dirs, tried, sizeof tried);
		if (st != TERCUME_OK)
			return st;
		if (q->speller == NULL)
			note(q, CK_SPELLING, "no hunspell dictionary for %s (looked for %s): the spelling "
			     "of this catalogue is not checked", q->tgt_lang, tried);
		to_locale(q->tgt_lang, locale, sizeof locale);
		n = uscript_getCode(locale, codes, 4, &err);
		if (U_SUCCESS(err) && n == 1)
			q->script = codes[0];
	}
	return st;
}

static void
language_cleanup(qa *q)
{
	tu_speller_close(q->speller);
	tu_wordbreak_close(&q->src_words);
	tu_wordbreak_close(&q->tgt_words);
	free((void *)q->term_words_of);
}

/* ---- per entry ---- */

/* Translated and fuzzy translations are checked: merge --use-fuzzy
 * publishes the fuzzy ones. */
static bool
is_checked(const tercume_entry *e)
{
	tercume_state s = tercume_entry_effective_state(e);

	return s == TERCUME_STATE_TRANSLATED || s == TERCUME_STATE_FUZZY;
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
	/* the checks of issue 18: typesetting, glossary, dictionary, links */
	if (st == TERCUME_OK) {
		check_typography(q, e, &tgt);
		check_brackets(q, e, &src, &tgt);
	}
	if (st == TERCUME_OK && q->enabled[CK_URLS])
		st = check_urls(q, e);
	if (st == TERCUME_OK)
		st = check_terms(q, e);
	if (st == TERCUME_OK)
		st = check_spelling(q, e, &tgt);
	cps_free(&src);
	cps_free(&tgt);
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
		cps_free(&t);
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
		cps_free(&t);
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
	if (opts == NULL || opts->version < 1 || opts->version > TERCUME_CHECK_OPTIONS_VERSION) {
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
	q.src_lang = tercume_catalog_source_lang(cat);
	q.tgt_lang = lang;
	if (lang)	/* a template has nothing to check in a language */
		st = language_setup(&q);

	for (size_t i = 0; i < tercume_catalog_count(cat) && st == TERCUME_OK; i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		if (is_checked(e))
			st = check_entry(&q, e);
	}
	if (st == TERCUME_OK && (q.enabled[CK_QUOTES] || q.enabled[CK_TYPOGRAPHY]))
		st = check_paragraphs(&q);
	language_cleanup(&q);
	if (st == TERCUME_OK && opts->segments)
		compare_segments(&q);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, q.file, 0, 0, "out of memory while checking");
	return st;
}
