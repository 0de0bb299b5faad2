/* document.c — the document model: blocks, sentence units, skeleton, IDs. */
#include "document.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static const char *const role_names[] = {
	[TERCUME_ROLE_PARAGRAPH] = "paragraph",
	[TERCUME_ROLE_HEADING] = "heading",
	[TERCUME_ROLE_BYLINE] = "byline",
	[TERCUME_ROLE_LABEL] = "label",
};

const char *
tercume_role_name(tercume_role role)
{
	if ((size_t)role < sizeof role_names / sizeof role_names[0])
		return role_names[role];
	return "?";
}

int
tercume_role_from_name(const char *name, tercume_role *role)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(name, role_names[i]) == 0) {
			*role = (tercume_role)i;
			return 0;
		}
	return -1;
}

static const char *const layout_names[] = {
	[TERCUME_LAYOUT_AUTO] = "auto",
	[TERCUME_LAYOUT_LINE] = "line",
	[TERCUME_LAYOUT_BLANK] = "blank",
};

const char *
tercume_layout_name(tercume_layout layout)
{
	if ((size_t)layout < sizeof layout_names / sizeof layout_names[0])
		return layout_names[layout];
	return "?";
}

int
tercume_layout_from_name(const char *name, tercume_layout *layout)
{
	for (size_t i = 0; i < sizeof layout_names / sizeof layout_names[0]; i++)
		if (strcmp(name, layout_names[i]) == 0) {
			*layout = (tercume_layout)i;
			return 0;
		}
	return -1;
}

/* ---- construction ---- */

tercume_doc *
tu_doc_new(const char *source_path, const char *lang, tercume_layout layout)
{
	tercume_doc *doc = calloc(1, sizeof *doc);

	if (doc == NULL)
		return NULL;
	doc->source_path = tu_strdup(source_path ? source_path : "");
	doc->source_lang = tu_strdup(lang ? lang : "en");
	doc->layout = layout;
	doc->tail = tu_strdup("");
	if (!doc->source_path || !doc->source_lang || !doc->tail) {
		tercume_doc_free(doc);
		return NULL;
	}
	return doc;
}

void
tercume_doc_free(tercume_doc *doc)
{
	if (doc == NULL)
		return;
	for (size_t i = 0; i < doc->n_units; i++)
		tu_codes_free(doc->units[i].codes, doc->units[i].n_codes);
	tu_arena_free(&doc->strings);
	free(doc->source);
	free(doc->folds);
	free(doc->units);
	free(doc->blocks);
	free(doc->source_path);
	free(doc->source_lang);
	free(doc->format);
	free(doc->tail);
	free(doc->id_slots);
	if (doc->map_owned)
		munmap((void *)doc->map, doc->map_len);
	free(doc);
}

char *
tu_doc_strndup(tercume_doc *doc, const char *s, size_t n)
{
	return tu_arena_strndup(&doc->strings, s, n);
}

void
tu_doc_own_source(tercume_doc *doc, char *data, size_t len)
{
	free(doc->source);
	doc->source = data;
	doc->source_len = len;
}

void
tu_doc_use_map(tercume_doc *doc, const char *map, size_t len, bool own)
{
	doc->map = map;
	doc->map_len = len;
	doc->map_owned = own;
	atomic_init(&doc->map_read, 0);
}

/* How many bytes are read from a document's map before its pages are let
 * go: what a read of its raw bytes adds to the process, a file page being
 * memory as long as it is mapped in. */
#define MAP_WINDOW ((size_t)512 << 10)

void
tu_doc_map_read(const tercume_doc *cdoc, size_t n)
{
	tercume_doc *doc = (tercume_doc *)cdoc;	/* the pages are a cache */

	if (atomic_fetch_add_explicit(&doc->map_read, n, memory_order_relaxed) + n < MAP_WINDOW)
		return;
	atomic_store_explicit(&doc->map_read, 0, memory_order_relaxed);
	madvise((void *)doc->map, doc->map_len, MADV_DONTNEED);
}

bool
tu_doc_raw_into(const tercume_doc *doc, const tu_unit *u, tu_buf *b)
{
	if (!tu_doc_raw_mapped(doc, u)) {
		tu_buf_append(b, u->raw, u->raw_len);
		return !b->failed;
	}
	if (!tu_buf_reserve(b, u->raw_len))
		return false;
	tu_unquote_to(b->data + b->len, u->raw, u->raw_len);
	b->len += u->raw_len;
	b->data[b->len] = '\0';
	tu_doc_map_read(doc, u->raw_len);
	return true;
}

bool
tu_doc_fold_into(const tercume_doc *doc, const tu_unit *u, tu_buf *b)
{
	size_t at = b->len;

	if (!tu_doc_raw_mapped(doc, u)) {
		if (!tu_buf_reserve(b, u->raw_len))
			return false;
		b->len += tu_fold_to(b->data + at, u->raw, u->raw_len);
		return true;
	}
	/* unescaped, then folded where it is (folding never lengthens) */
	if (!tu_doc_raw_into(doc, u, b))
		return false;
	b->len = at + tu_fold_to(b->data + at, b->data + at, u->raw_len);
	return true;
}

/* Bytes to keep for a unit: a pointer into the document's own source when
 * they lie in it, else a copy in the arena. */
static char *
doc_keep(tercume_doc *doc, const char *s, size_t n)
{
	uintptr_t a = (uintptr_t)s, lo = (uintptr_t)doc->source;

	if (doc->source != NULL && a >= lo && a - lo <= doc->source_len &&
	    n <= doc->source_len - (a - lo))
		return doc->source + (a - lo);
	return tu_arena_strndup(&doc->strings, s, n);
}

size_t
tu_doc_add_block(tercume_doc *doc, tercume_role role, unsigned long line)
{
	size_t ordinal = 1;

	if (doc->n_blocks == doc->cap_blocks) {
		size_t cap = doc->cap_blocks ? doc->cap_blocks * 2 : 32;
		tu_block *b = realloc(doc->blocks, cap * sizeof *b);
		if (b == NULL)
			return (size_t)-1;
		doc->blocks = b;
		doc->cap_blocks = cap;
	}
	if ((size_t)role < sizeof doc->role_count / sizeof doc->role_count[0])
		ordinal = ++doc->role_count[role];
	doc->blocks[doc->n_blocks] = (tu_block){ role, line, doc->n_units, 0, ordinal };
	return doc->n_blocks++;
}

tercume_status
tu_doc_add_unit(tercume_doc *doc, const char *id, const char *text, size_t text_len,
		const tercume_code *codes, size_t n_codes,
		const char *raw, size_t raw_len, const char *pre, size_t pre_len,
		unsigned long line)
{
	tu_block *blk;
	tu_unit *u;

	if (doc->n_blocks == 0)
		return TERCUME_EUSAGE;
	/* 32 bits in tu_unit: more than any input holds (TU_MAX_INPUT) */
	if (text_len > UINT32_MAX || raw_len > UINT32_MAX || pre_len > UINT32_MAX ||
	    n_codes > UINT32_MAX || doc->n_units >= UINT32_MAX)
		return TERCUME_ENOMEM;
	if (doc->n_units == doc->cap_units) {
		size_t cap = doc->cap_units ? doc->cap_units * 2 : 64;
		tu_unit *p = realloc(doc->units, cap * sizeof *p);
		if (p == NULL)
			return TERCUME_ENOMEM;
		doc->units = p;
		doc->cap_units = cap;
	}
	doc->digest_known = false;
	blk = &doc->blocks[doc->n_blocks - 1];
	u = &doc->units[doc->n_units];
	memset(u, 0, sizeof *u);
	u->id = tu_arena_strndup(&doc->strings, id, strlen(id));
	/* text NULL: raw folded, in doc->folds (tu_doc_reserve_folds) */
	u->text = text ? tu_arena_strndup(&doc->strings, text, text_len) : NULL;
	u->text_len = text_len;
	u->pre = doc_keep(doc, pre, pre_len);
	u->pre_len = pre_len;
	if (raw != NULL) {
		uintptr_t r = (uintptr_t)raw, lo = (uintptr_t)doc->map;

		/* left in the segments file, escaped (tu_doc_raw_into) */
		u->raw = doc->map && r >= lo && r - lo < doc->map_len ? (char *)raw
								      : doc_keep(doc, raw, raw_len);
		u->raw_len = raw_len;
	}
	u->block = doc->n_blocks - 1;
	u->sentence = blk->n_units;
	u->line = line;
	if (n_codes > 0 && tu_codes_dup(&u->codes, codes, n_codes) == TERCUME_OK)
		u->n_codes = n_codes;
	if (!u->id || (text && !u->text) || (!text && !raw) || !u->pre || (raw && !u->raw) ||
	    u->n_codes != n_codes) {
		/* the strings stay in the arena until the document goes */
		tu_codes_free(u->codes, u->n_codes);
		return TERCUME_ENOMEM;
	}
	blk->n_units++;
	doc->n_units++;
	return TERCUME_OK;
}

tercume_status
tu_doc_reserve_folds(tercume_doc *doc)
{
	size_t total = 0, at = 0;

	for (size_t i = 0; i < doc->n_units; i++)
		if (doc->units[i].text == NULL)	/* folding never lengthens */
			total += doc->units[i].raw_len + 1;
	if (total == 0 || doc->folds != NULL)
		return TERCUME_OK;
	/* Not written here: its pages take memory only once tu_doc_texts
	 * writes them. */
	doc->folds = malloc(total);
	if (doc->folds == NULL)
		return TERCUME_ENOMEM;
	doc->folds_len = total;
	for (size_t i = 0; i < doc->n_units; i++) {
		tu_unit *u = &doc->units[i];

		if (u->text == NULL) {
			u->text = doc->folds + at;
			at += u->raw_len + 1;
		}
	}
	atomic_init(&doc->folds_made, false);
	return TERCUME_OK;
}

static bool
is_blank_byte(char c)
{
	return c == ' ' || c == '\t';
}

/* Writes raw[0, len) folded as tu_fold_breaks folds it, and a NUL, to out
 * (room for len + 1 bytes); returns the folded length.  out may be raw:
 * what is written never overtakes what is read. */
size_t
tu_fold_to(char *out, const char *raw, size_t len)
{
	return tu_fold_to_any(out, raw, len, NULL);
}

size_t
tu_fold_to_any(char *out, const char *raw, size_t len, bool *folded)
{
	size_t i = 0, o = 0;
	/* the first carriage return from i on: looked for once, not on
	 * every line (memchr's cost is mostly its call on short lines) */
	const char *cr = memchr(raw, '\r', len);

	if (folded)
		*folded = false;
	while (i < len) {
		const char *nl;
		size_t end;

		if (raw[i] == '\n' || raw[i] == '\r') {
			while (o > 0 && is_blank_byte(out[o - 1]))
				o--;
			while (i < len && (raw[i] == '\n' || raw[i] == '\r' || is_blank_byte(raw[i])))
				i++;
			out[o++] = ' ';
			if (folded)
				*folded = true;
			continue;
		}
		/* the rest of the line at once: to a line feed, or a carriage
		 * return before it */
		nl = memchr(raw + i, '\n', len - i);
		end = nl ? (size_t)(nl - raw) : len;
		if (cr != NULL && cr < raw + i)
			cr = memchr(raw + i, '\r', len - i);
		if (cr != NULL && cr < raw + end)
			end = (size_t)(cr - raw);
		memmove(out + o, raw + i, end - i);
		o += end - i;
		i = end;
	}
	out[o] = '\0';
	return o;
}

/* One lock for every document: each makes its texts once. */
static pthread_mutex_t folds_lock = PTHREAD_MUTEX_INITIALIZER;

void
tu_doc_texts(const tercume_doc *cdoc)
{
	tercume_doc *doc = (tercume_doc *)cdoc;	/* folds is a cache */
	if (tu_doc_texts_made(doc))
		return;
	pthread_mutex_lock(&folds_lock);
	if (!atomic_load_explicit(&doc->folds_made, memory_order_relaxed)) {
		for (size_t i = 0; i < doc->n_units; i++) {
			tu_unit *u = &doc->units[i];

			if (!tu_doc_text_pending(doc, u))
				continue;
			if (tu_doc_raw_mapped(doc, u)) {
				/* unescaped where its text goes, then folded
				 * there */
				tu_unquote_to(u->text, u->raw, u->raw_len);
				tu_fold_to(u->text, u->text, u->raw_len);
				tu_doc_map_read(doc, u->raw_len);
			} else
				tu_fold_to(u->text, u->raw, u->raw_len);
		}
		atomic_store_explicit(&doc->folds_made, true, memory_order_release);
	}
	pthread_mutex_unlock(&folds_lock);
}

tercume_status
tu_doc_set_format(tercume_doc *doc, const char *format)
{
	char *f = NULL;

	if (format && *format && strcmp(format, "text") != 0 && (f = tu_strdup(format)) == NULL)
		return TERCUME_ENOMEM;
	free(doc->format);
	doc->format = f;
	return TERCUME_OK;
}

const char *
tercume_doc_format(const tercume_doc *doc)
{
	return doc->format ? doc->format : "text";
}

void
tu_doc_escape_text(const tercume_doc *doc, tu_buf *b, const char *s, size_t n)
{
	const char *f = doc->format;
	size_t run = 0;

	if (f != NULL && strcmp(f, "markdown") == 0) {
		tu_markdown_escape(b, s, n);
		return;
	}
	if (f == NULL || !(strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0 ||
			   strcmp(f, "xml") == 0)) {
		tu_buf_append(b, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
				  s[i] == '>' ? "&gt;" : NULL;
		if (rep == NULL)
			continue;
		tu_buf_append(b, s + run, i - run);
		tu_buf_puts(b, rep);
		run = i + 1;
	}
	tu_buf_append(b, s + run, n - run);
}

void
tu_doc_escape_unit_text(const tercume_doc *doc, size_t i, tu_buf *b, const char *s, size_t n)
{
	const char *f = doc->format;
	const tu_unit *u = &doc->units[i];

	/* u->raw as it is: a marked-up document's raw bytes are never left in
	 * its map (segments.c keeps a plain article's only) */
	if (f != NULL && strcmp(f, "markdown") == 0) {
		tu_markdown_escape_as_source(b, s, n, u->raw, u->raw_len);
		return;
	}
	if (f == NULL || !(strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0)) {
		tu_doc_escape_text(doc, b, s, n);
		return;
	}
	/* the HTML reader's attribute values are its "label" blocks */
	tu_html_escape_as_source(b, s, n, u->raw, u->raw_len,
				 doc->blocks[u->block].role == TERCUME_ROLE_LABEL);
}

tercume_status
tu_doc_unit_source(const tercume_doc *doc, size_t i, tu_buf *b)
{
	const tu_unit *u = &doc->units[i];

	if (u->raw == NULL && u->n_codes)
		return tu_rich_render_into(b, u->text, u->text_len, u->codes, u->n_codes,
					   TERCUME_RENDER_DATA);
	if (u->raw)
		tu_doc_raw_into(doc, u, b);
	else
		tu_buf_append(b, u->text, u->text_len);
	return b->failed ? TERCUME_ENOMEM : TERCUME_OK;
}

bool
tu_doc_unit_inner(const tercume_doc *doc, size_t i)
{
	const tu_unit *u = &doc->units[i];

	return u->raw != NULL && u->raw_len == 0 && u->text_len > 0;
}

void
tu_doc_set_digest(tercume_doc *doc, uint64_t h, size_t size)
{
	doc->digest = h;
	doc->digest_size = size;
	doc->digest_known = true;
}

tercume_status
tu_doc_set_tail(tercume_doc *doc, const char *tail, size_t len)
{
	char *t = tu_strndup(tail, len);

	doc->digest_known = false;
	if (t == NULL)
		return TERCUME_ENOMEM;
	free(doc->tail);
	doc->tail = t;
	doc->tail_len = len;
	return TERCUME_OK;
}

/* The ID index borrows its keys from the units: a slot is 4 bytes, where a
 * tu_map's is 24 and a copy of the key (issue 15). */
tercume_status
tu_doc_index(tercume_doc *doc)
{
	size_t cap = 16, mask;

	free(doc->id_slots);
	doc->id_slots = NULL;
	doc->id_cap = 0;
	if (doc->n_units >= UINT32_MAX)
		return TERCUME_ENOMEM;
	while (cap < doc->n_units * 2)
		cap *= 2;
	doc->id_slots = calloc(cap, sizeof *doc->id_slots);
	if (doc->id_slots == NULL)
		return TERCUME_ENOMEM;
	doc->id_cap = cap;
	mask = cap - 1;
	for (size_t i = 0; i < doc->n_units; i++) {
		const char *id = doc->units[i].id;
		size_t k = (size_t)tu_hash64(id, strlen(id)) & mask;

		for (; doc->id_slots[k] != 0; k = (k + 1) & mask)
			if (strcmp(doc->units[doc->id_slots[k] - 1].id, id) == 0)
				return TERCUME_EINPUT;
		doc->id_slots[k] = (uint32_t)i + 1;
	}
	return TERCUME_OK;
}

/* ---- accessors ---- */

const char *tercume_doc_source_path(const tercume_doc *doc) { return doc->source_path; }
const char *tercume_doc_source_lang(const tercume_doc *doc) { return doc->source_lang; }
tercume_layout tercume_doc_layout(const tercume_doc *doc) { return doc->layout; }
size_t tercume_doc_unit_count(const tercume_doc *doc) { return doc->n_units; }
size_t tercume_doc_block_count(const tercume_doc *doc) { return doc->n_blocks; }

static void
unit_info(const tercume_doc *doc, size_t i, tercume_unit_info *info)
{
	const tu_unit *u = &doc->units[i];
	const tu_block *blk = &doc->blocks[u->block];

	info->id = u->id;
	info->text = u->text;
	info->block = u->block;
	info->sentence = u->sentence;
	info->line = u->line;
	info->role = blk->role;
	info->codes = u->n_codes ? u->codes : NULL;
	info->n_codes = u->n_codes;
	info->place.role = blk->role;
	info->place.ordinal = blk->ordinal;
	info->place.sentence = blk->n_units > 1 ? u->sentence + 1 : 0;
}

void
tercume_doc_unit(const tercume_doc *doc, size_t i, tercume_unit_info *info)
{
	tu_doc_texts(doc);
	unit_info(doc, i, info);
}

tercume_status
tu_doc_unit_folding(const tercume_doc *doc, size_t i, tercume_unit_info *info, tu_buf *scratch)
{
	const tu_unit *u = &doc->units[i];

	unit_info(doc, i, info);
	if (!tu_doc_text_pending(doc, u))
		return TERCUME_OK;
	info->text = NULL;
	if (scratch == NULL)
		return TERCUME_OK;
	scratch->len = 0;
	if (!tu_doc_fold_into(doc, u, scratch))
		return TERCUME_ENOMEM;
	info->text = scratch->data;
	return TERCUME_OK;
}

void
tercume_doc_block(const tercume_doc *doc, size_t k, tercume_block_info *info)
{
	const tu_block *blk = &doc->blocks[k];

	info->role = blk->role;
	info->line = blk->line;
	info->first_unit = blk->first_unit;
	info->n_units = blk->n_units;
	info->ordinal = blk->ordinal;
}

const char *
tercume_doc_unit_skeleton(const tercume_doc *doc, size_t i, size_t *len)
{
	*len = doc->units[i].pre_len;
	return doc->units[i].pre;
}

char *
tercume_place_format(const tercume_place *place, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	if (place->ordinal == 0)
		buf[0] = '\0';
	else if (place->sentence > 0)
		snprintf(buf, size, "%s %zu, sentence %zu", tercume_role_name(place->role),
			 place->ordinal, place->sentence);
	else
		snprintf(buf, size, "%s %zu", tercume_role_name(place->role), place->ordinal);
	return buf;
}

/* A positive decimal number without leading zeros at *p; moves *p past it. */
static bool
read_number(const char **p, size_t *v)
{
	size_t x = 0;
	const char *q = *p;

	if (*q < '1' || *q > '9')
		return false;
	for (; *q >= '0' && *q <= '9'; q++) {
		if (x > ((size_t)-1 - 9) / 10)
			return false;
		x = x * 10 + (size_t)(*q - '0');
	}
	*v = x;
	*p = q;
	return true;
}

int
tercume_place_parse(const char *s, tercume_place *place)
{
	tercume_place pl = { TERCUME_ROLE_PARAGRAPH, 0, 0 };
	size_t n = strcspn(s, " ");
	char role[16];
	const char *p;

	place->ordinal = 0;
	if (n == 0 || n >= sizeof role || s[n] != ' ')
		return -1;
	memcpy(role, s, n);
	role[n] = '\0';
	if (tercume_role_from_name(role, &pl.role) != 0)
		return -1;
	p = s + n + 1;
	if (!read_number(&p, &pl.ordinal))
		return -1;
	if (strncmp(p, ", sentence ", 11) == 0) {
		p += 11;
		if (!read_number(&p, &pl.sentence))
			return -1;
	}
	if (*p != '\0' && *p != '\n')	/* a second line says more (an attribute's) */
		return -1;
	*place = pl;
	return 0;
}

size_t
tercume_doc_find(const tercume_doc *doc, const char *id)
{
	size_t mask, k;

	if (doc->id_slots == NULL)
		return (size_t)-1;
	mask = doc->id_cap - 1;
	for (k = (size_t)tu_hash64(id, strlen(id)) & mask; doc->id_slots[k] != 0;
	     k = (k + 1) & mask)
		if (strcmp(doc->units[doc->id_slots[k] - 1].id, id) == 0)
			return doc->id_slots[k] - 1;
	return (size_t)-1;
}

char *
tercume_doc_unit_context(const tercume_doc *doc, size_t i, char *buf, size_t size)
{
	tercume_unit_info u;

	/* its place only: not every text of the document made for it (a
	 * merge's report of a unit kept in English, issue 15) */
	unit_info(doc, i, &u);
	return tercume_place_format(&u.place, buf, size);
}

/* Was block b hard-wrapped in the source (a line break inside a sentence
 * or between two of its sentences)? */
static bool
block_wrapped(const tercume_doc *doc, const tu_block *blk)
{
	for (size_t i = blk->first_unit; i < blk->first_unit + blk->n_units; i++) {
		const tu_unit *u = &doc->units[i];
		if (u->raw || (i > blk->first_unit && memchr(u->pre, '\n', u->pre_len)))
			return true;
	}
	return false;
}

/* The next code point of s[*i, n) (valid UTF-8). */
static UChar32
next_char(const char *s, size_t n, size_t *i)
{
	return tu_utf8_next(s, n, i);	/* the library's one decoder */
}

/* The column after s[0, n) (no line break in it) from column col. */
static unsigned
advance(unsigned col, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		UChar32 c = next_char(s, n, &i);
		col = c == '\t' ? (col / 8 + 1) * 8 : col + tu_char_columns(c);
	}
	return col;
}

static bool
is_hspace(char c)
{
	return c == ' ' || c == '\t';
}

/* The shape of a block's source, in columns, indentation included. */
typedef struct shape {
	tu_buf src;		/* its lines, from the start of the first one */
	unsigned width;		/* where its widest line ends */
	unsigned first;		/* where the text of its first line starts */
	unsigned end;		/* where its first line ends */
	const char *indent;	/* the indentation of its second line (in src) */
	size_t indent_len;
	unsigned indent_cols;
	bool crlf;		/* its lines end in CRLF */
	size_t lines;
} shape;

static tercume_status
block_shape(const tercume_doc *doc, const tu_block *blk, shape *sh)
{
	const tu_unit *f = &doc->units[blk->first_unit];
	size_t from = f->pre_len;
	const char *p, *e;

	memset(sh, 0, sizeof *sh);
	sh->src = (tu_buf)TU_BUF_INIT;
	while (from > 0 && f->pre[from - 1] != '\n')
		from--;
	tu_buf_append(&sh->src, f->pre + from, f->pre_len - from);
	/* The first line's text starts after its indentation, or after its
	 * list item's bullet, both skeleton. */
	sh->first = advance(0, f->pre + from, f->pre_len - from);
	for (size_t i = blk->first_unit; i < blk->first_unit + blk->n_units; i++) {
		const tu_unit *u = &doc->units[i];

		if (i > blk->first_unit)
			tu_buf_append(&sh->src, u->pre, u->pre_len);
		if (u->raw)
			tu_doc_raw_into(doc, u, &sh->src);
		else
			tu_buf_append(&sh->src, u->text, u->text_len);
	}
	if (sh->src.failed)
		return TERCUME_ENOMEM;
	p = sh->src.data ? sh->src.data : "";
	e = p + sh->src.len;
	sh->indent = "";
	for (;;) {
		const char *q = memchr(p, '\n', (size_t)(e - p));
		size_t n = q ? (size_t)(q - p) : (size_t)(e - p), lead = 0;
		unsigned col;

		if (q && n > 0 && p[n - 1] == '\r')
			sh->crlf = true;
		while (n > 0 && (is_hspace(p[n - 1]) || p[n - 1] == '\r'))
			n--;
		while (lead < n && is_hspace(p[lead]))
			lead++;
		col = advance(0, p, lead);
		if (sh->lines == 1) {
			sh->indent = p;
			sh->indent_len = lead;
			sh->indent_cols = col;
		}
		col = advance(col, p + lead, n - lead);
		if (sh->lines == 0)
			sh->end = col;
		if (col > sh->width)
			sh->width = col;
		sh->lines++;
		if (q == NULL)
			break;
		p = q + 1;
	}
	return TERCUME_OK;
}

/* The end of u[from, to) without its trailing white space. */
static int32_t
trim_end(const UChar *u, int32_t from, int32_t to)
{
	while (to > from && u_isUWhiteSpace(u[to - 1]))
		to--;
	return to;
}

/* Do lines break between c and d in a script written without spaces
 * (Chinese, Japanese, Thai, …)?  Anywhere else they break at spaces only,
 * so that no URL, e-mail address, path or hyphenated word is cut. */
static bool
spaceless(UChar32 c)
{
	switch (u_getIntPropertyValue(c, UCHAR_LINE_BREAK)) {
	case U_LB_IDEOGRAPHIC:
	case U_LB_CONDITIONAL_JAPANESE_STARTER:
	case U_LB_COMPLEX_CONTEXT:
	case U_LB_H2:
	case U_LB_H3:
	case U_LB_JL:
	case U_LB_JV:
	case U_LB_JT:
		return true;
	default:
		return false;
	}
}

static unsigned
columns16(const UChar *u, int32_t from, int32_t to, unsigned col)
{
	for (int32_t i = from; i < to;) {
		UChar32 c;
		U16_NEXT(u, i, to, c);
		col = c == '\t' ? (col / 8 + 1) * 8 : col + tu_char_columns(c);
	}
	return col;
}

/* What the wrapping of one rendering reuses from paragraph to paragraph:
 * one ICU line-break iterator (opening one costs more than wrapping a
 * paragraph) and the UTF-16 buffer. */
typedef struct wrapper {
	UBreakIterator *bi;
	UChar *u16;
	int32_t cap;
} wrapper;

static void
wrapper_free(wrapper *w)
{
	if (w->bi != NULL)
		ubrk_close(w->bi);
	free(w->u16);
}

/* Appends text wrapped so that no line ends past column width, the first
 * line starting at column first, the next ones after indent (indent_cols
 * columns).  Lines break at spaces only (and between the characters of a
 * script written without spaces), where ICU's line breaking allows; a
 * word longer than the room gets a line of its own. */
static tercume_status
wrap(wrapper *w, tu_buf *b, const char *text, unsigned width, unsigned first, bool crlf,
     const char *indent, size_t indent_len, unsigned indent_cols)
{
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *bi;
	UChar *u16;
	int32_t n16 = 0, from, to, line_from;
	unsigned col = first, line_start = first;
	tercume_status st = tu_utf16_into(text, -1, &w->u16, &w->cap, &n16);

	if (st != TERCUME_OK)
		return st;
	u16 = w->u16;
	if (w->bi == NULL)
		w->bi = ubrk_open(UBRK_LINE, NULL, u16, n16, &err);
	else
		ubrk_setText(w->bi, u16, n16, &err);
	if (U_FAILURE(err))
		return TERCUME_ENOMEM;
	bi = w->bi;
	line_from = from = ubrk_first(bi);
	for (to = ubrk_next(bi); to != UBRK_DONE; to = ubrk_next(bi)) {
		unsigned end;

		if (to < n16) {
			UChar32 before, after;
			int32_t k = to;

			U16_PREV(u16, 0, k, before);
			k = to;
			U16_GET(u16, 0, k, n16, after);
			if (!u_isUWhiteSpace(before) && !spaceless(before) && !spaceless(after))
				continue;	/* no break inside a word */
		}
		end = columns16(u16, from, trim_end(u16, from, to), col);
		if (col > line_start && end > width) {
			/* End the line before this piece. */
			tu_buf_append_utf16(b, u16 + line_from, trim_end(u16, line_from, from) - line_from);
			tu_buf_puts(b, crlf ? "\r\n" : "\n");
			tu_buf_append(b, indent, indent_len);
			line_from = from;
			col = line_start = indent_cols;
		}
		col = columns16(u16, from, to, col);
		from = to;
	}
	tu_buf_append_utf16(b, u16 + line_from, trim_end(u16, line_from, n16) - line_from);
	return b->failed ? TERCUME_ENOMEM : TERCUME_OK;
}

/* An underline to fit to its translated heading: the line after the
 * heading in the next skeleton, if it is a rule as wide as the heading's
 * source was. */
typedef struct underline {
	bool pending;
	unsigned from_cols, to_cols;	/* the heading's text, source and translated */
	unsigned src_end, new_end;	/* the columns where it ends */
} underline;

/* Appends skeleton s[0, n), with the underline of the heading before it
 * fitted to the heading's translation. */
static void
put_skeleton(tu_buf *b, const char *s, size_t n, underline *ul)
{
	size_t i = 0, k;

	if (ul->pending) {
		ul->pending = false;
		/* What follows the text on its line (a box's frame) stays at
		 * its column, a space after the text at least. */
		while (i < n && is_hspace(s[i]))
			i++;
		if (i > 0 && i < n && s[i] != '\n' && s[i] != '\r') {
			unsigned at = advance(ul->src_end, s, i);

			for (unsigned c = ul->new_end; c == ul->new_end || c < at; c++)
				tu_buf_putc(b, ' ');
			tu_buf_append(b, s + i, n - i);
			return;
		}
		i = 0;
		if (i < n && s[i] == '\r')
			i++;
		if (i < n && s[i] == '\n') {
			i++;
			while (i < n && is_hspace(s[i]))
				i++;
			k = i;
			while (k < n && s[k] == s[i] && s[i] != '\0' && strchr("=-~^*#_+", s[i]))
				k++;
			/* The whole line is the rule, as wide as the heading. */
			if (k > i && k - i == ul->from_cols && (k == n || s[k] == '\n' || s[k] == '\r')) {
				tu_buf_append(b, s, i);
				for (unsigned c = 0; c < ul->to_cols; c++)
					tu_buf_putc(b, s[i]);
				tu_buf_append(b, s + k, n - k);
				return;
			}
		}
	}
	tu_buf_append(b, s, n);
}

/* The centred lines of the source, from the source rendered twice a
 * piece at a time (issue 15: a table of the article's lines was merge's
 * largest allocation as it rendered). */
static tercume_status doc_render(const tercume_doc *doc, const char *const *replacement,
				 tu_buf *bp, tu_out *out);

static tercume_status
source_centred(const tercume_doc *doc, tu_centred **out)
{
	tu_centred *c = tu_centred_new();
	tercume_status st = c ? TERCUME_OK : TERCUME_ENOMEM;

	for (int pass = 0; pass < 2 && st == TERCUME_OK; pass++) {
		tu_out o;

		tu_out_sink(&o, tu_centred_feed, c);
		st = tu_doc_render_out(doc, NULL, &o);
		st = tu_out_close(&o, st, NULL);
		if (st == TERCUME_OK)
			st = tu_centred_pass(c);
	}
	if (st != TERCUME_OK) {
		tu_centred_free(c);
		c = NULL;
	}
	*out = c;
	return st;
}

/* How much of the rendering is held before it goes to a tu_out. */
#define RENDER_CHUNK ((size_t)1 << 16)

/* The rendering into b; with out, written there as it goes (b then holds
 * what is left to write: less than a block and RENDER_CHUNK). */
static tercume_status
doc_render(const tercume_doc *doc, const char *const *replacement, tu_buf *bp, tu_out *out)
{
	tu_buf b = *bp;
	tercume_status st = TERCUME_OK;
	tu_centred *centred = NULL;
	underline ul = { false, 0, 0, 0, 0 };
	wrapper w = { NULL, NULL, 0 };
	bool any = false;

	for (size_t i = 0; replacement && i < doc->n_units && !any; i++)
		any = replacement[i] != NULL;
	/* The layout of a text of paragraphs, to keep its centred lines
	 * centred (doc/merge.md, "Layout"). */
	if (any && doc->layout == TERCUME_LAYOUT_BLANK)
		st = source_centred(doc, &centred);
	for (size_t k = 0; k < doc->n_blocks && st == TERCUME_OK; k++) {
		const tu_block *blk = &doc->blocks[k];
		size_t first = blk->first_unit, end = first + blk->n_units;
		bool replaced = false, wrapped;
		shape sh;

		/* the blocks so far to the file: the edition is never held
		 * whole (issue 15) */
		if (out && b.len >= RENDER_CHUNK && !b.failed) {
			tu_out_write(out, b.data, b.len);
			b.len = 0;
		}

		for (size_t i = first; replacement && i < end; i++)
			replaced |= replacement[i] != NULL;
		if (!replaced || doc->layout != TERCUME_LAYOUT_BLANK) {
			for (size_t i = first; i < end && st == TERCUME_OK; i++) {
				const tu_unit *u = &doc->units[i];

				put_skeleton(&b, u->pre, u->pre_len, &ul);
				/* an attribute inside a code has its bytes there */
				if (replacement && replacement[i] && !(u->raw && u->raw_len == 0))
					tu_buf_puts(&b, replacement[i]);
				else if (u->raw)
					tu_doc_raw_into(doc, u, &b);
				else if (u->n_codes)	/* the text with each code's data */
					st = tu_rich_render_into(&b, u->text, u->text_len, u->codes,
								 u->n_codes, TERCUME_RENDER_DATA);
				else
					tu_buf_append(&b, u->text, u->text_len);
			}
			continue;
		}
		wrapped = block_wrapped(doc, blk);
		st = block_shape(doc, blk, &sh);
		if (st == TERCUME_OK) {
			/* The block's text in the edition, on one line: a
			 * line break between two sentences becomes a space. */
			tu_buf para = TU_BUF_INIT;
			const tu_unit *f = &doc->units[first];
			size_t keep = f->pre_len;
			unsigned first_col = sh.first, cols;

			for (size_t i = first; i < end; i++) {
				const tu_unit *u = &doc->units[i];

				if (i > first && memchr(u->pre, '\n', u->pre_len) == NULL)
					tu_buf_append(&para, u->pre, u->pre_len);
				else if (i > first)
					tu_buf_putc(&para, ' ');
				if (replacement[i])
					tu_buf_puts(&para, replacement[i]);
				else if (tu_doc_text_pending(doc, u)) {
					/* folded here: the document's texts are
					 * not all made for an edition */
					tu_doc_fold_into(doc, u, &para);
				} else
					tu_buf_append(&para, u->text, u->text_len);
			}
			if (para.failed)
				st = TERCUME_ENOMEM;
			cols = st == TERCUME_OK ? advance(0, para.data ? para.data : "", para.len) : 0;
			/* A centred line stays centred: around the same middle. */
			if (!wrapped && tu_centred_line(centred, blk->line)) {
				unsigned twice = sh.first + sh.end;

				while (keep > 0 && is_hspace(f->pre[keep - 1]))
					keep--;
				first_col = twice > cols ? (twice - cols) / 2 : 0;
			}
			put_skeleton(&b, f->pre, keep, &ul);
			if (keep < f->pre_len) {
				size_t nl = keep;

				while (nl > 0 && f->pre[nl - 1] != '\n')
					nl--;
				for (unsigned c = advance(0, f->pre + nl, keep - nl); c < first_col; c++)
					tu_buf_putc(&b, ' ');
			}
			if (st == TERCUME_OK && wrapped)
				st = wrap(&w, &b, para.data ? para.data : "", sh.width, sh.first,
					  sh.crlf, sh.indent, sh.indent_len, sh.indent_cols);
			else if (st == TERCUME_OK) {
				tu_buf_append(&b, para.data ? para.data : "", para.len);
				/* Its underline, if it has one, is made as wide. */
				ul.pending = true;
				ul.from_cols = sh.end - sh.first;
				ul.to_cols = cols;
				ul.src_end = sh.end;
				ul.new_end = first_col + cols;
			}
			tu_buf_free(&para);
		}
		tu_buf_free(&sh.src);
	}
	if (st == TERCUME_OK)
		put_skeleton(&b, doc->tail, doc->tail_len, &ul);
	wrapper_free(&w);
	tu_centred_free(centred);
	*bp = b;
	if (st == TERCUME_OK && b.failed)
		st = TERCUME_ENOMEM;
	return st;
}

tercume_status
tercume_doc_render(const tercume_doc *doc, const char *const *replacement,
		   char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	tercume_status st = doc_render(doc, replacement, &b, NULL);

	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, out, out_len);
}

tercume_status
tu_doc_render_out(const tercume_doc *doc, const char *const *replacement, tu_out *out)
{
	tu_buf b = TU_BUF_INIT;
	tercume_status st = doc_render(doc, replacement, &b, out);

	if (st == TERCUME_OK && b.len > 0)
		tu_out_write(out, b.data, b.len);
	tu_buf_free(&b);
	return st;
}

/* ---- text helpers ---- */

char *
tu_fold_breaks(const char *raw, size_t len, size_t *out_len)
{
	char *res;

	if (memchr(raw, '\n', len) == NULL && memchr(raw, '\r', len) == NULL)
		return NULL;
	/* folding never lengthens */
	if ((res = malloc(len + 1)) == NULL)
		return NULL;
	*out_len = tu_fold_to(res, raw, len);
	return res;
}

/* ---- IDs ---- */

/* The 32 bits of the unit hash of text[0, len) (tercume_unit_hash). */
static tercume_status
unit_hash32(const char *text, size_t len, uint32_t *out, tu_hash_along *al)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	tu_buf u8 = TU_BUF_INIT;
	UChar *u16 = NULL, *norm = NULL;
	int32_t n16 = 0, nnorm;
	tercume_status st = TERCUME_OK;
	size_t ascii = 0;
	uint64_t h;

	if (U_FAILURE(err) || len > INT32_MAX / 4)
		return TERCUME_EUSAGE;
	/* ASCII is NFC as it stands: no UTF-16 round trip (a tenth of the
	 * time of 'tercume segment' on English prose, bench/RESULTS.md). */
	for (uint64_t w; len - ascii >= 8; ascii += 8) {	/* eight bytes a step */
		memcpy(&w, text + ascii, 8);
		if (w & 0x8080808080808080ull)
			break;
	}
	while (ascii < len && (unsigned char)text[ascii] < 0x80)
		ascii++;
	if (ascii == len) {
		h = al ? tu_hash64_pair(text, len, &al->h, al->s, al->n) : tu_hash64(text, len);
		goto done;
	}
	st = tu_utf16_from_utf8(text, (int32_t)len, &u16, &n16);
	if (st != TERCUME_OK)
		return st;
	if (unorm2_quickCheck(nfc, u16, n16, &err) == UNORM_YES && U_SUCCESS(err)) {
		h = al ? tu_hash64_pair(text, len, &al->h, al->s, al->n) : tu_hash64(text, len);
		goto done;
	}
	err = U_ZERO_ERROR;
	nnorm = unorm2_normalize(nfc, u16, n16, NULL, 0, &err);
	err = U_ZERO_ERROR;
	norm = malloc(((size_t)nnorm + 1) * sizeof *norm);
	if (norm == NULL) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	unorm2_normalize(nfc, u16, n16, norm, nnorm + 1, &err);
	if (U_FAILURE(err)) {
		st = TERCUME_EINPUT;
		goto out;
	}
	tu_buf_append_utf16(&u8, norm, nnorm);
	if (u8.failed) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	h = tu_hash64(u8.data ? u8.data : "", u8.len);
	if (al)
		al->h = tu_hash64_more(al->h, al->s, al->n);
done:
	*out = (uint32_t)(h & 0xffffffffu);
out:
	free(u16);
	free(norm);
	tu_buf_free(&u8);
	return st;
}

/* "%08x" of h without snprintf (a third of the hashing's time, issue 15). */
static void
hex8(char out[9], uint32_t h)
{
	for (int i = 7; i >= 0; i--, h >>= 4)
		out[i] = "0123456789abcdef"[h & 0xf];
	out[8] = '\0';
}

tercume_status
tercume_unit_hash(const char *text, size_t len, char out[9])
{
	uint32_t h;
	tercume_status st = unit_hash32(text, len, &h, NULL);

	if (st == TERCUME_OK)
		hex8(out, h);
	return st;
}

/* The times each hash was seen: a unit's ID is its hash, "-N" after it
 * for the Nth unit with that hash.  The hash is 32 bits, so a slot is the
 * hash and its count (0: empty), 8 bytes where a tu_map slot and its key
 * took 56 (issue 15). */
typedef struct idslot {
	uint32_t hash, count;
} idslot;

struct tu_idgen {
	idslot *slots;
	size_t cap, n;	/* cap: a power of two */
};

tu_idgen *
tu_idgen_new(void)
{
	tu_idgen *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->cap = 64;
	g->slots = calloc(g->cap, sizeof *g->slots);
	if (g->slots == NULL) {
		free(g);
		return NULL;
	}
	return g;
}

void
tu_idgen_free(tu_idgen *g)
{
	if (g == NULL)
		return;
	free(g->slots);
	free(g);
}

/* The slot of hash h in slots (cap of them), or the empty one where it
 * goes.  The hash is mixed first: the low bits of nearby hashes. */
static idslot *
idslot_find(idslot *slots, size_t cap, uint32_t h)
{
	size_t mask = cap - 1, k = (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 32) & mask;

	while (slots[k].count != 0 && slots[k].hash != h)
		k = (k + 1) & mask;
	return &slots[k];
}

tercume_status
tu_idgen_next(tu_idgen *g, const char *text, size_t len, char out[24])
{
	return tu_idgen_next_along(g, text, len, out, NULL);
}

tercume_status
tu_idgen_next_along(tu_idgen *g, const char *text, size_t len, char out[24], tu_hash_along *al)
{
	char hash[9];
	uint32_t h;
	tercume_status st = unit_hash32(text, len, &h, al);
	idslot *s;

	if (st != TERCUME_OK)
		return st;
	s = idslot_find(g->slots, g->cap, h);
	if (s->count == 0 && (g->n + 1) * 2 > g->cap) {
		size_t cap = g->cap * 2;
		idslot *slots = calloc(cap, sizeof *slots);

		if (slots == NULL)
			return TERCUME_ENOMEM;
		for (size_t i = 0; i < g->cap; i++)
			if (g->slots[i].count != 0)
				*idslot_find(slots, cap, g->slots[i].hash) = g->slots[i];
		free(g->slots);
		g->slots = slots;
		g->cap = cap;
		s = idslot_find(g->slots, g->cap, h);
	}
	if (s->count == 0) {
		s->hash = h;
		g->n++;
	}
	if (s->count == UINT32_MAX)
		return TERCUME_ENOMEM;
	hex8(hash, h);
	if (++s->count == 1)
		memcpy(out, hash, 9);
	else
		snprintf(out, 24, "%s-%lu", hash, (unsigned long)s->count);
	return TERCUME_OK;
}
