/* cmd-convert.c — tercume convert: between PO, XLIFF 1.2 and XLIFF 2.0. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_convert(int argc, char **argv);

const cli_cmd cmd_convert = {
	"convert",
	"convert a catalogue between PO, XLIFF 1.2 and XLIFF 2.0",
	"tercume convert [OPTIONS] INPUT -o OUTPUT",
	"Reads INPUT and writes the same units, translations, states and notes to\n"
	"OUTPUT.  Formats follow the file names (.po/.pot, .xlf/.xliff); XLIFF\n"
	"input says its own version, XLIFF output is 2.0 unless --to says 1.2.\n\n"
	"Options:\n"
	"  -o, --output FILE      the catalogue to write (written atomically);\n"
	"                         - for standard output (with --to)\n"
	"      --from FORMAT      format of INPUT: po, xliff12, xliff20\n"
	"      --to FORMAT        format of OUTPUT: po, xliff12, xliff20\n"
	"  -s, --segments FILE    check every unit ID against this segments file\n"
	"  -h, --help             show this help and exit\n",
	run_convert,
};

static int
run_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "segments", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_format from = TERCUME_FORMAT_AUTO, to = TERCUME_FORMAT_AUTO;
	const char *output = NULL, *segments = NULL;
	tercume_catalog *cat = NULL;
	tercume_doc *doc = NULL;
	tercume_reporter rep;
	tercume_status st;
	int c, rc = EXIT_OKAY;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 's': segments = optarg; break;
		case 'F':
		case 'T':
			if (tercume_format_from_name(optarg, c == 'F' ? &from : &to) != 0)
				return cli_usage_error(&cmd_convert, "unknown format '%s' (po, xliff12, xliff20)", optarg);
			break;
		case 'h': cli_print_help(&cmd_convert); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_convert, "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_convert, "expected one INPUT catalogue");
	if (output == NULL)
		return cli_usage_error(&cmd_convert, "no output file (-o FILE)");
	cli_reporter_init(&rep);
	if (segments && (st = tercume_segments_read(&doc, segments, &rep)) != TERCUME_OK)
		return cli_exit_status(st);
	st = tercume_catalog_read(&cat, argv[optind], from, &rep);
	if (st == TERCUME_OK && doc != NULL) {
		for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);
			if (e->state != TERCUME_STATE_OBSOLETE && tercume_doc_find(doc, e->id) == (size_t)-1) {
				tercume_diag d = { TERCUME_SEV_ERROR, argv[optind], e->line, 0, NULL, NULL };
				char msg[256];
				snprintf(msg, sizeof msg, "unit ID '%s' is not in %s", e->id, segments);
				d.message = msg;
				rep.fn(&d, rep.user);
				st = TERCUME_EINPUT;
			}
		}
	}
	if (st == TERCUME_OK)
		rc = cli_write_catalog(cat, output, to, &rep);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	return st == TERCUME_OK ? rc : cli_exit_status(st);
}
