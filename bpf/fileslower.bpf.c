// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fileslower: synchronous reads and writes of files slower than a
 * threshold, with the file's path, at the system calls: read, readv,
 * pread64, preadv, preadv2 and their write twins, each a program at entry
 * (one for reads, one for writes, attached at all five) and one at exit
 * for all ten.
 *
 * Entry keeps the time and the descriptor (inflight.bpf.h, task storage);
 * exit drops a fast call there, before anything else is read: only a slow
 * call pays for finding its file, checking it is a regular one (unless
 * -a) and building its path from the kernel's dentries (paths.bpf.h). The
 * descriptor is looked up at exit: a thread that closes or replaces it
 * during the call makes it show the file then held, or nothing.
 *
 * The tool's own calls are left out: each line it writes is a write, which
 * with a low threshold (and -a, or output to a file) would be a line more.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "inflight.bpf.h"
#include "paths.bpf.h"
#include "syscalls.bpf.h"
#include "task.bpf.h"
#include "fileslower.h"

#define S_IFMT	0170000 /* UAPI <linux/stat.h> */
#define S_IFREG 0100000

/* the threshold: calls faster are not reported */
const volatile __u64 min_ns = 10000000;
/* -a: sockets, pipes and devices too, not regular files alone */
const volatile bool all_files = false;
/* the tool's own process, as its PID namespace numbers it */
const volatile __u32 self_tgid = 0;

/* Build area for the record: too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct file_io_event);
} scratch SEC(".maps");

static __always_inline void io_enter(long fd, enum file_io dir)
{
	struct inflight *in;

	if (!filter_task() || current_tgid() == self_tgid)
		return;
	in = inflight_begin();
	if (!in)
		return;
	in->args[0] = fd;
	in->extra = dir;
}

SEC("tracepoint/syscalls/sys_enter_read")
int read_enter(struct syscall_enter_record *ctx)
{
	io_enter(ctx->args[0], FILE_READ);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_write")
int write_enter(struct syscall_enter_record *ctx)
{
	io_enter(ctx->args[0], FILE_WRITE);
	return TRACE_DONE;
}

static __always_inline bool wanted(struct file *file)
{
	return all_files || (BPF_CORE_READ(file, f_inode, i_mode) & S_IFMT) == S_IFREG;
}

static __always_inline void report(long fd, enum file_io dir, __u64 latency, long ret, __u64 now)
{
	struct file *file = fd_file(fd);
	struct file_io_event *e;
	__u32 zero = 0;
	long len;

	if (!file || !wanted(file))
		return;
	e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return;
	task_head_fill_at(&e->task, now);
	e->latency_ns = latency;
	e->ret = ret;
	e->dir = dir;
	e->pad = 0;
	len = file_path(file, e->path);
	if (len <= 0) {
		e->path[0] = '\0';
		len = 1;
	}
	barrier_var(len);
	if (len <= (long)sizeof(e->path))
		events_output(e, offsetof(struct file_io_event, path) + len);
}

SEC("tracepoint/syscalls/sys_exit_read")
int io_exit(struct syscall_exit_record *ctx)
{
	struct inflight *in;
	__u64 now;

	/* a filtered-out task never began one: skip the storage lookup (no-op unfiltered) */
	if (!filter_task())
		return TRACE_DONE;
	in = inflight_end();
	if (!in)
		return TRACE_DONE;
	now = bpf_ktime_get_ns();
	if (now - in->ts >= min_ns)
		report(in->args[0], in->extra, now - in->ts, ctx->ret, now);
	return TRACE_DONE;
}
