// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* names.h: errno, signal, syscall and disk names. */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>

#include "unit.h"
#include "names.h"

/* ---- errno -------------------------------------------------------------- */

Test(errno_name, known_numbers)
{
	cr_assert_str_eq(errno_name(ENOENT), "ENOENT");
	cr_assert_str_eq(errno_name(2), "ENOENT");
	cr_assert_str_eq(errno_name(EACCES), "EACCES");
	cr_assert_str_eq(errno_name(EPERM), "EPERM");
	cr_assert_str_eq(errno_name(ENAMETOOLONG), "ENAMETOOLONG");
}

Test(errno_name, unknown_number_is_E_and_digits)
{
	cr_assert_str_eq(errno_name(4095), "E4095");
	cr_assert_str_eq(errno_name(100000), "E100000");
	cr_assert_str_eq(errno_name(-5), "E-5");
}

/* ---- signals ------------------------------------------------------------ */

Test(signal_name, classic_signals)
{
	cr_assert_str_eq(signal_name(9), "SIGKILL");
	cr_assert_str_eq(signal_name(SIGTERM), "SIGTERM");
	cr_assert_str_eq(signal_name(SIGSEGV), "SIGSEGV");
	cr_assert_str_eq(signal_name(SIGCHLD), "SIGCHLD");
}

Test(signal_name, realtime_signals_count_from_sigrtmin)
{
	char expected[24];

	cr_assert_str_eq(signal_name(SIGRTMIN), "SIGRTMIN+0");
	cr_assert_str_eq(signal_name(SIGRTMIN + 3), "SIGRTMIN+3");
	snprintf(expected, sizeof(expected), "SIGRTMIN+%d", SIGRTMAX - SIGRTMIN);
	cr_assert_str_eq(signal_name(SIGRTMAX), expected);
}

Test(signal_name, unknown_numbers)
{
	cr_assert_str_eq(signal_name(99), "SIG99");
	cr_assert_str_eq(signal_name(0), "SIG0");
	cr_assert_str_eq(signal_name(-1), "SIG-1");
}

Test(signal_name, past_sigrtmax_is_unknown)
{
	char expected[24];

	snprintf(expected, sizeof(expected), "SIG%d", SIGRTMAX + 1);
	cr_assert_str_eq(signal_name(SIGRTMAX + 1), expected);
}

/* ---- syscalls ----------------------------------------------------------- */

Test(syscall_name, openat_and_execve_by_number)
{
	cr_assert_str_eq(syscall_name(SYS_openat), "openat");
	cr_assert_str_eq(syscall_name(SYS_execve), "execve");
	cr_assert_str_eq(syscall_name(SYS_read), "read");
}

Test(syscall_name, numbers_by_name)
{
	cr_assert_eq(syscall_number("openat"), SYS_openat);
	cr_assert_eq(syscall_number("execve"), SYS_execve);
	cr_assert_eq(syscall_number("exit_group"), SYS_exit_group);
}

Test(syscall_name, unknown_numbers)
{
	cr_assert_str_eq(syscall_name(-1), "syscall_-1");
	cr_assert_str_eq(syscall_name(100000), "syscall_100000");
}

Test(syscall_name, unknown_names)
{
	cr_assert_eq(syscall_number("no_such_syscall"), -1);
	cr_assert_eq(syscall_number(""), -1);
	cr_assert_eq(syscall_number("OPENAT"), -1);
	cr_assert_eq(syscall_number("syscall_257"), -1);
}

Test(syscall_name, every_known_name_round_trips)
{
	int nr, known = 0;
	const char *name;

	for (nr = 0; nr < 2048; nr++) {
		name = syscall_name(nr);
		if (!strncmp(name, "syscall_", 8))
			continue;
		known++;
		cr_assert_eq(syscall_number(name), nr, "%s is %d, not %d", name,
			     syscall_number(name), nr);
	}
	cr_assert_gt(known, 250, "only %d syscalls have names", known);
}

#ifdef __x86_64__
Test(syscall_name, x86_64_numbers)
{
	cr_assert_str_eq(syscall_name(257), "openat");
	cr_assert_str_eq(syscall_name(59), "execve");
	cr_assert_str_eq(syscall_name(335), "syscall_335"); /* the gap before 424 */
}
#endif

#ifdef __aarch64__
/* asm-generic numbers; lseek and mmap are defined through __NR3264_* there */
Test(syscall_name, arm64_numbers)
{
	cr_assert_str_eq(syscall_name(56), "openat");
	cr_assert_str_eq(syscall_name(221), "execve");
	cr_assert_str_eq(syscall_name(62), "lseek");
	cr_assert_str_eq(syscall_name(222), "mmap");
	cr_assert_str_eq(syscall_name(79), "newfstatat");
}
#endif

/* ---- disks -------------------------------------------------------------- */

Test(disk, kernel_dev_encoding)
{
	cr_assert_eq(kernel_dev(8, 1), 0x800001);
	cr_assert_eq(kernel_dev(254, 0), 254u << 20);
	cr_assert_eq(kernel_dev(0, 0xfffff), 0xfffff);
}

/* The first disk listed in /proc/partitions; false if there is none. */
static bool first_partition(unsigned int *major, unsigned int *minor, char name[32])
{
	char line[256];
	bool found = false;
	FILE *f = fopen("/proc/partitions", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%u %u %*u %31s", major, minor, name) == 3;
	fclose(f);
	return found;
}

Test(disk, lookup_and_name_round_trip)
{
	unsigned int major, minor;
	char name[32];
	__u32 dev = 0;

	if (!first_partition(&major, &minor, name))
		cr_skip_test("no disks in /proc/partitions");
	cr_assert(disk_lookup(name, &dev), "disk_lookup(\"%s\") failed", name);
	cr_assert_eq(dev, kernel_dev(major, minor), "%s: dev 0x%x", name, dev);
	cr_assert_not_null(disk_name(dev));
	cr_assert_str_eq(disk_name(dev), name);
}

Test(disk, lookup_accepts_dev_prefix)
{
	unsigned int major, minor;
	char name[32], path[40];
	__u32 dev = 0;

	if (!first_partition(&major, &minor, name))
		cr_skip_test("no disks in /proc/partitions");
	snprintf(path, sizeof(path), "/dev/%s", name);
	cr_assert(disk_lookup(path, &dev), "disk_lookup(\"%s\") failed", path);
	cr_assert_eq(dev, kernel_dev(major, minor));
}

Test(disk, unknown_name_is_not_found_and_dev_untouched)
{
	__u32 dev = 12345;

	cr_assert_not(disk_lookup("no-such-disk0", &dev));
	cr_assert_eq(dev, 12345);
	cr_assert_not(disk_lookup("", &dev));
	cr_assert_not(disk_lookup("/dev/", &dev));
}

Test(disk, unknown_dev_has_no_name)
{
	cr_assert_null(disk_name(kernel_dev(4095, 0xfffff)));
}

/* ---- block request flags ------------------------------------------------ */

#include "block.h"

static const char *flags_name(__u32 flags)
{
	static char buf[128];

	block_flags_name(flags, buf, sizeof(buf));
	return buf;
}

Test(block_flags, operation_alone)
{
	cr_assert_str_eq(flags_name(0), "Read");
	cr_assert_str_eq(flags_name(1), "Write");
	cr_assert_str_eq(flags_name(2), "Flush");
	cr_assert_str_eq(flags_name(3), "Discard");
}

Test(block_flags, unknown_operation_is_numbered)
{
	cr_assert_str_eq(flags_name(4), "Op4");
	cr_assert_str_eq(flags_name(BLOCK_OP_MASK), "Op255");
}

Test(block_flags, flags_prefix_the_operation)
{
	cr_assert_str_eq(flags_name(BLOCK_SYNC | 1), "Sync-Write");
	cr_assert_str_eq(flags_name(BLOCK_RAHEAD), "ReadAhead-Read");
}

Test(block_flags, small_buffer_is_cut_and_terminated)
{
	char buf[6];

	memset(buf, 'x', sizeof(buf));
	block_flags_name(BLOCK_SYNC | BLOCK_META | 1, buf, sizeof(buf));
	cr_assert_lt(strlen(buf), sizeof(buf));
	cr_assert(starts_with("Metadata-Sync-Write", buf), "got \"%s\"", buf);
}
