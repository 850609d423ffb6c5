// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* exitsnoop: trace process (or thread) exits with their exit code or signal and age. */
#include <stdio.h>
#include <linux/types.h>

#include "names.h"
#include "run.h"
#include "exitsnoop.h"
#include "exitsnoop.skel.h"

enum { OPT_PER_THREAD = OPTION_LONG_ONLY };

enum { F_TIME, F_COMM, F_PID, F_PPID, F_TID, F_AGE, F_EXIT, F_CODE, F_SIGNAL, F_CORE };

/* bcc's columns: [TIME] PCOMM PID PPID TID AGE(s) EXIT_CODE */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_COMM] = { .task = TASK_COMM, .header = "PCOMM" },
	[F_PID] = { .task = TASK_PID },
	[F_PPID] = { "ppid", "PPID", -7 },
	[F_TID] = { .task = TASK_TID, .shown_by = OPTION_ALWAYS },
	[F_AGE] = { "age", "AGE(s)", -7 },
	[F_EXIT] = { "exit", "EXIT_CODE", 0 },
	[F_CODE] = { "exit_code" },
	[F_SIGNAL] = { "signal" },
	[F_CORE] = { "core_dumped" },
};

static const struct tool_option options[] = {
	{ "per-thread", OPT_PER_THREAD, NULL, "report every thread's exit, not only processes'" },
	{ 0 },
};

/* bcc's wording: "0", "code 1", "signal 9 (KILL)", "signal 11 (SEGV), core dumped". */
static void describe(__u32 status, char *buf, size_t len)
{
	int sig = status & 0x7f;

	if (!sig)
		snprintf(buf, len, status ? "code %u" : "0", (status >> 8) & 0xff);
	else
		snprintf(buf, len, "signal %d (%s)%s", sig, signal_name(sig) + 3,
			 status & 0x80 ? ", core dumped" : "");
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct exit_event *e = data;
	char exit[64];

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	describe(e->status, exit, sizeof(exit));
	rec_begin();
	rec_task(&e->task);
	rec_uint(F_PPID, e->ppid);
	rec_double(F_AGE, e->age_ns / 1e9, output_json() ? 6 : 2);
	rec_str(F_EXIT, exit, sizeof(exit));
	rec_uint(F_CODE, (e->status >> 8) & 0xff);
	rec_uint(F_SIGNAL, e->status & 0x7f);
	rec_bool(F_CORE, e->status & 0x80);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "sched_process_exit", { "exit_tp" } },
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct exitsnoop_bpf *s = skel;

	(void)ctx;
	s->rodata->per_thread = run_given(r, OPT_PER_THREAD);
}

SKELETON(exitsnoop);

static const struct tool tool = {
	.name = "exitsnoop",
	.summary = "Trace process exits: exit code or terminating signal, and age.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED,
	.options = options,
	.examples = "  exitsnoop               every process exit\n"
		    "  exitsnoop -x            failed exits only\n"
		    "  exitsnoop -p 181        process 181's exit\n"
		    "  exitsnoop --per-thread  every thread's exit\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &exitsnoop_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
