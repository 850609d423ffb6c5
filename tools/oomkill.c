// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* oomkill: trace OOM kills: victim, trigger, memory figures, memory cgroup, load average. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>

#include "clock.h"
#include "run.h"
#include "strbuf.h"
#include "oomkill.h"
#include "oomkill.skel.h"

enum {
	F_TIME,
	F_TRIGGER_PID,
	F_TRIGGER_TID,
	F_TRIGGER_COMM,
	F_VICTIM_PID,
	F_VICTIM_TID,
	F_VICTIM_COMM,
	F_VICTIM_UID,
	F_PAGES,
	F_TOTAL_VM,
	F_ANON_RSS,
	F_FILE_RSS,
	F_SHMEM_RSS,
	F_PGTABLES,
	F_OOM_SCORE_ADJ,
	F_MEMCG,
	F_LOADAVG,
};

/* JSON keys; the text line is bcc's sentence (see print_text()). */
static const struct field fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_NEVER },
	[F_TRIGGER_PID] = { .task = TASK_PID, .key = "trigger_pid", .shown_by = OPTION_NEVER },
	[F_TRIGGER_TID] = { .task = TASK_TID, .key = "trigger_tid", .shown_by = OPTION_NEVER },
	[F_TRIGGER_COMM] = { .task = TASK_COMM, .key = "trigger_comm", .shown_by = OPTION_NEVER },
	[F_VICTIM_PID] = { "victim_pid" },
	[F_VICTIM_TID] = { "victim_tid" },
	[F_VICTIM_COMM] = { "victim_comm" },
	[F_VICTIM_UID] = { "victim_uid" },
	[F_PAGES] = { "pages" },
	[F_TOTAL_VM] = { "total_vm_kb" },
	[F_ANON_RSS] = { "anon_rss_kb" },
	[F_FILE_RSS] = { "file_rss_kb" },
	[F_SHMEM_RSS] = { "shmem_rss_kb" },
	[F_PGTABLES] = { "pgtables_kb" },
	[F_OOM_SCORE_ADJ] = { "oom_score_adj" },
	[F_MEMCG] = { "memcg" },
	[F_LOADAVG] = { "loadavg" },
};

/* /proc/loadavg as it is now, without its newline (bcc reads it when printing too). */
static void read_loadavg(char *buf, size_t len)
{
	FILE *f = fopen("/proc/loadavg", "re");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;

	if (f)
		fclose(f);
	while (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
}

/* "/a/b" from the names the kernel side kept, the victim's own group first. */
static void memcg_path(const struct oom_event *e, struct strbuf *sb)
{
	int i;

	if (e->flags & OOM_MEMCG_TRUNCATED)
		sb_puts(sb, "/...");
	for (i = (int)e->memcg_levels - 1; i >= 0; i--) {
		sb_putc(sb, '/');
		sb_append(sb, e->memcg[i], strnlen(e->memcg[i], OOM_MEMCG_NAME));
	}
	if (!e->memcg_levels && !(e->flags & OOM_MEMCG_TRUNCATED))
		sb_putc(sb, '/');
}

static __u64 rss_pages(const struct oom_event *e)
{
	return e->anon_rss + e->file_rss + e->shmem_rss;
}

/* bcc's line: HH:MM:SS Triggered by PID 1 ("a"), OOM kill of PID 2 ("b"), N pages, loadavg: ... */
static void print_text(const struct oom_event *e, const char *loadavg)
{
	static struct strbuf sb;
	char hms[9];

	format_hms(hms, (time_t)ktime_to_epoch(e->trigger.ts));
	sb_reset(&sb);
	sb_printf(&sb, "%s Triggered by PID %u (\"", hms, e->trigger.pid);
	sb_text_escaped(&sb, e->trigger.comm, strnlen(e->trigger.comm, sizeof(e->trigger.comm)));
	sb_printf(&sb, "\"), OOM kill of PID %u (\"", e->victim_pid);
	sb_text_escaped(&sb, e->victim_comm, strnlen(e->victim_comm, sizeof(e->victim_comm)));
	sb_printf(&sb, "\"), %llu pages, loadavg: %s\n", (unsigned long long)rss_pages(e), loadavg);
	output_text(sb.buf, sb.len);
}

static void print_json(const struct oom_event *e, const char *loadavg, long page_kb)
{
	struct strbuf memcg = { 0 };

	rec_begin();
	rec_task(&e->trigger);
	rec_uint(F_VICTIM_PID, e->victim_pid);
	rec_uint(F_VICTIM_TID, e->victim_tid);
	rec_str(F_VICTIM_COMM, e->victim_comm, sizeof(e->victim_comm));
	rec_uint(F_VICTIM_UID, e->victim_uid);
	rec_uint(F_PAGES, rss_pages(e));
	rec_uint(F_TOTAL_VM, e->total_vm * page_kb);
	rec_uint(F_ANON_RSS, e->anon_rss * page_kb);
	rec_uint(F_FILE_RSS, e->file_rss * page_kb);
	rec_uint(F_SHMEM_RSS, e->shmem_rss * page_kb);
	rec_uint(F_PGTABLES, e->pgtables / 1024);
	rec_int(F_OOM_SCORE_ADJ, e->oom_score_adj);
	if (e->flags & OOM_MEMCG_KNOWN) {
		memcg_path(e, &memcg);
		rec_str(F_MEMCG, sb_str(&memcg), memcg.len);
	} else {
		rec_null(F_MEMCG);
	}
	rec_str(F_LOADAVG, loadavg, strlen(loadavg));
	rec_end();
	sb_free(&memcg);
}

static int on_event(void *ctx, void *data, size_t len)
{
	const long *page_kb = ctx;
	const struct oom_event *e = data;
	char loadavg[128];

	if (len < sizeof(*e))
		return 0;
	read_loadavg(loadavg, sizeof(loadavg));
	if (output_json())
		print_json(e, loadavg, *page_kb);
	else
		print_text(e, loadavg);
	return 0;
}

/*
 * Linux 6.8 ("mm: update mark_victim tracepoints fields"): before it, and
 * its stable backports, the tracepoint passed the victim's pid alone, so
 * the tracepoint way is taken only where it passes the task (and the uid).
 */
static const struct probe probes[] = {
	{ "mark_victim",
	  { "victim_raw", "victim_fentry", "victim_kprobe" },
	  { NEED_TRACEPOINT_ARGS("mark_victim", 2) } },
	{ 0 },
};

/* Text has no heading (each kill is a sentence): say that it is tracing. */
static int prepare(void *skel, struct run *r, void *ctx)
{
	(void)skel;
	(void)ctx;
	if (!r->json)
		fprintf(stderr, "Tracing OOM kills... Hit Ctrl-C to end.\n");
	return 0;
}

SKELETON(oomkill);

static const struct tool tool = {
	.name = "oomkill",
	.summary = "Trace OOM kills: victim, trigger, memory and load. Filters select the victim.",
	.shared = SHARED_PID | SHARED_UID | SHARED_COMM | SHARED_DURATION,
	.examples = "  oomkill                 every OOM kill\n"
		    "  oomkill -n java         OOM kills of tasks named java\n"
		    "  oomkill -j              JSON lines\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &oomkill_skeleton,
	.probes = probes,
	.prepare = prepare,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	long page_kb = sysconf(_SC_PAGESIZE) / 1024;

	return run_tool(&tool, &page_kb, argc, argv);
}
