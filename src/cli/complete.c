/* complete.c — the bash completion, written from the commands' option
 * tables (tercume --bash-completion; the build installs what it prints), so
 * that it offers exactly what the parser takes: the commands, each one's
 * options, the words an option's argument may be (formats, layouts,
 * policies, check names, BCP 47 language tags) and files elsewhere. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uloc.h>

/* The tags of the locales ICU knows ("az", "az-Latn", "az-Latn-AZ", …),
 * each once: what -l and --source-lang take. */
static void
print_lang_tags(void)
{
	int32_t n = uloc_countAvailable();
	char prev[ULOC_FULLNAME_CAPACITY] = "";

	for (int32_t i = 0; i < n; i++) {
		char tag[ULOC_FULLNAME_CAPACITY];
		UErrorCode err = U_ZERO_ERROR;

		uloc_toLanguageTag(uloc_getAvailable(i), tag, (int32_t)sizeof tag, 1, &err);
		if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ||
		    strcmp(tag, prev) == 0 || strcmp(tag, "und") == 0)
			continue;
		printf(" %s", tag);
		snprintf(prev, sizeof prev, "%s", tag);
	}
}

static void
print_values(const char *values)
{
	/* The long lists once, at the top of the function. */
	if (strcmp(values, CLI_VALUES_LANG) == 0)
		printf(" $langs");
	else if (strcmp(values, CLI_VALUES_CHECKS) == 0)
		printf(" $checks");
	else
		printf(" %s", values);
}

/* The spellings of one option: "-o --output". */
static void
print_spellings(const cli_opt *o)
{
	if (o->letter)
		printf(" -%c", o->letter);
	printf(" --%s", o->name);
}

static void
print_command(const cli_cmd *c)
{
	printf("\t%s)\n\t\topts='-h --help", c->name);
	for (const cli_opt *o = c->options; o->name; o++)
		print_spellings(o);
	printf("'\n");
	if (c->actions)
		printf("\t\tactions='%s'\n", c->actions);
	/* The options that take an argument, and what completes it. */
	printf("\t\tcase $opt in\n");
	for (const cli_opt *o = c->options; o->name; o++) {
		if (o->arg == NULL)
			continue;
		printf("\t\t");
		if (o->letter)
			printf("-%c|", o->letter);
		printf("--%s) argopt=1", o->name);
		if (o->values) {
			printf("; words=\"");
			print_values(o->values);
			printf(" \"");
		} else if (strstr(o->arg, "FILE"))
			printf("; files=1");
		/* An optional argument is only ever given as --NAME=ARG. */
		printf("%s ;;\n", o->arg[0] == '[' ? "; optional=1" : "");
	}
	printf("\t\tesac\n\t\t;;\n");
}

/* The parts of the script that do not depend on the tables. */
static const char head[] =
	"# bash completion for tercume, written by 'tercume --bash-completion'\n"
	"# from the program's option tables (src/cli/complete.c): do not edit.\n"
	"\n"
	"_tercume()\n"
	"{\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i opt= eq= pre=\n"
	"\tlocal opts= actions= argopt= words= files= optional=\n"
	"\tCOMPREPLY=()\n"
	"\t(( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\t# The command: the first word after tercume that is not an option.\n"
	"\tfor (( i = 1; i < COMP_CWORD; i++ )); do\n"
	"\t\tcase ${COMP_WORDS[i]} in\n"
	"\t\t-*) ;;\n"
	"\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	"\t\tesac\n"
	"\tdone\n"
	"\tif [[ -z $cmd ]]; then\n"
	"\t\tCOMPREPLY=( $(compgen -W \"$commands help --help --version\" -- \"$cur\") )\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif [[ $cmd == help ]]; then\n"
	"\t\t(( COMP_CWORD == i + 1 )) && COMPREPLY=( $(compgen -W \"$commands\" -- \"$cur\") )\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\t# The option whose argument this is: \"-l x\", \"--to x\", \"--to=x\"\n"
	"\t# (bash splits it at the = unless COMP_WORDBREAKS lacks it).\n"
	"\tif [[ $cur == = ]]; then\n"
	"\t\topt=$prev cur= eq=1\n"
	"\telif [[ $prev == = ]] && (( COMP_CWORD > 2 )); then\n"
	"\t\topt=${COMP_WORDS[COMP_CWORD-2]} eq=1\n"
	"\telif [[ $cur == --*=* ]]; then\n"
	"\t\topt=${cur%%=*} pre=${cur%%=*}= cur=${cur#*=} eq=1\n"
	"\telif [[ $prev == -* ]]; then\n"
	"\t\topt=$prev\n"
	"\tfi\n"
	"\tcase $cmd in\n";

static const char tail[] =
	"\t*) return 0 ;;\n"
	"\tesac\n"
	"\tif [[ -n $argopt && ( -z $optional || -n $eq ) ]]; then\n"
	"\t\tif [[ -n $files ]]; then\n"
	"\t\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\t\tCOMPREPLY=( $(compgen -f -P \"$pre\" -- \"$cur\") )\n"
	"\t\telif [[ -n $words ]]; then\n"
	"\t\t\tCOMPREPLY=( $(compgen -W \"$words\" -P \"$pre\" -- \"$cur\") )\n"
	"\t\tfi\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif [[ $cur == -* ]]; then\n"
	"\t\tCOMPREPLY=( $(compgen -W \"$opts\" -- \"$cur\") )\n"
	"\telif [[ -n $actions ]] && (( COMP_CWORD == i + 1 )); then\n"
	"\t\tCOMPREPLY=( $(compgen -W \"$actions\" -- \"$cur\") )\n"
	"\telse\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tCOMPREPLY=( $(compgen -f -- \"$cur\") )\n"
	"\tfi\n"
	"\treturn 0\n"
	"}\n"
	"complete -F _tercume tercume\n";

void
cli_print_bash_completion(const cli_cmd *const *cmds, size_t n)
{
	const char *at = strstr(head, "\tlocal opts=");

	/* The command names go in just before the locals of the tables. */
	fwrite(head, 1, (size_t)(at - head), stdout);
	fputs("\tlocal commands='", stdout);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", cmds[i]->name);
	fputs("'\n\tlocal langs='", stdout);
	print_lang_tags();
	fputs(" '\n\tlocal checks='", stdout);
	for (size_t i = 0; i < tercume_check_count(); i++)
		printf(" %s", tercume_check_at(i)->name);
	fputs(" '\n", stdout);
	fputs(at, stdout);
	for (size_t i = 0; i < n; i++)
		print_command(cmds[i]);
	fputs(tail, stdout);
}
