// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ptyecho FACTS ROUNDS
 *
 * Writes one byte to a pseudo-terminal's master and reads it back from
 * its slave (raw mode), ROUNDS times. Each write pushes the byte into the
 * slave's flip buffer, and the tty layer hands it to the line discipline
 * from a work item (flush_to_ldisc) it queues on a workqueue; the read
 * waits until that work has run, so no write finds the previous one's
 * work still pending: every round queues and runs at least one work
 * item. Writes "rounds" to FACTS once done.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct termios tio;
	long rounds;
	int master, slave;
	FILE *facts;
	char c = 'x';

	if (argc != 3 || (rounds = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: ptyecho FACTS ROUNDS\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return 1;
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || tcgetattr(slave, &tio))
		return 1;
	cfmakeraw(&tio); /* a byte is readable as it arrives, and is not echoed back */
	if (tcsetattr(slave, TCSANOW, &tio))
		return 1;
	for (long i = 0; i < rounds; i++) {
		if (write(master, &c, 1) != 1 || read(slave, &c, 1) != 1)
			return 1;
	}
	facts = fopen(argv[1], "w");
	if (!facts)
		return 1;
	fprintf(facts, "rounds %ld\n", rounds);
	return fclose(facts) ? 1 : 0;
}
