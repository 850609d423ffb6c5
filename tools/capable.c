// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* capable: trace capability checks with the capability, the verdict and who asked. */
#include <stddef.h>
#include <unistd.h>
#include <linux/types.h>

#include "caps.h"
#include "run.h"
#include "stackprint.h"
#include "capable.h"
#include "capable.skel.h"

#define OPT_UNIQUE OPTION_LONG_ONLY

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_CAP,
	F_NAME,
	F_AUDIT,
	F_INSETID,
	F_VERDICT,
	F_KSTACK,
	F_USTACK,
};

/* bcc's columns: TIME UID PID [TID] COMM CAP NAME AUDIT [INSETID], then the verdict. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .width = -9, .shown_by = OPTION_ALWAYS },
	[F_UID] = { .task = TASK_UID, .shown_by = OPTION_ALWAYS },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID, .shown_by = 'x' },
	[F_COMM] = { .task = TASK_COMM },
	[F_CAP] = { "cap", "CAP", -4 },
	[F_NAME] = { "name", "NAME", -20 },
	[F_AUDIT] = { "audit", "AUDIT", -6 },
	[F_INSETID] = { "insetid", "INSETID", -7, .shown_by = 'x' },
	[F_VERDICT] = { "verdict", "VERDICT", 0 },
	/* in text, the frames follow the line */
	[F_KSTACK] = { "kernel_stack", NULL },
	[F_USTACK] = { "user_stack", NULL },
};

static const struct tool_option options[] = {
	{ "all", 'a', NULL, "include checks made without auditing (bcc's -v)" },
	{ "extra", 'x', NULL, "print the TID and INSETID columns" },
	{ "unique", OPT_UNIQUE, NULL, "report each capability once per process" },
	{ "kernel-stack", 'K', NULL, "show the kernel stack of each check" },
	{ "user-stack", 'U', NULL, "show the user stack of each check" },
	{ 0 },
};

/* A flag the hook may not know: 1 or 0 in text ("-" unknown), true, false or null in JSON. */
static void rec_flag(int f, bool known, bool set)
{
	if (!known)
		rec_null(f);
	else if (output_json())
		rec_bool(f, set);
	else
		rec_str(f, set ? "1" : "0", 2);
}

/* JSON: the stack's frames, or null where it was not asked for or not read. */
static void rec_stack(int f, const struct event_stacks *s, __u32 pid, bool kernel)
{
	static struct strbuf sb;

	if (!s || !(kernel ? s->kernel_n : s->user_n)) {
		rec_null(f);
		return;
	}
	sb_reset(&sb);
	stack_json(&sb, s, pid, kernel);
	rec_json(f, sb.buf, sb.len);
}

/* Text: the frames under the record's line. */
static void print_stacks(const struct event_stacks *s, __u32 pid)
{
	static struct strbuf sb;

	sb_reset(&sb);
	stack_text(&sb, s, pid);
	output_text(sb.buf, sb.len);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct cap_event *e = data;
	const struct event_stacks *stacks = len >= sizeof(*e) + sizeof(*stacks) ? e->stacks : NULL;
	bool known = e->flags & CAP_EVENT_OPTS_KNOWN;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_int(F_CAP, e->cap);
	rec_str(F_NAME, cap_name(e->cap), 32);
	rec_flag(F_AUDIT, known, e->flags & CAP_EVENT_AUDIT);
	rec_flag(F_INSETID, known, e->flags & CAP_EVENT_INSETID);
	rec_str(F_VERDICT, e->ret == 0 ? "allow" : "deny", 8);
	rec_stack(F_KSTACK, stacks, e->task.pid, true);
	rec_stack(F_USTACK, stacks, e->task.pid, false);
	rec_end();
	if (stacks && !output_json())
		print_stacks(stacks, e->task.pid);
	return 0;
}

/* The tracepoint came after 6.1; there, fexit or kprobes on the function it sits in. */
static const struct probe probes[] = {
	{ "cap_capable", { "cap_tp", "cap_fexit", "cap_kprobe,cap_kretprobe" } },
	{ 0 },
};

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct capable_bpf *s = skel;

	(void)ctx;
	s->rodata->all_checks = run_given(r, 'a');
	s->rodata->unique = run_given(r, OPT_UNIQUE);
	s->rodata->self_pid = getpid();
	s->rodata->stack_kernel = run_given(r, 'K');
	s->rodata->stack_user = run_given(r, 'U');
}

SKELETON(capable);

static const struct tool tool = {
	.name = "capable",
	.summary = "Trace capability checks: the capability, who asked, allowed or denied.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION,
	.options = options,
	.examples =
		"  capable                 audited capability checks\n"
		"  capable -a              every check, audited or not\n"
		"  capable -p 181 --unique each capability process 181 needs, once\n"
		"  capable -x -j           JSON lines, with thread IDs\n"
		"  capable -K -n sshd      sshd's checks, with the kernel code that made each\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &capable_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
