// SPDX-License-Identifier: MIT
/*
 * lvss.ko's bounds on values, checked before anything is sent: the same
 * limits from the uapi header and the same words as kmod/lvss_limits.c
 * (and the memory store's), with the value that was given, so a wrong
 * command line is refused before a connection is even made.
 */
#include <errno.h>
#include <inttypes.h>

#include "lvss_error.h"

int lvss_check_chunk_size(uint64_t bytes, struct lvss_error *err)
{
	if (bytes < LVSS_CHUNK_SIZE_MIN || bytes > LVSS_CHUNK_SIZE_MAX)
		return lvss_error_set(err, ERANGE,
			"chunk size must be between 4 KiB and 1 MiB, got %" PRIu64 " bytes",
			bytes);
	if (bytes & (bytes - 1))
		return lvss_error_set(err, EINVAL,
			"chunk size must be a power of two, got %" PRIu64 " bytes: e.g. 4K, 64K or 1M",
			bytes);
	return 0;
}

int lvss_check_freeze_timeout(uint64_t ms, struct lvss_error *err)
{
	if (ms < LVSS_FREEZE_TIMEOUT_MIN_MS || ms > LVSS_FREEZE_TIMEOUT_MAX_MS)
		return lvss_error_set(err, ERANGE,
			"freeze timeout must be between %u ms and %u ms, got %" PRIu64,
			LVSS_FREEZE_TIMEOUT_MIN_MS, LVSS_FREEZE_TIMEOUT_MAX_MS,
			ms);
	return 0;
}

int lvss_check_memory_store(uint64_t bytes, struct lvss_error *err)
{
	if (!bytes)
		return lvss_error_set(err, ERANGE,
			"a memory store of 0 bytes holds no chunk: give a size of at least the chunk size");
	if (bytes > LVSS_STORE_MEM_MAX_BYTES)
		return lvss_error_set(err, ERANGE,
			"a memory store may hold at most 1 TiB (and half of the RAM), got %" PRIu64 " bytes: use a block device or file store",
			bytes);
	return 0;
}

int lvss_check_low_percent(uint64_t percent, struct lvss_error *err)
{
	if (percent > LVSS_STORE_LOW_PERCENT_MAX)
		return lvss_error_set(err, ERANGE,
			"low-space threshold must be between 0 and %u percent, got %" PRIu64 "; 0 turns the store-low event off",
			LVSS_STORE_LOW_PERCENT_MAX, percent);
	return 0;
}

int lvss_check_cbt_block_size(uint64_t bytes, struct lvss_error *err)
{
	if (bytes < LVSS_CBT_BLOCK_SIZE_MIN || bytes > LVSS_CBT_BLOCK_SIZE_MAX)
		return lvss_error_set(err, ERANGE,
			"tracking block size must be between 4 KiB and 1 MiB, got %" PRIu64 " bytes; leave it out for the default",
			bytes);
	if (bytes & (bytes - 1))
		return lvss_error_set(err, EINVAL,
			"tracking block size must be a power of two, got %" PRIu64 " bytes: e.g. 4K, 64K or 1M",
			bytes);
	return 0;
}
