// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A file system's type for fsslower and fsdist (fstype.h): --type, the
 * bcc alias a tool was called by, and whether the kernel has it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#include "file_io.h"
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

/* The functions bcc times per file system, in the order of enum file_io. */
static const struct {
	const char *fs;
	const char *functions[4];
} fs_functions[] = {
	{ "ext4",
	  { "ext4_file_read_iter", "ext4_file_write_iter", "ext4_file_open", "ext4_sync_file" } },
	{ "xfs",
	  { "xfs_file_read_iter", "xfs_file_write_iter", "xfs_file_open", "xfs_file_fsync" } },
	{ "btrfs",
	  { "btrfs_file_read_iter", "btrfs_file_write_iter", "btrfs_file_open",
	    "btrfs_sync_file" } },
	{ "nfs", { "nfs_file_read", "nfs_file_write", "nfs_file_open", "nfs_file_fsync" } },
};

void fs_type_probes(const char *fs, struct probe probes[FS_PROBES])
{
	/* the hooks' names, and the programs' */
	static const char *const ops[] = { "read", "write", "open", "fsync" };
	static const char *const syscalls[] = { FILE_READ_SYSCALLS, FILE_WRITE_SYSCALLS,
						FILE_OPEN_SYSCALLS, FILE_FSYNC_SYSCALLS };
	static char ways[4][2][160];
	size_t i, f;
	int k;

	memset(probes, 0, FS_PROBES * sizeof(*probes));
	for (f = 0; f < sizeof(fs_functions) / sizeof(fs_functions[0]); f++)
		if (!strcmp(fs, fs_functions[f].fs))
			break;
	for (i = 0; i < 4; i++) {
		const char *func = f < sizeof(fs_functions) / sizeof(fs_functions[0])
					   ? fs_functions[f].functions[i]
					   : NULL;

		k = 0;
		probes[i].hook = ops[i];
		if (func) {
			snprintf(ways[i][0], sizeof(ways[i][0]), "fs_%s_fentry@%s,fs_%s_fexit@%s",
				 ops[i], func, ops[i], func);
			snprintf(ways[i][1], sizeof(ways[i][1]),
				 "fs_%s_kprobe@%s,fs_%s_kretprobe@%s", ops[i], func, ops[i], func);
			probes[i].progs[k++] = ways[i][0];
			probes[i].progs[k++] = ways[i][1];
		}
		probes[i].progs[k] = syscalls[i];
	}
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
