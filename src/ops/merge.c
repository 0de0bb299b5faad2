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

/* ---- the merge ---- */

typedef struct merge_ctx {
	const tercume_doc *doc;
	const tercume_catalog *cat;
	const tercume_merge_options *opts;
	const char *catfile;	/* NULL for a catalogue built in memory */
	tercume_reporter *rep;
	const char *doc_format;	/* the document's markup, NULL for plain text */
} merge_ctx;

static bool
has_translation(const tercume_entry *e)
{
	return e->target != NULL && e->target[0] != '\0' &&
	       (e->state == TERCUME_STATE_TRANSLATED || e->state == TERCUME_STATE_FUZZY);
}

/* Reports a unit that keeps its source text: a warning under the "source"
 * fallback, an error under "fail".  The place is the catalogue entry when
 * there is one, else the unit's line in the article. */
static void
report_kept(merge_ctx *m, size_t i, const tercume_entry *e, tercume_fill fill,
	    const char *problem)
{
	tercume_unit_info u;
	bool fail = m->opts->fallback == TERCUME_FALLBACK_FAIL;
	tercume_severity sev = fail ? TERCUME_SEV_ERROR : TERCUME_SEV_WARNING;
	const char *file = tercume_doc_source_path(m->doc);
	unsigned long line;
	const char *why, *check;
	char ctx[64], msg[512];

	tercume_doc_unit(m->doc, i, &u);
	line = u.line;
	if (e != NULL && (m->catfile != NULL || e->line != 0)) {
		file = m->catfile;
		line = e->line;
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
		why = e ? N_("unit %s (%s) is not translated") :
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
	tercume_doc_unit(doc, i, &u);
	if (u.n_codes == 0 && e->n_target_codes == 0)
		return TERCUME_OK;
	return tu_codes_compare(u.text, strlen(u.text), u.codes, u.n_codes, e->target,
				strlen(e->target), e->target_codes, e->n_target_codes, keep_first,
				p, &n);
}

/* The translation of unit i ready for the skeleton: line breaks folded to
 * spaces, since a break inside a unit would change the layout (a new line
 * is a new paragraph in the one-paragraph-per-line layout); its codes kept;
 * and, when they differ from the text, the bytes it puts in the skeleton:
 * each code's original data from the unit, text escaped for the markup. */
static tercume_status
prepare_target(merge_ctx *m, tercume_edition *ed, size_t i, const tercume_entry *e)
{
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
		tu_report(m->rep, TERCUME_SEV_WARNING, m->catfile, e->line, 0,
			  "line-break", "the translation of unit %s has a line break; it is folded "
			  "into a space", e->id);
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

/* The unknown entries with a translation, by the place their context
 * note names (role, block ordinal, sentence): where an edited unit finds
 * its old translation, in catalogue order, each at most once.  A hash of
 * numbers, so the merge stays linear when every unit was edited. */
typedef struct moved_index {
	tu_map *head;		/* place -> first unclaimed entry index + 1 */
	size_t *next;		/* entry -> the next entry with the same place + 1 */
} moved_index;

static void
place_key(const tercume_place *p, char *buf, size_t size)
{
	snprintf(buf, size, "%d:%zu:%zu", (int)p->role, p->ordinal, p->sentence);
}

static tercume_status
moved_build(moved_index *mi, const tercume_catalog *cat, const bool *unknown)
{
	size_t n = tercume_catalog_count(cat), *tail, m = 0;

	/* sized for the entries it will hold, mostly none: not one slot per
	 * entry of the catalogue (issue 15) */
	for (size_t k = 0; k < n; k++)
		m += unknown[k] && tercume_catalog_entry(cat, k)->place.ordinal != 0 &&
		     has_translation(tercume_catalog_entry(cat, k));
	mi->head = tu_map_new(m);
	mi->next = calloc(n + 1, sizeof *mi->next);
	tail = calloc(n + 1, sizeof *tail);
	if (mi->head == NULL || mi->next == NULL || tail == NULL) {
		free(tail);
		return TERCUME_ENOMEM;
	}
	for (size_t k = 0; k < n; k++) {
		const tercume_entry *e = tercume_catalog_entry(cat, k);
		char key[64];
		bool added;
		size_t *slot;

		if (!unknown[k] || e->place.ordinal == 0 || !has_translation(e))
			continue;
		place_key(&e->place, key, sizeof key);
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

/* Takes the first entry at place, or returns NULL. */
static const tercume_entry *
moved_take(moved_index *mi, const tercume_catalog *cat, const tercume_place *place,
	   bool *claimed)
{
	char key[64];
	size_t *slot, k;

	place_key(place, key, sizeof key);
	if (!tu_map_get(mi->head, key, NULL) || (slot = tu_map_slot(mi->head, key, NULL)) == NULL ||
	    *slot == 0)
		return NULL;
	k = *slot - 1;
	*slot = mi->next[k];
	claimed[k] = true;
	return tercume_catalog_entry(cat, k);
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

tercume_status
tercume_merge(tercume_edition **out, const tercume_doc *doc, const tercume_catalog *cat,
	      const tercume_merge_options *opts, tercume_merge_stats *stats,
	      tercume_reporter *rep)
{
	static const tercume_merge_options defaults = TERCUME_MERGE_OPTIONS_INIT;
	size_t n_entries;
	const tercume_entry **by_unit = NULL;
	bool *unknown = NULL, *claimed = NULL;
	moved_index moved = { NULL, NULL };
	tu_map *by_source = NULL;	/* source -> entry, for entries without an ID */
	tercume_edition *ed = NULL;
	tercume_merge_stats *s;
	tercume_status st = TERCUME_ENOMEM;
	merge_ctx m;
	bool fail;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (stats)
		memset(stats, 0, sizeof *stats);
	if (opts->version != TERCUME_MERGE_OPTIONS_VERSION ||
	    (opts->min_coverage < 0 && opts->min_coverage != -1.0) || opts->min_coverage > 100)
		return TERCUME_EUSAGE;
	if (cat == NULL)
		return source_edition(out, doc, stats);
	m = (merge_ctx){ doc, cat, opts, tercume_catalog_file(cat), rep,
			 strcmp(tercume_doc_format(doc), "text") ? tercume_doc_format(doc) : NULL };
	if (m.catfile && m.catfile[0] == '\0')
		m.catfile = NULL;
	n_entries = tercume_catalog_count(cat);
	if (tercume_catalog_target_lang(cat) == NULL) {
		size_t with = 0;

		for (size_t k = 0; k < n_entries; k++)
			with += has_translation(tercume_catalog_entry(cat, k));
		if (with > 0)
			tu_nerror(rep, m.catfile, 0, 0, with, "the catalogue names no target "
				  "language (an empty PO Language header, as pot2po and OmegaT "
				  "write), but holds %zu translation; name the language with -l LANG",
				  "the catalogue names no target language (an empty PO Language "
				  "header, as pot2po and OmegaT write), but holds %zu translations; "
				  "name the language with -l LANG", with);
		else
			tu_error(rep, m.catfile, 0, 0, "the catalogue is a template (no target "
				 "language); there is nothing to merge");
		return TERCUME_EUSAGE;
	}
	if (strcmp(tercume_catalog_source_lang(cat), tercume_doc_source_lang(doc)) != 0)
		tu_warning(rep, m.catfile, 0, 0, "the catalogue translates from '%s', the "
			   "article is in '%s'", tercume_catalog_source_lang(cat),
			   tercume_doc_source_lang(doc));
	fail = opts->fallback == TERCUME_FALLBACK_FAIL;

	ed = calloc(1, sizeof *ed);
	by_unit = calloc(tercume_doc_unit_count(doc) + 1, sizeof *by_unit);
	unknown = calloc(n_entries + 1, sizeof *unknown);
	claimed = calloc(n_entries + 1, sizeof *claimed);
	if (!ed || !by_unit || !unknown || !claimed)
		goto done;
	ed->doc = doc;
	ed->n = tercume_doc_unit_count(doc);
	ed->lang = tu_strdup(tercume_catalog_target_lang(cat));
	if (!ed->lang || edition_arrays(ed) != TERCUME_OK)
		goto done;
	s = &ed->stats;
	s->units = tercume_doc_unit_count(doc);

	/* Each entry finds its unit by ID.  Plural entries are no units. */
	for (size_t k = 0; k < n_entries; k++) {
		const tercume_entry *e = tercume_catalog_entry(cat, k);
		size_t i;

		if (e->state == TERCUME_STATE_OBSOLETE) {
			s->obsolete++;
			continue;
		}
		if (e->source_plural != NULL)
			continue;
		if (e->implicit_id) {
			size_t *slot;

			if (by_source == NULL && (by_source = tu_map_new(64)) == NULL)
				goto done;
			if ((slot = tu_map_slot(by_source, e->source, NULL)) == NULL)
				goto done;
			*slot = k;
		}
		i = tercume_doc_find(doc, e->id);
		if (i == (size_t)-1)
			unknown[k] = true;
		else
			by_unit[i] = e;
	}
	/* An entry the file named no ID for (PO without msgctxt) fills every
	 * unit whose text is its source: a repeated sentence too. */
	for (size_t i = 0; by_source && i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		size_t k;

		tercume_doc_unit(doc, i, &u);
		if (by_unit[i] == NULL && tu_map_get(by_source, u.text, &k)) {
			by_unit[i] = tercume_catalog_entry(cat, k);
			unknown[k] = false;
		}
	}

	if (moved_build(&moved, cat, unknown) != TERCUME_OK)
		goto done;

	/* Each unit gets its translation or falls back. */
	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		const tercume_entry *e = by_unit[i];
		tercume_unit_info u;
		first_problem problem = { 0, "" };
		tercume_fill fill;

		tercume_doc_unit(doc, i, &u);
		if (e == NULL || !has_translation(e)) {
			/* An edited sentence has a new ID: its old translation
			 * shows up as an unknown ID with the unit's place as
			 * its context.  It is stale, not unknown. */
			const tercume_entry *was = NULL;

			if (e == NULL)
				was = moved_take(&moved, cat, &u.place, claimed);
			if (was) {
				e = was;
				fill = TERCUME_FILL_STALE;
			} else
				fill = TERCUME_FILL_UNTRANSLATED;
		} else if (strcmp(e->source, u.text) != 0)
			fill = TERCUME_FILL_STALE;
		else if (e->state == TERCUME_STATE_FUZZY && !opts->use_fuzzy)
			fill = TERCUME_FILL_FUZZY_SKIPPED;
		else
			fill = e->state == TERCUME_STATE_FUZZY ? TERCUME_FILL_FUZZY
							       : TERCUME_FILL_TRANSLATED;
		if (fill == TERCUME_FILL_TRANSLATED || fill == TERCUME_FILL_FUZZY) {
			if (codes_fit(doc, i, e, &problem) != TERCUME_OK)
				goto done;
			if (problem.n > 0)
				fill = TERCUME_FILL_BROKEN;
		}
		ed->fill[i] = fill;
		switch (fill) {
		case TERCUME_FILL_TRANSLATED:
		case TERCUME_FILL_FUZZY:
			if (prepare_target(&m, ed, i, e) != TERCUME_OK)
				goto done;
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
		report_kept(&m, i, e, fill, problem.msg);
	}

	for (size_t k = 0; k < n_entries; k++) {
		const tercume_entry *e = tercume_catalog_entry(cat, k);

		if (!unknown[k] || claimed[k])
			continue;
		s->unknown++;
		tu_report(rep, fail ? TERCUME_SEV_ERROR : TERCUME_SEV_WARNING, m.catfile,
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
			tu_error(rep, m.catfile, 0, 0, "the edition is refused: %s, %s", units, ids);
		} else if (s->kept > 0)
			tu_nerror(rep, m.catfile, 0, 0, s->kept,
				  "the edition is refused: %zu unit without a usable translation",
				  "the edition is refused: %zu units without a usable translation",
				  s->kept);
		else
			tu_nerror(rep, m.catfile, 0, 0, s->unknown,
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
		tu_error(rep, m.catfile, 0, 0, "the edition is refused: %zu of its %zu units "
			 "(%.1f%%) have a usable translation, less than the %.0f%% below which an "
			 "edition is hardly translated at all%s; --min-coverage 0 makes it all "
			 "the same", s->translated + s->fuzzy_used, s->units, s->coverage,
			 TERCUME_MERGE_FLOOR, hint);
		s->refused = 1;
	}
	if (opts->min_coverage > 0 && s->coverage < opts->min_coverage) {
		tu_error(rep, m.catfile, 0, 0, "the edition is refused: %.1f%% of the units "
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
	ed = NULL;
	st = TERCUME_OK;
done:
	if (st == TERCUME_ENOMEM)
		tu_error(rep, NULL, 0, 0, "out of memory merging the translations");
	tercume_edition_free(ed);
	moved_free(&moved);
	tu_map_free(by_source);
	free(by_unit);
	free(unknown);
	free(claimed);
	return st;
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
