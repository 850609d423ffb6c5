// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The traffic tools' tests' workload (tcpbulk.h). */
#include <stdio.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "tcpbulk.h"
#include "tcpconns.h"

void tcpbulk_spawn(struct tcpbulk *t, long delay_ms)
{
	t->lport = free_port();
	expect_facts(t->facts, sizeof(t->facts), "tcpbulk");
	workload_spawn(&t->w, "tcpbulk", t->facts, num_arg(t->lport), num_arg(delay_ms), NULL);
	expect_workload(&t->w);
	snprintf(t->pid, sizeof(t->pid), "%d", t->w.pid);
	snprintf(t->port, sizeof(t->port), "%ld", t->lport);
}
