/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Threads off the CPU, for the tools that count the time they wait
 * (offcputime, wakeuptime, offwaketime): at sched_switch the thread leaving
 * the CPU (prev, still current) is stamped with the time and its key
 * (stack_counts.bpf.h: its stacks, if the tool reads them); when a later
 * switch brings it back (next), the time it spent off the CPU is added to
 * that key's count. One program serves both halves: every switch is one
 * thread out and another in.
 *
 * The wakeup tools also hook sched_waking, which runs in the waker: it
 * writes the waker (its name and stacks) into the sleeper's open wait, so
 * the count at the switch back is keyed by both. Written into the wait, not
 * a map of its own: nothing is left behind by a wakeup of a thread that
 * never slept, and the switch back needs no second lookup. The write is
 * seen there: the wakeup queues the thread under its run queue's lock
 * after the tracepoint, and the switch that runs it takes that lock.
 *
 * The state is read from the task, not from the tracepoint's prev_state
 * argument (Linux 5.18+), so one program runs on every kernel; a wakeup
 * racing the switch may show a sleep as running (R) then.
 */
#ifndef SONDE_OFFCPU_BPF_H
#define SONDE_OFFCPU_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "filter.bpf.h"
#include "stack_counts.bpf.h"

/* -m and -M, in ns: off-CPU spells outside them are not counted */
const volatile __u64 min_ns = 1000;
const volatile __u64 max_ns = ~0ULL;
/* --state: a thread switched out in these states only (0: preempted, running) */
const volatile bool by_state = false;
const volatile unsigned int state_mask = 0;
/* the wakeup tools: count only waits a wakeup was seen to end */
const volatile bool woken_only = false;
/* read the stacks of the thread going off the CPU (not wakeuptime: the waker's only) */
const volatile bool offcpu_stacks = true;

/* A thread off the CPU: since when, its run time then, where it waits and who woke it. */
struct off_cpu {
	__u64 since;
	__u64 ran;
	__u32 woken;
	__u32 pad;
	struct stack_key key;
};

/* By the kernel's thread id: LRU, so threads that exit while off the CPU fall out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct off_cpu);
} off_cpu SEC(".maps");

/* A thread leaving the CPU for good: it has no wait to come back from. */
#define TASK_DEAD 0x80

static __always_inline bool state_wanted(unsigned int state)
{
	if (state & TASK_DEAD)
		return false;
	if (!by_state)
		return true;
	return state_mask ? (state & state_mask) != 0 : state == 0;
}

static __always_inline void count_wait(const struct off_cpu *o, __u64 ns)
{
	if (woken_only && !o->woken)
		return; /* preempted, or its wakeup came before it left: no waker to name */
	if (ns >= min_ns && ns <= max_ns)
		stack_key_add(&o->key, ns);
}

/*
 * A thread leaving the CPU with its last wait still open: the switch that
 * brought it back was never seen. On this project's CI machine a switch
 * away from some tasks (the sandbox's PID 1 threads) fires no sched_switch
 * at all, about one wait in 800 here. The wait is recovered, not lost: it is
 * the time since that switch-out less the one spell run since, which the
 * kernel's run-time sum of the thread gives.
 */
static __always_inline void close_unseen_wait(__u32 tid, const struct off_cpu *now)
{
	struct off_cpu *o = bpf_map_lookup_elem(&off_cpu, &tid);
	__u64 spell, ran;

	if (!o)
		return;
	spell = now->since - o->since;
	ran = now->ran - o->ran;
	if (ran < spell)
		count_wait(o, spell - ran);
	bpf_map_delete_elem(&off_cpu, &tid);
}

/* The thread leaving the CPU, still current: its wait opens. */
static __always_inline void offcpu_switched_out(void *ctx, struct task_struct *prev)
{
	struct off_cpu o;
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!tid || !filter_task())
		return; /* the idle task, or not asked for */
	o.since = bpf_ktime_get_ns();
	o.ran = BPF_CORE_READ(prev, se.sum_exec_runtime);
	if (!state_wanted(task_state(prev))) {
		close_unseen_wait(tid, &o);
		return;
	}
	o.woken = o.pad = 0;
	__builtin_memset(&o.key.waker, 0, sizeof(o.key.waker));
	stack_task_fill(ctx, &o.key.task, offcpu_stacks);
	/* no lookup first: an open wait is the rare case, and the insert finds it */
	if (map_result(bpf_map_update_elem(&off_cpu, &tid, &o, BPF_NOEXIST)) == -ERR_EXIST) {
		close_unseen_wait(tid, &o);
		bpf_map_update_elem(&off_cpu, &tid, &o, BPF_ANY);
	}
}

/* The thread coming on: its wait, if one is open, is counted. */
static __always_inline void offcpu_switched_in(struct task_struct *next)
{
	__u32 tid = BPF_CORE_READ(next, pid);
	struct off_cpu *o = bpf_map_lookup_elem(&off_cpu, &tid);
	struct off_cpu copy;
	__u64 ns;

	if (!o)
		return;
	ns = bpf_ktime_get_ns() - o->since;
	copy = *o;
	bpf_map_delete_elem(&off_cpu, &tid);
	count_wait(&copy, ns);
}

/* sched_waking, in the waker: it is written into the sleeper's open wait, if it has one. */
static __always_inline void offcpu_woken(void *ctx, struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	struct off_cpu *o = bpf_map_lookup_elem(&off_cpu, &tid);

	if (!o)
		return; /* not traced (filtered out, or it never left the CPU) */
	stack_task_fill(ctx, &o->key.waker, true);
	o->woken = 1;
}

#endif
