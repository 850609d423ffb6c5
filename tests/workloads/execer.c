// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * execer [--comm NAME] [--uid UID] MARKER
 *
 * One failing exec and one that works, both from this process and both
 * carrying MARKER: execv("/nonexistent/sonde-MARKER") fails with ENOENT, then
 * /bin/true runs with the arguments "MARKER" "arg two". --comm renames the
 * task first (the failed exec keeps that name); --uid drops to that user.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char missing[256];
	int i = 1;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--comm"))
			prctl(PR_SET_NAME, argv[i + 1]);
		else if (!strcmp(argv[i], "--uid") && setuid(atoi(argv[i + 1])))
			return 126;
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: execer [--comm NAME] [--uid UID] MARKER\n");
		return 2;
	}
	snprintf(missing, sizeof(missing), "/nonexistent/sonde-%s", argv[i]);
	execv(missing, (char *[]){ "sonde-missing", argv[i], NULL });
	execv("/bin/true", (char *[]){ "true", argv[i], "arg two", NULL });
	return 127;
}
