/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the top-like tools (biotop, filetop, cachetop, tcptop) share in their
 * text reports: the screen cleared before each, only on a terminal, and bcc's first
 * line, the time and the load average, then a blank line and the column
 * headings; and their -s/--sort KEY.
 */
#ifndef SONDE_TOPVIEW_H
#define SONDE_TOPVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct option_ctx;
struct run;

/*
 * A top's setup: a report every second unless an interval was given, and
 * whether reports clear the screen (text, to a terminal, and not
 * `noclear_key`, -C).
 */
bool top_setup(struct run *r, int noclear_key);

/* The heading of a report: the screen cleared if `clear`, "HH:MM:SS loadavg: ...", columns. */
void top_heading(bool clear);

/*
 * A report's rows, after its heading: the n entries (each `size` bytes)
 * sorted by compare (given ctx), then the first `rows` of them (0: all)
 * that emit shows (it returns whether it showed one), each with the time
 * as seconds since the epoch, and a blank line.
 */
void top_rows(void *entries, size_t n, size_t size,
	      int (*compare)(const void *, const void *, void *), void *ctx, size_t rows,
	      bool (*emit)(void *ctx, const void *entry, double now));

/*
 * The same with a first line of the tool's own (len bytes, its newline
 * included), as bcc's cachetop has: the screen cleared if `clear`, the
 * line, the column headings.
 */
void top_heading_line(bool clear, const char *line, size_t len);

/*
 * -s/--sort KEY: KEY's index in names[n] (the tool's sort enum) into *out
 * and 0, or -1 with "unknown sort key 'KEY': <expected>" written into ctx.
 */
int top_sort_option(struct option_ctx *ctx, const char *arg, const char *const *names, size_t n,
		    const char *expected, unsigned int *out);

#endif
