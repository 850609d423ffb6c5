// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsslower (ext4slower, xfsslower, btrfsslower, nfsslower): reads, writes,
 * opens and fsyncs of one file system's files slower than a threshold.
 *
 * bcc times the file system's own functions with kprobes; this kernel has
 * none, so the system calls are timed (file_io.bpf.h) and the file system
 * is the one of the file the descriptor holds, read from its superblock
 * at the call's end: ext4slower still shows ext4's files alone. Only a
 * slow call pays for that and for its path.
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "file_events.bpf.h"

#define FS_NAME_BYTES 16

/* the threshold: calls faster are not reported */
const volatile __u64 min_ns = 10000000;
/* the file system's name, as /proc/filesystems lists it ("ext4") */
const volatile char fs_name[FS_NAME_BYTES] = {};

/* Whether the file is on a file system of the name asked for, compared as two words. */
static __always_inline bool on_wanted_fs(struct file *file)
{
	__u64 name[FS_NAME_BYTES / sizeof(__u64)] = {};
	/* volatile: a plain read of .rodata folds to its compile-time zeros */
	const volatile __u64 *want = (const volatile __u64 *)fs_name;

	if (bpf_probe_read_kernel_str(name, sizeof(name),
				      BPF_CORE_READ(file, f_inode, i_sb, s_type, name)) <= 0)
		return false;
	return name[0] == want[0] && name[1] == want[1];
}

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now)
{
	struct file *file;

	if (latency < min_ns || (op == FILE_OPEN && ret < 0))
		return; /* a failed open has no file, nor a file system */
	file = fd_file(fd);
	if (!file || !on_wanted_fs(file))
		return;
	file_event_send(file, op, ret, latency, now);
}
