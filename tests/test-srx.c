/* test-srx.c — SRX rules over ICU's sentence breaks: the built-in rules for
 * en, ru and az, a caller's SRX file, errors, and linear time. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char srx_none[4096];	/* tests/data/srx/none.srx: no rules at all */

typedef struct diags {
	unsigned long line;
	char message[512];
} diags;

static void
keep_diag(const tercume_diag *d, void *user)
{
	diags *g = user;

	if (d->severity == TERCUME_SEV_ERROR && g->message[0] == '\0') {
		g->line = d->line;
		snprintf(g->message, sizeof g->message, "%s", d->message);
	}
}

/* Segments text and joins the units with " | ", or returns NULL. */
static char *
split(const char *text, const char *lang, const char *srx)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc;
	size_t cap = strlen(text) * 2 + 64, len = 0;
	char *out;

	o.source_lang = lang;
	o.srx_path = srx;
	if (tercume_doc_from_text(&doc, "test", text, strlen(text), &o, &rep) != TERCUME_OK)
		return NULL;
	out = calloc(1, cap);
	for (size_t i = 0; out && i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " | " : "", u.text);
	}
	tercume_doc_free(doc);
	return out;
}

#define SPLIT(lang, text, want) do { \
	char *got_ = split(text, lang, NULL); \
	CHECK_STR(got_, want, "%s: %s", lang, want); \
	free(got_); \
} while (0)

static void
test_english(void)
{
	SPLIT("en", "I work for the U.S. Government in Virginia. I live in the U.S. How about you?",
	      "I work for the U.S. Government in Virginia. | I live in the U.S. | How about you?");
	SPLIT("en", "My name is Jonas E. Smith. We make a good team, you and I. Did you see Albert I. Jones?",
	      "My name is Jonas E. Smith. | We make a good team, you and I. | Did you see Albert I. Jones?");
	SPLIT("en", "St. Michael's Church is on p. 55 of the guide. Dr. Jones agrees.",
	      "St. Michael's Church is on p. 55 of the guide. | Dr. Jones agrees.");
	SPLIT("en", "We bought apples, pears, etc. Then we left. They sell tools, etc. at the market.",
	      "We bought apples, pears, etc. | Then we left. | They sell tools, etc. at the market.");
	SPLIT("en", "1. The first item 2. The second item",
	      "1. The first item | 2. The second item");
	SPLIT("en", "He scored 5. Then he left.", "He scored 5. | Then he left.");
	SPLIT("en", "Hello world.Today is Tuesday.Mr. Smith went home.",
	      "Hello world. | Today is Tuesday. | Mr. Smith went home.");
	SPLIT("en", "Her email is Jane.Doe@example.com. I sent her an email.",
	      "Her email is Jane.Doe@example.com. | I sent her an email.");
	SPLIT("en", "She works at Yahoo! in the accounting department.",
	      "She works at Yahoo! in the accounting department.");
	SPLIT("en", "I never meant that.... She left. He was . . . tired. The end . . . . Next one.",
	      "I never meant that.... | She left. | He was . . . tired. | The end . . . . | Next one.");
	SPLIT("en-US", "Mrs. Brown met Gen. Lee on Jan. 5 in the U.K. Parliament.",
	      "Mrs. Brown met Gen. Lee on Jan. 5 in the U.K. Parliament.");
}

static void
test_russian(void)
{
	SPLIT("ru", "В 2010-2012 гг. Виктор посещал г. Волгоград неоднократно.",
	      "В 2010-2012 гг. Виктор посещал г. Волгоград неоднократно.");
	SPLIT("ru", "Д-р наук А. И. Семенов выступал. Л.Н. Толстой написал роман.",
	      "Д-р наук А. И. Семенов выступал. | Л.Н. Толстой написал роман.");
	SPLIT("ru", "Он приехал в Москву, т. е. Столицу. Купили хлеб, соль и т. д. Потом ушли.",
	      "Он приехал в Москву, т. е. Столицу. | Купили хлеб, соль и т. д. | Потом ушли.");
	SPLIT("ru", "Купили хлеб, соль и т. д., а потом ушли. См. рис. 3 на с. 25.",
	      "Купили хлеб, соль и т. д., а потом ушли. | См. рис. 3 на с. 25.");
	SPLIT("ru", "Уважаемый проф. Семенов! Просьба сдать отчет.",
	      "Уважаемый проф. Семенов! | Просьба сдать отчет.");
}

static void
test_azerbaijani(void)
{
	SPLIT("az", "Prof. Məmmədov və akad. Əliyev görüşdülər. Sonra H. Əliyev çıxış etdi.",
	      "Prof. Məmmədov və akad. Əliyev görüşdülər. | Sonra H. Əliyev çıxış etdi.");
	SPLIT("az", "Bazardan alma, armud və s. aldıq. Alma, armud və s. Sonra evə getdik.",
	      "Bazardan alma, armud və s. aldıq. | Alma, armud və s. | Sonra evə getdik.");
	SPLIT("az", "Ünvan: Bakı ş. Nizami küç. 5. Ticarət 4 mlrd. ABŞ dollarını keçib.",
	      "Ünvan: Bakı ş. Nizami küç. 5. | Ticarət 4 mlrd. ABŞ dollarını keçib.");
	SPLIT("az", "Kitabın s. 25 səhifəsinə baxın. Bu e.ə. IV əsrdə olub.",
	      "Kitabın s. 25 səhifəsinə baxın. | Bu e.ə. IV əsrdə olub.");
	SPLIT("az-Latn-AZ", "İ. Əliyev və M.Ə. Rəsulzadə haqqında danışdı. Hava soyuqdur!",
	      "İ. Əliyev və M.Ə. Rəsulzadə haqqında danışdı. | Hava soyuqdur!");
}

/* With an SRX file that has no rules for the language, the units are
 * ICU's; built-in rules of another language do not apply. */
static void
test_plain_icu(void)
{
	char *a = split("I live in the U.S. Government area. Then we left.", "en", srx_none);
	char *b = split("I live in the U.S. Government area. Then we left.", "de", NULL);

	CHECK_STR(a, "I live in the U.S. | Government area. | Then we left.", "no rules: ICU's breaks");
	CHECK_STR(b, "I live in the U.S. | Government area. | Then we left.",
		  "a language without built-in rules: ICU's breaks");
	free(a);
	free(b);
}

static void
test_errors(const char *tmpdir)
{
	char path[4096];
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	diags g = { 0, "" };
	tercume_reporter rep = { keep_diag, &g, 0, 0 };
	tercume_doc *doc = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/test-srx-bad.srx", tmpdir);
	f = fopen(path, "w");
	CHECK(f != NULL, "write %s", path);
	if (f == NULL)
		return;
	fputs("<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n"
	      "<body><languagerules><languagerule languagerulename=\"X\">\n"
	      "<rule break=\"no\"><beforebreak>ok\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
	      "<rule break=\"no\">\n<beforebreak>\\p{Nope}</beforebreak></rule>\n"
	      "</languagerule></languagerules><maprules>"
	      "<languagemap languagepattern=\".*\" languagerulename=\"X\"/></maprules></body></srx>\n", f);
	fclose(f);
	o.srx_path = path;
	CHECK(tercume_doc_from_text(&doc, "t", "A. B.", 5, &o, &rep) == TERCUME_EINPUT && doc == NULL,
	      "an invalid regular expression is malformed input");
	CHECK(rep.errors == 1 && g.line == 6, "one error, on line 6 (got %lu errors, line %lu)",
	      rep.errors, g.line);
	CHECK(strstr(g.message, "languagerule 'X', rule 2") && strstr(g.message, "\\p{Nope}"),
	      "it names the rule and the expression: %s", g.message);
	remove(path);
}

/* Segmentation time grows linearly with the length of a paragraph, even
 * one full of candidate breaks the rules have to look at. */
static double
seconds_for(size_t reps)
{
	const char *piece = "Mr. A. B. Smith met 1. the U.S. Army and p. 5 etc. Then . . . he left. ";
	size_t n = strlen(piece);
	char *text = malloc(reps * n + 1);
	tercume_doc *doc = NULL;
	clock_t t0;
	double s;

	for (size_t i = 0; i < reps; i++)
		memcpy(text + i * n, piece, n);
	text[reps * n] = '\0';
	t0 = clock();
	tercume_doc_from_text(&doc, "long", text, reps * n, NULL, NULL);
	s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(doc != NULL, "a paragraph of %zu bytes segments", reps * n);
	tercume_doc_free(doc);
	free(text);
	return s;
}

static void
test_linear(void)
{
	double small = seconds_for(300), big = seconds_for(2400);

	/* 8 times the text: linear is about 8 times the time, quadratic 64. */
	CHECK(big < 24 * small + 0.05, "8x the text takes %.3fs against %.3fs", big, small);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	const char *tmp = getenv("TMPDIR");

	snprintf(srx_none, sizeof srx_none, "%s/tests/data/srx/none.srx", top ? top : ".");
	test_english();
	test_russian();
	test_azerbaijani();
	test_plain_icu();
	test_errors(tmp && *tmp ? tmp : "/tmp");
	test_linear();
	return tap_done();
}
