/* test-merge.c — editions: the fallback policy, the text layout and the
 * HTML page, with catalogues built in memory. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

/* ---- a reporter that remembers what it was told ---- */

typedef struct seen {
	int n;			/* diagnostics */
	int errors;
	int by_check[8];	/* untranslated, fuzzy, stale, unknown-id, line-break, other */
	unsigned long last_line;
	char last_file[256];
	char last_message[512];
} seen;

static const char *const checks[] = { "untranslated", "fuzzy", "stale", "unknown-id", "line-break" };

static void
remember(const tercume_diag *d, void *user)
{
	seen *s = user;
	size_t k;

	s->n++;
	if (d->severity == TERCUME_SEV_ERROR)
		s->errors++;
	for (k = 0; k < 5; k++)
		if (d->check && strcmp(d->check, checks[k]) == 0)
			break;
	s->by_check[k]++;
	s->last_line = d->line;
	snprintf(s->last_file, sizeof s->last_file, "%s", d->file ? d->file : "");
	snprintf(s->last_message, sizeof s->last_message, "%s", d->message);
}

static tercume_reporter
reporter(seen *s)
{
	tercume_reporter r = { remember, s, 0, 0 };

	memset(s, 0, sizeof *s);
	return r;
}

/* ---- helpers ---- */

static const char *top;

static tercume_doc *
article(void)
{
	char path[4096];
	tercume_doc *doc = NULL;

	snprintf(path, sizeof path, "%s/segments/aliyev-putin-2024.seg", top);
	if (tercume_segments_read(&doc, path, NULL) != TERCUME_OK)
		return NULL;
	return doc;
}

static tercume_doc *
from_text(const char *text)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_doc *doc = NULL;

	if (tercume_doc_from_text(&doc, "mem.txt", text, strlen(text), &o, NULL) != TERCUME_OK)
		return NULL;
	return doc;
}

/* A Russian "translation" that shares no word with the English. */
static void
fake_translation(const char *id, char *buf, size_t size)
{
	snprintf(buf, size, "ПЕРЕВОД предложения %s.", id);
}

/* A catalogue of doc with every unit translated, except that unit `skip`
 * (when not -1) gets state `state`.  Entry k is on line 10 * (k + 1). */
static tercume_catalog *
catalogue(const tercume_doc *doc, long skip, tercume_state state, bool with_target)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");

	for (size_t i = 0; cat && i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_entry e = { 0 };
		char target[128], ctx[64];

		tercume_doc_unit(doc, i, &u);
		fake_translation(u.id, target, sizeof target);
		e.id = u.id;
		e.source = u.text;
		e.context = tercume_doc_unit_context(doc, i, ctx, sizeof ctx);
		e.state = TERCUME_STATE_TRANSLATED;
		e.target = target;
		e.line = 10 * (i + 1);
		if ((long)i == skip) {
			e.state = state;
			if (!with_target)
				e.target = NULL;
		}
		if (tercume_catalog_add(cat, &e) != TERCUME_OK) {
			tercume_catalog_free(cat);
			return NULL;
		}
	}
	return cat;
}

static char *
render(const tercume_edition *ed, size_t *len)
{
	char *out = NULL;

	if (ed == NULL || tercume_edition_render_text(ed, &out, len) != TERCUME_OK)
		return NULL;
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static const char *
unit_text(const tercume_doc *doc, size_t i)
{
	tercume_unit_info u;

	tercume_doc_unit(doc, i, &u);
	return u.text;
}

/* ---- tests ---- */

static void
test_empty_catalogue(tercume_doc *doc)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *src = NULL, *out;
	size_t src_len = 0, len = 0;
	seen s;
	tercume_reporter rep = reporter(&s);

	tercume_merge_options any = TERCUME_MERGE_OPTIONS_INIT;

	tercume_doc_render(doc, NULL, &src, &src_len);
	/* By default an edition with nothing translated is refused (issue 12). */
	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_EINPUT && ed == NULL &&
	      st.refused && s.errors == 1 && strstr(s.last_message, "hardly translated") &&
	      strstr(s.last_message, "--min-coverage 0"),
	      "empty catalogue: refused by the default floor, saying how to make it anyway");
	rep = reporter(&s);
	any.min_coverage = 0;
	CHECK(tercume_merge(&ed, doc, cat, &any, &st, &rep) == TERCUME_OK, "empty catalogue: merged");
	out = render(ed, &len);
	CHECK(out && len == src_len && memcmp(out, src, len) == 0,
	      "empty catalogue: the source comes back byte for byte");
	CHECK(st.units == 69 && st.kept == 69 && st.untranslated == 69 && st.translated == 0,
	      "empty catalogue: 69 units kept (got %zu of %zu)", st.kept, st.units);
	CHECK(s.by_check[0] == 69 && s.errors == 0, "empty catalogue: a warning per unit (%d)",
	      s.by_check[0]);
	CHECK(strstr(s.last_message, "the source text is kept") != NULL,
	      "empty catalogue: the warning says the source is kept");
	CHECK(ed && strcmp(tercume_edition_lang(ed), "ru") == 0, "the edition's language is the catalogue's");
	free(out);
	free(src);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
}

static void
test_full(tercume_doc *doc)
{
	tercume_catalog *cat = catalogue(doc, -1, TERCUME_STATE_TRANSLATED, true);
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	const char *head = "ПЕРЕВОД предложения 4c1ea835.\nПЕРЕВОД предложения 08e6177b. "
			   "ПЕРЕВОД предложения d6ece7b4.\n";
	char *src = NULL, *out, summary[256];
	size_t src_len = 0, len = 0, english = 0;
	seen s;
	tercume_reporter rep = reporter(&s);

	tercume_doc_render(doc, NULL, &src, &src_len);
	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK, "full: merged");
	out = render(ed, &len);
	CHECK(out != NULL, "full: rendered");
	for (size_t i = 0; out && i < tercume_doc_unit_count(doc); i++)
		if (strstr(out, unit_text(doc, i)))
			english++;
	CHECK(out && english == 0, "full: no source sentence left (%zu)", english);
	CHECK(out && count(out, "ПЕРЕВОД") == 69, "full: 69 translations in the edition");
	CHECK(out && count(out, "\n") == count(src, "\n"), "full: the same lines as the source");
	CHECK(out && strncmp(out, head, strlen(head)) == 0,
	      "full: units in place, sentences of a paragraph on one line");
	CHECK(out && len > 0 && src_len > 0 && (out[len - 1] == '\n') == (src[src_len - 1] == '\n'),
	      "full: a final newline only if the source has one");
	CHECK(st.translated == 69 && st.kept == 0 && st.coverage == 100.0 && s.n == 0,
	      "full: 69 translated, nothing reported");
	CHECK_STR(tercume_merge_summary(&st, "ru", "en", summary, sizeof summary),
		  "ru: 69 units, 69 translated, 0 fuzzy used, 0 kept in English, 0 stale",
		  "full: the summary");
	CHECK(ed && tercume_edition_unit_fill(ed, 5) == TERCUME_FILL_TRANSLATED &&
	      strncmp(tercume_edition_unit_text(ed, 5), "ПЕРЕВОД", 14) == 0,
	      "full: unit text and fill");
	free(out);
	free(src);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
}

static void
test_layout(void)
{
	char path[4096], *data = NULL, *out = NULL;
	size_t len = 0, out_len = 0;
	tercume_doc *doc = NULL;
	tercume_catalog *cat;
	tercume_edition *ed = NULL;
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;

	snprintf(path, sizeof path, "%s/tests/data/wrapped-crlf-bom.txt", top);
	if (tercume_read_file(path, &data, &len, NULL) != TERCUME_OK ||
	    tercume_doc_from_text(&doc, path, data, len, &o, NULL) != TERCUME_OK) {
		CHECK(0, "layout: read %s", path);
		free(data);
		return;
	}
	cat = catalogue(doc, -1, TERCUME_STATE_TRANSLATED, true);
	CHECK(tercume_merge(&ed, doc, cat, NULL, NULL, NULL) == TERCUME_OK, "layout: merged");
	out = render(ed, &out_len);
	CHECK(out && strncmp(out, "\xEF\xBB\xBF", 3) == 0, "layout: the BOM is kept");
	CHECK(out && count(out, "\r\n\r\n") == count(data, "\r\n\r\n") && count(out, "\r\n") > 0 &&
	      count(out, "\r\n") == count(out, "\n"), "layout: blank-line blocks and CRLF kept");
	CHECK(out && out_len >= 2 && memcmp(out + out_len - 2, data + len - 2, 2) == 0,
	      "layout: the end of the file as the source");
	free(out);
	free(data);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
}

static void
test_missing(tercume_doc *doc)
{
	/* Unit 3 ("As Allies") has an entry without a translation; unit 4 has
	 * none at all. */
	tercume_catalog *full = catalogue(doc, 3, TERCUME_STATE_UNTRANSLATED, false);
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_merge_options fail = TERCUME_MERGE_OPTIONS_INIT;
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	for (size_t k = 0; k < tercume_catalog_count(full); k++)
		if (k != 4)
			tercume_catalog_add(cat, tercume_catalog_entry(full, k));
	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK, "missing: merged");
	out = render(ed, NULL);
	CHECK(out && strstr(out, "\nAs Allies\n") && strstr(out, unit_text(doc, 4)),
	      "missing: both units keep their source text");
	CHECK(st.translated == 67 && st.kept == 2 && st.untranslated == 2,
	      "missing: 67 translated, 2 kept");
	CHECK(s.by_check[0] == 2 && s.errors == 0, "missing: two warnings");
	CHECK(s.last_line == 4 && strstr(s.last_file, "aliyev-putin-2024.en.txt") &&
	      strstr(s.last_message, "927206cb"),
	      "missing: a unit without entry is reported at its article line (%s:%lu)",
	      s.last_file, s.last_line);
	free(out);
	tercume_edition_free(ed);

	fail.fallback = TERCUME_FALLBACK_FAIL;
	rep = reporter(&s);
	CHECK(tercume_merge(&ed, doc, cat, &fail, &st, &rep) == TERCUME_EINPUT && ed == NULL,
	      "fallback fail: refused, no edition");
	CHECK(st.refused && s.errors == 3, "fallback fail: an error per unit and one verdict (%d)",
	      s.errors);
	tercume_catalog_free(cat);
	tercume_catalog_free(full);
}

static void
test_fuzzy(tercume_doc *doc)
{
	tercume_catalog *cat = catalogue(doc, 2, TERCUME_STATE_FUZZY, true);
	tercume_merge_options use = TERCUME_MERGE_OPTIONS_INIT;
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK, "fuzzy: merged");
	out = render(ed, NULL);
	CHECK(out && strstr(out, unit_text(doc, 2)) && count(out, "ПЕРЕВОД") == 68,
	      "fuzzy: not used unless asked");
	CHECK(st.fuzzy_skipped == 1 && st.kept == 1 && st.fuzzy_used == 0 && s.by_check[1] == 1,
	      "fuzzy: counted and reported");
	CHECK(s.last_line == 30, "fuzzy: reported at the entry's line (%lu)", s.last_line);
	CHECK(ed && tercume_edition_unit_fill(ed, 2) == TERCUME_FILL_FUZZY_SKIPPED, "fuzzy: fill");
	free(out);
	tercume_edition_free(ed);

	use.use_fuzzy = 1;
	rep = reporter(&s);
	CHECK(tercume_merge(&ed, doc, cat, &use, &st, &rep) == TERCUME_OK, "use-fuzzy: merged");
	out = render(ed, NULL);
	CHECK(out && !strstr(out, unit_text(doc, 2)) && count(out, "ПЕРЕВОД") == 69,
	      "use-fuzzy: the fuzzy translation is used");
	CHECK(st.fuzzy_used == 1 && st.translated == 68 && st.kept == 0 && s.n == 0,
	      "use-fuzzy: counted, nothing reported");
	free(out);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
}

static void
test_stale(tercume_doc *doc)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_catalog *full = catalogue(doc, -1, TERCUME_STATE_TRANSLATED, true);
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	/* The recorded source of unit 0 was edited in the catalogue. */
	for (size_t k = 0; k < tercume_catalog_count(full); k++) {
		tercume_entry e = *tercume_catalog_entry(full, k);
		if (k == 0)
			e.source = "Author: Natiq MAMEDZADE";
		tercume_catalog_add(cat, &e);
	}
	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK, "stale: merged");
	out = render(ed, NULL);
	CHECK(out && strncmp(out, "Author: Natig MAMEDZADE\n", 24) == 0, "stale: the source is kept");
	CHECK(st.stale == 1 && st.kept == 1 && s.by_check[2] == 1 && s.last_line == 10,
	      "stale: counted, reported at the entry's line");
	CHECK(ed && tercume_edition_unit_fill(ed, 0) == TERCUME_FILL_STALE, "stale: fill");
	free(out);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_catalog_free(full);
}

/* The article is edited after translation: the edited sentence has a new
 * ID, its old entry an unknown one at the same place. */
static void
test_stale_after_edit(void)
{
	const char *before = "Title Line\nFirst sentence here. Second sentence here.\nThird one.\n";
	const char *after = "Title Line\nFirst sentence here. Second sentence, edited.\nThird one.\n";
	tercume_doc *old = from_text(before), *doc = from_text(after);
	tercume_catalog *cat = old ? catalogue(old, -1, TERCUME_STATE_TRANSLATED, true) : NULL;
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	CHECK(cat && doc && tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK,
	      "edited: merged");
	out = render(ed, NULL);
	CHECK(out && strstr(out, "Second sentence, edited.") && count(out, "ПЕРЕВОД") == 3,
	      "edited: the edited sentence stays in English, the rest translated");
	CHECK(st.stale == 1 && st.unknown == 0 && s.by_check[2] == 1 && s.by_check[3] == 0,
	      "edited: the old translation is stale, not an unknown ID");
	free(out);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_doc_free(old);
	tercume_doc_free(doc);
}

static void
test_unknown_obsolete(tercume_doc *doc)
{
	tercume_catalog *cat = catalogue(doc, -1, TERCUME_STATE_TRANSLATED, true);
	tercume_merge_options fail = TERCUME_MERGE_OPTIONS_INIT;
	tercume_entry unknown = { 0 }, obsolete = { 0 };
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	unknown.id = "deadbeef";
	unknown.source = "A sentence from another article.";
	unknown.target = "Предложение из другой статьи.";
	unknown.state = TERCUME_STATE_TRANSLATED;
	unknown.context = "paragraph 99";
	unknown.line = 1234;
	obsolete.id = "08e6177b";
	obsolete.source = unit_text(doc, 1);
	obsolete.target = "УСТАРЕВШЕЕ.";
	obsolete.state = TERCUME_STATE_OBSOLETE;
	tercume_catalog_add(cat, &unknown);
	tercume_catalog_add(cat, &obsolete);
	CHECK(tercume_merge(&ed, doc, cat, NULL, &st, &rep) == TERCUME_OK, "unknown: merged");
	out = render(ed, NULL);
	CHECK(st.unknown == 1 && st.obsolete == 1 && st.translated == 69,
	      "unknown: one unknown ID, one obsolete entry, all units translated");
	CHECK(s.by_check[3] == 1 && s.n == 1 && s.errors == 0 && s.last_line == 1234 &&
	      strstr(s.last_message, "deadbeef"), "unknown: a warning naming the ID and line");
	CHECK(out && !strstr(out, "Предложение из другой") && !strstr(out, "УСТАРЕВШЕЕ"),
	      "unknown and obsolete entries are not used");
	free(out);
	tercume_edition_free(ed);

	fail.fallback = TERCUME_FALLBACK_FAIL;
	rep = reporter(&s);
	CHECK(tercume_merge(&ed, doc, cat, &fail, &st, &rep) == TERCUME_EINPUT && ed == NULL &&
	      st.refused, "unknown with fallback fail: refused");
	tercume_catalog_free(cat);
}

static void
test_coverage(tercume_doc *doc)
{
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_catalog *full = catalogue(doc, -1, TERCUME_STATE_TRANSLATED, true);
	tercume_merge_options o = TERCUME_MERGE_OPTIONS_INIT;
	tercume_merge_stats st;
	tercume_edition *ed = NULL;
	seen s;
	tercume_reporter rep = reporter(&s);

	/* 46 of 69 units: 66.7 %. */
	for (size_t k = 0; k < 46; k++)
		tercume_catalog_add(cat, tercume_catalog_entry(full, k));
	o.min_coverage = 70;
	CHECK(tercume_merge(&ed, doc, cat, &o, &st, &rep) == TERCUME_EINPUT && ed == NULL,
	      "coverage 66.7%% < 70%%: refused");
	CHECK(st.refused && st.coverage > 66.6 && st.coverage < 66.7 && s.errors == 1 &&
	      strstr(s.last_message, "66.7%"), "coverage: one error with the share (%s)",
	      s.last_message);
	o.min_coverage = 66.5;
	rep = reporter(&s);
	CHECK(tercume_merge(&ed, doc, cat, &o, &st, &rep) == TERCUME_OK && ed != NULL &&
	      !st.refused, "coverage 66.7%% >= 66.5%%: written");
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_catalog_free(full);
}

static void
test_misc(tercume_doc *doc)
{
	tercume_catalog *pot = tercume_catalog_new("en", NULL);
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_merge_options any = TERCUME_MERGE_OPTIONS_INIT;
	tercume_entry e = { 0 };
	tercume_edition *ed = NULL;
	char *out;
	seen s;
	tercume_reporter rep = reporter(&s);

	CHECK(tercume_merge(&ed, doc, pot, NULL, NULL, &rep) == TERCUME_EUSAGE && ed == NULL &&
	      s.errors == 1, "a template is refused");
	e.id = "4c1ea835";
	e.source = "Author: Natig MAMEDZADE";
	e.target = "Автор:\nНатиг МАМЕДЗАДЕ";
	e.state = TERCUME_STATE_TRANSLATED;
	tercume_catalog_add(cat, &e);
	rep = reporter(&s);
	any.min_coverage = 0;
	tercume_merge(&ed, doc, cat, &any, NULL, &rep);
	out = render(ed, NULL);
	CHECK(out && strncmp(out, "Автор: Натиг МАМЕДЗАДЕ\n", strlen("Автор: Натиг МАМЕДЗАДЕ\n")) == 0 && s.by_check[4] == 1,
	      "a line break in a translation is folded, with a warning");
	free(out);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_catalog_free(pot);
}

/* ---- HTML ---- */

static int
xpath_count(xmlDocPtr d, const char *expr)
{
	xmlXPathContextPtr x = xmlXPathNewContext(d);
	xmlXPathObjectPtr r = x ? xmlXPathEvalExpression(BAD_CAST expr, x) : NULL;
	int n = r && r->nodesetval ? r->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(r);
	xmlXPathFreeContext(x);
	return n;
}

static char *
xpath_string(xmlDocPtr d, const char *expr)
{
	xmlXPathContextPtr x = xmlXPathNewContext(d);
	xmlXPathObjectPtr r = x ? xmlXPathEvalExpression(BAD_CAST expr, x) : NULL;
	char *s = r && r->stringval ? strdup((const char *)r->stringval) : NULL;

	xmlXPathFreeObject(r);
	xmlXPathFreeContext(x);
	return s;
}

static void
test_html(tercume_doc *doc)
{
	tercume_catalog *cat = catalogue(doc, 4, TERCUME_STATE_UNTRANSLATED, false);
	tercume_html_options o = TERCUME_HTML_OPTIONS_INIT;
	tercume_edition *ed = NULL;
	char *page = NULL, *s;
	size_t len = 0;
	xmlDocPtr d;

	tercume_merge(&ed, doc, cat, NULL, NULL, NULL);
	CHECK(ed && tercume_edition_render_html(ed, NULL, &page, &len, NULL) == TERCUME_OK &&
	      page && len == strlen(page), "html: rendered");
	if (page == NULL) {
		tercume_edition_free(ed);
		tercume_catalog_free(cat);
		return;
	}
	CHECK(strncmp(page, "<!DOCTYPE html>\n<html lang=\"ru\">", 32) == 0, "html: HTML5 doctype, lang");
	CHECK(strstr(page, "<meta charset=\"utf-8\">") && !strstr(page, "&#") &&
	      strstr(page, "ПЕРЕВОД"), "html: UTF-8 text, not character references");
	CHECK(count(page, "<p") == count(page, "</p>"), "html: every paragraph closed");
	d = htmlReadMemory(page, (int)len, "page.html", "UTF-8",
			   HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	CHECK(d != NULL, "html: parses back");
	if (d) {
		CHECK((s = xpath_string(d, "string(/html/@lang)")) && strcmp(s, "ru") == 0, "html: lang=ru");
		free(s);
		s = xpath_string(d, "string(/html/head/title)");
		CHECK_STR(s, "ПЕРЕВОД предложения 08e6177b.", "html: the title is the lead paragraph's first sentence");
		free(s);
		CHECK(xpath_count(d, "//h2") == 3, "html: three headings as h2");
		CHECK(xpath_count(d, "//h1") == 0, "html: no h1 (the article does not open with a heading)");
		CHECK(xpath_count(d, "//article/p") == 25, "html: 25 paragraphs (%d)", xpath_count(d, "//article/p"));
		CHECK(xpath_count(d, "//p[@class='byline']") == 1 && xpath_count(d, "//p[@class='label']") == 1,
		      "html: the byline and the label have their classes");
		s = xpath_string(d, "string(//article/p[2])");
		CHECK_STR(s, "ПЕРЕВОД предложения 08e6177b. ПЕРЕВОД предложения d6ece7b4.",
			  "html: a paragraph's sentences joined by a space");
		free(s);
		s = xpath_string(d, "string(//h2[1]/following-sibling::p[1])");
		CHECK_STR(s, unit_text(doc, 4), "html: an untranslated unit in its source text");
		free(s);
		CHECK(xpath_count(d, "/html/head/style") == 1, "html: an inline style sheet");
		xmlFreeDoc(d);
	}
	free(page);
	page = NULL;
	o.title = "Алиев & Путин <2024>";
	o.no_css = 1;
	CHECK(tercume_edition_render_html(ed, &o, &page, &len, NULL) == TERCUME_OK && page &&
	      strstr(page, "<title>Алиев &amp; Путин &lt;2024&gt;</title>") && !strstr(page, "<style"),
	      "html: a chosen title, escaped; no style sheet");
	free(page);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
}

static void
test_title(void)
{
	tercume_doc *doc = from_text("The Opening Heading\nA paragraph of text. With two sentences.\n");
	tercume_doc *longdoc = from_text("Author: Somebody\nThis first sentence is rather long, "
		"so long that it will not fit into the eighty characters of a title. Next.\n");
	tercume_catalog *cat = tercume_catalog_new("en", "ru");
	tercume_edition *ed = NULL;
	char *t = NULL, *page = NULL;

	tercume_merge_options any = TERCUME_MERGE_OPTIONS_INIT;

	any.min_coverage = 0;
	CHECK(doc && tercume_merge(&ed, doc, cat, &any, NULL, NULL) == TERCUME_OK &&
	      tercume_edition_title(ed, &t) == TERCUME_OK, "title: merged");
	CHECK_STR(t, "The Opening Heading", "title: an opening heading is the title");
	CHECK(ed && tercume_edition_render_html(ed, NULL, &page, NULL, NULL) == TERCUME_OK &&
	      count(page, "<h1>The Opening Heading</h1>") == 1 && count(page, "<h2") == 0,
	      "title: the opening heading is the page's h1");
	free(t);
	free(page);
	tercume_edition_free(ed);
	ed = NULL;
	t = NULL;
	CHECK(longdoc && tercume_merge(&ed, longdoc, NULL, NULL, NULL, NULL) == TERCUME_OK &&
	      tercume_edition_title(ed, &t) == TERCUME_OK, "title: the source edition");
	CHECK_STR(t, "This first sentence is rather long, so long that it will not fit into the…",
		  "title: a long first sentence is cut at a word, with an ellipsis");
	CHECK(ed && strcmp(tercume_edition_lang(ed), "en") == 0, "the source edition is in the source language");
	free(t);
	tercume_edition_free(ed);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	tercume_doc_free(longdoc);
}

int
main(void)
{
	tercume_doc *doc;

	top = getenv("top_srcdir");
	if (top == NULL)
		top = ".";
	doc = article();
	CHECK(doc != NULL && tercume_doc_unit_count(doc) == 69, "the bundled article's segments");
	if (doc == NULL)
		return tap_done();
	test_empty_catalogue(doc);
	test_full(doc);
	test_layout();
	test_missing(doc);
	test_fuzzy(doc);
	test_stale(doc);
	test_stale_after_edit();
	test_unknown_obsolete(doc);
	test_coverage(doc);
	test_misc(doc);
	test_html(doc);
	test_title();
	tercume_doc_free(doc);
	return tap_done();
}
