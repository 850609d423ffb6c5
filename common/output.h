/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Records: one table of a tool's fields renders both its text columns and
 * its JSON objects, so the two never drift apart.
 *
 *	output_table(fields, n, shown);		(once; common/columns.c does it)
 *	rec_begin();
 *	rec_task(&e->task);			(TIME, UID, PID, TID, COMM)
 *	rec_int(F_FD, e->fd);
 *	rec_str(F_PATH, e->path, len);
 *	rec_end();
 *
 * Fields are named by their index in the table and may be given in any
 * order: a record is printed in the table's order. Text mode prints the
 * columns that are shown, padded to their width (a shown field the record
 * did not set prints empty); JSON mode prints every field the record set as
 * "key":value, one object per line.
 */
#ifndef SONDE_OUTPUT_H
#define SONDE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

#include "strbuf.h"
#include "task.h"

/* The columns of the task head (common/task.h); rec_task() fills them. */
enum task_column {
	TASK_NONE,
	TASK_TIME, /* wall clock: HH:MM:SS in text, epoch seconds in JSON */
	TASK_UID,
	TASK_PID,
	TASK_TID,
	TASK_COMM,
};

/* As if an option were always given: a shown_by or quoted_by that always holds. */
#define OPTION_ALWAYS (-1)
/* As if an option were never given: a task column JSON alone carries (shown_by). */
#define OPTION_NEVER (-2)

struct field {
	const char *key;    /* JSON key */
	const char *header; /* text column heading; NULL: a field JSON alone carries */
	int width;	    /* text width: > 0 right-aligned, < 0 left-aligned, 0 unpadded */
	const char *format; /* rec_uint() in text: a printf format for an unsigned long long */
	int quoted_by;	    /* rec_strv() in text: each string in double quotes when this option
			     * was given (or OPTION_ALWAYS) */
	int shown_by;	    /* in text only when the option with this key was given */
	int hidden_by;	    /* not in text when the option with this key was given */
	/*
	 * One of the task head's columns: key, heading, width and shown_by
	 * default to the standard ones (common/columns.c), and a tool sets
	 * only what differs from them.
	 */
	enum task_column task;
};

#define N_FIELDS(table) (sizeof(table) / sizeof((table)[0]))

void output_init(bool json, FILE *stream);
bool output_json(void);
/* Flush what was written; false once the reader has gone (EPIPE). */
bool output_flush(void);
/* Whether the reader of our output has gone. */
bool output_broken(void);
/* The reader has gone: seen by poll() before any write failed (common/loop.c). */
void output_gone(void);

/*
 * The table records are printed by from now on: `fields` with every default
 * filled in, and which of them are text columns (common/columns.c decides).
 * Both are copied.
 */
void output_table(const struct field *fields, const bool *shown, size_t n);
/* The parts of the task head (TASK_HEAD_*, common/task.h) the records show. */
unsigned int output_task_parts(void);
/* A new heading for column f, for a unit an option chose (a string that outlives the table). */
void output_retitle(int f, const char *header);

/* The text column headings of the table; nothing in JSON mode. */
void output_header(void);

void rec_begin(void);
void rec_str(int f, const char *s, size_t maxlen);
/* NUL-separated strings (an argv) for rec_strv(). */
struct strv {
	const char *buf;
	size_t len;		 /* bytes in buf; the last string needs no NUL */
	size_t max;		 /* show the first `max` strings (0: all) and mark the cut */
	bool truncated;		 /* more strings followed that buf does not hold */
	const __u64 *unreadable; /* bit i: string i could not be read (NULL: none) */
	size_t unreadable_bits;
};

/*
 * A JSON array (an unreadable string as null), or space-joined text ending
 * in "..." if cut, an unreadable string as \(unreadable): a form the text
 * escaping never produces for a real string, so no argument can fake it.
 */
void rec_strv(int f, const struct strv *v);
/* The number of strings rec_strv() shows. */
size_t strv_count(const struct strv *v);
/* Whether it shows fewer strings than there were (cut by max, or truncated). */
bool strv_cut(const struct strv *v);
void rec_int(int f, long long v);
void rec_uint(int f, unsigned long long v);
void rec_bool(int f, bool v);
/* A fixed-point number: text with `decimals` places, JSON as a number. */
void rec_double(int f, double v, int decimals);
/* A duration: JSON nanoseconds, text milliseconds with two decimals, as bcc prints latencies. */
void rec_latency(int f, __u64 ns);
/* A size: JSON bytes, text whole KiB (bcc's Kbytes and OFF_KB columns). */
void rec_kbytes(int f, __u64 bytes);
/* Kernel time (bpf_ktime_get_ns) as wall-clock HH:MM:SS, JSON epoch seconds. */
void rec_time(int f, __u64 ktime_ns);
/* A value that is not known: "-" in text, null in JSON. */
void rec_null(int f);
/* A value already written as JSON (an array, an object): JSON mode only. */
void rec_json(int f, const char *json, size_t len);
/* The task head, into whichever of its columns the table has. */
void rec_task(const struct task_head *h);
void rec_end(void);

/* A line as it is ("\n" added): JSON records built elsewhere, text reports. */
void output_line(const char *s, size_t len);
/* Raw text in text mode (histogram bars); nothing in JSON mode. */
void output_text(const char *s, size_t len);

#endif
