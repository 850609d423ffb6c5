/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* execsnoop: the record bpf/execsnoop.bpf.c sends and tools/execsnoop.c prints. */
#ifndef SONDE_EXECSNOOP_H
#define SONDE_EXECSNOOP_H

#define EXEC_ARGS_BYTES	      8192 /* filename and argv, NUL-separated; a power of two */
#define EXEC_ARG_MAX_BYTES    256  /* longer arguments are cut (and marked truncated) */
#define EXEC_MAX_ARGS_LIMIT   128  /* the most --max-args allows */
#define EXEC_DEFAULT_MAX_ARGS 20

struct exec_event {
	__u64 ts;
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__s32 ret;
	__u32 args_len; /* bytes used in args: filename\0arg0\0arg1\0... */
	__u8 truncated; /* an argument was cut, or there were more than --max-args */
	__u8 pad[3];
	char comm[16];
	char args[EXEC_ARGS_BYTES];
};

#endif
