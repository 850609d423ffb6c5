/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Tool tests run the real tools as root against a workload and read what
 * they print. A tool counts as attached once it has written its attach
 * report (SONDE_ATTACH_REPORT, a JSON line naming every program attached
 * and its kind); a workload is forked first but held until released, so
 * its pid can be given to the tool and its events happen while traced.
 * Other tracers may share the machine: tests look at their own pid's events.
 */
#ifndef SONDE_TEST_HARNESS_H
#define SONDE_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * The kernel's names on this architecture for a system call's function
 * (SYSCALL_FUNC("getppid")) and for the frame every system call's kernel
 * stack passes through on its way from user space.
 */
#if defined(__x86_64__)
#define SYSCALL_FUNC(name)  "__x64_sys_" name
#define SYSCALL_ENTRY_FRAME "do_syscall_64"
#elif defined(__aarch64__)
#define SYSCALL_FUNC(name)  "__arm64_sys_" name
#define SYSCALL_ENTRY_FRAME "invoke_syscall"
#else
#error "no system call names for this architecture in tests/tools/harness.h"
#endif

struct tool_proc {
	pid_t pid;
	char name[32];
	char out_path[64];
	char err_path[64];
	char report_path[64];
	char *out; /* what it printed, once stopped */
	char *err;
	char kinds[64]; /* how it attached, from its report: "tracepoint", "fentry+kprobe" */
};

/* For the kernel matrix table (SONDE_MATRIX_LOG): how `tool` attached in this run. */
void log_attach(const char *tool, const char *kinds);

/*
 * The attach kinds in a tool's attach report (each program's "kind"), in
 * the order first seen, joined by '+'; "" if it wrote none.
 */
void attach_kinds(const char *report, char *kinds, size_t len);

/* Skips the test if tool's exit (status, stderr) is a refusal of the kind SONDE_ATTACH forces. */
void skip_if_forced_kind_missing(const char *tool, int status, const char *err);
/* Start tool with the NULL-terminated arguments; fails the test if it never attaches. */
void tool_start(struct tool_proc *t, const char *tool, ...) __attribute__((sentinel));
/* SIGINT (or SIGTERM) it, wait, collect its output; its exit status, or 128+signal. */
int tool_stop(struct tool_proc *t, int sig);
/* Wait for it to end by itself within `seconds`; its exit status, or -1 on timeout (then killed). */
int tool_wait(struct tool_proc *t, double seconds);
void tool_free(struct tool_proc *t);
/*
 * max_entries of the running tool's BPF map `name` (as the kernel keeps it:
 * cut to 15 characters), as the kernel made it; -1 if it holds none so named.
 */
long tool_map_entries(const struct tool_proc *t, const char *name);

/* `tool a [b]` exits 2 with one line on stderr, prefixed "tool: ". */
void assert_usage_error(const char *tool, const char *a, const char *b);

/*
 * `tool ARGS` is refused as on a machine that lacks what it needs: exit 1,
 * nothing on stdout, exactly the line `line` on stderr, nothing attached
 * (no attach report), and none of its BPF programs (named in `progs`, NULL
 * ended) left loaded once it has gone.
 */
void assert_refused_exactly(const char *line, const char *const *progs, const char *tool, ...)
	__attribute__((sentinel));

/* Run a tool to the end; its exit status, with stdout and stderr. */
int tool_run(char **out, char **err, const char *tool, ...) __attribute__((sentinel));
/* The same, with how it attached (attach_kinds(); "" if it did not). */
int tool_run_kinds(char **out, char **err, char *kinds, size_t len, const char *tool, ...)
	__attribute__((sentinel));

struct workload {
	pid_t pid;
	int go_fd;
};

/* Fork tests/workloads/<name> with arguments, held before exec until workload_finish(). */
void workload_spawn(struct workload *w, const char *name, ...) __attribute__((sentinel));
/* Release it and wait for it; its exit status. */
int workload_finish(struct workload *w);
/* The CPU seconds (user and system) of the children waited for so far: around workload_finish(). */
double children_cpu_s(void);

/* CLOCK_MONOTONIC in seconds. */
double now_s(void);

/* NET_RX softirq runs so far, summed over the CPUs, from /proc/softirqs. */
double proc_net_rx(void);

#define TRACE_MAX_ARGS 6

/*
 * Run `tool -j ARGS` (up to six, NULL-padded) while the held workload runs
 * to its end; the tool's records. Fails the test unless the workload exits
 * 0 and the tool stops cleanly.
 */
struct json *trace_workload(struct workload *w, size_t *n, const char *tool,
			    const char *const args[TRACE_MAX_ARGS]);
/* The same with nw held workloads, released one after the other. */
struct json *trace_workloads(struct workload *w, size_t nw, size_t *n, const char *tool,
			     const char *const args[TRACE_MAX_ARGS]);

/*
 * A filter tested with two tracers at once on a held workload: the one whose
 * filter matches must see it, the other must not, so the test cannot pass on
 * empty output.
 */
struct tracer_pair {
	struct tool_proc hit, miss;
	struct json *hit_recs, *miss_recs;
	size_t hit_n, miss_n;
};

/*
 * Start `tool -j [extra] opt match` and `tool -j [extra] opt miss`, release
 * the held workload, stop both and parse what they printed. Returns the
 * workload's exit status.
 */
int tracer_pair_run(struct tracer_pair *p, struct workload *w, const char *tool, const char *extra,
		    const char *opt, const char *match, const char *miss);
void tracer_pair_free(struct tracer_pair *p);

/* Two fresh cgroup v2 directories, the workload `pid` moved into `inside`. */
struct cgroup_pair {
	char inside[320];
	char outside[320];
};

void cgroup_pair_make(struct cgroup_pair *cg, pid_t pid);
/* Another workload moved into `inside`. */
void cgroup_pair_add(struct cgroup_pair *cg, pid_t pid);
/* Remove both (the workload must have ended). */
void cgroup_pair_remove(struct cgroup_pair *cg);

/* n as a command-line argument (a pid, a count); valid until eight more calls. */
const char *num_arg(long n);

/* A short marker unique to this test run, for paths and arguments. */
const char *test_marker(void);

/* ---- what the kernel under test has ---- */

/* The tracepoint "category/name" (tracefs). */
bool kernel_has_tracepoint(const char *category_name);
/* The syscall `call` ("mount_setattr"): its tracepoint syscalls:sys_enter_<call>. */
bool kernel_has_syscall(const char *call);
/* kprobes: the kprobe PMU or kprobe_events (not built into every kernel). */
bool kernel_has_kprobes(void);
/* BPF cookies for kprobes and uprobes (Linux 5.15): USDT probes in a PIE without -p. */
bool kernel_has_bpf_cookies(void);
/* Task storage for tracing programs (Linux 5.11). */
bool kernel_has_task_storage(void);
/*
 * When a tool reads a string argument that is in memory as the call begins:
 * "entry", or "exit" on a kernel without task storage (bpf/callstr.bpf.h).
 */
const char *resident_string_read(void);

/* ---- JSON lines ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	double number;
	bool boolean;
	char *string; /* JSON_STRING: decoded bytes, NUL-terminated (len excludes it) */
	size_t len;
	size_t n;	    /* JSON_ARRAY / JSON_OBJECT: element count */
	char **keys;	    /* JSON_OBJECT */
	struct json *items; /* elements, or member values */
};

/* Every line of `text` parsed; fails the test if any line is not one valid JSON object. */
struct json *json_lines(const char *text, size_t *count);
void json_lines_free(struct json *lines, size_t count);
const struct json *json_get(const struct json *obj, const char *key);
/* The member's value, failing the test if it is missing or of another type. */
double json_number(const struct json *obj, const char *key);
const char *json_string(const struct json *obj, const char *key);

/* Fails the test unless every key of `record` is in the FIELDS section of man/man8/<tool>.8. */
void assert_fields_documented(const char *tool, const struct json *record);

/* ---- reports.c: summary tools ---- */

/* The shortest interval the tools take: as many report boundaries as can be had. */
#define SHORTEST_INTERVAL "0.001"

struct report_sum {
	double sum;	/* of the key over the records summed */
	size_t records; /* how many records that was */
};

/*
 * `key` summed over the JSON records in `out` whose string `match_key` is
 * `match` (every record if match_key is NULL). Fails the test on a
 * lost_events record: an exact count must not need that excuse.
 */
struct report_sum reports_sum(const char *out, const char *key, const char *match_key,
			      const char *match);

/* Run a shell command; its stdout (trimmed) into buf. Fails the test if it exits non-zero. */
void sh(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
