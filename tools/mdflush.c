// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* mdflush: trace flushes submitted to md arrays (software RAID), with the task and the array. */
#include <stddef.h>
#include <unistd.h>
#include <linux/types.h>

#include "blockio.h"
#include "kernel_support.h"
#include "run.h"
#include "mdflush.h"
#include "mdflush.skel.h"

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_DEVICE };

/* bcc's columns: TIME PID COMM DEVICE, TIME always. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_DEVICE] = { "device", "DEVICE", 0 },
};

/*
 * Without md (CONFIG_BLK_DEV_MD) no array can exist: say so rather than
 * trace nothing. md built in or loaded shows /proc/mdstat; as a module not
 * yet loaded, it is loaded when an array is assembled, and then traced.
 */
static int setup(struct run *r, void *ctx)
{
	(void)ctx;
	if (!access("/proc/mdstat", F_OK) || has_module("md_mod"))
		return 0;
	run_fail(r, "this kernel has no md driver (no /proc/mdstat, no md_mod module): "
		    "no md array to flush");
	return -1;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct mdflush_event *e = data;
	char device[32];

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_str(F_DEVICE, disk_label(e->dev, device, sizeof(device)), sizeof(device));
	rec_end();
	return 0;
}

static const struct probe probes[] = {
	{ "block_bio_queue", { "bio_queued" } },
	{ 0 },
};

SKELETON(mdflush);

static const struct tool tool = {
	.name = "mdflush",
	.summary = "Trace flushes submitted to md arrays (software RAID): who asked, which array.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_PRINT_UID |
		  SHARED_PRINT_TID,
	.examples = "  mdflush                 every flush of every md array\n"
		    "  mdflush -n jbd2 -j      those of ext4's journal threads, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &mdflush_skeleton,
	.probes = probes,
	.setup = setup,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
