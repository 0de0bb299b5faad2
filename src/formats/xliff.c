/* xliff.c — what the XLIFF 1.2 and 2.0 modules share: safe parsing with
 * libxml2, tree helpers, the xmlTextWriter set-up and the state mapping
 * (doc/states.md, "## XLIFF"). */
#include "xliff.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* ---- parsing ---- */

/* The XLIFF elements whose content the specifications make elements only
 * (2.0 core, 1.x): the whitespace between their children is the file's
 * indentation, which no reader looks at and no writer keeps.  Not
 * <skeleton> (any content, and whether it is empty is a rule), not the
 * modules (kept as XML, written back as they are). */
static bool
element_only(const char *ns, const char *name)
{
	static const char *const core20[] = {
		"xliff", "file", "group", "unit", "segment", "ignorable", "notes",
		"originalData", NULL
	};

	/* 1.x (1.0 and 1.1 without namespace too) keeps no XML */
	static const char *const core12[] = {
		"xliff", "file", "header", "body", "group", "trans-unit", "alt-trans",
		"context-group", NULL
	};
	const char *const *names;

	if (ns && strcmp(ns, XL_NS20) == 0)
		names = core20;
	else if (ns == NULL || strcmp(ns, XL_NS12) == 0 || strcmp(ns, XL_NS11) == 0)
		names = core12;
	else
		return false;
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

tercume_status
xl_parse(const char *name, const char *data, size_t len, xmlDocPtr *out,
	 tercume_reporter *rep)
{
	return tu_xml_parse_memory_lean(name, data, len, 0, element_only, out, rep);
}

tercume_status
xl_parse_stream(const char *name, const char *data, size_t len, const tu_xml_hooks *hooks,
		xmlDocPtr *out, tercume_reporter *rep)
{
	return tu_xml_parse_stream(name, data, len, 0, element_only, hooks, out, rep);
}

bool
xl_is(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

unsigned long
xl_line(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 ? (unsigned long)l : 0;
}

char *
xl_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = tu_strdup((const char *)v);
	xmlFree(v);
	return s;
}

const char *
xl_attr_ref(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

const char *
xl_attr_ns(const xmlNode *n, const char *ns, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns && strcmp((const char *)a->ns->href, ns) == 0 &&
		    strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

/* The XLIFF versions tercume reads: each by its namespace (1.0 has none,
 * or the 1.0 URN that tools use; 1.1 and 1.2 files without one are common
 * too) and version attribute,
 * and the module that reads it (2.1 has the core of 2.0, in its
 * namespace). */
static const struct {
	const char *ns;
	const char *version;
	int module;
	int number;	/* what xl_validate takes: 12, 20, 21 (0: none) */
} versions[] = {
	{ NULL, "1.0", 12, 10 },
	{ NULL, "1.1", 12, 11 },
	{ NULL, "1.2", 12, 0 },		/* no namespace: the schemas do not apply */
	{ XL_NS10, "1.0", 12, 10 },
	{ XL_NS11, "1.1", 12, 11 },
	{ XL_NS12, "1.2", 12, 12 },
	{ XL_NS20, "2.0", 20, 20 },
	{ XL_NS20, "2.1", 20, 21 },
};

tercume_status
xl_check_root(xmlDocPtr doc, const char *path, int module, const char **ns,
	      int *version, tercume_reporter *rep)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	const char *have_ns;
	char *v;
	tercume_status st = TERCUME_EINPUT;

	*ns = NULL;
	*version = 0;
	if (root == NULL || strcmp((const char *)root->name, "xliff") != 0) {
		tu_error(rep, path, root ? xl_line(root) : 0, 0,
			 "not an XLIFF file: the root element is <%s>, not <xliff>",
			 root ? (const char *)root->name : "");
		return TERCUME_EINPUT;
	}
	have_ns = root->ns ? (const char *)root->ns->href : NULL;
	v = xl_attr(root, "version");
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
		if ((versions[i].ns == NULL) != (have_ns == NULL) ||
		    (have_ns && strcmp(have_ns, versions[i].ns) != 0) ||
		    v == NULL || strcmp(v, versions[i].version) != 0)
			continue;
		if (versions[i].module != module) {
			tu_error(rep, path, xl_line(root), 0, "this is XLIFF %s, not XLIFF %s: "
				 "read it as %s", v, module == 12 ? "1.x" : "2.x",
				 versions[i].module == 12 ? "xliff12" : "xliff20");
		} else {
			*ns = versions[i].ns;
			*version = versions[i].number;
			st = TERCUME_OK;
		}
		free(v);
		return st;
	}
	/* TRANSLATORS: the last %s is the list of the versions read, "XLIFF
	   1.0, 1.1 and 1.2 (as xliff12), 2.0 and 2.1 (as xliff20)". */
	if (have_ns)
		tu_error(rep, path, xl_line(root), 0, "<xliff version=\"%s\"> in namespace '%s' "
			 "is not a version tercume reads: it reads %s", v ? v : TU_("(none)"),
			 have_ns, TU_(XL_VERSIONS_READ));
	else
		tu_error(rep, path, xl_line(root), 0, "<xliff version=\"%s\"> in no namespace "
			 "is not a version tercume reads: it reads %s", v ? v : TU_("(none)"),
			 TU_(XL_VERSIONS_READ));
	free(v);
	return TERCUME_EINPUT;
}

bool
xl_is_in(const xmlNode *n, const char *ns, const char *name)
{
	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
		return false;
	if (ns == NULL)
		return n->ns == NULL;
	return n->ns != NULL && strcmp((const char *)n->ns->href, ns) == 0;
}

bool
xl_cp_append(tu_buf *b, const xmlNode *cp, const char *path, tercume_reporter *rep)
{
	const char *hex = xl_attr_ref(cp, "hex");
	char *end;
	unsigned long c = hex ? strtoul(hex, &end, 16) : 0;
	char u[4];
	int32_t k = 0;
	UBool err = false;

	if (hex == NULL || hex[0] == '\0' || *end != '\0' || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF)) {
		tu_error(rep, path, xl_line(cp), 0, "<cp hex='%s'> is not a Unicode code point",
			 hex ? hex : "");
		return false;
	}
	if (c == 0 || (c >= TERCUME_RESERVED_FIRST && c <= TERCUME_RESERVED_LAST)) {
		tu_error(rep, path, xl_line(cp), 0, "<cp hex='%s'> is U+%04lX, which tercume "
			 "cannot hold (%s)", hex, c, c == 0 ? "no NUL in text" :
			 "reserved for its inline-code markers");
		return false;
	}
	U8_APPEND((uint8_t *)u, k, 4, (UChar32)c, err);
	tu_buf_append(b, u, (size_t)k);
	return !err;
}

tercume_status
xl_text(const xmlNode *n, bool cp, bool skip_elements, const char *path,
	tercume_reporter *rep, char **out)
{
	tu_buf b = TU_BUF_INIT;

	*out = NULL;
	for (const xmlNode *c = n->children; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				tu_buf_puts(&b, (const char *)c->content);
			break;
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		case XML_ELEMENT_NODE:
			if (cp && xl_is(c, XL_NS20, "cp")) {
				if (!xl_cp_append(&b, c, path, rep)) {
					tu_buf_free(&b);
					return TERCUME_EINPUT;
				}
				break;
			}
			if (skip_elements)
				break;
			tu_error(rep, path, xl_line(c), 0, "element <%s> in <%s>: only text "
				 "belongs there", (const char *)c->name, (const char *)n->name);
			tu_buf_free(&b);
			return TERCUME_EINPUT;
		default:
			tu_error(rep, path, xl_line(c), 0, "unexpected content in <%s>",
				 (const char *)n->name);
			tu_buf_free(&b);
			return TERCUME_EINPUT;
		}
	}
	return tu_buf_finish(&b, out, NULL);
}

tercume_status
xl_add_text(tercume_rich_builder *b, const char *s, size_t len, const xmlNode *n,
	    const char *path, tercume_reporter *rep)
{
	size_t at;
	tu_text_problem pr = tu_text_check(s, len, false, &at);
	char why[160];

	if (pr != TU_TEXT_OK) {
		tu_error(rep, path, xl_line(n), 0, "<%s> holds %s", (const char *)n->name,
			 tu_text_problem_name(pr, s, at, why, sizeof why));
		return TERCUME_EINPUT;
	}
	return tercume_rich_add_text(b, s, len);
}

/* ---- attributes kept as XML (a code's extra) ---- */

static bool
in_names(const char *name, const char *const *names)
{
	for (size_t i = 0; names && names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

char *
xl_extra_attrs(const xmlNode *n, const char *const *known, bool *nomem)
{
	tu_buf b = TU_BUF_INIT;
	char *out = NULL;

	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *v = a->children && a->children->content ?
				(const char *)a->children->content : "";

		if (a->ns == NULL && in_names((const char *)a->name, known))
			continue;
		if (a->ns && a->ns->href && strcmp((const char *)a->ns->href, XL_NS_XML) == 0)
			continue;
		if (a->ns && a->ns->prefix) {
			char decl[256];
			bool seen = false;

			/* the declaration once, before its first attribute */
			snprintf(decl, sizeof decl, " xmlns:%s=\"", (const char *)a->ns->prefix);
			for (const xmlAttr *p = n->properties; p != a; p = p->next)
				seen |= p->ns == a->ns;
			if (!seen) {
				tu_buf_puts(&b, decl);
				xl_escape(&b, (const char *)a->ns->href, strlen((const char *)a->ns->href), true);
				tu_buf_putc(&b, '"');
			}
			tu_buf_printf(&b, " %s:%s=\"", (const char *)a->ns->prefix,
				      (const char *)a->name);
		} else if (a->ns) {
			continue;	/* a namespace without prefix: not on attributes */
		} else {
			tu_buf_printf(&b, " %s=\"", (const char *)a->name);
		}
		xl_escape(&b, v, strlen(v), true);
		tu_buf_putc(&b, '"');
	}
	if (b.len == 0) {
		tu_buf_free(&b);
		return NULL;
	}
	if (tu_buf_finish(&b, &out, NULL) != TERCUME_OK)
		*nomem = true;
	return out;
}

/* One character reference or entity of an attribute value at s (after the
 * '&'), appended to b; the length read, or 0. */
static size_t
unescape_one(const char *s, tu_buf *b)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
	};
	char *end;
	unsigned long c;
	char u[4];
	int32_t k = 0;
	UBool err = false;

	for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
		if (strncmp(s, ents[i].name, strlen(ents[i].name)) == 0) {
			tu_buf_putc(b, ents[i].c);
			return strlen(ents[i].name);
		}
	if (s[0] != '#')
		return 0;
	c = s[1] == 'x' ? strtoul(s + 2, &end, 16) : strtoul(s + 1, &end, 10);
	if (*end != ';' || end == s + 1 || !xl_xml_char_ok((UChar32)c))
		return 0;
	U8_APPEND((uint8_t *)u, k, 4, (UChar32)c, err);
	if (err)
		return 0;
	tu_buf_append(b, u, (size_t)k);
	return (size_t)(end + 1 - s);
}

bool
xl_extra_each(const char *extra, xl_attr_fn fn, void *user)
{
	const char *p = extra;
	bool ok = true;

	while (p && *p && ok) {
		tu_buf name = TU_BUF_INIT, value = TU_BUF_INIT;
		size_t n;

		p += strspn(p, " \t\r\n");
		if (*p == '\0')
			break;
		n = strcspn(p, "=\" \t\r\n<>&");
		if (n == 0 || p[n] != '=' || p[n + 1] != '"')
			return false;
		tu_buf_append(&name, p, n);
		p += n + 2;
		while (*p && *p != '"' && ok) {
			if (*p == '&') {
				size_t k = unescape_one(p + 1, &value);

				if (k == 0)
					ok = false;
				p += k + 1;
			} else if (*p == '<') {
				ok = false;
			} else {
				tu_buf_putc(&value, *p++);
			}
		}
		if (*p != '"')
			ok = false;
		else
			p++;
		if (ok && (name.failed || value.failed))
			ok = false;
		if (ok)
			ok = fn(user, name.data, value.data ? value.data : "");
		tu_buf_free(&name);
		tu_buf_free(&value);
	}
	return ok;
}

/* ---- kept elements (format data) ---- */

char *
xl_node_xml(const xmlNode *n)
{
	xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr copy;
	xmlBufferPtr buf;
	char *out = NULL;

	if (d == NULL)
		return NULL;
	/* a copy in a document of its own declares every namespace it uses */
	copy = xmlDocCopyNode((xmlNodePtr)n, d, 1);
	if (copy == NULL) {
		xmlFreeDoc(d);
		return NULL;
	}
	xmlDocSetRootElement(d, copy);
	buf = xmlBufferCreate();
	if (buf && xmlNodeDump(buf, d, copy, 0, 0) >= 0)
		out = tu_strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(d);
	return out;
}

xmlNodePtr
xl_parse_kept(const char *xml, xmlDocPtr *doc)
{
	tercume_reporter quiet = { NULL, NULL, 0, 0 };

	*doc = NULL;
	if (xml == NULL || tu_xml_parse_memory("format data", xml, strlen(xml), 0, doc,
					       &quiet) != TERCUME_OK) {
		*doc = NULL;
		return NULL;
	}
	return xmlDocGetRootElement(*doc);
}

int
xl_data_version(const char *data)
{
	const char *end = data ? strchr(data, '>') : NULL;
	size_t n = end ? (size_t)(end - data) : 0;
	char head[512];

	/* the namespace the first tag declares says whose it is */
	if (n == 0 || data[0] != '<')
		return 0;
	if (n >= sizeof head)
		n = sizeof head - 1;
	memcpy(head, data, n);
	head[n] = '\0';
	if (strstr(head, "\"" XL_NS20 "\""))
		return 20;
	if (strstr(head, "\"" XL_NS12 "\""))
		return 12;
	return 0;
}

tercume_status
xl_join(char **slot, const char *text)
{
	char *p;
	size_t a, b;

	if (*slot == NULL) {
		*slot = tu_strdup(text);
		return *slot ? TERCUME_OK : TERCUME_ENOMEM;
	}
	a = strlen(*slot);
	b = strlen(text);
	p = realloc(*slot, a + b + 2);
	if (p == NULL)
		return TERCUME_ENOMEM;
	p[a] = '\n';
	memcpy(p + a + 1, text, b + 1);
	*slot = p;
	return TERCUME_OK;
}

struct xl_ids {
	tu_map *lines;	/* id -> line of its first unit */
};

xl_ids *
xl_ids_new(void)
{
	xl_ids *ids = calloc(1, sizeof *ids);

	if (ids && (ids->lines = tu_map_new(64)) == NULL) {
		free(ids);
		ids = NULL;
	}
	return ids;
}

void
xl_ids_free(xl_ids *ids)
{
	if (ids == NULL)
		return;
	tu_map_free(ids->lines);
	free(ids);
}

tercume_status
xl_ids_add(xl_ids *ids, const char *id, unsigned long line, const char *path,
	   tercume_reporter *rep)
{
	bool added;
	size_t *first = tu_map_slot(ids->lines, id, &added);

	if (first == NULL)
		return TERCUME_ENOMEM;
	if (!added) {
		tu_error(rep, path, line, 0, "duplicate unit ID '%s' (first on line %zu)", id, *first);
		return TERCUME_EINPUT;
	}
	*first = line;
	return TERCUME_OK;
}

int
xl_parse_score(const char *s)
{
	char *end;
	double v;

	if (s == NULL)
		return 0;
	v = strtod(s, &end);
	if (end == s || (*end != '\0' && strcmp(end, "%") != 0) || !(v >= 1 && v <= 100))
		return 0;
	return (int)(v + 0.5);
}

void
xl_unit_clear(xl_unit *u)
{
	free(u->id);
	free(u->context);
	free(u->reference);
	free(u->comment);
	free(u->format_state);
	free(u->format_data);
	memset(u, 0, sizeof *u);
}

tercume_status
xl_entry_add(tercume_catalog *cat, xl_unit *u, const char *path, tercume_reporter *rep)
{
	tercume_entry e = { 0 };
	char why[256];
	tercume_status st;

	e.id = u->id;
	e.source = u->source;
	e.source_codes = u->source_codes;
	e.n_source_codes = u->n_source_codes;
	e.target = u->target;
	e.target_codes = u->target_codes;
	e.n_target_codes = u->n_target_codes;
	e.state = u->state;
	e.context = u->context;
	e.reference = u->reference;
	e.comment = u->comment;
	e.previous_source = u->previous_source;
	e.previous_codes = u->previous_codes;
	e.n_previous_codes = u->n_previous_codes;
	e.format_state = u->format_state;
	e.format_data = u->format_data;
	e.match_score = u->match_score;
	e.line = u->line;
	e.implicit_id = u->implicit_id;
	st = tu_catalog_add(cat, &e, false, why, sizeof why);
	if (st == TERCUME_EINPUT && why[0])
		tu_error(rep, path, u->line, 0, "unit '%s': %s", u->id, why);
	else if (st == TERCUME_EINPUT)
		tu_error(rep, path, u->line, 0, "duplicate unit ID '%s'", u->id);
	xl_unit_clear(u);
	return st;
}

/* ---- writing ---- */

static void
track(xl_writer *xw, int rc)
{
	if (rc < 0 && xw->rc == 0)
		xw->rc = rc;
}

/* libxml2's output goes straight into the tu_out. */
static int
out_write(void *ctx, const char *data, int len)
{
	tu_out *o = ctx;

	tu_out_write(o, data, (size_t)len);
	return o->st == TERCUME_OK ? len : -1;
}

static int
out_close(void *ctx)
{
	(void)ctx;
	return 0;
}

tercume_status
xl_writer_open(xl_writer *xw, tu_out *out)
{
	memset(xw, 0, sizeof *xw);
	xw->out = out;
	xw->ob = xmlOutputBufferCreateIO(out_write, out_close, out, NULL);
	if (xw->ob == NULL)
		return TERCUME_ENOMEM;
	xw->w = xmlNewTextWriter(xw->ob);	/* it owns ob from now on */
	if (xw->w == NULL) {
		xmlOutputBufferClose(xw->ob);
		xw->ob = NULL;
		return TERCUME_ENOMEM;
	}
	track(xw, xmlTextWriterSetIndent(xw->w, 1));
	track(xw, xmlTextWriterSetIndentString(xw->w, (const xmlChar *)"  "));
	track(xw, xmlTextWriterStartDocument(xw->w, "1.0", "UTF-8", NULL));
	return TERCUME_OK;
}

void
xl_start(xl_writer *xw, const char *name)
{
	track(xw, xmlTextWriterStartElement(xw->w, (const xmlChar *)name));
	xw->depth++;
	xw->after_start = true;
}

void
xl_end(xl_writer *xw)
{
	track(xw, xmlTextWriterEndElement(xw->w));
	xw->depth--;
	xw->after_start = false;
}

void
xl_attr_put(xl_writer *xw, const char *name, const char *value)
{
	track(xw, xmlTextWriterWriteAttribute(xw->w, (const xmlChar *)name,
					      (const xmlChar *)value));
}

void
xl_element(xl_writer *xw, const char *name, const char *text)
{
	track(xw, xmlTextWriterWriteElement(xw->w, (const xmlChar *)name,
					    (const xmlChar *)text));
}

void
xl_text_put(xl_writer *xw, const char *text)
{
	track(xw, xmlTextWriterWriteString(xw->w, (const xmlChar *)text));
	xw->after_start = false;
}

void
xl_raw(xl_writer *xw, const char *s, size_t n)
{
	if (n > 0)
		track(xw, xmlTextWriterWriteRawLen(xw->w, (const xmlChar *)s, (int)n));
	xw->after_start = false;
}

void
xl_node_put(xl_writer *xw, const xmlNode *n)
{
	xmlBufferPtr buf = xmlBufferCreate();

	if (buf == NULL || xmlNodeDump(buf, n->doc, (xmlNodePtr)n, xw->depth, 0) < 0) {
		xw->rc = -1;
	} else {
		/* on lines of its own, indented like the elements around it */
		if (xw->after_start)
			xl_raw(xw, "\n", 1);
		for (int i = 0; i < xw->depth; i++)
			xl_raw(xw, "  ", 2);
		xl_raw(xw, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
		xl_raw(xw, "\n", 1);
		/* and the writer indents what comes next again */
		track(xw, xmlTextWriterSetIndent(xw->w, 1));
	}
	xmlBufferFree(buf);
}

void
xl_put_attr(tu_buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	tu_buf_printf(b, " %s=\"", name);
	xl_escape(b, value, strlen(value), true);
	tu_buf_putc(b, '"');
}

void
xl_escape(tu_buf *b, const char *s, size_t n, bool attr)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		/* what XML would normalise away: a CR, and in values tab and LF */
		case '\r': rep = "&#13;"; break;
		case '\n': if (!attr) continue; rep = "&#10;"; break;
		case '\t': if (!attr) continue; rep = "&#9;"; break;
		default: continue;
		}
		tu_buf_append(b, s + start, i - start);
		tu_buf_puts(b, rep);
		start = i + 1;
	}
	tu_buf_append(b, s + start, n - start);
}

bool
xl_xml_char_ok(UChar32 c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

tercume_status
xl_writer_finish(xl_writer *xw, tercume_reporter *rep)
{
	track(xw, xmlTextWriterEndDocument(xw->w));
	track(xw, xmlTextWriterFlush(xw->w));
	if (xw->out->st != TERCUME_OK)
		return xw->out->st;
	if (xw->rc < 0) {
		tu_error(rep, xw->out->name, 0, 0, "the XML writer failed");
		return TERCUME_ENOMEM;
	}
	return TERCUME_OK;
}

void
xl_writer_close(xl_writer *xw)
{
	if (xw->w)
		xmlFreeTextWriter(xw->w);	/* closes ob */
	memset(xw, 0, sizeof *xw);
}

/* A string that XML 1.0 can carry: valid UTF-8 of XML Chars (no C0 control
 * but tab, LF and CR; no U+FFFE/U+FFFF). */
bool
xl_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int len = 4;
		int c = xmlGetUTF8Char(p, &len);

		if (c < 0 || !xmlIsCharQ(c))
			return false;
		p += len;
	}
	return true;
}

/* The plain strings of an entry, which XML 1.0 must carry. */
#define XL_PLAIN_FIELDS(e) { (e)->id, (e)->context, (e)->reference, (e)->comment, \
			     (e)->format_state }

bool
xl_entry_ok(const tercume_entry *e)
{
	const char *fields[] = XL_PLAIN_FIELDS(e);

	if (e->source_plural != NULL)
		return false;
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (fields[k] && !xl_text_ok(fields[k]))
			return false;
	return true;
}

tercume_status
xl_check_catalog(const tercume_catalog *cat, const char *path, tercume_reporter *rep)
{
	tu_map *obsolete = tu_map_new(16);
	tercume_status st = TERCUME_OK;
	bool added;

	if (obsolete == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		const char *fields[] = XL_PLAIN_FIELDS(e);

		if (e->source_plural != NULL) {
			xl_entry_error(rep, cat, e, path, "the entry of '%s' is a plural entry "
				 "(msgid_plural), which only PO holds; keep this catalogue in PO",
				 e->id);
			st = TERCUME_EINPUT;
			continue;
		}
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			if (fields[k] && !xl_text_ok(fields[k])) {
				xl_entry_error(rep, cat, e, path, "unit '%s' holds a character "
					 "that XML 1.0 cannot carry", e->id);
				st = TERCUME_EINPUT;
				break;
			}
		if (e->state != TERCUME_STATE_OBSOLETE)
			continue;
		if (tu_map_slot(obsolete, e->id, &added) == NULL) {
			st = TERCUME_ENOMEM;
			break;
		}
		if (!added) {
			xl_entry_error(rep, cat, e, path, "two obsolete entries share the unit ID "
				 "'%s'; XLIFF needs unique IDs within a file", e->id);
			st = TERCUME_EINPUT;
		}
	}
	tu_map_free(obsolete);
	return st;
}

void
xl_entry_error(tercume_reporter *rep, const tercume_catalog *cat, const tercume_entry *e,
	       const char *path, const char *fmt, ...)
{
	const char *file = tercume_catalog_file(cat);
	va_list ap;

	va_start(ap, fmt);
	if (file && file[0] && e->line)
		tu_vreport(rep, TERCUME_SEV_ERROR, file, e->line, 0, NULL, fmt, ap);
	else
		tu_vreport(rep, TERCUME_SEV_ERROR, path, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

void
xl_entry_warning(tercume_reporter *rep, const tercume_catalog *cat, const tercume_entry *e,
		 const char *path, const char *fmt, ...)
{
	const char *file = tercume_catalog_file(cat);
	va_list ap;

	va_start(ap, fmt);
	if (file && file[0] && e->line)
		tu_vreport(rep, TERCUME_SEV_WARNING, file, e->line, 0, NULL, fmt, ap);
	else
		tu_vreport(rep, TERCUME_SEV_WARNING, path, 0, 0, NULL, fmt, ap);
	va_end(ap);
}

const char *
xl_target(const tercume_entry *e)
{
	return e->target && e->target[0] ? e->target : NULL;
}

void
xl_split_reference(const char *ref, char **file, char **line)
{
	const char *colon = strrchr(ref, ':');

	*file = *line = NULL;
	if (colon && colon > ref && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		*file = tu_strndup(ref, (size_t)(colon - ref));
		*line = tu_strdup(colon + 1);
	} else {
		*file = tu_strdup(ref);
	}
}

/* ---- states ---- */

static const char *const states12[] = {
	"new", "needs-translation", "needs-adaptation", "needs-l10n",
	"needs-review-translation", "needs-review-adaptation", "needs-review-l10n",
	"translated", "signed-off", "final",
};

static const char *const states20[] = { "initial", "translated", "reviewed", "final" };

static bool
in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; w && i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

bool
xl_state12_valid(const char *w)
{
	if (w == NULL)
		return false;
	if (strncmp(w, "x-", 2) == 0)
		return w[2] != '\0' && strpbrk(w, " \t\r\n:") == NULL;
	return in_list(w, states12, sizeof states12 / sizeof states12[0]);
}

bool
xl_state20_valid(const char *w)
{
	return in_list(w, states20, sizeof states20 / sizeof states20[0]);
}

tercume_state
xl_state_from12(const char *w, bool has_target, bool approved_no)
{
	if (!has_target)
		return TERCUME_STATE_UNTRANSLATED;
	/* approved="no" is a review signal of its own (Lokalize's "not
	 * ready", Translate Toolkit's fuzzy), whatever the state word says */
	if (approved_no)
		return TERCUME_STATE_FUZZY;
	if (w == NULL)
		return TERCUME_STATE_TRANSLATED;
	if (strcmp(w, "translated") == 0 || strcmp(w, "signed-off") == 0 ||
	    strcmp(w, "final") == 0)
		return TERCUME_STATE_TRANSLATED;
	return TERCUME_STATE_FUZZY;	/* new, needs-*, x-* */
}

tercume_state
xl_state_from20(const char *w, bool has_target)
{
	if (!has_target)
		return TERCUME_STATE_UNTRANSLATED;
	if (w == NULL || strcmp(w, "initial") == 0)
		return TERCUME_STATE_FUZZY;
	return TERCUME_STATE_TRANSLATED;
}

/* Whether the kept word still says what the entry's state says (an edit in
 * another tool may have changed the state since). */
static bool
word_fits(const tercume_entry *e, tercume_state s)
{
	return e->state == TERCUME_STATE_OBSOLETE || e->state == s;
}

bool
xl_substate_fuzzy(const char *sub)
{
	const char *colon = sub ? strchr(sub, ':') : NULL;

	return colon && colon > sub && strcmp(colon + 1, "fuzzy") == 0;
}

const char *
xl_state_to12(const tercume_entry *e)
{
	bool t = xl_target(e) != NULL;
	const char *w = e->format_state;

	/* a fuzzy entry is written with approved="no" (xliff12.c), so a kept
	 * "translated" word still reads back as fuzzy */
	if (xl_state12_valid(w) && word_fits(e, xl_state_from12(w, t, e->state == TERCUME_STATE_FUZZY)))
		return w;
	/* a 2.0 word that 1.2 does not have */
	if (t && w && strcmp(w, "reviewed") == 0 && word_fits(e, TERCUME_STATE_TRANSLATED))
		return "signed-off";
	if (!t)
		return NULL;
	switch (e->state) {
	case TERCUME_STATE_FUZZY: return "needs-review-translation";
	case TERCUME_STATE_UNTRANSLATED:	/* a target marked untranslated */
		return "needs-translation";
	case TERCUME_STATE_TRANSLATED:
	case TERCUME_STATE_OBSOLETE: break;
	}
	return "translated";
}

void
xl_state_to20(const tercume_entry *e, const char **state, const char **sub)
{
	bool t = xl_target(e) != NULL;
	const char *w = e->format_state;
	tercume_state s = e->state;

	*sub = NULL;
	if (xl_state20_valid(w) && word_fits(e, xl_state_from20(w, t))) {
		/* the file's own word says it all ("initial" with a target is
		 * fuzzy; tercume's "tercume:fuzzy" was read as no word) */
		*state = w;
		return;
	} else if (xl_state12_valid(w) && word_fits(e, xl_state_from12(w, t, false))) {
		/* a 1.2 word: the nearest 2.0 state, the word itself in subState */
		*state = t && strcmp(w, "signed-off") == 0 ? "reviewed" : "initial";
		*sub = w;
		return;
	} else if (s == TERCUME_STATE_TRANSLATED || (s == TERCUME_STATE_OBSOLETE && t)) {
		*state = "translated";
	} else {
		*state = "initial";
	}
	if (t && (s == TERCUME_STATE_FUZZY || s == TERCUME_STATE_UNTRANSLATED))
		*sub = "fuzzy";
}

/* ---- what another format leaves out ---- */

static void
add_name(tu_buf *names, size_t *n, const char *name)
{
	char key[160];
	size_t last;

	/* a name already listed is ", NAME," inside the list, or ", NAME"
	 * (the key without its comma) at its end */
	snprintf(key, sizeof key, ", %s,", name);
	last = strlen(key) - 1;
	if (names->data && (strstr(names->data, key) || (names->len >= last &&
	    memcmp(names->data + names->len - last, key, last) == 0)))
		return;
	if (*n < 8)
		tu_buf_printf(names, ", %s", name);
	else if (*n == 8)
		tu_buf_puts(names, ", …");
	(*n)++;
}

void
tu_xliff_kept_dropped(const tercume_catalog *cat, const char *name, tercume_reporter *rep)
{
	tu_buf names = TU_BUF_INIT;
	size_t units = 0, n = 0;

	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);
		xmlDocPtr d;
		xmlNodePtr u;

		if (xl_data_version(e->format_data) != 20)
			continue;
		units++;
		if ((u = xl_parse_kept(e->format_data, &d)) == NULL)
			continue;
		size_t segs = 0;

		if (u->properties && u->properties->next)
			add_name(&names, &n, TU_("unit attributes"));
		for (const xmlNode *c = u->children; c; c = c->next)
			segs += xl_is(c, XL_NS20, "segment");
		for (const xmlNode *c = u->children; c; c = c->next) {
			char qn[128];

			if (xl_is(c, XL_NS20, "segment")) {
				/* the segments are the entries: what they do not
				 * carry is another tool's subState and the
				 * segment's other attributes (its id in a unit of
				 * one segment, but tercume's s1; canResegment), and those of its
				 * source and target (xml:space, order) */
				for (const xmlAttr *a = c->properties; a; a = a->next) {
					const char *an = (const char *)a->name;
					const char *v = a->children && a->children->content ?
							(const char *)a->children->content : "";

					if (a->ns == NULL && strcmp(an, "subState") == 0) {
						if (strncmp(v, XL_SUBSTATE_PREFIX,
							    strlen(XL_SUBSTATE_PREFIX)) != 0)
							add_name(&names, &n, "subState");
					} else if (a->ns || (strcmp(an, "state") != 0 &&
							     (strcmp(an, "id") != 0 ||
							      (segs == 1 && strcmp(v, "s1") != 0))))
						add_name(&names, &n, TU_("segment attributes"));
				}
				for (const xmlNode *d = c->children; d; d = d->next)
					if (d->type == XML_ELEMENT_NODE && d->properties)
						add_name(&names, &n, TU_("source and target attributes"));
				continue;
			}
			/* the data the codes hold */
			if (c->type != XML_ELEMENT_NODE || xl_is(c, XL_NS20, "originalData"))
				continue;
			snprintf(qn, sizeof qn, "<%s%s%s>", c->ns && c->ns->prefix ?
				 (const char *)c->ns->prefix : "", c->ns && c->ns->prefix ? ":" : "",
				 (const char *)c->name);
			add_name(&names, &n, qn);
		}
		xmlFreeDoc(d);
	}
	if (xl_data_version(tercume_catalog_format_data(cat)) == 20)
		add_name(&names, &n, TU_("the files' and groups' structure"));
	if (units > 0 || n > 0)
		/* TRANSLATORS: how many units held such things, then the list of
		   what was left out (element names, and phrases translated apart),
		   or "none". */
		tu_nreport(rep, TERCUME_SEV_WARNING, name, 0, 0, NULL, units,
			   "what the XLIFF 2 file held beyond entries and inline codes is left "
			   "out here (%zu unit: %s); only XLIFF 2 writes it back",
			   "what the XLIFF 2 file held beyond entries and inline codes is left "
			   "out here (%zu units: %s); only XLIFF 2 writes it back",
			   units, names.data ? names.data + 2 : TU_("none"));
	tu_buf_free(&names);
}
