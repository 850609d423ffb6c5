/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Asserting a workload's own events exactly. A workload reports what only
 * it knows (its children's pids, its threads' IDs) as "key value" lines in a
 * facts file the test names; records are looked up by those values.
 */
#ifndef SONDE_TEST_EXPECT_H
#define SONDE_TEST_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/*
 * Fork tests/workloads/<name> held (workload_spawn()), with one argument: a
 * fresh facts file, whose path goes to facts[len].
 */
void expect_spawn(struct workload *w, const char *name, char *facts, size_t len);
/*
 * The same through tests/workloads/ids, which adds to the facts file the
 * "pid" and "ppid" of the process that runs `name` (a child of ids with
 * `fork`), as they see them: as their PID namespace numbers them. `name`
 * gets one argument, `arg`, or the facts file's path if it is NULL.
 */
void expect_spawn_ids(struct workload *w, bool fork, char *facts, size_t len, const char *name,
		      const char *arg);
/*
 * `tool -j ARGS` over the workload `name` (given its facts file, through
 * ids), both inside a PID namespace made for them and gone after; the
 * tool's records.
 */
struct json *expect_trace_inside(struct workload *w, char *facts, size_t len, const char *name,
				 size_t *n, const char *tool,
				 const char *const args[TRACE_MAX_ARGS]);
/*
 * For a workload that takes more than its facts file: the fresh facts file
 * for workload `name` (its path to facts[len]), then, once it is spawned,
 * the workload itself, both left to expect_cleanup().
 */
void expect_facts(char *facts, size_t len, const char *name);
void expect_workload(const struct workload *w);
/* cgroup_pair_make(), remembered so that expect_cleanup() removes the pair. */
void expect_cgroups(struct cgroup_pair *cg, pid_t pid);
/*
 * A TestSuite's .fini: whatever a test left behind when it failed half-way,
 * its held or running workload, its cgroups, its PID namespaces
 * (pidns_cleanup()), its facts file, goes.
 */
void expect_cleanup(void);

/* The value of `key` in the facts file; fails the test if it is missing. */
long fact(const char *path, const char *key);
/* Every value of a key a workload wrote once per event, in order (at most max): their count. */
size_t facts_all(const char *path, const char *key, long *values, size_t max);

/* Whether rec has the number `value` at `key` (a lost_events record has no other key). */
bool rec_is(const struct json *rec, const char *key, long value);
/* Whether rec has the string `value` at `key` (false where it has no such string). */
bool rec_str_is(const struct json *rec, const char *key, const char *value);

/* The first record whose number k1 is v1 (and k2 is v2, unless k2 is NULL); NULL if none. */
const struct json *rec_find(const struct json *recs, size_t n, const char *k1, long v1,
			    const char *k2, long v2);
/* How many records have the number k1 equal to v1. */
size_t rec_count(const struct json *recs, size_t n, const char *k1, long v1);

#endif
