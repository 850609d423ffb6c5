// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* softirqs: time in (or runs of) each kind of softirq, summed in the kernel (common/irqstat.c). */
#include <stddef.h>

#include "irqstat.h"
#include "softirqs.skel.h"

static const char *vec_name(const struct irq_key *key)
{
	return softirq_name(key->irq);
}

/* bcc's columns: SOFTIRQ TOTAL_usecs, or TOTAL_count with -C; CPU first with --cpu. */
static const struct field fields[] = {
	[IRQ_F_TIME] = { "time" },
	[IRQ_F_CPU] = { "cpu", "CPU", 3, .shown_by = OPT_IRQ_CPU },
	[IRQ_F_NAME] = { "softirq", "SOFTIRQ", -16 },
	[IRQ_F_IRQ] = { "vec" },
	[IRQ_F_COUNT] = { "count", "TOTAL_count", 11, .shown_by = 'C' },
	[IRQ_F_TOTAL] = { "total_time", "TOTAL_usecs", 11, .hidden_by = 'C' },
	[IRQ_F_UNIT] = { "unit" },
	[IRQ_F_BUCKETS] = { "buckets" },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	irqstat_configure(((struct softirqs_bpf *)skel)->obj, r, ctx);
}

/* Entries alone when counting (-C). */
static const struct probe time_probes[] = {
	{ "softirq_entry", { "softirq_entry", "softirq_entry_tp" } },
	{ "softirq_exit", { "softirq_exit", "softirq_exit_tp" } },
	{ 0 },
};

static const struct probe count_probes[] = {
	{ "softirq_entry", { "softirq_entry", "softirq_entry_tp" } },
	{ 0 },
};

SKELETON(softirqs);

#define SUMMARY "Summarize the time spent in each kind of softirq, or count their runs."
#define EXAMPLES                                                              \
	"  softirqs                total time per softirq at Ctrl-C\n"        \
	"  softirqs -C 1 5         runs per softirq, every second, 5 times\n" \
	"  softirqs -d -N          histograms of run time in nanoseconds\n"   \
	"  softirqs --cpu -j 1     per CPU, JSON every second\n"

/* -C: the same tool without the exit program. */
static const struct tool count_tool = IRQSTAT_TOOL(softirqs, SUMMARY, EXAMPLES, count_probes);

static const struct tool *become(const struct run *r)
{
	return run_given(r, 'C') ? &count_tool : NULL;
}

static const struct tool tool =
	IRQSTAT_TOOL(softirqs, SUMMARY, EXAMPLES, time_probes, .become = become);

int main(int argc, char **argv)
{
	struct irqstat s = { .kind = "softirq", .name = vec_name };

	return run_tool(&tool, &s, argc, argv);
}
