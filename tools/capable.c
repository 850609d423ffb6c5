// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* capable: trace capability checks with the capability, the verdict and who asked. */
#include <stddef.h>
#include <unistd.h>
#include <linux/types.h>

#include "caps.h"
#include "output.h"
#include "run.h"
#include "capable.h"
#include "capable.skel.h"

#define OPT_UNIQUE 256

static struct {
	bool all;
	bool unique;
} opts;

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_CAP, F_NAME, F_AUDIT, F_INSETID, F_VERDICT };

/* bcc's columns: TIME UID PID [TID] COMM CAP NAME AUDIT [INSETID], then the verdict. */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", -9 },
	[F_UID] = { "uid", "UID", -6 },
	[F_PID] = { "pid", "PID", -7 },
	[F_TID] = { "tid", "TID", -7, .hidden = true },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_CAP] = { "cap", "CAP", -4 },
	[F_NAME] = { "name", "NAME", -20 },
	[F_AUDIT] = { "audit", "AUDIT", -6 },
	[F_INSETID] = { "insetid", "INSETID", -7, .hidden = true },
	[F_VERDICT] = { "verdict", "VERDICT", 0 },
};

static const struct tool_option options[] = {
	{ "all", 'a', NULL, "include checks made without auditing (bcc's -v)" },
	{ "extra", 'x', NULL, "print the TID and INSETID columns" },
	{ "unique", OPT_UNIQUE, NULL, "report each capability once per process" },
	{ 0 },
};

static int parse_option(int key, const char *arg)
{
	(void)arg;
	switch (key) {
	case 'a':
		opts.all = true;
		return 0;
	case 'x':
		fields[F_TID].hidden = fields[F_INSETID].hidden = false;
		return 0;
	case OPT_UNIQUE:
		opts.unique = true;
		return 0;
	}
	return -1;
}

static const struct tool tool = {
	.name = "capable",
	.summary = "Trace capability checks: the capability, who asked, allowed or denied.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION,
	.options = options,
	.parse = parse_option,
	.examples = "  capable                 audited capability checks\n"
		    "  capable -a              every check, audited or not\n"
		    "  capable -p 181 --unique each capability process 181 needs, once\n"
		    "  capable -x -j           JSON lines, with thread IDs\n",
};

/* A flag the hook may not know: 1 or 0 in text ("-" unknown), true, false or null in JSON. */
static void rec_flag(const struct field *f, bool known, bool set)
{
	if (output_json() && !known) {
		rec_json_key(f->key);
		rec_json_raw("null");
	} else if (output_json()) {
		rec_bool(f, set);
	} else {
		rec_str(f, !known ? "-" : set ? "1" : "0", 2);
	}
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct cap_event *e = data;
	bool known = e->flags & CAP_EVENT_OPTS_KNOWN;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_time(&fields[F_TIME], e->ts);
	rec_uint(&fields[F_UID], e->uid);
	rec_uint(&fields[F_PID], e->pid);
	rec_uint(&fields[F_TID], e->tid);
	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
	rec_int(&fields[F_CAP], e->cap);
	rec_str(&fields[F_NAME], cap_name(e->cap), 32);
	rec_flag(&fields[F_AUDIT], known, e->flags & CAP_EVENT_AUDIT);
	rec_flag(&fields[F_INSETID], known, e->flags & CAP_EVENT_INSETID);
	rec_str(&fields[F_VERDICT], e->ret == 0 ? "allow" : "deny", 8);
	rec_end();
	return 0;
}

/* The tracepoint came after 6.1; there, fexit or kprobes on the function it sits in. */
static const struct probe probes[] = {
	{ "cap_capable", { "cap_tp", "cap_fexit", "cap_kprobe,cap_kretprobe" } },
	{ 0 },
};

int main(int argc, char **argv)
{
	struct capable_bpf *skel;
	struct run run;

	run_parse(&run, &tool, argc, argv);

	skel = capable_bpf__open_opts(run_open_opts(&run, capable_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		skel->rodata->filter = run.filter;
		skel->rodata->all_checks = opts.all;
		skel->rodata->unique = opts.unique;
		skel->rodata->self_pid = getpid();
		run_snoop(&run, skel->obj, probes, fields, sizeof(fields) / sizeof(fields[0]),
			  on_event);
	}
	run_stop(&run);
	capable_bpf__destroy(skel);
	return run.exit_code;
}
