/* rusage.c — what GNU time's `-f '%e %M %U %S' -o FILE` writes, to the
 * microsecond: GNU time prints CPU seconds with two decimals, a tenth of
 * the ICU floor's 0.06 s at 10 MB, so a ratio to the floor moved by a
 * third between runs of the same program (bench/RESULTS.md).
 *
 *   rusage FILE CMD [ARG...]
 *
 * Runs CMD, waits for it and writes one line to FILE: wall seconds, peak
 * RSS in KB, user and system CPU seconds (those of CMD and of every
 * process it waited for, as wait4 reports them).  Exits with CMD's exit
 * status, 128 + the signal that ended it, or 127 when CMD cannot run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage FILE CMD [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 127;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out = fopen(argv[1], "w");
	if (out == NULL) {
		perror(argv[1]);
		return 127;
	}
	fprintf(out, "%.4f %ld %.4f %.4f\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		ru.ru_maxrss, seconds(ru.ru_utime), seconds(ru.ru_stime));
	if (fclose(out) != 0) {
		perror(argv[1]);
		return 127;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
