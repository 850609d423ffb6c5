// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcprtt: TCP smoothed round-trip times as log2 histograms, per local or remote address. */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>

#include "hist.h"
#include "maps.h"
#include "net.h"
#include "run.h"
#include "strbuf.h"
#include "tcprtt.h"
#include "tcprtt.skel.h"

enum { F_TIME, F_LADDR, F_RADDR, F_UNIT, F_TOTAL, F_AVG, F_BUCKETS };

/* JSON: one record per histogram (text is libbpf-tools' headings and bars) */
static const struct field fields[] = {
	[F_TIME] = { "time" },	     [F_LADDR] = { "laddr" }, [F_RADDR] = { "raddr" },
	[F_UNIT] = { "unit" },	     [F_TOTAL] = { "total" }, [F_AVG] = { "avg_us" },
	[F_BUCKETS] = { "buckets" },
};

static const struct tool_option options[] = {
	{ "byladdr", 'b', NULL, "one histogram per local address" },
	{ "byraddr", 'B', NULL, "one histogram per remote address" },
	{ "laddr", 'a', "ADDR", "trace this local address only (IPv4 or IPv6)" },
	{ "raddr", 'A', "ADDR", "trace this remote address only" },
	{ "extension", 'e', NULL, "the average RTT (usecs) of each histogram too" },
	{ 0 },
};

struct addr_filter {
	__u16 family; /* 0: none */
	__u8 addr[16];
};

struct entry {
	struct rtt_key key;
	struct rtt_value value;
};

struct tcprtt {
	struct addr_filter laddr, raddr; /* -a, -A */
	bool by_laddr, by_raddr, extended;
	struct hist_spec spec;
	struct summary hists;
};

/* An address as -a/-A take it; an IPv4-mapped IPv6 one is IPv4, as the kernel side unmaps. */
static int parse_addr(struct option_ctx *ctx, const char *arg, struct addr_filter *f)
{
	struct in6_addr a6;

	memset(f, 0, sizeof(*f));
	if (inet_pton(AF_INET, arg, f->addr) == 1) {
		f->family = NET_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, arg, &a6) != 1)
		return option_error(ctx, "invalid address '%s': expected IPv4 or IPv6", arg);
	if (IN6_IS_ADDR_V4MAPPED(&a6)) {
		f->family = NET_AF_INET;
		memcpy(f->addr, &a6.s6_addr[12], 4);
	} else {
		f->family = NET_AF_INET6;
		memcpy(f->addr, &a6, 16);
	}
	return 0;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct tcprtt *o = ctx->opts;

	if (key == 'a')
		return parse_addr(ctx, arg, &o->laddr);
	if (key == 'A')
		return parse_addr(ctx, arg, &o->raddr);
	return OPTION_NOT_MINE;
}

static int check(struct option_ctx *ctx, const struct run *r)
{
	(void)r;
	if (run_given(r, 'b') && run_given(r, 'B'))
		return option_error(ctx, "-b and -B exclude each other");
	return 0;
}

/* By family, then address. */
static int compare_entries(const void *a, const void *b)
{
	const struct rtt_key *x = &((const struct entry *)a)->key;
	const struct rtt_key *y = &((const struct entry *)b)->key;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->addr, y->addr, sizeof(x->addr));
}

static void emit_json(const struct tcprtt *c, const struct entry *e, const char *addr, double now)
{
	struct strbuf sb = { 0 };

	rec_begin();
	rec_double(F_TIME, now, 6);
	if (c->by_laddr)
		rec_str(F_LADDR, addr, NET_ADDR_LEN);
	if (c->by_raddr)
		rec_str(F_RADDR, addr, NET_ADDR_LEN);
	rec_str(F_UNIT, c->spec.unit, strlen(c->spec.unit));
	rec_uint(F_TOTAL, hist_total(&e->value.hist));
	if (c->extended)
		rec_double(F_AVG, e->value.count ? (double)e->value.sum_us / e->value.count : 0, 3);
	hist_json_buckets(&sb, &e->value.hist, &c->spec);
	rec_json(F_BUCKETS, sb.buf, sb.len);
	rec_end();
	sb_free(&sb);
}

/* libbpf-tools' heading: "Local Address = 127.0.0.1 [AVG 30]", then bcc's bars. */
static void emit_text(const struct tcprtt *c, const struct entry *e, const char *addr)
{
	struct strbuf sb = { 0 };

	if (!hist_total(&e->value.hist))
		return;
	sb_printf(&sb, "\n%s = %s",
		  c->by_laddr	? "Local Address"
		  : c->by_raddr ? "Remote Address"
				: "All Addresses",
		  addr);
	if (c->extended)
		sb_printf(&sb, " [AVG %llu]",
			  (unsigned long long)(e->value.count ? e->value.sum_us / e->value.count
							      : 0));
	sb_putc(&sb, '\n');
	output_text(sb.buf, sb.len);
	sb_free(&sb);
	hist_emit(&e->value.hist, &c->spec, NULL, 0);
}

static int report(void *ctx)
{
	struct tcprtt *c = ctx;
	struct entry *entries = c->hists.room;
	ssize_t n = summary_collect(&c->hists, sizeof(*entries), offsetof(struct entry, value));
	struct entry none = { 0 };
	char addr[NET_ADDR_LEN];
	struct timespec now;
	ssize_t i;

	if (n < 0)
		return -1;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	/* without -b/-B there is always one histogram, if of nothing */
	if (!n && !c->by_laddr && !c->by_raddr) {
		entries = &none;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		struct net_tuple t = { .family = entries[i].key.family };

		if (c->by_laddr || c->by_raddr)
			net_addr(&t, entries[i].key.addr, addr);
		else
			strcpy(addr, "******");
		if (output_json())
			emit_json(c, &entries[i], addr, now.tv_sec + now.tv_nsec / 1e9);
		else
			emit_text(c, &entries[i], addr);
	}
	return 0;
}

static int setup(struct run *r, void *ctx)
{
	struct tcprtt *c = ctx;

	c->spec.unit = r->milliseconds ? "msecs" : "usecs";
	c->by_laddr = run_given(r, 'b');
	c->by_raddr = run_given(r, 'B');
	c->extended = run_given(r, 'e');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct tcprtt *c = ctx;
	struct tcprtt_bpf *s = skel;

	s->rodata->by_laddr = c->by_laddr;
	s->rodata->by_raddr = c->by_raddr;
	s->rodata->extended = c->extended;
	s->rodata->milliseconds = r->milliseconds;
	s->rodata->laddr_family = c->laddr.family;
	memcpy((void *)s->rodata->laddr, c->laddr.addr, 16);
	s->rodata->raddr_family = c->raddr.family;
	memcpy((void *)s->rodata->raddr, c->raddr.addr, 16);
}

/* Every kernel of the matrix (5.10 to 6.18) has the tracepoint; the others for SONDE_ATTACH. */
static const struct probe probes[] = {
	{ "tcp_rcv_established", { "rtt_tp", "rtt_fentry", "rtt_kprobe" } },
	{ 0 },
};

SKELETON(tcprtt);

static const struct tool tool = {
	.name = "tcprtt",
	.summary = "Summarize TCP round-trip times (the kernel's smoothed RTT) as log2 histograms.",
	.shared = SHARED_NET_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP | SHARED_MILLISECONDS,
	.options = options,
	.parse = parse_option,
	.check = check,
	.examples = "  tcprtt                  one histogram at Ctrl-C\n"
		    "  tcprtt -m 1 10          ten one-second histograms in milliseconds\n"
		    "  tcprtt -P 443 -B -e     per remote address, port 443, with averages\n"
		    "  tcprtt -A 10.0.0.1 -j 5 JSON every 5 s, one peer only\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcprtt_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.summary_map = "hists",
	.summary_at = offsetof(struct tcprtt, hists),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct tcprtt c = { 0 };

	return run_tool(&tool, &c, argc, argv);
}
