// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * oomkill: OOM kills, with the victim, the task that triggered the kill, the
 * victim's memory figures and memory cgroup.
 *
 * Every way in fires where the kernel marks a victim (mark_oom_victim()),
 * in the context of the task whose allocation failed: the oom:mark_victim
 * tracepoint as a raw tracepoint (it passes the victim's task since Linux
 * 6.8 and its stable backports; tools/oomkill.c checks), or fentry or a
 * kprobe on mark_oom_victim() itself. The figures are read from the victim
 * here rather than taken from the tracepoint's record, so all three report
 * the same things the same way.
 */
#include "sonde.bpf.h"
#include "events.bpf.h"
#include "filter.bpf.h"
#include "regs.bpf.h"
#include "task.bpf.h"
#include "task_memory.bpf.h"
#include "oomkill.h"

/* The shared filter, applied to the victim: "tell me when process 181 is killed". */
static __always_inline bool victim_wanted(struct task_struct *victim, struct task_ids ids,
					  const char comm[16])
{
	const volatile __u64 *want = (const volatile __u64 *)filter.comm;
	const __u64 *have = (const __u64 *)comm;

	if ((filter.flags & FILTER_BY_TGID) && ids.pid != filter.tgid)
		return false;
	if ((filter.flags & FILTER_BY_UID) && BPF_CORE_READ(victim, cred, uid.val) != filter.uid)
		return false;
	if ((filter.flags & FILTER_BY_COMM) && (have[0] != want[0] || have[1] != want[1]))
		return false;
	return true;
}

static __always_inline void read_mm(struct task_struct *victim, struct oom_event *e)
{
	struct mm_struct *mm = BPF_CORE_READ(victim, mm);
	struct task_rss rss;

	if (!mm)
		return;
	mm_rss(mm, &rss);
	e->anon_rss = rss.anon;
	e->file_rss = rss.file;
	e->shmem_rss = rss.shmem;
	e->total_vm = BPF_CORE_READ(mm, total_vm);
	e->pgtables = counter_pages(BPF_CORE_READ(mm, pgtables_bytes.counter));
}

/* The victim's memory cgroup and its ancestors up to (not including) the root. */
static __always_inline void read_memcg(struct task_struct *victim, struct oom_event *e)
{
	struct cgroup_subsys_state *css = task_memcg_css(victim), *parent;
	int i;

	if (!css)
		return;
	e->flags |= OOM_MEMCG_KNOWN;
	for (i = 0; i < OOM_MEMCG_LEVELS; i++) {
		parent = BPF_CORE_READ(css, parent);
		if (!parent)
			return;
		css_name(css, e->memcg[i], OOM_MEMCG_NAME);
		e->memcg_levels = i + 1;
		css = parent;
	}
	if (BPF_CORE_READ(css, parent))
		e->flags |= OOM_MEMCG_TRUNCATED;
}

static __always_inline void oom_report(struct task_struct *victim)
{
	struct task_ids ids = task_ids(victim);
	struct oom_event *e;
	char comm[16] = {};

	BPF_CORE_READ_STR_INTO(&comm, victim, comm);
	if (!victim_wanted(victim, ids, comm))
		return;
	e = events_reserve(sizeof(*e));
	if (!e)
		return;
	__builtin_memset(e, 0, sizeof(*e));
	task_head_fill(&e->trigger);
	e->victim_pid = ids.pid;
	e->victim_tid = ids.tid;
	e->victim_uid = BPF_CORE_READ(victim, cred, uid.val);
	e->oom_score_adj = BPF_CORE_READ(victim, signal, oom_score_adj);
	__builtin_memcpy(e->victim_comm, comm, sizeof(comm));
	read_mm(victim, e);
	read_memcg(victim, e);
	events_submit(e);
}

/* A raw tracepoint: a BTF one would make libbpf read all of the kernel's BTF. */
SEC("raw_tp/mark_victim")
int BPF_PROG(victim_raw, struct task_struct *victim)
{
	oom_report(victim);
	return TRACE_DONE;
}

SEC("fentry/mark_oom_victim")
int BPF_PROG(victim_fentry, struct task_struct *victim)
{
	oom_report(victim);
	return TRACE_DONE;
}

SEC("kprobe/mark_oom_victim")
int victim_kprobe(struct pt_regs *ctx)
{
	oom_report((struct task_struct *)KPROBE_ARG1(ctx));
	return TRACE_DONE;
}
