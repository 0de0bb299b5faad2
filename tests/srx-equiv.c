/* srx-equiv.c — test driver: segments text with the SRX matching engine
 * and with its reference engine (srx.c: the plain way of asking ICU, kept
 * for this) and fails on any difference.
 *
 *   srx-equiv [-l LANG] [-s SRX] [-L blank|line] [-x] [-r SEED:COUNT]
 *             [-D OTHER-SRX] [FILE...]
 *
 * Every paragraph of every FILE (blocks between blank lines, or each line
 * with -L line) and, with -r, COUNT paragraphs made at random from tokens
 * that rules look at, is split into sentences by both engines.  With -x the
 * engines are also compared where the segmenter does not look: the rules'
 * verdict at every position of the paragraph (but inside a surrogate
 * pair), and the extra breaks.
 * -D compares with the rules of another file instead of the reference
 * engine (to show that a difference is found).  The first difference is
 * printed.  Last line:
 *
 *   srx-equiv: P paragraphs, S sentences, R rules, E of X expressions
 *   summarised, F fast scans, ICU calls A (reference B)
 *
 * Exit status: 0 the same, 1 a difference, 2 usage or input error. */
#include "internal.h"
#include "srx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf16.h>

static const char *lang = "en", *srx_path, *other_path;
static tu_segmenter *other;	/* -D */
static bool line_layout, exhaustive;
static unsigned long n_par, n_sent, calls_new, calls_ref;

/* Tokens the rules of en, ru and az look at, and some they must not
 * trip over (surrogate pairs, odd spaces). */
static const char *const tokens[] = {
	"word", "the", "and", "he", "be", "of", "said", "made", "big", "cat", "a", "I", "you",
	"The", "He", "She", "It", "How", "But", "This", "Jones", "Smith", "Virginia", "Albert",
	"Mr.", "Mrs.", "Dr.", "Prof.", "St.", "Gen.", "Jr.", "e.g.", "i.e.", "vs.", "etc.",
	"cf.", "approx.", "U.S.", "U.K.", "A.", "J.", "R.", "E.", "I.", "a.", "b.", "c.", "h.",
	"p.", "pp.", "No.", "Vol.", "Fig.", "Jan.", "Sept.", "N\xc2\xb0.", "\xe2\x84\x96", "1.",
	"2.", "3.", "9.", "10.", "11.", "1)", "2)", "1.)", "3.14", "1,000.", "5.", "55", "(1)",
	".", "..", "...", "....", ". . .", ". . . .", "!", "?", "?!", "!!", "\"", "\xe2\x80\x9d",
	"\xe2\x80\x99", "\xc2\xbb", ")", "(", "[...]", "[\xe2\x80\xa6]", "(\xe2\x80\xa6)",
	"\xe2\x80\xa6", "\xe2\x80\xa2", "\xe2\x97\xa6", "\xe2\x96\xaa", "\xe2\x80\xa3",
	"\xe2\x81\x83", "Jane.Doe@example.com", "x@y", "Yahoo!", "world.Today", "in.Then",
	",", ";", ":", "-", "--",
	/* Russian */
	"\xd0\xb3.", "\xd0\xb3\xd0\xb3.", "\xd1\x82. \xd0\xb5.", "\xd0\xb8 \xd1\x82. \xd0\xb4.",
	"\xd1\x82. \xd0\xbf.", "\xd0\xa1\xd0\xbc.", "\xd1\x80\xd0\xb8\xd1\x81.", "\xd1\x81.",
	"\xd0\x90.", "\xd0\x98.", "\xd0\x9b.\xd0\x9d.", "\xd0\xbf\xd1\x80\xd0\xbe\xd1\x84.",
	"\xd0\xa1\xd0\xb5\xd0\xbc\xd0\xb5\xd0\xbd\xd0\xbe\xd0\xb2", "\xd0\xb2", "\xd0\xbd\xd0\xb0",
	"\xd0\x9f\xd0\xbe\xd1\x82\xd0\xbe\xd0\xbc", "\xd1\x83\xd0\xbb.", "\xd0\xb4-\xd1\x80",
	/* Azerbaijani */
	"v\xc9\x99 s.", "v\xc9\x99 b.", "\xc5\x9f.", "k\xc3\xbc\xc3\xa7.", "\xc4\xb0.",
	"\xc6\x8fliyev", "m\xc9\x99s.", "e.\xc9\x99.", "mlrd.", "ABS",
	/* code points past the BMP, and odd spaces */
	"\xf0\x9f\x98\x80", "\xf0\x9d\x90\x80.", "\xf0\x9f\x98\x80.", "\xc2\xa0", "\t",
	"\xe2\x80\xa8", "\xe3\x80\x82", "\xe4\xb8\xad\xe6\x96\x87",
};
static const char *const gaps[] = { " ", " ", " ", " ", " ", "  ", "", "\n", " \n ", "   " };

static uint64_t rng;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A paragraph of random tokens: mostly short, some past the rules' 256
 * unit windows. */
static char *
random_paragraph(size_t *len)
{
	size_t n = next() % 10 == 0 ? 200 + next() % 600 : 1 + next() % 40, cap = 64, l = 0;
	char *p = malloc(cap);

	for (size_t i = 0; p && i < n; i++) {
		const char *t = tokens[next() % (sizeof tokens / sizeof tokens[0])];
		const char *g = i ? gaps[next() % (sizeof gaps / sizeof gaps[0])] : "";
		size_t need = l + strlen(t) + strlen(g) + 1;

		if (need > cap) {
			char *q = realloc(p, cap = need * 2);
			if (q == NULL) {
				free(p);
				return NULL;
			}
			p = q;
		}
		l += (size_t)sprintf(p + l, "%s%s", g, t);
	}
	*len = l;
	return p;
}

static void
print_block(const char *b, size_t len)
{
	fprintf(stderr, "    paragraph: \"");
	fwrite(b, 1, len > 400 ? 400 : len, stderr);
	fprintf(stderr, "%s\"\n", len > 400 ? "..." : "");
}

static void
print_spans(const char *what, const char *b, const tu_span *s, size_t n)
{
	fprintf(stderr, "    %s:", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " [%.*s]", (int)(s[i].end - s[i].start), b + s[i].start);
	fprintf(stderr, "\n");
}

static size_t
calls(tu_srx *x)
{
	tu_srx_stats st;

	tu_srx_get_stats(x, &st);
	return st.icu_calls;
}

/* The rules' verdict at every position and the extra breaks, both ways. */
static int
compare_engine(tu_srx *x, const char *where, const char *b, size_t len)
{
	UChar *u = NULL;
	int32_t n = 0, *ea = NULL, *eb = NULL;
	size_t na = 0, nb = 0, ca = 0, cb = 0;
	bool pairs = false;
	int bad = 0;

	if (len > INT32_MAX / 2 || tu_utf16_from_utf8(b, (int32_t)len, &u, &n) != TERCUME_OK)
		return 0;	/* tu_segment_block refused it already */
	for (int32_t i = 0; i < n; i++) {
		if (u[i] == '\n' || u[i] == '\r')
			u[i] = ' ';
		pairs = pairs || U16_IS_SURROGATE(u[i]);
	}
	tu_srx_set_reference(x, false);
	tu_srx_set_text(x, u, n, pairs);
	tu_srx_extra_breaks(x, &ea, &na, &ca);
	tu_srx_set_reference(x, true);
	tu_srx_extra_breaks(x, &eb, &nb, &cb);
	if (na != nb || (na > 0 && memcmp(ea, eb, sizeof *ea * na) != 0)) {
		fprintf(stderr, "srx-equiv: %s: the extra breaks differ (%zu against %zu in the reference)\n",
			where, na, nb);
		bad = 1;
	}
	for (int32_t p = 0; !bad && p <= n; p++) {
		int v1, v2;

		/* Between the halves of a surrogate pair the segmenter never
		 * asks (and ICU's matcher reads before the text there). */
		if (p > 0 && p < n && U16_IS_TRAIL(u[p]) && U16_IS_LEAD(u[p - 1]))
			continue;

		tu_srx_set_reference(x, false);
		v1 = tu_srx_decide(x, p);
		tu_srx_set_reference(x, true);
		v2 = tu_srx_decide(x, p);
		if (v1 != v2) {
			fprintf(stderr, "srx-equiv: %s: at UTF-16 offset %d the rules say %d, the reference %d\n",
				where, p, v1, v2);
			bad = 1;
		}
	}
	tu_srx_set_reference(x, false);
	if (bad)
		print_block(b, len);
	free(u);
	free(ea);
	free(eb);
	return bad;
}

static tu_span *sa, *sb;
static size_t cap_a, cap_b;

/* Segments one paragraph both ways; 1 when they differ. */
static int
compare(tu_segmenter *seg, tu_srx *x, const char *where, const char *b, size_t len)
{
	size_t na = 0, nb = 0, c0;
	tercume_status s1, s2;

	n_par++;
	tu_srx_set_reference(x, false);
	c0 = calls(x);
	s1 = tu_segment_block(seg, b, len, &sa, &na, &cap_a);
	calls_new += calls(x) - c0;
	tu_srx_set_reference(x, true);
	c0 = calls(x);
	s2 = tu_segment_block(other ? other : seg, b, len, &sb, &nb, &cap_b);
	calls_ref += calls(x) - c0;
	tu_srx_set_reference(x, false);
	if (s1 != s2 || na != nb || (na && memcmp(sa, sb, sizeof *sa * na) != 0)) {
		fprintf(stderr, "srx-equiv: %s: the engines differ (status %d/%d, %zu/%zu sentences)\n",
			where, (int)s1, (int)s2, na, nb);
		print_block(b, len);
		if (s1 == TERCUME_OK)
			print_spans("engine", b, sa, na);
		if (s2 == TERCUME_OK)
			print_spans("reference", b, sb, nb);
		return 1;
	}
	n_sent += na;
	if (exhaustive && s1 == TERCUME_OK)
		return compare_engine(x, where, b, len);
	return 0;
}

static int
compare_file(tu_segmenter *seg, tu_srx *x, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, where[4200];
	size_t len = 0, cap = 0, got, i = 0, par = 0;

	if (f == NULL) {
		perror(path);
		return 2;
	}
	do {
		if (len == cap) {
			char *p = realloc(data, cap = cap ? cap * 2 : 65536);
			if (p == NULL)
				return 2;
			data = p;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	while (i < len) {
		size_t start = i, end;

		/* a paragraph: up to a blank line (or the end of the line) */
		for (;;) {
			const char *nl = memchr(data + i, '\n', len - i);
			size_t j = nl ? (size_t)(nl - data) + 1 : len, k = j;

			if (line_layout) {
				end = nl ? j - 1 : len;
				i = j;
				break;
			}
			while (k < len && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r'))
				k++;
			if (nl == NULL || k >= len || data[k] == '\n') {
				end = nl ? j - 1 : len;
				i = k < len ? k + 1 : len;
				break;
			}
			i = j;
		}
		par++;
		if (end > start) {
			snprintf(where, sizeof where, "%s, paragraph %zu", path, par);
			if (compare(seg, x, where, data + start, end - start)) {
				free(data);
				return 1;
			}
		}
	}
	free(data);
	return 0;
}

static void
print_diag(const tercume_diag *d, void *user)
{
	(void)user;
	fprintf(stderr, "srx-equiv: %s:%lu: %s\n", d->file ? d->file : "-", d->line, d->message);
}

int
main(int argc, char **argv)
{
	tercume_reporter rep = { print_diag, NULL, 0, 0 };
	tu_segmenter *seg;
	tu_srx *x;
	tu_srx_stats st;
	unsigned long seed = 0, count = 0;
	int i, bad = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-x") == 0)
			exhaustive = true;
		else if (i + 1 < argc && strcmp(argv[i], "-l") == 0)
			lang = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "-s") == 0)
			srx_path = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "-D") == 0)
			other_path = argv[++i];
		else if (i + 1 < argc && strcmp(argv[i], "-L") == 0)
			line_layout = strcmp(argv[++i], "line") == 0;
		else if (i + 1 < argc && strcmp(argv[i], "-r") == 0 &&
			 sscanf(argv[i + 1], "%lu:%lu", &seed, &count) == 2)
			i++;
		else {
			fprintf(stderr, "usage: srx-equiv [-l LANG] [-s SRX] [-L blank|line] [-x] "
				"[-r SEED:COUNT] [-D OTHER-SRX] [FILE...]\n");
			return 2;
		}
	}
	if (tu_segmenter_open(&seg, lang, srx_path, &rep) != TERCUME_OK) {
		fprintf(stderr, "srx-equiv: cannot open a segmenter for %s%s%s\n", lang,
			srx_path ? " with " : "", srx_path ? srx_path : "");
		return 2;
	}
	if (other_path && tu_segmenter_open(&other, lang, other_path, &rep) != TERCUME_OK) {
		tu_segmenter_close(seg);
		return 2;
	}
	x = tu_segmenter_srx(seg);
	if (x == NULL) {
		printf("srx-equiv: no rules for %s\n", lang);
		tu_segmenter_close(seg);
		tu_segmenter_close(other);
		return 0;
	}
	for (; i < argc && !bad; i++)
		bad = compare_file(seg, x, argv[i]);
	rng = seed * 0x9E3779B97F4A7C15ull + 1;
	for (unsigned long k = 0; k < count && !bad; k++) {
		char where[64];
		size_t len;
		char *p = random_paragraph(&len);

		if (p == NULL)
			return 2;
		snprintf(where, sizeof where, "random paragraph %lu of seed %lu", k + 1, seed);
		bad = compare(seg, x, where, p, len);
		free(p);
	}
	tu_srx_get_stats(x, &st);
	printf("srx-equiv: %lu paragraphs, %lu sentences, %zu rules, %zu of %zu expressions "
	       "summarised, %zu fast scans, ICU calls %lu (reference %lu)\n", n_par, n_sent,
	       st.rules, st.summarised, st.expressions, st.fast_scans, calls_new, calls_ref);
	tu_segmenter_close(seg);
	tu_segmenter_close(other);
	free(sa);
	free(sb);
	return bad;
}
