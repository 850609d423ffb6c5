// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "harness.h"
#include "snoop.h"

/* The empty directory the workload mounts on: made for each test, and nothing left on it. */
static char dir[128];

static void dir_make(void)
{
	snprintf(dir, sizeof(dir), "/tmp/%s-mnt", test_marker());
	mkdir(dir, 0700);
}

static void dir_remove(void)
{
	expect_cleanup(); /* a workload first: its mount goes next */
	while (umount2(dir, MNT_DETACH) == 0)
		;
	rmdir(dir);
}

TestSuite(mountsnoop, .init = dir_make, .fini = dir_remove, .timeout = 60);

struct want {
	const char *call;
	int ret;
	const char *error;
	/* "key=s:text" (@ stands for the directory), "key=n:number" or "key=null", space-separated */
	const char *args;
	bool optional; /* made only where the kernel has the call */
};

/* What mounter does, in order. */
static const struct want script[] = {
	{ "mount", 0, "0",
	  "source=s:sonde-src target=s:@ filesystemtype=s:tmpfs mountflags=s:MS_NOSUID|MS_NODEV "
	  "data=s:size=1m,mode=0700" },
	{ "umount", 0, "0", "target=s:@ flags=s:0" },
	{ "mount", -1, "ENOENT",
	  "source=s:none target=s:@/missing filesystemtype=s:tmpfs mountflags=s:MS_RDONLY "
	  "data=null" },
	{ "umount", -1, "EINVAL", "target=s:@ flags=s:MNT_DETACH" },
	{ "fsopen", 3, "0", "fsname=s:tmpfs flags=s:FSOPEN_CLOEXEC" },
	{ "fsconfig", 0, "0", "fd=n:3 cmd=s:FSCONFIG_SET_STRING key=s:size value=s:2m aux=n:0" },
	{ "fsconfig", -1, "EINVAL",
	  "fd=n:3 cmd=s:FSCONFIG_SET_STRING key=s:sonde-bogus value=s:1 aux=n:0" },
	{ "fsconfig", 0, "0", "fd=n:3 cmd=s:FSCONFIG_CMD_CREATE key=null value=null aux=n:0" },
	{ "fsmount", 4, "0",
	  "fd=n:3 flags=s:FSMOUNT_CLOEXEC attr_flags=s:MOUNT_ATTR_NODEV|MOUNT_ATTR_NOEXEC" },
	{ "move_mount", 0, "0",
	  "from_dirfd=n:4 from_path=s: to_dirfd=n:-100 to_path=s:@ flags=s:MOVE_MOUNT_F_EMPTY_PATH" },
	{ "fspick", 5, "0", "dirfd=n:-100 path=s:@ flags=s:FSPICK_CLOEXEC" },
	{ "open_tree", 6, "0", "dirfd=n:-100 path=s:@ flags=s:OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC" },
	{ "mount_setattr", 0, "0",
	  "dirfd=n:-100 path=s:@ flags=s:0 attr_set=s:MOUNT_ATTR_RDONLY attr_clr=s:0 "
	  "propagation=s:0 userns_fd=n:0",
	  true },
	{ "open_tree_attr", 7, "0",
	  "dirfd=n:-100 path=s:@ flags=s:OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC "
	  "attr_set=s:MOUNT_ATTR_NOSUID attr_clr=s:0 propagation=s:0 userns_fd=n:0",
	  true },
	{ "umount", 0, "0", "target=s:@ flags=s:MNT_DETACH" },
	{ "umount", -1, "EINVAL", "target=s:@ flags=s:MNT_DETACH" },
};

#define SCRIPT_LEN (sizeof(script) / sizeof(script[0]))

static void spawn(struct workload *w)
{
	workload_spawn(w, "mounter", dir, NULL);
}

static double own_mnt_ns(void)
{
	struct stat st;

	cr_assert(stat("/proc/self/ns/mnt", &st) == 0);
	return st.st_ino;
}

/*
 * How a string argument was read: every string of the script is resident,
 * so read as the call began; a NULL one has no string.
 */
static void assert_read(const struct json *args_read, const char *call, const char *arg, bool null)
{
	const struct json *v = json_get(args_read, arg);

	cr_assert(v, "%s: no args_read for %s", call, arg);
	if (null)
		cr_assert_eq(v->type, JSON_NULL, "%s: args_read %s is not null", call, arg);
	else
		cr_assert(v->type == JSON_STRING && !strcmp(v->string, resident_string_read()),
			  "%s: %s not read at %s", call, arg, resident_string_read());
}

/* The arguments that are strings the caller passes (flags are shown as strings too). */
static bool string_arg(const char *arg)
{
	static const char *const names[] = { "source",	"target", "filesystemtype", "data",
					     "fsname",	"key",	  "value",	    "from_path",
					     "to_path", "path" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(arg, names[i]))
			return true;
	return false;
}

/* One "key=..." of a spec against the args object; whether it is a string argument. */
static bool assert_arg(const struct json *args, const struct json *args_read, const char *call,
		       char *spec)
{
	char *eq = strchr(spec, '='), want[256];
	const struct json *v;

	cr_assert(eq, "bad spec %s", spec);
	*eq = '\0';
	v = json_get(args, spec);
	cr_assert(v, "%s: no argument %s", call, spec);
	if (!strcmp(eq + 1, "null")) {
		cr_assert_eq(v->type, JSON_NULL, "%s: %s is not null", call, spec);
		assert_read(args_read, call, spec, true);
		return true;
	} else if (!strncmp(eq + 1, "n:", 2)) {
		cr_assert_eq(v->type, JSON_NUMBER, "%s: %s is not a number", call, spec);
		cr_assert_eq(v->number, atof(eq + 3), "%s: %s = %g", call, spec, v->number);
	} else {
		cr_assert(!strncmp(eq + 1, "s:", 2), "bad spec %s", eq + 1);
		snprintf(want, sizeof(want), "%s%s", eq[3] == '@' ? dir : "",
			 eq[3] == '@' ? eq + 4 : eq + 3);
		cr_assert_eq(v->type, JSON_STRING, "%s: %s is not a string", call, spec);
		cr_assert_str_eq(v->string, want, "%s: %s", call, spec);
		if (string_arg(spec)) {
			assert_read(args_read, call, spec, false);
			return true;
		}
	}
	return false;
}

static void assert_call(const struct json *r, const struct want *want, pid_t pid)
{
	const struct json *args = json_get(r, "args"), *args_read = json_get(r, "args_read");
	char spec[512], *word, *save = NULL;
	size_t nargs = 0, nstrs = 0;

	cr_assert_str_eq(json_string(r, "call"), want->call);
	cr_assert_eq(json_number(r, "ret"), want->ret, "%s: ret", want->call);
	cr_assert_str_eq(json_string(r, "error"), want->error, "%s: error", want->call);
	cr_assert_str_eq(json_string(r, "comm"), "mounter");
	cr_assert_eq(json_number(r, "tid"), pid);
	cr_assert_eq(json_number(r, "uid"), getuid());
	cr_assert_eq(json_number(r, "mnt_ns"), own_mnt_ns(), "%s: mount namespace", want->call);
	cr_assert_gt(json_number(r, "lat_ms"), 0, "%s: no time spent in the call", want->call);
	cr_assert(args && args->type == JSON_OBJECT, "%s: no args object", want->call);
	cr_assert(args_read && args_read->type == JSON_OBJECT, "%s: no args_read", want->call);
	snprintf(spec, sizeof(spec), "%s", want->args);
	for (word = strtok_r(spec, " ", &save); word; word = strtok_r(NULL, " ", &save), nargs++)
		nstrs += assert_arg(args, args_read, want->call, word);
	cr_assert_eq(args->n, nargs, "%s: %zu arguments, expected %zu", want->call, args->n, nargs);
	cr_assert_eq(args_read->n, nstrs, "%s: args_read has %zu, expected %zu", want->call,
		     args_read->n, nstrs);
}

static void assert_script(const struct json *recs, size_t n, pid_t pid, bool failed_only)
{
	const struct json *mine[64];
	size_t i, k, s = 0;

	k = snoop_of_pid(recs, n, pid, mine, 64);
	for (i = 0; i < SCRIPT_LEN; i++) {
		if ((failed_only && script[i].ret >= 0) ||
		    (script[i].optional && !kernel_has_syscall(script[i].call)))
			continue;
		cr_assert(s < k, "call %zu (%s) missing", i, script[i].call);
		assert_call(mine[s++], &script[i], pid);
	}
	cr_assert_eq(s, k, "%zu calls seen, %zu made", k, s);
}

Test(mountsnoop, every_call_exactly_in_order)
{
	const char *args[TRACE_MAX_ARGS + 1] = { NULL };
	const struct json *first[1];
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = trace_workload(&w, &n, "mountsnoop", args);
	assert_script(recs, n, w.pid, false);
	cr_assert_eq(snoop_of_pid(recs, n, w.pid, first, 1), 1);
	assert_fields_documented("mountsnoop", first[0]);
	json_lines_free(recs, n);
}

Test(mountsnoop, failed_only)
{
	const char *args[TRACE_MAX_ARGS + 1] = { "-x", NULL };
	struct workload w;
	struct json *recs;
	size_t n;

	spawn(&w);
	recs = trace_workload(&w, &n, "mountsnoop", args);
	assert_script(recs, n, w.pid, true);
	json_lines_free(recs, n);
}

Test(mountsnoop, text_columns_as_bcc)
{
	const char *header = "COMM             PID     TID     MNT_NS      CALL\n";
	struct tool_proc t;
	struct workload w;
	char want[512];

	spawn(&w);
	tool_start(&t, "mountsnoop", "-n", "mounter", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0);
	cr_assert(!strncmp(t.out, header, strlen(header)), "header: %s", t.out);
	snprintf(want, sizeof(want),
		 "mounter          %-7d %-7d %-11.0f mount(\"sonde-src\", \"%s\", \"tmpfs\", "
		 "MS_NOSUID|MS_NODEV, \"size=1m,mode=0700\") = 0\n",
		 w.pid, w.pid, own_mnt_ns(), dir);
	cr_assert(strstr(t.out, want), "no line\n%sin:\n%s", want, t.out);
	snprintf(want, sizeof(want),
		 " move_mount(4, \"\", AT_FDCWD, \"%s\", MOVE_MOUNT_F_EMPTY_PATH) = 0\n", dir);
	cr_assert(strstr(t.out, want), "no line\n%sin:\n%s", want, t.out);
	cr_assert(strstr(t.out, " fsconfig(3, FSCONFIG_SET_STRING, \"sonde-bogus\", \"1\", 0) = "
				"-EINVAL\n"),
		  "no failed fsconfig in:\n%s", t.out);
	tool_free(&t);
}

/* A source with ESC, BEL, a newline and a quote: escaped in text, exact in JSON. */
Test(mountsnoop, hostile_source_escaped_in_text_exact_in_json)
{
	const char *source = "sonde-\x1b[2J\x07\n\"\xc3\xa9";
	struct tool_proc text, json;
	const struct json *mine[64];
	struct workload w;
	struct json *recs;
	size_t n, k;

	workload_spawn(&w, "mounter", dir, source, NULL);
	tool_start(&text, "mountsnoop", "-n", "mounter", NULL);
	tool_start(&json, "mountsnoop", "-j", "-n", "mounter", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&text, SIGINT), 0);
	cr_assert_eq(tool_stop(&json, SIGINT), 0);
	cr_assert(strstr(text.out, "mount(\"sonde-\\x1b[2J\\x07\\n\"\xc3\xa9\", "),
		  "escaped source missing:\n%s", text.out);
	cr_assert_null(strchr(text.out, '\x1b'), "a raw ESC reached the terminal");
	cr_assert_null(strchr(text.out, '\x07'), "a raw BEL reached the terminal");
	recs = json_lines(json.out, &n);
	k = snoop_of_pid(recs, n, w.pid, mine, 64);
	cr_assert(k > 0 && !strcmp(json_string(mine[0], "call"), "mount"), "no mount record");
	cr_assert_str_eq(json_get(mine[0], "args")->items[0].string, source,
			 "the JSON source does not decode to the real bytes");
	json_lines_free(recs, n);
	tool_free(&text);
	tool_free(&json);
}

/* The mount's source and how it was read. */
static void assert_source(const struct json *r, const char *source, const char *read)
{
	const struct json *args = json_get(r, "args"), *args_read = json_get(r, "args_read");

	cr_assert(args, "no args");
	cr_assert_str_eq(json_string(args, "source"), source);
	cr_assert(args_read, "no args_read");
	cr_assert_str_eq(json_string(args_read, "source"), read);
	cr_assert_eq(json_number(r, "ret"), 0);
}

/* A source in a page the caller never touched cannot be read as the call begins: it is read at its end. */
Test(mountsnoop, source_in_an_untouched_page_read_at_exit)
{
	struct rewriter_run run = { .call = "mount" };

	snoop_rewriter(&run, "mountsnoop", "mount-untouched", dir, "sonde-real", NULL);
	assert_source(run.rec, "sonde-real", "exit");
	snoop_rewriter_free(&run);
}

/*
 * The caller rewrites the source while mount() waits for a page of its data,
 * after the kernel copied the source: the source the call began with, which
 * the kernel mounted, is shown.
 */
Test(mountsnoop, source_rewritten_while_mount_blocks)
{
	struct rewriter_run run = { .call = "mount" };

	snoop_rewriter(&run, "mountsnoop", "mount-rewrite", dir, "sonde-real", "sonde-fake");
	cr_assert_eq(fact(run.facts, "rewritten"), 1,
		     "the source was not rewritten during the call");
	cr_assert_eq(fact(run.facts, "kernel_source_ok"), 1, "the kernel did not mount sonde-real");
	if (kernel_has_task_storage())
		assert_source(run.rec, "sonde-real", "entry");
	else /* read at exit, after the rewrite, and said so */
		assert_source(run.rec, "sonde-fake", "exit");
	snoop_rewriter_free(&run);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(mountsnoop, bad_usage_exits_2)
{
	assert_usage_error("mountsnoop", "-L", "extra");
}
