/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Which of a tool's fields are text columns, decided in one place from the
 * options given, and the standard columns of the task head.
 */
#ifndef SONDE_COLUMNS_H
#define SONDE_COLUMNS_H

#include <stddef.h>

#include "options.h"
#include "output.h"

/*
 * Fill in the task columns' defaults, decide which fields are text
 * columns, and make the result output.h's table. A field is a column unless
 * it has no heading (JSON alone carries it), its shown_by option was not
 * given, or its hidden_by option was.
 */
void columns_choose(const struct field *fields, size_t n, const struct options_given *given);

#endif
