/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* A page-cache folio's pages and place, read the same way on every kernel since 5.10. */
#ifndef SONDE_FOLIO_BPF_H
#define SONDE_FOLIO_BPF_H

#include "sonde.bpf.h"

struct folio___nr_pages { /* Linux 6.9+ (64-bit) */
	unsigned int _nr_pages;
} __attribute__((preserve_access_index));

struct folio___folio_nr_pages { /* 5.16 to 6.8 */
	unsigned int _folio_nr_pages;
} __attribute__((preserve_access_index));

struct page___index { /* before folios: the page's file and offset in it, in pages */
	struct address_space *mapping;
	unsigned long index;
} __attribute__((preserve_access_index));

struct page___compound_order { /* before folios: the first tail page's order */
	unsigned char compound_order;
} __attribute__((preserve_access_index));

/*
 * The pages of a folio (or of a page cache page before folios). A large one
 * is a head whose next struct page is its tail, pointing back at it (bit 0
 * set): that test reads the same on every kernel, whatever its flags look
 * like.
 */
static __always_inline __u64 folio_pages(const void *folio)
{
	const struct page *tail = (const void *)folio + bpf_core_type_size(struct page);
	unsigned long head = BPF_CORE_READ(tail, compound_head);
	unsigned int nr;

	if (head != (unsigned long)folio + 1)
		return 1;
	if (bpf_core_field_exists(struct folio___nr_pages, _nr_pages)) {
		nr = BPF_CORE_READ((struct folio___nr_pages *)folio, _nr_pages);
	} else if (bpf_core_field_exists(struct folio___folio_nr_pages, _folio_nr_pages)) {
		nr = BPF_CORE_READ((struct folio___folio_nr_pages *)folio, _folio_nr_pages);
	} else {
		nr = 1U << (BPF_CORE_READ((struct page___compound_order *)tail, compound_order) &
			    31);
	}
	return nr ? nr : 1;
}

/*
 * Where a page-cache folio sits: its file's mapping and its first index in
 * pages. Before folios (up to 5.15, the filemap tracepoints passed the
 * struct page) the same two fields of the page.
 */
static __always_inline void folio_place(const void *folio, __u64 *mapping, __u64 *index)
{
	if (bpf_core_type_exists(struct folio)) {
		*mapping = (__u64)BPF_CORE_READ((struct folio *)folio, mapping);
		*index = BPF_CORE_READ((struct folio *)folio, index);
	} else {
		*mapping = (__u64)BPF_CORE_READ((struct page___index *)folio, mapping);
		*index = BPF_CORE_READ((struct page___index *)folio, index);
	}
}

#endif
