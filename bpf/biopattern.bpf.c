// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biopattern: how much of each disk's I/O is sequential. A request issued
 * at the sector where the disk's previous request ended is sequential,
 * any other random; counts and bytes per disk are summed in the kernel.
 *
 * Judged at issue, in the order the device is handed requests, rather
 * than at completion as bcc and libbpf-tools do: requests in flight
 * together complete in any order, and a sequential stream with a queue
 * depth above one would look random there.
 */
#include "sonde.bpf.h"
#include "block.bpf.h"
#include "summary.bpf.h"
#include "biopattern.h"

/* --disk: the whole disk's dev_t; 0 for every disk */
const volatile __u32 disk_dev = 0;

SUMMARY_MAP(patterns, BPF_MAP_TYPE_HASH, 0, 1024, __u32, struct biopattern_counts);

/* Where each disk's last request ended, across intervals: not a summary. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} last_end SEC(".maps");

static __always_inline void issued(struct request *rq)
{
	static const struct biopattern_counts zero;
	__u32 dev = request_dev(rq), bytes = BPF_CORE_READ(rq, __data_len);
	__u64 sector = BPF_CORE_READ(rq, __sector), end = sector + bytes / 512, *last;
	struct biopattern_counts *c;

	if ((disk_dev && dev != disk_dev) || !bytes)
		return; /* a flush moves no data and has no place */
	c = summary_entry(patterns, &dev, &zero);
	if (!c)
		return;
	last = bpf_map_lookup_elem(&last_end, &dev);
	if (last && *last == sector)
		__sync_fetch_and_add(&c->sequential, 1);
	else
		__sync_fetch_and_add(&c->random, 1);
	__sync_fetch_and_add(&c->bytes, bytes);
	if (last)
		*last = end;
	else
		bpf_map_update_elem(&last_end, &dev, &end, BPF_ANY);
}

SEC("raw_tp/block_rq_issue")
int BPF_PROG(issue_rq, struct request *rq)
{
	issued(rq);
	return TRACE_DONE;
}

/* Before Linux 5.11 (Debian's 5.10 until 5.10.137) it passed the queue first. */
SEC("raw_tp/block_rq_issue")
int BPF_PROG(issue_rq_q, struct request_queue *q, struct request *rq)
{
	issued(rq);
	return TRACE_DONE;
}
