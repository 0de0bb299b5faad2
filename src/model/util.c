/* util.c — diagnostics, byte buffers and file helpers shared by the library. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
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

bool
tu_buf_reserve(tu_buf *b, size_t extra)
{
	return buf_reserve(b, extra);
}

void
tu_buf_append_slow(tu_buf *b, const char *s, size_t n)
{
	if (!buf_reserve(b, n))
		return;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
tu_buf_putc_slow(tu_buf *b, char c)
{
	tu_buf_append_slow(b, &c, 1);
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

bool
tu_grow(void *pv, size_t *cap, size_t n, size_t size, size_t first)
{
	void *v, *nv;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? *cap : first;
	if (*cap && c > SIZE_MAX / 2)
		return false;
	if (*cap)
		c *= 2;
	if (size && c > SIZE_MAX / size)
		return false;
	memcpy(&v, pv, sizeof v);
	if ((nv = realloc(v, c * size)) == NULL)
		return false;
	memcpy(pv, &nv, sizeof nv);
	*cap = c;
	return true;
}

size_t
tu_charref_len(const char *s, size_t n)
{
	size_t k = 1;

	if (n < 3 || s[0] != '&')
		return 0;
	while (k < n && k <= 33 && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
				    (s[k] >= '0' && s[k] <= '9') || (s[k] == '#' && k == 1)))
		k++;
	if (k >= n || s[k] != ';' || k == 1)
		return 0;
	return k + 1;
}

size_t
tu_charrefs_collect(const char *raw, size_t raw_len, bool backslash,
		    bool (*decode)(const char *ref, size_t len, tu_charref *out),
		    tu_charref *refs, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; raw && i < raw_len && n < max; i++) {
		size_t len = tu_charref_len(raw + i, raw_len - i), bs = 0;
		bool seen = false;

		if (len == 0)
			continue;
		while (backslash && bs < i && raw[i - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 1)
			continue;
		/* a spelling seen before: no second decoding (gumbo parses a
		 * whole document for each) */
		for (size_t j = 0; j < n && !seen; j++)
			seen = refs[j].ref_len == len && memcmp(refs[j].ref, raw + i, len) == 0;
		if (!seen) {
			refs[n].ref = raw + i;
			refs[n].ref_len = len;
			if (decode(raw + i, len, &refs[n])) {
				for (size_t j = 0; j < n && !seen; j++)
					seen = refs[j].ch_len == refs[n].ch_len &&
					       memcmp(refs[j].ch, refs[n].ch, refs[n].ch_len) == 0;
				if (!seen)
					n++;
			}
		}
		i += len - 1;
	}
	return n;
}

const tu_charref *
tu_charref_match(const tu_charref *refs, size_t n_refs, const char *s, size_t n)
{
	for (size_t k = 0; k < n_refs; k++)
		if (refs[k].ch_len <= n && memcmp(s, refs[k].ch, refs[k].ch_len) == 0)
			return &refs[k];
	return NULL;
}

/* ---- string arenas ----
 * One malloc per chunk instead of one per string: the allocator's headers
 * and rounding were a fifth of a document's or catalogue's memory (issue
 * 15).  Chunks grow from 4 KiB to 1 MiB; a longer string gets a chunk of its
 * own behind the current one, which goes on filling. */
struct tu_chunk {
	struct tu_chunk *next;
	size_t used, cap;
	char data[];
};

#define CHUNK_MIN ((size_t)4096)
#define CHUNK_MAX ((size_t)1 << 20)

char *
tu_arena_strndup(tu_arena *a, const char *s, size_t n)
{
	struct tu_chunk *c = a->head;
	char *p;

	if (n >= (size_t)-1 - sizeof *c - 1)
		return NULL;
	if (c == NULL || c->cap - c->used < n + 1) {
		size_t cap = c == NULL ? CHUNK_MIN : c->cap < CHUNK_MAX ? c->cap * 2 : CHUNK_MAX;
		struct tu_chunk *nc;

		if (n + 1 > cap)
			cap = n + 1;
		nc = malloc(sizeof *nc + cap);
		if (nc == NULL)
			return NULL;
		nc->used = 0;
		nc->cap = cap;
		if (c != NULL && cap == n + 1 && c->cap - c->used > 64) {
			nc->next = c->next;	/* a long string: keep filling c */
			c->next = nc;
		} else {
			nc->next = c;
			a->head = nc;
		}
		c = nc;
	}
	p = c->data + c->used;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

char *
tu_arena_strdup(tu_arena *a, const char *s)
{
	return s ? tu_arena_strndup(a, s, strlen(s)) : NULL;
}

void
tu_arena_free(tu_arena *a)
{
	while (a->head) {
		struct tu_chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
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
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((unsigned long long)st.st_size > TU_MAX_INPUT)
			goto too_large;
		/* Its size is known: one buffer of exactly that size and the
		 * NUL, not one grown by doubling (a 10 MB file had 16 MB). */
		if (st.st_size > 0 && (b.data = malloc((size_t)st.st_size + 1)) != NULL) {
			b.data[0] = '\0';
			b.cap = (size_t)st.st_size + 1;
		}
	}
	for (;;) {
		/* into the buffer while it has room (a file of a known size
		 * is read with no copy), else through chunk */
		bool direct = b.cap - b.len > 1;

		n = direct ? fread(b.data + b.len, 1, b.cap - b.len - 1, f)
			   : fread(chunk, 1, sizeof chunk, f);
		if (n == 0)
			break;
		if (n > TU_MAX_INPUT - b.len)
			goto too_large;
		if (direct) {
			b.len += n;
			b.data[b.len] = '\0';
		} else
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

bool
tu_write_all(int fd, const char *data, size_t len)
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
set_mode(int fd, const char *real)
{
	struct stat st;
	mode_t mode;

	if (stat(real, &st) == 0)
		mode = st.st_mode & 07777;
	else
		mode = 0666 & ~tu_umask();	/* read once: init.c says why */
	fchmod(fd, mode);
}

/* ---- output sinks ---- */

static void
out_init(tu_out *o, const char *name)
{
	memset(o, 0, offsetof(tu_out, buf));
	o->fd = -1;
	o->name = name ? name : "";
	o->st = TERCUME_OK;
}

void
tu_out_memory(tu_out *o, tu_buf *b)
{
	out_init(o, NULL);
	o->mem = b;
}

void
tu_out_sink(tu_out *o, void (*fn)(void *arg, const char *data, size_t len), void *arg)
{
	out_init(o, NULL);
	o->sink = fn;
	o->sink_arg = arg;
}

void
tu_out_stream(tu_out *o, FILE *f, const char *name)
{
	out_init(o, name);
	o->fp = f;
}

tercume_status
tu_out_atomic(tu_out *o, const char *path, tercume_reporter *rep)
{
	target t;
	tercume_status st;

	out_init(o, path);
	st = output_target(path, &t);
	if (st != TERCUME_OK)
		return o->st = st;
	if (t.direct) {
		o->fd = open(path, O_WRONLY | O_NOCTTY);
		if (o->fd < 0) {
			tu_error(rep, path, 0, 0, "cannot open for writing: %s", strerror(errno));
			return o->st = TERCUME_EIO;
		}
		return TERCUME_OK;
	}
	o->real = t.real;
	o->fd = make_temp(t.real, &o->tmp, path, rep);
	if (o->fd < 0) {
		st = o->tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
		free(o->real);
		o->real = NULL;
		return o->st = st;
	}
	set_mode(o->fd, t.real);
	return TERCUME_OK;
}

/* The bytes written to a temporary file so far go to the disk while the
 * writer goes on, every few megabytes (Linux's sync_file_range starts
 * their writeback and does not wait for it): the fsync at the end then
 * waits for the last few only (segmenting 10 MB waited 19 ms for it, a
 * third of the ICU floor, bench/RESULTS.md). */
static void
out_wrote(tu_out *o, size_t len)
{
	o->written += len;
#if defined HAVE_SYNC_FILE_RANGE && defined SYNC_FILE_RANGE_WRITE
	if (o->tmp != NULL && o->written - o->flushing >= ((unsigned long long)4 << 20)) {
		(void)sync_file_range(o->fd, (off_t)o->flushing, (off_t)(o->written - o->flushing),
				      SYNC_FILE_RANGE_WRITE);	/* a hint: fsync decides */
		o->flushing = o->written;
	}
#endif
}

/* Hands data[0, len) on to where o goes. */
static void
out_emit(tu_out *o, const void *data, size_t len)
{
	if (o->sink)
		o->sink(o->sink_arg, data, len);
	else if (o->mem) {
		tu_buf_append(o->mem, data, len);
		if (o->mem->failed)
			o->st = TERCUME_ENOMEM;
	} else if (o->fp) {
		if (fwrite(data, 1, len, o->fp) != len) {
			o->err = errno;
			o->st = TERCUME_EIO;
		}
	} else if (o->fd >= 0) {
		if (!tu_write_all(o->fd, data, len)) {
			o->err = errno;
			o->st = TERCUME_EIO;
		} else
			out_wrote(o, len);
	}
}

/* Hands the buffered bytes on. */
static void
out_flush(tu_out *o)
{
	if (o->n > 0 && o->st == TERCUME_OK)
		out_emit(o, o->buf, o->n);
	o->n = 0;
}

void
tu_out_write(tu_out *o, const void *data, size_t len)
{
	if (o->st != TERCUME_OK || len == 0)
		return;
	if (o->n + len > sizeof o->buf) {
		out_flush(o);
		if (len >= sizeof o->buf) {
			out_emit(o, data, len);	/* a large piece: straight on, without a copy */
			return;
		}
	}
	memcpy(o->buf + o->n, data, len);
	o->n += len;
}

void
tu_out_puts(tu_out *o, const char *s)
{
	tu_out_write(o, s, strlen(s));
}

const char *
tu_out_file(tu_out *o)
{
	if (o->tmp == NULL || o->n > 0 || o->st != TERCUME_OK || o->external)
		return NULL;
	o->external = true;
	return o->tmp;
}

tercume_status
tu_out_close(tu_out *o, tercume_status st, tercume_reporter *rep)
{
	out_flush(o);
	if (st == TERCUME_OK)
		st = o->st;
	if (o->mem || o->sink)
		return st;
	if (o->fp) {
		if (fflush(o->fp) != 0 && o->st == TERCUME_OK) {
			o->err = errno;
			o->st = TERCUME_EIO;
		}
		if (o->st == TERCUME_EIO) {
			tu_error(rep, o->name, 0, 0, "write error: %s", strerror(o->err));
			st = TERCUME_EIO;
		}
		return st;
	}
	if (o->fd < 0)
		return st;	/* tu_out_atomic failed and said so */
	if (o->tmp == NULL) {
		/* Written in place (a device, a FIFO). */
		if (close(o->fd) != 0 && o->st == TERCUME_OK) {
			o->err = errno;
			o->st = TERCUME_EIO;
		}
		o->fd = -1;
		if (o->st == TERCUME_EIO) {
			tu_error(rep, o->name, 0, 0, "cannot write: %s", strerror(o->err));
			st = TERCUME_EIO;
		}
		return st;
	}
	if (st == TERCUME_OK) {
		/* The one sync and the one rename of the output. */
		if (fsync(o->fd) != 0 && errno != EINVAL)
			o->err = errno, st = TERCUME_EIO;
		if (close(o->fd) != 0 && st == TERCUME_OK)
			o->err = errno, st = TERCUME_EIO;
		o->fd = -1;
		if (st == TERCUME_OK && rename(o->tmp, o->real) != 0)
			o->err = errno, st = TERCUME_EIO;
		if (st == TERCUME_EIO)
			o->st = TERCUME_EIO;
	}
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (st != TERCUME_OK) {
		if (o->st == TERCUME_EIO)
			tu_error(rep, o->name, 0, 0, "cannot write: %s (the previous file is untouched)",
				 strerror(o->err));
		else if (o->st == TERCUME_ENOMEM)
			tu_error(rep, o->name, 0, 0, "out of memory (the previous file is untouched)");
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->real);
	o->tmp = o->real = NULL;
	return st;
}

tercume_status
tercume_write_file_atomic(const char *path, const char *data, size_t len,
			  tercume_reporter *rep)
{
	tu_out *o = malloc(sizeof *o);
	tercume_status st;

	if (o == NULL)
		return TERCUME_ENOMEM;
	st = tu_out_atomic(o, path, rep);
	if (st == TERCUME_OK)
		tu_out_write(o, data, len);
	st = tu_out_close(o, st, rep);
	free(o);
	return st;
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
		fd = tu_scratch_file(tmp, path, rep);
	} else {
		fd = make_temp(t.real, tmp, path, rep);
		free(t.real);
	}
	if (fd < 0)
		return *tmp == NULL && errno == ENOMEM ? TERCUME_ENOMEM : TERCUME_EIO;
	close(fd);
	return TERCUME_OK;
}

int
tu_scratch_file(char **tmp, const char *report_as, tercume_reporter *rep)
{
	const char *dir = tu_tmpdir();	/* read once: init.c says why */
	char *base = malloc(strlen(dir) + 16);
	int fd;

	*tmp = NULL;
	if (base == NULL)
		return -1;
	strcpy(base, dir);
	strcat(base, "/tercume");
	fd = make_temp(base, tmp, report_as, rep);
	free(base);
	return fd;
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
		/* A device or a FIFO: the bytes are copied in. */
		char *data;
		size_t len;
		tu_out *o;

		st = tercume_read_file(tmp, &data, &len, rep);
		unlink(tmp);
		if (st != TERCUME_OK)
			return st;
		st = (o = malloc(sizeof *o)) ? tu_out_atomic(o, path, rep) : TERCUME_ENOMEM;
		if (o && st == TERCUME_OK)
			tu_out_write(o, data, len);
		if (o)
			st = tu_out_close(o, st, rep);
		free(o);
		free(data);
		return st;
	}
	fd = open(tmp, O_RDONLY);
	if (fd >= 0) {
		set_mode(fd, t.real);
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

tercume_status
tu_utf16_into(const char *s, int32_t len, UChar **buf, int32_t *cap, int32_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;

	u_strFromUTF8(NULL, 0, &n, s, len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING &&
	    U_FAILURE(err))
		return TERCUME_EINPUT;
	if (n + 1 > *cap) {
		UChar *p = realloc(*buf, ((size_t)n + 1) * sizeof *p);
		if (p == NULL)
			return TERCUME_ENOMEM;
		*buf = p;
		*cap = n + 1;
	}
	err = U_ZERO_ERROR;
	u_strFromUTF8(*buf, *cap, NULL, s, len, &err);
	if (U_FAILURE(err))
		return TERCUME_EINPUT;
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

/* ---- validating text where it enters ---- */

tu_text_problem
tu_text_check(const char *data, size_t len, bool markers, size_t *at)
{
	size_t i = 0;

	*at = 0;
	while (i < len) {
		unsigned char b = (unsigned char)data[i];
		UChar32 c;
		int32_t k = 0;
		int32_t rest;

		if (b < 0x80) {		/* the common case, without the macro */
			/* eight bytes of ASCII without a NUL at once (the
			 * word tricks of segments.c's swar_escapes) */
			const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
			uint64_t w;

			while (len - i >= 8) {
				memcpy(&w, data + i, 8);
				if (((w | ((w - ones) & ~w)) & high) != 0)
					break;
				i += 8;
			}
			if (i == len)
				break;	/* data[len] is not ours to read */
			b = (unsigned char)data[i];
			if (b >= 0x80)
				continue;
			if (b == 0) {
				*at = i;
				return TU_TEXT_NUL;
			}
			i++;
			continue;
		}
		rest = (int32_t)(len - i > INT32_MAX ? INT32_MAX : len - i);
		U8_NEXT((const uint8_t *)data + i, k, rest, c);
		if (c < 0) {
			*at = i;
			return TU_TEXT_BAD_UTF8;
		}
		if (c >= TERCUME_RESERVED_FIRST && c <= TERCUME_RESERVED_LAST &&
		    !(markers && c > TERCUME_MARKER_BASE + TERCUME_RUN_TEXT &&
		      c <= TERCUME_MARKER_BASE + TERCUME_RUN_MARKER_END)) {
			*at = i;
			return TU_TEXT_RESERVED;
		}
		i += (size_t)k;
	}
	return TU_TEXT_OK;
}

const char *
tu_text_problem_name(tu_text_problem p, const char *data, size_t at, char *buf, size_t size)
{
	size_t i = at;

	switch (p) {
	case TU_TEXT_OK:
		snprintf(buf, size, TU_("no problem"));
		break;
	case TU_TEXT_BAD_UTF8:
		snprintf(buf, size, TU_("invalid UTF-8 (byte 0x%02X)"), (unsigned char)data[at]);
		break;
	case TU_TEXT_NUL:
		snprintf(buf, size, TU_("a NUL byte"));
		break;
	case TU_TEXT_RESERVED:
		snprintf(buf, size, TU_("the character U+%04X, one of the noncharacters U+FDD0..U+FDEF "
			 "that tercume reserves for its inline-code markers"),
			 (unsigned)tu_utf8_next(data, at + 3, &i));
		break;
	}
	return buf;
}

tercume_status
tu_check_utf8(const char *name, const char *data, size_t len, tercume_reporter *rep)
{
	unsigned long line = 1, col = 1;
	tu_text_problem p;
	size_t at, i = 0;
	char why[160];

	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
		tu_error(rep, name, 1, 1, "the file is UTF-16 (it starts with a UTF-16 byte order "
			 "mark); tercume reads UTF-8: convert it with 'iconv -f UTF-16 -t UTF-8'");
		return TERCUME_EINPUT;
	}
	p = tu_text_check(data, len, false, &at);
	if (p == TU_TEXT_OK)
		return TERCUME_OK;
	/* Only on failure: the line and column of the problem. */
	while (i < at) {
		if (data[i] == '\n') {
			line++;
			col = 1;
			i++;
			continue;
		}
		tu_utf8_next(data, at, &i);
		col++;
	}
	if (p == TU_TEXT_NUL)
		tu_error(rep, name, line, col, "NUL byte in a text file");
	else if (p == TU_TEXT_BAD_UTF8)
		tu_error(rep, name, line, col, "invalid UTF-8 (byte 0x%02X at offset %zu)",
			 (unsigned char)data[at], at);
	else
		tu_error(rep, name, line, col, "%s", tu_text_problem_name(p, data, at, why, sizeof why));
	return TERCUME_EINPUT;
}
