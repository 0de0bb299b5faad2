/* xliff12.c — XLIFF 1.2 catalogues (urn:oasis:names:tc:xliff:document:1.2),
 * written with xmlTextWriter and read as a libxml2 tree.
 *
 * A unit is written as
 *
 *   <trans-unit id="ID" [approved="yes"] [translate="no"]>
 *     <source>…</source>
 *     <target state="…">…</target>
 *     <context-group purpose="location">
 *       <context context-type="sourcefile">articles/a.txt</context>
 *       <context context-type="linenumber">12</context>
 *     </context-group>
 *     <note from="tercume">paragraph 7, sentence 2</note>
 *     <note from="translator">the translator's comment</note>
 *     <alt-trans alttranstype="previous-version">
 *       <source>previous source</source><target>…</target>
 *     </alt-trans>
 *   </trans-unit>
 *
 * Obsolete entries go in a second <file category="obsolete"> whose units
 * say translate="no".  doc/states.md has the state mapping. */
#include "xliff.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static void
write_unit(xl_writer *xw, const tercume_entry *e)
{
	const char *target = xl_target(e);
	const char *state = xl_state_to12(e);

	xl_start(xw, "trans-unit");
	xl_attr_put(xw, "id", e->id);
	if (e->state == TERCUME_STATE_TRANSLATED)
		xl_attr_put(xw, "approved", "yes");
	if (e->state == TERCUME_STATE_OBSOLETE)
		xl_attr_put(xw, "translate", "no");
	xl_element(xw, "source", e->source);
	if (target || state) {
		xl_start(xw, "target");
		if (state)
			xl_attr_put(xw, "state", state);
		if (target)
			xl_text_put(xw, target);
		xl_end(xw);
	}
	if (e->reference) {
		char *file, *line;

		xl_split_reference(e->reference, &file, &line);
		xl_start(xw, "context-group");
		xl_attr_put(xw, "purpose", "location");
		xl_start(xw, "context");
		xl_attr_put(xw, "context-type", "sourcefile");
		xl_text_put(xw, file ? file : "");
		xl_end(xw);
		if (line) {
			xl_start(xw, "context");
			xl_attr_put(xw, "context-type", "linenumber");
			xl_text_put(xw, line);
			xl_end(xw);
		}
		xl_end(xw);
		free(file);
		free(line);
	}
	if (e->context) {
		xl_start(xw, "note");
		xl_attr_put(xw, "from", "tercume");
		xl_text_put(xw, e->context);
		xl_end(xw);
	}
	if (e->comment) {
		xl_start(xw, "note");
		xl_attr_put(xw, "from", "translator");
		xl_text_put(xw, e->comment);
		xl_end(xw);
	}
	if (e->previous_source) {
		xl_start(xw, "alt-trans");
		if (e->match_score > 0) {
			char q[16];
			snprintf(q, sizeof q, "%d", e->match_score);
			xl_attr_put(xw, "match-quality", q);
		}
		xl_attr_put(xw, "alttranstype", "previous-version");
		xl_element(xw, "source", e->previous_source);
		xl_element(xw, "target", target ? target : "");
		xl_end(xw);
	}
	xl_end(xw);
}

static void
write_file(xl_writer *xw, const tercume_catalog *cat, bool obsolete)
{
	const char *tl = tercume_catalog_target_lang(cat);
	const char *sp = tercume_catalog_source_path(cat);

	xl_start(xw, "file");
	xl_attr_put(xw, "original", sp ? sp : "");
	xl_attr_put(xw, "source-language", tercume_catalog_source_lang(cat));
	if (tl)
		xl_attr_put(xw, "target-language", tl);
	xl_attr_put(xw, "datatype", "plaintext");
	if (obsolete)
		xl_attr_put(xw, "category", XL_OBSOLETE);
	xl_start(xw, "body");
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if ((e->state == TERCUME_STATE_OBSOLETE) == obsolete)
			write_unit(xw, e);
	}
	xl_end(xw);
	xl_end(xw);
}

static tercume_status
xliff12_write(const tercume_catalog *cat, const char *path, tercume_reporter *rep)
{
	xl_writer xw;
	tercume_status st;
	bool any_obsolete = false;

	st = xl_check_catalog(cat, path, rep);
	if (st != TERCUME_OK)
		return st;
	for (size_t i = 0; i < tercume_catalog_count(cat); i++)
		if (tercume_catalog_entry(cat, i)->state == TERCUME_STATE_OBSOLETE)
			any_obsolete = true;
	st = xl_writer_open(&xw);
	if (st != TERCUME_OK)
		return st;
	xl_start(&xw, "xliff");
	xl_attr_put(&xw, "xmlns", XL_NS12);
	xl_attr_put(&xw, "version", "1.2");
	write_file(&xw, cat, false);
	if (any_obsolete)
		write_file(&xw, cat, true);
	xl_end(&xw);
	st = xl_writer_finish(&xw, path, rep);
	xl_writer_close(&xw);
	return st;
}

/* ---- reading ---- */

typedef struct reader {
	const char *path;
	tercume_reporter *rep;
	tercume_catalog *cat;
	xl_ids *ids;		/* of the current <file> */
	bool obsolete;		/* reading the obsolete <file> */
} reader;

static bool
is12(const xmlNode *n, const char *name)
{
	return xl_is(n, XL_NS12, name);
}

static tercume_status
read_location(reader *r, const xmlNode *group, xl_unit *u)
{
	char *file = NULL, *line = NULL, *ref;
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = group->children; c && st == TERCUME_OK; c = c->next) {
		char *type, *text;

		if (!is12(c, "context"))
			continue;
		type = xl_attr(c, "context-type");
		st = xl_text(c, r->path, r->rep, &text);
		if (st == TERCUME_OK && type && strcmp(type, "sourcefile") == 0 && !file)
			file = text, text = NULL;
		else if (st == TERCUME_OK && type && strcmp(type, "linenumber") == 0 && !line)
			line = text, text = NULL;
		free(text);
		free(type);
	}
	if (st == TERCUME_OK && file) {
		size_t n = strlen(file) + (line ? strlen(line) + 1 : 0) + 1;

		ref = malloc(n);
		if (ref == NULL)
			st = TERCUME_ENOMEM;
		else {
			strcpy(ref, file);
			if (line) {
				strcat(ref, ":");
				strcat(ref, line);
			}
			st = xl_join(&u->reference, ref);
			free(ref);
		}
	}
	free(file);
	free(line);
	return st;
}

static tercume_status
read_unit(reader *r, const xmlNode *n)
{
	xl_unit u = { 0 };
	tercume_status st = TERCUME_OK;
	bool has_target = false;
	char *approved;

	u.line = xl_line(n);
	u.id = xl_attr(n, "id");
	if (u.id == NULL || u.id[0] == '\0') {
		tu_error(r->rep, r->path, u.line, 0, "<trans-unit> has no id");
		xl_unit_clear(&u);
		return TERCUME_EINPUT;
	}
	st = xl_ids_add(r->ids, u.id, u.line, r->path, r->rep);
	for (const xmlNode *c = n->children; c && st == TERCUME_OK; c = c->next) {
		char *text = NULL, *attr;

		if (is12(c, "source")) {
			if (u.source) {
				tu_error(r->rep, r->path, xl_line(c), 0,
					 "unit '%s' has a second <source>", u.id);
				st = TERCUME_EINPUT;
			} else
				st = xl_text(c, r->path, r->rep, &u.source);
		} else if (is12(c, "target")) {
			if (has_target) {
				tu_error(r->rep, r->path, xl_line(c), 0,
					 "unit '%s' has a second <target>", u.id);
				st = TERCUME_EINPUT;
				break;
			}
			has_target = true;
			st = xl_text(c, r->path, r->rep, &u.target);
			u.format_state = xl_attr(c, "state");
		} else if (is12(c, "note")) {
			st = xl_text(c, r->path, r->rep, &text);
			attr = xl_attr(c, "from");
			if (st == TERCUME_OK)
				st = xl_join(attr && (strcmp(attr, "tercume") == 0 ||
						      strcmp(attr, "developer") == 0) ?
					     &u.context : &u.comment, text);
			free(attr);
		} else if (is12(c, "context-group")) {
			attr = xl_attr(c, "purpose");
			if (attr && strcmp(attr, "location") == 0)
				st = read_location(r, c, &u);
			free(attr);
		} else if (is12(c, "alt-trans")) {
			attr = xl_attr(c, "alttranstype");
			if (attr && strcmp(attr, "previous-version") == 0 && !u.previous_source) {
				char *q = xl_attr(c, "match-quality");
				u.match_score = xl_parse_score(q);
				free(q);
			}
			if (attr && strcmp(attr, "previous-version") == 0 && !u.previous_source)
				for (const xmlNode *a = c->children; a; a = a->next)
					if (is12(a, "source")) {
						st = xl_text(a, r->path, r->rep, &u.previous_source);
						break;
					}
			free(attr);
		}
		free(text);
	}
	if (st == TERCUME_OK && u.source == NULL) {
		tu_error(r->rep, r->path, u.line, 0, "unit '%s' has no <source>", u.id);
		st = TERCUME_EINPUT;
	}
	if (st != TERCUME_OK) {
		xl_unit_clear(&u);
		return st;
	}
	if (u.target && u.target[0] == '\0') {
		free(u.target);
		u.target = NULL;
	}
	approved = xl_attr(n, "approved");
	u.state = xl_state_from12(u.format_state, u.target != NULL,
				  approved && strcmp(approved, "no") == 0);
	free(approved);
	if (r->obsolete)
		u.state = TERCUME_STATE_OBSOLETE;
	return xl_entry_add(r->cat, &u, r->path, r->rep);
}

static tercume_status
read_body(reader *r, const xmlNode *parent)
{
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = parent->children; c && st == TERCUME_OK; c = c->next) {
		char *restype;

		if (is12(c, "trans-unit")) {
			/* Translate Toolkit's po2xliff keeps the PO header as a unit */
			restype = xl_attr(c, "restype");
			if (!restype || strcmp(restype, "x-gettext-domain-header") != 0)
				st = read_unit(r, c);
			free(restype);
		}
		else if (is12(c, "group"))
			st = read_body(r, c);
	}
	return st;
}

static tercume_status
xliff12_read(tercume_catalog **out, const char *path, tercume_reporter *rep)
{
	xmlDocPtr doc;
	reader r = { path, rep, NULL, NULL, false };
	tercume_status st;
	bool have_file = false;

	*out = NULL;
	st = xl_parse(path, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	st = xl_check_root(doc, path, XL_NS12, "1.2", rep);
	if (st == TERCUME_OK)
		st = xl_validate(doc, 12, path, rep);
	for (xmlNodePtr f = xmlDocGetRootElement(doc)->children; f && st == TERCUME_OK; f = f->next) {
		char *category, *original;

		if (!is12(f, "file"))
			continue;
		category = xl_attr(f, "category");
		r.obsolete = category && strcmp(category, XL_OBSOLETE) == 0;
		free(category);
		if (r.cat == NULL) {
			char *sl = xl_attr(f, "source-language"), *tl = xl_attr(f, "target-language");

			if (sl == NULL || sl[0] == '\0') {
				tu_error(rep, path, xl_line(f), 0, "<file> has no source-language");
				st = TERCUME_EINPUT;
			} else if ((r.cat = tercume_catalog_new(sl, tl && tl[0] ? tl : NULL)) == NULL)
				st = TERCUME_ENOMEM;
			free(sl);
			free(tl);
			if (st != TERCUME_OK)
				break;
		}
		original = xl_attr(f, "original");
		if (!r.obsolete && !have_file && original && original[0])
			st = tercume_catalog_set_source_path(r.cat, original);
		free(original);
		if (!r.obsolete)
			have_file = true;
		if (st == TERCUME_OK && (r.ids = xl_ids_new()) == NULL)
			st = TERCUME_ENOMEM;
		for (xmlNodePtr b = f->children; b && st == TERCUME_OK; b = b->next)
			if (is12(b, "body"))
				st = read_body(&r, b);
		xl_ids_free(r.ids);
		r.ids = NULL;
	}
	if (st == TERCUME_OK && r.cat == NULL) {
		tu_error(rep, path, xl_line(xmlDocGetRootElement(doc)), 0, "<xliff> has no <file>");
		st = TERCUME_EINPUT;
	}
	xmlFreeDoc(doc);
	if (st != TERCUME_OK) {
		tercume_catalog_free(r.cat);
		return st;
	}
	*out = r.cat;
	return TERCUME_OK;
}

const tu_format tu_format_xliff12 = { TERCUME_FORMAT_XLIFF12, "xliff12", xliff12_read, xliff12_write,
				     NULL, NULL, false };
