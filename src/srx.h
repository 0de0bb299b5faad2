/* srx.h — SRX 2.0 segmentation rules (srx.c), used by the segmenter.
 * Library-internal; not installed.  See doc/srx.md. */
#ifndef TERCUME_SRX_H
#define TERCUME_SRX_H

/* Include internal.h first. */
#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* The rules an SRX file's <maprules> pick for one language, in order,
 * each regular expression compiled once. */
typedef struct tu_srx tu_srx;

/* How far the expressions look, in UTF-16 units: beforebreak sees at most
 * TU_SRX_BEFORE units before a break, afterbreak at most TU_SRX_AFTER after
 * it (lookarounds see the whole paragraph).  This keeps segmentation linear
 * in the length of a paragraph. */
#define TU_SRX_BEFORE 256
#define TU_SRX_AFTER 256

/* Reads the SRX 2.0 file at path and compiles the rules that its language
 * maps give lang.  A file that parses but has no rules for lang gives a set
 * with no rules (tu_srx_rule_count 0).  A malformed file or an invalid
 * regular expression is TERCUME_EINPUT, reported with file, line and rule. */
tercume_status tu_srx_load(tu_srx **out, const char *path, const char *lang,
			   tercume_reporter *rep);

/* The built-in rules for lang (its primary subtag, lower case: LANG):
 * LANG.srx in the rules folder ($TERCUME_SRX_DIR when set and not empty,
 * else the installed $(pkgdatadir)/srx) when the folder has one, else the
 * copy of data/srx/LANG.srx compiled into the library.  *out is NULL, and
 * the status TERCUME_OK, when there are no rules for LANG. */
tercume_status tu_srx_load_builtin(tu_srx **out, const char *lang, tercume_reporter *rep);

/* The SRX files compiled into the library (srx-builtin.c, generated from
 * data/srx/ by src/srx-embed.sh), ended by one with lang NULL. */
typedef struct tu_srx_file {
	const char *lang;		/* "en": the file was data/srx/en.srx */
	const char *name;		/* "built-in en.srx", for diagnostics */
	const unsigned char *data;
	size_t len;
} tu_srx_file;
extern const tu_srx_file tu_srx_builtin_files[];

void tu_srx_free(tu_srx *x);
size_t tu_srx_rule_count(const tu_srx *x);

/* Sets the paragraph the next calls look at; text must stay valid until
 * the next tu_srx_set_text. */
tercume_status tu_srx_set_text(tu_srx *x, const UChar *text, int32_t len);

/* The first rule that matches at pos decides: 1 break, 0 no break, -1 no
 * rule matches there. */
int tu_srx_decide(tu_srx *x, int32_t pos);

/* Positions where a break="yes" rule matches (not necessarily where it
 * decides: tu_srx_decide tells that), appended to *pos in no particular
 * order. */
tercume_status tu_srx_extra_breaks(tu_srx *x, int32_t **pos, size_t *n, size_t *cap);

#endif /* TERCUME_SRX_H */
