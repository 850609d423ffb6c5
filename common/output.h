/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Records: one description of a tool's fields renders both its text columns
 * and its JSON objects, so the two never drift apart.
 *
 *	rec_begin();
 *	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
 *	rec_int(&fields[F_PID], e->pid);
 *	rec_end();
 *
 * Text mode prints the fields that are not hidden, padded to their width; JSON
 * mode prints every field as "key":value, one object per line. Fields are
 * given in the order of the table that output_header() printed.
 */
#ifndef SONDE_OUTPUT_H
#define SONDE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "strbuf.h"

struct field {
	const char *key;    /* JSON key */
	const char *header; /* text column heading */
	int width;	    /* text width: > 0 right-aligned, < 0 left-aligned, 0 unpadded */
	bool hidden;	    /* left out of text output (an optional column not asked for) */
	const char *format; /* rec_uint() in text: a printf format for an unsigned long long */
	bool quoted;	    /* rec_strv() in text: each string in double quotes */
};

void output_init(bool json, FILE *stream);
bool output_json(void);
/* Flush what was written; false once the reader has gone (EPIPE). */
bool output_flush(void);

/* The text column headings; nothing in JSON mode. */
void output_header(const struct field *fields, size_t n);

void rec_begin(void);
void rec_str(const struct field *f, const char *s, size_t maxlen);
/* NUL-separated strings: a JSON array, or space-joined text ending in "..." if truncated. */
void rec_strv(const struct field *f, const char *buf, size_t len, bool truncated);
void rec_int(const struct field *f, long long v);
void rec_uint(const struct field *f, unsigned long long v);
void rec_bool(const struct field *f, bool v);
/* A fixed-point number: text with `decimals` places, JSON as a number. */
void rec_double(const struct field *f, double v, int decimals);
/* Kernel boot-time (bpf_ktime_get_ns) as wall-clock HH:MM:SS, JSON epoch seconds. */
void rec_time(const struct field *f, __u64 ktime_ns);
void rec_end(void);

/* JSON-only pieces for nested values (histogram buckets); no-ops in text mode. */
void rec_json_key(const char *key);
void rec_json_raw(const char *s);

/* Raw text in text mode (histogram bars); nothing in JSON mode. */
void output_text(const char *s, size_t len);

/* Wall-clock seconds since the epoch for a bpf_ktime_get_ns() value. */
double ktime_to_epoch(__u64 ktime_ns);
/* "HH:MM:SS" of the current local time into buf[9]. */
void local_hms(char buf[9]);

#endif
