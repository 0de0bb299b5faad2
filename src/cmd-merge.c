/* cmd-merge.c — tercume merge: put units back into the article's layout,
 * or translations into a localised edition. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int run_merge(int argc, char **argv);

const cli_cmd cmd_merge = {
	"merge",
	"rebuild an article (or its localised edition) from its segments file",
	"tercume merge [OPTIONS] SEGMENTS [CATALOGUE]",
	"Puts the units of SEGMENTS back into the article's skeleton.  With no\n"
	"catalogue the source article comes back byte for byte.  With a PO or\n"
	"XLIFF CATALOGUE each unit is replaced by its translation, and the edition,\n"
	"in the catalogue's target language, keeps the source's layout (blocks,\n"
	"line endings, BOM, final newline).\n\n"
	"A translation is used only when its unit ID is in SEGMENTS and the source\n"
	"text it was made for is still the unit's text; a stale or untranslated\n"
	"unit, a fuzzy one without --use-fuzzy, or one whose inline codes the\n"
	"translation broke (the check 'codes'), falls back as --fallback says.\n"
	"A summary goes to standard error.  doc/merge.md tells more.\n\n"
	"Options:\n"
	"  -o, --output FILE      write the edition to FILE ('-' or none: stdout);\n"
	"                         written atomically, an old FILE survives a failure;\n"
	"                         a name ending in .html or .htm means --html\n"
	"  -f, --format FORMAT    text (the source's layout, the default) or html\n"
	"      --html             the same as --format html: a standalone HTML5 page\n"
	"      --title TEXT       the HTML page's title (default: the opening\n"
	"                         heading, or the first sentence, shortened)\n"
	"      --from FORMAT      the catalogue's format: po, xliff12, xliff20\n"
	"                         (default: from its file name)\n"
	"      --fallback POLICY  for a unit without a usable translation:\n"
	"                           source  keep the source text, with a warning\n"
	"                                   (the default)\n"
	"                           fail    refuse the edition (exit status 1,\n"
	"                                   nothing written); an entry whose ID is\n"
	"                                   not in SEGMENTS is then an error too\n"
	"      --use-fuzzy        use fuzzy translations (default: fall back)\n"
	"      --min-coverage PCT refuse (exit status 1, nothing written) an edition\n"
	"                         with less than PCT percent of its units translated\n"
	"  -h, --help             show this help and exit\n",
	run_merge,
};

enum { OPT_HTML = 256, OPT_TITLE, OPT_FROM, OPT_FALLBACK, OPT_USE_FUZZY, OPT_MIN_COVERAGE };

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static int
parse_percent(const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || (*end != '\0' && strcmp(end, "%") != 0) || !(v >= 0 && v <= 100))
		return -1;
	*out = v;
	return 0;
}

static int
run_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "html", no_argument, NULL, OPT_HTML },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "fallback", required_argument, NULL, OPT_FALLBACK },
		{ "use-fuzzy", no_argument, NULL, OPT_USE_FUZZY },
		{ "min-coverage", required_argument, NULL, OPT_MIN_COVERAGE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_merge_options mopts = TERCUME_MERGE_OPTIONS_INIT;
	tercume_html_options hopts = TERCUME_HTML_OPTIONS_INIT;
	tercume_format from = TERCUME_FORMAT_AUTO;
	const char *output = NULL, *segments, *catalogue;
	tercume_catalog *cat = NULL;
	tercume_edition *ed = NULL;
	tercume_merge_stats stats;
	tercume_reporter rep;
	tercume_doc *doc;
	tercume_status st;
	int html = -1;		/* -1: from the output's name */
	char *data = NULL;
	size_t len = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f':
			if (strcmp(optarg, "html") == 0)
				html = 1;
			else if (strcmp(optarg, "text") == 0)
				html = 0;
			else
				return cli_usage_error(&cmd_merge, "unknown output format '%s' (text, html)", optarg);
			break;
		case OPT_HTML: html = 1; break;
		case OPT_TITLE: hopts.title = optarg; break;
		case OPT_FROM:
			if (tercume_format_from_name(optarg, &from) != 0)
				return cli_usage_error(&cmd_merge, "unknown format '%s' (po, xliff12, xliff20)", optarg);
			break;
		case OPT_FALLBACK:
			if (tercume_fallback_from_name(optarg, &mopts.fallback) != 0)
				return cli_usage_error(&cmd_merge, "unknown fallback '%s' (source, fail)", optarg);
			break;
		case OPT_USE_FUZZY: mopts.use_fuzzy = 1; break;
		case OPT_MIN_COVERAGE:
			if (parse_percent(optarg, &mopts.min_coverage) != 0)
				return cli_usage_error(&cmd_merge, "--min-coverage wants a percentage from 0 to 100, not '%s'", optarg);
			break;
		case 'h': cli_print_help(&cmd_merge); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_merge, "bad option");
		}
	}
	if (argc - optind < 1 || argc - optind > 2)
		return cli_usage_error(&cmd_merge, "expected a SEGMENTS file and at most one CATALOGUE");
	segments = argv[optind];
	catalogue = argc - optind == 2 ? argv[optind + 1] : NULL;
	if (html < 0)
		html = output && (has_suffix(output, ".html") || has_suffix(output, ".htm"));

	cli_reporter_init(&rep);
	st = tercume_segments_read(&doc, segments, &rep);
	if (st != TERCUME_OK)
		return cli_exit_status(st);
	if (catalogue == NULL && !html) {
		/* The source, byte for byte. */
		st = tercume_doc_render(doc, NULL, &data, &len);
		goto write;
	}
	if (catalogue) {
		st = tercume_catalog_read(&cat, catalogue, from, &rep);
		if (st != TERCUME_OK)
			goto out;
	}
	st = tercume_merge(&ed, doc, cat, &mopts, &stats, &rep);
	if (cat != NULL && (st == TERCUME_OK || stats.refused)) {
		char line[256];
		fprintf(stderr, "tercume: %s\n", tercume_merge_summary(&stats,
			tercume_catalog_target_lang(cat), tercume_doc_source_lang(doc),
			line, sizeof line));
	}
	if (st != TERCUME_OK) {
		rc = stats.refused ? EXIT_GATE : cli_exit_status(st);
		goto done;
	}
	if (html)
		st = tercume_edition_render_html(ed, &hopts, &data, &len, &rep);
	else
		st = tercume_edition_render_text(ed, &data, &len);
write:
	if (st != TERCUME_OK)
		goto out;
	rc = cli_write_output(output, data, len, &rep);
	goto done;
out:
	rc = cli_exit_status(st);
done:
	free(data);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	return rc;
}
