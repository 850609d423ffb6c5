/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * bindsnoop's and solisten's tests: tests/workloads/binder held, its IPv4
 * port chosen here so that filters on it can be given before it runs.
 */
#ifndef SONDE_TEST_BINDER_H
#define SONDE_TEST_BINDER_H

#include "harness.h"

#define BINDER_BACKLOG 7 /* below any somaxconn, so the kernel keeps it as asked */

struct binder {
	struct workload w;
	char facts[256];
	long port; /* the IPv4 socket's, and the failing bind's */
	char pid[16];
};

/* Spawn it held (left to expect_cleanup()). */
void binder_spawn(struct binder *b);

#endif
