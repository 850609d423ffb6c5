// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The least work each kind of tool's output needs, for scripts/bench to
 * measure the tools against: what a tool costs beyond these is the price of
 * what it adds (a timestamp, a uid, a path the caller cannot forge, a filter).
 *
 * least_open: what reporting an open needs on a kernel with
 * bpf_task_pt_regs() (5.15+): the exit tracepoint alone, the process ID and
 * name, the path copied from the caller's memory, one ring-buffer record
 * sized to the path with sonde's batched wake-up (events.bpf.h).
 * least_open_file: the same with the path built from the opened file's
 * dentries (paths.bpf.h) instead, as opensnoop builds it.
 *
 * least_exec: what reporting an exec needs: sched_process_exec, the process
 * ID, its parent's and its name, the new program's arguments copied from its
 * argument area in one read, one record sized to them.
 *
 * least_bio_issue, least_bio_complete: what a block I/O latency histogram
 * needs: a timestamp per request at issue, kept by the request's address;
 * at completion the time since, its log2 slot, one count added to a
 * histogram in a map (biolatency's shape, with neither filters nor a
 * per-disk key).
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "hist.bpf.h"
#include "paths.bpf.h"
#include "regs.bpf.h"
#include "syscalls.bpf.h"

#define LEAST_ARGS_BYTES 8192 /* execsnoop's EXEC_ARGS_BYTES */

struct least_open_record {
	__u32 pid;
	__s32 ret;
	char comm[16];
	char path[PATH_BYTES];
};

struct least_exec_record {
	__u32 pid;
	__u32 ppid;
	char comm[16];
	__u64 args_len;
	char args[LEAST_ARGS_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct least_open_record);
} least_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct least_exec_record);
} least_exec_scratch SEC(".maps");

static __always_inline struct least_open_record *least_open_begin(long ret)
{
	__u32 zero = 0;
	struct least_open_record *r = bpf_map_lookup_elem(&least_scratch, &zero);

	if (!r)
		return NULL;
	r->pid = bpf_get_current_pid_tgid() >> 32;
	r->ret = ret;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	return r;
}

static __always_inline void least_open_send(struct least_open_record *r, long len)
{
	if (len <= 0) {
		r->path[0] = '\0';
		len = 1;
	}
	barrier_var(len);
	if (len <= (long)sizeof(r->path))
		events_output(r, offsetof(struct least_open_record, path) + len);
}

SEC("tracepoint/syscalls/sys_exit_openat")
int least_open(struct syscall_exit_record *ctx)
{
	const struct pt_regs *regs =
		(const struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	struct least_open_record *r = least_open_begin(ctx->ret);

	if (r)
		least_open_send(r, bpf_probe_read_user_str(r->path, sizeof(r->path),
							   (const char *)SYSCALL_ARG2(regs)));
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int least_open_file(struct syscall_exit_record *ctx)
{
	struct least_open_record *r = least_open_begin(ctx->ret);

	if (r)
		least_open_send(r, ctx->ret >= 0 ? file_path(fd_file(ctx->ret), r->path) : 0);
	return TRACE_DONE;
}

SEC("tracepoint/sched/sched_process_exec")
int least_exec(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	unsigned long start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long end = BPF_CORE_READ(task, mm, arg_end);
	__u64 len = end > start ? end - start : 0;
	__u32 zero = 0;
	struct least_exec_record *r = bpf_map_lookup_elem(&least_exec_scratch, &zero);

	if (!r)
		return TRACE_DONE;
	r->pid = bpf_get_current_pid_tgid() >> 32;
	r->ppid = BPF_CORE_READ(task, real_parent, tgid);
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	if (len > LEAST_ARGS_BYTES)
		len = LEAST_ARGS_BYTES;
	if (bpf_probe_read_user(r->args, len, (const void *)start))
		len = 0;
	r->args_len = len;
	barrier_var(len);
	if (len <= LEAST_ARGS_BYTES)
		events_output(r, offsetof(struct least_exec_record, args) + len);
	return TRACE_DONE;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, void *);
	__type(value, __u64);
} least_bio_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} least_bio_hist SEC(".maps");

SEC("raw_tp/block_rq_issue")
int BPF_PROG(least_bio_issue, void *rq)
{
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&least_bio_start, &rq, &ts, BPF_ANY);
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_complete")
int BPF_PROG(least_bio_complete, void *rq)
{
	__u64 *ts = bpf_map_lookup_elem(&least_bio_start, &rq), delta;
	__u32 zero = 0;
	struct hist *h;

	if (!ts)
		return TRACE_DONE;
	delta = (bpf_ktime_get_ns() - *ts) / 1000;
	bpf_map_delete_elem(&least_bio_start, &rq);
	h = bpf_map_lookup_elem(&least_bio_hist, &zero);
	if (h)
		hist_count(h, hist_log2_slot(delta));
	return TRACE_DONE;
}
