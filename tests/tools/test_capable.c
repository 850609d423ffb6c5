// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

#define CAP_CHOWN      0
#define CAP_SYS_NICE   23
#define CAP_SYS_PTRACE 19

/* A file of the test's own for the workload to chown. */
static char victim[128], chown_arg[140];

static void file_setup(void)
{
	snprintf(victim, sizeof(victim), "/tmp/%s-capable", test_marker());
	snprintf(chown_arg, sizeof(chown_arg), "chown:%s", victim);
	close(open(victim, O_CREAT | O_WRONLY, 0600));
}

static void file_teardown(void)
{
	unlink(victim);
}

TestSuite(capable, .init = file_setup, .fini = file_teardown, .timeout = 60);

/* The tracepoint does not carry cap_capable()'s options: there, audit is unknown (null). */
static bool audit_known(const struct tool_proc *t)
{
	return strcmp(t->kinds, "tracepoint") != 0;
}

static size_t count_checks(const struct json *recs, size_t n, pid_t pid, int cap)
{
	size_t i, found = 0;

	for (i = 0; i < n; i++)
		found += !json_get(&recs[i], "lost_events") &&
			 json_number(&recs[i], "pid") == pid && json_number(&recs[i], "cap") == cap;
	return found;
}

static const struct json *find_check(const struct json *recs, size_t n, pid_t pid, int cap)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!json_get(&recs[i], "lost_events") && json_number(&recs[i], "pid") == pid &&
		    json_number(&recs[i], "cap") == cap)
			return &recs[i];
	return NULL;
}

static void assert_audit(const struct json *r, const struct tool_proc *t, bool audited)
{
	const struct json *audit = json_get(r, "audit");

	cr_assert(audit, "no audit key");
	if (!audit_known(t)) {
		cr_assert_eq(audit->type, JSON_NULL, "audit should be null with the tracepoint");
		return;
	}
	cr_assert_eq(audit->type, JSON_BOOL);
	cr_assert_eq(audit->boolean, audited, "audit is %d", audit->boolean);
}

static void assert_check(const struct json *recs, size_t n, const struct tool_proc *t, pid_t pid,
			 int cap, const char *name, const char *verdict)
{
	const struct json *r = find_check(recs, n, pid, cap);

	cr_assert(r, "no %s check by %d in:\n%s", name, pid, t->out);
	cr_assert_str_eq(json_string(r, "name"), name);
	cr_assert_str_eq(json_string(r, "verdict"), verdict, "%s", name);
	cr_assert_str_eq(json_string(r, "comm"), "capper");
	cr_assert_eq(json_number(r, "tid"), pid);
	cr_assert_eq(json_number(r, "uid"), 0);
	assert_audit(r, t, true);
}

Test(capable, allowed_and_denied_checks)
{
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "capper", chown_arg, "nice", NULL);
	tool_start(&t, "capable", "-j", NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, &n);
	assert_check(recs, n, &t, w.pid, CAP_CHOWN, "CAP_CHOWN", "allow");
	assert_check(recs, n, &t, w.pid, CAP_SYS_NICE, "CAP_SYS_NICE", "deny");
	assert_fields_documented("capable", find_check(recs, n, w.pid, CAP_CHOWN));
	json_lines_free(recs, n);
	tool_free(&t);
}

/* A peek at a non-dumpable process is checked without auditing: hidden unless -a, where known. */
Test(capable, unaudited_checks_only_with_all)
{
	struct tool_proc plain, all;
	const struct json *r;
	struct workload w;
	struct json *recs;
	char pid[16];
	size_t n, i;

	workload_spawn(&w, "capper", "peek", NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&plain, "capable", "-j", "-p", pid, NULL);
	tool_start(&all, "capable", "-j", "-a", "-p", pid, NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&plain, SIGINT), 0);
	cr_assert_eq(tool_stop(&all, SIGINT), 0);

	recs = json_lines(all.out, &n);
	r = find_check(recs, n, w.pid, CAP_SYS_PTRACE);
	cr_assert(r, "-a: no CAP_SYS_PTRACE check from the peek in:\n%s", all.out);
	cr_assert_str_eq(json_string(r, "verdict"), "allow");
	assert_audit(r, &all, false);
	json_lines_free(recs, n);

	recs = json_lines(plain.out, &n);
	for (i = 0; audit_known(&plain) && i < n; i++)
		if (!json_get(&recs[i], "lost_events"))
			assert_audit(&recs[i], &plain, true);
	if (!audit_known(&plain))
		cr_assert(find_check(recs, n, w.pid, CAP_SYS_PTRACE),
			  "the tracepoint cannot tell unaudited checks apart, yet one was hidden");
	json_lines_free(recs, n);
	tool_free(&plain);
	tool_free(&all);
}

Test(capable, unique_reports_a_capability_once_per_process)
{
	struct tool_proc every, once;
	struct workload w;
	struct json *recs;
	char pid[16];
	size_t n;

	workload_spawn(&w, "capper", chown_arg, chown_arg, chown_arg, NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&every, "capable", "-j", "-p", pid, NULL);
	tool_start(&once, "capable", "-j", "--unique", "-p", pid, NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&every, SIGINT), 0);
	cr_assert_eq(tool_stop(&once, SIGINT), 0);
	recs = json_lines(every.out, &n);
	cr_assert_geq(count_checks(recs, n, w.pid, CAP_CHOWN), 3, "three chowns, three checks:\n%s",
		      every.out);
	json_lines_free(recs, n);
	recs = json_lines(once.out, &n);
	cr_assert_eq(count_checks(recs, n, w.pid, CAP_CHOWN), 1, "--unique:\n%s", once.out);
	json_lines_free(recs, n);
	tool_free(&every);
	tool_free(&once);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

Test(capable, text_columns)
{
	struct tool_proc plain, extra;
	struct workload w;
	char want[160];
	char pid[16];

	workload_spawn(&w, "capper", "nice", NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&plain, "capable", "-p", pid, NULL);
	tool_start(&extra, "capable", "-x", "-p", pid, NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&plain, SIGINT), 0);
	cr_assert_eq(tool_stop(&extra, SIGINT), 0);

	cr_assert(starts_with(plain.out,
			      "TIME      UID    PID     COMM             CAP  NAME        "
			      "         AUDIT  VERDICT\n"),
		  "header: %s", plain.out);
	snprintf(want, sizeof(want),
		 " 0      %-7d capper           23   CAP_SYS_NICE         %-6s deny\n", w.pid,
		 audit_known(&plain) ? "1" : "-");
	cr_assert(strstr(plain.out, want), "no line '%s' in:\n%s", want, plain.out);

	cr_assert(starts_with(extra.out, "TIME      UID    PID     TID     COMM             CAP  "
					 "NAME                 AUDIT  INSETID VERDICT\n"),
		  "-x header: %s", extra.out);
	snprintf(want, sizeof(want),
		 " 0      %-7d %-7d capper           23   CAP_SYS_NICE         %-6s %-7s deny\n",
		 w.pid, w.pid, audit_known(&extra) ? "1" : "-", audit_known(&extra) ? "0" : "-");
	cr_assert(strstr(extra.out, want), "no line '%s' in:\n%s", want, extra.out);
	tool_free(&plain);
	tool_free(&extra);
}

/* Whether some frame of a JSON stack has a name containing `part`. */
static bool stack_has(const struct json *stack, const char *part)
{
	const struct json *sym;
	size_t i;

	for (i = 0; i < stack->n; i++) {
		sym = json_get(&stack->items[i], "sym");
		if (sym && sym->type == JSON_STRING && strstr(sym->string, part))
			return true;
	}
	return false;
}

/*
 * -K: each check's kernel stack, innermost first, names the path the
 * workload's own syscall took to the check (setpriority for the nice, a
 * chown call for the chown), every frame named.
 */
static void assert_kernel_stack(const struct json *r, const char *syscall_part)
{
	const struct json *stack = json_get(r, "kernel_stack"), *f;
	size_t i;

	cr_assert(stack && stack->type == JSON_ARRAY && stack->n >= 3, "no kernel stack");
	for (i = 0; i < stack->n; i++) {
		f = &stack->items[i];
		cr_assert(json_get(f, "sym")->type == JSON_STRING, "frame %zu has no name", i);
		cr_assert(starts_with(json_string(f, "addr"), "0xffff"), "frame %zu: %s", i,
			  json_string(f, "addr"));
	}
	cr_assert(stack_has(stack, "capable"), "no capability check in the stack");
	cr_assert(stack_has(stack, syscall_part), "no %s in the stack", syscall_part);
	cr_assert(stack_has(stack, SYSCALL_ENTRY_FRAME),
		  "the stack does not reach the syscall entry");
}

/*
 * -U: the user stack starts where the workload entered the kernel, in
 * libc's wrapper of the call it made (libc has no frame pointers, so the
 * frames after the first are whatever its callers' registers say).
 */
static void assert_user_stack(const struct json *r, const char *call)
{
	const struct json *stack = json_get(r, "user_stack"), *top;

	cr_assert(stack && stack->type == JSON_ARRAY && stack->n >= 1, "no user stack");
	top = &stack->items[0];
	cr_assert(json_get(top, "sym")->type == JSON_STRING, "the first user frame has no name");
	cr_assert(strstr(json_string(top, "sym"), call), "first user frame %s, not %s",
		  json_string(top, "sym"), call);
	cr_assert(strstr(json_string(top, "module"), "libc.so"), "%s is not libc's",
		  json_string(top, "module"));
}

Test(capable, stacks_name_the_syscall_path)
{
	struct tool_proc t;
	struct workload w;
	struct json *recs;
	size_t n;

	/* it lingers: its user frames are named from its mappings, read while it runs */
	workload_spawn(&w, "capper", chown_arg, "nice", "linger:3000", NULL);
	tool_start(&t, "capable", "-K", "-U", "-j", NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	recs = json_lines(t.out, &n);
	assert_kernel_stack(find_check(recs, n, w.pid, CAP_SYS_NICE), "setpriority");
	assert_kernel_stack(find_check(recs, n, w.pid, CAP_CHOWN), "chown");
	assert_user_stack(find_check(recs, n, w.pid, CAP_SYS_NICE), "setpriority");
	assert_user_stack(find_check(recs, n, w.pid, CAP_CHOWN), "chown");
	assert_fields_documented("capable", find_check(recs, n, w.pid, CAP_CHOWN));
	json_lines_free(recs, n);
	tool_free(&t);
}

/* Without -K and -U the stacks are null; in text the frames follow their line, indented. */
Test(capable, stacks_only_when_asked_and_under_the_line_in_text)
{
	struct tool_proc plain, text;
	struct workload w;
	struct json *recs;
	char pid[16], want[160], *line;
	size_t n;

	/* lingering 3 s: its stack's names are read from it while it runs, and a
	 * test VM's one CPU, shared, has kept the tool from its record over 1 s */
	workload_spawn(&w, "capper", "nice", "linger:3000", NULL);
	snprintf(pid, sizeof(pid), "%d", w.pid);
	tool_start(&plain, "capable", "-j", "-p", pid, NULL);
	tool_start(&text, "capable", "-K", "-U", "-p", pid, NULL);
	cr_assert_eq(workload_finish(&w), 0, "capper failed");
	cr_assert_eq(tool_stop(&plain, SIGINT), 0);
	cr_assert_eq(tool_stop(&text, SIGINT), 0);
	recs = json_lines(plain.out, &n);
	cr_assert_eq(json_get(find_check(recs, n, w.pid, CAP_SYS_NICE), "kernel_stack")->type,
		     JSON_NULL);
	cr_assert_eq(json_get(find_check(recs, n, w.pid, CAP_SYS_NICE), "user_stack")->type,
		     JSON_NULL);
	snprintf(want, sizeof(want), " 0      %-7d capper           23   CAP_SYS_NICE", w.pid);
	line = strstr(text.out, want);
	cr_assert(line, "no line '%s' in:\n%s", want, text.out);
	line = strchr(line, '\n');
	cr_assert(line && starts_with(line + 1, "        ") && line[9] != ' ',
		  "no frame under the line:\n%s", text.out);
	cr_assert(strstr(line, "\n        " SYSCALL_ENTRY_FRAME "+0x"),
		  "no syscall entry frame:\n%s", text.out);
	cr_assert(strstr(line, "\n        setpriority+0x") && strstr(line, " [libc.so.6]\n"),
		  "no user frame in libc:\n%s", text.out);
	json_lines_free(recs, n);
	tool_free(&plain);
	tool_free(&text);
}

/* Its own options' bad uses: the shared ones are test_shared.c's. */
Test(capable, bad_usage_exits_2)
{
	assert_usage_error("capable", "--unique=3", NULL);
	assert_usage_error("capable", "--kernel-stack=1", NULL);
}
