// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * futexer [--comm NAME] [--facts FILE] OP:COUNT:MS...
 *
 * Futex waits a test can predict. The i-th OP works on the futex word at
 * FUTEXER_BASE + i * 64, a page mapped at that fixed address, so the test
 * knows each lock's address. Ops that block are made to block for at least
 * MS milliseconds each, COUNT times:
 *
 *   wait, bitset, waitv  a second thread waits (FUTEX_WAIT, FUTEX_WAIT_BITSET,
 *                        futex_waitv) until the main thread changes the word
 *   mutex, pi            a second thread blocks on a pthread mutex (plain, or
 *                        priority-inheriting: FUTEX_LOCK_PI) the main thread holds
 *   timeout              the main thread's FUTEX_WAIT times out after MS
 *   eagain               the main thread's FUTEX_WAIT finds the word changed
 *                        and returns EAGAIN at once: no wait at all
 *   pingpong             a second thread waits (FUTEX_WAIT) on a word that
 *                        never changes, and the main thread wakes it as soon
 *                        as FUTEX_WAKE finds it queued: COUNT waits that each
 *                        sleep and are woken, as fast as two threads can go
 *                        (MS is not used)
 *   pingfor              the same for MS milliseconds of wall time instead of
 *                        COUNT waits (COUNT is not used): as many as the
 *                        machine manages; --facts FILE gets their number as
 *                        "waits N"
 *
 * The main thread wakes the other only once /proc shows it asleep in the
 * futex call, and MS after that: every wait lasts at least MS, however late
 * the waiter got to the call (an emulated machine preempts it for
 * milliseconds between deciding to wait and waiting).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "deadline.h"

#define FUTEXER_BASE 0x5a0000000UL
#define SLOT_BYTES   64
#define MAX_SPECS    (4096 / SLOT_BYTES)

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

struct spec {
	char op[16];
	long count, ms;
	void *word; /* the futex word, or the pthread_mutex_t that begins with it */
	/* handshake between the main thread and the waiter */
	pid_t tid;
	int armed, done;
};

static long futex(void *uaddr, int op, unsigned int val, const struct timespec *ts,
		  unsigned int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, val3);
}

static unsigned int load(const void *p)
{
	return __atomic_load_n((const unsigned int *)p, __ATOMIC_SEQ_CST);
}

/* Handshakes take microseconds; ten seconds means the other thread is stuck. */
static void wait_until(int *flag, int value)
{
	int tries;

	for (tries = 0; __atomic_load_n(flag, __ATOMIC_SEQ_CST) != value; tries++) {
		if (tries == 100000) {
			fprintf(stderr, "futexer: stuck in a handshake\n");
			exit(4);
		}
		usleep(100);
	}
}

/* One blocking wait of the waiter thread for round r. */
static void block(struct spec *s, unsigned int r)
{
	struct futex_waitv wv = { .val = r,
				  .uaddr = (unsigned long)s->word,
				  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG };

	if (!strcmp(s->op, "mutex") || !strcmp(s->op, "pi")) {
		pthread_mutex_lock(s->word);
		pthread_mutex_unlock(s->word);
		return;
	}
	while (load(s->word) == r) {
		if (!strcmp(s->op, "wait"))
			futex(s->word, FUTEX_WAIT_PRIVATE, r, NULL, 0);
		else if (!strcmp(s->op, "bitset"))
			futex(s->word, FUTEX_WAIT_BITSET_PRIVATE, r, NULL, FUTEX_BITSET_MATCH_ANY);
		else
			syscall(SYS_futex_waitv, &wv, 1, 0, NULL, 0);
	}
}

static void *waiter(void *arg)
{
	struct spec *s = arg;
	long r;

	__atomic_store_n(&s->tid, gettid(), __ATOMIC_SEQ_CST);
	for (r = 0; r < s->count; r++) {
		wait_until(&s->armed, r + 1);
		block(s, r);
		__atomic_store_n(&s->done, r + 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/*
 * /proc/self/task/TID/syscall starts with the call's number while the thread
 * sleeps in it. Ten seconds without that ends the workload: never left hanging.
 */
static void wait_asleep_in(pid_t tid, long nr)
{
	char path[64], buf[64];
	int tries;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	for (tries = 0; tries < 50000; tries++) {
		f = fopen(path, "re");
		if (f && fgets(buf, sizeof(buf), f) && buf[0] != 'r' && atol(buf) == nr) {
			fclose(f);
			return;
		}
		if (f)
			fclose(f);
		usleep(200);
	}
	fprintf(stderr, "futexer: thread %d never slept in syscall %ld\n", tid, nr);
	exit(4);
}

static void sleep_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

static void arm(struct spec *s, unsigned int r)
{
	if (!strcmp(s->op, "mutex") || !strcmp(s->op, "pi"))
		pthread_mutex_lock(s->word);
	else
		__atomic_store_n((unsigned int *)s->word, r, __ATOMIC_SEQ_CST);
}

static void release(struct spec *s, unsigned int r)
{
	if (!strcmp(s->op, "mutex") || !strcmp(s->op, "pi")) {
		pthread_mutex_unlock(s->word);
		return;
	}
	__atomic_store_n((unsigned int *)s->word, r + 1, __ATOMIC_SEQ_CST);
	futex(s->word, FUTEX_WAKE_PRIVATE, 1, NULL, 0);
}

static int contend(struct spec *s)
{
	long nr = strcmp(s->op, "waitv") ? SYS_futex : SYS_futex_waitv;
	pthread_mutexattr_t attr;
	pthread_t thread;
	long r;

	pthread_mutexattr_init(&attr);
	if (!strcmp(s->op, "pi"))
		pthread_mutexattr_setprotocol(&attr, PTHREAD_PRIO_INHERIT);
	if (!strcmp(s->op, "mutex") || !strcmp(s->op, "pi"))
		pthread_mutex_init(s->word, &attr);
	if (pthread_create(&thread, NULL, waiter, s))
		return 1;
	while (!__atomic_load_n(&s->tid, __ATOMIC_SEQ_CST))
		usleep(100); /* the thread's first act */
	for (r = 0; r < s->count; r++) {
		arm(s, r);
		__atomic_store_n(&s->armed, r + 1, __ATOMIC_SEQ_CST);
		wait_asleep_in(s->tid, nr);
		sleep_ms(s->ms);
		release(s, r);
		wait_until(&s->done, r + 1);
	}
	return pthread_join(thread, NULL) != 0;
}

/* Every wait of the pinger returns 0: only a wake ends it, the word never changes. */
static void *pinger(void *arg)
{
	struct spec *s = arg;
	long r;

	for (r = 0; r < s->count; r++)
		if (futex(s->word, FUTEX_WAIT_PRIVATE, 0, NULL, 0))
			return arg;
	return NULL;
}

/* One FUTEX_WAKE that wakes the pinger per wait: no more wakes, no fewer waits. */
static int pingpong(struct spec *s)
{
	pthread_t thread;
	void *failed;
	long r;

	if (pthread_create(&thread, NULL, pinger, s))
		return 1;
	for (r = 0; r < s->count; r++)
		while (futex(s->word, FUTEX_WAKE_PRIVATE, 1, NULL, 0) != 1)
			sched_yield(); /* not queued yet: let it run */
	return pthread_join(thread, &failed) || failed;
}

/*
 * pingpong bounded by time: the pinger waits until the word changes. Its
 * waits that were woken (0) are counted; the one that finds the word changed
 * (EAGAIN) ends it, and sleeps no more than a refused call does.
 */
static void *pinger_until_changed(void *arg)
{
	struct spec *s = arg;

	for (;;) {
		if (!futex(s->word, FUTEX_WAIT_PRIVATE, 0, NULL, 0))
			s->done++;
		else if (errno == EAGAIN)
			return NULL;
		else
			return arg;
	}
}

static const char *facts_path;

static int pingfor(struct spec *s)
{
	long long deadline = deadline_in_ms(s->ms);
	pthread_t thread;
	void *failed;
	FILE *f;

	if (pthread_create(&thread, NULL, pinger_until_changed, s))
		return 1;
	do {
		while (futex(s->word, FUTEX_WAKE_PRIVATE, 1, NULL, 0) != 1)
			sched_yield(); /* not queued yet: let it run */
	} while (!deadline_passed(deadline));
	/* the word changed, then a wake: a waiter queued on 0 is woken, a later one refused */
	__atomic_store_n((unsigned int *)s->word, 1, __ATOMIC_SEQ_CST);
	futex(s->word, FUTEX_WAKE_PRIVATE, 1, NULL, 0);
	if (pthread_join(thread, &failed) || failed)
		return 1;
	f = facts_path ? fopen(facts_path, "we") : NULL;
	if (!f || fprintf(f, "waits %d\n", s->done) < 0 || fclose(f)) {
		perror("futexer: facts");
		return 1;
	}
	return 0;
}

/* Waits of the main thread alone: timed out, or refused at once. */
static int alone(struct spec *s)
{
	struct timespec ts = { s->ms / 1000, (s->ms % 1000) * 1000000 };
	long r;

	for (r = 0; r < s->count; r++) {
		if (!strcmp(s->op, "timeout") &&
		    (futex(s->word, FUTEX_WAIT_PRIVATE, 0, &ts, 0) != -1 || errno != ETIMEDOUT))
			return 1;
		if (!strcmp(s->op, "eagain") &&
		    (futex(s->word, FUTEX_WAIT_PRIVATE, 1, NULL, 0) != -1 || errno != EAGAIN))
			return 1;
	}
	return 0;
}

static int run(struct spec *s)
{
	static const char *const contended[] = { "wait", "bitset", "waitv", "mutex", "pi" };
	size_t i;

	for (i = 0; i < sizeof(contended) / sizeof(contended[0]); i++)
		if (!strcmp(s->op, contended[i]))
			return contend(s);
	if (!strcmp(s->op, "timeout") || !strcmp(s->op, "eagain"))
		return alone(s);
	if (!strcmp(s->op, "pingpong"))
		return pingpong(s);
	if (!strcmp(s->op, "pingfor"))
		return pingfor(s);
	return 2;
}

int main(int argc, char **argv)
{
	static struct spec specs[MAX_SPECS];
	char *page;
	int i = 1, n;

	if (argc > 2 && !strcmp(argv[1], "--comm")) {
		prctl(PR_SET_NAME, argv[2]);
		i = 3;
	}
	if (argc > i + 1 && !strcmp(argv[i], "--facts")) {
		facts_path = argv[i + 1];
		i += 2;
	}
	page = mmap((void *)FUTEXER_BASE, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (page != (void *)FUTEXER_BASE) {
		perror("futexer: mmap at the fixed address");
		return 3;
	}
	for (n = 0; i < argc && n < MAX_SPECS; i++, n++) {
		struct spec *s = &specs[n];
		int err;

		if (sscanf(argv[i], "%15[a-z]:%ld:%ld", s->op, &s->count, &s->ms) != 3 ||
		    s->count < 0 || s->ms < 0) {
			fprintf(stderr, "futexer: bad spec '%s'\n", argv[i]);
			return 2;
		}
		s->word = page + n * SLOT_BYTES;
		err = run(s);
		if (err) {
			fprintf(stderr, "futexer: %s failed\n", argv[i]);
			return err;
		}
	}
	return 0;
}
