// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A probe's BINARY as a file (binpath.h). A library is looked for first
 * where it is known to be used (processes' mappings: the file the dynamic
 * linker chose, whatever its directory), then in the directories a
 * distribution installs libraries in; a file there must be ELF, since
 * "libc.so" next to "libc.so.6" is a linker script.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "binpath.h"
#include "procmaps.h"

/* Where distributions put libraries, the multiarch ones (Debian's) first. */
static const char *const library_dirs[] = {
	"/lib/*-linux-gnu*", "/usr/lib/*-linux-gnu*", "/lib64", "/usr/lib64", "/lib",
	"/usr/lib",	     "/usr/local/lib",
};

static bool is_library_name(const char *name)
{
	return !strncmp(name, "lib", 3) || strstr(name, ".so");
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Whether a file's name is library `lib`'s: for "libc", libc.so,
 * libc.so.6 or libc-2.31.so; for "libc.so.6", that name or one it begins
 * (libc.so.6.1).
 */
static bool names_library(const char *base, const char *lib)
{
	size_t n = strlen(lib), blen;

	if (strncmp(base, lib, n))
		return false;
	base += n;
	if (strstr(lib, ".so"))
		return !*base || *base == '.';
	if (!strncmp(base, ".so", 3))
		return !base[3] || base[3] == '.';
	blen = strlen(base);
	return *base == '-' && blen > 3 && !strcmp(base + blen - 3, ".so");
}

static bool regular_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static bool is_elf(const char *path)
{
	char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf = fd >= 0 && read(fd, magic, 4) == 4 && !memcmp(magic, "\177ELF", 4);

	if (fd >= 0)
		close(fd);
	return elf;
}

static int put(char *path, size_t len, const char *prefix, const char *file)
{
	int n = snprintf(path, len, "%s%s", prefix, file);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* A process whose root is not ours sees its files under /proc/PID/root. */
static void root_prefix(pid_t pid, char *prefix, size_t len)
{
	char link[PATH_MAX], root[64];
	ssize_t n;

	snprintf(root, sizeof(root), "/proc/%d/root", pid);
	n = readlink(root, link, sizeof(link) - 1);
	if (n == 1 && link[0] == '/')
		prefix[0] = '\0';
	else
		snprintf(prefix, len, "%s", root);
}

/* The library `lib` among process pid's executable mappings. */
static int library_in_maps(pid_t pid, const char *lib, char *path, size_t len)
{
	struct proc_maps maps;
	char prefix[64];
	int err = -ENOENT;
	size_t i;

	if (procmaps_read(pid, PROCMAPS_EXEC_ONLY, &maps))
		return -ENOENT;
	root_prefix(pid, prefix, sizeof(prefix));
	for (i = 0; i < maps.n && err == -ENOENT; i++) {
		const struct proc_map *m = &maps.maps[i];

		if (m->path[0] == '/' && !m->deleted && names_library(base_name(m->path), lib))
			err = put(path, len, prefix, m->path);
	}
	procmaps_free(&maps);
	return err;
}

static int library_in_dirs(const char *lib, char *path, size_t len)
{
	char pattern[PATH_MAX];
	int err = -ENOENT;
	glob_t found;
	size_t d, i;

	for (d = 0; d < sizeof(library_dirs) / sizeof(library_dirs[0]) && err == -ENOENT; d++) {
		snprintf(pattern, sizeof(pattern), "%s/%s*", library_dirs[d], lib);
		if (glob(pattern, 0, NULL, &found))
			continue;
		for (i = 0; i < found.gl_pathc && err == -ENOENT; i++)
			if (names_library(base_name(found.gl_pathv[i]), lib) &&
			    regular_file(found.gl_pathv[i]) && is_elf(found.gl_pathv[i]))
				err = put(path, len, "", found.gl_pathv[i]);
		globfree(&found);
	}
	return err;
}

static int library(const char *name, pid_t pid, char *path, size_t len)
{
	char lib[NAME_MAX + 1];
	int err = -ENOENT;

	if (snprintf(lib, sizeof(lib), "%s%s", is_library_name(name) ? "" : "lib", name) >=
	    (int)sizeof(lib))
		return -ENAMETOOLONG;
	if (pid > 0)
		err = library_in_maps(pid, lib, path, len);
	if (err == -ENOENT)
		err = library_in_maps(getpid(), lib, path, len);
	if (err == -ENOENT)
		err = library_in_maps(1, lib, path, len);
	if (err == -ENOENT)
		err = library_in_dirs(lib, path, len);
	return err;
}

static int executable(const char *name, char *path, size_t len)
{
	const char *dirs = getenv("PATH"), *dir, *end;
	char candidate[PATH_MAX];

	if (!dirs || !*dirs)
		dirs = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (dir = dirs; dir; dir = *end ? end + 1 : NULL) {
		end = strchrnul(dir, ':');
		if (end == dir)
			continue;
		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)(end - dir), dir, name);
		if (regular_file(candidate) && !access(candidate, X_OK))
			return put(path, len, "", candidate);
	}
	return -ENOENT;
}

/* The file found, its links resolved where it is in our own root. */
static int settle(char *path, size_t len)
{
	char real[PATH_MAX];
	struct stat st;

	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!strncmp(path, "/proc/", 6) || !realpath(path, real))
		return 0;
	return put(path, len, "", real);
}

int binary_resolve(const char *name, pid_t pid, char *path, size_t len)
{
	int err;

	if (!*name)
		return -ENOENT;
	if (strchr(name, '/'))
		err = put(path, len, "", name);
	else if (is_library_name(name))
		err = library(name, pid, path, len);
	else if ((err = executable(name, path, len)) == -ENOENT)
		err = library(name, pid, path, len);
	return err ? err : settle(path, len);
}
