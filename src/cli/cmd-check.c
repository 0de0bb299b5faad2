/* cmd-check.c — tercume check: the translation gate for CI.  Coverage by
 * units and words, quality checks, and the catalogue against its article;
 * text, JSON or GitHub Actions output.  doc/check.md is the manual. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int run_check(cli_args *a);

/* --disable and --werror=: known check names, "a,b" allowed. */
static const char *
check_names(const char *arg, cli_val *v, char *msg, size_t size)
{
	const char *p = arg;

	(void)v;
	while (*p) {
		size_t len = strcspn(p, ",");
		char name[64];
		if (len > 0) {
			snprintf(name, sizeof name, "%.*s", (int)len, p);
			if (len >= sizeof name || tercume_check_find(name) == NULL) {
				snprintf(msg, size, _("unknown check '%.*s' (see --list-checks)"),
					 (int)len, p);
				return msg;
			}
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return NULL;
}

static const cli_opt options[] = {
	{ "min-coverage", 0, "PCT", N_("fail unless every catalogue has at least PCT\n"
	  "percent of its units translated; over a project\n"
	  "also LANG=PCT,LANG=PCT"), cli_check_lang_percents },
	{ "by-words", 0, NULL, N_("measure coverage in source words, not units"), NULL },
	CLI_OPT_SEGMENTS(N_("compare with the article: missing, extra and\n"
			 "stale units")),
	{ "disable", 0, "NAME", N_("turn a check off (repeat, or NAME,NAME)"), check_names,
	  CLI_VALUES_CHECKS },
	{ "werror", 0, "[NAME]", N_("make warnings (of NAME only) errors"), check_names,
	  CLI_VALUES_CHECKS },
	CLI_OPT_LANG(N_("target language of a catalogue that names none\n"
		     "(a PO with an empty Language: header); one that\n"
		     "names another is an error")),
	CLI_OPT_FROM,
	{ "format", 0, "FMT", N_("the report on standard output: text (the default),\n"
	  "json (one JSON document, errors included), github\n"
	  "(GitHub Actions annotations) or, over a project,\n"
	  "junit (JUnit XML)"), cli_check_report_junit, "text json github junit" },
	{ "list-checks", 0, NULL, N_("list the checks and their severities, and exit"), NULL },
	CLI_OPT_PROJECT,
	{ "max-fuzzy", 0, "N", N_("over a project: fail a catalogue with more than\n"
	  "N fuzzy units (or LANG=N,LANG=N)"), cli_check_lang_counts },
	CLI_OPT_JOBS,
	CLI_OPT_SHARD,
	{ "glossary", 0, "FILE", N_("a TBX glossary for the terms and spelling checks"), NULL },
	/* Not the configured folder itself: a translated help is a fixed text. */
	{ "dictionary-dir", 0, "DIR", N_("look for hunspell dictionaries in DIR (repeat;\n"
	  "default: the folder tercume was configured with,\n"
	  "normally /usr/share/hunspell)"), NULL },
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_check = {
	.name = "check",
	.summary = N_("check catalogues: coverage, quality and agreement with the article"),
	.usage = "tercume check [OPTIONS] CATALOGUE...\n"
	"       tercume check [OPTIONS]            (every catalogue of the project)",
	.help =
	N_("Counts each catalogue's units and source words (ICU word breaks) by state\n"
	"and runs the quality checks over its translated and fuzzy entries.\n"
	"Findings are printed as FILE:LINE: error|warning|note: [check] message,\n"
	"then a summary table; a note says what could not be checked.\n"
	"With no CATALOGUE, checks every catalogue of the project (tercume.ini, or\n"
	"-p FILE) against its article, with thresholds per language, and prints a\n"
	"table per language and per article (doc/project.md).\n"),
	.options = options,
	.min_operands = 0, .max_operands = -1, .operands = N_("at least one CATALOGUE"),
	.epilog =
	N_("Exit status: 0 passed; 1 coverage below the minimum or an error-severity\n"
	"finding (warnings count with --werror); 2 usage error or malformed input;\n"
	"3 a file could not be read.  Messages follow the locale; check names, the\n"
	"FILE:LINE: error: prefix and JSON keys are the same in every language.\n"),
	.doc = "check.md",
	.run = run_check,
};

enum output { OUT_TEXT, OUT_JSON, OUT_GITHUB };

typedef struct item {
	tercume_severity severity;
	char *check;
	const char *file;
	unsigned long line;
	char *unit;
	char *message;
	size_t file_index;	/* for sorting */
	size_t seq;
} item;

static const char *
severity_name(tercume_severity sev)
{
	return sev == TERCUME_SEV_ERROR ? "error" : sev == TERCUME_SEV_WARNING ? "warning" : "note";
}

/* Findings in the order of their files, then lines. */
static int
item_cmp(const void *pa, const void *pb)
{
	const item *a = pa, *b = pb;

	if (a->file_index != b->file_index)
		return a->file_index < b->file_index ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

typedef struct items {
	item *v;
	size_t n, cap;
	bool failed;
	size_t file_index;	/* of the file being checked */
} items;

typedef struct file_result {
	const char *path;
	tercume_catalog *cat;
	tercume_counts counts;
	tercume_check_result res;
	bool coverage_ok;
} file_result;

static void
items_add(items *l, tercume_severity sev, const char *check, const char *file,
	  unsigned long line, const char *unit, const char *message)
{
	item *it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		item *v = realloc(l->v, cap * sizeof *v);
		if (v == NULL) {
			l->failed = true;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	it = &l->v[l->n];
	it->severity = sev;
	it->check = strdup(check);
	it->file = file;
	it->line = line;
	it->unit = unit ? strdup(unit) : NULL;
	it->message = strdup(message);
	it->file_index = l->file_index;
	it->seq = l->n;
	if (!it->check || !it->message || (unit && !it->unit)) {
		free(it->check);
		free(it->unit);
		free(it->message);
		l->failed = true;
		return;
	}
	l->n++;
}

static void
on_finding(const tercume_finding *f, void *user)
{
	items_add(user, f->severity, f->check, f->file, f->line, f->unit, f->message);
}

/* Adds the names in arg ("a,b", already checked) to list. */
static void
add_names(const char **list, size_t *n, char *arg)
{
	for (char *name = strtok(arg, ","); name; name = strtok(NULL, ","))
		list[(*n)++] = name;
}

/* A percentage shown with one decimal, never rounded up to the threshold. */
static double
floor1(double p)
{
	return (double)(long long)(p * 10.0 + 1e-9) / 10.0;
}

/* ---- JSON ---- */

static void
json_string(const char *s)
{
	cli_json_string(stdout, s);
}

static void
json_counts(const char *key, const unsigned long *v)
{
	printf("\"%s\": {\"total\": %lu, \"translated\": %lu, \"fuzzy\": %lu, "
	       "\"untranslated\": %lu, \"obsolete\": %lu}", key,
	       v[TERCUME_STATE_TRANSLATED] + v[TERCUME_STATE_FUZZY] + v[TERCUME_STATE_UNTRANSLATED],
	       v[TERCUME_STATE_TRANSLATED], v[TERCUME_STATE_FUZZY],
	       v[TERCUME_STATE_UNTRANSLATED], v[TERCUME_STATE_OBSOLETE]);
}

static void
json_summary(const tercume_counts *c, const tercume_check_result *r, bool segments)
{
	json_counts("units", c->units);
	fputs(",\n      ", stdout);
	json_counts("words", c->words);
	printf(",\n      \"coverage\": {\"units\": %.1f, \"words\": %.1f},\n      ",
	       floor1(tercume_counts_coverage(c, 0)), floor1(tercume_counts_coverage(c, 1)));
	if (segments)
		printf("\"segments\": {\"missing\": %lu, \"extra\": %lu, \"stale\": %lu},\n      ",
		       r->missing, r->extra, r->stale);
	else
		fputs("\"segments\": null,\n      ", stdout);
	printf("\"errors\": %lu, \"warnings\": %lu, \"notes\": %lu", r->errors, r->warnings, r->notes);
}

static void
print_json(const file_result *files, size_t n, const tercume_counts *total,
	   const tercume_check_result *sum, const items *found, double min_coverage,
	   bool by_words, const char *segments, int status)
{
	printf("{\n  \"tercume_check\": 1,\n  \"command\": \"check\",\n  \"passed\": %s,\n  \"exit_status\": %d,\n",
	       status == EXIT_OKAY ? "true" : "false", status);
	if (min_coverage >= 0)
		printf("  \"min_coverage\": %g,\n", min_coverage);
	else
		fputs("  \"min_coverage\": null,\n", stdout);
	printf("  \"coverage_basis\": \"%s\",\n  \"segments\": ", by_words ? "words" : "units");
	json_string(segments);
	fputs(",\n  \"files\": [", stdout);
	for (size_t i = 0; i < n; i++) {
		printf("%s\n    {\n      \"file\": ", i ? "," : "");
		json_string(files[i].path);
		fputs(",\n      \"source_lang\": ", stdout);
		json_string(tercume_catalog_source_lang(files[i].cat));
		fputs(",\n      \"target_lang\": ", stdout);
		json_string(tercume_catalog_target_lang(files[i].cat));
		printf(",\n      \"coverage_passed\": %s,\n      ", files[i].coverage_ok ? "true" : "false");
		json_summary(&files[i].counts, &files[i].res, segments != NULL);
		fputs("\n    }", stdout);
	}
	fputs("\n  ],\n  \"total\": {\n      ", stdout);
	json_summary(total, sum, segments != NULL);
	fputs("\n  },\n  \"findings\": [", stdout);
	for (size_t i = 0; i < found->n; i++) {
		const item *it = &found->v[i];
		printf("%s\n    {\"file\": ", i ? "," : "");
		json_string(it->file);
		printf(", \"line\": %lu, \"unit\": ", it->line);
		json_string(it->unit);
		printf(", \"severity\": \"%s\", \"check\": ", severity_name(it->severity));
		json_string(it->check);
		fputs(", \"message\": ", stdout);
		json_string(it->message);
		putchar('}');
	}
	fputs(found->n ? "\n  ],\n  " : "],\n  ", stdout);
	cli_json_diagnostics(stdout);
	fputs("\n}\n", stdout);
}

/* ---- text and GitHub ---- */

static void
gh_escape(const char *s, bool property)
{
	cli_github_escape(stdout, s, property);
}

static void
print_item(const item *it, enum output out)
{
	const char *sev = severity_name(it->severity);

	if (out == OUT_GITHUB) {
		printf("::%s file=", it->severity == TERCUME_SEV_NOTE ? "notice" : sev);
		gh_escape(it->file, true);
		if (it->line)
			printf(",line=%lu", it->line);
		fputs(",title=", stdout);
		gh_escape("tercume check [", true);
		gh_escape(it->check, true);
		fputs("]::", stdout);
		gh_escape(it->message, false);
		putchar('\n');
		return;
	}
	fputs(it->file, stdout);
	if (it->line)
		printf(":%lu", it->line);
	printf(": %s: [%s] %s\n", sev, it->check, it->message);
}

static void
table_row(const char *name, int width, const tercume_counts *c, const tercume_check_result *r)
{
	const unsigned long *u = c->units, *w = c->words;

	cli_print_padded(stdout, name, -width);
	printf(" %6lu %6lu %6lu %6lu %4lu %7lu %7lu %7lu %7lu %6.1f %6.1f %5lu %5lu\n",
	       u[TERCUME_STATE_TRANSLATED] + u[TERCUME_STATE_FUZZY] + u[TERCUME_STATE_UNTRANSLATED],
	       u[TERCUME_STATE_TRANSLATED], u[TERCUME_STATE_FUZZY], u[TERCUME_STATE_UNTRANSLATED],
	       u[TERCUME_STATE_OBSOLETE],
	       w[TERCUME_STATE_TRANSLATED] + w[TERCUME_STATE_FUZZY] + w[TERCUME_STATE_UNTRANSLATED],
	       w[TERCUME_STATE_TRANSLATED], w[TERCUME_STATE_FUZZY], w[TERCUME_STATE_UNTRANSLATED],
	       floor1(tercume_counts_coverage(c, 0)), floor1(tercume_counts_coverage(c, 1)),
	       r->errors, r->warnings);
}

static void
print_table(const file_result *files, size_t n, const tercume_counts *total,
	    const tercume_check_result *sum, const char *segments)
{
	/* TRANSLATORS: the headings of check's table: the catalogue; its
	   units: all, translated, fuzzy, untranslated, obsolete; its source
	   words: all, translated, fuzzy, untranslated; coverage in units and
	   in words (percent); errors and warnings.  Keep each within the
	   width of its column: 6 characters (4 for "obs", 7 for the "words"
	   and "w-" ones, 5 for "err" and "warn"). */
	const char *head[] = { N_("file"), N_("units"), N_("trans"), N_("fuzzy"), N_("untr"),
			       N_("obs"), N_("words"), N_("w-trans"), N_("w-fuzzy"), N_("w-untr"),
			       N_("units%"), N_("words%"), N_("err"), N_("warn") };
	static const int head_width[] = { 0, 6, 6, 6, 6, 4, 7, 7, 7, 7, 6, 6, 5, 5 };
	int width = cli_text_width(_("total"));

	for (size_t i = 0; i < n; i++)
		if (cli_text_width(files[i].path) > width)
			width = cli_text_width(files[i].path);
	if (cli_text_width(_(head[0])) > width)
		width = cli_text_width(_(head[0]));
	putchar('\n');
	cli_print_padded(stdout, _(head[0]), -width);
	for (size_t i = 1; i < sizeof head / sizeof head[0]; i++) {
		putchar(' ');
		cli_print_padded(stdout, _(head[i]), head_width[i]);
	}
	putchar('\n');
	for (size_t i = 0; i < n; i++)
		table_row(files[i].path, width, &files[i].counts, &files[i].res);
	if (n > 1)
		table_row(_("total"), width, total, sum);
	if (segments)
		/* TRANSLATORS: under check's table, with --segments: the segments
		   file, then how many units of the article the catalogues lack,
		   how many they have that the article has not, and how many are
		   stale. */
		printf(_("against %s: %lu missing, %lu extra, %lu stale\n"), segments,
		       sum->missing, sum->extra, sum->stale);
}

static void
print_verdict(int status, size_t n_files, const tercume_check_result *sum,
	      double min_coverage, bool by_words, enum output out)
{
	char files[64], errors[64], warnings[64];

	if (out == OUT_GITHUB)
		printf("::%s::", status == EXIT_OKAY ? "notice" : "error");
	snprintf(files, sizeof files, ngettext("%zu file", "%zu files", n_files), n_files);
	snprintf(errors, sizeof errors, ngettext("%lu error", "%lu errors", sum->errors),
		 sum->errors);
	snprintf(warnings, sizeof warnings, ngettext("%lu warning", "%lu warnings",
						     sum->warnings), sum->warnings);
	/* TRANSLATORS: check's verdict: then how many files, errors and
	   warnings ("1 file", "2 errors", "0 warnings"). */
	printf(status == EXIT_OKAY ? _("tercume check: passed (%s, %s, %s") :
	       _("tercume check: FAILED (%s, %s, %s"), files, errors, warnings);
	if (sum->notes > 0)
		printf(ngettext(", %lu note", ", %lu notes", sum->notes), sum->notes);
	if (min_coverage >= 0)
		printf(by_words ? _(", minimum coverage %g%% of words") :
		       _(", minimum coverage %g%% of units"), min_coverage);
	puts(")");
}

/* ---- the command ---- */

/* Says so, unlike pocount and pofilter, when a file cannot be opened. */
static bool
readable(cli_args *a, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		cli_diag(a, TERCUME_SEV_ERROR, path, 0, 0, "cannot open: %s", strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

/* -l: the language of a catalogue that names none; never a second one. */
static bool
lang_agrees(cli_args *a, const file_result *f, const char *lang)
{
	const char *has = tercume_catalog_target_lang(f->cat);
	char canon[160];

	if (lang == NULL || has == NULL)
		return true;
	if (tercume_lang_canonical(has, canon, sizeof canon) != TERCUME_OK)
		snprintf(canon, sizeof canon, "%s", has);
	if (strcmp(canon, lang) == 0)
		return true;
	cli_diag(a, TERCUME_SEV_ERROR, f->path, 0, 0, "the catalogue is in '%s', not '%s' (-l/--lang)",
		 has, lang);
	return false;
}

static int
run_check(cli_args *a)
{
	size_t max_names = tercume_check_count() * (size_t)(a->n_seq + 1) + 1;
	const char **disabled = calloc(max_names, sizeof *disabled);
	const char **fatal = calloc(max_names, sizeof *fatal);
	char **copies = calloc(a->n_seq + 1, sizeof *copies);
	const char **dict_dirs = calloc(a->n_seq + 1, sizeof *dict_dirs);
	const char *glossary_path = cli_str(a, "glossary");
	tercume_glossary *glossary = NULL;
	size_t n_dict_dirs = 0;
	size_t n_disabled = 0, n_fatal = 0, n_files = 0, n_copies = 0, iter;
	tercume_check_options opts = TERCUME_CHECK_OPTIONS_INIT;
	tercume_format from = (tercume_format)cli_num(a, "from", TERCUME_FORMAT_AUTO);
	const char *segments = cli_str(a, "segments"), *lang = cli_str(a, "lang"), *arg;
	double min_coverage = cli_real(a, "min-coverage", -1);
	bool by_words = cli_count(a, "by-words") > 0, werror = false, input_failed = false;
	enum output out = a->report == CLI_REPORT_JSON ? OUT_JSON :
		a->report == CLI_REPORT_GITHUB ? OUT_GITHUB : OUT_TEXT;
	tercume_counts total = { { 0 }, { 0 } };
	tercume_check_result sum = { 0 };
	file_result *files = NULL;
	items found = { 0 };
	tercume_doc *doc = NULL;
	int argc = a->argc, status = EXIT_INPUT;
	char **argv = a->argv;
	tercume_status st;

	if (disabled == NULL || fatal == NULL || copies == NULL || dict_dirs == NULL) {
		fprintf(stderr, "tercume: %s\n", _("out of memory"));
		status = EXIT_IO;
		goto done;
	}
	if (cli_count(a, "list-checks")) {
		for (size_t i = 0; i < tercume_check_count(); i++) {
			const tercume_check_info *ci = tercume_check_at(i);
			/* The summary is marked in the library's table (qa.c), in
			   the domain this program shares. */
			printf("%-16s %-8s %s\n", ci->name,
			       ci->severity == TERCUME_SEV_ERROR ? "error" : "warning",
			       _(ci->summary));
		}
		status = EXIT_OKAY;
		goto done;
	}
	/* The names were checked by the parser; strtok wants copies. */
	for (iter = 0; cli_next(a, "disable", &iter, &arg);)
		if ((copies[n_copies] = strdup(arg)) != NULL)
			add_names(disabled, &n_disabled, copies[n_copies++]);
	for (iter = 0; cli_next(a, "dictionary-dir", &iter, &arg);)
		dict_dirs[n_dict_dirs++] = arg;
	for (iter = 0; cli_next(a, "werror", &iter, &arg);) {
		if (arg == NULL)
			werror = true;
		else if ((copies[n_copies] = strdup(arg)) != NULL)
			add_names(fatal, &n_fatal, copies[n_copies++]);
	}
	if (argc < 1 && (segments || lang || cli_count(a, "from"))) {
		status = cli_usage_error(a->cmd, "--segments, --lang and --from are for "
					 "CATALOGUEs named; a project knows its own");
		goto done;
	}
	if (argc > 0 && (cli_count(a, "project") || cli_count(a, "max-fuzzy") || cli_count(a, "jobs") ||
	    cli_count(a, "shard") || a->report == CLI_REPORT_JUNIT)) {
		status = cli_usage_error(a->cmd, "--project, --max-fuzzy, --jobs, --shard and "
					 "--format junit are for a project check (no CATALOGUE)");
		goto done;
	}
	if (argc > 0 && min_coverage < 0 && cli_count(a, "min-coverage")) {
		status = cli_usage_error(a->cmd, "--min-coverage: thresholds per language "
					 "(LANG=PCT) are for a project check (no CATALOGUE)");
		goto done;
	}

	/* Read everything first: an unreadable input (status 3) or a
	 * malformed one (status 2) stops the gate before any verdict. */
	if (segments && ((st = tercume_segments_read(&doc, segments, &a->rep)) != TERCUME_OK ||
			 (st = tercume_segments_check_source(doc, segments, &a->rep)) != TERCUME_OK)) {
		status = cli_exit_status(st);
		goto done;
	}
	if (glossary_path) {
		if (!readable(a, glossary_path)) {
			status = EXIT_IO;
			goto done;
		}
		if ((st = tercume_glossary_read(&glossary, glossary_path, &a->rep)) != TERCUME_OK) {
			status = cli_exit_status(st);
			goto done;
		}
	}
	if (argc < 1) {
		/* no CATALOGUE: the project's (cli-project.c) */
		opts.disabled = disabled;
		opts.fatal = fatal;
		opts.werror = werror;
		opts.glossary = glossary;
		opts.dictionary_dirs = n_dict_dirs ? dict_dirs : NULL;
		status = cli_check_project(a, &opts, by_words);
		goto done;
	}
	files = calloc((size_t)argc, sizeof *files);
	if (files == NULL) {
		fprintf(stderr, "tercume: %s\n", _("out of memory"));
		status = EXIT_IO;
		goto done;
	}
	status = EXIT_OKAY;
	for (int i = 0; i < argc; i++) {
		file_result *f = &files[n_files];
		int rc;

		f->path = argv[i];
		if (!readable(a, argv[i])) {
			status = EXIT_IO;
			continue;
		}
		st = tercume_catalog_read(&f->cat, argv[i], from, &a->rep);
		if (st != TERCUME_OK) {
			rc = cli_exit_status(st);
			if (rc > status)
				status = rc;
			continue;
		}
		n_files++;
		if (!lang_agrees(a, f, lang))
			input_failed = true;
		else if (tercume_catalog_target_lang(f->cat) == NULL && lang == NULL &&
			 cli_has_translations(f->cat))
			cli_diag(a, TERCUME_SEV_WARNING, f->path, 0, 0, "the catalogue names no target "
				 "language: the checks of quotes and numbers use the rules of "
				 "English; say which it is with -l LANG");
	}
	if (input_failed && status == EXIT_OKAY)
		status = EXIT_INPUT;
	if (status != EXIT_OKAY)
		goto done;

	opts.segments = doc;
	opts.target_lang = NULL;
	opts.disabled = disabled;
	opts.fatal = fatal;
	opts.werror = werror;
	opts.glossary = glossary;
	opts.dictionary_dirs = n_dict_dirs ? dict_dirs : NULL;
	opts.fn = on_finding;
	opts.user = &found;
	status = EXIT_OKAY;
	for (size_t i = 0; i < n_files; i++) {
		file_result *f = &files[i];
		double cov;

		found.file_index = i;
		opts.target_lang = tercume_catalog_target_lang(f->cat) ? NULL : lang;
		st = tercume_catalog_counts(f->cat, &f->counts);
		if (st == TERCUME_OK)
			st = tercume_catalog_check(f->cat, &opts, &f->res, &a->rep);
		if (st != TERCUME_OK) {
			cli_diag(a, TERCUME_SEV_ERROR, f->path, 0, 0, "cannot check: %s",
				 tercume_status_string(st));
			status = cli_exit_status(st);
			goto done;
		}
		cov = tercume_counts_coverage(&f->counts, by_words);
		f->coverage_ok = min_coverage < 0 || cov >= min_coverage;
		if (!f->coverage_ok) {
			char msg[512];
			snprintf(msg, sizeof msg, by_words ?
				 _("%.1f%% of the source words translated, below the minimum of %g%%") :
				 _("%.1f%% of the units translated, below the minimum of %g%%"),
				 floor1(cov), min_coverage);
			items_add(&found, TERCUME_SEV_ERROR, "coverage", f->path, 0, NULL, msg);
			f->res.errors++;
		}
		tercume_counts_add(&total, &f->counts);
		sum.errors += f->res.errors;
		sum.warnings += f->res.warnings;
		sum.missing += f->res.missing;
		sum.extra += f->res.extra;
		sum.stale += f->res.stale;
		sum.notes += f->res.notes;
	}
	if (found.failed) {
		fprintf(stderr, "tercume: %s\n", _("out of memory"));
		status = EXIT_IO;
		goto done;
	}
	if (sum.errors > 0)
		status = EXIT_GATE;
	if (found.n > 1)
		qsort(found.v, found.n, sizeof *found.v, item_cmp);

	if (out == OUT_JSON) {
		print_json(files, n_files, &total, &sum, &found, min_coverage, by_words, segments, status);
		a->json_done = true;
	} else {
		for (size_t i = 0; i < found.n; i++)
			if (!a->quiet || found.v[i].severity == TERCUME_SEV_ERROR)
				print_item(&found.v[i], out);
		if (!a->quiet) {
			print_table(files, n_files, &total, &sum, segments);
			print_verdict(status, n_files, &sum, min_coverage, by_words, out);
		}
	}
done:
	for (size_t i = 0; i < found.n; i++) {
		free(found.v[i].check);
		free(found.v[i].unit);
		free(found.v[i].message);
	}
	free(found.v);
	for (size_t i = 0; files && i < n_files; i++)
		tercume_catalog_free(files[i].cat);
	free(files);
	tercume_doc_free(doc);
	for (size_t i = 0; i < n_copies; i++)
		free(copies[i]);
	free(copies);
	free(disabled);
	free(fatal);
	free(dict_dirs);
	tercume_glossary_free(glossary);
	return status;
}
