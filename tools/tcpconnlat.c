// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpconnlat: TCP connect latency (SYN sent to established), per connect or as a histogram (-H). */
#include <stddef.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "net.h"
#include "run.h"
#include "tcpconnlat.h"
#include "tcpconnlat.skel.h"

enum { OPT_MIN = OPTION_LONG_ONLY };

enum { F_TIME, F_UID, F_PID, F_TID, F_COMM, F_IP, F_SADDR, F_LPORT, F_DADDR, F_DPORT, F_LAT };

/* bcc's columns [TIME] [UID] PID COMM IP SADDR LPORT DADDR DPORT LAT(ms), LPORT always shown */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },	  [F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },		  [F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },	  [F_IP] = { "ip", "IP", -2 },
	[F_SADDR] = { "saddr", "SADDR", -16 },	  [F_LPORT] = { "sport", "LPORT", -6 },
	[F_DADDR] = { "daddr", "DADDR", -16 },	  [F_DPORT] = { "dport", "DPORT", -5 },
	[F_LAT] = { "latency_ns", "LAT(ms)", 0 },
};

static const struct net_fields net_fields = { F_IP, F_SADDR, F_DADDR, F_LPORT, F_DPORT };

static const struct tool_option options[] = {
	{ "histogram", 'H', NULL, "a log2 histogram of latencies (usecs, msecs with -m)" },
	{ "min", OPT_MIN, "MS", "only connects slower than MS milliseconds (as MIN_MS)" },
	{ 0 },
};

struct entry {
	__u32 key;
	struct hist hist;
};

struct tcpconnlat {
	double min_ms; /* --min, MIN_MS */
	struct hist_spec spec;
	struct summary hists; /* -H */
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct tcpconnlat *c = ctx->opts;

	if (key == OPT_MIN || key == OPTION_OPERAND)
		return option_decimal(ctx, arg, key == OPT_MIN ? "--min" : "MIN_MS", "milliseconds",
				      0, &c->min_ms);
	return OPTION_NOT_MINE;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct connlat_event *e = data;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_net(&net_fields, &e->tuple);
	rec_latency(F_LAT, e->latency_ns);
	rec_end();
	return 0;
}

/* -H: the one histogram, at the end (or at -d's). */
static int report(void *ctx)
{
	struct tcpconnlat *c = ctx;
	struct entry *entries = c->hists.room;
	ssize_t n = summary_collect(&c->hists, sizeof(*entries), offsetof(struct entry, hist));
	struct hist empty = { 0 };

	if (n < 0)
		return -1;
	/* no connect at all is still a histogram, of none */
	hist_emit(n ? &entries[0].hist : &empty, &c->spec, NULL, 0);
	return 0;
}

static int setup(struct run *r, void *ctx)
{
	struct tcpconnlat *c = ctx;

	c->spec.unit = r->milliseconds ? "msecs" : "usecs";
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct tcpconnlat *c = ctx;
	struct tcpconnlat_bpf *s = skel;

	s->rodata->hist_mode = run_given(r, 'H');
	s->rodata->milliseconds = r->milliseconds;
	s->rodata->min_ns = (__u64)(c->min_ms * 1e6);
}

/* Linux 4.16 and later have the tracepoint: the one way, on every kernel of the matrix. */
static const struct probe probes[] = {
	{ "inet_sock_set_state", { "connlat_state" } },
	{ 0 },
};

SKELETON(tcpconnlat);

#define TCPCONNLAT_SHARED                                                                \
	(SHARED_TASK_FILTERS | SHARED_NET_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | \
	 SHARED_PRINT_UID | SHARED_PRINT_TID | SHARED_MILLISECONDS)
#define TCPCONNLAT_SUMMARY "Trace TCP connect latency: SYN sent to established."
#define TCPCONNLAT_EXAMPLES                                                    \
	"  tcpconnlat              every active TCP connect and its latency\n" \
	"  tcpconnlat 1            connects slower than 1 ms only\n"           \
	"  tcpconnlat -p 181 -P 443   process 181's connects to port 443\n"    \
	"  tcpconnlat -H -d 10     a histogram of ten seconds of connects\n"   \
	"  tcpconnlat -j --min 0.5 JSON lines of connects slower than 500 us\n"

static const struct tool hist_tool = {
	.name = "tcpconnlat",
	.summary = TCPCONNLAT_SUMMARY,
	.shared = TCPCONNLAT_SHARED,
	.options = options,
	.operand = "[MIN_MS]",
	.parse = parse_option,
	.examples = TCPCONNLAT_EXAMPLES,
	.skeleton = &tcpconnlat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct tcpconnlat, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

static const struct tool *become(const struct run *r)
{
	return run_given(r, 'H') ? &hist_tool : NULL;
}

static const struct tool tool = {
	.name = "tcpconnlat",
	.summary = TCPCONNLAT_SUMMARY,
	.shared = TCPCONNLAT_SHARED,
	.options = options,
	.operand = "[MIN_MS]",
	.parse = parse_option,
	.become = become,
	.examples = TCPCONNLAT_EXAMPLES,
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpconnlat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcpconnlat c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
