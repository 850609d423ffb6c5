// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The boot's cache of kernel BTF cuts (common/btf_cache.h), in a directory
 * of the test's own (SONDE_BTF_CACHE): a cut read back is the cut made in
 * memory, byte for byte; and nothing in the directory that another user
 * could have written is ever read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/btf.h>
#include <criterion/criterion.h>

#include "btf_cache.h"

#define MAX_CUT (64 * 1024)

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sonde-btf-cache-XXXXXX");
	cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	setenv("SONDE_BTF_CACHE", dir, 1);
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(btf_cache, .init = make_dir, .fini = remove_dir);

/* A tracepoint's prototype: a cut of a few types, as kernel_support.c asks for. */
static void wants_of(struct btf_wants *w, const char *type)
{
	memset(w, 0, sizeof(*w));
	cr_assert_eq(btf_wants_add_type(w, type, BTF_KIND_TYPEDEF), 0);
}

/* What fd holds from its start; its size. */
static size_t contents(int fd, char *buf)
{
	ssize_t n = pread(fd, buf, MAX_CUT, 0);

	cr_assert(n > 0 && n < MAX_CUT, "reading a cut: %zd", n);
	return n;
}

static void assert_same_cut(int fd, int fresh_fd, const char *what)
{
	static char a[MAX_CUT], b[MAX_CUT];
	size_t n = contents(fd, a);

	cr_assert_eq(n, contents(fresh_fd, b), "%s: sizes differ", what);
	cr_assert_eq(memcmp(a, b, n), 0, "%s: bytes differ", what);
}

/* The cut for `type` from the cache, checked against one made in memory. */
static bool cut_matches_fresh(const char *type)
{
	struct kernel_btf_cut cut, fresh;
	struct btf_wants w;
	int fd, fresh_fd;

	wants_of(&w, type);
	fd = btf_cache_cut(&w, &cut);
	fresh_fd = kernel_btf_cut_memfd(&w, &fresh);
	cr_assert(fd >= 0 && fresh_fd >= 0, "cutting %s: %d %d", type, fd, fresh_fd);
	cr_assert_gt(fresh.kept_types, 0, "%s: the kernel has no such type", type);
	assert_same_cut(fd, fresh_fd, type);
	close(fd);
	close(fresh_fd);
	btf_wants_free(&w);
	return cut.cached;
}

static void cache_file(const char *type, char *path, size_t size)
{
	struct btf_wants w;
	char name[33];

	wants_of(&w, type);
	cr_assert_eq(btf_cache_name(&w, name), 0);
	snprintf(path, size, "%s/%s", dir, name);
	btf_wants_free(&w);
}

Test(btf_cache, a_cut_is_kept_and_read_back_the_same)
{
	char path[128];
	struct stat st;

	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"), "cached before it was cut");
	cache_file("btf_trace_sched_switch", path, sizeof(path));
	cr_assert_eq(stat(path, &st), 0, "not kept: %s", path);
	cr_assert_eq(st.st_mode & 0777, 0600, "kept with mode %o", st.st_mode & 0777);
	cr_assert(cut_matches_fresh("btf_trace_sched_switch"), "not read back from the cache");
}

Test(btf_cache, names_differ_by_what_is_wanted)
{
	char a[128], b[128], again[128];

	cache_file("btf_trace_sched_switch", a, sizeof(a));
	cache_file("btf_trace_task_newtask", b, sizeof(b));
	cache_file("btf_trace_sched_switch", again, sizeof(again));
	cr_assert_str_neq(a, b);
	cr_assert_str_eq(a, again);
}

/* A file planted under the cut's name, with this mode. */
static void plant(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	cr_assert(fd >= 0 && write(fd, "not a BTF", 9) == 9);
	cr_assert_eq(fchmod(fd, mode), 0);
	close(fd);
}

Test(btf_cache, a_file_others_may_write_is_cut_again)
{
	char path[128];
	struct stat st;

	cache_file("btf_trace_sched_switch", path, sizeof(path));
	plant(path, 0666);
	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"), "a 0666 file was read");
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "not replaced: mode %o", st.st_mode & 0777);
	cr_assert(cut_matches_fresh("btf_trace_sched_switch"));
}

Test(btf_cache, a_symlink_is_not_followed)
{
	char path[128], target[128], buf[16] = "";
	int fd;

	cache_file("btf_trace_sched_switch", path, sizeof(path));
	snprintf(target, sizeof(target), "%s/target", dir);
	plant(target, 0600);
	cr_assert_eq(symlink(target, path), 0);
	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"), "read through a symlink");
	fd = open(target, O_RDONLY);
	cr_assert(fd >= 0 && read(fd, buf, sizeof(buf) - 1) == 9);
	cr_assert_str_eq(buf, "not a BTF", "the symlink's target was written");
	close(fd);
}

Test(btf_cache, a_directory_others_may_write_is_not_used)
{
	char path[128];

	cr_assert_eq(chmod(dir, 0777), 0);
	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"));
	cache_file("btf_trace_sched_switch", path, sizeof(path));
	cr_assert_neq(access(path, F_OK), 0, "a cut was kept in a 0777 directory");
	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"), "read from a 0777 directory");
}

Test(btf_cache, off_keeps_nothing)
{
	char path[128];

	setenv("SONDE_BTF_CACHE", "off", 1);
	cr_assert_not(cut_matches_fresh("btf_trace_sched_switch"));
	setenv("SONDE_BTF_CACHE", dir, 1);
	cache_file("btf_trace_sched_switch", path, sizeof(path));
	cr_assert_neq(access(path, F_OK), 0, "a cut was kept with SONDE_BTF_CACHE=off");
}
