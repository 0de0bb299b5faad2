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

/* ==== inline codes (doc/xliff.md, "Inline codes in XLIFF 1.2") ==== */

/* ctype values that have an XLIFF 2 type and subType (the mapping of the
 * XLIFF 2.0 specification, appendix "Mapping XLIFF 1.2"). */
static const struct {
	const char *ctype, *type, *subtype;
} ctypes[] = {
	{ "bold", "fmt", "xlf:b" },
	{ "italic", "fmt", "xlf:i" },
	{ "underlined", "fmt", "xlf:u" },
	{ "lb", "fmt", "xlf:lb" },
	{ "pb", "fmt", "xlf:pb" },
	{ "link", "link", NULL },
	{ "image", "image", NULL },
};


#define inl_is(in, n, name) xl_is_in((n), (in)->ns, (name))

static const char *const known12[] = { "id", "rid", "equiv-text", "pos", "mid", "comment", NULL };

/* One <source> or <target> of a 1.2 unit being read into coded text. */
typedef struct inl12 {
	const char *path;
	tercume_reporter *rep;
	const char *ns;		/* the file's namespace (1.2, 1.1, none) */
	tercume_rich_builder *b;
	tu_map *open_at, *close_at;	/* pair id -> position of its opening, closing */
	size_t pos, marks;
	tercume_status st;
} inl12;

/* The id that joins the two halves of a pair: rid, else id. */
static const char *
pair_id(const xmlNode *n)
{
	const char *rid = xl_attr_ref(n, "rid");

	return rid ? rid : xl_attr_ref(n, "id");
}

static void
prescan12(inl12 *in, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c && in->st == TERCUME_OK; c = c->next) {
		tu_map *m = NULL;
		const char *id;
		size_t *slot;
		bool added;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		in->pos++;
		if (inl_is(in, c, "bx") || inl_is(in, c, "bpt"))
			m = in->open_at;
		else if (inl_is(in, c, "ex") || inl_is(in, c, "ept"))
			m = in->close_at;
		else if (inl_is(in, c, "g") || inl_is(in, c, "mrk")) {
			prescan12(in, c);
			continue;
		}
		if (m == NULL || (id = pair_id(c)) == NULL)
			continue;
		if ((slot = tu_map_slot(m, id, &added)) == NULL) {
			in->st = TERCUME_ENOMEM;
			return;
		}
		if (added || m == in->close_at)
			*slot = in->pos;	/* the first opening, the last closing */
	}
}

static void
add12(inl12 *in, tercume_code *c, const xmlNode *n, bool extra)
{
	bool nomem = false;
	char *x = extra ? xl_extra_attrs(n, known12, &nomem) : NULL;
	const char *ctype = xl_attr_ref(n, "ctype");

	if (nomem) {
		in->st = TERCUME_ENOMEM;
		return;
	}
	for (size_t i = 0; ctype && i < sizeof ctypes / sizeof ctypes[0]; i++)
		if (strcmp(ctype, ctypes[i].ctype) == 0) {
			c->type = ctypes[i].type;
			c->subtype = ctypes[i].subtype;
		}
	if (ctype && c->type == NULL && c->kind != TERCUME_RUN_MARKER_START)
		c->type = "other";
	c->extra = x;
	if (c->id == NULL || c->id[0] == '\0') {
		tu_error(in->rep, in->path, xl_line(n), 0, "<%s> has no id", (const char *)n->name);
		in->st = TERCUME_EINPUT;
	} else if ((in->st = tercume_rich_add_code(in->b, c)) == TERCUME_EINPUT)
		tu_error(in->rep, in->path, xl_line(n), 0, "<%s id='%s'> holds text tercume does "
			 "not take (a reserved character)", (const char *)n->name, c->id);
	free(x);
}

static void read12_children(inl12 *in, const xmlNode *parent);

/* The native code inside <bpt>, <ept>, <ph>, <it> (a <sub>'s text included). */
static char *
native(inl12 *in, const xmlNode *n)
{
	char *text = NULL;

	in->st = xl_text(n, false, true, in->path, in->rep, &text);
	return text;
}

static void
read12_element(inl12 *in, const xmlNode *c)
{
	tercume_code code = { 0 };
	size_t here = ++in->pos, at;
	char *data = NULL, mid[32];

	code.equiv = xl_attr_ref(c, "equiv-text");
	if (inl_is(in, c, "g")) {
		code.kind = TERCUME_RUN_OPEN;
		code.id = xl_attr_ref(c, "id");
		add12(in, &code, c, true);
		if (in->st == TERCUME_OK)
			read12_children(in, c);
		if (in->st == TERCUME_OK) {
			code.kind = TERCUME_RUN_CLOSE;
			code.type = code.subtype = NULL;
			code.equiv = NULL;
			add12(in, &code, c, false);
		}
	} else if (inl_is(in, c, "x") || inl_is(in, c, "ph")) {
		code.kind = TERCUME_RUN_STANDALONE;
		code.id = xl_attr_ref(c, "id");
		if (inl_is(in, c, "ph"))
			code.data = data = native(in, c);
		if (in->st == TERCUME_OK)
			add12(in, &code, c, true);
	} else if (inl_is(in, c, "bx") || inl_is(in, c, "bpt") || inl_is(in, c, "ex") || inl_is(in, c, "ept")) {
		bool open = inl_is(in, c, "bx") || inl_is(in, c, "bpt");

		code.id = pair_id(c);
		if (open)
			code.kind = code.id && tu_map_get(in->close_at, code.id, &at) && at > here ?
				    TERCUME_RUN_OPEN : TERCUME_RUN_ISOLATED_OPEN;
		else
			code.kind = code.id && tu_map_get(in->open_at, code.id, &at) && at < here ?
				    TERCUME_RUN_CLOSE : TERCUME_RUN_ISOLATED_CLOSE;
		if (inl_is(in, c, "bpt") || inl_is(in, c, "ept"))
			code.data = data = native(in, c);
		if (in->st == TERCUME_OK)
			add12(in, &code, c, true);
	} else if (inl_is(in, c, "it")) {
		const char *pos = xl_attr_ref(c, "pos");

		code.id = xl_attr_ref(c, "id");
		code.kind = pos && strcmp(pos, "close") == 0 ? TERCUME_RUN_ISOLATED_CLOSE :
			    TERCUME_RUN_ISOLATED_OPEN;
		code.data = data = native(in, c);
		if (in->st == TERCUME_OK)
			add12(in, &code, c, true);
	} else if (inl_is(in, c, "mrk")) {
		const char *mtype = xl_attr_ref(c, "mtype");

		code.kind = TERCUME_RUN_MARKER_START;
		code.id = xl_attr_ref(c, "mid");
		if (code.id == NULL) {
			snprintf(mid, sizeof mid, "m%zu", ++in->marks);
			code.id = mid;
		}
		code.equiv = NULL;
		if (mtype && strcmp(mtype, "term") == 0)
			code.type = "term";
		else if (mtype && strcmp(mtype, "protected") == 0)
			code.translate = TERCUME_HINT_NO;
		if (xl_attr_ref(c, "comment")) {
			code.type = "comment";
			code.value = xl_attr_ref(c, "comment");
		}
		add12(in, &code, c, true);
		if (in->st == TERCUME_OK)
			read12_children(in, c);
		if (in->st == TERCUME_OK) {
			tercume_code end = { 0 };

			end.kind = TERCUME_RUN_MARKER_END;
			end.id = code.id;
			add12(in, &end, c, false);
		}
	} else {
		tu_error(in->rep, in->path, xl_line(c), 0, "<%s> is not XLIFF 1.2 inline content",
			 (const char *)c->name);
		in->st = TERCUME_EINPUT;
	}
	free(data);
}

static void
read12_children(inl12 *in, const xmlNode *parent)
{
	for (const xmlNode *c = parent->children; c && in->st == TERCUME_OK; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			in->st = xl_add_text(in->b, (const char *)c->content,
					     strlen((const char *)c->content), parent, in->path, in->rep);
		else if (c->type == XML_ELEMENT_NODE)
			read12_element(in, c);
	}
}

/* The content of a 1.2 <source> or <target> as coded text, in b. */
static tercume_status
read_inline12(const char *path, tercume_reporter *rep, const char *ns, const xmlNode *n,
	      tercume_rich_builder *b, const char **text, const tercume_code **codes, size_t *n_codes)
{
	inl12 in = { path, rep, ns, b, tu_map_new(8), tu_map_new(8), 0, 0, TERCUME_OK };

	tercume_rich_builder_clear(b);
	if (in.open_at == NULL || in.close_at == NULL)
		in.st = TERCUME_ENOMEM;
	if (in.st == TERCUME_OK)
		prescan12(&in, n);
	in.pos = 0;
	if (in.st == TERCUME_OK)
		read12_children(&in, n);
	tu_map_free(in.open_at);
	tu_map_free(in.close_at);
	if (in.st == TERCUME_OK) {
		*text = tercume_rich_builder_text(b, NULL);
		*codes = tercume_rich_builder_codes(b, n_codes);
	}
	return in.st;
}

/* ---- writing ---- */

/* The 1.2 attributes a code's extra may carry back: those of XLIFF 1.2
 * inline elements (an XLIFF 2 module's attribute would need a schema the
 * strict 1.2 one does not know). */
static bool
extra12_ok(void *user, const char *name, const char *value)
{
	(void)value;
	(void)user;
	return strcmp(name, "ctype") == 0 || strcmp(name, "xid") == 0 ||
	       strcmp(name, "crc") == 0 || strcmp(name, "assoc") == 0 ||
	       strcmp(name, "clone") == 0 || strcmp(name, "mtype") == 0 ||
	       strcmp(name, "ts") == 0;
}

/* The attributes of extra that 1.2 may carry, appended to the buffer. */
static bool
put_one12(void *user, const char *name, const char *value)
{
	if (extra12_ok(NULL, name, value))
		xl_put_attr(user, name, value);
	return true;
}

static bool
extra_sane(void *user, const char *name, const char *value)
{
	(void)user;
	(void)name;
	(void)value;
	return true;
}

static void
put_extra12(tu_buf *b, const char *extra)
{
	if (extra)
		xl_extra_each(extra, put_one12, b);
}

static bool
has_extra(const char *extra, const char *name)
{
	char key[32];

	snprintf(key, sizeof key, " %s=\"", name);
	return extra && strstr(extra, key) != NULL;
}

static void
put_code_attrs12(tu_buf *b, const tercume_code *c, bool with_ctype)
{
	if (with_ctype && !has_extra(c->extra, "ctype")) {
		const char *ct = NULL;

		for (size_t i = 0; i < sizeof ctypes / sizeof ctypes[0]; i++)
			if (c->type && strcmp(c->type, ctypes[i].type) == 0 &&
			    ((c->subtype == NULL && ctypes[i].subtype == NULL) ||
			     (c->subtype && ctypes[i].subtype && strcmp(c->subtype, ctypes[i].subtype) == 0)))
				ct = ctypes[i].ctype;
		xl_put_attr(b, "ctype", ct);
	}
	put_extra12(b, c->extra);
	xl_put_attr(b, "equiv-text", c->equiv);
}

/* How each code of a text is written in 1.2. */
typedef enum w12 { W12_G, W12_G_END, W12_BPT, W12_EPT, W12_BX, W12_EX, W12_X, W12_PH,
		   W12_IT_OPEN, W12_IT_CLOSE, W12_MRK, W12_MRK_END, W12_DROP,
		   W12_BX_LONE, W12_EX_LONE	/* a half whose other half is not in the text */
} w12;

static w12 *
plan12(const tercume_code *codes, size_t n)
{
	w12 *w = n ? calloc(n, sizeof *w) : NULL;
	size_t *stack = n ? malloc(n * sizeof *stack) : NULL, depth = 0;

	if (n && (w == NULL || stack == NULL)) {
		free(w);
		free(stack);
		return NULL;
	}
	for (size_t k = 0; k < n; k++) {
		const tercume_code *c = &codes[k];

		switch (c->kind) {
		case TERCUME_RUN_STANDALONE:
			w[k] = c->data ? W12_PH : W12_X;
			break;
		case TERCUME_RUN_ISOLATED_OPEN:
			w[k] = c->data ? W12_IT_OPEN : W12_BX;
			break;
		case TERCUME_RUN_ISOLATED_CLOSE:
			w[k] = c->data ? W12_IT_CLOSE : W12_EX;
			break;
		case TERCUME_RUN_OPEN:
		case TERCUME_RUN_MARKER_START:
			w[k] = c->kind == TERCUME_RUN_OPEN ? (c->data ? W12_BPT : W12_BX) : W12_DROP;
			stack[depth++] = k;
			break;
		case TERCUME_RUN_CLOSE:
		case TERCUME_RUN_MARKER_END: {
			bool marker = c->kind == TERCUME_RUN_MARKER_END;
			size_t j = depth;

			w[k] = marker ? W12_DROP : c->data ? W12_EPT : W12_EX;
			while (j > 0 && !((codes[stack[j - 1]].kind == TERCUME_RUN_MARKER_START) == marker &&
					  strcmp(codes[stack[j - 1]].id, c->id) == 0))
				j--;
			if (j == 0) {
				if (w[k] == W12_EX)
					w[k] = W12_EX_LONE;	/* no <bx> before it */
				break;
			}
			if (j == depth) {
				size_t o = stack[j - 1];

				/* nested: <mrk>, or <g> when neither half has data */
				if (marker) {
					w[o] = W12_MRK;
					w[k] = W12_MRK_END;
				} else if (codes[o].data == NULL && c->data == NULL) {
					w[o] = W12_G;
					w[k] = W12_G_END;
				} else {
					w[o] = W12_BPT;
					w[k] = W12_EPT;
				}
			} else if (!marker && codes[stack[j - 1]].data == NULL && c->data == NULL) {
				w[stack[j - 1]] = W12_BX;
			}
			memmove(stack + j - 1, stack + j, (depth - j) * sizeof *stack);
			depth--;
			break;
		}
		case TERCUME_RUN_TEXT:
			break;
		}
	}
	/* an unclosed pair with data is a <bpt> without <ept>: an <it> */
	for (size_t j = 0; j < depth; j++)
		if (w[stack[j]] == W12_BPT)
			w[stack[j]] = W12_IT_OPEN;
		else if (w[stack[j]] == W12_BX)
			w[stack[j]] = W12_BX_LONE;	/* no <ex> after it */
	for (size_t k = 0; k < n; k++)
		if (w[k] == W12_EPT) {
			bool opened = false;

			for (size_t j = 0; j < k && !opened; j++)
				opened = (w[j] == W12_BPT) && strcmp(codes[j].id, codes[k].id) == 0;
			if (!opened)
				w[k] = W12_IT_CLOSE;
		}
	free(stack);
	return w;
}

static void
put_native(tu_buf *b, const char *data)
{
	xl_escape(b, data ? data : "", data ? strlen(data) : 0, false);
}

/* The inline content of a coded text as XLIFF 1.2, into b. */
static bool
inline12(tu_buf *b, const char *text, const tercume_code *codes, size_t n)
{
	w12 *w = plan12(codes, n);
	tercume_runs it;
	tercume_run run;

	if (n && w == NULL)
		return false;
	tercume_runs_init(&it, text, codes, n);
	while (tercume_runs_next(&it, &run)) {
		const tercume_code *c = run.code;

		if (run.kind == TERCUME_RUN_TEXT) {
			xl_escape(b, run.text, run.len, false);
			continue;
		}
		switch (w[run.index]) {
		case W12_G:
			tu_buf_puts(b, "<g");
			xl_put_attr(b, "id", c->id);
			put_code_attrs12(b, c, true);
			tu_buf_putc(b, '>');
			break;
		case W12_G_END:
			tu_buf_puts(b, "</g>");
			break;
		case W12_BPT:
		case W12_EPT:
		case W12_PH:
			tu_buf_puts(b, w[run.index] == W12_BPT ? "<bpt" : w[run.index] == W12_EPT ?
				    "<ept" : "<ph");
			xl_put_attr(b, "id", c->id);
			put_code_attrs12(b, c, w[run.index] != W12_EPT);
			tu_buf_putc(b, '>');
			put_native(b, c->data);
			tu_buf_puts(b, w[run.index] == W12_BPT ? "</bpt>" : w[run.index] == W12_EPT ?
				    "</ept>" : "</ph>");
			break;
		case W12_IT_OPEN:
		case W12_IT_CLOSE:
			tu_buf_puts(b, "<it");
			xl_put_attr(b, "id", c->id);
			xl_put_attr(b, "pos", w[run.index] == W12_IT_OPEN ? "open" : "close");
			put_code_attrs12(b, c, true);
			tu_buf_putc(b, '>');
			put_native(b, c->data);
			tu_buf_puts(b, "</it>");
			break;
		case W12_BX:
		case W12_EX:
		case W12_BX_LONE:
		case W12_EX_LONE:
		case W12_X: {
			static char uniq[24];
			w12 k = w[run.index];
			const char *tag = k == W12_BX || k == W12_BX_LONE ? "<bx" :
					  k == W12_EX || k == W12_EX_LONE ? "<ex" : "<x";

			tu_buf_puts(b, tag);
			if (k == W12_X || k == W12_BX_LONE || k == W12_EX_LONE ||
			    c->kind == TERCUME_RUN_ISOLATED_OPEN || c->kind == TERCUME_RUN_ISOLATED_CLOSE) {
				/* rid must name a <bx> of the same text: none here */
				xl_put_attr(b, "id", c->id);
			} else {
				/* a bx/ex pair shares rid; their ids are their own */
				snprintf(uniq, sizeof uniq, "%s%zu", w[run.index] == W12_BX ? "b" : "e",
					 run.index + 1);
				xl_put_attr(b, "id", uniq);
				xl_put_attr(b, "rid", c->id);
			}
			put_code_attrs12(b, c, k != W12_EX && k != W12_EX_LONE);
			tu_buf_puts(b, "/>");
			break;
		}
		case W12_MRK: {
			const char *mtype = c->translate == TERCUME_HINT_NO ? "protected" :
					    c->type && strcmp(c->type, "term") == 0 ? "term" : "x-generic";

			tu_buf_puts(b, "<mrk");
			/* no mid: the 1.2 schema wants a mid to name a <seg-source>
			 * segment, and reading numbers unnamed ones alike */
			if (!has_extra(c->extra, "mtype") || !xl_extra_each(c->extra, extra_sane, NULL))
				xl_put_attr(b, "mtype", mtype);
			if (c->type && strcmp(c->type, "comment") == 0)
				xl_put_attr(b, "comment", c->value);
			put_extra12(b, c->extra);
			tu_buf_putc(b, '>');
			break;
		}
		case W12_MRK_END:
			tu_buf_puts(b, "</mrk>");
			break;
		case W12_DROP:
			break;	/* a marker boundary 1.2 cannot nest */
		}
	}
	free(w);
	return !b->failed;
}

/* <name>coded text</name> */
static void
write_inline12(xl_writer *xw, const char *name, const char *text, const tercume_code *codes,
	       size_t n, const char *state)
{
	tu_buf b = TU_BUF_INIT;

	xl_start(xw, name);
	if (state)
		xl_attr_put(xw, "state", state);
	if (!inline12(&b, text ? text : "", codes, n))
		xw->rc = -1;
	xl_raw(xw, b.data ? b.data : "", b.len);
	tu_buf_free(&b);
	xl_end(xw);
}

/* ==== units ==== */

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
	write_inline12(xw, "source", e->source, e->source_codes, e->n_source_codes, NULL);
	if (target || state)
		write_inline12(xw, "target", target ? target : "", target ? e->target_codes : NULL,
			       target ? e->n_target_codes : 0, state);
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
		write_inline12(xw, "source", e->previous_source, e->previous_codes,
			       e->n_previous_codes, NULL);
		write_inline12(xw, "target", target ? target : "", target ? e->target_codes : NULL,
			       target ? e->n_target_codes : 0, NULL);
		xl_end(xw);
	}
	xl_end(xw);
}

/* The <file> of the entries src makes, live ones first, then the
 * obsolete ones in their group (a second pass only when there are some). */
static tercume_status
xliff12_body(xl_writer *xw, const tu_entries *src, bool any_obsolete)
{
	const tercume_catalog *cat = src->cat;
	const char *tl = tercume_catalog_target_lang(cat);
	const char *sp = tercume_catalog_source_path(cat);
	tercume_status st = TERCUME_OK;

	xl_start(xw, "file");
	xl_attr_put(xw, "original", sp ? sp : "");
	xl_attr_put(xw, "source-language", tercume_catalog_source_lang(cat));
	if (tl)
		xl_attr_put(xw, "target-language", tl);
	xl_attr_put(xw, "datatype", "plaintext");
	xl_start(xw, "body");
	for (int obsolete = 0; obsolete < 2 && st == TERCUME_OK; obsolete++) {
		if (obsolete && !any_obsolete)
			break;
		if (obsolete) {
			xl_start(xw, "group");
			xl_attr_put(xw, "id", XL_OBSOLETE);
			xl_attr_put(xw, "restype", OBSOLETE_RESTYPE);
			xl_attr_put(xw, "translate", "no");
		}
		for (size_t i = 0; i < src->n && st == TERCUME_OK; i++) {
			tercume_entry e;

			if ((st = src->get(src->arg, i, &e)) == TERCUME_OK &&
			    (e.state == TERCUME_STATE_OBSOLETE) == obsolete)
				write_unit(xw, &e);
		}
		if (obsolete)
			xl_end(xw);
	}
	xl_end(xw);
	xl_end(xw);
	return st;
}

/* Whether XML 1.0 can carry the coded texts of e (the 1.2 writer has no
 * <cp> for the characters it cannot). */
static bool
coded_ok(const tercume_entry *e)
{
	const char *coded[] = { e->source, e->target, e->previous_source };

	for (size_t k = 0; k < 3; k++)
		if (coded[k] && !xl_text_ok(coded[k]))
			return false;
	return true;
}

static tercume_status
xliff12_write(const tu_entries *src, bool any_obsolete, tu_out *out, tercume_reporter *rep)
{
	xl_writer xw;
	tercume_status st;

	st = xl_writer_open(&xw, out);
	if (st != TERCUME_OK)
		return st;
	xl_start(&xw, "xliff");
	xl_attr_put(&xw, "xmlns", XL_NS12);
	xl_attr_put(&xw, "version", "1.2");
	st = xliff12_body(&xw, src, any_obsolete);
	xl_end(&xw);
	if (st == TERCUME_OK)
		st = xl_writer_finish(&xw, rep);
	xl_writer_close(&xw);
	return st;
}

static tercume_status
xliff12_write_out(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	tercume_status st;
	bool any_obsolete = false;
	const char *path = out->name;
	tu_entries src;

	st = xl_check_catalog(cat, path, rep);
	if (st != TERCUME_OK)
		return st;
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if (e->state == TERCUME_STATE_OBSOLETE)
			any_obsolete = true;
		if (st == TERCUME_OK && !coded_ok(e)) {
			xl_entry_error(rep, cat, e, path, "unit '%s' holds a character "
				 "that XML 1.0 cannot carry", e->id);
			st = TERCUME_EINPUT;
		}
	}
	if (st != TERCUME_OK)
		return st;
	tu_entries_of_catalog(&src, cat);
	return xliff12_write(&src, any_obsolete, out, rep);
}

/* A document's catalogue (tercume_doc_write_catalog), written unit by unit
 * as src makes them: a first pass checks every entry as xliff12_write_out
 * does, without a report, and a second writes them.  Entries that fail a
 * check, or obsolete ones (whose IDs xl_check_catalog checks against each
 * other), which a document never makes, go through a whole catalogue and
 * xliff12_write_out instead, which reports as before. */
static tercume_status
xliff12_write_entries(const tu_entries *src, tu_out *out, tercume_reporter *rep)
{
	tercume_catalog *cat;
	tercume_status st = TERCUME_OK;
	bool one_pass = true;

	for (size_t i = 0; i < src->n && one_pass; i++) {
		tercume_entry e;

		if ((st = src->get(src->arg, i, &e)) != TERCUME_OK)
			return st;
		one_pass = e.state != TERCUME_STATE_OBSOLETE && xl_entry_ok(&e) && coded_ok(&e);
	}
	if (one_pass)
		return xliff12_write(src, false, out, rep);
	if ((st = tu_catalog_from_entries(&cat, src)) != TERCUME_OK)
		return st;
	st = xliff12_write_out(cat, out, rep);
	tercume_catalog_free(cat);
	return st;
}

/* ---- reading ---- */

typedef struct reader {
	const char *path;
	tercume_reporter *rep;
	tercume_catalog *cat;
	tercume_rich_builder *src, *trg, *prev;
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
		st = xl_text(c, false, false, r->path, r->rep, &text);
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
				st = read_inline12(r->path, r->rep, r->ns, c, r->src, &u.source, &u.source_codes, &u.n_source_codes);
		} else if (is12(r, c, "target")) {
			if (has_target) {
				tu_error(r->rep, r->path, xl_line(c), 0,
					 "unit '%s' has a second <target>", u.id);
				st = TERCUME_EINPUT;
				break;
			}
			has_target = true;
			st = read_inline12(r->path, r->rep, r->ns, c, r->trg, &u.target, &u.target_codes, &u.n_target_codes);
			u.format_state = xl_attr(c, "state");
		} else if (is12(r, c, "note")) {
			st = xl_text(c, false, false, r->path, r->rep, &text);
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
						st = read_inline12(r->path, r->rep, r->ns, a, r->prev, &u.previous_source, &u.previous_codes, &u.n_previous_codes);
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
		u.target = NULL;
		u.target_codes = NULL;
		u.n_target_codes = 0;
	}
	approved = xl_attr(n, "approved");
	u.state = xl_state_from12(u.format_state, u.target != NULL,
				  approved && strcmp(approved, "no") == 0);
	free(approved);
	if (r->obsolete)
		u.state = TERCUME_STATE_OBSOLETE;
	return xl_entry_add(r->cat, &u, r->path, r->rep);
}

/* Reads the units of parent (a <body> or <group>); each <trans-unit> is
 * freed once read, so that the tree shrinks while the catalogue grows
 * (issue 15): nothing after the validation looks at it again. */
static tercume_status
read_body(reader *r, xmlNode *parent)
{
	tercume_status st = TERCUME_OK;
	xmlNode *next;

	for (xmlNode *c = parent->children; c && st == TERCUME_OK; c = next) {
		char *restype;

		next = c->next;
		if (is12(r, c, "trans-unit")) {
			/* Translate Toolkit's po2xliff keeps the PO header as a unit */
			restype = xl_attr(c, "restype");
			if (!restype || strcmp(restype, "x-gettext-domain-header") != 0)
				st = read_unit(r, c);
			else
				r->po2xliff = true;
			free(restype);
			xmlUnlinkNode(c);
			xmlFreeNode(c);
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

/* The schema's warning, held until the file has been read. */
typedef struct held_warning {
	tercume_reporter *real;
	bool have;
	unsigned long line;
	char message[1024];
} held_warning;

static void
hold_warning(const tercume_diag *d, void *user)
{
	held_warning *h = user;

	if (d->severity != TERCUME_SEV_WARNING) {
		/* errors and notes go through */
		tu_report(h->real, d->severity, d->file, d->line, d->column, d->check, "%s",
			  d->message);
		return;
	}
	if (h->have)
		return;
	h->have = true;
	h->line = d->line;
	snprintf(h->message, sizeof h->message, "%s", d->message);
}

static tercume_status
xliff12_parse(tercume_catalog **out, const char *path, const char *data, size_t len,
	      const char *file, tercume_reporter *rep)
{
	xmlDocPtr doc;
	reader r = { 0 };
	held_warning held = { 0 };
	tercume_status st;
	bool have_file = false;

	(void)file;
	*out = NULL;
	r.path = path;
	r.rep = rep;
	st = xl_parse(path, data, len, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	{
		int version;

		st = xl_check_root(doc, path, 12, &r.ns, &version, rep);
		/* the OASIS schemas are those of 1.2 in its namespace; 1.0, 1.1
		 * and un-namespaced files have none here.  A schema violation is
		 * a warning, said only when the file reads: when it does not,
		 * the reader's error says why */
		if (st == TERCUME_OK && version == 12) {
			tercume_reporter hold = { hold_warning, &held, 0, 0 };

			held.real = rep;
			st = xl_validate(doc, 12, false, path, &hold);
		}
	}
	r.src = tercume_rich_builder_new();
	r.trg = tercume_rich_builder_new();
	r.prev = tercume_rich_builder_new();
	if (!r.src || !r.trg || !r.prev)
		st = TERCUME_ENOMEM;
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
	if (st == TERCUME_OK && held.have)
		tu_warning(rep, path, held.line, 0, "%s", held.message);
	xmlFreeDoc(doc);
	tercume_rich_builder_free(r.src);
	tercume_rich_builder_free(r.trg);
	tercume_rich_builder_free(r.prev);
	tu_idgen_free(r.idgen);
	if (st != TERCUME_OK) {
		tercume_catalog_free(r.cat);
		return st;
	}
	*out = r.cat;
	return TERCUME_OK;
}

const tu_format tu_format_xliff12 = { TERCUME_FORMAT_XLIFF12, "xliff12", NULL, NULL,
				     xliff12_parse, xliff12_write_out, false,
				     xliff12_write_entries };
