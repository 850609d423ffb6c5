/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The head of every record of a syscall traced from entry to exit
 * (bpf/callevent.bpf.h fills it): who made the call, when it returned, how
 * long it took and what it returned. The tool's own fields follow it.
 *
 * Shared with BPF code, so it includes nothing: the includer provides __u32.
 */
#ifndef SONDE_CALLEVENT_H
#define SONDE_CALLEVENT_H

struct call_head {
	__u64 ts;     /* bpf_ktime_get_ns() when the call returned */
	__u64 lat_ns; /* time spent in the call */
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 ret;  /* the result, or -errno: every call traced this way returns an int */
	__u32 call; /* which call, in the tool's own numbering */
	__u32 pad;
	char comm[16];
};

#endif
