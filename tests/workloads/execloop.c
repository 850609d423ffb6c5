// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * execloop N [ARG...]: exec itself N times over, in the one process (no
 * fork: an exec is all each step costs), each exec carrying ARGs, then
 * exit 0. The bench's stream of execs for execsnoop to record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc >= 2 ? atol(argv[1]) : -1;
	char left[24], self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0 || len <= 0) {
		fprintf(stderr, "usage: execloop N [ARG...]\n");
		return 2;
	}
	if (n == 0)
		return 0;
	snprintf(left, sizeof(left), "%ld", n - 1);
	argv[1] = left;
	self[len] = '\0';
	execv(self, argv); /* by its name, which the task's comm then stays */
	perror("execloop: exec");
	return 1;
}
