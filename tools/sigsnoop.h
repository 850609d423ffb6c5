/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* sigsnoop: the record bpf/sigsnoop.bpf.c sends and tools/sigsnoop.c prints. */
#ifndef SONDE_SIGSNOOP_H
#define SONDE_SIGSNOOP_H

#include "task.h"

#define SIG_MAX 64 /* _NSIG on every architecture but MIPS */

/* signal:signal_generate's result (include/trace/events/signal.h, TRACE_SIGNAL_*). */
enum sig_result {
	SIG_DELIVERED,
	SIG_IGNORED,
	SIG_ALREADY_PENDING,
	SIG_OVERFLOW_FAIL,
	SIG_LOSE_INFO,
	SIG_RESULTS,
};

/* -k: the syscall that sent the signal. */
enum sig_call {
	SIG_CALL_NONE, /* generated: not seen at a syscall */
	SIG_CALL_KILL,
	SIG_CALL_TKILL,
	SIG_CALL_TGKILL,
	SIG_CALL_SIGQUEUE,
	SIG_CALL_TGSIGQUEUE,
	SIG_CALL_PIDFD,
	SIG_CALLS,
};

struct sig_event {
	struct task_head task; /* the sender */
	__s32 tpid; /* the target: a thread ID when generated; the syscall's pid argument with -k */
	__s32 sig;
	__s32 result;	/* enum sig_result when generated; the syscall's return value with -k */
	__s32 code;	/* si_code when generated (SI_USER 0, SI_QUEUE -1, SI_TKILL -6, ...) */
	__u32 call;	/* enum sig_call */
	char tcomm[16]; /* the target's name when generated; empty with -k */
};

#endif
