/* spell.c — words against a hunspell dictionary (libhunspell), for the
 * `spelling` check (qa.c, doc/check.md).  Dictionaries are the .aff/.dic
 * pairs Debian's hunspell-LL packages install in /usr/share/hunspell; a
 * dictionary in another encoding than UTF-8 (SET in the .aff) gets its
 * words converted with ICU. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <hunspell.h>
#include <unicode/ucnv.h>
#include <unicode/uloc.h>

struct tu_speller {
	Hunhandle *h;
	UConverter *conv;	/* NULL: the dictionary is UTF-8 */
	char name[64];
	char *buf;		/* the word in the dictionary's encoding */
	size_t cap;
	tu_map *seen;		/* word → 1 + its verdict: a catalogue repeats
				   its words, and hunspell takes about 2 µs a
				   word it knows and far more for one it does
				   not (issue 15: 6 of check's 9 s at 10 MB) */
};

/* libhunspell 1.7.1 (Debian bookworm) shares one table among its
 * instances with a counter that is not thread-safe: two threads creating
 * or destroying a Hunspell at once can free it under the other (hunspell
 * issue 727, fixed after 1.7.1).  Projects check catalogues on several
 * threads, each with its own speller: creation and destruction take this
 * lock; checking a word needs none. */
static pthread_mutex_t hunspell_lock = PTHREAD_MUTEX_INITIALIZER;

static Hunhandle *
hunspell_create(const char *aff, const char *dic)
{
	Hunhandle *h;

	pthread_mutex_lock(&hunspell_lock);
	h = Hunspell_create(aff, dic);
	pthread_mutex_unlock(&hunspell_lock);
	return h;
}

static void
hunspell_destroy(Hunhandle *h)
{
	pthread_mutex_lock(&hunspell_lock);
	Hunspell_destroy(h);
	pthread_mutex_unlock(&hunspell_lock);
}

/* At most this many words are remembered (a few MB at the most). */
#define SEEN_MAX ((size_t)200000)

static bool
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* ll_RR for lang from ICU's likely subtags ("ru" -> "ru_RU"), and ll. */
static void
candidates(const char *lang, char names[2][32])
{
	UErrorCode err = U_ZERO_ERROR;
	char locale[ULOC_FULLNAME_CAPACITY], likely[ULOC_FULLNAME_CAPACITY];
	char l[16] = "", r[8] = "";

	names[0][0] = names[1][0] = '\0';
	uloc_forLanguageTag(lang ? lang : "", locale, sizeof locale, NULL, &err);
	if (U_FAILURE(err))
		return;
	uloc_addLikelySubtags(locale, likely, sizeof likely, &err);
	if (U_FAILURE(err)) {
		err = U_ZERO_ERROR;
		snprintf(likely, sizeof likely, "%s", locale);
	}
	uloc_getLanguage(likely, l, sizeof l, &err);
	err = U_ZERO_ERROR;
	uloc_getCountry(locale, r, sizeof r, &err);
	if (U_FAILURE(err) || r[0] == '\0') {
		err = U_ZERO_ERROR;
		uloc_getCountry(likely, r, sizeof r, &err);
	}
	if (l[0] == '\0')
		return;
	if (r[0] != '\0')
		snprintf(names[0], 32, "%s_%s", l, r);
	snprintf(names[1], 32, "%s", l);
}

tercume_status
tu_speller_open(tu_speller **out, const char *lang, const char *const *dirs,
		char *tried, size_t tried_size)
{
	char names[2][32], aff[4096], dic[4096];

	*out = NULL;
	candidates(lang, names);
	if (tried_size > 0) {
		tu_buf b = TU_BUF_INIT;
		char *t = NULL;

		for (int k = 0; k < 2; k++)
			if (names[k][0])
				tu_buf_printf(&b, "%s%s.dic", b.len ? ", " : "", names[k]);
		for (const char *const *d = dirs; d && *d; d++)
			/* TRANSLATORS: "ru_RU.dic, ru.dic in /usr/share/hunspell". */
			tu_buf_printf(&b, "%s%s", d == dirs ? TU_(" in ") : ", ", *d);
		if (tu_buf_finish(&b, &t, NULL) != TERCUME_OK)
			return TERCUME_ENOMEM;
		snprintf(tried, tried_size, "%s", t ? t : "");
		free(t);
	}
	for (const char *const *d = dirs; d && *d; d++)
		for (int k = 0; k < 2; k++) {
			tu_speller *s;
			const char *enc;

			if (names[k][0] == '\0')
				continue;
			snprintf(aff, sizeof aff, "%s/%s.aff", *d, names[k]);
			snprintf(dic, sizeof dic, "%s/%s.dic", *d, names[k]);
			if (!readable(aff) || !readable(dic))
				continue;
			s = calloc(1, sizeof *s);
			if (s == NULL)
				return TERCUME_ENOMEM;
			s->h = hunspell_create(aff, dic);
			if (s->h == NULL) {
				free(s);
				return TERCUME_ENOMEM;
			}
			snprintf(s->name, sizeof s->name, "%s", names[k]);
			s->seen = tu_map_new(1024);	/* NULL: no memory, each word asked */
			enc = Hunspell_get_dic_encoding(s->h);
			if (enc && strcmp(enc, "UTF-8") != 0 && strcmp(enc, "utf-8") != 0) {
				UErrorCode err = U_ZERO_ERROR;
				s->conv = ucnv_open(enc, &err);
				if (U_FAILURE(err)) {
					/* an encoding ICU does not know: not usable */
					hunspell_destroy(s->h);
					tu_map_free(s->seen);
					free(s);
					continue;
				}
			}
			*out = s;
			return TERCUME_OK;
		}
	return TERCUME_OK;
}

const char *
tu_speller_name(const tu_speller *s)
{
	return s ? s->name : "";
}

int
tu_speller_check(tu_speller *s, const char *word, size_t len)
{
	const char *w = word;
	size_t need = len + 1, *slot = NULL, known;
	int ok;

	if (s->conv)
		need = 4 * len + 8;
	if (need > s->cap) {
		char *b = realloc(s->buf, need);
		if (b == NULL)
			return 1;	/* out of memory: do not flag what could not be checked */
		s->buf = b;
		s->cap = need;
	}
	if (s->conv) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t n = ucnv_convert(ucnv_getName(s->conv, &err), "UTF-8", s->buf,
					 (int32_t)s->cap, word, (int32_t)len, &err);
		if (U_FAILURE(err) || n < 0)
			return 0;	/* a word the dictionary cannot spell */
		s->buf[n] = '\0';
	} else {
		memcpy(s->buf, word, len);
		s->buf[len] = '\0';
	}
	w = s->buf;
	if (s->seen && tu_map_get(s->seen, w, &known))
		return (int)known - 1;
	ok = Hunspell_spell(s->h, w) != 0;
	if (s->seen && tu_map_count(s->seen) < SEEN_MAX && (slot = tu_map_slot(s->seen, w, NULL)))
		*slot = 1 + (size_t)ok;
	return ok;
}

void
tu_speller_close(tu_speller *s)
{
	if (s == NULL)
		return;
	hunspell_destroy(s->h);
	if (s->conv)
		ucnv_close(s->conv);
	tu_map_free(s->seen);
	free(s->buf);
	free(s);
}
