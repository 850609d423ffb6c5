/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* runqlat: the histogram key bpf/runqlat.bpf.c fills and tools/runqlat.c prints. */
#ifndef SONDE_RUNQLAT_H
#define SONDE_RUNQLAT_H

enum runqlat_by {
	RUNQLAT_ALL = 0,
	RUNQLAT_PID,   /* -P: by process */
	RUNQLAT_TID,   /* -L: by thread */
	RUNQLAT_PIDNS, /* --pidnss: by PID namespace (its inode number) */
};

struct runqlat_key {
	__u32 id; /* the pid, tid or PID namespace inode as asked, else 0 */
};

#endif
