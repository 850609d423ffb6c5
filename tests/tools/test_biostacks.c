// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * biostacks against direct reads on a loop device of the test's own: every
 * read counted once, under the stack that submitted it, which runs through
 * the block layer's submission (blk_mq_submit_bio, the same from Linux 5.10
 * to 6.18) and, in user space, the C library the workload called.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"
#include "stacks.h"

#define READS 200

static struct loopdev disk;

LOOPDEV_SUITE(biostacks, 16, 60);

Test(biostacks, every_read_under_the_stack_that_submitted_it)
{
	const char *args[TRACE_MAX_ARGS] = { "--disk", disk.name };
	const struct json *top, *user;
	struct workload w;
	struct json *recs;
	size_t n;

	workload_spawn(&w, "dio", disk.dev, num_arg(READS), NULL);
	recs = trace_workload(&w, &n, "biostacks", args);
	cr_assert_eq(stacks_sum(recs, n, w.pid, "count"), READS);
	cr_assert_gt(stacks_sum(recs, n, w.pid, "total_us"), 0);
	top = stacks_top(recs, n, w.pid, "count");
	cr_assert(top);
	cr_assert_geq(stack_find(top, "kernel_stack", "blk_mq_submit_bio"), 0,
		      "no blk_mq_submit_bio in the submitting kernel stack");
	user = json_get(top, "user_stack");
	cr_assert(user && user->type == JSON_ARRAY && user->n > 0, "no user stack");
	cr_assert(strstr(json_string(&user->items[0], "module"), "libc"),
		  "the read's innermost user frame is in %s",
		  json_string(&user->items[0], "module"));
	assert_fields_documented("biostacks", top);
	json_lines_free(recs, n);
}

/* Folded, kernel stacks only: the process name first, the submission path after. */
Test(biostacks, folded_kernel_stacks)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "dio", disk.dev, num_arg(READS), NULL);
	tool_start(&t, "biostacks", "-f", "-K", "--disk", disk.name, NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(!strncmp(t.out, "dio;", 4), "%s", t.out);
	cr_assert_gt(folded_figure(t.out, ";blk_mq_submit_bio"), 0, "%s", t.out);
	tool_free(&t);
}

Test(biostacks, pid_filter)
{
	struct tracer_pair p;
	struct workload w;
	char disk_arg[64];

	snprintf(disk_arg, sizeof(disk_arg), "--disk=%s", disk.name);
	workload_spawn(&w, "dio", disk.dev, num_arg(READS), NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, "biostacks", disk_arg, "-p", num_arg(w.pid),
				     num_arg(getpid())),
		     0);
	cr_assert_eq(stacks_sum(p.hit_recs, p.hit_n, w.pid, "count"), READS);
	cr_assert_eq(p.miss_n, 0, "-p of another process printed:\n%s", p.miss.out);
	tracer_pair_free(&p);
}

Test(biostacks, bad_usage_exits_2)
{
	const char *bad[][2] = { { "-K", "-U" },
				 { "--disk", "sonde-no-such-disk" },
				 { "-f", "-j" } };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_usage_error("biostacks", bad[i][0], bad[i][1]);
}
