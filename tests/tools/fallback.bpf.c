// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * For tests/tools/test_fallback.c: a hook whose tracepoint only newer kernels
 * have (block:block_io_start, Linux 6.5), with a kprobe to fall back on where
 * kprobes exist. The programs only count their hits.
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
