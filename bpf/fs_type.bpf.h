/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Whether a file is on the one file system a tool looks at (fsslower,
 * fsdist), by the name of its superblock's type: "ext4", "xfs", ... as the
 * user gave it (common/fstype.h). A kernel has one struct file_system_type
 * per name, so the first match's address stands for the name from then on:
 * every later call compares a pointer, and reads no name (a module
 * reloaded with its file system unmounted, while tracing, would not match).
 */
#ifndef SONDE_FS_TYPE_BPF_H
#define SONDE_FS_TYPE_BPF_H

#include "sonde.bpf.h"
#include "fstype.h"

/* the file system's name, NUL-padded */
const volatile char fs_name[FS_NAME_BYTES] = {};

/* its struct file_system_type, once a file has shown it (0: not yet) */
__u64 fs_type_seen = 0;

/* Whether the type's name is the one wanted: two 64-bit words compared. */
static __always_inline bool fs_type_named(struct file_system_type *type)
{
	__u64 name[FS_NAME_BYTES / sizeof(__u64)] = {};
	/* volatile: a plain read of .rodata folds to its compile-time zeros */
	const volatile __u64 *want = (const volatile __u64 *)fs_name;

	if (bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(type, name)) <= 0)
		return false;
	return name[0] == want[0] && name[1] == want[1];
}

static __always_inline bool file_on_wanted_fs(struct file *file)
{
	struct file_system_type *type = BPF_CORE_READ(file, f_inode, i_sb, s_type);

	if (fs_type_seen)
		return (__u64)type == fs_type_seen;
	if (!type || !fs_type_named(type))
		return false;
	fs_type_seen = (__u64)type; /* racing CPUs store the same */
	return true;
}

#endif
