/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* futexctn: the histogram key bpf/futexctn.bpf.c fills and tools/futexctn.c prints. */
#ifndef SONDE_FUTEXCTN_H
#define SONDE_FUTEXCTN_H

struct futex_hist_key {
	__u32 tgid;
	__u32 pad;
	__u64 uaddr; /* the futex word's user address; 0 with --per-process */
};

#endif
