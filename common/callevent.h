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

/*
 * How a string a call was given was read (bpf/callstr.bpf.h), as a tool's
 * record marks each string it carries.
 */
enum str_read {
	STR_NONE,	/* no string: a NULL pointer, or none kept */
	STR_AT_ENTRY,	/* from the caller's memory as the call began */
	STR_AT_EXIT,	/* its page could not be read then: as the call returned */
	STR_UNREADABLE, /* neither time: shown empty */
};

#endif
