/* cmd-convert.c — tercume convert: between PO, XLIFF 1.2 and XLIFF 2.0. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int run_convert(cli_args *a);
static tercume_status check_replace(cli_args *a, const tercume_catalog *cat);

static const cli_opt options[] = {
	CLI_OPT_OUTPUT(N_("the catalogue to write (written atomically); -: standard\n"
		       "output (with --to)")),
	CLI_OPT_FROM,
	CLI_OPT_TO_CATALOGUE(N_("format of the catalogue written: po, xliff12 or\n"
			     "xliff20 (default: from the name of FILE; .xlf and\n"
			     ".xliff mean XLIFF 2.0)")),
	CLI_OPT_SEGMENTS(N_("check every unit ID against this segments file")),
	CLI_OPT_LANG(N_("the target language, for an INPUT that names none\n"
		     "(an empty PO Language header); one that names\n"
		     "another is an error")),
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_convert = {
	.name = "convert",
	.summary = N_("convert a catalogue between PO, XLIFF 1.2 and XLIFF 2.0"),
	.usage = "tercume convert [OPTIONS] INPUT -o FILE",
	.help =
	N_("Reads INPUT and writes the same units, translations, states and notes to\n"
	"FILE.  Formats follow the file names (.po/.pot, .xlf/.xliff); XLIFF\n"
	"input says its own version, XLIFF output is 2.0 unless --to says 1.2.\n"),
	.options = options,
	.min_operands = 1, .max_operands = 1, .operands = N_("one INPUT catalogue"),
	.doc = "xliff.md",
	.run = run_convert,
};

static int
run_convert(cli_args *a)
{
	tercume_format from = (tercume_format)cli_num(a, "from", TERCUME_FORMAT_AUTO);
	tercume_format to = (tercume_format)cli_num(a, "to", TERCUME_FORMAT_AUTO);
	const char *segments = cli_str(a, "segments"), *input = a->argv[0];
	tercume_catalog *cat = NULL;
	tercume_doc *doc = NULL;
	tercume_status st;
	int rc = EXIT_OKAY;

	if (a->output == NULL)
		return cli_usage_error(a->cmd, "no output file (-o FILE)");
	if (segments && (st = tercume_segments_read(&doc, segments, &a->rep)) != TERCUME_OK)
		return cli_exit_status(st);
	{
		/* issue 12: never from a stale segments file, never over an input */
		const char *inputs[] = { input, segments, doc ? tercume_doc_source_path(doc) : NULL };

		st = doc ? tercume_segments_check_source(doc, segments, &a->rep) : TERCUME_OK;
		if (st == TERCUME_OK)
			st = tercume_output_check(a->output, inputs, 3, &a->rep);
		if (st != TERCUME_OK) {
			tercume_doc_free(doc);
			return cli_exit_status(st);
		}
	}
	st = tercume_catalog_read(&cat, input, from, &a->rep);
	if (st == TERCUME_OK && cli_str(a, "lang") != NULL) {
		const char *lang = cli_str(a, "lang"), *has = tercume_catalog_target_lang(cat);
		char canon[160];

		if (has == NULL)
			st = tercume_catalog_set_target_lang(cat, lang);
		else if (tercume_lang_canonical(has, canon, sizeof canon) != TERCUME_OK ||
			 strcmp(canon, lang) != 0) {
			cli_diag(a, TERCUME_SEV_ERROR, input, 0, 0, "the catalogue is in '%s', not "
				 "'%s' (-l/--lang)", has, lang);
			st = TERCUME_EUSAGE;
		}
	}
	if (st == TERCUME_OK && doc != NULL) {
		for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);
			if (e->state != TERCUME_STATE_OBSOLETE && tercume_doc_find(doc, e->id) == (size_t)-1) {
				cli_diag(a, TERCUME_SEV_ERROR, input, e->line, 0,
					 "unit ID '%s' is not in %s", e->id, segments);
				st = TERCUME_EINPUT;
			}
		}
	}
	if (st == TERCUME_OK)
		st = check_replace(a, cat);
	if (st == TERCUME_OK)
		rc = cli_write_catalog(cat, a->output, to, &a->rep);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	return st == TERCUME_OK ? rc : cli_exit_status(st);
}

/* issue 12: convert makes one catalogue again in another format (make
 * article writes xliff/ru.xlf from po/ru.po), so it may replace a
 * catalogue, but not a translator's work that cat does not hold: a
 * catalogue of another target language, or one with a translation of a
 * unit that cat has none for.  A template, an empty or a new file is
 * replaced as before. */
static tercume_status
check_replace(cli_args *a, const tercume_catalog *cat)
{
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	tercume_catalog *old = NULL;
	const char *was, *now = tercume_catalog_target_lang(cat);
	char c1[160], c2[160];
	tercume_status st = TERCUME_OK;

	if (tercume_catalog_check_replace(a->output, tercume_format_of_file(a->output),
					  &quiet) == TERCUME_OK ||
	    tercume_catalog_read(&old, a->output, tercume_format_of_file(a->output),
				 &quiet) != TERCUME_OK)
		return TERCUME_OK;	/* nothing to lose, or not a catalogue:
					   cli_write_catalog has its own say */
	was = tercume_catalog_target_lang(old);
	if (was && now && (tercume_lang_canonical(was, c1, sizeof c1) != TERCUME_OK ||
			   tercume_lang_canonical(now, c2, sizeof c2) != TERCUME_OK ||
			   strcmp(c1, c2) != 0)) {
		cli_diag(a, TERCUME_SEV_ERROR, a->output, 0, 0, "the catalogue exists and holds "
			 "translations into '%s', not '%s'; refusing to replace it: remove it "
			 "or name another output", was, now);
		st = TERCUME_EUSAGE;
	}
	for (size_t i = 0; st == TERCUME_OK && i < tercume_catalog_count(old); i++) {
		const tercume_entry *e = tercume_catalog_entry(old, i), *n;

		if (e->target == NULL || e->target[0] == '\0' ||
		    e->state == TERCUME_STATE_OBSOLETE)
			continue;
		n = tercume_catalog_find(cat, e->id);
		if (n == NULL || n->target == NULL || n->target[0] == '\0') {
			cli_diag(a, TERCUME_SEV_ERROR, a->output, e->line, 0, "the catalogue "
				 "exists and has a translation of unit '%s', which %s has not; "
				 "refusing to replace it: remove it or name another output",
				 e->id, a->argv[0]);
			st = TERCUME_EUSAGE;
		}
	}
	tercume_catalog_free(old);
	return st;
}
