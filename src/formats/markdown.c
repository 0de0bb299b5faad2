/* markdown.c — the Markdown reader: a Markdown article through md4c's
 * CommonMark parser (with GitHub's tables, strikethrough and task lists),
 * handed to the document builder as blocks of text and inline codes with
 * every source byte kept (doc/markdown.md); and the escaping of translated
 * text for a Markdown edition.
 *
 * md4c reports a document as a stream of block and span events and texts,
 * and each text of the source comes as a pointer into the input.  The
 * texts are the anchors: the bytes between two of them are the markup md4c
 * consumed there — the delimiters of the spans that open and close
 * between them (`**`, `[`, `](url "title")`), a line break and the next
 * line's container marks, a backslash before an escaped character.  Each
 * span's delimiters are found where md4c says the span is, from the
 * anchor on: the delimiter characters of emphasis, the `]` and the
 * destination of a link, the backtick run of a code span.  Everything that
 * is in no unit — heading marks, list markers, quote marks, table pipes,
 * code blocks, HTML blocks, link reference definitions — is skeleton. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>
#include <md4c-html.h>

/* CommonMark with GitHub's tables, strikethrough and task lists; bare URLs
 * are text (GitHub's permissive autolinks are not turned on). */
#define TU_MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS)

typedef enum { EV_TEXT, EV_ENTER, EV_LEAVE } ev_kind;

/* One event of a leaf block's inline content. */
typedef struct mev {
	ev_kind kind;
	int type;		/* MD_TEXTTYPE or MD_SPANTYPE */
	const char *text;	/* EV_TEXT */
	size_t size;
	bool in_input;		/* text points into the input */
	size_t off;		/* then its offset */
} mev;

typedef enum { P_TEXT, P_CODE } piece_kind;

typedef struct mpiece {
	piece_kind kind;
	size_t start, end;	/* source bytes */
	const char *text;	/* P_TEXT: what the translator sees (NULL: the source) */
	size_t text_len;
	tercume_run_kind code_kind;
	unsigned id;
	const char *type, *subtype;
	bool html;		/* an inline HTML tag: paired by name */
	bool decoded;		/* P_TEXT: the text is r->decoded[disp_at, +text_len) */
	bool alt;		/* P_CODE: its data are r->decoded[alt_at, +alt_len),
				   not its source bytes */
	size_t alt_at, alt_len;
	size_t name_at, name_len;
	size_t disp_at, disp_len;	/* a code span's content */
} mpiece;

typedef struct mreader {
	const char *data;
	size_t len;
	const char *name;
	tercume_reporter *rep;
	tercume_doc_builder *b;
	tercume_status st;
	size_t cursor;		/* bytes before it are emitted */
	int verbatim;		/* inside a code block or an HTML block */
	bool heading;
	mev *ev;
	size_t n_ev, cap_ev;
	mpiece *pieces;
	size_t n_pieces, cap_pieces;
	unsigned next_id;
	tu_buf decoded;		/* decoded character references, all of them */
	size_t skipped;		/* blocks left as skeleton */
} mreader;

static int
fail(mreader *r, tercume_status st)
{
	if (r->st == TERCUME_OK) {
		r->st = st;
		if (st == TERCUME_ENOMEM)
			tu_error(r->rep, r->name, 0, 0, "out of memory");
	}
	return -1;
}

static bool
in_input(const mreader *r, const char *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, lo = (uintptr_t)r->data;

	return p != NULL && a >= lo && n <= r->len && a - lo <= r->len - n;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
	       (c >= '{' && c <= '~');
}

/* ---- pieces ---- */

static mpiece *
add_piece(mreader *r, piece_kind kind, size_t start, size_t end)
{
	mpiece *p;

	if (!tu_grow(&r->pieces, &r->cap_pieces, r->n_pieces, sizeof *r->pieces, 64)) {
		fail(r, TERCUME_ENOMEM);
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
add_code(mreader *r, tercume_run_kind kind, size_t start, size_t end, const char *type,
	 const char *subtype)
{
	mpiece *p = add_piece(r, P_CODE, start, end);

	if (p == NULL)
		return false;
	p->code_kind = kind;
	p->type = type;
	p->subtype = subtype;
	return true;
}

/* A character reference as the translator sees it: md4c keeps it
 * verbatim, and its HTML renderer decodes it. */
static void
entity_out(const MD_CHAR *s, MD_SIZE n, void *user)
{
	tu_buf_append(user, s, n);
}

static bool
decode_entity(mreader *r, const char *s, size_t n, size_t *at, size_t *len)
{
	tu_buf html = TU_BUF_INIT;
	const char *p, *e;
	bool ok = false;

	*at = r->decoded.len;
	if (md_html(s, (MD_SIZE)n, entity_out, &html, 0, 0) == 0 && !html.failed &&
	    html.len >= 8 && memcmp(html.data, "<p>", 3) == 0 &&
	    memcmp(html.data + html.len - 5, "</p>\n", 5) == 0) {
		p = html.data + 3;
		e = html.data + html.len - 5;
		ok = true;
		while (p < e) {
			static const struct { const char *esc; char c; } escs[] = {
				{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }
			};
			size_t k;
			for (k = 0; k < 4; k++)
				if ((size_t)(e - p) >= strlen(escs[k].esc) &&
				    memcmp(p, escs[k].esc, strlen(escs[k].esc)) == 0)
					break;
			if (k < 4) {
				tu_buf_putc(&r->decoded, escs[k].c);
				p += strlen(escs[k].esc);
			} else
				tu_buf_putc(&r->decoded, *p++);
		}
	}
	tu_buf_free(&html);
	if (!ok || r->decoded.failed) {
		r->decoded.len = *at;
		return false;
	}
	*len = r->decoded.len - *at;
	/* a reference to a character tercume refuses (NUL becomes U+FFFD;
	 * a noncharacter stays the reference) */
	{
		size_t bad;
		if (tu_text_check(r->decoded.data + *at, *len, false, &bad) != TU_TEXT_OK) {
			r->decoded.len = *at;
			return false;
		}
	}
	return true;
}

/* ---- from events to pieces ---- */

/* The length of a span's opening delimiter that ends at `at` (reading
 * backwards), 0 when the bytes are not one. */
static size_t
opener_before(const mreader *r, int type, size_t at, size_t floor)
{
	const char *d = r->data;

	switch (type) {
	case MD_SPAN_EM:
		return at > floor && (d[at - 1] == '*' || d[at - 1] == '_') ? 1 : 0;
	case MD_SPAN_STRONG:
		return at >= floor + 2 && (d[at - 1] == '*' || d[at - 1] == '_') &&
		       d[at - 2] == d[at - 1] ? 2 : 0;
	case MD_SPAN_DEL:
		if (at >= floor + 2 && d[at - 1] == '~' && d[at - 2] == '~')
			return 2;
		return at > floor && d[at - 1] == '~' ? 1 : 0;
	case MD_SPAN_A:
		return at > floor && (d[at - 1] == '[' || d[at - 1] == '<') ? 1 : 0;
	case MD_SPAN_IMG:
		return at >= floor + 2 && d[at - 1] == '[' && d[at - 2] == '!' ? 2 : 0;
	case MD_SPAN_CODE: {
		size_t k = at;
		if (k > floor + 1 && d[k - 1] == ' ' && d[k - 2] == '`')
			k--;
		while (k > floor && d[k - 1] == '`')
			k--;
		return k < at && d[k] == '`' ? at - k : 0;
	}
	default:
		return 0;
	}
}

/* The end of the balanced run from at (an opening bracket), honouring
 * backslash escapes and, for a link destination, <…> and quoted titles;
 * 0 when it does not close before limit. */
static size_t
close_bracket(const mreader *r, size_t at, size_t limit, char open, char close)
{
	const char *d = r->data;
	int depth = 0;
	char quote = 0;

	for (size_t k = at; k < limit; k++) {
		char c = d[k];
		if (c == '\\' && k + 1 < limit) {
			k++;
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (open == '(' && (c == '"' || c == '\'') && k > at && is_blank(d[k - 1])) {
			quote = c;
			continue;
		}
		if (open == '(' && c == '<' && k > at) {
			const char *gt = memchr(d + k, '>', limit - k);
			if (gt) {
				k = (size_t)(gt - d);
				continue;
			}
		}
		if (c == open)
			depth++;
		else if (c == close && --depth == 0)
			return k + 1;
	}
	return 0;
}

/* Whether the 1-byte text at off is an escaped character (its backslash
 * at off - 1, not before floor). */
static bool
escaped_at(const mreader *r, const mev *e, size_t floor)
{
	return e->type == MD_TEXT_NORMAL && e->size == 1 && is_punct(r->data[e->off]) &&
	       e->off > floor && r->data[e->off - 1] == '\\';
}

/* The next event from i on that is a text of the input, or n. */
static size_t
next_anchor(const mreader *r, size_t i)
{
	while (i < r->n_ev && !(r->ev[i].kind == EV_TEXT && r->ev[i].in_input))
		i++;
	return i;
}

/* Where the markup that ends at the next anchor ends: at the anchor, or at
 * its backslash when it is an escaped character. */
static size_t
anchor_limit(const mreader *r, size_t i, size_t pos)
{
	size_t a = next_anchor(r, i);

	if (a == r->n_ev)
		return r->len;
	if (escaped_at(r, &r->ev[a], pos))
		return r->ev[a].off - 1;
	return r->ev[a].off;
}

/* A line break from pos: trailing blanks, a backslash (a hard break), the
 * line end, and the next line's indentation and quote marks up to limit. */
static size_t
line_break(const mreader *r, size_t pos, size_t limit)
{
	const char *d = r->data;

	while (pos < limit && is_blank(d[pos]))
		pos++;
	if (pos < limit && d[pos] == '\\')
		pos++;
	if (pos < limit && d[pos] == '\r')
		pos++;
	if (pos < limit && d[pos] == '\n')
		pos++;
	while (pos < limit && (is_blank(d[pos]) || d[pos] == '>'))
		pos++;
	return pos;
}

/* The name of an inline HTML tag: *close for an end tag; false for a
 * comment, a declaration or a tag that has no content. */
static bool
html_tag_name(const char *s, size_t n, bool *close, size_t *at, size_t *len)
{
	static const char *const voids[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr", NULL
	};
	size_t k = 1;

	if (n < 3 || s[0] != '<')
		return false;
	*close = s[1] == '/';
	k += *close;
	*at = k;
	while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
			 (k > *at && ((s[k] >= '0' && s[k] <= '9') || s[k] == '-'))))
		k++;
	*len = k - *at;
	if (*len == 0 || (!*close && s[n - 2] == '/'))
		return false;
	for (size_t v = 0; voids[v]; v++)
		if (strlen(voids[v]) == *len && strncasecmp(s + *at, voids[v], *len) == 0)
			return false;
	return true;
}

typedef struct open_span {
	int type;
	size_t delim;		/* delimiter length (emphasis, code) */
	char bracket;		/* links and images: '[' or '<' */
	size_t start;		/* code spans: where the opener starts */
	size_t piece;		/* its piece */
} open_span;

/* Turns the events of one leaf block into pieces, [*start, *end) being the
 * bytes of the block; false (and no error) when they cannot be mapped, and
 * the block stays skeleton. */
static bool
map_events(mreader *r, size_t *start, size_t *end)
{
	size_t fa = next_anchor(r, 0), pos, n_open = 0;
	open_span *open = NULL;
	bool ok = false, in_code = false;
	size_t code_start = 0, code_ticks = 0;

	r->n_pieces = 0;
	if (fa == r->n_ev)
		return false;
	open = calloc(r->n_ev + 1, sizeof *open);
	if (open == NULL)
		return fail(r, TERCUME_ENOMEM), false;
	/* the openers before the first text, read backwards from it */
	pos = r->ev[fa].off;
	if (escaped_at(r, &r->ev[fa], r->cursor))
		pos--;
	for (size_t i = fa; i > 0; i--) {
		const mev *e = &r->ev[i - 1];
		size_t k;

		if (e->kind != EV_ENTER)
			goto out;
		k = opener_before(r, e->type, pos, r->cursor);
		if (k == 0)
			goto out;
		pos -= k;
	}
	*start = pos;
	for (size_t i = 0; i < r->n_ev && r->st == TERCUME_OK; i++) {
		const mev *e = &r->ev[i];
		const char *d = r->data;

		if (e->kind == EV_TEXT && e->in_input) {
			size_t o = e->off, z = o + e->size;

			if (o < pos)
				goto out;
			if (in_code) {
				pos = z;
				continue;
			}
			if (o > pos) {
				if (o == pos + 1 && escaped_at(r, e, pos)) {
					mpiece *p = add_piece(r, P_TEXT, pos, z);
					if (p == NULL)
						goto out;
					p->text = d + o;
					p->text_len = e->size;
					pos = z;
					continue;
				}
				/* bytes md4c consumed that no span claims */
				if (!add_code(r, TERCUME_RUN_STANDALONE, pos, o, "other", NULL))
					goto out;
			}
			if (e->type == MD_TEXT_ENTITY) {
				size_t at, len;
				mpiece *p = add_piece(r, P_TEXT, o, z);
				if (p == NULL)
					goto out;
				if (decode_entity(r, d + o, e->size, &at, &len)) {
					/* r->decoded may move: found by offset */
					p->decoded = true;
					p->disp_at = at;
					p->text_len = len;
				} else {
					p->text = d + o;
					p->text_len = e->size;
				}
			} else if (e->type == MD_TEXT_HTML) {
				/* one tag may come in several texts, one per line */
				size_t j = i + 1, name_at, name_len;
				bool close;
				mpiece *p;

				while (j < r->n_ev && r->ev[j].kind == EV_TEXT &&
				       r->ev[j].type == MD_TEXT_HTML) {
					if (r->ev[j].in_input)
						z = r->ev[j].off + r->ev[j].size;
					j++;
				}
				i = j - 1;
				if (!add_code(r, TERCUME_RUN_STANDALONE, o, z, "other", NULL))
					goto out;
				p = &r->pieces[r->n_pieces - 1];
				if (html_tag_name(d + o, z - o, &close, &name_at, &name_len)) {
					p->html = true;
					p->code_kind = close ? TERCUME_RUN_CLOSE : TERCUME_RUN_OPEN;
					p->name_at = o + name_at;
					p->name_len = name_len;
				}
			} else {
				mpiece *p = add_piece(r, P_TEXT, o, z);
				if (p == NULL)
					goto out;
				p->text = d + o;
				p->text_len = e->size;
			}
			pos = z;
			continue;
		}
		if (e->kind == EV_TEXT) {
			/* a text md4c made: a line break, a space in a code span */
			size_t limit = anchor_limit(r, i + 1, pos), z;

			if (in_code)
				continue;
			if (e->type != MD_TEXT_SOFTBR && e->type != MD_TEXT_BR)
				goto out;
			z = line_break(r, pos, limit);
			if (z == pos)
				goto out;
			if (e->type == MD_TEXT_BR) {
				if (!add_code(r, TERCUME_RUN_STANDALONE, pos, z, "fmt", "xlf:lb"))
					goto out;
			} else {
				mpiece *p = add_piece(r, P_TEXT, pos, z);
				if (p == NULL)
					goto out;
				p->text = " ";
				p->text_len = 1;
			}
			pos = z;
			continue;
		}
		if (e->kind == EV_ENTER) {
			open_span *s = &open[n_open];
			size_t k = 0;
			const char *type = "fmt", *sub = NULL;

			memset(s, 0, sizeof *s);
			s->type = e->type;
			switch (e->type) {
			case MD_SPAN_EM:
			case MD_SPAN_STRONG:
				k = e->type == MD_SPAN_EM ? 1 : 2;
				if (pos + k > r->len || (d[pos] != '*' && d[pos] != '_') ||
				    (k == 2 && d[pos + 1] != d[pos]))
					goto out;
				sub = e->type == MD_SPAN_EM ? "xlf:i" : "xlf:b";
				break;
			case MD_SPAN_DEL:
				while (pos + k < r->len && k < 2 && d[pos + k] == '~')
					k++;
				if (k == 0)
					goto out;
				break;
			case MD_SPAN_A:
			case MD_SPAN_IMG:
				k = e->type == MD_SPAN_IMG ? 2 : 1;
				if (pos + k > r->len ||
				    (e->type == MD_SPAN_IMG ? memcmp(d + pos, "![", 2) != 0
							    : d[pos] != '[' && d[pos] != '<'))
					goto out;
				s->bracket = d[pos + k - 1];
				type = e->type == MD_SPAN_IMG ? "image" : "link";
				if (s->bracket == '<') {
					/* an autolink: its text is its URL, one
					 * placeholder */
					in_code = true;
					code_start = pos;
					pos += 1;
					n_open++;
					continue;
				}
				break;
			case MD_SPAN_CODE:
				while (pos + k < r->len && d[pos + k] == '`')
					k++;
				if (k == 0)
					goto out;
				in_code = true;
				code_start = pos;
				code_ticks = k;
				pos += k;
				n_open++;
				continue;
			default:
				goto out;	/* extensions not turned on */
			}
			s->delim = k;
			s->piece = r->n_pieces;
			if (!add_code(r, TERCUME_RUN_OPEN, pos, pos + k, type, sub))
				goto out;
			r->pieces[r->n_pieces - 1].id = r->next_id++;
			pos += k;
			n_open++;
			continue;
		}
		/* EV_LEAVE */
		{
			open_span *s;
			size_t k, z;

			if (n_open == 0)
				goto out;
			s = &open[--n_open];
			if (s->type != e->type)
				goto out;
			if (e->type == MD_SPAN_CODE) {
				/* through the closing backtick run of the same length */
				size_t j = pos;
				z = 0;
				while (j < r->len) {
					size_t run = 0;
					if (d[j] != '`') {
						j++;
						continue;
					}
					while (j + run < r->len && d[j + run] == '`')
						run++;
					if (run == code_ticks) {
						z = j + run;
						break;
					}
					j += run;
				}
				if (z == 0)
					goto out;
				if (!add_code(r, TERCUME_RUN_STANDALONE, code_start, z, "other", NULL))
					goto out;
				r->pieces[r->n_pieces - 1].disp_at = code_start + code_ticks;
				r->pieces[r->n_pieces - 1].disp_len = j - code_start - code_ticks;
				in_code = false;
				pos = z;
				continue;
			}
			if (e->type == MD_SPAN_A && s->bracket == '<') {
				if (pos >= r->len || d[pos] != '>')
					goto out;
				if (!add_code(r, TERCUME_RUN_STANDALONE, code_start, pos + 1, "link", NULL))
					goto out;
				in_code = false;
				pos++;
				continue;
			}
			if (e->type == MD_SPAN_A || e->type == MD_SPAN_IMG) {
				size_t limit = anchor_limit(r, i + 1, pos);
				{
					if (pos >= r->len || d[pos] != ']')
						goto out;
					z = pos + 1;
					if (next_anchor(r, i + 1) < r->n_ev &&
					    (i + 1 == next_anchor(r, i + 1))) {
						z = limit;	/* up to the next text */
					} else if (z < r->len && d[z] == '(') {
						k = close_bracket(r, z, r->len, '(', ')');
						if (k == 0)
							goto out;
						z = k;
					} else if (z < r->len && d[z] == '[') {
						k = close_bracket(r, z, r->len, '[', ']');
						if (k != 0)
							z = k;
					}
				}
				if (z < pos + 1 || z > limit)
					goto out;
				if (z - pos == 1 || (z - pos == 3 && memcmp(d + pos, "][]", 3) == 0)) {
					/* a shortcut or collapsed reference: its text
					 * is its label, which a translation changes;
					 * the edition closes it with the label */
					const mpiece *o = &r->pieces[s->piece];
					size_t la = o->end, at = r->decoded.len;
					tu_buf_puts(&r->decoded, "][");
					tu_buf_append(&r->decoded, d + la, pos - la);
					tu_buf_putc(&r->decoded, ']');
					if (r->decoded.failed) {
						fail(r, TERCUME_ENOMEM);
						goto out;
					}
					if (!add_code(r, TERCUME_RUN_CLOSE, pos, z, o->type, o->subtype))
						goto out;
					r->pieces[r->n_pieces - 1].id = o->id;
					r->pieces[r->n_pieces - 1].alt = true;
					r->pieces[r->n_pieces - 1].alt_at = at;
					r->pieces[r->n_pieces - 1].alt_len = r->decoded.len - at;
					pos = z;
					continue;
				}
			} else {
				z = pos + s->delim;
				if (z > r->len)
					goto out;
				for (k = pos; k < z; k++)
					if (d[k] != d[r->pieces[s->piece].start])
						goto out;
			}
			if (!add_code(r, TERCUME_RUN_CLOSE, pos, z, r->pieces[s->piece].type,
				      r->pieces[s->piece].subtype))
				goto out;
			r->pieces[r->n_pieces - 1].id = r->pieces[s->piece].id;
			pos = z;
		}
	}
	if (n_open != 0 || in_code || r->st != TERCUME_OK)
		goto out;
	*end = pos;
	ok = true;
out:
	free(open);
	return ok;
}

/* Pairs the inline HTML tags by name, nested inside the spans they are
 * in; a tag without its other half is a placeholder. */
static bool
pair_html(mreader *r)
{
	size_t *stack = malloc((r->n_pieces + 1) * sizeof *stack), n = 0;

	if (stack == NULL)
		return fail(r, TERCUME_ENOMEM), false;
	for (size_t i = 0; i < r->n_pieces; i++) {
		mpiece *p = &r->pieces[i];

		if (p->kind != P_CODE)
			continue;
		if (p->code_kind == TERCUME_RUN_OPEN) {
			if (p->html)
				p->id = r->next_id++;
			stack[n++] = i;
		} else if (p->code_kind == TERCUME_RUN_CLOSE && !p->html) {
			/* a span closes: open tags inside it are unpaired */
			while (n > 0 && r->pieces[stack[n - 1]].html)
				r->pieces[stack[--n]].code_kind = TERCUME_RUN_STANDALONE;
			if (n > 0)
				n--;
		} else if (p->code_kind == TERCUME_RUN_CLOSE) {
			mpiece *top = n > 0 ? &r->pieces[stack[n - 1]] : NULL;
			if (top && top->html && top->name_len == p->name_len &&
			    strncasecmp(r->data + top->name_at, r->data + p->name_at,
					p->name_len) == 0) {
				p->id = top->id;
				n--;
			} else
				p->code_kind = TERCUME_RUN_STANDALONE;
		}
	}
	while (n > 0)
		r->pieces[stack[--n]].code_kind = TERCUME_RUN_STANDALONE;
	free(stack);
	for (size_t i = 0; i < r->n_pieces; i++)
		if (r->pieces[i].kind == P_CODE && r->pieces[i].code_kind == TERCUME_RUN_STANDALONE)
			r->pieces[i].id = r->next_id++;
	return true;
}

static int
emit_skeleton_to(mreader *r, size_t at)
{
	tercume_status st;

	if (at <= r->cursor)
		return 0;
	st = tercume_doc_builder_skeleton(r->b, r->data + r->cursor, at - r->cursor);
	if (st != TERCUME_OK)
		return fail(r, st);
	r->cursor = at;
	return 0;
}

/* A block of pieces [start, end) to the builder. */
static int
emit_block(mreader *r, size_t start, size_t end, tercume_role role)
{
	tercume_status st;

	if (emit_skeleton_to(r, start) != 0)
		return -1;
	st = tercume_doc_builder_begin_block(r->b, role);
	for (size_t i = 0; i < r->n_pieces && st == TERCUME_OK; i++) {
		const mpiece *p = &r->pieces[i];
		tercume_code c;
		char id[16], *data, *disp = NULL;

		if (p->kind == P_TEXT) {
			const char *t = p->decoded ? r->decoded.data + p->disp_at : p->text;
			st = tercume_doc_builder_text(r->b, t, p->text_len, r->data + p->start,
						      p->end - p->start);
			continue;
		}
		memset(&c, 0, sizeof c);
		snprintf(id, sizeof id, "%u", p->id);
		data = p->alt ? tu_strndup(r->decoded.data + p->alt_at, p->alt_len)
			      : tu_strndup(r->data + p->start, p->end - p->start);
		if (p->disp_len > 0 && p->disp_len <= 80 &&
		    memchr(r->data + p->disp_at, '\n', p->disp_len) == NULL)
			disp = tu_strndup(r->data + p->disp_at, p->disp_len);
		c.kind = p->code_kind;
		c.id = id;
		c.type = p->type;
		c.subtype = p->subtype;
		c.data = data;
		c.display = disp;
		if (data == NULL)
			st = TERCUME_ENOMEM;
		else if (p->alt)
			st = tercume_doc_builder_code_source(r->b, &c, r->data + p->start,
							     p->end - p->start);
		else
			st = tercume_doc_builder_code(r->b, &c);
		free(data);
		free(disp);
	}
	if (st == TERCUME_OK)
		st = tercume_doc_builder_end_block(r->b);
	if (st != TERCUME_OK)
		return fail(r, st);
	r->cursor = end;
	return 0;
}

/* The titles of the block's links and images: units of their own after
 * it, with no bytes in the skeleton (they stay the closing code's data);
 * the edition puts their translations there (markup.c). */
static int
emit_titles(mreader *r)
{
	tercume_status st = TERCUME_OK;

	for (size_t i = 0; i < r->n_pieces && st == TERCUME_OK; i++) {
		const mpiece *p = &r->pieces[i];
		tercume_code c;
		tu_html_attr a;
		size_t n;

		if (p->kind != P_CODE || p->alt || p->code_kind != TERCUME_RUN_CLOSE)
			continue;
		memset(&c, 0, sizeof c);
		c.kind = p->code_kind;
		c.type = p->type;
		n = tu_markdown_code_attrs(&c, r->data + p->start, p->end - p->start, &a);
		if (n == (size_t)-1)
			return fail(r, TERCUME_ENOMEM);
		if (n == 0)
			continue;
		st = tercume_doc_builder_begin_block(r->b, TERCUME_ROLE_LABEL);
		if (st == TERCUME_OK)
			st = tercume_doc_builder_text(r->b, a.text, strlen(a.text),
						      r->data + p->start + a.at, 0);
		if (st == TERCUME_OK)
			st = tercume_doc_builder_end_block(r->b);
		free(a.text);
	}
	return st == TERCUME_OK ? 0 : fail(r, st);
}

/* The inline content gathered since the last block event. */
static int
flush(mreader *r)
{
	size_t start, end;
	bool text = false;
	int rc = 0;

	if (r->n_ev == 0 || r->st != TERCUME_OK) {
		r->n_ev = 0;
		return r->st == TERCUME_OK ? 0 : -1;
	}
	for (size_t i = 0; i < r->n_ev && !text; i++)
		text = r->ev[i].kind == EV_TEXT && r->ev[i].in_input &&
		       (r->ev[i].type == MD_TEXT_NORMAL || r->ev[i].type == MD_TEXT_ENTITY);
	r->decoded.len = 0;
	if (text && map_events(r, &start, &end) && start >= r->cursor) {
		if (pair_html(r)) {
			rc = emit_block(r, start, end, r->heading ? TERCUME_ROLE_HEADING
								  : TERCUME_ROLE_PARAGRAPH);
			if (rc == 0)
				rc = emit_titles(r);
		} else
			rc = -1;
	} else if (text && r->st == TERCUME_OK)
		r->skipped++;
	r->n_ev = 0;
	return r->st == TERCUME_OK ? rc : -1;
}

static int
add_event(mreader *r, ev_kind kind, int type, const char *text, size_t size)
{
	mev *e;

	if (r->n_ev == r->cap_ev) {
		size_t cap = r->cap_ev ? r->cap_ev * 2 : 64;
		mev *v = realloc(r->ev, cap * sizeof *v);
		if (v == NULL)
			return fail(r, TERCUME_ENOMEM);
		r->ev = v;
		r->cap_ev = cap;
	}
	e = &r->ev[r->n_ev++];
	e->kind = kind;
	e->type = type;
	e->text = text;
	e->size = size;
	e->in_input = text != NULL && size > 0 && in_input(r, text, size);
	e->off = e->in_input ? (size_t)(text - r->data) : 0;
	return 0;
}

static int
on_enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	mreader *r = user;

	(void)detail;
	if (flush(r) != 0)
		return -1;
	if (type == MD_BLOCK_CODE || type == MD_BLOCK_HTML)
		r->verbatim++;
	if (type == MD_BLOCK_H)
		r->heading = true;
	return 0;
}

static int
on_leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	mreader *r = user;

	(void)detail;
	if (flush(r) != 0)
		return -1;
	if ((type == MD_BLOCK_CODE || type == MD_BLOCK_HTML) && r->verbatim > 0)
		r->verbatim--;
	if (type == MD_BLOCK_H)
		r->heading = false;
	return 0;
}

static int
on_enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	mreader *r = user;

	(void)detail;
	return r->verbatim ? 0 : add_event(r, EV_ENTER, type, NULL, 0);
}

static int
on_leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	mreader *r = user;

	(void)detail;
	return r->verbatim ? 0 : add_event(r, EV_LEAVE, type, NULL, 0);
}

static int
on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *user)
{
	mreader *r = user;

	return r->verbatim ? 0 : add_event(r, EV_TEXT, type, text, size);
}

/* ---- front matter ---- */

/* The end of the line at p (after its line break), and of its content. */
static size_t
line_end(const char *d, size_t len, size_t p, size_t *content)
{
	const char *nl = memchr(d + p, '\n', len - p);
	size_t e = nl ? (size_t)(nl - d) : len;

	*content = e > p && d[e - 1] == '\r' ? e - 1 : e;
	return nl ? e + 1 : len;
}

static bool
line_is(const char *d, size_t a, size_t z, const char *s)
{
	size_t n = strlen(s);

	while (z > a && is_blank(d[z - 1]))
		z--;
	return z - a == n && memcmp(d + a, s, n) == 0;
}

/* A YAML (---) or TOML (+++) front matter at the start: skeleton, but for
 * a `title` whose value is one plain or quoted line, which is a unit.
 * Returns where the Markdown starts. */
static size_t
front_matter(mreader *r, size_t at)
{
	const char *d = r->data;
	size_t c, p = line_end(d, r->len, at, &c), title_a = 0, title_z = 0;
	const char *fence;
	char sep;

	if (line_is(d, at, c, "---")) {
		fence = "---";
		sep = ':';
	} else if (line_is(d, at, c, "+++")) {
		fence = "+++";
		sep = '=';
	} else
		return at;
	for (bool closed = false; !closed;) {
		size_t a = p, z;

		if (p >= r->len)
			return at;	/* never closed: not front matter */
		p = line_end(d, r->len, a, &z);
		if (line_is(d, a, z, fence) || (sep == ':' && line_is(d, a, z, "..."))) {
			closed = true;
			continue;
		}
		if (z - a > 6 && memcmp(d + a, "title", 5) == 0 && title_z == 0) {
			size_t k = a + 5;
			while (k < z && is_blank(d[k]))
				k++;
			if (k < z && d[k] == sep) {
				k++;
				while (k < z && is_blank(d[k]))
					k++;
				while (z > k && is_blank(d[z - 1]))
					z--;
				if (z - k >= 2 && (d[k] == '"' || d[k] == '\'') && d[z - 1] == d[k]) {
					/* a quoted value without escapes */
					if (memchr(d + k + 1, d[k] == '"' ? '\\' : '\'', z - k - 2) == NULL) {
						title_a = k + 1;
						title_z = z - 1;
					}
				} else if (z > k && !strchr("|>&*!%@`[{#\"'", d[k])) {
					title_a = k;
					title_z = z;
				}
			}
		}
	}
	if (title_z > title_a) {
		mpiece *t;
		r->n_pieces = 0;
		t = add_piece(r, P_TEXT, title_a, title_z);
		if (t == NULL)
			return at;
		t->text = d + title_a;
		t->text_len = title_z - title_a;
		if (emit_block(r, title_a, title_z, TERCUME_ROLE_HEADING) != 0)
			return at;
	}
	return p;
}

tercume_status
tercume_doc_from_markdown(tercume_doc **out, const char *name, const char *data, size_t len,
			  const tercume_segment_options *opts, tercume_reporter *rep)
{
	MD_PARSER parser = { 0 };
	mreader r = { 0 };
	size_t at = 0;
	tercume_status st;

	*out = NULL;
	if (name == NULL)
		name = "";
	st = tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK)
		return st;
	if (len > UINT32_MAX / 2) {
		tu_error(rep, name, 0, 0, "the file is too large for the Markdown parser (%zu bytes)", len);
		return TERCUME_EINPUT;
	}
	st = tercume_doc_builder_new(&r.b, name, "markdown", opts, rep);
	if (st != TERCUME_OK)
		return st;
	r.data = data;
	r.len = len;
	r.name = name;
	r.rep = rep;
	r.next_id = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		at = 3;
	at = front_matter(&r, at);
	parser.abi_version = 0;
	parser.flags = TU_MD_FLAGS;
	parser.enter_block = on_enter_block;
	parser.leave_block = on_leave_block;
	parser.enter_span = on_enter_span;
	parser.leave_span = on_leave_span;
	parser.text = on_text;
	if (r.st == TERCUME_OK && at < len && md_parse(data + at, (MD_SIZE)(len - at), &parser, &r) != 0 &&
	    r.st == TERCUME_OK) {
		tu_error(rep, name, 0, 0, "the Markdown parser failed");
		r.st = TERCUME_EINPUT;
	}
	if (r.st == TERCUME_OK)
		flush(&r);
	if (r.st == TERCUME_OK)
		emit_skeleton_to(&r, len);
	free(r.ev);
	free(r.pieces);
	tu_buf_free(&r.decoded);
	if (r.st != TERCUME_OK) {
		tercume_doc_builder_free(r.b);
		return r.st;
	}
	return tercume_doc_builder_finish(r.b, out);
}

/* ---- the edition ---- */

/* The character md4c's renderer decodes the reference s (n bytes) to. */
static bool
decode_ref(const char *s, size_t n, tu_charref *out)
{
	tu_buf html = TU_BUF_INIT;
	bool ok = false;

	/* "<p>X</p>\n": one character that needs no escape in HTML (the
	 * references to &, <, > and " are decoded by hand) */
	if (md_html(s, (MD_SIZE)n, entity_out, &html, 0, 0) == 0 && !html.failed &&
	    html.len > 8 && memcmp(html.data, "<p>", 3) == 0 &&
	    memcmp(html.data + html.len - 5, "</p>\n", 5) == 0) {
		const char *p = html.data + 3;
		size_t len = html.len - 8, at = 0;
		static const struct { const char *esc; const char *c; } escs[] = {
			{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }
		};

		for (size_t k = 0; k < 4; k++)
			if (len == strlen(escs[k].esc) && memcmp(p, escs[k].esc, len) == 0) {
				p = escs[k].c;
				len = 1;
			}
		if (*p != '&' || len == 1) {
			tu_utf8_next(p, len, &at);
			if (at == len && len < sizeof out->ch) {
				memcpy(out->ch, p, len);
				out->ch_len = len;
				ok = true;
			}
		}
	}
	tu_buf_free(&html);
	return ok;
}

/* The character references of raw, the first spelling of each character;
 * a reference after a backslash is none (\&amp; is the text "&amp;"). */
static size_t
source_refs(const char *raw, size_t raw_len, tu_charref *refs)
{
	return tu_charrefs_collect(raw, raw_len, true, decode_ref, refs, TU_MAX_CHARREFS);
}

void
tu_markdown_escape(tu_buf *b, const char *s, size_t n)
{
	tu_markdown_escape_as_source(b, s, n, NULL, 0);
}

void
tu_markdown_escape_as_source(tu_buf *b, const char *s, size_t n, const char *raw,
			     size_t raw_len)
{
	tu_charref refs[TU_MAX_CHARREFS];
	size_t n_refs = raw ? source_refs(raw, raw_len, refs) : 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool esc;
		const tu_charref *m;

		/* a character the source wrote as a reference: that reference */
		if ((m = tu_charref_match(refs, n_refs, s + i, n - i)) != NULL) {
			tu_buf_append(b, m->ref, m->ref_len);
			i += m->ch_len - 1;
			continue;
		}
		switch (c) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~':
			esc = true;
			break;
		case '<':
			esc = i + 1 < n && (s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?' ||
					    (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
					    (s[i + 1] >= 'A' && s[i + 1] <= 'Z'));
			break;
		case '&':
			esc = i + 1 < n && (s[i + 1] == '#' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
					    (s[i + 1] >= 'A' && s[i + 1] <= 'Z'));
			break;
		case '#': case '>': case '+': case '-': case '=':
			/* what starts a heading, a quote or a list at a line's start */
			esc = i == 0;
			break;
		case '.': case ')': {
			/* "1." at a line's start is a list */
			size_t k = 0;
			while (k < i && s[k] >= '0' && s[k] <= '9')
				k++;
			esc = i > 0 && k == i;
			break;
		}
		default:
			esc = false;
		}
		if (esc)
			tu_buf_putc(b, '\\');
		tu_buf_putc(b, c);
	}
}

/* ---- link and image titles ---- */

static bool
md_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The title as the translator sees it: backslash escapes and character
 * references decoded as md4c decodes them, white space runs one space,
 * none at the edges; NULL when it has no text (*nomem when out of memory). */
static char *
title_text(const char *s, size_t n, bool *nomem)
{
	tu_buf b = TU_BUF_INIT;
	char *t;
	size_t len, at;

	for (size_t i = 0; i < n; i++) {
		size_t rl;
		tu_charref m;

		if (s[i] == '\\' && i + 1 < n && is_punct(s[i + 1])) {
			tu_buf_putc(&b, s[++i]);
			continue;
		}
		if (s[i] == '&' && (rl = tu_charref_len(s + i, n - i)) > 0 &&
		    decode_ref(s + i, rl, &m)) {
			tu_buf_append(&b, m.ch, m.ch_len);
			i += rl - 1;
			continue;
		}
		if (md_space(s[i])) {
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				tu_buf_putc(&b, ' ');
			continue;
		}
		tu_buf_putc(&b, s[i]);
	}
	while (b.len > 0 && b.data[b.len - 1] == ' ')
		b.len--;
	if (b.failed || tu_buf_finish(&b, &t, &len) != TERCUME_OK) {
		tu_buf_free(&b);
		*nomem = true;
		return NULL;
	}
	if (t == NULL || len == 0 || tu_text_check(t, len, false, &at) != TU_TEXT_OK) {
		free(t);
		return NULL;
	}
	return t;
}

size_t
tu_markdown_code_attrs(const tercume_code *c, const char *d, size_t len, tu_html_attr *out)
{
	size_t k = 2, a, depth = 0;
	char q, e;
	bool nomem = false;
	char *text;

	/* an inline link's or image's end: ](destination "title") */
	if (c->kind != TERCUME_RUN_CLOSE || c->type == NULL ||
	    !(strcmp(c->type, "link") == 0 || strcmp(c->type, "image") == 0) || len < 4 ||
	    d[0] != ']' || d[1] != '(' || d[len - 1] != ')')
		return 0;
	len--;
	while (k < len && md_space(d[k]))
		k++;
	if (k < len && d[k] == '<') {
		for (k++; k < len && d[k] != '>'; k++)
			if (d[k] == '\\' && k + 1 < len)
				k++;
		if (k >= len)
			return 0;
		k++;
	} else {
		for (; k < len && !md_space(d[k]); k++) {
			if (d[k] == '\\' && k + 1 < len)
				k++;
			else if (d[k] == '(')
				depth++;
			else if (d[k] == ')' && depth-- == 0)
				return 0;
		}
	}
	if (k == len || !md_space(d[k]))
		return 0;
	while (k < len && md_space(d[k]))
		k++;
	if (k == len || !(d[k] == '"' || d[k] == '\'' || d[k] == '('))
		return 0;
	q = d[k];
	e = q == '(' ? ')' : q;
	a = ++k;
	for (; k < len && d[k] != e; k++)
		if (d[k] == '\\' && k + 1 < len)
			k++;
	if (k >= len)
		return 0;
	for (size_t z = k + 1; z < len; z++)
		if (!md_space(d[z]))
			return 0;
	if ((text = title_text(d + a, k - a, &nomem)) == NULL)
		return nomem ? (size_t)-1 : 0;
	memset(out, 0, sizeof *out);
	snprintf(out->element, sizeof out->element, "%s", strcmp(c->type, "image") == 0 ? "img" : "a");
	snprintf(out->name, sizeof out->name, "title");
	out->at = a;
	out->len = k - a;
	out->quote = q;
	out->text = text;
	return 1;
}

/* A title's translation in its source's delimiter: a backslash, the
 * delimiter, what Markdown reads as markup (` < * _ [ ] | ~) and what could
 * start a character reference escaped, each
 * character the source title wrote as a reference written so again. */
static void
markdown_title_escape(tu_buf *b, const char *s, size_t n, const char *raw, size_t raw_len,
		      char quote)
{
	tu_charref refs[TU_MAX_CHARREFS];
	size_t n_refs = source_refs(raw, raw_len, refs);

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		const tu_charref *m;

		if ((m = tu_charref_match(refs, n_refs, s + i, n - i)) != NULL) {
			tu_buf_append(b, m->ref, m->ref_len);
			i += m->ch_len - 1;
			continue;
		}
		/* a backtick or a < would open a code span or an HTML tag
		 * that md4c reads before the link; a | ends a table cell */
		if (c == '\\' || c == quote || (quote == '(' && c == ')') ||
		    (c != '\0' && strchr("`<*_[]|~", c) != NULL) ||
		    (c == '&' && i + 1 < n && (s[i + 1] == '#' || (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
					       (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))))
			tu_buf_putc(b, '\\');
		/* a line break would let a blank line end the title */
		tu_buf_putc(b, c == '\n' || c == '\r' ? ' ' : c);
	}
}

const tu_inner_ops tu_markdown_inner_ops = { tu_markdown_code_attrs, markdown_title_escape };
