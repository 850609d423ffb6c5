/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* opensnoop: the record bpf/opensnoop.bpf.c sends and tools/opensnoop.c prints. */
#ifndef SONDE_OPENSNOOP_H
#define SONDE_OPENSNOOP_H

#define OPEN_PATH_BYTES 4096 /* PATH_MAX: the kernel refuses longer paths anyway */

struct open_event {
	__u64 ts;
	__u64 flags;
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 ret;	/* the fd, or -errno */
	__u32 mode;
	__u32 path_len; /* bytes used in path, with its NUL */
	char comm[16];
	char path[OPEN_PATH_BYTES];
};

#endif
