/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Histogram layout and bucketing shared by bpf/hist.bpf.h (which fills it)
 * and common/hist.c (which prints it), so the two cannot disagree on where a
 * value lands. 64 log2 slots cover every u64 value.
 * Includes nothing: the includer provides __u32 and __u64.
 */
#ifndef SONDE_HIST_LAYOUT_H
#define SONDE_HIST_LAYOUT_H

#define HIST_SLOTS 64

struct hist {
	__u64 slots[HIST_SLOTS];
};

/*
 * Slot of v in a log2 histogram, as bcc and libbpf-tools bucket: slot 0 holds
 * 0 and 1, slot n >= 1 holds [2^n, 2^(n+1)). Slot 63 holds the top of u64.
 */
static inline __u32 hist_log2_slot(__u64 v)
{
	__u32 slot = 0;

	if (v >= 1ULL << 32) {
		v >>= 32;
		slot += 32;
	}
	if (v >= 1 << 16) {
		v >>= 16;
		slot += 16;
	}
	if (v >= 1 << 8) {
		v >>= 8;
		slot += 8;
	}
	if (v >= 1 << 4) {
		v >>= 4;
		slot += 4;
	}
	if (v >= 1 << 2) {
		v >>= 2;
		slot += 2;
	}
	if (v >= 1 << 1)
		slot += 1;
	return slot;
}

/*
 * The same slot without a branch, for BPF: the bits below v's highest set
 * bit, counted. Each test of hist_log2_slot() is a branch to the verifier,
 * and its six made 64 paths, each with its own slot, along which it walked
 * the rest of the program again (a histogram program processed some 5,400
 * instructions, ~2 ms of its load); here it walks one.
 */
static inline __u32 hist_log2_slot_flat(__u64 v)
{
	v |= v >> 1;
	v |= v >> 2;
	v |= v >> 4;
	v |= v >> 8;
	v |= v >> 16;
	v |= v >> 32;
	v >>= 1; /* the bits below the highest: its position */
	v -= (v >> 1) & 0x5555555555555555ULL;
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (v * 0x0101010101010101ULL) >> 56;
}

/* Slot of v in a linear histogram of `step`-wide buckets, the last one open-ended. */
static inline __u32 hist_linear_slot(__u64 v, __u64 step)
{
	__u64 slot = step ? v / step : v;

	return slot < HIST_SLOTS - 1 ? slot : HIST_SLOTS - 1;
}

/*
 * Log-linear histograms, for percentiles: every power of two from 16 up
 * split into HIST_FINE_SUB equal slots, values below 16 a slot each. A
 * slot is at most 1/16 as wide as the values in it, so the middle of the
 * slot a percentile falls in is within 1/32 (3.1%) of the exact value.
 * 976 slots cover every u64 value.
 */
#define HIST_FINE_SUB_BITS 4
#define HIST_FINE_SUB	   (1 << HIST_FINE_SUB_BITS)
#define HIST_FINE_SLOTS	   ((64 - HIST_FINE_SUB_BITS + 1) * HIST_FINE_SUB)

struct hist_fine {
	__u64 slots[HIST_FINE_SLOTS];
};

static inline __u32 hist_fine_slot(__u64 v)
{
	__u32 power;

	if (v < HIST_FINE_SUB)
		return v;
	power = hist_log2_slot_flat(v); /* at least HIST_FINE_SUB_BITS; one path for the verifier */
	return (power - HIST_FINE_SUB_BITS + 1) * HIST_FINE_SUB +
	       ((v >> (power - HIST_FINE_SUB_BITS)) & (HIST_FINE_SUB - 1));
}

#endif
