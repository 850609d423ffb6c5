// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Rendering records (output.h): each value is written once, in the form the
 * mode wants (escaped text or JSON), into the record's value buffer; the
 * line is then put together in the table's order, padded in text mode, and
 * written with one call so lines never interleave.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "output.h"

/* Where a field's rendered value sits in out.values; len 0 and !set when not given. */
struct slot {
	size_t start, len;
	bool set;
};

static struct {
	bool json;
	FILE *stream;
	bool broken; /* the reader went away */
	struct field *fields;
	bool *shown;
	struct slot *slots;
	struct strbuf keys; /* each field's ,"key": one after the other (JSON) */
	size_t *key_at;	    /* where field i's starts in keys; its end is where i + 1's starts */
	size_t n;
	struct strbuf values; /* this record's rendered values */
	struct strbuf line;
} out = { .stream = NULL };

void output_init(bool json, FILE *stream)
{
	out.json = json;
	out.stream = stream;
	out.broken = false;
}

bool output_json(void)
{
	return out.json;
}

bool output_broken(void)
{
	return out.broken;
}

void output_gone(void)
{
	out.broken = true;
}

bool output_flush(void)
{
	if (fflush(out.stream) == EOF && errno == EPIPE)
		out.broken = true;
	return !out.broken;
}

static void *copy_of(const void *p, size_t size)
{
	void *c = malloc(size ? size : 1);

	if (!c) {
		fputs("out of memory\n", stderr);
		exit(1);
	}
	return memcpy(c, p, size);
}

void output_table(const struct field *fields, const bool *shown, size_t n)
{
	size_t i;

	free(out.fields);
	free(out.shown);
	free(out.slots);
	out.fields = copy_of(fields, n * sizeof(*fields));
	out.shown = copy_of(shown, n * sizeof(*shown));
	out.slots = calloc(n ? n : 1, sizeof(*out.slots));
	free(out.key_at);
	out.key_at = calloc(n + 1, sizeof(*out.key_at));
	if (!out.slots || !out.key_at) {
		fputs("out of memory\n", stderr);
		exit(1);
	}
	sb_reset(&out.keys);
	for (i = 0; i < n; i++) {
		out.key_at[i] = out.keys.len;
		sb_printf(&out.keys, ",\"%s\":", fields[i].key);
	}
	out.key_at[n] = out.keys.len;
	out.n = n;
}

unsigned int output_task_parts(void)
{
	unsigned int parts = 0;
	size_t i;

	for (i = 0; i < out.n; i++) {
		if (!out.json && !out.shown[i]) /* JSON carries every field */
			continue;
		if (out.fields[i].task == TASK_TIME)
			parts |= TASK_HEAD_TIME;
		if (out.fields[i].task == TASK_UID)
			parts |= TASK_HEAD_UID;
	}
	return parts;
}

void output_retitle(int f, const char *header)
{
	out.fields[f].header = header;
}

static void write_line(const struct strbuf *sb)
{
	if (fwrite(sb->buf, 1, sb->len, out.stream) != sb->len && errno == EPIPE)
		out.broken = true;
}

void output_line(const char *s, size_t len)
{
	sb_reset(&out.line);
	sb_append(&out.line, s, len);
	sb_putc(&out.line, '\n');
	write_line(&out.line);
}

void output_text(const char *s, size_t len)
{
	if (!out.json && fwrite(s, 1, len, out.stream) != len && errno == EPIPE)
		out.broken = true;
}

/* Characters (UTF-8 lead bytes), not bytes, fill a column on the terminal. */
static size_t display_width(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* One text column: the value padded to the field's width (the last one left as it ends). */
static void put_column(const struct field *f, const char *s, size_t len, bool last)
{
	size_t used, width = f->width < 0 ? -f->width : f->width, pad;

	if (!width) {
		sb_append(&out.line, s, len);
		return;
	}
	used = display_width(s, len);
	pad = used < width ? width - used : 0;
	if (f->width > 0)
		sb_pad(&out.line, ' ', pad);
	sb_append(&out.line, s, len);
	if (f->width < 0 && !last)
		sb_pad(&out.line, ' ', pad);
}

/* The index after the last shown column. */
static size_t columns_end(void)
{
	size_t end = out.n;

	while (end && !out.shown[end - 1])
		end--;
	return end;
}

void output_header(void)
{
	size_t i, end = columns_end();
	bool first = true;

	if (out.json)
		return;
	sb_reset(&out.line);
	for (i = 0; i < end; i++) {
		if (!out.shown[i])
			continue;
		if (!first)
			sb_putc(&out.line, ' ');
		first = false;
		put_column(&out.fields[i], out.fields[i].header, strlen(out.fields[i].header),
			   i == end - 1);
	}
	if (first)
		return; /* no column at all: a tool that writes its own lines */
	sb_putc(&out.line, '\n');
	write_line(&out.line);
}

void rec_begin(void)
{
	sb_reset(&out.values);
	memset(out.slots, 0, out.n * sizeof(*out.slots));
}

/* Start field f's value; NULL if the mode does not print it. */
static struct strbuf *value_begin(int f)
{
	if (f < 0 || (size_t)f >= out.n || (!out.json && !out.shown[f]))
		return NULL;
	out.slots[f].start = out.values.len;
	return &out.values;
}

static void value_end(int f)
{
	out.slots[f].len = out.values.len - out.slots[f].start;
	out.slots[f].set = true;
}

static void text_record(void)
{
	size_t i, end = columns_end();
	const struct slot *s;
	bool first = true;

	for (i = 0; i < end; i++) {
		if (!out.shown[i])
			continue;
		if (!first)
			sb_putc(&out.line, ' ');
		first = false;
		s = &out.slots[i];
		/* an empty value may sit in a buffer not yet allocated */
		put_column(&out.fields[i], s->len ? out.values.buf + s->start : "", s->len,
			   i == end - 1);
	}
}

static void json_record(void)
{
	const struct slot *s;
	bool first = true;
	size_t i;

	sb_putc(&out.line, '{');
	for (i = 0; i < out.n; i++) {
		s = &out.slots[i];
		if (!s->set)
			continue;
		/* the key with its comma, but for the first */
		sb_append(&out.line, out.keys.buf + out.key_at[i] + first,
			  out.key_at[i + 1] - out.key_at[i] - first);
		sb_append(&out.line, out.values.buf + s->start, s->len);
		first = false;
	}
	sb_putc(&out.line, '}');
}

void rec_end(void)
{
	sb_reset(&out.line);
	if (out.json)
		json_record();
	else
		text_record();
	sb_putc(&out.line, '\n');
	write_line(&out.line);
}

void rec_str(int f, const char *s, size_t maxlen)
{
	struct strbuf *sb = value_begin(f);
	size_t len = strnlen(s, maxlen);

	if (!sb)
		return;
	if (out.json) {
		sb_putc(sb, '"');
		sb_json_escaped(sb, s, len);
		sb_putc(sb, '"');
	} else {
		sb_text_escaped(sb, s, len);
	}
	value_end(f);
}

/* One string of a rec_strv() list, in the mode's form. */
static void strv_item(struct strbuf *sb, const struct field *field, const char *s, size_t n)
{
	if (out.json) {
		sb_putc(sb, '"');
		sb_json_escaped(sb, s, n);
		sb_putc(sb, '"');
	} else if (field->quoted_by) { /* resolved: columns.c cleared it unless given */
		sb_text_quoted(sb, s, n);
	} else {
		sb_text_escaped(sb, s, n);
	}
}

static bool strv_unreadable(const struct strv *v, size_t i)
{
	return v->unreadable && i < v->unreadable_bits && (v->unreadable[i / 64] >> (i % 64)) & 1;
}

size_t strv_count(const struct strv *v)
{
	size_t i = 0, n = 0;

	for (; i < v->len && (!v->max || n < v->max); n++)
		i += strnlen(v->buf + i, v->len - i) + 1;
	return n;
}

/* Cut by max: strings are left after the first max. */
bool strv_cut(const struct strv *v)
{
	size_t i = 0, n = 0;

	if (v->truncated)
		return true;
	for (; i < v->len && (!v->max || n < v->max); n++)
		i += strnlen(v->buf + i, v->len - i) + 1;
	return i < v->len;
}

void rec_strv(int f, const struct strv *v)
{
	struct strbuf *sb = value_begin(f);
	size_t i = 0, k = 0, n;

	if (!sb)
		return;
	if (out.json)
		sb_putc(sb, '[');
	for (; i < v->len && (!v->max || k < v->max); i += n + 1, k++) {
		n = strnlen(v->buf + i, v->len - i);
		if (k)
			sb_putc(sb, out.json ? ',' : ' ');
		if (strv_unreadable(v, k))
			sb_puts(sb, out.json ? "null" : "\\(unreadable)");
		else
			strv_item(sb, &out.fields[f], v->buf + i, n);
	}
	if (out.json)
		sb_putc(sb, ']');
	else if (v->truncated || i < v->len)
		sb_puts(sb, k ? " ..." : "...");
	value_end(f);
}

void rec_int(int f, long long v)
{
	struct strbuf *sb = value_begin(f);

	if (!sb)
		return;
	sb_s64(sb, v);
	value_end(f);
}

void rec_uint(int f, unsigned long long v)
{
	struct strbuf *sb = value_begin(f);

	if (!sb)
		return;
	if (out.fields[f].format && !out.json)
		sb_printf(sb, out.fields[f].format, v);
	else
		sb_u64(sb, v);
	value_end(f);
}

/* A value written as it is, the same in both modes. */
static void rec_word(int f, const char *word)
{
	struct strbuf *sb = value_begin(f);

	if (!sb)
		return;
	sb_puts(sb, word);
	value_end(f);
}

void rec_bool(int f, bool v)
{
	rec_word(f, v ? "true" : "false");
}

void rec_double(int f, double v, int decimals)
{
	struct strbuf *sb;

	if (out.json && !isfinite(v)) {
		rec_word(f, "null"); /* JSON has no NaN or infinity */
		return;
	}
	sb = value_begin(f);
	if (!sb)
		return;
	sb_fixed(sb, v, decimals);
	value_end(f);
}

void rec_latency(int f, __u64 ns)
{
	if (out.json)
		rec_uint(f, ns);
	else
		rec_double(f, ns / 1e6, 2);
}

void rec_kbytes(int f, __u64 bytes)
{
	rec_uint(f, out.json ? bytes : bytes / 1024);
}

void rec_null(int f)
{
	rec_word(f, out.json ? "null" : "-");
}

void rec_json(int f, const char *json, size_t len)
{
	struct strbuf *sb = out.json ? value_begin(f) : NULL;

	if (!sb)
		return;
	sb_append(sb, json, len);
	value_end(f);
}

void rec_time(int f, __u64 ktime_ns)
{
	/* one local time conversion a second: records come in time order */
	static time_t last = -1;
	static char hms[9];
	struct strbuf *sb = value_begin(f);
	double epoch;

	if (!sb)
		return;
	epoch = ktime_to_epoch(ktime_ns);
	if (out.json) {
		sb_fixed(sb, epoch, 6);
	} else {
		if ((time_t)epoch != last || last == -1) {
			last = (time_t)epoch;
			format_hms(hms, last);
		}
		sb_append(sb, hms, strnlen(hms, sizeof(hms)));
	}
	value_end(f);
}

void rec_task(const struct task_head *h)
{
	size_t i;

	for (i = 0; i < out.n; i++) {
		switch (out.fields[i].task) {
		case TASK_TIME:
			rec_time(i, h->ts);
			break;
		case TASK_UID:
			rec_uint(i, h->uid);
			break;
		case TASK_PID:
			rec_uint(i, h->pid);
			break;
		case TASK_TID:
			rec_uint(i, h->tid);
			break;
		case TASK_COMM:
			rec_str(i, h->comm, sizeof(h->comm));
			break;
		case TASK_NONE:
			break;
		}
	}
}
