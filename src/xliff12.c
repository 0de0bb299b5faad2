/* xliff12.c — XLIFF 1.2 catalogues (urn:oasis:names:tc:xliff:document:1.2),
 * written with xmlTextWriter and read as a libxml2 tree.
 *
 * A unit is written as
 *
 *   <trans-unit id="u-ID" resname="ID" [approved="yes|no"] [translate="no"]>
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
 * One <file> per catalogue; obsolete entries go at the end of its body, in
 * <group id="obsolete" restype="x-tercume-obsolete" translate="no">, as
 * units with id="o-ID" and translate="no".  The shapes are the ones every
 * reader keeps (doc/xliff.md, "Shapes"): readers that key files by
 * `original` (npm xliff) keep only one <file> per original, and JavaScript
 * readers that key units by `id` put all-digit IDs first, in numeric order,
 * so the XML id carries a prefix and the unit ID is the resname (Translate
 * Toolkit's xliff2po keeps the XML id as the entry's location, po.c reads
 * it back).  The older shape, obsolete units in a second <file
 * category="obsolete"> and unit IDs in `id`, still reads.  doc/states.md has
 * the state mapping. */
#include "xliff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The XML id prefixes of live and obsolete units, and the obsolete group. */
#define ID_LIVE "u-"
#define ID_OBSOLETE "o-"
#define OBSOLETE_RESTYPE "x-tercume-obsolete"

/* ---- writing ---- */

static void
write_unit(xl_writer *xw, const tercume_entry *e)
{
	const char *target = xl_target(e);
	const char *state = xl_state_to12(e);

	char *xid = malloc(strlen(e->id) + 3);

	if (xid == NULL) {
		xw->rc = -1;
		return;
	}
	strcpy(xid, e->state == TERCUME_STATE_OBSOLETE ? ID_OBSOLETE : ID_LIVE);
	strcat(xid, e->id);
	xl_start(xw, "trans-unit");
	xl_attr_put(xw, "id", xid);
	xl_attr_put(xw, "resname", e->id);
	free(xid);
	/* approved="no" on a fuzzy unit: the review signal Lokalize and
	 * Translate Toolkit read, and what keeps a kept "translated" word
	 * from reading as translated */
	if (e->state == TERCUME_STATE_TRANSLATED)
		xl_attr_put(xw, "approved", "yes");
	else if (e->state == TERCUME_STATE_FUZZY && target)
		xl_attr_put(xw, "approved", "no");
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
		/* "developer": what Translate Toolkit's xliff2po keeps as #. */
		xl_start(xw, "note");
		xl_attr_put(xw, "from", "developer");
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
xliff12_body(xl_writer *xw, const tercume_catalog *cat, bool any_obsolete)
{
	const char *tl = tercume_catalog_target_lang(cat);
	const char *sp = tercume_catalog_source_path(cat);

	xl_start(xw, "file");
	xl_attr_put(xw, "original", sp ? sp : "");
	xl_attr_put(xw, "source-language", tercume_catalog_source_lang(cat));
	if (tl)
		xl_attr_put(xw, "target-language", tl);
	xl_attr_put(xw, "datatype", "plaintext");
	xl_start(xw, "body");
	for (int obsolete = 0; obsolete < 2; obsolete++) {
		if (obsolete && !any_obsolete)
			break;
		if (obsolete) {
			xl_start(xw, "group");
			xl_attr_put(xw, "id", XL_OBSOLETE);
			xl_attr_put(xw, "restype", OBSOLETE_RESTYPE);
			xl_attr_put(xw, "translate", "no");
		}
		for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);

			if ((e->state == TERCUME_STATE_OBSOLETE) == obsolete)
				write_unit(xw, e);
		}
		if (obsolete)
			xl_end(xw);
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
	xliff12_body(&xw, cat, any_obsolete);
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
	xl_ids *ids;		/* XML ids of the current <file> */
	bool obsolete;		/* reading the obsolete <file> or group */
	const char *ns;		/* the file's namespace (1.2, 1.1, or none) */
	bool po2xliff;		/* Translate Toolkit's po2xliff wrote it: its unit
				   ids are counters, not unit IDs */
	tu_idgen *idgen;	/* the IDs given instead */
} reader;

static bool
is12(const reader *r, const xmlNode *n, const char *name)
{
	return xl_is_in(n, r->ns, name);
}

static tercume_status
read_location(reader *r, const xmlNode *group, xl_unit *u)
{
	char *file = NULL, *line = NULL, *ref;
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = group->children; c && st == TERCUME_OK; c = c->next) {
		char *type, *text;

		if (!is12(r, c, "context"))
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
	bool has_target = false, has_resname = false;
	char *approved;

	u.line = xl_line(n);
	u.id = xl_attr(n, "id");
	if (u.id == NULL || u.id[0] == '\0') {
		tu_error(r->rep, r->path, u.line, 0, "<trans-unit> has no id");
		xl_unit_clear(&u);
		return TERCUME_EINPUT;
	}
	/* XML ids are unique within a <file>; the unit ID is the resname when
	 * there is one (ours: id="u-ID" resname="ID") */
	st = xl_ids_add(r->ids, u.id, u.line, r->path, r->rep);
	{
		char *resname = xl_attr(n, "resname");

		if (resname && resname[0]) {
			free(u.id);
			u.id = resname;
			has_resname = true;
		} else
			free(resname);
	}
	for (const xmlNode *c = n->children; c && st == TERCUME_OK; c = c->next) {
		char *text = NULL, *attr;

		if (is12(r, c, "source")) {
			if (u.source) {
				tu_error(r->rep, r->path, xl_line(c), 0,
					 "unit '%s' has a second <source>", u.id);
				st = TERCUME_EINPUT;
			} else
				st = xl_text(c, r->path, r->rep, &u.source);
		} else if (is12(r, c, "target")) {
			if (has_target) {
				tu_error(r->rep, r->path, xl_line(c), 0,
					 "unit '%s' has a second <target>", u.id);
				st = TERCUME_EINPUT;
				break;
			}
			has_target = true;
			st = xl_text(c, r->path, r->rep, &u.target);
			u.format_state = xl_attr(c, "state");
		} else if (is12(r, c, "note")) {
			st = xl_text(c, r->path, r->rep, &text);
			attr = xl_attr(c, "from");
			if (st == TERCUME_OK)
				st = xl_join(attr && (strcmp(attr, "tercume") == 0 ||
						      strcmp(attr, "developer") == 0) ?
					     &u.context : &u.comment, text);
			free(attr);
		} else if (is12(r, c, "context-group")) {
			attr = xl_attr(c, "purpose");
			if (attr && strcmp(attr, "location") == 0)
				st = read_location(r, c, &u);
			free(attr);
		} else if (is12(r, c, "alt-trans")) {
			attr = xl_attr(c, "alttranstype");
			if (attr && strcmp(attr, "previous-version") == 0 && !u.previous_source) {
				char *q = xl_attr(c, "match-quality");
				u.match_score = xl_parse_score(q);
				free(q);
			}
			if (attr && strcmp(attr, "previous-version") == 0 && !u.previous_source)
				for (const xmlNode *a = c->children; a; a = a->next)
					if (is12(r, a, "source")) {
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
	if (r->po2xliff && !has_resname) {
		/* po2xliff numbers its units ("3", "4", …) and drops msgctxt: a
		 * unit is named by its source text, as a PO entry without
		 * msgctxt is (po.c) */
		char id[24];

		if (r->idgen == NULL && (r->idgen = tu_idgen_new()) == NULL)
			st = TERCUME_ENOMEM;
		if (st == TERCUME_OK)
			st = tu_idgen_next(r->idgen, u.source, strlen(u.source), id);
		if (st == TERCUME_OK) {
			free(u.id);
			u.id = tu_strdup(id);
			u.implicit_id = true;
			if (u.id == NULL)
				st = TERCUME_ENOMEM;
		}
		if (st != TERCUME_OK) {
			xl_unit_clear(&u);
			return st;
		}
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

		if (is12(r, c, "trans-unit")) {
			/* Translate Toolkit's po2xliff keeps the PO header as a unit */
			restype = xl_attr(c, "restype");
			if (!restype || strcmp(restype, "x-gettext-domain-header") != 0)
				st = read_unit(r, c);
			else
				r->po2xliff = true;
			free(restype);
		}
		else if (is12(r, c, "group")) {
			bool was = r->obsolete;

			restype = xl_attr(c, "restype");
			if (restype && strcmp(restype, OBSOLETE_RESTYPE) == 0)
				r->obsolete = true;
			free(restype);
			st = read_body(r, c);
			r->obsolete = was;
		}
	}
	return st;
}

static tercume_status
xliff12_read(tercume_catalog **out, const char *path, tercume_reporter *rep)
{
	xmlDocPtr doc;
	reader r = { path, rep, NULL, NULL, false, NULL, false, NULL };
	tercume_status st;
	bool have_file = false;

	*out = NULL;
	st = xl_parse(path, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	{
		int version;

		st = xl_check_root(doc, path, 12, &r.ns, &version, rep);
		/* the OASIS schemas are those of 1.2 in its namespace; 1.0, 1.1
		 * and un-namespaced files have none here */
		if (st == TERCUME_OK && version == 12)
			st = xl_validate(doc, 12, path, rep);
	}
	for (xmlNodePtr f = xmlDocGetRootElement(doc)->children; f && st == TERCUME_OK; f = f->next) {
		char *category, *original;

		if (!is12(&r, f, "file"))
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
			if (is12(&r, b, "body"))
				st = read_body(&r, b);
		xl_ids_free(r.ids);
		r.ids = NULL;
	}
	if (st == TERCUME_OK && r.cat == NULL) {
		tu_error(rep, path, xl_line(xmlDocGetRootElement(doc)), 0, "<xliff> has no <file>");
		st = TERCUME_EINPUT;
	}
	xmlFreeDoc(doc);
	tu_idgen_free(r.idgen);
	if (st != TERCUME_OK) {
		tercume_catalog_free(r.cat);
		return st;
	}
	*out = r.cat;
	return TERCUME_OK;
}

const tu_format tu_format_xliff12 = { TERCUME_FORMAT_XLIFF12, "xliff12", xliff12_read, xliff12_write,
				     NULL, NULL, false };
