/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Block requests from submission to completion, for the tools that show
 * who asked for the I/O (biosnoop, biotop, bitesize): the programs here
 * follow each request and call the including tool's
 *
 *	static __always_inline void block_request_done(struct request *rq,
 *			const struct block_request *r, __u64 now);
 *
 * at its completion, with the task that submitted it, when, and when it
 * reached the device. The tool's probe table takes BLOCK_REQUEST_PROBES
 * (common/blockio.h) for these programs.
 *
 * A tool that keeps more of the submission (biostacks: its stacks)
 * defines, before including this, BLOCK_REQUEST_EXTRA as the members to
 * add to struct block_request, and BLOCK_REQUEST_SUBMITTED as the name of
 * its
 *
 *	static __always_inline void fill(void *ctx, struct block_request *r);
 *
 * called in the submitting task, with the program's context.
 *
 * Why the submission: the completion runs in whatever context the device
 * ends it in (an interrupt, a loop device's worker), and with an I/O
 * scheduler the request is issued to the device from kblockd, not from
 * the task that asked. bcc's bitesize and libbpf-tools' take the task on
 * the CPU at issue, and name kblockd for a process's I/O. Only the
 * submission runs in the asking task:
 *  - block_io_start (Linux 6.5+) fires as a new request takes its first
 *    bio, in the submitter, with the request;
 *  - before it, block_getrq fires there too, with the bio a new request
 *    is being made for, which becomes its first bio (rq->bio): the task is
 *    kept by that bio and taken over by the request at issue. A bio merged
 *    in front of it before issue hides it; the request then counts as
 *    unseen (below), and the bio's entry ages out of its LRU map.
 * Requests no task submitted through these paths (a flush the kernel makes,
 * one submitted before the tool started) are unseen: with no task filter
 * they are kept from their issue with an empty submitter (pid 0, no
 * name), with one they are not followed at all.
 *
 * The task filters (filter.bpf.h) apply at submission, where the task is
 * known; the disk filter (block_disk_dev, --disk) at issue, where every
 * way knows the disk, and already at submission where the request is
 * known. A request merged into another (block_rq_merge) is forgotten:
 * the other one carries its bytes.
 */
#ifndef SONDE_BLOCK_REQUESTS_BPF_H
#define SONDE_BLOCK_REQUESTS_BPF_H

#include "sonde.bpf.h"
#include "block.bpf.h"
#include "filter.bpf.h"
#include "lost.bpf.h"
#include "task.bpf.h"

/* --disk: the whole disk's dev_t (block.bpf.h's encoding); 0 for every disk */
const volatile __u32 block_disk_dev = 0;

#ifndef BLOCK_REQUEST_EXTRA
#define BLOCK_REQUEST_EXTRA
#endif

struct block_request {
	struct task_head submitter; /* its ts: when submitted (0: unseen) */
	__u64 issued;		    /* bpf_ktime_get_ns() at issue to the device (0: not yet) */
	__u32 dev;		    /* the disk (request_dev()), read once */
	__u32 pad;
	BLOCK_REQUEST_EXTRA
};

#ifdef BLOCK_REQUEST_SUBMITTED
static __always_inline void BLOCK_REQUEST_SUBMITTED(void *ctx, struct block_request *r);
#endif

/* What is known at submission, in the submitting task. */
static __always_inline void block_submitted(void *ctx, struct block_request *r)
{
	task_head_fill_at(&r->submitter, bpf_ktime_get_ns());
#ifdef BLOCK_REQUEST_SUBMITTED
	BLOCK_REQUEST_SUBMITTED(ctx, r);
#endif
}

/* Requests followed, by address: a full map (no entry to give) counts the request lost. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct block_request);
} block_requests SEC(".maps");

/* Before Linux 6.5: submissions by their request's first bio, until issue. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct block_request);
} block_bio_submitters SEC(".maps");

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now);

static __always_inline bool block_disk_wanted(__u32 dev)
{
	return !block_disk_dev || dev == block_disk_dev;
}

static __always_inline void block_follow(__u64 key, const struct block_request *r)
{
	if (bpf_map_update_elem(&block_requests, &key, r, BPF_ANY))
		count_lost(); /* full: its completion goes unseen */
}

SEC("raw_tp/block_io_start")
int BPF_PROG(block_submit_rq, struct request *rq)
{
	struct block_request r = {};

	if (!filter_task())
		return TRACE_DONE;
	r.dev = request_dev(rq);
	if (!block_disk_wanted(r.dev))
		return TRACE_DONE;
	block_submitted(ctx, &r);
	block_follow((__u64)rq, &r);
	return TRACE_DONE;
}

static __always_inline void block_submitted_bio(void *ctx, struct bio *bio)
{
	struct block_request r = {};
	__u64 key = (__u64)bio;

	if (!filter_task())
		return;
	block_submitted(ctx, &r);
	bpf_map_update_elem(&block_bio_submitters, &key, &r, BPF_ANY);
}

SEC("raw_tp/block_getrq")
int BPF_PROG(block_submit_bio, struct bio *bio)
{
	block_submitted_bio(ctx, bio);
	return TRACE_DONE;
}

/* Before Linux 5.11 (Debian's 5.10 until 5.10.137) it passed the queue first. */
SEC("raw_tp/block_getrq")
int BPF_PROG(block_submit_bio_q, struct request_queue *q, struct bio *bio)
{
	block_submitted_bio(ctx, bio);
	return TRACE_DONE;
}

/*
 * The request as it reaches the device. One followed since its submission
 * (or a requeued one) is on a wanted disk already; any other has its
 * submitter taken over from its first bio where that is how it was seen,
 * or is kept unseen if no task filter could have refused it.
 */
static __always_inline void block_issue(struct request *rq)
{
	__u64 key = (__u64)rq, bio;
	struct block_request *r = bpf_map_lookup_elem(&block_requests, &key), fresh = {}, *seen;
	__u32 dev;

	if (r) {
		r->issued = bpf_ktime_get_ns(); /* again, if it was requeued */
		return;
	}
	dev = request_dev(rq);
	if (!block_disk_wanted(dev))
		return;
	bio = (__u64)BPF_CORE_READ(rq, bio);
	seen = bio ? bpf_map_lookup_elem(&block_bio_submitters, &bio) : NULL;
	if (seen) {
		fresh = *seen;
		bpf_map_delete_elem(&block_bio_submitters, &bio);
	} else if (filter.flags) {
		return;
	}
	fresh.dev = dev;
	fresh.issued = bpf_ktime_get_ns();
	block_follow(key, &fresh);
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(block_issue_rq, struct request *rq)
{
	block_issue(rq);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(block_issue_rq_q, struct request_queue *q, struct request *rq)
{
	block_issue(rq);
	return TRACE_DONE;
}

static __always_inline void block_forget(struct request *rq)
{
	__u64 key = (__u64)rq;

	bpf_map_delete_elem(&block_requests, &key);
}

SEC("raw_tp/block_rq_merge")
int BPF_PROG(block_merge_rq, struct request *rq)
{
	block_forget(rq);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_merge")
int BPF_PROG(block_merge_rq_q, struct request_queue *q, struct request *rq)
{
	block_forget(rq);
	return TRACE_DONE;
}

/*
 * Issued, then done: the tool reads the entry in place, and it is deleted
 * after (no other request can have this address until this one is freed).
 */
SEC("raw_tp/block_rq_complete")
int BPF_PROG(block_complete_rq, struct request *rq)
{
	__u64 key = (__u64)rq;
	struct block_request *r = bpf_map_lookup_elem(&block_requests, &key);

	if (!r)
		return TRACE_DONE;
	if (r->issued)
		block_request_done(rq, r, bpf_ktime_get_ns());
	bpf_map_delete_elem(&block_requests, &key);
	return TRACE_DONE;
}

#endif
