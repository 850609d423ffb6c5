/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* mdflush: the record bpf/mdflush.bpf.c sends and tools/mdflush.c prints. */
#ifndef SONDE_MDFLUSH_H
#define SONDE_MDFLUSH_H

#include "task.h"

/* include/uapi/linux/major.h: every md array's block major, md0 to md_name */
#define MD_MAJOR 9

/* A flush submitted to an md array. */
struct mdflush_event {
	struct task_head task; /* the task that submitted it */
	__u32 dev;	       /* the array's dev_t, kernel encoding (major << 20 | minor) */
	__u32 pad;
};

#endif
