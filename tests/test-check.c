/* test-check.c — coverage counts and quality checks on catalogues built in
 * memory, each check with a planted defect and a clean unit. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- findings collected from a run ---- */

#define MAX_FINDINGS 64

typedef struct found {
	char check[32];
	char unit[32];
	char message[256];
	tercume_severity severity;
} found;

static found findings[MAX_FINDINGS];
static size_t n_findings;

static void
collect(const tercume_finding *f, void *user)
{
	(void)user;
	if (n_findings == MAX_FINDINGS)
		return;
	snprintf(findings[n_findings].check, sizeof findings[0].check, "%s", f->check);
	snprintf(findings[n_findings].unit, sizeof findings[0].unit, "%s", f->unit ? f->unit : "");
	snprintf(findings[n_findings].message, sizeof findings[0].message, "%s", f->message);
	findings[n_findings].severity = f->severity;
	n_findings++;
}

/* Findings of check (NULL: any) for unit (NULL: any). */
static size_t
count(const char *check, const char *unit)
{
	size_t n = 0;

	for (size_t i = 0; i < n_findings; i++)
		if ((!check || strcmp(findings[i].check, check) == 0) &&
		    (!unit || strcmp(findings[i].unit, unit) == 0))
			n++;
	return n;
}

static void
dump(void)
{
	for (size_t i = 0; i < n_findings; i++)
		printf("#   [%s] %s: %s\n", findings[i].check, findings[i].unit, findings[i].message);
}

/* ---- catalogues in memory ---- */

static unsigned long next_line = 1;

static void
add(tercume_catalog *cat, const char *id, const char *source, const char *target,
    tercume_state state, const char *context)
{
	tercume_entry e = { 0 };

	e.id = id;
	e.source = source;
	e.target = target;
	e.state = state;
	e.context = context;
	e.line = next_line++;
	if (tercume_catalog_add(cat, &e) != TERCUME_OK)
		printf("# could not add %s\n", id);
}

/* A catalogue of one translated unit. */
static tercume_catalog *
one(const char *lang, const char *source, const char *target)
{
	tercume_catalog *cat = tercume_catalog_new("en", lang);

	add(cat, "u1", source, target, TERCUME_STATE_TRANSLATED, "paragraph 1");
	return cat;
}

static tercume_check_result last;

/* Runs the checks with opts (NULL: defaults); returns the status. */
static tercume_status
run(const tercume_catalog *cat, tercume_check_options *opts)
{
	tercume_check_options o = TERCUME_CHECK_OPTIONS_INIT;
	tercume_reporter rep = { 0 };

	if (opts == NULL)
		opts = &o;
	opts->fn = collect;
	n_findings = 0;
	return tercume_catalog_check(cat, opts, &last, &rep);
}

/* Findings other than notes (what could not be checked). */
static size_t
real_findings(void)
{
	size_t n = 0;

	for (size_t i = 0; i < n_findings; i++)
		n += findings[i].severity != TERCUME_SEV_NOTE;
	return n;
}

/* The checks of a language's typesetting and dictionary judge every unit;
 * the tests of one other check leave them out (they have their own). */
static const char *const lang_checks[] = { "typography", "spelling", NULL };
static const char *others_off[4];

static tercume_check_options *
only(const char *check)
{
	static tercume_check_options o;
	size_t n = 0;

	o = (tercume_check_options)TERCUME_CHECK_OPTIONS_INIT;
	for (size_t i = 0; lang_checks[i]; i++)
		if (strcmp(lang_checks[i], check) != 0)
			others_off[n++] = lang_checks[i];
	others_off[n] = NULL;
	o.disabled = others_off;
	return &o;
}

/* Checks that check finds something in (source, target) for lang. */
static void
finds(const char *check, const char *lang, const char *source, const char *target)
{
	tercume_catalog *cat = one(lang, source, target);

	run(cat, only(check));
	CHECK(count(check, "u1") > 0, "[%s] finds the defect in %s: \"%s\"", check, lang, target);
	if (count(check, "u1") == 0)
		dump();
	tercume_catalog_free(cat);
}

/* Checks that (source, target) is clean for lang: no finding at all. */
static void
clean(const char *check, const char *lang, const char *source, const char *target)
{
	tercume_catalog *cat = one(lang, source, target);

	run(cat, only(check));
	CHECK(real_findings() == 0, "[%s] passes a clean unit in %s: \"%s\"", check, lang, target);
	if (real_findings())
		dump();
	tercume_catalog_free(cat);
}

/* ---- tests ---- */

static void
test_words(void)
{
	unsigned long n = 99;

	CHECK(tercume_word_count("Hello, world!", "en", &n) == TERCUME_OK && n == 2,
	      "two words in 'Hello, world!' (got %lu)", n);
	tercume_word_count("On April 22, President Aliyev paid a visit.", "en", &n);
	CHECK(n == 8, "numbers are words: 8 (got %lu)", n);
	tercume_word_count("", "en", &n);
	CHECK(n == 0, "no words in an empty string (got %lu)", n);
	tercume_word_count("  ... — !", "en", &n);
	CHECK(n == 0, "punctuation is no word (got %lu)", n);
	tercume_word_count("Встреча прошла в Москве.", "ru", &n);
	CHECK(n == 4, "Russian words (got %lu)", n);
	tercume_word_count("neighbour's well-being", "en", &n);
	CHECK(n == 3, "an apostrophe keeps a word, a hyphen splits (got %lu)", n);
}

static void
test_counts(void)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_counts c, sum = { { 0 }, { 0 } };

	add(cat, "a", "One two three.", "Раз два три.", TERCUME_STATE_TRANSLATED, NULL);
	add(cat, "b", "Four five.", "Четыре пять.", TERCUME_STATE_FUZZY, NULL);
	add(cat, "c", "Six.", NULL, TERCUME_STATE_UNTRANSLATED, NULL);
	add(cat, "d", "Seven eight.", "", TERCUME_STATE_FUZZY, NULL);	/* empty: untranslated */
	add(cat, "e", "Nine ten eleven twelve.", "Девять.", TERCUME_STATE_OBSOLETE, NULL);
	add(cat, "f", "Thirteen.", "", TERCUME_STATE_TRANSLATED, NULL);	/* empty: untranslated */
	CHECK(tercume_catalog_counts(cat, &c) == TERCUME_OK, "counts a catalogue");
	CHECK(c.units[TERCUME_STATE_TRANSLATED] == 1, "1 translated unit");
	CHECK(c.units[TERCUME_STATE_FUZZY] == 1, "1 fuzzy unit (an empty fuzzy one is untranslated)");
	CHECK(c.units[TERCUME_STATE_UNTRANSLATED] == 3, "3 untranslated units (got %lu)",
	      c.units[TERCUME_STATE_UNTRANSLATED]);
	CHECK(c.units[TERCUME_STATE_OBSOLETE] == 1, "1 obsolete unit");
	CHECK(c.words[TERCUME_STATE_TRANSLATED] == 3 && c.words[TERCUME_STATE_FUZZY] == 2 &&
	      c.words[TERCUME_STATE_UNTRANSLATED] == 4 && c.words[TERCUME_STATE_OBSOLETE] == 4,
	      "source words by state: 3 2 4 4 (got %lu %lu %lu %lu)",
	      c.words[TERCUME_STATE_TRANSLATED], c.words[TERCUME_STATE_FUZZY],
	      c.words[TERCUME_STATE_UNTRANSLATED], c.words[TERCUME_STATE_OBSOLETE]);
	CHECK(tercume_counts_coverage(&c, 0) == 20.0, "20%% of units translated (got %g)",
	      tercume_counts_coverage(&c, 0));
	CHECK(tercume_counts_coverage(&c, 1) > 33.3 && tercume_counts_coverage(&c, 1) < 33.4,
	      "3 of 9 words translated (got %g)", tercume_counts_coverage(&c, 1));
	tercume_counts_add(&sum, &c);
	tercume_counts_add(&sum, &c);
	CHECK(sum.units[TERCUME_STATE_UNTRANSLATED] == 6 && sum.words[TERCUME_STATE_TRANSLATED] == 6,
	      "counts add up");
	tercume_catalog_free(cat);

	cat = tercume_catalog_new("en", "ru");
	tercume_catalog_counts(cat, &c);
	CHECK(tercume_counts_coverage(&c, 0) == 100.0, "an empty catalogue has nothing left to translate");
	tercume_catalog_free(cat);
}

static void
test_numbers(void)
{
	finds("numbers", "ru", "It cost 2,000 dollars.", "Это стоило 200 долларов.");
	finds("numbers", "ru", "It grew by 3.5 percent.", "Он вырос на 35 процентов.");
	finds("numbers", "az", "In 2023, trade grew.", "2022-ci ildə ticarət artıb.");
	finds("numbers", "ru", "On 22 February 2022.", "22 февраля.");
	clean("numbers", "ru", "It cost 2,000 dollars.", "Это стоило 2 000 долларов.");
	clean("numbers", "ru", "It cost 2,000 dollars.", "Это стоило 2\xc2\xa0" "000 долларов.");
	clean("numbers", "ru", "It cost 2,000 dollars.", "Это стоило 2000 долларов.");
	clean("numbers", "az", "It cost 2,000 dollars.", "Bu 2.000 dollara başa gəlib.");
	clean("numbers", "ru", "It grew by 3.5 percent.", "Он вырос на 3,5 процента.");
	clean("numbers", "az", "It grew by 3.5 percent.", "O, 3,5 faiz artıb.");
	/* The project's own translations. */
	clean("numbers", "ru", "The trade reached ₼4 billion.", "Товарооборот достиг 4 млрд манатов.");
	clean("numbers", "ru", "It marks the 50th anniversary.", "Это приурочено к 50-летию.");
	clean("numbers", "ru", "Since the 2000s it grew.", "С 2000-х годов он рос.");
	clean("numbers", "ru", "The forum was held on 19-20 May.", "Форум прошёл 19–20 мая.");
	clean("numbers", "ru", "It took three five-year plans.", "Это заняло три пятилетки.");
	clean("numbers", "ru", "Signed on 22.02.2022.", "Подписана 22.02.2022.");
}

static void
test_quotes(void)
{
	tercume_catalog *cat;

	finds("quotes", "ru", "He said \"yes\" and \"no\".", "Он сказал «да» и «нет.");
	finds("quotes", "ru", "He said \"yes\".", "Он сказал да».");
	finds("quotes", "ru", "\"A 'b' c.\"", "«А „б» в“.");
	clean("quotes", "ru", "He said \"yes\".", "Он сказал «да».");
	clean("quotes", "ru", "\"A 'b' c.\"", "«А „б“ в».");
	clean("quotes", "en", "Azerbaijan's role.", "Azerbaijan’s role.");
	clean("quotes", "az", "He said \"yes\".", "O, \"bəli\" dedi.");
	clean("quotes", "az", "He said \"yes\".", "O, “bəli” dedi.");

	/* A quotation may span the units of one paragraph, not two. */
	cat = tercume_catalog_new("en", "ru");
	add(cat, "p1", "He said: \"We agree.", "Он сказал: «Мы согласны.",
	    TERCUME_STATE_TRANSLATED, "paragraph 3, sentence 1");
	add(cat, "p2", "It is time.\"", "Пора».", TERCUME_STATE_TRANSLATED, "paragraph 3, sentence 2");
	run(cat, NULL);
	CHECK(count("quotes", NULL) == 0, "[quotes] a quotation spans two units of a paragraph");
	tercume_catalog_free(cat);

	cat = tercume_catalog_new("en", "ru");
	add(cat, "p1", "He said: \"We agree.\"", "Он сказал: «Мы согласны.",
	    TERCUME_STATE_TRANSLATED, "paragraph 3, sentence 1");
	add(cat, "p2", "It is time.", "Пора».", TERCUME_STATE_TRANSLATED, "paragraph 3, sentence 2");
	add(cat, "p3", "Next.", "Далее.", TERCUME_STATE_TRANSLATED, "paragraph 4");
	run(cat, NULL);
	CHECK(count("quotes", NULL) == 0, "[quotes] balanced over the paragraph even when not per unit");
	tercume_catalog_free(cat);

	cat = tercume_catalog_new("en", "ru");
	add(cat, "p1", "He said: \"We agree.\"", "Он сказал: «Мы согласны.",
	    TERCUME_STATE_TRANSLATED, "paragraph 3");
	add(cat, "p2", "It is time.", "Пора».", TERCUME_STATE_TRANSLATED, "paragraph 4");
	run(cat, NULL);
	CHECK(count("quotes", "p1") == 1 && count("quotes", "p2") == 1,
	      "[quotes] a quotation does not span two paragraphs");
	tercume_catalog_free(cat);

	/* A source quotation running on into the next paragraph. */
	cat = tercume_catalog_new("en", "ru");
	add(cat, "p1", "\"We agree.", "«Мы согласны.", TERCUME_STATE_TRANSLATED, "paragraph 3");
	run(cat, NULL);
	CHECK(count("quotes", NULL) == 0, "[quotes] follows a source that is itself open");
	tercume_catalog_free(cat);

	finds("quote-style", "ru", "He said \"yes\".", "Он сказал “да”.");
	finds("quote-style", "ru", "He said \"yes\".", "Он сказал \"да\".");
	finds("quote-style", "az", "He said \"yes\".", "O, «bəli» dedi.");
	finds("quote-style", "de", "He said \"yes\".", "Er sagte “ja”.");
	clean("quote-style", "de", "He said \"yes\".", "Er sagte „ja“.");
	clean("quote-style", "ru", "\"A 'b' c.\"", "«А „б“ в».");
	/* The quotes of an inline code are markup, not typography. */
	clean("quote-style", "ru", "See <a href=\"x\">this</a>.", "См. <a href=\"x\">это</a>.");
	finds("quote-style", "ru", "See <a href=\"x\">this</a> \"now\".",
	      "См. <a href=\"x\">это</a> \"сейчас\".");
}

static void
test_punctuation(void)
{
	finds("end-punctuation", "ru", "Is it true?", "Это правда.");
	finds("end-punctuation", "ru", "It is true.", "Это правда!");
	finds("end-punctuation", "ru", "He said:", "Он сказал.");
	clean("end-punctuation", "ru", "Is it true?", "Это правда?");
	clean("end-punctuation", "ru", "He said \"yes.\"", "Он сказал «да».");
	clean("end-punctuation", "ru", "As Allies", "По-союзнически");
	clean("end-punctuation", "ru", "Wait...", "Подождите…");
}

static void
test_whitespace(void)
{
	finds("whitespace", "ru", "It is true.", " Это правда.");
	finds("whitespace", "ru", "It is true.", "Это правда. ");
	finds("whitespace", "ru", " It is true.", "Это правда.");
	clean("whitespace", "ru", " It is true. ", " Это правда. ");
	finds("double-space", "ru", "It is true.", "Это  правда.");
	clean("double-space", "ru", "It  is true.", "Это  правда.");
	clean("double-space", "ru", "It is true.", "Это правда.");
}

static void
test_identical(void)
{
	tercume_catalog *cat;
	tercume_entry e = { 0 };

	finds("identical", "ru", "Vladimir Putin", "Vladimir Putin");
	clean("identical", "ru", "2024", "2024");
	clean("identical", "ru", "Vladimir Putin", "Владимир Путин");

	cat = tercume_catalog_new("en", "ru");
	e.id = "u1";
	e.source = "NATO";
	e.target = "NATO";
	e.state = TERCUME_STATE_TRANSLATED;
	e.comment = "tercume:identical (the name stays Latin)";
	tercume_catalog_add(cat, &e);
	run(cat, NULL);
	CHECK(n_findings == 0, "[identical] a translator comment marks it as intended");
	tercume_catalog_free(cat);
}

static void
test_placeholders(void)
{
	finds("placeholders", "ru", "Hello, %s!", "Привет!");
	finds("placeholders", "ru", "Hello!", "Привет, %s!");
	finds("placeholders", "ru", "Read <b>this</b>.", "Прочтите это</b>.");
	finds("placeholders", "ru", "{0} items.", "{1} штук.");
	finds("placeholders", "ru", "Tom &amp; Jerry.", "Том и Джерри.");
	clean("placeholders", "ru", "Hello, %s! You have %1$d mails.", "%s! У вас %1$d писем.");
	clean("placeholders", "ru", "Read <b>this</b>.", "Прочтите <b>это</b>.");
	clean("placeholders", "ru", "{count} items, 50% off.", "{count} штук, скидка 50%.");
	clean("placeholders", "ru", "Tom &amp; Jerry.", "Том &amp; Джерри.");
	/* Arguments reordered, as gettext allows (also inside a code). */
	clean("placeholders", "az", "%s is in %s.", "%2$s içində %1$s var.");
	clean("placeholders", "az", "A <x id='%s'/> in %s.", "%2$s içində <x id='%1$s'/>.");
	finds("placeholders", "az", "%s is in %s.", "%2$s içində %1$d var.");
}

static void
test_fuzzy_checked(void)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");

	/* merge --use-fuzzy publishes a fuzzy translation: it is checked */
	add(cat, "f", "It takes 30-40 minutes.", "Это занимает 25–30 минут.", TERCUME_STATE_FUZZY, NULL);
	add(cat, "u", "Is it?", NULL, TERCUME_STATE_UNTRANSLATED, NULL);
	add(cat, "o", "Is it?", "Это.", TERCUME_STATE_OBSOLETE, NULL);
	add(cat, "e", "Is it?", "", TERCUME_STATE_FUZZY, NULL);
	run(cat, only("numbers"));
	CHECK(count("numbers", "f") == 1, "[numbers] a fuzzy translation is checked");
	for (size_t i = 0; i < n_findings; i++)
		if (strcmp(findings[i].unit, "f") == 0)
			CHECK(strstr(findings[i].message, "(fuzzy translation)") != NULL,
			      "its finding says it is fuzzy: %s", findings[i].message);
	CHECK(count(NULL, "u") == 0 && count(NULL, "o") == 0 && count(NULL, "e") == 0,
	      "untranslated, obsolete and empty fuzzy units are not checked");
	tercume_catalog_free(cat);
}

static void
test_options(void)
{
	tercume_check_options o = TERCUME_CHECK_OPTIONS_INIT;
	const char *disabled[] = { "numbers", "whitespace", NULL };
	const char *fatal[] = { "end-punctuation", NULL };
	const char *bogus[] = { "no-such-check", NULL };
	tercume_catalog *cat = one("ru", "It cost 2,000 dollars?", " Это стоило 200 долларов.");
	tercume_reporter rep = { 0 };

	run(cat, NULL);
	CHECK(count("typography", NULL) == 0 && count("spelling", NULL) == 0,
	      "nothing for typography and spelling in this unit");
	CHECK(count("numbers", NULL) == 1 && count("whitespace", NULL) == 1 &&
	      count("end-punctuation", NULL) == 1, "three defects found");
	CHECK(last.errors == 1 && last.warnings == 2, "1 error, 2 warnings (got %lu, %lu)",
	      last.errors, last.warnings);

	o.disabled = disabled;
	run(cat, &o);
	CHECK(count("numbers", NULL) == 0 && count("whitespace", NULL) == 0 &&
	      count("end-punctuation", NULL) == 1, "--disable turns checks off");

	o.disabled = NULL;
	o.fatal = fatal;
	run(cat, &o);
	CHECK(last.errors == 2 && last.warnings == 1, "one check made an error (got %lu, %lu)",
	      last.errors, last.warnings);

	o.fatal = NULL;
	o.werror = 1;
	run(cat, &o);
	CHECK(last.errors == 3 && last.warnings == 0, "--werror makes every warning an error");
	CHECK(findings[0].severity == TERCUME_SEV_ERROR, "the finding says error");

	o.werror = 0;
	o.disabled = bogus;
	CHECK(tercume_catalog_check(cat, &o, &last, &rep) == TERCUME_EUSAGE && rep.errors == 1,
	      "an unknown check name is a usage error");
	tercume_catalog_free(cat);

	CHECK(tercume_check_count() >= 8, "at least 8 checks");
	for (size_t i = 0; i < tercume_check_count(); i++) {
		const tercume_check_info *c = tercume_check_at(i);
		CHECK(tercume_check_find(c->name) == c && c->summary && *c->summary,
		      "check '%s' is found by name and has a summary", c->name);
	}
}

static void
test_segments(void)
{
	const char *text = "First sentence here. Second sentence there.\n"
			   "He said \"yes\". Third paragraph?\n";
	tercume_segment_options so = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_check_options o = TERCUME_CHECK_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL;
	tercume_catalog *full = NULL, *cat;
	const tercume_entry *e;

	so.layout = TERCUME_LAYOUT_LINE;
	if (tercume_doc_from_text(&doc, "a.txt", text, strlen(text), &so, &rep) != TERCUME_OK ||
	    tercume_catalog_from_doc(&full, doc, "ru") != TERCUME_OK) {
		CHECK(0, "segments the test article");
		return;
	}
	CHECK(tercume_doc_unit_count(doc) == 4, "4 units");
	o.segments = doc;

	/* All units, translated: clean. */
	cat = tercume_catalog_new("en", "ru");
	static const char *const tr[] = { "Первое предложение.", "Второе предложение.",
					  "Он сказал «да».", "Третий абзац?" };
	for (size_t i = 0; i < 4; i++) {
		tercume_entry x = *tercume_catalog_entry(full, i);
		x.target = tr[i];
		x.state = TERCUME_STATE_TRANSLATED;
		tercume_catalog_add(cat, &x);
	}
	run(cat, &o);
	CHECK(real_findings() == 0 && last.missing == 0 && last.extra == 0 && last.stale == 0,
	      "a complete, current catalogue passes");
	if (real_findings())
		dump();
	tercume_catalog_free(cat);

	/* Unit 2 missing, unit 1's source edited, an extra unit. */
	cat = tercume_catalog_new("en", "ru");
	for (size_t i = 0; i < 4; i++) {
		tercume_entry x = *tercume_catalog_entry(full, i);
		if (i == 1)
			continue;
		if (i == 0)
			x.source = "First sentence, as it was.";
		x.target = tr[i];
		x.state = TERCUME_STATE_TRANSLATED;
		tercume_catalog_add(cat, &x);
	}
	add(cat, "deadbeef", "Gone sentence.", "Ушедшее.", TERCUME_STATE_TRANSLATED, "paragraph 9");
	add(cat, "cafebabe", "Old sentence.", "Старое.", TERCUME_STATE_OBSOLETE, NULL);
	run(cat, &o);
	e = tercume_catalog_entry(full, 1);
	CHECK(last.missing == 1 && count("missing", NULL) == 1, "[missing] a unit of the article is missing");
	for (size_t i = 0; i < n_findings; i++)
		if (strcmp(findings[i].check, "missing") == 0)
			CHECK(strstr(findings[i].message, e->id) != NULL &&
			      strstr(findings[i].message, "a.txt line 1") != NULL,
			      "the message names the unit and its line");
	CHECK(last.stale == 1 && count("stale", tercume_catalog_entry(full, 0)->id) == 1,
	      "[stale] a changed source is stale");
	CHECK(last.extra == 1 && count("extra", "deadbeef") == 1 && count("extra", "cafebabe") == 0,
	      "[extra] a unit the article lost (an obsolete one is fine)");
	CHECK(last.errors == 2 && last.warnings == 1, "missing and stale are errors, extra a warning");
	tercume_catalog_free(cat);
	tercume_catalog_free(full);
	tercume_doc_free(doc);
}


/* ---- the checks of issue 18 ---- */

#define NB "\xc2\xa0"	/* no-break space */

static void
test_typography(void)
{
	tercume_catalog *cat;

	/* Russian no-break spaces */
	finds("typography", "ru", "He came to Moscow.", "Он приехал в Москву.");
	finds("typography", "ru", "On April 22.", "22 апреля.");
	finds("typography", "ru", "Over ₼4 billion.", "Более 4 млрд манатов.");
	finds("typography", "ru", "In 2020.", "В" NB "2020 году.");
	finds("typography", "ru", "The visit - a success.", "Визит" NB "- успех.");
	finds("typography", "ru", "The visit, a success.", "Визит — успех.");
	finds("typography", "ru", "V. Putin said.", "В." NB "В. Путин сказал.");
	finds("typography", "ru", "The visit—a success.", "Визит—успех.");
	finds("typography", "ru", "The visit - a success.", "Визит" NB "– успех.");
	clean("typography", "ru", "He came to Moscow on April 22.", "Он приехал в" NB "Москву 22" NB "апреля.");
	clean("typography", "ru", "It is ₼4 billion.", "Это 4" NB "млрд манатов.");
	clean("typography", "ru", "The visit—a success.", "Визит" NB "— успех.");
	clean("typography", "ru", "V. V. Putin.", "В." NB "В." NB "Путин.");
	clean("typography", "ru", "On 19-20 May 2023.", "19–20" NB "мая 2023" NB "года.");
	clean("typography", "ru", "Since the 2000s.", "С" NB "2000-х" NB "годов.");
	/* the full stop after the closing quote */
	finds("typography", "az", "He said: \"It depends.\"", "O dedi: \"Bundan asılıdır.\"");
	finds("typography", "ru", "He said: \"It depends.\"", "Он сказал: «Это зависит.»");
	clean("typography", "az", "He said: \"It depends.\"", "O dedi: \"Bundan asılıdır\".");
	clean("typography", "az", "He asked: \"Why?\"", "O soruşdu: \"Niyə?\"");
	clean("typography", "ru", "He said: \"It depends.\"", "Он сказал: «Это зависит».");
	finds("typography", "az", "The event - a success.", "Tədbir - uğur.");
	clean("typography", "az", "The event - a success.", "Tədbir – uğur.");
	clean("typography", "az", "The event - a success.", "Tədbir — uğur.");
	/* English sets its own dashes: no rules */
	clean("typography", "en", "The visit—a success.", "The visit—a great success.");
	/* quotes nested with the same marks */
	finds("typography", "ru", "\"A \"b\" c.\"", "«А" NB "«б» в».");
	finds("typography", "az", "\"A \"b\" c.\"", "\"Bu \"COP29\" forumudur\".");
	finds("typography", "en", "\"A \"b\" c.\"", "“A “b” c.”");
	clean("typography", "ru", "\"A \"b\" c.\"", "«А" NB "„б“ в».");
	clean("typography", "en", "\"A \"b\" c.\"", "“A ‘b’ c.”");
	/* French nests « inside « (CLDR's alternate marks are the same) */
	clean("typography", "fr", "\"A \"b\" c.\"", "« A « b » c. »");

	/* Nesting is seen over the units of a paragraph too. */
	cat = tercume_catalog_new("en", "az");
	add(cat, "p1", "He said: \"We agree.", "O dedi: \"Razıyıq.", TERCUME_STATE_TRANSLATED,
	    "paragraph 2, sentence 1");
	add(cat, "p2", "The \"COP29\" forum.\"", "Bu \"COP29\" forumudur\".", TERCUME_STATE_TRANSLATED,
	    "paragraph 2, sentence 2");
	run(cat, only("typography"));
	CHECK(count("typography", "p2") == 1 && count("quotes", NULL) == 0,
	      "[typography] a nested quotation in a later unit of the paragraph, balanced");
	if (count("typography", "p2") != 1)
		dump();
	tercume_catalog_free(cat);
}

static void
test_urls(void)
{
	finds("urls", "ru", "See http://example.com/a for more.", "См. http://example.org/a.");
	finds("urls", "ru", "See https://example.com/a.", "См. сайт.");
	finds("urls", "ru", "Write to press@example.com.", "Пишите в пресс-службу.");
	finds("urls", "ru", "It is in /usr/share/hunspell.", "Он в /usr/share/myspell.");
	finds("urls", "ru", "See www.president.az.", "См. www.president.ru.");
	finds("urls", "ru", "Read the page.", "Читайте https://example.com/spam.");
	clean("urls", "ru", "See http://example.com/a (or b).", "См. http://example.com/a (или b).");
	clean("urls", "ru", "Write to press@example.com.", "Пишите: press@example.com.");
	clean("urls", "ru", "It is in /usr/share/hunspell.", "Он в /usr/share/hunspell.");
	clean("urls", "ru", "Half, 1/2, and/or.", "Половина, 1/2, и/или.");
	clean("urls", "ru", "See <a href=\"http://x.org/\">x</a>.", "См. <a href=\"http://x.org/\">x</a>.");
}

static void
test_brackets(void)
{
	finds("brackets", "ru", "The USSR (successor) left.", "СССР (преемник ушел.");
	finds("brackets", "ru", "See [note].", "См. [примечание.");
	finds("brackets", "ru", "See [note].", "См. примечание].");
	finds("brackets", "ru", "The BAM (Baikal) road.", "Дорога БАМ.");
	finds("brackets", "ru", "The road.", "Дорога (БАМ).");
	clean("brackets", "ru", "The BAM (Baikal) road.", "Дорога БАМ (Байкал).");
	clean("brackets", "ru", "A {0} and (b [c]).", "А {0} и (б [в]).");
	/* a bracket inside markup or a URL is not prose */
	clean("brackets", "ru", "See <x id=\"(\"/> here.", "См. <x id=\"(\"/> здесь.");
}

static void
test_quote_style_codes(void)
{
	/* attribute quotes inside markup are not quotation marks */
	clean("quote-style", "ru", "Open <span CLASS=\"FILENAME\">a.txt</span>.",
	      "Откройте <span CLASS=\"FILENAME\">a.txt</span>.");
	clean("quotes", "ru", "Open <span CLASS=\"FILENAME\">a.txt</span>.",
	      "Откройте <span CLASS=\"FILENAME\">a.txt</span>.");
	/* straight quotes are English ones in an English target */
	clean("quote-style", "en", "He said \"yes\".", "He said \"yes, indeed\".");
	clean("quote-style", "en-GB", "He said \"yes\".", "He said \"yes, indeed\".");
	finds("quote-style", "ru", "He said \"yes\".", "Он сказал \"да\".");
	finds("quote-style", "de", "He said \"yes\".", "Er sagte \"ja\".");
}

static tercume_glossary *
test_glossary(const char *name)
{
	char path[4096];
	tercume_glossary *g = NULL;
	tercume_reporter rep = { 0 };
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof path, "%s/tests/data/glossary/%s", top ? top : ".", name);
	if (tercume_glossary_read(&g, path, &rep) != TERCUME_OK)
		return NULL;
	return g;
}

/* Runs only `check` over (source, target) in lang with the glossary. */
static size_t
with_glossary(const tercume_glossary *g, const char *check, const char *lang,
	      const char *source, const char *target)
{
	tercume_catalog *cat = one(lang, source, target);
	tercume_check_options *o = only(check);

	o->glossary = g;
	run(cat, o);
	tercume_catalog_free(cat);
	return count(check, "u1");
}

static void
test_terms(void)
{
	tercume_glossary *g = test_glossary("test.tbx"), *g2 = test_glossary("tbx2.tbx");
	size_t n;

	CHECK(g != NULL && tercume_glossary_concept_count(g) == 4, "the test glossary is read: 4 concepts");
	CHECK(g && tercume_glossary_term_count(g, "ru") == 7 && tercume_glossary_term_count(g, "az-Latn") == 6,
	      "7 Russian terms, 6 Azerbaijani ones (az-Latn is az)");
	CHECK(g2 != NULL && tercume_glossary_term_count(g2, NULL) == 3, "a TBX 2 glossary: 3 terms");
	if (g == NULL || g2 == NULL) {
		tercume_glossary_free(g);
		tercume_glossary_free(g2);
		return;
	}
	/* the term, through Russian and Azerbaijani inflection */
	CHECK(with_glossary(g, "terms", "ru", "In Garabagh.", "В Карабахе.") == 0, "[terms] Карабахе is Карабах");
	CHECK(with_glossary(g, "terms", "ru", "Garabagh's future.", "Будущее Карабаха.") == 0,
	      "[terms] Garabagh's is Garabagh, Карабаха is Карабах");
	CHECK(with_glossary(g, "terms", "ru", "The Garabagh region.", "Карабахский регион.") == 0,
	      "[terms] an admitted term (карабахский) will do");
	CHECK(with_glossary(g, "terms", "ru", "Via the Zangezur corridor.", "По Зангезурскому коридору.") == 0,
	      "[terms] Зангезурскому коридору is Зангезурский коридор");
	CHECK(with_glossary(g, "terms", "ru", "The BAM veterans.", "Ветераны БАМа.") == 0,
	      "[terms] an abbreviation declines whole: БАМа");
	CHECK(with_glossary(g, "terms", "ru", "In Khankendi.", "В Ханкенди.") == 0, "[terms] Ханкенди");
	CHECK(with_glossary(g, "terms", "az", "In Garabagh.", "Qarabağda.") == 0, "[terms] Qarabağda is Qarabağ");
	CHECK(with_glossary(g, "terms", "az", "The Zangezur corridor's role.", "Zəngəzur dəhlizinin rolu.") == 0,
	      "[terms] Zəngəzur dəhlizinin is Zəngəzur dəhlizi");
	CHECK(with_glossary(g, "terms", "az", "In Khankendi.", "XANKƏNDİDƏ.") == 0,
	      "[terms] Azerbaijani capitals fold the Turkic way: XANKƏNDİDƏ");
	/* planted defects */
	n = with_glossary(g, "terms", "ru", "In Garabagh.", "В Гарабахе.");
	CHECK(n == 2, "[terms] Гарабахе: the term is missing and a deprecated one used (got %zu)", n);
	CHECK(with_glossary(g, "terms", "ru", "In Khankendi.", "В городе.") == 1, "[terms] a term left out");
	CHECK(with_glossary(g, "terms", "az", "In Garabagh.", "Dağlıq Qarabağda.") == 1,
	      "[terms] Dağlıq Qarabağ is deprecated");
	CHECK(with_glossary(g, "terms", "az", "The Baikal-Amur Mainline.", "Baykal-Amur Magistralı.") == 1,
	      "[terms] a capital the glossary does not write: Magistralı");
	CHECK(with_glossary(g, "terms", "ru", "In Khankendi.", "В ханкенди.") == 1,
	      "[terms] a name without its capital");
	CHECK(with_glossary(g2, "terms", "ru", "In Khankendi.", "В Степанакерте.") == 2,
	      "[terms] a TBX 2 glossary: missing and deprecated");
	CHECK(with_glossary(g, "terms", "ru", "In Garabagh.", "В Гарабахе.") > 0 &&
	      strstr(findings[0].message, "Карабах") != NULL, "the finding names the wanted term");
	/* a language the glossary lacks: said, not silently passed */
	with_glossary(g, "terms", "de", "In Garabagh.", "In Karabach.");
	CHECK(n_findings == 1 && findings[0].severity == TERCUME_SEV_NOTE && last.notes == 1 &&
	      last.errors == 0, "[terms] a note when the glossary has no term in the language");
	tercume_glossary_free(g);
	tercume_glossary_free(g2);
}

static size_t
spelled(const tercume_glossary *g, const char *lang, const char *target, const char *const *dirs)
{
	tercume_catalog *cat = one(lang, "Source.", target);
	tercume_check_options *o = only("spelling");

	o->glossary = g;
	o->dictionary_dirs = dirs;
	run(cat, o);
	tercume_catalog_free(cat);
	return count("spelling", "u1");
}

static void
test_spelling(void)
{
	char dir[4096];
	const char *top = getenv("top_srcdir");
	const char *dirs[] = { dir, NULL };
	tercume_glossary *g = test_glossary("test.tbx");

	snprintf(dir, sizeof dir, "%s/tests/data/hunspell", top ? top : ".");
	CHECK(spelled(NULL, "ru", "Он был в городе.", dirs) == 0, "[spelling] words of the dictionary pass");
	CHECK(spelled(NULL, "ru", "Он был в горде.", dirs) == 1 && strstr(findings[0].message, "\"горде\"") &&
	      strstr(findings[0].message, "ru_RU"), "[spelling] a word not in it is named, with the dictionary");
	CHECK(spelled(NULL, "ru", "Он был в Ханкенди.", dirs) == 1, "[spelling] a name not in it either");
	CHECK(spelled(g, "ru", "Он был в Ханкенди.", dirs) == 0, "[spelling] unless it is in the glossary");
	CHECK(spelled(g, "ru", "Он был в Карабахе и Зангезурском регионе.", dirs) == 0,
	      "[spelling] glossary words through their inflections");
	CHECK(spelled(NULL, "ru", "Это российский-азербайджанский регион.", dirs) == 0,
	      "[spelling] a hyphenated word whose parts are words");
	CHECK(spelled(NULL, "ru", "Это 50-летие COP29 и XYZ.", dirs) == 0,
	      "[spelling] numbers with suffixes and words in another script are left alone");
	CHECK(spelled(NULL, "ru", "Он был в <b>горде</b> http://example.com/горде.", dirs) == 1 &&
	      strstr(findings[0].message, "http") == NULL, "[spelling] markup and URLs are not words");
	/* no dictionary: a note, not silence */
	spelled(NULL, "az", "Bu, Qarabağdır.", dirs);
	CHECK(n_findings == 1 && findings[0].severity == TERCUME_SEV_NOTE && last.notes == 1 &&
	      strstr(findings[0].message, "no hunspell dictionary for az"),
	      "[spelling] no dictionary for az: a note says so");
	{
		tercume_catalog *cat = one("az", "Source.", "Bu, Qarabağdır.");
		tercume_check_options *o = only("spelling");
		o->dictionary_dirs = dirs;
		o->werror = 1;
		run(cat, o);
		CHECK(last.errors == 0 && last.notes == 1, "[spelling] --werror leaves a note a note");
		tercume_catalog_free(cat);
	}
	tercume_glossary_free(g);
}

static void
test_glossary_errors(void)
{
	static const struct { const char *body; const char *want; } bad[] = {
		{ "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><conceptEntry id=\"a\">"
		  "<langSec><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>",
		  "no xml:lang" },
		{ "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><conceptEntry id=\"a\">"
		  "<langSec xml:lang=\"en\"><termSec><term>x</term><termNote type=\"administrativeStatus\">"
		  "depracated</termNote></termSec></langSec></conceptEntry></body></text></tbx>",
		  "unknown status 'depracated'" },
		{ "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><conceptEntry id=\"a\">"
		  "<langSec xml:lang=\"en\"><termSec><term> </term></termSec></langSec></conceptEntry></body></text></tbx>",
		  "<term> is empty" },
		{ "<tbx xmlns=\"urn:iso:std:iso:30042:ed-2\"><text><body><conceptEntry id=\"a\"/></body></text></tbx>",
		  "has no language section" },
		{ "<xliff version=\"2.0\"/>", "not a TBX glossary" },
		{ "<tbx><text><body>", "malformed XML" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char path[] = "/tmp/tercume-tbx-XXXXXX";
		int fd = mkstemp(path);
		tercume_glossary *g = (tercume_glossary *)1;
		tercume_reporter rep = { 0 };
		tercume_status st;
		FILE *f;

		if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
			CHECK(0, "a scratch file");
			continue;
		}
		fputs(bad[i].body, f);
		fclose(f);
		rep.fn = NULL;
		st = tercume_glossary_read(&g, path, &rep);
		CHECK(st == TERCUME_EINPUT && g == NULL && rep.errors == 1,
		      "a bad glossary is refused with one error: %s", bad[i].want);
		unlink(path);
	}
}

int
main(void)
{
	test_words();
	test_counts();
	test_numbers();
	test_quotes();
	test_punctuation();
	test_whitespace();
	test_identical();
	test_placeholders();
	test_fuzzy_checked();
	test_options();
	test_segments();
	test_typography();
	test_urls();
	test_brackets();
	test_quote_style_codes();
	test_terms();
	test_spelling();
	test_glossary_errors();
	return tap_done();
}
