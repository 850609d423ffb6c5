// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* fileslower: trace synchronous file reads and writes slower than a threshold, with the file. */
#include <stddef.h>
#include <unistd.h>
#include <linux/types.h>

#include "decode.h"
#include "run.h"
#include "file_io.h"
#include "fileslower.skel.h"

#define DEFAULT_MIN_MS 10 /* bcc's */

struct fileslower {
	double min_ms;
	__u64 first_ts; /* TIME(s) counts from the first record, as bcc's */
};

enum { F_ELAPSED, F_TIME, F_COMM, F_PID, F_TID, F_UID, F_DIR, F_BYTES, F_ERROR, F_LAT, F_PATH };

/* bcc's columns: TIME(s) COMM TID D BYTES LAT(ms) FILENAME, the file as its whole path. */
static const struct field fields[] = {
	[F_ELAPSED] = { "elapsed_s", "TIME(s)", -8 },
	[F_TIME] = { .task = TASK_TIME },
	[F_COMM] = { .task = TASK_COMM, .width = -14 },
	[F_PID] = { .task = TASK_PID, .shown_by = OPTION_NEVER },
	[F_TID] = { .task = TASK_TID, .width = -6, .shown_by = OPTION_ALWAYS },
	[F_UID] = { .task = TASK_UID },
	[F_DIR] = { "dir", "D", 1 },
	[F_BYTES] = { "bytes", "BYTES", -7 },
	[F_ERROR] = { "error" },
	[F_LAT] = { "latency_ns", "LAT(ms)", 7 },
	[F_PATH] = { "path", "FILENAME", 0 },
};

static const struct tool_option options[] = {
	{ "all-files", 'a', NULL, "include sockets, pipes and devices, not regular files only" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct fileslower *f = ctx->opts;

	if (key == OPTION_OPERAND)
		return option_decimal(ctx, arg, "MIN_MS", "milliseconds", 0, &f->min_ms);
	return OPTION_NOT_MINE;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct file_io_event *e = data;
	struct fileslower *f = ctx;

	if (len < offsetof(struct file_io_event, path))
		return 0;
	if (!f->first_ts)
		f->first_ts = e->task.ts;
	rec_begin();
	rec_double(F_ELAPSED, (e->task.ts - f->first_ts) / 1e9, 3);
	rec_task(&e->task);
	rec_str(F_DIR, e->op == FILE_WRITE ? "W" : "R", 1);
	rec_result(F_BYTES, F_ERROR, e->ret);
	rec_latency(F_LAT, e->latency_ns);
	rec_str(F_PATH, e->path, len - offsetof(struct file_io_event, path));
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	FILE_IO_PROBES,
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct fileslower *f = ctx;
	struct fileslower_bpf *s = skel;

	s->rodata->min_ns = (__u64)(f->min_ms * 1e6);
	s->rodata->all_files = run_given(r, 'a');
	s->rodata->file_io_self = getpid();
}

SKELETON(fileslower);

static const struct tool tool = {
	.name = "fileslower",
	.summary = "Trace synchronous file reads and writes slower than MIN_MS (default 10).",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID,
	.operand = "[MIN_MS]",
	.options = options,
	.parse = parse_option,
	.examples = "  fileslower              reads and writes slower than 10 ms\n"
		    "  fileslower 1            slower than 1 ms\n"
		    "  fileslower -p 181 0     every read and write of process 181\n"
		    "  fileslower -a -j 100    any file, sockets too, over 100 ms, as JSON\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &fileslower_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct fileslower f = { .min_ms = DEFAULT_MIN_MS };

	return run_tool(&tool, &f, argc, argv);
}
