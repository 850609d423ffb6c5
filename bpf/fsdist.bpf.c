// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsdist (ext4dist, xfsdist, btrfsdist, nfsdist): latency histograms of
 * one file system's reads, writes, opens and fsyncs, one per operation,
 * summed in the kernel: only the slots cross to user space.
 *
 * Where the kernel has fentry or kprobes, the file system's own functions
 * are timed, as bcc does (fs_functions.bpf.h). Where it has neither, the
 * system calls are (file_io.bpf.h), and the file system is the one of the
 * file the descriptor holds, read from its superblock at the call's end,
 * as fsslower does: every call pays for that test.
 */
#include "sonde.bpf.h"
#include "file_io.bpf.h"
#include "fs_functions.bpf.h"
#include "fs_type.bpf.h"
#include "paths.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "fsdist.h"

/* -m: slots of milliseconds, else of microseconds */
const volatile bool milliseconds = false;

/*
 * By operation (struct fsdist_key's op), in an array: its lookups are
 * inlined, where a hash's cost a call. Its BTF key is an integer, as an
 * array's must be (libbpf retries without BTF, and says so, otherwise).
 */
SUMMARY_MAP(hists, BPF_MAP_TYPE_ARRAY, 0, 4, __u32, struct hist);

static __always_inline void count(enum file_io op, __u64 latency)
{
	struct fsdist_key key = { .op = op };

	if (file_io_by_tool())
		return;
	hist_add(hists, &key, hist_log2_slot(latency / (milliseconds ? 1000000 : 1000)));
}

/* A system call: counted if its file is on the file system (a failed open has none). */
static __always_inline void file_io_done(void *ctx, long fd, enum file_io op, long ret,
					 __u64 latency, __u64 now, __s64 pos)
{
	struct file *file;

	if (op == FILE_OPEN && ret < 0)
		return;
	file = fd_file(fd);
	if (file && file_on_wanted_fs(file))
		count(op, latency);
}

/* A call of the file system's own function. */
static __always_inline void fs_function_done(void *ctx, struct file *file, enum file_io op,
					     long ret, __u64 latency, __u64 now, __s64 pos)
{
	if (op != FILE_OPEN || ret >= 0)
		count(op, latency);
}
