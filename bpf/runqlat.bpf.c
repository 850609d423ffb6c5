// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqlat: run-queue latency, from a task's wakeup (or preemption) to its
 * running, as log2 histograms built in the kernel (runq.bpf.h does the
 * bookkeeping). Raw tracepoints, not BTF ones: every task read is CO-RE,
 * and tp_btf would make libbpf load the whole kernel BTF.
 */
#include "sonde.bpf.h"
#include "hist.bpf.h"
#include "runq.bpf.h"
#include "summary.bpf.h"
#include "runqlat.h"

const volatile bool milliseconds = false;
const volatile __u32 by = RUNQLAT_ALL;

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 10240, struct runqlat_key, struct hist);

static __always_inline __u32 key_of(struct task_struct *p)
{
	switch (by) {
	case RUNQLAT_PID:
		return task_tgid(p);
	case RUNQLAT_TID:
		return task_tid(p);
	case RUNQLAT_PIDNS:
		return BPF_CORE_READ(p, nsproxy, pid_ns_for_children, ns.inum);
	}
	return 0;
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(runqlat_wakeup, struct task_struct *p)
{
	runq_enqueue(p);
	return TRACE_DONE;
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(runqlat_wakeup_new, struct task_struct *p)
{
	runq_enqueue(p);
	return TRACE_DONE;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(runqlat_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct runqlat_key key = {};
	__s64 delta = runq_switch(prev, next);

	if (delta < 0)
		return TRACE_DONE;
	delta /= milliseconds ? 1000000 : 1000;
	key.id = key_of(next);
	hist_add(hists, &key, hist_log2_slot(delta));
	return TRACE_DONE;
}
