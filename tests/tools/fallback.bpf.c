// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * For tests/tools/test_fallback.c: a hook whose tracepoint only newer kernels
 * have (block:block_io_start, Linux 6.5), with a kprobe to fall back on where
 * kprobes exist. The programs only count their hits. And one program that
 * a probe table attaches at a second tracepoint ("prog@category/name"),
 * counting the calls of each process.
 */
#include "sonde.bpf.h"

__u64 hits;

SEC("tracepoint/block/block_io_start")
int io_start_tracepoint(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return TRACE_DONE;
}

SEC("kprobe/blk_mq_start_request")
int io_start_kprobe(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return TRACE_DONE;
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int call_counter(void *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&calls, &tgid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&calls, &tgid, &one, BPF_NOEXIST);
	return TRACE_DONE;
}
