// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * softirqs: time spent in each kind of softirq (or, -C, how often each
 * ran), from irq:softirq_entry to irq:softirq_exit on a CPU (irqs.bpf.h).
 * Raw tracepoints: their one argument is the vector, a plain number, so
 * nothing of the kernel's types is read.
 */
#include "irqs.bpf.h"

SEC("raw_tp/softirq_entry")
int BPF_PROG(softirq_entry, unsigned int vec)
{
	struct irq_key key = { .irq = vec };

	if (counts_only)
		irq_count(&key);
	else
		irq_begin(vec);
	return TRACE_DONE;
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(softirq_exit, unsigned int vec)
{
	struct irq_key key = { .irq = vec };
	__u64 ns = irq_took(vec);

	if (ns)
		irq_end(&key, ns);
	return TRACE_DONE;
}
