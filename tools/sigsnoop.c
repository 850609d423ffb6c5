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
#include "output.h"
#include "run.h"
#include "sigsnoop.h"
#include "sigsnoop.skel.h"

static struct {
	bool kill_mode;
	bool sig_filtered;
	__u64 sig_mask[2];
} opts;

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
 * (bcc has none), SIG by name. killsnoop: bcc's TIME PID COMM SIG TPID RESULT,
 * SIG by number. JSON has both forms of the signal.
 */
static struct field fields[] = {
	[F_TIME] = { "time", "TIME", -8 },
	[F_PID] = { "pid", "PID", -7 },
	[F_TID] = { "tid", "TID", -7, .hidden = true },
	[F_COMM] = { "comm", "COMM", -16 },
	[F_SIG] = { "sig", "SIG", -4, .hidden = true },
	[F_SIGNAL] = { "signal", "SIG", -11 },
	[F_TPID] = { "tpid", "TPID", -7 },
	[F_TCOMM] = { "tcomm", "TCOMM", -16 },
	[F_SYSCALL] = { "syscall", "SYSCALL", -18, .hidden = true },
	[F_CODE] = { "code", "CODE", 0, .hidden = true },
	[F_RET] = { "ret", "RET", 0, .hidden = true },
	[F_RESULT] = { "result", "RESULT", 0 },
};

#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

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

static void parse_signals(const char *arg)
{
	char *list = strdup(arg), *tok, *save = NULL;
	int sig, count = 0;

	for (tok = list ? strtok_r(list, ",", &save) : NULL; tok;
	     tok = strtok_r(NULL, ",", &save)) {
		sig = signal_number(tok);
		if (sig < 0)
			usage_error(
				"unknown signal '%s': expected a name (KILL, SIGUSR1) or 0 to %d",
				tok, SIG_MAX);
		opts.sig_mask[sig >> 6] |= 1ULL << (sig & 63);
		count++;
	}
	free(list);
	if (!count)
		usage_error("no signal in '%s'", arg);
	opts.sig_filtered = true;
}

static int parse_option(int key, const char *arg)
{
	switch (key) {
	case 'k':
		opts.kill_mode = true;
		return 0;
	case 's':
		parse_signals(arg);
		return 0;
	}
	return -1;
}

static const struct tool sigsnoop_tool = {
	.name = "sigsnoop",
	.summary = "Trace signals: sender, target, signal and what became of it.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED,
	.options = sigsnoop_options,
	.parse = parse_option,
	.examples = "  sigsnoop                every signal generated\n"
		    "  sigsnoop -x             signals ignored, already pending or lost\n"
		    "  sigsnoop -s KILL,TERM   SIGKILL and SIGTERM only\n"
		    "  sigsnoop -k -p 181      kill-family calls made by process 181\n",
};

static const struct tool killsnoop_tool = {
	.name = "killsnoop",
	.summary = "Trace kill(), tkill(), tgkill(), sigqueue and pidfd_send_signal() calls.",
	.shared = SHARED_TASK_FILTERS | SHARED_DURATION | SHARED_TIMESTAMP | SHARED_FAILED,
	.options = killsnoop_options,
	.parse = parse_option,
	.examples = "  killsnoop               every kill-family call\n"
		    "  killsnoop -x            failed calls only\n"
		    "  killsnoop -s 9          SIGKILL only\n",
};

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

static const char *result_name(const struct sig_event *e)
{
	static char unknown[16];

	if (opts.kill_mode)
		return e->result >= 0 ? "0" : errno_name(-e->result);
	if (e->result >= 0 && e->result < SIG_RESULTS)
		return result_names[e->result];
	snprintf(unknown, sizeof(unknown), "result_%d", e->result);
	return unknown;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct sig_event *e = data;
	const char *result;

	(void)ctx;
	if (len < sizeof(*e))
		return 0;
	result = result_name(e);
	rec_begin();
	rec_time(&fields[F_TIME], e->ts);
	rec_uint(&fields[F_PID], e->pid);
	rec_uint(&fields[F_TID], e->tid);
	rec_str(&fields[F_COMM], e->comm, sizeof(e->comm));
	rec_int(&fields[F_SIG], e->sig);
	rec_str(&fields[F_SIGNAL], signal_name(e->sig), 32);
	rec_int(&fields[F_TPID], e->tpid);
	if (opts.kill_mode) {
		rec_str(&fields[F_SYSCALL], e->call < SIG_CALLS ? call_names[e->call] : "", 32);
		rec_int(&fields[F_RET], e->result);
	} else {
		rec_str(&fields[F_TCOMM], e->tcomm, sizeof(e->tcomm));
		rec_int(&fields[F_CODE], e->code);
	}
	rec_str(&fields[F_RESULT], result, 32);
	rec_end();
	return 0;
}

enum { HOOK_GENERATE, HOOK_FIRST_SYSCALL };

static struct probe probes[] = {
	[HOOK_GENERATE] = { "signal_generate", { "sig_generate" } },
	[HOOK_FIRST_SYSCALL] = { "kill", { "kill_in,kill_out" } },
	{ "tkill", { "tkill_in,tkill_out" } },
	{ "tgkill", { "tgkill_in,tgkill_out" } },
	{ "rt_sigqueueinfo", { "sigqueue_in,sigqueue_out" } },
	{ "rt_tgsigqueueinfo", { "tgsigqueue_in,tgsigqueue_out" } },
	{ "pidfd_send_signal", { "pidfd_in,pidfd_out" } },
	{ 0 },
};

/* The columns of the personality and mode; JSON has them all, whichever. */
static void choose_columns(bool killsnoop)
{
	size_t i;

	fields[F_SIG].hidden = !killsnoop;
	fields[F_SIGNAL].hidden = killsnoop;
	fields[F_TCOMM].hidden = opts.kill_mode;
	for (i = HOOK_FIRST_SYSCALL; probes[i].hook; i++)
		probes[i].unused = !opts.kill_mode;
}

static bool called_killsnoop(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	return !strcmp(slash ? slash + 1 : argv0, "killsnoop");
}

static void configure(struct sigsnoop_bpf *skel, const struct run *run)
{
	skel->rodata->filter = run->filter;
	skel->rodata->kill_mode = opts.kill_mode;
	skel->rodata->failed_only = run->failed_only;
	skel->rodata->sig_filtered = opts.sig_filtered;
	skel->rodata->sig_mask[0] = opts.sig_mask[0];
	skel->rodata->sig_mask[1] = opts.sig_mask[1];
}

int main(int argc, char **argv)
{
	bool killsnoop = argc > 0 && called_killsnoop(argv[0]);
	struct sigsnoop_bpf *skel;
	struct run run;

	opts.kill_mode = killsnoop;
	run_parse(&run, killsnoop ? &killsnoop_tool : &sigsnoop_tool, argc, argv);
	if ((opts.sig_mask[0] & 1) && !opts.kill_mode)
		usage_error("signal 0 is never generated: it only probes a pid, seen with -k");
	choose_columns(killsnoop);

	skel = sigsnoop_bpf__open_opts(run_open_opts(&run, sigsnoop_bpf__elf_bytes));
	if (run_opened(&run, skel)) {
		configure(skel, &run);
		run_snoop(&run, skel->obj, probes, fields, N_FIELDS, on_event);
	}
	run_stop(&run);
	sigsnoop_bpf__destroy(skel);
	return run.exit_code;
}
