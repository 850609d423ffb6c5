// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Hash maps allocated as keys appear, where the kernel allows it from any
 * program (map_alloc.h says why and how it is asked).
 */
#include <string.h>
#include <bpf/libbpf.h>

#include "kernel_support.h"
#include "map_alloc.h"

__u32 map_alloc_flags(enum bpf_map_type type, __u32 flags, __u64 bytes)
{
	/* LRU maps always preallocate (their lists need every entry); arrays are flat */
	if (type != BPF_MAP_TYPE_HASH && type != BPF_MAP_TYPE_PERCPU_HASH)
		return flags;
	return bytes >= MAP_ALLOC_COSTLY ? flags | BPF_F_NO_PREALLOC : flags;
}

/* What preallocating map would build: every entry, on every CPU if per-CPU. */
static __u64 map_bytes(const struct bpf_map *map)
{
	int cpus = bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_HASH ? libbpf_num_possible_cpus() : 1;
	__u64 values = (__u64)bpf_map__value_size(map) * (cpus > 0 ? cpus : 1);

	return (bpf_map__key_size(map) + values) * bpf_map__max_entries(map);
}

static __u32 wanted_flags(const struct bpf_map *map)
{
	return map_alloc_flags(bpf_map__type(map), bpf_map__map_flags(map), map_bytes(map));
}

/*
 * A stack store (bpf/stack_store.bpf.h's `stacks`) stays preallocated: one
 * program run may store two new stacks (kernel and user) in the scheduler
 * with interrupts off (offcputime's sched_switch), where the allocator's
 * per-CPU cache refills only once they are on again, and each CPU's cache
 * starts with one entry of more than 256 bytes (prefill_mem_cache()). Seen
 * on 6.18: each CPU's first switch lost its user stack (storage full).
 */
static bool must_preallocate(const struct bpf_map *map)
{
	return !strcmp(bpf_map__name(map), "stacks");
}

/* A map (or no map) that map_alloc_flags() would change. */
static bool preallocated(const struct bpf_map *map)
{
	return map && !must_preallocate(map) && wanted_flags(map) != bpf_map__map_flags(map);
}

static int alloc_as_used(struct bpf_map *map)
{
	__u32 wanted = wanted_flags(map);

	return wanted == bpf_map__map_flags(map) ? 0 : bpf_map__set_map_flags(map, wanted);
}

/*
 * A perf_event program runs in NMI, where the allocator can hand out only
 * what its per-CPU cache holds until it refills after the NMI: a sampler's
 * burst of new stacks is kept whole by a preallocated map.
 */
static bool samples_in_nmi(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
	{
		if (bpf_program__type(prog) == BPF_PROG_TYPE_PERF_EVENT)
			return true;
	}
	return false;
}

int map_alloc_as_used(struct bpf_object *obj)
{
	int anywhere = -1; /* asked of the kernel at the first map it matters to */
	struct bpf_map *map, *inner;
	int err = 0;

	if (samples_in_nmi(obj))
		return 0;
	bpf_object__for_each_map(map, obj)
	{
		inner = bpf_map__inner_map(map);
		if (!preallocated(map) && !preallocated(inner))
			continue;
		if (anywhere < 0)
			anywhere = kernel_allocates_anywhere();
		if (!anywhere)
			return 0;
		err = alloc_as_used(map) ?: (inner ? alloc_as_used(inner) : 0);
		if (err)
			return err;
	}
	return 0;
}
