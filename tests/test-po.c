/* test-po.c — the PO format module: a catalogue with every state and note
 * goes through a PO file and comes back field for field; templates; the
 * same catalogue always gives the same bytes; bad files are reported. */
#include "tercume.h"
#include "tap.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/tercume-test-po.XXXXXX";

static char *
path_in(const char *name)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

#define S(x) ((x) ? (x) : "(null)")

static void
compare(const tercume_catalog *a, const tercume_catalog *b, const char *what)
{
	CHECK(tercume_catalog_count(a) == tercume_catalog_count(b), "%s: %zu entries, got %zu",
	      what, tercume_catalog_count(a), tercume_catalog_count(b));
	CHECK(same_str(tercume_catalog_source_lang(a), tercume_catalog_source_lang(b)),
	      "%s: source language %s", what, S(tercume_catalog_source_lang(b)));
	CHECK(same_str(tercume_catalog_target_lang(a), tercume_catalog_target_lang(b)),
	      "%s: target language %s", what, S(tercume_catalog_target_lang(b)));
	CHECK(same_str(tercume_catalog_source_path(a), tercume_catalog_source_path(b)),
	      "%s: source path %s", what, S(tercume_catalog_source_path(b)));
	for (size_t i = 0; i < tercume_catalog_count(a) && i < tercume_catalog_count(b); i++) {
		const tercume_entry *x = tercume_catalog_entry(a, i);
		const tercume_entry *y = tercume_catalog_entry(b, i);
		CHECK(same_str(x->id, y->id), "%s: entry %zu id %s", what, i, S(y->id));
		CHECK(same_str(x->source, y->source), "%s: %s source", what, x->id);
		CHECK(same_str(x->target, y->target), "%s: %s target '%s'", what, x->id, S(y->target));
		CHECK(x->state == y->state, "%s: %s state %s, got %s", what, x->id,
		      tercume_state_name(x->state), tercume_state_name(y->state));
		CHECK(same_str(x->context, y->context), "%s: %s context '%s'", what, x->id, S(y->context));
		CHECK(same_str(x->reference, y->reference), "%s: %s reference '%s'", what, x->id,
		      S(y->reference));
		CHECK(same_str(x->comment, y->comment), "%s: %s comment '%s'", what, x->id, S(y->comment));
		CHECK(x->match_score == y->match_score, "%s: %s match score %d, want %d",
		      what, x->id, y->match_score, x->match_score);
		CHECK(same_str(x->previous_source, y->previous_source), "%s: %s previous source '%s'",
		      what, x->id, S(y->previous_source));
		CHECK(same_str(x->format_state, y->format_state), "%s: %s format state '%s'", what,
		      x->id, S(y->format_state));
		CHECK(y->line > 0, "%s: %s has a line (%lu)", what, x->id, y->line);
	}
}

/* the fields after match_score: no codes, place, kept data or PO fields */
#define REST NULL, 0, NULL, 0, NULL, 0, { 0, 0, 0 }, NULL, 0, NULL, NULL, NULL, NULL, 0

static tercume_catalog *
sample(const char *lang)
{
	static const tercume_entry entries[] = {
		{ "4c1ea835", "Author: Natig MAMEDZADE", "Автор: Натиг МАМЕДЗАДЕ",
		  TERCUME_STATE_TRANSLATED, "byline 1", "articles/aliyev-putin-2024.en.txt:1",
		  NULL, NULL, "final", 0, 0, REST },
		{ "08e6177b", "On April 22, President of Azerbaijan Ilham Aliyev paid a working "
		  "visit to Moscow, responding to an invitation from his Russian counterpart, "
		  "Vladimir Putin.", "22 апреля президент Азербайджана Ильхам Алиев посетил Москву.",
		  TERCUME_STATE_FUZZY, "paragraph 1, sentence 1", "articles/aliyev-putin-2024.en.txt:2",
		  "Check the date.\n  Second line, indented.", "On April 21, Ilham Aliyev visited Moscow.",
		  "needs-review-l10n", 0, 87, REST },
		{ "d6ece7b4", "A sentence with \"quotes\", a\ttab and a backslash \\.", NULL,
		  TERCUME_STATE_UNTRANSLATED, "paragraph 1, sentence 2",
		  "articles/aliyev-putin-2024.en.txt:2", NULL, NULL, NULL, 0, 0, REST },
		{ "1234abcd", "Two references.", "İki istinad.", TERCUME_STATE_TRANSLATED,
		  "heading 2", "articles/a.txt:7 articles/b.txt", NULL, "Two refs.", NULL, 0, 0, REST },
		/* Obsolete entries go last: gettext writes them at the end. */
		{ "0badc0de", "A unit that left the article.", "Ушедшая фраза.",
		  TERCUME_STATE_OBSOLETE, NULL, NULL, "kept for reuse", NULL, "signed-off", 0, 0, REST },
	};
	tercume_catalog *cat = tercume_catalog_new("en", lang);

	if (cat == NULL)
		return NULL;
	tercume_catalog_set_source_path(cat, "articles/aliyev-putin-2024.en.txt");
	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
		if (tercume_catalog_add(cat, &entries[i]) != TERCUME_OK) {
			tercume_catalog_free(cat);
			return NULL;
		}
	return cat;
}

static char *
slurp(const char *path)
{
	tercume_reporter rep = { 0 };
	char *data = NULL;
	size_t len;

	if (tercume_read_file(path, &data, &len, &rep) != TERCUME_OK)
		return NULL;
	return data;
}

static void
test_roundtrip(const char *lang, const char *name)
{
	tercume_reporter rep = { 0 };
	tercume_catalog *cat = sample(lang), *back = NULL;
	char *first, *second;

	CHECK(cat != NULL, "%s: sample catalogue", name);
	if (cat == NULL)
		return;
	CHECK(tercume_catalog_write(cat, path_in(name), TERCUME_FORMAT_AUTO, &rep) == TERCUME_OK,
	      "%s: written", name);
	CHECK(tercume_catalog_read(&back, path_in(name), TERCUME_FORMAT_AUTO, &rep) == TERCUME_OK,
	      "%s: read back", name);
	CHECK(rep.errors == 0, "%s: no errors reported", name);
	if (back != NULL)
		compare(cat, back, name);
	/* Byte stability: the same catalogue, and the one read back, give
	 * the same bytes again. */
	first = slurp(path_in(name));
	CHECK(tercume_catalog_write(cat, path_in("again.po"), TERCUME_FORMAT_PO, &rep) == TERCUME_OK,
	      "%s: written again", name);
	second = slurp(path_in("again.po"));
	CHECK(first && second && strcmp(first, second) == 0, "%s: byte-identical on a second write",
	      name);
	free(second);
	if (back != NULL) {
		CHECK(tercume_catalog_write(back, path_in("again.po"), TERCUME_FORMAT_PO, &rep) ==
		      TERCUME_OK, "%s: read-back catalogue written", name);
		second = slurp(path_in("again.po"));
		CHECK(first && second && strcmp(first, second) == 0,
		      "%s: the catalogue read back writes the same bytes", name);
		free(second);
	}
	if (first != NULL) {
		CHECK(strstr(first, "\nmsgctxt \"08e6177b\"\n") != NULL, "%s: msgctxt is the ID", name);
		CHECK(strstr(first, "\n#, fuzzy\n#| msgctxt \"08e6177b\"\n#| msgid ") != NULL,
		      "%s: fuzzy flag and previous msgid", name);
		CHECK(strstr(first, "\n# xliff-state: needs-review-l10n\n") != NULL,
		      "%s: format state as a translator comment", name);
		CHECK(strstr(first, "\n#~ msgctxt \"0badc0de\"\n") != NULL,
		      "%s: the obsolete entry is #~", name);
		CHECK(strstr(first, "\n#: articles/aliyev-putin-2024.en.txt:2\n") != NULL,
		      "%s: reference", name);
		CHECK(strstr(first, "\"Project-Id-Version: aliyev-putin-2024\\n\"") != NULL,
		      "%s: Project-Id-Version from the article's name", name);
		CHECK(strstr(first, "\"X-Source-Language: en\\n\"") != NULL, "%s: X-Source-Language", name);
		if (lang != NULL) {
			char want[64];
			snprintf(want, sizeof want, "\"Language: %s\\n\"", lang);
			CHECK(strstr(first, want) != NULL, "%s: Language %s", name, lang);
		} else {
			CHECK(strstr(first, "\"Language: \\n\"") != NULL, "%s: empty Language", name);
			CHECK(strstr(first, "Plural-Forms") == NULL, "%s: no Plural-Forms", name);
		}
	}
	free(first);
	tercume_catalog_free(back);
	tercume_catalog_free(cat);
}

static void
test_plural_forms(void)
{
	static const struct { const char *lang, *forms; } want[] = {
		{ "ru", "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && \"\n"
			"\"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"" },
		{ "az", "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"" },
		{ "en-GB", "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"" },
		{ "xx", "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"" },
	};
	tercume_reporter rep = { 0 };

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		tercume_catalog *cat = tercume_catalog_new("en", want[i].lang);
		char *text;

		tercume_catalog_write(cat, path_in("pf.po"), TERCUME_FORMAT_PO, &rep);
		text = slurp(path_in("pf.po"));
		CHECK(text && strstr(text, want[i].forms), "Plural-Forms for %s", want[i].lang);
		free(text);
		tercume_catalog_free(cat);
	}
}

typedef struct seen {
	unsigned long n;
	unsigned long line;
	char message[512];
	char file[512];
} seen;

static void
collect(const tercume_diag *d, void *user)
{
	seen *s = user;

	if (s->n++ == 0) {
		s->line = d->line;
		snprintf(s->message, sizeof s->message, "%s", d->message);
		snprintf(s->file, sizeof s->file, "%s", d->file ? d->file : "");
	}
}

static void
bad(const char *name, const char *text, unsigned long line, const char *message)
{
	seen s = { 0 };
	tercume_reporter rep = { collect, &s, 0, 0 };
	tercume_catalog *cat = NULL;
	FILE *f = fopen(path_in(name), "w");
	tercume_status st;

	fputs(text, f);
	fclose(f);
	st = tercume_catalog_read(&cat, path_in(name), TERCUME_FORMAT_PO, &rep);
	CHECK(st == TERCUME_EINPUT && cat == NULL, "%s: refused (%s)", name, tercume_status_string(st));
	CHECK(s.n == 1, "%s: one diagnostic, got %lu", name, s.n);
	CHECK(s.line == line, "%s: line %lu, got %lu", name, line, s.line);
	CHECK(strstr(s.message, message) != NULL, "%s: says '%s': %s", name, message, s.message);
	CHECK(strcmp(s.file, path_in(name)) == 0, "%s: names the file", name);
	tercume_catalog_free(cat);
}

static void
test_bad(void)
{
	bad("unterminated.po", "msgctxt \"a\"\nmsgid \"abc\nmsgstr \"\"\n", 3, "within string");
	bad("escape.po", "msgctxt \"a\"\nmsgid \"a\\qb\"\nmsgstr \"\"\n", 2, "control sequence");
	bad("latin1.po", "# c\nmsgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\n"
	    "msgctxt \"a\"\nmsgid \"caf\xe9\"\nmsgstr \"\"\n", 3, "charset ISO-8859-1");
	/* plural entries and entries without msgctxt read since issue 12
	 * (tests/producers.sh) */
	bad("dup.po", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n",
	    6, "duplicate");
	/* in a tercume catalogue (X-Source-File) msgctxt is the unit ID */
	bad("dupid.po", "msgid \"\"\nmsgstr \"X-Source-File: a.txt\\n\"\n\n"
	    "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"y\"\nmsgstr \"\"\n",
	    10, "unit ID 'a' occurs twice");
	bad("notpo.po", "This is not a PO file.\nIt is prose.\n", 1, "unknown");
	bad("badutf8.po", "msgctxt \"a\"\nmsgid \"x \xc3\"\nmsgstr \"\"\n", 3, "invalid UTF-8");
}

static void
test_missing(void)
{
	seen s = { 0 };
	tercume_reporter rep = { collect, &s, 0, 0 };
	tercume_catalog *cat = NULL;

	CHECK(tercume_catalog_read(&cat, path_in("none.po"), TERCUME_FORMAT_PO, &rep) == TERCUME_EIO,
	      "a missing file is an I/O error");
	CHECK(s.n == 1 && strstr(s.message, "cannot open"), "and says so: %s", s.message);
}

int
main(void)
{
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_roundtrip("ru", "ru.po");
	test_roundtrip("az", "az.po");
	test_roundtrip(NULL, "template.pot");
	test_plural_forms();
	test_bad();
	test_missing();
	{
		/* Clean up: remove what we made. */
		static const char *const names[] = { "ru.po", "az.po", "template.pot", "again.po",
			"pf.po", "unterminated.po", "escape.po", "latin1.po", "plural.po", "dup.po",
			"dupid.po", "notpo.po", "noctxt.po", "badutf8.po" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			unlink(path_in(names[i]));
		rmdir(dir);
	}
	return tap_done();
}
