// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hardirqs: time spent in each hard interrupt handler (or, -C, how often
 * each ran), from irq:irq_handler_entry to irq:irq_handler_exit on a CPU
 * (irqs.bpf.h), keyed by IRQ number and the handler's name
 * (struct irqaction's, as /proc/interrupts shows it). A shared IRQ line
 * runs each of its handlers in turn: each is its own entry and exit.
 * Raw tracepoints first: the name is one CO-RE read of the action, and
 * tp_btf would make libbpf load the whole kernel BTF. On classic ones the
 * name is the entry record's __data_loc string, kept for the exit.
 */
#include "irqs.bpf.h"

/* The name of the handler, from its struct irqaction (raw tracepoints). */
static __always_inline void action_name(char *name, struct irqaction *action)
{
	bpf_probe_read_kernel_str(name, IRQ_NAME_LEN, BPF_CORE_READ(action, name));
}

/* The same from the entry's record (classic tracepoints), its __data_loc string. */
static __always_inline void record_name(char *name, struct trace_event_raw_irq_handler_entry *ctx)
{
	__u32 loc = ctx->__data_loc_name;

	bpf_probe_read_kernel_str(name, IRQ_NAME_LEN, (void *)ctx + (loc & 0xffff));
}

SEC("raw_tp/irq_handler_entry")
int BPF_PROG(handler_entry, int irq, struct irqaction *action)
{
	struct irq_key key = { .irq = irq };

	if (counts_only) {
		action_name(key.name, action);
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
	__u64 ns = irq_took(irq, &key, false);

	if (!ns)
		return TRACE_DONE;
	action_name(key.name, action);
	irq_end(&key, ns);
	return TRACE_DONE;
}

/* The exit's record has no name: the entry keeps it in the CPU's slot. */
SEC("tracepoint/irq/irq_handler_entry")
int handler_entry_tp(struct trace_event_raw_irq_handler_entry *ctx)
{
	struct irq_key key = { .irq = ctx->irq };
	struct irq_start *s;

	if (counts_only) {
		record_name(key.name, ctx);
		irq_count(&key);
		return TRACE_DONE;
	}
	s = irq_begin(ctx->irq);
	if (s)
		record_name(s->name, ctx);
	return TRACE_DONE;
}

SEC("tracepoint/irq/irq_handler_exit")
int handler_exit_tp(struct trace_event_raw_irq_handler_exit *ctx)
{
	struct irq_key key = { .irq = ctx->irq };
	__u64 ns = irq_took(ctx->irq, &key, true);

	if (ns)
		irq_end(&key, ns);
	return TRACE_DONE;
}
