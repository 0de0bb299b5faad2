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

/* The text of a <seg>: its characters and those inside <hi>, without the
 * native codes kept in <bpt>, <ept>, <it>, <ph> and <ut>. */
static void
seg_text(const xmlNode *n, tu_buf *b)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			tu_buf_puts(b, (const char *)c->content);
		else if (is_element(c, "hi") || is_element(c, "g"))
			seg_text(c, b);
	}
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
		tu_buf s = TU_BUF_INIT, t = TU_BUF_INIT, id = TU_BUF_INIT, ref = TU_BUF_INIT;
		tercume_entry e = { 0 };
		char why[256];

		seg_text(src, &s);
		seg_text(tgt, &t);
		tu_buf_printf(&id, "tu%zu", *n_added + 1);
		tu_buf_printf(&ref, "%s:%lu", path, line_of(tu));
		if (s.failed || t.failed || id.failed || ref.failed)
			st = TERCUME_ENOMEM;
		else if (s.len > 0 && t.len > 0) {
			e.id = id.data;
			e.source = s.data;
			e.target = t.data;
			e.reference = ref.data;
			e.state = TERCUME_STATE_TRANSLATED;
			e.line = line_of(tu);
			st = tu_catalog_add(cat, &e, false, why, sizeof why);
			if (st == TERCUME_OK)
				(*n_added)++;
			else if (st == TERCUME_EINPUT)
				tu_error(rep, path, e.line, 0, "<tu>: %s", why);
		}
		tu_buf_free(&s);
		tu_buf_free(&t);
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
				W(xmlTextWriterWriteElement(w, (const xmlChar *)"seg",
							    (const xmlChar *)(side ? e->target : e->source)));
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
