/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The life of a tool, written once. A tool describes itself in a struct
 * tool (its options, its fields, its probes, its skeleton, and callbacks
 * for what is its own), and its main() is
 *
 *	struct opts opts = { ... };		(its context: option values, state)
 *	return run_tool(&tool, &opts, argc, argv);
 *
 * run_tool() parses the command line (options.c), opens the skeleton
 * against the kernel types it needs and sets the shared .rodata (load.c),
 * chooses probes (load.c), lets the tool set its own .rodata and map sizes
 * (configure), loads and attaches (load.c), then reads events or reports intervals until the end (loop.c),
 * or, with SONDE_REPLAY set, reads an event tool's recorded events instead
 * of opening anything (replay.c).
 * Each step reports its own failure (one line on stderr, prefixed with the
 * tool's name) and sets the exit code; a tool that fails on its own says so
 * with run_fail().
 */
#ifndef SONDE_RUN_H
#define SONDE_RUN_H

#include <stdbool.h>
#include <linux/types.h>
#include <bpf/libbpf.h>

#include "attach.h"
#include "filter.h"
#include "net_tuple.h"
#include "options.h"
#include "output.h"
#include "skeleton.h"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FAILURE_RUNTIME = 1, /* the kernel lacks support, no permission, ... */
	EXIT_USAGE = 2,
};

/* The shared options a tool takes (-h, -V, -v and -j every tool takes). */
enum shared_option {
	SHARED_PID = 1 << 0,	       /* -p/--pid PID */
	SHARED_TID = 1 << 1,	       /* -t/--tid TID */
	SHARED_UID = 1 << 2,	       /* -u/--uid UID */
	SHARED_CGROUP = 1 << 3,	       /* -c/--cgroup PATH */
	SHARED_COMM = 1 << 4,	       /* -n/--name COMM */
	SHARED_DURATION = 1 << 5,      /* -d/--duration SECONDS (event tools) */
	SHARED_INTERVAL = 1 << 6,      /* [interval [count]] (summary tools) */
	SHARED_TIMESTAMP = 1 << 7,     /* -T/--timestamp */
	SHARED_MILLISECONDS = 1 << 8,  /* -m/--milliseconds */
	SHARED_FAILED = 1 << 9,	       /* -x/--failed: failed calls only */
	SHARED_PRINT_UID = 1 << 10,    /* -U/--print-uid: a UID column */
	SHARED_PRINT_TID = 1 << 11,    /* --print-tid: a TID column */
	SHARED_DURATION_ARG = 1 << 12, /* [DURATION]: seconds to run, as bcc's profile takes it */
	SHARED_RPORT = 1 << 13,	       /* -P/--port PORTS: remote ports (common/net.h) */
	SHARED_LPORT = 1 << 14,	       /* -L/--local-port PORTS: local ports */
	SHARED_FAMILY = 1 << 15,       /* -4/--ipv4, -6/--ipv6 */
};

#define SHARED_TASK_FILTERS (SHARED_PID | SHARED_TID | SHARED_UID | SHARED_CGROUP | SHARED_COMM)
/* The network family's connection filters, tested in the kernel by bpf/net.bpf.h. */
#define SHARED_NET_FILTERS (SHARED_RPORT | SHARED_LPORT | SHARED_FAMILY)

/* The key of --print-tid, which has no short letter (for a field's shown_by). */
#define OPT_PRINT_TID 0x10000

struct run;

struct tool {
	const char *name;
	const char *summary;		   /* one line: what it traces */
	unsigned int shared;		   /* enum shared_option bits */
	const struct tool_option *options; /* own options, ended by { 0 } */
	const char *implied;		   /* own flags always given (a personality's) */
	/*
	 * The operand it takes after its options, as --help names it
	 * ("PROBE"; in brackets if it may be left out: "[MIN_MS]"); NULL
	 * for none. parse() gets it with key OPTION_OPERAND.
	 */
	const char *operand;
	/* an own option's value (options.h); flags need none: see run_given() */
	int (*parse)(struct option_ctx *ctx, int key, const char *arg);
	/* once every option is parsed: checks across options (0, or option_error()) */
	int (*check)(struct option_ctx *ctx, const struct run *r);
	/*
	 * Once parsed and checked: another description of the tool to run
	 * instead, with the same options (a mode an option chooses that
	 * prints other fields: tcpconnect -C counts), or NULL to stay.
	 */
	const struct tool *(*become)(const struct run *r);
	const char *examples;	    /* "execsnoop -x\tshow failed execs too\n..." */
	const struct field *fields; /* the records it prints (output.h) */
	size_t nfields;

	const struct skeleton *skeleton; /* SKELETON(name) */
	const struct probe *probes;	 /* every program it may attach (attach.h) */
	/*
	 * A summary tool's SUMMARY_MAP (bpf/summary.bpf.h): its name, where its
	 * struct summary sits in the context (offsetof), and the size of one
	 * of the tool's own entries, room for as many as it holds being made
	 * in the summary's `room` once attached, and freed at the end.
	 */
	const char *summary_map;
	size_t summary_at, summary_entry;
	/*
	 * Callbacks, each given the tool's context (main()'s struct, with its
	 * option values); all may be NULL but one of on_event and report.
	 *   setup:	once parsed: derive what the options decide; RUN_DONE to
	 *		end there with status 0 (a --list), -1 after run_fail()
	 *   configure:	the tool's own .rodata and map sizes (the shared filter
	 *		and -x are set, the probes chosen: a map only an
	 *		unchosen way uses can shrink to one entry)
	 *   attach:	a program the probe kinds of attach.h cannot attach (a
	 *		perf event, a probe named on the command line): its links
	 *		handed to run_add_link(); 0, ATTACH_DEFAULT for libbpf's
	 *		own attach, -1 after run_fail()
	 *   prepare:	once attached, before the first event or interval (not
	 *		in a replay, SONDE_REPLAY: what on_event needs is set up
	 *		in setup; common/replay.h)
	 *   on_event:	an event tool's records, from the `events` ring buffer
	 *   report:	a summary tool's report, every interval or at the end
	 *   cleanup:	at the end, whatever prepare made
	 */
	int (*setup)(struct run *r, void *ctx);
	void (*configure)(void *skel, const struct run *r, void *ctx);
	int (*attach)(struct run *r, struct bpf_program *prog, void *ctx);
	int (*prepare)(void *skel, struct run *r, void *ctx);
	int (*on_event)(void *ctx, void *data, size_t len);
	int (*report)(void *ctx);
	void (*cleanup)(void *ctx);
};

/* What a tool's setup() returns to end the run at once, successfully. */
#define RUN_DONE 1
/* What a tool's attach() returns for a program libbpf attaches by its section. */
#define ATTACH_DEFAULT 1

/* The whole life of a tool; its exit status. */
int run_tool(const struct tool *tool, void *ctx, int argc, char **argv);

struct run {
	const struct tool *tool;
	struct filter filter;
	struct net_filter net_filter; /* -P, -L, -4, -6 (SHARED_NET_FILTERS) */
	int cgroup_fd;		      /* -c: the cgroup v2 directory, -1 if none */
	bool json;
	bool timestamp;
	bool milliseconds;
	bool verbose;
	bool failed_only;
	double duration;     /* event tools: seconds to run, 0 = until interrupted */
	double interval;     /* summary tools: seconds between reports, 0 = at exit only */
	unsigned long count; /* summary tools: reports to print, 0 = unlimited */
	struct options_given given;

	struct bpf_object_open_opts open_opts; /* set by run_open_opts() */
	int kernel_types_fd;		       /* the kernel types it cut, -1 if none */
	char kernel_types_path[32];

	void *ctx;		/* the tool's context, as main() handed it to run_tool() */
	struct bpf_object *obj; /* set by run_start() */
	struct bpf_link **links;
	int nlinks;
	int exit_code;
};

/* ---- options.c: the command line ---- */

/*
 * Parse argv into r and the tool's own `opts` (its parse callback's
 * ctx->opts), then set up output. Prints help or the version and exits 0,
 * or exits 2 with one line on bad usage.
 */
void run_parse(struct run *r, const struct tool *tool, void *opts, int argc, char **argv);

enum parse_result { PARSE_OK, PARSE_HELP, PARSE_VERSION, PARSE_USAGE, PARSE_BROKEN };

/*
 * run_parse() without printing or exiting, for tests: PARSE_USAGE (or
 * PARSE_BROKEN: the tool's own option takes a shared option's letter or
 * name) with the message in err.
 */
enum parse_result options_parse(struct run *r, const struct tool *tool, void *opts, int argc,
				char **argv, char *err, size_t errlen);

/* Whether the option with this key (shared or the tool's own) was given. */
static inline bool run_given(const struct run *r, int key)
{
	return option_given(&r->given, key);
}

/* The --help text. */
void options_help(const struct tool *tool, FILE *f);

/* ---- messages ---- */

/* One line "tool: message" on stderr: a warning; the exit code stays. */
void run_warn(const struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a failure: the tool will exit 1. */
void run_fail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- load.c: the BPF object ---- */

/* libbpf's log: kept to explain a failed load, and on stderr with -v. */
void load_logging(bool verbose);

/*
 * For x_bpf__open_opts(): hand libbpf only the kernel types the object's
 * CO-RE relocations need, cut out of /sys/kernel/btf/vmlinux
 * (common/kernel_btf.h) instead of the 5 MB whole. NULL, libbpf's defaults,
 * for an object without relocations or a kernel BTF that cannot be cut:
 * libbpf then reads all of it, as it would have.
 */
const struct bpf_object_open_opts *run_open_opts(struct run *r, const void *(*elf_bytes)(size_t *));

/* After x_bpf__open_opts(): false (and the reason reported) if it failed. */
bool run_opened(struct run *r, const void *skel);

/*
 * Set the .rodata the shared options decide in an opened object, found by
 * name: `filter` (bpf/task.bpf.h), `failed_only` (-x) and `task_head_parts`
 * (what of the task head the output shows), where it has them.
 */
void run_set_rodata(const struct run *r, struct bpf_object *obj);

/*
 * Set the .rodata variable `name` of an opened object, if it has one of
 * that size: for what common/ sets in every tool that has it.
 */
void run_set_rodata_var(struct bpf_object *obj, const char *name, const void *value, size_t size);

/*
 * Fit an opened object to what this kernel has, before it loads: its task
 * storage maps where the kernel has none (before Linux 5.11, see
 * bpf/inflight.bpf.h). run_start() does it; 0, or a negative errno.
 */
int run_fit_kernel(struct bpf_object *obj);

/*
 * Check the privilege to load and choose probes (attach.h), before the
 * tool's configure(). 0, or -1 with the reason reported.
 */
int run_choose(struct run *r, struct bpf_object *obj, const struct probe *probes);

/* Load, apply the cgroup filter, attach. 0, or -1 with the reason reported. */
int run_start(struct run *r, struct bpf_object *obj, const struct probe *probes);

/* Keep a link a tool's attach() made, to be destroyed with the others. 0, or -1 (ENOMEM). */
int run_add_link(struct run *r, struct bpf_link *link);

/* Detach and release what run_start made. */
void run_stop(struct run *r);

/* ---- loop.c: running ---- */

/* SIGINT and SIGTERM end the loops (and SIGPIPE is ignored) from now on. */
void loop_signals(void);

/*
 * Event tools: print the column headings, then read the `events` ring
 * buffer into `handle` (with `ctx`) until interrupted, the reader of our
 * output goes, or -d elapses. Here and in run_intervals(), what the kernel
 * counted in `lost_events` is reported as it grows and at the end.
 */
int run_events(struct run *r, ring_buffer_sample_fn handle, void *ctx);

/*
 * Summary tools: call `report` every interval (or once at the end) until
 * count, the duration (SHARED_DURATION_ARG) or a stop. With -T each report
 * follows a line with the time, unless a field of the tool is shown by -T
 * (shown_by 'T': the time is a column of its report's lines). A report that cannot read the kernel's maps returns
 * nonzero with errno set (summary_swap() failed): the tool then fails.
 */
int run_intervals(struct run *r, int (*report)(void *ctx), void *ctx);

/* True once SIGINT or SIGTERM arrived or the reader of our output went away. */
bool run_stopping(void);

#endif
