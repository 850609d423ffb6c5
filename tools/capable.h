/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* capable: the record bpf/capable.bpf.c sends and tools/capable.c prints. */
#ifndef SONDE_CAPABLE_H
#define SONDE_CAPABLE_H

#include "task.h"
#include "event_stacks.h"

/* cap_capable()'s options, include/linux/security.h (Linux 5.1+) */
#define CAP_OPT_NOAUDIT (1 << 1)
#define CAP_OPT_INSETID (1 << 2)

enum cap_event_flags {
	CAP_EVENT_OPTS_KNOWN =
		1 << 0,		    /* the hook saw the options: AUDIT and INSETID mean something */
	CAP_EVENT_AUDIT = 1 << 1,   /* checked without CAP_OPT_NOAUDIT */
	CAP_EVENT_INSETID = 1 << 2, /* checked by a set*id call */
};

struct cap_event {
	struct task_head task;
	__s32 cap;
	__s32 ret; /* 0 allowed, -EPERM denied */
	__u32 flags;
	__u32 pad;
	struct event_stacks stacks[]; /* one, with -K or -U */
};

/* --unique remembers (process, capability) pairs in the kernel. */
struct cap_seen_key {
	__u32 pid;
	__s32 cap;
};

#define CAP_SEEN_ENTRIES 16384

#endif
