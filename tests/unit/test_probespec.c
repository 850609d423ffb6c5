// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probespec.c: every kind in its short and long spelling, offsets and
 * patterns, and the one-line reasons for what is not a probe.
 */
#include "unit.h"
#include "probespec.h"

static struct probe_spec parsed(const char *text)
{
	struct probe_spec spec;
	char why[256] = "";

	cr_assert_eq(probe_spec_parse(text, &spec, why, sizeof(why)), 0, "%s: %s", text, why);
	return spec;
}

static void assert_str(const char *got, const char *want, const char *what)
{
	if (!want)
		cr_assert_null(got, "%s: %s", what, got);
	else
		cr_assert(got && !strcmp(got, want), "%s: '%s', not '%s'", what,
			  got ? got : "(null)", want);
}

static void assert_spec(const char *text, enum spec_kind kind, const char *binary,
			const char *group, const char *name, __u64 offset, bool glob)
{
	struct probe_spec spec = parsed(text);

	cr_assert_eq(spec.kind, kind, "%s: kind %s", text, spec_kind_name(spec.kind));
	assert_str(spec.binary, binary, "binary");
	assert_str(spec.group, group, "group");
	assert_str(spec.name, name, "name");
	cr_assert_eq(spec.offset, offset, "%s: offset %llu", text, (unsigned long long)spec.offset);
	cr_assert_eq(spec.glob, glob, "%s: glob", text);
	probe_spec_free(&spec);
}

static void assert_refused(const char *text, const char *reason)
{
	struct probe_spec spec;
	char why[256] = "", want[256];

	cr_assert_eq(probe_spec_parse(text, &spec, why, sizeof(why)), -1, "%s was taken", text);
	cr_assert_null(spec.storage, "%s: storage kept after a refusal", text);
	snprintf(want, sizeof(want), "probe '%s': %s", text, reason);
	cr_assert_str_eq(why, want);
	cr_assert_null(strchr(why, '\n'), "more than one line");
}

Test(probespec, tracepoints)
{
	assert_spec("t:sched:sched_switch", SPEC_TRACEPOINT, NULL, "sched", "sched_switch", 0,
		    false);
	assert_spec("tracepoint:syscalls:sys_enter_openat", SPEC_TRACEPOINT, NULL, "syscalls",
		    "sys_enter_openat", 0, false);
	assert_spec("t:syscalls:sys_enter_open*", SPEC_TRACEPOINT, NULL, "syscalls",
		    "sys_enter_open*", 0, true);
	assert_spec("t:sched*:sched_switch", SPEC_TRACEPOINT, NULL, "sched*", "sched_switch", 0,
		    true);
}

Test(probespec, kernel_functions_offsets_and_patterns)
{
	assert_spec("k:vfs_read", SPEC_KPROBE, NULL, NULL, "vfs_read", 0, false);
	assert_spec("kprobe:do_sys_openat2+16", SPEC_KPROBE, NULL, NULL, "do_sys_openat2", 16,
		    false);
	assert_spec("k:tcp_sendmsg+0x1a", SPEC_KPROBE, NULL, NULL, "tcp_sendmsg", 0x1a, false);
	assert_spec("k:vfs_*", SPEC_KPROBE, NULL, NULL, "vfs_*", 0, true);
	assert_spec("kr:ext4_file_read_iter.cold", SPEC_KRETPROBE, NULL, NULL,
		    "ext4_file_read_iter.cold", 0, false);
	assert_spec("kretprobe:vfs_write", SPEC_KRETPROBE, NULL, NULL, "vfs_write", 0, false);
}

Test(probespec, user_functions_and_usdt)
{
	assert_spec("u:/usr/bin/bash:readline", SPEC_UPROBE, "/usr/bin/bash", NULL, "readline", 0,
		    false);
	assert_spec("uprobe:libc:malloc+4", SPEC_UPROBE, "libc", NULL, "malloc", 4, false);
	assert_spec("ur:libc:mall?c", SPEC_URETPROBE, "libc", NULL, "mall?c", 0, true);
	assert_spec("usdt:/usr/bin/python3:python:function__entry", SPEC_USDT, "/usr/bin/python3",
		    "python", "function__entry", 0, false);
}

Test(probespec, mistakes_in_one_line)
{
	assert_refused("", "empty (t:, k:, kr:, u:, ur: or usdt:)");
	assert_refused("vfs_read", "no probe type (t:, k:, kr:, u:, ur: or usdt:)");
	assert_refused("x:vfs_read", "no probe type (t:, k:, kr:, u:, ur: or usdt:)");
	assert_refused("t:sched", "the form is t:CATEGORY:NAME");
	assert_refused("t:sched:sched_switch:more", "the form is t:CATEGORY:NAME");
	assert_refused("t:sched:", "an empty part (the form is t:CATEGORY:NAME)");
	assert_refused("t:sched:sched-switch", "'sched-switch' is not a name (letters, digits, _)");
	assert_refused("k:vfs_read+", "a bad offset (the form is k:FUNCTION[+OFFSET])");
	assert_refused("k:vfs_read+0x", "a bad offset (the form is k:FUNCTION[+OFFSET])");
	assert_refused("k:vfs_read+99999999999999999999999",
		       "a bad offset (the form is k:FUNCTION[+OFFSET])");
	assert_refused("kr:vfs_read+8", "'vfs_read+8' is not a function name");
	assert_refused("k:vfs_*+8", "an offset into a pattern");
	assert_refused("k:vfs read", "'vfs read' is not a function name");
	assert_refused("u:/bin/with space:main", "'/bin/with space' is not a file or library name");
	assert_refused("u:main", "the form is u:BINARY:FUNCTION[+OFFSET]");
	assert_refused("usdt:/bin/x:probe", "the form is usdt:BINARY:PROVIDER:NAME");
	assert_refused("usdt:/bin/x:a:b:c:d", "the form is usdt:BINARY:PROVIDER:NAME");
	assert_refused("usdt:/bin/x:py*:entry", "'py*' is not a name (letters, digits, _)");
}

Test(probespec, control_characters_are_refused_without_echo)
{
	struct probe_spec spec;
	char why[256];

	cr_assert_eq(probe_spec_parse("k:vfs_read\n\033[2J", &spec, why, sizeof(why)), -1);
	cr_assert_str_eq(why, "probe: holds a control character");
	cr_assert_eq(probe_spec_parse("u:/bin/x\t:main", &spec, why, sizeof(why)), -1);
}

Test(probespec, kind_names)
{
	cr_assert_str_eq(spec_kind_name(SPEC_TRACEPOINT), "tracepoint");
	cr_assert_str_eq(spec_kind_name(SPEC_URETPROBE), "uretprobe");
	cr_assert_str_eq(spec_kind_name(SPEC_USDT), "usdt");
}
