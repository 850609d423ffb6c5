// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biosnoop: one record per block I/O as it completes, with the task that
 * submitted it, the disk, the flags, the sector, the size, the time from
 * submission to issue and from issue to completion.
 *
 * block_requests.bpf.h follows each request and hands it over here at its
 * completion; --min drops the fast ones before a record is reserved, so
 * a threshold that passes nothing sends nothing.
 */
#include "sonde.bpf.h"
#include "block_requests.bpf.h"
#include "events.bpf.h"
#include "biosnoop.h"

/* --min: issue-to-completion latency below it is not reported */
const volatile __u64 min_ns = 0;

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now)
{
	__u64 latency = now - r->issued;
	struct bio_event *e;

	if (latency < min_ns)
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	e->task = r->submitter;
	e->task.ts = now;
	e->sector = BPF_CORE_READ(rq, __sector);
	e->queued_ns = r->submitter.ts ? r->issued - r->submitter.ts : 0;
	e->latency_ns = latency;
	e->dev = r->dev;
	e->bytes = BPF_CORE_READ(rq, __data_len);
	e->flags = request_flags(rq);
	e->pad = 0;
	events_submit(e);
}
