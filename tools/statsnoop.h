/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* statsnoop: the record bpf/statsnoop.bpf.c sends and tools/statsnoop.c prints. */
#ifndef SONDE_STATSNOOP_H
#define SONDE_STATSNOOP_H

#include "callevent.h"

#define STAT_PATH_BYTES 4096 /* PATH_MAX: the kernel refuses longer paths anyway */
#define STAT_AT_FDCWD	(-100)

/* The calls, as struct call_head's `call`. */
enum stat_call {
	STAT_STAT,
	STAT_LSTAT,
	STAT_FSTAT,
	STAT_NEWFSTATAT,
	STAT_STATX,
	STAT_STATFS,
	STAT_FSTATFS,
	STAT_CALLS,
};

/* Sent with as much of path as it uses (none for fstat and fstatfs). */
struct stat_event {
	struct call_head h;
	__s32 fd;	/* the descriptor, the directory descriptor, or AT_FDCWD */
	__u32 flags;	/* AT_* flags of newfstatat and statx */
	__u8 path_read; /* enum str_read: how the path was read (STR_NONE for the fd calls) */
	__u8 pad[7];
	char path[STAT_PATH_BYTES];
};

#endif
