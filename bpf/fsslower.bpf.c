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
#include "fs_type.bpf.h"

/* the threshold: calls faster are not reported */
const volatile __u64 min_ns = 10000000;

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now)
{
	struct file *file;

	if (latency < min_ns || (op == FILE_OPEN && ret < 0))
		return; /* a failed open has no file, nor a file system */
	file = fd_file(fd);
	if (!file || !file_on_wanted_fs(file))
		return;
	file_event_send(file, op, ret, latency, now);
}
