// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency: host name lookups through libc's getaddrinfo(),
 * gethostbyname() and gethostbyname2(): who asked, for which name, and how
 * long the answer took.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <linux/types.h>

#include "gethostlatency.h"
#include "probespec.h"
#include "run.h"
#include "specattach.h"
#include "gethostlatency.skel.h"

enum { F_TIME, F_PID, F_COMM, F_LAT, F_HOST, F_FUNC };

/* bcc's columns TIME PID COMM LATms HOST; which function, in JSON alone. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .width = -9, .shown_by = OPTION_ALWAYS },
	[F_PID] = { .task = TASK_PID },
	[F_COMM] = { .task = TASK_COMM },
	[F_LAT] = { "latency", "LATms", 10 },
	[F_HOST] = { "host", "HOST", 0 },
	[F_FUNC] = { "func", NULL, 0 },
};

static const char *const func_names[GETHOST_NFUNCS] = {
	[GETHOST_GETADDRINFO] = "getaddrinfo",
	[GETHOST_GETHOSTBYNAME] = "gethostbyname",
	[GETHOST_GETHOSTBYNAME2] = "gethostbyname2",
};

/* Each function's entry program; one return program serves all three. */
static const char *const entry_progs[GETHOST_NFUNCS] = {
	"getaddrinfo_entry",
	"gethostbyname_entry",
	"gethostbyname2_entry",
};

struct gethostlatency {
	const char *libc; /* -l: the library to probe, else libc as processes here map it */
	struct probe_spec entry[GETHOST_NFUNCS], ret[GETHOST_NFUNCS];
	struct probe_sites entry_sites[GETHOST_NFUNCS], ret_sites[GETHOST_NFUNCS];
};

static const struct tool_option options[] = {
	{ "libc", 'l', "PATH",
	  "the C library to probe (default: the libc the traced process maps)" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct gethostlatency *g = ctx->opts;

	if (key == 'l') {
		g->libc = arg;
		return 0;
	}
	return option_error(ctx, "unknown option");
}

static void release(struct gethostlatency *g)
{
	int i;

	for (i = 0; i < GETHOST_NFUNCS; i++) {
		probe_sites_free(&g->entry_sites[i]);
		probe_sites_free(&g->ret_sites[i]);
	}
}

/*
 * The six places, found before anything is loaded: the library through
 * binpath.h ("libc": the one process -p maps, else the one this tool maps,
 * as the dynamic loader chose it), each function in its symbols.
 */
static int setup(struct run *r, void *ctx)
{
	struct gethostlatency *g = ctx;
	pid_t pid = r->filter.flags & FILTER_BY_TGID ? (pid_t)r->filter.tgid : -1;
	const char *lib = g->libc ? g->libc : "libc";
	char why[512];
	int i;

	for (i = 0; i < GETHOST_NFUNCS; i++) {
		g->entry[i] = (struct probe_spec){ .kind = SPEC_UPROBE,
						   .binary = lib,
						   .name = func_names[i] };
		g->ret[i] = g->entry[i];
		g->ret[i].kind = SPEC_URETPROBE;
		if (spec_resolve(&g->entry_sites[i], &g->entry[i], pid, why, sizeof(why)) ||
		    spec_resolve(&g->ret_sites[i], &g->ret[i], pid, why, sizeof(why))) {
			run_fail(r, "cannot attach: %s", why);
			release(g);
			return -1;
		}
	}
	if (r->verbose)
		run_warn(r, "probing %s", g->entry_sites[0].binary);
	return 0;
}

static int attach(struct run *r, struct bpf_program *prog, void *ctx)
{
	struct gethostlatency *g = ctx;
	const char *name = bpf_program__name(prog);
	int i;

	for (i = 0; i < GETHOST_NFUNCS; i++) {
		if (!strcmp(name, entry_progs[i]))
			return spec_attach(r, prog, &g->entry_sites[i]) ? -1 : 0;
	}
	for (i = 0; i < GETHOST_NFUNCS; i++) {
		if (spec_attach(r, prog, &g->ret_sites[i]))
			return -1;
	}
	return 0;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct gethost_event *e = data;
	size_t host_max = len - offsetof(struct gethost_event, host);

	(void)ctx;
	if (len < offsetof(struct gethost_event, host))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_latency(F_LAT, e->latency_ns);
	if (e->host_len)
		rec_str(F_HOST, e->host, host_max < e->host_len ? host_max : e->host_len);
	else
		rec_null(F_HOST);
	if (e->func < GETHOST_NFUNCS)
		rec_str(F_FUNC, func_names[e->func], 32);
	else
		rec_null(F_FUNC);
	rec_end();
	return 0;
}

static void cleanup(void *ctx)
{
	release(ctx);
}

SKELETON(gethostlatency);

static const struct tool tool = {
	.name = "gethostlatency",
	.summary = "Trace host name lookups (getaddrinfo, gethostbyname, gethostbyname2) and "
		   "their latency.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION,
	.options = options,
	.parse = parse_option,
	.examples = "  gethostlatency                every lookup on the system\n"
		    "  gethostlatency -p 181         lookups of process 181\n"
		    "  gethostlatency -l /opt/glibc/lib/libc.so.6\n"
		    "                                lookups through another C library\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &gethostlatency_skeleton,
	.setup = setup,
	.attach = attach,
	.on_event = on_event,
	.cleanup = cleanup,
};

int main(int argc, char **argv)
{
	struct gethostlatency g = { 0 };

	return run_tool(&tool, &g, argc, argv);
}
