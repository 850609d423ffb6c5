/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The maps summary tools aggregate in, double-buffered so that a report at
 * an interval's end loses no count, however busy the hook.
 *
 * Reading a map's entries and deleting them while programs update them
 * loses counts: a program that looked an entry up just before user space
 * copied and removed it adds to memory no longer in the map. So a tool
 * declares its map with SUMMARY_MAP(name, ...): two maps of one definition,
 * name_0 and name_1, and name_live, which says the one programs count in.
 * Programs reach them only through summary_entry(). At each report user
 * space (common/maps.h) makes the other, empty, map the live one, waits
 * until no program can still be counting in the retired one, then reads
 * the retired one and empties it for its next turn. A run that reports only
 * once, at its end, never swaps: it reads the live map in place, and its
 * standby is one entry (common/maps.h summary_fit_once()).
 *
 * Why nothing is lost, on every kernel sonde runs on (5.11+):
 * 1. A program run reads name_live once and makes every update through the
 *    map it named within that one run; nothing keeps a map across runs.
 * 2. Every run of a non-sleepable program is an RCU read-side critical
 *    section: trace_call_bpf() (tracepoints, kprobes) and __bpf_trace_run()
 *    (raw_tp) take rcu_read_lock(), as do the fentry trampolines. The
 *    syscall tracepoints, faultable since Linux 6.13, still run their perf
 *    and BPF probes with preemption disabled and through trace_call_bpf().
 * 3. User space waits for an RCU grace period after the switch:
 *    bpf_map_update_elem() on an ARRAY_OF_MAPS (`name`, which holds nothing
 *    programs read) returns only after synchronize_rcu()
 *    (kernel/bpf/syscall.c maybe_wait_bpf_programs(), Linux 4.20+), so every
 *    run that began before the switch has ended.
 * So when the swap returns, every update that found the retired map has
 * been made to it, and none can find it again: user space reads a frozen
 * map, and emptying it races with nothing. (Sleepable programs are not
 * waited for; sonde's summary tools have none.)
 *
 * Why not programs reading the live map out of the array of maps itself:
 * filling its slot at load waits for a grace period too (7 to 15 ms of
 * start-up on this VM, per summary map), for programs not yet loaded. The
 * live index is a plain array, set at no cost; each of the two maps is
 * named in the program, so the verifier inlines the lookup in either.
 */
#ifndef SONDE_SUMMARY_BPF_H
#define SONDE_SUMMARY_BPF_H

#include "sonde.bpf.h"
#include "lost.bpf.h"

/*
 * The maps name_0 and name_1 (of `map_type` with `flags`, `entries`,
 * `key_type` and `value_type`), name_live (0 at load: name_0) and `name`,
 * the array of maps user space waits for a grace period through. User space
 * finds all four by these names (summary_find()).
 */
/*
 * The size of the template `name`'s array of maps is made from. libbpf
 * creates it as a real map, only to make the array, and frees it at once:
 * at full size, preallocated, it cost as much as one of the maps it stands
 * for (3.5 ms of profile's start on Linux 6.18). The kernel checks a map
 * put in against the template's type, key, value and flags, and the size
 * only for arrays (bpf_map_meta_equal(), Linux 5.10+). Its flags follow
 * name_0's (common/map_alloc.c).
 */
#define SUMMARY_TEMPLATE_ENTRIES(map_type, entries) \
	((map_type) == BPF_MAP_TYPE_HASH || (map_type) == BPF_MAP_TYPE_PERCPU_HASH ? 1 : (entries))

#define SUMMARY_MAP(name, map_type, flags, entries, key_type, value_type)         \
	struct name##_inner {                                                     \
		__uint(type, map_type);                                           \
		__uint(map_flags, flags);                                         \
		__uint(max_entries, entries);                                     \
		__type(key, key_type);                                            \
		__type(value, value_type);                                        \
	};                                                                        \
	struct name##_inner name##_0 SEC(".maps"), name##_1 SEC(".maps");         \
	struct {                                                                  \
		__uint(type, BPF_MAP_TYPE_ARRAY);                                 \
		__uint(max_entries, 1);                                           \
		__type(key, __u32);                                               \
		__type(value, __u32);                                             \
	} name##_live SEC(".maps");                                               \
	struct name##_template {                                                  \
		__uint(type, map_type);                                           \
		__uint(map_flags, flags);                                         \
		__uint(max_entries, SUMMARY_TEMPLATE_ENTRIES(map_type, entries)); \
		__type(key, key_type);                                            \
		__type(value, value_type);                                        \
	};                                                                        \
	struct {                                                                  \
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);                         \
		__uint(max_entries, 1);                                           \
		__type(key, __u32);                                               \
		__array(values, struct name##_template);                          \
	} name SEC(".maps")

/* The maps of SUMMARY_MAP(name), as summary_entry_in() and its kin take them. */
#define SUMMARY_OF(name) &name##_live, &name##_0, &name##_1

/* The value at `key` in map, created from `zero` on first use; NULL, counted as lost, if full. */
static __always_inline void *summary_lookup(void *map, const void *key, const void *zero)
{
	void *v = bpf_map_lookup_elem(map, key);

	if (v)
		return v;
	/* a CPU that loses a race to create it fails harmlessly, then finds the winner's */
	bpf_map_update_elem(map, key, zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(map, key);
	if (!v)
		count_lost();
	return v;
}

/*
 * The value at `key` in the live map of a summary (SUMMARY_OF()), created
 * from `zero` on first use; NULL, counted as lost, if the map is full. Use
 * the pointer in this run only (see above).
 */
static __always_inline void *summary_entry_in(void *live, void *map0, void *map1, const void *key,
					      const void *zero)
{
	__u32 zero_key = 0, *which = bpf_map_lookup_elem(live, &zero_key);

	if (!which) { /* a one-entry array: the verifier wants the test */
		count_lost();
		return NULL;
	}
	if (*which)
		return summary_lookup(map1, key, zero);
	return summary_lookup(map0, key, zero);
}

#define summary_entry(name, key, zero) summary_entry_in(SUMMARY_OF(name), key, zero)

#endif
