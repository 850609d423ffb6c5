// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hardirqs against a busy disk (direct reads of a scratch file, so each is
 * a request the disk interrupts for), or, on a file system without direct
 * I/O, whatever interrupts the machine takes. The kernel counts every
 * interrupt per IRQ in /proc/interrupts: read just inside and just
 * outside the tool's run, the two deltas of the IRQ that fired most bound
 * the tool's count of its handler.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"

TestSuite(hardirqs, .timeout = 60);

#define MAX_IRQS 1024

/* Interrupts so far per numbered IRQ, summed over the CPUs, and how many handlers it has. */
struct irqs {
	double count[MAX_IRQS];
	int handlers[MAX_IRQS];
	char *text; /* the whole of /proc/interrupts */
};

static void proc_interrupts(struct irqs *s)
{
	char line[4096], *p, *end;
	FILE *f = fopen("/proc/interrupts", "r");
	size_t len = 0;
	long irq;

	memset(s, 0, sizeof(*s));
	cr_assert(f, "no /proc/interrupts");
	s->text = calloc(1, 1);
	while (fgets(line, sizeof(line), f)) {
		s->text = realloc(s->text, len + strlen(line) + 1);
		strcpy(s->text + len, line);
		len += strlen(line);
		irq = strtol(line, &end, 10);
		if (end == line || *end != ':' || irq < 0 || irq >= MAX_IRQS)
			continue;
		for (p = end + 1;; p = end) {
			double v = strtod(p, &end);

			if (end == p)
				break;
			s->count[irq] += v;
		}
		/* the rest: chip, hwirq and type, then the handlers' names, comma-separated */
		s->handlers[irq] = 1;
		for (p = end; (p = strchr(p, ',')); p++)
			s->handlers[irq]++;
	}
	fclose(f);
}

/*
 * A scratch file of 8 MiB written through to the disk, for direct reads
 * (each a request to the disk, which interrupts at its completion): its
 * path, or NULL where the file system takes no O_DIRECT (tmpfs, 9p).
 */
static const char *scratch_file(char *path, size_t len)
{
	static char block[1 << 20];
	int fd, i;

	snprintf(path, len, "/var/tmp/%s-hardirqs", test_marker());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert(fd >= 0, "cannot create %s", path);
	memset(block, 'x', sizeof(block));
	for (i = 0; i < 8; i++)
		cr_assert_eq(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	cr_assert_eq(fsync(fd), 0);
	close(fd);
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd >= 0) {
		close(fd);
		return path;
	}
	unlink(path);
	return NULL;
}

struct busy {
	struct irqs before, start, end, after;
	char *out;
	int irq; /* the one that fired most while the tool surely ran */
};

static void busy(struct busy *b, const char *a, const char *c)
{
	struct tool_proc t;
	struct workload w;
	const char *file;
	char path[300];
	int i;

	file = scratch_file(path, sizeof(path));
	if (file)
		workload_spawn(&w, "dio", "-r", file, "3000", "2", NULL);
	else /* whatever interrupts the machine takes meanwhile */
		workload_spawn(&w, "spinner", "1", "10", "50", NULL);
	proc_interrupts(&b->before);
	tool_start(&t, "hardirqs", "-j", a, c, NULL);
	proc_interrupts(&b->start);
	cr_assert_eq(workload_finish(&w), 0, "the workload failed");
	proc_interrupts(&b->end);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	proc_interrupts(&b->after);
	if (file)
		unlink(file);
	b->out = t.out;
	t.out = NULL;
	tool_free(&t);
	b->irq = 0;
	for (i = 0; i < MAX_IRQS; i++)
		if (b->end.count[i] - b->start.count[i] >
		    b->end.count[b->irq] - b->start.count[b->irq])
			b->irq = i;
	if (b->end.count[b->irq] == b->start.count[b->irq])
		cr_skip_test("no numbered IRQ fired while hardirqs ran");
}

static void busy_free(struct busy *b)
{
	free(b->before.text);
	free(b->start.text);
	free(b->end.text);
	free(b->after.text);
	free(b->out);
}

/* `key` summed over the records of IRQ irq. */
static double irq_sum(const struct json *recs, size_t n, int irq, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (json_number(&recs[i], "irq") == irq)
			sum += json_number(&recs[i], key);
	return sum;
}

/*
 * Each record names a handler /proc/interrupts shows on its IRQ's line, and
 * the busiest IRQ's handler ran about as often as the kernel counted it
 * while the tool surely ran, and no more than it counted around the tool's
 * run.
 */
static void assert_counts(const struct busy *b, const char *key)
{
	struct json *recs;
	size_t n, i;
	double runs, inner = b->end.count[b->irq] - b->start.count[b->irq];
	double outer = b->after.count[b->irq] - b->before.count[b->irq];
	char needle[64];

	recs = json_lines(b->out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_null(json_get(&recs[i], "lost_events"), "%s", b->out);
		snprintf(needle, sizeof(needle), " %s", json_string(&recs[i], "hardirq"));
		cr_assert(strstr(b->after.text, needle), "no handler '%s' in /proc/interrupts:\n%s",
			  needle + 1, b->after.text);
		assert_fields_documented("hardirqs", &recs[i]);
	}
	runs = irq_sum(recs, n, b->irq, key);
	/*
	 * At least 95% of them. Open: in 3 of some 20 runs here the handler of
	 * the disk's 3000 interrupts was seen to run 2 to 60 times fewer, with
	 * no recursion miss and no map full reported; by hand (same workload,
	 * bpftool's run_cnt beside) it always ran 3000 times or more.
	 */
	if (b->after.handlers[b->irq] == 1)
		cr_assert(runs >= 0.95 * inner && runs <= outer,
			  "IRQ %d: %.0f runs counted; /proc/interrupts: %.0f while it surely ran, "
			  "%.0f around it\n%s",
			  b->irq, runs, inner, outer, b->out);
	else /* each handler of a shared line runs at every interrupt */
		cr_assert_geq(runs, inner, "IRQ %d: %.0f runs, %.0f interrupts", b->irq, runs,
			      inner);
	json_lines_free(recs, n);
}

Test(hardirqs, counts_are_the_kernels)
{
	struct busy b;

	busy(&b, "-C", NULL);
	assert_counts(&b, "count");
	busy_free(&b);
}

/* By default the time: the busiest handler's is above zero; its runs are counted too. */
Test(hardirqs, time_of_the_busiest_handler)
{
	struct json *recs;
	struct busy b;
	size_t n;

	busy(&b, NULL, NULL);
	assert_counts(&b, "count");
	recs = json_lines(b.out, &n);
	cr_assert_gt(irq_sum(recs, n, b.irq, "total_time"), 0, "%s", b.out);
	json_lines_free(recs, n);
	busy_free(&b);
}

/* -d --cpu: a histogram per handler and CPU, whose buckets add up to its runs. */
Test(hardirqs, dist_per_cpu)
{
	const struct json *buckets;
	struct json *recs;
	struct busy b;
	double sum;
	size_t n, i, j;

	busy(&b, "-d", "--cpu");
	assert_counts(&b, "count");
	recs = json_lines(b.out, &n);
	for (i = 0; i < n; i++) {
		cr_assert_lt(json_number(&recs[i], "cpu"), sysconf(_SC_NPROCESSORS_CONF));
		buckets = json_get(&recs[i], "buckets");
		cr_assert(buckets && buckets->type == JSON_ARRAY);
		for (sum = 0, j = 0; j < buckets->n; j++)
			sum += json_number(&buckets->items[j], "count");
		cr_assert_eq(sum, json_number(&recs[i], "count"));
	}
	json_lines_free(recs, n);
	busy_free(&b);
}

/* bcc's table: "HARDIRQ                    TOTAL_count". */
Test(hardirqs, text_like_bcc)
{
	struct tool_proc t;

	tool_start(&t, "hardirqs", "-C", "0.3", "1", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "%s", t.err);
	cr_assert(!strncmp(t.out, "HARDIRQ                    TOTAL_count\n", 39), "%s", t.out);
	tool_free(&t);
}

/* Interrupt context has no task: the task filters are not taken. */
Test(hardirqs, usage_errors_exit_2)
{
	assert_usage_error("hardirqs", "-p", "1");
	assert_usage_error("hardirqs", "-t", "1");
	assert_usage_error("hardirqs", "-C", "-d");
	assert_usage_error("hardirqs", "1", "0");
}

Test(hardirqs, interval_and_count_end_by_themselves)
{
	struct tool_proc t;

	tool_start(&t, "hardirqs", "-T", "0.2", "3", NULL);
	cr_assert_eq(tool_wait(&t, 10), 0, "stderr: %s", t.err);
	tool_free(&t);
}
