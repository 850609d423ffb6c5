/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The wakeup tools' tests (wakeuptime, offwaketime) against the stacker
 * workload's wake action: thread "rouser" sleeps WAKE_MS and wakes the main
 * thread (blocked in main -> await_wakes -> awaiter, FUTEX_WAIT) from
 * rouser -> rouse (FUTEX_WAKE), WAKES times. What both tools must show of
 * it, and their shared filters, are here; each test file adds its own shape.
 */
#ifndef SONDE_TEST_WAKES_H
#define SONDE_TEST_WAKES_H

#include <stddef.h>
#include <sys/types.h>

struct json;

#define WAKES	20
#define WAKE_MS 25
/* a first sleep, so the workload's mappings are read whole first (test_offcputime.c) */
#define WAKE_SETTLE "linger:100"

/* The wake action, timed into stacks_clock_file(). */
const char *wake_action(void);

/*
 * `key` summed over the records of the main thread of process pid woken
 * by rouse(): waker rouser of the same process, its user stack rouse ->
 * rouser, its kernel stack in futex_wake.
 */
double wakes_sum(const struct json *recs, size_t n, pid_t pid, const char *key);

/*
 * `tool -j -p` of the timed wake action: every wait a wakeup ended counted
 * once (as many as the workload saw sleep), and their time within 10% under
 * the time the workload spent in those FUTEX_WAITs. Returns
 * the records (json_lines_free() them) for the tool's own checks.
 */
struct json *assert_woken_waits(const char *tool, pid_t *pid, size_t *n);

/* `tool opt keep` sees every wakeup, `tool opt drop` none. */
void assert_wake_filter(const char *tool, const char *opt, const char *keep, const char *drop);

/* -M 1000000 sees every wakeup, -M 10000 at most a few short waits. */
void assert_wake_max_filter(const char *tool);

/* The figure of `tool -f --svg` the folded lines holding `parts` show; the SVG holds `frames`. */
void assert_folded_and_svg(const char *tool, const char *const *parts, const char *const *frames);

/* Usage errors: -m -1, -M 0, -M below -m, -K with -U, -f with -j, a stray word. */
void assert_wake_usage_errors(const char *tool);

#endif
