/* html.c — an edition as a standalone HTML5 page, built as a libxml2 tree
 * and serialised by libxml2's HTML writer. */
#include "internal.h"
#include "edition.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <unicode/uloc.h>

/* A small style sheet for reading: one column, a serif text face, headings
 * and the label set off in a sans-serif face. */
static const char css[] =
	"\n"
	"body { margin: 0; background: #fbfaf7; color: #222; }\n"
	"article { max-width: 38em; margin: 0 auto; padding: 2.5em 1.25em 4em;\n"
	"  font: 1.125rem/1.65 Georgia, \"Times New Roman\", \"DejaVu Serif\", serif; }\n"
	"h1, h2, p.label { font-family: \"Helvetica Neue\", Arial, \"DejaVu Sans\", sans-serif; }\n"
	"h1 { font-size: 1.9em; line-height: 1.2; margin: 0 0 .6em; }\n"
	"h2 { font-size: 1.3em; line-height: 1.3; margin: 1.8em 0 .5em; }\n"
	"p { margin: 0 0 1em; hyphens: auto; }\n"
	"p.byline { font-style: italic; color: #555; margin-bottom: 1.6em; }\n"
	"p.label { margin-top: 2.5em; padding-top: .8em; border-top: 1px solid #ccc;\n"
	"  font-size: .8em; font-weight: bold; letter-spacing: .06em; color: #777; }\n";

/* The text of block b: its units joined by a space (none when the source
 * put none between them, as in Chinese or Japanese). */
static char *
block_text(const tercume_edition *ed, size_t b)
{
	tercume_block_info blk;
	tu_buf buf = TU_BUF_INIT;
	char *res;
	size_t len;

	tercume_doc_block(ed->doc, b, &blk);
	for (size_t i = blk.first_unit; i < blk.first_unit + blk.n_units; i++) {
		const char *t = tercume_edition_unit_text(ed, i);
		const tercume_code *codes;
		size_t n;

		if (i > blk.first_unit) {
			size_t pre_len;
			tercume_doc_unit_skeleton(ed->doc, i, &pre_len);
			if (pre_len > 0)
				tu_buf_putc(&buf, ' ');
		}
		/* the page is plain text: the codes' markup is not carried */
		codes = tercume_edition_unit_codes(ed, i, &n);
		if (tu_rich_render_into(&buf, t, strlen(t), codes, n, TERCUME_RENDER_PLAIN) !=
		    TERCUME_OK)
			buf.failed = true;
	}
	if (buf.data == NULL && !buf.failed)
		return tu_strdup("");
	if (tu_buf_finish(&buf, &res, &len) != TERCUME_OK)
		return NULL;
	return res;
}

static tercume_role
block_role(const tercume_doc *doc, size_t b)
{
	tercume_block_info blk;

	tercume_doc_block(doc, b, &blk);
	return blk.role;
}

/* Index of the first block that is neither a byline nor a label, or -1. */
static size_t
lead_block(const tercume_doc *doc)
{
	for (size_t b = 0; b < tercume_doc_block_count(doc); b++) {
		tercume_block_info blk;

		tercume_doc_block(doc, b, &blk);
		if (blk.role == TERCUME_ROLE_HEADING || blk.role == TERCUME_ROLE_PARAGRAPH)
			return b;
	}
	return (size_t)-1;
}

#define TITLE_MAX 80	/* characters */

/* Shortens s in place to at most TITLE_MAX characters, cut at a space, with
 * the punctuation before the cut dropped and an ellipsis added. */
static char *
shorten(char *s)
{
	size_t chars = 0, cut = 0, i;
	char *res;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		if (chars == TITLE_MAX)
			break;
		if (s[i] == ' ')
			cut = i;
		chars++;
	}
	if (s[i] == '\0')
		return s;
	if (cut == 0)
		cut = i;
	while (cut > 0 && strchr(" ,;:-", s[cut - 1]))
		cut--;
	res = malloc(cut + sizeof "\u2026");
	if (res == NULL) {
		free(s);
		return NULL;
	}
	memcpy(res, s, cut);
	memcpy(res + cut, "\u2026", sizeof "\u2026");
	free(s);
	return res;
}

tercume_status
tercume_edition_title(const tercume_edition *ed, char **out)
{
	const tercume_doc *doc = ed->doc;
	size_t b = lead_block(doc);
	char *t;

	if (b == (size_t)-1) {
		/* No text to take a title from: the article's file name. */
		const char *path = tercume_doc_source_path(doc);
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		t = tu_strndup(base, strcspn(base, "."));
		if (t && t[0] == '\0') {
			free(t);
			t = tu_strdup("Untitled");
		}
	} else if (block_role(doc, b) == TERCUME_ROLE_HEADING)
		t = block_text(ed, b);
	else {
		tercume_block_info blk;
		size_t i, n;

		tercume_doc_block(doc, b, &blk);
		i = blk.first_unit;
		const tercume_code *codes = tercume_edition_unit_codes(ed, i, &n);

		if (tercume_rich_render(tercume_edition_unit_text(ed, i), codes, n,
					TERCUME_RENDER_PLAIN, &t, NULL) != TERCUME_OK)
			t = NULL;
		t = t ? shorten(t) : NULL;
	}
	*out = t;
	return t ? TERCUME_OK : TERCUME_ENOMEM;
}

static xmlNodePtr
add_element(xmlNodePtr parent, const char *name, const char *text, const char *cls)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);

	if (n && cls && xmlNewProp(n, BAD_CAST "class", BAD_CAST cls) == NULL)
		return NULL;
	if (n && xmlAddChild(parent, xmlNewText(BAD_CAST "\n")) == NULL)
		return NULL;
	return n;
}

static bool
build_body(const tercume_edition *ed, xmlNodePtr article)
{
	const tercume_doc *doc = ed->doc;
	size_t lead = lead_block(doc);

	for (size_t b = 0; b < tercume_doc_block_count(doc); b++) {
		const char *name = "p", *cls = NULL;
		char *text = block_text(ed, b);
		xmlNodePtr n;

		if (text == NULL)
			return false;
		switch (block_role(doc, b)) {
		case TERCUME_ROLE_HEADING:
			/* An article that opens with a heading has its title. */
			name = b == lead ? "h1" : "h2";
			break;
		case TERCUME_ROLE_BYLINE: cls = "byline"; break;
		case TERCUME_ROLE_LABEL: cls = "label"; break;
		case TERCUME_ROLE_PARAGRAPH: break;
		}
		n = add_element(article, name, text, cls);
		free(text);
		if (n == NULL)
			return false;
	}
	return true;
}

static htmlDocPtr
build_page(const tercume_edition *ed, const tercume_html_options *opts, const char *title)
{
	htmlDocPtr d = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, article, n;

	if (d == NULL)
		return NULL;
	if (xmlCreateIntSubset(d, BAD_CAST "html", NULL, NULL) == NULL)
		goto fail;
	html = xmlNewNode(NULL, BAD_CAST "html");
	if (html == NULL)
		goto fail;
	xmlDocSetRootElement(d, html);
	if (!xmlNewProp(html, BAD_CAST "lang", BAD_CAST ed->lang))
		goto fail;
	if (uloc_isRightToLeft(ed->lang) && !xmlNewProp(html, BAD_CAST "dir", BAD_CAST "rtl"))
		goto fail;
	head = xmlNewChild(html, NULL, BAD_CAST "head", NULL);
	if (head == NULL)
		goto fail;
	n = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	if (!n || !xmlNewProp(n, BAD_CAST "charset", BAD_CAST "utf-8"))
		goto fail;
	n = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	if (!n || !xmlNewProp(n, BAD_CAST "name", BAD_CAST "viewport") ||
	    !xmlNewProp(n, BAD_CAST "content", BAD_CAST "width=device-width, initial-scale=1"))
		goto fail;
	n = xmlNewChild(head, NULL, BAD_CAST "meta", NULL);
	if (!n || !xmlNewProp(n, BAD_CAST "name", BAD_CAST "generator") ||
	    !xmlNewProp(n, BAD_CAST "content", BAD_CAST "tercume " PACKAGE_VERSION))
		goto fail;
	if (!xmlNewTextChild(head, NULL, BAD_CAST "title", BAD_CAST title))
		goto fail;
	if (!opts->no_css && !xmlNewTextChild(head, NULL, BAD_CAST "style", BAD_CAST css))
		goto fail;
	body = xmlNewChild(html, NULL, BAD_CAST "body", NULL);
	if (body == NULL || !xmlAddChild(body, xmlNewText(BAD_CAST "\n")))
		goto fail;
	article = xmlNewChild(body, NULL, BAD_CAST "article", NULL);
	if (article == NULL || !xmlAddChild(article, xmlNewText(BAD_CAST "\n")) ||
	    !xmlAddChild(body, xmlNewText(BAD_CAST "\n")))
		goto fail;
	if (!build_body(ed, article))
		goto fail;
	return d;
fail:
	xmlFreeDoc(d);
	return NULL;
}

tercume_status
tercume_edition_render_html(const tercume_edition *ed, const tercume_html_options *opts,
			    char **out, size_t *out_len, tercume_reporter *rep)
{
	static const tercume_html_options defaults = TERCUME_HTML_OPTIONS_INIT;
	xmlOutputBufferPtr ob = NULL;
	htmlDocPtr d = NULL;
	char *title = NULL;
	tercume_status st = TERCUME_ENOMEM;
	const xmlChar *content;
	size_t len;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != TERCUME_HTML_OPTIONS_VERSION)
		return TERCUME_EUSAGE;
	if (opts->title)
		title = tu_strdup(opts->title);
	else if (tercume_edition_title(ed, &title) != TERCUME_OK)
		title = NULL;
	if (title == NULL)
		goto done;
	d = build_page(ed, opts, title);
	if (d == NULL)
		goto done;
	/* No encoder: the UTF-8 text goes out as it is, not as character
	 * references, and the <meta charset> stays the only declaration. */
	ob = xmlAllocOutputBuffer(NULL);
	if (ob == NULL)
		goto done;
	htmlDocContentDumpFormatOutput(ob, d, "UTF-8", 1);
	if (ob->error != 0)
		goto done;
	content = xmlOutputBufferGetContent(ob);
	len = xmlOutputBufferGetSize(ob);
	if (content == NULL)
		goto done;
	*out = tu_strndup((const char *)content, len);
	if (*out == NULL)
		goto done;
	if (out_len)
		*out_len = len;
	st = TERCUME_OK;
done:
	if (st != TERCUME_OK)
		tu_error(rep, NULL, 0, 0, "out of memory writing the HTML page");
	if (ob)
		xmlOutputBufferClose(ob);
	xmlFreeDoc(d);
	free(title);
	return st;
}
