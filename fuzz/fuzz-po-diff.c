/* fuzz-po-diff.c — the streaming PO reader and writer (src/formats/po-stream.c)
 * against libgettextpo, on the same bytes.
 *
 * Each input is read twice: by the streaming reader from memory and by
 * libgettextpo from a file (tercume's reading on top of it, with every
 * position asked of libgettextpo itself).  The run aborts when
 *   - one accepts the file and the other refuses it;
 *   - both accept it and the catalogues differ: header fields, the number
 *     of entries, or any field of any entry, its line included;
 *   - both refuse it with a different first error (line, column or text);
 *   - the catalogue read, written by the streaming writer and by
 *     libgettextpo's, gives two different files.
 * An input the streaming reader hands to libgettextpo (another charset, a
 * domain directive) is only counted.  With FUZZ_PO_STATS set, the counts
 * go to standard error at exit. */
#include "fuzz.h"
#include "po.h"

#include <string.h>
#include <unistd.h>

typedef struct first_error {
	unsigned long errors, line, column;
	char text[512];
} first_error;

static void
keep(const tercume_diag *d, void *user)
{
	first_error *f = user;

	if (d->severity != TERCUME_SEV_ERROR)
		return;
	if (f->errors++ == 0) {
		f->line = d->line;
		f->column = d->column;
		snprintf(f->text, sizeof f->text, "%s", d->message);
	}
}

/* libgettextpo's grammar keeps the count of plural forms read in a static
 * variable that only msgid_plural resets: "msgstr[0]" without msgid_plural
 * is reported as "missing 'msgid_plural' section" in a fresh process, as
 * "plural form has wrong index" after a file with plural forms.  Each input
 * is read as by a fresh process: a message with msgid_plural and no forms
 * resets the count first. */
static void
reset_plural_counter(const char *path)
{
	static const char reset[] = "msgid \"a\"\nmsgid_plural \"b\"\n";
	tercume_catalog *cat = NULL;

	fuzz_write_file(path, reset, sizeof reset - 1);
	tu_po_gettextpo_parse(&cat, path, reset, sizeof reset - 1, path, NULL);
	tercume_catalog_free(cat);
}

static unsigned long n_inputs, n_fallback, n_accepted, n_refused, n_written;

static void
stats(void)
{
	fprintf(stderr, "fuzz-po-diff: %lu inputs: %lu accepted by both, %lu refused by both "
		"with the same first error, %lu handed to libgettextpo; %lu catalogues written "
		"alike\n", n_inputs, n_accepted, n_refused, n_fallback, n_written);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const fuzz_scratch *fs = fuzz_scratch_open("po");
	first_error fa = { 0 }, fb = { 0 };
	tercume_reporter ra = { keep, &fa, 0, 0 }, rb = { keep, &fb, 0, 0 };
	tercume_catalog *a = NULL, *b = NULL;
	tercume_status sa, sb;
	char *copy = malloc(size + 1);
	static int registered;

	if (!registered && getenv("FUZZ_PO_STATS") != NULL) {
		atexit(stats);
		registered = 1;
	}
	n_inputs++;
	FUZZ_ASSERT(copy != NULL);
	if (size > 0)
		memcpy(copy, data, size);
	copy[size] = '\0';
	if (tu_po_stream_parse(&a, &sa, fs->in, copy, size, &ra) == TU_PO_FALLBACK) {
		FUZZ_ASSERT(a == NULL && fa.errors == 0);
		n_fallback++;
		free(copy);
		return 0;
	}
	reset_plural_counter(fs->in);
	fuzz_write_file(fs->in, data, size);
	sb = tu_po_gettextpo_parse(&b, fs->in, copy, size, fs->in, &rb);
	if ((sa == TERCUME_OK) != (sb == TERCUME_OK)) {
		fprintf(stderr, "accepted by %s only; the other: line %lu: %s\n",
			sa == TERCUME_OK ? "the streaming reader" : "libgettextpo",
			sa == TERCUME_OK ? fb.line : fa.line, sa == TERCUME_OK ? fb.text : fa.text);
		FUZZ_ASSERT(!"both readers accept the same files");
	}
	if (sa != TERCUME_OK) {
		FUZZ_ASSERT(fa.errors > 0 && fb.errors > 0);
		if (fa.line != fb.line || fa.column != fb.column || strcmp(fa.text, fb.text) != 0) {
			fprintf(stderr, "first errors:\n  stream:       %lu:%lu: %s\n  "
				"libgettextpo: %lu:%lu: %s\n", fa.line, fa.column, fa.text, fb.line,
				fb.column, fb.text);
			FUZZ_ASSERT(!"both readers report the same first error");
		}
		n_refused++;
	} else {
		size_t at;
		const char *what = tu_po_catalog_difference(a, b, &at);
		tu_buf mine = TU_BUF_INIT;
		tu_out *out = malloc(sizeof *out);
		char *theirs = NULL;
		size_t theirs_len = 0;
		tercume_status wa, wb;

		if (what != NULL) {
			fprintf(stderr, "the catalogues differ: %s (entry %zu)\n", what, at);
			FUZZ_ASSERT(!"both readers read the same catalogue");
		}
		n_accepted++;
		FUZZ_ASSERT(out != NULL);
		tu_out_memory(out, &mine);
		wa = tu_po_stream_write(a, out, NULL);
		wa = tu_out_close(out, wa, NULL);
		free(out);
		wb = tu_po_gettextpo_render(a, &theirs, &theirs_len, NULL);
		FUZZ_ASSERT(wa == wb);
		if (wa == TERCUME_OK) {
			if (theirs_len != mine.len || memcmp(theirs, mine.data, mine.len) != 0) {
				fprintf(stderr, "the writers differ:\n--- stream\n%.*s\n--- "
					"libgettextpo\n%.*s\n", (int)mine.len, mine.data,
					(int)theirs_len, theirs);
				FUZZ_ASSERT(!"both writers write the same bytes");
			}
			n_written++;
		}
		free(theirs);
		tu_buf_free(&mine);
	}
	tercume_catalog_free(a);
	tercume_catalog_free(b);
	free(copy);
	return 0;
}
