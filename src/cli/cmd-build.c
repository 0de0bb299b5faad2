/* cmd-build.c — tercume build: every out-of-date edition of a project, in
 * every language and format.  doc/project.md. */
#include "config.h"
#include "cli.h"

#include <stdio.h>

static int run_build(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_PROJECT,
	CLI_OPT_JOBS,
	CLI_OPT_SHARD,
	{ "force", 0, NULL, N_("make every edition, out of date or not"), NULL },
	CLI_OPT_DRY_RUN,
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_build = {
	.name = "build",
	.summary = N_("make every out-of-date edition of a project"),
	.usage = "tercume build [OPTIONS]",
	.help =
	N_("Makes every edition of the project that is missing or older than its\n"
	"segments file or its catalogue, in every language and edition format\n"
	"([build] formats: txt and html for a plain-text article, source for an\n"
	"HTML or Markdown article's edition in its own format, what tercume merge\n"
	"writes), with the project's merge options ([build] in the project\n"
	"file).  An edition whose bytes would not change keeps its file (its time\n"
	"stamp moves).  A refused edition (fallback fail, min-coverage) is not\n"
	"written.  Prints a line per edition made, then a summary.\n"),
	.options = options,
	.min_operands = 0, .max_operands = 0, .operands = N_("no operand (the project file is -p FILE)"),
	.epilog = N_("Exit status: 0 done; 1 an edition was refused; 2 malformed input or a\n"
	"file sync has not made; 3 a file could not be read or written.\n"),
	.capped = 1,
	.doc = "project.md",
	.run = run_build,
};

typedef struct tally {
	cli_args *a;
	const tercume_project *p;
	size_t made, written, refused;
} tally;

static void
on_edition(const tercume_build_result *r, void *user)
{
	tally *t = user;
	char line[256];

	t->made++;
	t->written += r->written;
	t->refused += r->refused != 0;
	if (t->a->quiet)
		return;
	/* TRANSLATORS: build's line per edition: the file, then before merge's
	   summary whether it was refused or is unchanged (nothing when it was
	   written). */
	printf("%s: %s%s\n", r->path, r->refused ? _("REFUSED: ") : r->written ? "" : _("unchanged: "),
	       tercume_merge_summary(&r->stats, tercume_project_lang(t->p, r->lang),
				     tercume_project_source_lang(t->p), line, sizeof line));
}

static int
run_build(cli_args *a)
{
	tercume_project *p = NULL;
	tercume_project_options o;
	tally t = { 0 };
	cli_capped capped;
	tercume_status st;
	int rc;

	if ((rc = cli_project_open(a, &p, &o)) != EXIT_OKAY)
		return rc;
	t.a = a;
	t.p = p;
	cli_capped_init(&capped, &a->rep);
	st = tercume_project_build(p, &o, on_edition, &t, &capped.rep);
	cli_capped_finish(&capped);
	if (!a->quiet)
		/* TRANSLATORS: build's summary: how many editions were made, how
		   many of them written, unchanged and refused; then, on a dry run,
		   " (dry run, nothing written)". */
		printf(ngettext("build: %zu edition made: %zu written, %zu unchanged, %zu refused%s\n",
				"build: %zu editions made: %zu written, %zu unchanged, %zu refused%s\n",
				t.made), t.made, t.written, t.made - t.written - t.refused,
		       t.refused, o.dry_run ? _(" (dry run, nothing written)") : "");
	tercume_project_free(p);
	if (t.refused && st == TERCUME_EINPUT)
		return EXIT_GATE;
	return cli_exit_status(st);
}
