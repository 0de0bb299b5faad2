/* cli.h — what the subcommands of the tercume program share: the option
 * table each command declares, the one parser that reads it (cli.c), the
 * reporter and the exit-code contract.  doc/cli.md is the user's side. */
#ifndef TERCUME_CLI_H
#define TERCUME_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "i18n.h"
#include "tercume.h"

/* The exit-code contract (README, "Exit status"). */
enum {
	EXIT_OKAY = 0,		/* done */
	EXIT_GATE = 1,		/* a check or threshold failed */
	EXIT_INPUT = 2,		/* usage error or malformed input */
	EXIT_IO = 3		/* a file could not be read or written */
};

/* What the report on standard output looks like (--format). */
typedef enum cli_report {
	CLI_REPORT_TEXT,
	CLI_REPORT_JSON,	/* one JSON document, whatever happens */
	CLI_REPORT_GITHUB,	/* GitHub Actions workflow commands */
	CLI_REPORT_JUNIT	/* JUnit XML (check over a project) */
} cli_report;

/* What one option was given: filled by the parser and its check. */
typedef struct cli_val {
	unsigned count;		/* how many times it was given */
	const char *arg;	/* the last argument (a language: canonical) */
	int num;		/* set by the check: an enum value, a threshold */
	double real;		/* set by the check: a percentage */
	char *owned;		/* storage of a rewritten arg; cli.c frees it */
} cli_val;

/* Checks an option's argument and fills *v; returns NULL, or a message
 * (written into msg, or a literal) saying what is wrong with it. */
typedef const char *(*cli_check_fn)(const char *arg, cli_val *v, char *msg, size_t size);

/* One option of a command.  The parser, the help text and doc/cli.md all
 * come from these entries. */
typedef struct cli_opt {
	const char *name;	/* long name, without the dashes */
	int letter;		/* short option letter, or 0 */
	const char *arg;	/* the argument's name in the help ("FILE"); NULL:
				   no argument; "[NAME]": an optional one */
	const char *help;	/* what it does, marked N_() (translated when
				   printed); '\n' starts an indented line */
	cli_check_fn check;	/* NULL: any string */
	const char *values;	/* the words the argument may be, for the
				   shell's completion: "po xliff12 xliff20",
				   CLI_VALUES_LANG (BCP 47 tags),
				   CLI_VALUES_CHECKS (check names); NULL: a
				   file when arg says FILE, else anything */
} cli_opt;

#define CLI_VALUES_LANG "@lang"
#define CLI_VALUES_CHECKS "@checks"

struct cli_args;

/* The texts a person reads are marked N_() and translated when printed;
 * names, usage lines and doc pages are not translated. */
typedef struct cli_cmd {
	const char *name;
	const char *summary;	/* one line for 'tercume --help' */
	const char *usage;	/* "tercume NAME …", one line per form */
	const char *help;	/* what it does, before the options */
	const cli_opt *options;	/* ended by an entry whose name is NULL;
				   -h/--help is added to every command */
	int min_operands;
	int max_operands;	/* -1: no limit */
	const char *operands;	/* what the operands are, for the usage error
				   ("one ARTICLE") */
	const char *epilog;	/* after the options, or NULL */
	int capped;		/* its warnings go through cli_capped: the help
				   says so */
	const char *doc;	/* its page in doc/ ("merge.md"), or NULL */
	const char *actions;	/* the words the first operand may be ("export
				   import"), for completion; NULL: files */
	int (*run)(struct cli_args *args);
} cli_cmd;

/* The parsed command line that a command's run function gets. */
typedef struct cli_args {
	const cli_cmd *cmd;
	int argc;		/* the operands, in order */
	char **argv;
	cli_val *vals;		/* one per entry of cmd->options */
	size_t n_opts;
	/* every occurrence, in order, for options given more than once */
	struct { size_t opt; const char *arg; } *seq;
	size_t n_seq;
	/* the shared options, already read */
	cli_report report;	/* --format: text unless the command has it */
	bool quiet;		/* --quiet: only errors are printed */
	const char *output;	/* --output, or NULL */
	tercume_reporter rep;	/* prints (or collects) diagnostics as
				   --format and --quiet say */
	bool json_done;		/* the command printed its JSON document */
} cli_args;

/* ---- the shared options: one definition each, reused by the commands --- */

const char *cli_check_lang(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_catalogue_format(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_report(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_percent(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_threshold(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_layout(const char *arg, cli_val *v, char *msg, size_t size);
/* text, json, github or junit (cli-project.c) */
const char *cli_check_report_junit(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_jobs(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_shard(const char *arg, cli_val *v, char *msg, size_t size);
/* PCT, or LANG=PCT,LANG=PCT (max: a number of units) */
const char *cli_check_lang_percents(const char *arg, cli_val *v, char *msg, size_t size);
const char *cli_check_lang_counts(const char *arg, cli_val *v, char *msg, size_t size);

#define CLI_OPT_OUTPUT(help) { "output", 'o', "FILE", help, NULL }
#define CLI_OPT_LANG(help) { "lang", 'l', "LANG", help, cli_check_lang, CLI_VALUES_LANG }
#define CLI_OPT_SOURCE_LANG(help) \
	{ "source-lang", 0, "LANG", help, cli_check_lang, CLI_VALUES_LANG }
#define CLI_OPT_FROM \
	{ "from", 0, "FMT", N_("format of the catalogue read: po, xliff12, xliff20\n" \
	  "(default: from its name and content)"), cli_check_catalogue_format, \
	  "po xliff12 xliff20" }
#define CLI_OPT_TO_CATALOGUE(help) \
	{ "to", 0, "FMT", help, cli_check_catalogue_format, "po xliff12 xliff20" }
#define CLI_OPT_FORMAT \
	{ "format", 0, "FMT", N_("the report on standard output: text (the default),\n" \
	  "json (one JSON document, errors included) or github\n" \
	  "(GitHub Actions annotations)"), cli_check_report, "text json github" }
#define CLI_OPT_QUIET \
	{ "quiet", 'q', NULL, N_("print errors only: no warnings, no summary"), NULL }
#define CLI_OPT_SEGMENTS(help) { "segments", 's', "FILE", help, NULL }
#define CLI_OPT_LAYOUT(help) { "layout", 0, "MODE", help, cli_check_layout, "auto line blank" }
#define CLI_OPT_THRESHOLD \
	{ "threshold", 't', "N", N_("minimum similarity of a fuzzy match, 1-100\n" \
	  "(default: 50)"), cli_check_threshold }
#define CLI_OPT_DRY_RUN { "dry-run", 'n', NULL, N_("print the summary, write nothing"), NULL }
#define CLI_OPT_PROJECT \
	{ "project", 'p', "FILE", N_("the project file (default: tercume.ini)"), NULL }
#define CLI_OPT_JOBS \
	{ "jobs", 'j', "N", N_("work on N articles at once, on threads (0: one\n" \
	  "per processor; default: 1)"), cli_check_jobs }
#define CLI_OPT_SHARD \
	{ "shard", 0, "K/N", N_("only the articles of shard K of N (doc/scale.md)"), cli_check_shard }
#define CLI_OPT_END { NULL, 0, NULL, NULL, NULL, NULL }

extern const cli_cmd cmd_build;
extern const cli_cmd cmd_check;
extern const cli_cmd cmd_convert;
extern const cli_cmd cmd_export;
extern const cli_cmd cmd_init;
extern const cli_cmd cmd_merge;
extern const cli_cmd cmd_segment;
extern const cli_cmd cmd_status;
extern const cli_cmd cmd_sync;
extern const cli_cmd cmd_tm;
extern const cli_cmd cmd_update;

/* Parses argv (argv[0] is the command's name) by cmd's table, handles
 * -h/--help, runs the command and returns its exit status.  With
 * --format json, prints the fallback JSON document when the command
 * printed none. */
int cli_run(const cli_cmd *cmd, int argc, char **argv);

/* ---- what the parsed options hold (name: a long name of the table) ---- */

/* How many times the option was given (0: not at all). */
unsigned cli_count(const cli_args *a, const char *name);
/* Its last argument, or NULL. */
const char *cli_str(const cli_args *a, const char *name);
/* The number its check set, or def when it was not given. */
int cli_num(const cli_args *a, const char *name, int def);
double cli_real(const cli_args *a, const char *name, double def);
/* Steps through every occurrence in order: start *iter at 0; each call
 * sets *arg (NULL for an optional argument not given) and returns true,
 * then false at the end. */
bool cli_next(const cli_args *a, const char *name, size_t *iter, const char **arg);

/* ---- messages ----------------------------------------------------------- */

/* Prints "tercume: message" and the line pointing to the command's help
 * (and records it for the JSON report); returns EXIT_INPUT.  fmt is
 * translated here (xgettext's keyword cli_usage_error:2). */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Reports a diagnostic through the command's reporter; fmt is translated
 * here (xgettext's keyword cli_diag:6). */
void cli_diag(cli_args *a, tercume_severity sev, const char *file, unsigned long line,
	      unsigned long column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Prints a bash completion script for these commands (tercume
 * --bash-completion, which the build installs): complete.c. */
void cli_print_bash_completion(const cli_cmd *const *cmds, size_t n);
/* Prints the command's full help to stdout. */
void cli_print_help(const cli_cmd *cmd);
/* Maps a library status to the exit-code contract. */
int cli_exit_status(tercume_status st);

/* The width of s on a terminal, in characters (a translated heading may be
 * Cyrillic: printf's widths count bytes). */
int cli_text_width(const char *s);
/* Prints s padded with spaces to width characters: on the left, or, when
 * width is negative, on the right (as printf's %*s and %-*s). */
void cli_print_padded(FILE *f, const char *s, int width);

/* ---- JSON output --------------------------------------------------------- */

/* A JSON string (NULL: null), invalid UTF-8 as U+FFFD. */
void cli_json_string(FILE *f, const char *s);
/* A GitHub workflow command's value: %, CR and LF escaped, and in a
 * property (file=…) also : and , */
void cli_github_escape(FILE *f, const char *s, bool property);
/* `"diagnostics": [...]`: every diagnostic reported so far. */
void cli_json_diagnostics(FILE *f);

/* ---- helpers shared by several commands --------------------------------- */

/* Writes data to path atomically, or to stdout when path is NULL or "-". */
int cli_write_output(const char *path, const char *data, size_t len, tercume_reporter *rep);
/* Writes cat to path atomically, or to stdout for "-" (fmt must then be
 * given).  Returns an exit status. */
int cli_write_catalog(const tercume_catalog *cat, const char *path, tercume_format fmt,
		      tercume_reporter *rep);
/* Whether a failed write to stdout was reported already (main stays
 * quiet then). */
int cli_stdout_reported(void);
void cli_mark_stdout_reported(void);
/* Prints "PATH: kept K, fuzzy F, new N, obsolete O". */
void cli_print_update_stats(const char *path, const tercume_update_stats *s, int with_tm);
/* Reads the pairs of tm_path (TMX; NULL: none) in cat's languages. */
int cli_load_tm(const char *tm_path, const tercume_catalog *cat, tercume_catalog **tm,
		tercume_reporter *rep);
/* Refuses (EXIT_INPUT, with a message) a file that is a catalogue or a
 * segments file where an article is wanted; EXIT_OKAY otherwise (an
 * unreadable file too: its reader says so). */
int cli_refuse_non_article(const char *path, tercume_reporter *rep);

/* What a command writes, for cli_refuse_over_work. */
typedef enum { CLI_OUT_SEGMENTS, CLI_OUT_EDITION, CLI_OUT_MEMORY } cli_output;
/* Refuses (EXIT_INPUT, with a message) to write what over path when path
 * holds a translator's work (issue 12): a catalogue with a translation or a
 * translator's comment (or one that does not read), or a TMX memory unless
 * a memory is written; EXIT_OKAY for anything else, a template, an empty
 * or missing file, standard output and devices.  export has its own rule
 * (tercume_catalog_check_replace, --force). */
int cli_refuse_over_work(const char *path, cli_output what, tercume_reporter *rep);

/* Whether any live entry of cat has a translation. */
bool cli_has_translations(const tercume_catalog *cat);

/* ---- projects (cli-project.c, doc/project.md) ---------------------------- */

/* Reads the project file (--project, else tercume.ini) and the options of
 * the work over it (--jobs, --shard, and --force and --dry-run when the
 * command has them).  Returns EXIT_OKAY or the exit status to end with. */
int cli_project_open(cli_args *a, tercume_project **p, tercume_project_options *o);
/* tercume check with no CATALOGUE: the whole project, with the check
 * options of the command line (checks off, warnings that are errors, the
 * glossary, the dictionaries); its segments, fn and user are set here. */
int cli_check_project(cli_args *a, const tercume_check_options *copts, bool by_words);
/* tercume status. */
int cli_status_project(cli_args *a);

/* A reporter for the commands that run over a whole project (sync,
 * build): of the warnings of one check on one file in a row, the first
 * CLI_CAPPED_SHOWN go on to down; the rest are counted, and one note says
 * how many were left out (a first build of a project, nothing translated
 * yet, would otherwise say "not translated" once per unit of every
 * article).  Errors always go on.  Init, pass &c->rep to the work, then
 * finish: it says what is still counted and adds the counts to down's. */
#define CLI_CAPPED_SHOWN 10
#define CLI_CAPPED_CHECKS 16
typedef struct cli_capped {
	tercume_reporter rep;
	tercume_reporter *down;
	char *file;			/* the file of the run, or NULL */
	size_t n;
	struct {
		char *check;		/* "" for none */
		unsigned long seen;
	} per[CLI_CAPPED_CHECKS];
} cli_capped;
void cli_capped_init(cli_capped *c, tercume_reporter *down);
void cli_capped_finish(cli_capped *c);

#endif
