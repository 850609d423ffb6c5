// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsslower (ext4slower, xfsslower, btrfsslower, nfsslower): reads, writes,
 * opens and fsyncs of one file system's files slower than a threshold.
 *
 * Where the kernel has fentry or kprobes, the file system's own functions
 * are timed, as bcc does (fs_functions.bpf.h). Where it has neither, the
 * system calls are (file_io.bpf.h), and the file system is the one of the
 * file the descriptor holds, read from its superblock at the call's end:
 * ext4slower still shows ext4's files alone. Only a slow call pays for
 * that and for its path.
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "fs_functions.bpf.h"
#include "file_events.bpf.h"
#include "fs_type.bpf.h"

/* the threshold: calls faster are not reported */
const volatile __u64 min_ns = 10000000;

/* Whether a call is to be shown: slow, and, an open, one that made a file. */
static __always_inline bool worth_showing(enum file_io op, long ret, __u64 latency)
{
	return latency >= min_ns && !(op == FILE_OPEN && ret < 0);
}

static __always_inline bool moves_bytes(enum file_io op)
{
	return op == FILE_READ || op == FILE_WRITE;
}

/* A system call: shown if slow and its file is on the file system. */
static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now, __s64 pos)
{
	struct file *file;

	if (!worth_showing(op, ret, latency))
		return;
	file = fd_file(fd);
	if (file && file_on_wanted_fs(file))
		file_event_send(file, op, ret, latency, now,
				moves_bytes(op) ? file_io_offset(file, pos, ret) : -1);
}

/* A call of the file system's own function: shown if slow. */
static __always_inline void fs_function_done(void *ctx, struct file *file, enum file_io op,
					     long ret, __u64 latency, __u64 now, __s64 pos)
{
	if (worth_showing(op, ret, latency))
		file_event_send(file, op, ret, latency, now, pos);
}
