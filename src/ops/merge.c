/* merge.c — localised editions: a document, a catalogue and a fallback
 * policy make one text per unit. */
#include "internal.h"
#include "edition.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/ustring.h>

static const char *const fallback_names[] = {
	[TERCUME_FALLBACK_SOURCE] = "source",
	[TERCUME_FALLBACK_FAIL] = "fail",
};

const char *
tercume_fallback_name(tercume_fallback fallback)
{
	if ((size_t)fallback < sizeof fallback_names / sizeof fallback_names[0])
		return fallback_names[fallback];
	return "?";
}

int
tercume_fallback_from_name(const char *name, tercume_fallback *fallback)
{
	for (size_t i = 0; i < sizeof fallback_names / sizeof fallback_names[0]; i++)
		if (strcmp(name, fallback_names[i]) == 0) {
			*fallback = (tercume_fallback)i;
			return 0;
		}
	return -1;
}

static const char *const fill_names[] = {
	[TERCUME_FILL_TRANSLATED] = "translated",
	[TERCUME_FILL_FUZZY] = "fuzzy",
	[TERCUME_FILL_UNTRANSLATED] = "untranslated",
	[TERCUME_FILL_FUZZY_SKIPPED] = "fuzzy-skipped",
	[TERCUME_FILL_STALE] = "stale",
	[TERCUME_FILL_BROKEN] = "broken-codes",
};

const char *
tercume_fill_name(tercume_fill fill)
{
	if ((size_t)fill < sizeof fill_names / sizeof fill_names[0])
		return fill_names[fill];
	return "?";
}

void
tercume_edition_free(tercume_edition *ed)
{
	if (ed == NULL)
		return;
	for (size_t i = 0; i < ed->n; i++) {
		if (ed->repl)
			free(ed->repl[i]);
		if (ed->bytes)
			free(ed->bytes[i]);
		if (ed->codes)
			tu_codes_free(ed->codes[i], ed->n_codes[i]);
	}
	free(ed->repl);
	free(ed->bytes);
	free(ed->codes);
	free(ed->n_codes);
	free(ed->fill);
	free(ed->lang);
	free(ed);
}

const tercume_doc *tercume_edition_doc(const tercume_edition *ed) { return ed->doc; }
const char *tercume_edition_lang(const tercume_edition *ed) { return ed->lang; }
const tercume_merge_stats *tercume_edition_stats(const tercume_edition *ed) { return &ed->stats; }

const char *
tercume_edition_unit_text(const tercume_edition *ed, size_t i)
{
	if (i >= ed->n)
		return NULL;
	tercume_unit_info u;

	if (ed->repl[i])
		return ed->repl[i];
	tercume_doc_unit(ed->doc, i, &u);
	return u.text;
}

const tercume_code *
tercume_edition_unit_codes(const tercume_edition *ed, size_t i, size_t *n)
{
	tercume_unit_info u;

	*n = 0;
	if (i >= ed->n)
		return NULL;
	if (ed->repl[i]) {
		*n = ed->n_codes[i];
		return ed->codes[i];
	}
	tercume_doc_unit(ed->doc, i, &u);
	*n = u.n_codes;
	return u.codes;
}

tercume_fill
tercume_edition_unit_fill(const tercume_edition *ed, size_t i)
{
	return i < ed->n ? ed->fill[i] : TERCUME_FILL_UNTRANSLATED;
}

/* What stands in place of each unit in the text edition. */
static const char **
text_replacements(const tercume_edition *ed)
{
	const char **put = calloc(ed->n + 1, sizeof *put);

	for (size_t i = 0; put && i < ed->n; i++)
		put[i] = ed->bytes[i] ? ed->bytes[i] : ed->repl[i];
	return put;
}

tercume_status
tercume_edition_render_text(const tercume_edition *ed, char **out, size_t *out_len)
{
	const char **put = text_replacements(ed);
	tercume_status st;

	if (put == NULL)
		return TERCUME_ENOMEM;
	st = tercume_doc_render(ed->doc, put, out, out_len);
	free(put);
	return st;
}

/* The text edition into out as it is made. */
static tercume_status
edition_text_out(const tercume_edition *ed, tu_out *out, tercume_reporter *rep)
{
	const char **put = text_replacements(ed);
	tercume_status st = put ? tu_doc_render_out(ed->doc, put, out) : TERCUME_ENOMEM;

	free(put);
	return tu_out_close(out, st, rep);
}

tercume_status
tercume_edition_write_text(const tercume_edition *ed, const char *path, tercume_reporter *rep)
{
	tu_out *out = malloc(sizeof *out);
	tercume_status st;

	if (out == NULL)
		return TERCUME_ENOMEM;
	st = tu_out_atomic(out, path, rep);
	st = st == TERCUME_OK ? edition_text_out(ed, out, rep) : tu_out_close(out, st, rep);
	free(out);
	return st;
}

tercume_status
tercume_edition_write_text_stream(const tercume_edition *ed, FILE *stream, const char *name,
				  tercume_reporter *rep)
{
	tu_out *out;
	tercume_status st;

	if (stream == NULL)
		return TERCUME_EUSAGE;
	if ((out = malloc(sizeof *out)) == NULL)
		return TERCUME_ENOMEM;
	tu_out_stream(out, stream, name ? name : "standard output");
	st = edition_text_out(ed, out, rep);
	free(out);
	return st;
}

/* ---- the merge ----
 * An engine that takes the catalogue's entries one at a time, in file
 * order, and keeps of each only what the edition needs: a unit's
 * translation, its fill, its codes, and the entry's line for the report;
 * a small copy of the few entries that cannot be placed at once (an ID
 * not in the article, an entry without an ID in the file).  The reports
 * all come at the end, in unit order and then in entry order, whether
 * the entries came from a catalogue (tercume_merge) or straight from the
 * PO reader (tercume_merger_read: the catalogue is never held, issue 15). */

enum {
	HIT_SEEN = 1,	/* a live entry had the unit's ID (a second is a duplicate) */
	HIT_ENTRY = 2,	/* a live entry that is no plural one is the unit's */
	HIT_BREAK = 4	/* its translation had a line break, folded */
};

/* An entry whose ID is not in the article: unknown, or the old
 * translation of an edited unit (the moved index). */
typedef struct stray {
	char *id;
	unsigned long line;
	tercume_place place;
	bool translated;	/* has_translation */
	bool unknown;		/* false: it filled a unit by its source */
	bool claimed;		/* by a unit at its place */
} stray;

struct tercume_merger {
	const tercume_doc *doc;
	tercume_merge_options opts;
	tercume_reporter *rep;
	const char *doc_format;	/* the document's markup, NULL for plain text */
	const char *catfile;	/* in finish: NULL for a catalogue built in memory */
	tercume_edition *ed;	/* fill, repl, codes and bytes as entries come */
	unsigned char *hit;	/* HIT_* per unit */
	unsigned long *line;	/* the line of the unit's entry */
	char **broken;		/* the first problem of its codes (made when needed) */
	size_t with;		/* entries with a translation */
	bool any_target;	/* a live entry with a target (cli_has_translations) */
	size_t obsolete;
	tu_map *ids;		/* live IDs not in the article, for duplicates */
	stray *strays;
	size_t n_strays, cap_strays;
	/* entries the file named no ID for (PO without msgctxt): each fills
	 * every unit whose text is its source, so they are kept */
	tercume_catalog *keep;
	size_t *keep_stray;	/* keep entry -> its stray + 1, or 0 */
	size_t cap_keep;
	tu_map *by_source;	/* source -> keep entry */
	const char **break_id;	/* a unit it filled: the ID its line break is told of */
	/* tercume_merger_read's */
	tercume_catalog *cat;
	bool nomem;
	tu_buf text;		/* a unit's text folded (tu_doc_unit_folding) */
};

static bool
has_translation(const tercume_entry *e)
{
	return e->target != NULL && e->target[0] != '\0' &&
	       (e->state == TERCUME_STATE_TRANSLATED || e->state == TERCUME_STATE_FUZZY);
}

/* Reports a unit that keeps its source text: a warning under the "source"
 * fallback, an error under "fail".  The place is the catalogue entry when
 * there is one (entry, at line), else the unit's line in the article. */
static void
report_kept(tercume_merger *m, size_t i, bool entry, unsigned long entry_line, tercume_fill fill,
	    const char *problem)
{
	tercume_unit_info u;
	bool fail = m->opts.fallback == TERCUME_FALLBACK_FAIL;
	tercume_severity sev = fail ? TERCUME_SEV_ERROR : TERCUME_SEV_WARNING;
	const char *file = tercume_doc_source_path(m->doc);
	unsigned long line;
	const char *why, *check;
	char ctx[64], msg[512];

	tu_doc_unit_folding(m->doc, i, &u, NULL);	/* its ID and line */
	line = u.line;
	if (entry && (m->catfile != NULL || entry_line != 0)) {
		file = m->catfile;
		line = entry_line;
	}
	/* TRANSLATORS: a unit's ID and its place in the article ("paragraph
	   7, sentence 2", as the catalogues say it, in English). */
	switch (fill) {
	case TERCUME_FILL_FUZZY_SKIPPED:
		why = N_("unit %s (%s) has only a fuzzy translation, which is used only "
			 "when asked for");
		check = "fuzzy";
		break;
	case TERCUME_FILL_STALE:
		why = N_("unit %s (%s) has a stale translation: the source it was made for "
			 "no longer matches the unit");
		check = "stale";
		break;
	case TERCUME_FILL_BROKEN:
		why = problem;
		check = "codes";
		break;
	default:
		why = entry ? N_("unit %s (%s) is not translated") :
			N_("unit %s (%s) is not in the catalogue");
		check = "untranslated";
		break;
	}
	tercume_doc_unit_context(m->doc, i, ctx, sizeof ctx);
	if (fill == TERCUME_FILL_BROKEN)
		/* TRANSLATORS: the last %s says what is wrong with the codes. */
		snprintf(msg, sizeof msg, TU_("unit %s (%s): the inline codes of its translation "
					      "are broken: %s"), u.id, ctx, why);
	else
		snprintf(msg, sizeof msg, TU_(why), u.id, ctx);
	/* TRANSLATORS: %s is one of the messages "unit %s (%s) is not
	   translated" and the like. */
	tu_report(m->rep, sev, file, line, 0, check, fail ? "%s" :
		  N_("%s; the source text is kept"), msg);
}

/* The first problem of a translation's codes, for the report. */
typedef struct first_problem {
	size_t n;
	char msg[256];
} first_problem;

static void keep_first(void *user, const char *fmt, ...) TU_PRINTF(2, 3);

static void
keep_first(void *user, const char *fmt, ...)
{
	first_problem *p = user;
	va_list ap;

	if (p->n++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
}

/* Whether the translation's codes are those of unit i (the "codes"
 * check); the first problem goes to *p. */
static tercume_status
codes_fit(const tercume_doc *doc, size_t i, const tercume_entry *e, first_problem *p)
{
	tercume_unit_info u;
	size_t n;

	p->n = 0;
	tu_doc_unit_folding(doc, i, &u, NULL);
	if (u.n_codes == 0 && e->n_target_codes == 0)
		return TERCUME_OK;
	if (u.text == NULL)	/* a plain unit's text, not made yet */
		tercume_doc_unit(doc, i, &u);
	return tu_codes_compare(u.text, strlen(u.text), u.codes, u.n_codes, e->target,
				strlen(e->target), e->target_codes, e->n_target_codes, keep_first,
				p, &n);
}

/* The translation of unit i ready for the skeleton: line breaks folded to
 * spaces, since a break inside a unit would change the layout (a new line
 * is a new paragraph in the one-paragraph-per-line layout: HIT_BREAK, for
 * the warning finish gives); its codes kept; and, when they differ from
 * the text, the bytes it puts in the skeleton: each code's original data
 * from the unit, text escaped for the markup. */
static tercume_status
prepare_target(tercume_merger *m, size_t i, const tercume_entry *e)
{
	tercume_edition *ed = m->ed;
	size_t len;
	char *folded;
	tercume_unit_info u;
	tercume_runs it;
	tercume_run r;
	tu_buf b = TU_BUF_INIT;

	if (m->doc_format != NULL) {
		/* a translation that is the source, codes and all, keeps the
		 * source's bytes (its character references as written) */
		bool same;
		tercume_doc_unit(m->doc, i, &u);
		same = strcmp(e->target, u.text) == 0 && e->n_target_codes == u.n_codes;
		for (size_t k = 0; same && k < u.n_codes; k++)
			same = e->target_codes[k].kind == u.codes[k].kind &&
			       strcmp(e->target_codes[k].id, u.codes[k].id) == 0;
		if (same)
			return TERCUME_OK;
	}
	folded = tu_fold_breaks(e->target, strlen(e->target), &len);

	if (folded)
		m->hit[i] |= HIT_BREAK;
	ed->repl[i] = folded ? folded : tu_strdup(e->target);
	if (ed->repl[i] == NULL)
		return TERCUME_ENOMEM;
	if (e->n_target_codes &&
	    tu_codes_dup(&ed->codes[i], e->target_codes, e->n_target_codes) != TERCUME_OK)
		return TERCUME_ENOMEM;
	ed->n_codes[i] = e->n_target_codes;
	if (e->n_target_codes == 0 && m->doc_format == NULL)
		return TERCUME_OK;	/* plain text: the translation as it is */
	tercume_doc_unit(m->doc, i, &u);
	tercume_runs_init(&it, ed->repl[i], ed->codes[i], ed->n_codes[i]);
	while (tercume_runs_next(&it, &r)) {
		if (r.kind == TERCUME_RUN_TEXT) {
			tu_doc_escape_unit_text(m->doc, i, &b, r.text, r.len);
			continue;
		}
		/* the unit's code of this kind and id: codes_fit found it */
		for (size_t k = 0; k < u.n_codes; k++)
			if (u.codes[k].kind == r.code->kind && strcmp(u.codes[k].id, r.code->id) == 0) {
				if (u.codes[k].data)
					tu_buf_puts(&b, u.codes[k].data);
				break;
			}
	}
	return tu_buf_finish(&b, &ed->bytes[i], NULL);
}

/* Entry e is unit i's: how the unit is filled, and its translation made
 * ready when it is used. */
static tercume_status
place_entry(tercume_merger *m, size_t i, const tercume_entry *e)
{
	tercume_unit_info u;
	first_problem problem = { 0, "" };
	tercume_fill fill;

	m->hit[i] |= HIT_ENTRY;
	m->line[i] = e->line;
	/* its text folded here if it is not made: a merge does not make
	 * every text of the document (issue 15) */
	if (tu_doc_unit_folding(m->doc, i, &u, &m->text) != TERCUME_OK)
		return TERCUME_ENOMEM;
	if (!has_translation(e))
		fill = TERCUME_FILL_UNTRANSLATED;
	else if (strcmp(e->source, u.text) != 0)
		fill = TERCUME_FILL_STALE;
	else if (e->state == TERCUME_STATE_FUZZY && !m->opts.use_fuzzy)
		fill = TERCUME_FILL_FUZZY_SKIPPED;
	else
		fill = e->state == TERCUME_STATE_FUZZY ? TERCUME_FILL_FUZZY
						       : TERCUME_FILL_TRANSLATED;
	if (fill == TERCUME_FILL_TRANSLATED || fill == TERCUME_FILL_FUZZY) {
		if (codes_fit(m->doc, i, e, &problem) != TERCUME_OK)
			return TERCUME_ENOMEM;
		if (problem.n > 0) {
			fill = TERCUME_FILL_BROKEN;
			if (m->broken == NULL &&
			    (m->broken = calloc(m->ed->n + 1, sizeof *m->broken)) == NULL)
				return TERCUME_ENOMEM;
			if ((m->broken[i] = tu_strdup(problem.msg)) == NULL)
				return TERCUME_ENOMEM;
		}
	}
	m->ed->fill[i] = fill;
	if (fill == TERCUME_FILL_TRANSLATED || fill == TERCUME_FILL_FUZZY)
		return prepare_target(m, i, e);
	return TERCUME_OK;
}

/* The unknown entries with a translation, by the place their context
 * note names (role, block ordinal, sentence): where an edited unit finds
 * its old translation, in catalogue order, each at most once.  A hash of
 * numbers, so the merge stays linear when every unit was edited. */
typedef struct moved_index {
	tu_map *head;		/* place -> first unclaimed stray + 1 */
	size_t *next;		/* stray -> the next stray with the same place + 1 */
} moved_index;

static void
place_key(const tercume_place *p, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%zu:%zu", (int)p->role, p->ordinal, p->sentence);
}

static bool
movable(const stray *s)
{
	return s->unknown && s->place.ordinal != 0 && s->translated;
}

static tercume_status
moved_build(moved_index *mi, const tercume_merger *m)
{
	size_t n = m->n_strays, *tail, k_moved = 0;

	for (size_t k = 0; k < n; k++)
		k_moved += movable(&m->strays[k]);
	mi->head = tu_map_new(k_moved);
	mi->next = calloc(n + 1, sizeof *mi->next);
	tail = calloc(n + 1, sizeof *tail);
	if (mi->head == NULL || mi->next == NULL || tail == NULL) {
		free(tail);
		return TERCUME_ENOMEM;
	}
	for (size_t k = 0; k < n; k++) {
		char key[64];
		bool added;
		size_t *slot;

		if (!movable(&m->strays[k]))
			continue;
		place_key(&m->strays[k].place, key, sizeof key);
		slot = tu_map_slot(mi->head, key, &added);
		if (slot == NULL) {
			free(tail);
			return TERCUME_ENOMEM;
		}
		if (added)
			*slot = k + 1;
		else
			mi->next[tail[*slot - 1]] = k + 1;
		tail[*slot - 1] = k;
	}
	free(tail);
	return TERCUME_OK;
}

/* Takes the first stray at place, or returns NULL. */
static stray *
moved_take(moved_index *mi, tercume_merger *m, const tercume_place *place)
{
	char key[64];
	size_t *slot, k;

	place_key(place, key, sizeof key);
	if (!tu_map_get(mi->head, key, NULL) || (slot = tu_map_slot(mi->head, key, NULL)) == NULL ||
	    *slot == 0)
		return NULL;
	k = *slot - 1;
	*slot = mi->next[k];
	m->strays[k].claimed = true;
	return &m->strays[k];
}

static void
moved_free(moved_index *mi)
{
	tu_map_free(mi->head);
	free(mi->next);
}

static tercume_status
edition_arrays(tercume_edition *ed)
{
	ed->repl = calloc(ed->n + 1, sizeof *ed->repl);
	ed->bytes = calloc(ed->n + 1, sizeof *ed->bytes);
	ed->codes = calloc(ed->n + 1, sizeof *ed->codes);
	ed->n_codes = calloc(ed->n + 1, sizeof *ed->n_codes);
	ed->fill = calloc(ed->n + 1, sizeof *ed->fill);
	return ed->repl && ed->bytes && ed->codes && ed->n_codes && ed->fill ? TERCUME_OK
									   : TERCUME_ENOMEM;
}

/* The edition of the source itself: every unit as it is. */
static tercume_status
source_edition(tercume_edition **out, const tercume_doc *doc, tercume_merge_stats *stats)
{
	tercume_edition *ed = calloc(1, sizeof *ed);

	if (ed == NULL)
		return TERCUME_ENOMEM;
	ed->doc = doc;
	ed->n = tercume_doc_unit_count(doc);
	ed->lang = tu_strdup(tercume_doc_source_lang(doc));
	if (!ed->lang || edition_arrays(ed) != TERCUME_OK) {
		tercume_edition_free(ed);
		return TERCUME_ENOMEM;
	}
	for (size_t i = 0; i < ed->n; i++)
		ed->fill[i] = TERCUME_FILL_UNTRANSLATED;
	ed->stats.units = ed->stats.kept = ed->stats.untranslated = ed->n;
	ed->stats.coverage = ed->n ? 0.0 : 100.0;
	if (stats)
		*stats = ed->stats;
	*out = ed;
	return TERCUME_OK;
}

static bool
options_ok(const tercume_merge_options *opts)
{
	return opts->version == TERCUME_MERGE_OPTIONS_VERSION &&
	       (opts->min_coverage >= 0 || opts->min_coverage == -1.0) &&
	       opts->min_coverage <= 100;
}

void
tu_merger_free(tercume_merger *m)
{
	if (m == NULL)
		return;
	tercume_edition_free(m->ed);
	if (m->broken)
		for (size_t i = 0; i < tercume_doc_unit_count(m->doc); i++)
			free(m->broken[i]);
	free(m->broken);
	free(m->hit);
	free(m->line);
	tu_map_free(m->ids);
	for (size_t k = 0; k < m->n_strays; k++)
		free(m->strays[k].id);
	free(m->strays);
	tercume_catalog_free(m->keep);
	free(m->keep_stray);
	tu_map_free(m->by_source);
	free(m->break_id);
	tercume_catalog_free(m->cat);
	tu_buf_free(&m->text);
	free(m);
}

tercume_status
tu_merger_new(tercume_merger **out, const tercume_doc *doc, const tercume_merge_options *opts,
	      tercume_reporter *rep)
{
	static const tercume_merge_options defaults = TERCUME_MERGE_OPTIONS_INIT;
	tercume_merger *m;
	size_t n = tercume_doc_unit_count(doc);

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (!options_ok(opts))
		return TERCUME_EUSAGE;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return TERCUME_ENOMEM;
	m->doc = doc;
	m->opts = *opts;
	m->rep = rep;
	m->doc_format = strcmp(tercume_doc_format(doc), "text") ? tercume_doc_format(doc) : NULL;
	m->ed = calloc(1, sizeof *m->ed);
	m->hit = calloc(n + 1, sizeof *m->hit);
	m->line = calloc(n + 1, sizeof *m->line);
	if (m->ed == NULL || m->hit == NULL || m->line == NULL) {
		tu_merger_free(m);
		return TERCUME_ENOMEM;
	}
	m->ed->doc = doc;
	m->ed->n = n;
	if (edition_arrays(m->ed) != TERCUME_OK) {
		tu_merger_free(m);
		return TERCUME_ENOMEM;
	}
	*out = m;
	return TERCUME_OK;
}

/* Keeps a copy of e, an entry without an ID in the file, for the units
 * whose text is its source; *at: its index among the kept ones. */
static tercume_status
keep_entry(tercume_merger *m, const tercume_entry *e, size_t *at)
{
	size_t *slot;

	if (m->keep == NULL && (m->keep = tercume_catalog_new(NULL, NULL)) == NULL)
		return TERCUME_ENOMEM;
	if (m->by_source == NULL && (m->by_source = tu_map_new(64)) == NULL)
		return TERCUME_ENOMEM;
	*at = tercume_catalog_count(m->keep);
	if (!tu_grow(&m->keep_stray, &m->cap_keep, *at, sizeof *m->keep_stray, 64))
		return TERCUME_ENOMEM;
	if (tu_catalog_add(m->keep, e, true, NULL, 0) != TERCUME_OK)
		return TERCUME_ENOMEM;
	m->keep_stray[*at] = 0;
	if ((slot = tu_map_slot(m->by_source, e->source, NULL)) == NULL)
		return TERCUME_ENOMEM;
	*slot = *at;
	return TERCUME_OK;
}

tercume_status
tu_merger_add(tercume_merger *m, const tercume_entry *e)
{
	size_t i, kept = (size_t)-1;
	tercume_status st;

	if (m->nomem)
		return TERCUME_ENOMEM;
	if (has_translation(e))
		m->with++;
	if (e->target && e->target[0] && e->state != TERCUME_STATE_OBSOLETE)
		m->any_target = true;
	if (e->state == TERCUME_STATE_OBSOLETE) {
		m->obsolete++;
		return TERCUME_OK;
	}
	/* a live ID once: what a catalogue's index refuses */
	i = tercume_doc_find(m->doc, e->id);
	if (i != (size_t)-1) {
		if (m->hit[i] & HIT_SEEN)
			return TERCUME_EINPUT;
		m->hit[i] |= HIT_SEEN;
	} else {
		bool added;

		if (m->ids == NULL && (m->ids = tu_map_new(64)) == NULL)
			goto nomem;
		if (tu_map_slot(m->ids, e->id, &added) == NULL)
			goto nomem;
		if (!added)
			return TERCUME_EINPUT;
	}
	/* Plural entries are no units. */
	if (e->source_plural != NULL)
		return TERCUME_OK;
	if (e->implicit_id && keep_entry(m, e, &kept) != TERCUME_OK)
		goto nomem;
	if (i != (size_t)-1) {
		if ((st = place_entry(m, i, e)) != TERCUME_OK)
			goto nomem;
		return TERCUME_OK;
	}
	if (!tu_grow(&m->strays, &m->cap_strays, m->n_strays, sizeof *m->strays, 64))
		goto nomem;
	m->strays[m->n_strays] = (stray){ tu_strdup(e->id), e->line, e->place, has_translation(e),
					  true, false };
	if (m->strays[m->n_strays].id == NULL)
		goto nomem;
	m->n_strays++;
	if (kept != (size_t)-1)
		m->keep_stray[kept] = m->n_strays;
	return TERCUME_OK;
nomem:
	m->nomem = true;
	return TERCUME_ENOMEM;
}

tercume_status
tu_merger_finish(tercume_merger *m, const char *target_lang, const char *source_lang,
		 const char *catfile, tercume_edition **out, tercume_merge_stats *stats)
{
	const tercume_doc *doc = m->doc;
	tercume_reporter *rep = m->rep;
	const tercume_merge_options *opts = &m->opts;
	moved_index moved = { NULL, NULL };
	tercume_edition *ed = m->ed;
	tercume_merge_stats *s;
	tercume_status st = TERCUME_ENOMEM;
	bool fail;

	*out = NULL;
	if (stats)
		memset(stats, 0, sizeof *stats);
	m->catfile = catfile && catfile[0] ? catfile : NULL;
	if (m->nomem)
		goto done;
	if (target_lang == NULL) {
		size_t with = m->with;

		if (with > 0)
			tu_nerror(rep, m->catfile, 0, 0, with, "the catalogue names no target "
				  "language (an empty PO Language header, as pot2po and OmegaT "
				  "write), but holds %zu translation; name the language with -l LANG",
				  "the catalogue names no target language (an empty PO Language "
				  "header, as pot2po and OmegaT write), but holds %zu translations; "
				  "name the language with -l LANG", with);
		else
			tu_error(rep, m->catfile, 0, 0, "the catalogue is a template (no target "
				 "language); there is nothing to merge");
		return TERCUME_EUSAGE;
	}
	if (strcmp(source_lang, tercume_doc_source_lang(doc)) != 0)
		tu_warning(rep, m->catfile, 0, 0, "the catalogue translates from '%s', the "
			   "article is in '%s'", source_lang, tercume_doc_source_lang(doc));
	fail = opts->fallback == TERCUME_FALLBACK_FAIL;

	if ((ed->lang = tu_strdup(target_lang)) == NULL)
		goto done;
	s = &ed->stats;
	s->units = tercume_doc_unit_count(doc);
	s->obsolete = m->obsolete;

	/* An entry the file named no ID for (PO without msgctxt) fills every
	 * unit whose text is its source: a repeated sentence too. */
	for (size_t i = 0; m->by_source && i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		size_t k;

		if (m->hit[i] & HIT_ENTRY)
			continue;
		/* its text folded here if it is not made (issue 15) */
		if (tu_doc_unit_folding(doc, i, &u, &m->text) != TERCUME_OK)
			goto done;
		if (tu_map_get(m->by_source, u.text, &k)) {
			const tercume_entry *e = tercume_catalog_entry(m->keep, k);

			if (place_entry(m, i, e) != TERCUME_OK)
				goto done;
			if ((m->hit[i] & HIT_BREAK) && strcmp(e->id, u.id) != 0) {
				if (m->break_id == NULL &&
				    (m->break_id = calloc(ed->n + 1, sizeof *m->break_id)) == NULL)
					goto done;
				m->break_id[i] = e->id;
			}
			if (m->keep_stray[k])
				m->strays[m->keep_stray[k] - 1].unknown = false;
		}
	}

	if (moved_build(&moved, m) != TERCUME_OK)
		goto done;

	/* Each unit gets its translation or falls back. */
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		bool entry = (m->hit[i] & HIT_ENTRY) != 0;
		unsigned long line = m->line[i];
		tercume_fill fill = ed->fill[i];

		tu_doc_unit_folding(doc, i, &u, NULL);	/* its place and ID */
		if (!entry) {
			/* An edited sentence has a new ID: its old translation
			 * shows up as an unknown ID with the unit's place as
			 * its context.  It is stale, not unknown. */
			const stray *was = moved_take(&moved, m, &u.place);

			if (was) {
				entry = true;
				line = was->line;
				fill = TERCUME_FILL_STALE;
			} else
				fill = TERCUME_FILL_UNTRANSLATED;
		}
		ed->fill[i] = fill;
		switch (fill) {
		case TERCUME_FILL_TRANSLATED:
		case TERCUME_FILL_FUZZY:
			if (m->hit[i] & HIT_BREAK)
				tu_report(rep, TERCUME_SEV_WARNING, m->catfile, line, 0,
					  "line-break", "the translation of unit %s has a line "
					  "break; it is folded into a space",
					  m->break_id && m->break_id[i] ? m->break_id[i] : u.id);
			if (fill == TERCUME_FILL_TRANSLATED)
				s->translated++;
			else
				s->fuzzy_used++;
			continue;
		case TERCUME_FILL_UNTRANSLATED: s->untranslated++; break;
		case TERCUME_FILL_FUZZY_SKIPPED: s->fuzzy_skipped++; break;
		case TERCUME_FILL_STALE: s->stale++; break;
		case TERCUME_FILL_BROKEN: s->broken++; break;
		}
		s->kept++;
		report_kept(m, i, entry, line, fill,
			    fill == TERCUME_FILL_BROKEN && m->broken ? m->broken[i] : "");
	}

	for (size_t k = 0; k < m->n_strays; k++) {
		const stray *e = &m->strays[k];

		if (!e->unknown || e->claimed)
			continue;
		s->unknown++;
		tu_report(rep, fail ? TERCUME_SEV_ERROR : TERCUME_SEV_WARNING, m->catfile,
			  e->line, 0, "unknown-id", "unit ID '%s' is not in the "
			  "article (%s); the entry is ignored", e->id, tercume_doc_source_path(doc));
	}

	s->coverage = s->units ? 100.0 * (double)(s->translated + s->fuzzy_used) /
				 (double)s->units : 100.0;
	if (fail && (s->kept > 0 || s->unknown > 0)) {
		if (s->kept > 0 && s->unknown > 0) {
			char units[128], ids[128];
			snprintf(units, sizeof units, TU_N("%zu unit without a usable translation",
							   "%zu units without a usable translation",
							   s->kept), s->kept);
			snprintf(ids, sizeof ids, TU_N("%zu unknown ID", "%zu unknown IDs",
						       s->unknown), s->unknown);
			/* TRANSLATORS: "%zu units without a usable translation" and
			   "%zu unknown IDs". */
			tu_error(rep, m->catfile, 0, 0, "the edition is refused: %s, %s", units, ids);
		} else if (s->kept > 0)
			tu_nerror(rep, m->catfile, 0, 0, s->kept,
				  "the edition is refused: %zu unit without a usable translation",
				  "the edition is refused: %zu units without a usable translation",
				  s->kept);
		else
			tu_nerror(rep, m->catfile, 0, 0, s->unknown,
				  "the edition is refused: %zu unknown ID",
				  "the edition is refused: %zu unknown IDs", s->unknown);
		s->refused = 1;
	}
	if (opts->min_coverage == -1.0 && s->units > 0 && s->coverage < TERCUME_MERGE_FLOOR) {
		/* The default floor: an edition hardly translated at all is
		 * almost always a mistake (the wrong catalogue, states that
		 * read as unreviewed), never something to publish quietly. */
		char hint[512] = "";

		if (s->fuzzy_skipped > 0)
			/* TRANSLATORS: added to the next message. */
			snprintf(hint, sizeof hint, TU_N("; %zu unit has only a translation marked "
				 "as needing review (fuzzy; in XLIFF 2.0 also state 'initial' or "
				 "none), which --use-fuzzy uses", "; %zu units have only a translation "
				 "marked as needing review (fuzzy; in XLIFF 2.0 also state 'initial' "
				 "or none), which --use-fuzzy uses", s->fuzzy_skipped), s->fuzzy_skipped);
		tu_error(rep, m->catfile, 0, 0, "the edition is refused: %zu of its %zu units "
			 "(%.1f%%) have a usable translation, less than the %.0f%% below which an "
			 "edition is hardly translated at all%s; --min-coverage 0 makes it all "
			 "the same", s->translated + s->fuzzy_used, s->units, s->coverage,
			 TERCUME_MERGE_FLOOR, hint);
		s->refused = 1;
	}
	if (opts->min_coverage > 0 && s->coverage < opts->min_coverage) {
		tu_error(rep, m->catfile, 0, 0, "the edition is refused: %.1f%% of the units "
			 "are translated, less than the %.1f%% required", s->coverage,
			 opts->min_coverage);
		s->refused = 1;
	}
	if (stats)
		*stats = *s;
	if (s->refused) {
		st = TERCUME_EINPUT;
		goto done;
	}
	*out = ed;
	m->ed = NULL;
	st = TERCUME_OK;
done:
	if (st == TERCUME_ENOMEM)
		tu_error(rep, NULL, 0, 0, "out of memory merging the translations");
	moved_free(&moved);
	return st;
}

tercume_status
tercume_merge(tercume_edition **out, const tercume_doc *doc, const tercume_catalog *cat,
	      const tercume_merge_options *opts, tercume_merge_stats *stats,
	      tercume_reporter *rep)
{
	static const tercume_merge_options defaults = TERCUME_MERGE_OPTIONS_INIT;
	tercume_merger *m;
	tercume_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (stats)
		memset(stats, 0, sizeof *stats);
	if (!options_ok(opts))
		return TERCUME_EUSAGE;
	if (cat == NULL)
		return source_edition(out, doc, stats);
	if ((st = tu_merger_new(&m, doc, opts, rep)) != TERCUME_OK) {
		if (st == TERCUME_ENOMEM)
			tu_error(rep, NULL, 0, 0, "out of memory merging the translations");
		return st;
	}
	/* a catalogue's entries are checked and have distinct IDs: add fails
	 * only for want of memory, which finish reports */
	for (size_t k = 0; k < tercume_catalog_count(cat); k++)
		if (tu_merger_add(m, tercume_catalog_entry(cat, k)) != TERCUME_OK) {
			m->nomem = true;
			break;
		}
	st = tu_merger_finish(m, tercume_catalog_target_lang(cat), tercume_catalog_source_lang(cat),
			      tercume_catalog_file(cat), out, stats);
	tu_merger_free(m);
	return st;
}

/* The merge as the catalogue is read; e NULL: what came is void, and is
 * let go at once (the file is read whole next: not both at a time). */
static tercume_status
merger_sink(void *user, const tercume_entry *e)
{
	tercume_merger *m = user;

	if (e != NULL)
		return tu_merger_add(m, e);
	tercume_edition_free(m->ed);
	m->ed = NULL;
	if (m->broken)
		for (size_t i = 0; i < tercume_doc_unit_count(m->doc); i++)
			free(m->broken[i]);
	free(m->broken);
	m->broken = NULL;
	for (size_t k = 0; k < m->n_strays; k++)
		free(m->strays[k].id);
	m->n_strays = 0;
	tercume_catalog_free(m->keep);
	m->keep = NULL;
	tu_map_free(m->by_source);
	m->by_source = NULL;
	tu_map_free(m->ids);
	m->ids = NULL;
	m->nomem = true;	/* nothing more is taken: the merger is made again */
	return TERCUME_OK;
}

tercume_status
tercume_merger_read(tercume_merger **out, const tercume_doc *doc, const char *path,
		    tercume_format fmt, const tercume_merge_options *opts, tercume_reporter *rep)
{
	tercume_merger *m;
	tercume_catalog *cat = NULL;
	tercume_status st;
	bool streamed = false;

	*out = NULL;
	if ((st = tu_merger_new(&m, doc, opts, rep)) != TERCUME_OK)
		return st;
	st = tu_catalog_read_sink(&cat, path, fmt, merger_sink, m, &streamed, rep);
	if (st != TERCUME_OK) {
		tu_merger_free(m);
		return st;
	}
	if (!streamed) {
		/* a file read whole (another format, libgettextpo's, a PO file
		 * of gettext's contexts): a new engine, given its entries */
		tu_merger_free(m);
		if ((st = tu_merger_new(&m, doc, opts, rep)) != TERCUME_OK) {
			tercume_catalog_free(cat);
			return st;
		}
		for (size_t k = 0; k < tercume_catalog_count(cat); k++)
			if (tu_merger_add(m, tercume_catalog_entry(cat, k)) != TERCUME_OK) {
				m->nomem = true;
				break;
			}
	}
	m->cat = cat;
	*out = m;
	return TERCUME_OK;
}

tercume_catalog *
tercume_merger_catalog(tercume_merger *m)
{
	return m->cat;
}

int
tercume_merger_has_translations(const tercume_merger *m)
{
	return m->any_target;
}

tercume_status
tercume_merger_finish(tercume_merger *m, tercume_edition **out, tercume_merge_stats *stats)
{
	return tu_merger_finish(m, tercume_catalog_target_lang(m->cat),
				tercume_catalog_source_lang(m->cat), tercume_catalog_file(m->cat),
				out, stats);
}

void
tercume_merger_free(tercume_merger *m)
{
	tu_merger_free(m);
}

/* ---- the summary ---- */

/* The name of a language in the language of the messages ("English" for
 * "en" in English, "английский" in Russian), or the tag. */
static void
language_name(const char *tag, char *buf, size_t size)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar name[64];
	char in[32];
	int32_t n;

	n = uloc_getDisplayLanguage(tag, tu_messages_lang(in, sizeof in), name, 64, &err);
	if (U_SUCCESS(err) && n > 0 && err != U_USING_DEFAULT_WARNING) {
		u_strToUTF8(buf, (int32_t)size, NULL, name, n, &err);
		if (U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING)
			return;
	}
	snprintf(buf, size, "%s", tag);
}

char *
tercume_merge_summary(const tercume_merge_stats *s, const char *target_lang,
		      const char *source_lang, char *buf, size_t size)
{
	char lang[128];
	int n;

	language_name(source_lang ? source_lang : "en", lang, sizeof lang);
	/* TRANSLATORS: merge's summary, "ru: 69 units, 69 translated, 0 fuzzy
	   used, 0 kept in English, 0 stale": the edition's language tag and
	   the units; the counts that follow come in the next message. */
	n = snprintf(buf, size, TU_N("%s: %zu unit", "%s: %zu units", s->units),
		     target_lang ? target_lang : "?", s->units);
	/* TRANSLATORS: the rest of merge's summary: translated, fuzzy
	   translations used, units kept in the source language (its name, as
	   ICU writes it in your language: "English"), stale. */
	if (n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n,
			      TU_(", %zu translated, %zu fuzzy used, %zu kept in %s, %zu stale"),
			      s->translated, s->fuzzy_used, s->kept, lang, s->stale);
	if (s->fuzzy_skipped && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, TU_(", %zu fuzzy not used"),
			      s->fuzzy_skipped);
	if (s->broken && n >= 0 && (size_t)n < size)
		n += snprintf(buf + n, size - (size_t)n, TU_(", %zu with broken codes"), s->broken);
	if (s->unknown && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, TU_N(", %zu unknown ID", ", %zu unknown IDs",
							 s->unknown), s->unknown);
	return buf;
}
