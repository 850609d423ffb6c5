/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The maps summary tools aggregate in, double-buffered so that a report at
 * an interval's end loses no count, however busy the hook.
 *
 * Reading a map's entries and deleting them while programs update them
 * loses counts: a program that looked an entry up just before user space
 * copied and removed it adds to memory no longer in the map. So a tool
 * declares its map with SUMMARY_MAP(name, ...): two inner maps of one
 * definition, name_0 and name_1, and `name`, a one-slot array of maps
 * holding the one programs count in. Programs reach it only through
 * summary_entry(). At each report user space (common/maps.h) stores the
 * other, empty, inner map in the slot, then reads the retired one and
 * empties it for its next turn.
 *
 * Why nothing is lost, on every kernel sonde runs on (5.11+):
 * 1. A program run looks the slot up and makes every update through what it
 *    found within that one run; nothing keeps the inner map across runs.
 * 2. Every run of a non-sleepable program is an RCU read-side critical
 *    section: trace_call_bpf() (tracepoints, kprobes) and __bpf_trace_run()
 *    (raw_tp) take rcu_read_lock(), as do the fentry trampolines. The
 *    syscall tracepoints, faultable since Linux 6.13, still run their perf
 *    and BPF probes with preemption disabled and through trace_call_bpf().
 * 3. bpf_map_update_elem() on an ARRAY_OF_MAPS returns to user space only
 *    after synchronize_rcu() (kernel/bpf/syscall.c maybe_wait_bpf_programs(),
 *    Linux 4.20+): every read-side section that began before the slot was
 *    stored has ended, and any that began after sees the new inner map.
 * So when the swap returns, every update that found the retired map has
 * been made to it, and none can find it again: user space reads a frozen
 * map, and emptying it races with nothing. (Sleepable programs are not
 * waited for; sonde's summary tools have none.)
 *
 * The price on the hot path is one more lookup, of the slot, which the
 * verifier inlines for an array of maps: a bounds check and a load.
 */
#ifndef SONDE_SUMMARY_BPF_H
#define SONDE_SUMMARY_BPF_H

#include "sonde.bpf.h"
#include "lost.bpf.h"

/*
 * The inner maps name_0 and name_1 (of `map_type` with `flags`, `entries`,
 * `key_type` and `value_type`) and `name`, the slot, holding name_0 at load.
 * User space finds all three by these names (summary_find()).
 */
#define SUMMARY_MAP(name, map_type, flags, entries, key_type, value_type) \
	struct name##_inner {                                             \
		__uint(type, map_type);                                   \
		__uint(map_flags, flags);                                 \
		__uint(max_entries, entries);                             \
		__type(key, key_type);                                    \
		__type(value, value_type);                                \
	};                                                                \
	struct name##_inner name##_0 SEC(".maps"), name##_1 SEC(".maps"); \
	struct {                                                          \
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);                 \
		__uint(max_entries, 1);                                   \
		__type(key, __u32);                                       \
		__array(values, struct name##_inner);                     \
	} name SEC(".maps") = { .values = { &name##_0 } }

/*
 * The value at `key` in the summary map `summary`'s current inner map,
 * created from `zero` on first use; NULL, counted as lost, if the map is
 * full. Concurrent CPUs may race on creation: the loser's BPF_NOEXIST
 * update fails harmlessly and its lookup finds the winner's entry. Use the
 * pointer in this run only (see above).
 */
static __always_inline void *summary_entry(void *summary, const void *key, const void *zero)
{
	__u32 slot = 0;
	void *map = bpf_map_lookup_elem(summary, &slot), *v;

	if (!map) { /* the slot is never empty: the verifier wants the test */
		count_lost();
		return NULL;
	}
	v = bpf_map_lookup_elem(map, key);
	if (v)
		return v;
	bpf_map_update_elem(map, key, zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(map, key);
	if (!v)
		count_lost();
	return v;
}

#endif
