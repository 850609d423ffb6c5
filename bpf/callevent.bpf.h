/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Syscalls traced from entry to exit, for tools that report each call with
 * its arguments, result and latency (statsnoop, syncsnoop, mountsnoop).
 *
 * Entry keeps the raw arguments in task storage (inflight.bpf.h); a tool
 * whose calls take strings reads them there too, with callstr.bpf.h, before
 * the caller can change them. Exit knows which call it is from its
 * tracepoint, so entry need not record it, and one entry program body serves
 * every call:
 *
 *	CALL_ENTER(fsync, 1)		(fsync takes one argument)
 *
 *	SEC("tracepoint/syscalls/sys_exit_fsync")
 *	int exit_fsync(struct syscall_exit_record *ctx)
 *	{
 *		struct inflight *in = call_exit(ctx->ret);
 *		struct my_event *e = in ? events_reserve(sizeof(*e)) : NULL;
 *
 *		if (e) {
 *			call_head_fill(&e->h, in, MY_FSYNC, ctx->ret);
 *			e->fd = in->args[0];
 *			events_submit(e);
 *		}
 *		return TRACE_DONE;
 *	}
 */
#ifndef SONDE_CALLEVENT_BPF_H
#define SONDE_CALLEVENT_BPF_H

#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "callevent.h"

/* -x: report failed calls only. */
const volatile bool failed_only = false;

/*
 * Keep the first `nargs` arguments (at most five; the fifth as 32 bits, in
 * `extra`); the kept call, or NULL. `nargs` must not exceed the call's own
 * count: a program that reads past its tracepoint's record is refused at
 * attach time (-EACCES).
 */
static __always_inline struct inflight *call_enter(const struct syscall_enter_record *ctx,
						   int nargs)
{
	struct inflight *in;

	if (!filter_task())
		return NULL;
	in = inflight_begin();
	if (!in)
		return NULL;
	if (nargs > 0)
		in->args[0] = ctx->args[0];
	if (nargs > 1)
		in->args[1] = ctx->args[1];
	if (nargs > 2)
		in->args[2] = ctx->args[2];
	if (nargs > 3)
		in->args[3] = ctx->args[3];
	if (nargs > 4)
		in->extra = ctx->args[4];
	return in;
}

/* The entry program of syscall `sys`, which takes `nargs` arguments. */
#define CALL_ENTER(sys, nargs)                            \
	SEC("tracepoint/syscalls/sys_enter_" #sys)        \
	int enter_##sys(struct syscall_enter_record *ctx) \
	{                                                 \
		call_enter(ctx, nargs);                   \
		return TRACE_DONE;                        \
	}

/* The call whose entry was kept, now returning `ret`; NULL if untracked or hidden by -x. */
static __always_inline struct inflight *call_exit(long ret)
{
	struct inflight *in = inflight_end();

	if (!in || (failed_only && ret >= 0))
		return NULL;
	return in;
}

static __always_inline void call_head_fill(struct call_head *h, const struct inflight *in,
					   __u32 call, long ret)
{
	task_head_fill_at(&h->task, bpf_ktime_get_ns());
	h->lat_ns = h->task.ts - in->ts;
	h->ret = ret;
	h->call = call;
}

#endif
