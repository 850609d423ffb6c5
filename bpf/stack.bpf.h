/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Stacks into an event record (common/event_stacks.h): the kernel's and the
 * user's, each only when user space asked (stack_kernel, stack_user in
 * .rodata), so that a tool without -K/-U pays nothing. A user stack is what
 * the kernel can walk by frame pointers: code built without them (Debian's
 * libc) ends it early.
 */
#ifndef SONDE_STACK_BPF_H
#define SONDE_STACK_BPF_H

#include "sonde.bpf.h"
#include "event_stacks.h"

const volatile bool stack_kernel = false;
const volatile bool stack_user = false;

static __always_inline bool stack_wanted(void)
{
	return stack_kernel || stack_user;
}

/* bpf_get_stack()'s bytes as frames, or its negative errno. */
static __always_inline __s32 stack_frames(long bytes)
{
	return bytes < 0 ? (__s32)bytes : (__s32)(bytes / sizeof(__u64));
}

static __always_inline void stack_capture(void *ctx, struct event_stacks *s)
{
	s->kernel_n = stack_kernel
			      ? stack_frames(bpf_get_stack(ctx, s->kernel, sizeof(s->kernel), 0))
			      : 0;
	s->user_n = stack_user ? stack_frames(bpf_get_stack(ctx, s->user, sizeof(s->user),
							    BPF_F_USER_STACK))
			       : 0;
}

#endif
