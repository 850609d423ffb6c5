/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A file system's own functions for reads, writes, opens and fsyncs
 * (ext4_file_read_iter, ext4_file_write_iter, ext4_file_open,
 * ext4_sync_file, and each file system's twins), for fsslower and fsdist
 * where the kernel has fentry or kprobes, as bcc's ext4slower and
 * ext4dist time them. The programs here name no function: the tool's probe
 * table names the one of the file system asked for (common/fstype.c), a
 * way per kind of call beside the system calls' (file_io.bpf.h). Each
 * entry keeps the time and the file in the calling task's storage; each
 * exit calls the including tool's
 *
 *	static __always_inline void fs_function_done(void *ctx,
 *			struct file *file, enum file_io op, long ret,
 *			__u64 latency, __u64 now, __s64 pos);
 *
 * with a file that is on the file system (its own function was called),
 * and where a read or write began (the kiocb's position at entry; -1 for
 * the others).
 * One program per kind of call and end, since an fentry program is loaded
 * for one function, and no BPF cookie tells kprobes apart before 5.15.
 * Where no task filter applies, calls the kernel makes in no system call
 * (exec reading a binary, io_uring's workers) are timed too.
 */
#ifndef SONDE_FS_FUNCTIONS_BPF_H
#define SONDE_FS_FUNCTIONS_BPF_H

#include "sonde.bpf.h"
#include "file_io.bpf.h"

static __always_inline void fs_function_done(void *ctx, struct file *file, enum file_io op,
					     long ret, __u64 latency, __u64 now, __s64 pos);

/* The kernel's own struct file, not a descriptor: begun as file_io.bpf.h's calls are. */
static __always_inline void fs_function_enter(struct file *file, enum file_io op, __s64 pos)
{
	file_call_begin((__u64)file, op, pos);
}

static __always_inline void fs_function_exit(void *ctx, long ret)
{
	struct inflight *in;
	__u64 now;

	in = file_call_end(&now);
	if (in)
		fs_function_done(ctx, (struct file *)in->args[0], in->extra, ret, now - in->ts, now,
				 in->args[1]);
}

/* read_iter and write_iter: (struct kiocb *iocb, struct iov_iter *iter), bytes or -errno */
SEC("fentry")
int BPF_PROG(fs_read_fentry, struct kiocb *iocb)
{
	fs_function_enter(BPF_CORE_READ(iocb, ki_filp), FILE_READ, BPF_CORE_READ(iocb, ki_pos));
	return TRACE_DONE;
}

SEC("fexit")
int BPF_PROG(fs_read_fexit, struct kiocb *iocb, struct iov_iter *iter, long ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

SEC("fentry")
int BPF_PROG(fs_write_fentry, struct kiocb *iocb)
{
	fs_function_enter(BPF_CORE_READ(iocb, ki_filp), FILE_WRITE, BPF_CORE_READ(iocb, ki_pos));
	return TRACE_DONE;
}

SEC("fexit")
int BPF_PROG(fs_write_fexit, struct kiocb *iocb, struct iov_iter *iter, long ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

/* open: (struct inode *inode, struct file *file), 0 or -errno */
SEC("fentry")
int BPF_PROG(fs_open_fentry, struct inode *inode, struct file *file)
{
	fs_function_enter(file, FILE_OPEN, -1);
	return TRACE_DONE;
}

SEC("fexit")
int BPF_PROG(fs_open_fexit, struct inode *inode, struct file *file, int ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

/* fsync: (struct file *file, loff_t start, loff_t end, int datasync), 0 or -errno */
SEC("fentry")
int BPF_PROG(fs_fsync_fentry, struct file *file)
{
	fs_function_enter(file, FILE_FSYNC, -1);
	return TRACE_DONE;
}

SEC("fexit")
int BPF_PROG(fs_fsync_fexit, struct file *file, loff_t start, loff_t end, int datasync, int ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

SEC("kprobe")
int BPF_KPROBE(fs_read_kprobe, struct kiocb *iocb)
{
	fs_function_enter(BPF_CORE_READ(iocb, ki_filp), FILE_READ, BPF_CORE_READ(iocb, ki_pos));
	return TRACE_DONE;
}

SEC("kprobe")
int BPF_KPROBE(fs_write_kprobe, struct kiocb *iocb)
{
	fs_function_enter(BPF_CORE_READ(iocb, ki_filp), FILE_WRITE, BPF_CORE_READ(iocb, ki_pos));
	return TRACE_DONE;
}

SEC("kprobe")
int BPF_KPROBE(fs_open_kprobe, struct inode *inode, struct file *file)
{
	fs_function_enter(file, FILE_OPEN, -1);
	return TRACE_DONE;
}

SEC("kprobe")
int BPF_KPROBE(fs_fsync_kprobe, struct file *file)
{
	fs_function_enter(file, FILE_FSYNC, -1);
	return TRACE_DONE;
}

/* One return program per kind of call too: a way's programs are its own. */
SEC("kretprobe")
int BPF_KRETPROBE(fs_read_kretprobe, long ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

SEC("kretprobe")
int BPF_KRETPROBE(fs_write_kretprobe, long ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

SEC("kretprobe")
int BPF_KRETPROBE(fs_open_kretprobe, int ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

SEC("kretprobe")
int BPF_KRETPROBE(fs_fsync_kretprobe, int ret)
{
	fs_function_exit(ctx, ret);
	return TRACE_DONE;
}

#endif
