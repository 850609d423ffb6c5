// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * binpath.c: a probe's BINARY as a file. The oracle for a library's name
 * is the dynamic linker's own answer: the file dladdr() says a function of
 * libc's is in, which this process maps.
 */
#include "unit.h" /* first: _GNU_SOURCE, for dladdr() */
#include <dlfcn.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <unistd.h>

#include "binpath.h"

static void libc_file(char *real)
{
	Dl_info info;

	/* not printf(): sanitizers intercept it, and dladdr() names their library */
	cr_assert(dladdr((void *)gnu_get_libc_version, &info) && info.dli_fname, "dladdr()");
	cr_assert(realpath(info.dli_fname, real), "realpath %s", info.dli_fname);
}

Test(binpath, a_library_by_name_is_the_one_mapped)
{
	const char *names[] = { "libc", "c", "libc.so.6" };
	char want[PATH_MAX], got[PATH_MAX];
	size_t i;

	libc_file(want);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_assert_eq(binary_resolve(names[i], -1, got, sizeof(got)), 0, "%s", names[i]);
		cr_assert_str_eq(got, want, "%s", names[i]);
		/* the traced process's mappings are read first */
		cr_assert_eq(binary_resolve(names[i], getpid(), got, sizeof(got)), 0);
		cr_assert_str_eq(got, want, "%s in this process", names[i]);
	}
}

Test(binpath, a_program_by_name_is_found_in_path)
{
	char want[PATH_MAX], got[PATH_MAX];

	setenv("PATH", "/nonexistent:/bin:/usr/bin", 1);
	cr_assert(realpath("/bin/sh", want));
	cr_assert_eq(binary_resolve("sh", -1, got, sizeof(got)), 0);
	cr_assert_str_eq(got, want);
}

Test(binpath, a_path_is_taken_as_it_is_and_must_be_a_file)
{
	char want[PATH_MAX], got[PATH_MAX];

	libc_file(want);
	cr_assert_eq(binary_resolve(want, -1, got, sizeof(got)), 0);
	cr_assert_str_eq(got, want);
	cr_assert_eq(binary_resolve("/nonexistent/libc.so.6", -1, got, sizeof(got)), -ENOENT);
	cr_assert_eq(binary_resolve("/usr", -1, got, sizeof(got)), -EISDIR);
	cr_assert_eq(binary_resolve("", -1, got, sizeof(got)), -ENOENT);
}

Test(binpath, what_is_nowhere_is_not_found)
{
	char got[PATH_MAX], small[8];

	cr_assert_eq(binary_resolve("libsonde-nonexistent", -1, got, sizeof(got)), -ENOENT);
	cr_assert_eq(binary_resolve("sonde-nonexistent-program", -1, got, sizeof(got)), -ENOENT);
	/* a name that is only a prefix of a library's is not that library */
	cr_assert_eq(binary_resolve("libc.so.6x", -1, got, sizeof(got)), -ENOENT);
	cr_assert_eq(binary_resolve("libc", -1, small, sizeof(small)), -ENAMETOOLONG);
}
