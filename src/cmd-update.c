/* cmd-update.c — tercume update: bring the catalogues of an article up to
 * date after the article changed. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run_update(int argc, char **argv);

const cli_cmd cmd_update = {
	"update",
	"bring the catalogues of a changed article up to date",
	"tercume update [OPTIONS] -s SEGMENTS ARTICLE CATALOGUE...",
	"Segments ARTICLE again and brings every CATALOGUE (PO or XLIFF, each in\n"
	"its own format) up to date with it, then rewrites SEGMENTS.  A unit whose\n"
	"sentence is unchanged keeps its translation, state and comments wherever\n"
	"it moved; a changed or new sentence close to one that vanished gets that\n"
	"translation as a fuzzy suggestion with the previous source and the\n"
	"similarity; anything else is new and untranslated; a unit that left the\n"
	"article becomes obsolete.  Nothing is written unless every catalogue\n"
	"could be read and updated; each file is replaced atomically.  Prints one\n"
	"line per catalogue: kept, fuzzy, new, obsolete.  doc/update.md tells more.\n\n"
	"Options:\n"
	"  -s, --segments FILE      the article's segments file (read for the\n"
	"                           language and layout, then rewritten)\n"
	"  -l, --source-lang LANG   language of the article (default: the\n"
	"                           segments file's, else en)\n"
	"      --layout MODE        auto, line or blank (default: the segments\n"
	"                           file's, else auto)\n"
	"  -t, --threshold N        minimum similarity of a fuzzy match, 1-100\n"
	"                           (default: 50)\n"
	"      --no-fuzzy           no fuzzy matching: changed sentences are new\n"
	"      --tm FILE            a TMX memory: an identical source fills a unit\n"
	"                           as translated, a close one as fuzzy\n"
	"  -n, --dry-run            print the summary, write nothing\n"
	"      --force              update a catalogue that records another article,\n"
	"                           or that would lose most of its translations to\n"
	"                           obsolete (refused otherwise, exit status 2)\n"
	"  -h, --help               show this help and exit\n",
	run_update,
};

int
cli_parse_threshold(const cli_cmd *cmd, const char *arg, int *threshold)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*end == '%')
		end++;
	if (errno || end == arg || *end != '\0' || v < 1 || v > 100)
		return cli_usage_error(cmd, "the threshold must be a percentage from 1 to 100, not '%s'", arg);
	*threshold = (int)v;
	return EXIT_OKAY;
}

void
cli_print_update_stats(const char *path, const tercume_update_stats *s, int with_tm)
{
	printf("%s: kept %zu, fuzzy %zu, new %zu, obsolete %zu", path, s->kept, s->fuzzy,
	       s->fresh, s->obsolete);
	if (with_tm)
		printf(" (from the memory: %zu exact, %zu fuzzy)", s->tm_exact, s->tm_fuzzy);
	putchar('\n');
}

int
cli_load_tm(const char *tm_path, const tercume_catalog *cat, tercume_catalog **tm,
	    tercume_reporter *rep)
{
	const char *tl = tercume_catalog_target_lang(cat);

	*tm = NULL;
	if (tm_path == NULL)
		return EXIT_OKAY;
	if (tl == NULL) {
		fprintf(stderr, "tercume: %s: a template has no target language to take from the memory\n",
			tercume_catalog_file(cat));
		return EXIT_INPUT;
	}
	return cli_exit_status(tercume_tmx_read(tm, tm_path, tercume_catalog_source_lang(cat), tl, rep));
}

static int
run_update(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "segments", required_argument, NULL, 's' },
		{ "source-lang", required_argument, NULL, 'l' },
		{ "layout", required_argument, NULL, 'L' },
		{ "threshold", required_argument, NULL, 't' },
		{ "no-fuzzy", no_argument, NULL, 'F' },
		{ "tm", required_argument, NULL, 'M' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tercume_segment_options sopts = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_update_options uopts = TERCUME_UPDATE_OPTIONS_INIT;
	const char *segments = NULL, *lang = NULL, *tm_path = NULL, *article;
	tercume_layout layout = TERCUME_LAYOUT_AUTO;
	bool layout_given = false, dry_run = false, force = false;
	tercume_doc *old_doc = NULL, *doc = NULL;
	tercume_catalog **cats = NULL;
	tercume_update_stats *stats = NULL;
	tercume_reporter rep;
	tercume_status st;
	int c, rc = EXIT_OKAY, n_cats;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:l:t:nh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': segments = optarg; break;
		case 'l': lang = optarg; break;
		case 'L':
			if (tercume_layout_from_name(optarg, &layout) != 0)
				return cli_usage_error(&cmd_update, "unknown layout '%s' (auto, line or blank)", optarg);
			layout_given = true;
			break;
		case 't':
			if (cli_parse_threshold(&cmd_update, optarg, &uopts.threshold) != EXIT_OKAY)
				return EXIT_INPUT;
			break;
		case 'F': uopts.fuzzy = 0; break;
		case 'M': tm_path = optarg; break;
		case 'n': dry_run = true; break;
		case 'f': force = true; break;
		case 'h': cli_print_help(&cmd_update); return EXIT_OKAY;
		default: return cli_usage_error(&cmd_update, "bad option");
		}
	}
	if (segments == NULL)
		return cli_usage_error(&cmd_update, "no segments file (-s SEGMENTS)");
	if (argc - optind < 1)
		return cli_usage_error(&cmd_update, "no ARTICLE given");
	article = argv[optind++];
	n_cats = argc - optind;
	cli_reporter_init(&rep);

	/* update rewrites SEGMENTS and each CATALOGUE, and only those: none of
	 * them may be the article, the memory or another of them. */
	{
		const char **inputs = calloc((size_t)n_cats + 3, sizeof *inputs);

		if (inputs == NULL)
			return EXIT_IO;
		inputs[0] = article;
		inputs[1] = tm_path;
		for (int i = 0; i < n_cats; i++)
			inputs[2 + i] = argv[optind + i];
		st = tercume_output_check(segments, inputs, (size_t)n_cats + 2, &rep);
		for (int i = 0; i < n_cats && st == TERCUME_OK; i++) {
			inputs[2 + i] = segments;	/* the others, and the segments file */
			st = tercume_output_check(argv[optind + i], inputs, (size_t)n_cats + 2, &rep);
			inputs[2 + i] = NULL;
		}
		free(inputs);
		if (st != TERCUME_OK)
			return cli_exit_status(st);
	}

	/* The old segments file gives the language and layout. */
	if (access(segments, F_OK) == 0) {
		st = tercume_segments_read(&old_doc, segments, &rep);
		if (st != TERCUME_OK)
			return cli_exit_status(st);
		sopts.source_lang = tercume_doc_source_lang(old_doc);
		sopts.layout = tercume_doc_layout(old_doc);
	}
	if (lang)
		sopts.source_lang = lang;
	if (layout_given)
		sopts.layout = layout;
	st = tercume_doc_read_text(&doc, article, &sopts, &rep);
	if (st != TERCUME_OK) {
		rc = cli_exit_status(st);
		goto out;
	}

	/* Read and update everything first: a bad catalogue stops the lot. */
	cats = calloc((size_t)n_cats + 1, sizeof *cats);
	stats = calloc((size_t)n_cats + 1, sizeof *stats);
	if (cats == NULL || stats == NULL) {
		rc = EXIT_IO;
		goto out;
	}
	for (int i = 0; i < n_cats; i++) {
		const char *path = argv[optind + i];
		tercume_catalog *old = NULL, *tm = NULL;

		st = tercume_catalog_read(&old, path, tercume_format_of_file(path), &rep);
		if (st != TERCUME_OK) {
			rc = cli_exit_status(st);
			goto out;
		}
		rc = cli_load_tm(tm_path, old, &tm, &rep);
		if (rc == EXIT_OKAY) {
			uopts.tm = tm;
			st = tercume_catalog_update(old, doc, &uopts, &cats[i], &stats[i]);
			if (st == TERCUME_OK && !force &&
			    tercume_update_check(old, doc, &stats[i], &rep) != TERCUME_OK)
				rc = EXIT_INPUT;
			else if (st != TERCUME_OK) {
				fprintf(stderr, "tercume: %s: cannot update: %s\n", path,
					tercume_status_string(st));
				rc = cli_exit_status(st);
			}
		}
		tercume_catalog_free(tm);
		tercume_catalog_free(old);
		if (rc != EXIT_OKAY)
			goto out;
	}
	if (!dry_run) {
		for (int i = 0; i < n_cats; i++) {
			const char *path = argv[optind + i];

			st = tercume_catalog_write(cats[i], path, tercume_format_of_file(path), &rep);
			if (st != TERCUME_OK) {
				rc = cli_exit_status(st);
				goto out;
			}
		}
		st = tercume_segments_write(doc, segments, &rep);
		if (st != TERCUME_OK) {
			rc = cli_exit_status(st);
			goto out;
		}
	}
	for (int i = 0; i < n_cats; i++)
		cli_print_update_stats(argv[optind + i], &stats[i], tm_path != NULL);
out:
	for (int i = 0; cats && i < n_cats; i++)
		tercume_catalog_free(cats[i]);
	free(cats);
	free(stats);
	tercume_doc_free(doc);
	tercume_doc_free(old_doc);
	return rc;
}
