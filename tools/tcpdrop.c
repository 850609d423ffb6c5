// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tcpdrop: trace TCP packets the kernel drops, with the reason and the kernel stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <linux/types.h>

#include "btf_cache.h"
#include "btf_wants.h"
#include "net.h"
#include "run.h"
#include "stackprint.h"
#include "strbuf.h"
#include "tcpdrop.h"
#include "tcpdrop.skel.h"

enum {
	F_TIME,
	F_PID,
	F_IP,
	F_SOURCE,
	F_ARROW,
	F_DEST,
	F_STATE,
	F_FLAGS,
	F_REASON,
	F_SADDR,
	F_SPORT,
	F_DADDR,
	F_DPORT,
	F_KSTACK,
};

/*
 * bcc's columns TIME PID IP SADDR:SPORT > DADDR:DPORT STATE (FLAGS), then
 * the drop reason, then the kernel stack. The pid is not known (softirq):
 * "-" in text, null in JSON.
 */
static const struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8 },
	[F_PID] = { "pid", "PID", -7 },
	[F_IP] = { "ip", "IP", -2 },
	[F_SOURCE] = { NULL, "SADDR:SPORT", -20 },
	[F_ARROW] = { NULL, ">", 1 },
	[F_DEST] = { NULL, "DADDR:DPORT", -20 },
	[F_STATE] = { "state", "STATE", -12 },
	[F_FLAGS] = { "flags", "(FLAGS)", -16 },
	[F_REASON] = { "reason", "REASON", 0 },
	[F_SADDR] = { "saddr" },
	[F_SPORT] = { "sport" },
	[F_DADDR] = { "daddr" },
	[F_DPORT] = { "dport" },
	[F_KSTACK] = { "kernel_stack" },
};

static const struct net_fields json_net_fields = { F_IP, F_SADDR, F_DADDR, F_SPORT, F_DPORT };

static const struct tool_option options[] = { { 0 } };

/* include/net/tcp_states.h: a stable ABI, as bcc names them */
static const char *const states[] = {
	[1] = "ESTABLISHED", [2] = "SYN_SENT",	[3] = "SYN_RECV", [4] = "FIN_WAIT1",
	[5] = "FIN_WAIT2",   [6] = "TIME_WAIT", [7] = "CLOSE",	  [8] = "CLOSE_WAIT",
	[9] = "LAST_ACK",    [10] = "LISTEN",	[11] = "CLOSING", [12] = "NEW_SYN_RECV",
};

/* The kernel's enum skb_drop_reason, read from its BTF at start: names without the prefix. */
struct tcpdrop {
	struct btf *btf; /* the cut holding the enum, or NULL */
	const struct btf_type *reasons;
};

#define REASON_PREFIX "SKB_DROP_REASON_"

static void reasons_load(struct tcpdrop *d)
{
	struct btf_wants w = { 0 };
	char path[32];
	int fd, id;

	fd = btf_wants_add_type(&w, "skb_drop_reason", BTF_KIND_ENUM) ?: btf_cache_cut(&w, NULL);
	btf_wants_free(&w);
	if (fd < 0)
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	d->btf = btf__parse(path, NULL);
	close(fd);
	if (!d->btf)
		return;
	id = btf__find_by_name_kind(d->btf, "skb_drop_reason", BTF_KIND_ENUM);
	if (id > 0)
		d->reasons = btf__type_by_id(d->btf, id);
}

static void rec_reason(const struct tcpdrop *d, __u32 reason)
{
	const struct btf_enum *v;
	char other[16];
	int i;

	if (reason == DROP_REASON_UNKNOWN) {
		rec_null(F_REASON);
		return;
	}
	for (i = 0; d->reasons && i < btf_vlen(d->reasons); i++) {
		const char *name;

		v = btf_enum(d->reasons) + i;
		if ((__u32)v->val != reason)
			continue;
		name = btf__name_by_offset(d->btf, v->name_off);
		if (!strncmp(name, REASON_PREFIX, strlen(REASON_PREFIX)))
			name += strlen(REASON_PREFIX);
		rec_str(F_REASON, name, 64);
		return;
	}
	snprintf(other, sizeof(other), "%u", reason);
	rec_str(F_REASON, other, sizeof(other));
}

/* bcc's flag names, joined by "|" */
static void rec_flags(__u8 flags)
{
	static const char *const names[] = {
		"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"
	};
	char s[48] = "";
	size_t i;

	for (i = 0; i < 8; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (*s)
			strcat(s, "|");
		strcat(s, names[i]);
	}
	if (output_json()) {
		rec_str(F_FLAGS, s, sizeof(s));
	} else {
		char p[52];

		snprintf(p, sizeof(p), "(%s)", s);
		rec_str(F_FLAGS, p, sizeof(p));
	}
}

static void rec_endpoint(int f, const struct net_tuple *t, const __u8 *addr, __u16 port)
{
	char a[NET_ADDR_LEN], s[NET_ADDR_LEN + 8];

	snprintf(s, sizeof(s), "%s:%u", net_addr(t, addr, a), port);
	rec_str(f, s, sizeof(s));
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct tcpdrop *d = ctx;
	const struct drop_event *e = data;
	static struct strbuf sb;

	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_time(F_TIME, e->ts);
	rec_null(F_PID);
	rec_net(&json_net_fields, &e->tuple);
	if (!output_json()) {
		rec_endpoint(F_SOURCE, &e->tuple, e->tuple.saddr, e->tuple.sport);
		rec_str(F_ARROW, ">", 1);
		rec_endpoint(F_DEST, &e->tuple, e->tuple.daddr, e->tuple.dport);
	}
	if (e->state < N_FIELDS(states) && states[e->state])
		rec_str(F_STATE, states[e->state], 16);
	else
		rec_null(F_STATE);
	rec_flags(e->flags);
	rec_reason(d, e->reason);
	if (output_json()) {
		if (e->stacks.kernel_n > 0) {
			sb_reset(&sb);
			stack_json(&sb, &e->stacks, 0, true);
			rec_json(F_KSTACK, sb.buf, sb.len);
		} else {
			rec_null(F_KSTACK);
		}
	}
	rec_end();
	if (!output_json()) {
		sb_reset(&sb);
		stack_text(&sb, &e->stacks, 0);
		output_text(sb.buf, sb.len);
	}
	return 0;
}

static int setup(struct run *r, void *ctx)
{
	(void)r;
	reasons_load(ctx);
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct tcpdrop_bpf *s = skel;

	(void)r;
	(void)ctx;
	s->rodata->stack_kernel = true;
}

/* skb:kfree_skb: every kernel sonde supports (its reason field since 5.17). */
static const struct probe probes[] = {
	{ "kfree_skb", { "drop_tp" } },
	{ 0 },
};

SKELETON(tcpdrop);

static const struct tool tool = {
	.name = "tcpdrop",
	.summary =
		"Trace TCP packets the kernel drops: addresses, state, flags, reason, kernel stack.",
	.shared = SHARED_NET_FILTERS | SHARED_DURATION,
	.options = options,
	.examples = "  tcpdrop                 every TCP drop, with its kernel stack\n"
		    "  tcpdrop -P 443 -j       drops of packets to port 443, as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &tcpdrop_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct tcpdrop d = { 0 };
	int status = run_tool(&tool, &d, argc, argv);

	btf__free(d.btf);
	return status;
}
