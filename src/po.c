/* po.c — gettext PO catalogues through libgettextpo.
 *
 * Every PO byte is read and written by libgettextpo; this module only maps
 * its messages onto the catalogue model and back.  The conventions (msgctxt
 * is the unit ID, where notes and states go, the header fields) are in
 * doc/states.md, section "PO".
 *
 * libgettextpo keeps its error handler (and its lexer's and writer's state)
 * in global variables and, for fatal errors, requires that the handler does
 * not return.  So one read or write runs at a time: a lock makes the other
 * threads wait (po_lock below); the handler finds its context through a
 * static pointer, which only the holder of the lock sets, and a fatal error
 * jumps back to the read or write with longjmp.  What libgettextpo had
 * allocated for the aborted call (and a FILE it had open) is then lost; that
 * only happens for I/O failures and the like, never for malformed input,
 * which libgettextpo reports as plain errors and reads past.  libgettextpo
 * allocates with xmalloc, which exits when memory runs out: that one exit is
 * out of our hands. */
#include "internal.h"

#include <errno.h>
#include <gettext-po.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The translator-comment line that keeps an entry's format_state. */
#define STATE_PREFIX "xliff-state: "
/* The similarity of a fuzzy suggestion, as "fuzzy-match: 87%". */
#define MATCH_PREFIX "fuzzy-match: "

/* Dates in the header: fixed, so that writing a catalogue twice gives the
 * same bytes.  The epoch says "no date" to anyone who reads it. */
#define FIXED_DATE "1970-01-01 00:00+0000"

/* ---- the error handler ---- */

enum handler_mode {
	MODE_REPORT,	/* report the first error to the reporter */
	MODE_PROBE,	/* catch the position of one message (message_line) */
	MODE_QUIET	/* only note that something failed (verify_written) */
};

typedef struct po_ctx {
	enum handler_mode mode;
	tercume_reporter *rep;
	const char *path;	/* the file the user named */
	bool failed;		/* an error was seen (and reported once) */
	bool fatal;		/* longjmp target armed */
	jmp_buf jump;
	po_message_t probe;	/* MODE_PROBE: the message asked about */
	unsigned long probe_line;
	po_message_iterator_t probe_it;	/* over an empty file: see message_line */
	tu_idgen *ids;		/* IDs of the entries without msgctxt */
	bool contexts;		/* msgctxt is gettext's context, not the unit ID */
} po_ctx;

static po_ctx *ctx;
static pthread_mutex_t po_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned long
pos_value(size_t v)
{
	return v == (size_t)-1 ? 0 : (unsigned long)v;
}

/* Reports the first error (with the user's file name: libgettextpo names
 * the file it opened, which for writes is the temporary file). */
static void
report_first(int severity, const char *filename, size_t lineno, size_t column,
	     const char *text)
{
	size_t n;

	if (severity == PO_SEVERITY_WARNING || ctx->failed)
		return;
	ctx->failed = true;
	n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	if (filename == NULL)
		lineno = column = (size_t)-1;
	else if (lineno == (size_t)-1)
		column = (size_t)-1;
	tu_error(ctx->rep, ctx->path, pos_value(lineno), pos_value(column), "%.*s",
		 (int)n, text);
}

static void
on_xerror(int severity, po_message_t message, const char *filename, size_t lineno,
	  size_t column, int multiline_p, const char *text)
{
	(void)multiline_p;
	if (ctx->mode == MODE_PROBE) {
		if (message == ctx->probe && filename != NULL && lineno != (size_t)-1 &&
		    ctx->probe_line == 0)
			ctx->probe_line = (unsigned long)lineno;
	} else if (ctx->mode == MODE_QUIET) {
		if (severity != PO_SEVERITY_WARNING)
			ctx->failed = true;
	} else
		report_first(severity, filename, lineno, column, text);
	if (severity == PO_SEVERITY_FATAL_ERROR) {
		/* Must not return (gettext-po.h).  Jump back to po_read or
		 * po_write. */
		if (!ctx->failed)
			report_first(PO_SEVERITY_ERROR, filename, lineno, column, text);
		longjmp(ctx->jump, 1);
	}
}

static void
on_xerror2(int severity, po_message_t message1, const char *filename1, size_t lineno1,
	   size_t column1, int multiline_p1, const char *text1,
	   po_message_t message2, const char *filename2, size_t lineno2,
	   size_t column2, int multiline_p2, const char *text2)
{
	/* The first location is the problem ("duplicate message definition"),
	 * the second one where it was seen before. */
	(void)message2; (void)filename2; (void)lineno2; (void)column2;
	(void)multiline_p2; (void)text2;
	on_xerror(severity, message1, filename1, lineno1, column1, multiline_p1, text1);
}

static const struct po_xerror_handler handler = { on_xerror, on_xerror2 };

/* ---- where a message is ----
 *
 * libgettextpo records one position per message (the line of its msgstr
 * keyword) but has no accessor for it.  It does hand it to the error
 * handler when po_message_check_all finds a problem, so message_line makes
 * one: it gives the message a msgstr whose leading newline differs from the
 * msgid's ("'msgid' and 'msgstr' entries do not both begin with '\n'"),
 * catches the line and puts everything back.  Untranslated, fuzzy and
 * obsolete messages are skipped by the check, so those marks are lifted for
 * the duration too.  The iterator handed to po_message_check_all only names
 * the file whose header it checks along; it is one over an empty file, so
 * that the header is not checked again for every message (which costs time,
 * adds warnings and leaks a parsed plural expression in libgettextpo each
 * time).  Returns 0 when no line could be had. */
static unsigned long
message_line(po_message_t m)
{
	bool plural = po_message_msgid_plural(m) != NULL;
	bool header = po_message_msgid(m)[0] == '\0';
	char *msgid = tu_strdup(po_message_msgid(m));
	char *msgstr = tu_strdup(plural ? po_message_msgstr_plural(m, 0) : po_message_msgstr(m));
	int fuzzy = po_message_is_fuzzy(m), obsolete = po_message_is_obsolete(m);
	enum handler_mode mode = ctx->mode;
	const char *probe_id;

	if (msgid == NULL || msgstr == NULL) {
		free(msgid);
		free(msgstr);
		return 0;
	}
	ctx->mode = MODE_PROBE;
	ctx->probe = m;
	ctx->probe_line = 0;
	if (header)
		po_message_set_msgid(m, "x");	/* the check skips the header */
	probe_id = po_message_msgid(m);
	if (plural)
		po_message_set_msgstr_plural(m, 0, probe_id[0] == '\n' ? "x" : "\nx");
	else
		po_message_set_msgstr(m, probe_id[0] == '\n' ? "x" : "\nx");
	po_message_set_fuzzy(m, 0);
	po_message_set_obsolete(m, 0);
	po_message_check_all(m, ctx->probe_it, &handler);
	po_message_set_obsolete(m, obsolete);
	po_message_set_fuzzy(m, fuzzy);
	if (plural)
		po_message_set_msgstr_plural(m, 0, msgstr);
	else
		po_message_set_msgstr(m, msgstr);
	if (header)
		po_message_set_msgid(m, msgid);
	ctx->mode = mode;
	ctx->probe = NULL;
	free(msgid);
	free(msgstr);
	return ctx->probe_line;
}

/* ---- plural forms ---- */

#define PLURAL_EAST_SLAVIC "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : " \
	"n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
#define PLURAL_GERMANIC "nplurals=2; plural=(n != 1);"

static const struct {
	const char *lang;	/* primary language subtag */
	const char *forms;
} plural_table[] = {
	{ "az", PLURAL_GERMANIC },
	{ "be", PLURAL_EAST_SLAVIC },
	{ "de", PLURAL_GERMANIC },
	{ "en", PLURAL_GERMANIC },
	{ "fr", "nplurals=2; plural=(n > 1);" },
	{ "ja", "nplurals=1; plural=0;" },
	{ "ka", PLURAL_GERMANIC },
	{ "kk", PLURAL_GERMANIC },
	{ "ru", PLURAL_EAST_SLAVIC },
	{ "tr", PLURAL_GERMANIC },
	{ "uk", PLURAL_EAST_SLAVIC },
	{ "zh", "nplurals=1; plural=0;" },
};

static const char *
plural_forms(const char *lang)
{
	size_t n = strcspn(lang, "-_@.");

	for (size_t i = 0; i < sizeof plural_table / sizeof plural_table[0]; i++)
		if (strlen(plural_table[i].lang) == n &&
		    strncmp(plural_table[i].lang, lang, n) == 0)
			return plural_table[i].forms;
	return PLURAL_GERMANIC;
}

/* ---- writing ---- */

/* Sets one field of a header kept from a file (po_header_set_field
 * returns a new string). */
static char *
set_field(char *header, const char *field, const char *value)
{
	char *h;

	if (header == NULL)
		return NULL;
	h = po_header_set_field(header, field, value);
	free(header);
	return h;
}

#if defined(__GNUC__)
/* Not inlined into po_write, whose setjmp would make its locals suspect. */
static char *kept_header(const tercume_catalog *cat) __attribute__((noinline));
#endif

/* The header of a catalogue read from a PO file, kept as it was (other
 * tools' fields, Plural-Forms, dates, the translator) but for what the
 * catalogue says: its target language, and its source language and
 * article when tercume records them. */
static char *
kept_header(const tercume_catalog *cat)
{
	const char *old = tercume_catalog_po_header(cat);
	const char *lang = tercume_catalog_target_lang(cat);
	const char *sl = tercume_catalog_source_lang(cat);
	const char *src = tercume_catalog_source_path(cat);
	char *h = tu_strdup(old), *had;

	if (h == NULL)
		return NULL;
	if (lang != NULL) {
		had = po_header_field(h, "Language");
		if (had == NULL || strcmp(had, lang) != 0)
			h = set_field(h, "Language", lang);
		free(had);
	}
	had = h ? po_header_field(h, "X-Source-Language") : NULL;
	if (h && (had != NULL || strcmp(sl, "en") != 0) && (had == NULL || strcmp(had, sl) != 0))
		h = set_field(h, "X-Source-Language", sl);
	free(had);
	had = h ? po_header_field(h, "X-Source-File") : NULL;
	if (h && src != NULL && (had == NULL || strcmp(had, src) != 0))
		h = set_field(h, "X-Source-File", src);
	free(had);
	return h;

}

/* How much of the article's file name names the project: the whole name
 * but a text extension and then a suffix of the source language
 * ("aliyev-putin-2024.en.txt" -> "aliyev-putin-2024", "README.md" ->
 * "README"), so that "GFDL-1.2" and "GFDL-1.3" stay apart. */
static size_t
project_name_len(const char *base, const char *source_lang)
{
	static const char *const exts[] = { ".txt", ".text", ".md", ".markdown", ".rst",
					    ".html", ".htm" };
	size_t len = strlen(base), n;

	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		n = strlen(exts[i]);
		if (len > n && strncasecmp(base + len - n, exts[i], n) == 0) {
			len -= n;
			break;
		}
	}
	n = source_lang ? strlen(source_lang) : 0;
	if (n > 0 && len > n + 1 && base[len - n - 1] == '.' &&
	    strncasecmp(base + len - n, source_lang, n) == 0)
		len -= n + 1;
	return len;
}

/* The header entry's text.  A template (no target language) has an empty
 * Language field and no Plural-Forms. */
static char *
header_text(const tercume_catalog *cat)
{
	const char *lang = tercume_catalog_target_lang(cat);
	const char *src = tercume_catalog_source_path(cat);
	const char *base = NULL;
	size_t base_len = 0;
	tu_buf b = TU_BUF_INIT;
	char *out;

	if (tercume_catalog_po_header(cat) != NULL)
		return kept_header(cat);
	if (src != NULL) {
		base = strrchr(src, '/');
		base = base ? base + 1 : src;
		base_len = project_name_len(base, tercume_catalog_source_lang(cat));
	}
	if (base_len == 0) {
		base = "tercume";
		base_len = strlen(base);
	}
	tu_buf_printf(&b, "Project-Id-Version: %.*s\n", (int)base_len, base);
	tu_buf_puts(&b, "Report-Msgid-Bugs-To: \n");
	tu_buf_puts(&b, "POT-Creation-Date: " FIXED_DATE "\n");
	tu_buf_puts(&b, "PO-Revision-Date: " FIXED_DATE "\n");
	tu_buf_puts(&b, "Last-Translator: \n");
	tu_buf_puts(&b, "Language-Team: \n");
	tu_buf_printf(&b, "Language: %s\n", lang ? lang : "");
	tu_buf_puts(&b, "MIME-Version: 1.0\n");
	tu_buf_puts(&b, "Content-Type: text/plain; charset=UTF-8\n");
	tu_buf_puts(&b, "Content-Transfer-Encoding: 8bit\n");
	if (lang != NULL)
		tu_buf_printf(&b, "Plural-Forms: %s\n", plural_forms(lang));
	tu_buf_printf(&b, "X-Source-Language: %s\n", tercume_catalog_source_lang(cat));
	if (src != NULL)
		tu_buf_printf(&b, "X-Source-File: %s\n", src);
	if (tu_buf_finish(&b, &out, NULL) != TERCUME_OK)
		return NULL;
	return out;
}

/* A multi-line comment for libgettextpo: every line ends in a newline. */
static void
put_lines(tu_buf *b, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	tu_buf_puts(b, s);
	tu_buf_putc(b, '\n');
}

/* "articles/a.txt:12 other.txt": one file position per word; a word that
 * ends in ":DIGITS" has a line number. */
static void
add_references(po_message_t m, const char *ref)
{
	while (ref && *ref) {
		size_t n, colon;
		char *word;

		ref += strspn(ref, " \t\n");
		n = strcspn(ref, " \t\n");
		if (n == 0)
			break;
		word = tu_strndup(ref, n);
		if (word == NULL)
			return;
		colon = n;
		while (colon > 0 && word[colon - 1] >= '0' && word[colon - 1] <= '9')
			colon--;
		if (colon > 1 && colon < n && word[colon - 1] == ':') {
			word[colon - 1] = '\0';
			po_message_add_filepos(m, word, (size_t)strtoul(word + colon, NULL, 10));
		} else
			po_message_add_filepos(m, word, (size_t)-1);
		free(word);
		ref += n;
	}
}

/* e's msgid, msgstr and previous msgid, and its code listing: the
 * notation for an entry with codes (notation.c), its strings otherwise. */
typedef struct po_strings {
	tu_po_text t;
	const char *msgid, *msgstr, *prev;
} po_strings;

static tercume_status
po_strings_make(po_strings *ps, const tercume_entry *e, char *why, size_t why_size)
{
	tercume_status st = tu_po_text_make(&ps->t, e, why, why_size);

	if (st != TERCUME_OK)
		return st;
	ps->msgid = ps->t.msgid ? ps->t.msgid : e->source;
	ps->msgstr = ps->t.msgstr ? ps->t.msgstr : e->target ? e->target : "";
	ps->prev = ps->t.prev ? ps->t.prev : e->previous_source;
	return TERCUME_OK;
}

static tercume_status
fill_message(po_message_t m, const tercume_entry *e, const char *name, tercume_reporter *rep)
{
	tu_buf comments = TU_BUF_INIT, extracted = TU_BUF_INIT;
	po_strings ps;
	char *c, *x, why[256];
	tercume_status st = po_strings_make(&ps, e, why, sizeof why);

	if (st == TERCUME_EINPUT)
		tu_error(rep, name, 0, 0, "unit '%s': %s", e->id, why);
	if (st != TERCUME_OK)
		return st;
	/* an entry the file gave no msgctxt goes back without one */
	if (!e->implicit_id)
		po_message_set_msgctxt(m, e->id);
	else if (e->msgctxt != NULL)
		po_message_set_msgctxt(m, e->msgctxt);
	po_message_set_msgid(m, ps.msgid);
	if (e->source_plural) {
		po_message_set_msgid_plural(m, e->source_plural);
		po_message_set_msgstr_plural(m, 0, ps.msgstr);
		for (size_t k = 0; k < e->n_plural_targets; k++)
			po_message_set_msgstr_plural(m, (int)k + 1, e->plural_targets[k]);
	} else
		po_message_set_msgstr(m, ps.msgstr);
	put_lines(&comments, e->comment);
	if (e->format_state && *e->format_state)
		tu_buf_printf(&comments, STATE_PREFIX "%s\n", e->format_state);
	if (e->match_score > 0 && e->match_score <= 100)
		tu_buf_printf(&comments, MATCH_PREFIX "%d%%\n", e->match_score);
	put_lines(&extracted, e->context);
	if (ps.t.listing)
		tu_buf_puts(&extracted, ps.t.listing);
	if (tu_buf_finish(&comments, &c, NULL) != TERCUME_OK) {
		tu_buf_free(&extracted);
		tu_po_text_free(&ps.t);
		return TERCUME_ENOMEM;
	}
	if (tu_buf_finish(&extracted, &x, NULL) != TERCUME_OK) {
		free(c);
		tu_po_text_free(&ps.t);
		return TERCUME_ENOMEM;
	}
	po_message_set_comments(m, c);
	po_message_set_extracted_comments(m, x);
	free(c);
	free(x);
	add_references(m, e->reference);
	if (ps.prev) {
		if (!e->implicit_id)
			po_message_set_prev_msgctxt(m, e->id);
		po_message_set_prev_msgid(m, ps.prev);
	}
	for (const char *f = e->po_formats; f && *f; ) {
		size_t n = strcspn(f, " ");
		char *type = tu_strndup(f, n);

		if (type == NULL)
			return TERCUME_ENOMEM;
		po_message_set_format(m, type, 1);
		free(type);
		f += n + strspn(f + n, " ");
	}
	po_message_set_fuzzy(m, e->state == TERCUME_STATE_FUZZY);
	po_message_set_obsolete(m, e->state == TERCUME_STATE_OBSOLETE);
	tu_po_text_free(&ps.t);
	return TERCUME_OK;
}

static bool
same_message(po_message_t m, const tercume_entry *e)
{
	const char *ctxt = po_message_msgctxt(m);
	const char *str = e->source_plural ? po_message_msgstr_plural(m, 0) : po_message_msgstr(m);
	const char *want = e->implicit_id ? e->msgctxt : e->id;
	po_strings ps;
	char why[8];
	bool same;

	if ((want == NULL) != (ctxt == NULL) || (want && strcmp(ctxt, want) != 0))
		return false;
	if ((e->source_plural == NULL) != (po_message_msgid_plural(m) == NULL))
		return false;
	for (size_t k = 0; e->source_plural && k < e->n_plural_targets; k++) {
		const char *form = po_message_msgstr_plural(m, (int)k + 1);
		if (form == NULL || strcmp(form, e->plural_targets[k]) != 0)
			return false;
	}
	if (po_strings_make(&ps, e, why, sizeof why) != TERCUME_OK)
		return false;
	same = strcmp(po_message_msgid(m), ps.msgid) == 0 && str != NULL &&
	       strcmp(str, ps.msgstr) == 0 &&
	       !po_message_is_obsolete(m) == (e->state != TERCUME_STATE_OBSOLETE);
	tu_po_text_free(&ps.t);
	return same;
}

/* libgettextpo 0.21 ignores failed writes (a full disk gives a short file
 * and no error), so the file is read back: the header, then every live
 * entry and every obsolete one (po_file_write puts those last), with the
 * same ID, source and target.  A short file cannot pass. */
static bool
verify_written(const tercume_catalog *cat, const char *path)
{
	enum handler_mode mode = ctx->mode;
	po_message_iterator_t it;
	po_file_t file;
	po_message_t m;
	bool ok = true;

	ctx->mode = MODE_QUIET;
	ctx->failed = false;
	file = po_file_read(path, &handler);
	ctx->mode = mode;
	if (file == NULL || ctx->failed) {
		ctx->failed = false;
		if (file != NULL)
			po_file_free(file);
		return false;
	}
	it = po_message_iterator(file, NULL);
	m = po_next_message(it);
	ok = m != NULL && po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0';
	for (int obsolete = 0; obsolete < 2 && ok; obsolete++)
		for (size_t i = 0; i < tercume_catalog_count(cat) && ok; i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);
			if ((e->state == TERCUME_STATE_OBSOLETE) != obsolete)
				continue;
			m = po_next_message(it);
			ok = m != NULL && same_message(m, e);
		}
	if (ok && po_next_message(it) != NULL)
		ok = false;
	po_message_iterator_free(it);
	po_file_free(file);
	return ok;
}

/* Writes cat to the file at path, by name (libgettextpo writes nowhere
 * else), and reads it back. */
static tercume_status
po_write_file_locked(const tercume_catalog *cat, const char *path, const char *name,
		     tercume_reporter *rep)
{
	po_ctx c = { .mode = MODE_REPORT, .rep = rep, .path = name };
	po_file_t volatile file = NULL;
	po_message_iterator_t volatile it = NULL;
	volatile tercume_status st = TERCUME_OK;
	char *header;
	po_message_t m;

	header = header_text(cat);
	if (header == NULL)
		return TERCUME_ENOMEM;
	ctx = &c;
	if (setjmp(c.jump) != 0) {
		/* A fatal error inside libgettextpo (it could not write). */
		ctx = NULL;
		free(header);
		return TERCUME_EIO;
	}
	file = po_file_create();
	it = po_message_iterator(file, NULL);
	m = po_message_create();
	po_message_set_msgid(m, "");
	po_message_set_msgstr(m, header);
	if (tercume_catalog_po_header_comments(cat))
		po_message_set_comments(m, tercume_catalog_po_header_comments(cat));
	if (tercume_catalog_po_header_extracted(cat))
		po_message_set_extracted_comments(m, tercume_catalog_po_header_extracted(cat));
	if (tercume_catalog_po_header(cat))
		po_message_set_fuzzy(m, tercume_catalog_po_header_fuzzy(cat));
	po_message_insert(it, m);
	for (size_t i = 0; i < tercume_catalog_count(cat) && st == TERCUME_OK; i++) {
		m = po_message_create();
		st = fill_message(m, tercume_catalog_entry(cat, i), name, rep);
		po_message_insert(it, m);
	}
	if (st == TERCUME_OK) {
		po_file_write(file, path, &handler);
		if (c.failed)
			st = TERCUME_EIO;
		else if (!verify_written(cat, path)) {
			tu_error(rep, name, 0, 0, "cannot write: the file reads back short "
				 "or different (is the disk full?)");
			st = TERCUME_EIO;
		}
	}
	po_message_iterator_free(it);
	po_file_free(file);
	ctx = NULL;
	free(header);
	return st;
}

/* One thread at a time in libgettextpo. */
static tercume_status
po_write_file(const tercume_catalog *cat, const char *path, const char *name,
	      tercume_reporter *rep)
{
	tercume_status st;

	pthread_mutex_lock(&po_lock);
	st = po_write_file_locked(cat, path, name, rep);
	pthread_mutex_unlock(&po_lock);
	return st;
}

static tercume_status
po_write_out(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	const char *direct = tu_out_file(out);
	tercume_status st;
	char *scratch, *data;
	size_t len;
	int fd;

	/* A file replaced atomically: libgettextpo writes its temporary
	 * file.  Memory, a stream or a device: a scratch file, copied. */
	if (direct != NULL)
		return po_write_file(cat, direct, out->name, rep);
	fd = tu_scratch_file(&scratch, out->name, rep);
	if (fd < 0)
		return scratch == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	close(fd);
	st = po_write_file(cat, scratch, out->name, rep);
	if (st == TERCUME_OK)
		st = tercume_read_file(scratch, &data, &len, rep);
	unlink(scratch);
	free(scratch);
	if (st == TERCUME_OK) {
		tu_out_write(out, data, len);
		free(data);
	}
	return st;
}

/* ---- reading ---- */

/* A header field as a malloc'd string, or NULL when absent. */
static char *
header_field(const char *header, const char *name)
{
	return header ? po_header_field(header, name) : NULL;
}

/* The charset of the Content-Type field, or NULL when it names none. */
static char *
header_charset(const char *header)
{
	char *ct = header_field(header, "Content-Type");
	char *p, *cs = NULL;

	if (ct == NULL)
		return NULL;
	p = strstr(ct, "charset=");
	if (p != NULL) {
		p += strlen("charset=");
		cs = tu_strndup(p, strcspn(p, " \t;"));
	}
	free(ct);
	return cs;
}

static bool
charset_ok(const char *cs, bool template)
{
	static const char *const utf8[] = { "UTF-8", "UTF8", "ASCII", "US-ASCII" };

	for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		if (strcasecmp(cs, utf8[i]) == 0)
			return true;
	/* xgettext leaves the placeholder in a template. */
	return template && strcmp(cs, "CHARSET") == 0;
}

/* po_message_comments and po_message_extracted_comments return a freshly
 * allocated string (or a literal "" when there is nothing; the allocated
 * domain header is freed with free(), even when "") although gettext-po.h
 * declares them const;
 * gettext's own source marks it "FIXME: memory leak".  This frees it. */
static void
free_po_string(const char *s)
{
	if (s != NULL && *s != '\0')
		free((char *)s);
}

/* A "fuzzy-match: 87%" line's score (1-100), or 0 when it is not one. */
static int
match_line(const char *p, size_t n)
{
	size_t k = strlen(MATCH_PREFIX);
	int score = 0;

	if (n <= k + 1 || strncmp(p, MATCH_PREFIX, k) != 0 || p[n - 1] != '%')
		return 0;
	for (size_t i = k; i < n - 1; i++) {
		if (p[i] < '0' || p[i] > '9' || score > 100)
			return 0;
		score = score * 10 + (p[i] - '0');
	}
	return score <= 100 ? score : 0;
}

/* Splits translator comments into the comment proper, the format_state
 * line ("xliff-state: final") and the fuzzy match score ("fuzzy-match:
 * 87%").  The strings are malloc'd or NULL. */
static tercume_status
split_comments(const char *all, char **comment, char **state, int *score)
{
	tu_buf b = TU_BUF_INIT;
	const char *p = all;
	char *out;

	*comment = *state = NULL;
	*score = 0;
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		size_t k = strlen(STATE_PREFIX);

		if (*score == 0 && (*score = match_line(p, n)) > 0) {
			/* kept in the entry, not in the comment */
		} else if (*state == NULL && n > k && strncmp(p, STATE_PREFIX, k) == 0 &&
		    memchr(p + k, ' ', n - k) == NULL) {
			*state = tu_strndup(p + k, n - k);
			if (*state == NULL)
				goto nomem;
		} else {
			if (b.len > 0 || b.data != NULL)
				tu_buf_putc(&b, '\n');
			tu_buf_append(&b, p, n);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	if (b.data == NULL)
		return TERCUME_OK;
	if (tu_buf_finish(&b, &out, NULL) != TERCUME_OK)
		goto nomem;
	*comment = out;
	return TERCUME_OK;
nomem:
	tu_buf_free(&b);
	free(*state);
	*state = NULL;
	return TERCUME_ENOMEM;
}

/* The file positions as "file:line file2". */
static char *
references(po_message_t m, int skip)
{
	tu_buf b = TU_BUF_INIT;
	po_filepos_t fp;
	char *out;

	for (int i = 0; (fp = po_message_filepos(m, i)) != NULL; i++) {
		size_t line = po_filepos_start_line(fp);

		if (i == skip)
			continue;
		if (b.len > 0)
			tu_buf_putc(&b, ' ');
		tu_buf_puts(&b, po_filepos_file(fp));
		if (line != (size_t)-1)
			tu_buf_printf(&b, ":%zu", line);
	}
	if (b.data == NULL)
		return NULL;
	if (tu_buf_finish(&b, &out, NULL) != TERCUME_OK)
		return NULL;
	return out;
}

static bool
valid_utf8(const char *s)
{
	return s == NULL || tu_check_utf8("", s, strlen(s), NULL) == TERCUME_OK;
}

/* Whether word ends in the content hash `hash` (8 hex digits), with or
 * without a repeat count "-N": then it names that unit. */
static size_t
ends_in_id(const char *word, size_t n, const char *hash)
{
	for (size_t k = 0; k + 8 <= n; k++) {
		const char *p = word + k;
		size_t rest = n - k - 8;

		if (memcmp(p, hash, 8) != 0)
			continue;
		if (rest == 0)
			return k;
		if (p[8] == '-' && rest > 1 && strspn(p + 9, "0123456789") >= rest - 1)
			return k;
	}
	return (size_t)-1;
}

/* The ID of an entry without msgctxt: a reference word ending in the
 * content hash of its source ("u-4c1ea835", "4c1ea835-2"; "o-…" is the
 * XML id of an obsolete unit of our XLIFF 1.2), else the content hash
 * itself, numbered like a repeat when two sources share one. */
/* "u-ID" or "o-ID", ID a unit ID (8 hex digits, "-N"): the XML id of a unit
 * of our XLIFF 1.2 (xliff12.c), live or obsolete. */
static bool
our_xml_id(const char *w)
{
	size_t n = strlen(w);

	if (n < 10 || (strncmp(w, "u-", 2) != 0 && strncmp(w, "o-", 2) != 0) ||
	    strspn(w + 2, "0123456789abcdef") != 8)
		return false;
	return n == 10 || (w[10] == '-' && n > 11 && strspn(w + 11, "0123456789") == n - 11);
}

static tercume_status
implicit_id(po_message_t m, const char *source, char out[24], bool *obsolete, int *consumed)
{
	char hash[9];
	po_filepos_t fp;
	tercume_status st = tercume_unit_hash(source, strlen(source), hash);

	*obsolete = false;
	*consumed = -1;
	if (st != TERCUME_OK)
		return st;
	for (int i = 0; (fp = po_message_filepos(m, i)) != NULL; i++) {
		const char *w = po_filepos_file(fp);
		size_t n = strlen(w), at = ends_in_id(w, n, hash);

		if (our_xml_id(w) && n < 24 + 2) {
			/* the XML id xliff2po kept: the ID, and nothing else */
			memcpy(out, w + 2, n - 2);
			out[n - 2] = '\0';
			*obsolete = w[0] == 'o';
			*consumed = i;
			return TERCUME_OK;
		}
		if (at == (size_t)-1 || n - at >= 24)
			continue;
		memcpy(out, w + at, n - at);
		out[n - at] = '\0';
		return TERCUME_OK;
	}
	return tu_idgen_next(ctx->ids, source, strlen(source), out);
}

/* Adds message m to cat; reports what is wrong with it. */
static tercume_status
add_message(tercume_catalog *cat, po_message_t m)
{
	const char *path = ctx->path;
	tercume_entry e = { 0 };
	char *comment = NULL, *state = NULL, *reference = NULL;
	tu_po_codes pc = { 0 };
	const char *msgstr, *comments = NULL, *extracted = NULL;
	char why[256];
	const char **forms = NULL;
	char *formats = NULL;
	char implicit[24];
	bool obsolete_ref = false;
	int consumed = -1;	/* the file position that gave the ID */
	tercume_status st;

	e.line = message_line(m);
	e.id = po_message_msgctxt(m);
	e.source = po_message_msgid(m);
	e.source_plural = po_message_msgid_plural(m);
	msgstr = e.source_plural ? po_message_msgstr_plural(m, 0) : po_message_msgstr(m);
	if (msgstr == NULL)
		msgstr = "";
	if (e.source_plural) {
		/* msgstr[1] … : kept as they are */
		size_t n = 0;

		while (po_message_msgstr_plural(m, (int)n + 1) != NULL)
			n++;
		forms = calloc(n + 1, sizeof *forms);
		if (forms == NULL)
			return TERCUME_ENOMEM;
		for (size_t k = 0; k < n; k++)
			forms[k] = po_message_msgstr_plural(m, (int)k + 1);
		e.plural_targets = forms;
		e.n_plural_targets = n;
	}
	if (ctx->contexts && e.id != NULL && *e.id != '\0' && valid_utf8(e.id)) {
		e.msgctxt = e.id;	/* gettext's context: kept, not an ID */
		e.id = NULL;
	}
	if ((e.id == NULL || *e.id == '\0') && valid_utf8(e.source)) {
		/* No msgctxt (xgettext, msgunfmt, po4a, Translate Toolkit): the ID
		 * a unit with this source text has, or the one a reference names
		 * (xliff2po keeps our XLIFF 1.2 XML id, "u-ID", as "#: u-ID"). */
		st = implicit_id(m, e.source, implicit, &obsolete_ref, &consumed);
		if (st != TERCUME_OK) {
			free(forms);
			return st;
		}
		e.id = implicit;
		e.implicit_id = 1;
	}
	e.previous_source = po_message_prev_msgid(m);
	comments = po_message_comments(m);
	extracted = po_message_extracted_comments(m);
	/* The comments are split before they enter the catalogue, which
	 * checks every other string. */
	if (!valid_utf8(comments) || !valid_utf8(extracted)) {
		tu_error(ctx->rep, path, e.line, 0, "invalid UTF-8 or a reserved character in "
			 "the comments of unit '%s'", valid_utf8(e.id) ? e.id : "?");
		st = TERCUME_EINPUT;
		goto out;
	}
	{
		/* format flags (c-format, …), kept for the round trip */
		tu_buf fb = TU_BUF_INIT;
		const char *const *types = po_format_list();

		for (size_t k = 0; types && types[k]; k++)
			if (po_message_is_format(m, types[k])) {
				if (fb.len)
					tu_buf_putc(&fb, ' ');
				tu_buf_puts(&fb, types[k]);
			}
		if (fb.data && tu_buf_finish(&fb, &formats, NULL) != TERCUME_OK) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		e.po_formats = formats;
	}
	e.target = *msgstr ? msgstr : NULL;
	if (po_message_is_obsolete(m) || obsolete_ref)
		e.state = TERCUME_STATE_OBSOLETE;
	else if (e.target == NULL)
		e.state = TERCUME_STATE_UNTRANSLATED;
	else if (po_message_is_fuzzy(m))
		e.state = TERCUME_STATE_FUZZY;
	else
		e.state = TERCUME_STATE_TRANSLATED;
	st = split_comments(comments, &comment, &state, &e.match_score);
	if (st != TERCUME_OK)
		goto out;
	e.comment = comment;
	e.format_state = state;
	/* Inline codes: the listing in the extracted comments, the notation in
	 * the strings (notation.c). */
	st = tu_po_codes_read(&pc, extracted, e.source, e.target, e.previous_source, why, sizeof why);
	if (st == TERCUME_EINPUT) {
		tu_error(ctx->rep, path, e.line, 0, "the inline codes of unit '%s': %s", e.id, why);
		goto out;
	}
	if (st != TERCUME_OK)
		goto out;
	if (pc.source) {
		e.source = tercume_rich_builder_text(pc.source, NULL);
		e.source_codes = tercume_rich_builder_codes(pc.source, &e.n_source_codes);
		if (e.target) {
			e.target = tercume_rich_builder_text(pc.target, NULL);
			e.target_codes = tercume_rich_builder_codes(pc.target, &e.n_target_codes);
		}
		if (e.previous_source) {
			e.previous_source = tercume_rich_builder_text(pc.previous, NULL);
			e.previous_codes = tercume_rich_builder_codes(pc.previous, &e.n_previous_codes);
		}
	}
	/* a lone empty "#." line is no context */
	e.context = pc.context && *pc.context ? pc.context : NULL;
	e.reference = reference = references(m, consumed);
	st = tu_catalog_add(cat, &e, false, why, sizeof why);
	if (st == TERCUME_EINPUT && why[0])
		tu_error(ctx->rep, path, e.line, 0, "the entry of unit '%s': %s",
			 valid_utf8(e.id) ? e.id : "?", why);
	else if (st == TERCUME_EINPUT)
		tu_error(ctx->rep, path, e.line, 0, e.implicit_id ? "unit ID '%s' (the one of "
			 "this entry's source text) occurs twice" : "unit ID '%s' occurs twice", e.id);
out:
	free_po_string(comments);
	free_po_string(extracted);
	free(comment);
	free(state);
	tu_po_codes_free(&pc);
	free(reference);
	free(forms);
	free(formats);
	return st;
}

/* Checks the header; makes the catalogue it describes. */
static tercume_status
read_header(tercume_catalog **out, po_file_t file, po_message_iterator_t it)
{
	const char *header = po_file_domain_header(file, NULL);
	char *lang = header_field(header, "Language");
	char *src_lang = header_field(header, "X-Source-Language");
	char *src_file = header_field(header, "X-Source-File");
	char *cs = header_charset(header);
	tercume_status st = TERCUME_OK;

	if (lang && *lang == '\0') {
		free(lang);
		lang = NULL;
	}
	if (cs && !charset_ok(cs, lang == NULL)) {
		unsigned long line = 0;
		po_message_t m;

		/* Find the header entry to name its line. */
		while ((m = po_next_message(it)) != NULL)
			if (po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0' &&
			    !po_message_is_obsolete(m)) {
				line = message_line(m);
				break;
			}
		tu_error(ctx->rep, ctx->path, line, 0, "the header declares charset %s; "
			 "tercume reads UTF-8 PO files only (convert it with "
			 "'msgconv -t UTF-8')", cs);
		st = TERCUME_EINPUT;
	} else {
		*out = tercume_catalog_new(src_lang && *src_lang ? src_lang : NULL, lang);
		if (*out == NULL ||
		    (src_file && *src_file && tercume_catalog_set_source_path(*out, src_file) != TERCUME_OK) ||
		    (header && *header && tercume_catalog_set_po_header(*out, header) != TERCUME_OK))
			st = TERCUME_ENOMEM;
	}
	free((char *)header);	/* always allocated, even when "" */
	free(lang);
	free(src_lang);
	free(src_file);
	free(cs);
	return st;
}

/* Parses the PO file at path (a file, by name: libgettextpo reads nowhere
 * else); data holds its bytes.  Diagnostics name `name`. */
static tercume_status
po_parse_file_locked(tercume_catalog **out, const char *name, const char *data, size_t len,
		     const char *path, tercume_reporter *rep)
{
	po_ctx c = { .mode = MODE_REPORT, .rep = rep, .path = name };
	po_file_t volatile file = NULL, empty = NULL;
	po_message_iterator_t volatile it = NULL;
	tercume_catalog *volatile cat = NULL;
	tercume_status st = TERCUME_OK;
	unsigned long volatile nul_line = 0, nul_col = 0;
	const char *nul;
	po_message_t m;

	*out = NULL;
	/* po_file_read cuts a string at a NUL byte without a word: look at
	 * the bytes first. */
	nul = memchr(data, '\0', len);
	if (nul != NULL) {
		const char *bol = data;

		nul_line = 1;
		for (const char *q = data; q < nul; q++)
			if (*q == '\n') {
				nul_line++;
				bol = q + 1;
			}
		nul_col = (unsigned long)(nul - bol) + 1;
	}
	ctx = &c;
	if (setjmp(c.jump) != 0) {
		ctx = NULL;
		tercume_catalog_free(cat);
		return TERCUME_EINPUT;
	}
	file = po_file_read(path, &handler);
	if (file == NULL) {
		tu_error(rep, name, 0, 0, "cannot read: %s", strerror(errno));
		ctx = NULL;
		return TERCUME_EIO;
	}
	if (c.failed) {
		st = TERCUME_EINPUT;
		goto done;
	}
	if (nul_line != 0) {	/* after libgettextpo's own errors, which come first */
		tu_error(rep, name, nul_line, nul_col, "NUL byte in a PO file");
		st = TERCUME_EINPUT;
		goto done;
	}
	empty = po_file_create();
	c.probe_it = po_message_iterator(empty, NULL);
	if ((c.ids = tu_idgen_new()) == NULL) {
		st = TERCUME_ENOMEM;
		goto done;
	}
	it = po_message_iterator(file, NULL);
	{
		tercume_catalog *made = NULL;
		st = read_header(&made, file, it);
		cat = made;
	}
	if (st != TERCUME_OK)
		goto done;
	po_message_iterator_free(it);
	it = po_message_iterator(file, NULL);
	while ((m = po_next_message(it)) != NULL)
		if (po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0' &&
		    !po_message_is_obsolete(m)) {
			/* the header's own comments and flag, kept with it */
			const char *hc = po_message_comments(m);
			const char *hx = po_message_extracted_comments(m);

			if (tercume_catalog_po_header(cat) &&
			    tercume_catalog_set_po_header_comments(cat, hc && *hc ? hc : NULL,
								   hx && *hx ? hx : NULL,
								   po_message_is_fuzzy(m)) != TERCUME_OK)
				st = TERCUME_ENOMEM;
			free_po_string(hc);
			free_po_string(hx);
			break;
		}
	if (st != TERCUME_OK)
		goto done;
	po_message_iterator_free(it);
	it = NULL;
	{
		/* One msgctxt naming two live msgids is gettext's context
		 * (dpkg's "architecture"), not tercume's unit ID; but in a
		 * tercume catalogue (it names its article: X-Source-File) it
		 * is an ID given twice, an error. */
		tu_map *seen = tu_map_new(64);
		po_message_iterator_t scan = po_message_iterator(file, NULL);

		while (seen && !tercume_catalog_source_path(cat) &&
		       (m = po_next_message(scan)) != NULL && !c.contexts) {
			bool added;

			if (po_message_msgctxt(m) == NULL || po_message_is_obsolete(m))
				continue;
			if (tu_map_slot(seen, po_message_msgctxt(m), &added) == NULL)
				break;
			c.contexts = !added;
		}
		po_message_iterator_free(scan);
		if (seen == NULL) {
			st = TERCUME_ENOMEM;
			goto done;
		}
		tu_map_free(seen);
	}
	it = po_message_iterator(file, NULL);
	while (st == TERCUME_OK && (m = po_next_message(it)) != NULL) {
		if (po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0' &&
		    !po_message_is_obsolete(m))
			continue;	/* the header */
		st = add_message(cat, m);
	}
done:
	if (it != NULL)
		po_message_iterator_free(it);
	if (c.probe_it != NULL)
		po_message_iterator_free(c.probe_it);
	if (empty != NULL)
		po_file_free(empty);
	tu_idgen_free(c.ids);
	po_file_free(file);
	ctx = NULL;
	if (st != TERCUME_OK) {
		tercume_catalog_free(cat);
		return st;
	}
	*out = cat;
	return TERCUME_OK;
}

/* One thread at a time in libgettextpo. */
static tercume_status
po_parse_file(tercume_catalog **out, const char *name, const char *data, size_t len,
	      const char *path, tercume_reporter *rep)
{
	tercume_status st;

	pthread_mutex_lock(&po_lock);
	st = po_parse_file_locked(out, name, data, len, path, rep);
	pthread_mutex_unlock(&po_lock);
	return st;
}

static tercume_status
po_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
	 const char *path, tercume_reporter *rep)
{
	tercume_status st;
	char *scratch;
	int fd;

	*out = NULL;
	if (path != NULL)
		return po_parse_file(out, name, data, len, path, rep);
	/* From memory: libgettextpo reads files only, so a scratch one. */
	fd = tu_scratch_file(&scratch, name, rep);
	if (fd < 0)
		return scratch == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	st = tu_write_all(fd, data, len) ? TERCUME_OK : TERCUME_EIO;
	if (close(fd) != 0 || st != TERCUME_OK) {
		tu_error(rep, name, 0, 0, "cannot write a scratch file: %s", strerror(errno));
		st = TERCUME_EIO;
	} else
		st = po_parse_file(out, name, data, len, scratch, rep);
	unlink(scratch);
	free(scratch);
	return st;
}

const tu_format tu_format_po = { TERCUME_FORMAT_PO, "po", NULL, NULL, po_parse, po_write_out, true };
