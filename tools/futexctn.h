/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* futexctn: the entries bpf/futexctn.bpf.c fills and tools/futexctn.c prints. */
#ifndef SONDE_FUTEXCTN_H
#define SONDE_FUTEXCTN_H

#include "hist_layout.h"
#include "task.h"

struct futex_hist_key {
	__u32 tgid;
	__u32 pad;
	__u64 uaddr; /* the futex word's user address; 0 with --per-process */
};

/* Everything one report says of a key, in one entry so that one swap retires it whole. */
struct futex_value {
	struct hist hist; /* waits by time blocked */
	__u64 total_ns;	  /* time blocked in all of them */
	/* the first thread seen waiting: the name once its process is gone */
	char comm[SONDE_COMM_LEN];
};

#endif
