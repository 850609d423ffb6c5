// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <bpf/bpf.h>

#include "btf_wants.h"
#include "kernel_btf.h"
#include "output.h"
#include "run.h"

#ifndef SONDE_VERSION
#define SONDE_VERSION "unknown"
#endif

/* Records wait in the ring at most this long when no batch wake-up comes. */
#define POLL_MS 100
/* The kernel's PID_MAX_LIMIT on 64-bit: no pid or tid reaches it. */
#define PID_MAX 4194304
/* Shorter intervals than this would spin rather than sample. */
#define MIN_SECONDS 0.001
/* Lost-event reports come at most this often. */
#define LOST_REPORT_NS 1000000000ULL

static const char *tool_name = "sonde";

/* Long-only shared options; tools number theirs from 256 too, so these sit high. */
enum { OPT_PRINT_TID = 0x10000 };
static volatile sig_atomic_t stop_signal;
static sigset_t wait_mask; /* the mask to wait with: SIGINT/SIGTERM open */

static const struct {
	unsigned int bit; /* 0: every tool has it */
	struct tool_option opt;
} shared_options[] = {
	{ SHARED_PID, { "pid", 'p', "PID", "trace this process only" } },
	{ SHARED_TID, { "tid", 't', "TID", "trace this thread only" } },
	{ SHARED_UID, { "uid", 'u', "UID", "trace this user ID only" } },
	{ SHARED_CGROUP,
	  { "cgroup", 'c', "PATH", "trace tasks in this cgroup v2 directory only" } },
	{ SHARED_COMM, { "name", 'n', "COMM", "trace tasks with this exact name only" } },
	{ SHARED_DURATION, { "duration", 'd', "SECONDS", "stop after SECONDS" } },
	{ SHARED_TIMESTAMP, { "timestamp", 'T', NULL, "print a wall-clock time (HH:MM:SS)" } },
	{ SHARED_MILLISECONDS, { "milliseconds", 'm', NULL, "report times in milliseconds" } },
	{ SHARED_FAILED, { "failed", 'x', NULL, "show failures only" } },
	{ SHARED_PRINT_UID, { "print-uid", 'U', NULL, "print a UID column" } },
	{ SHARED_PRINT_TID, { "print-tid", OPT_PRINT_TID, NULL, "print a TID column" } },
	{ 0, { "json", 'j', NULL, "print one JSON object per line" } },
	{ 0, { "verbose", 'v', NULL, "say which probes attach; libbpf's log on stderr" } },
	{ 0, { "version", 'V', NULL, "print the version and exit" } },
	{ 0, { "help", 'h', NULL, "print this help and exit" } },
};

#define N_SHARED (sizeof(shared_options) / sizeof(shared_options[0]))

void run_error(const struct run *r, const char *fmt, ...)
{
	va_list ap;

	(void)r;
	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (see --help)\n", stderr);
	exit(EXIT_USAGE);
}

unsigned long parse_ulong(const char *arg, const char *what, unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || arg[0] == '-' || v < min || v > max)
		usage_error("invalid %s '%s': expected a number from %lu to %lu", what, arg, min,
			    max);
	return v;
}

double parse_seconds(const char *arg, const char *what)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !isfinite(v) || v < MIN_SECONDS || v > 1e9)
		usage_error("invalid %s '%s': expected seconds, at least %g", what, arg,
			    MIN_SECONDS);
	return v;
}

static bool tool_has(const struct tool *t, unsigned int bit)
{
	return !bit || (t->shared & bit);
}

static void help_line(const struct tool_option *o)
{
	char left[64];

	if (o->key < 256)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	printf("  %-26s %s\n", left, o->help);
}

static void print_help(const struct tool *t)
{
	const struct tool_option *o;
	size_t i;

	printf("Usage: %s [OPTIONS]%s\n%s\n\nOptions:\n", t->name,
	       (t->shared & SHARED_INTERVAL) ? " [INTERVAL [COUNT]]" : "", t->summary);
	for (o = t->options; o && o->name; o++)
		help_line(o);
	for (i = 0; i < N_SHARED; i++)
		if (tool_has(t, shared_options[i].bit))
			help_line(&shared_options[i].opt);
	if (t->shared & SHARED_INTERVAL)
		printf("\n  INTERVAL                   seconds between reports (default: one at exit)\n"
		       "  COUNT                      number of reports (default: unlimited)\n");
	if (t->examples)
		printf("\nExamples:\n%s", t->examples);
	printf("\nExit status: 0 ok, 1 runtime failure, 2 usage error. See %s(8).\n", t->name);
}

static void add_option(struct option *longs, int *nlong, char *shorts, const struct tool_option *o)
{
	longs[*nlong] =
		(struct option){ o->name, o->arg ? required_argument : no_argument, NULL, o->key };
	(*nlong)++;
	if (o->key < 256) {
		size_t len = strlen(shorts);

		shorts[len++] = (char)o->key;
		if (o->arg)
			shorts[len++] = ':';
		shorts[len] = '\0';
	}
}

static void parse_cgroup(struct run *r, const char *path)
{
	struct statfs fs;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		usage_error("cannot open cgroup '%s': %s", path, strerror(errno));
	if (fstatfs(fd, &fs) || fs.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		usage_error("'%s' is not a cgroup v2 directory", path);
	}
	if (r->cgroup_fd >= 0)
		close(r->cgroup_fd); /* the last -c wins */
	r->cgroup_fd = fd;
	r->filter.flags |= FILTER_BY_CGROUP;
}

static bool tool_takes_shared(const struct tool *t, int key)
{
	size_t i;

	for (i = 0; i < N_SHARED; i++)
		if (shared_options[i].opt.key == key)
			return tool_has(t, shared_options[i].bit);
	return false;
}

/* The shared options; false if `key` is the tool's own. */
static bool parse_shared(struct run *r, int key, const char *arg)
{
	if (!tool_takes_shared(r->tool, key))
		return false;
	switch (key) {
	case 'p':
		r->filter.tgid = parse_ulong(arg, "PID", 1, PID_MAX - 1);
		r->filter.flags |= FILTER_BY_TGID;
		break;
	case 't':
		r->filter.tid = parse_ulong(arg, "TID", 1, PID_MAX - 1);
		r->filter.flags |= FILTER_BY_TID;
		break;
	case 'u':
		r->filter.uid = parse_ulong(arg, "UID", 0, 4294967294UL);
		r->filter.flags |= FILTER_BY_UID;
		break;
	case 'c':
		parse_cgroup(r, arg);
		break;
	case 'n':
		if (!*arg)
			usage_error("empty name");
		/* the kernel keeps 15 characters of a task's name: match what it keeps */
		strncpy(r->filter.comm, arg, sizeof(r->filter.comm) - 1);
		r->filter.flags |= FILTER_BY_COMM;
		break;
	case 'd':
		r->duration = parse_seconds(arg, "duration");
		break;
	case 'T':
		r->timestamp = true;
		break;
	case 'm':
		r->milliseconds = true;
		break;
	case 'x':
		r->failed_only = true;
		break;
	case 'U':
		r->print_uid = true;
		break;
	case OPT_PRINT_TID:
		r->print_tid = true;
		break;
	case 'j':
		r->json = true;
		break;
	case 'v':
		r->verbose = true;
		break;
	default:
		return false;
	}
	return true;
}

static void parse_positional(struct run *r, int argc, char **argv)
{
	int left = argc - optind;

	if (left > 0 && !(r->tool->shared & SHARED_INTERVAL))
		usage_error("unexpected argument '%s'", argv[optind]);
	if (left > 2)
		usage_error("unexpected argument '%s'", argv[optind + 2]);
	if (left >= 1)
		r->interval = parse_seconds(argv[optind], "interval");
	if (left == 2)
		r->count = parse_ulong(argv[optind + 1], "count", 1, 1UL << 31);
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/*
 * SIGINT and SIGTERM stay blocked except while the loops wait in ppoll(), so a
 * signal either ends the wait or is seen before the next one: never lost in
 * the gap between checking the flag and going to sleep.
 */
static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigset_t block;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a closed pipe shows up as EPIPE: stop quietly */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
}

/* getopt's ':' or '?': name the short letter itself, since "-Zx" is one word. */
static void report_bad_option(int key, const char *word)
{
	char letter[3] = { '-', (char)optopt, '\0' };
	bool is_long = !strncmp(word, "--", 2);
	const char *name = !is_long && optopt > 0 && optopt < 256 ? letter : word;

	if (key == ':')
		usage_error("option '%s' needs an argument", name);
	usage_error("unknown option '%s'", name);
}

void run_parse(struct run *r, const struct tool *t, int argc, char **argv)
{
	struct option longs[64];
	char shorts[128] = ":";
	const struct tool_option *o;
	int nlong = 0, key;
	size_t i;

	*r = (struct run){ .tool = t, .cgroup_fd = -1, .kernel_types_fd = -1 };
	tool_name = t->name;
	for (o = t->options; o && o->name; o++)
		add_option(longs, &nlong, shorts, o);
	for (i = 0; i < N_SHARED; i++)
		if (tool_has(t, shared_options[i].bit))
			add_option(longs, &nlong, shorts, &shared_options[i].opt);
	longs[nlong] = (struct option){ 0 };

	opterr = 0;
	while ((key = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (key == 'h') {
			print_help(t);
			exit(EXIT_OK);
		} else if (key == 'V') {
			printf("%s (sonde) %s\n", t->name, SONDE_VERSION);
			exit(EXIT_OK);
		} else if (key == ':' || key == '?') {
			report_bad_option(key, argv[optind - 1]);
		} else if (!parse_shared(r, key, optarg) && (!t->parse || t->parse(key, optarg))) {
			usage_error("option '%s' is not handled", argv[optind - 1]);
		}
	}
	parse_positional(r, argc, argv);

	output_init(r->json, stdout);
	libbpf_set_print(r->verbose ? libbpf_log : NULL);
	install_signals();
}

bool run_stopping(void)
{
	return stop_signal != 0;
}

const struct bpf_object_open_opts *run_open_opts(struct run *r, const void *(*elf_bytes)(size_t *))
{
	struct kernel_btf_cut cut;
	struct btf_wants w;
	size_t size;
	const void *elf = elf_bytes(&size);
	int fd = -1, err = btf_wants_from_object(&w, elf, size);

	if (!err && w.n)
		err = fd = kernel_btf_cut_memfd(&w, &cut);
	btf_wants_free(&w);
	if (err < 0 && r->verbose)
		fprintf(stderr, "%s: kernel types: cannot cut them (%s): libbpf reads them all\n",
			tool_name, strerror(-err));
	if (fd < 0)
		return NULL;
	if (r->verbose)
		fprintf(stderr, "%s: kernel types: %u of %u (%zu bytes)\n", tool_name,
			cut.kept_types, cut.kernel_types, cut.bytes);
	r->kernel_types_fd = fd;
	snprintf(r->kernel_types_path, sizeof(r->kernel_types_path), "/proc/self/fd/%d", fd);
	r->open_opts = (struct bpf_object_open_opts){
		.sz = sizeof(r->open_opts),
		.btf_custom_path = r->kernel_types_path,
	};
	return &r->open_opts;
}

bool run_opened(struct run *r, const void *skel)
{
	if (skel)
		return true;
	run_error(r, "cannot open the BPF object: %s", strerror(errno));
	r->exit_code = EXIT_FAILURE_RUNTIME;
	return false;
}

static void explain_load_error(struct run *r, int err)
{
	if (err == -EPERM)
		run_error(r, "the kernel refused to load BPF programs (lockdown?); try -v");
	else
		run_error(r, "cannot load BPF programs: %s; run with -v for the verifier log",
			  strerror(-err));
}

static int attach_all(struct run *r, struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_link *link;
	int n = 0;

	bpf_object__for_each_program(prog, obj) n += bpf_program__autoload(prog);
	r->links = calloc(n, sizeof(*r->links));
	if (n && !r->links)
		return -ENOMEM;
	bpf_object__for_each_program(prog, obj)
	{
		if (!bpf_program__autoload(prog))
			continue;
		link = bpf_program__attach(prog);
		if (!link) {
			run_error(r, "cannot attach %s: %s", bpf_program__section_name(prog),
				  strerror(errno));
			return -1;
		}
		r->links[r->nlinks++] = link;
	}
	return 0;
}

static int apply_cgroup_filter(struct run *r, struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "cgroup_filter");
	__u32 zero = 0;

	if (r->cgroup_fd < 0)
		return 0;
	if (!map || bpf_map_update_elem(bpf_map__fd(map), &zero, &r->cgroup_fd, BPF_ANY)) {
		run_error(r, "cannot set the cgroup filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Root, or CAP_BPF with CAP_PERFMON (Linux 5.8+), or CAP_SYS_ADMIN before them. */
static bool privileged(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[2] = { 0 };
	__u64 effective;

	if (geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &head, caps))
		return false;
	effective = (__u64)caps[1].effective << 32 | caps[0].effective;
	return (effective & (1ULL << CAP_SYS_ADMIN)) ||
	       ((effective & (1ULL << CAP_BPF)) && (effective & (1ULL << CAP_PERFMON)));
}

int run_start(struct run *r, struct bpf_object *obj, const struct probe *probes)
{
	char why[512];
	int err;

	r->exit_code = EXIT_FAILURE_RUNTIME; /* until we are attached */
	if (!privileged()) {
		run_error(r, "permission denied: run as root (needs CAP_BPF and CAP_PERFMON)");
		return -1;
	}
	if (probes && probes_choose(obj, probes, r->verbose, tool_name, why, sizeof(why))) {
		run_error(r, "cannot attach: %s", why);
		return -1;
	}
	err = bpf_object__load(obj);
	if (err) {
		explain_load_error(r, err);
		return -1;
	}
	r->obj = obj;
	if (apply_cgroup_filter(r, obj) || attach_all(r, obj))
		return -1;
	if (r->verbose)
		fprintf(stderr, "%s: ready: %d programs attached\n", tool_name, r->nlinks);
	r->exit_code = EXIT_OK;
	return 0;
}

/* Whether the user asked for the optional column named `key`, through a shared option. */
static bool column_wanted(const struct run *r, const char *key)
{
	if (!strcmp(key, "time"))
		return tool_has(r->tool, SHARED_TIMESTAMP) && r->timestamp;
	if (!strcmp(key, "uid"))
		return tool_has(r->tool, SHARED_PRINT_UID) && r->print_uid;
	if (!strcmp(key, "tid"))
		return tool_has(r->tool, SHARED_PRINT_TID) && r->print_tid;
	return false;
}

void run_header(const struct run *r, struct field *fields, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fields[i].hidden && column_wanted(r, fields[i].key))
			fields[i].hidden = false;
	output_header(fields, n);
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Wait up to timeout_ns for fd (or just the time, if fd < 0), a stop signal, or both. */
static void wait_for(int fd, __u64 timeout_ns)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct timespec ts = { timeout_ns / 1000000000ULL, timeout_ns % 1000000000ULL };

	ppoll(fd >= 0 ? &pfd : NULL, fd >= 0, &ts, &wait_mask);
}

/* Sleep the whole span unless a stop signal comes; other signals do not cut it short. */
static void sleep_for(__u64 span_ns)
{
	__u64 deadline = now_ns() + span_ns, now;

	while (!stop_signal && (now = now_ns()) < deadline)
		wait_for(-1, deadline - now);
}

static __u64 lost_events_total(struct bpf_map *map)
{
	int ncpus = libbpf_num_possible_cpus();
	__u64 values[ncpus > 0 ? ncpus : 1], total = 0;
	__u32 zero = 0;
	int i;

	if (!map || ncpus <= 0 || bpf_map_lookup_elem(bpf_map__fd(map), &zero, values))
		return 0;
	for (i = 0; i < ncpus; i++)
		total += values[i];
	return total;
}

/* Lost events are never silent: stderr in text mode, a record in JSON mode. */
static void report_lost(struct run *r, __u64 total, __u64 *reported)
{
	static const struct field lost_field = { .key = "lost_events" };

	if (total == *reported)
		return;
	*reported = total;
	if (r->json) {
		rec_begin();
		rec_uint(&lost_field, total);
		rec_end();
		output_flush();
		return;
	}
	run_error(
		r,
		"%llu events lost so far: kernel buffers were full (narrow the trace with filters)",
		(unsigned long long)total);
}

int run_events(struct run *r, ring_buffer_sample_fn handle, void *ctx)
{
	struct bpf_map *events = bpf_object__find_map_by_name(r->obj, "events");
	struct bpf_map *lost = bpf_object__find_map_by_name(r->obj, "lost_events");
	__u64 start = now_ns(), next_lost_check = start + LOST_REPORT_NS, reported = 0, now;
	__u64 deadline = r->duration ? start + (__u64)(r->duration * 1e9) : 0;
	struct ring_buffer *rb;
	int err = 0;

	rb = events ? ring_buffer__new(bpf_map__fd(events), handle, ctx, NULL) : NULL;
	if (!rb) {
		run_error(r, "cannot read the event ring buffer: %s", strerror(errno));
		r->exit_code = EXIT_FAILURE_RUNTIME;
		return -1;
	}
	while (!stop_signal && output_flush()) {
		now = now_ns();
		if (deadline && now >= deadline)
			break;
		wait_for(ring_buffer__epoll_fd(rb),
			 deadline && deadline - now < POLL_MS * 1000000ULL ? deadline - now
									   : POLL_MS * 1000000ULL);
		err = ring_buffer__consume(rb);
		if (err < 0)
			break;
		if (now >= next_lost_check) {
			report_lost(r, lost_events_total(lost), &reported);
			next_lost_check = now + LOST_REPORT_NS;
		}
	}
	if (err >= 0)
		err = ring_buffer__consume(rb);
	output_flush();
	report_lost(r, lost_events_total(lost), &reported);
	ring_buffer__free(rb);
	if (err < 0) {
		run_error(r, "reading events failed: %s", strerror(-err));
		r->exit_code = EXIT_FAILURE_RUNTIME;
		return -1;
	}
	return 0;
}

void run_snoop(struct run *r, struct bpf_object *obj, const struct probe *probes,
	       struct field *fields, size_t nfields, ring_buffer_sample_fn handle)
{
	if (run_start(r, obj, probes))
		return;
	run_header(r, fields, nfields);
	run_events(r, handle, NULL);
}

int run_intervals(struct run *r, int (*report)(void *ctx), void *ctx)
{
	__u64 wait = r->interval ? (__u64)(r->interval * 1e9) : 365ULL * 24 * 3600 * 1000000000ULL;
	struct bpf_map *lost = bpf_object__find_map_by_name(r->obj, "lost_events");
	unsigned long done = 0;
	__u64 reported = 0;
	char hms[9];

	if (!r->json)
		fprintf(stderr, "Tracing... Hit Ctrl-C to %s.\n", r->interval ? "end" : "print");
	do {
		sleep_for(wait);
		if (r->timestamp && !r->json) {
			local_hms(hms);
			printf("\n%s\n", hms);
		}
		if (report(ctx)) {
			r->exit_code = EXIT_FAILURE_RUNTIME;
			return -1;
		}
		report_lost(r, lost_events_total(lost), &reported);
		if (!output_flush())
			break;
	} while (!stop_signal && (!r->count || ++done < r->count));
	return 0;
}

void run_stop(struct run *r)
{
	int i;

	for (i = 0; i < r->nlinks; i++)
		bpf_link__destroy(r->links[i]);
	free(r->links);
	r->links = NULL;
	r->nlinks = 0;
	if (r->cgroup_fd >= 0)
		close(r->cgroup_fd);
	r->cgroup_fd = -1;
	if (r->kernel_types_fd >= 0)
		close(r->kernel_types_fd);
	r->kernel_types_fd = -1;
	output_flush();
}
