/* tercume.h — the public interface of libtercume.
 *
 * libtercume segments articles into sentence units, keeps their layout as a
 * skeleton, exchanges the units with translators as PO and XLIFF catalogues
 * and merges translations back into localised editions.
 *
 * Ownership, once for the whole header: an object that a tercume_*_new,
 * _read or _parse function hands back through an out-parameter belongs to the
 * caller, who releases it with the matching tercume_*_free.  Strings and
 * structures reached through an accessor belong to the object they came from
 * and live as long as it does.  Buffers returned as `char **out` are malloc'd
 * and freed with free().
 *
 * The library never prints and never exits.  Each function returns a
 * tercume_status and reports what went wrong, with file, line and column,
 * through the tercume_reporter it is given (which may be NULL).
 *
 * Threads: the library keeps no state of its own between calls, so any
 * number of threads may call it at once on different objects.  An object
 * that is only read (a tercume_doc, a tercume_catalog, a tercume_project,
 * an edition) may be read by many threads at once; one that is changed
 * (tercume_catalog_add, tercume_catalog_set_*) belongs to one thread while
 * it changes.  A reporter is called in the thread that made the call, so
 * give each thread its own, or make it thread-safe.  Reading and writing PO
 * files is done by libgettextpo, which is not reentrant: those calls wait
 * for one another.  Call tercume_init() once, from the main thread, before
 * starting threads that use the library (the tercume_project_* functions do
 * so themselves before they start theirs).
 */
#ifndef TERCUME_H
#define TERCUME_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status and diagnostics ------------------------------------------ */

typedef enum tercume_status {
	TERCUME_OK = 0,
	TERCUME_EINPUT = -1,	/* the input is malformed; diagnostics say where */
	TERCUME_EIO = -2,	/* reading or writing a file failed */
	TERCUME_ENOMEM = -3,	/* out of memory */
	TERCUME_EUSAGE = -4	/* the caller passed an invalid argument */
} tercume_status;

typedef enum tercume_severity {
	TERCUME_SEV_NOTE,
	TERCUME_SEV_WARNING,
	TERCUME_SEV_ERROR
} tercume_severity;

typedef struct tercume_diag {
	tercume_severity severity;
	const char *file;	/* NULL when no file is involved */
	unsigned long line;	/* 1-based; 0 when unknown */
	unsigned long column;	/* 1-based, in characters; 0 when unknown */
	const char *check;	/* short name of the check, or NULL */
	const char *message;
} tercume_diag;

typedef void (*tercume_diag_fn)(const tercume_diag *diag, void *user);

/* Where diagnostics go.  The library counts what it reports. */
typedef struct tercume_reporter {
	tercume_diag_fn fn;	/* may be NULL: diagnostics are only counted */
	void *user;
	unsigned long errors;
	unsigned long warnings;
} tercume_reporter;

const char *tercume_status_string(tercume_status status);

/* Sets up libxml2 and ICU and reads what the library takes from the
 * process (the umask, TMPDIR, TERCUME_SRX_DIR, TERCUME_XLIFF_SCHEMAS),
 * once; later calls do nothing.  Every function that needs it calls it, so single-threaded
 * programs need not. */
void tercume_init(void);
const char *tercume_version(void);

/* ---- rich text: inline codes and markers (doc/rich-text.md) ---------- */

/* A unit's text is "coded text": one UTF-8 string in which every inline
 * code and every marker boundary is one character from the Unicode
 * noncharacters U+FDD1..U+FDD7 (the run kind below added to U+FDD0).  The
 * k-th such character of a text stands for codes[k] of the array that goes
 * with it, so a text and its array always travel together.  A plain
 * sentence is coded text without codes.  U+FDD0..U+FDEF are reserved:
 * text that enters tercume with one of them (an article, a catalogue, the
 * builder) is refused. */
typedef enum tercume_run_kind {
	TERCUME_RUN_TEXT,		/* a run of text (never a code's kind) */
	TERCUME_RUN_OPEN,		/* opening code of a pair: <b>, <a href> */
	TERCUME_RUN_CLOSE,		/* its closing code: </b>, </a> */
	TERCUME_RUN_STANDALONE,		/* a placeholder: <br>, <img>, a variable */
	TERCUME_RUN_ISOLATED_OPEN,	/* opening code whose closing code is in
					   another unit */
	TERCUME_RUN_ISOLATED_CLOSE,	/* closing code whose opening is elsewhere */
	TERCUME_RUN_MARKER_START,	/* start of an annotation (XLIFF <mrk>,
					   <sm>): a term, translate="no", a comment */
	TERCUME_RUN_MARKER_END		/* its end (</mrk>, <em>) */
} tercume_run_kind;

#define TERCUME_MARKER_BASE 0xFDD0	/* marker of kind k: U+FDD0 + k */
#define TERCUME_RESERVED_FIRST 0xFDD0	/* refused in input, up to ... */
#define TERCUME_RESERVED_LAST 0xFDEF

const char *tercume_run_kind_name(tercume_run_kind kind);	/* "open", "close", "ph", … */

/* XLIFF 2 editing hints.  UNSET: the file said nothing (XLIFF's default is
 * yes); FIRST_NO is canReorder="firstNo". */
typedef enum tercume_hint {
	TERCUME_HINT_UNSET,
	TERCUME_HINT_YES,
	TERCUME_HINT_NO,
	TERCUME_HINT_FIRST_NO
} tercume_hint;

/* One inline code or marker boundary.  Every string may be NULL but id.
 * The two codes of a pair (and the start and end of a marker span) share
 * their id; ids are unique among the pairs, placeholders and markers of one
 * text. */
typedef struct tercume_code {
	tercume_run_kind kind;	/* never TERCUME_RUN_TEXT */
	const char *id;
	const char *type;	/* codes: XLIFF 2 type (fmt, ui, quote, link, image,
				   other); markers: generic, comment, term or
				   a prefix:value of one's own */
	const char *subtype;	/* "xlf:b", "html:a", …  */
	const char *data;	/* the original data: the exact bytes the code
				   stands for in the source document */
	const char *display;	/* a short text to show for it (XLIFF disp) */
	const char *equiv;	/* the text it stands for in plain text (equiv) */
	tercume_hint can_copy, can_delete, can_reorder, can_overlap;
	tercume_hint translate;	/* markers: translate="yes"/"no" */
	const char *ref;	/* markers: a term's definition, a comment's note */
	const char *value;	/* markers: a comment's text */
	const char *extra;	/* further attributes as XML (` name="value"`…),
				   kept for formats that write them back */
} tercume_code;

/* One run of a coded text: text, or one code. */
typedef struct tercume_run {
	tercume_run_kind kind;
	const char *text;	/* TERCUME_RUN_TEXT: the bytes, not NUL-terminated */
	size_t len;
	const tercume_code *code;	/* the other kinds: the code */
	size_t index;		/* its index in the code array */
} tercume_run;

/* Walks the runs of a coded text.  The iterator borrows text and codes. */
typedef struct tercume_runs {
	const char *p, *end;
	const tercume_code *codes;
	size_t n_codes, next;
} tercume_runs;

void tercume_runs_init(tercume_runs *it, const char *text, const tercume_code *codes,
		       size_t n_codes);
/* Fills *run with the next run and returns 1, or returns 0 at the end (also
 * at a marker that has no code in the array, which a consistent text never
 * has: tercume_rich_valid). */
int tercume_runs_next(tercume_runs *it, tercume_run *run);

/* Whether text (len bytes) and its codes agree: valid UTF-8 without NUL,
 * no reserved character but the markers, one code per marker, of the
 * marker's kind, each with an id.  Says nothing about pairing, which
 * tercume check's "codes" check reports (a translator may break it). */
int tercume_rich_valid(const char *text, size_t len, const tercume_code *codes, size_t n_codes);

/* How to show a coded text as plain UTF-8:
 *   PLAIN     the text alone, codes dropped (word counts, similarity);
 *   NOTATION  codes as <ID>, </ID> and <ID/> (markers alike), a literal
 *             '<' that would read as one written '<<' (the PO notation,
 *             doc/rich-text.md);
 *   DATA      every code replaced by its original data (the source bytes). */
typedef enum tercume_render {
	TERCUME_RENDER_PLAIN,
	TERCUME_RENDER_NOTATION,
	TERCUME_RENDER_DATA
} tercume_render;

tercume_status tercume_rich_render(const char *text, const tercume_code *codes,
				   size_t n_codes, tercume_render how, char **out,
				   size_t *out_len);

/* Building coded text.  The builder copies everything it is given. */
typedef struct tercume_rich_builder tercume_rich_builder;

tercume_rich_builder *tercume_rich_builder_new(void);
void tercume_rich_builder_free(tercume_rich_builder *b);
/* Empties it for the next text. */
void tercume_rich_builder_clear(tercume_rich_builder *b);
/* Text: TERCUME_EINPUT when it is not UTF-8, holds a NUL or a reserved
 * character. */
tercume_status tercume_rich_add_text(tercume_rich_builder *b, const char *s, size_t len);
/* Any code, every field (TERCUME_EUSAGE without an id or with kind TEXT). */
tercume_status tercume_rich_add_code(tercume_rich_builder *b, const tercume_code *code);
/* The usual ones; data may be NULL. */
tercume_status tercume_rich_open(tercume_rich_builder *b, const char *id, const char *data);
tercume_status tercume_rich_close(tercume_rich_builder *b, const char *id, const char *data);
tercume_status tercume_rich_standalone(tercume_rich_builder *b, const char *id,
				       const char *data);
tercume_status tercume_rich_marker_start(tercume_rich_builder *b, const char *id,
					 const char *type);
tercume_status tercume_rich_marker_end(tercume_rich_builder *b, const char *id);
/* Appends the coded text that the notation s (len bytes) stands for: each
 * tag becomes the code of ref (the source's codes, n_ref of them) with its
 * id and the tag's shape (<ID>: one that opens, </ID>: one that closes,
 * <ID/>: a placeholder), with all its fields; a tag that no code of ref
 * fits becomes a code of the tag's shape without data (which the "codes"
 * check then reports).  "<<" is a literal '<'; a '<' that starts no tag is
 * itself. */
tercume_status tercume_rich_parse_notation(tercume_rich_builder *b, const char *s, size_t len,
					   const tercume_code *ref, size_t n_ref);
/* What has been built: the coded text (NUL-terminated) and its codes.  Both
 * belong to the builder and stay valid until it is next changed. */
const char *tercume_rich_builder_text(const tercume_rich_builder *b, size_t *len);
const tercume_code *tercume_rich_builder_codes(const tercume_rich_builder *b, size_t *n);

/* ---- language tags ---------------------------------------------------- */

/* Checks a BCP 47 language tag with ICU and writes its canonical form into
 * out (size bytes, the NUL included): "ru_RU" and "ru-ru" give "ru-RU",
 * "RU" gives "ru", "sr_latn" gives "sr-Latn".  TERCUME_EINPUT for a tag
 * that is empty, has characters ICU does not take ("en US"), or whose
 * language subtag is not 2 or 3 letters ("russian", "x-private"), and
 * "und" (undetermined); TERCUME_EUSAGE when out is too small (157 bytes,
 * ICU's ULOC_FULLNAME_CAPACITY, always do). */
tercume_status tercume_lang_canonical(const char *tag, char *out, size_t size);

/* ---- the document model ---------------------------------------------- */

typedef enum tercume_role {
	TERCUME_ROLE_PARAGRAPH,
	TERCUME_ROLE_HEADING,
	TERCUME_ROLE_BYLINE,
	TERCUME_ROLE_LABEL	/* a short trailing label such as "RECOMMEND:" */
} tercume_role;

const char *tercume_role_name(tercume_role role);
/* Returns 0 and sets *role, or -1 for an unknown name. */
int tercume_role_from_name(const char *name, tercume_role *role);

typedef enum tercume_layout {
	TERCUME_LAYOUT_AUTO,	/* detect: see tercume_doc_from_text */
	TERCUME_LAYOUT_LINE,	/* one paragraph per line */
	TERCUME_LAYOUT_BLANK	/* paragraphs separated by blank lines */
} tercume_layout;

const char *tercume_layout_name(tercume_layout layout);
int tercume_layout_from_name(const char *name, tercume_layout *layout);

/* An article: blocks (paragraphs, headings, …), each a run of sentence
 * units, and the skeleton of bytes between the units. */
typedef struct tercume_doc tercume_doc;

/* Where a unit is, as numbers: "paragraph 7, sentence 2" is made from them
 * for display only (tercume_place_format). */
typedef struct tercume_place {
	tercume_role role;	/* the role of its block */
	size_t ordinal;		/* 1-based number of the block among the blocks
				   of that role; 0: not known */
	size_t sentence;	/* 1-based number of the unit in its block; 0
				   when it is the block's only unit */
} tercume_place;

/* "paragraph 7, sentence 2", "heading 2"; "" when place->ordinal is 0.
 * Writes at most size bytes including the NUL; returns buf. */
char *tercume_place_format(const tercume_place *place, char *buf, size_t size);
/* Reads what tercume_place_format writes (and nothing else): 0, or -1 when
 * s is not such a note (*place then has ordinal 0). */
int tercume_place_parse(const char *s, tercume_place *place);

typedef struct tercume_unit_info {
	const char *id;		/* stable ID, see doc/ids.md */
	const char *text;	/* the sentence as coded text (see rich text above;
				   plain text when it has no codes), line breaks
				   inside folded to spaces */
	size_t block;		/* 0-based block index */
	size_t sentence;	/* 0-based index of the unit within its block */
	unsigned long line;	/* line of the source article where it starts */
	tercume_role role;	/* role of its block */
	const tercume_code *codes;	/* the codes of text, or NULL */
	size_t n_codes;
	tercume_place place;	/* role, block ordinal and sentence number */
} tercume_unit_info;

typedef struct tercume_block_info {
	tercume_role role;
	unsigned long line;	/* where it starts in the source */
	size_t first_unit;
	size_t n_units;
	size_t ordinal;		/* 1-based number among the blocks of its role */
} tercume_block_info;

typedef struct tercume_segment_options {
	int version;			/* TERCUME_SEGMENT_OPTIONS_VERSION */
	const char *source_lang;	/* BCP 47 tag; NULL means "en" */
	tercume_layout layout;
	const char *srx_path;		/* SRX 2.0 rules to use instead of the
					   built-in ones for source_lang;
					   NULL: the built-in ones (doc/srx.md) */
} tercume_segment_options;

#define TERCUME_SEGMENT_OPTIONS_VERSION 1
#define TERCUME_SEGMENT_OPTIONS_INIT { TERCUME_SEGMENT_OPTIONS_VERSION, "en", TERCUME_LAYOUT_AUTO, NULL }

/* Reads a UTF-8 plain-text article and segments it.  `name` is the path
 * recorded in the document and used in diagnostics. */
tercume_status tercume_doc_from_text(tercume_doc **out, const char *name,
				     const char *data, size_t len,
				     const tercume_segment_options *opts,
				     tercume_reporter *rep);
tercume_status tercume_doc_read_text(tercume_doc **out, const char *path,
				     const tercume_segment_options *opts,
				     tercume_reporter *rep);
void tercume_doc_free(tercume_doc *doc);

const char *tercume_doc_source_path(const tercume_doc *doc);
const char *tercume_doc_source_lang(const tercume_doc *doc);
tercume_layout tercume_doc_layout(const tercume_doc *doc);
/* "text" for a plain-text article; for one built by a reader of a markup,
 * the markup's name given to tercume_doc_builder_new ("html", …). */
const char *tercume_doc_format(const tercume_doc *doc);
size_t tercume_doc_unit_count(const tercume_doc *doc);
size_t tercume_doc_block_count(const tercume_doc *doc);
/* Fills *info for unit i (0 <= i < unit count). */
void tercume_doc_unit(const tercume_doc *doc, size_t i, tercume_unit_info *info);
/* Fills *info for block k (0 <= k < block count). */
void tercume_doc_block(const tercume_doc *doc, size_t k, tercume_block_info *info);
/* The skeleton bytes before unit i (not NUL-terminated; *len set). */
const char *tercume_doc_unit_skeleton(const tercume_doc *doc, size_t i, size_t *len);
/* Index of the unit with this ID, or (size_t)-1. */
size_t tercume_doc_find(const tercume_doc *doc, const char *id);
/* Context for translators, e.g. "paragraph 7, sentence 2" or "heading 2"
 * (tercume_place_format of the unit's place).
 * Writes at most size bytes including the NUL; returns buf. */
char *tercume_doc_unit_context(const tercume_doc *doc, size_t i, char *buf, size_t size);

/* Puts the units back into the skeleton.  replacement[i], when the array and
 * the element are non-NULL, stands in place of unit i; otherwise the unit's
 * source bytes are used, so a NULL array rebuilds the source byte for byte.
 * In the blank-line layout, a hard-wrapped paragraph that has a replacement
 * is wrapped again (ICU line breaks) to the width of its source lines, with
 * the source's line ends and the indentation of its second line. */
tercume_status tercume_doc_render(const tercume_doc *doc,
				  const char *const *replacement,
				  char **out, size_t *out_len);

/* ---- building a document from marked-up text (doc/rich-text.md) ---- */

/* A reader of a marked-up format (HTML, Markdown) hands the article over in
 * order: skeleton bytes (markup between blocks) and blocks, each a run of
 * text pieces and codes.  Each block is segmented into sentence units as it
 * ends; together the pieces give back every source byte. */
typedef struct tercume_doc_builder tercume_doc_builder;

/* name: the article's path, recorded in the document.  format: the
 * markup's name ("html", "markdown"), recorded in the document and its
 * segments file; translations merged into an "html", "xhtml" or "xml"
 * document have &, < and > escaped.  opts as for tercume_doc_from_text (its
 * layout is not used: a marked-up article is never re-wrapped). */
tercume_status tercume_doc_builder_new(tercume_doc_builder **out, const char *name,
				       const char *format,
				       const tercume_segment_options *opts,
				       tercume_reporter *rep);
/* Frees a builder that was not finished. */
void tercume_doc_builder_free(tercume_doc_builder *b);
/* Source bytes that belong to no unit, between blocks. */
tercume_status tercume_doc_builder_skeleton(tercume_doc_builder *b, const char *data,
					    size_t len);
tercume_status tercume_doc_builder_begin_block(tercume_doc_builder *b, tercume_role role);
/* A run of the block's text: what translators see, and the source bytes it
 * stands for (source NULL: the text's own bytes).  A run whose source has
 * another length (a character reference) is never split by a sentence
 * break; one of the same length maps byte for byte. */
tercume_status tercume_doc_builder_text(tercume_doc_builder *b, const char *text, size_t len,
					const char *source, size_t source_len);
/* A code of the block (copied): code->data are the source bytes it stands
 * for.  The pairs and marker spans of a block must be closed in it; a code
 * whose other half lies in another block is an isolated one. */
tercume_status tercume_doc_builder_code(tercume_doc_builder *b, const tercume_code *code);
/* A code whose data (what a translated edition puts in its place) are not
 * the source bytes it stands for (source, source_len: what the
 * untranslated document keeps): a Markdown shortcut reference `[label]`
 * closes with `][label]`, so that a translated link text keeps its link.
 * source NULL: code->data. */
tercume_status tercume_doc_builder_code_source(tercume_doc_builder *b, const tercume_code *code,
					       const char *source, size_t source_len);
/* Ends the block and segments it: no break inside a pair or a marker span,
 * a code at a sentence's edge with its sentence, what only wraps the block
 * to the skeleton; the codes of each unit get the ids 1, 2, … in order. */
tercume_status tercume_doc_builder_end_block(tercume_doc_builder *b);
/* The document (what was given since the last block is its tail).  Frees
 * the builder, also on failure.  Every call after a failure returns it. */
tercume_status tercume_doc_builder_finish(tercume_doc_builder *b, tercume_doc **out);

/* ---- HTML and Markdown articles (doc/html.md, doc/markdown.md) ------ */

/* Reads an HTML article through gumbo's HTML5 parser: units for the text
 * of headings, paragraphs, list items, table cells, <title>, the content
 * of <meta name="description"> and the alt, title, placeholder and
 * aria-label attributes; inline elements become codes; every other byte
 * is skeleton.  Format "html". */
tercume_status tercume_doc_from_html(tercume_doc **out, const char *name,
				     const char *data, size_t len,
				     const tercume_segment_options *opts,
				     tercume_reporter *rep);
/* Reads a Markdown article (CommonMark with GitHub tables, strikethrough
 * and task lists) through md4c: units for paragraphs, headings, list
 * items, table cells, image alt text and a front matter's title; inline
 * markup becomes codes.  Format "markdown". */
tercume_status tercume_doc_from_markdown(tercume_doc **out, const char *name,
					 const char *data, size_t len,
					 const tercume_segment_options *opts,
					 tercume_reporter *rep);

typedef enum tercume_markup {
	TERCUME_MARKUP_AUTO,	/* from the file name, tercume_markup_of_path */
	TERCUME_MARKUP_TEXT,
	TERCUME_MARKUP_HTML,
	TERCUME_MARKUP_MARKDOWN
} tercume_markup;

/* "text", "html", "markdown". */
const char *tercume_markup_name(tercume_markup m);
/* Accepts those three (and "md"); 0, or -1 for another name. */
int tercume_markup_from_name(const char *name, tercume_markup *m);
/* HTML for .html, .htm, .xhtml; Markdown for .md, .markdown; else text
 * (case-insensitive). */
tercume_markup tercume_markup_of_path(const char *path);
/* Reads the article at path with the reader m names (AUTO: by its name). */
tercume_status tercume_doc_read(tercume_doc **out, const char *path, tercume_markup m,
				const tercume_segment_options *opts, tercume_reporter *rep);

/* ---- the segments file (segments/NAME.seg), see doc/segments.md ----- */

tercume_status tercume_segments_write(const tercume_doc *doc, const char *path,
				      tercume_reporter *rep);
/* Serialises to memory (what tercume_segments_write puts in the file). */
tercume_status tercume_segments_format(const tercume_doc *doc, char **out, size_t *out_len);
/* Writes it to an open stream (NULL name: "standard output"). */
tercume_status tercume_segments_write_stream(const tercume_doc *doc, FILE *stream,
					     const char *name, tercume_reporter *rep);
/* Reads a segments file.  A regular file stays mapped, read-only, as long
 * as the document: the source bytes of its hard-wrapped sentences are read
 * from it again when they are needed.  Replace the file by a rename (as
 * tercume's writers do), never cut it short in place while the document
 * lives. */
tercume_status tercume_segments_read(tercume_doc **out, const char *path,
				     tercume_reporter *rep);
tercume_status tercume_segments_parse(tercume_doc **out, const char *name,
				      const char *data, size_t len,
				      tercume_reporter *rep);
/* Whether the article a segments file was made from (its source record;
 * a relative path is taken from the current directory) is still what the
 * file rebuilds: TERCUME_OK when it is, or when no such file can be found;
 * TERCUME_EINPUT, with an error that names the article, segments_path and
 * 'tercume update', when it has changed.  Every command that reads a
 * segments file to work on its article calls it. */
tercume_status tercume_segments_check_source(const tercume_doc *doc,
					     const char *segments_path,
					     tercume_reporter *rep);

/* ---- unit IDs --------------------------------------------------------- */

/* The 8-hex-digit content hash of a sentence (NFC, then 64-bit FNV-1a of
 * the UTF-8, low 32 bits).  `out` must hold 9 bytes. */
tercume_status tercume_unit_hash(const char *text, size_t len, char out[9]);

/* ---- catalogues: units with their translations ----------------------- */

/* PO and XLIFF states map onto these four; doc/states.md has the table. */
typedef enum tercume_state {
	TERCUME_STATE_UNTRANSLATED,
	TERCUME_STATE_FUZZY,		/* a translation that needs review */
	TERCUME_STATE_TRANSLATED,
	TERCUME_STATE_OBSOLETE		/* the unit left the article; kept for reuse */
} tercume_state;

const char *tercume_state_name(tercume_state state);

/* One entry of a catalogue.  Every string may be NULL but id and source. */
typedef struct tercume_entry {
	const char *id;			/* unit ID: PO msgctxt, XLIFF unit id */
	const char *source;		/* source sentence: PO msgid, XLIFF source */
	const char *target;		/* translation, NULL when there is none */
	tercume_state state;
	const char *context;		/* "paragraph 7, sentence 2": PO #., XLIFF note */
	const char *reference;		/* "articles/a.txt:12": PO #:, XLIFF note */
	const char *comment;		/* the translator's own comment: PO "# " */
	const char *previous_source;	/* source a fuzzy translation was made for */
	const char *format_state;	/* the state word as the file had it ("final",
					   "signed-off", …), kept so a conversion
					   back to that format loses nothing */
	unsigned long line;		/* where the entry starts in its file; 0 */
	int match_score;		/* similarity (0-100) of a fuzzy suggestion to
					   its previous_source, set by
					   tercume_catalog_update; 0 = none */
	/* source, target and previous_source are coded text (see rich text
	 * above): these are their codes, NULL and 0 for plain text. */
	const tercume_code *source_codes;
	size_t n_source_codes;
	const tercume_code *target_codes;
	size_t n_target_codes;
	const tercume_code *previous_codes;
	size_t n_previous_codes;
	tercume_place place;		/* where the unit is, as numbers; context is
					   its display form (tercume_catalog_add
					   makes each from the other) */
	const char *format_data;	/* what the file the entry was read from
					   holds that tercume does not model, kept so
					   that writing the same format gives it
					   back: for XLIFF the unit's other elements
					   and attributes, as XML (doc/xliff.md,
					   "Round trips").  Opaque, NULL for none;
					   copied with the entry; a writer of another
					   format leaves it out and says so */
	/* ---- entries of PO files that other tools wrote (issue 12) ---- */
	int implicit_id;		/* the file named no ID (a PO entry without
					   msgctxt, as xgettext, msgunfmt, po4a and
					   Translate Toolkit write): id is what a unit
					   with this source text gets (doc/ids.md), so
					   merge and update match the entry by its
					   source; PO writes it back without msgctxt */
	const char *msgctxt;		/* with implicit_id: a PO msgctxt that is
					   gettext's context, not a unit ID (in a file
					   where one msgctxt names several msgids, as
					   dpkg's "architecture"), written back as is */
	const char *po_formats;		/* the PO format flags of the entry
					   ("c-format python-format"), kept for the
					   PO round trip; NULL for none */
	const char *source_plural;	/* PO msgid_plural: a plural entry, which is
					   no unit of an article but is kept as it is
					   through every PO round trip; NULL for none */
	const char *const *plural_targets;	/* msgstr[1] … msgstr[n]: the forms
					   after target (msgstr[0]) */
	size_t n_plural_targets;
} tercume_entry;

typedef struct tercume_catalog tercume_catalog;

/* target_lang NULL makes a template (POT). */
tercume_catalog *tercume_catalog_new(const char *source_lang, const char *target_lang);
void tercume_catalog_free(tercume_catalog *cat);
/* Adds a copy of *e.  A second non-obsolete entry with the same ID is
 * TERCUME_EINPUT, and so is text that is not valid coded text
 * (tercume_rich_valid) for its codes.  When e->context is NULL and
 * e->place has an ordinal, the copy's context is the place's display form;
 * when e->place has none, it is read from a context note in that form. */
tercume_status tercume_catalog_add(tercume_catalog *cat, const tercume_entry *e);
size_t tercume_catalog_count(const tercume_catalog *cat);
const tercume_entry *tercume_catalog_entry(const tercume_catalog *cat, size_t i);
/* The non-obsolete entry with this ID, or NULL. */
const tercume_entry *tercume_catalog_find(const tercume_catalog *cat, const char *id);
const char *tercume_catalog_source_lang(const tercume_catalog *cat);
const char *tercume_catalog_target_lang(const tercume_catalog *cat);	/* NULL: template */
/* The article the catalogue was made from ("articles/a.txt"), or NULL. */
const char *tercume_catalog_source_path(const tercume_catalog *cat);
tercume_status tercume_catalog_set_source_path(tercume_catalog *cat, const char *path);
/* The PO header (the msgstr of the empty msgid) as it was read, or NULL:
 * written back with Language, X-Source-Language and X-Source-File set
 * from the catalogue, every other field as it was (doc/states.md). */
const char *tercume_catalog_po_header(const tercume_catalog *cat);
tercume_status tercume_catalog_set_po_header(tercume_catalog *cat, const char *header);
/* The translator comments of that header entry ("# Russian translations
 * for …"), its extracted comments ("#. extracted from a.txt") and whether
 * it was marked fuzzy, kept the same way. */
const char *tercume_catalog_po_header_comments(const tercume_catalog *cat);
const char *tercume_catalog_po_header_extracted(const tercume_catalog *cat);
int tercume_catalog_po_header_fuzzy(const tercume_catalog *cat);
tercume_status tercume_catalog_set_po_header_comments(tercume_catalog *cat,
						      const char *comments,
						      const char *extracted, int fuzzy);
/* The file it was read from, for diagnostics ("" when built in memory). */
const char *tercume_catalog_file(const tercume_catalog *cat);
tercume_status tercume_catalog_set_target_lang(tercume_catalog *cat, const char *lang);
/* What the file holds around its entries that tercume does not model (for
 * XLIFF: the root's, files' and groups' attributes and other content, as
 * XML), kept like an entry's format_data; NULL for none. */
const char *tercume_catalog_format_data(const tercume_catalog *cat);
tercume_status tercume_catalog_set_format_data(tercume_catalog *cat, const char *data);

/* A catalogue of every unit of doc, untranslated, with context notes and
 * references.  target_lang NULL makes a template. */
tercume_status tercume_catalog_from_doc(tercume_catalog **out, const tercume_doc *doc,
					const char *target_lang);

typedef enum tercume_format {
	TERCUME_FORMAT_AUTO,	/* by extension: .po/.pot, .xlf/.xliff (version from the file) */
	TERCUME_FORMAT_PO,
	TERCUME_FORMAT_XLIFF12,
	TERCUME_FORMAT_XLIFF20
} tercume_format;

const char *tercume_format_name(tercume_format fmt);	/* "po", "xliff12", "xliff20" */
/* Accepts "po", "pot", "xliff12" / "xliff-1.2", "xliff20" / "xliff" / "xliff-2.0". */
int tercume_format_from_name(const char *name, tercume_format *fmt);

/* The format of an existing catalogue file: PO by its name (.po, .pot),
 * XLIFF by the version its first 4 KiB name; a missing .xlf/.xliff file is
 * XLIFF 2.0.  TERCUME_FORMAT_AUTO when it cannot tell.  Writing a file back
 * in the format it was read in takes this. */
tercume_format tercume_format_of_file(const char *path);

/* Reads a catalogue.  XML is read with no network, no DTD and no entity
 * expansion. */
tercume_status tercume_catalog_read(tercume_catalog **out, const char *path,
				    tercume_format fmt, tercume_reporter *rep);
/* Whether a catalogue may be written afresh over path: TERCUME_OK when
 * path does not exist, is empty, or is a catalogue without a single
 * translation or translator comment (a template: nothing is lost);
 * otherwise TERCUME_EUSAGE with an error naming 'tercume update' and
 * --force.  'tercume export' calls it unless forced. */
tercume_status tercume_catalog_check_replace(const char *path, tercume_format fmt,
					     tercume_reporter *rep);
/* Reads a catalogue from memory.  name is for diagnostics and, with fmt
 * AUTO, tells PO by its extension; otherwise the first 4 KiB tell. */
tercume_status tercume_catalog_parse(tercume_catalog **out, const char *name,
				     const char *data, size_t len, tercume_format fmt,
				     tercume_reporter *rep);
/* Writes it atomically: a temporary file beside path, synced once and
 * renamed over it; on failure path is untouched.  A path that exists and is
 * not a regular file (a device, a FIFO) is written in place. */
tercume_status tercume_catalog_write(const tercume_catalog *cat, const char *path,
				     tercume_format fmt, tercume_reporter *rep);
/* Serialises to memory (what tercume_catalog_write puts in the file); fmt
 * must be a format, not AUTO. */
tercume_status tercume_catalog_format(const tercume_catalog *cat, tercume_format fmt,
				      char **out, size_t *out_len, tercume_reporter *rep);
/* Writes to an open stream (standard output), which stays open; name is
 * for diagnostics (NULL: "standard output").  A failed write is
 * TERCUME_EIO, reported. */
tercume_status tercume_catalog_write_stream(const tercume_catalog *cat, FILE *stream,
					    const char *name, tercume_format fmt,
					    tercume_reporter *rep);

/* Write the catalogue tercume_catalog_from_doc(doc, target_lang) makes, as
 * tercume_catalog_write and tercume_catalog_write_stream write it, without
 * holding it in memory: PO is written entry by entry (XLIFF, and PO
 * written by libgettextpo, through the whole catalogue).  doc stays the
 * caller's. */
tercume_status tercume_doc_write_catalog(const tercume_doc *doc, const char *target_lang,
					 const char *path, tercume_format fmt,
					 tercume_reporter *rep);
tercume_status tercume_doc_write_catalog_stream(const tercume_doc *doc, const char *target_lang,
						FILE *stream, const char *name,
						tercume_format fmt, tercume_reporter *rep);

/* ---- files ------------------------------------------------------------ */

/* Reads a whole file into a NUL-terminated malloc'd buffer. */
tercume_status tercume_read_file(const char *path, char **out, size_t *out_len,
				 tercume_reporter *rep);
/* Writes data to a temporary file beside path, syncs it and renames it over
 * path: on failure the previous file is untouched. */
tercume_status tercume_write_file_atomic(const char *path, const char *data,
					 size_t len, tercume_reporter *rep);

/* Whether a and b name one file: the same device and inode (symbolic and
 * hard links included), not the same name.  False when either does not
 * exist. */
int tercume_same_file(const char *a, const char *b);
/* What a command calls before it writes `output`: TERCUME_EUSAGE, with an
 * error naming both, when output is an existing regular file that is one
 * of the n inputs (NULL entries are skipped); TERCUME_OK otherwise, and for
 * NULL or "-" (standard output).  No command writes over its own input. */
tercume_status tercume_output_check(const char *output, const char *const *inputs,
				    size_t n, tercume_reporter *rep);

/* ---- coverage and quality checks (tercume check), see doc/check.md --- */

/* The words of text as ICU's word break iterator for lang (BCP 47; NULL
 * means "en") finds them: every segment whose rule status is not
 * UBRK_WORD_NONE, that is words, numbers, kana and ideographs, but not
 * spaces or punctuation.  Inline code markers of a coded text are not
 * words (they are left out, doc/rich-text.md). */
tercume_status tercume_word_count(const char *text, const char *lang, unsigned long *count);

/* A catalogue's units and the words of their source texts, by state. */
typedef struct tercume_counts {
	unsigned long units[4];		/* indexed by tercume_state */
	unsigned long words[4];
} tercume_counts;

/* The state an entry counts as: like msgfmt --statistics, a translated or
 * fuzzy entry whose translation is empty counts as untranslated. */
tercume_state tercume_entry_effective_state(const tercume_entry *e);
/* Counts cat's entries into *counts (which it first clears); words are
 * counted in the catalogue's source language. */
tercume_status tercume_catalog_counts(const tercume_catalog *cat, tercume_counts *counts);
void tercume_counts_add(tercume_counts *sum, const tercume_counts *c);
/* Percentage of the non-obsolete units (by_words: of their source words)
 * that are translated; 100 when there is nothing to translate. */
double tercume_counts_coverage(const tercume_counts *c, int by_words);

/* The quality checks, each with a short name and a default severity. */
typedef struct tercume_check_info {
	const char *name;		/* "numbers", "quotes", … */
	tercume_severity severity;	/* TERCUME_SEV_ERROR or _WARNING */
	const char *summary;		/* one line, in English; dgettext("tercume",
					   summary) gives it in the user's
					   language */
} tercume_check_info;

size_t tercume_check_count(void);
const tercume_check_info *tercume_check_at(size_t i);
/* The check with this name, or NULL. */
const tercume_check_info *tercume_check_find(const char *name);

/* One finding of a check. */
typedef struct tercume_finding {
	tercume_severity severity;	/* after --werror; TERCUME_SEV_NOTE for what
					   could not be checked */
	const char *check;
	const char *file;		/* the catalogue's file ("" in memory) */
	unsigned long line;		/* of the entry; 0 when unknown */
	const char *unit;		/* the unit's ID, or NULL */
	const char *message;		/* English */
} tercume_finding;

typedef void (*tercume_finding_fn)(const tercume_finding *f, void *user);

/* A glossary: concepts, each with terms in one or more languages, each
 * term preferred, admitted or deprecated (the `terms` check). */
typedef struct tercume_glossary tercume_glossary;

/* Reads a TBX glossary (TBX 3, ISO 30042:2019, DCA style: conceptEntry,
 * langSec, termSec; or TBX 2: termEntry, langSet, tig/ntig).  A term's
 * status is its termNote of type administrativeStatus, normativeAuthorization
 * or usageStatus; a term with none is admitted. */
tercume_status tercume_glossary_read(tercume_glossary **out, const char *path,
				     tercume_reporter *rep);
void tercume_glossary_free(tercume_glossary *g);
size_t tercume_glossary_concept_count(const tercume_glossary *g);
/* Terms in lang (its primary subtag; NULL: in any language). */
size_t tercume_glossary_term_count(const tercume_glossary *g, const char *lang);

typedef struct tercume_check_options {
	int version;			/* TERCUME_CHECK_OPTIONS_VERSION */
	const tercume_doc *segments;	/* the article to compare with, or NULL */
	const char *target_lang;	/* NULL: the catalogue's own */
	const char *const *disabled;	/* NULL-terminated check names, or NULL */
	const char *const *fatal;	/* checks whose warnings are errors, or NULL */
	int werror;			/* every warning is an error */
	tercume_finding_fn fn;		/* receives every finding; may be NULL */
	void *user;
	/* version 2 */
	const tercume_glossary *glossary;	/* for `terms` and `spelling`; NULL: none */
	const char *const *dictionary_dirs;	/* where `spelling` looks for hunspell
						   dictionaries, NULL-terminated;
						   NULL: the default (/usr/share/hunspell) */
} tercume_check_options;

#define TERCUME_CHECK_OPTIONS_VERSION 2
#define TERCUME_CHECK_OPTIONS_INIT { TERCUME_CHECK_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }

typedef struct tercume_check_result {
	unsigned long errors;		/* findings of each severity */
	unsigned long warnings;
	unsigned long missing;		/* units of the article not in the catalogue */
	unsigned long extra;		/* catalogue units the article no longer has */
	unsigned long stale;		/* translations of a source that has changed */
	unsigned long notes;		/* TERCUME_SEV_NOTE findings: what could not be
					   checked (no dictionary for the language) */
} tercume_check_result;

/* Runs every enabled check over cat's translated and fuzzy entries and, when
 * opts->segments is given, compares the catalogue with the article.
 * Findings go to opts->fn; *res (cleared first) counts them.  rep gets
 * the library's own failures (an unknown check name: TERCUME_EUSAGE). */
tercume_status tercume_catalog_check(const tercume_catalog *cat,
				     const tercume_check_options *opts,
				     tercume_check_result *res, tercume_reporter *rep);

/* ---- merging: localised editions ------------------------------------- */

/* What to do with a unit that has no usable translation (untranslated, a
 * fuzzy translation not asked for, or a stale one). */
typedef enum tercume_fallback {
	TERCUME_FALLBACK_SOURCE,	/* keep the source sentence, with a warning */
	TERCUME_FALLBACK_FAIL		/* refuse the edition: every such unit and
					   every unknown ID is an error */
} tercume_fallback;

const char *tercume_fallback_name(tercume_fallback fallback);	/* "source", "fail" */
int tercume_fallback_from_name(const char *name, tercume_fallback *fallback);

typedef struct tercume_merge_options {
	int version;			/* TERCUME_MERGE_OPTIONS_VERSION */
	tercume_fallback fallback;
	int use_fuzzy;			/* non-zero: fuzzy translations fill their units */
	double min_coverage;		/* refuse an edition with a smaller share of
					   translated units, in percent (0: no floor;
					   -1, the default: TERCUME_MERGE_FLOOR, which
					   refuses an edition hardly translated at all) */
} tercume_merge_options;

/* The default floor, in percent: an "edition" in which fewer units than
 * this have a usable translation is refused unless min_coverage says
 * otherwise (0 takes any).  Nothing translated, or all of it fuzzy, must
 * never pass as an edition (doc/merge.md). */
#define TERCUME_MERGE_FLOOR 10.0

#define TERCUME_MERGE_OPTIONS_VERSION 1
#define TERCUME_MERGE_OPTIONS_INIT { TERCUME_MERGE_OPTIONS_VERSION, TERCUME_FALLBACK_SOURCE, 0, -1.0 }

/* How one unit of an edition was filled. */
typedef enum tercume_fill {
	TERCUME_FILL_TRANSLATED,	/* a translated entry */
	TERCUME_FILL_FUZZY,		/* a fuzzy entry, used because use_fuzzy */
	TERCUME_FILL_UNTRANSLATED,	/* source kept: no entry, or no translation */
	TERCUME_FILL_FUZZY_SKIPPED,	/* source kept: only a fuzzy translation */
	TERCUME_FILL_STALE,		/* source kept: the translation was made for
					   another source text */
	TERCUME_FILL_BROKEN		/* source kept: the translation's inline codes
					   do not match the source's (the "codes"
					   check, doc/check.md) */
} tercume_fill;

const char *tercume_fill_name(tercume_fill fill);

/* The counts the merge summary prints. */
typedef struct tercume_merge_stats {
	size_t units;		/* units of the document */
	size_t translated;	/* TERCUME_FILL_TRANSLATED */
	size_t fuzzy_used;	/* TERCUME_FILL_FUZZY */
	size_t kept;		/* source kept: the four below together */
	size_t untranslated;
	size_t fuzzy_skipped;
	size_t stale;
	size_t broken;		/* TERCUME_FILL_BROKEN */
	size_t unknown;		/* entries whose ID the document does not know */
	size_t obsolete;	/* obsolete entries (ignored) */
	double coverage;	/* (translated + fuzzy_used) / units, in percent;
				   100 for a document without units */
	int refused;		/* the options refused the edition (fallback
				   fail, min_coverage): the merge returned
				   TERCUME_EINPUT and the errors say why */
} tercume_merge_stats;

/* A localised edition: a document with one text per unit.  It borrows the
 * document, which must outlive it. */
typedef struct tercume_edition tercume_edition;

/* Builds the edition of doc in the catalogue's target language.  A
 * translation is used only when its entry's ID is a unit of doc, its
 * recorded source equals the unit's text, its state is translated (or
 * fuzzy with use_fuzzy) and its inline codes match the unit's (no finding
 * of the "codes" check); every other unit falls back as opts say (NULL:
 * TERCUME_MERGE_OPTIONS_INIT).  Every fallback, stale translation and
 * unknown ID is reported, naming the catalogue file and the entry's line.
 * stats (may be NULL) is filled even when the edition is refused; *out is
 * then NULL and the status TERCUME_EINPUT.  A template (no target language)
 * is TERCUME_EUSAGE.  Plural entries (PO msgid_plural) are not units and
 * are left out; an entry whose ID the file did not give (a PO entry without
 * msgctxt) also fills every unit whose text is its source.  cat NULL makes the source edition: every unit as it
 * is, in the document's language, with nothing reported. */
tercume_status tercume_merge(tercume_edition **out, const tercume_doc *doc,
			     const tercume_catalog *cat, const tercume_merge_options *opts,
			     tercume_merge_stats *stats, tercume_reporter *rep);
/* The same merge with the catalogue read from path (fmt as for
 * tercume_catalog_read) as it goes: a PO file that tercume's own reader
 * reads hands each entry to the merge, which keeps only what the edition
 * needs, never the catalogue (issue 15); any other file is read whole
 * first.  A file that is not valid fails as tercume_catalog_read fails,
 * and nothing of the merge is reported.  tercume_merger_catalog is the
 * catalogue's header (its languages, its file; a streamed one holds no
 * entries), to be changed before tercume_merger_finish (the target
 * language, tercume_catalog_set_target_lang); has_translations: whether a
 * live entry has a translation.  finish reports and returns what
 * tercume_merge does, once; free frees the merger and its catalogue. */
typedef struct tercume_merger tercume_merger;
tercume_status tercume_merger_read(tercume_merger **out, const tercume_doc *doc,
				   const char *path, tercume_format fmt,
				   const tercume_merge_options *opts, tercume_reporter *rep);
tercume_catalog *tercume_merger_catalog(tercume_merger *m);
int tercume_merger_has_translations(const tercume_merger *m);
tercume_status tercume_merger_finish(tercume_merger *m, tercume_edition **out,
				     tercume_merge_stats *stats);
void tercume_merger_free(tercume_merger *m);
void tercume_edition_free(tercume_edition *ed);

const tercume_doc *tercume_edition_doc(const tercume_edition *ed);
const char *tercume_edition_lang(const tercume_edition *ed);
const tercume_merge_stats *tercume_edition_stats(const tercume_edition *ed);
/* The text of unit i in the edition (the translation, or the source kept),
 * as coded text, its codes, and how it was filled.  A translation's codes
 * are the translator's, matched to the source's by id; what the rendered
 * edition puts in their place is the source's original data. */
const char *tercume_edition_unit_text(const tercume_edition *ed, size_t i);
const tercume_code *tercume_edition_unit_codes(const tercume_edition *ed, size_t i, size_t *n);
tercume_fill tercume_edition_unit_fill(const tercume_edition *ed, size_t i);

/* "ru: 69 units, 69 translated, 0 fuzzy used, 0 kept in English, 0 stale"
 * (plus ", N with broken codes" and ", N unknown IDs" when there are some).  Writes at most size bytes
 * including the NUL; returns buf. */
char *tercume_merge_summary(const tercume_merge_stats *stats, const char *target_lang,
			    const char *source_lang, char *buf, size_t size);

/* The edition as plain text in the source's layout: blocks, line endings,
 * BOM and final newline as the source had them. */
tercume_status tercume_edition_render_text(const tercume_edition *ed, char **out,
					   size_t *out_len);
/* The same written to path atomically (temporary file, then renamed), or
 * to an open stream that stays open (name for diagnostics; NULL: "standard
 * output"), as it is made: the edition is never held whole in memory.  A
 * failed write is TERCUME_EIO, reported. */
tercume_status tercume_edition_write_text(const tercume_edition *ed, const char *path,
					  tercume_reporter *rep);
tercume_status tercume_edition_write_text_stream(const tercume_edition *ed, FILE *stream,
						 const char *name, tercume_reporter *rep);

typedef struct tercume_html_options {
	int version;		/* TERCUME_HTML_OPTIONS_VERSION */
	const char *title;	/* NULL: chosen from the text, see doc/merge.md */
	int no_css;		/* non-zero: leave out the inline style sheet */
} tercume_html_options;

#define TERCUME_HTML_OPTIONS_VERSION 1
#define TERCUME_HTML_OPTIONS_INIT { TERCUME_HTML_OPTIONS_VERSION, NULL, 0 }

/* The edition in the article's own format: a plain-text article as
 * tercume_edition_render_text; an HTML article the same document with the
 * translated text and lang (and dir, for a right-to-left language) on
 * <html> set to the edition's language; a Markdown article Markdown, the
 * translated text escaped where it would read as markup. */
tercume_status tercume_edition_render_document(const tercume_edition *ed, char **out,
					       size_t *out_len, tercume_reporter *rep);

/* The edition as a standalone HTML5 page (UTF-8), built with libxml2. */
tercume_status tercume_edition_render_html(const tercume_edition *ed,
					   const tercume_html_options *opts,
					   char **out, size_t *out_len, tercume_reporter *rep);
/* The title render_html gives the page when opts->title is NULL, as a
 * malloc'd string. */
tercume_status tercume_edition_title(const tercume_edition *ed, char **out);

/* ---- bringing catalogues up to date; translation memory ------------- */

/* See doc/update.md.  Similarities are percentages: 100 minus the
 * character (code point) Levenshtein distance between two sentences as a
 * share of the longer one, rounded down. */
#define TERCUME_UPDATE_THRESHOLD_DEFAULT 50

typedef struct tercume_update_options {
	int version;			/* TERCUME_UPDATE_OPTIONS_VERSION */
	int threshold;			/* minimum similarity of a fuzzy match, 1-100 */
	int fuzzy;			/* 0 turns fuzzy matching off */
	const tercume_catalog *tm;	/* a translation memory (same languages),
					   or NULL; see tercume_tmx_read */
} tercume_update_options;

#define TERCUME_UPDATE_OPTIONS_VERSION 1
#define TERCUME_UPDATE_OPTIONS_INIT \
	{ TERCUME_UPDATE_OPTIONS_VERSION, TERCUME_UPDATE_THRESHOLD_DEFAULT, 1, NULL }

typedef struct tercume_update_stats {
	size_t kept;		/* units whose source is unchanged: everything kept */
	size_t fuzzy;		/* new units given a close translation as fuzzy */
	size_t fresh;		/* new units with no close match: untranslated */
	size_t obsolete;	/* units that left the article, kept as obsolete */
	size_t dropped;		/* vanished units with nothing to keep (no
				   translation, no comment) */
	size_t tm_exact;	/* units filled as translated from the memory */
	size_t tm_fuzzy;	/* of `fuzzy`, those whose match came from the memory */
	size_t translated_before;	/* live entries of `old` with a translation */
	size_t translated_lost;	/* of those, the ones made obsolete */
} tercume_update_stats;

/* Brings the catalogue `old` up to date with the re-segmented article
 * new_doc.  *out gets one entry per unit of new_doc, in article order, then
 * the obsolete entries:
 * - a unit whose source is in `old` (under any ID) keeps its translation,
 *   state and comments; an obsolete entry with that source comes back;
 * - otherwise, an identical source in opts->tm fills it as translated;
 * - otherwise, when fuzzy matching is on, the closest translated entry among
 *   the vanished and obsolete units of `old` and the memory, if at least
 *   opts->threshold similar, gives a FUZZY translation with previous_source
 *   and match_score set;
 * - otherwise it is untranslated;
 * - a unit of `old` that is not in new_doc becomes OBSOLETE (dropped when it
 *   has neither translation nor comment).
 * A unit kept untranslated is filled from opts->tm the same way.  Candidate
 * sources are found through a character-trigram index, so the cost grows
 * about linearly with the catalogue.  Applying it twice changes nothing the
 * second time.  opts and stats may be NULL. */
tercume_status tercume_catalog_update(const tercume_catalog *old, const tercume_doc *new_doc,
				      const tercume_update_options *opts,
				      tercume_catalog **out, tercume_update_stats *stats);
/* Whether the update of `old` that *stats describes is safe to write:
 * TERCUME_EINPUT, with an error naming old's file and --force, when the
 * article old records (PO X-Source-File, XLIFF original) is not new_doc's
 * (the same file, or when either cannot be found, the same file name), or
 * when more than half of old's translated units would become obsolete:
 * both say the catalogue belongs to another article.  TERCUME_OK
 * otherwise; a catalogue that records no article passes the first test. */
tercume_status tercume_update_check(const tercume_catalog *old, const tercume_doc *new_doc,
				    const tercume_update_stats *stats, tercume_reporter *rep);
/* The same for a catalogue with no new article: fills its untranslated
 * entries from opts->tm (exact: translated; close: fuzzy). */
tercume_status tercume_catalog_fill(const tercume_catalog *cat,
				    const tercume_update_options *opts,
				    tercume_catalog **out, tercume_update_stats *stats);
/* The similarity (0-100) of two UTF-8 sentences, as used above; inline
 * code markers are left out. */
int tercume_similarity(const char *a, const char *b);

/* TMX 1.4b translation memories (doc/update.md).  tercume_tmx_read reads the
 * translation units that have a variant in source_lang and one in
 * target_lang (matched by primary language subtag when no variant matches
 * exactly, case-insensitively) as TRANSLATED entries of a new catalogue; the
 * XML is read with no network, no DTD and no entity expansion. */
tercume_status tercume_tmx_read(tercume_catalog **out, const char *path,
				const char *source_lang, const char *target_lang,
				tercume_reporter *rep);
/* Writes the translated (not fuzzy, not obsolete) entries of n catalogues
 * as one TMX 1.4b file, atomically: one <tu> per source and target
 * language pair, identical pairs once. */
tercume_status tercume_tmx_write(const tercume_catalog *const *cats, size_t n,
				 const char *path, tercume_reporter *rep);
/* Writes it to an open stream (NULL name: "standard output"). */
tercume_status tercume_tmx_write_stream(const tercume_catalog *const *cats, size_t n,
					FILE *stream, const char *name, tercume_reporter *rep);
/* Serialises to memory (what tercume_tmx_write puts in the file). */
tercume_status tercume_tmx_format(const tercume_catalog *const *cats, size_t n,
				  char **out, size_t *out_len);

/* ---- projects: every article in every language (doc/project.md) ---- */

/* A project file (INI, read with libinih) names the articles, the source
 * and target languages, and where each article's segments, template,
 * catalogues and editions go.  Reading it expands the article patterns
 * (sorted in byte order, duplicates once) and works out every file's path;
 * the object is then read-only: one project may be used by any number of
 * threads at once. */
typedef struct tercume_project tercume_project;

/* Reads the project file at path.  Paths in it are relative to the file's
 * directory.  A bad file gets one error naming the file, the line and the
 * key: TERCUME_EINPUT. */
tercume_status tercume_project_read(tercume_project **out, const char *path,
				    tercume_reporter *rep);
/* The same from memory.  root is the directory the paths are relative to
 * ("" the current one); NULL leaves the file system alone: the article
 * patterns are taken as paths, unexpanded and unchecked. */
tercume_status tercume_project_parse(tercume_project **out, const char *name,
				     const char *data, size_t len, const char *root,
				     tercume_reporter *rep);
void tercume_project_free(tercume_project *p);

const char *tercume_project_file(const tercume_project *p);
/* The directory the project's paths are relative to: "" or ending in '/'. */
const char *tercume_project_root(const tercume_project *p);
const char *tercume_project_source_lang(const tercume_project *p);
size_t tercume_project_lang_count(const tercume_project *p);
const char *tercume_project_lang(const tercume_project *p, size_t lang);
size_t tercume_project_article_count(const tercume_project *p);
/* The thresholds a language's [lang] section sets for tercume check:
 * a percentage of units, a number of fuzzy units; -1 when it sets none. */
double tercume_project_min_coverage(const tercume_project *p, size_t lang);
long tercume_project_max_fuzzy(const tercume_project *p, size_t lang);
/* Edition formats: "txt", "html", "source", as the project lists them
 * (default: txt html, and source when an article is HTML or Markdown). */
size_t tercume_project_edition_format_count(const tercume_project *p);
const char *tercume_project_edition_format(const tercume_project *p, size_t k);

/* The files of one article, relative to the root (tercume_project_path
 * joins it). */
typedef struct tercume_article_info {
	const char *path;		/* the article */
	const char *name;		/* {name}: file name without extension
					   and source-language suffix */
	const char *segments;		/* its segments file */
	const char *template_path;	/* its template (POT), or NULL */
} tercume_article_info;

void tercume_project_article(const tercume_project *p, size_t i,
			     tercume_article_info *info);
/* Article i's catalogue in language lang, and its format
 * (TERCUME_FORMAT_AUTO: XLIFF, the version an existing file has, else 2.0). */
const char *tercume_project_catalog(const tercume_project *p, size_t i, size_t lang,
				    tercume_format *fmt);
/* Article i's edition in language lang and edition format k; NULL when
 * format k makes none of this article (txt and html of a marked-up article,
 * source of a plain-text one that has its txt edition: doc/project.md). */
const char *tercume_project_edition(const tercume_project *p, size_t i, size_t lang,
				    size_t k);
/* rel joined to the project's root, malloc'd; NULL when memory runs out. */
char *tercume_project_path(const tercume_project *p, const char *rel);

/* Whether article i is in shard k of n (1 <= k <= n): the 64-bit FNV-1a
 * hash of its path modulo n is k - 1.  The same on every machine, and an
 * article keeps its shard when others are added. */
int tercume_project_in_shard(const tercume_project *p, size_t i, unsigned k, unsigned n);

/* Options of the project-wide work below. */
typedef struct tercume_project_options {
	int version;		/* TERCUME_PROJECT_OPTIONS_VERSION */
	unsigned jobs;		/* threads working on articles (0, 1: the
				   calling thread only) */
	unsigned shard, shards;	/* only the articles of shard K of N; 0, 0: all */
	int force;		/* sync: every article as if it had changed;
				   build: every edition as if out of date */
	int dry_run;		/* sync, build: say what would be done, write nothing */
} tercume_project_options;

#define TERCUME_PROJECT_OPTIONS_VERSION 1
#define TERCUME_PROJECT_OPTIONS_INIT { TERCUME_PROJECT_OPTIONS_VERSION, 1, 0, 0, 0, 0 }

typedef enum tercume_article_state {
	TERCUME_ARTICLE_UNCHANGED,	/* the segments file rebuilds it: not touched */
	TERCUME_ARTICLE_NEW,		/* no segments file yet */
	TERCUME_ARTICLE_CHANGED,	/* its text is not what the segments file holds */
	TERCUME_ARTICLE_INCOMPLETE,	/* unchanged, but a catalogue or the template is missing */
	TERCUME_ARTICLE_FAILED		/* could not be read or updated: nothing written */
} tercume_article_state;

const char *tercume_article_state_name(tercume_article_state state);

/* What tercume_project_sync did to one article. */
typedef struct tercume_sync_result {
	size_t article;			/* index in the project */
	tercume_article_state state;
	size_t units;			/* units of the article (0 when unchanged) */
	size_t written;			/* files written (those whose bytes changed) */
	const tercume_update_stats *stats;	/* per language (lang_count of them);
					   NULL when unchanged or failed */
} tercume_sync_result;

typedef void (*tercume_sync_fn)(const tercume_sync_result *r, void *user);

/* Brings the project up to date with its articles.  Each article whose
 * segments file does not rebuild it byte for byte (or that has none) is
 * segmented again; every catalogue of it is brought up to date as
 * tercume_catalog_update does (a missing one is made), with the translated
 * units of every other article of the project as a translation memory
 * (exact: translated, close: fuzzy); its template is made; then each file
 * whose bytes changed is written atomically, the segments file last.  An
 * unchanged article is not touched.  fn (may be NULL) is called in the
 * calling thread, once per selected article in project order, whatever
 * opts->jobs is; diagnostics reach rep in the same order.  Returns the
 * first failure's status after doing every other article. */
tercume_status tercume_project_sync(const tercume_project *p,
				    const tercume_project_options *opts,
				    tercume_sync_fn fn, void *user, tercume_reporter *rep);

/* What tercume_project_build did with one edition. */
typedef struct tercume_build_result {
	size_t article, lang, format;	/* indices in the project */
	const char *path;		/* the edition, relative to the root */
	int written;			/* 1 written; 0 up to date (bytes unchanged) */
	int refused;			/* the merge options refused it: not written */
	tercume_merge_stats stats;	/* when it was made */
} tercume_build_result;

typedef void (*tercume_build_fn)(const tercume_build_result *r, void *user);

/* Makes every edition that is older than its segments file or its
 * catalogue (or missing), in every language and format, with the
 * project's merge options; an edition whose bytes do not change keeps its
 * file (its time stamp is brought forward).  fn as in
 * tercume_project_sync, once per edition made.  A refused edition is
 * reported and counted in fn's result; the status is then TERCUME_EINPUT. */
tercume_status tercume_project_build(const tercume_project *p,
				     const tercume_project_options *opts,
				     tercume_build_fn fn, void *user, tercume_reporter *rep);

/* The state of one catalogue of the project. */
typedef struct tercume_project_status_row {
	size_t article, lang;
	const char *catalogue;		/* relative to the root */
	int present;			/* the catalogue exists (and so does the
					   segments file) */
	int article_changed;		/* the article is no longer what its
					   segments file rebuilds: sync has not
					   run since it changed */
	tercume_counts counts;
	tercume_check_result check;	/* when checks were asked for */
} tercume_project_status_row;

typedef void (*tercume_status_fn)(const tercume_project_status_row *row, void *user);

/* Reads every catalogue of the selected articles (with the article's
 * segments file), counts it and, when copts is non-NULL, checks it against
 * the article (copts->segments and copts->target_lang are set for each).
 * fn gets one row per article and language, copts->fn every finding (a
 * catalogue's findings just before its row), both in the calling thread in
 * project order.  A missing file is a row with
 * present 0, not a failure; an unreadable or malformed one is. */
tercume_status tercume_project_status(const tercume_project *p,
				      const tercume_project_options *opts,
				      const tercume_check_options *copts,
				      tercume_status_fn fn, void *user, tercume_reporter *rep);

/* A new project file's text for these articles (paths or patterns as
 * given), in a malloc'd buffer: the keys with their defaults, one section
 * per language. */
tercume_status tercume_project_template(const char *const *articles, size_t n,
					const char *source_lang,
					const char *const *langs, size_t n_langs,
					char **out, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* TERCUME_H */
