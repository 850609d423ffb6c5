/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Whether this kernel lacks task storage (before Linux 5.11): set by
 * common/load.c (run_fit_kernel), which then turns every task storage map
 * of the object into a hash keyed by thread id (inflight.bpf.h's) or an
 * unused placeholder. Code that keeps per-task state tests it first, so
 * that the verifier drops the task storage calls such a kernel lacks.
 */
#ifndef SONDE_TASK_STORAGE_BPF_H
#define SONDE_TASK_STORAGE_BPF_H

const volatile bool no_task_storage = false;

/*
 * Per-task state that lives on (not an entry-to-exit pair: inflight.bpf.h
 * is that): `name`, a task storage map of `vtype`, and name##_by_tid, the
 * same by thread id in an LRU hash of `threads` entries for kernels without
 * task storage (there the task storage map is the unused placeholder;
 * exited threads age out of the hash). name##_get(create): the current
 * task's, made zeroed at its first use if `create`; NULL if none or no
 * memory.
 */
#define TASK_STATE(name, vtype, threads)                                                          \
	struct {                                                                                  \
		__uint(type, BPF_MAP_TYPE_TASK_STORAGE);                                          \
		__uint(map_flags, BPF_F_NO_PREALLOC);                                             \
		__type(key, int);                                                                 \
		__type(value, vtype);                                                             \
	} name SEC(".maps");                                                                      \
                                                                                                  \
	struct {                                                                                  \
		__uint(type, BPF_MAP_TYPE_LRU_HASH);                                              \
		__uint(max_entries, threads);                                                     \
		__type(key, __u32);                                                               \
		__type(value, vtype);                                                             \
	} name##_by_tid SEC(".maps");                                                             \
                                                                                                  \
	static __always_inline vtype *name##_get(bool create)                                     \
	{                                                                                         \
		static const vtype fresh;                                                         \
		__u32 tid;                                                                        \
                                                                                                  \
		if (!no_task_storage)                                                             \
			return bpf_task_storage_get(&name, bpf_get_current_task_btf(), 0,         \
						    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0); \
		tid = (__u32)bpf_get_current_pid_tgid();                                          \
		if (create)                                                                       \
			bpf_map_update_elem(&name##_by_tid, &tid, &fresh, BPF_NOEXIST);           \
		return bpf_map_lookup_elem(&name##_by_tid, &tid);                                 \
	}

#endif
