// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Running a tool once it is attached: the event loop over the ring buffer,
 * the interval loop of summary tools, and what ends either: -d or COUNT,
 * SIGINT or SIGTERM, or the reader of our output going away (a pipe whose
 * reader closed reports it to poll() on our end at once, so
 * `tool | head -1` stops as soon as head does, not at the next write).
 * Events the kernel could not record are reported as their count grows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "clock.h"
#include "replay.h"
#include "run.h"
#include "strbuf.h"

/* Records wait in the ring at most this long when no batch wake-up comes. */
#define POLL_MS 100
/*
 * Records read by one ring_buffer__consume(): before libbpf 1.4
 * (ring_buffer__consume_n) it returns only once the ring is empty, which
 * a flood the reader cannot outrun never lets happen (seen: fileslower 0
 * feeding on its own writes ran on after SIGTERM). After a batch the loop
 * looks at the signals, the duration and the lost events again.
 */
#define BATCH_RECORDS 4096
/* What ends a batch: a handler's error libbpf passes back once the record is consumed. */
#define BATCH_DONE (-ECANCELED)
/* At the end, batches read before stopping: the ring's backlog, not a flood's tail. */
#define FINAL_BATCHES 64
/* Lost-event reports come at most this often. */
#define LOST_REPORT_NS 1000000000ULL
#define NS_PER_SEC     1000000000ULL

static volatile sig_atomic_t stop_signal;
static sigset_t wait_mask; /* the mask to wait with: SIGINT/SIGTERM open */

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

/*
 * SIGINT and SIGTERM stay blocked except while the loops wait in ppoll(), so a
 * signal either ends the wait or is seen before the next one: never lost in
 * the gap between checking the flag and going to sleep.
 */
void loop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	sigset_t block;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a closed pipe shows up as EPIPE: stop quietly */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
}

bool run_stopping(void)
{
	return stop_signal != 0 || output_broken();
}

/* A ring buffer's handler and context, read at most BATCH_RECORDS at a time. */
struct batch {
	ring_buffer_sample_fn handle;
	void *ctx;
	unsigned int left;
	bool draining; /* the last batches, after a stop: a stop does not cut them */
};

static int batch_handle(void *ctx, void *data, size_t len)
{
	struct batch *b = ctx;
	int err = b->handle(b->ctx, data, len);

	if (err)
		return err;
	return --b->left && (b->draining || !stop_signal) ? 0 : BATCH_DONE;
}

static struct ring_buffer *batch_ring(struct bpf_map *events, struct batch *b)
{
	return ring_buffer__new(bpf_map__fd(events), batch_handle, b, NULL);
}

/* One batch: 1 if it was full (more may wait), 0 if the ring ran dry, or -errno. */
static int consume_batch(struct ring_buffer *rb, struct batch *b)
{
	int err;

	b->left = BATCH_RECORDS;
	err = ring_buffer__consume(rb);
	if (err == BATCH_DONE)
		return 1;
	return err < 0 ? err : 0;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/*
 * Wait up to timeout_ns for fd (if >= 0), a stop signal, or our reader to
 * go: stdout is polled for no event, so only an error or hang-up on it
 * (the pipe's reader closed) ends the wait; a terminal or file never does.
 */
static void wait_for(int fd, __u64 timeout_ns)
{
	struct pollfd pfd[2] = { { .fd = STDOUT_FILENO }, { .fd = fd, .events = POLLIN } };
	struct timespec ts = { timeout_ns / NS_PER_SEC, timeout_ns % NS_PER_SEC };

	if (ppoll(pfd, fd >= 0 ? 2 : 1, &ts, &wait_mask) > 0 &&
	    (pfd[0].revents & (POLLERR | POLLHUP)))
		output_gone();
}

/*
 * Sleep the whole span unless a stop comes; other signals do not cut it
 * short. Records arriving in rb (if not NULL) are handled meanwhile.
 */
static void sleep_for(__u64 span_ns, struct ring_buffer *rb, struct batch *b)
{
	__u64 deadline = now_ns() + span_ns, now;

	while (!run_stopping() && (now = now_ns()) < deadline) {
		wait_for(rb ? ring_buffer__epoll_fd(rb) : -1, deadline - now);
		if (rb && consume_batch(rb, b) < 0)
			rb = NULL; /* what it tells is a help, not the report: go on without */
	}
}

/*
 * What the kernel could not record, in two counts: records dropped in the
 * kernel (the tool's `lost_events` map: ring full, map full), and program
 * runs the kernel skipped because the same program was already running on
 * that CPU (an interrupt arrived mid-run and hit the hook again): raw
 * tracepoints and fentry keep those per program as recursion_misses (Linux
 * 5.12+). Both are events lost; before the second was counted, a skip was
 * silent (biotop's test once saw a writer's 50 completions counted as 49,
 * with no loss reported: this may have been it).
 */
struct lost {
	struct bpf_map *map;
	struct bpf_object *obj;
	__u64 reported; /* the total last said */
};

static __u64 lost_in_maps(struct bpf_map *map)
{
	int ncpus = libbpf_num_possible_cpus();
	__u64 values[ncpus > 0 ? ncpus : 1], total = 0;
	__u32 zero = 0;
	int i;

	if (!map || ncpus <= 0 || bpf_map_lookup_elem(bpf_map__fd(map), &zero, values))
		return 0;
	for (i = 0; i < ncpus; i++)
		total += values[i];
	return total;
}

static __u64 runs_missed(struct bpf_object *obj)
{
	struct bpf_prog_info info;
	struct bpf_program *prog;
	__u32 len;
	__u64 total = 0;

	bpf_object__for_each_program(prog, obj)
	{
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_program__fd(prog) >= 0 &&
		    !bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
			total += info.recursion_misses;
	}
	return total;
}

static struct lost lost_watch(struct run *r)
{
	return (struct lost){ bpf_object__find_map_by_name(r->obj, "lost_events"), r->obj, 0 };
}

/* Lost events are never silent: stderr in text mode, a record in JSON mode. */
static void report_lost(struct run *r, struct lost *l)
{
	__u64 dropped = lost_in_maps(l->map), missed = l->obj ? runs_missed(l->obj) : 0;
	__u64 total = dropped + missed;
	char line[64];
	int n;

	if (total == l->reported)
		return;
	l->reported = total;
	if (r->json) {
		n = snprintf(line, sizeof(line), "{\"lost_events\":%llu}",
			     (unsigned long long)total);
		output_line(line, n);
		output_flush();
		return;
	}
	if (!missed)
		run_warn(r,
			 "%llu events lost so far: kernel buffers were full (narrow the trace with "
			 "filters)",
			 (unsigned long long)total);
	else
		run_warn(r,
			 "%llu events lost so far: %llu with kernel buffers full, %llu where the "
			 "kernel skipped a probe that an interrupt hit mid-run",
			 (unsigned long long)total, (unsigned long long)dropped,
			 (unsigned long long)missed);
}

/* How long the event loop may wait now: a poll period, or less before -d ends. */
static __u64 next_wait(__u64 now, __u64 deadline)
{
	__u64 period = POLL_MS * 1000000ULL;

	return deadline && deadline - now < period ? deadline - now : period;
}

int run_events(struct run *r, ring_buffer_sample_fn handle, void *ctx)
{
	struct bpf_map *events = bpf_object__find_map_by_name(r->obj, "events");
	struct lost lost = lost_watch(r);
	__u64 start = now_ns(), next_lost_check = start + LOST_REPORT_NS, now;
	__u64 deadline = r->duration ? start + (__u64)(r->duration * 1e9) : 0;
	struct ring_buffer *rb;
	struct batch batch;
	int err = 0, i;

	if (record_start(r, &handle, &ctx)) /* SONDE_RECORD (replay.c) */
		return -1;
	batch = (struct batch){ handle, ctx };
	rb = events ? batch_ring(events, &batch) : NULL;
	if (!rb) {
		run_fail(r, "cannot read the event ring buffer: %s", strerror(errno));
		record_stop(r);
		return -1;
	}
	output_header();
	while (!run_stopping() && output_flush()) {
		now = now_ns();
		if (deadline && now >= deadline)
			break;
		wait_for(ring_buffer__epoll_fd(rb), next_wait(now, deadline));
		err = consume_batch(rb, &batch);
		if (err < 0)
			break;
		if (now >= next_lost_check) {
			report_lost(r, &lost);
			next_lost_check = now + LOST_REPORT_NS;
		}
	}
	batch.draining = true;
	for (i = 0; err >= 0 && !output_broken() && i < FINAL_BATCHES; i++)
		if ((err = consume_batch(rb, &batch)) == 0)
			break; /* dry */
	output_flush();
	report_lost(r, &lost);
	ring_buffer__free(rb);
	record_stop(r);
	if (err < 0) {
		run_fail(r, "reading events failed: %s", strerror(-err));
		return -1;
	}
	return 0;
}

int run_intervals(struct run *r, int (*report)(void *ctx), void *ctx)
{
	/* without an interval, one report: at the end of the duration, or at Ctrl-C */
	__u64 wait = r->interval   ? (__u64)(r->interval * 1e9)
		     : r->duration ? (__u64)(r->duration * 1e9)
				   : 365ULL * 24 * 3600 * NS_PER_SEC;
	unsigned long count = r->interval ? r->count : 1;
	struct lost lost = lost_watch(r);
	unsigned long done = 0;
	bool time_column = false;
	char hms[9];
	size_t i;
	/* a summary tool may also stream side records (a stack tool: processes to note) */
	struct bpf_map *events =
		r->tool->on_event ? bpf_object__find_map_by_name(r->obj, "events") : NULL;
	struct batch batch = { r->tool->on_event, r->ctx };
	struct ring_buffer *rb = events ? batch_ring(events, &batch) : NULL;

	/* a report that is a line (cachestat) shows -T's time as a column of its own */
	for (i = 0; i < r->tool->nfields; i++)
		if (r->tool->fields[i].shown_by == 'T')
			time_column = true;
	if (!r->json)
		fprintf(stderr, "Tracing... Hit Ctrl-C to %s.\n", r->interval ? "end" : "print");
	do {
		sleep_for(wait, rb, &batch);
		if (output_broken())
			break;
		if (r->timestamp && !time_column) {
			local_hms(hms);
			output_text("\n", 1);
			output_text(hms, strlen(hms));
			output_text("\n", 1);
		}
		if (report(ctx)) {
			run_fail(r, "cannot read the kernel's counts: %s", strerror(errno));
			ring_buffer__free(rb);
			return -1;
		}
		report_lost(r, &lost);
		if (!output_flush())
			break;
	} while (!run_stopping() && (!count || ++done < count));
	ring_buffer__free(rb);
	return 0;
}
