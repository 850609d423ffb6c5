/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The event stream every per-event tool shares: one ring buffer, records
 * that do not fit counted in lost.bpf.h, and batched wake-ups: the reader is woken once a batch has gathered, and
 * otherwise picks records up on its own short poll timeout.
 */
#ifndef SONDE_EVENTS_BPF_H
#define SONDE_EVENTS_BPF_H

#include "sonde.bpf.h"
#include "lost.bpf.h"

/*
 * The ring is what a reader may fall behind by before events are lost, and
 * readers fall behind on a saturated machine, when tools are run. Measured
 * on 6.18 (make bench, section ring: 1,000,000 opens under opensnoop, its
 * reader sharing a CPU with N busy loops): 512 KiB lost none with 8 loops
 * and up to 4% with 16; 256 KiB up to 2% with 8; 128 KiB up to 5% with 4.
 * The reader maps the ring's pages twice (a record may wrap around), so it
 * shows as 1 MiB of the tool's RSS and 512 KiB of its PSS.
 */
#define EVENTS_RING_BYTES   (512 * 1024)
#define EVENTS_WAKEUP_BYTES (64 * 1024)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, EVENTS_RING_BYTES);
} events SEC(".maps");

static __always_inline __u64 events_wakeup_flag(void)
{
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= EVENTS_WAKEUP_BYTES)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

/* Reserve a fixed-size record; NULL (and counted as lost) when the ring is full. */
static __always_inline void *events_reserve(__u64 size)
{
	void *rec = bpf_ringbuf_reserve(&events, size, 0);

	if (!rec)
		count_lost();
	return rec;
}

static __always_inline void events_submit(void *rec)
{
	bpf_ringbuf_submit(rec, events_wakeup_flag());
}

/* Copy a variable-length record (header plus the used part of its buffer). */
static __always_inline void events_output(void *rec, __u64 size)
{
	if (bpf_ringbuf_output(&events, rec, size, events_wakeup_flag()))
		count_lost();
}

#endif
