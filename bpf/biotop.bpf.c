// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biotop: block I/O per submitting process, disk and operation, summed in
 * the kernel. block_requests.bpf.h follows each request from the task that
 * submitted it to its completion, where its size and time are added to
 * its row; only the rows cross to user space, once per interval.
 */
#include "sonde.bpf.h"
#include "block_requests.bpf.h"
#include "summary.bpf.h"
#include "biotop.h"

/*
 * Allocated as rows appear, not preallocated: a row is made once an
 * interval at a completion (interrupt context, where a hash's allocator
 * may run on every kernel: GFP_ATOMIC before 6.1's bpf_mem_alloc);
 * preallocated, the two maps' 10,240 rows took 2 to 3.5 ms each of the
 * start to create on the 6.18 host.
 */
SUMMARY_MAP(tops, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, 10240, struct biotop_key,
	    struct biotop_value);

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now)
{
	static const struct biotop_value zero;
	struct biotop_key key = {};
	struct biotop_value *v;

	key.pid = r->submitter.pid;
	key.dev = r->dev;
	key.op = BPF_CORE_READ(rq, cmd_flags) & BLOCK_OP_MASK;
	__builtin_memcpy(key.comm, r->submitter.comm, sizeof(key.comm));
	v = summary_entry(tops, &key, &zero);
	if (!v)
		return;
	__sync_fetch_and_add(&v->io, 1);
	__sync_fetch_and_add(&v->bytes, BPF_CORE_READ(rq, __data_len));
	__sync_fetch_and_add(&v->latency_ns, now - r->issued);
}
