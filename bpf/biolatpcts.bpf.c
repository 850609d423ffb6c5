// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biolatpcts: block I/O latency percentiles per disk and operation, from
 * log-linear histograms of nanoseconds built in the kernel (hist_layout.h:
 * 16 slots per power of two, so a percentile is within 3.1%).
 * block_requests.bpf.h follows each request; its time from issue to
 * completion, or with -Q from its submission, is counted at completion.
 *
 * The histograms are 7.8 KB each: allocated as disks and operations show
 * up (raw tracepoints may allocate), not preallocated for all 256.
 */
#include "sonde.bpf.h"
#include "block_requests.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "biolatpcts.h"

/* -Q: from submission, where it was seen */
const volatile bool from_submission = false;

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, BIOLATPCTS_HISTS, struct biolatpcts_key,
	    struct hist_fine);

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now)
{
	__u64 start = from_submission && r->submitter.ts ? r->submitter.ts : r->issued;
	struct biolatpcts_key key;

	key.dev = r->dev;
	key.op = BPF_CORE_READ(rq, cmd_flags) & BLOCK_OP_MASK;
	hist_fine_add(hists, &key, now - start);
}
