// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsdist: latency histograms of one file system's reads, writes, opens
 * and fsyncs, summed in the kernel. Called as ext4dist, xfsdist,
 * btrfsdist or nfsdist, it is fsdist --type ext4 (and so on) with bcc's
 * name.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "fstype.h"
#include "hist.h"
#include "maps.h"
#include "run.h"
#include "file_io.h"
#include "fsdist.h"
#include "fsdist.skel.h"

#define TOOL_ALIASES "ext4dist xfsdist btrfsdist nfsdist"

enum { OPT_TYPE = OPTION_LONG_ONLY };

struct entry {
	struct fsdist_key key;
	struct hist hist;
};

/* Its context: the option values, then what a report needs. */
struct fsdist {
	char fs[FS_NAME_BYTES]; /* --type, or the name called by */
	struct hist_spec spec;
	struct summary hists;
};

static const struct tool_option fsdist_options[] = {
	{ "type", OPT_TYPE, "FS", "the file system: ext4, xfs, btrfs, nfs, tmpfs, ..." },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct fsdist *f = ctx->opts;

	if (key != OPT_TYPE)
		return OPTION_NOT_MINE;
	return fs_type_option(ctx, arg, f->fs);
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	struct fsdist *f = ctx->opts;

	(void)r;
	return f->fs[0] ? 0 : option_error(ctx, "which file system? --type FS");
}

static int compare_entries(const void *a, const void *b)
{
	__u32 x = ((const struct entry *)a)->key.op, y = ((const struct entry *)b)->key.op;

	return (x > y) - (x < y);
}

/* Start the next interval from zero, then print this one's histograms, read to fsync. */
static int report(void *ctx)
{
	static const char *const ops[] = { [FILE_READ] = "read",
					   [FILE_WRITE] = "write",
					   [FILE_OPEN] = "open",
					   [FILE_FSYNC] = "fsync" };
	struct fsdist *f = ctx;
	struct entry *entries = f->hists.room;
	ssize_t n = summary_collect(&f->hists, sizeof(*entries), offsetof(struct entry, hist));
	struct hist_label label = { "operation" };
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++) {
		label.value = entries[i].key.op < 4 ? ops[entries[i].key.op] : "?";
		hist_emit(&entries[i].hist, &f->spec, &label, 1);
	}
	return 0;
}

/* filled by setup() for the file system (fs_type_probes) */
static struct probe probes[FS_PROBES];

static int setup(struct run *r, void *ctx)
{
	struct fsdist *f = ctx;

	f->spec.unit = r->milliseconds ? "msecs" : "usecs";
	fs_type_probes(f->fs, probes);
	return fs_type_setup(r, f->fs);
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct fsdist *f = ctx;
	struct fsdist_bpf *s = skel;

	s->rodata->milliseconds = r->milliseconds;
	memcpy((char *)s->rodata->fs_name, f->fs, sizeof(f->fs));
	s->rodata->file_io_self = getpid();
}

SKELETON(fsdist);

static const struct tool fsdist_tool = {
	.name = "fsdist",
	.summary = "Summarize a file system's read, write, open and fsync latency as histograms.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = fsdist_options,
	.parse = parse_option,
	.check = check,
	.examples = "  fsdist --type ext4      ext4's histograms at Ctrl-C\n"
		    "  fsdist --type xfs -m 1 10\n"
		    "                          xfs's in milliseconds, every second, ten times\n"
		    "  fsdist --type btrfs -p 181\n"
		    "                          process 181's calls on btrfs\n",
	.skeleton = &fsdist_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct fsdist, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

/* ext4dist and its kin: the examples under their own names */
static const struct fs_alias_example alias_examples[] = {
	{ "", "histograms at Ctrl-C" },
	{ "-m 1 10", "in milliseconds, every second, ten times" },
	{ "-p 181", "process 181's calls" },
	{ 0 },
};

int main(int argc, char **argv)
{
	struct fsdist f = { 0 };
	struct tool tool = fs_tool_called(argc > 0 ? argv[0] : "fsdist", "dist", &fsdist_tool, f.fs,
					  alias_examples);

	return run_tool(&tool, &f, argc, argv);
}
