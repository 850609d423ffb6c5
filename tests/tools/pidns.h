/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Running tools and workloads inside a PID namespace, as in a container.
 * util-linux's `unshare --fork --pid --mount-proc` makes the namespace and
 * its /proc; its init, a shell, waits on a pipe this process holds, so the
 * namespace lasts until pidns_remove() or this process's end, whichever
 * comes first.
 *
 * While a namespace is entered, everything the harness starts (tool_start(),
 * workload_spawn(), ...) is born in it and sees its /proc: this process
 * only changes where its children go (setns(2) of its pid_for_children),
 * and each child joins the namespace's mounts before it runs. Their pids as
 * returned to this process stay the host's, so the harness stops and waits
 * for them as usual. A namespace made while another is entered is nested in
 * it: a container inside the container.
 *
 *	struct pidns ns;
 *
 *	pidns_make(&ns);
 *	pidns_enter(&ns);
 *	tool_start(&t, "opensnoop", "-j", NULL);	(inside)
 *	workload_spawn(&w, "opener", ...);		(inside)
 *	pidns_leave();
 *	... finish both, then:
 *	pidns_remove(&ns);
 *
 * Remove a namespace only once its processes started from here have been
 * waited for: its init waits for them to be reaped before it goes.
 */
#ifndef SONDE_TEST_PIDNS_H
#define SONDE_TEST_PIDNS_H

#include <sys/types.h>

struct pidns {
	pid_t holder; /* unshare, in the namespace it was started from */
	int ctl;      /* its init's stdin: closed, the namespace ends */
	int pid_fd;   /* the namespace (the holder's pid_for_children) */
	int mnt_fd;   /* its mounts, with its /proc */
	int root_fd;  /* the holder's root in them: a chroot's (the VM's), kept */
};

/* Make a namespace (inside the entered one, if any); fails the test if it cannot. */
void pidns_make(struct pidns *ns);
/* From now on, children are born in `ns`. */
void pidns_enter(const struct pidns *ns);
/* And from now on in this process's own namespace again. */
void pidns_leave(void);
/* End it: every process still in it is killed. */
void pidns_remove(struct pidns *ns);

/* In a child the harness forked, before it runs anything: join the entered namespace's mounts. */
void pidns_child(void);

/*
 * The PID of the process whose PID here is `pid`, as the namespace `depth`
 * levels below this process's own numbers it (/proc/PID/status NSpid);
 * fails the test if it has none there.
 */
pid_t pidns_pid(pid_t pid, int depth);

/* For a TestSuite's .fini: leave, and remove what a test made and left. */
void pidns_cleanup(void);

#endif
