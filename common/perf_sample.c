// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Sampling perf events, one per CPU, each driving a BPF program
 * (perf_sample.h). Every possible CPU is tried and an offline one skipped
 * (ENODEV), so a CPU list need not be parsed; a CPU that comes online later
 * is not sampled, as with bcc's profile.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "perf_sample.h"
#include "run.h"

/* What perf_event_open() takes for each event, and what a refusal names. */
static const struct {
	__u32 type;
	__u64 config;
	const char *name;    /* in messages: "cannot sample <name>" */
	const char *missing; /* what a machine without it lacks; NULL: every machine has it */
} events[] = {
	[SAMPLE_CPU_CLOCK] = { PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock", NULL },
	[SAMPLE_CYCLES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cycles",
			    "hardware PMU (use the default cpu-clock)" },
	[SAMPLE_CACHE_REFERENCES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES,
				      "cache references",
				      "hardware cache counters (no hardware PMU, or one without "
				      "last-level cache events)" },
	[SAMPLE_CACHE_MISSES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, "cache misses",
				  "hardware cache counters (no hardware PMU, or one without "
				  "last-level cache events)" },
};

bool sample_clock_parse(const char *name, enum sample_event *event)
{
	if (!strcmp(name, "cpu-clock"))
		*event = SAMPLE_CPU_CLOCK;
	else if (!strcmp(name, "cycles"))
		*event = SAMPLE_CYCLES;
	else
		return false;
	return true;
}

static int event_open(const struct sample_spec *spec, int cpu)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = events[spec->event].type,
		.config = events[spec->event].config,
	};

	/* sample_freq and sample_period share their place in the ABI: `freq` says which */
	if (spec->frequency) {
		attr.sample_freq = spec->frequency;
		attr.freq = 1;
	} else {
		attr.sample_period = spec->period;
	}
	return (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

/*
 * Why an event could not be opened, in the terms a user can act on. A
 * hardware event the machine lacks is ENOENT (no PMU, or the generic event
 * not mapped on its PMU), EOPNOTSUPP (a PMU that cannot sample) or ENODEV.
 */
static void explain(struct run *r, const struct sample_spec *spec, int cpu, int err)
{
	const char *missing = events[spec->event].missing;

	if (missing && (err == ENOENT || err == EOPNOTSUPP || err == ENODEV))
		run_fail(r, "cannot sample %s: this machine exposes no %s",
			 events[spec->event].name, missing);
	else if (err == ENODEV)
		run_fail(r, "cannot sample CPU %d: it is not online", cpu);
	else if (err == EINVAL && spec->frequency)
		run_fail(r, "cannot sample at %llu Hz: over kernel.perf_event_max_sample_rate?",
			 (unsigned long long)spec->frequency);
	else
		run_fail(r, "cannot open a perf event (%s) on CPU %d: %s", events[spec->event].name,
			 cpu, strerror(err));
}

static int attach_cpu(struct run *r, struct bpf_program *prog, const struct sample_spec *spec,
		      int cpu)
{
	struct bpf_link *link;
	int fd = event_open(spec, cpu), err;

	if (fd < 0)
		return -errno;
	link = bpf_program__attach_perf_event(prog, fd);
	if (!link) {
		err = errno;
		close(fd);
		run_fail(r, "cannot attach %s to CPU %d: %s", bpf_program__name(prog), cpu,
			 strerror(err));
		return -EBADE; /* reported */
	}
	return run_add_link(r, link) ? -ENOMEM : 0;
}

int sample_attach(struct run *r, struct bpf_program *prog, const struct sample_spec *spec)
{
	int ncpus = libbpf_num_possible_cpus(), cpu, err, attached = 0;

	if (ncpus <= 0) {
		run_fail(r, "cannot count the CPUs: %s", strerror(-ncpus));
		return -1;
	}
	if (spec->cpu >= ncpus) {
		run_fail(r, "cannot sample CPU %d: the machine has %d", spec->cpu, ncpus);
		return -1;
	}
	for (cpu = spec->cpu >= 0 ? spec->cpu : 0; cpu < ncpus; cpu++) {
		err = attach_cpu(r, prog, spec, cpu);
		if (err == -ENODEV && spec->cpu < 0)
			continue; /* offline */
		if (err) {
			if (err != -EBADE)
				explain(r, spec, cpu, -err);
			return -1;
		}
		attached++;
		if (spec->cpu >= 0)
			break;
	}
	if (!attached) { /* every CPU offline: what a PMU-less machine says of cycles, too */
		explain(r, spec, spec->cpu, ENODEV);
		return -1;
	}
	return 0;
}
