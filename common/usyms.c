// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The per-process half of the user-space symbolizer (usyms.h): which
 * mapping holds an address, then the file's symbols (binsyms.c) or the
 * process's perf map (perfmap.c) for the name, and the file's DWARF
 * (binsyms_source()) for the line and the inlined functions.
 *
 * Nothing a caller was handed is ever freed before usyms_free(): maps read
 * again retire the old ones (their paths are modules already returned),
 * and a perf map read again adds only its new lines, as a chunk of its own.
 * Both happen at most once a second a process, so the retired copies stay
 * few; the cost of a miss is then a clock read.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "binsyms.h"
#include "perfmap.h"
#include "procmaps.h"
#include "usyms.h"
#include "vec.h"

_Static_assert(USYMS_INLINED_MAX == SRCLINES_MAX - 1, "usyms.h's bound is srclines.h's");

#define NBUCKETS      1024 /* a power of two */
#define REFRESH_NS    1000000000ULL
#define UNKNOWN_MAP   "[unknown]"
#define ANONYMOUS_MAP "[anon]"

struct uproc {
	struct uproc *next; /* in its bucket */
	pid_t pid;
	bool read;	       /* its maps were read (or could not be, but it was there) */
	bool reread;	       /* and read again since, on a miss */
	bool gone;	       /* a read said it exited: its maps stay as they were */
	__u64 read_ns;	       /* when the maps were last read */
	struct proc_maps maps; /* executable mappings only */
	struct vec old_maps;   /* struct proc_maps: replaced, still pointed into */
	struct vec perfmaps;   /* struct perfmap: chunks of its perf map, oldest first */
	off_t perf_from;       /* how much of the perf map the chunks hold */
	__u64 perf_ns;	       /* when it was last read */
	bool perf_read;
};

struct usyms {
	struct uproc *buckets[NBUCKETS];
	struct binsyms *bins;
};

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

struct usyms *usyms_new(void)
{
	struct usyms *u = calloc(1, sizeof(*u));

	if (u && !(u->bins = binsyms_new())) {
		free(u);
		return NULL;
	}
	return u;
}

static void proc_free(struct uproc *p)
{
	struct proc_maps *old = p->old_maps.v;
	struct perfmap *pm = p->perfmaps.v;
	size_t i;

	procmaps_free(&p->maps);
	for (i = 0; i < p->old_maps.n; i++)
		procmaps_free(&old[i]);
	for (i = 0; i < p->perfmaps.n; i++)
		perfmap_free(&pm[i]);
	free(p->old_maps.v);
	free(p->perfmaps.v);
	free(p);
}

int usyms_set_debug_dir(struct usyms *u, const char *dir)
{
	return binsyms_set_debug_dir(u->bins, dir);
}

void usyms_free(struct usyms *u)
{
	struct uproc *p, *next;
	size_t i;

	if (!u)
		return;
	for (i = 0; i < NBUCKETS; i++)
		for (p = u->buckets[i]; p; p = next) {
			next = p->next;
			proc_free(p);
		}
	binsyms_free(u->bins);
	free(u);
}

/* Process pid's entry, made empty on first sight; NULL without memory. */
static struct uproc *proc_get(struct usyms *u, pid_t pid)
{
	struct uproc **bucket = &u->buckets[(__u32)pid & (NBUCKETS - 1)], *p;

	for (p = *bucket; p; p = p->next)
		if (p->pid == pid)
			return p;
	if (!(p = calloc(1, sizeof(*p))))
		return NULL;
	p->pid = pid;
	p->old_maps.size = sizeof(struct proc_maps);
	p->perfmaps.size = sizeof(struct perfmap);
	p->next = *bucket;
	*bucket = p;
	return p;
}

/*
 * Read p's maps, the previous ones retired. A process that is gone keeps
 * what it had; one whose maps we may not read has none, but is known.
 * So does one with no code mapped: it is exiting (its memory goes before
 * it does) or between the images of an exec, and its last stacks are
 * named from what it had (seen in a slow VM: a stack note handled as the
 * process exited emptied the maps its whole profile was named from).
 */
static int proc_read(struct uproc *p)
{
	struct proc_maps maps, *old;
	int err = procmaps_read(p->pid, PROCMAPS_EXEC_ONLY, &maps);

	if (err == -ESRCH) {
		p->gone = p->read; /* unknown and gone: usyms_resolve() says so */
		return err;
	}
	p->read_ns = now_ns();
	if (!err && !maps.n) {
		procmaps_free(&maps);
		p->read = true;
		return 0;
	}
	if (!err && p->maps.n) {
		if (!(old = vec_push(&p->old_maps))) {
			procmaps_free(&maps);
			return -ENOMEM;
		}
		*old = p->maps;
	}
	if (!err)
		p->maps = maps;
	p->read = true;
	return err;
}

int usyms_note_process(struct usyms *u, pid_t pid)
{
	struct uproc *p = proc_get(u, pid);

	if (!p)
		return -ENOMEM;
	return p->read ? 0 : proc_read(p);
}

int usyms_note_exec(struct usyms *u, pid_t pid)
{
	struct uproc *p = proc_get(u, pid);

	if (!p)
		return -ENOMEM;
	p->reread = false; /* a miss in the new image may read them again at once */
	return proc_read(p);
}

/*
 * The mapping of addr, the maps read again if none holds it and the
 * process may have mapped more since: at once on the first miss, then at
 * most once a second (a stack walked through garbage misses often).
 */
static const struct proc_map *proc_find(struct uproc *p, __u64 addr)
{
	const struct proc_map *m = procmaps_find(&p->maps, addr);

	if (m || p->gone || (p->reread && now_ns() - p->read_ns < REFRESH_NS))
		return m;
	p->reread = true;
	if (proc_read(p))
		return NULL;
	return procmaps_find(&p->maps, addr);
}

/* The newest chunk of p's perf map that names addr: a JIT reuses its memory. */
static const char *perf_find(struct uproc *p, __u64 addr, __u64 *offset)
{
	const struct perfmap *pm = p->perfmaps.v;
	const char *name;
	size_t i;

	for (i = p->perfmaps.n; i-- > 0;)
		if ((name = perfmap_find(&pm[i], addr, offset)))
			return name;
	return NULL;
}

/*
 * addr in p's perf map, whose new lines are read on the first lookup and
 * then on a miss at most once a second: the runtime keeps writing it.
 */
static const char *jit_lookup(struct uproc *p, __u64 addr, __u64 *offset)
{
	const char *name = perf_find(p, addr, offset);
	struct perfmap chunk, *slot;

	if (name || (p->perf_read && now_ns() - p->perf_ns < REFRESH_NS))
		return name;
	p->perf_read = true;
	p->perf_ns = now_ns();
	if (perfmap_read(p->pid, &p->perf_from, &chunk) || !chunk.n)
		return NULL;
	if (!(slot = vec_push(&p->perfmaps))) {
		perfmap_free(&chunk);
		return NULL;
	}
	*slot = chunk;
	return perfmap_find(slot, addr, offset);
}

static bool is_vdso(const struct proc_map *m)
{
	return !strcmp(m->path, "[vdso]");
}

/* The process's entry, its maps read if they never were; NULL if it is gone unread. */
static struct uproc *proc_ready(struct usyms *u, pid_t pid, bool *no_memory)
{
	struct uproc *p = proc_get(u, pid);

	*no_memory = !p;
	if (p && !p->read && proc_read(p) == -ESRCH)
		return NULL;
	return p;
}

/* The line of `line_addr` into out, the outermost of its source frames. */
static void source_line(struct usyms *u, pid_t pid, const struct proc_map *m, __u64 line_addr,
			struct usym *out)
{
	struct srcline frames[SRCLINES_MAX];
	size_t n = binsyms_source(u->bins, pid, m, line_addr, frames, SRCLINES_MAX);

	if (n && frames[n - 1].line) {
		out->file = frames[n - 1].file;
		out->line = frames[n - 1].line;
	}
}

/*
 * The frame at addr; with USYMS_LINE its line, that of addr itself, or for
 * a return address of the call before it, if that is in the same function.
 */
bool usyms_lookup(struct usyms *u, pid_t pid, __u64 addr, unsigned flags, struct usym *out)
{
	const struct proc_map *m;
	struct uproc *p;
	__u64 off;
	bool no_memory;

	*out = (struct usym){ .module = UNKNOWN_MAP, .kind = USYM_UNKNOWN };
	if (!(p = proc_ready(u, pid, &no_memory)))
		return no_memory; /* no memory to learn more: still a frame */
	m = proc_find(p, addr);
	if (m)
		out->module = m->path[0] ? m->path : ANONYMOUS_MAP;
	if (m && (procmap_is_file(m) || is_vdso(m))) {
		out->name = binsyms_lookup(u->bins, pid, m, addr, &out->offset);
	} else if ((out->name = jit_lookup(p, addr, &out->offset))) {
		out->kind = USYM_JIT; /* in anonymous memory, or where no mapping is known */
		return true;
	}
	if (!out->name) {
		out->offset = 0;
		return true;
	}
	out->kind = USYM_USER;
	if (!(flags & USYMS_LINE))
		return true;
	if (!(flags & USYMS_RETURN))
		source_line(u, pid, m, addr, out);
	else if (addr > m->start && binsyms_lookup(u->bins, pid, m, addr - 1, &off) == out->name)
		source_line(u, pid, m, addr - 1, out); /* the same symbol: the same name pointer */
	return true;
}

bool usyms_hold(struct usyms *u, pid_t pid, __u64 addr)
{
	const struct proc_map *m;
	struct uproc *p;
	__u64 offset;
	bool no_memory;

	if (!(p = proc_ready(u, pid, &no_memory)) || !(m = proc_find(p, addr)))
		return p && jit_lookup(p, addr, &offset);
	if (procmap_is_file(m))
		binsyms_hold(u->bins, pid, m);
	else if (!is_vdso(m))
		jit_lookup(p, addr, &offset); /* the perf map is read through the process's root */
	return true;
}

bool usyms_resolve(struct usyms *u, pid_t pid, __u64 addr, struct usym *out)
{
	return usyms_lookup(u, pid, addr, 0, out);
}

size_t usyms_inlined(struct usyms *u, pid_t pid, __u64 addr, struct usym_inline *out, size_t max)
{
	struct srcline frames[SRCLINES_MAX];
	const struct proc_map *m;
	struct uproc *p;
	size_t n, i;
	bool no_memory;

	if (!max || !(p = proc_ready(u, pid, &no_memory)) || !(m = proc_find(p, addr)) ||
	    !procmap_is_file(m))
		return 0;
	/* the innermost max inlined ones, and the function they are in, which is not returned */
	n = binsyms_source(u->bins, pid, m, addr, frames,
			   max + 1 < SRCLINES_MAX ? max + 1 : SRCLINES_MAX);
	for (i = 0; i + 1 < n; i++)
		out[i] = (struct usym_inline){ frames[i].name, frames[i].file, frames[i].line };
	return n ? n - 1 : 0;
}
