/* test-layout.c — the layout of plain texts of paragraphs (doc/merge.md,
 * "Layout"): how the reader splits a run of lines into blocks, and how the
 * renderer lays out a translated block (re-wrapped, line for line, centred,
 * underlined).  Every text also renders back byte for byte. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static tercume_doc *
seg(const char *text)
{
	tercume_segment_options o = TERCUME_SEGMENT_OPTIONS_INIT;
	tercume_reporter rep = { 0 };
	tercume_doc *doc = NULL;
	char *back = NULL;
	size_t len;

	o.layout = TERCUME_LAYOUT_BLANK;
	if (tercume_doc_from_text(&doc, "test", text, strlen(text), &o, &rep) != TERCUME_OK)
		return NULL;
	CHECK(tercume_doc_render(doc, NULL, &back, &len) == TERCUME_OK && len == strlen(text) &&
	      memcmp(back, text, len) == 0, "renders back byte for byte");
	free(back);
	return doc;
}

/* The units' texts, each followed by "|". */
static char *
units(const tercume_doc *doc)
{
	size_t n = 1;
	char *s;

	for (size_t i = 0; i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		n += strlen(u.text) + 1;
	}
	s = calloc(1, n);
	for (size_t i = 0; s && i < tercume_doc_unit_count(doc); i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		strcat(s, u.text);
		strcat(s, "|");
	}
	return s;
}

/* The edition with every unit replaced by prefix + its text. */
static char *
translate(const tercume_doc *doc, const char *prefix)
{
	size_t n = tercume_doc_unit_count(doc);
	char **repl = calloc(n ? n : 1, sizeof *repl);
	char *out = NULL;
	size_t len;

	for (size_t i = 0; repl && i < n; i++) {
		tercume_unit_info u;
		tercume_doc_unit(doc, i, &u);
		repl[i] = malloc(strlen(prefix) + strlen(u.text) + 1);
		if (repl[i]) {
			strcpy(repl[i], prefix);
			strcat(repl[i], u.text);
		}
	}
	if (repl == NULL || tercume_doc_render(doc, (const char *const *)repl, &out, &len) != TERCUME_OK)
		out = NULL;
	for (size_t i = 0; repl && i < n; i++)
		free(repl[i]);
	free(repl);
	return out;
}

/* A section header and an option's name over indented bodies (a man page,
 * as `man ls` renders it): each is a block of its own. */
static void
test_man_page(void)
{
	const char *text =
		"NAME\n"
		"       ls - list directory contents\n"
		"\n"
		"DESCRIPTION\n"
		"       -a, --all\n"
		"              do not ignore entries starting with .\n"
		"\n"
		"       -c     with -lt: sort by, and show, ctime (time of last modification of\n"
		"              file status information); with -l: show ctime and sort by name;\n"
		"              otherwise: sort by ctime, newest first\n"
		"\n"
		"   Exit status:\n"
		"       0      if OK,\n";
	tercume_doc *doc = seg(text);
	char *u, *ed;
	tercume_unit_info info;

	CHECK(doc != NULL, "man page: read");
	if (doc == NULL)
		return;
	u = units(doc);
	CHECK_STR(u, "NAME|ls - list directory contents|DESCRIPTION|-a, --all|"
		  "do not ignore entries starting with .|"
		  "-c     with -lt: sort by, and show, ctime (time of last modification of file status "
		  "information); with -l: show ctime and sort by name; otherwise: sort by ctime, newest first|"
		  "Exit status:|0      if OK,|",
		  "man page: headers, option names and bodies are units of their own");
	tercume_doc_unit(doc, 0, &info);
	CHECK(info.role == TERCUME_ROLE_HEADING, "man page: NAME is a heading");
	tercume_doc_unit(doc, 6, &info);
	CHECK(info.role == TERCUME_ROLE_LABEL, "man page: 'Exit status:' is a label");
	ed = translate(doc, "[xx] ");
	/* The hanging indent stays, and no line ends past column 78 (the
	 * source's widest line). */
	CHECK_STR(ed,
		  "[xx] NAME\n"
		  "       [xx] ls - list directory contents\n"
		  "\n"
		  "[xx] DESCRIPTION\n"
		  "       [xx] -a, --all\n"
		  "              [xx] do not ignore entries starting with .\n"
		  "\n"
		  "       [xx] -c     with -lt: sort by, and show, ctime (time of last\n"
		  "              modification of file status information); with -l: show ctime\n"
		  "              and sort by name; otherwise: sort by ctime, newest first\n"
		  "\n"
		  "   [xx] Exit status:\n"
		  "       [xx] 0      if OK,\n",
		  "man page: line for line, the option's paragraph re-wrapped under its hanging indent");
	free(ed);
	free(u);
	tercume_doc_free(doc);
}

/* A centred title block (Apache-2.0's): one block a line, re-centred. */
static void
test_centred(void)
{
	const char *text =
		"\n"
		"                                 Apache License\n"
		"                           Version 2.0, January 2004\n"
		"                        http://www.apache.org/licenses/\n"
		"\n"
		"   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n"
		"\n"
		"   1. Definitions.\n"
		"\n"
		"      \"License\" shall mean the terms and conditions for use, reproduction,\n"
		"      and distribution as defined by Sections 1 through 9 of this document.\n";
	tercume_doc *doc = seg(text);
	char *u, *ed;

	CHECK(doc != NULL, "centred: read");
	if (doc == NULL)
		return;
	u = units(doc);
	CHECK(u && strncmp(u, "Apache License|Version 2.0, January 2004|http://www.apache.org/licenses/|",
			   strlen("Apache License|Version 2.0, January 2004|http://www.apache.org/licenses/|")) == 0,
	      "centred: the title block is three units, the URL one of them");
	ed = translate(doc, "[xx] ");
	CHECK(ed && strncmp(ed,
			    "\n"
			    "                              [xx] Apache License\n"
			    "                        [xx] Version 2.0, January 2004\n"
			    "                     [xx] http://www.apache.org/licenses/\n",
			    strlen("\n                              [xx] Apache License\n"
				   "                        [xx] Version 2.0, January 2004\n"
				   "                     [xx] http://www.apache.org/licenses/\n")) == 0,
	      "centred: each line stays a line, around the same middle");
	free(ed);
	free(u);
	tercume_doc_free(doc);
}

/* A list after the sentence that introduces it; a table; a copyright
 * notice; an underlined heading. */
static void
test_lines(void)
{
	const char *text =
		"Title of the text\n"
		"=================\n"
		"\n"
		"In bug reports please include information about your system. For instance:\n"
		"  * What operating system and version\n"
		"  * For Linux, what version of the C library\n"
		"\n"
		"COPYING      - copying conditions\n"
		"DEPENDENCIES - list of prerequisite packages, to be installed before this one\n"
		"INSTALL      - general compilation and installation rules\n"
		"\n"
		" Copyright (C) 1989, 1991 Free Software Foundation, Inc.,\n"
		" 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n"
		" Everyone is permitted to copy and distribute verbatim copies\n"
		" of this license document, but changing it is not allowed.\n";
	tercume_doc *doc = seg(text);
	char *u, *ed;

	CHECK(doc != NULL, "lines: read");
	if (doc == NULL)
		return;
	u = units(doc);
	CHECK_STR(u, "Title of the text|"
		  "In bug reports please include information about your system.|For instance:|"
		  "What operating system and version|For Linux, what version of the C library|"
		  "COPYING      - copying conditions|"
		  "DEPENDENCIES - list of prerequisite packages, to be installed before this one|"
		  "INSTALL      - general compilation and installation rules|"
		  "Copyright (C) 1989, 1991 Free Software Foundation, Inc.,|"
		  "51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA|"
		  "Everyone is permitted to copy and distribute verbatim copies of this license "
		  "document, but changing it is not allowed.|",
		  "lines: list items, table rows and notice lines are units of their own, "
		  "bullets and underline are not text");
	CHECK(tercume_doc_block_count(doc) == 10, "lines: ten blocks (got %zu)",
	      tercume_doc_block_count(doc));
	ed = translate(doc, "[xx] ");
	CHECK_STR(ed,
		  "[xx] Title of the text\n"
		  "======================\n"
		  "\n"
		  "[xx] In bug reports please include information about your system. [xx] For instance:\n"
		  "  * [xx] What operating system and version\n"
		  "  * [xx] For Linux, what version of the C library\n"
		  "\n"
		  "[xx] COPYING      - copying conditions\n"
		  "[xx] DEPENDENCIES - list of prerequisite packages, to be installed before this one\n"
		  "[xx] INSTALL      - general compilation and installation rules\n"
		  "\n"
		  " [xx] Copyright (C) 1989, 1991 Free Software Foundation, Inc.,\n"
		  " [xx] 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA\n"
		  " [xx] Everyone is permitted to copy and distribute verbatim\n"
		  " copies of this license document, but changing it is not\n"
		  " allowed.\n",
		  "lines: line for line (a line stays one, however long), the underline as wide "
		  "as the translated title, the paragraph re-wrapped");
	free(ed);
	free(u);
	tercume_doc_free(doc);
}

/* A hard-wrapped paragraph stays one block, ragged lines and all, and is
 * re-wrapped breaking at spaces only: never inside a URL, an e-mail
 * address, a path or a hyphenated word. */
static void
test_wrap(void)
{
	const char *text =
		"Permission is hereby granted, free of charge, to any\n"
		"person obtaining a copy of this software. The above copyright\n"
		"notice shall be included in all copies.\n"
		"\n"
		"Report bugs to the address given on the project page, which is at\n"
		"https://example.org/projects/tercume/issues; mail bug-tercume@example.org\n"
		"or read /usr/share/doc/tercume/README.Debian for non-exclusive ways.\n";
	tercume_doc *doc = seg(text);
	char *ed, *line;
	bool whole = true;
	size_t widest = 0;

	CHECK(doc != NULL, "wrap: read");
	if (doc == NULL)
		return;
	CHECK(tercume_doc_block_count(doc) == 2, "wrap: two paragraphs (got %zu)",
	      tercume_doc_block_count(doc));
	ed = translate(doc, "[xx-xx-xx] ");
	for (line = ed; line && *line;) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);

		if (n > widest)
			widest = n;
		line += n + (nl != NULL);
	}
	whole = ed && strstr(ed, "https://example.org/projects/tercume/issues;") &&
		strstr(ed, "bug-tercume@example.org") && strstr(ed, "/usr/share/doc/tercume/README.Debian") &&
		strstr(ed, "non-exclusive") && strstr(ed, "[xx-xx-xx]");
	CHECK(whole, "wrap: the URL, the address, the path and the hyphenated words are whole");
	CHECK(widest <= 74, "wrap: no line is wider than the source's widest (%zu)", widest);
	if (ed && (!whole || widest > 74))
		printf("# %s\n", ed);
	free(ed);
	tercume_doc_free(doc);
}

/* A translation into a language written without spaces wraps between its
 * characters. */
static void
test_spaceless(void)
{
	const char *text = "One two three four five six\nseven eight nine ten.\n\nNext.\n";
	tercume_doc *doc = seg(text);
	const char *repl[2] = {
		"\xE4\xB8\x80\xE4\xBA\x8C\xE4\xB8\x89\xE5\x9B\x9B\xE4\xBA\x94\xE5\x85\xAD\xE4\xB8\x83"
		"\xE5\x85\xAB\xE4\xB9\x9D\xE5\x8D\x81\xE4\xB8\x80\xE4\xBA\x8C\xE4\xB8\x89\xE5\x9B\x9B"
		"\xE4\xBA\x94\xE5\x85\xAD\xE3\x80\x82", /* 一二三四五六七八九十一二三四五六。 */
		NULL,
	};
	char *out = NULL;
	size_t len;

	CHECK(doc != NULL && tercume_doc_unit_count(doc) == 2, "spaceless: read");
	if (doc == NULL || tercume_doc_unit_count(doc) != 2) {
		tercume_doc_free(doc);
		return;
	}
	/* 17 wide characters of 3 bytes, 34 columns, in a paragraph 27
	 * wide: 13 on the first line. */
	CHECK(tercume_doc_render(doc, repl, &out, &len) == TERCUME_OK && out &&
	      strchr(out, '\n') != NULL && (size_t)(strchr(out, '\n') - out) == 13 * 3,
	      "spaceless: wrapped between the characters, within the width");
	free(out);
	tercume_doc_free(doc);
}

int
main(void)
{
	test_man_page();
	test_centred();
	test_lines();
	test_wrap();
	test_spaceless();
	return tap_done();
}
