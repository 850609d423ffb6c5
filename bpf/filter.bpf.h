/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The shared task filter. `filter` (task.bpf.h) lives in .rodata, so the
 * verifier sees its final value at load time and drops every test the user
 * did not ask for: an unfiltered tool pays nothing for the filter. PIDs are
 * compared as the tool's PID namespace numbers them.
 */
#ifndef SONDE_FILTER_BPF_H
#define SONDE_FILTER_BPF_H

#include "sonde.bpf.h"
#include "task.bpf.h"

/* Slot 0 holds the cgroup v2 directory given with -c/--cgroup. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/* pid, tid, uid and cgroup: what is known about the current task at any hook. */
static __always_inline bool filter_ids(void)
{
	struct task_ids ids;

	/* no helper call at all for an unfiltered tool */
	if (filter.flags & (FILTER_BY_TGID | FILTER_BY_TID)) {
		ids = current_ids();
		if ((filter.flags & FILTER_BY_TGID) && ids.pid != filter.tgid)
			return false;
		if ((filter.flags & FILTER_BY_TID) && ids.tid != filter.tid)
			return false;
	}
	if ((filter.flags & FILTER_BY_UID) && (__u32)bpf_get_current_uid_gid() != filter.uid)
		return false;
	if ((filter.flags & FILTER_BY_CGROUP) &&
	    bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	return true;
}

#define FILTER_CGROUP_DEPTH 16 /* levels a task may sit below -c's directory */

/*
 * Whether task t (not the current one: bpf_current_task_under_cgroup()
 * tests that) is in -c's directory or below it: its cgroup v2 and each
 * ancestor's kernfs id against the directory's. A cgroup's first member is
 * its css, whose parent is the parent cgroup's, from 5.10 to 6.18.
 */
static __always_inline bool filter_task_in_cgroup(struct task_struct *t)
{
	struct cgroup *cg = BPF_CORE_READ(t, cgroups, dfl_cgrp);

	for (int level = 0; level < FILTER_CGROUP_DEPTH && cg; level++) {
		if (BPF_CORE_READ(cg, kn, id) == filter.cgroup_id)
			return true;
		cg = (struct cgroup *)BPF_CORE_READ(cg, self.parent);
	}
	return false;
}

/* Exact match on the 15-character task name; compared as two words, not a byte loop. */
static __always_inline bool filter_comm(void)
{
	__u64 comm[SONDE_COMM_LEN / sizeof(__u64)] = {};
	/* volatile: a plain read of .rodata folds to its compile-time zeros */
	const volatile __u64 *want = (const volatile __u64 *)filter.comm;

	if (!(filter.flags & FILTER_BY_COMM))
		return true;
	bpf_get_current_comm(comm, sizeof(comm));
	return comm[0] == want[0] && comm[1] == want[1];
}

static __always_inline bool filter_task(void)
{
	return filter_ids() && filter_comm();
}

#endif
