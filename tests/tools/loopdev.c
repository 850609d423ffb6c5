// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loop devices for the block tools' tests (loopdev.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

void loopdev_make(struct loopdev *l, size_t megabytes)
{
	static int made;

	memset(l, 0, sizeof(*l));
	snprintf(l->image, sizeof(l->image), "/tmp/%s-disk%d.img", test_marker(), ++made);
	sh(NULL, 0, "truncate -s %zuM %s", megabytes, l->image);
	sh(l->dev, sizeof(l->dev), "losetup --find --show %s", l->image);
	cr_assert(!strncmp(l->dev, "/dev/", 5), "losetup said '%s'", l->dev);
	snprintf(l->name, sizeof(l->name), "%s", l->dev + strlen("/dev/"));
}

void loopdev_mount(struct loopdev *l, const char *fs)
{
	snprintf(l->mnt, sizeof(l->mnt), "%s.mnt", l->image);
	sh(NULL, 0, "mkfs.%s -q %s && mkdir %s && mount -t %s %s %s", fs, l->dev, l->mnt, fs,
	   l->dev, l->mnt);
}

void loopdev_written_file(struct loopdev *l, const char *name, int pages, char fill, char *path,
			  size_t len)
{
	static char page[4096];
	int fd, i;

	loopdev_mount(l, "ext4");
	snprintf(path, len, "%s/%s-%s", l->mnt, test_marker(), name);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(fd >= 0, "%s", path);
	memset(page, fill, sizeof(page));
	for (i = 0; i < pages; i++)
		cr_assert_eq(write(fd, page, sizeof(page)), (ssize_t)sizeof(page));
	cr_assert_eq(fsync(fd), 0);
	close(fd);
}

void loopdev_remove(struct loopdev *l)
{
	char cmd[400];

	if (!l->image[0])
		return;
	if (l->mnt[0]) {
		snprintf(cmd, sizeof(cmd), "umount %s 2>/dev/null; rmdir %s 2>/dev/null", l->mnt,
			 l->mnt);
		if (system(cmd))
			fprintf(stderr, "cleanup failed: %s\n", cmd);
	}
	snprintf(cmd, sizeof(cmd), "%s%s%srm -f %s", l->dev[0] ? "losetup -d " : "", l->dev,
		 l->dev[0] ? " 2>/dev/null; " : "", l->image);
	if (system(cmd))
		fprintf(stderr, "cleanup failed: %s\n", cmd);
	memset(l, 0, sizeof(*l));
}

void loopdev_scheduler(const struct loopdev *l, const char *scheduler)
{
	sh(NULL, 0, "echo %s > /sys/block/%s/queue/scheduler", scheduler, l->name);
}

double loopdev_stat(const struct loopdev *l, int index)
{
	char stat[512], *p = stat, *end;
	int i;

	sh(stat, sizeof(stat), "cat /sys/block/%s/stat", l->name);
	for (i = 0; i < index; i++) {
		strtod(p, &end);
		cr_assert(end != p, "/sys/block/%s/stat has no field %d: %s", l->name, index, stat);
		p = end;
	}
	return strtod(p, NULL);
}
