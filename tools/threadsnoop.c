// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* threadsnoop: trace thread creation: the new thread, its process and its creator. */
#include <linux/types.h>

#include "run.h"
#include "threadsnoop.h"
#include "threadsnoop.skel.h"

enum { F_TIME, F_MS, F_PID, F_COMM, F_TID, F_PTID };

/* bcc's columns TIME(ms) PID COMM, then TID PTID where bcc has FUNC (no uprobe, no function). */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME }, [F_MS] = { "elapsed_ms", "TIME(ms)", -10 },
	[F_PID] = { .task = TASK_PID },	  [F_COMM] = { .task = TASK_COMM },
	[F_TID] = { "tid", "TID", -7 },	  [F_PTID] = { "ptid", "PTID", 0 },
};

static int on_event(void *ctx, void *data, size_t len)
{
	const struct thread_event *e = data;
	__u64 *first_ts = ctx;

	if (len < sizeof(*e))
		return 0;
	if (!*first_ts)
		*first_ts = e->task.ts; /* as bcc: milliseconds since the first thread shown */
	rec_begin();
	rec_task(&e->task);
	rec_uint(F_MS, (e->task.ts - *first_ts) / 1000000);
	rec_uint(F_TID, e->new_tid);
	rec_uint(F_PTID, e->task.tid);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	/* raw: its arguments are read by position, so their number is checked first */
	{ "task_newtask", { "newtask" }, { NEED_TRACEPOINT_ARGS("task_newtask", 2) } },
	{ 0 },
};

SKELETON(threadsnoop);

static const struct tool tool = {
	.name = "threadsnoop",
	.summary =
		"Trace thread creation: the new thread, its process and the thread that made it.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP,
	.examples = "  threadsnoop             every new thread\n"
		    "  threadsnoop -p 181      threads process 181 creates\n"
		    "  threadsnoop -n java -j  JSON lines for tasks named java\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &threadsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	__u64 first_ts = 0;

	return run_tool(&tool, &first_ts, argc, argv);
}
