// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscount: system calls counted per syscall or per process, in the kernel.
 *
 * Counting needs only the return of each call (raw_syscalls:sys_exit, which
 * carries the syscall number and result); -L adds sys_enter to stamp the
 * entry in task storage (inflight.bpf.h). The counters are per-CPU, so the
 * hot path takes no lock and no atomic: user space sums the CPUs. They live
 * in a summary map (summary.bpf.h), which user space swaps for an empty one
 * at each report, so no call is lost at an interval's end.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "lost.bpf.h"
#include "summary.bpf.h"
#include "syscalls.bpf.h"
#include "syscount.h"

const volatile bool per_process = false;
const volatile bool latency = false;
const volatile bool failed_only = false;
const volatile __s32 only_errno = 0;	/* count only calls failing with this errno; 0: any */
const volatile __s32 only_syscall = -1; /* trace this syscall number only; -1: all */
const volatile __s32 renames[SYSCOUNT_RENAMES] = { -1, -1, -1 }; /* their numbers here */

/* Allocated as keys appear: a few hundred syscalls or the processes seen, not the maximum. */
SUMMARY_MAP(counts, BPF_MAP_TYPE_PERCPU_HASH, BPF_F_NO_PREALLOC, 10240, __u32,
	    struct syscount_value);

static __always_inline bool syscall_wanted(long nr)
{
	/* -1: a call the kernel did not dispatch (bad number, seccomp, ptrace skip) */
	return nr >= 0 && (only_syscall < 0 || nr == only_syscall);
}

static __always_inline bool result_wanted(long ret)
{
	if (failed_only && ret >= 0)
		return false;
	return !only_errno || ret == -only_errno;
}

/* The task's name may have changed: exec, or prctl(PR_SET_NAME). */
static __always_inline bool may_rename(long nr)
{
	return nr == renames[0] || nr == renames[1] || nr == renames[2];
}

static __always_inline void count(__u32 key, long nr, __u64 ns)
{
	static const struct syscount_value zero;
	struct syscount_value *v = summary_entry(&counts, &key, &zero);

	if (!v)
		return;
	if (per_process && (!v->count || may_rename(nr))) {
		bpf_get_current_comm(v->comm, sizeof(v->comm));
		v->comm_ts = bpf_ktime_get_ns(); /* user space keeps the newest of the CPUs' */
	}
	v->count++;
	v->total_ns += ns;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int sys_enter(struct syscall_enter_record *ctx)
{
	struct inflight *in;

	if (!syscall_wanted(ctx->nr) || !filter_task())
		return TRACE_DONE;
	in = inflight_begin();
	if (in)
		in->extra = ctx->nr;
	else
		count_lost(); /* no memory for the task's storage: this call goes untimed */
	return TRACE_DONE;
}

SEC("tracepoint/raw_syscalls/sys_exit")
int sys_exit(struct syscall_exit_record *ctx)
{
	long nr = ctx->nr, ret = ctx->ret;
	struct inflight *in;
	__u64 ns = 0;

	if (latency) {
		/*
		 * The entry applied the filters: only calls it stamped count. The
		 * cheap ones again first spare filtered-out calls the storage lookup.
		 */
		if (!syscall_wanted(nr) || !filter_ids())
			return TRACE_DONE;
		in = inflight_end();
		if (!in || in->extra != (__u32)nr) /* an exit the tracepoint never showed */
			return TRACE_DONE;
		ns = bpf_ktime_get_ns() - in->ts;
		if (!result_wanted(ret))
			return TRACE_DONE;
	} else if (!syscall_wanted(nr) || !result_wanted(ret) || !filter_task()) {
		return TRACE_DONE;
	}
	count(per_process ? current_tgid() : (__u32)nr, nr, ns);
	return TRACE_DONE;
}
