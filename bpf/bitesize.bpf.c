// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bitesize: block I/O sizes as log2 histograms of kilobytes, one per name
 * of the submitting task, built in the kernel. block_requests.bpf.h
 * follows each request from its submitter to its completion, where its
 * size is counted; only histogram slots cross to user space.
 */
#include "sonde.bpf.h"
#include "block_requests.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "bitesize.h"

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 1024, struct bitesize_key, struct hist);

static __always_inline void block_request_done(struct request *rq, const struct block_request *r,
					       __u64 now)
{
	struct bitesize_key key;

	__builtin_memcpy(key.comm, r->submitter.comm, sizeof(key.comm));
	hist_add(hists, &key, hist_log2_slot(BPF_CORE_READ(rq, __data_len) / 1024));
}
