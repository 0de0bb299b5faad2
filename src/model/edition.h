/* edition.h — the edition as merge.c builds it and html.c reads it; not
 * installed. */
#ifndef TERCUME_EDITION_H
#define TERCUME_EDITION_H

/* Include internal.h first (it has no include guard around all of it). */

struct tercume_edition {
	const tercume_doc *doc;	/* borrowed */
	char *lang;		/* the target language */
	size_t n;		/* = doc's unit count */
	char **repl;		/* translation of unit i (coded text), or NULL:
				   source kept */
	tercume_code **codes;	/* its codes (n_codes[i]), or NULL */
	size_t *n_codes;
	char **bytes;		/* what it puts in the skeleton when that is not
				   repl[i]: each code's data in its place, text
				   escaped for the document's markup; or NULL */
	tercume_fill *fill;
	tercume_merge_stats stats;
};

#endif
