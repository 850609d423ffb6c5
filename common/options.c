// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The command line every tool shares: the shared options (declared once,
 * here), a tool's own, --help, and strict number parsing. Nothing here
 * prints or exits: options_parse() hands back a result and a message, and
 * run_parse() (run.c) acts on it, so the parser can be tested and fuzzed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>

#include "net.h"
#include "run.h"

/* The kernel's PID_MAX_LIMIT on 64-bit: no pid or tid reaches it. */
#define PID_MAX 4194304
/* Shorter intervals than this would spin rather than sample. */
#define MIN_SECONDS	 0.001
#define MAX_DECIMAL	 1e9 /* 31 years in seconds: past any use, short of overflows */
#define MAX_LONG_OPTIONS 64

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
	{ SHARED_RPORT,
	  { "port", 'P', "PORTS", "trace these remote ports only (a comma-separated list)" } },
	{ SHARED_LPORT,
	  { "local-port", 'L', "PORTS", "trace these local ports only (a comma-separated list)" } },
	{ SHARED_FAMILY, { "ipv4", '4', NULL, "trace IPv4 only" } },
	{ SHARED_FAMILY, { "ipv6", '6', NULL, "trace IPv6 only" } },
	{ 0, { "json", 'j', NULL, "print one JSON object per line" } },
	{ 0, { "verbose", 'v', NULL, "say which probes attach; libbpf's log on stderr" } },
	{ 0, { "version", 'V', NULL, "print the version and exit" } },
	{ 0, { "help", 'h', NULL, "print this help and exit" } },
};

#define N_SHARED (sizeof(shared_options) / sizeof(shared_options[0]))

/* ---- numbers ---- */

int option_error(struct option_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->error, sizeof(ctx->error), fmt, ap);
	va_end(ap);
	return -1;
}

/* The length of the run of decimal digits at s. */
static size_t digits(const char *s)
{
	return strspn(s, "0123456789");
}

int option_ulong(struct option_ctx *ctx, const char *arg, const char *what, unsigned long min,
		 unsigned long max, unsigned long *out)
{
	unsigned long v;

	errno = 0;
	v = strtoul(arg, NULL, 10);
	if (!*arg || arg[digits(arg)] || errno || v < min || v > max)
		return option_error(ctx, "invalid %s '%s': expected a number from %lu to %lu", what,
				    arg, min, max);
	*out = v;
	return 0;
}

int option_u32(struct option_ctx *ctx, const char *arg, const char *what, unsigned long min,
	       unsigned long max, __u32 *out)
{
	unsigned long v;

	if (max > UINT32_MAX)
		max = UINT32_MAX;
	if (option_ulong(ctx, arg, what, min, max, &v))
		return -1;
	*out = v;
	return 0;
}

int option_decimal(struct option_ctx *ctx, const char *arg, const char *what, const char *unit,
		   double min, double *out)
{
	size_t whole = digits(arg), frac = arg[whole] == '.' ? digits(arg + whole + 1) : 0;
	size_t end = whole + (arg[whole] == '.' ? 1 + frac : 0);
	bool dot_without_digits = arg[whole] == '.' && !frac;
	double v = strtod(arg, NULL);

	if (!(whole || frac) || dot_without_digits || arg[end] || !isfinite(v) || v < min ||
	    v > MAX_DECIMAL)
		return option_error(ctx, "invalid %s '%s': expected %s, at least %g", what, arg,
				    unit, min);
	*out = v;
	return 0;
}

int option_seconds(struct option_ctx *ctx, const char *arg, const char *what, double *out)
{
	return option_decimal(ctx, arg, what, "seconds", MIN_SECONDS, out);
}

bool option_given(const struct options_given *g, int key)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (g->keys[i] == key)
			return true;
	return false;
}

static void note_given(struct options_given *g, int key)
{
	if (!option_given(g, key) && g->n < OPTIONS_GIVEN_MAX)
		g->keys[g->n++] = key;
}

/* ---- the tables ---- */

static bool tool_has(const struct tool *t, unsigned int bit)
{
	return !bit || (t->shared & bit);
}

/* The shared option the tool takes with this key, or NULL. */
static const struct tool_option *shared_by_key(const struct tool *t, int key)
{
	size_t i;

	for (i = 0; i < N_SHARED; i++)
		if (shared_options[i].opt.key == key && tool_has(t, shared_options[i].bit))
			return &shared_options[i].opt;
	return NULL;
}

/* A tool's own option may not take a letter or name of a shared option it takes. */
static int check_collisions(const struct tool *t, char *err, size_t errlen)
{
	const struct tool_option *o;
	size_t i;

	for (o = t->options; o && o->name; o++) {
		for (i = 0; i < N_SHARED; i++) {
			const struct tool_option *s = &shared_options[i].opt;

			if (!tool_has(t, shared_options[i].bit))
				continue;
			if ((o->key < OPTION_LONG_ONLY && o->key == s->key) ||
			    !strcmp(o->name, s->name)) {
				snprintf(err, errlen,
					 "internal error: its option --%s collides with the shared "
					 "option --%s",
					 o->name, s->name);
				return -1;
			}
		}
	}
	return 0;
}

/* ---- help ---- */

static void help_line(FILE *f, const struct tool_option *o)
{
	char left[64];

	if (o->key < OPTION_LONG_ONLY)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
			 o->arg ? o->arg : "");
	fprintf(f, "  %-26s %s\n", left, o->help);
}

void options_help(const struct tool *t, FILE *f)
{
	const struct tool_option *o;
	size_t i;

	fprintf(f, "Usage: %s [OPTIONS]%s%s%s\n%s\n\nOptions:\n", t->name, t->operand ? " " : "",
		t->operand ? t->operand : "",
		(t->shared & SHARED_INTERVAL)	    ? " [INTERVAL [COUNT]]"
		: (t->shared & SHARED_DURATION_ARG) ? " [DURATION]"
						    : "",
		t->summary);
	for (o = t->options; o && o->name; o++)
		help_line(f, o);
	for (i = 0; i < N_SHARED; i++)
		if (tool_has(t, shared_options[i].bit))
			help_line(f, &shared_options[i].opt);
	if (t->shared & SHARED_INTERVAL)
		fprintf(f,
			"\n  INTERVAL                   seconds between reports (default: one at exit)\n"
			"  COUNT                      number of reports (default: unlimited)\n");
	if (t->shared & SHARED_DURATION_ARG)
		fprintf(f,
			"\n  DURATION                   seconds to run (default: until Ctrl-C)\n");
	if (t->examples)
		fprintf(f, "\nExamples:\n%s", t->examples);
	fprintf(f, "\nExit status: 0 ok, 1 runtime failure, 2 usage error. See %s(8).\n", t->name);
}

/* ---- parsing ---- */

static void add_option(struct option *longs, int *nlong, char *shorts, const struct tool_option *o)
{
	longs[*nlong] =
		(struct option){ o->name, o->arg ? required_argument : no_argument, NULL, o->key };
	(*nlong)++;
	if (o->key < OPTION_LONG_ONLY) {
		size_t len = strlen(shorts);

		shorts[len++] = (char)o->key;
		if (o->arg)
			shorts[len++] = ':';
		shorts[len] = '\0';
	}
}

static int parse_cgroup(struct option_ctx *ctx, struct run *r, const char *path)
{
	struct statfs fs;
	struct stat st;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return option_error(ctx, "cannot open cgroup '%s': %s", path, strerror(errno));
	if (fstatfs(fd, &fs) || fs.f_type != CGROUP2_SUPER_MAGIC || fstat(fd, &st)) {
		close(fd);
		return option_error(ctx, "'%s' is not a cgroup v2 directory", path);
	}
	if (r->cgroup_fd >= 0)
		close(r->cgroup_fd); /* the last -c wins */
	r->cgroup_fd = fd;
	r->filter.cgroup_id = st.st_ino;
	r->filter.flags |= FILTER_BY_CGROUP;
	return 0;
}

static int parse_name(struct option_ctx *ctx, struct run *r, const char *arg)
{
	if (!*arg)
		return option_error(ctx, "empty name");
	/* the kernel keeps 15 characters of a task's name: match what it keeps */
	strncpy(r->filter.comm, arg, sizeof(r->filter.comm) - 1);
	r->filter.flags |= FILTER_BY_COMM;
	return 0;
}

/* A shared option's value; the flags-only ones are read from r->given later. */
static int parse_shared(struct option_ctx *ctx, struct run *r, int key, const char *arg)
{
	switch (key) {
	case 'p':
		r->filter.flags |= FILTER_BY_TGID;
		return option_u32(ctx, arg, "PID", 1, PID_MAX - 1, &r->filter.tgid);
	case 't':
		r->filter.flags |= FILTER_BY_TID;
		return option_u32(ctx, arg, "TID", 1, PID_MAX - 1, &r->filter.tid);
	case 'u':
		r->filter.flags |= FILTER_BY_UID;
		return option_u32(ctx, arg, "UID", 0, 4294967294UL, &r->filter.uid);
	case 'c':
		return parse_cgroup(ctx, r, arg);
	case 'n':
		return parse_name(ctx, r, arg);
	case 'd':
		return option_seconds(ctx, arg, "duration", &r->duration);
	case 'P':
		r->net_filter.flags |= NET_BY_RPORT;
		return net_parse_ports(ctx, arg, r->net_filter.rports, &r->net_filter.nrports);
	case 'L':
		r->net_filter.flags |= NET_BY_LPORT;
		return net_parse_ports(ctx, arg, r->net_filter.lports, &r->net_filter.nlports);
	case '4':
	case '6':
		r->net_filter.flags |= key == '4' ? NET_ONLY_IPV4 : NET_ONLY_IPV6;
		if ((r->net_filter.flags & NET_ONLY_IPV4) && (r->net_filter.flags & NET_ONLY_IPV6))
			return option_error(ctx, "-4 and -6 exclude each other");
		return 0;
	}
	return 0;
}

/*
 * The tool's operand (struct tool's `operand`), if it takes one: first, and
 * required unless named in brackets ("[MIN_MS]").
 */
static int parse_operand(struct option_ctx *ctx, struct run *r, int argc, char **argv)
{
	if (!r->tool->operand)
		return 0;
	if (optind >= argc && r->tool->operand[0] == '[')
		return 0;
	if (optind >= argc)
		return option_error(ctx, "missing %s", r->tool->operand);
	note_given(&r->given, OPTION_OPERAND);
	return r->tool->parse(ctx, OPTION_OPERAND, argv[optind++]) == 0 ? 0 : -1;
}

static int parse_positional(struct option_ctx *ctx, struct run *r, int argc, char **argv)
{
	int left, max = 0;
	unsigned long count;

	if (parse_operand(ctx, r, argc, argv))
		return -1;
	left = argc - optind;
	if (r->tool->shared & SHARED_INTERVAL)
		max = 2;
	else if (r->tool->shared & SHARED_DURATION_ARG)
		max = 1;
	if (left > max)
		return option_error(ctx, "unexpected argument '%s'", argv[optind + max]);
	if (r->tool->shared & SHARED_DURATION_ARG)
		return left ? option_seconds(ctx, argv[optind], "duration", &r->duration) : 0;
	if (left >= 1 && option_seconds(ctx, argv[optind], "interval", &r->interval))
		return -1;
	if (left == 2) {
		if (option_ulong(ctx, argv[optind + 1], "count", 1, 1UL << 31, &count))
			return -1;
		r->count = count;
	}
	return 0;
}

/* getopt's ':' or '?': name the short letter itself, since "-Zx" is one word. */
static int bad_option(struct option_ctx *ctx, int key, const char *word)
{
	char letter[3] = { '-', (char)optopt, '\0' };
	bool is_long = !strncmp(word, "--", 2);
	const char *name = !is_long && optopt > 0 && optopt < 256 ? letter : word;

	if (key == ':')
		return option_error(ctx, "option '%s' needs an argument", name);
	return option_error(ctx, "unknown option '%s'", name);
}

/* The getopt tables of the tool's options and the shared ones it takes. */
static void build_tables(const struct tool *t, struct option *longs, char *shorts)
{
	const struct tool_option *o;
	int nlong = 0;
	size_t i;

	strcpy(shorts, ":");
	for (o = t->options; o && o->name && nlong < MAX_LONG_OPTIONS - (int)N_SHARED - 1; o++)
		add_option(longs, &nlong, shorts, o);
	for (i = 0; i < N_SHARED; i++)
		if (tool_has(t, shared_options[i].bit))
			add_option(longs, &nlong, shorts, &shared_options[i].opt);
	longs[nlong] = (struct option){ 0 };
}

/* Whether the shared option with this key was given (the tool may use the letter itself). */
static bool shared_given(const struct run *r, int key)
{
	return shared_by_key(r->tool, key) && option_given(&r->given, key);
}

/* How the user names the tool's own option `key`: "-x" or "--name". */
static void own_option_name(const struct tool *t, int key, char *buf, size_t len)
{
	const struct tool_option *o;

	for (o = t->options; o && o->name; o++) {
		if (o->key != key)
			continue;
		if (key < OPTION_LONG_ONLY)
			snprintf(buf, len, "-%c", key);
		else
			snprintf(buf, len, "--%s", o->name);
		return;
	}
	snprintf(buf, len, "?");
}

/*
 * One option: a shared one, or the tool's own. An option with a value is
 * the tool's callback's to parse; a flag needs none (the tool and its
 * columns read it from r->given). 0, or -1 with the error in ctx.
 */
static int parse_one(struct option_ctx *ctx, struct run *r, int key, const char *arg)
{
	char name[64];
	int ret;

	note_given(&r->given, key);
	if (shared_by_key(r->tool, key))
		return parse_shared(ctx, r, key, arg);
	ret = r->tool->parse ? r->tool->parse(ctx, key, arg) : OPTION_NOT_MINE;
	if (ret == OPTION_NOT_MINE && arg) {
		own_option_name(r->tool, key, name, sizeof(name));
		return option_error(ctx, "option '%s' is not handled", name);
	}
	return ret == OPTION_NOT_MINE ? 0 : ret;
}

enum parse_result options_parse(struct run *r, const struct tool *t, void *opts, int argc,
				char **argv, char *err, size_t errlen)
{
	struct option_ctx ctx = { .opts = opts };
	struct option longs[MAX_LONG_OPTIONS];
	char shorts[2 * MAX_LONG_OPTIONS + 2];
	enum parse_result result = PARSE_OK;
	const char *implied;
	int key;

	*r = (struct run){ .tool = t, .cgroup_fd = -1, .kernel_types_fd = -1 };
	err[0] = '\0';
	if (check_collisions(t, err, errlen))
		return PARSE_BROKEN;
	build_tables(t, longs, shorts);
	for (implied = t->implied; implied && *implied; implied++)
		note_given(&r->given, *implied);
	opterr = 0;
	optind = 0; /* a fresh start, also for a second parse in the same process */
	while (result == PARSE_OK && (key = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (key == 'h')
			return PARSE_HELP; /* help wins over anything later on the line */
		if (key == 'V')
			return PARSE_VERSION;
		if ((key == ':' || key == '?' ? bad_option(&ctx, key, argv[optind - 1])
					      : parse_one(&ctx, r, key, optarg)))
			result = PARSE_USAGE;
	}
	if (result == PARSE_OK && parse_positional(&ctx, r, argc, argv))
		result = PARSE_USAGE;
	if (result == PARSE_OK && t->check && t->check(&ctx, r))
		result = PARSE_USAGE;
	if (result == PARSE_USAGE) {
		snprintf(err, errlen, "%s", ctx.error);
		if (r->cgroup_fd >= 0)
			close(r->cgroup_fd);
		r->cgroup_fd = -1;
	}
	r->json = shared_given(r, 'j');
	r->verbose = shared_given(r, 'v');
	r->timestamp = shared_given(r, 'T');
	r->milliseconds = shared_given(r, 'm');
	r->failed_only = shared_given(r, 'x');
	return result;
}
