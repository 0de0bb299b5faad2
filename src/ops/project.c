/* project.c — a translation project: the project file (INI, read with
 * libinih), the paths it gives every article's files, and the work over all
 * of them — sync, build, status — on as many threads as asked.
 *
 * The project file is read once and the object is read-only afterwards, so
 * the worker threads share it.  Each article is one job; a job reports into
 * a log of its own, and the calling thread hands the logs and the results
 * on in project order, so that the output does not depend on the number of
 * threads.  doc/project.md is the manual. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <ini.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the project ---- */

/* txt and html are the editions of a plain-text article (the text, its
 * HTML5 page); source is every article's edition in its own format, which
 * for a plain-text article is its txt edition (doc/project.md). */
enum { FMT_TXT, FMT_HTML, FMT_SOURCE, N_FMTS };
static const char *const fmt_names[N_FMTS] = { "txt", "html", "source" };

typedef struct plang {
	char *tag;
	unsigned long line;		/* of its [lang] section's first key; 0 */
	char *catalogue;		/* pattern; NULL: [paths] catalogue */
	unsigned long catalogue_line;
	tercume_format fmt;		/* AUTO: from the extension */
	double min_coverage;		/* -1: none */
	long max_fuzzy;			/* -1: none */
} plang;

typedef struct particle {
	char *path;
	char *name;
	char *dir;
	tercume_markup markup;		/* its reader: text, html, markdown */
	char *segments;
	char *template_path;		/* NULL: none */
	char **catalogue;		/* per language */
	tercume_format *fmt;
	char **edition;			/* per language and edition format */
} particle;

typedef struct pattern {
	char *text;
	unsigned long line;
} pattern;

typedef struct setting {
	char *value;
	unsigned long line;		/* 0: not given */
} setting;

struct tercume_project {
	char *file;
	char *root;
	char *source_lang;
	tercume_layout layout;
	tercume_markup from;		/* AUTO: each article's by its name */
	char *srx;			/* relative to the root, or NULL */
	plang *langs;
	size_t n_langs;
	pattern *patterns;
	size_t n_patterns, cap_patterns;
	setting segments, template_path, catalogue, edition;
	int fmts[N_FMTS];		/* edition formats in the order given */
	size_t n_fmts;
	tercume_fallback fallback;
	int use_fuzzy;
	double min_coverage;
	int threshold;
	int fuzzy;
	int memory;
	particle *articles;
	size_t n_articles;
};

/* ---- reading the file ---- */

/* The keys of the fixed sections.  [lang "TAG"] sections have their own. */
enum key {
	K_SOURCE_LANG, K_LANGUAGES, K_ARTICLES, K_LAYOUT, K_FROM, K_SRX,
	K_SEGMENTS, K_TEMPLATE, K_CATALOGUE, K_EDITION,
	K_FORMATS, K_FALLBACK, K_USE_FUZZY, K_MIN_COVERAGE,
	K_THRESHOLD, K_FUZZY, K_MEMORY,
	N_KEYS
};

static const struct {
	const char *section, *name;
} keys[N_KEYS] = {
	[K_SOURCE_LANG] = { "project", "source-lang" },
	[K_LANGUAGES] = { "project", "languages" },
	[K_ARTICLES] = { "project", "articles" },
	[K_LAYOUT] = { "project", "layout" },
	[K_FROM] = { "project", "from" },
	[K_SRX] = { "project", "srx" },
	[K_SEGMENTS] = { "paths", "segments" },
	[K_TEMPLATE] = { "paths", "template" },
	[K_CATALOGUE] = { "paths", "catalogue" },
	[K_EDITION] = { "paths", "edition" },
	[K_FORMATS] = { "build", "formats" },
	[K_FALLBACK] = { "build", "fallback" },
	[K_USE_FUZZY] = { "build", "use-fuzzy" },
	[K_MIN_COVERAGE] = { "build", "min-coverage" },
	[K_THRESHOLD] = { "sync", "threshold" },
	[K_FUZZY] = { "sync", "fuzzy" },
	[K_MEMORY] = { "sync", "memory" },
};

enum lkey { L_CATALOGUE, L_FORMAT, L_MIN_COVERAGE, L_MAX_FUZZY, N_LKEYS };
static const char *const lkeys[N_LKEYS] = {
	"catalogue", "format", "min-coverage", "max-fuzzy"
};

/* Placeholders each path pattern may use. */
#define PH_NAME 1u
#define PH_DIR 2u
#define PH_LANG 4u
#define PH_EXT 8u

typedef struct lsection {
	char *tag;
	unsigned long line;
	unsigned long seen[N_LKEYS];
	char *catalogue;
	tercume_format fmt;
	double min_coverage;
	long max_fuzzy;
} lsection;

typedef struct pstate {
	tercume_project *p;
	const char *name;		/* the file, for diagnostics */
	/* the line reader */
	const char *at, *end;
	unsigned long line;
	bool too_long;
	/* the first error */
	bool failed;
	unsigned long err_line;
	char err[1280];	/* a message in Cyrillic takes twice the bytes */
	bool nomem;
	unsigned long seen[N_KEYS];	/* line where each key was given */
	char **langs;			/* [project] languages */
	size_t n_langs;
	lsection *ls;
	size_t n_ls;
} pstate;

static void ini_error(pstate *ps, unsigned long line, const char *fmt, ...) TU_PRINTF(3, 4);

static void
ini_error(pstate *ps, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	ps->err_line = line;
	va_start(ap, fmt);
	/* translated here: the message is handed on as "%s" (xgettext finds
	 * it by the keyword ini_error:3, Makefile.am) */
	vsnprintf(ps->err, sizeof ps->err, TU_(fmt), ap);
	va_end(ap);
}

/* inih asks for one line at a time; counting them here gives the handler
 * the line it is called for.  A line longer than inih's buffer would be cut
 * and read as two: it is refused instead. */
static char *
read_line(char *str, int num, void *stream)
{
	pstate *ps = stream;
	const char *nl;
	size_t n;

	if (ps->at >= ps->end || ps->too_long)
		return NULL;
	nl = memchr(ps->at, '\n', (size_t)(ps->end - ps->at));
	n = nl ? (size_t)(nl - ps->at) + 1 : (size_t)(ps->end - ps->at);
	ps->line++;
	{
		size_t content = n;

		while (content > 0 && (ps->at[content - 1] == '\n' || ps->at[content - 1] == '\r'))
			content--;
		/* inih's buffer holds the line, its CR LF and a NUL */
		if (num < 4 || content > (size_t)num - 3 || n > (size_t)num - 1) {
			ps->too_long = true;
			ini_error(ps, ps->line, "the line is longer than the %d bytes a line may have "
			     "(libinih's limit); put a long list on continuation lines (indented)",
			     num < 4 ? 0 : num - 3);
			return NULL;
		}
	}
	memcpy(str, ps->at, n);
	str[n] = '\0';
	ps->at += n;
	return str;
}

static bool
is_lang_tag(const char *s)
{
	size_t n = 0, sub = 0;

	for (; s[n]; n++) {
		char c = s[n];

		if (c == '-' || c == '_') {
			if (sub == 0)
				return false;
			sub = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9' && n > 0)) {
			if (++sub > 8)
				return false;
		} else
			return false;
	}
	return n >= 2 && n <= 35 && sub > 0;
}

static int
parse_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static bool
parse_percent(const char *v, double *out)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(v, &end);
	if (end == v || errno || (*end != '\0' && strcmp(end, "%") != 0) || !(d >= 0 && d <= 100))
		return false;
	*out = d;
	return true;
}

static bool
parse_count(const char *v, long lo, long hi, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || errno || *end != '\0' || n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

/* Checks the placeholders of a path pattern against those allowed. */
static bool
check_pattern(pstate *ps, unsigned long line, const char *what, const char *v, unsigned allowed)
{
	static const struct {
		const char *name;
		unsigned bit;
	} ph[] = { { "name", PH_NAME }, { "dir", PH_DIR }, { "lang", PH_LANG }, { "ext", PH_EXT } };

	if (*v == '\0') {
		ini_error(ps, line, "%s: empty path", what);
		return false;
	}
	for (const char *s = v; *s; s++) {
		const char *close;
		size_t n, i;

		if (*s == '}') {
			ini_error(ps, line, "%s: '}' without '{' in '%s'", what, v);
			return false;
		}
		if (*s != '{')
			continue;
		close = strchr(s, '}');
		if (close == NULL) {
			ini_error(ps, line, "%s: '{' without '}' in '%s'", what, v);
			return false;
		}
		n = (size_t)(close - s - 1);
		for (i = 0; i < sizeof ph / sizeof ph[0]; i++)
			if (strlen(ph[i].name) == n && strncmp(ph[i].name, s + 1, n) == 0)
				break;
		if (i == sizeof ph / sizeof ph[0] || !(ph[i].bit & allowed)) {
			ini_error(ps, line, "%s: unknown placeholder '{%.*s}' (this path may use%s%s%s%s)",
			     what, (int)n, s + 1, allowed & PH_NAME ? " {name}" : "",
			     allowed & PH_DIR ? " {dir}" : "", allowed & PH_LANG ? " {lang}" : "",
			     allowed & PH_EXT ? " {ext}" : "");
			return false;
		}
		s = close;
	}
	return true;
}

/* What inih strips as white space (isspace in the C locale). */
#define BLANKS " \t\r\n\v\f"

/* Splits v at blanks (and commas when commas is set) and calls fn on each
 * word; false when fn does. */
static bool
each_word(pstate *ps, unsigned long line, const char *v, bool commas,
	  bool (*fn)(pstate *, unsigned long, const char *))
{
	char *copy = tu_strdup(v), *save = NULL;

	if (copy == NULL) {
		ps->nomem = true;
		return false;
	}
	for (char *w = strtok_r(copy, commas ? BLANKS "," : BLANKS, &save); w;
	     w = strtok_r(NULL, commas ? BLANKS "," : BLANKS, &save)) {
		/* inih leaves a comment on a continuation line in the value */
		if (*w == ';')
			break;
		if (!fn(ps, line, w)) {
			free(copy);
			return false;
		}
	}
	free(copy);
	return true;
}

static bool
add_lang(pstate *ps, unsigned long line, const char *word)
{
	char **v, w[160];

	/* canonical, as the command line has them: ru_RU -> ru-RU */
	if (!is_lang_tag(word) || tercume_lang_canonical(word, w, sizeof w) != TERCUME_OK) {
		ini_error(ps, line, "[project] languages: '%s' is not a language tag (BCP 47: ru, az-Latn, pt-BR)",
		     word);
		return false;
	}
	for (size_t i = 0; i < ps->n_langs; i++)
		if (strcasecmp(ps->langs[i], w) == 0) {
			ini_error(ps, line, "[project] languages: '%s' is listed twice", w);
			return false;
		}
	v = realloc(ps->langs, (ps->n_langs + 1) * sizeof *v);
	if (v == NULL || (v[ps->n_langs] = tu_strdup(w)) == NULL) {
		if (v)
			ps->langs = v;
		ps->nomem = true;
		return false;
	}
	ps->langs = v;
	ps->n_langs++;
	return true;
}

static bool
add_pattern(pstate *ps, unsigned long line, const char *w)
{
	tercume_project *p = ps->p;

	for (const char *c = w; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f) {
			ini_error(ps, line, "[project] articles: a control character (0x%02x) in '%s'",
			     (unsigned)(unsigned char)*c, w);
			return false;
		}

	if (p->n_patterns == p->cap_patterns) {
		size_t cap = p->cap_patterns ? 2 * p->cap_patterns : 8;
		pattern *v = realloc(p->patterns, cap * sizeof *v);

		if (v == NULL) {
			ps->nomem = true;
			return false;
		}
		p->patterns = v;
		p->cap_patterns = cap;
	}
	p->patterns[p->n_patterns].text = tu_strdup(w);
	p->patterns[p->n_patterns].line = line;
	if (p->patterns[p->n_patterns].text == NULL) {
		ps->nomem = true;
		return false;
	}
	p->n_patterns++;
	return true;
}

static bool
add_format(pstate *ps, unsigned long line, const char *w)
{
	tercume_project *p = ps->p;
	size_t k;

	for (k = 0; k < N_FMTS; k++)
		if (strcmp(w, fmt_names[k]) == 0)
			break;
	if (k == N_FMTS) {
		ini_error(ps, line, "[build] formats: unknown edition format '%s' (txt, html, source)", w);
		return false;
	}
	for (size_t i = 0; i < p->n_fmts; i++)
		if (p->fmts[i] == (int)k) {
			ini_error(ps, line, "[build] formats: '%s' is listed twice", w);
			return false;
		}
	p->fmts[p->n_fmts++] = (int)k;
	return true;
}

static bool
set_string(pstate *ps, char **dst, const char *v)
{
	free(*dst);
	*dst = tu_strdup(v);
	if (*dst == NULL)
		ps->nomem = true;
	return *dst != NULL;
}

/* The tag of a [lang "TAG"] (or [lang TAG]) section, or NULL. */
static bool
lang_section(const char *section, char *tag, size_t size)
{
	size_t n;

	if (strncmp(section, "lang", 4) != 0 || (section[4] != ' ' && section[4] != '\t'))
		return false;
	section += 5;
	while (*section == ' ' || *section == '\t')
		section++;
	n = strlen(section);
	if (n >= 2 && section[0] == '"' && section[n - 1] == '"') {
		section++;
		n -= 2;
	}
	if (n == 0 || n >= size)
		return false;
	memcpy(tag, section, n);
	tag[n] = '\0';
	return true;
}

static int
on_lang_key(pstate *ps, const char *tag, const char *name, const char *value)
{
	unsigned long line = ps->line;
	lsection *l = NULL;
	size_t k;

	for (size_t i = 0; i < ps->n_ls; i++)
		if (strcmp(ps->ls[i].tag, tag) == 0)
			l = &ps->ls[i];
	if (l == NULL) {
		lsection *v = realloc(ps->ls, (ps->n_ls + 1) * sizeof *v);

		if (v == NULL) {
			ps->nomem = true;
			return 0;
		}
		ps->ls = v;
		l = &ps->ls[ps->n_ls];
		memset(l, 0, sizeof *l);
		l->tag = tu_strdup(tag);
		l->line = line;
		l->fmt = TERCUME_FORMAT_AUTO;
		l->min_coverage = -1;
		l->max_fuzzy = -1;
		if (l->tag == NULL) {
			ps->nomem = true;
			return 0;
		}
		ps->n_ls++;
	}
	for (k = 0; k < N_LKEYS; k++)
		if (strcmp(name, lkeys[k]) == 0)
			break;
	if (k == N_LKEYS) {
		ini_error(ps, line, "[lang \"%s\"] %s: unknown key (catalogue, format, min-coverage, max-fuzzy)",
		     tag, name);
		return 0;
	}
	if (l->seen[k]) {
		ini_error(ps, line, "[lang \"%s\"] %s: given twice (first on line %lu)", tag, name, l->seen[k]);
		return 0;
	}
	l->seen[k] = line;
	switch ((enum lkey)k) {
	case L_CATALOGUE: {
		char what[200];

		snprintf(what, sizeof what, "[lang \"%s\"] catalogue", tag);
		if (!check_pattern(ps, line, what, value, PH_NAME | PH_DIR | PH_LANG))
			return 0;
		return set_string(ps, &l->catalogue, value);
	}
	case L_FORMAT:
		if (tercume_format_from_name(value, &l->fmt) != 0 || l->fmt == TERCUME_FORMAT_AUTO) {
			ini_error(ps, line, "[lang \"%s\"] format: unknown catalogue format '%s' (po, xliff12, xliff20)",
			     tag, value);
			return 0;
		}
		return 1;
	case L_MIN_COVERAGE:
		if (!parse_percent(value, &l->min_coverage)) {
			ini_error(ps, line, "[lang \"%s\"] min-coverage: '%s' is not a percentage from 0 to 100",
			     tag, value);
			return 0;
		}
		return 1;
	case L_MAX_FUZZY:
		if (!parse_count(value, 0, 1000000000L, &l->max_fuzzy)) {
			ini_error(ps, line, "[lang \"%s\"] max-fuzzy: '%s' is not a number of units", tag, value);
			return 0;
		}
		return 1;
	case N_LKEYS:
		break;
	}
	return 0;
}

static int
on_key(void *user, const char *section, const char *name, const char *value)
{
	pstate *ps = user;
	tercume_project *p = ps->p;
	unsigned long line = ps->line;
	char tag[40];
	size_t k;

	if (ps->failed || ps->nomem)
		return 1;	/* the first error is the one reported */
	if (lang_section(section, tag, sizeof tag)) {
		char canon[160];

		if (!is_lang_tag(tag) || tercume_lang_canonical(tag, canon, sizeof canon) != TERCUME_OK) {
			ini_error(ps, line, "[%s] %s: '%s' is not a language tag", section, name, tag);
			return 0;
		}
		return on_lang_key(ps, canon, name, value);
	}
	for (k = 0; k < N_KEYS; k++)
		if (strcmp(section, keys[k].section) == 0 && strcmp(name, keys[k].name) == 0)
			break;
	if (k == N_KEYS) {
		size_t j;

		for (j = 0; j < N_KEYS; j++)
			if (strcmp(section, keys[j].section) == 0)
				break;
		if (*section == '\0')
			ini_error(ps, line, "%s: a key before any section ([project], [paths], [build], [sync], [lang \"TAG\"])",
			     name);
		else if (j == N_KEYS)
			ini_error(ps, line, "[%s] %s: unknown section ([project], [paths], [build], [sync], [lang \"TAG\"])",
			     section, name);
		else
			ini_error(ps, line, "[%s] %s: unknown key (doc/project.md lists the keys)", section, name);
		return 0;
	}
	/* Only articles may be given more than once (a continuation line
	 * comes here as the key once more). */
	if (ps->seen[k] && k != K_ARTICLES) {
		ini_error(ps, line, "[%s] %s: given twice (first on line %lu)", section, name, ps->seen[k]);
		return 0;
	}
	if (!ps->seen[k])
		ps->seen[k] = line;
	switch ((enum key)k) {
	case K_SOURCE_LANG: {
		char canon[160];

		if (!is_lang_tag(value) || tercume_lang_canonical(value, canon, sizeof canon) != TERCUME_OK) {
			ini_error(ps, line, "[project] source-lang: '%s' is not a language tag (BCP 47: en, pt-BR)", value);
			return 0;
		}
		return set_string(ps, &p->source_lang, canon);
	}
	case K_LANGUAGES:
		return each_word(ps, line, value, true, add_lang);
	case K_ARTICLES:
		return each_word(ps, line, value, false, add_pattern);
	case K_LAYOUT:
		if (tercume_layout_from_name(value, &p->layout) != 0) {
			ini_error(ps, line, "[project] layout: unknown layout '%s' (auto, line, blank)", value);
			return 0;
		}
		return 1;
	case K_FROM:
		if (tercume_markup_from_name(value, &p->from) != 0) {
			ini_error(ps, line, "[project] from: unknown article format '%s' (auto, text, html, markdown)",
			     value);
			return 0;
		}
		return 1;
	case K_SRX:
		if (*value == '\0') {
			ini_error(ps, line, "[project] srx: empty path");
			return 0;
		}
		return set_string(ps, &p->srx, value);
	case K_SEGMENTS:
		if (!check_pattern(ps, line, "[paths] segments", value, PH_NAME | PH_DIR))
			return 0;
		p->segments.line = line;
		return set_string(ps, &p->segments.value, value);
	case K_TEMPLATE:
		/* empty: no template */
		if (*value && !check_pattern(ps, line, "[paths] template", value, PH_NAME | PH_DIR))
			return 0;
		p->template_path.line = line;
		return set_string(ps, &p->template_path.value, value);
	case K_CATALOGUE:
		if (!check_pattern(ps, line, "[paths] catalogue", value, PH_NAME | PH_DIR | PH_LANG))
			return 0;
		p->catalogue.line = line;
		return set_string(ps, &p->catalogue.value, value);
	case K_EDITION:
		if (!check_pattern(ps, line, "[paths] edition", value, PH_NAME | PH_DIR | PH_LANG | PH_EXT))
			return 0;
		p->edition.line = line;
		return set_string(ps, &p->edition.value, value);
	case K_FORMATS:
		p->n_fmts = 0;
		return each_word(ps, line, value, true, add_format);
	case K_FALLBACK:
		if (tercume_fallback_from_name(value, &p->fallback) != 0) {
			ini_error(ps, line, "[build] fallback: unknown fallback '%s' (source, fail)", value);
			return 0;
		}
		return 1;
	case K_USE_FUZZY:
	case K_FUZZY:
	case K_MEMORY: {
		int b = parse_bool(value);

		if (b < 0) {
			ini_error(ps, line, "[%s] %s: '%s' is not yes or no", section, name, value);
			return 0;
		}
		*(k == K_USE_FUZZY ? &p->use_fuzzy : k == K_FUZZY ? &p->fuzzy : &p->memory) = b;
		return 1;
	}
	case K_MIN_COVERAGE:
		if (!parse_percent(value, &p->min_coverage)) {
			ini_error(ps, line, "[build] min-coverage: '%s' is not a percentage from 0 to 100", value);
			return 0;
		}
		return 1;
	case K_THRESHOLD: {
		long t;

		if (!parse_count(value, 1, 100, &t)) {
			ini_error(ps, line, "[sync] threshold: '%s' is not a similarity from 1 to 100", value);
			return 0;
		}
		p->threshold = (int)t;
		return 1;
	}
	case N_KEYS:
		break;
	}
	return 0;
}

/* ---- paths ---- */

static bool
has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* dir + rel, or rel alone when it is absolute or dir is empty. */
static char *
join(const char *dir, const char *rel)
{
	tu_buf b = TU_BUF_INIT;
	char *out;

	if (rel[0] != '/')
		tu_buf_puts(&b, dir);
	tu_buf_puts(&b, rel);
	return tu_buf_finish(&b, &out, NULL) == TERCUME_OK ? out : NULL;
}

/* pattern with its placeholders filled in. */
static char *
expand(const char *pat, const char *name, const char *dir, const char *lang, const char *ext)
{
	tu_buf b = TU_BUF_INIT;
	char *out;

	for (const char *s = pat; *s; s++) {
		const char *close;

		if (*s == '{' && (close = strchr(s, '}')) != NULL) {
			size_t n = (size_t)(close - s - 1);
			const char *v = NULL;

			if (n == 4 && strncmp(s + 1, "name", 4) == 0)
				v = name;
			else if (n == 3 && strncmp(s + 1, "dir", 3) == 0)
				v = dir;
			else if (n == 4 && strncmp(s + 1, "lang", 4) == 0)
				v = lang;
			else if (n == 3 && strncmp(s + 1, "ext", 3) == 0)
				v = ext;
			tu_buf_puts(&b, v ? v : "");
			s = close;
		} else
			tu_buf_putc(&b, *s);
	}
	return tu_buf_finish(&b, &out, NULL) == TERCUME_OK ? out : NULL;
}

/* {name}: the file name without its extension and without a final
 * ".SOURCE-LANG" ("aliyev-putin-2024.en.txt" -> "aliyev-putin-2024"). */
static char *
article_name(const char *path, const char *source_lang)
{
	const char *base = strrchr(path, '/');
	char *name, *dot;
	size_t n, ln = strlen(source_lang);

	base = base ? base + 1 : path;
	name = tu_strdup(base);
	if (name == NULL)
		return NULL;
	dot = strrchr(name, '.');
	if (dot && dot != name)
		*dot = '\0';
	n = strlen(name);
	if (n > ln + 1 && name[n - ln - 1] == '.' && strcasecmp(name + n - ln, source_lang) == 0)
		name[n - ln - 1] = '\0';
	return name;
}

static char *
article_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? tu_strndup(path, (size_t)(slash - path)) : tu_strdup(".");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Escapes the glob characters of the root, so that only the pattern's
 * own are special. */
static char *
glob_escape(const char *s)
{
	tu_buf b = TU_BUF_INIT;
	char *out;

	for (; *s; s++) {
		if (strchr("*?[]\\", *s))
			tu_buf_putc(&b, '\\');
		tu_buf_putc(&b, *s);
	}
	return tu_buf_finish(&b, &out, NULL) == TERCUME_OK ? out : NULL;
}

/* The articles: every pattern expanded in the root, sorted in byte order
 * (not the locale's, so that every machine agrees), each once. */
static bool
expand_articles(pstate *ps, const char *root, char ***out, size_t *n_out)
{
	tercume_project *p = ps->p;
	char **v = NULL, *eroot = NULL;
	size_t n = 0, cap = 0, rlen = root ? strlen(root) : 0;

	*out = NULL;
	*n_out = 0;
	if (root && (eroot = glob_escape(root)) == NULL)
		goto nomem;
	for (size_t i = 0; i < p->n_patterns; i++) {
		const char *pat = p->patterns[i].text;
		glob_t g;
		size_t first = n;

		if (root == NULL || !has_glob_chars(pat)) {
			struct stat st;
			char *full;

			if (root) {
				full = join(root, pat);
				if (full == NULL)
					goto nomem;
				if (stat(full, &st) != 0) {
					ini_error(ps, p->patterns[i].line, "[project] articles: %s: %s", pat,
					     strerror(errno));
					free(full);
					goto fail;
				}
				free(full);
				if (!S_ISREG(st.st_mode)) {
					ini_error(ps, p->patterns[i].line, "[project] articles: %s: not a regular file",
					     pat);
					goto fail;
				}
			}
			if (n == cap) {
				char **nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *nv);
				if (nv == NULL)
					goto nomem;
				v = nv;
			}
			if ((v[n] = tu_strdup(pat)) == NULL)
				goto nomem;
			n++;
			continue;
		} else {
			char *full = pat[0] == '/' ? tu_strdup(pat) : join(eroot, pat);
			int r;

			if (full == NULL)
				goto nomem;
			r = glob(full, GLOB_NOSORT, NULL, &g);
			free(full);
			if (r == GLOB_NOSPACE)
				goto nomem;
			for (size_t j = 0; r == 0 && j < g.gl_pathc; j++) {
				const char *m = g.gl_pathv[j];
				struct stat st;

				if (stat(m, &st) != 0 || !S_ISREG(st.st_mode))
					continue;	/* a directory the pattern matched */
				if (pat[0] != '/' && strncmp(m, root, rlen) == 0)
					m += rlen;
				if (n == cap) {
					char **nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *nv);
					if (nv == NULL) {
						globfree(&g);
						goto nomem;
					}
					v = nv;
				}
				if ((v[n] = tu_strdup(m)) == NULL) {
					globfree(&g);
					goto nomem;
				}
				n++;
			}
			if (r == 0)
				globfree(&g);
			if (n == first) {
				ini_error(ps, p->patterns[i].line, "[project] articles: %s matches no file", pat);
				goto fail;
			}
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_str);
	{
		size_t u = 0;

		for (size_t i = 0; i < n; i++) {
			if (u > 0 && strcmp(v[u - 1], v[i]) == 0) {
				free(v[i]);
				continue;
			}
			v[u++] = v[i];
		}
		n = u;
	}
	free(eroot);
	*out = v;
	*n_out = n;
	return true;
nomem:
	ps->nomem = true;
fail:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	free(eroot);
	return false;
}

static void
free_article(particle *a, size_t n_langs, size_t n_fmts)
{
	free(a->path);
	free(a->name);
	free(a->dir);
	free(a->segments);
	free(a->template_path);
	for (size_t j = 0; a->catalogue && j < n_langs; j++)
		free(a->catalogue[j]);
	for (size_t j = 0; a->edition && j < n_langs * n_fmts; j++)
		free(a->edition[j]);
	free(a->catalogue);
	free(a->fmt);
	free(a->edition);
}

void
tercume_project_free(tercume_project *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_articles; i++)
		free_article(&p->articles[i], p->n_langs, p->n_fmts);
	free(p->articles);
	for (size_t i = 0; i < p->n_langs; i++) {
		free(p->langs[i].tag);
		free(p->langs[i].catalogue);
	}
	free(p->langs);
	for (size_t i = 0; i < p->n_patterns; i++)
		free(p->patterns[i].text);
	free(p->patterns);
	free(p->segments.value);
	free(p->template_path.value);
	free(p->catalogue.value);
	free(p->edition.value);
	free(p->file);
	free(p->root);
	free(p->source_lang);
	free(p->srx);
	free(p);
}

/* What each output path is, to find two things that would be one file. */
#define KIND_SEGMENTS N_("segments file")
#define KIND_TEMPLATE N_("template")
#define KIND_CATALOGUE N_("catalogue")
#define KIND_EDITION N_("edition")
typedef struct owner_rec {
	size_t article;
	const char *kind;
	unsigned long line;
	const char *key;
} owner_rec;

static bool
claim(pstate *ps, tu_map *seen, owner_rec **recs, size_t *n, size_t *cap, const char *path,
      size_t article, const char *kind, const char *key, unsigned long line)
{
	tercume_project *p = ps->p;
	bool added;
	size_t *slot = tu_map_slot(seen, path, &added);

	if (slot == NULL) {
		ps->nomem = true;
		return false;
	}
	if (!added) {
		const owner_rec *o = &(*recs)[*slot];

		/* kind is one of the N_() names below, translated for the
		 * message (TU_); it compares by its English name */
		if (o->kind == NULL)
			/* TRANSLATORS: the third %s is what the path is: segments file,
			   template, catalogue or edition (translated apart). */
			ini_error(ps, line, "%s: %s, the %s of %s, is an article of the project",
			     key, path, TU_(kind), p->articles[article].path);
		else if (o->article == article && strcmp(o->kind, kind) == 0 &&
			 strcmp(kind, KIND_EDITION) == 0)
			ini_error(ps, line, "%s: %s would be two editions of %s; put {lang} and {ext} "
			     "in the path", key, path, p->articles[article].path);
		else if (o->article == article && strcmp(o->kind, kind) == 0)
			ini_error(ps, line, "%s: %s would be two catalogues of %s; put {lang} in the path",
			     key, path, p->articles[article].path);
		else if (o->article == article)
			/* TRANSLATORS: the third and fourth %s are what the path would be:
			   segments file, template, catalogue or edition (translated apart). */
			ini_error(ps, line, "%s: %s would be both the %s and the %s of %s", key, path,
			     TU_(o->kind), TU_(kind), p->articles[article].path);
		else
			/* TRANSLATORS: the third %s is what the path would be: segments
			   file, template, catalogue or edition (translated apart). */
			ini_error(ps, line, "%s: %s would be the %s of both %s and %s; put {name} (or {dir}) in the path",
			     key, path, TU_(kind), p->articles[o->article].path, p->articles[article].path);
		return false;
	}
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 256;
		owner_rec *r = realloc(*recs, nc * sizeof *r);

		if (r == NULL) {
			ps->nomem = true;
			return false;
		}
		*recs = r;
		*cap = nc;
	}
	(*recs)[*n] = (owner_rec){ article, kind, line, key };
	*slot = (*n)++;
	return true;
}

/* The catalogue format a path's extension says, or -1. */
static int
format_of_name(const char *path, tercume_format given, tercume_format *fmt)
{
	size_t n = strlen(path);

	if (given != TERCUME_FORMAT_AUTO) {
		*fmt = given;
		return 0;
	}
	if ((n > 3 && strcmp(path + n - 3, ".po") == 0) || (n > 4 && strcmp(path + n - 4, ".pot") == 0)) {
		*fmt = TERCUME_FORMAT_PO;
		return 0;
	}
	if ((n > 4 && strcmp(path + n - 4, ".xlf") == 0) || (n > 6 && strcmp(path + n - 6, ".xliff") == 0)) {
		*fmt = TERCUME_FORMAT_AUTO;	/* the version: the file's, else 2.0 */
		return 0;
	}
	return -1;
}

/* The reader of the article at path: [project] from, else its name's. */
static tercume_markup
markup_of(const tercume_project *p, const char *path)
{
	return p->from != TERCUME_MARKUP_AUTO ? p->from : tercume_markup_of_path(path);
}

/* What edition format fmt makes of article a: a plain-text article's text
 * (txt, and source: its own format is text) or HTML5 page (html); a
 * marked-up article's edition in its own format (source, and html for an
 * HTML article); or none (txt and html of a Markdown article). */
enum { ED_NONE, ED_TEXT, ED_PAGE, ED_OWN };

static int
edition_kind(const particle *a, int fmt)
{
	if (a->markup == TERCUME_MARKUP_TEXT)
		return fmt == FMT_HTML ? ED_PAGE : ED_TEXT;
	if (fmt == FMT_SOURCE || (fmt == FMT_HTML && a->markup == TERCUME_MARKUP_HTML))
		return ED_OWN;
	return ED_NONE;
}

/* {ext} of a marked-up article's own edition: its file name's extension as
 * written (guide.htm: htm), else the reader's usual one. */
static const char *
own_ext(const particle *a)
{
	const char *base = strrchr(a->path, '/'), *dot;

	base = base ? base + 1 : a->path;
	dot = strrchr(base, '.');
	if (dot && dot != base && dot[1] != '\0')
		return dot + 1;
	return a->markup == TERCUME_MARKUP_HTML ? "html" : "md";
}

/* After the file has been read: defaults, languages, articles, paths. */
static bool
finish(pstate *ps, const char *root)
{
	tercume_project *p = ps->p;
	char **arts = NULL;
	size_t n_arts = 0, n_recs = 0, cap_recs = 0;
	owner_rec *recs = NULL;
	tu_map *seen = NULL;
	bool ok = false;

	if (p->source_lang == NULL) {
		ini_error(ps, 0, "[project] source-lang: missing (the articles' language: source-lang = en)");
		return false;
	}
	if (ps->n_langs == 0) {
		ini_error(ps, ps->seen[K_LANGUAGES], "[project] languages: missing (the target languages: languages = ru az)");
		return false;
	}
	if (p->n_patterns == 0) {
		ini_error(ps, ps->seen[K_ARTICLES], "[project] articles: missing (paths or patterns: articles = articles/*.txt)");
		return false;
	}
	for (size_t i = 0; i < ps->n_langs; i++)
		if (strcasecmp(ps->langs[i], p->source_lang) == 0) {
			ini_error(ps, ps->seen[K_LANGUAGES], "[project] languages: %s is the source language",
			     ps->langs[i]);
			return false;
		}
	for (size_t i = 0; i < ps->n_ls; i++) {
		size_t j;

		for (j = 0; j < ps->n_langs; j++)
			if (strcasecmp(ps->ls[i].tag, ps->langs[j]) == 0)
				break;
		if (j == ps->n_langs) {
			ini_error(ps, ps->ls[i].line, "[lang \"%s\"]: %s is not one of [project] languages",
			     ps->ls[i].tag, ps->ls[i].tag);
			return false;
		}
	}
	/* defaults */
	if (!p->segments.value && !set_string(ps, &p->segments.value, "segments/{name}.seg"))
		return false;
	if (!p->template_path.value && !set_string(ps, &p->template_path.value, "po/{name}.pot"))
		return false;
	if (!p->catalogue.value && !set_string(ps, &p->catalogue.value, "po/{name}.{lang}.po"))
		return false;
	if (!p->edition.value && !set_string(ps, &p->edition.value, "editions/{name}.{lang}.{ext}"))
		return false;
	p->langs = calloc(ps->n_langs, sizeof *p->langs);
	if (p->langs == NULL)
		goto nomem;
	for (size_t j = 0; j < ps->n_langs; j++) {
		plang *l = &p->langs[p->n_langs];

		l->tag = ps->langs[j];
		ps->langs[j] = NULL;
		l->fmt = TERCUME_FORMAT_AUTO;
		l->min_coverage = -1;
		l->max_fuzzy = -1;
		p->n_langs++;
		for (size_t i = 0; i < ps->n_ls; i++)
			if (strcasecmp(ps->ls[i].tag, l->tag) == 0) {
				l->line = ps->ls[i].line;
				l->catalogue = ps->ls[i].catalogue;
				ps->ls[i].catalogue = NULL;
				l->catalogue_line = ps->ls[i].seen[L_CATALOGUE];
				l->fmt = ps->ls[i].fmt;
				l->min_coverage = ps->ls[i].min_coverage;
				l->max_fuzzy = ps->ls[i].max_fuzzy;
			}
		{
			const char *pat = l->catalogue ? l->catalogue : p->catalogue.value;
			char *probe = expand(pat, "x", ".", l->tag, "");
			tercume_format f;

			if (probe == NULL)
				goto nomem;
			if (format_of_name(probe, l->fmt, &f) != 0) {
				free(probe);
				if (l->catalogue)
					ini_error(ps, l->catalogue_line, "[lang \"%s\"] catalogue: cannot tell the "
					     "format of %s from its extension (.po, .xlf); say it with "
					     "format = po, xliff12 or xliff20", l->tag, pat);
				else
					ini_error(ps, p->catalogue.line, "[paths] catalogue: cannot tell the format "
					     "of %s from its extension (.po, .xlf); say it with format = po, "
					     "xliff12 or xliff20 in [lang \"%s\"]", pat, l->tag);
				return false;
			}
			free(probe);
		}
	}

	if (!expand_articles(ps, root, &arts, &n_arts))
		return false;
	if (!ps->seen[K_FORMATS]) {
		/* txt html, and source when an article is marked up */
		p->fmts[0] = FMT_TXT;
		p->fmts[1] = FMT_HTML;
		p->n_fmts = 2;
		for (size_t i = 0; i < n_arts; i++)
			if (markup_of(p, arts[i]) != TERCUME_MARKUP_TEXT) {
				p->fmts[p->n_fmts++] = FMT_SOURCE;
				break;
			}
	}
	p->articles = calloc(n_arts + 1, sizeof *p->articles);
	seen = tu_map_new(n_arts * (3 + p->n_langs * (1 + p->n_fmts)) + 16);
	if (p->articles == NULL || seen == NULL)
		goto nomem;
	/* the articles first: no output may be one of them */
	for (size_t i = 0; i < n_arts; i++) {
		bool added;
		size_t *slot = tu_map_slot(seen, arts[i], &added);

		if (slot == NULL)
			goto nomem;
		if (n_recs == cap_recs) {
			owner_rec *r = realloc(recs, (cap_recs = cap_recs ? 2 * cap_recs : 256) * sizeof *r);
			if (r == NULL)
				goto nomem;
			recs = r;
		}
		recs[n_recs] = (owner_rec){ i, NULL, 0, NULL };
		*slot = n_recs++;
	}
	for (size_t i = 0; i < n_arts; i++) {
		particle *a = &p->articles[p->n_articles];

		a->path = arts[i];
		arts[i] = NULL;
		p->n_articles++;
		a->name = article_name(a->path, p->source_lang);
		a->dir = article_dir(a->path);
		a->markup = markup_of(p, a->path);
		a->catalogue = calloc(p->n_langs, sizeof *a->catalogue);
		a->fmt = calloc(p->n_langs, sizeof *a->fmt);
		a->edition = calloc(p->n_langs * p->n_fmts + 1, sizeof *a->edition);
		if (!a->name || !a->dir || !a->catalogue || !a->fmt || !a->edition)
			goto nomem;
		if (p->n_fmts > 0 && a->markup != TERCUME_MARKUP_TEXT) {
			bool any = false;

			for (size_t k = 0; k < p->n_fmts; k++)
				any = any || edition_kind(a, p->fmts[k]) != ED_NONE;
			if (!any) {
				ini_error(ps, ps->seen[K_FORMATS], "[build] formats: %s is a %s article: add "
				     "source, its edition in its own format (txt and html are the editions "
				     "of plain-text articles)", a->path, tercume_markup_name(a->markup));
				goto out;
			}
		}
		a->segments = expand(p->segments.value, a->name, a->dir, NULL, NULL);
		if (a->segments == NULL)
			goto nomem;
		if (!claim(ps, seen, &recs, &n_recs, &cap_recs, a->segments, i, KIND_SEGMENTS,
			   "[paths] segments", p->segments.line))
			goto out;
		if (*p->template_path.value) {
			a->template_path = expand(p->template_path.value, a->name, a->dir, NULL, NULL);
			if (a->template_path == NULL)
				goto nomem;
			if (!claim(ps, seen, &recs, &n_recs, &cap_recs, a->template_path, i, KIND_TEMPLATE,
				   "[paths] template", p->template_path.line))
				goto out;
		}
		for (size_t j = 0; j < p->n_langs; j++) {
			const plang *l = &p->langs[j];

			a->catalogue[j] = expand(l->catalogue ? l->catalogue : p->catalogue.value,
						 a->name, a->dir, l->tag, NULL);
			if (a->catalogue[j] == NULL)
				goto nomem;
			format_of_name(a->catalogue[j], l->fmt, &a->fmt[j]);
			{
				char key[200];

				snprintf(key, sizeof key, l->catalogue ? "[lang \"%s\"] catalogue"
					 : "[paths] catalogue", l->tag);
				if (!claim(ps, seen, &recs, &n_recs, &cap_recs, a->catalogue[j], i,
					   KIND_CATALOGUE, key,
					   l->catalogue ? l->catalogue_line : p->catalogue.line))
					goto out;
			}
			for (size_t k = 0; k < p->n_fmts; k++) {
				char **e = &a->edition[j * p->n_fmts + k];
				int kind = edition_kind(a, p->fmts[k]);
				bool twice = false;

				for (size_t f = 0; f < k; f++)
					twice = twice || edition_kind(a, p->fmts[f]) == kind;
				if (kind == ED_NONE || twice)
					continue;	/* no edition of this article, or one made already */
				*e = expand(p->edition.value, a->name, a->dir, l->tag,
					    kind == ED_TEXT ? "txt" : kind == ED_PAGE ? "html" : own_ext(a));
				if (*e == NULL)
					goto nomem;
				if (!claim(ps, seen, &recs, &n_recs, &cap_recs, *e, i, KIND_EDITION,
					   "[paths] edition", p->edition.line))
					goto out;
			}
		}
	}
	ok = true;
	goto out;
nomem:
	ps->nomem = true;
out:
	for (size_t i = 0; i < n_arts; i++)
		free(arts[i]);
	free(arts);
	free(recs);
	tu_map_free(seen);
	return ok;
}

/* Which kind of line inih stopped at, for its own syntax errors. */
static void
syntax_error(pstate *ps, const char *data, size_t len, unsigned long line)
{
	const char *s = data, *end = data + len;

	for (unsigned long l = 1; l < line && s < end; l++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		s = nl ? nl + 1 : end;
	}
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '[')
		ini_error(ps, line, "a section header without its closing ']'");
	else
		ini_error(ps, line, "expected KEY = VALUE, a [section] or a comment (# or ;)");
}

tercume_status
tercume_project_parse(tercume_project **out, const char *name, const char *data, size_t len,
		      const char *root, tercume_reporter *rep)
{
	tercume_project *p;
	pstate ps;
	tercume_status st;
	int r;

	*out = NULL;
	if (name == NULL || data == NULL)
		return TERCUME_EUSAGE;
	st = tu_check_utf8(name, data, len, rep);
	if (st != TERCUME_OK)
		return st;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return TERCUME_ENOMEM;
	p->layout = TERCUME_LAYOUT_AUTO;
	p->fallback = TERCUME_FALLBACK_SOURCE;
	p->threshold = TERCUME_UPDATE_THRESHOLD_DEFAULT;
	p->fuzzy = 1;
	p->memory = 1;
	p->file = tu_strdup(name);
	if (root && *root && root[strlen(root) - 1] != '/') {
		size_t n = strlen(root);	/* "dir" -> "dir/" */

		if ((p->root = malloc(n + 2)) != NULL) {
			memcpy(p->root, root, n);
			memcpy(p->root + n, "/", 2);
		}
	} else
		p->root = tu_strdup(root ? root : "");
	if (p->file == NULL || p->root == NULL) {
		tercume_project_free(p);
		return TERCUME_ENOMEM;
	}
	memset(&ps, 0, sizeof ps);
	ps.p = p;
	ps.name = name;
	ps.at = data;
	ps.end = data + len;
	r = ini_parse_stream(read_line, &ps, on_key, &ps);
	if (r == -2)
		ps.nomem = true;
	else if (r > 0 && !ps.nomem && (!ps.failed || (unsigned long)r < ps.err_line)) {
		ps.failed = false;
		syntax_error(&ps, data, len, (unsigned long)r);
	}
	if (!ps.failed && !ps.nomem)
		finish(&ps, root ? p->root : NULL);
	for (size_t i = 0; i < ps.n_langs; i++)
		free(ps.langs[i]);
	free(ps.langs);
	for (size_t i = 0; i < ps.n_ls; i++) {
		free(ps.ls[i].tag);
		free(ps.ls[i].catalogue);
	}
	free(ps.ls);
	if (ps.nomem) {
		tu_error(rep, name, 0, 0, "out of memory reading the project");
		tercume_project_free(p);
		return TERCUME_ENOMEM;
	}
	if (ps.failed) {
		tu_error(rep, name, ps.err_line, 0, "%s", ps.err);
		tercume_project_free(p);
		return TERCUME_EINPUT;
	}
	*out = p;
	return TERCUME_OK;
}

tercume_status
tercume_project_read(tercume_project **out, const char *path, tercume_reporter *rep)
{
	const char *slash;
	char *data, *root;
	size_t len;
	tercume_status st;

	*out = NULL;
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	slash = strrchr(path, '/');
	root = slash ? tu_strndup(path, (size_t)(slash - path) + 1) : tu_strdup("");
	if (root == NULL) {
		free(data);
		return TERCUME_ENOMEM;
	}
	st = tercume_project_parse(out, path, data, len, root, rep);
	free(root);
	free(data);
	return st;
}

/* ---- accessors ---- */

const char *tercume_project_file(const tercume_project *p) { return p->file; }
const char *tercume_project_root(const tercume_project *p) { return p->root; }
const char *tercume_project_source_lang(const tercume_project *p) { return p->source_lang; }
size_t tercume_project_lang_count(const tercume_project *p) { return p->n_langs; }
size_t tercume_project_article_count(const tercume_project *p) { return p->n_articles; }
size_t tercume_project_edition_format_count(const tercume_project *p) { return p->n_fmts; }

const char *
tercume_project_lang(const tercume_project *p, size_t lang)
{
	return lang < p->n_langs ? p->langs[lang].tag : NULL;
}

const char *
tercume_project_edition_format(const tercume_project *p, size_t k)
{
	return k < p->n_fmts ? fmt_names[p->fmts[k]] : NULL;
}

double
tercume_project_min_coverage(const tercume_project *p, size_t lang)
{
	return lang < p->n_langs ? p->langs[lang].min_coverage : -1;
}

long
tercume_project_max_fuzzy(const tercume_project *p, size_t lang)
{
	return lang < p->n_langs ? p->langs[lang].max_fuzzy : -1;
}

void
tercume_project_article(const tercume_project *p, size_t i, tercume_article_info *info)
{
	const particle *a = &p->articles[i];

	info->path = a->path;
	info->name = a->name;
	info->segments = a->segments;
	info->template_path = a->template_path;
}

const char *
tercume_project_catalog(const tercume_project *p, size_t i, size_t lang, tercume_format *fmt)
{
	if (i >= p->n_articles || lang >= p->n_langs)
		return NULL;
	if (fmt)
		*fmt = p->articles[i].fmt[lang];
	return p->articles[i].catalogue[lang];
}

const char *
tercume_project_edition(const tercume_project *p, size_t i, size_t lang, size_t k)
{
	if (i >= p->n_articles || lang >= p->n_langs || k >= p->n_fmts)
		return NULL;
	return p->articles[i].edition[lang * p->n_fmts + k];
}

char *
tercume_project_path(const tercume_project *p, const char *rel)
{
	return join(p->root, rel);
}

int
tercume_project_in_shard(const tercume_project *p, size_t i, unsigned k, unsigned n)
{
	const char *path = p->articles[i].path;

	if (n == 0)
		return 1;
	return tu_hash64(path, strlen(path)) % n == (uint64_t)(k - 1);
}

const char *
tercume_article_state_name(tercume_article_state state)
{
	switch (state) {
	case TERCUME_ARTICLE_UNCHANGED: return "unchanged";
	case TERCUME_ARTICLE_NEW: return "new";
	case TERCUME_ARTICLE_CHANGED: return "changed";
	case TERCUME_ARTICLE_INCOMPLETE: return "incomplete";
	case TERCUME_ARTICLE_FAILED: return "failed";
	}
	return "?";
}

/* ---- a job's own diagnostics, handed on later in order ---- */

typedef struct note {
	tercume_severity severity;
	char *file;
	unsigned long line, column;
	char *check;
	char *message;
} note;

typedef struct jlog {
	tercume_reporter rep;		/* what the job reports into */
	note *v;
	size_t n, cap;
	bool failed;			/* a note was lost for want of memory */
} jlog;

static void
jlog_fn(const tercume_diag *d, void *user)
{
	jlog *l = user;
	note *n;

	if (!tu_grow(&l->v, &l->cap, l->n, sizeof *l->v, 8)) {
		l->failed = true;
		return;
	}
	n = &l->v[l->n];
	n->severity = d->severity;
	n->file = tu_strdup(d->file);
	n->line = d->line;
	n->column = d->column;
	n->check = tu_strdup(d->check);
	n->message = tu_strdup(d->message);
	if ((d->file && !n->file) || (d->check && !n->check) || !n->message) {
		free(n->file);
		free(n->check);
		free(n->message);
		l->failed = true;
		return;
	}
	l->n++;
}

static void
jlog_init(jlog *l)
{
	memset(l, 0, sizeof *l);
	l->rep.fn = jlog_fn;
	l->rep.user = l;
}

/* Hands the notes on to rep, and empties the log.  A note (severity
 * note) whose message was handed on before is left out: the library
 * notes some things on every file (the XLIFF schemas missing), and a run
 * over a thousand articles says it once. */
static void
jlog_flush(jlog *l, tercume_reporter *rep, tu_map *said)
{
	for (size_t i = 0; i < l->n; i++) {
		note *n = &l->v[i];
		bool added = true;

		if (n->severity == TERCUME_SEV_NOTE && said)
			tu_map_slot(said, n->message, &added);
		if (added)
			tu_report(rep, n->severity, n->file, n->line, n->column, n->check, "%s",
				  n->message);
		free(n->file);
		free(n->check);
		free(n->message);
	}
	if (l->failed)
		tu_error(rep, NULL, 0, 0, "out of memory: some messages were lost");
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- running jobs on threads, handing results on in order ---- */

typedef struct runner {
	size_t n;
	void (*work)(void *ctx, size_t k);
	void (*emit)(void *ctx, size_t k);
	void *ctx;
	pthread_mutex_t lock;
	pthread_cond_t done_cond;
	size_t next;		/* the next job to take */
	unsigned char *done;
} runner;

static void *
worker(void *arg)
{
	runner *r = arg;

	for (;;) {
		size_t k;

		pthread_mutex_lock(&r->lock);
		k = r->next < r->n ? r->next++ : r->n;
		pthread_mutex_unlock(&r->lock);
		if (k >= r->n)
			return NULL;
		r->work(r->ctx, k);
		pthread_mutex_lock(&r->lock);
		r->done[k] = 1;
		pthread_cond_broadcast(&r->done_cond);
		pthread_mutex_unlock(&r->lock);
	}
}

/* Runs work(ctx, k) for k = 0 … n-1 on up to jobs threads, and emit(ctx, k)
 * in the calling thread, in order, as soon as job k and those before it
 * are done.  With one job (or when no thread can be started) everything
 * runs in the calling thread. */
static tercume_status
run_jobs(size_t n, unsigned jobs, void (*work)(void *, size_t), void (*emit)(void *, size_t),
	 void *ctx)
{
	runner r;
	pthread_t *threads;
	size_t started = 0;

	tercume_init();		/* before any thread: libxml2, ICU, the umask */
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1) {
		for (size_t k = 0; k < n; k++) {
			work(ctx, k);
			if (emit)
				emit(ctx, k);
		}
		return TERCUME_OK;
	}
	memset(&r, 0, sizeof r);
	r.n = n;
	r.work = work;
	r.emit = emit;
	r.ctx = ctx;
	r.done = calloc(n, 1);
	threads = calloc(jobs, sizeof *threads);
	if (r.done == NULL || threads == NULL) {
		free(r.done);
		free(threads);
		return TERCUME_ENOMEM;
	}
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.done_cond, NULL);
	for (unsigned t = 0; t < jobs; t++)
		if (pthread_create(&threads[started], NULL, worker, &r) == 0)
			started++;
	if (started == 0)
		worker(&r);	/* no thread: do them all here */
	for (size_t k = 0; k < n; k++) {
		pthread_mutex_lock(&r.lock);
		while (!r.done[k])
			pthread_cond_wait(&r.done_cond, &r.lock);
		pthread_mutex_unlock(&r.lock);
		if (emit)
			emit(ctx, k);
	}
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	pthread_cond_destroy(&r.done_cond);
	pthread_mutex_destroy(&r.lock);
	free(r.done);
	free(threads);
	return TERCUME_OK;
}

/* ---- files ---- */

static bool
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Makes the directories above path that are missing. */
static tercume_status
make_dirs(const char *path, tercume_reporter *rep)
{
	char *copy = tu_strdup(path);

	if (copy == NULL)
		return TERCUME_ENOMEM;
	for (char *s = copy + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
			tu_error(rep, path, 0, 0, "cannot make the directory %s: %s", copy, strerror(errno));
			free(copy);
			return TERCUME_EIO;
		}
		*s = '/';
	}
	free(copy);
	return TERCUME_OK;
}

/* Whether the file at path holds exactly these bytes. */
static bool
same_bytes(const char *path, const char *data, size_t len)
{
	struct stat st;
	char *old;
	size_t old_len;
	bool same;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		return false;
	if (tercume_read_file(path, &old, &old_len, NULL) != TERCUME_OK)
		return false;
	same = old_len == len && memcmp(old, data, len) == 0;
	free(old);
	return same;
}

/* Whether the article at path is what doc rebuilds; when it is not (or
 * cannot be read), says so, naming the segments file, and returns false. */
static bool
article_matches(const tercume_project *p, const particle *a, const tercume_doc *doc,
		tercume_reporter *rep)
{
	char *path = tercume_project_path(p, a->path), *text = NULL, *built = NULL;
	size_t text_len = 0, built_len = 0;
	bool same = false;

	if (strcmp(tercume_doc_format(doc), tercume_markup_name(a->markup)) != 0) {
		/* read with another reader than the project's (a sync of an
		 * older tercume, or [project] from changed) */
		tu_error(rep, a->path, 0, 0, "%s was made with the %s reader, the project reads the "
			 "article as %s; run 'tercume sync' to segment it again and bring its "
			 "catalogues up to date", a->segments, tercume_doc_format(doc),
			 tercume_markup_name(a->markup));
		free(path);
		return false;
	}
	if (path != NULL && tercume_read_file(path, &text, &text_len, rep) == TERCUME_OK &&
	    tercume_doc_render(doc, NULL, &built, &built_len) == TERCUME_OK)
		same = built_len == text_len && memcmp(built, text, text_len) == 0;
	if (!same && text != NULL)
		tu_error(rep, a->path, 0, 0, "the article has changed since %s was made from it; "
			 "run 'tercume sync' to segment it again and bring its catalogues up to date",
			 a->segments);
	free(path);
	free(text);
	free(built);
	return same;
}

/* A file to write once everything of an article is ready. */
typedef struct pending {
	char *path;
	char *data;
	size_t len;
} pending;

/* ---- sync ---- */

typedef struct sync_item {
	size_t article;
	tercume_article_state state;
	tercume_status st;
	jlog log;
	tercume_doc *old_doc;		/* the segments file's, when it was read */
	size_t units, written;
	tercume_update_stats *stats;
	/* the memory: this article's translated pairs, per language */
	char ***pairs;
	size_t *n_pairs;
} sync_item;

typedef struct sync_ctx {
	const tercume_project *p;
	tu_map *said;			/* notes handed on (jlog_flush) */
	const tercume_project_options *o;
	sync_item *items;		/* the selected articles */
	size_t n_items;
	tu_memory **memory;		/* per language, or NULL */
	sync_item *all;			/* every article, for the memory */
	tercume_reporter *rep;
	tercume_sync_fn fn;
	void *user;
	tercume_status st;
	size_t n_memory_items;
} sync_ctx;

static void
classify(void *vctx, size_t k)
{
	sync_ctx *c = vctx;
	const tercume_project *p = c->p;
	sync_item *it = &c->items[k];
	const particle *a = &p->articles[it->article];
	tercume_reporter quiet = { NULL, NULL, 0, 0 };
	char *seg = NULL, *art = NULL, *text = NULL, *segdata = NULL, *built = NULL;
	size_t text_len, seg_len, built_len;
	tercume_doc *doc = NULL;

	jlog_init(&it->log);
	seg = tercume_project_path(p, a->segments);
	art = tercume_project_path(p, a->path);
	if (seg == NULL || art == NULL) {
		it->st = TERCUME_ENOMEM;
		it->state = TERCUME_ARTICLE_FAILED;
		goto out;
	}
	if (!file_exists(seg)) {
		it->state = TERCUME_ARTICLE_NEW;
		goto out;
	}
	it->state = TERCUME_ARTICLE_CHANGED;
	if (tercume_read_file(seg, &segdata, &seg_len, &quiet) != TERCUME_OK ||
	    tercume_segments_parse(&doc, seg, segdata, seg_len, &quiet) != TERCUME_OK) {
		tu_warning(&it->log.rep, seg, 0, 0, "cannot be read; the article is segmented again");
		goto out;
	}
	it->old_doc = doc;
	if (c->o->force)
		goto out;
	it->st = tercume_read_file(art, &text, &text_len, &it->log.rep);
	if (it->st != TERCUME_OK) {
		it->state = TERCUME_ARTICLE_FAILED;
		goto out;
	}
	if (strcmp(tercume_doc_source_path(doc), a->path) != 0 ||
	    strcmp(tercume_doc_source_lang(doc), p->source_lang) != 0 ||
	    strcmp(tercume_doc_format(doc), tercume_markup_name(a->markup)) != 0 ||
	    (p->layout != TERCUME_LAYOUT_AUTO && tercume_doc_layout(doc) != p->layout))
		goto out;
	if (tercume_doc_render(doc, NULL, &built, &built_len) != TERCUME_OK ||
	    built_len != text_len || memcmp(built, text, text_len) != 0)
		goto out;
	it->state = TERCUME_ARTICLE_UNCHANGED;
	for (size_t j = 0; j < p->n_langs && it->state == TERCUME_ARTICLE_UNCHANGED; j++) {
		char *cat = tercume_project_path(p, a->catalogue[j]);

		if (cat == NULL || !file_exists(cat))
			it->state = TERCUME_ARTICLE_INCOMPLETE;
		free(cat);
	}
	if (it->state == TERCUME_ARTICLE_UNCHANGED && a->template_path) {
		char *pot = tercume_project_path(p, a->template_path);

		if (pot == NULL || !file_exists(pot))
			it->state = TERCUME_ARTICLE_INCOMPLETE;
		free(pot);
	}
out:
	if (it->state == TERCUME_ARTICLE_UNCHANGED) {
		tercume_doc_free(it->old_doc);
		it->old_doc = NULL;
	}
	free(seg);
	free(art);
	free(text);
	free(segdata);
	free(built);
}

static bool
needs_work(tercume_article_state s)
{
	return s == TERCUME_ARTICLE_NEW || s == TERCUME_ARTICLE_CHANGED ||
	       s == TERCUME_ARTICLE_INCOMPLETE;
}

/* The memory: every article's translated units, read on the workers. */
static void
read_pairs(void *vctx, size_t k)
{
	sync_ctx *c = vctx;
	const tercume_project *p = c->p;
	sync_item *it = &c->all[k];
	const particle *a = &p->articles[k];

	jlog_init(&it->log);
	it->pairs = calloc(p->n_langs, sizeof *it->pairs);
	it->n_pairs = calloc(p->n_langs, sizeof *it->n_pairs);
	if (it->pairs == NULL || it->n_pairs == NULL) {
		it->st = TERCUME_ENOMEM;
		return;
	}
	for (size_t j = 0; j < p->n_langs; j++) {
		tercume_reporter quiet = { NULL, NULL, 0, 0 };
		char *path = tercume_project_path(p, a->catalogue[j]);
		tercume_catalog *cat = NULL;
		tercume_format fmt = a->fmt[j];
		size_t n = 0;

		if (path == NULL) {
			it->st = TERCUME_ENOMEM;
			return;
		}
		if (!file_exists(path)) {
			free(path);
			continue;
		}
		if (fmt == TERCUME_FORMAT_AUTO)
			fmt = tercume_format_of_file(path);
		if (tercume_catalog_read(&cat, path, fmt, &quiet) != TERCUME_OK) {
			/* its own sync says what is wrong with it */
			free(path);
			continue;
		}
		free(path);
		it->pairs[j] = calloc(2 * tercume_catalog_count(cat) + 1, sizeof **it->pairs);
		if (it->pairs[j] == NULL) {
			tercume_catalog_free(cat);
			it->st = TERCUME_ENOMEM;
			return;
		}
		for (size_t i = 0; i < tercume_catalog_count(cat); i++) {
			const tercume_entry *e = tercume_catalog_entry(cat, i);

			if (e->state != TERCUME_STATE_TRANSLATED || e->target == NULL || !*e->target)
				continue;
			it->pairs[j][n] = tu_strdup(e->source);
			it->pairs[j][n + 1] = tu_strdup(e->target);
			if (!it->pairs[j][n] || !it->pairs[j][n + 1]) {
				free(it->pairs[j][n]);
				free(it->pairs[j][n + 1]);
				it->st = TERCUME_ENOMEM;
				break;
			}
			n += 2;
		}
		it->n_pairs[j] = n;
		tercume_catalog_free(cat);
	}
}

static void
add_pairs(void *vctx, size_t k)
{
	sync_ctx *c = vctx;
	sync_item *it = &c->all[k];

	jlog_flush(&it->log, c->rep, c->said);
	if (it->st != TERCUME_OK && c->st == TERCUME_OK)
		c->st = it->st;
	for (size_t j = 0; it->pairs && j < c->p->n_langs; j++) {
		for (size_t i = 0; i + 1 < it->n_pairs[j]; i += 2) {
			if (c->st == TERCUME_OK &&
			    tu_memory_add(c->memory[j], it->pairs[j][i], it->pairs[j][i + 1], k) != TERCUME_OK)
				c->st = TERCUME_ENOMEM;
			free(it->pairs[j][i]);
			free(it->pairs[j][i + 1]);
		}
		free(it->pairs[j]);
	}
	free(it->pairs);
	free(it->n_pairs);
	it->pairs = NULL;
	it->n_pairs = NULL;
}

static tercume_status
add_pending(pending **v, size_t *n, char *path, char *data, size_t len)
{
	pending *nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL) {
		free(path);
		free(data);
		return TERCUME_ENOMEM;
	}
	*v = nv;
	nv[*n] = (pending){ path, data, len };
	(*n)++;
	return TERCUME_OK;
}

/* Segments one article again and brings its catalogues up to date. */
static void
sync_article(void *vctx, size_t k)
{
	sync_ctx *c = vctx;
	const tercume_project *p = c->p;
	sync_item *it = &c->items[k];
	const particle *a = &p->articles[it->article];
	tercume_reporter *rep = &it->log.rep;
	tercume_segment_options sopts = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_update_options uopts = TERCUME_UPDATE_OPTIONS_INIT;
	tercume_doc *doc = NULL;
	tercume_catalog *cat = NULL, *old = NULL;
	pending *out = NULL;
	size_t n_out = 0;
	char *path = NULL, *srx = NULL, *text = NULL, *data = NULL;
	size_t text_len, len;
	tercume_status st = TERCUME_OK;

	if (!needs_work(it->state))
		return;
	it->stats = calloc(p->n_langs + 1, sizeof *it->stats);
	if (it->stats == NULL) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	uopts.threshold = p->threshold;
	uopts.fuzzy = p->fuzzy;
	if (it->state == TERCUME_ARTICLE_INCOMPLETE) {
		doc = it->old_doc;	/* unchanged: the segments file is the article */
		it->old_doc = NULL;
	} else {
		sopts.source_lang = p->source_lang;
		sopts.layout = p->layout;
		/* like update: a layout detected once stays */
		if (p->layout == TERCUME_LAYOUT_AUTO && it->old_doc)
			sopts.layout = tercume_doc_layout(it->old_doc);
		if (p->srx) {
			srx = tercume_project_path(p, p->srx);
			if (srx == NULL) {
				st = TERCUME_ENOMEM;
				goto out;
			}
			sopts.srx_path = srx;
		}
		path = tercume_project_path(p, a->path);
		if (path == NULL) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		st = tercume_read_file(path, &text, &text_len, rep);
		/* the reader tercume segment would take (or [project] from) */
		if (st == TERCUME_OK && a->markup == TERCUME_MARKUP_HTML)
			st = tercume_doc_from_html(&doc, a->path, text, text_len, &sopts, rep);
		else if (st == TERCUME_OK && a->markup == TERCUME_MARKUP_MARKDOWN)
			st = tercume_doc_from_markdown(&doc, a->path, text, text_len, &sopts, rep);
		else if (st == TERCUME_OK)
			st = tercume_doc_from_text(&doc, a->path, text, text_len, &sopts, rep);
		free(path);
		path = NULL;
		if (st != TERCUME_OK)
			goto out;
	}
	it->units = tercume_doc_unit_count(doc);

	for (size_t j = 0; j < p->n_langs; j++) {
		const char *lang = p->langs[j].tag;
		tercume_format fmt = a->fmt[j];

		path = tercume_project_path(p, a->catalogue[j]);
		if (path == NULL) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		if (fmt == TERCUME_FORMAT_AUTO)
			fmt = tercume_format_of_file(path);
		if (file_exists(path)) {
			const char *tl;

			st = tercume_catalog_read(&old, path, fmt, rep);
			if (st != TERCUME_OK)
				goto out;
			tl = tercume_catalog_target_lang(old);
			if (tl == NULL || strcasecmp(tl, lang) != 0) {
				if (tl)
					tu_error(rep, path, 0, 0, "the catalogue is for %s, but the "
						 "project has it for %s", tl, lang);
				else
					tu_error(rep, path, 0, 0, "the catalogue is a template, but "
						 "the project has it for %s", lang);
				st = TERCUME_EINPUT;
				goto out;
			}
		} else if ((old = tercume_catalog_new(p->source_lang, lang)) == NULL) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		st = tu_catalog_update_memory(old, doc, &uopts, c->memory ? c->memory[j] : NULL,
					      it->article, &cat, &it->stats[j]);
		if (st != TERCUME_OK) {
			tu_error(rep, path, 0, 0, "cannot update: %s", tercume_status_string(st));
			goto out;
		}
		/* what update refuses, sync refuses: a catalogue of another
		 * article (doc/update.md) */
		if ((st = tercume_update_check(old, doc, &it->stats[j], rep)) != TERCUME_OK)
			goto out;
		tercume_catalog_free(old);
		old = NULL;
		if (!c->o->dry_run) {
			if ((st = make_dirs(path, rep)) != TERCUME_OK ||
			    (st = tu_catalog_format(cat, path, fmt, &data, &len, rep)) != TERCUME_OK)
				goto out;
			if (same_bytes(path, data, len)) {
				free(data);
				free(path);
			} else if ((st = add_pending(&out, &n_out, path, data, len)) != TERCUME_OK)
				goto nomem;
		} else
			free(path);
		path = NULL;
		data = NULL;
		tercume_catalog_free(cat);
		cat = NULL;
	}
	if (a->template_path && !c->o->dry_run) {
		path = tercume_project_path(p, a->template_path);
		if (path == NULL)
			goto nomem;
		if ((st = tercume_catalog_from_doc(&cat, doc, NULL)) != TERCUME_OK ||
		    (st = make_dirs(path, rep)) != TERCUME_OK ||
		    (st = tu_catalog_format(cat, path, TERCUME_FORMAT_PO, &data, &len, rep)) != TERCUME_OK)
			goto out;
		if (same_bytes(path, data, len)) {
			free(data);
			free(path);
		} else if ((st = add_pending(&out, &n_out, path, data, len)) != TERCUME_OK)
			goto nomem;
		path = NULL;
		data = NULL;
		tercume_catalog_free(cat);
		cat = NULL;
	}
	/* the segments file last: until it is written, the article counts
	 * as changed, and the next sync does it again */
	if (!c->o->dry_run) {
		path = tercume_project_path(p, a->segments);
		if (path == NULL)
			goto nomem;
		if ((st = make_dirs(path, rep)) != TERCUME_OK ||
		    (st = tercume_segments_format(doc, &data, &len)) != TERCUME_OK)
			goto out;
		if (same_bytes(path, data, len)) {
			free(data);
			free(path);
		} else if ((st = add_pending(&out, &n_out, path, data, len)) != TERCUME_OK)
			goto nomem;
		path = NULL;
		data = NULL;
	}
	/* Everything is ready: now write. */
	for (size_t i = 0; i < n_out; i++) {
		st = tercume_write_file_atomic(out[i].path, out[i].data, out[i].len, rep);
		if (st != TERCUME_OK)
			goto out;
		it->written++;
	}
	goto out;
nomem:
	st = TERCUME_ENOMEM;
out:
	if (st == TERCUME_ENOMEM)
		tu_error(rep, a->path, 0, 0, "out of memory");
	if (st != TERCUME_OK) {
		it->state = TERCUME_ARTICLE_FAILED;
		it->st = st;
	}
	for (size_t i = 0; i < n_out; i++) {
		free(out[i].path);
		free(out[i].data);
	}
	free(out);
	free(path);
	free(data);
	free(srx);
	free(text);
	tercume_catalog_free(cat);
	tercume_catalog_free(old);
	tercume_doc_free(doc);
}

static void
sync_emit(void *vctx, size_t k)
{
	sync_ctx *c = vctx;
	sync_item *it = &c->items[k];
	tercume_sync_result r;

	jlog_flush(&it->log, c->rep, c->said);
	if (it->st != TERCUME_OK && c->st == TERCUME_OK)
		c->st = it->st;
	if (c->fn) {
		r.article = it->article;
		r.state = it->state;
		r.units = it->units;
		r.written = it->written;
		r.stats = it->state == TERCUME_ARTICLE_FAILED ? NULL : it->stats;
		c->fn(&r, c->user);
	}
	free(it->stats);
	it->stats = NULL;
	tercume_doc_free(it->old_doc);
	it->old_doc = NULL;
}

static const tercume_project_options default_options = TERCUME_PROJECT_OPTIONS_INIT;

/* The selected articles as n zeroed work items of size bytes each (and one
 * spare), in project order.  Every item struct begins with `size_t
 * article`, which is set here. */
static void *
select_items(const tercume_project *p, const tercume_project_options *o, size_t size,
	     size_t *n)
{
	char *v = calloc(p->n_articles + 1, size);

	*n = 0;
	if (v == NULL)
		return NULL;
	for (size_t i = 0; i < p->n_articles; i++)
		if (o->shards == 0 || tercume_project_in_shard(p, i, o->shard, o->shards))
			*(size_t *)(void *)(v + (*n)++ * size) = i;
	return v;
}

static tercume_status
check_options(const tercume_project_options **o)
{
	if (*o == NULL)
		*o = &default_options;
	if ((*o)->version != TERCUME_PROJECT_OPTIONS_VERSION)
		return TERCUME_EUSAGE;
	if ((*o)->shards > 0 && ((*o)->shard < 1 || (*o)->shard > (*o)->shards))
		return TERCUME_EUSAGE;
	return TERCUME_OK;
}

tercume_status
tercume_project_sync(const tercume_project *p, const tercume_project_options *opts,
		     tercume_sync_fn fn, void *user, tercume_reporter *rep)
{
	sync_ctx c;
	size_t n_sel, n_work = 0;
	tercume_status st;

	if ((st = check_options(&opts)) != TERCUME_OK)
		return st;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.said = tu_map_new(16);
	c.o = opts;
	c.rep = rep;
	c.fn = fn;
	c.user = user;
	c.items = select_items(p, opts, sizeof *c.items, &n_sel);
	if (c.items == NULL) {
		tu_map_free(c.said);
		return TERCUME_ENOMEM;
	}
	c.n_items = n_sel;

	/* Which articles changed. */
	run_jobs(n_sel, opts->jobs, classify, NULL, &c);
	for (size_t k = 0; k < n_sel; k++)
		if (needs_work(c.items[k].state))
			n_work++;

	/* The memory, only when something will use it: every article's
	 * translated units as they are now, before anything is written. */
	if (n_work > 0 && p->memory) {
		c.memory = calloc(p->n_langs, sizeof *c.memory);
		c.all = calloc(p->n_articles + 1, sizeof *c.all);
		if (c.memory == NULL || c.all == NULL)
			c.st = TERCUME_ENOMEM;
		for (size_t j = 0; c.st == TERCUME_OK && j < p->n_langs; j++)
			if ((c.memory[j] = tu_memory_new()) == NULL)
				c.st = TERCUME_ENOMEM;
		if (c.st == TERCUME_OK)
			run_jobs(p->n_articles, opts->jobs, read_pairs, add_pairs, &c);
		for (size_t j = 0; c.st == TERCUME_OK && j < p->n_langs; j++)
			c.st = tu_memory_build(c.memory[j]);
		free(c.all);
		c.all = NULL;
	}
	if (c.st == TERCUME_OK)
		run_jobs(n_sel, opts->jobs, sync_article, sync_emit, &c);
	else
		for (size_t k = 0; k < n_sel; k++) {
			jlog_flush(&c.items[k].log, rep, c.said);
			tercume_doc_free(c.items[k].old_doc);
		}
	for (size_t j = 0; c.memory && j < p->n_langs; j++)
		tu_memory_free(c.memory[j]);
	free(c.memory);
	free(c.items);
	tu_map_free(c.said);
	if (c.st == TERCUME_ENOMEM)
		tu_error(rep, p->file, 0, 0, "out of memory");
	return c.st;
}

/* ---- build ---- */

typedef struct build_item {
	size_t article;
	tercume_status st;
	jlog log;
	tercume_build_result *res;	/* the editions made */
	size_t n_res;
} build_item;

typedef struct build_ctx {
	const tercume_project *p;
	tu_map *said;			/* notes handed on (jlog_flush) */
	const tercume_project_options *o;
	build_item *items;
	tercume_reporter *rep;
	tercume_build_fn fn;
	void *user;
	tercume_status st;
} build_ctx;

/* a is older than b (make's rule: equal times are up to date) */
static bool
older(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec < b->st_mtim.tv_sec ||
	       (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec < b->st_mtim.tv_nsec);
}

static void
build_article(void *vctx, size_t k)
{
	build_ctx *c = vctx;
	const tercume_project *p = c->p;
	build_item *it = &c->items[k];
	const particle *a = &p->articles[it->article];
	tercume_reporter *rep = &it->log.rep;
	tercume_merge_options mopts = TERCUME_MERGE_OPTIONS_INIT;
	tercume_doc *doc = NULL;
	struct stat seg_st;
	char *seg = NULL;
	tercume_status st = TERCUME_OK;

	jlog_init(&it->log);
	it->res = calloc(p->n_langs * p->n_fmts + 1, sizeof *it->res);
	seg = tercume_project_path(p, a->segments);
	if (it->res == NULL || seg == NULL) {
		st = TERCUME_ENOMEM;
		goto out;
	}
	mopts.fallback = p->fallback;
	mopts.use_fuzzy = p->use_fuzzy;
	mopts.min_coverage = p->min_coverage;
	if (stat(seg, &seg_st) != 0) {
		tu_error(rep, a->path, 0, 0, "no segments file (%s): run tercume sync first", a->segments);
		st = TERCUME_EINPUT;
		goto out;
	}
	for (size_t j = 0; j < p->n_langs; j++) {
		tercume_merger *merger = NULL;
		tercume_edition *ed = NULL;
		tercume_merge_stats ms;
		size_t first_needed = doc == NULL ? j : (size_t)-1;
		tercume_format fmt = a->fmt[j];
		struct stat cat_st;
		bool need[N_FMTS] = { false }, any = false, refused = false;
		char *catp = tercume_project_path(p, a->catalogue[j]);
		tercume_status est;

		if (catp == NULL) {
			st = TERCUME_ENOMEM;
			goto out;
		}
		if (stat(catp, &cat_st) != 0) {
			tu_error(rep, a->catalogue[j], 0, 0, "missing: run tercume sync first");
			free(catp);
			st = TERCUME_EINPUT;
			continue;
		}
		/* Out of date: missing, or older than what it is made of. */
		for (size_t f = 0; f < p->n_fmts; f++) {
			char *edp;
			struct stat ed_st;

			if (a->edition[j * p->n_fmts + f] == NULL)
				continue;	/* no edition in this format */
			edp = tercume_project_path(p, a->edition[j * p->n_fmts + f]);
			if (edp == NULL) {
				free(catp);
				st = TERCUME_ENOMEM;
				goto out;
			}
			need[f] = c->o->force || stat(edp, &ed_st) != 0 || older(&ed_st, &seg_st) ||
				  older(&ed_st, &cat_st);
			any = any || need[f];
			free(edp);
		}
		if (!any) {
			free(catp);
			continue;
		}
		if (doc == NULL && (st = tercume_segments_read(&doc, seg, rep)) != TERCUME_OK) {
			free(catp);
			goto out;
		}
		/* an edition of a stale segments file would not be the article's */
		if (j == first_needed && !article_matches(p, a, doc, rep)) {
			free(catp);
			st = TERCUME_EINPUT;
			goto out;
		}
		if (fmt == TERCUME_FORMAT_AUTO)
			fmt = tercume_format_of_file(catp);
		/* merged as it is read: a PO catalogue is never held whole
		 * (issue 15) */
		est = tercume_merger_read(&merger, doc, catp, fmt, &mopts, rep);
		free(catp);
		if (est != TERCUME_OK) {
			st = est;
			continue;
		}
		memset(&ms, 0, sizeof ms);
		est = tercume_merger_finish(merger, &ed, &ms);
		tercume_merger_free(merger);
		if (est != TERCUME_OK) {
			st = est;
			refused = ms.refused;
			if (!refused)
				continue;
		}
		for (size_t f = 0; f < p->n_fmts; f++) {
			const char *rel = a->edition[j * p->n_fmts + f];
			tercume_build_result *r;
			char *edp, *data = NULL;
			size_t len = 0;

			if (!need[f])
				continue;
			r = &it->res[it->n_res++];
			r->article = it->article;
			r->lang = j;
			r->format = f;
			r->path = rel;
			r->stats = ms;
			r->refused = refused;
			if (refused)
				continue;
			if ((edp = tercume_project_path(p, rel)) == NULL) {
				st = TERCUME_ENOMEM;
				break;
			}
			if (a->markup != TERCUME_MARKUP_TEXT)
				/* what tercume merge writes of a marked-up article */
				est = tercume_edition_render_document(ed, &data, &len, rep);
			else if (p->fmts[f] == FMT_HTML)
				est = tercume_edition_render_html(ed, NULL, &data, &len, rep);
			else
				est = tercume_edition_render_text(ed, &data, &len);
			if (est == TERCUME_OK && !c->o->dry_run) {
				if (same_bytes(edp, data, len)) {
					/* the same page: only its time stamp moves */
					if (utimensat(AT_FDCWD, edp, NULL, 0) != 0)
						tu_warning(rep, rel, 0, 0, "cannot set the time stamp: %s",
							   strerror(errno));
				} else if ((est = make_dirs(edp, rep)) == TERCUME_OK &&
					   (est = tercume_write_file_atomic(edp, data, len, rep)) == TERCUME_OK)
					r->written = 1;
			}
			if (est != TERCUME_OK)
				st = est;
			free(data);
			free(edp);
		}
		tercume_edition_free(ed);
	}
out:
	if (st == TERCUME_ENOMEM)
		tu_error(rep, a->path, 0, 0, "out of memory");
	it->st = st;
	tercume_doc_free(doc);
	free(seg);
}

static void
build_emit(void *vctx, size_t k)
{
	build_ctx *c = vctx;
	build_item *it = &c->items[k];

	jlog_flush(&it->log, c->rep, c->said);
	if (it->st != TERCUME_OK && c->st == TERCUME_OK)
		c->st = it->st;
	for (size_t i = 0; c->fn && i < it->n_res; i++)
		c->fn(&it->res[i], c->user);
	free(it->res);
	it->res = NULL;
}

tercume_status
tercume_project_build(const tercume_project *p, const tercume_project_options *opts,
		      tercume_build_fn fn, void *user, tercume_reporter *rep)
{
	build_ctx c;
	size_t n_sel;
	tercume_status st;

	if ((st = check_options(&opts)) != TERCUME_OK)
		return st;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.said = tu_map_new(16);
	c.o = opts;
	c.rep = rep;
	c.fn = fn;
	c.user = user;
	c.items = select_items(p, opts, sizeof *c.items, &n_sel);
	if (c.items == NULL) {
		tu_map_free(c.said);
		return TERCUME_ENOMEM;
	}
	run_jobs(n_sel, opts->jobs, build_article, build_emit, &c);
	free(c.items);
	tu_map_free(c.said);
	return c.st;
}

/* ---- status and check ---- */

typedef struct finding_rec {
	tercume_severity severity;
	char *check, *file, *unit, *message;
	unsigned long line;
	size_t lang;			/* the catalogue's language */
} finding_rec;

typedef struct status_item {
	size_t article;
	tercume_status st;
	jlog log;
	tercume_project_status_row *rows;
	finding_rec *f;
	size_t n_f, cap_f;
	bool f_failed;
	size_t lang;			/* the language being checked */
} status_item;

typedef struct status_ctx {
	const tercume_project *p;
	tu_map *said;			/* notes handed on (jlog_flush) */
	const tercume_project_options *o;
	const tercume_check_options *copts;
	status_item *items;
	tercume_reporter *rep;
	tercume_status_fn fn;
	void *user;
	tercume_status st;
} status_ctx;

static void
keep_finding(const tercume_finding *f, void *user)
{
	status_item *it = user;
	finding_rec *r;

	if (!tu_grow(&it->f, &it->cap_f, it->n_f, sizeof *it->f, 16)) {
		it->f_failed = true;
		return;
	}
	r = &it->f[it->n_f];
	r->severity = f->severity;
	r->check = tu_strdup(f->check);
	r->file = tu_strdup(f->file);
	r->unit = tu_strdup(f->unit);
	r->message = tu_strdup(f->message);
	r->line = f->line;
	r->lang = it->lang;
	if ((f->check && !r->check) || (f->file && !r->file) || (f->unit && !r->unit) ||
	    (f->message && !r->message)) {
		free(r->check);
		free(r->file);
		free(r->unit);
		free(r->message);
		it->f_failed = true;
		return;
	}
	it->n_f++;
}

static void
status_article(void *vctx, size_t k)
{
	status_ctx *c = vctx;
	const tercume_project *p = c->p;
	status_item *it = &c->items[k];
	const particle *a = &p->articles[it->article];
	tercume_reporter *rep = &it->log.rep;
	tercume_doc *doc = NULL;
	char *seg;
	bool have_seg, changed = false;

	jlog_init(&it->log);
	it->rows = calloc(p->n_langs + 1, sizeof *it->rows);
	seg = tercume_project_path(p, a->segments);
	if (it->rows == NULL || seg == NULL) {
		it->st = TERCUME_ENOMEM;
		free(seg);
		return;
	}
	have_seg = file_exists(seg);
	if (have_seg && (it->st = tercume_segments_read(&doc, seg, rep)) != TERCUME_OK) {
		free(seg);
		return;
	}
	free(seg);
	/* a changed article: its catalogues are not in step with it (the
	 * rows say so) */
	if (doc != NULL) {
		tercume_reporter quiet = { NULL, NULL, 0, 0 };

		changed = !article_matches(p, a, doc, &quiet);
	}
	for (size_t j = 0; j < p->n_langs; j++) {
		tercume_project_status_row *row = &it->rows[j];
		tercume_catalog *cat = NULL;
		tercume_format fmt = a->fmt[j];
		char *path = tercume_project_path(p, a->catalogue[j]);
		tercume_status st;

		row->article = it->article;
		row->lang = j;
		row->article_changed = changed;
		it->lang = j;
		row->catalogue = a->catalogue[j];
		if (path == NULL) {
			it->st = TERCUME_ENOMEM;
			break;
		}
		if (!have_seg || !file_exists(path)) {
			free(path);
			continue;
		}
		if (fmt == TERCUME_FORMAT_AUTO)
			fmt = tercume_format_of_file(path);
		st = tercume_catalog_read(&cat, path, fmt, rep);
		free(path);
		if (st != TERCUME_OK) {
			it->st = st;
			continue;
		}
		row->present = 1;
		st = tercume_catalog_counts(cat, &row->counts);
		if (st == TERCUME_OK && c->copts) {
			tercume_check_options co = *c->copts;

			co.segments = doc;
			co.target_lang = tercume_catalog_target_lang(cat) ? NULL : p->langs[j].tag;
			co.fn = keep_finding;
			co.user = it;
			st = tercume_catalog_check(cat, &co, &row->check, rep);
		}
		if (st != TERCUME_OK)
			it->st = st;
		tercume_catalog_free(cat);
	}
	tercume_doc_free(doc);
}

static void
status_emit(void *vctx, size_t k)
{
	status_ctx *c = vctx;
	status_item *it = &c->items[k];

	jlog_flush(&it->log, c->rep, c->said);
	if (it->f_failed && it->st == TERCUME_OK)
		it->st = TERCUME_ENOMEM;
	if (it->st != TERCUME_OK && c->st == TERCUME_OK)
		c->st = it->st;
	/* each catalogue's findings, then its row */
	for (size_t j = 0; j < c->p->n_langs; j++) {
		for (size_t i = 0; i < it->n_f; i++) {
			finding_rec *r = &it->f[i];

			if (r->lang == j && c->copts && c->copts->fn) {
				tercume_finding f = { r->severity, r->check, r->file, r->line, r->unit,
						      r->message };
				c->copts->fn(&f, c->copts->user);
			}
		}
		if (c->fn && it->rows)
			c->fn(&it->rows[j], c->user);
	}
	for (size_t i = 0; i < it->n_f; i++) {
		free(it->f[i].check);
		free(it->f[i].file);
		free(it->f[i].unit);
		free(it->f[i].message);
	}
	free(it->f);
	it->f = NULL;
	free(it->rows);
	it->rows = NULL;
}

tercume_status
tercume_project_status(const tercume_project *p, const tercume_project_options *opts,
		       const tercume_check_options *copts, tercume_status_fn fn, void *user,
		       tercume_reporter *rep)
{
	status_ctx c;
	size_t n_sel;
	tercume_status st;

	if ((st = check_options(&opts)) != TERCUME_OK)
		return st;
	memset(&c, 0, sizeof c);
	c.p = p;
	c.said = tu_map_new(16);
	c.o = opts;
	c.copts = copts;
	c.rep = rep;
	c.fn = fn;
	c.user = user;
	c.items = select_items(p, opts, sizeof *c.items, &n_sel);
	if (c.items == NULL) {
		tu_map_free(c.said);
		return TERCUME_ENOMEM;
	}
	run_jobs(n_sel, opts->jobs, status_article, status_emit, &c);
	free(c.items);
	tu_map_free(c.said);
	return c.st;
}

/* ---- a new project file ---- */

/* Whether a glob pattern may match an HTML or Markdown file: its last
 * component has no extension, or a glob character in it (pages/\*,
 * docs/\*.md?); articles/\*.en.txt may not. */
static bool
may_match_markup(const char *pat)
{
	const char *base = strrchr(pat, '/'), *dot;

	base = base ? base + 1 : pat;
	if (!has_glob_chars(base))
		return false;
	dot = strrchr(base, '.');
	return dot == NULL || has_glob_chars(dot);
}

tercume_status
tercume_project_template(const char *const *articles, size_t n, const char *source_lang,
			 const char *const *langs, size_t n_langs, char **out, size_t *out_len)
{
	tu_buf b = TU_BUF_INIT;
	char canon[160];
	bool marked_up = false;

	*out = NULL;
	if (n == 0 || n_langs == 0 || source_lang == NULL || !is_lang_tag(source_lang) ||
	    tercume_lang_canonical(source_lang, canon, sizeof canon) != TERCUME_OK)
		return TERCUME_EUSAGE;
	for (size_t i = 0; i < n_langs; i++)
		if (!is_lang_tag(langs[i]) || tercume_lang_canonical(langs[i], canon, sizeof canon) != TERCUME_OK)
			return TERCUME_EUSAGE;
	for (size_t i = 0; i < n; i++)
		/* one article per line, under inih's line length */
	{
		const char *a = articles[i];

		if (strlen(a) > 190 || a[0] == '\0' || a[0] == ';' || a[0] == '#')
			return TERCUME_EUSAGE;
		/* an HTML or Markdown article, or a pattern that may match
		 * one (pages/\*, docs/\*.\*): a pattern's extension is plain */
		if (tercume_markup_of_path(a) != TERCUME_MARKUP_TEXT || may_match_markup(a))
			marked_up = true;
		for (; *a; a++)
			if ((unsigned char)*a <= 0x20 || *a == 0x7f)
				return TERCUME_EUSAGE;
	}
	/* a project of plain-text articles gets the file it always got */
	tu_buf_puts(&b, "# A tercume project (doc/project.md).  Paths are relative to this file's\n"
		    "# directory; {name} is an article's file name without its extension and\n");
	tu_buf_puts(&b, marked_up ?
		    "# language, {dir} its directory, {lang} a target language, {ext} txt or html\n"
		    "# (a plain-text article's editions) or a marked-up article's own extension.\n" :
		    "# language, {dir} its directory, {lang} a target language, {ext} txt or html.\n");
	tu_buf_puts(&b, "\n[project]\n");
	tu_buf_printf(&b, "source-lang = %s\nlanguages =", source_lang);
	for (size_t i = 0; i < n_langs; i++)
		tu_buf_printf(&b, " %s", langs[i]);
	tu_buf_printf(&b, "\narticles = %s\n", articles[0]);
	for (size_t i = 1; i < n; i++)
		tu_buf_printf(&b, "    %s\n", articles[i]);
	tu_buf_puts(&b, "layout = auto\n"
		    "\n[paths]\n"
		    "segments = segments/{name}.seg\n"
		    "template = po/{name}.pot\n"
		    "catalogue = po/{name}.{lang}.po\n"
		    "edition = editions/{name}.{lang}.{ext}\n"
		    "\n[build]\n");
	/* source: an HTML or Markdown article's edition in its own format */
	tu_buf_puts(&b, marked_up ? "formats = txt html source\n" : "formats = txt html\n");
	tu_buf_puts(&b, "fallback = source\n"
		    "\n[sync]\n"
		    "threshold = 50\n"
		    "memory = yes\n");
	for (size_t i = 0; i < n_langs; i++)
		tu_buf_printf(&b, "\n[lang \"%s\"]\n"
			      "# catalogue = xliff/{name}.{lang}.xlf\n"
			      "# min-coverage = 100\n", langs[i]);
	return tu_buf_finish(&b, out, out_len);
}
