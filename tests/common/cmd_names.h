/* SPDX-License-Identifier: MIT */
/*
 * The names of the lvss generic netlink commands, for the test tools that
 * speak raw netlink (lvss-nlcheck, lvss-nlfuzz) and print what they sent.
 */
#ifndef LVSS_TESTS_CMD_NAMES_H
#define LVSS_TESTS_CMD_NAMES_H

#include "uapi/linux/lvss.h"

/* The command's name, or NULL for a number lvss does not define. */
static inline const char *lvss_test_cmd_name(unsigned int cmd)
{
	static const char *const names[] = {
		[LVSS_CMD_UNSPEC] = "UNSPEC",
		[LVSS_CMD_GET_VERSION] = "GET_VERSION",
		[LVSS_CMD_GET_STATUS] = "GET_STATUS",
		[LVSS_CMD_ATTACH] = "ATTACH",
		[LVSS_CMD_DETACH] = "DETACH",
		[LVSS_CMD_GET_DEVICE] = "GET_DEVICE",
		[LVSS_CMD_STORE_ADD] = "STORE_ADD",
		[LVSS_CMD_SNAPSHOT_TAKE] = "SNAPSHOT_TAKE",
		[LVSS_CMD_SNAPSHOT_DELETE] = "SNAPSHOT_DELETE",
		[LVSS_CMD_GET_SNAPSHOT] = "GET_SNAPSHOT",
		[LVSS_CMD_EVENT_SNAPSHOT_FAILED] = "EVENT_SNAPSHOT_FAILED",
		[LVSS_CMD_EVENT_STORE_LOW] = "EVENT_STORE_LOW",
		[LVSS_CMD_CBT_INFO] = "CBT_INFO",
		[LVSS_CMD_CBT_GET_CHANGES] = "CBT_GET_CHANGES",
		[LVSS_CMD_CBT_MARK_DIRTY] = "CBT_MARK_DIRTY",
		[LVSS_CMD_CBT_RESET] = "CBT_RESET",
	};

	if (cmd < sizeof(names) / sizeof(names[0]))
		return names[cmd];
	return NULL;
}

#endif
