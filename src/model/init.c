/* init.c — what the library sets up once per process: libxml2's parser,
 * ICU's data, and the few things it reads from the process's environment
 * (the umask, TMPDIR, TERCUME_SRX_DIR, TERCUME_XLIFF_SCHEMAS).  Reading them once, before any
 * work starts, keeps the work itself free of process-wide state: umask()
 * can only be read by setting it, which another thread creating a file at
 * that moment would see, and getenv() races with setenv(). */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <unicode/uclean.h>
#include <unicode/uregex.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static mode_t umask_value;
static const char *tmpdir_value;
static const char *srx_dir_value;
static const char *xliff_schema_dir_value;

static void
init(void)
{
	UErrorCode err = U_ZERO_ERROR;
	const char *s;

	xmlInitParser();
	u_init(&err);	/* a failure shows again where ICU is used */
	/* ICU builds the regular expression compiler's shared sets on first
	 * use, behind an atomic flag; doing it here, before any thread, also
	 * lets ThreadSanitizer (which cannot see into ICU) know it is done. */
	err = U_ZERO_ERROR;
	uregex_close(uregex_openC("a", 0, NULL, &err));
	umask_value = umask(0);
	umask(umask_value);
	s = getenv("TMPDIR");
	tmpdir_value = tu_strdup(s && *s ? s : "/tmp");
	s = getenv("TERCUME_SRX_DIR");
	srx_dir_value = tu_strdup(s && *s ? s : NULL);
	s = getenv("TERCUME_XLIFF_SCHEMAS");
	xliff_schema_dir_value = tu_strdup(s && *s ? s : NULL);
}

void
tercume_init(void)
{
	pthread_once(&once, init);
}

mode_t
tu_umask(void)
{
	tercume_init();
	return umask_value;
}

const char *
tu_tmpdir(void)
{
	tercume_init();
	return tmpdir_value ? tmpdir_value : "/tmp";
}

const char *
tu_srx_dir(void)
{
	tercume_init();
	return srx_dir_value;
}

const char *
tu_xliff_schema_dir(void)
{
	tercume_init();
	return xliff_schema_dir_value;
}
