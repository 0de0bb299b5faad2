/* cmd-segment.c — tercume segment: split an article into sentence units. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_segment(int argc, char **argv);

const cli_cmd cmd_segment = {
	"segment",
	"split an article into sentence units and write its segments file",
	"tercume segment [OPTIONS] ARTICLE",
	"Reads ARTICLE (UTF-8 plain text), splits every paragraph into sentences\n"
	"with ICU and the built-in SRX rules for LANG (en, ru and az have them)\n"
	"and gives each sentence a stable ID.  Without -o it lists the units (ID,\n"
	"place in the article, text); with -o it writes the segments\n"
	"file (doc/segments.md), from which 'tercume merge' rebuilds the article.\n\n"
	"Options:\n"
	"  -o, --output FILE        write the segments file to FILE ('-': stdout);\n"
	"                           written atomically, an old FILE survives a failure\n"
	"  -l, --source-lang LANG   language of the article (default: en)\n"
	"      --layout MODE        auto (default), line (one paragraph per line) or\n"
	"                           blank (paragraphs separated by blank lines)\n"
	"      --srx FILE           segment with the rules of the SRX 2.0 file FILE\n"
	"                           (its language map picks them for LANG) instead\n"
	"                           of the built-in rules (doc/srx.md)\n"
	"  -h, --help               show this help and exit\n",
	run_segment,
};

static int
run_segment(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "source-lang", required_argument, NULL, 'l' },
		{ "layout", required_argument, NULL, 'L' },
		{ "srx", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_segment_options opts = TERCUME_SEGMENT_OPTIONS_INIT;
	const char *output = NULL;
	tercume_reporter rep;
	tercume_doc *doc;
	tercume_status st;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'l': opts.source_lang = optarg; break;
		case 'L':
			if (tercume_layout_from_name(optarg, &opts.layout) != 0)
				return cli_usage_error(&cmd_segment, "unknown layout '%s' "
						       "(auto, line or blank)", optarg);
			break;
		case 'S': opts.srx_path = optarg; break;
		case 'h': cli_print_help(&cmd_segment); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_segment, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_segment, "expected one ARTICLE");
	cli_reporter_init(&rep);
	{
		const char *inputs[] = { argv[optind], opts.srx_path };
		st = tercume_output_check(output, inputs, 2, &rep);
		if (st != TERCUME_OK)
			return cli_exit_status(st);
	}
	st = tercume_doc_read_text(&doc, argv[optind], &opts, &rep);
	if (st != TERCUME_OK)
		return cli_exit_status(st);
	if (tercume_doc_unit_count(doc) == 0) {
		/* Probably the wrong file; still an article, whose segments
		 * file gives it back (doc/limits.md). */
		tercume_diag d = { TERCUME_SEV_WARNING, argv[optind], 1, 1, NULL,
				   "the article has no text: the file is empty or holds "
				   "only white space" };
		rep.fn(&d, rep.user);
	}
	if (output != NULL && strcmp(output, "-") != 0) {
		/* Streamed into a temporary file, then renamed into place. */
		rc = cli_exit_status(tercume_segments_write(doc, output, &rep));
	} else if (output != NULL) {
		char *data;
		size_t len;
		st = tercume_segments_format(doc, &data, &len);
		rc = st == TERCUME_OK ? cli_write_output(output, data, len, &rep) : cli_exit_status(st);
		if (st == TERCUME_OK)
			free(data);
	} else {
		for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
			tercume_unit_info u;
			char ctx[64];
			tercume_doc_unit(doc, i, &u);
			printf("%-10s %-24s %s\n", u.id,
			       tercume_doc_unit_context(doc, i, ctx, sizeof ctx), u.text);
		}
		rc = EXIT_OKAY;
	}
	tercume_doc_free(doc);
	return rc;
}
