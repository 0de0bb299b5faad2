/* test-rich.c — the rich-text model (doc/rich-text.md): building coded
 * text, walking its runs, the three renderings, what counts as valid, the
 * reserved characters, places, and entries with codes in a catalogue. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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


/* ---- a document built through the API ---- */

static tercume_doc_builder *db;

static void
skel(const char *s)
{
	tercume_doc_builder_skeleton(db, s, strlen(s));
}

static void
txt(const char *s)
{
	tercume_doc_builder_text(db, s, strlen(s), NULL, 0);
}

static void
code(tercume_run_kind kind, const char *id, const char *data)
{
	tercume_code c = { 0 };

	c.kind = kind;
	c.id = id;
	c.data = data;
	CHECK(tercume_doc_builder_code(db, &c) == TERCUME_OK, "code %s %s", id, data);
}

/* The segments file carries the codes, and reads back the same document. */
static void
test_segments_file(const tercume_doc *doc, const char *source)
{
	tercume_reporter rep = { 0 };
	tercume_doc *again = NULL;
	char *seg, *seg2, *out, *bad;
	size_t len, len2;
	bool same = true;

	CHECK(tercume_segments_format(doc, &seg, &len) == TERCUME_OK, "segments file");
	CHECK(strstr(seg, "\"Read \\<1>the guide\\</1>.\"\ncode open 1 data \"<a href=\\\"g.html\\\">\"\n"
		      "code close 1 data \"</a>\"\n") != NULL, "codes as escapes and code records");
	CHECK(strstr(seg, "code mstart 1 data \"<kbd>\" translate \"no\"\n") != NULL,
	      "a marker's hints");
	CHECK(strstr(seg, "\nraw \"Tom &amp; Jerry.\"\n") != NULL, "raw source bytes of an entity");
	CHECK(tercume_segments_parse(&again, "x.seg", seg, len, &rep) == TERCUME_OK,
	      "it reads back (%lu errors)", rep.errors);
	if (again == NULL) {
		printf("%s", seg);
		free(seg);
		return;
	}
	CHECK(tercume_doc_unit_count(again) == tercume_doc_unit_count(doc), "the same units");
	for (size_t i = 0; i < tercume_doc_unit_count(doc) && i < tercume_doc_unit_count(again); i++) {
		tercume_unit_info a, b;
		tercume_doc_unit(doc, i, &a);
		tercume_doc_unit(again, i, &b);
		same &= strcmp(a.id, b.id) == 0 && strcmp(a.text, b.text) == 0 &&
			a.n_codes == b.n_codes && a.line == b.line;
		for (size_t k = 0; same && k < a.n_codes; k++)
			same &= a.codes[k].kind == b.codes[k].kind && strcmp(a.codes[k].id, b.codes[k].id) == 0 &&
				strcmp(a.codes[k].data, b.codes[k].data) == 0 &&
				a.codes[k].translate == b.codes[k].translate;
	}
	CHECK(same, "every unit's id, coded text, codes and line come back");
	tercume_doc_render(again, NULL, &out, &len2);
	CHECK(len2 == strlen(source) && memcmp(out, source, len2) == 0, "and render the source");
	free(out);
	tercume_segments_format(again, &seg2, &len2);
	CHECK(len2 == len && memcmp(seg, seg2, len) == 0, "written again, the same bytes");
	free(seg2);
	tercume_doc_free(again);

	/* a record per escape, of its shape */
	bad = strdup(seg);
	*strstr(bad, "code close 1 data \"</a>\"\n") = 'x';
	rep = (tercume_reporter){ 0 };
	CHECK(tercume_segments_parse(&again, "x.seg", bad, strlen(bad), &rep) == TERCUME_EINPUT &&
	      rep.errors == 1, "a missing code record is an error");
	free(bad);
	bad = strdup(seg);
	memcpy(strstr(bad, "code close 1"), "code open  1", 12);
	rep = (tercume_reporter){ 0 };
	CHECK(tercume_segments_parse(&again, "x.seg", bad, strlen(bad), &rep) == TERCUME_EINPUT,
	      "a code record of the wrong kind is an error");
	free(bad);
	bad = strdup(seg);
	memcpy(strstr(bad, "\\</1>.\""), "\\</2>", 6);
	rep = (tercume_reporter){ 0 };
	CHECK(tercume_segments_parse(&again, "x.seg", bad, strlen(bad), &rep) == TERCUME_EINPUT,
	      "a code record whose ID is not its escape's is an error");
	free(bad);
	free(seg);
}

/* The notation of unit i. */
static char *
unit_notation(const tercume_doc *doc, size_t i)
{
	tercume_unit_info u;
	char *out = NULL;

	tercume_doc_unit(doc, i, &u);
	tercume_rich_render(u.text, u.codes, u.n_codes, TERCUME_RENDER_NOTATION, &out, NULL);
	return out;
}

static void
test_doc_builder(void)
{
	static const char *const want[] = {
		"Read <1>the guide</1>.",		/* a closing code stays with its sentence */
		"It is <1>short. Really.</1>",		/* no break inside a pair */
		"<1>Next</1> one.",			/* an opening code goes with what it opens */
		"Footnote.<1/>",			/* a placeholder touching the end */
		"<1/>Image first.",			/* a placeholder after the space */
		"Tom & Jerry.",				/* an entity: its source kept */
		"Use <1>Ctrl. C</1> now.",		/* no break inside a marker span */
		"Only a link.",				/* a pair around the block is skeleton */
		"Second line.",
	};
	const char *source =
		"<html><body>\n"
		"<p>Read <a href=\"g.html\">the guide</a>. It is <b>short. Really.</b> "
		"<i>Next</i> one.</p>\n"
		"<p>Footnote.<sup>1</sup> <img src=\"x.png\">Image first. Tom &amp; Jerry. "
		"Use <kbd>Ctrl. C</kbd> now.<br></p>\n"
		"<p><a href=\"y\">Only a link.</a></p>\n"
		"<p><br></p>\n"
		"<p>\nSecond line.</p>\n"
		"</body></html>\n";
	tercume_doc *doc = NULL;
	tercume_status st;
	char *out;
	size_t n, len;

	CHECK(tercume_doc_builder_new(&db, "a.html", "html", NULL, NULL) == TERCUME_OK, "a builder");
	skel("<html><body>\n<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	txt("Read ");
	code(TERCUME_RUN_OPEN, "a", "<a href=\"g.html\">");
	txt("the guide");
	code(TERCUME_RUN_CLOSE, "a", "</a>");
	txt(". It is ");
	code(TERCUME_RUN_OPEN, "b", "<b>");
	txt("short. Really.");
	code(TERCUME_RUN_CLOSE, "b", "</b>");
	txt(" ");
	code(TERCUME_RUN_OPEN, "i", "<i>");
	txt("Next");
	code(TERCUME_RUN_CLOSE, "i", "</i>");
	txt(" one.");
	tercume_doc_builder_end_block(db);
	skel("</p>\n<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	txt("Footnote.");
	code(TERCUME_RUN_STANDALONE, "s", "<sup>1</sup>");
	txt(" ");
	code(TERCUME_RUN_STANDALONE, "img", "<img src=\"x.png\">");
	txt("Image first. Tom ");
	CHECK(tercume_doc_builder_text(db, "&", 1, "&amp;", 5) == TERCUME_OK, "an entity's text");
	txt(" Jerry. Use ");
	{
		tercume_code m = { 0 };
		m.kind = TERCUME_RUN_MARKER_START;
		m.id = "k";
		m.translate = TERCUME_HINT_NO;
		m.data = "<kbd>";
		tercume_doc_builder_code(db, &m);
		txt("Ctrl. C");
		m.kind = TERCUME_RUN_MARKER_END;
		m.data = "</kbd>";
		tercume_doc_builder_code(db, &m);
	}
	txt(" now.");
	code(TERCUME_RUN_STANDALONE, "br", "<br>");
	tercume_doc_builder_end_block(db);
	skel("</p>\n<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	code(TERCUME_RUN_OPEN, "1", "<a href=\"y\">");
	txt("Only a link.");
	code(TERCUME_RUN_CLOSE, "1", "</a>");
	tercume_doc_builder_end_block(db);
	skel("</p>\n<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	code(TERCUME_RUN_STANDALONE, "1", "<br>");
	tercume_doc_builder_end_block(db);
	skel("</p>\n<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	tercume_doc_builder_text(db, " Second line.", 13, "\nSecond line.", 13);
	tercume_doc_builder_end_block(db);
	skel("</p>\n</body></html>\n");
	st = tercume_doc_builder_finish(db, &doc);
	CHECK(st == TERCUME_OK && doc, "the document is built");
	if (doc == NULL)
		return;
	n = tercume_doc_unit_count(doc);
	CHECK(n == sizeof want / sizeof want[0], "%zu units (got %zu)", sizeof want / sizeof want[0], n);
	for (size_t i = 0; i < n && i < sizeof want / sizeof want[0]; i++) {
		out = unit_notation(doc, i);
		CHECK_STR(out, want[i], "unit %zu", i);
		free(out);
	}
	CHECK(tercume_doc_block_count(doc) == 4, "a block of markup only makes no block (%zu)",
	      tercume_doc_block_count(doc));
	{
		tercume_unit_info u;
		tercume_doc_unit(doc, 6, &u);
		CHECK(u.n_codes == 2 && u.codes[0].kind == TERCUME_RUN_MARKER_START &&
		      u.codes[0].translate == TERCUME_HINT_NO && strcmp(u.codes[0].data, "<kbd>") == 0,
		      "the marker keeps its attributes and data");
		tercume_doc_unit(doc, 8, &u);
		CHECK(u.line == 7, "a unit's line counts the source's lines (%lu)", u.line);
		tercume_doc_unit(doc, 3, &u);
		CHECK(u.line == 3 && u.block == 1, "unit 3 starts block 2 on line 3");
	}
	CHECK(tercume_doc_render(doc, NULL, &out, &len) == TERCUME_OK, "render");
	CHECK(len == strlen(source) && memcmp(out, source, len) == 0,
	      "the untranslated document is its source byte for byte");
	if (len != strlen(source) || memcmp(out, source, len) != 0)
		printf("# got:\n%s\n", out);
	free(out);
	test_segments_file(doc, source);
	tercume_doc_free(doc);

	/* pairs must close inside their block */
	tercume_doc_builder_new(&db, "b.html", "html", NULL, NULL);
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	code(TERCUME_RUN_OPEN, "1", "<b>");
	txt("Open. Never closed.");
	CHECK(tercume_doc_builder_end_block(db) == TERCUME_EUSAGE,
	      "an unclosed pair in a block is refused");
	CHECK(tercume_doc_builder_finish(db, &doc) == TERCUME_EUSAGE && doc == NULL,
	      "and the document with it");
}

/* ---- the "codes" check, a planted defect each ---- */

static tercume_code src_codes[16];
static size_t n_src_codes;
static const char *src_text;
static tercume_rich_builder *src_b;

/* The source: "Click <1>here</1>, press <2/> and <3>stop <4>now</4></3>; keep
 * <5/><6/> and type <7>Ctrl. C</7>." where 5 and 6 may not move and 7 is a
 * translate="no" span. */
static void
make_source(void)
{
	tercume_code c = { 0 };

	src_b = tercume_rich_builder_new();
	tercume_rich_add_text(src_b, "Click ", 6);
	tercume_rich_open(src_b, "1", "<a>");
	tercume_rich_add_text(src_b, "here", 4);
	tercume_rich_close(src_b, "1", "</a>");
	tercume_rich_add_text(src_b, ", press ", 8);
	tercume_rich_standalone(src_b, "2", "<br>");
	tercume_rich_add_text(src_b, " and ", 5);
	tercume_rich_open(src_b, "3", "<b>");
	tercume_rich_add_text(src_b, "stop ", 5);
	tercume_rich_open(src_b, "4", "<i>");
	tercume_rich_add_text(src_b, "now", 3);
	tercume_rich_close(src_b, "4", "</i>");
	tercume_rich_close(src_b, "3", "</b>");
	tercume_rich_add_text(src_b, "; keep ", 7);
	c.kind = TERCUME_RUN_STANDALONE;
	c.can_reorder = TERCUME_HINT_FIRST_NO;
	c.id = "5";
	tercume_rich_add_code(src_b, &c);
	c.can_reorder = TERCUME_HINT_NO;
	c.id = "6";
	tercume_rich_add_code(src_b, &c);
	tercume_rich_add_text(src_b, " and type ", 10);
	c = (tercume_code){ 0 };
	c.kind = TERCUME_RUN_MARKER_START;
	c.id = "7";
	c.translate = TERCUME_HINT_NO;
	tercume_rich_add_code(src_b, &c);
	tercume_rich_add_text(src_b, "Ctrl. C", 7);
	tercume_rich_marker_end(src_b, "7");
	tercume_rich_add_text(src_b, ".", 1);
	src_text = tercume_rich_builder_text(src_b, NULL);
	memcpy(src_codes, tercume_rich_builder_codes(src_b, &n_src_codes),
	       sizeof src_codes[0] * 12);
}

static char last_message[512];
static size_t n_codes_findings;
static unsigned long last_line;
static char last_unit[32];

static void
collect_codes(const tercume_finding *f, void *user)
{
	(void)user;
	if (strcmp(f->check, "codes") != 0)
		return;
	n_codes_findings++;
	snprintf(last_message, sizeof last_message, "%s", f->message);
	snprintf(last_unit, sizeof last_unit, "%s", f->unit ? f->unit : "");
	last_line = f->line;
}

/* Runs the codes check on a translation given in the notation; returns the
 * number of findings. */
static size_t
codes_findings(const char *target)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_rich_builder *b = tercume_rich_builder_new();
	tercume_check_options opts = TERCUME_CHECK_OPTIONS_INIT;
	tercume_check_result res;
	tercume_entry e = { 0 };

	tercume_rich_parse_notation(b, target, strlen(target), src_codes, n_src_codes);
	e.id = "u7";
	e.source = src_text;
	e.source_codes = src_codes;
	e.n_source_codes = n_src_codes;
	e.target = tercume_rich_builder_text(b, NULL);
	e.target_codes = tercume_rich_builder_codes(b, &e.n_target_codes);
	e.state = TERCUME_STATE_TRANSLATED;
	e.line = 42;
	if (tercume_catalog_add(cat, &e) != TERCUME_OK)
		printf("# cannot add %s\n", target);
	opts.fn = collect_codes;
	n_codes_findings = 0;
	last_message[0] = '\0';
	tercume_catalog_check(cat, &opts, &res, NULL);
	tercume_catalog_free(cat);
	tercume_rich_builder_free(b);
	return n_codes_findings;
}

static void
defect(const char *target, const char *want, const char *what)
{
	size_t n = codes_findings(target);

	CHECK(n == 1 && strstr(last_message, want) != NULL && last_line == 42 &&
	      strcmp(last_unit, "u7") == 0, "codes: %s (%zu: %s)", what, n, last_message);
}

static void
test_codes_check(void)
{
	const char *good = "Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</4></3>; "
			   "<5/><6/> и <7>Ctrl. C</7>.";
	char *out;

	make_source();
	tercume_rich_render(src_text, src_codes, n_src_codes, TERCUME_RENDER_NOTATION, &out, NULL);
	CHECK_STR(out, "Click <1>here</1>, press <2/> and <3>stop <4>now</4></3>; keep <5/><6/> "
		  "and type <7>Ctrl. C</7>.", "the source's notation");
	{
		tercume_rich_builder *b = tercume_rich_builder_new();
		size_t n, len;
		const char *t;
		const tercume_code *c;

		tercume_rich_parse_notation(b, out, strlen(out), src_codes, n_src_codes);
		t = tercume_rich_builder_text(b, &len);
		c = tercume_rich_builder_codes(b, &n);
		CHECK(strcmp(t, src_text) == 0 && n == n_src_codes && strcmp(c[1].data, "</a>") == 0 &&
		      c[7].can_reorder == TERCUME_HINT_FIRST_NO && c[9].translate == TERCUME_HINT_NO,
		      "the notation reads back into the same coded text and codes");
		tercume_rich_builder_free(b);
	}
	free(out);
	CHECK(codes_findings(good) == 0, "codes: a clean translation (%s)", last_message);
	CHECK(codes_findings("<3>Стоп <4>сейчас</4></3>, <2/> и нажмите <1>здесь</1>; <5/><6/> и "
			     "<7>Ctrl. C</7>.") == 0, "codes: moving codes that may move is clean (%s)",
	      last_message);
	defect("Нажмите <1>здесь</1>, и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Ctrl. C</7>.",
	       "<2/> of the source is missing", "a missing placeholder");
	defect("Нажмите <1>здесь</1>, <2/> <9/> и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Ctrl. C</7>.",
	       "has the code <9/>, which the source does not", "an extra code");
	defect("Нажмите <1>здесь</1>, <2/> <2/> и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Ctrl. C</7>.",
	       "<2/> appears 2 times", "a duplicated code");
	defect("Нажмите <1>здесь, <2/> и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Ctrl. C</7>.",
	       "</1> of the source is missing", "a pair left open");
	defect("Нажмите </1>здесь<1>, <2/> и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Ctrl. C</7>.",
	       "</1> comes before <1>", "a pair closed before it opens");
	defect("Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</3></4>; <5/><6/> и <7>Ctrl. C</7>.",
	       "cross", "pairs crossed");
	defect("Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</4></3>; <6/><5/> и <7>Ctrl. C</7>.",
	       "canReorder", "codes moved that may not move");
	defect("Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</4></3>; <5/><6/> и <7>Контрол C</7>.",
	       "translate=\"no\"", "the text of a translate=no span changed");
	tercume_rich_builder_free(src_b);
}

/* ---- merge: each code's data where the translator put it ---- */

static unsigned long merge_warnings_codes;
static char merge_msg[512];

static void
merge_diag(const tercume_diag *d, void *user)
{
	(void)user;
	if (d->check && strcmp(d->check, "codes") == 0) {
		merge_warnings_codes++;
		snprintf(merge_msg, sizeof merge_msg, "%s:%lu: %s", d->file ? d->file : "", d->line,
			 d->message);
	}
}

/* Sets the translation of unit i from the notation. */
static void
translate(tercume_catalog *dst, const tercume_doc *doc, size_t i, const char *notation)
{
	tercume_rich_builder *b = tercume_rich_builder_new();
	tercume_unit_info u;
	tercume_entry e = { 0 };
	char ctx[64];

	tercume_doc_unit(doc, i, &u);
	tercume_rich_parse_notation(b, notation, strlen(notation), u.codes, u.n_codes);
	e.id = u.id;
	e.source = u.text;
	e.source_codes = u.codes;
	e.n_source_codes = u.n_codes;
	e.target = tercume_rich_builder_text(b, NULL);
	e.target_codes = tercume_rich_builder_codes(b, &e.n_target_codes);
	e.state = TERCUME_STATE_TRANSLATED;
	e.context = tercume_doc_unit_context(doc, i, ctx, sizeof ctx);
	e.line = 10 + i;
	CHECK(tercume_catalog_add(dst, &e) == TERCUME_OK, "translation of unit %zu", i);
	tercume_rich_builder_free(b);
}

static void
test_merge_codes(void)
{
	const char *source = "<p>Read <a href=\"g.html\">the guide</a> first.<br> Tom &amp; Jerry "
			     "<b>run</b>.</p>\n";
	const char *want = "<p>Сначала прочтите <a href=\"g.html\">руководство</a>.<br> Tom &amp; Jerry "
			   "<b>run</b>.</p>\n";
	tercume_merge_options opts = TERCUME_MERGE_OPTIONS_INIT;
	tercume_reporter rep = { merge_diag, NULL, 0, 0 };
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_edition *ed = NULL;
	tercume_merge_stats st;
	tercume_doc *doc;
	char *out = NULL;
	size_t len, n;

	tercume_doc_builder_new(&db, "m.html", "html", NULL, NULL);
	skel("<p>");
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	txt("Read ");
	code(TERCUME_RUN_OPEN, "a", "<a href=\"g.html\">");
	txt("the guide");
	code(TERCUME_RUN_CLOSE, "a", "</a>");
	txt(" first.");
	code(TERCUME_RUN_STANDALONE, "br", "<br>");
	txt(" Tom ");
	tercume_doc_builder_text(db, "&", 1, "&amp;", 5);
	txt(" Jerry ");
	code(TERCUME_RUN_OPEN, "b", "<b>");
	txt("run");
	code(TERCUME_RUN_CLOSE, "b", "</b>");
	txt(".");
	tercume_doc_builder_end_block(db);
	skel("</p>\n");
	CHECK(tercume_doc_builder_finish(db, &doc) == TERCUME_OK && tercume_doc_unit_count(doc) == 2,
	      "two units");
	out = unit_notation(doc, 0);
	CHECK_STR(out, "Read <1>the guide</1> first.<2/>", "unit 0");
	free(out);
	out = unit_notation(doc, 1);
	CHECK_STR(out, "Tom & Jerry <1>run</1>.", "unit 1");
	free(out);

	/* the translator moves the link; the second unit's translation drops
	 * the closing code */
	translate(cat, doc, 0, "Сначала прочтите <1>руководство</1>.<2/>");
	translate(cat, doc, 1, "Том и Джерри <1>бегут.");
	CHECK(tercume_merge(&ed, doc, cat, &opts, &st, &rep) == TERCUME_OK, "merge");
	CHECK(st.translated == 1 && st.broken == 1 && st.kept == 1, "one translated, one with broken "
	      "codes kept (%zu, %zu, %zu)", st.translated, st.broken, st.kept);
	CHECK(merge_warnings_codes == 1 && strstr(merge_msg, ":11: ") &&
	      strstr(merge_msg, "</1> of the source is missing"),
	      "the broken unit is reported with its catalogue line (%s)", merge_msg);
	CHECK(tercume_edition_unit_fill(ed, 1) == TERCUME_FILL_BROKEN, "its fill says why");
	tercume_edition_render_text(ed, &out, &len);
	CHECK_STR(out, want, "the link's data where the translator put it; the source kept byte "
		  "for byte where the codes broke");
	free(out);
	tercume_edition_unit_codes(ed, 0, &n);
	CHECK(n == 3, "the edition keeps the translation's codes (%zu)", n);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);

	/* the translation escaped for HTML */
	cat = tercume_catalog_new("en", "ru");
	translate(cat, doc, 1, "<1>Бегут</1> Том & Джерри.");
	tercume_merge(&ed, doc, cat, &opts, &st, NULL);
	tercume_edition_render_text(ed, &out, &len);
	CHECK(strstr(out, "<b>Бегут</b> Том &amp; Джерри.</p>") != NULL,
	      "a translation's & is escaped in an HTML document");
	free(out);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);

	/* an untranslated edition is the source, byte for byte */
	tercume_merge(&ed, doc, NULL, &opts, &st, NULL);
	tercume_edition_render_text(ed, &out, &len);
	CHECK(len == strlen(source) && memcmp(out, source, len) == 0, "the source edition is the source");
	free(out);
	tercume_edition_free(ed);
	tercume_doc_free(doc);
}

/* ---- PO: the notation, the listing, and back ---- */

static bool
same_codes(const tercume_code *a, size_t na, const tercume_code *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const char *fa[] = { a[i].id, a[i].type, a[i].subtype, a[i].data, a[i].display,
				     a[i].equiv, a[i].ref, a[i].value, a[i].extra };
		const char *fb[] = { b[i].id, b[i].type, b[i].subtype, b[i].data, b[i].display,
				     b[i].equiv, b[i].ref, b[i].value, b[i].extra };
		if (a[i].kind != b[i].kind || a[i].can_copy != b[i].can_copy ||
		    a[i].can_delete != b[i].can_delete || a[i].can_reorder != b[i].can_reorder ||
		    a[i].can_overlap != b[i].can_overlap || a[i].translate != b[i].translate)
			return false;
		for (size_t k = 0; k < 9; k++)
			if ((fa[k] == NULL) != (fb[k] == NULL) || (fa[k] && strcmp(fa[k], fb[k]) != 0))
				return false;
	}
	return true;
}

static void
test_po(void)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru"), *back = NULL;
	tercume_rich_builder *t = tercume_rich_builder_new(), *p = tercume_rich_builder_new();
	tercume_reporter rep = { 0 };
	const tercume_entry *x, *y;
	tercume_entry e = { 0 };
	char *po = NULL, *po2 = NULL;
	size_t len, len2;
	tercume_code img = { 0 };

	make_source();
	{
		const char *tn = "Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</4></3>; "
				 "<5/><6/> и <7>Ctrl. C</7> <<1> < 2.";
		tercume_rich_parse_notation(t, tn, strlen(tn), src_codes, n_src_codes);
	}
	tercume_rich_add_text(p, "Click ", 6);
	tercume_rich_open(p, "1", "<a>");
	tercume_rich_add_text(p, "there", 5);
	tercume_rich_close(p, "1", "</a>");
	img.kind = TERCUME_RUN_STANDALONE;
	img.id = "img";
	img.data = "<img src=\"a\nb\">";
	img.display = "[image]";
	img.type = "image";
	tercume_rich_add_code(p, &img);
	e.id = "u1";
	e.source = src_text;
	e.source_codes = src_codes;
	e.n_source_codes = n_src_codes;
	e.target = tercume_rich_builder_text(t, NULL);
	e.target_codes = tercume_rich_builder_codes(t, &e.n_target_codes);
	e.previous_source = tercume_rich_builder_text(p, NULL);
	e.previous_codes = tercume_rich_builder_codes(p, &e.n_previous_codes);
	e.state = TERCUME_STATE_FUZZY;
	e.context = "paragraph 2";
	tercume_catalog_add(cat, &e);
	e = (tercume_entry){ 0 };
	e.id = "u2";
	e.source = "A plain <1>tag</1> & <b>.";
	e.target = "Простой <1>тег</1> & <b>.";
	e.state = TERCUME_STATE_TRANSLATED;
	e.context = "paragraph 3";
	tercume_catalog_add(cat, &e);

	CHECK(tercume_catalog_format(cat, TERCUME_FORMAT_PO, &po, &len, &rep) == TERCUME_OK, "PO");
	CHECK(po && strstr(po, "msgid \"\"\n\"Click <1>here</1>, press <2/> and <3>stop <4>now</4></3>; "
			   "keep <5/><6/> and \"\n\"type <7>Ctrl. C</7>.\"\n") != NULL,
	      "msgid in the notation");
	CHECK(po && strstr(po, "msgstr \"\"\n\"Нажмите <1>здесь</1>, <2/> и <3>стоп <4>сейчас</4></3>; "
			   "<5/><6/> и <7>Ctrl. \"\n\"C</7> <<1> < 2.\"") != NULL,
	      "msgstr in the notation, a literal <1> escaped, a lone < not");
	CHECK(po && strstr(po, "#. paragraph 2\n#. code <1> open data=\"<a>\"\n#. code </1> close "
			   "data=\"</a>\"\n#. code <2/> ph data=\"<br>\"\n") != NULL,
	      "the context, then one listing line per code");
	CHECK(po && strstr(po, "#. code <5/> ph reorder=\"firstNo\"\n") &&
	      strstr(po, "#. code <7> mstart translate=\"no\"\n"), "hints in the listing");
	CHECK(po && strstr(po, "#. code <img/> ph data=\"<img src=\\\"a\\nb\\\">\" type=\"image\" "
			   "disp=\"[image]\"\n"), "a code of the previous source only, escaped");
	CHECK(po && strstr(po, "#| msgid \"Click <1>there</1><img/>\"\n"), "the previous msgid in the notation");
	CHECK(po && strstr(po, "msgid \"A plain <1>tag</1> & <b>.\"\n"), "a plain entry is written as it is");
	if (po == NULL)
		goto out;
	CHECK(tercume_catalog_parse(&back, "x.po", po, len, TERCUME_FORMAT_AUTO, &rep) == TERCUME_OK,
	      "reads back (%lu errors)", rep.errors);
	if (back == NULL)
		goto out;
	x = tercume_catalog_entry(cat, 0);
	y = tercume_catalog_find(back, "u1");
	CHECK(y && strcmp(y->source, x->source) == 0 &&
	      same_codes(x->source_codes, x->n_source_codes, y->source_codes, y->n_source_codes),
	      "the source's codes come back with every field");
	CHECK(y && y->target && strcmp(y->target, x->target) == 0 &&
	      same_codes(x->target_codes, x->n_target_codes, y->target_codes, y->n_target_codes),
	      "the translation's codes come back by id, with the source's data");
	CHECK(y && y->previous_source && strcmp(y->previous_source, x->previous_source) == 0 &&
	      same_codes(x->previous_codes, x->n_previous_codes, y->previous_codes, y->n_previous_codes),
	      "the previous source's codes come back");
	CHECK(y && y->context && strcmp(y->context, "paragraph 2") == 0, "the context without the listing");
	y = tercume_catalog_find(back, "u2");
	CHECK(y && strcmp(y->source, "A plain <1>tag</1> & <b>.") == 0 && y->n_source_codes == 0 &&
	      y->n_target_codes == 0, "a plain entry's <1> stays text");
	tercume_catalog_format(back, TERCUME_FORMAT_PO, &po2, &len2, &rep);
	CHECK(po2 && len2 == len && memcmp(po, po2, len) == 0, "written again: the same bytes");
	free(po2);
	tercume_catalog_free(back);
	back = NULL;

	/* a translator's slip: a tag that is not the source's */
	{
		char *bad = malloc(len + 32), *at;
		tercume_check_options opts = TERCUME_CHECK_OPTIONS_INIT;
		tercume_check_result res;

		at = strstr(po, "<<1> < 2.");
		if (at == NULL)
			goto out;
		memcpy(bad, po, (size_t)(at - po));
		strcpy(bad + (at - po), "<8/>");
		strcat(bad, at + 9);
		rep = (tercume_reporter){ 0 };
		CHECK(tercume_catalog_parse(&back, "y.po", bad, strlen(bad), TERCUME_FORMAT_PO, &rep) ==
		      TERCUME_OK, "a translation with an unknown tag reads");
		y = back ? tercume_catalog_find(back, "u1") : NULL;
		CHECK(y && y->n_target_codes == 12 && y->target_codes[11].data == NULL &&
		      strcmp(y->target_codes[11].id, "8") == 0,
		      "as a code without data");
		opts.fn = collect_codes;
		n_codes_findings = 0;
		tercume_catalog_set_target_lang(back, "ru");
		tercume_catalog_check(back, &opts, &res, NULL);
		/* fuzzy translations are checked too (they may be published) */
		CHECK(n_codes_findings == 1 && strstr(last_message, "<8/>"),
		      "the codes check names the tag that is not the source's (%s)", last_message);
		tercume_catalog_free(back);
		back = NULL;
		/* a broken listing line */
		strcpy(bad, po);
		at = strstr(bad, "#. code </1> close");
		memcpy(at, "#. code </1> clos ", 18);
		rep = (tercume_reporter){ 0 };
		CHECK(tercume_catalog_parse(&back, "z.po", bad, strlen(bad), TERCUME_FORMAT_PO, &rep) ==
		      TERCUME_EINPUT && rep.errors == 1, "a malformed listing line is an error");
		free(bad);
	}
out:
	free(po);
	tercume_catalog_free(cat);
	tercume_rich_builder_free(t);
	tercume_rich_builder_free(p);
	tercume_rich_builder_free(src_b);
}

/* ---- TMX: <bpt>/<ept>/<ph>/<it> with the original data ---- */

static void
test_tmx(void)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru"), *back = NULL;
	const tercume_catalog *cats[1] = { cat };
	tercume_rich_builder *src = tercume_rich_builder_new(), *tgt = tercume_rich_builder_new();
	tercume_reporter rep = { 0 };
	tercume_entry e = { 0 };
	const tercume_entry *y;
	tercume_code c = { 0 };
	char *tmx = NULL, path[] = "/tmp/tercume-test-rich.XXXXXX";
	size_t len;
	int fd;

	tercume_rich_add_text(src, "Press ", 6);
	c.kind = TERCUME_RUN_OPEN;
	c.id = "1";
	c.type = "fmt";
	c.subtype = "xlf:b";
	c.data = "<b>";
	tercume_rich_add_code(src, &c);
	tercume_rich_add_text(src, "Enter", 5);
	c.kind = TERCUME_RUN_CLOSE;
	c.data = "</b>";
	tercume_rich_add_code(src, &c);
	tercume_rich_add_text(src, " & wait.", 8);
	tercume_rich_standalone(src, "br", "<br/>");
	c = (tercume_code){ .kind = TERCUME_RUN_ISOLATED_OPEN, .id = "3", .type = "link", .data = "<a href=\"x\">" };
	tercume_rich_add_code(src, &c);
	{
		const char *n = "<br/>Нажмите <1>Enter</1> и ждите.<3>";
		tercume_rich_parse_notation(tgt, n, strlen(n), tercume_rich_builder_codes(src, NULL), 4);
	}
	e.id = "u1";
	e.source = tercume_rich_builder_text(src, NULL);
	e.source_codes = tercume_rich_builder_codes(src, &e.n_source_codes);
	e.target = tercume_rich_builder_text(tgt, NULL);
	e.target_codes = tercume_rich_builder_codes(tgt, &e.n_target_codes);
	e.state = TERCUME_STATE_TRANSLATED;
	CHECK(tercume_catalog_add(cat, &e) == TERCUME_OK, "an entry with codes");
	CHECK(tercume_tmx_format(cats, 1, &tmx, &len) == TERCUME_OK, "TMX");
	CHECK(tmx && strstr(tmx, "<seg>Press <bpt i=\"1\" x=\"1\" type=\"bold\">&lt;b&gt;</bpt>Enter"
			    "<ept i=\"1\">&lt;/b&gt;</ept> &amp; wait.<ph x=\"100002\">&lt;br/&gt;</ph>"
			    "<it pos=\"begin\" x=\"3\" type=\"link\">&lt;a href=&quot;x&quot;&gt;</it></seg>"),
	      "the source's codes as TMX elements with their data");
	CHECK(tmx && strstr(tmx, "<seg><ph x=\"100002\">&lt;br/&gt;</ph>Нажмите <bpt i=\"1\" x=\"1\" "
			    "type=\"bold\">&lt;b&gt;</bpt>Enter<ept i=\"1\">&lt;/b&gt;</ept> и ждите."
			    "<it pos=\"begin\" x=\"3\" type=\"link\">&lt;a href=&quot;x&quot;&gt;</it></seg>"),
	      "the translation's, numbered as the source's");
	if (tmx == NULL || (fd = mkstemp(path)) < 0)
		goto out;
	if (write(fd, tmx, len) != (ssize_t)len)
		printf("# short write\n");
	close(fd);
	CHECK(tercume_tmx_read(&back, path, "en", "ru", &rep) == TERCUME_OK, "reads back");
	unlink(path);
	y = back ? tercume_catalog_entry(back, 0) : NULL;
	CHECK(y && y->n_source_codes == 4 && y->n_target_codes == 4, "with every code");
	if (y && y->n_source_codes == 4 && y->n_target_codes == 4) {
		char *a = NULL, *b = NULL;
		tercume_rich_render(y->source, y->source_codes, 4, TERCUME_RENDER_DATA, &a, NULL);
		CHECK_STR(a, "Press <b>Enter</b> & wait.<br/><a href=\"x\">", "the source's data back");
		tercume_rich_render(y->target, y->target_codes, 4, TERCUME_RENDER_NOTATION, &b, NULL);
		CHECK_STR(b, "<100002/>Нажмите <1>Enter</1> и ждите.<3>",
			  "the translation's codes match the source's by id");
		CHECK(strcmp(y->source_codes[0].subtype, "xlf:b") == 0 &&
		      y->source_codes[3].kind == TERCUME_RUN_ISOLATED_OPEN &&
		      strcmp(y->source_codes[3].type, "link") == 0, "types and kinds back");
		free(a);
		free(b);
	}
out:
	free(tmx);
	tercume_catalog_free(back);
	tercume_catalog_free(cat);
	tercume_rich_builder_free(src);
	tercume_rich_builder_free(tgt);
}

/* ---- update and word counts ignore the markers ---- */

static tercume_doc *
one_unit_doc(const char *before, const char *link, const char *after)
{
	tercume_doc *doc = NULL;

	tercume_doc_builder_new(&db, "u.html", "html", NULL, NULL);
	tercume_doc_builder_begin_block(db, TERCUME_ROLE_PARAGRAPH);
	txt(before);
	code(TERCUME_RUN_OPEN, "a", "<a href=\"g.html\">");
	txt(link);
	code(TERCUME_RUN_CLOSE, "a", "</a>");
	txt(after);
	tercume_doc_builder_end_block(db);
	tercume_doc_builder_finish(db, &doc);
	return doc;
}

static void
test_update_and_counts(void)
{
	tercume_doc *v1 = one_unit_doc("Please read ", "the installation guide", " before you start."),
		    *v2 = one_unit_doc("Please read ", "the installation guide", " before you begin.");
	tercume_catalog *old = tercume_catalog_new("en", "ru"), *upd = NULL;
	tercume_update_stats us;
	tercume_counts counts;
	tercume_unit_info u;
	const tercume_entry *e;
	unsigned long words;

	CHECK(v1 && v2, "two versions of a unit with a link");
	if (!v1 || !v2)
		return;
	tercume_doc_unit(v1, 0, &u);
	CHECK(tercume_word_count(u.text, "en", &words) == TERCUME_OK && words == 8,
	      "the markers are not words (%lu)", words);
	CHECK(tercume_similarity(u.text, "Please read the installation guide before you start.") == 100,
	      "similarity reads the text without its codes");
	translate(old, v1, 0, "Прочтите <1>руководство по установке</1>, прежде чем начать.");
	tercume_catalog_counts(old, &counts);
	CHECK(counts.words[TERCUME_STATE_TRANSLATED] == 8, "catalogue word counts too (%lu)",
	      counts.words[TERCUME_STATE_TRANSLATED]);
	CHECK(tercume_catalog_update(old, v2, NULL, &upd, &us) == TERCUME_OK && us.fuzzy == 1,
	      "the edited unit gets a fuzzy suggestion");
	e = upd ? tercume_catalog_entry(upd, 0) : NULL;
	CHECK(e && e->state == TERCUME_STATE_FUZZY && e->n_source_codes == 2 && e->n_target_codes == 2 &&
	      e->n_previous_codes == 2 && e->match_score > 80,
	      "its source, translation and previous source keep their codes (score %d)",
	      e ? e->match_score : 0);
	CHECK(e && e->context && strcmp(e->context, "paragraph 1") == 0 && e->place.ordinal == 1,
	      "the place travels as numbers, the note made from them");
	tercume_catalog_free(upd);
	tercume_catalog_free(old);
	tercume_doc_free(v1);
	tercume_doc_free(v2);
}

int
main(void)
{
	test_builder_and_runs();
	test_notation_escapes();
	test_refusals();
	test_places();
	test_catalogue();
	test_doc_builder();
	test_codes_check();
	test_merge_codes();
	test_po();
	test_tmx();
	test_update_and_counts();
	return tap_done();
}
