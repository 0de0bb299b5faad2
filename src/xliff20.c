/* xliff20.c — XLIFF 2.0 catalogues (urn:oasis:names:tc:xliff:document:2.0),
 * written with xmlTextWriter and read as a libxml2 tree.
 *
 * A unit is written as
 *
 *   <unit id="ID">
 *     <mtc:matches>                      (only with a previous source)
 *       <mtc:match ref="#s1" type="other" subType="tercume:previous">
 *         <source>previous source</source><target>…</target>
 *       </mtc:match>
 *     </mtc:matches>
 *     <notes>
 *       <note category="context">paragraph 7, sentence 2</note>
 *       <note category="reference">articles/a.txt:12</note>
 *       <note category="translator">the translator's comment</note>
 *     </notes>
 *     <segment [id="s1"] state="…" [subState="tercume:…"]>
 *       <source>…</source>
 *       <target>…</target>
 *     </segment>
 *   </unit>
 *
 * Obsolete entries go in a second <file id="obsolete" translate="no">.
 * doc/states.md has the state mapping. */
#include "xliff.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing ---- */

static void
write_note(xl_writer *xw, const char *category, const char *text)
{
	xl_start(xw, "note");
	xl_attr_put(xw, "category", category);
	xl_text_put(xw, text);
	xl_end(xw);
}

static void
write_unit(xl_writer *xw, const tercume_entry *e)
{
	const char *target = xl_target(e);
	const char *state, *sub;

	xl_state_to20(e, &state, &sub);
	xl_start(xw, "unit");
	xl_attr_put(xw, "id", e->id);
	if (e->previous_source) {
		xl_start(xw, "mtc:matches");
		xl_start(xw, "mtc:match");
		xl_attr_put(xw, "ref", "#s1");
		if (e->match_score > 0) {
			char q[16];
			snprintf(q, sizeof q, "%d", e->match_score);
			xl_attr_put(xw, "similarity", q);
		}
		/* subType needs a type (XLIFF 2.1 §5.1.7.8) */
		xl_attr_put(xw, "type", "other");
		xl_attr_put(xw, "subType", XL_PREVIOUS_SUBTYPE);
		xl_element(xw, "source", e->previous_source);
		xl_element(xw, "target", target ? target : "");
		xl_end(xw);
		xl_end(xw);
	}
	if (e->context || e->reference || e->comment) {
		xl_start(xw, "notes");
		if (e->context)
			write_note(xw, "context", e->context);
		if (e->reference)
			write_note(xw, "reference", e->reference);
		if (e->comment)
			write_note(xw, "translator", e->comment);
		xl_end(xw);
	}
	xl_start(xw, "segment");
	if (e->previous_source)
		xl_attr_put(xw, "id", "s1");
	xl_attr_put(xw, "state", state);
	if (sub) {
		char *v = malloc(strlen(XL_SUBSTATE_PREFIX) + strlen(sub) + 1);

		if (v == NULL) {
			xw->rc = -1;
		} else {
			strcpy(v, XL_SUBSTATE_PREFIX);
			strcat(v, sub);
			xl_attr_put(xw, "subState", v);
			free(v);
		}
	}
	xl_element(xw, "source", e->source);
	if (target)
		xl_element(xw, "target", target);
	xl_end(xw);
	xl_end(xw);
}

static void
write_file(xl_writer *xw, const tercume_catalog *cat, bool obsolete)
{
	const char *sp = tercume_catalog_source_path(cat);
	size_t n = 0;

	xl_start(xw, "file");
	xl_attr_put(xw, "id", obsolete ? XL_OBSOLETE : "f1");
	if (sp)
		xl_attr_put(xw, "original", sp);
	if (obsolete)
		xl_attr_put(xw, "translate", "no");
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if ((e->state == TERCUME_STATE_OBSOLETE) == obsolete) {
			write_unit(xw, e);
			n++;
		}
	}
	if (n == 0) {
		/* a <file> needs a unit or a group: an empty group says "none" */
		xl_start(xw, "group");
		xl_attr_put(xw, "id", "empty");
		xl_end(xw);
	}
	xl_end(xw);
}

static tercume_status
xliff20_write(const tercume_catalog *cat, const char *path, tercume_reporter *rep)
{
	const char *tl = tercume_catalog_target_lang(cat);
	bool any_obsolete = false, any_previous = false, any_target = false;
	xl_writer xw;
	tercume_status st;

	st = xl_check_catalog(cat, path, rep);
	if (st != TERCUME_OK)
		return st;
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		any_obsolete |= e->state == TERCUME_STATE_OBSOLETE;
		any_previous |= e->previous_source != NULL;
		if (xl_target(e) && !any_target && tl == NULL) {
			xl_entry_error(rep, cat, e, path, "unit '%s' has a translation but the "
				 "catalogue has no target language (XLIFF 2.0 needs trgLang)", e->id);
			st = TERCUME_EINPUT;
		}
		any_target |= xl_target(e) != NULL;
	}
	if (st != TERCUME_OK)
		return st;
	st = xl_writer_open(&xw);
	if (st != TERCUME_OK)
		return st;
	xl_start(&xw, "xliff");
	xl_attr_put(&xw, "xmlns", XL_NS20);
	if (any_previous)
		xl_attr_put(&xw, "xmlns:mtc", XL_NS_MTC);
	xl_attr_put(&xw, "version", "2.0");
	xl_attr_put(&xw, "srcLang", tercume_catalog_source_lang(cat));
	if (tl)
		xl_attr_put(&xw, "trgLang", tl);
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
	xl_ids *ids;
	bool obsolete;
} reader;

static bool
is20(const xmlNode *n, const char *name)
{
	return xl_is(n, XL_NS20, name);
}

static tercume_status
read_notes(reader *r, const xmlNode *notes, xl_unit *u)
{
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = notes->children; c && st == TERCUME_OK; c = c->next) {
		char *text, *cat;
		char **slot;

		if (!is20(c, "note"))
			continue;
		st = xl_text(c, r->path, r->rep, &text);
		if (st != TERCUME_OK)
			break;
		cat = xl_attr(c, "category");
		if (cat && strcmp(cat, "context") == 0)
			slot = &u->context;
		else if (cat && strcmp(cat, "reference") == 0)
			slot = &u->reference;
		else
			slot = &u->comment;
		st = xl_join(slot, text);
		free(cat);
		free(text);
	}
	return st;
}

static tercume_status
read_matches(reader *r, const xmlNode *matches, xl_unit *u)
{
	for (const xmlNode *m = matches->children; m; m = m->next) {
		char *sub;
		bool ours;

		if (!xl_is(m, XL_NS_MTC, "match"))
			continue;
		sub = xl_attr(m, "subType");
		ours = sub && strcmp(sub, XL_PREVIOUS_SUBTYPE) == 0;
		free(sub);
		if (!ours || u->previous_source)
			continue;
		{
			char *q = xl_attr(m, "similarity");
			u->match_score = xl_parse_score(q);
			free(q);
		}
		for (const xmlNode *c = m->children; c; c = c->next)
			if (is20(c, "source"))
				return xl_text(c, r->path, r->rep, &u->previous_source);
	}
	return TERCUME_OK;
}

static tercume_status
read_segment(reader *r, const xmlNode *seg, xl_unit *u)
{
	tercume_status st = TERCUME_OK;
	char *state, *sub;
	bool has_target = false;

	for (const xmlNode *c = seg->children; c && st == TERCUME_OK; c = c->next) {
		if (is20(c, "source") && !u->source)
			st = xl_text(c, r->path, r->rep, &u->source);
		else if (is20(c, "target") && !has_target) {
			has_target = true;
			st = xl_text(c, r->path, r->rep, &u->target);
		}
	}
	if (st != TERCUME_OK)
		return st;
	if (u->source == NULL) {
		tu_error(r->rep, r->path, xl_line(seg), 0, "unit '%s' has no <source>", u->id);
		return TERCUME_EINPUT;
	}
	if (u->target && u->target[0] == '\0') {
		free(u->target);
		u->target = NULL;
	}
	state = xl_attr(seg, "state");
	sub = xl_attr(seg, "subState");
	if (state && !xl_state20_valid(state)) {
		tu_error(r->rep, r->path, xl_line(seg), 0, "unknown segment state '%s' "
			 "(initial, translated, reviewed, final)", state);
		st = TERCUME_EINPUT;
	} else if (sub && strncmp(sub, XL_SUBSTATE_PREFIX, strlen(XL_SUBSTATE_PREFIX)) == 0 &&
		   xl_state12_valid(sub + strlen(XL_SUBSTATE_PREFIX))) {
		/* an XLIFF 1.2 state word carried through */
		u->format_state = tu_strdup(sub + strlen(XL_SUBSTATE_PREFIX));
		u->state = xl_state_from12(u->format_state, u->target != NULL, false);
		if (u->format_state == NULL)
			st = TERCUME_ENOMEM;
	} else {
		u->format_state = state ? state : tu_strdup("initial");
		state = NULL;
		u->state = xl_state_from20(u->format_state, u->target != NULL);
		if (u->format_state == NULL)
			st = TERCUME_ENOMEM;
		/* Poedit's "needs work": state="translated" subState="poedit:fuzzy" */
		if (u->state == TERCUME_STATE_TRANSLATED && xl_substate_fuzzy(sub))
			u->state = TERCUME_STATE_FUZZY;
	}
	free(state);
	free(sub);
	return st;
}

static tercume_status
read_unit(reader *r, const xmlNode *n)
{
	xl_unit u = { 0 };
	tercume_status st;
	size_t segments = 0;

	u.line = xl_line(n);
	u.id = xl_attr(n, "id");
	if (u.id == NULL || u.id[0] == '\0') {
		tu_error(r->rep, r->path, u.line, 0, "<unit> has no id");
		xl_unit_clear(&u);
		return TERCUME_EINPUT;
	}
	st = xl_ids_add(r->ids, u.id, u.line, r->path, r->rep);
	for (const xmlNode *c = n->children; c && st == TERCUME_OK; c = c->next) {
		if (xl_is(c, XL_NS_MTC, "matches"))
			st = read_matches(r, c, &u);
		else if (is20(c, "notes"))
			st = read_notes(r, c, &u);
		else if (is20(c, "segment") || is20(c, "ignorable")) {
			if (++segments > 1 || is20(c, "ignorable")) {
				tu_error(r->rep, r->path, xl_line(c), 0, "unit '%s' has more than "
					 "one segment: tercume reads one sentence per unit", u.id);
				st = TERCUME_EINPUT;
			} else
				st = read_segment(r, c, &u);
		}
	}
	if (st == TERCUME_OK && segments == 0) {
		tu_error(r->rep, r->path, u.line, 0, "unit '%s' has no <segment>", u.id);
		st = TERCUME_EINPUT;
	}
	if (st != TERCUME_OK) {
		xl_unit_clear(&u);
		return st;
	}
	if (r->obsolete)
		u.state = TERCUME_STATE_OBSOLETE;
	return xl_entry_add(r->cat, &u, r->path, r->rep);
}

static tercume_status
read_group(reader *r, const xmlNode *parent)
{
	tercume_status st = TERCUME_OK;

	for (const xmlNode *c = parent->children; c && st == TERCUME_OK; c = c->next) {
		if (is20(c, "unit"))
			st = read_unit(r, c);
		else if (is20(c, "group"))
			st = read_group(r, c);
	}
	return st;
}

static tercume_status
xliff20_read(tercume_catalog **out, const char *path, tercume_reporter *rep)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	reader r = { path, rep, NULL, NULL, false };
	tercume_status st;
	bool have_file = false;
	char *sl = NULL, *tl = NULL;
	int version;

	*out = NULL;
	st = xl_parse(path, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	{
		const char *ns;

		st = xl_check_root(doc, path, 20, &ns, &version, rep);
	}
	if (st == TERCUME_OK)
		st = xl_validate(doc, version, path, rep);
	root = xmlDocGetRootElement(doc);
	if (st == TERCUME_OK) {
		sl = xl_attr(root, "srcLang");
		tl = xl_attr(root, "trgLang");
		if (sl == NULL || sl[0] == '\0') {
			tu_error(rep, path, xl_line(root), 0, "<xliff> has no srcLang");
			st = TERCUME_EINPUT;
		} else if ((r.cat = tercume_catalog_new(sl, tl && tl[0] ? tl : NULL)) == NULL)
			st = TERCUME_ENOMEM;
		free(sl);
		free(tl);
	}
	for (xmlNodePtr f = root->children; f && st == TERCUME_OK; f = f->next) {
		char *id, *original;

		if (!is20(f, "file"))
			continue;
		id = xl_attr(f, "id");
		r.obsolete = id && strcmp(id, XL_OBSOLETE) == 0;
		free(id);
		original = xl_attr(f, "original");
		if (!r.obsolete && !have_file && original && original[0])
			st = tercume_catalog_set_source_path(r.cat, original);
		free(original);
		if (!r.obsolete)
			have_file = true;
		if (st == TERCUME_OK && (r.ids = xl_ids_new()) == NULL)
			st = TERCUME_ENOMEM;
		if (st == TERCUME_OK)
			st = read_group(&r, f);
		xl_ids_free(r.ids);
		r.ids = NULL;
	}
	xmlFreeDoc(doc);
	if (st != TERCUME_OK) {
		tercume_catalog_free(r.cat);
		return st;
	}
	*out = r.cat;
	return TERCUME_OK;
}

const tu_format tu_format_xliff20 = { TERCUME_FORMAT_XLIFF20, "xliff20", xliff20_read, xliff20_write,
				     NULL, NULL, false };
