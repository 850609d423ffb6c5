/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The head of every record of a syscall traced from entry to exit
 * (bpf/callevent.bpf.h fills it): who made the call and when it returned
 * (the task head), how long it took and what it returned. The tool's own
 * fields follow it.
 *
 * Shared with BPF code, so it includes nothing but task.h: the includer
 * provides __u32.
 */
#ifndef SONDE_CALLEVENT_H
#define SONDE_CALLEVENT_H

#include "task.h"

struct call_head {
	struct task_head task; /* ts: when the call returned */
	__u64 lat_ns;	       /* time spent in the call */
	__s32 ret;  /* the result, or -errno: every call traced this way returns an int */
	__u32 call; /* which call, in the tool's own numbering */
};

#endif
