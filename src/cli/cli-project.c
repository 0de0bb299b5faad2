/* cli-project.c — what the project commands share: reading the project
 * file and the options of the work over it, and the report of tercume
 * status and of tercume check over a project (tables, JSON, GitHub
 * annotations, JUnit XML).  doc/project.md is the manual. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#define DEFAULT_PROJECT "tercume.ini"
#define MAX_JOBS 1024

/* ---- the options' checks ---- */

const char *
cli_check_report_junit(const char *arg, cli_val *v, char *msg, size_t size)
{
	if (strcmp(arg, "junit") == 0) {
		v->num = CLI_REPORT_JUNIT;
		return NULL;
	}
	if (cli_check_report(arg, v, msg, size) == NULL)
		return NULL;
	snprintf(msg, size, _("unknown report format '%s' (text, json, github or junit)"), arg);
	return msg;
}

const char *
cli_check_jobs(const char *arg, cli_val *v, char *msg, size_t size)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (end == arg || *end || errno || n < 0 || n > MAX_JOBS) {
		snprintf(msg, size, _("wants a number of threads from 0 to %d, not '%s'"), MAX_JOBS, arg);
		return msg;
	}
	v->num = (int)n;
	return NULL;
}

static bool
parse_shard(const char *arg, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long a, b;

	if (*arg < '0' || *arg > '9')
		return false;
	errno = 0;
	a = strtoul(arg, &end, 10);
	if (*end != '/' || errno || end[1] < '0' || end[1] > '9')
		return false;
	b = strtoul(end + 1, &end, 10);
	if (*end || errno || b < 1 || b > 1000000 || a < 1 || a > b)
		return false;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return true;
}

const char *
cli_check_shard(const char *arg, cli_val *v, char *msg, size_t size)
{
	unsigned k, n;

	if (!parse_shard(arg, &k, &n)) {
		snprintf(msg, size, _("wants K/N with 1 <= K <= N (1/4 to 4/4), not '%s'"), arg);
		return msg;
	}
	v->num = (int)k;
	return NULL;
}

/* "PCT" or "LANG=PCT,LANG=PCT": calls fn for each (lang NULL for all). */
static const char *
each_threshold(const char *arg, bool percent, char *msg, size_t size,
	       void (*fn)(void *, const char *, double), void *user)
{
	const char *p = arg;

	if (*p == '\0') {
		snprintf(msg, size, percent ? _("wants PCT, or LANG=PCT,LANG=PCT") :
			 _("wants N, or LANG=N,LANG=N"));
		return msg;
	}
	while (*p) {
		size_t len = strcspn(p, ",");
		char item[200], lang[160], *eq, *end;
		const char *num;
		double v;

		if (len == 0 || len >= sizeof item) {
			snprintf(msg, size, _("an empty or over-long item in '%s'"), arg);
			return msg;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		eq = strchr(item, '=');
		num = eq ? eq + 1 : item;
		if (eq) {
			*eq = '\0';
			if (tercume_lang_canonical(item, lang, sizeof lang) != TERCUME_OK) {
				snprintf(msg, size, _("'%s' is not a language tag (in '%s')"), item, arg);
				return msg;
			}
		} else if (p != arg || p[len] != '\0') {
			snprintf(msg, size, percent ? _("a threshold for all languages stands alone; "
				 "for some, LANG=PCT,LANG=PCT (not '%s')") : _("a threshold for all "
				 "languages stands alone; for some, LANG=N,LANG=N (not '%s')"), arg);
			return msg;
		}
		errno = 0;
		v = strtod(num, &end);
		if (percent && *end == '%')
			end++;
		if (end == num || *end || errno || v < 0 || (percent && v > 100) ||
		    (!percent && (v != (double)(long)v || v > 1e9))) {
			snprintf(msg, size, percent ? _("'%s' is not a percentage from 0 to 100") :
				 _("'%s' is not a number of units"), num);
			return msg;
		}
		if (fn)
			fn(user, eq ? lang : NULL, v);
		p += len;
		if (*p == ',')
			p++;
	}
	return NULL;
}

static void
plain(void *user, const char *lang, double v)
{
	cli_val *val = user;

	val->real = lang ? -1 : v;
}

/* v->real: the percentage for every language, or -1 for LANG=PCT lists */
const char *
cli_check_lang_percents(const char *arg, cli_val *v, char *msg, size_t size)
{
	return each_threshold(arg, true, msg, size, plain, v);
}

const char *
cli_check_lang_counts(const char *arg, cli_val *v, char *msg, size_t size)
{
	(void)v;
	return each_threshold(arg, false, msg, size, NULL, NULL);
}

/* ---- opening the project ---- */

static bool
has_option(const cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->n_opts; i++)
		if (strcmp(a->cmd->options[i].name, name) == 0)
			return true;
	return false;
}

int
cli_project_open(cli_args *a, tercume_project **p, tercume_project_options *o)
{
	const char *path = has_option(a, "project") ? cli_str(a, "project") : NULL;
	tercume_project_options init = TERCUME_PROJECT_OPTIONS_INIT;
	tercume_status st;

	*p = NULL;
	*o = init;
	if (has_option(a, "jobs")) {
		int j = cli_num(a, "jobs", 1);

		if (j == 0) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);
			j = n > 0 ? (int)(n > MAX_JOBS ? MAX_JOBS : n) : 1;
		}
		o->jobs = (unsigned)j;
	}
	if (has_option(a, "shard") && cli_str(a, "shard"))
		parse_shard(cli_str(a, "shard"), &o->shard, &o->shards);
	if (has_option(a, "force"))
		o->force = cli_count(a, "force") > 0;
	if (has_option(a, "dry-run"))
		o->dry_run = cli_count(a, "dry-run") > 0;
	st = tercume_project_read(p, path ? path : DEFAULT_PROJECT, &a->rep);
	if (st == TERCUME_EIO && path == NULL)
		fputs(_("tercume: no project here: write one with 'tercume init' "
			"(doc/project.md), or name it with -p FILE\n"), stderr);
	return cli_exit_status(st);
}

/* ---- at most CLI_CAPPED_SHOWN warnings of a kind per file ---- */

/* Says how many warnings of each check of the file were left out, and
 * forgets the file. */
static void
capped_flush(cli_capped *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->per[i].seen > CLI_CAPPED_SHOWN) {
			unsigned long more = c->per[i].seen - CLI_CAPPED_SHOWN;
			char msg[256];
			tercume_diag d = { TERCUME_SEV_NOTE, c->file, 0, 0,
					   *c->per[i].check ? c->per[i].check : NULL, msg };

			/* TRANSLATORS: after the first 10 warnings of one check on
			   one file, in sync and build; %lu is how many more there
			   were. */
			snprintf(msg, sizeof msg, ngettext("%lu more warning like these not shown (tercume merge shows them all)",
							   "%lu more warnings like these not shown (tercume merge shows them all)", more),
				 more);
			if (c->down->fn)
				c->down->fn(&d, c->down->user);
		}
		free(c->per[i].check);
	}
	c->n = 0;
	free(c->file);
	c->file = NULL;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void
capped_fn(const tercume_diag *d, void *user)
{
	cli_capped *c = user;
	const char *check = d->check ? d->check : "";
	size_t i;

	if (d->severity != TERCUME_SEV_WARNING || d->file == NULL) {
		if (c->down->fn)
			c->down->fn(d, c->down->user);
		return;
	}
	if (!same(c->file, d->file)) {
		capped_flush(c);
		c->file = strdup(d->file);
	}
	for (i = 0; i < c->n && strcmp(c->per[i].check, check) != 0; i++)
		;
	if (i == c->n && c->file && c->n < CLI_CAPPED_CHECKS &&
	    (c->per[i].check = strdup(check)) != NULL) {
		c->per[i].seen = 0;
		c->n++;
	}
	/* Without memory for the count, or past CLI_CAPPED_CHECKS kinds on one
	   file, the warning is shown. */
	if (i < c->n && ++c->per[i].seen > CLI_CAPPED_SHOWN)
		return;
	if (c->down->fn)
		c->down->fn(d, c->down->user);
}

void
cli_capped_init(cli_capped *c, tercume_reporter *down)
{
	memset(c, 0, sizeof *c);
	c->down = down;
	c->rep.fn = capped_fn;
	c->rep.user = c;
}

void
cli_capped_finish(cli_capped *c)
{
	capped_flush(c);
	c->down->errors += c->rep.errors;
	c->down->warnings += c->rep.warnings;
	c->rep.errors = c->rep.warnings = 0;
}

/* ---- the report of status and check ---- */

typedef struct prow {
	tercume_project_status_row r;
	double min_coverage;		/* -1: none */
	long max_fuzzy;			/* -1: none */
	bool coverage_ok, fuzzy_ok, passed;
} prow;

typedef struct pfind {
	tercume_severity severity;
	char *check, *file, *unit, *message;
	unsigned long line;
	size_t row;			/* the row it belongs to */
} pfind;

typedef struct preport {
	const tercume_project *p;
	size_t n_langs;
	prow *rows;			/* selected article k, language j: k * n_langs + j */
	size_t n_rows, cap_rows;
	pfind *f;
	size_t n_f, cap_f;
	bool failed;			/* out of memory */
	bool by_words;
	bool checks;			/* tercume check (else status) */
} preport;

static void
on_row(const tercume_project_status_row *row, void *user)
{
	preport *r = user;

	if (r->n_rows == r->cap_rows) {
		size_t cap = r->cap_rows ? 2 * r->cap_rows : 64;
		prow *v = realloc(r->rows, cap * sizeof *v);

		if (v == NULL) {
			r->failed = true;
			return;
		}
		r->rows = v;
		r->cap_rows = cap;
	}
	memset(&r->rows[r->n_rows], 0, sizeof r->rows[r->n_rows]);
	r->rows[r->n_rows++].r = *row;
}

static void
add_finding(preport *r, tercume_severity sev, const char *check, const char *file,
	    unsigned long line, const char *unit, const char *message, size_t row)
{
	pfind *f;

	if (r->n_f == r->cap_f) {
		size_t cap = r->cap_f ? 2 * r->cap_f : 32;
		pfind *v = realloc(r->f, cap * sizeof *v);

		if (v == NULL) {
			r->failed = true;
			return;
		}
		r->f = v;
		r->cap_f = cap;
	}
	f = &r->f[r->n_f];
	f->severity = sev;
	f->check = strdup(check ? check : "");
	f->file = strdup(file ? file : "");
	f->unit = unit ? strdup(unit) : NULL;
	f->message = strdup(message ? message : "");
	f->line = line;
	f->row = row;
	if (!f->check || !f->file || !f->message || (unit && !f->unit)) {
		free(f->check);
		free(f->file);
		free(f->unit);
		free(f->message);
		r->failed = true;
		return;
	}
	r->n_f++;
}

/* Findings come before their catalogue's row: they belong to the next one. */
static void
on_finding(const tercume_finding *f, void *user)
{
	preport *r = user;

	add_finding(r, f->severity, f->check, f->file, f->line, f->unit, f->message, r->n_rows);
}

static void
preport_free(preport *r)
{
	for (size_t i = 0; i < r->n_f; i++) {
		free(r->f[i].check);
		free(r->f[i].file);
		free(r->f[i].unit);
		free(r->f[i].message);
	}
	free(r->f);
	free(r->rows);
}

/* A percentage cut to one decimal, never rounded up to a threshold. */
static double
floor1(double p)
{
	return (double)(long long)(p * 10.0 + 1e-9) / 10.0;
}

static unsigned long
total_units(const unsigned long *v)
{
	return v[TERCUME_STATE_TRANSLATED] + v[TERCUME_STATE_FUZZY] + v[TERCUME_STATE_UNTRANSLATED];
}

/* The width of the first column, in characters: the paths and the
 * headings, which may be translated. */
static int
article_width(const preport *r)
{
	int w = 7;

	if (cli_text_width(_("article")) > w)
		w = cli_text_width(_("article"));
	if (cli_text_width(_("total")) > w)
		w = cli_text_width(_("total"));
	for (size_t i = 0; i < r->n_rows; i += r->n_langs) {
		tercume_article_info a;

		tercume_project_article(r->p, r->rows[i].r.article, &a);
		if (cli_text_width(a.path) > w)
			w = cli_text_width(a.path);
	}
	return w;
}

static void
text_row(const char *name, int width, const tercume_counts *c, const tercume_check_result *res,
	 bool checks, const char *mark)
{
	const unsigned long *u = c->units;

	cli_print_padded(stdout, name, -width);
	printf(" %6lu %6lu %6lu %6lu %5lu %7.1f %7.1f", total_units(u),
	       u[TERCUME_STATE_TRANSLATED], u[TERCUME_STATE_FUZZY], u[TERCUME_STATE_UNTRANSLATED],
	       u[TERCUME_STATE_OBSOLETE], floor1(tercume_counts_coverage(c, 0)),
	       floor1(tercume_counts_coverage(c, 1)));
	if (checks)
		printf(" %5lu %5lu", res->errors, res->warnings);
	printf("%s\n", mark);
}

static void
print_tables(const preport *r)
{
	int width = article_width(r);
	/* TRANSLATORS: the headings of the project tables of status and check:
	   the article; its units: all, translated, fuzzy, untranslated,
	   obsolete; coverage in units and in words (percent); errors and
	   warnings.  Keep each within the width of its column: 6 characters
	   (5 for "obs", "err" and "warn", 7 for "units%" and "words%"). */
	static const char *const head[] = { N_("units"), N_("trans"), N_("fuzzy"), N_("untr"),
					    N_("obs"), N_("units%"), N_("words%") };
	static const int head_width[] = { 6, 6, 6, 6, 5, 7, 7 };
	size_t n_articles = r->n_langs ? r->n_rows / r->n_langs : 0;

	for (size_t j = 0; j < r->n_langs; j++) {
		tercume_counts total = { { 0 }, { 0 } };
		tercume_check_result sum = { 0 };
		size_t present = 0;

		printf("%s%s\n", j ? "\n" : "", tercume_project_lang(r->p, j));
		cli_print_padded(stdout, _("article"), -width);
		for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) {
			putchar(' ');
			cli_print_padded(stdout, _(head[i]), head_width[i]);
		}
		if (r->checks) {
			putchar(' ');
			cli_print_padded(stdout, _("err"), 5);
			putchar(' ');
			cli_print_padded(stdout, _("warn"), 5);
		}
		putchar('\n');
		for (size_t k = 0; k < n_articles; k++) {
			const prow *w = &r->rows[k * r->n_langs + j];
			tercume_article_info a;

			tercume_project_article(r->p, w->r.article, &a);
			if (!w->r.present) {
				cli_print_padded(stdout, a.path, -width);
				/* TRANSLATORS: a row of the project table: the catalogue sync
				   has not made. */
				printf(_(" missing (%s)"), w->r.catalogue);
				puts(r->checks ? _("  FAILED") : "");
				continue;
			}
			present++;
			text_row(a.path, width, &w->r.counts, &w->r.check, r->checks,
				 r->checks && !w->passed ? _("  FAILED") :
				 w->r.article_changed ? _("  (article changed: run tercume sync)") : "");
			tercume_counts_add(&total, &w->r.counts);
			sum.errors += w->r.check.errors;
			sum.warnings += w->r.check.warnings;
		}
		text_row(_("total"), width, &total, &sum, r->checks, "");
		if (present < n_articles)
			printf(ngettext("%zu of %zu catalogue missing: run tercume sync\n",
					"%zu of %zu catalogues missing: run tercume sync\n", n_articles),
			       n_articles - present, n_articles);
	}
	/* one line per article: its coverage in every language */
	putchar('\n');
	cli_print_padded(stdout, _("article"), -width);
	putchar(' ');
	cli_print_padded(stdout, _("units"), 6);
	for (size_t j = 0; j < r->n_langs; j++) {
		char head[64];

		snprintf(head, sizeof head, "%s%%", tercume_project_lang(r->p, j));
		printf(" %7s", head);
	}
	putchar('\n');
	for (size_t k = 0; k < n_articles; k++) {
		const prow *w = &r->rows[k * r->n_langs];
		tercume_article_info a;
		unsigned long units = 0;

		for (size_t j = 0; j < r->n_langs && units == 0; j++)
			if (w[j].r.present)
				units = total_units(w[j].r.counts.units);
		tercume_project_article(r->p, w->r.article, &a);
		cli_print_padded(stdout, a.path, -width);
		printf(" %6lu", units);
		for (size_t j = 0; j < r->n_langs; j++) {
			if (w[j].r.present)
				printf(" %7.1f", floor1(tercume_counts_coverage(&w[j].r.counts, r->by_words)));
			else
				printf(" %7s", "-");
		}
		putchar('\n');
	}
}

static void
json_counts(const char *key, const unsigned long *v)
{
	printf("\"%s\": {\"total\": %lu, \"translated\": %lu, \"fuzzy\": %lu, "
	       "\"untranslated\": %lu, \"obsolete\": %lu}", key, total_units(v),
	       v[TERCUME_STATE_TRANSLATED], v[TERCUME_STATE_FUZZY],
	       v[TERCUME_STATE_UNTRANSLATED], v[TERCUME_STATE_OBSOLETE]);
}

static void
json_threshold(double v)
{
	if (v < 0)
		fputs("null", stdout);
	else
		printf("%g", v);
}

static void
print_json(cli_args *a, const preport *r, int status)
{
	size_t n_articles = r->n_langs ? r->n_rows / r->n_langs : 0;

	fputs("{\n  \"command\": ", stdout);
	cli_json_string(stdout, a->cmd->name);
	printf(",\n  \"passed\": %s,\n  \"exit_status\": %d,\n  \"project\": ",
	       status == EXIT_OKAY ? "true" : "false", status);
	cli_json_string(stdout, tercume_project_file(r->p));
	printf(",\n  \"coverage_basis\": \"%s\",\n  \"languages\": [", r->by_words ? "words" : "units");
	for (size_t j = 0; j < r->n_langs; j++) {
		tercume_counts total = { { 0 }, { 0 } };

		printf("%s\n    {\"lang\": ", j ? "," : "");
		cli_json_string(stdout, tercume_project_lang(r->p, j));
		if (r->checks && n_articles > 0) {
			fputs(", \"min_coverage\": ", stdout);
			json_threshold(r->rows[j].min_coverage);
			fputs(", \"max_fuzzy\": ", stdout);
			json_threshold((double)r->rows[j].max_fuzzy);
		}
		fputs(",\n     \"catalogues\": [", stdout);
		for (size_t k = 0; k < n_articles; k++) {
			const prow *w = &r->rows[k * r->n_langs + j];
			tercume_article_info a;

			tercume_project_article(r->p, w->r.article, &a);
			printf("%s\n      {\"article\": ", k ? "," : "");
			cli_json_string(stdout, a.path);
			fputs(", \"file\": ", stdout);
			cli_json_string(stdout, w->r.catalogue);
			printf(", \"present\": %s, \"article_changed\": %s", w->r.present ? "true" : "false",
			       w->r.article_changed ? "true" : "false");
			if (r->checks)
				printf(", \"passed\": %s", w->passed ? "true" : "false");
			if (w->r.present) {
				fputs(",\n       ", stdout);
				json_counts("units", w->r.counts.units);
				fputs(", ", stdout);
				json_counts("words", w->r.counts.words);
				printf(",\n       \"coverage\": {\"units\": %.1f, \"words\": %.1f}",
				       floor1(tercume_counts_coverage(&w->r.counts, 0)),
				       floor1(tercume_counts_coverage(&w->r.counts, 1)));
				if (r->checks)
					printf(", \"segments\": {\"missing\": %lu, \"extra\": %lu, \"stale\": %lu}, "
					       "\"errors\": %lu, \"warnings\": %lu", w->r.check.missing,
					       w->r.check.extra, w->r.check.stale, w->r.check.errors,
					       w->r.check.warnings);
				tercume_counts_add(&total, &w->r.counts);
			}
			putchar('}');
		}
		fputs(n_articles ? "\n     ],\n     \"total\": {" : "],\n     \"total\": {", stdout);
		json_counts("units", total.units);
		fputs(", ", stdout);
		json_counts("words", total.words);
		printf(", \"coverage\": {\"units\": %.1f, \"words\": %.1f}}}",
		       floor1(tercume_counts_coverage(&total, 0)), floor1(tercume_counts_coverage(&total, 1)));
	}
	fputs(r->n_langs ? "\n  ],\n  \"findings\": [" : "],\n  \"findings\": [", stdout);
	for (size_t i = 0; i < r->n_f; i++) {
		const pfind *f = &r->f[i];

		printf("%s\n    {\"file\": ", i ? "," : "");
		cli_json_string(stdout, f->file);
		printf(", \"line\": %lu, \"unit\": ", f->line);
		cli_json_string(stdout, f->unit);
		printf(", \"severity\": \"%s\", \"check\": ",
		       f->severity == TERCUME_SEV_ERROR ? "error" : "warning");
		cli_json_string(stdout, f->check);
		fputs(", \"message\": ", stdout);
		cli_json_string(stdout, f->message);
		putchar('}');
	}
	fputs(r->n_f ? "\n  ],\n  " : "],\n  ", stdout);
	cli_json_diagnostics(stdout);
	fputs("\n}\n", stdout);
	a->json_done = true;
}

static void
print_finding(const pfind *f, cli_report out)
{
	const char *sev = f->severity == TERCUME_SEV_ERROR ? "error" : "warning";

	if (out == CLI_REPORT_GITHUB) {
		printf("::%s file=", sev);
		cli_github_escape(stdout, f->file, true);
		if (f->line)
			printf(",line=%lu", f->line);
		fputs(",title=", stdout);
		cli_github_escape(stdout, "tercume check [", true);
		cli_github_escape(stdout, f->check, true);
		fputs("]::", stdout);
		cli_github_escape(stdout, f->message, false);
		putchar('\n');
		return;
	}
	fputs(f->file, stdout);
	if (f->line)
		printf(":%lu", f->line);
	printf(": %s: [%s] %s\n", sev, f->check, f->message);
}

/* "tercume check: passed (6 catalogues of 3 articles, 0 failed, 0 errors,
 * 2 warnings)", in the messages' language. */
static void
print_project_verdict(int rc, size_t n_rows, size_t n_articles, size_t failed,
		      unsigned long errors, unsigned long warnings)
{
	char cats[64], arts[64], errs[64], warns[64];

	snprintf(cats, sizeof cats, ngettext("%zu catalogue", "%zu catalogues", n_rows), n_rows);
	/* TRANSLATORS: in check's verdict over a project: "6 catalogues of
	   3 articles". */
	snprintf(arts, sizeof arts, ngettext("of %zu article", "of %zu articles", n_articles),
		 n_articles);
	snprintf(errs, sizeof errs, ngettext("%lu error", "%lu errors", errors), errors);
	snprintf(warns, sizeof warns, ngettext("%lu warning", "%lu warnings", warnings), warnings);
	/* TRANSLATORS: check's verdict over a project: how many catalogues,
	   of how many articles ("of 3 articles"), how many failed, errors
	   ("2 errors") and warnings ("0 warnings"). */
	printf(rc == EXIT_OKAY ? _("tercume check: passed (%s %s, %zu failed, %s, %s)\n") :
	       _("tercume check: FAILED (%s %s, %zu failed, %s, %s)\n"), cats, arts, failed,
	       errs, warns);
}

/* ---- JUnit XML ---- */

static int
junit(const preport *r, int status)
{
	size_t n_articles = r->n_langs ? r->n_rows / r->n_langs : 0, failures = 0;
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	int ok = w != NULL;
	char num[32];

#define W(call) do { if (ok && (call) < 0) ok = 0; } while (0)
	for (size_t i = 0; i < r->n_rows; i++)
		failures += !r->rows[i].passed;
	W(xmlTextWriterSetIndent(w, 1));
	W(xmlTextWriterSetIndentString(w, BAD_CAST "  "));
	W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElement(w, BAD_CAST "testsuites"));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "tercume check"));
	snprintf(num, sizeof num, "%zu", r->n_rows);
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST num));
	snprintf(num, sizeof num, "%zu", failures);
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "failures", BAD_CAST num));
	W(xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "0"));
	for (size_t j = 0; j < r->n_langs; j++) {
		size_t fails = 0;

		for (size_t k = 0; k < n_articles; k++)
			fails += !r->rows[k * r->n_langs + j].passed;
		W(xmlTextWriterStartElement(w, BAD_CAST "testsuite"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST tercume_project_lang(r->p, j)));
		snprintf(num, sizeof num, "%zu", n_articles);
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST num));
		snprintf(num, sizeof num, "%zu", fails);
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "failures", BAD_CAST num));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "errors", BAD_CAST "0"));
		W(xmlTextWriterWriteAttribute(w, BAD_CAST "skipped", BAD_CAST "0"));
		for (size_t k = 0; k < n_articles; k++) {
			size_t row = k * r->n_langs + j;
			const prow *x = &r->rows[row];
			tercume_article_info a;
			char msg[512];

			tercume_project_article(r->p, x->r.article, &a);
			W(xmlTextWriterStartElement(w, BAD_CAST "testcase"));
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "classname",
						      BAD_CAST tercume_project_lang(r->p, j)));
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST a.path));
			W(xmlTextWriterWriteAttribute(w, BAD_CAST "file", BAD_CAST x->r.catalogue));
			if (!x->passed) {
				const char *type = !x->r.present ? "missing" : x->r.article_changed ? "changed"
					: !x->coverage_ok ? "coverage" : !x->fuzzy_ok ? "fuzzy" : "check";

				/* the message is the reader's, in the messages' language;
				   the elements, attributes and types stay as JUnit
				   readers know them */
				if (!x->r.present)
					snprintf(msg, sizeof msg, _("%s is missing: run tercume sync"),
						 x->r.catalogue);
				else
					snprintf(msg, sizeof msg, ngettext("%.1f%% translated, %lu fuzzy, "
						 "%lu error", "%.1f%% translated, %lu fuzzy, %lu errors",
						 x->r.check.errors),
						 floor1(tercume_counts_coverage(&x->r.counts, r->by_words)),
						 x->r.counts.units[TERCUME_STATE_FUZZY], x->r.check.errors);
				W(xmlTextWriterStartElement(w, BAD_CAST "failure"));
				W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST type));
				W(xmlTextWriterWriteAttribute(w, BAD_CAST "message", BAD_CAST msg));
				for (size_t i = 0; i < r->n_f; i++) {
					const pfind *f = &r->f[i];
					char line[64];

					if (f->row != row || f->severity != TERCUME_SEV_ERROR)
						continue;
					snprintf(line, sizeof line, f->line ? ":%lu" : "", f->line);
					W(xmlTextWriterWriteFormatString(w, "%s%s: error: [%s] %s\n", f->file,
									 line, f->check, f->message));
				}
				W(xmlTextWriterEndElement(w));
			}
			W(xmlTextWriterEndElement(w));
		}
		W(xmlTextWriterEndElement(w));
	}
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterEndDocument(w));
#undef W
	if (w)
		xmlFreeTextWriter(w);
	if (ok && fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), stdout) !=
		  (size_t)xmlBufferLength(buf))
		ok = 0;
	if (buf)
		xmlBufferFree(buf);
	if (!ok) {
		fputs(_("tercume: cannot write the JUnit report\n"), stderr);
		return EXIT_IO;
	}
	return status;
}

/* ---- the commands ---- */

typedef struct lthreshold {
	char lang[160];
	double v;
} lthreshold;

typedef struct lthresholds {
	lthreshold *v;
	size_t n;
	double all;			/* -1: none */
	bool failed;
} lthresholds;

static void
keep_threshold(void *user, const char *lang, double v)
{
	lthresholds *t = user;
	lthreshold *nv;

	if (lang == NULL) {
		t->all = v;
		return;
	}
	nv = realloc(t->v, (t->n + 1) * sizeof *nv);
	if (nv == NULL) {
		t->failed = true;
		return;
	}
	t->v = nv;
	snprintf(nv[t->n].lang, sizeof nv[t->n].lang, "%s", lang);
	nv[t->n++].v = v;
}

/* The thresholds an option gives; a language that is not the project's is
 * a usage error. */
static int
read_thresholds(cli_args *a, const tercume_project *p, const char *name, bool percent,
		lthresholds *t)
{
	const char *arg = cli_str(a, name);
	char msg[256];

	t->v = NULL;
	t->n = 0;
	t->all = -1;
	t->failed = false;
	if (arg == NULL)
		return EXIT_OKAY;
	each_threshold(arg, percent, msg, sizeof msg, keep_threshold, t);
	if (t->failed) {
		fputs(_("tercume: out of memory\n"), stderr);
		return EXIT_IO;
	}
	for (size_t i = 0; i < t->n; i++) {
		size_t j;

		for (j = 0; j < tercume_project_lang_count(p); j++)
			if (strcasecmp(tercume_project_lang(p, j), t->v[i].lang) == 0)
				break;
		if (j == tercume_project_lang_count(p))
			return cli_usage_error(a->cmd, "--%s: the project has no language '%s'", name,
					       t->v[i].lang);
	}
	return EXIT_OKAY;
}

/* The option's threshold for lang, else the project's, else -1. */
static double
threshold_for(const lthresholds *t, const char *lang, double project)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcasecmp(t->v[i].lang, lang) == 0)
			return t->v[i].v;
	return t->all >= 0 ? t->all : project;
}

static int
collect(cli_args *a, tercume_project *p, const tercume_project_options *o,
	const tercume_check_options *copts, preport *r)
{
	tercume_check_options co;
	tercume_status st;

	memset(r, 0, sizeof *r);
	r->p = p;
	r->n_langs = tercume_project_lang_count(p);
	if (copts) {
		co = *copts;
		co.fn = on_finding;
		co.user = r;
	}
	st = tercume_project_status(p, o, copts ? &co : NULL, on_row, r, &a->rep);
	if (r->failed) {
		fputs(_("tercume: out of memory\n"), stderr);
		return EXIT_IO;
	}
	return cli_exit_status(st);
}

int
cli_status_project(cli_args *a)
{
	tercume_project *p = NULL;
	tercume_project_options o;
	preport r;
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = cli_project_open(a, &p, &o)) != EXIT_OKAY)
		return rc;
	if (cli_count(a, "files")) {
		/* every file of the selected articles, for gathering a shard's work */
		for (size_t i = 0; i < tercume_project_article_count(p); i++) {
			tercume_article_info info;

			if (o.shards && !tercume_project_in_shard(p, i, o.shard, o.shards))
				continue;
			tercume_project_article(p, i, &info);
			printf("%s\n", info.segments);
			if (info.template_path)
				printf("%s\n", info.template_path);
			for (size_t j = 0; j < tercume_project_lang_count(p); j++) {
				printf("%s\n", tercume_project_catalog(p, i, j, NULL));
				for (size_t k = 0; k < tercume_project_edition_format_count(p); k++)
					printf("%s\n", tercume_project_edition(p, i, j, k));
			}
		}
		tercume_project_free(p);
		return EXIT_OKAY;
	}
	rc = collect(a, p, &o, NULL, &r);
	r.by_words = cli_count(a, "by-words") > 0;
	if (rc == EXIT_OKAY) {
		if (a->report == CLI_REPORT_JSON)
			print_json(a, &r, rc);
		else if (!a->quiet)
			print_tables(&r);
	}
	preport_free(&r);
	tercume_project_free(p);
	return rc;
}

int
cli_check_project(cli_args *a, const tercume_check_options *base, bool by_words)
{
	tercume_check_options copts = *base;
	tercume_project *p = NULL;
	tercume_project_options o;
	lthresholds minc = { 0 }, maxf = { 0 };
	size_t failed = 0;
	unsigned long errors = 0, warnings = 0;
	preport r;
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = cli_project_open(a, &p, &o)) != EXIT_OKAY)
		return rc;
	if ((rc = read_thresholds(a, p, "min-coverage", true, &minc)) != EXIT_OKAY ||
	    (rc = read_thresholds(a, p, "max-fuzzy", false, &maxf)) != EXIT_OKAY)
		goto out;
	rc = collect(a, p, &o, &copts, &r);
	r.checks = true;
	r.by_words = by_words;
	if (rc != EXIT_OKAY)
		goto out;

	/* the verdict of each catalogue */
	for (size_t i = 0; i < r.n_rows; i++) {
		prow *w = &r.rows[i];
		const char *lang = tercume_project_lang(p, w->r.lang);
		double cov;
		char msg[512];

		w->min_coverage = threshold_for(&minc, lang, tercume_project_min_coverage(p, w->r.lang));
		w->max_fuzzy = (long)threshold_for(&maxf, lang, (double)tercume_project_max_fuzzy(p, w->r.lang));
		w->coverage_ok = w->fuzzy_ok = true;
		if (!w->r.present) {
			tercume_article_info info;

			tercume_project_article(p, w->r.article, &info);
			snprintf(msg, sizeof msg, _("missing (or its segments file %s is): run tercume sync"),
				 info.segments);
			add_finding(&r, TERCUME_SEV_ERROR, "missing-catalogue", w->r.catalogue, 0, NULL, msg, i);
			w->passed = false;
			failed++;
			errors++;
			continue;
		}
		if (w->r.article_changed) {
			tercume_article_info info;

			tercume_project_article(p, w->r.article, &info);
			snprintf(msg, sizeof msg, _("%s has changed since %s was made from it: run "
				 "tercume sync"), info.path, info.segments);
			add_finding(&r, TERCUME_SEV_ERROR, "changed", w->r.catalogue, 0, NULL, msg, i);
			w->r.check.errors++;
		}
		cov = tercume_counts_coverage(&w->r.counts, by_words);
		if (w->min_coverage >= 0 && cov < w->min_coverage) {
			w->coverage_ok = false;
			snprintf(msg, sizeof msg, by_words ? _("%s: %.1f%% of the source words translated, "
				 "below the minimum of %g%%") : _("%s: %.1f%% of the units translated, "
				 "below the minimum of %g%%"), lang, floor1(cov), w->min_coverage);
			add_finding(&r, TERCUME_SEV_ERROR, "coverage", w->r.catalogue, 0, NULL, msg, i);
			w->r.check.errors++;
		}
		if (w->max_fuzzy >= 0 && w->r.counts.units[TERCUME_STATE_FUZZY] > (unsigned long)w->max_fuzzy) {
			w->fuzzy_ok = false;
			snprintf(msg, sizeof msg, ngettext("%s: %lu fuzzy unit, more than the maximum of %ld",
				 "%s: %lu fuzzy units, more than the maximum of %ld",
				 w->r.counts.units[TERCUME_STATE_FUZZY]), lang,
				 w->r.counts.units[TERCUME_STATE_FUZZY], w->max_fuzzy);
			add_finding(&r, TERCUME_SEV_ERROR, "fuzzy", w->r.catalogue, 0, NULL, msg, i);
			w->r.check.errors++;
		}
		w->passed = w->r.check.errors == 0;
		failed += !w->passed;
		errors += w->r.check.errors;
		warnings += w->r.check.warnings;
	}
	if (r.failed) {
		fputs(_("tercume: out of memory\n"), stderr);
		rc = EXIT_IO;
		goto out;
	}
	rc = failed ? EXIT_GATE : EXIT_OKAY;
	switch (a->report) {
	case CLI_REPORT_JSON:
		print_json(a, &r, rc);
		break;
	case CLI_REPORT_JUNIT:
		rc = junit(&r, rc);
		break;
	case CLI_REPORT_TEXT:
	case CLI_REPORT_GITHUB:
		for (size_t i = 0; i < r.n_f; i++)
			if (!a->quiet || r.f[i].severity == TERCUME_SEV_ERROR)
				print_finding(&r.f[i], a->report);
		if (a->quiet)
			break;
		if (a->report == CLI_REPORT_TEXT) {
			print_tables(&r);
			putchar('\n');
		} else
			printf("::%s::", rc == EXIT_OKAY ? "notice" : "error");
		print_project_verdict(rc, r.n_rows, r.n_langs ? r.n_rows / r.n_langs : 0, failed,
				      errors, warnings);
		break;
	}
out:
	free(minc.v);
	free(maxf.v);
	preport_free(&r);
	tercume_project_free(p);
	return rc;
}
