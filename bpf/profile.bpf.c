// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * profile: where the CPUs spend their time, by sampling. A perf event per
 * CPU (common/perf_sample.c) fires this program at a fixed frequency,
 * interrupting whatever runs; it counts the interrupted task's kernel and
 * user stacks (stack_counts.bpf.h). Only distinct stacks and their counts
 * reach user space, at the end: a sample costs a stack walk and two map
 * lookups, never a record.
 *
 * The idle task (pid 0, one per CPU) is left out unless asked for: on a
 * quiet machine it would be most samples and no answer.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "stack_counts.bpf.h"

const volatile bool include_idle = false;

SEC("perf_event")
int profile_sample(struct bpf_perf_event_data *ctx)
{
	struct stack_key key;

	if (!include_idle && !(__u32)bpf_get_current_pid_tgid())
		return TRACE_DONE;
	if (!filter_task())
		return TRACE_DONE;
	stack_key_fill(ctx, &key);
	stack_key_add(&key, 0);
	return TRACE_DONE;
}
