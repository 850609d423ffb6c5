// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The baseline for scripts/bench: programs that do nothing, on the hooks
 * opensnoop, syscount, offcputime and the block tools use. What they cost is the price of the hook
 * itself; what a tool costs beyond it is the price of its work.
 */
#include "sonde.bpf.h"

SEC("tracepoint/syscalls/sys_enter_openat")
int empty_enter(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int empty_exit(void *ctx)
{
	return TRACE_DONE;
}

/* syscount's hook when it counts without timing (-L adds sys_enter). */
SEC("tracepoint/raw_syscalls/sys_exit")
int empty_sys_exit(void *ctx)
{
	return TRACE_DONE;
}

/* offcputime's hook: every context switch. */
SEC("raw_tp/sched_switch")
int empty_switch(void *ctx)
{
	return TRACE_DONE;
}

/* The block request tools' hooks (bpf/block_requests.bpf.h): submission, issue, completion. */
SEC("raw_tp/block_io_start")
int empty_bio_submit(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_issue")
int empty_bio_issue(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/block_rq_complete")
int empty_bio_complete(void *ctx)
{
	return TRACE_DONE;
}

/* The file tools' hooks (bpf/file_io.bpf.h) for a read: its entry and exit. */
SEC("tracepoint/syscalls/sys_enter_read")
int empty_read_enter(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_read")
int empty_read_exit(void *ctx)
{
	return TRACE_DONE;
}

/* The page-cache tools' hooks on Linux 6.12+ (bpf/pagecache.bpf.h): a read's lookup of a batch, */
SEC("raw_tp/mm_filemap_get_pages")
int empty_get_pages(void *ctx)
{
	return TRACE_DONE;
}

/* a fault and fault-around, a folio added, a folio dirtied. */
SEC("raw_tp/mm_filemap_fault")
int empty_filemap_fault(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/mm_filemap_map_pages")
int empty_map_pages(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/mm_filemap_add_to_page_cache")
int empty_add_to_page_cache(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/writeback_dirty_folio")
int empty_dirty_folio(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/kmem_cache_alloc")
int empty_kmem_cache_alloc(void *ctx)
{
	return TRACE_DONE;
}

/* tcpconnect's tracepoint way and tcpaccept's: the hooks a loopback connect/accept/close loop passes */
SEC("tracepoint/syscalls/sys_enter_connect")
int empty_connect_enter(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/sock/inet_sock_set_state")
int empty_sock_set_state(void *ctx)
{
	return TRACE_DONE;
}

/* tcpstates', tcplife's, tcptracer's, tcpconnlat's and tcpsynbl's hook: the raw tracepoint */
SEC("raw_tp/inet_sock_set_state")
int empty_sock_state_raw(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_connect")
int empty_connect_exit(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_accept4")
int empty_accept4_exit(void *ctx)
{
	return TRACE_DONE;
}

/* tcptop's tracepoint way: every send and receive call of a socket */
SEC("tracepoint/sock/sock_send_length")
int empty_sock_send(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/sock/sock_recv_length")
int empty_sock_recv(void *ctx)
{
	return TRACE_DONE;
}

/* tcppktlat's: every segment on an established socket, every copy to a reader, every close */
SEC("raw_tp/tcp_probe")
int empty_tcp_probe(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/tcp_rcv_space_adjust")
int empty_rcv_space(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/tcp_destroy_sock")
int empty_destroy(void *ctx)
{
	return TRACE_DONE;
}

/* softirqs' hooks: a softirq's run, entry and exit. */
SEC("raw_tp/softirq_entry")
int empty_softirq_entry(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/softirq_exit")
int empty_softirq_exit(void *ctx)
{
	return TRACE_DONE;
}

/* hardirqs' hooks: a hard interrupt handler's run, entry and exit. */
SEC("raw_tp/irq_handler_entry")
int empty_irq_entry(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/irq_handler_exit")
int empty_irq_exit(void *ctx)
{
	return TRACE_DONE;
}

/* tcprtt's raw tracepoint way: every segment an established socket receives */
SEC("raw_tp/tcp_probe")
int empty_rtt_probe(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/tcp_retransmit_skb")
int empty_retransmit(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/kfree_skb")
int empty_kfree_skb(void *ctx)
{
	return TRACE_DONE;
}

/* runqlat's other hooks (besides sched_switch): a task woken, a task new. */
SEC("raw_tp/sched_wakeup")
int empty_wakeup(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/sched_wakeup_new")
int empty_wakeup_new(void *ctx)
{
	return TRACE_DONE;
}

/* wakeuptime's and offwaketime's other hook (besides sched_switch): in the waker. */
SEC("raw_tp/sched_waking")
int empty_waking(void *ctx)
{
	return TRACE_DONE;
}

/* bindsnoop's and solisten's hooks */
SEC("tracepoint/syscalls/sys_exit_bind")
int empty_bind_exit(void *ctx)
{
	return TRACE_DONE;
}

SEC("tracepoint/syscalls/sys_exit_listen")
int empty_listen_exit(void *ctx)
{
	return TRACE_DONE;
}

/* softirqs' and softirqslower's hooks: every softirq run's entry and exit */
SEC("raw_tp/softirq_entry")
int empty_sirq_in(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/softirq_exit")
int empty_sirq_out(void *ctx)
{
	return TRACE_DONE;
}

/* wqlat's: every work item queued, and started */
SEC("raw_tp/workqueue_queue_work")
int empty_wq_queue(void *ctx)
{
	return TRACE_DONE;
}

SEC("raw_tp/workqueue_execute_start")
int empty_wq_exec(void *ctx)
{
	return TRACE_DONE;
}
