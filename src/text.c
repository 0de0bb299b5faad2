/* text.c — the plain-text article reader.
 *
 * Splits a UTF-8 text into blocks (one per line, or one per run of lines
 * between blank lines), detects each block's role, segments it into
 * sentences and keeps every other byte (BOM, indentation, line ends, blank
 * lines) as skeleton, so that rendering the document gives the input back. */
#include "document.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

/* A line of the input: [start, end) is its content, [end, next) its line
 * terminator ("\n", "\r\n" or nothing at the end of the file). */
typedef struct line {
	size_t start, end, next;
	bool blank;
} line;

static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v')
			return false;
	return true;
}

static size_t
count_words(const char *s, size_t n)
{
	size_t words = 0;
	bool in = false;

	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\t';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words;
}

/* Role of a block from its trimmed text. */
static tercume_role
detect_role(const char *s, size_t n, bool single_line)
{
	static const char *const bylines[] = { "Author:", "By ", "Автор:", "Müəllif:" };
	const char *last;
	size_t words;

	for (size_t i = 0; i < sizeof bylines / sizeof bylines[0]; i++) {
		size_t k = strlen(bylines[i]);
		if (n > k && memcmp(s, bylines[i], k) == 0 && count_words(s, n) <= 6)
			return TERCUME_ROLE_BYLINE;
	}
	if (!single_line || n == 0)
		return TERCUME_ROLE_PARAGRAPH;
	words = count_words(s, n);
	/* Find the last character (UTF-8 aware enough: skip continuation bytes). */
	last = s + n - 1;
	while (last > s && ((unsigned char)*last & 0xC0) == 0x80)
		last--;
	if (*last == ':' && words <= 3)
		return TERCUME_ROLE_LABEL;
	if (words <= 10 && n <= 100 && !strchr(".!?:;,\"", *last) &&
	    !(s + n - last == 3 && memcmp(last, "\xE2\x80\xA6", 3) == 0) /* … */ &&
	    !(s + n - last == 2 && memcmp(last, "\xC2\xBB", 2) == 0) /* » */)
		return TERCUME_ROLE_HEADING;
	return TERCUME_ROLE_PARAGRAPH;
}

static tercume_layout
detect_layout(const line *lines, size_t n_lines)
{
	size_t nonblank = 0, blank_runs = 0, longest = 0;
	bool prev_blank = true;

	for (size_t i = 0; i < n_lines; i++) {
		if (lines[i].blank) {
			if (!prev_blank)
				blank_runs++;
		} else {
			nonblank++;
			if (lines[i].end - lines[i].start > longest)
				longest = lines[i].end - lines[i].start;
		}
		prev_blank = lines[i].blank;
	}
	/* Blank lines between paragraphs, and either hard-wrapped lines or
	 * about as many blank runs as paragraphs. */
	if (blank_runs > 0 && (longest <= 120 || blank_runs * 2 >= nonblank))
		return TERCUME_LAYOUT_BLANK;
	return TERCUME_LAYOUT_LINE;
}

typedef struct reader {
	tercume_doc *doc;
	tu_segmenter *seg;
	tu_idgen *ids;
	tu_span *spans;
	size_t n_spans, cap_spans;
	const char *data;
	size_t skel_from;	/* skeleton runs from here to the next unit */
} reader;

/* Adds the block data[start, end) that starts on line `lineno`. */
static tercume_status
add_block(reader *r, size_t start, size_t end, unsigned long lineno, bool single_line)
{
	const char *p = r->data + start;
	size_t n = end - start;
	tercume_status st;
	size_t line_at = start;	/* for counting lines inside the block */
	unsigned long unit_line = lineno;

	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == 0)
		return TERCUME_OK;
	st = tu_segment_block(r->seg, r->data + start, end - start,
			      &r->spans, &r->n_spans, &r->cap_spans);
	if (st != TERCUME_OK)
		return st;
	/* Only white space to the segmenter (U+2028, U+3000, …): skeleton. */
	if (r->n_spans == 0)
		return TERCUME_OK;
	if (tu_doc_add_block(r->doc, detect_role(p, n, single_line), lineno) == (size_t)-1)
		return TERCUME_ENOMEM;
	for (size_t k = 0; k < r->n_spans; k++) {
		size_t a = start + r->spans[k].start, b = start + r->spans[k].end;
		const char *raw = r->data + a;
		size_t raw_len = b - a, text_len = raw_len;
		char *folded = tu_fold_breaks(raw, raw_len, &text_len);
		char id[24];

		for (; line_at < a; line_at++)
			if (r->data[line_at] == '\n')
				unit_line++;
		st = tu_idgen_next(r->ids, folded ? folded : raw, text_len, id);
		if (st == TERCUME_OK)
			st = tu_doc_add_unit(r->doc, id, folded ? folded : raw, text_len, NULL, 0,
					     folded ? raw : NULL, raw_len,
					     r->data + r->skel_from, a - r->skel_from, unit_line);
		free(folded);
		if (st != TERCUME_OK)
			return st;
		r->skel_from = b;
	}
	return TERCUME_OK;
}

tercume_status
tercume_doc_from_text(tercume_doc **out, const char *name, const char *data, size_t len,
		      const tercume_segment_options *opts, tercume_reporter *rep)
{
	tercume_segment_options defaults = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_layout layout;
	reader r = { 0 };
	line *lines = NULL;
	size_t n_lines = 0, cap_lines = 0, pos = 0;
	tercume_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != TERCUME_SEGMENT_OPTIONS_VERSION)
		return TERCUME_EUSAGE;
	st = tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK)
		return st;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;	/* the BOM stays in the skeleton */
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t next = nl ? (size_t)(nl - data) + 1 : len;
		size_t end = nl ? (size_t)(nl - data) : len;

		if (end > pos && data[end - 1] == '\r')
			end--;
		if (n_lines == cap_lines) {
			size_t cap = cap_lines ? cap_lines * 2 : 256;
			line *p = realloc(lines, cap * sizeof *p);
			if (p == NULL) {
				free(lines);
				return TERCUME_ENOMEM;
			}
			lines = p;
			cap_lines = cap;
		}
		lines[n_lines++] = (line){ pos, end, next, is_blank(data + pos, end - pos) };
		pos = next;
	}
	layout = opts->layout;
	if (layout == TERCUME_LAYOUT_AUTO)
		layout = detect_layout(lines, n_lines);

	r.doc = tu_doc_new(name, opts->source_lang, layout);
	r.ids = tu_idgen_new();
	r.data = data;
	if (r.doc == NULL || r.ids == NULL) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	st = tu_segmenter_open(&r.seg, r.doc->source_lang, opts->srx_path, rep);
	if (st != TERCUME_OK)
		goto out;
	for (size_t i = 0; i < n_lines && st == TERCUME_OK;) {
		size_t j = i + 1;

		if (lines[i].blank) {
			i++;
			continue;
		}
		if (layout == TERCUME_LAYOUT_BLANK)
			while (j < n_lines && !lines[j].blank)
				j++;
		st = add_block(&r, lines[i].start, lines[j - 1].end, (unsigned long)i + 1, j == i + 1);
		i = j;
	}
	if (st == TERCUME_OK)
		st = tu_doc_set_tail(r.doc, data + r.skel_from, len - r.skel_from);
	if (st == TERCUME_OK)
		st = tu_doc_index(r.doc);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, name, 0, 0, "out of memory");
	else if (st != TERCUME_OK)
		tu_error(rep, name, 0, 0, "cannot segment: %s", tercume_status_string(st));
out:
	free(lines);
	free(r.spans);
	tu_segmenter_close(r.seg);
	tu_idgen_free(r.ids);
	if (st != TERCUME_OK) {
		tercume_doc_free(r.doc);
		return st;
	}
	*out = r.doc;
	return TERCUME_OK;
}

tercume_status
tercume_doc_read_text(tercume_doc **out, const char *path,
		      const tercume_segment_options *opts, tercume_reporter *rep)
{
	char *data;
	size_t len;
	tercume_status st;

	*out = NULL;
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	st = tercume_doc_from_text(out, path, data, len, opts, rep);
	free(data);
	return st;
}
