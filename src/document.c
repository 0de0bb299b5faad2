/* document.c — the document model: blocks, sentence units, skeleton, IDs. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
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
		free(doc->units[i].raw);
		free(doc->units[i].pre);
	}
	free(doc->units);
	free(doc->blocks);
	free(doc->source_path);
	free(doc->source_lang);
	free(doc->tail);
	if (doc->id_index)
		xmlHashFree(doc->id_index, NULL);
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
	if (!u->id || !u->text || !u->pre || (raw && !u->raw)) {
		free(u->id);
		free(u->text);
		free(u->pre);
		free(u->raw);
		return TERCUME_ENOMEM;
	}
	blk->n_units++;
	doc->n_units++;
	return TERCUME_OK;
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
	if (doc->id_index)
		xmlHashFree(doc->id_index, NULL);
	doc->id_index = xmlHashCreate((int)(doc->n_units < 16 ? 16 : doc->n_units));
	if (doc->id_index == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < doc->n_units; i++) {
		/* The payload is the index plus one, so that no unit maps to NULL. */
		if (xmlHashAddEntry(doc->id_index, (const xmlChar *)doc->units[i].id,
				    (void *)(uintptr_t)(i + 1)) != 0)
			return TERCUME_EINPUT;
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

	info->id = u->id;
	info->text = u->text;
	info->block = u->block;
	info->sentence = u->sentence;
	info->line = u->line;
	info->role = doc->blocks[u->block].role;
}

size_t
tercume_doc_find(const tercume_doc *doc, const char *id)
{
	void *p;

	if (doc->id_index == NULL)
		return (size_t)-1;
	p = xmlHashLookup(doc->id_index, (const xmlChar *)id);
	return p ? (size_t)(uintptr_t)p - 1 : (size_t)-1;
}

char *
tercume_doc_unit_context(const tercume_doc *doc, size_t i, char *buf, size_t size)
{
	const tu_unit *u = &doc->units[i];
	const tu_block *blk = &doc->blocks[u->block];
	size_t ordinal = blk->ordinal;

	if (blk->n_units > 1)
		snprintf(buf, size, "%s %zu, sentence %zu", tercume_role_name(blk->role),
			 ordinal, u->sentence + 1);
	else
		snprintf(buf, size, "%s %zu", tercume_role_name(blk->role), ordinal);
	return buf;
}

tercume_status
tercume_doc_render(const tercume_doc *doc, const char *const *replacement,
		   char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;

	for (size_t i = 0; i < doc->n_units; i++) {
		const tu_unit *u = &doc->units[i];
		tu_buf_append(&b, u->pre, u->pre_len);
		if (replacement && replacement[i])
			tu_buf_puts(&b, replacement[i]);
		else if (u->raw)
			tu_buf_append(&b, u->raw, u->raw_len);
		else
			tu_buf_append(&b, u->text, u->text_len);
	}
	tu_buf_append(&b, doc->tail, doc->tail_len);
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

static uint64_t
fnv1a64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

tercume_status
tercume_unit_hash(const char *text, size_t len, char out[9])
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u16 = NULL, *norm = NULL;
	char *u8 = NULL;
	int32_t n16 = 0, nnorm, n8;
	uint64_t h;

	if (U_FAILURE(err) || len > INT32_MAX / 4)
		return TERCUME_EUSAGE;
	/* ASCII is NFC as it stands: no UTF-16 round trip (a tenth of the
	 * time of 'tercume segment' on English prose, bench/RESULTS.md). */
	size_t ascii = 0;
	while (ascii < len && (unsigned char)text[ascii] < 0x80)
		ascii++;
	if (ascii == len) {
		h = fnv1a64(text, len);
		goto done;
	}
	u_strFromUTF8(NULL, 0, &n16, text, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return TERCUME_EINPUT;
	err = U_ZERO_ERROR;
	u16 = malloc(((size_t)n16 + 1) * sizeof *u16);
	if (u16 == NULL)
		return TERCUME_ENOMEM;
	u_strFromUTF8(u16, n16 + 1, NULL, text, (int32_t)len, &err);
	if (U_FAILURE(err))
		goto bad;
	if (unorm2_quickCheck(nfc, u16, n16, &err) == UNORM_YES && U_SUCCESS(err)) {
		h = fnv1a64(text, len);
		goto done;
	}
	err = U_ZERO_ERROR;
	nnorm = unorm2_normalize(nfc, u16, n16, NULL, 0, &err);
	err = U_ZERO_ERROR;
	norm = malloc(((size_t)nnorm + 1) * sizeof *norm);
	if (norm == NULL)
		goto nomem;
	unorm2_normalize(nfc, u16, n16, norm, nnorm + 1, &err);
	if (U_FAILURE(err))
		goto bad;
	u_strToUTF8(NULL, 0, &n8, norm, nnorm, &err);
	err = U_ZERO_ERROR;
	u8 = malloc((size_t)n8 + 1);
	if (u8 == NULL)
		goto nomem;
	u_strToUTF8(u8, n8 + 1, NULL, norm, nnorm, &err);
	if (U_FAILURE(err))
		goto bad;
	h = fnv1a64(u8, (size_t)n8);
done:
	snprintf(out, 9, "%08x", (unsigned)(h & 0xffffffffu));
	free(u16);
	free(norm);
	free(u8);
	return TERCUME_OK;
nomem:
	free(u16);
	free(norm);
	free(u8);
	return TERCUME_ENOMEM;
bad:
	free(u16);
	free(norm);
	free(u8);
	return TERCUME_EINPUT;
}

struct tu_idgen {
	xmlHashTablePtr seen;	/* hash -> number of times seen */
};

tu_idgen *
tu_idgen_new(void)
{
	tu_idgen *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->seen = xmlHashCreate(64);
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
	xmlHashFree(g->seen, NULL);
	free(g);
}

tercume_status
tu_idgen_next(tu_idgen *g, const char *text, size_t len, char out[24])
{
	char hash[9];
	tercume_status st = tercume_unit_hash(text, len, hash);
	uintptr_t count;

	if (st != TERCUME_OK)
		return st;
	count = (uintptr_t)xmlHashLookup(g->seen, (const xmlChar *)hash) + 1;
	/* A new hash is added, not updated: libxml2 (2.9) grows its table
	 * only in xmlHashAddEntry, and a table that never grows makes every
	 * lookup walk a chain as long as the article (quadratic time). */
	if ((count == 1 ? xmlHashAddEntry(g->seen, (const xmlChar *)hash, (void *)count)
	     : xmlHashUpdateEntry(g->seen, (const xmlChar *)hash, (void *)count, NULL)) != 0)
		return TERCUME_ENOMEM;
	if (count == 1)
		memcpy(out, hash, 9);
	else
		snprintf(out, 24, "%s-%lu", hash, (unsigned long)count);
	return TERCUME_OK;
}
