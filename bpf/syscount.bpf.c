// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * syscount: system calls counted per syscall or per process, in the kernel.
 *
 * Counting needs only the return of each call (raw_syscalls:sys_exit, which
 * carries the syscall number and result); -L adds sys_enter to stamp the
 * entry in task storage (inflight.bpf.h). The counters are per-CPU, so the
 * hot path takes no lock and no atomic: user space sums the CPUs. They live
 * in summary maps (summary.bpf.h), which user space swaps for empty ones at
 * each report, so no call is lost at an interval's end.
 *
 * Per syscall they sit in an array indexed by the syscall's number, whose
 * lookup the verifier inlines to a bounds check and an address: a hash
 * lookup costs a hash and a bucket walk, about 7 ns more per call on 6.18,
 * over half of what syscount adds to a call beyond its tracepoint. With -P
 * a hash keyed by process holds them. A syscall number past the array's end
 * (none today: x86-64's and arm64's end below 470) is counted as lost,
 * never dropped silently.
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

SUMMARY_MAP(calls, BPF_MAP_TYPE_PERCPU_ARRAY, 0, SYSCOUNT_NR_SLOTS, __u32, struct syscount_counts);
/* Allocated as processes appear, not the maximum. */
SUMMARY_MAP(procs, BPF_MAP_TYPE_PERCPU_HASH, BPF_F_NO_PREALLOC, SYSCOUNT_PROCESSES, __u32,
	    struct syscount_process);

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

/* The current process's counters, its name noted when first seen or renamed. */
static __always_inline struct syscount_counts *process_counts(long nr)
{
	static const struct syscount_process zero;
	__u32 pid = current_tgid();
	struct syscount_process *p = summary_entry(procs, &pid, &zero);

	if (p && (!p->counts.count || may_rename(nr))) {
		bpf_get_current_comm(p->comm, sizeof(p->comm));
		p->comm_ts = bpf_ktime_get_ns(); /* user space keeps the newest of the CPUs' */
	}
	return p ? &p->counts : NULL;
}

static __always_inline void count(long nr, __u64 ns)
{
	static const struct syscount_counts zero;
	__u32 key = nr;
	struct syscount_counts *c =
		per_process ? process_counts(nr) : summary_entry(calls, &key, &zero);

	if (!c)
		return;
	c->count++;
	c->total_ns += ns;
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
	count(nr, ns);
	return TRACE_DONE;
}
