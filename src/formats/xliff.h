/* xliff.h — what the XLIFF 1.2 and 2.0 modules share (xliff.c); not
 * installed, used by xliff12.c, xliff20.c and xliff-valid.c only. */
#ifndef TERCUME_XLIFF_H
#define TERCUME_XLIFF_H

#include "internal.h"

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#define XL_NS12 "urn:oasis:names:tc:xliff:document:1.2"
#define XL_NS20 "urn:oasis:names:tc:xliff:document:2.0"
#define XL_NS_MTC "urn:oasis:names:tc:xliff:matches:2.0"
#define XL_NS_XML "http://www.w3.org/XML/1998/namespace"

/* Where the obsolete entries go: a second <file> (1.2: category="obsolete",
 * 2.0: id="obsolete"), because unit IDs must be unique within a file and an
 * obsolete entry may share its ID with a live one. */
#define XL_OBSOLETE "obsolete"
/* 2.0 subState prefix: "tercume:fuzzy", or "tercume:WORD" carrying an XLIFF
 * 1.2 state word that 2.0 has no name for. */
#define XL_SUBSTATE_PREFIX "tercume:"
/* 2.0 <mtc:match subType> marking the previous source of a fuzzy entry. */
#define XL_PREVIOUS_SUBTYPE "tercume:previous"

/* The entry ID of one segment of a multi-segment XLIFF 2 unit is
 * UNIT "/" SEGMENT (the segment's id, or "#" and its position among the
 * unit's segments when it has none), and a unit whose id an earlier <file>
 * used too is FILE "=" UNIT…: '/', '#' and '=' are never part of an XML
 * NMTOKEN, so the parts can be told apart (doc/xliff.md, "Units and
 * segments"). */
#define XL_SEG_SEP '/'
#define XL_FILE_SEP '='

/* ---- reading ---- */

/* Parses data (from name) with no network, no DTD and no entity expansion;
 * a DOCTYPE is refused.  Errors name the file and line. */
tercume_status xl_parse(const char *name, const char *data, size_t len, xmlDocPtr *out,
			tercume_reporter *rep);
/* The same, the tree built and pruned as the hooks say (tu_xml_parse_stream). */
tercume_status xl_parse_stream(const char *name, const char *data, size_t len,
			       const tu_xml_hooks *hooks, xmlDocPtr *out, tercume_reporter *rep);
#define XL_NS11 "urn:oasis:names:tc:xliff:document:1.1"
/* XLIFF 1.0 defined no namespace (a DTD), but tools and readers use this
 * one for it (Mozilla's moz.l10n, for one). */
#define XL_NS10 "urn:oasis:names:tc:xliff:document:1.0"
/* What every "not a version tercume reads" error lists. */
#define XL_VERSIONS_READ N_("XLIFF 1.0, 1.1 and 1.2 (as xliff12), 2.0 and 2.1 (as xliff20)")
/* Checks the root is <xliff> of a version that the module (12: xliff12.c,
 * 20: xliff20.c) reads, and sets *ns to its namespace (NULL: none, as in
 * XLIFF 1.0, which may also be in XL_NS10) and *version to what
 * xl_validate takes (12, 20, 21; 10 and 11 for XLIFF 1.0 and 1.1, 0 for
 * a 1.2 file without namespace, which have no schema here).  An unknown version's error names every version read. */
tercume_status xl_check_root(xmlDocPtr doc, const char *path, int module, const char **ns,
			     int *version, tercume_reporter *rep);
/* An element with this local name in namespace ns (NULL: in none). */
bool xl_is_in(const xmlNode *n, const char *ns, const char *name);
/* Validates doc, an XLIFF document of version 12 whose root was checked
 * (xliff-valid.c), against the OASIS schemas of that version where they
 * are installed (a note says when they are not).  The first violation is
 * reported with its line: TERCUME_EINPUT.  For 1.2, strict false makes
 * a schema violation a warning (doc/xliff.md, "XLIFF 1.2 from other
 * tools"). */
tercume_status xl_validate(xmlDocPtr doc, int version, bool strict, const char *path,
			   tercume_reporter *rep);
/* An XLIFF 2.x document is checked as a parse reads it
 * (tu_xml_parse_stream), event by event, so that no event needs the whole
 * tree: against the OASIS schemas where they are installed (a note says
 * when they are not), then against the constraints no schema expresses.
 * The events: the root once it has started, each <file> and <group> as it
 * starts, the head of each <file> and <group> (the children before its
 * first <unit> or <group>, or all of them) once it is read, each child of
 * a <file> or <group> but its units and groups (child) before it is freed,
 * each <unit> once it has ended, each <group> and <file> as it ends, and
 * the end of the document.  Each returns TERCUME_EINPUT once a violation
 * is reported (in an element, the schema's before any found in code): the
 * parse stops there.  What lies outside the units is validated against
 * the schema at the end.  A sub-flow may name a later unit of its <file>,
 * and a <ctr:revisions ref> of a <file> or <group> an element of a later
 * unit: what is not found is reported at the end of the scope. */
typedef struct xl_vstream xl_vstream;
xl_vstream *xl_vstream_new(int version, const char *path, tercume_reporter *rep,
			   tercume_status *st);
void xl_vstream_free(xl_vstream *s);
tercume_status xl_vstream_root(xl_vstream *s, const xmlNode *root);
tercume_status xl_vstream_file(xl_vstream *s, const xmlNode *file);
tercume_status xl_vstream_group(xl_vstream *s, const xmlNode *group);
tercume_status xl_vstream_head(xl_vstream *s, const xmlNode *scope);
tercume_status xl_vstream_child(xl_vstream *s, const xmlNode *n);
tercume_status xl_vstream_unit(xl_vstream *s, const xmlNode *unit);
tercume_status xl_vstream_scope_end(xl_vstream *s, const xmlNode *group);
tercume_status xl_vstream_file_end(xl_vstream *s, const xmlNode *file);
tercume_status xl_vstream_end(xl_vstream *s);
/* An element in namespace ns with this local name. */
bool xl_is(const xmlNode *n, const char *ns, const char *name);
unsigned long xl_line(const xmlNode *n);
/* An attribute without namespace, malloc'd (free()), or NULL. */
char *xl_attr(const xmlNode *n, const char *name);
/* The same, borrowed from the tree. */
const char *xl_attr_ref(const xmlNode *n, const char *name);
/* An attribute in namespace ns, borrowed, or NULL. */
const char *xl_attr_ns(const xmlNode *n, const char *ns, const char *name);
/* The text of n (a <note>, a <data>, a 1.2 <bpt>): its text and CDATA
 * children; 2.0 <cp> elements (cp true) give their character; other
 * elements are skipped when skip_elements, else refused with an error.
 * *out is malloc'd. */
tercume_status xl_text(const xmlNode *n, bool cp, bool skip_elements, const char *path,
		       tercume_reporter *rep, char **out);
/* The character of a 2.0 <cp hex="…"/> appended to b; false (reported)
 * when it is not one tercume can hold. */
bool xl_cp_append(tu_buf *b, const xmlNode *cp, const char *path, tercume_reporter *rep);
/* Appends text to *slot, joining with a newline. */
tercume_status xl_join(char **slot, const char *text);
/* Adds text to b as coded text, reporting a character tercume does not
 * take (the reserved U+FDD0..U+FDEF) with n's line. */
tercume_status xl_add_text(tercume_rich_builder *b, const char *s, size_t len, const xmlNode *n,
			   const char *path, tercume_reporter *rep);

/* The attributes of n other than those named in known (NULL-terminated;
 * names without a namespace), as XML: ` name="value"`, each attribute of a
 * namespace preceded by that namespace's declaration the first time.
 * xml:* attributes are never extra.  NULL when there are none (and on
 * allocation failure, with *nomem set). */
char *xl_extra_attrs(const xmlNode *n, const char *const *known, bool *nomem);
/* Walks an extra string: fn gets each attribute's qualified name and its
 * value (unescaped, NUL-terminated); false when extra is not such a list. */
typedef bool (*xl_attr_fn)(void *user, const char *name, const char *value);
bool xl_extra_each(const char *extra, xl_attr_fn fn, void *user);

/* Serialises n and its subtree as a standalone XML fragment (every
 * namespace it uses declared on it): malloc'd, or NULL. */
char *xl_node_xml(const xmlNode *n);

/* Checks unit IDs for duplicates within one <file>. */
typedef struct xl_ids xl_ids;
xl_ids *xl_ids_new(void);
void xl_ids_free(xl_ids *ids);
/* TERCUME_EINPUT (reported) when id was seen before, naming both lines. */
tercume_status xl_ids_add(xl_ids *ids, const char *id, unsigned long line,
			  const char *path, tercume_reporter *rep);

/* Fields of one entry being read; xl_entry_add hands them to the catalogue
 * and frees the owned ones.  The coded texts and their codes are borrowed
 * (from rich-text builders). */
typedef struct xl_unit {
	char *id, *context, *reference, *comment, *format_state, *format_data;
	const char *source, *target, *previous_source;
	const tercume_code *source_codes, *target_codes, *previous_codes;
	size_t n_source_codes, n_target_codes, n_previous_codes;
	tercume_state state;
	int match_score;	/* of the previous source's translation; 0: none */
	unsigned long line;
	bool implicit_id;	/* id is the content hash of source (po2xliff's
				   counters name no unit) */
} xl_unit;
/* A similarity written as "87", "87%" or "87.5": 1-100, or 0 when it is not one. */
int xl_parse_score(const char *s);
tercume_status xl_entry_add(tercume_catalog *cat, xl_unit *u, const char *path,
			    tercume_reporter *rep);
void xl_unit_clear(xl_unit *u);

/* ---- writing ---- */

typedef struct xl_writer {
	xmlOutputBufferPtr ob;
	xmlTextWriterPtr w;
	tu_out *out;
	int rc;		/* the first negative writer result, else 0 */
	int depth;	/* open elements, for the indentation of kept ones */
	bool after_start;	/* the last thing written was a start tag */
} xl_writer;

/* A writer whose bytes go to out (two-space indent, UTF-8). */
tercume_status xl_writer_open(xl_writer *xw, tu_out *out);
/* Ends the document and flushes it to the output. */
tercume_status xl_writer_finish(xl_writer *xw, tercume_reporter *rep);
void xl_writer_close(xl_writer *xw);
void xl_start(xl_writer *xw, const char *name);
void xl_end(xl_writer *xw);
void xl_attr_put(xl_writer *xw, const char *name, const char *value);
void xl_element(xl_writer *xw, const char *name, const char *text);
void xl_text_put(xl_writer *xw, const char *text);
/* Bytes written as they are: markup made by xl_escape and friends. */
void xl_raw(xl_writer *xw, const char *s, size_t n);
/* A whole element from a kept tree (format data), as it is. */
void xl_node_put(xl_writer *xw, const xmlNode *n);
/* Appends s[0, n) to b escaped as libxml2 escapes text (& < > " and CR),
 * and for an attribute value (attr) tab and LF too.  Characters XML 1.0
 * cannot carry must have been dealt with (xl_xml_char_ok). */
void xl_escape(tu_buf *b, const char *s, size_t n, bool attr);
/* Appends  name="value" (escaped); nothing when value is NULL. */
void xl_put_attr(tu_buf *b, const char *name, const char *value);
/* Whether XML 1.0 can carry every character of s. */
bool xl_text_ok(const char *s);
/* Whether XML 1.0 can carry the character c as text. */
bool xl_xml_char_ok(UChar32 c);
/* Parses a piece of format data (a kept element) safely: its root, or NULL
 * (*doc NULL too) when it is not well-formed XML. */
xmlNodePtr xl_parse_kept(const char *xml, xmlDocPtr *doc);

/* Checks every plain string of the catalogue can be written as XML 1.0
 * (coded text may hold any character: the 2.0 writer puts those XML cannot
 * carry in <cp>, the 1.2 writer refuses them itself) and that no two
 * obsolete entries share an ID. */
tercume_status xl_check_catalog(const tercume_catalog *cat, const char *path,
				tercume_reporter *rep);
/* Whether entry e passes xl_check_catalog's checks of one entry (not a
 * plural entry, its plain strings XML 1.0 can carry), without a report:
 * a writer of entries made one at a time (write_entries) asks this of
 * each before writing, and leaves a catalogue that fails it to the
 * catalogue writer, which reports. */
bool xl_entry_ok(const tercume_entry *e);
/* Reports an error about entry e of cat, met while writing path: named by
 * the file and line it was read from, or by path when built in memory. */
void xl_entry_error(tercume_reporter *rep, const tercume_catalog *cat,
		    const tercume_entry *e, const char *path, const char *fmt, ...)
	TU_PRINTF(5, 6);
/* The same, as a warning. */
void xl_entry_warning(tercume_reporter *rep, const tercume_catalog *cat,
		      const tercume_entry *e, const char *path, const char *fmt, ...)
	TU_PRINTF(5, 6);
/* The target to write: NULL for none or an empty one. */
const char *xl_target(const tercume_entry *e);
/* Splits "FILE:LINE" at its last colon when LINE is all digits. */
void xl_split_reference(const char *ref, char **file, char **line);
/* Whether format data was written by the 1.2 (12) or 2.0 (20) reader, or
 * neither (0). */
int xl_data_version(const char *data);

/* ---- states (doc/states.md, "## XLIFF") ---- */

bool xl_state12_valid(const char *w);
bool xl_state20_valid(const char *w);
/* The catalogue state of an XLIFF 1.2 target state word (NULL: no state
 * attribute; approved_no: approved="no" on the unit). */
tercume_state xl_state_from12(const char *w, bool has_target, bool approved_no);
tercume_state xl_state_from20(const char *w, bool has_target);
/* A 2.0 subState "PREFIX:fuzzy": Poedit's "poedit:fuzzy" (with
 * state="translated"), our "tercume:fuzzy": the translation needs review. */
bool xl_substate_fuzzy(const char *sub);
/* The state word to write in 1.2, or NULL for none. */
const char *xl_state_to12(const tercume_entry *e);
/* The 2.0 state and the subState value after "tercume:" (or NULL). */
void xl_state_to20(const tercume_entry *e, const char **state, const char **sub);

#endif
