/* cli.h — what the subcommands of the tercume program share. */
#ifndef TERCUME_CLI_H
#define TERCUME_CLI_H

#include "tercume.h"

/* The exit-code contract (README, "Exit status"). */
enum {
	EXIT_OKAY = 0,		/* done */
	EXIT_GATE = 1,		/* a check or threshold failed */
	EXIT_INPUT = 2,		/* usage error or malformed input */
	EXIT_IO = 3		/* a file could not be read or written */
};

typedef struct cli_cmd {
	const char *name;
	const char *summary;	/* one line for 'tercume --help' */
	const char *usage;	/* "tercume NAME …" */
	const char *help;	/* options and details, after the usage line */
	int (*run)(int argc, char **argv);	/* argv[0] is the command name */
} cli_cmd;

extern const cli_cmd cmd_check;
extern const cli_cmd cmd_convert;
extern const cli_cmd cmd_export;
extern const cli_cmd cmd_merge;
extern const cli_cmd cmd_segment;
extern const cli_cmd cmd_tm;
extern const cli_cmd cmd_update;

/* A reporter that prints "tercume: FILE:LINE:COL: error: message" to stderr. */
void cli_reporter_init(tercume_reporter *rep);
/* Maps a library status to the exit-code contract. */
int cli_exit_status(tercume_status st);
/* Prints "tercume: message" and a pointer to the command's help; returns
 * EXIT_INPUT. */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the command's full help to stdout. */
void cli_print_help(const cli_cmd *cmd);
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
/* Parses a similarity threshold (1-100, a trailing % allowed). */
int cli_parse_threshold(const cli_cmd *cmd, const char *arg, int *threshold);
/* Prints "PATH: kept K, fuzzy F, new N, obsolete O". */
void cli_print_update_stats(const char *path, const tercume_update_stats *s, int with_tm);
/* Reads the pairs of tm_path (TMX; NULL: none) in cat's languages. */
int cli_load_tm(const char *tm_path, const tercume_catalog *cat, tercume_catalog **tm,
		tercume_reporter *rep);

#endif
