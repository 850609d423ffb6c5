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
 * The stack store (bpf/stack_store.bpf.h) stays preallocated, whatever its
 * size: offcputime and stackcount store a kernel and a user stack, 1 KiB
 * each, in one program run with interrupts off, and bpf_mem_alloc keeps
 * one value that large ready per CPU until it refills after the run
 * (kernel/bpf/memalloc.c prefill_mem_cache(): four only for values up to
 * 256 bytes). Allocated as used, the second stack of a CPU's first run
 * failed: 2 stacks lost in every offcputime run on Linux 6.18.
 */
static bool kept_preallocated(const struct bpf_map *map)
{
	return !strcmp(bpf_map__name(map), "stacks");
}

/* A map that map_alloc_flags() would change. */
static bool preallocated(const struct bpf_map *map)
{
	return !kept_preallocated(map) && wanted_flags(map) != bpf_map__map_flags(map);
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

static int large_maps_as_used(struct bpf_object *obj)
{
	int anywhere = -1; /* asked of the kernel at the first map it matters to */
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, obj)
	{
		if (!preallocated(map))
			continue;
		if (anywhere < 0)
			anywhere = kernel_allocates_anywhere();
		if (!anywhere)
			return 0;
		err = bpf_map__set_map_flags(map, wanted_flags(map));
		if (err)
			return err;
	}
	return 0;
}

/* The first map of obj made like `template`, to be put in its array of maps. */
static const struct bpf_map *made_like(struct bpf_object *obj, const struct bpf_map *template)
{
	const struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
	{
		if (bpf_map__type(map) == bpf_map__type(template) &&
		    bpf_map__key_size(map) == bpf_map__key_size(template) &&
		    bpf_map__value_size(map) == bpf_map__value_size(template))
			return map;
	}
	return NULL;
}

/*
 * An inner map template is declared small (SUMMARY_MAP(): libbpf builds it
 * as a real map only to create its array of maps), so its size says nothing
 * of the maps put in it, whose flags the kernel requires it to share.
 */
static int templates_match(struct bpf_object *obj)
{
	const struct bpf_map *like;
	struct bpf_map *map, *template;
	int err;

	bpf_object__for_each_map(map, obj)
	{
		template = bpf_map__inner_map(map);
		like = template ? made_like(obj, template) : NULL;
		if (!like || bpf_map__map_flags(like) == bpf_map__map_flags(template))
			continue;
		err = bpf_map__set_map_flags(template, bpf_map__map_flags(like));
		if (err)
			return err;
	}
	return 0;
}

int map_alloc_as_used(struct bpf_object *obj)
{
	int err = samples_in_nmi(obj) ? 0 : large_maps_as_used(obj);

	return err ?: templates_match(obj);
}
