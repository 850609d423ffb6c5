/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The file system calls bpf/file_io.bpf.h follows, shared with BPF code
 * (enum file_io, the record of a slow call) and, in user space, the ways
 * of a probe table its programs make.
 */
#ifndef SONDE_FILE_IO_H
#define SONDE_FILE_IO_H

#include "paths.h"
#include "task.h"

enum file_io { FILE_READ, FILE_WRITE, FILE_OPEN, FILE_FSYNC };

/* A call, with as much of path as it uses: the record's length tells the path's. */
struct file_io_event {
	struct task_head task; /* ts: when the call returned */
	__u64 latency_ns;      /* from the call's entry to its return */
	__s64 ret;	       /* bytes (an open: the descriptor), or -errno */
	__s64 offset;	       /* where a read or write began in the file, in bytes */
	__u32 op;	       /* enum file_io */
	__u32 pad;
	char path[PATH_BYTES];
};

#ifndef __bpf__
/*
 * Each kind of call as one way of a probe table: its programs at entry and
 * at exit, each attached at every call of its kind, so that a table may
 * offer another way per kind (fsslower: the file system's own functions).
 * The exit program is one for every kind (bpf/file_io.bpf.h says why).
 */
// clang-format off
#define FILE_READ_SYSCALLS                                                                \
	"file_read_enter,file_read_enter@syscalls/sys_enter_readv,"                       \
	"file_pread_enter,file_pread_enter@syscalls/sys_enter_preadv,"                    \
	"file_pread_enter@syscalls/sys_enter_preadv2,"                                    \
	"file_call_exit,file_call_exit@syscalls/sys_exit_readv,"                          \
	"file_call_exit@syscalls/sys_exit_pread64,file_call_exit@syscalls/sys_exit_preadv," \
	"file_call_exit@syscalls/sys_exit_preadv2"
#define FILE_WRITE_SYSCALLS                                                               \
	"file_write_enter,file_write_enter@syscalls/sys_enter_writev,"                    \
	"file_pwrite_enter,file_pwrite_enter@syscalls/sys_enter_pwritev,"                 \
	"file_pwrite_enter@syscalls/sys_enter_pwritev2,"                                  \
	"file_call_exit,file_call_exit@syscalls/sys_exit_write,"                          \
	"file_call_exit@syscalls/sys_exit_writev,file_call_exit@syscalls/sys_exit_pwrite64," \
	"file_call_exit@syscalls/sys_exit_pwritev,file_call_exit@syscalls/sys_exit_pwritev2"
#define FILE_OPEN_SYSCALLS                                                                \
	"file_open_enter,?file_open_enter@syscalls/sys_enter_open,"                       \
	"file_open_enter@syscalls/sys_enter_openat2,"                                     \
	"?file_open_enter@syscalls/sys_enter_creat,"                                      \
	"file_call_exit,file_call_exit@syscalls/sys_exit_openat,"                         \
	"?file_call_exit@syscalls/sys_exit_open,"                                         \
	"file_call_exit@syscalls/sys_exit_openat2,?file_call_exit@syscalls/sys_exit_creat"
#define FILE_FSYNC_SYSCALLS                                                               \
	"file_fsync_enter,file_fsync_enter@syscalls/sys_enter_fdatasync,"                 \
	"file_call_exit,file_call_exit@syscalls/sys_exit_fsync,"                          \
	"file_call_exit@syscalls/sys_exit_fdatasync"
// clang-format on

/* The probe table rows of reads and writes, for the tools that follow them alone. */
#define FILE_IO_PROBES                      \
	{ "read", { FILE_READ_SYSCALLS } }, \
	{                                   \
		"write",                    \
		{                           \
			FILE_WRITE_SYSCALLS \
		}                           \
	}
#endif

#endif
