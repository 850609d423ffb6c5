/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The life of a tool, written once: the shared command line, libbpf's log,
 * signals, probe choice, load and attach, the event or interval loop, lost
 * event accounting, and exit codes. A tool's main() reads:
 *
 *	run_parse(&run, &tool, argc, argv);
 *	skel = x_bpf__open_opts(run_open_opts(&run, x_bpf__elf_bytes));
 *	if (run_opened(&run, skel)) {
 *		skel->rodata->filter = run.filter;
 *		run_snoop(&run, skel->obj, probes, fields, N_FIELDS, on_event);
 *	}
 *	run_stop(&run);
 *	x_bpf__destroy(skel);
 *	return run.exit_code;
 */
#ifndef SONDE_RUN_H
#define SONDE_RUN_H

#include <stdbool.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "attach.h"
#include "filter.h"
#include "output.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILURE_RUNTIME = 1, /* the kernel lacks support, no permission, ... */
	EXIT_USAGE = 2,
};

/* The shared options a tool takes (-h, -V, -v and -j every tool takes). */
enum shared_option {
	SHARED_PID = 1 << 0,	      /* -p/--pid PID */
	SHARED_TID = 1 << 1,	      /* -t/--tid TID */
	SHARED_UID = 1 << 2,	      /* -u/--uid UID */
	SHARED_CGROUP = 1 << 3,	      /* -c/--cgroup PATH */
	SHARED_COMM = 1 << 4,	      /* -n/--name COMM */
	SHARED_DURATION = 1 << 5,     /* -d/--duration SECONDS (event tools) */
	SHARED_INTERVAL = 1 << 6,     /* [interval [count]] (summary tools) */
	SHARED_TIMESTAMP = 1 << 7,    /* -T/--timestamp */
	SHARED_MILLISECONDS = 1 << 8, /* -m/--milliseconds */
	SHARED_FAILED = 1 << 9,	      /* -x/--failed: failed calls only */
	SHARED_PRINT_UID = 1 << 10,   /* -U/--print-uid: a UID column */
	SHARED_PRINT_TID = 1 << 11,   /* --print-tid: a TID column */
};

#define SHARED_TASK_FILTERS (SHARED_PID | SHARED_TID | SHARED_UID | SHARED_CGROUP | SHARED_COMM)

/* One of a tool's own options. `key` is its short letter, or >= 256 for long-only. */
struct tool_option {
	const char *name;
	int key;
	const char *arg; /* the argument's name in --help; NULL if it takes none */
	const char *help;
};

struct tool {
	const char *name;
	const char *summary;			/* one line: what it traces */
	unsigned int shared;			/* enum shared_option bits */
	const struct tool_option *options;	/* own options, ended by { 0 } */
	int (*parse)(int key, const char *arg); /* own options; usage_error() on bad input */
	const char *examples;			/* "execsnoop -x\tshow failed execs too\n..." */
};

struct run {
	const struct tool *tool;
	struct filter filter;
	int cgroup_fd; /* -c: the cgroup v2 directory, -1 if none */
	bool json;
	bool timestamp;
	bool milliseconds;
	bool verbose;
	bool failed_only;
	bool print_uid;
	bool print_tid;
	double duration;     /* event tools: seconds to run, 0 = until interrupted */
	double interval;     /* summary tools: seconds between reports, 0 = at exit only */
	unsigned long count; /* summary tools: reports to print, 0 = unlimited */

	struct bpf_object_open_opts open_opts; /* set by run_open_opts() */
	int kernel_types_fd;		       /* the kernel types it cut, -1 if none */
	char kernel_types_path[32];

	struct bpf_object *obj; /* set by run_start() */
	struct bpf_link **links;
	int nlinks;
	int exit_code;
};

/* Parse argv; prints help/version and exits 0, or exits 2 with one line on bad usage. */
void run_parse(struct run *r, const struct tool *tool, int argc, char **argv);

/* One line "tool: message" on stderr. */
void run_error(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For a tool's parse(): "tool: message (see --help)", exit 2. */
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Number parsing for options: a usage error unless it is in [min, max]. */
unsigned long parse_ulong(const char *arg, const char *what, unsigned long min, unsigned long max);
double parse_seconds(const char *arg, const char *what);

/*
 * For x_bpf__open_opts(): hand libbpf only the kernel types the object's
 * CO-RE relocations need, cut out of /sys/kernel/btf/vmlinux
 * (common/kernel_btf.h) instead of the 5 MB whole. NULL, libbpf's defaults,
 * for an object without relocations or a kernel BTF that cannot be cut:
 * libbpf then reads all of it, as it would have.
 */
const struct bpf_object_open_opts *run_open_opts(struct run *r, const void *(*elf_bytes)(size_t *));

/* After x_bpf__open_opts(): false (and a reason on stderr, exit code 1) if it failed. */
bool run_opened(struct run *r, const void *skel);

/* Choose probes, load, apply the cgroup filter, attach. 0, or -1 with the reason printed. */
int run_start(struct run *r, struct bpf_object *obj, const struct probe *probes);

/*
 * Event tools: show the optional columns the shared options asked for (a
 * hidden "time", "uid" or "tid" field, with -T, -U or --print-tid), then
 * print the column headings.
 */
void run_header(const struct run *r, struct field *fields, size_t n);

/*
 * An event tool's whole run after its .rodata is set: run_start(), then
 * run_header() and run_events() if it attached.
 */
void run_snoop(struct run *r, struct bpf_object *obj, const struct probe *probes,
	       struct field *fields, size_t nfields, ring_buffer_sample_fn handle);

/*
 * Event tools: read the `events` ring buffer into `handle` until interrupted
 * or -d elapses. Here and in run_intervals(), what the kernel counted in
 * `lost_events` is reported as it grows and at the end.
 */
int run_events(struct run *r, ring_buffer_sample_fn handle, void *ctx);

/* Summary tools: call `report` every interval (or once at the end) until count or a signal. */
int run_intervals(struct run *r, int (*report)(void *ctx), void *ctx);

/* True once SIGINT or SIGTERM arrived or the reader of our output went away. */
bool run_stopping(void);

/* Detach and release what run_start made; sets the final exit code. */
void run_stop(struct run *r);

#endif
