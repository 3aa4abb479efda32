/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of values that arrive over netlink, kept free of any kernel
 * subsystem so KUnit can test them on user-mode Linux. Each check returns 0
 * or a negative errno and, on error, points *why at a message fit for an
 * extended ack (a static string); on success *why is left untouched.
 */
#ifndef LVSS_LIMITS_H
#define LVSS_LIMITS_H

#include <linux/types.h>

int lvss_check_abi(u32 peer_abi, const char **why);
int lvss_check_chunk_size(u32 bytes, const char **why);
int lvss_check_cbt_block_size(u32 bytes, const char **why);
int lvss_check_freeze_timeout(u32 ms, const char **why);
int lvss_check_dev_path(const char *path, size_t len, const char **why);

#endif /* LVSS_LIMITS_H */
