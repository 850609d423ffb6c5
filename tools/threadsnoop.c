// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* threadsnoop: trace thread creation: the new thread, its process and its creator. */
#include <linux/types.h>

#include "output.h"
#include "run.h"
#include "threadsnoop.h"
#include "threadsnoop.skel.h"

enum { F_TIME, F_MS, F_PID, F_COMM, F_TID, F_PTID };

/* bcc's columns TIME(ms) PID COMM, then TID PTID where bcc has FUNC (no uprobe, no function). */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8, .hidden = true },
	[F_MS] = { "elapsed_ms", "TIME(ms)", -10 },
	[F_PID] = { "pid", "PID", -7 },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_TID] = { "tid", "TID", -7 },
	[F_PTID] = { "ptid", "PTID", 0 },
};

static const struct tool tool = {
	.name = "threadsnoop",
	.summary =
		"Trace thread creation: the new thread, its process and the thread that made it.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP,
	.examples = "  threadsnoop             every new thread\n"
		    "  threadsnoop -p 181      threads process 181 creates\n"
		    "  threadsnoop -n java -j  JSON lines for tasks named java\n",
};

static int on_event(void *ctx, void *data, size_t len)
{
	static __u64 first_ts;
	const struct thread_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	if (!first_ts)
		first_ts = e->ts; /* as bcc: milliseconds since the first thread shown */
	rec_begin();
	rec_time(&fields[F_TIME], e->ts);
	rec_uint(&fields[F_MS], (e->ts - first_ts) / 1000000);
	rec_uint(&fields[F_PID], e->pid);
	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
	rec_uint(&fields[F_TID], e->tid);
	rec_uint(&fields[F_PTID], e->ptid);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "task_newtask", { "newtask" } },
	{ 0 },
};

int main(int argc, char **argv)
{
	struct threadsnoop_bpf *skel;
	struct run run;

	run_parse(&run, &tool, argc, argv);

	skel = threadsnoop_bpf__open_opts(run_open_opts(&run, threadsnoop_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		skel->rodata->filter = run.filter;
		run_snoop(&run, skel->obj, probes, fields, sizeof(fields) / sizeof(fields[0]),
			  on_event);
	}
	run_stop(&run);
	threadsnoop_bpf__destroy(skel);
	return run.exit_code;
}
