/* segments.c — the segments file: the segmented article as diffable text.
 * The grammar is in doc/segments.md. */
#include "document.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Version 2 adds the digest record; version 1 files (without it) still
 * read, and their digest is computed from what they rebuild. */
#define SEGMENTS_MAGIC "# tercume segments 2"
#define SEGMENTS_MAGIC_V1 "# tercume segments 1"
#define DIGEST_NAME "fnv1a-64"

/* ---- the article's digest ----
 * 64-bit FNV-1a (tu_hash64) and the size of the bytes the document
 * rebuilds, which are the article's bytes: computed piece by piece, so
 * that a large article is not rebuilt in memory. */
typedef struct digest {
	uint64_t hash;
	unsigned long long size;
} digest;

static void
digest_add(digest *d, const char *s, size_t n)
{
	uint64_t h = d->hash;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	d->hash = h;
	d->size += n;
}

static const char *unquote_some(char *out, const char *q, size_t n);

/* Adds the n bytes of the quoted string at q, unescaped: a piece at a
 * time, nothing allocated. */
static void
digest_add_quoted(digest *d, const char *q, size_t n)
{
	char piece[4096];

	while (n > 0) {
		size_t k = n < sizeof piece ? n : sizeof piece;

		q = unquote_some(piece, q, k);
		digest_add(d, piece, k);
		n -= k;
	}
}

static digest
doc_digest(const tercume_doc *doc)
{
	digest d = { TU_HASH64_INIT, 0 };

	if (doc->digest_known) {	/* its reader hashed it (tu_doc_set_digest) */
		d.hash = doc->digest;
		d.size = doc->digest_size;
		return d;
	}
	for (size_t i = 0; i < doc->n_units; i++) {
		const tu_unit *u = &doc->units[i];

		digest_add(&d, u->pre, u->pre_len);
		if (u->raw && tu_doc_raw_mapped(doc, u)) {
			digest_add_quoted(&d, u->raw, u->raw_len);
			tu_doc_map_read(doc, u->raw_len);
		} else if (u->raw)
			digest_add(&d, u->raw, u->raw_len);
		else if (u->n_codes) {
			/* the text with each code's data in its place */
			tercume_runs it;
			tercume_run r;

			tu_runs_init_n(&it, u->text, u->text_len, u->codes, u->n_codes);
			while (tercume_runs_next(&it, &r))
				if (r.kind == TERCUME_RUN_TEXT)
					digest_add(&d, r.text, r.len);
				else if (r.code->data)
					digest_add(&d, r.code->data, strlen(r.code->data));
		} else
			digest_add(&d, u->text, u->text_len);
	}
	digest_add(&d, doc->tail, doc->tail_len);
	return d;
}

/* ---- writing ---- */

/* The bytes that take an escape: controls, DEL, the quote and the
 * backslash (a table: a test per byte was 11% of segment, issue 15). */
static const unsigned char needs_escape[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
	[0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
	[0x1E] = 1, [0x1F] = 1, ['"'] = 1, ['\\'] = 1, [0x7F] = 1,
};

/* Where the next byte of u[i, n) that takes an escape is, or n.  Sixteen
 * bytes a step with SSE2 (every x86-64 has it), the place of the first
 * one straight from the mask; then, for the last few (or all of them
 * without SSE2), eight a step with the word tricks of "Bit Twiddling
 * Hacks" (a byte is zero, or less than a value, when its high bit comes
 * out set; bytes of 0x80 and more are masked out by ~w, and none of them
 * takes an escape).  Escaping was a twentieth of segment at eight bytes a
 * step with a byte loop after each stop. */
static inline size_t
next_escape(const unsigned char *u, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x1F), quote = _mm_set1_epi8('"');
	const __m128i bslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F);

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		/* min(x, 0x1F) == x: x is a control */
		__m128i m = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x), _mm_cmpeq_epi8(x, quote)),
			_mm_or_si128(_mm_cmpeq_epi8(x, bslash), _mm_cmpeq_epi8(x, del)));
		int bits = _mm_movemask_epi8(m);

		if (bits != 0)
			return i + (size_t)__builtin_ctz((unsigned)bits);
	}
#endif
	/* (with SSE2, the last 15 bytes or fewer) */
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, q, b, d;

		memcpy(&w, u + i, 8);
		q = w ^ (ones * '"'), b = w ^ (ones * '\\'), d = w ^ (ones * 0x7F);
		if ((((w - ones * 0x20) | (q - ones) | (b - ones) | (d - ones)) & ~w & high) != 0)
			break;	/* one of these eight: found below */
	}
	for (; i < n; i++)
		if (needs_escape[u[i]])
			return i;
	return n;
}

/* The bytes of s with the string escapes, without the quotes. */
static void
put_escaped(tu_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = 0;	/* run: start of the bytes that need no escape */

	while ((i = next_escape(u, i, n)) < n) {
		unsigned char c = u[i];

		tu_buf_append(b, s + run, i - run);
		run = ++i;
		switch (c) {
		case '"': tu_buf_puts(b, "\\\""); break;
		case '\\': tu_buf_puts(b, "\\\\"); break;
		case '\n': tu_buf_puts(b, "\\n"); break;
		case '\r': tu_buf_puts(b, "\\r"); break;
		case '\t': tu_buf_puts(b, "\\t"); break;
		default: tu_buf_printf(b, "\\x%02X", c);
		}
	}
	tu_buf_append(b, s + run, n - run);
}

/* A number in decimal, without printf's parsing of a format. */
static void
put_num(tu_buf *b, unsigned long long v)
{
	char d[24];
	size_t n = sizeof d;

	do
		d[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	tu_buf_append(b, d + n, sizeof d - n);
}

static void
put_quoted(tu_buf *b, const char *s, size_t n)
{
	tu_buf_putc(b, '"');
	put_escaped(b, s, n);
	tu_buf_putc(b, '"');
}

/* The unit's coded text: each marker written as \<ID>, \</ID> or \<ID/>. */
static void
put_coded(tu_buf *b, const char *text, size_t len, const tercume_code *codes, size_t n)
{
	size_t run = 0, k = 0;

	tu_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		tercume_run_kind kind = tu_marker_at(text, len, i);

		if (kind == TERCUME_RUN_TEXT)
			continue;
		put_escaped(b, text + run, i - run);
		if (k < n) {
			tu_buf_puts(b, tu_kind_closes(kind) ? "\\</" : "\\<");
			tu_buf_puts(b, codes[k].id);
			tu_buf_puts(b, kind == TERCUME_RUN_STANDALONE ? "/>" : ">");
		}
		k++;
		i += TU_MARKER_LEN - 1;
		run = i + 1;
	}
	put_escaped(b, text + run, len - run);
	tu_buf_putc(b, '"');
}

static const char *const hint_words[] = { NULL, "yes", "no", "firstNo" };

static void
put_field(tu_buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	tu_buf_printf(b, " %s ", name);
	put_quoted(b, value, strlen(value));
}

/* "code KIND ID" and the fields that are set. */
static void
put_code(tu_buf *b, const tercume_code *c)
{
	tu_buf_printf(b, "code %s ", tercume_run_kind_name(c->kind));
	tu_buf_puts(b, c->id);
	put_field(b, "data", c->data);
	put_field(b, "type", c->type);
	put_field(b, "subtype", c->subtype);
	put_field(b, "disp", c->display);
	put_field(b, "equiv", c->equiv);
	put_field(b, "copy", hint_words[c->can_copy & 3]);
	put_field(b, "delete", hint_words[c->can_delete & 3]);
	put_field(b, "reorder", hint_words[c->can_reorder & 3]);
	put_field(b, "overlap", hint_words[c->can_overlap & 3]);
	put_field(b, "translate", hint_words[c->translate & 3]);
	put_field(b, "ref", c->ref);
	put_field(b, "value", c->value);
	put_field(b, "extra", c->extra);
	tu_buf_putc(b, '\n');
}

/* Writes the segments file into b; with o, b is emptied into o whenever it
 * holds more than 64 KB, so that a large article is not held twice (a
 * megabyte and its doubling were 2% of a 10 MB article's peak). */
static tercume_status
emit(const tercume_doc *doc, tu_buf *b, tu_out *o)
{
	const size_t flush_at = (size_t)1 << 16;
	tu_buf fold = TU_BUF_INIT;	/* a unit's text folded, or its raw
					   bytes unescaped, from its raw bytes */

	tu_buf_puts(b, SEGMENTS_MAGIC "\n");
	tu_buf_puts(b, "# Made by 'tercume segment'. Edit the article and segment it again; "
		    "do not edit this file.\n");
	tu_buf_puts(b, "source ");
	put_quoted(b, doc->source_path, strlen(doc->source_path));
	{
		digest d = doc_digest(doc);
		tu_buf_printf(b, "\ndigest " DIGEST_NAME " %016llx size %llu", (unsigned long long)d.hash,
			      d.size);
	}
	tu_buf_printf(b, "\nlang %s\nlayout %s\n", doc->source_lang,
		      tercume_layout_name(doc->layout));
	if (doc->format)
		tu_buf_printf(b, "format %s\n", doc->format);
	for (size_t k = 0; k < doc->n_blocks; k++) {
		const tu_block *blk = &doc->blocks[k];
		tu_buf_puts(b, "block ");
		put_num(b, k + 1);
		tu_buf_putc(b, ' ');
		tu_buf_puts(b, tercume_role_name(blk->role));
		tu_buf_puts(b, " line ");
		put_num(b, blk->line);
		tu_buf_putc(b, '\n');
		for (size_t i = blk->first_unit; i < blk->first_unit + blk->n_units; i++) {
			const tu_unit *u = &doc->units[i];
			if (u->pre_len > 0) {
				tu_buf_puts(b, "skel ");
				put_quoted(b, u->pre, u->pre_len);
				tu_buf_putc(b, '\n');
			}
			tu_buf_puts(b, "unit ");
			tu_buf_puts(b, u->id);
			tu_buf_puts(b, " line ");
			put_num(b, u->line);
			tu_buf_putc(b, ' ');
			if (u->n_codes)
				put_coded(b, u->text, u->text_len, u->codes, u->n_codes);
			else if (tu_doc_text_pending(doc, u)) {
				/* folded here, not in the document: a document
				 * that is only written never holds its texts */
				fold.len = 0;
				if (!tu_doc_fold_into(doc, u, &fold)) {
					tu_buf_free(&fold);
					return TERCUME_ENOMEM;
				}
				put_quoted(b, fold.data, fold.len);
			} else
				put_quoted(b, u->text, u->text_len);
			tu_buf_putc(b, '\n');
			for (size_t k = 0; k < u->n_codes; k++)
				put_code(b, &u->codes[k]);
			if (u->raw && tu_doc_raw_mapped(doc, u)) {
				fold.len = 0;
				if (!tu_doc_raw_into(doc, u, &fold)) {
					tu_buf_free(&fold);
					return TERCUME_ENOMEM;
				}
				tu_buf_puts(b, "raw ");
				put_quoted(b, fold.data, fold.len);
				tu_buf_putc(b, '\n');
			} else if (u->raw) {
				tu_buf_puts(b, "raw ");
				put_quoted(b, u->raw, u->raw_len);
				tu_buf_putc(b, '\n');
			}
		}
		if (o && b->len > flush_at && !b->failed) {
			tu_out_write(o, b->data, b->len);
			b->len = 0;
		}
	}
	tu_buf_free(&fold);
	tu_buf_puts(b, "tail ");
	put_quoted(b, doc->tail, doc->tail_len);
	tu_buf_putc(b, '\n');
	if (b->failed)
		return TERCUME_ENOMEM;
	if (o)
		tu_out_write(o, b->data, b->len);
	return TERCUME_OK;
}

tercume_status
tercume_segments_format(const tercume_doc *doc, char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	tercume_status st = emit(doc, &b, NULL);

	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, out, out_len);
}

static tercume_status
write_to(const tercume_doc *doc, tu_out *o, tercume_status st, tercume_reporter *rep)
{
	tu_buf b = TU_BUF_INIT;

	if (st == TERCUME_OK)
		st = emit(doc, &b, o);
	tu_buf_free(&b);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, o->name, 0, 0, "out of memory");
	return tu_out_close(o, st, rep);
}

tercume_status
tercume_segments_write(const tercume_doc *doc, const char *path, tercume_reporter *rep)
{
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	if (o == NULL)
		return TERCUME_ENOMEM;
	st = write_to(doc, o, tu_out_atomic(o, path, rep), rep);
	free(o);
	return st;
}

tercume_status
tercume_segments_write_stream(const tercume_doc *doc, FILE *stream, const char *name,
			      tercume_reporter *rep)
{
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	if (o == NULL)
		return TERCUME_ENOMEM;
	tu_out_stream(o, stream, name ? name : "standard output");
	st = write_to(doc, o, TERCUME_OK, rep);
	free(o);
	return st;
}

/* ---- reading ---- */

typedef struct parser {
	const char *name;
	const char *p, *end;	/* the rest of the current line */
	unsigned long line;
	const char *line_start;
	tercume_reporter *rep;
} parser;

/* fmt: an English message with one %s (arg, or "" when arg is NULL), which
 * tu_report translates; xgettext finds it by the keyword perr:2. */
static tercume_status
perr(parser *ps, const char *fmt, const char *arg)
{
	unsigned long col = (unsigned long)(ps->p - ps->line_start) + 1;

	tu_report(ps->rep, TERCUME_SEV_ERROR, ps->name, ps->line, col, NULL, fmt, arg ? arg : "");
	return TERCUME_EINPUT;
}

/* Reads a word up to a space or the end of the line. */
static bool
word(parser *ps, const char **w, size_t *n)
{
	*w = ps->p;
	while (ps->p < ps->end && *ps->p != ' ')
		ps->p++;
	*n = (size_t)(ps->p - *w);
	if (ps->p < ps->end)
		ps->p++;
	return *n > 0;
}

static bool
word_is(const char *w, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(w, s, n) == 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A code escape of a unit's text: \<ID>, \</ID>, \<ID/>. */
typedef struct esc {
	size_t at;		/* the marker's offset in the text */
	tercume_run_kind shape;	/* OPEN, CLOSE or STANDALONE */
	char *id;
	const char *where;	/* in the line, for messages */
} esc;

typedef struct escs {
	esc *v;
	size_t n, cap;
} escs;

static void
escs_clear(escs *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].id);
	e->n = 0;
}

/* Reads a code escape after its backslash (at the '<'). */
static tercume_status
code_escape(parser *ps, tu_buf *out, escs *e)
{
	tercume_run_kind shape;
	const char *id, *start = ps->p - 1;	/* the '<' */
	size_t id_len, n = tu_notation_tag_at(start, (size_t)(ps->end - start), 0, &shape, &id,
					      &id_len);

	if (n == 0 || e == NULL) {
		ps->p = start - 1;
		return perr(ps, e ? "bad code escape (\\<ID>, \\</ID> or \\<ID/>)%s"
			    : "code escapes belong in a unit's text only%s", NULL);
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		esc *v = realloc(e->v, cap * sizeof *v);
		if (v == NULL)
			return TERCUME_ENOMEM;
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n] = (esc){ out->len, shape, tu_strndup(id, id_len), start };
	if (e->v[e->n].id == NULL)
		return TERCUME_ENOMEM;
	e->n++;
	/* the kind is the code record's; the shape's stands in until then */
	tu_buf_put_marker(out, shape);
	ps->p = start + n;
	return TERCUME_OK;
}

/* Reads a quoted string, which must end the line unless more follows;
 * out is reset first.  e: a unit's text, whose code escapes go there. */
static tercume_status
quoted_in(parser *ps, tu_buf *out, escs *e, bool more)
{
	const char *open = ps->p;
	size_t at;

	out->len = 0;
	if (ps->p >= ps->end || *ps->p != '"')
		return perr(ps, "expected a quoted string%s", NULL);
	ps->p++;
	for (;;) {
		char c;
		const char *run = ps->p;
		/* Plain bytes are copied a run at a time, not byte by byte. */
		while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\')
			ps->p++;
		tu_buf_append(out, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end)
			return perr(ps, "unterminated string%s", NULL);
		c = *ps->p++;
		if (c == '"')
			break;
		if (ps->p >= ps->end)
			return perr(ps, "unterminated string%s", NULL);
		c = *ps->p++;
		switch (c) {
		case 'n': tu_buf_putc(out, '\n'); break;
		case 'r': tu_buf_putc(out, '\r'); break;
		case 't': tu_buf_putc(out, '\t'); break;
		case '"': tu_buf_putc(out, '"'); break;
		case '\\': tu_buf_putc(out, '\\'); break;
		case 'x': {
			int hi = ps->p + 1 < ps->end ? hexval(ps->p[0]) : -1;
			int lo = hi >= 0 ? hexval(ps->p[1]) : -1;
			if (lo < 0) {
				ps->p -= 2;
				return perr(ps, "bad \\x escape%s", NULL);
			}
			tu_buf_putc(out, (char)(hi * 16 + lo));
			ps->p += 2;
			break;
		}
		case '<': {
			tercume_status st = code_escape(ps, out, e);
			if (st != TERCUME_OK)
				return st;
			break;
		}
		default:
			ps->p -= 2;
			return perr(ps, "unknown escape sequence%s", NULL);
		}
	}
	if (more ? (ps->p < ps->end && *ps->p != ' ') : ps->p != ps->end)
		return perr(ps, "unexpected text after the closing quote%s", NULL);
	if (more && ps->p < ps->end)
		ps->p++;
	if (out->failed)
		return TERCUME_ENOMEM;
	/* Escapes may make any byte; the string must still be text that an
	 * article can hold (UTF-8, no NUL, no reserved character but the
	 * markers of its code escapes), or the file would not rebuild it. */
	if (tu_text_check(out->data ? out->data : "", out->len, e != NULL, &at) != TU_TEXT_OK ||
	    (e && tu_count_markers(out->data, out->len) != e->n)) {
		ps->p = open;
		return perr(ps, "the string is not UTF-8 text once unescaped (a bad \\x escape?)%s",
			    NULL);
	}
	tu_buf_putc(out, '\0');	/* make sure data is non-NULL and terminated */
	out->len--;
	return TERCUME_OK;
}

static tercume_status
quoted(parser *ps, tu_buf *out)
{
	return quoted_in(ps, out, NULL, false);
}

/* The escapes of quoted_in without codes, on a string it took: the n
 * bytes of q unescaped to out; returns where the next byte of q is. */
static const char *
unquote_some(char *out, const char *q, size_t n)
{
	size_t o = 0;

	while (o < n) {
		/* a run of plain bytes at a time: none of the n - o bytes
		 * still to come is the closing quote */
		const char *bs = memchr(q, '\\', n - o);
		size_t run = bs ? (size_t)(bs - q) : n - o;

		memcpy(out + o, q, run);
		o += run;
		q += run;
		if (o == n)
			break;
		switch (q[1]) {
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'x':
			out[o++] = (char)(hexval(q[2]) * 16 + hexval(q[3]));
			q += 2;
			break;
		default: out[o++] = q[1]; break;	/* '"' and '\\' */
		}
		q += 2;
	}
	return q;
}

void
tu_unquote_to(char *out, const char *q, size_t n)
{
	unquote_some(out, q, n);
}

static bool
parse_ulong(const char *w, size_t n, unsigned long *v)
{
	unsigned long x = 0;

	if (n == 0 || n > 9)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < '0' || w[i] > '9')
			return false;
		x = x * 10 + (unsigned long)(w[i] - '0');
	}
	*v = x;
	return true;
}

/* A unit read but not yet added: its code records may follow. */
typedef struct pending {
	bool active;
	char id[24];
	unsigned long file_line, col;	/* where its ID is, for messages */
	unsigned long line;		/* its line in the article */
	tu_buf text;			/* coded text, markers of the escapes' shapes
					   until the code records say the kinds */
	tu_buf skel;			/* the skeleton before it */
	tercume_code *codes;
	size_t n_codes, cap_codes;
} pending;

static void
pending_clear(pending *u, escs *e)
{
	tu_codes_free(u->codes, u->n_codes);
	u->codes = NULL;
	u->n_codes = u->cap_codes = 0;
	u->active = false;
	escs_clear(e);
}

/* Checks the unit's ID against its coded text. */
static tercume_status
pending_id(parser *ps, const pending *u, tu_idgen *ids)
{
	char want[24];
	tercume_status st = tu_idgen_next(ids, u->text.data, u->text.len, want);

	if (st == TERCUME_OK && strcmp(u->id, want) != 0) {
		tu_report(ps->rep, TERCUME_SEV_ERROR, ps->name, u->file_line, u->col, NULL,
			  "unit ID '%s' does not match its text (expected '%s'); the file "
			  "was edited by hand or units are out of order: run 'tercume "
			  "segment' again", u->id, want);
		st = TERCUME_EINPUT;
	}
	return st;
}

/* Checks the unit's ID against its coded text and adds it. */
static tercume_status
pending_finish(parser *ps, pending *u, escs *e, tercume_doc *doc, tu_idgen *ids)
{
	tercume_status st;

	if (!u->active)
		return TERCUME_OK;
	if (u->n_codes != e->n) {
		/* TRANSLATORS: the unit's ID, how many codes its text has, how
		   many code records follow it. */
		tu_nreport(ps->rep, TERCUME_SEV_ERROR, ps->name, u->file_line, u->col, NULL, e->n,
			   "the text of unit '%s' has %zu code, and %zu code records follow it",
			   "the text of unit '%s' has %zu codes, and %zu code records follow it",
			   u->id, e->n, u->n_codes);
		pending_clear(u, e);
		return TERCUME_EINPUT;
	}
	st = pending_id(ps, u, ids);
	if (st == TERCUME_OK)
		st = tu_doc_add_unit(doc, u->id, u->text.data, u->text.len, u->codes, u->n_codes,
				     NULL, 0, u->skel.data ? u->skel.data : "", u->skel.len, u->line);
	pending_clear(u, e);
	return st;
}

/* A plain unit's raw record (its source bytes, hard-wrapped): the unit is
 * added with them and without its text, which is folded from them when
 * first read (tu_doc_reserve_folds; issue 15: the text beside its raw
 * bytes was a third of a read document).  In a mapped file the bytes stay
 * there, escaped, read again when they are needed (tu_doc_raw_into): they
 * were a quarter of a merge's peak.  The checks and messages are
 * pending_finish's and the raw record's, in their order. */
static tercume_status
pending_finish_raw(parser *ps, pending *u, escs *e, tercume_doc *doc, tu_idgen *ids,
		   tu_buf *str)
{
	tercume_status st = pending_id(ps, u, ids);
	const char *body = ps->p + 1;	/* after the opening quote */
	size_t folded_len = 0;
	char *folded = NULL;

	if (st == TERCUME_OK)
		st = quoted(ps, str);
	if (st == TERCUME_OK) {
		folded = tu_fold_breaks(str->data, str->len, &folded_len);
		if (folded == NULL || folded_len != u->text.len ||
		    memcmp(folded, u->text.data, folded_len) != 0)
			st = perr(ps, "the raw text does not fold to the unit's text%s", NULL);
		free(folded);
	}
	if (st == TERCUME_OK)
		st = tu_doc_add_unit(doc, u->id, NULL, u->text.len, NULL, 0,
				     doc->map ? body : str->data, str->len,
				     u->skel.data ? u->skel.data : "", u->skel.len, u->line);
	pending_clear(u, e);
	return st;
}

static bool
hint_word(const char *w, size_t n, tercume_hint *h)
{
	static const char *const words[] = { "yes", "no", "firstNo" };

	for (size_t i = 0; i < 3; i++)
		if (word_is(w, n, words[i])) {
			*h = (tercume_hint)(i + 1);
			return true;
		}
	return false;
}

/* "code KIND ID {FIELD STRING}" after its unit. */
static tercume_status
code_record(parser *ps, pending *u, escs *e, tu_buf *str)
{
	static const char *const names[] = {
		"data", "type", "subtype", "disp", "equiv", "ref", "value", "extra",
		"copy", "delete", "reorder", "overlap", "translate",
	};
	tercume_code c = { 0 }, *copy;
	char *fields[8] = { 0 };
	const esc *x;
	const char *w;
	size_t n, kind = 0;
	tercume_status st = TERCUME_OK;
	char word_buf[16];

	if (!u->active || u->n_codes >= e->n)
		return perr(ps, "a code record must follow its unit, one for each code of its "
			    "text%s", NULL);
	x = &e->v[u->n_codes];
	if (!word(ps, &w, &n) || n >= sizeof word_buf)
		return perr(ps, "expected a code kind%s", NULL);
	for (kind = TERCUME_RUN_OPEN; kind <= TERCUME_RUN_MARKER_END; kind++)
		if (word_is(w, n, tercume_run_kind_name((tercume_run_kind)kind)))
			break;
	if (kind > TERCUME_RUN_MARKER_END) {
		memcpy(word_buf, w, n), word_buf[n] = '\0';
		ps->p = w;
		return perr(ps, "unknown code kind '%s' (open, close, ph, iopen, iclose, mstart, "
			    "mend)", word_buf);
	}
	c.kind = (tercume_run_kind)kind;
	if ((x->shape == TERCUME_RUN_STANDALONE) != (c.kind == TERCUME_RUN_STANDALONE) ||
	    (x->shape == TERCUME_RUN_CLOSE) != tu_kind_closes(c.kind)) {
		ps->p = w;
		return perr(ps, "the code record's kind '%s' is not the shape of its escape in "
			    "the unit's text", tercume_run_kind_name(c.kind));
	}
	if (!word(ps, &w, &n) || !word_is(w, n, x->id)) {
		ps->p = w;
		return perr(ps, "the code record's ID is not its escape's ('%s')", x->id);
	}
	c.id = x->id;
	while (st == TERCUME_OK && ps->p < ps->end) {
		size_t f;

		if (!word(ps, &w, &n))
			return perr(ps, "expected a field name%s", NULL);
		for (f = 0; f < sizeof names / sizeof names[0]; f++)
			if (word_is(w, n, names[f]))
				break;
		if (f == sizeof names / sizeof names[0]) {
			ps->p = w;
			st = perr(ps, "unknown code field%s", NULL);
			break;
		}
		st = quoted_in(ps, str, NULL, true);
		if (st != TERCUME_OK)
			break;
		if (f < 8) {
			if (fields[f] != NULL) {
				ps->p = w;
				st = perr(ps, "a code field given twice%s", NULL);
				break;
			}
			if ((fields[f] = tu_strndup(str->data, str->len)) == NULL)
				st = TERCUME_ENOMEM;
		} else {
			tercume_hint *h[] = { &c.can_copy, &c.can_delete, &c.can_reorder,
					      &c.can_overlap, &c.translate };
			if (!hint_word(str->data, str->len, h[f - 8])) {
				ps->p = w;
				st = perr(ps, "a hint is yes, no or firstNo%s", NULL);
			}
		}
	}
	if (st == TERCUME_OK) {
		c.data = fields[0];
		c.type = fields[1];
		c.subtype = fields[2];
		c.display = fields[3];
		c.equiv = fields[4];
		c.ref = fields[5];
		c.value = fields[6];
		c.extra = fields[7];
		if (u->n_codes == u->cap_codes) {
			size_t cap = u->cap_codes ? u->cap_codes * 2 : 8;
			tercume_code *v = realloc(u->codes, cap * sizeof *v);
			if (v == NULL)
				st = TERCUME_ENOMEM;
			else {
				u->codes = v;
				u->cap_codes = cap;
			}
		}
	}
	if (st == TERCUME_OK && tu_codes_dup(&copy, &c, 1) == TERCUME_OK) {
		u->codes[u->n_codes++] = *copy;
		free(copy);
		/* the marker gets its kind */
		u->text.data[x->at + 2] = (char)(0x90 + (int)c.kind);
	} else if (st == TERCUME_OK)
		st = TERCUME_ENOMEM;
	for (size_t i = 0; i < 8; i++)
		free(fields[i]);
	return st;
}

/* How much of a mapped segments file is read before its pages are let go. */
#define RELEASE_CHUNK ((size_t)2 << 20)

/* Lets the pages of a mapped file before at go (the parser keeps no
 * pointer into them: what it keeps it copies); they come back from the
 * file if they are read again. */
static void
release_pages(const char *data, const char *at, size_t *released)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t upto = (size_t)(at - data) / page * page;

	if (upto > *released) {
		madvise((char *)data + *released, upto - *released, MADV_DONTNEED);
		*released = upto;
	}
}

/* tu_check_utf8 on a mapped file, its pages let go a chunk at a time (the
 * whole file was mapped in at once before the parse: at 100 MB it was
 * merge's peak once the raw bytes stayed in the file).  A chunk ends
 * before the character it would cut; on a problem, tu_check_utf8 on the
 * whole file says where. */
static tercume_status
check_mapped_utf8(const char *name, const char *data, size_t len, tercume_reporter *rep)
{
	size_t from = 0, released = 0, at;

	while (from < len) {
		size_t to = len - from > RELEASE_CHUNK ? from + RELEASE_CHUNK : len;

		for (int k = 0; k < 3 && to < len && ((unsigned char)data[to] & 0xC0) == 0x80; k++)
			to--;
		if (tu_text_check(data + from, to - from, false, &at) != TU_TEXT_OK)
			return tu_check_utf8(name, data, len, rep);
		from = to;
		release_pages(data, data + from, &released);
	}
	return TERCUME_OK;
}

/* mapped: data is a read-only file mapping (tercume_segments_read), whose
 * pages are let go as the parser passes them, so that the file is not held
 * in memory beside the document it becomes (issue 15). */
static tercume_status
segments_parse(tercume_doc **out, const char *name, const char *data, size_t len,
	       tercume_reporter *rep, bool mapped)
{
	pending pend = { 0 };
	escs e = { 0 };
	parser ps = { name, NULL, NULL, 0, NULL, rep };
	tu_buf str = TU_BUF_INIT, skel = TU_BUF_INIT;
	char *source = NULL, lang[65] = "", format[33] = "";
	tercume_layout layout = TERCUME_LAYOUT_AUTO;
	tercume_doc *doc = NULL;
	tu_idgen *ids = NULL;
	tercume_status st = TERCUME_OK;
	const char *pos = data, *stop = data + len;
	size_t released = 0;	/* pages of a mapped file let go */
	bool have_skel = false, have_tail = false, last_was_unit = false, have_digest = false;
	bool lazy = false;	/* units added without their text (pending_finish_raw) */
	int version = 2;
	digest recorded = { 0, 0 };
	unsigned long digest_line = 0;
	unsigned long prev_block_line = 0;

	*out = NULL;
	st = mapped ? check_mapped_utf8(name, data, len, rep) : tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK)
		return st;
	if (mapped)
		release_pages(data, data + len, &released);
	released = 0;
	ids = tu_idgen_new();
	if (ids == NULL)
		return TERCUME_ENOMEM;
	while (pos < stop && st == TERCUME_OK) {
		const char *nl = memchr(pos, '\n', (size_t)(stop - pos));
		const char *w;
		size_t n;

		if (mapped && (size_t)(pos - data) - released >= RELEASE_CHUNK)
			release_pages(data, pos, &released);
		ps.line++;
		ps.line_start = ps.p = pos;
		ps.end = nl ? nl : stop;
		pos = nl ? nl + 1 : stop;
		if (ps.line == 1) {
			size_t n1 = (size_t)(ps.end - ps.p);

			if (n1 == strlen(SEGMENTS_MAGIC_V1) &&
			    memcmp(ps.p, SEGMENTS_MAGIC_V1, n1) == 0) {
				version = 1;
			} else if (n1 != strlen(SEGMENTS_MAGIC) ||
			    memcmp(ps.p, SEGMENTS_MAGIC, strlen(SEGMENTS_MAGIC)) != 0) {
				tu_report(ps.rep, TERCUME_SEV_ERROR, ps.name, ps.line, 1, NULL,
					  "not a tercume segments file (the first line must be '%s', "
					  "or '%s')", SEGMENTS_MAGIC, SEGMENTS_MAGIC_V1);
				st = TERCUME_EINPUT;
				break;
			}
			continue;
		}
		if (ps.p == ps.end || *ps.p == '#')
			continue;
		if (have_tail) {
			st = perr(&ps, "nothing may follow the tail record%s", NULL);
			break;
		}
		word(&ps, &w, &n);
		if (word_is(w, n, "code")) {
			st = code_record(&ps, &pend, &e, &str);
			continue;
		}
		if (word_is(w, n, "raw") && pend.active && last_was_unit && doc != NULL &&
		    doc->format == NULL && pend.n_codes == 0 && e.n == 0) {
			st = pending_finish_raw(&ps, &pend, &e, doc, ids, &str);
			lazy = true;
			last_was_unit = false;
			continue;
		}
		if (pend.active && (st = pending_finish(&ps, &pend, &e, doc, ids)) != TERCUME_OK)
			break;
		if (word_is(w, n, "digest")) {
			/* digest fnv1a-64 HEX16 size N */
			unsigned long long hash = 0, size = 0;
			bool ok = doc == NULL && !have_digest && version >= 2;
			const char *wh;
			size_t nh;

			if (!ok) {
				st = perr(&ps, doc != NULL ? N_("header record after the first block%s") :
					  have_digest ? N_("a second digest record%s") :
					  N_("a digest record in a version 1 file%s"), NULL);
				break;
			}
			ok = word(&ps, &w, &n) && word_is(w, n, DIGEST_NAME) && word(&ps, &wh, &nh) &&
			     nh == 16;
			for (size_t i = 0; ok && i < nh; i++) {
				int v = hexval(wh[i]);
				ok = v >= 0 && !(wh[i] >= 'A' && wh[i] <= 'F');
				hash = hash * 16 + (unsigned long long)(v < 0 ? 0 : v);
			}
			ok = ok && word(&ps, &w, &n) && word_is(w, n, "size") && word(&ps, &w, &n) &&
			     n > 0 && n <= 19 && ps.p == ps.end;
			for (size_t i = 0; ok && i < n; i++) {
				ok = w[i] >= '0' && w[i] <= '9';
				size = size * 10 + (unsigned long long)(w[i] - '0');
			}
			if (!ok) {
				st = perr(&ps, "expected 'digest %s HEX size N' (16 lower-case hex "
					  "digits)", DIGEST_NAME);
				break;
			}
			have_digest = true;
			recorded.hash = hash;
			recorded.size = size;
			digest_line = ps.line;
			continue;
		}
		if (word_is(w, n, "source") || word_is(w, n, "lang") || word_is(w, n, "layout") ||
		    word_is(w, n, "format")) {
			if (doc != NULL) {
				st = perr(&ps, "header record after the first block%s", NULL);
				break;
			}
			if (word_is(w, n, "source")) {
				st = quoted(&ps, &str);
				if (st == TERCUME_OK) {
					free(source);
					source = tu_strndup(str.data, str.len);
				}
			} else if (word_is(w, n, "format")) {
				if (!word(&ps, &w, &n) || n >= sizeof format || ps.p != ps.end ||
				    word_is(w, n, "text"))
					st = perr(&ps, "expected one markup name (not 'text', which "
						  "is said by no format record)%s", NULL);
				else
					memcpy(format, w, n), format[n] = '\0';
			} else if (word_is(w, n, "lang")) {
				if (!word(&ps, &w, &n) || n >= sizeof lang || ps.p != ps.end)
					st = perr(&ps, "expected one language tag%s", NULL);
				else
					memcpy(lang, w, n), lang[n] = '\0';
			} else {
				char tmp[16];
				if (!word(&ps, &w, &n) || n >= sizeof tmp || ps.p != ps.end)
					st = perr(&ps, "expected a layout name%s", NULL);
				else {
					memcpy(tmp, w, n), tmp[n] = '\0';
					if (tercume_layout_from_name(tmp, &layout) != 0 ||
					    layout == TERCUME_LAYOUT_AUTO)
						st = perr(&ps, "unknown layout '%s' (line or blank)", tmp);
				}
			}
			continue;
		}
		if (word_is(w, n, "block")) {
			unsigned long num, bline;
			tercume_role role;
			char tmp[16];

			if (doc == NULL) {
				if (source == NULL || lang[0] == '\0' || layout == TERCUME_LAYOUT_AUTO) {
					st = perr(&ps, "the source, lang and layout records must come "
						  "before the first block%s", NULL);
					break;
				}
				doc = tu_doc_new(source, lang, layout);
				if (doc == NULL || tu_doc_set_format(doc, format) != TERCUME_OK) {
					st = TERCUME_ENOMEM;
					break;
				}
				if (mapped)
					tu_doc_use_map(doc, data, len, false);
			} else if (doc->blocks[doc->n_blocks - 1].n_units == 0) {
				st = perr(&ps, "the previous block has no unit%s", NULL);
				break;
			}
			if (!word(&ps, &w, &n) || !parse_ulong(w, n, &num) || num != doc->n_blocks + 1) {
				ps.p = w;
				st = perr(&ps, "expected block number %s", NULL);
				break;
			}
			if (!word(&ps, &w, &n) || n >= sizeof tmp) {
				st = perr(&ps, "expected a block role%s", NULL);
				break;
			}
			memcpy(tmp, w, n), tmp[n] = '\0';
			if (tercume_role_from_name(tmp, &role) != 0) {
				ps.p = w;
				st = perr(&ps, "unknown block role '%s'", tmp);
				break;
			}
			if (!word(&ps, &w, &n) || !word_is(w, n, "line") || !word(&ps, &w, &n) ||
			    !parse_ulong(w, n, &bline) || ps.p != ps.end) {
				st = perr(&ps, "expected 'line N' at the end of the block record%s", NULL);
				break;
			}
			if (bline < prev_block_line ||
			    (doc->n_units > 0 && bline < doc->units[doc->n_units - 1].line)) {
				st = perr(&ps, "blocks are out of order (line numbers go back)%s", NULL);
				break;
			}
			prev_block_line = bline;
			if (tu_doc_add_block(doc, role, bline) == (size_t)-1)
				st = TERCUME_ENOMEM;
			last_was_unit = false;
			continue;
		}
		if (word_is(w, n, "skel") || word_is(w, n, "tail")) {
			bool tail = word_is(w, n, "tail");
			if (have_skel) {
				st = perr(&ps, "two skeleton records in a row%s", NULL);
				break;
			}
			st = quoted(&ps, &skel);
			if (st != TERCUME_OK)
				break;
			if (tail) {
				if (doc == NULL) {
					if (source == NULL || lang[0] == '\0' || layout == TERCUME_LAYOUT_AUTO) {
						st = perr(&ps, "missing source, lang or layout record%s", NULL);
						break;
					}
					doc = tu_doc_new(source, lang, layout);
					if (doc == NULL || tu_doc_set_format(doc, format) != TERCUME_OK) {
						st = TERCUME_ENOMEM;
						break;
					}
				} else if (doc->n_blocks > 0 && doc->blocks[doc->n_blocks - 1].n_units == 0) {
					st = perr(&ps, "the last block has no unit%s", NULL);
					break;
				}
				st = tu_doc_set_tail(doc, skel.data, skel.len);
				have_tail = true;
			} else
				have_skel = true;
			last_was_unit = false;
			continue;
		}
		if (word_is(w, n, "raw")) {
			tu_unit *u;
			size_t folded_len = 0;
			char *folded;

			if (!last_was_unit) {
				st = perr(&ps, "a raw record must follow its unit%s", NULL);
				break;
			}
			st = quoted(&ps, &str);
			if (st != TERCUME_OK)
				break;
			u = &doc->units[doc->n_units - 1];
			/* The source bytes of a marked-up article's unit are its
			 * reader's (character references, markup): nothing to
			 * check them by.  A plain article's fold to its text. */
			folded = doc->format ? NULL : tu_fold_breaks(str.data, str.len, &folded_len);
			if (!doc->format && (folded == NULL || folded_len != u->text_len ||
					     memcmp(folded, u->text, folded_len) != 0)) {
				free(folded);
				st = perr(&ps, "the raw text does not fold to the unit's text%s", NULL);
				break;
			}
			free(folded);
			u->raw = tu_doc_strndup(doc, str.data, str.len);
			u->raw_len = str.len;
			if (u->raw == NULL)
				st = TERCUME_ENOMEM;
			last_was_unit = false;
			continue;
		}
		if (word_is(w, n, "unit")) {
			unsigned long uline;
			char id[24];
			const char *idw;
			size_t idn;

			if (doc == NULL || doc->n_blocks == 0) {
				st = perr(&ps, "a unit record must follow a block record%s", NULL);
				break;
			}
			if (!word(&ps, &idw, &idn) || idn >= sizeof id) {
				st = perr(&ps, "expected a unit ID%s", NULL);
				break;
			}
			memcpy(id, idw, idn), id[idn] = '\0';
			if (!word(&ps, &w, &n) || !word_is(w, n, "line") || !word(&ps, &w, &n) ||
			    !parse_ulong(w, n, &uline)) {
				st = perr(&ps, "expected 'line N' after the unit ID%s", NULL);
				break;
			}
			if (uline < prev_block_line ||
			    (doc->n_units > 0 && uline < doc->units[doc->n_units - 1].line)) {
				st = perr(&ps, "units are out of order (line numbers go back)%s", NULL);
				break;
			}
			pend.file_line = ps.line;
			pend.col = (unsigned long)(idw - ps.line_start) + 1;
			st = quoted_in(&ps, &pend.text, &e, false);
			if (st != TERCUME_OK)
				break;
			if (pend.text.len == 0) {
				st = perr(&ps, "empty unit text%s", NULL);
				break;
			}
			memcpy(pend.id, id, sizeof id);
			pend.line = uline;
			pend.skel.len = 0;
			if (have_skel)
				tu_buf_append(&pend.skel, skel.data, skel.len);
			if (pend.skel.failed) {
				st = TERCUME_ENOMEM;
				break;
			}
			pend.active = true;
			have_skel = false;
			last_was_unit = true;
			continue;
		}
		{
			char rec[24];
			size_t k = n < sizeof rec - 1 ? n : sizeof rec - 1;
			memcpy(rec, w, k), rec[k] = '\0';
			ps.p = w;
			st = perr(&ps, "unknown record '%s'", rec);
		}
	}
	if (st == TERCUME_OK && pend.active)
		st = pending_finish(&ps, &pend, &e, doc, ids);
	if (st == TERCUME_OK && ps.line == 0) {
		tu_error(rep, name, 1, 1, "empty file: not a tercume segments file");
		st = TERCUME_EINPUT;
	}
	if (st == TERCUME_OK && !have_tail) {
		tu_error(rep, name, ps.line, 0, "the file ends without its tail record (truncated?)");
		st = TERCUME_EINPUT;
	}
	if (st == TERCUME_OK && version >= 2 && !have_digest) {
		tu_error(rep, name, 2, 0, "no digest record: a version 2 segments file records "
			 "the article it was made from");
		st = TERCUME_EINPUT;
	}
	if (st == TERCUME_OK && have_digest) {
		/* The recorded article must be the one the file rebuilds: a
		 * hand edit of a skeleton or a unit shows here. */
		digest d = doc_digest(doc);

		if (d.hash != recorded.hash || d.size != recorded.size) {
			tu_error(rep, name, digest_line, 0, "the file does not rebuild the article "
				 "its digest records (%llu bytes, %016llx; it rebuilds %llu bytes, "
				 "%016llx): it was edited by hand; run 'tercume segment' again",
				 recorded.size, (unsigned long long)recorded.hash, d.size,
				 (unsigned long long)d.hash);
			st = TERCUME_EINPUT;
		}
	}
	tu_idgen_free(ids);	/* before the ID index: the peak (issue 15) */
	ids = NULL;
	if (st == TERCUME_OK && lazy)
		st = tu_doc_reserve_folds(doc);
	if (st == TERCUME_OK && (st = tu_doc_index(doc)) == TERCUME_EINPUT)
		tu_error(rep, name, 0, 0, "duplicate unit ID");
	if (st == TERCUME_ENOMEM)
		tu_error(rep, name, ps.line, 0, "out of memory");
	pending_clear(&pend, &e);
	tu_buf_free(&pend.text);
	tu_buf_free(&pend.skel);
	free(e.v);
	tu_buf_free(&str);
	tu_buf_free(&skel);
	tu_idgen_free(ids);
	free(source);
	if (st != TERCUME_OK) {
		tercume_doc_free(doc);
		return st;
	}
	if (doc->map != NULL) {
		/* the document keeps the file mapped if a unit's raw bytes
		 * are there; its pages go, as the parser let them go */
		bool used = false;

		for (size_t i = 0; i < doc->n_units && !used; i++)
			used = tu_doc_raw_mapped(doc, &doc->units[i]);
		if (used) {
			madvise((void *)data, len, MADV_DONTNEED);
			tu_doc_use_map(doc, data, len, true);
		} else
			tu_doc_use_map(doc, NULL, 0, false);
	}
	*out = doc;
	return TERCUME_OK;
}

tercume_status
tercume_segments_parse(tercume_doc **out, const char *name, const char *data, size_t len,
		       tercume_reporter *rep)
{
	return segments_parse(out, name, data, len, rep, false);
}

/* A regular file mapped, read-only: *data NULL when it cannot be (a pipe,
 * an empty file, one whose size is a whole number of pages, which leaves
 * no byte after its end), for the caller to read it instead. */
static void
map_file(const char *path, const char **data, size_t *len)
{
	struct stat sb;
	long page = sysconf(_SC_PAGESIZE);
	int fd = open(path, O_RDONLY);
	void *p;

	*data = NULL;
	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && page > 0 &&
	    (unsigned long long)sb.st_size < (unsigned long long)SIZE_MAX &&
	    sb.st_size % page != 0) {
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			*data = p;
			*len = (size_t)sb.st_size;
		}
	}
	close(fd);
}

tercume_status
tercume_segments_read(tercume_doc **out, const char *path, tercume_reporter *rep)
{
	const char *map;
	char *data;
	size_t len;
	tercume_status st;

	*out = NULL;
	map_file(path, &map, &len);
	if (map != NULL) {
		/* the byte after the end of a mapped file is 0, as
		 * tercume_read_file's NUL */
		st = segments_parse(out, path, map, len, rep, true);
		if (st != TERCUME_OK || !(*out)->map_owned)
			munmap((void *)map, len);
		return st;
	}
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	st = tercume_segments_parse(out, path, data, len, rep);
	free(data);
	return st;
}

tercume_status
tercume_segments_check_source(const tercume_doc *doc, const char *segments_path,
			      tercume_reporter *rep)
{
	const char *article = doc->source_path;
	digest want = doc_digest(doc), have = { 0xcbf29ce484222325ULL, 0 };
	struct stat sb;
	tercume_status st;

	/* Not reachable from here (another directory, a moved tree): nothing
	 * to compare with. */
	if (article == NULL || article[0] == '\0' || stat(article, &sb) != 0 || !S_ISREG(sb.st_mode))
		return TERCUME_OK;
	if ((unsigned long long)sb.st_size == want.size) {
		/* read in chunks: the article is not held in memory twice */
		char chunk[65536];
		size_t n;
		FILE *f = fopen(article, "rb");

		if (f == NULL) {
			tu_error(rep, article, 0, 0, "cannot open: %s", strerror(errno));
			return TERCUME_EIO;
		}
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			digest_add(&have, chunk, n);
		st = ferror(f) ? TERCUME_EIO : TERCUME_OK;
		fclose(f);
		if (st != TERCUME_OK) {
			tu_error(rep, article, 0, 0, "cannot read: %s", strerror(errno));
			return st;
		}
		if (have.hash == want.hash && have.size == want.size)
			return TERCUME_OK;
	}
	tu_error(rep, article, 0, 0, "the article has changed since %s was made from it; "
		 "run 'tercume update -s %s %s CATALOGUE...' to segment it again and bring "
		 "its catalogues up to date", segments_path ? segments_path : TU_("the segments file"),
		 segments_path ? segments_path : "SEGMENTS", article);
	return TERCUME_EINPUT;
}
