// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "snoop.h"

/* tests/workloads/syncer.c's descriptors, mapping and sizes */
#define FD	 42
#define BAD_FD	 99
#define MAP_ADDR 0x500000000000ULL
#define SIZE	 16384

static char file[128];

static void file_name(void)
{
	snprintf(file, sizeof(file), "/tmp/%s-sync", test_marker());
}

static void file_remove(void)
{
	unlink(file);
}

TestSuite(syncsnoop, .init = file_name, .fini = file_remove, .timeout = 60);

struct want {
	const char *call;
	int fd;
	unsigned long long offset, len;
	const char *flags;
	int ret;
	const char *error;
};

/* What syncer does, in order. */
static const struct want script[] = {
	{ "sync", -1, 0, 0, "0", 0, "0" },
	{ "syncfs", FD, 0, 0, "0", 0, "0" },
	{ "fsync", FD, 0, 0, "0", 0, "0" },
	{ "fdatasync", FD, 0, 0, "0", 0, "0" },
	{ "sync_file_range", FD, 4096, 8192, "SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER", 0,
	  "0" },
	{ "msync", -1, MAP_ADDR, SIZE, "MS_SYNC", 0, "0" },
	{ "fsync", BAD_FD, 0, 0, "0", -1, "EBADF" },
	{ "msync", -1, MAP_ADDR + 1, 10, "MS_SYNC", -1, "EINVAL" },
	{ "sync_file_range", FD, 0, 0, "0x8", -1, "EINVAL" },
};

#define SCRIPT_LEN (sizeof(script) / sizeof(script[0]))

static void spawn(struct workload *w)
{
	workload_spawn(w, "syncer", file, NULL);
}

static void assert_call(const struct json *r, const struct want *want, pid_t pid)
{
	const char *call = want->call;

	cr_assert_str_eq(json_string(r, "call"), call);
	cr_assert_eq(json_number(r, "fd"), want->fd, "%s: fd", call);
	cr_assert_eq(json_number(r, "offset"), want->offset, "%s: offset", call);
	cr_assert_eq(json_number(r, "len"), want->len, "%s: len", call);
	cr_assert_str_eq(json_string(r, "flags"), want->flags, "%s: flags", call);
	cr_assert_eq(json_number(r, "ret"), want->ret, "%s: ret", call);
	cr_assert_str_eq(json_string(r, "error"), want->error, "%s: error", call);
	cr_assert_gt(json_number(r, "lat_ms"), 0, "%s: no time spent in the call", call);
	cr_assert_lt(json_number(r, "lat_ms"), 60000, "%s: latency", call);
	cr_assert_str_eq(json_string(r, "comm"), "syncer");
	cr_assert_eq(json_number(r, "tid"), pid);
	cr_assert_eq(json_number(r, "uid"), getuid());
}

static void assert_script(const struct json *recs, size_t n, pid_t pid, bool failed_only)
{
	const struct json *mine[64];
	size_t i, k, s = 0;

	k = snoop_of_pid(recs, n, pid, mine, 64);
	for (i = 0; i < SCRIPT_LEN; i++) {
		if (failed_only && script[i].ret == 0)
			continue;
		cr_assert(s < k, "call %zu (%s) missing", i, script[i].call);
		assert_call(mine[s++], &script[i], pid);
	}
	cr_assert_eq(s, k, "%zu calls seen, %zu made", k, s);
}

Test(syncsnoop, every_call_exactly_in_order)
{
	const char *args[TRACE_MAX_ARGS + 1] = { NULL };
	const struct json *first[1];
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = trace_workload(&w, &n, "syncsnoop", args);
	assert_script(recs, n, w.pid, false);
	cr_assert_eq(snoop_of_pid(recs, n, w.pid, first, 1), 1);
	assert_fields_documented("syncsnoop", first[0]);
	json_lines_free(recs, n);
}

Test(syncsnoop, failed_only_and_tid_filter)
{
	const char *args[TRACE_MAX_ARGS + 1] = { "-x", "-t", NULL };
	struct workload w;
	struct json *recs;
	size_t n, i;

	spawn(&w);
	args[2] = num_arg(w.pid);
	recs = trace_workload(&w, &n, "syncsnoop", args);
	for (i = 0; i < n; i++) {
		if (json_get(&recs[i], "lost_events"))
			continue;
		cr_assert_eq(json_number(&recs[i], "tid"), w.pid, "-t let another thread through");
	}
	assert_script(recs, n, w.pid, true);
	json_lines_free(recs, n);
}

/* The line of the workload's failed fsync: [TIME] PID COMM CALL FD LAT(ms) RET. */
static void assert_text_line(const char *out, pid_t pid, bool with_time)
{
	char comm[32], call[32], ret[32], want[64];
	const char *line;
	int got_pid, fd;
	double lat;

	snprintf(want, sizeof(want), "%-7d syncer ", pid);
	for (line = out; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *fields = with_time ? line + 9 : line;

		if (strncmp(fields, want, strlen(want)) ||
		    sscanf(fields, "%d %31s %31s %d %lf %31s", &got_pid, comm, call, &fd, &lat,
			   ret) != 6 ||
		    fd != BAD_FD)
			continue;
		cr_assert_str_eq(call, "fsync");
		cr_assert_str_eq(ret, "-EBADF");
		cr_assert(lat >= 0 && lat < 60000, "LAT(ms) %f", lat);
		return;
	}
	cr_assert_fail("no fsync(%d) line for %d in:\n%s", BAD_FD, pid, out);
}

Test(syncsnoop, text_columns)
{
	const char *header = "PID     COMM             CALL              FD    LAT(ms) RET\n";
	struct tool_proc t;
	struct workload w;

	spawn(&w);
	tool_start(&t, "syncsnoop", "-n", "syncer", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, header, strlen(header)), "header: %s", t.out);
	assert_text_line(t.out, w.pid, false);
	tool_free(&t);

	spawn(&w);
	tool_start(&t, "syncsnoop", "-T", "-e", "-n", "syncer", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out,
			   "TIME     PID     COMM             CALL              FD       OFFSET"
			   "        LEN FLAGS           LAT(ms) RET\n",
			   60),
		  "header: %s", t.out);
	cr_assert(strstr(t.out, " sync_file_range   42         4096       8192 "
				"SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER "),
		  "no extended sync_file_range line in:\n%s", t.out);
	tool_free(&t);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(syncsnoop, bad_usage_exits_2)
{
	assert_usage_error("syncsnoop", "-e", "extra");
}
