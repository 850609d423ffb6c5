/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Capability names, as <linux/capability.h> numbers them. */
#ifndef SONDE_CAPS_H
#define SONDE_CAPS_H

/* "CAP_SYS_ADMIN" for 21; "CAP_41" for a number this table does not know. Never NULL. */
const char *cap_name(int cap);

#endif
