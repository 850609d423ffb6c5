// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* map_alloc.h: which maps are made to allocate as used, and with what flags. */
#include "unit.h"
#include "map_alloc.h"

#define BIG MAP_ALLOC_COSTLY

Test(map_alloc_flags, large_hash_maps_stop_preallocating)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, BIG), BPF_F_NO_PREALLOC);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_PERCPU_HASH, 0, BIG), BPF_F_NO_PREALLOC);
}

/* An entry/exit pairing map inserts and deletes at every event: it keeps its free list. */
Test(map_alloc_flags, small_hash_maps_keep_preallocating)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, 0, BIG - 1), 0);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_PERCPU_HASH, BPF_F_ZERO_SEED, 10240 * 16),
		     BPF_F_ZERO_SEED);
}

/* Flags a map was declared with stay: only the preallocation goes. */
Test(map_alloc_flags, other_flags_kept)
{
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, BPF_F_ZERO_SEED, BIG),
		     BPF_F_ZERO_SEED | BPF_F_NO_PREALLOC);
	cr_assert_eq(map_alloc_flags(BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, 0), BPF_F_NO_PREALLOC);
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
		cr_assert_eq(map_alloc_flags(kept[i], 0, BIG), 0, "map type %d", kept[i]);
		cr_assert_eq(map_alloc_flags(kept[i], BPF_F_RDONLY_PROG, BIG), BPF_F_RDONLY_PROG,
			     "map type %d", kept[i]);
	}
}
