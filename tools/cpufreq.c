// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cpufreq: the frequency the CPUs ran at, sampled, as linear histograms in
 * MHz: system-wide, and per process with -P. A machine with no cpufreq
 * driver reports no frequency at all: the tool says so and stops rather
 * than print histograms of nothing.
 */
#include <glob.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "perf_sample.h"
#include "procfs.h"
#include "run.h"
#include "strbuf.h"
#include "cpufreq.h"
#include "cpufreq.skel.h"

/* Where a cpufreq driver shows each CPU it drives; no match: no driver. */
#define CPUFREQ_DIRS "/sys/devices/system/cpu/cpu[0-9]*/cpufreq"

struct entry {
	struct cpufreq_key key;
	struct cpufreq_value value;
	__u64 total; /* samples */
};

/* Its context: the option values, then what a report needs. */
struct cpufreq {
	struct sample_spec sample;
	struct cpufreq_bpf *skel; /* for the count of samples of unknown frequency */
	struct summary hists;	  /* its room: a struct entry for every histogram it can hold */
};

static const struct hist_spec mhz_spec = { "MHz", true, CPUFREQ_STEP_MHZ };

enum { F_TIME, F_PID, F_COMM, F_UNIT, F_TOTAL, F_BUCKETS };

/* JSON keys; text heads each histogram with a line of its own instead (see emit()). */
static const struct field fields[] = {
	[F_TIME] = { "time" }, [F_PID] = { "pid" },	[F_COMM] = { "comm" },
	[F_UNIT] = { "unit" }, [F_TOTAL] = { "total" }, [F_BUCKETS] = { "buckets" },
};

static const struct tool_option options[] = {
	{ "frequency", 'f', "HZ", "samples a second on each CPU (default 50)" },
	{ "pids", 'P', NULL, "also one histogram per process" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct cpufreq *c = ctx->opts;
	unsigned long hz;

	if (key != 'f')
		return 0;
	if (option_ulong(ctx, arg, "frequency", 1, 100000, &hz))
		return -1;
	c->sample.frequency = hz;
	return 0;
}

/* Before anything is loaded: without a driver there is no frequency to sample. */
static int setup(struct run *r, void *ctx)
{
	glob_t dirs;
	int found = glob(CPUFREQ_DIRS, GLOB_NOSORT, NULL, &dirs) == 0;

	(void)ctx;
	globfree(&dirs);
	if (found)
		return 0;
	run_fail(r, "cannot sample CPU frequencies: no cpufreq driver "
		    "(no /sys/devices/system/cpu/cpu*/cpufreq)");
	return -1;
}

/* CPU n's frequency now, in MHz, as its driver reports it; 0 if it reports none. */
static __u32 current_mhz(int cpu)
{
	char path[96];
	unsigned long khz = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_cur_freq", cpu);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &khz) != 1)
		khz = 0;
	fclose(f);
	return (__u32)(khz / 1000);
}

/*
 * The frequencies until the first change event, written before load: the
 * event program then owns them, and no later write of ours can overwrite
 * a newer value it kept.
 */
static void configure(void *skel, const struct run *r, void *ctx)
{
	struct cpufreq_bpf *s = skel;
	int ncpus = libbpf_num_possible_cpus(), cpu;

	(void)ctx;
	s->rodata->per_process = run_given(r, 'P');
	for (cpu = 0; cpu < ncpus && cpu < CPUFREQ_MAX_CPUS; cpu++)
		s->bss->freq_mhz[cpu] = current_mhz(cpu);
}

/* The sampler on a perf event per CPU; the change event where its section says. */
static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	struct cpufreq *c = ctx;

	if (strcmp(bpf_program__name(prog), "cpufreq_sample"))
		return ATTACH_DEFAULT;
	return sample_attach(r, prog, &c->sample);
}

static int prepare(void *skel, struct run *r, void *ctx)
{
	(void)r;
	((struct cpufreq *)ctx)->skel = skel;
	return 0;
}

/* The system-wide histogram first, then processes by most samples, then by pid. */
static int compare_entries(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if ((x->key.pid == CPUFREQ_SYSTEM) != (y->key.pid == CPUFREQ_SYSTEM))
		return x->key.pid == CPUFREQ_SYSTEM ? -1 : 1;
	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->key.pid < y->key.pid ? -1 : x->key.pid > y->key.pid;
}

static void emit_json(const struct entry *e, const char *comm, double now)
{
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(F_TIME, now, 6);
	if (e->key.pid != CPUFREQ_SYSTEM) {
		rec_uint(F_PID, e->key.pid);
		rec_str(F_COMM, comm, SONDE_COMM_LEN);
	}
	rec_str(F_UNIT, mhz_spec.unit, strlen(mhz_spec.unit));
	rec_uint(F_TOTAL, e->total);
	hist_json_buckets(&sb, &e->value.hist, &mhz_spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* Text: the system's bars, then "pid = 181 nginx" over each process's. */
static void emit(const struct entry *e, double now)
{
	char comm[SONDE_COMM_LEN] = "", value[48];
	struct hist_label label = { "pid", value };
	bool system = e->key.pid == CPUFREQ_SYSTEM;

	/* a live process as /proc names it now; one that has gone by the name the kernel saw */
	if (!system && !proc_comm(e->key.pid, comm))
		memcpy(comm, e->value.comm, SONDE_COMM_LEN);
	if (output_json()) {
		emit_json(e, comm, now);
		return;
	}
	snprintf(value, sizeof(value), "%u %s", e->key.pid, comm);
	hist_emit(&e->value.hist, &mhz_spec, &label, !system);
}

static int gather(struct cpufreq *c, size_t *n)
{
	struct entry *entries = c->hists.room, *e;
	const struct cpufreq_key *key;

	*n = 0;
	if (summary_swap(&c->hists))
		return -1;
	while (*n < c->hists.max && (key = summary_next(&c->hists, &entries[*n].value))) {
		e = &entries[*n];
		e->key = *key;
		e->total = hist_total(&e->value.hist);
		*n += e->total > 0;
	}
	return 0;
}

/* Samples the histograms could not hold: on CPUs whose driver never gave a frequency. */
static void report_unknown(const struct cpufreq *c)
{
	unsigned long long n = __atomic_load_n(&c->skel->bss->unknown_samples, __ATOMIC_RELAXED);

	if (n)
		fprintf(stderr, "cpufreq: %llu samples on CPUs of unknown frequency: not counted\n",
			n);
}

static int report(void *ctx)
{
	struct cpufreq *c = ctx;
	struct entry *entries = c->hists.room;
	struct timespec now;
	size_t n, i;

	if (gather(c, &n))
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n; i++)
		emit(&entries[i], now.tv_sec + now.tv_nsec / 1e9);
	report_unknown(c);
	return 0;
}

static const struct probe probes[] = {
	{ "cpu_frequency", { "cpufreq_change" } },
	{ "cpu sampling", { "cpufreq_sample" } },
	{ 0 },
};

SKELETON(cpufreq);

static const struct tool tool = {
	.name = "cpufreq",
	.summary = "Sample the CPUs' frequencies, system-wide and per process, as MHz histograms.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION_ARG,
	.options = options,
	.parse = parse_option,
	.examples = "  cpufreq                 every CPU at 50 Hz until Ctrl-C, one histogram\n"
		    "  cpufreq -P 10           ten seconds, and a histogram per process\n"
		    "  cpufreq -f 199 -j 5     at 199 Hz for five seconds, JSON\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &cpufreq_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.attach = attach,
	.prepare = prepare,
	.summary_map = "hists",
	.summary_at = offsetof(struct cpufreq, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct cpufreq c = {
		.sample = { .event = SAMPLE_CPU_CLOCK, .frequency = 50, .cpu = -1 },
	};

	return run_tool(&tool, &c, argc, argv);
}
