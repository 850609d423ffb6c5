// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* hardirqs: time in (or runs of) each hard interrupt handler, summed in the kernel (common/irqstat.c). */
#include <stddef.h>

#include "irqstat.h"
#include "hardirqs.skel.h"

/* The handler's name as the kernel keeps it (and /proc/interrupts shows it). */
static const char *handler_name(const struct irq_key *key)
{
	return key->name;
}

/* bcc's columns: HARDIRQ TOTAL_usecs, or TOTAL_count with -C; CPU first with --cpu. */
static const struct field fields[] = {
	[IRQ_F_TIME] = { "time" },
	[IRQ_F_CPU] = { "cpu", "CPU", 3, .shown_by = OPT_IRQ_CPU },
	[IRQ_F_NAME] = { "hardirq", "HARDIRQ", -26 },
	[IRQ_F_IRQ] = { "irq" },
	[IRQ_F_COUNT] = { "count", "TOTAL_count", 11, .shown_by = 'C' },
	[IRQ_F_TOTAL] = { "total_time", "TOTAL_usecs", 11, .hidden_by = 'C' },
	[IRQ_F_UNIT] = { "unit" },
	[IRQ_F_BUCKETS] = { "buckets" },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	irqstat_configure(((struct hardirqs_bpf *)skel)->obj, r, ctx);
}

/* Entries alone when counting (-C). */
static const struct probe time_probes[] = {
	{ "irq_handler_entry", { "handler_entry", "handler_entry_tp" } },
	{ "irq_handler_exit", { "handler_exit", "handler_exit_tp" } },
	{ 0 },
};

static const struct probe count_probes[] = {
	{ "irq_handler_entry", { "handler_entry", "handler_entry_tp" } },
	{ 0 },
};

SKELETON(hardirqs);

#define SUMMARY "Summarize the time spent in hard interrupt handlers, or count their runs."
#define EXAMPLES                                                              \
	"  hardirqs                total time per handler at Ctrl-C\n"        \
	"  hardirqs -C 1 5         runs per handler, every second, 5 times\n" \
	"  hardirqs -d             histograms of run time per handler\n"      \
	"  hardirqs --cpu -j 1     per CPU, JSON every second\n"

/* -C: the same tool without the exit program. */
static const struct tool count_tool = IRQSTAT_TOOL(hardirqs, SUMMARY, EXAMPLES, count_probes);

static const struct tool *become(const struct run *r)
{
	return run_given(r, 'C') ? &count_tool : NULL;
}

static const struct tool tool =
	IRQSTAT_TOOL(hardirqs, SUMMARY, EXAMPLES, time_probes, .become = become);

int main(int argc, char **argv)
{
	struct irqstat s = { .kind = "hardirq", .show_irq = true, .name = handler_name };

	return run_tool(&tool, &s, argc, argv);
}
