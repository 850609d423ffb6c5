// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The readers of /proc and kernel text files, on text written as the kernel writes it. */
#include "unit.h"
#include "kernel_support.h"
#include "names.h"
#include "namespaces.h"
#include "procfs.h"

Test(procfs, comm_stops_at_the_newline_and_keeps_15_bytes)
{
	char comm[SONDE_COMM_LEN];

	proc_comm_parse("bash\n", 5, comm);
	cr_assert_str_eq(comm, "bash");
	proc_comm_parse("abcdefghijklmnopqrstuvwxyz", 26, comm);
	cr_assert_str_eq(comm, "abcdefghijklmno");
	proc_comm_parse("", 0, comm);
	cr_assert_str_eq(comm, "");
}

Test(procfs, threads_are_loadavgs_total)
{
	cr_assert_eq(proc_threads_parse("3.51 4.25 3.23 2/108 30561\n"), 108);
	cr_assert_eq(proc_threads_parse("0.00 0.00 0.00 1/12345 7\n"), 12345);
	cr_assert_eq(proc_threads_parse("0.00 0.00 0.00\n"), -1);
	cr_assert_eq(proc_threads_parse(""), -1);
	cr_assert_gt(proc_threads(), 0);
}

Test(procfs, timens_offsets_as_the_kernel_writes_them)
{
	__s64 ns = 0;

	cr_assert_eq(timens_parse_monotonic("monotonic           3600         0\n"
					    "boottime               0         0\n",
					    &ns),
		     0);
	cr_assert_eq(ns, 3600LL * 1000000000);
	cr_assert_eq(timens_parse_monotonic("boottime 5 0\nmonotonic -2 500\n", &ns), 0);
	cr_assert_eq(ns, -2LL * 1000000000 + 500);
}

Test(procfs, timens_offsets_refused_when_malformed)
{
	__s64 ns = 7;

	cr_assert_eq(timens_parse_monotonic("boottime 5 0\n", &ns), -1);
	cr_assert_eq(timens_parse_monotonic("monotonic x 0\n", &ns), -1);
	cr_assert_eq(timens_parse_monotonic("monotonic 1 1000000000\n", &ns), -1);
	cr_assert_eq(timens_parse_monotonic("monotonic 99999999999999999999 0\n", &ns), -1);
	cr_assert_eq(ns, 7, "a refused text set the offset");
}

Test(procfs, partitions_lines)
{
	char name[32];
	__u32 dev;

	cr_assert(partitions_line(" 254        0   52428800 vda\n", &dev, name));
	cr_assert_eq(dev, 254U << 20);
	cr_assert_str_eq(name, "vda");
	cr_assert(partitions_line("   7        3       4096 loop3\n", &dev, name));
	cr_assert_eq(dev, 7U << 20 | 3);
	cr_assert_not(partitions_line("major minor  #blocks  name\n", &dev, name));
	cr_assert_not(partitions_line("\n", &dev, name));
	cr_assert_not(partitions_line("4096 0 1 big\n", &dev, name), "a major past 12 bits");
}

Test(procfs, kallsyms_names_whole_functions_only)
{
	static const char text[] = "ffffffff81000000 T startup_64\n"
				   "ffffffff812a4c30 T do_sys_openat2\n"
				   "ffffffffc0000000 t mod_fn\t[mod]\n";

	cr_assert(kallsyms_has(text, sizeof(text) - 1, "do_sys_openat2"));
	cr_assert(kallsyms_has(text, sizeof(text) - 1, "mod_fn"));
	cr_assert_not(kallsyms_has(text, sizeof(text) - 1, "do_sys_open"), "a prefix");
	cr_assert_not(kallsyms_has(text, sizeof(text) - 1, "T"), "a type letter");
	cr_assert_not(kallsyms_has(text, sizeof(text) - 1, "mod"), "a module");
}

Test(procfs, modules_dep_names_a_module_by_either_spelling)
{
	static const char text[] = "kernel/drivers/md/raid1.ko.xz: kernel/drivers/md/md-mod.ko.xz\n"
				   "kernel/drivers/md/md-mod.ko.xz:\n"
				   "kernel/fs/xfs/xfs.ko:";

	cr_assert(modules_dep_has(text, sizeof(text) - 1, "md_mod"));
	cr_assert(modules_dep_has(text, sizeof(text) - 1, "md-mod"));
	cr_assert(modules_dep_has(text, sizeof(text) - 1, "xfs"), "the last line, unended");
	cr_assert_not(modules_dep_has(text, sizeof(text) - 1, "md"), "a prefix");
	cr_assert_not(modules_dep_has(text, sizeof(text) - 1, "raid10"), "absent");
	cr_assert_not(modules_dep_has(text, sizeof(text) - 1, "ko"), "a suffix");
}
