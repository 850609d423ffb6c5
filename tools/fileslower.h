/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* fileslower: the record bpf/fileslower.bpf.c sends and tools/fileslower.c prints. */
#ifndef SONDE_FILESLOWER_H
#define SONDE_FILESLOWER_H

#include "file_io.h"
#include "paths.h"
#include "task.h"

/* Sent with as much of path as it uses: the record's length tells the path's. */
struct file_io_event {
	struct task_head task; /* ts: when the call returned */
	__u64 latency_ns;      /* from the call's entry to its return */
	__s64 ret;	       /* bytes, or -errno */
	__u32 dir;	       /* enum file_io */
	__u32 pad;
	char path[PATH_BYTES];
};

#endif
