// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * wqlat: workqueue latency, from a work item's queueing
 * (workqueue:workqueue_queue_work) to the start of its execution by a
 * worker (workqueue:workqueue_execute_start), as log2 histograms built in
 * the kernel, one in all or one per workqueue (-W) and function
 * (--function).
 *
 * queue_work, not activate_work: a work item held back by its
 * workqueue's max_active waits in the queue all the same, and that wait
 * is what a user of wqlat asks about. A delayed work item is traced when
 * its timer has queued it, so its deliberate delay is not counted.
 *
 * Raw tracepoints: the workqueue's name is read with CO-RE from the pool
 * workqueue the queue_work hook is handed (the classic record carries the
 * name only since Linux 5.19; a pointer before), the work's function from
 * the work item, and tp_btf would make libbpf load the whole kernel BTF.
 */
#include "sonde.bpf.h"
#include "hist.bpf.h"
#include "summary.bpf.h"
#include "wqlat.h"

const volatile bool milliseconds = false;
const volatile bool nanoseconds = false;
const volatile bool per_wq = false;	  /* -W: the name is part of the key */
const volatile bool per_function = false; /* --function: so is the function */
const volatile bool wq_filter = false;	  /* -w: only the workqueue named wq_name */
const volatile char wq_name[WQLAT_NAME_LEN] = {};

/* A queued work item, until a worker starts it. */
struct queued {
	__u64 ts;
	char wq[WQLAT_NAME_LEN];
};

/*
 * By the work item's address. LRU: a work item cancelled before it ran
 * (cancel_work_sync() and its kin fire no tracepoint) leaves its stamp
 * behind, and the oldest such give way rather than fill the map.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct queued);
} queued SEC(".maps");

SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, 10240, struct wqlat_key, struct hist);

/* Whether the name, read to its first NUL, is -w's; the names are at most 31 characters. */
static __always_inline bool wq_wanted(const char *name)
{
	for (int i = 0; i < WQLAT_NAME_LEN; i++) {
		if (name[i] != wq_name[i])
			return false;
		if (!name[i])
			return true;
	}
	return true;
}

SEC("raw_tp/workqueue_queue_work")
int BPF_PROG(wqlat_queue, int req_cpu, struct pool_workqueue *pwq, struct work_struct *work)
{
	struct queued q = {};
	__u64 key = (__u64)work;

	/* the name costs a read of up to 32 bytes: only when it is shown or filtered on */
	if (per_wq || wq_filter) {
		struct workqueue_struct *wq = BPF_CORE_READ(pwq, wq);

		bpf_probe_read_kernel_str(q.wq, sizeof(q.wq), &wq->name);
		if (wq_filter && !wq_wanted(q.wq))
			return TRACE_DONE;
	}
	q.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&queued, &key, &q, BPF_ANY);
	return TRACE_DONE;
}

SEC("raw_tp/workqueue_execute_start")
int BPF_PROG(wqlat_execute, struct work_struct *work)
{
	struct wqlat_key key = {};
	__u64 addr = (__u64)work, delta;
	struct queued *q = bpf_map_lookup_elem(&queued, &addr);

	if (!q) /* queued before tracing began, or filtered out */
		return TRACE_DONE;
	delta = bpf_ktime_get_ns() - q->ts;
	if (per_wq)
		__builtin_memcpy(key.wq, q->wq, sizeof(key.wq));
	bpf_map_delete_elem(&queued, &addr);
	if (per_function)
		key.function = (__u64)BPF_CORE_READ(work, func);
	if (!nanoseconds)
		delta /= milliseconds ? 1000000 : 1000;
	hist_add(hists, &key, hist_log2_slot(delta));
	return TRACE_DONE;
}
