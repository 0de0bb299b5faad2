/* markup.c — which reader an article takes (text, HTML, Markdown), and the
 * edition written in the article's own format. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const markup_names[] = {
	[TERCUME_MARKUP_AUTO] = "auto",
	[TERCUME_MARKUP_TEXT] = "text",
	[TERCUME_MARKUP_HTML] = "html",
	[TERCUME_MARKUP_MARKDOWN] = "markdown",
};

const char *
tercume_markup_name(tercume_markup m)
{
	if ((size_t)m < sizeof markup_names / sizeof markup_names[0])
		return markup_names[m];
	return "?";
}

int
tercume_markup_from_name(const char *name, tercume_markup *m)
{
	for (size_t i = 0; i < sizeof markup_names / sizeof markup_names[0]; i++)
		if (strcmp(name, markup_names[i]) == 0) {
			*m = (tercume_markup)i;
			return 0;
		}
	if (strcmp(name, "md") == 0) {
		*m = TERCUME_MARKUP_MARKDOWN;
		return 0;
	}
	return -1;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

tercume_markup
tercume_markup_of_path(const char *path)
{
	if (path == NULL)
		return TERCUME_MARKUP_TEXT;
	if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml"))
		return TERCUME_MARKUP_HTML;
	if (ends_with(path, ".md") || ends_with(path, ".markdown"))
		return TERCUME_MARKUP_MARKDOWN;
	return TERCUME_MARKUP_TEXT;
}

tercume_status
tercume_doc_read(tercume_doc **out, const char *path, tercume_markup m,
		 const tercume_segment_options *opts, tercume_reporter *rep)
{
	char *data;
	size_t len;
	tercume_status st;

	*out = NULL;
	if (m == TERCUME_MARKUP_AUTO)
		m = tercume_markup_of_path(path);
	if (m == TERCUME_MARKUP_TEXT)
		return tercume_doc_read_text(out, path, opts, rep);
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	if (m == TERCUME_MARKUP_HTML)
		st = tercume_doc_from_html(out, path, data, len, opts, rep);
	else if (m == TERCUME_MARKUP_MARKDOWN)
		st = tercume_doc_from_markdown(out, path, data, len, opts, rep);
	else
		st = TERCUME_EUSAGE;
	free(data);
	return st;
}

tercume_status
tercume_edition_render_document(const tercume_edition *ed, char **out, size_t *out_len,
				tercume_reporter *rep)
{
	const tercume_doc *doc = tercume_edition_doc(ed);
	const char *f = tercume_doc_format(doc);
	char *text;
	size_t len;
	bool html = strcmp(f, "html") == 0 || strcmp(f, "xhtml") == 0;
	tercume_status st = html ? tu_html_render_edition(ed, &text, &len)
				 : tercume_edition_render_text(ed, &text, &len);

	if (st != TERCUME_OK || !html) {
		if (st == TERCUME_OK) {
			*out = text;
			if (out_len)
				*out_len = len;
		}
		return st;
	}
	st = tu_html_set_lang(text, len, tercume_edition_lang(ed), out, out_len, rep,
			      tercume_doc_source_path(doc));
	free(text);
	return st;
}
