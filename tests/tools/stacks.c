// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Reading the stack tools' output for their tests (stacks.h). */
#define _GNU_SOURCE /* memrchr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "stacks.h"

static bool of_pid(const struct json *rec, pid_t pid)
{
	const struct json *p = json_get(rec, "pid");

	return p && p->type == JSON_NUMBER && p->number == pid;
}

double stacks_sum(const struct json *recs, size_t n, pid_t pid, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (of_pid(&recs[i], pid))
			sum += json_number(&recs[i], key);
	return sum;
}

const struct json *stacks_top(const struct json *recs, size_t n, pid_t pid, const char *key)
{
	const struct json *top = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (of_pid(&recs[i], pid) &&
		    (!top || json_number(&recs[i], key) > json_number(top, key)))
			top = &recs[i];
	return top;
}

static const char *frame_sym(const struct json *frames, size_t i)
{
	const struct json *sym = json_get(&frames->items[i], "sym");

	return sym && sym->type == JSON_STRING ? sym->string : "";
}

int stack_find(const struct json *rec, const char *stack, const char *sym)
{
	const struct json *frames = json_get(rec, stack);
	size_t i;

	for (i = 0; frames && frames->type == JSON_ARRAY && i < frames->n; i++)
		if (!strcmp(frame_sym(frames, i), sym))
			return (int)i;
	return -1;
}

bool stack_has_chain(const struct json *rec, const char *stack, const char *const *chain)
{
	const struct json *frames = json_get(rec, stack);
	int at = stack_find(rec, stack, chain[0]);
	size_t i;

	if (at < 0)
		return false;
	for (i = 1; chain[i]; i++)
		if ((size_t)at + i >= frames->n || strcmp(frame_sym(frames, at + i), chain[i]))
			return false;
	return true;
}

double stacks_sum_chain(const struct json *recs, size_t n, pid_t pid, const char *stack,
			const char *const *chain, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (of_pid(&recs[i], pid) && stack_has_chain(&recs[i], stack, chain))
			sum += json_number(&recs[i], key);
	return sum;
}

double stacks_sum_both(const struct json *recs, size_t n, pid_t pid, const char *const *user,
		       const char *const *kernel, const char *key)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (of_pid(&recs[i], pid) && stack_has_chain(&recs[i], "user_stack", user) &&
		    stack_has_chain(&recs[i], "kernel_stack", kernel))
			sum += json_number(&recs[i], key);
	return sum;
}

/* Whether stack holds the parts, in their order, none overlapping. */
static bool holds_in_order(const char *stack, const char *const *parts)
{
	for (; *parts; parts++) {
		stack = strstr(stack, *parts);
		if (!stack)
			return false;
		stack += strlen(*parts);
	}
	return true;
}

double folded_figure_seq(const char *out, const char *const *parts)
{
	const char *line = out, *end, *space;
	double sum = -1;
	char *stack;

	for (; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		space = memrchr(line, ' ', end ? (size_t)(end - line) : strlen(line));
		if (!space)
			continue;
		stack = strndup(line, space - line);
		if (holds_in_order(stack, parts))
			sum = (sum < 0 ? 0 : sum) + strtod(space + 1, NULL);
		free(stack);
	}
	return sum;
}

double folded_figure(const char *out, const char *frames)
{
	const char *const parts[] = { frames, NULL };

	return folded_figure_seq(out, parts);
}

const char *stacks_clock_file(void)
{
	static char file[128];

	snprintf(file, sizeof(file), "/tmp/%s-slept", test_marker());
	return file;
}

size_t stacks_clock_read(const char *file, double *figures, size_t max)
{
	FILE *f = fopen(file, "r");
	size_t n = 0;

	cr_assert(f, "the workload wrote nothing to %s", file);
	while (n < max && fscanf(f, "%lf", &figures[n]) == 1)
		n++;
	fclose(f);
	unlink(file);
	cr_assert(n > 0, "the workload wrote no figure to %s", file);
	return n;
}

double stacks_clock_us(const char *file)
{
	double us;

	stacks_clock_read(file, &us, 1);
	return us;
}

void assert_stack_pid_filter(const char *tool, const char *action)
{
	struct tracer_pair p;
	struct workload w;

	workload_spawn(&w, "stacker", action, NULL);
	cr_assert_eq(tracer_pair_run(&p, &w, tool, NULL, "-p", num_arg(w.pid), "1"), 0);
	cr_assert_gt(stacks_sum(p.hit_recs, p.hit_n, w.pid, "count"), 0, "%s", p.hit.out);
	cr_assert_eq(stacks_sum(p.miss_recs, p.miss_n, w.pid, "count"), 0, "%s", p.miss.out);
	tracer_pair_free(&p);
}

bool svg_well_formed(const char *path)
{
	char cmd[512];

	cr_assert_eq(system("xmllint --version >/dev/null 2>&1"), 0,
		     "xmllint is missing (package libxml2-utils, scripts/setup)");
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", path);
	return system(cmd) == 0;
}

double svg_frame_y(const char *path, const char *name)
{
	char cmd[1024], out[32] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "xmllint --xpath 'string((//*[local-name()=\"g\"][*[local-name()=\"title\"]"
		 "=\"%s\"])[1]/*[local-name()=\"rect\"]/@y)' '%s' 2>/dev/null",
		 name, path);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	if (!fgets(out, sizeof(out), p))
		out[0] = '\0';
	pclose(p);
	return out[0] ? atof(out) : -1;
}
