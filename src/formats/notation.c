/* notation.c — inline codes in PO catalogues (doc/rich-text.md, "PO").
 *
 * An entry with codes is written with them in the notation (<1>, </1>,
 * <1/>) in msgid, msgstr and the previous msgid, and with one extracted
 * comment line per code that lists its kind and fields:
 *
 *   #. code <1> open data="<a href=\"guide.html\">" type="link"
 *   #. code </1> close data="</a>"
 *
 * Reading it back restores each code from that listing by its id and
 * shape.  The notation applies only to entries that have such lines, so a
 * literal "<1>" in the msgid of any other entry is text.  This module knows
 * nothing of libgettextpo: po.c hands it strings and takes strings back. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define LISTING_WORD "code "

static const char *const hint_words[] = { NULL, "yes", "no", "firstNo" };

/* ---- writing ---- */

static void
put_escaped(tu_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': tu_buf_puts(b, "\\\""); break;
		case '\\': tu_buf_puts(b, "\\\\"); break;
		case '\n': tu_buf_puts(b, "\\n"); break;
		case '\r': tu_buf_puts(b, "\\r"); break;
		case '\t': tu_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7F)
				tu_buf_printf(b, "\\x%02X", c);
			else
				tu_buf_putc(b, (char)c);
		}
	}
}

static void
put_field(tu_buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	tu_buf_printf(b, " %s=\"", name);
	put_escaped(b, value);
	tu_buf_putc(b, '"');
}

/* One listing line (without "#. "), ending in a newline. */
static void
put_code_line(tu_buf *b, const tercume_code *c)
{
	tu_buf_puts(b, LISTING_WORD "<");
	if (tu_kind_closes(c->kind))
		tu_buf_putc(b, '/');
	tu_buf_puts(b, c->id);
	tu_buf_puts(b, c->kind == TERCUME_RUN_STANDALONE ? "/> " : "> ");
	tu_buf_puts(b, tercume_run_kind_name(c->kind));
	put_field(b, "data", c->data);
	put_field(b, "type", c->type);
	put_field(b, "subtype", c->subtype);
	put_field(b, "disp", c->display);
	put_field(b, "equiv", c->equiv);
	put_field(b, "ref", c->ref);
	put_field(b, "value", c->value);
	put_field(b, "extra", c->extra);
	put_field(b, "copy", hint_words[c->can_copy & 3]);
	put_field(b, "delete", hint_words[c->can_delete & 3]);
	put_field(b, "reorder", hint_words[c->can_reorder & 3]);
	put_field(b, "overlap", hint_words[c->can_overlap & 3]);
	put_field(b, "translate", hint_words[c->translate & 3]);
	tu_buf_putc(b, '\n');
}

/* The shape of a kind in the notation: what opens, closes, stands alone. */
static int
shape_of(tercume_run_kind k)
{
	return k == TERCUME_RUN_STANDALONE ? 0 : tu_kind_closes(k) ? 1 : 2;
}

/* A listed code with c's id and shape: <1> can stand for one code only. */
static bool
has_shape(const tercume_code *v, size_t n, const tercume_code *c)
{
	for (size_t i = 0; i < n; i++)
		if (shape_of(v[i].kind) == shape_of(c->kind) && strcmp(v[i].id, c->id) == 0)
			return true;
	return false;
}

static bool
has_code(const tercume_code *v, size_t n, const tercume_code *c)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == c->kind && strcmp(v[i].id, c->id) == 0)
			return true;
	return false;
}

void
tu_po_text_free(tu_po_text *t)
{
	free(t->msgid);
	free(t->msgstr);
	free(t->prev);
	free(t->listing);
	memset(t, 0, sizeof *t);
}

tercume_status
tu_po_text_make(tu_po_text *t, const tercume_entry *e, char *why, size_t why_size)
{
	const struct {
		const tercume_code *v;
		size_t n;
	} all[3] = {
		{ e->source_codes, e->n_source_codes },
		{ e->target_codes, e->n_target_codes },
		{ e->previous_codes, e->n_previous_codes },
	};
	tercume_code *seen = NULL;
	size_t n_seen = 0;
	tu_buf b = TU_BUF_INIT;
	tercume_status st = TERCUME_OK;

	memset(t, 0, sizeof *t);
	why[0] = '\0';
	if (e->n_source_codes == 0 && e->n_target_codes == 0 && e->n_previous_codes == 0)
		return TERCUME_OK;	/* a plain entry: its strings as they are */
	/* Every code once, the source's first: what the texts' tags refer to. */
	seen = malloc((e->n_source_codes + e->n_target_codes + e->n_previous_codes) * sizeof *seen);
	if (seen == NULL)
		return TERCUME_ENOMEM;
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < all[k].n; i++) {
			const tercume_code *c = &all[k].v[i];

			if (!tu_notation_id_ok(c->id)) {
				snprintf(why, why_size, TU_("the inline code id '%.60s' cannot be written in "
					 "the PO notation (letters, digits, _ - . : only)"), c->id);
				st = TERCUME_EINPUT;
				goto out;
			}
			if (has_code(seen, n_seen, c))
				continue;
			if (has_shape(seen, n_seen, c)) {
				/* <1> would stand for two codes (an open and an
				 * isolated open one of one id) */
				snprintf(why, why_size, TU_("two inline codes with the id '%.60s' have the "
					 "same tag in the PO notation"), c->id);
				st = TERCUME_EINPUT;
				goto out;
			}
			seen[n_seen++] = *c;
			put_code_line(&b, c);
		}
	if ((st = tercume_rich_render(e->source, e->source_codes, e->n_source_codes,
				      TERCUME_RENDER_NOTATION, &t->msgid, NULL)) != TERCUME_OK)
		goto out;
	if (e->target && (st = tercume_rich_render(e->target, e->target_codes, e->n_target_codes,
						   TERCUME_RENDER_NOTATION, &t->msgstr, NULL)) != TERCUME_OK)
		goto out;
	if (e->previous_source &&
	    (st = tercume_rich_render(e->previous_source, e->previous_codes, e->n_previous_codes,
				      TERCUME_RENDER_NOTATION, &t->prev, NULL)) != TERCUME_OK)
		goto out;
	st = tu_buf_finish(&b, &t->listing, NULL);
out:
	free(seen);
	tu_buf_free(&b);
	if (st != TERCUME_OK)
		tu_po_text_free(t);
	return st;
}

/* ---- reading ---- */

bool
tu_po_listing_line(const char *s, size_t n)
{
	size_t k = strlen(LISTING_WORD);
	tercume_run_kind shape;
	const char *id;
	size_t id_len;

	return n > k && memcmp(s, LISTING_WORD, k) == 0 &&
	       tu_notation_tag_at(s, n, k, &shape, &id, &id_len) > 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A quoted value at s[*i] (at its opening quote), unescaped into a
 * malloc'd string; *i moved past the closing quote. */
static char *
read_value(const char *s, size_t n, size_t *i)
{
	tu_buf b = TU_BUF_INIT;
	size_t j = *i + 1;
	char *out;

	if (*i >= n || s[*i] != '"')
		return NULL;
	while (j < n && s[j] != '"') {
		if (s[j] != '\\') {
			size_t run = j;
			while (j < n && s[j] != '"' && s[j] != '\\')
				j++;
			tu_buf_append(&b, s + run, j - run);
			continue;
		}
		if (++j >= n)
			goto bad;
		switch (s[j]) {
		case 'n': tu_buf_putc(&b, '\n'); break;
		case 'r': tu_buf_putc(&b, '\r'); break;
		case 't': tu_buf_putc(&b, '\t'); break;
		case '"': tu_buf_putc(&b, '"'); break;
		case '\\': tu_buf_putc(&b, '\\'); break;
		case 'x': {
			int hi = j + 2 < n ? hexval(s[j + 1]) : -1;
			int lo = hi >= 0 ? hexval(s[j + 2]) : -1;
			if (lo < 0 || hi * 16 + lo == 0)
				goto bad;
			tu_buf_putc(&b, (char)(hi * 16 + lo));
			j += 2;
			break;
		}
		default:
			goto bad;
		}
		j++;
	}
	if (j >= n)
		goto bad;
	*i = j + 1;
	tu_buf_putc(&b, '\0');
	b.len--;
	if (tu_buf_finish(&b, &out, NULL) != TERCUME_OK)
		return NULL;
	return out;
bad:
	tu_buf_free(&b);
	return NULL;
}

/* One listing line into *c (its strings malloc'd; *c zeroed first). */
static bool
parse_line(const char *s, size_t n, tercume_code *c, char *why, size_t why_size)
{
	static const char *const names[] = {
		"data", "type", "subtype", "disp", "equiv", "ref", "value", "extra",
		"copy", "delete", "reorder", "overlap", "translate",
	};
	size_t i = strlen(LISTING_WORD), id_len, t, k;
	tercume_run_kind shape;
	const char *id, **slot[8];

	memset(c, 0, sizeof *c);
	t = tu_notation_tag_at(s, n, i, &shape, &id, &id_len);
	if (t == 0)
		return false;
	i += t;
	if (i >= n || s[i] != ' ') {
		snprintf(why, why_size, TU_("a code line needs a kind after its tag"));
		return false;
	}
	i++;
	for (k = TERCUME_RUN_OPEN; k <= TERCUME_RUN_MARKER_END; k++) {
		const char *w = tercume_run_kind_name((tercume_run_kind)k);
		size_t wl = strlen(w);
		if (n - i >= wl && memcmp(s + i, w, wl) == 0 && (i + wl == n || s[i + wl] == ' '))
			break;
	}
	if (k > TERCUME_RUN_MARKER_END) {
		snprintf(why, why_size, TU_("unknown code kind (open, close, ph, iopen, iclose, mstart, mend)"));
		return false;
	}
	c->kind = (tercume_run_kind)k;
	if ((shape == TERCUME_RUN_STANDALONE) != (c->kind == TERCUME_RUN_STANDALONE) ||
	    (shape == TERCUME_RUN_CLOSE) != tu_kind_closes(c->kind)) {
		snprintf(why, why_size, TU_("the code's kind is not its tag's shape"));
		return false;
	}
	i += strlen(tercume_run_kind_name(c->kind));
	if ((c->id = tu_strndup(id, id_len)) == NULL)
		goto nomem;
	slot[0] = &c->data, slot[1] = &c->type, slot[2] = &c->subtype, slot[3] = &c->display;
	slot[4] = &c->equiv, slot[5] = &c->ref, slot[6] = &c->value, slot[7] = &c->extra;
	while (i < n) {
		size_t f, start = ++i;
		char *v;

		if (s[start - 1] != ' ')
			goto bad;
		while (i < n && s[i] != '=' && s[i] != ' ')
			i++;
		for (f = 0; f < sizeof names / sizeof names[0]; f++)
			if (strlen(names[f]) == i - start && memcmp(s + start, names[f], i - start) == 0)
				break;
		if (f == sizeof names / sizeof names[0] || i >= n || s[i] != '=') {
			snprintf(why, why_size, TU_("unknown or malformed field in a code line"));
			tu_code_free_strings(c);
			memset(c, 0, sizeof *c);
			return false;
		}
		i++;
		v = read_value(s, n, &i);
		if (v == NULL)
			goto bad;
		if (f < 8) {
			if (*slot[f] != NULL) {
				free(v);
				goto bad;
			}
			*slot[f] = v;
		} else {
			tercume_hint *h[] = { &c->can_copy, &c->can_delete, &c->can_reorder,
					      &c->can_overlap, &c->translate };
			size_t w;
			for (w = 1; w < 4; w++)
				if (strcmp(v, hint_words[w]) == 0)
					break;
			free(v);
			if (w == 4)
				goto bad;
			*h[f - 8] = (tercume_hint)w;
		}
	}
	if (!tu_code_fields_ok(c)) {
		snprintf(why, why_size, TU_("a code line holds invalid text"));
		tu_code_free_strings(c);
		memset(c, 0, sizeof *c);
		return false;
	}
	return true;
bad:
	snprintf(why, why_size, TU_("malformed value in a code line (a quoted string; hints are yes, "
		 "no or firstNo)"));
	tu_code_free_strings(c);
	memset(c, 0, sizeof *c);
	return false;
nomem:
	snprintf(why, why_size, TU_("out of memory"));
	return false;
}

void
tu_po_codes_free(tu_po_codes *pc)
{
	tercume_rich_builder_free(pc->source);
	tercume_rich_builder_free(pc->target);
	tercume_rich_builder_free(pc->previous);
	tu_codes_free(pc->listing, pc->n_listing);
	free(pc->context);
	memset(pc, 0, sizeof *pc);
}

tercume_status
tu_po_codes_read(tu_po_codes *pc, const char *extracted, const char *msgid, const char *msgstr,
		 const char *prev, char *why, size_t why_size)
{
	tu_buf ctx = TU_BUF_INIT;
	const char *p = extracted;
	size_t cap = 0;
	tercume_status st = TERCUME_OK;

	memset(pc, 0, sizeof *pc);
	why[0] = '\0';
	/* the listing lines apart from the rest of the comments */
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		if (tu_po_listing_line(p, n)) {
			if (pc->n_listing == cap) {
				size_t c2 = cap ? cap * 2 : 8;
				tercume_code *v = realloc(pc->listing, c2 * sizeof *v);
				if (v == NULL) {
					st = TERCUME_ENOMEM;
					goto out;
				}
				pc->listing = v;
				cap = c2;
			}
			if (!parse_line(p, n, &pc->listing[pc->n_listing], why, why_size)) {
				st = why[0] && strcmp(why, TU_("out of memory")) == 0 ? TERCUME_ENOMEM
										 : TERCUME_EINPUT;
				goto out;
			}
			if (has_shape(pc->listing, pc->n_listing, &pc->listing[pc->n_listing])) {
				snprintf(why, why_size, TU_("the tag of code '%.60s' is listed twice"),
					 pc->listing[pc->n_listing].id);
				tu_code_free_strings(&pc->listing[pc->n_listing]);
				st = TERCUME_EINPUT;
				goto out;
			}
			pc->n_listing++;
		} else {
			if (ctx.len > 0 || ctx.data != NULL)
				tu_buf_putc(&ctx, '\n');
			tu_buf_append(&ctx, p, n);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	if (ctx.data != NULL && (st = tu_buf_finish(&ctx, &pc->context, NULL)) != TERCUME_OK)
		goto out;
	if (pc->n_listing == 0)
		goto out;	/* a plain entry */
	pc->source = tercume_rich_builder_new();
	pc->target = tercume_rich_builder_new();
	pc->previous = tercume_rich_builder_new();
	if (!pc->source || !pc->target || !pc->previous) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	st = tercume_rich_parse_notation(pc->source, msgid, strlen(msgid), pc->listing, pc->n_listing);
	if (st == TERCUME_OK && msgstr)
		st = tercume_rich_parse_notation(pc->target, msgstr, strlen(msgstr), pc->listing,
						 pc->n_listing);
	if (st == TERCUME_OK && prev)
		st = tercume_rich_parse_notation(pc->previous, prev, strlen(prev), pc->listing,
						 pc->n_listing);
	if (st == TERCUME_EINPUT)
		snprintf(why, why_size, TU_("invalid text or a reserved character"));
out:
	tu_buf_free(&ctx);
	if (st != TERCUME_OK) {
		tercume_status keep = st;
		tu_po_codes_free(pc);
		st = keep;
	}
	return st;
}
