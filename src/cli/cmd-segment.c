/* cmd-segment.c — tercume segment: split an article into sentence units. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_segment(cli_args *a);

static const char *
check_markup(const char *arg, cli_val *v, char *msg, size_t size)
{
	tercume_markup m;

	if (tercume_markup_from_name(arg, &m) != 0 || m == TERCUME_MARKUP_AUTO) {
		snprintf(msg, size, _("unknown article format '%s' (text, html or markdown)"), arg);
		return msg;
	}
	v->num = (int)m;
	return NULL;
}

static const cli_opt options[] = {
	CLI_OPT_OUTPUT(N_("write the segments file to FILE ('-': stdout);\n"
		       "written atomically, an old FILE survives a failure")),
	CLI_OPT_SOURCE_LANG(N_("language of the article (BCP 47; default: en)")),
	{ "from", 0, "FMT", N_("the article's format: text, html or markdown\n"
	  "(default: from its name: .html, .htm, .xhtml are\n"
	  "HTML, .md, .markdown Markdown, any other text)"), check_markup,
	  "text html markdown" },
	CLI_OPT_LAYOUT(N_("auto (default), line (one paragraph per line) or\n"
		       "blank (paragraphs separated by blank lines);\n"
		       "plain text only")),
	{ "srx", 0, "FILE", N_("segment with the rules of the SRX 2.0 file FILE\n"
	  "(its language map picks them for LANG) instead\n"
	  "of the built-in rules (srx.md)"), NULL },
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_segment = {
	.name = "segment",
	.summary = N_("split an article into sentence units and write its segments file"),
	.usage = "tercume segment [OPTIONS] ARTICLE",
	.help =
	N_("Reads ARTICLE (UTF-8 plain text, HTML or Markdown: html.md, markdown.md),\n"
	"splits every paragraph into sentences with ICU and the built-in SRX rules\n"
	"for LANG (en, ru and az have them) and gives each sentence a stable ID;\n"
	"in HTML and Markdown, inline markup travels inside the units as codes.\n"
	"Without -o it lists the units (ID, place in the article, text); with -o it\n"
	"writes the segments file (segments.md), from which 'tercume merge' rebuilds\n"
	"the article.\n"
	"A PO, XLIFF or TMX catalogue, or a segments file, is refused as ARTICLE.\n"),
	.options = options,
	.min_operands = 1, .max_operands = 1, .operands = N_("one ARTICLE"),
	.doc = "segments.md",
	.run = run_segment,
};

static int
run_segment(cli_args *a)
{
	tercume_segment_options opts = TERCUME_SEGMENT_OPTIONS_INIT;
	const char *output = a->output, *article = a->argv[0];
	tercume_doc *doc;
	tercume_status st;
	int rc;

	if (cli_str(a, "source-lang"))
		opts.source_lang = cli_str(a, "source-lang");
	opts.layout = (tercume_layout)cli_num(a, "layout", TERCUME_LAYOUT_AUTO);
	opts.srx_path = cli_str(a, "srx");
	if ((rc = cli_refuse_non_article(article, &a->rep)) != EXIT_OKAY)
		return rc;
	{
		/* issue 12: never over its own input */
		const char *inputs[] = { article, opts.srx_path };

		if ((st = tercume_output_check(output, inputs, 2, &a->rep)) != TERCUME_OK)
			return cli_exit_status(st);
		if ((rc = cli_refuse_over_work(output, CLI_OUT_SEGMENTS, &a->rep)) != EXIT_OKAY)
			return rc;
	}
	st = tercume_doc_read(&doc, article, (tercume_markup)cli_num(a, "from", TERCUME_MARKUP_AUTO),
			      &opts, &a->rep);
	if (st != TERCUME_OK)
		return cli_exit_status(st);
	if (tercume_doc_unit_count(doc) == 0)
		/* Probably the wrong file; still an article, whose segments
		 * file gives it back (doc/limits.md). */
		cli_diag(a, TERCUME_SEV_WARNING, article, 1, 1, "the article has no text: the file "
			 "is empty or holds only white space");
	if (output != NULL && strcmp(output, "-") != 0) {
		/* Streamed into a temporary file, then renamed into place. */
		rc = cli_exit_status(tercume_segments_write(doc, output, &a->rep));
	} else if (output != NULL) {
		char *data;
		size_t len;
		st = tercume_segments_format(doc, &data, &len);
		rc = st == TERCUME_OK ? cli_write_output(output, data, len, &a->rep) : cli_exit_status(st);
		if (st == TERCUME_OK)
			free(data);
	} else {
		for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
			tercume_unit_info u;
			char ctx[64];
			char *shown = NULL;
			tercume_doc_unit(doc, i, &u);
			/* codes as the PO notation shows them */
			if (u.n_codes > 0 && tercume_rich_render(u.text, u.codes, u.n_codes,
								 TERCUME_RENDER_NOTATION, &shown,
								 NULL) != TERCUME_OK)
				shown = NULL;
			printf("%-10s %-24s %s\n", u.id,
			       tercume_doc_unit_context(doc, i, ctx, sizeof ctx), shown ? shown : u.text);
			free(shown);
		}
		rc = EXIT_OKAY;
	}
	tercume_doc_free(doc);
	return rc;
}
