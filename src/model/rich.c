/* rich.c — rich text: coded text with its array of inline codes.
 *
 * A unit's text is one UTF-8 string in which each code or marker boundary
 * is one noncharacter, U+FDD0 plus its kind; the k-th of them stands for
 * the k-th code of the array beside the string.  Everything that works on
 * text (the segmenter, IDs, similarity, checks, word counts) sees one
 * string, and the codes ride along.  doc/rich-text.md has the reasons. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
	[TERCUME_RUN_TEXT] = "text",
	[TERCUME_RUN_OPEN] = "open",
	[TERCUME_RUN_CLOSE] = "close",
	[TERCUME_RUN_STANDALONE] = "ph",
	[TERCUME_RUN_ISOLATED_OPEN] = "iopen",
	[TERCUME_RUN_ISOLATED_CLOSE] = "iclose",
	[TERCUME_RUN_MARKER_START] = "mstart",
	[TERCUME_RUN_MARKER_END] = "mend",
};

const char *
tercume_run_kind_name(tercume_run_kind kind)
{
	if ((size_t)kind < sizeof kind_names / sizeof kind_names[0])
		return kind_names[kind];
	return "?";
}

bool
tu_kind_opens(tercume_run_kind k)
{
	return k == TERCUME_RUN_OPEN || k == TERCUME_RUN_ISOLATED_OPEN ||
	       k == TERCUME_RUN_MARKER_START;
}

bool
tu_kind_closes(tercume_run_kind k)
{
	return k == TERCUME_RUN_CLOSE || k == TERCUME_RUN_ISOLATED_CLOSE ||
	       k == TERCUME_RUN_MARKER_END;
}

/* ---- markers ---- */

void
tu_buf_put_marker(tu_buf *b, tercume_run_kind kind)
{
	char m[3] = { (char)0xEF, (char)0xB7, (char)(0x90 + (int)kind) };

	tu_buf_append(b, m, sizeof m);
}

size_t
tu_count_markers(const char *s, size_t len)
{
	size_t n = 0;
	const char *p = s, *end = s + len;

	/* Every marker starts with the byte EF, which ASCII never has. */
	while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
		if (tu_marker_at(s, len, (size_t)(p - s)) != TERCUME_RUN_TEXT) {
			n++;
			p += TU_MARKER_LEN;
		} else
			p++;
	}
	return n;
}

bool
tu_has_markers(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, 0xEF, (size_t)(end - p))) != NULL) {
		if (tu_marker_at(s, len, (size_t)(p - s)) != TERCUME_RUN_TEXT)
			return true;
		p++;
	}
	return false;
}

UChar32 *
tu_utf8_decode(const char *s, size_t len, bool markers, size_t *n)
{
	UChar32 *cp = malloc((len + 1) * sizeof *cp);
	size_t i = 0, k = 0;

	if (cp == NULL)
		return NULL;
	while (i < len) {
		if (!markers && tu_marker_at(s, len, i) != TERCUME_RUN_TEXT) {
			i += TU_MARKER_LEN;
			continue;
		}
		cp[k++] = tu_utf8_next(s, len, &i);
	}
	*n = k;
	return cp;
}

/* ---- code arrays ---- */

void
tu_code_free_strings(tercume_code *c)
{
	free((char *)c->id);
	free((char *)c->type);
	free((char *)c->subtype);
	free((char *)c->data);
	free((char *)c->display);
	free((char *)c->equiv);
	free((char *)c->ref);
	free((char *)c->value);
	free((char *)c->extra);
}

void
tu_codes_free(tercume_code *codes, size_t n)
{
	for (size_t i = 0; codes && i < n; i++)
		tu_code_free_strings(&codes[i]);
	free(codes);
}

static bool
code_copy(tercume_code *dst, const tercume_code *src)
{
	*dst = *src;
	dst->id = tu_strdup(src->id);
	dst->type = tu_strdup(src->type);
	dst->subtype = tu_strdup(src->subtype);
	dst->data = tu_strdup(src->data);
	dst->display = tu_strdup(src->display);
	dst->equiv = tu_strdup(src->equiv);
	dst->ref = tu_strdup(src->ref);
	dst->value = tu_strdup(src->value);
	dst->extra = tu_strdup(src->extra);
	if ((src->id && !dst->id) || (src->type && !dst->type) ||
	    (src->subtype && !dst->subtype) || (src->data && !dst->data) ||
	    (src->display && !dst->display) || (src->equiv && !dst->equiv) ||
	    (src->ref && !dst->ref) || (src->value && !dst->value) ||
	    (src->extra && !dst->extra)) {
		tu_code_free_strings(dst);
		return false;
	}
	return true;
}

tercume_status
tu_codes_dup(tercume_code **out, const tercume_code *codes, size_t n)
{
	tercume_code *v;

	*out = NULL;
	if (n == 0)
		return TERCUME_OK;
	v = calloc(n, sizeof *v);
	if (v == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!code_copy(&v[i], &codes[i])) {
			tu_codes_free(v, i);
			return TERCUME_ENOMEM;
		}
	*out = v;
	return TERCUME_OK;
}

/* ---- walking the runs ---- */

void
tu_runs_init_n(tercume_runs *it, const char *text, size_t len, const tercume_code *codes,
	       size_t n_codes)
{
	it->p = text ? text : "";
	it->end = it->p + (text ? len : 0);
	it->codes = codes;
	it->n_codes = n_codes;
	it->next = 0;
}

void
tercume_runs_init(tercume_runs *it, const char *text, const tercume_code *codes, size_t n_codes)
{
	it->p = text ? text : "";
	it->end = it->p + strlen(it->p);
	it->codes = codes;
	it->n_codes = n_codes;
	it->next = 0;
}

int
tercume_runs_next(tercume_runs *it, tercume_run *run)
{
	const char *s = it->p;
	size_t len = (size_t)(it->end - s), i = 0;
	tercume_run_kind k;

	if (len == 0)
		return 0;
	k = tu_marker_at(s, len, 0);
	if (k != TERCUME_RUN_TEXT) {
		if (it->next >= it->n_codes || it->codes[it->next].kind != k) {
			it->p = it->end;	/* inconsistent: stop */
			return 0;
		}
		run->kind = k;
		run->text = s;
		run->len = TU_MARKER_LEN;
		run->code = &it->codes[it->next];
		run->index = it->next++;
		it->p += TU_MARKER_LEN;
		return 1;
	}
	while (i < len) {
		const char *q = memchr(s + i, 0xEF, len - i);
		if (q == NULL) {
			i = len;
			break;
		}
		i = (size_t)(q - s);
		if (tu_marker_at(s, len, i) != TERCUME_RUN_TEXT)
			break;
		i++;
	}
	run->kind = TERCUME_RUN_TEXT;
	run->text = s;
	run->len = i;
	run->code = NULL;
	run->index = it->next;
	it->p += i;
	return 1;
}

int
tercume_rich_valid(const char *text, size_t len, const tercume_code *codes, size_t n_codes)
{
	size_t at, k = 0;

	if (text == NULL || (n_codes > 0 && codes == NULL))
		return 0;
	if (tu_text_check(text, len, true, &at) != TU_TEXT_OK)
		return 0;
	for (size_t i = 0; i + TU_MARKER_LEN <= len; i++) {
		tercume_run_kind kind = tu_marker_at(text, len, i);

		if (kind == TERCUME_RUN_TEXT)
			continue;
		if (k >= n_codes || codes[k].kind != kind || codes[k].id == NULL)
			return 0;
		k++;
		i += TU_MARKER_LEN - 1;
	}
	return k == n_codes;
}

/* ---- rendering ---- */

bool
tu_notation_id_ok(const char *id)
{
	if (id == NULL || *id == '\0')
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '-' || *p == '.' ||
		      *p == ':'))
			return false;
	return true;
}

size_t
tu_notation_tag_at(const char *s, size_t len, size_t i, tercume_run_kind *shape,
		   const char **id, size_t *id_len)
{
	size_t j = i + 1, start;
	bool close = false, alone = false;

	if (i >= len || s[i] != '<')
		return 0;
	if (j < len && s[j] == '/') {
		close = true;
		j++;
	}
	start = j;
	while (j < len && ((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'z') ||
			   (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_' || s[j] == '-' ||
			   s[j] == '.' || s[j] == ':'))
		j++;
	if (j == start)
		return 0;
	if (*id_len = j - start, *id = s + start, j < len && s[j] == '/' && !close) {
		alone = true;
		j++;
	}
	if (j >= len || s[j] != '>')
		return 0;
	*shape = alone ? TERCUME_RUN_STANDALONE : close ? TERCUME_RUN_CLOSE : TERCUME_RUN_OPEN;
	return j + 1 - i;
}

/* Appends text run s[0, n) in the notation: a '<' that would read as a tag
 * or as an escape, or that comes right before a code, is doubled. */
static void
notation_text(tu_buf *b, const char *s, size_t n, bool code_follows)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		tercume_run_kind shape;
		const char *id;
		size_t id_len;

		if (s[i] != '<')
			continue;
		if ((i + 1 < n && s[i + 1] == '<') || (i + 1 == n && code_follows) ||
		    tu_notation_tag_at(s, n, i, &shape, &id, &id_len) > 0) {
			tu_buf_append(b, s + run, i + 1 - run);
			tu_buf_putc(b, '<');
			run = i + 1;
		}
	}
	tu_buf_append(b, s + run, n - run);
}

static void
notation_code(tu_buf *b, const tercume_code *c)
{
	tu_buf_putc(b, '<');
	if (tu_kind_closes(c->kind))
		tu_buf_putc(b, '/');
	tu_buf_puts(b, c->id);
	if (c->kind == TERCUME_RUN_STANDALONE)
		tu_buf_putc(b, '/');
	tu_buf_putc(b, '>');
}

tercume_status
tu_rich_render_into(tu_buf *b, const char *text, size_t len, const tercume_code *codes,
		    size_t n_codes, tercume_render how)
{
	tercume_runs it;
	tercume_run r;
	bool pending = false;	/* a text run waits to know what follows */
	tercume_run last = { 0 };

	tu_runs_init_n(&it, text, len, codes, n_codes);
	while (tercume_runs_next(&it, &r)) {
		if (r.kind == TERCUME_RUN_TEXT) {
			if (how == TERCUME_RENDER_NOTATION) {
				last = r;
				pending = true;
			} else
				tu_buf_append(b, r.text, r.len);
			continue;
		}
		if (pending) {
			notation_text(b, last.text, last.len, true);
			pending = false;
		}
		switch (how) {
		case TERCUME_RENDER_PLAIN:
			break;
		case TERCUME_RENDER_DATA:
			if (r.code->data)
				tu_buf_puts(b, r.code->data);
			break;
		case TERCUME_RENDER_NOTATION:
			if (!tu_notation_id_ok(r.code->id))
				return TERCUME_EINPUT;
			notation_code(b, r.code);
			break;
		}
	}
	if (pending)
		notation_text(b, last.text, last.len, false);
	if (it.p != it.end)
		return TERCUME_EINPUT;	/* a marker without its code */
	return b->failed ? TERCUME_ENOMEM : TERCUME_OK;
}

tercume_status
tercume_rich_render(const char *text, const tercume_code *codes, size_t n_codes,
		    tercume_render how, char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	tercume_status st;

	*out = NULL;
	if (text == NULL || (unsigned)how > TERCUME_RENDER_DATA)
		return TERCUME_EUSAGE;
	st = tu_rich_render_into(&b, text, strlen(text), codes, n_codes, how);
	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, out, out_len);
}

/* ---- the builder ---- */

struct tercume_rich_builder {
	tu_buf text;
	tercume_code *codes;
	size_t n, cap;
	bool failed;
};

tercume_rich_builder *
tercume_rich_builder_new(void)
{
	return calloc(1, sizeof(tercume_rich_builder));
}

void
tercume_rich_builder_clear(tercume_rich_builder *b)
{
	for (size_t i = 0; i < b->n; i++)
		tu_code_free_strings(&b->codes[i]);
	b->n = 0;
	b->text.len = 0;
	if (b->text.data)
		b->text.data[0] = '\0';
	b->text.failed = false;
	b->failed = false;
}

void
tercume_rich_builder_free(tercume_rich_builder *b)
{
	if (b == NULL)
		return;
	tercume_rich_builder_clear(b);
	free(b->codes);
	tu_buf_free(&b->text);
	free(b);
}

tercume_status
tercume_rich_add_text(tercume_rich_builder *b, const char *s, size_t len)
{
	size_t at;

	if (b == NULL || (s == NULL && len > 0))
		return TERCUME_EUSAGE;
	if (tu_text_check(s, len, false, &at) != TU_TEXT_OK)
		return TERCUME_EINPUT;
	tu_buf_append(&b->text, s, len);
	return b->text.failed ? TERCUME_ENOMEM : TERCUME_OK;
}

/* Text in the fields of a code: UTF-8 without NUL or reserved characters. */
static bool
field_ok(const char *s)
{
	size_t at;

	return s == NULL || tu_text_check(s, strlen(s), false, &at) == TU_TEXT_OK;
}

bool
tu_code_fields_ok(const tercume_code *c)
{
	return field_ok(c->id) && field_ok(c->type) && field_ok(c->subtype) &&
	       field_ok(c->data) && field_ok(c->display) && field_ok(c->equiv) &&
	       field_ok(c->ref) && field_ok(c->value) && field_ok(c->extra);
}

tercume_status
tercume_rich_add_code(tercume_rich_builder *b, const tercume_code *code)
{
	if (b == NULL || code == NULL || code->id == NULL || code->id[0] == '\0' ||
	    code->kind <= TERCUME_RUN_TEXT || code->kind > TERCUME_RUN_MARKER_END)
		return TERCUME_EUSAGE;
	if (!tu_code_fields_ok(code))
		return TERCUME_EINPUT;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		tercume_code *v = realloc(b->codes, cap * sizeof *v);
		if (v == NULL)
			return TERCUME_ENOMEM;
		b->codes = v;
		b->cap = cap;
	}
	if (!code_copy(&b->codes[b->n], code))
		return TERCUME_ENOMEM;
	tu_buf_put_marker(&b->text, code->kind);
	if (b->text.failed) {
		tu_code_free_strings(&b->codes[b->n]);
		return TERCUME_ENOMEM;
	}
	b->n++;
	return TERCUME_OK;
}

static tercume_status
add_simple(tercume_rich_builder *b, tercume_run_kind kind, const char *id, const char *data,
	   const char *type)
{
	tercume_code c = { 0 };

	c.kind = kind;
	c.id = id;
	c.data = data;
	c.type = type;
	return tercume_rich_add_code(b, &c);
}

tercume_status
tercume_rich_open(tercume_rich_builder *b, const char *id, const char *data)
{
	return add_simple(b, TERCUME_RUN_OPEN, id, data, NULL);
}

tercume_status
tercume_rich_close(tercume_rich_builder *b, const char *id, const char *data)
{
	return add_simple(b, TERCUME_RUN_CLOSE, id, data, NULL);
}

tercume_status
tercume_rich_standalone(tercume_rich_builder *b, const char *id, const char *data)
{
	return add_simple(b, TERCUME_RUN_STANDALONE, id, data, NULL);
}

tercume_status
tercume_rich_marker_start(tercume_rich_builder *b, const char *id, const char *type)
{
	return add_simple(b, TERCUME_RUN_MARKER_START, id, NULL, type);
}

tercume_status
tercume_rich_marker_end(tercume_rich_builder *b, const char *id)
{
	return add_simple(b, TERCUME_RUN_MARKER_END, id, NULL, NULL);
}

const char *
tercume_rich_builder_text(const tercume_rich_builder *b, size_t *len)
{
	if (len)
		*len = b->text.len;
	return b->text.data ? b->text.data : "";
}

const tercume_code *
tercume_rich_builder_codes(const tercume_rich_builder *b, size_t *n)
{
	if (n)
		*n = b->n;
	return b->n ? b->codes : NULL;
}

/* ---- comparing a translation's codes with the source's ---- */

/* "<1>", "</1>", "<2/>": how a message names a code. */
static void
code_name(const tercume_code *c, char *buf, size_t size)
{
	snprintf(buf, size, "<%s%.40s%s>", tu_kind_closes(c->kind) ? "/" : "", c->id,
		 c->kind == TERCUME_RUN_STANDALONE ? "/" : "");
}

/* The key of a code: its kind and id. */
static void
code_key(const tercume_code *c, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%s", (int)c->kind, c->id);
}

typedef struct occ {
	size_t at;		/* byte offset of its marker in the text */
	size_t count;		/* occurrences in the text */
	size_t index;		/* its (first) index in the array */
} occ;

/* Where each code of a text is, by key: occ[k] for the k-th distinct one. */
typedef struct code_table {
	tu_map *map;
	occ *v;
	size_t n;
} code_table;

static tercume_status
table_build(code_table *t, const char *text, size_t len, const tercume_code *codes, size_t n)
{
	tercume_runs it;
	tercume_run r;

	t->n = 0;
	t->map = tu_map_new(n);
	t->v = calloc(n + 1, sizeof *t->v);
	if (t->map == NULL || t->v == NULL)
		return TERCUME_ENOMEM;
	tu_runs_init_n(&it, text, len, codes, n);
	while (tercume_runs_next(&it, &r)) {
		char key[300];
		bool added;
		size_t *slot;

		if (r.kind == TERCUME_RUN_TEXT)
			continue;
		code_key(r.code, key, sizeof key);
		slot = tu_map_slot(t->map, key, &added);
		if (slot == NULL)
			return TERCUME_ENOMEM;
		if (added) {
			*slot = t->n;
			t->v[t->n++] = (occ){ (size_t)(r.text - text), 0, r.index };
		}
		t->v[*slot].count++;
	}
	return TERCUME_OK;
}

static void
table_free(code_table *t)
{
	tu_map_free(t->map);
	free(t->v);
}

static const occ *
table_find(const code_table *t, const tercume_code *c)
{
	char key[300];
	size_t i;

	code_key(c, key, sizeof key);
	return tu_map_get(t->map, key, &i) ? &t->v[i] : NULL;
}

/* The kind that closes what kind k opens. */
static tercume_run_kind
closer_of(tercume_run_kind k)
{
	return k == TERCUME_RUN_OPEN ? TERCUME_RUN_CLOSE : TERCUME_RUN_MARKER_END;
}

/* The first pair of spans of the text that cross (<1><2></1></2>), by the
 * indexes of the inner opening and the outer closing; false if none. */
static bool
first_crossing(const char *text, size_t len, const tercume_code *codes, size_t n,
	       const code_table *t, size_t *inner, size_t *outer)
{
	tercume_runs it;
	tercume_run r;
	size_t *stack = malloc((n + 1) * sizeof *stack), depth = 0;
	bool found = false;

	if (stack == NULL)
		return false;
	tu_runs_init_n(&it, text, len, codes, n);
	while (!found && tercume_runs_next(&it, &r)) {
		if (r.kind == TERCUME_RUN_OPEN || r.kind == TERCUME_RUN_MARKER_START) {
			stack[depth++] = r.index;
		} else if (r.kind == TERCUME_RUN_CLOSE || r.kind == TERCUME_RUN_MARKER_END) {
			size_t k = depth;
			while (k > 0 && strcmp(codes[stack[k - 1]].id, r.code->id) != 0)
				k--;
			if (k == 0)
				continue;	/* unbalanced: reported elsewhere */
			if (k < depth) {
				const tercume_code *a = &codes[stack[depth - 1]], *b = r.code;
				/* allowed where a code of the pair says so */
				if (a->can_overlap != TERCUME_HINT_YES && b->can_overlap != TERCUME_HINT_YES) {
					*inner = stack[depth - 1];
					*outer = r.index;
					found = true;
				}
			}
			memmove(stack + k - 1, stack + k, (depth - k) * sizeof *stack);
			depth--;
		}
	}
	(void)t;
	free(stack);
	return found;
}

tercume_status
tu_codes_compare(const char *src, size_t src_len, const tercume_code *sc, size_t ns,
		 const char *tgt, size_t tgt_len, const tercume_code *tc, size_t nt,
		 tu_code_problem_fn fn, void *user, size_t *problems)
{
	code_table s = { 0 }, t = { 0 };
	tercume_status st;
	char a[64], b[64];
	size_t inner, outer;

	*problems = 0;
	if (ns == 0 && nt == 0)
		return TERCUME_OK;
/* the message in the user's language (TU_; xgettext finds it by the
 * keyword PROBLEM:1, Makefile.am) */
#define PROBLEM(fmt, ...) do { (*problems)++; if (fn) fn(user, TU_(fmt), __VA_ARGS__); } while (0)
	if ((st = table_build(&s, src, src_len, sc, ns)) != TERCUME_OK ||
	    (st = table_build(&t, tgt, tgt_len, tc, nt)) != TERCUME_OK)
		goto out;
	/* missing and duplicated */
	for (size_t i = 0; i < s.n; i++) {
		const tercume_code *c = &sc[s.v[i].index];
		const occ *o = table_find(&t, c);

		code_name(c, a, sizeof a);
		if (o == NULL)
			PROBLEM("the code %s of the source is missing from the translation", a);
		else if (o->count > s.v[i].count)
			PROBLEM("the code %s appears %zu times in the translation, %zu in the source",
				a, o->count, s.v[i].count);
	}
	/* extra */
	for (size_t i = 0; i < t.n; i++) {
		const tercume_code *c = &tc[t.v[i].index];

		if (table_find(&s, c) == NULL) {
			code_name(c, a, sizeof a);
			PROBLEM("the translation has the code %s, which the source does not", a);
		}
	}
	/* pairs: both halves, in order */
	for (size_t i = 0; i < t.n; i++) {
		const tercume_code *c = &tc[t.v[i].index], *other;
		tercume_code probe;
		const occ *o;

		if (c->kind != TERCUME_RUN_OPEN && c->kind != TERCUME_RUN_MARKER_START)
			continue;
		probe = *c;
		probe.kind = closer_of(c->kind);
		o = table_find(&t, &probe);
		code_name(c, a, sizeof a);
		code_name(&probe, b, sizeof b);
		if (o == NULL) {
			if (table_find(&s, &probe) != NULL)
				continue;	/* reported as missing */
			PROBLEM("the code %s is opened in the translation and not closed", a);
		} else if (o->at < t.v[i].at) {
			other = &tc[o->index];
			(void)other;
			PROBLEM("the code %s comes before %s in the translation", b, a);
		}
	}
	for (size_t i = 0; i < t.n; i++) {
		const tercume_code *c = &tc[t.v[i].index];
		tercume_code probe;

		if (c->kind != TERCUME_RUN_CLOSE && c->kind != TERCUME_RUN_MARKER_END)
			continue;
		probe = *c;
		probe.kind = c->kind == TERCUME_RUN_CLOSE ? TERCUME_RUN_OPEN : TERCUME_RUN_MARKER_START;
		if (table_find(&t, &probe) == NULL && table_find(&s, &probe) == NULL) {
			code_name(c, a, sizeof a);
			PROBLEM("the code %s is closed in the translation and was not opened", a);
		}
	}
	/* crossed spans the source does not cross */
	if (first_crossing(tgt, tgt_len, tc, nt, &t, &inner, &outer)) {
		size_t si, so;
		if (!first_crossing(src, src_len, sc, ns, &s, &si, &so)) {
			code_name(&tc[inner], a, sizeof a);
			code_name(&tc[outer], b, sizeof b);
			PROBLEM("the codes %s and %s cross in the translation (<1><2></1></2>); "
				"the source nests them", a, b);
		}
	}
	/* the order of the codes that may not move */
	{
		size_t last_at = 0;
		bool any = false;

		for (size_t i = 0; i < s.n; i++) {
			const tercume_code *c = &sc[s.v[i].index];
			const occ *o;

			if (c->can_reorder != TERCUME_HINT_NO && c->can_reorder != TERCUME_HINT_FIRST_NO)
				continue;
			if ((o = table_find(&t, c)) == NULL)
				continue;	/* missing: reported */
			if (any && o->at < last_at) {
				code_name(c, a, sizeof a);
				PROBLEM("the code %s is moved in the translation, which the source "
					"forbids (canReorder=\"no\")", a);
				break;
			}
			any = true;
			last_at = o->at;
		}
	}
	/* the text of translate="no" spans */
	for (size_t i = 0; i < s.n; i++) {
		const tercume_code *c = &sc[s.v[i].index];
		tercume_code probe;
		const occ *se, *ts, *te;

		if (c->kind != TERCUME_RUN_MARKER_START || c->translate != TERCUME_HINT_NO)
			continue;
		probe = *c;
		probe.kind = TERCUME_RUN_MARKER_END;
		se = table_find(&s, &probe);
		ts = table_find(&t, c);
		te = table_find(&t, &probe);
		if (se == NULL || ts == NULL || te == NULL || te->at < ts->at)
			continue;	/* missing or misplaced: reported */
		if (se->at - s.v[i].at != te->at - ts->at ||
		    memcmp(src + s.v[i].at, tgt + ts->at, se->at - s.v[i].at) != 0) {
			code_name(c, a, sizeof a);
			PROBLEM("the text of the span %s, which is marked translate=\"no\", is changed "
				"in the translation", a);
		}
	}
#undef PROBLEM
out:
	table_free(&s);
	table_free(&t);
	return st;
}

/* ---- reading the notation ---- */

/* The code of ref with this id whose kind has this shape, or NULL. */
static const tercume_code *
ref_code(const tercume_code *ref, size_t n, const char *id, size_t id_len,
	 tercume_run_kind shape)
{
	for (size_t i = 0; i < n; i++) {
		const tercume_code *c = &ref[i];
		bool fits = shape == TERCUME_RUN_STANDALONE ? c->kind == TERCUME_RUN_STANDALONE
			  : shape == TERCUME_RUN_CLOSE ? tu_kind_closes(c->kind)
			  : tu_kind_opens(c->kind);

		if (fits && strlen(c->id) == id_len && memcmp(c->id, id, id_len) == 0)
			return c;
	}
	return NULL;
}

tercume_status
tercume_rich_parse_notation(tercume_rich_builder *b, const char *s, size_t len,
			    const tercume_code *ref, size_t n_ref)
{
	size_t run = 0, i = 0;
	tercume_status st = TERCUME_OK;

	if (b == NULL || (s == NULL && len > 0))
		return TERCUME_EUSAGE;
	while (i < len && st == TERCUME_OK) {
		tercume_run_kind shape;
		const char *id;
		size_t id_len, n;

		if (s[i] != '<') {
			i++;
			continue;
		}
		if (i + 1 < len && s[i + 1] == '<') {
			/* "<<" is a literal '<' */
			st = tercume_rich_add_text(b, s + run, i + 1 - run);
			i += 2;
			run = i;
			continue;
		}
		n = tu_notation_tag_at(s, len, i, &shape, &id, &id_len);
		if (n == 0) {
			i++;
			continue;
		}
		st = tercume_rich_add_text(b, s + run, i - run);
		if (st == TERCUME_OK) {
			const tercume_code *c = ref_code(ref, n_ref, id, id_len, shape);
			tercume_code unknown = { 0 };
			char *idc = NULL;

			if (c == NULL) {
				/* not in the source: a code of the tag's shape, no data */
				idc = tu_strndup(id, id_len);
				if (idc == NULL)
					return TERCUME_ENOMEM;
				unknown.kind = shape;
				unknown.id = idc;
				c = &unknown;
			}
			st = tercume_rich_add_code(b, c);
			free(idc);
		}
		i += n;
		run = i;
	}
	if (st == TERCUME_OK)
		st = tercume_rich_add_text(b, s + run, len - run);
	return st;
}

char *
tu_strip_markers(const char *s, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1);
	size_t k = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len;) {
		if (tu_marker_at(s, len, i) != TERCUME_RUN_TEXT) {
			i += TU_MARKER_LEN;
			continue;
		}
		out[k++] = s[i++];
	}
	out[k] = '\0';
	if (out_len)
		*out_len = k;
	return out;
}
