// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* biotop: the processes doing the most block I/O, per disk, every interval. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "block.h"
#include "blockio.h"
#include "maps.h"
#include "run.h"
#include "topview.h"
#include "biotop.h"
#include "biotop.skel.h"

#define DEFAULT_ROWS 20

enum { OPT_DISK = OPTION_LONG_ONLY };
enum sort_by { SORT_BYTES, SORT_IO, SORT_TIME };

/* -s KEY, by enum sort_by */
static const char *const sort_names[] = {
	[SORT_BYTES] = "bytes", [SORT_IO] = "io", [SORT_TIME] = "time"
};

struct entry {
	struct biotop_key key;
	struct biotop_value value;
};

/* Its context: the option values, then what a report needs. */
struct biotop {
	__u32 disk_dev;	   /* --disk: 0 for every disk */
	__u32 rows;	   /* -r */
	unsigned int sort; /* enum sort_by, -s */
	bool clear;	   /* a terminal, and no -C or -j */
	struct summary tops;
};

enum { F_TIME, F_PID, F_COMM, F_OP, F_MAJOR, F_MINOR, F_DISK, F_IO, F_KBYTES, F_AVG };

/* bcc's columns: PID COMM D MAJ MIN DISK I/O Kbytes AVGms. */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid", "PID", -6 },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_OP] = { "rw", "D", -1 },
	[F_MAJOR] = { "major", "MAJ", -3 },
	[F_MINOR] = { "minor", "MIN", -3 },
	[F_DISK] = { "disk", "DISK", -8 },
	[F_IO] = { "io", "I/O", 5 },
	[F_KBYTES] = { "bytes", "Kbytes", 7 },
	[F_AVG] = { "avg_latency_ns", "AVGms", 7 },
};

static const struct tool_option options[] = {
	{ "noclear", 'C', NULL, "do not clear the screen between reports" },
	{ "rows", 'r', "ROWS", "print at most ROWS rows per report (default 20; 0: all)" },
	{ "sort", 's', "KEY", "sort by bytes (default), io or time" },
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct biotop *b = ctx->opts;

	switch (key) {
	case OPT_DISK:
		return disk_option(ctx, arg, &b->disk_dev);
	case 'r':
		return option_u32(ctx, arg, "rows", 0, 10240, &b->rows);
	case 's':
		return top_sort_option(ctx, arg, sort_names, N_FIELDS(sort_names),
				       "expected bytes, io or time", &b->sort);
	}
	return OPTION_NOT_MINE;
}

static __u64 sort_value(const struct biotop *b, const struct biotop_value *v)
{
	return b->sort == SORT_IO ? v->io : b->sort == SORT_TIME ? v->latency_ns : v->bytes;
}

/* Most first; then by pid, disk and operation, for a stable order. */
static int compare_entries(const void *a, const void *b, void *ctx)
{
	const struct entry *x = a, *y = b;
	__u64 vx = sort_value(ctx, &x->value), vy = sort_value(ctx, &y->value);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	if (x->key.dev != y->key.dev)
		return x->key.dev < y->key.dev ? -1 : 1;
	return x->key.op < y->key.op ? -1 : x->key.op > y->key.op;
}

static bool emit_row(void *ctx, const void *entry, double now)
{
	const struct entry *e = entry;
	char disk[32], op[4];
	const char *comm = e->key.comm[0] ? e->key.comm : "?";

	(void)ctx;
	if (!e->value.io) /* made, then not counted: a lost race */
		return false;
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PID, e->key.pid);
	rec_str(F_COMM, comm, SONDE_COMM_LEN);
	block_rwbs(e->key.op, op, sizeof(op));
	rec_str(F_OP, op, sizeof(op));
	rec_uint(F_MAJOR, e->key.dev >> 20);
	rec_uint(F_MINOR, e->key.dev & 0xfffff);
	rec_str(F_DISK, disk_label(e->key.dev, disk, sizeof(disk)), sizeof(disk));
	rec_uint(F_IO, e->value.io);
	rec_kbytes(F_KBYTES, e->value.bytes);
	if (output_json())
		rec_uint(F_AVG, e->value.latency_ns / e->value.io);
	else
		rec_double(F_AVG, e->value.latency_ns / 1e6 / e->value.io, 2);
	rec_end();
	return true;
}

/* Start the next interval from zero, then print this one's busiest rows. */
static int report(void *ctx)
{
	struct biotop *b = ctx;
	struct entry *entries = b->tops.room;
	ssize_t n = summary_collect(&b->tops, sizeof(*entries), offsetof(struct entry, value));

	if (n < 0)
		return -1;
	top_heading(b->clear);
	top_rows(entries, n, sizeof(*entries), compare_entries, b, b->rows, emit_row);
	return 0;
}

static const struct probe probes[] = {
	BLOCK_REQUEST_PROBES,
	{ 0 },
};

/* A top: a report every second unless told otherwise; the screen cleared only on a terminal. */
static int setup(struct run *r, void *ctx)
{
	struct biotop *b = ctx;

	b->clear = top_setup(r, 'C');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct biotop *b = ctx;
	struct biotop_bpf *s = skel;

	(void)r;
	s->rodata->block_disk_dev = b->disk_dev;
	block_requests_fit(s->obj);
}

SKELETON(biotop);

static const struct tool tool = {
	.name = "biotop",
	.summary = "Show the processes doing the most block I/O, per disk, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  biotop                  the top 20 every second, until Ctrl-C\n"
		    "  biotop -C 5 10          ten five-second reports, the screen kept\n"
		    "  biotop -s io -r 5       the five rows with the most requests\n"
		    "  biotop --disk sda -j 2  sda's rows as JSON lines every 2 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &biotop_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "tops",
	.summary_at = offsetof(struct biotop, tops),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct biotop b = { .rows = DEFAULT_ROWS };

	return run_tool(&tool, &b, argc, argv);
}
