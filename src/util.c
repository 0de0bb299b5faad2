/* util.c — diagnostics, byte buffers and file helpers shared by the library. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ustring.h>

/* ---- translation ---- */

#if ENABLE_NLS
static pthread_once_t bound = PTHREAD_ONCE_INIT;

/* The same place as the program's (main.c), so that binding twice agrees. */
static void
bind_domain(void)
{
	const char *dir = getenv(TERCUME_LOCALEDIR_ENV);

	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
}
#endif

const char *
tu_gettext(const char *msgid)
{
#if ENABLE_NLS
	pthread_once(&bound, bind_domain);
#endif
	return dgettext(PACKAGE, msgid);
}

const char *
tu_ngettext(const char *msgid, const char *plural, unsigned long n)
{
#if ENABLE_NLS
	pthread_once(&bound, bind_domain);
#endif
	return dngettext(PACKAGE, msgid, plural, n);
}

const char *
tu_messages_lang(char *buf, size_t size)
{
	/* The catalogue's header (the translation of ""), when one is in use. */
	const char *header = tu_gettext(""), *p = strstr(header, "Language: ");
	size_t n;

	if (p == NULL || size == 0) {
		snprintf(buf, size, "en");
		return buf;
	}
	p += strlen("Language: ");
	n = strcspn(p, "\n");
	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p);
	if (buf[0] == '\0')
		snprintf(buf, size, "en");
	return buf;
}

const char *
tercume_status_string(tercume_status status)
{
	switch (status) {
	/* TRANSLATORS: the statuses of the library (tercume_status_string). */
	case TERCUME_OK: return TU_("ok");
	case TERCUME_EINPUT: return TU_("malformed input");
	case TERCUME_EIO: return TU_("input/output error");
	case TERCUME_ENOMEM: return TU_("out of memory");
	case TERCUME_EUSAGE: return TU_("invalid argument");
	}
	return TU_("unknown status");
}

const char *
tercume_version(void)
{
	return PACKAGE_VERSION;
}

/* fmt: already translated. */
static void
vreport(tercume_reporter *rep, tercume_severity sev, const char *file,
	unsigned long line, unsigned long column, const char *check,
	const char *fmt, va_list ap)
{
	char msg[1024];
	tercume_diag d;

	if (rep == NULL)
		return;
	if (sev == TERCUME_SEV_ERROR)
		rep->errors++;
	else if (sev == TERCUME_SEV_WARNING)
		rep->warnings++;
	if (rep->fn == NULL)
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	d.severity = sev;
	d.file = file;
	d.line = line;
	d.column = column;
	d.check = check;
	d.message = msg;
	rep->fn(&d, rep->user);
}

void
tu_vreport(tercume_reporter *rep, tercume_severity sev, const char *file,
	   unsigned long line, unsigned long column, const char *check,
	   const char *fmt, va_list ap)
{
	vreport(rep, sev, file, line, column, check, TU_(fmt), ap);
}

void
tu_report(tercume_reporter *rep, tercume_severity sev, const char *file,
	  unsigned long line, unsigned long column, const char *check,
	  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tu_vreport(rep, sev, file, line, column, check, fmt, ap);
	va_end(ap);
}

void
tu_nreport(tercume_reporter *rep, tercume_severity sev, const char *file,
	   unsigned long line, unsigned long column, const char *check,
	   unsigned long n, const char *msgid, const char *plural, ...)
{
	va_list ap;

	va_start(ap, plural);
	vreport(rep, sev, file, line, column, check, TU_N(msgid, plural, n), ap);
	va_end(ap);
}

/* ---- tu_buf ---- */

static bool
buf_reserve(tu_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return false;
	if (extra > (size_t)-1 - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (p == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->failed = true;
	return false;
}

void
tu_buf_append(tu_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
tu_buf_puts(tu_buf *b, const char *s)
{
	tu_buf_append(b, s, strlen(s));
}

void
tu_buf_putc_slow(tu_buf *b, char c)
{
	tu_buf_append(b, &c, 1);
}

void
tu_buf_printf(tu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

tercume_status
tu_buf_finish(tu_buf *b, char **out, size_t *out_len)
{
	if (!b->failed && b->data == NULL)
		buf_reserve(b, 0);
	if (b->failed) {
		tu_buf_free(b);
		return TERCUME_ENOMEM;
	}
	b->data[b->len] = '\0';
	*out = b->data;
	if (out_len)
		*out_len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return TERCUME_OK;
}

void
tu_buf_free(tu_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

char *
tu_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
tu_strdup(const char *s)
{
	return s ? tu_strndup(s, strlen(s)) : NULL;
}

/* ---- files ---- */

tercume_status
tercume_read_file(const char *path, char **out, size_t *out_len, tercume_reporter *rep)
{
	tu_buf b = TU_BUF_INIT;
	char chunk[65536];
	struct stat st;
	size_t n;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		tu_error(rep, path, 0, 0, "cannot open: %s", strerror(errno));
		return TERCUME_EIO;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > TU_MAX_INPUT)
		goto too_large;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (n > TU_MAX_INPUT - b.len)
			goto too_large;
		tu_buf_append(&b, chunk, n);
	}
	if (ferror(f)) {
		tu_error(rep, path, 0, 0, "cannot read: %s", strerror(errno));
		fclose(f);
		tu_buf_free(&b);
		return TERCUME_EIO;
	}
	fclose(f);
	if (tu_buf_finish(&b, out, out_len) != TERCUME_OK) {
		tu_error(rep, path, 0, 0, "out of memory reading the file");
		return TERCUME_ENOMEM;
	}
	return TERCUME_OK;
too_large:
	/* TRANSLATORS: %s is the size, "1 GiB". */
	tu_error(rep, path, 0, 0, "the file is larger than %s, the most tercume reads",
		 TU_MAX_INPUT_TEXT);
	fclose(f);
	tu_buf_free(&b);
	return TERCUME_EINPUT;
}

/* Where an output to path goes.  A new file, or an existing regular file,
 * is replaced atomically: a temporary file is written beside it (beside
 * the file a symbolic link points to, so the link stays a link) and renamed
 * over it.  Anything else that exists (a character device such as
 * /dev/full or /dev/null, a FIFO, /dev/stdout when it is a pipe) is written
 * in place: renaming over it would replace the device node or the pipe
 * with a regular file (doc/limits.md). */
typedef struct target {
	bool direct;		/* write in place */
	char *real;		/* the file to replace (malloc'd), when !direct */
} target;

static tercume_status
output_target(const char *path, target *t)
{
	struct stat st;

	t->direct = false;
	t->real = NULL;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		t->direct = true;
		return TERCUME_OK;
	}
	t->real = realpath(path, NULL);	/* NULL for a new file */
	if (t->real == NULL)
		t->real = tu_strdup(path);
	return t->real ? TERCUME_OK : TERCUME_ENOMEM;
}

static bool
write_all(int fd, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		done += (size_t)w;
	}
	return true;
}

/* Writes data into the existing non-regular file path. */
static tercume_status
write_in_place(const char *path, const char *data, size_t len, tercume_reporter *rep)
{
	int fd = open(path, O_WRONLY | O_NOCTTY);

	if (fd < 0) {
		tu_error(rep, path, 0, 0, "cannot open for writing: %s", strerror(errno));
		return TERCUME_EIO;
	}
	if (!write_all(fd, data, len)) {
		tu_error(rep, path, 0, 0, "cannot write: %s", strerror(errno));
		close(fd);
		return TERCUME_EIO;
	}
	if (close(fd) != 0) {
		tu_error(rep, path, 0, 0, "cannot write: %s", strerror(errno));
		return TERCUME_EIO;
	}
	return TERCUME_OK;
}

/* Makes an empty temporary file named after `beside` (".tmp-XXXXXX"
 * appended) and returns its descriptor and malloc'd name. */
static int
make_temp(const char *beside, char **tmp, const char *report_as, tercume_reporter *rep)
{
	size_t plen = strlen(beside);
	int fd;

	*tmp = malloc(plen + 16);
	if (*tmp == NULL)
		return -1;
	memcpy(*tmp, beside, plen);
	memcpy(*tmp + plen, ".tmp-XXXXXX", 12);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		tu_error(rep, report_as, 0, 0, "cannot create a temporary file beside it: %s",
			 strerror(errno));
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Gives the temporary file the permissions of the file it replaces, or the
 * usual ones. */
static void
set_mode(int fd, const char *tmp, const char *real)
{
	struct stat st;
	mode_t mode;

	if (stat(real, &st) == 0)
		mode = st.st_mode & 07777;
	else
		mode = 0666 & ~tu_umask();	/* read once: init.c says why */
	if (fd >= 0)
		fchmod(fd, mode);
	else
		chmod(tmp, mode);
}

tercume_status
tercume_write_file_atomic(const char *path, const char *data, size_t len,
			  tercume_reporter *rep)
{
	target t;
	char *tmp = NULL;
	tercume_status st;
	int fd;

	st = output_target(path, &t);
	if (st != TERCUME_OK)
		return st;
	if (t.direct)
		return write_in_place(path, data, len, rep);
	fd = make_temp(t.real, &tmp, path, rep);
	if (fd < 0) {
		free(t.real);
		return tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	}
	set_mode(fd, tmp, t.real);
	if (!write_all(fd, data, len))
		goto fail;
	if (fsync(fd) != 0 && errno != EINVAL)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, t.real) != 0)
		goto fail;
	free(tmp);
	free(t.real);
	return TERCUME_OK;
fail:
	tu_error(rep, path, 0, 0, "cannot write: %s (the previous file is untouched)",
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(t.real);
	return TERCUME_EIO;
}

tercume_status
tu_atomic_tmpname(const char *path, char **tmp, tercume_reporter *rep)
{
	target t;
	tercume_status st;
	int fd;

	*tmp = NULL;
	st = output_target(path, &t);
	if (st != TERCUME_OK)
		return st;
	if (t.direct) {
		/* Written to a temporary file elsewhere, then copied in. */
		const char *dir = tu_tmpdir();
		char *base = malloc(strlen(dir) + 16);

		if (base == NULL)
			return TERCUME_ENOMEM;
		strcpy(base, dir);
		strcat(base, "/tercume");
		fd = make_temp(base, tmp, path, rep);
		free(base);
	} else {
		fd = make_temp(t.real, tmp, path, rep);
		free(t.real);
	}
	if (fd < 0)
		return *tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	close(fd);
	return TERCUME_OK;
}

tercume_status
tu_atomic_commit(const char *tmp, const char *path, tercume_reporter *rep)
{
	target t;
	tercume_status st;
	int fd;

	st = output_target(path, &t);
	if (st != TERCUME_OK) {
		unlink(tmp);
		return st;
	}
	if (t.direct) {
		char *data;
		size_t len;

		st = tercume_read_file(tmp, &data, &len, rep);
		unlink(tmp);
		if (st != TERCUME_OK)
			return st;
		st = write_in_place(path, data, len, rep);
		free(data);
		return st;
	}
	set_mode(-1, tmp, t.real);
	fd = open(tmp, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, t.real) != 0) {
		tu_error(rep, path, 0, 0, "cannot write: %s (the previous file is untouched)",
			 strerror(errno));
		unlink(tmp);
		free(t.real);
		return TERCUME_EIO;
	}
	free(t.real);
	return TERCUME_OK;
}

/* ---- outputs that are inputs ---- */

int
tercume_same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (a == NULL || b == NULL || stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

tercume_status
tercume_output_check(const char *output, const char *const *inputs, size_t n,
		     tercume_reporter *rep)
{
	struct stat so;

	/* Standard output, a file yet to be made, or a device (/dev/null,
	 * /dev/stdout as a pipe) cannot be an input read from disk. */
	if (output == NULL || strcmp(output, "-") == 0 || stat(output, &so) != 0 ||
	    !S_ISREG(so.st_mode))
		return TERCUME_OK;
	for (size_t i = 0; i < n; i++) {
		if (!tercume_same_file(output, inputs[i]))
			continue;
		if (strcmp(output, inputs[i]) == 0)
			tu_error(rep, output, 0, 0, "refusing to write over a file this command "
				 "reads; name another output");
		else
			tu_error(rep, output, 0, 0, "refusing to write over %s, which this "
				 "command reads (the same file); name another output", inputs[i]);
		return TERCUME_EUSAGE;
	}
	return TERCUME_OK;
}

/* ---- UTF-8 and UTF-16 ---- */

tercume_status
tu_utf16_from_utf8(const char *s, int32_t len, UChar **out, int32_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;

	*out = NULL;
	u_strFromUTF8(NULL, 0, &n, s, len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING &&
	    U_FAILURE(err))
		return TERCUME_EINPUT;
	*out = malloc(((size_t)n + 1) * sizeof **out);
	if (*out == NULL)
		return TERCUME_ENOMEM;
	err = U_ZERO_ERROR;
	u_strFromUTF8(*out, n + 1, NULL, s, len, &err);
	if (U_FAILURE(err)) {
		free(*out);
		*out = NULL;
		return TERCUME_EINPUT;
	}
	if (out_len)
		*out_len = n;
	return TERCUME_OK;
}

void
tu_buf_append_utf16(tu_buf *b, const UChar *s, int32_t n)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n8 = 0;

	u_strToUTF8(NULL, 0, &n8, s, n, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING &&
	    U_FAILURE(err)) {
		b->failed = true;
		return;
	}
	if (n8 == 0 || !buf_reserve(b, (size_t)n8))
		return;
	err = U_ZERO_ERROR;
	u_strToUTF8(b->data + b->len, n8 + 1, NULL, s, n, &err);
	if (U_FAILURE(err)) {
		b->failed = true;
		return;
	}
	b->len += (size_t)n8;
	b->data[b->len] = '\0';
}
