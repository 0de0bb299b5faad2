/* test-segmenter.c — the text reader, the segmenter and the ID scheme. */
#include "tercume.h"
#include "tap.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static tercume_doc *
seg(const char *text, const char *lang)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL;

	o.source_lang = lang;
	if (tercume_doc_from_text(&doc, "test", text, strlen(text), &o, &rep) != TERCUME_OK)
		return NULL;
	return doc;
}

/* Index of the unit whose text starts with prefix, or -1. */
static long
find_prefix(const tercume_doc *doc, const char *prefix)
{
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		if (strncmp(u.text, prefix, strlen(prefix)) == 0)
			return (long)i;
	}
	return -1;
}

static const char *
unit_text(const tercume_doc *doc, long i)
{
	tercume_unit_info u;

	if (i < 0 || (size_t)i >= tercume_doc_unit_count(doc))
		return NULL;
	tercume_doc_unit(doc, (size_t)i, &u);
	return u.text;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = s ? strlen(s) : 0, b = strlen(suffix);
	return s && a >= b && strcmp(s + a - b, suffix) == 0;
}

static void
test_article(const char *path)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc;
	tercume_unit_info u;
	long i;
	char *text, *back;
	size_t len, back_len;

	CHECK(tercume_read_file(path, &text, &len, &rep) == TERCUME_OK, "read %s", path);
	CHECK(tercume_doc_from_text(&doc, path, text, len, &o, &rep) == TERCUME_OK,
	      "segment the article");
	if (doc == NULL)
		return;
	CHECK(tercume_doc_unit_count(doc) == 69, "69 units (hand-counted), got %zu",
	      tercume_doc_unit_count(doc));
	CHECK(tercume_doc_block_count(doc) == 28, "28 blocks, one per line");

	/* The quotation in the paragraph "The subsequent day after his trip"
	 * runs over four sentences; each is a unit of its own. */
	i = find_prefix(doc, "The subsequent day after his trip");
	CHECK(i >= 0 && ends_with(unit_text(doc, i), "between Azerbaijan and Russia."),
	      "quotation sentence 1 ends at 'Azerbaijan and Russia.'");
	CHECK_STR(unit_text(doc, i + 1),
		  "Azerbaijan remains steadfast in honouring its international commitments.",
		  "quotation sentence 2 is a unit");
	CHECK_STR(unit_text(doc, i + 2),
		  "Our stance was that if November 2025 is stipulated, then it should be November 2025.",
		  "quotation sentence 3 is a unit");
	CHECK(ends_with(unit_text(doc, i + 3), "yet it remained a collective decision.\""),
	      "quotation sentence 4 keeps the closing quote");

	/* "i.e., in 2025." ends the sentence; "i.e.," does not. */
	i = find_prefix(doc, "The subsequent near-three-year period");
	CHECK(i >= 0 && ends_with(unit_text(doc, i), "duration, i.e., in 2025."),
	      "'i.e.,' does not end a sentence");
	CHECK(i >= 0 && strncmp(unit_text(doc, i + 1), "The counter-terrorism", 21) == 0,
	      "the next sentence starts after 'in 2025.'");

	/* "₼4 billion" and "Baikal-Amur Mainline's (BAM)" stay inside their sentences. */
	CHECK_STR(unit_text(doc, find_prefix(doc, "The trade volume")),
		  "The trade volume between the two countries has surpassed the \xE2\x82\xBC" "4 billion threshold.",
		  "the manat sign stays in the unit");

	tercume_doc_unit(doc, 0, &u);
	CHECK(u.role == TERCUME_ROLE_BYLINE, "line 1 is the byline");
	tercume_doc_unit(doc, (size_t)find_prefix(doc, "As Allies"), &u);
	CHECK(u.role == TERCUME_ROLE_HEADING && u.line == 3, "'As Allies' is a heading on line 3");
	tercume_doc_unit(doc, (size_t)find_prefix(doc, "BAM, Economy, Corridors"), &u);
	CHECK(u.role == TERCUME_ROLE_HEADING, "'BAM, Economy, Corridors' is a heading");
	tercume_doc_unit(doc, tercume_doc_unit_count(doc) - 1, &u);
	CHECK(u.role == TERCUME_ROLE_LABEL && strcmp(u.text, "RECOMMEND:") == 0,
	      "'RECOMMEND:' is a label");
	tercume_doc_unit(doc, 1, &u);
	CHECK(u.role == TERCUME_ROLE_PARAGRAPH && u.line == 2 && u.sentence == 0,
	      "the first paragraph starts on line 2");

	CHECK(tercume_doc_render(doc, NULL, &back, &back_len) == TERCUME_OK &&
	      back_len == len && memcmp(back, text, len) == 0, "render gives the article back byte for byte");
	free(back);
	tercume_doc_free(doc);
	free(text);
}

static void
test_ids(void)
{
	const char *a = "First paragraph here. It has two sentences.\nMiddle one.\nLast paragraph. Again two.";
	const char *b = "First paragraph here. It has two sentences.\nLast paragraph. Again two.";
	const char *c = "Inserted paragraph.\nFirst paragraph here. It has two sentences.\nMiddle one.\nLast paragraph. Again two.";
	tercume_doc *da = seg(a, "en"), *db = seg(b, "en"), *dc = seg(c, "en");
	tercume_unit_info ua, ub;
	char h1[9], h2[9];

	CHECK(da && db && dc, "three variants segment");
	if (!da || !db || !dc)
		return;
	/* Deleting the middle paragraph leaves every other ID as it was. */
	for (size_t i = 0; i < tercume_doc_unit_count(db); i++) {
		tercume_doc_unit(db, i, &ub);
		CHECK(tercume_doc_find(da, ub.id) != (size_t)-1,
		      "ID %s survives deleting a paragraph", ub.id);
		CHECK(tercume_doc_find(dc, ub.id) != (size_t)-1,
		      "ID %s survives inserting a paragraph", ub.id);
	}
	tercume_doc_unit(da, 0, &ua);
	CHECK(strlen(ua.id) == 8 && strspn(ua.id, "0123456789abcdef") == 8, "an ID is 8 hex digits: %s", ua.id);

	/* Repeated sentences get a counter. */
	tercume_doc_free(da);
	da = seg("Yes. Yes. No.\nYes.", "en");
	CHECK(da && tercume_doc_unit_count(da) == 4, "four units");
	if (da) {
		tercume_doc_unit(da, 0, &ua);
		tercume_doc_unit(da, 1, &ub);
		CHECK(strlen(ub.id) == 10 && strncmp(ua.id, ub.id, 8) == 0 && strcmp(ub.id + 8, "-2") == 0,
		      "the second 'Yes.' is %s-2 (got %s)", ua.id, ub.id);
		tercume_doc_unit(da, 3, &ub);
		CHECK(strcmp(ub.id + 8, "-3") == 0, "the third is -3 (got %s)", ub.id);
	}

	/* NFC: a precomposed "é" and "e" + combining acute give the same ID. */
	CHECK(tercume_unit_hash("Caf\xC3\xA9.", 6, h1) == TERCUME_OK &&
	      tercume_unit_hash("Cafe\xCC\x81.", 7, h2) == TERCUME_OK && strcmp(h1, h2) == 0,
	      "IDs are computed on NFC text (%s, %s)", h1, h2);
	CHECK(tercume_unit_hash("Cafe.", 5, h2) == TERCUME_OK && strcmp(h1, h2) != 0,
	      "different text, different hash");
	tercume_doc_free(da);
	tercume_doc_free(db);
	tercume_doc_free(dc);
}

static void
test_blank_layout(void)
{
	/* BOM, CRLF, paragraphs separated by blank lines, hard-wrapped lines. */
	const char *text = "\xEF\xBB\xBF" "Licence\r\n\r\nPermission is hereby granted, free of\r\n"
			   "charge, to any person. The above notice\r\nshall be included.\r\n\r\n"
			   "  Indented paragraph here.\r\n";
	tercume_doc *doc = seg(text, "en");
	tercume_unit_info u;
	char *back;
	size_t len;

	CHECK(doc != NULL, "blank-line layout segments");
	if (doc == NULL)
		return;
	CHECK(tercume_doc_layout(doc) == TERCUME_LAYOUT_BLANK, "layout detected as blank");
	CHECK(tercume_doc_block_count(doc) == 3, "three blocks");
	CHECK(tercume_doc_unit_count(doc) == 4, "four units, got %zu", tercume_doc_unit_count(doc));
	tercume_doc_unit(doc, 1, &u);
	CHECK_STR(u.text, "Permission is hereby granted, free of charge, to any person.",
		  "a hard wrap inside a sentence folds to a space");
	CHECK(u.line == 3, "unit starts on line 3");
	tercume_doc_unit(doc, 2, &u);
	CHECK(u.line == 4, "second sentence starts on line 4 (got %lu)", u.line);
	CHECK(tercume_doc_render(doc, NULL, &back, &len) == TERCUME_OK &&
	      len == strlen(text) && memcmp(back, text, len) == 0, "BOM, CRLF and wraps come back");
	free(back);

	/* Translated, the wrapped paragraph is wrapped again at the source's
	 * width (39 characters), with CRLF; the other blocks keep their bytes. */
	{
		const char *repl[4] = {
			NULL,
			"\xD0\x9D\xD0\xB0\xD1\x81\xD1\x82\xD0\xBE\xD1\x8F\xD1\x89\xD0\xB8\xD0\xBC "
			"one two three four five six seven eight nine ten eleven twelve.",
			"Short.",
			NULL,
		};
		const char *want = "\xEF\xBB\xBF" "Licence\r\n\r\n"
			"\xD0\x9D\xD0\xB0\xD1\x81\xD1\x82\xD0\xBE\xD1\x8F\xD1\x89\xD0\xB8\xD0\xBC "
			"one two three four five six\r\n"
			"seven eight nine ten eleven twelve.\r\n"
			"Short.\r\n\r\n  Indented paragraph here.\r\n";
		CHECK(tercume_doc_render(doc, repl, &back, &len) == TERCUME_OK, "render a translation");
		CHECK_STR(back, want, "a translated wrapped paragraph is wrapped again (<= 39 columns, CRLF)");
		free(back);
	}
	tercume_doc_free(doc);
}

static void
test_edge_cases(void)
{
	tercume_reporter rep = { 0 };
	tercume_doc *doc;
	char *back;
	size_t len;

	doc = seg("", "en");
	CHECK(doc && tercume_doc_unit_count(doc) == 0, "empty text: no unit");
	CHECK(doc && tercume_doc_render(doc, NULL, &back, &len) == TERCUME_OK && len == 0, "renders empty");
	if (doc)
		free(back);
	tercume_doc_free(doc);

	doc = seg(" \n\t\n", "en");
	CHECK(doc && tercume_doc_unit_count(doc) == 0, "whitespace only: no unit");
	tercume_doc_free(doc);

	CHECK(tercume_doc_from_text(&doc, "bad", "ok\nab\xC0\xAF", 7, NULL, &rep) == TERCUME_EINPUT &&
	      rep.errors == 1, "overlong UTF-8 is an error");
	CHECK(tercume_doc_from_text(&doc, "bad", "a\0b", 3, NULL, &rep) == TERCUME_EINPUT,
	      "a NUL byte is an error");

	doc = seg("\xD0\x92 \xD0\xA0\xD0\xBE\xD1\x81\xD1\x81\xD0\xB8\xD0\xB8 \xD1\x85\xD0\xBE\xD0\xBB\xD0\xBE\xD0\xB4\xD0\xBD\xD0\xBE. \xD0\x98\xD0\xB4\xD1\x91\xD1\x82 \xD1\x81\xD0\xBD\xD0\xB5\xD0\xB3.", "ru");
	CHECK(doc && tercume_doc_unit_count(doc) == 2, "Russian text splits in two sentences");
	tercume_doc_free(doc);
}

/* A hard-wrapped sentence's text (its line breaks folded) is made when it
 * is first needed, not by the reader (issue 15): the segments file written
 * before and after, the text read first or the file written first, from
 * several threads at once, are the same. */
static const char wrapped[] =
	"A first sentence that goes on   \nto a second line. A second one\r\n"
	"wraps\t \n\nafter a tab.  Short.\n\nOne line only.\n";
static const char *const wrapped_texts[] = {
	"A first sentence that goes on to a second line.", "A second one wraps",
	"after a tab.", "Short.", "One line only.",
};

static void *
read_texts(void *arg)
{
	const tercume_doc *doc = arg;
	size_t bad = 0;

	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;

		tercume_doc_unit(doc, i, &u);
		bad += u.text == NULL || strcmp(u.text, wrapped_texts[i]) != 0;
	}
	return (void *)bad;
}

static void
test_folds_later(void)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_doc *a = NULL, *b = NULL, *c = NULL;
	char *fa = NULL, *fa2 = NULL, *fb = NULL;
	size_t la = 0, la2 = 0, lb = 0, n = sizeof wrapped_texts / sizeof wrapped_texts[0];
	pthread_t th[4];
	size_t bad = 0;
	bool texts = true;

	o.layout = TERCUME_LAYOUT_BLANK;
	CHECK(tercume_doc_from_text(&a, "w", wrapped, strlen(wrapped), &o, NULL) == TERCUME_OK &&
	      tercume_doc_from_text(&b, "w", wrapped, strlen(wrapped), &o, NULL) == TERCUME_OK &&
	      tercume_doc_from_text(&c, "w", wrapped, strlen(wrapped), &o, NULL) == TERCUME_OK,
	      "a hard-wrapped article reads");
	if (a == NULL || b == NULL || c == NULL)
		goto out;
	CHECK(tercume_doc_unit_count(a) == n, "it has %zu units (got %zu)", n,
	      tercume_doc_unit_count(a));
	if (tercume_doc_unit_count(a) != n)
		goto out;
	/* a: the file first (texts folded as they are written), then the texts */
	CHECK(tercume_segments_format(a, &fa, &la) == TERCUME_OK, "written before its texts are read");
	texts = read_texts(a) == NULL;
	CHECK(texts, "the texts read after the writing are the folded lines");
	CHECK(tercume_segments_format(a, &fa2, &la2) == TERCUME_OK && la2 == la &&
	      memcmp(fa, fa2, la) == 0, "written again after the texts were read: the same file");
	/* b: the texts first, then the file */
	CHECK(read_texts(b) == NULL, "the texts read first are the folded lines");
	CHECK(tercume_segments_format(b, &fb, &lb) == TERCUME_OK && lb == la &&
	      memcmp(fa, fb, la) == 0, "the file written after the texts were read is the same");
	/* c: four threads read its texts at once */
	for (int t = 0; t < 4; t++)
		if (pthread_create(&th[t], NULL, read_texts, c) != 0)
			th[t] = pthread_self();
	for (int t = 0; t < 4; t++) {
		void *r = (void *)1;

		if (!pthread_equal(th[t], pthread_self()))
			pthread_join(th[t], &r);
		bad += (size_t)r;
	}
	CHECK(bad == 0, "four threads reading the texts at once read them all folded (%zu wrong)", bad);
out:
	free(fa);
	free(fa2);
	free(fb);
	tercume_doc_free(a);
	tercume_doc_free(b);
	tercume_doc_free(c);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");
	char path[4096];

	snprintf(path, sizeof path, "%s/articles/aliyev-putin-2024.en.txt", top ? top : ".");
	test_article(path);
	test_ids();
	test_blank_layout();
	test_edge_cases();
	test_folds_later();
	return tap_done();
}
