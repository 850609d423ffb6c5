// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* syscount: system call counts and times per syscall or per process, summed in the kernel. */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <linux/types.h>
#include <bpf/bpf.h>

#include "maps.h"
#include "names.h"
#include "procfs.h"
#include "run.h"
#include "syscount.h"
#include "syscount.skel.h"

#define MAX_ERRNO    4095 /* the kernel's MAX_ERRNO */
#define MAX_SYSCALLS 4096 /* beyond any architecture's syscall numbers */

enum { OPT_SYSCALL = OPTION_LONG_ONLY };

/* One row of a report: a key's counters summed over the CPUs. */
struct row {
	__u32 key;
	__u64 count;
	__u64 total_ns;
	char comm[16];
};

/* Its context: the option values, then what a report needs. */
struct syscount {
	__s32 only_errno;   /* -e: 0 for any */
	__s32 only_syscall; /* --syscall: -1 for all */
	__u32 top;	    /* -N: 0 for all */
	bool milliseconds, per_process, latency;
	struct summary counts; /* calls, or procs with -P */
	int ncpus;
	char *percpu; /* an entry as read: one value per possible CPU */
	struct row *rows;
};

enum { F_TIME, F_PID, F_COMM, F_SYSCALL, F_NR, F_COUNT, F_TOTAL, F_AVG, F_UNIT };

/* bcc's columns: SYSCALL COUNT [TIME (us)], or PID COMM COUNT [TIME (us)] with -P. */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid", "PID", -6, .shown_by = 'P' },
	[F_COMM] = { "comm", "COMM", -15, .shown_by = 'P' },
	[F_SYSCALL] = { "syscall", "SYSCALL", -22, .hidden_by = 'P' },
	[F_NR] = { "nr" },
	[F_COUNT] = { "count", "COUNT", 8 },
	[F_TOTAL] = { "total_time", "TIME (us)", 16, .shown_by = 'L' },
	[F_AVG] = { "avg_time", "AVG (us)", 12, .shown_by = 'L' },
	[F_UNIT] = { "unit" },
};

static const struct tool_option options[] = {
	{ "process", 'P', NULL, "count per process instead of per syscall" },
	{ "latency", 'L', NULL, "also time the calls: total and average per row" },
	{ "errno", 'e', "ERRNO", "count only calls failing with ERRNO (EPERM, or 1)" },
	{ "syscall", OPT_SYSCALL, "NAME", "count this syscall only (a name or a number)" },
	{ "top", 'N', "N", "print the N busiest rows of each report (default 10; 0: all)" },
	{ "list", 'l', NULL, "list the syscall names this tool knows and exit" },
	{ 0 },
};

/* "EPERM", "eperm" or "1". */
static int parse_errno(struct option_ctx *ctx, const char *arg, __s32 *out)
{
	__u32 n;
	int err;

	for (err = 1; err <= MAX_ERRNO; err++) {
		if (!strcasecmp(errno_name(err), arg)) {
			*out = err;
			return 0;
		}
	}
	if (arg[0] < '0' || arg[0] > '9')
		return option_error(
			ctx, "unknown errno '%s': expected a name such as ENOENT or a number", arg);
	if (option_u32(ctx, arg, "errno", 1, MAX_ERRNO, &n))
		return -1;
	*out = n;
	return 0;
}

static int parse_syscall(struct option_ctx *ctx, const char *arg, __s32 *out)
{
	int nr = syscall_number(arg);
	__u32 n;

	if (nr >= 0) {
		*out = nr;
		return 0;
	}
	if (arg[0] < '0' || arg[0] > '9')
		return option_error(ctx, "unknown syscall '%s'; --list names them", arg);
	if (option_u32(ctx, arg, "syscall number", 0, MAX_SYSCALLS - 1, &n))
		return -1;
	*out = n;
	return 0;
}

static void list_syscalls(void)
{
	const char *name;
	int nr;

	for (nr = 0; nr < MAX_SYSCALLS; nr++) {
		name = syscall_name(nr);
		if (strncmp(name, "syscall_", 8))
			printf("%s\n", name);
	}
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct syscount *o = ctx->opts;

	switch (key) {
	case 'e':
		return parse_errno(ctx, arg, &o->only_errno);
	case OPT_SYSCALL:
		return parse_syscall(ctx, arg, &o->only_syscall);
	case 'N':
		return option_u32(ctx, arg, "top", 0, SYSCOUNT_PROCESSES, &o->top);
	}
	return OPTION_NOT_MINE;
}

/* A per-CPU entry's values lie 8-byte aligned, one for each possible CPU. */
static void sum_cpus(const struct syscount *rep, __u32 key, struct row *row)
{
	size_t stride =
		rep->per_process ? sizeof(struct syscount_process) : sizeof(struct syscount_counts);
	const struct syscount_process *p;
	__u64 newest = 0;
	int cpu;

	memset(row, 0, sizeof(*row));
	row->key = key;
	for (cpu = 0; cpu < rep->ncpus; cpu++) {
		p = (const void *)(rep->percpu + cpu * stride); /* counts come first in both */
		row->count += p->counts.count;
		row->total_ns += p->counts.total_ns;
		if (rep->per_process && p->comm[0] && p->comm_ts >= newest) {
			newest = p->comm_ts;
			memcpy(row->comm, p->comm, sizeof(row->comm));
		}
	}
}

/* Busiest first: by time with -L, else by count; then by key for a stable order. */
static int compare_rows(const void *a, const void *b, void *ctx)
{
	const struct syscount *rep = ctx;
	const struct row *x = a, *y = b;
	__u64 vx = rep->latency ? x->total_ns : x->count;
	__u64 vy = rep->latency ? y->total_ns : y->count;

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static void emit_row(const struct syscount *rep, const struct row *row, double now)
{
	double div = rep->milliseconds ? 1e6 : 1e3;
	int decimals = rep->milliseconds ? 6 : 3; /* bcc's */
	const char *unit = rep->milliseconds ? "msecs" : "usecs";
	char comm[16];

	rec_begin();
	rec_double(F_TIME, now, 6);
	if (rep->per_process) {
		/* live: /proc's name, as bcc; gone: the last name the kernel saw it take */
		if (!proc_comm(row->key, comm))
			memcpy(comm, row->comm, sizeof(comm));
		rec_uint(F_PID, row->key);
		rec_str(F_COMM, comm, sizeof(comm));
	} else {
		rec_str(F_SYSCALL, syscall_name(row->key), 64);
		rec_uint(F_NR, row->key);
	}
	rec_uint(F_COUNT, row->count);
	if (rep->latency) {
		rec_double(F_TOTAL, row->total_ns / div, decimals);
		rec_double(F_AVG, row->count ? row->total_ns / div / row->count : 0, decimals);
		rec_str(F_UNIT, unit, strlen(unit));
	}
	rec_end();
}

/* Start the next interval from zero, then print the busiest rows of this one. */
static int report(void *ctx)
{
	struct syscount *rep = ctx;
	struct timespec now;
	const __u32 *key;
	size_t n = 0, i;

	if (summary_swap(&rep->counts))
		return -1;
	while ((key = summary_next(&rep->counts, rep->percpu))) {
		sum_cpus(rep, *key, &rep->rows[n]);
		n += rep->rows[n].count > 0;
	}
	qsort_r(rep->rows, n, sizeof(rep->rows[0]), compare_rows, rep);
	clock_gettime(CLOCK_REALTIME, &now);
	output_header();
	for (i = 0; i < n && (!rep->top || i < rep->top); i++)
		emit_row(rep, &rep->rows[i], now.tv_sec + now.tv_nsec / 1e9);
	output_text("\n", 1);
	return 0;
}

/* Entry times are -L's alone. */
static const struct probe probes[] = {
	{ "sys_enter", { "sys_enter" }, .when = 'L' },
	{ "sys_exit", { "sys_exit" } },
	{ 0 },
};

/* Once parsed: -l lists and ends; -m's headings; what the options decide. */
static int setup(struct run *r, void *ctx)
{
	struct syscount *sc = ctx;

	if (run_given(r, 'l')) {
		list_syscalls();
		return RUN_DONE;
	}
	if (r->milliseconds) {
		output_retitle(F_TOTAL, "TIME (ms)");
		output_retitle(F_AVG, "AVG (ms)");
	}
	sc->milliseconds = r->milliseconds;
	sc->per_process = run_given(r, 'P');
	sc->latency = run_given(r, 'L');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct syscount *sc = ctx;
	struct syscount_bpf *s = skel;

	(void)r;
	s->rodata->per_process = sc->per_process;
	s->rodata->latency = sc->latency;
	s->rodata->only_errno = sc->only_errno;
	s->rodata->only_syscall = sc->only_syscall;
	s->rodata->renames[0] = syscall_number("execve");
	s->rodata->renames[1] = syscall_number("execveat");
	s->rodata->renames[2] = syscall_number("prctl");
}

/* The summary map the options chose, and room to read it. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	struct syscount *sc = ctx;
	struct syscount_bpf *s = skel;

	if (summary_prepare(r, &sc->counts, s->obj, sc->per_process ? "procs" : "calls",
			    sizeof(struct row)))
		return -1;
	sc->rows = sc->counts.room;
	sc->ncpus = libbpf_num_possible_cpus();
	sc->percpu = sc->ncpus > 0 ? calloc(sc->ncpus, sizeof(struct syscount_process)) : NULL;
	if (sc->percpu)
		return 0;
	run_fail(r, "cannot prepare the reports: out of memory");
	return -1;
}

static void cleanup(void *ctx)
{
	struct syscount *sc = ctx;

	summary_free(&sc->counts);
	free(sc->percpu);
}

SKELETON(syscount);

static const struct tool tool = {
	.name = "syscount",
	.summary = "Count system calls per syscall or per process, with -L their time.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS |
		  SHARED_FAILED,
	.options = options,
	.parse = parse_option,
	.examples = "  syscount                the top 10 syscalls at Ctrl-C\n"
		    "  syscount -P -N 20 5     the 20 busiest processes every 5 s\n"
		    "  syscount -L -m -p 181   process 181's syscalls with their time in ms\n"
		    "  syscount -x -e ENOENT   the syscalls failing with ENOENT\n"
		    "  syscount --syscall futex -P -j 1 10\n"
		    "                          futex calls per process, JSON every second\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &syscount_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.prepare = prepare,
	.report = report,
	.cleanup = cleanup,
};

int main(int argc, char **argv)
{
	struct syscount sc = { .only_syscall = -1, .top = 10 };

	return run_tool(&tool, &sc, argc, argv);
}
