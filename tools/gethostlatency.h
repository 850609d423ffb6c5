/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* gethostlatency: the record bpf/gethostlatency.bpf.c sends and tools/gethostlatency.c prints. */
#ifndef SONDE_GETHOSTLATENCY_H
#define SONDE_GETHOSTLATENCY_H

#include "task.h"

/* A DNS name is at most 253 characters; room for that and its NUL. */
#define GETHOST_NAME_MAX 256

/* Which libc function was called: the order of the tool's probe list. */
enum gethost_func {
	GETHOST_GETADDRINFO,
	GETHOST_GETHOSTBYNAME,
	GETHOST_GETHOSTBYNAME2,
	GETHOST_NFUNCS,
};

struct gethost_event {
	struct task_head task;	     /* the calling thread, at the return */
	__u64 start_ns;		     /* bpf_ktime_get_ns() at entry */
	__u64 latency_ns;	     /* entry to return */
	__u32 func;		     /* enum gethost_func */
	__u32 host_len;		     /* bytes of host with its NUL; 0: unreadable */
	char host[GETHOST_NAME_MAX]; /* the name asked for, read at entry, NUL-ended */
};

#endif
