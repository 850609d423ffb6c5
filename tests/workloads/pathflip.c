// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * pathflip FACTS fifo FIFO DECOY
 * pathflip FACTS flip REAL DECOY COUNT
 *
 * A process that lies to a tracer about the files it opens: one thread opens
 * the path in a buffer while another rewrites the buffer, so that a tracer
 * reading the caller's string after the kernel did sees another path.
 *
 * fifo: a thread opens FIFO for reading, which blocks until a writer comes;
 * once it is asleep inside openat (the kernel copied the path long before),
 * the main thread writes DECOY over the buffer, then opens FIFO for writing
 * to let it through. Facts: reader_tid, reader_fd.
 *
 * flip: the main thread writes REAL and DECOY (both existing files, names of
 * the same length) over the buffer in turn, without pause, while a thread of
 * its own, on another CPU where there is one, opens it COUNT times, asks the
 * kernel which file each descriptor holds (readlink /proc/self/fd/N) and
 * closes it. A torn mix of the two names names no file. Facts: opener_tid,
 * then one "opened" line per open, in order: 0 failed, 1 opened REAL,
 * 2 opened DECOY, 3 opened another file (a broken workload).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum opened { OPENED_NOTHING, OPENED_REAL, OPENED_DECOY, OPENED_OTHER };

static char path[PATH_MAX]; /* the buffer both threads share */
static atomic_int reader_tid, stop;
static int reader_fd = -1;

static void *fifo_reader(void *arg)
{
	(void)arg;
	atomic_store(&reader_tid, gettid());
	reader_fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	return NULL;
}

/* Whether thread `tid` of ours is asleep inside openat (its syscall file names the call). */
static int blocked_in_openat(int tid)
{
	char file[64], line[256];
	FILE *f;
	long nr = -1;

	snprintf(file, sizeof(file), "/proc/self/task/%d/syscall", tid);
	f = fopen(file, "re");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f) || sscanf(line, "%ld", &nr) != 1)
		nr = -1;
	fclose(f);
	return nr == SYS_openat;
}

static int run_fifo(FILE *facts, const char *fifo, const char *decoy)
{
	struct timespec tick = { 0, 1000000 };
	pthread_t t;
	int tid, w;

	snprintf(path, sizeof(path), "%s", fifo);
	if (pthread_create(&t, NULL, fifo_reader, NULL))
		return 1;
	while (!(tid = atomic_load(&reader_tid)) || !blocked_in_openat(tid))
		nanosleep(&tick, NULL);
	snprintf(path, sizeof(path), "%s", decoy);
	w = open(fifo, O_WRONLY | O_CLOEXEC);
	pthread_join(t, NULL);
	fprintf(facts, "reader_tid %d\nreader_fd %d\n", tid, reader_fd);
	if (w >= 0)
		close(w);
	return reader_fd >= 0 && w >= 0 ? 0 : 1;
}

struct flip {
	char real[PATH_MAX], decoy[PATH_MAX]; /* the kernel's names for them */
	size_t len;
	long count;
	unsigned char *opened; /* enum opened, one per open */
	int tid;
};

/* Which of the two files the kernel says fd holds. */
static enum opened opened_by(const struct flip *f, int fd)
{
	char link[64], target[PATH_MAX];
	ssize_t len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, target, sizeof(target) - 1);
	target[len < 0 ? 0 : len] = '\0';
	if (!strcmp(target, f->real))
		return OPENED_REAL;
	if (!strcmp(target, f->decoy))
		return OPENED_DECOY;
	return OPENED_OTHER;
}

static long cpus; /* read before the opener starts: sysconf() opens a file */

/* This thread on CPU `cpu` alone, where the machine has it: the two threads then race. */
static void pin(int cpu)
{
	cpu_set_t set;

	if (cpus < 2)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* A thread of its own, so that its ID names these opens alone. */
static void *opener(void *arg)
{
	struct flip *f = arg;
	long i;
	int fd;

	pin(1);
	f->tid = gettid();
	for (i = 0; i < f->count; i++) {
		fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		f->opened[i] = fd < 0 ? OPENED_NOTHING : opened_by(f, fd);
		if (fd >= 0)
			close(fd);
	}
	atomic_store(&stop, 1);
	return NULL;
}

static int run_flip(FILE *facts, const char *real, const char *decoy, long count)
{
	static struct flip f;
	pthread_t t;
	long i;

	if (!realpath(real, f.real) || !realpath(decoy, f.decoy) ||
	    strlen(f.real) != strlen(f.decoy) || count <= 0)
		return 2;
	f.len = strlen(f.real);
	f.count = count;
	f.opened = calloc(count, 1);
	memcpy(path, f.real, f.len + 1);
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pin(0);
	if (!f.opened || pthread_create(&t, NULL, opener, &f))
		return 1;
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		memcpy(path, f.decoy, f.len + 1);
		memcpy(path, f.real, f.len + 1);
	}
	pthread_join(t, NULL);
	fprintf(facts, "opener_tid %d\n", f.tid);
	for (i = 0; i < count; i++)
		fprintf(facts, "opened %d\n", f.opened[i]);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *facts;
	int rc;

	if (argc < 5)
		return 2;
	facts = fopen(argv[1], "we");
	if (!facts)
		return 1;
	if (!strcmp(argv[2], "fifo") && argc == 5)
		rc = run_fifo(facts, argv[3], argv[4]);
	else if (!strcmp(argv[2], "flip") && argc == 6)
		rc = run_flip(facts, argv[3], argv[4], atol(argv[5]));
	else
		rc = 2;
	fclose(facts);
	return rc;
}
