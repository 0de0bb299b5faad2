/* catalog.c — the catalogue model: units with translations and states, and
 * the choice of format module for reading and writing. */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


struct tercume_catalog {
	char *source_lang;
	char *target_lang;
	char *source_path;
	char *file;
	char *po_header;	/* as read, or NULL */
	char *po_header_comments;
	char *po_header_extracted;
	int po_header_fuzzy;
	tercume_entry *entries;	/* strings owned by the catalogue */
	size_t n, cap;
	tu_map *index;		/* id -> entry index, non-obsolete entries */
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

static void
entry_free_strings(tercume_entry *e)
{
	free((char *)e->id);
	free((char *)e->source);
	free((char *)e->target);
	free((char *)e->context);
	free((char *)e->reference);
	free((char *)e->comment);
	free((char *)e->previous_source);
	free((char *)e->format_state);
	free((char *)e->source_plural);
	free((char *)e->msgctxt);
	free((char *)e->po_formats);
	for (size_t k = 0; e->plural_targets && k < e->n_plural_targets; k++)
		free((char *)e->plural_targets[k]);
	free((void *)e->plural_targets);
	e->plural_targets = NULL;
}

void
tercume_catalog_free(tercume_catalog *cat)
{
	if (cat == NULL)
		return;
	for (size_t i = 0; i < cat->n; i++)
		entry_free_strings(&cat->entries[i]);
	free(cat->entries);
	free(cat->source_lang);
	free(cat->target_lang);
	free(cat->source_path);
	free(cat->file);
	free(cat->po_header);
	free(cat->po_header_comments);
	free(cat->po_header_extracted);
	tu_map_free(cat->index);
	free(cat);
}

tercume_status
tercume_catalog_add(tercume_catalog *cat, const tercume_entry *e)
{
	tercume_entry *c;

	if (e->id == NULL || e->source == NULL)
		return TERCUME_EUSAGE;
	if (e->state != TERCUME_STATE_OBSOLETE && tu_map_get(cat->index, e->id, NULL))
		return TERCUME_EINPUT;
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
	c->id = tu_strdup(e->id);
	c->source = tu_strdup(e->source);
	c->target = tu_strdup(e->target);
	c->context = tu_strdup(e->context);
	c->reference = tu_strdup(e->reference);
	c->comment = tu_strdup(e->comment);
	c->previous_source = tu_strdup(e->previous_source);
	c->format_state = tu_strdup(e->format_state);
	c->source_plural = tu_strdup(e->source_plural);
	c->msgctxt = tu_strdup(e->msgctxt);
	c->po_formats = tu_strdup(e->po_formats);
	c->plural_targets = NULL;
	if (e->n_plural_targets > 0) {
		char **forms = calloc(e->n_plural_targets, sizeof *forms);

		c->plural_targets = (const char *const *)forms;
		for (size_t k = 0; forms && k < e->n_plural_targets; k++)
			if ((forms[k] = tu_strdup(e->plural_targets[k] ? e->plural_targets[k] : ""))
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
	    (e->po_formats && !c->po_formats) || !c->id || !c->source || (e->target && !c->target) || (e->context && !c->context) ||
	    (e->reference && !c->reference) || (e->comment && !c->comment) ||
	    (e->previous_source && !c->previous_source) || (e->format_state && !c->format_state))
		goto nomem;
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
tu_catalog_set_file(tercume_catalog *cat, const char *file)
{
	return replace_string(&cat->file, file ? file : "");
}

tercume_status
tercume_catalog_from_doc(tercume_catalog **out, const tercume_doc *doc, const char *target_lang)
{
	tercume_catalog *cat;
	tercume_status st = TERCUME_OK;

	*out = NULL;
	cat = tercume_catalog_new(tercume_doc_source_lang(doc), target_lang);
	if (cat == NULL)
		return TERCUME_ENOMEM;
	st = tercume_catalog_set_source_path(cat, tercume_doc_source_path(doc));
	for (size_t i = 0; i < tercume_doc_unit_count(doc) && st == TERCUME_OK; i++) {
		tercume_unit_info u;
		tercume_entry e = { 0 };
		char ctx[64], ref[4096];

		tercume_doc_unit(doc, i, &u);
		snprintf(ref, sizeof ref, "%s:%lu", tercume_doc_source_path(doc), u.line);
		e.id = u.id;
		e.source = u.text;
		e.state = TERCUME_STATE_UNTRANSLATED;
		e.context = tercume_doc_unit_context(doc, i, ctx, sizeof ctx);
		e.reference = ref;
		st = tercume_catalog_add(cat, &e);
	}
	if (st != TERCUME_OK) {
		tercume_catalog_free(cat);
		return st;
	}
	*out = cat;
	return TERCUME_OK;
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
	size_t n;
	FILE *f;

	if (has_suffix(path, ".po") || has_suffix(path, ".pot"))
		return TERCUME_FORMAT_PO;
	/* XLIFF: the version its head names (the reader checks the real
	 * thing, namespace and version); a file yet to be made is 2.0. */
	f = fopen(path, "rb");
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

tercume_status
tercume_catalog_read(tercume_catalog **out, const char *path, tercume_format fmt,
		     tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, true, rep);
	tercume_status st;

	*out = NULL;
	if (f == NULL)
		return TERCUME_EUSAGE;
	st = f->read(out, path, rep);
	if (st == TERCUME_OK && tu_catalog_set_file(*out, path) != TERCUME_OK) {
		tercume_catalog_free(*out);
		*out = NULL;
		st = TERCUME_ENOMEM;
	}
	return st;
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

tercume_status
tercume_catalog_write(const tercume_catalog *cat, const char *path, tercume_format fmt,
		      tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, false, rep);
	tercume_reporter wrep = { NULL, NULL, 0, 0 };
	renaming ren;
	tercume_status st;
	char *tmp;

	if (f == NULL)
		return TERCUME_EUSAGE;
	st = tu_atomic_tmpname(path, &tmp, rep);
	if (st != TERCUME_OK)
		return st;
	ren = (renaming){ rep, tmp, path };
	if (rep != NULL && rep->fn != NULL) {
		wrep.fn = rename_diag;
		wrep.user = &ren;
	}
	st = f->write(cat, tmp, &wrep);
	if (rep != NULL) {
		rep->errors += wrep.errors;
		rep->warnings += wrep.warnings;
	}
	if (st == TERCUME_OK)
		st = tu_atomic_commit(tmp, path, rep);
	else
		unlink(tmp);
	free(tmp);
	return st;
}

tercume_status
tu_catalog_format(const tercume_catalog *cat, const char *path, tercume_format fmt,
		  char **out, size_t *out_len, tercume_reporter *rep)
{
	const tu_format *f = pick_format(path, fmt, false, rep);
	tercume_reporter wrep = { NULL, NULL, 0, 0 };
	renaming ren;
	tercume_status st;
	char *tmp;

	*out = NULL;
	if (f == NULL)
		return TERCUME_EUSAGE;
	/* The writers write files (libgettextpo knows no other way): one
	 * beside path, read back and removed. */
	st = tu_atomic_tmpname(path, &tmp, rep);
	if (st != TERCUME_OK)
		return st;
	ren = (renaming){ rep, tmp, path };
	if (rep != NULL && rep->fn != NULL) {
		wrep.fn = rename_diag;
		wrep.user = &ren;
	}
	st = f->write(cat, tmp, &wrep);
	if (rep != NULL) {
		rep->errors += wrep.errors;
		rep->warnings += wrep.warnings;
	}
	if (st == TERCUME_OK)
		st = tercume_read_file(tmp, out, out_len, rep);
	unlink(tmp);
	free(tmp);
	return st;
}

/* ---- replacing a catalogue ---- */

tercume_status
tercume_catalog_check_replace(const char *path, tercume_format fmt, tercume_reporter *rep)
{
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	tercume_catalog *old = NULL;
	size_t work = 0;
	struct stat sb;

	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0)
		return TERCUME_OK;
	if (tercume_format_of_file(path) == TERCUME_FORMAT_XLIFF12 ||
	    tercume_format_of_file(path) == TERCUME_FORMAT_XLIFF20) {
		/* An XLIFF file with no <target> and no translator's note holds
		 * nothing to lose: a template, replaced without reading (and
		 * validating) it all. */
		char *data = NULL;
		size_t len = 0;
		bool work = true;

		if (tercume_read_file(path, &data, &len, &quiet) == TERCUME_OK) {
			work = memmem(data, len, "<target", 7) != NULL ||
			       memmem(data, len, "from=\"translator\"", 17) != NULL ||
			       memmem(data, len, "category=\"translator\"", 21) != NULL;
			free(data);
		}
		if (!work)
			return TERCUME_OK;
	}
	if (tercume_catalog_read(&old, path, fmt, &quiet) != TERCUME_OK) {
		tu_error(rep, path, 0, 0, "the file exists and is not a catalogue tercume can "
			 "read; refusing to replace it (--force replaces it)");
		return TERCUME_EUSAGE;
	}
	for (size_t i = 0; i < old->n; i++) {
		const tercume_entry *e = &old->entries[i];

		if ((e->target && e->target[0]) || (e->comment && e->comment[0]))
			work++;
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
