// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What this kernel offers a tracer (kernel_support.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel_support.h"
#include "btf_cache.h"

#define TRACEFS		"/sys/kernel/tracing"
#define TRACEFS_DEBUGFS "/sys/kernel/debug/tracing"

static const char *root;
static enum tracefs_state state;

/* Where tracefs is, and whether we may read it: decided once. */
static void tracefs_probe(void)
{
	const char *roots[] = { TRACEFS, TRACEFS_DEBUGFS };
	char path[64];
	size_t i;

	if (root)
		return;
	state = TRACEFS_MISSING;
	root = TRACEFS;
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events", roots[i]);
		if (access(path, R_OK | X_OK) == 0) {
			root = roots[i];
			state = TRACEFS_OK;
			return;
		}
		if (errno == EACCES && state == TRACEFS_MISSING) {
			root = roots[i];
			state = TRACEFS_DENIED; /* keep looking: the other may be readable */
		}
	}
}

enum tracefs_state tracefs_state(void)
{
	tracefs_probe();
	return state;
}

const char *tracefs_root(void)
{
	tracefs_probe();
	return root;
}

bool has_tracepoint(const char *category_name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/events/%s", tracefs_root(), category_name);
	return tracefs_state() == TRACEFS_OK && access(path, F_OK) == 0;
}

/* Kernel BTF, parsed only if a question needs all of it (fentry); freed once chosen. */
static struct {
	struct btf *btf;
	bool tried;
} vmlinux;

static struct btf *vmlinux_btf(void)
{
	if (!vmlinux.tried) {
		vmlinux.tried = true;
		vmlinux.btf = btf__load_vmlinux_btf(); /* NULL without BTF */
	}
	return vmlinux.btf;
}

bool has_btf(void)
{
	return access(KERNEL_BTF_PATH, R_OK) == 0;
}

/*
 * Kernel BTF describes every tracepoint, so with BTF present a BTF
 * tracepoint exists when the tracepoint does: tracefs answers without
 * parsing megabytes; only where it is not mounted is BTF asked.
 */
bool has_raw_tracepoint(const char *name)
{
	char pattern[512];
	glob_t found;
	bool exists;

	if (tracefs_state() != TRACEFS_OK) {
		support_prototypes(&name, 1);
		return tracepoint_args(name) >= 0;
	}
	snprintf(pattern, sizeof(pattern), "%s/events/*/%s", tracefs_root(), name);
	exists = glob(pattern, GLOB_NOSORT, NULL, &found) == 0;
	globfree(&found);
	return exists;
}

/*
 * Lockdown and some hardened kernels refuse fentry at load time even though
 * BTF describes the function: the only honest probe is to load a trivial
 * fentry program ("r0 = 0; exit") against it. Done once per process.
 */
static bool fentry_allowed(int btf_id)
{
	static int verdict = -1;
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = btf_id);
	int fd;

	if (verdict < 0) {
		fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);
		verdict = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return verdict;
}

bool has_fentry(const char *func)
{
	struct btf *btf = vmlinux_btf();
	int id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;

	return id > 0 && fentry_allowed(id);
}

bool kallsyms_has(const char *text, size_t len, const char *func)
{
	const char *line = text, *end = text + len, *nl, *name;
	size_t flen = strlen(func), n;

	for (; line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		/* "ffffffff81000000 T name\t[module]": the name is the third word */
		name = memchr(line, ' ', nl - line);
		name = name && name + 3 < nl ? name + 3 : NULL;
		n = name ? strcspn(name, " \t\n") : 0;
		if (name && n == flen && name + n <= nl && !memcmp(name, func, flen))
			return true;
	}
	return false;
}

/* /proc/kallsyms whole: a few MB, read once for every kprobe question. */
static char *kallsyms_text(size_t *len)
{
	static char *text;
	static size_t size;
	FILE *f;

	if (!text && (f = fopen("/proc/kallsyms", "re"))) {
		if (getdelim(&text, &size, '\0', f) < 0) {
			free(text);
			text = NULL;
		}
		fclose(f);
	}
	*len = text ? strlen(text) : 0;
	return text;
}

bool has_kprobes(void)
{
	return !access("/sys/bus/event_source/devices/kprobe/type", F_OK) ||
	       !access(TRACEFS "/kprobe_events", F_OK);
}

bool has_kprobe(const char *func)
{
	size_t len;
	const char *text;

	if (!has_kprobes())
		return false;
	text = kallsyms_text(&len);
	return text && kallsyms_has(text, len, func);
}

bool has_helper(enum bpf_prog_type type, int func)
{
	return libbpf_probe_bpf_helper(type, func, NULL) > 0;
}

bool has_map_type(enum bpf_map_type type)
{
	return libbpf_probe_bpf_map_type(type, NULL) > 0;
}

/* Tracepoint prototypes cut out of the kernel's BTF alone: not its 5 MB. */
static struct {
	struct btf *btf;
	const char *names[SUPPORT_MAX_PROTOTYPES];
	size_t n;
} protos;

static bool proto_known(const char *name)
{
	size_t i;

	for (i = 0; i < protos.n; i++)
		if (!strcmp(protos.names[i], name))
			return true;
	return false;
}

int support_want_prototypes(struct btf_wants *w, const char *const *names, size_t n,
			    char (*typedefs)[SUPPORT_TYPEDEF_BYTES])
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < n && i < SUPPORT_MAX_PROTOTYPES; i++) {
		snprintf(typedefs[i], SUPPORT_TYPEDEF_BYTES, "btf_trace_%s", names[i]);
		err = btf_wants_add_type(w, typedefs[i], BTF_KIND_TYPEDEF);
	}
	return err;
}

/* The prototypes known so far, parsed from the cut at fd (which stays open). */
static void parse_prototypes(int fd)
{
	char path[32];

	btf__free(protos.btf);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	protos.btf = btf__parse(path, NULL);
}

/* Cut every name asked so far out of the kernel's BTF, in one pass. */
static void cut_prototypes(void)
{
	char typedefs[SUPPORT_MAX_PROTOTYPES][SUPPORT_TYPEDEF_BYTES];
	struct btf_wants w = { 0 };
	int fd = support_want_prototypes(&w, protos.names, protos.n, typedefs)
			 ?: btf_cache_cut(&w, NULL);

	btf_wants_free(&w);
	if (fd < 0) {
		btf__free(protos.btf);
		protos.btf = NULL;
		return;
	}
	parse_prototypes(fd);
	close(fd);
}

void support_prototypes_in(int fd, const char *const *names, size_t n)
{
	for (protos.n = 0; protos.n < n && protos.n < SUPPORT_MAX_PROTOTYPES; protos.n++)
		protos.names[protos.n] = names[protos.n];
	parse_prototypes(fd);
}

void support_prototypes(const char *const *names, size_t n)
{
	bool added = false;
	size_t i;

	for (i = 0; i < n && protos.n < SUPPORT_MAX_PROTOTYPES; i++) {
		if (proto_known(names[i]))
			continue;
		protos.names[protos.n++] = names[i];
		added = true;
	}
	if (added)
		cut_prototypes();
}

int tracepoint_args(const char *name)
{
	const struct btf_type *t;
	char type[128];
	int id;

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	id = protos.btf ? btf__find_by_name_kind(protos.btf, type, BTF_KIND_TYPEDEF) : -1;
	if (id <= 0)
		return -1;
	t = btf__type_by_id(protos.btf, btf__resolve_type(protos.btf, id)); /* a pointer */
	t = t && btf_is_ptr(t) ? btf__type_by_id(protos.btf, t->type) : NULL;
	if (!t || !btf_is_func_proto(t) || !btf_vlen(t))
		return -1;
	return btf_vlen(t) - 1; /* the first is the tracepoint's own data pointer */
}

void support_release(void)
{
	btf__free(vmlinux.btf);
	vmlinux.btf = NULL;
	vmlinux.tried = false;
	btf__free(protos.btf);
	protos.btf = NULL;
	protos.n = 0;
}
