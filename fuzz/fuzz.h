/* fuzz.h — shared by the fuzz targets in fuzz/ and their replayer.
 *
 * Each target defines LLVMFuzzerTestOneInput.  Built with --enable-fuzzing
 * it is linked with libFuzzer (clang -fsanitize=fuzzer); in every build it
 * is also linked with replay.c, which feeds it the files of its corpus, so
 * that the corpora run as regression tests in make check. */
#ifndef TERCUME_FUZZ_H
#define TERCUME_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which, and abort so that libFuzzer (or the
 * replayer's test) records the input as a crash. */
#define FUZZ_ASSERT(cond)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n",	\
				__FILE__, __LINE__, #cond);			\
			abort();						\
		}								\
	} while (0)

/* Scratch files for the targets whose reader takes a path: in.EXT and
 * out.EXT in a private temporary directory, made on first use and removed
 * at exit. */
typedef struct fuzz_scratch {
	char dir[64];
	char in[96];
	char out[96];
} fuzz_scratch;

static inline fuzz_scratch *
fuzz_scratch_state(void)
{
	static fuzz_scratch s;

	return &s;
}

static inline void
fuzz_scratch_cleanup(void)
{
	fuzz_scratch *s = fuzz_scratch_state();

	unlink(s->in);
	unlink(s->out);
	rmdir(s->dir);
}

static inline const fuzz_scratch *
fuzz_scratch_open(const char *ext)
{
	fuzz_scratch *s = fuzz_scratch_state();
	const char *tmp = getenv("TMPDIR");

	if (s->dir[0] != '\0')
		return s;
	snprintf(s->dir, sizeof s->dir, "%s/tercume-fuzz.XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		perror(s->dir);
		abort();
	}
	snprintf(s->in, sizeof s->in, "%.63s/in.%.8s", s->dir, ext);
	snprintf(s->out, sizeof s->out, "%.63s/out.%.8s", s->dir, ext);
	atexit(fuzz_scratch_cleanup);
	return s;
}

/* Writes data to path; a failure aborts (it is the harness's, not the
 * input's). */
static inline void
fuzz_write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

#endif /* TERCUME_FUZZ_H */
