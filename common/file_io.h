/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The file system calls bpf/file_io.bpf.h follows, shared with BPF code
 * (enum file_io, the record of a slow call) and, in user space, the probe
 * table rows of its programs: each attached at every call of its kind.
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
	__u32 op;	       /* enum file_io */
	__u32 pad;
	char path[PATH_BYTES];
};

#ifndef __bpf__
// clang-format off
#define FILE_IO_PROBES                                                                    \
	{ "read",                                                                         \
	  { "file_read_enter,file_read_enter@syscalls/sys_enter_readv,"                   \
	    "file_read_enter@syscalls/sys_enter_pread64,"                                 \
	    "file_read_enter@syscalls/sys_enter_preadv,"                                  \
	    "file_read_enter@syscalls/sys_enter_preadv2" } },                             \
	{ "write",                                                                        \
	  { "file_write_enter,file_write_enter@syscalls/sys_enter_writev,"                \
	    "file_write_enter@syscalls/sys_enter_pwrite64,"                               \
	    "file_write_enter@syscalls/sys_enter_pwritev,"                                \
	    "file_write_enter@syscalls/sys_enter_pwritev2" } },                           \
	{ "read and write exits",                                                         \
	  { "file_io_exit,file_io_exit@syscalls/sys_exit_readv,"                          \
	    "file_io_exit@syscalls/sys_exit_pread64,file_io_exit@syscalls/sys_exit_preadv," \
	    "file_io_exit@syscalls/sys_exit_preadv2,file_io_exit@syscalls/sys_exit_write,"  \
	    "file_io_exit@syscalls/sys_exit_writev,file_io_exit@syscalls/sys_exit_pwrite64," \
	    "file_io_exit@syscalls/sys_exit_pwritev,file_io_exit@syscalls/sys_exit_pwritev2" } }

/* Opens (their descriptor is their result) and fsyncs, for the tools that show them too. */
#define FILE_OPEN_FSYNC_PROBES                                                            \
	{ "open",                                                                         \
	  { "file_open_enter,?file_open_enter@syscalls/sys_enter_open,"                   \
	    "file_open_enter@syscalls/sys_enter_openat2,"                                 \
	    "?file_open_enter@syscalls/sys_enter_creat" } },                              \
	{ "open exits",                                                                   \
	  { "file_open_exit,?file_open_exit@syscalls/sys_exit_open,"                      \
	    "file_open_exit@syscalls/sys_exit_openat2,"                                   \
	    "?file_open_exit@syscalls/sys_exit_creat" } },                                \
	{ "fsync",                                                                        \
	  { "file_fsync_enter,file_fsync_enter@syscalls/sys_enter_fdatasync,"             \
	    "file_fsync_exit,file_fsync_exit@syscalls/sys_exit_fdatasync" } }
// clang-format on
#endif

#endif
