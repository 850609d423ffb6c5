/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* oomkill: the record bpf/oomkill.bpf.c sends and tools/oomkill.c prints. */
#ifndef SONDE_OOMKILL_H
#define SONDE_OOMKILL_H

#include "task.h"

#define OOM_MEMCG_LEVELS 8  /* deeper memory cgroups keep their lowest levels */
#define OOM_MEMCG_NAME	 64 /* longer directory names are cut */

enum oom_event_flags {
	OOM_MEMCG_KNOWN = 1 << 0,     /* the kernel has memory cgroups: memcg[] means something */
	OOM_MEMCG_TRUNCATED = 1 << 1, /* more levels above those kept */
};

struct oom_event {
	struct task_head
		trigger; /* the task whose allocation failed: the kill runs in its context */
	__u32 victim_pid;
	__u32 victim_tid;
	__u32 victim_uid;
	__s16 oom_score_adj;
	__u8 memcg_levels; /* names in memcg[], the victim's own group first */
	__u8 flags;
	__u64 total_vm;	 /* the victim's pages, as the kernel's OOM report counts them */
	__u64 anon_rss;	 /* pages */
	__u64 file_rss;	 /* pages */
	__u64 shmem_rss; /* pages */
	__u64 pgtables;	 /* bytes */
	char victim_comm[16];
	char memcg[OOM_MEMCG_LEVELS][OOM_MEMCG_NAME];
};

#endif
