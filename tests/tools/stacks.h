/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Reading what the stack tools (profile, offcputime, stackcount) print, for
 * their tests: JSON stack records (common/stacktool.c) of one process,
 * their figures and frames; folded lines; the flame graph's SVG through a
 * real XML parser.
 */
#ifndef SONDE_TEST_STACKS_H
#define SONDE_TEST_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct json;

/* `key` ("count", "total_us") summed over pid's stack records. */
double stacks_sum(const struct json *recs, size_t n, pid_t pid, const char *key);

/* pid's record with the largest `key`; NULL if it has none. */
const struct json *stacks_top(const struct json *recs, size_t n, pid_t pid, const char *key);

/*
 * Whether a record's stack ("user_stack", "kernel_stack") holds the named
 * frames next to one another, innermost first (chain ends in NULL).
 */
bool stack_has_chain(const struct json *rec, const char *stack, const char *const *chain);

/* Where in the record's stack the frame named sym is; -1 if not there. */
int stack_find(const struct json *rec, const char *stack, const char *sym);

/* `key` summed over pid's records whose stack holds the chain. */
double stacks_sum_chain(const struct json *recs, size_t n, pid_t pid, const char *stack,
			const char *const *chain, const char *key);

/* The same over records whose user stack holds `user` and kernel stack `kernel`. */
double stacks_sum_both(const struct json *recs, size_t n, pid_t pid, const char *const *user,
		       const char *const *kernel, const char *key);

/*
 * The figure of the folded line (of text `out`) holding `frames` (";a;b;"
 * style, a substring of the line's stack), summed over every such line;
 * -1 if none holds it.
 */
double folded_figure(const char *out, const char *frames);

/* The same over the lines whose stack holds every one of `parts` (NULL-ended), in order. */
double folded_figure_seq(const char *out, const char *const *parts);

/*
 * Where the stacker workload writes the microseconds its timed action
 * took by the clock (nap:N:MS:FILE, wake:N:MS:FILE): a name of the test's.
 */
const char *stacks_clock_file(void);

/* That time, read (the test fails if the workload wrote none), the file removed. */
double stacks_clock_us(const char *file);

/* Up to max figures from the file (the first that time): how many; the file removed. */
size_t stacks_clock_read(const char *file, double *figures, size_t max);

/*
 * `tool -p` of the stacker workload running `action` sees its stacks, and
 * `tool -p 1`, at the same time, none of them.
 */
void assert_stack_pid_filter(const char *tool, const char *action);

/* xmllint reads the file as well-formed XML. */
bool svg_well_formed(const char *path);

/*
 * The height (its box's y, growing downwards) of the first frame titled
 * `name` in the flame graph at path; -1 if none is. A frame drawn on its
 * parent sits one row (16) above it.
 */
double svg_frame_y(const char *path, const char *name);

#define SVG_ROW 16

#endif
