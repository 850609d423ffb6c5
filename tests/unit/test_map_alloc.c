// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* map_alloc.h: which maps are made to allocate as used, and with what flags. */
#include "unit.h"
#include "map_alloc.h"

#define BIG  MAP_ALLOC_COSTLY
#define MANY MAP_ALLOC_COSTLY_ENTRIES

Test(map_alloc_flags, large_hash_maps_stop_preallocating)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, 1, BIG), BPF_F_NO_PREALLOC);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_PERCPU_HASH, 0, 1, BIG), BPF_F_NO_PREALLOC);
}

/* Building every entry is the cost, whatever their size: biolatency's 10,240 8-byte starts. */
Test(map_alloc_flags, hash_maps_of_many_entries_stop_preallocating)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, MANY, MANY * 16), BPF_F_NO_PREALLOC);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, 10240, 10240 * 16), BPF_F_NO_PREALLOC);
}

/* A small map keeps its free list: it may take many inserts with interrupts off. */
Test(map_alloc_flags, small_hash_maps_keep_preallocating)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, MANY - 1, BIG - 1), 0);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_PERCPU_HASH, BPF_F_ZERO_SEED, 1024, 1024 * 16),
		     BPF_F_ZERO_SEED);
}

/* Flags a map was declared with stay: only the preallocation goes. */
Test(map_alloc_flags, other_flags_kept)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, BPF_F_ZERO_SEED, 1, BIG),
		     BPF_F_ZERO_SEED | BPF_F_NO_PREALLOC);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, 1, 0),
		     BPF_F_NO_PREALLOC);
}

/* LRU maps refuse BPF_F_NO_PREALLOC; arrays, rings and storage have nothing to preallocate. */
Test(map_alloc_flags, other_types_unchanged)
{
	enum bpf_map_type kept[] = {
		BPF_MAP_TYPE_LRU_HASH,	   BPF_MAP_TYPE_LRU_PERCPU_HASH, BPF_MAP_TYPE_ARRAY,
		BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS,	 BPF_MAP_TYPE_RINGBUF,
		BPF_MAP_TYPE_STACK_TRACE,  BPF_MAP_TYPE_TASK_STORAGE,	 BPF_MAP_TYPE_HASH_OF_MAPS,
	};
	size_t i;

	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		cr_assert_eq(map_alloc_flags(kept[i], 0, MANY, BIG), 0, "map type %d", kept[i]);
		cr_assert_eq(map_alloc_flags(kept[i], BPF_F_RDONLY_PROG, MANY, BIG),
			     BPF_F_RDONLY_PROG, "map type %d", kept[i]);
	}
}
