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
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>
#include <unicode/utf8.h>


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

/* ---- the shape of the lines (doc/merge.md, "Layout") ---- */

/* The code point at s[*i] (valid UTF-8), and *i moved past it. */
static UChar32
next_char(const char *s, size_t n, size_t *i)
{
	return tu_utf8_next(s, n, i);	/* the library's one decoder */
}

unsigned
tu_char_columns(UChar32 c)
{
	int8_t t;
	int ea;

	if (c < 0x80)
		return 1;
	t = u_charType(c);
	if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_FORMAT_CHAR)
		return 0;
	ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

static bool
is_hspace(UChar32 c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* The length of the list marker at the start of s (a bullet, or an
 * enumerator such as "1.", "a)", "(iv)", "Q."), followed by white space, or
 * 0.  *bullet: it is a bullet other than "-" and "+". */
static size_t
list_marker(const char *s, size_t n, bool *bullet)
{
	static const char *const bullets[] = {
		"*", "\xE2\x80\xA2" /* • */, "\xE2\x97\xA6" /* ◦ */, "\xE2\x80\xA3" /* ‣ */,
		"\xE2\x81\x83" /* ⁃ */, "\xE2\x96\xAA" /* ▪ */, "\xE2\x97\x8F" /* ● */,
		"\xC2\xB7" /* · */, "-", "+",
	};
	size_t k = 0, digits = 0, letters = 0;

	*bullet = false;
	if (n == 0)
		return 0;
	/* every bullet starts with one of these bytes; most lines start
	 * with a letter (the loop was a third of measuring a line) */
	if (s[0] == '*' || s[0] == '-' || s[0] == '+' || s[0] == '\xE2' || s[0] == '\xC2')
		for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++) {
			size_t m = strlen(bullets[b]);
			if (n > m && memcmp(s, bullets[b], m) == 0 &&
			    (s[m] == ' ' || s[m] == '\t')) {
				*bullet = s[0] != '-' && s[0] != '+';
				return m;
			}
		}
	if (k < n && s[k] == '(')
		k++;
	while (k < n && s[k] >= '0' && s[k] <= '9' && digits < 3)
		k++, digits++;
	if (digits == 0)
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')) &&
		       letters < 4)
			k++, letters++;
	if (digits + letters == 0 || k >= n)
		return 0;
	if (s[0] == '(' ? s[k] != ')' : s[k] != '.' && s[k] != ')')
		return 0;
	/* One letter, or a Roman numeral ("iv."): not a word ("The."). */
	if (letters > 1 && strspn(s + (s[0] == '('), "ivxlcIVXLC") < letters)
		return 0;
	k++;
	return k < n && (s[k] == ' ' || s[k] == '\t') ? k : 0;
}

/* Is s[0, n) a rule or an underline: at least three of "=-~^*#_+|:" and
 * spaces, nothing else ("=====", "* * *", a table's "----+----")? */
static bool
is_rule(const char *s, size_t n)
{
	size_t marks = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] == '\0' || !strchr("=-~^*#_+|:", s[i]))
			return false;
		marks++;
	}
	return marks >= 3;
}

/* Does s[0, n) start a copyright notice ("Copyright (C) 2007 …", "© …")? */
static bool
notice(const char *s, size_t n)
{
	static const char *const starts[] = { "(C) ", "(c) ", "\xC2\xA9 " /* © */ };

	if (n > 9 && (*s | 0x20) == 'c' && strncasecmp(s, "copyright", 9) == 0 &&
	    (s[9] == ' ' || s[9] == '\t' || s[9] == '('))
		return true;
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (n > strlen(starts[i]) && memcmp(s, starts[i], strlen(starts[i])) == 0)
			return true;
	return false;
}

/* The high bit of each byte of w that equals the byte of pattern (a byte
 * repeated eight times), and of no other. */
static inline uint64_t
bytes_equal(uint64_t w, uint64_t pattern)
{
	const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
	uint64_t t = w ^ pattern;

	return ~(((t & low7) + low7) | t | low7);
}

/* Is s[0, n) printable ASCII, spaces included (no tab, no control)?
 * Sixteen bytes a step with SSE2, then (or without it) eight at a time
 * (the word tricks of "Bit Twiddling Hacks": a
 * byte below 0x20 comes out with its high bit set in (w - 0x20...) & ~w,
 * one of 0x7F or more in (w + 0x01...) | w; a borrow or a carry between
 * bytes only starts at a byte that is already out of range).
 * With bar, *bar is set when s[0, n) has a '|' (found in the same loop:
 * looking for one line by line was a memchr call a line). */
static inline bool
printable_ascii_bar(const char *s, size_t n, bool *bar)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t acc = 0, bars = 0;
	size_t i = 0;

#ifdef __SSE2__
	/* sixteen bytes a step first (a signed byte below 0x20 is a
	 * control or one of 0x80 and more), the rest as without SSE2 */
	{
		__m128i bad = _mm_setzero_si128(), bar16 = _mm_setzero_si128();

		for (; i + 16 <= n; i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));

			bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
							     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))));
			if (bar)
				bar16 = _mm_or_si128(bar16, _mm_cmpeq_epi8(x, _mm_set1_epi8('|')));
		}
		acc = _mm_movemask_epi8(bad) ? high : 0;
		bars = _mm_movemask_epi8(bar16) ? high : 0;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		acc |= ((w - 0x20 * ones) & ~w) | (w + ones) | w;
		if (bar)
			bars |= bytes_equal(w, '|' * ones);
	}
	for (; i < n; i++) {
		acc |= (unsigned char)(s[i] - 0x20) > 0x5E ? high : 0;
		bars |= s[i] == '|';
	}
	if (bar)
		*bar = bars != 0;
	return (acc & high) == 0;
}

static bool
printable_ascii(const char *s, size_t n)
{
	return printable_ascii_bar(s, n, NULL);
}

static bool
closing_ascii(UChar32 c)
{
	return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}';
}

static bool
stop_char(UChar32 c)
{
	return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

/* The last character of s[from, to) that is neither a space nor a closing
 * quote or bracket, or 0 (printable ASCII). */
static UChar32
core_before(const char *s, size_t from, size_t to)
{
	while (to > from) {
		unsigned char b = (unsigned char)s[--to];

		if (b != ' ' && !closing_ascii(b))
			return b;
	}
	return 0;
}

/* The high bit of each byte of w that is a space, and of no other. */
static inline uint64_t
space_bytes(uint64_t w)
{
	return bytes_equal(w, 0x2020202020202020ull);
}

/* Where the first three spaces in a row of s[k, e) start, or e.  Sixteen
 * starting places a step with SSE2, then (or without it) eight, from three
 * loads a byte apart: a place has the
 * high bit set in all three masks only if it starts three spaces (glibc's
 * memmem took seven instructions a byte). */
static size_t
three_spaces(const char *s, size_t k, size_t e)
{
#ifdef __SSE2__
	/* sixteen places a step: the masks of three loads a byte apart */
	for (; k + 18 <= e; k += 16) {
		const __m128i sp = _mm_set1_epi8(' ');
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(s + k)), sp));

		m &= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(s + k + 1)), sp));
		m &= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(s + k + 2)), sp));
		if (m != 0)
			return k + (size_t)__builtin_ctz(m);
	}
#endif
	for (; k + 10 <= e; k += 8) {
		uint64_t a, b, c;

		memcpy(&a, s + k, 8);
		memcpy(&b, s + k + 1, 8);
		memcpy(&c, s + k + 2, 8);
		if ((space_bytes(a) & space_bytes(b) & space_bytes(c)) != 0)
			break;	/* one of the eight places: found below */
	}
	for (; k + 3 <= e; k++)
		if (s[k] == ' ' && s[k + 1] == ' ' && s[k + 2] == ' ')
			return k;
	return e;
}

/* measure()'s loop over the text of a line, s[text, n), when it is
 * printable ASCII, so that a column is a byte and white space a ' ':
 * what that loop finds character by character (the same fields, *last and
 * *core), found from the few places that decide them: the first word, the
 * end, a '|' after a space, three spaces or more.  The common line costs
 * about a byte's compare a byte instead of a decoding and property
 * look-ups a character (measure was an eighth of segment's time, issue
 * 15). */
static void
measure_ascii(const char *s, size_t n, size_t text, bool has_bar, tu_line *l, UChar32 *last,
	      UChar32 *core)
{
	unsigned base = l->indent;
	size_t e = n, k;
	const char *bar;

	while (e > text && s[e - 1] == ' ')
		e--;
	if (e == text)
		return;
	l->width = base + (unsigned)(e - text);
	*last = (unsigned char)s[e - 1];
	*core = core_before(s, text, e);
	/* the first word, and a first letter in it */
	for (k = text; k < e && s[k] != ' '; k++)
		if ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') {
			l->lower = s[k] >= 'a';
			break;
		}
	while (k < e && s[k] != ' ')
		k++;
	l->first = (unsigned)(k - text);
	/* the first '|' after a space (has_bar: there is a '|') */
	for (bar = has_bar ? memchr(s + text, '|', e - text) : NULL; bar != NULL;
	     bar = memchr(bar + 1, '|', (size_t)(s + e - bar - 1)))
		if (bar > s + text && bar[-1] == ' ') {	/* the indent is no gap */
			l->bar = base + (unsigned)(bar - s - text);
			break;
		}
	/* the first text after three spaces or more, not after a stop */
	for (k = text; (k = three_spaces(s, k, e)) < e;) {
		size_t g;

		/* the run of spaces from k: never at the end (s[e - 1] is
		 * not a space) nor at the start (neither is s[text]) */
		for (g = k + 3; s[g] == ' '; g++)
			;
		if (!stop_char(core_before(s, text, k))) {
			l->column = base + (unsigned)(g - text);
			break;
		}
		k = g;
	}
}

/* Measures the line l of data (tu_line). */
static void
measure(const char *data, tu_line *l)
{
	const char *s = data + l->start;
	size_t n = l->end - l->start, i = 0, text;
	unsigned col = 0;
	UChar32 last = 0, core = 0;
	unsigned gap = 0;
	bool first_word = true, first_letter = true, has_bar;

	while (i < n && is_hspace((unsigned char)s[i])) {
		col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
		i++;
	}
	l->indent = col;
	text = i;
	if (printable_ascii_bar(s + text, n - text, &has_bar)) {
		measure_ascii(s, n, text, has_bar, l, &last, &core);
		i = n;
	}
	while (i < n) {
		UChar32 c = (unsigned char)s[i];

		/* i stays a register: only a copy of it goes to the decoder */
		if (c < 0x80) {
			i++;
		} else {
			size_t at = i;

			c = next_char(s, n, &at);
			i = at;
		}
		if (is_hspace(c)) {
			first_word = false;
			col = c == '\t' ? (col / 8 + 1) * 8 : col + 1;
			gap++;
			continue;
		}
		/* Table columns: the first '|' between spaces, the first
		 * text after three spaces or more (not after a full stop:
		 * justified text has those). */
		if (c == '|' && gap > 0 && l->bar == 0)
			l->bar = col;
		if (gap >= 3 && l->column == 0 && !(core == '.' || core == '!' || core == '?' ||
						     core == ':' || core == ';'))
			l->column = col;
		gap = 0;
		col += tu_char_columns(c);
		l->width = col;
		if (first_word)
			l->first = col - l->indent;
		if (first_word && first_letter && u_isalpha(c)) {
			/* Caseless scripts count as lower case: a line that
			 * starts with one may go on a sentence. */
			l->lower = !u_isupper(c) && !u_istitle(c);
			first_letter = false;
		}
		/* The last character, and the last one that is not a
		 * closing quote or bracket. */
		if (c < 0x80 ? c != '"' && c != '\'' && c != ')' && c != ']' && c != '}'
			     : !u_hasBinaryProperty(c, UCHAR_QUOTATION_MARK) &&
			       u_charType(c) != U_END_PUNCTUATION &&
			       u_charType(c) != U_FINAL_PUNCTUATION)
			core = c;
		last = c;
		/* The rest of an ASCII word at once: what the loop does for
		 * each of its characters, without the decoding and the
		 * property look-ups (measure was a tenth of segment's
		 * instructions, issue 15).  Inside a word there is no gap, so
		 * '|' and the columns of a table do not apply. */
		if (first_word && first_letter)
			continue;
		{
			size_t from = i, k;

			/* printable ASCII, no space: 0x21 to 0x7E */
			while (i < n && (unsigned char)(s[i] - 0x21) < 0x5E)
				i++;
			if (i == from)
				continue;
			col += (unsigned)(i - from);
			last = (unsigned char)s[i - 1];
			for (k = i; k > from; k--) {
				char b = s[k - 1];

				if (b != '"' && b != '\'' && b != ')' && b != ']' && b != '}') {
					core = (unsigned char)b;
					break;
				}
			}
		}
		l->width = col;
		if (first_word)
			l->first = col - l->indent;
	}
	l->stop = core == '.' || core == '!' || core == '?' || core == ':' || core == ';' ||
		  core == 0x2026 /* … */ || core == 0x3002 /* 。 */ || core == 0xFF01 ||
		  core == 0xFF1F;
	l->open_end = u_isalpha(last) && !u_isupper(last) && !u_istitle(last);
	l->last = last;
	l->rule = is_rule(s + text, n - text);
	l->notice = notice(s + text, n - text);
	/* A line of a box: "*  text  *" (tu_text_shape keeps it a box line
	 * only next to another one as wide). */
	if (!l->rule && n - text >= 3 && (s[text] == '*' || s[text] == '|' || s[text] == '#') &&
	    is_hspace((unsigned char)s[text + 1])) {
		size_t e = n, in = text + 1;

		while (e > text && is_hspace((unsigned char)s[e - 1]))
			e--;
		if (e - text >= 3 && s[e - 1] == s[text] && is_hspace((unsigned char)s[e - 2])) {
			size_t ie = e - 1;

			while (in < ie && is_hspace((unsigned char)s[in]))
				in++;
			while (ie > in && is_hspace((unsigned char)s[ie - 1]))
				ie--;
			l->frame_left = (unsigned)in;
			l->frame_right = (unsigned)(n - ie);
		}
	}
	if (!l->rule) {
		size_t m = list_marker(s + text, n - text, &l->bullet);

		if (m > 0) {
			size_t j = text + m;
			unsigned mcol = l->indent;

			for (size_t q = text; q < j;)
				mcol += tu_char_columns(next_char(s, j, &q));
			while (j < n && is_hspace((unsigned char)s[j])) {
				mcol = s[j] == '\t' ? (mcol / 8 + 1) * 8 : mcol + 1;
				j++;
			}
			l->marker = j < n ? mcol : 0;
			if (l->marker && (l->bullet || s[text] == '-' || s[text] == '+'))
				l->bullet_bytes = (unsigned)j;
		}
	}
}

/* Are a and b, one after the other, two lines of a centred block: well
 * indented, by different amounts, around the same middle (within a column
 * and a half)? */
static bool
centred_pair(const tu_line *a, const tu_line *b)
{
	unsigned ma = a->indent + a->width, mb = b->indent + b->width;

	return a->indent >= 8 && b->indent >= 8 && a->indent != b->indent &&
	       (ma > mb ? ma - mb : mb - ma) <= 3 && !(a->marker && b->indent == a->marker);
}

/* The frame character of a box line. */
static char
frame_char(const char *data, const tu_line *l)
{
	const char *s = data + l->start;

	while (is_hspace((unsigned char)*s))
		s++;
	return *s;
}

/* The wrapping width from the histogram of the widths of the lines that a
 * non-blank line follows: the widest twentieth left out. */
static unsigned
histogram_width(const size_t count[1024], size_t candidates)
{
	size_t seen = 0;

	for (unsigned w = 0; w < 1024 && candidates > 0; w++) {
		seen += count[w];
		if (seen * 20 >= candidates * 19)
			return w;
	}
	return 0;
}

/* Finds the box lines and the centred ones among measured lines, the text
 * wrapped at width.  Everything here looks at a line and its neighbours
 * only, and a blank line stops it: a run of non-blank lines can be shaped
 * by itself (from_text does so, one run at a time). */
static void
shape_lines(const char *data, tu_line *lines, size_t n_lines, unsigned width)
{
	/* Box lines come in columns of the same width and frame. */
	for (size_t i = 0; i + 1 < n_lines; i++)
		if (lines[i].frame_left && lines[i + 1].frame_left &&
		    lines[i + 1].width == lines[i].width &&
		    frame_char(data, &lines[i + 1]) == frame_char(data, &lines[i]))
			lines[i].box = lines[i + 1].box = true;
	for (size_t i = 0; i < n_lines; i++)
		if (!lines[i].box)
			lines[i].frame_left = lines[i].frame_right = 0;
	for (size_t i = 0; i < n_lines; i++) {
		tu_line *l = &lines[i];
		bool alone = (i == 0 || lines[i - 1].blank) && (i + 1 == n_lines || lines[i + 1].blank);
		unsigned right = l->width <= width ? width - l->width : 0;

		if (l->blank || l->rule)
			continue;
		if (i + 1 < n_lines && !lines[i + 1].blank && !lines[i + 1].rule &&
		    centred_pair(l, &lines[i + 1]))
			l->centred = lines[i + 1].centred = true;
		/* A line by itself, as far from the right margin as from the
		 * left one. */
		if (alone && l->indent >= 8 && l->width <= width &&
		    (l->indent > right ? l->indent - right : right - l->indent) <= 3)
			l->centred = true;
	}
}

/* ---- the centred lines of a text that comes in pieces ----
 *
 * The text goes past twice (the caller renders it twice): the first time
 * for the wrapping width, the second for the centred lines.  Only the run
 * of non-blank lines being read is kept, as in add_runs: shaping a run by
 * itself gives what shaping the whole text gives (shape_lines), and the
 * lines that count for the width (a non-blank line after them, not a rule)
 * are those of a run but its last. */
struct tu_centred {
	int pass;		/* 1: the widths, 2: the centred lines */
	size_t skip;		/* bytes of a BOM still to leave out */
	tu_buf run;		/* read lines, the run's from base, then a line
				   not ended yet */
	size_t base;		/* where the run starts in run.data */
	size_t scan;		/* run.data[scan, run.len) holds no line end */
	tu_line *lines;		/* the run's lines, offsets into run */
	size_t n, cap;
	size_t line;		/* the lines before the run (0-based) */
	size_t count[1024], candidates;
	unsigned width;
	uint8_t *bits;		/* bit k: line k+1 is centred */
	size_t bits_len;
	bool failed;
};

tu_centred *
tu_centred_new(void)
{
	tu_centred *c = calloc(1, sizeof *c);

	if (c != NULL) {
		c->pass = 1;
		c->skip = 3;
	}
	return c;
}

void
tu_centred_free(tu_centred *c)
{
	if (c == NULL)
		return;
	tu_buf_free(&c->run);
	free(c->lines);
	free(c->bits);
	free(c);
}

static void
centred_mark(tu_centred *c, size_t k)
{
	if (k / 8 >= c->bits_len) {
		size_t len = c->bits_len ? c->bits_len : 64;
		uint8_t *p;

		while (k / 8 >= len)
			len *= 2;
		if ((p = realloc(c->bits, len)) == NULL) {
			c->failed = true;
			return;
		}
		memset(p + c->bits_len, 0, len - c->bits_len);
		c->bits = p;
		c->bits_len = len;
	}
	c->bits[k / 8] |= (uint8_t)(1u << (k % 8));
}

/* The run's lines are all read (a blank line or the end follows). */
static void
centred_run(tu_centred *c)
{
	for (size_t i = 0; i < c->n; i++)
		measure(c->run.data, &c->lines[i]);
	if (c->pass == 1) {
		for (size_t i = 0; i + 1 < c->n; i++)
			if (!c->lines[i].rule) {
				c->count[c->lines[i].width < 1023 ? c->lines[i].width : 1023]++;
				c->candidates++;
			}
	} else {
		shape_lines(c->run.data, c->lines, c->n, c->width);
		for (size_t i = 0; i < c->n; i++)
			if (c->lines[i].centred)
				centred_mark(c, c->line + i);
	}
	c->line += c->n;
	c->n = 0;
}

/* The line run.data[from, next) ends the run or joins it. */
static void
centred_line(tu_centred *c, size_t from, size_t next, bool ended)
{
	size_t end = next - (ended ? 1 : 0);

	if (end > from && c->run.data[end - 1] == '\r')
		end--;
	if (is_blank(c->run.data + from, end - from)) {
		centred_run(c);
		c->line++;
		/* the run and the blank line are done with (let go when the
		 * piece is read: tu_centred_feed) */
		c->base = c->scan = next;
		return;
	}
	if (!tu_grow(&c->lines, &c->cap, c->n, sizeof *c->lines, 64)) {
		c->failed = true;
		return;
	}
	memset(&c->lines[c->n], 0, sizeof c->lines[c->n]);
	c->lines[c->n].start = from;
	c->lines[c->n].end = end;
	c->lines[c->n].next = next;
	c->n++;
	c->scan = next;
}

void
tu_centred_feed(void *arg, const char *data, size_t len)
{
	tu_centred *c = arg;
	size_t from;

	if (c->failed)
		return;
	if (c->skip > 0) {
		/* a BOM at the start stays out of the first line */
		static const char bom[3] = { '\xEF', '\xBB', '\xBF' };

		while (c->skip > 0 && len > 0 && *data == bom[3 - c->skip]) {
			data++, len--;
			c->skip--;
		}
		if (c->skip > 0 && len > 0) {
			/* no BOM: its first bytes were text */
			tu_buf_append(&c->run, bom, 3 - c->skip);
			c->skip = 0;
		}
	}
	tu_buf_append(&c->run, data, len);
	if (c->run.failed) {
		c->failed = true;
		return;
	}
	from = c->scan;
	for (;;) {
		size_t line_from = c->n ? c->lines[c->n - 1].next : c->base;
		const char *nl = memchr(c->run.data + from, '\n', c->run.len - from);

		if (nl == NULL) {
			/* what is done with goes once a piece: the run and
			 * the line not ended move to the start */
			size_t b = c->base;

			memmove(c->run.data, c->run.data + b, c->run.len - b);
			c->run.len -= b;
			for (size_t i = 0; i < c->n; i++) {
				c->lines[i].start -= b;
				c->lines[i].end -= b;
				c->lines[i].next -= b;
			}
			c->base = 0;
			c->scan = c->run.len;
			return;
		}
		centred_line(c, line_from, (size_t)(nl - c->run.data) + 1, true);
		if (c->failed)
			return;
		from = c->scan;
	}
}

tercume_status
tu_centred_pass(tu_centred *c)
{
	size_t from = c->n ? c->lines[c->n - 1].next : c->base;

	if (c->skip > 0 && c->skip < 3)
		tu_buf_append(&c->run, "\xEF\xBB\xBF", 3 - c->skip);	/* a text of part of a BOM */
	if (!c->failed && c->run.len > from)
		centred_line(c, from, c->run.len, false);
	if (!c->failed)
		centred_run(c);
	if (c->failed || c->run.failed)
		return TERCUME_ENOMEM;
	if (c->pass == 1)
		c->width = histogram_width(c->count, c->candidates);
	c->pass++;
	c->skip = 3;
	c->run.len = 0;
	c->base = c->scan = 0;
	c->line = 0;
	return TERCUME_OK;
}

bool
tu_centred_line(const tu_centred *c, size_t line)
{
	size_t k = line - 1;

	return line >= 1 && k / 8 < c->bits_len && (c->bits[k / 8] >> (k % 8) & 1);
}

/* The line at data[pos, len): its content ends at *end (before "\r\n" or
 * "\n"), the next line starts at the return value. */
static size_t
next_line(const char *data, size_t len, size_t pos, size_t *end)
{
	const char *nl = memchr(data + pos, '\n', len - pos);
	size_t e = nl ? (size_t)(nl - data) : len;

	if (e > pos && data[e - 1] == '\r')
		e--;
	*end = e;
	return nl ? (size_t)(nl - data) + 1 : len;
}

/* The width of the line s[0, n) as measure() finds it (the column after
 * its last character that is not white space), without the rest of the
 * measuring. */
static unsigned
line_width(const char *s, size_t n)
{
	unsigned col = 0, width = 0;

	if (printable_ascii(s, n)) {	/* a column a byte */
		while (n > 0 && s[n - 1] == ' ')
			n--;
		return (unsigned)n;
	}
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];

		if (b >= 0x80) {
			size_t at = i;	/* i stays a register (measure) */

			col += tu_char_columns(next_char(s, n, &at));
			i = at;
			width = col;
			continue;
		}
		i++;
		if (b == '\t')
			col = (col / 8 + 1) * 8;
		else if (is_hspace(b))
			col++;
		else
			width = ++col;
	}
	return width;
}

/* What from_text learns in one pass over the lines, before it keeps any:
 * the layout (detect_layout's figures) and the wrapping width
 * (tu_text_shape's). */
typedef struct survey {
	size_t n_lines, nonblank, blank_runs, longest;
	size_t count[1024], candidates;
} survey;

static void
survey_lines(const char *data, size_t len, size_t pos, bool widths, survey *sv)
{
	bool prev_blank = true, prev_counts = false;
	unsigned prev_width = 0;

	memset(sv, 0, sizeof *sv);
	while (pos < len) {
		size_t end, next = next_line(data, len, pos, &end);
		bool blank = is_blank(data + pos, end - pos);

		sv->n_lines++;
		if (blank) {
			if (!prev_blank)
				sv->blank_runs++;
		} else {
			sv->nonblank++;
			if (end - pos > sv->longest)
				sv->longest = end - pos;
			if (prev_counts) {
				sv->count[prev_width < 1023 ? prev_width : 1023]++;
				sv->candidates++;
			}
		}
		prev_counts = false;
		if (!blank && widths) {
			size_t text = pos;

			while (text < end && is_hspace((unsigned char)data[text]))
				text++;
			/* a rule's width does not count */
			if (!is_rule(data + text, end - text)) {
				prev_width = line_width(data + pos, end - pos);
				prev_counts = true;
			}
		}
		prev_blank = blank;
		pos = next;
	}
}

static tercume_layout
detect_layout(const survey *sv)
{
	/* Blank lines between paragraphs, and either hard-wrapped lines or
	 * about as many blank runs as paragraphs. */
	if (sv->blank_runs > 0 && (sv->longest <= 120 || sv->blank_runs * 2 >= sv->nonblank))
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
	char *fold;		/* a unit's folded text, for its ID */
	size_t fold_cap;
	uint64_t digest;	/* of data[0, skel_from) (tu_doc_set_digest) */
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
		char *folded = NULL;
		char id[24];
		tu_hash_along al;
		bool broken;

		/* folded into the reader's buffer: no allocation a unit */
		if (raw_len >= r->fold_cap) {
			char *p = realloc(r->fold, raw_len + 1);

			if (p == NULL)
				return TERCUME_ENOMEM;
			r->fold = p;
			r->fold_cap = raw_len + 1;
		}
		text_len = tu_fold_to_any(r->fold, raw, raw_len, &broken);
		if (broken)
			folded = r->fold;
		else
			text_len = raw_len;

		for (; line_at < a; line_at++)
			if (r->data[line_at] == '\n')
				unit_line++;
		/* the article's digest goes on over the skeleton, then over
		 * the unit's bytes while its ID is hashed */
		al.h = tu_hash64_more(r->digest, r->data + r->skel_from, a - r->skel_from);
		al.s = raw;
		al.n = raw_len;
		st = tu_idgen_next_along(r->ids, folded ? folded : raw, text_len, id, &al);
		r->digest = al.h;
		if (st == TERCUME_OK)
			/* a folded text is made when first needed
			 * (tu_doc_reserve_folds) */
			st = tu_doc_add_unit(r->doc, id, folded ? NULL : raw, text_len, NULL, 0,
					     folded ? raw : NULL, raw_len,
					     r->data + r->skel_from, a - r->skel_from, unit_line);
		if (st != TERCUME_OK)
			return st;
		r->skel_from = b;
	}
	return TERCUME_OK;
}

/* Are a and b rows of one table: a column (text after three spaces, or
 * " |") at the same place? */
static bool
same_table(const tu_line *a, const tu_line *b)
{
	return (a->bar && a->bar == b->bar) || (a->column && a->column == b->column);
}

/* Does a new block start after line k of the run of lines [i, j), the block
 * so far starting at line s?  width is the wider of the run's and the text's;
 * notice: a copyright notice started in the run, at line k or before.
 * The rules are those of doc/merge.md, "Layout". */
static bool
hard_break(const tu_line *lines, size_t i, size_t j, size_t s, size_t k, unsigned run_width,
	   unsigned width, bool notice)
{
	const tu_line *a = &lines[k], *b = &lines[k + 1];
	/* The next line's first word would have fitted on this one: the
	 * line was ended on purpose, not by the wrapping. */
	bool fits_run = a->width + 1 + b->first <= run_width;
	bool fits = a->width + 1 + b->first <= width;
	bool roomy = a->width + 1 + b->first + width / 4 <= width;

	if (a->centred || b->centred || a->frame_left || b->frame_left)
		return true;	/* centred, or in a box: line for line */
	/* Rows of a table, one of them perhaps with its first column too
	 * wide for the gap (the rows around it line up). */
	if (same_table(a, b) || (k > i && same_table(&lines[k - 1], b)) ||
	    (k + 2 < j && same_table(a, &lines[k + 2])))
		return true;
	if (b->marker && (b->bullet || a->stop || fits))
		return true;	/* a list item */
	/* A copyright notice goes line by line (holder, address, …) to its
	 * end: a short line, or one that ends an address or a year. */
	if (notice && !b->lower &&
	    (fits || a->last == '>' || a->last == ',' || a->last == ')' || u_isdigit(a->last)))
		return true;
	if (b->indent != a->indent) {
		/* Past the first line of a block, the indent changes only
		 * where a new block starts.  After the first line, an
		 * indented body under a short line (a man page's "NAME", an
		 * option's name) starts one; a hanging or first-line indent
		 * does not, nor a list item's text under its marker. */
		if (k > s)
			return true;
		if (a->marker && b->indent == a->marker)
			return false;
		return fits_run && (b->indent > a->indent || !b->lower);
	}
	/* A line that ends a sentence, shorter than the run's wrapping made
	 * it, before one that starts a sentence (one sentence a line); a much
	 * shorter line (a table, a list without markers).  Not merely short:
	 * legal texts capitalise words inside a sentence, and not every text
	 * is wrapped greedily. */
	return !b->lower && ((a->stop && fits_run) || roomy);
}

/* Adds the run of non-blank lines [i, j) as one block or several; lines[0]
 * is the article's line number base + 1. */
static tercume_status
add_run(reader *r, const tu_line *lines, size_t i, size_t j, unsigned text_width, size_t base)
{
	unsigned run_width = 0, width;
	tercume_status st = TERCUME_OK;
	size_t s = i;
	bool notice = false;

	for (size_t k = i; k < j; k++)
		if (!lines[k].rule && lines[k].width > run_width)
			run_width = lines[k].width;
	width = run_width > text_width ? run_width : text_width;
	for (size_t k = i; k < j && st == TERCUME_OK; k++) {
		bool heading;

		notice |= lines[k].notice;
		if (lines[k].rule) {
			/* An underline or a rule is layout: skeleton. */
			s = k + 1;
			continue;
		}
		if (k + 1 < j && !lines[k + 1].rule && !hard_break(lines, i, j, s, k, run_width, width, notice))
			continue;
		/* One line may be a heading or a label when it is the whole
		 * run, is underlined, or heads an indented body. */
		heading = k == s && ((s == i && k + 1 == j) ||
				     (k + 1 < j && lines[k + 1].rule) ||
				     (s == i && k + 1 < j && lines[k + 1].indent > lines[k].indent));
		/* A list item's bullet, a box's frame are layout, not text
		 * to translate. */
		if (lines[s].frame_left)
			st = add_block(r, lines[s].start + lines[s].frame_left,
				       lines[s].end - lines[s].frame_right,
				       (unsigned long)(base + s) + 1, false);
		else
			st = add_block(r, lines[s].start + lines[s].bullet_bytes, lines[k].end,
				       (unsigned long)(base + s) + 1, heading);
		s = k + 1;
	}
	return st;
}

/* Segments the blank-line article data[pos, len) run by run: the lines of
 * one run of non-blank lines at a time are kept and measured (a table of
 * the whole article's lines was the largest part of segment's memory,
 * issue 15).  Shaping a run by itself gives what shaping the whole article
 * gives (shape_lines). */
static tercume_status
add_runs(reader *r, const char *data, size_t len, size_t pos, unsigned text_width)
{
	tu_line *run = NULL;
	size_t cap = 0, lineno = 0;
	tercume_status st = TERCUME_OK;

	while (pos < len && st == TERCUME_OK) {
		size_t end, next = next_line(data, len, pos, &end), n = 0, base = lineno;

		if (is_blank(data + pos, end - pos)) {
			pos = next;
			lineno++;
			continue;
		}
		for (;;) {
			if (n == cap) {
				size_t c = cap ? cap * 2 : 64;
				tu_line *p = realloc(run, c * sizeof *p);

				if (p == NULL) {
					free(run);
					return TERCUME_ENOMEM;
				}
				run = p;
				cap = c;
			}
			memset(&run[n], 0, sizeof run[n]);
			run[n].start = pos;
			run[n].end = end;
			run[n].next = next;
			measure(data, &run[n]);
			n++;
			lineno++;
			pos = next;
			if (pos >= len)
				break;
			next = next_line(data, len, pos, &end);
			if (is_blank(data + pos, end - pos))
				break;
		}
		shape_lines(data, run, n, text_width);
		st = add_run(r, run, 0, n, text_width, base);
	}
	free(run);
	return st;
}

/* owned: data itself, malloc'd, handed to the document (which then keeps
 * the units' raw and skeleton bytes as pointers into it), or NULL when data
 * is the caller's; freed here on failure. */
static tercume_status
from_text(tercume_doc **out, const char *name, const char *data, size_t len,
	  const tercume_segment_options *opts, tercume_reporter *rep, char *owned)
{
	tercume_segment_options defaults = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_layout layout;
	reader r = { 0 };
	survey *sv;
	size_t pos = 0;
	unsigned text_width = 0;
	tercume_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != TERCUME_SEGMENT_OPTIONS_VERSION) {
		free(owned);
		return TERCUME_EUSAGE;
	}
	st = tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK) {
		free(owned);
		return st;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;	/* the BOM stays in the skeleton */
	/* One pass for the layout and the wrapping width; the lines are
	 * kept one run at a time after that (add_runs). */
	sv = malloc(sizeof *sv);
	if (sv == NULL) {
		free(owned);
		return TERCUME_ENOMEM;
	}
	survey_lines(data, len, pos, opts->layout != TERCUME_LAYOUT_LINE, sv);
	layout = opts->layout;
	if (layout == TERCUME_LAYOUT_AUTO)
		layout = detect_layout(sv);
	if (layout == TERCUME_LAYOUT_BLANK)
		text_width = histogram_width(sv->count, sv->candidates);
	free(sv);

	r.digest = TU_HASH64_INIT;
	r.doc = tu_doc_new(name, opts->source_lang, layout);
	r.ids = tu_idgen_new();
	r.data = data;
	if (r.doc == NULL || r.ids == NULL) {
		free(owned);
		st = TERCUME_ENOMEM;
		goto out;
	}
	if (owned != NULL)
		tu_doc_own_source(r.doc, owned, len);
	st = tu_segmenter_open(&r.seg, r.doc->source_lang, opts->srx_path, rep);
	if (st != TERCUME_OK)
		goto out;
	if (layout == TERCUME_LAYOUT_BLANK)
		st = add_runs(&r, data, len, pos, text_width);
	else
		for (unsigned long lineno = 1; pos < len && st == TERCUME_OK; lineno++) {
			size_t end, next = next_line(data, len, pos, &end);

			if (!is_blank(data + pos, end - pos))
				st = add_block(&r, pos, end, lineno, true);
			pos = next;
		}
	if (st == TERCUME_OK)
		st = tu_doc_set_tail(r.doc, data + r.skel_from, len - r.skel_from);
	/* the document rebuilds data, which is hashed now (doc_digest need
	 * not walk the document for it again) */
	if (st == TERCUME_OK)
		tu_doc_set_digest(r.doc, tu_hash64_more(r.digest, data + r.skel_from,
							len - r.skel_from), len);
	if (st == TERCUME_OK)
		st = tu_doc_reserve_folds(r.doc);
	/* The ID generator's table goes before the ID index is built: the
	 * peak of a long article's memory (issue 15). */
	tu_idgen_free(r.ids);
	r.ids = NULL;
	if (st == TERCUME_OK)
		st = tu_doc_index(r.doc);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, name, 0, 0, "out of memory");
	else if (st != TERCUME_OK)
		tu_error(rep, name, 0, 0, "cannot segment: %s", tercume_status_string(st));
out:
	free(r.spans);
	free(r.fold);
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
	/* The document keeps the article: its units' raw and skeleton bytes
	 * point into it instead of being copies. */
	return from_text(out, path, data, len, opts, rep, data);
}

tercume_status
tercume_doc_from_text(tercume_doc **out, const char *name, const char *data, size_t len,
		      const tercume_segment_options *opts, tercume_reporter *rep)
{
	return from_text(out, name, data, len, opts, rep, NULL);
}
