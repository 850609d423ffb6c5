// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * offcputime: where threads wait, and for how long. Every switch stamps the
 * thread leaving the CPU with its stacks and counts the wait of the one
 * coming on (offcpu.bpf.h, shared with the wakeup tools).
 *
 * raw_tp, not tp_btf: the task fields are read through CO-RE either way,
 * and tp_btf would make libbpf load the whole kernel BTF.
 */
#include "offcpu.bpf.h"

SEC("raw_tp/sched_switch")
int BPF_PROG(offcpu_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	offcpu_switched_out(ctx, prev);
	offcpu_switched_in(next);
	return TRACE_DONE;
}
