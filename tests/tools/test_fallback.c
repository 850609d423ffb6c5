// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A hook whose tracepoint the kernel lacks: common/attach.c uses the
 * alternative if the kernel has one, else refuses in one line naming what is
 * missing. On 6.18 here the tracepoint exists; on 6.1 (scripts/vm) it does
 * not, but kprobes do: the test checks whichever this kernel is.
 *
 * And one program at two tracepoints ("prog@category/name"): counted calls
 * of both, one verification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include <criterion/criterion.h>

#include "attach.h"
#include "harness.h"

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool has_block_io_start(void)
{
	return exists("/sys/kernel/tracing/events/block/block_io_start") ||
	       exists("/sys/kernel/debug/tracing/events/block/block_io_start");
}

static bool has_kprobes(void)
{
	return exists("/sys/bus/event_source/devices/kprobe/type");
}

static struct bpf_object *open_fallback_object(void)
{
	char path[512];
	struct bpf_object *obj;

	snprintf(path, sizeof(path), "%s/fallback.bpf.o", getenv("SONDE_TEST_BPF"));
	obj = bpf_object__open_file(path, NULL);
	cr_assert(obj, "cannot open %s", path);
	return obj;
}

static const char *autoloaded(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(
		prog, obj) if (bpf_program__autoload(prog)) return bpf_program__name(prog);
	return NULL;
}

/* The programs' hit counter, the object's only global. */
static __u64 hits(struct bpf_object *obj)
{
	struct bpf_map *bss = bpf_object__find_map_by_name(obj, ".bss");
	__u64 value = 0;
	__u32 zero = 0;

	cr_assert(bss);
	bpf_map__lookup_elem(bss, &zero, sizeof(zero), &value, sizeof(value), 0);
	return value;
}

/* Load and attach what was chosen, do some block I/O, and see it counted. */
static void assert_chosen_program_works(struct bpf_object *obj)
{
	struct bpf_program *prog;
	struct bpf_link *link = NULL;
	char image[64], loop[64];

	cr_assert_eq(bpf_object__load(obj), 0, "the chosen program did not load");
	bpf_object__for_each_program(prog, obj) if (bpf_program__autoload(prog)) link =
		bpf_program__attach(prog);
	cr_assert(link, "the chosen program did not attach");
	/* a loop device of its own: /tmp may be memory (as in scripts/vm), with no block I/O */
	snprintf(image, sizeof(image), "/tmp/sonde-fallback-%d.img", getpid());
	sh(NULL, 0, "truncate -s 4M %s", image);
	sh(loop, sizeof(loop), "losetup --find --show %s", image);
	sh(NULL, 0, "dd if=%s of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null", loop);
	sh(NULL, 0, "losetup -d %s; rm -f %s", loop, image);
	bpf_link__destroy(link);
	cr_assert_gt(hits(obj), 0, "attached, but saw no block I/O");
}

Test(fallback, uses_the_tracepoint_or_its_alternative)
{
	static const struct probe probes[] = {
		{ "block_io_start",
		  { "io_start_tracepoint", "io_start_kprobe" },
		  .hint = "(Linux 6.5+)" },
		{ 0 },
	};
	struct bpf_object *obj = open_fallback_object();
	char why[256] = "";
	int err;

	unsetenv("SONDE_ATTACH");
	err = probes_choose(obj, probes, NULL, false, "test", why, sizeof(why));
	log_attach("fallback", err				   ? "refused"
			       : strstr(autoloaded(obj), "kprobe") ? "kprobe"
								   : "tracepoint");
	if (has_block_io_start()) {
		cr_assert_eq(err, 0, "%s", why);
		cr_assert_str_eq(autoloaded(obj), "io_start_tracepoint");
	} else if (has_kprobes()) {
		cr_assert_eq(err, 0, "%s", why);
		cr_assert_str_eq(autoloaded(obj), "io_start_kprobe", "no fallback to the kprobe");
	} else {
		cr_assert_eq(err, -1);
		cr_assert_str_eq(why, "needs tracepoint block:block_io_start or kprobes on "
				      "blk_mq_start_request (Linux 6.5+)");
		bpf_object__close(obj);
		return;
	}
	assert_chosen_program_works(obj);
	bpf_object__close(obj);
}

Test(fallback, without_an_alternative_says_what_is_missing)
{
	static const struct probe probes[] = {
		{ "block_io_start", { "io_start_tracepoint" }, .hint = "(Linux 6.5+)" },
		{ 0 },
	};
	struct bpf_object *obj = open_fallback_object();
	char why[256] = "";
	int err;

	unsetenv("SONDE_ATTACH");
	bpf_program__set_autoload(bpf_object__find_program_by_name(obj, "io_start_kprobe"), false);
	err = probes_choose(obj, probes, NULL, false, "test", why, sizeof(why));
	if (has_block_io_start()) {
		cr_assert_eq(err, 0, "%s", why);
	} else {
		cr_assert_eq(err, -1);
		cr_assert_str_eq(why, "needs tracepoint block:block_io_start (Linux 6.5+)");
	}
	bpf_object__close(obj);
}

static int attach_target(struct bpf_program *prog, const char *target, void *arg)
{
	struct bpf_link **link = arg;

	*link = probe_attach_at(prog, target);
	return *link ? 0 : -1;
}

/* The calls process `tgid` made, as call_counter counted them. */
static __u64 calls_of(struct bpf_object *obj, __u32 tgid)
{
	struct bpf_map *calls = bpf_object__find_map_by_name(obj, "calls");
	__u64 n = 0;

	bpf_map__lookup_elem(calls, &tgid, sizeof(tgid), &n, sizeof(n), 0);
	return n;
}

Test(fallback, one_program_serves_a_second_tracepoint)
{
	static const struct probe probes[] = {
		{ "calls",
		  { "call_counter,call_counter@syscalls/sys_enter_getpid,"
		    "?call_counter@syscalls/sys_enter_no_such_call" } },
		{ 0 },
	};
	struct bpf_object *obj = open_fallback_object();
	struct bpf_link *plain, *second = NULL;
	__u32 self = getpid(); /* before the counting: a getpid() of ours would count */
	char why[256] = "";
	__u64 n;
	int i;

	unsetenv("SONDE_ATTACH");
	cr_assert_eq(probes_choose(obj, probes, NULL, false, "test", why, sizeof(why)), 0, "%s",
		     why);
	cr_assert_str_eq(autoloaded(obj), "call_counter");
	cr_assert_eq(bpf_object__load(obj), 0);
	plain = bpf_program__attach(bpf_object__find_program_by_name(obj, "call_counter"));
	cr_assert(plain);
	/* the missing optional tracepoint is skipped: one target, getpid's */
	cr_assert_eq(probes_each_target(obj, probes, NULL, attach_target, &second), 0);
	cr_assert(second, "not attached at sys_enter_getpid");
	for (i = 0; i < 3; i++)
		syscall(SYS_getppid);
	for (i = 0; i < 5; i++)
		syscall(SYS_getpid);
	n = calls_of(obj, self);
	cr_assert_eq(n, 8, "3 getppid and 5 getpid calls, %llu counted", (unsigned long long)n);
	bpf_link__destroy(second);
	bpf_link__destroy(plain);
	bpf_object__close(obj);
}

/* A table of one hook served by `spec`, refused with the one line `expected`. */
static void assert_refused(const char *spec, const char *expected)
{
	const struct probe probes[] = { { "calls", { spec } }, { 0 } };
	struct bpf_object *obj = open_fallback_object();
	char why[256] = "";

	unsetenv("SONDE_ATTACH");
	cr_assert_eq(probes_choose(obj, probes, NULL, false, "test", why, sizeof(why)), -1);
	cr_assert_str_eq(why, expected);
	bpf_object__close(obj);
}

/* A second tracepoint that must be there and is not, named as a section's would be. */
Test(fallback, a_missing_second_tracepoint_is_named)
{
	assert_refused("call_counter,call_counter@syscalls/sys_enter_no_such_call",
		       "needs tracepoint syscalls:sys_enter_no_such_call");
}

/* A program at a second tracepoint only, never at its own: a table's mistake, said so. */
Test(fallback, a_second_tracepoint_needs_the_plain_listing)
{
	assert_refused("call_counter@syscalls/sys_enter_getpid",
		       "'call_counter@syscalls/sys_enter_getpid': "
		       "call_counter@syscalls/sys_enter_getpid needs a tracepoint program listed "
		       "plainly");
}

/* A program the chosen way lists stays loaded though a way not chosen lists it too. */
Test(fallback, a_program_two_ways_list_loads_when_either_is_chosen)
{
	static const struct probe probes[] = {
		{ "calls", { "call_counter", "call_counter,io_start_kprobe" } },
		{ 0 },
	};
	struct bpf_object *obj = open_fallback_object();
	char why[256] = "";

	unsetenv("SONDE_ATTACH");
	cr_assert_eq(probes_choose(obj, probes, NULL, false, "test", why, sizeof(why)), 0, "%s",
		     why);
	cr_assert(bpf_program__autoload(bpf_object__find_program_by_name(obj, "call_counter")));
	cr_assert_not(
		bpf_program__autoload(bpf_object__find_program_by_name(obj, "io_start_kprobe")));
	bpf_object__close(obj);
}
