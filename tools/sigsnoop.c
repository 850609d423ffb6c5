// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sigsnoop: trace signals as they are generated, or (-k) the kill-family
 * syscalls that send them. Called as killsnoop, it is sigsnoop -k with bcc
 * killsnoop's columns.
 */
#define TOOL_ALIASES "killsnoop"
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <linux/types.h>

#include "names.h"
#include "run.h"
#include "sigsnoop.h"
#include "sigsnoop.skel.h"

struct opts {
	bool kill_mode; /* -k, or called killsnoop */
	bool sig_filtered;
	__u64 sig_mask[2];
};

enum {
	F_TIME,
	F_PID,
	F_TID,
	F_COMM,
	F_SIG,
	F_SIGNAL,
	F_TPID,
	F_TCOMM,
	F_SYSCALL,
	F_CODE,
	F_RET,
	F_RESULT,
};

/*
 * sigsnoop: TIME PID COMM SIG TPID TCOMM RESULT, as libbpf-tools' sigsnoop
 * (bcc has none), SIG by name; with -k, TCOMM goes. JSON has both forms of
 * the signal.
 */
static const struct field sigsnoop_fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_SIG] = { "sig" },
	[F_SIGNAL] = { "signal", "SIG", -11 },
	[F_TPID] = { "tpid", "TPID", -7 },
	[F_TCOMM] = { "tcomm", "TCOMM", -16, .hidden_by = 'k' },
	[F_SYSCALL] = { "syscall" },
	[F_CODE] = { "code" },
	[F_RET] = { "ret" },
	[F_RESULT] = { "result", "RESULT", 0 },
};

/* killsnoop: bcc's TIME PID COMM SIG TPID RESULT, SIG by number. */
static const struct field killsnoop_fields[] = {
	[F_TIME] = { .task = TASK_TIME, .shown_by = OPTION_ALWAYS },
	[F_PID] = { .task = TASK_PID },
	[F_TID] = { .task = TASK_TID },
	[F_COMM] = { .task = TASK_COMM },
	[F_SIG] = { "sig", "SIG", -4 },
	[F_SIGNAL] = { "signal" },
	[F_TPID] = { "tpid", "TPID", -7 },
	[F_TCOMM] = { "tcomm" },
	[F_SYSCALL] = { "syscall" },
	[F_CODE] = { "code" },
	[F_RET] = { "ret" },
	[F_RESULT] = { "result", "RESULT", 0 },
};

/* The two personalities share -s; -x reads differently; only sigsnoop has -k. */
#define SIGNAL_HELP "only these signals: names or numbers, comma-separated"

static const struct tool_option sigsnoop_options[] = {
	{ "kill", 'k', NULL, "trace kill-family syscalls instead, with their return value" },
	{ "signal", 's', "SIGS", SIGNAL_HELP },
	{ 0 },
};

static const struct tool_option killsnoop_options[] = {
	{ "signal", 's', "SIGS", SIGNAL_HELP },
	{ 0 },
};

/* "9", "KILL", "SIGKILL", "sigkill", "RTMIN+3"; -1 if none. */
static int signal_number(const char *s)
{
	char *end;
	long n;
	int i;

	n = strtol(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end)
		return n <= SIG_MAX ? (int)n : -1;
	for (i = 1; i <= SIG_MAX; i++)
		if (!strcasecmp(signal_name(i), s) || !strcasecmp(signal_name(i) + 3, s))
			return i;
	return -1;
}

/* -s: a comma-separated list, each a name or a number. */
static int parse_signals(struct option_ctx *ctx, struct opts *o, const char *arg)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int sig, count = 0, err = 0;

	for (tok = list ? strtok_r(list, ",", &save) : NULL; tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		sig = signal_number(tok);
		if (sig < 0) {
			err = option_error(
				ctx,
				"unknown signal '%s': expected a name (KILL, SIGUSR1) or 0 to %d",
				tok, SIG_MAX);
			break;
		}
		o->sig_mask[sig >> 6] |= 1ULL << (sig & 63);
		count++;
	}
	free(list);
	if (!err && !count)
		err = option_error(ctx, "no signal in '%s'", arg);
	o->sig_filtered = true;
	return err;
}

static int parse_option(struct option_ctx *ctx, int key, const char *arg)
{
	if (key == 's')
		return parse_signals(ctx, ctx->opts, arg);
	return OPTION_NOT_MINE;
}

/* Signal 0 is only ever seen as a syscall's argument. */
static int check_options(struct option_ctx *ctx, const struct run *r)
{
	struct opts *o = ctx->opts;

	o->kill_mode = run_given(r, 'k');
	if ((o->sig_mask[0] & 1) && !o->kill_mode)
		return option_error(
			ctx, "signal 0 is never generated: it only probes a pid, seen with -k");
	return 0;
}

static const char *const result_names[SIG_RESULTS] = {
	[SIG_DELIVERED] = "delivered",
	[SIG_IGNORED] = "ignored",
	[SIG_ALREADY_PENDING] = "already_pending",
	[SIG_OVERFLOW_FAIL] = "overflow_fail",
	[SIG_LOSE_INFO] = "lose_info",
};

static const char *const call_names[SIG_CALLS] = {
	[SIG_CALL_KILL] = "kill",
	[SIG_CALL_TKILL] = "tkill",
	[SIG_CALL_TGKILL] = "tgkill",
	[SIG_CALL_SIGQUEUE] = "rt_sigqueueinfo",
	[SIG_CALL_TGSIGQUEUE] = "rt_tgsigqueueinfo",
	[SIG_CALL_PIDFD] = "pidfd_send_signal",
};

static const char *result_name(const struct opts *o, const struct sig_event *e)
{
	static char unknown[16];

	if (o->kill_mode)
		return e->result >= 0 ? "0" : errno_name(-e->result);
	if (e->result >= 0 && e->result < SIG_RESULTS)
		return result_names[e->result];
	snprintf(unknown, sizeof(unknown), "result_%d", e->result);
	return unknown;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct opts *o = ctx;
	const struct sig_event *e = data;

	if (len < sizeof(*e))
		return 0;
	rec_begin();
	rec_task(&e->task);
	rec_int(F_SIG, e->sig);
	rec_str(F_SIGNAL, signal_name(e->sig), 32);
	rec_int(F_TPID, e->tpid);
	if (o->kill_mode) {
		/* any record may come from a recording (SONDE_REPLAY): SIG_CALL_NONE has no name */
		rec_str(F_SYSCALL,
			e->call < SIG_CALLS && call_names[e->call] ? call_names[e->call] : "", 32);
		rec_int(F_RET, e->result);
	} else {
		rec_str(F_TCOMM, e->tcomm, sizeof(e->tcomm));
		rec_int(F_CODE, e->code);
	}
	rec_str(F_RESULT, result_name(o, e), 32);
	rec_end();
	return 0;
}

/* The kill-family syscalls are -k's alone (killsnoop's always). */
static const struct probe probes[] = {
	/* raw: its arguments are read by position, so their number is checked first */
	{ "signal_generate", { "sig_generate" }, { NEED_TRACEPOINT_ARGS("signal_generate", 5) } },
	{ "kill", { "kill_in,kill_out" }, .when = 'k' },
	{ "tkill", { "tkill_in,tkill_out" }, .when = 'k' },
	{ "tgkill", { "tgkill_in,tgkill_out" }, .when = 'k' },
	{ "rt_sigqueueinfo", { "sigqueue_in,sigqueue_out" }, .when = 'k' },
	{ "rt_tgsigqueueinfo", { "tgsigqueue_in,tgsigqueue_out" }, .when = 'k' },
	{ "pidfd_send_signal", { "pidfd_in,pidfd_out" }, .when = 'k' },
	{ 0 },
};

static bool called_killsnoop(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	return !strcmp(slash ? slash + 1 : argv0, "killsnoop");
}

static void configure(void *skel, const struct run *r, void *ctx)
{
	const struct opts *o = ctx;
	struct sigsnoop_bpf *s = skel;

	(void)r;
	s->rodata->kill_mode = o->kill_mode;
	s->rodata->sig_filtered = o->sig_filtered;
	s->rodata->sig_mask[0] = o->sig_mask[0];
	s->rodata->sig_mask[1] = o->sig_mask[1];
}

SKELETON(sigsnoop);

static const struct tool sigsnoop_tool = {
	.name = "sigsnoop",
	.summary = "Trace signals: sender, target, signal and what became of it.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED,
	.options = sigsnoop_options,
	.parse = parse_option,
	.check = check_options,
	.examples = "  sigsnoop                every signal generated\n"
		    "  sigsnoop -x             signals ignored, already pending or lost\n"
		    "  sigsnoop -s KILL,TERM   SIGKILL and SIGTERM only\n"
		    "  sigsnoop -k -p 181      kill-family calls made by process 181\n",
	.fields = sigsnoop_fields,
	.nfields = N_FIELDS(sigsnoop_fields),
	.skeleton = &sigsnoop_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

static const struct tool killsnoop_tool = {
	.name = "killsnoop",
	.summary = "Trace kill(), tkill(), tgkill(), sigqueue and pidfd_send_signal() calls.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED,
	.options = killsnoop_options,
	.implied = "k", /* killsnoop is sigsnoop -k */
	.parse = parse_option,
	.check = check_options,
	.examples = "  killsnoop               every kill-family call\n"
		    "  killsnoop -x            failed calls only\n"
		    "  killsnoop -s 9          SIGKILL only\n",
	.fields = killsnoop_fields,
	.nfields = N_FIELDS(killsnoop_fields),
	.skeleton = &sigsnoop_skeleton,
	.probes = probes,
	.configure = configure,
	.on_event = on_event,
};

int main(int argc, char **argv)
{
	struct opts opts = { 0 };

	return run_tool(argc > 0 && called_killsnoop(argv[0]) ? &killsnoop_tool : &sigsnoop_tool,
			&opts, argc, argv);
}
