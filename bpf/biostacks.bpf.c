// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biostacks: block I/O latency by the stacks that submitted it. The stacks
 * are read where the request is made, in the submitting task
 * (block_requests.bpf.h says where that is on each kernel), kept with the
 * request, and its time from issue to completion is added to their count
 * when it completes (stack_counts.bpf.h): which code paths cause the I/O,
 * and how long the disk makes them wait.
 */
#include "sonde.bpf.h"
#include "stack_counts.bpf.h"

#define BLOCK_REQUEST_EXTRA	struct stack_key stack;
#define BLOCK_REQUEST_SUBMITTED biostacks_submitted
#include "block_requests.bpf.h"

static __always_inline void biostacks_submitted(void *ctx, struct block_request *r)
{
	stack_key_fill(ctx, &r->stack);
}

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now)
{
	if (r->submitter.ts) /* not unseen: it has stacks */
		stack_key_add(&r->stack, now - r->issued);
}
