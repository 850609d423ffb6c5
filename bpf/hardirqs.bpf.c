// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hardirqs: time spent in each hard interrupt handler (or, -C, how often
 * each ran), from irq:irq_handler_entry to irq:irq_handler_exit on a CPU
 * (irqs.bpf.h), keyed by IRQ number and the handler's name
 * (struct irqaction's, as /proc/interrupts shows it). A shared IRQ line
 * runs each of its handlers in turn: each is its own entry and exit.
 * Raw tracepoints: the name is one CO-RE read of the action, and tp_btf
 * would make libbpf load the whole kernel BTF.
 */
#include "irqs.bpf.h"

static __always_inline void name_of(struct irq_key *key, struct irqaction *action)
{
	bpf_probe_read_kernel_str(key->name, sizeof(key->name), BPF_CORE_READ(action, name));
}

SEC("raw_tp/irq_handler_entry")
int BPF_PROG(handler_entry, int irq, struct irqaction *action)
{
	struct irq_key key = { .irq = irq };

	if (counts_only) {
		name_of(&key, action);
		irq_count(&key);
	} else {
		irq_begin(irq);
	}
	return TRACE_DONE;
}

SEC("raw_tp/irq_handler_exit")
int BPF_PROG(handler_exit, int irq, struct irqaction *action)
{
	struct irq_key key = { .irq = irq };
	__u64 ns = irq_took(irq);

	if (!ns)
		return TRACE_DONE;
	name_of(&key, action);
	irq_end(&key, ns);
	return TRACE_DONE;
}
