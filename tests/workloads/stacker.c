// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * stacker ACTION...
 *
 * Code whose stacks are known, for the stack tools' tests (profile,
 * offcputime, stackcount). Built at -O0 with frame pointers (see the
 * Makefile): the kernel walks user stacks by frame pointer, and gcc at -O1
 * and above leaves them out of leaf functions, so a chain would lose links.
 * Actions, in order:
 *   spin:MS      burn CPU for MS milliseconds in main -> outer -> middle -> spin
 *   nap:N:MS[:FILE] sleep N times MS milliseconds in main -> dozer -> nanosleep,
 *                and write to FILE the microseconds it took by the clock
 *   hit:N        call stack_target() N times, each firing the USDT probe
 *                sonde:hit and making one getppid() call
 *   fan:MS       burn CPU for MS milliseconds in stacks of 100 depths:
 *                main -> fan -> deeper (1 to 100 times) -> spin
 *   jit:MS       burn CPU for MS milliseconds in code generated at run time,
 *                named jit_spin_loop in /tmp/perf-PID.map as a JIT would
 *                (left behind, as JITs leave theirs)
 *   pingpong:N   two threads pass a byte back and forth over pipes N times,
 *                then print the nanoseconds a round trip took: pinned to one
 *                CPU, a round trip is two context switches (make bench)
 *   wake:N:MS[:FILE] thread "rouser" sleeps MS milliseconds and wakes the main
 *                thread N times, with a futex: main -> await_wakes -> awaiter
 *                blocks in FUTEX_WAIT, rouser -> rouse wakes it (FUTEX_WAKE);
 *                written to FILE: the microseconds the main thread spent in
 *                the FUTEX_WAITs a wakeup ended, by the clock, and how many
 *                there were (a loaded machine may run the wakeup first: the
 *                wait then finds the word changed and does not sleep)
 *   linger:MS    stay MS milliseconds more (its mappings still readable)
 * Exits 0 when every action ran, 1 (with a line on stderr) otherwise.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/sdt.h>
#include <sys/syscall.h>
#include <linux/futex.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The chain profile's test expects, innermost last: main -> outer -> middle -> spin. */
__attribute__((noinline)) void spin(double ms)
{
	double end = now_ms() + ms;
	volatile unsigned long n = 0;
	unsigned long i;

	while (now_ms() < end)
		for (i = 0; i < 1000000; i++)
			n++;
}

__attribute__((noinline)) void middle(double ms)
{
	spin(ms);
}

__attribute__((noinline)) void outer(double ms)
{
	middle(ms);
}

/* Many distinct stacks: deeper() nested `depth` times, then a short spin. */
__attribute__((noinline)) void deeper(int depth)
{
	if (depth > 1)
		deeper(depth - 1);
	else
		spin(0.2);
}

__attribute__((noinline)) void fan(double ms)
{
	double end = now_ms() + ms;
	int depth = 1;

	while (now_ms() < end) {
		deeper(depth);
		depth = depth % 100 + 1;
	}
}

/*
 * A system call made right here, not through libc: libc keeps no frame
 * pointer, so a frame-pointer walk from inside it skips its caller, the
 * very function a test looks for.
 */
static inline __attribute__((always_inline)) long raw_syscall4(long nr, long a, long b, long c,
							       long d)
{
	long ret;
#if defined(__x86_64__)
	register long r10 __asm__("r10") = d;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr, x0 __asm__("x0") = a, x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c, x3 __asm__("x3") = d;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
	ret = x0;
#else
#error "stacker: no raw system call for this architecture"
#endif
	return ret;
}

#define raw_syscall2(nr, a, b) raw_syscall4(nr, a, b, 0, 0)

/* Off CPU in a known place: main -> nap -> dozer, asleep in nanosleep(). */
__attribute__((noinline)) void dozer(long n, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	long i;

	for (i = 0; i < n; i++)
		raw_syscall2(SYS_nanosleep, (long)&ts, 0);
}

/* dozer(), timed by the clock; the microseconds written to the file after a ':' if given. */
static int nap(long n, long ms, const char *file)
{
	double start = now_ms();
	FILE *f;

	dozer(n, ms);
	if (!file)
		return 0;
	f = fopen(file + 1, "w");
	if (!f)
		return -1;
	fprintf(f, "%.0f\n", (now_ms() - start) * 1e3);
	return fclose(f);
}

/* stackcount's uprobe target, its USDT probe and a tracepoint, one of each a call. */
__attribute__((noinline)) void stack_target(long i)
{
	DTRACE_PROBE1(sonde, hit, i);
	raw_syscall2(SYS_getppid, 0, 0);
}

static void hit(long n)
{
	long i;

	for (i = 0; i < n; i++)
		stack_target(i);
}

/*
 * wake: the wakeups the main thread waited for, a futex word counting them.
 * The wait and the wake are system calls made here (raw_syscall4), so that
 * each function is on its thread's stack.
 */
static unsigned int wakes;
static long wake_ms;

static double waited_ms; /* in the waits that slept, by the clock */
static long waits_woken; /* those waits */

/* The main thread, off CPU in a known place: main -> await_wakes -> awaiter. */
__attribute__((noinline)) void awaiter(unsigned int seen)
{
	double start;

	while (__atomic_load_n(&wakes, __ATOMIC_ACQUIRE) == seen) {
		start = now_ms();
		if (raw_syscall4(SYS_futex, (long)&wakes, FUTEX_WAIT_PRIVATE, seen, 0) == 0) {
			waited_ms += now_ms() - start;
			waits_woken++;
		}
	}
}

/* The waker, in a known place: rouser -> rouse, in FUTEX_WAKE. */
__attribute__((noinline)) void rouse(void)
{
	__atomic_add_fetch(&wakes, 1, __ATOMIC_RELEASE);
	raw_syscall4(SYS_futex, (long)&wakes, FUTEX_WAKE_PRIVATE, 1, 0);
}

__attribute__((noinline)) void *rouser(void *arg)
{
	struct timespec ts = { wake_ms / 1000, (wake_ms % 1000) * 1000000 };
	long n = (long)arg, i;

	for (i = 0; i < n; i++) {
		nanosleep(&ts, NULL);
		rouse();
	}
	return NULL;
}

/* The N waits, their time and count into the file after a ':' if given. */
static int await_wakes(long n, long ms, const char *file)
{
	pthread_t other;
	unsigned int i;
	FILE *f;

	wake_ms = ms;
	if (pthread_create(&other, NULL, rouser, (void *)n))
		return -1;
	pthread_setname_np(other, "rouser");
	for (i = 0; i < n; i++)
		awaiter(i);
	if (pthread_join(other, NULL))
		return -1;
	if (!file)
		return 0;
	f = fopen(file + 1, "w");
	if (!f)
		return -1;
	fprintf(f, "%.0f %ld\n", waited_ms * 1e3, waits_woken);
	return fclose(f);
}

/* The pipes of pingpong: main writes to ping, the other thread answers on pong. */
static int ping[2], pong[2];

static void *ponger(void *arg)
{
	long n = (long)arg, i;
	char c;

	for (i = 0; i < n; i++)
		if (read(ping[0], &c, 1) != 1 || write(pong[1], &c, 1) != 1)
			return NULL;
	return NULL;
}

static int pingpong(long n)
{
	pthread_t other;
	double start;
	char c = 'x';
	long i;

	if (pipe(ping) || pipe(pong) || pthread_create(&other, NULL, ponger, (void *)n))
		return -1;
	start = now_ms();
	for (i = 0; i < n; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return -1;
	printf("%.1f\n", (now_ms() - start) * 1e6 / n);
	return pthread_join(other, NULL);
}

/* A loop of 10,000,000 turns, then return: the code a JIT made, as bytes. */
#if defined(__x86_64__)
/* mov rax, 10000000; 1: dec rax; jnz 1b; ret */
static const unsigned char jit_code[] = { 0x48, 0xb8, 0x80, 0x96, 0x98, 0x00, 0x00, 0x00,
					  0x00, 0x00, 0x48, 0xff, 0xc8, 0x75, 0xfb, 0xc3 };
#define HAVE_JIT_CODE 1
#elif defined(__aarch64__)
/* mov x0, #0x9680; movk x0, #0x98, lsl #16; 1: subs x0, x0, #1; b.ne 1b; ret */
static const unsigned char jit_code[] = { 0x00, 0xd0, 0x92, 0xd2, 0x00, 0x13, 0xa0,
					  0xf2, 0x00, 0x04, 0x00, 0xf1, 0xe1, 0xff,
					  0xff, 0x54, 0xc0, 0x03, 0x5f, 0xd6 };
#define HAVE_JIT_CODE 1
#endif

#ifdef HAVE_JIT_CODE
/* Generated code, named the way JIT runtimes name theirs: /tmp/perf-PID.map. */
static int jit(double ms)
{
	char path[64];
	void (*code)(void);
	double end = now_ms() + ms;
	FILE *map;
	void *mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return -1;
	memcpy(mem, jit_code, sizeof(jit_code));
	/* arm64's instruction cache does not see data writes until told */
	__builtin___clear_cache((char *)mem, (char *)mem + sizeof(jit_code));
	if (mprotect(mem, 4096, PROT_READ | PROT_EXEC))
		return -1;
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	map = fopen(path, "w");
	if (!map)
		return -1;
	fprintf(map, "%lx %zx jit_spin_loop\n", (unsigned long)mem, sizeof(jit_code));
	fclose(map);
	code = (void (*)(void))mem;
	while (now_ms() < end)
		code();
	return 0; /* the map stays, as a JIT's does: the test removes it */
}
#else
static int jit(double ms)
{
	(void)ms;
	return -1; /* no code for this architecture */
}
#endif

int main(int argc, char **argv)
{
	long n, ms;
	int i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (sscanf(a, "spin:%ld", &ms) == 1) {
			outer(ms);
		} else if (sscanf(a, "fan:%ld", &ms) == 1) {
			fan(ms);
		} else if (sscanf(a, "nap:%ld:%ld", &n, &ms) == 2) {
			if (nap(n, ms, strchr(strchr(a + 4, ':') + 1, ':'))) {
				fprintf(stderr, "stacker: cannot write %s\n", a);
				return 1;
			}
		} else if (sscanf(a, "hit:%ld", &n) == 1) {
			hit(n);
		} else if (sscanf(a, "jit:%ld", &ms) == 1) {
			if (jit(ms)) {
				fprintf(stderr, "stacker: jit failed\n");
				return 1;
			}
		} else if (sscanf(a, "pingpong:%ld", &n) == 1) {
			if (pingpong(n)) {
				fprintf(stderr, "stacker: pingpong failed\n");
				return 1;
			}
		} else if (sscanf(a, "wake:%ld:%ld", &n, &ms) == 2) {
			if (await_wakes(n, ms, strchr(strchr(a + 5, ':') + 1, ':'))) {
				fprintf(stderr, "stacker: cannot run %s\n", a);
				return 1;
			}
		} else if (sscanf(a, "linger:%ld", &ms) == 1) {
			spin(0);
			usleep(ms * 1000);
		} else {
			fprintf(stderr, "stacker: unknown action '%s'\n", a);
			return 1;
		}
	}
	return 0;
}
