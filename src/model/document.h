/* document.h — the document's struct, for document.c and the readers that
 * build documents (text.c, segments.c, builder.c); not installed.  Every
 * other module uses the accessors of tercume.h. */
#ifndef TERCUME_DOCUMENT_H
#define TERCUME_DOCUMENT_H

#include "internal.h"

#include <stdatomic.h>
#include <stdint.h>

typedef struct tu_unit {
	/* The lengths and counts are 32 bits: no input is over 1 GiB
	 * (TU_MAX_INPUT), and a unit takes 72 bytes instead of 96 (issue
	 * 15). */
	char *id;
	char *text;		/* line breaks folded to single spaces */
	tercume_code *codes;	/* the codes of text (coded text), or NULL */
	char *raw;		/* source bytes when they differ from text, else NULL */
	char *pre;		/* skeleton bytes before this unit */
	uint32_t text_len;
	uint32_t n_codes;
	uint32_t raw_len;
	uint32_t pre_len;
	uint32_t block;
	uint32_t sentence;
	unsigned long line;
} tu_unit;

typedef struct tu_block {
	tercume_role role;
	unsigned long line;
	size_t first_unit;
	size_t n_units;
	size_t ordinal;		/* 1-based number among the blocks of its role */
} tu_block;

struct tercume_doc {
	char *source_path;
	char *source_lang;
	tercume_layout layout;
	char *format;		/* the markup of a document built by a reader of
				   one ("html", "markdown"), NULL for plain text */
	tu_unit *units;
	size_t n_units, cap_units;
	tu_block *blocks;
	size_t n_blocks, cap_blocks;
	size_t role_count[4];	/* blocks so far of each tercume_role */
	char *tail;		/* skeleton after the last unit */
	size_t tail_len;
	uint32_t *id_slots;	/* the ID index: open addressing, each slot a
				   unit's index + 1 (0: empty), its key that
				   unit's id; id_cap slots, a power of two */
	size_t id_cap;
	tu_arena strings;	/* the units' strings (tu_doc_strndup) */
	char *folds;		/* the folded texts of the units added with
				   text NULL (tu_doc_reserve_folds): their
				   text points here, made on first need */
	size_t folds_len;
	atomic_bool folds_made;	/* folds holds them (tu_doc_texts) */
	char *source;		/* the article's bytes when the document owns
				   them (tu_doc_own_source): a unit's raw and
				   pre bytes that lie in them are not copied */
	size_t source_len;
	const char *map;	/* the segments file it is read from, mapped
				   read-only (tu_doc_use_map): a raw pointer
				   into it is a raw record's quoted string,
				   escaped, left in the file (issue 15) */
	size_t map_len;
	bool map_owned;		/* unmapped with the document */
	atomic_size_t map_read;	/* bytes decoded from map since its pages
				   were last let go (tu_doc_raw_into) */
	bool digest_known;	/* digest and digest_size are those of the
				   bytes it rebuilds (tu_doc_set_digest) */
	uint64_t digest;
	size_t digest_size;
};

tercume_doc *tu_doc_new(const char *source_path, const char *lang, tercume_layout layout);
/* Sets the document's markup name (doc->format); NULL or "text": none. */
tercume_status tu_doc_set_format(tercume_doc *doc, const char *format);

/* What the document rebuilds hashes to h (tu_hash64) and is size bytes
 * long: a reader that hashed its input as it read it says so, and the
 * segments writer need not hash it again.  Adding a unit or setting the
 * tail forgets it. */
void tu_doc_set_digest(tercume_doc *doc, uint64_t h, size_t size);

/* Appends a block; returns its index or (size_t)-1 on allocation failure. */
size_t tu_doc_add_block(tercume_doc *doc, tercume_role role, unsigned long line);
/* A NUL-terminated copy of s[0..n) in the document's arena, freed with the
 * document (never with free()); NULL when out of memory. */
char *tu_doc_strndup(tercume_doc *doc, const char *s, size_t n);
/* The document takes data (malloc'd, len bytes, the article it is built
 * from): the raw and skeleton bytes of units added later that lie inside
 * it are kept as pointers into it instead of copies. */
void tu_doc_own_source(tercume_doc *doc, char *data, size_t len);
/* The document is read from map[0, len), a mapped segments file: the raw
 * bytes of units added later may be left there (tu_doc_add_unit).  With
 * own, the document unmaps it when it goes; without, the caller keeps it
 * mapped as long as the document lives. */
void tu_doc_use_map(tercume_doc *doc, const char *map, size_t len, bool own);
/* Appends a unit to the last block, taking copies of the bytes (into the
 * document's arena; raw and pre bytes inside the document's own source are
 * referenced, not copied; raw inside its map (tu_doc_use_map) is the body
 * of a segments file's quoted string, escaped, raw_len bytes once
 * unescaped (tu_unquote_to), referenced too).  raw may be
 * NULL when the source bytes equal text (with each code's data in its
 * place).  codes: those of the coded text (n_codes of them), copied.
 * text may be NULL when it is raw folded (tu_fold_breaks, text_len bytes):
 * then call tu_doc_reserve_folds after the last unit. */
tercume_status tu_doc_add_unit(tercume_doc *doc, const char *id,
			       const char *text, size_t text_len,
			       const tercume_code *codes, size_t n_codes,
			       const char *raw, size_t raw_len,
			       const char *pre, size_t pre_len, unsigned long line);
/* Reserves the folded texts of the units added with text NULL: their text
 * then points into one block of memory, written only when first needed
 * (tu_doc_texts), so that a document that is only written out (tercume
 * segment -o) never holds them (issue 15): the pages of a block never
 * written take no memory. */
tercume_status tu_doc_reserve_folds(tercume_doc *doc);
/* Makes the folded texts (once; thread-safe): before reading any unit's
 * text (tercume_doc_unit and the rendering call it). */
void tu_doc_texts(const tercume_doc *doc);
/* Are the units' texts there to read (else fold raw for a unit whose text
 * lies in doc->folds)? */
static inline bool
tu_doc_texts_made(const tercume_doc *doc)
{
	return doc->folds == NULL ||
	       atomic_load_explicit(&((tercume_doc *)doc)->folds_made, memory_order_acquire);
}
/* Is u's text (in doc->folds) still to be made?  Then it is raw folded
 * (tu_fold_to). */
static inline bool
tu_doc_text_pending(const tercume_doc *doc, const tu_unit *u)
{
	uintptr_t t = (uintptr_t)u->text, lo = (uintptr_t)doc->folds;

	return doc->folds != NULL && t >= lo && t - lo < doc->folds_len &&
	       !atomic_load_explicit(&((tercume_doc *)doc)->folds_made, memory_order_acquire);
}
/* Is u's raw left escaped in the document's map (tu_doc_raw_into reads
 * it)? */
static inline bool
tu_doc_raw_mapped(const tercume_doc *doc, const tu_unit *u)
{
	uintptr_t r = (uintptr_t)u->raw, lo = (uintptr_t)doc->map;

	return doc->map != NULL && u->raw != NULL && r >= lo && r - lo < doc->map_len;
}
/* Appends u's raw bytes (u->raw non-NULL) to b: unescaped from the map
 * when they were left there.  False when out of memory (b->failed). */
bool tu_doc_raw_into(const tercume_doc *doc, const tu_unit *u, tu_buf *b);
/* n more bytes were read from doc's map: past a window of them, every
 * page of it goes (from whichever thread: a page read again comes back
 * from the file, the same bytes). */
void tu_doc_map_read(const tercume_doc *doc, size_t n);
/* Appends u's raw bytes folded (tu_fold_to) to b. */
bool tu_doc_fold_into(const tercume_doc *doc, const tu_unit *u, tu_buf *b);
/* Writes the body of a segments file's quoted string at q (after its
 * opening quote, checked by its reader), unescaped, n bytes, to out; in
 * segments.c, which owns the escapes. */
void tu_unquote_to(char *out, const char *q, size_t n);
tercume_status tu_doc_set_tail(tercume_doc *doc, const char *tail, size_t len);
/* Builds the ID index; fails with TERCUME_EINPUT on a duplicate ID. */
tercume_status tu_doc_index(tercume_doc *doc);

#endif
