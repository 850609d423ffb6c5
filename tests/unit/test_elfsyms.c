// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * elfsyms.h on the binaries the Makefile builds from fixtures/elfsym_target.c
 * into ELFSYM_FIXTURES: a PIE, a non-PIE executable, a shared library, its
 * stripped copy and its debug file. What the tests expect comes from outside
 * common/: each fixture's <name>.facts holds what nm, readelf -lW and
 * readelf -n said of it at build time, the debuglink CRC is zlib's of the
 * debug file, and the runtime test asks the dynamic loader where it put a
 * function.
 */
#include "unit.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "elfsyms.h"

#define FIXTURE(name) ELFSYM_FIXTURES "/" name

/* The functions the fixture defines, the static one last. */
static const char *const functions[] = { "elfsym_add", "elfsym_mul", "elfsym_chain", "main",
					 "elfsym_static_helper" };
#define NFUNCTIONS	(sizeof(functions) / sizeof(functions[0]))
#define STATIC_FUNCTION "elfsym_static_helper"

/* The files with a .symtab, and so every function. */
static const char *const with_symtab[] = { "elfsym_pie", "elfsym_nopie", "libelfsym.so",
					   "libelfsym.so.debug" };

/* A symbol nm -S listed: its size 0 where nm gave none. */
struct fact {
	char name[64], type;
	unsigned long long addr, size;
};

/* What nm -S, readelf -lW and readelf -n said of a fixture. */
struct facts {
	struct fact syms[512];
	size_t nsyms;
	struct {
		unsigned long long offset, vaddr, filesz;
	} loads[16];
	size_t nloads;
	char build_id[2 * ELFSYMS_BUILD_ID_MAX + 1];
};

/* An nm line: "addr [size] type name", addr a run of at least 8 hex digits. */
static void nm_line(struct facts *f, const char *line)
{
	size_t digits = strspn(line, "0123456789abcdef");
	char w[4][64];
	struct fact *s = &f->syms[f->nsyms];
	int n;

	if (digits < 8 || line[digits] != ' ' || f->nsyms == 512)
		return;
	n = sscanf(line, "%63s %63s %63s %63s", w[0], w[1], w[2], w[3]);
	if (n < 3)
		return;
	s->addr = strtoull(w[0], NULL, 16);
	s->size = n == 4 ? strtoull(w[1], NULL, 16) : 0;
	s->type = w[n - 2][0];
	strcpy(s->name, w[n - 1]);
	f->nsyms++;
}

static struct facts *read_facts(const char *fixture)
{
	struct facts *f = calloc(1, sizeof(*f));
	char path[512], line[512];
	unsigned long long off, vaddr, filesz;
	const char *id;
	FILE *in;

	cr_assert(f);
	snprintf(path, sizeof(path), "%s.facts", fixture);
	in = fopen(path, "r");
	cr_assert(in, "%s: %s (built with the unit tests)", path, strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		nm_line(f, line);
		if (sscanf(line, " LOAD %llx %llx %*x %llx", &off, &vaddr, &filesz) == 3 &&
		    f->nloads < 16) {
			f->loads[f->nloads].offset = off;
			f->loads[f->nloads].vaddr = vaddr;
			f->loads[f->nloads++].filesz = filesz;
		}
		if ((id = strstr(line, "Build ID: ")))
			sscanf(id + strlen("Build ID: "), "%128s", f->build_id);
	}
	fclose(in);
	cr_assert(f->nsyms && f->nloads && f->build_id[0], "%s says too little", path);
	return f;
}

/* nm's entry for name, or NULL. */
static const struct fact *fact(const struct facts *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nsyms; i++)
		if (!strcmp(f->syms[i].name, name))
			return &f->syms[i];
	return NULL;
}

static void open_fixture(struct elfsyms *s, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
	err = elfsyms_open(s, fd);
	close(fd);
	cr_assert_eq(err, 0, "%s: %s", path, strerror(-err));
}

/* name is found at nm's address with offset 0, one byte in with offset 1. */
static void assert_found(const struct elfsyms *s, const struct facts *f, const char *file,
			 const char *name)
{
	const struct fact *want = fact(f, name);
	const char *got;
	__u64 off = 99;

	cr_assert(want, "%s: nm does not list %s", file, name);
	got = elfsyms_lookup(s, want->addr, &off);
	cr_assert(got && !strcmp(got, name), "%s: %#llx is %s, not %s", file, want->addr,
		  got ?: "nothing", name);
	cr_assert_eq(off, 0);
	got = elfsyms_lookup(s, want->addr + 1, &off);
	cr_assert(got && !strcmp(got, name), "%s: %#llx+1 is %s", file, want->addr,
		  got ?: "nothing");
	cr_assert_eq(off, 1);
}

Test(elfsyms, every_function_at_nm_s_address)
{
	char path[512];
	struct elfsyms s;
	struct facts *f;
	size_t i, j;

	for (i = 0; i < sizeof(with_symtab) / sizeof(with_symtab[0]); i++) {
		snprintf(path, sizeof(path), FIXTURE("%s"), with_symtab[i]);
		f = read_facts(path);
		open_fixture(&s, path);
		cr_assert(!s.dynsym, "%s has a .symtab", path);
		for (j = 0; j < NFUNCTIONS; j++)
			assert_found(&s, f, path, functions[j]);
		elfsyms_free(&s);
		free(f);
	}
}

/*
 * Past a sized function's last byte lies the gap up to the next 64-byte
 * boundary: no function there is that one (a lookup ignoring sizes would
 * answer it), while its last byte still is.
 */
Test(elfsyms, a_gap_after_a_function_is_not_that_function)
{
	const char *path = FIXTURE("libelfsym.so"), *got;
	struct facts *f = read_facts(path);
	struct elfsyms s;
	__u64 off;
	size_t j;

	open_fixture(&s, path);
	for (j = 0; j < NFUNCTIONS; j++) {
		const struct fact *want = fact(f, functions[j]);

		cr_assert(want && want->size, "nm -S gives %s a size", functions[j]);
		got = elfsyms_lookup(&s, want->addr + want->size - 1, &off);
		cr_assert(got && !strcmp(got, functions[j]) && off == want->size - 1);
		if (!strcmp(functions[j], "main") || want->size % 64 == 0)
			continue; /* main is not aligned to 64: nothing says a gap follows */
		got = elfsyms_lookup(&s, want->addr + want->size, &off);
		cr_assert(!got || (fact(f, got) && fact(f, got)->addr != want->addr),
			  "%#llx, past %s's end, is %s", want->addr + want->size, functions[j],
			  got);
	}
	cr_assert_null(elfsyms_lookup(&s, 0, &off));
	cr_assert_null(elfsyms_lookup(&s, ~0ULL, &off));
	elfsyms_free(&s);
	free(f);
}

/* elfsym_add's address has three names: the global that sorts first wins, in both tables. */
Test(elfsyms, aliases_resolve_to_the_first_global)
{
	const char *files[] = { FIXTURE("libelfsym.so"), FIXTURE("libelfsym-stripped.so") };
	struct elfsyms s;
	struct facts *f;
	size_t i;

	for (i = 0; i < 2; i++) {
		f = read_facts(files[i]);
		cr_assert(fact(f, "elfsym_aaa_weak") && fact(f, "elfsym_zzz_global"));
		cr_assert_eq(fact(f, "elfsym_aaa_weak")->addr, fact(f, "elfsym_add")->addr);
		cr_assert_eq(fact(f, "elfsym_zzz_global")->addr, fact(f, "elfsym_add")->addr);
		cr_assert_eq(fact(f, "elfsym_aaa_weak")->type, 'W');
		open_fixture(&s, files[i]);
		assert_found(&s, f, files[i], "elfsym_add");
		elfsyms_free(&s);
		free(f);
	}
}

/* A pattern keeps the functions one of whose names it matches, named by that alias. */
Test(elfsyms, a_pattern_matches_any_alias)
{
	const char *path = FIXTURE("libelfsym.so");
	struct facts *f = read_facts(path);
	__u64 addr = fact(f, "elfsym_add")->addr, off;
	struct elfsyms s;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	cr_assert(fd >= 0);
	cr_assert_eq(elfsyms_open_matching(&s, fd, "elfsym_zzz_*"), 0);
	cr_assert_eq(s.nsyms, 1, "%zu functions", s.nsyms);
	cr_assert_str_eq(elfsyms_lookup(&s, addr, &off), "elfsym_zzz_global");
	elfsyms_free(&s);
	cr_assert_eq(elfsyms_open_matching(&s, fd, "elfsym_[az]*"), 0);
	cr_assert_str_eq(elfsyms_lookup(&s, addr, &off), "elfsym_add", "the first global");
	cr_assert_null(elfsyms_lookup(&s, fact(f, "elfsym_chain")->addr, &off));
	elfsyms_free(&s);
	cr_assert_eq(elfsyms_open_matching(&s, fd, "sonde_nonexistent*"), 0);
	cr_assert_eq(s.nsyms, 0);
	elfsyms_free(&s);
	close(fd);
	free(f);
}

/* The stripped library falls back to .dynsym: the exported functions, not the static one. */
Test(elfsyms, a_stripped_library_falls_back_to_dynsym)
{
	const char *path = FIXTURE("libelfsym-stripped.so"), *got;
	struct facts *f = read_facts(path), *full = read_facts(FIXTURE("libelfsym.so"));
	struct elfsyms s;
	__u64 off;
	size_t j;

	open_fixture(&s, path);
	cr_assert(s.dynsym);
	for (j = 0; j < NFUNCTIONS; j++)
		if (strcmp(functions[j], STATIC_FUNCTION))
			assert_found(&s, f, path, functions[j]);
	cr_assert_null(fact(f, STATIC_FUNCTION), "nm -D lists a static function");
	cr_assert(fact(full, STATIC_FUNCTION));
	got = elfsyms_lookup(&s, fact(full, STATIC_FUNCTION)->addr, &off);
	cr_assert(!got || strcmp(got, STATIC_FUNCTION), "the stripped file knows %s", got);
	elfsyms_free(&s);
	free(f);
	free(full);
}

/*
 * Each PT_LOAD readelf lists maps its first, middle and last file byte, and
 * back (elfsyms_offset()); past the file, none.
 */
Test(elfsyms, file_offsets_map_through_pt_load)
{
	const char *files[] = { FIXTURE("elfsym_pie"), FIXTURE("elfsym_nopie"),
				FIXTURE("libelfsym.so") };
	unsigned long long at[3];
	struct elfsyms s;
	struct facts *f;
	struct stat st;
	size_t i, j, k;
	__u64 vaddr, offset;

	for (i = 0; i < 3; i++) {
		f = read_facts(files[i]);
		open_fixture(&s, files[i]);
		for (j = 0; j < f->nloads; j++) {
			at[0] = 0;
			at[1] = f->loads[j].filesz / 2;
			at[2] = f->loads[j].filesz - 1;
			for (k = 0; k < 3; k++) {
				cr_assert_eq(elfsyms_vaddr(&s, f->loads[j].offset + at[k], &vaddr),
					     0);
				cr_assert_eq(vaddr, f->loads[j].vaddr + at[k], "%s: offset %#llx",
					     files[i], f->loads[j].offset + at[k]);
				cr_assert_eq(elfsyms_offset(&s, vaddr, &offset), 0);
				cr_assert_eq(offset, f->loads[j].offset + at[k], "%s: vaddr %#llx",
					     files[i], (unsigned long long)vaddr);
			}
		}
		cr_assert_eq(stat(files[i], &st), 0);
		cr_assert_eq(elfsyms_vaddr(&s, st.st_size, &vaddr), -ENOENT);
		elfsyms_free(&s);
		free(f);
	}
	/* not a guess of the base: the non-PIE's code lies above its file offsets */
	f = read_facts(FIXTURE("elfsym_nopie"));
	for (j = 0; j < f->nloads && f->loads[j].vaddr == f->loads[j].offset; j++)
		;
	cr_assert(j < f->nloads, "every non-PIE segment at vaddr == offset?");
	free(f);
}

/* The file offset of the byte at addr in path's mapping, from /proc/self/maps. */
static bool file_offset_of(const char *path, unsigned long addr, __u64 *offset)
{
	unsigned long start, end, pgoff;
	char line[1024], file[512], real[PATH_MAX];
	bool found = false;
	FILE *maps = fopen("/proc/self/maps", "r");

	cr_assert(maps && realpath(path, real));
	while (!found && fgets(line, sizeof(line), maps))
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %511s", &start, &end, &pgoff, file) ==
			    4 &&
		    !strcmp(file, real) && start <= addr && addr < end) {
			*offset = addr - start + pgoff;
			found = true;
		}
	fclose(maps);
	return found;
}

/*
 * The symbolizer's whole chain on a library the dynamic loader put where it
 * chose: runtime address -> file offset (maps) -> vaddr -> the function.
 */
Test(elfsyms, a_loaded_library_s_address_maps_back_to_its_function)
{
	const char *files[] = { FIXTURE("libelfsym.so"), FIXTURE("libelfsym-stripped.so") };
	const char *got;
	struct elfsyms s;
	__u64 offset, vaddr, off;
	void *lib, *fn;
	size_t i;

	for (i = 0; i < 2; i++) {
		lib = dlopen(files[i], RTLD_NOW | RTLD_LOCAL);
		cr_assert(lib, "%s", dlerror());
		fn = dlsym(lib, "elfsym_mul");
		cr_assert(fn);
		cr_assert(file_offset_of(files[i], (unsigned long)fn + 2, &offset),
			  "%p is in no mapping of %s", fn, files[i]);
		open_fixture(&s, files[i]);
		cr_assert_eq(elfsyms_vaddr(&s, offset, &vaddr), 0);
		got = elfsyms_lookup(&s, vaddr, &off);
		cr_assert(got && !strcmp(got, "elfsym_mul"), "%s: %s", files[i], got ?: "nothing");
		cr_assert_eq(off, 2);
		elfsyms_free(&s);
		dlclose(lib);
	}
}

/* readelf -n's build-id, in every file; the stripped copy's and the debug file's the same. */
Test(elfsyms, build_id_is_readelf_s)
{
	const char *files[] = { FIXTURE("elfsym_pie"), FIXTURE("elfsym_nopie"),
				FIXTURE("libelfsym.so"), FIXTURE("libelfsym-stripped.so"),
				FIXTURE("libelfsym.so.debug") };
	char lib_id[sizeof(((struct elfsyms *)0)->build_id_hex)] = "", byte[3] = "";
	struct elfsyms s;
	struct facts *f;
	size_t i, j;

	for (i = 0; i < 5; i++) {
		f = read_facts(files[i]);
		open_fixture(&s, files[i]);
		cr_assert_str_eq(s.build_id_hex, f->build_id, "%s", files[i]);
		cr_assert_eq(s.build_id_len, 20, "--build-id=sha1");
		for (j = 0; j < s.build_id_len; j++) {
			memcpy(byte, f->build_id + 2 * j, 2);
			cr_assert_eq(s.build_id[j], strtoul(byte, NULL, 16));
		}
		if (i == 2)
			strcpy(lib_id, s.build_id_hex);
		if (i > 2)
			cr_assert_str_eq(s.build_id_hex, lib_id, "%s", files[i]);
		elfsyms_free(&s);
		free(f);
	}
}

Test(elfsyms, build_id_debug_path)
{
	char path[128];

	cr_assert_eq(build_id_debug_path("0a1b2c", path, sizeof(path)),
		     (int)strlen("/usr/lib/debug/.build-id/0a/1b2c.debug"));
	cr_assert_str_eq(path, "/usr/lib/debug/.build-id/0a/1b2c.debug");
	cr_assert_eq(build_id_debug_path("0a1b2c", path, 38), -ENAMETOOLONG);
	cr_assert_eq(build_id_debug_path("0a1b2c", path, 39), 38);
	cr_assert_eq(build_id_debug_path("0a", path, sizeof(path)), -EINVAL);
	cr_assert_eq(build_id_debug_path("0A1B2C", path, sizeof(path)), -EINVAL);
	cr_assert_eq(build_id_debug_path("0a/../x", path, sizeof(path)), -EINVAL);
}

/* A CRC computed here with zlib, not with anything in common/. */
static __u32 file_crc32(const char *path)
{
	unsigned char buf[4096];
	uLong crc = crc32(0, NULL, 0);
	size_t n;
	FILE *in = fopen(path, "rb");

	cr_assert(in, "%s", path);
	while ((n = fread(buf, 1, sizeof(buf), in)))
		crc = crc32(crc, buf, n);
	fclose(in);
	return crc;
}

Test(elfsyms, debuglink_names_the_debug_file_and_its_crc)
{
	const char *name;
	struct elfsyms s;
	__u32 crc = 0;

	open_fixture(&s, FIXTURE("libelfsym-stripped.so"));
	name = elfsyms_debuglink(&s, &crc);
	cr_assert(name);
	cr_assert_str_eq(name, "libelfsym.so.debug");
	cr_assert_eq(crc, file_crc32(FIXTURE("libelfsym.so.debug")));
	elfsyms_free(&s);
	open_fixture(&s, FIXTURE("libelfsym.so"));
	cr_assert_null(elfsyms_debuglink(&s, &crc));
	elfsyms_free(&s);
}

/* bytes[0..len) in a memfd, read back by elfsyms_open(). */
static int open_bytes(struct elfsyms *s, const void *bytes, size_t len)
{
	int fd = memfd_create("elfsyms-test", MFD_CLOEXEC), err;

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, bytes, len), (ssize_t)len);
	err = elfsyms_open(s, fd);
	close(fd);
	return err;
}

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	cr_assert(fd >= 0 && !fstat(fd, &st));
	buf = malloc(st.st_size);
	cr_assert(buf && read(fd, buf, st.st_size) == st.st_size);
	close(fd);
	*len = st.st_size;
	return buf;
}

Test(elfsyms, what_is_not_elf_is_refused)
{
	static const char script[] = "#!/bin/sh\necho not an ELF file\n";
	struct elfsyms s;
	int fd;

	cr_assert_eq(open_bytes(&s, script, sizeof(script) - 1), -ENOEXEC);
	cr_assert_eq(open_bytes(&s, "\177EL", 3), -ENOEXEC);
	cr_assert_eq(open_bytes(&s, "", 0), -ENOEXEC);
	fd = open(ELFSYM_FIXTURES, O_RDONLY | O_CLOEXEC);
	cr_assert(fd >= 0);
	cr_assert_eq(elfsyms_open(&s, fd), -EISDIR);
	close(fd);
	cr_assert_eq(s.nsyms, 0);
}

/* Cut short at the ELF header, at half, one byte short: malformed, and nothing kept. */
Test(elfsyms, a_truncated_file_is_malformed)
{
	size_t len, cuts[3], i;
	char *elf = read_file(FIXTURE("libelfsym.so"), &len);
	struct elfsyms s;

	cuts[0] = 64;
	cuts[1] = len / 2;
	cuts[2] = len - 1;
	for (i = 0; i < 3; i++) {
		cr_assert_eq(open_bytes(&s, elf, cuts[i]), -EINVAL, "cut at %zu of %zu", cuts[i],
			     len);
		cr_assert(!s.syms && !s.loads && !s.names.buf);
	}
	cr_assert_eq(open_bytes(&s, elf, len), 0);
	cr_assert(s.nsyms);
	elfsyms_free(&s);
	free(elf);
}
