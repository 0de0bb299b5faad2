/* srx.c — SRX 2.0 segmentation rules: reading, compiling and matching.
 *
 * An SRX file holds named <languagerule>s, each a list of <rule break="yes|no">
 * with a <beforebreak> and an <afterbreak> regular expression, and
 * <maprules> whose <languagemap>s pick the rules for a language.  The
 * expressions are ICU regular expressions; each is compiled once here.
 * How the segmenter uses the rules is in segmenter.c and doc/srx.md. */
#include "internal.h"
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
};

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
			tu_error(ld->rep, ld->path, line_of(c), 0, "<%s> may hold only text%s",
				 (const char *)n->name,
				 c->type == XML_ENTITY_REF_NODE ? " (entities are not expanded)" : "");
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

/* Compiles the concatenation of parts (NULL-terminated) into *out. */
static tercume_status
compile(loader *ld, const xmlNode *el, const char *group, size_t no,
	URegularExpression **out, ...)
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
	char *before = NULL, *after = NULL;
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
	if (st == TERCUME_OK && before && *before)
		st = check_regex(ld, before_el, "beforebreak", before, group, no);
	if (st == TERCUME_OK && after && *after)
		st = check_regex(ld, after_el, "afterbreak", after, group, no);
	if (st == TERCUME_OK && before && *before)
		st = compile(ld, el, group, no, &r.before, "(?:", before, ")\\z", NULL);
	if (st == TERCUME_OK && after && *after)
		st = compile(ld, el, group, no, &r.after, after, NULL);
	/* The positions a break rule may add: (?:BEFORE)(?=AFTER). */
	if (st == TERCUME_OK && r.brk)
		st = compile(ld, el, group, no, &r.scan, "(?:", before ? before : "", ")",
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
	const char *dir = getenv("TERCUME_SRX_DIR");
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

/* ---- matching ---- */

tercume_status
tu_srx_set_text(tu_srx *x, const UChar *text, int32_t len)
{
	x->text = text;
	x->len = len;
	for (size_t i = 0; i < x->n_use; i++) {
		srx_rule *r = &x->all[x->use[i]];
		UErrorCode err = U_ZERO_ERROR;

		if (r->before) {
			uregex_setText(r->before, text, len, &err);
			uregex_useTransparentBounds(r->before, true, &err);
			uregex_useAnchoringBounds(r->before, true, &err);
		}
		if (r->after) {
			uregex_setText(r->after, text, len, &err);
			uregex_useTransparentBounds(r->after, true, &err);
			uregex_useAnchoringBounds(r->after, false, &err);
		}
		if (r->scan)
			uregex_setText(r->scan, text, len, &err);
		if (U_FAILURE(err))
			return TERCUME_ENOMEM;
	}
	return TERCUME_OK;
}

static bool
rule_matches(const tu_srx *x, const srx_rule *r, int32_t pos)
{
	UErrorCode err = U_ZERO_ERROR;

	/* afterbreak first: it is anchored at pos and cheap, beforebreak is
	 * searched for in a window before pos and dear. */
	if (r->after != NULL) {
		int32_t to = x->len - pos > TU_SRX_AFTER ? pos + TU_SRX_AFTER : x->len;

		uregex_setRegion(r->after, pos, to, &err);
		if (!uregex_lookingAt(r->after, -1, &err) || U_FAILURE(err))
			return false;
	}
	if (r->before != NULL) {
		int32_t from = pos > TU_SRX_BEFORE ? pos - TU_SRX_BEFORE : 0;

		uregex_setRegion(r->before, from, pos, &err);
		if (!uregex_findNext(r->before, &err) || U_FAILURE(err))
			return false;
	}
	return true;
}

int
tu_srx_decide(tu_srx *x, int32_t pos)
{
	for (size_t i = 0; i < x->n_use; i++) {
		const srx_rule *r = &x->all[x->use[i]];
		if (rule_matches(x, r, pos))
			return r->brk ? 1 : 0;
	}
	return -1;
}

tercume_status
tu_srx_extra_breaks(tu_srx *x, int32_t **pos, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < x->n_use; i++) {
		srx_rule *r = &x->all[x->use[i]];
		UErrorCode err = U_ZERO_ERROR;

		if (r->scan == NULL)
			continue;
		uregex_reset(r->scan, 0, &err);
		while (uregex_findNext(r->scan, &err) && U_SUCCESS(err)) {
			int32_t end = uregex_end(r->scan, 0, &err);

			if (U_FAILURE(err) || end <= 0 || end >= x->len)
				continue;
			if (!grow((void **)pos, cap, *n, sizeof **pos))
				return TERCUME_ENOMEM;
			(*pos)[(*n)++] = end;
		}
	}
	return TERCUME_OK;
}
