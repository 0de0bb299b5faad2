/* cmd-update.c — tercume update: bring the catalogues of an article up to
 * date after the article changed. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run_update(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_SEGMENTS(N_("the article's segments file (read for the\n"
			 "language and layout, then rewritten)")),
	CLI_OPT_SOURCE_LANG(N_("language of the article (default: the\n"
			    "segments file's, else en)")),
	CLI_OPT_LAYOUT(N_("auto, line or blank (default: the segments\n"
		       "file's, else auto)")),
	CLI_OPT_THRESHOLD,
	{ "no-fuzzy", 0, NULL, N_("no fuzzy matching: changed sentences are new"), NULL },
	{ "tm", 0, "FILE", N_("a TMX memory: an identical source fills a unit\n"
	  "as translated, a close one as fuzzy"), NULL },
	CLI_OPT_DRY_RUN,
	{ "force", 0, NULL, N_("update a catalogue that records another article,\n"
	  "or that would lose most of its translations to\n"
	  "obsolete (refused otherwise, exit status 2)"), NULL },
	CLI_OPT_FORMAT,
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_update = {
	.name = "update",
	.summary = N_("bring the catalogues of a changed article up to date"),
	.usage = "tercume update [OPTIONS] -s SEGMENTS ARTICLE CATALOGUE...",
	.help =
	N_("Segments ARTICLE again and brings every CATALOGUE (PO or XLIFF, each in\n"
	"its own format) up to date with it, then rewrites SEGMENTS.  A unit whose\n"
	"sentence is unchanged keeps its translation, state and comments wherever\n"
	"it moved; a changed or new sentence close to one that vanished gets that\n"
	"translation as a fuzzy suggestion with the previous source and the\n"
	"similarity; anything else is new and untranslated; a unit that left the\n"
	"article becomes obsolete.  Nothing is written unless every catalogue\n"
	"could be read and updated; each file is replaced atomically.  Prints one\n"
	"line per catalogue: kept, fuzzy, new, obsolete.\n"),
	.options = options,
	.min_operands = 1, .max_operands = -1, .operands = N_("an ARTICLE and its CATALOGUEs"),
	.doc = "update.md",
	.run = run_update,
};

void
cli_print_update_stats(const char *path, const tercume_update_stats *s, int with_tm)
{
	/* TRANSLATORS: update's line per catalogue: a file name, then how many
	   units kept their translation, became fuzzy, are new, became
	   obsolete. */
	printf(_("%s: kept %zu, fuzzy %zu, new %zu, obsolete %zu"), path, s->kept, s->fuzzy,
	       s->fresh, s->obsolete);
	if (with_tm)
		/* TRANSLATORS: after update's line: how many units --tm filled,
		   as translated (exact) and as fuzzy. */
		printf(_(" (from the memory: %zu exact, %zu fuzzy)"), s->tm_exact, s->tm_fuzzy);
	putchar('\n');
}

int
cli_load_tm(const char *tm_path, const tercume_catalog *cat, tercume_catalog **tm,
	    tercume_reporter *rep)
{
	const char *tl = tercume_catalog_target_lang(cat);

	*tm = NULL;
	if (tm_path == NULL)
		return EXIT_OKAY;
	if (tl == NULL) {
		tercume_diag d = { TERCUME_SEV_ERROR, tercume_catalog_file(cat), 0, 0, NULL,
				   _("a template has no target language to take from the memory") };
		rep->errors++;
		if (rep->fn)
			rep->fn(&d, rep->user);
		return EXIT_INPUT;
	}
	return cli_exit_status(tercume_tmx_read(tm, tm_path, tercume_catalog_source_lang(cat), tl, rep));
}

static void
print_json(cli_args *a, char **paths, const tercume_update_stats *stats, int n, int rc)
{
	fputs("{\n  \"command\": \"update\",\n  \"passed\": ", stdout);
	printf("%s,\n  \"exit_status\": %d,\n  \"dry_run\": %s,\n  \"segments\": ",
	       rc == EXIT_OKAY ? "true" : "false", rc, cli_count(a, "dry-run") ? "true" : "false");
	cli_json_string(stdout, cli_str(a, "segments"));
	fputs(",\n  \"article\": ", stdout);
	cli_json_string(stdout, a->argv[0]);
	fputs(",\n  \"catalogues\": [", stdout);
	for (int i = 0; i < n; i++) {
		const tercume_update_stats *s = &stats[i];
		printf("%s\n    {\"file\": ", i ? "," : "");
		cli_json_string(stdout, paths[i]);
		printf(", \"kept\": %zu, \"fuzzy\": %zu, \"new\": %zu, \"obsolete\": %zu, "
		       "\"dropped\": %zu, \"tm_exact\": %zu, \"tm_fuzzy\": %zu}", s->kept, s->fuzzy,
		       s->fresh, s->obsolete, s->dropped, s->tm_exact, s->tm_fuzzy);
	}
	fputs(n ? "\n  ],\n  " : "],\n  ", stdout);
	cli_json_diagnostics(stdout);
	fputs("\n}\n", stdout);
	a->json_done = true;
}

static int
run_update(cli_args *a)
{
	tercume_segment_options sopts = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_update_options uopts = TERCUME_UPDATE_OPTIONS_INIT;
	const char *segments = cli_str(a, "segments"), *tm_path = cli_str(a, "tm");
	const char *lang = cli_str(a, "source-lang"), *article = a->argv[0];
	bool dry_run = cli_count(a, "dry-run") > 0;
	tercume_doc *old_doc = NULL, *doc = NULL;
	tercume_markup markup;
	tercume_catalog **cats = NULL;
	tercume_update_stats *stats = NULL;
	char **paths = a->argv + 1;
	int rc = EXIT_OKAY, n_cats = a->argc - 1;
	tercume_status st;

	uopts.threshold = cli_num(a, "threshold", uopts.threshold);
	if (cli_count(a, "no-fuzzy"))
		uopts.fuzzy = 0;
	if (segments == NULL)
		return cli_usage_error(a->cmd, "no segments file (-s SEGMENTS)");

	/* update rewrites SEGMENTS and each CATALOGUE, and only those: none of
	 * them may be the article, the memory or another of them (issue 12). */
	{
		const char **inputs = calloc((size_t)n_cats + 3, sizeof *inputs);

		if (inputs == NULL)
			return EXIT_IO;
		inputs[0] = article;
		inputs[1] = tm_path;
		for (int i = 0; i < n_cats; i++)
			inputs[2 + i] = paths[i];
		st = tercume_output_check(segments, inputs, (size_t)n_cats + 2, &a->rep);
		for (int i = 0; i < n_cats && st == TERCUME_OK; i++) {
			inputs[2 + i] = segments;	/* the others, and the segments file */
			st = tercume_output_check(paths[i], inputs, (size_t)n_cats + 2, &a->rep);
			inputs[2 + i] = NULL;
		}
		free(inputs);
		if (st != TERCUME_OK)
			return cli_exit_status(st);
	}

	/* The old segments file gives the language and layout. */
	if (access(segments, F_OK) == 0) {
		st = tercume_segments_read(&old_doc, segments, &a->rep);
		if (st != TERCUME_OK)
			return cli_exit_status(st);
		sopts.source_lang = tercume_doc_source_lang(old_doc);
		sopts.layout = tercume_doc_layout(old_doc);
	}
	if (lang)
		sopts.source_lang = lang;
	if (cli_count(a, "layout"))
		sopts.layout = (tercume_layout)cli_num(a, "layout", TERCUME_LAYOUT_AUTO);
	if ((rc = cli_refuse_non_article(article, &a->rep)) != EXIT_OKAY)
		goto out;
	/* the reader that made the old segments file (an HTML or Markdown
	 * article stays one), else the one the article's name says */
	if (old_doc == NULL || tercume_markup_from_name(tercume_doc_format(old_doc), &markup) != 0)
		markup = TERCUME_MARKUP_AUTO;
	st = tercume_doc_read(&doc, article, markup, &sopts, &a->rep);
	if (st != TERCUME_OK) {
		rc = cli_exit_status(st);
		goto out;
	}

	/* Read and update everything first: a bad catalogue stops the lot. */
	cats = calloc((size_t)n_cats + 1, sizeof *cats);
	stats = calloc((size_t)n_cats + 1, sizeof *stats);
	if (cats == NULL || stats == NULL) {
		rc = EXIT_IO;
		goto out;
	}
	for (int i = 0; i < n_cats; i++) {
		const char *path = paths[i];
		tercume_catalog *old = NULL, *tm = NULL;

		st = tercume_catalog_read(&old, path, tercume_format_of_file(path), &a->rep);
		if (st != TERCUME_OK) {
			rc = cli_exit_status(st);
			goto out;
		}
		rc = cli_load_tm(tm_path, old, &tm, &a->rep);
		if (rc == EXIT_OKAY) {
			uopts.tm = tm;
			st = tercume_catalog_update(old, doc, &uopts, &cats[i], &stats[i]);
			/* a catalogue of another article is refused (issue 12) */
			if (st == TERCUME_OK && cli_count(a, "force") == 0 &&
			    tercume_update_check(old, doc, &stats[i], &a->rep) != TERCUME_OK)
				rc = EXIT_INPUT;
			else if (st != TERCUME_OK) {
				cli_diag(a, TERCUME_SEV_ERROR, path, 0, 0, "cannot update: %s",
					 tercume_status_string(st));
				rc = cli_exit_status(st);
			}
		}
		tercume_catalog_free(tm);
		tercume_catalog_free(old);
		if (rc != EXIT_OKAY)
			goto out;
	}
	if (!dry_run) {
		for (int i = 0; i < n_cats; i++) {
			st = tercume_catalog_write(cats[i], paths[i], tercume_format_of_file(paths[i]),
						   &a->rep);
			if (st != TERCUME_OK) {
				rc = cli_exit_status(st);
				goto out;
			}
		}
		st = tercume_segments_write(doc, segments, &a->rep);
		if (st != TERCUME_OK) {
			rc = cli_exit_status(st);
			goto out;
		}
	}
	if (a->report == CLI_REPORT_JSON)
		print_json(a, paths, stats, n_cats, rc);
	else if (!a->quiet)
		for (int i = 0; i < n_cats; i++)
			cli_print_update_stats(paths[i], &stats[i], tm_path != NULL);
out:
	for (int i = 0; cats && i < n_cats; i++)
		tercume_catalog_free(cats[i]);
	free(cats);
	free(stats);
	tercume_doc_free(doc);
	tercume_doc_free(old_doc);
	return rc;
}
