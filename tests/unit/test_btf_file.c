// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * btf_file.h: reading a raw BTF in place, both ways it can be read (mapped,
 * and streamed as on kernels before 6.15, forced with SONDE_BTF_READ=stream),
 * checked against what libbpf parses of the same bytes.
 */
#include "unit.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/btf.h>

#include "btf_file.h"

/* The two ways, as SONDE_BTF_READ values: anything but "stream" maps. */
static const char *const ways[] = { "map", "stream" };

/* A few types, and a string section with a long name in it. */
static struct btf *small_btf(void)
{
	static char long_name[1000];
	struct btf *b = btf__new_empty();

	memset(long_name, 'x', sizeof(long_name) - 1);
	cr_assert(b);
	cr_assert_eq(btf__add_int(b, "int", 4, BTF_INT_SIGNED), 1);
	cr_assert_eq(btf__add_struct(b, "pair", 8), 2);
	btf__add_field(b, "a", 1, 0, 0);
	btf__add_field(b, long_name, 1, 32, 0);
	cr_assert_eq(btf__add_ptr(b, 2), 3);
	cr_assert_eq(btf__add_const(b, 3), 4);
	cr_assert_eq(btf__add_typedef(b, "pair_ptr", 4), 5);
	cr_assert_eq(btf__add_enum(b, "e", 4), 6);
	btf__add_enum_value(b, "E0", 0);
	return b;
}

/* A memfd holding size bytes of raw. */
static int memfd_of(const void *raw, size_t size)
{
	int fd = memfd_create("btf", 0);

	cr_assert(fd >= 0 && write(fd, raw, size) == (ssize_t)size);
	return fd;
}

/* Open the BTF at fd the way named (ways[]): btf_file_open()'s result. */
static int open_way(struct btf_file *f, int fd, const char *way)
{
	setenv("SONDE_BTF_READ", way, 1);
	return btf_file_open(f, fd);
}

struct walk {
	const struct btf *b;
	__u32 strings, types;
};

/* Each string is libbpf's string at the same offset. */
static int check_string(void *ctx, __u32 off, const char *s, size_t len)
{
	struct walk *w = ctx;

	cr_assert_str_eq(s, btf__str_by_offset(w->b, off));
	cr_assert_eq(len, strlen(s));
	w->strings++;
	return 0;
}

/* Each type comes in order, with libbpf's first 12 bytes. */
static int check_type(void *ctx, __u32 id, const struct btf_type *t)
{
	struct walk *w = ctx;

	cr_assert_eq(id, ++w->types);
	cr_assert_eq(memcmp(t, btf__type_by_id(w->b, id), sizeof(*t)), 0, "type %u", id);
	return 0;
}

Test(btf_file, a_memfd_is_mapped_unless_streaming_is_asked_for)
{
	struct btf *b = small_btf();
	__u32 size;
	const void *raw = btf__raw_data(b, &size);
	int fd = memfd_of(raw, size);
	struct btf_file f;

	cr_assert_eq(open_way(&f, fd, "map"), 0);
	cr_assert_not_null(f.map);
	cr_assert_eq(f.size, size);
	btf_file_close(&f);
	cr_assert_eq(open_way(&f, fd, "stream"), 0);
	cr_assert_null(f.map);
	btf_file_close(&f);
	close(fd);
	btf__free(b);
}

Test(btf_file, reads_what_libbpf_parses_both_ways)
{
	struct btf *b = small_btf();
	__u32 size, id;
	const void *raw = btf__raw_data(b, &size);
	int fd = memfd_of(raw, size), i;
	struct btf_type *t;
	struct btf_file f;
	struct walk w;

	for (i = 0; i < 2; i++) {
		w = (struct walk){ .b = b };
		cr_assert_eq(open_way(&f, fd, ways[i]), 0);
		cr_assert_eq(btf_file_strings(&f, check_string, &w), 0);
		cr_assert_gt(w.strings, 5);
		cr_assert(btf_file_string_start(&f, btf__type_by_id(b, 2)->name_off));
		cr_assert_not(btf_file_string_start(&f, btf__type_by_id(b, 2)->name_off + 1));
		cr_assert_eq(btf_file_index_types(&f, check_type, &w), 0);
		cr_assert_eq(btf_file_type_count(&f), btf__type_cnt(b) - 1);
		t = btf_file_type(&f, 2);
		cr_assert(t && btf_vlen(t) == 2);
		cr_assert_eq(memcmp(t, btf__type_by_id(b, 2),
				    sizeof(*t) + 2 * sizeof(struct btf_member)),
			     0);
		free(t);
		cr_assert_null(btf_file_type(&f, 0), "void has no record");
		cr_assert_null(btf_file_type(&f, btf__type_cnt(b)), "past the last type");
		id = 5;
		t = btf_file_resolve(&f, &id);
		cr_assert(t && btf_is_ptr(t) && id == 3, "typedef, const, then the pointer");
		free(t);
		btf_file_close(&f);
	}
	close(fd);
	btf__free(b);
}

static int count_string(void *ctx, __u32 off, const char *s, size_t len)
{
	(void)off, (void)s, (void)len;
	++*(int *)ctx;
	return 0;
}

static int no_type(void *ctx, __u32 id, const struct btf_type *t)
{
	(void)ctx, (void)id, (void)t;
	return 0;
}

/* A header, then a string section of `str_len` bytes (str_off 0) of which the file has `have`. */
static int strings_file(const char *strings, __u32 str_len, size_t have)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h), .str_len = str_len
	};
	char *raw = malloc(sizeof(h) + have);
	int fd;

	memcpy(raw, &h, sizeof(h));
	memcpy(raw + sizeof(h), strings, have);
	fd = memfd_of(raw, sizeof(h) + have);
	free(raw);
	return fd;
}

/* Walk the strings of fd the way named: btf_file_strings()'s result. */
static int walk_strings(int fd, const char *way)
{
	struct btf_file f;
	int n = 0, err = open_way(&f, fd, way) ?: btf_file_strings(&f, count_string, &n);

	btf_file_close(&f);
	return err;
}

/* Index the types of fd the way named: btf_file_open()'s or btf_file_index_types()'s result. */
static int index_types(int fd, const char *way)
{
	struct btf_file f;
	int err = open_way(&f, fd, way) ?: btf_file_index_types(&f, no_type, NULL);

	btf_file_close(&f);
	return err;
}

Test(btf_file, a_string_of_64_KiB_is_refused_both_ways)
{
	size_t n = 64 * 1024 + 1;
	char *s = calloc(1, n);
	int i, fd;

	memset(s + 1, 'x', n - 2); /* "", then 65535 bytes of x and a NUL: the most there can be */
	fd = strings_file(s, n, n);
	for (i = 0; i < 2; i++)
		cr_assert_eq(walk_strings(fd, ways[i]), 0, "%s", ways[i]);
	close(fd);
	s[n - 1] = 'x';
	s = realloc(s, n + 1);
	s[n++] = '\0';
	fd = strings_file(s, n, n);
	for (i = 0; i < 2; i++)
		cr_assert_eq(walk_strings(fd, ways[i]), -EPROTO, "%s", ways[i]);
	close(fd);
	free(s);
}

Test(btf_file, a_section_past_the_end_of_the_file_is_refused_both_ways)
{
	static const char strings[] = "\0int\0pair";
	int i, fd = strings_file(strings, sizeof(strings), sizeof(strings));

	for (i = 0; i < 2; i++)
		cr_assert_eq(walk_strings(fd, ways[i]), 0, "%s", ways[i]);
	close(fd);
	fd = strings_file(strings, sizeof(strings) + 4096, sizeof(strings));
	for (i = 0; i < 2; i++)
		cr_assert_eq(walk_strings(fd, ways[i]), -EPROTO, "%s", ways[i]);
	close(fd);
}

Test(btf_file, a_type_section_cut_short_is_refused_both_ways)
{
	struct btf *b = small_btf();
	__u32 size;
	const struct btf_header *h = btf__raw_data(b, &size);
	int i, fd;

	/* the strings come after the types: end the file inside the struct's members */
	fd = memfd_of(h, h->hdr_len + h->type_off + sizeof(struct btf_type) * 2 + 4 + 8);
	for (i = 0; i < 2; i++)
		cr_assert_eq(index_types(fd, ways[i]), -EPROTO, "%s", ways[i]);
	close(fd);
	btf__free(b);
}

Test(btf_file, not_btf_is_refused_both_ways)
{
	struct btf_file f;
	int i, fd = memfd_of("not BTF at all, not even close", 30), empty = memfd_create("e", 0);

	for (i = 0; i < 2; i++) {
		cr_assert_eq(open_way(&f, fd, ways[i]), -EPROTO);
		btf_file_close(&f);
		cr_assert_eq(open_way(&f, empty, ways[i]), -EPROTO);
		btf_file_close(&f);
	}
	close(fd);
	close(empty);
}

/* Let this test process allocate `more` bytes beyond what it has now, and no more. */
static void limit_data(size_t more)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kib = 0;

	cr_assert(f);
	while (fgets(line, sizeof(line), f))
		sscanf(line, "VmData: %lu kB", &kib);
	fclose(f);
	cr_assert_gt(kib, 0);
	cr_assert_eq(setrlimit(RLIMIT_DATA, &(struct rlimit){ kib * 1024 + more, RLIM_INFINITY }),
		     0);
}

/*
 * A header that claims 4 GiB of strings in a file of a few bytes is refused
 * as it is read, before anything is allocated by the size it claims (a
 * bitmap of 512 MiB here).
 */
Test(btf_file, a_header_is_held_to_the_size_of_the_file_both_ways)
{
	static const char strings[] = "\0int";
	int i, fd = strings_file(strings, 0xfffffff0u, sizeof(strings));

	limit_data(64 << 20);
	for (i = 0; i < 2; i++)
		cr_assert_eq(walk_strings(fd, ways[i]), -EPROTO, "%s", ways[i]);
	close(fd);
}

/*
 * The small BTF with a byte more of header: its type records lie at odd
 * offsets, where a mapping would have them misaligned. Refused both ways.
 */
Test(btf_file, a_type_section_off_a_4_byte_boundary_is_refused_both_ways)
{
	struct btf *b = small_btf();
	__u32 size;
	const struct btf_header *h = btf__raw_data(b, &size);
	struct btf_header *odd = calloc(1, size + 1);
	int i, fd;

	memcpy(odd, h, h->hdr_len);
	memcpy((char *)odd + h->hdr_len + 1, (char *)h + h->hdr_len, size - h->hdr_len);
	odd->hdr_len++;
	fd = memfd_of(odd, size + 1);
	for (i = 0; i < 2; i++)
		cr_assert_eq(index_types(fd, ways[i]), -EPROTO, "%s", ways[i]);
	close(fd);
	free(odd);
	btf__free(b);
}
