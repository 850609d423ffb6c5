// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The top-like tools' report headings and rows (topview.h). */
#define _GNU_SOURCE /* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "options.h"
#include "output.h"
#include "procfs.h"
#include "run.h"
#include "topview.h"

#define CLEAR_SCREEN "\033[H\033[2J"

bool top_setup(struct run *r, int noclear_key)
{
	if (!r->interval)
		r->interval = 1;
	return !r->json && !run_given(r, noclear_key) && isatty(STDOUT_FILENO);
}

void top_heading(bool clear)
{
	char line[160], clock[16], *loadavg = NULL;
	ssize_t len = file_read("/proc/loadavg", 0, &loadavg); /* bytes, not a C string */
	const char *eol = len > 0 ? memchr(loadavg, '\n', len) : NULL;
	time_t now = time(NULL);
	struct tm tm;
	int n;

	strftime(clock, sizeof(clock), "%H:%M:%S", localtime_r(&now, &tm));
	if (len > 0)
		n = snprintf(line, sizeof(line), "%s loadavg: %.*s\n\n", clock,
			     (int)(eol ? eol - loadavg : len), loadavg);
	else
		n = snprintf(line, sizeof(line), "%s loadavg: ?\n\n", clock);
	free(loadavg);
	top_heading_line(clear, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void top_heading_line(bool clear, const char *line, size_t len)
{
	if (clear)
		output_text(CLEAR_SCREEN, strlen(CLEAR_SCREEN));
	output_text(line, len);
	output_header();
}

void top_rows(void *entries, size_t n, size_t size,
	      int (*compare)(const void *, const void *, void *), void *ctx, size_t rows,
	      bool (*emit)(void *ctx, const void *entry, double now))
{
	struct timespec now;
	size_t i, shown = 0;

	qsort_r(entries, n, size, compare, ctx);
	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < n && (!rows || shown < rows); i++)
		shown +=
			emit(ctx, (const char *)entries + i * size, now.tv_sec + now.tv_nsec / 1e9);
	output_text("\n", 1);
}

int top_sort_option(struct option_ctx *ctx, const char *arg, const char *const *names, size_t n,
		    const char *expected, unsigned int *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, names[i])) {
			*out = i;
			return 0;
		}
	return option_error(ctx, "unknown sort key '%s': %s", arg, expected);
}
