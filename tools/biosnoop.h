/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* biosnoop: the record bpf/biosnoop.bpf.c sends and tools/biosnoop.c prints. */
#ifndef SONDE_BIOSNOOP_H
#define SONDE_BIOSNOOP_H

#include "task.h"

struct bio_event {
	struct task_head task; /* the submitter (pid 0, no name: unseen); ts: the completion */
	__u64 sector;
	__u64 queued_ns;  /* submission to issue; 0 where the submission was unseen */
	__u64 latency_ns; /* issue to completion */
	__u32 dev;	  /* the disk: major << 20 | minor */
	__u32 bytes;
	__u32 flags; /* common/block.h layout */
	__u32 pad;
};

#endif
