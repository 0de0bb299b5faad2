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

#endif /* TERCUME_FUZZ_H */
