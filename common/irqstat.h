/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The user side softirqs and hardirqs share (bpf/irqs.bpf.h is the kernel
 * side): their own options, their checks, .rodata and reports. A tool
 * supplies its field table (indexed by enum irq_field), its probes and how
 * a key is named; its context starts with a struct irqstat. The softirqs'
 * names are here too, for softirqslower.
 */
#ifndef SONDE_IRQSTAT_H
#define SONDE_IRQSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "hist.h"
#include "maps.h"
#include "run.h"
#include "irq_layout.h"

/* --cpu has no letter: -c is the shared cgroup filter's, even where a tool does not take it. */
enum { OPT_IRQ_CPU = OPTION_LONG_ONLY };

/* Both tools' fields, in this order: a tool's table names them, its key and heading its own. */
enum irq_field {
	IRQ_F_TIME,
	IRQ_F_CPU,
	IRQ_F_NAME,
	IRQ_F_IRQ,
	IRQ_F_COUNT,
	IRQ_F_TOTAL,
	IRQ_F_UNIT,
	IRQ_F_BUCKETS,
	IRQ_F_N
};

/* The options both take: -C, -d, -N, --cpu. */
extern const struct tool_option irqstat_options[];

struct irqstat {
	const char *kind; /* "softirq", "hardirq": the -d heading's key */
	bool show_irq;	  /* the key's number is a field of its own (hardirqs' IRQ) */
	/* the key's name: a softirq's from its vector, a handler's as kept */
	const char *(*name)(const struct irq_key *key);
	bool counts, dist, per_cpu;
	double unit_ns;
	struct hist_spec spec;
	struct summary irqs; /* its room: a struct irq_entry for every key it can hold */
};

struct irq_entry {
	struct irq_key key;
	struct irq_value value;
};

/*
 * The struct tool of `tool_name` (its skeleton tool_name##_skeleton, its
 * fields `fields`, its configure()), with `probe_table`; other members
 * after it (.become).
 */
#define IRQSTAT_TOOL(tool_name, what, example_lines, probe_table, ...)                             \
	{                                                                                          \
		.name = #tool_name, .summary = what, .shared = SHARED_INTERVAL | SHARED_TIMESTAMP, \
		.options = irqstat_options, .check = irqstat_check, .examples = example_lines,     \
		.fields = fields, .nfields = N_FIELDS(fields), .skeleton = &tool_name##_skeleton,  \
		.probes = probe_table, .setup = irqstat_setup, .configure = configure,             \
		.summary_map = "irqs", .summary_at = offsetof(struct irqstat, irqs),               \
		.summary_entry = sizeof(struct irq_entry), .report = irqstat_report, __VA_ARGS__   \
	}

/* A softirq's name from its vector: "net_rx", or "vec12" for one this list does not know. */
const char *softirq_name(__s32 vec);

/* tool.check: -C and -d exclude each other. */
int irqstat_check(struct option_ctx *ctx, const struct run *r);
/* tool.setup, with the context a struct irqstat. */
int irqstat_setup(struct run *r, void *ctx);
/* From tool.configure: the .rodata of bpf/irqs.bpf.h in the tool's object. */
void irqstat_configure(struct bpf_object *obj, const struct run *r, const struct irqstat *s);
/* tool.report. */
int irqstat_report(void *ctx);

#endif
