/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A tool's own command-line options, and the strict number parsing every
 * option shares. A tool lists its options in a table and parses their
 * values in a callback that gets a context (where its option values live,
 * and where an error is written), never the process's exit: usage errors
 * travel back to run_parse(), which prints one line and exits 2.
 *
 *	static int parse_option(struct option_ctx *ctx, int key, const char *arg)
 *	{
 *		struct opts *o = ctx->opts;
 *
 *		switch (key) {
 *		case 'e':
 *			o->extended = true;
 *			return 0;
 *		case 'N':
 *			return option_ulong(ctx, arg, "top", 0, 100, &o->top);
 *		}
 *		return OPTION_NOT_MINE;
 *	}
 */
#ifndef SONDE_OPTIONS_H
#define SONDE_OPTIONS_H

#include <stdbool.h>
#include <linux/types.h>

/* Long-only options are numbered from 256; the shared ones sit higher still. */
#define OPTION_LONG_ONLY 256

struct tool_option {
	const char *name; /* --name */
	int key;	  /* its short letter, or >= OPTION_LONG_ONLY for a long-only option */
	const char *arg;  /* the argument's name in --help; NULL if it takes none */
	const char *help;
};

struct option_ctx {
	void *opts; /* the tool's own option values, as main() handed them to run_parse() */
	char error[256];
};

/* The key a tool's parse callback gets its operand with (struct tool's `operand`). */
#define OPTION_OPERAND 0x20000

/* What a tool's parse callback returns for a key that is not one of its options. */
#define OPTION_NOT_MINE 1

/* Write a usage error into ctx; returns -1 for the callback to return. */
int option_error(struct option_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Plain decimal digits only (no sign, space, hex or exponent), from min to
 * max: 0 and *out set, or -1 with the error written.
 */
int option_ulong(struct option_ctx *ctx, const char *arg, const char *what, unsigned long min,
		 unsigned long max, unsigned long *out);
/* The same into a 32-bit value. */
int option_u32(struct option_ctx *ctx, const char *arg, const char *what, unsigned long min,
	       unsigned long max, __u32 *out);
/*
 * Plain decimal digits with an optional fraction ("2", "0.25"), from min to
 * 1e9, in `unit` (named in the error).
 */
int option_decimal(struct option_ctx *ctx, const char *arg, const char *what, const char *unit,
		   double min, double *out);
/* Seconds as option_decimal() takes them, at least 0.001. */
int option_seconds(struct option_ctx *ctx, const char *arg, const char *what, double *out);

/* The keys of the options given on the command line, shared and own. */
#define OPTIONS_GIVEN_MAX 64

struct options_given {
	int keys[OPTIONS_GIVEN_MAX];
	int n;
};

bool option_given(const struct options_given *g, int key);

#endif
