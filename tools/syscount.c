// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* syscount: system call counts and times per syscall or per process, summed in the kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <linux/types.h>
#include <bpf/bpf.h>

#include "maps.h"
#include "names.h"
#include "output.h"
#include "run.h"
#include "syscount.h"
#include "syscount.skel.h"

#define MAX_ROWS     10240 /* the map's max_entries */
#define MAX_ERRNO    4095  /* the kernel's MAX_ERRNO */
#define MAX_SYSCALLS 4096  /* beyond any architecture's syscall numbers */

enum { OPT_SYSCALL = 256 };

static struct {
	bool per_process, latency;
	int only_errno;
	int only_syscall;
	unsigned long top;
} opts = { .only_syscall = -1, .top = 10 };

enum { F_TIME, F_PID, F_COMM, F_SYSCALL, F_NR, F_COUNT, F_TOTAL, F_AVG, F_UNIT };

/* bcc's columns: SYSCALL COUNT [TIME (us)], or PID COMM COUNT [TIME (us)] with -P. */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", 0, .hidden = true },
	[F_PID] = { "pid", "PID", -6 },
	[F_COMM] = { "comm", "COMM", -15 },
	[F_SYSCALL] = { "syscall", "SYSCALL", -22 },
	[F_NR] = { "nr", "NR", 0, .hidden = true },
	[F_COUNT] = { "count", "COUNT", 8 },
	[F_TOTAL] = { "total_time", "TIME (us)", 16 },
	[F_AVG] = { "avg_time", "AVG (us)", 12 },
	[F_UNIT] = { "unit", "UNIT", 0, .hidden = true },
};

#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

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
static int parse_errno(const char *arg)
{
	int err;

	for (err = 1; err <= MAX_ERRNO; err++)
		if (!strcasecmp(errno_name(err), arg))
			return err;
	if (arg[0] >= '0' && arg[0] <= '9')
		return parse_ulong(arg, "errno", 1, MAX_ERRNO);
	usage_error("unknown errno '%s': expected a name such as ENOENT or a number", arg);
}

static int parse_syscall(const char *arg)
{
	int nr = syscall_number(arg);

	if (nr >= 0)
		return nr;
	if (arg[0] >= '0' && arg[0] <= '9')
		return parse_ulong(arg, "syscall number", 0, MAX_SYSCALLS - 1);
	usage_error("unknown syscall '%s'; --list names them", arg);
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
	exit(EXIT_OK);
}

static int parse_option(int key, const char *arg)
{
	switch (key) {
	case 'P':
		opts.per_process = true;
		return 0;
	case 'L':
		opts.latency = true;
		return 0;
	case 'e':
		opts.only_errno = parse_errno(arg);
		return 0;
	case OPT_SYSCALL:
		opts.only_syscall = parse_syscall(arg);
		return 0;
	case 'N':
		opts.top = parse_ulong(arg, "top", 0, MAX_ROWS);
		return 0;
	case 'l':
		list_syscalls();
	}
	return -1;
}

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
};

/* One row of a report: a key's counters summed over the CPUs. */
struct row {
	__u32 key;
	__u64 count;
	__u64 total_ns;
	char comm[16];
};

struct report {
	int map_fd;
	int ncpus;
	struct syscount_value *percpu; /* one value per possible CPU */
	struct row *rows;
	bool milliseconds;
};

static void sum_cpus(const struct report *rep, __u32 key, struct row *row)
{
	const struct syscount_value *v;
	__u64 newest = 0;
	int cpu;

	memset(row, 0, sizeof(*row));
	row->key = key;
	for (cpu = 0; cpu < rep->ncpus; cpu++) {
		v = &rep->percpu[cpu];
		row->count += v->count;
		row->total_ns += v->total_ns;
		if (v->comm[0] && v->comm_ts >= newest) {
			newest = v->comm_ts;
			memcpy(row->comm, v->comm, sizeof(row->comm));
		}
	}
}

/*
 * A live process is named as /proc names it, as bcc does: its main thread's
 * name. One that has exited keeps the last name the kernel saw it take.
 */
static void process_comm(__u32 pid, char comm[16])
{
	char path[32], buf[16];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		memcpy(comm, buf, sizeof(buf));
	}
	fclose(f);
}

/* Busiest first: by time with -L, else by count; then by key for a stable order. */
static int compare_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	__u64 vx = opts.latency ? x->total_ns : x->count;
	__u64 vy = opts.latency ? y->total_ns : y->count;

	if (vx != vy)
		return vx > vy ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static void emit_row(const struct report *rep, const struct row *row, double now)
{
	double div = rep->milliseconds ? 1e6 : 1e3;
	int decimals = rep->milliseconds ? 6 : 3; /* bcc's */
	const char *unit = rep->milliseconds ? "msecs" : "usecs";

	rec_begin();
	rec_double(&fields[F_TIME], now, 6);
	if (opts.per_process) {
		char comm[16];

		memcpy(comm, row->comm, sizeof(comm));
		process_comm(row->key, comm);
		rec_uint(&fields[F_PID], row->key);
		rec_str(&fields[F_COMM], comm, sizeof(comm));
	} else {
		rec_str(&fields[F_SYSCALL], syscall_name(row->key), 64);
		rec_uint(&fields[F_NR], row->key);
	}
	rec_uint(&fields[F_COUNT], row->count);
	if (opts.latency) {
		rec_double(&fields[F_TOTAL], row->total_ns / div, decimals);
		rec_double(&fields[F_AVG], row->count ? row->total_ns / div / row->count : 0,
			   decimals);
		rec_str(&fields[F_UNIT], unit, strlen(unit));
	}
	rec_end();
}

/* Print the busiest rows of this interval, then start the next one from zero. */
static int report(void *ctx)
{
	const struct report *rep = ctx;
	static __u32 keys[MAX_ROWS];
	size_t nkeys = map_keys(rep->map_fd, keys, sizeof(keys[0]), MAX_ROWS), n = 0, i;
	struct timespec now;

	for (i = 0; i < nkeys; i++) {
		if (!map_take(rep->map_fd, &keys[i], rep->percpu))
			continue;
		sum_cpus(rep, keys[i], &rep->rows[n]);
		n += rep->rows[n].count > 0;
	}
	qsort(rep->rows, n, sizeof(rep->rows[0]), compare_rows);
	clock_gettime(CLOCK_REALTIME, &now);
	output_header(fields, N_FIELDS);
	for (i = 0; i < n && (!opts.top || i < opts.top); i++)
		emit_row(rep, &rep->rows[i], now.tv_sec + now.tv_nsec / 1e9);
	output_text("\n", 1);
	return 0;
}

static void choose_columns(bool milliseconds)
{
	fields[F_PID].hidden = fields[F_COMM].hidden = !opts.per_process;
	fields[F_SYSCALL].hidden = opts.per_process;
	fields[F_TOTAL].hidden = fields[F_AVG].hidden = !opts.latency;
	if (milliseconds) {
		fields[F_TOTAL].header = "TIME (ms)";
		fields[F_AVG].header = "AVG (ms)";
	}
}

enum { HOOK_ENTER };

static struct probe probes[] = {
	[HOOK_ENTER] = { "sys_enter", { "sys_enter" } },
	{ "sys_exit", { "sys_exit" } },
	{ 0 },
};

static bool report_init(struct report *rep, struct syscount_bpf *skel, bool milliseconds)
{
	rep->map_fd = bpf_map__fd(skel->maps.counts);
	rep->ncpus = libbpf_num_possible_cpus();
	rep->milliseconds = milliseconds;
	if (rep->ncpus <= 0)
		return false;
	rep->percpu = calloc(rep->ncpus, sizeof(*rep->percpu));
	rep->rows = calloc(MAX_ROWS, sizeof(*rep->rows));
	return rep->percpu && rep->rows;
}

int main(int argc, char **argv)
{
	struct report rep = { 0 };
	struct syscount_bpf *skel;
	struct run run;

	run_parse(&run, &tool, argc, argv);
	choose_columns(run.milliseconds);

	skel = syscount_bpf__open_opts(run_open_opts(&run, syscount_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		skel->rodata->filter = run.filter;
		skel->rodata->per_process = opts.per_process;
		skel->rodata->latency = opts.latency;
		skel->rodata->failed_only = run.failed_only;
		skel->rodata->only_errno = opts.only_errno;
		skel->rodata->only_syscall = opts.only_syscall;
		skel->rodata->renames[0] = syscall_number("execve");
		skel->rodata->renames[1] = syscall_number("execveat");
		skel->rodata->renames[2] = syscall_number("prctl");
		probes[HOOK_ENTER].unused = !opts.latency; /* entry times are -L's alone */
		if (run_start(&run, skel->obj, probes) == 0) {
			if (report_init(&rep, skel, run.milliseconds)) {
				run_intervals(&run, report, &rep);
			} else {
				run_error(&run, "out of memory");
				run.exit_code = EXIT_FAILURE_RUNTIME;
			}
		}
	}
	run_stop(&run);
	free(rep.percpu);
	free(rep.rows);
	syscount_bpf__destroy(skel);
	return run.exit_code;
}
