// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The kernel BTF cut (common/kernel_btf.c) on any bytes as the kernel's BTF.
 *
 * Why: the cut reads /sys/kernel/btf/vmlinux itself, without libbpf's
 * checks, and trusts nothing in it; a kernel (or a file handed to it) with
 * BTF it does not expect must get an error, never a crash, a hang or a BTF
 * that libbpf cannot parse. The input is cut for a fixed set of wants (the
 * fields, types and enums the tools ask for), once mapped and once streamed
 * (SONDE_BTF_READ=stream): both must fail alike or write the same bytes,
 * and what they write must parse with btf__new().
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel_btf.h"

/* Larger cuts are not expected of inputs this size; their bytes are not compared. */
#define MAX_CUT (1 << 20)

#define FIELD(root_, ...)                                                                \
	{                                                                                \
		.kind = WANT_FIELD, .root_kind = BTF_KIND_STRUCT, .root = root_,         \
		.root_len = sizeof(root_) - 1, .steps = { __VA_ARGS__ },                 \
		.nsteps = sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *) \
	}
#define TYPE(kind_, want_kind, root_)                                 \
	{                                                             \
		.kind = want_kind, .root_kind = kind_, .root = root_, \
		.root_len = sizeof(root_) - 1                         \
	}

static struct btf_want want_list[] = {
	FIELD("task_struct", "pid"),
	FIELD("task_struct", "comm", NULL),
	FIELD("task_struct", "real_parent"),
	FIELD("task_struct", "thread_info", "flags"),
	FIELD("task_struct", "__state"),
	TYPE(BTF_KIND_STRUCT, WANT_TYPE, "task_struct"),
	TYPE(BTF_KIND_TYPEDEF, WANT_TYPE, "btf_trace_mark_victim"),
	TYPE(BTF_KIND_ENUM, WANT_ENUM, "pid_type"),
};

static const struct btf_wants wants = {
	.v = want_list,
	.n = sizeof(want_list) / sizeof(want_list[0]),
};

static int no_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

/* An empty memfd for the next run, made once. */
static int fresh(int *fd, const char *name)
{
	if (*fd < 0)
		*fd = memfd_create(name, 0);
	if (*fd < 0 || ftruncate(*fd, 0) || lseek(*fd, 0, SEEK_SET))
		abort();
	return *fd;
}

/* Cut the input at `in` the way named into *out (malloc()ed, *size bytes): the cut's result. */
static int cut(int in, const char *way, char **out, size_t *size)
{
	static int out_fd = -1;
	struct kernel_btf_cut kc;
	int err;

	setenv("SONDE_BTF_READ", way, 1);
	err = kernel_btf_cut(in, &wants, fresh(&out_fd, "cut"), &kc);
	*out = NULL;
	if (err)
		return err;
	if (kc.bytes > MAX_CUT)
		abort(); /* the cut of a small input is small: this one kept what it should not */
	*size = kc.bytes;
	*out = malloc(*size + 1);
	if (!*out || pread(out_fd, *out, *size, 0) != (ssize_t)*size)
		abort();
	return 0;
}

/* What the cut wrote must be BTF libbpf accepts. */
static void must_parse(const char *out, size_t size)
{
	struct btf *b = btf__new(out, size);

	if (!b)
		abort();
	btf__free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int in = -1;
	char *mapped, *streamed;
	size_t mapped_size = 0, streamed_size = 0;
	int err_mapped, err_streamed;

	libbpf_set_print(no_print);
	if (write(fresh(&in, "kernel"), data, size) != (ssize_t)size)
		abort();
	err_mapped = cut(in, "map", &mapped, &mapped_size);
	err_streamed = cut(in, "stream", &streamed, &streamed_size);
	if (err_mapped != err_streamed || mapped_size != streamed_size ||
	    (mapped && memcmp(mapped, streamed, mapped_size)))
		abort(); /* the two ways of reading disagree */
	if (mapped)
		must_parse(mapped, mapped_size);
	free(mapped);
	free(streamed);
	return 0;
}
