/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What a task holds in memory, read through CO-RE from any task (not only
 * the current one): its mm's counters as the kernel's OOM report prints
 * them, and its memory cgroup. The kernel-version shims they need live
 * here, each with the change that made it necessary.
 */
#ifndef SONDE_TASK_MEMORY_BPF_H
#define SONDE_TASK_MEMORY_BPF_H

#include "sonde.bpf.h"

struct task_rss {
	__u64 file;
	__u64 anon;
	__u64 shmem;
};

/* The counters as they were before Linux 6.2. */
struct mm_rss_stat___pre62 {
	atomic_long_t count[4];
} __attribute__((preserve_access_index));

struct mm_struct___pre62 {
	struct mm_rss_stat___pre62 rss_stat;
} __attribute__((preserve_access_index));

static __always_inline __u64 counter_pages(long v)
{
	return v > 0 ? v : 0; /* per-CPU batching can leave the shared sum below zero */
}

/*
 * Linux 6.2, f1a7941243c1 ("mm: convert mm's rss stats into
 * percpu_counter"): rss_stat became an array of per-CPU counters. Either
 * way the shared count is read, as get_mm_counter() does.
 */
static __always_inline void mm_rss(struct mm_struct *mm, struct task_rss *rss)
{
	struct mm_struct___pre62 *old = (void *)mm;
	long counts[4] = {};

	if (bpf_core_type_exists(struct mm_rss_stat___pre62)) {
		bpf_core_read(counts, sizeof(counts), &old->rss_stat.count);
	} else {
		counts[MM_FILEPAGES] = BPF_CORE_READ(mm, rss_stat[MM_FILEPAGES].count);
		counts[MM_ANONPAGES] = BPF_CORE_READ(mm, rss_stat[MM_ANONPAGES].count);
		counts[MM_SHMEMPAGES] = BPF_CORE_READ(mm, rss_stat[MM_SHMEMPAGES].count);
	}
	rss->file = counter_pages(counts[MM_FILEPAGES]);
	rss->anon = counter_pages(counts[MM_ANONPAGES]);
	rss->shmem = counter_pages(counts[MM_SHMEMPAGES]);
}

/* The task's memory cgroup state; NULL without memory cgroups. */
static __always_inline struct cgroup_subsys_state *task_memcg_css(struct task_struct *task)
{
	struct css_set *cset = BPF_CORE_READ(task, cgroups);
	struct cgroup_subsys_state *css = NULL;
	int id;

	if (!bpf_core_enum_value_exists(enum cgroup_subsys_id, memory_cgrp_id))
		return NULL;
	id = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (id < 0 || id >= bpf_core_enum_value(enum cgroup_subsys_id, CGROUP_SUBSYS_COUNT))
		return NULL;
	bpf_core_read(&css, sizeof(css), &cset->subsys[id]);
	return css;
}

/* The directory name of a cgroup state's cgroup, at most len bytes with its NUL. */
static __always_inline void css_name(struct cgroup_subsys_state *css, char *buf, __u32 len)
{
	const char *name = BPF_CORE_READ(css, cgroup, kn, name);

	if (bpf_probe_read_kernel_str(buf, len, name) < 0)
		buf[0] = '\0';
}

#endif
