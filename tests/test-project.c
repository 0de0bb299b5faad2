/* test-project.c — the project file and the work over a project, through
 * the library: parsing and its errors, paths, shards, sync (incremental,
 * with the project's memory), build and status. */
#include "config.h"
#include "tercume.h"
#include "tap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct diags {
	int n;
	unsigned long line;
	char file[256];
	char msg[1024];
} diags;

static void
keep(const tercume_diag *d, void *user)
{
	diags *ds = user;

	if (d->severity == TERCUME_SEV_ERROR && ds->n++ == 0) {
		ds->line = d->line;
		snprintf(ds->file, sizeof ds->file, "%s", d->file ? d->file : "");
		snprintf(ds->msg, sizeof ds->msg, "%s", d->message);
	}
}

static tercume_status
parse(const char *text, const char *root, tercume_project **p, diags *ds)
{
	tercume_reporter rep = { keep, ds, 0, 0 };

	memset(ds, 0, sizeof *ds);
	return tercume_project_parse(p, "t.ini", text, strlen(text), root, &rep);
}

static char dir[256];

static void
put(const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0777);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *
get(const char *rel)
{
	char path[512], *data = NULL;
	size_t len;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (tercume_read_file(path, &data, &len, NULL) != TERCUME_OK)
		return NULL;
	return data;
}

static bool
exists(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	return stat(path, &st) == 0;
}

static long long
mtime_ns(const char *rel)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (stat(path, &st) != 0)
		return -1;
	return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* ---- parsing ---- */

static void
test_parse(void)
{
	static const char good[] =
		"# a comment\n"
		"[project]\n"
		"source-lang = en\n"
		"languages = ru, az\n"
		"articles = news/a.en.txt news/b.txt\n"
		"    world/c.en.txt ; the third\n"
		"\n"
		"[paths]\n"
		"catalogue = po/{dir}/{name}.{lang}.po\n"
		"\n"
		"[lang \"az\"]\n"
		"catalogue = xliff/{name}.{lang}.xlf\n"
		"min-coverage = 90\n"
		"[lang ru]\n"
		"max-fuzzy = 3\n";
	tercume_project *p = NULL;
	tercume_article_info a;
	tercume_format fmt;
	diags ds;

	CHECK(parse(good, NULL, &p, &ds) == TERCUME_OK && ds.n == 0, "a good project parses");
	if (p == NULL) {
		printf("#   %s:%lu: %s\n", ds.file, ds.line, ds.msg);
		return;
	}
	CHECK_STR(tercume_project_source_lang(p), "en", "source language");
	CHECK(tercume_project_lang_count(p) == 2, "two target languages");
	CHECK_STR(tercume_project_lang(p, 0), "ru", "languages in the order given");
	CHECK(tercume_project_article_count(p) == 3, "three articles from two lines");
	tercume_project_article(p, 0, &a);
	CHECK_STR(a.path, "news/a.en.txt", "articles sorted");
	CHECK_STR(a.name, "a", "{name} drops the extension and the source language");
	CHECK_STR(a.segments, "segments/a.seg", "default segments path");
	CHECK_STR(a.template_path, "po/a.pot", "default template path");
	tercume_project_article(p, 1, &a);
	CHECK_STR(a.name, "b", "{name} without a language suffix");
	CHECK_STR(tercume_project_catalog(p, 1, 0, &fmt), "po/news/b.ru.po", "{dir} and {lang}");
	CHECK(fmt == TERCUME_FORMAT_PO, "a .po catalogue is PO");
	CHECK_STR(tercume_project_catalog(p, 2, 1, &fmt), "xliff/c.az.xlf", "a language's own catalogue path");
	CHECK(fmt == TERCUME_FORMAT_AUTO, "a .xlf catalogue: its version from the file");
	CHECK(tercume_project_edition_format_count(p) == 2, "two edition formats by default");
	CHECK_STR(tercume_project_edition(p, 0, 1, 1), "editions/a.az.html", "default edition path");
	CHECK(tercume_project_min_coverage(p, 1) == 90 && tercume_project_min_coverage(p, 0) == -1,
	      "min-coverage of one language");
	CHECK(tercume_project_max_fuzzy(p, 0) == 3, "max-fuzzy of one language");
	tercume_project_free(p);
}

/* Marked-up articles: each gets the editions its formats make of it, in
 * its own format and extension; a plain-text one what it always got. */
static void
test_markup(void)
{
	static const char mixed[] =
		"[project]\nsource-lang = en\nlanguages = ru\n"
		"articles = a.txt b.html c.md d.HTM e.markdown\n";
	static const char given[] =
		"[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt b.html\n"
		"[build]\nformats = source html\n";
	static const char forced[] =
		"[project]\nsource-lang = en\nlanguages = ru\narticles = b.html\nfrom = text\n";
	static const char *const want[][3] = {
		{ "editions/a.ru.txt", "editions/a.ru.html", NULL },
		{ NULL, "editions/b.ru.html", NULL },	/* html is its own: made once */
		{ NULL, NULL, "editions/c.ru.md" },
		{ NULL, "editions/d.ru.HTM", NULL },
		{ NULL, NULL, "editions/e.ru.markdown" },
	};
	const char *arts[] = { "pages/*" }, *langs[] = { "ru" };
	tercume_project *p = NULL;
	char *text = NULL;
	size_t len;
	diags ds;

	CHECK(parse(mixed, NULL, &p, &ds) == TERCUME_OK, "a project of text, HTML and Markdown");
	if (p == NULL)
		return;
	CHECK(tercume_project_edition_format_count(p) == 3 &&
	      strcmp(tercume_project_edition_format(p, 2), "source") == 0,
	      "default formats: txt html source when an article is marked up");
	for (size_t i = 0; i < 5; i++)
		for (size_t k = 0; k < 3; k++) {
			const char *e = tercume_project_edition(p, i, 0, k);

			CHECK(want[i][k] ? e && strcmp(e, want[i][k]) == 0 : e == NULL,
			      "article %zu, format %zu: %s", i, k, want[i][k] ? want[i][k] : "none");
		}
	tercume_project_free(p);
	CHECK(parse(given, NULL, &p, &ds) == TERCUME_OK && p &&
	      strcmp(tercume_project_edition(p, 0, 0, 0), "editions/a.ru.txt") == 0 &&
	      strcmp(tercume_project_edition(p, 0, 0, 1), "editions/a.ru.html") == 0 &&
	      strcmp(tercume_project_edition(p, 1, 0, 0), "editions/b.ru.html") == 0 &&
	      tercume_project_edition(p, 1, 0, 1) == NULL,
	      "source html: a text article's source is its txt edition, an HTML one's html its own");
	tercume_project_free(p);
	CHECK(parse(forced, NULL, &p, &ds) == TERCUME_OK && p &&
	      tercume_project_edition_format_count(p) == 2 &&
	      strcmp(tercume_project_edition(p, 0, 0, 0), "editions/b.ru.txt") == 0,
	      "from = text: an HTML file read as text has the editions of text");
	tercume_project_free(p);
	p = NULL;
	CHECK(tercume_project_template(arts, 1, "en", langs, 1, &text, &len) == TERCUME_OK && text &&
	      strstr(text, "\nformats = txt html source\n") != NULL,
	      "init: a pattern that may match a page gets source");
	free(text);
	arts[0] = "articles/*.en.txt";
	CHECK(tercume_project_template(arts, 1, "en", langs, 1, &text, &len) == TERCUME_OK && text &&
	      strstr(text, "\nformats = txt html\n") != NULL, "init: plain text gets txt html");
	free(text);
}

/* Each bad file: one error, on the right line, naming the key. */
static void
test_errors(void)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *has;
	} bad[] = {
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\nlayuot = line\n", 5,
		  "[project] layuot: unknown key" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\nfrom = rst\n", 5,
		  "[project] from: unknown article format 'rst'" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.md\n[build]\nformats = txt html\n", 6,
		  "[build] formats: a.md is a markdown article: add source" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[build]\nformats = txt own\n", 6,
		  "[build] formats: unknown edition format 'own' (txt, html, source)" },
		{ "[project]\nsource-lang = e n\n", 2, "[project] source-lang" },
		{ "[project]\nsource-lang = en\nlanguages = ru ru\narticles = a.txt\n", 3,
		  "[project] languages: 'ru' is listed twice" },
		{ "[project]\nsource-lang = en\nsource-lang = de\n", 3, "given twice (first on line 2)" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[paths]\n"
		  "catalogue = po/{nmae}.po\n", 6, "[paths] catalogue: unknown placeholder '{nmae}'" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[paths]\n"
		  "segments = s/{lang}.seg\n", 6, "[paths] segments: unknown placeholder '{lang}'" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt b.txt\n[paths]\n"
		  "catalogue = po/{lang}.po\n", 6, "po/ru.po would be the catalogue of both a.txt and b.txt" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[paths]\n"
		  "catalogue = po/{name}.{lang}.txt\n", 6, "cannot tell the format" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[lang \"de\"]\n"
		  "format = po\n", 6, "[lang \"de\"]: de is not one of [project] languages" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[lang \"ru\"]\n"
		  "format = docx\n", 6, "[lang \"ru\"] format: unknown catalogue format 'docx'" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[build]\n"
		  "use-fuzzy = perhaps\n", 6, "[build] use-fuzzy: 'perhaps' is not yes or no" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[sync]\n"
		  "threshold = 0\n", 6, "[sync] threshold" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[nosuch]\n"
		  "key = 1\n", 6, "[nosuch] key: unknown section" },
		{ "source-lang = en\n", 1, "source-lang: a key before any section" },
		{ "[project]\nsource-lang = en\nthis line has no equals sign\n", 3, "expected KEY = VALUE" },
		{ "[project\nsource-lang = en\n", 1, "without its closing ']'" },
		{ "[project]\nsource-lang = en\nlanguages = en ru\narticles = a.txt\n", 3,
		  "en is the source language" },
		{ "[project]\nlanguages = ru\narticles = a.txt\n", 0, "[project] source-lang: missing" },
		{ "[project]\nsource-lang = en\narticles = a.txt\n", 0, "[project] languages: missing" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[paths]\n"
		  "edition = e/{name}.{lang}.txt\n", 6, "would be two editions of a.txt" },
		{ "[project]\nsource-lang = en\nlanguages = ru\narticles = a.txt\n[paths]\n"
		  "segments = a.txt\n", 6, "is an article of the project" },
	};
	char longline[400];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tercume_project *p = NULL;
		diags ds;
		tercume_status st = parse(bad[i].text, NULL, &p, &ds);

		CHECK(st == TERCUME_EINPUT && p == NULL && ds.n == 1 && ds.line == bad[i].line &&
		      strcmp(ds.file, "t.ini") == 0 && strstr(ds.msg, bad[i].has) != NULL,
		      "bad project %zu: one error on line %lu: %s", i, bad[i].line, bad[i].has);
		if (!(ds.n == 1 && ds.line == bad[i].line && strstr(ds.msg, bad[i].has)))
			printf("#   got %d error(s), line %lu: %s\n", ds.n, ds.line, ds.msg);
		tercume_project_free(p);
	}
	/* inih's line buffer is 200 bytes: a longer line is refused, not cut */
	{
		tercume_project *p = NULL;
		diags ds;
		char text[600];

		memset(longline, 'x', 250);
		longline[250] = '\0';
		snprintf(text, sizeof text, "[project]\nsource-lang = en\nlanguages = ru\narticles = %s.txt\n",
			 longline);
		CHECK(parse(text, NULL, &p, &ds) == TERCUME_EINPUT && ds.n == 1 && ds.line == 4 &&
		      strstr(ds.msg, "longer than"), "an over-long line is one error on its line");
		tercume_project_free(p);
		CHECK(parse("[project]\nsource-lang = \xff\n", NULL, &p, &ds) == TERCUME_EINPUT &&
		      ds.n == 1 && ds.line == 2, "ill-formed UTF-8 is refused with its line");
	}
}

/* ---- a project on disk ---- */

static const char *const texts[] = {
	"The summit opened in Moscow on Monday. Prices rose by 5% in March.\n",
	"Baku and Moscow have jointly conveyed that the talks went well. Nothing else was said.\n",
	"The weather was fine. The summit opened in Moscow on Monday.\n",
};

static void
make_tree(void)
{
	put("articles/one.en.txt", texts[0]);
	put("articles/two.en.txt", texts[1]);
	put("tercume.ini",
	    "[project]\nsource-lang = en\nlanguages = ru az\narticles = articles/*.en.txt\n"
	    "[lang \"az\"]\ncatalogue = xliff/{name}.{lang}.xlf\n");
}

static tercume_project *
load(void)
{
	char path[512];
	tercume_project *p = NULL;
	tercume_reporter rep = { NULL, NULL, 0, 0 };

	snprintf(path, sizeof path, "%s/tercume.ini", dir);
	if (tercume_project_read(&p, path, &rep) != TERCUME_OK)
		return NULL;
	return p;
}

typedef struct sync_log {
	int n;
	tercume_article_state state[8];
	size_t written[8];
	size_t tm_exact, tm_fuzzy;
} sync_log;

static void
on_sync(const tercume_sync_result *r, void *user)
{
	sync_log *l = user;

	if (l->n < 8) {
		l->state[l->n] = r->state;
		l->written[l->n] = r->written;
	}
	l->n++;
	if (r->stats)
		for (size_t j = 0; j < 2; j++) {
			l->tm_exact += r->stats[j].tm_exact;
			l->tm_fuzzy += r->stats[j].tm_fuzzy;
		}
}

static tercume_status
run_sync(tercume_project *p, unsigned jobs, sync_log *l)
{
	tercume_project_options o = TERCUME_PROJECT_OPTIONS_INIT;
	tercume_reporter rep = { NULL, NULL, 0, 0 };

	memset(l, 0, sizeof *l);
	o.jobs = jobs;
	return tercume_project_sync(p, &o, on_sync, l, &rep);
}

/* Translates every untranslated unit of a catalogue: "[ru] " + source. */
static void
translate(const char *rel, const char *lang)
{
	char path[512], target[1024];
	tercume_catalog *cat = NULL, *out;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (tercume_catalog_read(&cat, path, tercume_format_of_file(path), NULL) != TERCUME_OK)
		return;
	out = tercume_catalog_new(tercume_catalog_source_lang(cat), lang);
	tercume_catalog_set_source_path(out, tercume_catalog_source_path(cat));
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		tercume_entry e = *tercume_catalog_entry(cat, i);

		if (e.state == TERCUME_STATE_UNTRANSLATED) {
			snprintf(target, sizeof target, "[%s] %s", lang, e.source);
			e.target = target;
			e.state = TERCUME_STATE_TRANSLATED;
		}
		tercume_catalog_add(out, &e);
	}
	tercume_catalog_write(out, path, tercume_format_of_file(path), NULL);
	tercume_catalog_free(out);
	tercume_catalog_free(cat);
}

static const char *const outputs[] = {
	"segments/one.seg", "po/one.pot", "po/one.ru.po", "xliff/one.az.xlf",
	"segments/two.seg", "po/two.pot", "po/two.ru.po", "xliff/two.az.xlf",
};

static void
test_sync(void)
{
	tercume_project *p = load();
	long long before[8];
	sync_log l;
	bool all = true, same = true;
	char *s;

	CHECK(p != NULL && tercume_project_article_count(p) == 2, "the project on disk has two articles");
	if (p == NULL)
		return;
	CHECK(run_sync(p, 1, &l) == TERCUME_OK && l.n == 2 && l.state[0] == TERCUME_ARTICLE_NEW &&
	      l.state[1] == TERCUME_ARTICLE_NEW && l.written[0] == 4, "first sync: both new, four files each");
	for (size_t i = 0; i < 8; i++)
		all = all && exists(outputs[i]);
	CHECK(all, "segments, template and a catalogue per language, directories made");
	s = get("xliff/one.az.xlf");
	CHECK(s && strstr(s, "urn:oasis:names:tc:xliff:document:2.0"), "the az catalogue is XLIFF 2.0");
	free(s);
	s = get("segments/one.seg");
	CHECK(s && strstr(s, "source \"articles/one.en.txt\""), "the segments file names the article as the project does");
	free(s);

	for (size_t i = 0; i < 8; i++)
		before[i] = mtime_ns(outputs[i]);
	usleep(20000);
	CHECK(run_sync(p, 1, &l) == TERCUME_OK && l.state[0] == TERCUME_ARTICLE_UNCHANGED &&
	      l.state[1] == TERCUME_ARTICLE_UNCHANGED && l.written[0] + l.written[1] == 0,
	      "second sync: nothing changed, nothing written");
	for (size_t i = 0; i < 8; i++)
		same = same && mtime_ns(outputs[i]) == before[i];
	CHECK(same, "second sync: no file's time stamp moved");

	/* a translator's work, then one article edited */
	translate("po/one.ru.po", "ru");
	translate("po/two.ru.po", "ru");
	for (size_t i = 0; i < 8; i++)
		before[i] = mtime_ns(outputs[i]);
	usleep(20000);
	put("articles/two.en.txt",
	    "Baku and Moscow have jointly announced that the talks went well. Nothing else was said.\n");
	CHECK(run_sync(p, 1, &l) == TERCUME_OK && l.state[0] == TERCUME_ARTICLE_UNCHANGED &&
	      l.state[1] == TERCUME_ARTICLE_CHANGED, "an edited article is the only one changed");
	CHECK(mtime_ns("po/one.ru.po") == before[2] && mtime_ns("segments/one.seg") == before[0],
	      "the unchanged article's files are not touched");
	s = get("po/two.ru.po");
	CHECK(s && strstr(s, "#, fuzzy") && strstr(s, "#| msgid \"Baku and Moscow have jointly conveyed"),
	      "the edited sentence's translation is fuzzy, with its previous source (as update does)");
	CHECK(s && strstr(s, "msgstr \"[ru] Nothing else was said.\""), "the unchanged sentence keeps its translation");
	free(s);

	/* a new article: filled from the other articles' translations */
	put("articles/three.en.txt", texts[2]);
	tercume_project_free(p);
	p = load();
	CHECK(p && tercume_project_article_count(p) == 3, "a new article is found by the pattern");
	if (p == NULL)
		return;
	CHECK(run_sync(p, 1, &l) == TERCUME_OK && l.n == 3 && l.state[1] == TERCUME_ARTICLE_NEW &&
	      l.tm_exact == 1, "the new article: one unit translated from the project's memory");
	s = get("po/three.ru.po");
	CHECK(s && strstr(s, "msgstr \"[ru] The summit opened in Moscow on Monday.\""),
	      "an exact match from another article is translated");
	free(s);
	s = get("xliff/three.az.xlf");
	CHECK(s && !strstr(s, "[ru]"), "the memory keeps languages apart");
	free(s);

	/* a close sentence is a fuzzy suggestion */
	put("articles/four.en.txt", "The summit opened in Moscow on Tuesday.\n");
	tercume_project_free(p);
	p = load();
	CHECK(p && run_sync(p, 1, &l) == TERCUME_OK && l.tm_fuzzy == 1, "a close match from the memory is fuzzy");
	s = get("po/four.ru.po");
	CHECK(s && strstr(s, "#, fuzzy") && strstr(s, "[ru] The summit opened in Moscow on Monday."),
	      "…with the other article's translation");
	free(s);

	/* its own units are not its memory: a changed sentence of one article
	 * is not matched against that article's own kept sentences */
	tercume_project_free(p);
	p = load();
	if (p) {
		tercume_project_options o = TERCUME_PROJECT_OPTIONS_INIT;
		tercume_reporter rep = { NULL, NULL, 0, 0 };

		o.dry_run = 1;
		put("articles/one.en.txt", "The summit opened in Moscow on Monday. Prices rose by 6% in March.\n");
		memset(&l, 0, sizeof l);
		CHECK(tercume_project_sync(p, &o, on_sync, &l, &rep) == TERCUME_OK &&
		      l.state[1] == TERCUME_ARTICLE_CHANGED, "dry run: says the article changed");
		CHECK(mtime_ns("segments/one.seg") == before[0], "dry run: writes nothing");
		put("articles/one.en.txt", texts[0]);
	}
	tercume_project_free(p);
}

static void
test_shards(void)
{
	tercume_project *p = load();
	bool ok = true;

	if (p == NULL) {
		CHECK(0, "project for shards");
		return;
	}
	for (size_t i = 0; i < tercume_project_article_count(p); i++) {
		int n = 0;

		for (unsigned k = 1; k <= 3; k++)
			n += tercume_project_in_shard(p, i, k, 3) != 0;
		ok = ok && n == 1;
	}
	CHECK(ok, "every article is in exactly one of three shards");
	tercume_project_free(p);
}

typedef struct build_log {
	int made, written, refused;
} build_log;

static void
on_build(const tercume_build_result *r, void *user)
{
	build_log *l = user;

	l->made++;
	l->written += r->written;
	l->refused += r->refused;
}

static void
test_build(void)
{
	tercume_project *p = load();
	tercume_project_options o = TERCUME_PROJECT_OPTIONS_INIT;
	tercume_reporter rep = { NULL, NULL, 0, 0 };
	build_log l = { 0 };
	long long t;
	char *s;

	if (p == NULL) {
		CHECK(0, "project for build");
		return;
	}
	CHECK(tercume_project_build(p, &o, on_build, &l, &rep) == TERCUME_OK &&
	      l.made == 16 && l.written == 16, "build: 4 articles x 2 languages x 2 formats written");
	s = get("editions/one.ru.txt");
	CHECK(s && strcmp(s, "[ru] The summit opened in Moscow on Monday. [ru] Prices rose by 5% in March.\n") == 0,
	      "the Russian edition of one article");
	free(s);
	t = mtime_ns("editions/one.ru.html");
	memset(&l, 0, sizeof l);
	CHECK(tercume_project_build(p, &o, on_build, &l, &rep) == TERCUME_OK && l.made == 0,
	      "build again: every edition is up to date");
	CHECK(mtime_ns("editions/one.ru.html") == t, "…and none is touched");
	usleep(20000);
	translate("xliff/one.az.xlf", "az");
	memset(&l, 0, sizeof l);
	CHECK(tercume_project_build(p, &o, on_build, &l, &rep) == TERCUME_OK && l.made == 2 &&
	      l.written == 2, "a translated catalogue: only its two editions are made again");
	tercume_project_free(p);

	/* fallback = fail: an untranslated unit refuses the edition */
	put("tercume.ini",
	    "[project]\nsource-lang = en\nlanguages = ru az\narticles = articles/*.en.txt\n"
	    "[lang \"az\"]\ncatalogue = xliff/{name}.{lang}.xlf\n[build]\nfallback = fail\n");
	p = load();
	o.force = 1;
	memset(&l, 0, sizeof l);
	CHECK(p && tercume_project_build(p, &o, on_build, &l, &rep) == TERCUME_EINPUT && l.refused > 0,
	      "fallback fail: the untranslated editions are refused");
	tercume_project_free(p);
}

typedef struct status_log {
	int rows, present;
	unsigned long translated, units;
	unsigned long findings;
} status_log;

static void
on_row(const tercume_project_status_row *r, void *user)
{
	status_log *l = user;

	l->rows++;
	l->present += r->present;
	l->translated += r->counts.units[TERCUME_STATE_TRANSLATED];
	for (int s = 0; s < 3; s++)
		l->units += r->counts.units[s];
}

static void
on_find(const tercume_finding *f, void *user)
{
	(void)f;
	((status_log *)user)->findings++;
}

static void
test_status(void)
{
	tercume_project *p = load();
	tercume_check_options co = TERCUME_CHECK_OPTIONS_INIT;
	tercume_reporter rep = { NULL, NULL, 0, 0 };
	status_log l = { 0 }, l2 = { 0 };
	tercume_project_options o = TERCUME_PROJECT_OPTIONS_INIT;

	if (p == NULL) {
		CHECK(0, "project for status");
		return;
	}
	CHECK(tercume_project_status(p, NULL, NULL, on_row, &l, &rep) == TERCUME_OK && l.rows == 8 &&
	      l.present == 8, "status: a row per article and language");
	CHECK(l.translated > 0 && l.translated < l.units, "status: counts of the catalogues");
	co.fn = on_find;
	co.user = &l2;
	o.jobs = 2;
	CHECK(tercume_project_status(p, &o, &co, on_row, &l2, &rep) == TERCUME_OK && l2.rows == 8 &&
	      l2.translated == l.translated, "check on two threads: the same rows");
	tercume_project_free(p);
}

static void
test_template(void)
{
	const char *arts[] = { "articles/one.en.txt", "articles/*.txt" };
	const char *langs[] = { "ru", "az" };
	tercume_project *p = NULL;
	char *text = NULL;
	size_t len;
	diags ds;

	CHECK(tercume_project_template(arts, 2, "en", langs, 2, &text, &len) == TERCUME_OK && text,
	      "a new project file's text");
	CHECK(text && parse(text, dir, &p, &ds) == TERCUME_OK && tercume_project_article_count(p) == 4,
	      "it reads back, its patterns expanded");
	tercume_project_free(p);
	free(text);
	CHECK(tercume_project_template((const char *[]){ "a b.txt" }, 1, "en", langs, 1, &text, &len) ==
	      TERCUME_EUSAGE, "a path with a blank cannot be written");
}

int
main(void)
{
	char cmd[300];

	snprintf(dir, sizeof dir, "%s/tercume-project-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_parse();
	test_errors();
	test_markup();
	make_tree();
	test_sync();
	test_shards();
	test_build();
	test_status();
	test_template();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return tap_done();
}
