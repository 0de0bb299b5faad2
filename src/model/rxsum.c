/* rxsum.c — summaries of ICU regular expressions (see rxsum.h).
 *
 * The pattern is read with a small parser for the part of ICU's syntax
 * that segmentation rules use: literals, escapes, character classes,
 * groups, alternation, repetition, anchors and lookarounds.  Anything else
 * (back-references, inline flags, \Q…\E, \X, \R, \G, …) leaves the
 * expression unsummarised, and the engine asks ICU at every position, as
 * it would without summaries.
 *
 * The summary over-approximates the expression's language: lookarounds,
 * word boundaries and anchors are read as "matches the empty string", a
 * repetition as its plain language (lazy, possessive and atomic forms
 * match a subset of it).  Every match of the expression therefore fits
 * the summary; a position that does not fit cannot match.  Character
 * classes are never interpreted here: each is compiled on its own and ICU
 * says which code points it takes. */
#include "internal.h"
#include "rxsum.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/utf16.h>

#define K TU_RX_K
#define INF TU_RX_INF
#define MAX_ATOMS 256
#define MAX_DEPTH 64

struct tu_rx_class {
	uint8_t cache[TU_RX_CACHED / 4];
	struct { UChar32 c; uint8_t v; } high[64];
	UChar *text;
	int32_t len;
	URegularExpression *re;	/* the class alone */
};

struct tu_rx_pool {
	tu_rx_class **cls;
	size_t n_cls, cap_cls;
	tu_rx_set **sets;
	size_t n_sets, cap_sets;
	tu_rx_nfa **nfas;
	size_t n_nfas, cap_nfas;
};

tu_rx_pool *
tu_rx_pool_new(void)
{
	return calloc(1, sizeof(tu_rx_pool));
}

void
tu_rx_pool_free(tu_rx_pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_cls; i++) {
		if (p->cls[i]->re)
			uregex_close(p->cls[i]->re);
		free(p->cls[i]->text);
		free(p->cls[i]);
	}
	for (size_t i = 0; i < p->n_sets; i++) {
		free(p->sets[i]->lit);
		free(p->sets[i]->cls);
		free(p->sets[i]);
	}
	for (size_t i = 0; i < p->n_nfas; i++)
		free(p->nfas[i]);
	free(p->cls);
	free(p->sets);
	free(p->nfas);
	free(p);
}

static bool
grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *q;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	q = realloc(*v, c * size);
	if (q == NULL)
		return false;
	*v = q;
	*cap = c;
	return true;
}

/* ---- membership ---- */

static void
cache_put(uint8_t *cache, void *high_, UChar32 c, bool in)
{
	struct { UChar32 c; uint8_t v; } *high = high_;

	if ((uint32_t)c < TU_RX_CACHED)
		cache[c >> 2] = (uint8_t)(cache[c >> 2] | ((in ? 3u : 1u) << ((c & 3) << 1)));
	else {
		high[(uint32_t)c % 64].c = c;
		high[(uint32_t)c % 64].v = in ? 3 : 1;
	}
}

/* Does the class take c?  1 yes, 0 no, -1 ICU cannot say (out of memory).
 * ICU is asked once per code point. */
static int
class_test(tu_rx_class *k, UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar u[2];
	int32_t n = 0;
	bool in;

	if ((uint32_t)c < TU_RX_CACHED) {
		unsigned v = (unsigned)(k->cache[c >> 2] >> ((c & 3) << 1)) & 3u;
		if (v != 0)
			return v == 3;
	} else if (k->high[(uint32_t)c % 64].c == c && k->high[(uint32_t)c % 64].v != 0)
		return k->high[(uint32_t)c % 64].v == 3;
	U16_APPEND_UNSAFE(u, n, c);
	uregex_setText(k->re, u, n, &err);
	in = uregex_matches(k->re, -1, &err);
	if (U_FAILURE(err))
		return -1;
	uregex_setText(k->re, u, 0, &err);	/* keeps no pointer to u */
	cache_put(k->cache, k->high, c, in);
	return in;
}

bool
tu_rx_has_slow(tu_rx_set *s, UChar32 c)
{
	size_t lo = 0, hi = s->n_lit;
	int in = 0;

	if ((uint32_t)c >= TU_RX_CACHED && s->high[(uint32_t)c % 64].c == c &&
	    s->high[(uint32_t)c % 64].v != 0)
		return s->high[(uint32_t)c % 64].v == 3;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->lit[mid] == c) {
			in = 1;
			break;
		}
		if (s->lit[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; in != 1 && i < s->n_cls; i++) {
		int t = class_test(s->cls[i], c);
		if (t != 0)
			in = t;
	}
	if (in == -1)
		return true;	/* not kept: ICU may say next time */
	cache_put(s->cache, s->high, c, in == 1);
	return in == 1;
}

uint64_t
tu_rx_nfa_takes_slow(tu_rx_nfa *a, UChar32 c)
{
	uint64_t v = 0;

	if ((uint32_t)c >= 0x800 && a->high[(uint32_t)c % 64].c == c && a->high[(uint32_t)c % 64].v)
		return a->high[(uint32_t)c % 64].v & ~(1ull << 63);
	for (int k = 0; k < a->n_atoms; k++)
		if (tu_rx_has(a->atom[k], c))
			v |= a->atom_pos[k];
	if ((uint32_t)c < 0x800)
		a->cache[c] = v | 1ull << 63;
	else {
		a->high[(uint32_t)c % 64].c = c;
		a->high[(uint32_t)c % 64].v = v | 1ull << 63;
	}
	return v;
}

/* ---- how often a set's code points come in prose ---- */

/* Rough frequencies, per thousand code points, of English and Russian
 * prose: enough to tell a full stop from a letter or a space. */
static const struct { UChar32 c; double f; } sample[] = {
	{ ' ', 170 }, { 'e', 95 }, { 't', 70 }, { 'a', 62 }, { 'o', 60 }, { 'i', 55 },
	{ 'n', 55 }, { 's', 50 }, { 'h', 48 }, { 'r', 46 }, { 'd', 33 }, { 'l', 31 },
	{ 'u', 22 }, { 'c', 21 }, { 'm', 19 }, { 'w', 18 }, { 'f', 17 }, { 'g', 15 },
	{ 'y', 15 }, { 'p', 14 }, { 'b', 11 }, { 'v', 8 }, { 'k', 6 }, { 'x', 1 },
	{ 'j', 1 }, { 'q', 1 }, { 'z', 1 },
	{ 'T', 3 }, { 'I', 3 }, { 'A', 2 }, { 'S', 2 }, { 'H', 2 }, { 'M', 1.5 },
	{ 'B', 1 }, { 'C', 1 }, { 'W', 1 }, { 'D', 0.8 }, { 'E', 0.8 }, { 'L', 0.8 },
	{ 'N', 0.6 }, { 'O', 0.6 }, { 'P', 0.6 }, { 'R', 0.5 }, { 'F', 0.5 },
	{ 'G', 0.5 }, { 'J', 0.4 }, { 'K', 0.2 }, { 'U', 0.2 }, { 'V', 0.2 },
	{ 'Y', 0.2 }, { 'Q', 0.05 }, { 'X', 0.05 }, { 'Z', 0.05 },
	{ ',', 12 }, { '.', 9 }, { ';', 2 }, { '\'', 2 }, { '"', 2 }, { '-', 2 },
	{ ':', 1 }, { '!', 0.8 }, { '?', 0.8 }, { '(', 0.3 }, { ')', 0.3 },
	{ '0', 0.5 }, { '1', 0.8 }, { '2', 0.5 }, { '3', 0.3 }, { '4', 0.3 },
	{ '5', 0.3 }, { '6', 0.2 }, { '7', 0.2 }, { '8', 0.2 }, { '9', 0.3 },
	{ '\n', 3 }, { 0x2019, 1 }, { 0x201C, 0.5 }, { 0x201D, 0.5 }, { 0x2014, 0.5 },
	{ 0x043E, 60 }, { 0x0435, 45 }, { 0x0430, 40 }, { 0x0438, 38 }, { 0x043D, 35 },
	{ 0x0442, 33 }, { 0x0441, 30 }, { 0x0440, 25 }, { 0x0432, 25 }, { 0x043B, 25 },
	{ 0x0412, 1 }, { 0x041D, 1 }, { 0x041F, 1 }, { 0x0421, 1 },
	{ 0x0259, 20 }, { 0x0131, 15 }, { 0x015F, 5 }, { 0x011F, 3 }, { 0x00FC, 5 },
	{ 0x00E7, 3 }, { 0x00F6, 3 },
};

double
tu_rx_weight(tu_rx_set *s)
{
	double w = 0;

	for (size_t i = 0; i < sizeof sample / sizeof sample[0]; i++)
		if (tu_rx_has(s, sample[i].c))
			w += sample[i].f;
	return w;
}

/* ---- the parser ---- */

typedef struct aset {
	uint64_t w[MAX_ATOMS / 64];
} aset;

typedef struct atom {
	bool lit;		/* a literal code point c, else the class pat[at, at + len) */
	UChar32 c;
	int32_t at, len;
} atom;

/* The summary of part of a pattern. */
typedef struct frag {
	uint32_t lens;		/* bit l (l <= K): a match of exactly l code points */
	bool longer;		/* a match of more than K code points */
	int32_t min, max;
	aset pre[K], suf[K], alph;
	int32_t la_len;
	aset la[K];
	bool lead;		/* every match starts at a ^ or \A */
	bool ident;		/* the empty sequence: no assertion in it */
	bool exact1;		/* exactly single code points, those of pre[0] */
	bool has_nlb;		/* the code point before a match is not in nlb */
	aset nlb;
	/* its part of the position automaton (positions lo .. hi-1) */
	struct glu {
		uint64_t first, last;
		int lo, hi;
	} g;
} frag;

typedef struct parser {
	const UChar *p;
	int32_t i, n;
	atom atoms[MAX_ATOMS];
	int n_atoms;
	int look;		/* lookarounds around the current position */
	int depth;
	bool fail, anchored, look_loop;
	/* the position automaton: a position per atom of the pattern */
	int n_pos;
	bool nfa_fail;		/* more than TU_RX_POS positions */
	uint64_t follow[TU_RX_POS];
	int pos_atom[TU_RX_POS];
	/* the last item parsed, when it repeats single code points */
	bool rep;
	int32_t rep_m, rep_n;
	aset rep_set;
} parser;

static void
set_union(aset *a, const aset *b)
{
	for (int k = 0; k < MAX_ATOMS / 64; k++)
		a->w[k] |= b->w[k];
}

static int32_t
len_add(int32_t a, int32_t b)
{
	if (a == INF || b == INF || a > INF - b)
		return INF;
	return a + b;
}

static int32_t
len_mul(int32_t a, int32_t m)
{
	if (a == 0 || m == 0)
		return 0;
	if (a == INF || m == INF || a > INF / m)
		return INF;
	return a * m;
}

static void
frag_eps(frag *f)
{
	memset(f, 0, sizeof *f);
	f->lens = 1;
	f->ident = true;
}

/* A zero-width assertion. */
static void
frag_assert(frag *f)
{
	frag_eps(f);
	f->ident = false;
}

static void
frag_atom(frag *f, int id)
{
	frag_eps(f);
	f->ident = false;
	f->exact1 = true;
	f->lens = 1u << 1;
	f->min = f->max = 1;
	f->pre[0].w[id / 64] = f->suf[0].w[id / 64] = f->alph.w[id / 64] = 1ull << (id % 64);
}

/* The lookahead both a and b end with, if they both have one. */
static void
la_union(frag *r, const frag *a, const frag *b)
{
	int32_t n = a->la_len < b->la_len ? a->la_len : b->la_len;
	aset la[K];

	for (int j = 0; j < n; j++) {
		la[j] = a->la[j];
		set_union(&la[j], &b->la[j]);
	}
	memset(r->la, 0, sizeof r->la);
	memcpy(r->la, la, sizeof la[0] * (size_t)n);
	r->la_len = n;
}

/* r = x y (r may be x or y). */
static void
frag_concat(frag *r, const frag *x, const frag *y)
{
	frag t;

	memset(&t, 0, sizeof t);
	t.min = len_add(x->min, y->min);
	t.max = len_add(x->max, y->max);
	t.longer = x->longer || y->longer;
	for (int a = 0; a <= K; a++)
		for (int b = 0; b <= K; b++)
			if ((x->lens >> a & 1) && (y->lens >> b & 1)) {
				if (a + b <= K)
					t.lens |= 1u << (a + b);
				else
					t.longer = true;
			}
	for (int j = 0; j < K; j++) {
		t.pre[j] = x->pre[j];
		for (int a = 0; a <= j; a++)
			if (x->lens >> a & 1)
				set_union(&t.pre[j], &y->pre[j - a]);
		t.suf[j] = y->suf[j];
		for (int b = 0; b <= j; b++)
			if (y->lens >> b & 1)
				set_union(&t.suf[j], &x->suf[j - b]);
	}
	t.alph = x->alph;
	set_union(&t.alph, &y->alph);
	t.lead = x->lead || (x->max == 0 && y->lead);
	t.ident = x->ident && y->ident;
	t.exact1 = (x->ident && y->exact1) || (x->exact1 && y->ident);
	/* A lookbehind at the start of the match: x's, or y's when x takes
	 * nothing. */
	if (x->has_nlb || (x->max == 0 && y->has_nlb)) {
		t.has_nlb = true;
		t.nlb = x->has_nlb ? x->nlb : y->nlb;
	}
	if (y->max == 0) {
		/* y takes nothing: the match ends where x's does. */
		const frag *from = y->la_len ? y : x;
		t.la_len = from->la_len;
		memcpy(t.la, from->la, sizeof t.la);
	} else if (y->min > 0) {
		t.la_len = y->la_len;
		memcpy(t.la, y->la, sizeof t.la);
	} else
		la_union(&t, x, y);
	*r = t;
}

/* r = r | y */
static void
frag_alt(frag *r, const frag *y)
{
	r->min = r->min < y->min ? r->min : y->min;
	r->max = r->max > y->max ? r->max : y->max;
	r->lens |= y->lens;
	r->longer = r->longer || y->longer;
	for (int j = 0; j < K; j++) {
		set_union(&r->pre[j], &y->pre[j]);
		set_union(&r->suf[j], &y->suf[j]);
	}
	set_union(&r->alph, &y->alph);
	r->lead = r->lead && y->lead;
	r->ident = r->ident && y->ident;
	r->exact1 = r->exact1 && y->exact1;
	/* Either branch's lookbehind holds: the code point before is in
	 * neither set only if it is outside the atoms both name. */
	r->has_nlb = r->has_nlb && y->has_nlb;
	for (int k = 0; k < MAX_ATOMS / 64; k++)
		r->nlb.w[k] = r->has_nlb ? r->nlb.w[k] & y->nlb.w[k] : 0;
	la_union(r, r, y);
}

/* r = x{m,n}.  What the summary describes of x^k for k > K + 1 is what it
 * describes of x^(K+1): the first and last K code points come from at
 * most K + 1 copies, and the lengths up to K from at most K non-empty
 * ones.  So the union runs over k from min(m, K+1) to min(n, K+1). */
static void
frag_repeat(frag *r, const frag *x, int32_t m, int32_t n)
{
	int32_t lo = m < K + 1 ? m : K + 1, hi = n < K + 1 ? n : K + 1;
	frag pow, acc;
	bool have = false;

	if (m == 1 && n == 1) {
		*r = *x;
		return;
	}
	frag_eps(&pow);
	for (int32_t k = 0; k <= hi; k++) {
		if (k >= lo) {
			if (!have)
				acc = pow;
			else
				frag_alt(&acc, &pow);
			have = true;
		}
		if (k < hi)
			frag_concat(&pow, &pow, x);
	}
	acc.lead = x->lead && m >= 1;
	acc.ident = acc.exact1 = false;
	acc.has_nlb = x->has_nlb && m >= 1;
	acc.nlb = x->nlb;
	acc.min = len_mul(x->min, m);
	acc.max = n == INF ? (x->max == 0 ? 0 : INF) : len_mul(x->max, n);
	*r = acc;
}

/* ---- the position automaton (Glushkov's): a state per atom, no empty
 * moves; follow[p] is where a match can go on from p ---- */

static struct glu
g_empty(const parser *ps)
{
	return (struct glu){ 0, 0, ps->n_pos, ps->n_pos };
}

static struct glu
g_atom(parser *ps, int atom)
{
	int p = ps->n_pos;

	if (p == TU_RX_POS) {
		ps->nfa_fail = true;
		return g_empty(ps);
	}
	ps->n_pos++;
	ps->follow[p] = 0;
	ps->pos_atom[p] = atom;
	return (struct glu){ 1ull << p, 1ull << p, p, p + 1 };
}

static void
g_link(parser *ps, uint64_t from, uint64_t to)
{
	for (; from; from &= from - 1)
		ps->follow[__builtin_ctzll(from)] |= to;
}

/* a b, where a (b) may be empty when a_null (b_null) */
static struct glu
g_concat(parser *ps, struct glu a, bool a_null, struct glu b, bool b_null)
{
	g_link(ps, a.last, b.first);
	return (struct glu){ a.first | (a_null ? b.first : 0), b.last | (b_null ? a.last : 0),
			     a.lo, b.hi > a.hi ? b.hi : a.hi };
}

static struct glu
g_alt(struct glu a, struct glu b)
{
	return (struct glu){ a.first | b.first, a.last | b.last, a.lo, b.hi > a.hi ? b.hi : a.hi };
}

/* A copy of a's positions, after all the others. */
static struct glu
g_clone(parser *ps, struct glu a)
{
	int n = a.hi - a.lo, base = ps->n_pos, d = base - a.lo;
	uint64_t in = n == 64 ? ~0ull : ((1ull << n) - 1) << a.lo;

	if (base + n > TU_RX_POS) {
		ps->nfa_fail = true;
		return a;
	}
	for (int p = a.lo; p < a.hi; p++) {
		ps->follow[p + d] = (ps->follow[p] & in) << d;
		ps->pos_atom[p + d] = ps->pos_atom[p];
	}
	ps->n_pos += n;
	return (struct glu){ a.first << d, a.last << d, base, base + n };
}

/* a{m,n}: m copies of a, then n - m that may be left out (or, for
 * n = INF, the last one again and again); null: a matches the empty
 * string. */
static struct glu
g_repeat(parser *ps, struct glu a, bool null, int32_t m, int32_t n)
{
	int32_t copies = n == INF ? (m > 0 ? m : 1) : n;
	struct glu r = a, last = a;
	bool rn = null || m == 0;	/* r so far may be empty */

	if (n == 0)
		return g_empty(ps);
	if (copies > TU_RX_POS) {
		ps->nfa_fail = true;
		return a;
	}
	for (int32_t k = 2; k <= copies && !ps->nfa_fail; k++) {
		struct glu c = g_clone(ps, a);
		bool cn = null || k > m;

		r = g_concat(ps, r, rn, c, cn);
		rn = rn && cn;
		last = c;
	}
	if (n == INF)
		g_link(ps, last.last, last.first);
	return r;
}

static int
add_atom(parser *ps, bool lit, UChar32 c, int32_t at, int32_t len)
{
	for (int k = 0; k < ps->n_atoms; k++) {
		const atom *a = &ps->atoms[k];
		if (lit ? (a->lit && a->c == c)
			: (!a->lit && a->len == len &&
			   memcmp(ps->p + a->at, ps->p + at, sizeof(UChar) * (size_t)len) == 0))
			return k;
	}
	if (ps->n_atoms == MAX_ATOMS) {
		ps->fail = true;
		return 0;
	}
	ps->atoms[ps->n_atoms] = (atom){ lit, c, at, len };
	return ps->n_atoms++;
}

static bool
at(const parser *ps, UChar c)
{
	return ps->i < ps->n && ps->p[ps->i] == c;
}

/* The index just past the '}' that closes the brace at ps->p[from], or -1. */
static int32_t
close_brace(const parser *ps, int32_t from)
{
	if (from >= ps->n || ps->p[from] != '{')
		return -1;
	for (int32_t j = from + 1; j < ps->n; j++)
		if (ps->p[j] == '}')
			return j + 1;
	return -1;
}

/* A class atom pat[start, end). */
static void
class_atom(parser *ps, frag *f, int32_t start, int32_t end)
{
	if (end < 0 || end > ps->n) {
		ps->fail = true;
		frag_eps(f);
		return;
	}
	frag_atom(f, add_atom(ps, false, 0, start, end - start));
	f->g = g_atom(ps, add_atom(ps, false, 0, start, end - start));
	ps->i = end;
}

/* After a backslash at ps->i.  *zero: the escape takes no text. */
static void
parse_escape(parser *ps, frag *f, bool *zero)
{
	int32_t s = ps->i, j;
	UChar c;

	*zero = false;
	frag_eps(f);
	if (s + 1 >= ps->n) {
		ps->fail = true;
		return;
	}
	c = ps->p[s + 1];
	switch (c) {
	case 'b': case 'B': case 'z': case 'Z':
		ps->i = s + 2;
		frag_assert(f);
		*zero = true;
		return;
	case 'A':
		ps->i = s + 2;
		frag_assert(f);
		f->lead = ps->anchored = true;
		*zero = true;
		return;
	case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
	case 'h': case 'H': case 'v': case 'V':
	case 'e': case 'a': case 'f': case 'n': case 'r': case 't':
		class_atom(ps, f, s, s + 2);
		return;
	case 'p': case 'P':
		if (s + 2 < ps->n && ps->p[s + 2] == '{')
			class_atom(ps, f, s, close_brace(ps, s + 2));
		else
			class_atom(ps, f, s, s + 3);
		return;
	case 'N':
		class_atom(ps, f, s, close_brace(ps, s + 2));
		return;
	case 'x':
		if (s + 2 < ps->n && ps->p[s + 2] == '{')
			class_atom(ps, f, s, close_brace(ps, s + 2));
		else
			class_atom(ps, f, s, s + 4);
		return;
	case 'u':
		class_atom(ps, f, s, s + 6);
		return;
	case 'U':
		class_atom(ps, f, s, s + 10);
		return;
	case 'c':
		class_atom(ps, f, s, s + 3);
		return;
	case '0':
		for (j = s + 2; j < ps->n && j < s + 5 && ps->p[j] >= '0' && ps->p[j] <= '7'; j++)
			;
		class_atom(ps, f, s, j);
		return;
	default:
		break;
	}
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
		/* back-references, \G, \Q, \E, \X, \R, \k<…> and the rest */
		ps->fail = true;
		return;
	}
	{
		UChar32 cp;
		int32_t k = s + 1;

		U16_NEXT(ps->p, k, ps->n, cp);
		ps->i = k;
		frag_atom(f, add_atom(ps, true, cp, 0, 0));
		f->g = g_atom(ps, add_atom(ps, true, cp, 0, 0));
	}
}

/* A bracketed class at ps->i: found by its brackets, interpreted by ICU. */
static void
parse_class(parser *ps, frag *f)
{
	int32_t s = ps->i, j = s + 1, depth = 1;

	if (j < ps->n && ps->p[j] == '^')
		j++;
	if (j < ps->n && ps->p[j] == ']') {
		ps->fail = true;	/* a leading ']': leave it to ICU */
		frag_eps(f);
		return;
	}
	while (j < ps->n && depth > 0) {
		UChar c = ps->p[j];

		if (c == '\\') {
			if (j + 1 < ps->n && (ps->p[j + 1] == 'Q' || ps->p[j + 1] == 'E')) {
				ps->fail = true;
				frag_eps(f);
				return;
			}
			if (j + 2 < ps->n && ps->p[j + 2] == '{' &&
			    (ps->p[j + 1] == 'p' || ps->p[j + 1] == 'P' || ps->p[j + 1] == 'N' ||
			     ps->p[j + 1] == 'x')) {
				j = close_brace(ps, j + 2);
				if (j < 0)
					break;
			} else
				j += 2;
			continue;
		}
		if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		j++;
	}
	if (depth != 0 || j < 0 || j > ps->n) {
		ps->fail = true;
		frag_eps(f);
		return;
	}
	class_atom(ps, f, s, j);
}

static void parse_alt(parser *ps, frag *out);

/* A group at ps->i ('(').  *zero: a lookaround. */
static void
parse_group(parser *ps, frag *f, bool *zero)
{
	enum { PLAIN, AHEAD, NOT_AHEAD, BEHIND, NOT_BEHIND } kind = PLAIN;
	frag body;
	int saved;

	*zero = false;
	ps->i++;
	if (at(ps, '?')) {
		UChar c = ps->i + 1 < ps->n ? ps->p[ps->i + 1] : 0;

		ps->i += 2;
		if (c == ':' || c == '>')
			kind = PLAIN;
		else if (c == '=')
			kind = AHEAD;
		else if (c == '!')
			kind = NOT_AHEAD;
		else if (c == '<' && (at(ps, '=') || at(ps, '!'))) {
			kind = at(ps, '=') ? BEHIND : NOT_BEHIND;
			ps->i++;
		} else if (c == '<') {
			/* a named group (?<name>…) */
			while (ps->i < ps->n && ps->p[ps->i] != '>' &&
			       ((ps->p[ps->i] >= 'a' && ps->p[ps->i] <= 'z') ||
				(ps->p[ps->i] >= 'A' && ps->p[ps->i] <= 'Z') ||
				(ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9')))
				ps->i++;
			if (!at(ps, '>')) {
				ps->fail = true;
				frag_eps(f);
				return;
			}
			ps->i++;
		} else {
			/* inline flags, comments, …: not summarised */
			ps->fail = true;
			frag_eps(f);
			return;
		}
	}
	if (++ps->depth > MAX_DEPTH) {
		ps->fail = true;
		frag_eps(f);
		return;
	}
	if (kind != PLAIN)
		ps->look++;
	saved = ps->n_pos;
	parse_alt(ps, &body);
	if (kind != PLAIN) {
		ps->look--;
		ps->n_pos = saved;	/* a lookaround takes no text: no positions */
	}
	ps->depth--;
	if (!at(ps, ')')) {
		ps->fail = true;
		frag_eps(f);
		return;
	}
	ps->i++;
	if (kind == PLAIN) {
		*f = body;
		return;
	}
	*zero = true;
	frag_assert(f);
	if (kind == NOT_BEHIND && body.exact1) {
		f->has_nlb = true;
		f->nlb = body.pre[0];
	}
	if (kind == AHEAD) {
		f->la_len = body.min < K ? body.min : K;
		for (int j = 0; j < f->la_len; j++)
			f->la[j] = body.pre[j];
	}
}

static int32_t
read_count(parser *ps)
{
	int32_t v = 0;
	bool any = false;

	while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9') {
		v = v > 100000000 ? v : v * 10 + (ps->p[ps->i] - '0');
		ps->i++;
		any = true;
	}
	return any ? v : -1;
}

static void
parse_item(parser *ps, frag *f)
{
	bool zero = false;
	int32_t m, n;
	UChar c = ps->p[ps->i];

	switch (c) {
	case '(':
		parse_group(ps, f, &zero);
		break;
	case '[':
		parse_class(ps, f);
		break;
	case '.':
		class_atom(ps, f, ps->i, ps->i + 1);
		break;
	case '^':
	case '$':
		ps->i++;
		frag_assert(f);
		if (c == '^')
			f->lead = ps->anchored = true;
		zero = true;
		break;
	case '\\':
		parse_escape(ps, f, &zero);
		break;
	case '*': case '+': case '?': case '{': case '}': case ']':
		ps->fail = true;
		frag_eps(f);
		return;
	default: {
		UChar32 cp;
		int32_t k = ps->i;

		U16_NEXT(ps->p, k, ps->n, cp);
		ps->i = k;
		frag_atom(f, add_atom(ps, true, cp, 0, 0));
		f->g = g_atom(ps, add_atom(ps, true, cp, 0, 0));
	}
	}
	ps->rep = false;	/* whatever the items inside said */
	if (ps->fail || ps->i >= ps->n)
		return;
	c = ps->p[ps->i];
	if (c == '*')
		m = 0, n = INF, ps->i++;
	else if (c == '+')
		m = 1, n = INF, ps->i++;
	else if (c == '?')
		m = 0, n = 1, ps->i++;
	else if (c == '{') {
		ps->i++;
		m = read_count(ps);
		n = m;
		if (at(ps, ',')) {
			ps->i++;
			n = at(ps, '}') ? INF : read_count(ps);
		}
		if (m < 0 || n < 0 || n < m || !at(ps, '}')) {
			ps->fail = true;
			return;
		}
		ps->i++;
	} else
		return;
	if (at(ps, '?') || at(ps, '+'))
		ps->i++;		/* lazy, possessive: a subset of the same language */
	if (zero || f->max == 0) {
		ps->fail = true;	/* a repeated assertion: left to ICU */
		return;
	}
	if (n > 1 && ps->look > 0)
		ps->look_loop = true;
	if (f->exact1) {
		ps->rep = true;
		ps->rep_m = m;
		ps->rep_n = n;
		ps->rep_set = f->pre[0];
	}
	{
		struct glu g = g_repeat(ps, f->g, f->min == 0, m, n);

		frag_repeat(f, f, m, n);
		f->g = g;
	}
}

static void
parse_alt(parser *ps, frag *out)
{
	frag seq, item;
	bool first = true;

	for (;;) {
		frag_eps(&seq);
		seq.g = g_empty(ps);
		while (!ps->fail && ps->i < ps->n && ps->p[ps->i] != '|' && ps->p[ps->i] != ')') {
			struct glu g;

			parse_item(ps, &item);
			g = g_concat(ps, seq.g, seq.min == 0, item.g, item.min == 0);
			frag_concat(&seq, &seq, &item);
			seq.g = g;
		}
		if (first)
			*out = seq;
		else {
			struct glu g = g_alt(out->g, seq.g);

			frag_alt(out, &seq);
			out->g = g;
		}
		first = false;
		if (ps->fail || !at(ps, '|'))
			return;
		ps->i++;
	}
}

/* ---- sets of the summary, shared in the pool ---- */

static tercume_status
intern_class(tu_rx_pool *p, const UChar *text, int32_t len, tu_rx_class **out)
{
	tu_rx_class *k;
	UParseError pe;
	UErrorCode err = U_ZERO_ERROR;

	*out = NULL;
	for (size_t i = 0; i < p->n_cls; i++)
		if (p->cls[i]->len == len &&
		    memcmp(p->cls[i]->text, text, sizeof(UChar) * (size_t)len) == 0) {
			*out = p->cls[i];
			return TERCUME_OK;
		}
	if (!grow((void **)&p->cls, &p->cap_cls, p->n_cls, sizeof *p->cls))
		return TERCUME_ENOMEM;
	k = calloc(1, sizeof *k);
	if (k == NULL)
		return TERCUME_ENOMEM;
	k->text = malloc(sizeof(UChar) * (size_t)(len + 1));
	if (k->text == NULL) {
		free(k);
		return TERCUME_ENOMEM;
	}
	memcpy(k->text, text, sizeof(UChar) * (size_t)len);
	k->len = len;
	k->re = uregex_open(k->text, len, 0, &pe, &err);
	if (U_FAILURE(err)) {
		/* Out of memory, or the parser cut the class wrong: then it is
		 * not summarised (*out stays NULL). */
		free(k->text);
		free(k);
		return err == U_MEMORY_ALLOCATION_ERROR ? TERCUME_ENOMEM : TERCUME_OK;
	}
	p->cls[p->n_cls++] = k;
	*out = k;
	return TERCUME_OK;
}

static int
cmp_cp(const void *a, const void *b)
{
	UChar32 x = *(const UChar32 *)a, y = *(const UChar32 *)b;
	return x < y ? -1 : x > y;
}

/* The pool's set for the atoms in a; *bad when a class did not compile. */
static tercume_status
intern_set(tu_rx_pool *p, const parser *ps, const aset *a, tu_rx_set **out, bool *bad)
{
	UChar32 lit[MAX_ATOMS];
	tu_rx_class *cls[MAX_ATOMS];
	size_t n_lit = 0, n_cls = 0;
	tu_rx_set *s;
	tercume_status st;

	*out = NULL;
	for (int k = 0; k < ps->n_atoms; k++) {
		const atom *t = &ps->atoms[k];

		if (!(a->w[k / 64] >> (k % 64) & 1))
			continue;
		if (t->lit) {
			lit[n_lit++] = t->c;
			continue;
		}
		st = intern_class(p, ps->p + t->at, t->len, &cls[n_cls]);
		if (st != TERCUME_OK)
			return st;
		if (cls[n_cls] == NULL) {
			*bad = true;
			return TERCUME_OK;
		}
		n_cls++;
	}
	qsort(lit, n_lit, sizeof lit[0], cmp_cp);
	for (size_t i = 0; i < p->n_sets; i++) {
		s = p->sets[i];
		if (s->n_lit == n_lit && s->n_cls == n_cls &&
		    memcmp(s->lit, lit, sizeof lit[0] * n_lit) == 0 &&
		    memcmp(s->cls, cls, sizeof cls[0] * n_cls) == 0) {
			*out = s;
			return TERCUME_OK;
		}
	}
	if (!grow((void **)&p->sets, &p->cap_sets, p->n_sets, sizeof *p->sets))
		return TERCUME_ENOMEM;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return TERCUME_ENOMEM;
	s->lit = malloc(sizeof lit[0] * (n_lit + 1));
	s->cls = malloc(sizeof cls[0] * (n_cls + 1));
	if (s->lit == NULL || s->cls == NULL) {
		free(s->lit);
		free(s->cls);
		free(s);
		return TERCUME_ENOMEM;
	}
	memcpy(s->lit, lit, sizeof lit[0] * n_lit);
	memcpy(s->cls, cls, sizeof cls[0] * n_cls);
	s->n_lit = n_lit;
	s->n_cls = n_cls;
	p->sets[p->n_sets++] = s;
	*out = s;
	return TERCUME_OK;
}

static tercume_status
make_nfa(tu_rx_pool *p, const parser *ps, const frag *f, tu_rx_nfa **out, bool *bad)
{
	tu_rx_nfa *a;
	int atom_of[MAX_ATOMS];
	tercume_status st = TERCUME_OK;

	*out = NULL;
	if (!grow((void **)&p->nfas, &p->cap_nfas, p->n_nfas, sizeof *p->nfas))
		return TERCUME_ENOMEM;
	a = calloc(1, sizeof *a);
	if (a == NULL)
		return TERCUME_ENOMEM;
	p->nfas[p->n_nfas++] = a;
	a->n = ps->n_pos;
	a->first = f->g.first;
	a->last = f->g.last;
	a->nullable = f->min == 0;
	for (int k = 0; k < MAX_ATOMS; k++)
		atom_of[k] = -1;
	for (int q = 0; q < a->n; q++) {
		int id = ps->pos_atom[q];

		a->follow[q] = ps->follow[q] & (a->n == 64 ? ~0ull : (1ull << a->n) - 1);
		for (uint64_t b = a->follow[q]; b; b &= b - 1)
			a->prec[__builtin_ctzll(b)] |= 1ull << q;
		if (atom_of[id] < 0) {
			aset one;

			memset(&one, 0, sizeof one);
			one.w[id / 64] = 1ull << (id % 64);
			st = intern_set(p, ps, &one, &a->atom[a->n_atoms], bad);
			if (st != TERCUME_OK || *bad)
				return st;
			atom_of[id] = a->n_atoms++;
		}
		a->atom_pos[atom_of[id]] |= 1ull << q;
	}
	*out = a;
	return TERCUME_OK;
}

/* A pattern that opens with a repeated set of code points, X{m,n} R (as
 * "\s+[•◦]"): the set, the counts, and how R's matches begin. */
static tercume_status
summarise_skip(tu_rx_pool *p, const UChar *pat, int32_t len, tu_rx_sum *out)
{
	parser *ps = calloc(1, sizeof *ps);
	tercume_status st = TERCUME_OK;
	bool bad = false;
	frag first, rest, item;

	if (ps == NULL)
		return TERCUME_ENOMEM;
	ps->p = pat;
	ps->n = len;
	parse_item(ps, &first);
	if (!ps->fail && ps->rep && ps->rep_n > 0) {
		frag_eps(&rest);
		while (!ps->fail && ps->i < ps->n && ps->p[ps->i] != '|' && ps->p[ps->i] != ')') {
			parse_item(ps, &item);
			frag_concat(&rest, &rest, &item);
		}
		if (!ps->fail && ps->i == ps->n && rest.min > 0) {
			st = intern_set(p, ps, &ps->rep_set, &out->skip, &bad);
			for (int j = 0; st == TERCUME_OK && !bad && j < K && j < rest.min; j++)
				st = intern_set(p, ps, &rest.pre[j], &out->rest_pre[j], &bad);
			if (st == TERCUME_OK && !bad) {
				out->skip_min = ps->rep_m;
				out->skip_max = ps->rep_n;
				out->rest_min = rest.min;
			} else
				out->skip = NULL;
		}
	}
	free(ps);
	return st;
}

tercume_status
tu_rx_summarise(tu_rx_pool *p, const UChar *pat, int32_t len, tu_rx_sum *out)
{
	parser *ps = calloc(1, sizeof *ps);
	tercume_status st = TERCUME_OK;
	bool bad = false;
	frag f;

	memset(out, 0, sizeof *out);
	if (ps == NULL)
		return TERCUME_ENOMEM;
	ps->p = pat;
	ps->n = len;
	parse_alt(ps, &f);
	if (ps->fail || ps->i != ps->n)
		goto out;
	st = summarise_skip(p, pat, len, out);
	if (st != TERCUME_OK)
		goto out;
	out->minlen = f.min;
	out->maxlen = f.max;
	out->anchored = ps->anchored;
	out->lead = f.lead;
	out->look_loop = ps->look_loop;
	out->la_len = f.la_len;
	for (int j = 0; st == TERCUME_OK && !bad && j < K && j < f.min; j++) {
		st = intern_set(p, ps, &f.pre[j], &out->pre[j], &bad);
		if (st == TERCUME_OK && !bad)
			st = intern_set(p, ps, &f.suf[j], &out->suf[j], &bad);
	}
	for (int j = 0; st == TERCUME_OK && !bad && j < f.la_len; j++)
		st = intern_set(p, ps, &f.la[j], &out->la[j], &bad);
	if (st == TERCUME_OK && !bad)
		st = intern_set(p, ps, &f.alph, &out->alph, &bad);
	if (st == TERCUME_OK && !bad && f.has_nlb)
		st = intern_set(p, ps, &f.nlb, &out->nlb, &bad);
	if (st == TERCUME_OK && !bad && !ps->nfa_fail && ps->n_pos > 0)
		st = make_nfa(p, ps, &f, &out->nfa, &bad);
	out->known = st == TERCUME_OK && !bad;
out:
	if (!out->known) {
		bool ok = st == TERCUME_OK;
		memset(out, 0, sizeof *out);
		st = ok ? TERCUME_OK : st;
	}
	free(ps);
	return st;
}
