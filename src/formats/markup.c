/* markup.c — which reader an article takes (text, HTML, Markdown), and the
 * edition written in the article's own format. */
#include "internal.h"
#include "edition.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const markup_names[] = {
	[TERCUME_MARKUP_AUTO] = "auto",
	[TERCUME_MARKUP_TEXT] = "text",
	[TERCUME_MARKUP_HTML] = "html",
	[TERCUME_MARKUP_MARKDOWN] = "markdown",
};

const char *
tercume_markup_name(tercume_markup m)
{
	if ((size_t)m < sizeof markup_names / sizeof markup_names[0])
		return markup_names[m];
	return "?";
}

int
tercume_markup_from_name(const char *name, tercume_markup *m)
{
	for (size_t i = 0; i < sizeof markup_names / sizeof markup_names[0]; i++)
		if (strcmp(name, markup_names[i]) == 0) {
			*m = (tercume_markup)i;
			return 0;
		}
	if (strcmp(name, "md") == 0) {
		*m = TERCUME_MARKUP_MARKDOWN;
		return 0;
	}
	return -1;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

tercume_markup
tercume_markup_of_path(const char *path)
{
	if (path == NULL)
		return TERCUME_MARKUP_TEXT;
	if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml"))
		return TERCUME_MARKUP_HTML;
	if (ends_with(path, ".md") || ends_with(path, ".markdown"))
		return TERCUME_MARKUP_MARKDOWN;
	return TERCUME_MARKUP_TEXT;
}

tercume_status
tercume_doc_read(tercume_doc **out, const char *path, tercume_markup m,
		 const tercume_segment_options *opts, tercume_reporter *rep)
{
	char *data;
	size_t len;
	tercume_status st;

	*out = NULL;
	if (m == TERCUME_MARKUP_AUTO)
		m = tercume_markup_of_path(path);
	if (m == TERCUME_MARKUP_TEXT)
		return tercume_doc_read_text(out, path, opts, rep);
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	if (m == TERCUME_MARKUP_HTML)
		st = tercume_doc_from_html(out, path, data, len, opts, rep);
	else if (m == TERCUME_MARKUP_MARKDOWN)
		st = tercume_doc_from_markdown(out, path, data, len, opts, rep);
	else
		st = TERCUME_EUSAGE;
	free(data);
	return st;
}

/* ---- attributes inside inline codes (HTML's alt and title, Markdown's
 * link and image titles): units of their own with no bytes in the
 * skeleton, whose translations the edition puts into the codes' data ---- */

/* One attribute inside a code of a unit of the host block. */
typedef struct inner {
	size_t unit;		/* the unit whose code holds it */
	size_t code;		/* the code's index among the unit's codes */
	tu_html_attr attr;
	size_t translation;	/* the attribute's unit, when translated; else -1 */
} inner;

typedef struct inners {
	inner *v;
	size_t n, cap;
	const tu_inner_ops *ops;	/* the article's markup */
} inners;

static void
inners_clear(inners *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].attr.text);
	l->n = 0;
}

/* The attributes inside the codes of units [first, end). */
static tercume_status
inners_of(const tercume_doc *doc, size_t first, size_t end, inners *l)
{
	for (size_t x = first; x < end; x++) {
		tercume_unit_info u;

		tercume_doc_unit(doc, x, &u);
		for (size_t k = 0; k < u.n_codes; k++) {
			tu_html_attr a[TU_HTML_MAX_ATTRS];
			const char *d = u.codes[k].data ? u.codes[k].data : "";
			size_t na = l->ops->attrs(&u.codes[k], d, strlen(d), a);

			if (na == (size_t)-1)
				return TERCUME_ENOMEM;
			for (size_t j = 0; j < na; j++) {
				if (l->n == l->cap) {
					size_t cap = l->cap ? l->cap * 2 : 8;
					inner *v = realloc(l->v, cap * sizeof *v);
					if (v == NULL) {
						for (; j < na; j++)
							free(a[j].text);
						return TERCUME_ENOMEM;
					}
					l->v = v;
					l->cap = cap;
				}
				l->v[l->n++] = (inner){ x, k, a[j], (size_t)-1 };
			}
		}
	}
	return TERCUME_OK;
}

/* The inner attributes of the host block [first, end) matched to the
 * attribute units [y0, y1) that follow it: each unit to the next attribute
 * with its text (the reader made them in that order from the same codes);
 * a unit without one matches none (translation stays -1). */
static tercume_status
match_group(const tercume_doc *doc, size_t first, size_t end, size_t y0, size_t y1, inners *l)
{
	tercume_status st;
	size_t c = 0;

	inners_clear(l);
	if ((st = inners_of(doc, first, end, l)) != TERCUME_OK)
		return st;
	for (size_t y = y0; y < y1; y++) {
		tercume_unit_info u;

		tercume_doc_unit(doc, y, &u);
		for (size_t j = c; j < l->n; j++)
			if (strcmp(l->v[j].attr.text, u.text) == 0) {
				l->v[j].translation = y;
				c = j + 1;
				break;
			}
	}
	return TERCUME_OK;
}

/* Calls f for each group of attribute units and the block before them. */
static tercume_status
each_group(const tercume_doc *doc, tercume_status (*f)(const tercume_doc *, size_t, size_t,
							size_t, size_t, void *), void *arg)
{
	size_t n = tercume_doc_unit_count(doc), host = (size_t)-1, host_end = 0;
	tercume_status st = TERCUME_OK;

	for (size_t i = 0; i < n && st == TERCUME_OK;) {
		size_t y = i;

		if (!tu_doc_unit_inner(doc, i)) {
			tercume_unit_info u;
			tercume_block_info blk;

			tercume_doc_unit(doc, i, &u);
			tercume_doc_block(doc, u.block, &blk);
			host = blk.first_unit;
			host_end = blk.first_unit + blk.n_units;
			i = host_end > i ? host_end : i + 1;
			continue;
		}
		while (y < n && tu_doc_unit_inner(doc, y))
			y++;
		if (host != (size_t)-1)
			st = f(doc, host, host_end, i, y, arg);
		i = y;
	}
	return st;
}

typedef struct notes_ctx {
	char **notes;
	inners l;
} notes_ctx;

static tercume_status
group_notes(const tercume_doc *doc, size_t first, size_t end, size_t y0, size_t y1, void *arg)
{
	notes_ctx *c = arg;
	tercume_status st = match_group(doc, first, end, y0, y1, &c->l);

	for (size_t j = 0; j < c->l.n && st == TERCUME_OK; j++) {
		const inner *in = &c->l.v[j];
		tercume_unit_info u;
		char place[64], *note;
		size_t len;

		if (in->translation == (size_t)-1)
			continue;
		tercume_doc_unit(doc, in->unit, &u);
		tercume_place_format(&u.place, place, sizeof place);
		len = strlen(in->attr.name) + strlen(in->attr.element) + strlen(place) + 40;
		if ((note = malloc(len)) == NULL)
			return TERCUME_ENOMEM;
		snprintf(note, len, "the %s attribute of <%s> in %s", in->attr.name, in->attr.element,
			 place);
		free(c->notes[in->translation]);
		c->notes[in->translation] = note;
	}
	return st;
}

tercume_status
tu_inner_notes(const tercume_doc *doc, const tu_inner_ops *ops, char **notes)
{
	notes_ctx c = { notes, { NULL, 0, 0, ops } };
	tercume_status st = each_group(doc, group_notes, &c);

	inners_clear(&c.l);
	free(c.l.v);
	return st;
}

/* Appends the data of code k of unit x with the translated attributes of
 * l in it, each escaped for an attribute (the source's quotes kept, an
 * unquoted value quoted) and with the character references of its source
 * value. */
static void
put_code(const tercume_edition *ed, const inners *l, size_t lo, size_t hi, size_t k,
	 const char *data, tu_buf *b)
{
	size_t from = 0, dl = strlen(data);

	/* l->v[lo, hi) are unit x's, by code then place: the first of code k */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid].code < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = lo; j < l->n && l->v[j].unit == l->v[lo].unit && l->v[j].code == k; j++) {
		const inner *in = &l->v[j];
		const char *t;

		if (in->translation == (size_t)-1 || in->attr.at < from ||
		    in->attr.at + in->attr.len > dl)
			continue;
		t = tercume_edition_unit_text(ed, in->translation);
		tu_buf_append(b, data + from, in->attr.at - from);
		l->ops->escape(b, t, strlen(t), data + in->attr.at, in->attr.len, in->attr.quote);
		from = in->attr.at + in->attr.len;
	}
	tu_buf_append(b, data + from, dl - from);
}

/* Unit x's bytes in the edition (base) with its codes' attributes
 * translated: each code's data found in base in the order of the codes in
 * the unit's text as the edition has it (text escaped has no '<'). */
static tercume_status
host_bytes(const tercume_edition *ed, const inners *l, size_t lo, size_t hi, size_t x,
	   const char *base, size_t n, char **out)
{
	tercume_unit_info u;
	const tercume_code *codes;
	size_t n_codes, at = 0;
	const char *text = tercume_edition_unit_text(ed, x);
	tercume_runs it;
	tercume_run r;
	tu_buf b = TU_BUF_INIT;

	tercume_doc_unit(ed->doc, x, &u);
	codes = tercume_edition_unit_codes(ed, x, &n_codes);
	tercume_runs_init(&it, text, codes, n_codes);
	while (tercume_runs_next(&it, &r)) {
		const char *d = NULL, *hit;
		size_t k, dl;

		if (r.kind == TERCUME_RUN_TEXT)
			continue;
		for (k = 0; k < u.n_codes; k++)
			if (u.codes[k].kind == r.code->kind && strcmp(u.codes[k].id, r.code->id) == 0) {
				d = u.codes[k].data;
				break;
			}
		if (d == NULL || (dl = strlen(d)) == 0 ||
		    (hit = memmem(base + at, n - at, d, dl)) == NULL)
			continue;
		tu_buf_append(&b, base + at, (size_t)(hit - base) - at);
		put_code(ed, l, lo, hi, k, d, &b);
		at = (size_t)(hit - base) + dl;
	}
	tu_buf_append(&b, base + at, n - at);
	if (b.data == NULL && !b.failed)
		return (*out = tu_strdup("")) ? TERCUME_OK : TERCUME_ENOMEM;
	return tu_buf_finish(&b, out, NULL);
}

/* Matches the attribute units that follow a host block to its inner
 * attributes (by their text, in order), then rewrites each host unit that
 * has a translated one. */
static tercume_status
host_block(const tercume_edition *ed, size_t first, size_t end, size_t y0, size_t y1,
	   const char **put, char **owned, inners *l)
{
	tercume_status st;

	if ((st = match_group(ed->doc, first, end, y0, y1, l)) != TERCUME_OK)
		return st;
	for (size_t j = 0; j < l->n; j++)
		if (l->v[j].translation != (size_t)-1 && ed->repl[l->v[j].translation] == NULL)
			l->v[j].translation = (size_t)-1;
	/* l is in the order of the units, then of their codes */
	for (size_t lo = 0, hi; lo < l->n; lo = hi) {
		size_t x = l->v[lo].unit;
		bool any = false;
		tu_buf src = TU_BUF_INIT;
		const char *base;
		size_t n;

		for (hi = lo; hi < l->n && l->v[hi].unit == x; hi++)
			any |= l->v[hi].translation != (size_t)-1;
		if (!any)
			continue;
		if (put[x] && ed->bytes[x]) {
			base = put[x];
			n = strlen(base);
		} else if (put[x]) {
			continue;	/* no markup of its own to rewrite */
		} else {
			if ((st = tu_doc_unit_source(ed->doc, x, &src)) != TERCUME_OK) {
				tu_buf_free(&src);
				return st;
			}
			base = src.data ? src.data : "";
			n = src.len;
		}
		st = host_bytes(ed, l, lo, hi, x, base, n, &owned[x]);
		tu_buf_free(&src);
		if (st != TERCUME_OK)
			return st;
		put[x] = owned[x];
	}
	return TERCUME_OK;
}

typedef struct render_ctx {
	const tercume_edition *ed;
	const char **put;
	char **owned;
	inners l;
} render_ctx;

static tercume_status
group_render(const tercume_doc *doc, size_t first, size_t end, size_t y0, size_t y1, void *arg)
{
	render_ctx *c = arg;

	(void)doc;
	return host_block(c->ed, first, end, y0, y1, c->put, c->owned, &c->l);
}

tercume_status
tu_inner_render_edition(const tercume_edition *ed, const tu_inner_ops *ops, char **out,
			size_t *out_len)
{
	size_t n = ed->n;
	render_ctx c = { ed, calloc(n + 1, sizeof *c.put), calloc(n + 1, sizeof *c.owned),
			 { NULL, 0, 0, ops } };
	tercume_status st;

	if (c.put == NULL || c.owned == NULL) {
		free(c.put);
		free(c.owned);
		return TERCUME_ENOMEM;
	}
	/* an attribute unit has no bytes of its own, whatever its
	 * translation: that goes into its code (group_render) */
	for (size_t i = 0; i < n; i++)
		c.put[i] = tu_doc_unit_inner(ed->doc, i) ? NULL
			 : ed->bytes[i] ? ed->bytes[i] : ed->repl[i];
	st = each_group(ed->doc, group_render, &c);
	if (st == TERCUME_OK)
		st = tercume_doc_render(ed->doc, c.put, out, out_len);
	inners_clear(&c.l);
	free(c.l.v);
	for (size_t i = 0; i < n; i++)
		free(c.owned[i]);
	free(c.owned);
	free(c.put);
	return st;
}

static const tu_inner_ops *
inner_ops(const tercume_doc *doc)
{
	const char *f = tercume_doc_format(doc);

	if (strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0)
		return &tu_html_inner_ops;
	if (strcmp(f, "markdown") == 0)
		return &tu_markdown_inner_ops;
	return NULL;
}

tercume_status
tu_markup_inner_notes(const tercume_doc *doc, char **notes)
{
	const tu_inner_ops *ops = inner_ops(doc);

	return ops ? tu_inner_notes(doc, ops, notes) : TERCUME_OK;
}

tercume_status
tercume_edition_render_document(const tercume_edition *ed, char **out, size_t *out_len,
				tercume_reporter *rep)
{
	const tercume_doc *doc = tercume_edition_doc(ed);
	const char *f = tercume_doc_format(doc);
	char *text;
	size_t len;
	bool html = strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0;
	const tu_inner_ops *ops = inner_ops(doc);
	tercume_status st = ops ? tu_inner_render_edition(ed, ops, &text, &len)
				: tercume_edition_render_text(ed, &text, &len);

	if (st != TERCUME_OK || !html) {
		if (st == TERCUME_OK) {
			*out = text;
			if (out_len)
				*out_len = len;
		}
		return st;
	}
	st = tu_html_set_lang(text, len, tercume_edition_lang(ed), out, out_len, rep,
			      tercume_doc_source_path(doc));
	free(text);
	return st;
}
