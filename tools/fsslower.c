// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsslower: trace one file system's reads, writes, opens and fsyncs slower
 * than a threshold. Called as ext4slower, xfsslower, btrfsslower or
 * nfsslower, it is fsslower --type ext4 (and so on) with bcc's name.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "decode.h"
#include "fstype.h"
#include "run.h"
#include "file_io.h"
#include "fsslower.skel.h"

#define TOOL_ALIASES "ext4slower xfsslower btrfsslower nfsslower"

enum { OPT_TYPE = OPTION_LONG_ONLY };

#define DEFAULT_MIN_MS 10 /* bcc's */

struct fsslower {
	char fs[FS_NAME_BYTES]; /* the file system's name: --type, or the name called by */
	double min_ms;
};

enum { F_TIME, F_COMM, F_PID, F_TID, F_UID, F_OP, F_BYTES, F_ERROR, F_OFFSET, F_LAT, F_PATH };

/* bcc's columns: TIME COMM PID T BYTES OFF_KB LAT(ms) FILENAME, the whole path. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_COMM] = { .task = TASK_COMM, .width = -14 },
	[F_PID] = { .task = TASK_PID, .width = -6 },
	[F_TID] = { .task = TASK_TID },
	[F_UID] = { .task = TASK_UID },
	[F_OP] = { "op", "T", 1 },
	[F_BYTES] = { "bytes", "BYTES", -7 },
	[F_ERROR] = { "error" },
	[F_OFFSET] = { "offset", "OFF_KB", -8 },
	[F_LAT] = { "latency_ns", "LAT(ms)", 7 },
	[F_PATH] = { "path", "FILENAME", 0 },
};

static const struct tool_option fsslower_options[] = {
	{ "type", OPT_TYPE, "FS", "the file system: ext4, xfs, btrfs, nfs, tmpfs, ..." },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct fsslower *f = ctx->opts;

	if (key == OPTION_OPERAND)
		return option_decimal(ctx, arg, "MIN_MS", "milliseconds", 0, &f->min_ms);
	if (key != OPT_TYPE)
		return OPTION_NOT_MINE;
	return fs_type_option(ctx, arg, f->fs);
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct fsslower *f = ctx->opts;

	(void)r;
	return f->fs[0] ? 0 : option_error(ctx, "which file system? --type FS");
}

static int on_event(void *ctx, void *data, size_t len)
{
	static const char ops[] = {
		[FILE_READ] = 'R', [FILE_WRITE] = 'W', [FILE_OPEN] = 'O', [FILE_FSYNC] = 'S'
	};
	const struct file_io_event *e = data;
	bool moves_bytes = e->op == FILE_READ || e->op == FILE_WRITE;
	char op[2] = { e->op < sizeof(ops) ? ops[e->op] : '?' };

	(void)ctx;
	if (len < offsetof(struct file_io_event, path))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_str(F_OP, op, 1);
	/* an open's result is a descriptor, not bytes: 0 bytes moved, as bcc shows it */
	rec_result(F_BYTES, F_ERROR, moves_bytes || e->ret < 0 ? e->ret : 0);
	if (moves_bytes && e->offset >= 0)
		rec_kbytes(F_OFFSET, e->offset);
	else
		rec_null(F_OFFSET); /* an open or an fsync is at no offset */
	rec_latency(F_LAT, e->latency_ns);
	rec_str(F_PATH, e->path, len - offsetof(struct file_io_event, path));
	rec_end();
	return 0;
}

/* filled by setup() for the file system (fs_type_probes) */
static struct probe probes[FS_PROBES];

static int setup(struct run *r, void *ctx)
{
	const struct fsslower *f = ctx;

	fs_type_probes(f->fs, probes);
	return fs_type_setup(r, f->fs);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct fsslower *f = ctx;
	struct fsslower_bpf *s = skel;

	(void)r;
	s->rodata->min_ns = (__u64)(f->min_ms * 1e6);
	memcpy((char *)s->rodata->fs_name, f->fs, sizeof(f->fs));
	s->rodata->file_io_self = getpid();
}

SKELETON(fsslower);

static const struct tool fsslower_tool = {
	.name = "fsslower",
	.summary = "Trace a file system's reads, writes, opens and fsyncs slower than MIN_MS "
		   "(default 10).",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_PRINT_UID,
	.operand = "[MIN_MS]",
	.options = fsslower_options,
	.parse = parse_option,
	.check = check,
	.examples = "  fsslower --type ext4    ext4's calls slower than 10 ms\n"
		    "  fsslower --type xfs 1   xfs's, slower than 1 ms\n"
		    "  fsslower --type btrfs -p 181 0\n"
		    "                          every call of process 181 on btrfs\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &fsslower_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.on_event = on_event,
};

/* ext4slower and its kin: the examples under their own names */
static const struct fs_alias_example alias_examples[] = {
	{ "", "calls slower than 10 ms" },
	{ "1", "slower than 1 ms" },
	{ "-p 181 0", "every call of process 181" },
	{ 0 },
};

int main(int argc, char **argv)
{
	struct fsslower f = { .min_ms = DEFAULT_MIN_MS };
	struct tool tool = fs_tool_called(argc > 0 ? argv[0] : "fsslower", "slower", &fsslower_tool,
					  f.fs, alias_examples);

	return run_tool(&tool, &f, argc, argv);
}
