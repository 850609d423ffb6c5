// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mdflush against an md RAID1 array of two loop devices, made by the test
 * with mdadm where the kernel has md (the matrix's Debian kernels, md_mod
 * loaded on demand): the dio workload's fsync()s of the array, one flush
 * each, every one shown with the workload and the array, by the tracer
 * filtering on the workload's pid and by none filtering on another's.
 * Where the kernel has no md (this project's build machine), the refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define FLUSHES 20

static struct loopdev members[2];
static char array[32]; /* "md105": made, stopped at the end */

/* md built in or loaded (/proc/mdstat), or a module modprobe can load (modules.dep). */
static bool kernel_has_md(void)
{
	return !access("/proc/mdstat", F_OK) ||
	       !system("grep -q '/md-mod\\.ko' /lib/modules/$(uname -r)/modules.dep 2>/dev/null");
}

static const char *array_path(void)
{
	static char path[48];

	snprintf(path, sizeof(path), "/dev/%s", array);
	return path;
}

static void array_stop(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "mdadm --stop /dev/%s >/dev/null 2>&1", array);
	if (array[0] && system(cmd))
		fprintf(stderr, "cleanup failed: %s\n", cmd);
	loopdev_remove(&members[0]);
	loopdev_remove(&members[1]);
}

TestSuite(mdflush, .fini = array_stop, .timeout = 60);

/* A RAID1 of two fresh loop devices under a name no other array has. */
static void array_make(void)
{
	loopdev_make(&members[0], 32);
	loopdev_make(&members[1], 32);
	snprintf(array, sizeof(array), "md%d", 100 + getpid() % 100);
	sh(NULL, 0,
	   "mdadm --create /dev/%s --run --level=1 --raid-devices=2 --assume-clean "
	   "--bitmap=none %s %s </dev/null",
	   array, members[0].dev, members[1].dev);
}

Test(mdflush, each_fsync_of_an_array_is_one_flush)
{
	struct tracer_pair p;
	struct workload w;
	size_t i;

	if (!kernel_has_md())
		cr_skip_test("this kernel has no md driver: its refusal is tested instead");
	array_make();
	workload_spawn(&w, "dio", "-w", "-s", array_path(), num_arg(FLUSHES), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "mdflush", NULL, "-p", num_arg(w.pid), num_arg(1)), 0);
	cr_assert_eq(p.hit_n, FLUSHES, "%zu flushes of %d fsync()s:\n%s", p.hit_n, FLUSHES,
		     p.hit.out);
	for (i = 0; i < p.hit_n; i++) {
		cr_assert_str_eq(json_string(&p.hit_recs[i], "device"), array);
		cr_assert_str_eq(json_string(&p.hit_recs[i], "comm"), "dio");
		cr_assert_eq(json_number(&p.hit_recs[i], "pid"), w.pid);
	}
	cr_assert_eq(p.miss_n, 0, "-p 1:\n%s", p.miss.out);
	assert_fields_documented("mdflush", &p.hit_recs[0]);
	tracer_pair_free(&p);
}

Test(mdflush, refuses_where_the_kernel_has_no_md)
{
	char *out, *err;

	if (kernel_has_md())
		cr_skip_test("this kernel has md: its flushes are tested instead");
	cr_assert_eq(tool_run(&out, &err, "mdflush", NULL), 1, "%s", err);
	cr_assert_str_eq(err, "mdflush: this kernel has no md driver (no /proc/mdstat, no md_mod "
			      "module): no md array to flush\n");
	cr_assert_str_eq(out, "");
	log_attach("mdflush", "refused"); /* the matrix's row: refused, as it must be here */
	free(out);
	free(err);
}

Test(mdflush, bad_usage_exits_2)
{
	assert_usage_error("mdflush", "--bogus", NULL);
	assert_usage_error("mdflush", "1", NULL);
}
