// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pingpong FACTS pipe ROUNDS
 * pingpong FACTS hog MS PERIOD_US
 * pingpong FACTS crowd N MS CPU
 *
 * pipe: the main thread and thread "pong" pass a byte back and forth over
 * two pipes ROUNDS times: each read that finds the pipe empty sleeps and
 * is woken by the other's write, so every round trip is up to two wakeups.
 * Each thread writes its tid ("ping", "pong") and, as ground truth for the
 * run-queue tools, its context switches as getrusage() counts them (both
 * voluntary and preempted: each is one later trip through a run queue):
 * "switches" is their sum over both threads, from the start of this
 * program on. Not from the fork: the process was forked before the test's
 * tracers attached, and what it switched then no tracer saw. On a loaded
 * machine that may be more than the tests' slack: a CI run's count was 10
 * above runqlat's, where 8 are allowed.
 *
 * hog: the process is pinned to CPU 0 (sched_setaffinity) and thread "hog"
 * spins there while thread "sleeper", at the same nice, sleeps PERIOD_US
 * and wakes, for MS milliseconds: its wakeups wait for the CPU the hog
 * holds. Writes "hog" and "sleeper" (tids) and "wakeups". Where CPU 0 is
 * crowded (other tests' workloads pinned there too), a wakeup may wait
 * 100 ms: the sleeper goes on past MS until it has woken HOG_MIN_WAKEUPS
 * times, for at most ten times MS.
 *
 * crowd: the process starts a session of its own (so a task group of its
 * own where autogroup is on), is pinned to CPU, and N "hog" threads spin
 * there for MS milliseconds while the main thread sleeps: N tasks always
 * runnable on one CPU, alone in their group, so N - 1 of them queued
 * behind the running one (runqlen). Writes each hog's tid ("hog").
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"

static FILE *facts;
static pthread_mutex_t facts_lock = PTHREAD_MUTEX_INITIALIZER;
static long rounds;
static int ping[2], pong[2];
static volatile int stop;

static void fact(const char *key, long value)
{
	pthread_mutex_lock(&facts_lock);
	fprintf(facts, "%s %ld\n", key, value);
	fflush(facts);
	pthread_mutex_unlock(&facts_lock);
}

static long switches(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

static void *ponger(void *arg)
{
	char c;

	(void)arg;
	fact("pong", gettid());
	for (long i = 0; i < rounds; i++) {
		if (read(ping[0], &c, 1) != 1 || write(pong[1], &c, 1) != 1)
			_exit(121);
	}
	*(long *)arg = switches();
	return NULL;
}

static int run_pipe(void)
{
	long before = switches(), theirs = 0;
	pthread_t t;
	char c = 'x';

	if (pipe(ping) || pipe(pong))
		return 122;
	fact("ping", gettid());
	if (pthread_create(&t, NULL, ponger, &theirs))
		return 123;
	for (long i = 0; i < rounds; i++) {
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return 124;
	}
	pthread_join(t, NULL);
	fact("switches", switches() - before + theirs);
	return 0;
}

static void *hog(void *arg)
{
	(void)arg;
	fact("hog", gettid());
	while (!stop)
		;
	return NULL;
}

/* This thread, and the threads it creates from now on, run on `cpu` only. */
static int pin(long cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

#define HOG_MIN_WAKEUPS 100

static int run_hog(long ms, long period_us)
{
	struct timespec nap = { period_us / 1000000, period_us % 1000000 * 1000 };
	long long end, last;
	pthread_t t;
	long wakeups = 0;

	if (pin(0))
		return 125;
	fact("sleeper", gettid());
	if (pthread_create(&t, NULL, hog, NULL)) /* inherits the affinity */
		return 126;
	end = deadline_in_ms(ms);
	last = deadline_in_ms(10 * ms);
	do {
		nanosleep(&nap, NULL);
		wakeups++;
	} while (!deadline_passed(end) || (wakeups < HOG_MIN_WAKEUPS && !deadline_passed(last)));
	stop = 1;
	pthread_join(t, NULL);
	fact("wakeups", wakeups);
	return 0;
}

static int run_crowd(long n, long ms, long cpu)
{
	struct timespec nap = { ms / 1000, ms % 1000 * 1000000 };
	pthread_t t[64];
	long i;

	if (n < 1 || n > 64 || cpu < 0 || cpu >= CPU_SETSIZE || pin(cpu))
		return 125;
	setsid(); /* its own autogroup; fails only for a group leader, which it is not */
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, hog, NULL)) /* inherit the affinity */
			return 126;
	nanosleep(&nap, NULL);
	stop = 1;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4 || !(facts = fopen(argv[1], "a")))
		return 2;
	if (!strcmp(argv[2], "pipe")) {
		rounds = atol(argv[3]);
		return run_pipe();
	}
	if (!strcmp(argv[2], "hog") && argc == 5)
		return run_hog(atol(argv[3]), atol(argv[4]));
	if (!strcmp(argv[2], "crowd") && argc == 6)
		return run_crowd(atol(argv[3]), atol(argv[4]), atol(argv[5]));
	return 2;
}
