// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsdist (ext4dist, xfsdist, btrfsdist, nfsdist): latency histograms of
 * one file system's reads, writes, opens and fsyncs, one per operation,
 * summed in the kernel: only the slots cross to user space.
 *
 * bcc times the file system's own functions with kprobes; this kernel has
 * none, so the system calls are timed (file_io.bpf.h) and the file system
 * is the one of the file the descriptor holds, read from its superblock
 * at the call's end, as fsslower does. Every call pays for that test.
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "fs_type.bpf.h"
#include "paths.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "fsdist.h"

/* -m: slots of milliseconds, else of microseconds */
const volatile bool milliseconds = false;

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, 4, struct fsdist_key, struct hist);

static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now)
{
	struct fsdist_key key = { .op = op };
	struct file *file;

	if (op == FILE_OPEN && ret < 0)
		return; /* a failed open has no file, nor a file system */
	file = fd_file(fd);
	if (!file || !file_on_wanted_fs(file))
		return;
	hist_add(hists, &key, hist_log2_slot(latency / (milliseconds ? 1000000 : 1000)));
}
