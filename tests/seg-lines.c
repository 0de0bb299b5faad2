/* seg-lines.c — test driver: segments standard input with libtercume and
 * prints one sentence per line.
 *
 *   seg-lines [-l LANG] [-s SRXFILE] [-L auto|line|blank] < text
 *
 * Exit status: 0 done, 2 the text or the options were refused. */
#include "tercume.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
print_diag(const tercume_diag *d, void *user)
{
	(void)user;
	fprintf(stderr, "seg-lines: %s:%lu: %s\n", d->file ? d->file : "-", d->line, d->message);
}

int
main(int argc, char **argv)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { print_diag, NULL, 0, 0 };
	tercume_doc *doc;
	char *data = NULL;
	size_t len = 0, cap = 0, n;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-l") == 0)
			o.source_lang = argv[i + 1];
		else if (strcmp(argv[i], "-s") == 0)
			o.srx_path = argv[i + 1];
		else if (strcmp(argv[i], "-L") != 0 ||
			 tercume_layout_from_name(argv[i + 1], &o.layout) != 0) {
			fprintf(stderr, "usage: seg-lines [-l LANG] [-s SRX] [-L LAYOUT] < text\n");
			return 2;
		}
	}
	do {
		if (len == cap) {
			char *p = realloc(data, cap = cap ? cap * 2 : 4096);
			if (p == NULL)
				return 2;
			data = p;
		}
		n = fread(data + len, 1, cap - len, stdin);
		len += n;
	} while (n > 0);
	if (tercume_doc_from_text(&doc, "<stdin>", data, len, &o, &rep) != TERCUME_OK) {
		free(data);
		return 2;
	}
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		printf("%s\n", u.text);
	}
	tercume_doc_free(doc);
	free(data);
	return 0;
}
