// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * klockstat: time spent waiting for kernel locks (and, where fentry can
 * run, holding them), per lock and the kernel stack that took it.
 *
 * Two ways, chosen by the probe table:
 *
 * - lock:contention_begin / contention_end (Linux 5.19+), as raw_tp: every
 *   kind of lock (spinlocks, rwlocks, mutexes, rwsems, rt-mutexes) but only
 *   when contended, and nothing of hold times: the uncontended fast paths
 *   and the unlocks have no tracepoint. A mutex that spins first and then
 *   sleeps begins twice (flags with and without LCB_F_SPIN) and ends once:
 *   the first begin stands. A thread may wait for a second lock inside the
 *   wait for a first (a mutex's wait_lock), so two waits per thread are kept.
 *
 * - fentry/fexit on mutex_lock, mutex_lock_interruptible, mutex_trylock,
 *   mutex_unlock and the rwsem's down_read/down_write/up_read/up_write: every
 *   acquisition (a "wait" may be the fast path's few nanoseconds), and the
 *   time from acquisition to release. For kernels without the tracepoints.
 *
 * raw_tp rather than tp_btf: the arguments are a pointer and an int, and
 * tp_btf would make libbpf load the whole kernel BTF.
 */
#include "sonde.bpf.h"
#include "filter.bpf.h"
#include "lost.bpf.h"
#include "stack_store.bpf.h"
#include "summary.bpf.h"
#include "klockstat.h"

/* include/trace/events/lock.h */
#define LCB_F_SPIN	 (1U << 0)
#define LCB_F_READ	 (1U << 1)
#define LCB_F_WRITE	 (1U << 2)
#define LCB_F_RT	 (1U << 3)
#define LCB_F_PERCPU	 (1U << 4)
#define LCB_F_MUTEX	 (1U << 5)

#define WAITS_PER_THREAD 2

const volatile bool per_thread = false;
const volatile __u64 only_lock = 0; /* --lock: this lock only; 0: every one */

/* A wait in progress. */
struct wait {
	__u64 lock; /* 0: the slot is free */
	__u64 since;
	__u64 stack;
	__u32 kind;
	__u32 pad;
};

struct waits {
	struct wait w[WAITS_PER_THREAD];
};

/* By thread id; LRU, so a thread that exits mid-wait falls out. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct waits);
} waiting SEC(".maps");

/* fentry: a lock a thread holds, since when, and the key its wait went to. */
struct held_key {
	__u64 lock;
	__u32 tid;
	__u32 pad;
};

struct held {
	__u64 since;
	struct lock_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct held_key);
	__type(value, struct held);
} holding SEC(".maps");

SUMMARY_MAP(locks, BPF_MAP_TYPE_HASH, 0, 10240, struct lock_key, struct lock_value);

static __always_inline enum lock_kind kind_of(unsigned int flags)
{
	bool rw_read = flags & LCB_F_READ, rw_write = flags & LCB_F_WRITE;

	if (flags & LCB_F_MUTEX)
		return LOCK_MUTEX;
	if (flags & LCB_F_RT)
		return LOCK_RTMUTEX;
	if (flags & LCB_F_PERCPU)
		return rw_write ? LOCK_PERCPU_RWSEM_WRITE : LOCK_PERCPU_RWSEM_READ;
	if (flags & LCB_F_SPIN)
		return rw_read ? LOCK_RWLOCK_READ : rw_write ? LOCK_RWLOCK_WRITE : LOCK_SPINLOCK;
	if (rw_read || rw_write)
		return rw_write ? LOCK_RWSEM_WRITE : LOCK_RWSEM_READ;
	return LOCK_UNKNOWN;
}

static __always_inline __u32 this_tid(void)
{
	return (__u32)bpf_get_current_pid_tgid();
}

/* The key of the current thread taking lock, its kernel stack read now. */
static __always_inline void key_fill(void *ctx, struct lock_key *key, __u64 lock,
				     enum lock_kind kind)
{
	bool fresh;

	key->lock = lock;
	key->stack = stack_store(ctx, 0, &fresh);
	key->tid = per_thread ? current_tid() : 0;
	key->kind = kind;
}

static __always_inline struct lock_value *value_of(const struct lock_key *key)
{
	static const struct lock_value zero;
	struct lock_value *v = summary_entry(locks, key, &zero);

	if (v && !v->pid) { /* racing CPUs write the same kind of name: either will do */
		v->pid = current_tgid();
		bpf_get_current_comm(v->comm, sizeof(v->comm));
	}
	return v;
}

static __always_inline void max_of(__u64 *max, __u64 ns)
{
	if (ns > *max) /* a race loses a maximum to a near-equal one at worst */
		*max = ns;
}

static __always_inline void count_wait(const struct lock_key *key, __u64 ns, bool failed)
{
	struct lock_value *v = value_of(key);

	if (!v)
		return;
	__sync_fetch_and_add(&v->wait_count, 1);
	__sync_fetch_and_add(&v->wait_ns, ns);
	max_of(&v->wait_max_ns, ns);
	if (failed)
		__sync_fetch_and_add(&v->failed, 1);
}

static __always_inline void count_hold(const struct lock_key *key, __u64 ns)
{
	struct lock_value *v = value_of(key);

	if (!v)
		return;
	__sync_fetch_and_add(&v->hold_count, 1);
	__sync_fetch_and_add(&v->hold_ns, ns);
	max_of(&v->hold_max_ns, ns);
}

static __always_inline bool wanted(__u64 lock)
{
	return (!only_lock || lock == only_lock) && filter_task();
}

/* A wait begins: kept in a free slot of the thread's, unless it is a repeat of one kept. */
static __always_inline void wait_begin(void *ctx, __u64 lock, enum lock_kind kind)
{
	static const struct waits none;
	__u32 tid = this_tid(), i;
	struct waits *ws;
	struct wait *w;
	bool fresh;

	if (!wanted(lock))
		return;
	ws = bpf_map_lookup_elem(&waiting, &tid);
	if (!ws) {
		bpf_map_update_elem(&waiting, &tid, &none, BPF_NOEXIST);
		ws = bpf_map_lookup_elem(&waiting, &tid);
		if (!ws) {
			count_lost();
			return;
		}
	}
	for (i = 0; i < WAITS_PER_THREAD; i++)
		if (ws->w[i].lock == lock)
			return; /* a mutex's sleep after its spin: the wait began at the spin */
	for (i = 0; i < WAITS_PER_THREAD; i++) {
		w = &ws->w[i];
		if (w->lock)
			continue;
		w->since = bpf_ktime_get_ns();
		w->kind = kind;
		w->stack = stack_store(ctx, 0, &fresh);
		w->lock = lock;
		return;
	}
	count_lost(); /* waits nested deeper than the slots */
}

/* A wait ends, with the lock or without (failed); its time counted. Where it began, if seen. */
static __always_inline bool wait_end(__u64 lock, bool failed, struct lock_key *key)
{
	__u32 tid = this_tid(), i;
	struct waits *ws = bpf_map_lookup_elem(&waiting, &tid);
	struct wait *w;

	if (!ws)
		return false;
	for (i = 0; i < WAITS_PER_THREAD; i++) {
		w = &ws->w[i];
		if (w->lock != lock)
			continue;
		key->lock = lock;
		key->stack = w->stack;
		key->tid = per_thread ? current_tid() : 0;
		key->kind = w->kind;
		count_wait(key, bpf_ktime_get_ns() - w->since, failed);
		w->lock = 0;
		return true;
	}
	return false;
}

SEC("raw_tp/contention_begin")
int BPF_PROG(contend_begin, void *lock, unsigned int flags)
{
	wait_begin(ctx, (__u64)lock, kind_of(flags));
	return TRACE_DONE;
}

SEC("raw_tp/contention_end")
int BPF_PROG(contend_end, void *lock, int ret)
{
	struct lock_key key;

	wait_end((__u64)lock, ret != 0, &key);
	return TRACE_DONE;
}

/* ---- fentry: every acquisition and release of the functions traced ---- */

static __always_inline void hold_begin(const struct lock_key *key)
{
	struct held_key hk = { .lock = key->lock, .tid = this_tid() };
	struct held h = { .since = bpf_ktime_get_ns(), .key = *key };

	if (bpf_map_update_elem(&holding, &hk, &h, BPF_ANY))
		count_lost();
}

/* An acquisition's end: its wait counted and, if it got the lock, its hold begun. */
static __always_inline void acquired(__u64 lock, bool got)
{
	struct lock_key key;

	if (wait_end(lock, !got, &key) && got)
		hold_begin(&key);
}

/* A trylock that got the lock: a hold with no wait, its stack read now. */
static __always_inline void tried(void *ctx, __u64 lock, enum lock_kind kind)
{
	struct lock_key key;

	if (!wanted(lock))
		return;
	key_fill(ctx, &key, lock, kind);
	hold_begin(&key);
}

static __always_inline void released(__u64 lock)
{
	struct held_key hk = { .lock = lock, .tid = this_tid() };
	struct held *h = bpf_map_lookup_elem(&holding, &hk);
	struct lock_key key;
	__u64 ns;

	if (!h)
		return; /* taken before we attached, or by another thread (an rwsem's owner may differ) */
	ns = bpf_ktime_get_ns() - h->since;
	key = h->key;
	bpf_map_delete_elem(&holding, &hk);
	count_hold(&key, ns);
}

/* fentry and fexit of a lock function that waits: void, or returning 0 when it got the lock. */
#define LOCK_PAIR(func, kind)                          \
	SEC("fentry/" #func)                           \
	int BPF_PROG(func##_in, void *lock)            \
	{                                              \
		wait_begin(ctx, (__u64)lock, kind);    \
		return TRACE_DONE;                     \
	}                                              \
	SEC("fexit/" #func)                            \
	int BPF_PROG(func##_out, void *lock, long ret) \
	{                                              \
		acquired((__u64)lock, (int)ret == 0);  \
		return TRACE_DONE;                     \
	}

/* Void functions: fexit's "ret" is whatever the register held; they always get the lock. */
#define LOCK_VOID(func, kind)                       \
	SEC("fentry/" #func)                        \
	int BPF_PROG(func##_in, void *lock)         \
	{                                           \
		wait_begin(ctx, (__u64)lock, kind); \
		return TRACE_DONE;                  \
	}                                           \
	SEC("fexit/" #func)                         \
	int BPF_PROG(func##_out, void *lock)        \
	{                                           \
		acquired((__u64)lock, true);        \
		return TRACE_DONE;                  \
	}

#define UNLOCK(func)                        \
	SEC("fentry/" #func)                \
	int BPF_PROG(func##_in, void *lock) \
	{                                   \
		released((__u64)lock);      \
		return TRACE_DONE;          \
	}

/* trylocks return 1 when they got the lock */
#define TRYLOCK(func, kind)                            \
	SEC("fexit/" #func)                            \
	int BPF_PROG(func##_out, void *lock, long ret) \
	{                                              \
		if ((int)ret == 1)                     \
			tried(ctx, (__u64)lock, kind); \
		return TRACE_DONE;                     \
	}

LOCK_VOID(mutex_lock, LOCK_MUTEX)
LOCK_PAIR(mutex_lock_interruptible, LOCK_MUTEX)
LOCK_PAIR(mutex_lock_killable, LOCK_MUTEX)
TRYLOCK(mutex_trylock, LOCK_MUTEX)
UNLOCK(mutex_unlock)
LOCK_VOID(down_read, LOCK_RWSEM_READ)
LOCK_VOID(down_write, LOCK_RWSEM_WRITE)
TRYLOCK(down_read_trylock, LOCK_RWSEM_READ)
TRYLOCK(down_write_trylock, LOCK_RWSEM_WRITE)
UNLOCK(up_read)
UNLOCK(up_write)
