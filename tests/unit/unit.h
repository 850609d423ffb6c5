/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Helpers shared by the unit tests: the oracles of oracle.h, and a way to
 * catch what output.h writes.
 */
#ifndef SONDE_TEST_UNIT_H
#define SONDE_TEST_UNIT_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "oracle.h"
#include "output.h"
#include "strbuf.h"

static inline bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* What output.h writes, caught in memory. */
struct capture {
	FILE *stream;
	char *buf;
	size_t len;
};

static inline void capture_begin(struct capture *c, bool json)
{
	*c = (struct capture){ 0 };
	c->stream = open_memstream(&c->buf, &c->len);
	cr_assert_not_null(c->stream, "open_memstream failed");
	output_init(json, c->stream);
}

/* The text written since capture_begin(); free() it. */
static inline char *capture_end(struct capture *c)
{
	output_flush();
	fclose(c->stream);
	output_init(false, stdout);
	return c->buf;
}

#endif
