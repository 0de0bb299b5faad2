/* cmd-status.c — tercume status: the state of every catalogue of a project,
 * a table per language and one per article.  doc/project.md. */
#include "config.h"
#include "cli.h"

static int run_status(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_PROJECT,
	CLI_OPT_JOBS,
	CLI_OPT_SHARD,
	{ "by-words", 0, NULL, N_("the article table's coverage in source words,\n"
	  "not units"), NULL },
	{ "files", 0, NULL, N_("list the files of the (selected) articles, one a\n"
	  "line: segments, template, catalogues, editions"), NULL },
	/* not CLI_OPT_FORMAT: no github here */
	{ "format", 0, "FMT", N_("the report on standard output: text (the default)\n"
	  "or json (one JSON document, errors included)"), cli_check_report, "text json" },
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_status = {
	.name = "status",
	.summary = N_("the state of every catalogue of a project"),
	.usage = "tercume status [OPTIONS]",
	.help =
	N_("Reads every catalogue of the project and prints, for each language, a\n"
	"table of its catalogues (units translated, fuzzy, untranslated and\n"
	"obsolete, coverage in units and words) with the language's total, then\n"
	"the coverage of each article in every language.  A catalogue that sync\n"
	"has not made yet is shown as missing.\n"),
	.options = options,
	.min_operands = 0, .max_operands = 0, .operands = N_("no operand (the project file is -p FILE)"),
	.doc = "project.md",
	.run = run_status,
};

static int
run_status(cli_args *a)
{
	if (a->report == CLI_REPORT_GITHUB)
		return cli_usage_error(a->cmd, "--format: status reports text or json");
	return cli_status_project(a);
}
