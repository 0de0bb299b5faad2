/* html-read.c — the HTML reader: an HTML article through gumbo's HTML5
 * parser, handed to the document builder as blocks of text and inline codes
 * with every source byte kept (doc/html.md).
 *
 * gumbo builds the tree a browser builds (implied elements, misnested tags,
 * foster parenting) and keeps, for every text and tag, a pointer to its
 * bytes in the input.  The reader walks the tree and emits, in source
 * order, the skeleton (every byte that belongs to no unit) and blocks:
 * the inline content of headings, paragraphs, list items, table cells, …
 * (text runs and inline elements as codes), <title>, <meta
 * name="description">'s content and the translatable attributes.  Where the
 * tree's order is not the source's (markup a browser moves), the moved
 * part stays skeleton: a byte is emitted once, in its place, always. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>
#include <unicode/uchar.h>

/* Deeper markup is refused before gumbo sees it: gumbo's tree builder
 * takes time that grows with the square of the nesting (1.3 s at 10,000
 * levels, 54 s at 40,000), and browsers stop nesting at 512 levels. */
#define HTML_MAX_DEPTH 4096

typedef enum { P_TEXT, P_CODE } piece_kind;

/* One piece of a block: a text run or a code, and its source bytes
 * [start, end) (start == end: none, a tag the parser made up). */
typedef struct hpiece {
	piece_kind kind;
	size_t start, end;
	const char *text;	/* P_TEXT: what the translator sees */
	size_t text_len;
	tercume_run_kind code_kind;
	unsigned id;
	const char *type, *subtype;
	const char *data;	/* P_CODE: its data when they are not its source
				   bytes (NULL: they are) */
	const GumboNode *node;	/* P_CODE: the element whose start tag it is
				   (inline or void), else NULL */
} hpiece;

typedef struct frame {
	const GumboNode *node;
	unsigned i;		/* next child */
	unsigned run_from;	/* first child of the inline run being gathered */
} frame;

typedef struct hreader {
	const char *data;
	size_t len;
	const char *name;
	tercume_doc_builder *b;
	tercume_reporter *rep;
	size_t cursor;		/* bytes before it are emitted */
	tercume_status st;
	hpiece *pieces;
	size_t n_pieces, cap_pieces;
	unsigned next_id;
	const GumboNode **stack;	/* scratch for walks of a subtree */
	size_t n_stack, cap_stack;
	frame *frames;
	size_t n_frames, cap_frames;
	char **owned;		/* texts made valid (below), freed at the end */
	size_t n_owned;
} hreader;

/* ---- what an element is ---- */

typedef enum eclass {
	E_INLINE,	/* phrasing content: a pair of codes around its content */
	E_VOID,		/* an inline element without content: one placeholder */
	E_OPAQUE,	/* inline, but its content is not text to translate
			   (script, svg, translate="no"): one placeholder */
	E_BLOCK,	/* a container: its tags are skeleton, its content walked */
	E_SKELETON	/* a block whose content stays skeleton (pre) */
} eclass;

static bool
attr_is(const GumboElement *e, const char *name, const char *value)
{
	const GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);

	return a != NULL && a->value != NULL && strcasecmp(a->value, value) == 0;
}

static bool
is_block_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_CENTER: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP:
	case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
	case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_FRAMESET:
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER:
	case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND:
	case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
	case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TD:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TITLE:
	case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTGROUP:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_DATALIST: case GUMBO_TAG_FRAME:
	case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT:
	case GUMBO_TAG_XMP:
		return true;
	default:
		return false;
	}
}

static eclass
classify(const GumboNode *n)
{
	const GumboElement *e = &n->v.element;

	if (n->type == GUMBO_NODE_TEMPLATE)
		return E_OPAQUE;
	if (attr_is(e, "translate", "no"))
		return is_block_tag(e->tag) ? E_SKELETON : E_OPAQUE;
	if (e->tag_namespace != GUMBO_NAMESPACE_HTML)
		return E_OPAQUE;	/* svg, math */
	switch (e->tag) {
	case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT:
	case GUMBO_TAG_XMP: case GUMBO_TAG_HR: case GUMBO_TAG_FRAMESET:
		return E_SKELETON;
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_CANVAS:
	case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
	case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_MAP:
	case GUMBO_TAG_APPLET: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_LINK:
	case GUMBO_TAG_META: case GUMBO_TAG_BASE:
		return E_OPAQUE;
	case GUMBO_TAG_BR: case GUMBO_TAG_WBR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
	case GUMBO_TAG_AREA: case GUMBO_TAG_EMBED: case GUMBO_TAG_SOURCE:
	case GUMBO_TAG_TRACK: case GUMBO_TAG_PARAM: case GUMBO_TAG_KEYGEN:
	case GUMBO_TAG_IMAGE:
		return E_VOID;
	default:
		return is_block_tag(e->tag) ? E_BLOCK : E_INLINE;
	}
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- source positions ---- */

static bool
in_input(const hreader *r, const char *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)r->data;

	return p != NULL && a >= lo && n <= r->len && a - lo <= r->len - n;
}

/* The start tag's (or end tag's) bytes, when the source has them: an
 * element the parser made up or cloned (a formatting element reopened)
 * has none of its own. */
static bool
tag_range(const hreader *r, const GumboNode *n, bool end_tag, size_t *a, size_t *z)
{
	const GumboStringPiece *s = end_tag ? &n->v.element.original_end_tag
					    : &n->v.element.original_tag;

	if (n->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
			      GUMBO_INSERTION_ADOPTION_AGENCY_CLONED))
		return false;
	if (s->length == 0 || !in_input(r, s->data, s->length))
		return false;
	if (end_tag) {
		/* gumbo gives an element the end tag that closed it, which
		 * may be another element's (</h3> closing an open <a>) */
		GumboStringPiece mine = n->v.element.original_tag, theirs = *s;
		if (mine.length == 0)
			return false;
		gumbo_tag_from_original_text(&mine);
		gumbo_tag_from_original_text(&theirs);
		if (theirs.length != mine.length ||
		    strncasecmp(theirs.data, mine.data, mine.length) != 0)
			return false;
	}
	*a = (size_t)(s->data - r->data);
	*z = *a + s->length;
	return true;
}

static bool
text_range(const hreader *r, const GumboNode *n, size_t *a, size_t *z)
{
	const GumboStringPiece *s = &n->v.text.original_text;

	if (s->length == 0 || !in_input(r, s->data, s->length))
		return false;
	*a = (size_t)(s->data - r->data);
	*z = *a + s->length;
	return true;
}

static const GumboVector *
children_of(const GumboNode *n)
{
	if (n->type == GUMBO_NODE_DOCUMENT)
		return &n->v.document.children;
	if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE)
		return &n->v.element.children;
	return NULL;
}

static bool
push(hreader *r, const GumboNode *n)
{
	if (r->n_stack == r->cap_stack) {
		size_t cap = r->cap_stack ? r->cap_stack * 2 : 64;
		const GumboNode **s = realloc(r->stack, cap * sizeof *s);
		if (s == NULL)
			return false;
		r->stack = s;
		r->cap_stack = cap;
	}
	r->stack[r->n_stack++] = n;
	return true;
}

static tercume_status
nomem(hreader *r)
{
	if (r->st == TERCUME_OK) {
		r->st = TERCUME_ENOMEM;
		tu_error(r->rep, r->name, 0, 0, "out of memory");
	}
	return r->st;
}

/* The source range of a whole element and what it holds (the smallest and
 * largest offsets of its tags and texts); false when it has none. */
static bool
subtree_range(hreader *r, const GumboNode *root, size_t *a, size_t *z)
{
	bool any = false;
	size_t base = r->n_stack;

	if (!push(r, root)) {
		nomem(r);
		return false;
	}
	while (r->n_stack > base) {
		const GumboNode *n = r->stack[--r->n_stack];
		const GumboVector *ch = children_of(n);
		size_t x, y;

		for (int k = 0; k < 2; k++) {
			bool got = n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE
				   ? tag_range(r, n, k == 1, &x, &y)
				   : k == 0 && n->type != GUMBO_NODE_DOCUMENT && text_range(r, n, &x, &y);
			if (got) {
				*a = any && *a < x ? *a : x;
				*z = any && *z > y ? *z : y;
				any = true;
			}
		}
		for (unsigned i = 0; ch && i < ch->length; i++)
			if (!push(r, ch->data[i])) {
				nomem(r);
				r->n_stack = base;
				return false;
			}
	}
	return any;
}

/* ---- pieces ---- */

static hpiece *
add_piece(hreader *r, piece_kind kind, size_t start, size_t end)
{
	hpiece *p;

	if (!tu_grow(&r->pieces, &r->cap_pieces, r->n_pieces, sizeof *r->pieces, 64)) {
		nomem(r);
		return NULL;
	}
	p = &r->pieces[r->n_pieces++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->start = start;
	p->end = end;
	return p;
}

static bool
add_text(hreader *r, const char *text, size_t text_len, size_t start, size_t end)
{
	hpiece *p = r->n_pieces > 0 ? &r->pieces[r->n_pieces - 1] : NULL;

	/* text that is its own source joins the piece before when that is
	 * too: one piece per run of words, not per word */
	if (p && p->kind == P_TEXT && p->end == start && text == r->data + start &&
	    end - start == text_len && p->text == r->data + p->start &&
	    p->text_len == p->end - p->start) {
		p->end = end;
		p->text_len += text_len;
		return true;
	}
	p = add_piece(r, P_TEXT, start, end);

	if (p == NULL)
		return false;
	p->text = text;
	p->text_len = text_len;
	return true;
}

static bool
add_code(hreader *r, tercume_run_kind kind, unsigned id, size_t start, size_t end,
	 const char *type, const char *subtype)
{
	hpiece *p = add_piece(r, P_CODE, start, end);

	if (p == NULL)
		return false;
	p->code_kind = kind;
	p->id = id;
	p->type = type;
	p->subtype = subtype;
	return true;
}

/* Whether o[i..) begins a character reference, and the longest extent
 * it could have (gumbo decides which named reference it is). */
static size_t
charref_extent(const char *o, size_t i, size_t n)
{
	size_t k = i + 1;

	if (k < n && o[k] == '#') {
		k++;
		if (k < n && (o[k] == 'x' || o[k] == 'X'))
			k++;
		while (k < n && k - i < 40 && ((o[k] >= '0' && o[k] <= '9') ||
		       (o[k] >= 'a' && o[k] <= 'f') || (o[k] >= 'A' && o[k] <= 'F')))
			k++;
	} else
		while (k < n && k - i < 40 && ((o[k] >= '0' && o[k] <= '9') ||
		       (o[k] >= 'a' && o[k] <= 'z') || (o[k] >= 'A' && o[k] <= 'Z')))
			k++;
	if (k < n && o[k] == ';')
		k++;
	return k;
}

/* The bytes of the UTF-8 character at s[j]. */
static size_t
char_len(const char *s, size_t n, size_t j)
{
	size_t k = j;

	tu_utf8_next(s, n, &k);
	return k - j;
}

/* Splits a text of the source into pieces, as the translator sees it (d,
 * gumbo's decoded text) against its source bytes (o at offset off): white
 * space runs become one space each, a character reference its character,
 * the rest maps byte for byte.  Where the two cannot be lined up (a stray
 * tag gumbo dropped from inside a text), the whole text is one piece. */
static const char *valid_text(hreader *r, const char *d, size_t *dn);

static bool
text_pieces(hreader *r, const char *d, size_t dn, const char *o, size_t on, size_t off)
{
	size_t first = r->n_pieces, i = 0, j = 0;

	if ((d = valid_text(r, d, &dn)) == NULL)
		return false;

	while (i < on) {
		size_t k = i, m = j;

		if (is_space(o[i])) {
			while (k < on && is_space(o[k]))
				k++;
			while (m < dn && is_space(d[m]))
				m++;
			if (m == j)
				goto whole;
			if (k - i == 1 && o[i] == ' ') {
				if (!add_text(r, o + i, 1, off + i, off + k))
					return false;
			} else if (!add_text(r, " ", 1, off + i, off + k))
				return false;
		} else if (o[i] == '&') {
			size_t ext = charref_extent(o, i, on), best_k = 0, best_r = 0;

			for (k = ext; k > i && best_k == 0; k--) {
				size_t q = k;

				if (k == i + 1 && d[j] != '&')
					continue;
				while (q < on && o[q] != '&' && !is_space(o[q]))
					q++;
				for (size_t cps = 1, rl = 0; cps <= 2 && j + rl < dn; cps++) {
					rl += char_len(d, dn, j + rl);
					if (j + rl + (q - k) > dn ||
					    memcmp(d + j + rl, o + k, q - k) != 0)
						continue;
					/* what follows must fit too */
					if (q == on ? j + rl + (q - k) != dn
						    : is_space(o[q]) && !is_space(d[j + rl + (q - k)]))
						continue;
					best_k = k;
					best_r = rl;
					break;
				}
			}
			if (best_k == 0)
				goto whole;
			k = best_k;
			m = j + best_r;
			if (best_r == 1 && is_space(d[j])) {
				if (!add_text(r, " ", 1, off + i, off + k))
					return false;
			} else if (!add_text(r, d + j, best_r, off + i, off + k))
				return false;
		} else {
			while (k < on && o[k] != '&' && !is_space(o[k]))
				k++;
			if (j + (k - i) > dn || memcmp(d + j, o + i, k - i) != 0)
				goto whole;
			m = j + (k - i);
			if (!add_text(r, o + i, k - i, off + i, off + k))
				return false;
		}
		i = k;
		j = m;
	}
	if (j == dn)
		return true;
whole:
	r->n_pieces = first;
	return add_text(r, d, dn, off, off + on);
}

/* gumbo's decoded text, or a copy with each ill-formed UTF-8 sequence
 * replaced by U+FFFD: gumbo 0.10 writes the bytes of a numeric character
 * reference beyond U+10FFFF as they come.  NULL when out of memory. */
static const char *
valid_text(hreader *r, const char *d, size_t *dn)
{
	tu_buf b = TU_BUF_INIT;
	size_t at, i = 0;
	char **v;

	if (tu_text_check(d, *dn, false, &at) != TU_TEXT_BAD_UTF8)
		return d;
	while (i < *dn) {
		size_t j = i;
		UChar32 c = tu_utf8_next(d, *dn, &j);
		char u[4];
		int32_t k = 0;
		UBool err = false;

		U8_APPEND((uint8_t *)u, k, 4, c, err);
		(void)err;	/* c is a scalar value: it fits */
		tu_buf_append(&b, u, (size_t)k);
		i = j;
	}
	v = realloc(r->owned, (r->n_owned + 1) * sizeof *v);
	if (v != NULL)
		r->owned = v;
	if (v == NULL || b.failed) {
		tu_buf_free(&b);
		nomem(r);
		return NULL;
	}
	r->owned = v;
	r->owned[r->n_owned++] = b.data;
	*dn = b.len;
	return b.data ? b.data : "";
}

/* ---- the walk ---- */

static bool
has_text(hreader *r, const GumboVector *ch, unsigned from, unsigned to)
{
	size_t base = r->n_stack;
	bool found = false;

	for (unsigned i = from; i < to; i++)
		if (!push(r, ch->data[i])) {
			nomem(r);
			return false;
		}
	while (r->n_stack > base && !found) {
		const GumboNode *n = r->stack[--r->n_stack];

		if (n->type == GUMBO_NODE_TEXT) {
			found = true;
		} else if (n->type == GUMBO_NODE_ELEMENT && classify(n) == E_INLINE) {
			const GumboVector *c = &n->v.element.children;
			for (unsigned i = 0; i < c->length; i++)
				if (!push(r, c->data[i])) {
					nomem(r);
					found = false;
					break;
				}
		}
	}
	r->n_stack = base;
	return found;
}

/* Whether an inline element holds a block (then it is a container). */
static bool
holds_block(hreader *r, const GumboNode *el)
{
	size_t base = r->n_stack;
	bool found = false;

	if (!push(r, el))
		return nomem(r), false;
	while (r->n_stack > base && !found) {
		const GumboNode *n = r->stack[--r->n_stack];
		const GumboVector *c;

		if (n->type != GUMBO_NODE_ELEMENT)
			continue;
		if (n != el) {
			eclass k = classify(n);
			if (k == E_BLOCK || k == E_SKELETON) {
				found = true;
				break;
			}
			if (k != E_INLINE)
				continue;
		}
		c = &n->v.element.children;
		for (unsigned i = 0; i < c->length; i++)
			if (!push(r, c->data[i])) {
				nomem(r);
				break;
			}
	}
	r->n_stack = base;
	return found;
}

static const char *
code_type(GumboTag t, const char **subtype)
{
	*subtype = NULL;
	switch (t) {
	case GUMBO_TAG_B: case GUMBO_TAG_STRONG: *subtype = "xlf:b"; return "fmt";
	case GUMBO_TAG_I: case GUMBO_TAG_EM: *subtype = "xlf:i"; return "fmt";
	case GUMBO_TAG_U: *subtype = "xlf:u"; return "fmt";
	case GUMBO_TAG_BR: *subtype = "xlf:lb"; return "fmt";
	case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_SMALL: case GUMBO_TAG_BIG:
	case GUMBO_TAG_S: case GUMBO_TAG_STRIKE: case GUMBO_TAG_DEL: case GUMBO_TAG_INS:
	case GUMBO_TAG_MARK: case GUMBO_TAG_TT: case GUMBO_TAG_FONT: case GUMBO_TAG_CODE:
	case GUMBO_TAG_KBD: case GUMBO_TAG_SAMP: case GUMBO_TAG_VAR: case GUMBO_TAG_CITE:
	case GUMBO_TAG_DFN: case GUMBO_TAG_ABBR: case GUMBO_TAG_ACRONYM: case GUMBO_TAG_Q:
		return "fmt";
	case GUMBO_TAG_A: return "link";
	case GUMBO_TAG_IMG: return "image";
	default: return "other";
	}
}

/* The pieces of the inline run ch[from, to): texts, comments and elements
 * in tree order, a closing code after each inline element's content. */
static bool
run_pieces(hreader *r, const GumboVector *ch, unsigned from, unsigned to)
{
	size_t base = r->n_stack;

	/* pushed in reverse so they pop in order; a closing code is the
	 * element's pointer with its low bit set (nodes are aligned) */
	for (unsigned i = to; i > from; i--)
		if (!push(r, ch->data[i - 1]))
			return nomem(r), false;
	while (r->n_stack > base && r->st == TERCUME_OK) {
		const GumboNode *n = r->stack[--r->n_stack];
		size_t a = 0, z = 0;

		if ((uintptr_t)n & 1) {
			const GumboNode *el = (const GumboNode *)((uintptr_t)n & ~(uintptr_t)1);
			const char *sub, *type = code_type(el->v.element.tag, &sub);
			if (!tag_range(r, el, true, &a, &z))
				a = z = 0;
			/* its id comes from its opening code: pair_ids */
			if (!add_code(r, TERCUME_RUN_CLOSE, 0, a, z, type, sub))
				return false;
			continue;
		}
		switch (n->type) {
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			if (!text_range(r, n, &a, &z)) {
				if (!add_text(r, n->v.text.text, strlen(n->v.text.text), 0, 0))
					return false;
			} else if (!text_pieces(r, n->v.text.text, strlen(n->v.text.text),
					       r->data + a, z - a, a))
				return false;
			break;
		case GUMBO_NODE_COMMENT:
			if (text_range(r, n, &a, &z) &&
			    !add_code(r, TERCUME_RUN_STANDALONE, r->next_id++, a, z, "other", NULL))
				return false;
			break;
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE: {
			eclass k = classify(n);
			const char *sub, *type = code_type(n->v.element.tag, &sub);
			const GumboVector *c = &n->v.element.children;
			unsigned id = r->next_id++;

			if (k == E_INLINE) {
				if (!tag_range(r, n, false, &a, &z))
					a = z = 0;
				if (!add_code(r, TERCUME_RUN_OPEN, id, a, z, type, sub))
					return false;
				r->pieces[r->n_pieces - 1].node = n;
				if (!push(r, (const GumboNode *)((uintptr_t)n | 1)))
					return nomem(r), false;
				for (unsigned i = c->length; i > 0; i--)
					if (!push(r, c->data[i - 1]))
						return nomem(r), false;
				break;
			}
			if (k == E_VOID ? tag_range(r, n, false, &a, &z) : subtree_range(r, n, &a, &z)) {
				if (!add_code(r, TERCUME_RUN_STANDALONE, id, a, z, type, sub))
					return false;
				if (k == E_VOID)
					r->pieces[r->n_pieces - 1].node = n;
			}
			break;
		}
		default:
			break;
		}
	}
	r->n_stack = base;
	return r->st == TERCUME_OK;
}

/* Gives each closing code the id of its opening code: pairs nest, so a
 * stack of the open ones does it. */
static bool
pair_ids(hreader *r)
{
	unsigned *open = NULL;
	size_t n = 0;

	for (size_t i = 0; i < r->n_pieces; i++) {
		hpiece *p = &r->pieces[i];
		if (p->kind != P_CODE)
			continue;
		if (p->code_kind == TERCUME_RUN_OPEN) {
			unsigned *v = realloc(open, (n + 1) * sizeof *v);
			if (v == NULL) {
				free(open);
				return nomem(r), false;
			}
			open = v;
			open[n++] = p->id;
		} else if (p->code_kind == TERCUME_RUN_CLOSE) {
			p->id = n > 0 ? open[--n] : r->next_id++;
		}
	}
	free(open);
	return true;
}

static bool
emit_skeleton_to(hreader *r, size_t at)
{
	if (at <= r->cursor)
		return true;
	tercume_status st = tercume_doc_builder_skeleton(r->b, r->data + r->cursor, at - r->cursor);

	if (st != TERCUME_OK) {
		r->st = st;
		return false;
	}
	r->cursor = at;
	return true;
}

/* Hands r->pieces over as one block, when their sources follow each other
 * from the cursor on; otherwise (markup the parser moved) they stay
 * skeleton.  A gap between two pieces (bytes the tree does not have
 * there) becomes a placeholder of its own. */
static bool
emit_block(hreader *r, tercume_role role)
{
	size_t at = (size_t)-1, end;
	tercume_doc_builder *b = r->b;
	tercume_status st = TERCUME_OK;

	for (size_t i = 0; i < r->n_pieces; i++)
		if (r->pieces[i].end > r->pieces[i].start) {
			at = r->pieces[i].start;
			break;
		}
	if (at == (size_t)-1 || at < r->cursor)
		return true;
	/* every text in order; a code that overlaps what came before loses
	 * its bytes (a tag the parser used twice) */
	end = at;
	for (size_t i = 0; i < r->n_pieces; i++) {
		hpiece *p = &r->pieces[i];
		if (p->end == p->start)
			continue;
		if (p->start < end) {
			if (p->kind == P_TEXT)
				return true;
			p->start = p->end = 0;
			continue;
		}
		end = p->end;
	}
	if (!emit_skeleton_to(r, at))
		return false;
	st = tercume_doc_builder_begin_block(b, role);
	end = at;
	for (size_t i = 0; i < r->n_pieces && st == TERCUME_OK; i++) {
		const hpiece *p = &r->pieces[i];
		char id[24];
		tercume_code c;
		char *data = NULL;

		if (p->end > p->start && p->start > end) {
			/* bytes between two pieces: a placeholder */
			data = tu_strndup(r->data + end, p->start - end);
			memset(&c, 0, sizeof c);
			snprintf(id, sizeof id, "g%zu", i);
			c.kind = TERCUME_RUN_STANDALONE;
			c.id = id;
			c.type = "other";
			c.data = data;
			st = data ? tercume_doc_builder_code(b, &c) : TERCUME_ENOMEM;
			free(data);
			data = NULL;
		}
		if (st != TERCUME_OK)
			break;
		if (p->kind == P_TEXT) {
			if (p->end > p->start)
				st = tercume_doc_builder_text(b, p->text, p->text_len,
							      r->data + p->start, p->end - p->start);
			else	/* text without source (none known) */
				st = TERCUME_OK;
		} else {
			memset(&c, 0, sizeof c);
			snprintf(id, sizeof id, "%u", p->id);
			c.kind = p->code_kind;
			c.id = id;
			c.type = p->type;
			c.subtype = p->subtype;
			if (p->end > p->start && (data = tu_strndup(r->data + p->start,
								    p->end - p->start)) == NULL)
				st = TERCUME_ENOMEM;
			c.data = p->data ? p->data : data ? data : "";
			if (st == TERCUME_OK && p->data)
				st = tercume_doc_builder_code_source(b, &c, r->data + p->start,
								     p->end - p->start);
			else if (st == TERCUME_OK)
				st = tercume_doc_builder_code(b, &c);
			free(data);
		}
		if (p->end > p->start)
			end = p->end;
	}
	if (st == TERCUME_OK)
		st = tercume_doc_builder_end_block(b);
	if (st != TERCUME_OK) {
		r->st = st;
		return false;
	}
	r->cursor = end;
	return true;
}

/* A unit of an attribute's value (alt, title, …), when it has text and
 * its bytes are still ahead. */
static bool
attribute_unit(hreader *r, const GumboAttribute *a)
{
	const char *o = a->original_value.data;
	size_t on = a->original_value.length, off;
	bool text = false, quoted = false;

	if (a->value == NULL || !in_input(r, o, on) || on == 0)
		return true;
	if (on >= 2 && (o[0] == '"' || o[0] == '\'') && o[on - 1] == o[0]) {
		o++;
		on -= 2;
		quoted = true;
	}
	for (const char *v = a->value; *v && !text; v++)
		text = !is_space(*v);
	if (!text)
		return true;
	off = (size_t)(o - r->data);
	if (off < r->cursor)
		return true;
	r->n_pieces = 0;
	/* an unquoted value gets quotes when it is translated: a pair of
	 * codes with no source bytes of their own */
	if (!quoted && (!add_code(r, TERCUME_RUN_OPEN, 1, off, off, "other", NULL) ||
			!(r->pieces[r->n_pieces - 1].data = "\"")))
		return false;
	if (!text_pieces(r, a->value, strlen(a->value), o, on, off))
		return false;
	if (!quoted && (!add_code(r, TERCUME_RUN_CLOSE, 1, off + on, off + on, "other", NULL) ||
			!(r->pieces[r->n_pieces - 1].data = "\"")))
		return false;
	return emit_block(r, TERCUME_ROLE_LABEL);
}

static const char *const unit_attributes[] = { "alt", "title", "placeholder", "aria-label" };

/* The translatable attributes of an element whose tag is skeleton, in the
 * order of the source. */
static bool
element_attributes(hreader *r, const GumboNode *n)
{
	const GumboVector *attrs = &n->v.element.attributes;

	if (n->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
			      GUMBO_INSERTION_ADOPTION_AGENCY_CLONED))
		return true;
	if (n->v.element.tag == GUMBO_TAG_META) {
		const GumboAttribute *c = gumbo_get_attribute(attrs, "content");
		return !attr_is(&n->v.element, "name", "description") || c == NULL ||
		       attribute_unit(r, c);
	}
	for (unsigned i = 0; i < attrs->length; i++) {
		const GumboAttribute *a = attrs->data[i];
		for (size_t k = 0; k < sizeof unit_attributes / sizeof unit_attributes[0]; k++)
			if (a->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE &&
			    strcmp(a->name, unit_attributes[k]) == 0) {
				if (!attribute_unit(r, a))
					return false;
				break;
			}
	}
	return true;
}

/* A run with no text: its elements' translatable attributes (an image's
 * alt) are units, the rest skeleton. */
static bool
markup_run_attributes(hreader *r, const GumboVector *ch, unsigned from, unsigned to)
{
	size_t base = r->n_stack;

	for (unsigned i = to; i > from; i--)
		if (!push(r, ch->data[i - 1]))
			return nomem(r), false;
	while (r->n_stack > base && r->st == TERCUME_OK) {
		const GumboNode *n = r->stack[--r->n_stack];
		eclass k;

		if (n->type != GUMBO_NODE_ELEMENT)
			continue;
		k = classify(n);
		if (k == E_OPAQUE && n->v.element.tag != GUMBO_TAG_META)
			continue;
		if (!element_attributes(r, n))
			break;
		if (k == E_INLINE)
			for (unsigned i = n->v.element.children.length; i > 0; i--)
				if (!push(r, n->v.element.children.data[i - 1])) {
					nomem(r);
					break;
				}
	}
	r->n_stack = base;
	return r->st == TERCUME_OK;
}

static tercume_role
role_of(const GumboNode *n)
{
	if (n->type != GUMBO_NODE_ELEMENT)
		return TERCUME_ROLE_PARAGRAPH;
	switch (n->v.element.tag) {
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TITLE:
		return TERCUME_ROLE_HEADING;
	default:
		return TERCUME_ROLE_PARAGRAPH;
	}
}

/* Whether piece p is text of white space only (what the builder moves
 * out of a block's edges), or text without source bytes (which it never
 * sees). */
static bool
white_piece(const hreader *r, const hpiece *p)
{
	if (p->kind != P_TEXT)
		return false;
	if (p->end == p->start)
		return true;
	for (size_t i = 0; i < p->text_len;) {
		UChar32 c = tu_utf8_next(p->text, p->text_len, &i);
		if (!u_isUWhiteSpace(c))
			return false;
	}
	(void)r;
	return true;
}

/* The pieces [*lo, *hi) that stay in the block's units: those at its
 * edges that wrap nothing but the block — placeholders, white space, a
 * pair around all of it — go to the skeleton, by the builder's rule
 * (builder.c, segment_block), which this follows so that the tags there
 * have their attributes as units in the skeleton. */
static void
block_core(const hreader *r, size_t *lo, size_t *hi)
{
	size_t a = 0, z = r->n_pieces;

	for (;;) {
		while (a < z && white_piece(r, &r->pieces[a]))
			a++;
		while (z > a && white_piece(r, &r->pieces[z - 1]))
			z--;
		if (a >= z)
			break;
		if (r->pieces[a].kind == P_CODE && r->pieces[a].code_kind == TERCUME_RUN_STANDALONE) {
			a++;
			continue;
		}
		if (r->pieces[z - 1].kind == P_CODE &&
		    r->pieces[z - 1].code_kind == TERCUME_RUN_STANDALONE) {
			z--;
			continue;
		}
		if (z - a >= 2 && r->pieces[a].kind == P_CODE && r->pieces[z - 1].kind == P_CODE &&
		    r->pieces[a].code_kind == TERCUME_RUN_OPEN &&
		    r->pieces[z - 1].code_kind == TERCUME_RUN_CLOSE &&
		    r->pieces[a].id == r->pieces[z - 1].id && !r->pieces[a].data && !r->pieces[z - 1].data) {
			a++;
			z--;
			continue;
		}
		break;
	}
	*lo = a;
	*hi = z;
}

/* The attribute of a code inside a block's units: a unit of its own with
 * no bytes in the skeleton (they stay the code's data), after the block;
 * the edition puts its translation into the code (html-edition.c). */
static bool
inner_attributes(hreader *r, const hpiece *p)
{
	tu_html_attr a[TU_HTML_MAX_ATTRS];
	size_t n = tu_html_code_attrs(p->code_kind, r->data + p->start, p->end - p->start, a);
	tercume_status st = TERCUME_OK;

	if (n == (size_t)-1)
		return nomem(r), false;
	for (size_t i = 0; i < n; i++) {
		if (st == TERCUME_OK)
			st = tercume_doc_builder_begin_block(r->b, TERCUME_ROLE_LABEL);
		if (st == TERCUME_OK)
			st = tercume_doc_builder_text(r->b, a[i].text, strlen(a[i].text),
						      r->data + p->start + a[i].at, 0);
		if (st == TERCUME_OK)
			st = tercume_doc_builder_end_block(r->b);
		free(a[i].text);
	}
	if (st != TERCUME_OK) {
		r->st = st;
		return false;
	}
	return true;
}

/* Hands over an inline run with text: the attributes of the tags at its
 * edges (skeleton) as units in their place, the block, and the
 * attributes of the codes inside its units as units after it. */
static bool
emit_run(hreader *r, tercume_role role)
{
	size_t lo, hi, n = r->n_pieces, before;
	hpiece *all;
	bool ok = true;

	block_core(r, &lo, &hi);
	if (lo == 0 && hi == n) {
		before = r->cursor;
		if (!emit_block(r, role))
			return false;
		for (size_t i = 0; r->cursor != before && i < r->n_pieces; i++) {
			const hpiece *p = &r->pieces[i];
			if (p->kind == P_CODE && p->node && p->end > p->start && !inner_attributes(r, p))
				return false;
		}
		return true;
	}
	/* attribute_unit takes r->pieces for its own: a copy of the run's */
	if ((all = malloc(n * sizeof *all)) == NULL)
		return nomem(r), false;
	memcpy(all, r->pieces, n * sizeof *all);
	for (size_t i = 0; i < lo && ok; i++)
		ok = !all[i].node || element_attributes(r, all[i].node);
	if (ok) {
		memcpy(r->pieces, all + lo, (hi - lo) * sizeof *all);
		r->n_pieces = hi - lo;
		before = r->cursor;
		ok = emit_block(r, role);
		for (size_t i = lo; ok && r->cursor != before && i < hi; i++) {
			/* emit_block may have taken a code's bytes away */
			const hpiece *p = &r->pieces[i - lo];
			if (p->kind == P_CODE && p->node && p->end > p->start)
				ok = inner_attributes(r, p);
		}
	}
	for (size_t i = hi; i < n && ok; i++)
		ok = !all[i].node || element_attributes(r, all[i].node);
	free(all);
	return ok;
}

static bool
flush_run(hreader *r, const GumboNode *parent, unsigned from, unsigned to)
{
	const GumboVector *ch = children_of(parent);

	if (from >= to)
		return true;
	if (!has_text(r, ch, from, to))
		return r->st == TERCUME_OK && markup_run_attributes(r, ch, from, to);
	r->n_pieces = 0;
	return run_pieces(r, ch, from, to) && pair_ids(r) && emit_run(r, role_of(parent));
}

static bool
push_frame(hreader *r, const GumboNode *n)
{
	if (r->n_frames == r->cap_frames) {
		size_t cap = r->cap_frames ? r->cap_frames * 2 : 64;
		frame *f = realloc(r->frames, cap * sizeof *f);
		if (f == NULL)
			return nomem(r), false;
		r->frames = f;
		r->cap_frames = cap;
	}
	r->frames[r->n_frames++] = (frame){ n, 0, 0 };
	return true;
}

/* Walks the containers from the document down, without recursion. */
static void
walk(hreader *r, const GumboNode *doc)
{
	if (!push_frame(r, doc))
		return;
	while (r->n_frames > 0 && r->st == TERCUME_OK) {
		frame *f = &r->frames[r->n_frames - 1];
		const GumboVector *ch = children_of(f->node);
		const GumboNode *c;
		eclass k;

		if (f->i == 0 && f->node->type == GUMBO_NODE_ELEMENT &&
		    !element_attributes(r, f->node))
			return;
		if (f->i >= ch->length) {
			const GumboNode *n = f->node;
			unsigned from = f->run_from;
			r->n_frames--;
			if (!flush_run(r, n, from, ch->length))
				return;
			continue;
		}
		c = ch->data[f->i];
		k = c->type == GUMBO_NODE_ELEMENT || c->type == GUMBO_NODE_TEMPLATE ? classify(c)
										     : E_INLINE;
		if (k == E_INLINE && c->type == GUMBO_NODE_ELEMENT && holds_block(r, c))
			k = E_BLOCK;
		if (k == E_INLINE || k == E_VOID || k == E_OPAQUE) {
			/* the head's <meta> and <link> are no part of a run */
			if (c->type == GUMBO_NODE_ELEMENT && (c->v.element.tag == GUMBO_TAG_META ||
			    c->v.element.tag == GUMBO_TAG_LINK || c->v.element.tag == GUMBO_TAG_BASE)) {
				unsigned from = f->run_from, at = f->i;
				const GumboNode *parent = f->node;
				f->i++;
				f->run_from = f->i;
				if (!flush_run(r, parent, from, at) || !element_attributes(r, c))
					return;
				continue;
			}
			f->i++;
			continue;
		}
		{
			unsigned from = f->run_from, at = f->i;
			const GumboNode *parent = f->node;

			f->i++;
			f->run_from = f->i;
			/* f may move when frames grow: done with it */
			if (!flush_run(r, parent, from, at))
				return;
			if (k == E_BLOCK && !push_frame(r, c))
				return;
		}
	}
}

/* ---- the depth guard ---- */

static bool
name_in(const char *s, size_t n, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == n && strncasecmp(s, *names, n) == 0)
			return true;
	return false;
}

/* How deep the markup nests, estimated over the bytes before gumbo sees
 * them: a start tag of an element that has content opens a level, an end
 * tag closes the levels down to the element it names (when that is among
 * the innermost 16; a stray end tag closes nothing, as in a browser).
 * Elements without content (br, img) or whose end tag may be left out (p,
 * li, td) open none, and the text of comments, script, style and the like
 * is skipped.  Not a parser: only the guard that keeps gumbo's time
 * bounded; the document is read by gumbo alone.  Returns the depth, or
 * HTML_MAX_DEPTH + 1 as soon as it is passed (*where: at which byte). */
static size_t
nesting_bound(const char *s, size_t n, size_t *where)
{
	static const char *const flat[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr", "keygen", "image", "basefont", "bgsound",
		"frame", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb",
		"rt", "rp", "rtc", "colgroup", "thead", "tbody", "tfoot", "caption", "html",
		"head", "body", NULL
	};
	static const char *const raw[] = {
		"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
		"noframes", "noscript", NULL
	};
	struct { size_t at, len; } stack[HTML_MAX_DEPTH + 1];
	size_t depth = 0, max = 0;

	*where = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j, name, nl;
		const char *gt;
		bool close;

		if (s[i] != '<')
			continue;
		if (i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
			const char *e = memmem(s + i + 4, n - i - 4, "-->", 3);
			i = e ? (size_t)(e - s) + 2 : n;
			continue;
		}
		close = i + 1 < n && s[i + 1] == '/';
		j = name = i + 1 + close;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
				 (j > name && ((s[j] >= '0' && s[j] <= '9') || s[j] == '-'))))
			j++;
		nl = j - name;
		if (nl == 0)
			continue;
		gt = memchr(s + j, '>', n - j);
		if (close) {
			for (size_t k = depth; k > 0 && depth - k < 16; k--)
				if (stack[k - 1].len == nl &&
				    strncasecmp(s + stack[k - 1].at, s + name, nl) == 0) {
					depth = k - 1;
					break;
				}
			continue;
		}
		if (name_in(s + name, nl, raw)) {
			/* past its end tag */
			size_t k = gt ? (size_t)(gt - s) : n;
			for (;;) {
				const char *lt = memchr(s + k, '<', n - k);
				if (lt == NULL || (size_t)(lt - s) + 2 + nl > n) {
					k = n;
					break;
				}
				k = (size_t)(lt - s) + 1;
				if (s[k] == '/' && strncasecmp(s + k + 1, s + name, nl) == 0)
					break;
			}
			i = k;
			continue;
		}
		if (name_in(s + name, nl, flat) || (gt && gt > s + j && gt[-1] == '/'))
			continue;
		stack[depth].at = name;
		stack[depth].len = nl;
		if (++depth > max) {
			max = depth;
			*where = i;
			if (max > HTML_MAX_DEPTH)
				return max;
		}
	}
	return max;
}

static unsigned long
line_of(const char *s, size_t at)
{
	unsigned long line = 1;

	for (const char *p = s; (p = memchr(p, '\n', at - (size_t)(p - s))) != NULL; p++)
		line++;
	return line;
}

tercume_status
tercume_doc_from_html(tercume_doc **out, const char *name, const char *data, size_t len,
		      const tercume_segment_options *opts, tercume_reporter *rep)
{
	GumboOptions gopts = kGumboDefaultOptions;
	GumboOutput *g;
	hreader r = { 0 };
	size_t bom = 0, where, depth;
	tercume_status st;

	*out = NULL;
	if (name == NULL)
		name = "";
	st = tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK)
		return st;
	depth = nesting_bound(data, len, &where);
	if (depth > HTML_MAX_DEPTH) {
		tu_error(rep, name, line_of(data, where), 0, "the markup nests more than %d "
			 "elements deep; tercume reads HTML nested at most that deep", HTML_MAX_DEPTH);
		return TERCUME_EINPUT;
	}
	if (len > UINT32_MAX / 2) {
		tu_error(rep, name, 0, 0, "the file is too large for the HTML parser (%zu bytes)", len);
		return TERCUME_EINPUT;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		bom = 3;	/* skeleton, not text for gumbo */
	st = tercume_doc_builder_new(&r.b, name, "html", opts, rep);
	if (st != TERCUME_OK)
		return st;
	gopts.max_errors = 0;	/* parse errors are not reported: browsers
				   read such pages, and so does tercume */
	g = gumbo_parse_with_options(&gopts, data + bom, len - bom);
	if (g == NULL) {
		tercume_doc_builder_free(r.b);
		tu_error(rep, name, 0, 0, "out of memory");
		return TERCUME_ENOMEM;
	}
	r.data = data;
	r.len = len;
	r.name = name;
	r.rep = rep;
	r.next_id = 1;
	walk(&r, g->document);
	if (r.st == TERCUME_OK)
		emit_skeleton_to(&r, len);
	gumbo_destroy_output(&gopts, g);
	free(r.pieces);
	free(r.stack);
	free(r.frames);
	for (size_t i = 0; i < r.n_owned; i++)
		free(r.owned[i]);
	free(r.owned);
	if (r.st != TERCUME_OK) {
		tercume_doc_builder_free(r.b);
		return r.st;
	}
	return tercume_doc_builder_finish(r.b, out);
}
