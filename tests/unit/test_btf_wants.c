// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf_wants.h: what an object's CO-RE relocations want, read from a BPF ELF
 * object built here byte by byte (a .BTF made with libbpf, a .BTF.ext laid
 * out as LLVM writes it), so that the unit tests need no BPF compiler.
 */
#include "unit.h"

#include <errno.h>
#include <elf.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "btf_wants.h"

/* The object's own types, and the access strings its relocations name. */
struct local {
	struct btf *btf;
	int task;	      /* struct task_struct___old { int pid; char comm[16]; } */
	__u32 pid, comm;      /* "0:0" and "0:1:3": task->pid, task->comm[3] */
	__u32 whole, section; /* "0", and the program section's name */
	int loop;	      /* typedef loop_a, a typedef of loop_b, a typedef of loop_a */
};

static struct local local_types(void)
{
	struct local l = { .btf = btf__new_empty() };
	int i_int, i_char, i_comm;

	cr_assert(l.btf);
	i_int = btf__add_int(l.btf, "int", 4, BTF_INT_SIGNED);
	i_char = btf__add_int(l.btf, "char", 1, BTF_INT_CHAR);
	i_comm = btf__add_array(l.btf, i_int, i_char, 16);
	l.task = btf__add_struct(l.btf, "task_struct___old", 20);
	btf__add_field(l.btf, "pid", i_int, 0, 0);
	btf__add_field(l.btf, "comm", i_comm, 32, 0);
	l.loop = btf__add_typedef(l.btf, "loop_a", l.task + 2); /* loop_b, next */
	cr_assert_eq(btf__add_typedef(l.btf, "loop_b", l.loop), l.task + 2);
	l.pid = btf__add_str(l.btf, "0:0");
	l.comm = btf__add_str(l.btf, "0:1:3");
	l.whole = btf__add_str(l.btf, "0");
	l.section = btf__add_str(l.btf, "tp/sched/sched_process_exec");
	return l;
}

/* The .BTF.ext LLVM writes: a header, then core_relo: rec_size, a section, its records. */
struct ext {
	struct {
		__u16 magic;
		__u8 version, flags;
		__u32 hdr_len, func_info_off, func_info_len, line_info_off, line_info_len;
		__u32 core_relo_off, core_relo_len;
	} hdr;
	__u32 rec_size;
	__u32 sec_name_off, num_info;
	struct bpf_core_relo relos[3];
};

static struct ext ext_of(const struct local *l)
{
	struct ext x = {
		.hdr = { .magic = 0xeb9f, .version = 1, .hdr_len = sizeof(x.hdr) },
		.rec_size = sizeof(struct bpf_core_relo),
		.sec_name_off = l->section,
		.num_info = 3,
		.relos = {
			{ 0, l->task, l->pid, BPF_CORE_FIELD_BYTE_OFFSET },
			{ 8, l->task, l->comm, BPF_CORE_FIELD_BYTE_OFFSET },
			{ 16, l->task, l->whole, BPF_CORE_TYPE_SIZE },
		},
	};

	x.hdr.core_relo_len = sizeof(x) - sizeof(x.hdr);
	return x;
}

/* An ELF object of three sections (.shstrtab, .BTF, .BTF.ext) at elf + `shift`. */
struct object {
	char *mem;
	char *elf; /* mem + shift */
	size_t size;
};

static const char shstrtab[] = "\0.shstrtab\0.BTF\0.BTF.ext";

static void add_section(char *elf, size_t *at, int i, __u32 name, const void *p, size_t n)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;
	Elf64_Shdr *sh = (Elf64_Shdr *)(elf + eh->e_shoff) + i;

	memcpy(elf + *at, p, n);
	*sh = (Elf64_Shdr){ .sh_name = name,
			    .sh_type = i == 1 ? SHT_STRTAB : SHT_PROGBITS,
			    .sh_offset = *at,
			    .sh_size = n,
			    .sh_addralign = 1 };
	*at += n;
}

/* The object with .BTF.ext ext[0..ext_size), at mem + shift. */
static struct object object_of(const struct local *l, const void *x, size_t ext_size, size_t shift)
{
	__u32 btf_size;
	const void *btf = btf__raw_data(l->btf, &btf_size);
	size_t at = sizeof(Elf64_Ehdr) + 4 * sizeof(Elf64_Shdr), cap = 4096 + btf_size + ext_size;
	char *elf = calloc(1, cap); /* laid out here, aligned; then copied to mem + shift */
	Elf64_Ehdr *eh = (Elf64_Ehdr *)elf;
	struct object o;

	cr_assert(elf);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shoff = sizeof(*eh);
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = 4;
	eh->e_shstrndx = 1;
	add_section(elf, &at, 1, 1, shstrtab, sizeof(shstrtab));
	add_section(elf, &at, 2, 11, btf, btf_size);
	at = (at + 3) & ~3UL; /* as LLVM aligns it: off a boundary only by where the object lies */
	add_section(elf, &at, 3, 16, x, ext_size);
	o.size = at;
	o.mem = calloc(1, o.size + shift);
	cr_assert(o.mem);
	o.elf = o.mem + shift;
	memcpy(o.elf, elf, o.size);
	free(elf);
	return o;
}

static void read_wants(struct btf_wants *w, size_t shift)
{
	struct local l = local_types();
	struct ext x = ext_of(&l);
	struct object o = object_of(&l, &x, sizeof(x), shift);

	cr_assert_eq(btf_wants_from_object(w, o.elf, o.size), 0);
	free(o.mem);
	btf__free(l.btf);
}

static void assert_task_wants(const struct btf_wants *w)
{
	cr_assert_eq(w->n, 3);
	cr_assert_eq(w->v[0].kind, WANT_FIELD);
	cr_assert_eq(w->v[0].root_kind, BTF_KIND_STRUCT);
	cr_assert_eq(w->v[0].root_len, strlen("task_struct"), "the flavor is not part of it");
	cr_assert_eq(strncmp(w->v[0].root, "task_struct", w->v[0].root_len), 0);
	cr_assert_eq(w->v[0].nsteps, 1);
	cr_assert_str_eq(w->v[0].steps[0], "pid");
	cr_assert_eq(w->v[1].nsteps, 2);
	cr_assert_str_eq(w->v[1].steps[0], "comm");
	cr_assert_null(w->v[1].steps[1], "an array element");
	cr_assert_eq(w->v[2].kind, WANT_TYPE);
	cr_assert_eq(w->v[2].nsteps, 0);
}

Test(btf_wants, reads_each_relocation_s_root_and_path)
{
	struct btf_wants w;

	read_wants(&w, 0);
	assert_task_wants(&w);
	btf_wants_free(&w);
}

/*
 * A skeleton embeds its object as a string literal, which may lie at any
 * address; its .BTF.ext tables of 4-byte words are read all the same
 * (they were read in place: misaligned loads, reported under UBSan).
 */
Test(btf_wants, reads_an_object_at_an_odd_address)
{
	struct btf_wants w;

	read_wants(&w, 1);
	assert_task_wants(&w);
	btf_wants_free(&w);
}

/*
 * libbpf refuses .BTF.ext tables that do not start on a 4-byte boundary, or
 * whose records are not a whole number of words: so does this, rather
 * than read them misaligned.
 */
Test(btf_wants, tables_off_a_4_byte_boundary_are_refused)
{
	struct local l = local_types();
	struct ext x = ext_of(&l);
	char odd[sizeof(x) + 1] = { 0 };
	struct btf_wants w;
	struct object o;

	x.hdr.hdr_len++; /* one byte of padding after the header */
	memcpy(odd, &x, sizeof(x.hdr));
	memcpy(odd + x.hdr.hdr_len, (char *)&x + sizeof(x.hdr), sizeof(x) - sizeof(x.hdr));
	o = object_of(&l, odd, sizeof(odd), 0);
	cr_assert_eq(btf_wants_from_object(&w, o.elf, o.size), -EINVAL);
	btf_wants_free(&w);
	free(o.mem);

	/* records of 18 bytes: each relocation and two bytes of padding */
	x = ext_of(&l);
	memset(odd, 0, sizeof(odd));
	x.rec_size = sizeof(struct bpf_core_relo) + 2;
	x.num_info = 2;
	x.hdr.core_relo_len = 4 + 8 + 2 * x.rec_size;
	memcpy(odd, &x, offsetof(struct ext, relos));
	memcpy(odd + offsetof(struct ext, relos), &x.relos[0], sizeof(x.relos[0]));
	memcpy(odd + offsetof(struct ext, relos) + x.rec_size, &x.relos[1], sizeof(x.relos[1]));
	o = object_of(&l, odd, sizeof(odd), 0);
	cr_assert_eq(btf_wants_from_object(&w, o.elf, o.size), -EINVAL);
	btf_wants_free(&w);
	free(o.mem);
	btf__free(l.btf);
}

/* Local types that refer to themselves: refused, not walked for ever. */
Test(btf_wants, a_typedef_loop_is_refused, .timeout = 10)
{
	struct local l = local_types();
	struct ext x = ext_of(&l);
	struct btf_wants w;
	struct object o;

	x.relos[0].type_id = l.loop; /* loop_a's first member */
	o = object_of(&l, &x, sizeof(x), 0);
	cr_assert_eq(btf_wants_from_object(&w, o.elf, o.size), -EINVAL);
	btf_wants_free(&w);
	free(o.mem);
	btf__free(l.btf);
}
