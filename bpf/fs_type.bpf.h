/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Whether a file is on the one file system a tool looks at (fsslower,
 * fsdist), by the name of its superblock's type: "ext4", "xfs", ... as the
 * user gave it (common/fstype.h). Compared as two 64-bit words, so the
 * test is a read and two compares on every call a tool asks about.
 */
#ifndef SONDE_FS_TYPE_BPF_H
#define SONDE_FS_TYPE_BPF_H

#include "sonde.bpf.h"
#include "fstype.h"

/* the file system's name, NUL-padded */
const volatile char fs_name[FS_NAME_BYTES] = {};

static __always_inline bool file_on_wanted_fs(struct file *file)
{
	__u64 name[FS_NAME_BYTES / sizeof(__u64)] = {};
	/* volatile: a plain read of .rodata folds to its compile-time zeros */
	const volatile __u64 *want = (const volatile __u64 *)fs_name;

	if (bpf_probe_read_kernel_str(name, sizeof(name),
				      BPF_CORE_READ(file, f_inode, i_sb, s_type, name)) <= 0)
		return false;
	return name[0] == want[0] && name[1] == want[1];
}

#endif
