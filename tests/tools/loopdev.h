/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A loop device of the test's own, backed by a sparse file in /tmp: the
 * block tools' tests trace it alone (--disk), so other disks' I/O cannot
 * be counted, and read what the kernel counted on it in /sys/block.
 * Made in a suite's .init and removed in its .fini, which Criterion runs
 * even when a test fails.
 */
#ifndef SONDE_TEST_LOOPDEV_H
#define SONDE_TEST_LOOPDEV_H

#include <stddef.h>

struct loopdev {
	char image[64]; /* the backing file */
	char dev[64];	/* "/dev/loop3" */
	char name[32];	/* "loop3" */
	char mnt[128];	/* where loopdev_mount() mounted it; "" if not */
};

/* A fresh loop device over a sparse file of `megabytes`; fails the test if none. */
void loopdev_make(struct loopdev *l, size_t megabytes);
/* Unmount it if mounted, detach it and remove its file; quiet if it was never made. */
void loopdev_remove(struct loopdev *l);
/* A fresh file system of type fs ("ext4") on it, mounted on a new directory l->mnt. */
void loopdev_mount(struct loopdev *l, const char *fs);
/*
 * A fresh ext4 on it, mounted, holding `path` (made under l->mnt, named
 * after the test and `name`): `pages` pages of 4 KiB of `fill`, written
 * back, so that a workload can drop them from the page cache.
 */
void loopdev_written_file(struct loopdev *l, const char *name, int pages, char fill, char *path,
			  size_t len);
/* Its I/O scheduler ("none", "mq-deadline"). */
void loopdev_scheduler(const struct loopdev *l, const char *scheduler);
/*
 * Field `index` (0-based) of /sys/block/NAME/stat: 0 reads completed, 2
 * sectors read, 4 writes completed, 6 sectors written.
 */
double loopdev_stat(const struct loopdev *l, int index);

/*
 * A Criterion suite whose every test has a fresh loop device of `mb` MiB
 * in `disk` (which the test file declares: static struct loopdev disk),
 * made before the test and removed after it, pass or fail.
 */
#define LOOPDEV_SUITE(suite, mb, seconds)     \
	static void suite##_disk_make(void)   \
	{                                     \
		loopdev_make(&disk, mb);      \
	}                                     \
	static void suite##_disk_remove(void) \
	{                                     \
		loopdev_remove(&disk);        \
	}                                     \
	TestSuite(suite, .init = suite##_disk_make, .fini = suite##_disk_remove, .timeout = seconds)

#endif
