// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The per-file symbol cache of binsyms.h: a hash of files by (device,
 * inode), each file's elfsyms read on its first lookup, its debug file's
 * symbols in place of its own when it is stripped, and the vdso. A file's
 * DWARF (srclines.h) is opened at its first line lookup, not with its
 * symbols: it costs megabytes, and a caller that prints names alone never
 * asks. It comes from the file, or else from its debug file, looked for
 * again; a file with none is remembered as such.
 *
 * A file that cannot be opened is not tried again for the same process (a
 * stack holds the same frames over and over); another process that maps it
 * may still succeed, through its own /proc entries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

#include "binsyms.h"
#include "elfsyms.h"

#define NBUCKETS 1024 /* a power of two; a system runs a few thousand binaries at most */
/*
 * Files held open at once (binsyms_hold()), well inside the usual limit of
 * 1024 descriptors, which the tool's own reads of /proc need too.
 */
#define HELD_MAX 256
/* Where distributions install debug files, and where build_id_debug_path() puts them. */
#define DEFAULT_DEBUG_DIR "/usr/lib/debug"

struct binary {
	struct binary *next; /* in its bucket */
	__u64 inode;
	__u32 dev;
	bool loaded;
	/*
	 * The file opened while a process mapping it lived (binsyms_hold()),
	 * plus one (0: none): read later, after that process may have exited,
	 * when map_files and its root are gone with it.
	 */
	int held;
	pid_t failed_pid;     /* the process we last failed to read it through, or 0 */
	struct elfsyms elf;   /* its PT_LOADs, and its symbols unless debug has them */
	struct elfsyms debug; /* the debug file's .symtab, when found */
	bool has_debug;
	struct srclines *lines; /* its DWARF or its debug file's; NULL: none (or not read yet) */
	bool lines_read;	/* its DWARF was looked for, and is in lines if found */
	pid_t lines_failed_pid; /* the process we last failed to open it through, or 0 */
};

struct binsyms {
	struct binary *buckets[NBUCKETS];
	struct elfsyms vdso; /* the running kernel's, which every process maps */
	__u64 vdso_size;
	int vdso_err;	 /* 0 untried, 1 read, -errno failed */
	char *debug_dir; /* NULL: DEFAULT_DEBUG_DIR */
	unsigned nheld;	 /* binaries with a file held */
};

struct binsyms *binsyms_new(void)
{
	return calloc(1, sizeof(struct binsyms));
}

int binsyms_set_debug_dir(struct binsyms *c, const char *dir)
{
	char *copy = NULL;

	if (dir && (dir[0] != '/' || !(copy = strdup(dir))))
		return dir[0] != '/' ? -EINVAL : -ENOMEM;
	/* "/" would make "//.build-id": harmless, but a trailing slash is dropped */
	while (copy && strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
		copy[strlen(copy) - 1] = '\0';
	free(c->debug_dir);
	c->debug_dir = copy;
	return 0;
}

static const char *debug_dir(const struct binsyms *c)
{
	return c->debug_dir ?: DEFAULT_DEBUG_DIR;
}

void binsyms_free(struct binsyms *c)
{
	struct binary *b, *next;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < NBUCKETS; i++)
		for (b = c->buckets[i]; b; b = next) {
			next = b->next;
			elfsyms_free(&b->elf);
			elfsyms_free(&b->debug);
			srclines_free(b->lines);
			if (b->held)
				close(b->held - 1);
			free(b);
		}
	elfsyms_free(&c->vdso);
	free(c->debug_dir);
	free(c);
}

static struct binary *binary_get(struct binsyms *c, __u32 dev, __u64 inode)
{
	size_t h = (inode * 0x9e3779b97f4a7c15ULL ^ dev) & (NBUCKETS - 1);
	struct binary *b;

	for (b = c->buckets[h]; b; b = b->next)
		if (b->inode == inode && b->dev == dev)
			return b;
	if (!(b = calloc(1, sizeof(*b))))
		return NULL;
	*b = (struct binary){ .next = c->buckets[h], .inode = inode, .dev = dev };
	c->buckets[h] = b;
	return b;
}

/* An open file is the one a mapping names: same device (in the kernel's encoding), same inode. */
static bool same_file(int fd, __u32 dev, __u64 inode)
{
	struct stat st;

	return !fstat(fd, &st) && st.st_ino == inode &&
	       (major(st.st_dev) << 20 | minor(st.st_dev)) == dev;
}

/* path inside pid's root, then on the host: an fd, or -1. */
static int open_rooted(pid_t pid, const char *path)
{
	char rooted[PATH_MAX + 32];
	int fd = -1;

	if (pid && snprintf(rooted, sizeof(rooted), "/proc/%d/root%s", (int)pid, path) <
			   (int)sizeof(rooted))
		fd = open(rooted, O_RDONLY | O_CLOEXEC);
	return fd >= 0 ? fd : open(path, O_RDONLY | O_CLOEXEC);
}

/*
 * The file mapping m names, as process pid sees it: map_files holds the
 * mapped file itself (deleted, replaced, in another mount namespace); a
 * path may by now name another file, so it must be the same inode.
 */
static int open_mapped(pid_t pid, const struct proc_map *m)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/map_files/%llx-%llx", (int)pid,
		 (unsigned long long)m->start, (unsigned long long)m->end);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	fd = open_rooted(pid, m->path);
	if (fd >= 0 && !same_file(fd, m->dev, m->inode)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* zlib's crc32 of a whole file: what .gnu_debuglink records of its debug file. */
static bool crc_matches(int fd, __u32 want)
{
	unsigned char buf[65536];
	uLong crc = crc32(0, NULL, 0);
	off_t at = 0;
	ssize_t n;

	while ((n = pread(fd, buf, sizeof(buf), at)) > 0) {
		crc = crc32(crc, buf, (uInt)n);
		at += n;
	}
	return n == 0 && crc == want;
}

/* b has only .dynsym's functions, or none: a debug file's .symtab would name more. */
static bool wants_symbols(const struct binary *b)
{
	return (b->elf.dynsym || !b->elf.nsyms) && !b->has_debug;
}

/* What a debug search is for: a stripped file's symbols, or a file's DWARF. */
enum debug_want { WANT_SYMBOLS, WANT_LINES };

/* Whether b still wants what the search is for. */
static bool wants_debug(const struct binary *b, enum debug_want want)
{
	return want == WANT_SYMBOLS ? wants_symbols(b) : !b->lines;
}

/*
 * What the debug file open at fd gives b of what the search is for: its
 * .symtab, if it has one with functions, or its DWARF. With a build-id to
 * match (`id`), a file of another build-id gives nothing: a stale file
 * left by an older package.
 */
static void take_debug(struct binary *b, int fd, const char *id, enum debug_want want)
{
	struct elfsyms debug;

	if (elfsyms_open(&debug, fd))
		return;
	if (id && strcmp(debug.build_id_hex, id)) {
		elfsyms_free(&debug);
		return;
	}
	if (want == WANT_SYMBOLS && wants_symbols(b) && !debug.dynsym && debug.nsyms) {
		b->debug = debug;
		b->has_debug = true;
	} else {
		elfsyms_free(&debug);
	}
	if (want == WANT_LINES && !b->lines)
		b->lines = srclines_open(fd);
}

/* <debug dir>/.build-id/xx/yyyy.debug, if it has the same build-id. */
static void debug_by_build_id(const struct binsyms *c, struct binary *b, pid_t pid,
			      enum debug_want want)
{
	char id_path[sizeof(DEFAULT_DEBUG_DIR "/.build-id/") + 2 * ELFSYMS_BUILD_ID_MAX + 8],
		path[PATH_MAX];
	int fd, n;

	if (!b->elf.build_id_len ||
	    build_id_debug_path(b->elf.build_id_hex, id_path, sizeof(id_path)) < 0 ||
	    strncmp(id_path, DEFAULT_DEBUG_DIR "/", strlen(DEFAULT_DEBUG_DIR "/")))
		return;
	/* the same path under the debug directory in use */
	n = snprintf(path, sizeof(path), "%s%s", debug_dir(c), id_path + strlen(DEFAULT_DEBUG_DIR));
	if (n < 0 || n >= (int)sizeof(path) || (fd = open_rooted(pid, path)) < 0)
		return;
	take_debug(b, fd, b->elf.build_id_hex, want);
	close(fd);
}

/*
 * The .gnu_debuglink file, where gdb looks for it: next to the binary, in
 * its .debug/ directory, under the debug directory plus the binary's
 * directory. Its CRC must match: a name alone may be any build's.
 */
static void debug_by_link(const struct binsyms *c, struct binary *b, pid_t pid, const char *binary,
			  enum debug_want want)
{
	const char *slash = strrchr(binary, '/'), *name;
	char path[PATH_MAX];
	__u32 crc;
	int i, fd, n, dir;

	if (!(name = elfsyms_debuglink(&b->elf, &crc)) || !slash || strchr(name, '/'))
		return; /* a link with a directory in it points out of where we look */
	dir = (int)(slash - binary);
	for (i = 0; i < 3 && wants_debug(b, want); i++) {
		if (i == 0)
			n = snprintf(path, sizeof(path), "%.*s/%s", dir, binary, name);
		else if (i == 1)
			n = snprintf(path, sizeof(path), "%.*s/.debug/%s", dir, binary, name);
		else
			n = snprintf(path, sizeof(path), "%s%.*s/%s", debug_dir(c), dir, binary,
				     name);
		if (n < 0 || n >= (int)sizeof(path) || (fd = open_rooted(pid, path)) < 0)
			continue;
		if (crc_matches(fd, crc))
			take_debug(b, fd, NULL, want);
		close(fd);
	}
}

/* The debug file of b for what the search is for: by build-id, then by debuglink. */
static void find_debug(const struct binsyms *c, struct binary *b, pid_t pid,
		       const struct proc_map *m, enum debug_want want)
{
	if (wants_debug(b, want))
		debug_by_build_id(c, b, pid, want);
	if (wants_debug(b, want))
		debug_by_link(c, b, pid, m->path, want);
}

/* The file of b, mapped by m in pid: the one held if it was, else opened through pid now. */
static int binary_open(const struct binary *b, pid_t pid, const struct proc_map *m)
{
	return b->held ? dup(b->held - 1) : open_mapped(pid, m);
}

/* Read the file of mapping m (and its debug file if it has no .symtab). */
static void binary_load(struct binsyms *c, struct binary *b, pid_t pid, const struct proc_map *m)
{
	int fd = binary_open(b, pid, m);

	if (fd < 0 || elfsyms_open(&b->elf, fd)) {
		b->failed_pid = pid;
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	b->loaded = true;
	find_debug(c, b, pid, m, WANT_SYMBOLS);
	if (b->has_debug) {
		/* the debug file's .symtab holds every .dynsym function: drop the copy */
		free(b->elf.syms);
		b->elf.syms = NULL;
		b->elf.nsyms = 0;
	}
}

/*
 * Our own vdso, copied into a memfd for elfsyms_open(): the kernel maps the
 * same image into every process of our architecture, and its size is that
 * of its mapping in our maps.
 */
static int vdso_load(struct binsyms *c)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	const struct proc_map *m;
	struct proc_maps maps;
	int fd, err;

	if (!base)
		return -ENOENT;
	err = procmaps_read(getpid(), PROCMAPS_EXEC_ONLY, &maps);
	if (err)
		return err;
	m = procmaps_find(&maps, base);
	c->vdso_size = m ? m->end - m->start : 0;
	procmaps_free(&maps);
	if (!c->vdso_size)
		return -ENOENT;
	fd = memfd_create("vdso", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, (const void *)base, c->vdso_size) != (ssize_t)c->vdso_size)
		err = -EIO;
	else
		err = elfsyms_open(&c->vdso, fd);
	close(fd);
	return err;
}

static const char *vdso_lookup(struct binsyms *c, const struct proc_map *m, __u64 addr,
			       __u64 *offset)
{
	__u64 vaddr;

	if (!c->vdso_err)
		c->vdso_err = vdso_load(c) ?: 1;
	/* another size is another image (a 32-bit process's): ours would give wrong names */
	if (c->vdso_err != 1 || m->end - m->start != c->vdso_size ||
	    elfsyms_vaddr(&c->vdso, procmap_file_offset(m, addr), &vaddr))
		return NULL;
	return elfsyms_lookup(&c->vdso, vaddr, offset);
}

/* The file b held closed once its symbols and DWARF are read: nothing more is read of it. */
static void binary_release(struct binsyms *c, struct binary *b)
{
	if (!b->held || !b->loaded || !b->lines_read)
		return;
	close(b->held - 1);
	b->held = 0;
	c->nheld--;
}

/* The file of mapping m, read on its first lookup, and addr's virtual address in it; or NULL. */
static struct binary *binary_at(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
				__u64 *vaddr)
{
	struct binary *b;

	if (!procmap_is_file(m) || !(b = binary_get(c, m->dev, m->inode)))
		return NULL;
	if (!b->loaded && b->failed_pid != pid) {
		binary_load(c, b, pid, m);
		binary_release(c, b);
	}
	if (!b->loaded || elfsyms_vaddr(&b->elf, procmap_file_offset(m, addr), vaddr))
		return NULL;
	return b;
}

void binsyms_hold(struct binsyms *c, pid_t pid, const struct proc_map *m)
{
	struct binary *b;
	int fd;

	if (!procmap_is_file(m) || !(b = binary_get(c, m->dev, m->inode)) || b->held ||
	    (b->loaded && b->lines_read))
		return; /* nothing left to read of it */
	if (c->nheld >= HELD_MAX) {
		/* no descriptor to spare: its symbols read now, while the process is there */
		if (!b->loaded && b->failed_pid != pid)
			binary_load(c, b, pid, m);
		return;
	}
	fd = open_mapped(pid, m);
	if (fd >= 0) {
		b->held = fd + 1;
		c->nheld++;
	}
}

const char *binsyms_lookup(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
			   __u64 *offset)
{
	struct binary *b;
	__u64 vaddr;

	if (!strcmp(m->path, "[vdso]"))
		return vdso_lookup(c, m, addr, offset);
	if (!(b = binary_at(c, pid, m, addr, &vaddr)))
		return NULL;
	return elfsyms_lookup(b->has_debug ? &b->debug : &b->elf, vaddr, offset);
}

/*
 * The DWARF of b, the file of mapping m, looked for at its first line
 * lookup: the file's own (opened again, as binary_load() does), else its
 * debug file's, which may be another than the one its symbols came from
 * (a binary that keeps its .symtab may still have its DWARF split out).
 * If the file cannot be opened through this process (gone, in another
 * mount namespace), another process may still open it.
 */
static void lines_load(const struct binsyms *c, struct binary *b, pid_t pid,
		       const struct proc_map *m)
{
	int fd = binary_open(b, pid, m);

	if (fd < 0) {
		b->lines_failed_pid = pid;
		return;
	}
	b->lines = srclines_open(fd);
	close(fd);
	b->lines_read = true;
	find_debug(c, b, pid, m, WANT_LINES);
}

size_t binsyms_source(struct binsyms *c, pid_t pid, const struct proc_map *m, __u64 addr,
		      struct srcline *out, size_t max)
{
	struct binary *b;
	__u64 vaddr;

	/* the vdso's DWARF is in the kernel's build tree (vdso64.so.dbg), not here */
	if (!strcmp(m->path, "[vdso]") || !(b = binary_at(c, pid, m, addr, &vaddr)))
		return 0;
	if (!b->lines_read && b->lines_failed_pid != pid) {
		lines_load(c, b, pid, m);
		binary_release(c, b);
	}
	return b->lines ? srclines_lookup(b->lines, vaddr, out, max) : 0;
}
