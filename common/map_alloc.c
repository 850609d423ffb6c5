// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Hash maps allocated as keys appear, where the kernel allows it from any
 * program (map_alloc.h says why and how it is asked).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kernel_support.h"
#include "map_alloc.h"

__u32 map_alloc_flags(enum bpf_map_type type, __u32 flags, __u32 entries, __u64 bytes)
{
	/* LRU maps always preallocate (their lists need every entry); arrays are flat */
	if (type != BPF_MAP_TYPE_HASH && type != BPF_MAP_TYPE_PERCPU_HASH)
		return flags;
	if (entries >= MAP_ALLOC_COSTLY_ENTRIES || bytes >= MAP_ALLOC_COSTLY)
		return flags | BPF_F_NO_PREALLOC;
	return flags;
}

/* What preallocating map would build: every entry, on every CPU if per-CPU. */
static __u64 map_bytes(const struct bpf_map *map)
{
	int cpus = bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_HASH ? libbpf_num_possible_cpus() : 1;
	__u64 values = (__u64)bpf_map__value_size(map) * (cpus > 0 ? cpus : 1);

	return (bpf_map__key_size(map) + values) * bpf_map__max_entries(map);
}

static bool same_shape(const struct bpf_map *a, const struct bpf_map *b)
{
	return bpf_map__type(a) == bpf_map__type(b) &&
	       bpf_map__key_size(a) == bpf_map__key_size(b) &&
	       bpf_map__value_size(a) == bpf_map__value_size(b);
}

/*
 * A map to be put in an array of maps (SUMMARY_MAP(): an interval's rows).
 * A row is inserted once a key and interval, never paired with a delete at
 * every event, so allocating rows as they come costs little at any size:
 * klockstat's two 10,240-row maps (983,040 bytes of keys and values, 1.47
 * MB as the kernel builds them) took 3.7 ms each to create preallocated.
 */
static bool holds_summary_rows(struct bpf_object *obj, const struct bpf_map *map)
{
	struct bpf_map *outer;
	const struct bpf_map *template;

	bpf_object__for_each_map(outer, obj)
	{
		template = bpf_map__inner_map(outer);
		if (template && template != map && same_shape(template, map))
			return true;
	}
	return false;
}

static __u32 wanted_flags(struct bpf_object *obj, const struct bpf_map *map)
{
	__u64 bytes = holds_summary_rows(obj, map) ? MAP_ALLOC_COSTLY : map_bytes(map);

	return map_alloc_flags(bpf_map__type(map), bpf_map__map_flags(map),
			       bpf_map__max_entries(map), bytes);
}

/* A map that map_alloc_flags() would change. */
static bool preallocated(struct bpf_object *obj, const struct bpf_map *map)
{
	return wanted_flags(obj, map) != bpf_map__map_flags(map);
}

static int large_maps_as_used(struct bpf_object *obj)
{
	int anywhere = -1; /* asked of the kernel at the first map it matters to */
	struct bpf_map *map;
	int err;

	bpf_object__for_each_map(map, obj)
	{
		if (!preallocated(obj, map))
			continue;
		if (anywhere < 0)
			anywhere = kernel_allocates_anywhere();
		if (!anywhere)
			return 0;
		err = bpf_map__set_map_flags(map, wanted_flags(obj, map));
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
		if (same_shape(map, template))
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
	int err = large_maps_as_used(obj);

	return err ?: templates_match(obj);
}

/*
 * An entry of a hash map (struct htab_elem): its header, then key and
 * value, each rounded up to 8 bytes.
 */
#define HTAB_ELEM_HEADER 48
/* bpf_mem_alloc starts each CPU with four entries up to this size, one above. */
#define MEM_CACHE_SMALL_UNIT 256

/*
 * A map allocated as used whose entries bpf_mem_alloc starts each CPU with
 * one of (kernel/bpf/memalloc.c prefill_mem_cache()), refilled only after
 * the program run that empties the cache. A run that adds two entries
 * found no room for the second: the stack store's kernel and user stack
 * (offcputime lost 2 stacks in every run on 6.18), a summary's total and
 * per-process rows (cpufreq's first sample lost).
 */
static bool starts_with_one_spare(const struct bpf_map *map)
{
	__u32 unit = HTAB_ELEM_HEADER + ((bpf_map__key_size(map) + 7) & ~7U) +
		     ((bpf_map__value_size(map) + 7) & ~7U);

	return bpf_map__type(map) == BPF_MAP_TYPE_HASH &&
	       (bpf_map__map_flags(map) & BPF_F_NO_PREALLOC) && unit > MEM_CACHE_SMALL_UNIT;
}

/*
 * Take two entries from this CPU's cache and give them back: taking the
 * first empties it, which refills it (an irq_work, run as soon as the
 * update's interrupts are on again) up to its low watermark and more, and
 * the two given back stay in it. Keys already there are left alone.
 */
static void prime_this_cpu(int map_fd, __u32 key_size, const void *value)
{
	unsigned char keys[2][key_size];
	bool added[2];
	int i;

	memset(keys[0], 0, key_size);
	memset(keys[1], 0xff, key_size);
	for (i = 0; i < 2; i++)
		added[i] = !bpf_map_update_elem(map_fd, keys[i], value, BPF_NOEXIST);
	for (i = 0; i < 2; i++)
		if (added[i])
			bpf_map_delete_elem(map_fd, keys[i]);
}

static void prime_maps(struct bpf_object *obj, void *value)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj)
	{
		if (starts_with_one_spare(map))
			prime_this_cpu(bpf_map__fd(map), bpf_map__key_size(map), value);
	}
}

/* The largest value of those maps, to prime them with: 0 if there are none. */
static __u32 largest_value(struct bpf_object *obj)
{
	struct bpf_map *map;
	__u32 size = 0;

	bpf_object__for_each_map(map, obj)
	{
		if (starts_with_one_spare(map) && bpf_map__value_size(map) > size)
			size = bpf_map__value_size(map);
	}
	return size;
}

/*
 * On every CPU we may run on, in turn. One we may not (a tool started
 * under taskset or in a cpuset) keeps the kernel's one entry: its first
 * run may lose an entry, which is counted as any other.
 */
void map_alloc_prime(struct bpf_object *obj)
{
	__u32 size = largest_value(obj);
	void *value = size ? calloc(1, size) : NULL;
	cpu_set_t allowed, one;
	int cpu;

	if (!value || sched_getaffinity(0, sizeof(allowed), &allowed)) {
		free(value);
		return;
	}
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &allowed))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (!sched_setaffinity(0, sizeof(one), &one))
			prime_maps(obj, value);
	}
	sched_setaffinity(0, sizeof(allowed), &allowed);
	free(value);
}
