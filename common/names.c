// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "names.h"

const char *errno_name(int err)
{
	static __thread char unknown[16];
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(unknown, sizeof(unknown), "E%d", err);
	return unknown;
}

const char *signal_name(int sig)
{
	static __thread char buf[24];
	const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		snprintf(buf, sizeof(buf), "SIG%s", abbrev);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, sizeof(buf), "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, sizeof(buf), "SIG%d", sig);
	return buf;
}

/* Generated at build time from this architecture's <asm/unistd.h>. */
static const char *const syscall_names[] = {
#include "syscall_names.h"
};

#define NR_SYSCALLS ((int)(sizeof(syscall_names) / sizeof(syscall_names[0])))

const char *syscall_name(int nr)
{
	static __thread char unknown[24];

	if (nr >= 0 && nr < NR_SYSCALLS && syscall_names[nr])
		return syscall_names[nr];
	snprintf(unknown, sizeof(unknown), "syscall_%d", nr);
	return unknown;
}

int syscall_number(const char *name)
{
	int nr;

	for (nr = 0; nr < NR_SYSCALLS; nr++)
		if (syscall_names[nr] && !strcmp(syscall_names[nr], name))
			return nr;
	return -1;
}

struct disk {
	__u32 dev;
	char name[32];
};

static struct {
	struct disk *list;
	size_t n;
	bool loaded;
} disks;

bool partitions_line(const char *line, __u32 *dev, char name[32])
{
	unsigned int major, minor;

	/* "major minor #blocks name"; the heading and the blank line do not scan */
	if (sscanf(line, "%u %u %*u %31s", &major, &minor, name) != 3 || major >= 1U << 12 ||
	    minor >= 1U << 20)
		return false;
	*dev = kernel_dev(major, minor);
	return true;
}

static void disks_load(void)
{
	char line[256], name[32];
	struct disk *grown;
	__u32 dev;
	FILE *f;

	disks.loaded = true;
	disks.n = 0;
	f = fopen("/proc/partitions", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!partitions_line(line, &dev, name))
			continue;
		grown = realloc(disks.list, (disks.n + 1) * sizeof(*disks.list));
		if (!grown)
			break;
		disks.list = grown;
		disks.list[disks.n].dev = dev;
		snprintf(disks.list[disks.n].name, sizeof(disks.list[0].name), "%s", name);
		disks.n++;
	}
	fclose(f);
}

static const struct disk *disk_find(__u32 dev, const char *name)
{
	size_t i;

	for (i = 0; i < disks.n; i++)
		if (name ? !strcmp(disks.list[i].name, name) : disks.list[i].dev == dev)
			return &disks.list[i];
	return NULL;
}

/* Disks come and go (loop devices): a miss re-reads /proc/partitions once. */
static const struct disk *disk_find_fresh(__u32 dev, const char *name)
{
	const struct disk *d = disks.loaded ? disk_find(dev, name) : NULL;

	if (!d) {
		disks_load();
		d = disk_find(dev, name);
	}
	return d;
}

const char *disk_name(__u32 dev)
{
	const struct disk *d = disk_find_fresh(dev, NULL);

	return d ? d->name : NULL;
}

bool disk_lookup(const char *name, __u32 *dev)
{
	char resolved[PATH_MAX];
	const struct disk *d;

	/* /dev/mapper/root and /dev/disk/by-id/... are links to the kernel's name */
	if (name[0] == '/' && realpath(name, resolved))
		name = resolved;
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	d = disk_find_fresh(0, name);
	if (d)
		*dev = d->dev;
	return d != NULL;
}

static const char *block_op_name(unsigned int op)
{
	static const char *const ops[] = {
		[0] = "Read",	     [1] = "Write",	  [2] = "Flush",
		[3] = "Discard",     [5] = "SecureErase", [7] = "ZoneAppend",
		[9] = "WriteZeroes", [10] = "ZoneOpen",	  [11] = "ZoneClose",
		[12] = "ZoneFinish", [13] = "ZoneReset",  [15] = "ZoneResetAll",
		[34] = "DrvIn",	     [35] = "DrvOut",
	};

	return op < sizeof(ops) / sizeof(ops[0]) ? ops[op] : NULL;
}

void block_flags_name(__u32 flags, char *buf, size_t len)
{
	static const struct {
		__u32 bit;
		const char *name;
	} names[] = {
		/* bcc's order and words: "Metadata-Sync-Write" */
		{ BLOCK_NOWAIT, "NoWait" },	   { BLOCK_BACKGROUND, "Background" },
		{ BLOCK_RAHEAD, "ReadAhead" },	   { BLOCK_PREFLUSH, "PreFlush" },
		{ BLOCK_FUA, "ForcedUnitAccess" }, { BLOCK_PRIO, "Priority" },
		{ BLOCK_META, "Metadata" },	   { BLOCK_SYNC, "Sync" },
	};
	const char *op = block_op_name(flags & BLOCK_OP_MASK);
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && used < len; i++)
		if (flags & names[i].bit)
			used += snprintf(buf + used, len - used, "%s-", names[i].name);
	if (used >= len)
		return;
	if (op)
		snprintf(buf + used, len - used, "%s", op);
	else
		snprintf(buf + used, len - used, "Op%u", flags & BLOCK_OP_MASK);
}
