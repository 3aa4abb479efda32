/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Write logs: what 'lvss-pattern write' did, for 'verify' to judge a
 * snapshot with. Binary, little endian:
 *
 *   header (128 bytes)
 *     0  char[8] magic        "LVSSWLG1"
 *     8  u32     version      1
 *    12  u32     header_size  128
 *    16  u32     entry_size   40
 *    20  u32     block_size
 *    24  u64     dev_blocks   size of the written device, in blocks
 *    32  u64     gen_first    first generation this writer may use
 *    40  u64     gen_last     last generation it used (gen_first-1: none)
 *    48  u64     n_entries
 *    56  u32     seed
 *    60  u32     writer_id
 *    64  u32     flags        WLOG_F_*
 *    68  u32     threads
 *    72  u64     t_begin      CLOCK_MONOTONIC ns, writer start
 *    80  u64     t_end        CLOCK_MONOTONIC ns, writer end
 *    88  zero up to 128
 *   entries (40 bytes each, sorted by t_submit)
 *     0  u64 first            first block
 *     8  u64 gen
 *    16  u64 t_submit         CLOCK_MONOTONIC ns just before pwrite
 *    24  u64 t_complete       ns after pwrite (direct) or after the
 *                             fdatasync covering it (buffered);
 *                             WLOG_T_NEVER if it failed
 *    32  u32 nr               number of blocks
 *    36  u16 thread
 *    38  u16 flags            WENT_F_*
 */
#ifndef LVSS_WLOG_H
#define LVSS_WLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WLOG_MAGIC "LVSSWLG1"
#define WLOG_VERSION 1u
#define WLOG_HDR_SIZE 128u
#define WLOG_ENT_SIZE 40u

#define WLOG_F_DIRECT 1u	/* O_DIRECT writes */
#define WLOG_F_SIGNALLED 2u	/* stopped by SIGTERM/SIGINT */
#define WLOG_F_ERRORS 4u	/* some write failed */

#define WENT_F_FAILED 1u	/* the write (or its sync) failed */
#define WLOG_T_NEVER UINT64_MAX

struct wlog_hdr {
	uint32_t block_size;
	uint64_t dev_blocks;
	uint64_t gen_first;
	uint64_t gen_last;
	uint64_t n_entries;
	uint32_t seed;
	uint32_t writer_id;
	uint32_t flags;
	uint32_t threads;
	uint64_t t_begin;
	uint64_t t_end;
};

struct went {
	uint64_t first;
	uint64_t gen;
	uint64_t ts;		/* t_submit */
	uint64_t tc;		/* t_complete */
	uint32_t nr;
	uint16_t thread;
	uint16_t flags;
};

/*
 * Writes the log to path (via path.tmp + rename). Returns 0, or -1 after
 * printing why.
 */
int wlog_write(const char *path, const struct wlog_hdr *h,
	       const struct went *e, size_t n);

/*
 * Reads a whole log; *e is malloc'ed. Returns 0, or -1 after printing why
 * (missing, not a log, truncated, inconsistent).
 */
int wlog_read(const char *path, struct wlog_hdr *h, struct went **e,
	      size_t *n);

/* Text dump, one entry a line. */
void wlog_dump(FILE *f, const char *path, const struct wlog_hdr *h,
	       const struct went *e, size_t n);

#endif
