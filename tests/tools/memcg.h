/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Memory cgroups of a test's own, with a small limit and no swap, so that a
 * workload inside runs into reclaim or an OOM kill while the rest of the
 * machine does not. cgroup v1's memory hierarchy where it is mounted (this
 * build machine), else cgroup v2 with its memory controller (the 6.1 VM).
 * Everything made is removed again, even when a test fails: call
 * memcg_cleanup() from the suite's .fini.
 */
#ifndef SONDE_TEST_MEMCG_H
#define SONDE_TEST_MEMCG_H

#include <stdbool.h>
#include <sys/types.h>

struct memcg {
	char dir[320]; /* its directory */
	char path
		[128]; /* its path in the memory hierarchy, as the kernel names it: "/sonde-test-…" */
	bool v2;
};

/* A fresh memory cgroup limited to `bytes`; fails the test if there is no memory controller. */
void memcg_make(struct memcg *m, unsigned long long bytes);
/* Move process `pid` (a held workload) into it. */
void memcg_enter(const struct memcg *m, pid_t pid);
/* Kill whatever is left inside and remove it; a no-op the second time. */
void memcg_remove(struct memcg *m);
/* Remove every memory cgroup this process made and did not remove, and any a dead test left. */
void memcg_cleanup(void);

#endif
