/* cmd-tm.c — tercume tm: exchange translations with other tools as a TMX
 * 1.4b translation memory. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_tm(int argc, char **argv);

const cli_cmd cmd_tm = {
	"tm",
	"export or import a TMX translation memory",
	"tercume tm export -o FILE.tmx CATALOGUE...\n"
	"       tercume tm import [OPTIONS] FILE.tmx CATALOGUE...",
	"export writes every translated unit of the CATALOGUEs (PO or XLIFF; not\n"
	"fuzzy, not obsolete ones) as one TMX 1.4b memory, one <tu> per sentence\n"
	"and language pair.\n\n"
	"import fills the untranslated units of each CATALOGUE from FILE.tmx (made\n"
	"by tercume, OmegaT, Trados, Okapi, …; the variants in the catalogue's\n"
	"source and target languages are used): a unit whose source is identical\n"
	"becomes translated, a close one gets a fuzzy suggestion with the previous\n"
	"source.  Each catalogue is rewritten atomically in its own format, and one\n"
	"line per catalogue tells what was filled.\n\n"
	"Options:\n"
	"  -o, --output FILE     (export) the memory to write, atomically; - for\n"
	"                        standard output\n"
	"  -t, --threshold N     (import) minimum similarity of a fuzzy match,\n"
	"                        1-100 (default: 50)\n"
	"      --no-fuzzy        (import) take identical sources only\n"
	"  -n, --dry-run         (import) print the summary, write nothing\n"
	"  -h, --help            show this help and exit\n",
	run_tm,
};

static void
free_all(tercume_catalog **cats, int n)
{
	for (int i = 0; cats && i < n; i++)
		tercume_catalog_free(cats[i]);
	free(cats);
}

static int
tm_export(const char *output, int n, char **paths, tercume_reporter *rep)
{
	tercume_catalog **cats = calloc((size_t)n + 1, sizeof *cats);
	tercume_status st = TERCUME_OK;

	if (cats == NULL)
		return EXIT_IO;
	for (int i = 0; i < n && st == TERCUME_OK; i++)
		st = tercume_catalog_read(&cats[i], paths[i], tercume_format_of_file(paths[i]), rep);
	if (st == TERCUME_OK && strcmp(output, "-") == 0) {
		st = tercume_tmx_write_stream((const tercume_catalog *const *)cats, (size_t)n,
					      stdout, NULL, rep);
		if (st == TERCUME_EIO)
			cli_mark_stdout_reported();
	} else if (st == TERCUME_OK)
		st = tercume_tmx_write((const tercume_catalog *const *)cats, (size_t)n, output, rep);
	free_all(cats, n);
	return cli_exit_status(st);
}

static int
tm_import(const char *tmx, int n, char **paths, tercume_update_options *opts, bool dry_run,
	  tercume_reporter *rep)
{
	tercume_catalog **cats = calloc((size_t)n + 1, sizeof *cats);
	tercume_update_stats *stats = calloc((size_t)n + 1, sizeof *stats);
	tercume_status st;
	int rc = EXIT_OKAY;

	if (cats == NULL || stats == NULL) {
		free(cats);
		free(stats);
		return EXIT_IO;
	}
	for (int i = 0; i < n && rc == EXIT_OKAY; i++) {
		tercume_catalog *cat = NULL, *tm = NULL;

		st = tercume_catalog_read(&cat, paths[i], tercume_format_of_file(paths[i]), rep);
		if (st != TERCUME_OK)
			rc = cli_exit_status(st);
		if (rc == EXIT_OKAY)
			rc = cli_load_tm(tmx, cat, &tm, rep);
		if (rc == EXIT_OKAY) {
			opts->tm = tm;
			st = tercume_catalog_fill(cat, opts, &cats[i], &stats[i]);
			rc = cli_exit_status(st);
		}
		tercume_catalog_free(tm);
		tercume_catalog_free(cat);
	}
	for (int i = 0; i < n && rc == EXIT_OKAY && !dry_run; i++) {
		st = tercume_catalog_write(cats[i], paths[i], tercume_format_of_file(paths[i]), rep);
		rc = cli_exit_status(st);
	}
	for (int i = 0; i < n && rc == EXIT_OKAY; i++)
		printf("%s: %zu translated and %zu fuzzy from %s\n", paths[i],
		       stats[i].tm_exact, stats[i].tm_fuzzy, tmx);
	free_all(cats, n);
	free(stats);
	return rc;
}

static int
run_tm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "threshold", required_argument, NULL, 't' },
		{ "no-fuzzy", no_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_update_options opts = TERCUME_UPDATE_OPTIONS_INIT;
	const char *output = NULL, *action;
	tercume_reporter rep;
	bool dry_run = false;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:t:nh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 't':
			if (cli_parse_threshold(&cmd_tm, optarg, &opts.threshold) != EXIT_OKAY)
				return EXIT_INPUT;
			break;
		case 'F': opts.fuzzy = 0; break;
		case 'n': dry_run = true; break;
		case 'h': cli_print_help(&cmd_tm); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_tm, "bad option");
		}
	}
	if (argc - optind < 1)
		return cli_usage_error(&cmd_tm, "expected 'export' or 'import'");
	action = argv[optind++];
	cli_reporter_init(&rep);
	if (strcmp(action, "export") == 0) {
		if (output == NULL)
			return cli_usage_error(&cmd_tm, "no output file (-o FILE.tmx)");
		if (argc - optind < 1)
			return cli_usage_error(&cmd_tm, "no CATALOGUE given");
		return tm_export(output, argc - optind, argv + optind, &rep);
	}
	if (strcmp(action, "import") == 0) {
		if (output != NULL)
			return cli_usage_error(&cmd_tm, "import rewrites the catalogues; -o is for export");
		if (argc - optind < 2)
			return cli_usage_error(&cmd_tm, "expected FILE.tmx and at least one CATALOGUE");
		return tm_import(argv[optind], argc - optind - 1, argv + optind + 1, &opts,
				 dry_run, &rep);
	}
	return cli_usage_error(&cmd_tm, "unknown action '%s' (export or import)", action);
}
