// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * stackcount: how often each stack reaches a probe the user names on the
 * command line (common/specattach.h). The probe may be of any kind, so
 * there is one program per kind, told apart by section, and user space
 * loads the one the probe needs and attaches it wherever the probe (or
 * its pattern) goes. Each does the same: the task filter, then the task's
 * stacks counted (stack_counts.bpf.h). Only distinct stacks and their
 * counts reach user space, at the end: a hit costs a stack walk and two
 * map lookups, never a record.
 *
 * The key always holds the process: a user stack's addresses mean
 * something only in their process. Stacks of different processes are
 * merged, where asked, by what they print (user space's report).
 *
 * A uprobe's or USDT probe's registers are the user's: the kernel stack
 * there is empty (STACK_NONE), the user stack starts at the probe. At a
 * tracepoint, the user stack is where the task entered the kernel.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "stack_counts.bpf.h"
#include <bpf/usdt.bpf.h>

static __always_inline int count(void *ctx)
{
	struct stack_key key;

	if (!filter_task())
		return TRACE_DONE;
	stack_key_fill(ctx, &key);
	stack_key_add(&key, 0);
	return TRACE_DONE;
}

SEC("tracepoint")
int stackcount_tracepoint(void *ctx)
{
	return count(ctx);
}

/* k: and kr: (attached as a kretprobe) */
SEC("kprobe")
int stackcount_kprobe(struct pt_regs *ctx)
{
	return count(ctx);
}

/* u: and ur: (attached as a uretprobe) */
SEC("uprobe")
int stackcount_uprobe(struct pt_regs *ctx)
{
	return count(ctx);
}

SEC("usdt")
int stackcount_usdt(struct pt_regs *ctx)
{
	return count(ctx);
}
