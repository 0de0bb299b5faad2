/* tap.h — a tiny test harness: each check prints ok/not ok, and the
 * program exits 1 if any failed, or if none ran (automake's test driver
 * reads the status). */
#ifndef TERCUME_TAP_H
#define TERCUME_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_run, tap_failed;

#define CHECK(cond, ...) do { \
	tap_run++; \
	if (cond) { \
		printf("ok %d - ", tap_run); \
	} else { \
		tap_failed++; \
		printf("not ok %d - %s:%d: ", tap_run, __FILE__, __LINE__); \
	} \
	printf(__VA_ARGS__); \
	putchar('\n'); \
} while (0)

#define CHECK_STR(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	CHECK(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__); \
	if (!(g_ && w_ && strcmp(g_, w_) == 0)) \
		printf("#   got:  %s\n#   want: %s\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

/* A program that ran no check fails: it must not pass for having tested
 * nothing. */
static int
tap_done(void)
{
	if (tap_run == 0)
		printf("not ok - no check ran\n");
	printf("1..%d\n# %d passed, %d failed\n", tap_run, tap_run - tap_failed,
	       tap_failed + (tap_run == 0));
	return tap_failed || tap_run == 0 ? 1 : 0;
}

#endif
