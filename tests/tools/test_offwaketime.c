// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * offwaketime against the stacker workload's wakeups (wakes.h): each of
 * the 20 waits is counted once, its stacks (main -> await_wakes ->
 * awaiter, in futex_wait) joined to the waker's (rouser -> rouse, in
 * futex_wake), and their time is the time the main thread waited, within
 * 10%.
 */
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"
#include "wakes.h"

TestSuite(offwaketime, .timeout = 60);

static const char *const awaiter_chain[] = { "awaiter", "await_wakes", "main", NULL };

Test(offwaketime, joins_the_wait_to_its_waker)
{
	const struct json *top;
	struct json *recs;
	pid_t pid;
	size_t n;

	recs = assert_woken_waits("offwaketime", &pid, &n);
	top = stacks_top(recs, n, pid, "total_us");
	cr_assert(top && json_number(top, "tid") == pid, "the main thread's waits are not the top");
	cr_assert(stack_has_chain(top, "user_stack", awaiter_chain),
		  "the wait is not in awaiter()");
	cr_assert_geq(stack_find(top, "kernel_stack", "futex_wait"), 0);
	cr_assert_str_eq(json_string(top, "waker_comm"), "rouser");
	assert_fields_documented("offwaketime", top);
	json_lines_free(recs, n);
}

/*
 * bcc's folded line: target;its user and kernel stacks from the root;--;
 * the waker's kernel and user stacks from the wakeup out;waker. The flame
 * graph stacks the waker on the wait: rouse() above awaiter().
 */
Test(offwaketime, folded_and_svg_join_both_stacks)
{
	static const char *const parts[] = { "stacker;",
					     ";main;await_wakes;awaiter;",
					     ";futex_wait",
					     ";schedule;",
					     ";--;",
					     ";futex_wake;",
					     ";rouse;rouser;",
					     ";rouser",
					     NULL };
	static const char *const frames[] = { "awaiter", "--", "rouse", NULL };

	assert_folded_and_svg("offwaketime", parts, frames);
}

Test(offwaketime, filters_by_block_time)
{
	assert_wake_filter("offwaketime", "-m", "10000", "1000000");
}

Test(offwaketime, filters_by_max_block_time)
{
	assert_wake_max_filter("offwaketime");
}

Test(offwaketime, filters_by_pid)
{
	assert_stack_pid_filter("offwaketime", "wake:10:10");
}

Test(offwaketime, refuses_bad_input)
{
	assert_wake_usage_errors("offwaketime");
}
