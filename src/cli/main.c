/* main.c — the tercume program: finds the subcommand and runs it. */
#include "config.h"
#include "cli.h"
#include "i18n.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sorted by name; every subcommand lives in its own cmd-*.c file. */
static const cli_cmd *const commands[] = {
	&cmd_build,
	&cmd_check,
	&cmd_convert,
	&cmd_export,
	&cmd_init,
	&cmd_merge,
	&cmd_segment,
	&cmd_status,
	&cmd_sync,
	&cmd_tm,
	&cmd_update,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void
print_usage(void)
{
	/* TRANSLATORS: the words in capitals and the option names are what the
	   user types; they stay as they are in every language. */
	fputs(_("Usage: tercume [--help] [--version] COMMAND [ARGS]...\n"), stdout);
	/* TRANSLATORS: what tercume does, in --help and as the man page's
	   description. */
	fputs(_("Segment articles, exchange their sentences with translators as PO and\n"
		 "XLIFF catalogues, and merge translations into localised editions.\n"), stdout);
	printf("\n%s\n", _("Commands:"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		printf("  %-10s %s\n", commands[i]->name, _(commands[i]->summary));
	putchar('\n');
	fputs(_("'tercume help COMMAND' (or 'tercume COMMAND --help') tells more about one.\n"), stdout);
	putchar('\n');
	fputs(_("Exit status: 0 done; 1 a check or threshold failed; 2 usage error or\n"
		 "malformed input; 3 a file could not be read or written.\n"), stdout);
	putchar('\n');
	/* TRANSLATORS: %s is the folder of the installed manual
	   (/usr/local/share/doc/tercume). */
	printf(_("The manual: 'man tercume' and 'man tercume-COMMAND'; the options of\n"
		 "every command: %s/doc/cli.md\n"), TERCUME_DOCDIR);
	/* TRANSLATORS: %s is the folder of the installed manual; "Reporting
	   bugs" is the heading of a section of the README (in English). */
	printf(_("Report bugs as \"Reporting bugs\" in %s/README.md says.\n"), TERCUME_DOCDIR);
}

/* The GNU form (GNU coding standards, "--version"). */
static void
print_version(void)
{
	printf("tercume %s\n", PACKAGE_VERSION);
	if (strcmp(tercume_version(), PACKAGE_VERSION) != 0)
		/* TRANSLATORS: the version of the shared library the program runs
		   with, printed only when it is not the program's. */
		printf(_("with libtercume %s\n"), tercume_version());
	/* TRANSLATORS: "(C)" may be replaced by the copyright sign. */
	printf(_("Copyright (C) %s the tercume authors.\n"), TERCUME_COPYRIGHT_YEAR);
	fputs(_("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
		 "This is free software: you are free to change and redistribute it.\n"
		 "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

/* Finds a command by its name or a unique prefix of it. */
static const cli_cmd *
find_command(const char *name)
{
	const cli_cmd *found = NULL;
	size_t n = strlen(name), matches = 0;

	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
		if (n > 0 && strncmp(commands[i]->name, name, n) == 0) {
			found = commands[i];
			matches++;
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		/* TRANSLATORS: followed by the names of the commands. */
		fprintf(stderr, _("tercume: '%s' is ambiguous; it could be:"), name);
		for (size_t i = 0; i < N_COMMANDS; i++)
			if (strncmp(commands[i]->name, name, n) == 0)
				fprintf(stderr, " %s", commands[i]->name);
		fputc('\n', stderr);
	} else
		fprintf(stderr, _("tercume: unknown command '%s'\nTry 'tercume --help'.\n"), name);
	return NULL;
}

/* A failed write to stdout (a full disk, a closed pipe) is an error. */
static void
close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (!cli_stdout_reported())
			fprintf(stderr, _("tercume: write error on standard output: %s\n"),
				strerror(errno));
		_exit(EXIT_IO);
	}
}

int
main(int argc, char **argv)
{
	const cli_cmd *cmd;

	setlocale(LC_ALL, "");
	{
		const char *dir = getenv(TERCUME_LOCALEDIR_ENV);
		bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
		textdomain(PACKAGE);
	}
	tercume_init();		/* once, before any thread (tercume.h) */
	atexit(close_stdout);
	if (argc < 2) {
		fprintf(stderr, _("tercume: no command given\nTry 'tercume --help'.\n"));
		return EXIT_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_usage();
		return EXIT_OKAY;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		print_version();
		return EXIT_OKAY;
	}
	/* Not in --help: what the build installs as the bash completion. */
	if (strcmp(argv[1], "--bash-completion") == 0) {
		cli_print_bash_completion(commands, N_COMMANDS);
		return EXIT_OKAY;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			print_usage();
			return EXIT_OKAY;
		}
		cmd = find_command(argv[2]);
		if (cmd == NULL)
			return EXIT_INPUT;
		cli_print_help(cmd);
		return EXIT_OKAY;
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, _("tercume: unknown option '%s'\nTry 'tercume --help'.\n"), argv[1]);
		return EXIT_INPUT;
	}
	cmd = find_command(argv[1]);
	if (cmd == NULL)
		return EXIT_INPUT;
	return cli_run(cmd, argc - 1, argv + 1);
}
