/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* vfsstat: the counts bpf/vfsstat.bpf.c keeps and tools/vfsstat.c prints. */
#ifndef SONDE_VFSSTAT_H
#define SONDE_VFSSTAT_H

enum vfs_op {
	VFS_READ,
	VFS_WRITE,
	VFS_FSYNC,
	VFS_OPEN,
	VFS_CREATE,
	VFS_UNLINK,
	VFS_MKDIR,
	VFS_OPS
};

struct vfs_counts {
	__u64 n[VFS_OPS];
};

#endif
