// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The tcpdropper workload held with its ports (tcpdropper.h). */
#include <stdio.h>
#include <criterion/criterion.h>

#include "expect.h"
#include "tcpconns.h"
#include "tcpdropper.h"

void tcpdropper_spawn(struct tcpdropper *d, int ip)
{
	d->ip = ip;
	d->addr = ip == 6 ? "::1" : "127.0.0.1";
	d->sport = free_port();
	do
		d->cport = free_port();
	while (d->cport == d->sport);
	snprintf(d->sport_arg, sizeof(d->sport_arg), "%ld", d->sport);
	snprintf(d->cport_arg, sizeof(d->cport_arg), "%ld", d->cport);
	expect_facts(d->facts, sizeof(d->facts), "tcpdropper");
	workload_spawn(&d->w, "tcpdropper", d->facts, ip == 6 ? "6" : "4", d->sport_arg,
		       d->cport_arg, NULL);
	expect_workload(&d->w);
}
