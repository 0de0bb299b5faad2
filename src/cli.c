/* cli.c — diagnostics printing and helpers shared by the subcommands. */
#include "config.h"
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void
print_diag(const tercume_diag *d, void *user)
{
	static const char *const sev[] = { "note", "warning", "error" };

	(void)user;
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
	fprintf(stderr, "%s: ", sev[d->severity]);
	if (d->check)
		fprintf(stderr, "[%s] ", d->check);
	fprintf(stderr, "%s\n", d->message);
}

void
cli_reporter_init(tercume_reporter *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->fn = print_diag;
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
cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("tercume: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: %s\nTry 'tercume help %s' for more information.\n",
		cmd->usage, cmd->name);
	return EXIT_INPUT;
}

void
cli_print_help(const cli_cmd *cmd)
{
	printf("Usage: %s\n%s\n\n%s", cmd->usage, cmd->summary, cmd->help);
}

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
		fprintf(stderr, "tercume: standard output has no file name to tell the format "
			"by: name it (po, xliff12, xliff20)\n");
		return EXIT_INPUT;
	}
	st = tercume_catalog_write_stream(cat, stdout, NULL, fmt, rep);
	if (st == TERCUME_EIO)
		cli_mark_stdout_reported();	/* said once, by the library */
	return cli_exit_status(st);
}
