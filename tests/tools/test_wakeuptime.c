// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * wakeuptime against the stacker workload's wakeups (wakes.h): thread
 * rouser wakes the main thread 20 times from rouse(), 25 ms apart. Every
 * wakeup is counted against rouse()'s stack, the main thread as the
 * target, and the time is the time the main thread waited, within 10%.
 */
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"
#include "wakes.h"

TestSuite(wakeuptime, .timeout = 60);

Test(wakeuptime, attributes_waits_to_the_waker)
{
	const struct json *top;
	struct json *recs;
	pid_t pid;
	size_t n, i;

	recs = assert_woken_waits("wakeuptime", &pid, &n);
	top = stacks_top(recs, n, pid, "total_us");
	cr_assert(top && json_number(top, "tid") == pid, "the main thread's waits are not the top");
	cr_assert_str_eq(json_string(top, "waker_comm"), "rouser");
	cr_assert_geq(stack_find(top, "waker_kernel_stack", "try_to_wake_up"), 0);
	/* the sleeper's stacks are offwaketime's: not read, not shown */
	for (i = 0; i < n; i++)
		cr_assert(!json_get(&recs[i], "kernel_stack") && !json_get(&recs[i], "user_stack"));
	assert_fields_documented("wakeuptime", top);
	json_lines_free(recs, n);
}

/* bcc's folded line: waker;its user stack;its kernel stack;target */
Test(wakeuptime, folded_and_svg_hold_the_waker)
{
	static const char *const parts[] = { "rouser;", ";rouser;rouse;", ";futex_wake;",
					     ";try_to_wake_up;stacker", NULL };
	static const char *const frames[] = { "rouse", "futex_wake", "stacker", NULL };

	assert_folded_and_svg("wakeuptime", parts, frames);
}

/* -m and -M bound a wait: 25 ms waits pass 10 ms and not 1 s (-M: wakes.h) */
Test(wakeuptime, filters_by_block_time)
{
	assert_wake_filter("wakeuptime", "-m", "10000", "1000000");
}

Test(wakeuptime, filters_by_max_block_time)
{
	assert_wake_max_filter("wakeuptime");
}

Test(wakeuptime, filters_by_pid)
{
	assert_stack_pid_filter("wakeuptime", "wake:10:10");
}

Test(wakeuptime, refuses_bad_input)
{
	assert_wake_usage_errors("wakeuptime");
}
