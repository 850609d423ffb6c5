/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* execsnoop: the record bpf/execsnoop.bpf.c sends and tools/execsnoop.c prints. */
#ifndef SONDE_EXECSNOOP_H
#define SONDE_EXECSNOOP_H

#include "task.h"

#define EXEC_ARGS_BYTES	      8192 /* filename and argv, NUL-separated; a power of two */
#define EXEC_FILENAME_BYTES   4096 /* PATH_MAX */
#define EXEC_MAX_ARGS_LIMIT   128  /* the most --max-args allows; a failed exec reads no more */
#define EXEC_DEFAULT_MAX_ARGS 20

enum exec_flags {
	EXEC_TRUNCATED = 1 << 0,	   /* the arguments did not fit in args[] */
	EXEC_FILENAME_UNREADABLE = 1 << 1, /* a failed exec's file name could not be read */
};

/*
 * args holds the file name and the arguments, NUL-separated: a successful
 * exec's as the kernel copied them into the new program, a failed one's as
 * read from the caller. A string that could not be read is stored empty and
 * marked in `unreadable` (bit i: argument i), so it is never shown as if it
 * were an empty argument or as a shorter list.
 */
struct exec_event {
	struct task_head task; /* after a successful exec: the new program's name */
	__u32 ppid;
	__s32 ret;
	__u32 args_len; /* bytes used in args */
	__u32 flags;	/* enum exec_flags */
	__u64 unreadable[EXEC_MAX_ARGS_LIMIT / 64];
	char args[EXEC_ARGS_BYTES];
};

#endif
