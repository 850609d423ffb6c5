// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * empty_tracer OBJECT [PROGRAM[@HOOK]...]: attach the named programs of a BPF
 * object (every one if none is named), say "ready:" on stderr, and hold them
 * until SIGINT or SIGTERM. A program is attached at its own section's hook,
 * or at HOOK (tracepoint/CATEGORY/NAME or raw_tp/NAME), as often as it is
 * named: an empty program on every hook a tool attaches is that tool's
 * floor of start-up. The bench's baseline tracer: for empty programs, and for
 * the least a tool's output needs (least.bpf.c), whose `events` ring buffer
 * it drains to nowhere as a tool's loop would read it: woken by the batched
 * wake-ups, or every 100 ms.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

static bool named(const struct bpf_program *prog, int argc, char **argv)
{
	const char *name = bpf_program__name(prog);
	size_t len = strlen(name);
	int i;

	for (i = 2; i < argc; i++)
		if (!strncmp(argv[i], name, len) && (!argv[i][len] || argv[i][len] == '@'))
			return true;
	return argc == 2;
}

/* Attach PROGRAM[@HOOK]; false if the program or its hook is not there. */
static bool attach_named(struct bpf_object *obj, const char *spec)
{
	char name[256], *hook, *event;
	struct bpf_program *prog;

	snprintf(name, sizeof(name), "%s", spec);
	hook = strchr(name, '@');
	if (hook)
		*hook++ = '\0';
	prog = bpf_object__find_program_by_name(obj, name);
	if (!prog)
		return false;
	if (!hook)
		return bpf_program__attach(prog);
	if (!strncmp(hook, "raw_tp/", 7))
		return bpf_program__attach_raw_tracepoint(prog, hook + 7);
	if (strncmp(hook, "tracepoint/", 11) || !(event = strchr(hook + 11, '/')))
		return false;
	*event++ = '\0';
	return bpf_program__attach_tracepoint(prog, hook + 11, event);
}

static int cannot_attach(const char *what)
{
	fprintf(stderr, "empty_tracer: cannot attach %s\n", what);
	return 1;
}

static int discard(void *ctx, void *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

/* Read the object's `events` ring buffer, if it has one, until a stop signal is pending. */
static void drain(struct bpf_object *obj)
{
	struct bpf_map *events = bpf_object__find_map_by_name(obj, "events");
	struct ring_buffer *rb;
	sigset_t pending;

	if (!events)
		return;
	rb = ring_buffer__new(bpf_map__fd(events), discard, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "empty_tracer: cannot read the events ring buffer\n");
		return;
	}
	do {
		ring_buffer__poll(rb, 100);
		sigpending(&pending);
	} while (!sigismember(&pending, SIGINT) && !sigismember(&pending, SIGTERM));
	ring_buffer__free(rb);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	sigset_t stop;
	int sig, i, n = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: empty_tracer OBJECT [PROGRAM[@HOOK]...]\n");
		return 2;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (obj)
		bpf_object__for_each_program(prog, obj)
			bpf_program__set_autoload(prog, named(prog, argc, argv));
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "empty_tracer: cannot load %s\n", argv[1]);
		return 1;
	}
	for (i = 2; i < argc; i++, n++)
		if (!attach_named(obj, argv[i]))
			return cannot_attach(argv[i]);
	if (argc == 2)
		bpf_object__for_each_program(prog, obj)
		{
			if (!bpf_program__attach(prog))
				return cannot_attach(bpf_program__name(prog));
			n++;
		}
	fprintf(stderr, "empty_tracer: ready: %d programs attached\n", n);
	drain(obj);
	sigwait(&stop, &sig);
	bpf_object__close(obj); /* the links die with the process */
	return 0;
}
