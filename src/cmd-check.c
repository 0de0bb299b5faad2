/* cmd-check.c — tercume check: the translation gate for CI.  Coverage by
 * units and words, quality checks, and the catalogue against its article;
 * text, JSON or GitHub Actions output.  doc/check.md is the manual. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

static int run_check(int argc, char **argv);

const cli_cmd cmd_check = {
	"check",
	"check catalogues: coverage, quality checks, agreement with the article",
	"tercume check [OPTIONS] CATALOGUE...",
	"Counts each catalogue's units and source words (ICU word breaks) by state\n"
	"and runs the quality checks over its translated and fuzzy entries.\n"
	"Findings are printed as FILE:LINE: error|warning|note: [check] message,\n"
	"then a summary table; a note says what could not be checked.\n\n"
	"Options:\n"
	"      --min-coverage PCT  fail unless every catalogue has at least PCT\n"
	"                          percent of its units translated\n"
	"      --by-words          measure coverage in source words, not units\n"
	"  -s, --segments FILE     compare with the article: missing, extra and\n"
	"                          stale units\n"
	"      --disable NAME      turn a check off (repeat, or NAME,NAME)\n"
	"      --werror[=NAME]     make warnings (of NAME only) errors\n"
	"      --glossary FILE     a TBX glossary for the terms and spelling checks\n"
	"      --dictionary-dir DIR  look for hunspell dictionaries in DIR (repeat;\n"
	"                          default /usr/share/hunspell)\n"
	"  -l, --lang LANG         target language when a catalogue has none\n"
	"      --from FORMAT       format of the catalogues: po, xliff12, xliff20\n"
	"      --format FORMAT     output: text (default), json or github\n"
	"      --list-checks       list the checks and their severities, and exit\n"
	"  -h, --help              show this help and exit\n\n"
	"Exit status: 0 passed; 1 coverage below the minimum or an error-severity\n"
	"finding (warnings count with --werror); 2 usage error or unreadable or\n"
	"malformed input.  Messages are in English whatever the locale.\n",
	run_check,
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

/* Adds the names in arg ("a,b") to list, checking each. */
static bool
add_names(const char **list, size_t *n, char *arg)
{
	for (char *name = strtok(arg, ","); name; name = strtok(NULL, ",")) {
		if (tercume_check_find(name) == NULL) {
			cli_usage_error(&cmd_check, "unknown check '%s' (see --list-checks)", name);
			return false;
		}
		list[(*n)++] = name;
	}
	return true;
}

/* A percentage shown with one decimal, never rounded up to the threshold. */
static double
floor1(double p)
{
	return (double)(long long)(p * 10.0 + 1e-9) / 10.0;
}

static const char *
severity_name(tercume_severity sev)
{
	return sev == TERCUME_SEV_ERROR ? "error" : sev == TERCUME_SEV_WARNING ? "warning" : "note";
}

/* ---- JSON ---- */

static void
json_string(const char *s)
{
	int32_t i = 0, len;

	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	len = (int32_t)strlen(s);
	putchar('"');
	while (i < len) {
		int32_t start = i;
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c < 0)
			fputs("\\ufffd", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", (char)c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c < 0x20 || c == 0x7F)
			printf("\\u%04x", (unsigned)c);
		else
			fwrite(s + start, 1, (size_t)(i - start), stdout);
	}
	putchar('"');
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
	printf("{\n  \"tercume_check\": 1,\n  \"passed\": %s,\n  \"exit_status\": %d,\n",
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
	fputs(found->n ? "\n  ]\n}\n" : "]\n}\n", stdout);
}

/* ---- text and GitHub ---- */

/* A workflow command value: %, CR and LF escaped, and in properties : and , */
static void
gh_escape(const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", stdout);
		else if (*s == '\r')
			fputs("%0D", stdout);
		else if (*s == '\n')
			fputs("%0A", stdout);
		else if (property && *s == ':')
			fputs("%3A", stdout);
		else if (property && *s == ',')
			fputs("%2C", stdout);
		else
			putchar(*s);
	}
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

	printf("%-*s %6lu %6lu %6lu %6lu %4lu %7lu %7lu %7lu %7lu %6.1f %6.1f %5lu %5lu\n",
	       width, name,
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
	int width = 5;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(files[i].path) > width)
			width = (int)strlen(files[i].path);
	printf("\n%-*s %6s %6s %6s %6s %4s %7s %7s %7s %7s %6s %6s %5s %5s\n", width, "file",
	       "units", "trans", "fuzzy", "untr", "obs", "words", "w-trans", "w-fuzzy", "w-untr",
	       "units%", "words%", "err", "warn");
	for (size_t i = 0; i < n; i++)
		table_row(files[i].path, width, &files[i].counts, &files[i].res);
	if (n > 1)
		table_row("total", width, total, sum);
	if (segments)
		printf("against %s: %lu missing, %lu extra, %lu stale\n", segments,
		       sum->missing, sum->extra, sum->stale);
}

static void
print_verdict(int status, size_t n_files, const tercume_check_result *sum,
	      double min_coverage, bool by_words, enum output out)
{
	if (out == OUT_GITHUB)
		printf("::%s::", status == EXIT_OKAY ? "notice" : "error");
	printf("tercume check: %s (%zu file%s, %lu error%s, %lu warning%s",
	       status == EXIT_OKAY ? "passed" : "FAILED", n_files, n_files == 1 ? "" : "s",
	       sum->errors, sum->errors == 1 ? "" : "s", sum->warnings, sum->warnings == 1 ? "" : "s");
	if (sum->notes > 0)
		printf(", %lu note%s", sum->notes, sum->notes == 1 ? "" : "s");
	if (min_coverage >= 0)
		printf(", minimum coverage %g%% of %s", min_coverage, by_words ? "words" : "units");
	puts(")");
}

/* ---- the command ---- */

/* Says so, unlike pocount and pofilter, when a file cannot be opened. */
static bool
readable(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		fprintf(stderr, "tercume: %s: error: cannot open: %s\n", path, strerror(errno));
		return false;
	}
	fclose(f);
	return true;
}

static int
run_check(int argc, char **argv)
{
	enum { O_MIN = 256, O_WORDS, O_DISABLE, O_WERROR, O_FROM, O_FORMAT, O_LIST, O_GLOSSARY,
	       O_DICTDIR };
	static const struct option longopts[] = {
		{ "min-coverage", required_argument, NULL, O_MIN },
		{ "by-words", no_argument, NULL, O_WORDS },
		{ "segments", required_argument, NULL, 's' },
		{ "disable", required_argument, NULL, O_DISABLE },
		{ "werror", optional_argument, NULL, O_WERROR },
		{ "lang", required_argument, NULL, 'l' },
		{ "from", required_argument, NULL, O_FROM },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "list-checks", no_argument, NULL, O_LIST },
		{ "glossary", required_argument, NULL, O_GLOSSARY },
		{ "dictionary-dir", required_argument, NULL, O_DICTDIR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t max_names = tercume_check_count() * (size_t)argc + 1;
	const char **disabled = calloc(max_names, sizeof *disabled);
	const char **fatal = calloc(max_names, sizeof *fatal);
	const char **dict_dirs = calloc((size_t)argc + 1, sizeof *dict_dirs);
	size_t n_dict_dirs = 0;
	const char *glossary_path = NULL;
	tercume_glossary *glossary = NULL;
	size_t n_disabled = 0, n_fatal = 0, n_files = 0;
	tercume_check_options opts = TERCUME_CHECK_OPTIONS_INIT;
	tercume_format from = TERCUME_FORMAT_AUTO;
	const char *segments = NULL, *lang = NULL;
	double min_coverage = -1;
	bool by_words = false, werror = false, input_failed = false;
	enum output out = OUT_TEXT;
	tercume_counts total = { { 0 }, { 0 } };
	tercume_check_result sum = { 0 };
	file_result *files = NULL;
	items found = { 0 };
	tercume_doc *doc = NULL;
	tercume_reporter rep;
	int c, status = EXIT_INPUT;

	if (disabled == NULL || fatal == NULL || dict_dirs == NULL) {
		fputs("tercume: out of memory\n", stderr);
		goto done;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:l:h", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case O_MIN:
			min_coverage = strtod(optarg, &end);
			if (end == optarg || (*end != '\0' && strcmp(end, "%") != 0) ||
			    !(min_coverage >= 0 && min_coverage <= 100)) {
				status = cli_usage_error(&cmd_check, "--min-coverage wants a percentage "
							 "from 0 to 100, not '%s'", optarg);
				goto done;
			}
			break;
		case O_WORDS: by_words = true; break;
		case O_GLOSSARY: glossary_path = optarg; break;
		case O_DICTDIR: dict_dirs[n_dict_dirs++] = optarg; break;
		case 's': segments = optarg; break;
		case 'l': lang = optarg; break;
		case O_DISABLE:
			if (!add_names(disabled, &n_disabled, optarg))
				goto done;
			break;
		case O_WERROR:
			if (optarg == NULL)
				werror = true;
			else if (!add_names(fatal, &n_fatal, optarg))
				goto done;
			break;
		case O_FROM:
			if (tercume_format_from_name(optarg, &from) != 0) {
				status = cli_usage_error(&cmd_check, "unknown format '%s' (po, xliff12, xliff20)", optarg);
				goto done;
			}
			break;
		case O_FORMAT:
			if (strcmp(optarg, "text") == 0)
				out = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				out = OUT_JSON;
			else if (strcmp(optarg, "github") == 0)
				out = OUT_GITHUB;
			else {
				status = cli_usage_error(&cmd_check, "unknown output format '%s' (text, json, github)", optarg);
				goto done;
			}
			break;
		case O_LIST:
			for (size_t i = 0; i < tercume_check_count(); i++) {
				const tercume_check_info *ci = tercume_check_at(i);
				printf("%-16s %-8s %s\n", ci->name,
				       ci->severity == TERCUME_SEV_ERROR ? "error" : "warning", ci->summary);
			}
			status = EXIT_OKAY;
			goto done;
		case 'h':
			cli_print_help(&cmd_check);
			status = EXIT_OKAY;
			goto done;
		default:
			status = cli_usage_error(&cmd_check, "bad option");
			goto done;
		}
	}
	if (optind >= argc) {
		status = cli_usage_error(&cmd_check, "no CATALOGUE to check");
		goto done;
	}

	/* Read everything first: an unreadable input stops the gate (status 2)
	 * before any verdict. */
	cli_reporter_init(&rep);
	if (segments && tercume_segments_read(&doc, segments, &rep) != TERCUME_OK)
		goto done;
	if (glossary_path && (!readable(glossary_path) ||
			      tercume_glossary_read(&glossary, glossary_path, &rep) != TERCUME_OK))
		goto done;
	files = calloc((size_t)(argc - optind), sizeof *files);
	if (files == NULL) {
		fputs("tercume: out of memory\n", stderr);
		goto done;
	}
	for (int i = optind; i < argc; i++) {
		file_result *f = &files[n_files];

		f->path = argv[i];
		if (!readable(argv[i])) {
			input_failed = true;
			continue;
		}
		if (tercume_catalog_read(&f->cat, argv[i], from, &rep) != TERCUME_OK) {
			input_failed = true;
			continue;
		}
		n_files++;
	}
	if (input_failed)
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
		tercume_status st;
		double cov;

		found.file_index = i;
		opts.target_lang = tercume_catalog_target_lang(f->cat) ? NULL : lang;
		st = tercume_catalog_counts(f->cat, &f->counts);
		if (st == TERCUME_OK)
			st = tercume_catalog_check(f->cat, &opts, &f->res, &rep);
		if (st != TERCUME_OK) {
			fprintf(stderr, "tercume: %s: cannot check: %s\n", f->path, tercume_status_string(st));
			status = cli_exit_status(st);
			goto done;
		}
		cov = tercume_counts_coverage(&f->counts, by_words);
		f->coverage_ok = min_coverage < 0 || cov >= min_coverage;
		if (!f->coverage_ok) {
			char msg[160];
			snprintf(msg, sizeof msg, "%.1f%% of the %s translated, below the minimum of %g%%",
				 floor1(cov), by_words ? "source words" : "units", min_coverage);
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
		fputs("tercume: out of memory\n", stderr);
		status = EXIT_IO;
		goto done;
	}
	if (sum.errors > 0)
		status = EXIT_GATE;
	if (found.n > 1)
		qsort(found.v, found.n, sizeof *found.v, item_cmp);

	if (out == OUT_JSON)
		print_json(files, n_files, &total, &sum, &found, min_coverage, by_words, segments, status);
	else {
		for (size_t i = 0; i < found.n; i++)
			print_item(&found.v[i], out);
		print_table(files, n_files, &total, &sum, segments);
		print_verdict(status, n_files, &sum, min_coverage, by_words, out);
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
	free(disabled);
	free(fatal);
	free(dict_dirs);
	tercume_glossary_free(glossary);
	return status;
}
