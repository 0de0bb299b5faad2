/* po.c — gettext PO catalogues: the format module.
 *
 * The bytes are read and written by po-stream.c, a streaming reader and
 * writer for the catalogues tercume reads (UTF-8, ASCII, a template's
 * CHARSET), which does what libgettextpo does with them: it writes the same
 * bytes and reads the same messages, accepts and refuses the same files
 * (tests/po-audit.sh, fuzz/fuzz-po-diff.c).  This module maps PO messages
 * onto the catalogue model and back, for both; and it keeps libgettextpo's
 * own reader and writer, which read what the streaming reader hands over
 * (another charset, a domain directive), and which do everything under
 * TERCUME_PO=gettextpo, the reference.  The conventions (msgctxt is the unit
 * ID, where notes and states go, the header fields) are in doc/states.md,
 * section "PO".
 *
 * libgettextpo keeps its error handler (and its lexer's and writer's state)
 * in global variables and, for fatal errors, requires that the handler does
 * not return.  So one libgettextpo read or write runs at a time: a lock
 * makes the other threads wait (po_lock below); the handler finds its
 * context through a static pointer, which only the holder of the lock sets,
 * and a fatal error jumps back to the read or write with longjmp.  The
 * streaming code needs no lock.
 * What libgettextpo had allocated for the aborted call (and a FILE it had
 * open) is then lost; that only happens for I/O failures and the like,
 * never for malformed input, which libgettextpo reports as plain errors and
 * reads past.  libgettextpo allocates with xmalloc, which exits when memory
 * runs out: that one exit is out of our hands. */
#include "po.h"

#include <errno.h>
#include <gettext-po.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Dates in the header: fixed, so that writing a catalogue twice gives the
 * same bytes.  The epoch says "no date" to anyone who reads it. */
#define FIXED_DATE "1970-01-01 00:00+0000"

bool
tu_po_use_gettextpo(void)
{
	const char *v = getenv("TERCUME_PO");

	return v != NULL && strcmp(v, "gettextpo") == 0;
}

bool
tu_po_audit(void)
{
	const char *v = getenv("TERCUME_PO_AUDIT");

	return v != NULL && *v != '\0' && strcmp(v, "0") != 0;
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

/* ---- entries to messages ---- */

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

/* Whether a header names the charset UTF-8 where gettext looks for it:
 * the first "charset=" in it, whatever the field. */
static bool
utf8_charset(const char *header)
{
	const char *p = header ? strstr(header, "charset=") : NULL;

	if (p == NULL)
		return false;
	p += strlen("charset=");
	return strncasecmp(p, "UTF-8", 5) == 0 && strchr(" \t\n;", p[5]) != NULL;
}

static bool
ascii(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool
ascii_codes(const tercume_code *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ascii(c[i].id) || !ascii(c[i].type) || !ascii(c[i].subtype) ||
		    !ascii(c[i].data))
			return false;
	return true;
}

/* Whether everything the file will hold is ASCII (then a kept header may
 * keep a charset other than UTF-8: ASCII, CHARSET, none). */
static bool
ascii_catalogue(const tercume_catalog *cat)
{
	if (!ascii(tercume_catalog_po_header(cat)) ||
	    !ascii(tercume_catalog_po_header_comments(cat)) ||
	    !ascii(tercume_catalog_po_header_extracted(cat)) ||
	    !ascii(tercume_catalog_target_lang(cat)) || !ascii(tercume_catalog_source_lang(cat)) ||
	    !ascii(tercume_catalog_source_path(cat)))
		return false;
	for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
		const tercume_entry *e = tercume_catalog_entry(cat, i);

		if (!ascii(e->id) || !ascii(e->source) || !ascii(e->target) ||
		    !ascii(e->context) || !ascii(e->reference) || !ascii(e->comment) ||
		    !ascii(e->previous_source) || !ascii(e->format_state) ||
		    !ascii(e->msgctxt) || !ascii(e->po_formats) || !ascii(e->source_plural) ||
		    !ascii_codes(e->source_codes, e->n_source_codes) ||
		    !ascii_codes(e->target_codes, e->n_target_codes) ||
		    !ascii_codes(e->previous_codes, e->n_previous_codes))
			return false;
		for (size_t k = 0; k < e->n_plural_targets; k++)
			if (!ascii(e->plural_targets[k]))
				return false;
	}
	return true;
}

/* The header of a catalogue read from a PO file, kept as it was (other
 * tools' fields, Plural-Forms, dates, the translator) but for what the
 * catalogue says: its target language, and its source language and
 * article when tercume records them. */
/* The Language: value of a BCP 47 tag: gettext's ll_CC for a language
 * and a region ("pt-BR" is "pt_BR", as msginit and Poedit write it); any
 * other tag as it is. */
static const char *
po_lang(const char *tag, char out[16])
{
	size_t n = tag ? strlen(tag) : 0, ll = tag ? strspn(tag, "abcdefghijklmnopqrstuvwxyz") : 0;

	if (tag == NULL || (ll != 2 && ll != 3) || n != ll + 3 || tag[ll] != '-' ||
	    strspn(tag + ll + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 2)
		return tag;
	memcpy(out, tag, n + 1);
	out[ll] = '_';
	return out;
}

static char *
kept_header(const tercume_catalog *cat)
{
	const char *old = tercume_catalog_po_header(cat);
	char lbuf[16];
	const char *lang = po_lang(tercume_catalog_target_lang(cat), lbuf);
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
	/* The file is written in UTF-8, and says so when it holds more than
	 * ASCII: under another charset (ASCII, a template's CHARSET, none)
	 * libgettextpo refuses to write a character beyond ASCII, and a
	 * reader would take the bytes wrongly. */
	if (h && !utf8_charset(h) && !ascii_catalogue(cat)) {
		h = set_field(h, "Content-Type", "text/plain; charset=UTF-8");
		if (h && !utf8_charset(h)) {
			/* another field names a charset before Content-Type:
			 * tercume's own header then */
			free(h);
			return tu_strdup("");
		}
	}
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
char *
tu_po_header_text(const tercume_catalog *cat)
{
	const char *lang = tercume_catalog_target_lang(cat);
	const char *src = tercume_catalog_source_path(cat);
	const char *base = NULL;
	size_t base_len = 0;
	tu_buf b = TU_BUF_INIT;
	char *out;

	if (tercume_catalog_po_header(cat) != NULL) {
		char *kept = kept_header(cat);

		if (kept == NULL || *kept != '\0')
			return kept;
		free(kept);
	}
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
	{
		char lbuf[16];
		const char *pl = po_lang(lang, lbuf);

		tu_buf_printf(&b, "Language: %s\n", pl ? pl : "");
	}
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

/* A multi-line comment: every line ends in a newline. */
static void
put_lines(tu_buf *b, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	tu_buf_puts(b, s);
	tu_buf_putc(b, '\n');
}

/* Adds a file position unless it is there already (libgettextpo keeps
 * each pair once). */
static tercume_status
add_ref(tu_po_out *o, size_t *cap, const char *file, size_t n, size_t line)
{
	tu_po_ref *r;

	for (size_t i = 0; i < o->n_refs; i++)
		if (o->refs[i].line == line && strlen(o->refs[i].file) == n &&
		    memcmp(o->refs[i].file, file, n) == 0)
			return TERCUME_OK;
	if (o->n_refs == *cap) {
		size_t nc = *cap ? *cap * 2 : 4;

		r = realloc(o->refs, nc * sizeof *r);
		if (r == NULL)
			return TERCUME_ENOMEM;
		o->refs = r;
		*cap = nc;
	}
	r = &o->refs[o->n_refs];
	if ((r->file = tu_strndup(file, n)) == NULL)
		return TERCUME_ENOMEM;
	r->line = line;
	o->n_refs++;
	return TERCUME_OK;
}

/* "articles/a.txt:12 other.txt": one file position per word; a word that
 * ends in ":DIGITS" has a line number. */
static tercume_status
split_references(tu_po_out *o, const char *ref)
{
	size_t cap = 0;

	while (ref && *ref) {
		size_t n, colon, line = (size_t)-1;
		tercume_status st;

		ref += strspn(ref, " \t\n");
		n = strcspn(ref, " \t\n");
		if (n == 0)
			break;
		colon = n;
		while (colon > 0 && ref[colon - 1] >= '0' && ref[colon - 1] <= '9')
			colon--;
		if (colon > 1 && colon < n && ref[colon - 1] == ':') {
			/* strtoul's value, as libgettextpo was given it */
			char digits[64];
			size_t k = n - colon < sizeof digits - 1 ? n - colon : sizeof digits - 1;

			memcpy(digits, ref + colon, k);
			digits[k] = '\0';
			line = (size_t)strtoul(digits, NULL, 10);
			if (n - colon >= sizeof digits - 1)
				line = (size_t)ULONG_MAX;	/* strtoul saturates */
			st = add_ref(o, &cap, ref, colon - 1, line);
		} else
			st = add_ref(o, &cap, ref, n, (size_t)-1);
		if (st != TERCUME_OK)
			return st;
		ref += n;
	}
	return TERCUME_OK;
}

void
tu_po_out_free(tu_po_out *o)
{
	free(o->comments);
	free(o->extracted);
	for (size_t i = 0; i < o->n_refs; i++)
		free(o->refs[i].file);
	free(o->refs);
	tu_po_text_free(&o->t);
	memset(o, 0, sizeof *o);
}

tercume_status
tu_po_out_make(tu_po_out *o, const tercume_entry *e, char *why, size_t why_size)
{
	tu_buf comments = TU_BUF_INIT, extracted = TU_BUF_INIT;
	tercume_status st;

	memset(o, 0, sizeof *o);
	/* e's msgid, msgstr and previous msgid, and its code listing: the
	 * notation for an entry with codes (notation.c), its strings
	 * otherwise. */
	st = tu_po_text_make(&o->t, e, why, why_size);
	if (st != TERCUME_OK)
		return st;
	/* an entry the file gave no msgctxt goes back without one */
	o->msgctxt = !e->implicit_id ? e->id : e->msgctxt;
	o->msgid = o->t.msgid ? o->t.msgid : e->source;
	o->msgstr = o->t.msgstr ? o->t.msgstr : e->target ? e->target : "";
	o->prev_msgid = o->t.prev ? o->t.prev : e->previous_source;
	o->prev_msgctxt = !e->implicit_id ? e->id : NULL;
	if (e->source_plural) {
		o->msgid_plural = e->source_plural;
		o->forms = e->plural_targets;
		o->n_forms = e->n_plural_targets;
	}
	o->formats = e->po_formats && *e->po_formats ? e->po_formats : NULL;
	put_lines(&comments, e->comment);
	if (e->format_state && *e->format_state)
		tu_buf_printf(&comments, TU_PO_STATE_PREFIX "%s\n", e->format_state);
	if (e->match_score > 0 && e->match_score <= 100)
		tu_buf_printf(&comments, TU_PO_MATCH_PREFIX "%d%%\n", e->match_score);
	put_lines(&extracted, e->context);
	if (o->t.listing)
		tu_buf_puts(&extracted, o->t.listing);
	tu_buf_putc(&comments, '\0');	/* "" rather than NULL when empty */
	tu_buf_putc(&extracted, '\0');
	if (tu_buf_finish(&comments, &o->comments, NULL) != TERCUME_OK ||
	    tu_buf_finish(&extracted, &o->extracted, NULL) != TERCUME_OK ||
	    split_references(o, e->reference) != TERCUME_OK) {
		tu_buf_free(&comments);
		tu_buf_free(&extracted);
		tu_po_out_free(o);
		return TERCUME_ENOMEM;
	}
	o->fuzzy = e->state == TERCUME_STATE_FUZZY;
	o->obsolete = e->state == TERCUME_STATE_OBSOLETE;
	return TERCUME_OK;
}

/* ---- messages to entries ---- */

void
tu_po_put_ref(tu_buf *b, const char *file, size_t line)
{
	if (b->len > 0)
		tu_buf_putc(b, ' ');
	tu_buf_puts(b, file);
	if (line != (size_t)-1)
		tu_buf_printf(b, ":%zu", line);
}

/* A header field as a malloc'd string, or NULL when absent (as
 * po_header_field finds it). */
static char *
header_field(const char *header, const char *field)
{
	size_t n = strlen(field);

	for (const char *line = header; line != NULL;) {
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;

			if (*v == ' ')
				v++;
			return tu_strndup(v, strcspn(v, "\n"));
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return NULL;
}

void
tu_po_header_read(const char *header, tu_po_header *h)
{
	const char *ct;

	memset(h, 0, sizeof *h);
	if (header == NULL)
		return;
	h->lang = header_field(header, "Language");
	h->src_lang = header_field(header, "X-Source-Language");
	h->src_file = header_field(header, "X-Source-File");
	/* The charset, or NULL when the header names none: the first
	 * "charset=" in it, wherever it is, which is the one gettext reads
	 * the file in (po_lex_charset_set) and writes it in. */
	ct = strstr(header, "charset=");
	if (ct != NULL) {
		ct += strlen("charset=");
		h->charset = tu_strndup(ct, strcspn(ct, " \t\n;"));
	}
	if (h->lang && *h->lang == '\0') {
		free(h->lang);
		h->lang = NULL;
	} else if (h->lang) {
		/* gettext's ru_RU (Poedit, msginit) is BCP 47's ru-RU, which
		 * XLIFF and the rest of tercume use; a value ICU does not take
		 * stays as it is (and is named where it matters) */
		char canon[160];
		char *c;

		if (tercume_lang_canonical(h->lang, canon, sizeof canon) == TERCUME_OK &&
		    strcmp(canon, h->lang) != 0 && (c = tu_strdup(canon)) != NULL) {
			free(h->lang);
			h->lang = c;
		}
	}
}

void
tu_po_header_free(tu_po_header *h)
{
	free(h->lang);
	free(h->src_lang);
	free(h->src_file);
	free(h->charset);
	memset(h, 0, sizeof *h);
}

bool
tu_po_charset_ok(const char *cs, bool template)
{
	static const char *const utf8[] = { "UTF-8", "UTF8", "ASCII", "US-ASCII" };

	for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		if (strcasecmp(cs, utf8[i]) == 0)
			return true;
	/* xgettext leaves the placeholder in a template. */
	return template && strcmp(cs, "CHARSET") == 0;
}

static bool
valid_utf8(const char *s)
{
	size_t at;

	return s == NULL || tu_text_check(s, strlen(s), false, &at) == TU_TEXT_OK;
}

static char *
format_problem(const char *fmt, ...) TU_PRINTF(1, 2);

static char *
format_problem(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

tercume_status
tu_po_header_catalog(const tu_po_header *h, tercume_catalog **out, char **problem)
{
	*out = NULL;
	*problem = NULL;
	if (h->charset && !tu_po_charset_ok(h->charset, h->lang == NULL)) {
		*problem = format_problem("the header declares charset %s; tercume reads UTF-8 "
					  "PO files only (convert it with 'msgconv -t UTF-8')",
					  h->charset);
		return *problem ? TERCUME_EINPUT : TERCUME_ENOMEM;
	}
	*out = tercume_catalog_new(h->src_lang && *h->src_lang ? h->src_lang : NULL, h->lang);
	if (*out == NULL)
		return TERCUME_ENOMEM;
	if (h->src_file && *h->src_file &&
	    tercume_catalog_set_source_path(*out, h->src_file) != TERCUME_OK) {
		tercume_catalog_free(*out);
		*out = NULL;
		return TERCUME_ENOMEM;
	}
	return TERCUME_OK;
}

tercume_status
tu_po_header_apply(const tu_po_header *h, tercume_catalog *cat)
{
	if (tu_catalog_set_source_lang(cat, h->src_lang && *h->src_lang ? h->src_lang : "en") !=
	    TERCUME_OK || tercume_catalog_set_target_lang(cat, h->lang) != TERCUME_OK)
		return TERCUME_ENOMEM;
	if (h->src_file && *h->src_file)
		return tercume_catalog_set_source_path(cat, h->src_file);
	return TERCUME_OK;
}

tercume_status
tu_po_header_keep(tercume_catalog *cat, const char *msgstr, const char *comments,
		  const char *extracted, bool fuzzy, char **problem)
{
	*problem = NULL;
	/* It is written back as it is, in a UTF-8 file. */
	if (!valid_utf8(msgstr) || !valid_utf8(comments) || !valid_utf8(extracted)) {
		*problem = format_problem("invalid UTF-8 or a reserved character in the header "
					  "entry");
		return *problem ? TERCUME_EINPUT : TERCUME_ENOMEM;
	}
	if (msgstr && *msgstr && tercume_catalog_set_po_header(cat, msgstr) != TERCUME_OK)
		return TERCUME_ENOMEM;
	if (tercume_catalog_po_header(cat) &&
	    tercume_catalog_set_po_header_comments(cat, comments && *comments ? comments : NULL,
						   extracted && *extracted ? extracted : NULL,
						   fuzzy) != TERCUME_OK)
		return TERCUME_ENOMEM;
	return TERCUME_OK;
}

bool
tu_po_msg_is_header(const tu_po_msg *m)
{
	return m->msgctxt == NULL && m->msgid[0] == '\0' && !m->obsolete;
}

/* A "fuzzy-match: 87%" line's score (1-100), or 0 when it is not one. */
static int
match_line(const char *p, size_t n)
{
	size_t k = strlen(TU_PO_MATCH_PREFIX);
	int score = 0;

	if (n <= k + 1 || strncmp(p, TU_PO_MATCH_PREFIX, k) != 0 || p[n - 1] != '%')
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
		size_t k = strlen(TU_PO_STATE_PREFIX);

		if (*score == 0 && (*score = match_line(p, n)) > 0) {
			/* kept in the entry, not in the comment */
		} else if (*state == NULL && n > k && strncmp(p, TU_PO_STATE_PREFIX, k) == 0 &&
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

/* The ID of an entry without msgctxt: a reference word ending in the
 * content hash of its source ("u-4c1ea835", "4c1ea835-2"; "o-..." is the
 * XML id of an obsolete unit of our XLIFF 1.2), else the content hash
 * itself, numbered like a repeat when two sources share one.  *consumed:
 * the file position that gave it, which is then no reference. */
static tercume_status
implicit_id(const tu_po_msg *m, tu_idgen *ids, const char *source, char out[24],
	    bool *obsolete, size_t *consumed)
{
	char hash[9];
	tercume_status st = tercume_unit_hash(source, strlen(source), hash);

	*obsolete = false;
	*consumed = (size_t)-1;
	if (st != TERCUME_OK)
		return st;
	for (size_t i = 0; i < m->n_refs; i++) {
		const char *w = m->refs[i].file;
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
	return tu_idgen_next(ids, source, strlen(source), out);
}

/* The file positions as "file:line file2", but the one at skip. */
static tercume_status
references(const tu_po_msg *m, size_t skip, char **out)
{
	tu_buf b = TU_BUF_INIT;

	*out = NULL;
	for (size_t i = 0; i < m->n_refs; i++)
		if (i != skip)
			tu_po_put_ref(&b, m->refs[i].file, m->refs[i].line);
	if (b.data == NULL)
		return TERCUME_OK;
	return tu_buf_finish(&b, out, NULL);
}

tercume_status
tu_po_msg_add(tercume_catalog *cat, const tu_po_msg *m, tu_po_reading *rd, char **problem)
{
	tercume_entry e = { 0 };
	char *comment = NULL, *state = NULL, *reference = NULL;
	tu_po_codes pc = { 0 };
	char why[256], implicit[24];
	bool obsolete_ref = false;
	size_t consumed = (size_t)-1;	/* the file position that gave the ID */
	tercume_status st;

	*problem = NULL;
	e.line = m->line;
	e.id = m->msgctxt;
	e.source = m->msgid;
	e.source_plural = m->msgid_plural;
	if (m->msgid_plural) {
		/* msgstr[1] ...: kept as they are */
		e.plural_targets = m->forms;
		e.n_plural_targets = m->n_forms;
	}
	if (rd->contexts && e.id != NULL && *e.id != '\0' && valid_utf8(e.id)) {
		e.msgctxt = e.id;	/* gettext's context: kept, not an ID */
		e.id = NULL;
	}
	if ((e.id == NULL || *e.id == '\0') && valid_utf8(e.source)) {
		/* No msgctxt (xgettext, msgunfmt, po4a, Translate Toolkit): the ID
		 * a unit with this source text has, or the one a reference names
		 * (xliff2po keeps our XLIFF 1.2 XML id, "u-ID", as "#: u-ID"). */
		st = implicit_id(m, rd->ids, e.source, implicit, &obsolete_ref, &consumed);
		if (st != TERCUME_OK)
			return st;
		e.id = implicit;
		e.implicit_id = 1;
	}
	if (e.id == NULL || *e.id == '\0') {
		/* no msgctxt, and a msgid that names no ID */
		*problem = format_problem("invalid UTF-8 or a reserved character in the msgid of "
					  "an entry without msgctxt");
		return *problem ? TERCUME_EINPUT : TERCUME_ENOMEM;
	}
	e.previous_source = m->prev_msgid;
	/* The comments are split before they enter the catalogue, which
	 * checks every other string. */
	if (!valid_utf8(m->comments) || !valid_utf8(m->extracted)) {
		*problem = format_problem("invalid UTF-8 or a reserved character in the comments "
					  "of unit '%s'", valid_utf8(e.id) ? e.id : "?");
		return *problem ? TERCUME_EINPUT : TERCUME_ENOMEM;
	}
	/* format flags (c-format, ...), kept for the round trip */
	e.po_formats = m->formats;
	e.target = *m->msgstr ? m->msgstr : NULL;
	if (m->obsolete || obsolete_ref)
		e.state = TERCUME_STATE_OBSOLETE;
	else if (e.target == NULL)
		e.state = TERCUME_STATE_UNTRANSLATED;
	else if (m->fuzzy)
		e.state = TERCUME_STATE_FUZZY;
	else
		e.state = TERCUME_STATE_TRANSLATED;
	st = split_comments(m->comments, &comment, &state, &e.match_score);
	if (st != TERCUME_OK)
		goto out;
	e.comment = comment;
	e.format_state = state;
	/* Inline codes: the listing in the extracted comments, the notation in
	 * the strings (notation.c). */
	st = tu_po_codes_read(&pc, m->extracted, e.source, e.target, e.previous_source, why,
			      sizeof why);
	if (st == TERCUME_EINPUT) {
		*problem = format_problem("the inline codes of unit '%s': %s", e.id, why);
		if (*problem == NULL)
			st = TERCUME_ENOMEM;
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
	st = references(m, consumed, &reference);
	if (st != TERCUME_OK)
		goto out;
	e.reference = reference;
	st = tu_catalog_add(cat, &e, false, why, sizeof why);
	if (st == TERCUME_EINPUT && why[0])
		*problem = format_problem("the entry of unit '%s': %s",
					  valid_utf8(e.id) ? e.id : "?", why);
	else if (st == TERCUME_EINPUT)
		*problem = format_problem(e.implicit_id ? "unit ID '%s' (the one of this entry's "
					  "source text) occurs twice" : "unit ID '%s' occurs twice",
					  e.id);
	if (st == TERCUME_EINPUT && *problem == NULL)
		st = TERCUME_ENOMEM;
out:
	free(comment);
	free(state);
	free(reference);
	tu_po_codes_free(&pc);
	return st;
}

/* ---- libgettextpo: the error handler ---- */

enum handler_mode {
	MODE_REPORT,	/* report the first error to the reporter */
	MODE_PROBE	/* catch the position of one message (message_line) */
};

typedef struct po_ctx {
	enum handler_mode mode;
	tercume_reporter *rep;
	const char *path;	/* the file the user named */
	bool failed;		/* an error was seen (and reported once) */
	jmp_buf jump;
	po_message_t probe;	/* MODE_PROBE: the message asked about */
	unsigned long probe_line;
	po_message_iterator_t probe_it;	/* over an empty file: see message_line */
} po_ctx;

static po_ctx *ctx;
static pthread_mutex_t po_lock = PTHREAD_MUTEX_INITIALIZER;

/* po_format_list makes its list on the first call: made once, for every
 * thread. */
static const char *const *format_types;
static pthread_once_t format_types_once = PTHREAD_ONCE_INIT;

static void
make_format_types(void)
{
	format_types = po_format_list();
}

const char *const *
tu_po_format_list(void)
{
	pthread_once(&format_types_once, make_format_types);
	return format_types;
}

static unsigned long
pos_value(size_t v)
{
	return v == (size_t)-1 ? 0 : (unsigned long)v;
}

/* Reports the first error (with the user's file name: libgettextpo names
 * the file it opened, which is a scratch file when the data came from
 * memory). */
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
	} else
		report_first(severity, filename, lineno, column, text);
	if (severity == PO_SEVERITY_FATAL_ERROR) {
		/* Must not return (gettext-po.h).  Jump back to the read or the
		 * write. */
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

/* ---- where a message is, as libgettextpo knows it ----
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
 * time).  Returns 0 when no line could be had.
 *
 * It costs a check per message: only the reference reading (TERCUME_PO=
 * gettextpo, the audit) asks libgettextpo; otherwise the lines come from
 * the streaming lexer (tu_po_stream_lines). */
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

/* ---- libgettextpo: writing ---- */

static tercume_status
fill_message(po_message_t m, const tercume_entry *e, const char *name, tercume_reporter *rep)
{
	tu_po_out o;
	char why[256];
	tercume_status st = tu_po_out_make(&o, e, why, sizeof why);

	if (st == TERCUME_EINPUT)
		tu_error(rep, name, 0, 0, "unit '%s': %s", e->id, why);
	if (st != TERCUME_OK)
		return st;
	if (o.msgctxt)
		po_message_set_msgctxt(m, o.msgctxt);
	po_message_set_msgid(m, o.msgid);
	if (o.msgid_plural) {
		po_message_set_msgid_plural(m, o.msgid_plural);
		po_message_set_msgstr_plural(m, 0, o.msgstr);
		for (size_t k = 0; k < o.n_forms; k++)
			po_message_set_msgstr_plural(m, (int)k + 1, o.forms[k]);
	} else
		po_message_set_msgstr(m, o.msgstr);
	po_message_set_comments(m, o.comments);
	po_message_set_extracted_comments(m, o.extracted);
	for (size_t i = 0; i < o.n_refs; i++)
		po_message_add_filepos(m, o.refs[i].file, o.refs[i].line);
	if (o.prev_msgid) {
		if (o.prev_msgctxt)
			po_message_set_prev_msgctxt(m, o.prev_msgctxt);
		po_message_set_prev_msgid(m, o.prev_msgid);
	}
	for (const char *f = o.formats; f && *f; ) {
		size_t n = strcspn(f, " ");
		char *type = tu_strndup(f, n);

		if (type == NULL) {
			tu_po_out_free(&o);
			return TERCUME_ENOMEM;
		}
		po_message_set_format(m, type, 1);
		free(type);
		f += n + strspn(f + n, " ");
	}
	po_message_set_fuzzy(m, o.fuzzy);
	po_message_set_obsolete(m, o.obsolete);
	tu_po_out_free(&o);
	return TERCUME_OK;
}

/* libgettextpo writes only to a file it opens by name, and ignores failed
 * writes (0.21: a full disk gives a short file and no error).  So it writes
 * into a pipe (by its /dev/fd name), and a thread hands what comes out of
 * the pipe to the output, where a failed write is seen. */
typedef struct drain {
	int fd;
	tu_out *out;
} drain;

static void *
drain_run(void *arg)
{
	drain *d = arg;
	char buf[1 << 16];
	ssize_t n;

	while ((n = read(d->fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (d->out->st == TERCUME_OK) {
				d->out->err = errno;
				d->out->st = TERCUME_EIO;
			}
			break;
		}
		/* after a failure the output drops what comes: the pipe is
		 * read to its end all the same, so that the writer ends */
		tu_out_write(d->out, buf, (size_t)n);
	}
	return NULL;
}

static tercume_status
po_write_pipe(po_file_t file, tu_out *out, tercume_reporter *rep)
{
	int fds[2];
	char name[64];
	pthread_t thread;
	drain d;

	if (pipe(fds) != 0) {
		tu_error(rep, out->name, 0, 0, "cannot make a pipe: %s", strerror(errno));
		return TERCUME_EIO;
	}
	d.fd = fds[0];
	d.out = out;
	if (pthread_create(&thread, NULL, drain_run, &d) != 0) {
		tu_error(rep, out->name, 0, 0, "cannot start a thread");
		close(fds[0]);
		close(fds[1]);
		return TERCUME_EIO;
	}
	snprintf(name, sizeof name, "/dev/fd/%d", fds[1]);
	if (setjmp(ctx->jump) == 0)
		po_file_write(file, name, &handler);
	/* libgettextpo has closed its own descriptor; this is the last one
	 * on the pipe, and the thread sees its end. */
	close(fds[1]);
	pthread_join(thread, NULL);
	close(fds[0]);
	return ctx->failed ? TERCUME_EIO : TERCUME_OK;
}

static tercume_status
gettextpo_write_locked(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	po_ctx c = { .mode = MODE_REPORT, .rep = rep, .path = out->name };
	po_file_t file;
	po_message_iterator_t it;
	tercume_status st = TERCUME_OK;
	char *header;
	po_message_t m;

	header = tu_po_header_text(cat);
	if (header == NULL)
		return TERCUME_ENOMEM;
	ctx = &c;
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
		st = fill_message(m, tercume_catalog_entry(cat, i), out->name, rep);
		po_message_insert(it, m);
	}
	if (st == TERCUME_OK)
		st = po_write_pipe(file, out, rep);
	po_message_iterator_free(it);
	po_file_free(file);
	ctx = NULL;
	free(header);
	return st;
}

/* One thread at a time in libgettextpo. */
static tercume_status
gettextpo_write(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	tercume_status st;

	pthread_mutex_lock(&po_lock);
	st = gettextpo_write_locked(cat, out, rep);
	pthread_mutex_unlock(&po_lock);
	return st;
}

tercume_status
tu_po_gettextpo_write(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	return gettextpo_write(cat, out, rep);
}

tercume_status
tu_po_gettextpo_render(const tercume_catalog *cat, char **data, size_t *len,
		       tercume_reporter *rep)
{
	tu_buf b = TU_BUF_INIT;
	tu_out *out = malloc(sizeof *out);
	tercume_status st;

	*data = NULL;
	if (out == NULL)
		return TERCUME_ENOMEM;
	tu_out_memory(out, &b);
	st = gettextpo_write(cat, out, rep);
	st = tu_out_close(out, st, rep);
	free(out);
	tu_buf_putc(&b, '\0');
	if (st != TERCUME_OK) {
		tu_buf_free(&b);
		return st;
	}
	st = tu_buf_finish(&b, data, len);
	if (st == TERCUME_OK)
		(*len)--;
	return st;
}

/* ---- libgettextpo: reading ---- */

/* po_message_comments and po_message_extracted_comments return a freshly
 * allocated string (or a literal "" when there is nothing; the allocated
 * domain header is freed with free(), even when "") although gettext-po.h
 * declares them const; gettext's own source marks it "FIXME: memory leak".
 * This frees it. */
static void
free_po_string(const char *s)
{
	if (s != NULL && *s != '\0')
		free((char *)s);
}

/* The file positions of m (the names are libgettextpo's): *refs malloc'd. */
static tercume_status
filepos_list(po_message_t m, tu_po_ref **refs, size_t *n)
{
	po_filepos_t fp;
	size_t count = 0;

	*refs = NULL;
	*n = 0;
	while (po_message_filepos(m, (int)count) != NULL)
		count++;
	if (count == 0)
		return TERCUME_OK;
	if ((*refs = calloc(count, sizeof **refs)) == NULL)
		return TERCUME_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		fp = po_message_filepos(m, (int)i);
		(*refs)[i].file = (char *)po_filepos_file(fp);
		(*refs)[i].line = po_filepos_start_line(fp);
	}
	*n = count;
	return TERCUME_OK;
}

/* The format flags po_message_is_format sees, in po_format_list's order
 * (malloc'd, NULL when none). */
static tercume_status
format_flags(po_message_t m, char **out)
{
	tu_buf fb = TU_BUF_INIT;
	const char *const *types = tu_po_format_list();

	*out = NULL;
	for (size_t k = 0; types && types[k]; k++)
		if (po_message_is_format(m, types[k])) {
			if (fb.len)
				tu_buf_putc(&fb, ' ');
			tu_buf_puts(&fb, types[k]);
		}
	if (fb.data == NULL)
		return TERCUME_OK;
	return tu_buf_finish(&fb, out, NULL);
}

static bool
is_header(po_message_t m)
{
	return po_message_msgctxt(m) == NULL && po_message_msgid(m)[0] == '\0' &&
	       !po_message_is_obsolete(m);
}

/* Parses the PO file at path (a file, by name: libgettextpo reads nowhere
 * else); data holds its bytes.  Diagnostics name `name`.  probe: the
 * messages' lines from libgettextpo itself (message_line), for the
 * reference; else from the streaming lexer. */
static tercume_status
po_parse_file_locked(tercume_catalog **out, const char *name, const char *data, size_t len,
		     const char *path, bool probe, tercume_reporter *rep)
{
	po_ctx c = { .mode = MODE_REPORT, .rep = rep, .path = name };
	po_file_t volatile file = NULL;
	po_file_t volatile empty = NULL;
	po_message_iterator_t volatile it = NULL;
	tercume_catalog *volatile cat = NULL;
	tercume_status st = TERCUME_OK;
	unsigned long *volatile lines = NULL;
	size_t n_lines = 0, k = 0;
	const char *nul, *header;
	tu_po_header h;
	char *problem = NULL;
	tu_po_reading rd = { NULL, false };
	po_message_t m;

	*out = NULL;
	ctx = &c;
	if (setjmp(c.jump) != 0) {
		/* what libgettextpo held is lost (see the top) */
		ctx = NULL;
		tercume_catalog_free(cat);
		free(lines);
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
	/* po_file_read cuts a string at a NUL byte without a word: after
	 * libgettextpo's own errors, which come first, tercume's. */
	nul = memchr(data, '\0', len);
	if (nul != NULL) {
		const char *bol = data;
		unsigned long line = 1;

		for (const char *q = data; q < nul; q++)
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		tu_error(rep, name, line, (unsigned long)(nul - bol) + 1, "NUL byte in a PO file");
		st = TERCUME_EINPUT;
		goto done;
	}
	if (probe) {
		empty = po_file_create();
		c.probe_it = po_message_iterator(empty, NULL);
	} else {
		unsigned long *l = NULL;

		st = tu_po_stream_lines(data, len, &l, &n_lines);
		lines = l;
		if (st != TERCUME_OK)
			goto done;
	}
	header = po_file_domain_header(file, NULL);
	tu_po_header_read(header, &h);
	free((char *)header);	/* always allocated, even when "" */
	{
		tercume_catalog *made = NULL;

		st = tu_po_header_catalog(&h, &made, &problem);
		cat = made;
	}
	tu_po_header_free(&h);
	if (st == TERCUME_EINPUT) {
		unsigned long line = 0;

		/* the header entry's line */
		it = po_message_iterator(file, NULL);
		for (k = 0; (m = po_next_message(it)) != NULL; k++)
			if (is_header(m)) {
				line = probe ? message_line(m) : k < n_lines ? lines[k] : 0;
				break;
			}
		tu_error(rep, name, line, 0, "%s", problem);
	}
	if (st != TERCUME_OK)
		goto done;
	if ((rd.ids = tu_idgen_new()) == NULL) {
		st = TERCUME_ENOMEM;
		goto done;
	}
	it = po_message_iterator(file, NULL);
	for (k = 0; (m = po_next_message(it)) != NULL; k++)
		if (is_header(m)) {
			/* the header, with its own comments and flag, kept */
			const char *hs = po_message_msgstr(m);
			const char *hc = po_message_comments(m);
			const char *hx = po_message_extracted_comments(m);

			st = tu_po_header_keep(cat, hs, hc, hx, po_message_is_fuzzy(m), &problem);
			free_po_string(hc);
			free_po_string(hx);
			if (st == TERCUME_EINPUT) {
				unsigned long line = probe ? message_line(m) : k < n_lines ? lines[k] : 0;

				tu_error(rep, name, line, 0, "%s", problem);
			}
			break;
		}
	po_message_iterator_free(it);
	it = NULL;
	if (st != TERCUME_OK)
		goto done;
	{
		/* One msgctxt naming two live msgids is gettext's context
		 * (dpkg's "architecture"), not tercume's unit ID; but in a
		 * tercume catalogue (it names its article: X-Source-File) it
		 * is an ID given twice, an error. */
		tu_map *seen = tu_map_new(64);
		po_message_iterator_t scan = po_message_iterator(file, NULL);

		while (seen && !tercume_catalog_source_path(cat) &&
		       (m = po_next_message(scan)) != NULL && !rd.contexts) {
			bool added;

			if (po_message_msgctxt(m) == NULL || po_message_is_obsolete(m))
				continue;
			if (tu_map_slot(seen, po_message_msgctxt(m), &added) == NULL)
				break;
			rd.contexts = !added;
		}
		po_message_iterator_free(scan);
		if (seen == NULL) {
			st = TERCUME_ENOMEM;
			goto done;
		}
		tu_map_free(seen);
	}
	it = po_message_iterator(file, NULL);
	for (k = 0; st == TERCUME_OK && (m = po_next_message(it)) != NULL; k++) {
		const char *comments, *extracted, **forms = NULL;
		char *formats = NULL;
		tu_po_ref *refs = NULL;
		tu_po_msg msg;

		if (is_header(m))
			continue;
		/* first: message_line puts new strings into the message */
		msg = (tu_po_msg){ .line = probe ? message_line(m) : k < n_lines ? lines[k] : 0 };
		msg.msgctxt = po_message_msgctxt(m);
		msg.msgid = po_message_msgid(m);
		msg.msgid_plural = po_message_msgid_plural(m);
		msg.msgstr = po_message_msgstr(m);
		msg.prev_msgid = po_message_prev_msgid(m);
		msg.fuzzy = po_message_is_fuzzy(m);
		msg.obsolete = po_message_is_obsolete(m);
		if (msg.msgid_plural != NULL) {
			size_t n = 0;

			msg.msgstr = po_message_msgstr_plural(m, 0);
			if (msg.msgstr == NULL)
				msg.msgstr = "";
			while (po_message_msgstr_plural(m, (int)n + 1) != NULL)
				n++;
			if ((forms = calloc(n + 1, sizeof *forms)) == NULL) {
				st = TERCUME_ENOMEM;
				break;
			}
			for (size_t j = 0; j < n; j++)
				forms[j] = po_message_msgstr_plural(m, (int)j + 1);
			msg.forms = forms;
			msg.n_forms = n;
		}
		if (filepos_list(m, &refs, &msg.n_refs) != TERCUME_OK ||
		    format_flags(m, &formats) != TERCUME_OK) {
			free(forms);
			free(refs);
			st = TERCUME_ENOMEM;
			break;
		}
		msg.refs = refs;
		msg.formats = formats;
		comments = po_message_comments(m);
		extracted = po_message_extracted_comments(m);
		msg.comments = comments;
		msg.extracted = extracted;
		st = tu_po_msg_add(cat, &msg, &rd, &problem);
		if (st == TERCUME_EINPUT)
			tu_error(rep, name, msg.line, 0, "%s", problem);
		free(problem);
		problem = NULL;
		free_po_string(comments);
		free_po_string(extracted);
		free(forms);
		free(refs);
		free(formats);
	}
done:
	free(problem);
	free(lines);
	if (it != NULL)
		po_message_iterator_free(it);
	if (c.probe_it != NULL)
		po_message_iterator_free(c.probe_it);
	if (empty != NULL)
		po_file_free(empty);
	tu_idgen_free(rd.ids);
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
	      const char *path, bool probe, tercume_reporter *rep)
{
	tercume_status st;

	pthread_mutex_lock(&po_lock);
	st = po_parse_file_locked(out, name, data, len, path, probe, rep);
	pthread_mutex_unlock(&po_lock);
	return st;
}

/* libgettextpo reads data (from path, or through a scratch file). */
static tercume_status
gettextpo_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
		const char *path, bool probe, tercume_reporter *rep)
{
	tercume_status st;
	char *scratch;
	int fd;

	*out = NULL;
	if (path != NULL)
		return po_parse_file(out, name, data, len, path, probe, rep);
	/* From memory: libgettextpo reads files only, so a scratch one. */
	fd = tu_scratch_file(&scratch, name, rep);
	if (fd < 0)
		return scratch == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	st = tu_write_all(fd, data, len) ? TERCUME_OK : TERCUME_EIO;
	if (close(fd) != 0 || st != TERCUME_OK) {
		tu_error(rep, name, 0, 0, "cannot write a scratch file: %s", strerror(errno));
		st = TERCUME_EIO;
	} else
		st = po_parse_file(out, name, data, len, scratch, probe, rep);
	unlink(scratch);
	free(scratch);
	return st;
}

tercume_status
tu_po_gettextpo_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
		      const char *path, tercume_reporter *rep)
{
	/* the reference: every position from libgettextpo itself */
	return gettextpo_parse(out, name, data, len, path, true, rep);
}

/* ---- the audit: both implementations, compared ---- */

/* A reporter that keeps the first error. */
typedef struct first_diag {
	tercume_reporter *to;	/* passed on, or NULL */
	bool seen;
	unsigned long line;
	char *text;
} first_diag;

static void
keep_diag(const tercume_diag *d, void *user)
{
	first_diag *f = user;

	if (d->severity == TERCUME_SEV_ERROR && !f->seen) {
		f->seen = true;
		f->line = d->line;
		f->text = tu_strdup(d->message);
	}
	if (f->to != NULL && f->to->fn != NULL)
		f->to->fn(d, f->to->user);
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool
same_codes(const tercume_code *a, size_t na, const tercume_code *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].kind != b[i].kind || !same_str(a[i].id, b[i].id) ||
		    !same_str(a[i].data, b[i].data))
			return false;
	return true;
}

static bool
same_forms(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!same_str(a[i], b[i]))
			return false;
	return true;
}

const char *
tu_po_catalog_difference(const tercume_catalog *a, const tercume_catalog *b, size_t *at)
{
	*at = 0;
	if (!same_str(tercume_catalog_source_lang(a), tercume_catalog_source_lang(b)) ||
	    !same_str(tercume_catalog_target_lang(a), tercume_catalog_target_lang(b)) ||
	    !same_str(tercume_catalog_source_path(a), tercume_catalog_source_path(b)) ||
	    !same_str(tercume_catalog_po_header(a), tercume_catalog_po_header(b)) ||
	    !same_str(tercume_catalog_po_header_comments(a), tercume_catalog_po_header_comments(b)) ||
	    !same_str(tercume_catalog_po_header_extracted(a),
		      tercume_catalog_po_header_extracted(b)) ||
	    tercume_catalog_po_header_fuzzy(a) != tercume_catalog_po_header_fuzzy(b))
		return "the header";
	if (tercume_catalog_count(a) != tercume_catalog_count(b))
		return "the number of entries";
	for (size_t i = 0; i < tercume_catalog_count(a); i++) {
		const tercume_entry *x = tercume_catalog_entry(a, i), *y = tercume_catalog_entry(b, i);

		*at = i + 1;
		if (!same_str(x->id, y->id) || !same_str(x->source, y->source) ||
		    !same_str(x->target, y->target) || x->state != y->state ||
		    !same_str(x->context, y->context) || !same_str(x->reference, y->reference) ||
		    !same_str(x->comment, y->comment) ||
		    !same_str(x->previous_source, y->previous_source) ||
		    !same_str(x->format_state, y->format_state) || x->line != y->line ||
		    x->match_score != y->match_score || x->implicit_id != y->implicit_id ||
		    !same_str(x->msgctxt, y->msgctxt) || !same_str(x->po_formats, y->po_formats) ||
		    !same_str(x->source_plural, y->source_plural) ||
		    !same_forms(x->plural_targets, x->n_plural_targets, y->plural_targets,
				y->n_plural_targets) ||
		    !same_codes(x->source_codes, x->n_source_codes, y->source_codes,
				y->n_source_codes) ||
		    !same_codes(x->target_codes, x->n_target_codes, y->target_codes,
				y->n_target_codes) ||
		    !same_codes(x->previous_codes, x->n_previous_codes, y->previous_codes,
				y->n_previous_codes))
			return "an entry";
	}
	return NULL;
}

static tercume_status
parse_stream_or_fallback(tercume_catalog **out, const char *name, const char *data, size_t len,
			 const char *path, tercume_reporter *rep)
{
	tercume_status st;

	if (tu_po_stream_parse(out, &st, name, data, len, rep) == TU_PO_DONE)
		return st;
	return gettextpo_parse(out, name, data, len, path, false, rep);
}

static tercume_status
po_parse(tercume_catalog **out, const char *name, const char *data, size_t len,
	 const char *path, tercume_reporter *rep)
{
	tercume_reporter r1 = { 0 }, r2 = { 0 };
	first_diag f1 = { rep, false, 0, NULL }, f2 = { NULL, false, 0, NULL };
	tercume_catalog *ref = NULL;
	tercume_status st, st2;
	const char *what = NULL;
	size_t at = 0;

	if (tu_po_use_gettextpo())
		return tu_po_gettextpo_parse(out, name, data, len, path, rep);
	if (!tu_po_audit())
		return parse_stream_or_fallback(out, name, data, len, path, rep);
	/* The audit: libgettextpo reads the file too, and must agree. */
	r1.fn = keep_diag;
	r1.user = &f1;
	r2.fn = keep_diag;
	r2.user = &f2;
	st = parse_stream_or_fallback(out, name, data, len, path, &r1);
	if (rep != NULL) {
		rep->errors += r1.errors;
		rep->warnings += r1.warnings;
	}
	st2 = tu_po_gettextpo_parse(&ref, name, data, len, path, &r2);
	if (st != st2)
		what = "whether the file is read";
	else if (st == TERCUME_OK)
		what = tu_po_catalog_difference(*out, ref, &at);
	else if (f1.line != f2.line || !same_str(f1.text, f2.text))
		what = "the error";
	if (what != NULL) {
		tu_error(rep, name, 0, 0, "PO audit: libgettextpo reads the file differently: %s "
			 "(entry %zu; libgettextpo: %s, line %lu: %s)", what, at,
			 tercume_status_string(st2), f2.line, f2.text ? f2.text : "-");
		tercume_catalog_free(*out);
		*out = NULL;
		st = TERCUME_EINPUT;
	}
	tercume_catalog_free(ref);
	free(f1.text);
	free(f2.text);
	return st;
}

/* po_parse, with the entries going to sink as tercume's own reader reads
 * them; a file it hands to libgettextpo, or one the audit or TERCUME_PO
 * wants libgettextpo to read too, is read whole (*streamed false). */
static tercume_status
po_parse_sink(tercume_catalog **out, const char *name, const char *data, size_t len,
	      const char *path, tu_entry_sink sink, void *user, bool *streamed,
	      tercume_reporter *rep)
{
	tercume_status st;

	*streamed = false;
	if (!tu_po_use_gettextpo() && !tu_po_audit() &&
	    tu_po_stream_parse_sink(out, &st, name, data, len, sink, user, rep) == TU_PO_DONE) {
		*streamed = true;
		return st;
	}
	sink(user, NULL);	/* what it was given goes before the file is read whole */
	tu_input_rewind(data);
	return po_parse(out, name, data, len, path, rep);
}

/* The streaming writer, and under the audit libgettextpo's rendering of
 * the same catalogue, which must be the same bytes. */
static tercume_status
po_write_out(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	tu_buf b = TU_BUF_INIT;
	tu_out *mem;
	tercume_status st;
	char *ref = NULL;
	size_t ref_len = 0;

	if (tu_po_use_gettextpo() || !tu_po_stream_can_write())
		return tu_po_gettextpo_write(cat, out, rep);
	if (!tu_po_audit())
		return tu_po_stream_write(cat, out, rep);
	mem = malloc(sizeof *mem);
	if (mem == NULL)
		return TERCUME_ENOMEM;
	tu_out_memory(mem, &b);
	st = tu_po_stream_write(cat, mem, rep);
	st = tu_out_close(mem, st, rep);
	free(mem);
	if (st == TERCUME_OK) {
		st = tu_po_gettextpo_render(cat, &ref, &ref_len, NULL);
		if (st == TERCUME_OK && (ref_len != b.len || memcmp(ref, b.data, b.len) != 0)) {
			size_t i = 0;
			unsigned long line = 1;

			while (i < b.len && i < ref_len && ref[i] == b.data[i])
				if (ref[i++] == '\n')
					line++;
			tu_error(rep, out->name, line, 0, "PO audit: libgettextpo writes this "
				 "catalogue differently from line %lu on", line);
			st = TERCUME_EIO;
		}
		else if (st != TERCUME_OK && st != TERCUME_EIO)
			tu_error(rep, out->name, 0, 0, "PO audit: libgettextpo cannot write it");
	}
	if (st == TERCUME_OK)
		tu_out_write(out, b.data, b.len);
	free(ref);
	tu_buf_free(&b);
	return st;
}

/* Entries one at a time through the streaming writer; where
 * libgettextpo writes (or audits) the file, through a catalogue of them. */
static tercume_status
po_write_entries(const tu_entries *src, tu_out *out, tercume_reporter *rep)
{
	tercume_catalog *cat;
	tercume_status st;

	if (!tu_po_use_gettextpo() && tu_po_stream_can_write() && !tu_po_audit())
		return tu_po_stream_write_entries(src, out, rep);
	if ((st = tu_catalog_from_entries(&cat, src)) != TERCUME_OK)
		return st;
	st = po_write_out(cat, out, rep);
	tercume_catalog_free(cat);
	return st;
}

const tu_format tu_format_po = { TERCUME_FORMAT_PO, "po", NULL, NULL, po_parse, po_write_out, true,
				 po_write_entries, po_parse_sink };
