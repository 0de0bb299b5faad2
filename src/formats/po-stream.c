/* po-stream.c — PO files read and written as streams of bytes.
 *
 * libgettextpo builds a list of messages before tercume sees the first one,
 * converts each character of the file with iconv (UTF-8 to UTF-8 for a
 * UTF-8 file) and writes through iconv again; tercume's catalogues are
 * UTF-8, so this module reads and writes their bytes directly.  It does
 * what libgettextpo 0.21 does, and is tested against it rather than against
 * itself (doc/states.md, "PO"; tests/po-audit.sh, fuzz/fuzz-po-diff.c):
 *
 * The writer writes the bytes po_file_write writes: the same comment,
 * flag and reference lines, and strings wrapped at 79 columns where
 * gettext wraps them, by the same Unicode line breaking (libunistring's
 * u8_width_linebreaks, which libgettextpo calls too) on the same escaped
 * text with the same places where a break is refused.
 *
 * The reader reads the messages po_file_read reads, and refuses the files
 * it refuses with the first error it reports: its lexer (a backslash before
 * a newline joins lines anywhere, comments run to the end of the line,
 * strings and their escapes, keywords, the "#~" and "#|" prefixes that
 * last to the end of the line), its grammar (a message is an optional
 * previous msgctxt/msgid, an optional msgctxt, a msgid, and a msgstr or a
 * msgid_plural with msgstr[N] forms; comments only between messages; every
 * part with the same "#~"), and the checks of its catalogue reader (a
 * second message with the same msgctxt and msgid is an error, the comments
 * before a message belong to it, the last "#," line gives the fuzzy flag).
 * Like libgettextpo it reads the bytes before the header as they are and
 * checks those after it against the charset the header names (UTF-8, or
 * ASCII), from the token after the header's last string on.  A file whose
 * header names another charset, or that holds a domain directive, goes to
 * libgettextpo (TU_PO_FALLBACK).
 *
 * Nothing here is global: a read or a write keeps its state on the
 * stack. */
#include "po.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gettext-po.h>
#include <unilbrk.h>
#include <uniwidth.h>

#define PAGE_WIDTH 79	/* gettext's default, which po_file_write uses */

/* ======================================================================
 * Writing
 * ====================================================================== */

bool
tu_po_stream_can_write(void)
{
	/* gettext's old output format (a backslash after every multibyte
	 * character ending in 0x5C) is libgettextpo's to write. */
	const char *v = getenv("OLD_PO_FILE_OUTPUT");

	return v == NULL || *v == '\0';
}

typedef struct writer {
	tu_out *out;
	/* scratch for wrap(): one portion of a string, escaped, and its
	 * break overrides and breaks */
	char *esc, *ovr, *brk;
	size_t cap;
	bool failed;		/* out of memory */
} writer;

static void
put(writer *w, const char *s, size_t n)
{
	tu_out_write(w->out, s, n);
}

static void
puts_(writer *w, const char *s)
{
	tu_out_write(w->out, s, strlen(s));
}

static bool
reserve(writer *w, size_t n)
{
	if (n <= w->cap)
		return true;
	size_t cap = w->cap ? w->cap : 256;
	while (cap < n)
		cap *= 2;
	char *e = realloc(w->esc, cap), *o, *b;
	if (e == NULL)
		return false;
	w->esc = e;
	if ((o = realloc(w->ovr, cap)) == NULL)
		return false;
	w->ovr = o;
	if ((b = realloc(w->brk, cap)) == NULL)
		return false;
	w->brk = b;
	w->cap = cap;
	return true;
}

/* The letter of a C escape that gettext writes for c, or 0. */
static char
escape_letter(unsigned char c)
{
	switch (c) {
	case '\a': return 'a';
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	case '\v': return 'v';
	case '\\': return '\\';
	case '"': return '"';
	}
	return 0;
}

/* The length of the UTF-8 character that starts with byte c (the text is
 * valid: the catalogue model holds nothing else). */
static size_t
utf8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* `prefix`name "value", as gettext's wrap() lays it out: the value cut
 * after each "\n"; a portion that needs more than one line (or is not the
 * last) starts on a line of its own after `name ""`; lines broken where
 * Unicode line breaking allows, so that each fits in PAGE_WIDTH columns
 * with its quotes; never inside an escape or before a final "\n". */
static void
wrap(writer *w, const char *prefix, const char *name, const char *value)
{
	const int plen = prefix ? (int)strlen(prefix) : 0;
	const int after_break = plen + 1;	/* the column after a continuation's quote */
	const int width = PAGE_WIDTH - 1 - after_break;
	const unsigned char *s = (const unsigned char *)value;
	bool first = true;

	do {
		const unsigned char *es = s;
		size_t n = 0;
		int startcol;
		bool breaks, ready;

		while (*es != '\0')
			if (*es++ == '\n')
				break;
		if (!reserve(w, 2 * (size_t)(es - s) + 1)) {
			w->failed = true;
			return;
		}
		for (const unsigned char *p = s; p < es;) {
			char letter = escape_letter(*p);

			if (letter) {
				w->esc[n] = '\\';
				w->ovr[n++] = UC_BREAK_UNDEFINED;
				w->esc[n] = letter;
				w->ovr[n++] = UC_BREAK_PROHIBITED;
				p++;
			} else {
				size_t k = utf8_len(*p);

				if (p + k > es)
					k = (size_t)(es - p);
				w->esc[n] = (char)*p;
				w->ovr[n++] = UC_BREAK_UNDEFINED;
				for (size_t j = 1; j < k; j++) {
					w->esc[n] = (char)p[j];
					w->ovr[n++] = UC_BREAK_PROHIBITED;
				}
				p += k;
			}
		}
		/* no break just before the "\n" at the end */
		if (es > s && es[-1] == '\n')
			w->ovr[n - 2] = UC_BREAK_PROHIBITED;
recompute:
		startcol = plen + (first ? (int)strlen(name) + 1 : 0) + 1 - after_break;
		breaks = ready = false;	/* ready: w->brk is a continuation's */
		if (first && n > 0 && (*es != '\0' || startcol > width))
			goto header;	/* 'msgid ""' whatever the breaks */
		/* A portion that fits has no break: no character is wider in
		 * columns than in bytes. */
		if (startcol + (long)n <= width) {
			memset(w->brk, UC_BREAK_PROHIBITED, n);
		} else {
			/* A first portion is broken from a continuation's
			 * column: if it breaks from there, it breaks from its
			 * own later column too (each line fills sooner), goes
			 * after 'msgid ""', and these are its breaks there
			 * (once, where it was broken twice: a third of export
			 * to PO). */
			int col = first ? plen + 1 - after_break : startcol;

			u8_width_linebreaks((const uint8_t *)w->esc, n, width, col, 0, w->ovr,
					    "UTF-8", w->brk);
			breaks = memchr(w->brk, UC_BREAK_POSSIBLE, n) != NULL;
			if (first && breaks) {
				ready = true;
				goto header;
			}
			if (col != startcol) {
				u8_width_linebreaks((const uint8_t *)w->esc, n, width, startcol, 0,
						    w->ovr, "UTF-8", w->brk);
				breaks = memchr(w->brk, UC_BREAK_POSSIBLE, n) != NULL;
			}
		}
		if (first && n > 0 && breaks) {
header:
			if (prefix)
				puts_(w, prefix);
			puts_(w, name);
			puts_(w, " \"\"\n");
			first = false;
			if (!ready)
				goto recompute;
		}
		if (prefix)
			puts_(w, prefix);
		if (first) {
			puts_(w, name);
			put(w, " ", 1);
			first = false;
		}
		put(w, "\"", 1);
		if (!breaks)
			put(w, w->esc, n);
		else {
			size_t from = 0;

			for (size_t i = 0; i < n; i++)
				if (w->brk[i] == UC_BREAK_POSSIBLE) {
					put(w, w->esc + from, i - from);
					put(w, "\"\n", 2);
					if (prefix)
						puts_(w, prefix);
					put(w, "\"", 1);
					from = i;
				}
			put(w, w->esc + from, n - from);
		}
		put(w, "\"\n", 2);
		s = es;
	} while (*s != '\0');
}

/* Comment lines: mark ("#" or "#.") and the line, a space between them
 * unless the line is empty.  text: lines each ending in '\n'. */
static void
comment_lines(writer *w, const char *mark, const char *text)
{
	while (*text != '\0') {
		size_t n = strcspn(text, "\n");

		puts_(w, mark);
		if (n > 0)
			put(w, " ", 1);
		put(w, text, n);
		put(w, "\n", 1);
		text += n;
		if (*text == '\n')
			text++;
	}
}

/* "#: file:line file2", broken before a position that would pass the page
 * width; "./" in front of a file name is left out. */
static void
reference_lines(writer *w, const tu_po_out *o)
{
	size_t column = 2;

	if (o->n_refs == 0)
		return;
	put(w, "#:", 2);
	for (size_t i = 0; i < o->n_refs; i++) {
		const char *cp = o->refs[i].file;
		char buffer[24] = "";
		size_t len;

		while (cp[0] == '.' && cp[1] == '/')
			cp += 2;
		if (o->refs[i].line != (size_t)-1)
			snprintf(buffer, sizeof buffer, ":%ld", (long)o->refs[i].line);
		len = strlen(cp) + strlen(buffer) + 1;
		if (column > 2 && column + len > PAGE_WIDTH) {
			put(w, "\n#:", 3);
			column = 2;
		}
		put(w, " ", 1);
		puts_(w, cp);
		puts_(w, buffer);
		column += len;
	}
	put(w, "\n", 1);
}

/* Whether the space-separated list has the word w. */
static bool
has_word(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; *p;) {
		size_t k = strcspn(p, " ");

		if (k == n && memcmp(p, w, n) == 0)
			return true;
		p += k + strspn(p + k, " ");
	}
	return false;
}

/* "#, fuzzy, c-format": the fuzzy flag unless the (first) msgstr is empty,
 * then the format flags in libgettextpo's order of format types
 * (message_print_comment_flags). */
static void
flags_line_out(writer *w, const tu_po_out *o)
{
	const char *const *types = o->formats ? tu_po_format_list() : NULL;
	bool fuzzy = o->fuzzy && o->msgstr[0] != '\0', first = true, any = false;

	for (size_t k = 0; types && types[k] && !any; k++)
		any = has_word(o->formats, types[k]);
	if (!fuzzy && !any)
		return;
	puts_(w, "#,");
	if (fuzzy) {
		puts_(w, " fuzzy");
		first = false;
	}
	for (size_t k = 0; any && types[k]; k++)
		if (has_word(o->formats, types[k])) {
			puts_(w, first ? " " : ", ");
			puts_(w, types[k]);
			first = false;
		}
	put(w, "\n", 1);
}

/* One message, as message_print and message_print_obsolete write it. */
static void
write_message(writer *w, const tu_po_out *o, bool *blank)
{
	const char *prev = o->obsolete ? "#~| " : "#| ";
	const char *pfx = o->obsolete ? "#~ " : NULL;

	if (o->obsolete && o->msgstr[0] == '\0')
		return;		/* gettext writes no obsolete entry without a msgstr */
	if (*blank)
		put(w, "\n", 1);
	*blank = true;
	comment_lines(w, "#", o->comments);
	comment_lines(w, "#.", o->extracted);
	reference_lines(w, o);
	flags_line_out(w, o);
	if (o->prev_msgid) {
		if (o->prev_msgctxt)
			wrap(w, prev, "msgctxt", o->prev_msgctxt);
		wrap(w, prev, "msgid", o->prev_msgid);
	}
	if (o->msgctxt)
		wrap(w, pfx, "msgctxt", o->msgctxt);
	wrap(w, pfx, "msgid", o->msgid);
	if (o->msgid_plural) {
		char name[32];

		wrap(w, pfx, "msgid_plural", o->msgid_plural);
		wrap(w, pfx, "msgstr[0]", o->msgstr);
		for (size_t k = 0; k < o->n_forms; k++) {
			snprintf(name, sizeof name, "msgstr[%zu]", k + 1);
			wrap(w, pfx, name, o->forms[k] ? o->forms[k] : "");
		}
	} else
		wrap(w, pfx, "msgstr", o->msgstr);
}

/* A catalogue's own entries, for tu_po_stream_write. */
static tercume_status
catalog_entry(void *arg, size_t i, tercume_entry *e)
{
	*e = *tercume_catalog_entry(arg, i);
	return TERCUME_OK;
}

tercume_status
tu_po_stream_write(const tercume_catalog *cat, tu_out *out, tercume_reporter *rep)
{
	tu_entries src = { cat, tercume_catalog_count(cat), catalog_entry, (void *)cat };

	return tu_po_stream_write_entries(&src, out, rep);
}

tercume_status
tu_po_stream_write_entries(const tu_entries *src, tu_out *out, tercume_reporter *rep)
{
	writer w = { out, NULL, NULL, NULL, 0, false };
	tercume_status st = TERCUME_OK;
	const tercume_catalog *cat = src->cat;
	char *header = tu_po_header_text(cat);
	bool blank = false, any_obsolete = false;
	tu_po_out o;
	char why[256];

	if (header == NULL)
		return TERCUME_ENOMEM;
	memset(&o, 0, sizeof o);
	o.msgid = "";
	o.msgstr = header;
	o.comments = o.extracted = (char *)"";
	if (tercume_catalog_po_header(cat)) {
		/* the header's own comments and flag, kept with it */
		if (tercume_catalog_po_header_comments(cat))
			o.comments = (char *)tercume_catalog_po_header_comments(cat);
		if (tercume_catalog_po_header_extracted(cat))
			o.extracted = (char *)tercume_catalog_po_header_extracted(cat);
		o.fuzzy = tercume_catalog_po_header_fuzzy(cat) != 0;
	}
	write_message(&w, &o, &blank);
	free(header);
	/* The live entries, then the obsolete ones (po_file_write puts those
	 * last): a second pass only when the first met one. */
	for (int obsolete = 0; obsolete < 2 && st == TERCUME_OK; obsolete++) {
		if (obsolete && !any_obsolete)
			break;
		for (size_t i = 0; i < src->n && st == TERCUME_OK && !w.failed; i++) {
			tercume_entry e;

			if ((st = src->get(src->arg, i, &e)) != TERCUME_OK)
				break;
			if ((e.state == TERCUME_STATE_OBSOLETE) != obsolete) {
				any_obsolete |= e.state == TERCUME_STATE_OBSOLETE;
				continue;
			}
			st = tu_po_out_make(&o, &e, why, sizeof why);
			if (st == TERCUME_EINPUT)
				tu_error(rep, out->name, 0, 0, "unit '%s': %s", e.id, why);
			if (st != TERCUME_OK)
				break;
			write_message(&w, &o, &blank);
			tu_po_out_free(&o);
		}
	}
	free(w.esc);
	free(w.ovr);
	free(w.brk);
	if (st == TERCUME_OK && w.failed)
		st = TERCUME_ENOMEM;
	return st;
}

/* ======================================================================
 * Reading: the lexer
 * ====================================================================== */

/* How bytes at or above 0x80 are taken, by the charset of the last header
 * read (libgettextpo's po_lex_charset_set). */
enum lex_mode {
	MODE_RAW,	/* as they are: no header yet, or a charset name gettext
			   does not know (CHARSET, "UTF8", none) */
	MODE_ASCII,	/* ASCII: each one is an invalid sequence */
	MODE_UTF8	/* UTF-8, checked as glibc's iconv checks it */
};

enum tok {
	T_EOF, T_ERROR, T_COMMENT, T_DOMAIN, T_JUNK, T_NAME, T_NUMBER, T_LBRACKET, T_RBRACKET,
	T_STRING, T_PREV_STRING, T_MSGCTXT, T_MSGID, T_MSGID_PLURAL, T_MSGSTR,
	T_PREV_MSGCTXT, T_PREV_MSGID, T_PREV_MSGID_PLURAL
};

typedef struct token {
	enum tok t;
	bool obsolete;		/* on a "#~" line */
	unsigned long line;	/* gettext's position of the token */
	long number;		/* T_NUMBER */
	size_t at;		/* where it starts in the input */
} token;

/* A place in the input, to go back to (lex_ungetc). */
typedef struct lpos {
	size_t i, bol;
	unsigned long line;
} lpos;

enum col_fix { FIX_NONE, FIX_NEWLINE, FIX_TAB };

typedef struct lexer {
	const unsigned char *d;
	size_t n, i;
	unsigned long line;
	size_t bol;		/* where the current line starts, for columns */
	enum lex_mode mode;
	/* the mode before the last change, for the characters read before
	 * it (before mode_at): gettext counted their columns as it read
	 * them */
	enum lex_mode prev_mode;
	size_t mode_at;
	bool obsolete;		/* po_lex_obsolete */
	bool previous;		/* po_lex_previous */
	bool saw_nul;		/* a NUL byte: tercume's own error, later */
	lpos last;		/* before the last character read */
	enum col_fix fix;	/* how lex_ungetc left the column */
	size_t pb_i;		/* a character put back was read there (+ 1) ... */
	enum lex_mode pb_mode;	/* ... in this mode, which it keeps */
	tu_buf *into;		/* where a string's text goes */
	tu_buf text;		/* a comment's text, a keyword */
	/* the first error */
	bool failed;
	tercume_status st;	/* TERCUME_EINPUT, or TERCUME_ENOMEM */
	unsigned long err_line, err_col;
	char *err;		/* malloc'd (a keyword can be long) */
	iconv_t cd;		/* for the verdict on a byte sequence that is
				   not plain UTF-8 */
	enum lex_mode cd_mode;
} lexer;

/* The bytes that end a run of plain text in a string: the quote, an
 * escape or a joined line, a newline; NUL and EOT, which gettext treats
 * apart; bytes from 0x80 on when the charset is checked. */
enum { STOP_RAW = 1, STOP_CHECKED = 2, STOP_COMMENT = 4 };
static const unsigned char stop[256] = {
	['"'] = STOP_RAW | STOP_CHECKED,
	['\\'] = STOP_RAW | STOP_CHECKED | STOP_COMMENT,
	['\n'] = STOP_RAW | STOP_CHECKED | STOP_COMMENT,
	[0] = STOP_RAW | STOP_CHECKED | STOP_COMMENT,
	[4] = STOP_RAW | STOP_CHECKED,
#define HI(x) [x] = STOP_CHECKED
#define HI16(x) HI(x), HI(x + 1), HI(x + 2), HI(x + 3), HI(x + 4), HI(x + 5), HI(x + 6), \
	HI(x + 7), HI(x + 8), HI(x + 9), HI(x + 10), HI(x + 11), HI(x + 12), HI(x + 13), \
	HI(x + 14), HI(x + 15)
	HI16(0x80), HI16(0x90), HI16(0xA0), HI16(0xB0), HI16(0xC0), HI16(0xD0), HI16(0xE0),
	HI16(0xF0),
#undef HI16
#undef HI
};

/* gettext's screen width of the characters in d[from, to) on one line,
 * from column col (the tab stops depend on it): its columns in error
 * messages. */
static unsigned long
columns(const lexer *lx, size_t from, size_t to, unsigned long col)
{
	size_t i = from;

	while (i < to) {
		unsigned char c = lx->d[i];

		if (c == '\\' && i + 1 < lx->n && lx->d[i + 1] == '\n') {
			i += 2;	/* not reached: a joined line moves bol */
			col = 0;
			continue;
		}
		if (c < 0x80 || (i < lx->mode_at ? lx->prev_mode : lx->mode) == MODE_RAW) {
			if (c == '\t')
				col += 8 - (col & 7);
			else if (c >= 0x20 && c != 0x7F)
				col++;
			i++;
			continue;
		}
		{
			int32_t k = 0, rest = (int32_t)(to - i > 8 ? 8 : to - i);
			UChar32 uc;
			int w;

			U8_NEXT(lx->d + i, k, rest, uc);
			if (uc < 0) {
				col++;
				i++;
				continue;
			}
			w = uc_width((ucs4_t)uc, "UTF-8");
			if (w >= 0)
				col += (unsigned long)w;
			else if (!((uc >= 0x7F && uc <= 0x9F) || uc == 0x2028 || uc == 0x2029))
				col++;
			i += (size_t)k;
		}
	}
	return col;
}

/* gram_pos_column + 1 with the input at position at. */
static unsigned long
column_at(const lexer *lx, size_t at)
{
	unsigned long col = columns(lx, lx->bol, at, 0);

	if (lx->fix == FIX_NEWLINE && at == lx->i)
		return 1;
	if (lx->fix == FIX_TAB && at == lx->i)
		col = col + 8 - (col & 7) - 8;
	return col + 1;
}

static void lx_fail(lexer *lx, unsigned long line, unsigned long col, const char *fmt, ...)
	TU_PRINTF(4, 5);

static void
lx_fail(lexer *lx, unsigned long line, unsigned long col, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (lx->failed)
		return;
	lx->failed = true;
	lx->st = TERCUME_EINPUT;
	lx->err_line = line;
	lx->err_col = col;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (lx->err = malloc((size_t)n + 1)) == NULL) {
		lx->st = TERCUME_ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(lx->err, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

static void
lx_nomem(lexer *lx)
{
	if (!lx->failed) {
		lx->failed = true;
		lx->st = TERCUME_ENOMEM;
	}
}

/* A strictly valid UTF-8 character at d[i]: its length, or 0. */
static size_t
utf8_valid(const unsigned char *d, size_t n, size_t i)
{
	unsigned char c = d[i];
	size_t left = n - i;

	if (c >= 0xC2 && c <= 0xDF)
		return left >= 2 && (d[i + 1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return left >= 3 && d[i + 1] >= lo && d[i + 1] <= hi &&
		       (d[i + 2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return left >= 4 && d[i + 1] >= lo && d[i + 1] <= hi &&
		       (d[i + 2] & 0xC0) == 0x80 && (d[i + 3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* A character from 0x80 on in a checked charset, as libgettextpo's
 * mbfile_getc takes it: iconv from the charset to UTF-8 on one byte, then
 * one more while the sequence is incomplete.  Returns its length; an
 * invalid or incomplete sequence is an error when signal is set. */
static size_t
lx_multibyte(lexer *lx, bool signal)
{
	size_t i = lx->i, count = 1, k;
	char out[64];

	if (lx->mode == MODE_UTF8 && (k = utf8_valid(lx->d, lx->n, i)) > 0)
		return k;
	/* The rare case: glibc's own verdict. */
	if (lx->cd == (iconv_t)-1 || lx->cd_mode != lx->mode) {
		if (lx->cd != (iconv_t)-1)
			iconv_close(lx->cd);
		lx->cd = iconv_open("UTF-8", lx->mode == MODE_UTF8 ? "UTF-8" : "ASCII");
		lx->cd_mode = lx->mode;
		if (lx->cd == (iconv_t)-1) {
			lx_nomem(lx);
			return 1;
		}
	}
	for (;;) {
		char *in = (char *)lx->d + i, *op = out;
		size_t insize = count, outsize = sizeof out;
		size_t res;

		iconv(lx->cd, NULL, NULL, NULL, NULL);
		res = iconv(lx->cd, &in, &insize, &op, &outsize);
		if (outsize < sizeof out)
			return count - insize;	/* a character */
		if (res != (size_t)-1)
			return 1;
		if (errno == EILSEQ) {
			if (signal)
				lx_fail(lx, lx->line, column_at(lx, i), "invalid multibyte sequence");
			return 1;
		}
		if (errno != EINVAL)
			return 1;
		if (count == 24)	/* MBCHAR_BUF_SIZE */
			return 1;
		if (i + count >= lx->n) {
			if (signal)
				lx_fail(lx, lx->line, column_at(lx, i),
					"incomplete multibyte sequence at end of file");
			return count;
		}
		if (lx->d[i + count++] == '\n') {
			if (signal)
				lx_fail(lx, lx->line, column_at(lx, i),
					"incomplete multibyte sequence at end of line");
			return count - 1;
		}
	}
}

/* The next character (lex_getc): a backslash before a newline joins the
 * lines, a newline counts a line.  Returns its first byte, or -1 at the
 * end; *len its length. */
static int
lx_getc(lexer *lx, size_t *len, bool signal)
{
	unsigned char c;

	lx->fix = FIX_NONE;
	while (lx->i + 1 < lx->n && lx->d[lx->i] == '\\' && lx->d[lx->i + 1] == '\n') {
		lx->i += 2;
		lx->line++;
		lx->bol = lx->i;
	}
	lx->last = (lpos){ lx->i, lx->bol, lx->line };
	if (lx->i >= lx->n) {
		*len = 0;
		return -1;
	}
	c = lx->d[lx->i];
	*len = 1;
	if (lx->pb_i == lx->i + 1 && lx->pb_mode != lx->mode) {
		/* libgettextpo keeps a character put back as it was read,
		 * before the header changed the charset */
		enum lex_mode m = lx->mode;

		lx->mode = lx->pb_mode;
		c = lx_getc(lx, len, signal);
		lx->mode = m;
		return c;
	}
	lx->pb_i = 0;
	if (c == '\\' && signal && lx->mode != MODE_RAW && lx->i + 1 < lx->n &&
	    lx->d[lx->i + 1] >= 0x80) {
		/* lex_getc reads the character after a backslash to see
		 * whether it is a newline, and mbfile_getc reports it when it
		 * is not a valid one */
		lx->i++;
		(void)lx_multibyte(lx, true);
		lx->i--;
	}
	if (c == '\n') {
		lx->i++;
		lx->line++;
		lx->bol = lx->i;
	} else if (c < 0x80 || lx->mode == MODE_RAW) {
		if (c == 0)
			lx->saw_nul = true;
		lx->i++;
	} else {
		*len = lx_multibyte(lx, signal);
		lx->i += *len;
	}
	return c;
}

/* Puts the last character back (lex_ungetc): gettext then counts the
 * column back (a newline leaves it at 0, a tab at the tab stop before). */
static void
lx_ungetc(lexer *lx, int c)
{
	if (c < 0)
		return;
	lx->i = lx->last.i;
	lx->line = lx->last.line;
	lx->bol = lx->last.bol;
	lx->fix = c == '\n' ? FIX_NEWLINE : c == '\t' ? FIX_TAB : FIX_NONE;
	lx->pb_i = lx->i + 1;
	lx->pb_mode = lx->mode;
}

/* An escape after a backslash in a string (control_sequence): the byte it
 * stands for, or -1 after an error. */
static int
lx_escape(lexer *lx)
{
	size_t len;
	int c = lx_getc(lx, &len, true), val, max;

	if (len == 1) {
		switch (c) {
		case 'n': return '\n';
		case 't': return '\t';
		case 'b': return '\b';
		case 'r': return '\r';
		case 'f': return '\f';
		case 'v': return '\v';
		case 'a': return '\a';
		case '\\':
		case '"':
			return c;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			val = 0;
			for (max = 0;;) {
				val = val * 8 + (c - '0');
				if (++max == 3)
					break;
				c = lx_getc(lx, &len, true);
				if (len == 1 && c >= '0' && c <= '7')
					continue;
				lx_ungetc(lx, c);
				break;
			}
			return (unsigned char)val;
		case 'x': {
			unsigned int v = 0;

			c = lx_getc(lx, &len, true);
			if (len != 1 || !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
					  (c >= 'A' && c <= 'F')))
				break;
			for (;;) {
				v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c <= 'F' ? c - 'A' + 10
							: c - 'a' + 10);
				c = lx_getc(lx, &len, true);
				if (len == 1 && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
						 (c >= 'A' && c <= 'F')))
					continue;
				lx_ungetc(lx, c);
				break;
			}
			return (unsigned char)v;
		}
		}
	}
	if (lx->failed)
		return -1;
	lx_ungetc(lx, c);
	lx_fail(lx, lx->line, column_at(lx, lx->i), "invalid control sequence");
	return -1;
}

/* A string, after its opening quote: its text is appended to lx->into (a
 * NUL ends it, as it ends gettext's C string). */
static enum tok
lx_string(lexer *lx)
{
	tu_buf *b = lx->into;
	const unsigned char mask = lx->mode == MODE_RAW ? STOP_RAW : STOP_CHECKED;
	size_t start = b->len;
	bool odd = false;	/* NUL or EOT */


	for (;;) {
		size_t j = lx->i, len;
		int c;

		while (j < lx->n && !(stop[lx->d[j]] & mask))
			j++;
		if (j > lx->i) {
			tu_buf_append(b, (const char *)lx->d + lx->i, j - lx->i);
			lx->i = j;
		}
		c = lx_getc(lx, &len, true);
		if (lx->failed)
			return T_ERROR;
		if (c < 0) {
			lx_fail(lx, lx->line, 0, "end-of-file within string");
			return T_ERROR;
		}
		if (len > 1) {
			tu_buf_append(b, (const char *)lx->d + lx->i - len, len);
			continue;
		}
		if (c == '"')
			break;
		if (c == '\n') {
			lx_fail(lx, lx->line, 0, "end-of-line within string");
			return T_ERROR;
		}
		if (c == '\\') {
			c = lx_escape(lx);
			if (c < 0)
				return T_ERROR;
		}
		if (c == 0 || c == 4)
			odd = true;
		tu_buf_putc(b, (char)c);
	}
	if (b->failed) {
		lx_nomem(lx);
		return T_ERROR;
	}
	if (odd) {
		char *nul = memchr(b->data + start, '\0', b->len - start);

		if (nul != NULL) {
			b->len = (size_t)(nul - b->data);
			b->data[b->len] = '\0';
		}
		/* Strings cannot hold the msgctxt separator. */
		if (memchr(b->data + start, 4, b->len - start) != NULL) {
			lx_fail(lx, lx->line, 0, "context separator <EOT> within string");
			return T_ERROR;
		}
	}
	return lx->previous ? T_PREV_STRING : T_STRING;
}

/* A comment, from its first character c (already read) to the end of the
 * line, into lx->text (cut at a NUL). */
static void
lx_comment(lexer *lx, int c, size_t len)
{
	tu_buf *b = &lx->text;

	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	for (;;) {
		size_t j;

		if (c < 0 || c == '\n')
			break;
		tu_buf_append(b, (const char *)lx->d + lx->i - len, len);
		j = lx->i;
		while (j < lx->n && !(stop[lx->d[j]] & STOP_COMMENT))
			j++;
		if (j > lx->i) {
			tu_buf_append(b, (const char *)lx->d + lx->i, j - lx->i);
			lx->i = j;
		}
		c = lx_getc(lx, &len, false);
	}
	tu_buf_putc(b, '\0');
	b->len--;
	if (b->failed)
		lx_nomem(lx);
}

static bool
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static bool
is_ident(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

/* The next token (po_gram_lex). */
static enum tok
lx_token(lexer *lx, token *t)
{
	for (;;) {
		size_t len;
		int c = lx_getc(lx, &len, true);

		t->at = lx->last.i;
		if (lx->failed)
			return T_ERROR;
		if (c < 0)
			return T_EOF;
		if (len != 1)
			return T_JUNK;
		switch (c) {
		case '\n':
			lx->obsolete = lx->previous = false;
			continue;
		case ' ': case '\t': case '\r': case '\f': case '\v':
			continue;
		case '#':
			c = lx_getc(lx, &len, true);
			if (lx->failed)
				return T_ERROR;
			if (len == 1 && c == '~') {
				lx->obsolete = true;
				c = lx_getc(lx, &len, true);
				if (lx->failed)
					return T_ERROR;
				if (len == 1 && c == '|')
					lx->previous = true;
				else
					lx_ungetc(lx, c);
				continue;
			}
			if (len == 1 && c == '|') {
				lx->previous = true;
				continue;
			}
			lx_comment(lx, c, len);
			t->obsolete = lx->obsolete;
			t->line = lx->line;
			lx->obsolete = false;
			return lx->failed ? T_ERROR : T_COMMENT;
		case '"':
			t->obsolete = lx->obsolete;
			{
				enum tok k = lx_string(lx);

				t->line = lx->line;
				return k;
			}
		case '[':
		case ']':
			t->obsolete = lx->obsolete;
			t->line = lx->line;
			return c == '[' ? T_LBRACKET : T_RBRACKET;
		}
		if (is_ident_start(c) || (c >= '0' && c <= '9')) {
			bool number = !is_ident_start(c);
			tu_buf *b = &lx->text;
			const char *s;

			b->len = 0;
			do {
				tu_buf_putc(b, (char)c);
				c = lx_getc(lx, &len, true);
				if (lx->failed)
					return T_ERROR;
			} while (len == 1 && (number ? c >= '0' && c <= '9' : is_ident(c)));
			lx_ungetc(lx, c);
			if (b->failed) {
				lx_nomem(lx);
				return T_ERROR;
			}
			t->obsolete = lx->obsolete;
			t->line = lx->line;
			s = b->data;
			if (number) {
				errno = 0;
				t->number = strtol(s, NULL, 10);	/* atol */
				return T_NUMBER;
			}
			if (!lx->previous) {
				if (strcmp(s, "domain") == 0) return T_DOMAIN;
				if (strcmp(s, "msgid") == 0) return T_MSGID;
				if (strcmp(s, "msgid_plural") == 0) return T_MSGID_PLURAL;
				if (strcmp(s, "msgstr") == 0) return T_MSGSTR;
				if (strcmp(s, "msgctxt") == 0) return T_MSGCTXT;
			} else {
				if (strcmp(s, "msgid") == 0) return T_PREV_MSGID;
				if (strcmp(s, "msgid_plural") == 0) return T_PREV_MSGID_PLURAL;
				if (strcmp(s, "msgctxt") == 0) return T_PREV_MSGCTXT;
			}
			lx_fail(lx, lx->line, 0, "keyword \"%s\" unknown", s);
			return T_ERROR;
		}
		t->obsolete = lx->obsolete;
		t->line = lx->line;
		return T_JUNK;
	}
}

/* ======================================================================
 * Reading: the grammar and the catalogue reader
 * ====================================================================== */

/* A message's place, to read its msgctxt and msgid again when another
 * message has the same hash of them. */
typedef struct mark {
	size_t at;		/* its first keyword */
	uint64_t hash;
} mark;

/* What libgettextpo's catalogue reader gathers from the comments before a
 * message. */
typedef struct pending {
	tu_buf comments, extracted;	/* lines, each ending in '\n' */
	tu_buf refs;			/* file NUL line-as-text NUL ... */
	size_t n_refs;
	bool fuzzy;
	bool any_format;		/* a format flag is set in fmt */
	unsigned char fmt[128];		/* per tu_po_format_list() entry: FMT_* */
} pending;

/* A format flag's value (gettext's enum is_format, the ones it reads). */
enum { FMT_UNDECIDED, FMT_YES, FMT_NO, FMT_POSSIBLE, FMT_IMPOSSIBLE };

typedef enum reader_job {
	JOB_READ,	/* make the catalogue */
	JOB_LINES	/* only the msgstr line of every message */
} reader_job;

typedef struct reader {
	lexer lx;
	reader_job job;
	token la;		/* the lookahead */
	enum tok la_t;
	bool have_la;
	bool fallback;
	/* the message being read */
	tu_buf ctxt, id, plural, str, pctxt, pid, pplural;
	bool has_ctxt, has_plural, has_prev;
	size_t msg_at;		/* where its msg_intro starts */
	long plural_counter;	/* gettext's: msgid_plural resets it */
	pending p;
	/* duplicates: (msgctxt, msgid) hashes, open addressing */
	uint32_t *slots;	/* mark number + 1; 0: empty */
	size_t mask;
	mark *marks;
	size_t n_marks, cap_marks;
	/* in a domain other than the default one (JOB_LINES) */
	bool other_domain;
	/* JOB_READ */
	const char *name;
	tercume_catalog *cat;
	bool header_seen;
	unsigned long header_err_line, entry_err_line;
	char *header_err, *entry_err;
	tu_po_reading rd;
	/* whether a live msgctxt came twice (then, in a file that names no
	 * article, msgctxt is gettext's context: read again) */
	tu_map *ctxts;
	bool ctxt_twice;
	/* scratch for a message: its plural forms, positions, format flags */
	tu_buf forms;
	const char **form_ptrs;
	size_t cap_forms;
	tu_po_ref *ref_list;
	size_t cap_refs;
	tu_buf formats;
	/* JOB_LINES */
	unsigned long *lines;
	size_t n_lines, cap_lines;
} reader;

static uint64_t
msg_hash(bool has_ctxt, const tu_buf *ctxt, const tu_buf *id)
{
	uint64_t h = 0xcbf29ce484222325u;

	if (has_ctxt) {
		for (size_t i = 0; i < ctxt->len; i++)
			h = (h ^ (unsigned char)ctxt->data[i]) * 0x100000001b3u;
		h = (h ^ 4u) * 0x100000001b3u;
	}
	for (size_t i = 0; i < id->len; i++)
		h = (h ^ (unsigned char)id->data[i]) * 0x100000001b3u;
	return h;
}

static token *
peek(reader *r)
{
	if (!r->have_la) {
		r->la_t = lx_token(&r->lx, &r->la);
		r->la.t = r->la_t;
		r->have_la = true;
	}
	return &r->la;
}

static void
advance(reader *r)
{
	r->have_la = false;
}

/* Bison's message for a token the grammar has no place for, at the
 * position after it. */
static void
syntax_error(reader *r)
{
	lexer *lx = &r->lx;

	if (r->la_t == T_ERROR || lx->failed)
		return;
	lx_fail(lx, lx->line, column_at(lx, lx->i), "syntax error");
}

static void
inconsistent(reader *r, const token *a, const token *b)
{
	if (a->obsolete != b->obsolete)
		lx_fail(&r->lx, b->line, 0, "inconsistent use of #~");
}

/* Where the strings that follow go: called right after the keyword is
 * taken, before the lexer reads what follows it. */
static void
begin(reader *r, tu_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	r->lx.into = b;
}

/* string_list / prev_string_list (after begin): one string or more.
 * *first is the first string's token. */
static bool
string_list(reader *r, enum tok kind, token *first)
{
	token *t = peek(r);

	if (r->la_t != kind) {
		syntax_error(r);
		return false;
	}
	*first = *t;
	advance(r);
	for (;;) {
		t = peek(r);
		if (r->la_t != kind)
			return !r->lx.failed;
		inconsistent(r, first, t);
		advance(r);
		if (r->lx.failed)
			return false;
	}
}

/* ---- comments ---- */

static void
pending_reset(pending *p)
{
	p->comments.len = p->extracted.len = p->refs.len = 0;
	if (p->comments.data)
		p->comments.data[0] = '\0';
	if (p->extracted.data)
		p->extracted.data[0] = '\0';
	p->n_refs = 0;
	p->fuzzy = false;
	if (p->any_format)
		memset(p->fmt, FMT_UNDECIDED, sizeof p->fmt);
	p->any_format = false;
}

static void
pending_free(pending *p)
{
	tu_buf_free(&p->comments);
	tu_buf_free(&p->extracted);
	tu_buf_free(&p->refs);
}

static void
add_filepos(pending *p, const char *file, size_t n, size_t line)
{
	char num[32];

	tu_buf_append(&p->refs, file, n);
	tu_buf_putc(&p->refs, '\0');
	snprintf(num, sizeof num, "%zu", line);
	tu_buf_puts(&p->refs, num);
	tu_buf_putc(&p->refs, '\0');
	p->n_refs++;
}

static bool
is_filepos_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Digits at s (at least one): their value, as size_t arithmetic has it;
 * *end after them. */
static size_t
digits(const char *s, const char **end)
{
	size_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (size_t)(*s++ - '0');
	*end = s;
	return v;
}

/* "#: a.c:12 b.c : 7 c.c:" — GNU style file positions
 * (po_parse_comment_filepos). */
static void
filepos_gnu(pending *p, const char *s)
{
	while (*s != '\0') {
		const char *start, *q, *e;

		while (is_filepos_space(*s))
			s++;
		if (*s == '\0')
			break;
		start = s;
		do
			s++;
		while (*s != '\0' && !is_filepos_space(*s));
		/* "name : 12" or "name :12" */
		q = s;
		while (is_filepos_space(*q))
			q++;
		if (*q == ':') {
			q++;
			while (is_filepos_space(*q))
				q++;
			if (*q >= '0' && *q <= '9') {
				size_t line = digits(q, &e);

				if (*e == '\0' || is_filepos_space(*e)) {
					add_filepos(p, start, (size_t)(s - start), line);
					s = e;
					continue;
				}
			}
		}
		/* "name: 12" */
		if (s[-1] == ':') {
			q = s;
			while (is_filepos_space(*q))
				q++;
			if (*q >= '0' && *q <= '9') {
				size_t line = digits(q, &e);

				if (*e == '\0' || is_filepos_space(*e)) {
					add_filepos(p, start, (size_t)(s - 1 - start), line);
					s = e;
					continue;
				}
			}
		}
		/* "name:12" */
		q = s;
		while (q > start && q[-1] >= '0' && q[-1] <= '9')
			q--;
		if (q < s && q > start + 1 && q[-1] == ':') {
			size_t line = 0;

			for (const char *d = q; d < s; d++)
				line = line * 10 + (size_t)(*d - '0');
			add_filepos(p, start, (size_t)(q - 1 - start), line);
			continue;
		}
		add_filepos(p, start, (size_t)(s - start), (size_t)-1);
	}
}

/* "# File: a.c, line: 12" — Sun style (po_parse_comment_solaris_filepos). */
static bool
filepos_sun(pending *p, const char *s)
{
	const char *start, *end;

	if (!(s[0] == ' ' && (s[1] == 'F' || s[1] == 'f') && strncmp(s + 2, "ile:", 4) == 0))
		return false;
	start = s + 6;
	while (*start == ' ' || *start == '\t')
		start++;
	for (end = start; *end != '\0'; end++) {
		const char *q = end;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != ',')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "line", 4) != 0)
			continue;
		q += 4;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "number", 6) == 0) {
			q += 6;
			while (*q == ' ' || *q == '\t')
				q++;
		}
		if (*q != ':')
			continue;
		q++;
		if (*q >= '0' && *q <= '9') {
			const char *e;
			size_t line = digits(q, &e);

			while (*e == ' ' || *e == '\t' || *e == '\n')
				e++;
			if (*e == '\0') {
				add_filepos(p, start, (size_t)(end - start), line);
				return true;
			}
		}
	}
	return false;
}

/* The format type of "[no-|possible-|impossible-]X-format" among
 * libgettextpo's (po_format_list, whose entries are "X-format"), and the
 * value the prefix gives. */
static bool
format_flag(const char *t, size_t len, size_t *type, unsigned char *value)
{
	const char *const *types = tu_po_format_list();
	const char *p = t;
	size_t n;

	if (len < 7 || memcmp(t + len - 7, "-format", 7) != 0)
		return false;
	n = len - 7;
	if (n >= 3 && memcmp(p, "no-", 3) == 0) {
		p += 3;
		n -= 3;
		*value = FMT_NO;
	} else if (n >= 9 && memcmp(p, "possible-", 9) == 0) {
		p += 9;
		n -= 9;
		*value = FMT_POSSIBLE;
	} else if (n >= 11 && memcmp(p, "impossible-", 11) == 0) {
		p += 11;
		n -= 11;
		*value = FMT_IMPOSSIBLE;
	} else
		*value = FMT_YES;
	for (size_t i = 0; types && types[i] && i < sizeof ((pending *)0)->fmt; i++)
		if (strlen(types[i]) == n + 7 && memcmp(types[i], p, n) == 0) {
			*type = i;
			return true;
		}
	return false;
}

/* "#, fuzzy, c-format": only the last such line counts, as in
 * po_parse_comment_special, which starts every flag afresh. */
static void
flags_line(pending *p, const char *s)
{
	p->fuzzy = false;
	if (p->any_format)
		memset(p->fmt, FMT_UNDECIDED, sizeof p->fmt);
	p->any_format = false;
	while (*s != '\0') {
		size_t n, type;
		unsigned char value;

		s += strspn(s, "\n \t\r\f\v,");
		n = strcspn(s, "\n \t\r\f\v,");
		if (n == 5 && memcmp(s, "fuzzy", 5) == 0)
			p->fuzzy = true;
		else if (format_flag(s, n, &type, &value)) {
			p->fmt[type] = value;
			p->any_format = true;
		}
		s += n;
	}
}

/* po_callback_comment_dispatcher. */
static void
comment(reader *r, const char *s)
{
	pending *p = &r->p;

	if (*s == '.') {
		s++;
		if (*s == ' ')
			s++;
		tu_buf_puts(&p->extracted, s);
		tu_buf_putc(&p->extracted, '\n');
	} else if (*s == ':')
		filepos_gnu(p, s + 1);
	else if (*s == ',' || *s == '!')
		flags_line(p, s + 1);
	else if (!filepos_sun(p, s)) {
		if (*s == ' ')
			s++;
		tu_buf_puts(&p->comments, s);
		tu_buf_putc(&p->comments, '\n');
	}
	if (p->comments.failed || p->extracted.failed || p->refs.failed)
		lx_nomem(&r->lx);
}

/* The file positions as libgettextpo keeps them: each (file, line) once,
 * in order (r->ref_list, pointing into p->refs). */
static bool
ref_list(reader *r, size_t *n_out)
{
	const pending *p = &r->p;
	const char *q = p->refs.data;
	size_t n = 0;

	*n_out = 0;
	if (p->n_refs > r->cap_refs) {
		tu_po_ref *l = realloc(r->ref_list, p->n_refs * sizeof *l);

		if (l == NULL)
			return false;
		r->ref_list = l;
		r->cap_refs = p->n_refs;
	}
	for (size_t i = 0; i < p->n_refs; i++) {
		const char *file = q, *num = q + strlen(q) + 1;
		size_t line = (size_t)strtoull(num, NULL, 10);
		bool seen = false;

		q = num + strlen(num) + 1;
		for (size_t k = 0; k < n && !seen; k++)
			seen = r->ref_list[k].line == line && strcmp(r->ref_list[k].file, file) == 0;
		if (!seen)
			r->ref_list[n++] = (tu_po_ref){ (char *)file, line };
	}
	*n_out = n;
	return true;
}

/* The format flags po_message_is_format would see ("c-format ..."), or
 * NULL. */
static const char *
format_list(reader *r)
{
	const char *const *types;

	if (!r->p.any_format)
		return NULL;
	types = tu_po_format_list();
	r->formats.len = 0;
	for (size_t i = 0; types && types[i] && i < sizeof r->p.fmt; i++)
		if (r->p.fmt[i] == FMT_YES || r->p.fmt[i] == FMT_POSSIBLE) {
			if (r->formats.len)
				tu_buf_putc(&r->formats, ' ');
			tu_buf_puts(&r->formats, types[i]);
		}
	if (r->formats.len == 0 || r->formats.failed)
		return NULL;
	return r->formats.data;
}

/* The plural forms after the first (r->forms holds them, each ending in
 * a NUL): r->form_ptrs. */
static bool
form_list(reader *r, size_t *n_out)
{
	size_t n = 0;

	*n_out = 0;
	for (size_t i = 0; i < r->forms.len; i++)
		if (r->forms.data[i] == '\0')
			n++;
	if (n > r->cap_forms) {
		const char **l = realloc(r->form_ptrs, n * sizeof *l);

		if (l == NULL)
			return false;
		r->form_ptrs = l;
		r->cap_forms = n;
	}
	for (size_t i = 0, k = 0; k < n; k++) {
		r->form_ptrs[k] = r->forms.data + i;
		i += strlen(r->forms.data + i) + 1;
	}
	*n_out = n;
	return true;
}

/* ---- duplicates ---- */

/* Reads the msgctxt and msgid of the message at `at` again. */
static void
reread(const reader *r, size_t at, tu_buf *ctxt, tu_buf *id, bool *has_ctxt)
{
	lexer lx;
	token t;
	enum tok k;

	memset(&lx, 0, sizeof lx);
	lx.d = r->lx.d;
	lx.n = r->lx.n;
	lx.i = at;
	lx.line = 1;
	lx.mode = MODE_RAW;	/* it read without an error before */
	lx.cd = (iconv_t)-1;
	*has_ctxt = false;
	lx.into = ctxt;
	k = lx_token(&lx, &t);
	if (k == T_MSGCTXT) {
		*has_ctxt = true;
		lx.into = ctxt;
		while ((k = lx_token(&lx, &t)) == T_STRING)
			;
	}
	if (k == T_MSGID) {
		lx.into = id;
		while (lx_token(&lx, &t) == T_STRING)
			;
	}
	tu_buf_free(&lx.text);
	free(lx.err);
}

/* Whether the message just read repeats one before; if not, it is
 * remembered. */
static bool
duplicate(reader *r)
{
	uint64_t h = msg_hash(r->has_ctxt, &r->ctxt, &r->id);
	size_t i;

	if (r->n_marks + 1 > (r->mask + 1) / 2) {
		size_t cap = r->mask ? 2 * (r->mask + 1) : 1024;
		uint32_t *s = calloc(cap, sizeof *s);

		if (s == NULL) {
			lx_nomem(&r->lx);
			return false;
		}
		for (size_t k = 0; k < r->n_marks; k++) {
			size_t j = (size_t)r->marks[k].hash & (cap - 1);

			while (s[j])
				j = (j + 1) & (cap - 1);
			s[j] = (uint32_t)(k + 1);
		}
		free(r->slots);
		r->slots = s;
		r->mask = cap - 1;
	}
	for (i = (size_t)h & r->mask; r->slots[i]; i = (i + 1) & r->mask) {
		const mark *m = &r->marks[r->slots[i] - 1];
		tu_buf c = TU_BUF_INIT, d = TU_BUF_INIT;
		bool has_ctxt, same;

		if (m->hash != h)
			continue;
		reread(r, m->at, &c, &d, &has_ctxt);
		same = has_ctxt == r->has_ctxt && d.len == r->id.len &&
		       memcmp(d.data ? d.data : "", r->id.data ? r->id.data : "", d.len) == 0 &&
		       (!has_ctxt || (c.len == r->ctxt.len &&
				      memcmp(c.data ? c.data : "", r->ctxt.data ? r->ctxt.data : "",
					     c.len) == 0));
		tu_buf_free(&c);
		tu_buf_free(&d);
		if (same)
			return true;
	}
	if (r->n_marks == r->cap_marks) {
		size_t cap = r->cap_marks ? 2 * r->cap_marks : 1024;
		mark *m = realloc(r->marks, cap * sizeof *m);

		if (m == NULL || cap > UINT32_MAX - 1) {
			free(m == r->marks ? NULL : m);
			lx_nomem(&r->lx);
			return false;
		}
		r->marks = m;
		r->cap_marks = cap;
	}
	r->marks[r->n_marks] = (mark){ r->msg_at, h };
	r->slots[i] = (uint32_t)++r->n_marks;
	return false;
}

/* ---- a message read ---- */

static void
set_mode(lexer *lx, enum lex_mode m)
{
	if (m == lx->mode)
		return;
	lx->prev_mode = lx->mode;
	/* a character put back is read again in the mode it was read in */
	lx->mode_at = lx->pb_i == lx->i + 1 ? lx->i + 1 : lx->i;
	lx->mode = m;
}

/* The charset that a header entry names switches the lexer
 * (po_lex_charset_set): "charset=" anywhere in it, to a space. */
static void
set_charset(reader *r, const char *header)
{
	static const char *const ascii[] = { "ASCII", "ANSI_X3.4-1968", "US-ASCII" };
	static const char *const others[] = {
		"ISO-8859-1", "ISO_8859-1", "ISO-8859-2", "ISO_8859-2", "ISO-8859-3", "ISO_8859-3",
		"ISO-8859-4", "ISO_8859-4", "ISO-8859-5", "ISO_8859-5", "ISO-8859-6", "ISO_8859-6",
		"ISO-8859-7", "ISO_8859-7", "ISO-8859-8", "ISO_8859-8", "ISO-8859-9", "ISO_8859-9",
		"ISO-8859-13", "ISO_8859-13", "ISO-8859-14", "ISO_8859-14", "ISO-8859-15",
		"ISO_8859-15", "KOI8-R", "KOI8-U", "KOI8-T", "CP850", "CP866", "CP874", "CP932",
		"CP949", "CP950", "CP1250", "CP1251", "CP1252", "CP1253", "CP1254", "CP1255",
		"CP1256", "CP1257", "GB2312", "EUC-JP", "EUC-KR", "EUC-TW", "BIG5", "BIG5-HKSCS",
		"GBK", "GB18030", "SHIFT_JIS", "JOHAB", "TIS-620", "VISCII", "GEORGIAN-PS",
	};
	const char *p = strstr(header, "charset=");
	char cs[64];
	size_t n;

	if (p == NULL)
		return;		/* a warning, and no change */
	p += strlen("charset=");
	n = strcspn(p, " \t\n");
	if (n >= sizeof cs)
		return;		/* no charset gettext knows */
	memcpy(cs, p, n);
	cs[n] = '\0';
	for (size_t i = 0; i < sizeof ascii / sizeof ascii[0]; i++)
		if (strcasecmp(cs, ascii[i]) == 0) {
			set_mode(&r->lx, MODE_ASCII);
			return;
		}
	if (strcasecmp(cs, "UTF-8") == 0) {
		set_mode(&r->lx, MODE_UTF8);
		return;
	}
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
		if (strcasecmp(cs, others[i]) == 0) {
			/* libgettextpo's to read; for the lines the bytes
			 * are taken as they are */
			if (r->job == JOB_READ)
				r->fallback = true;
			else
				set_mode(&r->lx, MODE_RAW);
			return;
		}
}

static void
defer(char **slot, unsigned long *line_slot, char *text, unsigned long line)
{
	if (*slot == NULL) {
		*slot = text;
		*line_slot = line;
	} else
		free(text);
}

/* The message is complete (do_callback_message and default_add_message):
 * it switches the charset if it is a header, is refused if it repeats
 * one, and goes into the catalogue. */
static void
complete(reader *r, const token *intro, unsigned long msgstr_line, bool obsolete)
{
	const char *msgstr = r->str.data ? r->str.data : "";
	bool header = !r->has_ctxt && r->id.len == 0 && !obsolete;
	tercume_status st;
	char *problem = NULL;

	if (header) {
		set_charset(r, msgstr);
		if (r->fallback)
			return;
	}
	if (r->job == JOB_LINES) {
		if (!r->other_domain) {
			if (r->n_lines == r->cap_lines) {
				size_t cap = r->cap_lines ? 2 * r->cap_lines : 256;
				unsigned long *l = realloc(r->lines, cap * sizeof *l);

				if (l == NULL) {
					lx_nomem(&r->lx);
					return;
				}
				r->lines = l;
				r->cap_lines = cap;
			}
			r->lines[r->n_lines++] = msgstr_line;
		}
		pending_reset(&r->p);
		return;
	}
	if (duplicate(r)) {
		lx_fail(&r->lx, intro->line, 0, "duplicate message definition");
		return;
	}
	if (r->lx.failed)
		return;
	if (header) {
		if (!r->header_seen) {
			tu_po_header h;
			tercume_catalog *probe = NULL;

			r->header_seen = true;
			tu_po_header_read(msgstr, &h);
			st = tu_po_header_catalog(&h, &probe, &problem);
			if (st == TERCUME_OK)
				st = tu_po_header_apply(&h, r->cat);
			tercume_catalog_free(probe);
			tu_po_header_free(&h);
			if (st == TERCUME_OK)
				st = tu_po_header_keep(r->cat, msgstr,
						       r->p.comments.len ? r->p.comments.data : "",
						       r->p.extracted.len ? r->p.extracted.data : "",
						       r->p.fuzzy, &problem);
			if (st == TERCUME_EINPUT)
				defer(&r->header_err, &r->header_err_line, problem, msgstr_line);
			else if (st != TERCUME_OK)
				lx_nomem(&r->lx);
		}
	} else {
		if (r->has_ctxt && !obsolete && !r->ctxt_twice && !r->rd.contexts &&
		    !(r->header_seen && tercume_catalog_source_path(r->cat))) {
			bool added;

			if (r->ctxts == NULL && (r->ctxts = tu_map_new(64)) == NULL) {
				lx_nomem(&r->lx);
				return;
			}
			if (tu_map_slot(r->ctxts, r->ctxt.data ? r->ctxt.data : "", &added) == NULL) {
				lx_nomem(&r->lx);
				return;
			}
			r->ctxt_twice = !added;
		}
	}
	if (!header && r->entry_err == NULL && r->header_err == NULL) {
		tu_po_msg m = {
			.msgctxt = r->has_ctxt ? (r->ctxt.data ? r->ctxt.data : "") : NULL,
			.msgid = r->id.data ? r->id.data : "",
			.msgid_plural = r->has_plural ? (r->plural.data ? r->plural.data : "") : NULL,
			.msgstr = msgstr,
			.prev_msgid = r->has_prev && r->pid.data ? r->pid.data : NULL,
			.comments = r->p.comments.len ? r->p.comments.data : "",
			.extracted = r->p.extracted.len ? r->p.extracted.data : "",
			.fuzzy = r->p.fuzzy,
			.obsolete = obsolete,
			.line = msgstr_line,
		};

		if (r->has_prev && r->pid.data == NULL)
			m.prev_msgid = "";
		if (!ref_list(r, &m.n_refs) || (r->has_plural && !form_list(r, &m.n_forms))) {
			lx_nomem(&r->lx);
			return;
		}
		m.refs = r->ref_list;
		if (r->has_plural)
			m.forms = r->form_ptrs;
		m.formats = format_list(r);
		st = tu_po_msg_add(r->cat, &m, &r->rd, &problem);
		if (st == TERCUME_EINPUT)
			defer(&r->entry_err, &r->entry_err_line, problem, msgstr_line);
		else if (st != TERCUME_OK)
			lx_nomem(&r->lx);
	}
	pending_reset(&r->p);
}

/* The forms of a plural message, from the first "msgstr" (taken, in kw)
 * with its '[' as the lookahead: pluralform_list.  *first_form is the
 * first form's keyword; the first form goes to r->str. */
static bool
plural_forms(reader *r, token kw, token *first_form)
{
	lexer *lx = &r->lx;
	tu_buf form = TU_BUF_INIT;
	bool first = true;

	*first_form = kw;
	r->forms.len = 0;
	for (;;) {
		token ms = kw, lb, num, rb, fl, *t;

		/* MSGSTR '[' NUMBER ']' string_list */
		lb = r->la;
		advance(r);
		t = peek(r);
		if (r->la_t != T_NUMBER) {
			syntax_error(r);
			break;
		}
		num = *t;
		advance(r);
		t = peek(r);
		if (r->la_t != T_RBRACKET) {
			syntax_error(r);
			break;
		}
		rb = *t;
		advance(r);
		begin(r, &form);
		if (!string_list(r, T_STRING, &fl))
			break;
		inconsistent(r, &ms, &lb);
		inconsistent(r, &ms, &num);
		inconsistent(r, &ms, &rb);
		inconsistent(r, &ms, &fl);
		/* gettext's counter is reset by msgid_plural only */
		if (num.number != r->plural_counter)
			lx_fail(lx, ms.line, 0, r->plural_counter == 0 ?
				"first plural form has nonzero index" : "plural form has wrong index");
		r->plural_counter++;
		if (first) {
			r->str.len = 0;
			tu_buf_append(&r->str, form.data ? form.data : "", form.len);
			tu_buf_putc(&r->str, '\0');
			r->str.len--;
			if (r->str.failed)
				lx_nomem(lx);
			first = false;
		} else {
			inconsistent(r, first_form, &ms);
			/* the other forms, each ending in a NUL */
			tu_buf_append(&r->forms, form.data ? form.data : "", form.len);
			tu_buf_putc(&r->forms, '\0');
			if (r->forms.failed)
				lx_nomem(lx);
		}
		if (lx->failed)
			break;
		t = peek(r);
		if (r->la_t != T_MSGSTR)
			break;
		kw = *t;
		advance(r);
		peek(r);
		if (r->la_t != T_LBRACKET) {
			syntax_error(r);
			break;
		}
	}
	tu_buf_free(&form);
	return !lx->failed;
}

/* One message, from its first token (the grammar's message rule with its
 * error rules, and the actions in the order bison runs them: a rule that
 * needs no lookahead token runs before the next token is read). */
static void
read_message(reader *r)
{
	lexer *lx = &r->lx;
	token *t = peek(r), intro, first, kw, prev_intro = { 0 }, mp = { 0 }, pf;
	bool prev = false;

	r->has_ctxt = r->has_plural = r->has_prev = false;
	begin(r, &r->str);
	begin(r, &r->pid);
	/* prev: "#| msgctxt" ... "#| msgid" ... ["#| msgid_plural" ...] */
	if (r->la_t == T_PREV_MSGCTXT || r->la_t == T_PREV_MSGID) {
		token p1 = *t, pl;

		prev = true;
		advance(r);
		if (p1.t == T_PREV_MSGCTXT) {
			begin(r, &r->pctxt);
			if (!string_list(r, T_PREV_STRING, &first))
				return;
			t = peek(r);
			if (r->la_t != T_PREV_MSGID) {
				syntax_error(r);
				return;
			}
			kw = *t;
			advance(r);
			inconsistent(r, &p1, &first);
			inconsistent(r, &p1, &kw);
			p1 = kw;
		}
		prev_intro = p1;
		begin(r, &r->pid);
		if (!string_list(r, T_PREV_STRING, &pl))
			return;
		r->has_prev = true;
		t = peek(r);
		if (r->la_t == T_PREV_MSGID_PLURAL) {
			token pp = *t, ps;

			advance(r);
			begin(r, &r->pplural);
			if (!string_list(r, T_PREV_STRING, &ps))
				return;
			inconsistent(r, &pp, &ps);
			inconsistent(r, &prev_intro, &pl);
			inconsistent(r, &prev_intro, &pp);
		} else
			inconsistent(r, &prev_intro, &pl);
		if (lx->failed)
			return;
		t = peek(r);
		if (r->la_t != T_MSGCTXT && r->la_t != T_MSGID) {
			syntax_error(r);
			return;
		}
	}
	/* msg_intro: [msgctxt ...] msgid */
	r->msg_at = t->at;
	intro = *t;
	advance(r);
	if (intro.t == T_MSGCTXT) {
		token c = intro;

		begin(r, &r->ctxt);
		if (!string_list(r, T_STRING, &first))
			return;
		r->has_ctxt = true;
		t = peek(r);
		if (r->la_t != T_MSGID) {
			syntax_error(r);
			return;
		}
		intro = *t;
		advance(r);
		inconsistent(r, &c, &first);
		inconsistent(r, &c, &intro);
	}
	if (prev)
		inconsistent(r, &prev_intro, &intro);
	if (lx->failed)
		return;
	begin(r, &r->id);
	if (!string_list(r, T_STRING, &first))
		return;
	t = peek(r);
	if (r->la_t == T_MSGSTR) {
		token s = *t, sl;

		advance(r);
		begin(r, &r->str);
		peek(r);
		if (r->la_t == T_STRING) {
			if (!string_list(r, T_STRING, &sl))
				return;
			inconsistent(r, &intro, &first);
			inconsistent(r, &intro, &s);
			inconsistent(r, &intro, &sl);
			if (!lx->failed)
				complete(r, &intro, s.line, intro.obsolete);
			return;
		}
		if (r->la_t != T_LBRACKET) {
			syntax_error(r);
			return;
		}
		/* msgstr[N] without msgid_plural: the forms, then the error */
		if (!plural_forms(r, s, &pf))
			return;
		inconsistent(r, &intro, &first);
		inconsistent(r, &intro, &pf);
		lx_fail(lx, intro.line, 0, "missing 'msgid_plural' section");
		return;
	}
	if (r->la_t == T_MSGID_PLURAL) {
		token ml;

		mp = *t;
		advance(r);
		begin(r, &r->plural);
		if (!string_list(r, T_STRING, &ml))
			return;
		inconsistent(r, &mp, &ml);
		r->plural_counter = 0;
		if (lx->failed)
			return;
		r->has_plural = true;
		t = peek(r);
		if (r->la_t != T_MSGSTR) {
			inconsistent(r, &intro, &first);
			inconsistent(r, &intro, &mp);
			lx_fail(lx, intro.line, 0, "missing 'msgstr[]' section");
			return;
		}
		kw = *t;
		advance(r);
		begin(r, &r->str);
		peek(r);
		if (r->la_t != T_LBRACKET) {
			syntax_error(r);
			return;
		}
		if (!plural_forms(r, kw, &pf))
			return;
		inconsistent(r, &intro, &first);
		inconsistent(r, &intro, &mp);
		inconsistent(r, &intro, &pf);
		if (!lx->failed)
			complete(r, &intro, pf.line, intro.obsolete);
		return;
	}
	inconsistent(r, &intro, &first);
	lx_fail(lx, intro.line, 0, "missing 'msgstr' section");
}

/* The whole file (po_file). */
static void
parse(reader *r)
{
	lexer *lx = &r->lx;

	while (!lx->failed && !r->fallback) {
		token *t;

		tu_input_passed((const char *)lx->d, (const char *)lx->d + lx->i);
		t = peek(r);

		switch (r->la_t) {
		case T_EOF:
			return;
		case T_ERROR:
			return;
		case T_COMMENT:
			advance(r);
			comment(r, lx->text.data);
			break;
		case T_DOMAIN:
			if (r->job == JOB_READ) {
				r->fallback = true;	/* libgettextpo's to read */
				return;
			}
			advance(r);
			begin(r, &r->ctxt);
			t = peek(r);
			if (r->la_t != T_STRING) {
				syntax_error(r);
				return;
			}
			advance(r);
			r->other_domain = strcmp(r->ctxt.data ? r->ctxt.data : "", "messages") != 0;
			pending_reset(&r->p);
			break;
		case T_MSGCTXT:
		case T_MSGID:
		case T_PREV_MSGCTXT:
		case T_PREV_MSGID:
			read_message(r);
			break;
		default:
			(void)t;
			syntax_error(r);
			return;
		}
	}
}

static void
reader_init(reader *r, reader_job job, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->job = job;
	r->lx.d = (const unsigned char *)data;
	r->lx.n = len;
	r->lx.line = 1;
	r->lx.mode = MODE_RAW;
	r->lx.cd = (iconv_t)-1;
	r->lx.into = &r->str;	/* a string out of place, before a syntax error */
}

static void
reader_free(reader *r)
{
	tu_buf *bufs[] = { &r->ctxt, &r->id, &r->plural, &r->str, &r->pctxt, &r->pid, &r->pplural,
			   &r->lx.text };

	for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
		tu_buf_free(bufs[i]);
	pending_free(&r->p);
	free(r->lx.err);
	if (r->lx.cd != (iconv_t)-1)
		iconv_close(r->lx.cd);
	free(r->slots);
	free(r->marks);
	free(r->header_err);
	free(r->entry_err);
	free(r->lines);
	tu_map_free(r->ctxts);
	tu_buf_free(&r->forms);
	free(r->form_ptrs);
	free(r->ref_list);
	tu_buf_free(&r->formats);
	tu_idgen_free(r->rd.ids);
}

/* One pass over the file into a new catalogue; contexts: msgctxt is
 * gettext's context. */
/* The lines of data that start with "msgid ": an estimate of its number
 * of entries (a mapped file's pages go again behind the count). */
static size_t
count_msgids(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *passed = data;
	size_t n = 0;

	while (p < end) {
		if ((size_t)(end - p) >= 6 && memcmp(p, "msgid ", 6) == 0)
			n++;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p == NULL)
			break;
		p++;
		if (p - passed >= (1 << 22)) {
			tu_input_passed(data, p);
			passed = p;
		}
	}
	return n > 0 ? n - 1 : 0;
}

static bool
read_pass(reader *r, const char *name, const char *data, size_t len, bool contexts,
	  tu_entry_sink sink, void *user)
{
	reader_init(r, JOB_READ, data, len);
	r->name = name;
	r->rd.contexts = contexts;
	r->cat = tercume_catalog_new(NULL, NULL);
	r->rd.ids = tu_idgen_new();
	if (r->cat == NULL || r->rd.ids == NULL)
		return false;
	if (sink != NULL)
		/* the entries go to sink, checked as ever: the catalogue
		 * keeps the header only */
		tu_catalog_set_sink(r->cat, sink, user);
	/* as many entries as lines that start with msgid (less the header):
	 * the catalogue is made that size at once (issue 15) */
	else if (tu_catalog_reserve(r->cat, count_msgids(data, len)) != TERCUME_OK)
		return false;
	tu_input_rewind(data);	/* the count let the pages go: again behind the parser */
	parse(r);
	return true;
}

/* Where data's first NUL byte is, or NULL; a mapped file's pages go
 * again behind the scan. */
static const char *
find_nul(const char *data, size_t len)
{
	/* small: the scan comes when the merge holds the most */
	const size_t chunk = (size_t)256 << 10;

	tu_input_rewind(data);	/* the reader let every page go already */
	for (size_t at = 0; at < len; at += chunk) {
		size_t n = len - at < chunk ? len - at : chunk;
		const char *nul = memchr(data + at, '\0', n);

		if (nul != NULL)
			return nul;
		tu_input_passed(data, data + at + n);
	}
	return NULL;
}

static tu_po_verdict
stream_parse(tercume_catalog **out, tercume_status *status, const char *name, const char *data,
	     size_t len, tu_entry_sink sink, void *user, tercume_reporter *rep)
{
	const char *v = getenv("OLD_PO_FILE_INPUT");
	reader r;
	tercume_status st = TERCUME_OK;
	bool made;

	*out = NULL;
	if (v != NULL && *v != '\0')
		return TU_PO_FALLBACK;	/* gettext's old input format */
	made = read_pass(&r, name, data, len, false, sink, user);
	if (made && sink != NULL && r.ctxt_twice) {
		/* perhaps gettext's contexts, read in a second pass: sink has
		 * had the first one's entries, the catalogue is read whole */
		tercume_catalog_free(r.cat);
		reader_free(&r);
		return TU_PO_FALLBACK;
	}
	if (made && !r.fallback && !r.lx.failed && !r.lx.saw_nul && r.header_err == NULL &&
	    r.ctxt_twice && !tercume_catalog_source_path(r.cat) &&
	    find_nul(data, len) == NULL) {
		/* one msgctxt naming two live messages, in a file that names
		 * no article: gettext's contexts, not unit IDs (po.c does the
		 * same) */
		tercume_catalog_free(r.cat);
		reader_free(&r);
		made = read_pass(&r, name, data, len, true, NULL, NULL);
	}
	if (!made) {
		tercume_catalog_free(r.cat);
		reader_free(&r);
		*status = TERCUME_ENOMEM;
		return TU_PO_DONE;
	}
	if (r.fallback) {
		tercume_catalog_free(r.cat);
		reader_free(&r);
		return TU_PO_FALLBACK;
	}
	/* libgettextpo's errors first, then tercume's: a NUL byte, the
	 * header, the first entry it refuses. */
	if (r.lx.failed) {
		st = r.lx.st;
		if (st == TERCUME_EINPUT)
			tu_error(rep, name, r.lx.err_line, r.lx.err_col, "%s", r.lx.err);
	} else if (r.lx.saw_nul || find_nul(data, len) != NULL) {
		const char *nul = find_nul(data, len), *bol = data;
		unsigned long line = 1;

		for (const char *q = data; q < nul; q++)
			if (*q == '\n') {
				line++;
				bol = q + 1;
			}
		tu_error(rep, name, line, (unsigned long)(nul - bol) + 1, "NUL byte in a PO file");
		st = TERCUME_EINPUT;
	} else if (r.header_err != NULL) {
		tu_error(rep, name, r.header_err_line, 0, "%s", r.header_err);
		st = TERCUME_EINPUT;
	} else if (r.entry_err != NULL) {
		tu_error(rep, name, r.entry_err_line, 0, "%s", r.entry_err);
		st = TERCUME_EINPUT;
	}
	if (st == TERCUME_OK)
		*out = r.cat;
	else
		tercume_catalog_free(r.cat);
	reader_free(&r);
	*status = st;
	return TU_PO_DONE;
}

tu_po_verdict
tu_po_stream_parse(tercume_catalog **out, tercume_status *status, const char *name,
		   const char *data, size_t len, tercume_reporter *rep)
{
	return stream_parse(out, status, name, data, len, NULL, NULL, rep);
}

tu_po_verdict
tu_po_stream_parse_sink(tercume_catalog **out, tercume_status *status, const char *name,
			const char *data, size_t len, tu_entry_sink sink, void *user,
			tercume_reporter *rep)
{
	return stream_parse(out, status, name, data, len, sink, user, rep);
}

tercume_status
tu_po_stream_lines(const char *data, size_t len, unsigned long **lines, size_t *n)
{
	reader r;
	tercume_status st;

	reader_init(&r, JOB_LINES, data, len);
	parse(&r);
	st = r.lx.failed && r.lx.st == TERCUME_ENOMEM ? TERCUME_ENOMEM : TERCUME_OK;
	*lines = r.lines;
	*n = r.n_lines;
	r.lines = NULL;
	reader_free(&r);
	return st;
}
