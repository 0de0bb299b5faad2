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

tercume_status
xl_parse(const char *path, xmlDocPtr *out, tercume_reporter *rep)
{
	return tu_xml_parse(path, 0, out, rep);
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

/* The XLIFF versions tercume reads: each by its namespace (1.0 has none;
 * 1.1 and 1.2 files without one are common too) and version attribute,
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
	tu_error(rep, path, xl_line(root), 0, "<xliff version=\"%s\"> in %s%s%s is not a "
		 "version tercume reads: it reads " XL_VERSIONS_READ, v ? v : "(none)",
		 have_ns ? "namespace '" : "no namespace", have_ns ? have_ns : "",
		 have_ns ? "'" : "");
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

tercume_status
xl_text(const xmlNode *n, const char *path, tercume_reporter *rep, char **out)
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
			tu_error(rep, path, xl_line(c), 0,
				 "inline element <%s> in <%s>: tercume reads plain text only",
				 (const char *)c->name, (const char *)n->name);
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
	free(u->source);
	free(u->target);
	free(u->context);
	free(u->reference);
	free(u->comment);
	free(u->previous_source);
	free(u->format_state);
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
	e.target = u->target;
	e.state = u->state;
	e.context = u->context;
	e.reference = u->reference;
	e.comment = u->comment;
	e.previous_source = u->previous_source;
	e.format_state = u->format_state;
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

tercume_status
xl_writer_open(xl_writer *xw)
{
	memset(xw, 0, sizeof *xw);
	xw->buf = xmlBufferCreate();
	if (xw->buf == NULL)
		return TERCUME_ENOMEM;
	xw->w = xmlNewTextWriterMemory(xw->buf, 0);
	if (xw->w == NULL) {
		xmlBufferFree(xw->buf);
		xw->buf = NULL;
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
}

void
xl_end(xl_writer *xw)
{
	track(xw, xmlTextWriterEndElement(xw->w));
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
}

tercume_status
xl_writer_finish(xl_writer *xw, const char *path, tercume_reporter *rep)
{
	const char *data;
	size_t len;

	track(xw, xmlTextWriterEndDocument(xw->w));
	track(xw, xmlTextWriterFlush(xw->w));
	if (xw->rc < 0) {
		tu_error(rep, path, 0, 0, "the XML writer failed");
		return TERCUME_ENOMEM;
	}
	data = (const char *)xmlBufferContent(xw->buf);
	len = (size_t)xmlBufferLength(xw->buf);
	if (len == 0 || data[len - 1] != '\n') {
		tu_error(rep, path, 0, 0, "the XML writer produced no final newline");
		return TERCUME_ENOMEM;
	}
	return tercume_write_file_atomic(path, data, len, rep);
}

void
xl_writer_close(xl_writer *xw)
{
	if (xw->w)
		xmlFreeTextWriter(xw->w);
	if (xw->buf)
		xmlBufferFree(xw->buf);
	memset(xw, 0, sizeof *xw);
}

/* A string that XML 1.0 can carry: valid UTF-8 of XML Chars (no C0 control
 * but tab, LF and CR; no U+FFFE/U+FFFF). */
static bool
xml_text_ok(const char *s)
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
		const char *fields[] = { e->id, e->source, e->target, e->context, e->reference,
					 e->comment, e->previous_source, e->format_state };

		/* Until the XLIFF modules write inline codes (helper "xliff",
		 * issue 13), a unit with codes is refused rather than written
		 * with its markers as characters. */
		if (e->n_source_codes || e->n_target_codes || e->n_previous_codes) {
			xl_entry_error(rep, cat, e, path, "unit '%s' has inline codes, which "
				 "this XLIFF writer cannot write yet", e->id);
			st = TERCUME_EINPUT;
			continue;
		}
		if (e->source_plural != NULL) {
			xl_entry_error(rep, cat, e, path, "the entry of '%s' is a plural entry "
				 "(msgid_plural), which only PO holds; keep this catalogue in PO",
				 e->id);
			st = TERCUME_EINPUT;
			continue;
		}
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			if (fields[k] && !xml_text_ok(fields[k])) {
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
		*state = w;
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
