// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * llcstat: last-level cache references and misses per process (or thread)
 * and CPU. Two hardware counters per CPU, PERF_COUNT_HW_CACHE_REFERENCES
 * and PERF_COUNT_HW_CACHE_MISSES (common/perf_sample.c), each fire their
 * program once every sample period of their events (-c). The task running
 * when a counter overflows is charged the whole period: an estimate, good
 * for tasks that make many periods' worth, which is why the two counts of
 * a row may disagree (a task with more misses sampled than references).
 *
 * The period is read from the sample itself (bpf_perf_event_data's
 * sample_period), so the sums stay right whatever period the event got.
 * On x86 these samples arrive in NMI context: the map is preallocated.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "summary.bpf.h"
#include "llcstat.h"

const volatile bool per_thread = false;

SUMMARY_MAP(counts, BPF_MAP_TYPE_HASH, 0, LLCSTAT_ENTRIES, struct llcstat_key,
	    struct llcstat_value);

/* The current task's row on this CPU, named after it, or NULL (filtered, or the map full). */
static __always_inline struct llcstat_value *current_row(void)
{
	static const struct llcstat_value zero;
	struct llcstat_key key = {};
	struct llcstat_value *v;

	if (!filter_task())
		return NULL;
	key.pid = current_tgid();
	key.tid = per_thread ? current_tid() : 0;
	key.cpu = bpf_get_smp_processor_id();
	v = summary_entry(counts, &key, &zero);
	if (v)
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	return v;
}

SEC("perf_event")
int llcstat_references(struct bpf_perf_event_data *ctx)
{
	struct llcstat_value *v = current_row();

	if (v)
		__sync_fetch_and_add(&v->references, ctx->sample_period);
	return TRACE_DONE;
}

SEC("perf_event")
int llcstat_misses(struct bpf_perf_event_data *ctx)
{
	struct llcstat_value *v = current_row();

	if (v)
		__sync_fetch_and_add(&v->misses, ctx->sample_period);
	return TRACE_DONE;
}
