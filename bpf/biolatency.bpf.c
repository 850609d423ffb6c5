// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biolatency: block I/O latency as log2 histograms built in the kernel.
 *
 * A request is stamped when issued to the device (or when queued, with -Q)
 * and measured at completion; only histogram slots cross to user space.
 * Each hook is a raw tracepoint (not a BTF one, which would make libbpf
 * read all of the kernel's BTF for nothing: every read here is CO-RE), and
 * issue and completion also have fentry and kprobe forms on the functions
 * that fire those tracepoints: common/attach.c picks the first this kernel
 * has.
 */
#include "sonde.bpf.h"
#include "block.bpf.h"
#include "filter.bpf.h"
#include "hist.bpf.h"
#include "lost.bpf.h"
#include "regs.bpf.h"
#include "summary.bpf.h"
#include "biolatency.h"

const volatile bool include_queued = false;
const volatile bool per_disk = false;
const volatile bool per_flags = false;
const volatile bool milliseconds = false;
const volatile __u32 disk_dev = 0; /* 0: every disk */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct request *);
	__type(value, __u64);
} start SEC(".maps");

/* One histogram per disk and flags as asked, double-buffered for the reports. */
SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 1024, struct bio_hist_key, struct hist);

static __always_inline void stamp(struct request *rq, bool queued)
{
	__u64 ts;
	long err;

	if (!filter_ids())
		return;
	if (disk_dev && request_dev(rq) != disk_dev)
		return;
	ts = bpf_ktime_get_ns();
	/* with -Q keep the queue-time stamp; issue only stamps what skipped the queue */
	err = bpf_map_update_elem(&start, &rq, &ts,
				  queued || !include_queued ? BPF_ANY : BPF_NOEXIST);
	if (err && map_result(err) != -ERR_EXIST)
		count_lost(); /* the map is full: this request goes unmeasured */
}

static __always_inline void complete(struct request *rq)
{
	struct bio_hist_key key = {};
	__u64 *tsp = bpf_map_lookup_elem(&start, &rq), delta;

	if (!tsp)
		return;
	delta = bpf_ktime_get_ns() - *tsp;
	bpf_map_delete_elem(&start, &rq);
	if ((__s64)delta < 0)
		return;
	delta /= milliseconds ? 1000000 : 1000;
	if (per_disk)
		key.dev = request_dev(rq);
	if (per_flags)
		key.flags = request_flags(rq);
	hist_add(hists, &key, hist_log2_slot(delta));
}

SEC("raw_tp/block_rq_insert")
int BPF_PROG(insert_raw, struct request *rq)
{
	stamp(rq, true);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(issue_raw, struct request *rq)
{
	stamp(rq, false);
	return TRACE_DONE;
}

/* Before Linux 5.11 the two tracepoints passed the request's queue first. */
SEC("raw_tp/block_rq_insert")
int BPF_PROG(insert_raw_q, struct request_queue *q, struct request *rq)
{
	stamp(rq, true);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(issue_raw_q, struct request_queue *q, struct request *rq)
{
	stamp(rq, false);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_complete")
int BPF_PROG(complete_raw, struct request *rq)
{
	complete(rq);
	return TRACE_DONE;
}

/* The functions the tracepoints fire in: blk_mq_start_request() issues, */
SEC("fentry/blk_mq_start_request")
int BPF_PROG(issue_fentry, struct request *rq)
{
	stamp(rq, false);
	return TRACE_DONE;
}

SEC("kprobe/blk_mq_start_request")
int issue_kprobe(struct pt_regs *ctx)
{
	stamp((struct request *)KPROBE_ARG1(ctx), false);
	return TRACE_DONE;
}

/*
 * and blk_update_request() completes. Batched completions (polled NVMe) skip
 * it and are not seen on these two paths; the tracepoints see them.
 */
SEC("fentry/blk_update_request")
int BPF_PROG(complete_fentry, struct request *rq)
{
	complete(rq);
	return TRACE_DONE;
}

SEC("kprobe/blk_update_request")
int complete_kprobe(struct pt_regs *ctx)
{
	complete((struct request *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
