// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reports of softirqs and hardirqs: a table of times or counts per
 * handler, or histograms; and the softirqs' names, softirqslower's too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irqstat.h"
#include "output.h"
#include "strbuf.h"

const struct tool_option irqstat_options[] = {
	{ "count", 'C', NULL, "count the runs instead of timing them" },
	{ "dist", 'd', NULL, "histograms of run times instead of totals" },
	{ "nanoseconds", 'N', NULL, "report times in nanoseconds" },
	{ "cpu", OPT_IRQ_CPU, NULL, "one row (or histogram) per CPU" },
	{ 0 },
};

/* The kernel's softirq vectors (include/linux/interrupt.h), named as bcc names them. */
static const char *const vec_names[] = {
	"hi",	    "timer",   "net_tx", "net_rx",  "block",
	"irq_poll", "tasklet", "sched",	 "hrtimer", "rcu",
};

const char *softirq_name(__s32 vec)
{
	static char other[16];

	if (vec >= 0 && (size_t)vec < sizeof(vec_names) / sizeof(vec_names[0]))
		return vec_names[vec];
	snprintf(other, sizeof(other), "vec%d", vec);
	return other;
}

int irqstat_check(struct option_ctx *ctx, const struct run *r)
{
	if (run_given(r, 'C') && run_given(r, 'd'))
		return option_error(ctx, "-C and -d exclude each other");
	return 0;
}

int irqstat_setup(struct run *r, void *ctx)
{
	struct irqstat *s = ctx;
	bool ns = run_given(r, 'N');

	s->counts = run_given(r, 'C');
	s->dist = run_given(r, 'd');
	s->per_cpu = run_given(r, OPT_IRQ_CPU);
	s->unit_ns = ns ? 1 : 1e3;
	s->spec.unit = ns ? "nsecs" : "usecs";
	output_retitle(IRQ_F_TOTAL, ns ? "TOTAL_nsecs" : "TOTAL_usecs");
	return 0;
}

void irqstat_configure(struct bpf_object *obj, const struct run *r, const struct irqstat *s)
{
	bool ns = run_given(r, 'N');

	run_set_rodata_var(obj, "counts_only", &s->counts, sizeof(s->counts));
	run_set_rodata_var(obj, "dist", &s->dist, sizeof(s->dist));
	run_set_rodata_var(obj, "nanoseconds", &ns, sizeof(ns));
	run_set_rodata_var(obj, "per_cpu", &s->per_cpu, sizeof(s->per_cpu));
}

/* By CPU, then number, then name: softirqs in vector order, as /proc/softirqs lists them. */
static int compare_entries(const void *a, const void *b)
{
	const struct irq_key *x = &((const struct irq_entry *)a)->key;
	const struct irq_key *y = &((const struct irq_entry *)b)->key;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	if (x->irq != y->irq)
		return x->irq < y->irq ? -1 : 1;
	return strncmp(x->name, y->name, IRQ_NAME_LEN);
}

/* One key's record: a table row in text, an object in JSON (with its buckets under -d). */
static void emit_record(const struct irqstat *s, const struct irq_entry *e, double now)
{
	const char *name = s->name(&e->key);
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(IRQ_F_TIME, now, 6);
	if (s->per_cpu)
		rec_uint(IRQ_F_CPU, e->key.cpu);
	rec_str(IRQ_F_NAME, name, IRQ_NAME_LEN);
	if (s->show_irq)
		rec_int(IRQ_F_IRQ, e->key.irq);
	rec_uint(IRQ_F_COUNT, e->value.count);
	if (!s->counts) {
		/* text: whole units, as bcc prints them */
		if (output_json())
			rec_double(IRQ_F_TOTAL, e->value.total_ns / s->unit_ns, 3);
		else
			rec_uint(IRQ_F_TOTAL, (unsigned long long)(e->value.total_ns / s->unit_ns));
		rec_str(IRQ_F_UNIT, s->spec.unit, strlen(s->spec.unit));
	}
	if (s->dist) {
		hist_json_buckets(&sb, &e->value.hist, &s->spec);
		rec_json(IRQ_F_BUCKETS, sb.buf, sb.len);
	}
	rec_end();
	sb_free(&sb);
}

/* -d in text: "softirq = net_rx" (and "cpu = 1") over bcc's bars. */
static void emit_hist(const struct irqstat *s, const struct irq_entry *e)
{
	struct hist_label labels[2] = { { s->kind, s->name(&e->key) } };
	char cpu[16];

	snprintf(cpu, sizeof(cpu), "%u", e->key.cpu);
	labels[1] = (struct hist_label){ "cpu", cpu };
	hist_emit(&e->value.hist, &s->spec, labels, s->per_cpu ? 2 : 1);
}

int irqstat_report(void *ctx)
{
	struct irqstat *s = ctx;
	struct irq_entry *entries = s->irqs.room;
	ssize_t n = summary_collect(&s->irqs, sizeof(*entries), offsetof(struct irq_entry, value));
	struct timespec now;
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	if (!s->dist)
		output_header();
	for (i = 0; i < n; i++) {
		if (!entries[i].value.count)
			continue;
		if (s->dist && !output_json())
			emit_hist(s, &entries[i]);
		else
			emit_record(s, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
	}
	if (!s->dist)
		output_text("\n", 1);
	return 0;
}
