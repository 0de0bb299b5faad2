/* tap-empty.c — a test program that runs no check: tests/harness.sh makes
 * sure that tap.h fails it rather than passing it. */
#include "tap.h"

int
main(void)
{
	return tap_done();
}
