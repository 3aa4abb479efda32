/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lvss-pattern block format: every block of a test device carries a
 * self-describing header and a payload derived from (index, gen, seed), so a
 * reader can tell, from the block alone, which write put it there and
 * whether it arrived whole.
 *
 * Header (48 bytes, little endian, at offset 0 of each block):
 *   0  u64 magic       PAT_MAGIC ("LVSSPAT1")
 *   8  u64 index       block number on the device
 *  16  u64 gen         generation: one per write (fill: --gen)
 *  24  u32 writer      writer id (fill: 0; write: id << 8 | thread)
 *  28  u32 seed        seed of the payload stream
 *  32  u32 block_size  block size in bytes
 *  36  u32 reserved    zero
 *  40  u64 sum         checksum of every other byte of the block:
 *                      xxh64(bytes 48..block_size, seed xxh64(bytes 0..40, 0))
 * Payload: bytes 48..block_size, 64-bit words of a xorshift64 stream seeded
 * from (index, gen, seed).
 */
#ifndef LVSS_PATTERN_H
#define LVSS_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#define PAT_MAGIC 0x315441505353564cULL /* "LVSSPAT1" */
#define PAT_HDR_SIZE 48u
#define PAT_SUM_OFF 40u
#define PAT_MIN_BS 512u
#define PAT_MAX_BS (1u << 20)

struct pat_hdr {
	uint64_t magic;
	uint64_t index;
	uint64_t gen;
	uint32_t writer;
	uint32_t seed;
	uint32_t block_size;
	uint32_t reserved;
	uint64_t sum;
};

enum pat_status {
	PAT_OK,
	PAT_ZERO,	/* all zero: never written, or an unmapped chunk */
	PAT_BAD_MAGIC,	/* not a pattern block at all */
	PAT_BAD_SIZE,	/* written with another --block-size */
	PAT_BAD_SUM,	/* torn or corrupted: checksum mismatch */
	PAT_MISPLACED,	/* whole and valid, but it belongs to another block */
};

/* XXH64 of buf. */
uint64_t xxh64(const void *buf, size_t len, uint64_t seed);

uint64_t splitmix64(uint64_t *state);

/* Is bs a usable block size (power of two, 512 B .. 1 MiB)? */
int pat_block_size_ok(uint64_t bs);

/* Writes block 'index' of generation 'gen' into blk (bs bytes). */
void pat_build(void *blk, uint32_t bs, uint64_t index, uint64_t gen,
	       uint32_t writer, uint32_t seed);

/* Decodes the header of blk into *h (always, whatever the verdict). */
void pat_get_hdr(const void *blk, struct pat_hdr *h);

/* The checksum the block should carry. */
uint64_t pat_sum(const void *blk, uint32_t bs);

/* Checks blk as block 'index'; fills *h from the block's header. */
enum pat_status pat_check(const void *blk, uint32_t bs, uint64_t index,
			  struct pat_hdr *h);

const char *pat_status_str(enum pat_status st);

/*
 * For a block whose header is intact but whose checksum fails: which 512-byte
 * sectors differ from what the header's (index, gen, writer, seed) would
 * have written. Writes e.g. "sectors 1-7 of 8" into buf.
 */
void pat_describe_torn(const void *blk, uint32_t bs, char *buf, size_t len);

#endif
