/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A task's exit as sched:sched_process_exit sees it (after do_exit() has
 * stored the exit code and counted the thread out of signal->live): whether
 * it ended its process, and the status the parent's wait() will get.
 */
#ifndef SONDE_TASK_EXIT_BPF_H
#define SONDE_TASK_EXIT_BPF_H

#include "sonde.bpf.h"
#include "core_fixes.bpf.h"

/* include/linux/sched/signal.h: the same bit since Linux 2.6 (not in BTF: a #define) */
#define TASK_EXIT_SIGNAL_GROUP_EXIT 0x00000004

/*
 * Before 6.16 the verdict is re-derived: signal->live reached zero. Two
 * threads exiting at once can both read zero (each decremented, then both
 * read), so the first to claim the process here wins. Keyed by tgid and the
 * leader's start time, never reused; LRU, since nothing deletes the claims.
 */
struct task_exit_claim {
	__u32 tgid;
	__u32 pad;
	__u64 start_time;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct task_exit_claim);
	__type(value, __u8);
} task_exit_claims SEC(".maps");

static __always_inline bool task_exit_claim_process(struct task_struct *task)
{
	struct task_exit_claim key = {
		.tgid = BPF_CORE_READ(task, tgid),
		.start_time = BPF_CORE_READ(task, group_leader, start_time),
	};
	__u8 one = 1;

	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return false;
	return bpf_map_update_elem(&task_exit_claims, &key, &one, BPF_NOEXIST) == 0;
}

/* True for exactly one exit per process: the one that ends its last thread. */
static __always_inline bool task_exit_group_dead(void *ctx, struct task_struct *task)
{
	int group_dead = sched_exit_record_group_dead(ctx);

	return group_dead >= 0 ? group_dead : task_exit_claim_process(task);
}

/*
 * What wait() will report for the process: the group's code once
 * SIGNAL_GROUP_EXIT is set (exit_group(), a fatal signal; it carries the
 * core-dump bit). Since Linux 6.0, d80f7d7b2c75 ("signal: Guarantee that
 * SIGNAL_GROUP_EXIT is set on process exit"), the last thread out sets it
 * with its own code if nothing did before; earlier kernels report the
 * leader's code then, even when the leader was not the last thread out.
 */
static __always_inline __u32 task_exit_process_status(struct task_struct *task)
{
	if (BPF_CORE_READ(task, signal, flags) & TASK_EXIT_SIGNAL_GROUP_EXIT)
		return BPF_CORE_READ(task, signal, group_exit_code);
	return BPF_CORE_READ(task, group_leader, exit_code);
}

#endif
