/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The stacks of a record (common/event_stacks.h) named and written the way
 * every event tool shows them: under the record's text line, one frame a
 * line as bcc does ("        vfs_read+0x1a", "        malloc+0x14
 * [libc.so.6]"), or as JSON arrays of frames, innermost first:
 *
 *	{"addr":"0xffffffff811c2e40","sym":"vfs_read","offset":26,"module":null,
 *	 "file":null,"line":null,"inlined":false}
 *
 * A frame nothing names is "[unknown]" with the module it lies in, never a
 * bare address standing as a name. Kernel symbols are read at the first
 * kernel frame, a process's mappings at its first user frame (usyms.h),
 * not at start. In text a user frame's module is its file's name; JSON
 * has the path as the process saw it.
 *
 * Where a user frame's file has DWARF, its source line follows the symbol
 * in text ("        malloc+0x14 (malloc.c:3292) [libc.so.6]", the file's
 * name alone) and is "file" (as the DWARF says it) and "line" in JSON,
 * null where unknown. The functions the compiler inlined at the address
 * come before it as frames of their own, with no offset: "        tcache_get
 * [inlined] (malloc.c:3190) [libc.so.6]" in text, "offset":null and
 * "inlined":true in JSON. The line of every user frame but the innermost,
 * a return address, is that of its call. Lines are read where frames are
 * printed whole (stack_text(), stack_json(), frames_json()); frame_user()
 * names a frame alone, for folded stacks, and reads no DWARF.
 */
#ifndef SONDE_STACKPRINT_H
#define SONDE_STACKPRINT_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

#include "event_stacks.h"
#include "strbuf.h"
#include "usyms.h"

/* A frame as printed. */
struct frame {
	__u64 addr;
	const char *sym; /* NULL: nothing names it */
	__u64 offset;	 /* addr - the symbol's start; none for an inlined frame */
	const char
		*module;  /* a kernel module, "bpf", a binary's path, "[vdso]"; NULL: the kernel */
	bool jit;	  /* named by a JIT's perf map */
	const char *file; /* the source file (DWARF); NULL: unknown */
	unsigned line;	  /* 0: unknown */
	bool inlined;	  /* a function inlined into the next frame, at the same address */
};

/* Source frames one user address may make: its inlined functions and itself. */
#define FRAMES_PER_ADDRESS (USYMS_INLINED_MAX + 1)

/* The kernel frame at addr (kallsyms read on first use). */
void frame_kernel(__u64 addr, struct frame *f);
/* The address of kernel symbol `name` in the same table ("__sched_text_start"): 0 if none. */
__u64 kernel_symbol_addr(const char *name);
/*
 * Read process pid's mappings now, while it runs, for its frames named
 * later; again: read them even if they were (it exec'd, or mapped more).
 */
void frame_user_note(pid_t pid, bool again);
/*
 * Take now what naming user address addr of process pid later needs of it
 * while it runs (usyms_hold()); false if none of its mappings holds addr.
 */
bool frame_user_hold(pid_t pid, __u64 addr);
/* The user frame at addr in process pid: its name alone (no line, no DWARF read). */
void frame_user(pid_t pid, __u64 addr, struct frame *f);
/*
 * The frames of user address addr in process pid, with their lines: the
 * functions inlined there, innermost first, then addr's own frame (always
 * there, last): how many, at most max (> 0; the innermost inlined ones
 * are kept). `ret` says addr is a return address, whose line is that of
 * its call (addr - 1). Reads the DWARF of addr's file at its first call.
 */
size_t frames_user(pid_t pid, __u64 addr, bool ret, struct frame *out, size_t max);

/* A frame's name without its offset, as folded stacks show it: "[unknown] [libc.so.6]" where none. */
void frame_label(struct strbuf *sb, const struct frame *f);

/* n frames (innermost first) as a JSON array, with their lines and inlined functions. */
void frames_json(struct strbuf *sb, const __u64 *ips, size_t n, pid_t pid, bool kernel);

/* The record's stacks as text lines, kernel first, into sb (each line ends in \n). */
void stack_text(struct strbuf *sb, const struct event_stacks *s, pid_t pid);
/* One stack as a JSON array (kernel or user), or null if the kernel could not read it. */
void stack_json(struct strbuf *sb, const struct event_stacks *s, pid_t pid, bool kernel);

#endif
