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
 *
 * least_offcpu: what off-CPU time by stack needs, on sched_switch: the
 * leaving thread's kernel and user stacks kept by the kernel's own stack
 * map (bpf_get_stackid(), as bcc's offcputime and libbpf-tools' do) with
 * the time; the thread coming back has the time since added to its
 * stacks' total, a hash map's entry. Neither filters nor states.
 *
 * least_runq_wakeup, least_runq_wakeup_new, least_runq_switch: what a
 * run-queue latency histogram needs on raw tracepoints: the woken task's
 * time kept by its thread ID; at a switch the leaving task's time if it is
 * still runnable (a preemption queues it again), and for the arriving task
 * the time since its stamp, its log2 slot, one count in a histogram
 * (runqlat's shape, with neither filters nor per-process keys).
 *
 * least_read_enter, least_read_exit: what timing a read against a
 * threshold needs (fsslower, fileslower when no read is slow): the time
 * kept in the task's storage at entry; at exit that lookup, the clock
 * and the comparison. No file is looked up, no filter applied.
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

#define LEAST_STACKS 16384

struct least_off_key {
	__u32 pid;
	__s32 kernel_stack;
	__s32 user_stack;
};

struct least_off_start {
	__u64 since;
	struct least_off_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, LEAST_STACKS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} least_stacks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LEAST_STACKS);
	__type(key, __u32);
	__type(value, struct least_off_start);
} least_off_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, LEAST_STACKS);
	__type(key, struct least_off_key);
	__type(value, __u64);
} least_off_total SEC(".maps");

SEC("raw_tp/sched_switch")
int BPF_PROG(least_offcpu, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns(), *total;
	__u32 tid = (__u32)id, back_tid = BPF_CORE_READ(next, pid);
	struct least_off_start *back, out;

	if (tid) { /* not the idle task */
		out.since = now;
		out.key.pid = id >> 32;
		out.key.kernel_stack = bpf_get_stackid(ctx, &least_stacks, 0);
		out.key.user_stack = bpf_get_stackid(ctx, &least_stacks, BPF_F_USER_STACK);
		bpf_map_update_elem(&least_off_start, &tid, &out, BPF_ANY);
	}
	back = bpf_map_lookup_elem(&least_off_start, &back_tid);
	if (!back)
		return TRACE_DONE;
	out = *back;
	bpf_map_delete_elem(&least_off_start, &back_tid);
	total = bpf_map_lookup_elem(&least_off_total, &out.key);
	if (total) {
		__sync_fetch_and_add(total, now - out.since);
		return TRACE_DONE;
	}
	now -= out.since;
	bpf_map_update_elem(&least_off_total, &out.key, &now, BPF_NOEXIST);
	return TRACE_DONE;
}

struct least_read_start {
	__u64 ts;
	__u64 pending;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct least_read_start);
} least_read_starts SEC(".maps");

/* no read is this slow: the threshold filters every one */
const volatile __u64 least_read_min_ns = 60000000000ULL;
__u64 least_read_slow;

SEC("tracepoint/syscalls/sys_enter_read")
int least_read_enter(void *ctx)
{
	struct least_read_start *s = bpf_task_storage_get(
		&least_read_starts, bpf_get_current_task_btf(), 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (s) {
		s->ts = bpf_ktime_get_ns();
		s->pending = 1;
	}
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_read")
int least_read_exit(void *ctx)
{
	struct least_read_start *s =
		bpf_task_storage_get(&least_read_starts, bpf_get_current_task_btf(), 0, 0);

	if (!s || !s->pending)
		return TRACE_DONE;
	s->pending = 0;
	if (bpf_ktime_get_ns() - s->ts >= least_read_min_ns)
		least_read_slow++;
	return TRACE_DONE;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, __u64);
} least_runq_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} least_runq_hist SEC(".maps");

static __always_inline void least_runq_stamp(struct task_struct *p)
{
	__u32 tid = BPF_CORE_READ(p, pid);
	__u64 now = bpf_ktime_get_ns();

	bpf_map_update_elem(&least_runq_start, &tid, &now, BPF_ANY);
}

SEC("raw_tp/sched_wakeup")
int BPF_PROG(least_runq_wakeup, struct task_struct *p)
{
	least_runq_stamp(p);
	return TRACE_DONE;
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(least_runq_wakeup_new, struct task_struct *p)
{
	least_runq_stamp(p);
	return TRACE_DONE;
}

SEC("raw_tp/sched_switch")
int BPF_PROG(least_runq_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	__u32 tid = BPF_CORE_READ(next, pid), zero = 0;
	struct hist *h;
	__u64 *ts;

	if (BPF_CORE_READ(prev, __state) == 0) /* TASK_RUNNING: queued again */
		least_runq_stamp(prev);
	ts = bpf_map_lookup_elem(&least_runq_start, &tid);
	if (!ts || !*ts)
		return TRACE_DONE;
	h = bpf_map_lookup_elem(&least_runq_hist, &zero);
	if (h)
		hist_count(h, hist_log2_slot((bpf_ktime_get_ns() - *ts) / 1000));
	*ts = 0;
	return TRACE_DONE;
}
