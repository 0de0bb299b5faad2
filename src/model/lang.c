/* lang.c — BCP 47 language tags, checked and canonicalised with ICU. */
#include "internal.h"

#include <string.h>

#include <unicode/uloc.h>

tercume_status
tercume_lang_canonical(const char *tag, char *out, size_t size)
{
	char norm[ULOC_FULLNAME_CAPACITY], locale[ULOC_FULLNAME_CAPACITY];
	char result[ULOC_FULLNAME_CAPACITY];
	UErrorCode err = U_ZERO_ERROR;
	int32_t parsed = 0, len;
	size_t n, primary;

	if (tag == NULL || out == NULL || size == 0)
		return TERCUME_EUSAGE;
	n = strlen(tag);
	if (n == 0 || n >= sizeof norm)
		return TERCUME_EINPUT;
	/* The POSIX spelling (ru_RU, as in LANG) means the same tag. */
	for (size_t i = 0; i <= n; i++)
		norm[i] = tag[i] == '_' ? '-' : tag[i];
	/* The primary language subtag: 2 or 3 letters.  BCP 47 reserves 4
	 * and registers 5-8 letter ones for nothing, and ICU would take
	 * "russian" as a language. */
	primary = strcspn(norm, "-");
	if (primary < 2 || primary > 3)
		return TERCUME_EINPUT;
	for (size_t i = 0; i < primary; i++)
		if (!((norm[i] >= 'a' && norm[i] <= 'z') || (norm[i] >= 'A' && norm[i] <= 'Z')))
			return TERCUME_EINPUT;
	/* Strict: ICU must take the whole tag ("en US" stops after "en"). */
	uloc_forLanguageTag(norm, locale, (int32_t)sizeof locale, &parsed, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || parsed != (int32_t)n)
		return TERCUME_EINPUT;
	err = U_ZERO_ERROR;
	len = uloc_toLanguageTag(locale, result, (int32_t)sizeof result, 1, &err);
	if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || len <= 0 ||
	    strcmp(result, "und") == 0)
		return TERCUME_EINPUT;
	if ((size_t)len >= size)
		return TERCUME_EUSAGE;
	memcpy(out, result, (size_t)len + 1);
	return TERCUME_OK;
}
