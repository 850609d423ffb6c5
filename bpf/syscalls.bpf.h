/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The records of the syscalls:sys_enter_* and sys_exit_* tracepoints. Their
 * layout is a stable ABI (events/syscalls/<name>/format: the common header,
 * the syscall number, then the arguments or the return value), so these are
 * plain structs, not vmlinux.h's CO-RE ones: a tool that needs nothing else
 * from kernel types then never makes libbpf parse the kernel's BTF, which
 * costs ~10 MB of peak memory and several milliseconds at start.
 */
#ifndef SONDE_SYSCALLS_BPF_H
#define SONDE_SYSCALLS_BPF_H

#include "sonde.bpf.h"

struct syscall_enter_record {
	__u64 common; /* type, flags, preempt count, pid */
	long nr;
	unsigned long args[6];
};

struct syscall_exit_record {
	__u64 common;
	long nr;
	long ret;
};

#endif
