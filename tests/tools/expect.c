// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "pidns.h"

#define MAX_SPAWNED 4

/* What this test made: its workloads with their facts files, one cgroup pair. */
static struct {
	pid_t workloads[MAX_SPAWNED];
	char facts[MAX_SPAWNED][256];
	int spawned;
	bool has_cgroups;
	struct cgroup_pair cgroups; /* a copy: the test's own is gone by .fini */
} made;

void expect_facts(char *facts, size_t len, const char *name)
{
	cr_assert_lt(made.spawned, MAX_SPAWNED, "more than %d workloads", MAX_SPAWNED);
	snprintf(facts, len, "/tmp/%s-%s-%d.facts", test_marker(), name, made.spawned);
	unlink(facts);
	snprintf(made.facts[made.spawned], sizeof(made.facts[0]), "%s", facts);
}

void expect_workload(const struct workload *w)
{
	made.workloads[made.spawned++] = w->pid;
}

void expect_spawn(struct workload *w, const char *name, char *facts, size_t len)
{
	expect_facts(facts, len, name);
	workload_spawn(w, name, facts, NULL);
	expect_workload(w);
}

void expect_spawn_ids(struct workload *w, bool fork, char *facts, size_t len, const char *name,
		      const char *arg)
{
	expect_facts(facts, len, name);
	if (fork)
		workload_spawn(w, "ids", "--fork", facts, name, arg ? arg : facts, NULL);
	else
		workload_spawn(w, "ids", facts, name, arg ? arg : facts, NULL);
	expect_workload(w);
}

struct json *expect_trace_inside(struct workload *w, char *facts, size_t len, const char *name,
				 size_t *n, const char *tool,
				 const char *const args[TRACE_MAX_ARGS])
{
	struct json *recs;
	struct pidns ns;

	pidns_make(&ns);
	pidns_enter(&ns);
	expect_spawn_ids(w, false, facts, len, name, NULL);
	recs = trace_workload(w, n, tool, args);
	pidns_leave();
	pidns_remove(&ns);
	return recs;
}

void expect_cgroups(struct cgroup_pair *cg, pid_t pid)
{
	cgroup_pair_make(cg, pid);
	made.cgroups = *cg;
	made.has_cgroups = true;
}

/* Our own child only: one already reaped may have a new owner of its pid. */
static void stop_workload(pid_t pid)
{
	int status;

	if (pid > 0 && waitpid(pid, &status, WNOHANG) == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
}

/* A cgroup empties a moment after its last task is reaped; wait up to a second. */
static void remove_cgroups(struct cgroup_pair *cg)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		cgroup_pair_remove(cg);
		if (access(cg->inside, F_OK) && access(cg->outside, F_OK))
			return;
		usleep(10000);
	}
}

/*
 * Also when the test process ends, whatever its suite's own .fini does: a
 * test that names no .fini of its own (a suite's loop device must go by
 * the suite's) still leaves nothing of this kind behind.
 */
__attribute__((destructor)) static void cleanup_at_exit(void)
{
	expect_cleanup();
}

void expect_cleanup(void)
{
	int i;

	for (i = 0; i < made.spawned; i++)
		stop_workload(made.workloads[i]);
	pidns_cleanup();
	if (made.has_cgroups)
		remove_cgroups(&made.cgroups);
	for (i = 0; i < made.spawned; i++)
		unlink(made.facts[i]);
	memset(&made, 0, sizeof(made));
}

long fact(const char *path, const char *key)
{
	char name[64];
	FILE *f = fopen(path, "re");
	long value = 0;
	bool found = false;

	cr_assert(f, "no facts file %s", path);
	while (!found && fscanf(f, "%63s %ld", name, &value) == 2)
		found = !strcmp(name, key);
	fclose(f);
	cr_assert(found, "no fact '%s' in %s", key, path);
	return value;
}

size_t facts_all(const char *path, const char *key, long *values, size_t max)
{
	char name[64];
	FILE *f = fopen(path, "re");
	size_t n = 0;
	long value;

	cr_assert(f, "no facts file %s", path);
	while (fscanf(f, "%63s %ld", name, &value) == 2)
		if (!strcmp(name, key) && n < max)
			values[n++] = value;
	fclose(f);
	return n;
}

bool rec_is(const struct json *rec, const char *key, long value)
{
	const struct json *v = json_get(rec, key);

	return v && v->type == JSON_NUMBER && v->number == (double)value;
}

bool rec_str_is(const struct json *rec, const char *key, const char *value)
{
	const struct json *v = json_get(rec, key);

	return v && v->type == JSON_STRING && !strcmp(v->string, value);
}

const struct json *rec_find(const struct json *recs, size_t n, const char *k1, long v1,
			    const char *k2, long v2)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rec_is(&recs[i], k1, v1) && (!k2 || rec_is(&recs[i], k2, v2)))
			return &recs[i];
	return NULL;
}

size_t rec_count(const struct json *recs, size_t n, const char *k1, long v1)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		count += rec_is(&recs[i], k1, v1);
	return count;
}
