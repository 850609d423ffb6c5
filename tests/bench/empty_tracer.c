// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * empty_tracer OBJECT: attach every program of a BPF object, say "ready:" on
 * stderr, and hold them until SIGINT or SIGTERM. The bench's baseline tracer.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	sigset_t stop;
	int sig, n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: empty_tracer OBJECT\n");
		return 2;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "empty_tracer: cannot load %s\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
	{
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "empty_tracer: cannot attach %s\n",
				bpf_program__name(prog));
			return 1;
		}
		n++;
	}
	fprintf(stderr, "empty_tracer: ready: %d programs attached\n", n);
	sigwait(&stop, &sig);
	bpf_object__close(obj); /* the links die with the process */
	return 0;
}
