/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* syncsnoop: the record bpf/syncsnoop.bpf.c sends and tools/syncsnoop.c prints. */
#ifndef SONDE_SYNCSNOOP_H
#define SONDE_SYNCSNOOP_H

#include "callevent.h"

/* The calls, as struct call_head's `call`. */
enum sync_call {
	SYNC_SYNC,
	SYNC_SYNCFS,
	SYNC_FSYNC,
	SYNC_FDATASYNC,
	SYNC_SYNC_FILE_RANGE,
	SYNC_MSYNC,
	SYNC_CALLS,
};

struct sync_event {
	struct call_head h;
	__s32 fd;     /* -1 for sync() and msync(), which take none */
	__u32 flags;  /* sync_file_range's SYNC_FILE_RANGE_*, msync's MS_* */
	__u64 offset; /* sync_file_range's offset, msync's address */
	__u64 len;    /* sync_file_range's nbytes (0: to the end), msync's length */
};

#endif
