/* html-edition.c — the HTML edition of an HTML article: the document with
 * its translated text (merge.c puts it in the skeleton), the edition's
 * language on <html> and UTF-8 as its declared charset (doc/html.md). */
#include "internal.h"
#include "edition.h"

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

/* ---- character references as the source wrote them ---- */

/* The character gumbo decodes the reference ref to, when it is one. */
static bool
decode_charref(const char *ref, size_t len, tu_charref *out)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboVector *ch;
	bool ok = false;

	o.max_errors = 0;
	g = gumbo_parse_with_options(&o, ref, len);
	if (g == NULL)
		return false;
	ch = &g->root->v.element.children;
	for (unsigned i = 0; i < ch->length && !ok; i++) {
		const GumboNode *body = ch->data[i], *text;
		const GumboVector *bc;
		const char *t;
		size_t tl, at = 0;

		if (body->type != GUMBO_NODE_ELEMENT || body->v.element.tag != GUMBO_TAG_BODY)
			continue;
		bc = &body->v.element.children;
		if (bc->length != 1)
			break;
		text = bc->data[0];
		if (text->type != GUMBO_NODE_TEXT && text->type != GUMBO_NODE_WHITESPACE)
			break;
		t = text->v.text.text;
		tl = strlen(t);
		tu_utf8_next(t, tl, &at);
		if (at == tl && tl > 0 && tl < sizeof out->ch) {
			memcpy(out->ch, t, tl);
			out->ch_len = tl;
			ok = true;
		}
	}
	gumbo_destroy_output(&o, g);
	return ok;
}

void
tu_html_escape_as_source(tu_buf *b, const char *s, size_t n, const char *raw, size_t raw_len,
			 bool attribute)
{
	tu_charref refs[TU_MAX_CHARREFS];
	size_t n_refs = tu_charrefs_collect(raw, raw_len, false, decode_charref, refs,
					    TU_MAX_CHARREFS), run = 0;

	for (size_t i = 0; i < n; i++) {
		const tu_charref *m = tu_charref_match(refs, n_refs, s + i, n - i);
		const char *rep = m ? m->ref : NULL;
		size_t rep_len = m ? m->ref_len : 0, skip = m ? m->ch_len : 1;

		if (rep == NULL) {
			rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
			      attribute && s[i] == '"' ? "&quot;" : attribute && s[i] == '\'' ? "&#39;" :
			      NULL;
			rep_len = rep ? strlen(rep) : 0;
		}
		if (rep == NULL)
			continue;
		tu_buf_append(b, s + run, i - run);
		tu_buf_append(b, rep, rep_len);
		run = i + skip;
		i += skip - 1;
	}
	tu_buf_append(b, s + run, n - run);
}

/* ---- attributes inside inline codes ---- */

static const char *const code_attributes[] = { "alt", "title", "placeholder", "aria-label" };

static bool
html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The value as the translator sees it: white space runs one space, none
 * at the edges; NULL when it has no text (or is not valid text). */
static char *
attr_text(const char *v, bool *nomem)
{
	size_t n = strlen(v), k = 0, at;
	char *t = malloc(n + 1);

	if (t == NULL) {
		*nomem = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		if (!html_space(v[i])) {
			t[k++] = v[i];
			continue;
		}
		if (k > 0 && t[k - 1] != ' ')
			t[k++] = ' ';
	}
	while (k > 0 && t[k - 1] == ' ')
		k--;
	t[k] = '\0';
	if (k == 0 || tu_text_check(t, k, false, &at) != TU_TEXT_OK) {
		free(t);
		return NULL;
	}
	return t;
}

size_t
tu_html_code_attrs(tercume_run_kind kind, const char *data, size_t len, tu_html_attr *out)
{
	GumboOptions o = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode *el = NULL;
	const GumboVector *attrs;
	const GumboNode *stack[8];
	size_t n_stack = 0, n = 0;
	bool any = false, nomem = false;

	if ((kind != TERCUME_RUN_OPEN && kind != TERCUME_RUN_STANDALONE) || len < 3 ||
	    data[0] != '<' || !((data[1] >= 'a' && data[1] <= 'z') || (data[1] >= 'A' && data[1] <= 'Z')))
		return 0;
	/* most tags have none: no parse for them */
	for (size_t k = 0; k < sizeof code_attributes / sizeof code_attributes[0] && !any; k++) {
		size_t an = strlen(code_attributes[k]);
		for (size_t i = 1; i + an < len && !any; i++)
			any = strncasecmp(data + i, code_attributes[k], an) == 0;
	}
	if (!any)
		return 0;
	o.max_errors = 0;
	g = gumbo_parse_with_options(&o, data, len);
	if (g == NULL)
		return (size_t)-1;
	/* the element whose start tag is the whole of the data: html, its
	 * head and body, then theirs (a tag alone is one of them) */
	stack[n_stack++] = g->root;
	while (n_stack > 0 && el == NULL) {
		const GumboNode *x = stack[--n_stack];
		const GumboVector *ch;

		if (x->type != GUMBO_NODE_ELEMENT)
			continue;
		if (x->v.element.original_tag.data == data && x->v.element.original_tag.length == len &&
		    x != g->root) {
			el = x;
			break;
		}
		ch = &x->v.element.children;
		for (unsigned i = ch->length; i > 0 && n_stack < sizeof stack / sizeof stack[0]; i--)
			stack[n_stack++] = ch->data[i - 1];
	}
	if (el == NULL || el->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
	    (el->parse_flags & (GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
				GUMBO_INSERTION_ADOPTION_AGENCY_CLONED)))
		goto done;
	attrs = &el->v.element.attributes;
	{
		const GumboAttribute *tr = gumbo_get_attribute(attrs, "translate");
		if (tr && tr->value && strcasecmp(tr->value, "no") == 0)
			goto done;
	}
	for (unsigned i = 0; i < attrs->length && n < TU_HTML_MAX_ATTRS; i++) {
		const GumboAttribute *a = attrs->data[i];
		const char *v = a->original_value.data;
		size_t vl = a->original_value.length, k;
		char q = 0, *text;

		for (k = 0; k < sizeof code_attributes / sizeof code_attributes[0]; k++)
			if (strcmp(a->name, code_attributes[k]) == 0)
				break;
		if (k == sizeof code_attributes / sizeof code_attributes[0] ||
		    a->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE || a->value == NULL ||
		    vl == 0 || v < data || (size_t)(v - data) + vl > len)
			continue;
		if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
			q = v[0];
			v++;
			vl -= 2;
		}
		if ((text = attr_text(a->value, &nomem)) == NULL) {
			if (nomem)
				break;
			continue;
		}
		memset(&out[n], 0, sizeof out[n]);
		{
			/* the name as written, lower case */
			GumboStringPiece t = el->v.element.original_tag;
			size_t j = 0;
			gumbo_tag_from_original_text(&t);
			for (; j < t.length && j + 1 < sizeof out[n].element; j++)
				out[n].element[j] = (char)(t.data[j] >= 'A' && t.data[j] <= 'Z' ?
							  t.data[j] - 'A' + 'a' : t.data[j]);
			out[n].element[j] = '\0';
		}
		snprintf(out[n].name, sizeof out[n].name, "%s", code_attributes[k]);
		out[n].at = (size_t)(v - data);
		out[n].len = vl;
		out[n].quote = q;
		out[n].text = text;
		n++;
	}
done:
	gumbo_destroy_output(&o, g);
	if (nomem) {
		for (size_t i = 0; i < n; i++)
			free(out[i].text);
		return (size_t)-1;
	}
	return n;
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

static bool
names_utf8(const char *s, size_t n)
{
	return (n == 5 && strncasecmp(s, "utf-8", 5) == 0) || (n == 4 && strncasecmp(s, "utf8", 4) == 0);
}

static bool
piece_in(const GumboStringPiece *p, const char *in, size_t len)
{
	return p->length > 0 && p->data >= in && (size_t)(p->data - in) + p->length <= len;
}

/* An edition is UTF-8 whatever the source declared (tercume reads UTF-8
 * only, so a source that says ISO-8859-1 is ASCII): the charset of each
 * <meta charset> and <meta http-equiv="Content-Type" content="…;
 * charset=…"> in the head that names another becomes utf-8, or a browser
 * shows the translation as mojibake. */
static size_t
charset_edits(const char *in, size_t len, const GumboNode *root, edit *edits, size_t room)
{
	const GumboVector *ch = &root->v.element.children;
	size_t n = 0;

	for (unsigned i = 0; i < ch->length; i++) {
		const GumboNode *head = ch->data[i];
		const GumboVector *hc;

		if (head->type != GUMBO_NODE_ELEMENT || head->v.element.tag != GUMBO_TAG_HEAD)
			continue;
		hc = &head->v.element.children;
		for (unsigned k = 0; k < hc->length && n < room; k++) {
			const GumboNode *m = hc->data[k];
			const GumboAttribute *cs, *he, *ct;
			const GumboStringPiece *v;
			size_t at, z;

			if (m->type != GUMBO_NODE_ELEMENT || m->v.element.tag != GUMBO_TAG_META)
				continue;
			cs = gumbo_get_attribute(&m->v.element.attributes, "charset");
			he = gumbo_get_attribute(&m->v.element.attributes, "http-equiv");
			ct = gumbo_get_attribute(&m->v.element.attributes, "content");
			if (cs && piece_in(&cs->original_value, in, len) &&
			    !names_utf8(cs->value, strlen(cs->value))) {
				v = &cs->original_value;
				edits[n].at = (size_t)(v->data - in);
				edits[n].len = v->length;
				snprintf(edits[n].text, sizeof edits[n].text, "\"utf-8\"");
				n++;
				continue;
			}
			if (!he || strcasecmp(he->value, "content-type") != 0 || !ct ||
			    !piece_in(&ct->original_value, in, len))
				continue;
			/* the charset's name in the value as written */
			v = &ct->original_value;
			at = z = 0;
			for (size_t j = 0; j + 8 <= v->length; j++)
				if (strncasecmp(v->data + j, "charset=", 8) == 0) {
					at = z = j + 8;
					break;
				}
			if (at == 0)
				continue;
			while (z < v->length && !strchr("; \t\n\"'", v->data[z]))
				z++;
			if (z == at || names_utf8(v->data + at, z - at))
				continue;
			edits[n].at = (size_t)(v->data - in) + at;
			edits[n].len = z - at;
			snprintf(edits[n].text, sizeof edits[n].text, "utf-8");
			n++;
		}
	}
	return n;
}

tercume_status
tu_html_set_lang(const char *in, size_t len, const char *lang, char **out, size_t *out_len,
		 tercume_reporter *rep, const char *name)
{
	GumboOptions gopts = kGumboDefaultOptions;
	GumboOutput *g;
	const GumboNode *root;
	const GumboElement *e;
	edit edits[4 + 8];
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
	n_edits += charset_edits(in, len, root, edits + n_edits, 8);
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

static size_t
html_inner_attrs(const tercume_code *c, const char *data, size_t len, tu_html_attr *out)
{
	return tu_html_code_attrs(c->kind, data, len, out);
}

/* An attribute's translation, the source's quotes kept, an unquoted value
 * quoted, with the character references of its source value. */
static void
html_inner_escape(tu_buf *b, const char *s, size_t n, const char *raw, size_t raw_len, char quote)
{
	if (quote == 0)
		tu_buf_putc(b, '"');
	tu_html_escape_as_source(b, s, n, raw, raw_len, true);
	if (quote == 0)
		tu_buf_putc(b, '"');
}

const tu_inner_ops tu_html_inner_ops = { html_inner_attrs, html_inner_escape };
