// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscaller [--comm NAME] CALL:COUNT[:MS]...
 * syscaller --for MS FACTS CALL
 *
 * Makes an exact number of rarely used system calls, so a test can count
 * them: getppid:N calls getppid() N times; fchdir:N calls fchdir(-1) N times,
 * each failing with EBADF; nanosleep:N:MS sleeps N times for MS milliseconds
 * with nanosleep() itself (libc's nanosleep() uses clock_nanosleep). --comm
 * renames the task first.
 *
 * --for makes CALL (getppid or fchdir) over and over for MS milliseconds of
 * wall time, then writes how many it made to FACTS as "calls N": as many
 * as the machine manages, for a test whose work must be bounded by time (a
 * count that takes a second here took 40 in an emulated VM).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"

static int run(const char *call, long n, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	long i;

	for (i = 0; i < n; i++) {
		if (!strcmp(call, "getppid"))
			syscall(SYS_getppid);
		else if (!strcmp(call, "fchdir") &&
			 (syscall(SYS_fchdir, -1) != -1 || errno != EBADF))
			return 1;
		else if (!strcmp(call, "nanosleep") && syscall(SYS_nanosleep, &ts, NULL))
			return 1;
		else if (strcmp(call, "getppid") && strcmp(call, "fchdir") &&
			 strcmp(call, "nanosleep"))
			return 2;
	}
	return 0;
}

/* Calls per look at the clock: the clock's vDSO read costs less than a call, but not nothing. */
#define CALLS_PER_LOOK 64

static int run_for(long ms, const char *facts, const char *call)
{
	long long deadline;
	long calls = 0, i;
	FILE *f;

	if (ms <= 0 || (strcmp(call, "getppid") && strcmp(call, "fchdir"))) {
		fprintf(stderr, "syscaller: --for MS FACTS getppid|fchdir\n");
		return 2;
	}
	deadline = deadline_in_ms(ms);
	do {
		for (i = 0; i < CALLS_PER_LOOK; i++, calls++)
			if (run(call, 1, 0))
				return 1;
	} while (!deadline_passed(deadline));
	f = fopen(facts, "we");
	if (!f || fprintf(f, "calls %ld\n", calls) < 0 || fclose(f)) {
		perror("syscaller: facts");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char call[16];
	long n, ms;
	int i = 1, err;

	if (argc == 5 && !strcmp(argv[1], "--for"))
		return run_for(strtol(argv[2], NULL, 10), argv[3], argv[4]);
	if (argc > 2 && !strcmp(argv[1], "--comm")) {
		prctl(PR_SET_NAME, argv[2]);
		i = 3;
	}
	for (; i < argc; i++) {
		ms = 0;
		if (sscanf(argv[i], "%15[a-z]:%ld:%ld", call, &n, &ms) < 2 || n < 0 || ms < 0) {
			fprintf(stderr, "syscaller: bad spec '%s'\n", argv[i]);
			return 2;
		}
		err = run(call, n, ms);
		if (err) {
			fprintf(stderr, "syscaller: %s failed\n", argv[i]);
			return err;
		}
	}
	return 0;
}
