// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * /proc/PID/maps parsed (procmaps.h). The kernel (show_map_vma()) writes
 * each line as
 *
 *	START-END PERM PGOFF MAJ:MIN INODE PAD NAME
 *
 * hex addresses, offset and device numbers (at least 8 and 2 digits),
 * a decimal inode, a space, then spaces up to a fixed column (none when the
 * fields before are already past it) and a space before the name, which
 * may be absent. So the name is everything after the inode's spaces: no
 * name the kernel writes starts with a space (a path starts with '/').
 *
 * Two passes over the text: the first checks every line and counts what
 * the result needs, the second fills a single allocation of that size, so
 * the paths point into it and no realloc() moves them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"
#include "procmaps.h"
#include "scan.h"
#include "vec.h"

#define MAX_MAJOR 0xfffU   /* MAJOR() of a kernel dev_t: 12 bits */
#define MAX_MINOR 0xfffffU /* MINOR(): 20 bits */

static const char deleted_suffix[] = " (deleted)";

/* A line as parsed: the mapping, and its name where it is in the text. */
struct line {
	struct proc_map m;
	const char *name;
	size_t name_len;
};

/* What the result needs (first pass), then the result being filled (second). */
struct build {
	struct proc_map *maps; /* NULL while counting */
	char *paths;	       /* after maps[], in the same allocation */
	size_t n, path_bytes;
	/* the last kept name: where it is in the text, and its copy */
	const char *prev, *prev_copy;
	size_t prev_len;
};

/*
 * The parsers below, as scan.h's, take the position p and return the one
 * after what they read, or NULL if it is not there; they pass a NULL p on.
 */

static const char *expect(const char *p, const char *end, char c)
{
	return p && p < end && *p == c ? p + 1 : NULL;
}

/* "rwxp": each letter or '-', and 'p' or 's'. */
static const char *parse_perms(const char *p, const char *end, __u8 *perms)
{
	static const char set[] = "rwxs";
	int i;

	*perms = 0;
	if (!p || end - p < 4)
		return NULL;
	for (i = 0; i < 4; i++) {
		if (p[i] == set[i])
			*perms |= 1 << i; /* the order of enum procmap_perm */
		else if (p[i] != (i == 3 ? 'p' : '-'))
			return NULL;
	}
	return p + 4;
}

/* "MAJ:MIN" in hex, into the kernel's dev_t encoding. */
static const char *parse_dev(const char *p, const char *end, __u32 *dev)
{
	__u64 major, minor;

	p = scan_hex(p, end, &major);
	p = expect(p, end, ':');
	p = scan_hex(p, end, &minor);
	if (!p || major > MAX_MAJOR || minor > MAX_MINOR)
		return NULL;
	*dev = major << 20 | minor;
	return p;
}

/* The name after the inode: none, or spaces and then the rest of the line. */
static bool parse_name(const char *p, const char *end, struct line *l)
{
	size_t n = sizeof(deleted_suffix) - 1;

	l->name = p;
	l->name_len = 0;
	if (p == end)
		return true;
	if (*p != ' ')
		return false;
	while (p < end && *p == ' ')
		p++;
	if (memchr(p, '\0', end - p))
		return false; /* the kernel writes none; a C string cannot hold one */
	l->name = p;
	l->name_len = end - p;
	if (l->name_len > n && !memcmp(end - n, deleted_suffix, n)) {
		l->name_len -= n;
		l->m.deleted = true;
	}
	return true;
}

/* One line, [p, end) without its newline: false if it is malformed. */
static bool parse_line(const char *p, const char *end, struct line *l)
{
	struct proc_map *m = &l->m;

	*l = (struct line){ 0 };
	p = scan_hex(p, end, &m->start);
	p = expect(p, end, '-');
	p = scan_hex(p, end, &m->end);
	p = expect(p, end, ' ');
	p = parse_perms(p, end, &m->perms);
	p = expect(p, end, ' ');
	p = scan_hex(p, end, &m->pgoff);
	p = expect(p, end, ' ');
	p = parse_dev(p, end, &m->dev);
	p = expect(p, end, ' ');
	p = scan_dec(p, end, &m->inode);
	/* the kernel shows no empty mapping */
	return p && m->start < m->end && parse_name(p, end, l);
}

/*
 * The copy of a kept line's name. Mappings of one file come in a run (its
 * text, data, ...), so a name the same as the last kept one shares its
 * copy. Counts the bytes in the first pass, copies in the second.
 */
static const char *copy_name(struct build *b, const struct line *l)
{
	char *copy = b->paths ? b->paths + b->path_bytes : NULL;

	if (!l->name_len)
		return "";
	if (b->prev && l->name_len == b->prev_len && !memcmp(l->name, b->prev, l->name_len))
		return b->prev_copy;
	if (copy) {
		memcpy(copy, l->name, l->name_len);
		copy[l->name_len] = '\0';
	}
	b->path_bytes += l->name_len + 1;
	b->prev = l->name;
	b->prev_len = l->name_len;
	b->prev_copy = copy;
	return copy;
}

static void keep(struct build *b, struct line *l)
{
	l->m.path = copy_name(b, l);
	if (!b->maps) {
		b->n++;
		return;
	}
	/*
	 * The file is read a page at a time, the process's mappings locked for
	 * each page only: a mapping that grew or moved in between can come
	 * again, over addresses already shown. The later line is the newer
	 * view; it replaces what it overlaps and the result stays sorted.
	 */
	while (b->n && b->maps[b->n - 1].end > l->m.start)
		b->n--;
	b->maps[b->n++] = l->m;
}

/* Every line of the text, each kept mapping handed to keep(). */
static int walk(const char *text, size_t len, unsigned int flags, struct build *b)
{
	const char *p = text, *end = text + len, *nl, *eol;
	struct line l;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		eol = nl ? nl : end; /* the last line may lack its newline */
		if (!parse_line(p, eol, &l))
			return -EINVAL;
		if (!(flags & PROCMAPS_EXEC_ONLY) || l.m.perms & PROCMAP_EXEC)
			keep(b, &l);
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int procmaps_parse(const char *text, size_t len, unsigned int flags, struct proc_maps *out)
{
	struct build b = { 0 };
	size_t n, bytes;
	int err;

	*out = (struct proc_maps){ 0 };
	if (!len)
		return 0;
	err = walk(text, len, flags, &b);
	if (err || !b.n)
		return err;
	n = b.n;
	bytes = b.path_bytes;
	b = (struct build){ .maps = malloc(n * sizeof(*b.maps) + bytes) };
	if (!b.maps)
		return -ENOMEM;
	b.paths = (char *)(b.maps + n);
	walk(text, len, flags, &b); /* the same text: it cannot fail now */
	out->maps = b.maps;
	out->n = b.n;
	return 0;
}

int procmaps_read(pid_t pid, unsigned int flags, struct proc_maps *out)
{
	char path[32], *text = NULL;
	ssize_t len;
	int err;

	*out = (struct proc_maps){ 0 };
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	len = file_read(path, 0, &text);
	if (len < 0)
		return len == -ENOENT ? -ESRCH : (int)len;
	err = procmaps_parse(text, len, flags, out);
	free(text);
	return err;
}

const struct proc_map *procmaps_find(const struct proc_maps *maps, __u64 addr)
{
	/* The first mapping that ends past addr: it holds addr unless it starts after it. */
	size_t lo = sorted_at_or_below(maps->maps, maps->n, sizeof(*maps->maps),
				       offsetof(struct proc_map, end), addr);

	if (lo < maps->n && maps->maps[lo].start <= addr)
		return &maps->maps[lo];
	return NULL;
}

void procmaps_free(struct proc_maps *maps)
{
	free(maps->maps);
	*maps = (struct proc_maps){ 0 };
}
