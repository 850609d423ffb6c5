// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Reading libbpf's log of a failed load for the one line a user needs
 * (load_failure.h). libbpf writes, for a program:
 *
 *	libbpf: prog 'NAME': BPF program load failed: Invalid argument
 *	libbpf: prog 'NAME': -- BEGIN PROG LOAD LOG --
 *	...the verifier's log, its reason last, then its statistics...
 *	-- END PROG LOAD LOG --
 *
 * and for a map: "libbpf: map 'NAME': failed to create: REASON(-N)".
 */
#include <stdio.h>
#include <string.h>

#include "load_failure.h"

/* The statistics the verifier ends its log with, which are no reason. */
static bool is_statistics(const char *line)
{
	return !strncmp(line, "processed ", 10) || !strncmp(line, "verification time", 17) ||
	       !strncmp(line, "stack depth", 11);
}

/*
 * The kernel's reason from the verifier's log: its last line other than the
 * statistics, where libbpf also writes what a CO-RE relocation could not
 * find ("failed to resolve CO-RE relocation ..."). Its length into *len.
 */
static const char *verifier_reason(const char *log, int *len)
{
	const char *begin = strstr(log, "-- BEGIN PROG LOAD LOG --");
	const char *end = begin ? strstr(begin, "-- END PROG LOAD LOG --") : NULL;
	const char *line, *best = NULL;

	if (!end)
		return NULL;
	for (line = strchr(begin, '\n'); line && ++line < end; line = strchr(line, '\n'))
		if (*line != '\n' && !is_statistics(line))
			best = line;
	if (best)
		*len = (int)strcspn(best, "\n");
	return best;
}

/* The quoted name that ends just before `quote_end` ("... 'NAME" + quote_end); its length into *len. */
static const char *quoted_name(const char *log, const char *quote_end, int *len)
{
	const char *start = quote_end;

	while (start > log && start[-1] != '\'')
		start--;
	*len = (int)(quote_end - start);
	return start;
}

bool load_failure(const char *log, char *out, size_t len)
{
	const char *prog = strstr(log, "': BPF program load failed");
	const char *map = strstr(log, "': failed to create: ");
	const char *name, *why;
	int name_len, why_len;

	if (prog && (why = verifier_reason(prog, &why_len))) {
		name = quoted_name(log, prog, &name_len);
		snprintf(out, len, "cannot load BPF program %.*s: %.*s", name_len, name, why_len,
			 why);
		return true;
	}
	if (map) {
		name = quoted_name(log, map, &name_len);
		why = map + strlen("': failed to create: ");
		why_len = (int)strcspn(why, "(\n");
		snprintf(out, len, "the kernel cannot create BPF map %.*s: %.*s", name_len, name,
			 why_len, why);
		return true;
	}
	return false;
}
