// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The readers of /proc and kernel files on arbitrary text: a task's comm,
 * timens_offsets, a line of /proc/partitions, /proc/kallsyms. Whatever the
 * bytes, each must answer within its bounds without crashing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_support.h"
#include "names.h"
#include "namespaces.h"
#include "procfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), comm[SONDE_COMM_LEN], name[32];
	__s64 ns;
	__u32 dev;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	proc_comm_parse(text, size, comm);
	if (comm[SONDE_COMM_LEN - 1] != '\0')
		abort();
	if (!timens_parse_monotonic(text, &ns) && !strstr(text, "monotonic "))
		abort();
	if (partitions_line(text, &dev, name) && strnlen(name, sizeof(name)) == sizeof(name))
		abort();
	kallsyms_has(text, size, "do_sys_openat2");
	kallsyms_has(text, size, "");
	free(text);
	return 0;
}
