// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * softirqs: time spent in each kind of softirq (or, -C, how often each
 * ran), from irq:softirq_entry to irq:softirq_exit on a CPU (irqs.bpf.h).
 * Raw tracepoints (or classic ones): the one argument is the vector, a
 * plain number, so nothing of the kernel's types is read.
 */
#include "irqs.bpf.h"

static __always_inline void entered(unsigned int vec)
{
	struct irq_key key = { .irq = vec };

	if (counts_only)
		irq_count(&key);
	else
		irq_begin(vec);
}

static __always_inline void exited(unsigned int vec)
{
	struct irq_key key = { .irq = vec };
	__u64 ns = irq_took(vec, &key, false);

	if (ns)
		irq_end(&key, ns);
}

SEC("raw_tp/softirq_entry")
int BPF_PROG(softirq_entry, unsigned int vec)
{
	entered(vec);
	return TRACE_DONE;
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(softirq_exit, unsigned int vec)
{
	exited(vec);
	return TRACE_DONE;
}

SEC("tracepoint/irq/softirq_entry")
int softirq_entry_tp(struct trace_event_raw_softirq *ctx)
{
	entered(ctx->vec);
	return TRACE_DONE;
}

SEC("tracepoint/irq/softirq_exit")
int softirq_exit_tp(struct trace_event_raw_softirq *ctx)
{
	exited(ctx->vec);
	return TRACE_DONE;
}
