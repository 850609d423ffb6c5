// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * wakeuptime: the time threads spent blocked, by the stacks of the threads
 * that woke them. A switch stamps the thread leaving the CPU (its name, no
 * stacks: offcpu_stacks is off); sched_waking, in the waker, writes the
 * waker's name and stacks into that wait; the switch that runs the thread
 * again adds the wait to the waker's key (offcpu.bpf.h). Waits no wakeup
 * ended (preemption) are not counted.
 *
 * raw_tp, not tp_btf: the task fields are read through CO-RE either way,
 * and tp_btf would make libbpf load the whole kernel BTF.
 */
#include "offcpu.bpf.h"

SEC("raw_tp/sched_switch")
int BPF_PROG(wakeup_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	offcpu_switched_out(ctx, prev);
	offcpu_switched_in(next);
	return TRACE_DONE;
}

SEC("raw_tp/sched_waking")
int BPF_PROG(wakeup_waking, struct task_struct *p)
{
	offcpu_woken(ctx, p);
	return TRACE_DONE;
}
