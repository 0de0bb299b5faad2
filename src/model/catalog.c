/* catalog.c — the catalogue model: units with translations and states, and
 * the choice of format module for reading and writing. */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>


struct tercume_catalog {
	char *source_lang;
	char *target_lang;
	char *source_path;
	char *file;
	char *format_data;	/* tercume_catalog_format_data */
	char *po_header;	/* as read, or NULL */
	char *po_header_comments;
	char *po_header_extracted;
	int po_header_fuzzy;
	tercume_entry *entries;	/* strings in strings, codes owned */
	tu_arena strings;	/* the entries' strings */
	size_t n, cap;
	tu_map *index;		/* id -> entry index, non-obsolete entries */
	tu_entry_sink sink;	/* sink mode: the entries go there, not kept */
	void *sink_user;
};

static const char *const state_names[] = {
	[TERCUME_STATE_UNTRANSLATED] = "untranslated",
	[TERCUME_STATE_FUZZY] = "fuzzy",
	[TERCUME_STATE_TRANSLATED] = "translated",
	[TERCUME_STATE_OBSOLETE] = "obsolete",
};

const char *
tercume_state_name(tercume_state state)
{
	if ((size_t)state < sizeof state_names / sizeof state_names[0])
		return state_names[state];
	return "?";
}

tercume_catalog *
tercume_catalog_new(const char *source_lang, const char *target_lang)
{
	tercume_catalog *cat = calloc(1, sizeof *cat);

	if (cat == NULL)
		return NULL;
	cat->source_lang = tu_strdup(source_lang ? source_lang : "en");
	cat->target_lang = tu_strdup(target_lang);
	cat->file = tu_strdup("");
	cat->index = tu_map_new(64);
	if (!cat->source_lang || (target_lang && !cat->target_lang) || !cat->file || !cat->index) {
		tercume_catalog_free(cat);
		return NULL;
	}
	return cat;
}

/* The strings stay in the catalogue's arena until it goes. */
static void
entry_free_strings(tercume_entry *e)
{
	free((void *)e->plural_targets);
	e->plural_targets = NULL;
	tu_codes_free((tercume_code *)e->source_codes, e->n_source_codes);
	tu_codes_free((tercume_code *)e->target_codes, e->n_target_codes);
	tu_codes_free((tercume_code *)e->previous_codes, e->n_previous_codes);
}

void
tercume_catalog_free(tercume_catalog *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++)
		entry_free_strings(&cat->entries[i]);
	free(cat->entries);
	tu_arena_free(&cat->strings);
	free(cat->source_lang);
	free(cat->target_lang);
	free(cat->source_path);
	free(cat->file);
	free(cat->format_data);
	free(cat->po_header);
	free(cat->po_header_comments);
	free(cat->po_header_extracted);
	tu_map_free(cat->index);
	free(cat);
}

/* Why e cannot enter a catalogue (into why), or "" when it can. */
static bool
entry_text_ok(const tercume_entry *e, char *why, size_t size)
{
	const char *plain[] = { e->id, e->context, e->reference, e->comment, e->format_state,
				e->msgctxt, e->po_formats, e->source_plural };
	/* the names of the fields, translated where they are said (TU_) */
	const char *names[] = { N_("ID"), N_("context"), N_("reference"), N_("comment"), N_("state"),
				"msgctxt", N_("format flags"), N_("plural source") };
	const struct {
		const char *what, *text;
		const tercume_code *codes;
		size_t n;
	} rich[] = {
		{ N_("source"), e->source, e->source_codes, e->n_source_codes },
		{ N_("translation"), e->target, e->target_codes, e->n_target_codes },
		{ N_("previous source"), e->previous_source, e->previous_codes, e->n_previous_codes },
	};
	char p[160];
	size_t at;

	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		tu_text_problem pr;

		if (plain[i] && (pr = tu_text_check(plain[i], strlen(plain[i]), false, &at)) != TU_TEXT_OK) {
			/* TRANSLATORS: the name of a field of the entry (translated
			   apart: ID, context, comment, ...), then what is wrong with
			   its text ("invalid UTF-8 (byte 0xC3)", "a NUL byte", ...). */
			snprintf(why, size, TU_("the %s holds %s"), names[i][0] == 'm' ? names[i] : TU_(names[i]),
				 tu_text_problem_name(pr, plain[i], at, p, sizeof p));
			return false;
		}
	}
	for (size_t k = 0; e->plural_targets && k < e->n_plural_targets; k++) {
		const char *t = e->plural_targets[k];
		tu_text_problem pr;

		if (t && (pr = tu_text_check(t, strlen(t), false, &at)) != TU_TEXT_OK) {
			snprintf(why, size, TU_("a plural translation holds %s"),
				 tu_text_problem_name(pr, t, at, p, sizeof p));
			return false;
		}
	}
	for (size_t i = 0; i < sizeof rich / sizeof rich[0]; i++) {
		const char *t = rich[i].text;
		tu_text_problem pr;

		if (t == NULL) {
			if (rich[i].n > 0) {
				snprintf(why, size, TU_("codes for a %s that is not there"), TU_(rich[i].what));
				return false;
			}
			continue;
		}
		if ((pr = tu_text_check(t, strlen(t), true, &at)) != TU_TEXT_OK) {
			snprintf(why, size, TU_("the %s holds %s"), TU_(rich[i].what),
				 tu_text_problem_name(pr, t, at, p, sizeof p));
			return false;
		}
		if (!tercume_rich_valid(t, strlen(t), rich[i].codes, rich[i].n)) {
			snprintf(why, size, TU_("the inline codes of the %s do not match its text "
				 "(one code per marker, of its kind, each with an ID)"), TU_(rich[i].what));
			return false;
		}
		for (size_t k = 0; k < rich[i].n; k++)
			if (!tu_code_fields_ok(&rich[i].codes[k])) {
				snprintf(why, size, TU_("inline code '%s' of the %s holds invalid text"),
					 rich[i].codes[k].id, TU_(rich[i].what));
				return false;
			}
	}
	why[0] = '\0';
	return true;
}

tercume_status
tu_catalog_add(tercume_catalog *cat, const tercume_entry *e, bool trusted, char *why,
	       size_t why_size)
{
	tercume_entry *c;
	char ctx[96], scratch[8];
	const char *context = e->context;
	tercume_status st;

	if (why == NULL || why_size == 0) {
		why = scratch;
		why_size = sizeof scratch;
	}
	why[0] = '\0';
	if (e->id == NULL || e->source == NULL)
		return TERCUME_EUSAGE;
	if (!trusted && !entry_text_ok(e, why, why_size))
		return TERCUME_EINPUT;
	if (e->state != TERCUME_STATE_OBSOLETE && tu_map_get(cat->index, e->id, NULL))
		return TERCUME_EINPUT;
	if (cat->sink != NULL) {
		/* checked, and its place made as a kept entry's is: the sink
		 * takes what it needs (and finds duplicates itself) */
		tercume_entry c = *e;

		if (context == NULL && c.place.ordinal > 0)
			c.context = tercume_place_format(&c.place, ctx, sizeof ctx);
		else if (c.place.ordinal == 0 && context != NULL)
			tercume_place_parse(context, &c.place);
		return cat->sink(cat->sink_user, &c);
	}
	if (cat->n == cat->cap) {
		size_t cap = cat->cap ? cat->cap * 2 : 64;
		tercume_entry *p = realloc(cat->entries, cap * sizeof *p);
		if (p == NULL)
			return TERCUME_ENOMEM;
		cat->entries = p;
		cat->cap = cap;
	}
	c = &cat->entries[cat->n];
	*c = *e;
	/* The place and its display form: each is made from the other. */
	if (context == NULL && c->place.ordinal > 0)
		context = tercume_place_format(&c->place, ctx, sizeof ctx);
	else if (c->place.ordinal == 0 && context != NULL)
		tercume_place_parse(context, &c->place);
	c->id = tu_arena_strdup(&cat->strings, e->id);
	c->source = tu_arena_strdup(&cat->strings, e->source);
	c->target = tu_arena_strdup(&cat->strings, e->target);
	c->context = tu_arena_strdup(&cat->strings, context);
	c->reference = tu_arena_strdup(&cat->strings, e->reference);
	c->comment = tu_arena_strdup(&cat->strings, e->comment);
	c->previous_source = tu_arena_strdup(&cat->strings, e->previous_source);
	c->format_state = tu_arena_strdup(&cat->strings, e->format_state);
	c->format_data = tu_arena_strdup(&cat->strings, e->format_data);
	c->source_codes = c->target_codes = c->previous_codes = NULL;
	c->n_source_codes = c->n_target_codes = c->n_previous_codes = 0;
	c->source_plural = tu_arena_strdup(&cat->strings, e->source_plural);
	c->msgctxt = tu_arena_strdup(&cat->strings, e->msgctxt);
	c->po_formats = tu_arena_strdup(&cat->strings, e->po_formats);
	c->plural_targets = NULL;
	if (e->n_plural_targets > 0) {
		char **forms = calloc(e->n_plural_targets, sizeof *forms);

		c->plural_targets = (const char *const *)forms;
		for (size_t k = 0; forms && k < e->n_plural_targets; k++)
			if ((forms[k] = tu_arena_strdup(&cat->strings,
						       e->plural_targets[k] ? e->plural_targets[k] : ""))
			    == NULL) {
				c->n_plural_targets = k;
				goto nomem;
			}
		if (forms == NULL) {
			c->n_plural_targets = 0;
			goto nomem;
		}
	}
	if ((e->source_plural && !c->source_plural) || (e->msgctxt && !c->msgctxt) ||
	    (e->po_formats && !c->po_formats) || !c->id || !c->source || (e->target && !c->target) || (context && !c->context) ||
	    (e->reference && !c->reference) || (e->comment && !c->comment) ||
	    (e->previous_source && !c->previous_source) || (e->format_state && !c->format_state) ||
	    (e->format_data && !c->format_data))
		goto nomem;
	if ((st = tu_codes_dup((tercume_code **)&c->source_codes, e->source_codes,
			       e->n_source_codes)) != TERCUME_OK)
		goto nomem;
	c->n_source_codes = e->n_source_codes;
	if ((st = tu_codes_dup((tercume_code **)&c->target_codes, e->target_codes,
			       e->n_target_codes)) != TERCUME_OK)
		goto nomem;
	c->n_target_codes = e->n_target_codes;
	if ((st = tu_codes_dup((tercume_code **)&c->previous_codes, e->previous_codes,
			       e->n_previous_codes)) != TERCUME_OK)
		goto nomem;
	c->n_previous_codes = e->n_previous_codes;
	if (e->state != TERCUME_STATE_OBSOLETE) {
		size_t *slot = tu_map_slot(cat->index, c->id, NULL);
		if (slot == NULL)
			goto nomem;
		*slot = cat->n;
	}
	cat->n++;
	return TERCUME_OK;
nomem:
	entry_free_strings(c);
	return TERCUME_ENOMEM;
}

void
tu_catalog_set_sink(tercume_catalog *cat, tu_entry_sink sink, void *user)
{
	cat->sink = sink;
	cat->sink_user = user;
}

tercume_status
tercume_catalog_add(tercume_catalog *cat, const tercume_entry *e)
{
	return tu_catalog_add(cat, e, false, NULL, 0);
}

size_t tercume_catalog_count(const tercume_catalog *cat) { return cat->n; }

const tercume_entry *
tercume_catalog_entry(const tercume_catalog *cat, size_t i)
{
	return i < cat->n ? &cat->entries[i] : NULL;
}

const tercume_entry *
tercume_catalog_find(const tercume_catalog *cat, const char *id)
{
	size_t i;

	return tu_map_get(cat->index, id, &i) ? &cat->entries[i] : NULL;
}

const char *tercume_catalog_source_lang(const tercume_catalog *cat) { return cat->source_lang; }
const char *tercume_catalog_target_lang(const tercume_catalog *cat) { return cat->target_lang; }
const char *tercume_catalog_source_path(const tercume_catalog *cat) { return cat->source_path; }
const char *tercume_catalog_file(const tercume_catalog *cat) { return cat->file; }
const char *tercume_catalog_po_header(const tercume_catalog *cat) { return cat->po_header; }
const char *tercume_catalog_po_header_comments(const tercume_catalog *cat) { return cat->po_header_comments; }
const char *tercume_catalog_po_header_extracted(const tercume_catalog *cat) { return cat->po_header_extracted; }
int tercume_catalog_po_header_fuzzy(const tercume_catalog *cat) { return cat->po_header_fuzzy; }

static tercume_status
replace_string(char **slot, const char *value)
{
	char *p = tu_strdup(value);

	if (value && !p)
		return TERCUME_ENOMEM;
	free(*slot);
	*slot = p;
	return TERCUME_OK;
}

tercume_status
tercume_catalog_set_source_path(tercume_catalog *cat, const char *path)
{
	return replace_string(&cat->source_path, path);
}

tercume_status
tercume_catalog_set_target_lang(tercume_catalog *cat, const char *lang)
{
	return replace_string(&cat->target_lang, lang);
}

const char *tercume_catalog_format_data(const tercume_catalog *cat) { return cat->format_data; }

tercume_status
tercume_catalog_set_format_data(tercume_catalog *cat, const char *data)
{
	return replace_string(&cat->format_data, data);
}

tercume_status
tercume_catalog_set_po_header(tercume_catalog *cat, const char *header)
{
	return replace_string(&cat->po_header, header);
}

tercume_status
tercume_catalog_set_po_header_comments(tercume_catalog *cat, const char *comments,
				       const char *extracted, int fuzzy)
{
	cat->po_header_fuzzy = fuzzy != 0;
	if (replace_string(&cat->po_header_extracted, extracted) != TERCUME_OK)
		return TERCUME_ENOMEM;
	return replace_string(&cat->po_header_comments, comments);
}

tercume_status
tu_catalog_set_source_lang(tercume_catalog *cat, const char *lang)
{
	return lang ? replace_string(&cat->source_lang, lang) : TERCUME_EUSAGE;
}

tercume_status
tu_catalog_set_file(tercume_catalog *cat, const char *file)
{
	return replace_string(&cat->file, file ? file : "");
}

/* Room for n entries more, and an index sized for them, so that a
 * catalogue of a known size is not grown by doubling. */
tercume_status
tu_catalog_reserve(tercume_catalog *cat, size_t n)
{
	tercume_entry *p;
	tu_map *index;

	if (n <= cat->cap - cat->n)
		return TERCUME_OK;
	if (cat->n == 0 && (index = tu_map_new(n)) != NULL) {
		tu_map_free(cat->index);
		cat->index = index;
	}
	p = realloc(cat->entries, (cat->n + n) * sizeof *p);
	if (p == NULL)
		return TERCUME_ENOMEM;
	cat->entries = p;
	cat->cap = cat->n + n;
	return TERCUME_OK;
}

/* Entry i of a document's catalogue, made in the scratch of a doc_entries. */
typedef struct doc_entries {
	const tercume_doc *doc;
	char **notes;		/* an inner code's note per unit, or NULL */
	char ctx[256], ref[4096];
	tu_buf text;		/* a text not made yet, folded (issue 15) */
} doc_entries;

static tercume_status
doc_entry(void *arg, size_t i, tercume_entry *e)
{
	doc_entries *d = arg;
	tercume_unit_info u;

	/* one text at a time: the document's folded texts are never all
	 * made for its catalogue */
	if (tu_doc_unit_folding(d->doc, i, &u, &d->text) != TERCUME_OK)
		return TERCUME_ENOMEM;
	memset(e, 0, sizeof *e);
	snprintf(d->ref, sizeof d->ref, "%s:%lu", tercume_doc_source_path(d->doc), u.line);
	e->id = u.id;
	e->source = u.text;
	e->source_codes = u.codes;
	e->n_source_codes = u.n_codes;
	e->state = TERCUME_STATE_UNTRANSLATED;
	e->place = u.place;
	e->context = tercume_place_format(&u.place, d->ctx, sizeof d->ctx);
	if (d->notes && d->notes[i]) {
		/* a second line, which tercume_place_parse reads past */
		size_t at = strlen(d->ctx);
		snprintf(d->ctx + at, sizeof d->ctx - at, "\n%s", d->notes[i]);
	}
	e->reference = d->ref;
	return TERCUME_OK;
}

/* The header catalogue of doc's catalogue and the maker of its entries
 * (doc_entries_end frees both). */
static tercume_status
doc_entries_begin(const tercume_doc *doc, const char *target_lang, doc_entries *d,
		  tu_entries *src)
{
	tercume_catalog *cat;
	tercume_status st;

	d->doc = doc;
	d->notes = NULL;
	d->text = (tu_buf)TU_BUF_INIT;
	*src = (tu_entries){ NULL, tercume_doc_unit_count(doc), doc_entry, d };
	cat = tercume_catalog_new(tercume_doc_source_lang(doc), target_lang);
	if (cat == NULL)
		return TERCUME_ENOMEM;
	src->cat = cat;
	st = tercume_catalog_set_source_path(cat, tercume_doc_source_path(doc));
	/* an HTML attribute or a Markdown title inside an inline code:
	 * which element's, where */
	if (st == TERCUME_OK && (strcmp(tercume_doc_format(doc), "html") == 0 ||
				 strcmp(tercume_doc_format(doc), "markdown") == 0) &&
	    (d->notes = calloc(tercume_doc_unit_count(doc) + 1, sizeof *d->notes)) == NULL)
		st = TERCUME_ENOMEM;
	if (st == TERCUME_OK && d->notes)
		st = tu_markup_inner_notes(doc, d->notes);
	return st;
}

static void
doc_entries_end(doc_entries *d, tu_entries *src)
{
	for (size_t i = 0; d->notes && i < tercume_doc_unit_count(d->doc); i++)
		free(d->notes[i]);
	free(d->notes);
	tu_buf_free(&d->text);
	tercume_catalog_free((tercume_catalog *)src->cat);
}

/* Entries from a catalogue or a document: valid text already, added
 * without checking it again. */
static tercume_status
add_entries(tercume_catalog *cat, const tu_entries *src)
{
	tercume_status st = tu_catalog_reserve(cat, src->n);

	for (size_t i = 0; i < src->n && st == TERCUME_OK; i++) {
		tercume_entry e;

		if ((st = src->get(src->arg, i, &e)) == TERCUME_OK)
			st = tu_catalog_add(cat, &e, true, NULL, 0);
	}
	return st;
}

tercume_status
tu_catalog_from_entries(tercume_catalog **out, const tu_entries *src)
{
	const tercume_catalog *h = src->cat;
	tercume_catalog *cat = tercume_catalog_new(h->source_lang, h->target_lang);
	tercume_status st;

	*out = NULL;
	if (cat == NULL)
		return TERCUME_ENOMEM;
	st = tercume_catalog_set_source_path(cat, h->source_path);
	if (st == TERCUME_OK && h->po_header)
		st = tercume_catalog_set_po_header(cat, h->po_header);
	if (st == TERCUME_OK)
		st = tercume_catalog_set_po_header_comments(cat, h->po_header_comments,
							    h->po_header_extracted,
							    h->po_header_fuzzy);
	if (st == TERCUME_OK)
		st = add_entries(cat, src);
	if (st != TERCUME_OK) {
		tercume_catalog_free(cat);
		return st;
	}
	*out = cat;
	return TERCUME_OK;
}

static tercume_status
catalog_entry(void *arg, size_t i, tercume_entry *e)
{
	*e = *tercume_catalog_entry(arg, i);
	return TERCUME_OK;
}

void
tu_entries_of_catalog(tu_entries *src, const tercume_catalog *cat)
{
	*src = (tu_entries){ cat, tercume_catalog_count(cat), catalog_entry, (void *)cat };
}

tercume_status
tercume_catalog_from_doc(tercume_catalog **out, const tercume_doc *doc, const char *target_lang)
{
	tu_entries src;
	doc_entries d;
	tercume_status st;

	*out = NULL;
	st = doc_entries_begin(doc, target_lang, &d, &src);
	if (st == TERCUME_OK)
		st = tu_catalog_from_entries(out, &src);
	doc_entries_end(&d, &src);
	return st;
}

/* ---- formats ---- */

static const struct {
	const char *name;
	tercume_format fmt;
} format_names[] = {
	{ "po", TERCUME_FORMAT_PO },
	{ "pot", TERCUME_FORMAT_PO },
	{ "xliff12", TERCUME_FORMAT_XLIFF12 },
	{ "xliff-1.2", TERCUME_FORMAT_XLIFF12 },
	{ "xliff20", TERCUME_FORMAT_XLIFF20 },
	{ "xliff-2.0", TERCUME_FORMAT_XLIFF20 },
	{ "xliff", TERCUME_FORMAT_XLIFF20 },
};

const char *
tercume_format_name(tercume_format fmt)
{
	switch (fmt) {
	case TERCUME_FORMAT_AUTO: return "auto";
	case TERCUME_FORMAT_PO: return "po";
	case TERCUME_FORMAT_XLIFF12: return "xliff12";
	case TERCUME_FORMAT_XLIFF20: return "xliff20";
	}
	return "?";
}

int
tercume_format_from_name(const char *name, tercume_format *fmt)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(name, format_names[i].name) == 0) {
			*fmt = format_names[i].fmt;
			return 0;
		}
	return -1;
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

tercume_format
tercume_format_of_file(const char *path)
{
	char head[4097];
	struct stat st;
	size_t n;
	FILE *f;

	if (has_suffix(path, ".po") || has_suffix(path, ".pot"))
		return TERCUME_FORMAT_PO;
	/* XLIFF: the version its head names (the reader checks the real
	 * thing, namespace and version); a file yet to be made is 2.0. */
	f = fopen(path, "rb");
	/* Only a regular file's head is read before the reader reads it:
	 * what a pipe (/dev/stdin) gives is gone once read. */
	if (f != NULL && (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))) {
		fclose(f);
		f = NULL;
	}
	if (f == NULL)
		return has_suffix(path, ".xlf") || has_suffix(path, ".xliff") ?
		       TERCUME_FORMAT_XLIFF20 : TERCUME_FORMAT_AUTO;
	n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	if (strstr(head, "urn:oasis:names:tc:xliff:document:1."))
		return TERCUME_FORMAT_XLIFF12;
	/* XLIFF 1.x without a namespace (1.0 has none): the version of the
	 * <xliff> tag itself, not of the XML declaration */
	{
		const char *tag = strstr(head, "<xliff");
		const char *v = tag ? strstr(tag, "version=") : NULL;
		const char *close = tag ? strchr(tag, '>') : NULL;

		if (v && (!close || v < close) && (v[8] == '"' || v[8] == '\'') &&
		    v[9] == '1' && v[10] == '.')
			return TERCUME_FORMAT_XLIFF12;
	}
	if (strstr(head, "urn:oasis:names:tc:xliff:document:2.") ||
	    has_suffix(path, ".xlf") || has_suffix(path, ".xliff"))
		return TERCUME_FORMAT_XLIFF20;
	return TERCUME_FORMAT_AUTO;
}

static const tu_format *
pick_format(const char *path, tercume_format fmt, bool reading, tercume_reporter *rep)
{
	if (fmt == TERCUME_FORMAT_AUTO) {
		if (has_suffix(path, ".po") || has_suffix(path, ".pot"))
			fmt = TERCUME_FORMAT_PO;
		else if (has_suffix(path, ".xlf") || has_suffix(path, ".xliff"))
			fmt = reading ? tercume_format_of_file(path) : TERCUME_FORMAT_XLIFF20;
		else {
			tu_error(rep, path, 0, 0, "cannot tell the catalogue format from the file "
				 "name (.po, .pot, .xlf or .xliff); name it with %s (po, xliff12 "
				 "or xliff20)", reading ? "--from" : "--to");
			return NULL;
		}
	}
	switch (fmt) {
	case TERCUME_FORMAT_PO: return &tu_format_po;
	case TERCUME_FORMAT_XLIFF12: return &tu_format_xliff12;
	case TERCUME_FORMAT_XLIFF20: return &tu_format_xliff20;
	case TERCUME_FORMAT_AUTO: break;
	}
	return NULL;
}

/* The writers write to a temporary file; what they report about it is
 * reported about the file being written. */
typedef struct renaming {
	tercume_reporter *to;
	const char *tmp, *path;
} renaming;

static void
rename_diag(const tercume_diag *d, void *user)
{
	const renaming *r = user;
	tercume_diag copy = *d;

	if (copy.file != NULL && strcmp(copy.file, r->tmp) == 0)
		copy.file = r->path;
	r->to->fn(&copy, r->to->user);
}

/* A reporter that reports what is said about tmp as said about path. */
static void
renaming_init(tercume_reporter *wrep, renaming *ren, tercume_reporter *rep, const char *tmp,
	      const char *path)
{
	*wrep = (tercume_reporter){ NULL, NULL, 0, 0 };
	*ren = (renaming){ rep, tmp, path };
	if (rep != NULL && rep->fn != NULL) {
		wrep->fn = rename_diag;
		wrep->user = ren;
	}
}

static void
renaming_done(tercume_reporter *wrep, tercume_reporter *rep)
{
	if (rep != NULL) {
		rep->errors += wrep->errors;
		rep->warnings += wrep->warnings;
	}
}

/* A legacy module's path reader on data in memory: through a scratch file. */
static tercume_status
legacy_parse(const tu_format *f, tercume_catalog **out, const char *name, const char *data,
	     size_t len, tercume_reporter *rep)
{
	tercume_reporter wrep;
	renaming ren;
	tercume_status st;
	char *tmp;
	int fd = tu_scratch_file(&tmp, name, rep);

	if (fd < 0)
		return tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	if (!tu_write_all(fd, data, len) || close(fd) != 0) {
		tu_error(rep, name, 0, 0, "cannot write a scratch file: %s", strerror(errno));
		unlink(tmp);
		free(tmp);
		return TERCUME_EIO;
	}
	renaming_init(&wrep, &ren, rep, tmp, name);
	st = f->read(out, tmp, &wrep);
	renaming_done(&wrep, rep);
	unlink(tmp);
	free(tmp);
	return st;
}

/* Writes cat with f to out: a legacy module through a scratch file. */
static tercume_status
write_to(const tu_format *f, const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	tercume_reporter wrep;
	renaming ren;
	tercume_status st;
	char *tmp, *data;
	size_t len;
	int fd;

	/* what an XLIFF 2 file kept, another format cannot hold: said once */
	if (f->id != TERCUME_FORMAT_XLIFF20)
		tu_xliff_kept_dropped(cat, out->name, rep);
	if (f->write_out)
		return f->write_out(cat, out, rep);
	fd = tu_scratch_file(&tmp, out->name, rep);
	if (fd < 0)
		return tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	close(fd);
	renaming_init(&wrep, &ren, rep, tmp, out->name);
	st = f->write(cat, tmp, &wrep);
	renaming_done(&wrep, rep);
	if (st == TERCUME_OK)
		st = tercume_read_file(tmp, &data, &len, rep);
	unlink(tmp);
	free(tmp);
	if (st == TERCUME_OK) {
		tu_out_write(out, data, len);
		free(data);
	}
	return st;
}

static tercume_status
finish_read(tercume_catalog **out, tercume_status st, const char *file)
{
	if (st == TERCUME_OK && tu_catalog_set_file(*out, file) != TERCUME_OK) {
		tercume_catalog_free(*out);
		*out = NULL;
		st = TERCUME_ENOMEM;
	}
	return st;
}

/* A catalogue file mapped read-only while it is parsed (the reader's
 * thread's: tu_input_passed). */
typedef struct mapped_input {
	const char *base;
	size_t len, released;
} mapped_input;

static _Thread_local mapped_input *current_input;

/* Let go of every page before at but the last INPUT_KEEP bytes (a reader
 * may step back a little), INPUT_STEP at a time, or all of them at the
 * end.  A page is memory as long as it is mapped in: 2 MB at a time, 1 MB
 * behind, the window was a tenth of a merge's peak (issue 15). */
#define INPUT_KEEP ((size_t)256 << 10)
#define INPUT_STEP ((size_t)512 << 10)

void
tu_input_passed(const char *data, const char *at)
{
	mapped_input *m = current_input;
	size_t page = (size_t)sysconf(_SC_PAGESIZE), upto;

	if (m == NULL || data != m->base || at < data || at > data + m->len)
		return;
	upto = (size_t)(at - data);
	if (upto < m->len)
		upto = upto > INPUT_KEEP ? upto - INPUT_KEEP : 0;
	upto = upto / page * page;
	if (upto > m->released && (upto - m->released >= INPUT_STEP || at == data + m->len)) {
		madvise((char *)m->base + m->released, upto - m->released, MADV_DONTNEED);
		m->released = upto;
	}
}

void
tu_input_rewind(const char *data)
{
	if (current_input != NULL && data == current_input->base)
		current_input->released = 0;
}

/* Maps path (a regular file, not empty, not a whole number of pages:
 * the byte after its end is then 0, as tercume_read_file's NUL) for
 * tercume_catalog_read, or says it cannot: read it instead. */
static bool
map_input(const char *path, mapped_input *m)
{
	long page = sysconf(_SC_PAGESIZE);
	struct stat sb;
	int fd = open(path, O_RDONLY);
	void *p = MAP_FAILED;

	if (fd < 0)
		return false;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 && page > 0 &&
	    (unsigned long long)sb.st_size < (unsigned long long)SIZE_MAX &&
	    sb.st_size % page != 0)
		p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return false;
	*m = (mapped_input){ p, (size_t)sb.st_size, 0 };
	current_input = m;
	return true;
}

static void
unmap_input(mapped_input *m)
{
	current_input = NULL;
	munmap((void *)m->base, m->len);
}

/* f->parse, or with sink its parse_sink when it has one. */
static tercume_status
parse_input(const tu_format *f, tercume_catalog **out, const char *path, const char *data,
	    size_t len, tu_entry_sink sink, void *user, bool *streamed, tercume_reporter *rep)
{
	const char *file = f->files_only ? path : NULL;

	if (sink != NULL && f->parse_sink != NULL)
		return f->parse_sink(out, path, data, len, file, sink, user, streamed, rep);
	return f->parse(out, path, data, len, file, rep);
}

static tercume_status
catalog_read(tercume_catalog **out, const char *path, tercume_format fmt, tu_entry_sink sink,
	     void *user, bool *streamed, tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, true, rep);
	mapped_input mapped;
	struct stat sb;
	tercume_status st;
	char *data;
	size_t len;

	*out = NULL;
	if (f == NULL)
		return TERCUME_EUSAGE;
	if (f->parse == NULL)
		return finish_read(out, f->read(out, path, rep), path);
	/* A library that reads the file by name again never stops on an
	 * endless input (/dev/zero): such catalogues are regular files
	 * (doc/limits.md). */
	if (f->files_only && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		/* As every other reader says it: an I/O error (status 3). */
		tu_error(rep, path, 0, 0, "cannot read: %s", strerror(EISDIR));
		return TERCUME_EIO;
	}
	if (f->files_only && stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		tu_error(rep, path, 0, 0, "not a regular file: %s catalogues are read from files "
			 "only", f->id == TERCUME_FORMAT_PO ? "PO" : f->name);
		return TERCUME_EINPUT;
	}
	if (map_input(path, &mapped)) {
		st = parse_input(f, out, path, mapped.base, mapped.len, sink, user, streamed, rep);
		unmap_input(&mapped);
		return finish_read(out, st, path);
	}
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	st = parse_input(f, out, path, data, len, sink, user, streamed, rep);
	free(data);
	return finish_read(out, st, path);
}

tercume_status
tercume_catalog_read(tercume_catalog **out, const char *path, tercume_format fmt,
		     tercume_reporter *rep)
{
	return catalog_read(out, path, fmt, NULL, NULL, NULL, rep);
}

tercume_status
tu_catalog_read_sink(tercume_catalog **out, const char *path, tercume_format fmt,
		     tu_entry_sink sink, void *user, bool *streamed, tercume_reporter *rep)
{
	*streamed = false;
	return catalog_read(out, path, fmt, sink, user, streamed, rep);
}

/* The format of a catalogue in memory: by its name's extension, else by
 * the version its first 4 KiB name. */
static tercume_format
format_of_data(const char *name, const char *data, size_t len)
{
	char head[4097];
	size_t n = len < sizeof head - 1 ? len : sizeof head - 1;

	if (name && (has_suffix(name, ".po") || has_suffix(name, ".pot")))
		return TERCUME_FORMAT_PO;
	memcpy(head, data, n);
	head[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (head[i] == '\0')
			head[i] = ' ';
	if (strstr(head, "urn:oasis:names:tc:xliff:document:1.2") ||
	    strstr(head, "version=\"1.2\"") || strstr(head, "version='1.2'"))
		return TERCUME_FORMAT_XLIFF12;
	if (strstr(head, "urn:oasis:names:tc:xliff:document:2."))
		return TERCUME_FORMAT_XLIFF20;
	if (strstr(head, "msgid"))
		return TERCUME_FORMAT_PO;
	return TERCUME_FORMAT_AUTO;
}

static const tu_format *
format_table(tercume_format fmt)
{
	switch (fmt) {
	case TERCUME_FORMAT_PO: return &tu_format_po;
	case TERCUME_FORMAT_XLIFF12: return &tu_format_xliff12;
	case TERCUME_FORMAT_XLIFF20: return &tu_format_xliff20;
	case TERCUME_FORMAT_AUTO: break;
	}
	return NULL;
}

tercume_status
tercume_catalog_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
		      tercume_format fmt, tercume_reporter *rep)
{
	const tu_format *f;
	tercume_status st;
	char *copy = NULL;

	*out = NULL;
	if (name == NULL)
		name = "";
	if (data == NULL || len > TU_MAX_INPUT)
		return TERCUME_EUSAGE;
	if (fmt == TERCUME_FORMAT_AUTO)
		fmt = format_of_data(name, data, len);
	if ((f = format_table(fmt)) == NULL) {
		tu_error(rep, name, 0, 0, "cannot tell the catalogue format (PO, XLIFF 1.2 or "
			 "XLIFF 2.0) from the name or the first bytes");
		return TERCUME_EUSAGE;
	}
	if (f->parse == NULL)
		return finish_read(out, legacy_parse(f, out, name, data, len, rep), name);
	/* The modules get a NUL-terminated buffer. */
	if (len == 0 || data[len - 1] != '\0') {
		copy = tu_strndup(data, len);
		if (copy == NULL)
			return TERCUME_ENOMEM;
		data = copy;
	}
	st = f->parse(out, name, data, len, NULL, rep);
	free(copy);
	return finish_read(out, st, name);
}

tercume_status
tercume_catalog_write(const tercume_catalog *cat, const char *path, tercume_format fmt,
		      tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, false, rep);
	tercume_reporter wrep;
	renaming ren;
	tercume_status st;
	tu_out *out;
	char *tmp;

	if (f == NULL)
		return TERCUME_EUSAGE;
	if (f->write_out) {
		out = malloc(sizeof *out);
		if (out == NULL)
			return TERCUME_ENOMEM;
		st = tu_out_atomic(out, path, rep);
		if (st == TERCUME_OK && f->id != TERCUME_FORMAT_XLIFF20)
			tu_xliff_kept_dropped(cat, path, rep);
		if (st == TERCUME_OK)
			st = f->write_out(cat, out, rep);
		st = tu_out_close(out, st, rep);
		free(out);
		return st;
	}
	/* A legacy module writes a file by name, which is then renamed. */
	st = tu_atomic_tmpname(path, &tmp, rep);
	if (st != TERCUME_OK)
		return st;
	renaming_init(&wrep, &ren, rep, tmp, path);
	st = f->write(cat, tmp, &wrep);
	renaming_done(&wrep, rep);
	if (st == TERCUME_OK)
		st = tu_atomic_commit(tmp, path, rep);
	else
		unlink(tmp);
	free(tmp);
	return st;
}

tercume_status
tercume_catalog_write_stream(const tercume_catalog *cat, FILE *stream, const char *name,
			     tercume_format fmt, tercume_reporter *rep)
{
	const tu_format *f;
	tercume_status st;
	tu_out *out;

	if (name == NULL)
		name = "standard output";
	if (stream == NULL || (f = format_table(fmt)) == NULL)
		return TERCUME_EUSAGE;
	out = malloc(sizeof *out);
	if (out == NULL)
		return TERCUME_ENOMEM;
	tu_out_stream(out, stream, name);
	st = write_to(f, cat, out, rep);
	st = tu_out_close(out, st, rep);
	free(out);
	return st;
}

/* Writes doc's catalogue to out: entry by entry where the format streams
 * them, else through the whole catalogue. */
static tercume_status
doc_write_to(const tu_format *f, const tercume_doc *doc, const char *target_lang, tu_out *out,
	     tercume_reporter *rep)
{
	tercume_catalog *cat = NULL;
	tu_entries src = { 0 };
	doc_entries d;
	tercume_status st;

	st = doc_entries_begin(doc, target_lang, &d, &src);
	if (st == TERCUME_OK && f->write_entries)
		st = f->write_entries(&src, out, rep);
	else if (st == TERCUME_OK && (st = tu_catalog_from_entries(&cat, &src)) == TERCUME_OK)
		st = write_to(f, cat, out, rep);
	tercume_catalog_free(cat);
	doc_entries_end(&d, &src);
	return st;
}

tercume_status
tercume_doc_write_catalog(const tercume_doc *doc, const char *target_lang, const char *path,
			  tercume_format fmt, tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, false, rep);
	tercume_status st;
	tu_out *out;

	if (f == NULL)
		return TERCUME_EUSAGE;
	out = malloc(sizeof *out);
	if (out == NULL)
		return TERCUME_ENOMEM;
	st = tu_out_atomic(out, path, rep);
	if (st == TERCUME_OK)
		st = doc_write_to(f, doc, target_lang, out, rep);
	st = tu_out_close(out, st, rep);
	free(out);
	return st;
}

tercume_status
tercume_doc_write_catalog_stream(const tercume_doc *doc, const char *target_lang, FILE *stream,
				 const char *name, tercume_format fmt, tercume_reporter *rep)
{
	const tu_format *f;
	tercume_status st;
	tu_out *out;

	if (name == NULL)
		name = "standard output";
	if (stream == NULL || (f = format_table(fmt)) == NULL)
		return TERCUME_EUSAGE;
	out = malloc(sizeof *out);
	if (out == NULL)
		return TERCUME_ENOMEM;
	tu_out_stream(out, stream, name);
	st = doc_write_to(f, doc, target_lang, out, rep);
	st = tu_out_close(out, st, rep);
	free(out);
	return st;
}

tercume_status
tercume_catalog_format(const tercume_catalog *cat, tercume_format fmt, char **data,
		       size_t *len, tercume_reporter *rep)
{
	const tu_format *f;
	tu_buf b = TU_BUF_INIT;
	tercume_status st;
	tu_out *out;

	*data = NULL;
	if ((f = format_table(fmt)) == NULL)
		return TERCUME_EUSAGE;
	out = malloc(sizeof *out);
	if (out == NULL)
		return TERCUME_ENOMEM;
	tu_out_memory(out, &b);
	st = write_to(f, cat, out, rep);
	st = tu_out_close(out, st, rep);
	free(out);
	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	return tu_buf_finish(&b, data, len);

}

/* What tercume_catalog_write would put in the file at path (the format
 * from fmt, or from path's name and content), in memory. */
tercume_status
tu_catalog_format(const tercume_catalog *cat, const char *path, tercume_format fmt,
		  char **out, size_t *out_len, tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, false, rep);

	*out = NULL;
	if (f == NULL)
		return TERCUME_EUSAGE;
	return tercume_catalog_format(cat, f->id, out, out_len, rep);
}

/* ---- replacing a catalogue ---- */

/* Is there a translator's work in e: a translation or a comment? */
static bool
holds_work(const tercume_entry *e)
{
	return (e->target && e->target[0]) || (e->comment && e->comment[0]);
}

/* Does the file at path hold one of the k strings (each shorter than 64
 * bytes)?  1, 0, or -1 when it cannot be read.  A piece at a time, the
 * end of each piece kept before the next (a whole 10 MB article's XLIFF
 * was 30 MB read for it). */
static int
file_holds(const char *path, const char *const strings[], size_t k)
{
	char buf[(1 << 16) + 64];
	size_t keep = 0, longest = 0;
	int found = 0;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	for (size_t i = 0; i < k; i++)
		if (strlen(strings[i]) > longest)
			longest = strlen(strings[i]);
	while (!found) {
		size_t got = fread(buf + keep, 1, (size_t)1 << 16, f), len = keep + got;

		for (size_t i = 0; i < k && !found; i++)
			found = memmem(buf, len, strings[i], strlen(strings[i])) != NULL;
		if (got == 0)
			break;
		keep = len < longest - 1 ? len : longest - 1;
		memmove(buf, buf + len - keep, keep);
	}
	if (!found && ferror(f))
		found = -1;
	fclose(f);
	return found;
}

/* The sink that counts them (NULL: the file is to be read whole after
 * all; what was counted goes). */
static tercume_status
count_work(void *user, const tercume_entry *e)
{
	if (e == NULL)
		*(size_t *)user = 0;
	else if (holds_work(e))
		++*(size_t *)user;
	return TERCUME_OK;
}

tercume_status
tercume_catalog_check_replace(const char *path, tercume_format fmt, tercume_reporter *rep)
{
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	tercume_catalog *old = NULL;
	size_t work = 0;
	bool streamed;
	struct stat sb;
	tercume_format kind;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0)
		return TERCUME_OK;
	if ((kind = tercume_format_of_file(path)) == TERCUME_FORMAT_XLIFF12 ||
	    kind == TERCUME_FORMAT_XLIFF20) {
		/* An XLIFF file with no <target> and no translator's note holds
		 * nothing to lose: a template, replaced without reading (and
		 * validating) it all. */
		static const char *const marks[] = {
			"<target", "from=\"translator\"", "category=\"translator\""
		};

		if (file_holds(path, marks, sizeof marks / sizeof marks[0]) == 0)
			return TERCUME_OK;
	}
	/* Counted as the entries are read, where the reader can hand them
	 * on: the old catalogue is not held beside the new one (at 10 MB,
	 * exporting over a template took 40 MB more for it). */
	if (tu_catalog_read_sink(&old, path, fmt, count_work, &work, &streamed, &quiet) !=
	    TERCUME_OK) {
		tu_error(rep, path, 0, 0, "the file exists and is not a catalogue tercume can "
			 "read; refusing to replace it (--force replaces it)");
		return TERCUME_EUSAGE;
	}
	if (!streamed) {	/* read whole: what the sink saw does not count */
		work = 0;
		for (size_t i = 0; i < old->n; i++)
			work += holds_work(&old->entries[i]);
	}
	tercume_catalog_free(old);
	if (work == 0)
		return TERCUME_OK;	/* a template, or untouched: nothing is lost */
	tu_nerror(rep, path, 0, 0, work, "the catalogue exists and holds %zu translation or "
		  "comment that a fresh export would lose; 'tercume update' brings it up "
		  "to date with the article, --force replaces it", "the catalogue exists and "
		  "holds %zu translations or comments that a fresh export would lose; 'tercume "
		  "update' brings it up to date with the article, --force replaces it", work);
	return TERCUME_EUSAGE;
}
