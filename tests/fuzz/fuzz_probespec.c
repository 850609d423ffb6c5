// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probe_spec_parse() (common/probespec.c) on any bytes as a command-line
 * probe.
 *
 * Why: the probe is typed by a person at a root prompt, or built by a
 * script; whatever it is, the parser must end in a spec whose pieces are
 * inside the text it was given, or a refusal in one line (control
 * characters are refused, not echoed), never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "probespec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_spec spec;
	char *text = malloc(size + 1), why[256];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (probe_spec_parse(text, &spec, why, sizeof(why)) == 0) {
		if (!spec.name || !*spec.name || strlen(spec.name) > size)
			abort();
		probe_spec_free(&spec);
	} else if (!memchr(why, '\0', sizeof(why)) || strchr(why, '\n') || spec.storage) {
		abort(); /* a refusal is one terminated line, with nothing kept */
	}
	free(text);
	return 0;
}
