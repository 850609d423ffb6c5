// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Small facts about processes from /proc (procfs.h). */
#include <stdio.h>
#include <string.h>

#include "procfs.h"

void proc_comm_parse(const char *text, size_t len, char comm[SONDE_COMM_LEN])
{
	size_t n = 0;

	while (n < len && n < SONDE_COMM_LEN - 1 && text[n] && text[n] != '\n')
		n++;
	memcpy(comm, text, n);
	memset(comm + n, 0, SONDE_COMM_LEN - n);
}

bool proc_comm(__u32 pid, char comm[SONDE_COMM_LEN])
{
	char path[32], text[SONDE_COMM_LEN + 1];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (!n)
		return false;
	proc_comm_parse(text, n, comm);
	return true;
}
