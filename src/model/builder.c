/* builder.c — building a document from blocks of rich text: what the
 * readers of marked-up articles (HTML, Markdown) hand over, segmented into
 * sentence units with codes, every source byte kept.
 *
 * A block arrives as pieces: text runs (the text a translator sees, and the
 * source bytes it stands for) and codes (whose data are their source bytes).
 * The segmenter sees the block's text with the codes taken out; its breaks
 * are then put back among the codes by three rules (doc/rich-text.md,
 * "Segmenting around codes"):
 *   - a code at a sentence's edge goes with that sentence: closing codes
 *     with the sentence they end, opening codes with the one they begin, a
 *     placeholder with the sentence it touches;
 *   - no break falls inside a paired code or marker span;
 *   - no break falls inside a text run whose source bytes differ from its
 *     text (a character reference, collapsed white space): source bytes are
 *     never split.
 * Codes and white space at the edges of a block that wrap nothing but the
 * block (a placeholder, an isolated code, a pair around all of it) go to the
 * skeleton, and a block with no text makes no unit. */
#include "document.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

/* One piece of a block: a text run or a code. */
typedef struct piece {
	size_t text_start, text_end;	/* in the block's coded text */
	size_t src_start, src_end;	/* in the block's source bytes */
	bool atomic;			/* text whose source differs: never split */
} piece;

struct tercume_doc_builder {
	tercume_doc *doc;
	tu_segmenter *seg;
	tu_idgen *ids;
	tercume_reporter *rep;
	char *name;
	tercume_status failed;		/* the first failure; later calls return it */
	tu_buf skel;			/* skeleton waiting for the next unit */
	unsigned long line;		/* line of the next source byte */
	/* the block being built */
	bool in_block;
	tercume_role role;
	unsigned long block_line;	/* line of the block's first source byte */
	tu_buf text, src;
	piece *pieces;
	size_t n_pieces, cap_pieces;
	tercume_code *codes;
	size_t n_codes, cap_codes;
	/* the lines of the block's source before lines_at, counted once:
	 * its units start further on, one after another */
	size_t lines_at;
	unsigned long lines_before;
	/* scratch */
	tu_span *spans;
	size_t n_spans, cap_spans;
};

static unsigned long
count_lines(const char *s, size_t n)
{
	unsigned long k = 0;
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

tercume_status
tercume_doc_builder_new(tercume_doc_builder **out, const char *name, const char *format,
			const tercume_segment_options *opts, tercume_reporter *rep)
{
	tercume_segment_options defaults = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_doc_builder *b;
	tercume_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != TERCUME_SEGMENT_OPTIONS_VERSION)
		return TERCUME_EUSAGE;
	b = calloc(1, sizeof *b);
	if (b == NULL)
		return TERCUME_ENOMEM;
	b->rep = rep;
	b->line = 1;
	b->name = tu_strdup(name ? name : "");
	/* A marked-up article is not re-wrapped: its layout is the markup's. */
	b->doc = tu_doc_new(b->name, opts->source_lang, TERCUME_LAYOUT_LINE);
	b->ids = tu_idgen_new();
	if (b->name == NULL || b->doc == NULL || b->ids == NULL ||
	    tu_doc_set_format(b->doc, format ? format : "markup") != TERCUME_OK) {
		tercume_doc_builder_free(b);
		return TERCUME_ENOMEM;
	}
	st = tu_segmenter_open(&b->seg, tercume_doc_source_lang(b->doc), opts->srx_path, rep);
	if (st != TERCUME_OK) {
		tercume_doc_builder_free(b);
		return st;
	}
	*out = b;
	return TERCUME_OK;
}

static void
clear_block(tercume_doc_builder *b)
{
	tu_codes_free(b->codes, b->n_codes);
	b->codes = NULL;
	b->n_codes = b->cap_codes = 0;
	b->n_pieces = 0;
	b->text.len = 0;
	b->src.len = 0;
	b->in_block = false;
	b->lines_at = 0;
	b->lines_before = 0;
}

void
tercume_doc_builder_free(tercume_doc_builder *b)
{
	if (b == NULL)
		return;
	clear_block(b);
	tercume_doc_free(b->doc);
	tu_segmenter_close(b->seg);
	tu_idgen_free(b->ids);
	tu_buf_free(&b->skel);
	tu_buf_free(&b->text);
	tu_buf_free(&b->src);
	free(b->pieces);
	free(b->spans);
	free(b->name);
	free(b);
}

static tercume_status
fail(tercume_doc_builder *b, tercume_status st)
{
	if (b->failed == TERCUME_OK)
		b->failed = st;
	if (st == TERCUME_ENOMEM)
		tu_error(b->rep, b->name, 0, 0, "out of memory");
	return st;
}

static tercume_status
usage(tercume_doc_builder *b, const char *fmt, const char *arg)
{
	tu_error(b->rep, b->name, b->line, 0, fmt, arg ? arg : "");
	return fail(b, TERCUME_EUSAGE);
}

/* Refuses text that may not enter tercume (a reader decoded a character
 * reference to a noncharacter, say), naming its line. */
static tercume_status
bad_text(tercume_doc_builder *b, const char *data, size_t len)
{
	size_t at = 0;
	tu_text_problem p = tu_text_check(data, len, false, &at);
	char what[96];

	if (p == TU_TEXT_OK)
		return TERCUME_OK;
	tu_error(b->rep, b->name, b->line + count_lines(data, at), 0, "the text has %s",
		 tu_text_problem_name(p, data, at, what, sizeof what));
	return fail(b, TERCUME_EINPUT);
}

tercume_status
tercume_doc_builder_skeleton(tercume_doc_builder *b, const char *data, size_t len)
{
	size_t at;

	if (b->failed)
		return b->failed;
	if (b->in_block)
		return usage(b, "skeleton inside a block%s", NULL);
	if (tu_text_check(data, len, false, &at) != TU_TEXT_OK)
		return bad_text(b, data, len);
	tu_buf_append(&b->skel, data, len);
	b->line += count_lines(data, len);
	return b->skel.failed ? fail(b, TERCUME_ENOMEM) : TERCUME_OK;
}

tercume_status
tercume_doc_builder_begin_block(tercume_doc_builder *b, tercume_role role)
{
	if (b->failed)
		return b->failed;
	if (b->in_block)
		return usage(b, "a block begins inside a block%s", NULL);
	if ((unsigned)role > TERCUME_ROLE_LABEL)
		return usage(b, "unknown block role%s", NULL);
	b->in_block = true;
	b->role = role;
	b->block_line = b->line;
	return TERCUME_OK;
}

static bool
add_piece(tercume_doc_builder *b, size_t text_start, size_t src_start, bool atomic)
{
	if (b->n_pieces == b->cap_pieces) {
		size_t cap = b->cap_pieces ? b->cap_pieces * 2 : 32;
		piece *p = realloc(b->pieces, cap * sizeof *p);
		if (p == NULL)
			return false;
		b->pieces = p;
		b->cap_pieces = cap;
	}
	b->pieces[b->n_pieces++] = (piece){ text_start, b->text.len, src_start, b->src.len, atomic };
	return true;
}

tercume_status
tercume_doc_builder_text(tercume_doc_builder *b, const char *text, size_t len,
			 const char *source, size_t source_len)
{
	size_t at, t0 = b->text.len, s0 = b->src.len;
	bool same = source == NULL || (source_len == len && memcmp(source, text, len) == 0);
	/* A source of another length cannot be cut where its text is:
	 * the run is kept whole.  One of the same length (a line break
	 * given as a space) maps byte for byte. */
	bool atomic = source != NULL && source_len != len;

	if (b->failed)
		return b->failed;
	if (!b->in_block)
		return usage(b, "text outside a block%s", NULL);
	if (tu_text_check(text, len, false, &at) != TU_TEXT_OK)
		return bad_text(b, text, len);
	if (source && tu_text_check(source, source_len, false, &at) != TU_TEXT_OK)
		return bad_text(b, source, source_len);
	if (len == 0 && (source == NULL || source_len == 0))
		return TERCUME_OK;
	tu_buf_append(&b->text, text, len);
	tu_buf_append(&b->src, same ? text : source, same ? len : source_len);
	b->line += count_lines(same ? text : source, same ? len : source_len);
	if (b->text.failed || b->src.failed || !add_piece(b, t0, s0, atomic))
		return fail(b, TERCUME_ENOMEM);
	return TERCUME_OK;
}

tercume_status
tercume_doc_builder_code(tercume_doc_builder *b, const tercume_code *code)
{
	return tercume_doc_builder_code_source(b, code, NULL, 0);
}

tercume_status
tercume_doc_builder_code_source(tercume_doc_builder *b, const tercume_code *code,
				const char *source, size_t source_len)
{
	size_t t0 = b->text.len, s0 = b->src.len, at;
	tercume_code *c;

	if (b->failed)
		return b->failed;
	if (!b->in_block)
		return usage(b, "a code outside a block%s", NULL);
	if (code == NULL || code->id == NULL || code->id[0] == '\0' ||
	    code->kind <= TERCUME_RUN_TEXT || code->kind > TERCUME_RUN_MARKER_END)
		return usage(b, "a code needs a kind and an id%s", NULL);
	if (!tu_code_fields_ok(code))
		return fail(b, TERCUME_EINPUT);
	if (b->n_codes == b->cap_codes) {
		size_t cap = b->cap_codes ? b->cap_codes * 2 : 16;
		tercume_code *v = realloc(b->codes, cap * sizeof *v);
		if (v == NULL)
			return fail(b, TERCUME_ENOMEM);
		b->codes = v;
		b->cap_codes = cap;
	}
	if (tu_codes_dup(&c, code, 1) != TERCUME_OK)
		return fail(b, TERCUME_ENOMEM);
	b->codes[b->n_codes++] = *c;
	free(c);
	tu_buf_put_marker(&b->text, code->kind);
	if (source != NULL) {
		if (tu_text_check(source, source_len, false, &at) != TU_TEXT_OK)
			return bad_text(b, source, source_len);
		tu_buf_append(&b->src, source, source_len);
		b->line += count_lines(source, source_len);
	} else if (code->data) {
		tu_buf_append(&b->src, code->data, strlen(code->data));
		b->line += count_lines(code->data, strlen(code->data));
	}
	if (b->text.failed || b->src.failed || !add_piece(b, t0, s0, false))
		return fail(b, TERCUME_ENOMEM);
	return TERCUME_OK;
}

/* ---- segmenting a block ---- */

/* The marker k of the block, and where it is. */
typedef struct mark {
	size_t coded;		/* its offset in the coded text */
	size_t plain;		/* offset in the plain text of what follows it */
	int depth;		/* paired spans open after it */
} mark;

/* Checks that the pairs and marker spans of the block match: each opened
 * once and closed once, after it, by id. */
static tercume_status
check_pairs(tercume_doc_builder *b, mark *marks)
{
	tu_map *open = tu_map_new(b->n_codes);
	int depth = 0;

	if (open == NULL)
		return fail(b, TERCUME_ENOMEM);
	for (size_t k = 0; k < b->n_codes; k++) {
		const tercume_code *c = &b->codes[k];
		char key[8 + 256];
		bool added;
		size_t *slot;

		/* pairs and markers have separate name spaces */
		snprintf(key, sizeof key, "%c%.255s",
			 c->kind == TERCUME_RUN_MARKER_START || c->kind == TERCUME_RUN_MARKER_END ? 'm' : 'c',
			 c->id);
		if (c->kind == TERCUME_RUN_OPEN || c->kind == TERCUME_RUN_MARKER_START) {
			slot = tu_map_slot(open, key, &added);
			if (slot == NULL) {
				tu_map_free(open);
				return fail(b, TERCUME_ENOMEM);
			}
			if (!added) {
				tu_map_free(open);
				return usage(b, "code id '%s' is opened twice in one block", c->id);
			}
			*slot = 1;
			depth++;
		} else if (c->kind == TERCUME_RUN_CLOSE || c->kind == TERCUME_RUN_MARKER_END) {
			slot = NULL;
			if (!tu_map_get(open, key, NULL) || (slot = tu_map_slot(open, key, NULL)) == NULL ||
			    *slot != 1) {
				tu_map_free(open);
				return usage(b, "code id '%s' is closed but not open (a code whose other "
					     "half is in another block is an isolated one)", c->id);
			}
			*slot = 2;
			depth--;
		}
		marks[k].depth = depth;
	}
	tu_map_free(open);
	if (depth != 0)
		return usage(b, "a code of the block is opened and not closed (a code whose "
			     "other half is in another block is an isolated one)%s", NULL);
	return TERCUME_OK;
}

/* The source offset of coded offset x, and the piece it falls in. */
static size_t
piece_at(const tercume_doc_builder *b, size_t x)
{
	size_t lo = 0, hi = b->n_pieces;

	/* the last piece that starts at or before x */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->pieces[mid].text_start <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Moves x to the start (or end) of an atomic piece it falls inside. */
static size_t
snap(const tercume_doc_builder *b, size_t x, bool to_end)
{
	const piece *p;

	if (b->n_pieces == 0)
		return x;
	p = &b->pieces[piece_at(b, x)];
	if (!p->atomic || x <= p->text_start || x >= p->text_end)
		return x;
	return to_end ? p->text_end : p->text_start;
}

static size_t
src_of(const tercume_doc_builder *b, size_t x)
{
	const piece *p;

	if (b->n_pieces == 0)
		return 0;
	if (x >= b->text.len)
		return b->src.len;
	p = &b->pieces[piece_at(b, x)];
	if (x <= p->text_start)
		return p->src_start;
	if (x >= p->text_end)
		return p->src_end;
	return p->src_start + (x - p->text_start);	/* not atomic: the same bytes */
}

static bool
is_white_at(const char *s, size_t len, size_t i, size_t *next)
{
	size_t j = i;
	UChar32 c = tu_utf8_next(s, len, &j);

	*next = j;
	return u_isUWhiteSpace(c);
}

/* Where the units of the block start and end, in its coded text. */
typedef struct cut {
	size_t start, end;
} cut;

/* The line breaks of the block's source before offset at (at never goes
 * back within a block, so each byte is counted once). */
static unsigned long
lines_to(tercume_doc_builder *b, size_t at)
{
	if (at < b->lines_at) {
		b->lines_at = 0;
		b->lines_before = 0;
	}
	b->lines_before += count_lines(b->src.data + b->lines_at, at - b->lines_at);
	b->lines_at = at;
	return b->lines_before;
}

/* Adds unit [a, e) of the block: its codes renumbered 1, 2, … by first
 * appearance, its skeleton everything since the last unit. */
static tercume_status
add_unit(tercume_doc_builder *b, size_t a, size_t e, size_t first_mark, mark *marks,
	 size_t *skel_src)
{
	size_t sa = src_of(b, a), se = src_of(b, e), n = 0, k;
	const char *text = b->text.data + a;
	tercume_code *codes = NULL;
	tu_map *ids = NULL;
	tu_buf data = TU_BUF_INIT;
	tercume_status st = TERCUME_ENOMEM;
	char id[24];
	bool raw;

	for (k = first_mark; k < b->n_codes && marks[k].coded < e; k++)
		n++;
	if (n > 0) {
		codes = calloc(n, sizeof *codes);
		ids = tu_map_new(n);
		if (codes == NULL || ids == NULL)
			goto out;
	}
	for (k = 0; k < n; k++) {
		const tercume_code *from = &b->codes[first_mark + k];
		tercume_code renamed = *from, *copy;
		char key[8 + 256], num[24];
		bool added;
		size_t *slot;

		snprintf(key, sizeof key, "%c%.255s",
			 from->kind == TERCUME_RUN_MARKER_START || from->kind == TERCUME_RUN_MARKER_END ?
			 'm' : 'c', from->id);
		slot = tu_map_slot(ids, key, &added);
		if (slot == NULL)
			goto out;
		if (added)
			*slot = tu_map_count(ids);
		snprintf(num, sizeof num, "%zu", *slot);
		renamed.id = num;
		if (tu_codes_dup(&copy, &renamed, 1) != TERCUME_OK)
			goto out;
		codes[k] = *copy;
		free(copy);
	}
	tu_buf_append(&b->skel, b->src.data + *skel_src, sa - *skel_src);
	*skel_src = se;
	/* raw only when the source bytes are not the text with each code's data */
	st = tu_rich_render_into(&data, text, e - a, codes, n, TERCUME_RENDER_DATA);
	if (st != TERCUME_OK || b->skel.failed)
		goto out;
	st = TERCUME_ENOMEM;
	raw = data.len != se - sa || memcmp(data.data ? data.data : "", b->src.data + sa, se - sa) != 0;
	if (tu_idgen_next(b->ids, text, e - a, id) != TERCUME_OK)
		goto out;
	st = tu_doc_add_unit(b->doc, id, text, e - a, codes, n, raw ? b->src.data + sa : NULL,
			     se - sa, b->skel.data ? b->skel.data : "", b->skel.len,
			     b->block_line + lines_to(b, sa));
	b->skel.len = 0;
out:
	tu_codes_free(codes, n);
	tu_map_free(ids);
	tu_buf_free(&data);
	return st;
}

/* Whether code k (at coded offset x) stands for its own data: a code
 * given another source (tercume_doc_builder_code_source) cannot go to the
 * skeleton, which keeps source bytes only. */
static bool
data_is_source(const tercume_doc_builder *b, size_t k, size_t x)
{
	const piece *p = &b->pieces[piece_at(b, x)];
	const char *d = b->codes[k].data ? b->codes[k].data : "";

	return strlen(d) == p->src_end - p->src_start &&
	       memcmp(d, b->src.data + p->src_start, p->src_end - p->src_start) == 0;
}

static tercume_status
segment_block(tercume_doc_builder *b)
{
	const char *t = b->text.data ? b->text.data : "";
	size_t len = b->text.len, lo = 0, hi = len, next;
	mark *marks = calloc(b->n_codes + 1, sizeof *marks);
	tu_buf plain = TU_BUF_INIT;
	cut *cuts = NULL;
	size_t n_cuts = 0, skel_src = 0, k = 0, first;
	tercume_status st;

	if (marks == NULL)
		return fail(b, TERCUME_ENOMEM);
	/* where each marker is */
	for (size_t i = 0, plain_at = 0; i < len;) {
		if (tu_marker_at(t, len, i) != TERCUME_RUN_TEXT) {
			marks[k].coded = i;
			marks[k].plain = plain_at;
			k++;
			i += TU_MARKER_LEN;
		} else {
			size_t j = i;
			tu_utf8_next(t, len, &j);
			plain_at += j - i;
			i = j;
		}
	}
	if ((st = check_pairs(b, marks)) != TERCUME_OK)
		goto out;

	/* What only wraps the block goes to the skeleton. */
	for (;;) {
		tercume_run_kind a, z = TERCUME_RUN_TEXT;

		while (lo < hi && tu_marker_at(t, len, lo) == TERCUME_RUN_TEXT &&
		       is_white_at(t, hi, lo, &next))
			lo = next;
		while (hi > lo) {
			size_t j = hi - 1;
			while (j > lo && ((unsigned char)t[j] & 0xC0) == 0x80)
				j--;
			if (tu_marker_at(t, len, j) != TERCUME_RUN_TEXT || !is_white_at(t, hi, j, &next))
				break;
			hi = j;
		}
		if (lo >= hi)
			break;
		a = tu_marker_at(t, len, lo);
		if (hi >= lo + TU_MARKER_LEN)
			z = tu_marker_at(t, len, hi - TU_MARKER_LEN);
		if (a == TERCUME_RUN_STANDALONE || a == TERCUME_RUN_ISOLATED_OPEN ||
		    a == TERCUME_RUN_ISOLATED_CLOSE) {
			lo += TU_MARKER_LEN;
			continue;
		}
		if (z == TERCUME_RUN_STANDALONE || z == TERCUME_RUN_ISOLATED_OPEN ||
		    z == TERCUME_RUN_ISOLATED_CLOSE) {
			hi -= TU_MARKER_LEN;
			continue;
		}
		if (a == TERCUME_RUN_OPEN && z == TERCUME_RUN_CLOSE && hi - lo >= 2 * TU_MARKER_LEN) {
			/* the pair around everything? */
			size_t ka = 0, kz = 0;
			while (ka < b->n_codes && marks[ka].coded != lo)
				ka++;
			while (kz < b->n_codes && marks[kz].coded != hi - TU_MARKER_LEN)
				kz++;
			if (ka < b->n_codes && kz < b->n_codes &&
			    strcmp(b->codes[ka].id, b->codes[kz].id) == 0 &&
			    data_is_source(b, ka, lo) && data_is_source(b, kz, hi - TU_MARKER_LEN)) {
				lo += TU_MARKER_LEN;
				hi -= TU_MARKER_LEN;
				continue;
			}
		}
		break;
	}
	lo = snap(b, lo, false);
	hi = snap(b, hi, true);

	/* The plain text of [lo, hi), and its sentences. */
	for (size_t i = lo; i < hi;) {
		if (tu_marker_at(t, len, i) != TERCUME_RUN_TEXT) {
			i += TU_MARKER_LEN;
			continue;
		}
		size_t j = i;
		while (j < hi && tu_marker_at(t, len, j) == TERCUME_RUN_TEXT)
			j++;
		tu_buf_append(&plain, t + i, j - i);
		i = j;
	}
	if (plain.failed) {
		st = fail(b, TERCUME_ENOMEM);
		goto out;
	}
	b->n_spans = 0;
	if (plain.len > 0) {
		st = tu_segment_block(b->seg, plain.data, plain.len, &b->spans, &b->n_spans,
				      &b->cap_spans);
		if (st != TERCUME_OK) {
			st = fail(b, st);
			goto out;
		}
	}
	if (b->n_spans > 0) {
		/* plain offsets of [lo, hi) start at the plain offset of lo */
		size_t base = 0, m0 = 0;

		while (m0 < b->n_codes && marks[m0].coded < lo)
			m0++;
		/* the plain offset of lo: the first marker at or after lo
		 * knows it, else the end of the text does */
		for (size_t i = 0; i < lo;) {
			if (tu_marker_at(t, len, i) != TERCUME_RUN_TEXT) {
				i += TU_MARKER_LEN;
				continue;
			}
			size_t j = i;
			tu_utf8_next(t, len, &j);
			base += j - i;
			i = j;
		}
		cuts = calloc(b->n_spans, sizeof *cuts);
		if (cuts == NULL) {
			st = fail(b, TERCUME_ENOMEM);
			goto out;
		}
		/* the coded start of the first unit and the end of the last;
		 * pairs that wrap the block (skeleton now) do not count */
		size_t m = m0;
		int base_depth = m0 > 0 ? marks[m0 - 1].depth : 0;
		for (size_t s = 0; s < b->n_spans; s++) {
			size_t pe = base + b->spans[s].end;
			size_t start, end;

			/* start: lo for the first; else set below */
			if (s == 0) {
				start = lo;
			} else
				start = cuts[s].start;
			/* markers strictly inside the sentence (or at its end,
			 * for the last) belong to it */
			while (m < b->n_codes && marks[m].coded < hi &&
			       (marks[m].plain < pe || (s + 1 == b->n_spans)))
				m++;
			if (s + 1 == b->n_spans) {
				end = hi;
			} else {
				/* the gap's markers: [m, g) have plain offsets in
				 * [pe, next start]; those wanting the sentence before
				 * come first */
				size_t ns = base + b->spans[s + 1].start, g = m, c;
				size_t coded_pe, coded_ns;

				while (g < b->n_codes && marks[g].plain <= ns)
					g++;
				c = m;
				while (c < g && (tu_kind_closes(b->codes[c].kind) ||
						 (b->codes[c].kind == TERCUME_RUN_STANDALONE &&
						  marks[c].plain == pe)))
					c++;
				/* coded offsets of plain pe (before its markers) and of
				 * plain ns (after its markers) */
				coded_pe = pe - base + lo;
				for (size_t q = m0; q < m; q++)
					coded_pe += TU_MARKER_LEN;
				coded_ns = ns - base + lo;
				for (size_t q = m0; q < g; q++)
					coded_ns += TU_MARKER_LEN;
				end = c > m ? marks[c - 1].coded + TU_MARKER_LEN : coded_pe;
				cuts[s + 1].start = c < g ? marks[c].coded : coded_ns;
				/* a pair still open here: no break */
				if ((c > 0 ? marks[c - 1].depth : 0) > base_depth)
					cuts[s + 1].start = (size_t)-1;
				m = c;
			}
			cuts[s].start = start;
			cuts[s].end = end;
		}
		/* join across the breaks that may not be, and snap to atomic
		 * pieces */
		n_cuts = 0;
		for (size_t s = 0; s < b->n_spans; s++) {
			size_t a = snap(b, cuts[s].start, false), e = snap(b, cuts[s].end, true);

			if (n_cuts > 0 && (cuts[s].start == (size_t)-1 || a < cuts[n_cuts - 1].end)) {
				cuts[n_cuts - 1].end = e > cuts[n_cuts - 1].end ? e : cuts[n_cuts - 1].end;
				continue;
			}
			cuts[n_cuts].start = a;
			cuts[n_cuts].end = e;
			n_cuts++;
		}
	}
	if (n_cuts == 0) {
		/* only markup: all of it is skeleton */
		tu_buf_append(&b->skel, b->src.data ? b->src.data : "", b->src.len);
		st = b->skel.failed ? fail(b, TERCUME_ENOMEM) : TERCUME_OK;
		goto out;
	}
	if (tu_doc_add_block(b->doc, b->role, b->block_line +
			     count_lines(b->src.data, src_of(b, cuts[0].start))) == (size_t)-1) {
		st = fail(b, TERCUME_ENOMEM);
		goto out;
	}
	first = 0;
	for (size_t s = 0; s < n_cuts && st == TERCUME_OK; s++) {
		while (first < b->n_codes && marks[first].coded < cuts[s].start)
			first++;
		st = add_unit(b, cuts[s].start, cuts[s].end, first, marks, &skel_src);
		if (st != TERCUME_OK)
			st = fail(b, st);
	}
	if (st == TERCUME_OK) {
		tu_buf_append(&b->skel, b->src.data + skel_src, b->src.len - skel_src);
		if (b->skel.failed)
			st = fail(b, TERCUME_ENOMEM);
	}
out:
	free(marks);
	free(cuts);
	tu_buf_free(&plain);
	return st;
}

tercume_status
tercume_doc_builder_end_block(tercume_doc_builder *b)
{
	tercume_status st;

	if (b->failed)
		return b->failed;
	if (!b->in_block)
		return usage(b, "end of a block that was not begun%s", NULL);
	st = segment_block(b);
	clear_block(b);
	return st;
}

tercume_status
tercume_doc_builder_finish(tercume_doc_builder *b, tercume_doc **out)
{
	tercume_status st;

	*out = NULL;
	if (b->failed == TERCUME_OK && b->in_block)
		usage(b, "the last block was not ended%s", NULL);
	st = b->failed;
	if (st == TERCUME_OK)
		st = tu_doc_set_tail(b->doc, b->skel.data ? b->skel.data : "", b->skel.len);
	if (st == TERCUME_OK && (st = tu_doc_index(b->doc)) == TERCUME_EINPUT)
		tu_error(b->rep, b->name, 0, 0, "duplicate unit ID");
	if (st == TERCUME_OK) {
		*out = b->doc;
		b->doc = NULL;
	}
	tercume_doc_builder_free(b);
	return st;
}
