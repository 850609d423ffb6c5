// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reading what a BPF object's CO-RE relocations want (common/btf_wants.c)
 * from any bytes as the object.
 *
 * Why: btf_wants_from_object() walks the ELF sections, .BTF.ext's tables
 * and the access strings itself, before libbpf has looked at the object;
 * an object it does not expect must get an error, never a crash. What it
 * reads is then cut from a small made-up kernel, as run_open_opts() would
 * cut the real one: wants no real object has (long paths, odd kinds) must
 * not crash the cut either.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "btf_wants.h"
#include "kernel_btf.h"

static int no_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

/* A few kernel types by the names the tools read, in a memfd: made once. */
static int made_up_kernel(void)
{
	static int fd = -1;
	struct btf *b;
	const void *raw;
	__u32 size;

	if (fd >= 0)
		return fd;
	b = btf__new_empty();
	btf__add_int(b, "int", 4, BTF_INT_SIGNED); /* 1 */
	btf__add_int(b, "char", 1, BTF_INT_CHAR);  /* 2 */
	btf__add_array(b, 1, 2, 16);		   /* 3 */
	btf__add_ptr(b, 5);			   /* 4 */
	btf__add_struct(b, "task_struct", 64);	   /* 5 */
	btf__add_field(b, "pid", 1, 0, 0);
	btf__add_field(b, "tgid", 1, 32, 0);
	btf__add_field(b, "comm", 3, 64, 0);
	btf__add_field(b, "real_parent", 4, 192, 0);
	btf__add_field(b, "flags", 1, 256, 0);
	btf__add_enum(b, "pid_type", 4); /* 6 */
	btf__add_enum_value(b, "PIDTYPE_PID", 0);
	raw = btf__raw_data(b, &size);
	fd = memfd_create("kernel", 0);
	if (fd < 0 || write(fd, raw, size) != (ssize_t)size)
		abort();
	btf__free(b);
	return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int out = -1;
	struct btf_wants w;

	libbpf_set_print(no_print);
	if (out < 0)
		out = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (!btf_wants_from_object(&w, data, size) && w.n)
		kernel_btf_cut(made_up_kernel(), &w, out, NULL);
	btf_wants_free(&w);
	return 0;
}
