/* test-xliff.c — XLIFF 1.2 and 2.0: write a catalogue with every state,
 * note and kept state word, read it back, compare every field the format
 * holds, and check the bytes are stable.
 *
 *   test-xliff                      run the checks
 *   test-xliff --write-samples DIR  write DIR/sample12.xlf and DIR/sample20.xlf
 *                                   (the translated sample the shell tests use) */
#include "config.h"
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One entry and what each format gives back as its state word. */
typedef struct sample {
	tercume_entry e;
	const char *fs12;	/* format_state read back from XLIFF 1.2 */
	const char *fs20;	/* format_state read back from XLIFF 2.0 */
} sample;

#define REF "articles/a.txt"
/* the fields after match_score: no codes, place, kept data or PO fields */
#define REST NULL, 0, NULL, 0, NULL, 0, { 0, 0, 0 }, NULL, 0, NULL, NULL, NULL, NULL, 0
static const sample samples[] = {
	{ { "aaaa0001", "Author: Natig MAMEDZADE", "Müəllif: Natiq MƏMMƏDZADƏ",
	    TERCUME_STATE_TRANSLATED, "byline 1", REF ":1", NULL, NULL, NULL, 0, 0, REST },
	  "translated", "translated" },
	{ { "aaaa0002", "Tom & Jerry <said> \"hi\" 'there'.", "Tom & Jerry <dedi> \"salam\".",
	    TERCUME_STATE_TRANSLATED, "paragraph 1, sentence 1", REF ":2",
	    "two lines\nof comment", NULL, "final", 0, 0, REST },
	  "final", "final" },
	{ { "aaaa0003", "Signed off sentence.", "İmzalanmış cümlə.",
	    TERCUME_STATE_TRANSLATED, "paragraph 1, sentence 2", REF ":2", NULL, NULL,
	    "signed-off", 0, 0, REST },
	  "signed-off", "signed-off" },
	{ { "aaaa0004", "A reviewed sentence.", "Yoxlanmış cümlə.",
	    TERCUME_STATE_TRANSLATED, "paragraph 2, sentence 1", REF ":4", NULL, NULL,
	    "reviewed", 0, 0, REST },
	  "signed-off", "reviewed" },
	{ { "aaaa0005", "The talks went well.", "Danışıqlar yaxşı keçdi.",
	    TERCUME_STATE_FUZZY, "paragraph 2, sentence 2", REF ":4", "check the verb",
	    "The talks went very well.", NULL, 0, 87, REST },
	  /* 2.0: initial + tercume:fuzzy, which is tercume's own and keeps no word */
	  "needs-review-translation", NULL },
	{ { "aaaa0006", "Needs a local review.", "Yerli yoxlama lazımdır.",
	    TERCUME_STATE_FUZZY, "heading 1", REF ":6", NULL, NULL, "needs-review-l10n", 0, 0, REST },
	  "needs-review-l10n", "needs-review-l10n" },
	{ { "aaaa0007", "Not translated yet.", NULL,
	    TERCUME_STATE_UNTRANSLATED, "paragraph 3, sentence 1", REF ":8", NULL, NULL, NULL, 0, 0, REST },
	  NULL, "initial" },
	{ { "aaaa0008", "Waiting for a translator.", NULL,
	    TERCUME_STATE_UNTRANSLATED, "paragraph 3, sentence 2", "notes.txt", NULL, NULL,
	    "needs-translation", 0, 0, REST },
	  "needs-translation", "needs-translation" },
	{ { "aaaa0009", "A sentence that left the article.", "Məqalədən çıxan cümlə.",
	    TERCUME_STATE_OBSOLETE, "paragraph 9, sentence 1", REF ":20", "old note", NULL,
	    NULL, 0, 0, REST },
	  "translated", "translated" },
	/* obsolete with the ID of a live entry: it lives in its own <file> */
	{ { "aaaa0001", "Author: N. MAMEDZADE", "Müəllif: N. MƏMMƏDZADƏ",
	    TERCUME_STATE_OBSOLETE, NULL, NULL, NULL, "Author: N. MAMEDZADE.", "final", 0, 0, REST },
	  "final", "final" },
};
#define N_SAMPLES (sizeof samples / sizeof samples[0])

static tercume_catalog *
build(const char *target_lang)
{
	tercume_catalog *cat = tercume_catalog_new("en", target_lang);

	tercume_catalog_set_source_path(cat, "articles/a.txt");
	for (size_t i = 0; i < N_SAMPLES; i++) {
		tercume_entry e = samples[i].e;

		if (target_lang == NULL) {
			if (e.state == TERCUME_STATE_OBSOLETE)
				continue;
			e.target = NULL;
			e.previous_source = NULL;
			e.match_score = 0;
			e.state = TERCUME_STATE_UNTRANSLATED;
			e.format_state = NULL;
		}
		if (tercume_catalog_add(cat, &e) != TERCUME_OK)
			CHECK(0, "adding sample %zu", i);
	}
	return cat;
}

static char *
slurp(const char *path, size_t *len)
{
	char *data = NULL;

	if (tercume_read_file(path, &data, len, NULL) != TERCUME_OK)
		return NULL;
	return data;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

#define CHECK_FIELD(got, want, what) \
	CHECK(same((got), (want)), "%s: %s %s: got '%s', want '%s'", fmt, w->id, what, \
	      (got) ? (got) : "(null)", (want) ? (want) : "(null)")

/* Reads path back and compares it with the samples. */
static void
compare(const char *path, tercume_format f, bool is12, const char *fmt)
{
	tercume_catalog *cat = NULL;
	tercume_reporter rep = { 0 };
	unsigned long last_line = 0;

	CHECK(tercume_catalog_read(&cat, path, f, &rep) == TERCUME_OK, "%s: read back", fmt);
	if (cat == NULL)
		return;
	CHECK(tercume_catalog_count(cat) == N_SAMPLES, "%s: %zu entries", fmt, tercume_catalog_count(cat));
	CHECK_STR(tercume_catalog_source_lang(cat), "en", "%s: source language", fmt);
	CHECK_STR(tercume_catalog_target_lang(cat), "az", "%s: target language", fmt);
	CHECK_STR(tercume_catalog_source_path(cat), "articles/a.txt", "%s: source path", fmt);
	for (size_t i = 0; i < N_SAMPLES && i < tercume_catalog_count(cat); i++) {
		/* live entries come first, then the obsolete file */
		const tercume_entry *w = &samples[i].e, *g = tercume_catalog_entry(cat, i);
		const char *fs = is12 ? samples[i].fs12 : samples[i].fs20;

		CHECK_FIELD(g->id, w->id, "id");
		CHECK_FIELD(g->source, w->source, "source");
		CHECK_FIELD(g->target, w->target, "target");
		CHECK(g->state == w->state, "%s: %s state %s, want %s", fmt, w->id,
		      tercume_state_name(g->state), tercume_state_name(w->state));
		CHECK_FIELD(g->context, w->context, "context");
		CHECK_FIELD(g->reference, w->reference, "reference");
		CHECK_FIELD(g->comment, w->comment, "comment");
		CHECK_FIELD(g->previous_source, w->previous_source, "previous source");
		CHECK(g->match_score == w->match_score, "%s: %s match score %d, want %d", fmt, w->id,
		      g->match_score, w->match_score);
		CHECK_FIELD(g->format_state, fs, "state word");
		CHECK(g->line > last_line, "%s: %s line %lu after %lu", fmt, w->id, g->line, last_line);
		last_line = g->line;
	}
	tercume_catalog_free(cat);
}

/* Writes cat, reads it back, writes it again: the bytes must not change. */
static void
stable(const tercume_catalog *cat, const char *dir, tercume_format f, const char *fmt)
{
	char a[512], b[512], c[512];
	tercume_catalog *back = NULL;
	char *da, *db, *dc;
	size_t la = 0, lb = 0, lc = 0;

	snprintf(a, sizeof a, "%s/%s-a.xlf", dir, fmt);
	snprintf(b, sizeof b, "%s/%s-b.xlf", dir, fmt);
	snprintf(c, sizeof c, "%s/%s-c.xlf", dir, fmt);
	tercume_catalog_write(cat, a, f, NULL);
	tercume_catalog_write(cat, b, f, NULL);
	if (tercume_catalog_read(&back, a, f, NULL) == TERCUME_OK)
		tercume_catalog_write(back, c, f, NULL);
	tercume_catalog_free(back);
	da = slurp(a, &la);
	db = slurp(b, &lb);
	dc = slurp(c, &lc);
	CHECK(da && db && la == lb && memcmp(da, db, la) == 0, "%s: writing twice gives the same bytes", fmt);
	CHECK(da && dc && la == lc && memcmp(da, dc, la) == 0, "%s: write, read, write gives the same bytes", fmt);
	CHECK(da && la > 0 && da[la - 1] == '\n' && (la < 2 || da[la - 2] != '\n'),
	      "%s: one final newline", fmt);
	CHECK(da && strncmp(da, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0,
	      "%s: UTF-8 declaration", fmt);
	CHECK(da && strstr(da, "\n  <file") != NULL, "%s: indented", fmt);
	free(da);
	free(db);
	free(dc);
}

static void
template_checks(const char *dir)
{
	tercume_catalog *pot = build(NULL), *back = NULL;
	char p12[512], p20[512];
	char *d;
	size_t len;

	snprintf(p12, sizeof p12, "%s/template12.xlf", dir);
	snprintf(p20, sizeof p20, "%s/template20.xlf", dir);
	CHECK(tercume_catalog_write(pot, p12, TERCUME_FORMAT_XLIFF12, NULL) == TERCUME_OK, "1.2 template written");
	CHECK(tercume_catalog_write(pot, p20, TERCUME_FORMAT_XLIFF20, NULL) == TERCUME_OK, "2.0 template written");
	d = slurp(p12, &len);
	CHECK(d && !strstr(d, "target-language") && !strstr(d, "<target"), "1.2 template has no target language");
	free(d);
	d = slurp(p20, &len);
	CHECK(d && !strstr(d, "trgLang") && !strstr(d, "<target"), "2.0 template has no trgLang");
	free(d);
	CHECK(tercume_catalog_read(&back, p20, TERCUME_FORMAT_AUTO, NULL) == TERCUME_OK &&
	      tercume_catalog_target_lang(back) == NULL &&
	      tercume_catalog_count(back) == tercume_catalog_count(pot), "2.0 template reads back as a template");
	tercume_catalog_free(back);
	back = NULL;
	CHECK(tercume_catalog_read(&back, p12, TERCUME_FORMAT_AUTO, NULL) == TERCUME_OK &&
	      tercume_catalog_target_lang(back) == NULL &&
	      tercume_catalog_count(back) == tercume_catalog_count(pot), "1.2 template reads back as a template");
	tercume_catalog_free(back);
	tercume_catalog_free(pot);

	/* a template holding a translation cannot be XLIFF 2.0 */
	pot = tercume_catalog_new("en", NULL);
	tercume_catalog_add(pot, &samples[0].e);
	{
		tercume_reporter rep = { 0 };
		CHECK(tercume_catalog_write(pot, p20, TERCUME_FORMAT_XLIFF20, &rep) == TERCUME_EINPUT &&
		      rep.errors == 1, "2.0: a translation without a target language is refused");
	}
	tercume_catalog_free(pot);
}

/* XLIFF 1.2 -> 2.0 -> 1.2 gives the 1.2 file back byte for byte. */
static void
cross(const tercume_catalog *cat, const char *dir)
{
	char a[512], b[512], c[512];
	tercume_catalog *x = NULL, *y = NULL;
	char *da, *dc;
	size_t la = 0, lc = 0;

	snprintf(a, sizeof a, "%s/cross-a.xlf", dir);
	snprintf(b, sizeof b, "%s/cross-b.xlf", dir);
	snprintf(c, sizeof c, "%s/cross-c.xlf", dir);
	tercume_catalog_write(cat, a, TERCUME_FORMAT_XLIFF12, NULL);
	if (tercume_catalog_read(&x, a, TERCUME_FORMAT_AUTO, NULL) == TERCUME_OK)
		tercume_catalog_write(x, b, TERCUME_FORMAT_XLIFF20, NULL);
	if (tercume_catalog_read(&y, b, TERCUME_FORMAT_AUTO, NULL) == TERCUME_OK)
		tercume_catalog_write(y, c, TERCUME_FORMAT_XLIFF12, NULL);
	da = slurp(a, &la);
	dc = slurp(c, &lc);
	CHECK(da && dc && la == lc && memcmp(da, dc, la) == 0, "1.2 -> 2.0 -> 1.2 is byte-identical");
	tercume_catalog_free(x);
	tercume_catalog_free(y);
	free(da);
	free(dc);
}

static void
bad_text(const char *dir)
{
	tercume_catalog *cat = tercume_catalog_new("en", "az");
	tercume_entry e = samples[0].e;
	tercume_reporter rep = { 0 };
	char p[512];

	snprintf(p, sizeof p, "%s/control.xlf", dir);
	e.target = "a \x01 control character";
	tercume_catalog_add(cat, &e);
	CHECK(tercume_catalog_write(cat, p, TERCUME_FORMAT_XLIFF12, &rep) == TERCUME_EINPUT &&
	      access(p, F_OK) != 0, "a character XML 1.0 cannot carry is refused, nothing written");
	tercume_catalog_free(cat);
}


/* Inline codes built through the API survive both XLIFF versions and PO:
 * kinds, ids, original data, display text, and the coded text. */
static void
codes_round_trip(const char *dir)
{
	static const tercume_format fmts[] = { TERCUME_FORMAT_XLIFF20, TERCUME_FORMAT_XLIFF12,
					       TERCUME_FORMAT_PO };
	static const char *const names[] = { "2.0", "1.2", "PO" };
	tercume_rich_builder *b = tercume_rich_builder_new();
	tercume_catalog *cat = tercume_catalog_new("en", "az");
	tercume_entry e = { 0 };
	tercume_code br = { 0 }, iso = { 0 };
	const tercume_code *codes;
	size_t n;

	tercume_rich_add_text(b, "Read ", 5);
	tercume_rich_open(b, "1", "<a href=\"g.html\">");
	tercume_rich_add_text(b, "the guide", 9);
	tercume_rich_close(b, "1", "</a>");
	br.kind = TERCUME_RUN_STANDALONE;
	br.id = "2";
	br.data = "<br>";
	br.display = "[br]";
	tercume_rich_add_code(b, &br);
	tercume_rich_add_text(b, " now", 4);
	iso.kind = TERCUME_RUN_ISOLATED_OPEN;
	iso.id = "3";
	iso.data = "<i>";
	tercume_rich_add_code(b, &iso);
	tercume_rich_add_text(b, " & <more>.", 10);
	e.id = "c0de0001";
	e.source = tercume_rich_builder_text(b, NULL);
	e.source_codes = tercume_rich_builder_codes(b, &e.n_source_codes);
	e.target = e.source;
	e.target_codes = e.source_codes;
	e.n_target_codes = e.n_source_codes;
	e.state = TERCUME_STATE_TRANSLATED;
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_OK, "an entry with codes is added");
	for (size_t f = 0; f < 3; f++) {
		char p[600];
		tercume_catalog *back = NULL;
		tercume_reporter rep = { 0 };
		const tercume_entry *g;

		snprintf(p, sizeof p, "%s/codes.%s", dir, f == 2 ? "po" : "xlf");
		CHECK(tercume_catalog_write(cat, p, fmts[f], &rep) == TERCUME_OK, "%s: codes written",
		      names[f]);
		if (tercume_catalog_read(&back, p, fmts[f], &rep) != TERCUME_OK) {
			CHECK(0, "%s: codes read back", names[f]);
			continue;
		}
		g = tercume_catalog_entry(back, 0);
		CHECK(g && strcmp(g->source, e.source) == 0 && strcmp(g->target, e.target) == 0,
		      "%s: the coded text is the same", names[f]);
		codes = g ? g->source_codes : NULL;
		n = g ? g->n_source_codes : 0;
		CHECK(n == 4, "%s: four codes (%zu)", names[f], n);
		for (size_t k = 0; k < n && k < 4; k++) {
			CHECK(codes[k].kind == e.source_codes[k].kind &&
			      strcmp(codes[k].id, e.source_codes[k].id) == 0,
			      "%s: code %zu has its kind and id", names[f], k);
			CHECK(same(codes[k].data, e.source_codes[k].data),
			      "%s: code %zu has its data ('%s')", names[f], k,
			      codes[k].data ? codes[k].data : "(null)");
		}
		if (f == 0)
			CHECK(n > 2 && same(codes[2].display, "[br]"), "2.0: the display text");
		tercume_catalog_free(back);
	}
	tercume_catalog_free(cat);
	tercume_rich_builder_free(b);
}

/* Another tool's review state kept through a write of XLIFF 2: Poedit's
 * "needs work" (state="translated" subState="poedit:fuzzy") reads as fuzzy
 * and is written back as it was while the entry stays fuzzy; an entry
 * confirmed since loses the fuzzy subState, or it would read as fuzzy
 * again. */
static void
kept_substate(void)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" "
		"srcLang=\"en\" trgLang=\"ru\"><file id=\"f1\">"
		"<unit id=\"u1\"><segment state=\"translated\" subState=\"poedit:fuzzy\">"
		"<source>Hello.</source><target>Привет.</target></segment></unit>"
		"<unit id=\"u2\"><segment state=\"translated\" subState=\"poedit:fuzzy\">"
		"<source>Bye.</source><target>Пока.</target></segment></unit>"
		"</file></xliff>\n";
	tercume_catalog *cat = NULL, *edited = NULL, *back = NULL;
	char *out = NULL, *out2 = NULL;
	size_t len = 0, len2 = 0;

	CHECK(tercume_catalog_parse(&cat, "poedit.xlf", doc, sizeof doc - 1,
				    TERCUME_FORMAT_XLIFF20, NULL) == TERCUME_OK, "Poedit file read");
	if (cat == NULL)
		return;
	CHECK(tercume_catalog_count(cat) == 2 &&
	      tercume_catalog_entry(cat, 0)->state == TERCUME_STATE_FUZZY,
	      "poedit:fuzzy reads as fuzzy");
	CHECK(tercume_catalog_format(cat, TERCUME_FORMAT_XLIFF20, &out, &len, NULL) == TERCUME_OK &&
	      strstr(out, "<segment state=\"translated\" subState=\"poedit:fuzzy\">") != NULL &&
	      strstr(out, "tercume:fuzzy") == NULL,
	      "written back with Poedit's state and subState");
	/* the translator confirms u2 */
	edited = tercume_catalog_new("en", "ru");
	for (size_t i = 0; edited && i < tercume_catalog_count(cat); i++) {
		tercume_entry e = *tercume_catalog_entry(cat, i);

		if (i == 1)
			e.state = TERCUME_STATE_TRANSLATED;
		tercume_catalog_add(edited, &e);
	}
	if (edited)
		tercume_catalog_set_format_data(edited, tercume_catalog_format_data(cat));
	CHECK(edited && tercume_catalog_format(edited, TERCUME_FORMAT_XLIFF20, &out2, &len2, NULL) ==
	      TERCUME_OK, "the edited catalogue written");
	CHECK(out2 && tercume_catalog_parse(&back, "again.xlf", out2, len2, TERCUME_FORMAT_XLIFF20,
					    NULL) == TERCUME_OK &&
	      tercume_catalog_entry(back, 0)->state == TERCUME_STATE_FUZZY &&
	      tercume_catalog_entry(back, 1)->state == TERCUME_STATE_TRANSLATED,
	      "the confirmed unit reads back translated, the other still fuzzy");
	CHECK(out2 && strstr(out2, "poedit:fuzzy") &&
	      strstr(strstr(out2, "poedit:fuzzy") + 1, "poedit:fuzzy") == NULL &&
	      strstr(out2, "<unit id=\"u2\">") && strstr(strstr(out2, "<unit id=\"u2\">"),
							   "poedit:fuzzy") == NULL,
	      "only the unit still fuzzy keeps poedit:fuzzy");
	tercume_catalog_free(back);
	tercume_catalog_free(edited);
	tercume_catalog_free(cat);
	free(out);
	free(out2);
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/test-xliff.XXXXXX";
	tercume_catalog *cat;
	char p12[600], p20[600];

	if (argc == 3 && strcmp(argv[1], "--write-samples") == 0) {
		cat = build("az");
		snprintf(p12, sizeof p12, "%s/sample12.xlf", argv[2]);
		snprintf(p20, sizeof p20, "%s/sample20.xlf", argv[2]);
		if (tercume_catalog_write(cat, p12, TERCUME_FORMAT_XLIFF12, NULL) != TERCUME_OK ||
		    tercume_catalog_write(cat, p20, TERCUME_FORMAT_XLIFF20, NULL) != TERCUME_OK)
			return 1;
		tercume_catalog_free(cat);
		return 0;
	}
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cat = build("az");
	snprintf(p12, sizeof p12, "%s/sample12.xlf", dir);
	snprintf(p20, sizeof p20, "%s/sample20.xlf", dir);
	CHECK(tercume_catalog_write(cat, p12, TERCUME_FORMAT_XLIFF12, NULL) == TERCUME_OK, "XLIFF 1.2 written");
	CHECK(tercume_catalog_write(cat, p20, TERCUME_FORMAT_XLIFF20, NULL) == TERCUME_OK, "XLIFF 2.0 written");
	compare(p12, TERCUME_FORMAT_XLIFF12, true, "1.2");
	compare(p20, TERCUME_FORMAT_XLIFF20, false, "2.0");
	compare(p12, TERCUME_FORMAT_AUTO, true, "1.2 (auto)");
	compare(p20, TERCUME_FORMAT_AUTO, false, "2.0 (auto)");
	stable(cat, dir, TERCUME_FORMAT_XLIFF12, "xliff12");
	stable(cat, dir, TERCUME_FORMAT_XLIFF20, "xliff20");
	cross(cat, dir);
	template_checks(dir);
	bad_text(dir);
	codes_round_trip(dir);
	kept_substate();
	tercume_catalog_free(cat);
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return tap_done();
}
