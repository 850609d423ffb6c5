/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Draining the hash maps summary tools aggregate in, one report at a time. */
#ifndef SONDE_MAPS_H
#define SONDE_MAPS_H

#include <stdbool.h>
#include <stddef.h>

/* Up to `max` keys of the map into `keys` (each `key_size` bytes); how many it holds. */
size_t map_keys(int fd, void *keys, size_t key_size, size_t max);

/*
 * Read one entry and remove it, so the next report starts from zero; false
 * if it is gone. Per-CPU maps fill one value per possible CPU.
 */
bool map_take(int fd, const void *key, void *value);

#endif
