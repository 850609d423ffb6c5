/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Printing the histograms that bpf/hist.bpf.h builds, as text bars or JSON records. */
#ifndef SONDE_HIST_H
#define SONDE_HIST_H

#include <stdbool.h>
#include <linux/types.h>

#include "hist_layout.h"
#include "strbuf.h"

struct hist_spec {
	const char *unit; /* "usecs", "msecs", ... */
	bool linear;	  /* linear buckets of `step`, else log2 */
	__u64 step;
};

/*
 * What a histogram is of: "disk" = "vda". A JSON field, and a text heading
 * "key = value", or "title = value" where bcc words it so ("Process Name").
 */
struct hist_label {
	const char *key;
	const char *value;
	const char *title; /* NULL: the key */
};

/* Bounds of slot i (both inclusive). */
void hist_slot_bounds(const struct hist_spec *spec, int slot, __u64 *low, __u64 *high);
__u64 hist_total(const struct hist *h);

/* [{"low":0,"high":1,"count":3},...]: the non-empty slots, for records a tool builds itself. */
void hist_json_buckets(struct strbuf *sb, const struct hist *h, const struct hist_spec *spec);

/* One histogram: text heading and bars, or one JSON line with its buckets. */
void hist_emit(const struct hist *h, const struct hist_spec *spec, const struct hist_label *labels,
	       int nlabels);

/* Bounds of slot i of a log-linear histogram (both inclusive). */
void hist_fine_bounds(__u32 slot, __u64 *low, __u64 *high);
__u64 hist_fine_total(const struct hist_fine *h);
/*
 * The value below which `pct` percent of the histogram's `total` values
 * lie (the nearest rank's: the smallest value with at least that share at
 * or below it), as the middle of its slot; 0 for an empty histogram.
 */
__u64 hist_fine_percentile(const struct hist_fine *h, __u64 total, double pct);

#endif
