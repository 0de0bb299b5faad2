/* srx.h — SRX 2.0 segmentation rules (srx.c), used by the segmenter.
 * Library-internal; not installed.  See doc/srx.md. */
#ifndef TERCUME_SRX_H
#define TERCUME_SRX_H

/* Include internal.h first. */
#include <stdbool.h>
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
 * data/srx/ by src/model/srx-embed.sh), ended by one with lang NULL. */
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
 * the next tu_srx_set_text.  pairs: the text may have surrogate pairs
 * (false lets the engine take a UTF-16 unit for a code point). */
tercume_status tu_srx_set_text(tu_srx *x, const UChar *text, int32_t len, bool pairs);

/* The first rule that matches at pos decides: 1 break, 0 no break, -1 no
 * rule matches there. */
int tu_srx_decide(tu_srx *x, int32_t pos);

/* Positions where a break="yes" rule matches (not necessarily where it
 * decides: tu_srx_decide tells that), appended to *pos in no particular
 * order. */
tercume_status tu_srx_extra_breaks(tu_srx *x, int32_t **pos, size_t *n, size_t *cap);

/* The reference engine (on) matches every rule the plain way, as tercume
 * did before rule summaries (srx.c): kept for tests that compare the two. */
void tu_srx_set_reference(tu_srx *x, bool on);

/* What the engine did so far. */
typedef struct tu_srx_stats {
	size_t rules;		/* rules for the language */
	size_t expressions;	/* their beforebreak and afterbreak expressions */
	size_t summarised;	/* how many of those have a summary */
	size_t fast_scans;	/* break rules scanned for their rarest code point */
	size_t tests;		/* rules put to the summaries at a position */
	size_t icu_calls;	/* calls into ICU's matcher */
} tu_srx_stats;
void tu_srx_get_stats(const tu_srx *x, tu_srx_stats *out);

/* The segmenter's rules, NULL when it has none. */
tu_srx *tu_segmenter_srx(tu_segmenter *s);

#endif /* TERCUME_SRX_H */
