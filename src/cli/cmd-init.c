/* cmd-init.c — tercume init: write a project file for the articles given.
 * doc/project.md. */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run_init(cli_args *a);

/* -l: tags, repeated or LANG,LANG */
static const char *
check_langs(const char *arg, cli_val *v, char *msg, size_t size)
{
	const char *p = arg;

	(void)v;
	while (*p) {
		size_t len = strcspn(p, ", ");
		char tag[160], canon[160];

		if (len > 0) {
			snprintf(tag, sizeof tag, "%.*s", (int)len, p);
			if (len >= sizeof tag || tercume_lang_canonical(tag, canon, sizeof canon) != TERCUME_OK) {
				snprintf(msg, size, _("'%.*s' is not a BCP 47 language tag (such as ru, "
					 "az-Latn or pt-BR)"), (int)(len > 60 ? 60 : len), p);
				return msg;
			}
		}
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return NULL;
}

static const cli_opt options[] = {
	CLI_OPT_SOURCE_LANG(N_("the articles' language (default: en)")),
	{ "lang", 'l', "LANG", N_("a target language (repeat, or LANG,LANG)"), check_langs,
	  CLI_VALUES_LANG },
	CLI_OPT_OUTPUT(N_("the project file to write (default: tercume.ini)")),
	{ "force", 0, NULL, N_("write over an existing project file"), NULL },
	CLI_OPT_QUIET,
	CLI_OPT_END
};

const cli_cmd cmd_init = {
	.name = "init",
	.summary = N_("write a project file for some articles"),
	.usage = "tercume init [OPTIONS] -l LANG ARTICLE...",
	.help =
	N_("Writes a project file (tercume.ini) naming the ARTICLEs (paths or\n"
	"patterns, as given: quote a pattern to keep the shell from expanding it),\n"
	"the source language and the target languages, with every other key at\n"
	"its default (edition formats txt html, and source when an ARTICLE may be\n"
	"HTML or Markdown), ready for tercume sync.  The file is read back first:\n"
	"every article must exist.  An existing file is not written over without\n"
	"--force.\n"),
	.options = options,
	.min_operands = 1, .max_operands = -1, .operands = N_("at least one ARTICLE"),
	.doc = "project.md",
	.run = run_init,
};

static int
run_init(cli_args *a)
{
	const char *out = a->output ? a->output : "tercume.ini";
	const char *source = cli_str(a, "source-lang"), *arg;
	const char **langs = NULL;
	char *copies[64], *text = NULL, *root = NULL, *slash;
	size_t n_langs = 0, n_copies = 0, iter = 0, len;
	tercume_project *p = NULL;
	tercume_status st;
	int rc = EXIT_INPUT;

	if (source == NULL)
		source = "en";
	langs = calloc(a->n_seq * 8 + 1, sizeof *langs);
	if (langs == NULL)
		return EXIT_IO;
	while (cli_next(a, "lang", &iter, &arg) && n_copies < sizeof copies / sizeof copies[0]) {
		char *save = NULL;

		if ((copies[n_copies] = strdup(arg)) == NULL)
			goto out;
		for (char *w = strtok_r(copies[n_copies], ", ", &save); w; w = strtok_r(NULL, ", ", &save))
			if (n_langs < a->n_seq * 8)
				langs[n_langs++] = w;
		n_copies++;
	}
	if (n_langs == 0) {
		rc = cli_usage_error(a->cmd, "no target language (-l LANG)");
		goto out;
	}
	if (access(out, F_OK) == 0 && !cli_count(a, "force")) {
		cli_diag(a, TERCUME_SEV_ERROR, out, 0, 0, "exists; not written over without --force");
		goto out;
	}
	st = tercume_project_template((const char *const *)a->argv, (size_t)a->argc, source, langs,
				      n_langs, &text, &len);
	if (st == TERCUME_EUSAGE) {
		rc = cli_usage_error(a->cmd, "cannot write a project for these: a language that is not "
				     "a BCP 47 tag, or a path with a blank or a control character, "
				     "starting with # or ;, or over 190 bytes");
		goto out;
	}
	if (st != TERCUME_OK) {
		rc = cli_exit_status(st);
		goto out;
	}
	/* Read it back where it will be: the articles must be there. */
	slash = strrchr(out, '/');
	root = slash ? strndup(out, (size_t)(slash - out) + 1) : strdup("");
	if (root == NULL) {
		rc = EXIT_IO;
		goto out;
	}
	st = tercume_project_parse(&p, out, text, len, root, &a->rep);
	if (st != TERCUME_OK) {
		rc = cli_exit_status(st);
		goto out;
	}
	rc = cli_write_output(out, text, len, &a->rep);
	if (rc == EXIT_OKAY && !a->quiet) {
		size_t na = tercume_project_article_count(p), nl = tercume_project_lang_count(p);
		char arts[64], langs_[64];

		snprintf(arts, sizeof arts, ngettext("%zu article", "%zu articles", na), na);
		snprintf(langs_, sizeof langs_, ngettext("%zu language", "%zu languages", nl), nl);
		/* TRANSLATORS: init's line: the project file, how many articles
		   ("3 articles") and languages ("2 languages") it names. */
		printf(_("%s: %s, %s; next: tercume sync\n"), out, arts, langs_);
	}
out:
	for (size_t i = 0; i < n_copies; i++)
		free(copies[i]);
	free(langs);
	free(text);
	free(root);
	tercume_project_free(p);
	return rc;
}
