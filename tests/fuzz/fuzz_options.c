// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The shared command-line parser (common/options.c) on arbitrary argument
 * vectors: the input is argv, NUL-separated. Whatever it is, options_parse()
 * must return one of its results without crashing, exiting or leaking, and
 * a usage error must come with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

#define MAX_ARGS 32

struct fuzz_opts {
	unsigned long level;
	const char *what;
};

static const struct tool_option options[] = {
	{ "extra", 'e', NULL, "a flag" },
	{ "level", 'L', "N", "a number" },
	{ "what", OPTION_LONG_ONLY, "WHAT", "a long-only option" },
	{ 0 },
};

static int parse(struct option_ctx *ctx, int key, const char *arg)
{
	struct fuzz_opts *o = ctx->opts;

	if (key == 'L')
		return option_ulong(ctx, arg, "level", 0, 9, &o->level);
	if (key == OPTION_LONG_ONLY) {
		o->what = arg;
		return 0;
	}
	return OPTION_NOT_MINE;
}

/* Every shared option but -c (it opens paths), in a summary tool and an event tool. */
static const struct tool tools[] = {
	{ .name = "fuzzevent",
	  .shared = SHARED_PID | SHARED_TID | SHARED_UID | SHARED_COMM | SHARED_DURATION |
		    SHARED_TIMESTAMP | SHARED_FAILED | SHARED_PRINT_UID | SHARED_PRINT_TID,
	  .options = options,
	  .parse = parse },
	{ .name = "fuzzsummary",
	  .shared = SHARED_PID | SHARED_INTERVAL | SHARED_MILLISECONDS,
	  .options = options,
	  .parse = parse },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[MAX_ARGS + 2], err[256];
	struct fuzz_opts opts = { 0 };
	enum parse_result res;
	struct run r;
	size_t i = 0;
	int argc = 1;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "fuzz";
	while (i <= size && argc < MAX_ARGS) {
		argv[argc++] = copy + i;
		i += strlen(copy + i) + 1;
	}
	argv[argc] = NULL;
	res = options_parse(&r, &tools[size % 2], &opts, argc, argv, err, sizeof(err));
	if (res == PARSE_USAGE && !err[0])
		abort(); /* a usage error without a message */
	if (res == PARSE_OK && opts.level > 9)
		abort();
	if (r.cgroup_fd >= 0)
		close(r.cgroup_fd);
	free(copy);
	return 0;
}
