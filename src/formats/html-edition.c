/* html-edition.c — the HTML edition of an HTML article: the document with
 * its translated text (merge.c puts it in the skeleton), the edition's
 * language on <html> and UTF-8 as its declared charset (doc/html.md). */
#include "internal.h"
#include "edition.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

/* Whether a language is written right to left: by its script subtag when
 * it has one, else by its primary subtag. */
static bool
rtl_lang(const char *lang)
{
	static const char *const rtl[] = {
		"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku-arab", "nqo", "ps",
		"sd", "syr", "ug", "ur", "yi", NULL
	};
	size_t n = strcspn(lang, "-_");
	const char *script = lang[n] ? lang + n + 1 : NULL;

	if (script && strlen(script) >= 4 && (script[4] == '\0' || script[4] == '-' || script[4] == '_')) {
		if (strncasecmp(script, "Arab", 4) == 0 || strncasecmp(script, "Hebr", 4) == 0 ||
		    strncasecmp(script, "Thaa", 4) == 0 || strncasecmp(script, "Syrc", 4) == 0 ||
		    strncasecmp(script, "Nkoo", 4) == 0 || strncasecmp(script, "Adlm", 4) == 0)
			return true;
		return false;
	}
	for (size_t i = 0; rtl[i]; i++)
		if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
			return true;
	return false;
}

/* ---- character references as the source wrote them ---- */

typedef struct charref {
	const char *ref;	/* in the unit's source bytes */
	size_t ref_len;
	char ch[8];		/* the one character it stands for */
	size_t ch_len;
} charref;

#define MAX_CHARREFS 32

/* The character gumbo decodes the reference ref to, when it is one. */
static bool
decode_charref(const char *ref, size_t len, charref *out)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboVector *ch;
	bool ok = false;

	o.max_errors = 0;
	g = gumbo_parse_with_options(&o, ref, len);
	if (g == NULL)
		return false;
	ch = &g->root->v.element.children;
	for (unsigned i = 0; i < ch->length && !ok; i++) {
		const GumboNode *body = ch->data[i], *text;
		const GumboVector *bc;
		const char *t;
		size_t tl, at = 0;

		if (body->type != GUMBO_NODE_ELEMENT || body->v.element.tag != GUMBO_TAG_BODY)
			continue;
		bc = &body->v.element.children;
		if (bc->length != 1)
			break;
		text = bc->data[0];
		if (text->type != GUMBO_NODE_TEXT && text->type != GUMBO_NODE_WHITESPACE)
			break;
		t = text->v.text.text;
		tl = strlen(t);
		tu_utf8_next(t, tl, &at);
		if (at == tl && tl > 0 && tl < sizeof out->ch) {
			memcpy(out->ch, t, tl);
			out->ch_len = tl;
			ok = true;
		}
	}
	gumbo_destroy_output(&o, g);
	return ok;
}

/* The character references of raw (a unit's source bytes), at most
 * MAX_CHARREFS distinct ones, each with its character. */
static size_t
source_charrefs(const char *raw, size_t raw_len, charref *refs)
{
	size_t n = 0;

	for (size_t i = 0; i < raw_len && n < MAX_CHARREFS; i++) {
		size_t len = tu_charref_len(raw + i, raw_len - i), k = i + len;
		bool seen = false;

		if (len == 0)
			continue;
		for (size_t j = 0; j < n && !seen; j++)
			seen = refs[j].ref_len == k - i && memcmp(refs[j].ref, raw + i, k - i) == 0;
		if (seen)
			continue;
		refs[n].ref = raw + i;
		refs[n].ref_len = k - i;
		if (decode_charref(raw + i, k - i, &refs[n])) {
			/* one spelling per character: the first the source used */
			for (size_t j = 0; j < n && !seen; j++)
				seen = refs[j].ch_len == refs[n].ch_len &&
				       memcmp(refs[j].ch, refs[n].ch, refs[n].ch_len) == 0;
			if (!seen)
				n++;
		}
		i = k - 1;
	}
	return n;
}

void
tu_html_escape_as_source(tu_buf *b, const char *s, size_t n, const char *raw, size_t raw_len,
			 bool attribute)
{
	charref refs[MAX_CHARREFS];
	size_t n_refs = raw ? source_charrefs(raw, raw_len, refs) : 0, run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		size_t rep_len = 0, skip = 1;

		for (size_t k = 0; k < n_refs && rep == NULL; k++)
			if (refs[k].ch_len <= n - i && memcmp(s + i, refs[k].ch, refs[k].ch_len) == 0) {
				rep = refs[k].ref;
				rep_len = refs[k].ref_len;
				skip = refs[k].ch_len;
			}
		if (rep == NULL) {
			rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
			      attribute && s[i] == '"' ? "&quot;" : attribute && s[i] == '\'' ? "&#39;" :
			      NULL;
			rep_len = rep ? strlen(rep) : 0;
		}
		if (rep == NULL)
			continue;
		tu_buf_append(b, s + run, i - run);
		tu_buf_append(b, rep, rep_len);
		run = i + skip;
		i += skip - 1;
	}
	tu_buf_append(b, s + run, n - run);
}

/* ---- attributes inside inline codes ---- */

static const char *const code_attributes[] = { "alt", "title", "placeholder", "aria-label" };

static bool
html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The value as the translator sees it: white space runs one space, none
 * at the edges; NULL when it has no text (or is not valid text). */
static char *
attr_text(const char *v, bool *nomem)
{
	size_t n = strlen(v), k = 0, at;
	char *t = malloc(n + 1);

	if (t == NULL) {
		*nomem = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!html_space(v[i])) {
			t[k++] = v[i];
			continue;
		}
		if (k > 0 && t[k - 1] != ' ')
			t[k++] = ' ';
	}
	while (k > 0 && t[k - 1] == ' ')
		k--;
	t[k] = '\0';
	if (k == 0 || tu_text_check(t, k, false, &at) != TU_TEXT_OK) {
		free(t);
		return NULL;
	}
	return t;
}

size_t
tu_html_code_attrs(tercume_run_kind kind, const char *data, size_t len, tu_html_attr *out)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode *el = NULL;
	const GumboVector *attrs;
	const GumboNode *stack[8];
	size_t n_stack = 0, n = 0;
	bool any = false, nomem = false;

	if ((kind != TERCUME_RUN_OPEN && kind != TERCUME_RUN_STANDALONE) || len < 3 ||
	    data[0] != '<' || !((data[1] >= 'a' && data[1] <= 'z') || (data[1] >= 'A' && data[1] <= 'Z')))
		return 0;
	/* most tags have none: no parse for them */
	for (size_t k = 0; k < sizeof code_attributes / sizeof code_attributes[0] && !any; k++) {
		size_t an = strlen(code_attributes[k]);
		for (size_t i = 1; i + an < len && !any; i++)
			any = strncasecmp(data + i, code_attributes[k], an) == 0;
	}
	if (!any)
		return 0;
	o.max_errors = 0;
	g = gumbo_parse_with_options(&o, data, len);
	if (g == NULL)
		return (size_t)-1;
	/* the element whose start tag is the whole of the data: html, its
	 * head and body, then theirs (a tag alone is one of them) */
	stack[n_stack++] = g->root;
	while (n_stack > 0 && el == NULL) {
		const GumboNode *x = stack[--n_stack];
		const GumboVector *ch;

		if (x->type != GUMBO_NODE_ELEMENT)
			continue;
		if (x->v.element.original_tag.data == data && x->v.element.original_tag.length == len &&
		    x != g->root) {
			el = x;
			break;
		}
		ch = &x->v.element.children;
		for (unsigned i = ch->length; i > 0 && n_stack < sizeof stack / sizeof stack[0]; i--)
			stack[n_stack++] = ch->data[i - 1];
	}
	if (el == NULL || el->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
	    (el->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
				GUMBO_INSERTION_ADOPTION_AGENCY_CLONED)))
		goto done;
	attrs = &el->v.element.attributes;
	{
		const GumboAttribute *tr = gumbo_get_attribute(attrs, "translate");
		if (tr && tr->value && strcasecmp(tr->value, "no") == 0)
			goto done;
	}
	for (unsigned i = 0; i < attrs->length && n < TU_HTML_MAX_ATTRS; i++) {
		const GumboAttribute *a = attrs->data[i];
		const char *v = a->original_value.data;
		size_t vl = a->original_value.length, k;
		char q = 0, *text;

		for (k = 0; k < sizeof code_attributes / sizeof code_attributes[0]; k++)
			if (strcmp(a->name, code_attributes[k]) == 0)
				break;
		if (k == sizeof code_attributes / sizeof code_attributes[0] ||
		    a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE || a->value == NULL ||
		    vl == 0 || v < data || (size_t)(v - data) + vl > len)
			continue;
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
			q = v[0];
			v++;
			vl -= 2;
		}
		if ((text = attr_text(a->value, &nomem)) == NULL) {
			if (nomem)
				break;
			continue;
		}
		memset(&out[n], 0, sizeof out[n]);
		{
			/* the name as written, lower case */
			GumboStringPiece t = el->v.element.original_tag;
			size_t j = 0;
			gumbo_tag_from_original_text(&t);
			for (; j < t.length && j + 1 < sizeof out[n].element; j++)
				out[n].element[j] = (char)(t.data[j] >= 'A' && t.data[j] <= 'Z' ?
							  t.data[j] - 'A' + 'a' : t.data[j]);
			out[n].element[j] = '\0';
		}
		snprintf(out[n].name, sizeof out[n].name, "%s", code_attributes[k]);
		out[n].at = (size_t)(v - data);
		out[n].len = vl;
		out[n].quote = q;
		out[n].text = text;
		n++;
	}
done:
	gumbo_destroy_output(&o, g);
	if (nomem) {
		for (size_t i = 0; i < n; i++)
			free(out[i].text);
		return (size_t)-1;
	}
	return n;
}

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
			size_t na = tu_html_code_attrs(u.codes[k].kind, d, strlen(d), a);

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
tu_html_inner_notes(const tercume_doc *doc, char **notes)
{
	notes_ctx c = { notes, { NULL, 0, 0 } };
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
		if (in->attr.quote == 0)
			tu_buf_putc(b, '"');
		tu_html_escape_as_source(b, t, strlen(t), data + in->attr.at, in->attr.len, true);
		if (in->attr.quote == 0)
			tu_buf_putc(b, '"');
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
tu_html_render_edition(const tercume_edition *ed, char **out, size_t *out_len)
{
	size_t n = ed->n;
	render_ctx c = { ed, calloc(n + 1, sizeof *c.put), calloc(n + 1, sizeof *c.owned),
			 { NULL, 0, 0 } };
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

typedef struct edit {
	size_t at, len;		/* replace [at, at + len) */
	char text[96];
} edit;

static int
by_place(const void *a, const void *b)
{
	const edit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static bool
names_utf8(const char *s, size_t n)
{
	return (n == 5 && strncasecmp(s, "utf-8", 5) == 0) || (n == 4 && strncasecmp(s, "utf8", 4) == 0);
}

static bool
piece_in(const GumboStringPiece *p, const char *in, size_t len)
{
	return p->length > 0 && p->data >= in && (size_t)(p->data - in) + p->length <= len;
}

/* An edition is UTF-8 whatever the source declared (tercume reads UTF-8
 * only, so a source that says ISO-8859-1 is ASCII): the charset of each
 * <meta charset> and <meta http-equiv="Content-Type" content="…;
 * charset=…"> in the head that names another becomes utf-8, or a browser
 * shows the translation as mojibake. */
static size_t
charset_edits(const char *in, size_t len, const GumboNode *root, edit *edits, size_t room)
{
	const GumboVector *ch = &root->v.element.children;
	size_t n = 0;

	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *head = ch->data[i];
		const GumboVector *hc;

		if (head->type != GUMBO_NODE_ELEMENT || head->v.element.tag != GUMBO_TAG_HEAD)
			continue;
		hc = &head->v.element.children;
		for (unsigned k = 0; k < hc->length && n < room; k++) {
			const GumboNode *m = hc->data[k];
			const GumboAttribute *cs, *he, *ct;
			const GumboStringPiece *v;
			size_t at, z;

			if (m->type != GUMBO_NODE_ELEMENT || m->v.element.tag != GUMBO_TAG_META)
				continue;
			cs = gumbo_get_attribute(&m->v.element.attributes, "charset");
			he = gumbo_get_attribute(&m->v.element.attributes, "http-equiv");
			ct = gumbo_get_attribute(&m->v.element.attributes, "content");
			if (cs && piece_in(&cs->original_value, in, len) &&
			    !names_utf8(cs->value, strlen(cs->value))) {
				v = &cs->original_value;
				edits[n].at = (size_t)(v->data - in);
				edits[n].len = v->length;
				snprintf(edits[n].text, sizeof edits[n].text, "\"utf-8\"");
				n++;
				continue;
			}
			if (!he || strcasecmp(he->value, "content-type") != 0 || !ct ||
			    !piece_in(&ct->original_value, in, len))
				continue;
			/* the charset's name in the value as written */
			v = &ct->original_value;
			at = z = 0;
			for (size_t j = 0; j + 8 <= v->length; j++)
				if (strncasecmp(v->data + j, "charset=", 8) == 0) {
					at = z = j + 8;
					break;
				}
			if (at == 0)
				continue;
			while (z < v->length && !strchr("; \t\n\"'", v->data[z]))
				z++;
			if (z == at || names_utf8(v->data + at, z - at))
				continue;
			edits[n].at = (size_t)(v->data - in) + at;
			edits[n].len = z - at;
			snprintf(edits[n].text, sizeof edits[n].text, "utf-8");
			n++;
		}
	}
	return n;
}

tercume_status
tu_html_set_lang(const char *in, size_t len, const char *lang, char **out, size_t *out_len,
		 tercume_reporter *rep, const char *name)
{
	GumboOptions gopts = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode *root;
	const GumboElement *e;
	edit edits[4 + 8];
	size_t n_edits = 0, from = 0;
	bool rtl = rtl_lang(lang);
	tu_buf b = TU_BUF_INIT;

	for (const char *p = lang; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_') || p - lang > 60) {
			tu_error(rep, name, 0, 0, "'%s' is not a language tag to put on <html>", lang);
			return TERCUME_EUSAGE;
		}
	gopts.max_errors = 0;
	g = gumbo_parse_with_options(&gopts, in, len);
	if (g == NULL)
		return TERCUME_ENOMEM;
	root = g->root;
	e = &root->v.element;
	if (e->original_tag.length > 0 && e->original_tag.data >= in &&
	    (size_t)(e->original_tag.data - in) + e->original_tag.length <= len) {
		size_t tag = (size_t)(e->original_tag.data - in);
		size_t close = tag + e->original_tag.length - 1;	/* its '>' */
		static const char *const names[] = { "lang", "xml:lang", "dir" };
		bool seen[3] = { false, false, false };

		if (close > tag && in[close - 1] == '/')
			close--;
		for (unsigned i = 0; i < e->attributes.length; i++) {
			const GumboAttribute *a = e->attributes.data[i];
			const char *an = a->original_name.data;
			size_t anl = a->original_name.length;
			for (int k = 0; k < 3; k++) {
				if (strlen(names[k]) != anl || strncasecmp(an, names[k], anl) != 0 || seen[k])
					continue;
				seen[k] = true;
				if (k == 2 && !rtl && !(a->value && strcasecmp(a->value, "rtl") == 0))
					break;	/* a left-to-right dir stays */
				if (a->original_value.length > 0) {
					edit *ed = &edits[n_edits++];
					ed->at = (size_t)(a->original_value.data - in);
					ed->len = a->original_value.length;
					snprintf(ed->text, sizeof ed->text, "\"%s\"",
						 k == 2 ? (rtl ? "rtl" : "ltr") : lang);
				} else {
					/* a name without a value: give it one */
					edit *ed = &edits[n_edits++];
					ed->at = (size_t)(an - in) + anl;
					ed->len = 0;
					snprintf(ed->text, sizeof ed->text, "=\"%s\"",
						 k == 2 ? (rtl ? "rtl" : "ltr") : lang);
				}
				break;
			}
		}
		if (!seen[0] || (rtl && !seen[2])) {
			edit *ed = &edits[n_edits++];
			ed->at = close;
			ed->len = 0;
			snprintf(ed->text, sizeof ed->text, "%s%s%s%s%s",
				 close > tag && !(in[close - 1] == ' ' || in[close - 1] == '\t' ||
						  in[close - 1] == '\n') ? " " : "",
				 !seen[0] ? "lang=\"" : "", !seen[0] ? lang : "", !seen[0] ? "\"" : "",
				 rtl && !seen[2] ? (!seen[0] ? " dir=\"rtl\"" : "dir=\"rtl\"") : "");
		}
	} else {
		/* no <html> tag in the source: one before the first thing the
		 * html element holds that the source has */
		size_t at = len;
		const GumboVector *ch = &e->children;
		for (unsigned i = 0; i < ch->length && at == len; i++) {
			const GumboNode *c = ch->data[i];
			if (c->type == GUMBO_NODE_ELEMENT) {
				const GumboVector *cc = &c->v.element.children;
				if (c->v.element.original_tag.length > 0)
					at = (size_t)(c->v.element.original_tag.data - in);
				else if (cc->length > 0) {
					const GumboNode *f = cc->data[0];
					if (f->type == GUMBO_NODE_ELEMENT && f->v.element.original_tag.length)
						at = (size_t)(f->v.element.original_tag.data - in);
					else if (f->type != GUMBO_NODE_ELEMENT && f->v.text.original_text.length)
						at = (size_t)(f->v.text.original_text.data - in);
				}
			} else if (c->v.text.original_text.length > 0)
				at = (size_t)(c->v.text.original_text.data - in);
		}
		if (at > len)
			at = len;
		edits[n_edits].at = at;
		edits[n_edits].len = 0;
		snprintf(edits[n_edits].text, sizeof edits[n_edits].text, "<html lang=\"%s\"%s>", lang,
			 rtl ? " dir=\"rtl\"" : "");
		n_edits++;
	}
	n_edits += charset_edits(in, len, root, edits + n_edits, 8);
	qsort(edits, n_edits, sizeof *edits, by_place);
	for (size_t i = 0; i < n_edits; i++) {
		tu_buf_append(&b, in + from, edits[i].at - from);
		tu_buf_puts(&b, edits[i].text);
		from = edits[i].at + edits[i].len;
	}
	tu_buf_append(&b, in + from, len - from);
	gumbo_destroy_output(&gopts, g);
	return tu_buf_finish(&b, out, out_len);
}
