/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* filelife: the record of a file deleted, shared by bpf/filelife.bpf.c and tools/filelife.c. */
#ifndef SONDE_FILELIFE_H
#define SONDE_FILELIFE_H

#include "paths.h"
#include "task.h"

/* A file's last name as the kernel keeps it: NAME_MAX bytes and the NUL. */
#define FILELIFE_NAME_BYTES 256

/* A file created and then deleted, with as much of path as it uses: the record's length tells. */
struct filelife_event {
	struct task_head task; /* the task that deleted it; ts: when the delete returned */
	__u64 age_ns;	       /* from its creation to its deletion */
	__u32 creator_pid;     /* the process that created it */
	__u32 path_full;       /* 1: path is the whole path; 0: its last name alone */
	char path[PATH_BYTES];
};

#endif
