// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "harness.h"
#include "pidns.h"

#define MAX_ARGS	 32
#define ATTACH_TIMEOUT_S 20.0
#define PAIR_STOP_S	 30.0

static const char *env_dir(const char *name)
{
	const char *dir = getenv(name);

	cr_assert(dir && *dir, "%s is not set: run the tool tests through make check", name);
	return dir;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return strdup("");
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static int collect_args(const char **argv, int first, va_list ap)
{
	const char *arg;
	int n = first;

	while ((arg = va_arg(ap, const char *)) != NULL) {
		cr_assert(n < MAX_ARGS - 2, "too many arguments");
		argv[n++] = arg;
	}
	argv[n] = NULL;
	return n;
}

/* Fork path with argv, stdout and stderr to files, the attach report to its own. */
static pid_t spawn_to_files(const char *path, const char **argv, const struct tool_proc *t)
{
	pid_t pid = fork();

	cr_assert(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int o = open(t->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(t->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		/* a test that crashes or times out must not leave a tracer running */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pidns_child();
		setenv("SONDE_ATTACH_REPORT", t->report_path, 1);
		dup2(o, 1);
		dup2(e, 2);
		execv(path, (char **)argv);
		_exit(127);
	}
	return pid;
}

/* Files of their own for each run: tests run two tools side by side. */
static void output_paths(struct tool_proc *t)
{
	static int serial;

	serial++;
	snprintf(t->out_path, sizeof(t->out_path), "/tmp/sonde-test-%d-%d.out", getpid(), serial);
	snprintf(t->err_path, sizeof(t->err_path), "/tmp/sonde-test-%d-%d.err", getpid(), serial);
	snprintf(t->report_path, sizeof(t->report_path), "/tmp/sonde-test-%d-%d.attach", getpid(),
		 serial);
	unlink(t->report_path);
}

static int decode_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

void attach_kinds(const char *report, char *kinds, size_t len)
{
	const struct json *attached, *kind;
	struct json *lines;
	size_t n, i;

	kinds[0] = '\0';
	if (!*report)
		return;
	lines = json_lines(report, &n);
	attached = n ? json_get(&lines[0], "attached") : NULL;
	for (i = 0; attached && i < attached->n; i++) {
		kind = json_get(&attached->items[i], "kind");
		if (kind && kind->type == JSON_STRING && !strstr(kinds, kind->string))
			snprintf(kinds + strlen(kinds), len - strlen(kinds), "%s%s",
				 kinds[0] ? "+" : "", kind->string);
	}
	json_lines_free(lines, n);
}

void log_attach(const char *tool, const char *kinds)
{
	const char *path = getenv("SONDE_MATRIX_LOG");
	FILE *f = path && *path ? fopen(path, "ae") : NULL;

	if (!f)
		return;
	fprintf(f, "%s\t%s\n", tool, kinds);
	fclose(f);
}

/* The report once its line is complete, or NULL. */
static char *report_written(const struct tool_proc *t)
{
	char *report = slurp(t->report_path);

	if (*report && report[strlen(report) - 1] == '\n')
		return report;
	free(report);
	return NULL;
}

/*
 * A kind forced by SONDE_ATTACH (the matrix's forced passes) that this
 * kernel lacks for the tool's hook: the tool rightly refused, naming it,
 * and the test has nothing to check (the refusal's words are the attach
 * suite's to test). Its matrix row says "refused".
 */
void skip_if_forced_kind_missing(const char *tool, int status, const char *err)
{
	const char *forced = getenv("SONDE_ATTACH");
	char said[64];

	if (!forced || !*forced || status != 1 || !err || !strstr(err, "cannot attach"))
		return;
	snprintf(said, sizeof(said), "(SONDE_ATTACH=%s)", forced);
	if (!strstr(err, said))
		return;
	log_attach(tool, "refused");
	cr_skip_test("%s: this kernel lacks the forced kind: %s", tool, err);
}

void tool_start(struct tool_proc *t, const char *tool, ...)
{
	const char *argv[MAX_ARGS];
	char path[512], *report, *err;
	double deadline;
	va_list ap;
	int status;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", tool);
	snprintf(path, sizeof(path), "%s/%s", env_dir("SONDE_BIN"), tool);
	output_paths(t);
	argv[0] = tool;
	va_start(ap, tool);
	collect_args(argv, 1, ap);
	va_end(ap);
	t->pid = spawn_to_files(path, argv, t);

	for (deadline = now_s() + ATTACH_TIMEOUT_S; now_s() < deadline; usleep(20000)) {
		report = report_written(t);
		if (report) {
			attach_kinds(report, t->kinds, sizeof(t->kinds));
			log_attach(tool, t->kinds);
			free(report);
			unlink(t->report_path);
			return;
		}
		if (waitpid(t->pid, &status, WNOHANG) == t->pid) {
			err = slurp(t->err_path);
			skip_if_forced_kind_missing(tool, decode_status(status), err);
			cr_assert_fail("%s exited (%d) before attaching: %s", tool,
				       decode_status(status), err);
		}
	}
	kill(t->pid, SIGKILL);
	cr_assert_fail("%s did not attach within %.0f s", tool, ATTACH_TIMEOUT_S);
}

int tool_wait(struct tool_proc *t, double seconds)
{
	double deadline = now_s() + seconds;
	int status;

	while (waitpid(t->pid, &status, WNOHANG) != t->pid) {
		if (now_s() > deadline) {
			kill(t->pid, SIGKILL);
			waitpid(t->pid, &status, 0);
			status = -1;
			break;
		}
		usleep(10000);
	}
	t->out = slurp(t->out_path);
	t->err = slurp(t->err_path);
	unlink(t->out_path);
	unlink(t->err_path);
	return status == -1 ? -1 : decode_status(status);
}

/*
 * A stack tool names its frames at the report, after the signal: in a TCG
 * VM sharing two CPUs with another, offcputime's took over 10 s once
 * (6.12, CI rehearsal; 1 s alone). A hang still fails, after 30 s.
 */
#define STOP_WAIT_S 30.0

int tool_stop(struct tool_proc *t, int sig)
{
	kill(t->pid, sig);
	return tool_wait(t, STOP_WAIT_S);
}

void tool_free(struct tool_proc *t)
{
	free(t->out);
	free(t->err);
	t->out = t->err = NULL;
}

/* max_entries of the map behind descriptor fd of the process pidfd stands for, if named `name`. */
static long map_entries_if_named(int pidfd, int fd, const char *name)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	int copy = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	long entries = -1;

	if (copy >= 0 && !bpf_obj_get_info_by_fd(copy, &info, &len) &&
	    !strncmp(info.name, name, sizeof(info.name) - 1))
		entries = info.max_entries;
	if (copy >= 0)
		close(copy);
	return entries;
}

long tool_map_entries(const struct tool_proc *t, const char *name)
{
	char path[300], target[64];
	struct dirent *d;
	long entries = -1;
	int pidfd = syscall(SYS_pidfd_open, t->pid, 0);
	DIR *dir;
	ssize_t n;

	cr_assert_geq(pidfd, 0, "pidfd_open(%d): %s", t->pid, strerror(errno));
	snprintf(path, sizeof(path), "/proc/%d/fd", t->pid);
	dir = opendir(path);
	cr_assert(dir, "%s: %s", path, strerror(errno));
	while (entries < 0 && (d = readdir(dir))) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%s", t->pid, d->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0 && (target[n] = 0, !strcmp(target, "anon_inode:bpf-map")))
			entries = map_entries_if_named(pidfd, atoi(d->d_name), name);
	}
	closedir(dir);
	close(pidfd);
	return entries;
}

/* Run a tool to its end; its status, output and how it attached. */
static int run_to_end(char **out, char **err, char *kinds, size_t len, const char *tool, va_list ap)
{
	struct tool_proc t = { 0 };
	const char *argv[MAX_ARGS];
	char path[512], *report;
	int status;

	snprintf(path, sizeof(path), "%s/%s", env_dir("SONDE_BIN"), tool);
	output_paths(&t);
	argv[0] = tool;
	collect_args(argv, 1, ap);
	t.pid = spawn_to_files(path, argv, &t);
	status = tool_wait(&t, 30.0);
	report = slurp(t.report_path);
	if (kinds)
		attach_kinds(report, kinds, len);
	free(report);
	unlink(t.report_path);
	*out = t.out;
	*err = t.err;
	return status;
}

int tool_run(char **out, char **err, const char *tool, ...)
{
	va_list ap;
	int status;

	va_start(ap, tool);
	status = run_to_end(out, err, NULL, 0, tool, ap);
	va_end(ap);
	return status;
}

int tool_run_kinds(char **out, char **err, char *kinds, size_t len, const char *tool, ...)
{
	va_list ap;
	int status;

	va_start(ap, tool);
	status = run_to_end(out, err, kinds, len, tool, ap);
	va_end(ap);
	return status;
}

int tracer_pair_run(struct tracer_pair *p, struct workload *w, const char *tool, const char *extra,
		    const char *opt, const char *match, const char *miss)
{
	int status;

	memset(p, 0, sizeof(*p));
	if (extra) {
		tool_start(&p->hit, tool, "-j", extra, opt, match, NULL);
		tool_start(&p->miss, tool, "-j", extra, opt, miss, NULL);
	} else {
		tool_start(&p->hit, tool, "-j", opt, match, NULL);
		tool_start(&p->miss, tool, "-j", opt, miss, NULL);
	}
	status = workload_finish(w);
	/*
	 * Both stopped at once, each given PAIR_STOP_S to report: a stack
	 * tool names every frame as it stops, and two of them sharing one
	 * emulated CPU (scripts/vm's 6.12: offwaketime) took past 10 s.
	 * How soon a tracer stops alone is test_lifecycle's.
	 */
	kill(p->hit.pid, SIGINT);
	kill(p->miss.pid, SIGINT);
	cr_assert_eq(tool_wait(&p->hit, PAIR_STOP_S), 0, "%s %s %s: %s", tool, opt, match,
		     p->hit.err);
	cr_assert_eq(tool_wait(&p->miss, PAIR_STOP_S), 0, "%s %s %s: %s", tool, opt, miss,
		     p->miss.err);
	p->hit_recs = json_lines(p->hit.out, &p->hit_n);
	p->miss_recs = json_lines(p->miss.out, &p->miss_n);
	return status;
}

void tracer_pair_free(struct tracer_pair *p)
{
	json_lines_free(p->hit_recs, p->hit_n);
	json_lines_free(p->miss_recs, p->miss_n);
	tool_free(&p->hit);
	tool_free(&p->miss);
}

struct json *trace_workloads(struct workload *w, size_t nw, size_t *n, const char *tool,
			     const char *const args[TRACE_MAX_ARGS])
{
	struct tool_proc t;
	struct json *recs;
	int status = 0, failed = -1, s;
	size_t i;

	tool_start(&t, tool, "-j", args[0], args[1], args[2], args[3], args[4], args[5], NULL);
	for (i = 0; i < nw; i++) {
		s = workload_finish(&w[i]);
		if (s && failed < 0) {
			failed = i;
			status = s;
		}
	}
	cr_assert_eq(tool_stop(&t, SIGINT), 0, "%s: stderr: %s", tool, t.err);
	cr_assert_eq(failed, -1, "workload %d failed (%d)", failed, status);
	recs = json_lines(t.out, n);
	tool_free(&t);
	return recs;
}

struct json *trace_workload(struct workload *w, size_t *n, const char *tool,
			    const char *const args[TRACE_MAX_ARGS])
{
	return trace_workloads(w, 1, n, tool, args);
}

void assert_usage_error(const char *tool, const char *a, const char *b)
{
	char *out, *err, prefix[64];
	int status;

	snprintf(prefix, sizeof(prefix), "%s: ", tool);
	status = tool_run(&out, &err, tool, a, b, NULL);
	cr_assert_eq(status, 2, "%s %s %s: status %d: %s", tool, a, b ? b : "", status, err);
	cr_assert(!strncmp(err, prefix, strlen(prefix)), "error not prefixed: %s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	free(out);
	free(err);
}

double children_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
	       ru.ru_stime.tv_usec / 1e6;
}

/* The highest id of a loaded BPF program: those loaded later have higher ones. */
static long last_prog_id(void)
{
	char out[32];

	sh(out, sizeof(out), "bpftool -j prog show | jq '[.[].id] | max // 0'");
	return strtol(out, NULL, 10);
}

/*
 * Whether a program named in `progs` and loaded after `since` is still
 * there, waited for up to two seconds: the kernel frees a program whose
 * last holder went after an RCU grace period, not at once.
 */
static bool programs_left(const char *const *progs, long since, char *names, size_t len)
{
	const char *const *p;
	int tries;

	for (tries = 0; tries < 20; tries++) {
		sh(names, len,
		   "bpftool -j prog show | jq -r '[.[] | select(.id > %ld) | .name] | join(\" \")'",
		   since);
		for (p = progs; *p && !strstr(names, *p); p++)
			;
		if (!*p)
			return false;
		usleep(100000);
	}
	return true;
}

void assert_refused_exactly(const char *line, const char *const *progs, const char *tool, ...)
{
	char kinds[64], names[4096];
	char *out, *err;
	long since = last_prog_id();
	int status;
	va_list ap;

	va_start(ap, tool);
	status = run_to_end(&out, &err, kinds, sizeof(kinds), tool, ap);
	va_end(ap);
	cr_assert_eq(status, 1, "%s: status %d, not 1: %s", tool, status, err);
	cr_assert_str_empty(out, "%s printed on its refusal:\n%s", tool, out);
	cr_assert(!strncmp(err, line, strlen(line)) && !strcmp(err + strlen(line), "\n"),
		  "%s: not the one line \"%s\":\n%s", tool, line, err);
	cr_assert_str_empty(kinds, "%s attached (%s) before refusing", tool, kinds);
	cr_assert_not(programs_left(progs, since, names, sizeof(names)),
		      "%s left programs loaded: %s", tool, names);
	free(out);
	free(err);
}

void workload_spawn(struct workload *w, const char *name, ...)
{
	const char *argv[MAX_ARGS];
	char path[512], go;
	int pipefd[2];
	va_list ap;

	snprintf(path, sizeof(path), "%s/%s", env_dir("SONDE_WORKLOADS"), name);
	argv[0] = name;
	va_start(ap, name);
	collect_args(argv, 1, ap);
	va_end(ap);
	cr_assert(pipe2(pipefd, O_CLOEXEC) == 0);
	w->pid = fork();
	cr_assert(w->pid >= 0);
	if (w->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pidns_child();
		close(pipefd[1]);
		if (read(pipefd[0], &go, 1) != 1)
			_exit(126);
		execv(path, (char **)argv);
		_exit(127);
	}
	close(pipefd[0]);
	w->go_fd = pipefd[1];
}

int workload_finish(struct workload *w)
{
	int status;

	cr_assert(write(w->go_fd, "g", 1) == 1);
	close(w->go_fd);
	cr_assert(waitpid(w->pid, &status, 0) == w->pid);
	/* give the tool a poll period to read the ring (records wait up to 100 ms) */
	usleep(300000);
	return decode_status(status);
}

const char *num_arg(long n)
{
	static char buf[8][24];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%ld", n);
	return buf[i];
}

const char *test_marker(void)
{
	static char marker[48];

	if (!marker[0])
		snprintf(marker, sizeof(marker), "sonde%d-%lx", getpid(),
			 (long)time(NULL) & 0xffff);
	return marker;
}

void sh(char *buf, size_t len, const char *fmt, ...)
{
	char cmd[1024];
	size_t n = 0;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	cr_assert(p, "popen %s", cmd);
	if (buf && len) {
		n = fread(buf, 1, len - 1, p);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			n--;
		buf[n] = '\0';
	} else {
		char sink[256];

		while (fread(sink, 1, sizeof(sink), p) > 0)
			;
	}
	cr_assert(pclose(p) == 0, "command failed: %s", cmd);
}

/* Where cgroup2 is mounted: /sys/fs/cgroup on most systems, .../unified on hybrid ones. */
static void cgroup2_root(char *buf, size_t len)
{
	char dev[64], dir[256], type[64];
	FILE *f = fopen("/proc/mounts", "re");

	cr_assert(f);
	buf[0] = '\0';
	while (fscanf(f, "%63s %255s %63s %*[^\n]", dev, dir, type) == 3)
		if (!strcmp(type, "cgroup2")) {
			snprintf(buf, len, "%s", dir);
			break;
		}
	fclose(f);
	cr_assert(buf[0], "cgroup2 is not mounted");
}

void cgroup_pair_make(struct cgroup_pair *cg, pid_t pid)
{
	char root[256];

	cgroup2_root(root, sizeof(root));
	snprintf(cg->inside, sizeof(cg->inside), "%s/sonde-test-%d-in", root, getpid());
	snprintf(cg->outside, sizeof(cg->outside), "%s/sonde-test-%d-out", root, getpid());
	cr_assert(mkdir(cg->inside, 0755) == 0 || errno == EEXIST, "mkdir %s", cg->inside);
	cr_assert(mkdir(cg->outside, 0755) == 0 || errno == EEXIST, "mkdir %s", cg->outside);
	cgroup_pair_add(cg, pid);
}

void cgroup_pair_add(struct cgroup_pair *cg, pid_t pid)
{
	char path[340];
	FILE *procs;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg->inside);
	procs = fopen(path, "we");
	cr_assert(procs, "open %s", path);
	fprintf(procs, "%d\n", pid);
	cr_assert(fclose(procs) == 0, "cannot move %d into %s", pid, cg->inside);
}

void cgroup_pair_remove(struct cgroup_pair *cg)
{
	rmdir(cg->inside);
	rmdir(cg->outside);
}

bool kernel_has_tracepoint(const char *category_name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s", category_name);
	return access(path, F_OK) == 0;
}

bool kernel_has_syscall(const char *call)
{
	char name[128];

	snprintf(name, sizeof(name), "syscalls/sys_enter_%s", call);
	return kernel_has_tracepoint(name);
}

bool kernel_has_kprobes(void)
{
	return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
	       access("/sys/kernel/tracing/kprobe_events", F_OK) == 0;
}

bool kernel_has_bpf_cookies(void)
{
	return libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_attach_cookie, NULL) > 0;
}

bool kernel_has_task_storage(void)
{
	return libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) > 0;
}

const char *resident_string_read(void)
{
	return kernel_has_task_storage() ? "entry" : "exit";
}

double proc_net_rx(void)
{
	char line[4096], *p, *end;
	double sum = 0;
	FILE *f = fopen("/proc/softirqs", "r");

	cr_assert(f, "no /proc/softirqs");
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, "NET_RX:", 7))
			continue;
		for (p += 7;; p = end) {
			double v = strtod(p, &end);

			if (end == p)
				break;
			sum += v;
		}
	}
	fclose(f);
	return sum;
}
