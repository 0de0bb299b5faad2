/* html-edition.c — the HTML edition of an HTML article: the document with
 * its translated text (merge.c puts it in the skeleton) and the edition's
 * language on <html> (doc/html.md). */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

/* Whether a language is written right to left: by its script subtag when
 * it has one, else by its primary subtag. */
static bool
rtl_lang(const char *lang)
{
	static const char *const rtl[] = {
		"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku-arab", "nqo", "ps",
		"sd", "syr", "ug", "ur", "yi", NULL
	};
	size_t n = strcspn(lang, "-_");
	const char *script = lang[n] ? lang + n + 1 : NULL;

	if (script && strlen(script) >= 4 && (script[4] == '\0' || script[4] == '-' || script[4] == '_')) {
		if (strncasecmp(script, "Arab", 4) == 0 || strncasecmp(script, "Hebr", 4) == 0 ||
		    strncasecmp(script, "Thaa", 4) == 0 || strncasecmp(script, "Syrc", 4) == 0 ||
		    strncasecmp(script, "Nkoo", 4) == 0 || strncasecmp(script, "Adlm", 4) == 0)
			return true;
		return false;
	}
	for (size_t i = 0; rtl[i]; i++)
		if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
			return true;
	return false;
}

typedef struct edit {
	size_t at, len;		/* replace [at, at + len) */
	char text[96];
} edit;

static int
by_place(const void *a, const void *b)
{
	const edit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

tercume_status
tu_html_set_lang(const char *in, size_t len, const char *lang, char **out, size_t *out_len,
		 tercume_reporter *rep, const char *name)
{
	GumboOptions gopts = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode *root;
	const GumboElement *e;
	edit edits[4];
	size_t n_edits = 0, from = 0;
	bool rtl = rtl_lang(lang);
	tu_buf b = TU_BUF_INIT;

	for (const char *p = lang; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_') || p - lang > 60) {
			tu_error(rep, name, 0, 0, "'%s' is not a language tag to put on <html>", lang);
			return TERCUME_EUSAGE;
		}
	gopts.max_errors = 0;
	g = gumbo_parse_with_options(&gopts, in, len);
	if (g == NULL)
		return TERCUME_ENOMEM;
	root = g->root;
	e = &root->v.element;
	if (e->original_tag.length > 0 && e->original_tag.data >= in &&
	    (size_t)(e->original_tag.data - in) + e->original_tag.length <= len) {
		size_t tag = (size_t)(e->original_tag.data - in);
		size_t close = tag + e->original_tag.length - 1;	/* its '>' */
		static const char *const names[] = { "lang", "xml:lang", "dir" };
		bool seen[3] = { false, false, false };

		if (close > tag && in[close - 1] == '/')
			close--;
		for (unsigned i = 0; i < e->attributes.length; i++) {
			const GumboAttribute *a = e->attributes.data[i];
			const char *an = a->original_name.data;
			size_t anl = a->original_name.length;
			for (int k = 0; k < 3; k++) {
				if (strlen(names[k]) != anl || strncasecmp(an, names[k], anl) != 0 || seen[k])
					continue;
				seen[k] = true;
				if (k == 2 && !rtl && !(a->value && strcasecmp(a->value, "rtl") == 0))
					break;	/* a left-to-right dir stays */
				if (a->original_value.length > 0) {
					edit *ed = &edits[n_edits++];
					ed->at = (size_t)(a->original_value.data - in);
					ed->len = a->original_value.length;
					snprintf(ed->text, sizeof ed->text, "\"%s\"",
						 k == 2 ? (rtl ? "rtl" : "ltr") : lang);
				} else {
					/* a name without a value: give it one */
					edit *ed = &edits[n_edits++];
					ed->at = (size_t)(an - in) + anl;
					ed->len = 0;
					snprintf(ed->text, sizeof ed->text, "=\"%s\"",
						 k == 2 ? (rtl ? "rtl" : "ltr") : lang);
				}
				break;
			}
		}
		if (!seen[0] || (rtl && !seen[2])) {
			edit *ed = &edits[n_edits++];
			ed->at = close;
			ed->len = 0;
			snprintf(ed->text, sizeof ed->text, "%s%s%s%s%s",
				 close > tag && !(in[close - 1] == ' ' || in[close - 1] == '\t' ||
						  in[close - 1] == '\n') ? " " : "",
				 !seen[0] ? "lang=\"" : "", !seen[0] ? lang : "", !seen[0] ? "\"" : "",
				 rtl && !seen[2] ? (!seen[0] ? " dir=\"rtl\"" : "dir=\"rtl\"") : "");
		}
	} else {
		/* no <html> tag in the source: one before the first thing the
		 * html element holds that the source has */
		size_t at = len;
		const GumboVector *ch = &e->children;
		for (unsigned i = 0; i < ch->length && at == len; i++) {
			const GumboNode *c = ch->data[i];
			if (c->type == GUMBO_NODE_ELEMENT) {
				const GumboVector *cc = &c->v.element.children;
				if (c->v.element.original_tag.length > 0)
					at = (size_t)(c->v.element.original_tag.data - in);
				else if (cc->length > 0) {
					const GumboNode *f = cc->data[0];
					if (f->type == GUMBO_NODE_ELEMENT && f->v.element.original_tag.length)
						at = (size_t)(f->v.element.original_tag.data - in);
					else if (f->type != GUMBO_NODE_ELEMENT && f->v.text.original_text.length)
						at = (size_t)(f->v.text.original_text.data - in);
				}
			} else if (c->v.text.original_text.length > 0)
				at = (size_t)(c->v.text.original_text.data - in);
		}
		if (at > len)
			at = len;
		edits[n_edits].at = at;
		edits[n_edits].len = 0;
		snprintf(edits[n_edits].text, sizeof edits[n_edits].text, "<html lang=\"%s\"%s>", lang,
			 rtl ? " dir=\"rtl\"" : "");
		n_edits++;
	}
	qsort(edits, n_edits, sizeof *edits, by_place);
	for (size_t i = 0; i < n_edits; i++) {
		tu_buf_append(&b, in + from, edits[i].at - from);
		tu_buf_puts(&b, edits[i].text);
		from = edits[i].at + edits[i].len;
	}
	tu_buf_append(&b, in + from, len - from);
	gumbo_destroy_output(&gopts, g);
	return tu_buf_finish(&b, out, out_len);
}
