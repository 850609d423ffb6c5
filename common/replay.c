// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * SONDE_RECORD and SONDE_REPLAY (replay.h): an event tool's raw ring-buffer
 * records written to a file as they arrive, and fed back to its on_event
 * from that file.
 *
 * The file, in the byte order and layouts of the machine that wrote it
 * (the records are the tool's own structs, tools/<tool>.h):
 *
 *	header, 40 bytes:
 *	  char  magic[8]	"SONDEREC"
 *	  __u32 version		1
 *	  __u32 byte_order	0x01020304 as the writer stored it
 *	  char  tool[16]	the tool's name, NUL-padded
 *	  __s64 epoch_offset_ns	wall clock minus kernel time (clock.h) in the run
 *	then each record, in the order the tool received them:
 *	  __u32 len		its bytes
 *	  __u32 flags		0 (version 1 has no other kind of frame)
 *	  len bytes, then zeros up to a multiple of 8
 *
 * Every frame starts 8-byte aligned, as records do in the ring buffer, so a
 * replay hands the tool its records in place, straight out of its read
 * buffer, aligned for the structs they hold. The file is read as a stream
 * (a pipe serves: SONDE_REPLAY=/dev/stdin), through a buffer that grows to
 * the largest record. A file that is not a recording of this tool, or that
 * ends inside a frame, is one line on stderr and exit status 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>

#include "clock.h"
#include "replay.h"
#include "run.h"
#include "strbuf.h"

#define REC_MAGIC      "SONDEREC"
#define REC_VERSION    1
#define REC_BYTE_ORDER 0x01020304u
/* A frame claiming more is damage: ring buffers hold far less. */
#define REC_MAX_LEN (64u << 20)
/* What a replay reads at a time. */
#define READ_CHUNK (1u << 20)

struct rec_header {
	char magic[8];
	__u32 version;
	__u32 byte_order;
	char tool[16];
	__s64 epoch_offset_ns;
};

struct rec_frame {
	__u32 len;
	__u32 flags;
};

_Static_assert(sizeof(struct rec_header) == 40, "the header is 40 bytes");
_Static_assert(sizeof(struct rec_frame) == 8, "a frame header is 8 bytes");

static size_t padded(size_t len)
{
	return (len + 7) & ~(size_t)7;
}

static const char *record_path(void)
{
	const char *p = getenv("SONDE_RECORD");

	return p && *p ? p : NULL;
}

bool record_wanted(void)
{
	return record_path() != NULL;
}

static const char *replay_path(void)
{
	const char *p = getenv("SONDE_REPLAY");

	return p && *p ? p : NULL;
}

bool replay_wanted(void)
{
	return replay_path() != NULL;
}

bool replay_refused(struct run *r)
{
	const char *rec = record_path(), *rep = replay_path();

	if (!rec && !rep)
		return false;
	if (rec && rep)
		run_fail(r, "SONDE_RECORD and SONDE_REPLAY: one or the other, not both");
	else if (!r->tool->on_event)
		run_fail(r, "%s: only event tools record and replay; this one reports summaries",
			 rec ? "SONDE_RECORD" : "SONDE_REPLAY");
	else
		return false;
	return true;
}

/* ---- recording ---- */

static struct {
	FILE *f;
	const char *path;
	struct run *r;
	ring_buffer_sample_fn handle;
	void *ctx;
} rec;

static void record_failed(void)
{
	run_fail(rec.r, "cannot write the recording %s: %s (tracing goes on)", rec.path,
		 strerror(errno ? errno : EIO));
	if (rec.f)
		fclose(rec.f);
	rec.f = NULL;
}

static int record_sample(void *ctx, void *data, size_t len)
{
	static const char zeros[8];
	struct rec_frame frame = { .len = len };

	(void)ctx;
	if (rec.f && (fwrite_unlocked(&frame, sizeof(frame), 1, rec.f) != 1 ||
		      fwrite_unlocked(data, 1, len, rec.f) != len ||
		      fwrite_unlocked(zeros, 1, padded(len) - len, rec.f) != padded(len) - len))
		record_failed();
	return rec.handle(rec.ctx, data, len);
}

int record_start(struct run *r, ring_buffer_sample_fn *handle, void **ctx)
{
	struct rec_header h = { .magic = REC_MAGIC,
				.version = REC_VERSION,
				.byte_order = REC_BYTE_ORDER };
	const char *path = record_path();
	int fd;

	if (!path)
		return 0;
	/* read now, the run's times are converted with it too */
	h.epoch_offset_ns = clock_epoch_offset_ns();
	memcpy(h.tool, r->tool->name, strnlen(r->tool->name, sizeof(h.tool)));
	/* what a trace holds (paths, arguments) is for the operator alone: 0600 */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	rec.f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!rec.f) {
		run_fail(r, "cannot create the recording %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	setvbuf(rec.f, NULL, _IOFBF, 256 << 10);
	rec.path = path;
	rec.r = r;
	rec.handle = *handle;
	rec.ctx = *ctx;
	*handle = record_sample;
	*ctx = NULL;
	if (fwrite(&h, sizeof(h), 1, rec.f) != 1)
		record_failed();
	return 0;
}

void record_stop(struct run *r)
{
	(void)r;
	if (rec.f && fclose(rec.f) == EOF) {
		rec.f = NULL;
		record_failed();
	}
	rec.f = NULL;
}

/* ---- replaying ---- */

/* The unread part of the file: bytes [start, end) of buf. */
struct reader {
	int fd;
	char *buf;
	size_t cap, start, end;
};

/*
 * At least `want` unread bytes at buf + start, or all the file has left:
 * how many there are, or -1 (errno set) if reading failed. The unread
 * bytes move to the start of buf first, which keeps them 8-byte aligned:
 * frames are, and start is always a frame's beginning.
 */
static ssize_t reader_fill(struct reader *rd, size_t want)
{
	size_t have = rd->end - rd->start, cap;
	ssize_t n;
	char *buf;

	if (have >= want)
		return have;
	memmove(rd->buf, rd->buf + rd->start, have);
	rd->start = 0;
	rd->end = have;
	if (want > rd->cap) {
		for (cap = rd->cap; cap < want; cap *= 2)
			;
		buf = realloc(rd->buf, cap);
		if (!buf)
			return -1;
		rd->buf = buf;
		rd->cap = cap;
	}
	while (rd->end - rd->start < want) {
		n = read(rd->fd, rd->buf + rd->end, rd->cap - rd->end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		rd->end += n;
	}
	return rd->end - rd->start;
}

/* The header read and checked: 0, or -1 after run_fail(). */
static int read_header(struct run *r, struct reader *rd, const char *path)
{
	const __u32 swapped = __builtin_bswap32(REC_BYTE_ORDER);
	ssize_t n = reader_fill(rd, sizeof(struct rec_header));
	struct strbuf name = { 0 };
	struct rec_header h;

	if (n < 0) {
		run_fail(r, "cannot read the recording %s: %s", path, strerror(errno));
		return -1;
	}
	if ((size_t)n < sizeof(h) || memcmp(rd->buf, REC_MAGIC, 8)) {
		run_fail(r, "%s is not a sonde recording (SONDE_RECORD makes them)", path);
		return -1;
	}
	memcpy(&h, rd->buf, sizeof(h));
	rd->start += sizeof(h);
	if (h.byte_order != REC_BYTE_ORDER) {
		run_fail(r, "%s was recorded on a machine of %s: replay it there", path,
			 h.byte_order == swapped ? "the other byte order" : "unknown byte order");
		return -1;
	}
	if (h.version != REC_VERSION) {
		run_fail(r, "%s is a recording of version %u: this %s reads version %u", path,
			 h.version, r->tool->name, REC_VERSION);
		return -1;
	}
	if (strncmp(h.tool, r->tool->name, sizeof(h.tool))) {
		/* the name is the file's: escaped, as every string from outside */
		sb_text_escaped(&name, h.tool, strnlen(h.tool, sizeof(h.tool)));
		run_fail(r, "%s is a recording of %s, not of %s", path, sb_str(&name),
			 r->tool->name);
		sb_free(&name);
		return -1;
	}
	clock_set_epoch_offset_ns(h.epoch_offset_ns);
	return 0;
}

/* Every record to handle(ctx), in order: 0, or -1 after run_fail(). *done counts them. */
static int read_records(struct run *r, struct reader *rd, const char *path,
			ring_buffer_sample_fn handle, void *ctx, unsigned long *done)
{
	struct rec_frame frame;
	unsigned long i;
	size_t size;
	ssize_t n;
	int err;

	for (i = 1; !run_stopping(); i++) {
		n = reader_fill(rd, sizeof(frame));
		if (n == 0)
			return 0;
		if (n > 0 && (size_t)n >= sizeof(frame)) {
			memcpy(&frame, rd->buf + rd->start, sizeof(frame));
			if (frame.flags || frame.len > REC_MAX_LEN) {
				run_fail(
					r,
					"%s: record %lu is damaged (a frame of %u bytes, flags %#x)",
					path, i, frame.len, frame.flags);
				return -1;
			}
			size = sizeof(frame) + padded(frame.len);
			n = reader_fill(rd, size);
		} else {
			size = sizeof(frame);
		}
		if (n < 0) {
			run_fail(r, "cannot read the recording %s: %s", path, strerror(errno));
			return -1;
		}
		if ((size_t)n < size) {
			run_fail(r,
				 "%s: record %lu is cut short (%zd of %zu bytes): not all replayed",
				 path, i, n, size);
			return -1;
		}
		err = handle(ctx, rd->buf + rd->start + sizeof(frame), frame.len);
		if (err < 0) {
			run_fail(r, "record %lu of %s: %s", i, path, strerror(-err));
			return -1;
		}
		rd->start += size;
		*done = i;
	}
	return 0;
}

int replay_events(struct run *r, ring_buffer_sample_fn handle, void *ctx)
{
	struct reader rd = { .cap = READ_CHUNK };
	const char *path = replay_path();
	unsigned long done = 0;
	sigset_t stops;
	int err = -1;

	/* no wait to catch them in (loop.c): SIGINT and SIGTERM set the flag at once */
	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &stops, NULL);

	rd.fd = open(path, O_RDONLY | O_CLOEXEC);
	rd.buf = malloc(rd.cap);
	if (rd.fd < 0 || !rd.buf) {
		run_fail(r, "cannot open the recording %s: %s", path, strerror(errno));
		goto out;
	}
	if (read_header(r, &rd, path))
		goto out;
	output_header();
	err = read_records(r, &rd, path, handle, ctx, &done);
	if (r->verbose) /* -v: how many, for the bench's events per second */
		run_warn(r, "replayed %lu records of %s", done, path);
out:
	output_flush();
	free(rd.buf);
	if (rd.fd >= 0)
		close(rd.fd);
	return err;
}
