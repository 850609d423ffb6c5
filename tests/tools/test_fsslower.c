// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * fsslower, fsdist and their bcc names against the vfsops workload, run at
 * once in an ext4, an xfs and a btrfs file system, each on a loop device of the
 * test's own, and in a tmpfs (/dev/shm): each shows every open, write,
 * fsync and read of its own file system's files, and none of the others'.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>

#include "harness.h"
#include "loopdev.h"

#define ROUNDS 30

enum fs { EXT4, XFS, BTRFS, TMPFS, N_FS };

static const char *const fs_names[N_FS] = { "ext4", "xfs", "btrfs", "tmpfs" };
static struct loopdev disks[TMPFS];
static char shm_dir[128];

static const char *dir_of(enum fs fs)
{
	return fs == TMPFS ? shm_dir : disks[fs].mnt;
}

/*
 * ext4, xfs (300 MiB, mkfs.xfs's least) and btrfs on loop devices, and a
 * directory in /dev/shm, all gone after each test, pass or fail.
 */
static void make_all(void)
{
	loopdev_make(&disks[EXT4], 64);
	loopdev_mount(&disks[EXT4], "ext4");
	loopdev_make(&disks[XFS], 300);
	loopdev_mount(&disks[XFS], "xfs");
	loopdev_make(&disks[BTRFS], 128);
	loopdev_mount(&disks[BTRFS], "btrfs");
	snprintf(shm_dir, sizeof(shm_dir), "/dev/shm/%s-fs", test_marker());
	cr_assert(mkdir(shm_dir, 0700) == 0);
}

static void remove_all(void)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", shm_dir);
	if (shm_dir[0] && system(cmd))
		fprintf(stderr, "cleanup failed: %s\n", cmd);
	loopdev_remove(&disks[EXT4]);
	loopdev_remove(&disks[XFS]);
	loopdev_remove(&disks[BTRFS]);
}

TestSuite(fsslower, .init = make_all, .fini = remove_all, .timeout = 90);
TestSuite(fsdist, .init = make_all, .fini = remove_all, .timeout = 90);

/* vfsops in each file system (w[EXT4], w[XFS], w[BTRFS], w[TMPFS]), held. */
static void spawn_all(struct workload w[N_FS])
{
	int fs;

	for (fs = 0; fs < N_FS; fs++)
		workload_spawn(&w[fs], "vfsops", dir_of(fs), num_arg(ROUNDS), NULL);
}

/*
 * Where vfsops reads and writes (tests/workloads/vfsops.c): a write by
 * lseek() and write(), a read by pread() where the file's position is not.
 */
#define VFSOPS_WRITE_AT 8192
#define VFSOPS_READ_AT	4096

static void assert_offset(const struct json *r, char op)
{
	if (op == 'R' || op == 'W')
		cr_assert_eq(json_number(r, "offset"), op == 'W' ? VFSOPS_WRITE_AT : VFSOPS_READ_AT,
			     "%c at %g", op, json_number(r, "offset"));
	else
		cr_assert(json_get(r, "offset") && json_get(r, "offset")->type == JSON_NULL,
			  "an open or fsync with an offset");
}

/* Records of calls on files under dir with op `op`; each checked against what vfsops does. */
static int calls_in(const struct json *recs, size_t n, const char *dir, const char *op)
{
	int seen = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct json *r = &recs[i];

		if (strncmp(json_string(r, "path"), dir, strlen(dir)) ||
		    strcmp(json_string(r, "op"), op))
			continue;
		cr_assert_str_eq(json_string(r, "comm"), "vfsops");
		cr_assert_str_eq(json_string(r, "error"), "0");
		cr_assert_eq(json_number(r, "bytes"), strchr("RW", op[0]) ? 64 : 0);
		assert_offset(r, op[0]);
		seen++;
	}
	return seen;
}

/* `tool [extra] 0` while all run: all of file system mine's calls, none of the others'. */
static void assert_one_fs(const char *tool, const char *extra, enum fs mine)
{
	const char *args[TRACE_MAX_ARGS] = { extra ? extra : "0", extra ? "0" : NULL };
	const char *ops[] = { "O", "W", "S", "R" };
	struct workload w[N_FS];
	struct json *recs;
	size_t n, i;
	int fs;

	spawn_all(w);
	recs = trace_workloads(w, N_FS, &n, tool, args);
	for (i = 0; i < 4; i++)
		for (fs = 0; fs < N_FS; fs++)
			cr_assert_eq(calls_in(recs, n, dir_of(fs), ops[i]),
				     fs == (int)mine ? ROUNDS : 0, "%s: %s calls in %s", tool,
				     ops[i], fs_names[fs]);
	assert_fields_documented("fsslower", &recs[0]);
	json_lines_free(recs, n);
}

Test(fsslower, ext4slower_shows_ext4_alone)
{
	assert_one_fs("ext4slower", NULL, EXT4);
}

Test(fsslower, xfsslower_shows_xfs_alone)
{
	assert_one_fs("xfsslower", NULL, XFS);
}

Test(fsslower, btrfsslower_shows_btrfs_alone)
{
	assert_one_fs("btrfsslower", NULL, BTRFS);
}

Test(fsslower, type_tmpfs_shows_tmpfs_alone)
{
	assert_one_fs("fsslower", "--type=tmpfs", TMPFS);
}

/* bcc's columns, and the offsets in KiB, the open's and fsync's as "-". */
Test(fsslower, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;
	workload_spawn(&w, "vfsops", shm_dir, num_arg(1), NULL);
	tool_start(&t, "fsslower", "--type=tmpfs", "-p", num_arg(w.pid), "0", NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	cr_assert(strstr(t.out,
			 "TIME     COMM           PID    T BYTES   OFF_KB   LAT(ms) FILENAME\n"),
		  "%s", t.out);
	cr_assert(strstr(t.out, " W 64      8        "), "the write at 8 KiB:\n%s", t.out);
	cr_assert(strstr(t.out, " R 64      4        "), "the read at 4 KiB:\n%s", t.out);
	cr_assert(strstr(t.out, " S 0       -        "), "the fsync at none:\n%s", t.out);
	tool_free(&t);
}

/* A threshold above every call: none of the workload's. */
Test(fsslower, threshold_filters_in_the_kernel)
{
	const char *args[TRACE_MAX_ARGS] = { "--type=tmpfs", "10000" };
	struct workload w[N_FS];
	struct json *recs;
	size_t n;

	spawn_all(w);
	recs = trace_workloads(w, N_FS, &n, "fsslower", args);
	cr_assert_eq(calls_in(recs, n, shm_dir, "W"), 0);
	json_lines_free(recs, n);
}

/* nfsslower where the kernel has no NFS client: one line and status 1, not an empty trace. */
Test(fsslower, a_file_system_the_kernel_lacks_is_refused)
{
	char *out, *err, filesystems[8192];

	cr_assert_eq(tool_run(&out, &err, "fsslower", "--type", "sondefs", NULL), 1, "%s", err);
	cr_assert_str_eq(err,
			 "fsslower: no sondefs file system in this kernel (/proc/filesystems): "
			 "nothing of it to trace\n");
	free(out);
	free(err);
	sh(filesystems, sizeof(filesystems), "cat /proc/filesystems");
	if (!strstr(filesystems, "\tnfs\n")) {
		cr_assert_eq(tool_run(&out, &err, "nfsslower", NULL), 1, "%s", err);
		cr_assert(!strncmp(err, "nfsslower: no nfs file system", 29), "%s", err);
		free(out);
		free(err);
	}
}

Test(fsslower, bad_usage_exits_2)
{
	assert_usage_error("fsslower", "0", NULL); /* no --type */
	assert_usage_error("ext4slower", "--type", "xfs");
	assert_usage_error("ext4slower", "-1", NULL);
}

/*
 * `tool args` over all workloads, moved into a cgroup of their own (-c):
 * one histogram per operation of file system mine's own calls, each of
 * the workload's count, so another file system's would show.
 */
static void assert_one_fs_histograms(const char *tool, const char *type, enum fs mine)
{
	static const char *const ops[] = { "read", "write", "open", "fsync" };
	struct cgroup_pair cg;
	struct workload w[N_FS];
	struct json *recs;
	size_t n, i;
	int fs;

	spawn_all(w);
	cgroup_pair_make(&cg, w[0].pid);
	for (fs = 1; fs < N_FS; fs++)
		cgroup_pair_add(&cg, w[fs].pid);
	{
		const char *args[TRACE_MAX_ARGS] = { "-c", cg.inside, type };

		recs = trace_workloads(w, N_FS, &n, tool, args);
	}
	cgroup_pair_remove(&cg);
	cr_assert_eq(n, 4, "%s: %zu histograms, one per operation wanted", tool, n);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(json_string(&recs[i], "operation"), ops[i]);
		cr_assert_str_eq(json_string(&recs[i], "unit"), "usecs");
		double total = json_number(&recs[i], "total");
		/*
		 * The loader's opens and reads of the C library (Debian's: two
		 * opens, three reads a process, each of the N_FS workloads) are
		 * on the root's file system, which may be ext4 (as here) but is
		 * never these xfs, btrfs and tmpfs: a few, against another file
		 * system's ROUNDS. vfsops's one write to /dev/null is on none.
		 */
		bool loader = mine == EXT4 && (i == 0 || i == 2);

		cr_assert(total >= ROUNDS && total <= ROUNDS + (loader ? 4 * N_FS : 0),
			  "%s: %g %s calls in %s", tool, total, ops[i], fs_names[mine]);
	}
	assert_fields_documented("fsdist", &recs[0]);
	json_lines_free(recs, n);
}

Test(fsdist, ext4dist_counts_ext4_alone)
{
	assert_one_fs_histograms("ext4dist", NULL, EXT4);
}

Test(fsdist, xfsdist_counts_xfs_alone)
{
	assert_one_fs_histograms("xfsdist", NULL, XFS);
}

Test(fsdist, btrfsdist_counts_btrfs_alone)
{
	assert_one_fs_histograms("btrfsdist", NULL, BTRFS);
}

Test(fsdist, type_tmpfs_counts_tmpfs_alone)
{
	assert_one_fs_histograms("fsdist", "--type=tmpfs", TMPFS);
}

/* bcc's layout, in milliseconds with -m. */
Test(fsdist, text_like_bcc)
{
	struct tool_proc t;
	struct workload w;

	workload_spawn(&w, "vfsops", shm_dir, num_arg(ROUNDS), NULL);
	tool_start(&t, "fsdist", "--type", "tmpfs", "-m", "-p", num_arg(w.pid), NULL);
	cr_assert_eq(workload_finish(&w), 0);
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "stderr: %s", t.err);
	/* the counts are the JSON tests' (a preempted read may take a slot of its own) */
	cr_assert(strstr(t.out, "\noperation = read\n     msecs               : count    "
				"distribution\n         0 -> 1          : "),
		  "%s", t.out);
	cr_assert(strstr(t.out, "\noperation = fsync\n"), "%s", t.out);
	tool_free(&t);
}

Test(fsdist, refusals_and_bad_usage)
{
	char *out, *err;

	cr_assert_eq(tool_run(&out, &err, "fsdist", "--type", "sondefs", NULL), 1, "%s", err);
	cr_assert_str_eq(err, "fsdist: no sondefs file system in this kernel (/proc/filesystems): "
			      "nothing of it to trace\n");
	free(out);
	free(err);
	assert_usage_error("fsdist", NULL, NULL); /* no --type */
	assert_usage_error("xfsdist", "--type", "ext4");
	assert_usage_error("ext4dist", "0", NULL);
	assert_usage_error("fsdist", "--type", "a/b");
}
