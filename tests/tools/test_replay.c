// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * SONDE_RECORD and SONDE_REPLAY (common/replay.h), shared by every event
 * tool: a live run records what it receives, and the replay of that
 * recording with the same options prints the very same bytes (the heading
 * and the wall-clock times included), text and JSON, attaching nothing, as
 * a user without privileges too. With other options it prints the same
 * events another way. A file that is not a whole recording of the tool is
 * one line on stderr and exit status 1; the records before a cut are printed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/types.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "opensnoop.h"

/* A scratch file of this test run's own. */
static const char *scratch(const char *name)
{
	static char paths[4][160];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "/tmp/%s-replay-%s", test_marker(), name);
	return p;
}

static const char *const scratch_names[] = { "text.rec", "json.rec", "made.rec", "opened",
					     "copy.out" };

static void replay_cleanup(void)
{
	size_t i;

	for (i = 0; i < sizeof(scratch_names) / sizeof(scratch_names[0]); i++)
		unlink(scratch(scratch_names[i]));
	unsetenv("SONDE_RECORD");
	unsetenv("SONDE_REPLAY");
	expect_cleanup();
}

TestSuite(replay, .fini = replay_cleanup);

/* The live runs: one text and one JSON tracer, each recording what it receives. */
struct live {
	struct tool_proc text, json;
	const char *text_rec, *json_rec;
};

/* Start `tool` with SONDE_RECORD=rec and up to five arguments (NULL-padded). */
static void start_recording(struct tool_proc *t, const char *rec, const char *tool,
			    const char *const args[5])
{
	setenv("SONDE_RECORD", rec, 1);
	tool_start(t, tool, args[0], args[1], args[2], args[3], args[4], NULL);
	unsetenv("SONDE_RECORD");
}

static void live_run(struct live *l, struct workload *w, const char *tool,
		     const char *const text_args[5], const char *const json_args[5])
{
	l->text_rec = scratch("text.rec");
	l->json_rec = scratch("json.rec");
	start_recording(&l->text, l->text_rec, tool, text_args);
	start_recording(&l->json, l->json_rec, tool, json_args);
	cr_assert_eq(workload_finish(w), 0);
	cr_assert_eq(tool_stop(&l->text, SIGINT), 0, "%s: %s", tool, l->text.err);
	cr_assert_eq(tool_stop(&l->json, SIGINT), 0, "%s -j: %s", tool, l->json.err);
}

/* `tool ARGS` replaying rec: exits 0, says nothing, attaches nothing; what it printed. */
static char *replay(const char *rec, const char *tool, const char *const args[5])
{
	char *out, *err, kinds[64];
	int status;

	setenv("SONDE_REPLAY", rec, 1);
	status = tool_run_kinds(&out, &err, kinds, sizeof(kinds), tool, args[0], args[1], args[2],
				args[3], args[4], NULL);
	unsetenv("SONDE_REPLAY");
	cr_assert_eq(status, 0, "replay of %s by %s: %d: %s", rec, tool, status, err);
	cr_assert_str_empty(err, "replay of %s by %s said: %s", rec, tool, err);
	cr_assert_str_empty(kinds, "a replay attached something: %s", kinds);
	free(err);
	return out;
}

/* The replay prints exactly what the live run that recorded it printed. */
static void assert_same_replay(const struct tool_proc *live, const char *rec,
			       const char *const args[5])
{
	char *out = replay(rec, live->name, args);

	cr_assert_str_eq(out, live->out, "%s replayed differs:\n--- live\n%s--- replayed\n%s",
			 live->name, live->out, out);
	free(out);
}

static bool json_equal(const struct json *a, const struct json *b)
{
	size_t i;

	if (a->type != b->type)
		return false;
	switch (a->type) {
	case JSON_NULL:
		return true;
	case JSON_BOOL:
		return a->boolean == b->boolean;
	case JSON_NUMBER:
		return a->number == b->number;
	case JSON_STRING:
		return a->len == b->len && !memcmp(a->string, b->string, a->len);
	case JSON_ARRAY:
	case JSON_OBJECT:
		if (a->n != b->n)
			return false;
		for (i = 0; i < a->n; i++)
			if ((a->type == JSON_OBJECT && strcmp(a->keys[i], b->keys[i])) ||
			    !json_equal(&a->items[i], &b->items[i]))
				return false;
		return true;
	}
	return false;
}

/* The same events, whichever run recorded them: each record's `keys` (time aside). */
static void assert_same_records(const char *a, const char *b, const char *const *keys)
{
	const struct json *va, *vb;
	struct json *ra, *rb;
	size_t na, nb, i, k;

	ra = json_lines(a, &na);
	rb = json_lines(b, &nb);
	cr_assert_eq(na, nb, "%zu records against %zu", na, nb);
	for (i = 0; i < na; i++)
		for (k = 0; keys[k]; k++) {
			va = json_get(&ra[i], keys[k]);
			vb = json_get(&rb[i], keys[k]);
			cr_assert(va && vb && json_equal(va, vb), "record %zu: %s differs", i,
				  keys[k]);
		}
	json_lines_free(ra, na);
	json_lines_free(rb, nb);
}

/*
 * Each live run's recording replays as it printed, and the text run's
 * records replayed with `as_json` are the JSON run's; that replay, for more
 * checks (free() it).
 */
static char *assert_replays(const struct live *l, const char *tool, const char *const text_args[5],
			    const char *const json_args[5], const char *const as_json[5],
			    const char *const *keys)
{
	char *out;

	assert_same_replay(&l->text, l->text_rec, text_args);
	assert_same_replay(&l->json, l->json_rec, json_args);
	out = replay(l->text_rec, tool, as_json);
	assert_same_records(out, l->json.out, keys);
	return out;
}

/* What `cmd` (a shell command) prints on stdout; fails the test unless it exits 0. */
static char *shell_output(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0;

	cr_assert(p, "popen %s", cmd);
	if (getdelim(&buf, &len, '\0', p) < 0) {
		free(buf);
		buf = strdup("");
	}
	cr_assert_eq(pclose(p), 0, "failed: %s", cmd);
	return buf;
}

Test(replay, opensnoop_prints_what_it_printed_live, .timeout = 60)
{
	static const char *const open_keys[] = { "pid",	  "tid",   "uid",  "comm",	  "fd",
						 "error", "flags", "path", "path_source", NULL };
	const char *opened = scratch("opened");
	char pid[16], arg[200], cmd[1024];
	const char *text_args[5] = { "-T", "-U", "-e", "-p", pid };
	const char *json_args[5] = { "-j", "-p", pid };
	const char *as_json[5] = { "-j", "-p", pid };
	struct workload w;
	struct live l;
	char *out;

	close(open(opened, O_CREAT | O_WRONLY, 0600));
	snprintf(arg, sizeof(arg), "openat:%s", opened);
	workload_spawn(&w, "opener", arg, "openat:/nonexistent/sonde-replay", NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	live_run(&l, &w, "opensnoop", text_args, json_args);
	/* the live runs saw the workload: an empty output cannot pass */
	cr_assert(strstr(l.text.out, opened), "live text run missed %s:\n%s", opened, l.text.out);
	cr_assert(strstr(l.json.out, "ENOENT"), "live JSON run missed the failure:\n%s",
		  l.json.out);

	/* and other options on replay: the text run's records as JSON */
	free(assert_replays(&l, "opensnoop", text_args, json_args, as_json, open_keys));

	/* no privileges: nothing is loaded */
	chmod(l.json_rec, 0644);
	snprintf(cmd, sizeof(cmd),
		 "setpriv --reuid=65534 --regid=65534 --clear-groups "
		 "env SONDE_REPLAY=%s %s/opensnoop -j",
		 l.json_rec, getenv("SONDE_BIN"));
	out = shell_output(cmd);
	cr_assert_str_eq(out, l.json.out, "replayed as nobody:\n%s", out);
	free(out);
	tool_free(&l.text);
	tool_free(&l.json);
}

Test(replay, execsnoop_prints_what_it_printed_live, .timeout = 60)
{
	static const char *const exec_keys[] = { "uid",	       "pid",	   "ppid", "comm",
						 "ret",	       "filename", "args", "truncated",
						 "unreadable", NULL };
	const char *marker = test_marker();
	char pid[16];
	const char *text_args[5] = { "-T", "-q", "-x", "-p", pid };
	const char *json_args[5] = { "-j", "-x", "-p", pid };
	const char *as_json[5] = { "-j", "-p", pid };
	struct workload w;
	struct live l;
	char *out;

	workload_spawn(&w, "execer", marker, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	live_run(&l, &w, "execsnoop", text_args, json_args);
	cr_assert(strstr(l.text.out, "\"arg two\""), "live text run missed the exec:\n%s",
		  l.text.out);
	cr_assert(strstr(l.json.out, "sonde-missing"), "live JSON run missed the failure:\n%s",
		  l.json.out);

	out = assert_replays(&l, "execsnoop", text_args, json_args, as_json, exec_keys);
	cr_assert(strstr(out, marker), "replayed as JSON without the workload's exec:\n%s", out);
	free(out);
	tool_free(&l.text);
	tool_free(&l.json);
}

/* ---- files made by hand, as replay.c documents them ---- */

struct rec_header {
	char magic[8];
	__u32 version;
	__u32 byte_order;
	char tool[16];
	__s64 epoch_offset_ns;
};

static const struct rec_header good_header = {
	.magic = "SONDEREC",
	.version = 1,
	.byte_order = 0x01020304,
	.tool = "opensnoop",
	.epoch_offset_ns = 1700000000LL * 1000000000,
};

/* One open as opensnoop receives it, framed: its bytes into buf; their count. */
static size_t frame_open(char *buf, pid_t pid, int ret, const char *path)
{
	struct open_event e = {
		.task = { .ts = 500000000, .pid = pid, .tid = pid + 1, .uid = 1000 },
		.ret = ret,
		.path_source = ret < 0 ? PATH_FROM_CALLER : PATH_FROM_FILE
	};
	__u32 frame[2] = { offsetof(struct open_event, path) + strlen(path) + 1, 0 };

	strcpy(e.task.comm, "replayed");
	strcpy(e.path, path);
	memcpy(buf, frame, sizeof(frame));
	memcpy(buf + sizeof(frame), &e, frame[0]);
	memset(buf + sizeof(frame) + frame[0], 0, 8);
	return sizeof(frame) + ((frame[0] + 7) & ~7u);
}

static const char *write_file(const void *data, size_t len)
{
	const char *path = scratch("made.rec");
	FILE *f = fopen(path, "we");

	cr_assert(f && fwrite(data, 1, len, f) == len && fclose(f) == 0);
	return path;
}

/* `tool [arg]` replaying path: exits 1 with one line on stderr naming the tool and `why`. */
static void assert_refused(const char *path, const char *tool, const char *arg, const char *why,
			   const char *out_wanted)
{
	char *out, *err, prefix[32];
	int status;

	setenv("SONDE_REPLAY", path, 1);
	status = tool_run(&out, &err, tool, arg, NULL);
	unsetenv("SONDE_REPLAY");
	snprintf(prefix, sizeof(prefix), "%s: ", tool);
	cr_assert_eq(status, 1, "%s (%s): status %d, stderr: %s", tool, why, status, err);
	cr_assert(!strncmp(err, prefix, strlen(prefix)), "%s: not prefixed: %s", why, err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "%s: not one line: %s", why, err);
	cr_assert(strstr(err, why), "%s: stderr says: %s", why, err);
	cr_assert_str_eq(out, out_wanted, "%s: printed:\n%s", why, out);
	free(out);
	free(err);
}

Test(replay, a_recording_made_by_hand_and_its_damage, .timeout = 60)
{
	static const char heading[] = "PID     COMM               FD ERR    PATH\n";
	static const char first[] = "4242    replayed            3 0      /replayed/file\n";
	static const char second[] = "4242    replayed           -1 ENOENT /replayed/missing\n";
	char file[4096], whole[4096], *out;
	struct rec_header h;
	size_t len, one;
	const char *path;

	memcpy(file, &good_header, sizeof(good_header));
	len = sizeof(good_header);
	len += one = frame_open(file + len, 4242, 3, "/replayed/file");
	len += frame_open(file + len, 4242, -2, "/replayed/missing");

	/* whole: exactly these lines, and the time the header's clock offset gives */
	path = write_file(file, len);
	out = replay(path, "opensnoop", (const char *[5]){ NULL });
	snprintf(whole, sizeof(whole), "%s%s%s", heading, first, second);
	cr_assert_str_eq(out, whole);
	free(out);
	out = replay(path, "opensnoop", (const char *[5]){ "-j" });
	cr_assert(strstr(out,
			 "{\"time\":1700000000.500000,\"uid\":1000,\"pid\":4242,\"tid\":4243,"
			 "\"comm\":\"replayed\",\"fd\":3,\"error\":\"0\",\"flags\":0,"
			 "\"mode\":0,\"path\":\"/replayed/file\",\"path_source\":\"file\"}\n") ==
			  out,
		  "%s", out);
	free(out);
	/* a header alone is an empty recording */
	out = replay(write_file(file, sizeof(h)), "opensnoop", (const char *[5]){ NULL });
	cr_assert_str_eq(out, heading);
	free(out);

	/* cut short: what came before the cut is printed, then the one line */
	snprintf(whole, sizeof(whole), "%s%s", heading, first);
	assert_refused(write_file(file, len - 1), "opensnoop", NULL, "record 2 is cut short",
		       whole);
	assert_refused(write_file(file, sizeof(h) + one + 4), "opensnoop", NULL,
		       "record 2 is cut short (4 of 8 bytes)", whole);
	assert_refused(write_file(file, sizeof(h) + 12), "opensnoop", NULL, "record 1 is cut short",
		       heading);

	/* not a recording, or not one this tool reads: nothing printed */
	assert_refused(write_file(file, 0), "opensnoop", NULL, "is not a sonde recording", "");
	assert_refused(write_file(file, sizeof(h) - 1), "opensnoop", NULL,
		       "is not a sonde recording", "");
	assert_refused("/etc/passwd", "opensnoop", NULL, "is not a sonde recording", "");
	assert_refused("/nonexistent/sonde-replay", "opensnoop", NULL, "cannot open", "");
	path = write_file(file, len);
	assert_refused(path, "execsnoop", NULL, "a recording of opensnoop, not of execsnoop", "");
	assert_refused(path, "biolatency", NULL, "only event tools", "");

	h = good_header;
	h.version = 2;
	memcpy(file, &h, sizeof(h));
	assert_refused(write_file(file, len), "opensnoop", NULL, "version 2", "");
	h = good_header;
	h.byte_order = 0x04030201;
	memcpy(file, &h, sizeof(h));
	assert_refused(write_file(file, len), "opensnoop", NULL, "the other byte order", "");
	h = good_header;
	strcpy(h.tool, "\033[2Jsnoop");
	memcpy(file, &h, sizeof(h));
	assert_refused(write_file(file, len), "opensnoop", NULL,
		       "a recording of \\x1b[2Jsnoop, not", "");

	/* a frame that cannot be one: no 4 GB allocation, no crash */
	memcpy(file, &good_header, sizeof(good_header));
	memcpy(file + sizeof(h) + one, &(__u32[2]){ 0xffffffff, 0 }, 8);
	assert_refused(write_file(file, len), "opensnoop", NULL, "record 2 is damaged", whole);
	memcpy(file + sizeof(h) + one, &(__u32[2]){ 16, 1 }, 8);
	assert_refused(write_file(file, len), "opensnoop", NULL, "record 2 is damaged", whole);
}

Test(replay, record_and_replay_refuse_what_they_cannot_do, .timeout = 30)
{
	char *out, *err;

	/* both at once: the replay would overwrite what it reads */
	setenv("SONDE_RECORD", scratch("text.rec"), 1);
	setenv("SONDE_REPLAY", scratch("text.rec"), 1);
	cr_assert_eq(tool_run(&out, &err, "opensnoop", NULL), 1, "%s", err);
	cr_assert(strstr(err, "opensnoop: SONDE_RECORD and SONDE_REPLAY") == err, "%s", err);
	free(out);
	free(err);
	unsetenv("SONDE_REPLAY");
	/* a summary tool has no records; a file that cannot be made ends the trace at once */
	cr_assert_eq(tool_run(&out, &err, "biolatency", NULL), 1, "%s", err);
	cr_assert(strstr(err, "biolatency: SONDE_RECORD: only event tools") == err, "%s", err);
	free(out);
	free(err);
	setenv("SONDE_RECORD", "/nonexistent/sonde-replay.rec", 1);
	cr_assert_eq(tool_run(&out, &err, "opensnoop", "-d", "5", NULL), 1, "%s", err);
	cr_assert(strstr(err, "cannot create the recording /nonexistent/"), "%s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	free(out);
	free(err);
	unsetenv("SONDE_RECORD");
}
