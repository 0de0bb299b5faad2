/* document.c — the document model: blocks, sentence units, skeleton, IDs. */
#include "document.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
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
	for (size_t i = 0; i < doc->n_units; i++) {
		free(doc->units[i].id);
		free(doc->units[i].text);
		tu_codes_free(doc->units[i].codes, doc->units[i].n_codes);
		free(doc->units[i].raw);
		free(doc->units[i].pre);
	}
	free(doc->units);
	free(doc->blocks);
	free(doc->source_path);
	free(doc->source_lang);
	free(doc->format);
	free(doc->tail);
	tu_map_free(doc->id_index);
	free(doc);
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
	if (doc->n_units == doc->cap_units) {
		size_t cap = doc->cap_units ? doc->cap_units * 2 : 64;
		tu_unit *p = realloc(doc->units, cap * sizeof *p);
		if (p == NULL)
			return TERCUME_ENOMEM;
		doc->units = p;
		doc->cap_units = cap;
	}
	blk = &doc->blocks[doc->n_blocks - 1];
	u = &doc->units[doc->n_units];
	memset(u, 0, sizeof *u);
	u->id = tu_strdup(id);
	u->text = tu_strndup(text, text_len);
	u->text_len = text_len;
	u->pre = tu_strndup(pre, pre_len);
	u->pre_len = pre_len;
	if (raw != NULL) {
		u->raw = tu_strndup(raw, raw_len);
		u->raw_len = raw_len;
	}
	u->block = doc->n_blocks - 1;
	u->sentence = blk->n_units;
	u->line = line;
	if (n_codes > 0 && tu_codes_dup(&u->codes, codes, n_codes) == TERCUME_OK)
		u->n_codes = n_codes;
	if (!u->id || !u->text || !u->pre || (raw && !u->raw) || u->n_codes != n_codes) {
		free(u->id);
		free(u->text);
		free(u->pre);
		free(u->raw);
		tu_codes_free(u->codes, u->n_codes);
		return TERCUME_ENOMEM;
	}
	blk->n_units++;
	doc->n_units++;
	return TERCUME_OK;
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
	size_t run = 0;

	/* the HTML reader's attribute values are its "label" blocks */
	if (f == NULL || !(strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0) ||
	    doc->blocks[doc->units[i].block].role != TERCUME_ROLE_LABEL) {
		tu_doc_escape_text(doc, b, s, n);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		const char *rep = s[k] == '&' ? "&amp;" : s[k] == '<' ? "&lt;" :
				  s[k] == '>' ? "&gt;" : s[k] == '"' ? "&quot;" :
				  s[k] == '\'' ? "&#39;" : NULL;
		if (rep == NULL)
			continue;
		tu_buf_append(b, s + run, k - run);
		tu_buf_puts(b, rep);
		run = k + 1;
	}
	tu_buf_append(b, s + run, n - run);
}

tercume_status
tu_doc_set_tail(tercume_doc *doc, const char *tail, size_t len)
{
	char *t = tu_strndup(tail, len);

	if (t == NULL)
		return TERCUME_ENOMEM;
	free(doc->tail);
	doc->tail = t;
	doc->tail_len = len;
	return TERCUME_OK;
}

tercume_status
tu_doc_index(tercume_doc *doc)
{
	tu_map_free(doc->id_index);
	doc->id_index = tu_map_new(doc->n_units);
	if (doc->id_index == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < doc->n_units; i++) {
		bool added;
		size_t *slot = tu_map_slot(doc->id_index, doc->units[i].id, &added);
		if (slot == NULL)
			return TERCUME_ENOMEM;
		if (!added)
			return TERCUME_EINPUT;
		*slot = i;
	}
	return TERCUME_OK;
}

/* ---- accessors ---- */

const char *tercume_doc_source_path(const tercume_doc *doc) { return doc->source_path; }
const char *tercume_doc_source_lang(const tercume_doc *doc) { return doc->source_lang; }
tercume_layout tercume_doc_layout(const tercume_doc *doc) { return doc->layout; }
size_t tercume_doc_unit_count(const tercume_doc *doc) { return doc->n_units; }
size_t tercume_doc_block_count(const tercume_doc *doc) { return doc->n_blocks; }

void
tercume_doc_unit(const tercume_doc *doc, size_t i, tercume_unit_info *info)
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
	if (*p != '\0')
		return -1;
	*place = pl;
	return 0;
}

size_t
tercume_doc_find(const tercume_doc *doc, const char *id)
{
	size_t i;

	if (doc->id_index == NULL || !tu_map_get(doc->id_index, id, &i))
		return (size_t)-1;
	return i;
}

char *
tercume_doc_unit_context(const tercume_doc *doc, size_t i, char *buf, size_t size)
{
	tercume_unit_info u;

	tercume_doc_unit(doc, i, &u);
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

/* The widest line of the block's source, in code points; whether its lines
 * end in CRLF; the indentation of its second line. */
static void
block_shape(const tercume_doc *doc, const tu_block *blk, size_t *width, bool *crlf,
	    const char **indent, size_t *indent_len)
{
	size_t col = 0;
	bool line_start = false;

	*width = 0;
	*crlf = false;
	*indent = NULL;
	*indent_len = 0;
	for (size_t i = blk->first_unit; i < blk->first_unit + blk->n_units; i++) {
		const tu_unit *u = &doc->units[i];
		const char *parts[2] = { i > blk->first_unit ? u->pre : "", u->raw ? u->raw : u->text };
		size_t lens[2] = { i > blk->first_unit ? u->pre_len : 0,
				   u->raw ? u->raw_len : u->text_len };

		for (int k = 0; k < 2; k++)
			for (size_t j = 0; j < lens[k]; j++) {
				char c = parts[k][j];
				if (c == '\n') {
					*crlf |= j > 0 && parts[k][j - 1] == '\r';
					col = 0;
					line_start = *indent == NULL;
					continue;
				}
				if (line_start && (c == ' ' || c == '\t')) {
					(*indent_len)++;
					continue;
				}
				if (line_start) {
					*indent = *indent_len ? parts[k] + j - *indent_len : "";
					line_start = false;
				}
				if (c != '\r' && ((unsigned char)c & 0xC0) != 0x80 && ++col > *width)
					*width = col;
			}
	}
	if (*indent == NULL)
		*indent_len = 0;
}

/* The end of u[from, to) without its trailing white space. */
static int32_t
trim_end(const UChar *u, int32_t from, int32_t to)
{
	while (to > from && u_isUWhiteSpace(u[to - 1]))
		to--;
	return to;
}

/* Appends text wrapped at width code points with ICU's line breaks (a word
 * longer than the width gets a line of its own). */
static tercume_status
wrap(tu_buf *b, const char *text, size_t width, bool crlf, const char *indent,
     size_t indent_len)
{
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *bi;
	UChar *u16;
	int32_t n16 = 0, from, to, line_from;
	size_t col = 0;
	tercume_status st = tu_utf16_from_utf8(text, -1, &u16, &n16);

	if (st != TERCUME_OK)
		return st;
	bi = ubrk_open(UBRK_LINE, NULL, u16, n16, &err);
	if (U_FAILURE(err)) {
		free(u16);
		return TERCUME_ENOMEM;
	}
	line_from = from = ubrk_first(bi);
	for (to = ubrk_next(bi); to != UBRK_DONE; from = to, to = ubrk_next(bi)) {
		size_t piece = (size_t)u_countChar32(u16 + from, trim_end(u16, from, to) - from);

		if (col > 0 && col + piece > width) {
			/* End the line before this piece. */
			tu_buf_append_utf16(b, u16 + line_from, trim_end(u16, line_from, from) - line_from);
			tu_buf_puts(b, crlf ? "\r\n" : "\n");
			tu_buf_append(b, indent, indent_len);
			line_from = from;
			col = 0;
		}
		col += (size_t)u_countChar32(u16 + from, to - from);
	}
	tu_buf_append_utf16(b, u16 + line_from, trim_end(u16, line_from, n16) - line_from);
	ubrk_close(bi);
	free(u16);
	return b->failed ? TERCUME_ENOMEM : TERCUME_OK;
}

tercume_status
tercume_doc_render(const tercume_doc *doc, const char *const *replacement,
		   char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	tercume_status st = TERCUME_OK;

	for (size_t k = 0; k < doc->n_blocks && st == TERCUME_OK; k++) {
		const tu_block *blk = &doc->blocks[k];
		size_t first = blk->first_unit, end = first + blk->n_units;
		bool replaced = false;

		for (size_t i = first; replacement && i < end; i++)
			replaced |= replacement[i] != NULL;
		if (replaced && doc->layout == TERCUME_LAYOUT_BLANK && block_wrapped(doc, blk)) {
			/* A hard-wrapped paragraph with translations in it is
			 * wrapped again, to the width of the source's. */
			tu_buf para = TU_BUF_INIT;
			const char *indent;
			size_t width, indent_len;
			bool crlf;

			for (size_t i = first; i < end; i++) {
				if (i > first)
					tu_buf_putc(&para, ' ');
				tu_buf_puts(&para, replacement[i] ? replacement[i] : doc->units[i].text);
			}
			block_shape(doc, blk, &width, &crlf, &indent, &indent_len);
			tu_buf_append(&b, doc->units[first].pre, doc->units[first].pre_len);
			st = para.failed ? TERCUME_ENOMEM
					 : wrap(&b, para.data ? para.data : "", width, crlf, indent, indent_len);
			tu_buf_free(&para);
			continue;
		}
		for (size_t i = first; i < end && st == TERCUME_OK; i++) {
			const tu_unit *u = &doc->units[i];
			tu_buf_append(&b, u->pre, u->pre_len);
			if (replacement && replacement[i])
				tu_buf_puts(&b, replacement[i]);
			else if (u->raw)
				tu_buf_append(&b, u->raw, u->raw_len);
			else if (u->n_codes)	/* the text with each code's data */
				st = tu_rich_render_into(&b, u->text, u->text_len, u->codes, u->n_codes,
							 TERCUME_RENDER_DATA);
			else
				tu_buf_append(&b, u->text, u->text_len);
		}
	}
	tu_buf_append(&b, doc->tail, doc->tail_len);
	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, out, out_len);
}

/* ---- text helpers ---- */

static bool
is_hspace(char c)
{
	return c == ' ' || c == '\t';
}

char *
tu_fold_breaks(const char *raw, size_t len, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	char *res;
	size_t i = 0;

	if (memchr(raw, '\n', len) == NULL && memchr(raw, '\r', len) == NULL)
		return NULL;
	while (i < len) {
		if (raw[i] == '\n' || raw[i] == '\r') {
			while (b.len > 0 && is_hspace(b.data[b.len - 1]))
				b.len--;
			while (i < len && (raw[i] == '\n' || raw[i] == '\r' || is_hspace(raw[i])))
				i++;
			tu_buf_putc(&b, ' ');
			continue;
		}
		/* The rest of the line at once, not byte by byte. */
		size_t end = i;
		while (end < len && raw[end] != '\n' && raw[end] != '\r')
			end++;
		tu_buf_append(&b, raw + i, end - i);
		i = end;
	}
	if (tu_buf_finish(&b, &res, out_len) != TERCUME_OK)
		return NULL;
	return res;
}

/* ---- IDs ---- */

tercume_status
tercume_unit_hash(const char *text, size_t len, char out[9])
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
	while (ascii < len && (unsigned char)text[ascii] < 0x80)
		ascii++;
	if (ascii == len) {
		h = tu_hash64(text, len);
		goto done;
	}
	st = tu_utf16_from_utf8(text, (int32_t)len, &u16, &n16);
	if (st != TERCUME_OK)
		return st;
	if (unorm2_quickCheck(nfc, u16, n16, &err) == UNORM_YES && U_SUCCESS(err)) {
		h = tu_hash64(text, len);
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
done:
	snprintf(out, 9, "%08x", (unsigned)(h & 0xffffffffu));
out:
	free(u16);
	free(norm);
	tu_buf_free(&u8);
	return st;
}

struct tu_idgen {
	tu_map *seen;	/* hash -> number of times seen */
};

tu_idgen *
tu_idgen_new(void)
{
	tu_idgen *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->seen = tu_map_new(64);
	if (g->seen == NULL) {
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
	tu_map_free(g->seen);
	free(g);
}

tercume_status
tu_idgen_next(tu_idgen *g, const char *text, size_t len, char out[24])
{
	char hash[9];
	tercume_status st = tercume_unit_hash(text, len, hash);
	size_t *count;

	if (st != TERCUME_OK)
		return st;
	count = tu_map_slot(g->seen, hash, NULL);
	if (count == NULL)
		return TERCUME_ENOMEM;
	if (++*count == 1)
		memcpy(out, hash, 9);
	else
		snprintf(out, 24, "%s-%zu", hash, *count);
	return TERCUME_OK;
}
