/* update.c — bringing a catalogue up to date with a re-segmented article,
 * and filling it from a translation memory.
 *
 * Exact matches are found by ID and by source text.  Fuzzy matches are found
 * in two steps, so that the work grows about linearly with the catalogue:
 * an inverted index of character trigrams proposes the few candidates that
 * share the most trigrams with the new sentence (scanning the rarest
 * trigrams first, within a fixed budget), and a banded Levenshtein distance
 * over code points verifies them.  doc/update.md explains the choices. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


enum {
	TOP_CANDIDATES = 8,	/* candidates verified per sentence */
	SCAN_BUDGET = 4000	/* postings scanned per sentence, at most */
};

/* ---- similarity ---- */

/* The code points of a sentence without its inline codes: similarity is
 * a matter of text (doc/update.md). */
static uint32_t *
decode(const char *s, size_t *n)
{
	return (uint32_t *)tu_utf8_decode(s, strlen(s), false, n);
}

/* The Levenshtein distance of a and b if it is at most maxd, else maxd + 1.
 * Only the diagonal band of width 2 * maxd + 1 is computed.  work holds
 * 2 * (m + 1) cells. */
static size_t
levenshtein(const uint32_t *a, size_t n, const uint32_t *b, size_t m, size_t maxd,
	    size_t *work)
{
	const size_t big = maxd + 1;
	size_t *prev = work, *cur = work + m + 1;

	if ((n > m ? n - m : m - n) > maxd)
		return big;
	for (size_t j = 0; j <= m; j++)
		prev[j] = cur[j] = j <= maxd ? j : big;
	for (size_t i = 1; i <= n; i++) {
		size_t jlo = i > maxd ? i - maxd : 1;
		size_t jhi = i + maxd < m ? i + maxd : m;
		size_t rowmin = big, *t;

		cur[jlo - 1] = jlo == 1 ? (i <= maxd ? i : big) : big;
		for (size_t j = jlo; j <= jhi; j++) {
			size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (v > big)
				v = big;
			cur[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (jhi < m)
			cur[jhi + 1] = big;
		if (rowmin > maxd)
			return big;
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[m] <= maxd ? prev[m] : big;
}

/* floor(100 * (L - d) / L) for the longer length L. */
static int
score_of(size_t n, size_t m, size_t d)
{
	size_t l = n > m ? n : m;

	return l == 0 ? 100 : (int)(100 * (l - d) / l);
}

/* The largest distance that still scores at least threshold. */
static size_t
max_distance(size_t n, size_t m, int threshold)
{
	size_t l = n > m ? n : m;

	return l * (size_t)(100 - threshold) / 100;
}

int
tercume_similarity(const char *a, const char *b)
{
	size_t n, m, d, *work;
	uint32_t *ca = decode(a, &n), *cb = decode(b, &m);
	int score = -1;

	work = malloc(2 * (m + 1) * sizeof *work);
	if (ca && cb && work) {
		d = levenshtein(ca, n, cb, m, n > m ? n : m, work);
		score = score_of(n, m, d);
	}
	free(ca);
	free(cb);
	free(work);
	return score;
}

/* ---- the trigram index ---- */

/* The distinct trigrams of s (bytes, ASCII folded to lower case, with an
 * end mark on each side; inline codes left out), sorted. */
static uint32_t *
trigrams(const char *coded, size_t *n)
{
	char *plain = NULL;
	const char *s = coded;
	size_t len, k = 0;
	uint32_t *t;
	unsigned char prev2 = 0x02, prev1;

	if (tu_has_markers(coded, strlen(coded))) {
		if ((plain = tu_strip_markers(coded, strlen(coded), NULL)) == NULL)
			return NULL;
		s = plain;
	}
	len = strlen(s);
	t = malloc((len + 1) * sizeof *t);
	if (t == NULL) {
		free(plain);
		return NULL;
	}
	if (len == 0) {
		*n = 0;
		free(plain);
		return t;
	}
	prev1 = (unsigned char)s[0];
	if (prev1 < 0x80 && prev1 >= 'A' && prev1 <= 'Z')
		prev1 += 'a' - 'A';
	for (size_t i = 1; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : 0x03;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		t[k++] = (uint32_t)prev2 << 16 | (uint32_t)prev1 << 8 | c;
		prev2 = prev1;
		prev1 = c;
	}
	*n = k;
	free(plain);
	return t;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, distinct trigrams of s. */
static uint32_t *
trigram_set(const char *s, size_t *n)
{
	size_t k, u = 0;
	uint32_t *t = trigrams(s, &k);

	if (t == NULL)
		return NULL;
	qsort(t, k, sizeof *t, cmp_u32);
	for (size_t i = 0; i < k; i++)
		if (u == 0 || t[u - 1] != t[i])
			t[u++] = t[i];
	*n = u;
	return t;
}

typedef struct cand {
	const tercume_entry *e;
	long old_index;		/* index in the old catalogue, -1 for the memory */
	uint32_t *cp;		/* code points of the source */
	size_t n_cp;
	size_t n_tri;		/* distinct trigrams */
} cand;

typedef struct tindex {
	cand *c;
	size_t n;
	size_t tm_start;	/* candidates from here on come from the memory */
	uint32_t *keys;		/* distinct trigrams, sorted */
	size_t *start;		/* postings of keys[i]: post[start[i] .. start[i + 1]) */
	uint32_t *post;		/* candidate numbers */
	size_t n_keys;
	/* scratch for queries */
	uint32_t *count;
	uint32_t *touched;
	size_t *work;
	size_t work_cap;
} tindex;

static void
tindex_free(tindex *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->c[i].cp);
	free(ix->c);
	free(ix->keys);
	free(ix->start);
	free(ix->post);
	free(ix->count);
	free(ix->touched);
	free(ix->work);
}

static tercume_status
tindex_add(tindex *ix, size_t *cap, const tercume_entry *e, long old_index)
{
	cand *c;

	if (ix->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		cand *p = realloc(ix->c, nc * sizeof *p);

		if (p == NULL)
			return TERCUME_ENOMEM;
		ix->c = p;
		*cap = nc;
	}
	c = &ix->c[ix->n];
	c->e = e;
	c->old_index = old_index;
	c->cp = decode(e->source, &c->n_cp);
	if (c->cp == NULL)
		return TERCUME_ENOMEM;
	ix->n++;
	return TERCUME_OK;
}

/* Builds the postings once every candidate is in. */
static tercume_status
tindex_build(tindex *ix)
{
	uint64_t *pairs = NULL;
	size_t n_pairs = 0, cap_pairs = 0, k;

	for (size_t i = 0; i < ix->n; i++) {
		size_t nt;
		uint32_t *t = trigram_set(ix->c[i].e->source, &nt);

		if (t == NULL)
			goto nomem;
		ix->c[i].n_tri = nt;
		if (n_pairs + nt > cap_pairs) {
			size_t nc = (n_pairs + nt) * 2;
			uint64_t *p = realloc(pairs, nc * sizeof *p);

			if (p == NULL) {
				free(t);
				goto nomem;
			}
			pairs = p;
			cap_pairs = nc;
		}
		for (size_t j = 0; j < nt; j++)
			pairs[n_pairs++] = (uint64_t)t[j] << 32 | (uint64_t)i;
		free(t);
	}
	if (n_pairs > 0)
		qsort(pairs, n_pairs, sizeof *pairs, cmp_u64);
	ix->post = malloc((n_pairs + 1) * sizeof *ix->post);
	ix->keys = malloc((n_pairs + 1) * sizeof *ix->keys);
	ix->start = malloc((n_pairs + 2) * sizeof *ix->start);
	ix->count = calloc(ix->n + 1, sizeof *ix->count);
	ix->touched = malloc((ix->n + 1) * sizeof *ix->touched);
	if (!ix->post || !ix->keys || !ix->start || !ix->count || !ix->touched)
		goto nomem;
	k = 0;
	for (size_t i = 0; i < n_pairs; i++) {
		uint32_t key = (uint32_t)(pairs[i] >> 32);

		if (k == 0 || ix->keys[k - 1] != key) {
			ix->keys[k] = key;
			ix->start[k] = i;
			k++;
		}
		ix->post[i] = (uint32_t)pairs[i];
	}
	ix->start[k] = n_pairs;
	ix->n_keys = k;
	free(pairs);
	return TERCUME_OK;
nomem:
	free(pairs);
	return TERCUME_ENOMEM;
}

static long
tindex_key(const tindex *ix, uint32_t key)
{
	size_t lo = 0, hi = ix->n_keys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->keys[mid] < key)
			lo = mid + 1;
		else if (ix->keys[mid] > key)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

typedef struct list_ref {
	size_t len;
	size_t key;
} list_ref;

static int
cmp_list(const void *a, const void *b)
{
	const list_ref *x = a, *y = b;

	return x->len < y->len ? -1 : x->len > y->len;
}

/* The best candidate for source scoring at least threshold, or -1; *score
 * gets its similarity.  Candidates before first are skipped. */
static tercume_status
tindex_query(tindex *ix, const char *source, int threshold, size_t first,
	     const size_t *owner, size_t exclude, long *best, int *score)
{
	size_t nt, n_lists = 0, n_touched = 0, scanned = 0, n_top = 0, n_cp;
	uint32_t *t = NULL, *cp = NULL;
	list_ref *lists = NULL;
	struct { uint32_t c; uint32_t shared; double dice; } top[TOP_CANDIDATES];
	bool complete = true;
	tercume_status st = TERCUME_ENOMEM;

	*best = -1;
	*score = 0;
	if (ix->n <= first)
		return TERCUME_OK;
	t = trigram_set(source, &nt);
	cp = decode(source, &n_cp);
	lists = malloc((nt + 1) * sizeof *lists);
	if (!t || !cp || !lists)
		goto out;
	for (size_t i = 0; i < nt; i++) {
		long k = tindex_key(ix, t[i]);

		if (k >= 0) {
			lists[n_lists].key = (size_t)k;
			lists[n_lists].len = ix->start[k + 1] - ix->start[k];
			n_lists++;
		}
	}
	/* The rarest trigrams first: they tell most about a sentence. */
	qsort(lists, n_lists, sizeof *lists, cmp_list);
	for (size_t i = 0; i < n_lists && scanned < SCAN_BUDGET; i++) {
		size_t s = ix->start[lists[i].key], e = ix->start[lists[i].key + 1];

		if (scanned > 0 && scanned + (e - s) > SCAN_BUDGET) {
			complete = false;
			break;
		}
		if (scanned + (e - s) > SCAN_BUDGET)
			complete = false;
		for (size_t p = s; p < e && scanned < SCAN_BUDGET; p++, scanned++) {
			uint32_t c = ix->post[p];

			if (c < first || (owner && owner[c] == exclude))
				continue;
			if (ix->count[c]++ == 0)
				ix->touched[n_touched++] = c;
		}
	}
	for (size_t i = 0; i < n_touched; i++) {
		uint32_t c = ix->touched[i];
		double dice = 2.0 * ix->count[c] / (double)(nt + ix->c[c].n_tri);
		size_t j;

		uint32_t shared = ix->count[c];

		ix->count[c] = 0;
		if (n_top == TOP_CANDIDATES && dice <= top[n_top - 1].dice)
			continue;
		j = n_top < TOP_CANDIDATES ? n_top++ : n_top - 1;
		while (j > 0 && (top[j - 1].dice < dice ||
				 (top[j - 1].dice == dice && top[j - 1].c > c))) {
			top[j] = top[j - 1];
			j--;
		}
		top[j].c = c;
		top[j].shared = shared;
		top[j].dice = dice;
	}
	for (size_t i = 0; i < n_top; i++) {
		cand *c = &ix->c[top[i].c];
		/* once a match is found, only a better one is worth verifying */
		int need = *best >= 0 ? *score : threshold;
		size_t maxd = max_distance(n_cp, c->n_cp, need), d;
		int s;

		if ((n_cp > c->n_cp ? n_cp - c->n_cp : c->n_cp - n_cp) > maxd)
			continue;
		/* an edit changes at most 3 distinct trigrams: when every list
		 * was scanned, the trigrams not shared bound the distance */
		if (complete && ((nt > top[i].shared ? nt - top[i].shared : 0) > 3 * maxd ||
		    (c->n_tri > top[i].shared ? c->n_tri - top[i].shared : 0) > 3 * maxd))
			continue;

		if (c->n_cp + 1 > ix->work_cap) {
			size_t *w = realloc(ix->work, 2 * (c->n_cp + 1) * sizeof *w);

			if (w == NULL)
				goto out;
			ix->work = w;
			ix->work_cap = c->n_cp + 1;
		}
		d = levenshtein(cp, n_cp, c->cp, c->n_cp, maxd, ix->work);
		if (d > maxd)
			continue;
		s = score_of(n_cp, c->n_cp, d);
		if (*best < 0 || s > *score || (s == *score && top[i].c < (uint32_t)*best)) {
			*score = s;
			*best = (long)top[i].c;
		}
	}
	st = TERCUME_OK;
out:
	free(t);
	free(cp);
	free(lists);
	return st;
}

/* ---- updating ---- */

/* A unit of the new article. */
typedef struct nunit {
	const char *id;
	const char *source;
	const tercume_code *codes;	/* of source */
	size_t n_codes;
	tercume_place place;
	const char *context;	/* NULL: made from place */
	const char *reference;
	char *owned_reference;
	long verbatim;		/* >= 0: old's entry of that index, copied as it is
				   (a plural entry); -1: a unit */
} nunit;

static bool
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* An entry whose translation can serve as a suggestion. */
static bool
usable(const tercume_entry *e)
{
	return has_text(e->target) && e->state != TERCUME_STATE_UNTRANSLATED;
}

/* A string -> index map with open addressing, sized once for n keys; the
 * keys belong to the catalogues and outlive it. */
typedef struct smap {
	const char **key;
	uint64_t *hash;
	long *val;
	size_t mask;
} smap;

static bool
smap_init(smap *m, size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n + 16)
		cap *= 2;
	m->mask = cap - 1;
	m->key = calloc(cap, sizeof *m->key);
	m->hash = malloc(cap * sizeof *m->hash);
	m->val = malloc(cap * sizeof *m->val);
	return m->key && m->hash && m->val;
}

static void
smap_free(smap *m)
{
	free(m->key);
	free(m->hash);
	free(m->val);
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t
smap_slot(const smap *m, const char *key, uint64_t h)
{
	size_t i = (size_t)h & m->mask;

	while (m->key[i] && (m->hash[i] != h || strcmp(m->key[i], key) != 0))
		i = (i + 1) & m->mask;
	return i;
}

static long
smap_get(const smap *m, const char *key)
{
	size_t i = smap_slot(m, key, fnv1a(key));

	return m->key[i] ? m->val[i] : -1;
}

/* Adds key -> val unless key is there; returns the value it maps to. */
static long
smap_put(smap *m, const char *key, long val)
{
	uint64_t h = fnv1a(key);
	size_t i = smap_slot(m, key, h);

	if (m->key[i] == NULL) {
		m->key[i] = key;
		m->hash[i] = h;
		m->val[i] = val;
	}
	return m->val[i];
}

/* ---- a memory shared by the updates of a project ----
 *
 * The translated units of every article of a project, indexed once (the
 * same trigram index as above) and then only read, by as many updates and
 * threads as there are articles.  Each pair remembers the article it came
 * from, so that an article's update leaves its own units out: they are
 * its old catalogue, which the update handles itself (doc/project.md). */
struct tu_memory {
	tercume_entry *e;	/* source and target owned here; state translated */
	size_t *owner;		/* the article of each pair, or TU_MEMORY_SHARED */
	size_t n, cap;
	tu_map *pairs;		/* "LEN:source" "target" -> index */
	smap by_source;		/* source -> first pair; chain in next */
	long *next;
	tindex ix;		/* candidate i is pair i */
	bool built;
};

tu_memory *
tu_memory_new(void)
{
	tu_memory *m = calloc(1, sizeof *m);

	if (m && (m->pairs = tu_map_new(1024)) == NULL) {
		free(m);
		m = NULL;
	}
	return m;
}

void
tu_memory_free(tu_memory *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free((char *)m->e[i].source);
		free((char *)m->e[i].target);
	}
	tindex_free(&m->ix);
	smap_free(&m->by_source);
	free(m->next);
	free(m->e);
	free(m->owner);
	tu_map_free(m->pairs);
	free(m);
}

size_t
tu_memory_count(const tu_memory *m)
{
	return m ? m->n : 0;
}

tercume_status
tu_memory_add(tu_memory *m, const char *source, const char *target, size_t owner)
{
	tu_buf key = TU_BUF_INIT;
	bool added = false;
	size_t *slot;
	char *k;

	if (m->built)
		return TERCUME_EUSAGE;
	if (!has_text(source) || !has_text(target))
		return TERCUME_OK;
	tu_buf_printf(&key, "%zu:%s%s", strlen(source), source, target);
	if (tu_buf_finish(&key, &k, NULL) != TERCUME_OK)
		return TERCUME_ENOMEM;
	slot = tu_map_slot(m->pairs, k, &added);
	free(k);
	if (slot == NULL)
		return TERCUME_ENOMEM;
	if (!added) {
		/* the same pair in a second article: no article's own any more */
		if (m->owner[*slot] != owner)
			m->owner[*slot] = TU_MEMORY_SHARED;
		return TERCUME_OK;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		tercume_entry *e = realloc(m->e, cap * sizeof *e);
		size_t *o;

		if (e == NULL)
			return TERCUME_ENOMEM;
		m->e = e;
		o = realloc(m->owner, cap * sizeof *o);
		if (o == NULL)
			return TERCUME_ENOMEM;
		m->owner = o;
		m->cap = cap;
	}
	memset(&m->e[m->n], 0, sizeof m->e[m->n]);
	m->e[m->n].id = "";
	m->e[m->n].source = tu_strdup(source);
	m->e[m->n].target = tu_strdup(target);
	m->e[m->n].state = TERCUME_STATE_TRANSLATED;
	m->owner[m->n] = owner;
	if (m->e[m->n].source == NULL || m->e[m->n].target == NULL) {
		free((char *)m->e[m->n].source);
		free((char *)m->e[m->n].target);
		return TERCUME_ENOMEM;
	}
	*slot = m->n++;
	return TERCUME_OK;
}

tercume_status
tu_memory_build(tu_memory *m)
{
	size_t cap = 0;
	long *tail;

	if (m->built)
		return TERCUME_OK;
	m->next = malloc((m->n + 1) * sizeof *m->next);
	tail = malloc((m->n + 1) * sizeof *tail);
	if (m->next == NULL || tail == NULL || !smap_init(&m->by_source, m->n)) {
		free(tail);
		return TERCUME_ENOMEM;
	}
	for (size_t i = 0; i < m->n; i++) {
		long head = smap_put(&m->by_source, m->e[i].source, (long)i);

		/* chain the pairs with one source, in the order they came */
		m->next[i] = -1;
		tail[i] = (long)i;
		if (head != (long)i) {
			m->next[tail[head]] = (long)i;
			tail[head] = (long)i;
		}
		if (tindex_add(&m->ix, &cap, &m->e[i], -1) != TERCUME_OK) {
			free(tail);
			return TERCUME_ENOMEM;
		}
	}
	free(tail);
	if (tindex_build(&m->ix) != TERCUME_OK)
		return TERCUME_ENOMEM;
	/* the scratch space belongs to each query's view (memory_view) */
	free(m->ix.count);
	free(m->ix.touched);
	m->ix.count = NULL;
	m->ix.touched = NULL;
	m->built = true;
	return TERCUME_OK;
}

/* The first pair with this source that is not the excluded article's. */
static const tercume_entry *
memory_exact(const tu_memory *m, const char *source, size_t exclude)
{
	if (!m->built || m->n == 0)
		return NULL;
	for (long k = smap_get(&m->by_source, source); k >= 0; k = m->next[k])
		if (m->owner[k] != exclude)
			return &m->e[k];
	return NULL;
}

/* A copy of the memory's index with scratch space of its own, so that any
 * number of updates query it at once. */
static bool
memory_view(const tu_memory *m, tindex *view)
{
	*view = m->ix;
	view->count = calloc(m->ix.n + 1, sizeof *view->count);
	view->touched = malloc((m->ix.n + 1) * sizeof *view->touched);
	view->work = NULL;
	view->work_cap = 0;
	if (view->count == NULL || view->touched == NULL) {
		free(view->count);
		free(view->touched);
		view->count = view->touched = NULL;
		return false;
	}
	return true;
}

static tercume_status
update_core(const tercume_catalog *old, const nunit *units, size_t n_units,
	    const char *source_path, const tercume_update_options *opts,
	    const tu_memory *mem, size_t exclude,
	    tercume_catalog **out, tercume_update_stats *stats)
{
	const tercume_update_options defaults = TERCUME_UPDATE_OPTIONS_INIT;
	size_t n_old = tercume_catalog_count(old), cap = 0;
	tercume_update_stats s = { 0 };
	smap by_id = { 0 }, by_source = { 0 }, tm_source = { 0 };
	long *next = NULL, *tail = NULL, *match = NULL;
	unsigned char *used = NULL;	/* 1 kept, 2 fuzzy source */
	tercume_catalog *cat = NULL;
	tindex ix = { 0 }, mview = { 0 };
	tercume_status st = TERCUME_ENOMEM;
	size_t n_tm = 0, n_implicit = 0, n_explicit = 0;
	int threshold;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	threshold = opts->threshold;
	if (threshold < 1 || threshold > 100)
		return TERCUME_EUSAGE;
	next = malloc((n_old + 1) * sizeof *next);
	tail = malloc((n_old + 1) * sizeof *tail);
	used = calloc(n_old + 1, 1);
	match = malloc((n_units + 1) * sizeof *match);
	cat = tercume_catalog_new(tercume_catalog_source_lang(old),
				  tercume_catalog_target_lang(old));
	if (!smap_init(&by_id, n_old) || !smap_init(&by_source, n_old) ||
	    !next || !tail || !used || !match || !cat)
		goto out;
	if (tercume_catalog_set_source_path(cat, source_path ? source_path
					    : tercume_catalog_source_path(old)) != TERCUME_OK)
		goto out;
	/* a PO header kept from the file stays with the catalogue */
	if (tercume_catalog_set_po_header(cat, tercume_catalog_po_header(old)) != TERCUME_OK ||
	    tercume_catalog_set_po_header_comments(cat, tercume_catalog_po_header_comments(old),
						   tercume_catalog_po_header_extracted(old),
						   tercume_catalog_po_header_fuzzy(old)) != TERCUME_OK)
		goto out;

	for (size_t i = 0; i < n_old; i++) {
		const tercume_entry *e = tercume_catalog_entry(old, i);

		long head;

		next[i] = -1;
		tail[i] = i;
		if (e->source_plural != NULL) {
			/* a plural entry (PO msgid_plural) is no unit: it is kept
			 * as it is, never matched, never made obsolete */
			used[i] = 3;
			continue;
		}
		if (e->state != TERCUME_STATE_OBSOLETE) {
			if (e->implicit_id)
				n_implicit++;
			else
				n_explicit++;
		}
		if (e->state != TERCUME_STATE_OBSOLETE && usable(e))
			s.translated_before++;

		if (e->state != TERCUME_STATE_OBSOLETE)
			smap_put(&by_id, e->id, (long)i);
		/* chain the entries with one source, in catalogue order */
		head = smap_put(&by_source, e->source, (long)i);
		if (head != (long)i) {
			next[tail[head]] = (long)i;
			tail[head] = (long)i;
		}
	}

	/* Exact matches: the same ID with the same source, then the same
	 * source under another ID (a repeat renumbered, an obsolete unit
	 * back), then a source already taken (one more repeat). */
	for (size_t i = 0; i < n_units; i++) {
		long k = units[i].verbatim >= 0 ? -1 : smap_get(&by_id, units[i].id);

		match[i] = -1;
		if (k >= 0 && !used[k] &&
		    strcmp(tercume_catalog_entry(old, (size_t)k)->source, units[i].source) == 0) {
			match[i] = k;
			used[k] = 1;
		}
	}
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n_units; i++) {
			if (match[i] >= 0 || units[i].verbatim >= 0)
				continue;
			for (long k = smap_get(&by_source, units[i].source); k >= 0; k = next[k]) {
				const tercume_entry *e = tercume_catalog_entry(old, (size_t)k);
				bool obs = e->state == TERCUME_STATE_OBSOLETE;

				if ((pass == 0 && !used[k] && !obs) ||
				    (pass == 1 && !used[k] && obs) ||
				    (pass == 2 && used[k] == 1 && !obs)) {
					match[i] = k;
					used[k] = 1;
					break;
				}
			}
		}

	/* Fuzzy candidates: the vanished and obsolete translations, then the
	 * memory's. */
	if (opts->tm) {
		n_tm = tercume_catalog_count(opts->tm);
		if (!smap_init(&tm_source, n_tm))
			goto out;
		for (size_t i = 0; i < n_tm; i++) {
			const tercume_entry *e = tercume_catalog_entry(opts->tm, i);

			if (usable(e) && e->state == TERCUME_STATE_TRANSLATED)
				smap_put(&tm_source, e->source, (long)i);
		}
	}
	if (opts->fuzzy) {
		for (size_t i = 0; i < n_old; i++) {
			const tercume_entry *e = tercume_catalog_entry(old, i);

			if (!used[i] && usable(e) && tindex_add(&ix, &cap, e, (long)i) != TERCUME_OK)
				goto out;
		}
		ix.tm_start = ix.n;
		for (size_t i = 0; i < n_tm; i++) {
			const tercume_entry *e = tercume_catalog_entry(opts->tm, i);

			if (usable(e) && tindex_add(&ix, &cap, e, -1) != TERCUME_OK)
				goto out;
		}
		if (tindex_build(&ix) != TERCUME_OK)
			goto out;
	}

	for (size_t i = 0; i < n_units; i++) {
		const nunit *u = &units[i];
		tercume_entry e = { 0 };
		const tercume_entry *tm_hit = NULL;
		long best = -1;
		int score = 0;

		if (u->verbatim >= 0) {
			e = *tercume_catalog_entry(old, (size_t)u->verbatim);
			e.line = 0;
			goto add;
		}
		e.id = u->id;
		e.source = u->source;
		e.source_codes = u->codes;
		e.n_source_codes = u->n_codes;
		e.place = u->place;
		e.context = u->context;
		e.reference = u->reference;
		e.state = TERCUME_STATE_UNTRANSLATED;
		/* a catalogue without msgctxt stays without (but for a repeated
		 * sentence, which needs its ID to be a second PO entry) */
		e.implicit_id = n_implicit > n_explicit && strchr(u->id, '-') == NULL;
		if (match[i] >= 0) {
			const tercume_entry *o = tercume_catalog_entry(old, (size_t)match[i]);

			e.target = o->target;
			e.target_codes = o->target_codes;
			e.n_target_codes = o->n_target_codes;
			e.state = o->state;
			e.implicit_id = o->implicit_id && strcmp(o->id, u->id) == 0;
			e.comment = o->comment;
			e.previous_source = o->previous_source;
			e.previous_codes = o->previous_codes;
			e.n_previous_codes = o->n_previous_codes;
			e.format_state = o->format_state;
			e.match_score = o->match_score;
			if (o->state == TERCUME_STATE_OBSOLETE) {
				e.state = !has_text(o->target) ? TERCUME_STATE_UNTRANSLATED
					: o->previous_source ? TERCUME_STATE_FUZZY
					: TERCUME_STATE_TRANSLATED;
				e.format_state = NULL;
			}
			if (e.state != TERCUME_STATE_UNTRANSLATED || has_text(e.target)) {
				s.kept++;
				goto add;
			}
		}
		/* Untranslated: the memory, exact, then fuzzy. */
		if (opts->tm) {
			long k = smap_get(&tm_source, u->source);

			if (k >= 0)
				tm_hit = tercume_catalog_entry(opts->tm, (size_t)k);
		}
		if (tm_hit == NULL && mem)
			tm_hit = memory_exact(mem, u->source, exclude);
		if (tm_hit) {
			e.target = tm_hit->target;
			e.target_codes = tm_hit->target_codes;
			e.n_target_codes = tm_hit->n_target_codes;
			e.state = TERCUME_STATE_TRANSLATED;
			e.previous_source = NULL;
			e.previous_codes = NULL;
			e.n_previous_codes = 0;
			e.format_state = NULL;
			e.match_score = 0;
			s.tm_exact++;
			goto add;
		}
		if (opts->fuzzy) {
			st = tindex_query(&ix, u->source, threshold,
					  match[i] >= 0 ? ix.tm_start : 0, NULL, 0, &best, &score);
			if (st != TERCUME_OK)
				goto out;
			st = TERCUME_ENOMEM;
		}
		/* The project's memory: only a better match than the article's
		 * own vanished units and the memory file give (ties go to those). */
		if (opts->fuzzy && mem && mem->ix.n > 0 && (best < 0 || score < 100)) {
			long mbest = -1;
			int mscore = 0;

			if (mview.count == NULL && !memory_view(mem, &mview))
				goto out;
			st = tindex_query(&mview, u->source, best >= 0 ? score + 1 : threshold, 0,
					  mem->owner, exclude, &mbest, &mscore);
			if (st != TERCUME_OK)
				goto out;
			st = TERCUME_ENOMEM;
			if (mbest >= 0) {
				const tercume_entry *me = mem->ix.c[mbest].e;

				e.target = me->target;
				e.state = TERCUME_STATE_FUZZY;
				e.previous_source = me->source;
				e.format_state = NULL;
				e.match_score = mscore;
				s.tm_fuzzy++;
				s.fuzzy++;
				goto add;
			}
		}
		if (best >= 0) {
			const cand *c = &ix.c[best];

			e.target = c->e->target;
			e.target_codes = c->e->target_codes;
			e.n_target_codes = c->e->n_target_codes;
			e.state = TERCUME_STATE_FUZZY;
			e.previous_source = c->e->source;
			e.previous_codes = c->e->source_codes;
			e.n_previous_codes = c->e->n_source_codes;
			e.format_state = NULL;
			e.match_score = score;
			if (c->old_index >= 0) {
				if (match[i] < 0)
					e.comment = c->e->comment;
				if (!used[c->old_index])
					used[c->old_index] = 2;
			} else
				s.tm_fuzzy++;
			s.fuzzy++;
			goto add;
		}
		if (match[i] >= 0)
			s.kept++;
		else
			s.fresh++;
add:
		if ((st = tu_catalog_add(cat, &e, true, NULL, 0)) != TERCUME_OK)
			goto out;
		st = TERCUME_ENOMEM;
	}

	/* Plural entries not passed through above (an update with an
	 * article: they are no units of it) go after the units. */
	for (size_t i = 0; i < n_old; i++) {
		tercume_entry e;
		bool emitted = false;

		if (tercume_catalog_entry(old, i)->source_plural == NULL)
			continue;
		for (size_t k = 0; k < n_units && !emitted; k++)
			emitted = units[k].verbatim == (long)i;
		if (emitted)
			continue;
		e = *tercume_catalog_entry(old, i);
		e.line = 0;
		if ((st = tercume_catalog_add(cat, &e)) != TERCUME_OK)
			goto out;
		st = TERCUME_ENOMEM;
	}

	/* Obsolete entries: those that already were, then those that left
	 * the article now. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n_old; i++) {
			const tercume_entry *o = tercume_catalog_entry(old, i);
			tercume_entry e;
			bool was = o->state == TERCUME_STATE_OBSOLETE;

			if (used[i] || was != (pass == 0))
				continue;
			if (!was && !has_text(o->target) && !has_text(o->comment)) {
				s.dropped++;
				continue;
			}
			e = *o;
			e.state = TERCUME_STATE_OBSOLETE;
			e.line = 0;
			if (!was)
				s.obsolete++;
			if (!was && usable(o))
				s.translated_lost++;
			if ((st = tu_catalog_add(cat, &e, true, NULL, 0)) != TERCUME_OK)
				goto out;
			st = TERCUME_ENOMEM;
		}
	st = TERCUME_OK;
out:
	smap_free(&by_id);
	smap_free(&by_source);
	smap_free(&tm_source);
	tindex_free(&ix);
	free(mview.count);
	free(mview.touched);
	free(mview.work);
	free(next);
	free(tail);
	free(used);
	free(match);
	if (st != TERCUME_OK) {
		tercume_catalog_free(cat);
		return st;
	}
	*out = cat;
	if (stats)
		*stats = s;
	return TERCUME_OK;
}

tercume_status
tercume_catalog_update(const tercume_catalog *old, const tercume_doc *new_doc,
		       const tercume_update_options *opts, tercume_catalog **out,
		       tercume_update_stats *stats)
{
	return tu_catalog_update_memory(old, new_doc, opts, NULL, 0, out, stats);
}

tercume_status
tu_catalog_update_memory(const tercume_catalog *old, const tercume_doc *new_doc,
			 const tercume_update_options *opts, const tu_memory *mem,
			 size_t exclude, tercume_catalog **out, tercume_update_stats *stats)
{
	size_t n = tercume_doc_unit_count(new_doc);
	nunit *units = calloc(n + 1, sizeof *units);
	const char *path = tercume_doc_source_path(new_doc);
	tercume_status st = TERCUME_ENOMEM;

	*out = NULL;
	if (units == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		tercume_unit_info info;
		tu_buf ref = TU_BUF_INIT;

		tercume_doc_unit(new_doc, i, &info);
		units[i].verbatim = -1;
		units[i].id = info.id;
		units[i].source = info.text;
		units[i].codes = info.codes;
		units[i].n_codes = info.n_codes;
		/* the place as numbers; the catalogue writes its note */
		units[i].place = info.place;
		tu_buf_printf(&ref, "%s:%lu", path ? path : "", info.line);
		if (tu_buf_finish(&ref, &units[i].owned_reference, NULL) != TERCUME_OK)
			goto out;
		units[i].reference = units[i].owned_reference;
	}
	st = update_core(old, units, n, path, opts, mem, exclude, out, stats);
out:
	for (size_t i = 0; i < n; i++)
		free(units[i].owned_reference);
	free(units);
	return st;
}

tercume_status
tercume_catalog_fill(const tercume_catalog *cat, const tercume_update_options *opts,
		     tercume_catalog **out, tercume_update_stats *stats)
{
	size_t n = tercume_catalog_count(cat), k = 0;
	nunit *units = calloc(n + 1, sizeof *units);
	tercume_status st;

	*out = NULL;
	if (units == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if (e->state == TERCUME_STATE_OBSOLETE)
			continue;
		units[k].verbatim = e->source_plural ? (long)i : -1;
		units[k].id = e->id;
		units[k].source = e->source;
		units[k].codes = e->source_codes;
		units[k].n_codes = e->n_source_codes;
		units[k].place = e->place;
		units[k].context = e->context;
		units[k].reference = e->reference;
		k++;
	}
	st = update_core(cat, units, k, NULL, opts, NULL, 0, out, stats);
	free(units);
	return st;
}

/* ---- is the update safe? ---- */

static const char *
base_name(const char *p)
{
	const char *slash = strrchr(p, '/');

	return slash ? slash + 1 : p;
}

tercume_status
tercume_update_check(const tercume_catalog *old, const tercume_doc *new_doc,
		     const tercume_update_stats *stats, tercume_reporter *rep)
{
	const char *file = tercume_catalog_file(old);
	const char *recorded = tercume_catalog_source_path(old);
	const char *article = tercume_doc_source_path(new_doc);
	struct stat sa, sr;

	if (file && file[0] == '\0')
		file = NULL;
	if (recorded && recorded[0] && article && strcmp(recorded, article) != 0) {
		bool same;

		if (stat(recorded, &sr) == 0 && stat(article, &sa) == 0)
			same = sr.st_dev == sa.st_dev && sr.st_ino == sa.st_ino;
		else	/* a tree moved, or a path written from elsewhere */
			same = strcmp(base_name(recorded), base_name(article)) == 0;
		if (!same) {
			tu_error(rep, file, 0, 0, "the catalogue was made from %s, not from %s; "
				 "refusing to update it, which would make its translations "
				 "obsolete (--force updates it all the same)", recorded, article);
			return TERCUME_EINPUT;
		}
	}
	if (stats && stats->translated_lost > 0 &&
	    stats->translated_lost * 2 > stats->translated_before) {
		tu_error(rep, file, 0, 0, "updating would make %zu of its %zu translations "
			 "obsolete: is it a catalogue of another article?  Refusing (--force "
			 "updates it all the same)", stats->translated_lost,
			 stats->translated_before);
		return TERCUME_EINPUT;
	}
	return TERCUME_OK;
}
