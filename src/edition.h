/* edition.h — the edition as merge.c builds it and html.c reads it; not
 * installed. */
#ifndef TERCUME_EDITION_H
#define TERCUME_EDITION_H

/* Include internal.h first (it has no include guard around all of it). */

struct tercume_edition {
	const tercume_doc *doc;	/* borrowed */
	char *lang;		/* the target language */
	size_t n;		/* = doc's unit count */
	char **repl;		/* translation of unit i, or NULL: source kept */
	tercume_fill *fill;
	tercume_merge_stats stats;
};

#endif
