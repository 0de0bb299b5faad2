/* xliff20.c — XLIFF 2.0 and 2.1 catalogues (urn:oasis:names:tc:xliff:document:2.0),
 * written with xmlTextWriter and read as the parse goes, unit by unit (the
 * tree is never whole: "the document as it is parsed" below).
 *
 * A unit tercume makes is written as
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
 *     <originalData>                     (only with inline codes)
 *       <data id="d1">&lt;b&gt;</data>
 *     </originalData>
 *     <segment [id="s1"] state="…" [subState="tercume:…"]>
 *       <source>… <pc id="1" dataRefStart="d1" …>…</pc> …</source>
 *       <target>…</target>
 *     </segment>
 *   </unit>
 *
 * Obsolete entries go in a second <file id="obsolete" translate="no">.
 *
 * Units of other tools: each <segment> is an entry (one per unit when the
 * unit has one segment, with the unit's id; else UNIT/SEGMENT), inline
 * codes are the coded text of doc/rich-text.md, and whatever tercume does
 * not model (ignorables, modules, extensions, notes' other attributes, the
 * unit's attributes, the <originalData> ids) is kept as XML in the first
 * entry's format_data; the files' and groups' structure in the
 * catalogue's.  Writing XLIFF 2 again puts it all back (doc/xliff.md,
 * "Units and segments", "Round trips").  doc/states.md has the state
 * mapping. */
#include "xliff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

/* ==== reading ===================================================== */

/* The <data> of a unit's (or a match's) <originalData>: id -> content. */
typedef struct datamap {
	tu_map *ids;		/* id -> index into content */
	char **content;
	size_t n, cap;
} datamap;

typedef struct reader {
	const char *path;
	tercume_reporter *rep;
	tercume_catalog *cat;
	tercume_rich_builder *src, *trg, *prev;
	tu_map *earlier;	/* unit ids of the <file>s before it */
	/* the units of the <file>s before, not yet in earlier: the map is
	 * made only when a second live <file> comes (NUL-separated) */
	tu_buf before;
	const char *file_id;
	bool obsolete;
	bool nomem;
	/* the catalogue's format data: the document without its units */
	xmlDocPtr skel;
	xmlNodePtr skel_at;	/* the element units go into */
	bool skel_needed;
	/* the units of the current <file> whose entries were read, in order
	 * (as unit_of_entry names them), each NUL-terminated, for
	 * skel_backfill and earlier; last: where the last one starts */
	tu_buf units;
	size_t last;
} reader;

static bool
is20(const xmlNode *n, const char *name)
{
	return xl_is(n, XL_NS20, name);
}

/* Whether s[0, n) can be an XML NMTOKEN (ASCII name characters; any
 * non-ASCII character is taken as one, which XML 1.0's fifth edition
 * nearly all are). */
static bool
nmtoken(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':'))
			return false;
	}
	return true;
}

/* The parts of an entry ID (doc/xliff.md, "Units and segments"): FILE=,
 * UNIT and /SEGMENT when each is an NMTOKEN (the segment may be #N);
 * otherwise (an ID from another format: "a/b[0]") the whole ID is the
 * unit's, with no file and no segment. */
typedef struct idparts {
	const char *file, *unit, *seg;	/* seg: NULL for none */
	size_t file_len, unit_len;
} idparts;

static idparts
id_parts(const char *id)
{
	idparts p = { NULL, id, NULL, 0, strlen(id) };
	const char *eq = strchr(id, XL_FILE_SEP), *u = id, *slash;

	if (eq && (slash = strchr(id, XL_SEG_SEP)) != NULL && slash < eq)
		eq = NULL;
	if (eq && !nmtoken(id, (size_t)(eq - id)))
		return p;
	if (eq)
		u = eq + 1;
	slash = strchr(u, XL_SEG_SEP);
	if (!nmtoken(u, slash ? (size_t)(slash - u) : strlen(u)))
		return p;
	if (slash && !(nmtoken(slash + 1, strlen(slash + 1)) ||
		       (slash[1] == '#' && slash[2] && strspn(slash + 2, "0123456789") ==
			strlen(slash + 2))))
		return p;
	if (eq) {
		p.file = id;
		p.file_len = (size_t)(eq - id);
	}
	p.unit = u;
	p.unit_len = slash ? (size_t)(slash - u) : strlen(u);
	p.seg = slash ? slash + 1 : NULL;
	return p;
}

/* Adds the unit of the entry id (of a live <file>) to r->units, unless it
 * is the last one there already. */
static tercume_status
note_unit(reader *r, const char *id)
{
	idparts p = id_parts(id);

	if (r->units.len > 0 && strlen(r->units.data + r->last) == p.unit_len &&
	    memcmp(r->units.data + r->last, p.unit, p.unit_len) == 0)
		return TERCUME_OK;
	r->last = r->units.len;
	tu_buf_append(&r->units, p.unit, p.unit_len);
	tu_buf_append(&r->units, "", 1);
	return r->units.failed ? TERCUME_ENOMEM : TERCUME_OK;
}

/* Each string of a NUL-separated list. */
#define EACH_UNIT(u, b) for (const char *u = (b)->data; u && u < (b)->data + (b)->len; \
			     u += strlen(u) + 1)

/* An entry ID that is no NMTOKEN is written as unit id "id-HASH" with
 * name="ID", and read back as ID.  So is one of tercume's content IDs
 * that is all digits (41838093, doc/ids.md): JavaScript readers key units
 * by id in an object, which lists integer-like keys first, and the unit
 * would come out of the npm xliff package first (issue 12, case 7). */
#define ID_HASH_PREFIX "id-"

/* Whether the unit can have id as its id. */
static bool
plain_unit_id(const char *id)
{
	size_t n = strlen(id), digits = strspn(id, "0123456789");

	if (!nmtoken(id, n))
		return false;
	/* a content ID: eight hex digits, "-N" after a repeat */
	return !(digits == 8 && (n == 8 || (id[8] == '-' && n > 9 &&
					   strspn(id + 9, "0123456789") == n - 9)));
}

static void
hashed_id(const char *id, char out[16])
{
	char h[9];

	if (tercume_unit_hash(id, strlen(id), h) != TERCUME_OK)
		snprintf(h, sizeof h, "00000000");
	snprintf(out, 16, ID_HASH_PREFIX "%s", h);
}

/* The ID a unit's entries get: its id, or for tercume's id="id-HASH"
 * name="ID" (an ID that is no NMTOKEN) the name. */
static const char *
unit_entry_id(const xmlNode *unit)
{
	const char *id = xl_attr_ref(unit, "id"), *name = xl_attr_ref(unit, "name");
	char hid[16];

	if (id == NULL || name == NULL || strncmp(id, ID_HASH_PREFIX, strlen(ID_HASH_PREFIX)) != 0)
		return id;
	hashed_id(name, hid);
	return strcmp(hid, id) == 0 ? name : id;
}

static bool
is_elem(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static void
datamap_free(datamap *dm)
{
	for (size_t i = 0; i < dm->n; i++)
		free(dm->content[i]);
	free(dm->content);
	tu_map_free(dm->ids);
	memset(dm, 0, sizeof *dm);
}

static tercume_status
datamap_read(reader *r, const xmlNode *od, datamap *dm)
{
	for (const xmlNode *d = od ? od->children : NULL; d; d = d->next) {
		const char *id = is20(d, "data") ? xl_attr_ref(d, "id") : NULL;
		size_t *slot;
		char *text;
		tercume_status st;
		bool added;

		if (id == NULL)
			continue;
		if ((st = xl_text(d, true, false, r->path, r->rep, &text)) != TERCUME_OK)
			return st;
		if (dm->ids == NULL && (dm->ids = tu_map_new(16)) == NULL) {
			free(text);
			return TERCUME_ENOMEM;
		}
		if (dm->n == dm->cap) {
			size_t cap = dm->cap ? dm->cap * 2 : 8;
			char **p = realloc(dm->content, cap * sizeof *p);

			if (p == NULL) {
				free(text);
				return TERCUME_ENOMEM;
			}
			dm->content = p;
			dm->cap = cap;
		}
		if ((slot = tu_map_slot(dm->ids, id, &added)) == NULL) {
			free(text);
			return TERCUME_ENOMEM;
		}
		if (!added) {
			free(text);	/* validation refused it already */
			continue;
		}
		*slot = dm->n;
		dm->content[dm->n++] = text;
	}
	return TERCUME_OK;
}

static const char *
datamap_get(const datamap *dm, const char *id)
{
	size_t i;

	if (id == NULL || dm->ids == NULL || !tu_map_get(dm->ids, id, &i))
		return NULL;
	return dm->content[i];
}

static tercume_hint
hint_of(const xmlNode *n, const char *name, tercume_hint dflt)
{
	const char *v = xl_attr_ref(n, name);

	if (v == NULL)
		return dflt;
	if (strcmp(v, "yes") == 0)
		return TERCUME_HINT_YES;
	if (strcmp(v, "no") == 0)
		return TERCUME_HINT_NO;
	if (strcmp(v, "firstNo") == 0)
		return TERCUME_HINT_FIRST_NO;
	return dflt;
}

/* The attributes each inline element has a field for; the others go into
 * the code's extra. */
static const char *const known_ph[] = { "id", "type", "subType", "disp", "equiv", "dataRef",
					"canCopy", "canDelete", "canReorder", NULL };
static const char *const known_pc[] = { "id", "type", "subType", "dispStart", "dispEnd",
					"equivStart", "equivEnd", "dataRefStart", "dataRefEnd",
					"canCopy", "canDelete", "canReorder", "canOverlap", NULL };
static const char *const known_sc[] = { "id", "startRef", "type", "subType", "disp", "equiv",
					"dataRef", "canCopy", "canDelete", "canReorder",
					"canOverlap", "isolated", NULL };
static const char *const known_mrk[] = { "id", "startRef", "translate", "type", "ref", "value",
					 NULL };

/* One <source> or <target> (or a match's) being read into coded text. */
typedef struct inl {
	reader *r;
	tercume_rich_builder *b;
	const datamap *dm;
	tu_map *sc_at, *ec_at;	/* "id" -> position of the <sc>, of the <ec startRef> */
	size_t pos;
	tercume_status st;
} inl;

static void
prescan(inl *in, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c && in->st == TERCUME_OK; c = c->next) {
		const char *id;
		tu_map *m = NULL;
		size_t *slot;
		bool added;

		if (!is_elem(c))
			continue;
		in->pos++;
		if (is20(c, "sc") && !(xl_attr_ref(c, "isolated") &&
				       strcmp(xl_attr_ref(c, "isolated"), "yes") == 0)) {
			m = in->sc_at;
			id = xl_attr_ref(c, "id");
		} else if (is20(c, "ec") && xl_attr_ref(c, "startRef")) {
			m = in->ec_at;
			id = xl_attr_ref(c, "startRef");
		} else if (is20(c, "pc") || is20(c, "mrk")) {
			prescan(in, c);
			continue;
		} else
			continue;
		if (id == NULL)
			continue;
		if ((slot = tu_map_slot(m, id, &added)) == NULL) {
			in->st = TERCUME_ENOMEM;
			return;
		}
		if (added)
			*slot = in->pos;
	}
}

static void
add_code(inl *in, tercume_code *c, const xmlNode *n, const char *const *known)
{
	bool nomem = false;
	char *extra = known ? xl_extra_attrs(n, known, &nomem) : NULL;

	if (nomem) {
		in->st = TERCUME_ENOMEM;
		return;
	}
	c->extra = extra;
	if (c->id == NULL || c->id[0] == '\0') {
		tu_error(in->r->rep, in->r->path, xl_line(n), 0, "<%s> has no id",
			 (const char *)n->name);
		in->st = TERCUME_EINPUT;
	} else {
		in->st = tercume_rich_add_code(in->b, c);
		if (in->st == TERCUME_EINPUT)
			tu_error(in->r->rep, in->r->path, xl_line(n), 0, "<%s id='%s'> holds "
				 "text tercume does not take (invalid UTF-8 or a reserved "
				 "character)", (const char *)n->name, c->id);
	}
	free(extra);
}

static void
common_fields(tercume_code *c, const xmlNode *n)
{
	c->type = xl_attr_ref(n, "type");
	c->subtype = xl_attr_ref(n, "subType");
	c->can_copy = hint_of(n, "canCopy", TERCUME_HINT_UNSET);
	c->can_delete = hint_of(n, "canDelete", TERCUME_HINT_UNSET);
	c->can_reorder = hint_of(n, "canReorder", TERCUME_HINT_UNSET);
}

static void read_inline_children(inl *in, const xmlNode *parent);

static void
read_inline_element(inl *in, const xmlNode *c)
{
	tercume_code code = { 0 };
	size_t at, here;

	here = ++in->pos;
	if (is20(c, "cp")) {
		tu_buf b = TU_BUF_INIT;

		if (!xl_cp_append(&b, c, in->r->path, in->r->rep))
			in->st = TERCUME_EINPUT;
		else if (b.failed)
			in->st = TERCUME_ENOMEM;
		else
			in->st = tercume_rich_add_text(in->b, b.data, b.len);
		tu_buf_free(&b);
	} else if (is20(c, "ph")) {
		code.kind = TERCUME_RUN_STANDALONE;
		code.id = xl_attr_ref(c, "id");
		common_fields(&code, c);
		code.display = xl_attr_ref(c, "disp");
		code.equiv = xl_attr_ref(c, "equiv");
		code.data = datamap_get(in->dm, xl_attr_ref(c, "dataRef"));
		add_code(in, &code, c, known_ph);
	} else if (is20(c, "pc")) {
		code.kind = TERCUME_RUN_OPEN;
		code.id = xl_attr_ref(c, "id");
		common_fields(&code, c);
		code.can_overlap = hint_of(c, "canOverlap", TERCUME_HINT_NO);
		code.display = xl_attr_ref(c, "dispStart");
		code.equiv = xl_attr_ref(c, "equivStart");
		code.data = datamap_get(in->dm, xl_attr_ref(c, "dataRefStart"));
		add_code(in, &code, c, known_pc);
		if (in->st == TERCUME_OK)
			read_inline_children(in, c);
		if (in->st == TERCUME_OK) {
			code.kind = TERCUME_RUN_CLOSE;
			code.display = xl_attr_ref(c, "dispEnd");
			code.equiv = xl_attr_ref(c, "equivEnd");
			code.data = datamap_get(in->dm, xl_attr_ref(c, "dataRefEnd"));
			add_code(in, &code, c, NULL);
		}
	} else if (is20(c, "sc") || is20(c, "ec")) {
		bool sc = is20(c, "sc");
		const char *iso = xl_attr_ref(c, "isolated");
		bool isolated = iso && strcmp(iso, "yes") == 0;

		common_fields(&code, c);
		code.can_overlap = hint_of(c, "canOverlap", TERCUME_HINT_YES);
		code.display = xl_attr_ref(c, "disp");
		code.equiv = xl_attr_ref(c, "equiv");
		code.data = datamap_get(in->dm, xl_attr_ref(c, "dataRef"));
		if (sc) {
			code.id = xl_attr_ref(c, "id");
			/* its <ec> in this same text: a pair; else the other half
			 * is in another segment (or nowhere: isolated) */
			code.kind = !isolated && code.id && tu_map_get(in->ec_at, code.id, &at) &&
				    at > here ? TERCUME_RUN_OPEN : TERCUME_RUN_ISOLATED_OPEN;
		} else if (isolated || xl_attr_ref(c, "startRef") == NULL) {
			code.id = xl_attr_ref(c, "id");
			code.kind = TERCUME_RUN_ISOLATED_CLOSE;
		} else {
			code.id = xl_attr_ref(c, "startRef");
			code.kind = tu_map_get(in->sc_at, code.id, &at) && at < here ?
				    TERCUME_RUN_CLOSE : TERCUME_RUN_ISOLATED_CLOSE;
		}
		add_code(in, &code, c, known_sc);
	} else if (is20(c, "mrk") || is20(c, "sm")) {
		const char *tr = xl_attr_ref(c, "translate");

		code.kind = TERCUME_RUN_MARKER_START;
		code.id = xl_attr_ref(c, "id");
		code.type = xl_attr_ref(c, "type");
		code.translate = tr == NULL ? TERCUME_HINT_UNSET : strcmp(tr, "no") == 0 ?
				 TERCUME_HINT_NO : TERCUME_HINT_YES;
		code.ref = xl_attr_ref(c, "ref");
		code.value = xl_attr_ref(c, "value");
		add_code(in, &code, c, known_mrk);
		if (in->st == TERCUME_OK && is20(c, "mrk")) {
			read_inline_children(in, c);
			if (in->st == TERCUME_OK) {
				tercume_code end = { 0 };

				end.kind = TERCUME_RUN_MARKER_END;
				end.id = code.id;
				add_code(in, &end, c, NULL);
			}
		}
	} else if (is20(c, "em")) {
		code.kind = TERCUME_RUN_MARKER_END;
		code.id = xl_attr_ref(c, "startRef");
		add_code(in, &code, c, known_mrk);
	} else {
		tu_error(in->r->rep, in->r->path, xl_line(c), 0, "<%s> is not XLIFF 2 inline "
			 "content", (const char *)c->name);
		in->st = TERCUME_EINPUT;
	}
}

static void
read_inline_children(inl *in, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c && in->st == TERCUME_OK; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				in->st = xl_add_text(in->b, (const char *)c->content,
						     strlen((const char *)c->content), parent,
						     in->r->path, in->r->rep);
			break;
		case XML_ELEMENT_NODE:
			read_inline_element(in, c);
			break;
		default:
			break;	/* comments, processing instructions */
		}
	}
}

/* Reads the inline content of el into b (cleared first). */
static tercume_status
read_inline(reader *r, const xmlNode *el, tercume_rich_builder *b, const datamap *dm)
{
	inl in = { r, b, dm, tu_map_new(8), tu_map_new(8), 0, TERCUME_OK };

	tercume_rich_builder_clear(b);
	if (in.sc_at == NULL || in.ec_at == NULL)
		in.st = TERCUME_ENOMEM;
	if (in.st == TERCUME_OK)
		prescan(&in, el);
	in.pos = 0;
	if (in.st == TERCUME_OK)
		read_inline_children(&in, el);
	tu_map_free(in.sc_at);
	tu_map_free(in.ec_at);
	return in.st;
}

/* The context, reference and comment the notes of a unit give. */
static tercume_status
notes_fields(reader *r, const xmlNode *notes, char **context, char **reference, char **comment)
{
	tercume_status st = TERCUME_OK;

	*context = *reference = *comment = NULL;
	for (const xmlNode *c = notes ? notes->children : NULL; c && st == TERCUME_OK; c = c->next) {
		const char *cat;
		char **slot;
		char *text;

		if (!is20(c, "note"))
			continue;
		if ((st = xl_text(c, false, false, r->path, r->rep, &text)) != TERCUME_OK)
			break;
		cat = xl_attr_ref(c, "category");
		if (cat && strcmp(cat, "context") == 0)
			slot = context;
		else if (cat && strcmp(cat, "reference") == 0)
			slot = reference;
		else
			slot = comment;
		st = xl_join(slot, text);
		free(text);
	}
	return st;
}

static bool
our_match(const xmlNode *m)
{
	const char *sub = xl_attr_ref(m, "subType");

	return xl_is(m, XL_NS_MTC, "match") && sub && strcmp(sub, XL_PREVIOUS_SUBTYPE) == 0;
}

/* Whether the unit is in the shape tercume writes, so that writing it from
 * the entries alone gives it back: else its format data keeps the rest. */
static bool
unit_is_plain(const xmlNode *unit, size_t segments)
{
	bool has_match = false;

	for (const xmlNode *c = unit->children; c; c = c->next)
		for (const xmlNode *m = xl_is(c, XL_NS_MTC, "matches") ? c->children : NULL; m;
		     m = m->next)
			has_match |= our_match(m);
	for (const xmlAttr *a = unit->properties; a; a = a->next) {
		char hid[16];

		if (a->ns == NULL && strcmp((const char *)a->name, "name") == 0) {
			/* tercume's own name="ID" beside id="id-HASH" */
			hashed_id(xl_attr_ref(unit, "name"), hid);
			if (xl_attr_ref(unit, "id") && strcmp(xl_attr_ref(unit, "id"), hid) == 0)
				continue;
		}
		if (a->ns || strcmp((const char *)a->name, "id") != 0)
			return false;
	}
	for (const xmlNode *c = unit->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content &&
		    strspn((const char *)c->content, " \t\r\n") == strlen((const char *)c->content))
			continue;
		if (!is_elem(c))
			return false;
		if (xl_is(c, XL_NS_MTC, "matches")) {
			if (c->properties)
				return false;
			for (const xmlNode *m = c->children; m; m = m->next) {
				if (!is_elem(m))
					continue;
				if (!our_match(m))
					return false;
				for (const xmlAttr *a = m->properties; a; a = a->next)
					if (a->ns || !strstr(" ref type subType similarity ",
							      (const char *)a->name))
						return false;
				for (const xmlNode *d = m->children; d; d = d->next)
					if (is_elem(d) && (!(is20(d, "source") || is20(d, "target")) ||
							   d->properties))
						return false;
			}
		} else if (is20(c, "notes")) {
			if (c->properties)
				return false;
			for (const xmlNode *n = c->children; n; n = n->next) {
				const char *cat;

				if (!is_elem(n))
					continue;
				cat = xl_attr_ref(n, "category");
				if (!is20(n, "note") || cat == NULL || n->properties->next ||
				    !(strcmp(cat, "context") == 0 || strcmp(cat, "reference") == 0 ||
				      strcmp(cat, "translator") == 0))
					return false;
			}
		} else if (is20(c, "segment")) {
			for (const xmlAttr *a = c->properties; a; a = a->next) {
				const char *an = (const char *)a->name;
				const char *v = a->children && a->children->content ?
						(const char *)a->children->content : "";

				if (a->ns)
					return false;
				if (strcmp(an, "id") == 0) {
					/* one segment: tercume writes id="s1" with a match only */
					if (segments == 1 && (strcmp(v, "s1") != 0 || !has_match))
						return false;
				} else if (strcmp(an, "subState") == 0) {
					if (strncmp(v, XL_SUBSTATE_PREFIX, strlen(XL_SUBSTATE_PREFIX)) != 0)
						return false;
				} else if (strcmp(an, "state") != 0)
					return false;
			}
			for (const xmlNode *d = c->children; d; d = d->next)
				if (is_elem(d) && (!(is20(d, "source") || is20(d, "target")) ||
						   d->properties))
					return false;
		} else
			return false;	/* originalData, ignorable, modules, extensions */
	}
	return true;
}

/* The unit kept as format data: its copy without the segments' text and
 * without tercume's own matches, which the entries hold. */
static char *
unit_format_data(const xmlNode *unit)
{
	xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr copy = d ? xmlDocCopyNode((xmlNodePtr)unit, d, 1) : NULL;
	xmlBufferPtr buf;
	char *out = NULL;

	if (copy == NULL) {
		xmlFreeDoc(d);
		return NULL;
	}
	xmlDocSetRootElement(d, copy);
	for (xmlNodePtr c = copy->children, next; c; c = next) {
		next = c->next;
		if (is20(c, "segment")) {
			for (xmlNodePtr st = c->children; st; st = st->next)
				if (is20(st, "source") || is20(st, "target"))
					while (st->children) {
						xmlNodePtr k = st->children;

						xmlUnlinkNode(k);
						xmlFreeNode(k);
					}
		} else if (xl_is(c, XL_NS_MTC, "matches")) {
			bool any = false;

			for (xmlNodePtr m = c->children, mn; m; m = mn) {
				mn = m->next;
				if (our_match(m)) {
					xmlUnlinkNode(m);
					xmlFreeNode(m);
				} else
					any |= is_elem(m);
			}
			if (!any) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
	}
	buf = xmlBufferCreate();
	if (buf && xmlNodeDump(buf, d, copy, 0, 0) >= 0)
		out = tu_strdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	xmlFreeDoc(d);
	return out;
}

/* The entry ID of a segment (doc/xliff.md, "Units and segments"). */
static char *
segment_entry_id(const char *file_prefix, const char *unit_id, const char *seg_id,
		 size_t position, size_t segments)
{
	tu_buf b = TU_BUF_INIT;
	char *out = NULL;

	if (file_prefix) {
		tu_buf_puts(&b, file_prefix);
		tu_buf_putc(&b, XL_FILE_SEP);
	}
	tu_buf_puts(&b, unit_id);
	if (segments > 1) {
		tu_buf_putc(&b, XL_SEG_SEP);
		if (seg_id && seg_id[0])
			tu_buf_puts(&b, seg_id);
		else
			tu_buf_printf(&b, "#%zu", position);
	}
	tu_buf_finish(&b, &out, NULL);
	return out;
}

static tercume_status
segment_state(reader *r, const xmlNode *seg, xl_unit *u)
{
	const char *state = xl_attr_ref(seg, "state");
	const char *sub = xl_attr_ref(seg, "subState");
	bool t = u->target != NULL;

	if (state && !xl_state20_valid(state)) {
		tu_error(r->rep, r->path, xl_line(seg), 0, "unknown segment state '%s' "
			 "(initial, translated, reviewed, final)", state);
		return TERCUME_EINPUT;
	}
	if (sub && strncmp(sub, XL_SUBSTATE_PREFIX, strlen(XL_SUBSTATE_PREFIX)) == 0 &&
	    xl_state12_valid(sub + strlen(XL_SUBSTATE_PREFIX))) {
		/* an XLIFF 1.2 state word carried through */
		u->format_state = tu_strdup(sub + strlen(XL_SUBSTATE_PREFIX));
		u->state = xl_state_from12(u->format_state, t, false);
	} else if (sub && strcmp(sub, XL_SUBSTATE_PREFIX "fuzzy") == 0 &&
		   (state == NULL || strcmp(state, "initial") == 0)) {
		/* tercume's own fuzzy: written again from the state */
		u->state = xl_state_from20("initial", t);
		return TERCUME_OK;
	} else {
		u->format_state = tu_strdup(state ? state : "initial");
		u->state = xl_state_from20(u->format_state, t);
		/* Poedit's "needs work": state="translated" subState="poedit:fuzzy" */
		if (u->state == TERCUME_STATE_TRANSLATED && xl_substate_fuzzy(sub))
			u->state = TERCUME_STATE_FUZZY;
	}
	return u->format_state ? TERCUME_OK : TERCUME_ENOMEM;
}

/* The source of the previous-source match that points at segment seg_id
 * (any of them when the unit has one segment), read into r->prev. */
static tercume_status
read_previous(reader *r, const xmlNode *unit, const char *seg_id, size_t segments, xl_unit *u)
{
	for (const xmlNode *ms = unit->children; ms; ms = ms->next) {
		if (!xl_is(ms, XL_NS_MTC, "matches"))
			continue;
		for (const xmlNode *m = ms->children; m; m = m->next) {
			const char *ref = xl_attr_ref(m, "ref");
			const xmlNode *source = NULL, *od = NULL;
			datamap dm = { 0 };
			tercume_status st;

			if (!our_match(m))
				continue;
			if (segments > 1 && (ref == NULL || seg_id == NULL || ref[0] != '#' ||
					     strcmp(ref + 1, seg_id) != 0))
				continue;
			for (const xmlNode *c = m->children; c; c = c->next) {
				if (is20(c, "source") && !source)
					source = c;
				else if (is20(c, "originalData"))
					od = c;
			}
			if (source == NULL)
				continue;
			st = datamap_read(r, od, &dm);
			if (st == TERCUME_OK)
				st = read_inline(r, source, r->prev, &dm);
			datamap_free(&dm);
			if (st != TERCUME_OK)
				return st;
			u->previous_source = tercume_rich_builder_text(r->prev, NULL);
			u->previous_codes = tercume_rich_builder_codes(r->prev, &u->n_previous_codes);
			u->match_score = xl_parse_score(xl_attr_ref(m, "similarity"));
			return TERCUME_OK;
		}
	}
	return TERCUME_OK;
}

static tercume_status
read_unit(reader *r, const xmlNode *unit)
{
	const char *unit_id = xl_attr_ref(unit, "id");
	const xmlNode *notes = NULL, *od = NULL;
	char *context = NULL, *reference = NULL, *comment = NULL, *data = NULL;
	const char *prefix = NULL;
	datamap dm = { 0 };
	size_t segments = 0, k = 0;
	tercume_status st;

	if (unit_id == NULL || unit_id[0] == '\0') {
		tu_error(r->rep, r->path, xl_line(unit), 0, "<unit> has no id");
		return TERCUME_EINPUT;
	}
	/* (a unit id used twice in its <file> was refused by xliff-valid.c) */
	unit_id = unit_entry_id(unit);
	/* a unit id an earlier <file> used: the entries carry the file's id */
	if (!r->obsolete && tu_map_get(r->earlier, unit_id, NULL))
		prefix = r->file_id ? r->file_id : "";
	for (const xmlNode *c = unit->children; c; c = c->next) {
		if (is20(c, "notes"))
			notes = c;
		else if (is20(c, "originalData"))
			od = c;
		else if (is20(c, "segment"))
			segments++;
	}
	if (segments == 0) {
		tu_error(r->rep, r->path, xl_line(unit), 0, "unit '%s' has no <segment>", unit_id);
		return TERCUME_EINPUT;
	}
	st = notes_fields(r, notes, &context, &reference, &comment);
	if (st == TERCUME_OK)
		st = datamap_read(r, od, &dm);
	if (st == TERCUME_OK && !unit_is_plain(unit, segments) &&
	    (data = unit_format_data(unit)) == NULL)
		st = TERCUME_ENOMEM;
	for (const xmlNode *seg = unit->children; seg && st == TERCUME_OK; seg = seg->next) {
		const xmlNode *source = NULL, *target = NULL;
		const char *seg_id;
		xl_unit u = { 0 };

		if (!is20(seg, "segment"))
			continue;
		k++;
		seg_id = xl_attr_ref(seg, "id");
		for (const xmlNode *c = seg->children; c; c = c->next) {
			if (is20(c, "source") && !source)
				source = c;
			else if (is20(c, "target") && !target)
				target = c;
		}
		if (source == NULL) {
			tu_error(r->rep, r->path, xl_line(seg), 0, "unit '%s' has no <source>", unit_id);
			st = TERCUME_EINPUT;
			break;
		}
		u.id = segment_entry_id(prefix, unit_id, seg_id, k, segments);
		u.line = segments == 1 ? xl_line(unit) : xl_line(seg);
		u.context = tu_strdup(context);
		u.reference = tu_strdup(reference);
		u.comment = tu_strdup(comment);
		if (k == 1) {
			u.format_data = data;
			data = NULL;
		}
		if (!u.id || (context && !u.context) || (reference && !u.reference) ||
		    (comment && !u.comment))
			st = TERCUME_ENOMEM;
		if (st == TERCUME_OK)
			st = read_inline(r, source, r->src, &dm);
		if (st == TERCUME_OK) {
			u.source = tercume_rich_builder_text(r->src, NULL);
			u.source_codes = tercume_rich_builder_codes(r->src, &u.n_source_codes);
		}
		if (st == TERCUME_OK && target) {
			st = read_inline(r, target, r->trg, &dm);
			if (st == TERCUME_OK) {
				u.target = tercume_rich_builder_text(r->trg, NULL);
				u.target_codes = tercume_rich_builder_codes(r->trg, &u.n_target_codes);
				if (u.target[0] == '\0')
					u.target = NULL;	/* an empty target is none */
			}
		}
		if (st == TERCUME_OK)
			st = segment_state(r, seg, &u);
		if (st == TERCUME_OK)
			st = read_previous(r, unit, seg_id, segments, &u);
		if (st == TERCUME_OK && r->obsolete)
			u.state = TERCUME_STATE_OBSOLETE;
		if (st == TERCUME_OK && !r->obsolete)
			st = note_unit(r, u.id);
		if (st == TERCUME_OK)
			st = xl_entry_add(r->cat, &u, r->path, r->rep);
		else
			xl_unit_clear(&u);
	}
	free(data);
	free(context);
	free(reference);
	free(comment);
	datamap_free(&dm);
	return st;
}

/* ---- the catalogue's format data: the document around the units ---- */

/* Whether the document root, a <file> or a child of one is in the shape
 * tercume writes (then nothing needs keeping). */
static bool
root_is_plain(const xmlNode *root)
{
	for (const xmlAttr *a = root->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		const char *v = a->children && a->children->content ?
				(const char *)a->children->content : "";

		if (a->ns || !(strcmp(an, "srcLang") == 0 || strcmp(an, "trgLang") == 0 ||
			       (strcmp(an, "version") == 0 && strcmp(v, "2.0") == 0)))
			return false;
	}
	for (const xmlNs *ns = root->nsDef; ns; ns = ns->next)
		if (!(ns->prefix == NULL && strcmp((const char *)ns->href, XL_NS20) == 0) &&
		    !(ns->prefix && strcmp((const char *)ns->prefix, "mtc") == 0 &&
		      strcmp((const char *)ns->href, XL_NS_MTC) == 0))
			return false;
	return true;
}

static bool
file_is_plain(const xmlNode *f, bool first)
{
	if (!first || f->nsDef)
		return false;
	for (const xmlAttr *a = f->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		const char *v = a->children && a->children->content ?
				(const char *)a->children->content : "";

		if (a->ns || !((strcmp(an, "id") == 0 && strcmp(v, "f1") == 0) ||
			       strcmp(an, "original") == 0))
			return false;
	}
	return true;
}

static xmlNodePtr
skel_placeholder(reader *r, xmlNodePtr parent, const char *unit_id)
{
	xmlNodePtr p = xmlNewDocNode(r->skel, NULL, (const xmlChar *)"unit", NULL);

	if (p == NULL || xmlAddChild(parent, p) == NULL) {
		xmlFreeNode(p);
		r->nomem = true;
		return NULL;
	}
	xmlSetNs(p, xmlSearchNsByHref(r->skel, parent, (const xmlChar *)XL_NS20));
	if (xmlNewProp(p, (const xmlChar *)"id", (const xmlChar *)unit_id) == NULL)
		r->nomem = true;
	return p;
}

/* The skeleton turns out to be needed in the middle of a <file>: the
 * units read so far get their placeholders. */
static void
skel_backfill(reader *r)
{
	EACH_UNIT(u, &r->units)
		if (!r->nomem)
			skel_placeholder(r, r->skel_at, u);
}

static void
skel_need(reader *r)
{
	if (!r->skel_needed) {
		r->skel_needed = true;
		skel_backfill(r);
	}
}

static xmlNodePtr
skel_copy(reader *r, xmlNodePtr parent, const xmlNode *n, int deep)
{
	xmlNodePtr c = xmlDocCopyNode((xmlNodePtr)n, r->skel, deep);

	if (c == NULL || xmlAddChild(parent, c) == NULL) {
		xmlFreeNode(c);
		r->nomem = true;
		return NULL;
	}
	return c;
}

static tercume_status
skel_finish(reader *r)
{
	xmlNodePtr root = r->skel ? xmlDocGetRootElement(r->skel) : NULL;
	char *xml;
	tercume_status st;

	if (!r->skel_needed || root == NULL)
		return TERCUME_OK;
	xml = xl_node_xml(root);
	if (xml == NULL)
		return TERCUME_ENOMEM;
	st = tercume_catalog_set_format_data(r->cat, xml);
	free(xml);
	return st;
}

/* ---- the document as it is parsed ----
 *
 * The tree is never whole (issue 15: it took eight times the file): the
 * parse (tu_xml_parse_stream) hands each element of the structure to the
 * hooks below as it starts or ends, and a <unit> is checked, read and
 * freed once it has ended.  What stays is the way down to the current
 * unit: the root, the <file>, its <group>s, and the children each of them
 * has before its first unit or group (its head: notes, skeleton, module
 * elements), which the checks of the units below look at. */

/* An open <file> or <group>.  (tercume writes <group id="empty"/> into
 * a file without units: such a group is left out of the skeleton unless
 * something else needs one or it turns out to hold something.) */
typedef struct scope {
	xmlNodePtr node;
	xmlNodePtr skel;	/* its copy in the skeleton, or NULL */
	xmlNodePtr seen;	/* its last child handled, or NULL */
	bool head_done;
	bool empty_pending;	/* a <group id="empty"> not copied yet */
} scope;

typedef struct stream {
	reader r;
	xl_vstream *v;
	tercume_status st;
	tu_entry_sink sink;	/* or NULL */
	void *sink_user;
	scope *scopes;
	size_t depth, cap;
	bool first_file;
	bool root_seen;
} stream;

static bool
failed(stream *s, tercume_status st)
{
	if (st != TERCUME_OK && s->st == TERCUME_OK)
		s->st = st;
	if (s->r.nomem && s->st == TERCUME_OK)
		s->st = TERCUME_ENOMEM;
	return s->st != TERCUME_OK;
}

/* The group that turns out to be more than tercume's <group id="empty"/>
 * (it has a child) goes into the skeleton. */
static void
copy_pending_group(stream *s, scope *sc)
{
	reader *r = &s->r;

	if (!sc->empty_pending)
		return;
	sc->empty_pending = false;
	skel_need(r);
	sc->skel = skel_copy(r, s->scopes[s->depth - 2].skel, sc->node, 2);
}

/* The children of the innermost scope after the last one handled, up to
 * upto (NULL: all): what tercume does not model goes into the skeleton,
 * text between them goes. */
static void
catch_up(stream *s, xmlNodePtr upto)
{
	reader *r = &s->r;
	scope *sc = &s->scopes[s->depth - 1];
	xmlNodePtr c = sc->seen ? sc->seen->next : sc->node->children, next;

	for (; c && c != upto && !r->nomem; c = next) {
		next = c->next;
		if (failed(s, xl_vstream_child(s->v, c)))
			return;
		if (c->type == XML_TEXT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		if ((is_elem(c) || c->type == XML_COMMENT_NODE) && !r->obsolete) {
			/* the <file>'s or <group>'s notes, skeleton, modules */
			copy_pending_group(s, sc);
			skel_need(r);
			skel_copy(r, sc->skel, c, 1);
		}
		sc->seen = c;
	}
}

/* The head of the innermost scope is read (its first unit or group has
 * started, or it has ended). */
static bool
head(stream *s, xmlNodePtr upto)
{
	scope *sc = &s->scopes[s->depth - 1];

	if (!sc->head_done) {
		sc->head_done = true;
		if (failed(s, xl_vstream_head(s->v, sc->node)))
			return false;
	}
	catch_up(s, upto);
	return !failed(s, TERCUME_OK);
}

static bool
push(stream *s, xmlNodePtr n, xmlNodePtr skel)
{
	if (!tu_grow(&s->scopes, &s->cap, s->depth, sizeof *s->scopes, 8))
		return !failed(s, TERCUME_ENOMEM);
	s->scopes[s->depth++] = (scope){ n, skel, NULL, false, false };
	return true;
}

static bool
root_start(stream *s, xmlNodePtr root)
{
	reader *r = &s->r;
	const char *sl = xl_attr_ref(root, "srcLang"), *tl = xl_attr_ref(root, "trgLang");

	if (failed(s, xl_vstream_root(s->v, root)))
		return false;
	if (sl == NULL || sl[0] == '\0') {
		tu_error(r->rep, r->path, xl_line(root), 0, "<xliff> has no srcLang");
		return !failed(s, TERCUME_EINPUT);
	}
	if ((r->cat = tercume_catalog_new(sl, tl && tl[0] ? tl : NULL)) == NULL)
		return !failed(s, TERCUME_ENOMEM);
	if (s->sink)
		tu_catalog_set_sink(r->cat, s->sink, s->sink_user);
	r->src = tercume_rich_builder_new();
	r->trg = tercume_rich_builder_new();
	r->prev = tercume_rich_builder_new();
	r->earlier = tu_map_new(64);
	r->skel = xmlNewDoc((const xmlChar *)"1.0");
	if (!r->src || !r->trg || !r->prev || !r->earlier || !r->skel ||
	    skel_copy(r, (xmlNodePtr)r->skel, root, 2) == NULL)
		return !failed(s, TERCUME_ENOMEM);
	r->skel_needed = !root_is_plain(root);
	return true;
}

static bool
file_start(stream *s, xmlNodePtr f)
{
	reader *r = &s->r;
	const char *original = xl_attr_ref(f, "original");
	tercume_status st = TERCUME_OK;

	if (failed(s, xl_vstream_file(s->v, f)))
		return false;
	r->file_id = xl_attr_ref(f, "id");
	r->obsolete = r->file_id && strcmp(r->file_id, XL_OBSOLETE) == 0;
	r->skel_at = NULL;
	r->units.len = 0;
	if (!r->obsolete && s->first_file && original && original[0])
		st = tercume_catalog_set_source_path(r->cat, original);
	if (st == TERCUME_OK && !r->obsolete) {
		r->skel_at = skel_copy(r, xmlDocGetRootElement(r->skel), f, 2);
		if (r->skel_at == NULL)
			st = TERCUME_ENOMEM;
		else if (!file_is_plain(f, s->first_file))
			skel_need(r);
		s->first_file = false;
	}
	if (!r->obsolete) {
		EACH_UNIT(u, &r->before)
			if (st == TERCUME_OK && tu_map_slot(r->earlier, u, NULL) == NULL)
				st = TERCUME_ENOMEM;
		r->before.len = 0;
	}
	if (failed(s, st))
		return false;
	return push(s, f, r->skel_at);
}

static bool
file_end(stream *s)
{
	reader *r = &s->r;

	if (!head(s, NULL) || failed(s, xl_vstream_file_end(s->v, s->scopes[s->depth - 1].node)))
		return false;
	/* the units of this file are "earlier" for the next */
	if (!r->obsolete && r->before.len == 0) {
		tu_buf t = r->before;	/* (the first file's: no copy) */

		r->before = r->units;
		r->units = t;
	} else if (!r->obsolete) {
		tu_buf_append(&r->before, r->units.data ? r->units.data : "", r->units.len);
		if (r->before.failed)
			return !failed(s, TERCUME_ENOMEM);
	}
	r->units.len = 0;
	s->depth--;
	return true;
}

static bool
group_start(stream *s, xmlNodePtr g)
{
	reader *r = &s->r;
	scope *parent = &s->scopes[s->depth - 1];
	xmlNodePtr copy = NULL;
	bool pending = false;

	if (failed(s, xl_vstream_group(s->v, g)))
		return false;
	if (r->obsolete)
		;
	else if (xl_attr_ref(g, "id") && strcmp(xl_attr_ref(g, "id"), "empty") == 0 &&
		 g->properties->next == NULL && !r->skel_needed)
		pending = true;	/* tercume's own, if nothing comes in it */
	else {
		skel_need(r);
		copy = skel_copy(r, parent->skel, g, 2);
	}
	if (!push(s, g, copy))
		return false;
	s->scopes[s->depth - 1].empty_pending = pending;
	return !failed(s, TERCUME_OK);
}

static bool
on_start(void *user, xmlNodePtr n)
{
	stream *s = user;

	if (!s->root_seen) {
		s->root_seen = true;
		return root_start(s, n);
	}
	if (s->depth == 0) {
		if (is20(n, "file") && n->parent == xmlDocGetRootElement(n->doc))
			return file_start(s, n);
		return true;
	}
	if (n->parent != s->scopes[s->depth - 1].node || !(is20(n, "unit") || is20(n, "group")))
		return true;
	if (!head(s, n))
		return false;
	/* something in a <group id="empty">: the group is more than tercume's */
	copy_pending_group(s, &s->scopes[s->depth - 1]);
	if (is20(n, "group"))
		return group_start(s, n);
	return !failed(s, TERCUME_OK);
}

static bool
on_end(void *user, xmlNodePtr n, bool *drop)
{
	stream *s = user;
	reader *r = &s->r;
	scope *sc = s->depth ? &s->scopes[s->depth - 1] : NULL;

	if (sc && n == sc->node) {
		*drop = true;
		if (is20(n, "file"))
			return file_end(s);
		if (!head(s, NULL) || failed(s, xl_vstream_scope_end(s->v, n)))
			return false;
		s->depth--;
		return true;
	}
	if (sc == NULL && n->parent && n->parent->type == XML_DOCUMENT_NODE) {
		/* the root ends: text directly in it, which the schema refuses */
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (c->type != XML_ELEMENT_NODE && failed(s, xl_vstream_child(s->v, c)))
				return false;
		return true;
	}
	if (sc == NULL && n->parent == xmlDocGetRootElement(n->doc)) {
		/* not a <file>: the schema says whether it may be there */
		*drop = true;
		return !failed(s, xl_vstream_child(s->v, n));
	}
	if (sc == NULL || n->parent != sc->node || !is20(n, "unit"))
		return true;
	*drop = true;
	if (failed(s, xl_vstream_unit(s->v, n)) || failed(s, read_unit(r, n)))
		return false;
	/* the placeholder names the unit as its entries do */
	if (r->skel_needed && !r->obsolete)
		skel_placeholder(r, sc->skel, unit_entry_id(n));
	return !failed(s, TERCUME_OK);
}

/* The root element and the version it says, from the start of data: the
 * schema to validate with depends on it. */
static bool
on_root(void *user, xmlNodePtr n)
{
	(void)n;
	*(bool *)user = true;
	return false;
}

static tercume_status
version_of(const char *name, const char *data, size_t len, int *version, tercume_reporter *rep)
{
	bool got_root = false;
	tu_xml_hooks hooks = { &got_root, on_root, NULL };
	xmlDocPtr doc = NULL;
	tercume_status st = tu_xml_parse_stream(name, data, len, 0, NULL, &hooks, &doc, rep);
	const char *ns;

	if (got_root)
		st = xl_check_root(doc, name, 20, &ns, version, rep);
	xmlFreeDoc(doc);
	/* a document with no root at all is malformed: the parse said so */
	return st;
}

static tercume_status
xliff20_read(tercume_catalog **out, const char *name, const char *data, size_t len,
	     tu_entry_sink sink, void *user, tercume_reporter *rep)
{
	stream s = { 0 };
	tu_xml_hooks hooks = { &s, on_start, on_end };
	xmlDocPtr doc = NULL;
	tercume_status st;
	int version;

	*out = NULL;
	s.r.path = name;
	s.r.rep = rep;
	s.sink = sink;
	s.sink_user = user;
	s.first_file = true;
	if ((st = version_of(name, data, len, &version, rep)) != TERCUME_OK)
		return st;
	if ((s.v = xl_vstream_new(version, name, rep, &st)) == NULL)
		return st;
	st = xl_parse_stream(name, data, len, &hooks, &doc, rep);
	if (s.st != TERCUME_OK)
		st = s.st;	/* a hook stopped the parse */
	if (st == TERCUME_OK)
		st = xl_vstream_end(s.v);
	if (st == TERCUME_OK)
		st = skel_finish(&s.r);
	xmlFreeDoc(doc);
	xl_vstream_free(s.v);
	free(s.scopes);
	tu_buf_free(&s.r.units);
	tu_buf_free(&s.r.before);
	xmlFreeDoc(s.r.skel);
	tu_map_free(s.r.earlier);
	tercume_rich_builder_free(s.r.src);
	tercume_rich_builder_free(s.r.trg);
	tercume_rich_builder_free(s.r.prev);
	if (st != TERCUME_OK) {
		tercume_catalog_free(s.r.cat);
		return st;
	}
	*out = s.r.cat;
	return TERCUME_OK;
}

static tercume_status
xliff20_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
	      const char *path, tercume_reporter *rep)
{
	(void)path;
	return xliff20_read(out, name, data, len, NULL, NULL, rep);
}

/* xliff20_parse, every entry going to sink as its unit is read. */
static tercume_status
xliff20_parse_sink(tercume_catalog **out, const char *name, const char *data, size_t len,
		   const char *path, tu_entry_sink sink, void *user, bool *streamed,
		   tercume_reporter *rep)
{
	tercume_status st;

	(void)path;
	st = xliff20_read(out, name, data, len, sink, user, rep);
	*streamed = st == TERCUME_OK;
	return st;
}

/* ==== writing ===================================================== */

/* How one code of a text is written. */
typedef enum wkind {
	W_PH,		/* <ph/> */
	W_PC_START,	/* <pc> … */
	W_PC_END,	/* … </pc> */
	W_SC,		/* <sc/>: the start of a pair written as two elements */
	W_EC,		/* <ec/> */
	W_MRK_START,	/* <mrk> … */
	W_MRK_END,	/* … </mrk> */
	W_SM,		/* <sm/> */
	W_EM,		/* <em/> */
	W_DROP		/* a marker boundary without its other half */
} wkind;

typedef struct wcode {
	wkind kind;
	bool isolated;		/* W_SC/W_EC: no other half in the unit */
	size_t partner;		/* W_PC_END: the index of its start */
} wcode;

/* One text (a segment's source or target) of a unit being written. */
typedef struct wtext {
	const char *text;
	const tercume_code *codes;
	size_t n;
	wcode *w;
} wtext;

/* The data ids of a unit: original data -> id, kept ids first. */
typedef struct wdata {
	tu_map *by_content;	/* content -> index into ids */
	tu_map *used;		/* every id taken */
	char **ids, **content;
	size_t n, cap;
	size_t kept;		/* the first kept ones are in the kept <originalData> */
	size_t next;		/* for new ids: d1, d2, … */
	bool nomem;
} wdata;

typedef struct writer {
	xl_writer xw;
	const tercume_catalog *cat;
	const char *path;
	tercume_reporter *rep;
	tercume_status st;
	bool *done;		/* entries written */
	tu_map *live_units;	/* unit key -> first live entry */
	tu_map *dead_units;	/* the same for obsolete entries */
	tu_map *earlier;	/* unit ids of the files written before */
	char **here_ids;	/* unit ids of the file being written */
	size_t n_here, cap_here;
	const char *file_id;
	bool obsolete;
	bool mtc;		/* xmlns:mtc declared on the root */
} writer;

static void
wdata_free(wdata *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->ids[i]);
		free(d->content[i]);
	}
	free(d->ids);
	free(d->content);
	tu_map_free(d->by_content);
	tu_map_free(d->used);
	memset(d, 0, sizeof *d);
}

static size_t
wdata_add(wdata *d, const char *id, const char *content)
{
	size_t *slot;
	bool added;

	if (d->by_content == NULL)
		d->by_content = tu_map_new(16);
	if (d->used == NULL)
		d->used = tu_map_new(16);
	if (d->by_content == NULL || d->used == NULL) {
		d->nomem = true;
		return (size_t)-1;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		char **a = realloc(d->ids, cap * sizeof *a), **b;

		if (a == NULL) {
			d->nomem = true;
			return (size_t)-1;
		}
		d->ids = a;
		b = realloc(d->content, cap * sizeof *b);
		if (b == NULL) {
			d->nomem = true;
			return (size_t)-1;
		}
		d->content = b;
		d->cap = cap;
	}
	d->ids[d->n] = tu_strdup(id);
	d->content[d->n] = tu_strdup(content);
	if (!d->ids[d->n] || !d->content[d->n] || tu_map_slot(d->used, id, NULL) == NULL) {
		free(d->ids[d->n]);
		free(d->content[d->n]);
		d->nomem = true;
		return (size_t)-1;
	}
	slot = tu_map_slot(d->by_content, content, &added);
	if (slot == NULL) {
		d->nomem = true;
		return (size_t)-1;
	}
	if (added)
		*slot = d->n;
	return d->n++;
}

/* The id of the <data> holding content, made when there is none. */
static const char *
wdata_id(wdata *d, const char *content)
{
	size_t i;
	char id[32];

	if (content == NULL)
		return NULL;
	if (d->by_content && tu_map_get(d->by_content, content, &i))
		return d->ids[i];
	do
		snprintf(id, sizeof id, "d%zu", ++d->next);
	while (d->used && tu_map_get(d->used, id, NULL));
	i = wdata_add(d, id, content);
	return i == (size_t)-1 ? NULL : d->ids[i];
}

/* Decides how each code of t is written: a pair in one text, properly
 * nested, is one element (<pc>, <mrk>); the rest are <sc>/<ec>, <sm>/<em>. */
static bool
plan_text(wtext *t)
{
	size_t *stack = t->n ? malloc(t->n * sizeof *stack) : NULL;
	size_t depth = 0;

	t->w = t->n ? calloc(t->n, sizeof *t->w) : NULL;
	if (t->n && (stack == NULL || t->w == NULL)) {
		free(stack);
		return false;
	}
	for (size_t k = 0; k < t->n; k++) {
		const tercume_code *c = &t->codes[k];

		switch (c->kind) {
		case TERCUME_RUN_STANDALONE:
			t->w[k].kind = W_PH;
			break;
		case TERCUME_RUN_OPEN:
		case TERCUME_RUN_MARKER_START:
			t->w[k].kind = c->kind == TERCUME_RUN_OPEN ? W_SC : W_SM;
			stack[depth++] = k;
			break;
		case TERCUME_RUN_CLOSE:
		case TERCUME_RUN_MARKER_END: {
			bool marker = c->kind == TERCUME_RUN_MARKER_END;
			size_t j = depth;

			t->w[k].kind = marker ? W_EM : W_EC;
			while (j > 0) {
				const tercume_code *o = &t->codes[stack[j - 1]];

				if ((o->kind == TERCUME_RUN_MARKER_START) == marker &&
				    strcmp(o->id, c->id) == 0)
					break;
				j--;
			}
			if (j == 0)
				break;
			if (j == depth) {
				/* the innermost open one: an element around the text */
				t->w[stack[j - 1]].kind = marker ? W_MRK_START : W_PC_START;
				t->w[k].kind = marker ? W_MRK_END : W_PC_END;
				t->w[k].partner = stack[j - 1];
			}
			/* crossing: both stay <sc>/<ec> (<sm>/<em>) */
			memmove(stack + j - 1, stack + j, (depth - j) * sizeof *stack);
			depth--;
			break;
		}
		case TERCUME_RUN_ISOLATED_OPEN:
			t->w[k].kind = W_SC;
			break;
		case TERCUME_RUN_ISOLATED_CLOSE:
			t->w[k].kind = W_EC;
			break;
		case TERCUME_RUN_TEXT:
			break;
		}
	}
	free(stack);
	return true;
}

/* Across the texts of one side of a unit, in order: an <sc> whose <ec>
 * does not follow is isolated, so is an <ec> without an <sc> before it;
 * a marker boundary without its other half is left out. */
static bool
plan_side(wtext **texts, size_t n)
{
	tu_map *seen = tu_map_new(16);
	bool ok = seen != NULL;

	for (size_t pass = 0; pass < 2 && ok; pass++) {
		/* pass 0 forwards: closings after their opening; pass 1
		 * backwards: openings before their closing */
		tu_map_free(seen);
		seen = tu_map_new(16);
		ok = seen != NULL;
		for (size_t ti = 0; ti < n && ok; ti++) {
			wtext *t = texts[pass ? n - 1 - ti : ti];

			for (size_t kk = 0; kk < t->n && ok; kk++) {
				size_t k = pass ? t->n - 1 - kk : kk;
				wcode *w = &t->w[k];
				const char *id = t->codes[k].id;
				char key[8];
				tu_buf b = TU_BUF_INIT;
				bool opening = w->kind == W_SC || w->kind == W_SM;
				bool closing = w->kind == W_EC || w->kind == W_EM;

				if (!opening && !closing)
					continue;
				snprintf(key, sizeof key, "%c", w->kind == W_SC || w->kind == W_EC ?
					 'c' : 'm');
				tu_buf_puts(&b, key);
				tu_buf_puts(&b, id);
				if (b.failed) {
					ok = false;
					break;
				}
				if (pass == 0 && opening)
					ok = tu_map_slot(seen, b.data, NULL) != NULL;
				else if (pass == 0 && closing && !tu_map_get(seen, b.data, NULL))
					w->isolated = true;
				else if (pass == 1 && closing)
					ok = tu_map_slot(seen, b.data, NULL) != NULL;
				else if (pass == 1 && opening && !tu_map_get(seen, b.data, NULL))
					w->isolated = true;
				tu_buf_free(&b);
			}
		}
	}
	tu_map_free(seen);
	for (size_t ti = 0; ti < n; ti++)
		for (size_t k = 0; k < texts[ti]->n; k++)
			if ((texts[ti]->w[k].kind == W_SM || texts[ti]->w[k].kind == W_EM) &&
			    texts[ti]->w[k].isolated)
				texts[ti]->w[k].kind = W_DROP;
	return ok;
}

static void
put_hint(tu_buf *b, const char *name, tercume_hint h, tercume_hint dflt)
{
	static const char *const words[] = { NULL, "yes", "no", "firstNo" };

	if (h != TERCUME_HINT_UNSET && h != dflt)
		xl_put_attr(b, name, words[h]);
}

/* XLIFF 2's code types, and a subType only where the spec allows it. */
static void
put_type(tu_buf *b, const tercume_code *c)
{
	static const char *const types = " fmt ui quote link image other ";
	char key[32];
	const char *type = c->type, *sub = c->subtype;
	bool type_ok = false;

	if (type && strlen(type) < sizeof key - 2) {
		snprintf(key, sizeof key, " %s ", type);
		type_ok = strstr(types, key) != NULL;
	}
	if (sub && (strchr(sub, ':') == NULL || sub[0] == ':'))
		sub = NULL;	/* a subType is prefix:value */
	if (sub && strncmp(sub, "xlf:", 4) == 0) {
		const char *want = strcmp(sub, "xlf:var") == 0 ? "ui" : "fmt";

		if (strstr(" xlf:lb xlf:pb xlf:b xlf:i xlf:u xlf:var ", sub) == NULL)
			sub = NULL;
		else if (!type_ok || strcmp(type, want) != 0) {
			type = want;
			type_ok = true;
		}
	}
	if (sub && !type_ok) {
		type = "other";
		type_ok = true;
	}
	if (type_ok)
		xl_put_attr(b, "type", type);
	xl_put_attr(b, "subType", sub);
}

static bool
extra_ok(void *user, const char *name, const char *value)
{
	(void)user;
	(void)value;
	/* attributes of other namespaces, and the core ones without a field */
	return strchr(name, ':') != NULL || strcmp(name, "copyOf") == 0 ||
	       strcmp(name, "subFlows") == 0 || strcmp(name, "subFlowsStart") == 0 ||
	       strcmp(name, "subFlowsEnd") == 0 || strcmp(name, "dir") == 0;
}

/* A code's extra, when it is a well-formed list of attributes XLIFF 2 may
 * carry (an XLIFF 1.2 code's ctype, say, is not). */
/* Each attribute of extra that XLIFF 2 may carry; a namespaced one after
 * its declaration (which comes first in a kept extra). */
static bool
put_one(void *user, const char *name, const char *value)
{
	if (extra_ok(NULL, name, value) || strncmp(name, "xmlns:", 6) == 0)
		xl_put_attr(user, name, value);
	return true;
}

static void
put_extra(tu_buf *b, const char *extra)
{
	if (extra)
		xl_extra_each(extra, put_one, b);
}

/* Text with the characters XML cannot carry as <cp>. */
static void
put_text(tu_buf *b, const char *s, size_t n)
{
	size_t i = 0, start = 0;

	while (i < n) {
		size_t at = i;
		UChar32 c = tu_utf8_next(s, n, &i);

		if (xl_xml_char_ok(c))
			continue;
		xl_escape(b, s + start, at - start, false);
		tu_buf_printf(b, "<cp hex=\"%04X\"/>", (unsigned)c);
		start = i;
	}
	xl_escape(b, s + start, n - start, false);
}

static void
put_code(tu_buf *b, const wtext *t, size_t k, wdata *d)
{
	const tercume_code *c = &t->codes[k];
	const wcode *w = &t->w[k];

	switch (w->kind) {
	case W_PH:
		tu_buf_puts(b, "<ph");
		xl_put_attr(b, "id", c->id);
		put_hint(b, "canCopy", c->can_copy, TERCUME_HINT_YES);
		put_hint(b, "canDelete", c->can_delete, TERCUME_HINT_YES);
		put_hint(b, "canReorder", c->can_reorder, TERCUME_HINT_YES);
		put_type(b, c);
		xl_put_attr(b, "disp", c->display);
		xl_put_attr(b, "equiv", c->equiv);
		xl_put_attr(b, "dataRef", wdata_id(d, c->data));
		put_extra(b, c->extra);
		tu_buf_puts(b, "/>");
		break;
	case W_PC_START: {
		/* the closing code's data, display and equiv go on the <pc> */
		const tercume_code *e = NULL;

		for (size_t j = k + 1; j < t->n; j++)
			if (t->w[j].kind == W_PC_END && t->w[j].partner == k) {
				e = &t->codes[j];
				break;
			}
		tu_buf_puts(b, "<pc");
		xl_put_attr(b, "id", c->id);
		put_hint(b, "canCopy", c->can_copy, TERCUME_HINT_YES);
		put_hint(b, "canDelete", c->can_delete, TERCUME_HINT_YES);
		put_hint(b, "canOverlap", c->can_overlap, TERCUME_HINT_NO);
		put_hint(b, "canReorder", c->can_reorder, TERCUME_HINT_YES);
		put_type(b, c);
		xl_put_attr(b, "dispStart", c->display);
		xl_put_attr(b, "dispEnd", e ? e->display : NULL);
		xl_put_attr(b, "equivStart", c->equiv);
		xl_put_attr(b, "equivEnd", e ? e->equiv : NULL);
		xl_put_attr(b, "dataRefStart", wdata_id(d, c->data));
		xl_put_attr(b, "dataRefEnd", e ? wdata_id(d, e->data) : NULL);
		put_extra(b, c->extra);
		tu_buf_putc(b, '>');
		break;
	}
	case W_PC_END:
		tu_buf_puts(b, "</pc>");
		break;
	case W_SC:
	case W_EC: {
		/* a pair's hints are the opening code's, on both halves */
		const tercume_code *h = c;
		bool sc = w->kind == W_SC;

		if (!sc && !w->isolated)
			for (size_t j = k; j-- > 0;)
				if (t->w[j].kind == W_SC && strcmp(t->codes[j].id, c->id) == 0) {
					h = &t->codes[j];
					break;
				}
		tu_buf_puts(b, sc ? "<sc" : "<ec");
		if (sc || w->isolated)
			xl_put_attr(b, "id", c->id);
		else
			xl_put_attr(b, "startRef", c->id);
		if (w->isolated)
			xl_put_attr(b, "isolated", "yes");
		put_hint(b, "canCopy", h->can_copy, TERCUME_HINT_YES);
		put_hint(b, "canDelete", h->can_delete, TERCUME_HINT_YES);
		put_hint(b, "canOverlap", h->can_overlap, TERCUME_HINT_YES);
		put_hint(b, "canReorder", h->can_reorder == TERCUME_HINT_FIRST_NO && !sc ?
			 TERCUME_HINT_NO : h->can_reorder, TERCUME_HINT_YES);
		put_type(b, c);
		xl_put_attr(b, "disp", c->display);
		xl_put_attr(b, "equiv", c->equiv);
		xl_put_attr(b, "dataRef", wdata_id(d, c->data));
		/* module attributes (fs, slr) stay off a paired <ec> */
		if (sc || w->isolated)
			put_extra(b, c->extra);
		tu_buf_puts(b, "/>");
		break;
	}
	case W_MRK_START:
	case W_SM: {
		static const char *const yn[] = { NULL, "yes", "no", "no" };

		tu_buf_puts(b, w->kind == W_SM ? "<sm" : "<mrk");
		xl_put_attr(b, "id", c->id);
		xl_put_attr(b, "translate", yn[c->translate]);
		xl_put_attr(b, "type", c->type);
		xl_put_attr(b, "ref", c->ref);
		xl_put_attr(b, "value", c->value);
		put_extra(b, c->extra);
		tu_buf_puts(b, w->kind == W_SM ? "/>" : ">");
		break;
	}
	case W_MRK_END:
		tu_buf_puts(b, "</mrk>");
		break;
	case W_EM:
		tu_buf_puts(b, "<em");
		xl_put_attr(b, "startRef", c->id);
		tu_buf_puts(b, "/>");
		break;
	case W_DROP:
		break;
	}
}

/* The inline content of a planned text. */
static void
put_inline(tu_buf *b, const wtext *t, wdata *d)
{
	tercume_runs it;
	tercume_run run;

	tercume_runs_init(&it, t->text, t->codes, t->n);
	while (tercume_runs_next(&it, &run)) {
		if (run.kind == TERCUME_RUN_TEXT)
			put_text(b, run.text, run.len);
		else
			put_code(b, t, run.index, d);
	}
}

/* Collects the data ids a text will use (so that <originalData> can be
 * written before the segments). */
static void
take_data(const wtext *t, wdata *d)
{
	for (size_t k = 0; k < t->n; k++)
		if (t->w[k].kind != W_DROP && t->w[k].kind != W_PC_END)
			wdata_id(d, t->codes[k].data);
		else if (t->w[k].kind == W_PC_END)
			wdata_id(d, t->codes[k].data);
}

static void
write_inline(writer *w, const char *element, const xmlNode *kept, const wtext *t, wdata *d)
{
	tu_buf b = TU_BUF_INIT;

	xl_start(&w->xw, element);
	for (const xmlAttr *a = kept ? kept->properties : NULL; a; a = a->next) {
		xmlChar *v = xmlNodeListGetString(a->doc, a->children, 1);
		char qn[256];

		if (a->ns && a->ns->prefix)
			snprintf(qn, sizeof qn, "%s:%s", (const char *)a->ns->prefix,
				 (const char *)a->name);
		else
			snprintf(qn, sizeof qn, "%s", (const char *)a->name);
		xl_attr_put(&w->xw, qn, v ? (const char *)v : "");
		xmlFree(v);
	}
	put_inline(&b, t, d);
	if (b.failed)
		w->st = TERCUME_ENOMEM;
	xl_raw(&w->xw, b.data ? b.data : "", b.len);
	tu_buf_free(&b);
	xl_end(&w->xw);
}

static void
write_one_data(writer *w, const char *id, const char *content, const xmlNode *kept)
{
	tu_buf b = TU_BUF_INIT;

	xl_start(&w->xw, "data");
	xl_attr_put(&w->xw, "id", id);
	for (const xmlAttr *a = kept ? kept->properties : NULL; a; a = a->next) {
		xmlChar *v;
		char qn[256];

		if (a->ns == NULL && strcmp((const char *)a->name, "id") == 0)
			continue;
		v = xmlNodeListGetString(a->doc, a->children, 1);
		snprintf(qn, sizeof qn, "%s%s%s", a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
			 a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
		xl_attr_put(&w->xw, qn, v ? (const char *)v : "");
		xmlFree(v);
	}
	/* escaped as every other text tercume writes, so that a kept <data>
	 * comes out the same the next time */
	put_text(&b, content, strlen(content));
	if (b.failed)
		w->st = TERCUME_ENOMEM;
	xl_raw(&w->xw, b.data ? b.data : "", b.len);
	tu_buf_free(&b);
	xl_end(&w->xw);
}

static void
write_data(writer *w, wdata *d, const xmlNode *kept_od)
{
	size_t i = 0;

	if (d->n == 0 && kept_od == NULL)
		return;
	xl_start(&w->xw, "originalData");
	for (const xmlNode *c = kept_od ? kept_od->children : NULL; c; c = c->next)
		if (is20(c, "data") && xl_attr_ref(c, "id") && i < d->kept) {
			write_one_data(w, d->ids[i], d->content[i], c);
			i++;
		}
	for (i = d->kept; i < d->n; i++)
		write_one_data(w, d->ids[i], d->content[i], NULL);
	xl_end(&w->xw);
}

/* The <data> of a kept <originalData>: their ids and contents come first,
 * so that the codes that still hold that data keep its id. */
static void
wdata_keep(writer *w, wdata *d, const xmlNode *od)
{
	for (const xmlNode *c = od ? od->children : NULL; c; c = c->next) {
		const char *id = is20(c, "data") ? xl_attr_ref(c, "id") : NULL;
		char *text = NULL;
		tercume_reporter quiet = { NULL, NULL, 0, 0 };

		if (id == NULL)
			continue;
		/* one entry per kept <data>, in order (write_data walks them alike) */
		if (xl_text(c, true, true, w->path, &quiet, &text) != TERCUME_OK) {
			free(text);
			text = NULL;
		}
		wdata_add(d, id, text ? text : "");
		free(text);
	}
	d->kept = d->n;
	if (d->nomem)
		w->st = TERCUME_ENOMEM;
}

static void
write_note(xl_writer *xw, const char *category, const char *text)
{
	xl_start(xw, "note");
	xl_attr_put(xw, "category", category);
	xl_text_put(xw, text);
	xl_end(xw);
}

/* A unit's entries: the first, how many, and their unit id and segment ids. */
typedef struct wunit {
	const tercume_entry **e;
	size_t n;
	const char *unit_id;	/* borrowed from the first entry's ID */
	char *owned_unit_id;
	const char *file;	/* the file prefix of the IDs, or NULL */
} wunit;

static const char *
seg_of_entry(const char *id)
{
	return id_parts(id).seg;
}

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static void
set_text(wtext *t, const char *text, const tercume_code *codes, size_t n)
{
	t->text = text ? text : "";
	t->codes = codes;
	t->n = n;
	t->w = NULL;
}

/* Writes the notes of a unit: the kept ones when the entries still say
 * what they said, else the kept ones that the changed fields do not come
 * from and tercume's notes for those fields. */
static void
write_notes(writer *w, const wunit *u, const xmlNode *kept)
{
	const tercume_entry *e = u->e[0];
	char *ctx = NULL, *ref = NULL, *com = NULL;
	const char *want_ctx = e->context, *want_ref = e->reference, *want_com = e->comment;
	bool same_ctx, same_ref, same_com, any = false;
	reader quiet_r = { 0 };
	tercume_reporter quiet = { NULL, NULL, 0, 0 };

	quiet_r.path = w->path;
	quiet_r.rep = &quiet;
	if (kept)
		notes_fields(&quiet_r, kept, &ctx, &ref, &com);
	/* an edit in any entry of the unit counts */
	for (size_t i = 1; i < u->n; i++) {
		if (str_eq(want_ctx, ctx) && !str_eq(u->e[i]->context, ctx))
			want_ctx = u->e[i]->context;
		if (str_eq(want_ref, ref) && !str_eq(u->e[i]->reference, ref))
			want_ref = u->e[i]->reference;
		if (str_eq(want_com, com) && !str_eq(u->e[i]->comment, com))
			want_com = u->e[i]->comment;
	}
	same_ctx = str_eq(want_ctx, ctx);
	same_ref = str_eq(want_ref, ref);
	same_com = str_eq(want_com, com);
	for (const xmlNode *c = kept ? kept->children : NULL; c; c = c->next) {
		const char *cat;
		bool keep;

		if (!is20(c, "note"))
			continue;
		cat = xl_attr_ref(c, "category");
		keep = cat && strcmp(cat, "context") == 0 ? same_ctx :
		       cat && strcmp(cat, "reference") == 0 ? same_ref : same_com;
		if (keep) {
			if (!any)
				xl_start(&w->xw, "notes");
			any = true;
			xl_node_put(&w->xw, c);
		}
	}
	if ((!same_ctx && want_ctx) || (!same_ref && want_ref) || (!same_com && want_com) ||
	    (!kept && (want_ctx || want_ref || want_com))) {
		if (!any)
			xl_start(&w->xw, "notes");
		any = true;
		if (want_ctx && (!same_ctx || !kept))
			write_note(&w->xw, "context", want_ctx);
		if (want_ref && (!same_ref || !kept))
			write_note(&w->xw, "reference", want_ref);
		if (want_com && (!same_com || !kept))
			write_note(&w->xw, "translator", want_com);
	}
	if (any)
		xl_end(&w->xw);
	free(ctx);
	free(ref);
	free(com);
}

/* The state attributes of a segment: tercume's, or the kept ones when
 * they still say what the entry says (another tool's subState stays). */
static void
write_state(writer *w, const tercume_entry *e, const xmlNode *kept_seg)
{
	const char *state, *sub;
	const char *kstate = kept_seg ? xl_attr_ref(kept_seg, "state") : NULL;
	const char *ksub = kept_seg ? xl_attr_ref(kept_seg, "subState") : NULL;

	if (ksub && xl_substate_fuzzy(ksub) &&
	    strncmp(ksub, XL_SUBSTATE_PREFIX, strlen(XL_SUBSTATE_PREFIX)) != 0) {
		/* Poedit's "needs work" (state="translated"
		 * subState="poedit:fuzzy") read as fuzzy: written back as it was
		 * while the entry is fuzzy; an entry no longer fuzzy loses it */
		if (e->state == TERCUME_STATE_FUZZY && xl_target(e) && kstate &&
		    xl_state20_valid(kstate) &&
		    xl_state_from20(kstate, true) == TERCUME_STATE_TRANSLATED) {
			xl_attr_put(&w->xw, "state", kstate);
			xl_attr_put(&w->xw, "subState", ksub);
			return;
		}
		if (e->state != TERCUME_STATE_FUZZY)
			ksub = NULL;
	}
	xl_state_to20(e, &state, &sub);
	xl_attr_put(&w->xw, "state", state);
	if (ksub && kstate && strcmp(kstate, state) == 0 &&
	    strncmp(ksub, XL_SUBSTATE_PREFIX, strlen(XL_SUBSTATE_PREFIX)) != 0 &&
	    (sub == NULL || strcmp(sub, "fuzzy") == 0)) {
		xl_attr_put(&w->xw, "subState", ksub);
	} else if (sub) {
		char v[64];

		snprintf(v, sizeof v, "%s%s", XL_SUBSTATE_PREFIX, sub);
		xl_attr_put(&w->xw, "subState", v);
	}
}

/* The match tercume keeps a fuzzy entry's previous source in. */
static void
write_match(writer *w, const tercume_entry *e, const char *seg_id)
{
	wtext prev, cur;
	wdata d = { 0 };
	char ref[256];
	const char *target = xl_target(e);

	set_text(&prev, e->previous_source, e->previous_codes, e->n_previous_codes);
	set_text(&cur, target ? target : "", target ? e->target_codes : NULL,
		 target ? e->n_target_codes : 0);
	wtext *pp = &prev, *pc = &cur;

	if (!plan_text(&prev) || !plan_text(&cur) || !plan_side(&pp, 1) || !plan_side(&pc, 1)) {
		w->st = TERCUME_ENOMEM;
		goto out;
	}
	take_data(&prev, &d);
	take_data(&cur, &d);
	xl_start(&w->xw, "mtc:match");
	snprintf(ref, sizeof ref, "#%s", seg_id);
	xl_attr_put(&w->xw, "ref", ref);
	if (e->match_score > 0) {
		char q[16];

		snprintf(q, sizeof q, "%d", e->match_score);
		xl_attr_put(&w->xw, "similarity", q);
	}
	/* subType needs a type (XLIFF 2.1 §5.1.7.8) */
	xl_attr_put(&w->xw, "type", "other");
	xl_attr_put(&w->xw, "subType", XL_PREVIOUS_SUBTYPE);
	write_data(w, &d, NULL);
	write_inline(w, "source", NULL, &prev, &d);
	write_inline(w, "target", NULL, &cur, &d);
	xl_end(&w->xw);
	if (d.nomem)
		w->st = TERCUME_ENOMEM;
out:
	free(prev.w);
	free(cur.w);
	wdata_free(&d);
}

/* The id of the k-th (1-based) segment entry of u, as written. */
static const char *
seg_id_of(const wunit *u, size_t k, char *buf, size_t size)
{
	const char *s = u->n > 1 ? seg_of_entry(u->e[k]->id) : NULL;

	if (s && s[0] != '#')
		return s;
	if (u->e[k]->previous_source == NULL)
		return NULL;	/* only a match's ref needs one */
	snprintf(buf, size, u->n == 1 ? "s1" : "tercume-s%zu", k + 1);
	return buf;
}

/* The codes of a kept ignorable's <source> or <target>, planned (its own
 * copies of text and codes, freed by the caller). */
static bool
read_kept_inline(writer *w, const xmlNode *st, wtext *t)
{
	tercume_rich_builder *b = tercume_rich_builder_new();
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	reader r = { 0 };
	datamap dm = { 0 };
	const tercume_code *codes;
	size_t n, len;
	const char *text;
	bool ok;

	r.path = w->path;
	r.rep = &quiet;
	if (b == NULL)
		return false;
	if (read_inline(&r, st, b, &dm) != TERCUME_OK)
		tercume_rich_builder_clear(b);
	text = tercume_rich_builder_text(b, &len);
	codes = tercume_rich_builder_codes(b, &n);
	t->text = tu_strndup(text, len);
	t->n = 0;
	t->codes = NULL;
	ok = t->text && tu_codes_dup((tercume_code **)&t->codes, codes, n) == TERCUME_OK;
	if (ok)
		t->n = n;
	tercume_rich_builder_free(b);
	return ok && plan_text(t);
}

/* Writes a unit from its entries (and its kept XML, when it has some). */
static void
write_unit(writer *w, const wunit *u)
{
	xmlDocPtr kd = NULL;
	xmlNodePtr kept = u->e[0]->format_data ? xl_parse_kept(u->e[0]->format_data, &kd) : NULL;
	const xmlNode *kept_od = NULL;
	const xmlNode **kseg = NULL;	/* the kept segment of each entry */
	wtext *src = calloc(u->n + 1, sizeof *src), *trg = calloc(u->n + 1, sizeof *trg);
	wdata d = { 0 };
	bool any_previous = false, matches_written = false, notes_written = false;
	bool data_written = false;
	size_t nkseg = 0, nign = 0, nign_read = 0, nparts = 0;
	wtext **psrc = NULL, **ptrg = NULL, *ign = NULL, ign_empty = { "", NULL, 0, NULL };

	if (kept && !(is20(kept, "unit"))) {
		xl_entry_warning(w->rep, w->cat, u->e[0], w->path, "unit '%s': its kept XML is "
				 "not an XLIFF 2 unit, and is left out", u->unit_id);
		kept = NULL;
	} else if (u->e[0]->format_data && kept == NULL) {
		xl_entry_warning(w->rep, w->cat, u->e[0], w->path, "unit '%s': its kept XML is "
				 "not well-formed, and is left out", u->unit_id);
	}
	kseg = calloc(u->n + 1, sizeof *kseg);
	if (src == NULL || trg == NULL || kseg == NULL) {
		w->st = TERCUME_ENOMEM;
		goto out;
	}
	if (kept) {
		size_t segments = 0, k = 0;

		for (const xmlNode *c = kept->children; c; c = c->next) {
			if (is20(c, "ignorable"))
				nign++;
			if (is20(c, "segment"))
				segments++;
			else if (is20(c, "originalData"))
				kept_od = c;
		}
		for (const xmlNode *c = kept->children; c; c = c->next) {
			char *id;

			if (!is20(c, "segment"))
				continue;
			k++;
			id = segment_entry_id(u->file, u->unit_id, xl_attr_ref(c, "id"), k, segments);
			for (size_t i = 0; id && i < u->n; i++)
				if (kseg[i] == NULL && strcmp(u->e[i]->id, id) == 0) {
					kseg[i] = c;
					nkseg++;
					break;
				}
			free(id);
		}
	}
	for (size_t i = 0; i < u->n; i++) {
		const char *t = xl_target(u->e[i]);

		set_text(&src[i], u->e[i]->source, u->e[i]->source_codes, u->e[i]->n_source_codes);
		set_text(&trg[i], t ? t : "", t ? u->e[i]->target_codes : NULL,
			 t ? u->e[i]->n_target_codes : 0);
		if (!plan_text(&src[i]) || !plan_text(&trg[i])) {
			w->st = TERCUME_ENOMEM;
			goto out;
		}
		any_previous |= u->e[i]->previous_source != NULL;
	}
	/* the parts of the unit in order (kept ignorables among them, whose
	 * codes pair with the segments'), for pairing codes across them */
	psrc = calloc(u->n + nign + 1, sizeof *psrc);
	ptrg = calloc(u->n + nign + 1, sizeof *ptrg);
	ign = calloc(2 * nign + 1, sizeof *ign);
	if (!psrc || !ptrg || !ign) {
		w->st = TERCUME_ENOMEM;
		goto out;
	}
	for (const xmlNode *c = kept ? kept->children : NULL; c; c = c->next) {
		if (is20(c, "segment")) {
			for (size_t i = 0; i < u->n; i++)
				if (kseg[i] == c) {
					psrc[nparts] = &src[i];
					ptrg[nparts++] = &trg[i];
				}
		} else if (is20(c, "ignorable")) {
			for (const xmlNode *st = c->children; st; st = st->next) {
				wtext *t;

				if (!is20(st, "source") && !is20(st, "target"))
					continue;
				t = &ign[nign_read++];
				if (!read_kept_inline(w, st, t)) {
					w->st = TERCUME_ENOMEM;
					goto out;
				}
				if (is20(st, "source"))
					psrc[nparts] = t;
				else
					ptrg[nparts] = t;
			}
			if (psrc[nparts] == NULL)
				psrc[nparts] = &ign_empty;
			if (ptrg[nparts] == NULL)
				ptrg[nparts] = &ign_empty;
			nparts++;
		}
	}
	for (size_t i = 0; i < u->n; i++)
		if (kseg[i] == NULL) {
			psrc[nparts] = &src[i];
			ptrg[nparts++] = &trg[i];
		}
	if (!plan_side(psrc, nparts) || !plan_side(ptrg, nparts)) {
		w->st = TERCUME_ENOMEM;
		goto out;
	}
	wdata_keep(w, &d, kept_od);
	for (size_t i = 0; i < u->n; i++) {
		take_data(&src[i], &d);
		take_data(&trg[i], &d);
	}
	if (d.nomem) {
		w->st = TERCUME_ENOMEM;
		goto out;
	}

	xl_start(&w->xw, "unit");
	if (kept ? nmtoken(u->unit_id, strlen(u->unit_id)) : plain_unit_id(u->unit_id)) {
		/* another tool's unit keeps its id, whatever it is */
		xl_attr_put(&w->xw, "id", u->unit_id);
	} else {
		/* an ID from another format that XLIFF 2 cannot have as an id,
		 * or an all-digit content ID */
		char hid[16];

		hashed_id(u->unit_id, hid);
		xl_attr_put(&w->xw, "id", hid);
		xl_attr_put(&w->xw, "name", u->unit_id);
	}
	if (kept) {
		for (const xmlNs *ns = kept->nsDef; ns; ns = ns->next) {
			char qn[256];

			if (ns->prefix == NULL || (strcmp((const char *)ns->prefix, "mtc") == 0 && w->mtc))
				continue;
			snprintf(qn, sizeof qn, "xmlns:%s", (const char *)ns->prefix);
			xl_attr_put(&w->xw, qn, (const char *)ns->href);
		}
		for (const xmlAttr *a = kept->properties; a; a = a->next) {
			xmlChar *v;
			char qn[256];

			if (a->ns == NULL && (strcmp((const char *)a->name, "id") == 0 ||
					      (strcmp((const char *)a->name, "name") == 0 &&
					       !nmtoken(u->unit_id, strlen(u->unit_id)))))
				continue;
			v = xmlNodeListGetString(a->doc, a->children, 1);
			if (a->ns && a->ns->prefix)
				snprintf(qn, sizeof qn, "%s:%s", (const char *)a->ns->prefix,
					 (const char *)a->name);
			else
				snprintf(qn, sizeof qn, "%s", (const char *)a->name);
			xl_attr_put(&w->xw, qn, v ? (const char *)v : "");
			xmlFree(v);
		}
	}
	/* matches first: they are among the unit's leading module elements */
	if (any_previous) {
		const xmlNode *kept_matches = NULL;
		char buf[64];

		for (const xmlNode *c = kept ? kept->children : NULL; c; c = c->next)
			if (xl_is(c, XL_NS_MTC, "matches"))
				kept_matches = c;
		xl_start(&w->xw, "mtc:matches");
		for (size_t i = 0; i < u->n; i++)
			if (u->e[i]->previous_source) {
				const char *sid = kseg[i] && xl_attr_ref(kseg[i], "id") ?
						  xl_attr_ref(kseg[i], "id") : seg_id_of(u, i, buf, sizeof buf);

				write_match(w, u->e[i], sid);
			}
		for (const xmlNode *m = kept_matches ? kept_matches->children : NULL; m; m = m->next)
			if (is_elem(m))
				xl_node_put(&w->xw, m);
		xl_end(&w->xw);
		matches_written = true;
	}
	for (const xmlNode *c = kept ? kept->children : NULL; c; c = c->next) {
		if (xl_is(c, XL_NS_MTC, "matches")) {
			if (!matches_written)
				xl_node_put(&w->xw, c);
			matches_written = true;
		} else if (is20(c, "notes")) {
			write_notes(w, u, c);
			notes_written = true;
		} else if (is20(c, "originalData")) {
			if (!notes_written)
				write_notes(w, u, NULL);
			notes_written = true;
			write_data(w, &d, c);
			data_written = true;
		} else if (is20(c, "segment") || is20(c, "ignorable")) {
			if (!notes_written)
				write_notes(w, u, NULL);
			notes_written = true;
			if (!data_written)
				write_data(w, &d, NULL);
			data_written = true;
			if (is20(c, "ignorable")) {
				xl_node_put(&w->xw, c);
				continue;
			}
			for (size_t i = 0; i < u->n; i++) {
				const xmlNode *ks, *ksrc = NULL, *ktrg = NULL;

				if (kseg[i] != c)
					continue;
				ks = c;
				for (const xmlNode *d2 = ks->children; d2; d2 = d2->next) {
					if (is20(d2, "source"))
						ksrc = d2;
					else if (is20(d2, "target"))
						ktrg = d2;
				}
				xl_start(&w->xw, "segment");
				for (const xmlAttr *a = ks->properties; a; a = a->next) {
					xmlChar *v;

					if (a->ns || strcmp((const char *)a->name, "state") == 0 ||
					    strcmp((const char *)a->name, "subState") == 0)
						continue;
					v = xmlNodeListGetString(a->doc, a->children, 1);
					xl_attr_put(&w->xw, (const char *)a->name, v ? (const char *)v : "");
					xmlFree(v);
				}
				write_state(w, u->e[i], ks);
				write_inline(w, "source", ksrc, &src[i], &d);
				/* a kept empty <target/> stays */
				if (xl_target(u->e[i]) || (ktrg && !u->e[i]->target)) {
					if (ktrg)
						write_inline(w, "target", ktrg, &trg[i], &d);
					else {
						/* a new target has its source's xml:space */
						const char *sp = ksrc ? xl_attr_ns(ksrc, XL_NS_XML, "space") : NULL;

						xl_start(&w->xw, "target");
						if (sp)
							xl_attr_put(&w->xw, "xml:space", sp);
						{
							tu_buf b = TU_BUF_INIT;

							put_inline(&b, &trg[i], &d);
							xl_raw(&w->xw, b.data ? b.data : "", b.len);
							if (b.failed)
								w->st = TERCUME_ENOMEM;
							tu_buf_free(&b);
						}
						xl_end(&w->xw);
					}
				}
				xl_end(&w->xw);
			}
		} else if (is_elem(c) || c->type == XML_COMMENT_NODE) {
			xl_node_put(&w->xw, c);
		}
	}
	if (!notes_written)
		write_notes(w, u, NULL);
	if (!data_written)
		write_data(w, &d, NULL);
	/* the segments that have no kept one: all of them, for a unit tercume
	 * made */
	for (size_t i = 0; i < u->n; i++) {
		char buf[64];
		const char *sid;

		if (kseg[i])
			continue;
		sid = seg_id_of(u, i, buf, sizeof buf);
		xl_start(&w->xw, "segment");
		if (sid)
			xl_attr_put(&w->xw, "id", sid);
		write_state(w, u->e[i], NULL);
		write_inline(w, "source", NULL, &src[i], &d);
		if (xl_target(u->e[i]))
			write_inline(w, "target", NULL, &trg[i], &d);
		xl_end(&w->xw);
	}
	xl_end(&w->xw);
	if (d.nomem)
		w->st = TERCUME_ENOMEM;
out:
	for (size_t i = 0; src && trg && i < u->n; i++) {
		free(src[i].w);
		free(trg[i].w);
	}
	for (size_t i = 0; ign && i < nign_read; i++) {
		free(ign[i].w);
		tu_codes_free((tercume_code *)ign[i].codes, ign[i].n);
		free((char *)ign[i].text);
	}
	free(ign);
	free(psrc);
	free(ptrg);
	free(src);
	free(trg);
	free(kseg);
	wdata_free(&d);
	xmlFreeDoc(kd);
}

/* The key entries of one unit share: the ID up to its segment part. */
static char *
unit_key(const char *id)
{
	idparts p = id_parts(id);

	return tu_strndup(id, (size_t)(p.unit - id) + p.unit_len);
}

/* Writes the unit whose entries start at index first (not yet written). */
static void
write_unit_at(writer *w, size_t first)
{
	size_t count = tercume_catalog_count(w->cat), n = 0;
	const tercume_entry *e0 = tercume_catalog_entry(w->cat, first);
	bool dead = e0->state == TERCUME_STATE_OBSOLETE;
	char *key = unit_key(e0->id);
	wunit u = { 0 };
	const char *eq;

	if (key == NULL) {
		w->st = TERCUME_ENOMEM;
		return;
	}
	u.e = malloc((count - first) * sizeof *u.e);
	if (u.e == NULL) {
		free(key);
		w->st = TERCUME_ENOMEM;
		return;
	}
	for (size_t i = first; i < count; i++) {
		const tercume_entry *e = tercume_catalog_entry(w->cat, i);
		char *k;

		if (w->done[i] || (e->state == TERCUME_STATE_OBSOLETE) != dead)
			continue;
		k = unit_key(e->id);
		if (k == NULL || strcmp(k, key) != 0) {
			free(k);
			if (i == first)
				continue;
			break;
		}
		free(k);
		u.e[n++] = e;
		w->done[i] = true;
	}
	u.n = n;
	/* FILE=UNIT: the file prefix, and the unit id after it */
	eq = id_parts(key).file ? strchr(key, XL_FILE_SEP) : NULL;
	u.unit_id = eq ? eq + 1 : key;
	if (eq) {
		u.owned_unit_id = tu_strndup(key, (size_t)(eq - key));
		u.file = u.owned_unit_id;
	}
	if (n > 0) {
		if (w->n_here == w->cap_here) {
			size_t cap = w->cap_here ? w->cap_here * 2 : 64;
			char **p = realloc(w->here_ids, cap * sizeof *p);

			if (p == NULL)
				w->st = TERCUME_ENOMEM;
			else {
				w->here_ids = p;
				w->cap_here = cap;
			}
		}
		if (w->n_here < w->cap_here &&
		    (w->here_ids[w->n_here] = tu_strdup(u.unit_id)) != NULL)
			w->n_here++;
		else
			w->st = TERCUME_ENOMEM;
		write_unit(w, &u);
	}
	free(u.e);
	free(u.owned_unit_id);
	free(key);
}

static void
write_attrs_of(writer *w, const xmlNode *n, const char *const *skip)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		xmlChar *v;
		char qn[256];
		bool s = false;

		for (size_t i = 0; skip && skip[i]; i++)
			s |= a->ns == NULL && strcmp((const char *)a->name, skip[i]) == 0;
		if (s)
			continue;
		v = xmlNodeListGetString(a->doc, a->children, 1);
		if (a->ns && a->ns->prefix)
			snprintf(qn, sizeof qn, "%s:%s", (const char *)a->ns->prefix,
				 (const char *)a->name);
		else
			snprintf(qn, sizeof qn, "%s", (const char *)a->name);
		xl_attr_put(&w->xw, qn, v ? (const char *)v : "");
		xmlFree(v);
	}
}

static void
write_ns_of(writer *w, const xmlNode *n)
{
	for (const xmlNs *ns = n->nsDef; ns; ns = ns->next) {
		char qn[256];

		if (ns->prefix == NULL || (strcmp((const char *)ns->prefix, "mtc") == 0 && w->mtc))
			continue;
		snprintf(qn, sizeof qn, "xmlns:%s", (const char *)ns->prefix);
		xl_attr_put(&w->xw, qn, (const char *)ns->href);
	}
}

/* The entries of the unit a placeholder of the kept document stands for. */
static void
write_placeholder(writer *w, const xmlNode *p)
{
	const char *id = xl_attr_ref(p, "id");
	tu_buf key = TU_BUF_INIT;
	size_t first;

	if (id == NULL)
		return;
	if (tu_map_get(w->earlier, id, NULL)) {
		tu_buf_puts(&key, w->file_id ? w->file_id : "");
		tu_buf_putc(&key, XL_FILE_SEP);
	}
	tu_buf_puts(&key, id);
	if (key.failed)
		w->st = TERCUME_ENOMEM;
	else if (tu_map_get(w->live_units, key.data, &first) && !w->done[first])
		write_unit_at(w, first);
	tu_buf_free(&key);
}

static void
write_kept_children(writer *w, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c && w->st == TERCUME_OK; c = c->next) {
		if (is20(c, "unit"))
			write_placeholder(w, c);
		else if (is20(c, "group")) {
			xl_start(&w->xw, "group");
			write_ns_of(w, c);
			write_attrs_of(w, c, NULL);
			write_kept_children(w, c);
			xl_end(&w->xw);
		} else if (is_elem(c) || c->type == XML_COMMENT_NODE)
			xl_node_put(&w->xw, c);
	}
}

static bool
is_dead(const tercume_entry *e)
{
	return e->state == TERCUME_STATE_OBSOLETE;
}

/* The live (or obsolete) entries not written yet, one unit after another:
 * all of them (any), or those whose IDs carry the file prefix file (NULL:
 * none). */
static size_t
write_rest(writer *w, bool dead, const char *file, bool any)
{
	size_t n = 0;

	for (size_t i = 0; i < tercume_catalog_count(w->cat) && w->st == TERCUME_OK; i++) {
		const tercume_entry *e = tercume_catalog_entry(w->cat, i);

		if (w->done[i] || is_dead(e) != dead)
			continue;
		if (!any && !dead) {
			char *key = unit_key(e->id);
			const char *eq = key ? strchr(key, XL_FILE_SEP) : NULL;
			bool mine = key && (file == NULL ? eq == NULL :
					    eq && (size_t)(eq - key) == strlen(file) &&
					    strncmp(key, file, strlen(file)) == 0);

			free(key);
			if (!mine)
				continue;
		}
		write_unit_at(w, i);
		n++;
	}
	return n;
}

static tercume_status
build_index(writer *w)
{
	for (size_t i = 0; i < tercume_catalog_count(w->cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(w->cat, i);
		char *k = unit_key(e->id);
		tu_map *m = is_dead(e) ? w->dead_units : w->live_units;
		size_t *slot;
		bool added;

		if (k == NULL)
			return TERCUME_ENOMEM;
		slot = tu_map_slot(m, k, &added);
		free(k);
		if (slot == NULL)
			return TERCUME_ENOMEM;
		if (added)
			*slot = i;
	}
	return TERCUME_OK;
}

/* The unit ids of the file just written become "earlier": the next
 * file's units with those ids have entries named FILE=UNIT. */
static void
next_file(writer *w)
{
	for (size_t i = 0; i < w->n_here && w->st == TERCUME_OK; i++)
		if (tu_map_slot(w->earlier, w->here_ids[i], NULL) == NULL)
			w->st = TERCUME_ENOMEM;
	for (size_t i = 0; i < w->n_here; i++)
		free(w->here_ids[i]);
	w->n_here = 0;
}

static void
write_files(writer *w, const xmlNode *kept_root)
{
	const char *sp = tercume_catalog_source_path(w->cat);
	const xmlNode *last = NULL;
	bool first = true;

	for (const xmlNode *f = kept_root->children; f; f = f->next)
		if (is20(f, "file"))
			last = f;
	for (const xmlNode *f = kept_root->children; f && w->st == TERCUME_OK; f = f->next) {
		static const char *const skip_first[] = { "original", NULL };

		if (!is20(f, "file")) {
			if (is_elem(f) || f->type == XML_COMMENT_NODE)
				xl_node_put(&w->xw, f);
			continue;
		}
		w->file_id = xl_attr_ref(f, "id");
		xl_start(&w->xw, "file");
		write_ns_of(w, f);
		write_attrs_of(w, f, first ? skip_first : NULL);
		if (first && sp)
			xl_attr_put(&w->xw, "original", sp);
		write_kept_children(w, f);
		/* entries the kept document has no place for (new ones) go at
		 * the end of the last file */
		if (f == last)
			write_rest(w, false, NULL, true);
		xl_end(&w->xw);
		next_file(w);
		first = false;
	}
}

/* Without a kept document: the entries of each file prefix in a <file> of
 * their own (FILE=UNIT entries came from a file whose unit ids an earlier
 * one used too), the others in "f1". */
static void
plain_file_start(writer *w, const char *id, const char *file)
{
	const char *sp = tercume_catalog_source_path(w->cat);

	w->file_id = id;
	xl_start(&w->xw, "file");
	xl_attr_put(&w->xw, "id", id);
	if (file == NULL && sp)
		xl_attr_put(&w->xw, "original", sp);
}

/* Ends a <file> that got units units. */
static void
plain_file_end(writer *w, size_t units)
{
	/* a <file> needs a unit or a group: an empty group says "none" */
	if (units == 0) {
		xl_start(&w->xw, "group");
		xl_attr_put(&w->xw, "id", "empty");
		xl_end(&w->xw);
	}
	xl_end(&w->xw);
	next_file(w);
}

static void
write_plain_file(writer *w, const char *id, const char *file)
{
	plain_file_start(w, id, file);
	plain_file_end(w, write_rest(w, false, file, false));
}

static void
write_plain_files(writer *w)
{
	size_t n = tercume_catalog_count(w->cat);

	write_plain_file(w, "f1", NULL);
	for (size_t i = 0; i < n && w->st == TERCUME_OK; i++) {
		const tercume_entry *e = tercume_catalog_entry(w->cat, i);
		char *key, *file;
		const char *eq;

		if (w->done[i] || is_dead(e))
			continue;
		if ((key = unit_key(e->id)) == NULL) {
			w->st = TERCUME_ENOMEM;
			break;
		}
		eq = strchr(key, XL_FILE_SEP);
		file = eq ? tu_strndup(key, (size_t)(eq - key)) : NULL;
		free(key);
		if (file)
			write_plain_file(w, file, file);
		free(file);
	}
}

/* Starts the <xliff> root of w's catalogue (kept: the kept document's). */
static void
write_root_start(writer *w, const xmlNode *kept, bool any_previous)
{
	const char *tl = tercume_catalog_target_lang(w->cat);

	w->mtc = any_previous;
	xl_start(&w->xw, "xliff");
	xl_attr_put(&w->xw, "xmlns", XL_NS20);
	if (any_previous)
		xl_attr_put(&w->xw, "xmlns:mtc", XL_NS_MTC);
	if (kept) {
		static const char *const skip[] = { "version", "srcLang", "trgLang", NULL };
		const char *v = xl_attr_ref(kept, "version");

		write_ns_of(w, kept);
		xl_attr_put(&w->xw, "version", v && strcmp(v, "2.1") == 0 ? "2.1" : "2.0");
		xl_attr_put(&w->xw, "srcLang", tercume_catalog_source_lang(w->cat));
		if (tl)
			xl_attr_put(&w->xw, "trgLang", tl);
		write_attrs_of(w, kept, skip);
	} else {
		xl_attr_put(&w->xw, "version", "2.0");
		xl_attr_put(&w->xw, "srcLang", tercume_catalog_source_lang(w->cat));
		if (tl)
			xl_attr_put(&w->xw, "trgLang", tl);
	}
}

static tercume_status
xliff20_write_out(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	const char *tl = tercume_catalog_target_lang(cat);
	bool any_obsolete = false, any_previous = false, any_target = false;
	writer w = { 0 };
	xmlDocPtr kd = NULL;
	xmlNodePtr kept = NULL;
	tercume_status st;
	size_t n = tercume_catalog_count(cat);

	w.cat = cat;
	w.path = out->name;
	w.rep = rep;
	st = xl_check_catalog(cat, out->name, rep);
	if (st != TERCUME_OK)
		return st;
	for (size_t i = 0; i < n; i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		any_obsolete |= e->state == TERCUME_STATE_OBSOLETE;
		any_previous |= e->previous_source != NULL;
		if (xl_target(e) && !any_target && tl == NULL) {
			xl_entry_error(rep, cat, e, out->name, "unit '%s' has a translation but the "
				 "catalogue has no target language (XLIFF 2.0 needs trgLang)", e->id);
			st = TERCUME_EINPUT;
		}
		any_target |= xl_target(e) != NULL;
	}
	if (st != TERCUME_OK)
		return st;
	if (tercume_catalog_format_data(cat)) {
		kept = xl_parse_kept(tercume_catalog_format_data(cat), &kd);
		if (kept == NULL || !is20(kept, "xliff")) {
			if (xl_data_version(tercume_catalog_format_data(cat)) != 12)
				tu_warning(rep, out->name, 0, 0, "the catalogue's kept XLIFF document "
					   "is not XLIFF 2, and is left out");
			kept = NULL;
		}
	}
	w.done = calloc(n + 1, sizeof *w.done);
	w.live_units = tu_map_new(n + 1);
	w.dead_units = tu_map_new(16);
	w.earlier = tu_map_new(16);
	if (!w.done || !w.live_units || !w.dead_units || !w.earlier ||
	    build_index(&w) != TERCUME_OK) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	st = xl_writer_open(&w.xw, out);
	if (st != TERCUME_OK)
		goto out;
	write_root_start(&w, kept, any_previous);
	if (kept)
		write_files(&w, kept);
	else
		write_plain_files(&w);
	if (any_obsolete && w.st == TERCUME_OK) {
		xl_start(&w.xw, "file");
		xl_attr_put(&w.xw, "id", XL_OBSOLETE);
		xl_attr_put(&w.xw, "translate", "no");
		write_rest(&w, true, NULL, true);
		xl_end(&w.xw);
	}
	xl_end(&w.xw);
	st = w.st;
	if (st == TERCUME_OK)
		st = xl_writer_finish(&w.xw, rep);
	xl_writer_close(&w.xw);
out:
	xmlFreeDoc(kd);
	free(w.done);
	tu_map_free(w.live_units);
	tu_map_free(w.dead_units);
	tu_map_free(w.earlier);
	for (size_t i = 0; i < w.n_here; i++)
		free(w.here_ids[i]);
	free(w.here_ids);
	return st;
}

/* Whether xliff20_write_entries writes e in one pass, as the unit of its
 * own in "f1" that xliff20_write_out makes of it: a live entry with no
 * previous source and no kept XML, that xliff20_write_out's checks pass
 * (tl: the target language), whose ID has no file prefix (which makes a
 * <file> of its own, after "f1") and no segment part, and is not the ID
 * before it (prev, or NULL; entries of one unit key in a row are one
 * unit). */
static bool
one_pass_entry(const tercume_entry *e, const char *prev, const char *tl)
{
	idparts p = id_parts(e->id);

	return e->state != TERCUME_STATE_OBSOLETE && e->previous_source == NULL &&
	       e->format_data == NULL && !(xl_target(e) && tl == NULL) && xl_entry_ok(e) &&
	       p.file == NULL && p.seg == NULL && (prev == NULL || strcmp(prev, e->id) != 0);
}

/* A document's catalogue (tercume_doc_write_catalog), written unit by unit
 * as src makes them, never holding them all: a first pass asks
 * one_pass_entry of every entry, and a second writes each as the unit
 * write_unit makes of it, into "f1".  A document's entries always pass
 * (content IDs, unique; no target, previous source, kept XML or obsolete
 * entry).  Any other catalogue, or one whose entries fail a check, goes
 * through a whole catalogue and xliff20_write_out (its several passes:
 * files by ID prefix, units of several segments, obsolete entries, the
 * checks' reports), so the output is the same either way.  One thing the
 * first pass does not look for: an ID again, not next to its first (a
 * catalogue of such entries is refused by tu_catalog_from_entries); a
 * document's IDs are unique. */
static tercume_status
xliff20_write_entries(const tu_entries *src, tu_out *out, tercume_reporter *rep)
{
	const char *tl = tercume_catalog_target_lang(src->cat);
	tercume_catalog *cat = NULL;
	tercume_status st = TERCUME_OK;
	bool one_pass = tercume_catalog_format_data(src->cat) == NULL;
	tu_buf prev = TU_BUF_INIT;
	writer w = { 0 };
	size_t i;

	for (i = 0; i < src->n && one_pass; i++) {
		tercume_entry e;

		if ((st = src->get(src->arg, i, &e)) != TERCUME_OK)
			break;
		one_pass = one_pass_entry(&e, i ? prev.data : NULL, tl);
		prev.len = 0;
		tu_buf_puts(&prev, e.id);
		if (prev.failed)
			st = TERCUME_ENOMEM;
	}
	tu_buf_free(&prev);
	if (st != TERCUME_OK)
		return st;
	if (!one_pass) {
		if ((st = tu_catalog_from_entries(&cat, src)) == TERCUME_OK)
			st = xliff20_write_out(cat, out, rep);
		tercume_catalog_free(cat);
		return st;
	}
	w.cat = src->cat;
	w.path = out->name;
	w.rep = rep;
	if ((st = xl_writer_open(&w.xw, out)) != TERCUME_OK)
		return st;
	write_root_start(&w, NULL, false);
	plain_file_start(&w, "f1", NULL);
	for (i = 0; i < src->n && w.st == TERCUME_OK; i++) {
		tercume_entry e;
		const tercume_entry *ep = &e;
		wunit u = { &ep, 1, NULL, NULL, NULL };

		if ((w.st = src->get(src->arg, i, &e)) != TERCUME_OK)
			break;
		u.unit_id = e.id;
		write_unit(&w, &u);
	}
	plain_file_end(&w, i);
	xl_end(&w.xw);
	st = w.st;
	if (st == TERCUME_OK)
		st = xl_writer_finish(&w.xw, rep);
	xl_writer_close(&w.xw);
	return st;
}

const tu_format tu_format_xliff20 = { TERCUME_FORMAT_XLIFF20, "xliff20", NULL, NULL,
				     xliff20_parse, xliff20_write_out, false,
				     xliff20_write_entries, xliff20_parse_sink };
