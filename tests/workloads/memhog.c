// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * memhog MiB
 *
 * Allocates and touches memory a MiB at a time, up to MiB. In a memory
 * cgroup with a smaller limit it is OOM killed (SIGKILL) on the way; if it
 * gets to the end it exits 3, so a test can tell the limit was not applied.
 */
#include <stdlib.h>
#include <string.h>

#define CHUNK (1 << 20)

int main(int argc, char **argv)
{
	long i, mib = argc > 1 ? atol(argv[1]) : 0;
	char *p;

	if (mib <= 0)
		return 2;
	for (i = 0; i < mib; i++) {
		p = malloc(CHUNK);
		if (!p)
			return 4;
		memset(p, 0x5a, CHUNK); /* resident, not just reserved */
	}
	return 3;
}
