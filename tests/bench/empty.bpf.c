// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The baseline for scripts/bench: programs that do nothing, on the hooks
 * opensnoop, syscount and offcputime use. What they cost is the price of the hook
 * itself; what a tool costs beyond it is the price of its work.
 */
#include "sonde.bpf.h"

SEC("tracepoint/syscalls/sys_enter_openat")
int empty_enter(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int empty_exit(void *ctx)
{
	return TRACE_DONE;
}

/* syscount's hook when it counts without timing (-L adds sys_enter). */
SEC("tracepoint/raw_syscalls/sys_exit")
int empty_sys_exit(void *ctx)
{
	return TRACE_DONE;
}

/* offcputime's hook: every context switch. */
SEC("raw_tp/sched_switch")
int empty_switch(void *ctx)
{
	return TRACE_DONE;
}
