/* test-lang.c — tercume_lang_canonical: BCP 47 tags checked and
 * canonicalised with ICU (doc/cli.md, "Language tags"). */
#include "config.h"
#include "tercume.h"
#include "tap.h"

static void
good(const char *tag, const char *want)
{
	char out[160] = "";
	tercume_status st = tercume_lang_canonical(tag, out, sizeof out);

	CHECK(st == TERCUME_OK, "'%s' is a language tag", tag);
	CHECK_STR(out, want, "'%s' becomes '%s'", tag, want);
}

static void
bad(const char *tag)
{
	char out[160] = "untouched";

	CHECK(tercume_lang_canonical(tag, out, sizeof out) == TERCUME_EINPUT,
	      "'%s' is refused", tag);
	CHECK_STR(out, "untouched", "'%s': the output is left alone", tag);
}

int
main(void)
{
	char small[3];

	good("ru", "ru");
	good("RU", "ru");
	good("ru_RU", "ru-RU");
	good("ru-ru", "ru-RU");
	good("az-Latn", "az-Latn");
	good("az_latn_az", "az-Latn-AZ");
	good("sr_latn", "sr-Latn");
	good("pt-BR", "pt-BR");
	good("en", "en");
	good("zh-Hant-TW", "zh-Hant-TW");
	good("ast", "ast");
	bad("");
	bad("en US");
	bad(" en");
	bad("en-");
	bad("russian");
	bad("x-private");
	bad("e");
	bad("und");
	bad("en--US");
	bad("ru.UTF-8");
	bad("ru@cyrillic");
	bad("12");
	CHECK(tercume_lang_canonical("ru-RU", small, sizeof small) == TERCUME_EUSAGE,
	      "a buffer too small is the caller's error");
	CHECK(tercume_lang_canonical(NULL, small, sizeof small) == TERCUME_EUSAGE, "NULL tag");
	return tap_done();
}
