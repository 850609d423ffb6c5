// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* syncsnoop: trace sync(), syncfs(), fsync(), fdatasync(), sync_file_range() and msync(). */
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "decode.h"
#include "names.h"
#include "run.h"
#include "syncsnoop.h"
#include "syncsnoop.skel.h"

static const struct flag_name range_flags[] = {
	FLAG("SYNC_FILE_RANGE_WAIT_BEFORE", 1),
	FLAG("SYNC_FILE_RANGE_WRITE", 2),
	FLAG("SYNC_FILE_RANGE_WAIT_AFTER", 4),
	{ 0 },
};

static const struct flag_name msync_flags[] = {
	FLAG("MS_ASYNC", 1),
	FLAG("MS_INVALIDATE", 2),
	FLAG("MS_SYNC", 4),
	{ 0 },
};

static const struct {
	const char *name;
	const struct flag_name *flags; /* NULL: the call takes none */
} calls[SYNC_CALLS] = {
	[SYNC_SYNC] = { "sync" },
	[SYNC_SYNCFS] = { "syncfs" },
	[SYNC_FSYNC] = { "fsync" },
	[SYNC_FDATASYNC] = { "fdatasync" },
	[SYNC_SYNC_FILE_RANGE] = { "sync_file_range", range_flags },
	[SYNC_MSYNC] = { "msync", msync_flags },
};

enum {
	F_TIME,
	F_UID,
	F_PID,
	F_TID,
	F_COMM,
	F_CALL,
	F_FD,
	F_OFFSET,
	F_LEN,
	F_FLAGS,
	F_LAT,
	F_RET,
	F_ERR,
};

/* [TIME] PID COMM CALL FD LAT(ms) RET: bcc's syncsnoop has TIME(s) and CALL only. */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME },
	[F_UID] = { .task = TASK_UID },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_CALL] = { "call", "CALL", -15 },
	[F_FD] = { "fd", "FD", 4 },
	[F_OFFSET] = { "offset", "OFFSET", 12, .shown_by = 'e' },
	[F_LEN] = { "len", "LEN", 10, .shown_by = 'e' },
	[F_FLAGS] = { "flags", "FLAGS", -12, .shown_by = 'e' },
	[F_LAT] = { "lat_ms", "LAT(ms)", 10 },
	[F_RET] = { "ret", "RET", 0 },
	[F_ERR] = { "error" },
};

static const struct tool_option options[] = {
	{ "extended", 'e', NULL, "print the range and flags of sync_file_range() and msync()" },
	{ 0 },
};

/* Text: "0" or "-EIO"; JSON: the number, with the errno named in "error". */
static void rec_ret(const struct call_head *h)
{
	struct strbuf sb = { 0 };

	if (output_json()) {
		rec_result(F_RET, F_ERR, h->ret);
		return;
	}
	sb_result(&sb, h->ret);
	rec_str(F_RET, sb_str(&sb), sb.len);
	sb_free(&sb);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct sync_event *e = data;
	struct strbuf flags = { 0 };

	(void)ctx;
	if (len < sizeof(*e) || e->h.call >= SYNC_CALLS)
		return 0;
	if (calls[e->h.call].flags)
		sb_flags(&flags, calls[e->h.call].flags, e->flags);
	else
		sb_putc(&flags, '0');
	rec_begin();
	rec_task(&e->h.task);
	rec_str(F_CALL, calls[e->h.call].name, 32);
	rec_int(F_FD, e->fd);
	rec_uint(F_OFFSET, e->offset);
	rec_uint(F_LEN, e->len);
	rec_str(F_FLAGS, sb_str(&flags), flags.len);
	rec_double(F_LAT, e->h.lat_ns / 1e6, output_json() ? 6 : 3);
	rec_ret(&e->h);
	rec_end();
	sb_free(&flags);
	return 0;
}

static const struct probe probes[] = {
	{ "sync", { "enter_sync,exit_sync" } },
	{ "syncfs", { "enter_syncfs,exit_syncfs" } },
	{ "fsync", { "enter_fsync,exit_fsync" } },
	{ "fdatasync", { "enter_fdatasync,exit_fdatasync" } },
	{ "sync_file_range", { "enter_sync_file_range,exit_sync_file_range" } },
	{ "msync", { "enter_msync,exit_msync" } },
	{ 0 },
};

SKELETON(syncsnoop);

static const struct tool tool = {
	.name = "syncsnoop",
	.summary = "Trace sync(), syncfs(), fsync(), fdatasync(), sync_file_range() and msync(), "
		   "with their latency.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED |
		  SHARED_PRINT_UID | SHARED_PRINT_TID,
	.options = options,
	.examples = "  syncsnoop               every sync call, with the time spent in it\n"
		    "  syncsnoop -T -e         with the time, ranges and flags\n"
		    "  syncsnoop -n postgres   tasks named postgres only\n"
		    "  syncsnoop -j -d 60      a minute of JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &syncsnoop_skeleton,
	.probes = probes,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	return run_tool(&tool, NULL, argc, argv);
}
