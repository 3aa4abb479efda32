// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a store file's plan and its FIEMAP answers turned into
 * extents (lvss_storefile.c), the part that trusts the filesystem least.
 * Input: a header (file size u64, block size u32, immutable u8, size the
 * store should have u64), then FIEMAP answers: each a u32 count and that
 * many struct fiemap_extent (the kernel never maps more extents than
 * asked for, so the harness asks for exactly that many). Answers are fed
 * while lvss_storefile_take() wants more.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvss_storefile.h"

#define ANSWER_MAX	64	/* extents per FIEMAP answer */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	uint64_t fsize, want;
	uint32_t bs, n;
	uint8_t imm;
	size_t off = 21;
	int rc = 0;

	if (size < off)
		return 0;
	memcpy(&fsize, data, 8);
	memcpy(&bs, data + 8, 4);
	imm = data[12];
	memcpy(&want, data + 13, 8);
	lvss_storefile_plan("/store/file", fsize, imm & 1, want, &err);
	while (!rc && off + 4 <= size) {
		struct fiemap *fm;

		memcpy(&n, data + off, 4);
		off += 4;
		n %= ANSWER_MAX + 1;
		if (n > (size - off) / sizeof(struct fiemap_extent))
			n = (uint32_t)((size - off) / sizeof(struct fiemap_extent));
		fm = calloc(1, sizeof(*fm) + n * sizeof(struct fiemap_extent));
		if (!fm)
			abort();
		fm->fm_start = l.next;
		fm->fm_length = fsize - (fsize > l.next ? l.next : fsize);
		fm->fm_extent_count = n;
		fm->fm_mapped_extents = n;
		memcpy(fm->fm_extents, data + off,
		       n * sizeof(struct fiemap_extent));
		off += n * sizeof(struct fiemap_extent);
		rc = lvss_storefile_take(&l, fm, fsize, bs, "/store/file", &err);
		free(fm);
		if (!n)
			break;
	}
	lvss_extent_list_free(&l);
	return 0;
}
