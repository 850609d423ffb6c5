// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* caps.h: capability names. */
#include <linux/capability.h>

#include "unit.h"
#include "caps.h"

Test(cap_name, known_numbers)
{
	cr_assert_str_eq(cap_name(CAP_CHOWN), "CAP_CHOWN");
	cr_assert_str_eq(cap_name(CAP_SYS_ADMIN), "CAP_SYS_ADMIN");
	cr_assert_str_eq(cap_name(CAP_SYS_NICE), "CAP_SYS_NICE");
	cr_assert_str_eq(cap_name(CAP_AUDIT_READ), "CAP_AUDIT_READ");
	cr_assert_str_eq(cap_name(40), "CAP_CHECKPOINT_RESTORE");
}

/* Every number the build machine's header knows has its own name here. */
Test(cap_name, covers_the_header)
{
	char want[24];
	int cap;

	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		snprintf(want, sizeof(want), "CAP_%d", cap);
		cr_assert_str_neq(cap_name(cap), want, "no name for capability %d", cap);
	}
}

Test(cap_name, unknown_number_is_CAP_and_digits)
{
	cr_assert_str_eq(cap_name(41), "CAP_41");
	cr_assert_str_eq(cap_name(-1), "CAP_-1");
}
