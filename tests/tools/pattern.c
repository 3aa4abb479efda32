// SPDX-License-Identifier: GPL-2.0
/* lvss-pattern block format: build and check self-describing blocks. */
#include "pattern.h"

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- xxh64 --------------------------------------------------------------- */
/*
 * XXH64 (github.com/Cyan4973/xxHash, the 64-bit variant). Chosen over
 * crc32c because it costs a few integer multiplies per 8 bytes: in the TCG
 * guest the crc32 instruction is emulated by a slow helper and a table crc
 * pays a memory lookup per byte, both ~15-35x slower per block.
 */
#define XP1 0x9e3779b185ebca87ULL
#define XP2 0xc2b2ae3d27d4eb4fULL
#define XP3 0x165667b19e3779f9ULL
#define XP4 0x85ebca77c2b2ae63ULL
#define XP5 0x27d4eb2f165667c5ULL

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return le64toh(v);
}

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static uint64_t xround(uint64_t acc, uint64_t in)
{
	acc += in * XP2;
	acc = rotl64(acc, 31);
	return acc * XP1;
}

static uint64_t xmerge(uint64_t acc, uint64_t v)
{
	acc ^= xround(0, v);
	return acc * XP1 + XP4;
}

uint64_t xxh64(const void *buf, size_t len, uint64_t seed)
{
	const unsigned char *p = buf, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + XP1 + XP2, v2 = seed + XP2, v3 = seed;
		uint64_t v4 = seed - XP1;

		do {
			v1 = xround(v1, rd64(p));
			v2 = xround(v2, rd64(p + 8));
			v3 = xround(v3, rd64(p + 16));
			v4 = xround(v4, rd64(p + 24));
			p += 32;
		} while (end - p >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) +
		    rotl64(v4, 18);
		h = xmerge(h, v1);
		h = xmerge(h, v2);
		h = xmerge(h, v3);
		h = xmerge(h, v4);
	} else {
		h = seed + XP5;
	}
	h += len;
	for (; end - p >= 8; p += 8) {
		h ^= xround(0, rd64(p));
		h = rotl64(h, 27) * XP1 + XP4;
	}
	if (end - p >= 4) {
		h ^= (uint64_t)rd32(p) * XP1;
		h = rotl64(h, 23) * XP2 + XP3;
		p += 4;
	}
	for (; p < end; p++) {
		h ^= *p * XP5;
		h = rotl64(h, 11) * XP1;
	}
	h ^= h >> 33;
	h *= XP2;
	h ^= h >> 29;
	h *= XP3;
	h ^= h >> 32;
	return h;
}

/* --- payload stream ----------------------------------------------------- */

uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t payload_start(uint64_t index, uint64_t gen, uint32_t seed)
{
	uint64_t s = index * 0x9e3779b97f4a7c15ULL;
	uint64_t x;

	s ^= (gen + 0xd1b54a32d192ed03ULL) * 0xbf58476d1ce4e5b9ULL;
	s ^= ((uint64_t)seed << 32) | seed;
	x = splitmix64(&s);
	return x ? x : 1;
}

static void payload_fill(unsigned char *blk, uint32_t bs, uint64_t index,
			 uint64_t gen, uint32_t seed)
{
	uint64_t x = payload_start(index, gen, seed);

	for (uint32_t off = PAT_HDR_SIZE; off < bs; off += 8) {
		uint64_t v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = htole64(x);
		memcpy(blk + off, &v, 8);
	}
}

/* --- header ------------------------------------------------------------ */

static void put64(unsigned char *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

void pat_get_hdr(const void *blk, struct pat_hdr *h)
{
	const unsigned char *p = blk;

	h->magic = rd64(p);
	h->index = rd64(p + 8);
	h->gen = rd64(p + 16);
	h->writer = rd32(p + 24);
	h->seed = rd32(p + 28);
	h->block_size = rd32(p + 32);
	h->reserved = rd32(p + 36);
	h->sum = rd64(p + 40);
}

int pat_block_size_ok(uint64_t bs)
{
	return bs >= PAT_MIN_BS && bs <= PAT_MAX_BS && !(bs & (bs - 1));
}

uint64_t pat_sum(const void *blk, uint32_t bs)
{
	const unsigned char *p = blk;

	return xxh64(p + PAT_HDR_SIZE, bs - PAT_HDR_SIZE,
		     xxh64(p, PAT_SUM_OFF, 0));
}

static void build_hdr(unsigned char *p, uint32_t bs, uint64_t index,
		      uint64_t gen, uint32_t writer, uint32_t seed)
{
	put64(p, PAT_MAGIC);
	put64(p + 8, index);
	put64(p + 16, gen);
	put32(p + 24, writer);
	put32(p + 28, seed);
	put32(p + 32, bs);
	put32(p + 36, 0);
	put64(p + PAT_SUM_OFF, 0);
}

void pat_build(void *blk, uint32_t bs, uint64_t index, uint64_t gen,
	       uint32_t writer, uint32_t seed)
{
	unsigned char *p = blk;

	build_hdr(p, bs, index, gen, writer, seed);
	payload_fill(p, bs, index, gen, seed);
	put64(p + PAT_SUM_OFF, pat_sum(p, bs));
}

static int all_zero(const unsigned char *p, size_t len)
{
	return p[0] == 0 && !memcmp(p, p + 1, len - 1);
}

enum pat_status pat_check(const void *blk, uint32_t bs, uint64_t index,
			  struct pat_hdr *h)
{
	pat_get_hdr(blk, h);
	if (h->magic != PAT_MAGIC)
		return all_zero(blk, bs) ? PAT_ZERO : PAT_BAD_MAGIC;
	if (h->block_size != bs)
		return PAT_BAD_SIZE;
	if (h->sum != pat_sum(blk, bs))
		return PAT_BAD_SUM;
	if (h->index != index)
		return PAT_MISPLACED;
	return PAT_OK;
}

const char *pat_status_str(enum pat_status st)
{
	switch (st) {
	case PAT_OK:
		return "ok";
	case PAT_ZERO:
		return "all-zero block (never written, or unmapped data)";
	case PAT_BAD_MAGIC:
		return "no pattern header (bad magic)";
	case PAT_BAD_SIZE:
		return "header has another block size";
	case PAT_BAD_SUM:
		return "checksum mismatch";
	case PAT_MISPLACED:
		return "misplaced block";
	}
	return "?";
}

/* Appends "a" or "a-b" to the list in r (comma separated), if it fits. */
static void add_run(char *r, size_t len, uint32_t a, uint32_t b)
{
	size_t used = strlen(r);

	if (a == b)
		snprintf(r + used, len - used, "%s%u", used ? "," : "", a);
	else
		snprintf(r + used, len - used, "%s%u-%u", used ? "," : "", a, b);
}

void pat_describe_torn(const void *blk, uint32_t bs, char *buf, size_t len)
{
	const unsigned char *p = blk;
	struct pat_hdr h;
	unsigned char *ref;
	uint32_t nsec = bs / 512, first = 0, count = 0;
	char runs[96] = "";
	int in_run = 0;

	pat_get_hdr(blk, &h);
	ref = malloc(bs);
	if (!ref) {
		snprintf(buf, len, "(out of memory)");
		return;
	}
	build_hdr(ref, bs, h.index, h.gen, h.writer, h.seed);
	payload_fill(ref, bs, h.index, h.gen, h.seed);
	memcpy(ref + PAT_SUM_OFF, p + PAT_SUM_OFF, 8);
	for (uint32_t s = 0; s <= nsec; s++) {
		int bad = s < nsec && memcmp(p + (size_t)s * 512,
					     ref + (size_t)s * 512, 512);

		if (bad) {
			count++;
			if (!in_run)
				first = s;
			in_run = 1;
		} else if (in_run) {
			add_run(runs, sizeof(runs), first, s - 1);
			in_run = 0;
		}
	}
	free(ref);
	if (!count)
		snprintf(buf, len, "only the checksum field is wrong");
	else
		snprintf(buf, len,
			 "sectors %s (%u of %u) differ from the data of the header's gen %llu",
			 runs, count, nsec, (unsigned long long)h.gen);
}
