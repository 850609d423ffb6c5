// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "output.h"

static struct {
	bool json;
	FILE *stream;
	struct strbuf line;
	size_t fields; /* fields written to the current record */
	bool broken;   /* the reader went away */
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

bool output_flush(void)
{
	if (fflush(out.stream) == EOF && errno == EPIPE)
		out.broken = true;
	return !out.broken;
}

void output_header(const struct field *fields, size_t n)
{
	size_t i;

	if (out.json)
		return;
	rec_begin();
	for (i = 0; i < n; i++)
		rec_str(&fields[i], fields[i].header, strlen(fields[i].header));
	rec_end();
}

void rec_begin(void)
{
	sb_reset(&out.line);
	out.fields = 0;
	if (out.json)
		sb_putc(&out.line, '{');
}

void rec_end(void)
{
	if (out.json)
		sb_putc(&out.line, '}');
	sb_putc(&out.line, '\n');
	if (fwrite(out.line.buf, 1, out.line.len, out.stream) != out.line.len && errno == EPIPE)
		out.broken = true;
}

/* Start a field: the JSON key, or the separator before a text column. */
static bool field_begin(const struct field *f)
{
	if (out.json) {
		if (out.fields++)
			sb_putc(&out.line, ',');
		sb_putc(&out.line, '"');
		sb_puts(&out.line, f->key);
		sb_puts(&out.line, "\":");
		return true;
	}
	if (f->hidden)
		return false;
	if (out.fields++)
		sb_putc(&out.line, ' ');
	return true;
}

/* Characters (UTF-8 lead bytes), not bytes, fill a column on the terminal. */
static size_t display_width(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Pad the text column that began at `start` to the field's width. */
static void field_pad(const struct field *f, size_t start)
{
	size_t bytes = out.line.len - start, used = display_width(out.line.buf + start, bytes);
	size_t width = f->width < 0 ? -f->width : f->width;

	if (out.json || used >= width)
		return;
	if (f->width < 0) {
		sb_pad(&out.line, ' ', width - used);
		return;
	}
	/* right-align: shift what was written to the end of the column */
	sb_pad(&out.line, ' ', width - used);
	memmove(out.line.buf + start + (width - used), out.line.buf + start, bytes);
	memset(out.line.buf + start, ' ', width - used);
}

void rec_str(const struct field *f, const char *s, size_t maxlen)
{
	size_t start, len = strnlen(s, maxlen);

	if (!field_begin(f))
		return;
	start = out.line.len;
	if (out.json) {
		sb_putc(&out.line, '"');
		sb_json_escaped(&out.line, s, len);
		sb_putc(&out.line, '"');
		return;
	}
	sb_text_escaped(&out.line, s, len);
	field_pad(f, start);
}

void rec_strv(const struct field *f, const char *buf, size_t len, bool truncated)
{
	size_t start, i = 0, n;

	if (!field_begin(f))
		return;
	start = out.line.len;
	if (out.json)
		sb_putc(&out.line, '[');
	while (i < len) {
		n = strnlen(buf + i, len - i);
		if (i)
			sb_putc(&out.line, out.json ? ',' : ' ');
		if (out.json) {
			sb_putc(&out.line, '"');
			sb_json_escaped(&out.line, buf + i, n);
			sb_putc(&out.line, '"');
		} else if (f->quoted) {
			sb_text_quoted(&out.line, buf + i, n);
		} else {
			sb_text_escaped(&out.line, buf + i, n);
		}
		i += n + 1;
	}
	if (out.json) {
		sb_putc(&out.line, ']');
		return;
	}
	if (truncated)
		sb_puts(&out.line, len ? " ..." : "...");
	field_pad(f, start);
}

/* A scalar field: the same digits in text and JSON. */
static void rec_scalar(const struct field *f, const char *fmt, ...)
{
	va_list ap;
	size_t start;

	if (!field_begin(f))
		return;
	start = out.line.len;
	va_start(ap, fmt);
	sb_vprintf(&out.line, fmt, ap);
	va_end(ap);
	field_pad(f, start);
}

void rec_int(const struct field *f, long long v)
{
	rec_scalar(f, "%lld", v);
}

void rec_uint(const struct field *f, unsigned long long v)
{
	rec_scalar(f, f->format && !out.json ? f->format : "%llu", v);
}

void rec_bool(const struct field *f, bool v)
{
	rec_scalar(f, "%s", v ? "true" : "false");
}

void rec_double(const struct field *f, double v, int decimals)
{
	if (out.json && !isfinite(v))
		rec_scalar(f, "null"); /* JSON has no NaN or infinity */
	else
		rec_scalar(f, "%.*f", decimals, v);
}

double ktime_to_epoch(__u64 ktime_ns)
{
	static double offset; /* CLOCK_REALTIME - CLOCK_MONOTONIC, read once */
	struct timespec mono, real;

	if (!offset) {
		clock_gettime(CLOCK_MONOTONIC, &mono);
		clock_gettime(CLOCK_REALTIME, &real);
		offset = (real.tv_sec - mono.tv_sec) + (real.tv_nsec - mono.tv_nsec) / 1e9;
	}
	return ktime_ns / 1e9 + offset;
}

static void format_hms(char buf[9], time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, 9, "%H:%M:%S", &tm);
}

void local_hms(char buf[9])
{
	format_hms(buf, time(NULL));
}

void rec_time(const struct field *f, __u64 ktime_ns)
{
	double epoch = ktime_to_epoch(ktime_ns);
	size_t start;
	char hms[9];

	if (!field_begin(f))
		return;
	start = out.line.len;
	if (out.json) {
		sb_printf(&out.line, "%.6f", epoch);
		return;
	}
	format_hms(hms, (time_t)epoch);
	sb_puts(&out.line, hms);
	field_pad(f, start);
}

void rec_json_key(const char *key)
{
	if (!out.json)
		return;
	if (out.fields++)
		sb_putc(&out.line, ',');
	sb_printf(&out.line, "\"%s\":", key);
}

void rec_json_raw(const char *s)
{
	if (out.json)
		sb_puts(&out.line, s);
}

void output_text(const char *s, size_t len)
{
	if (!out.json && fwrite(s, 1, len, out.stream) != len && errno == EPIPE)
		out.broken = true;
}
