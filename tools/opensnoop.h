/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* opensnoop: the record bpf/opensnoop.bpf.c sends and tools/opensnoop.c prints. */
#ifndef SONDE_OPENSNOOP_H
#define SONDE_OPENSNOOP_H

#include "paths.h"
#include "task.h"

#define OPEN_PATH_BYTES PATH_BYTES /* PATH_MAX: the kernel refuses longer paths anyway */
/* The mode argument means something only with O_CREAT or O_TMPFILE (same bits on x86 and arm64). */
#define OPEN_FLAGS_WITH_MODE (00000100 | 020000000)

/* Sent with as much of path as it uses: the record's length tells the path's. */
struct open_event {
	struct task_head task;
	__s32 ret;	   /* the fd, or -errno */
	__u32 flags;	   /* O_* flags: 32 bits, even from openat2 */
	__u32 mode;	   /* 0 unless the flags make the kernel read it */
	__u32 path_source; /* enum path_source: the file's own path, or the caller's string */
	char path[OPEN_PATH_BYTES];
};

#endif
