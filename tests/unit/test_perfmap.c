// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * perfmap.h's parsers on text written here: the perf map lines JIT
 * runtimes write (and the torn, empty and hostile ones a reader meets),
 * and the NSpid line of /proc/PID/status. usyms' tests read real perf maps.
 */
#include "unit.h"

#include "perfmap.h"

/* Lines as Node and JVM agents write them, and what a reader must survive. */
Test(perfmap, lines_as_runtimes_write_them_and_torn_ones)
{
	static const char text[] = "1000 10 first\n"
				   "0x2000 0x20 a name with spaces\r\n"
				   "3000 0 empty\n"
				   "zz 10 not hex\n"
				   "4000 10\n"
				   "1000 8 replaced\n"
				   "ffffffffffffffff 2 wraps\n"
				   "5000 10 torn";
	struct perfmap pm;
	__u64 off;

	cr_assert_eq(perfmap_parse(text, sizeof(text) - 1, &pm), 0);
	cr_assert_eq(pm.n, 3, "%zu", pm.n);
	cr_assert_str_eq(perfmap_find(&pm, 0x1004, &off), "replaced");
	cr_assert_eq(off, 4);
	cr_assert_null(perfmap_find(&pm, 0x1008, &off), "the replaced line's size holds");
	cr_assert_str_eq(perfmap_find(&pm, 0x201f, &off), "a name with spaces");
	cr_assert_null(perfmap_find(&pm, 0x2020, &off));
	cr_assert_null(perfmap_find(&pm, 0x3000, &off));
	cr_assert_null(perfmap_find(&pm, 0xfff, &off));
	cr_assert_str_eq(perfmap_find(&pm, 0x500f, &off), "torn");
	perfmap_free(&pm);
	cr_assert_eq(perfmap_parse("", 0, &pm), 0);
	cr_assert_eq(pm.n, 0);
	perfmap_free(&pm);
}

Test(perfmap, nspid_is_the_innermost_pid)
{
	static const char nested[] = "Name:\tnode\nPid:\t4242\nNSpid:\t4242\t17\t1\nNSpgid:\t1\n";
	static const char flat[] = "Name:\tx\nNSpid:\t4242\n";
	static const char bad[] = "NSpid:\t4242\tx1\n";

	cr_assert_eq(perfmap_nspid_parse(nested, sizeof(nested) - 1, 4242), 1);
	cr_assert_eq(perfmap_nspid_parse(flat, sizeof(flat) - 1, 4242), 4242);
	cr_assert_eq(perfmap_nspid_parse(bad, sizeof(bad) - 1, 4242), 4242);
	cr_assert_eq(perfmap_nspid_parse("Pid:\t9\n", 7, 9), 9);
}
