/* internal.h — shared by the modules of libtercume; not installed. */
#ifndef TERCUME_INTERNAL_H
#define TERCUME_INTERNAL_H

#include "config.h"
#include "i18n.h"
#include "tercume.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

#if defined(__GNUC__)
#define TU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TU_PRINTF(f, a)
#endif

/* ---- translation (i18n.h) ----
 * The library's messages are in the domain "tercume"; TU_() and TU_N()
 * translate them (the domain is bound on first use, once, thread-safely).
 * _() is the program's and is not available here. */
#undef _
#if defined(__GNUC__)
#define TU_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define TU_FORMAT_ARG(n)
#endif
const char *tu_gettext(const char *msgid) TU_FORMAT_ARG(1);
const char *tu_ngettext(const char *msgid, const char *plural, unsigned long n)
	TU_FORMAT_ARG(1) TU_FORMAT_ARG(2);
#define TU_(msgid) tu_gettext(msgid)
#define TU_N(msgid, plural, n) tu_ngettext(msgid, plural, (unsigned long)(n))
/* The language the messages are in ("ru"; "en" when untranslated), for
 * naming languages in them (ICU display names). */
const char *tu_messages_lang(char *buf, size_t size);

/* ---- diagnostics ----
 * fmt is an English message: tu_vreport translates it (TU_), and xgettext
 * finds it in the calls of tu_report, tu_error and tu_warning (Makefile.am,
 * NLS_KEYWORDS).  A message with a count goes through tu_nreport or
 * tu_nerror, which pick the plural form for n. */

void tu_report(tercume_reporter *rep, tercume_severity sev, const char *file,
	       unsigned long line, unsigned long column, const char *check,
	       const char *fmt, ...) TU_PRINTF(7, 8);
void tu_vreport(tercume_reporter *rep, tercume_severity sev, const char *file,
		unsigned long line, unsigned long column, const char *check,
		const char *fmt, va_list ap);
#define tu_error(rep, file, line, col, ...) \
	tu_report((rep), TERCUME_SEV_ERROR, (file), (line), (col), NULL, __VA_ARGS__)
#define tu_warning(rep, file, line, col, ...) \
	tu_report((rep), TERCUME_SEV_WARNING, (file), (line), (col), NULL, __VA_ARGS__)
void tu_nreport(tercume_reporter *rep, tercume_severity sev, const char *file,
		unsigned long line, unsigned long column, const char *check,
		unsigned long n, const char *msgid, const char *plural, ...) TU_PRINTF(8, 10);
#define tu_nerror(rep, file, line, col, n, ...) \
	tu_nreport((rep), TERCUME_SEV_ERROR, (file), (line), (col), NULL, (n), __VA_ARGS__)

/* ---- growable byte buffer ---- */

typedef struct tu_buf {
	char *data;	/* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	bool failed;	/* an allocation failed; further appends are ignored */
} tu_buf;

#define TU_BUF_INIT { NULL, 0, 0, false }

void tu_buf_append(tu_buf *b, const char *s, size_t n);
void tu_buf_puts(tu_buf *b, const char *s);
void tu_buf_putc_slow(tu_buf *b, char c);
/* Appends one byte; inline because writers call it once per byte. */
static inline void
tu_buf_putc(tu_buf *b, char c)
{
	if (b->len + 1 < b->cap && !b->failed) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
	} else
		tu_buf_putc_slow(b, c);
}
void tu_buf_printf(tu_buf *b, const char *fmt, ...) TU_PRINTF(2, 3);
/* Hands the bytes over (*out owned by the caller); TERCUME_ENOMEM if any
 * append failed. */
tercume_status tu_buf_finish(tu_buf *b, char **out, size_t *out_len);
void tu_buf_free(tu_buf *b);

char *tu_strndup(const char *s, size_t n);
char *tu_strdup(const char *s);	/* NULL stays NULL */

/* ---- the document model, seen from inside the library ---- */

typedef struct tu_unit {
	char *id;
	char *text;		/* line breaks folded to single spaces */
	size_t text_len;
	char *raw;		/* source bytes when they differ from text, else NULL */
	size_t raw_len;
	char *pre;		/* skeleton bytes before this unit */
	size_t pre_len;
	size_t block;
	size_t sentence;
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
	tu_unit *units;
	size_t n_units, cap_units;
	tu_block *blocks;
	size_t n_blocks, cap_blocks;
	size_t role_count[4];	/* blocks so far of each tercume_role */
	char *tail;		/* skeleton after the last unit */
	size_t tail_len;
	struct tu_map *id_index;	/* id -> unit index */
};

tercume_doc *tu_doc_new(const char *source_path, const char *lang, tercume_layout layout);
/* Appends a block; returns its index or (size_t)-1 on allocation failure. */
size_t tu_doc_add_block(tercume_doc *doc, tercume_role role, unsigned long line);
/* Appends a unit to the last block, taking copies of the bytes.  raw may be
 * NULL when the source bytes equal text. */
tercume_status tu_doc_add_unit(tercume_doc *doc, const char *id,
			       const char *text, size_t text_len,
			       const char *raw, size_t raw_len,
			       const char *pre, size_t pre_len, unsigned long line);
tercume_status tu_doc_set_tail(tercume_doc *doc, const char *tail, size_t len);
/* Builds the ID index; fails with TERCUME_EINPUT on a duplicate ID. */
tercume_status tu_doc_index(tercume_doc *doc);

/* Assigns content IDs: hash plus "-N" for the N-th repeat (N >= 2).  Keeps
 * state across calls for one document. */
typedef struct tu_idgen tu_idgen;
tu_idgen *tu_idgen_new(void);
void tu_idgen_free(tu_idgen *g);
/* Writes the next ID for text into out (at least 24 bytes). */
tercume_status tu_idgen_next(tu_idgen *g, const char *text, size_t len, char out[24]);

/* Folds every line break in raw (with the blanks around it) into one space.
 * Returns a malloc'd string, or NULL when raw has no line break (*out_len
 * is then left alone). */
char *tu_fold_breaks(const char *raw, size_t len, size_t *out_len);

/* ---- the segmenter ---- */

typedef struct tu_segmenter tu_segmenter;

/* srx_path: the SRX file whose rules apply; NULL for the built-in rules of
 * lang (doc/srx.md). */
tercume_status tu_segmenter_open(tu_segmenter **out, const char *lang,
				 const char *srx_path, tercume_reporter *rep);
void tu_segmenter_close(tu_segmenter *s);

/* One sentence found in a block: byte offsets into the block, whitespace
 * around the sentence already trimmed off. */
typedef struct tu_span {
	size_t start, end;
} tu_span;

/* Splits block (valid UTF-8) into sentences.  *spans is grown as needed and
 * owned by the caller. */
tercume_status tu_segment_block(tu_segmenter *s, const char *block, size_t len,
				tu_span **spans, size_t *n_spans, size_t *cap_spans);

/* ---- UTF-8 ---- */

/* Checks that data is well-formed UTF-8 with no NUL byte.  On failure
 * reports the line and column (in characters) and returns TERCUME_EINPUT. */
tercume_status tu_check_utf8(const char *name, const char *data, size_t len,
			     tercume_reporter *rep);

/* ---- the shape of a plain text (text.c) ----
 * What the plain-text reader splits a run of lines (between blank lines)
 * by, and what the renderer re-centres by: doc/merge.md, "Layout". */
typedef struct tu_line {
	size_t start, end, next;	/* [start, end) content, [end, next) line end */
	unsigned indent;	/* columns of leading white space (tab stops of 8) */
	unsigned width;		/* the column after its last non-space character */
	unsigned first;		/* the columns of its first word */
	unsigned marker;	/* a list item: the column its text starts at; else 0 */
	unsigned bullet_bytes;	/* a bulleted item: the bytes up to its text; else 0 */
	unsigned frame_left;	/* a line of a box ("*  text  *"): the bytes of its */
	unsigned frame_right;	/* frames, spaces included; else 0 */
	unsigned column;	/* a table row: where text follows 3 spaces; else 0 */
	unsigned bar;		/* a table row: the column of its first " |"; else 0 */
	UChar32 last;		/* its last character */
	bool blank;
	bool rule;		/* only one character repeated: ====, ----, * * * */
	bool bullet;		/* the marker is a bullet (*, •, …), not "-" or "1." */
	bool lower;		/* its first letter is a lower-case one */
	bool stop;		/* it ends in . ! ? : ; or a closing mark after one */
	bool open_end;		/* it ends in a lower-case letter (a sentence goes on) */
	bool centred;		/* one of the lines of a centred title block */
	bool notice;		/* it starts a copyright notice */
	bool box;		/* a line of a box, next to another one */
} tu_line;

/* The columns a character takes: none for a combining mark or a format
 * character (the BOM), two for a wide East Asian one, one for the rest
 * (a tab is the caller's: to the next multiple of 8). */
unsigned tu_char_columns(UChar32 c);
/* Splits data[from, len) into lines (blank or not; the shape is left 0).
 * *out is malloc'd. */
tercume_status tu_text_lines(const char *data, size_t len, size_t from, tu_line **out,
			     size_t *n);
/* Measures the lines (valid UTF-8) and finds the centred ones; returns the
 * width the text is wrapped at: the 95th percentile of the widths of the
 * lines that a non-blank line follows (0 when there are none). */
unsigned tu_text_shape(const char *data, tu_line *lines, size_t n);


/* ---- catalogue formats ----
 * One module per format (po.c, xliff.c) fills one of these; catalog.c picks
 * the table.  A format module talks to the catalogue model only, never to
 * another format module. */
typedef struct tu_format {
	tercume_format id;
	const char *name;
	/* Reads the file at path into a new catalogue. */
	tercume_status (*read)(tercume_catalog **out, const char *path, tercume_reporter *rep);
	/* Writes cat to path (a temporary file that catalog.c renames into
	 * place once the write has succeeded). */
	tercume_status (*write)(const tercume_catalog *cat, const char *path, tercume_reporter *rep);
} tu_format;

extern const tu_format tu_format_po;
extern const tu_format tu_format_xliff12;
extern const tu_format tu_format_xliff20;

/* What tercume_catalog_write would put in the file at path, in memory
 * (by way of a temporary file beside path: libgettextpo writes only files). */
tercume_status tu_catalog_format(const tercume_catalog *cat, const char *path, tercume_format fmt,
				 char **out, size_t *out_len, tercume_reporter *rep);
/* Sets the name of the file a catalogue was read from (catalog.c). */
tercume_status tu_catalog_set_file(tercume_catalog *cat, const char *file);

/* The largest input file tercume reads (doc/limits.md): what keeps an
 * endless input (/dev/zero, a runaway pipe) from taking all memory. */
#define TU_MAX_INPUT ((size_t)1 << 30)
#define TU_MAX_INPUT_TEXT "1 GiB"

/* Atomic output for writers that need a file name (libgettextpo): makes an
 * empty temporary file beside path and returns its malloc'd name. */
tercume_status tu_atomic_tmpname(const char *path, char **tmp, tercume_reporter *rep);
/* Renames tmp over path (keeping path's permissions); on failure removes tmp. */
tercume_status tu_atomic_commit(const char *tmp, const char *path, tercume_reporter *rep);

/* ---- UTF-8 and UTF-16 (util.c) ---- */

/* Converts len bytes of UTF-8 (-1: up to the NUL) into a malloc'd,
 * NUL-terminated UTF-16 string.  TERCUME_EINPUT for ill-formed UTF-8. */
tercume_status tu_utf16_from_utf8(const char *s, int32_t len, UChar **out, int32_t *out_len);
/* Appends n UTF-16 units to b as UTF-8. */
void tu_buf_append_utf16(tu_buf *b, const UChar *s, int32_t n);

/* ---- a string-keyed hash table (map.c) ---- */

typedef struct tu_map tu_map;
uint64_t tu_hash64(const char *s, size_t n);	/* 64-bit FNV-1a */
tu_map *tu_map_new(size_t hint);
void tu_map_free(tu_map *m);
size_t tu_map_count(const tu_map *m);
/* True and *value (when value is non-NULL) if key is in the map. */
bool tu_map_get(const tu_map *m, const char *key, size_t *value);
/* The value slot of key, added with the value 0 (and *added set) when it
 * was missing; NULL when memory runs out.  The map keeps a copy of key. */
size_t *tu_map_slot(tu_map *m, const char *key, bool *added);

/* ---- reading XML (xml.c) ---- */

struct _xmlDoc;
/* A DOCTYPE with only an external identifier is allowed (TMX files from
 * other tools carry one); it is never loaded. */
#define TU_XML_ALLOW_DOCTYPE 1u
/* Parses the XML file at path safely (no network, no DTD, no entity
 * declaration accepted); one diagnostic with file, line and column on
 * failure.  *out is freed with xmlFreeDoc. */
tercume_status tu_xml_parse(const char *path, unsigned flags, struct _xmlDoc **out,
			    tercume_reporter *rep);
/* The same on data[0, len) in memory; name is what the diagnostics call it. */
tercume_status tu_xml_parse_memory(const char *name, const char *data, size_t len,
				   unsigned flags, struct _xmlDoc **out, tercume_reporter *rep);

/* ---- glossaries and words (glossary.c) ---- */

/* How a term's word is found in the words of a text of a language. */
typedef enum tu_stem_kind {
	TU_STEM_PLAIN,		/* the word itself, or with -s, -es, 's */
	TU_STEM_RUSSIAN,	/* stem plus a Russian noun or adjective ending */
	TU_STEM_TURKIC		/* the word plus suffixes */
} tu_stem_kind;

tu_stem_kind tu_stem_kind_of(const char *lang);
/* The primary language subtag, lower case ("az" of "az-Latn-AZ"). */
void tu_lang_primary(const char *tag, char *out, size_t size);
bool tu_lang_same(const char *a, const char *b);

/* One word of a text as ICU's word break iterator finds it. */
typedef struct tu_word {
	UChar *fold;		/* case-folded (and ё as е for Russian) */
	int32_t len;		/* of fold, in UTF-16 units */
	size_t byte_start, byte_end;	/* in the UTF-8 text */
	bool number;		/* ICU's number status */
	bool has_digit;
	bool upper_first;	/* the first letter is upper or title case */
	bool all_upper;		/* two or more letters, all upper case */
} tu_word;

typedef struct tu_words {
	tu_word *v;
	size_t n, cap;
} tu_words;

/* The words (letters and numbers, not spaces or punctuation) of the UTF-8
 * text, for lang's word breaks and folding. */
tercume_status tu_words_split(const char *text, const char *lang, tu_words *out);
void tu_words_free(tu_words *w);
bool tu_word_match(tu_stem_kind kind, const tu_word *text_word, const tu_word *term_word);

typedef enum tu_term_status {
	TU_TERM_PREFERRED,
	TU_TERM_ADMITTED,
	TU_TERM_DEPRECATED
} tu_term_status;

typedef struct tu_term {
	char *lang;		/* BCP 47, from xml:lang */
	char *text;
	tu_term_status status;
	unsigned long line;
	tu_words words;		/* folded for lang */
} tu_term;

typedef struct tu_concept {
	char *id;
	unsigned long line;
	tu_term *terms;
	size_t n_terms, cap_terms;
} tu_concept;

struct tercume_glossary {
	char *path;
	tu_concept *concepts;
	size_t n, cap;
};

/* The index of the first word of text (from word `from` on) where the
 * words of term follow one another, or (size_t)-1. */
size_t tu_term_find(tu_stem_kind kind, const tu_words *text, size_t from, const tu_term *term);

/* ---- spelling (spell.c, libhunspell) ---- */

typedef struct tu_speller tu_speller;
/* Opens the hunspell dictionary for lang: DIR/ll_RR.aff and .dic, then
 * DIR/ll.aff (ll_RR from ICU's likely subtags) in each of dirs (a
 * NULL-terminated list).  No dictionary is not a failure: *out is NULL and
 * tried says what was looked for. */
tercume_status tu_speller_open(tu_speller **out, const char *lang, const char *const *dirs,
			       char *tried, size_t tried_size);
/* The dictionary's name (ru_RU). */
const char *tu_speller_name(const tu_speller *s);
/* 1: the UTF-8 word is in the dictionary; 0: it is not. */
int tu_speller_check(tu_speller *s, const char *word, size_t len);
void tu_speller_close(tu_speller *s);

/* ---- a translation memory shared by a project's updates (update.c) ---- */

/* The translated pairs of many catalogues, indexed once and then read by
 * any number of threads at once.  Pairs are added in a fixed order (a
 * project's article order), which decides ties. */
typedef struct tu_memory tu_memory;
#define TU_MEMORY_SHARED ((size_t)-1)	/* a pair that more than one article has */
tu_memory *tu_memory_new(void);
void tu_memory_free(tu_memory *m);
size_t tu_memory_count(const tu_memory *m);
/* Adds a copy of the pair, remembering owner (an article number); the same
 * pair from another owner makes it TU_MEMORY_SHARED. */
tercume_status tu_memory_add(tu_memory *m, const char *source, const char *target, size_t owner);
/* Builds the index; nothing may be added after. */
tercume_status tu_memory_build(tu_memory *m);
/* tercume_catalog_update with mem (built, may be NULL) as a further memory,
 * leaving out the pairs whose owner is exclude: exact matches translated,
 * close ones fuzzy, after opts->tm and the old catalogue's own. */
tercume_status tu_catalog_update_memory(const tercume_catalog *old, const tercume_doc *new_doc,
					const tercume_update_options *opts, const tu_memory *mem,
					size_t exclude, tercume_catalog **out,
					tercume_update_stats *stats);

/* ---- set up once per process (init.c) ---- */

#include <sys/types.h>
/* The process's umask, TMPDIR ("/tmp" when unset), TERCUME_SRX_DIR and
 * TERCUME_XLIFF_SCHEMAS (NULL when unset), as they were when tercume_init
 * first ran. */
mode_t tu_umask(void);
const char *tu_tmpdir(void);
const char *tu_srx_dir(void);
const char *tu_xliff_schema_dir(void);

#endif /* TERCUME_INTERNAL_H */
