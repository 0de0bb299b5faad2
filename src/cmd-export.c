/* cmd-export.c — tercume export: a catalogue of an article's units. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_export(int argc, char **argv);

const cli_cmd cmd_export = {
	"export",
	"write the units of a segmented article as a PO or XLIFF catalogue",
	"tercume export [OPTIONS] SEGMENTS -o FILE",
	"Writes every unit of SEGMENTS, untranslated, with its ID, a reference to\n"
	"the article's line and its place in the article (\"paragraph 7, sentence\n"
	"2\") as context for translators.  Without --lang it writes a template\n"
	"(POT).\n\n"
	"Options:\n"
	"  -o, --output FILE      the catalogue to write (written atomically);\n"
	"                         - for standard output (with --format)\n"
	"  -l, --lang LANG        target language (BCP 47: ru, az, …)\n"
	"  -f, --format FORMAT    po, xliff12 or xliff20 (default: from the file\n"
	"                         name; .xlf and .xliff mean XLIFF 2.0)\n"
	"  -h, --help             show this help and exit\n",
	run_export,
};

static int
run_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_format fmt = TERCUME_FORMAT_AUTO;
	const char *output = NULL, *lang = NULL;
	tercume_catalog *cat = NULL;
	tercume_reporter rep;
	tercume_doc *doc;
	tercume_status st;
	int c, rc = EXIT_OKAY;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:l:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'l': lang = optarg; break;
		case 'f':
			if (tercume_format_from_name(optarg, &fmt) != 0)
				return cli_usage_error(&cmd_export, "unknown format '%s' (po, xliff12, xliff20)", optarg);
			break;
		case 'h': cli_print_help(&cmd_export); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_export, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_export, "expected one SEGMENTS file");
	if (output == NULL)
		return cli_usage_error(&cmd_export, "no output file (-o FILE)");
	cli_reporter_init(&rep);
	st = tercume_segments_read(&doc, argv[optind], &rep);
	if (st == TERCUME_OK) {
		st = tercume_catalog_from_doc(&cat, doc, lang);
		if (st == TERCUME_OK)
			rc = cli_write_catalog(cat, output, fmt, &rep);
	}
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	return st == TERCUME_OK ? rc : cli_exit_status(st);
}
