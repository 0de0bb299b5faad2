/* cmd-merge.c — tercume merge: put units back into the article's layout,
 * or translations into a localised edition. */
#include "config.h"
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int run_merge(cli_args *a);

enum { EDITION_TEXT, EDITION_HTML };

static const char *
check_edition(const char *arg, cli_val *v, char *msg, size_t size)
{
	if (strcmp(arg, "text") == 0)
		v->num = EDITION_TEXT;
	else if (strcmp(arg, "html") == 0)
		v->num = EDITION_HTML;
	else {
		snprintf(msg, size, _("unknown edition format '%s' (text or html)"), arg);
		return msg;
	}
	return NULL;
}

static const char *
check_fallback(const char *arg, cli_val *v, char *msg, size_t size)
{
	tercume_fallback fb;

	if (tercume_fallback_from_name(arg, &fb) != 0) {
		snprintf(msg, size, _("unknown fallback '%s' (source or fail)"), arg);
		return msg;
	}
	v->num = (int)fb;
	return NULL;
}

static const cli_opt options[] = {
	CLI_OPT_OUTPUT(N_("write the edition to FILE ('-' or none: stdout);\n"
		       "written atomically, an old FILE survives a failure;\n"
		       "a name ending in .html or .htm means --to html;\n"
		       "an HTML or Markdown article's edition is written\n"
		       "in its own format, whatever the name")),
	{ "to", 0, "FMT", N_("the edition: text (the source's layout, the\n"
	  "default) or html (a standalone HTML5 page)"), check_edition, "text html" },
	{ "html", 0, NULL, N_("the same as --to html"), NULL },
	{ "title", 0, "TEXT", N_("the HTML page's title (default: the opening\n"
	  "heading, or the first sentence, shortened)"), NULL },
	CLI_OPT_FROM,
	CLI_OPT_LANG(N_("the edition's language when the catalogue names\n"
		     "none (a PO with an empty Language: header); one\n"
		     "that names another is an error")),
	{ "fallback", 0, "POLICY", N_("for a unit without a usable translation: source\n"
	  "keeps the source text, with a warning (the\n"
	  "default); fail refuses the edition (exit status 1,\n"
	  "nothing written), and an entry whose ID is not in\n"
	  "SEGMENTS is then an error too"), check_fallback, "source fail" },
	{ "use-fuzzy", 0, NULL, N_("use fuzzy translations (default: fall back)"), NULL },
	{ "min-coverage", 0, "PCT", N_("refuse (exit status 1, nothing written) an edition\n"
	  "with less than PCT percent of its units translated\n"
	  "(default: 10, an edition hardly translated at all;\n"
	  "0 takes any)"), cli_check_percent },
	CLI_OPT_FORMAT,
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_merge = {
	.name = "merge",
	.summary = N_("rebuild an article, or a localised edition, from its segments file"),
	.usage = "tercume merge [OPTIONS] SEGMENTS [CATALOGUE]",
	.help =
	N_("Puts the units of SEGMENTS back into the article's skeleton.  With no\n"
	"catalogue the source article comes back byte for byte.  With a PO or\n"
	"XLIFF CATALOGUE each unit is replaced by its translation, and the edition,\n"
	"in the catalogue's target language, keeps the source's layout (blocks,\n"
	"line endings, BOM, final newline).\n\n"
	"A translation is used only when its unit ID is in SEGMENTS and the source\n"
	"text it was made for is still the unit's text; a stale or untranslated\n"
	"unit, a fuzzy one without --use-fuzzy, or one whose inline codes the\n"
	"translation broke (the check 'codes'), falls back as --fallback says.\n"
	"A summary goes to standard error (--format json: into the report).\n"),
	.options = options,
	.min_operands = 1, .max_operands = 2,
	.operands = N_("a SEGMENTS file and at most one CATALOGUE"),
	.doc = "merge.md",
	.run = run_merge,
};

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static void
print_json(const cli_args *a, const tercume_merge_stats *s, const char *lang, int rc)
{
	fputs("{\n  \"command\": \"merge\",\n  \"passed\": ", stdout);
	printf("%s,\n  \"exit_status\": %d,\n  \"segments\": ", rc == EXIT_OKAY ? "true" : "false", rc);
	cli_json_string(stdout, a->argv[0]);
	fputs(",\n  \"catalogue\": ", stdout);
	cli_json_string(stdout, a->argc > 1 ? a->argv[1] : NULL);
	fputs(",\n  \"output\": ", stdout);
	cli_json_string(stdout, rc == EXIT_OKAY ? a->output : NULL);
	fputs(",\n  \"target_lang\": ", stdout);
	cli_json_string(stdout, lang);
	printf(",\n  \"units\": %zu, \"translated\": %zu, \"fuzzy_used\": %zu, \"kept\": %zu,\n"
	       "  \"untranslated\": %zu, \"fuzzy_skipped\": %zu, \"stale\": %zu, \"broken\": %zu,\n"
	       "  \"unknown\": %zu, \"obsolete\": %zu, \"coverage\": %.1f, \"refused\": %s,\n  ",
	       s->units, s->translated, s->fuzzy_used, s->kept, s->untranslated, s->fuzzy_skipped,
	       s->stale, s->broken, s->unknown, s->obsolete, s->coverage, s->refused ? "true" : "false");
	cli_json_diagnostics(stdout);
	fputs("\n}\n", stdout);
}

/* -l: the language of a catalogue that names none; never a second one. */
static int
apply_lang(cli_args *a, tercume_catalog *cat, bool translations, const char *path)
{
	const char *lang = cli_str(a, "lang"), *has = tercume_catalog_target_lang(cat);
	char canon[160];

	if (lang == NULL && has == NULL && translations) {
		cli_diag(a, TERCUME_SEV_ERROR, path, 0, 0, "the catalogue names no target language "
			 "(a PO with an empty Language: header?): say which it is with -l LANG");
		return EXIT_INPUT;
	}
	if (lang == NULL)
		return EXIT_OKAY;
	if (has == NULL)
		return cli_exit_status(tercume_catalog_set_target_lang(cat, lang));
	if (tercume_lang_canonical(has, canon, sizeof canon) != TERCUME_OK)
		snprintf(canon, sizeof canon, "%s", has);
	if (strcmp(canon, lang) != 0) {
		cli_diag(a, TERCUME_SEV_ERROR, path, 0, 0, "the catalogue is in '%s', not '%s' "
			 "(-l/--lang)", has, lang);
		return EXIT_INPUT;
	}
	return EXIT_OKAY;
}

static int
run_merge(cli_args *a)
{
	tercume_merge_options mopts = TERCUME_MERGE_OPTIONS_INIT;
	tercume_html_options hopts = TERCUME_HTML_OPTIONS_INIT;
	tercume_format from = (tercume_format)cli_num(a, "from", TERCUME_FORMAT_AUTO);
	const char *output = a->output, *segments = a->argv[0];
	const char *catalogue = a->argc > 1 ? a->argv[1] : NULL;
	tercume_catalog *cat = NULL;	/* the merger's: its header, at least */
	tercume_merger *merger = NULL;
	tercume_edition *ed = NULL;
	tercume_merge_stats stats;
	tercume_doc *doc = NULL;
	tercume_status st = TERCUME_OK;
	bool have_stats = false, markup;
	int html = cli_num(a, "to", -1);	/* -1: from the output's name */
	char *data = NULL, *lang = NULL;
	size_t len = 0;
	int rc;

	memset(&stats, 0, sizeof stats);
	if (cli_count(a, "html"))
		html = EDITION_HTML;
	hopts.title = cli_str(a, "title");
	mopts.fallback = (tercume_fallback)cli_num(a, "fallback", TERCUME_FALLBACK_SOURCE);
	mopts.use_fuzzy = cli_count(a, "use-fuzzy") > 0;
	/* -1: the library's default floor (TERCUME_MERGE_FLOOR) */
	mopts.min_coverage = cli_real(a, "min-coverage", -1.0);
	if (a->report != CLI_REPORT_TEXT && (output == NULL || strcmp(output, "-") == 0))
		return cli_usage_error(a->cmd, "--format %s prints the report on standard output: "
				       "write the edition to a file with -o FILE",
				       a->report == CLI_REPORT_JSON ? "json" : "github");
	if (html < 0)
		html = output && (has_suffix(output, ".html") || has_suffix(output, ".htm"));

	st = tercume_segments_read(&doc, segments, &a->rep);
	if (st != TERCUME_OK)
		return cli_exit_status(st);
	markup = strcmp(tercume_doc_format(doc), "text") != 0;
	if (markup && (cli_count(a, "to") || cli_count(a, "html"))) {
		rc = cli_usage_error(a->cmd, "the edition of a %s article is a %s document: "
				     "--to and --html are for plain-text articles",
				     tercume_doc_format(doc), tercume_doc_format(doc));
		tercume_doc_free(doc);
		return rc;
	}
	if (markup)
		html = 0;
	{
		/* issue 12: never from a stale segments file, never over an input */
		const char *inputs[] = { segments, catalogue, tercume_doc_source_path(doc) };

		st = tercume_segments_check_source(doc, segments, &a->rep);
		if (st == TERCUME_OK)
			st = tercume_output_check(output, inputs, 3, &a->rep);
		if (st == TERCUME_OK && cli_refuse_over_work(output, CLI_OUT_EDITION,
							     &a->rep) != EXIT_OKAY)
			st = TERCUME_EUSAGE;
		if (st != TERCUME_OK)
			goto out;
	}
	if (catalogue == NULL && !html) {
		/* The source, byte for byte: into the file as it is made
		 * (issue 15), its edition holding no text. */
		st = tercume_merge(&ed, doc, NULL, &mopts, NULL, &a->rep);
		if (st == TERCUME_OK && output != NULL && strcmp(output, "-") != 0) {
			rc = cli_exit_status(tercume_edition_write_text(ed, output, &a->rep));
			goto done;
		}
		if (st == TERCUME_OK)
			st = tercume_edition_render_text(ed, &data, &len);
		goto write;
	}
	if (catalogue) {
		/* merged as it is read: a PO catalogue is never held whole
		 * (issue 15) */
		st = tercume_merger_read(&merger, doc, catalogue, from, &mopts, &a->rep);
		if (st != TERCUME_OK)
			goto out;
		cat = tercume_merger_catalog(merger);
		if ((rc = apply_lang(a, cat, tercume_merger_has_translations(merger),
				     catalogue)) != EXIT_OKAY)
			goto done;
		st = tercume_merger_finish(merger, &ed, &stats);
	} else
		st = tercume_merge(&ed, doc, NULL, &mopts, &stats, &a->rep);
	have_stats = cat != NULL && (st == TERCUME_OK || stats.refused);
	if (have_stats && !a->quiet && a->report != CLI_REPORT_JSON) {
		char line[512];
		tercume_merge_summary(&stats, tercume_catalog_target_lang(cat),
				      tercume_doc_source_lang(doc), line, sizeof line);
		if (a->report == CLI_REPORT_GITHUB)
			printf("::notice::tercume merge: %s\n", line);
		else
			fprintf(stderr, "tercume: %s\n", line);
	}
	if (st != TERCUME_OK) {
		rc = stats.refused ? EXIT_GATE : cli_exit_status(st);
		goto done;
	}
	/* The edition holds its own copies: the catalogue is not kept beside
	 * it while it is rendered (issue 15), its language only, for the
	 * JSON report. */
	if (cat != NULL) {
		if (tercume_catalog_target_lang(cat) &&
		    (lang = strdup(tercume_catalog_target_lang(cat))) == NULL) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		tercume_merger_free(merger);
		merger = NULL;
		cat = NULL;
	}
	if (markup)	/* the document in its own format (html.md, markdown.md) */
		st = tercume_edition_render_document(ed, &data, &len, &a->rep);
	else if (html)
		st = tercume_edition_render_html(ed, &hopts, &data, &len, &a->rep);
	else if (output != NULL && strcmp(output, "-") != 0) {
		/* into the file as it is made (issue 15) */
		rc = cli_exit_status(tercume_edition_write_text(ed, output, &a->rep));
		goto done;
	} else
		st = tercume_edition_render_text(ed, &data, &len);
write:
	if (st != TERCUME_OK)
		goto out;
	rc = cli_write_output(output, data, len, &a->rep);
	goto done;
out:
	rc = cli_exit_status(st);
done:
	if (a->report == CLI_REPORT_JSON && have_stats) {
		print_json(a, &stats, cat ? tercume_catalog_target_lang(cat) : lang, rc);
		a->json_done = true;
	}
	free(data);
	free(lang);
	tercume_edition_free(ed);
	tercume_merger_free(merger);
	tercume_doc_free(doc);
	return rc;
}
