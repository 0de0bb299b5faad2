/* cmd-tm.c — tercume tm: exchange translations with other tools as a TMX
 * 1.4b translation memory. */
#include "config.h"
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_tm(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_OUTPUT(N_("(export) the memory to write, atomically; -:\n"
		       "standard output")),
	CLI_OPT_FROM,
	{ "threshold", 't', "N", N_("(import) minimum similarity of a fuzzy match,\n"
	  "1-100 (default: 50)"), cli_check_threshold },
	{ "no-fuzzy", 0, NULL, N_("(import) take identical sources only"), NULL },
	{ "dry-run", 'n', NULL, N_("(import) print the summary, write nothing"), NULL },
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_tm = {
	.name = "tm",
	.summary = N_("export or import a TMX translation memory"),
	.usage = "tercume tm export [OPTIONS] -o FILE.tmx CATALOGUE...\n"
		 "       tercume tm import [OPTIONS] FILE.tmx CATALOGUE...",
	.help =
	N_("export writes every translated unit of the CATALOGUEs (PO or XLIFF; not\n"
	"fuzzy, not obsolete ones) as one TMX 1.4b memory, one <tu> per sentence\n"
	"and language pair.\n\n"
	"import fills the untranslated units of each CATALOGUE from FILE.tmx (made\n"
	"by tercume, OmegaT, Trados, Okapi, …; the variants in the catalogue's\n"
	"source and target languages are used): a unit whose source is identical\n"
	"becomes translated, a close one gets a fuzzy suggestion with the previous\n"
	"source.  Each catalogue is rewritten atomically in its own format, and one\n"
	"line per catalogue tells what was filled.\n"),
	.options = options,
	.min_operands = 1, .max_operands = -1, .operands = N_("'export' or 'import'"),
	.doc = "update.md",
	.actions = "export import",
	.run = run_tm,
};

static void
free_all(tercume_catalog **cats, int n)
{
	for (int i = 0; cats && i < n; i++)
		tercume_catalog_free(cats[i]);
	free(cats);
}

static int
tm_export(const char *output, int n, char **paths, tercume_format from, tercume_reporter *rep)
{
	tercume_catalog **cats = calloc((size_t)n + 1, sizeof *cats);
	tercume_status st = TERCUME_OK;

	if (cats == NULL)
		return EXIT_IO;
	/* issue 12: the memory is never one of its catalogues */
	st = tercume_output_check(output, (const char *const *)paths, (size_t)n, rep);
	if (st == TERCUME_OK && cli_refuse_over_work(output, CLI_OUT_MEMORY, rep) != EXIT_OKAY)
		st = TERCUME_EUSAGE;
	for (int i = 0; i < n && st == TERCUME_OK; i++)
		st = tercume_catalog_read(&cats[i], paths[i], from != TERCUME_FORMAT_AUTO ? from :
					  tercume_format_of_file(paths[i]), rep);
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
tm_import(const char *tmx, int n, char **paths, tercume_format from,
	  tercume_update_options *opts, bool dry_run, bool quiet, tercume_reporter *rep)
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
		const char *memory[] = { tmx };

		/* import rewrites each CATALOGUE; none may be the memory (issue 12) */
		if ((st = tercume_output_check(paths[i], memory, 1, rep)) != TERCUME_OK) {
			rc = cli_exit_status(st);
			break;
		}
		st = tercume_catalog_read(&cat, paths[i], from != TERCUME_FORMAT_AUTO ? from :
					  tercume_format_of_file(paths[i]), rep);
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
		st = tercume_catalog_write(cats[i], paths[i], from != TERCUME_FORMAT_AUTO ? from :
					   tercume_format_of_file(paths[i]), rep);
		rc = cli_exit_status(st);
	}
	for (int i = 0; i < n && rc == EXIT_OKAY && !quiet; i++)
		/* TRANSLATORS: tm import's line per catalogue: the catalogue,
		   the units filled as translated and as fuzzy, the memory. */
		printf(_("%s: %zu translated and %zu fuzzy from %s\n"), paths[i],
		       stats[i].tm_exact, stats[i].tm_fuzzy, tmx);
	free_all(cats, n);
	free(stats);
	return rc;
}

static int
run_tm(cli_args *a)
{
	tercume_update_options opts = TERCUME_UPDATE_OPTIONS_INIT;
	tercume_format from = (tercume_format)cli_num(a, "from", TERCUME_FORMAT_AUTO);
	const char *action = a->argv[0];
	int n = a->argc - 1;
	char **rest = a->argv + 1;

	opts.threshold = cli_num(a, "threshold", opts.threshold);
	if (cli_count(a, "no-fuzzy"))
		opts.fuzzy = 0;
	if (strcmp(action, "export") == 0) {
		if (a->output == NULL)
			return cli_usage_error(a->cmd, "no output file (-o FILE.tmx)");
		if (cli_count(a, "threshold") || cli_count(a, "no-fuzzy") || cli_count(a, "dry-run"))
			return cli_usage_error(a->cmd, "-t, --no-fuzzy and -n are for import");
		if (n < 1)
			return cli_usage_error(a->cmd, "no CATALOGUE given");
		return tm_export(a->output, n, rest, from, &a->rep);
	}
	if (strcmp(action, "import") == 0) {
		if (a->output != NULL)
			return cli_usage_error(a->cmd, "import rewrites the catalogues; -o is for export");
		if (n < 2)
			return cli_usage_error(a->cmd, "expected FILE.tmx and at least one CATALOGUE");
		return tm_import(rest[0], n - 1, rest + 1, from, &opts, cli_count(a, "dry-run") > 0,
				 a->quiet, &a->rep);
	}
	return cli_usage_error(a->cmd, "unknown action '%s' (export or import)", action);
}
