/* test-update.c — bringing catalogues up to date, fuzzy matching and TMX. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static tercume_doc *
seg(const char *text)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL;

	o.layout = TERCUME_LAYOUT_BLANK;
	if (tercume_doc_from_text(&doc, "articles/test.txt", text, strlen(text), &o, &rep) != TERCUME_OK)
		return NULL;
	return doc;
}

/* A fake translation that tells which source it was made for. */
static char *
translate(const char *source)
{
	size_t n = strlen(source) + 8;
	char *t = malloc(n);

	snprintf(t, n, "RU[%s]", source);
	return t;
}

/* The catalogue of doc with every unit translated; the unit starting with
 * `commented` gets a translator comment. */
static tercume_catalog *
translated_catalog(const tercume_doc *doc, const char *commented)
{
	tercume_catalog *blank = NULL, *cat;

	if (tercume_catalog_from_doc(&blank, doc, "ru") != TERCUME_OK)
		return NULL;
	cat = tercume_catalog_new("en", "ru");
	for (size_t i = 0; i < tercume_catalog_count(blank); i++) {
		tercume_entry e = *tercume_catalog_entry(blank, i);
		char *t = translate(e.source);

		e.target = t;
		e.state = TERCUME_STATE_TRANSLATED;
		if (commented && strncmp(e.source, commented, strlen(commented)) == 0)
			e.comment = "checked with the editor";
		tercume_catalog_add(cat, &e);
		free(t);
	}
	tercume_catalog_free(blank);
	return cat;
}

static const tercume_entry *
by_source(const tercume_catalog *cat, const char *prefix, bool obsolete)
{
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if ((e->state == TERCUME_STATE_OBSOLETE) == obsolete &&
		    strncmp(e->source, prefix, strlen(prefix)) == 0)
			return e;
	}
	return NULL;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool
same_catalog(const tercume_catalog *a, const tercume_catalog *b)
{
	if (tercume_catalog_count(a) != tercume_catalog_count(b))
		return false;
	for (size_t i = 0; i < tercume_catalog_count(a); i++) {
		const tercume_entry *x = tercume_catalog_entry(a, i), *y = tercume_catalog_entry(b, i);

		if (!same_str(x->id, y->id) || !same_str(x->source, y->source) ||
		    !same_str(x->target, y->target) || x->state != y->state ||
		    !same_str(x->context, y->context) || !same_str(x->reference, y->reference) ||
		    !same_str(x->comment, y->comment) ||
		    !same_str(x->previous_source, y->previous_source) ||
		    x->match_score != y->match_score)
			return false;
	}
	return true;
}

static const char old_text[] =
	"The summit opened in Moscow on Monday. Both leaders spoke briefly.\n\n"
	"Trade between the two countries grew by a fifth last year. Officials expect further growth.\n\n"
	"A new pipeline was discussed at length. No agreement was signed.\n\n"
	"The next meeting is planned for the autumn.\n";

/* A word fixed, a paragraph inserted, a sentence deleted, a paragraph moved. */
static const char new_text[] =
	"The next meeting is planned for the autumn.\n\n"
	"The summit opened in Moscow on Tuesday. Both leaders spoke briefly.\n\n"
	"Analysts were surprised by the tone of the talks.\n\n"
	"Trade between the two countries grew by a fifth last year. Officials expect further growth.\n\n"
	"A new pipeline was discussed at length.\n";

static void
test_similarity(void)
{
	CHECK(tercume_similarity("same", "same") == 100, "identical sentences: 100");
	CHECK(tercume_similarity("", "") == 100, "two empty strings: 100");
	CHECK(tercume_similarity("abc", "abd") == 66, "one change in three: 66 (got %d)",
	      tercume_similarity("abc", "abd"));
	CHECK(tercume_similarity("Привет мир", "Привет мор") == 90,
	      "code points, not bytes: 90 (got %d)", tercume_similarity("Привет мир", "Привет мор"));
	CHECK(tercume_similarity("The summit opened in Moscow on Monday.",
				 "The summit opened in Moscow on Tuesday.") >= 85,
	      "a word fixed scores high");
	CHECK(tercume_similarity("The summit opened in Moscow on Monday.",
				 "No agreement was signed.") < 40, "unrelated sentences score low");
}

static void
test_update(void)
{
	tercume_doc *old_doc = seg(old_text), *new_doc = seg(new_text);
	tercume_catalog *old = NULL, *cat = NULL, *again = NULL, *nofz = NULL;
	tercume_update_options o = TERCUME_UPDATE_OPTIONS_INIT;
	tercume_update_stats s, s2;
	const tercume_entry *e;
	char *edition = NULL;
	size_t len;

	CHECK(old_doc && new_doc, "the two versions segment");
	if (!old_doc || !new_doc)
		return;
	old = translated_catalog(old_doc, "Trade");
	CHECK(tercume_catalog_update(old, new_doc, &o, &cat, &s) == TERCUME_OK, "update succeeds");
	if (cat == NULL)
		return;
	CHECK(s.kept == 5 && s.fuzzy == 1 && s.fresh == 1 && s.obsolete == 1 && s.dropped == 0,
	      "stats: kept 5 fuzzy 1 new 1 obsolete 1 (got %zu %zu %zu %zu)",
	      s.kept, s.fuzzy, s.fresh, s.obsolete);
	CHECK(tercume_catalog_count(cat) == 8, "7 units and 1 obsolete entry");
	for (size_t i = 0; i < tercume_doc_unit_count(new_doc); i++) {
		tercume_unit_info u;

		tercume_doc_unit(new_doc, i, &u);
		CHECK_STR(tercume_catalog_entry(cat, i)->id, u.id, "entry %zu follows the article", i);
	}
	/* every untouched translation survives, wherever it moved */
	{
		static const char *const untouched[] = {
			"The next meeting", "Both leaders", "Trade between", "Officials expect",
			"A new pipeline",
		};
		for (size_t i = 0; i < sizeof untouched / sizeof untouched[0]; i++) {
			char *want;

			e = by_source(cat, untouched[i], false);
			want = e ? translate(e->source) : NULL;
			CHECK(e && e->state == TERCUME_STATE_TRANSLATED && same_str(e->target, want),
			      "'%s…' keeps its translation", untouched[i]);
			free(want);
		}
	}
	{
		bool same = true;
		char buf[64];

		for (size_t i = 0; i < tercume_doc_unit_count(new_doc); i++)
			if (strcmp(tercume_catalog_entry(cat, i)->context,
				   tercume_doc_unit_context(new_doc, i, buf, sizeof buf)) != 0)
				same = false;
		CHECK(same, "every context note is what tercume_doc_unit_context says");
	}
	e = by_source(cat, "The next meeting", false);
	CHECK(e && strcmp(e->context, "paragraph 1") == 0,
	      "the moved unit gets its new context");
	e = by_source(cat, "Trade between", false);
	CHECK(e && same_str(e->comment, "checked with the editor"), "translator comments are kept");
	e = by_source(cat, "The summit opened in Moscow on Tuesday.", false);
	CHECK(e && e->state == TERCUME_STATE_FUZZY, "the edited sentence is fuzzy");
	if (e) {
		CHECK_STR(e->previous_source, "The summit opened in Moscow on Monday.",
			  "its previous source is recorded");
		CHECK_STR(e->target, "RU[The summit opened in Moscow on Monday.]",
			  "it offers the old translation");
		CHECK(e->match_score >= TERCUME_UPDATE_THRESHOLD_DEFAULT && e->match_score < 100,
		      "its similarity is recorded (%d)", e->match_score);
	}
	e = by_source(cat, "Analysts", false);
	CHECK(e && e->state == TERCUME_STATE_UNTRANSLATED && e->target == NULL,
	      "the inserted sentence is new and untranslated");
	e = by_source(cat, "No agreement", true);
	CHECK(e && same_str(e->target, "RU[No agreement was signed.]"),
	      "the deleted sentence is obsolete with its translation");
	CHECK(by_source(cat, "The summit opened in Moscow on Monday.", true) == NULL,
	      "the edited sentence's old entry lives on in the fuzzy one, not as obsolete");

	/* a merge that does not use fuzzy translations keeps the source text */
	{
		size_t n = tercume_doc_unit_count(new_doc);
		const char **repl = calloc(n, sizeof *repl);

		for (size_t i = 0; i < n; i++) {
			const tercume_entry *x = tercume_catalog_entry(cat, i);
			if (x->state == TERCUME_STATE_TRANSLATED)
				repl[i] = x->target;
		}
		CHECK(tercume_doc_render(new_doc, repl, &edition, &len) == TERCUME_OK, "render");
		CHECK(edition && strstr(edition, "\nThe summit opened in Moscow on Tuesday. RU[Both"),
		      "without --use-fuzzy the edited unit keeps its source text");
		CHECK(edition && !strstr(edition, "Monday"), "and the fuzzy translation is not used");
		free(repl);
		free(edition);
	}

	/* idempotent */
	CHECK(tercume_catalog_update(cat, new_doc, &o, &again, &s2) == TERCUME_OK, "update again");
	CHECK(again && same_catalog(cat, again), "a second update changes nothing");
	CHECK(s2.kept == 7 && s2.fuzzy == 0 && s2.fresh == 0 && s2.obsolete == 0,
	      "the second time everything is kept (%zu %zu %zu %zu)", s2.kept, s2.fuzzy,
	      s2.fresh, s2.obsolete);
	tercume_catalog_free(again);
	again = NULL;

	/* back to the old article: the obsolete unit comes back translated */
	CHECK(tercume_catalog_update(cat, old_doc, &o, &again, &s2) == TERCUME_OK, "update back");
	e = again ? by_source(again, "No agreement", false) : NULL;
	CHECK(e && e->state == TERCUME_STATE_TRANSLATED &&
	      same_str(e->target, "RU[No agreement was signed.]"), "an obsolete unit comes back");
	CHECK(again && by_source(again, "No agreement", true) == NULL, "and is no longer obsolete");
	tercume_catalog_free(again);

	/* --no-fuzzy and the threshold */
	o.fuzzy = 0;
	CHECK(tercume_catalog_update(old, new_doc, &o, &nofz, &s2) == TERCUME_OK, "update --no-fuzzy");
	e = nofz ? by_source(nofz, "The summit opened in Moscow on Tuesday.", false) : NULL;
	CHECK(e && e->state == TERCUME_STATE_UNTRANSLATED && e->target == NULL,
	      "without fuzzy matching the edited sentence is new");
	CHECK(nofz && by_source(nofz, "The summit opened in Moscow on Monday.", true),
	      "and its old translation is obsolete, not lost");
	CHECK(s2.fuzzy == 0 && s2.fresh == 2 && s2.obsolete == 2, "no-fuzzy stats");
	tercume_catalog_free(nofz);
	o.fuzzy = 1;
	o.threshold = 100;
	CHECK(tercume_catalog_update(old, new_doc, &o, &nofz, &s2) == TERCUME_OK && s2.fuzzy == 0,
	      "threshold 100 finds no fuzzy match");
	tercume_catalog_free(nofz);
	o.threshold = 0;
	CHECK(tercume_catalog_update(old, new_doc, &o, &nofz, &s2) == TERCUME_EUSAGE && nofz == NULL,
	      "threshold 0 is refused");
	o.threshold = TERCUME_UPDATE_THRESHOLD_DEFAULT;

	tercume_catalog_free(cat);
	tercume_catalog_free(old);
	tercume_doc_free(old_doc);
	tercume_doc_free(new_doc);
}

static void
test_repeats_and_drops(void)
{
	tercume_doc *a = seg("Yes. It was late.\n\nWe left. Nobody noticed.\n");
	tercume_doc *b = seg("Yes. It was late.\n\nYes. We left.\n");
	tercume_catalog *old = NULL, *cat = NULL, *mixed;
	tercume_update_stats s;
	size_t yes = 0;

	old = translated_catalog(a, NULL);
	/* leave "Nobody noticed." untranslated: it vanishes without a trace */
	mixed = tercume_catalog_new("en", "ru");
	for (size_t i = 0; i < tercume_catalog_count(old); i++) {
		tercume_entry e = *tercume_catalog_entry(old, i);
		if (strcmp(e.source, "Nobody noticed.") == 0) {
			e.target = NULL;
			e.state = TERCUME_STATE_UNTRANSLATED;
		}
		tercume_catalog_add(mixed, &e);
	}
	CHECK(tercume_catalog_update(mixed, b, NULL, &cat, &s) == TERCUME_OK, "update with repeats");
	for (size_t i = 0; cat && i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		if (strcmp(e->source, "Yes.") == 0 && e->state == TERCUME_STATE_TRANSLATED &&
		    same_str(e->target, "RU[Yes.]"))
			yes++;
	}
	CHECK(yes == 2, "a sentence repeated gets its translation twice");
	CHECK(s.dropped == 1 && s.obsolete == 0, "an untranslated vanished unit is dropped");
	tercume_catalog_free(cat);
	tercume_catalog_free(old);
	tercume_catalog_free(mixed);
	tercume_doc_free(a);
	tercume_doc_free(b);
}

static void
test_memory(void)
{
	tercume_doc *doc = seg("Analysts were surprised by the tone of the talks. "
			       "The ministers met again in Baku. A third sentence stands alone.\n");
	tercume_catalog *tm = tercume_catalog_new("en", "ru"), *blank = NULL, *cat = NULL, *filled = NULL;
	tercume_update_options o = TERCUME_UPDATE_OPTIONS_INIT;
	tercume_update_stats s;
	tercume_entry e = { 0 };
	const tercume_entry *x;

	e.state = TERCUME_STATE_TRANSLATED;
	e.id = "tu1";
	e.source = "Analysts were surprised by the tone of the talks.";
	e.target = "Аналитиков удивил тон переговоров.";
	tercume_catalog_add(tm, &e);
	e.id = "tu2";
	e.source = "The ministers met again in Ganja.";
	e.target = "Министры снова встретились в Гяндже.";
	tercume_catalog_add(tm, &e);
	o.tm = tm;
	tercume_catalog_from_doc(&blank, doc, "ru");
	CHECK(tercume_catalog_update(blank, doc, &o, &cat, &s) == TERCUME_OK, "update with a memory");
	CHECK(s.tm_exact == 1 && s.fuzzy == 1 && s.tm_fuzzy == 1,
	      "one exact and one fuzzy match from the memory (%zu %zu)", s.tm_exact, s.fuzzy);
	x = cat ? by_source(cat, "Analysts", false) : NULL;
	CHECK(x && x->state == TERCUME_STATE_TRANSLATED && same_str(x->target, "Аналитиков удивил тон переговоров."),
	      "an identical source fills the unit as translated");
	x = cat ? by_source(cat, "The ministers", false) : NULL;
	CHECK(x && x->state == TERCUME_STATE_FUZZY &&
	      same_str(x->previous_source, "The ministers met again in Ganja."),
	      "a close source only as fuzzy");
	x = cat ? by_source(cat, "A third", false) : NULL;
	CHECK(x && x->state == TERCUME_STATE_UNTRANSLATED, "no match: untranslated");
	CHECK(tercume_catalog_fill(blank, &o, &filled, &s) == TERCUME_OK && s.tm_exact == 1 &&
	      s.tm_fuzzy == 1 && filled && same_catalog(cat, filled),
	      "filling a catalogue from the memory does the same");
	tercume_catalog_free(filled);
	tercume_catalog_free(cat);
	tercume_catalog_free(blank);
	tercume_catalog_free(tm);
	tercume_doc_free(doc);
}

static int n_diag;
static unsigned long diag_line;

static void
count_diag(const tercume_diag *d, void *user)
{
	(void)user;
	n_diag++;
	diag_line = d->line;
}

static void
test_tmx(void)
{
	char path[] = "/tmp/test-update-XXXXXX";
	char file[64];
	tercume_catalog *ru = tercume_catalog_new("en", "ru"), *az = tercume_catalog_new("en", "az");
	const tercume_catalog *both[2] = { ru, az };
	tercume_catalog *back = NULL;
	tercume_reporter rep = { count_diag, NULL, 0, 0 };
	tercume_entry e = { 0 };
	char *xml = NULL;
	size_t len;
	FILE *f;

	if (mkdtemp(path) == NULL)
		return;
	snprintf(file, sizeof file, "%s/m.tmx", path);
	e.id = "a1";
	e.source = "Tom & Jerry <met> \"again\".";
	e.target = "Том и Джерри <снова> встретились.";
	e.state = TERCUME_STATE_TRANSLATED;
	tercume_catalog_add(ru, &e);
	e.id = "a2";
	e.source = "Still fuzzy.";
	e.target = "Ещё не проверено.";
	e.state = TERCUME_STATE_FUZZY;
	tercume_catalog_add(ru, &e);
	e.id = "a3";
	e.source = "Gone.";
	e.target = "Ушло.";
	e.state = TERCUME_STATE_OBSOLETE;
	tercume_catalog_add(ru, &e);
	e.id = "a1";
	e.source = "Tom & Jerry <met> \"again\".";
	e.target = "Tom və Jerry yenidən görüşdülər.";
	e.state = TERCUME_STATE_TRANSLATED;
	tercume_catalog_add(az, &e);

	CHECK(tercume_tmx_format(both, 2, &xml, &len) == TERCUME_OK, "format a memory");
	CHECK(xml && strstr(xml, "<tmx version=\"1.4\">"), "TMX 1.4");
	CHECK(xml && strstr(xml, "Tom &amp; Jerry &lt;met&gt;"), "markup characters are escaped");
	CHECK(xml && !strstr(xml, "Ещё") && !strstr(xml, "Ушло"),
	      "fuzzy and obsolete entries stay out of the memory");
	free(xml);
	CHECK(tercume_tmx_write(both, 2, file, &rep) == TERCUME_OK, "write a memory");
	CHECK(tercume_tmx_read(&back, file, "en", "ru", &rep) == TERCUME_OK && back &&
	      tercume_catalog_count(back) == 1, "read back the en-ru pairs");
	if (back) {
		CHECK_STR(tercume_catalog_entry(back, 0)->source, "Tom & Jerry <met> \"again\".", "source");
		CHECK_STR(tercume_catalog_entry(back, 0)->target, "Том и Джерри <снова> встретились.", "target");
		CHECK(tercume_catalog_entry(back, 0)->state == TERCUME_STATE_TRANSLATED, "translated");
	}
	tercume_catalog_free(back);
	CHECK(tercume_tmx_read(&back, file, "en-GB", "AZ-az", &rep) == TERCUME_OK && back &&
	      tercume_catalog_count(back) == 1 &&
	      strcmp(tercume_catalog_entry(back, 0)->target, "Tom və Jerry yenidən görüşdülər.") == 0,
	      "languages match by primary subtag, case-insensitively");
	tercume_catalog_free(back);

	/* a memory from another tool: inline codes, TMX 1.1 lang, a DOCTYPE */
	f = fopen(file, "w");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
	      "<tmx version=\"1.4\"><header creationtool=\"OmegaT\" creationtoolversion=\"6\" "
	      "segtype=\"sentence\" o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" srclang=\"EN-US\" "
	      "datatype=\"plaintext\"/><body>\n"
	      "<tu><tuv xml:lang=\"EN-US\"><seg>Press <bpt i=\"1\">&lt;b&gt;</bpt>OK<ept i=\"1\">&lt;/b&gt;</ept> now.</seg></tuv>\n"
	      "<tuv lang=\"RU\"><seg>Нажмите <hi>OK</hi> сейчас.</seg></tuv></tu>\n"
	      "<tu><tuv xml:lang=\"EN-US\"><seg>Only English.</seg></tuv></tu>\n"
	      "</body></tmx>\n", f);
	fclose(f);
	CHECK(tercume_tmx_read(&back, file, "en", "ru", &rep) == TERCUME_OK && back &&
	      tercume_catalog_count(back) == 1, "reads another tool's memory");
	if (back) {
		/* The codes are kept now (doc/rich-text.md); the text without
		 * them is what it was when they were left out. */
		const tercume_entry *x = tercume_catalog_entry(back, 0);
		char *plain = NULL;

		tercume_rich_render(x->source, x->source_codes, x->n_source_codes,
				    TERCUME_RENDER_PLAIN, &plain, NULL);
		CHECK_STR(plain, "Press OK now.", "the text around the native codes");
		free(plain);
		CHECK(x->n_source_codes == 2 && strcmp(x->source_codes[0].data, "<b>") == 0,
		      "the native codes are kept, with their data");
		tercume_rich_render(x->target, x->target_codes, x->n_target_codes,
				    TERCUME_RENDER_PLAIN, &plain, NULL);
		CHECK_STR(plain, "Нажмите OK сейчас.", "highlighted text is kept");
		free(plain);
	}
	tercume_catalog_free(back);
	back = NULL;

	/* bad input: one error with its line, no catalogue */
	f = fopen(file, "w");
	fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><body>\n<tu><tuv><seg>x</seg>\n</tmx>\n", f);
	fclose(f);
	n_diag = 0;
	CHECK(tercume_tmx_read(&back, file, "en", "ru", &rep) == TERCUME_EINPUT && back == NULL,
	      "malformed XML is an input error");
	CHECK(n_diag == 1 && diag_line == 4, "one diagnostic at line 4 (got %d at %lu)", n_diag, diag_line);
	f = fopen(file, "w");
	fputs("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body>\n<tu>\n<tuv><seg>x</seg></tuv></tu></body></tmx>\n", f);
	fclose(f);
	n_diag = 0;
	CHECK(tercume_tmx_read(&back, file, "en", "ru", &rep) == TERCUME_EINPUT && n_diag == 1 &&
	      diag_line == 4, "a <tuv> without a language is an error at its line");
	f = fopen(file, "w");
	fputs("<?xml version=\"1.0\"?>\n<xliff/>\n", f);
	fclose(f);
	CHECK(tercume_tmx_read(&back, file, "en", "ru", &rep) == TERCUME_EINPUT, "not TMX");
	CHECK(tercume_tmx_read(&back, "/nonexistent/m.tmx", "en", "ru", &rep) == TERCUME_EIO,
	      "a missing file is an I/O error");
	unlink(file);
	rmdir(path);
	tercume_catalog_free(ru);
	tercume_catalog_free(az);
}

int
main(void)
{
	test_similarity();
	test_update();
	test_repeats_and_drops();
	test_memory();
	test_tmx();
	return tap_done();
}
