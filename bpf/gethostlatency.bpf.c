// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * gethostlatency: how long libc's getaddrinfo(), gethostbyname() and
 * gethostbyname2() take, from a uprobe at each function's entry to a
 * uretprobe at its return, per thread.
 *
 * No kernel hook sees a lookup: it is libc's work (files, nscd, DNS over
 * a socket it opens), so the probes are in the libc the traced processes
 * map, which user space finds and attaches to (tools/gethostlatency.c).
 * The name asked for is read at entry, as bcc does: the caller's string
 * is certain to be there then, and a record stands for the call as made.
 * It waits with the entry time in a hash keyed by thread ID (a lookup does
 * not nest in another on one thread); the return sends the record at its
 * variable length, the name's used bytes only. A full hash or ring counts
 * the call as lost.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "lost.bpf.h"
#include "task.bpf.h"
#include "gethostlatency.h"

/* threads between a lookup's entry and its return */
#define MAX_LOOKUPS 10240

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_LOOKUPS);
	__type(key, __u32);
	__type(value, struct gethost_event);
} lookups SEC(".maps");

/* where an entry builds its record: too big for the BPF stack */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gethost_event);
} scratch SEC(".maps");

static __always_inline int lookup_entry(const char *host, enum gethost_func func)
{
	__u32 zero = 0, tid = (__u32)bpf_get_current_pid_tgid();
	struct gethost_event *e;
	long len;

	if (!filter_task())
		return 0;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->start_ns = bpf_ktime_get_ns();
	e->func = func;
	len = bpf_probe_read_user_str(e->host, sizeof(e->host), host);
	e->host_len = len > 0 ? len : 0;
	if (bpf_map_update_elem(&lookups, &tid, e, BPF_ANY))
		count_lost();
	return 0;
}

/* int getaddrinfo(const char *node, const char *service, ...) */
SEC("uprobe")
int BPF_KPROBE(getaddrinfo_entry, const char *node)
{
	return lookup_entry(node, GETHOST_GETADDRINFO);
}

/* struct hostent *gethostbyname(const char *name) */
SEC("uprobe")
int BPF_KPROBE(gethostbyname_entry, const char *name)
{
	return lookup_entry(name, GETHOST_GETHOSTBYNAME);
}

/* struct hostent *gethostbyname2(const char *name, int af) */
SEC("uprobe")
int BPF_KPROBE(gethostbyname2_entry, const char *name)
{
	return lookup_entry(name, GETHOST_GETHOSTBYNAME2);
}

/* The return of any of the three: attached as a uretprobe at each. */
SEC("uprobe")
int BPF_KPROBE(lookup_return)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct gethost_event *e = bpf_map_lookup_elem(&lookups, &tid);
	__u64 now = bpf_ktime_get_ns(), size;
	__u32 len;

	if (!e)
		return 0;
	task_head_fill_at(&e->task, now);
	e->latency_ns = now - e->start_ns;
	len = e->host_len;
	if (len > GETHOST_NAME_MAX)
		len = GETHOST_NAME_MAX;
	size = offsetof(struct gethost_event, host) + len;
	events_output(e, size);
	bpf_map_delete_elem(&lookups, &tid);
	return 0;
}
