// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * elfsyms.h on arbitrary bytes, read as a file (a memfd) the way a traced
 * process's binary is: whatever the bytes, elfsyms_open() answers 0 or a
 * negative errno, and what it read holds together: symbols sorted, one per
 * address, each found at its own address and last byte; offsets map into
 * their segment; the build-id's hex spells its bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elfsyms.h"

static void check_symbols(const struct elfsyms *s)
{
	const struct elfsym *sym;
	const char *name;
	__u64 off;
	size_t i;

	for (i = 0; i < s->nsyms; i++) {
		sym = &s->syms[i];
		/* an extent saturates at the top of the address space */
		if ((sym->end <= sym->addr && sym->addr != UINT64_MAX) ||
		    (i && sym->addr <= s->syms[i - 1].addr) || sym->name >= s->names.len)
			abort();
		name = elfsyms_lookup(s, sym->addr, &off);
		if (sym->end > sym->addr && (name != s->names.buf + sym->name || off))
			abort();
		if (sym->end <= sym->addr || (i + 1 < s->nsyms && s->syms[i + 1].addr < sym->end))
			continue; /* its last byte is another's: the nearest symbol answers */
		name = elfsyms_lookup(s, sym->end - 1, &off);
		if (name != s->names.buf + sym->name || off != sym->end - 1 - sym->addr)
			abort();
	}
}

static void check_loads(const struct elfsyms *s, const uint8_t *data, size_t size)
{
	__u64 offset = 0, vaddr;
	size_t i;

	for (i = 0; i < s->nloads; i++)
		if (elfsyms_vaddr(s, s->loads[i].offset, &vaddr) ||
		    elfsyms_vaddr(s, s->loads[i].offset + s->loads[i].filesz - 1, &vaddr))
			abort();
	/* and an offset taken from the input, which may be anywhere */
	memcpy(&offset, data, size < sizeof(offset) ? size : sizeof(offset));
	if (!elfsyms_vaddr(s, offset, &vaddr))
		elfsyms_lookup(s, vaddr, NULL);
}

static void check_ids(const struct elfsyms *s)
{
	char path[256];
	const char *link;
	__u32 crc;
	int n;

	if (strlen(s->build_id_hex) != 2 * s->build_id_len ||
	    s->build_id_len > ELFSYMS_BUILD_ID_MAX)
		abort();
	n = build_id_debug_path(s->build_id_hex, path, sizeof(path));
	if (s->build_id_len >= 2 && (n < 0 || (size_t)n != strlen(path)))
		abort();
	link = elfsyms_debuglink(s, &crc);
	if (link && (!*link || link + strlen(link) >= s->names.buf + s->names.len))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct elfsyms s;
	int err;

	if (fd < 0 && (fd = memfd_create("fuzz_elfsyms", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	err = elfsyms_open(&s, fd);
	if (err) {
		if (err != -ENOEXEC && err != -EINVAL && err != -ENOMEM)
			abort();
		return 0;
	}
	check_symbols(&s);
	check_loads(&s, data, size);
	check_ids(&s);
	elfsyms_free(&s);
	return 0;
}
