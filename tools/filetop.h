/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* filetop: the counts bpf/filetop.bpf.c keeps and tools/filetop.c prints. */
#ifndef SONDE_FILETOP_H
#define SONDE_FILETOP_H

#include "file_io.h"
#include "paths.h"
#include "task.h"

enum file_type { FILE_REGULAR, FILE_SOCKET, FILE_OTHER };

/* A file, for the map of paths: its device and inode. */
struct file_id {
	__u64 ino;
	__u32 dev; /* the superblock's s_dev: major << 20 | minor */
	__u32 pad;
};

/* One row: a process's reads and writes of one file. */
struct filetop_key {
	struct file_id file;
	__u32 pid;
	__u32 type; /* enum file_type */
	char comm[SONDE_COMM_LEN];
};

struct filetop_value {
	__u64 reads;
	__u64 writes;
	__u64 read_bytes;
	__u64 write_bytes;
};

struct file_path {
	char path[PATH_BYTES];
};

#endif
