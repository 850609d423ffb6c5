// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * runqlen: run-queue length by sampling. A perf event per CPU
 * (common/perf_sample.c) fires this program at a fixed frequency; it counts
 * how many CFS tasks wait on the interrupted CPU behind the running one, in
 * a linear histogram (one per CPU with -C). Only the histograms reach user
 * space, once per report.
 *
 * The queue is found from the sampled task, as bcc does: its scheduling
 * entity's CFS run queue (task->se.cfs_rq). With group scheduling (cgroup
 * cpu controllers, and autogroup: a task group per session, on by default)
 * that is the task's own group's queue on this CPU, blind to every other
 * group's tasks: on this machine, whose sessions each have their autogroup,
 * half the samples of a CPU four threads crowded read 0 or 1 instead of 3.
 * So by default the CPU's root CFS queue is read (the group queue's rq,
 * its cfs), whose hierarchical count holds every CFS task on the CPU;
 * --group reads the task's own queue, as bcc and libbpf-tools do.
 *
 * The running task is on its queue and is subtracted, if it is a CFS task:
 * the idle task (pid 0) and real-time or deadline tasks are on queues of
 * their own, never counted, and do not hide a waiting CFS task.
 */
#include "sonde.bpf.h"
#include "core_fixes.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "runqlen.h"

/* include/uapi/linux/sched.h: the policies of the fair class */
#define POLICY_NORMAL 0
#define POLICY_BATCH  3
#define POLICY_IDLE   5

const volatile bool per_cpu = false;
const volatile bool own_group = false;

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 4096, struct runqlen_key, struct hist);

/* Whether the task runs in the fair class, and so is on the CFS queue it counts. */
static __always_inline bool task_is_fair(struct task_struct *task)
{
	unsigned int policy = BPF_CORE_READ(task, policy);

	if (!BPF_CORE_READ(task, pid))
		return false; /* an idle task: SCHED_NORMAL by its policy */
	return policy == POLICY_NORMAL || policy == POLICY_BATCH || policy == POLICY_IDLE;
}

/* CFS tasks on this CPU, the running one included: on its group's queue, or on all. */
static __always_inline __u32 cfs_tasks(struct task_struct *task)
{
	struct cfs_rq *cfs_rq = BPF_CORE_READ(task, se.cfs_rq);
	struct rq *rq;

	if (own_group)
		return cfs_rq_queued(cfs_rq);
	rq = BPF_CORE_READ(cfs_rq, rq);
	return cfs_rq_runnable(&rq->cfs); /* an address, CO-RE relocated: no read */
}

SEC("perf_event")
int runqlen_sample(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct runqlen_key key = {};
	__u64 len = cfs_tasks(task);

	(void)ctx;
	if (len && task_is_fair(task))
		len--;
	if (per_cpu)
		key.cpu = bpf_get_smp_processor_id();
	hist_add(hists, &key, hist_linear_slot(len, 1));
	return TRACE_DONE;
}
