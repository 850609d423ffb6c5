// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A tool's BPF object from open to detach: the kernel types it is opened
 * against (kernel_btf.h), the privilege check, the probe choice
 * (attach.h), loading, the cgroup filter, attaching, and the attach report
 * tests read. A load the kernel refuses is explained in one line naming the
 * program and the kernel's reason, taken from libbpf's log, which is kept
 * for that purpose and shown whole only with -v.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "attach.h"
#include "btf_cache.h"
#include "btf_wants.h"
#include "kernel_btf.h"
#include "kernel_support.h"
#include "kretprobe.h"
#include "load_failure.h"
#include "map_alloc.h"
#include "maps.h"
#include "namespaces.h"
#include "replay.h"
#include "run.h"
#include "strbuf.h"

/* libbpf's log of the load under way: what explain_load_error() reads. */
static struct {
	bool echo; /* -v: also on stderr */
	bool keep; /* during bpf_object__load() */
	struct strbuf text;
} lib_log;

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	va_list again;

	if (lib_log.keep && level <= LIBBPF_INFO) {
		va_copy(again, ap);
		sb_vprintf(&lib_log.text, fmt, again);
		va_end(again);
	}
	if (lib_log.echo)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void load_logging(bool verbose)
{
	lib_log.echo = verbose;
	libbpf_set_print(libbpf_log);
}

static void say_cut(const struct run *r, const struct kernel_btf_cut *cut)
{
	if (cut->cached)
		run_warn(r, "kernel types: %zu bytes, cut earlier this boot", cut->bytes);
	else if (cut->kept_types)
		run_warn(r, "kernel types: %u of %u (%zu bytes)", cut->kept_types,
			 cut->kernel_types, cut->bytes);
	else
		run_warn(r, "kernel types: none outside a PID namespace");
}

/*
 * The raw tracepoints the object's sections name, added to the n names in
 * protos that are not among them already: the new count. Only where the
 * object cuts kernel types anyway: an object that reads none pays no pass
 * over the kernel's BTF for them.
 */
static size_t add_raw_tracepoints(const void *elf, size_t size, const char **protos, size_t n)
{
	static char names[SUPPORT_MAX_PROTOTYPES][SUPPORT_TYPEDEF_BYTES - sizeof("btf_trace_")];
	size_t found = btf_wants_raw_tracepoints(elf, size, names[0], sizeof(names[0]),
						 SUPPORT_MAX_PROTOTYPES);
	size_t i, j;

	for (i = 0; i < found && n < SUPPORT_MAX_PROTOTYPES; i++) {
		for (j = 0; j < n && strcmp(protos[j], names[i]); j++)
			;
		if (j == n)
			protos[n++] = names[i];
	}
	return n;
}

const struct bpf_object_open_opts *run_open_opts(struct run *r, const void *(*elf_bytes)(size_t *))
{
	char typedefs[SUPPORT_MAX_PROTOTYPES][SUPPORT_TYPEDEF_BYTES];
	const char *protos[SUPPORT_MAX_PROTOTYPES];
	struct kernel_btf_cut cut;
	struct btf_wants w;
	size_t size, dropped = 0, nprotos = 0;
	const void *elf = elf_bytes(&size);
	int fd = -1, err = btf_wants_from_object(&w, elf, size);

	/* on the host, a tool reading no other kernel types gets an empty cut */
	if (!err && !r->filter.pidns.ino)
		dropped = btf_wants_drop_flavor(&w, PIDNS_TYPE_FLAVOR);
	/* the tracepoint prototypes the probe choice asks about come in the same pass */
	if (!err && r->tool->probes)
		nprotos = probes_prototypes(r->tool->probes, &r->given, protos,
					    SUPPORT_MAX_PROTOTYPES);
	/* and those of its raw tracepoints, whose existence it asks (has_raw_tracepoint()) */
	if (!err && w.n)
		nprotos = add_raw_tracepoints(elf, size, protos, nprotos);
	if (!err && nprotos)
		err = support_want_prototypes(&w, protos, nprotos, typedefs);
	if (!err && (w.n || dropped))
		err = fd = btf_cache_cut(&w, &cut);
	btf_wants_free(&w);
	if (fd >= 0 && nprotos)
		support_prototypes_in(fd, protos, nprotos);
	if (err < 0 && r->verbose)
		run_warn(r, "kernel types: cannot cut them (%s): libbpf reads them all",
			 strerror(-err));
	if (fd < 0)
		return NULL;
	if (r->verbose)
		say_cut(r, &cut);
	r->kernel_types_fd = fd;
	snprintf(r->kernel_types_path, sizeof(r->kernel_types_path), "/proc/self/fd/%d", fd);
	r->open_opts = (struct bpf_object_open_opts){
		.sz = sizeof(r->open_opts),
		.btf_custom_path = r->kernel_types_path,
	};
	return &r->open_opts;
}

bool run_opened(struct run *r, const void *skel)
{
	if (skel)
		return true;
	run_fail(r, "cannot open the BPF object: %s", strerror(errno));
	return false;
}

/* The object's .rodata map: libbpf names it "<object>.rodata", cut to fit. */
static struct bpf_map *rodata_map(struct bpf_object *obj)
{
	struct bpf_map *map;
	const char *name;
	size_t len;

	bpf_object__for_each_map(map, obj)
	{
		name = bpf_map__name(map);
		len = strlen(name);
		if (bpf_map__is_internal(map) && len >= 7 && !strcmp(name + len - 7, ".rodata"))
			return map;
	}
	return NULL;
}

void run_set_rodata_var(struct bpf_object *obj, const char *name, const void *value, size_t size)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *v;
	const struct btf_type *sec, *var;
	struct bpf_map *map = rodata_map(obj);
	size_t map_size;
	char *data = map ? (char *)bpf_map__initial_value(map, &map_size) : NULL;
	int id = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -1;
	int i;

	sec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	for (i = 0, v = sec ? btf_var_secinfos(sec) : NULL; data && sec && i < btf_vlen(sec);
	     i++, v++) {
		var = btf__type_by_id(btf, v->type);
		if (var && !strcmp(btf__name_by_offset(btf, var->name_off), name) &&
		    v->size == size && v->offset + size <= map_size)
			memcpy(data + v->offset, value, size);
	}
}

void run_set_rodata(const struct run *r, struct bpf_object *obj)
{
	bool failed_only = r->failed_only;
	/* a recording may be replayed with -T, -U or -j: it carries the whole head */
	__u32 task_head_parts = record_wanted() ? TASK_HEAD_ALL : output_task_parts();

	run_set_rodata_var(obj, "filter", &r->filter, sizeof(r->filter));
	run_set_rodata_var(obj, "net_filter", &r->net_filter, sizeof(r->net_filter));
	run_set_rodata_var(obj, "failed_only", &failed_only, sizeof(failed_only));
	run_set_rodata_var(obj, "task_head_parts", &task_head_parts, sizeof(task_head_parts));
}

/* Threads a kernel without task storage can follow in a call at once. */
#define INFLIGHT_THREADS 10240

/* One task storage map made fit for a kernel without task storage. */
static int fit_task_storage_map(struct bpf_map *map)
{
	/* the calls in flight: a hash by thread id, preallocated (the calls
	 * are traced where allocating could recurse into what is traced) */
	if (!strcmp(bpf_map__name(map), "inflight"))
		return bpf_map__set_type(map, BPF_MAP_TYPE_HASH) ?: bpf_map__set_map_flags(map, 0)
			?: bpf_map__set_max_entries(map, INFLIGHT_THREADS);
	/* anything else goes unused there: the smallest map its programs load with */
	return bpf_map__set_type(map, BPF_MAP_TYPE_ARRAY) ?: bpf_map__set_map_flags(map, 0)
		?: bpf_map__set_max_entries(map, 1);
}

/* A TASK_STATE's by-thread fallback (bpf/task_storage.bpf.h): unused where task storage is. */
static bool task_state_fallback(const struct bpf_map *map)
{
	const char *name = bpf_map__name(map);
	size_t len = strlen(name);

	return len > 7 && !strcmp(name + len - 7, "_by_tid");
}

/*
 * Before Linux 5.11 there is no task storage: its maps are made fit for
 * that (bpf/inflight.bpf.h, task_storage.bpf.h). From 5.11 the by-thread
 * fallbacks shrink to one entry each, rather than hold thousands unused.
 */
int run_fit_kernel(struct bpf_object *obj)
{
	int has_task_storage = -1; /* asked of the kernel at the first map that needs it */
	struct bpf_map *map;
	bool missing = true;
	int err;

	bpf_object__for_each_map(map, obj)
	{
		bool storage = bpf_map__type(map) == BPF_MAP_TYPE_TASK_STORAGE;

		err = 0;
		if (!storage && !task_state_fallback(map))
			continue;
		if (has_task_storage < 0)
			has_task_storage = has_map_type(BPF_MAP_TYPE_TASK_STORAGE);
		if (has_task_storage && !storage) {
			err = bpf_map__set_max_entries(map, 1);
		} else if (!has_task_storage && storage) {
			err = fit_task_storage_map(map);
			run_set_rodata_var(obj, "no_task_storage", &missing, sizeof(missing));
		}
		if (err)
			return err;
	}
	return 0;
}

/* Root, or CAP_BPF with CAP_PERFMON (Linux 5.8+), or CAP_SYS_ADMIN before them. */
static bool privileged(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[2] = { 0 };
	__u64 effective;

	if (geteuid() == 0)
		return true;
	if (syscall(SYS_capget, &head, caps))
		return false;
	effective = (__u64)caps[1].effective << 32 | caps[0].effective;
	return (effective & (1ULL << CAP_SYS_ADMIN)) ||
	       ((effective & (1ULL << CAP_BPF)) && (effective & (1ULL << CAP_PERFMON)));
}

static void explain_load_error(struct run *r, int err)
{
	char why[512];

	if (load_failure(sb_str(&lib_log.text), why, sizeof(why)))
		run_fail(r, "%s", why);
	else if (err == -EPERM)
		run_fail(r, "the kernel refused to load BPF programs: %s (lockdown?)",
			 strerror(-err));
	else
		run_fail(r, "cannot load BPF programs: %s; run with -v for libbpf's log",
			 strerror(-err));
}

static int load(struct run *r, struct bpf_object *obj)
{
	int err;

	sb_reset(&lib_log.text);
	lib_log.keep = true;
	err = bpf_object__load(obj);
	lib_log.keep = false;
	if (err)
		explain_load_error(r, err);
	sb_free(&lib_log.text);
	return err;
}

int run_add_link(struct run *r, struct bpf_link *link)
{
	struct bpf_link **links = realloc(r->links, (r->nlinks + 1) * sizeof(*links));

	if (!links) {
		bpf_link__destroy(link);
		errno = ENOMEM;
		return -1;
	}
	r->links = links;
	r->links[r->nlinks++] = link;
	return 0;
}

/* One program, by the tool's own attach() where it has one, else by its section. */
static int attach_one(struct run *r, struct bpf_program *prog)
{
	const char *section = bpf_program__section_name(prog);
	struct bpf_link *link;
	int ret = r->tool->attach ? r->tool->attach(r, prog, r->ctx) : ATTACH_DEFAULT;

	if (ret != ATTACH_DEFAULT)
		return ret ? -1 : 0;
	if (!strncmp(section, "kretprobe/", 10) && section[10]) /* room for many calls */
		link = kretprobe_attach(prog, section + 10);
	else
		link = bpf_program__attach(prog);
	if (!link || run_add_link(r, link)) {
		run_fail(r, "cannot attach %s: %s", bpf_program__section_name(prog),
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * A loaded program at another tracepoint of its probe table's
 * ("prog@category/name"), or at the function it names ("prog@function").
 */
static int attach_at(struct bpf_program *prog, const char *target, void *arg)
{
	struct run *r = arg;
	struct bpf_link *link = probe_attach_at(prog, target);

	if (!link || run_add_link(r, link)) {
		run_fail(r, "cannot attach %s at %s/%s: %s", bpf_program__name(prog),
			 probe_needs_function(prog) ? bpf_program__section_name(prog)
						    : "tracepoint",
			 target, strerror(errno));
		return -1;
	}
	return 0;
}

/* Whether the probe table names prog at a function ("prog@function"): it attaches it there. */
struct table_names {
	const struct bpf_program *prog;
	bool named;
};

static int names_prog(struct bpf_program *prog, const char *target, void *arg)
{
	struct table_names *t = arg;

	(void)target;
	t->named |= prog == t->prog;
	return 0;
}

static bool attached_by_table(const struct run *r, struct bpf_object *obj,
			      const struct probe *probes, const struct bpf_program *prog)
{
	struct table_names t = { prog, false };

	if (probes && probe_needs_function(prog))
		probes_each_target(obj, probes, &r->given, names_prog, &t);
	return t.named;
}

static int attach_all(struct run *r, struct bpf_object *obj, const struct probe *probes)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj)
	{
		/*
		 * one the table names at a function is attached there, below; a
		 * bare kprobe the tool's attach() serves (stackcount's) is not
		 */
		if (bpf_program__autoload(prog) && !attached_by_table(r, obj, probes, prog) &&
		    attach_one(r, prog))
			return -1;
	}
	return probes ? probes_each_target(obj, probes, &r->given, attach_at, r) : 0;
}

static int apply_cgroup_filter(struct run *r, struct bpf_object *obj)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "cgroup_filter");
	__u32 zero = 0;

	if (r->cgroup_fd < 0)
		return 0;
	if (!map || bpf_map_update_elem(bpf_map__fd(map), &zero, &r->cgroup_fd, BPF_ANY)) {
		run_fail(r, "cannot set the cgroup filter: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * SONDE_ATTACH_REPORT=FILE: once attached, one JSON line saying what was,
 * for the tests and the kernel matrix (stable, unlike -v's prose).
 */
/* The kind of attach.h, or for the others the section's own ("perf_event", "uprobe"). */
static const char *attach_kind_name(const struct bpf_program *prog, char *buf, size_t len)
{
	const char *sec = bpf_program__section_name(prog);

	if (probe_kind_of(prog) != PROBE_OTHER)
		return probe_kind_name(probe_kind_of(prog));
	snprintf(buf, len, "%.*s", (int)strcspn(sec, "/"), sec);
	return buf;
}

/* One program's entry in the attach report, at its section or at `target`. */
static void report_entry(struct strbuf *sb, const struct bpf_program *prog, const char *target)
{
	char kind[32];

	sb_printf(sb, "%s{\"program\":\"%s\",\"section\":\"",
		  sb->buf[sb->len - 1] == '[' ? "" : ",", bpf_program__name(prog));
	if (!target)
		sb_puts(sb, bpf_program__section_name(prog));
	else if (probe_needs_function(prog)) /* "kretprobe/ext4_sync_file" */
		sb_printf(sb, "%s/%s", bpf_program__section_name(prog), target);
	else
		sb_printf(sb, "tracepoint/%s", target);
	sb_printf(sb, "\",\"kind\":\"%s\"}", attach_kind_name(prog, kind, sizeof(kind)));
}

/* The report's entry of a program at another tracepoint, or at its function. */
static int report_target(struct bpf_program *prog, const char *target, void *arg)
{
	report_entry(arg, prog, target);
	return 0;
}

static void report_attached(const struct run *r, struct bpf_object *obj, const struct probe *probes)
{
	const char *path = getenv("SONDE_ATTACH_REPORT");
	struct strbuf sb = { 0 };
	struct bpf_program *prog;
	int fd;

	if (!path || !*path)
		return;
	sb_printf(&sb, "{\"tool\":\"%s\",\"attached\":[", r->tool->name);
	bpf_object__for_each_program(prog, obj)
	{
		if (bpf_program__autoload(prog) && !attached_by_table(r, obj, probes, prog))
			report_entry(&sb, prog, NULL);
	}
	if (probes) /* after a program: a way's other tracepoints follow its plain listing */
		probes_each_target(obj, probes, &r->given, report_target, &sb);
	sb_puts(&sb, "]}\n");
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, sb.buf, sb.len) != (ssize_t)sb.len)
		run_warn(r, "cannot write the attach report %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	sb_free(&sb);
}

int run_choose(struct run *r, struct bpf_object *obj, const struct probe *probes)
{
	char why[512];

	if (!privileged()) {
		run_fail(r, "permission denied: run as root (needs CAP_BPF and CAP_PERFMON)");
		return -1;
	}
	if (probes &&
	    probes_choose(obj, probes, &r->given, r->verbose, r->tool->name, why, sizeof(why))) {
		run_fail(r, "cannot attach: %s", why);
		return -1;
	}
	return 0;
}

int run_start(struct run *r, struct bpf_object *obj, const struct probe *probes)
{
	int err;

	if (run_fit_kernel(obj)) {
		run_fail(r, "cannot fit the task storage maps to this kernel: %s", strerror(errno));
		return -1;
	}
	err = r->interval ? 0 : summary_fit_once(obj);
	if (err) {
		run_fail(r, "cannot size the summary maps for one report: %s", strerror(-err));
		return -1;
	}
	err = map_alloc_as_used(obj);
	if (err) {
		run_fail(r, "cannot make the hash maps allocate as used: %s", strerror(-err));
		return -1;
	}
	if (load(r, obj))
		return -1;
	map_alloc_prime(obj);
	r->obj = obj;
	if (apply_cgroup_filter(r, obj) || attach_all(r, obj, probes))
		return -1;
	if (r->verbose)
		run_warn(r, "ready: %d attachments", r->nlinks);
	report_attached(r, obj, probes);
	return 0;
}

static void *destroy_link(void *link)
{
	bpf_link__destroy(link);
	return NULL;
}

/*
 * Detaching a tracepoint waits for the kernel to be done with its probe
 * (tracepoint_synchronize_unregister(): RCU grace periods, tens of ms
 * each on this VM), one link after another: mountsnoop's 24 links took
 * 1.5 s to let go of, a wait at every Ctrl-C. In threads of their own the
 * waits overlap where the kernel lets them: 0.8 s.
 */
static void destroy_links(struct bpf_link **links, int n)
{
	pthread_t threads[n > 0 ? n : 1];
	bool started[n > 0 ? n : 1];
	int i;

	for (i = 0; i < n; i++)
		started[i] = n > 1 && !pthread_create(&threads[i], NULL, destroy_link, links[i]);
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			bpf_link__destroy(links[i]);
	}
}

void run_stop(struct run *r)
{
	destroy_links(r->links, r->nlinks);
	kretprobe_cleanup();
	free(r->links);
	r->links = NULL;
	r->nlinks = 0;
	if (r->cgroup_fd >= 0)
		close(r->cgroup_fd);
	r->cgroup_fd = -1;
	if (r->kernel_types_fd >= 0)
		close(r->kernel_types_fd);
	r->kernel_types_fd = -1;
	output_flush();
}
