/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The stacks of a record (common/event_stacks.h) named and written the way
 * every event tool shows them: under the record's text line, one frame a
 * line as bcc does ("        vfs_read+0x1a", "        malloc+0x14
 * [libc.so.6]"), or as JSON arrays of frames, innermost first:
 *
 *	{"addr":"0xffffffff811c2e40","sym":"vfs_read","offset":26,"module":null}
 *
 * A frame nothing names is "[unknown]" with the module it lies in, never a
 * bare address standing as a name. Kernel symbols are read at the first
 * kernel frame, a process's mappings at its first user frame (usyms.h),
 * not at start. In text a user frame's module is its file's name; JSON
 * has the path as the process saw it.
 */
#ifndef SONDE_STACKPRINT_H
#define SONDE_STACKPRINT_H

#include <stdbool.h>
#include <sys/types.h>
#include <linux/types.h>

#include "event_stacks.h"
#include "strbuf.h"

/* A frame as printed. */
struct frame {
	__u64 addr;
	const char *sym; /* NULL: nothing names it */
	__u64 offset;	 /* addr - the symbol's start */
	const char
		*module; /* a kernel module, "bpf", a binary's path, "[vdso]"; NULL: the kernel */
	bool jit;	 /* named by a JIT's perf map */
};

/* The kernel frame at addr (kallsyms read on first use). */
void frame_kernel(__u64 addr, struct frame *f);
/*
 * Read process pid's mappings now, while it runs, for its frames named
 * later; exec: read them again, it runs a new program.
 */
void frame_user_note(pid_t pid, bool exec);
/* The user frame at addr in process pid. */
void frame_user(pid_t pid, __u64 addr, struct frame *f);

/* A frame's name without its offset, as folded stacks show it: "[unknown] [libc.so.6]" where none. */
void frame_label(struct strbuf *sb, const struct frame *f);

/* n frames (innermost first) as a JSON array. */
void frames_json(struct strbuf *sb, const __u64 *ips, size_t n, pid_t pid, bool kernel);

/* The record's stacks as text lines, kernel first, into sb (each line ends in \n). */
void stack_text(struct strbuf *sb, const struct event_stacks *s, pid_t pid);
/* One stack as a JSON array (kernel or user), or null if the kernel could not read it. */
void stack_json(struct strbuf *sb, const struct event_stacks *s, pid_t pid, bool kernel);

#endif
