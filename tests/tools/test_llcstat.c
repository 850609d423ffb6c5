// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * llcstat. Our machines (this host, and the qemu guests under TCG) expose
 * no hardware PMU, so no last-level cache counters: there llcstat must
 * refuse exactly, after loading, without leaving anything behind. Its
 * counting is untested here: a machine with the counters skips the
 * refusal and has no test of its own yet.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <criterion/criterion.h>

#include "harness.h"

TestSuite(llcstat, .timeout = 60);

#define REFUSAL                                                                      \
	"llcstat: cannot sample cache references: this machine exposes no hardware " \
	"cache counters (no hardware PMU, or one without last-level cache events)"

static const char *const programs[] = { "llcstat_", NULL };

/* Whether this machine would count last-level cache references (on CPU 0). */
static bool has_cache_counters(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_HARDWARE,
		.config = PERF_COUNT_HW_CACHE_REFERENCES,
		.sample_period = 100,
	};
	int fd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

Test(llcstat, refuses_in_one_line_without_hardware_cache_counters)
{
	if (has_cache_counters())
		cr_skip_test("this machine has hardware cache counters");
	assert_refused_exactly(REFUSAL, programs, "llcstat", "0.5", NULL);
	assert_refused_exactly(REFUSAL, programs, "llcstat", "-j", "-t", "-c", "1000", "0.5", NULL);
	assert_refused_exactly(REFUSAL, programs, "llcstat", "-p", "1", "0.5", NULL);
}

Test(llcstat, bad_input_is_a_usage_error)
{
	assert_usage_error("llcstat", "-c", "0");
	assert_usage_error("llcstat", "-c", "many");
	assert_usage_error("llcstat", "1", "2");
	assert_usage_error("llcstat", "--cgroup", "/sys/fs/cgroup");
}
