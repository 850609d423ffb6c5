/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The strings a traced syscall was given, read as the call begins.
 *
 * A string read from the caller's memory when the call returns is whatever
 * the buffer holds by then: another thread of the caller can rewrite it
 * while the call runs (a mount, a stat that blocks), and the tool would
 * show a path the kernel never used. So each string is read as the call
 * begins, into task storage kept for its end. A string in a page not yet
 * touched (a fresh mapping, a string literal never read) cannot be read from
 * BPF at entry, since BPF cannot fault pages in: that string, and only that
 * one, is read again at exit, when the kernel has faulted it in. Each
 * string carries how it was read (enum str_read, common/callevent.h) for
 * the tool to show.
 *
 * What stays open: the kernel copies a string some time after entry
 * (getname), so a thread flipping the buffer without pause can still change
 * it between our read and the kernel's.
 *
 * A tool sizes its storage before including this header, and places its
 * strings in it at offsets of its own (slots):
 *
 *	#define CALL_STR_SLOTS 1	(strings a call can have)
 *	#define CALL_STR_BYTES 4096	(their room, together)
 *	#include "callstr.bpf.h"
 *
 *	CALL_ENTER_STR(newstat, 1, 0)	(a path in argument 0, into slot 0)
 *	exit:	len = call_str_copy(call_strs_exit(), 0, 0, PATH_BYTES, path,
 *				    rec->path, 0, sizeof(rec->path), &rec->path_read);
 *
 * Memory: one struct call_strs per thread that has made a traced call,
 * allocated at its first call and freed with the thread or the tool (see
 * the tools' pages for what it comes to). Before Linux 5.11 (no task
 * storage, inflight.bpf.h) every string is read at exit.
 */
#ifndef SONDE_CALLSTR_BPF_H
#define SONDE_CALLSTR_BPF_H

#include "callevent.bpf.h"
#include "core_fixes.bpf.h"
#include "paths.h"

#if !defined(CALL_STR_SLOTS) || !defined(CALL_STR_BYTES)
#error "define CALL_STR_SLOTS and CALL_STR_BYTES before including callstr.bpf.h"
#endif

struct call_strs {
	__u8 read[CALL_STR_SLOTS]; /* enum str_read of each slot, set at entry */
	char buf[CALL_STR_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct call_strs);
} call_strs SEC(".maps");

/* At entry: the current task's string slots, made at its first call; NULL if no memory. */
static __always_inline struct call_strs *call_strs_enter(void)
{
	if (no_task_storage)
		return NULL;
	return bpf_task_storage_get(&call_strs, bpf_get_current_task_btf(), 0,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
}

/* At exit: the same; NULL if entry had none (then every string is read now). */
static __always_inline struct call_strs *call_strs_exit(void)
{
	if (no_task_storage)
		return NULL;
	return bpf_task_storage_get(&call_strs, bpf_get_current_task_btf(), 0, 0);
}

/* Read the string at `ustr` into slot `slot` (buf[off], at most max bytes). */
static __always_inline void call_str_enter(struct call_strs *s, int slot, __u32 off, __u32 max,
					   const void *ustr)
{
	if (!s)
		return;
	if (!ustr)
		s->read[slot] = STR_NONE;
	else if (read_user_str(s->buf + off, max, ustr) > 0)
		s->read[slot] = STR_AT_ENTRY;
	else
		s->read[slot] = STR_AT_EXIT; /* its page is not in yet: once the call has run */
}

/*
 * Copy the string of slot `slot` (the one at `ustr` when the call began)
 * into dst[doff], at most max bytes, in a buffer of cap bytes; how it was
 * read into *read. Returns the bytes used: 0 for a NULL pointer (nothing
 * stored) or when it would not fit, 1 for a string that could not be read
 * (stored empty).
 */
static __always_inline __u32 call_str_copy(const struct call_strs *s, int slot, __u32 off,
					   __u32 max, const void *ustr, char *dst, __u32 doff,
					   __u32 cap, __u8 *read)
{
	__u8 how = s ? s->read[slot] : STR_AT_EXIT;
	long n = 0;

	*read = STR_NONE;
	if (!ustr || doff > cap - max)
		return 0;
	if (how == STR_AT_ENTRY)
		n = bpf_probe_read_kernel_str(dst + doff, max, s->buf + off);
	if (n <= 0) {
		how = STR_AT_EXIT;
		n = read_user_str(dst + doff, max, ustr);
	}
	if (n <= 0) {
		how = STR_UNREADABLE;
		dst[doff] = '\0';
		n = 1;
	}
	*read = how;
	return n;
}

/*
 * The entry program of syscall `sys`, which takes `nargs` arguments and
 * whose argument `arg` is a path: kept in slot 0 (offset 0, PATH_BYTES).
 */
#define CALL_ENTER_STR(sys, nargs, arg)                                              \
	SEC("tracepoint/syscalls/sys_enter_" #sys)                                   \
	int enter_##sys(struct syscall_enter_record *ctx)                            \
	{                                                                            \
		_Static_assert(CALL_STR_BYTES >= PATH_BYTES, "slot 0 holds a path"); \
		if (call_enter(ctx, nargs))                                          \
			call_str_enter(call_strs_enter(), 0, 0, PATH_BYTES,          \
				       (const void *)ctx->args[arg]);                \
		return TRACE_DONE;                                                   \
	}

#endif
