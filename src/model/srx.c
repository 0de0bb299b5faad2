/* srx.c — SRX 2.0 segmentation rules: reading, compiling and matching.
 *
 * An SRX file holds named <languagerule>s, each a list of <rule break="yes|no">
 * with a <beforebreak> and an <afterbreak> regular expression, and
 * <maprules> whose <languagemap>s pick the rules for a language.  The
 * expressions are ICU regular expressions; each is compiled once here.
 * How the segmenter uses the rules is in segmenter.c and doc/srx.md. */
#include "internal.h"
#include "rxsum.h"
#include "srx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#define SRX_NS "http://www.lisa.org/srx20"

typedef struct srx_rule {
	bool brk;			/* break="yes" */
	URegularExpression *before;	/* (?:BEFORE)\z, NULL when empty */
	URegularExpression *after;	/* AFTER, NULL when empty */
	URegularExpression *scan;	/* (?:BEFORE)(?=AFTER), break rules only */
} srx_rule;

typedef struct srx_group {
	char *name;		/* languagerulename */
	size_t first, count;	/* its rules in tu_srx.all */
} srx_group;

struct tu_srx {
	srx_rule *all;		/* every rule of the file */
	size_t n_all, cap_all;
	srx_group *groups;
	size_t n_groups, cap_groups;
	size_t *use;		/* the rules for the language: indexes into all */
	size_t n_use, cap_use;
	const UChar *text;
	int32_t len;
	bool reference;		/* match with the reference engine */
	struct srx_match *m;	/* the matching engine's state (below) */
};

struct srx_match;
static void free_match(struct srx_match *m);

/* The state of one load, for diagnostics. */
typedef struct loader {
	tu_srx *x;
	const char *path;
	tercume_reporter *rep;
} loader;

static bool
grow(void **p, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *q;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	q = realloc(*p, c * size);
	if (q == NULL)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static void
close_rule(srx_rule *r)
{
	if (r->before)
		uregex_close(r->before);
	if (r->after)
		uregex_close(r->after);
	if (r->scan)
		uregex_close(r->scan);
}

void
tu_srx_free(tu_srx *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->n_all; i++)
		close_rule(&x->all[i]);
	for (size_t i = 0; i < x->n_groups; i++)
		free(x->groups[i].name);
	free(x->all);
	free(x->groups);
	free(x->use);
	free_match(x->m);
	free(x);
}

size_t
tu_srx_rule_count(const tu_srx *x)
{
	return x ? x->n_use : 0;
}

/* ---- reading the XML ---- */

static bool
is_srx(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
	       (n->ns == NULL || strcmp((const char *)n->ns->href, SRX_NS) == 0);
}

static unsigned long
line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned long)l : 0;
}

/* The text of an element that may hold only text (CDATA is merged by the
 * parser).  Returns a malloc'd string, or NULL after reporting. */
static char *
text_of(loader *ld, const xmlNode *n, tercume_status *st)
{
	tu_buf b = TU_BUF_INIT;
	char *s;
	size_t len;

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			tu_buf_puts(&b, (const char *)c->content);
		else if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE)
			continue;
		else {
			/* TRANSLATORS: the last %s is empty or " (entities are not
			   expanded)". */
			tu_error(ld->rep, ld->path, line_of(c), 0, "<%s> may hold only text%s",
				 (const char *)n->name,
				 c->type == XML_ENTITY_REF_NODE ? TU_(" (entities are not expanded)") : "");
			tu_buf_free(&b);
			*st = TERCUME_EINPUT;
			return NULL;
		}
	}
	tu_buf_puts(&b, "");
	if (tu_buf_finish(&b, &s, &len) != TERCUME_OK) {
		*st = TERCUME_ENOMEM;
		return NULL;
	}
	return s;
}

/* Compiles a UTF-8 pattern (ICU copies it). */
static URegularExpression *
open_regex(const char *pattern, uint32_t flags, UParseError *pe, UErrorCode *err)
{
	URegularExpression *re;
	UChar *u;
	int32_t n = 0;
	tercume_status st;

	memset(pe, 0, sizeof *pe);
	st = tu_utf16_from_utf8(pattern, -1, &u, &n);
	if (st != TERCUME_OK) {
		*err = st == TERCUME_ENOMEM ? U_MEMORY_ALLOCATION_ERROR : U_INVALID_CHAR_FOUND;
		return NULL;
	}
	re = uregex_open(u, n, flags, pe, err);
	free(u);
	return re;
}

/* Compiles one expression of rule number `no` of group `group`: `which` is
 * "beforebreak" or "afterbreak".  Reports an invalid one. */
static tercume_status
check_regex(loader *ld, const xmlNode *el, const char *which, const char *pattern,
	    const char *group, size_t no)
{
	UParseError pe;
	UErrorCode err = U_ZERO_ERROR;
	URegularExpression *re = open_regex(pattern, 0, &pe, &err);

	if (U_SUCCESS(err)) {
		uregex_close(re);
		return TERCUME_OK;
	}
	if (err == U_MEMORY_ALLOCATION_ERROR)
		return TERCUME_ENOMEM;
	tu_error(ld->rep, ld->path, line_of(el), 0,
		 "languagerule '%s', rule %zu: invalid %s expression '%s': %s at offset %d",
		 group, no, which, pattern, u_errorName(err), pe.offset);
	return TERCUME_EINPUT;
}

/* Compiles the concatenation of parts (NULL-terminated) into *out.  With
 * a non-NULL *later, an invalid combination is not reported but handed
 * back there (to be freed), with its error in *later_err: the caller
 * first asks which expression alone is wrong. */
static tercume_status
compile(loader *ld, const xmlNode *el, const char *group, size_t no,
	char **later, UErrorCode *later_err, URegularExpression **out, ...)
{
	tu_buf buf = TU_BUF_INIT;
	UParseError pe;
	UErrorCode err = U_ZERO_ERROR;
	const char *part;
	va_list ap;
	char *s;
	size_t len;

	va_start(ap, out);
	while ((part = va_arg(ap, const char *)) != NULL)
		tu_buf_puts(&buf, part);
	va_end(ap);
	if (tu_buf_finish(&buf, &s, &len) != TERCUME_OK)
		return TERCUME_ENOMEM;
	*out = open_regex(s, 0, &pe, &err);
	if (U_FAILURE(err) && later != NULL && err != U_MEMORY_ALLOCATION_ERROR) {
		*out = NULL;
		*later = s;
		*later_err = err;
		return TERCUME_EINPUT;
	}
	if (U_FAILURE(err)) {
		*out = NULL;
		if (err != U_MEMORY_ALLOCATION_ERROR)
			/* Each expression alone compiled: a comment or a flag
			 * group reaches past its end. */
			tu_error(ld->rep, ld->path, line_of(el), 0,
				 "languagerule '%s', rule %zu: the expressions cannot be "
				 "combined into '%s': %s", group, no, s, u_errorName(err));
		free(s);
		return err == U_MEMORY_ALLOCATION_ERROR ? TERCUME_ENOMEM : TERCUME_EINPUT;
	}
	free(s);
	return TERCUME_OK;
}

static tercume_status
read_rule(loader *ld, const xmlNode *el, const char *group, size_t no)
{
	tercume_status st = TERCUME_OK;
	xmlChar *brk = xmlGetProp(el, (const xmlChar *)"break");
	char *before = NULL, *after = NULL, *before_bad = NULL;
	UErrorCode before_err = U_ZERO_ERROR;
	const xmlNode *before_el = el, *after_el = el;
	srx_rule r = { true, NULL, NULL, NULL };

	if (brk != NULL && strcmp((const char *)brk, "yes") != 0 && strcmp((const char *)brk, "no") != 0) {
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "languagerule '%s', rule %zu: break=\"%s\" is neither \"yes\" nor \"no\"",
			 group, no, (const char *)brk);
		st = TERCUME_EINPUT;
		goto out;
	}
	r.brk = brk == NULL || strcmp((const char *)brk, "yes") == 0;
	for (const xmlNode *c = el->children; c != NULL && st == TERCUME_OK; c = c->next) {
		char **slot;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_srx(c, "beforebreak"))
			slot = &before, before_el = c;
		else if (is_srx(c, "afterbreak"))
			slot = &after, after_el = c;
		else {
			tu_error(ld->rep, ld->path, line_of(c), 0,
				 "languagerule '%s', rule %zu: unexpected element <%s>",
				 group, no, (const char *)c->name);
			st = TERCUME_EINPUT;
			break;
		}
		if (*slot != NULL) {
			tu_error(ld->rep, ld->path, line_of(c), 0,
				 "languagerule '%s', rule %zu: a second <%s>", group, no,
				 (const char *)c->name);
			st = TERCUME_EINPUT;
			break;
		}
		*slot = text_of(ld, c, &st);
	}
	/* Each expression is compiled once, in the form it is used in; only
	 * when that fails is it compiled alone, to say which one is wrong
	 * (beforebreak alone, afterbreak, then the combination). */
	if (st == TERCUME_OK && before && *before) {
		st = compile(ld, el, group, no, &before_bad, &before_err, &r.before,
			     "(?:", before, ")\\z", NULL);
		if (st == TERCUME_EINPUT)
			st = check_regex(ld, before_el, "beforebreak", before, group, no);
	}
	if (st == TERCUME_OK && after && *after) {
		char *bad = NULL;
		UErrorCode err;

		st = compile(ld, el, group, no, &bad, &err, &r.after, after, NULL);
		free(bad);
		if (st == TERCUME_EINPUT &&
		    check_regex(ld, after_el, "afterbreak", after, group, no) == TERCUME_ENOMEM)
			st = TERCUME_ENOMEM;
	}
	if (st == TERCUME_OK && before_bad != NULL) {
		/* Each expression alone compiled: a comment or a flag group
		 * reaches past its end. */
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "languagerule '%s', rule %zu: the expressions cannot be "
			 "combined into '%s': %s", group, no, before_bad, u_errorName(before_err));
		st = TERCUME_EINPUT;
	}
	/* The positions a break rule may add: (?:BEFORE)(?=AFTER). */
	if (st == TERCUME_OK && r.brk)
		st = compile(ld, el, group, no, NULL, NULL, &r.scan, "(?:", before ? before : "", ")",
			     after && *after ? "(?=" : "", after ? after : "",
			     after && *after ? ")" : "", NULL);
	if (st == TERCUME_OK && !grow((void **)&ld->x->all, &ld->x->cap_all, ld->x->n_all, sizeof r))
		st = TERCUME_ENOMEM;
	if (st == TERCUME_OK)
		ld->x->all[ld->x->n_all++] = r;
	else
		close_rule(&r);
out:
	xmlFree(brk);
	free(before);
	free(after);
	free(before_bad);
	return st;
}

static tercume_status
read_languagerule(loader *ld, const xmlNode *el)
{
	tu_srx *x = ld->x;
	xmlChar *name = xmlGetProp(el, (const xmlChar *)"languagerulename");
	tercume_status st = TERCUME_OK;
	srx_group *g;
	size_t no = 0;

	if (name == NULL || *name == '\0') {
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "<languagerule> without a languagerulename");
		xmlFree(name);
		return TERCUME_EINPUT;
	}
	for (size_t i = 0; i < x->n_groups; i++)
		if (strcmp(x->groups[i].name, (const char *)name) == 0) {
			tu_error(ld->rep, ld->path, line_of(el), 0,
				 "a second languagerule named '%s'", (const char *)name);
			xmlFree(name);
			return TERCUME_EINPUT;
		}
	if (!grow((void **)&x->groups, &x->cap_groups, x->n_groups, sizeof *g)) {
		xmlFree(name);
		return TERCUME_ENOMEM;
	}
	g = &x->groups[x->n_groups];
	g->name = tu_strdup((const char *)name);
	xmlFree(name);
	if (g->name == NULL)
		return TERCUME_ENOMEM;
	g->first = x->n_all;
	g->count = 0;
	x->n_groups++;
	for (const xmlNode *c = el->children; c != NULL && st == TERCUME_OK; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!is_srx(c, "rule")) {
			tu_error(ld->rep, ld->path, line_of(c), 0,
				 "languagerule '%s': unexpected element <%s>", g->name,
				 (const char *)c->name);
			return TERCUME_EINPUT;
		}
		st = read_rule(ld, c, g->name, ++no);
		/* read_rule may have moved x->all but not x->groups. */
		if (st == TERCUME_OK)
			x->groups[x->n_groups - 1].count++;
	}
	return st;
}

/* Does the language map at el pick lang?  Sets *hit. */
static tercume_status
map_matches(loader *ld, const xmlNode *el, const char *lang, size_t *group, bool *hit)
{
	xmlChar *pattern = xmlGetProp(el, (const xmlChar *)"languagepattern");
	xmlChar *name = xmlGetProp(el, (const xmlChar *)"languagerulename");
	tercume_status st = TERCUME_OK;
	URegularExpression *re = NULL;
	UParseError pe;
	UErrorCode err = U_ZERO_ERROR;
	UChar ulang[128];
	int32_t ulen;

	*hit = false;
	if (pattern == NULL || name == NULL) {
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "<languagemap> needs languagepattern and languagerulename");
		st = TERCUME_EINPUT;
		goto out;
	}
	*group = (size_t)-1;
	for (size_t i = 0; i < ld->x->n_groups; i++)
		if (strcmp(ld->x->groups[i].name, (const char *)name) == 0)
			*group = i;
	if (*group == (size_t)-1) {
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "<languagemap> names languagerule '%s', which the file does not have",
			 (const char *)name);
		st = TERCUME_EINPUT;
		goto out;
	}
	re = open_regex((const char *)pattern, UREGEX_CASE_INSENSITIVE, &pe, &err);
	if (U_FAILURE(err)) {
		tu_error(ld->rep, ld->path, line_of(el), 0,
			 "invalid languagepattern '%s': %s at offset %d",
			 (const char *)pattern, u_errorName(err), pe.offset);
		st = TERCUME_EINPUT;
		goto out;
	}
	u_strFromUTF8(ulang, (int32_t)(sizeof ulang / sizeof ulang[0]), &ulen, lang, -1, &err);
	if (U_SUCCESS(err)) {
		uregex_setText(re, ulang, ulen, &err);
		*hit = uregex_matches(re, 0, &err);
	}
	if (U_FAILURE(err))
		*hit = false;
out:
	if (re)
		uregex_close(re);
	xmlFree(pattern);
	xmlFree(name);
	return st;
}

static tercume_status
read_srx(loader *ld, xmlDoc *doc, const char *lang)
{
	tu_srx *x = ld->x;
	const xmlNode *root = xmlDocGetRootElement(doc), *body = NULL, *header = NULL;
	xmlChar *version, *cascade_attr = NULL;
	bool cascade = false, any_map = false;
	tercume_status st = TERCUME_OK;

	if (root == NULL || !is_srx(root, "srx")) {
		tu_error(ld->rep, ld->path, root ? line_of(root) : 1, 0,
			 "not an SRX file: the root element is <%s>, not <srx>",
			 root ? (const char *)root->name : "");
		return TERCUME_EINPUT;
	}
	version = xmlGetProp(root, (const xmlChar *)"version");
	if (version == NULL || strcmp((const char *)version, "2.0") != 0) {
		tu_error(ld->rep, ld->path, line_of(root), 0,
			 "SRX version '%s' is not supported (only 2.0)",
			 version ? (const char *)version : "");
		xmlFree(version);
		return TERCUME_EINPUT;
	}
	xmlFree(version);
	for (const xmlNode *c = root->children; c != NULL; c = c->next) {
		if (is_srx(c, "header"))
			header = c;
		else if (is_srx(c, "body"))
			body = c;
	}
	if (body == NULL) {
		tu_error(ld->rep, ld->path, line_of(root), 0, "<srx> has no <body>");
		return TERCUME_EINPUT;
	}
	if (header != NULL)
		cascade_attr = xmlGetProp(header, (const xmlChar *)"cascade");
	cascade = cascade_attr != NULL && strcmp((const char *)cascade_attr, "yes") == 0;
	xmlFree(cascade_attr);

	/* Every rule is compiled, so that an error anywhere in the file is
	 * found whatever the language. */
	for (const xmlNode *c = body->children; c != NULL && st == TERCUME_OK; c = c->next)
		if (is_srx(c, "languagerules"))
			for (const xmlNode *r = c->children; r != NULL && st == TERCUME_OK; r = r->next) {
				if (r->type != XML_ELEMENT_NODE)
					continue;
				if (!is_srx(r, "languagerule")) {
					tu_error(ld->rep, ld->path, line_of(r), 0,
						 "unexpected element <%s> in <languagerules>",
						 (const char *)r->name);
					return TERCUME_EINPUT;
				}
				st = read_languagerule(ld, r);
			}
	for (const xmlNode *c = body->children; c != NULL && st == TERCUME_OK; c = c->next) {
		if (!is_srx(c, "maprules"))
			continue;
		for (const xmlNode *m = c->children; m != NULL && st == TERCUME_OK; m = m->next) {
			size_t group;
			bool hit;

			if (m->type != XML_ELEMENT_NODE)
				continue;
			if (!is_srx(m, "languagemap")) {
				tu_error(ld->rep, ld->path, line_of(m), 0,
					 "unexpected element <%s> in <maprules>", (const char *)m->name);
				return TERCUME_EINPUT;
			}
			st = map_matches(ld, m, lang, &group, &hit);
			if (st != TERCUME_OK || !hit || (any_map && !cascade))
				continue;
			any_map = true;
			for (size_t k = 0; k < x->groups[group].count; k++) {
				if (!grow((void **)&x->use, &x->cap_use, x->n_use, sizeof *x->use))
					return TERCUME_ENOMEM;
				x->use[x->n_use++] = x->groups[group].first + k;
			}
		}
	}
	return st;
}

/* Compiles the rules of a parsed SRX document; path names it in diagnostics. */
static tercume_status
load_doc(tu_srx **out, xmlDocPtr doc, const char *path, const char *lang,
	 tercume_reporter *rep)
{
	tercume_status st;
	loader ld = { NULL, path, rep };

	ld.x = calloc(1, sizeof *ld.x);
	st = ld.x ? read_srx(&ld, doc, lang && *lang ? lang : "en") : TERCUME_ENOMEM;
	xmlFreeDoc(doc);
	if (st == TERCUME_ENOMEM)
		tu_error(rep, path, 0, 0, "out of memory");
	if (st != TERCUME_OK) {
		tu_srx_free(ld.x);
		return st;
	}
	*out = ld.x;
	return TERCUME_OK;
}

tercume_status
tu_srx_load(tu_srx **out, const char *path, const char *lang, tercume_reporter *rep)
{
	xmlDocPtr doc;
	tercume_status st;

	*out = NULL;
	st = tu_xml_parse(path, TU_XML_ALLOW_DOCTYPE, &doc, rep);
	if (st != TERCUME_OK)
		return st;
	return load_doc(out, doc, path, lang, rep);
}

/* Where the built-in rules are looked for (doc/srx.md, "Which rules"):
 * LANG.srx in the rules folder, then the copy compiled into the library,
 * so that a tercume that was built but not installed splits as well as an
 * installed one. */
tercume_status
tu_srx_load_builtin(tu_srx **out, const char *lang, tercume_reporter *rep)
{
	const char *dir = tu_srx_dir();		/* read once (init.c) */
	char sub[16], path[4096];
	size_t n = 0;
	xmlDocPtr doc;
	tercume_status st;

	*out = NULL;
	if (lang == NULL || *lang == '\0')
		lang = "en";
	/* The primary subtag, lower case: "az-Latn-AZ" -> "az". */
	while (lang[n] != '\0' && lang[n] != '-' && lang[n] != '_' && lang[n] != '@') {
		char c = lang[n];
		if (n + 1 >= sizeof sub || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return TERCUME_OK;	/* not a language subtag: no rules */
		sub[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	sub[n] = '\0';
	if (n == 0)
		return TERCUME_OK;
	if (dir == NULL || *dir == '\0')
		dir = TERCUME_PKGDATADIR "/srx";
	if ((size_t)snprintf(path, sizeof path, "%s/%s.srx", dir, sub) < sizeof path &&
	    access(path, F_OK) == 0)
		return tu_srx_load(out, path, lang, rep);
	for (const tu_srx_file *f = tu_srx_builtin_files; f->lang != NULL; f++) {
		if (strcmp(f->lang, sub) != 0)
			continue;
		st = tu_xml_parse_memory(f->name, (const char *)f->data, f->len,
					 TU_XML_ALLOW_DOCTYPE, &doc, rep);
		return st == TERCUME_OK ? load_doc(out, doc, f->name, lang, rep) : st;
	}
	return TERCUME_OK;
}

/* ---- matching ----
 *
 * Two engines give the same answers.  The reference engine is the plain
 * one: tu_srx_decide runs each rule's expressions at the position (the
 * beforebreak one searched for in the window before it), and
 * tu_srx_extra_breaks runs every break rule's (?:BEFORE)(?=AFTER) over the
 * whole paragraph with uregex_findNext.  The default engine asks ICU the
 * same questions, but only where the summaries of the expressions
 * (rxsum.c) leave a match possible:
 *
 * - at a candidate break, the code points around it must fit the ends of
 *   a rule's expressions (one table lookup per code point tells which
 *   rules they fit); a match must have somewhere to start (beforebreak) or
 *   end (afterbreak) within its length and code points, and the
 *   beforebreak search is cut to the starts that remain;
 * - the extra-break scan looks for the rarest code point a match must
 *   have near its start or its end, checks the rest there, and tries the
 *   starts that remain in order with uregex_lookingAt, going on from the
 *   end of each match as findNext does, so that it finds the same matches.
 *
 * A summary only rules positions out, so a decision can differ only where
 * ICU itself fails (U_REGEX_STACK_OVERFLOW on a pathological expression
 * over a huge paragraph): the reference engine then gives up on the rule
 * at an attempt the default engine may not need to make. */

#define K TU_RX_K
/* Rules past the first MASKED are put to their summaries one by one. */
#define MASKED 63
#define KNOWN (1ull << 63)

/* A condition at a reference point p of the text: the code point at
 * offset off from p (off < 0: before p, -1 the one just before) is in set,
 * or, for neg, is not (or is not there). */
typedef struct scan_cond {
	int32_t off;
	tu_rx_set *set;
	bool neg;
} scan_cond;

enum scan_way {
	SCAN_ALL,		/* the reference scan */
	SCAN_ENDS,		/* from the possible ends of matches */
	SCAN_STARTS		/* from their possible starts */
};

typedef struct rule_state {
	const srx_rule *r;
	tu_rx_sum b, a;		/* of (?:BEFORE)\z and AFTER */
	bool b_sum, a_sum;	/* the summaries hold */
	bool narrow;		/* the beforebreak window may be cut */
	unsigned gen_b, gen_a, gen_s;	/* the paragraph each expression has */
	enum scan_way way;
	bool skip_pivot;	/* scanned for what follows afterbreak's X+ (rxsum.h) */
	scan_cond cond[3 * K + 1];	/* at a match's end or start */
	int n_cond;
	int order[3 * K + 1];	/* the conditions, rarest (the pivot) first */
	int32_t *cand;		/* this paragraph's possible ends or starts */
	size_t n_cand, cap_cand;
	unsigned plain_gen;	/* this paragraph is scanned the plain way */
} rule_state;

struct srx_match {
	tu_rx_pool *pool;
	rule_state *rs;		/* one for each of x->use */
	size_t n_rs;
	unsigned gen;
	bool reference;
	bool bmp;		/* the paragraph has no surrogates: a code point a unit */
	/* For the offsets 0 .. K-1 before a position and 0 .. K-1 after it
	 * (omask[K + j]), and a code point there: the rules (below MASKED)
	 * whose summaries allow it (KNOWN: worked out).  need: the rules that
	 * want a code point at the offset. */
	uint64_t *omask[2 * K];
	uint64_t need[2 * K];
	size_t scan[MASKED];	/* the rules scanned by trigger: indexes into rs */
	int n_scan;
	uint64_t *trig;		/* code point -> the scan rules whose pivot has it */
	uint8_t *trig8;		/* UTF-16 unit -> 0 no rule's pivot has it, 1 some may, 0x80 not known */
	tu_srx_stats stats;
};

static void
free_match(struct srx_match *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n_rs; i++)
		free(m->rs[i].cand);
	for (int o = 0; o < 2 * K; o++)
		free(m->omask[o]);
	free(m->rs);
	free(m->trig);
	free(m->trig8);
	tu_rx_pool_free(m->pool);
	free(m);
}

static tercume_status
summarise(tu_rx_pool *pool, URegularExpression *re, tu_rx_sum *sum, bool *ok)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	const UChar *p = uregex_pattern(re, &n, &err);
	tercume_status st;

	*ok = false;
	if (U_FAILURE(err))
		return TERCUME_OK;
	st = tu_rx_summarise(pool, p, n, sum);
	*ok = st == TERCUME_OK && sum->known;
	return st;
}

/* Puts the conditions c[0 .. n-1] in order, rarest first, into order[];
 * returns the weight of the rarest that is not negated (-1: none is). */
static double
rank(const scan_cond *c, int n, int *order)
{
	double w[3 * K + 1], best = -1;
	int k = 0;

	for (int i = 0; i < n; i++) {
		int at;

		w[i] = c[i].neg ? 1e9 : tu_rx_weight(c[i].set);
		for (at = k++; at > 0 && w[order[at - 1]] > w[i]; at--)
			order[at] = order[at - 1];
		order[at] = i;
	}
	if (n > 0 && !c[order[0]].neg)
		best = w[order[0]];
	return best;
}

/* How break rule i's extra breaks are found: from the rarest code point
 * its matches must have next to their end, or near their start. */
static void
plan_scan(struct srx_match *m, size_t i)
{
	rule_state *s = &m->rs[i];
	scan_cond ends[3 * K], starts[K + 1];
	int n_ends = 0, n_starts = 0, o_ends[3 * K], o_starts[K + 1];
	double w_ends, w_starts;

	s->way = SCAN_ALL;
	if (s->r->scan == NULL || i >= MASKED || !s->b_sum || (s->r->after && !s->a_sum))
		return;
	for (int j = 0; j < K && j < s->b.minlen; j++)
		ends[n_ends++] = (scan_cond){ -1 - j, s->b.suf[j], false };
	for (int j = 0; j < s->b.la_len; j++)
		ends[n_ends++] = (scan_cond){ j, s->b.la[j], false };
	for (int j = 0; s->r->after && j < K && j < s->a.minlen; j++)
		ends[n_ends++] = (scan_cond){ j, s->a.pre[j], false };
	for (int j = 0; j < K && j < s->b.minlen; j++)
		starts[n_starts++] = (scan_cond){ j, s->b.pre[j], false };
	if (s->b.nlb && s->b.minlen > 0)
		starts[n_starts++] = (scan_cond){ -1, s->b.nlb, true };
	w_ends = rank(ends, n_ends, o_ends);
	w_starts = rank(starts, n_starts, o_starts);
	if (s->r->after && s->a.skip) {
		double w_skip = tu_rx_weight(s->a.rest_pre[0]);

		if ((w_ends < 0 || w_skip < w_ends) && (w_starts < 0 || w_skip < w_starts)) {
			s->skip_pivot = true;
			w_ends = w_skip;
			w_starts = -1;
		}
	}
	if (w_starts >= 0 && (w_ends < 0 || w_starts < w_ends)) {
		s->way = SCAN_STARTS;
		memcpy(s->cond, starts, sizeof starts[0] * (size_t)n_starts);
		memcpy(s->order, o_starts, sizeof o_starts[0] * (size_t)n_starts);
		s->n_cond = n_starts;
	} else if (w_ends >= 0) {
		s->way = SCAN_ENDS;
		memcpy(s->cond, ends, sizeof ends[0] * (size_t)n_ends);
		memcpy(s->order, o_ends, sizeof o_ends[0] * (size_t)n_ends);
		s->n_cond = n_ends;
	} else
		return;
	m->scan[m->n_scan++] = i;
}

static tercume_status
prepare(tu_srx *x)
{
	struct srx_match *m = calloc(1, sizeof *m);
	tercume_status st = TERCUME_OK;

	if (m == NULL)
		return TERCUME_ENOMEM;
	m->pool = tu_rx_pool_new();
	m->rs = calloc(x->n_use ? x->n_use : 1, sizeof *m->rs);
	if (m->pool == NULL || m->rs == NULL) {
		free_match(m);
		return TERCUME_ENOMEM;
	}
	m->n_rs = x->n_use;
	m->reference = x->reference;
	for (size_t i = 0; st == TERCUME_OK && i < x->n_use; i++) {
		rule_state *s = &m->rs[i];

		s->r = &x->all[x->use[i]];
		if (s->r->before)
			st = summarise(m->pool, s->r->before, &s->b, &s->b_sum);
		else {
			/* An empty beforebreak matches the empty string, anywhere. */
			memset(&s->b, 0, sizeof s->b);
			s->b.known = s->b_sum = true;
		}
		if (st == TERCUME_OK && s->r->after)
			st = summarise(m->pool, s->r->after, &s->a, &s->a_sum);
		s->narrow = s->r->before && s->b_sum && !s->b.anchored && !s->b.look_loop;
		m->stats.expressions += (s->r->before != NULL) + (s->r->after != NULL);
		m->stats.summarised += (s->b_sum && s->r->before) + (s->a_sum && s->r->after);
		if (st == TERCUME_OK)
			plan_scan(m, i);
		for (int j = 0; i < MASKED && j < K; j++) {
			if (s->r->before && s->b_sum && j < s->b.minlen)
				m->need[j] |= 1ull << i;
			if ((s->r->after && s->a_sum && j < s->a.minlen) ||
			    (s->r->before && s->b_sum && j < s->b.la_len))
				m->need[K + j] |= 1ull << i;
		}
	}
	m->stats.fast_scans = (size_t)m->n_scan;
	for (int o = 0; st == TERCUME_OK && o < 2 * K; o++)
		if ((m->omask[o] = calloc(TU_RX_CACHED, sizeof *m->omask[o])) == NULL)
			st = TERCUME_ENOMEM;
	if (st == TERCUME_OK && m->n_scan > 0) {
		m->trig = calloc(TU_RX_CACHED, sizeof *m->trig);
		m->trig8 = malloc(0x10000);
		if (m->trig == NULL || m->trig8 == NULL)
			st = TERCUME_ENOMEM;
		else {
			memset(m->trig8, 0x80, 0x10000);
			memset(m->trig8 + 0xD800, 1, 0x800);	/* surrogates: the slow way */
		}
	}
	if (st != TERCUME_OK) {
		free_match(m);
		return st;
	}
	x->m = m;
	return TERCUME_OK;
}

void
tu_srx_set_reference(tu_srx *x, bool on)
{
	x->reference = on;
	if (x->m)
		x->m->reference = on;
}

void
tu_srx_get_stats(const tu_srx *x, tu_srx_stats *out)
{
	if (x->m)
		*out = x->m->stats;
	else
		memset(out, 0, sizeof *out);
	out->rules = x->n_use;
}

/* Gives re the paragraph, the first time this paragraph needs it.
 * anchoring: 1 or 0 with transparent bounds, -1 ICU's default bounds. */
static bool
give_text(tu_srx *x, URegularExpression *re, unsigned *gen, int anchoring)
{
	UErrorCode err = U_ZERO_ERROR;

	if (*gen == x->m->gen)
		return true;
	uregex_setText(re, x->text, x->len, &err);
	if (anchoring >= 0) {
		uregex_useTransparentBounds(re, true, &err);
		uregex_useAnchoringBounds(re, anchoring != 0, &err);
	}
	if (U_FAILURE(err))
		return false;
	*gen = x->m->gen;
	return true;
}

tercume_status
tu_srx_set_text(tu_srx *x, const UChar *text, int32_t len, bool pairs)
{
	tercume_status st;

	x->text = text;
	x->len = len;
	if (x->m == NULL && (st = prepare(x)) != TERCUME_OK)
		return st;
	if (++x->m->gen == 0)
		x->m->gen = 1;
	x->m->bmp = !pairs;
	if (!x->m->reference)
		return TERCUME_OK;
	/* The reference engine: every expression gets the text at once. */
	for (size_t i = 0; i < x->m->n_rs; i++) {
		rule_state *s = &x->m->rs[i];
		bool ok = true;

		if (s->r->before)
			ok = give_text(x, s->r->before, &s->gen_b, 1);
		if (ok && s->r->after)
			ok = give_text(x, s->r->after, &s->gen_a, 0);
		if (ok && s->r->scan)
			ok = give_text(x, s->r->scan, &s->gen_s, -1);
		if (!ok)
			return TERCUME_ENOMEM;
	}
	return TERCUME_OK;
}

/* The reference question: does rule s match at pos?  lo is where the
 * beforebreak search starts (the window's start, or later when the
 * summary cuts it). */
static bool
rule_matches(tu_srx *x, rule_state *s, int32_t pos, int32_t lo)
{
	const srx_rule *r = s->r;
	UErrorCode err = U_ZERO_ERROR;

	/* afterbreak first: it is anchored at pos and cheap, beforebreak is
	 * searched for in a window before pos and dear. */
	if (r->after != NULL) {
		int32_t to = x->len - pos > TU_SRX_AFTER ? pos + TU_SRX_AFTER : x->len;

		if (!give_text(x, r->after, &s->gen_a, 0))
			return false;
		x->m->stats.icu_calls++;
		uregex_setRegion(r->after, pos, to, &err);
		if (!uregex_lookingAt(r->after, -1, &err) || U_FAILURE(err))
			return false;
	}
	if (r->before != NULL) {
		if (!give_text(x, r->before, &s->gen_b, 1))
			return false;
		x->m->stats.icu_calls++;
		uregex_setRegion(r->before, lo, pos, &err);
		if (!uregex_findNext(r->before, &err) || U_FAILURE(err))
			return false;
	}
	return true;
}

/* The code points around a position. */
typedef struct around {
	UChar32 b[K], a[K];	/* b[j]: j + 1 before, a[j]: j after */
	int nb, na;
} around;

static void
look_around(const UChar *t, int32_t len, int32_t pos, bool bmp, around *c)
{
	int32_t i = pos;
	UChar32 ch;

	if (bmp) {
		c->nb = pos < K ? pos : K;
		c->na = len - pos < K ? len - pos : K;
		for (int j = 0; j < c->nb; j++)
			c->b[j] = t[pos - 1 - j];
		for (int j = 0; j < c->na; j++)
			c->a[j] = t[pos + j];
		return;
	}
	c->nb = c->na = 0;
	while (c->nb < K && i > 0) {
		U16_PREV(t, 0, i, ch);
		c->b[c->nb++] = ch;
	}
	i = pos;
	while (c->na < K && i < len) {
		U16_NEXT(t, i, len, ch);
		c->a[c->na++] = ch;
	}
}

/* Can a match of sum start at i: the code point before it is not in nlb,
 * the first ones are in pre[0], pre[1], …? */
static bool
fits_pre(const UChar *t, int32_t len, const tu_rx_sum *sum, int32_t i)
{
	if (sum->nlb && i > 0) {
		int32_t k = i;
		UChar32 ch;

		U16_PREV(t, 0, k, ch);
		if (tu_rx_has(sum->nlb, ch))
			return false;
	}
	for (int j = 0; j < K && j < sum->minlen; j++) {
		UChar32 ch;

		if (i >= len)
			return false;
		U16_NEXT(t, i, len, ch);
		if (!tu_rx_has(sum->pre[j], ch))
			return false;
	}
	return true;
}

/* Can a match of sum end at i: the code points before it are in suf[0],
 * suf[1], …? */
static bool
fits_suf(const UChar *t, int32_t start, const tu_rx_sum *sum, int32_t i)
{
	for (int j = 0; j < K && j < sum->minlen; j++) {
		UChar32 ch;

		if (i <= start)
			return false;
		U16_PREV(t, start, i, ch);
		if (!tu_rx_has(sum->suf[j], ch))
			return false;
	}
	return true;
}

/* The positions of the automaton a match can be at before (pred) or
 * after (succ) those of set. */
static uint64_t
nfa_pred(const tu_rx_nfa *a, uint64_t set)
{
	uint64_t r = 0;

	for (; set; set &= set - 1)
		r |= a->prec[__builtin_ctzll(set)];
	return r;
}

static uint64_t
nfa_succ(const tu_rx_nfa *a, uint64_t set)
{
	uint64_t r = 0;

	for (; set; set &= set - 1)
		r |= a->follow[__builtin_ctzll(set)];
	return r;
}

/* Can a match of sum start at i, by what comes before it: at the window's
 * start for ^, not after a code point of nlb? */
static bool
may_start_at(const UChar *t, const tu_rx_sum *sum, int32_t i, int32_t from)
{
	if (sum->lead && i != from)
		return false;
	if (sum->nlb && i > 0) {
		UChar32 ch;

		U16_PREV(t, 0, i, ch);
		if (tu_rx_has(sum->nlb, ch))
			return false;
	}
	return true;
}

/* The automaton run backwards from pos, no further than from: the
 * earliest start of a match ending at pos (the first found, unless
 * earliest), or -1. */
static int32_t
nfa_start(const UChar *t, int32_t pos, int32_t from, const tu_rx_sum *sum, bool earliest)
{
	tu_rx_nfa *a = sum->nfa;
	int32_t at = pos, start = -1;
	uint64_t set = a->last;	/* before the first step: where a match may end */

	if (a->nullable && may_start_at(t, sum, pos, from)) {
		start = pos;
		if (!earliest)
			return start;
	}
	while (at > from) {
		UChar32 ch;

		U16_PREV(t, from, at, ch);
		set &= tu_rx_nfa_takes(a, ch);
		if (set == 0)
			break;
		if ((set & a->first) && may_start_at(t, sum, at, from)) {
			start = at;
			if (!earliest)
				break;
		}
		set = nfa_pred(a, set);
	}
	return start;
}

/* The automaton run forwards from pos, no further than to: can a match
 * end there?  Past max_walk code points, it may. */
static bool
nfa_end(const UChar *t, int32_t pos, int32_t to, const tu_rx_sum *sum, int32_t max_walk)
{
	tu_rx_nfa *a = sum->nfa;
	uint64_t set = a->first;
	int32_t cnt = 0;

	if (a->nullable)
		return true;
	while (pos < to) {
		UChar32 ch;

		if (cnt++ >= max_walk)
			return true;
		U16_NEXT(t, pos, to, ch);
		set &= tu_rx_nfa_takes(a, ch);
		if (set == 0)
			return false;
		if (set & a->last)
			return true;
		set = nfa_succ(a, set);
	}
	return false;
}

/* Can a match of sum start at pos and end by limit: a stretch of code
 * points of alph (at least minlen, at most maxlen) whose last ones fit
 * suf?  Walks at most max_walk code points; past them, it may. */
static bool
may_end(const UChar *t, int32_t pos, int32_t limit, const tu_rx_sum *sum, int32_t max_walk)
{
	int32_t at = pos, cnt = 0;

	if (sum->nfa)
		return nfa_end(t, pos, limit, sum, max_walk);
	for (;;) {
		UChar32 ch;
		int32_t k = at;

		if (cnt >= sum->minlen && fits_suf(t, pos, sum, at))
			return true;
		if (at >= limit || (sum->maxlen != TU_RX_INF && cnt >= sum->maxlen))
			return false;
		if (cnt >= max_walk)
			return true;
		U16_NEXT(t, k, limit, ch);
		if (!tu_rx_has(sum->alph, ch))
			return false;
		at = k;
		cnt++;
	}
}

/* Without an automaton: a match ending at pos takes only code points of
 * alph, at least minlen and at most maxlen of them, and begins with code
 * points that fit pre.  The earliest such start (the first found, unless
 * earliest), or -1. */
static int32_t
alph_start(const UChar *t, int32_t len, int32_t pos, int32_t from, const tu_rx_sum *b,
	   bool earliest)
{
	int32_t at = pos, cnt = 0, start = -1;
	UChar32 ch = 0;		/* the code point at at */

	for (;;) {
		if (cnt >= b->minlen && (b->minlen == 0 || tu_rx_has(b->pre[0], ch)) &&
		    (!b->lead || at == from) && fits_pre(t, len, b, at)) {
			start = at;
			if (!earliest)
				break;
		}
		if (at <= from || (b->maxlen != TU_RX_INF && cnt >= b->maxlen))
			break;
		U16_PREV(t, from, at, ch);
		if (!tu_rx_has(b->alph, ch))
			break;
		cnt++;
	}
	return start;
}

/* Can rule s match at pos, by its summaries?  Sets *lo to where the
 * beforebreak search may start.
 *
 * beforebreak: the code points before pos must fit the ends of its
 * matches, those after pos its closing lookahead; a match takes only
 * code points of alph, at most maxlen and at least minlen of them, so it
 * starts in the stretch before pos those can make, at a code point that
 * fits its beginning (and at the window's start, when it opens with ^).
 * afterbreak: the same the other way round. */
static bool
may_match(tu_srx *x, rule_state *s, int32_t pos, const around *c, int32_t *lo)
{
	const UChar *t = x->text;
	int32_t len = x->len;
	int32_t from = pos > TU_SRX_BEFORE ? pos - TU_SRX_BEFORE : 0;
	int32_t to = len - pos > TU_SRX_AFTER ? pos + TU_SRX_AFTER : len;

	*lo = from;
	if (s->r->after != NULL && s->a_sum) {
		const tu_rx_sum *a = &s->a;
		int32_t n = a->minlen < K ? a->minlen : K;

		if (to - pos < a->minlen || n > c->na)
			return false;
		for (int j = 0; j < n; j++)
			if (!tu_rx_has(a->pre[j], c->a[j]))
				return false;
		/* a match ends in the stretch of alph after pos */
		if (!may_end(t, pos, to, a, TU_RX_INF))
			return false;
	}
	if (s->r->before != NULL && s->b_sum) {
		const tu_rx_sum *b = &s->b;
		int32_t n = b->minlen < K ? b->minlen : K, start;

		if (pos - from < b->minlen || n > c->nb || b->la_len > c->na)
			return false;
		for (int j = 0; j < n; j++)
			if (!tu_rx_has(b->suf[j], c->b[j]))
				return false;
		for (int j = 0; j < b->la_len; j++)
			if (!tu_rx_has(b->la[j], c->a[j]))
				return false;
		if (from > 0 && U16_IS_TRAIL(t[from]))
			return true;	/* the window splits a code point: ask ICU */
		if (b->nfa)
			start = nfa_start(t, pos, from, b, s->narrow);
		else
			start = alph_start(t, len, pos, from, b, s->narrow);
		if (start < 0)
			return false;
		if (s->narrow)
			*lo = start;
	}
	return true;
}

/* The rules (below MASKED) whose summaries allow code point ch at offset
 * o (o < K: o + 1 before a position, else o - K after it). */
static uint64_t
offset_mask_slow(struct srx_match *m, int o, UChar32 ch)
{
	uint64_t v = KNOWN;

	for (size_t i = 0; i < m->n_rs && i < MASKED; i++) {
		const rule_state *s = &m->rs[i];
		bool ok = true;

		if (!(m->need[o] >> i & 1))
			ok = true;
		else if (o < K)
			ok = tu_rx_has(s->b.suf[o], ch);
		else {
			int j = o - K;

			if (s->r->after && s->a_sum && j < s->a.minlen)
				ok = tu_rx_has(s->a.pre[j], ch);
			if (ok && s->r->before && s->b_sum && j < s->b.la_len)
				ok = tu_rx_has(s->b.la[j], ch);
		}
		if (ok)
			v |= 1ull << i;
	}
	if ((uint32_t)ch < TU_RX_CACHED)
		m->omask[o][ch] = v;
	return v;
}

/* The same, from the table once worked out (the call stays out of the
 * loop of tu_srx_decide, run at every candidate). */
static inline uint64_t
offset_mask(struct srx_match *m, int o, UChar32 ch)
{
	uint64_t v;

	if ((uint32_t)ch < TU_RX_CACHED && (v = m->omask[o][ch]) != 0)
		return v;
	return offset_mask_slow(m, o, ch);
}

int
tu_srx_decide(tu_srx *x, int32_t pos)
{
	struct srx_match *m = x->m;
	int32_t from = pos > TU_SRX_BEFORE ? pos - TU_SRX_BEFORE : 0, lo;
	size_t masked = m && m->n_rs < MASKED ? m->n_rs : MASKED;
	uint64_t ok;
	around c;

	if (m == NULL)
		return -1;
	/* The code point view needs pos between two code points. */
	if (m->reference || (pos > 0 && pos < x->len && U16_IS_TRAIL(x->text[pos]) &&
			     U16_IS_LEAD(x->text[pos - 1]))) {
		for (size_t i = 0; i < m->n_rs; i++)
			if (rule_matches(x, &m->rs[i], pos, from))
				return m->rs[i].r->brk ? 1 : 0;
		return -1;
	}
	look_around(x->text, x->len, pos, m->bmp, &c);
	ok = masked == MASKED ? KNOWN - 1 : (1ull << masked) - 1;
	for (int j = 0; j < K; j++) {
		ok &= j < c.nb ? offset_mask(m, j, c.b[j]) : ~m->need[j];
		ok &= j < c.na ? offset_mask(m, K + j, c.a[j]) : ~m->need[K + j];
	}
	while (ok) {
		rule_state *s = &m->rs[__builtin_ctzll(ok)];

		ok &= ok - 1;
		m->stats.tests++;
		if (may_match(x, s, pos, &c, &lo) && rule_matches(x, s, pos, lo))
			return s->r->brk ? 1 : 0;
	}
	for (size_t i = masked; i < m->n_rs; i++) {
		rule_state *s = &m->rs[i];

		m->stats.tests++;
		if (may_match(x, s, pos, &c, &lo) && rule_matches(x, s, pos, lo))
			return s->r->brk ? 1 : 0;
	}
	return -1;
}

/* The reference scan: every match of rule s's (?:BEFORE)(?=AFTER). */
static tercume_status
scan_all(tu_srx *x, rule_state *s, int32_t **pos, size_t *n, size_t *cap)
{
	URegularExpression *re = s->r->scan;
	UErrorCode err = U_ZERO_ERROR;

	if (!give_text(x, re, &s->gen_s, -1))
		return TERCUME_ENOMEM;
	x->m->stats.icu_calls++;
	uregex_reset(re, 0, &err);
	while (uregex_findNext(re, &err) && U_SUCCESS(err)) {
		int32_t end = uregex_end(re, 0, &err);

		if (U_FAILURE(err) || end <= 0 || end >= x->len)
			continue;
		if (!grow((void **)pos, cap, *n, sizeof **pos))
			return TERCUME_ENOMEM;
		(*pos)[(*n)++] = end;
	}
	return TERCUME_OK;
}

/* The code point at offset off from p (off < 0: before it), if any. */
static bool
cp_at(const UChar *t, int32_t len, int32_t p, int32_t off, bool bmp, UChar32 *ch)
{
	if (bmp) {
		p += off;
		if (p < 0 || p >= len)
			return false;
		*ch = t[p];
		return true;
	}
	if (off >= 0) {
		for (int32_t j = 0; j < off; j++) {
			if (p >= len)
				return false;
			U16_FWD_1(t, p, len);
		}
		if (p >= len)
			return false;
		U16_NEXT(t, p, len, *ch);
	} else {
		for (int32_t j = 0; j < -1 - off; j++) {
			if (p <= 0)
				return false;
			U16_BACK_1(t, 0, p);
		}
		if (p <= 0)
			return false;
		U16_PREV(t, 0, p, *ch);
	}
	return true;
}

/* Does p fit rule s's scan conditions, from the first'th rarest on? */
static bool
fits_conds(const tu_srx *x, const rule_state *s, int32_t p, int first)
{
	for (int k = first; k < s->n_cond; k++) {
		const scan_cond *cd = &s->cond[s->order[k]];
		UChar32 ch;

		if (!cp_at(x->text, x->len, p, cd->off, x->m->bmp, &ch))
			return cd->neg;
		if (tu_rx_has(cd->set, ch) == cd->neg)
			return false;
	}
	return true;
}

static uint64_t
trigger(struct srx_match *m, UChar32 ch)
{
	uint64_t mask = KNOWN;

	for (int k = 0; k < m->n_scan; k++) {
		const rule_state *s = &m->rs[m->scan[k]];
		if (tu_rx_has(s->skip_pivot ? s->a.rest_pre[0] : s->cond[s->order[0]].set, ch))
			mask |= 1ull << k;
	}
	if ((uint32_t)ch < TU_RX_CACHED)
		m->trig[ch] = mask;
	if ((uint32_t)ch < 0x10000 && !U16_IS_SURROGATE(ch))
		m->trig8[ch] = mask != KNOWN;
	return mask;
}

/* A skip-pivot hit at u (the code point, up to i): the ends e from which
 * afterbreak's X{m,n} reaches u, that fit the rule there. */
static tercume_status
skip_hit(tu_srx *x, rule_state *s, int32_t u)
{
	const UChar *t = x->text;
	const tu_rx_sum *a = &s->a;
	int32_t len = x->len, q = u, k = 0;

	for (int j = 1; j < K && j < a->rest_min; j++) {
		UChar32 ch;

		if (!cp_at(t, len, u, j, x->m->bmp, &ch) || !tu_rx_has(a->rest_pre[j], ch))
			return TERCUME_OK;
	}
	for (;;) {
		UChar32 ch;

		if (k > TU_SRX_AFTER) {
			/* A long run of X before each hit would make this
			 * quadratic: the plain scan, for this paragraph. */
			s->plain_gen = x->m->gen;
			return TERCUME_OK;
		}
		if (k >= a->skip_min && fits_conds(x, s, q, 0) && may_end(t, q, len, a, TU_SRX_AFTER)) {
			if (!grow((void **)&s->cand, &s->cap_cand, s->n_cand, sizeof *s->cand))
				return TERCUME_ENOMEM;
			s->cand[s->n_cand++] = q;
		}
		if (k == a->skip_max || q == 0)
			break;
		U16_PREV(t, 0, q, ch);
		if (!tu_rx_has(a->skip, ch))
			break;
		k++;
	}
	return TERCUME_OK;
}

static int
cmp_pos(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

/* One pass over the paragraph: for every rule scanned by trigger, the
 * points (ends or starts of matches) its conditions allow, in order. */
static tercume_status
find_cands(tu_srx *x)
{
	struct srx_match *m = x->m;
	const UChar *t = x->text, *q = t, *end = t + x->len;
	const uint8_t *trig8 = m->trig8;
	int32_t len = x->len;

	for (int k = 0; k < m->n_scan; k++)
		m->rs[m->scan[k]].n_cand = 0;
	while (q < end) {
		int32_t u, i;
		UChar32 ch;
		uint64_t mask;

		/* most units are in no pivot: four at a time */
		while (end - q >= 4 && (trig8[q[0]] | trig8[q[1]] | trig8[q[2]] | trig8[q[3]]) == 0)
			q += 4;
		if (q >= end)
			break;
		if (trig8[*q] == 0) {
			q++;
			continue;
		}
		u = (int32_t)(q - t);
		ch = *q++;
		if (U16_IS_LEAD(ch) && q < end && U16_IS_TRAIL(*q))
			ch = U16_GET_SUPPLEMENTARY(ch, *q++);
		i = (int32_t)(q - t);
		mask = (uint32_t)ch < TU_RX_CACHED && m->trig[ch] ? m->trig[ch] : trigger(m, ch);
		mask &= ~KNOWN;
		while (mask) {
			rule_state *s = &m->rs[m->scan[__builtin_ctzll(mask)]];
			int32_t off = s->cond[s->order[0]].off, p;

			mask &= mask - 1;
			if (s->skip_pivot) {
				if (s->plain_gen != m->gen && skip_hit(x, s, u) != TERCUME_OK)
					return TERCUME_ENOMEM;
				continue;
			}
			/* the point this code point is at offset off from */
			if (m->bmp)
				p = off >= 0 ? u - off : i - 1 - off;
			else if (off >= 0) {
				p = u;
				for (int32_t j = 0; j < off && p > 0; j++)
					U16_BACK_1(t, 0, p);
			} else {
				p = i;
				for (int32_t j = 0; j < -1 - off && p < len; j++)
					U16_FWD_1(t, p, len);
			}
			if (s->n_cand > 0 && s->cand[s->n_cand - 1] >= p)
				continue;
			if (m->bmp && s->n_cond > 1) {
				/* the next rarest condition, at once */
				const scan_cond *cd = &s->cond[s->order[1]];
				int32_t at = p + cd->off;

				if (at < 0 || at >= len ? !cd->neg : tu_rx_has(cd->set, t[at]) == cd->neg)
					continue;
			}
			if (!fits_conds(x, s, p, 1))
				continue;
			/* the afterbreak lookahead must have somewhere to end */
			if (s->way == SCAN_ENDS && s->r->after &&
			    !may_end(t, p, len, &s->a, TU_SRX_AFTER))
				continue;
			if (!grow((void **)&s->cand, &s->cap_cand, s->n_cand, sizeof *s->cand))
				return TERCUME_ENOMEM;
			s->cand[s->n_cand++] = p;
		}
	}
	/* A skip pivot finds ends out of order, and some twice. */
	for (int k = 0; k < m->n_scan; k++) {
		rule_state *s = &m->rs[m->scan[k]];
		size_t w = 0;

		if (!s->skip_pivot || s->n_cand < 2)
			continue;
		qsort(s->cand, s->n_cand, sizeof *s->cand, cmp_pos);
		for (size_t r = 0; r < s->n_cand; r++)
			if (w == 0 || s->cand[w - 1] != s->cand[r])
				s->cand[w++] = s->cand[r];
		s->n_cand = w;
	}
	return TERCUME_OK;
}

/* Tries a scan match of rule s at start st.  1 a match (its end in *end),
 * 0 none, -1 ICU failed (findNext would have stopped). */
static int
scan_at(tu_srx *x, rule_state *s, int32_t st, int32_t *start, int32_t *end)
{
	UErrorCode err = U_ZERO_ERROR;
	bool found;

	if (!give_text(x, s->r->scan, &s->gen_s, -1))
		return -1;
	x->m->stats.icu_calls++;
	found = uregex_lookingAt(s->r->scan, st, &err);
	if (found) {
		*start = uregex_start(s->r->scan, 0, &err);
		*end = uregex_end(s->r->scan, 0, &err);
	}
	return U_FAILURE(err) ? -1 : found;
}

static bool
add_pos(int32_t **pos, size_t *n, size_t *cap, int32_t at, int32_t len)
{
	if (at <= 0 || at >= len)
		return true;
	if (!grow((void **)pos, cap, *n, sizeof **pos))
		return false;
	(*pos)[(*n)++] = at;
	return true;
}

/* The matches findNext would find, from the possible starts: each is
 * tried in order, and after a match the search goes on from its end.
 * (A match here takes at least one code point.) */
static tercume_status
scan_starts(tu_srx *x, rule_state *s, int32_t **pos, size_t *n, size_t *cap)
{
	int32_t cur = 0, a, e;

	for (size_t i = 0; i < s->n_cand; i++) {
		int got;

		if (s->cand[i] < cur)
			continue;
		got = scan_at(x, s, s->cand[i], &a, &e);
		if (got < 0)
			return TERCUME_OK;
		if (got == 0)
			continue;
		if (!add_pos(pos, n, cap, e, x->len))
			return TERCUME_ENOMEM;
		cur = e > a ? e : a + 1;
	}
	return TERCUME_OK;
}

/* The same from the possible ends: the starts a match ending at one of
 * them can have (back over at most maxlen code points of alph) are tried
 * in order. */
static tercume_status
scan_ends(tu_srx *x, rule_state *s, int32_t **pos, size_t *n, size_t *cap)
{
	const UChar *t = x->text;
	const tu_rx_sum *b = &s->b;
	int32_t len = x->len, cur = 0, tried = 0;	/* starts below tried are done */
	size_t i = 0;

	while (i < s->n_cand) {
		int32_t e = s->cand[i], floor = cur > tried ? cur : tried, lo = e, hi = e, cnt = 0;
		bool found = false;

		if (e < floor) {
			i++;
			continue;
		}
		/* the earliest start: maxlen code points back, all in alph */
		while (lo > floor && (b->maxlen == TU_RX_INF || cnt < b->maxlen)) {
			int32_t k = lo;
			UChar32 ch;

			U16_PREV(t, floor, k, ch);
			if (!tu_rx_has(b->alph, ch))
				break;
			lo = k;
			cnt++;
		}
		/* the latest: minlen code points back */
		for (int32_t j = 0; j < b->minlen && hi >= lo; j++)
			if (hi > lo)
				U16_BACK_1(t, lo, hi);
			else
				hi = lo - 1;
		for (int32_t st = lo; st <= hi && !found;) {
			int32_t a, end;
			int got = fits_pre(t, len, b, st) ? scan_at(x, s, st, &a, &end) : 0;

			if (got < 0)
				return TERCUME_OK;
			if (got > 0) {
				found = true;
				if (!add_pos(pos, n, cap, end, len))
					return TERCUME_ENOMEM;
				if (end == a) {
					if (end >= len)
						return TERCUME_OK;
					U16_FWD_1(t, end, len);
				}
				cur = tried = end;
			} else if (st < len)
				U16_FWD_1(t, st, len);
			else
				break;
		}
		if (found)
			continue;	/* the same end again, from the new place */
		if (hi >= lo) {
			tried = hi;
			if (tried < len)
				U16_FWD_1(t, tried, len);
			else
				tried = len + 1;
		} else if (lo > tried)
			tried = lo;
		i++;
	}
	return TERCUME_OK;
}

tercume_status
tu_srx_extra_breaks(tu_srx *x, int32_t **pos, size_t *n, size_t *cap)
{
	struct srx_match *m = x->m;
	tercume_status st = TERCUME_OK;

	if (m == NULL)
		return TERCUME_OK;
	if (!m->reference && m->n_scan > 0)
		st = find_cands(x);
	for (size_t i = 0; st == TERCUME_OK && i < m->n_rs; i++) {
		rule_state *s = &m->rs[i];

		if (s->r->scan == NULL)
			continue;
		if (m->reference || s->way == SCAN_ALL || s->plain_gen == m->gen)
			st = scan_all(x, s, pos, n, cap);
		else if (s->way == SCAN_STARTS)
			st = scan_starts(x, s, pos, n, cap);
		else
			st = scan_ends(x, s, pos, n, cap);
	}
	return st;
}
