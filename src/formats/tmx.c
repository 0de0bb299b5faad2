/* tmx.c — TMX 1.4b translation memories through libxml2.
 *
 * Reading keeps the translation units that have a variant in both languages
 * asked for; writing puts every translated entry of the catalogues given
 * into one memory, one <tu> per language pair. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

/* ---- reading ---- */

static bool
is_element(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns == NULL &&
	       strcmp((const char *)n->name, name) == 0;
}

static unsigned long
line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);

	return l > 0 ? (unsigned long)l : 0;
}

/* Is lang (from the file) the language want?  exact: the whole tag,
 * otherwise the primary subtag, both case-insensitively. */
static bool
lang_matches(const char *lang, const char *want, bool exact)
{
	size_t a, b;

	if (exact)
		return strcasecmp(lang, want) == 0;
	a = strcspn(lang, "-_");
	b = strcspn(want, "-_");
	return a == b && strncasecmp(lang, want, a) == 0;
}

/* ---- inline codes (doc/rich-text.md) ----
 *
 *   <bpt i x type>data</bpt> … <ept i>data</ept>   a pair (OPEN, CLOSE)
 *   <ph x type>data</ph>                            a placeholder
 *   <it pos="begin|end" x type>data</it>            an isolated code
 *   <hi x type>text</hi>                            a marker span
 *
 * The data is the element's text (its native code).  A code's id is its x,
 * or for a pair without x its i, or its place ("p3") in the segment; a bpt
 * or an ept without its other half in the segment is read as isolated. */

/* XLIFF 2 type and subType of a TMX type, and back. */
static const struct {
	const char *tmx, *type, *subtype;
} tmx_types[] = {
	{ "bold", "fmt", "xlf:b" },
	{ "italic", "fmt", "xlf:i" },
	{ "ulined", "fmt", "xlf:u" },
	{ "lb", "fmt", "xlf:lb" },
	{ "pb", "fmt", "xlf:pb" },
	{ "link", "link", NULL },
	{ "image", "image", NULL },
};

static const char *
tmx_type_of(const tercume_code *c, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof tmx_types / sizeof tmx_types[0]; i++)
		if (c->type && strcmp(c->type, tmx_types[i].type) == 0 &&
		    ((c->subtype == NULL && tmx_types[i].subtype == NULL) ||
		     (c->subtype && tmx_types[i].subtype && strcmp(c->subtype, tmx_types[i].subtype) == 0)))
			return tmx_types[i].tmx;
	if (c->subtype && strncmp(c->subtype, "tmx:", 4) == 0)
		return c->subtype + 4;
	if (c->type == NULL)
		return NULL;
	snprintf(buf, size, "x-%s", c->type);
	return buf;
}

static void
type_from_tmx(const char *t, char **type, char **subtype)
{
	*type = *subtype = NULL;
	if (t == NULL)
		return;
	for (size_t i = 0; i < sizeof tmx_types / sizeof tmx_types[0]; i++)
		if (strcmp(t, tmx_types[i].tmx) == 0) {
			*type = tu_strdup(tmx_types[i].type);
			*subtype = tu_strdup(tmx_types[i].subtype);
			return;
		}
	if (strncmp(t, "x-", 2) == 0 && t[2]) {
		*type = tu_strdup(t + 2);
		return;
	}
	*type = tu_strdup("other");
	*subtype = malloc(strlen(t) + 5);
	if (*subtype)
		strcat(strcpy(*subtype, "tmx:"), t);
}

/* All the text inside n (a native code, with its <sub> flows). */
static void
all_text(const xmlNode *n, tu_buf *b)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			tu_buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			all_text(c, b);
	}
}

static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s = v ? tu_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Whether the <seg> has an ept (for bpt) or bpt (for ept) with this i. */
static bool
has_partner(const xmlNode *seg, const char *name, const char *i)
{
	for (const xmlNode *c = seg->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_element(c, name)) {
			char *j = attr(c, "i");
			bool same = j && i && strcmp(i, j) == 0;
			free(j);
			if (same)
				return true;
		}
		if (is_element(c, "hi") && has_partner(c, name, i))
			return true;
	}
	return false;
}

typedef struct seg_reader {
	const xmlNode *seg;
	tercume_rich_builder *b;
	size_t place;		/* codes so far, for ids of codes without x or i */
	tu_map *pair_ids;	/* i -> the pair's id, for the ept */
	char **ids;
	size_t n_ids;
	tercume_status st;
} seg_reader;

static void
read_code(seg_reader *r, const xmlNode *c, tercume_run_kind kind)
{
	char *x = attr(c, "x"), *i = attr(c, "i"), *t = attr(c, "type"), *id = NULL;
	char place[32], *type, *subtype;
	tu_buf data = TU_BUF_INIT;
	tercume_code code = { 0 };

	r->place++;
	if (kind == TERCUME_RUN_CLOSE && i) {
		size_t k;
		if (tu_map_get(r->pair_ids, i, &k))
			id = tu_strdup(r->ids[k]);
	}
	if (id == NULL) {
		snprintf(place, sizeof place, "p%zu", r->place);
		id = tu_strdup(x ? x : (kind == TERCUME_RUN_OPEN || kind == TERCUME_RUN_CLOSE) && i ? i
				    : place);
	}
	if (kind == TERCUME_RUN_OPEN && i && id) {
		size_t *slot = tu_map_slot(r->pair_ids, i, NULL);
		char **v = realloc(r->ids, (r->n_ids + 1) * sizeof *v);
		if (slot && v) {
			r->ids = v;
			r->ids[r->n_ids] = tu_strdup(id);
			*slot = r->n_ids++;
		}
	}
	if (kind == TERCUME_RUN_MARKER_START || kind == TERCUME_RUN_MARKER_END) {
		type = t ? tu_strdup(t) : NULL;
		subtype = NULL;
	} else
		type_from_tmx(t, &type, &subtype);
	if (kind != TERCUME_RUN_MARKER_START && kind != TERCUME_RUN_MARKER_END)
		all_text(c, &data);
	code.kind = kind;
	code.id = id;
	code.data = data.len ? data.data : NULL;
	code.type = type;
	code.subtype = subtype;
	if (id == NULL || data.failed)
		r->st = TERCUME_ENOMEM;
	else if (r->st == TERCUME_OK)
		r->st = tercume_rich_add_code(r->b, &code);
	tu_buf_free(&data);
	free(x);
	free(i);
	free(t);
	free(id);
	free(type);
	free(subtype);
}

/* The rich text of a <seg> (or of a <hi> inside it). */
static void
read_seg(seg_reader *r, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c && r->st == TERCUME_OK; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)c->content;
			r->st = tercume_rich_add_text(r->b, t, strlen(t));
		} else if (is_element(c, "bpt") || is_element(c, "ept")) {
			bool open = is_element(c, "bpt");
			char *i = attr(c, "i");
			bool paired = has_partner(r->seg, open ? "ept" : "bpt", i);

			free(i);
			read_code(r, c, paired ? (open ? TERCUME_RUN_OPEN : TERCUME_RUN_CLOSE)
				  : (open ? TERCUME_RUN_ISOLATED_OPEN : TERCUME_RUN_ISOLATED_CLOSE));
		} else if (is_element(c, "ph")) {
			read_code(r, c, TERCUME_RUN_STANDALONE);
		} else if (is_element(c, "it")) {
			char *pos = attr(c, "pos");
			read_code(r, c, pos && strcmp(pos, "end") == 0 ? TERCUME_RUN_ISOLATED_CLOSE
							     : TERCUME_RUN_ISOLATED_OPEN);
			free(pos);
		} else if (is_element(c, "hi")) {
			/* a marker span around its text */
			char *x = attr(c, "x"), *t = attr(c, "type"), id[32];
			tercume_code m = { 0 };

			r->place++;
			snprintf(id, sizeof id, "p%zu", r->place);
			m.kind = TERCUME_RUN_MARKER_START;
			m.id = x ? x : id;
			m.type = t;
			r->st = tercume_rich_add_code(r->b, &m);
			read_seg(r, c);
			m.kind = TERCUME_RUN_MARKER_END;
			m.type = NULL;
			if (r->st == TERCUME_OK)
				r->st = tercume_rich_add_code(r->b, &m);
			free(x);
			free(t);
		} else if (is_element(c, "g")) {
			read_seg(r, c);
		}
		/* <ut> (deprecated, an unknown native code) is left out */
	}
}

static tercume_status
seg_rich(const xmlNode *seg, tercume_rich_builder *b)
{
	seg_reader r = { seg, b, 0, tu_map_new(8), NULL, 0, TERCUME_OK };

	if (r.pair_ids == NULL)
		return TERCUME_ENOMEM;
	read_seg(&r, seg);
	for (size_t i = 0; i < r.n_ids; i++)
		free(r.ids[i]);
	free(r.ids);
	tu_map_free(r.pair_ids);
	return r.st;
}

typedef struct variant {
	char *lang;
	const xmlNode *seg;
} variant;

/* The variant of a <tu> in lang: exact tag first, then primary subtag. */
static const xmlNode *
pick_variant(const variant *v, size_t n, const char *lang)
{
	for (int exact = 1; exact >= 0; exact--)
		for (size_t i = 0; i < n; i++)
			if (lang_matches(v[i].lang, lang, exact))
				return v[i].seg;
	return NULL;
}

static tercume_status
read_tu(tercume_catalog *cat, const xmlNode *tu, const char *path,
	const char *source_lang, const char *target_lang, size_t *n_added,
	tercume_reporter *rep)
{
	variant v[64];
	size_t n = 0;
	const xmlNode *src, *tgt;
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = tu->children; c; c = c->next) {
		xmlChar *lang;
		const xmlNode *seg = NULL;

		if (!is_element(c, "tuv"))
			continue;
		lang = xmlGetNsProp(c, (const xmlChar *)"lang", XML_XML_NAMESPACE);
		if (lang == NULL)	/* TMX 1.1 and 1.2 */
			lang = xmlGetNoNsProp(c, (const xmlChar *)"lang");
		if (lang == NULL || lang[0] == '\0') {
			tu_error(rep, path, line_of(c), 0, "<tuv> without xml:lang");
			xmlFree(lang);
			st = TERCUME_EINPUT;
			goto out;
		}
		for (const xmlNode *s = c->children; s; s = s->next)
			if (is_element(s, "seg"))
				seg = s;
		if (seg == NULL) {
			tu_error(rep, path, line_of(c), 0, "<tuv xml:lang=\"%s\"> without <seg>",
				 (const char *)lang);
			xmlFree(lang);
			st = TERCUME_EINPUT;
			goto out;
		}
		if (n == sizeof v / sizeof v[0]) {
			xmlFree(lang);
			continue;
		}
		v[n].lang = (char *)lang;
		v[n].seg = seg;
		n++;
	}
	src = pick_variant(v, n, source_lang);
	tgt = pick_variant(v, n, target_lang);
	if (src && tgt && src != tgt) {
		tercume_rich_builder *s = tercume_rich_builder_new(), *t = tercume_rich_builder_new();
		tu_buf id = TU_BUF_INIT, ref = TU_BUF_INIT;
		tercume_entry e = { 0 };
		char why[256];
		size_t slen = 0, tlen = 0;

		if (s == NULL || t == NULL)
			st = TERCUME_ENOMEM;
		if (st == TERCUME_OK && ((st = seg_rich(src, s)) != TERCUME_OK ||
					 (st = seg_rich(tgt, t)) != TERCUME_OK) && st == TERCUME_EINPUT)
			tu_error(rep, path, line_of(tu), 0, "<tu>: a <seg> holds a reserved character "
				 "(U+FDD0..U+FDEF, tercume's inline-code markers)");
		tu_buf_printf(&id, "tu%zu", *n_added + 1);
		tu_buf_printf(&ref, "%s:%lu", path, line_of(tu));
		if (s && t) {
			e.source = tercume_rich_builder_text(s, &slen);
			e.target = tercume_rich_builder_text(t, &tlen);
			e.source_codes = tercume_rich_builder_codes(s, &e.n_source_codes);
			e.target_codes = tercume_rich_builder_codes(t, &e.n_target_codes);
		}
		if (st != TERCUME_OK)
			;
		else if (id.failed || ref.failed)
			st = TERCUME_ENOMEM;
		else if (slen > 0 && tlen > 0) {
			e.id = id.data;
			e.reference = ref.data;
			e.state = TERCUME_STATE_TRANSLATED;
			e.line = line_of(tu);
			st = tu_catalog_add(cat, &e, false, why, sizeof why);
			if (st == TERCUME_OK)
				(*n_added)++;
			else if (st == TERCUME_EINPUT)
				tu_error(rep, path, e.line, 0, "<tu>: %s", why);
		}
		tercume_rich_builder_free(s);
		tercume_rich_builder_free(t);
		tu_buf_free(&id);
		tu_buf_free(&ref);
	}
out:
	for (size_t i = 0; i < n; i++)
		xmlFree(v[i].lang);
	return st;
}

tercume_status
tercume_tmx_read(tercume_catalog **out, const char *path, const char *source_lang,
		 const char *target_lang, tercume_reporter *rep)
{
	xmlDocPtr xdoc = NULL;
	const xmlNode *root, *body = NULL;
	tercume_catalog *cat = NULL;
	tercume_status st;
	size_t n_added = 0;

	*out = NULL;
	if (source_lang == NULL || target_lang == NULL)
		return TERCUME_EUSAGE;
	st = tu_xml_parse(path, TU_XML_ALLOW_DOCTYPE, &xdoc, rep);
	if (st != TERCUME_OK)
		return st;
	st = TERCUME_EINPUT;
	root = xmlDocGetRootElement(xdoc);
	if (root == NULL || !is_element(root, "tmx")) {
		tu_error(rep, path, root ? line_of(root) : 0, 0,
			 "not a TMX file: the root element is not <tmx>");
		goto out;
	}
	for (const xmlNode *c = root->children; c; c = c->next)
		if (is_element(c, "body"))
			body = c;
	if (body == NULL) {
		tu_error(rep, path, line_of(root), 0, "<tmx> without <body>");
		goto out;
	}
	cat = tercume_catalog_new(source_lang, target_lang);
	if (cat == NULL) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	st = TERCUME_OK;
	for (const xmlNode *tu = body->children; tu && st == TERCUME_OK; tu = tu->next)
		if (is_element(tu, "tu"))
			st = read_tu(cat, tu, path, source_lang, target_lang, &n_added, rep);
	if (st == TERCUME_OK)
		st = tu_catalog_set_file(cat, path);
out:
	if (xdoc)
		xmlFreeDoc(xdoc);
	if (st != TERCUME_OK) {
		tercume_catalog_free(cat);
		return st;
	}
	*out = cat;
	return TERCUME_OK;
}

/* ---- writing ---- */

#define W(call) do { if ((call) < 0) goto fail; } while (0)

/* The TMX number of a code: its id when that is a number, else its place
 * among the entry's codes (the source's first, so that both sides agree). */
static long
code_number(const tercume_entry *e, const tercume_code *c)
{
	char *end;
	long v = strtol(c->id, &end, 10);
	const tercume_code *all[2] = { e->source_codes, e->target_codes };
	size_t n[2] = { e->n_source_codes, e->n_target_codes }, k = 0;

	if (*c->id && *end == '\0' && v >= 0 && v < 100000)
		return v;
	for (int side = 0; side < 2; side++)
		for (size_t i = 0; i < n[side]; i++) {
			if (strcmp(all[side][i].id, c->id) == 0)
				return 100000 + (long)k;
			k++;
		}
	return 100000 + (long)k;
}

/* A <seg> with inline codes: writes its start, runs and end. */
static int
write_seg(xmlTextWriterPtr w, const tercume_entry *e, int side)
{
	const char *text = side ? e->target : e->source;
	const tercume_code *codes = side ? e->target_codes : e->source_codes;
	size_t n = side ? e->n_target_codes : e->n_source_codes, depth = 0;
	bool markers = true;
	tercume_runs it;
	tercume_run r;
	char num[24], tbuf[80];
	int rc = 0;

	/* Marker spans become <hi> elements when they nest, or are left out. */
	tercume_runs_init(&it, text, codes, n);
	while (tercume_runs_next(&it, &r))
		if (r.kind == TERCUME_RUN_MARKER_START)
			depth++;
		else if (r.kind == TERCUME_RUN_MARKER_END && depth-- == 0)
			markers = false;
	if (depth != 0)
		markers = false;
	if (xmlTextWriterStartElement(w, (const xmlChar *)"seg") < 0)
		return -1;
	/* mixed content: no indentation inside, which would be text */
	if (xmlTextWriterSetIndent(w, 0) < 0)
		return -1;
	tercume_runs_init(&it, text, codes, n);
	while (rc >= 0 && tercume_runs_next(&it, &r)) {
		const tercume_code *c = r.code;
		const char *name = NULL, *type;

		if (r.kind == TERCUME_RUN_TEXT) {
			char *t = tu_strndup(r.text, r.len);
			rc = t ? xmlTextWriterWriteString(w, (const xmlChar *)t) : -1;
			free(t);
			continue;
		}
		snprintf(num, sizeof num, "%ld", code_number(e, c));
		switch (r.kind) {
		case TERCUME_RUN_OPEN: name = "bpt"; break;
		case TERCUME_RUN_CLOSE: name = "ept"; break;
		case TERCUME_RUN_STANDALONE: name = "ph"; break;
		case TERCUME_RUN_ISOLATED_OPEN:
		case TERCUME_RUN_ISOLATED_CLOSE: name = "it"; break;
		case TERCUME_RUN_MARKER_START:
			if (!markers)
				continue;
			rc = xmlTextWriterStartElement(w, (const xmlChar *)"hi");
			if (rc >= 0)
				rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"x", (const xmlChar *)num);
			if (rc >= 0 && c->type)
				rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"type",
								 (const xmlChar *)c->type);
			continue;
		case TERCUME_RUN_MARKER_END:
			if (markers)
				rc = xmlTextWriterEndElement(w);
			continue;
		case TERCUME_RUN_TEXT: break;
		}
		if ((rc = xmlTextWriterStartElement(w, (const xmlChar *)name)) < 0)
			break;
		if (r.kind == TERCUME_RUN_OPEN || r.kind == TERCUME_RUN_CLOSE)
			rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"i", (const xmlChar *)num);
		if (rc >= 0 && r.kind == TERCUME_RUN_ISOLATED_OPEN)
			rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"pos", (const xmlChar *)"begin");
		if (rc >= 0 && r.kind == TERCUME_RUN_ISOLATED_CLOSE)
			rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"pos", (const xmlChar *)"end");
		if (rc >= 0 && r.kind != TERCUME_RUN_CLOSE)
			rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"x", (const xmlChar *)num);
		type = r.kind == TERCUME_RUN_CLOSE ? NULL : tmx_type_of(c, tbuf, sizeof tbuf);
		if (rc >= 0 && type)
			rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)"type", (const xmlChar *)type);
		if (rc >= 0 && c->data)
			rc = xmlTextWriterWriteString(w, (const xmlChar *)c->data);
		if (rc >= 0)
			rc = xmlTextWriterEndElement(w);
	}
	if (rc >= 0)
		rc = xmlTextWriterEndElement(w);
	if (rc >= 0)
		rc = xmlTextWriterSetIndent(w, 1);
	if (rc >= 0)	/* the line end and indentation of </tuv> (tmx, body, tu, tuv) */
		rc = xmlTextWriterWriteRaw(w, (const xmlChar *)"\n      ");
	return rc;
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

/* Writes the memory to o; ENOMEM for a writer failure, EIO when o failed. */
static tercume_status
emit(const tercume_catalog *const *cats, size_t n, tu_out *o)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(out_write, out_close, o, NULL);
	xmlTextWriterPtr w = NULL;
	tu_map *seen = tu_map_new(256);
	const char *srclang = n > 0 ? tercume_catalog_source_lang(cats[0]) : "en";
	tercume_status st = TERCUME_ENOMEM;

	if (ob == NULL || seen == NULL) {
		if (ob)
			xmlOutputBufferClose(ob);
		goto done;
	}
	w = xmlNewTextWriter(ob);	/* owns ob from here on */
	if (w == NULL) {
		xmlOutputBufferClose(ob);
		goto done;
	}
	for (size_t i = 1; i < n; i++)
		if (strcmp(tercume_catalog_source_lang(cats[i]), srclang) != 0)
			srclang = "*all*";
	W(xmlTextWriterSetIndent(w, 1));
	W(xmlTextWriterSetIndentString(w, (const xmlChar *)"  "));
	W(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
	W(xmlTextWriterStartElement(w, (const xmlChar *)"tmx"));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"version", (const xmlChar *)"1.4"));
	W(xmlTextWriterStartElement(w, (const xmlChar *)"header"));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"creationtool", (const xmlChar *)PACKAGE_NAME));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"creationtoolversion", (const xmlChar *)PACKAGE_VERSION));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"segtype", (const xmlChar *)"sentence"));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"o-tmf", (const xmlChar *)"tercume"));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"adminlang", (const xmlChar *)"en"));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"srclang", (const xmlChar *)srclang));
	W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"datatype", (const xmlChar *)"plaintext"));
	W(xmlTextWriterEndElement(w));
	W(xmlTextWriterStartElement(w, (const xmlChar *)"body"));
	for (size_t c = 0; c < n; c++) {
		const char *sl = tercume_catalog_source_lang(cats[c]);
		const char *tl = tercume_catalog_target_lang(cats[c]);

		if (tl == NULL)
			continue;
		for (size_t i = 0; i < tercume_catalog_count(cats[c]); i++) {
			const tercume_entry *e = tercume_catalog_entry(cats[c], i);
			tu_buf key = TU_BUF_INIT, tuid = TU_BUF_INIT;
			bool added;

			if (e->state != TERCUME_STATE_TRANSLATED || e->target == NULL ||
			    e->target[0] == '\0')
				continue;
			tu_buf_printf(&key, "%s\x1f%s\x1f%s\x1f%s", sl, tl, e->source, e->target);
			tu_buf_printf(&tuid, "%s:%s", e->id, tl);
			if (key.failed || tuid.failed) {
				tu_buf_free(&key);
				tu_buf_free(&tuid);
				goto done;
			}
			if (tu_map_slot(seen, key.data, &added) == NULL) {
				tu_buf_free(&key);
				tu_buf_free(&tuid);
				goto done;
			}
			tu_buf_free(&key);
			if (!added) {	/* the same pair from another catalogue */
				tu_buf_free(&tuid);
				continue;
			}
			if (xmlTextWriterStartElement(w, (const xmlChar *)"tu") < 0 ||
			    xmlTextWriterWriteAttribute(w, (const xmlChar *)"tuid", (const xmlChar *)tuid.data) < 0 ||
			    xmlTextWriterWriteAttribute(w, (const xmlChar *)"srclang", (const xmlChar *)sl) < 0) {
				tu_buf_free(&tuid);
				goto fail;
			}
			tu_buf_free(&tuid);
			if (e->context) {
				W(xmlTextWriterStartElement(w, (const xmlChar *)"prop"));
				W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"type", (const xmlChar *)"x-context"));
				W(xmlTextWriterWriteString(w, (const xmlChar *)e->context));
				W(xmlTextWriterEndElement(w));
			}
			for (int side = 0; side < 2; side++) {
				W(xmlTextWriterStartElement(w, (const xmlChar *)"tuv"));
				W(xmlTextWriterWriteAttribute(w, (const xmlChar *)"xml:lang",
							      (const xmlChar *)(side ? tl : sl)));
				if (side ? e->n_target_codes == 0 : e->n_source_codes == 0)
					W(xmlTextWriterWriteElement(w, (const xmlChar *)"seg",
								    (const xmlChar *)(side ? e->target : e->source)));
				else if (write_seg(w, e, side) < 0)
					goto fail;
				W(xmlTextWriterEndElement(w));
			}
			W(xmlTextWriterEndElement(w));
		}
	}
	W(xmlTextWriterEndDocument(w));
	W(xmlTextWriterFlush(w));
	st = TERCUME_OK;
	goto done;
fail:
	st = TERCUME_ENOMEM;
done:
	if (w)
		xmlFreeTextWriter(w);
	tu_map_free(seen);
	return o->st != TERCUME_OK ? o->st : st;
}

tercume_status
tercume_tmx_format(const tercume_catalog *const *cats, size_t n, char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	*out = NULL;
	if (o == NULL)
		return TERCUME_ENOMEM;
	tu_out_memory(o, &b);
	st = tu_out_close(o, emit(cats, n, o), NULL);
	free(o);
	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, out, out_len);
}

static tercume_status
write_out(const tercume_catalog *const *cats, size_t n, tu_out *o, tercume_status st,
	  tercume_reporter *rep)
{
	if (st == TERCUME_OK) {
		st = emit(cats, n, o);
		if (st == TERCUME_ENOMEM)
			tu_error(rep, o->name, 0, 0, "cannot build the TMX memory: %s",
				 tercume_status_string(st));
	}
	return tu_out_close(o, st, rep);
}

tercume_status
tercume_tmx_write(const tercume_catalog *const *cats, size_t n, const char *path,
		  tercume_reporter *rep)
{
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	if (o == NULL)
		return TERCUME_ENOMEM;
	st = write_out(cats, n, o, tu_out_atomic(o, path, rep), rep);
	free(o);
	return st;
}

tercume_status
tercume_tmx_write_stream(const tercume_catalog *const *cats, size_t n, FILE *stream,
			 const char *name, tercume_reporter *rep)
{
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	if (o == NULL)
		return TERCUME_ENOMEM;
	tu_out_stream(o, stream, name ? name : "standard output");
	st = write_out(cats, n, o, TERCUME_OK, rep);
	free(o);
	return st;
}
