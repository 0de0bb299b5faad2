/* markup-check.c — reads HTML and Markdown articles with tercume and
 * measures, file by file and in all (tests/markup-corpus.sh):
 *   - the round trip: the untranslated document renders back byte for byte;
 *   - the structure: a pseudo-translated edition (every unit translated,
 *     its codes kept, text that needs escaping added) has the same element
 *     structure as the source — HTML parsed with gumbo, Markdown rendered
 *     to HTML with md4c and parsed with gumbo: the sequence of elements,
 *     with each link's href and each image's src;
 *   - units that are only markup (no text once the codes are taken out);
 *   - sentences split inside a code (a unit with half a pair).
 * Usage: markup-check [-v] FILE...   Exit 0 when every target holds.
 *        markup-check --same-structure FORMAT SOURCE EDITION
 *        markup-check --same-tags FORMAT SOURCE EDITION: every element with
 *            every attribute and its value the same, but for the edition's
 *            language on <html> and the charset a <meta> declares (HTML as
 *            parsed, Markdown as rendered); exit 1 and the first difference
 *            when not
 *        markup-check --render FILE.md: md4c's HTML of it on stdout */
#include "tercume.h"

#include <gumbo.h>
#include <md4c-html.h>
#include <md4c.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MD_FLAGS (MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS)

typedef struct buf {
	char *p;
	size_t n, cap;
} buf;

static void
put(buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			abort();
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
puts_(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
md_out(const MD_CHAR *s, MD_SIZE n, void *user)
{
	put(user, s, n);
}

/* Whether an attribute is text that tercume translates, or what an edition
 * sets (its language, its charset): left out of the tag comparison. */
static int
edition_attribute(const GumboElement *e, const GumboAttribute *a)
{
	static const char *const text[] = { "alt", "title", "placeholder", "aria-label", NULL };

	for (size_t k = 0; text[k]; k++)
		if (strcmp(a->name, text[k]) == 0)
			return 1;
	if (e->tag == GUMBO_TAG_HTML)
		return strcmp(a->name, "lang") == 0 || strcmp(a->name, "xml:lang") == 0 ||
		       strcmp(a->name, "dir") == 0;
	if (e->tag == GUMBO_TAG_META)
		return strcmp(a->name, "content") == 0 || strcmp(a->name, "charset") == 0;
	return 0;
}

/* The elements of an HTML document in tree order, with hrefs and srcs
 * (all_attributes: with every attribute but edition_attribute's). */
static void
elements(const char *html, size_t len, buf *out, int all_attributes)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode **stack;
	size_t n = 0, cap = 1024;

	o.max_errors = 0;
	g = gumbo_parse_with_options(&o, html, len);
	stack = malloc(cap * sizeof *stack);
	stack[n++] = g->root;
	while (n > 0) {
		const GumboNode *node = stack[--n];
		const GumboElement *e;
		const GumboAttribute *a;

		if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)
			continue;
		e = &node->v.element;
		if (e->tag == GUMBO_TAG_UNKNOWN) {
			GumboStringPiece t = e->original_tag;
			gumbo_tag_from_original_text(&t);
			puts_(out, "<?");
			put(out, t.data, t.length);
		} else {
			puts_(out, "<");
			puts_(out, gumbo_normalized_tagname(e->tag));
		}
		if (all_attributes) {
			for (unsigned i = 0; i < e->attributes.length; i++) {
				a = e->attributes.data[i];
				if (edition_attribute(e, a))
					continue;
				puts_(out, " ");
				puts_(out, a->name);
				puts_(out, "=\"");
				puts_(out, a->value);
				puts_(out, "\"");
			}
		} else if ((a = gumbo_get_attribute(&e->attributes, "href")) != NULL) {
			puts_(out, " href=");
			puts_(out, a->value);
		}
		if (!all_attributes && (a = gumbo_get_attribute(&e->attributes, "src")) != NULL) {
			puts_(out, " src=");
			puts_(out, a->value);
		}
		puts_(out, ">\n");
		for (unsigned i = e->children.length; i > 0; i--) {
			if (n == cap) {
				cap *= 2;
				stack = realloc(stack, cap * sizeof *stack);
			}
			stack[n++] = e->children.data[i - 1];
		}
	}
	free(stack);
	gumbo_destroy_output(&o, g);
}

static void
rendered_elements(const char *format, const char *text, size_t len, buf *out, int all)
{
	if (strcmp(format, "markdown") == 0) {
		buf html = { 0 };
		put(&html, "", 0);
		md_html(text, (MD_SIZE)len, md_out, &html, MD_FLAGS, 0);
		elements(html.p, html.n, out, all);
		free(html.p);
	} else
		elements(text, len, out, all);
}

static void
rendered_structure(const char *format, const char *text, size_t len, buf *out)
{
	rendered_elements(format, text, len, out, 0);
}

/* The first line where two listings differ, for the message. */
static void
first_difference(const buf *x, const buf *y)
{
	size_t i = 0, line = 1, bol = 0;

	while (i < x->n && i < y->n && x->p[i] == y->p[i]) {
		if (x->p[i] == '\n') {
			line++;
			bol = i + 1;
		}
		i++;
	}
	printf("element %zu: source %.*s\n", line, (int)strcspn(x->p + bol, "\n"), x->p + bol);
	printf("element %zu: edition %.*s\n", line,
	       bol < y->n ? (int)strcspn(y->p + bol, "\n") : 0, bol < y->n ? y->p + bol : "");
}

/* A pseudo-translation: vowels accented, codes in place, and characters
 * that are markup in the article's format added (so that escaping is
 * tested too). */
static const char *
pseudo(tercume_rich_builder *rb, const tercume_unit_info *u, size_t *n_codes,
       const tercume_code **codes)
{
	static const char *const acc[] = { "á", "é", "í", "ó", "ú" };
	tercume_runs it;
	tercume_run r;
	size_t len;

	tercume_rich_builder_clear(rb);
	tercume_rich_add_text(rb, "- ", 2);
	tercume_runs_init(&it, u->text, u->codes, u->n_codes);
	while (tercume_runs_next(&it, &r)) {
		if (r.kind != TERCUME_RUN_TEXT) {
			tercume_rich_add_code(rb, r.code);
			continue;
		}
		for (size_t i = 0, from = 0; i <= r.len; i++) {
			const char *v = i < r.len && r.text[i] ? strchr("aeiou", r.text[i]) : NULL;
			if (v == NULL && i < r.len)
				continue;
			tercume_rich_add_text(rb, r.text + from, i - from);
			if (v)
				tercume_rich_add_text(rb, acc[v - "aeiou"], strlen(acc[v - "aeiou"]));
			from = i + 1;
		}
	}
	tercume_rich_add_text(rb, " *_`<x>&y;|~[z]\\", 16);
	*codes = tercume_rich_builder_codes(rb, n_codes);
	return tercume_rich_builder_text(rb, &len);
}

typedef struct totals {
	size_t files, units, roundtrip, structure, markup_only, split, failed, raw_markup;
} totals;

/* Text that reads as markup left in a unit: a tag of a common HTML
 * element, a character reference, or Markdown's link, strong or code
 * syntax.  (A heuristic, the same for every tool in bench/markup.md.) */
static int
has_raw_markup(const char *plain)
{
	static const char *const tags[] = {
		"a", "b", "i", "em", "strong", "code", "span", "br", "img", "p", "div", "tt",
		"li", "ul", "ol", "sup", "sub", "kbd", "var", "pre", "td", "tr", "h1", "h2",
		"h3", "small", "u", "font", NULL
	};
	for (const char *p = plain; *p; p++) {
		if (p[0] == '<') {
			const char *q = p + 1 + (p[1] == '/');
			size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
			for (size_t k = 0; tags[k] && n > 0; k++)
				if (strlen(tags[k]) == n && strncasecmp(q, tags[k], n) == 0 &&
				    (q[n] == '>' || q[n] == ' ' || q[n] == '/'))
					return 1;
		}
		if (p[0] == '&' && (p[1] == '#' || (p[1] >= 'a' && p[1] <= 'z'))) {
			size_t n = strspn(p + 1, "#abcdefghijklmnopqrstuvwxyz0123456789");
			if (n >= 2 && p[1 + n] == ';')
				return 1;
		}
		if ((p[0] == ']' && p[1] == '(') || (p[0] == '*' && p[1] == '*'))
			return 1;
		if (p[0] == '`' && strchr(p + 1, '`'))
			return 1;
	}
	return 0;
}

static void
quiet(const tercume_diag *d, void *user)
{
	(void)d;
	(void)user;
}

static void
check_file(const char *path, int verbose, totals *t)
{
	tercume_reporter rep = { verbose ? NULL : quiet, NULL, 0, 0 };
	tercume_doc *doc = NULL;
	tercume_catalog *src = NULL, *cat = NULL;
	tercume_edition *ed = NULL;
	tercume_rich_builder *rb = tercume_rich_builder_new();
	char *data = NULL, *back = NULL, *edition = NULL;
	size_t len, back_len, ed_len, units, markup_only = 0, split = 0, raw = 0;
	int rt = 0, same = 0;
	buf s1 = { 0 }, s2 = { 0 };

	t->files++;
	if (tercume_read_file(path, &data, &len, &rep) != TERCUME_OK ||
	    tercume_doc_read(&doc, path, TERCUME_MARKUP_AUTO, NULL, &rep) != TERCUME_OK) {
		printf("FAIL %s: not read\n", path);
		t->failed++;
		goto out;
	}
	units = tercume_doc_unit_count(doc);
	if (tercume_doc_render(doc, NULL, &back, &back_len) == TERCUME_OK)
		rt = back_len == len && memcmp(back, data, len) == 0;
	tercume_catalog_from_doc(&src, doc, "x-pseudo");
	cat = tercume_catalog_new(tercume_doc_source_lang(doc), "x-pseudo");
	for (size_t i = 0; i < units; i++) {
		tercume_unit_info u;
		tercume_entry e = *tercume_catalog_entry(src, i);
		char *plain;
		int depth = 0, bad = 0;

		tercume_doc_unit(doc, i, &u);
		if (verbose > 2) {
			char *nt;
			tercume_rich_render(u.text, u.codes, u.n_codes, TERCUME_RENDER_NOTATION, &nt, NULL);
			printf("  %s %s |", u.id, nt);
			for (size_t k = 0; k < u.n_codes; k++)
				printf(" %s=[%s]", u.codes[k].id, u.codes[k].data ? u.codes[k].data : "");
			printf("\n");
			free(nt);
		}
		tercume_rich_render(u.text, u.codes, u.n_codes, TERCUME_RENDER_PLAIN, &plain, NULL);
		if (strspn(plain, " \t\n\r") == strlen(plain))
			markup_only++;
		raw += has_raw_markup(plain);
		free(plain);
		for (size_t k = 0; k < u.n_codes; k++) {
			if (u.codes[k].kind == TERCUME_RUN_OPEN)
				depth++;
			else if (u.codes[k].kind == TERCUME_RUN_CLOSE && --depth < 0)
				bad = 1;
			else if (u.codes[k].kind == TERCUME_RUN_ISOLATED_OPEN ||
				 u.codes[k].kind == TERCUME_RUN_ISOLATED_CLOSE)
				bad = 1;
		}
		split += bad || depth != 0;
		e.target = pseudo(rb, &u, &e.n_target_codes, &e.target_codes);
		e.state = TERCUME_STATE_TRANSLATED;
		if (tercume_catalog_add(cat, &e) != TERCUME_OK) {
			printf("FAIL %s: unit %s: pseudo-translation refused\n", path, u.id);
			t->failed++;
			goto out;
		}
	}
	if (tercume_merge(&ed, doc, cat, NULL, NULL, &rep) != TERCUME_OK ||
	    tercume_edition_render_document(ed, &edition, &ed_len, &rep) != TERCUME_OK) {
		printf("FAIL %s: no edition\n", path);
		t->failed++;
		goto out;
	}
	rendered_structure(tercume_doc_format(doc), data, len, &s1);
	rendered_structure(tercume_doc_format(doc), edition, ed_len, &s2);
	same = s1.n == s2.n && memcmp(s1.p, s2.p, s1.n) == 0;
	t->units += units;
	t->roundtrip += rt;
	t->structure += same;
	t->markup_only += markup_only;
	t->split += split;
	t->raw_markup += raw;
	if (verbose || !rt || !same || markup_only || split)
		printf("%s %s: %zu units, round trip %s, structure %s, %zu only markup, "
		       "%zu split in a code, %zu with raw markup\n",
		       rt && same && !markup_only && !split ? "ok" : "FAIL", path, units,
		       rt ? "ok" : "DIFFERS", same ? "same" : "DIFFERS", markup_only, split, raw);
	if (!same && verbose > 1) {
		FILE *f = fopen("/tmp/markup-check.src", "w");
		fwrite(s1.p, 1, s1.n, f);
		fclose(f);
		f = fopen("/tmp/markup-check.ed", "w");
		fwrite(s2.p, 1, s2.n, f);
		fclose(f);
		f = fopen("/tmp/markup-check.edition", "w");
		fwrite(edition, 1, ed_len, f);
		fclose(f);
	}
out:
	free(s1.p);
	free(s2.p);
	free(data);
	free(back);
	free(edition);
	tercume_edition_free(ed);
	tercume_catalog_free(src);
	tercume_catalog_free(cat);
	tercume_doc_free(doc);
	tercume_rich_builder_free(rb);
}

int
main(int argc, char **argv)
{
	totals t = { 0 };
	int verbose = 0, i = 1;
	clock_t c0 = clock();

	if (argc == 3 && strcmp(argv[1], "--render") == 0) {
		char *x;
		size_t nx;
		buf html = { 0 };
		if (tercume_read_file(argv[2], &x, &nx, NULL) != TERCUME_OK)
			return 2;
		put(&html, "", 0);
		md_html(x, (MD_SIZE)nx, md_out, &html, MD_FLAGS, 0);
		fwrite(html.p, 1, html.n, stdout);
		free(x);
		free(html.p);
		return 0;
	}
	if (argc == 5 && (strcmp(argv[1], "--same-structure") == 0 ||
			  strcmp(argv[1], "--same-tags") == 0)) {
		/* markup-check --same-structure|--same-tags FORMAT SOURCE EDITION */
		char *x, *y;
		size_t nx, ny;
		buf s1 = { 0 }, s2 = { 0 };
		int same, all = strcmp(argv[1], "--same-tags") == 0;
		if (tercume_read_file(argv[3], &x, &nx, NULL) != TERCUME_OK ||
		    tercume_read_file(argv[4], &y, &ny, NULL) != TERCUME_OK)
			return 2;
		rendered_elements(argv[2], x, nx, &s1, all);
		rendered_elements(argv[2], y, ny, &s2, all);
		same = s1.n == s2.n && memcmp(s1.p, s2.p, s1.n) == 0;
		printf("%s: %s\n", argv[4], same ? all ? "the tags of its source" :
		       "the structure of its source" : all ? "other tags" : "another structure");
		if (!same)
			first_difference(&s1, &s2);
		free(x);
		free(y);
		free(s1.p);
		free(s2.p);
		return same ? 0 : 1;
	}
	while (i < argc && strcmp(argv[i], "-v") == 0)
		verbose++, i++;
	for (; i < argc; i++)
		check_file(argv[i], verbose, &t);
	printf("# files %zu, units %zu, round trip %zu/%zu, structure %zu/%zu, "
	       "only-markup units %zu, split in a code %zu, raw markup %zu, unreadable %zu, %.2f s\n",
	       t.files, t.units, t.roundtrip, t.files - t.failed, t.structure, t.files - t.failed,
	       t.markup_only, t.split, t.raw_markup, t.failed,
	       (double)(clock() - c0) / CLOCKS_PER_SEC);
	return t.failed == 0 && t.roundtrip == t.files && t.structure == t.files &&
	       t.markup_only == 0 && t.split == 0 ? 0 : 1;
}
