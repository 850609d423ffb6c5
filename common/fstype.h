/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * One file system's type, for the tools that look at it alone (fsslower,
 * fsdist) and their bcc names (ext4slower, xfsdist, ...): the name as
 * bpf/fs_type.bpf.h compares it in the kernel, and, in user space, the
 * --type option, the name a tool was called by, and whether this kernel
 * has the file system at all.
 */
#ifndef SONDE_FSTYPE_H
#define SONDE_FSTYPE_H

/* a file system's name, as /proc/filesystems lists it ("ext4"), NUL-padded */
#define FS_NAME_BYTES 16

#ifndef __bpf__
#include <stdbool.h>
#include <stddef.h>

#include "attach.h"
#include "options.h"
#include "run.h"

/* --type FS: a name that fits, without blanks, into fs; else a usage error. */
int fs_type_option(struct option_ctx *ctx, const char *arg, char fs[FS_NAME_BYTES]);

/* One of an alias's examples: its arguments ("-p 181 0"), and what they do. */
struct fs_alias_example {
	const char *args;
	const char *what;
};

/*
 * The tool as called by argv0: `tool` itself (fsslower, which takes
 * --type), or, called by an alias "<fs><suffix>" (ext4slower for
 * "slower"), the same tool under that name with the file system's name
 * put into fs, no --type, and `examples` (ended by { 0 }, at most three)
 * under its name.
 */
struct tool fs_tool_called(const char *argv0, const char *suffix, const struct tool *tool,
			   char fs[FS_NAME_BYTES], const struct fs_alias_example *examples);

/* The rows of fs_type_probes(): read, write, open, fsync, and the end. */
#define FS_PROBES 5

/*
 * The probe table of a tool of one file system's calls, filled for fs:
 * per kind of call, the file system's own function by fentry, then by
 * kprobe, where sonde knows its functions (ext4, xfs, btrfs, nfs: those
 * bcc times), then the system calls (bpf/fs_functions.bpf.h and
 * bpf/file_io.bpf.h make the programs). Valid until the next call.
 */
void fs_type_probes(const char *fs, struct probe probes[FS_PROBES]);

/*
 * A tool's setup(): fails the run with one line when this kernel has no
 * such file system (not in /proc/filesystems), since nothing of it could
 * ever be seen.
 */
int fs_type_setup(struct run *r, const char *fs);
#endif

#endif
