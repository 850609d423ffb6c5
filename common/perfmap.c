// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * perf-PID.map files parsed and looked up (perfmap.h). The names are copied
 * into one pool and the functions sorted once, so a lookup is a binary
 * search. Lines that do not parse are skipped: the file is being appended
 * to while we read it, and its writer is not ours to trust.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perfmap.h"
#include "procfs.h"
#include "scan.h"
#include "vec.h"

/* A hex number worth at most 64 bits, "0x" allowed: the position after it, or NULL. */
static const char *parse_hex(const char *p, const char *end, __u64 *v)
{
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	return scan_hex(p, end, v);
}

static const char *skip_spaces(const char *p, const char *end)
{
	const char *first = p;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == first ? NULL : p;
}

/* One line [p, end) into the pool and syms: false (nothing kept) if it is not one. */
static bool parse_line(const char *p, const char *end, struct vec *syms, struct strbuf *names)
{
	struct perfmap_sym *s;
	__u64 start, size;

	if (end > p && end[-1] == '\r')
		end--; /* a map written on Windows-minded tooling */
	p = parse_hex(p, end, &start);
	p = p ? skip_spaces(p, end) : NULL;
	p = p ? parse_hex(p, end, &size) : NULL;
	p = p ? skip_spaces(p, end) : NULL;
	if (!p || p == end || !size || start + size < start || memchr(p, '\0', end - p))
		return false; /* torn, empty, wrapping, or a name no C string can hold */
	if (names->len > UINT32_MAX - (size_t)(end - p) - 1 || !(s = vec_push(syms)))
		return false;
	*s = (struct perfmap_sym){ start, start + size, (__u32)names->len };
	sb_append(names, p, end - p);
	sb_putc(names, '\0');
	return true;
}

/* By start; at one start, by line, which is the order of the names in the pool. */
static int sym_cmp(const void *a, const void *b)
{
	const struct perfmap_sym *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

/* Keep the last line of each start: the code the runtime wrote there most recently. */
static size_t keep_latest(struct perfmap_sym *s, size_t n)
{
	size_t i, kept = 0;

	for (i = 0; i < n; i++) {
		if (kept && s[kept - 1].start == s[i].start)
			kept--;
		s[kept++] = s[i];
	}
	return kept;
}

int perfmap_parse(const char *text, size_t len, struct perfmap *pm)
{
	struct vec syms = { .size = sizeof(struct perfmap_sym) };
	const char *p = text, *end = text + len, *nl;

	*pm = (struct perfmap){ 0 };
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		parse_line(p, nl ? nl : end, &syms, &pm->names);
		p = nl ? nl + 1 : end;
	}
	if (!syms.n) {
		free(syms.v);
		sb_free(&pm->names);
		return 0;
	}
	vec_sort(&syms, sym_cmp);
	pm->syms = syms.v;
	pm->n = keep_latest(pm->syms, syms.n);
	return 0;
}

const char *perfmap_find(const struct perfmap *pm, __u64 addr, __u64 *offset)
{
	size_t lo = sorted_at_or_below(pm->syms, pm->n, sizeof(*pm->syms),
				       offsetof(struct perfmap_sym, start), addr);
	const struct perfmap_sym *s;

	if (!lo || addr >= (s = &pm->syms[lo - 1])->end)
		return NULL;
	if (offset)
		*offset = addr - s->start;
	return pm->names.buf + s->name;
}

void perfmap_free(struct perfmap *pm)
{
	free(pm->syms);
	sb_free(&pm->names);
	*pm = (struct perfmap){ 0 };
}

pid_t perfmap_nspid_parse(const char *text, size_t len, pid_t pid)
{
	static const char key[] = "NSpid:";
	const char *p = text, *end = text + len, *nl;
	long long v, last = -1;

	for (; p < end; p = nl < end ? nl + 1 : end) {
		nl = memchr(p, '\n', end - p) ?: end;
		if ((size_t)(nl - p) < sizeof(key) - 1 || memcmp(p, key, sizeof(key) - 1))
			continue;
		/* "NSpid:\t40\t1": the outermost namespace's first, the process's own last */
		for (p += sizeof(key) - 1; p < nl;) {
			if (*p == ' ' || *p == '\t') {
				p++;
				continue;
			}
			for (v = 0; p < nl && *p >= '0' && *p <= '9' && v <= INT_MAX; p++)
				v = v * 10 + (*p - '0');
			if (v <= 0 || v > INT_MAX || (p < nl && *p != ' ' && *p != '\t'))
				return pid;
			last = v;
		}
		return last > 0 ? (pid_t)last : pid;
	}
	return pid;
}

/* The whole lines of path from *from on, parsed; *from past the last of them. */
static int parse_path(const char *path, off_t *from, struct perfmap *pm)
{
	char *text = NULL, *last;
	ssize_t len = file_read(path, *from, &text);
	int err;

	if (len < 0)
		return (int)len;
	/* a line with no newline yet may still be being written: it is read next time */
	last = len ? memrchr(text, '\n', len) : NULL;
	len = last ? last - text + 1 : 0;
	err = perfmap_parse(text, len, pm);
	free(text);
	if (!err)
		*from += len;
	return err;
}

int perfmap_read(pid_t pid, off_t *from, struct perfmap *pm)
{
	char path[64], *status = NULL;
	ssize_t len;
	pid_t nspid;
	int err;

	*pm = (struct perfmap){ 0 };
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	len = file_read(path, 0, &status);
	if (len >= 0) {
		nspid = perfmap_nspid_parse(status, len, pid);
		free(status);
		snprintf(path, sizeof(path), "/proc/%d/root/tmp/perf-%d.map", (int)pid, (int)nspid);
		err = parse_path(path, from, pm);
		/* its root unreadable: the host's /tmp is its /tmp only in our namespace */
		if (err != -EACCES || nspid != pid)
			return err;
	}
	/* gone: a runtime leaves its map behind, and the host's /tmp may be the one */
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
	return parse_path(path, from, pm);
}
