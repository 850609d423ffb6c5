// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* What this kernel offers a tracer (kernel_support.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel_support.h"
#include "btf_cache.h"
#include "btf_file.h"
#include "procfs.h"
#include "vec.h"

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
 * tracepoint exists when the tracepoint does. A prototype already cut
 * (run_open_opts() cuts those of the object's raw_tp and tp_btf sections
 * with its types) says so at once; else tracefs answers without parsing
 * megabytes (a glob over every category: some 0.85 ms a name on the 6.18
 * host), and only where it is not mounted is BTF asked. A tracepoint of a
 * module has its prototype in the module's BTF, not in the cut: tracefs.
 */
bool has_raw_tracepoint(const char *name)
{
	char pattern[512];
	glob_t found;
	bool exists;

	/* a prototype cut with the tool's types (load.c) answers at no cost */
	if (tracepoint_args(name) >= 0)
		return true;
	if (tracefs_state() != TRACEFS_OK) {
		support_prototypes(&name, 1);
		return tracepoint_args(name) >= 0;
	}
	snprintf(pattern, sizeof(pattern), "%s/events/*/%s", tracefs_root(), name);
	exists = glob(pattern, GLOB_NOSORT, NULL, &found) == 0;
	globfree(&found);
	return exists;
}

/* A trivial fentry program ("r0 = 0; exit") loaded against BTF id btf_id: 0, or -errno. */
static int fentry_trial(int btf_id)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = btf_id);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, NULL, "GPL", insns, 2, &opts);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* -1: not asked yet; else whether a trivial fentry program loads. Once per process. */
static int fentry_verdict = -1;

/*
 * Lockdown and some hardened kernels refuse fentry at load time even though
 * BTF describes the function: the only honest probe is to load a trivial
 * fentry program against it.
 */
static bool fentry_allowed(int btf_id)
{
	if (fentry_verdict < 0)
		fentry_verdict = fentry_trial(btf_id) == 0;
	return fentry_verdict;
}

/*
 * Whether fentry is refused whatever the function, told without the
 * kernel's BTF (whose search for a function's id took 3 to 10 ms at every
 * start of vfsstat, filelife and their kin on the 6.18 host): a
 * program naming no function is refused as invalid (EINVAL, "Tracing
 * programs must provide btf_id") where fentry may load at all, and for
 * want of permission (EPERM: lockdown, an LSM, the build machine) where
 * no fentry program may, before its target is looked at. Any other
 * answer leaves the question to fentry_allowed().
 */
static bool fentry_refused(void)
{
	static bool asked;

	if (fentry_verdict < 0 && !asked && fentry_trial(0) == -EPERM)
		fentry_verdict = 0;
	asked = true;
	return fentry_verdict == 0;
}

/* A perf_event program looking up key 0 in map_fd; its fd, or -errno. */
static int load_lookup_prog(int map_fd)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4, .imm = 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X,
		  .dst_reg = BPF_REG_2,
		  .src_reg = BPF_REG_10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM,
		  .dst_reg = BPF_REG_1,
		  .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = map_fd },
		{ 0 }, /* the upper half of the map's 64-bit immediate */
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_PERF_EVENT, "sonde_alloc", "GPL", insns,
			       sizeof(insns) / sizeof(insns[0]), NULL);

	return fd < 0 ? -errno : fd;
}

/*
 * Whether a perf_event program may use a hash map without preallocation:
 * the verifier's own answer (map_alloc.h says why it marks 6.1's allocator).
 */
bool kernel_allocates_anywhere(void)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_NO_PREALLOC);
	int map = bpf_map_create(BPF_MAP_TYPE_HASH, "sonde_alloc", 4, 4, 1, &opts), prog;

	if (map < 0)
		return false;
	prog = load_lookup_prog(map);
	close(map);
	if (prog < 0)
		return false;
	close(prog);
	return true;
}

static char *kallsyms_text(size_t *len);

/*
 * Whether `func`, a module's function, is in that module's BTF: the module is the one
 * kallsyms names ("name\t[ext4]"), its BTF /sys/kernel/btf/<module>.
 */
static bool module_has_function(struct btf *vmlinux_types, const char *func)
{
	char module[64], path[128];
	struct btf *btf;
	size_t len;
	const char *text = kallsyms_text(&len);
	bool found;

	if (!text || !kallsyms_module(text, len, func, module, sizeof(module)))
		return false;
	snprintf(path, sizeof(path), "/sys/kernel/btf/%s", module);
	btf = btf__parse_split(path, vmlinux_types);
	if (!btf)
		return false;
	found = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) > 0;
	btf__free(btf);
	return found;
}

/* The function whose fentry verdict stands for a module's functions (has_fentry()). */
#define FENTRY_JUDGE "vfs_read"

/*
 * Kernel functions has_fentry() was told of or asked about, and their BTF
 * ids (0: none). Each search reads the kernel's BTF strings and indexes its
 * 150,000 types (some 3 ms on Linux 6.18), so every name not yet searched
 * is looked for in the same pass: a tool with six fentry ways reads the
 * BTF once, not six times.
 */
struct function_id {
	char *name;
	__u32 name_off; /* 0: not among the strings (yet) */
	__u32 id;
	bool searched;
};

static struct vec functions = { .size = sizeof(struct function_id) };

/* functions' entry for name, added if new; NULL without memory. */
static struct function_id *function_note(const char *name)
{
	struct function_id *fn = functions.v;
	size_t i;

	for (i = 0; i < functions.n; i++)
		if (!strcmp(fn[i].name, name))
			return &fn[i];
	fn = vec_push(&functions);
	if (fn && !(fn->name = strdup(name))) {
		functions.n--;
		return NULL;
	}
	return fn;
}

void support_functions(const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		function_note(names[i]);
}

/* How many of the names a pass looks for are still to be found. */
struct function_search {
	size_t strings_left, types_left;
};

#define SEARCH_DONE 1 /* a positive return stops btf_file_strings() and _index_types() */

static int name_found(void *ctx, __u32 off, const char *s, size_t len)
{
	struct function_search *fs = ctx;
	struct function_id *fn = functions.v;
	size_t i;

	for (i = 0; i < functions.n; i++) {
		if (fn[i].searched || fn[i].name_off || strlen(fn[i].name) != len ||
		    memcmp(s, fn[i].name, len))
			continue;
		fn[i].name_off = off;
		fs->types_left++;
		if (!--fs->strings_left)
			return SEARCH_DONE;
	}
	return 0;
}

static int function_found(void *ctx, __u32 id, const struct btf_type *t)
{
	struct function_search *fs = ctx;
	struct function_id *fn = functions.v;
	size_t i;

	if (btf_kind(t) != BTF_KIND_FUNC)
		return 0;
	for (i = 0; i < functions.n; i++) {
		if (fn[i].searched || !fn[i].name_off || fn[i].id || t->name_off != fn[i].name_off)
			continue;
		fn[i].id = id;
		if (!--fs->types_left)
			return SEARCH_DONE;
	}
	return 0;
}

/*
 * Look up every name not searched yet in the kernel's BTF, read from the
 * file where it lies (btf_file.h): libbpf's parse of the whole 5.5 MB costs
 * some 10 MB of peak memory, for questions asked at every start of a tool
 * with an fentry way, where fentry is then often refused.
 */
static void functions_search(void)
{
	struct function_search fs = { 0 };
	struct function_id *fn = functions.v;
	struct btf_file f;
	size_t i;
	int fd;

	for (i = 0; i < functions.n; i++)
		fs.strings_left += !fn[i].searched;
	fd = fs.strings_left ? open(KERNEL_BTF_PATH, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		if (!btf_file_open(&f, fd) && !btf_file_strings(&f, name_found, &fs) &&
		    fs.types_left)
			btf_file_index_types(&f, function_found, &fs);
		btf_file_close(&f);
		close(fd);
	}
	for (i = 0; i < functions.n; i++)
		fn[i].searched = true;
}

/* The kernel's BTF id of function `name`, 0 if it has none. */
static __u32 vmlinux_function_id(const char *name)
{
	struct function_id *fn;

	function_note(FENTRY_JUDGE); /* a module's function needs its verdict: same pass */
	fn = function_note(name);
	if (fn && !fn->searched)
		functions_search();
	return fn ? fn->id : 0;
}

static void functions_free(void)
{
	struct function_id *fn = functions.v;
	size_t i;

	for (i = 0; i < functions.n; i++)
		free(fn[i].name);
	free(functions.v);
	functions = (struct vec){ .size = sizeof(struct function_id) };
}

/*
 * A function of vmlinux or of a module (ext4 is one on Debian): libbpf
 * finds either when it loads the program. Whether fentry is allowed at all
 * is the same question for both, so a module's function is judged by
 * vfs_read's verdict first, and only then is its module's BTF read.
 */
bool has_fentry(const char *func)
{
	struct btf *btf;
	__u32 id;

	if (fentry_refused())
		return false;
	id = vmlinux_function_id(func);
	if (id)
		return fentry_allowed(id);
	id = vmlinux_function_id(FENTRY_JUDGE);
	if (!id || !fentry_allowed(id))
		return false;
	btf = vmlinux_btf();
	return btf && module_has_function(btf, func);
}

/* The line of kallsyms naming func, as the start of its name and its end; NULL if none. */
static const char *kallsyms_line(const char *text, size_t len, const char *func, const char **eol)
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
		if (name && n == flen && name + n <= nl && !memcmp(name, func, flen)) {
			*eol = nl;
			return name;
		}
	}
	return NULL;
}

bool kallsyms_has(const char *text, size_t len, const char *func)
{
	const char *eol;

	return kallsyms_line(text, len, func, &eol) != NULL;
}

bool kallsyms_module(const char *text, size_t len, const char *func, char *module, size_t size)
{
	const char *eol, *name = kallsyms_line(text, len, func, &eol), *open, *close;

	if (!name)
		return false;
	open = memchr(name, '[', eol - name);
	close = open ? memchr(open, ']', eol - open) : NULL;
	if (!close || close - open - 1 <= 0 || (size_t)(close - open - 1) >= size)
		return false;
	memcpy(module, open + 1, close - open - 1);
	module[close - open - 1] = '\0';
	return true;
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

/* Module names are the same with '-' or '_': "md-mod.ko" is module md_mod. */
static bool module_names_match(const char *a, const char *b, size_t len)
{
	for (; len; a++, b++, len--)
		if (*a != *b && !(strchr("-_", *a) && strchr("-_", *b)))
			return false;
	return true;
}

bool modules_dep_has(const char *text, size_t len, const char *name)
{
	const char *line = text, *end = text + len, *eol, *base, *dot;
	size_t want = strlen(name);

	for (; line < end; line = eol + 1) {
		eol = memchr(line, '\n', end - line);
		if (!eol)
			eol = end;
		dot = memchr(line, ':', eol - line);
		if (!dot)
			continue;
		base = memrchr(line, '/', dot - line);
		base = base ? base + 1 : line;
		dot = memchr(base, '.', dot - base);
		if (dot && (size_t)(dot - base) == want && module_names_match(base, name, want))
			return true;
	}
	return false;
}

bool has_module(const char *name)
{
	char path[PATH_MAX];
	struct utsname u;
	char *text = NULL;
	ssize_t len;
	bool found;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	if (!access(path, F_OK))
		return true;
	if (uname(&u))
		return false;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", u.release);
	len = file_read(path, 0, &text);
	found = len > 0 && modules_dep_has(text, len, name);
	free(text);
	return found;
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

/* The BTF prototype of tracepoint `name` (btf_trace_<name>, a pointer to it), or NULL. */
static const struct btf_type *tracepoint_proto(const char *name)
{
	const struct btf_type *t;
	char type[128];
	int id;

	snprintf(type, sizeof(type), "btf_trace_%s", name);
	id = protos.btf ? btf__find_by_name_kind(protos.btf, type, BTF_KIND_TYPEDEF) : -1;
	if (id <= 0)
		return NULL;
	t = btf__type_by_id(protos.btf, btf__resolve_type(protos.btf, id)); /* a pointer */
	t = t && btf_is_ptr(t) ? btf__type_by_id(protos.btf, t->type) : NULL;
	return t && btf_is_func_proto(t) && btf_vlen(t) ? t : NULL;
}

int tracepoint_args(const char *name)
{
	const struct btf_type *t = tracepoint_proto(name);

	return t ? btf_vlen(t) - 1 : -1; /* the first is the tracepoint's own data pointer */
}

bool tracepoint_arg_points_to(const char *name, int arg, const char *type)
{
	const struct btf_type *t = tracepoint_proto(name);
	const char *found;
	int id;

	if (!t || arg < 0 || arg + 1 >= btf_vlen(t))
		return false;
	id = btf__resolve_type(protos.btf, btf_params(t)[arg + 1].type);
	t = id > 0 ? btf__type_by_id(protos.btf, id) : NULL;
	if (!t || !btf_is_ptr(t))
		return false;
	/* past const; a struct cut down to its name is a forward declaration */
	id = btf__resolve_type(protos.btf, t->type);
	t = id > 0 ? btf__type_by_id(protos.btf, id) : NULL;
	if (!t || !(btf_is_struct(t) || (btf_is_fwd(t) && !btf_kflag(t))))
		return false;
	found = btf__name_by_offset(protos.btf, t->name_off);
	return found && !strcmp(found, type);
}

void support_release(void)
{
	btf__free(vmlinux.btf);
	vmlinux.btf = NULL;
	vmlinux.tried = false;
	btf__free(protos.btf);
	protos.btf = NULL;
	protos.n = 0;
	functions_free();
}
