// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * klockstat: kernel lock contention per lock and the kernel stack that
 * took it: how often and how long threads waited and, where the fentry way
 * runs, how long they held it. The kernel aggregates (bpf/klockstat.bpf.c);
 * here each key's stack is read from `stacks`, its lock-internal frames cut
 * off to find the caller, and the figures sorted and printed.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/types.h>
#include <bpf/bpf.h>

#include "ksyms.h"
#include "maps.h"
#include "run.h"
#include "scan.h"
#include "stackprint.h"
#include "stack_counts.h"
#include "stacktool.h"
#include "strbuf.h"
#include "klockstat.h"
#include "klockstat.skel.h"

#define MAX_LOCKS  10240 /* the map's max_entries */
#define MAX_STACKS 4096	 /* distinct stacks kept: `stacks`, sized before load */

enum { OPT_CALLER = OPTION_LONG_ONLY, OPT_LOCK };

/* What -S sorts by: a figure of struct lock_value, largest first. */
enum sort_by {
	SORT_WAIT_TOTAL,
	SORT_WAIT_MAX,
	SORT_WAIT_COUNT,
	SORT_HOLD_TOTAL,
	SORT_HOLD_MAX,
	SORT_HOLD_COUNT
};

static const char *const sort_names[][2] = {
	[SORT_WAIT_TOTAL] = { "acq_total", "wait_total" },
	[SORT_WAIT_MAX] = { "acq_max", "wait_max" },
	[SORT_WAIT_COUNT] = { "acq_count", "wait_count" },
	[SORT_HOLD_TOTAL] = { "hld_total", "hold_total" },
	[SORT_HOLD_MAX] = { "hld_max", "hold_max" },
	[SORT_HOLD_COUNT] = { "hld_count", "hold_count" },
};

static const char *const kind_names[LOCK_KINDS] = {
	[LOCK_UNKNOWN] = "unknown",
	[LOCK_SPINLOCK] = "spinlock",
	[LOCK_RWLOCK_READ] = "rwlock:read",
	[LOCK_RWLOCK_WRITE] = "rwlock:write",
	[LOCK_MUTEX] = "mutex",
	[LOCK_RWSEM_READ] = "rwsem:read",
	[LOCK_RWSEM_WRITE] = "rwsem:write",
	[LOCK_RTMUTEX] = "rtmutex",
	[LOCK_PERCPU_RWSEM_READ] = "percpu-rwsem:read",
	[LOCK_PERCPU_RWSEM_WRITE] = "percpu-rwsem:write",
};

struct entry {
	struct lock_key key;
	struct lock_value value;
	struct stack_trace *stack; /* NULL: lost, or not read */
	__u32 caller;		   /* the frame of stack->ip[] that took the lock */
};

/* The kernel's lock and scheduler text: where lock functions live (__lockfunc, __sched). */
struct text_range {
	__u64 start, end;
};

/* Its context: the option values, then what reports need. */
struct klockstat {
	__u32 frames; /* -s */
	__u32 top;    /* -N: 0 for all */
	enum sort_by sort;
	const char *caller; /* --caller */
	__u64 lock;	    /* --lock */
	bool per_thread;
	bool holds; /* the fentry way: hold times too */
	struct summary locks;
	int stacks_fd, losses_fd;
	__u64 lost[STACK_LOSSES];
	struct text_range lock_text[2];
	bool lock_text_known; /* lock_text() looked it up */
	struct ksyms data;    /* data symbols, for static locks' names */
	int data_err;	      /* 1: not read yet */
};

enum {
	F_TIME,
	F_LOCK_ADDR,
	F_LOCK_SYM,
	F_KIND,
	F_CALLER,
	F_STACK,
	F_PID,
	F_TID,
	F_COMM,
	F_WAIT_COUNT,
	F_WAIT_TOTAL,
	F_WAIT_MAX,
	F_WAIT_AVG,
	F_FAILED,
	F_HOLD_COUNT,
	F_HOLD_TOTAL,
	F_HOLD_MAX,
	F_HOLD_AVG,
};

/* JSON keys; text is libbpf-tools' tables (see table_text()). */
static const struct field fields[] = {
	[F_TIME] = { "time" },
	[F_LOCK_ADDR] = { "lock" },
	[F_LOCK_SYM] = { "lock_sym" },
	[F_KIND] = { "kind" },
	[F_CALLER] = { "caller" },
	[F_STACK] = { "stack" },
	[F_PID] = { "pid" },
	[F_TID] = { "tid" },
	[F_COMM] = { "comm" },
	[F_WAIT_COUNT] = { "wait_count" },
	[F_WAIT_TOTAL] = { "wait_total_ns" },
	[F_WAIT_MAX] = { "wait_max_ns" },
	[F_WAIT_AVG] = { "wait_avg_ns" },
	[F_FAILED] = { "wait_failed" },
	[F_HOLD_COUNT] = { "hold_count" },
	[F_HOLD_TOTAL] = { "hold_total_ns" },
	[F_HOLD_MAX] = { "hold_max_ns" },
	[F_HOLD_AVG] = { "hold_avg_ns" },
};

static const struct tool_option options[] = {
	{ "stack-depth", 's', "N", "frames of each caller's stack to show (default 1)" },
	{ "top", 'N', "N", "show the N locks and callers first by the sort (default: all)" },
	{ "sort", 'S', "FIELD",
	  "sort by acq_total (default), acq_max, acq_count, hld_total, hld_max or hld_count" },
	{ "caller", OPT_CALLER, "FUNC", "only stacks with a frame in kernel function FUNC" },
	{ "lock", OPT_LOCK, "ADDR", "only the lock at this kernel address (hex)" },
	{ "per-thread", 'P', NULL, "one entry per thread, not per stack alone" },
	{ 0 },
};

static int parse_sort(struct option_ctx *ctx, struct klockstat *k, const char *arg)
{
	size_t i;

	for (i = 0; i < N_FIELDS(sort_names); i++) {
		if (!strcmp(arg, sort_names[i][0]) || !strcmp(arg, sort_names[i][1])) {
			k->sort = i;
			return 0;
		}
	}
	return option_error(ctx,
			    "unknown sort '%s': acq_total, acq_max, acq_count, hld_total, "
			    "hld_max or hld_count",
			    arg);
}

/* Hex digits only, with or without 0x; not 0. */
static int parse_lock(struct option_ctx *ctx, const char *arg, __u64 *out)
{
	const char *hex = strncmp(arg, "0x", 2) ? arg : arg + 2;
	const char *end = hex + strlen(hex);

	if (!*hex || scan_hex(hex, end, out) != end || !*out)
		return option_error(
			ctx, "invalid lock address '%s': expected a non-zero hex address", arg);
	return 0;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	struct klockstat *k = ctx->opts;

	switch (key) {
	case 's':
		return option_u32(ctx, arg, "stack depth", 1, STACK_DEPTH, &k->frames);
	case 'N':
		return option_u32(ctx, arg, "top", 0, MAX_LOCKS, &k->top);
	case 'S':
		return parse_sort(ctx, k, arg);
	case OPT_CALLER:
		if (!*arg)
			return option_error(ctx, "--caller needs a function name");
		k->caller = arg;
		return 0;
	case OPT_LOCK:
		return parse_lock(ctx, arg, &k->lock);
	}
	return OPTION_NOT_MINE;
}

/* ---- where the lock functions end: the caller ---- */

/*
 * __sched_text_start.._end and __lock_text_start.._end, 0s where absent:
 * found in the kernel symbols that name the frames, at the first stack a
 * report looks at, not at start-up (/proc/kallsyms takes some 40 ms to read).
 */
static const struct text_range *lock_text(struct klockstat *k)
{
	static const char *const names[4] = { "__sched_text_start", "__sched_text_end",
					      "__lock_text_start", "__lock_text_end" };
	struct text_range *r = k->lock_text;
	int i;

	for (i = 0; !k->lock_text_known && i < 4; i++)
		*(i % 2 ? &r[i / 2].end : &r[i / 2].start) = kernel_symbol_addr(names[i]);
	k->lock_text_known = true;
	return r;
}

static bool in_lock_text(const struct text_range r[2], __u64 ip)
{
	return (ip >= r[0].start && ip < r[0].end) || (ip >= r[1].start && ip < r[1].end);
}

/*
 * The first frame past the lock functions, as perf lock does it: the
 * innermost frames are the tracer's (the tracepoint, the trampoline), then
 * the lock's own (mutex_lock, __mutex_lock_slowpath: __sched or
 * __lockfunc text), then whoever took it.
 */
static __u32 caller_of(struct klockstat *k, const struct stack_trace *t)
{
	const struct text_range *r = lock_text(k);
	__u32 i = 0;

	while (i < t->nr && !in_lock_text(r, t->ip[i]))
		i++;
	if (i == t->nr)
		return 0; /* no lock function seen: show the stack whole */
	while (i < t->nr && in_lock_text(r, t->ip[i]))
		i++;
	return i < t->nr ? i : 0;
}

static bool stack_has(const struct entry *e, const char *func)
{
	struct frame f;
	__u32 i;

	for (i = e->caller; e->stack && i < e->stack->nr; i++) {
		frame_kernel(e->stack->ip[i], &f);
		if (f.sym && !strcmp(f.sym, func))
			return true;
	}
	return false;
}

/* ---- gathering and sorting ---- */

static __u64 sort_key(const struct entry *e, enum sort_by by)
{
	const struct lock_value *v = &e->value;

	switch (by) {
	case SORT_WAIT_MAX:
		return v->wait_max_ns;
	case SORT_WAIT_COUNT:
		return v->wait_count;
	case SORT_HOLD_TOTAL:
		return v->hold_ns;
	case SORT_HOLD_MAX:
		return v->hold_max_ns;
	case SORT_HOLD_COUNT:
		return v->hold_count;
	default:
		return v->wait_ns;
	}
}

static enum sort_by sort_by_now;

/* Largest first, then by lock and stack for a stable order. */
static int compare_entries(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	__u64 kx = sort_key(x, sort_by_now), ky = sort_key(y, sort_by_now);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->key.lock != y->key.lock)
		return x->key.lock < y->key.lock ? -1 : 1;
	if (x->key.stack != y->key.stack)
		return x->key.stack < y->key.stack ? -1 : 1;
	return x->key.tid < y->key.tid ? -1 : x->key.tid > y->key.tid;
}

/* The stack of a key, read once into room of its own; NULL if the kernel lost it. */
static struct stack_trace *stack_read(const struct klockstat *k, __u64 hash)
{
	struct stack_trace *t;

	if (hash <= STACK_LOST || !(t = malloc(sizeof(*t))))
		return NULL;
	if (bpf_map_lookup_elem(k->stacks_fd, &hash, t)) {
		free(t);
		return NULL;
	}
	return t;
}

/* The frames from the caller outward: what a report shows of a stack. */
static int compare_callers(const struct entry *x, const struct entry *y)
{
	__u32 nx = x->stack ? x->stack->nr - x->caller : 0,
	      ny = y->stack ? y->stack->nr - y->caller : 0;

	if (nx != ny)
		return nx < ny ? -1 : 1;
	return nx ? memcmp(x->stack->ip + x->caller, y->stack->ip + y->caller, nx * sizeof(__u64))
		  : 0;
}

/* By lock, kind, thread and caller's stack: entries that print the same sort together. */
static int compare_places(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->key.lock != y->key.lock)
		return x->key.lock < y->key.lock ? -1 : 1;
	if (x->key.kind != y->key.kind)
		return x->key.kind < y->key.kind ? -1 : 1;
	if (x->key.tid != y->key.tid)
		return x->key.tid < y->key.tid ? -1 : 1;
	return compare_callers(x, y);
}

static void value_add(struct lock_value *to, const struct lock_value *v)
{
	to->wait_count += v->wait_count;
	to->wait_ns += v->wait_ns;
	to->wait_max_ns = v->wait_max_ns > to->wait_max_ns ? v->wait_max_ns : to->wait_max_ns;
	to->hold_count += v->hold_count;
	to->hold_ns += v->hold_ns;
	to->hold_max_ns = v->hold_max_ns > to->hold_max_ns ? v->hold_max_ns : to->hold_max_ns;
	to->failed += v->failed;
}

/*
 * One entry per lock and caller's stack: the kernel keys the whole stack,
 * whose innermost frames differ with the lock's own path (a mutex that
 * spun, or slept at once) though the caller's are the same. Their count.
 */
static size_t merge_places(struct entry *entries, size_t n)
{
	size_t i, kept = 0;

	qsort(entries, n, sizeof(entries[0]), compare_places);
	for (i = 0; i < n; i++) {
		if (kept && !compare_places(&entries[kept - 1], &entries[i])) {
			value_add(&entries[kept - 1].value, &entries[i].value);
			free(entries[i].stack);
			continue;
		}
		entries[kept++] = entries[i];
	}
	return kept;
}

/* Everything counted since the last report, which programs count anew from now. */
static int gather(struct klockstat *k, size_t *n)
{
	struct entry *entries = k->locks.room, *e;
	const struct lock_key *key;

	*n = 0;
	if (summary_swap(&k->locks))
		return -1;
	while (*n < k->locks.max && (key = summary_next(&k->locks, &entries[*n].value))) {
		e = &entries[*n];
		e->key = *key;
		e->stack = stack_read(k, key->stack);
		e->caller = e->stack ? caller_of(k, e->stack) : 0;
		if (k->caller && !stack_has(e, k->caller)) {
			free(e->stack);
			continue;
		}
		(*n)++;
	}
	*n = merge_places(entries, *n);
	return 0;
}

/* ---- output ---- */

/*
 * The kernel's data symbols, if it lists them all (CONFIG_KALLSYMS_ALL:
 * tens of thousands). Without it a few dozen linker symbols remain, and
 * the nearest of them would name a lock wrongly.
 */
static int load_data_symbols(struct ksyms *k)
{
	int err = ksyms_load_data(k);

	if (!err && k->syms.n < 1000) {
		ksyms_free(k);
		err = -ENOENT;
	}
	return err;
}

/* A static lock's name ("rename_lock", "cgroup_mutex+0x8"), where the kernel lists data symbols. */
static bool lock_name(struct klockstat *k, __u64 lock, char *buf, size_t len)
{
	struct ksym_match m;

	if (k->data_err == 1)
		k->data_err = load_data_symbols(&k->data);
	/* heap locks lie below every symbol; the bound keeps one past the last out */
	if (k->data_err || !ksyms_find(&k->data, lock, &m) || m.offset >= 1 << 16)
		return false;
	if (m.offset)
		snprintf(buf, len, "%s+0x%llx", m.name, (unsigned long long)m.offset);
	else
		snprintf(buf, len, "%s", m.name);
	return true;
}

static void frame_name(__u64 ip, struct strbuf *sb)
{
	struct frame f;

	frame_kernel(ip, &f);
	if (f.sym)
		sb_printf(sb, "%s+0x%llx", f.sym, (unsigned long long)f.offset);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)ip);
}

/* A time as libbpf-tools prints it: "812 ns", "4.5 us", "12.3 ms", "2.1 s". */
static void time_text(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.1f us", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.1f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.1f s", ns / 1e9);
}

static void emit_json(struct klockstat *k, const struct entry *e, double now)
{
	const struct lock_value *v = &e->value;
	struct strbuf sb = { 0 };
	char lock[24], sym[160];
	__u32 n = 0;

	snprintf(lock, sizeof(lock), "0x%llx", (unsigned long long)e->key.lock);
	rec_begin();
	rec_double(F_TIME, now, 6);
	rec_str(F_LOCK_ADDR, lock, strlen(lock));
	if (lock_name(k, e->key.lock, sym, sizeof(sym)))
		rec_str(F_LOCK_SYM, sym, sizeof(sym));
	else
		rec_null(F_LOCK_SYM);
	rec_str(F_KIND, kind_names[e->key.kind < LOCK_KINDS ? e->key.kind : 0], 32);
	if (e->stack) {
		n = e->stack->nr - e->caller < k->frames ? e->stack->nr - e->caller : k->frames;
		frame_name(e->stack->ip[e->caller], &sb);
		rec_str(F_CALLER, sb.buf, sb.len);
		sb.len = 0;
		frames_json(&sb, e->stack->ip + e->caller, n, 0, true);
		rec_json(F_STACK, sb.buf, sb.len);
	} else {
		rec_null(F_CALLER);
		rec_null(F_STACK);
	}
	rec_uint(F_PID, v->pid);
	if (k->per_thread)
		rec_uint(F_TID, e->key.tid);
	rec_str(F_COMM, v->comm, sizeof(v->comm));
	rec_uint(F_WAIT_COUNT, v->wait_count);
	rec_uint(F_WAIT_TOTAL, v->wait_ns);
	rec_uint(F_WAIT_MAX, v->wait_max_ns);
	rec_uint(F_WAIT_AVG, v->wait_count ? v->wait_ns / v->wait_count : 0);
	rec_uint(F_FAILED, v->failed);
	if (k->holds) {
		rec_uint(F_HOLD_COUNT, v->hold_count);
		rec_uint(F_HOLD_TOTAL, v->hold_ns);
		rec_uint(F_HOLD_MAX, v->hold_max_ns);
		rec_uint(F_HOLD_AVG, v->hold_count ? v->hold_ns / v->hold_count : 0);
	}
	rec_end();
	sb_free(&sb);
}

/* One entry's lines: the caller with the figures, the lock, then -s frames more. */
static void entry_text(struct klockstat *k, const struct entry *e, __u64 count, __u64 total,
		       __u64 max, struct strbuf *sb)
{
	char avg[24], maxs[24], tot[24], sym[160];
	struct strbuf name = { 0 };
	__u32 i;

	if (e->stack)
		frame_name(e->stack->ip[e->caller], &name);
	else
		sb_printf(&name, "[lost]");
	time_text(avg, sizeof(avg), (double)total / count);
	time_text(maxs, sizeof(maxs), max);
	time_text(tot, sizeof(tot), total);
	sb_printf(sb, "%40s %10s %8llu %10s %12s  ", name.buf, avg, (unsigned long long)count, maxs,
		  tot);
	if (lock_name(k, e->key.lock, sym, sizeof(sym)))
		sb_printf(sb, "%s", sym);
	else
		sb_printf(sb, "0x%llx", (unsigned long long)e->key.lock);
	sb_printf(sb, " (%s)", kind_names[e->key.kind < LOCK_KINDS ? e->key.kind : 0]);
	if (k->per_thread) {
		sb_printf(sb, " ");
		sb_text_escaped(sb, e->value.comm, strnlen(e->value.comm, sizeof(e->value.comm)));
		sb_printf(sb, " [%u]", e->key.tid);
	}
	sb_putc(sb, '\n');
	for (i = e->caller + 1; e->stack && i < e->stack->nr && i < e->caller + k->frames; i++) {
		name.len = 0;
		frame_name(e->stack->ip[i], &name);
		sb_printf(sb, "%40s\n", name.buf);
	}
	sb_free(&name);
}

/* libbpf-tools' table of waits or of holds, for the first `shown` entries that have any. */
static void table_text(struct klockstat *k, const struct entry *entries, size_t n, bool holds)
{
	struct strbuf sb = { 0 };
	size_t i, shown = 0;

	sb_printf(&sb, "\n%40s %10s %8s %10s %12s  %s\n", "Caller", holds ? "Avg Hold" : "Avg Wait",
		  "Count", holds ? "Max Hold" : "Max Wait", holds ? "Total Hold" : "Total Wait",
		  "Lock");
	for (i = 0; i < n && (!k->top || shown < k->top); i++) {
		const struct lock_value *v = &entries[i].value;

		if (holds ? !v->hold_count : !v->wait_count)
			continue;
		entry_text(k, &entries[i], holds ? v->hold_count : v->wait_count,
			   holds ? v->hold_ns : v->wait_ns, holds ? v->hold_max_ns : v->wait_max_ns,
			   &sb);
		shown++;
	}
	output_text(sb.buf, sb.len);
	sb_free(&sb);
}

/* Stacks the kernel could not read or keep, since the last report: a warning each. */
static void report_losses(struct klockstat *k)
{
	int ncpus = libbpf_num_possible_cpus(), i, c;
	__u64 values[512], sum;
	__u32 key;

	for (i = STACK_LOSS_KERNEL_READ; i < STACK_LOSSES && ncpus > 0 && ncpus <= 512; i++) {
		key = i;
		if (bpf_map_lookup_elem(k->losses_fd, &key, values))
			continue;
		for (sum = 0, c = 0; c < ncpus; c++)
			sum += values[c];
		if (sum > k->lost[i] && i != STACK_LOSS_USER_READ)
			fprintf(stderr, "klockstat: %llu stacks %s\n",
				(unsigned long long)(sum - k->lost[i]), stack_loss_says(i));
		k->lost[i] = sum;
	}
}

static int report(void *ctx)
{
	struct klockstat *k = ctx;
	struct entry *entries = k->locks.room;
	struct timespec now;
	size_t n, i, shown = 0;

	if (gather(k, &n))
		return -1;
	sort_by_now = k->sort;
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	clock_gettime(CLOCK_REALTIME, &now);
	if (output_json()) {
		for (i = 0; i < n && (!k->top || shown < k->top); i++, shown++)
			emit_json(k, &entries[i], now.tv_sec + now.tv_nsec / 1e9);
	} else {
		table_text(k, entries, n, false);
		if (k->holds)
			table_text(k, entries, n, true);
	}
	for (i = 0; i < n; i++)
		free(entries[i].stack);
	report_losses(k);
	return 0;
}

/*
 * The tracepoints first: every lock kind, contention only. fentry on the
 * mutex and rwsem functions where they are missing: holds too.
 */
static const struct probe probes[] = {
	{ "lock contention",
	  { "contend_begin,contend_end",
	    "mutex_lock_in,mutex_lock_out,?mutex_lock_interruptible_in,?mutex_lock_interruptible_out,"
	    "?mutex_lock_killable_in,?mutex_lock_killable_out,?mutex_trylock_out,mutex_unlock_in,"
	    "?down_read_in,?down_read_out,?down_write_in,?down_write_out,?down_read_trylock_out,"
	    "?down_write_trylock_out,?up_read_in,?up_write_in" },
	  .hint = "(Linux 5.19+) or fentry on mutex_lock" },
	{ 0 },
};

static int setup(struct run *r, void *ctx)
{
	struct klockstat *k = ctx;

	k->per_thread = run_given(r, 'P');
	return 0;
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct klockstat *k = ctx;
	struct klockstat_bpf *s = skel;

	(void)r;
	s->rodata->per_thread = k->per_thread;
	s->rodata->only_lock = k->lock;
	s->rodata->stack_kernel = true;
	bpf_map__set_max_entries(s->maps.stacks, MAX_STACKS);
	map_fit_threads(s->maps.waiting);
	/* the holds only the fentry way follows: an LRU map is built whole (3.6 ms at 16,384) */
	if (bpf_program__autoload(s->progs.contend_begin))
		bpf_map__set_max_entries(s->maps.holding, 1);
}

static int prepare(void *skel, struct run *r, void *ctx)
{
	struct klockstat *k = ctx;
	struct klockstat_bpf *s = skel;

	(void)r;
	k->stacks_fd = bpf_map__fd(s->maps.stacks);
	k->losses_fd = bpf_map__fd(s->maps.stack_losses);
	k->holds = !bpf_program__autoload(s->progs.contend_begin);
	return 0;
}

static void cleanup(void *ctx)
{
	struct klockstat *k = ctx;

	if (!k->data_err)
		ksyms_free(&k->data);
}

SKELETON(klockstat);

static const struct tool tool = {
	.name = "klockstat",
	.summary = "Summarize kernel lock contention: waits (and holds) per lock and caller stack.",
	.shared = SHARED_TASK_FILTERS | SHARED_INTERVAL | SHARED_TIMESTAMP,
	.options = options,
	.parse = parse_option,
	.examples = "  klockstat               contended kernel locks by caller, at Ctrl-C\n"
		    "  klockstat -p 181 -s 5   process 181's waits, five frames of each stack\n"
		    "  klockstat -S acq_max -N 10 5\n"
		    "                          the 10 longest single waits, every 5 seconds\n"
		    "  klockstat --caller do_renameat2 -j 10 1\n"
		    "                          waits taken under do_renameat2, as JSON, for 10 s\n",
	.fields = fields,
	.nfields = N_FIELDS(fields),
	.skeleton = &klockstat_skeleton,
	.probes = probes,
	.setup = setup,
	.configure = configure,
	.prepare = prepare,
	.summary_map = "locks",
	.summary_at = offsetof(struct klockstat, locks),
	.summary_entry = sizeof(struct entry),
	.report = report,
	.cleanup = cleanup,
};

int main(int argc, char **argv)
{
	struct klockstat k = { .frames = 1, .data_err = 1 };

	return run_tool(&tool, &k, argc, argv);
}
