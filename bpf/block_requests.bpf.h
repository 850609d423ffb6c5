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
 * (common/block.h) for these programs.
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

struct block_request {
	struct task_head submitter; /* its ts: when submitted (0: unseen) */
	__u64 issued;		    /* bpf_ktime_get_ns() at issue to the device (0: not yet) */
};

/* Requests followed, by address: preallocated, a full map counts the request lost. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct block_request);
} block_requests SEC(".maps");

/* Before Linux 6.5: submitters by their request's first bio, until issue. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u64);
	__type(value, struct task_head);
} block_bio_submitters SEC(".maps");

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now);

static __always_inline bool block_disk_wanted(struct request *rq)
{
	return !block_disk_dev || request_dev(rq) == block_disk_dev;
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

	if (!filter_task() || !block_disk_wanted(rq))
		return TRACE_DONE;
	task_head_fill_at(&r.submitter, bpf_ktime_get_ns());
	block_follow((__u64)rq, &r);
	return TRACE_DONE;
}

static __always_inline void block_submitted_bio(struct bio *bio)
{
	struct task_head h;
	__u64 key = (__u64)bio;

	if (!filter_task())
		return;
	task_head_fill_at(&h, bpf_ktime_get_ns());
	bpf_map_update_elem(&block_bio_submitters, &key, &h, BPF_ANY);
}

SEC("raw_tp/block_getrq")
int BPF_PROG(block_submit_bio, struct bio *bio)
{
	block_submitted_bio(bio);
	return TRACE_DONE;
}

/* Before Linux 5.11 (Debian's 5.10 until 5.10.137) it passed the queue first. */
SEC("raw_tp/block_getrq")
int BPF_PROG(block_submit_bio_q, struct request_queue *q, struct bio *bio)
{
	block_submitted_bio(bio);
	return TRACE_DONE;
}

/*
 * The request as it reaches the device: its submitter taken over from its
 * first bio where that is how it was seen, or an unseen one kept if no
 * task filter could have refused it.
 */
static __always_inline void block_issue(struct request *rq)
{
	__u64 key = (__u64)rq, bio = (__u64)BPF_CORE_READ(rq, bio);
	struct block_request *r = bpf_map_lookup_elem(&block_requests, &key), fresh = {};
	struct task_head *h;

	if (!block_disk_wanted(rq)) {
		if (r)
			bpf_map_delete_elem(&block_requests, &key);
		return;
	}
	if (r) {
		r->issued = bpf_ktime_get_ns(); /* again, if it was requeued */
		return;
	}
	h = bio ? bpf_map_lookup_elem(&block_bio_submitters, &bio) : NULL;
	if (h) {
		fresh.submitter = *h;
		bpf_map_delete_elem(&block_bio_submitters, &bio);
	} else if (filter.flags) {
		return;
	}
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

/* Issued, then done: the entry copied out first, as another CPU may reuse it once deleted. */
SEC("raw_tp/block_rq_complete")
int BPF_PROG(block_complete_rq, struct request *rq)
{
	__u64 key = (__u64)rq, now;
	struct block_request *r = bpf_map_lookup_elem(&block_requests, &key), done;

	if (!r || !r->issued)
		return TRACE_DONE;
	done = *r;
	bpf_map_delete_elem(&block_requests, &key);
	now = bpf_ktime_get_ns();
	block_request_done(rq, &done, now);
	return TRACE_DONE;
}

#endif
