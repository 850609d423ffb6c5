// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * run_parse(): the command line every tool shares. Usage errors exit the
 * process, so those cases run in a child whose exit code, stdout and stderr
 * the test inspects; a few use Criterion's .exit_code instead.
 */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "run.h"

#include <criterion/redirect.h>

/* ---- three small tools -------------------------------------------------- */

#define OPT_WHAT 300

/* What the test tools' own options set: the context their parse() gets. */
struct test_opts {
	int x;
	long level;
	const char *what, *disk;
};

static struct test_opts own = { .level = -1 };

static const struct tool_option event_options[] = {
	{ "extra", 'x', NULL, "show extra things" },
	{ "level", 'L', "N", "set the level (0 to 9)" },
	{ "what", OPT_WHAT, "WHAT", "a long-only option" },
	{ "refuse", 'R', "ARG", "an option the tool's parser turns down" },
	{ "flag", 'F', NULL, "a flag the parser leaves to the given set" },
	{ 0 },
};

static int event_parse(struct option_ctx *ctx, int key, const char *arg)
{
	struct test_opts *o = ctx->opts;
	unsigned long level;

	switch (key) {
	case 'x':
		o->x++;
		return 0;
	case 'L':
		if (option_ulong(ctx, arg, "level", 0, 9, &level))
			return -1;
		o->level = level;
		return 0;
	case OPT_WHAT:
		o->what = arg;
		return 0;
	}
	return OPTION_NOT_MINE;
}

static const struct tool event_tool = {
	.name = "evtool",
	.summary = "Trace test events.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP,
	.options = event_options,
	.parse = event_parse,
	.examples = "  evtool -x               extra things\n",
};

static const struct tool summary_tool = {
	.name = "sumtool",
	.summary = "Summarize test latencies.",
	.shared = SHARED_PID | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
};

/* A summary tool with its own -d (bcc's biolatency -d DISK); it has no -d/--duration. */
static const struct tool_option disk_options[] = {
	{ "disk", 'd', "DISK", "trace this disk only" },
	{ 0 },
};

static int disk_parse(struct option_ctx *ctx, int key, const char *arg)
{
	struct test_opts *o = ctx->opts;

	if (key != 'd')
		return OPTION_NOT_MINE;
	o->disk = arg;
	return 0;
}

/* -p and --disk together are refused once every option is known. */
static int disk_check(struct option_ctx *ctx, const struct run *r)
{
	struct test_opts *o = ctx->opts;

	if (o->disk && (r->filter.flags & FILTER_BY_TGID))
		return option_error(ctx, "-d and -p cannot be used together");
	return 0;
}

static const struct tool disk_tool = {
	.name = "disktool",
	.summary = "Summarize test disk latencies.",
	.shared = SHARED_INTERVAL | SHARED_PID,
	.options = disk_options,
	.parse = disk_parse,
	.check = disk_check,
};

/* A tool with bcc profile's [DURATION] operand, and one with stackcount's PROBE. */
static const struct tool duration_tool = {
	.name = "durtool",
	.summary = "Sample test stacks.",
	.shared = SHARED_PID | SHARED_DURATION_ARG,
};

static int operand_parse(struct option_ctx *ctx, int key, const char *arg)
{
	struct test_opts *o = ctx->opts;

	if (key != OPTION_OPERAND)
		return OPTION_NOT_MINE;
	if (!strcmp(arg, "bad"))
		return option_error(ctx, "bad probe '%s'", arg);
	o->what = arg;
	return 0;
}

static const struct tool operand_tool = {
	.name = "optool",
	.summary = "Count test probes.",
	.shared = SHARED_PID | SHARED_DURATION,
	.operand = "PROBE",
	.parse = operand_parse,
};

/* ---- helpers ------------------------------------------------------------ */

#define ARGS(...) ((char *[]){ __VA_ARGS__, NULL })

static int count_args(char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	return argc;
}

static void parse(struct run *r, const struct tool *t, char **argv)
{
	run_parse(r, t, &own, count_args(argv), argv);
}

/* options_parse() itself: the result, and its message in err. */
static enum parse_result try_parse(const struct tool *t, char **argv, char *err, size_t len)
{
	struct run r;
	enum parse_result res;

	own = (struct test_opts){ .level = -1 };
	res = options_parse(&r, t, &own, count_args(argv), argv, err, len);
	if (r.cgroup_fd >= 0)
		close(r.cgroup_fd);
	return res;
}

/* The child's exit code when run_parse() returned. */
#define PARSED 99

struct outcome {
	int code; /* exit code, -1 if killed */
	char out[8192];
	char err[2048];
};

struct child_parse {
	const struct tool *tool;
	char **argv;
};

static void exit_at_once(int status, void *arg)
{
	(void)arg;
	fflush(stdout);
	fflush(stderr);
	_exit(status); /* skip the test runner's own exit handlers */
}

static void read_back(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run fn(arg) in a child with stdout and stderr caught; it should exit. */
static struct outcome in_child(void (*fn)(void *), void *arg)
{
	struct outcome o = { .code = -1 };
	FILE *out = tmpfile(), *err = tmpfile();
	int status;
	pid_t pid;

	cr_assert(out && err, "tmpfile failed");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	cr_assert_geq(pid, 0, "fork failed");
	if (pid == 0) {
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		on_exit(exit_at_once, NULL);
		fn(arg);
		exit(PARSED);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status))
		o.code = WEXITSTATUS(status);
	read_back(out, o.out, sizeof(o.out));
	read_back(err, o.err, sizeof(o.err));
	return o;
}

static void do_parse(void *arg)
{
	const struct child_parse *p = arg;
	struct run r;

	parse(&r, p->tool, p->argv);
	printf("disk=%s\n", own.disk ? own.disk : "(none)");
}

static struct outcome parse_in_child(const struct tool *t, char **argv)
{
	struct child_parse p = { t, argv };

	return in_child(do_parse, &p);
}

#define assert_usage_error(result, expected_err)                                       \
	do {                                                                           \
		struct outcome o_ = (result);                                          \
		cr_assert_eq(o_.code, 2, "exit code %d, stderr: %s", o_.code, o_.err); \
		cr_assert_str_eq(o_.err, expected_err);                                \
		cr_assert_str_eq(o_.out, "", "stdout: %s", o_.out);                    \
	} while (0)

/* Exit 2 with one line on stderr, starting as given. */
#define assert_usage_error_prefix(result, prefix)                                      \
	do {                                                                           \
		struct outcome o_ = (result);                                          \
		cr_assert_eq(o_.code, 2, "exit code %d, stderr: %s", o_.code, o_.err); \
		cr_assert(starts_with(o_.err, prefix), "stderr: %s", o_.err);          \
		cr_assert_eq(strchr(o_.err, '\n'), o_.err + strlen(o_.err) - 1,        \
			     "not one line: %s", o_.err);                              \
		cr_assert_str_eq(o_.out, "", "stdout: %s", o_.out);                    \
	} while (0)

/* ---- what parses -------------------------------------------------------- */

Test(options, no_arguments_give_defaults)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool"));
	cr_assert_eq(r.tool, &event_tool);
	cr_assert_eq(r.filter.flags, 0);
	cr_assert_eq(r.cgroup_fd, -1);
	cr_assert_not(r.json);
	cr_assert_not(r.timestamp);
	cr_assert_not(r.verbose);
	cr_assert_eq(r.duration, 0);
	cr_assert_eq(r.interval, 0);
	cr_assert_eq(r.count, 0);
	cr_assert_eq(r.exit_code, 0);
}

Test(options, pid_sets_tgid_filter)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-p", "42"));
	cr_assert_eq(r.filter.flags, FILTER_BY_TGID);
	cr_assert_eq(r.filter.tgid, 42);
}

Test(options, long_pid_with_equals_sets_tgid_filter)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "--pid=4194303"));
	cr_assert_eq(r.filter.flags, FILTER_BY_TGID);
	cr_assert_eq(r.filter.tgid, 4194303);
}

Test(options, tid_and_uid_filters)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-t", "7", "--uid", "0"));
	cr_assert_eq(r.filter.flags, FILTER_BY_TID | FILTER_BY_UID);
	cr_assert_eq(r.filter.tid, 7);
	cr_assert_eq(r.filter.uid, 0, "uid 0 (root) is a valid filter");
}

Test(options, name_longer_than_15_is_truncated)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-n", "abcdefghijklmnopqrstuvwxyz"));
	cr_assert_eq(r.filter.flags, FILTER_BY_COMM);
	cr_assert_str_eq(r.filter.comm, "abcdefghijklmno");
	cr_assert_eq(strlen(r.filter.comm), 15);
}

Test(options, short_name_is_kept_whole)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "--name", "sshd"));
	cr_assert_str_eq(r.filter.comm, "sshd");
	cr_assert_eq(r.filter.comm[sizeof(r.filter.comm) - 1], '\0');
}

Test(options, flags_json_timestamp_verbose)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-jT", "--verbose"));
	cr_assert(r.json);
	cr_assert(r.timestamp);
	cr_assert(r.verbose);
	cr_assert(output_json(), "run_parse sets up JSON output for -j");
}

Test(options, duration_takes_fractional_seconds)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-d", "2.5"));
	cr_assert_float_eq(r.duration, 2.5, 1e-9);
}

Test(options, own_options_reach_the_tool)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-x", "-L", "5", "--what=that", "-x"));
	cr_assert_eq(own.x, 2);
	cr_assert_eq(own.level, 5);
	cr_assert_str_eq(own.what, "that");
}

Test(options, summary_tool_takes_interval_and_count)
{
	struct run r;

	parse(&r, &summary_tool, ARGS("sumtool", "2", "5"));
	cr_assert_float_eq(r.interval, 2.0, 1e-9);
	cr_assert_eq(r.count, 5);
}

Test(options, summary_tool_takes_interval_alone)
{
	struct run r;

	parse(&r, &summary_tool, ARGS("sumtool", "0.5"));
	cr_assert_float_eq(r.interval, 0.5, 1e-9);
	cr_assert_eq(r.count, 0);
}

Test(options, duration_operand_sets_the_duration)
{
	struct run r;

	parse(&r, &duration_tool, ARGS("durtool", "-p", "7", "2.5"));
	cr_assert_float_eq(r.duration, 2.5, 1e-9);
	cr_assert_float_eq(r.interval, 0, 1e-9);
	parse(&r, &duration_tool, ARGS("durtool"));
	cr_assert_float_eq(r.duration, 0, 1e-9);
}

Test(options, operand_reaches_the_tool_wherever_it_stands)
{
	struct run r;

	own.what = NULL;
	parse(&r, &operand_tool, ARGS("optool", "t:sched:sched_switch", "-p", "7"));
	cr_assert_str_eq(own.what, "t:sched:sched_switch");
	cr_assert_eq(r.filter.tgid, 7);
	own.what = NULL;
	parse(&r, &operand_tool, ARGS("optool", "-d", "1", "u:libc:malloc"));
	cr_assert_str_eq(own.what, "u:libc:malloc");
	cr_assert_float_eq(r.duration, 1.0, 1e-9);
}

Test(options, options_may_follow_interval)
{
	struct run r;

	parse(&r, &summary_tool, ARGS("sumtool", "1", "-m", "3", "-p", "9"));
	cr_assert(r.milliseconds);
	cr_assert_float_eq(r.interval, 1.0, 1e-9);
	cr_assert_eq(r.count, 3);
	cr_assert_eq(r.filter.tgid, 9);
}

/* The first cgroup v2 mount, or NULL. */
static const char *cgroup2_mount(void)
{
	static char path[256];
	char type[64];
	bool found = false;
	FILE *f = fopen("/proc/self/mounts", "r");

	if (!f)
		return NULL;
	while (!found && fscanf(f, "%*s %255s %63s %*[^\n]\n", path, type) == 2)
		found = !strcmp(type, "cgroup2");
	fclose(f);
	return found ? path : NULL;
}

Test(options, cgroup_v2_directory_sets_cgroup_filter)
{
	const char *path = cgroup2_mount();
	struct run r;

	if (!path)
		cr_skip_test("no cgroup v2 mount");
	parse(&r, &event_tool, ARGS("evtool", "-c", (char *)path));
	cr_assert_eq(r.filter.flags, FILTER_BY_CGROUP);
	cr_assert_geq(r.cgroup_fd, 0);
	cr_assert_neq(fcntl(r.cgroup_fd, F_GETFD), -1, "the cgroup fd is open");
}

/* ---- usage errors: exit 2, one line ------------------------------------- */

Test(usage, operand_missing_extra_or_refused)
{
	assert_usage_error(parse_in_child(&operand_tool, ARGS("optool", "-p", "7")),
			   "optool: missing PROBE (see --help)\n");
	assert_usage_error(parse_in_child(&operand_tool, ARGS("optool", "a", "b")),
			   "optool: unexpected argument 'b' (see --help)\n");
	assert_usage_error(parse_in_child(&operand_tool, ARGS("optool", "bad")),
			   "optool: bad probe 'bad' (see --help)\n");
}

Test(usage, duration_operand_must_be_seconds_and_alone)
{
	assert_usage_error_prefix(parse_in_child(&duration_tool, ARGS("durtool", "x")),
				  "durtool: ");
	assert_usage_error(parse_in_child(&duration_tool, ARGS("durtool", "1", "2")),
			   "durtool: unexpected argument '2' (see --help)\n");
}

Test(usage, unknown_short_option)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-Z"));

	assert_usage_error(o, "evtool: unknown option '-Z' (see --help)\n");
}

Test(usage, unknown_long_option)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "--bogus"));

	assert_usage_error(o, "evtool: unknown option '--bogus' (see --help)\n");
}

/*
 * Regression (common/run.c, run_parse, fixed): it used to be that an unknown letter that is not the last in
 * a cluster ("-Zx") is reported with argv[optind - 1], which getopt has not
 * advanced yet: the message names the program ("unknown option 'evtool'").
 */
Test(usage, unknown_option_in_cluster_names_the_option)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-Zx"));

	assert_usage_error(o, "evtool: unknown option '-Z' (see --help)\n");
}

Test(usage, shared_option_the_tool_lacks_is_unknown)
{
	struct outcome o = parse_in_child(&summary_tool, ARGS("sumtool", "-t", "5"));

	assert_usage_error(o, "sumtool: unknown option '-t' (see --help)\n");
	o = parse_in_child(&summary_tool, ARGS("sumtool", "--duration", "5"));
	assert_usage_error(o, "sumtool: unknown option '--duration' (see --help)\n");
}

Test(usage, missing_argument_short)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-p"));

	assert_usage_error(o, "evtool: option '-p' needs an argument (see --help)\n");
}

Test(usage, missing_argument_long)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "--pid"));

	assert_usage_error(o, "evtool: option '--pid' needs an argument (see --help)\n");
}

Test(usage, missing_argument_of_own_option)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-x", "-L"));

	assert_usage_error(o, "evtool: option '-L' needs an argument (see --help)\n");
}

Test(usage, bad_pids)
{
	static const char *const bad[] = { "abc",   "0",       "-1",   "99999999", "",
					   "12abc", "4194305", "0x10", "1.5" };
	char expected[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct outcome o =
			parse_in_child(&event_tool, ARGS("evtool", "-p", (char *)bad[i]));

		snprintf(
			expected, sizeof(expected),
			"evtool: invalid PID '%s': expected a number from 1 to 4194303 (see --help)\n",
			bad[i]);
		assert_usage_error(o, expected);
	}
}

Test(usage, bad_tid_and_uid)
{
	assert_usage_error_prefix(parse_in_child(&event_tool, ARGS("evtool", "-t", "0")),
				  "evtool: invalid TID '0'");
	assert_usage_error_prefix(parse_in_child(&event_tool, ARGS("evtool", "-u", "-1")),
				  "evtool: invalid UID '-1'");
	assert_usage_error_prefix(parse_in_child(&event_tool, ARGS("evtool", "-u", "4294967295")),
				  "evtool: invalid UID '4294967295'");
}

Test(usage, empty_name)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-n", ""));

	assert_usage_error(o, "evtool: empty name (see --help)\n");
}

Test(usage, bad_durations)
{
	static const char *const bad[] = { "0", "-1", "x", "", "nan", "inf", "1e10", "5s" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char prefix[64];

		snprintf(prefix, sizeof(prefix), "evtool: invalid duration '%s'", bad[i]);
		assert_usage_error_prefix(
			parse_in_child(&event_tool, ARGS("evtool", "-d", (char *)bad[i])), prefix);
	}
}

Test(usage, positional_argument_for_event_tool)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-x", "foo"));

	assert_usage_error(o, "evtool: unexpected argument 'foo' (see --help)\n");
}

Test(usage, zero_or_bad_interval)
{
	assert_usage_error(
		parse_in_child(&summary_tool, ARGS("sumtool", "0")),
		"sumtool: invalid interval '0': expected seconds, at least 0.001 (see --help)\n");
	assert_usage_error(
		parse_in_child(&summary_tool, ARGS("sumtool", "x")),
		"sumtool: invalid interval 'x': expected seconds, at least 0.001 (see --help)\n");
}

Test(usage, zero_or_bad_count)
{
	assert_usage_error_prefix(parse_in_child(&summary_tool, ARGS("sumtool", "1", "0")),
				  "sumtool: invalid count '0'");
	assert_usage_error_prefix(parse_in_child(&summary_tool, ARGS("sumtool", "1", "x")),
				  "sumtool: invalid count 'x'");
}

Test(usage, third_positional_argument)
{
	struct outcome o = parse_in_child(&summary_tool, ARGS("sumtool", "1", "2", "3"));

	assert_usage_error(o, "sumtool: unexpected argument '3' (see --help)\n");
}

Test(usage, own_option_bad_value_names_the_tool)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-L", "10"));

	assert_usage_error(
		o, "evtool: invalid level '10': expected a number from 0 to 9 (see --help)\n");
}

Test(usage, option_with_a_value_the_tool_does_not_handle)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-R", "v"));

	assert_usage_error(o, "evtool: option '-R' is not handled (see --help)\n");
}

Test(usage, cgroup_path_that_is_not_cgroup_v2)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-c", "/tmp"));

	assert_usage_error(o, "evtool: '/tmp' is not a cgroup v2 directory (see --help)\n");
}

Test(usage, cgroup_path_that_does_not_exist)
{
	struct outcome o =
		parse_in_child(&event_tool, ARGS("evtool", "-c", "/nonexistent/sonde-test"));

	assert_usage_error_prefix(o, "evtool: cannot open cgroup '/nonexistent/sonde-test': ");
}

Test(usage, cgroup_path_that_is_a_file)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-c", "/proc/self/status"));

	assert_usage_error_prefix(o, "evtool: cannot open cgroup '/proc/self/status': ");
}

/*
 * Regression (common/run.c, parse_shared, fixed): it used to be that run_parse() hands every key to
 * parse_shared() first, whether or not the tool has that shared option. A
 * tool without -d/--duration that defines its own -d (bcc's biolatency -d
 * DISK, profile's -c COUNT) never sees it: "-d vda" is parsed as a
 * duration and fails.
 */
Test(usage, own_option_letter_is_not_taken_by_a_shared_option_the_tool_lacks)
{
	struct outcome o = parse_in_child(&disk_tool, ARGS("disktool", "-d", "vda"));

	cr_assert_eq(o.code, PARSED, "exit code %d, stderr: %s", o.code, o.err);
	cr_assert_str_eq(o.out, "disk=vda\n");
}

/* The same cases through Criterion's own exit-code check. */

static void quiet(void)
{
	cr_redirect_stdout();
	cr_redirect_stderr();
}

Test(usage_exit, unknown_option_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "--no-such-option"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, missing_argument_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-n"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, bad_pid_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-p", "abc"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, positional_for_event_tool_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "5"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, zero_interval_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &summary_tool, ARGS("sumtool", "0"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, non_cgroup_path_exits_2, .exit_code = 2, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "-c", "/"));
	cr_assert_fail("run_parse returned");
}

Test(usage_exit, help_exits_0, .exit_code = 0, .init = quiet)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool", "--help"));
	cr_assert_fail("run_parse returned");
}

/* ---- help and version --------------------------------------------------- */

Test(help, lists_own_and_shared_options)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-h"));

	cr_assert_eq(o.code, 0, "exit code %d", o.code);
	cr_assert_str_eq(o.err, "");
	cr_assert(starts_with(o.out, "Usage: evtool [OPTIONS]\nTrace test events.\n"), "stdout: %s",
		  o.out);
	cr_assert_not_null(strstr(o.out, "  -x, --extra "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -L, --level N "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "      --what WHAT "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "show extra things\n"), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -p, --pid PID "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -c, --cgroup PATH "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -d, --duration SECONDS "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -j, --json "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "\nExamples:\n  evtool -x "), "stdout: %s", o.out);
	cr_assert_null(strstr(o.out, "INTERVAL"), "stdout: %s", o.out);
}

Test(help, descriptions_line_up)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "--help"));
	const char *x = strstr(o.out, "show extra things"),
		   *p = strstr(o.out, "trace this process");
	const char *x_line = x, *p_line = p;

	cr_assert(x && p, "stdout: %s", o.out);
	while (x_line > o.out && x_line[-1] != '\n')
		x_line--;
	while (p_line > o.out && p_line[-1] != '\n')
		p_line--;
	cr_assert_eq(x - x_line, p - p_line, "stdout: %s", o.out);
}

Test(help, summary_tool_shows_interval_not_task_filters_it_lacks)
{
	struct outcome o = parse_in_child(&summary_tool, ARGS("sumtool", "--help"));

	cr_assert_eq(o.code, 0);
	cr_assert(starts_with(o.out, "Usage: sumtool [OPTIONS] [INTERVAL [COUNT]]\n"), "stdout: %s",
		  o.out);
	cr_assert_not_null(strstr(o.out, "  INTERVAL "), "stdout: %s", o.out);
	cr_assert_not_null(strstr(o.out, "  -m, --milliseconds "), "stdout: %s", o.out);
	cr_assert_null(strstr(o.out, "--tid"), "stdout: %s", o.out);
	cr_assert_null(strstr(o.out, "--duration"), "stdout: %s", o.out);
	cr_assert_null(strstr(o.out, "--cgroup"), "stdout: %s", o.out);
}

Test(help, version_names_tool_and_exits_0)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-V"));

	cr_assert_eq(o.code, 0);
	cr_assert(starts_with(o.out, "evtool (sonde) "), "stdout: %s", o.out);
	cr_assert_str_eq(o.err, "");
}

Test(help, help_wins_over_a_later_bad_option)
{
	struct outcome o = parse_in_child(&event_tool, ARGS("evtool", "-h", "-p", "abc"));

	cr_assert_eq(o.code, 0);
}

/* ---- the number parsers a tool's parse() uses --------------------------- */

static int ulong_of(const char *arg, unsigned long min, unsigned long max, unsigned long *v,
		    char *err, size_t len)
{
	struct option_ctx ctx = { 0 };
	int ret = option_ulong(&ctx, arg, "N", min, max, v);

	snprintf(err, len, "%s", ctx.error);
	return ret;
}

Test(numbers, option_ulong_accepts_range_bounds)
{
	unsigned long v;
	char err[256];

	cr_assert_eq(ulong_of("1", 1, 10, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(ulong_of("10", 1, 10, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 10);
	cr_assert_eq(ulong_of("0", 0, 0, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(ulong_of("4294967294", 0, 4294967294UL, &v, err, sizeof(err)), 0);
	cr_assert_eq(v, 4294967294UL);
	cr_assert_eq(ulong_of("007", 0, 10, &v, err, sizeof(err)), 0, "leading zeros are decimal");
	cr_assert_eq(v, 7);
}

/*
 * Regression (common/options.c, fixed): strtoul() accepted leading spaces, a
 * plus sign and (with base 0 elsewhere) hex, so "-p ' 5'", "-p +5" and
 * "-d 0x10" (16 s) were taken. Plain decimal digits only.
 */
Test(numbers, option_ulong_rejects_out_of_range_and_anything_but_digits)
{
	static const struct {
		const char *arg;
		unsigned long min, max;
	} bad[] = {
		{ "11", 1, 10 },  { "0", 1, 10 },   { "-1", 0, 10 },
		{ "", 0, 10 },	  { "x", 0, 10 },   { "5x", 0, 10 },
		{ " 5", 0, 10 },  { "+5", 0, 10 },  { "5 ", 0, 10 },
		{ "0x5", 0, 10 }, { "\t5", 0, 10 }, { "18446744073709551616", 0, ~0UL },
	};
	unsigned long v = 99;
	char err[256], want[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(ulong_of(bad[i].arg, bad[i].min, bad[i].max, &v, err, sizeof(err)), -1,
			     "'%s' was accepted", bad[i].arg);
		snprintf(want, sizeof(want), "invalid N '%s': expected a number from %lu to %lu",
			 bad[i].arg, bad[i].min, bad[i].max);
		cr_assert_str_eq(err, want);
		cr_assert_eq(v, 99, "a refused value was stored");
	}
}

Test(numbers, option_seconds_accepts_plain_decimals)
{
	struct option_ctx ctx = { 0 };
	double v;

	cr_assert_eq(option_seconds(&ctx, "1.5", "interval", &v), 0);
	cr_assert_float_eq(v, 1.5, 1e-12);
	cr_assert_eq(option_seconds(&ctx, "0.001", "interval", &v), 0);
	cr_assert_float_eq(v, 0.001, 1e-12);
	cr_assert_eq(option_seconds(&ctx, ".5", "interval", &v), 0);
	cr_assert_float_eq(v, 0.5, 1e-12);
	cr_assert_eq(option_seconds(&ctx, "1000000000", "interval", &v), 0);
}

Test(numbers, option_seconds_rejects_zero_negative_and_anything_but_decimals)
{
	static const char *const bad[] = { "0",	  "-0.5",  "",	   "x",		"nan", "inf",
					   "1e3", "2m",	   "0x10", " 1",	"+1",  "1.",
					   ".",	  "1.2.3", "1e10", "1000000001" };
	char want[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct option_ctx ctx = { 0 };
		double v = 99;

		cr_assert_eq(option_seconds(&ctx, bad[i], "interval", &v), -1, "'%s' was accepted",
			     bad[i]);
		snprintf(want, sizeof(want),
			 "invalid interval '%s': expected seconds, at least 0.001", bad[i]);
		cr_assert_str_eq(ctx.error, want);
		cr_assert_eq(v, 99);
	}
}

Test(numbers, option_u32_caps_at_32_bits)
{
	struct option_ctx ctx = { 0 };
	__u32 v;

	cr_assert_eq(option_u32(&ctx, "4294967295", "N", 0, ~0UL, &v), 0);
	cr_assert_eq(v, 4294967295U);
	cr_assert_eq(option_u32(&ctx, "4294967296", "N", 0, ~0UL, &v), -1);
}

Test(numbers, bad_numbers_on_the_command_line_exit_2_with_one_line)
{
	assert_usage_error(parse_in_child(&event_tool, ARGS("evtool", "-p", " 5")),
			   "evtool: invalid PID ' 5': expected a number from 1 to 4194303 (see "
			   "--help)\n");
	assert_usage_error(parse_in_child(&event_tool, ARGS("evtool", "-p", "+5")),
			   "evtool: invalid PID '+5': expected a number from 1 to 4194303 (see "
			   "--help)\n");
	assert_usage_error(
		parse_in_child(&event_tool, ARGS("evtool", "-d", "0x10")),
		"evtool: invalid duration '0x10': expected seconds, at least 0.001 (see --help)\n");
}

/* ---- the parser's results, without exiting ------------------------------ */

Test(parser, results_are_returned_not_acted_on)
{
	char err[256];

	cr_assert_eq(try_parse(&event_tool, ARGS("evtool", "-p", "7"), err, sizeof(err)), PARSE_OK);
	cr_assert_str_eq(err, "");
	cr_assert_eq(try_parse(&event_tool, ARGS("evtool", "--help"), err, sizeof(err)),
		     PARSE_HELP);
	cr_assert_eq(try_parse(&event_tool, ARGS("evtool", "-V"), err, sizeof(err)), PARSE_VERSION);
	cr_assert_eq(try_parse(&event_tool, ARGS("evtool", "-p", "x"), err, sizeof(err)),
		     PARSE_USAGE);
	cr_assert_str_eq(err, "invalid PID 'x': expected a number from 1 to 4194303");
}

Test(parser, a_flag_needs_no_parse_code_and_is_given)
{
	struct run r;
	char err[256];

	own = (struct test_opts){ 0 };
	cr_assert_eq(
		options_parse(&r, &event_tool, &own, 2, ARGS("evtool", "-F"), err, sizeof(err)),
		PARSE_OK, "%s", err);
	cr_assert(run_given(&r, 'F'));
	cr_assert_not(run_given(&r, 'x'));
}

Test(parser, the_check_sees_every_option)
{
	char err[256];

	cr_assert_eq(
		try_parse(&disk_tool, ARGS("disktool", "-d", "vda", "-p", "3"), err, sizeof(err)),
		PARSE_USAGE);
	cr_assert_str_eq(err, "-d and -p cannot be used together");
	cr_assert_eq(try_parse(&disk_tool, ARGS("disktool", "-d", "vda"), err, sizeof(err)),
		     PARSE_OK);
}

/* A tool's own option may not take a shared option's letter or name: refused at start. */
Test(parser, an_own_option_colliding_with_a_shared_one_is_refused)
{
	static const struct tool_option letter[] = { { "extended", 'p', NULL, "x" }, { 0 } };
	static const struct tool_option name[] = { { "pid", 'Z', NULL, "x" }, { 0 } };
	const struct tool by_letter = { .name = "t", .shared = SHARED_PID, .options = letter };
	const struct tool by_name = { .name = "t", .shared = SHARED_PID, .options = name };
	const struct tool without_pid = { .name = "t", .options = letter };
	char err[256];

	cr_assert_eq(try_parse(&by_letter, ARGS("t"), err, sizeof(err)), PARSE_BROKEN);
	cr_assert_str_eq(
		err, "internal error: its option --extended collides with the shared option --pid");
	cr_assert_eq(try_parse(&by_name, ARGS("t"), err, sizeof(err)), PARSE_BROKEN);
	cr_assert_eq(try_parse(&without_pid, ARGS("t", "-p"), err, sizeof(err)), PARSE_OK,
		     "a letter is free when the tool does not take that shared option");
}

Test(parser, a_colliding_tool_exits_1_with_one_line)
{
	static const struct tool_option letter[] = { { "extended", 'p', NULL, "x" }, { 0 } };
	static const struct tool by_letter = { .name = "t",
					       .shared = SHARED_PID,
					       .options = letter };
	struct outcome o = parse_in_child(&by_letter, ARGS("t"));

	cr_assert_eq(o.code, 1);
	cr_assert_str_eq(
		o.err,
		"t: internal error: its option --extended collides with the shared option --pid\n");
}

/* ---- runtime messages --------------------------------------------------- */

Test(messages, run_warn_and_run_fail_are_one_line_prefixed_with_the_tool,
     .init = cr_redirect_stderr)
{
	struct run r;

	parse(&r, &event_tool, ARGS("evtool"));
	run_warn(&r, "lost %d", 3);
	cr_assert_eq(r.exit_code, 0, "a warning leaves the exit code");
	run_fail(&r, "cannot attach: needs %s", "tracepoint sched:sched_process_exec");
	cr_assert_eq(r.exit_code, 1, "a failure sets it");
	fflush(stderr);
	cr_assert_stderr_eq_str(
		"evtool: lost 3\nevtool: cannot attach: needs tracepoint sched:sched_process_exec\n");
}
