// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A file system's type for fsslower and fsdist (fstype.h): --type, the
 * bcc alias a tool was called by, and whether the kernel has it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fstype.h"
#include "procfs.h"

int fs_type_option(struct option_ctx *ctx, const char *arg, char fs[FS_NAME_BYTES])
{
	if (!arg[0] || strlen(arg) >= FS_NAME_BYTES || strpbrk(arg, " \t\n/"))
		return option_error(ctx, "invalid file system '%s'", arg);
	memset(fs, 0, FS_NAME_BYTES);
	memcpy(fs, arg, strlen(arg));
	return 0;
}

/* Whether argv0 is "<fs><suffix>" but the tool's own "fs<suffix>": the name into fs. */
static bool fs_type_alias(const char *argv0, const char *suffix, char fs[FS_NAME_BYTES])
{
	const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
	size_t len = strlen(base), tail = strlen(suffix);

	if (len <= tail || strcmp(base + len - tail, suffix) || len - tail >= FS_NAME_BYTES)
		return false;
	if (len - tail == 2 && !strncmp(base, "fs", 2))
		return false;
	memset(fs, 0, FS_NAME_BYTES);
	memcpy(fs, base, len - tail);
	return true;
}

struct tool fs_tool_called(const char *argv0, const char *suffix, const struct tool *tool,
			   char fs[FS_NAME_BYTES], const struct fs_alias_example *examples)
{
	static const struct tool_option no_options[] = { { 0 } };
	static char name[32], text[384];
	struct tool alias = *tool;
	char with_args[64];
	size_t used = 0;
	int i;

	if (!fs_type_alias(argv0, suffix, fs))
		return *tool;
	snprintf(name, sizeof(name), "%s%s", fs, suffix);
	for (i = 0; i < 3 && examples[i].what && used < sizeof(text); i++) {
		snprintf(with_args, sizeof(with_args), "%s%s%s", name,
			 examples[i].args[0] ? " " : "", examples[i].args);
		used += snprintf(text + used, sizeof(text) - used, "  %-22s %s\n", with_args,
				 examples[i].what);
	}
	alias.name = name;
	alias.options = no_options;
	alias.examples = text;
	return alias;
}

/*
 * Whether /proc/filesystems lists fs: a file system this kernel has (or
 * had loaded). Its lines are "[nodev]\tname"; file_read() gives bytes, not
 * a C string.
 */
static bool kernel_has_fs(const char *fs)
{
	char *text = NULL;
	ssize_t len = file_read("/proc/filesystems", 0, &text);
	const char *line = text, *end = text + (len > 0 ? len : 0), *eol, *name;
	size_t want = strlen(fs);
	bool found = len <= 0; /* cannot tell: let the trace say */

	for (; !found && line < end; line = eol + 1) {
		eol = memchr(line, '\n', end - line);
		if (!eol)
			eol = end;
		name = memrchr(line, '\t', eol - line);
		name = name ? name + 1 : line;
		found = (size_t)(eol - name) == want && !memcmp(name, fs, want);
	}
	free(text);
	return found;
}

int fs_type_setup(struct run *r, const char *fs)
{
	if (kernel_has_fs(fs))
		return 0;
	run_fail(r, "no %s file system in this kernel (/proc/filesystems): nothing of it to trace",
		 fs);
	return -1;
}
