/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Sampling perf events, one per CPU, each firing a BPF program: a timer at
 * a given frequency (profile, cpufreq) or a hardware counter every N of
 * its events (llcstat). libbpf attaches a SEC("perf_event") program to an
 * event it is handed, but opens none: this is where they are opened, one
 * per CPU, since a sampling event counts on one CPU (or for one task).
 */
#ifndef SONDE_PERF_SAMPLE_H
#define SONDE_PERF_SAMPLE_H

#include <stdbool.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

struct run;

enum sample_event {
	SAMPLE_CPU_CLOCK,	 /* the kernel's cpu-clock: a timer, there on every machine */
	SAMPLE_CYCLES,		 /* the CPU's cycle counter: needs a hardware PMU */
	SAMPLE_CACHE_REFERENCES, /* last-level cache references: a hardware PMU's */
	SAMPLE_CACHE_MISSES,	 /* last-level cache misses: a hardware PMU's */
};

struct sample_spec {
	enum sample_event event;
	__u64 frequency; /* samples a second on each CPU, or 0 to sample by period */
	__u64 period;	 /* with no frequency: a sample every `period` events */
	int cpu;	 /* one CPU only, or -1 for every online CPU */
};

/* The clock named on the command line ("cpu-clock", "cycles"); false if none is. */
bool sample_clock_parse(const char *name, enum sample_event *event);

/*
 * Open the events `spec` asks for and attach prog to each, the links kept
 * in r (run_add_link()). 0, or -1 with one line reported (no PMU or no such
 * counter on it, a CPU that is not there, a frequency over
 * kernel.perf_event_max_sample_rate).
 */
int sample_attach(struct run *r, struct bpf_program *prog, const struct sample_spec *spec);

#endif
