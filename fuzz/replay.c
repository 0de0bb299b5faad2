/* replay.c — runs a fuzz target over files, without libFuzzer.
 *
 * Linked with one fuzz target in a normal build, it makes the target's
 * corpus a regression test: every file named on the command line, or every
 * file of every directory named there, goes through LLVMFuzzerTestOneInput
 * once.  With no argument it replays $top_srcdir/FUZZ_CORPUS (how make
 * check runs it).  A crash or a broken invariant aborts; under valgrind or
 * the sanitizers a leak fails the run too.  Prints one "ok:" line per file
 * and "# N passed, 0 failed" at the end, like the other tests. */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long replayed;

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t n;

		if (len == cap) {
			uint8_t *p = realloc(data, cap ? cap * 2 : 4096);
			if (p == NULL) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				free(data);
				fclose(f);
				return -1;
			}
			data = p;
			cap = cap ? cap * 2 : 4096;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: %s: read error\n", path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	/* An exact-size copy, so that reading past the input is caught. */
	{
		uint8_t *exact = malloc(len ? len : 1);
		if (exact == NULL) {
			free(data);
			return -1;
		}
		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	printf("ok: %s\n", path);
	fflush(stdout);
	replayed++;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of a directory, in name order. */
static int
replay_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int status = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len;
		char *full;

		if (de->d_name[0] == '.')
			continue;
		len = strlen(path) + strlen(de->d_name) + 2;
		full = malloc(len);
		if (full == NULL || (n == cap && (cap = cap ? cap * 2 : 64,
			names = realloc(names, cap * sizeof *names)) == NULL)) {
			fprintf(stderr, "replay: out of memory\n");
			exit(2);
		}
		snprintf(full, len, "%s/%s", path, de->d_name);
		names[n++] = full;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat sb;

		if (stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode) && replay_file(names[i]) != 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

static int
replay(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return S_ISDIR(sb.st_mode) ? replay_dir(path) : replay_file(path);
}

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (replay(argv[i]) != 0)
				status = 1;
	} else {
#ifdef FUZZ_CORPUS
		const char *top = getenv("top_srcdir");
		size_t len = strlen(top ? top : ".") + sizeof "/" FUZZ_CORPUS;
		char *path = malloc(len);

		if (path == NULL)
			return 2;
		snprintf(path, len, "%s/%s", top ? top : ".", FUZZ_CORPUS);
		status = replay(path) != 0;
		free(path);
#else
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
#endif
	}
	if (replayed == 0) {
		fprintf(stderr, "replay: no input\n");
		status = 1;
	}
	printf("# %lu passed, %d failed\n", replayed, status);
	return status;
}
