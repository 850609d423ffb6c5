// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fileslower: synchronous reads and writes of files slower than a
 * threshold, with the file's path, at the system calls (file_io.bpf.h
 * times each call from entry to exit).
 *
 * A fast call is dropped at its exit before anything else is read: only a
 * slow call pays for finding its file, checking it is a regular one
 * (unless -a) and building its path from the kernel's dentries
 * (paths.bpf.h).
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "file_events.bpf.h"

#define S_IFMT	0170000 /* UAPI <linux/stat.h> */
#define S_IFREG 0100000

/* the threshold: calls faster are not reported */
const volatile __u64 min_ns = 10000000;
/* -a: sockets, pipes and devices too, not regular files alone */
const volatile bool all_files = false;

static __always_inline bool wanted(struct file *file)
{
	return all_files || (BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) == S_IFREG;
}

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now, __s64 pos)
{
	struct file *file;

	if (latency < min_ns)
		return;
	file = fd_file(fd);
	if (!file || !wanted(file))
		return;
	file_event_send(file, op, ret, latency, now, -1);
}
