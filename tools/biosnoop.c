// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biosnoop: trace block I/O: who submitted it, where it went, how long it took. */
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "blockio.h"
#include "run.h"
#include "biosnoop.h"
#include "biosnoop.skel.h"

enum { OPT_DISK = OPTION_LONG_ONLY, OPT_MIN };

enum {
	F_ELAPSED,
	F_TIME,
	F_COMM,
	F_PID,
	F_TID,
	F_UID,
	F_DISK,
	F_RWBS,
	F_SECTOR,
	F_BYTES,
	F_QUEUE,
	F_LATENCY,
};

/* bcc's columns: TIME(s) COMM PID DISK T SECTOR BYTES [QUE(ms)] LAT(ms). */
static const struct field fields[] = {
	[F_ELAPSED] = { "elapsed_s", "TIME(s)", -11 },
	[F_TIME] = { .task = TASK_TIME },
	[F_COMM] = { .task = TASK_COMM, .width = -14 },
	[F_PID] = { .task = TASK_PID, .width = -7 },
	[F_TID] = { .task = TASK_TID },
	[F_UID] = { .task = TASK_UID },
	[F_DISK] = { "disk", "DISK", -9 },
	[F_RWBS] = { "rwbs", "T", -4 },
	[F_SECTOR] = { "sector", "SECTOR", -10 },
	[F_BYTES] = { "bytes", "BYTES", -7 },
	[F_QUEUE] = { "queue_ns", "QUE(ms)", 7, .shown_by = 'Q' },
	[F_LATENCY] = { "latency_ns", "LAT(ms)", 7 },
};

struct biosnoop {
	__u32 disk_dev; /* --disk: 0 for every disk */
	double min_ms;	/* --min */
	__u64 first_ts; /* TIME(s) counts from the first record, as bcc's */
};

static const struct tool_option options[] = {
	{ "queued", 'Q', NULL, "show the time from submission to issue (QUE)" },
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ "min", OPT_MIN, "MS", "only I/O slower than MS milliseconds (0.5: 500 us)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biosnoop *b = ctx->opts;

	if (key == OPT_DISK)
		return disk_option(ctx, arg, &b->disk_dev);
	if (key == OPT_MIN)
		return option_decimal(ctx, arg, "--min", "milliseconds", 0, &b->min_ms);
	return OPTION_NOT_MINE;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct bio_event *e = data;
	struct biosnoop *b = ctx;
	struct task_head task;
	char disk[32], rwbs[8];

	if (len < sizeof(*e))
		return 0;
	if (!b->first_ts)
		b->first_ts = e->task.ts;
	task = e->task;
	if (!task.comm[0])
		task.comm[0] = '?'; /* submitted where no task was seen (see the page) */
	rec_begin();
	rec_double(F_ELAPSED, (e->task.ts - b->first_ts) / 1e9, 6);
	rec_task(&task);
	rec_str(F_DISK, disk_label(e->dev, disk, sizeof(disk)), sizeof(disk));
	block_rwbs(e->flags, rwbs, sizeof(rwbs));
	rec_str(F_RWBS, rwbs, sizeof(rwbs));
	rec_uint(F_SECTOR, e->sector);
	rec_uint(F_BYTES, e->bytes);
	rec_latency(F_QUEUE, e->queued_ns);
	rec_latency(F_LATENCY, e->latency_ns);
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	BLOCK_REQUEST_PROBES,
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct biosnoop *b = ctx;
	struct biosnoop_bpf *s = skel;

	(void)r;
	s->rodata->block_disk_dev = b->disk_dev;
	s->rodata->min_ns = (__u64)(b->min_ms * 1e6);
	block_requests_fit(s->obj);
}

SKELETON(biosnoop);

static const struct tool tool = {
	.name = "biosnoop",
	.summary =
		"Trace block device I/O: the task that submitted it, the disk, size and latency.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID |
		  SHARED_PRINT_TID,
	.options = options,
	.parse = parse_option,
	.examples = "  biosnoop                every block I/O as it completes\n"
		    "  biosnoop -Q             with the time from submission to issue\n"
		    "  biosnoop --disk sda --min 10\n"
		    "                          I/O of sda slower than 10 ms\n"
		    "  biosnoop -c /sys/fs/cgroup/db.slice -j\n"
		    "                          I/O a cgroup's tasks submit, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &biosnoop_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct biosnoop b = { 0 };

	return run_tool(&tool, &b, argc, argv);
}
