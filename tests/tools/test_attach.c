// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * How tools attach. Left alone, a tool takes the stable tracepoint path; a
 * kind forced with SONDE_ATTACH is either used for every hook that has it or
 * refused in one line naming what is missing. Which of the two happens
 * depends on the kernel (6.18 here refuses fentry and has no kprobes; 6.1 in
 * scripts/vm has both), so the tests accept either and check it is honest.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

/* A short run of each tool: the arguments that make it stop by itself. */
static const struct {
	const char *tool;
	const char *a, *b;
	bool has_alternatives;	/* carries fentry and kprobe ways */
	const char *tracepoint; /* where only some kernels have its tracepoint: which */
} tools[] = {
	{ "biolatency", "0.2", "1", true },
	{ "capable", "-d", "0.2", true, "capability/cap_capable" },
	{ "cpudist", "0.2", "1", false },
	{ "drsnoop", "-d", "0.2", false },
	{ "execsnoop", "-d", "0.2", false },
	{ "exitsnoop", "-d", "0.2", false },
	{ "futexctn", "0.2", "1", false },
	{ "hardirqs", "0.2", "1", false },
	{ "mountsnoop", "-d", "0.2", false },
	{ "oomkill", "-d", "0.2", true },
	{ "opensnoop", "-d", "0.2", true },
	{ "sigsnoop", "-d", "0.2", false },
	{ "softirqs", "0.2", "1", false },
	{ "softirqslower", "-d", "0.2", false },
	{ "statsnoop", "-d", "0.2", false },
	{ "syncsnoop", "-d", "0.2", false },
	{ "syscount", "0.2", "1", false },
	{ "threadsnoop", "-d", "0.2", false },
	{ "wqlat", "0.2", "1", false },
};

#define N_TOOLS (sizeof(tools) / sizeof(tools[0]))

static bool forced(void)
{
	const char *kind = getenv("SONDE_ATTACH");

	return kind && *kind;
}

/* Stable tracepoints where the kernel has them; the next way (fentry) where it does not. */
Test(attach, default_is_a_stable_tracepoint)
{
	struct tool_proc t;
	size_t i;

	if (forced())
		cr_skip_test("SONDE_ATTACH is set");
	for (i = 0; i < N_TOOLS; i++) {
		bool tracepoint =
			!tools[i].tracepoint || kernel_has_tracepoint(tools[i].tracepoint);

		tool_start(&t, tools[i].tool, tools[i].a, tools[i].b, NULL);
		cr_assert_eq(tool_wait(&t, 10), 0, "%s: %s", tools[i].tool, t.err);
		if (tracepoint)
			cr_assert(!strcmp(t.kinds, "tracepoint") || !strcmp(t.kinds, "raw_tp"),
				  "%s attached by %s, not a tracepoint", tools[i].tool, t.kinds);
		else
			cr_assert_str_eq(t.kinds, "fentry", "%s without its tracepoint",
					 tools[i].tool);
		tool_free(&t);
	}
}

/* Run the tool forced to `kind`: it uses that kind throughout, or exits 1 saying what is missing. */
static void assert_forced_honestly(size_t i, const char *kind)
{
	char *out, *err, want[64];
	int status;

	char kinds[64];

	setenv("SONDE_ATTACH", kind, 1);
	status = tool_run_kinds(&out, &err, kinds, sizeof(kinds), tools[i].tool, tools[i].a,
				tools[i].b, NULL);
	if (status == 0) {
		cr_assert_str_eq(kinds, kind, "%s forced to %s attached by %s", tools[i].tool, kind,
				 kinds);
	} else {
		const char *line = strstr(err, ": cannot attach: needs ");

		snprintf(want, sizeof(want), "(SONDE_ATTACH=%s)\n", kind);
		cr_assert_eq(status, 1, "%s: exit %d: %s", tools[i].tool, status, err);
		cr_assert(line && strstr(line, want) &&
				  strchr(line, '\n') == line + strlen(line) - 1,
			  "%s: no one-line reason naming SONDE_ATTACH=%s: %s", tools[i].tool, kind,
			  err);
	}
	free(out);
	free(err);
}

Test(attach, forced_fentry_is_used_or_refused_in_one_line)
{
	size_t i;

	for (i = 0; i < N_TOOLS; i++)
		if (tools[i].has_alternatives)
			assert_forced_honestly(i, "fentry");
}

Test(attach, forced_kprobe_is_used_or_refused_in_one_line)
{
	size_t i;

	for (i = 0; i < N_TOOLS; i++)
		if (tools[i].has_alternatives)
			assert_forced_honestly(i, "kprobe");
}

Test(attach, unknown_forced_kind_is_refused)
{
	char *out, *err;

	setenv("SONDE_ATTACH", "uprobe", 1);
	cr_assert_eq(tool_run(&out, &err, "opensnoop", "-d", "0.1", NULL), 1);
	cr_assert(strstr(err, "SONDE_ATTACH=uprobe is not one of"), "%s", err);
	free(out);
	free(err);
}
