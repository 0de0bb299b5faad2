/* cmd-sync.c — tercume sync: segment every new or changed article of a
 * project and bring every catalogue up to date.  doc/project.md. */
#include "config.h"
#include "cli.h"

#include <stdio.h>

static int run_sync(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_PROJECT,
	CLI_OPT_JOBS,
	CLI_OPT_SHARD,
	{ "force", 0, NULL, N_("treat every article as changed (after new SRX\n"
	  "rules, say)"), NULL },
	CLI_OPT_DRY_RUN,
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_sync = {
	.name = "sync",
	.summary = N_("segment new and changed articles, update the project's catalogues"),
	.usage = "tercume sync [OPTIONS]",
	.help =
	N_("For every article of the project (tercume.ini) whose segments file no\n"
	"longer rebuilds it: segments it again, read as tercume segment reads it\n"
	"(HTML, Markdown or plain text by its name; [project] from says otherwise),\n"
	"brings each of its catalogues up to date as tercume update does (a\n"
	"missing one is made), filling new units from the translated units of the\n"
	"other articles (identical: translated; close: fuzzy), and makes its\n"
	"template.  Only files whose bytes change are written, each atomically,\n"
	"the segments file last; an unchanged article is not touched.  Prints a\n"
	"line per article that was not unchanged, then a summary.\n"),
	.options = options,
	.min_operands = 0, .max_operands = 0, .operands = N_("no operand (the project file is -p FILE)"),
	.capped = 1,
	.doc = "project.md",
	.run = run_sync,
};

typedef struct tally {
	cli_args *a;
	const tercume_project *p;
	size_t by_state[5];
	size_t written;
} tally;

/* What sync did with an article, for a person (the library's
 * tercume_article_state_name is the machine's word). */
static const char *
state_label(tercume_article_state state)
{
	switch (state) {
	/* TRANSLATORS: sync's line per article: "ARTICLE: new, 12 units"
	   (an article, so a feminine adjective in Russian: статья). */
	case TERCUME_ARTICLE_NEW: return _("new");
	case TERCUME_ARTICLE_CHANGED: return _("changed");
	case TERCUME_ARTICLE_INCOMPLETE: return _("incomplete");
	default: return tercume_article_state_name(state);
	}
}

static void
on_article(const tercume_sync_result *r, void *user)
{
	tally *t = user;
	tercume_article_info info;

	t->by_state[r->state]++;
	t->written += r->written;
	if (t->a->quiet || r->state == TERCUME_ARTICLE_UNCHANGED || r->state == TERCUME_ARTICLE_FAILED)
		return;
	tercume_project_article(t->p, r->article, &info);
	printf("%s: %s", info.path, state_label(r->state));
	printf(ngettext(", %zu unit", ", %zu units", r->units), r->units);
	for (size_t j = 0; r->stats && j < tercume_project_lang_count(t->p); j++) {
		const tercume_update_stats *s = &r->stats[j];

		/* TRANSLATORS: in sync's line per article, for each language: how
		   many units kept their translation, became fuzzy, are new, became
		   obsolete. */
		printf(_("; %s kept %zu, fuzzy %zu, new %zu, obsolete %zu"),
		       tercume_project_lang(t->p, j), s->kept, s->fuzzy, s->fresh, s->obsolete);
		if (s->tm_exact || s->tm_fuzzy)
			printf(_(" (from the memory: %zu exact, %zu fuzzy)"), s->tm_exact, s->tm_fuzzy);
	}
	putchar('\n');
}

static int
run_sync(cli_args *a)
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
	st = tercume_project_sync(p, &o, on_article, &t, &capped.rep);
	cli_capped_finish(&capped);
	if (!a->quiet) {
		size_t n = 0;

		for (int s = 0; s < 5; s++)
			n += t.by_state[s];
		/* TRANSLATORS: sync's summary: how many articles, then how many of
		   them are new, changed, incomplete (a catalogue was missing) and
		   unchanged. */
		printf(ngettext("sync: %zu article: %zu new, %zu changed, %zu incomplete, %zu unchanged",
				"sync: %zu articles: %zu new, %zu changed, %zu incomplete, %zu unchanged",
				n), n, t.by_state[TERCUME_ARTICLE_NEW],
		       t.by_state[TERCUME_ARTICLE_CHANGED], t.by_state[TERCUME_ARTICLE_INCOMPLETE],
		       t.by_state[TERCUME_ARTICLE_UNCHANGED]);
		if (t.by_state[TERCUME_ARTICLE_FAILED])
			printf(_(", %zu FAILED"), t.by_state[TERCUME_ARTICLE_FAILED]);
		if (o.dry_run)
			puts(_("; dry run, nothing written"));
		else
			printf(ngettext("; %zu file written\n", "; %zu files written\n", t.written),
			       t.written);
	}
	tercume_project_free(p);
	return cli_exit_status(st);
}
