/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading the maps summary tools aggregate in, one report at a time,
 * without losing a count: the user side of bpf/summary.bpf.h.
 *
 *	struct summary counts;
 *	summary_find(&counts, skel->obj, "counts");	after load
 *	each report:
 *		summary_swap(&counts);			programs count anew
 *		while ((key = summary_next(&counts, &value)))
 *			add up key and value
 *	summary_free(&counts);
 */
#ifndef SONDE_MAPS_H
#define SONDE_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

/* A summary map: the two maps that take turns, the one saying which is live, the grace button. */
struct summary {
	int live_fd;  /* name_live: the index of the map programs count in */
	int grace_fd; /* `name`, an array of maps: an update waits for a grace period */
	int inner_fd[2];
	int live;	    /* the map programs count in */
	bool once;	    /* reported once: read in place (summary_fit_once()) */
	bool array;	    /* inner maps are arrays: every key exists, an unused one is zero */
	size_t key_size;    /* of the inner maps */
	size_t value_bytes; /* of one entry as read: one value per possible CPU if per-CPU */
	size_t max;	    /* their max_entries */
	char *keys;	    /* the retired map's keys: room for max */
	size_t nkeys, next; /* how many it holds; the next to read */
	void *zero;	    /* an array's empty entry, value_bytes of zeros */
	void *room;	    /* summary_prepare()'s: room for max of the tool's own entries */
};

/*
 * Find SUMMARY_MAP(name)'s maps in a loaded object; false (errno set) if one
 * is missing or no memory is left.
 */
bool summary_find(struct summary *s, struct bpf_object *obj, const char *name);

/*
 * Before load: SUMMARY_MAP(name)'s maps hold `entries` keys, not the size
 * they are declared with, for a tool whose options leave it fewer (one
 * histogram in all: one key). A map's size is paid at its creation, even
 * allocated as used (its buckets): runqlat's two 10,240-entry histogram maps
 * took 0.9 to 2.7 ms each to create on the 6.18 host, its one-entry ones
 * none to speak of. 0, or a negative errno.
 */
int summary_set_entries(struct bpf_object *obj, const char *name, __u32 entries);

/*
 * Before load, for a run that reports once, at its end (no interval): each
 * summary's standby map (name_1) made one entry, as it never takes over.
 * The one report reads the live map in place, without deleting, while
 * programs may still count in it: what they add during the read is after
 * the report either way (swapped, it would go to a map no one reads). A
 * map's size is paid at its creation, even allocated as used (its
 * buckets): without the stack tools' 16,384-entry standby, profile's maps
 * took 1.8-2.8 ms to create on the 6.18 host, 2.4-4.1 ms with it. 0, or a
 * negative errno.
 */
int summary_fit_once(struct bpf_object *obj);

/*
 * Before load: an LRU hash keyed by thread or process (runq.bpf.h's
 * stamps, offcpu.bpf.h's and klockstat's waits, stack_counts.bpf.h's
 * processes) made room for four times the threads there are now, at least
 * 512 a CPU and 2,048 (an LRU keeps free entries on each CPU's list), and
 * at most its declared size. An LRU is preallocated whole: 16,384 entries
 * took 2.1 ms to create on the 6.18 host (offcputime's waits 6.3 ms), 2,048
 * 0.36 ms. Threads started later fit in the slack; past it the LRU
 * recycles the least recently used entry. 0, or a negative errno.
 */
int map_fit_threads(struct bpf_map *map);

/*
 * Make the empty map the live one and retire the other, complete once this
 * returns (bpf/summary.bpf.h says why), for summary_next() to read. 0, or
 * -1 with errno set: then the retired map may still be counted in. A
 * summary reported once is not swapped: summary_next() reads the live map.
 */
int summary_swap(struct summary *s);

/*
 * The next entry of the retired map: its value into `value` (one per
 * possible CPU for a per-CPU map), removed from the map (an array's zeroed:
 * an all-zero array entry was never used and is skipped), which so ends up
 * empty for its next turn; read only, if the summary is reported once. Its
 * key, valid until the next swap; NULL when every entry has been read.
 */
const void *summary_next(struct summary *s, void *value);

/*
 * A report's interval, whole: summary_swap(), then every entry of the
 * retired map into s->room as the tool's own entries of entry_size, each
 * the map's key first and its value at value_at. How many, or -1 (errno
 * set) if the swap failed.
 */
ssize_t summary_collect(struct summary *s, size_t entry_size, size_t value_at);

/*
 * A counting tool's interval (vfsstat, cachestat), whole: summary_swap(),
 * then the retired map's values, each `n` 64-bit counters (per CPU or
 * not), added up into sum[n]. 0, or -1 (errno set) if the swap failed or
 * no memory was left.
 */
int summary_sum_counters(struct summary *s, __u64 *sum, size_t n);

/*
 * A summary tool's prepare(): summary_find(), and room for as many of its
 * own entries (of entry_size) as the map holds, in s->room. 0, or -1 with
 * the reason reported.
 */
struct run;
int summary_prepare(struct run *r, struct summary *s, struct bpf_object *obj, const char *name,
		    size_t entry_size);

void summary_free(struct summary *s);

#endif
