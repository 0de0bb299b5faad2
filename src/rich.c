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

static void
code_free_strings(tercume_code *c)
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
		code_free_strings(&codes[i]);
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
		code_free_strings(dst);
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
tu_rich_render_into(tu_buf *b, const char *text, const tercume_code *codes, size_t n_codes,
		    tercume_render how)
{
	tercume_runs it;
	tercume_run r;
	bool pending = false;	/* a text run waits to know what follows */
	tercume_run last = { 0 };

	tercume_runs_init(&it, text, codes, n_codes);
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
	st = tu_rich_render_into(&b, text, codes, n_codes, how);
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
		code_free_strings(&b->codes[i]);
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
		code_free_strings(&b->codes[b->n]);
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
