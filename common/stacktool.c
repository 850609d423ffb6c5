// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The stack tools' options and report (stacktool.h). The kernel hands over
 * keys (a task and the hashes of its stacks) with counts, and the distinct
 * stacks by hash; here each stack is read once per key, named frame by
 * frame (stackprint.h: kallsyms, the user symbolizer), and written out.
 */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "flamegraph.h"
#include "run.h"
#include "stackprint.h"
#include "stacktool.h"
#include "strbuf.h"

enum {
	SF_PID,
	SF_TID,
	SF_COMM,
	SF_COUNT,
	SF_TOTAL,
	SF_KSTACK,
	SF_USTACK,
	SF_LOST,
	/* the wakeup tools' (STACK_FIELDS_WAKERS) */
	SF_WPID,
	SF_WTID,
	SF_WCOMM,
	SF_WKSTACK,
	SF_WUSTACK,
};

const struct field stack_fields[] = {
	[SF_PID] = { "pid" },
	[SF_TID] = { "tid" },
	[SF_COMM] = { "comm" },
	[SF_COUNT] = { "count" },
	[SF_TOTAL] = { "total_us" },
	[SF_KSTACK] = { "kernel_stack" },
	[SF_USTACK] = { "user_stack" },
	[SF_LOST] = { "stacks_lost" },
	[SF_WPID] = { "waker_pid" },
	[SF_WTID] = { "waker_tid" },
	[SF_WCOMM] = { "waker_comm" },
	[SF_WKSTACK] = { "waker_kernel_stack" },
	[SF_WUSTACK] = { "waker_user_stack" },
};
const size_t stack_nfields = N_FIELDS(stack_fields);

/* ---- options ---- */

int stack_option(struct option_ctx *ctx, struct stack_opts *o, int key, const char *arg)
{
	switch (key) {
	case 'U':
		o->user_only = true;
		return 0;
	case 'K':
		o->kernel_only = true;
		return 0;
	case 'f':
		o->folded = true;
		return 0;
	case 'a':
		o->annotate = true;
		return 0;
	case OPT_STACK_DELIMITED:
		o->delimited = true;
		return 0;
	case OPT_STACK_SVG:
		if (!*arg)
			return option_error(ctx, "empty --svg file name");
		o->svg = arg;
		return 0;
	case OPT_STACK_STORAGE:
		return option_u32(ctx, arg, "stack storage size", 64, 1U << 22, &o->storage);
	}
	return OPTION_NOT_MINE;
}

int stack_check(struct option_ctx *ctx, const struct stack_opts *o, const struct run *r)
{
	if (o->kernel_only && o->user_only)
		return option_error(ctx,
				    "-K and -U exclude each other: give neither for both stacks");
	if (o->folded && run_given(r, 'j'))
		return option_error(ctx, "-f and -j exclude each other");
	return 0;
}

static void set_entries(struct bpf_object *obj, const char *name, __u32 n)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, name);

	if (map)
		bpf_map__set_max_entries(map, n);
}

void stack_configure(struct bpf_object *obj, const struct stack_opts *o, bool per_thread)
{
	bool kernel = !o->user_only, user = !o->kernel_only;
	__u32 storage = o->storage ? o->storage : STACK_STORAGE_DEFAULT;

	run_set_rodata_var(obj, "stack_kernel", &kernel, sizeof(kernel));
	run_set_rodata_var(obj, "stack_user", &user, sizeof(user));
	run_set_rodata_var(obj, "stack_per_thread", &per_thread, sizeof(per_thread));
	set_entries(obj, "stacks", storage);
	summary_set_entries(obj, "stack_counts", storage);
	map_fit_threads(bpf_object__find_map_by_name(obj, "stack_pids"));
}

int stack_prepare(void *skel, struct run *r, void *ctx)
{
	struct stack_report *rep = ctx;
	struct bpf_map *stacks = bpf_object__find_map_by_name(r->obj, "stacks");
	struct bpf_map *losses = bpf_object__find_map_by_name(r->obj, "stack_losses");

	(void)skel; /* the maps are found by name in r->obj */
	if (!stacks || !losses) {
		run_fail(r, "the BPF object has no stack maps");
		return -1;
	}
	rep->stacks_fd = bpf_map__fd(stacks);
	rep->losses_fd = bpf_map__fd(losses);
	rep->run = r;
	return 0;
}

/* ---- one stack, named ---- */

/* A key's stack, named: its frames innermost first. */
struct named_stack {
	__u64 ref; /* the key's hash, or an enum stack_ref */
	struct frame frames[STACK_DEPTH];
	size_t n;
};

/* A key's stacks, named: the task's and its waker's. */
struct named_key {
	struct named_stack kernel, user, waker_kernel, waker_user;
};

/* The tracing machinery's own frames, innermost: how the program came to run, not the task. */
static bool tracer_frame(__u64 ip)
{
	/* perf_syscall_: a syscall tracepoint's own (perf_syscall_enter), as perf_trace_ is others' */
	static const char *const prefixes[] = { "bpf_prog_",	 "bpf_trace_run",  "__bpf_trace_",
						"perf_trace_",	 "trace_call_bpf", "__traceiter_",
						"bpf_get_stack", "perf_syscall_" };
	struct frame f;
	size_t i;

	frame_kernel(ip, &f);
	for (i = 0; f.sym && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(f.sym, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/*
 * A stored stack, the frames of the tracer itself left out of a kernel
 * stack (which and how many differ by kernel and program type). false
 * if it is not there (it cannot go: stacks are never removed).
 */
static bool read_stack(const struct stack_report *rep, __u64 ref, bool kernel,
		       struct stack_trace *t, size_t *first)
{
	*first = 0;
	if (ref <= STACK_LOST || bpf_map_lookup_elem(rep->stacks_fd, &ref, t))
		return false;
	if (t->nr > STACK_DEPTH)
		t->nr = STACK_DEPTH;
	while (kernel && *first < t->nr && tracer_frame(t->ip[*first]))
		(*first)++;
	return true;
}

/*
 * Take now what naming a user stack's frames needs of the living process
 * (frame_user_hold()); false if a frame lay outside every mapping read.
 * Not the names themselves: reading a binary's symbols took 20-125 ms in
 * a slow VM (5.10 under TCG), in which later notes waited in the ring, up
 * to a quarter of a second each, and one that waited past its process's
 * exit left that process's frames unnamed.
 */
static bool hold_frames(pid_t pid, const struct stack_trace *t)
{
	bool mapped = true;
	size_t i;

	for (i = 0; i < t->nr; i++)
		mapped &= frame_user_hold(pid, t->ip[i]);
	return mapped;
}

int stack_note(void *ctx, void *data, size_t len)
{
	const struct stack_report *rep = ctx;
	const struct stack_note *note = data;
	struct stack_trace t;
	size_t first;

	if (len < sizeof(*note))
		return 0;
	frame_user_note(note->pid, note->exec);
	/*
	 * A frame outside the mappings read: the process mapped more since
	 * (its libraries after an exec, a dlopen). Its maps are read again
	 * for each new stack that needs it, past the symbolizer's once a
	 * second (meant for stacks walked into garbage, looked up often):
	 * new stacks are few, and this is the last time the process may be
	 * there to read. Seen in a slow VM: a workload's first maps were read
	 * mid-exec, and its naps' stack went unnamed.
	 */
	if (read_stack(rep, note->user, false, &t, &first) && !hold_frames(note->pid, &t)) {
		frame_user_note(note->pid, true);
		hold_frames(note->pid, &t);
	}
	return 0;
}

static void name_stack(const struct stack_report *rep, __u64 ref, pid_t pid, bool kernel,
		       struct named_stack *s)
{
	struct stack_trace t;
	size_t i, first;

	s->ref = ref;
	s->n = 0;
	if (ref <= STACK_LOST)
		return;
	if (!read_stack(rep, ref, kernel, &t, &first)) {
		s->ref = STACK_LOST;
		return;
	}
	for (i = first; i < t.nr; i++, s->n++) {
		if (kernel)
			frame_kernel(t.ip[i], &s->frames[s->n]);
		else
			frame_user(pid, t.ip[i], &s->frames[s->n]);
	}
}

static void name_key(const struct stack_report *rep, const struct stack_key *key,
		     struct named_key *nk)
{
	name_stack(rep, key->task.kernel, key->task.pid, true, &nk->kernel);
	name_stack(rep, key->task.user, key->task.pid, false, &nk->user);
	name_stack(rep, key->waker.kernel, key->waker.pid, true, &nk->waker_kernel);
	name_stack(rep, key->waker.user, key->waker.pid, false, &nk->waker_user);
}

static const char *missed(bool kernel)
{
	return kernel ? "[Missed Kernel Stack]" : "[Missed User Stack]";
}

static __u64 figure(const struct stack_report *rep, const struct stack_value *v)
{
	return rep->timed ? v->total / 1000 : v->count;
}

/* ---- text: bcc's shape, stacks that print the same merged ---- */

struct text_stack {
	char *block; /* the frames and the "-  comm (pid)" line */
	__u64 figure;
};

/* A stack's frames, a line each: innermost first, or outermost first (a waker's, in offwaketime). */
static void text_frames(struct strbuf *sb, const struct named_stack *s, bool kernel,
			bool root_first)
{
	struct strbuf label = { 0 };
	size_t i, at;

	if (s->ref == STACK_LOST)
		sb_printf(sb, "    %s\n", missed(kernel));
	for (i = 0; i < s->n; i++) {
		at = root_first ? s->n - 1 - i : i;
		sb_reset(&label);
		frame_label(&label, &s->frames[at]);
		sb_puts(sb, "    ");
		sb_text_escaped(sb, label.buf, label.len);
		sb_putc(sb, '\n');
	}
	sb_free(&label);
}

/* A kernel stack and a user stack, in that order, or the other way round if root_first. */
static void text_pair(struct strbuf *sb, const struct stack_report *rep,
		      const struct named_stack *k, const struct named_stack *u, bool root_first)
{
	bool delimit = rep->opts->delimited && k->ref != STACK_NONE && u->ref != STACK_NONE;

	text_frames(sb, root_first ? u : k, !root_first, root_first);
	if (delimit)
		sb_puts(sb, "    --\n");
	text_frames(sb, root_first ? k : u, root_first, root_first);
}

/* "    -                comm (pid)", the task line, led by `label` ("-", "target:", "waker:"). */
static void text_task(struct strbuf *sb, const struct stack_report *rep, const char *label,
		      const struct stack_task *t, bool thread)
{
	sb_printf(sb, "    %-16s ", label);
	sb_text_escaped(sb, t->comm, strnlen(t->comm, sizeof(t->comm)));
	if (rep->by_name)
		sb_putc(sb, '\n');
	else
		sb_printf(sb, " (%u)\n", thread && rep->per_thread ? t->tid : t->pid);
}

/*
 * bcc's shapes: the stacks and "-  comm (tid)"; wakeuptime's "target:"
 * line, the waker's stacks and its "waker:" line; offwaketime's waker
 * (its stacks outermost first, down to the wakeup), "--", then the
 * sleeper's stacks innermost first (from the switch out) and its line.
 */
static char *text_block(const struct stack_report *rep, const struct stack_entry *e,
			const struct named_key *nk)
{
	struct strbuf sb = { 0 };

	switch (rep->wakers) {
	case STACK_WAKERS_NONE:
		text_pair(&sb, rep, &nk->kernel, &nk->user, false);
		text_task(&sb, rep, "-", &e->key.task, true);
		break;
	case STACK_WAKERS_ONLY:
		text_task(&sb, rep, "target:", &e->key.task, true);
		text_pair(&sb, rep, &nk->waker_kernel, &nk->waker_user, false);
		text_task(&sb, rep, "waker:", &e->key.waker, false);
		break;
	case STACK_WAKERS_JOINED:
		text_task(&sb, rep, "waker:", &e->key.waker, false);
		text_pair(&sb, rep, &nk->waker_kernel, &nk->waker_user, true);
		sb_printf(&sb, "    %-16s --\n", "--");
		text_pair(&sb, rep, &nk->kernel, &nk->user, false);
		text_task(&sb, rep, "target:", &e->key.task, true);
		break;
	}
	sb_str(&sb); /* a C string: ended by its NUL */
	return sb.buf;
}

static int by_block(const void *a, const void *b)
{
	return strcmp(((const struct text_stack *)a)->block, ((const struct text_stack *)b)->block);
}

static int by_figure(const void *a, const void *b)
{
	const struct text_stack *x = a, *y = b;

	if (x->figure != y->figure)
		return x->figure < y->figure ? -1 : 1;
	return strcmp(x->block, y->block);
}

/* Merge equal blocks (sorted): their figures add up. The count left. */
static size_t merge_blocks(struct text_stack *t, size_t n)
{
	size_t i, out = 0;

	for (i = 0; i < n; i++) {
		if (out && !strcmp(t[out - 1].block, t[i].block)) {
			t[out - 1].figure += t[i].figure;
			free(t[i].block);
			continue;
		}
		t[out++] = t[i];
	}
	return out;
}

static void text_print(struct text_stack *t, size_t n)
{
	char line[32];
	size_t i;

	qsort(t, n, sizeof(*t), by_block);
	n = merge_blocks(t, n);
	qsort(t, n, sizeof(*t), by_figure);
	for (i = 0; i < n; i++) {
		output_text(t[i].block, strlen(t[i].block));
		snprintf(line, sizeof(line), "        %llu\n\n", (unsigned long long)t[i].figure);
		output_text(line, strlen(line));
		free(t[i].block);
	}
}

/* ---- folded and flame graph ---- */

/*
 * The stack as a flame graph's frames, root first: comm, user frames,
 * kernel frames; their names one after the other in `names`, each ended by
 * a NUL, found by offset (the buffer moves as it grows).
 */
/* Frames of a flame graph's stack at most: four stacks, two names, and delimiters. */
#define FLAME_FRAMES (4 * STACK_DEPTH + 8)

struct flame_stack {
	struct strbuf names;
	size_t at[FLAME_FRAMES];
	enum frame_kind kinds[FLAME_FRAMES];
	size_t n;
};

static void flame_push(struct flame_stack *fs, const char *name, size_t len, enum frame_kind kind)
{
	fs->kinds[fs->n] = kind;
	fs->at[fs->n++] = fs->names.len;
	sb_append(&fs->names, name, len);
	sb_putc(&fs->names, '\0');
}

/* A stack's frames, outermost first, or innermost first if leaf_first (a waker's in offwaketime). */
static void flame_push_side(struct flame_stack *fs, const struct named_stack *s, bool kernel,
			    bool leaf_first)
{
	struct strbuf label = { 0 };
	const struct frame *f;
	size_t i;

	if (s->ref == STACK_LOST)
		flame_push(fs, missed(kernel), strlen(missed(kernel)), FRAME_UNKNOWN);
	for (i = 0; i < s->n; i++) {
		f = &s->frames[leaf_first ? i : s->n - 1 - i];
		sb_reset(&label);
		frame_label(&label, f);
		flame_push(fs, label.buf, label.len,
			   !f->sym  ? FRAME_UNKNOWN
			   : kernel ? FRAME_KERNEL
			   : f->jit ? FRAME_JIT
				    : FRAME_USER);
	}
	sb_free(&label);
}

static void flame_push_comm(struct flame_stack *fs, const struct stack_task *t)
{
	flame_push(fs, t->comm, strnlen(t->comm, sizeof(t->comm)), FRAME_UNKNOWN);
}

/* A task's stacks, the user's then the kernel's from the root, or the other way from the leaf. */
static void flame_push_pair(struct flame_stack *fs, const struct stack_report *rep,
			    const struct named_stack *k, const struct named_stack *u,
			    bool leaf_first)
{
	bool delimit = rep->opts->delimited && k->ref != STACK_NONE && u->ref != STACK_NONE;

	flame_push_side(fs, leaf_first ? k : u, leaf_first, leaf_first);
	if (delimit)
		flame_push(fs, "-", 1, FRAME_UNKNOWN);
	flame_push_side(fs, leaf_first ? u : k, !leaf_first, leaf_first);
}

/*
 * bcc's folded stacks, root first: "comm;user;kernel"; wakeuptime's
 * "waker;user;kernel;target"; offwaketime's "target;user;kernel;--;" then
 * the waker's kernel and user stacks from the wakeup out, and its name.
 */
static int flame_stack_add(struct flame *fl, const struct stack_report *rep,
			   const struct stack_entry *e, const struct named_key *nk)
{
	static struct flame_stack fs; /* 4 KiB of offsets and kinds: kept off the stack */
	const char *names[FLAME_FRAMES];
	size_t i;

	fs.n = 0;
	sb_reset(&fs.names);
	switch (rep->wakers) {
	case STACK_WAKERS_NONE:
		flame_push_comm(&fs, &e->key.task);
		flame_push_pair(&fs, rep, &nk->kernel, &nk->user, false);
		break;
	case STACK_WAKERS_ONLY:
		flame_push_comm(&fs, &e->key.waker);
		flame_push_pair(&fs, rep, &nk->waker_kernel, &nk->waker_user, false);
		flame_push_comm(&fs, &e->key.task);
		break;
	case STACK_WAKERS_JOINED:
		flame_push_comm(&fs, &e->key.task);
		flame_push_pair(&fs, rep, &nk->kernel, &nk->user, false);
		flame_push(&fs, "--", 2, FRAME_UNKNOWN);
		flame_push_pair(&fs, rep, &nk->waker_kernel, &nk->waker_user, true);
		flame_push_comm(&fs, &e->key.waker);
		break;
	}
	for (i = 0; i < fs.n; i++)
		names[i] = fs.names.buf + fs.at[i];
	return flame_add(fl, names, fs.kinds, fs.n, figure(rep, &e->value));
}

static int write_svg(const struct stack_report *rep, const struct flame *fl)
{
	FILE *f = fopen(rep->opts->svg, "w");
	int err;

	if (!f) {
		run_warn(rep->run, "cannot write %s: %s", rep->opts->svg, strerror(errno));
		return -1;
	}
	err = flame_write_svg(fl, f);
	if (fclose(f) || err) {
		run_warn(rep->run, "cannot write %s: %s", rep->opts->svg, strerror(EIO));
		return -1;
	}
	return 0;
}

/* ---- JSON: a record per distinct stack ---- */

/* A stack as a JSON array; null where it was not asked for or was lost. */
static void json_stack(int field, const struct stack_report *rep, __u64 ref, pid_t pid, bool kernel)
{
	struct strbuf sb = { 0 };
	struct stack_trace t;
	size_t first;

	if (ref == STACK_LOST || (kernel ? rep->opts->user_only : rep->opts->kernel_only)) {
		rec_null(field);
		return;
	}
	if (!read_stack(rep, ref, kernel, &t, &first))
		t.nr = first = 0;
	frames_json(&sb, t.ip + first, t.nr - first, pid, kernel);
	rec_json(field, sb.buf, sb.len);
	sb_free(&sb);
}

/* The waker's fields (wakeuptime, offwaketime): its IDs, name and stacks. */
static void json_waker(const struct stack_report *rep, const struct stack_task *w)
{
	rec_uint(SF_WPID, w->pid);
	if (rep->per_thread)
		rec_uint(SF_WTID, w->tid);
	rec_str(SF_WCOMM, w->comm, sizeof(w->comm));
	json_stack(SF_WKSTACK, rep, w->kernel, w->pid, true);
	json_stack(SF_WUSTACK, rep, w->user, w->pid, false);
}

static void json_record(const struct stack_report *rep, const struct stack_entry *e)
{
	const struct stack_task *t = &e->key.task;

	rec_begin();
	rec_uint(SF_PID, t->pid);
	if (rep->per_thread)
		rec_uint(SF_TID, t->tid);
	rec_str(SF_COMM, t->comm, sizeof(t->comm));
	rec_uint(SF_COUNT, e->value.count);
	if (rep->timed)
		rec_uint(SF_TOTAL, e->value.total / 1000);
	if (rep->wakers != STACK_WAKERS_ONLY) { /* wakeuptime reads no stacks of the sleeper */
		json_stack(SF_KSTACK, rep, t->kernel, t->pid, true);
		json_stack(SF_USTACK, rep, t->user, t->pid, false);
	}
	if (rep->wakers != STACK_WAKERS_NONE)
		json_waker(rep, &e->key.waker);
	rec_end();
}

static int by_figure_desc(const void *a, const void *b, void *rep)
{
	__u64 x = figure(rep, &((const struct stack_entry *)a)->value);
	__u64 y = figure(rep, &((const struct stack_entry *)b)->value);

	return x == y ? 0 : x > y ? -1 : 1;
}

/* ---- what was lost ---- */

static __u64 loss_total(const struct stack_report *rep, enum stack_loss what)
{
	int ncpus = libbpf_num_possible_cpus(), i;
	__u64 values[ncpus > 0 ? ncpus : 1], sum = 0;
	__u32 key = what;

	if (ncpus <= 0 || bpf_map_lookup_elem(rep->losses_fd, &key, values))
		return 0;
	for (i = 0; i < ncpus; i++)
		sum += values[i];
	return sum;
}

const char *stack_loss_says(enum stack_loss what)
{
	switch (what) {
	case STACK_LOSS_STORAGE:
		return "not kept: stack storage full (raise --stack-storage-size)";
	case STACK_LOSS_MEMORY:
		return "not kept: the kernel had no memory free to store them";
	default:
		return "the kernel would not read";
	}
}

/* What could not be counted whole since the last report: stderr, or a record in JSON. */
static void report_losses(struct stack_report *rep)
{
	__u64 now[STACK_LOSSES], d[STACK_LOSSES];
	char json[160];
	int i;

	for (i = 0; i < STACK_LOSSES; i++) {
		now[i] = loss_total(rep, i);
		d[i] = now[i] - rep->lost[i];
		rep->lost[i] = now[i];
	}
	if (!d[STACK_LOSS_KERNEL_READ] && !d[STACK_LOSS_USER_READ] && !d[STACK_LOSS_STORAGE] &&
	    !d[STACK_LOSS_MEMORY])
		return;
	if (output_json()) {
		snprintf(json, sizeof(json),
			 "{\"kernel_unread\":%llu,\"user_unread\":%llu,\"storage_full\":%llu,"
			 "\"no_memory\":%llu}",
			 (unsigned long long)d[STACK_LOSS_KERNEL_READ],
			 (unsigned long long)d[STACK_LOSS_USER_READ],
			 (unsigned long long)d[STACK_LOSS_STORAGE],
			 (unsigned long long)d[STACK_LOSS_MEMORY]);
		rec_begin();
		rec_json(SF_LOST, json, strlen(json));
		rec_end();
		return;
	}
	if (d[STACK_LOSS_KERNEL_READ] || d[STACK_LOSS_USER_READ])
		run_warn(rep->run, "stacks the kernel would not read: %llu kernel, %llu user",
			 (unsigned long long)d[STACK_LOSS_KERNEL_READ],
			 (unsigned long long)d[STACK_LOSS_USER_READ]);
	if (d[STACK_LOSS_STORAGE])
		run_warn(rep->run, "%llu stacks %s", (unsigned long long)d[STACK_LOSS_STORAGE],
			 stack_loss_says(STACK_LOSS_STORAGE));
	if (d[STACK_LOSS_MEMORY])
		run_warn(rep->run, "%llu stacks %s", (unsigned long long)d[STACK_LOSS_MEMORY],
			 stack_loss_says(STACK_LOSS_MEMORY));
}

/* ---- the report ---- */

static int gather(struct stack_report *rep, size_t *n)
{
	struct stack_entry *entries = rep->counts.room;
	const struct stack_key *key;

	*n = 0;
	if (summary_swap(&rep->counts))
		return -1;
	while (*n < rep->counts.max && (key = summary_next(&rep->counts, &entries[*n].value))) {
		entries[*n].key = *key;
		*n += entries[*n].value.count > 0;
	}
	return 0;
}

int stack_report(void *ctx)
{
	struct stack_report *rep = ctx;
	const struct stack_opts *o = rep->opts;
	struct stack_entry *entries = rep->counts.room;
	struct named_key *nk = malloc(sizeof(*nk));
	struct flame *fl = NULL;
	struct text_stack *text = NULL;
	size_t n = 0, i;
	int err = -1;

	if (!nk || gather(rep, &n))
		goto out;
	if ((o->folded || o->svg) && !(fl = flame_new(rep->title, rep->unit)))
		goto out;
	if (!output_json() && !o->folded && !(text = calloc(n ? n : 1, sizeof(*text))))
		goto out;
	qsort_r(entries, n, sizeof(*entries), by_figure_desc, rep);
	for (i = 0; i < n; i++) {
		struct stack_entry *e = &entries[i];

		if (output_json())
			json_record(rep, e); /* its frames with their addresses */
		if (!fl && !text)
			continue;
		name_key(rep, &e->key, nk);
		if (fl && flame_stack_add(fl, rep, e, nk))
			goto out;
		if (text)
			text[i] = (struct text_stack){ text_block(rep, e, nk),
						       figure(rep, &e->value) };
	}
	if (text)
		text_print(text, n);
	if (o->folded && (!output_flush() || flame_write_folded(fl, stdout, o->annotate)))
		goto out;
	if (o->svg)
		write_svg(rep, fl);
	report_losses(rep);
	err = 0;
out:
	if (err && !errno)
		errno = ENOMEM;
	flame_free(fl);
	free(text);
	free(nk);
	return err;
}
