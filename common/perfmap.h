/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The symbols a JIT runtime writes for the code it generates: Node with
 * --perf-basic-prof, JVM agents, LuaJIT and others append a line per
 * function to /tmp/perf-PID.map,
 *
 *	START SIZE NAME
 *
 * START and SIZE in hex (with or without 0x), NAME the rest of the line
 * (spaces and all). Such code lives in anonymous executable memory that no
 * ELF file describes, so this file is the only name it has.
 *
 * The parser takes the text, so it can be tested and fuzzed; the file is
 * written by the traced process and trusted for nothing.
 */
#ifndef SONDE_PERFMAP_H
#define SONDE_PERFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "strbuf.h"

/* One function: [start, end), named at `name` in the pool. */
struct perfmap_sym {
	__u64 start, end;
	__u32 name;
};

struct perfmap {
	struct perfmap_sym *syms; /* sorted by start, one per start */
	size_t n;
	struct strbuf names; /* NUL-terminated names */
};

/*
 * The functions in the text of a perf map (len bytes, no NUL needed). A
 * line that does not parse is skipped, not an error: the runtime appends
 * while we read, so the last line may be torn. A function written again at
 * the same start is code the runtime replaced: the later line wins. 0 or
 * -ENOMEM (then *pm is empty).
 */
int perfmap_parse(const char *text, size_t len, struct perfmap *pm);

/*
 * The perf map of process pid, read through its root (/proc/PID/root/tmp)
 * under the pid it has in its own PID namespace, which is the number the
 * runtime put in the file name; the host's /tmp/perf-PID.map if the process
 * is gone. Only the whole lines from byte *from on are read, and *from moves
 * past them: the runtime keeps appending, and a reader that comes back later
 * parses only what is new, into a perfmap of its own. 0, -ENOENT without a
 * file, another -errno.
 */
int perfmap_read(pid_t pid, off_t *from, struct perfmap *pm);

/* The function holding addr and addr's offset into it, or NULL. */
const char *perfmap_find(const struct perfmap *pm, __u64 addr, __u64 *offset);

void perfmap_free(struct perfmap *pm);

/*
 * The pid that process pid has in its innermost PID namespace: the last
 * number on the NSpid line of the text of a /proc/PID/status file, or
 * `pid` itself if there is none (kernels before 4.1, or a malformed line).
 */
pid_t perfmap_nspid_parse(const char *text, size_t len, pid_t pid);

#endif
