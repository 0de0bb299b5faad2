/* cmd-merge.c — tercume merge: put units back into the article's layout. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_merge(int argc, char **argv);

const cli_cmd cmd_merge = {
	"merge",
	"rebuild an article (or its localised edition) from its segments file",
	"tercume merge [OPTIONS] SEGMENTS",
	"Puts the units of SEGMENTS back into the article's skeleton.  With no\n"
	"catalogue the source article comes back byte for byte.\n\n"
	"Options:\n"
	"  -o, --output FILE   write the edition to FILE ('-' or none: stdout);\n"
	"                      written atomically, an old FILE survives a failure\n"
	"  -h, --help          show this help and exit\n",
	run_merge,
};

static int
run_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL;
	tercume_reporter rep;
	tercume_doc *doc;
	tercume_status st;
	char *data;
	size_t len;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'h': cli_print_help(&cmd_merge); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_merge, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_merge, "expected one SEGMENTS file");
	cli_reporter_init(&rep);
	st = tercume_segments_read(&doc, argv[optind], &rep);
	if (st != TERCUME_OK)
		return cli_exit_status(st);
	st = tercume_doc_render(doc, NULL, &data, &len);
	if (st != TERCUME_OK) {
		tercume_doc_free(doc);
		return cli_exit_status(st);
	}
	rc = cli_write_output(output, data, len, &rep);
	free(data);
	tercume_doc_free(doc);
	return rc;
}
