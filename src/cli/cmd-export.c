/* cmd-export.c — tercume export: a catalogue of an article's units. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_export(cli_args *a);

static const cli_opt options[] = {
	CLI_OPT_OUTPUT(N_("the catalogue to write (written atomically); -: standard\n"
		       "output (with --to); an existing one that holds\n"
		       "translations is refused: 'tercume update' brings it\n"
		       "up to date")),
	{ "force", 0, NULL, N_("replace an existing catalogue all the same"), NULL },
	CLI_OPT_LANG(N_("target language (BCP 47: ru, az, pt-BR, …);\n"
		     "without it, a template (POT)")),
	CLI_OPT_TO_CATALOGUE(N_("format of the catalogue written: po, xliff12 or\n"
			     "xliff20 (default: from the name of FILE; .xlf and\n"
			     ".xliff mean XLIFF 2.0)")),
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_export = {
	.name = "export",
	.summary = N_("write the units of a segmented article as a PO or XLIFF catalogue"),
	.usage = "tercume export [OPTIONS] SEGMENTS -o FILE",
	.help =
	N_("Writes every unit of SEGMENTS, untranslated, with its ID, a reference to\n"
	"the article's line and its place in the article (\"paragraph 7, sentence\n"
	"2\") as context for translators.  Without --lang it writes a template\n"
	"(POT).\n"),
	.options = options,
	.min_operands = 1, .max_operands = 1, .operands = N_("one SEGMENTS file"),
	.run = run_export,
};

/* cli_write_catalog for the catalogue of doc's units. */
static int
write_doc_catalog(const tercume_doc *doc, const char *lang, const char *path,
		  tercume_format fmt, tercume_reporter *rep)
{
	tercume_status st;

	if (strcmp(path, "-") != 0)
		return cli_exit_status(tercume_doc_write_catalog(doc, lang, path, fmt, rep));
	if (fmt == TERCUME_FORMAT_AUTO) {
		fputs(_("tercume: standard output has no file name to tell the format "
			"by: name it with --to (po, xliff12, xliff20)\n"), stderr);
		return EXIT_INPUT;
	}
	st = tercume_doc_write_catalog_stream(doc, lang, stdout, NULL, fmt, rep);
	if (st == TERCUME_EIO)
		cli_mark_stdout_reported();	/* said once, by the library */
	return cli_exit_status(st);
}

static int
run_export(cli_args *a)
{
	tercume_format fmt = (tercume_format)cli_num(a, "to", TERCUME_FORMAT_AUTO);
	tercume_doc *doc;
	tercume_status st;
	int rc = EXIT_OKAY;

	if (a->output == NULL)
		return cli_usage_error(a->cmd, "no output file (-o FILE)");
	st = tercume_segments_read(&doc, a->argv[0], &a->rep);
	if (st == TERCUME_OK) {
		const char *inputs[] = { a->argv[0], tercume_doc_source_path(doc) };

		/* issue 12: a stale segments file, an output that is an input,
		 * a translated catalogue written over */
		st = tercume_segments_check_source(doc, a->argv[0], &a->rep);
		if (st == TERCUME_OK)
			st = tercume_output_check(a->output, inputs, 2, &a->rep);
		if (st == TERCUME_OK && cli_count(a, "force") == 0)
			st = tercume_catalog_check_replace(a->output, fmt, &a->rep);
		/* entry by entry: the catalogue is never held beside the
		 * document (issue 15) */
		if (st == TERCUME_OK)
			rc = write_doc_catalog(doc, cli_str(a, "lang"), a->output, fmt, &a->rep);
		tercume_doc_free(doc);
	}
	return st == TERCUME_OK ? rc : cli_exit_status(st);
}
