/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Events the kernel side could not record (a full ring buffer, a full map)
 * are counted here, per CPU, and common/run.c reports them: never silent.
 */
#ifndef SONDE_LOST_BPF_H
#define SONDE_LOST_BPF_H

#include "sonde.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost_events SEC(".maps");

static __always_inline void count_lost(void)
{
	__u32 zero = 0;
	__u64 *lost = bpf_map_lookup_elem(&lost_events, &zero);

	if (lost)
		(*lost)++;
}

#endif
