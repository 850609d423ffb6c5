/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Recording an event tool's raw records, and replaying them through its
 * output without the kernel:
 *
 *	SONDE_RECORD=FILE tool ...	trace as usual; every record the ring
 *					buffer hands the tool also goes to FILE
 *	SONDE_REPLAY=FILE tool ...	load and attach nothing (no root needed):
 *					print the heading, then every record of
 *					FILE through on_event, as if it had come
 *					from the kernel, and exit 0
 *
 * A replay prints what the live run printed with the same options (the
 * wall-clock times included: the recording keeps the run's clock offset),
 * and may use other output options (-j, -T, -U, -e, -q, -l ...): filters
 * the kernel applied (-p, -u, -n, -x, ...) were applied when recording.
 * It exists so that user space can be measured alone (`make bench`: the
 * events a second one core formats), and so that an incident's records can
 * be printed again, another way.
 *
 * The file format is in replay.c. Both are for event tools (run_events());
 * a summary tool given either fails at once.
 */
#ifndef SONDE_REPLAY_H
#define SONDE_REPLAY_H

#include <stdbool.h>
#include <bpf/libbpf.h>

struct run;

/* SONDE_REPLAY is set: the run replays instead of tracing. */
bool replay_wanted(void);

/* SONDE_RECORD is set: records must carry all they can, for a replay with other options. */
bool record_wanted(void);

/*
 * Before anything is loaded: a one-line failure (and true) if the
 * environment asks for what this tool cannot do (recording or replaying a
 * summary tool, both at once).
 */
bool replay_refused(struct run *r);

/*
 * The replay: the heading, every record of $SONDE_REPLAY to handle(ctx),
 * the output flushed. 0, or -1 after a one-line run_fail() (a file that is
 * not a recording of this tool, or is cut short).
 */
int replay_events(struct run *r, ring_buffer_sample_fn handle, void *ctx);

/*
 * Recording, around the ring buffer's callback: with SONDE_RECORD set,
 * record_start() creates the file and swaps *handle and *ctx for a
 * callback that writes each record, then hands it on. 0, or -1 after
 * run_fail(). record_stop() writes what is buffered and closes the file;
 * a write that failed makes the run fail (the trace itself went on).
 */
int record_start(struct run *r, ring_buffer_sample_fn *handle, void **ctx);
void record_stop(struct run *r);

#endif
