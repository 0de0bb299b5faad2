/* xml.c — the one way libtercume reads XML (XLIFF, SRX, TMX): from memory,
 * with no network, no DTD loading and no entity expansion; a document that
 * declares an entity is refused at the declaration, before anything could
 * be expanded (billion laughs, external entities).  libxml2 never prints:
 * its first error comes back as one diagnostic with file, line and column. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* The generic error handler swapped below is the calling thread's own in a
 * libxml2 built with threads (xmlGenericError is thread-local there), so
 * the swap is no process-wide state. */
#ifndef LIBXML_THREAD_ENABLED
#error "libxml2 without thread support: its error handlers would be process-wide"
#endif

/* libxml2 2.12 made the error const in xmlStructuredErrorFunc. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *tu_xml_error_ptr;
#else
typedef xmlErrorPtr tu_xml_error_ptr;
#endif

typedef struct parse_state {
	unsigned flags;
	tu_xml_element_only_fn element_only;	/* or NULL */
	charactersSAXFunc characters;		/* libxml2's own */
	const tu_xml_hooks *hooks;		/* or NULL */
	startElementNsSAX2Func start_element;	/* libxml2's own, under the hooks */
	endElementNsSAX2Func end_element;
	bool stopped;		/* a hook stopped the parse (and reported why) */
	const char *refused;	/* why parsing was stopped, or NULL */
	unsigned long refused_line;
	bool have_error;	/* the first error libxml2 raised */
	unsigned long line, column;
	char message[512];
} parse_state;

static void
on_error(void *user, tu_xml_error_ptr err)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt ? ctxt->_private : NULL;
	size_t n;

	if (ps == NULL || err == NULL || err->level < XML_ERR_ERROR || ps->have_error)
		return;
	ps->have_error = true;
	ps->line = err->line > 0 ? (unsigned long)err->line : 0;
	ps->column = err->int2 > 0 ? (unsigned long)err->int2 : 0;
	snprintf(ps->message, sizeof ps->message, "%s",
		 err->message ? err->message : "malformed XML");
	n = strlen(ps->message);
	while (n > 0 && (ps->message[n - 1] == '\n' || ps->message[n - 1] == ' '))
		ps->message[--n] = '\0';
}

static void
refuse(xmlParserCtxtPtr ctxt, const char *why)
{
	parse_state *ps = ctxt->_private;

	if (ps->refused == NULL) {
		ps->refused = why;
		ps->refused_line = ctxt->input ? (unsigned long)ctxt->input->line : 0;
	}
	xmlStopParser(ctxt);
}

/* <!DOCTYPE …> has been read, before any declaration inside it. */
static void
on_doctype(void *user, const xmlChar *name, const xmlChar *external_id,
	   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	if (!(ps->flags & TU_XML_ALLOW_DOCTYPE))
		refuse(ctxt, "a DOCTYPE declaration is not accepted (no DTD, no entities)");
}

static void
on_entity(void *user, const xmlChar *name, int type, const xmlChar *public_id,
	  const xmlChar *system_id, xmlChar *content)
{
	(void)name;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	refuse(user, "entity declarations are not allowed (no DTD, no entities)");
}

/* No XML_PARSE_NOENT, DTDLOAD or DTDATTR: entities stay unexpanded and no
 * DTD is read; NONET forbids any network access.  (Not XML_PARSE_COMPACT:
 * it keeps short texts in a text node's properties field, which the
 * readers look at on any node.) */
#define TU_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
			XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

/* The bytes being parsed, handed to libxml2 a chunk at a time: given the
 * whole buffer at once (xmlCtxtReadMemory), libxml2 2.9 copies all of it
 * into its input buffer, a second copy of the file held until the tree is
 * built; read through this callback it keeps only a window of it. */
typedef struct mem_input {
	const char *data;
	size_t len, at;
} mem_input;

static int
mem_read(void *user, char *buf, int size)
{
	mem_input *in = user;
	size_t n = in->len - in->at;

	if (size <= 0)
		return 0;
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, in->data + in->at, n);
	in->at += n;
	/* what libxml2 has copied is not read again: a mapped file's pages
	 * behind it may go */
	tu_input_passed(in->data, in->data + in->at);
	return (int)n;
}

static int
mem_close(void *user)
{
	(void)user;
	return 0;
}

static bool
all_blank(const xmlChar *s, int len)
{
	for (int i = 0; i < len; i++)
		if (!IS_BLANK_CH(s[i]))
			return false;
	return true;
}

/* Character data: dropped when it is whitespace directly inside an
 * element that holds elements only (and no text node is being extended),
 * else built into the tree as libxml2 does. */
static void
on_characters(void *user, const xmlChar *s, int len)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;
	xmlNodePtr n = ctxt->node;

	if (n != NULL && n->type == XML_ELEMENT_NODE && all_blank(s, len) &&
	    (n->last == NULL || n->last->type != XML_TEXT_NODE) &&
	    ps->element_only(n->ns ? (const char *)n->ns->href : NULL, (const char *)n->name))
		return;
	ps->characters(user, s, len);
}

/* The hooks, around libxml2's tree builder. */

static void
on_start_element(void *user, const xmlChar *localname, const xmlChar *prefix,
		 const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		 int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;

	ps->start_element(user, localname, prefix, uri, nb_namespaces, namespaces,
			  nb_attributes, nb_defaulted, attributes);
	if (ps->stopped || ctxt->node == NULL || ps->hooks->start == NULL)
		return;
	if (!ps->hooks->start(ps->hooks->user, ctxt->node)) {
		ps->stopped = true;
		xmlStopParser(ctxt);
	}
}

static void
on_end_element(void *user, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = user;
	parse_state *ps = ctxt->_private;
	xmlNodePtr n = ctxt->node;
	bool drop = false;

	ps->end_element(user, localname, prefix, uri);
	if (ps->stopped || n == NULL || n->type != XML_ELEMENT_NODE || ps->hooks->end == NULL)
		return;
	if (!ps->hooks->end(ps->hooks->user, n, &drop)) {
		ps->stopped = true;
		xmlStopParser(ctxt);
	}
	if (drop && n != (xmlNodePtr)xmlDocGetRootElement(ctxt->myDoc)) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
		/* libxml2 appends the next text to the last text node it made
		 * through the length it remembers (nodelen, nodemem); with the
		 * element gone, the parent's last child may be an earlier text
		 * node that those do not describe: make it append the slow way */
		ctxt->nodelen = 0;
		ctxt->nodemem = 0;
	}
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

tercume_status
tu_xml_parse(const char *path, unsigned flags, xmlDocPtr *out, tercume_reporter *rep)
{
	tercume_status st;
	char *data;
	size_t len;

	*out = NULL;
	st = tercume_read_file(path, &data, &len, rep);
	if (st != TERCUME_OK)
		return st;
	st = tu_xml_parse_memory(path, data, len, flags, out, rep);
	free(data);
	return st;
}

tercume_status
tu_xml_parse_memory(const char *path, const char *data, size_t len, unsigned flags,
		    xmlDocPtr *out, tercume_reporter *rep)
{
	return tu_xml_parse_memory_lean(path, data, len, flags, NULL, out, rep);
}

tercume_status
tu_xml_parse_memory_lean(const char *path, const char *data, size_t len, unsigned flags,
			 tu_xml_element_only_fn element_only, xmlDocPtr *out,
			 tercume_reporter *rep)
{
	return tu_xml_parse_stream(path, data, len, flags, element_only, NULL, out, rep);
}

tercume_status
tu_xml_parse_stream(const char *path, const char *data, size_t len, unsigned flags,
		    tu_xml_element_only_fn element_only, const tu_xml_hooks *hooks,
		    xmlDocPtr *out, tercume_reporter *rep)
{
	xmlGenericErrorFunc old_fn;
	void *old_ctx;
	parse_state ps;
	mem_input in = { data, len, 0 };
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	tercume_status st = TERCUME_OK;

	*out = NULL;
	if (len > INT32_MAX) {
		tu_error(rep, path, 0, 0, "the file is too large (over 2 GiB)");
		return TERCUME_EINPUT;
	}
	/* With hooks, the parse is driven here (xmlParseDocument): a hook
	 * may stop it, and what it built is still wanted (xmlCtxtReadIO would
	 * free it). */
	if (hooks == NULL)
		ctxt = xmlNewParserCtxt();
	else if ((ctxt = xmlCreateIOParserCtxt(NULL, NULL, mem_read, mem_close, &in,
					      XML_CHAR_ENCODING_NONE)) != NULL)
		xmlCtxtUseOptions(ctxt, TU_XML_OPTIONS);
	if (ctxt == NULL)
		return TERCUME_ENOMEM;
	memset(&ps, 0, sizeof ps);
	ps.flags = flags;
	ctxt->_private = &ps;
	ctxt->sax->serror = on_error;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->entityDecl = on_entity;
	if (element_only) {
		ps.element_only = element_only;
		ps.characters = ctxt->sax->characters;
		ctxt->sax->characters = on_characters;
		ctxt->sax->ignorableWhitespace = on_characters;
	}
	if (hooks) {
		ps.hooks = hooks;
		ps.start_element = ctxt->sax->startElementNs;
		ps.end_element = ctxt->sax->endElementNs;
		ctxt->sax->startElementNs = on_start_element;
		ctxt->sax->endElementNs = on_end_element;
	}
	/* libxml2 reports encoding errors (a declared encoding the bytes do
	 * not follow) to its generic handler, which prints: silence it while
	 * parsing, and put back the host's. */
	old_fn = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	if (hooks == NULL)
		doc = xmlCtxtReadIO(ctxt, mem_read, mem_close, &in, path, NULL, TU_XML_OPTIONS);
	else {
		xmlParseDocument(ctxt);
		doc = ctxt->myDoc;
		ctxt->myDoc = NULL;
	}
	xmlSetGenericErrorFunc(old_ctx, old_fn);
	if (ps.stopped) {
		/* the hook has said why */
		xmlFreeParserCtxt(ctxt);
		*out = doc;
		return TERCUME_EINPUT;
	}
	if (ps.refused) {
		tu_error(rep, path, ps.refused_line, 0, "%s", TU_(ps.refused));
		st = TERCUME_EINPUT;
	} else if (doc == NULL || !ctxt->wellFormed || ps.have_error) {
		if (ps.have_error)
			tu_error(rep, path, ps.line, ps.column, "malformed XML: %s", ps.message);
		else
			tu_error(rep, path, ctxt->input ? (unsigned long)ctxt->input->line : 0, 0,
				 "malformed XML");
		st = TERCUME_EINPUT;
	}
	xmlFreeParserCtxt(ctxt);
	if (st != TERCUME_OK) {
		xmlFreeDoc(doc);
		return st;
	}
	*out = doc;
	return TERCUME_OK;
}
