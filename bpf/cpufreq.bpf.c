// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpufreq: the frequency CPUs run at, as seen by what runs on them. Two
 * programs:
 * - On power:cpu_frequency, which a cpufreq driver fires for each CPU
 *   whose frequency it changes, the new frequency (kHz) is kept for that
 *   CPU, in MHz. The event may fire on another CPU than the one changed
 *   (its cpu_id), so the table is indexed by cpu_id, not by the current
 *   CPU. Before the first change the user side's seed (scaling_cur_freq,
 *   written into .bss before load) stands.
 * - A perf event per CPU (common/perf_sample.c) fires the sampler at a
 *   fixed rate: it counts the current CPU's frequency into the
 *   system-wide histogram and, with -P, into the running process's.
 * Only the histograms reach user space, once, at the end.
 *
 * raw_tp, not the tracepoint: its arguments are TP_PROTO(unsigned int
 * frequency, unsigned int cpu_id), the same two values as the record's
 * `state` and `cpu_id` fields, with no tracefs needed and no record built.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "cpufreq.h"

const volatile bool per_process = false;

/* Per CPU: its frequency in MHz, 0 while unknown. Seeded by the user side before load. */
__u32 freq_mhz[CPUFREQ_MAX_CPUS];
/* Samples on a CPU whose frequency was not known yet: reported, not counted as 0 MHz. */
__u64 unknown_samples;

/*
 * Preallocated: before Linux 6.1 a perf_event program may use no other
 * hash map (it may run where memory cannot be allocated).
 */
SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, 0, CPUFREQ_HISTS, struct cpufreq_key, struct cpufreq_value);

SEC("raw_tp/cpu_frequency")
int BPF_PROG(cpufreq_change, unsigned int frequency, unsigned int cpu_id)
{
	__u32 cpu = cpu_id;

	/* clang turns the test into a mask test of a copy, which bounds nothing the verifier sees */
	barrier_var(cpu);
	if (cpu < CPUFREQ_MAX_CPUS)
		freq_mhz[cpu] = frequency / 1000;
	return TRACE_DONE;
}

/* One sample into the histogram at `pid`; a process's keeps its name too. */
static __always_inline void count_sample(__u32 pid, __u32 slot)
{
	static const struct cpufreq_value zero; /* 528 bytes: too big for the BPF stack */
	struct cpufreq_key key = { .pid = pid };
	struct cpufreq_value *v = summary_entry(hists, &key, &zero);

	if (!v)
		return;
	if (pid != CPUFREQ_SYSTEM)
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	hist_count(&v->hist, slot);
}

SEC("perf_event")
int cpufreq_sample(struct bpf_perf_event_data *ctx)
{
	/*
	 * 64 bits: as a __u32, clang tests a zero-extended copy and indexes
	 * with the original, whose bound 6.1's verifier does not see
	 */
	__u64 cpu = bpf_get_smp_processor_id();
	__u32 mhz;

	if (cpu >= CPUFREQ_MAX_CPUS || !filter_task())
		return TRACE_DONE;
	mhz = freq_mhz[cpu];
	if (!mhz) {
		__sync_fetch_and_add(&unknown_samples, 1);
		return TRACE_DONE;
	}
	count_sample(CPUFREQ_SYSTEM, hist_linear_slot(mhz, CPUFREQ_STEP_MHZ));
	if (per_process)
		count_sample(current_tgid(), hist_linear_slot(mhz, CPUFREQ_STEP_MHZ));
	return TRACE_DONE;
}
