// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The figures cachestat and cachetop print from the kernel's page-cache counts. */
#include <linux/types.h>
#include <criterion/criterion.h>

#include "pagecache.h"

static struct cache_figures figures(__u64 accessed, __u64 added, __u64 dirtied, __u64 write_added)
{
	struct cache_counts c = { { [CACHE_ACCESSED] = accessed,
				    [CACHE_ADDED] = added,
				    [CACHE_DIRTIED] = dirtied,
				    [CACHE_WRITE_ADDED] = write_added } };

	return cache_figures(&c);
}

Test(pagecache, a_cold_and_a_warm_read)
{
	struct cache_figures f = figures(4096, 2048, 0, 0);

	cr_assert_eq(f.hits, 2048);
	cr_assert_eq(f.misses, 2048);
	cr_assert_float_eq(f.hit_ratio, 0.5, 1e-9);
	cr_assert_float_eq(f.read_hit_ratio, 0.5, 1e-9);
	cr_assert_float_eq(f.write_hit_ratio, 0, 1e-9, "no dirtied page: 0");
}

/* Readahead added more than was looked up: no hits, as bcc, but the misses are not clipped. */
Test(pagecache, hits_are_never_negative)
{
	struct cache_figures f = figures(100, 300, 0, 0);

	cr_assert_eq(f.hits, 0);
	cr_assert_eq(f.misses, 300);
	cr_assert_float_eq(f.hit_ratio, 0, 1e-9);
}

/* An appending writer's misses are not taken from a reader's hits. */
Test(pagecache, write_misses_are_not_read_misses)
{
	struct cache_figures f = figures(1000, 256, 320, 256);

	cr_assert_eq(f.read_misses, 0);
	cr_assert_eq(f.hits, 1000);
	cr_assert_float_eq(f.read_hit_ratio, 1, 1e-9);
	cr_assert_float_eq(f.hit_ratio, 1000.0 / 1256, 1e-9);
	cr_assert_float_eq(f.write_hit_ratio, 64.0 / 320, 1e-9);
}

/* An interval that ends between a write's add and its dirtying: never more write misses than misses. */
Test(pagecache, write_misses_capped_by_misses)
{
	struct cache_figures f = figures(0, 1, 4, 4);

	cr_assert_eq(f.write_misses, 1);
	cr_assert_eq(f.read_misses, 0);
	cr_assert_float_eq(f.write_hit_ratio, 0.75, 1e-9);
}

Test(pagecache, nothing_is_zero)
{
	struct cache_figures f = figures(0, 0, 0, 0);

	cr_assert_eq(f.hits + f.misses + f.dirtied, 0);
	cr_assert_float_eq(f.hit_ratio + f.read_hit_ratio + f.write_hit_ratio, 0, 1e-9);
}

Test(pagecache, meminfo_is_read)
{
	double buffers = -1, cached = -1;

	cr_assert(cache_meminfo(&buffers, &cached));
	cr_assert_geq(buffers, 0);
	cr_assert_gt(cached, 0, "a running system caches something");
}
