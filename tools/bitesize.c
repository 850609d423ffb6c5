// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* bitesize: block I/O size histograms per process name, summed in the kernel. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "blockio.h"
#include "hist.h"
#include "maps.h"
#include "run.h"
#include "bitesize.h"
#include "bitesize.skel.h"

enum { OPT_DISK = OPTION_LONG_ONLY };

struct entry {
	struct bitesize_key key;
	struct hist hist;
};

/* Its context: the option values, then what a report needs. */
struct bitesize {
	__u32 disk_dev; /* --disk: 0 for every disk */
	struct hist_spec spec;
	struct summary hists;
};

static const struct tool_option options[] = {
	{ "disk", OPT_DISK, "DISK", "trace this disk only (vda, /dev/nvme0n1)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct bitesize *b = ctx->opts;

	if (key != OPT_DISK)
		return OPTION_NOT_MINE;
	return disk_option(ctx, arg, &b->disk_dev);
}

static int compare_entries(const void *a, const void *b)
{
	return memcmp(((const struct entry *)a)->key.comm, ((const struct entry *)b)->key.comm,
		      SONDE_COMM_LEN);
}

/* Start the next interval from zero, then print this one's histograms by name. */
static int report(void *ctx)
{
	struct bitesize *b = ctx;
	struct entry *entries = b->hists.room;
	ssize_t n = summary_collect(&b->hists, sizeof(*entries), offsetof(struct entry, hist));
	char comm[SONDE_COMM_LEN + 1];
	struct hist_label label = { "comm", comm, "Process Name" };
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	for (i = 0; i < n; i++) {
		memcpy(comm, entries[i].key.comm, SONDE_COMM_LEN);
		comm[SONDE_COMM_LEN] = '\0';
		if (!comm[0])
			strcpy(comm, "?"); /* submitted where no task was seen */
		hist_emit(&entries[i].hist, &b->spec, &label, 1);
	}
	return 0;
}

static const struct probe probes[] = {
	BLOCK_REQUEST_PROBES,
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct bitesize *b = ctx;
	struct bitesize_bpf *s = skel;

	(void)r;
	s->rodata->block_disk_dev = b->disk_dev;
	block_requests_fit(s->obj);
}

SKELETON(bitesize);

static const struct tool tool = {
	.name = "bitesize",
	.summary = "Summarize block I/O sizes as histograms per process name.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP,
	.options = options,
	.parse = parse_option,
	.examples = "  bitesize                histograms at Ctrl-C\n"
		    "  bitesize -n postgres 10 6\n"
		    "                          postgres's I/O sizes every 10 s, six times\n"
		    "  bitesize --disk vda -j  vda's, as JSON lines\n",
	.skeleton = &bitesize_skeleton,
	.probes = probes,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct bitesize, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct bitesize b = { .spec = { .unit = "Kbytes" } };

	return run_tool(&tool, &b, argc, argv);
}
