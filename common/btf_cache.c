// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Kernel BTF cuts kept for the boot in /run/sonde/btf (btf_cache.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "btf_cache.h"

#ifndef BTF_CUT_CODE
#define BTF_CUT_CODE "unstamped" /* the build passes a hash of the cut's source */
#endif

#define BOOT_ID_PATH "/proc/sys/kernel/random/boot_id"
#define MAX_CACHED   (1 << 20) /* a cut is a few KiB: anything larger is not one of ours */

/* Two FNV-1a hashes from different starting points: 128 bits of name. */
struct key {
	__u64 h[2];
};

static void key_add(struct key *k, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;
	int j;

	for (i = 0; i < len; i++)
		for (j = 0; j < 2; j++)
			k->h[j] = (k->h[j] ^ p[i]) * 0x100000001b3ULL;
}

/* A string and its end, so that "ab","c" and "a","bc" differ. */
static void key_add_string(struct key *k, const char *s, size_t len)
{
	key_add(k, &len, sizeof(len));
	key_add(k, s, len);
}

static void key_add_want(struct key *k, const struct btf_want *v)
{
	int i;

	key_add(k, &v->kind, sizeof(v->kind));
	key_add(k, &v->root_kind, sizeof(v->root_kind));
	key_add_string(k, v->root, v->root_len);
	key_add(k, &v->nsteps, sizeof(v->nsteps));
	for (i = 0; i < v->nsteps; i++)
		key_add_string(k, v->steps[i] ?: "[]", v->steps[i] ? strlen(v->steps[i]) : 2);
}

static int read_boot_id(char *id, size_t size)
{
	int fd = open(BOOT_ID_PATH, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, id, size);
	int err = n <= 0 ? -ENOENT : 0;

	if (fd >= 0)
		close(fd);
	if (!err)
		id[n - 1] = '\0'; /* its newline, or the last byte of a too long one */
	return err;
}

int btf_cache_name(const struct btf_wants *w, char name[33])
{
	struct key k = { { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL } };
	char boot[64];
	size_t i;
	int err = read_boot_id(boot, sizeof(boot));

	if (err)
		return err;
	key_add_string(&k, BTF_CUT_CODE, strlen(BTF_CUT_CODE));
	key_add_string(&k, boot, strlen(boot));
	for (i = 0; i < w->n; i++)
		key_add_want(&k, &w->v[i]);
	snprintf(name, 33, "%016llx%016llx", (unsigned long long)k.h[0],
		 (unsigned long long)k.h[1]);
	return 0;
}

/* Owned by us and writable by no one else: what may be trusted in the cache. */
static bool ours(int fd, mode_t type)
{
	struct stat st;

	return !fstat(fd, &st) && (st.st_mode & S_IFMT) == type && st.st_uid == geteuid() &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH)) &&
	       (type != S_IFREG || (st.st_size > 0 && st.st_size <= MAX_CACHED));
}

/*
 * Where cuts are kept: BTF_CACHE_DIR, or the absolute path SONDE_BTF_CACHE
 * names (tests keep their own); NULL for SONDE_BTF_CACHE=off.
 */
static const char *cache_path(void)
{
	const char *env = getenv("SONDE_BTF_CACHE");

	if (!env || !*env)
		return BTF_CACHE_DIR;
	return env[0] == '/' ? env : NULL;
}

/* The cache directory, made if missing: an fd, or -1 if it cannot be trusted or made. */
static int cache_dir(const char *path)
{
	int fd;

	if (!strcmp(path, BTF_CACHE_DIR) && mkdir(BTF_CACHE_PARENT, 0700) && errno != EEXIST)
		return -1;
	if (mkdir(path, 0700) && errno != EEXIST)
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && !ours(fd, S_IFDIR)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int cached(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && !ours(fd, S_IFREG)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Cut into a new file, renamed into place once whole: its fd, or -errno. */
static int cut_and_keep(int dir, const char *name, const struct btf_wants *w,
			struct kernel_btf_cut *cut)
{
	char tmp[64];
	int fd, err;

	snprintf(tmp, sizeof(tmp), ".%s.%d", name, getpid());
	fd = openat(dir, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	err = fd < 0 ? -errno : kernel_btf_cut_to(w, fd, cut);
	if (!err && renameat(dir, tmp, dir, name))
		err = -errno;
	if (err && fd >= 0) {
		unlinkat(dir, tmp, 0);
		close(fd);
	}
	return err ?: fd;
}

static void cached_size(int fd, struct kernel_btf_cut *cut)
{
	struct stat st;

	cut->cached = true;
	if (!fstat(fd, &st))
		cut->bytes = st.st_size;
}

int btf_cache_cut(const struct btf_wants *w, struct kernel_btf_cut *cut)
{
	const char *path = cache_path();
	char name[33];
	int dir, fd = -1;

	if (cut)
		memset(cut, 0, sizeof(*cut));
	/* wanting nothing reads nothing of the kernel: nothing to save */
	if (!w->n || !path || btf_cache_name(w, name) || (dir = cache_dir(path)) < 0)
		return kernel_btf_cut_memfd(w, cut);
	fd = cached(dir, name);
	if (fd >= 0 && cut)
		cached_size(fd, cut);
	if (fd < 0)
		fd = cut_and_keep(dir, name, w, cut);
	close(dir);
	return fd >= 0 ? fd : kernel_btf_cut_memfd(w, cut);
}
