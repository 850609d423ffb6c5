// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Printing the histograms bpf/hist.bpf.h fills: bcc's text bars, or one JSON line each. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "hist.h"
#include "output.h"
#include "strbuf.h"

#define BAR_WIDTH 40

void hist_slot_bounds(const struct hist_spec *spec, int slot, __u64 *low, __u64 *high)
{
	if (spec->linear) {
		__u64 step = spec->step ? spec->step : 1; /* as hist_linear_slot() takes 0 */

		*low = slot * step;
		*high = slot == HIST_SLOTS - 1 ? UINT64_MAX : (slot + 1) * step - 1;
		return;
	}
	*low = slot ? 1ULL << slot : 0;
	*high = slot == HIST_SLOTS - 1 ? UINT64_MAX : (1ULL << (slot + 1)) - 1;
}

__u64 hist_total(const struct hist *h)
{
	__u64 total = 0;
	int i;

	for (i = 0; i < HIST_SLOTS; i++)
		total += h->slots[i];
	return total;
}

static int hist_last_used(const struct hist *h)
{
	int i;

	for (i = HIST_SLOTS - 1; i >= 0; i--)
		if (h->slots[i])
			return i;
	return -1;
}

/* One slot's bar: stars in proportion to the largest slot's count. */
static void hist_bar(struct strbuf *sb, __u64 count, __u64 max)
{
	size_t stars = max ? (size_t)((double)count * BAR_WIDTH / max + 0.5) : 0;

	if (count && !stars)
		stars = 1; /* a non-empty slot is never drawn empty */
	sb_putc(sb, '|');
	sb_pad(sb, '*', stars);
	sb_pad(sb, ' ', BAR_WIDTH - stars);
	sb_puts(sb, "|\n");
}

/*
 * bcc's print_linear_hist() layout for buckets one value wide (runqlen): a
 * row per value, "        3          : count    |***|".
 */
static void hist_text_values(struct strbuf *sb, const struct hist *h, const struct hist_spec *spec,
			     int last, __u64 max)
{
	int i;

	sb_printf(sb, "     %-13s : count     distribution\n", spec->unit);
	for (i = 0; i <= last; i++) {
		sb_printf(sb, "        %-10d : %-8llu ", i, (unsigned long long)h->slots[i]);
		hist_bar(sb, h->slots[i], max);
	}
}

/* bcc's layout: "     usecs               : count    distribution", then one bar a slot. */
static void hist_text(struct strbuf *sb, const struct hist *h, const struct hist_spec *spec)
{
	int last = hist_last_used(h), wide, width, i;
	__u64 max = 0, low, high;

	if (last < 0)
		return; /* nothing was recorded: no empty frame, as bcc */
	for (i = 0; i <= last; i++)
		if (h->slots[i] > max)
			max = h->slots[i];
	if (spec->linear && spec->step <= 1) {
		hist_text_values(sb, h, spec, last, max);
		return;
	}
	hist_slot_bounds(spec, last, &low, &high);
	wide = high > 9999999999ULL; /* bounds need more than bcc's 10 columns */
	width = wide ? 20 : 10;
	sb_printf(sb, "%*s%-*s : count    distribution\n", wide ? 15 : 5, "", wide ? 29 : 19,
		  spec->unit);
	for (i = 0; i <= last; i++) {
		hist_slot_bounds(spec, i, &low, &high);
		sb_printf(sb, "%*llu -> %-*llu : %-8llu ", width, (unsigned long long)low, width,
			  (unsigned long long)high, (unsigned long long)h->slots[i]);
		hist_bar(sb, h->slots[i], max);
	}
}

void hist_json_buckets(struct strbuf *sb, const struct hist *h, const struct hist_spec *spec)
{
	bool first = true;
	__u64 low, high;
	int i;

	sb_putc(sb, '[');
	for (i = 0; i < HIST_SLOTS; i++) {
		if (!h->slots[i])
			continue;
		hist_slot_bounds(spec, i, &low, &high);
		sb_printf(sb, "%s{\"low\":%llu,\"high\":%llu,\"count\":%llu}", first ? "" : ",",
			  (unsigned long long)low, (unsigned long long)high,
			  (unsigned long long)h->slots[i]);
		first = false;
	}
	sb_putc(sb, ']');
}

/* One JSON line: the time, the labels, the unit, the total and the non-empty buckets. */
static void hist_json(const struct hist *h, const struct hist_spec *spec,
		      const struct hist_label *labels, int nlabels)
{
	struct strbuf sb = { 0 };
	struct timespec now;
	int i;

	clock_gettime(CLOCK_REALTIME, &now);
	sb_printf(&sb, "{\"time\":%.6f", now.tv_sec + now.tv_nsec / 1e9);
	for (i = 0; i < nlabels; i++) {
		sb_printf(&sb, ",\"%s\":\"", labels[i].key);
		sb_json_escaped(&sb, labels[i].value, strlen(labels[i].value));
		sb_putc(&sb, '"');
	}
	sb_printf(&sb, ",\"unit\":\"%s\",\"total\":%llu,\"buckets\":", spec->unit,
		  (unsigned long long)hist_total(h));
	hist_json_buckets(&sb, h, spec);
	sb_putc(&sb, '}');
	output_line(sb.buf, sb.len);
	sb_free(&sb);
}

/* bcc's text: a blank line and "disk = vda" per label, then the bars. */
static void hist_bars(const struct hist *h, const struct hist_spec *spec,
		      const struct hist_label *labels, int nlabels)
{
	struct strbuf sb = { 0 };
	int i;

	if (!hist_total(h))
		return; /* no heading over nothing, as bcc */
	if (nlabels)
		sb_putc(&sb, '\n');
	for (i = 0; i < nlabels; i++) {
		sb_printf(&sb, "%s = ", labels[i].title ? labels[i].title : labels[i].key);
		sb_text_escaped(&sb, labels[i].value, strlen(labels[i].value));
		sb_putc(&sb, '\n');
	}
	hist_text(&sb, h, spec);
	output_text(sb.buf, sb.len);
	sb_free(&sb);
}

void hist_emit(const struct hist *h, const struct hist_spec *spec, const struct hist_label *labels,
	       int nlabels)
{
	if (output_json())
		hist_json(h, spec, labels, nlabels);
	else
		hist_bars(h, spec, labels, nlabels);
}

/* ---- log-linear histograms: percentiles ---- */

void hist_fine_bounds(__u32 slot, __u64 *low, __u64 *high)
{
	__u32 power = slot / HIST_FINE_SUB + HIST_FINE_SUB_BITS - 1;
	__u64 width;

	if (slot < HIST_FINE_SUB) {
		*low = *high = slot;
		return;
	}
	width = 1ULL << (power - HIST_FINE_SUB_BITS);
	*low = (1ULL << power) + (slot % HIST_FINE_SUB) * width;
	*high = *low + (width - 1);
}

__u64 hist_fine_total(const struct hist_fine *h)
{
	__u64 total = 0;
	__u32 i;

	for (i = 0; i < HIST_FINE_SLOTS; i++)
		total += h->slots[i];
	return total;
}

__u64 hist_fine_percentile(const struct hist_fine *h, __u64 total, double pct)
{
	double rank = ceil(pct / 100 * total);
	__u64 seen = 0, low, high;
	__u32 i;

	if (rank < 1)
		rank = 1;
	for (i = 0; i < HIST_FINE_SLOTS && total; i++) {
		seen += h->slots[i];
		if (seen >= rank) {
			hist_fine_bounds(i, &low, &high);
			return low + (high - low) / 2;
		}
	}
	return 0;
}
