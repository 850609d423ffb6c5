/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The stacks an event record carries when a tool is asked for them (capable
 * -K/-U): bpf/stack.bpf.h fills them, common/stackprint.c names and prints
 * them. Return addresses, the innermost first, copied into the record itself
 * by bpf_get_stack(): a per-event tool needs no stack map, whose entries
 * would outlive or be overwritten before the record that names them is read.
 *
 * Shared with BPF code, so it includes nothing: the includer provides the types.
 */
#ifndef SONDE_EVENT_STACKS_H
#define SONDE_EVENT_STACKS_H

/* Frames kept of each stack: deeper ones are cut (and the cut is shown). */
#define STACK_FRAMES 48

struct event_stacks {
	/* frames in kernel[] and user[]; a negative errno if the stack was not read */
	__s32 kernel_n, user_n;
	__u64 kernel[STACK_FRAMES];
	__u64 user[STACK_FRAMES];
};

#endif
