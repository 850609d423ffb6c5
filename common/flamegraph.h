/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flame graphs for the stack tools (profile, offcputime, stackcount): their
 * -f folded output and their --svg FILE, from one tree of merged stacks.
 *
 *	struct flame *f = flame_new("CPU profile", "samples");
 *	flame_add(f, frames, kinds, depth, count);	(each stack, root first)
 *	flame_write_svg(f, file);			(or flame_write_folded)
 *	flame_free(f);
 *
 * Stacks that share a prefix share its nodes: a frame merges with one of
 * the same name and kind at the same place under the same parent, so the
 * tree's size follows the distinct frames, not the samples.
 */
#ifndef SONDE_FLAMEGRAPH_H
#define SONDE_FLAMEGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/* Where a frame's code lives: it picks the frame's colour family. */
enum frame_kind {
	FRAME_UNKNOWN, /* grey */
	FRAME_KERNEL,  /* blues */
	FRAME_USER,    /* warm: reds to yellows */
	FRAME_JIT,     /* greens */
};

struct flame;

/*
 * An empty graph. The title heads the SVG; the unit names what counts
 * count ("samples", "us") in its details line. Both are copied (NULL:
 * "Flame Graph", "samples"). NULL without memory.
 */
struct flame *flame_new(const char *title, const char *unit);
void flame_free(struct flame *f);

/*
 * Add `count` to the stack frames[0..depth), root first; kinds[i] is
 * frames[i]'s kind (kinds NULL: all FRAME_UNKNOWN). Names are copied and
 * may hold any bytes. 0, -EINVAL for an empty stack, -ENOMEM. A count of 0
 * adds nothing.
 */
int flame_add(struct flame *f, const char *const *frames, const enum frame_kind *kinds,
	      size_t depth, __u64 count);

/* The sum of every count added. */
__u64 flame_total(const struct flame *f);

/*
 * The folded format flame graph tools read: one line per distinct stack,
 * "root;...;leaf count", sorted frame by frame (byte order of the names),
 * so two runs diff cleanly. Names are text-escaped (common/strbuf.h) with
 * ';' as \x3b so a name cannot split a frame or a line. annotate: kernel
 * frames end in "_[k]" and JIT frames in "_[j]" (bcc's -a, which
 * flamegraph.pl colours by); frames that print the same are one frame.
 * 0, or -EIO if the stream failed.
 */
int flame_write_folded(const struct flame *f, FILE *out, bool annotate);

/*
 * One self-contained SVG (no network, no external script): frames as
 * boxes as wide as their counts, the root at the bottom; hover shows a
 * frame's count and share, click zooms to it, "Search" (or Ctrl-F)
 * highlights frames matching a regular expression (a plain substring if
 * it is not one) and shows their share. Frames under 0.1 pixel wide are
 * left out (their counts stay in their parent's width). Without samples,
 * an SVG that says so. 0, or -EIO if the stream failed.
 */
int flame_write_svg(const struct flame *f, FILE *out);

#endif
