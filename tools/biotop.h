/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biotop: the counts bpf/biotop.bpf.c keeps and tools/biotop.c prints. */
#ifndef SONDE_BIOTOP_H
#define SONDE_BIOTOP_H

#include "task.h"

/* One row: a submitting process's I/O of one kind to one disk. */
struct biotop_key {
	__u32 pid; /* 0 where the submission was not seen */
	__u32 dev; /* the disk: major << 20 | minor */
	__u32 op;  /* REQ_OP_* (common/block.h): 0 read, 1 write, ... */
	__u32 pad;
	char comm[SONDE_COMM_LEN];
};

struct biotop_value {
	__u64 io;
	__u64 bytes;
	__u64 latency_ns; /* issue to completion, summed */
};

#endif
