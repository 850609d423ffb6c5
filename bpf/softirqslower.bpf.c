// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * softirqslower: each softirq run slower than a threshold, from
 * irq:softirq_entry to irq:softirq_exit on a CPU (paired by
 * irq_pair.bpf.h, as softirqs pairs them), sent with the task it
 * interrupted. The threshold is tested in the kernel, so a run under it
 * costs a clock read at each end and nothing else.
 *
 * Raw tracepoints first (the one argument is the vector, a plain number),
 * classic ones where raw ones are refused or asked against.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "irq_pair.bpf.h"
#include "task.bpf.h"
#include "softirqslower.h"

const volatile __u64 min_ns = 0;
const volatile __s32 target_cpu = -1; /* --cpu: this CPU only */

static __always_inline void entered(unsigned int vec)
{
	if (target_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)target_cpu)
		return;
	irq_begin(vec);
}

static __always_inline void exited(unsigned int vec)
{
	struct softirq_event *e;
	__u64 ns;

	/* a CPU --cpu leaves out never stamps its slot: irq_finish() finds nothing */
	if (!irq_finish(vec, &ns) || ns < min_ns)
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	task_head_fill(&e->task);
	e->duration_ns = ns;
	e->cpu = bpf_get_smp_processor_id();
	e->vec = vec;
	events_submit(e);
}

SEC("raw_tp/softirq_entry")
int BPF_PROG(slower_entry, unsigned int vec)
{
	entered(vec);
	return TRACE_DONE;
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(slower_exit, unsigned int vec)
{
	exited(vec);
	return TRACE_DONE;
}

SEC("tracepoint/irq/softirq_entry")
int slower_entry_tp(struct trace_event_raw_softirq *ctx)
{
	entered(ctx->vec);
	return TRACE_DONE;
}

SEC("tracepoint/irq/softirq_exit")
int slower_exit_tp(struct trace_event_raw_softirq *ctx)
{
	exited(ctx->vec);
	return TRACE_DONE;
}
