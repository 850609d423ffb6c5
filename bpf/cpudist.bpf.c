// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpudist: how long threads run on a CPU between switches (or, with -O, how
 * long they stay off it), as log2 histograms built in the kernel: for
 * everything, per process (-P) or per thread (-L).
 *
 * One program on sched_switch, and every measure is taken as a thread
 * leaves the CPU, in its own context (it is still current there), so every
 * shared task filter is tested on the thread measured, as at any hook:
 * - Each CPU keeps the time of its last switch and the thread it brought
 *   in. A thread leaving the CPU ran since that switch, if that switch
 *   brought it in: no per-thread state at all for on-CPU time. A switch-in
 *   the program never saw (the first after attach; a run the kernel
 *   skipped) is made up for by the kernel's own run time of the thread
 *   (count_unseen_spell()).
 * - Off the CPU (-O): a thread leaving notes the time in its task storage
 *   (task_storage.bpf.h; an LRU hash by thread before Linux 5.11). When it
 *   next leaves, its last spell off the CPU is the time from that note to
 *   the switch that brought it back, which its CPU still holds. So a wait
 *   is counted when the thread next leaves the CPU, not the moment it
 *   returns: the switch-in runs in the context of the thread leaving, whose
 *   storage alone a raw tracepoint may reach (bpf_get_current_task_btf()).
 * raw_tp, not tp_btf: the task field read here (its state, with -O) is a
 * CO-RE read either way, and tp_btf would make libbpf load the whole kernel BTF.
 */
#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "filter.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
#include "summary.bpf.h"
#include "task_storage.bpf.h"
#include "cpudist.h"

/* A thread leaving the CPU for good (exit_state's TASK_DEAD as __state shows it). */
#define TASK_DEAD 0x80
/* UAPI <linux/sched.h>: the fair class's policies */
#define SCHED_NORMAL 0
#define SCHED_BATCH  3
#define SCHED_IDLE   5

const volatile bool offcpu = false;
const volatile bool milliseconds = false;
const volatile bool include_idle = false;  /* -I: the idle tasks (thread 0) too */
const volatile __u32 key_by = CPUDIST_ALL; /* enum cpudist_by */

/*
 * Per CPU: its last switch, and the task it brought in, by its address: the
 * tracepoint's own argument, so no read of the task is needed. The task
 * cannot be freed while it runs, and the next switch on this CPU is the
 * one that takes it off.
 */
struct last_switch {
	__u64 ts;
	__u64 task;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct last_switch);
} last_switch SEC(".maps");

/* -O: when the thread last left the CPU (0: not seen to leave yet). */
TASK_STATE(left_cpu, __u64, 16384)

/* Allocated as keys appear: a histogram is 512 bytes, and most runs see few processes. */
SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, CPUDIST_HISTS, struct cpudist_key,
	    struct cpudist_value);

/* One spell of `ns` into the current thread's histogram and total. */
static __always_inline void count_spell(__u64 ns)
{
	static const struct cpudist_value zero; /* 536 bytes: too big for the BPF stack */
	struct cpudist_key key = {};
	struct cpudist_value *v;

	if (key_by == CPUDIST_PROCESS)
		key.id = current_tgid();
	else if (key_by == CPUDIST_THREAD)
		key.id = current_tid();
	v = summary_entry(hists, &key, &zero);
	if (!v)
		return;
	/* the last name counted, for a task gone by the report (its first may be its parent's) */
	if (key_by != CPUDIST_ALL)
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	__sync_fetch_and_add(&v->total_ns, ns);
	hist_count(&v->hist, hist_log2_slot(ns / (milliseconds ? 1000000 : 1000)));
}

/*
 * A spell whose switch-in the program never saw: here the kernel's run
 * time of the thread since it was last picked to run, which the fair
 * class notes at every pick (set_next_entity()); up to date here, as the
 * previous task was put back before the tracepoint fires. Only the common
 * case reads it: the clock is cheaper than two reads of the task. A switch
 * is unseen at the first after attach, and (on this project's CI machine)
 * for a few percent of the on-CPU time of a busy thread, where without
 * this the test's thread came up to 3% short of its schedstat. Threads of
 * other classes (real-time, deadline) are not noted so: their unseen
 * spells stay uncounted, as they would be for a first spell.
 */
static __always_inline void count_unseen_spell(struct task_struct *prev, __u32 tid)
{
	unsigned int policy = BPF_CORE_READ(prev, policy);
	__u64 sum, at_pick;

	/* the fair class's policies; the idle tasks have a class of their own */
	if (!tid || (policy != SCHED_NORMAL && policy != SCHED_BATCH && policy != SCHED_IDLE))
		return;
	sum = BPF_CORE_READ(prev, se.sum_exec_runtime);
	at_pick = BPF_CORE_READ(prev, se.prev_sum_exec_runtime);
	if (sum > at_pick)
		count_spell(sum - at_pick);
}

/* -O: the wait that ended at `came_in`, and the one that begins now. */
static __always_inline void count_wait(struct task_struct *prev, __u64 came_in, __u64 now)
{
	bool dying = task_state(prev) & TASK_DEAD;
	__u64 *left = left_cpu_get(!dying);

	if (!left) {
		if (!dying)
			count_lost(); /* no memory for the thread's storage */
		return;
	}
	if (*left && came_in > *left)
		count_spell(came_in - *left);
	*left = now;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(cpudist_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 zero = 0, tid = (__u32)bpf_get_current_pid_tgid();
	struct last_switch *cpu = bpf_map_lookup_elem(&last_switch, &zero);
	__u64 now = bpf_ktime_get_ns(), came_in;

	if (!cpu)
		return TRACE_DONE;
	/* 0 unless the last switch here brought this thread in: its spell was seen whole */
	came_in = cpu->task == (__u64)prev ? cpu->ts : 0;
	cpu->ts = now;
	cpu->task = (__u64)next;
	if ((!tid && !include_idle) || !filter_task())
		return TRACE_DONE; /* an idle task, or not asked for */
	if (offcpu)
		count_wait(prev, came_in, now);
	else if (came_in)
		count_spell(now - came_in);
	else
		count_unseen_spell(prev, tid);
	return TRACE_DONE;
}
