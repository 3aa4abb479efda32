// SPDX-License-Identifier: GPL-2.0
/*
 * Value checks shared by every netlink command (see lvss_limits.h).
 * The bounds live in the uapi header so userspace rejects the same input.
 */
#include <linux/errno.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <uapi/linux/lvss.h>

#include "lvss_limits.h"

/* A peer of another ABI major would misread our replies: refuse it. */
int lvss_check_abi(u32 peer_abi, const char **why)
{
	if (LVSS_ABI_VERSION_MAJOR(peer_abi) != LVSS_ABI_MAJOR) {
		*why = "lvss tools speak another ABI major: install matching versions";
		return -EPROTO;
	}
	return 0;
}

int lvss_check_chunk_size(u32 bytes, const char **why)
{
	if (bytes < LVSS_CHUNK_SIZE_MIN || bytes > LVSS_CHUNK_SIZE_MAX) {
		*why = "chunk size must be between 4 KiB and 1 MiB";
		return -ERANGE;
	}
	if (!is_power_of_2(bytes)) {
		*why = "chunk size must be a power of two";
		return -EINVAL;
	}
	return 0;
}

int lvss_check_cbt_block_size(u32 bytes, const char **why)
{
	if (bytes < LVSS_CBT_BLOCK_SIZE_MIN || bytes > LVSS_CBT_BLOCK_SIZE_MAX) {
		*why = "tracking block size must be between 4 KiB and 1 MiB";
		return -ERANGE;
	}
	if (!is_power_of_2(bytes)) {
		*why = "tracking block size must be a power of two";
		return -EINVAL;
	}
	return 0;
}

int lvss_check_freeze_timeout(u32 ms, const char **why)
{
	if (ms < LVSS_FREEZE_TIMEOUT_MIN_MS || ms > LVSS_FREEZE_TIMEOUT_MAX_MS) {
		*why = "freeze timeout must be between 100 ms and 60000 ms";
		return -ERANGE;
	}
	return 0;
}

/*
 * @len counts the bytes netlink delivered, including the terminating NUL
 * that NLA_NUL_STRING guarantees; a path is absolute and names a device node.
 */
int lvss_check_dev_path(const char *path, size_t len, const char **why)
{
	if (!path || len < 2 || path[0] != '/') {
		*why = "device path must be absolute, e.g. /dev/vdb";
		return -EINVAL;
	}
	if (len > LVSS_DEV_PATH_MAX || strnlen(path, len) >= LVSS_DEV_PATH_MAX) {
		*why = "device path is too long";
		return -ENAMETOOLONG;
	}
	return 0;
}
