// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ksyms_parse() (common/ksyms.c) on any bytes as a kallsyms file, then
 * lookups at and around what it kept.
 *
 * Why: a stack tool reads /proc/kallsyms of whatever kernel it runs on, and
 * the table it builds is searched for every kernel frame; odd lines (long
 * names, no module bracket, addresses that overflow) must be refused or
 * kept, never crash the parse or send a lookup out of the table.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ksyms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const __u64 probes[] = { 0, 1, 0xffffffff81000000ULL, ~0ULL };
	struct ksym_match m;
	struct ksyms k;
	size_t i;

	if (ksyms_parse(&k, (const char *)data, size))
		return 0;
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (ksyms_find(&k, probes[i], &m) && (!m.name || m.offset > probes[i]))
			abort();
	ksyms_free(&k);
	return 0;
}
