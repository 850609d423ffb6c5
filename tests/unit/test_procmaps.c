// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * /proc/PID/maps (procmaps.h): lines as this kernel wrote them for cat(1),
 * the edges of each column, malformed lines, the lookup at every boundary,
 * and this test binary's own mappings, checked against the files' bytes.
 */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gnu/libc-version.h>

#include "procmaps.h"

/* /proc/PID/maps of `cat /proc/self/maps` here, cut down. */
static const char cat_maps[] =
	"55acc320d000-55acc320f000 r--p 00000000 fe:00 247134                     /usr/bin/cat\n"
	"55acc320f000-55acc3214000 r-xp 00002000 fe:00 247134                     /usr/bin/cat\n"
	"55acc3214000-55acc3217000 r--p 00007000 fe:00 247134                     /usr/bin/cat\n"
	"55acc3217000-55acc3218000 r--p 00009000 fe:00 247134                     /usr/bin/cat\n"
	"55acc3218000-55acc3219000 rw-p 0000a000 fe:00 247134                     /usr/bin/cat\n"
	"55acca330000-55acca351000 rw-p 00000000 00:00 0                          [heap]\n"
	"7fcff9514000-7fcff9536000 rw-p 00000000 00:00 0 \n"
	"7fcff9596000-7fcff95bc000 r--p 00000000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7fcff95bc000-7fcff9712000 r-xp 00026000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7fcff9712000-7fcff9765000 r--p 0017c000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7fcff9765000-7fcff9769000 r--p 001cf000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7fcff9769000-7fcff976b000 rw-p 001d3000 fe:00 332835                     /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7fcff976b000-7fcff9778000 rw-p 00000000 00:00 0 \n"
	"7fcff977c000-7fcff9783000 r--s 00000000 fe:00 332280                     /usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache\n"
	"7fcff9786000-7fcff978a000 r--p 00000000 00:00 0                          [vvar]\n"
	"7fcff978c000-7fcff978e000 r-xp 00000000 00:00 0                          [vdso]\n"
	"7fcff978e000-7fcff978f000 r--p 00000000 fe:00 332383                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7fcff978f000-7fcff97b5000 r-xp 00001000 fe:00 332383                     /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffe924da000-7ffe924fb000 rw-p 00000000 00:00 0                          [stack]\n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n";

#define CAT_LINES 20
#define LIBC_TEXT 8 /* the index of libc's r-xp line */

/*
 * The parser on a copy of text with no NUL after it, in an allocation of
 * exactly len bytes: a read past len is a sanitizer report.
 */
static int parse_n(const char *text, size_t len, unsigned int flags, struct proc_maps *out)
{
	char *copy = malloc(len ? len : 1);
	int err;

	cr_assert_not_null(copy);
	memcpy(copy, text, len);
	err = procmaps_parse(copy, len, flags, out);
	free(copy);
	return err;
}

static int parse(const char *text, unsigned int flags, struct proc_maps *out)
{
	return parse_n(text, strlen(text), flags, out);
}

/* A single line parsed on its own: the one mapping, or a failed test. */
static struct proc_map parse_one(const char *line, struct proc_maps *maps)
{
	cr_assert_eq(parse(line, 0, maps), 0, "refused: %s", line);
	cr_assert_eq(maps->n, 1, "%zu mappings in: %s", maps->n, line);
	return maps->maps[0];
}

Test(procmaps, a_pie_executable)
{
	struct proc_maps maps;
	const struct proc_map *m;
	size_t i;

	cr_assert_eq(parse(cat_maps, 0, &maps), 0);
	cr_assert_eq(maps.n, CAT_LINES);
	m = &maps.maps[1];
	cr_assert_eq(m->start, 0x55acc320f000ULL);
	cr_assert_eq(m->end, 0x55acc3214000ULL);
	cr_assert_eq(m->pgoff, 0x2000);
	cr_assert_eq(m->dev, 0xfeU << 20);
	cr_assert_eq(m->inode, 247134);
	cr_assert_eq(m->perms, PROCMAP_READ | PROCMAP_EXEC);
	cr_assert_str_eq(m->path, "/usr/bin/cat");
	cr_assert_not(m->deleted);
	cr_assert(procmap_is_file(m));
	cr_assert_eq(maps.maps[4].perms, PROCMAP_READ | PROCMAP_WRITE);
	cr_assert_eq(maps.maps[4].pgoff, 0xa000);
	for (i = 1; i < 5; i++)
		cr_assert_eq(maps.maps[i].path, maps.maps[0].path, "one copy of a file's path");
	for (i = 1; i < maps.n; i++)
		cr_assert_lt(maps.maps[i - 1].start, maps.maps[i].start, "out of file order");
	procmaps_free(&maps);
	cr_assert_null(maps.maps);
	cr_assert_eq(maps.n, 0);
	procmaps_free(&maps);
}

Test(procmaps, a_shared_library_and_a_shared_mapping)
{
	struct proc_maps maps;
	const struct proc_map *m;

	cr_assert_eq(parse(cat_maps, 0, &maps), 0);
	m = &maps.maps[LIBC_TEXT];
	cr_assert_str_eq(m->path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	cr_assert_eq(m->pgoff, 0x26000);
	cr_assert_eq(m->inode, 332835);
	cr_assert_eq(m->perms, PROCMAP_READ | PROCMAP_EXEC);
	cr_assert_eq(maps.maps[LIBC_TEXT + 3].pgoff, 0x1d3000);
	cr_assert_neq(maps.maps[LIBC_TEXT].path, maps.maps[1].path);
	m = &maps.maps[13];
	cr_assert_str_eq(m->path, "/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache");
	cr_assert_eq(m->perms, PROCMAP_READ | PROCMAP_SHARED);
	procmaps_free(&maps);
}

Test(procmaps, anonymous_memory_and_the_kernels_names)
{
	struct proc_maps maps;
	const struct proc_map *m;

	cr_assert_eq(parse(cat_maps, 0, &maps), 0);
	cr_assert_str_eq(maps.maps[5].path, "[heap]");
	cr_assert_str_eq(maps.maps[6].path, "", "trailing blank of an anonymous line");
	cr_assert_eq(maps.maps[6].perms, PROCMAP_READ | PROCMAP_WRITE);
	cr_assert_eq(maps.maps[6].inode, 0);
	cr_assert_eq(maps.maps[6].dev, 0);
	cr_assert_str_eq(maps.maps[14].path, "[vvar]");
	m = &maps.maps[15];
	cr_assert_str_eq(m->path, "[vdso]");
	cr_assert_eq(m->perms, PROCMAP_READ | PROCMAP_EXEC);
	cr_assert_not(procmap_is_file(m));
	cr_assert_str_eq(maps.maps[18].path, "[stack]");
	m = &maps.maps[19];
	cr_assert_str_eq(m->path, "[vsyscall]");
	cr_assert_eq(m->perms, PROCMAP_EXEC);
	cr_assert_eq(m->start, 0xffffffffff600000ULL);
	cr_assert_not(procmap_is_file(&maps.maps[6]));
	procmaps_free(&maps);

	cr_assert_str_eq(parse_one("7f0000000000-7f0000001000 rw-p 00000000 00:00 0", &maps).path,
			 "", "an anonymous line without its trailing blank");
	procmaps_free(&maps);
	cr_assert_str_eq(
		parse_one("7f0000000000-7f0000001000 rw-p 00000000 00:00 0    \n", &maps).path, "");
	procmaps_free(&maps);
	cr_assert_str_eq(parse_one("7f0000000000-7f0000001000 rw-p 00000000 00:00 0 "
				   "                         [anon:glibc malloc arena]\n",
				   &maps)
				 .path,
			 "[anon:glibc malloc arena]");
	procmaps_free(&maps);
}

Test(procmaps, a_path_is_the_rest_of_the_line)
{
	static const char *const lines[][2] = {
		{ "7f0000000000-7f0000001000 r-xp 00001000 08:01 42                         "
		  "/opt/My App/lib/libfoo bar.so\n",
		  "/opt/My App/lib/libfoo bar.so" },
		{ "7f0000000000-7f0000001000 r-xp 00001000 08:01 42 /a  b  \n", "/a  b  " },
		{ "7f0000000000-7f0000001000 r-xp 00001000 08:01 42 /new\\012line\n",
		  "/new\\012line" },
		{ "7f0000000000-7f0000001000 r-xp 00001000 08:01 42 /tab\there\n", "/tab\there" },
	};
	struct proc_maps maps;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		cr_assert_str_eq(parse_one(lines[i][0], &maps).path, lines[i][1]);
		procmaps_free(&maps);
	}
}

Test(procmaps, a_deleted_file_is_flagged_and_its_path_kept)
{
	static const char text[] =
		"7f0000000000-7f0000001000 r-xp 00000000 00:01 1034 /memfd:jit (deleted)\n"
		"7f0000001000-7f0000002000 r-xp 00002000 fe:00 77 /tmp/a b (deleted)\n"
		"7f0000002000-7f0000003000 r-xp 00000000 fe:00 78 /tmp/(deleted)\n"
		"7f0000003000-7f0000004000 r-xp 00000000 fe:00 79 /tmp/x (deleted) y\n";
	struct proc_maps maps;

	cr_assert_eq(parse(text, 0, &maps), 0);
	cr_assert_eq(maps.n, 4);
	cr_assert_str_eq(maps.maps[0].path, "/memfd:jit");
	cr_assert(maps.maps[0].deleted);
	cr_assert_str_eq(maps.maps[1].path, "/tmp/a b");
	cr_assert(maps.maps[1].deleted);
	cr_assert_str_eq(maps.maps[2].path, "/tmp/(deleted)");
	cr_assert_not(maps.maps[2].deleted);
	cr_assert_str_eq(maps.maps[3].path, "/tmp/x (deleted) y");
	cr_assert_not(maps.maps[3].deleted);
	procmaps_free(&maps);
}

/*
 * The widest fields: 16-digit addresses and offset, the largest device
 * numbers (12 and 20 bits), a 20-digit inode. The kernel pads the name to
 * column 73, and no further when the fields run past it: then a name
 * follows the inode after two blanks (seq_pad()'s one and its own).
 */
Test(procmaps, the_widest_and_narrowest_columns)
{
	struct proc_maps maps;
	struct proc_map m;

	m = parse_one("fffffffffffff000-ffffffffffffffff r-xs ffffffffffff0000 fff:fffff "
		      "18446744073709551615  /x\n",
		      &maps);
	cr_assert_eq(m.start, 0xfffffffffffff000ULL);
	cr_assert_eq(m.end, UINT64_MAX);
	cr_assert_eq(m.pgoff, 0xffffffffffff0000ULL);
	cr_assert_eq(m.dev, 0xfffU << 20 | 0xfffff);
	cr_assert_eq(m.inode, UINT64_MAX);
	cr_assert_eq(m.perms, PROCMAP_READ | PROCMAP_EXEC | PROCMAP_SHARED);
	cr_assert_str_eq(m.path, "/x");
	procmaps_free(&maps);

	/* a 32-bit kernel's 8 digits, and its pad to column 49 */
	m = parse_one("08048000-08049000 r-xp 00000000 08:01 1234       /bin/true\n", &maps);
	cr_assert_eq(m.start, 0x08048000);
	cr_assert_eq(m.end, 0x08049000);
	cr_assert_eq(m.dev, 8U << 20 | 1);
	cr_assert_str_eq(m.path, "/bin/true");
	procmaps_free(&maps);

	m = parse_one("0-1 ---p 0 0:0 0\n", &maps);
	cr_assert_eq(m.perms, 0);
	cr_assert_eq(m.end, 1);
	procmaps_free(&maps);
}

Test(procmaps, a_malformed_line_refuses_the_whole_text)
{
	static const char *const bad[] = {
		"",
		" 7f0000000000-7f0000001000 r-xp 00000000 08:01 42 /x",
		"7f0000000000 7f0000001000 r-xp 00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 r-xq 00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 xwrp 00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 r-x 00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 r-xp  00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 r-xp 08:01 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 0801 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 1000:01 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08:100000 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 :01 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08: 42 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 ",
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 42a /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 18446744073709551616 /x",
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 42\t/x",
		"1ffffffffffff0000-1ffffffffffff1000 r-xp 00000000 08:01 42 /x",
		"7f0000000000-7f0000001000 r-xp 10000000000000000 08:01 42 /x",
		"7f000000g000-7f0000001000 r-xp 00000000 08:01 42 /x",
		"7f0000001000-7f0000001000 r-xp 00000000 08:01 42 /x",
		"7f0000002000-7f0000001000 r-xp 00000000 08:01 42 /x",
		"7f0000000000-",
		"7f0000000000-7f0000001000 r-x",
	};
	static const char good[] = "7e0000000000-7e0000001000 r-xp 00000000 08:01 41 /a\n";
	static const char after[] = "7f1000000000-7f1000001000 r-xp 00000000 08:01 43 /b\n";
	struct proc_maps maps = { .n = 99 };
	struct strbuf text = { 0 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb_reset(&text);
		sb_puts(&text, good);
		sb_puts(&text, bad[i]);
		sb_putc(&text, '\n');
		sb_puts(&text, after);
		cr_assert_eq(parse_n(text.buf, text.len, 0, &maps), -EINVAL, "taken: '%s'", bad[i]);
		cr_assert_null(maps.maps);
		cr_assert_eq(maps.n, 0);
		/* the last line, without its newline, is refused the same */
		sb_reset(&text);
		sb_puts(&text, good);
		sb_puts(&text, bad[i]);
		cr_assert_eq(parse_n(text.buf, text.len, 0, &maps), bad[i][0] ? -EINVAL : 0,
			     "taken last: '%s'", bad[i]);
		procmaps_free(&maps);
	}
	sb_free(&text);
}

Test(procmaps, a_nul_in_a_name_is_malformed)
{
	static const char line[] = "7f0000000000-7f0000001000 r-xp 00000000 08:01 42 /a\0b\n";
	struct proc_maps maps;

	cr_assert_eq(parse_n(line, sizeof(line) - 1, 0, &maps), -EINVAL);
	cr_assert_null(maps.maps);
}

Test(procmaps, reads_no_further_than_its_length)
{
	static const char text[] =
		"7f0000000000-7f0000001000 r-xp 00000000 08:01 42 /usr/lib/libz.so\n"
		"garbage";
	const char *nl = strchr(text, '\n');
	struct proc_maps maps = { .n = 3 };

	cr_assert_eq(parse_n(text, nl + 1 - text, 0, &maps), 0, "the garbage was read");
	cr_assert_eq(maps.n, 1);
	procmaps_free(&maps);
	cr_assert_eq(parse_n(text, nl - text, 0, &maps), 0);
	cr_assert_str_eq(maps.maps[0].path, "/usr/lib/libz.so");
	procmaps_free(&maps);
	cr_assert_eq(parse_n(text, nl - 4 - text, 0, &maps), 0);
	cr_assert_str_eq(maps.maps[0].path, "/usr/lib/lib", "a path cut at the length");
	procmaps_free(&maps);
	cr_assert_eq(parse_n(text, 20, 0, &maps), -EINVAL, "a line cut in its fields");
	cr_assert_eq(parse_n(text, 0, 0, &maps), 0);
	cr_assert_eq(maps.n, 0);
	cr_assert_eq(procmaps_parse(NULL, 0, 0, &maps), 0);
	cr_assert_eq(maps.n, 0);
}

Test(procmaps, executable_mappings_only)
{
	static const char *const expect[] = {
		"/usr/bin/cat", "/usr/lib/x86_64-linux-gnu/libc.so.6",
		"[vdso]",	"/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
		"[vsyscall]",
	};
	struct proc_maps maps;
	struct strbuf text = { 0 };
	size_t i;

	cr_assert_eq(parse(cat_maps, PROCMAPS_EXEC_ONLY, &maps), 0);
	cr_assert_eq(maps.n, 5);
	for (i = 0; i < maps.n; i++) {
		cr_assert_str_eq(maps.maps[i].path, expect[i]);
		cr_assert(maps.maps[i].perms & PROCMAP_EXEC);
	}
	cr_assert_eq(maps.maps[1].pgoff, 0x26000);
	procmaps_free(&maps);

	/* a line that is not kept is still checked */
	sb_puts(&text, cat_maps);
	sb_puts(&text, "7ffff0000000-7ffff0001000 rw-p 0000000z 00:00 0\n");
	cr_assert_eq(parse_n(text.buf, text.len, PROCMAPS_EXEC_ONLY, &maps), -EINVAL);
	sb_free(&text);

	/* nothing executable: nothing kept, and nothing to free */
	cr_assert_eq(parse("7f0000000000-7f0000001000 rw-p 00000000 00:00 0\n", PROCMAPS_EXEC_ONLY,
			   &maps),
		     0);
	cr_assert_eq(maps.n, 0);
	cr_assert_null(maps.maps);
}

/*
 * The file is read a page at a time: a line may show again addresses an
 * earlier page showed, when the mappings changed in between. The later
 * line is the newer view, and the result stays sorted.
 */
Test(procmaps, a_newer_view_of_addresses_replaces_the_older)
{
	static const char text[] = "1000-2000 r-xp 00000000 08:01 1 /a\n"
				   "3000-4000 r-xp 00000000 08:01 2 /b\n"
				   "3000-5000 r-xp 00000000 08:01 3 /b2\n"
				   "6000-7000 r-xp 00000000 08:01 4 /c\n"
				   "6800-6900 rw-p 00000000 00:00 0\n"
				   "8000-9000 r-xp 00000000 08:01 5 /a\n";
	struct proc_maps maps;

	cr_assert_eq(parse(text, 0, &maps), 0);
	cr_assert_eq(maps.n, 4);
	cr_assert_str_eq(maps.maps[0].path, "/a");
	cr_assert_eq(maps.maps[1].start, 0x3000);
	cr_assert_eq(maps.maps[1].end, 0x5000);
	cr_assert_str_eq(maps.maps[1].path, "/b2");
	cr_assert_eq(maps.maps[2].start, 0x6800);
	cr_assert_str_eq(maps.maps[2].path, "");
	cr_assert_str_eq(maps.maps[3].path, "/a");
	cr_assert_eq(procmaps_find(&maps, 0x4800), &maps.maps[1]);
	cr_assert_null(procmaps_find(&maps, 0x6000));
	procmaps_free(&maps);

	/* filtered, the anonymous line is not kept and replaces nothing */
	cr_assert_eq(parse(text, PROCMAPS_EXEC_ONLY, &maps), 0);
	cr_assert_eq(maps.n, 4);
	cr_assert_str_eq(maps.maps[2].path, "/c");
	procmaps_free(&maps);
}

/* Mappings i = 0..n-1 at (i + 1) * 64 KiB, 4 to 12 KiB long: a gap after each. */
static void spaced_maps(struct strbuf *text, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sb_printf(text, "%zx-%zx r-xp %08zx 08:01 %zu /lib/%zu.so\n", (i + 1) << 16,
			  ((i + 1) << 16) + ((1 + i % 3) << 12), i << 12, i + 100, i);
}

Test(procmaps, the_lookup_at_every_edge)
{
	struct proc_maps maps, none = { 0 };
	struct strbuf text = { 0 };
	size_t n, i;

	for (n = 1; n <= 130; n += 43) {
		sb_reset(&text);
		spaced_maps(&text, n);
		cr_assert_eq(parse_n(text.buf, text.len, 0, &maps), 0);
		cr_assert_eq(maps.n, n);
		for (i = 0; i < n; i++) {
			const struct proc_map *m = &maps.maps[i];

			cr_assert_eq(procmaps_find(&maps, m->start), m, "first byte of %zu", i);
			cr_assert_eq(procmaps_find(&maps, m->end - 1), m, "last byte of %zu", i);
			cr_assert_eq(procmaps_find(&maps, (m->start + m->end) / 2), m);
			cr_assert_null(procmaps_find(&maps, m->end), "the gap after %zu", i);
			cr_assert_null(procmaps_find(&maps, m->start - 1), "the gap before %zu", i);
		}
		cr_assert_null(procmaps_find(&maps, 0));
		cr_assert_null(procmaps_find(&maps, UINT64_MAX));
		procmaps_free(&maps);
	}
	sb_free(&text);
	cr_assert_null(procmaps_find(&none, 0x1000));

	/* mappings that touch: the end of one is the start of the next */
	cr_assert_eq(parse(cat_maps, 0, &maps), 0);
	cr_assert_eq(procmaps_find(&maps, 0x55acc320f000ULL), &maps.maps[1]);
	cr_assert_eq(procmaps_find(&maps, 0x55acc320efffULL), &maps.maps[0]);
	cr_assert_eq(procmaps_find(&maps, 0xffffffffff600fffULL), &maps.maps[19]);
	cr_assert_null(procmaps_find(&maps, 0xffffffffff601000ULL));
	procmaps_free(&maps);
}

Test(procmaps, the_file_offset_of_an_address)
{
	struct proc_maps maps;
	const struct proc_map *m;

	cr_assert_eq(parse(cat_maps, 0, &maps), 0);
	m = procmaps_find(&maps, 0x7fcff95bd234ULL);
	cr_assert_eq(m, &maps.maps[LIBC_TEXT]);
	cr_assert_eq(procmap_file_offset(m, 0x7fcff95bd234ULL), 0x26000 + 0x1234);
	cr_assert_eq(procmap_file_offset(m, m->start), 0x26000);
	m = procmaps_find(&maps, 0x55acc3210010ULL);
	cr_assert_eq(procmap_file_offset(m, 0x55acc3210010ULL), 0x3010);
	m = procmaps_find(&maps, 0x7fcff978d000ULL);
	cr_assert_str_eq(m->path, "[vdso]");
	cr_assert_eq(procmap_file_offset(m, 0x7fcff978d000ULL), 0x1000);
	procmaps_free(&maps);
}

static __attribute__((noinline)) int in_this_binary(int x)
{
	return x * 3 + 1;
}

/* The mapping of code at addr in this process, checked against the file's bytes. */
static const struct proc_map *check_code(const struct proc_maps *maps, const void *addr)
{
	const struct proc_map *m = procmaps_find(maps, (uintptr_t)addr);
	unsigned char file[32];
	int fd;

	cr_assert_not_null(m, "no mapping holds %p", addr);
	cr_assert(m->perms & PROCMAP_EXEC, "code at %p in %s, not executable", addr, m->path);
	cr_assert(procmap_is_file(m), "code at %p in %s", addr, m->path);
	fd = open(m->path, O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0, "open %s: %s", m->path, strerror(errno));
	cr_assert_eq(pread(fd, file, sizeof(file), procmap_file_offset(m, (uintptr_t)addr)),
		     (ssize_t)sizeof(file));
	close(fd);
	cr_assert_eq(memcmp(file, addr, sizeof(file)), 0,
		     "the bytes at the file offset are not the code at %p (%s)", addr, m->path);
	return m;
}

Test(procmaps, this_process_finds_its_own_code_and_libc)
{
	struct proc_maps all, code;
	const struct proc_map *m;
	char exe[PATH_MAX];
	ssize_t n;

	cr_assert_eq(in_this_binary(2), 7);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	cr_assert_gt(n, 0);
	exe[n] = '\0';
	cr_assert_eq(procmaps_read(getpid(), 0, &all), 0);
	cr_assert_eq(procmaps_read(getpid(), PROCMAPS_EXEC_ONLY, &code), 0);
	cr_assert_gt(all.n, code.n);

	m = check_code(&all, (const void *)in_this_binary);
	cr_assert_str_eq(m->path, exe);
	cr_assert_str_eq(check_code(&code, (const void *)in_this_binary)->path, exe);
	m = check_code(&all, (const void *)gnu_get_libc_version);
	cr_assert_not_null(strstr(m->path, "libc"), "%s", m->path);
	cr_assert_null(procmaps_find(&code, (uintptr_t)&all), "the stack is not code");
	cr_assert_not_null(procmaps_find(&all, (uintptr_t)&all), "the stack");
	procmaps_free(&all);
	procmaps_free(&code);
}

Test(procmaps, a_process_gone_or_dead)
{
	struct proc_maps maps = { .n = 5 };
	siginfo_t info;
	pid_t pid;

	cr_assert_eq(procmaps_read(INT_MAX, 0, &maps), -ESRCH);
	cr_assert_eq(maps.n, 0);

	pid = fork();
	cr_assert_geq(pid, 0);
	if (!pid)
		_exit(0);
	/* a zombie, not reaped yet: it has no memory left */
	cr_assert_eq(waitid(P_PID, pid, &info, WEXITED | WNOWAIT), 0);
	cr_assert_eq(procmaps_read(pid, 0, &maps), 0);
	cr_assert_eq(maps.n, 0);
	cr_assert_eq(waitpid(pid, NULL, 0), pid);
	cr_assert_eq(procmaps_read(pid, 0, &maps), -ESRCH);
}
