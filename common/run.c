// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A tool's life in order (run_tool()), and its start: the command line
 * (options.c), then what the choices made there set up: the output mode and
 * columns (columns.c), the PID namespace its filter and records use
 * (namespaces.c), libbpf's log (load.c) and the stop signals (loop.c).
 * With SONDE_REPLAY set, a recording takes the kernel's place (replay.c).
 * And the one way a tool reports a failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "columns.h"
#include "maps.h"
#include "namespaces.h"
#include "replay.h"
#include "run.h"

#ifndef SONDE_VERSION
#define SONDE_VERSION "unknown"
#endif

static void say(const struct run *r, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", r->tool ? r->tool->name : "sonde");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void run_warn(const struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(r, fmt, ap);
	va_end(ap);
}

void run_fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(r, fmt, ap);
	va_end(ap);
	r->exit_code = EXIT_FAILURE_RUNTIME;
}

void run_parse(struct run *r, const struct tool *tool, void *opts, int argc, char **argv)
{
	char err[512];

	switch (options_parse(r, tool, opts, argc, argv, err, sizeof(err))) {
	case PARSE_HELP:
		options_help(tool, stdout);
		exit(EXIT_OK);
	case PARSE_VERSION:
		printf("%s (sonde) %s\n", tool->name, SONDE_VERSION);
		exit(EXIT_OK);
	case PARSE_USAGE:
		fprintf(stderr, "%s: %s (see --help)\n", tool->name, err);
		exit(EXIT_USAGE);
	case PARSE_BROKEN:
		fprintf(stderr, "%s: %s\n", tool->name, err);
		exit(EXIT_FAILURE_RUNTIME);
	case PARSE_OK:
		break;
	}
	if (tool->become && tool->become(r))
		r->tool = tool = tool->become(r);
	output_init(r->json, stdout);
	columns_choose(tool->fields, tool->nfields, &r->given);
	if (!pidns_of_self(&r->filter.pidns))
		run_warn(r, "cannot read /proc/self/ns/pid: PIDs are the host's");
	load_logging(r->verbose);
	loop_signals();
}

static struct summary *summary_of(const struct tool *t, void *ctx)
{
	return t->summary_map ? (struct summary *)((char *)ctx + t->summary_at) : NULL;
}

/* Attached: read events or report intervals until the end. */
static void run_attached(struct run *r, const struct tool *t, void *skel, void *ctx)
{
	struct summary *s = summary_of(t, ctx);

	if (s && summary_prepare(r, s, t->skeleton->object(skel), t->summary_map, t->summary_entry))
		return;
	if (t->prepare && t->prepare(skel, r, ctx))
		return;
	if (t->report)
		run_intervals(r, t->report, ctx);
	else
		run_events(r, t->on_event, ctx);
}

int run_tool(const struct tool *t, void *ctx, int argc, char **argv)
{
	void *skel = NULL;
	struct run run;

	run_parse(&run, t, ctx, argc, argv);
	t = run.tool; /* maybe another mode of it (become) */
	run.ctx = ctx;
	if (replay_refused(&run))
		return run.exit_code;
	switch (t->setup ? t->setup(&run, ctx) : 0) {
	case RUN_DONE:
		return EXIT_OK;
	case 0:
		break;
	default:
		return EXIT_FAILURE_RUNTIME;
	}
	if (replay_wanted()) { /* nothing loaded, so no prepare() and no cleanup() */
		replay_events(&run, t->on_event, ctx);
		return run.exit_code;
	}
	skel = t->skeleton->open(run_open_opts(&run, t->skeleton->elf_bytes));
	if (run_opened(&run, skel)) {
		run_set_rodata(&run, t->skeleton->object(skel));
		if (run_choose(&run, t->skeleton->object(skel), t->probes) == 0) {
			if (t->configure)
				t->configure(skel, &run, ctx);
			if (run_start(&run, t->skeleton->object(skel), t->probes) == 0)
				run_attached(&run, t, skel, ctx);
		}
	}
	run_stop(&run);
	if (t->cleanup)
		t->cleanup(ctx);
	if (summary_of(t, ctx))
		summary_free(summary_of(t, ctx));
	t->skeleton->destroy(skel);
	return run.exit_code;
}
