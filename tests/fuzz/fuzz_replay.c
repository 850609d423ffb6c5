// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target: common/replay.c reading arbitrary bytes as a recording
 * (SONDE_REPLAY). Checked against the format as replay.c's opening comment
 * states it, parsed again here: the replay succeeds exactly when the bytes
 * are a whole recording of the tool; either way it hands the tool every
 * whole record before the first damage, in order, byte for byte, 8-byte
 * aligned, and nothing else. Never a crash, never a read out of bounds.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "columns.h"
#include "replay.h"
#include "run.h"

#define TOOL "opensnoop"

struct expect {
	const uint8_t *data;
	size_t at;     /* the next frame the replay should hand over */
	size_t handed; /* records handed so far */
};

/* The format, read from its description: the records before any damage; true if none. */
static bool parse(const uint8_t *d, size_t n, size_t *records)
{
	uint32_t version, order, len, flags;
	size_t at = 40, size;

	*records = 0;
	if (n < 40 || memcmp(d, "SONDEREC", 8))
		return false;
	memcpy(&version, d + 8, 4);
	memcpy(&order, d + 12, 4);
	if (version != 1 || order != 0x01020304 || strncmp((const char *)d + 16, TOOL, 16))
		return false;
	while (at < n) {
		if (n - at < 8)
			return false;
		memcpy(&len, d + at, 4);
		memcpy(&flags, d + at + 4, 4);
		if (flags || len > 64u << 20)
			return false;
		size = 8 + ((len + 7ul) & ~7ul);
		if (n - at < size)
			return false;
		at += size;
		++*records;
	}
	return true;
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct expect *e = ctx;
	uint32_t want;

	memcpy(&want, e->data + e->at, 4);
	if ((uintptr_t)data % 8 || len != want || memcmp(data, e->data + e->at + 8, len))
		abort();
	e->at += 8 + ((len + 7) & ~7ul);
	e->handed++;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the one-line failures go nowhere; sanitizer reports use fd 2 itself */
	stderr = fopen("/dev/null", "w");
	output_init(false, fopen("/dev/null", "w"));
	columns_choose(NULL, 0, &(struct options_given){ 0 });
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tool tool = { .name = TOOL, .on_event = on_event };
	struct run r = { .tool = &tool, .cgroup_fd = -1, .kernel_types_fd = -1 };
	struct expect e = { .data = data, .at = 40 };
	int fd = memfd_create("recording", MFD_CLOEXEC);
	size_t records;
	char path[64];
	bool whole;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	setenv("SONDE_REPLAY", path, 1);
	whole = parse(data, size, &records);
	if ((replay_events(&r, on_event, &e) == 0) != whole || e.handed != records)
		abort();
	if ((r.exit_code == 0) != whole)
		abort();
	close(fd);
	return 0;
}
