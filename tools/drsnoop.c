// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* drsnoop: trace direct and memory cgroup reclaim: who, how long, how many pages. */
#include <stddef.h>
#include <linux/types.h>

#include "run.h"
#include "drsnoop.h"
#include "drsnoop.skel.h"

enum { F_TIME, F_UID, F_COMM, F_PID, F_TID, F_LAT, F_PAGES, F_KIND, F_ORDER };

/* bcc's columns: [TIME] [UID] COMM PID LAT(ms) PAGES, then which kind of reclaim. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .width = -9 },
	[F_UID] = { .task = TASK_UID },
	[F_COMM] = { .task = TASK_COMM, .width = -14 },
	[F_PID] = { .task = TASK_PID, .width = -6 },
	[F_TID] = { .task = TASK_TID },
	[F_LAT] = { "latency_ns", "LAT(ms)", 8 },
	[F_PAGES] = { "pages", "PAGES", 5 },
	[F_KIND] = { "kind", "KIND", 0 },
	[F_ORDER] = { "order" },
};

static const char *kind_name(__u32 kind)
{
	return kind == RECLAIM_DIRECT ? "direct" : kind == RECLAIM_MEMCG ? "memcg" : "?";
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct reclaim_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_latency(F_LAT, e->latency_ns);
	rec_uint(F_PAGES, e->pages);
	rec_str(F_KIND, kind_name(e->kind), 8);
	rec_int(F_ORDER, e->order);
	rec_end();
	return 0;
}

/* Memory cgroup reclaim needs CONFIG_MEMCG: without it, direct reclaim alone. */
static const struct probe probes[] = {
	{ "mm_vmscan_direct_reclaim", { "direct_begin,direct_end" } },
	{ "mm_vmscan_memcg_reclaim", { "memcg_begin,memcg_end" }, .optional = true },
	{ 0 },
};

SKELETON(drsnoop);

static const struct tool tool = {
	.name = "drsnoop",
	.summary = "Trace direct and memory cgroup reclaim: who waited, how long, pages freed.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID,
	.examples = "  drsnoop                 every reclaim done by an allocating task\n"
		    "  drsnoop -T -U           with the time and the user ID\n"
		    "  drsnoop -p 181 -d 10    process 181, for ten seconds\n"
		    "  drsnoop -j              JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &drsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
