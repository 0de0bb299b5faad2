/* po.h — shared by the PO modules: po.c (the mapping between PO messages
 * and catalogue entries, and libgettextpo's reader and writer) and
 * po-stream.c (the streaming reader and writer).  Not installed. */
#ifndef TERCUME_PO_H
#define TERCUME_PO_H

#include "internal.h"

/* The translator-comment line that keeps an entry's format_state. */
#define TU_PO_STATE_PREFIX "xliff-state: "
/* The similarity of a fuzzy suggestion, as "fuzzy-match: 87%". */
#define TU_PO_MATCH_PREFIX "fuzzy-match: "

/* ---- which implementation ----
 * TERCUME_PO=gettextpo in the environment reads and writes every PO file
 * with libgettextpo (the reference the streaming code is tested against);
 * otherwise the streaming code does, and hands a file it does not handle
 * (another charset, a domain directive) to libgettextpo. */
bool tu_po_use_gettextpo(void);
/* TERCUME_PO_AUDIT set: every PO file written is also rendered by
 * libgettextpo and every one read is also read by it, and a difference is
 * an error (the test suite sets it; doc/states.md, "PO"). */
bool tu_po_audit(void);

/* libgettextpo's format types ("c-format", ...: po_format_list), safe to
 * ask from any thread. */
const char *const *tu_po_format_list(void);

/* ---- a message, as read ---- */
typedef struct tu_po_ref {
	char *file;
	size_t line;		/* (size_t)-1: none */
} tu_po_ref;

typedef struct tu_po_msg {
	const char *msgctxt;		/* NULL when there is none */
	const char *msgid;
	const char *msgid_plural;	/* NULL when there is none */
	const char *msgstr;		/* (the first form of a plural entry) */
	const char *const *forms;	/* a plural entry's msgstr[1] ... */
	size_t n_forms;
	const char *prev_msgid;		/* NULL when there is none */
	const char *comments;		/* translator comments: each line ends in '\n' */
	const char *extracted;		/* the same for "#." */
	const tu_po_ref *refs;		/* the file positions, each once, in order */
	size_t n_refs;
	const char *formats;		/* "c-format python-format": the format flags
					   po_message_is_format sees, in
					   po_format_list's order; NULL when none */
	bool fuzzy, obsolete;
	unsigned long line;		/* of the msgstr keyword */
} tu_po_msg;

/* What a read of one file knows beyond one message: the IDs given to
 * entries without msgctxt, and whether msgctxt is gettext's context (one
 * msgctxt naming two live messages in a file that names no article). */
typedef struct tu_po_reading {
	tu_idgen *ids;
	bool contexts;
} tu_po_reading;

/* Whether m is a header entry (skipped when entries are added). */
bool tu_po_msg_is_header(const tu_po_msg *m);

/* Adds message m to cat.  TERCUME_EINPUT: *problem (malloc'd) says what is
 * wrong, for the caller to report at m->line. */
tercume_status tu_po_msg_add(tercume_catalog *cat, const tu_po_msg *m, tu_po_reading *rd,
			     char **problem);

/* Appends "file:line" (or "file" for line (size_t)-1) to b, with a space
 * before it unless b is empty: one file position of references. */
void tu_po_put_ref(tu_buf *b, const char *file, size_t line);

/* The header entry's fields that tercume uses (malloc'd or NULL). */
typedef struct tu_po_header {
	char *lang, *src_lang, *src_file, *charset;
} tu_po_header;
void tu_po_header_read(const char *header, tu_po_header *h);
void tu_po_header_free(tu_po_header *h);
/* Whether tercume reads a catalogue of this charset (template: no target
 * language). */
bool tu_po_charset_ok(const char *cs, bool template);
/* The catalogue a header describes: a new one, or TERCUME_EINPUT with
 * *problem (malloc'd) when its charset is not one tercume reads. */
tercume_status tu_po_header_catalog(const tu_po_header *h, tercume_catalog **out,
				    char **problem);
/* Applies the header's languages and source file to cat. */
tercume_status tu_po_header_apply(const tu_po_header *h, tercume_catalog *cat);
/* Keeps the header entry with cat, to be written back (its msgstr, when
 * not empty, and then its comments and fuzzy flag).  TERCUME_EINPUT with
 * *problem (malloc'd) when it is not valid text. */
tercume_status tu_po_header_keep(tercume_catalog *cat, const char *msgstr, const char *comments,
				 const char *extracted, bool fuzzy, char **problem);

/* ---- a message, to be written ---- */
typedef struct tu_po_out {
	const char *msgctxt, *msgid, *msgstr;	/* msgctxt NULL: none */
	const char *msgid_plural;		/* NULL: not a plural entry */
	const char *const *forms;		/* msgstr[1] ... */
	size_t n_forms;
	const char *prev_msgctxt, *prev_msgid;	/* prev_msgid NULL: none */
	char *comments, *extracted;	/* lines, each ending in '\n'; "" when none */
	tu_po_ref *refs;		/* distinct, in order */
	size_t n_refs;
	const char *formats;		/* "c-format ...", NULL when none */
	bool fuzzy, obsolete;
	tu_po_text t;			/* owns the notation strings */
} tu_po_out;

/* The PO strings of entry e; TERCUME_EINPUT with why (a code id the
 * notation cannot carry). */
tercume_status tu_po_out_make(tu_po_out *o, const tercume_entry *e, char *why, size_t why_size);
void tu_po_out_free(tu_po_out *o);
/* The header entry's msgstr (malloc'd). */
char *tu_po_header_text(const tercume_catalog *cat);

/* ---- the implementations ---- */

/* libgettextpo (po.c).  parse: data (len bytes, NUL-terminated) came from
 * name; path is the file it was read from, or NULL. */
tercume_status tu_po_gettextpo_parse(tercume_catalog **out, const char *name, const char *data,
				     size_t len, const char *path, tercume_reporter *rep);
tercume_status tu_po_gettextpo_write(const tercume_catalog *cat, tu_out *out,
				     tercume_reporter *rep);
/* The bytes libgettextpo writes for cat (malloc'd), for the audit. */
tercume_status tu_po_gettextpo_render(const tercume_catalog *cat, char **data, size_t *len,
				      tercume_reporter *rep);

/* What differs between two catalogues read from one file ("the header",
 * "an entry" with *at its number from 1, ...), or NULL. */
const char *tu_po_catalog_difference(const tercume_catalog *a, const tercume_catalog *b,
				     size_t *at);

/* The streaming reader and writer (po-stream.c). */
typedef enum tu_po_verdict {
	TU_PO_DONE,		/* *out made, or the error reported */
	TU_PO_FALLBACK		/* a file for libgettextpo: nothing reported */
} tu_po_verdict;
tu_po_verdict tu_po_stream_parse(tercume_catalog **out, tercume_status *st, const char *name,
				 const char *data, size_t len, tercume_reporter *rep);
/* The same with the entries going to sink as they are read (the
 * catalogue made keeps the header only); TU_PO_FALLBACK also for a file
 * that is read in a second pass (gettext's contexts), sink having had some
 * entries: nothing reported. */
tu_po_verdict tu_po_stream_parse_sink(tercume_catalog **out, tercume_status *st, const char *name,
				      const char *data, size_t len, tu_entry_sink sink,
				      void *user, tercume_reporter *rep);
/* Whether the writer writes what libgettextpo would (false: the
 * environment asks for gettext's old output format). */
bool tu_po_stream_can_write(void);
tercume_status tu_po_stream_write(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep);
/* The same for entries made one at a time (src->cat: the header's fields). */
tercume_status tu_po_stream_write_entries(const tu_entries *src, tu_out *out,
					  tercume_reporter *rep);

/* The msgstr line of every message of the default domain, in order, for
 * libgettextpo's messages (which have no accessor for their position):
 * *lines malloc'd.  Only for a file libgettextpo read without an error. */
tercume_status tu_po_stream_lines(const char *data, size_t len, unsigned long **lines,
				  size_t *n);

#endif /* TERCUME_PO_H */
