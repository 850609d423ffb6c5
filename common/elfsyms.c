// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * One ELF file's function symbols, PT_LOAD segments, GNU build-id and
 * .gnu_debuglink (elfsyms.h), read through libelf and copied out, so that
 * the file is mapped only while it is read: a symbolizer keeps many files'
 * symbols for as long as it runs, and holds none of them open.
 *
 * Nothing in the file is trusted: it may be any process's binary. Broken
 * structure (headers, section table, a symbol table out of bounds) fails
 * the whole read; a broken optional part (a symbol's name, a note, the
 * debuglink) is only left out.
 */
#include <errno.h>
#include <fnmatch.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfsyms.h"
#include "vec.h"

/* A function while the file is open: its name still in the file's string table. */
struct candidate {
	__u64 addr, end;
	const char *name;
	int rank; /* which alias names an address: 0 global, 1 weak, 2 the rest */
};

static __u64 add_saturated(__u64 a, __u64 b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* Shrink a vec to its elements and hand them over (NULL when empty). */
static void *vec_take(struct vec *a, size_t *n)
{
	void *v;

	*n = a->n;
	if (!a->n) {
		free(a->v);
		return NULL;
	}
	v = realloc(a->v, a->n * a->size);
	return v ?: a->v; /* a failed shrink leaves the array as it was */
}

static bool is_function(const GElf_Sym *sym)
{
	int type = GELF_ST_TYPE(sym->st_info);

	/* an undefined symbol is another file's; one at 0 is no code a process runs */
	return (type == STT_FUNC || type == STT_GNU_IFUNC) && sym->st_shndx != SHN_UNDEF &&
	       sym->st_value;
}

/*
 * Where a function ends. A sized one at addr + size; an unsized one (from
 * assembly) at the end of its section, since nothing past it can be that
 * function; and where even the section is unknown, at its first byte.
 */
static __u64 function_end(Elf *e, const GElf_Sym *sym)
{
	Elf_Scn *scn;
	GElf_Shdr sh;

	if (sym->st_size)
		return add_saturated(sym->st_value, sym->st_size);
	if (sym->st_shndx < SHN_LORESERVE && (scn = elf_getscn(e, sym->st_shndx)) &&
	    gelf_getshdr(scn, &sh) && sh.sh_addr <= sym->st_value &&
	    sym->st_value - sh.sh_addr < sh.sh_size)
		return add_saturated(sh.sh_addr, sh.sh_size);
	return add_saturated(sym->st_value, 1);
}

static int binding_rank(const GElf_Sym *sym)
{
	switch (GELF_ST_BIND(sym->st_info)) {
	case STB_GLOBAL:
		return 0;
	case STB_WEAK:
		return 1;
	default:
		return 2;
	}
}

/* The functions of symbol table scn (.symtab or .dynsym), as candidates. */
static int read_functions(Elf *e, Elf_Scn *scn, struct vec *cands)
{
	size_t entsize = gelf_fsize(e, ELF_T_SYM, 1, EV_CURRENT), i, n;
	struct candidate *c;
	const char *name;
	Elf_Data *data;
	GElf_Shdr sh;
	GElf_Sym sym;

	if (!entsize || !gelf_getshdr(scn, &sh) || !(data = elf_getdata(scn, NULL)))
		return -EINVAL;
	if (!data->d_buf)
		return 0; /* NOBITS: a debug file's .dynsym, say */
	n = data->d_size / entsize;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(data, i, &sym) || !is_function(&sym))
			continue;
		name = elf_strptr(e, sh.sh_link, sym.st_name);
		if (!name || !*name)
			continue; /* nothing to call it by */
		c = vec_push(cands);
		if (!c)
			return -ENOMEM;
		*c = (struct candidate){ sym.st_value, function_end(e, &sym), name,
					 binding_rank(&sym) };
	}
	return 0;
}

/* By address; at one address, the alias that names it first. */
static int candidate_cmp(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	return strcmp(x->name, y->name);
}

/*
 * One symbol per address, its name copied into the pool: a lookup then
 * needs no tie-break. The address's extent is its longest alias's. With a
 * pattern, only the aliases it matches count.
 */
static int keep_functions(struct elfsyms *s, struct vec *cands, const char *pattern)
{
	const struct candidate *c = cands->v;
	struct vec syms = { .size = sizeof(struct elfsym) };
	struct elfsym *last = NULL;
	size_t i;

	vec_sort(cands, candidate_cmp);
	for (i = 0; i < cands->n; i++) {
		if (pattern && fnmatch(pattern, c[i].name, 0))
			continue;
		if (last && last->addr == c[i].addr) {
			if (c[i].end > last->end)
				last->end = c[i].end;
			continue;
		}
		if (s->names.len > UINT32_MAX || !(last = vec_push(&syms))) {
			free(syms.v);
			return s->names.len > UINT32_MAX ? -E2BIG : -ENOMEM;
		}
		*last = (struct elfsym){ c[i].addr, c[i].end, (__u32)s->names.len };
		sb_append(&s->names, c[i].name, strlen(c[i].name) + 1);
	}
	s->syms = vec_take(&syms, &s->nsyms);
	return 0;
}

static int read_symbols(Elf *e, Elf_Scn *table, struct elfsyms *s, const char *pattern)
{
	struct vec cands = { .size = sizeof(struct candidate) };
	int err;

	if (!table)
		return 0;
	err = read_functions(e, table, &cands);
	if (!err)
		err = keep_functions(s, &cands, pattern);
	free(cands.v);
	return err;
}

static void set_build_id(struct elfsyms *s, const __u8 *id, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	memcpy(s->build_id, id, len);
	for (i = 0; i < len; i++) {
		s->build_id_hex[2 * i] = digits[id[i] >> 4];
		s->build_id_hex[2 * i + 1] = digits[id[i] & 15];
	}
	s->build_id_hex[2 * len] = '\0';
	s->build_id_len = len;
}

/* The NT_GNU_BUILD_ID note among the notes in data, if there is one. */
static void find_build_id(struct elfsyms *s, Elf_Data *data)
{
	size_t off = 0, next, name, desc;
	const __u8 *p;
	GElf_Nhdr nh;

	if (!data || !data->d_buf)
		return;
	p = data->d_buf;
	/* gelf_getnote() checks that the name and descriptor lie within data */
	while (!s->build_id_len && (next = gelf_getnote(data, off, &nh, &name, &desc))) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == sizeof(ELF_NOTE_GNU) &&
		    !memcmp(p + name, ELF_NOTE_GNU, sizeof(ELF_NOTE_GNU)) && nh.n_descsz &&
		    nh.n_descsz <= ELFSYMS_BUILD_ID_MAX)
			set_build_id(s, p + desc, nh.n_descsz);
		off = next;
	}
}

/*
 * .gnu_debuglink: the debug file's name, its NUL, padding to 4 bytes, then
 * the file's CRC in this file's byte order. A malformed one is left out.
 */
static void read_debuglink(Elf *e, Elf_Scn *scn, struct elfsyms *s)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	const char *ident = elf_getident(e, NULL);
	const __u8 *p, *crc;
	size_t len, at;

	if (!data || !data->d_buf || !ident)
		return;
	p = data->d_buf;
	len = strnlen((const char *)p, data->d_size);
	at = (len + 4) & ~(size_t)3; /* past the NUL, rounded up to 4 */
	if (!len || data->d_size < 4 || at > data->d_size - 4)
		return;
	crc = p + at;
	if (ident[EI_DATA] == ELFDATA2MSB)
		s->debuglink_crc = (__u32)crc[0] << 24 | crc[1] << 16 | crc[2] << 8 | crc[3];
	else
		s->debuglink_crc = (__u32)crc[3] << 24 | crc[2] << 16 | crc[1] << 8 | crc[0];
	s->debuglink = s->names.len;
	sb_append(&s->names, (const char *)p, len);
	sb_putc(&s->names, '\0');
	s->has_debuglink = true;
}

/* The section walk: symbols (.symtab, or else .dynsym), notes, the debuglink. */
static int read_sections(Elf *e, struct elfsyms *s, const char *pattern)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL, *debuglink = NULL;
	const char *name;
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(e, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(e, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return -EINVAL; /* the section table runs past the file */
		if (sh.sh_type == SHT_SYMTAB && !symtab)
			symtab = scn;
		else if (sh.sh_type == SHT_DYNSYM && !dynsym)
			dynsym = scn;
		else if (sh.sh_type == SHT_NOTE)
			find_build_id(s, elf_getdata(scn, NULL));
		else if ((name = elf_strptr(e, shstrndx, sh.sh_name)) &&
			 !strcmp(name, ".gnu_debuglink") && !debuglink)
			debuglink = scn;
	}
	if (debuglink)
		read_debuglink(e, debuglink, s);
	s->dynsym = !symtab && dynsym;
	return read_symbols(e, symtab ?: dynsym, s, pattern);
}

/*
 * The PT_LOAD segments (the offset-to-address map), and the build-id from
 * PT_NOTE where no section had it: a file may have lost its section table.
 */
static int read_segments(Elf *e, struct elfsyms *s)
{
	struct vec loads = { .size = sizeof(struct elfsyms_load) };
	struct elfsyms_load *l;
	GElf_Phdr ph;
	size_t i, n;

	if (elf_getphdrnum(e, &n))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, i, &ph)) {
			free(loads.v);
			return -EINVAL; /* the program headers run past the file */
		}
		if (ph.p_type == PT_NOTE && !s->build_id_len)
			find_build_id(s, elf_getdata_rawchunk(e, ph.p_offset, ph.p_filesz,
							      ph.p_align == 8 ? ELF_T_NHDR8
									      : ELF_T_NHDR));
		if (ph.p_type != PT_LOAD || !ph.p_filesz ||
		    ph.p_offset + ph.p_filesz < ph.p_offset ||
		    ph.p_vaddr + ph.p_filesz < ph.p_vaddr)
			continue; /* no bytes, or more than the file or the address space holds */
		if (!(l = vec_push(&loads))) {
			free(loads.v);
			return -ENOMEM;
		}
		*l = (struct elfsyms_load){ ph.p_offset, ph.p_vaddr, ph.p_filesz };
	}
	s->loads = vec_take(&loads, &s->nloads);
	return 0;
}

/*
 * libelf reads a section table that runs past the end of the file as no
 * table at all, and cuts a program header table short: a truncated file
 * would pass for one without symbols. Both tables must lie in the file.
 */
static bool tables_fit(Elf *e, const GElf_Ehdr *eh)
{
	size_t shnum = eh->e_shnum ?: 1, phnum = eh->e_phnum == PN_XNUM ? 1 : eh->e_phnum, size;

	if (!elf_rawfile(e, &size))
		return false;
	if (eh->e_shoff && (eh->e_shoff > size || size - eh->e_shoff < shnum * eh->e_shentsize))
		return false;
	return !eh->e_phoff ||
	       (eh->e_phoff <= size && size - eh->e_phoff >= phnum * eh->e_phentsize);
}

static int open_elf(struct elfsyms *s, int fd, const char *pattern)
{
	char magic[SELFMAG];
	ssize_t got;
	GElf_Ehdr eh;
	Elf *e;
	int err;

	memset(s, 0, sizeof(*s));
	got = pread(fd, magic, SELFMAG, 0);
	if (got < 0)
		return -errno;
	if (got != SELFMAG || memcmp(magic, ELFMAG, SELFMAG))
		return -ENOEXEC;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e)
		return -EINVAL; /* ELF by its magic, but libelf would not read it */
	if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) || !tables_fit(e, &eh))
		err = -EINVAL;
	else if (!(err = read_sections(e, s, pattern)))
		err = read_segments(e, s);
	elf_end(e);
	if (err)
		elfsyms_free(s);
	return err;
}

int elfsyms_open(struct elfsyms *s, int fd)
{
	return open_elf(s, fd, NULL);
}

int elfsyms_open_matching(struct elfsyms *s, int fd, const char *pattern)
{
	return open_elf(s, fd, pattern);
}

void elfsyms_free(struct elfsyms *s)
{
	free(s->syms);
	free(s->loads);
	sb_free(&s->names);
	memset(s, 0, sizeof(*s));
}

const char *elfsyms_lookup(const struct elfsyms *s, __u64 vaddr, __u64 *offset)
{
	size_t lo = sorted_at_or_below(s->syms, s->nsyms, sizeof(*s->syms),
				       offsetof(struct elfsym, addr), vaddr);
	const struct elfsym *sym;

	if (!lo)
		return NULL;
	sym = &s->syms[lo - 1];
	if (vaddr >= sym->end)
		return NULL; /* past its end, in a gap between functions */
	if (offset)
		*offset = vaddr - sym->addr;
	return s->names.buf + sym->name;
}

int elfsyms_vaddr(const struct elfsyms *s, __u64 offset, __u64 *vaddr)
{
	const struct elfsyms_load *l;
	size_t i;

	for (i = 0; i < s->nloads; i++) {
		l = &s->loads[i];
		if (offset >= l->offset && offset - l->offset < l->filesz) {
			*vaddr = l->vaddr + (offset - l->offset);
			return 0;
		}
	}
	return -ENOENT;
}

int elfsyms_offset(const struct elfsyms *s, __u64 vaddr, __u64 *offset)
{
	const struct elfsyms_load *l;
	size_t i;

	for (i = 0; i < s->nloads; i++) {
		l = &s->loads[i];
		if (vaddr >= l->vaddr && vaddr - l->vaddr < l->filesz) {
			*offset = l->offset + (vaddr - l->vaddr);
			return 0;
		}
	}
	return -ENOENT;
}

const char *elfsyms_debuglink(const struct elfsyms *s, __u32 *crc)
{
	if (!s->has_debuglink)
		return NULL;
	if (crc)
		*crc = s->debuglink_crc;
	return s->names.buf + s->debuglink;
}

int build_id_debug_path(const char *hex, char *buf, size_t size)
{
	size_t len = strlen(hex);
	int n;

	if (len < 3 || strspn(hex, "0123456789abcdef") != len)
		return -EINVAL;
	n = snprintf(buf, size, "/usr/lib/debug/.build-id/%.2s/%s.debug", hex, hex + 2);
	if (n < 0)
		return -EINVAL;
	return (size_t)n < size ? n : -ENAMETOOLONG;
}
