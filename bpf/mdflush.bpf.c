// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mdflush: flushes submitted to md arrays (software RAID).
 *
 * bcc traces md_flush_request(), which each md personality calls for a bio
 * that asks for a flush (REQ_PREFLUSH). Every such bio reaches the array
 * through submit_bio(), whose block:block_bio_queue tracepoint shows it
 * first: the array's dev_t, and 'F' leading its rwbs letters for a
 * preflush. So one tracepoint serves every kernel, with or without md's
 * functions to probe, and without reading kernel types. A flush the block
 * layer drops before that tracepoint (a disk without a volatile write
 * cache) is no flush; md declares a write cache on every array.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "task.bpf.h"
#include "mdflush.h"

/*
 * The record of block:block_bio_queue (its format file), the same from
 * 5.10 to 6.18 up to rwbs's first 8 letters: rwbs is 10 long on 6.18.
 */
struct bio_queue_record {
	__u64 common;
	__u32 dev;
	__u32 pad;
	__u64 sector;
	__u32 nr_sector;
	char rwbs[8];
};

SEC("tracepoint/block/block_bio_queue")
int bio_queued(struct bio_queue_record *ctx)
{
	struct mdflush_event *e;

	if (ctx->rwbs[0] != 'F' || ctx->dev >> 20 != MD_MAJOR || !filter_task())
		return TRACE_DONE;
	e = events_reserve(sizeof(*e));
	if (!e)
		return TRACE_DONE;
	task_head_fill(&e->task);
	e->dev = ctx->dev;
	e->pad = 0;
	events_submit(e);
	return TRACE_DONE;
}
