// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Every tool's BPF object, relocated by libbpf twice on this kernel: once
 * against the whole kernel BTF (libbpf's own way) and once against the few
 * types common/kernel_btf.c cuts for it. The instructions must come out the
 * same, program by program: what makes the cut safe on each kernel the
 * matrix runs (the offsets differ between 6.1 and 6.18; the agreement must
 * not).
 *
 * On the host a tool cuts without the kernel types only a PID namespace
 * needs (bpf/pidns.bpf.h): every tool must still load so, and one that reads
 * no other kernel types must not read the kernel's at all.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>

#include "attach.h"
#include "kernel_btf.h"
#include "kernel_support.h"
#include "namespaces.h"
#include "run.h"

/* Tools whose objects read kernel types, at least: the test must not pass on an empty glob. */
#define MIN_OBJECTS_WITH_RELOCATIONS 5
/* A cut is a few dozen types; thousands would mean it kept far more than it needs. */
#define MAX_KEPT_TYPES 200

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	cr_assert(f, "cannot open %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n);
	cr_assert(buf && fread(buf, 1, n, f) == (size_t)n, "cannot read %s", path);
	fclose(f);
	*size = n;
	return buf;
}

/*
 * The helpers the tools' probe tables say a program needs (NEED_HELPER):
 * where the kernel lacks one, no tool would choose the programs calling it.
 */
static const int needed_helpers[] = { BPF_FUNC_task_pt_regs };

static bool calls_missing_helper(const struct bpf_program *prog)
{
	const struct bpf_insn *insn = bpf_program__insns(prog);
	size_t i, k, n = bpf_program__insn_cnt(prog);

	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(needed_helpers) / sizeof(needed_helpers[0]); k++)
			if (insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
			    insn[i].imm == needed_helpers[k] &&
			    !has_helper(bpf_program__type(prog), needed_helpers[k]))
				return true;
	return false;
}

/* What a tool could choose on this kernel: its hook exists, and it needs no missing helper. */
static bool runnable(const struct bpf_program *prog)
{
	return probe_supported(prog) && !calls_missing_helper(prog);
}

/* Load what this kernel can run (as a tool would choose from), the same in both objects. */
static void load_runnable(struct bpf_object *whole, struct bpf_object *cut, const char *name)
{
	struct bpf_program *p, *q;
	int loaded = 0;

	bpf_object__for_each_program(p, whole)
	{
		q = bpf_object__find_program_by_name(cut, bpf_program__name(p));
		cr_assert(q);
		bpf_program__set_autoload(p, runnable(p));
		bpf_program__set_autoload(q, bpf_program__autoload(p));
		loaded += bpf_program__autoload(p);
	}
	cr_assert_gt(loaded, 0, "%s: nothing this kernel can run", name);
	cr_assert_eq(run_fit_kernel(whole), 0);
	cr_assert_eq(run_fit_kernel(cut), 0);
	cr_assert_eq(bpf_object__load(whole), 0, "%s: load with the whole kernel BTF", name);
	cr_assert_eq(bpf_object__load(cut), 0, "%s: load with the cut kernel BTF", name);
}

static bool is_map_reference(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_VALUE);
}

/* Same instructions, except the map fds ldimm64 carries (two objects, two sets of maps). */
static void assert_same_instructions(struct bpf_object *whole, struct bpf_object *cut,
				     const char *name)
{
	const struct bpf_insn *a, *b;
	struct bpf_program *p, *q;
	size_t i, n;

	bpf_object__for_each_program(p, whole)
	{
		if (!bpf_program__autoload(p))
			continue;
		q = bpf_object__find_program_by_name(cut, bpf_program__name(p));
		n = bpf_program__insn_cnt(p);
		cr_assert_eq(bpf_program__insn_cnt(q), n, "%s/%s: instruction count", name,
			     bpf_program__name(p));
		a = bpf_program__insns(p);
		b = bpf_program__insns(q);
		for (i = 0; i < n; i++) {
			bool same = a[i].code == b[i].code && a[i].dst_reg == b[i].dst_reg &&
				    a[i].src_reg == b[i].src_reg && a[i].off == b[i].off &&
				    (a[i].imm == b[i].imm || is_map_reference(&a[i]));

			cr_assert(same, "%s/%s: instruction %zu differs (imm %d vs %d)", name,
				  bpf_program__name(p), i, a[i].imm, b[i].imm);
		}
	}
}

/* The object opened against the cut written to fd. */
static struct bpf_object *open_with_cut(const void *elf, size_t size, int fd)
{
	char custom[32];

	snprintf(custom, sizeof(custom), "/proc/self/fd/%d", fd);
	return bpf_object__open_mem(
		elf, size,
		&(struct bpf_object_open_opts){ .sz = sizeof(struct bpf_object_open_opts),
						.btf_custom_path = custom });
}

/* 1 if the object reads kernel types (and was checked), 0 if it does not. */
static int check_object(const char *path, struct bpf_object **keep)
{
	struct kernel_btf_cut kc;
	struct btf_wants w;
	size_t size;
	void *elf = read_file(path, &size);
	int fd, err = btf_wants_from_object(&w, elf, size);
	struct bpf_object *whole, *cut;

	cr_assert_eq(err, 0, "%s: reading its relocations: %s", path, strerror(-err));
	if (!w.n) {
		btf_wants_free(&w);
		free(elf);
		return 0;
	}
	fd = kernel_btf_cut_memfd(&w, &kc);
	cr_assert_geq(fd, 0, "%s: cutting kernel types: %s", path, strerror(-fd));
	cr_assert(kc.kept_types > 0 && kc.kept_types <= MAX_KEPT_TYPES,
		  "%s: kept %u of %u kernel types", path, kc.kept_types, kc.kernel_types);
	whole = bpf_object__open_mem(elf, size, NULL);
	cut = open_with_cut(elf, size, fd);
	cr_assert(whole && cut, "%s: cannot open", path);
	load_runnable(whole, cut, path);
	assert_same_instructions(whole, cut, path);

	bpf_object__close(cut);
	*keep = whole; /* open until the end: probe_supported() remembers programs by address */
	close(fd);
	btf_wants_free(&w);
	free(elf);
	return 1;
}

Test(kernel_btf, cut_relocates_every_tool_as_the_whole_does)
{
	struct bpf_object *keep[64] = { 0 };
	const char *dir = getenv("SONDE_TOOL_BPF");
	char pattern[512];
	glob_t objs;
	size_t i, checked = 0;

	cr_assert(dir && *dir, "SONDE_TOOL_BPF is not set: run the tool tests through make check");
	snprintf(pattern, sizeof(pattern), "%s/*.bpf.o", dir);
	cr_assert_eq(glob(pattern, 0, NULL, &objs), 0, "no BPF objects in %s", dir);
	cr_assert_leq(objs.gl_pathc, sizeof(keep) / sizeof(keep[0]));
	for (i = 0; i < objs.gl_pathc; i++)
		checked += check_object(objs.gl_pathv[i], &keep[i]);
	cr_assert_geq(checked, MIN_OBJECTS_WITH_RELOCATIONS, "only %zu objects read kernel types",
		      checked);
	for (i = 0; i < objs.gl_pathc; i++)
		bpf_object__close(keep[i]);
	globfree(&objs);
}

/* Tools that read no kernel types outside a PID namespace: their host cut is empty. */
static const char *const no_kernel_types_on_host[] = { "futexctn", "statsnoop", "syncsnoop",
						       "syscount" };

static bool reads_none_on_host(const char *path)
{
	size_t i;
	char name[64];

	for (i = 0; i < sizeof(no_kernel_types_on_host) / sizeof(no_kernel_types_on_host[0]); i++) {
		snprintf(name, sizeof(name), "/%s.bpf.o", no_kernel_types_on_host[i]);
		if (strlen(path) > strlen(name) &&
		    !strcmp(path + strlen(path) - strlen(name), name))
			return true;
	}
	return false;
}

/*
 * Cut as a tool on the host does, and load what this kernel can run
 * (.rodata: the host's); the object stays open, as in check_object().
 */
static struct bpf_object *load_host_cut(const char *path)
{
	struct kernel_btf_cut kc;
	struct bpf_object *obj;
	struct bpf_program *p;
	struct btf_wants w;
	size_t size;
	void *elf = read_file(path, &size);
	int fd;

	cr_assert_eq(btf_wants_from_object(&w, elf, size), 0, "%s", path);
	btf_wants_drop_flavor(&w, PIDNS_TYPE_FLAVOR);
	fd = kernel_btf_cut_memfd(&w, &kc);
	cr_assert_geq(fd, 0, "%s: cutting kernel types: %s", path, strerror(-fd));
	if (reads_none_on_host(path))
		cr_assert_eq(kc.kept_types, 0, "%s: %u kernel types on the host", path,
			     kc.kept_types);
	obj = open_with_cut(elf, size, fd);
	cr_assert(obj, "%s: cannot open", path);
	bpf_object__for_each_program(p, obj)
	{
		bpf_program__set_autoload(p, runnable(p));
	}
	cr_assert_eq(run_fit_kernel(obj), 0);
	cr_assert_eq(bpf_object__load(obj), 0, "%s: load with the host's cut", path);
	close(fd);
	btf_wants_free(&w);
	free(elf);
	return obj;
}

Test(kernel_btf, host_cut_without_namespace_types_loads_every_tool)
{
	struct bpf_object *keep[64] = { 0 };
	const char *dir = getenv("SONDE_TOOL_BPF");
	char pattern[512];
	glob_t objs;
	size_t i;

	cr_assert(dir && *dir, "SONDE_TOOL_BPF is not set: run the tool tests through make check");
	snprintf(pattern, sizeof(pattern), "%s/*.bpf.o", dir);
	cr_assert_eq(glob(pattern, 0, NULL, &objs), 0, "no BPF objects in %s", dir);
	cr_assert_leq(objs.gl_pathc, sizeof(keep) / sizeof(keep[0]));
	for (i = 0; i < objs.gl_pathc; i++)
		keep[i] = load_host_cut(objs.gl_pathv[i]);
	for (i = 0; i < objs.gl_pathc; i++)
		bpf_object__close(keep[i]);
	globfree(&objs);
}
