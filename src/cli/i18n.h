/* i18n.h — the translation of the messages a person reads (gettext).
 *
 * The catalogues are in nls/ (nls/README); both the program and the
 * library use the one message domain "tercume" (PACKAGE).
 *
 * The program marks its messages with _() (translated where used), N_()
 * (a string in a table, translated where printed) and ngettext() (a
 * message with a count); main.c binds the domain and makes it the default.
 *
 * The library marks its own with TU_() and TU_N() (util.c), which ask
 * dgettext for the domain "tercume" and bind it themselves, once and
 * thread-safely, so that a program that never called textdomain (or
 * another program using libtercume) still gets them translated.  The format
 * given to tu_report, tu_error and tu_warning is translated by tu_vreport
 * (xgettext finds it by those names: Makefile.am, NLS_KEYWORDS).
 *
 * What a machine reads is not marked: JSON keys, GitHub and JUnit output,
 * check names, the "FILE:LINE:COL: error:" prefix.
 *
 * With --disable-nls every macro gives back the English message. */
#ifndef TERCUME_I18N_H
#define TERCUME_I18N_H

#include "config.h"

#if ENABLE_NLS
#include <libintl.h>
#else
#define gettext(msgid) ((char *)(msgid))
#define dgettext(domain, msgid) ((void)(domain), (char *)(msgid))
#define ngettext(msgid, plural, n) ((n) == 1 ? (char *)(msgid) : (char *)(plural))
#define dngettext(domain, msgid, plural, n) \
	((void)(domain), (n) == 1 ? (char *)(msgid) : (char *)(plural))
#define textdomain(domain) ((void)(domain), (char *)PACKAGE)
#define bindtextdomain(domain, dir) ((void)(domain), (void)(dir), (char *)NULL)
#endif

#define _(msgid) gettext(msgid)
#define N_(msgid) msgid

/* Where the catalogues are: $TERCUME_LOCALEDIR (a staged install, a test),
 * else the configured $(localedir). */
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#define TERCUME_LOCALEDIR_ENV "TERCUME_LOCALEDIR"

#endif
