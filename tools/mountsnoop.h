/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* mountsnoop: the record bpf/mountsnoop.bpf.c sends and tools/mountsnoop.c prints. */
#ifndef SONDE_MOUNTSNOOP_H
#define SONDE_MOUNTSNOOP_H

#include "callevent.h"

/* The calls, as struct call_head's `call`. */
enum mount_call {
	MC_MOUNT,
	MC_UMOUNT,
	MC_FSOPEN,
	MC_FSCONFIG,
	MC_FSMOUNT,
	MC_MOVE_MOUNT,
	MC_OPEN_TREE,
	MC_FSPICK,
	MC_MOUNT_SETATTR,
	MC_OPEN_TREE_ATTR,
	MC_CALLS,
};

#define MC_STRS	     4
#define MC_NUMS	     6
#define MC_PATH_MAX  4096 /* PATH_MAX */
#define MC_NAME_MAX  256  /* filesystem types and fsconfig keys (the kernel's own limit for keys) */
#define MC_DATA_MAX  1024 /* mount()'s data: options, or a binary blob for a few filesystems */
#define MC_STR_BYTES (2 * MC_PATH_MAX + MC_NAME_MAX + MC_DATA_MAX)

/* FSCONFIG_* commands whose value is a string or a path */
#define MC_FSCONFIG_SET_STRING	   1
#define MC_FSCONFIG_SET_PATH	   3
#define MC_FSCONFIG_SET_PATH_EMPTY 4

/*
 * A call's numeric arguments in num[] and its strings one after another in
 * str[], in an order tools/mountsnoop.c knows per call. str_len[i] counts
 * string i's bytes with its NUL; 0 means a NULL pointer. str_read[i] says
 * how string i was read (enum str_read). Sent with as much of str[] as the
 * strings use.
 */
struct mount_event {
	struct call_head h;
	__u32 mnt_ns; /* inode number of the caller's mount namespace */
	__u16 str_len[MC_STRS];
	__u8 str_read[MC_STRS];
	__u64 num[MC_NUMS];
	char str[MC_STR_BYTES];
};

#endif
