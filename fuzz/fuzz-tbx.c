/* fuzz-tbx.c — the TBX glossary reader (glossary.c), then the terms and
 * spelling checks with the glossary read.
 *
 * tercume_glossary_read takes a path, so each input is written to a file in
 * a private temporary directory first.
 *
 * Invariants checked on every input:
 *   - a failure is reported (at least one error diagnostic) and gives no
 *     glossary: reading may fail, it must not crash, leak or fail silently;
 *   - a glossary read counts its terms consistently (the terms in any
 *     language are at least those in Russian plus those in Azerbaijani);
 *   - checking a small Russian and an Azerbaijani catalogue with it
 *     succeeds, whatever terms it holds, and counts what it reports. */
#include "fuzz.h"
#include "tercume.h"

#include <string.h>
#include <unistd.h>

static const char *const units[][3] = {
	{ "ru", "Peacekeepers left Garabagh and Khankendi (in 2024).",
	  "Миротворцы покинули Карабах и Ханкенди (в 2024 году)." },
	{ "ru", "The Baikal-Amur Mainline (BAM) is 50.", "Байкало-Амурской магистрали (БАМ) 50 лет." },
	{ "az", "Peacekeepers left Garabagh.", "Sülhməramlılar Qarabağı tərk edib." },
	{ "az", "The \"Zangezur corridor\".", "\"Zəngəzur dəhlizi\"." },
};

static unsigned long n_seen;

static void
count(const tercume_finding *f, void *user)
{
	(void)user;
	FUZZ_ASSERT(f->check != NULL && f->message != NULL);
	n_seen++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tercume_reporter rep = { 0 };
	tercume_glossary *g = NULL;
	tercume_status st;
	const fuzz_scratch *fs = fuzz_scratch_open("tbx");

	fuzz_write_file(fs->in, data, size);
	st = tercume_glossary_read(&g, fs->in, &rep);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(g == NULL);
		FUZZ_ASSERT(rep.errors > 0);
		return 0;
	}
	FUZZ_ASSERT(g != NULL);
	FUZZ_ASSERT(tercume_glossary_term_count(g, NULL) >=
		    tercume_glossary_term_count(g, "ru") + tercume_glossary_term_count(g, "az"));
	FUZZ_ASSERT(tercume_glossary_term_count(g, NULL) >= tercume_glossary_concept_count(g));
	for (size_t l = 0; l < 2; l++) {
		const char *lang = l ? "az" : "ru";
		tercume_catalog *cat = tercume_catalog_new("en", lang);
		tercume_check_options o = TERCUME_CHECK_OPTIONS_INIT;
		const char *const dirs[] = { "/nonexistent", NULL };	/* no dictionary: a note */
		tercume_check_result res;
		tercume_reporter crep = { 0 };

		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
			tercume_entry e = { 0 };
			char id[8];

			if (strcmp(units[i][0], lang) != 0)
				continue;
			snprintf(id, sizeof id, "u%zu", i);
			e.id = id;
			e.source = units[i][1];
			e.target = units[i][2];
			e.state = TERCUME_STATE_TRANSLATED;
			e.context = "paragraph 1";
			FUZZ_ASSERT(tercume_catalog_add(cat, &e) == TERCUME_OK);
		}
		o.glossary = g;
		o.dictionary_dirs = dirs;
		o.fn = count;
		n_seen = 0;
		FUZZ_ASSERT(tercume_catalog_check(cat, &o, &res, &crep) == TERCUME_OK);
		FUZZ_ASSERT(res.errors + res.warnings + res.notes == n_seen);
		tercume_catalog_free(cat);
	}
	tercume_glossary_free(g);
	return 0;
}
