// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Which fields are text columns (columns.h), and the task head's standard columns. */
#include "columns.h"
#include "run.h"

/* The task head's columns as most tools print them; a tool's table overrides what differs. */
static const struct field task_columns[] = {
	[TASK_TIME] = { "time", "TIME", -8, .shown_by = 'T' },
	[TASK_UID] = { "uid", "UID", -6, .shown_by = 'U' },
	[TASK_PID] = { "pid", "PID", -7 },
	[TASK_TID] = { "tid", "TID", -7, .shown_by = OPT_PRINT_TID },
	[TASK_COMM] = { "comm", "COMM", -16 },
};

/* A task column with the standard values wherever the tool's table left them out. */
static struct field with_defaults(const struct field *f)
{
	const struct field *std = &task_columns[f->task];
	struct field c = *f;

	if (f->task == TASK_NONE)
		return c;
	c.key = f->key ? f->key : std->key;
	c.header = f->header ? f->header : std->header;
	c.width = f->width ? f->width : std->width;
	c.shown_by = f->shown_by ? f->shown_by : std->shown_by;
	return c;
}

/* An option-driven setting: in force if its option was given. */
static bool in_force(int key, const struct options_given *given)
{
	return key == OPTION_ALWAYS || (key > 0 && option_given(given, key)); /* not OPTION_NEVER */
}

static bool is_column(const struct field *f, const struct options_given *given)
{
	if (!f->header)
		return false;
	if (f->shown_by && !in_force(f->shown_by, given))
		return false;
	return !(f->hidden_by && option_given(given, f->hidden_by));
}

void columns_choose(const struct field *fields, size_t n, const struct options_given *given)
{
	struct field resolved[n ? n : 1];
	bool shown[n ? n : 1];
	size_t i;

	for (i = 0; i < n; i++) {
		resolved[i] = with_defaults(&fields[i]);
		shown[i] = is_column(&resolved[i], given);
		resolved[i].quoted_by = in_force(resolved[i].quoted_by, given) ? OPTION_ALWAYS : 0;
	}
	output_table(resolved, shown, n);
}
