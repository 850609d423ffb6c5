/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Function arguments and return values in kprobe programs, and a syscall's
 * arguments in the user registers its entry saved. On x86-64 the kernel's
 * pt_regs has the user ABI's fixed layout, so they are read without CO-RE: a
 * tool whose kprobe alternative sits unused beside its tracepoints does not
 * make libbpf parse the kernel's BTF (megabytes) at every start. Elsewhere
 * the CO-RE macros of bpf_tracing.h serve.
 *
 * A syscall leaves the registers it was entered with as they were (only the
 * return value's is written), so its exit tracepoint finds its arguments in
 * syscall_exit_regs() (bpf_task_pt_regs(), Linux 5.15) and needs no entry
 * program to remember them.
 */
#ifndef SONDE_REGS_BPF_H
#define SONDE_REGS_BPF_H

#include "sonde.bpf.h"

#if defined(__TARGET_ARCH_x86)
struct regs_x86_64 {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};
#define REGS(ctx)	 ((const struct regs_x86_64 *)(ctx))
#define KPROBE_ARG1(ctx) (REGS(ctx)->di)
#define KPROBE_ARG2(ctx) (REGS(ctx)->si)
#define KPROBE_ARG3(ctx) (REGS(ctx)->dx)
#define KPROBE_ARG4(ctx) (REGS(ctx)->cx)
#define KPROBE_RET(ctx)	 (REGS(ctx)->ax)
/* in syscall_exit_regs() */
#define SYSCALL_ARG1(r) (REGS(r)->di)
#define SYSCALL_ARG2(r) (REGS(r)->si)
#define SYSCALL_ARG3(r) (REGS(r)->dx)
#define SYSCALL_ARG4(r) (REGS(r)->r10) /* not cx: syscall clobbers it */
#else
#define KPROBE_ARG1(ctx) PT_REGS_PARM1_CORE(ctx)
#define KPROBE_ARG2(ctx) PT_REGS_PARM2_CORE(ctx)
#define KPROBE_ARG3(ctx) PT_REGS_PARM3_CORE(ctx)
#define KPROBE_ARG4(ctx) PT_REGS_PARM4_CORE(ctx)
#define KPROBE_RET(ctx)	 PT_REGS_RC_CORE(ctx)
/* in syscall_exit_regs() (arm64: the first from orig_x0, x0 holds the result) */
#define SYSCALL_ARG1(r)	 PT_REGS_PARM1_CORE_SYSCALL(r)
#define SYSCALL_ARG2(r)	 PT_REGS_PARM2_CORE_SYSCALL(r)
#define SYSCALL_ARG3(r)	 PT_REGS_PARM3_CORE_SYSCALL(r)
#define SYSCALL_ARG4(r)	 PT_REGS_PARM4_CORE_SYSCALL(r)
#endif

#define SIGSYS_NUMBER 31 /* x86, arm64, riscv: every architecture sonde builds for */

/*
 * At a syscall's exit tracepoint: the user registers its entry saved, or NULL
 * for a call that never ran. A seccomp filter's SECCOMP_RET_TRAP stops a call
 * before it starts and its exit tracepoint still fires, with the syscall
 * number rolled back into the result register and SIGSYS queued for the
 * thread (delivered on the way back to user space, so never pending across
 * calls). A call a filter refuses with an errno (SECCOMP_RET_ERRNO) is left
 * in: the caller did get that error.
 */
static __always_inline const struct pt_regs *syscall_exit_regs(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	if (task->pending.signal.sig[0] & 1UL << (SIGSYS_NUMBER - 1))
		return NULL;
	return (const struct pt_regs *)bpf_task_pt_regs(task);
}

#endif
