// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* wqlat: workqueue latency (queued to started) as log2 histograms, summed in the kernel. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "hist.h"
#include "ksyms.h"
#include "maps.h"
#include "run.h"
#include "wqlat.h"
#include "wqlat.skel.h"

enum { OPT_FUNCTION = OPTION_LONG_ONLY };

struct entry {
	struct wqlat_key key;
	struct hist hist;
};

struct wqlat {
	const char *wq_name;	 /* -w */
	bool by_wq, by_function; /* -W, --function */
	struct hist_spec spec;
	struct ksyms ksyms; /* --function */
	int ksyms_err;
	struct summary hists;
};

static const struct tool_option options[] = {
	{ "workqueues", 'W', NULL, "one histogram per workqueue" },
	{ "wqname", 'w', "NAME", "only the workqueue NAME" },
	{ "function", OPT_FUNCTION, NULL, "one histogram per work function" },
	{ "nanoseconds", 'N', NULL, "report in nanoseconds" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct wqlat *w = ctx->opts;

	if (key != 'w')
		return OPTION_NOT_MINE;
	if (!*arg || strlen(arg) >= WQLAT_NAME_LEN)
		return option_error(ctx, "-w: a workqueue name is 1 to %d characters",
				    WQLAT_NAME_LEN - 1);
	w->wq_name = arg;
	return 0;
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	if (run_given(r, 'm') && run_given(r, 'N'))
		return option_error(ctx, "-m and -N exclude each other");
	return 0;
}

/* By workqueue, then function: a workqueue's histograms together. */
static int compare_entries(const void *a, const void *b)
{
	const struct wqlat_key *x = &((const struct entry *)a)->key;
	const struct wqlat_key *y = &((const struct entry *)b)->key;
	int c = strncmp(x->wq, y->wq, WQLAT_NAME_LEN);

	if (c)
		return c;
	return x->function < y->function ? -1 : x->function > y->function;
}

/* The function's name, or its address if kallsyms cannot name it. */
static const char *function_name(const struct wqlat *w, __u64 addr, char *buf, size_t len)
{
	struct ksym_match m;

	if (!w->ksyms_err && ksyms_find(&w->ksyms, addr, &m) && !m.offset)
		return m.name;
	snprintf(buf, len, "0x%llx", (unsigned long long)addr);
	return buf;
}

/* "wqname = events" as bcc labels it, then "function = flush_to_ldisc" with --function. */
static void emit_one(const struct wqlat *w, const struct entry *e)
{
	struct hist_label labels[2];
	char wq[WQLAT_NAME_LEN + 1], addr[24];
	int n = 0;

	if (w->by_wq) {
		memcpy(wq, e->key.wq, WQLAT_NAME_LEN);
		wq[WQLAT_NAME_LEN] = '\0';
		labels[n++] = (struct hist_label){ "wqname", wq };
	}
	if (w->by_function)
		labels[n++] = (struct hist_label){ "function", function_name(w, e->key.function,
									     addr, sizeof(addr)) };
	hist_emit(&e->hist, &w->spec, labels, n);
}

static int report(void *ctx)
{
	struct wqlat *w = ctx;
	struct entry *entries = w->hists.room;
	ssize_t n = summary_collect(&w->hists, sizeof(*entries), offsetof(struct entry, hist));
	struct hist empty = { 0 };
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	if (!n && !w->by_wq && !w->by_function)
		hist_emit(&empty, &w->spec, NULL, 0); /* no work at all is a histogram of none */
	for (i = 0; i < n; i++)
		emit_one(w, &entries[i]);
	return 0;
}

/* Both tracepoints since Linux 2.6.36; their raw arguments have not changed since. */
static const struct probe probes[] = {
	{ "workqueue_queue_work", { "wqlat_queue" } },
	{ "workqueue_execute_start", { "wqlat_execute" } },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct wqlat *w = ctx;

	w->by_wq = run_given(r, 'W');
	w->by_function = run_given(r, OPT_FUNCTION);
	w->spec.unit = run_given(r, 'N') ? "nsecs" : r->milliseconds ? "msecs" : "usecs";
	/* an unreadable kallsyms costs the names, not the histograms */
	if (w->by_function) {
		w->ksyms_err = ksyms_load(&w->ksyms);
		if (w->ksyms_err)
			run_warn(r, "cannot read /proc/kallsyms: functions shown as addresses");
	}
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct wqlat *w = ctx;
	struct wqlat_bpf *s = skel;

	s->rodata->milliseconds = r->milliseconds;
	s->rodata->nanoseconds = run_given(r, 'N');
	s->rodata->per_wq = w->by_wq;
	s->rodata->per_function = w->by_function;
	s->rodata->wq_filter = w->wq_name != NULL;
	if (w->wq_name)
		memcpy((char *)s->rodata->wq_name, w->wq_name, strlen(w->wq_name) + 1);
}

static void cleanup(void *ctx)
{
	struct wqlat *w = ctx;

	ksyms_free(&w->ksyms);
}

SKELETON(wqlat);

static const struct tool tool = {
	.name = "wqlat",
	.summary = "Summarize workqueue latency, queued to started, as log2 histograms.",
	.shared = SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.check = check,
	.examples = "  wqlat                   one histogram at Ctrl-C\n"
		    "  wqlat -W 1 10           per workqueue, every second, ten times\n"
		    "  wqlat -w writeback -m   the writeback workqueue, in milliseconds\n"
		    "  wqlat -W --function -j  per workqueue and work function, JSON\n",
	.skeleton = &wqlat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.cleanup = cleanup,
	.summary_map = "hists",
	.summary_at = offsetof(struct wqlat, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct wqlat w = { 0 };

	return run_tool(&tool, &w, argc, argv);
}
