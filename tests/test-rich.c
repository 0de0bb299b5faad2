/* test-rich.c — the rich-text model (doc/rich-text.md): building coded
 * text, walking its runs, the three renderings, what counts as valid, the
 * reserved characters, places, and entries with codes in a catalogue. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* "Read <1>the guide</1> now.<2/>" with <a href>, </a> and <br>. */
static tercume_rich_builder *
guide(void)
{
	tercume_rich_builder *b = tercume_rich_builder_new();

	tercume_rich_add_text(b, "Read ", 5);
	tercume_rich_open(b, "1", "<a href=\"guide.html\">");
	tercume_rich_add_text(b, "the guide", 9);
	tercume_rich_close(b, "1", "</a>");
	tercume_rich_add_text(b, " now.", 5);
	tercume_rich_standalone(b, "2", "<br>");
	return b;
}

static void
test_builder_and_runs(void)
{
	tercume_rich_builder *b = guide();
	const tercume_code *codes;
	size_t len, n, k = 0;
	const char *text = tercume_rich_builder_text(b, &len);
	static const tercume_run_kind want[] = {
		TERCUME_RUN_TEXT, TERCUME_RUN_OPEN, TERCUME_RUN_TEXT, TERCUME_RUN_CLOSE,
		TERCUME_RUN_TEXT, TERCUME_RUN_STANDALONE,
	};
	tercume_runs it;
	tercume_run r;
	char *out;

	codes = tercume_rich_builder_codes(b, &n);
	CHECK(n == 3, "three codes (got %zu)", n);
	CHECK(len == strlen("Read the guide now.") + 3 * 3, "each code is one 3-byte marker (%zu bytes)",
	      len);
	CHECK(memcmp(text + 5, "\xEF\xB7\x91", 3) == 0, "the opening code is U+FDD1");
	CHECK(memcmp(text + len - 3, "\xEF\xB7\x93", 3) == 0, "the placeholder is U+FDD3");
	CHECK(tercume_rich_valid(text, len, codes, n), "built text is valid");
	tercume_runs_init(&it, text, codes, n);
	while (tercume_runs_next(&it, &r)) {
		CHECK(k < 6 && r.kind == want[k], "run %zu is %s", k, tercume_run_kind_name(r.kind));
		if (k == 2)
			CHECK(r.len == 9 && memcmp(r.text, "the guide", 9) == 0, "run 2 is the link text");
		if (k == 3)
			CHECK(r.code == &codes[1] && r.index == 1 && strcmp(r.code->data, "</a>") == 0,
			      "run 3 is code 1, </a>");
		k++;
	}
	CHECK(k == 6, "six runs (got %zu)", k);

	CHECK(tercume_rich_render(text, codes, n, TERCUME_RENDER_PLAIN, &out, NULL) == TERCUME_OK,
	      "plain rendering");
	CHECK_STR(out, "Read the guide now.", "plain: the codes dropped");
	free(out);
	tercume_rich_render(text, codes, n, TERCUME_RENDER_NOTATION, &out, NULL);
	CHECK_STR(out, "Read <1>the guide</1> now.<2/>", "notation");
	free(out);
	tercume_rich_render(text, codes, n, TERCUME_RENDER_DATA, &out, NULL);
	CHECK_STR(out, "Read <a href=\"guide.html\">the guide</a> now.<br>",
		  "data: the source bytes back");
	free(out);

	/* the array must match the markers */
	CHECK(!tercume_rich_valid(text, len, codes, n - 1), "one code too few is invalid");
	CHECK(!tercume_rich_valid(text, len, codes + 1, n - 1), "codes of the wrong kinds are invalid");
	CHECK(!tercume_rich_valid(text, len, NULL, 0), "markers without codes are invalid");
	tercume_rich_builder_clear(b);
	text = tercume_rich_builder_text(b, &len);
	tercume_rich_builder_codes(b, &n);
	CHECK(len == 0 && n == 0 && text[0] == '\0', "clear empties the builder");
	tercume_rich_builder_free(b);
}

static void
test_notation_escapes(void)
{
	tercume_rich_builder *b = tercume_rich_builder_new();
	const tercume_code *codes;
	const char *text;
	size_t len, n;
	char *out;

	/* literal text that looks like the notation is escaped; a lone '<'
	 * is not */
	tercume_rich_add_text(b, "a <1> b <</2/> c < d <", 22);
	tercume_rich_open(b, "x.1", NULL);
	tercume_rich_add_text(b, "e", 1);
	tercume_rich_close(b, "x.1", NULL);
	text = tercume_rich_builder_text(b, &len);
	codes = tercume_rich_builder_codes(b, &n);
	tercume_rich_render(text, codes, n, TERCUME_RENDER_NOTATION, &out, NULL);
	CHECK_STR(out, "a <<1> b <<</2/> c < d <<<x.1>e</x.1>",
		  "literal tags, '<<' and a '<' before a code are doubled");
	free(out);
	tercume_rich_builder_clear(b);
	tercume_rich_add_text(b, "x", 1);
	tercume_rich_standalone(b, "not an id", NULL);
	text = tercume_rich_builder_text(b, &len);
	codes = tercume_rich_builder_codes(b, &n);
	CHECK(tercume_rich_render(text, codes, n, TERCUME_RENDER_NOTATION, &out, NULL) ==
	      TERCUME_EINPUT, "an id the notation cannot carry is refused");
	tercume_rich_builder_free(b);
}

static void
test_refusals(void)
{
	tercume_rich_builder *b = tercume_rich_builder_new();
	tercume_code c = { 0 };

	CHECK(tercume_rich_add_text(b, "x\xEF\xB7\x91y", 5) == TERCUME_EINPUT,
	      "a code marker in text is refused");
	CHECK(tercume_rich_add_text(b, "\xEF\xB7\xAF", 3) == TERCUME_EINPUT,
	      "U+FDEF (reserved) is refused");
	CHECK(tercume_rich_add_text(b, "\xEF\xB7\xB0", 3) == TERCUME_OK,
	      "U+FDF0 (an Arabic ligature) is text");
	CHECK(tercume_rich_add_text(b, "\xEE\x80\x80 \xEF\xA3\xBF", 7) == TERCUME_OK,
	      "private-use characters (U+E000, U+F8FF) are text");
	CHECK(tercume_rich_add_text(b, "\xC3", 1) == TERCUME_EINPUT, "bad UTF-8 is refused");
	CHECK(tercume_rich_add_text(b, "a\0b", 3) == TERCUME_EINPUT, "a NUL is refused");
	c.kind = TERCUME_RUN_OPEN;
	CHECK(tercume_rich_add_code(b, &c) == TERCUME_EUSAGE, "a code needs an id");
	c.id = "1";
	c.kind = TERCUME_RUN_TEXT;
	CHECK(tercume_rich_add_code(b, &c) == TERCUME_EUSAGE, "kind TEXT is not a code");
	c.kind = TERCUME_RUN_STANDALONE;
	c.data = "\xEF\xB7\x92";
	CHECK(tercume_rich_add_code(b, &c) == TERCUME_EINPUT, "a marker in a code's data is refused");
	tercume_rich_builder_free(b);
}

static void
test_places(void)
{
	tercume_place p = { TERCUME_ROLE_PARAGRAPH, 7, 2 }, q;
	char buf[64];

	CHECK_STR(tercume_place_format(&p, buf, sizeof buf), "paragraph 7, sentence 2", "format");
	CHECK(tercume_place_parse("paragraph 7, sentence 2", &q) == 0 && q.role == p.role &&
	      q.ordinal == 7 && q.sentence == 2, "parse gives the numbers back");
	CHECK(tercume_place_parse("heading 12", &q) == 0 && q.role == TERCUME_ROLE_HEADING &&
	      q.ordinal == 12 && q.sentence == 0, "a block's only unit has no sentence number");
	CHECK(tercume_place_parse("paragraph 07", &q) == -1 && q.ordinal == 0, "no leading zeros");
	CHECK(tercume_place_parse("chapter 1", &q) == -1, "an unknown role is no place");
	CHECK(tercume_place_parse("paragraph 3, sentence 1 of 2", &q) == -1, "nothing may follow");
	CHECK(tercume_place_parse("Translators: keep it short", &q) == -1, "a note is no place");
}

static void
test_catalogue(void)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_rich_builder *src = guide(), *tgt = tercume_rich_builder_new();
	const tercume_entry *got;
	tercume_entry e = { 0 };
	size_t n;

	e.id = "u1";
	e.source = tercume_rich_builder_text(src, NULL);
	e.source_codes = tercume_rich_builder_codes(src, &e.n_source_codes);
	tercume_rich_add_text(tgt, "Прочтите ", strlen("Прочтите "));
	tercume_rich_open(tgt, "1", "<a href=\"guide.html\">");
	tercume_rich_add_text(tgt, "руководство", strlen("руководство"));
	tercume_rich_close(tgt, "1", "</a>");
	e.target = tercume_rich_builder_text(tgt, NULL);
	e.target_codes = tercume_rich_builder_codes(tgt, &e.n_target_codes);
	e.state = TERCUME_STATE_TRANSLATED;
	e.place = (tercume_place){ TERCUME_ROLE_HEADING, 3, 0 };
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_OK, "an entry with codes is added");
	got = tercume_catalog_find(cat, "u1");
	CHECK(got && got->n_source_codes == 3 && got->n_target_codes == 2 &&
	      got->source_codes != e.source_codes &&
	      strcmp(got->target_codes[0].data, "<a href=\"guide.html\">") == 0,
	      "the catalogue keeps copies of both code arrays");
	CHECK(got && got->context && strcmp(got->context, "heading 3") == 0,
	      "the context note is made from the place");
	tercume_rich_builder_free(src);
	tercume_rich_builder_free(tgt);
	CHECK(got && strcmp(got->source_codes[0].data, "<a href=\"guide.html\">") == 0,
	      "the copies outlive the builders");

	e = (tercume_entry){ 0 };
	e.id = "u2";
	e.source = "Plain.";
	e.context = "paragraph 4, sentence 1";
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_OK, "a plain entry is added");
	got = tercume_catalog_find(cat, "u2");
	CHECK(got && got->place.ordinal == 4 && got->place.sentence == 1 &&
	      got->place.role == TERCUME_ROLE_PARAGRAPH, "the place is read from the context note");
	CHECK(got && got->source_codes == NULL && got->n_source_codes == 0, "no codes");

	e.id = "u3";
	e.source = "Bad \xEF\xB7\x91 marker.";
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_EINPUT, "a marker without its code is refused");
	e.source = "Reserved \xEF\xB7\x90.";
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_EINPUT, "U+FDD0 is refused");
	e.source = "ok";
	e.comment = "\xFF";
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_EINPUT, "bad UTF-8 in a comment is refused");
	n = tercume_catalog_count(cat);
	CHECK(n == 2, "nothing refused was added (%zu entries)", n);
	tercume_catalog_free(cat);
}

int
main(void)
{
	test_builder_and_runs();
	test_notation_escapes();
	test_refusals();
	test_places();
	test_catalogue();
	return tap_done();
}
