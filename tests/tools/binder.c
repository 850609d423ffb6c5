// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bindsnoop's and solisten's workload, held with a port chosen here (binder.h). */
#include <stdio.h>

#include "binder.h"
#include "expect.h"
#include "tcpconns.h"

void binder_spawn(struct binder *b)
{
	b->port = free_port();
	expect_facts(b->facts, sizeof(b->facts), "binder");
	workload_spawn(&b->w, "binder", b->facts, num_arg(b->port), num_arg(BINDER_BACKLOG), NULL);
	expect_workload(&b->w);
	snprintf(b->pid, sizeof(b->pid), "%d", b->w.pid);
}
