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
#include <stdio.h>
#include <string.h>

#include <unicode/utypes.h>
#include <unicode/utf8.h>

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

void tu_buf_append_slow(tu_buf *b, const char *s, size_t n);
/* Appends s[0, n); inline, as tu_buf_putc is, because writers call it for
 * every few bytes (a record's words, a string between escapes). */
static inline void
tu_buf_append(tu_buf *b, const char *s, size_t n)
{
	if (n < b->cap - b->len && !b->failed) {	/* cap > len once allocated */
		if (n > 0)
			memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else
		tu_buf_append_slow(b, s, n);
}
/* Room for extra more bytes and a NUL (false: without memory; b failed). */
bool tu_buf_reserve(tu_buf *b, size_t extra);
static inline void
tu_buf_puts(tu_buf *b, const char *s)
{
	tu_buf_append(b, s, strlen(s));	/* a literal's length is known here */
}
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
/* Room for one more element in the array *pv (a pointer to the array's
 * pointer), of which n are used and *cap allocated, each size bytes: the
 * array is first given `first` elements, then doubled.  false, and the array
 * as it was, without memory or when the size would overflow. */
bool tu_grow(void *pv, size_t *cap, size_t n, size_t size, size_t first);
/* The length of the character reference (&name; or &#digits; or &#xhex;,
 * at most 33 characters between & and ;) that s[0..n) starts with, or 0
 * when it does not start with one.  Whether the name is known is the
 * caller's to decide. */
size_t tu_charref_len(const char *s, size_t n);

/* A character reference in a unit's source bytes and the one character it
 * stands for: the HTML and Markdown editions write a character of a
 * translation the way its source wrote it. */
typedef struct tu_charref {
	const char *ref;	/* in the source bytes */
	size_t ref_len;
	char ch[8];
	size_t ch_len;
} tu_charref;

#define TU_MAX_CHARREFS 32

/* The distinct character references of raw[0..raw_len), at most max, the
 * first spelling of each character.  decode fills out->ch for a reference
 * that stands for one character (false: it is none); with backslash, a
 * reference after an odd run of backslashes is text (Markdown's \&amp;). */
size_t tu_charrefs_collect(const char *raw, size_t raw_len, bool backslash,
			   bool (*decode)(const char *ref, size_t len, tu_charref *out),
			   tu_charref *refs, size_t max);

/* The reference among refs whose character s[0..n) starts with, or NULL. */
const tu_charref *tu_charref_match(const tu_charref *refs, size_t n_refs, const char *s,
				   size_t n);

/* A string arena: NUL-terminated copies that live until tu_arena_free, in a
 * few large chunks (never free() one of them).  Zero-initialised is empty. */
typedef struct tu_arena {
	struct tu_chunk *head;
} tu_arena;
char *tu_arena_strndup(tu_arena *a, const char *s, size_t n);	/* NULL: no memory */
char *tu_arena_strdup(tu_arena *a, const char *s);	/* NULL stays NULL */
void tu_arena_free(tu_arena *a);

/* ---- the document model, seen from inside the library ----
 * struct tercume_doc is private to document.c and the readers that build
 * documents (text.c, segments.c, builder.c), which include document.h;
 * every other module uses the accessors of tercume.h. */

/* Appends translated text to b as the document's markup needs it: the
 * characters that are markup escaped (&, <, > in HTML and XML), plain text
 * as it is. */
void tu_doc_escape_text(const tercume_doc *doc, tu_buf *b, const char *s, size_t n);
/* The same for the text of unit i: in an HTML document, a unit that is an
 * attribute's value (a "label" block) has its quotes escaped too. */
void tu_doc_escape_unit_text(const tercume_doc *doc, size_t i, tu_buf *b, const char *s,
			     size_t n);

/* Appends translated text escaped for a Markdown edition: the characters
 * that would read as inline markup, and those that start a block at a
 * line's start (markdown.c). */
void tu_markdown_escape(tu_buf *b, const char *s, size_t n);
/* The same for the text of a unit whose source bytes are raw (NULL for
 * none): each character that raw wrote as a character reference (&amp;,
 * &copy;, &#8212;) is written with that reference again (markdown.c). */
void tu_markdown_escape_as_source(tu_buf *b, const char *s, size_t n, const char *raw,
				  size_t raw_len);
/* Appends translated text escaped for an HTML edition: &, <, > (and in an
 * attribute's value " and ') as references, and each character that the
 * unit's source bytes (raw, NULL for none) wrote as a character reference
 * written with that reference, as the source had it (html-edition.c). */
void tu_html_escape_as_source(tu_buf *b, const char *s, size_t n, const char *raw,
			      size_t raw_len, bool attribute);
/* A translatable attribute (alt, title, placeholder, aria-label) in the
 * start tag that an inline code's data begin with (html-edition.c).  The
 * reader makes each one with text a unit of its own that has no bytes in
 * the skeleton (its bytes stay in the code's data); the HTML edition puts
 * its translation back into the code's data. */
typedef struct tu_html_attr {
	char element[16];	/* the element's name, lower case ("a", "img") */
	char name[16];		/* the attribute's */
	size_t at, len;		/* its value in the data, quotes left out */
	char quote;		/* '"', '\'' or 0 (unquoted) */
	char *text;		/* the value as the translator sees it: white space
				   runs one space, no space at the edges; malloc'd */
} tu_html_attr;
#define TU_HTML_MAX_ATTRS 4
/* The translatable attributes with text of the code whose data are data
 * (len bytes), in the tag's order, at most TU_HTML_MAX_ATTRS: of an opening
 * code's start tag, or of a placeholder that is one start tag of an element
 * without content (<img>, <input>); none under translate="no".  Returns how
 * many, or (size_t)-1 when out of memory; free each text with free(). */
size_t tu_html_code_attrs(tercume_run_kind kind, const char *data, size_t len,
			  tu_html_attr *out);
/* How one markup finds and writes the translatable values inside its
 * inline codes (an HTML attribute, a Markdown link's title). */
typedef struct tu_inner_ops {
	/* the values with text in code c's data (len bytes), at most
	 * TU_HTML_MAX_ATTRS; (size_t)-1 when out of memory */
	size_t (*attrs)(const tercume_code *c, const char *data, size_t len, tu_html_attr *out);
	/* the translation s (n bytes) in place of the value raw, escaped for
	 * its delimiter quote (0: none in the source) */
	void (*escape)(tu_buf *b, const char *s, size_t n, const char *raw, size_t raw_len,
		       char quote);
} tu_inner_ops;
extern const tu_inner_ops tu_html_inner_ops;	/* html-edition.c */
extern const tu_inner_ops tu_markdown_inner_ops;	/* markdown.c */
/* The edition of a marked-up document: the edition's text with the
 * translations of the values inside inline codes put into those codes'
 * data (markup.c). */
tercume_status tu_inner_render_edition(const tercume_edition *ed, const tu_inner_ops *ops,
				       char **out, size_t *out_len);
/* For each value unit of the document (tu_doc_unit_inner) whose code was
 * found, notes[i] = "the title attribute of <a> in paragraph 3, sentence
 * 1" (malloc'd; the others left alone) (markup.c). */
tercume_status tu_inner_notes(const tercume_doc *doc, const tu_inner_ops *ops, char **notes);
/* tu_inner_notes with the ops of the document's format; nothing for text. */
tercume_status tu_markup_inner_notes(const tercume_doc *doc, char **notes);
/* A Markdown link's or image's title in a closing code's data
 * ("](url \"title\")"): element "a" or "img", name "title", quote the
 * opening delimiter ('"', '\'' or '('); 0 or 1 of them (markdown.c). */
size_t tu_markdown_code_attrs(const tercume_code *c, const char *data, size_t len,
			      tu_html_attr *out);
/* The bytes unit i stands for in its article (document.c). */
tercume_status tu_doc_unit_source(const tercume_doc *doc, size_t i, tu_buf *b);
/* Whether unit i has no bytes of its own in the article: an attribute
 * inside an inline code, whose bytes are that code's data (document.c). */
bool tu_doc_unit_inner(const tercume_doc *doc, size_t i);

/* The HTML document in (len bytes) with lang (and dir for a right-to-left
 * language) on its <html> element set to lang: attributes replaced or
 * added, an <html> tag added where the source has none; and a charset
 * other than UTF-8 that a <meta> of its head declares replaced by utf-8
 * (html-edition.c). */
tercume_status tu_html_set_lang(const char *in, size_t len, const char *lang, char **out,
				size_t *out_len, tercume_reporter *rep, const char *name);

/* Assigns content IDs: hash plus "-N" for the N-th repeat (N >= 2).  Keeps
 * state across calls for one document. */
typedef struct tu_idgen tu_idgen;
tu_idgen *tu_idgen_new(void);
void tu_idgen_free(tu_idgen *g);
/* Writes the next ID for text into out (at least 24 bytes). */
tercume_status tu_idgen_next(tu_idgen *g, const char *text, size_t len, char out[24]);
/* Another hash to go on with over some bytes while an ID is hashed
 * (tu_hash64_pair): h over s[0, n). */
typedef struct tu_hash_along {
	uint64_t h;
	const char *s;
	size_t n;
} tu_hash_along;
/* tu_idgen_next, and al->h gone on over al->s[0, al->n) (al NULL: none). */
tercume_status tu_idgen_next_along(tu_idgen *g, const char *text, size_t len, char out[24],
				   tu_hash_along *al);

/* Folds every line break in raw (with the blanks around it) into one space.
 * Returns a malloc'd string, or NULL when raw has no line break (*out_len
 * is then left alone). */
char *tu_fold_breaks(const char *raw, size_t len, size_t *out_len);
/* Writes raw[0, len) folded as tu_fold_breaks folds it (whether or not it
 * has a line break), and a NUL, to out, which has room for len + 1 bytes;
 * returns the folded length. */
size_t tu_fold_to(char *out, const char *raw, size_t len);
/* tu_fold_to, and *folded set when raw has a line break to fold. */
size_t tu_fold_to_any(char *out, const char *raw, size_t len, bool *folded);

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

/* ---- UTF-8: validated once where text enters, decoded by one decoder ---- */

/* What is wrong with a text that enters tercume. */
typedef enum tu_text_problem {
	TU_TEXT_OK,
	TU_TEXT_BAD_UTF8,	/* ill-formed UTF-8 */
	TU_TEXT_NUL,		/* a NUL byte */
	TU_TEXT_RESERVED	/* U+FDD0..U+FDEF, which tercume keeps for codes */
} tu_text_problem;

/* The first problem of data[0, len) and its byte offset (*at), or
 * TU_TEXT_OK.  markers: the code markers U+FDD1..U+FDD7 are allowed (coded
 * text); the rest of the reserved range never is. */
tu_text_problem tu_text_check(const char *data, size_t len, bool markers, size_t *at);
/* The problem in English: "invalid UTF-8", "a NUL byte", "the reserved
 * character U+FDD3 (tercume's inline-code markers)". */
const char *tu_text_problem_name(tu_text_problem p, const char *data, size_t at,
				 char *buf, size_t size);

/* Checks that data is well-formed UTF-8 with no NUL byte and no reserved
 * character.  On failure reports the line and column (in characters) and
 * returns TERCUME_EINPUT. */
tercume_status tu_check_utf8(const char *name, const char *data, size_t len,
			     tercume_reporter *rep);

/* The decoder: the code point at s[*i] (len bytes in all), *i moved past
 * it.  Text is valid once it is inside the library; should a caller's
 * string not be, every ill-formed sequence reads as U+FFFD (ICU's
 * maximal-subpart rule). */
static inline UChar32
tu_utf8_next(const char *s, size_t len, size_t *i)
{
	unsigned char b = (unsigned char)s[*i];
	UChar32 c;
	int32_t k = 0, rest;

	if (b < 0x80) {
		(*i)++;
		return b;
	}
	rest = (int32_t)(len - *i > INT32_MAX ? INT32_MAX : len - *i);
	U8_NEXT((const uint8_t *)s + *i, k, rest, c);
	*i += (size_t)k;
	return c < 0 ? 0xFFFD : c;
}

/* The code points of s[0, len) into a malloc'd array (*n set); markers:
 * keep code markers (false: leave them out). */
UChar32 *tu_utf8_decode(const char *s, size_t len, bool markers, size_t *n);

/* ---- rich text (rich.c, doc/rich-text.md) ---- */

/* The kind of the code marker at s[i] (3 bytes: EF B7 91..97), or
 * TERCUME_RUN_TEXT when there is none. */
static inline tercume_run_kind
tu_marker_at(const char *s, size_t len, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (i + 3 <= len && p[0] == 0xEF && p[1] == 0xB7 && p[2] >= 0x91 && p[2] <= 0x97)
		return (tercume_run_kind)(p[2] - 0x90);
	return TERCUME_RUN_TEXT;
}
#define TU_MARKER_LEN 3
/* Appends the marker of kind to b. */
void tu_buf_put_marker(tu_buf *b, tercume_run_kind kind);
/* The number of code markers in s[0, len). */
size_t tu_count_markers(const char *s, size_t len);
/* s[0, len) without its code markers, malloc'd (*out_len set unless NULL). */
char *tu_strip_markers(const char *s, size_t len, size_t *out_len);
/* Whether s has a code marker (quicker than counting). */
bool tu_has_markers(const char *s, size_t len);

/* Owned copies of code arrays: every string malloc'd. */
tercume_status tu_codes_dup(tercume_code **out, const tercume_code *codes, size_t n);
void tu_codes_free(tercume_code *codes, size_t n);
/* Frees the strings of one code (not the code). */
void tu_code_free_strings(tercume_code *c);
/* The code kinds that open, close or stand alone. */
bool tu_kind_opens(tercume_run_kind k);		/* OPEN, ISOLATED_OPEN, MARKER_START */
bool tu_kind_closes(tercume_run_kind k);	/* CLOSE, ISOLATED_CLOSE, MARKER_END */
/* Whether every field of c is text that may enter (tu_text_check). */
bool tu_code_fields_ok(const tercume_code *c);
/* Appends the rendering of a coded text to b (tercume_rich_render). */
tercume_status tu_rich_render_into(tu_buf *b, const char *text, size_t len,
				   const tercume_code *codes, size_t n_codes, tercume_render how);
/* tercume_runs_init for len bytes of text (not NUL-terminated). */
void tu_runs_init_n(tercume_runs *it, const char *text, size_t len, const tercume_code *codes,
		    size_t n_codes);
/* Compares the codes of a translation (tgt, tc) with the source's (src,
 * sc): each problem — a code missing, extra or duplicated, a pair not
 * closed, closed before it opens or crossing another the source nests, a
 * code moved against canReorder="no", the text of a translate="no" span
 * changed — goes to fn (may be NULL) as an English sentence; *problems
 * counts them.  Codes match by kind and id. */
typedef void (*tu_code_problem_fn)(void *user, const char *fmt, ...) TU_PRINTF(2, 3);
tercume_status tu_codes_compare(const char *src, size_t src_len, const tercume_code *sc,
				size_t ns, const char *tgt, size_t tgt_len,
				const tercume_code *tc, size_t nt, tu_code_problem_fn fn,
				void *user, size_t *problems);
/* The notation (doc/rich-text.md): whether id can be written as <id>, and
 * the length of the tag at s[i] (0: none), its shape (OPEN for <id>, CLOSE
 * for </id>, STANDALONE for <id/>) and its id. */
bool tu_notation_id_ok(const char *id);
size_t tu_notation_tag_at(const char *s, size_t len, size_t i, tercume_run_kind *shape,
			  const char **id, size_t *id_len);

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
/* The centred lines of a text (doc/merge.md, "Layout"), found as they
 * were when it was segmented, from the text given twice in pieces:
 * tu_centred_feed (a tu_out_sink function) the whole text, tu_centred_pass,
 * the whole text again, tu_centred_pass; then tu_centred_line(c, k) says
 * whether line k (1-based, a BOM left out) is centred. */
typedef struct tu_centred tu_centred;
tu_centred *tu_centred_new(void);
void tu_centred_feed(void *c, const char *data, size_t len);
tercume_status tu_centred_pass(tu_centred *c);
bool tu_centred_line(const tu_centred *c, size_t line);
void tu_centred_free(tu_centred *c);


/* ---- catalogue formats ----
 * One module per format (po.c, xliff12.c, xliff20.c) fills one of these;
 * catalog.c picks the table.  A format module talks to the catalogue model
 * only, never to another format module. */
struct tu_out;

/* A catalogue's entries made one at a time, for a writer that streams
 * them.  cat holds what is not an entry (languages, source path); get
 * makes entry i (i < n) in *e, its strings valid until the next call. */
typedef struct tu_entries {
	const tercume_catalog *cat;
	size_t n;
	tercume_status (*get)(void *arg, size_t i, tercume_entry *e);
	void *arg;
} tu_entries;

/* Where a catalogue in sink mode sends each entry tu_catalog_add has
 * checked (its place made from its context), instead of keeping it: e's
 * strings live for the call only (a merge as the file is read: issue 15).
 * TERCUME_EINPUT: a duplicate ID, which the sink must detect itself.  e
 * NULL: the entries given so far are void (the file is read again whole),
 * and what was kept of them may go. */
typedef tercume_status (*tu_entry_sink)(void *user, const tercume_entry *e);

typedef struct tu_format {
	tercume_format id;
	const char *name;
	/* Path-based reading and writing, for the modules that do not parse
	 * memory and write to a tu_out yet (the XLIFF ones until helper
	 * "xliff" converts them; then these go).  write gets the name of a
	 * temporary file that catalog.c puts in place afterwards. */
	tercume_status (*read)(tercume_catalog **out, const char *path, tercume_reporter *rep);
	tercume_status (*write)(const tercume_catalog *cat, const char *path, tercume_reporter *rep);
	/* Parses data (len bytes, NUL-terminated) that came from `name`, the
	 * name for diagnostics.  path: the file it was read from, or NULL for
	 * data from memory (a module whose library reads only by name may
	 * read it there again). */
	tercume_status (*parse)(tercume_catalog **out, const char *name, const char *data,
				size_t len, const char *path, tercume_reporter *rep);
	/* Writes cat to out (tu_out_close, the caller's, ends it). */
	tercume_status (*write_out)(const tercume_catalog *cat, struct tu_out *out,
				    tercume_reporter *rep);
	/* Read from regular files only (the library reads the file by name). */
	bool files_only;
	/* Writes the entries src makes one at a time, never holding them all
	 * (a document's catalogue: tercume_doc_write_catalog); NULL for a
	 * module that writes catalogues only. */
	tercume_status (*write_entries)(const struct tu_entries *src, struct tu_out *out,
					tercume_reporter *rep);
	/* parse, with the entries going to sink as they are read when the
	 * module can (*streamed: tu_catalog_read_sink); NULL: parse only. */
	tercume_status (*parse_sink)(tercume_catalog **out, const char *name, const char *data,
				     size_t len, const char *path, tu_entry_sink sink, void *user,
				     bool *streamed, tercume_reporter *rep);
} tu_format;

/* Warns, naming what is left out, when cat holds XML that an XLIFF 2 file
 * kept (format_data) and is written in another format (xliff.c). */
void tu_xliff_kept_dropped(const tercume_catalog *cat, const char *name, tercume_reporter *rep);

/* A reader that goes through its input once, front to back, says how far
 * it has come: where data is a file that tercume_catalog_read mapped, the
 * pages well behind at are let go (they come back from the file if read
 * again), so that the file is not held in memory beside the catalogue it
 * becomes.  A no-op for any other data. */
void tu_input_passed(const char *data, const char *at);
/* The reader of data starts again from its beginning (a PO file read
 * again whole after a streamed pass): its pages go behind it again. */
void tu_input_rewind(const char *data);

/* A catalogue of the entries src makes (a writer that cannot stream
 * them), with src->cat's languages, source path and PO header. */
tercume_status tu_catalog_from_entries(tercume_catalog **out, const tu_entries *src);
/* cat's own entries as a tu_entries, for a writer of entries given a
 * whole catalogue. */
void tu_entries_of_catalog(tu_entries *src, const tercume_catalog *cat);

extern const tu_format tu_format_po;
extern const tu_format tu_format_xliff12;
extern const tu_format tu_format_xliff20;

/* tercume_catalog_add for the library's own use.  trusted: the strings
 * come from a catalogue or document of the library, valid already, and are
 * not checked again.  On TERCUME_EINPUT, why (why_size bytes; may be NULL)
 * says what is wrong with the text, or is "" for a duplicate ID. */
tercume_status tu_catalog_add(tercume_catalog *cat, const tercume_entry *e, bool trusted,
			      char *why, size_t why_size);
/* Room for n entries more, and an index sized for them when the catalogue
 * is empty: a reader that knows (or can estimate) how many entries come
 * does not grow the catalogue by doubling. */
tercume_status tu_catalog_reserve(tercume_catalog *cat, size_t n);

void tu_catalog_set_sink(tercume_catalog *cat, tu_entry_sink sink, void *user);
/* tercume_catalog_read, a PO file that tercume's own reader reads handing
 * its entries to sink as they are read (*streamed true: *out holds the
 * header's fields and no entry).  Any other file is read whole (*streamed
 * false), sink having perhaps been given some entries already, which its
 * owner drops. */
tercume_status tu_catalog_read_sink(tercume_catalog **out, const char *path, tercume_format fmt,
				    tu_entry_sink sink, void *user, bool *streamed,
				    tercume_reporter *rep);

/* The merge engine (merge.c), tercume_merge's and tercume_merger_read's:
 * new, then add for each entry in file order (its strings are only valid
 * during the call; TERCUME_EINPUT: its live ID came before), then finish,
 * which reports everything tercume_merge reports, and free. */
tercume_status tu_merger_new(tercume_merger **out, const tercume_doc *doc,
			     const tercume_merge_options *opts, tercume_reporter *rep);
tercume_status tu_merger_add(tercume_merger *m, const tercume_entry *e);
tercume_status tu_merger_finish(tercume_merger *m, const char *target_lang,
				const char *source_lang, const char *catfile,
				tercume_edition **out, tercume_merge_stats *stats);
void tu_merger_free(tercume_merger *m);

/* Sets the source language of a catalogue (a reader that meets the header
 * after entries: po-stream.c). */
tercume_status tu_catalog_set_source_lang(tercume_catalog *cat, const char *lang);

/* What tercume_catalog_write would put in the file at path, in memory
 * (tercume_catalog_format with the format path would get). */
tercume_status tu_catalog_format(const tercume_catalog *cat, const char *path, tercume_format fmt,
				 char **out, size_t *out_len, tercume_reporter *rep);

/* Sets the name of the file a catalogue was read from (catalog.c). */
tercume_status tu_catalog_set_file(tercume_catalog *cat, const char *file);

/* The largest input file tercume reads (doc/limits.md): what keeps an
 * endless input (/dev/zero, a runaway pipe) from taking all memory. */
#define TU_MAX_INPUT ((size_t)1 << 30)
#define TU_MAX_INPUT_TEXT "1 GiB"

/* ---- output: memory, a stream, or a file replaced atomically (util.c) ----
 *
 * Every writer writes to a tu_out.  A file is written through the one
 * atomic writer: a temporary file beside it, one fsync, one rename; a target
 * that exists and is not a regular file (a device, a FIFO) is written in
 * place (doc/limits.md). */
typedef struct tu_out {
	tu_buf *mem;		/* memory: the bytes go here */
	void (*sink)(void *arg, const char *data, size_t len);	/* or a function */
	void *sink_arg;
	FILE *fp;		/* or a stream (standard output) */
	int fd;			/* or a file: the temporary one, or the target */
	const char *name;	/* what diagnostics call it */
	char *tmp;		/* the temporary file, NULL when written in place */
	char *real;		/* the file it replaces */
	bool external;		/* written by name (tu_out_file) */
	tercume_status st;	/* the first failure; later writes are dropped */
	int err;		/* errno of a failed write */
	size_t n;		/* bytes waiting in buf */
	unsigned long long written;	/* bytes written to fd */
	unsigned long long flushing;	/* of them, those whose writeback has started */
	char buf[1 << 16];
} tu_out;

void tu_out_memory(tu_out *o, tu_buf *b);
/* The bytes to fn, a piece at a time (fn cannot fail). */
void tu_out_sink(tu_out *o, void (*fn)(void *arg, const char *data, size_t len), void *arg);
/* f stays the caller's; name is for diagnostics ("standard output"). */
void tu_out_stream(tu_out *o, FILE *f, const char *name);
/* Opens path for atomic replacement (reported on failure). */
tercume_status tu_out_atomic(tu_out *o, const char *path, tercume_reporter *rep);
void tu_out_write(tu_out *o, const void *data, size_t len);
void tu_out_puts(tu_out *o, const char *s);
/* For a library that writes only to a file by name (libgettextpo): the
 * temporary file's name when o is an atomic output not yet written to,
 * else NULL.  What is written there is then the output. */
const char *tu_out_file(tu_out *o);
/* Ends the output.  st is the writer's own status: with TERCUME_OK (and no
 * failed write) a file is synced and renamed into place, otherwise its
 * temporary file is removed and the previous file stays.  Write failures
 * are reported, naming the output. */
tercume_status tu_out_close(tu_out *o, tercume_status st, tercume_reporter *rep);

/* tercume_doc_render into out as it goes, never the whole rendering in
 * memory (tu_out_close, the caller's, ends it). */
tercume_status tu_doc_render_out(const tercume_doc *doc, const char *const *replacement,
				 tu_out *out);

/* tercume_doc_unit without making every text: a text not made yet is
 * folded into scratch, info->text valid until scratch is used again
 * (with scratch NULL, info->text is then NULL: for what needs no text). */
tercume_status tu_doc_unit_folding(const tercume_doc *doc, size_t i, tercume_unit_info *info,
				   tu_buf *scratch);

/* Writes all of data to fd (false: errno says why). */
bool tu_write_all(int fd, const char *data, size_t len);
/* A temporary file in $TMPDIR (or /tmp) for a library that reads or writes
 * only by name: its descriptor and malloc'd name, or -1 (reported). */
int tu_scratch_file(char **tmp, const char *report_as, tercume_reporter *rep);
/* Legacy, for format modules that still write to a path (XLIFF until it
 * writes to a tu_out): a name to write to, and the commit that puts what
 * was written there at path through the atomic writer. */
tercume_status tu_atomic_tmpname(const char *path, char **tmp, tercume_reporter *rep);
tercume_status tu_atomic_commit(const char *tmp, const char *path, tercume_reporter *rep);

/* ---- UTF-8 and UTF-16 (util.c) ---- */

/* Converts len bytes of UTF-8 (-1: up to the NUL) into a malloc'd,
 * NUL-terminated UTF-16 string.  TERCUME_EINPUT for ill-formed UTF-8. */
tercume_status tu_utf16_from_utf8(const char *s, int32_t len, UChar **out, int32_t *out_len);
/* The same into a buffer that is reused (grown as needed: *buf, *cap in
 * UTF-16 units); *out_len gets the length. */
tercume_status tu_utf16_into(const char *s, int32_t len, UChar **buf, int32_t *cap,
			     int32_t *out_len);
/* Appends n UTF-16 units to b as UTF-8. */
void tu_buf_append_utf16(tu_buf *b, const UChar *s, int32_t n);

/* ---- inline codes in PO (notation.c, doc/rich-text.md "PO") ----
 * Kept apart from libgettextpo: po.c hands strings over and takes strings
 * back. */

/* The PO strings of an entry with codes: msgid, msgstr and the previous
 * msgid in the notation, and the listing (one "code <1> open data=…" line
 * per code, each ending in a newline) for the extracted comments.  All NULL
 * for a plain entry, whose strings are written as they are. */
typedef struct tu_po_text {
	char *msgid, *msgstr, *prev, *listing;
} tu_po_text;
/* TERCUME_EINPUT (why says it) for a code id the notation cannot carry. */
tercume_status tu_po_text_make(tu_po_text *t, const tercume_entry *e, char *why,
			       size_t why_size);
void tu_po_text_free(tu_po_text *t);

/* An entry read back: the extracted comments without the listing
 * (context, NULL when none), and, when there was a listing, the coded texts
 * and codes of msgid, msgstr and the previous msgid (builders NULL for a
 * plain entry). */
typedef struct tu_po_codes {
	char *context;
	tercume_rich_builder *source, *target, *previous;
	tercume_code *listing;
	size_t n_listing;
} tu_po_codes;
/* Whether a comment line (n bytes) is a listing line. */
bool tu_po_listing_line(const char *s, size_t n);
/* TERCUME_EINPUT (why says it) for a malformed listing line. */
tercume_status tu_po_codes_read(tu_po_codes *pc, const char *extracted, const char *msgid,
				const char *msgstr, const char *prev, char *why, size_t why_size);
void tu_po_codes_free(tu_po_codes *pc);

/* ---- a string-keyed hash table (map.c) ---- */

typedef struct tu_map tu_map;
uint64_t tu_hash64(const char *s, size_t n);	/* 64-bit FNV-1a */
#define TU_HASH64_INIT 0xcbf29ce484222325ULL	/* FNV-1a's offset basis */
/* The hash h of some bytes, gone on over s[0, n). */
uint64_t tu_hash64_more(uint64_t h, const char *s, size_t n);
/* tu_hash64(s, n), while *h2 goes on over s2[0, n2) (tu_hash64_more): two
 * hashes for the time of one. */
uint64_t tu_hash64_pair(const char *s, size_t n, uint64_t *h2, const char *s2, size_t n2);
tu_map *tu_map_new(size_t hint);
/* The map grows when three quarters full, not half: a third less memory
 * for longer probes (a large set that is looked up little). */
void tu_map_set_dense(tu_map *m);
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
/* Whether the element (namespace ns, NULL for none; local name) holds
 * elements only, so that the whitespace between its children is layout. */
typedef bool (*tu_xml_element_only_fn)(const char *ns, const char *name);
/* tu_xml_parse_memory, leaving out of the tree the whitespace-only text
 * directly inside the elements element_only names: most of the nodes of
 * an indented catalogue, which nothing reads. */
tercume_status tu_xml_parse_memory_lean(const char *name, const char *data, size_t len,
					unsigned flags, tu_xml_element_only_fn element_only,
					struct _xmlDoc **out, tercume_reporter *rep);
/* What a reader does while tu_xml_parse_stream builds the tree, so that
 * the tree need never hold the whole document (issue 15): start sees an
 * element with its attributes and namespaces and none of its children;
 * end sees it whole, and sets *drop to have it (and its subtree) taken out
 * of the tree and freed once end returns.  A hook that returns false stops
 * the parse: it has reported why. */
struct _xmlNode;
typedef struct tu_xml_hooks {
	void *user;
	bool (*start)(void *user, struct _xmlNode *n);
	bool (*end)(void *user, struct _xmlNode *n, bool *drop);
} tu_xml_hooks;
/* tu_xml_parse_memory_lean with hooks; *out is what is left of the tree
 * (xmlFreeDoc), also on failure when the hooks stopped the parse (NULL
 * otherwise). */
tercume_status tu_xml_parse_stream(const char *name, const char *data, size_t len,
				   unsigned flags, tu_xml_element_only_fn element_only,
				   const tu_xml_hooks *hooks, struct _xmlDoc **out,
				   tercume_reporter *rep);

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

/* An ICU word-break iterator kept from one text to the next (opening one
 * builds its rules: 9% of check when it was opened for every entry).
 * Zeroed to start; tu_wordbreak_close when done. */
typedef struct tu_wordbreak {
	void *bi;		/* UBreakIterator *, NULL until the first text */
	char lang[64];		/* the tag it was opened for */
} tu_wordbreak;

tercume_status tu_words_split_with(tu_wordbreak *wb, const char *text, const char *lang,
				   tu_words *out);
void tu_wordbreak_close(tu_wordbreak *wb);
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
