/* xliff-valid.c — is an XLIFF document what its specification allows?
 *
 * Two layers, both run before a reader looks at the document (so that a
 * file is refused for the rule it breaks, not for what tercume cannot
 * hold):
 *
 *   1. the OASIS XML schemas of its version, through libxml2's XML Schema
 *      support (xmlSchemaValidateDoc), where they are installed (doc/xliff.md,
 *      "Validation": TERCUME_XLIFF_SCHEMAS, --with-xliff-schemas, Debian's
 *      php-symfony-translation); a note says when they are not;
 *   2. the constraints no XSD expresses, checked here in code for XLIFF 2.x
 *      whether the schemas are found or not: ID uniqueness in each scope,
 *      <sc>/<ec> and <sm>/<em> pairing across the segments of a unit,
 *      dataRef and copyOf resolution, editing hints (canCopy, canDelete,
 *      canReorder), target order, languages, fragment identifiers, sub-flows,
 *      and the module rules listed in doc/xliff.md.  Their wording follows
 *      the XLIFF 2.1 specification and its Schematron rules.
 *
 * The first violation is reported, with file and line, and the document is
 * refused (TERCUME_EINPUT). */
#include "xliff.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *xv_error_ptr;
#else
typedef xmlErrorPtr xv_error_ptr;
#endif

#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_FS "urn:oasis:names:tc:xliff:fs:2.0"
#define NS_SLR "urn:oasis:names:tc:xliff:sizerestriction:2.0"
#define NS_GLS "urn:oasis:names:tc:xliff:glossary:2.0"
#define NS_MDA "urn:oasis:names:tc:xliff:metadata:2.0"
#define NS_RES "urn:oasis:names:tc:xliff:resourcedata:2.0"
#define NS_VAL "urn:oasis:names:tc:xliff:validation:2.0"
#define NS_CTR "urn:oasis:names:tc:xliff:changetracking:2.0"
#define NS_ITS "http://www.w3.org/2005/11/its"
#define NS_ITSM "urn:oasis:names:tc:xliff:itsm:2.1"

/* ==== 1. the schemas ==================================================== */

/* Where Debian's php-symfony-translation puts its copies of the XLIFF 1.2
 * strict and 2.0 core schemas (with the W3C xml.xsd beside them). */
#define SYMFONY_SCHEMAS "/usr/share/php/Symfony/Component/Translation/Resources/schemas"

#ifndef TERCUME_XLIFF_SCHEMAS
#define TERCUME_XLIFF_SCHEMAS ""
#endif

typedef struct schema_set {
	bool tried;
	xmlSchemaPtr schema;	/* NULL: none found (or none compiled) */
	char what[512];		/* the files used, for the note */
} schema_set;

static schema_set sets[3];	/* 1.2, 2.0, 2.1 */
static char xml_xsd[4096];	/* a local copy of the W3C schema of xml:lang */

static bool
is_file(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* The directory the schemas are looked for in: the environment, then the
 * one configure was given. */
static const char *
schema_dir(void)
{
	const char *env = tu_xliff_schema_dir();	/* read once (init.c) */

	if (env && env[0])
		return env;
	return TERCUME_XLIFF_SCHEMAS;
}

static xmlExternalEntityLoader default_loader;

/* Loads what a schema imports from the local disk only: the W3C xml.xsd,
 * wherever a schema says it is (a URL, or a folder Debian does not ship),
 * comes from the copy found beside the schemas; nothing from the network. */
static xmlParserInputPtr
local_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	const char *base = url ? strrchr(url, '/') : NULL;

	if (url && base && strcmp(base, "/xml.xsd") == 0 && !is_file(url) && xml_xsd[0])
		url = xml_xsd;
	if (url && (strncmp(url, "http:", 5) == 0 || strncmp(url, "https:", 6) == 0 ||
		    strncmp(url, "ftp:", 4) == 0))
		return NULL;
	return default_loader(url, id, ctxt);
}

static void
quiet_schema(void *ctx, xv_error_ptr err)
{
	(void)ctx;
	(void)err;
}

static void
find_xml_xsd(const char *dir)
{
	static const char *const where[] = {
		"xliff-1.2/xml.xsd", "xliff-2.0/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd",
		"xliff-2.1/informativeCopiesOf3rdPartySchemas/w3c/xml.xsd", "xml.xsd",
	};

	if (xml_xsd[0])
		return;
	for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
		snprintf(xml_xsd, sizeof xml_xsd, "%s/%s", dir, where[i]);
		if (is_file(xml_xsd))
			return;
	}
	snprintf(xml_xsd, sizeof xml_xsd, "%s/xml.xsd", SYMFONY_SCHEMAS);
	if (!is_file(xml_xsd))
		xml_xsd[0] = '\0';
}

/* The module schemas of one version, relative to its folder. */
static const char *const modules20[] = {
	"modules/matches.xsd", "modules/glossary.xsd", "modules/fs.xsd", "modules/metadata.xsd",
	"modules/resource_data.xsd", "modules/size_restriction.xsd", "modules/validation.xsd",
	"modules/change_tracking.xsd", NULL,
};
static const char *const modules21[] = {
	"matches.xsd", "glossary.xsd", "fs.xsd", "metadata.xsd", "resource_data.xsd",
	"size_restriction.xsd", "validation.xsd",
	"informativeCopiesOf3rdPartySchemas/extensions/change_tracking.xsd", "its.xsd",
	"itsm.xsd", NULL,
};

/* The target namespace of a schema file, read from its first 4 KiB. */
static bool
target_ns(const char *path, char *ns, size_t size)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");
	char *p, *q;

	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strstr(buf, "targetNamespace=");
	if (p == NULL || (p[16] != '"' && p[16] != '\''))
		return false;
	q = strchr(p + 17, p[16]);
	if (q == NULL || (size_t)(q - (p + 17)) >= size)
		return false;
	memcpy(ns, p + 17, (size_t)(q - (p + 17)));
	ns[q - (p + 17)] = '\0';
	return true;
}

/* Compiles a schema that imports the core and every module schema found
 * (the core alone lets module content through its lax wildcards unchecked). */
static xmlSchemaPtr
compile(const char *core, const char *folder, const char *const *modules, char *what,
	size_t what_size)
{
	tu_buf b = TU_BUF_INIT;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s = NULL;
	char path[4096], ns[512];
	size_t nmod = 0;

	tu_buf_puts(&b, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' "
		    "targetNamespace='urn:x-tercume:driver'>\n");
	if (!target_ns(core, ns, sizeof ns)) {
		tu_buf_free(&b);
		return NULL;
	}
	tu_buf_printf(&b, "<xs:import namespace='%s' schemaLocation='%s'/>\n", ns, core);
	for (size_t i = 0; modules && modules[i]; i++) {
		snprintf(path, sizeof path, "%s/%s", folder, modules[i]);
		if (!is_file(path) || !target_ns(path, ns, sizeof ns) || strchr(path, '\''))
			continue;
		tu_buf_printf(&b, "<xs:import namespace='%s' schemaLocation='%s'/>\n", ns, path);
		nmod++;
	}
	tu_buf_puts(&b, "</xs:schema>\n");
	if (b.failed) {
		tu_buf_free(&b);
		return NULL;
	}
	/* TRANSLATORS: after the path of a schema file. */
	snprintf(what, what_size, "%s%s", core,
		 nmod ? TU_(" and its module schemas") : TU_(" (no module schemas)"));
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(local_loader);
	pc = xmlSchemaNewMemParserCtxt(b.data, (int)b.len);
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, quiet_schema, NULL);
		s = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	xmlSetExternalEntityLoader(default_loader);
	tu_buf_free(&b);
	return s;
}

/* The schema for version (12, 20 or 21), compiled once per process (under
 * schema_lock: threads share the compiled schema, which validation only
 * reads; the entity loader swapped while compiling is never used by the
 * library's own parser, which loads no external entity). */
static pthread_mutex_t schema_lock = PTHREAD_MUTEX_INITIALIZER;

static schema_set *schema_for_locked(int version);

static schema_set *
schema_for(int version)
{
	schema_set *set;

	pthread_mutex_lock(&schema_lock);
	set = schema_for_locked(version);
	pthread_mutex_unlock(&schema_lock);
	return set;
}

static schema_set *
schema_for_locked(int version)
{
	int k = version == 12 ? 0 : version == 20 ? 1 : 2;
	schema_set *set = &sets[k];
	const char *dir = schema_dir();
	char core[4096], folder[2048];

	if (set->tried)
		return set;
	set->tried = true;
	find_xml_xsd(dir[0] ? dir : SYMFONY_SCHEMAS);
	if (version == 12) {
		static const char *const names[] = {
			"xliff-1.2/xliff-core-1.2-transitional.xsd",
			"xliff-1.2/xliff-core-1.2-strict.xsd",
		};
		for (size_t i = 0; dir[0] && i < 2 && !set->schema; i++) {
			snprintf(core, sizeof core, "%s/%s", dir, names[i]);
			if (is_file(core))
				set->schema = compile(core, NULL, NULL, set->what, sizeof set->what);
		}
		snprintf(core, sizeof core, "%s/xliff-core-1.2-strict.xsd", SYMFONY_SCHEMAS);
		if (!set->schema && is_file(core))
			set->schema = compile(core, NULL, NULL, set->what, sizeof set->what);
		return set;
	}
	/* 2.1 keeps the 2.0 namespace and file name; a 2.1 document is
	 * checked with the 2.0 schemas when no 2.1 ones are found */
	for (int v = version; v >= 20 && !set->schema && dir[0]; v--) {
		if (v != 20 && v != 21)
			continue;
		snprintf(folder, sizeof folder, "%s/xliff-2.%d", dir, v - 20);
		snprintf(core, sizeof core, "%s/xliff_core_2.0.xsd", folder);
		if (is_file(core))
			set->schema = compile(core, folder, v == 21 ? modules21 : modules20,
					      set->what, sizeof set->what);
	}
	snprintf(core, sizeof core, "%s/xliff-core-2.0.xsd", SYMFONY_SCHEMAS);
	if (!set->schema && is_file(core))
		set->schema = compile(core, NULL, NULL, set->what, sizeof set->what);
	return set;
}

typedef struct schema_error {
	bool have;
	int code;	/* libxml2's */
	unsigned long line;
	char message[600];
} schema_error;

/* Shortens "{urn:oasis:names:tc:xliff:document:2.0}unit" to "unit". */
static void
strip_core_ns(char *s)
{
	static const char *const ns[] = { "{" XL_NS20 "}", "{" XL_NS12 "}" };

	for (size_t k = 0; k < 2; k++) {
		size_t n = strlen(ns[k]);
		char *p;

		while ((p = strstr(s, ns[k])) != NULL)
			memmove(p, p + n, strlen(p + n) + 1);
	}
}

static void
on_schema_error(void *ctx, xv_error_ptr err)
{
	schema_error *se = ctx;
	size_t n;

	if (se->have || err == NULL || err->level < XML_ERR_ERROR)
		return;
	se->have = true;
	se->code = err->code;
	se->line = err->line > 0 ? (unsigned long)err->line : 0;
	snprintf(se->message, sizeof se->message, "%s", err->message ? err->message : "invalid");
	n = strlen(se->message);
	while (n > 0 && (se->message[n - 1] == '\n' || se->message[n - 1] == ' '))
		se->message[--n] = '\0';
	strip_core_ns(se->message);
}

static tercume_status
validate_schema(xmlDocPtr doc, int version, bool strict, const char *path,
		tercume_reporter *rep)
{
	schema_set *set = schema_for(version);
	xmlSchemaValidCtxtPtr vc;
	schema_error se = { 0 };
	int rc;

	if (set->schema == NULL) {
		const char *dir = schema_dir();

		/* on every read, so that which file gets it does not depend on
		 * the order threads ran in; the program says it once a run */
		/* TRANSLATORS: the XLIFF version; in parentheses one or two
		   folders ("DIR and DIR"). */
		tu_report(rep, TERCUME_SEV_NOTE, path, 0, 0, NULL,
			  "the OASIS XLIFF %s schemas were not found (looked in %s%s%s): "
			  "read without schema validation; the constraints checked in "
			  "code still apply", version == 12 ? "1.2" : version == 20 ? "2.0" : "2.1",
			  dir[0] ? dir : "", dir[0] ? TU_(" and ") : "", SYMFONY_SCHEMAS);
		return TERCUME_OK;
	}
	vc = xmlSchemaNewValidCtxt(set->schema);
	if (vc == NULL)
		return TERCUME_ENOMEM;
	xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &se);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (rc == 0)
		return TERCUME_OK;
	if (rc < 0 && !se.have) {
		tu_error(rep, path, 0, 0, "the XLIFF schema validation failed inside libxml2");
		return TERCUME_ENOMEM;
	}
	if (!strict) {
		/* what other tools add to XLIFF 1.2: said, and read past */
		tu_warning(rep, path, se.line, 0, "not valid XLIFF 1.2 (schema %s): %s; read "
			   "anyway: tercume reads the units and their translations and does not "
			   "write back the rest (<header>, <seg-source>, other elements)",
			   set->what, se.have ? se.message : "invalid");
		return TERCUME_OK;
	}
	tu_error(rep, path, se.line, 0, "not valid XLIFF %s (schema %s): %s",
		 version == 12 ? "1.2" : version == 20 ? "2.0" : "2.1", set->what,
		 se.have ? se.message : TU_("invalid"));
	return TERCUME_EINPUT;
}

/* ==== 2. the constraints in code (XLIFF 2.x) ============================ */

typedef struct xv {
	const char *path;
	tercume_reporter *rep;
	bool failed;
	bool nomem;
	char *src_lang, *trg_lang;
	tu_map *file_units;	/* unit ids of the current <file> read so far */
	/* sub-flows naming a unit not read yet (they may point forward):
	 * checked at the end of the <file> */
	struct later_flow {
		char *unit;
		char *element;
		const char *attribute;	/* static */
		unsigned long line;
	} *later;
	size_t n_later, cap_later;
	/* the same for the <ctr:revisions ref> of a <file> or <group>, which
	 * may name an element of a unit further on (their nodes stay in the
	 * tree until their scope ends) */
	const xmlNode **revs;
	size_t n_revs, cap_revs;
	const char *file_id;	/* of the current <file> */
	const xmlNode *slr_file;	/* the <file> slr_standard looked at last */
	bool slr_standard;
} xv;

/* The first violation is reported, the others not. */
static void
vfail_at(xv *v, unsigned long line, const char *fmt, va_list ap)
{
	if (v->failed)
		return;
	v->failed = true;
	tu_vreport(v->rep, TERCUME_SEV_ERROR, v->path, line, 0, NULL, fmt, ap);
}

static void fail(xv *v, const xmlNode *n, const char *fmt, ...) TU_PRINTF(3, 4);
static void fail_at(xv *v, unsigned long line, const char *fmt, ...) TU_PRINTF(3, 4);

static void
fail(xv *v, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(v, n ? xl_line(n) : 0, fmt, ap);
	va_end(ap);
}

/* fail at a line, for what is reported once its node is gone. */
static void
fail_at(xv *v, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail_at(v, line, fmt, ap);
	va_end(ap);
}

static bool
core(const xmlNode *n, const char *name)
{
	return xl_is(n, XL_NS20, name);
}

static bool
is_elem(const xmlNode *n)
{
	return n && n->type == XML_ELEMENT_NODE;
}

static const char *
ns_of(const xmlNode *n)
{
	return n->ns ? (const char *)n->ns->href : "";
}

/* An attribute without namespace, borrowed from the tree, or NULL. */
static const char *
attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

static const char *
attr_ns(const xmlNode *n, const char *ns, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns && strcmp((const char *)a->ns->href, ns) == 0 &&
		    strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ?
				(const char *)a->children->content : "";
	return NULL;
}

static bool
is_yes(const char *v, bool dflt)
{
	return v == NULL ? dflt : strcmp(v, "yes") == 0;
}

/* Adds key to map; false (and *first set to the earlier node's line) when
 * it was there. */
static bool
map_add(xv *v, tu_map *m, const char *key, unsigned long line, unsigned long *first)
{
	bool added;
	size_t *slot = tu_map_slot(m, key, &added);

	if (slot == NULL) {
		v->nomem = v->failed = true;
		return true;
	}
	if (!added) {
		*first = (unsigned long)*slot;
		return false;
	}
	*slot = line;
	return true;
}

static tu_map *
new_map(xv *v)
{
	tu_map *m = tu_map_new(16);

	if (m == NULL)
		v->nomem = v->failed = true;
	return m;
}

/* ---- languages ---- */

/* Well-formed BCP 47 (RFC 5646 §2.1), without the registry: subtags of 1-8
 * letters or digits, a first subtag of 2-8 letters (or the private-use "x"
 * or grandfathered "i" singleton), every other singleton followed by a
 * subtag. */
static bool
bcp47_ok(const char *tag)
{
	const char *p = tag;
	size_t k = 0;
	bool after_singleton = false, privateuse = false;

	if (tag == NULL || tag[0] == '\0')
		return false;
	while (*p) {
		size_t n = 0;
		bool alpha = true;

		while (p[n] && p[n] != '-') {
			if (!isalnum((unsigned char)p[n]) || (unsigned char)p[n] >= 0x80)
				return false;
			if (!isalpha((unsigned char)p[n]))
				alpha = false;
			n++;
		}
		if (n == 0 || n > 8)
			return false;
		if (k == 0) {
			if (n == 1 && (tolower((unsigned char)p[0]) == 'x' || tolower((unsigned char)p[0]) == 'i'))
				after_singleton = privateuse = true;
			else if (n < 2 || !alpha)
				return false;
		} else if (n == 1 && !privateuse) {
			if (after_singleton)
				return false;
			after_singleton = true;
			privateuse = tolower((unsigned char)p[0]) == 'x';
		} else {
			after_singleton = false;
		}
		k++;
		p += n;
		if (*p == '-') {
			p++;
			if (*p == '\0')
				return false;
		}
	}
	return !after_singleton;
}

/* XPath lang(): lang equals want, or is want followed by "-…", ignoring case. */
static bool
lang_matches(const char *lang, const char *want)
{
	size_t n = strlen(want);

	return strncasecmp(lang, want, n) == 0 && (lang[n] == '\0' || lang[n] == '-');
}

/* The xml:lang in force at n and the element it is set on. */
static const char *
inherited(const xmlNode *n, const char *name, const xmlNode **where)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		const char *v = attr_ns(n, NS_XML, name);

		if (v) {
			*where = n;
			return v;
		}
	}
	*where = NULL;
	return NULL;
}

static void
check_lang(xv *v, const xmlNode *st)
{
	bool target = core(st, "target");
	const char *want = target ? v->trg_lang : v->src_lang;
	const xmlNode *where;
	const char *lang = inherited(st, "lang", &where);

	if (lang == NULL || want == NULL || v->failed)
		return;
	if (!bcp47_ok(lang)) {
		fail(v, where, "xml:lang '%s' is not a well-formed BCP 47 language tag", lang);
		return;
	}
	if (!lang_matches(lang, want)) {
		if (where == st)
			fail(v, st, "<%s> has xml:lang '%s', but the <xliff> says %s='%s' "
			     "(the language of a <%s> must be the document's %s)",
			     (const char *)st->name, lang, target ? "trgLang" : "srcLang", want,
			     (const char *)st->name, target ? "trgLang" : "srcLang");
		else
			fail(v, st, "<%s> inherits xml:lang '%s' from <%s> on line %lu, but the "
			     "<xliff> says %s='%s' (the language of a <%s> must be the document's %s)",
			     (const char *)st->name, lang, (const char *)where->name, xl_line(where),
			     target ? "trgLang" : "srcLang", want, (const char *)st->name,
			     target ? "trgLang" : "srcLang");
	}
}

/* ---- fragment identifiers (XLIFF 2.1 §3) ---- */

static bool
nmtoken(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c >= 0x80))
			return false;
	}
	return true;
}

/* Registered prefixes: the modules' (§5.x.3) and the TBX extension's. */
static bool
module_prefix(const char *p, size_t n)
{
	static const char *const known[] = {
		"mtc", "gls", "mda", "res", "ctr", "slr", "val", "its", "tbx",
	};

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i]) == n && strncmp(p, known[i], n) == 0)
			return true;
	return false;
}

/* NULL when frag (what follows the '#') is a well-formed XLIFF fragment
 * identifier, else why not. */
static const char *
fragid_error(const char *frag, char *why, size_t size)
{
	const char *p = frag;
	int last = 0;	/* 1 f, 2 g, 3 u, 4 a leaf */
	char seen[16] = "";
	size_t nseen = 0;

	if (*p == '/')
		p++;
	if (*p == '\0')
		return TU_("it is empty");
	while (*p) {
		const char *end = strchr(p, '/'), *eq;
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int rank;

		eq = memchr(p, '=', n);
		if (last == 4) {
			snprintf(why, size, TU_("'%.*s' follows the leaf selector: a note, data, "
				 "target, module or plain selector must come last, and only once"),
				 (int)n, p);
			return why;
		}
		if (eq == NULL) {
			if (!nmtoken(p, n)) {
				snprintf(why, size, TU_("'%.*s' is not an NMTOKEN id"), (int)n, p);
				return why;
			}
			rank = 4;
		} else {
			size_t pn = (size_t)(eq - p);

			if (!nmtoken(p, pn) || memchr(p, ':', pn)) {
				snprintf(why, size, TU_("the prefix '%.*s' is not an NMTOKEN"), (int)pn, p);
				return why;
			}
			if (!nmtoken(eq + 1, n - pn - 1)) {
				snprintf(why, size, TU_("'%.*s' is not an NMTOKEN id"), (int)(n - pn - 1),
					 eq + 1);
				return why;
			}
			if (pn == 1 && strchr("fgundt", p[0])) {
				rank = p[0] == 'f' ? 1 : p[0] == 'g' ? 2 : p[0] == 'u' ? 3 : 4;
				if (memchr(seen, p[0], nseen)) {
					snprintf(why, size, TU_("the prefix '%c' is used twice"), p[0]);
					return why;
				}
				if (nseen < sizeof seen - 1)
					seen[nseen++] = p[0];
			} else if (pn == 1) {
				snprintf(why, size, TU_("the prefix '%c' is unknown: core prefixes are f, "
					 "g, u, n, d and t, and a module's or extension's is longer than "
					 "one character"), p[0]);
				return why;
			} else if (!module_prefix(p, pn)) {
				snprintf(why, size, TU_("the prefix '%.*s' is not registered with the "
					 "XLIFF TC"), (int)pn, p);
				return why;
			} else {
				rank = 4;
			}
		}
		if (rank < last || (rank == last && rank != 4)) {
			snprintf(why, size, TU_("'%.*s' is out of order: file, group and unit "
				 "selectors come in that order, before any other"), (int)n, p);
			return why;
		}
		last = rank;
		p += n;
		if (*p == '/')
			p++;
	}
	return NULL;
}

static void
check_refs(xv *v, const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a && !v->failed; a = a->next) {
		const char *val;
		char why[512];
		const char *err;

		if (a->ns || strcmp((const char *)a->name, "ref") != 0 || !a->children)
			continue;
		val = (const char *)a->children->content;
		if (val == NULL || val[0] != '#')
			continue;
		err = fragid_error(val + 1, why, sizeof why);
		if (err)
			fail(v, n, "ref='%s' on <%s> is not a valid XLIFF fragment identifier: %s",
			     val, (const char *)n->name, err);
	}
}

/* ---- the inline content of a unit ---- */

/* One event of a side's content, in document order: an inline element, or
 * the end of a <pc> or <mrk> (end set). */
typedef struct event {
	const xmlNode *n;
	bool end;
	size_t segment;		/* index of its <segment>/<ignorable> in the unit */
} event;

typedef struct side {
	event *ev;
	size_t n, cap;
	tu_map *ids;		/* id -> index into ev (elements with an id) */
	const xmlNode *dup, *dup_first;	/* the first id used twice */
} side;

static void
push(xv *v, side *s, const xmlNode *n, bool end, size_t seg)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		event *p = realloc(s->ev, cap * sizeof *p);

		if (p == NULL) {
			v->nomem = v->failed = true;
			return;
		}
		s->ev = p;
		s->cap = cap;
	}
	s->ev[s->n++] = (event){ n, end, seg };
}

static void
collect(xv *v, side *s, const xmlNode *parent, size_t seg)
{
	for (const xmlNode *c = parent->children; c && !v->failed; c = c->next) {
		if (!is_elem(c) || strcmp(ns_of(c), XL_NS20) != 0)
			continue;
		push(v, s, c, false, seg);
		if (core(c, "pc") || core(c, "mrk")) {
			collect(v, s, c, seg);
			push(v, s, c, true, seg);
		}
	}
}

static bool
is_code(const xmlNode *n)
{
	return core(n, "ph") || core(n, "pc") || core(n, "sc") || core(n, "ec");
}

static const char *
reorder_of(const xmlNode *n)
{
	const char *r = attr(n, "canReorder");

	return r ? r : "yes";
}

typedef struct unit_ctx {
	const xmlNode *unit;
	const char *unit_id;
	tu_map *data;		/* data ids of <originalData> */
	tu_map *notes;		/* note ids of the unit's <notes> */
	side src, trg;
	size_t segments;	/* <segment> and <ignorable> */
	const xmlNode *clash;	/* a source code with the id of a part */
} unit_ctx;

/* Whether ref ("#n=ID", "#u=UNIT/n=ID", "#/f=FILE/u=UNIT/n=ID") names a
 * <note> of unit u. */
static bool
note_of_unit(const xv *v, const unit_ctx *u, const char *ref)
{
	const char *p = ref + 1, *note = NULL;
	bool unit_ok = true, file_ok = true, saw_unit = false;

	if (ref[0] != '#')
		return false;
	if (*p == '/')
		p++;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n > 2 && p[1] == '=' && (p[0] == 'f' || p[0] == 'u' || p[0] == 'n' || p[0] == 'g')) {
			const char *want = p[0] == 'f' ? v->file_id : p[0] == 'u' ? u->unit_id : NULL;

			if (p[0] == 'n')
				note = p + 2;
			else if (want && (strlen(want) != n - 2 || strncmp(want, p + 2, n - 2) != 0))
				*(p[0] == 'f' ? &file_ok : &unit_ok) = false;
			if (p[0] == 'u')
				saw_unit = true;
			if (p[0] == 'n' && p[n] != '\0')
				return false;
		} else
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	if (note == NULL || !file_ok || !unit_ok || (!saw_unit && ref[1] == '/'))
		return false;
	if (!saw_unit && strncmp(ref, "#f=", 3) == 0)
		return false;	/* a note of the file */
	return tu_map_get(u->notes, note, NULL);
}

static const char *const xlf_subtypes[][2] = {
	{ "xlf:lb", "fmt" }, { "xlf:pb", "fmt" }, { "xlf:b", "fmt" }, { "xlf:i", "fmt" },
	{ "xlf:u", "fmt" }, { "xlf:var", "ui" },
};

static const xmlNode *
by_id(const side *s, const char *id)
{
	size_t i;

	return id && tu_map_get(s->ids, id, &i) ? s->ev[i].n : NULL;
}

/* The attributes of one inline element. */
static void
check_element(xv *v, unit_ctx *u, const side *s, size_t i)
{
	const xmlNode *n = s->ev[i].n;
	const char *name = (const char *)n->name;
	const char *type = attr(n, "type"), *sub = attr(n, "subType");
	const char *dref = attr(n, "dataRef"), *drs = attr(n, "dataRefStart"),
		   *dre = attr(n, "dataRefEnd"), *copy = attr(n, "copyOf");
	const char *flows[] = { attr(n, "subFlows"), attr(n, "subFlowsStart"), attr(n, "subFlowsEnd") };
	static const char *const flow_names[] = { "subFlows", "subFlowsStart", "subFlowsEnd" };

	check_refs(v, n);
	/* dataRef, dataRefStart, dataRefEnd: a <data> of the unit */
	{
		const char *refs[] = { dref, drs, dre };
		static const char *const names[] = { "dataRef", "dataRefStart", "dataRefEnd" };

		for (size_t k = 0; k < 3 && !v->failed; k++)
			if (refs[k] && !tu_map_get(u->data, refs[k], NULL))
				fail(v, n, "%s='%s' on <%s> names no <data> in the <originalData> of "
				     "unit '%s'", names[k], refs[k], name, u->unit_id);
	}
	if (!v->failed && core(n, "pc") && (drs != NULL) != (dre != NULL))
		fail(v, n, "<pc> has %s without %s: they go in pairs", drs ? "dataRefStart" :
		     "dataRefEnd", drs ? "dataRefEnd" : "dataRefStart");
	if (!v->failed && core(n, "pc") &&
	    (attr(n, "equivStart") != NULL) != (attr(n, "equivEnd") != NULL))
		fail(v, n, "<pc> needs equivStart and equivEnd together");
	/* copyOf: an inline code of the unit that may be copied */
	if (!v->failed && copy) {
		const xmlNode *base = by_id(&u->src, copy);

		if (base == NULL)
			base = by_id(&u->trg, copy);
		if (dref || drs || dre)
			fail(v, n, "<%s> has copyOf and refers to original data (%s): a copy takes "
			     "its base code's", name, dref ? "dataRef" : "dataRefStart/dataRefEnd");
		else if (base == NULL)
			fail(v, n, "copyOf='%s' on <%s> names no inline code of unit '%s'", copy, name,
			     u->unit_id);
		else if (!is_yes(attr(base, "canCopy"), true))
			fail(v, n, "copyOf='%s' on <%s>: the code it copies (line %lu) says "
			     "canCopy=\"no\"", copy, name, xl_line(base));
	}
	/* type and subType */
	if (!v->failed && sub && is_code(n)) {
		if (type == NULL)
			fail(v, n, "<%s> has subType='%s' but no type (subType needs type)", name, sub);
		else if (strncmp(sub, "xlf:", 4) == 0) {
			size_t k;

			for (k = 0; k < sizeof xlf_subtypes / sizeof xlf_subtypes[0]; k++)
				if (strcmp(sub, xlf_subtypes[k][0]) == 0)
					break;
			if (k == sizeof xlf_subtypes / sizeof xlf_subtypes[0])
				fail(v, n, "subType='%s' on <%s>: the xlf: prefix is reserved and has no "
				     "such value", sub, name);
			else if (strcmp(type, xlf_subtypes[k][1]) != 0)
				fail(v, n, "subType='%s' on <%s> needs type='%s', not '%s'", sub, name,
				     xlf_subtypes[k][1], type);
		}
	}
	/* editing hints */
	if (!v->failed && is_code(n)) {
		const char *r = reorder_of(n);

		if ((strcmp(r, "no") == 0 || strcmp(r, "firstNo") == 0) &&
		    (is_yes(attr(n, "canCopy"), true) || is_yes(attr(n, "canDelete"), true)))
			fail(v, n, "<%s> has canReorder='%s', so canCopy and canDelete must be 'no'",
			     name, r);
	}
	/* sub-flows: units of the same file */
	for (size_t k = 0; k < 3 && !v->failed; k++) {
		const char *p = flows[k];

		while (p && *p && !v->failed) {
			size_t len;
			char *tok;

			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			len = strcspn(p, " \t\r\n");
			if (len == 0)
				break;
			tok = tu_strndup(p, len);
			if (tok == NULL) {
				v->nomem = v->failed = true;
				break;
			}
			if (!nmtoken(tok, len))
				fail(v, n, "%s on <%s> names '%s', which is not the id of a unit of this "
				     "<file>", flow_names[k], name, tok);
			else if (!tu_map_get(v->file_units, tok, NULL)) {
				char *el = tu_strdup(name);

				if (el == NULL || !tu_grow(&v->later, &v->cap_later, v->n_later,
							   sizeof *v->later, 8)) {
					free(el);
					v->nomem = v->failed = true;
				} else {
					v->later[v->n_later++] = (struct later_flow){
						tok, el, flow_names[k], xl_line(n)
					};
					tok = NULL;
				}
			}
			free(tok);
			p += len;
		}
	}
	if (!v->failed && core(n, "pc") && (flows[1] != NULL) != (flows[2] != NULL))
		fail(v, n, "<pc> needs subFlowsStart and subFlowsEnd together");
	/* annotations */
	if (!v->failed && (core(n, "mrk") || core(n, "sm")) && type) {
		const char *value = attr(n, "value"), *ref = attr(n, "ref");

		if (strcmp(type, "comment") == 0) {
			if ((value != NULL) == (ref != NULL))
				fail(v, n, value ? N_("<%s type=\"comment\"> must have exactly one of "
				     "value and ref (it has both)") : N_("<%s type=\"comment\"> must have "
				     "exactly one of value and ref (it has neither)"), name);
			else if (ref && !note_of_unit(v, u, ref))
				fail(v, n, "ref='%s' of a comment annotation must point to a <note> of the "
				     "same unit ('#n=NOTE-ID')", ref);
		} else if (strcmp(type, "mtc:match") == 0 && ref) {
			fail(v, n, "<%s type=\"mtc:match\"> must not have ref", name);
		}
	}
	/* <cp>: a character XML cannot carry */
	if (!v->failed && core(n, "cp")) {
		const char *hex = attr(n, "hex");
		char *end;
		unsigned long c = hex ? strtoul(hex, &end, 16) : 0;

		if (hex == NULL || hex[0] == '\0' || *end != '\0' || strspn(hex, "0123456789abcdefABCDEF") != strlen(hex) ||
		    strlen(hex) < 4 || strlen(hex) > 6 || c > 0x10FFFF)
			fail(v, n, "<cp hex='%s'>: hex must be a code point from 0000 to 10FFFF",
			     hex ? hex : "");
		else if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
			 (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF))
			fail(v, n, "<cp hex='%s'>: U+%04lX is a valid XML character and must be "
			     "written as text, not as <cp>", hex, c);
	}
	/* attributes of other namespaces on inline codes: the modules' only */
	if (!v->failed && is_code(n)) {
		for (const xmlAttr *a = n->properties; a && !v->failed; a = a->next) {
			const char *ans = a->ns ? (const char *)a->ns->href : NULL;

			if (ans == NULL || strcmp(ans, NS_XML) == 0)
				continue;
			if (strcmp(ans, NS_FS) == 0) {
				if (core(n, "ec") && !is_yes(attr(n, "isolated"), false))
					fail(v, n, "fs:%s is not allowed on an <ec> that is not isolated "
					     "(the format style of a paired code goes on its <sc>)",
					     (const char *)a->name);
			} else if (strcmp(ans, NS_SLR) != 0 && strcmp(ans, NS_ITS) != 0 &&
				   strcmp(ans, NS_ITSM) != 0) {
				fail(v, n, "<%s> has the attribute {%s}%s: inline codes take no "
				     "extension attributes, only those of the modules (fs, slr)",
				     name, ans, (const char *)a->name);
			}
		}
	}
}

/* Pairing and order of <sc>/<ec> and <sm>/<em> over one side of a unit. */
static void
check_pairs(xv *v, unit_ctx *u, side *s, const char *what)
{
	tu_map *open_sc = new_map(v), *ended = new_map(v), *open_sm = new_map(v);

	for (size_t i = 0; i < s->n && !v->failed; i++) {
		const xmlNode *n = s->ev[i].n;
		const char *id = attr(n, "id"), *start = attr(n, "startRef");
		bool iso = is_yes(attr(n, "isolated"), false);

		if (s->ev[i].end)
			continue;
		if (core(n, "ec")) {
			const xmlNode *sc = by_id(s, start);
			bool sc_here = sc && core(sc, "sc");

			if (iso && start) {
				if (sc_here)
					fail(v, n, "<ec> says isolated=\"yes\", but its <sc id='%s'> is in the "
					     "same unit (line %lu)", start, xl_line(sc));
				else
					fail(v, n, "an isolated <ec> must have an id and no startRef");
			} else if (iso && id == NULL) {
				fail(v, n, "an isolated <ec> must have an id");
			} else if (!iso && (id || start == NULL)) {
				if (start == NULL && id && by_id(s, id) && core(by_id(s, id), "sc"))
					fail(v, n, "<ec id='%s'> is not isolated, so it needs startRef='%s' "
					     "instead of id", id, id);
				else if (start == NULL)
					fail(v, n, "<ec> without isolated=\"yes\" needs a startRef naming its "
					     "<sc> in the same unit%s",
					     id ? TU_(" (or isolated=\"yes\" with its id)") : "");
				else
					fail(v, n, "<ec> has both startRef and id: a paired <ec> has only "
					     "startRef, an isolated one (isolated=\"yes\") only id");
			} else if (!iso) {
				size_t k;

				if (!sc_here || !tu_map_get(open_sc, start, &k) || k > i) {
					fail(v, n, "<ec startRef='%s'> has no <sc id='%s'> before it in the "
					     "%s of unit '%s'", start, start, what, u->unit_id);
				} else if (!v->failed) {
					static const char *const hints[] = { "canCopy", "canDelete", "canOverlap" };
					bool added;

					for (size_t h = 0; h < 3 && !v->failed; h++) {
						bool dflt = h != 2 ? true : false;

						if (is_yes(attr(sc, hints[h]), dflt) != is_yes(attr(n, hints[h]), dflt))
							fail(v, n, "<ec startRef='%s'> has %s different from its "
							     "<sc> (line %lu): they must be the same", start,
							     hints[h], xl_line(sc));
					}
					if (!v->failed) {
						const char *rs = reorder_of(sc), *re = reorder_of(n);
						const char *want = strcmp(rs, "firstNo") == 0 ? "no" : rs;

						if (strcmp(re, want) != 0)
							fail(v, n, "<ec startRef='%s'> has canReorder='%s'; its <sc> "
							     "(line %lu) says '%s', so it must be '%s'", start, re,
							     xl_line(sc), rs, want);
					}
					if (!v->failed && tu_map_slot(ended, start, &added) == NULL)
						v->nomem = v->failed = true;
					else if (!v->failed && !added)
						fail(v, n, "a second <ec startRef='%s'> in unit '%s'", start,
						     u->unit_id);
				}
			}
		} else if (core(n, "sc") && id) {
			size_t *slot;

			slot = tu_map_slot(open_sc, id, NULL);
			if (slot == NULL)
				v->nomem = v->failed = true;
			else
				*slot = i;
		} else if (core(n, "sm") && id) {
			size_t *slot = tu_map_slot(open_sm, id, NULL);

			if (slot == NULL)
				v->nomem = v->failed = true;
			else
				*slot = i;
		} else if (core(n, "em")) {
			size_t k;

			if (start == NULL || !tu_map_get(open_sm, start, &k))
				fail(v, n, "<em startRef='%s'> has no <sm id='%s'> before it in the %s of "
				     "unit '%s'", start ? start : "", start ? start : "", what, u->unit_id);
		}
	}
	/* every <sc> that is not isolated has its <ec>; an isolated one has none */
	for (size_t i = 0; i < s->n && !v->failed; i++) {
		const xmlNode *n = s->ev[i].n;
		const char *id = attr(n, "id");

		if (s->ev[i].end || !id)
			continue;
		if (core(n, "sc")) {
			bool iso = is_yes(attr(n, "isolated"), false), has = tu_map_get(ended, id, NULL);

			if (iso && has)
				fail(v, n, "<sc id='%s'> says isolated=\"yes\", but its <ec> is in the same "
				     "unit", id);
			else if (!iso && !has)
				fail(v, n, "<sc id='%s'> has no <ec startRef='%s'> after it in the %s of unit "
				     "'%s': without one it must say isolated=\"yes\"", id, id, what, u->unit_id);
		} else if (core(n, "sm")) {
			bool found = false;

			for (size_t k = i + 1; k < s->n && !found; k++)
				found = core(s->ev[k].n, "em") && attr(s->ev[k].n, "startRef") &&
					strcmp(attr(s->ev[k].n, "startRef"), id) == 0;
			if (!found)
				fail(v, n, "<sm id='%s'> has no <em startRef='%s'> after it in unit '%s'",
				     id, id, u->unit_id);
		}
	}
	tu_map_free(open_sc);
	tu_map_free(ended);
	tu_map_free(open_sm);
}

/* The key of a code event for comparing sequences: element, id, end. */
static void
event_key(const event *e, char *buf, size_t size)
{
	const xmlNode *n = e->n;
	const char *id = attr(n, "id");

	if (core(n, "ec") && attr(n, "startRef"))
		id = attr(n, "startRef");
	snprintf(buf, size, "%s%s/%s", e->end ? "/" : "", (const char *)n->name, id ? id : "");
}

/* canReorder: a "no" code follows a "firstNo" or "no" one; a non-reorderable
 * sequence of the source appears unchanged in the target. */
static void
check_reorder(xv *v, unit_ctx *u)
{
	side *s = &u->src;
	size_t prev = (size_t)-1;

	for (size_t i = 0; i < s->n && !v->failed; i++) {
		const xmlNode *n = s->ev[i].n;

		if (!is_code(n))
			continue;
		if (!s->ev[i].end && strcmp(reorder_of(n), "no") == 0 &&
		    !core(n, "ec") &&
		    (prev == (size_t)-1 || strcmp(reorder_of(s->ev[prev].n), "yes") == 0))
			fail(v, n, "<%s> has canReorder='no' but does not follow a code with "
			     "canReorder='firstNo' or 'no': a non-reorderable sequence starts with "
			     "'firstNo'", (const char *)n->name);
		prev = i;
	}
	/* the sequences, compared with the target's events */
	for (size_t i = 0; i < s->n && !v->failed && u->trg.n > 0; i++) {
		const xmlNode *n = s->ev[i].n;
		size_t j, end, t;
		char a[300], b[300];

		if (!is_code(n) || s->ev[i].end || strcmp(reorder_of(n), "firstNo") != 0)
			continue;
		for (end = i + 1; end < s->n; end++) {
			const xmlNode *m = s->ev[end].n;

			if (!is_code(m))
				continue;
			if (!(strcmp(reorder_of(m), "no") == 0 ||
			      (s->ev[end].end && strcmp(reorder_of(m), "firstNo") == 0)))
				break;
		}
		/* find the first event in the target, then walk both */
		event_key(&s->ev[i], a, sizeof a);
		for (t = 0; t < u->trg.n; t++) {
			event_key(&u->trg.ev[t], b, sizeof b);
			if (is_code(u->trg.ev[t].n) && strcmp(a, b) == 0)
				break;
		}
		if (t == u->trg.n)
			continue;	/* not in the target: canDelete="no" says the rest */
		for (j = i; j < end && !v->failed; j++) {
			if (!is_code(s->ev[j].n))
				continue;
			while (t < u->trg.n && !is_code(u->trg.ev[t].n))
				t++;
			event_key(&s->ev[j], a, sizeof a);
			if (t < u->trg.n)
				event_key(&u->trg.ev[t], b, sizeof b);
			if (t >= u->trg.n || strcmp(a, b) != 0)
				fail(v, t < u->trg.n ? u->trg.ev[t].n : n,
				     "the non-reorderable sequence of codes that starts on line %lu "
				     "(canReorder='firstNo') is changed in the target of unit '%s': "
				     "expected %s here", xl_line(n), u->unit_id, a);
			t++;
		}
	}
}

/* canDelete="no": each such code of a segment that has a target appears in
 * a target of the unit (it may move to another segment). */
static void
check_deletable(xv *v, unit_ctx *u)
{
	for (size_t i = 0; i < u->src.n && !v->failed; i++) {
		const event *e = &u->src.ev[i];
		const xmlNode *seg = NULL;
		bool has_target = false, found = false;
		char a[300], b[300];

		if (e->end || !is_code(e->n) || is_yes(attr(e->n, "canDelete"), true))
			continue;
		/* the <segment> the code is in */
		for (seg = e->n->parent; seg && !core(seg, "segment") && !core(seg, "ignorable");
		     seg = seg->parent)
			;
		for (const xmlNode *c = seg ? seg->children : NULL; c; c = c->next)
			has_target |= core(c, "target");
		if (!has_target || (seg && core(seg, "ignorable")))
			continue;
		event_key(e, a, sizeof a);
		for (size_t t = 0; t < u->trg.n && !found; t++) {
			event_key(&u->trg.ev[t], b, sizeof b);
			found = !u->trg.ev[t].end && strcmp(a, b) == 0;
		}
		if (!found)
			fail(v, e->n, "<%s> has canDelete=\"no\" but is missing from the target of "
			     "unit '%s'", (const char *)e->n->name, u->unit_id);
	}
}

/* IDs of a side: unique among its inline elements (and, in the source,
 * among the <segment>/<ignorable> ids too); a target id repeats a source
 * element of the same name or is new. */
static void
index_side(xv *v, unit_ctx *u, side *s, tu_map *parts, bool target)
{
	s->ids = new_map(v);
	for (size_t i = 0; i < s->n && !v->failed; i++) {
		const xmlNode *n = s->ev[i].n;
		const char *id = attr(n, "id");
		bool added;
		size_t *slot;

		if (s->ev[i].end || id == NULL)
			continue;
		if (!target && tu_map_get(parts, id, NULL)) {
			if (u->clash == NULL)
				u->clash = n;
			continue;
		}
		slot = tu_map_slot(s->ids, id, &added);
		if (slot == NULL) {
			v->nomem = v->failed = true;
			break;
		}
		if (!added) {
			/* reported after the pairing rules, which say more */
			if (s->dup == NULL) {
				s->dup = n;
				s->dup_first = s->ev[*slot].n;
			}
			continue;
		}
		*slot = i;
		if (target) {
			const xmlNode *m = by_id(&u->src, id);

			if (m && strcmp((const char *)m->name, (const char *)n->name) != 0)
				fail(v, n, "id '%s' of <%s> in the target is the id of a <%s> in the "
				     "source (line %lu): a target element repeats the id of its own "
				     "kind", id, (const char *)n->name, (const char *)m->name, xl_line(m));
		}
	}
}

static const char *
effective_space(const xmlNode *n)
{
	const xmlNode *where;
	const char *s = inherited(n, "space", &where);

	return s ? s : "default";
}

static void
check_unit(xv *v, const xmlNode *unit)
{
	unit_ctx u = { 0 };
	tu_map *parts = new_map(v), *orders = new_map(v);
	size_t seg_no = 0;
	bool any_segment = false;

	u.unit = unit;
	u.unit_id = attr(unit, "id") ? attr(unit, "id") : "";
	u.data = new_map(v);
	u.notes = new_map(v);
	/* notes, original data, parts */
	for (const xmlNode *c = unit->children; c && !v->failed; c = c->next) {
		unsigned long first;

		if (core(c, "originalData")) {
			for (const xmlNode *d = c->children; d && !v->failed; d = d->next)
				if (core(d, "data") && attr(d, "id") &&
				    !map_add(v, u.data, attr(d, "id"), xl_line(d), &first))
					fail(v, d, "<data id='%s'> is used twice in the <originalData> of "
					     "unit '%s' (first on line %lu)", attr(d, "id"), u.unit_id, first);
		} else if (core(c, "notes")) {
			for (const xmlNode *d = c->children; d && !v->failed; d = d->next)
				if (core(d, "note") && attr(d, "id"))
					map_add(v, u.notes, attr(d, "id"), xl_line(d), &first);
		} else if (core(c, "segment") || core(c, "ignorable")) {
			const char *id = attr(c, "id");
			int sources = 0;

			any_segment |= core(c, "segment");
			u.segments++;
			if (id && !map_add(v, parts, id, xl_line(c), &first))
				fail(v, c, "id '%s' of <%s> is used twice among the <segment> and "
				     "<ignorable> elements of unit '%s' (first on line %lu)", id,
				     (const char *)c->name, u.unit_id, first);
			for (const xmlNode *d = c->children; d; d = d->next)
				sources += core(d, "source");
			if (!v->failed && sources != 1)
				fail(v, c, "<%s> of unit '%s' has %d <source> elements: it needs exactly "
				     "one", (const char *)c->name, u.unit_id, sources);
		}
	}
	if (!v->failed && !any_segment)
		fail(v, unit, "unit '%s' has no <segment>: a unit needs at least one", u.unit_id);
	/* the content of each part */
	for (const xmlNode *c = unit->children; c && !v->failed; c = c->next) {
		const xmlNode *source = NULL, *target = NULL;
		const char *state = attr(c, "state");

		if (!core(c, "segment") && !core(c, "ignorable"))
			continue;
		seg_no++;
		for (const xmlNode *d = c->children; d; d = d->next) {
			if (core(d, "source") && !source)
				source = d;
			else if (core(d, "target") && !target)
				target = d;
		}
		if (attr(c, "subState") && state == NULL)
			fail(v, c, "<segment> has subState but no state (subState needs state)");
		else if (state && target == NULL &&
			 (strcmp(state, "translated") == 0 || strcmp(state, "reviewed") == 0 ||
			  strcmp(state, "final") == 0))
			fail(v, c, "<segment state='%s'> has no <target>: a %s segment needs one",
			     state, state);
		if (source) {
			check_lang(v, source);
			collect(v, &u.src, source, seg_no);
		}
		if (target && !v->failed) {
			const char *order = attr(target, "order");
			char key[32];
			unsigned long first, o = (unsigned long)seg_no;

			if (v->trg_lang == NULL)
				fail(v, target, "unit '%s' has a <target> but the <xliff> has no trgLang",
				     u.unit_id);
			check_lang(v, target);
			if (!v->failed && source &&
			    strcmp(effective_space(source), effective_space(target)) != 0)
				fail(v, target, "<target> has xml:space '%s' and its <source> '%s': they "
				     "must be the same", effective_space(target), effective_space(source));
			if (!v->failed && order) {
				char *end;

				o = strtoul(order, &end, 10);
				if (*end != '\0' || o < 1)
					fail(v, target, "order='%s' on <target> is not a positive integer",
					     order);
			}
			snprintf(key, sizeof key, "%lu", o);
			if (!v->failed && !map_add(v, orders, key, xl_line(target), &first))
				fail(v, target, "<target> has order %lu%s, which the <target> on line %lu "
				     "has too: order values are unique within a unit", o,
				     order ? "" : TU_(" (its position)"), first);
			collect(v, &u.trg, target, seg_no);
		}
	}
	if (!v->failed && tu_map_count(orders) > 0) {
		/* order values run from 1 to the number of parts */
		for (const xmlNode *c = unit->children; c && !v->failed; c = c->next)
			for (const xmlNode *d = (core(c, "segment") || core(c, "ignorable")) ?
			     c->children : NULL; d && !v->failed; d = d->next) {
				const char *order = core(d, "target") ? attr(d, "order") : NULL;

				if (order && strtoul(order, NULL, 10) > u.segments)
					fail(v, d, "order='%s' on <target>: unit '%s' has only %zu segments "
					     "and ignorables", order, u.unit_id, u.segments);
			}
	}
	if (!v->failed)
		index_side(v, &u, &u.src, parts, false);
	if (!v->failed)
		index_side(v, &u, &u.trg, parts, true);
	for (size_t i = 0; i < u.src.n && !v->failed; i++)
		if (!u.src.ev[i].end)
			check_element(v, &u, &u.src, i);
	for (size_t i = 0; i < u.trg.n && !v->failed; i++)
		if (!u.trg.ev[i].end)
			check_element(v, &u, &u.trg, i);
	if (!v->failed)
		check_pairs(v, &u, &u.src, "source");
	if (!v->failed)
		check_pairs(v, &u, &u.trg, "target");
	if (!v->failed)
		check_reorder(v, &u);
	if (!v->failed)
		check_deletable(v, &u);
	for (int k = 0; k < 2 && !v->failed; k++) {
		side *sd = k == 0 ? &u.src : &u.trg;

		if (sd->dup)
			fail(v, sd->dup, "id '%s' of <%s> is used twice in the %s of unit '%s' (first "
			     "on line %lu)", attr(sd->dup, "id"), (const char *)sd->dup->name,
			     k == 0 ? "source" : "target", u.unit_id, xl_line(sd->dup_first));
	}
	if (!v->failed && u.clash)
		fail(v, u.clash, "id '%s' of <%s> is also the id of a <segment> or <ignorable> of "
		     "unit '%s': ids are unique within the unit", attr(u.clash, "id"),
		     (const char *)u.clash->name, u.unit_id);
	free(u.src.ev);
	free(u.trg.ev);
	tu_map_free(u.src.ids);
	tu_map_free(u.trg.ids);
	tu_map_free(u.data);
	tu_map_free(u.notes);
	tu_map_free(parts);
	tu_map_free(orders);
}

/* ---- modules and extensions ---- */

/* Whether some element inside an <slr:data> child of n or of one of its
 * ancestors has this id (sizeInfoRef, XLIFF 2.1 §5.7.5). */
static bool
find_id_below(const xmlNode *n, const char *id)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		const char *cid;

		if (!is_elem(c))
			continue;
		cid = attr(c, "id");
		if ((cid && strcmp(cid, id) == 0) || find_id_below(c, id))
			return true;
	}
	return false;
}

static bool
size_data_has(const xmlNode *n, const char *id)
{
	for (const xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
		for (const xmlNode *c = a->parent ? a->parent->children : NULL; c; c = c->next)
			if (xl_is(c, NS_SLR, "data") && find_id_below(c, id))
				return true;
	return false;
}

/* "*", "N", "N,N" or "N,*" (sizeRestriction, storageRestriction). */
static bool
restriction_ok(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (strcmp(s, "*") == 0)
		return true;
	if (n == 0)
		return false;
	if (s[n] == '\0')
		return true;
	if (s[n] != ',')
		return false;
	s += n + 1;
	return strcmp(s, "*") == 0 || (s[0] && strspn(s, "0123456789") == strlen(s));
}

/* The Size and Length Restriction module's attributes (XLIFF 2.1 §5.7.5). */
/* Whether the <file> n is in declares a standard size profile ("xliff:…"),
 * under which sizes are integers (§5.7.6). */
static bool
slr_standard(xv *v, const xmlNode *n)
{
	while (n && n->type == XML_ELEMENT_NODE && !core(n, "file"))
		n = n->parent;
	/* one look per <file>, not one per element (linear in the file) */
	if (n == v->slr_file)
		return v->slr_standard;
	v->slr_file = n;
	v->slr_standard = false;
	for (const xmlNode *c = n && n->type == XML_ELEMENT_NODE ? n->children : NULL; c; c = c->next)
		if (xl_is(c, NS_SLR, "profiles")) {
			const char *g = attr(c, "generalProfile"), *st = attr(c, "storageProfile");

			v->slr_standard = (g && strncmp(g, "xliff:", 6) == 0) ||
					  (st && strncmp(st, "xliff:", 6) == 0);
			break;
		}
	return v->slr_standard;
}

static void
check_slr(xv *v, const xmlNode *n, int phase)
{
	static const char *const ints[] = { "equivStorage", "sizeInfo" };
	static const char *const restr[] = { "sizeRestriction", "storageRestriction" };

	if (phase == 0) {
		if (core(n, "ec") && !is_yes(attr(n, "isolated"), false))
		for (int k = 0; k < 3 && !v->failed; k++) {
			const char *an = k < 2 ? ints[k] : "sizeInfoRef";

			if (attr_ns(n, NS_SLR, an))
				fail(v, n, "slr:%s is not allowed on an <ec> that is not isolated (it "
				     "goes on the <sc>)", an);
		}
		return;
	}
	/* slr_standard walks up to the <file> and along its children: ask it
	 * only for an element that has one of the attributes, or every element
	 * of a large file would pay for a scan of the whole file. */
	for (int k = 0; k < 2 && !v->failed; k++) {
		const char *val = attr_ns(n, NS_SLR, ints[k]);

		if (val && slr_standard(v, n) && (val[0] == '\0' || strspn(val, "0123456789") != strlen(val)))
			fail(v, n, "slr:%s='%s' on <%s> is not a non-negative integer", ints[k], val,
			     (const char *)n->name);
	}
	for (int k = 0; k < 2 && !v->failed; k++) {
		const char *val = attr_ns(n, NS_SLR, restr[k]);

		if (val && !restriction_ok(val))
			fail(v, n, "slr:%s='%s' on <%s> is none of '*', 'N', 'N,N' and 'N,*'", restr[k],
			     val, (const char *)n->name);
	}
}

/* Rules on the attributes of any element: the Format Style and Size
 * Restriction modules' attributes, everywhere in the document; of n alone,
 * or with deep of its subtree too. */
static void
check_attributes(xv *v, const xmlNode *n, int phase, bool deep)
{
	if (!is_elem(n) || v->failed)
		return;
	/* libxml2 writes a namespace name as it is: one with '&', '<' or
	 * '"' would not read back from what tercume keeps of the file */
	for (const xmlNs *ns = n->nsDef; ns && phase == 0 && !v->failed; ns = ns->next)
		if (ns->href && strpbrk((const char *)ns->href, "&<\""))
			fail(v, n, "the namespace name '%s' holds '&', '<' or '\"', which "
			     "tercume does not take in a namespace name", (const char *)ns->href);
	for (const xmlAttr *a = n->properties; a && !v->failed; a = a->next) {
		const char *an = (const char *)a->name;

		if (a->ns && strcmp((const char *)a->ns->href, NS_FS) == 0 &&
		    strcmp(an, "fs") != 0 && strcmp(an, "subFs") != 0)
			fail(v, n, "fs:%s on <%s>: the Format Style module has only fs:fs and "
			     "fs:subFs", an, (const char *)n->name);
	}
	if (!v->failed)
		check_slr(v, n, phase);
	if (!v->failed && attr_ns(n, NS_FS, "subFs") && !attr_ns(n, NS_FS, "fs"))
		fail(v, n, "fs:subFs on <%s> needs fs:fs beside it", (const char *)n->name);
	if (!v->failed && attr_ns(n, NS_SLR, "sizeInfo") && attr_ns(n, NS_SLR, "sizeInfoRef"))
		fail(v, n, "<%s> has both slr:sizeInfo and slr:sizeInfoRef: one or the other",
		     (const char *)n->name);
	if (!v->failed && attr_ns(n, NS_SLR, "sizeInfoRef") &&
	    !size_data_has(n, attr_ns(n, NS_SLR, "sizeInfoRef")))
		fail(v, n, "slr:sizeInfoRef='%s' on <%s> names nothing in an <slr:data> beside "
		     "it or beside one of its ancestors", attr_ns(n, NS_SLR, "sizeInfoRef"),
		     (const char *)n->name);
	for (const xmlNode *c = deep ? n->children : NULL; c && !v->failed; c = c->next)
		check_attributes(v, c, phase, true);
}

/* The elements each module defines (XLIFF 2.1 §5); an element of a module
 * namespace that is not one of them is refused. */
static const struct module_elements {
	const char *ns;
	const char *names;	/* space-separated, with spaces around */
} module_elements[] = {
	{ XL_NS_MTC, " matches match " },
	{ NS_GLS, " glossary glossEntry term translation definition " },
	{ NS_MDA, " metadata metaGroup meta " },
	{ NS_RES, " resourceData resourceItemRef resourceItem source target reference " },
	{ NS_SLR, " profiles normalization data " },
	{ NS_VAL, " validation rule " },
	{ NS_CTR, " changeTrack revisions revision item " },
};

static void
check_module_element(xv *v, const xmlNode *n)
{
	const char *ns = ns_of(n);
	char key[128];

	for (size_t i = 0; i < sizeof module_elements / sizeof module_elements[0]; i++) {
		if (strcmp(ns, module_elements[i].ns) != 0)
			continue;
		snprintf(key, sizeof key, " %s ", (const char *)n->name);
		if (strstr(module_elements[i].names, key) == NULL)
			fail(v, n, "<%s:%s> is not an element of the module %s", n->ns->prefix ?
			     (const char *)n->ns->prefix : "", (const char *)n->name, ns);
		return;
	}
}

/* The ids of the elements below n. */
static void
gather_ids(xv *v, const xmlNode *n, tu_map *m)
{
	for (const xmlNode *c = n->children; c && !v->failed; c = c->next)
		if (is_elem(c)) {
			if (attr(c, "id") && tu_map_slot(m, attr(c, "id"), NULL) == NULL)
				v->nomem = v->failed = true;
			gather_ids(v, c, m);
		}
}

/* The element below n whose id is id, or NULL. */
static const xmlNode *
find_id(const xmlNode *n, const char *id)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_elem(c)) {
			const xmlNode *f;

			if (attr(c, "id") && strcmp(attr(c, "id"), id) == 0)
				return c;
			if ((f = find_id(c, id)) != NULL)
				return f;
		}
	return NULL;
}

/* Each <ctr:item property> of revisions (which refers to the element e)
 * is content or the name of one of e's attributes (XLIFF 2.1 §5.6.5.6,
 * as the OASIS suite reads it: an attribute the element has). */
static void
check_ctr_items(xv *v, const xmlNode *revisions, const xmlNode *e)
{
	if (e == NULL)
		return;
	for (const xmlNode *r = revisions->children; r && !v->failed; r = r->next) {
		if (!is_elem(r) || strcmp(ns_of(r), NS_CTR) != 0)
			continue;
		for (const xmlNode *it = r->children; it && !v->failed; it = it->next) {
			const char *p = is_elem(it) && strcmp(ns_of(it), NS_CTR) == 0 ?
					attr(it, "property") : NULL;

			if (p && strcmp(p, "content") != 0 && !xmlHasProp(e, (const xmlChar *)p))
				fail(v, it, "property='%s' of <ctr:item> is neither content nor an "
				     "attribute of the <%s id='%s'> its <ctr:revisions> refers to", p,
				     (const char *)e->name, attr(e, "id"));
		}
	}
}

/* Module rules beyond the schemas (XLIFF 2.1 §5 constraints). */
static void
check_module_rules(xv *v, const xmlNode *n, tu_map *u_parts)
{
	const char *ns = ns_of(n);

	if (strcmp(ns, XL_NS_MTC) == 0 && strcmp((const char *)n->name, "match") == 0) {
		const char *ref = attr(n, "ref");

		if (attr_ns(n, NS_XML, "lang"))
			fail(v, n, "<mtc:match> must not have xml:lang (its source and target say "
			     "their languages)");
		else if (attr(n, "subType") && !attr(n, "type") &&
			 strcmp(attr(n, "subType"), XL_PREVIOUS_SUBTYPE) != 0)
			fail(v, n, "<mtc:match> has subType but no type (subType needs type)");
		/* tercume before 0.2 wrote its previous-source match without a
		 * type; those catalogues still read */
		else if (ref == NULL || ref[0] != '#')
			fail(v, n, "ref='%s' of <mtc:match> must be a fragment identifier ('#' and the "
			     "id of a segment or source code of the unit)", ref ? ref : "");
		else if (u_parts && !tu_map_get(u_parts, ref + 1, NULL) && strncmp(ref, "#t=", 3) != 0)
			fail(v, n, "ref='%s' of <mtc:match> names no segment or source span of the "
			     "unit it is in", ref);
	} else if (strcmp(ns, NS_CTR) == 0 && strcmp((const char *)n->name, "revisions") == 0) {
		const char *ref = attr(n, "ref");
		const xmlNode *scope = n->parent ? n->parent->parent : NULL;
		const xmlNode *e = scope && ref ? find_id(scope, ref) : NULL;

		if (e)
			check_ctr_items(v, n, e);
		else if (scope && ref && scope->type == XML_ELEMENT_NODE && !core(scope, "unit")) {
			if (!tu_grow(&v->revs, &v->cap_revs, v->n_revs, sizeof *v->revs, 4))
				v->nomem = v->failed = true;
			else
				v->revs[v->n_revs++] = n;
		} else if (scope && ref)
			fail(v, n, "ref='%s' of <ctr:revisions> names no element of the %s it is in",
			     ref, (const char *)scope->name);
	} else if (strcmp(ns, NS_VAL) == 0 && strcmp((const char *)n->name, "rule") == 0) {
		static const char *const kinds[] = { "isPresent", "isNotPresent", "startsWith",
						     "endsWith" };
		int count = 0, positive = 0;

		/* a custom rule is an attribute of another namespace */
		for (size_t k = 0; k < 4; k++)
			if (attr(n, kinds[k])) {
				count++;
				positive += k != 1;
			}
		for (const xmlAttr *a = n->properties; a; a = a->next)
			count += a->ns != NULL && strcmp((const char *)a->ns->href, NS_VAL) != 0 &&
				 strcmp((const char *)a->ns->href, NS_XML) != 0;
		if (attr(n, "existsInSource") && positive != 1)
			fail(v, n, "<val:rule existsInSource> needs exactly one of isPresent, "
			     "startsWith and endsWith");
		else if (count != 1)
			fail(v, n, "<val:rule> needs exactly one of isPresent, isNotPresent, startsWith, "
			     "endsWith or a custom rule (it has %d)", count);
	} else if (strcmp(ns, NS_GLS) == 0 && strcmp((const char *)n->name, "glossEntry") == 0) {
		bool has = false;

		for (const xmlNode *c = n->children; c; c = c->next)
			has |= is_elem(c) && strcmp(ns_of(c), NS_GLS) == 0 &&
			       (strcmp((const char *)c->name, "translation") == 0 ||
				strcmp((const char *)c->name, "definition") == 0);
		if (!has)
			fail(v, n, "<gls:glossEntry> needs a <gls:translation> or a <gls:definition>");
	} else if (strcmp(ns, NS_RES) == 0 && (strcmp((const char *)n->name, "source") == 0 ||
					       strcmp((const char *)n->name, "target") == 0)) {
		/* a resource's target may be in another language than trgLang
		 * (the spec constrains the source only) */
		bool content = false;
		const char *lang = attr_ns(n, NS_XML, "lang");
		bool src = strcmp((const char *)n->name, "source") == 0;
		const char *want = src ? v->src_lang : v->trg_lang;

		for (const xmlNode *c = n->children; c; c = c->next)
			content |= is_elem(c) || (c->type == XML_TEXT_NODE && c->content &&
						  strspn((const char *)c->content, " \t\r\n") !=
						  strlen((const char *)c->content));
		if (attr(n, "href") && content)
			fail(v, n, "<res:%s> has both href and content: it takes one or the other",
			     (const char *)n->name);
		else if (src && lang && want && !lang_matches(lang, want))
			fail(v, n, "<res:%s> has xml:lang '%s', but the <xliff> says %s='%s'",
			     (const char *)n->name, lang, src ? "srcLang" : "trgLang", want);
	}
}

/* An extension or module element of a scope (<file>, <group>, <unit>) and
 * its descendants: the module's rules, and ids (id or xml:id) unique per
 * namespace within the scope. */
static void
check_extension(xv *v, const xmlNode *n, tu_map *ids, tu_map *parts)
{
	const char *ns = ns_of(n);

	if (strcmp(ns, XL_NS20) == 0)
		return;	/* core content inside a module element (a match's source) */
	check_module_element(v, n);
	for (int k = 0; k < 2 && !v->failed; k++) {
		const char *id = k == 0 ? attr(n, "id") : attr_ns(n, NS_XML, "id");
		char *key;
		unsigned long first;

		if (id == NULL)
			continue;
		key = malloc(strlen(ns) + strlen(id) + 2);
		if (key == NULL) {
			v->nomem = v->failed = true;
			break;
		}
		sprintf(key, "%s %s", ns, id);
		if (!map_add(v, ids, key, xl_line(n), &first))
			fail(v, n, "id '%s' of <%s> is used twice among the elements of namespace "
			     "%s in this scope (first on line %lu)", id, (const char *)n->name, ns,
			     first);
		free(key);
	}
	if (!v->failed)
		check_module_rules(v, n, parts);
	check_refs(v, n);
	for (const xmlNode *c = n->children; c && !v->failed; c = c->next)
		if (is_elem(c))
			check_extension(v, c, ids, parts);
}

static void
check_notes(xv *v, const xmlNode *scope)
{
	for (const xmlNode *c = scope->children; c && !v->failed; c = c->next) {
		tu_map *ids;

		if (!core(c, "notes"))
			continue;
		ids = new_map(v);
		for (const xmlNode *n = c->children; n && !v->failed; n = n->next) {
			unsigned long first;

			if (core(n, "note") && attr(n, "id") &&
			    !map_add(v, ids, attr(n, "id"), xl_line(n), &first))
				fail(v, n, "<note id='%s'> is used twice in these <notes> (first on line %lu)",
				     attr(n, "id"), first);
		}
		tu_map_free(ids);
	}
}

/* The extension and module elements that are children of a scope. */
static void
check_scope_extensions(xv *v, const xmlNode *scope)
{
	tu_map *ids = new_map(v), *parts = NULL;

	/* what a match may point at: the unit's segments and source codes */
	if (core(scope, "unit")) {
		parts = new_map(v);
		for (const xmlNode *c = scope->children; c && !v->failed; c = c->next)
			if (core(c, "segment") || core(c, "ignorable")) {
				if (attr(c, "id") && tu_map_slot(parts, attr(c, "id"), NULL) == NULL)
					v->nomem = v->failed = true;
				for (const xmlNode *d = c->children; d; d = d->next)
					if (core(d, "source"))
						gather_ids(v, d, parts);
			}
	}
	for (const xmlNode *c = scope->children; c && !v->failed; c = c->next)
		if (is_elem(c))
			check_extension(v, c, ids, parts);
	tu_map_free(ids);
	tu_map_free(parts);
}

/* ---- the document as a parse reads it ---- */

struct xl_vstream {
	xv v;
	schema_error se;	/* the schema validator's first error */
	xmlSchemaValidCtxtPtr vc;	/* NULL: no schema */
	const char *what;	/* the schema's name, for the error */
	int version;
	tu_map *file_ids;	/* of the document */
	tu_map *group_ids;	/* of the current <file>; its unit ids: v.file_units */
	/* What the schema sees of the document but its units: the root, the
	 * files and groups and all their other children, and for each run of
	 * units one placeholder unit.  Each unit is validated alone (the
	 * schemas declare every element globally and have no identity
	 * constraint, so the document is valid when both are); the document
	 * is validated at the end.  Pushed one at a time into a parse, libxml2
	 * would keep a step of its content-model automaton per child of a
	 * <file>: 8 MB for 75,000 units. */
	xmlDocPtr shape;
	xmlNodePtr at;		/* the element of shape children go into */
};

/* The copy of n (not its children) at the end of the shape, or NULL. */
static xmlNodePtr
shape_add(xl_vstream *s, const xmlNode *n, int deep)
{
	xmlNodePtr c;

	if (s->vc == NULL || s->v.nomem)
		return NULL;
	c = xmlDocCopyNode((xmlNodePtr)n, s->shape, deep);
	if (c == NULL || xmlAddChild(s->at ? s->at : (xmlNodePtr)s->shape, c) == NULL) {
		xmlFreeNode(c);
		s->v.nomem = true;
		return NULL;
	}
	return c;
}

/* Appends to parent (of doc) an element name of XLIFF 2 that any schema
 * takes (a <file> or <unit> with the least content), or NULL. */
static xmlNodePtr
least(xmlDocPtr doc, xmlNodePtr parent, const char *name, unsigned short line)
{
	xmlNodePtr e = xmlNewDocNode(doc, NULL, (const xmlChar *)name, NULL), seg;

	if (e == NULL || xmlAddChild(parent, e) == NULL) {
		xmlFreeNode(e);
		return NULL;
	}
	e->line = line;
	xmlSetNs(e, xmlSearchNsByHref(doc, parent, (const xmlChar *)XL_NS20));
	if (xmlNewProp(e, (const xmlChar *)"id", (const xmlChar *)"u") == NULL)
		return NULL;
	if (strcmp(name, "file") == 0)
		return least(doc, e, "unit", line) ? e : NULL;
	if ((seg = xmlNewChild(e, e->ns, (const xmlChar *)"segment", NULL)) == NULL ||
	    xmlNewChild(seg, e->ns, (const xmlChar *)"source", NULL) == NULL)
		return NULL;
	return e;
}

/* A unit that any schema takes, for a run of units of the document. */
static void
shape_unit(xl_vstream *s, const xmlNode *unit)
{
	xmlNodePtr u;

	if (s->vc == NULL || s->v.nomem || (s->at->last && s->at->last->_private == s))
		return;
	if ((u = least(s->shape, s->at, "unit", unit->line)) == NULL)
		s->v.nomem = true;
	else
		u->_private = s;	/* a placeholder */
}

static bool schema_valid(xl_vstream *s, xmlNodePtr n);

/* The attributes of n (the root, a <file> or a <group>, just started) as
 * the schema sees them, so that a schema error in them is reported before
 * what the code finds: n without its children, given the least content
 * its schema takes. */
static bool
attrs_valid(xl_vstream *s, const xmlNode *n)
{
	xmlDocPtr doc;
	xmlNodePtr c;
	bool ok = true;

	if (s->vc == NULL || s->v.nomem)
		return true;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	c = doc ? xmlDocCopyNode((xmlNodePtr)n, doc, 2) : NULL;
	if (c == NULL || xmlAddChild((xmlNodePtr)doc, c) == NULL) {
		xmlFreeNode(c);
		s->v.nomem = true;
	} else if (strcmp((const char *)n->name, "group") != 0 &&
		   least(doc, c, strcmp((const char *)n->name, "xliff") == 0 ? "file" : "unit",
			 n->line) == NULL)
		s->v.nomem = true;
	else
		ok = schema_valid(s, c);
	xmlFreeDoc(doc);
	return ok;
}

/* A child of a <file> or <group> head (notes, a skeleton, a module's
 * element): valid against its declaration, when the schemas have one (the
 * scopes take any other namespace's elements, laxly). */
static bool
child_valid(xl_vstream *s, const xmlNode *n)
{
	if (schema_valid(s, (xmlNodePtr)n) || !s->se.have)
		return true;
	if (s->se.code == XML_SCHEMAV_CVC_ELT_1 && s->se.line == xl_line(n) &&
	    strcmp(ns_of(n), XL_NS20) != 0) {
		s->se.have = false;	/* no declaration: taken as it is */
		return true;
	}
	return false;
}

/* Validates n (a unit of the document, or the shape's root) against the
 * schema: false when it is not valid (the error is in s->se). */
static bool
schema_valid(xl_vstream *s, xmlNodePtr n)
{
	int rc;

	if (s->vc == NULL)
		return true;
	rc = n->parent && n->parent->type == XML_DOCUMENT_NODE ?
	     xmlSchemaValidateDoc(s->vc, n->doc) : xmlSchemaValidateOneElement(s->vc, n);
	if (rc < 0 && !s->se.have) {
		tu_error(s->v.rep, s->v.path, xl_line(n), 0, "the XLIFF schema validation failed "
			 "inside libxml2");
		s->v.nomem = s->v.failed = true;
	}
	return rc == 0;
}

/* The <ctr:revisions> waiting for an element below their scope that e
 * (a <group> just started or a <unit> just read) is or holds. */
static void
resolve_revs(xv *v, const xmlNode *e, bool below)
{
	for (size_t i = 0; i < v->n_revs && !v->failed;) {
		const xmlNode *rev = v->revs[i], *scope = rev->parent->parent, *a = e->parent;
		const char *ref = attr(rev, "ref"), *id = attr(e, "id");
		const xmlNode *hit;

		while (a && a != scope)
			a = a->parent;
		hit = a == NULL ? NULL : id && strcmp(id, ref) == 0 ? e : below ? find_id(e, ref) : NULL;
		if (hit == NULL) {
			i++;
			continue;
		}
		check_ctr_items(v, rev, hit);
		v->revs[i] = v->revs[--v->n_revs];
	}
}

/* The scope ends: what its <ctr:revisions> name is not in it. */
static void
unresolved_revs(xv *v, const xmlNode *scope)
{
	for (size_t i = 0; i < v->n_revs && !v->failed; i++)
		if (v->revs[i]->parent->parent == scope)
			fail(v, v->revs[i], "ref='%s' of <ctr:revisions> names no element of the %s it "
			     "is in", attr(v->revs[i], "ref"), (const char *)scope->name);
}

xl_vstream *
xl_vstream_new(int version, const char *path, tercume_reporter *rep,
	       tercume_status *st)
{
	xl_vstream *s = calloc(1, sizeof *s);
	schema_set *set;

	*st = TERCUME_ENOMEM;
	if (s == NULL)
		return NULL;
	s->v.path = path;
	s->v.rep = rep;
	s->version = version;
	s->file_ids = new_map(&s->v);
	set = schema_for(version);
	if (set->schema == NULL)
		(void)validate_schema(NULL, version, true, path, rep);	/* the note */
	else if ((s->vc = xmlSchemaNewValidCtxt(set->schema)) != NULL &&
		 (s->shape = xmlNewDoc((const xmlChar *)"1.0")) != NULL) {
		xmlSchemaSetValidStructuredErrors(s->vc, on_schema_error, &s->se);
		s->what = set->what;
	} else
		s->v.nomem = true;
	if (s->v.nomem) {
		xl_vstream_free(s);
		return NULL;
	}
	*st = TERCUME_OK;
	return s;
}

static void
drop_later(xv *v)
{
	for (size_t i = 0; i < v->n_later; i++) {
		free(v->later[i].unit);
		free(v->later[i].element);
	}
	v->n_later = 0;
}

void
xl_vstream_free(xl_vstream *s)
{
	if (s == NULL)
		return;
	if (s->vc)
		xmlSchemaFreeValidCtxt(s->vc);
	xmlFreeDoc(s->shape);
	tu_map_free(s->file_ids);
	tu_map_free(s->group_ids);
	tu_map_free(s->v.file_units);
	drop_later(&s->v);
	free(s->v.later);
	free(s->v.revs);
	free(s->v.src_lang);
	free(s->v.trg_lang);
	free(s);
}

static tercume_status
status_of(const xl_vstream *s)
{
	if (s->v.nomem)
		return TERCUME_ENOMEM;
	return s->v.failed ? TERCUME_EINPUT : TERCUME_OK;
}

/* Before the checks of an element: the schema's first error, if any, is
 * the one reported, as it is in a part of the document read before the
 * element or in the element itself. */
static bool
schema_failed(xl_vstream *s)
{
	if (s->se.have && !s->v.failed) {
		tu_error(s->v.rep, s->v.path, s->se.line, 0, "not valid XLIFF %s (schema %s): %s",
			 s->version == 20 ? "2.0" : "2.1", s->what, s->se.message);
		s->v.failed = true;
	}
	return s->v.failed;
}

tercume_status
xl_vstream_root(xl_vstream *s, const xmlNode *root)
{
	xv *v = &s->v;

	if (!attrs_valid(s, root) || schema_failed(s))
		return status_of(s);
	s->at = shape_add(s, root, 2);
	v->src_lang = xl_attr(root, "srcLang");
	v->trg_lang = xl_attr(root, "trgLang");
	/* where the size attributes may go, then what their values may be */
	check_attributes(v, root, 0, false);
	check_attributes(v, root, 1, false);
	if (v->failed)
		;
	else if (v->src_lang && !bcp47_ok(v->src_lang))
		fail(v, root, "srcLang '%s' is not a well-formed BCP 47 language tag", v->src_lang);
	else if (v->trg_lang && !bcp47_ok(v->trg_lang))
		fail(v, root, "trgLang '%s' is not a well-formed BCP 47 language tag", v->trg_lang);
	return status_of(s);
}

tercume_status
xl_vstream_file(xl_vstream *s, const xmlNode *file)
{
	xv *v = &s->v;
	unsigned long first;

	if (!attrs_valid(s, file) || schema_failed(s))
		return status_of(s);
	if (s->at)
		s->at = shape_add(s, file, 2);
	if (attr(file, "id") &&
	    !map_add(v, s->file_ids, attr(file, "id"), xl_line(file), &first))
		fail(v, file, "<file id='%s'> is used twice in this document (first on line %lu)",
		     attr(file, "id"), first);
	tu_map_free(s->group_ids);
	tu_map_free(v->file_units);
	s->group_ids = new_map(v);
	v->file_units = new_map(v);
	/* one key per unit, each looked up once (and by sub-flows) */
	if (v->file_units)
		tu_map_set_dense(v->file_units);
	v->file_id = attr(file, "id");
	v->slr_file = NULL;	/* a new <file> may take the freed one's address */
	drop_later(v);
	return status_of(s);
}

tercume_status
xl_vstream_group(xl_vstream *s, const xmlNode *group)
{
	xv *v = &s->v;
	const char *id = attr(group, "id");
	unsigned long first;

	if (!attrs_valid(s, group) || schema_failed(s))
		return status_of(s);
	if (s->at)
		s->at = shape_add(s, group, 2);
	if (id == NULL)
		fail(v, group, "<group> has no id");
	else if (!map_add(v, s->group_ids, id, xl_line(group), &first))
		fail(v, group, "<group id='%s'> is used twice in this <file> (first on line %lu)",
		     id, first);
	if (!v->failed)
		resolve_revs(v, group, false);
	return status_of(s);
}

tercume_status
xl_vstream_head(xl_vstream *s, const xmlNode *scope)
{
	xv *v = &s->v;

	for (const xmlNode *c = scope->children; c && !s->se.have; c = c->next)
		if (is_elem(c) && !core(c, "unit") && !core(c, "group"))
			(void)child_valid(s, c);
	if (schema_failed(s))
		return status_of(s);
	/* the scope's attributes are checked here, not at its start: those of
	 * the Size Restriction module depend on the <file>'s <slr:profiles> */
	check_attributes(v, scope, 0, false);
	check_attributes(v, scope, 1, false);
	for (const xmlNode *c = scope->children; c && !v->failed; c = c->next)
		if (is_elem(c) && !core(c, "unit") && !core(c, "group")) {
			check_attributes(v, c, 0, true);
			if (!v->failed)
				check_attributes(v, c, 1, true);
		}
	if (!v->failed && core(scope, "file")) {
		bool content = false;

		for (const xmlNode *c = scope->children; c && !v->failed; c = c->next) {
			if (!core(c, "skeleton"))
				continue;
			for (const xmlNode *d = c->children; d; d = d->next)
				content = true;
			if (attr(c, "href") && content)
				fail(v, c, "<skeleton> has both href and content: it takes one or the "
				     "other");
			else if (!attr(c, "href") && !content)
				fail(v, c, "<skeleton> is empty and has no href: it needs one or the "
				     "other");
		}
	}
	if (!v->failed)
		check_notes(v, scope);
	if (!v->failed)
		check_scope_extensions(v, scope);
	if (!v->failed)
		check_refs(v, scope);
	return status_of(s);
}

tercume_status
xl_vstream_unit(xl_vstream *s, const xmlNode *unit)
{
	xv *v = &s->v;
	const char *id = attr(unit, "id");
	unsigned long first;

	if (s->at) {
		shape_unit(s, unit);
		if (!schema_valid(s, (xmlNodePtr)unit))
			(void)schema_failed(s);
	}
	if (schema_failed(s))
		return status_of(s);
	check_attributes(v, unit, 0, true);
	if (!v->failed)
		check_attributes(v, unit, 1, true);
	if (v->failed)
		;
	else if (id == NULL)
		fail(v, unit, "<unit> has no id");
	else if (!map_add(v, v->file_units, id, xl_line(unit), &first))
		fail(v, unit, "<unit id='%s'> is used twice in this <file> (first on line %lu)",
		     id, first);
	if (!v->failed)
		check_notes(v, unit);
	if (!v->failed)
		check_scope_extensions(v, unit);
	if (!v->failed)
		check_unit(v, unit);
	if (!v->failed)
		resolve_revs(v, unit, true);
	return status_of(s);
}

tercume_status
xl_vstream_child(xl_vstream *s, const xmlNode *n)
{
	if (s->at && (n->type == XML_ELEMENT_NODE || n->type == XML_TEXT_NODE ||
		      n->type == XML_CDATA_SECTION_NODE))
		shape_add(s, n, 1);
	return status_of(s);
}

/* The copy of the scope that ends is done. */
static void
shape_up(xl_vstream *s)
{
	if (s->at)
		s->at = s->at->parent;
}

tercume_status
xl_vstream_scope_end(xl_vstream *s, const xmlNode *scope)
{
	shape_up(s);
	if (schema_failed(s))
		return status_of(s);
	unresolved_revs(&s->v, scope);
	return status_of(s);
}

tercume_status
xl_vstream_file_end(xl_vstream *s, const xmlNode *file)
{
	xv *v = &s->v;

	if (xl_vstream_scope_end(s, file) == TERCUME_OK)
		for (size_t i = 0; i < v->n_later && !v->failed; i++)
			if (!tu_map_get(v->file_units, v->later[i].unit, NULL))
				fail_at(v, v->later[i].line, "%s on <%s> names '%s', which is not the id "
					"of a unit of this <file>", v->later[i].attribute,
					v->later[i].element, v->later[i].unit);
	drop_later(v);
	/* what only this file needed */
	tu_map_free(v->file_units);
	tu_map_free(s->group_ids);
	v->file_units = s->group_ids = NULL;
	return status_of(s);
}

tercume_status
xl_vstream_end(xl_vstream *s)
{
	xmlNodePtr root = s->shape ? xmlDocGetRootElement(s->shape) : NULL;

	if (!schema_failed(s) && s->vc && root && !schema_valid(s, root))
		(void)schema_failed(s);
	return status_of(s);
}

/* ==== the entry point ==================================================== */

tercume_status
xl_validate(xmlDocPtr doc, int version, bool strict, const char *path, tercume_reporter *rep)
{
	return validate_schema(doc, version, strict || version != 12, path, rep);
}
