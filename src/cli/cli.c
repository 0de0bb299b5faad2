/* cli.c — the one command-line parser (every command declares its options
 * in its cli_cmd; this reads them, checks them, writes the help from them),
 * the reporter that prints or collects diagnostics, and the helpers the
 * subcommands share. */
#include "config.h"
#include "cli.h"
#include "i18n.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <unicode/utf8.h>

#ifndef TERCUME_DOCDIR
#define TERCUME_DOCDIR "/usr/local/share/doc/tercume"
#endif

static const cli_opt opt_help = { "help", 'h', NULL, N_("show this help and exit"), NULL, NULL };

/* ---- diagnostics: printed as --format says, and kept for JSON ---------- */

typedef struct kept_diag {
	tercume_severity severity;
	char *file;
	unsigned long line, column;
	char *check;
	char *message;
} kept_diag;

static struct {
	kept_diag *v;
	size_t n, cap;
	cli_report report;
	bool quiet;
} diags;

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
keep_diag(const tercume_diag *d)
{
	kept_diag *k;

	if (diags.n == diags.cap) {
		size_t cap = diags.cap ? 2 * diags.cap : 16;
		kept_diag *v = realloc(diags.v, cap * sizeof *v);
		if (v == NULL)
			return;		/* the document lacks it; stderr has it */
		diags.v = v;
		diags.cap = cap;
	}
	k = &diags.v[diags.n++];
	k->severity = d->severity;
	k->file = dup_or_null(d->file);
	k->line = d->line;
	k->column = d->column;
	k->check = dup_or_null(d->check);
	k->message = dup_or_null(d->message);
}

static const char *const sev_name[] = { "note", "warning", "error" };

void
cli_github_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (property && *s == ':')
			fputs("%3A", f);
		else if (property && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
}

/* A note said before (the same message about another file) is not said
 * again: the library notes such things on every file (doc/xliff.md). */
static bool
noted_before(const tercume_diag *d)
{
	static char **said;
	static size_t n;
	char **v;

	if (d->severity != TERCUME_SEV_NOTE)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(said[i], d->message) == 0)
			return true;
	v = realloc(said, (n + 1) * sizeof *v);
	if (v != NULL && (v[n] = strdup(d->message)) != NULL) {
		said = v;
		n++;
	} else if (v != NULL)
		said = v;
	return false;
}

static void
print_diag(const tercume_diag *d, void *user)
{
	(void)user;
	if (noted_before(d))
		return;
	if (diags.report == CLI_REPORT_JSON)
		keep_diag(d);
	if (diags.quiet && d->severity != TERCUME_SEV_ERROR)
		return;
	if (diags.report == CLI_REPORT_GITHUB) {
		/* An annotation on the file, in the log of the run. */
		printf("::%s", d->severity == TERCUME_SEV_ERROR ? "error" :
		       d->severity == TERCUME_SEV_WARNING ? "warning" : "notice");
		if (d->file) {
			fputs(" file=", stdout);
			cli_github_escape(stdout, d->file, true);
			if (d->line)
				printf(",line=%lu", d->line);
			if (d->column)
				printf(",col=%lu", d->column);
		}
		fputs("::", stdout);
		if (d->check) {
			fputc('[', stdout);
			cli_github_escape(stdout, d->check, false);
			fputs("] ", stdout);
		}
		cli_github_escape(stdout, d->message, false);
		putchar('\n');
		return;
	}
	fputs("tercume: ", stderr);
	if (d->file) {
		fputs(d->file, stderr);
		if (d->line) {
			fprintf(stderr, ":%lu", d->line);
			if (d->column)
				fprintf(stderr, ":%lu", d->column);
		}
		fputs(": ", stderr);
	}
	fprintf(stderr, "%s: ", sev_name[d->severity]);
	if (d->check)
		fprintf(stderr, "[%s] ", d->check);
	fprintf(stderr, "%s\n", d->message);
}

void
cli_diag(cli_args *a, tercume_severity sev, const char *file, unsigned long line,
	 unsigned long column, const char *fmt, ...)
{
	char msg[1024];
	tercume_diag d = { sev, file, line, column, NULL, msg };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	if (sev == TERCUME_SEV_ERROR)
		a->rep.errors++;
	else if (sev == TERCUME_SEV_WARNING)
		a->rep.warnings++;
	a->rep.fn(&d, a->rep.user);
}

/* msg: already translated. */
static int
usage_error(const cli_cmd *cmd, const char *msg)
{
	tercume_diag d = { TERCUME_SEV_ERROR, NULL, 0, 0, NULL, msg };

	if (diags.report == CLI_REPORT_JSON)
		keep_diag(&d);
	fprintf(stderr, "tercume: %s\n", msg);
	/* TRANSLATORS: %s is a command's name. */
	fprintf(stderr, _("Try 'tercume help %s' for more information.\n"), cmd->name);
	return EXIT_INPUT;
}

int
cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	return usage_error(cmd, msg);
}

int
cli_exit_status(tercume_status st)
{
	switch (st) {
	case TERCUME_OK: return EXIT_OKAY;
	case TERCUME_EIO: return EXIT_IO;
	case TERCUME_ENOMEM: return EXIT_IO;
	case TERCUME_EINPUT:
	case TERCUME_EUSAGE: return EXIT_INPUT;
	}
	return EXIT_INPUT;
}

int
cli_text_width(const char *s)
{
	int n = 0;

	/* Every byte but a UTF-8 continuation byte starts a character. */
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void
cli_print_padded(FILE *f, const char *s, int width)
{
	int pad = (width < 0 ? -width : width) - cli_text_width(s);

	if (width > 0)
		for (; pad > 0; pad--)
			fputc(' ', f);
	fputs(s, f);
	if (width < 0)
		for (; pad > 0; pad--)
			fputc(' ', f);
}

/* ---- JSON ------------------------------------------------------------- */

void
cli_json_string(FILE *f, const char *s)
{
	int32_t i = 0, len;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	len = (int32_t)strlen(s);
	fputc('"', f);
	while (i < len) {
		int32_t start = i;
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c < 0)
			fputs("\\ufffd", f);
		else if (c == '"' || c == '\\')
			fprintf(f, "\\%c", (char)c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c < 0x20 || c == 0x7F)
			fprintf(f, "\\u%04x", (unsigned)c);
		else
			fwrite(s + start, 1, (size_t)(i - start), f);
	}
	fputc('"', f);
}

void
cli_json_diagnostics(FILE *f)
{
	fputs("\"diagnostics\": [", f);
	for (size_t i = 0; i < diags.n; i++) {
		const kept_diag *k = &diags.v[i];

		fprintf(f, "%s\n    {\"severity\": \"%s\", \"file\": ", i ? "," : "",
			sev_name[k->severity]);
		cli_json_string(f, k->file);
		fprintf(f, ", \"line\": %lu, \"column\": %lu, \"check\": ", k->line, k->column);
		cli_json_string(f, k->check);
		fputs(", \"message\": ", f);
		cli_json_string(f, k->message);
		fputc('}', f);
	}
	fputs(diags.n ? "\n  ]" : "]", f);
}

/* What every JSON report has, for a command that stopped before its own. */
static void
print_fallback_json(const cli_cmd *cmd, int status)
{
	fputs("{\n  \"command\": ", stdout);
	cli_json_string(stdout, cmd->name);
	printf(",\n  \"passed\": %s,\n  \"exit_status\": %d,\n  ",
	       status == EXIT_OKAY ? "true" : "false", status);
	cli_json_diagnostics(stdout);
	fputs("\n}\n", stdout);
}

/* ---- the checks of the shared options ---------------------------------- */

const char *
cli_check_lang(const char *arg, cli_val *v, char *msg, size_t size)
{
	char buf[160];

	if (tercume_lang_canonical(arg, buf, sizeof buf) != TERCUME_OK) {
		snprintf(msg, size, _("'%s' is not a BCP 47 language tag (such as ru, az-Latn "
				    "or pt-BR)"), arg);
		return msg;
	}
	free(v->owned);
	v->owned = strdup(buf);
	if (v->owned == NULL)
		return _("out of memory");
	v->arg = v->owned;
	return NULL;
}

const char *
cli_check_catalogue_format(const char *arg, cli_val *v, char *msg, size_t size)
{
	tercume_format fmt;

	if (tercume_format_from_name(arg, &fmt) != 0 || fmt == TERCUME_FORMAT_AUTO) {
		snprintf(msg, size, _("unknown catalogue format '%s' (po, xliff12 or xliff20)"), arg);
		return msg;
	}
	v->num = (int)fmt;
	return NULL;
}

const char *
cli_check_report(const char *arg, cli_val *v, char *msg, size_t size)
{
	if (strcmp(arg, "text") == 0)
		v->num = CLI_REPORT_TEXT;
	else if (strcmp(arg, "json") == 0)
		v->num = CLI_REPORT_JSON;
	else if (strcmp(arg, "github") == 0)
		v->num = CLI_REPORT_GITHUB;
	else {
		snprintf(msg, size, _("unknown report format '%s' (text, json or github)"), arg);
		return msg;
	}
	return NULL;
}

const char *
cli_check_percent(const char *arg, cli_val *v, char *msg, size_t size)
{
	char *end;
	double p = strtod(arg, &end);

	if (end == arg || (*end != '\0' && strcmp(end, "%") != 0) || !(p >= 0 && p <= 100)) {
		snprintf(msg, size, _("wants a percentage from 0 to 100, not '%s'"), arg);
		return msg;
	}
	v->real = p;
	return NULL;
}

const char *
cli_check_threshold(const char *arg, cli_val *v, char *msg, size_t size)
{
	char *end;
	long n = strtol(arg, &end, 10);

	if (*end == '%')
		end++;
	if (end == arg || *end != '\0' || n < 1 || n > 100) {
		snprintf(msg, size, _("wants a percentage from 1 to 100, not '%s'"), arg);
		return msg;
	}
	v->num = (int)n;
	return NULL;
}

const char *
cli_check_layout(const char *arg, cli_val *v, char *msg, size_t size)
{
	tercume_layout layout;

	if (tercume_layout_from_name(arg, &layout) != 0) {
		snprintf(msg, size, _("unknown layout '%s' (auto, line or blank)"), arg);
		return msg;
	}
	v->num = (int)layout;
	return NULL;
}

/* ---- the parsed options ------------------------------------------------ */

static size_t
opt_index(const cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->n_opts; i++)
		if (strcmp(a->cmd->options[i].name, name) == 0)
			return i;
	/* A name that is not in the table is a bug in the command. */
	fprintf(stderr, _("tercume: internal error: %s has no option --%s\n"), a->cmd->name, name);
	abort();
}

unsigned
cli_count(const cli_args *a, const char *name)
{
	return a->vals[opt_index(a, name)].count;
}

const char *
cli_str(const cli_args *a, const char *name)
{
	return a->vals[opt_index(a, name)].arg;
}

int
cli_num(const cli_args *a, const char *name, int def)
{
	const cli_val *v = &a->vals[opt_index(a, name)];

	return v->count ? v->num : def;
}

double
cli_real(const cli_args *a, const char *name, double def)
{
	const cli_val *v = &a->vals[opt_index(a, name)];

	return v->count ? v->real : def;
}

bool
cli_next(const cli_args *a, const char *name, size_t *iter, const char **arg)
{
	size_t opt = opt_index(a, name);

	for (; *iter < a->n_seq; (*iter)++)
		if (a->seq[*iter].opt == opt) {
			*arg = a->seq[*iter].arg;
			(*iter)++;
			return true;
		}
	return false;
}

/* ---- help ------------------------------------------------------------- */

/* "  -o, --output FILE" */
static int
opt_left(const cli_opt *o, char *buf, size_t size)
{
	int n;

	if (o->letter)
		n = snprintf(buf, size, "  -%c, --%s", o->letter, o->name);
	else
		n = snprintf(buf, size, "      --%s", o->name);
	if (o->arg && o->arg[0] == '[')
		n += snprintf(buf + n, size - (size_t)n, "[=%.*s]", (int)strlen(o->arg) - 2,
			      o->arg + 1);
	else if (o->arg)
		n += snprintf(buf + n, size - (size_t)n, " %s", o->arg);
	return n;
}

static void
print_opt(const cli_opt *o, int col)
{
	char left[128];
	int n = opt_left(o, left, sizeof left);
	const char *h = _(o->help);

	fputs(left, stdout);
	if (n + 2 > col) {
		putchar('\n');
		n = 0;
	}
	for (;;) {
		size_t len = strcspn(h, "\n");
		printf("%*s%.*s\n", col - n, "", (int)len, h);
		if (h[len] == '\0')
			break;
		h += len + 1;
		n = 0;
	}
}

void
cli_print_help(const cli_cmd *cmd)
{
	char left[128];
	int col = 0;

	/* TRANSLATORS: %s is the command's usage line, such as "tercume merge
	   [OPTIONS] SEGMENTS [CATALOGUE]". */
	printf(_("Usage: %s\n"), cmd->usage);
	printf("%s\n\n%s", _(cmd->summary), _(cmd->help));
	for (const cli_opt *o = cmd->options; o->name; o++) {
		int n = opt_left(o, left, sizeof left);
		if (n <= 24 && n + 2 > col)
			col = n + 2;
	}
	if (col < 20)
		col = 20;
	printf("\n%s\n", _("Options:"));
	for (const cli_opt *o = cmd->options; o->name; o++)
		print_opt(o, col);
	print_opt(&opt_help, col);
	if (cmd->epilog)
		printf("\n%s", _(cmd->epilog));
	if (cmd->capped)
		/* TRANSLATORS: in the help of sync and build; %d is 10. */
		printf(_("\nOf the warnings of one check in one file the first %d are shown, then\n"
			 "one line that counts the others (tercume merge shows them all).\n"),
		       CLI_CAPPED_SHOWN);
	putchar('\n');
	/* TRANSLATORS: %s is a command's name: "man tercume-merge". */
	printf(_("Its manual page: 'man tercume-%s'.\n"), cmd->name);
	/* TRANSLATORS: %s is the folder of the installed manual. */
	printf(_("The options of every command: %s/doc/cli.md\n"), TERCUME_DOCDIR);
	if (cmd->doc)
		/* TRANSLATORS: the first %s is a command's name, then the folder
		   of the installed manual and a page of it. */
		printf(_("The manual of '%s': %s/doc/%s\n"), cmd->name, TERCUME_DOCDIR, cmd->doc);
}

/* ---- the parser --------------------------------------------------------- */

/* The commands that have an option of this long name (or letter), for a
 * hint after "unknown option". */
static void
others_with(const cli_cmd *self, const char *name, int letter, char *buf, size_t size)
{
	static const cli_cmd *const all[] = {
		&cmd_check, &cmd_convert, &cmd_export, &cmd_merge, &cmd_segment, &cmd_tm, &cmd_update,
	};
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (all[i] == self)
			continue;
		for (const cli_opt *o = all[i]->options; o->name; o++)
			if ((name && strcmp(o->name, name) == 0) || (letter && o->letter == letter)) {
				int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
						 all[i]->name);
				if (n > 0 && (size_t)n < size - len)
					len += (size_t)n;
				break;
			}
	}
}

static bool
has_option(const cli_cmd *cmd, const char *name)
{
	for (const cli_opt *o = cmd->options; o->name; o++)
		if (strcmp(o->name, name) == 0)
			return true;
	return false;
}

static const char *
unknown_option(const cli_cmd *cmd, const char *text, char *msg, size_t size)
{
	char name[64], others[128];
	int letter = 0;

	if (text[0] == '-' && text[1] == '-') {
		snprintf(name, sizeof name, "%.*s", (int)strcspn(text + 2, "="), text + 2);
		/* An abbreviation that fits several options. */
		{
			size_t n = strlen(name), fits = 0, len = 0;
			char list[256];
			list[0] = '\0';
			for (const cli_opt *o = cmd->options; o->name && n > 0; o++)
				if (strncmp(o->name, name, n) == 0) {
					fits++;
					len += (size_t)snprintf(list + len, sizeof list - len, "%s--%s",
								len ? ", " : "", o->name);
					if (len >= sizeof list)
						len = sizeof list - 1;
				}
			if (fits > 1) {
				/* TRANSLATORS: in parentheses, the options it could be. */
				snprintf(msg, size, _("option '--%s' is ambiguous (%s)"), name, list);
				return msg;
			}
		}
		others_with(cmd, name, 0, others, sizeof others);
	} else {
		letter = (unsigned char)text[1];
		snprintf(name, sizeof name, "-%c", letter);
		others_with(cmd, NULL, letter, others, sizeof others);
	}
	/* TRANSLATORS: in these three, the first %s is a command's name, the
	   next two an option's dashes and name ("--" and "bogus"). */
	if ((letter == 'l' || strcmp(name, "lang") == 0) && has_option(cmd, "source-lang"))
		snprintf(msg, size, _("%s has no option '%s%s': -l/--lang is the target language; "
				      "the article's is --source-lang"), cmd->name, letter ? "" : "--", name);
	else if (others[0])
		/* TRANSLATORS: the last %s lists the commands that have the option
		   ("check, merge, update" or "merge"). */
		snprintf(msg, size, ngettext("%s has no option '%s%s' (%s has it)",
					     "%s has no option '%s%s' (%s have it)",
					     strchr(others, ',') ? 2 : 1), cmd->name,
			 letter ? "" : "--", name, others);
	else
		snprintf(msg, size, _("%s has no option '%s%s'"), cmd->name, letter ? "" : "--", name);
	return msg;
}

/* "'-o, --output'" as the user may have typed it */
static const char *
opt_label(const cli_opt *o, char *buf, size_t size)
{
	if (o->letter)
		snprintf(buf, size, "-%c/--%s", o->letter, o->name);
	else
		snprintf(buf, size, "--%s", o->name);
	return buf;
}

static void
args_free(cli_args *a)
{
	for (size_t i = 0; i < a->n_opts; i++)
		free(a->vals[i].owned);
	free(a->vals);
	free(a->seq);
}

static void
diags_free(void)
{
	for (size_t i = 0; i < diags.n; i++) {
		free(diags.v[i].file);
		free(diags.v[i].check);
		free(diags.v[i].message);
	}
	free(diags.v);
	memset(&diags, 0, sizeof diags);
}

int
cli_run(const cli_cmd *cmd, int argc, char **argv)
{
	cli_args a;
	struct option *longopts = NULL;
	char *shortopts = NULL, msg[512], label[64];
	const char *error = NULL;
	bool help = false;
	size_t n = 0, k = 0;
	int c, rc;

	memset(&a, 0, sizeof a);
	a.cmd = cmd;
	while (cmd->options[n].name)
		n++;
	a.n_opts = n;
	a.vals = calloc(n + 1, sizeof *a.vals);
	a.seq = calloc((size_t)argc + 1, sizeof *a.seq);
	longopts = calloc(n + 2, sizeof *longopts);
	shortopts = malloc(3 * n + 8);
	if (!a.vals || !a.seq || !longopts || !shortopts) {
		fprintf(stderr, "tercume: %s\n", _("out of memory"));
		rc = EXIT_IO;
		goto out;
	}
	/* ':' first: a missing argument is told apart from an unknown option. */
	shortopts[k++] = ':';
	for (size_t i = 0; i <= n; i++) {
		const cli_opt *o = i < n ? &cmd->options[i] : &opt_help;
		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg == NULL ? no_argument :
			o->arg[0] == '[' ? optional_argument : required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 256 + (int)i;
		if (o->letter) {
			shortopts[k++] = (char)o->letter;
			if (o->arg)
				shortopts[k++] = ':';
			if (o->arg && o->arg[0] == '[')
				shortopts[k++] = ':';
		}
	}
	shortopts[k] = '\0';

	opterr = 0;
	optind = 0;	/* glibc: start afresh */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		size_t i;
		const cli_opt *o;

		if (c == '?' || c == ':') {
			if (error)
				continue;	/* the first error is the one told */
			if (c == ':') {
				o = optopt >= 256 ? (optopt - 256 < (int)n ? &cmd->options[optopt - 256] :
						     &opt_help) : NULL;
				for (size_t j = 0; o == NULL && j < n; j++)
					if (cmd->options[j].letter == optopt)
						o = &cmd->options[j];
				/* TRANSLATORS: an option and, in parentheses, the name of
				   its argument ("-o/--output", "FILE"). */
				snprintf(msg, sizeof msg, _("option '%s' needs an argument (%s)"),
					 o ? opt_label(o, label, sizeof label) : "?", o ? o->arg : "?");
				error = msg;
			} else if (optopt >= 256) {
				o = optopt - 256 < (int)n ? &cmd->options[optopt - 256] : &opt_help;
				snprintf(msg, sizeof msg, _("option '--%s' takes no argument"), o->name);
				error = msg;
			} else if (optopt != 0) {
				char text[3] = { '-', (char)optopt, '\0' };
				error = unknown_option(cmd, text, msg, sizeof msg);
			} else
				error = unknown_option(cmd, argv[optind - 1], msg, sizeof msg);
			continue;
		}
		if (c >= 256)
			i = (size_t)(c - 256);
		else
			for (i = 0; i < n && cmd->options[i].letter != c; i++)
				;
		if (i == n) {
			help = true;
			continue;
		}
		o = &cmd->options[i];
		a.vals[i].count++;
		a.vals[i].arg = optarg;
		a.seq[a.n_seq].opt = i;
		a.seq[a.n_seq++].arg = optarg;
		/* Checked after an error too: --format json still gives JSON. */
		if (o->check && optarg) {
			char why[384];
			const char *bad = o->check(optarg, &a.vals[i], why, sizeof why);
			if (bad && !error) {
				snprintf(msg, sizeof msg, "%s: %s", opt_label(o, label, sizeof label), bad);
				error = msg;
			}
		}
	}
	a.argc = argc - optind;
	a.argv = argv + optind;

	/* The shared options every command reads the same way. */
	for (size_t i = 0; i < n; i++) {
		const cli_opt *o = &cmd->options[i];
		if (strcmp(o->name, "format") == 0 && a.vals[i].count &&
		    (o->check == cli_check_report || o->check == cli_check_report_junit))
			a.report = (cli_report)a.vals[i].num;
		else if (strcmp(o->name, "quiet") == 0)
			a.quiet = a.vals[i].count > 0;
		else if (strcmp(o->name, "output") == 0)
			a.output = a.vals[i].arg;
	}
	diags.report = a.report;
	diags.quiet = a.quiet;
	a.rep.fn = print_diag;

	if (error == NULL && help) {
		cli_print_help(cmd);
		rc = EXIT_OKAY;
		goto out;
	}
	if (error == NULL && (a.argc < cmd->min_operands ||
			      (cmd->max_operands >= 0 && a.argc > cmd->max_operands))) {
		/* TRANSLATORS: %s says which operands the command takes ("one
		   ARTICLE", "a SEGMENTS file and at most one CATALOGUE"): the
		   operands messages of the commands. */
		snprintf(msg, sizeof msg, _("expected %s"), _(cmd->operands));
		error = msg;
	}
	if (error) {
		rc = usage_error(cmd, error);
	} else
		rc = cmd->run(&a);
	if (a.report == CLI_REPORT_JSON && !a.json_done)
		print_fallback_json(cmd, rc);
out:
	free(longopts);
	free(shortopts);
	args_free(&a);
	diags_free();
	return rc;
}

/* ---- helpers ------------------------------------------------------------ */

int
cli_write_output(const char *path, const char *data, size_t len, tercume_reporter *rep)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len)
			return EXIT_IO;
		return EXIT_OKAY;
	}
	return cli_exit_status(tercume_write_file_atomic(path, data, len, rep));
}

/* The first line of head that is not blank and not a '#' comment. */
static const char *
first_content_line(const char *head)
{
	const char *p = head;

	while (*p) {
		const char *eol = p + strcspn(p, "\n");
		const char *q = p;
		while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < eol && *q != '#')
			return q;
		p = *eol ? eol + 1 : eol;
	}
	return p;
}

/* What the first 4 KiB of a regular file say it is. */
enum file_kind { KIND_OTHER, KIND_SEGMENTS, KIND_XLIFF, KIND_TMX, KIND_PO };

static enum file_kind
file_kind(const char *path)
{
	char head[4097];
	const char *p, *q, *line;
	size_t len;
	struct stat st;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return KIND_OTHER;
	/* Only a regular file is looked at twice: what is read from a pipe
	 * or a terminal (/dev/stdin) is gone, and the article would lose
	 * its first 4 KiB. */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return KIND_OTHER;
	}
	len = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[len] = '\0';
	if (len != strlen(head))
		return KIND_OTHER;	/* NUL bytes: the reader tells what is wrong */
	p = head;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (strncmp(p, "# tercume segments ", 19) == 0)
		return KIND_SEGMENTS;
	q = p + strspn(p, " \t\r\n");
	line = first_content_line(p);
	if (*q == '<' && strstr(q, "<xliff") != NULL)
		return KIND_XLIFF;
	if (*q == '<' && strstr(q, "<tmx") != NULL)
		return KIND_TMX;
	if (strncmp(line, "msgid ", 6) == 0 || strncmp(line, "msgctxt ", 8) == 0 ||
	    strncmp(line, "msgid\t", 6) == 0)
		return KIND_PO;
	return KIND_OTHER;
}

int
cli_refuse_non_article(const char *path, tercume_reporter *rep)
{
	const char *what = NULL;

	switch (file_kind(path)) {	/* an unreadable file: the reader reports it */
	case KIND_SEGMENTS:
		what = _("this is a tercume segments file, not an article: 'tercume merge' "
			 "rebuilds the article from it");
		break;
	case KIND_XLIFF:
		what = _("this is an XLIFF catalogue, not an article: 'tercume merge "
			 "SEGMENTS CATALOGUE' makes the edition from it");
		break;
	case KIND_TMX:
		what = _("this is a TMX translation memory, not an article: 'tercume tm "
			 "import' reads it");
		break;
	case KIND_PO:
		what = _("this is a PO catalogue, not an article: 'tercume merge "
			 "SEGMENTS CATALOGUE' makes the edition from it");
		break;
	case KIND_OTHER:
		break;
	}
	if (what == NULL)
		return EXIT_OKAY;
	{
		tercume_diag d = { TERCUME_SEV_ERROR, path, 0, 0, NULL, what };
		rep->errors++;
		if (rep->fn)
			rep->fn(&d, rep->user);
	}
	return EXIT_INPUT;
}

int
cli_refuse_over_work(const char *path, cli_output what, tercume_reporter *rep)
{
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	enum file_kind kind;
	tercume_format fmt;
	const char *msg;
	struct stat sb;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 ||
	    !S_ISREG(sb.st_mode) || sb.st_size == 0)
		return EXIT_OKAY;
	kind = file_kind(path);
	fmt = tercume_format_of_file(path);
	if (kind == KIND_TMX) {
		if (what == CLI_OUT_MEMORY)
			return EXIT_OKAY;	/* a memory made again */
	} else if (kind == KIND_PO || kind == KIND_XLIFF || fmt != TERCUME_FORMAT_AUTO) {
		/* a template, or a catalogue nobody has worked on, is replaced */
		if (fmt == TERCUME_FORMAT_AUTO)
			fmt = kind == KIND_PO ? TERCUME_FORMAT_PO : TERCUME_FORMAT_AUTO;
		if (tercume_catalog_check_replace(path, fmt, &quiet) == TERCUME_OK)
			return EXIT_OKAY;
	} else
		return EXIT_OKAY;
	switch (what) {
	case CLI_OUT_SEGMENTS:
		msg = _("refusing to write a segments file over a catalogue or translation "
			"memory, which may hold a translator's work; name another output");
		break;
	case CLI_OUT_EDITION:
		msg = _("refusing to write an edition over a catalogue or translation memory, "
			"which may hold a translator's work; name another output");
		break;
	default:
		msg = _("refusing to write a translation memory over a catalogue, which may "
			"hold a translator's work; name another output");
		break;
	}
	{
		tercume_diag d = { TERCUME_SEV_ERROR, path, 0, 0, NULL, msg };
		rep->errors++;
		if (rep->fn)
			rep->fn(&d, rep->user);
	}
	return EXIT_INPUT;
}

bool
cli_has_translations(const tercume_catalog *cat)
{
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		if (e->target && e->target[0] && e->state != TERCUME_STATE_OBSOLETE)
			return true;
	}
	return false;
}

static int stdout_reported;

int
cli_stdout_reported(void)
{
	return stdout_reported;
}

void
cli_mark_stdout_reported(void)
{
	stdout_reported = 1;
}

int
cli_write_catalog(const tercume_catalog *cat, const char *path, tercume_format fmt,
		  tercume_reporter *rep)
{
	tercume_status st;

	if (strcmp(path, "-") != 0)
		return cli_exit_status(tercume_catalog_write(cat, path, fmt, rep));
	if (fmt == TERCUME_FORMAT_AUTO) {
		fputs(_("tercume: standard output has no file name to tell the format "
			"by: name it with --to (po, xliff12, xliff20)\n"), stderr);
		return EXIT_INPUT;
	}
	st = tercume_catalog_write_stream(cat, stdout, NULL, fmt, rep);
	if (st == TERCUME_EIO)
		cli_mark_stdout_reported();	/* said once, by the library */
	return cli_exit_status(st);
}
