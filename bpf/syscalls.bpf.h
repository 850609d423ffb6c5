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

/*
 * The numbers of older calls where they exist (x86-64; asm-generic
 * architectures such as arm64 and riscv never had them: -1, no record's).
 * A program at several calls' tracepoints tells them apart by the record's
 * nr: one program to load, not several (some 0.3-1 ms each at start).
 * Syscall tracepoints fire for native calls alone, so nr is x86-64's. Only
 * for a program that reads no argument one of the records lacks: a context
 * read past a record's end refuses the attach there (EACCES), which keeps
 * unlink() and unlinkat() apart.
 */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_NR_OPEN	 2
#define SYSCALL_NR_CREAT 85
#else
#define SYSCALL_NR_OPEN	 -1
#define SYSCALL_NR_CREAT -1
#endif

/* Calls added from Linux 5.1 on have one number on every architecture. */
#define SYSCALL_NR_FSPICK	  433
#define SYSCALL_NR_OPENAT2	  437
#define SYSCALL_NR_OPEN_TREE_ATTR 467

#endif
