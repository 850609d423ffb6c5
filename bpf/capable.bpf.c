// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * capable: capability checks, with their verdict.
 *
 * Three ways in, chosen by common/attach.c: the capability:cap_capable
 * tracepoint of newer kernels (capability, verdict; not the options, so
 * whether the check is audited is unknown there; its record read through
 * its CO-RE type), fexit on cap_capable
 * (arguments and verdict in one program), or a kprobe/kretprobe pair on it
 * with inflight.bpf.h carrying the arguments to the return.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "core_fixes.bpf.h"
#include "regs.bpf.h"
#include "stack.bpf.h"
#include "task.bpf.h"
#include "capable.h"

const volatile bool all_checks = false; /* -a: CAP_OPT_NOAUDIT checks too */
const volatile bool unique = false;	/* --unique */
const volatile __u32 self_pid = 0;	/* our own checks (every bpf() call makes one) */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CAP_SEEN_ENTRIES);
	__type(key, struct cap_seen_key);
	__type(value, __u8);
} seen SEC(".maps");

static __always_inline bool task_wanted(void)
{
	return current_tgid() != self_pid && filter_task();
}

static __always_inline bool audit_wanted(__u32 opts)
{
	return all_checks || !(opts & CAP_OPT_NOAUDIT);
}

/*
 * --unique: true the first time this process checks this capability. Keyed
 * by the host's PID: in a container every process outside it would be 0.
 */
static __always_inline bool first_sighting(__s32 cap)
{
	struct cap_seen_key key = { .pid = bpf_get_current_pid_tgid() >> 32, .cap = cap };
	__u8 one = 1;

	if (!unique)
		return true;
	/* one atomic insert decides, even for two threads at once; a full map repeats, never drops */
	return map_result(bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST)) != -ERR_EXIST;
}

/* A record, with room for the stacks when -K or -U asked for them. */
static __always_inline struct cap_event *cap_reserve(void)
{
	if (stack_wanted())
		return events_reserve(sizeof(struct cap_event) + sizeof(struct event_stacks));
	return events_reserve(sizeof(struct cap_event));
}

static __always_inline void cap_report(void *ctx, __s32 cap, __s32 ret, __u32 flags)
{
	struct cap_event *e;

	if (!first_sighting(cap))
		return;
	e = cap_reserve();
	if (!e)
		return;
	if (stack_wanted())
		stack_capture(ctx, e->stacks);
	task_head_fill(&e->task);
	e->cap = cap;
	e->ret = ret;
	e->flags = flags;
	e->pad = 0;
	events_submit(e);
}

static __always_inline __u32 opts_flags(__u32 opts)
{
	__u32 flags = CAP_EVENT_OPTS_KNOWN;

	if (!(opts & CAP_OPT_NOAUDIT))
		flags |= CAP_EVENT_AUDIT;
	if (opts & CAP_OPT_INSETID)
		flags |= CAP_EVENT_INSETID;
	return flags;
}

/*
 * The tracepoint's record (Linux 6.16+), declared here rather than taken from
 * vmlinux.h: an architecture's header may come from an older kernel (arm64's
 * is 6.12's) that lacks it. The fields are relocated by name as ever.
 */
struct trace_event_raw_cap_capable___sonde {
	int cap;
	int ret;
} __attribute__((preserve_access_index));

SEC("tracepoint/capability/cap_capable")
int cap_tp(struct trace_event_raw_cap_capable___sonde *ctx)
{
	if (task_wanted())
		cap_report(ctx, ctx->cap, ctx->ret, 0);
	return TRACE_DONE;
}

SEC("fexit/cap_capable")
int BPF_PROG(cap_fexit, const void *cred, const void *ns, int cap, unsigned int opts, int ret)
{
	if (audit_wanted(opts) && task_wanted())
		cap_report(ctx, cap, ret, opts_flags(opts));
	return TRACE_DONE;
}

SEC("kprobe/cap_capable")
int cap_kprobe(struct pt_regs *ctx)
{
	__u32 opts = KPROBE_ARG4(ctx);
	struct inflight *in;

	if (!audit_wanted(opts) || !task_wanted())
		return TRACE_DONE;
	in = inflight_begin();
	if (in) {
		in->args[0] = (__s32)KPROBE_ARG3(ctx);
		in->args[1] = opts;
	}
	return TRACE_DONE;
}

SEC("kretprobe/cap_capable")
int cap_kretprobe(struct pt_regs *ctx)
{
	struct inflight *in;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (in)
		cap_report(ctx, (__s32)in->args[0], (__s32)KPROBE_RET(ctx),
			   opts_flags(in->args[1]));
	return TRACE_DONE;
}
