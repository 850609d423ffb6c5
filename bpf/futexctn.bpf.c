// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * futexctn: time threads spend blocked in futex waits, as log2 histograms
 * per process and futex word (a lock, a condition variable, a semaphore).
 *
 * The syscall tracepoints of futex() (its waiting operations only),
 * futex_waitv() (Linux 5.16) and futex_wait() (Linux 6.7) stamp the entry
 * in task storage (inflight.bpf.h); the exit measures. Calls that returned
 * without sleeping (EAGAIN: the word had already changed; EINVAL, EFAULT,
 * EDEADLK: refused) are not contention and are not counted. Timeouts and
 * interrupted waits did sleep, and are.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "hist.bpf.h"
#include "inflight.bpf.h"
#include "lost.bpf.h"
#include "summary.bpf.h"
#include "syscalls.bpf.h"
#include "futexctn.h"

/* UAPI <linux/futex.h> */
#define FUTEX_WAIT	      0
#define FUTEX_LOCK_PI	      6
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2	      13
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_CMD_MASK	      ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)
#define FUTEX_WAITV_MAX	      128

/* errno values, and the kernel-internal restart codes a signal leaves at syscall exit */
#define ERR_INTR		 4
#define ERR_TIMEDOUT		 110
#define ERR_RESTARTSYS		 512
#define ERR_RESTART_RESTARTBLOCK 516

const volatile bool per_process = false;
const volatile bool milliseconds = false;
const volatile __u64 only_lock = 0; /* --lock: this futex word only; 0: every one */

enum wait_kind { WAIT_FUTEX = 1, WAIT_WAITV };

/*
 * Allocated as waits appear: a histogram is 512 bytes, and most runs see few
 * locks. The time blocked and the waiter's name share the histogram's entry,
 * so one swap of the summary map retires all three together.
 */
SUMMARY_MAP(hists, BPF_MAP_TYPE_HASH, BPF_F_NO_PREALLOC, 10240, struct futex_hist_key,
	    struct futex_value);

/* struct futex_waitv, UAPI: a fixed layout */
struct waitv_abi {
	__u64 val;
	__u64 uaddr;
	__u32 flags;
	__u32 reserved;
};

static __always_inline bool op_waits(int op)
{
	int cmd = op & FUTEX_CMD_MASK;

	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/* The call slept: woken (0, or waitv's index), timed out, or cut short by a signal. */
static __always_inline bool slept(long ret)
{
	return ret >= 0 || ret == -ERR_TIMEDOUT || ret == -ERR_INTR ||
	       (ret <= -ERR_RESTARTSYS && ret >= -ERR_RESTART_RESTARTBLOCK);
}

static __always_inline void wait_begin(__u64 addr, enum wait_kind kind)
{
	struct inflight *in;

	if (kind == WAIT_FUTEX && only_lock && addr != only_lock)
		return;
	if (!filter_task())
		return;
	in = inflight_begin();
	if (!in) {
		count_lost(); /* no memory for the task's storage */
		return;
	}
	in->args[0] = addr;
	in->extra = kind;
}

/* futex_waitv() returns the index of the futex that woke it; else its first was waited on. */
static __always_inline __u64 waitv_word(__u64 waiters, long ret)
{
	__u64 idx = ret >= 0 ? (__u64)ret & (FUTEX_WAITV_MAX - 1) : 0, uaddr = 0;
	const struct waitv_abi *w = (const struct waitv_abi *)waiters + idx;

	bpf_probe_read_user(&uaddr, sizeof(uaddr), &w->uaddr);
	return uaddr;
}

/* One wait of `ns` into the key's histogram and total, named on its first wait of the report. */
static __always_inline void count_wait(const struct futex_hist_key *key, __u64 ns)
{
	static const struct futex_value zero; /* 536 bytes: too big for the BPF stack */
	struct futex_value *v = summary_entry(hists, key, &zero);

	if (!v)
		return;
	if (!v->comm[0]) /* CPUs racing here write the same kind of name: either will do */
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	__sync_fetch_and_add(&v->total_ns, ns);
	hist_count(&v->hist, hist_log2_slot(ns / (milliseconds ? 1000000 : 1000)));
}

static __always_inline void wait_end(long ret)
{
	struct futex_hist_key key = {};
	struct inflight *in = inflight_end();
	__u64 delta, uaddr;

	if (!in || !slept(ret))
		return;
	delta = bpf_ktime_get_ns() - in->ts;
	uaddr = in->args[0];
	if (in->extra == WAIT_WAITV) {
		uaddr = waitv_word(uaddr, ret);
		if (only_lock && uaddr != only_lock)
			return;
	}
	key.tgid = current_tgid();
	key.uaddr = per_process ? 0 : uaddr;
	count_wait(&key, delta);
}

SEC("tracepoint/syscalls/sys_enter_futex")
int futex_enter(struct syscall_enter_record *ctx)
{
	if (op_waits((int)ctx->args[1]))
		wait_begin(ctx->args[0], WAIT_FUTEX);
	return TRACE_DONE;
}

/*
 * The end of every wait: futex(), and through the probe table's
 * "futex_exit@..." futex_waitv() and futex_wait() too, whose exit records
 * are the same. The wait's kind was kept at its start.
 */
SEC("tracepoint/syscalls/sys_exit_futex")
int futex_exit(struct syscall_exit_record *ctx)
{
	wait_end(ctx->ret);
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_enter_futex_waitv")
int futex_waitv_enter(struct syscall_enter_record *ctx)
{
	wait_begin(ctx->args[0], WAIT_WAITV);
	return TRACE_DONE;
}

/* futex_wait(uaddr, val, mask, flags, timeout, clockid): the futex2 form of FUTEX_WAIT */
SEC("tracepoint/syscalls/sys_enter_futex_wait")
int futex_wait_enter(struct syscall_enter_record *ctx)
{
	wait_begin(ctx->args[0], WAIT_FUTEX);
	return TRACE_DONE;
}
