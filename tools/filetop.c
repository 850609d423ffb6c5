// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* filetop: the files read and written the most, per process, every interval. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>

#include "maps.h"
#include "run.h"
#include "topview.h"
#include "filetop.h"
#include "filetop.skel.h"

#define DEFAULT_ROWS 20

enum sort_by { SORT_ALL, SORT_READS, SORT_WRITES, SORT_RBYTES, SORT_WBYTES };

/* -s KEY, by enum sort_by */
static const char *const sort_names[] = { [SORT_ALL] = "all",
					  [SORT_READS] = "reads",
					  [SORT_WRITES] = "writes",
					  [SORT_RBYTES] = "rbytes",
					  [SORT_WBYTES] = "wbytes" };

struct entry {
	struct filetop_key key;
	struct filetop_value value;
};

/* Its context: the option values, then what a report needs. */
struct filetop {
	__u32 rows;	   /* -r */
	unsigned int sort; /* enum sort_by, -s */
	bool clear;	   /* a terminal, and no -C or -j */
	int paths_fd;
	struct file_path path; /* one read from the map of paths */
	struct summary tops;
};

enum { F_TIME, F_PID, F_COMM, F_READS, F_WRITES, F_RBYTES, F_WBYTES, F_TYPE, F_PATH };

/* bcc's columns: TID COMM READS WRITES R_Kb W_Kb T FILE, the process for the thread. */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_PID] = { "pid", "PID", -7 },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_READS] = { "reads", "READS", 6 },
	[F_WRITES] = { "writes", "WRITES", 6 },
	[F_RBYTES] = { "read_bytes", "R_Kb", 7 },
	[F_WBYTES] = { "write_bytes", "W_Kb", 7 },
	[F_TYPE] = { "type", "T", 1 },
	[F_PATH] = { "path", "FILE", 0 },
};

static const struct tool_option options[] = {
	{ "all-files", 'a', NULL, "include sockets, pipes and devices, not regular files only" },
	{ "noclear", 'C', NULL, "do not clear the screen between reports" },
	{ "rows", 'r', "ROWS", "print at most ROWS rows per report (default 20; 0: all)" },
	{ "sort", 's', "KEY", "sort by all (default), reads, writes, rbytes or wbytes" },
	{ 0 },
};

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct filetop *f = ctx->opts;

	if (key == 'r')
		return option_u32(ctx, arg, "rows", 0, 10240, &f->rows);
	if (key == 's')
		return top_sort_option(ctx, arg, sort_names, N_FIELDS(sort_names),
				       "all, reads, writes, rbytes or wbytes", &f->sort);
	return OPTION_NOT_MINE;
}

/* The figure rows are sorted by: bcc's "all" sums the four. */
static __u64 sort_value(const struct filetop *f, const struct filetop_value *v)
{
	switch (f->sort) {
	case SORT_READS:
		return v->reads;
	case SORT_WRITES:
		return v->writes;
	case SORT_RBYTES:
		return v->read_bytes;
	case SORT_WBYTES:
		return v->write_bytes;
	default:
		return v->reads + v->writes + v->read_bytes + v->write_bytes;
	}
}

/* Most first; then by process and file, for a stable order. */
static int compare_entries(const void *a, const void *b, void *ctx)
{
	const struct entry *x = a, *y = b;
	__u64 vx = sort_value(ctx, &x->value), vy = sort_value(ctx, &y->value);

	if (vx != vy)
		return vx > vy ? -1 : 1;
	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	return x->key.file.ino < y->key.file.ino ? -1 : x->key.file.ino > y->key.file.ino;
}

static const char *type_name(__u32 type)
{
	if (output_json())
		return type == FILE_REGULAR ? "regular" : type == FILE_SOCKET ? "socket" : "other";
	return type == FILE_REGULAR ? "R" : type == FILE_SOCKET ? "S" : "O";
}

static bool emit_row(void *ctx, const void *entry, double now)
{
	struct filetop *f = ctx;
	const struct entry *e = entry;

	if (bpf_map_lookup_elem(f->paths_fd, &e->key.file, &f->path))
		f->path.path[0] = '\0'; /* the map was full: the path is not known */
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_uint(F_PID, e->key.pid);
	rec_str(F_COMM, e->key.comm, SONDE_COMM_LEN);
	rec_uint(F_READS, e->value.reads);
	rec_uint(F_WRITES, e->value.writes);
	rec_kbytes(F_RBYTES, e->value.read_bytes);
	rec_kbytes(F_WBYTES, e->value.write_bytes);
	rec_str(F_TYPE, type_name(e->key.type), 8);
	rec_str(F_PATH, f->path.path, sizeof(f->path.path));
	rec_end();
	return true;
}

/*
 * The paths of the interval just read, so the map holds only the files of
 * one interval: a file read again has its path built again at once. One
 * seen for the first time in the instant between the swap and this, and
 * not again in its interval, shows no path.
 */
static void forget_paths(int fd)
{
	struct file_id key, next;
	bool first = true;

	while (!bpf_map_get_next_key(fd, first ? NULL : &key, &next)) {
		bpf_map_delete_elem(fd, &next);
		first = false;
		key = next;
	}
}

/* Start the next interval from zero, then print this one's busiest rows. */
static int report(void *ctx)
{
	struct filetop *f = ctx;
	struct entry *entries = f->tops.room;
	ssize_t n = summary_collect(&f->tops, sizeof(*entries), offsetof(struct entry, value));

	if (n < 0)
		return -1;
	top_heading(f->clear);
	top_rows(entries, n, sizeof(*entries), compare_entries, f, f->rows, emit_row);
	forget_paths(f->paths_fd);
	return 0;
}

static const struct probe probes[] = {
	FILE_IO_PROBES,
	{ 0 },
};

/* A top: a report every second unless told otherwise. */
static int setup(struct run *r, void *ctx)
{
	struct filetop *f = ctx;

	f->clear = top_setup(r, 'C');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	struct filetop_bpf *s = skel;

	(void)ctx;
	s->rodata->all_files = run_given(r, 'a');
	s->rodata->file_io_self = getpid();
}

static int prepare(void *skel, struct run *r, void *ctx)
{
	struct filetop *f = ctx;
	struct filetop_bpf *s = skel;

	(void)r;
	f->paths_fd = bpf_map__fd(s->maps.paths);
	return 0;
}

SKELETON(filetop);

static const struct tool tool = {
	.name = "filetop",
	.summary = "Show the files read and written the most, per process, every interval.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL,
	.options = options,
	.parse = parse_option,
	.examples = "  filetop                 the top 20 every second, until Ctrl-C\n"
		    "  filetop -C 5 10         ten five-second reports, the screen kept\n"
		    "  filetop -s wbytes -a    by bytes written, sockets and pipes too\n"
		    "  filetop -p 181 -j       process 181's files as JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &filetop_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.prepare = prepare,
	.summary_map = "tops",
	.summary_at = offsetof(struct filetop, tops),
	.summary_entry = sizeof(struct entry),
	.report = report,
};

int main(int argc, char **argv)
{
	struct filetop f = { .rows = DEFAULT_ROWS };

	return run_tool(&tool, &f, argc, argv);
}
