/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the block I/O tools share in user space: the --disk option, a disk's
 * label, the kernel's short form of a request's flags, and the probe table
 * rows of bpf/block_requests.bpf.h's programs.
 */
#ifndef SONDE_BLOCKIO_H
#define SONDE_BLOCKIO_H

#include <stddef.h>
#include <linux/types.h>

#include "attach.h"
#include "options.h"

/*
 * --disk's argument ("vda", "/dev/nvme0n1", a /dev/disk/by-id/ link) as
 * the whole disk's dev_t into *dev; a usage error for an unknown disk or a
 * partition (requests are counted against the whole disk).
 */
int disk_option(struct option_ctx *ctx, const char *arg, __u32 *dev);

/* The disk's name, or "major:minor" if /proc/partitions does not list it. */
const char *disk_label(__u32 dev, char *buf, size_t len);

/*
 * Flags (common/block.h layout) as the kernel's block tracepoints write
 * them (blktrace's "rwbs"): F for a flush before, the operation (R, W, D
 * discard, DE secure erase, F flush, N other), then F for forced unit
 * access, A read-ahead, S sync, M metadata: "WS", "RA", "FWFS".
 */
void block_rwbs(__u32 flags, char *buf, size_t len);

struct bpf_object;

/*
 * After probes_choose(), before load, for a tool of
 * bpf/block_requests.bpf.h: its block_bio_submitters, the submissions kept
 * by bio before Linux 6.5, made one entry where neither block_getrq program
 * was chosen (block_io_start serves: nothing fills the map then, its
 * programs only look it up). An LRU is preallocated whole: its 10,240
 * entries took 3-7 ms of each block tool's start on the 6.18 host. The
 * choice is read from the programs kept, not asked of the kernel again:
 * the prototypes it was made on are released once it is made.
 */
void block_requests_fit(struct bpf_object *obj);

/*
 * The probe table rows of bpf/block_requests.bpf.h: submission (Linux
 * 6.5's block_io_start, else block_getrq, whose prototype lost its queue
 * in 5.11), issue, merge and completion.
 */
/* one row per hook, as a probe table is written */
// clang-format off
#define BLOCK_REQUEST_PROBES                                                              \
	{ "block_io_start",                                                               \
	  { "block_submit_rq", "block_submit_bio", "block_submit_bio_q" },                \
	  { NEED_TRACEPOINT_ARGS("block_io_start", 1),                                    \
	    NEED_TRACEPOINT_ARGS("block_getrq", 1),                                       \
	    NEED_TRACEPOINT_ARGS("block_getrq", 3) } },                                   \
	{ "block_rq_issue",                                                               \
	  { "block_issue_rq", "block_issue_rq_q" },                                       \
	  { NEED_TRACEPOINT_ARGS("block_rq_issue", 1),                                    \
	    NEED_TRACEPOINT_ARGS("block_rq_issue", 2) } },                                \
	{ "block_rq_merge",                                                               \
	  { "block_merge_rq", "block_merge_rq_q" },                                       \
	  { NEED_TRACEPOINT_ARGS("block_rq_merge", 1),                                    \
	    NEED_TRACEPOINT_ARGS("block_rq_merge", 2) } },                                \
	{ "block_rq_complete", { "block_complete_rq" } }
// clang-format on

#endif
