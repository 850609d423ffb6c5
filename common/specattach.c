// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A probe named on the command line, from spec to links (specattach.h).
 * Patterns are expanded here, not by libbpf: a tracepoint pattern over
 * tracefs' directories, a kernel function pattern over tracefs'
 * available_filter_functions (what kprobes may attach to), a user
 * function pattern over the binary's symbols, each match attached to by
 * itself.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "binpath.h"
#include "elfsyms.h"
#include "kernel_support.h"
#include "run.h"
#include "specattach.h"
#include "strbuf.h"

/* ---- the places ---- */

static int add_site(struct probe_sites *ps, const char *group, const char *name, __u64 offset)
{
	struct probe_site *sites;

	if (ps->n == SPEC_MAX_SITES)
		return -E2BIG;
	sites = realloc(ps->sites, (ps->n + 1) * sizeof(*sites));
	if (!sites)
		return -ENOMEM;
	ps->sites = sites;
	ps->sites[ps->n++] = (struct probe_site){ group, name, offset };
	return 0;
}

/* A copy of s, freed with the sites. */
static const char *own(struct probe_sites *ps, const char *s)
{
	char **owned = realloc(ps->owned, (ps->nowned + 1) * sizeof(*owned));
	char *copy = strdup(s);

	if (owned)
		ps->owned = owned;
	if (!owned || !copy) {
		free(copy);
		return NULL;
	}
	return ps->owned[ps->nowned++] = copy;
}

static int add_owned_site(struct probe_sites *ps, const char *group, const char *name, __u64 offset)
{
	const char *g = group ? own(ps, group) : NULL, *n = own(ps, name);

	if ((group && !g) || !n)
		return -ENOMEM;
	return add_site(ps, g, n, offset);
}

void probe_sites_free(struct probe_sites *ps)
{
	size_t i;

	for (i = 0; i < ps->nowned; i++)
		free(ps->owned[i]);
	free(ps->owned);
	free(ps->sites);
	memset(ps, 0, sizeof(*ps));
}

static int too_many(const struct probe_sites *ps, char *why, size_t len)
{
	snprintf(why, len, "the pattern '%s' matches more than %d places: narrow it",
		 ps->spec->name, SPEC_MAX_SITES);
	return -1;
}

static int out_of_memory(char *why, size_t len)
{
	snprintf(why, len, "%s", strerror(ENOMEM));
	return -1;
}

/* How a pattern's expansion ended: 0, or -1 with why (-E2BIG: too many places; else no memory). */
static int expansion_failed(const struct probe_sites *ps, int err, char *why, size_t len)
{
	if (err == -E2BIG)
		return too_many(ps, why, len);
	return err ? out_of_memory(why, len) : 0;
}

/* ---- tracepoints ---- */

static bool tracefs_usable(char *why, size_t len)
{
	switch (tracefs_state()) {
	case TRACEFS_OK:
		return true;
	case TRACEFS_DENIED:
		snprintf(why, len,
			 "no permission to read %s, where tracepoints are found (run as root)",
			 tracefs_root());
		return false;
	case TRACEFS_MISSING:
		snprintf(why, len,
			 "tracefs is not mounted, where tracepoints are found "
			 "(mount -t tracefs nodev /sys/kernel/tracing)");
		return false;
	}
	return false;
}

static bool is_dir(DIR *parent, const struct dirent *d)
{
	struct stat st;

	if (d->d_type != DT_UNKNOWN)
		return d->d_type == DT_DIR;
	return !fstatat(dirfd(parent), d->d_name, &st, 0) && S_ISDIR(st.st_mode);
}

/* The events of one category (a directory in events/) that match the spec's name. */
static int category_events(struct probe_sites *ps, DIR *events, const char *category)
{
	int fd = openat(dirfd(events), category, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;
	DIR *cat = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *d;

	if (!cat) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (!err && (d = readdir(cat)))
		if (d->d_name[0] != '.' && !fnmatch(ps->spec->name, d->d_name, 0) && is_dir(cat, d))
			err = add_owned_site(ps, category, d->d_name, 0);
	closedir(cat);
	return err;
}

static int tracepoints(struct probe_sites *ps, char *why, size_t len)
{
	const struct probe_spec *spec = ps->spec;
	char events[PATH_MAX], name[512];
	struct dirent *d;
	DIR *dir;
	int err = 0;

	if (!tracefs_usable(why, len))
		return -1;
	if (!spec->glob) {
		snprintf(name, sizeof(name), "%s/%s", spec->group, spec->name);
		if (!has_tracepoint(name)) {
			snprintf(why, len, "no tracepoint %s:%s in this kernel (see %s/events)",
				 spec->group, spec->name, tracefs_root());
			return -1;
		}
		return add_site(ps, spec->group, spec->name, 0) ? out_of_memory(why, len) : 0;
	}
	snprintf(events, sizeof(events), "%s/events", tracefs_root());
	dir = opendir(events);
	if (!dir) {
		snprintf(why, len, "cannot read %s: %s", events, strerror(errno));
		return -1;
	}
	while (!err && (d = readdir(dir)))
		if (d->d_name[0] != '.' && !fnmatch(spec->group, d->d_name, 0) && is_dir(dir, d))
			err = category_events(ps, dir, d->d_name);
	closedir(dir);
	if (expansion_failed(ps, err, why, len))
		return -1;
	if (!ps->n) {
		snprintf(why, len, "no tracepoint matches %s:%s in this kernel (see %s/events)",
			 spec->group, spec->name, tracefs_root());
		return -1;
	}
	return 0;
}

/* ---- kernel functions ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The functions kprobes may attach to whose names match: tracefs'
 * available_filter_functions ("name" or "name [module]" a line), each
 * name once.
 */
static int kernel_functions(struct probe_sites *ps, char *why, size_t len)
{
	char path[PATH_MAX], *line = NULL, **names = NULL, **more;
	size_t cap = 0, n = 0, size = 0, i;
	int err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/available_filter_functions", tracefs_root());
	f = fopen(path, "re");
	if (!f) {
		snprintf(why, len, "cannot read %s, where kernel functions are listed: %s", path,
			 strerror(errno));
		return -1;
	}
	while (!err && getline(&line, &size, f) > 0) {
		line[strcspn(line, " \t\n")] = '\0';
		if (!*line || fnmatch(ps->spec->name, line, 0))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			more = realloc(names, cap * sizeof(*names));
			if (!more) {
				err = -ENOMEM;
				break;
			}
			names = more;
		}
		if (!(names[n] = strdup(line)))
			err = -ENOMEM;
		else
			n++;
	}
	free(line);
	fclose(f);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; !err && i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			err = add_owned_site(ps, NULL, names[i], 0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (expansion_failed(ps, err, why, len))
		return -1;
	if (!ps->n) {
		snprintf(why, len, "no kernel function kprobes may attach to matches '%s'",
			 ps->spec->name);
		return -1;
	}
	return 0;
}

static int kprobes(struct probe_sites *ps, char *why, size_t len)
{
	const struct probe_spec *spec = ps->spec;

	if (!has_kprobes()) {
		snprintf(why, len, "needs kprobes on %s, and this kernel has no kprobes",
			 spec->name);
		return -1;
	}
	if (spec->glob)
		return tracefs_usable(why, len) ? kernel_functions(ps, why, len) : -1;
	if (!has_kprobe(spec->name)) {
		snprintf(why, len, "no kernel function %s (in /proc/kallsyms)", spec->name);
		return -1;
	}
	return add_site(ps, NULL, spec->name, spec->offset) ? out_of_memory(why, len) : 0;
}

/* ---- user space ---- */

static bool is_elf(const char *path, int *fd)
{
	char magic[4];

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	return *fd >= 0 && pread(*fd, magic, 4, 0) == 4 && !memcmp(magic, "\177ELF", 4);
}

/* Each function of the binary a pattern matches (by any of its names), by its file offset. */
static int user_functions(struct probe_sites *ps, int fd, char *why, size_t len)
{
	struct elfsyms s;
	__u64 offset;
	size_t i;
	int err = elfsyms_open_matching(&s, fd, ps->spec->name);

	if (err) {
		snprintf(why, len, "cannot read the symbols of %s: %s", ps->binary, strerror(-err));
		return -1;
	}
	for (i = 0; !err && i < s.nsyms; i++)
		if (!elfsyms_offset(&s, s.syms[i].addr, &offset))
			err = add_owned_site(ps, NULL, s.names.buf + s.syms[i].name, offset);
	elfsyms_free(&s);
	if (expansion_failed(ps, err, why, len))
		return -1;
	if (!ps->n) {
		snprintf(why, len, "no function matches '%s' in %s", ps->spec->name, ps->binary);
		return -1;
	}
	return 0;
}

static int user_space(struct probe_sites *ps, char *why, size_t len)
{
	const struct probe_spec *spec = ps->spec;
	int err = binary_resolve(spec->binary, ps->pid, ps->binary, sizeof(ps->binary)), fd;

	if (err == -ENOENT && strchr(spec->binary, '/'))
		snprintf(why, len, "no file %s", spec->binary);
	else if (err == -ENOENT)
		snprintf(why, len, "no library or program '%s' found", spec->binary);
	else if (err)
		snprintf(why, len, "%s: %s", spec->binary, strerror(-err));
	if (err)
		return -1;
	if (!is_elf(ps->binary, &fd)) {
		snprintf(why, len, "%s is not an ELF file", ps->binary);
		err = -1;
	} else if (spec->kind == SPEC_USDT) {
		err = add_site(ps, spec->group, spec->name, 0) ? out_of_memory(why, len) : 0;
	} else if (spec->glob) {
		err = user_functions(ps, fd, why, len);
	} else {
		err = add_site(ps, NULL, spec->name, spec->offset) ? out_of_memory(why, len) : 0;
	}
	if (fd >= 0)
		close(fd);
	return err;
}

int spec_resolve(struct probe_sites *ps, const struct probe_spec *spec, pid_t pid, char *why,
		 size_t whylen)
{
	int err = -1;

	memset(ps, 0, sizeof(*ps));
	ps->spec = spec;
	ps->pid = pid > 0 ? pid : -1;
	switch (spec->kind) {
	case SPEC_TRACEPOINT:
		err = tracepoints(ps, why, whylen);
		break;
	case SPEC_KPROBE:
	case SPEC_KRETPROBE:
		err = kprobes(ps, why, whylen);
		break;
	case SPEC_UPROBE:
	case SPEC_URETPROBE:
	case SPEC_USDT:
		err = user_space(ps, why, whylen);
		break;
	}
	if (err)
		probe_sites_free(ps);
	return err;
}

/* ---- the program ---- */

static const char *section_of(enum spec_kind kind)
{
	switch (kind) {
	case SPEC_TRACEPOINT:
		return "tracepoint";
	case SPEC_KPROBE:
	case SPEC_KRETPROBE:
		return "kprobe";
	case SPEC_UPROBE:
	case SPEC_URETPROBE:
		return "uprobe";
	case SPEC_USDT:
		return "usdt";
	}
	return "";
}

struct bpf_program *spec_program(struct bpf_object *obj, const struct probe_spec *spec)
{
	const char *want = section_of(spec->kind);
	struct bpf_program *prog, *chosen = NULL;

	bpf_object__for_each_program(prog, obj)
	{
		bool mine = !chosen && !strcmp(bpf_program__section_name(prog), want);

		bpf_program__set_autoload(prog, mine);
		if (mine)
			chosen = prog;
	}
	return chosen;
}

/* ---- attaching ---- */

static bool in_user_space(const struct probe_spec *spec)
{
	return spec->kind == SPEC_UPROBE || spec->kind == SPEC_URETPROBE || spec->kind == SPEC_USDT;
}

/* The place, as a message names it: "uprobe on main in /usr/bin/bash". */
static void describe(struct strbuf *sb, const struct probe_sites *ps, const struct probe_site *s)
{
	const char *kind = spec_kind_name(ps->spec->kind);

	switch (ps->spec->kind) {
	case SPEC_TRACEPOINT:
		sb_printf(sb, "tracepoint %s:%s", s->group, s->name);
		break;
	case SPEC_KPROBE:
	case SPEC_KRETPROBE:
		sb_printf(sb, "%s on %s", kind, s->name);
		if (s->offset)
			sb_printf(sb, "+%#llx", (unsigned long long)s->offset);
		break;
	case SPEC_UPROBE:
	case SPEC_URETPROBE:
		sb_printf(sb, "%s on %s", kind, s->name);
		if (s->offset && !ps->spec->glob)
			sb_printf(sb, "+%#llx", (unsigned long long)s->offset);
		sb_printf(sb, " in %s", ps->binary);
		break;
	case SPEC_USDT:
		sb_printf(sb, "USDT probe %s:%s in %s", s->group, s->name, ps->binary);
		break;
	}
	if (ps->pid > 0 && in_user_space(ps->spec))
		sb_printf(sb, " (process %d)", ps->pid);
}

static struct bpf_link *attach_site(struct bpf_program *prog, const struct probe_sites *ps,
				    const struct probe_site *s)
{
	const struct probe_spec *spec = ps->spec;
	LIBBPF_OPTS(bpf_kprobe_opts, kopts, .offset = s->offset,
		    .retprobe = spec->kind == SPEC_KRETPROBE);
	LIBBPF_OPTS(bpf_uprobe_opts, uopts, .retprobe = spec->kind == SPEC_URETPROBE,
		    .func_name = spec->glob ? NULL : s->name);

	switch (spec->kind) {
	case SPEC_TRACEPOINT:
		return bpf_program__attach_tracepoint(prog, s->group, s->name);
	case SPEC_KPROBE:
	case SPEC_KRETPROBE:
		return bpf_program__attach_kprobe_opts(prog, s->name, &kopts);
	case SPEC_UPROBE:
	case SPEC_URETPROBE:
		return bpf_program__attach_uprobe_opts(prog, ps->pid, ps->binary, s->offset,
						       &uopts);
	case SPEC_USDT:
		return bpf_program__attach_usdt(prog, ps->pid, ps->binary, s->group, s->name, NULL);
	}
	errno = EINVAL;
	return NULL;
}

static bool process_exists(pid_t pid)
{
	return !kill(pid, 0) || errno != ESRCH;
}

/* Why a place could not be attached: what libbpf's errno means for it. */
static void explain(struct strbuf *sb, const struct probe_sites *ps, const struct probe_site *s,
		    int err)
{
	char msg[128];

	switch (ps->spec->kind) {
	case SPEC_UPROBE:
	case SPEC_URETPROBE:
		if (ps->spec->glob)
			break;
		if (err == ENOENT) {
			sb_printf(sb, "no function %s in %s", s->name, ps->binary);
			return;
		}
		if (err == LIBBPF_ERRNO__FORMAT) {
			sb_printf(sb, "%s names more than one function in %s", s->name, ps->binary);
			return;
		}
		break;
	case SPEC_KPROBE:
		/* the kernel's word for an offset inside an instruction */
		if (err == EILSEQ && s->offset) {
			sb_printf(sb, "%s+%#llx is not the start of an instruction", s->name,
				  (unsigned long long)s->offset);
			return;
		}
		break;
	case SPEC_USDT:
		if (err == ENOENT) {
			sb_printf(sb, "no USDT probe %s:%s in %s", s->group, s->name, ps->binary);
			return;
		}
		/* libbpf finds the probe by BPF cookie, or by address in one process */
		if (err == ENOTSUP && ps->pid <= 0) {
			sb_printf(sb,
				  "USDT probe %s:%s in %s: a position-independent file needs BPF "
				  "cookies (Linux 5.15+) or -p PID",
				  s->group, s->name, ps->binary);
			return;
		}
		if (err == ESRCH && ps->pid > 0 && process_exists(ps->pid)) {
			sb_printf(
				sb,
				"USDT probe %s:%s in %s: process %d does not map it (without BPF "
				"cookies, before Linux 5.15, it is found in the process's mappings)",
				s->group, s->name, ps->binary, ps->pid);
			return;
		}
		break;
	default:
		break;
	}
	if (err == ESRCH && ps->pid > 0 && in_user_space(ps->spec) && !process_exists(ps->pid)) {
		sb_printf(sb, "no process %d", ps->pid);
		return;
	}
	libbpf_strerror(err, msg, sizeof(msg));
	describe(sb, ps, s);
	sb_printf(sb, ": %s", msg);
}

int spec_attach(struct run *r, struct bpf_program *prog, const struct probe_sites *ps)
{
	struct strbuf sb = { 0 }, first = { 0 };
	struct bpf_link *link;
	size_t i, attached = 0, refused = 0;
	int ret = -1;

	for (i = 0; i < ps->n; i++) {
		const struct probe_site *s = &ps->sites[i];

		link = attach_site(prog, ps, s);
		if (!link) {
			if (!refused++)
				explain(&first, ps, s, errno);
			continue;
		}
		if (run_add_link(r, link)) {
			run_fail(r, "cannot attach: %s", strerror(ENOMEM));
			goto out;
		}
		attached++;
		if (r->verbose && ps->n <= 16) {
			sb_reset(&sb);
			describe(&sb, ps, s);
			run_warn(r, "attached %s", sb_str(&sb));
		}
	}
	if (!attached) {
		run_fail(r, "cannot attach: %s", sb_str(&first));
		goto out;
	}
	if (refused)
		run_warn(r, "%zu of the %zu places the pattern matches could not be probed: %s",
			 refused, ps->n, sb_str(&first));
	if (r->verbose && ps->n > 16)
		run_warn(r, "attached %zu places", attached);
	ret = 0;
out:
	sb_free(&sb);
	sb_free(&first);
	return ret;
}
