// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ksyms.c on kallsyms text as kernels write it: the kernel's functions,
 * a module's, a BPF program's, aliases, data symbols (skipped), addresses
 * hidden by kptr_restrict; and on this machine's own /proc/kallsyms, whose
 * every function must be found again at its own address.
 */
#include <errno.h>

#include "unit.h"
#include "ksyms.h"

static const char text[] = "ffffffff81000000 T _stext\n"
			   "ffffffff81000000 T startup_64\n"
			   "ffffffff81001000 t do_one_initcall\n"
			   "ffffffff82400000 D jiffies\n"
			   "ffffffff81002000 W arch_cpu_idle\n"
			   "ffffffffc0a01000 t ext4_fill_super\t[ext4]\n"
			   "ffffffffc0a02000 t ext4_sync_fs\t[ext4]\n"
			   "ffffffffc0205a1c t bpf_prog_6deef7357e7b4530_exit_tp\t[bpf]\n"
			   "not a line\n"
			   "ffffffff81003000 t\n"
			   "ffffffff81004000 T last_one";

static struct ksyms parsed(void)
{
	struct ksyms k;

	cr_assert_eq(ksyms_parse(&k, text, strlen(text)), 0);
	return k;
}

static void assert_at(const struct ksyms *k, __u64 addr, const char *name, const char *module,
		      __u64 offset)
{
	struct ksym_match m;

	cr_assert(ksyms_find(k, addr, &m), "%llx: nothing", (unsigned long long)addr);
	cr_assert_str_eq(m.name, name, "%llx", (unsigned long long)addr);
	if (module)
		cr_assert(m.module && !strcmp(m.module, module), "%s: module %s", name,
			  m.module ? m.module : "(none)");
	else
		cr_assert_null(m.module, "%s: module %s", name, m.module);
	cr_assert_eq(m.offset, offset, "%s: offset %llu", name, (unsigned long long)m.offset);
}

Test(ksyms, kernel_functions_with_offsets)
{
	struct ksyms k = parsed();

	assert_at(&k, 0xffffffff81001000, "do_one_initcall", NULL, 0);
	assert_at(&k, 0xffffffff81001abc, "do_one_initcall", NULL, 0xabc);
	assert_at(&k, 0xffffffff81002010, "arch_cpu_idle", NULL, 0x10);
	assert_at(&k, 0xffffffff81004001, "last_one", NULL, 1);
	ksyms_free(&k);
}

Test(ksyms, aliases_resolve_to_the_first_listed)
{
	struct ksyms k = parsed();

	assert_at(&k, 0xffffffff81000000, "_stext", NULL, 0);
	assert_at(&k, 0xffffffff81000fff, "_stext", NULL, 0xfff);
	ksyms_free(&k);
}

Test(ksyms, modules_and_bpf_programs_carry_their_module)
{
	struct ksyms k = parsed();

	assert_at(&k, 0xffffffffc0a01008, "ext4_fill_super", "ext4", 8);
	assert_at(&k, 0xffffffffc0a02000, "ext4_sync_fs", "ext4", 0);
	assert_at(&k, 0xffffffffc0205a30, "bpf_prog_6deef7357e7b4530_exit_tp", "bpf", 0x14);
	ksyms_free(&k);
}

Test(ksyms, data_symbols_and_bad_lines_are_skipped)
{
	struct ksyms k = parsed();

	/* jiffies (D) is not a function: the last function before it is last_one */
	assert_at(&k, 0xffffffff82400000, "last_one", NULL,
		  0xffffffff82400000 - 0xffffffff81004000);
	cr_assert_eq(k.syms.n, 8, "%zu symbols kept", k.syms.n);
	ksyms_free(&k);
}

/* A function by its name (klockstat's text bounds): its address; data symbols are not kept. */
Test(ksyms, addresses_by_name)
{
	struct ksyms k = parsed();
	__u64 addr = 0;

	cr_assert(ksyms_addr(&k, "do_one_initcall", &addr));
	cr_assert_eq(addr, 0xffffffff81001000ULL);
	cr_assert(ksyms_addr(&k, "ext4_sync_fs", &addr));
	cr_assert_eq(addr, 0xffffffffc0a02000ULL);
	cr_assert_not(ksyms_addr(&k, "jiffies", &addr));
	cr_assert_not(ksyms_addr(&k, "do_one", &addr));
	ksyms_free(&k);
}

Test(ksyms, before_the_first_function_is_nothing)
{
	struct ksyms k = parsed();
	struct ksym_match m;

	cr_assert_not(ksyms_find(&k, 0xffffffff80ffffff, &m));
	cr_assert_not(ksyms_find(&k, 0, &m));
	ksyms_free(&k);
}

Test(ksyms, hidden_addresses_and_no_functions_are_errors)
{
	static const char hidden[] = "0000000000000000 T _stext\n0000000000000000 t foo [m]\n";
	static const char data_only[] = "ffffffff82400000 D jiffies\n";
	struct ksyms k;

	cr_assert_eq(ksyms_parse(&k, hidden, strlen(hidden)), -EPERM);
	cr_assert_eq(ksyms_parse(&k, data_only, strlen(data_only)), -ENOENT);
	cr_assert_eq(ksyms_parse(&k, "", 0), -ENOENT);
}

/* The functions of this machine's /proc/kallsyms, read the simple way: the oracle. */
struct oracle_sym {
	unsigned long long addr;
	char name[128];
};

static int oracle_cmp(const void *a, const void *b)
{
	const struct oracle_sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static struct oracle_sym *oracle_read(size_t *n)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	struct oracle_sym *v = NULL;
	size_t cap = 0;
	char line[512], type;

	cr_assert(f);
	*n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (*n == cap)
			v = realloc(v, (cap = cap * 2 + 4096) * sizeof(*v));
		if (sscanf(line, "%llx %c %127s", &v[*n].addr, &type, v[*n].name) == 3 &&
		    strchr("tTwW", type))
			(*n)++;
	}
	fclose(f);
	qsort(v, *n, sizeof(*v), oracle_cmp);
	return v;
}

/*
 * ksyms_load() and the oracle, read while /proc/kallsyms held still: BPF
 * programs loaded or unloaded meanwhile (other tests, other tracers) come
 * and go from it. Read again until the oracle's count is the same before
 * and after the load. 0 or ksyms_load()'s error.
 */
static int steady_reading(struct ksyms *k, struct oracle_sym **o, size_t *n)
{
	size_t before;
	int tries, err = 0;

	for (tries = 0; tries < 20; tries++) {
		free(oracle_read(&before));
		err = ksyms_load(k);
		if (err)
			return err;
		*o = oracle_read(n);
		if (*n == before)
			return 0;
		free(*o);
		ksyms_free(k);
	}
	cr_assert_fail("/proc/kallsyms changed under 20 readings in a row");
	return -EAGAIN;
}

/* Every 97th function with an address of its own is found by name, at offset 0 and 1. */
Test(ksyms, this_kernel_agrees_with_a_plain_reading)
{
	struct oracle_sym *o = NULL;
	struct ksym_match m;
	struct ksyms k;
	size_t n = 0, i, checked = 0;
	int err = steady_reading(&k, &o, &n);

	if (err == -EPERM)
		cr_skip_test("kernel addresses are hidden here (kptr_restrict, or not root)");
	cr_assert_eq(err, 0, "ksyms_load: %s", strerror(-err));
	cr_assert_eq(k.syms.n, n);
	for (i = 1; i + 1 < n; i += 97) {
		if (o[i].addr == o[i - 1].addr || o[i].addr + 1 >= o[i + 1].addr)
			continue; /* an alias, or no room for offset 1 */
		cr_assert(ksyms_find(&k, o[i].addr, &m));
		cr_assert_str_eq(m.name, o[i].name);
		cr_assert_eq(m.offset, 0);
		cr_assert(ksyms_find(&k, o[i].addr + 1, &m));
		cr_assert_str_eq(m.name, o[i].name);
		cr_assert_eq(m.offset, 1);
		checked++;
	}
	cr_assert_gt(checked, 100, "only %zu functions checked", checked);
	free(o);
	ksyms_free(&k);
}
