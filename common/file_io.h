/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The read and write system calls bpf/file_io.bpf.h follows, shared with
 * BPF code (enum file_io) and, in user space, the probe table rows of its
 * programs: each attached at every call of its kind.
 */
#ifndef SONDE_FILE_IO_H
#define SONDE_FILE_IO_H

enum file_io { FILE_READ, FILE_WRITE };

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
// clang-format on
#endif

#endif
