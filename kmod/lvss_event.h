/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink events (multicast group LVSS_MCGRP_EVENTS): what happens to
 * snapshots and stores without being asked, told to whoever listens.
 * Raised from any context, sent from a work item.
 */
#ifndef LVSS_EVENT_H
#define LVSS_EVENT_H

#include <linux/types.h>

struct lvss_snapshot;
struct lvss_tracker;

void lvss_event_snapshot_failed(const struct lvss_snapshot *snap);
void lvss_event_store_low(const struct lvss_tracker *tracker, u32 chunk_size,
			  u64 used_bytes, u64 total_bytes);
u64 lvss_event_dropped(void);
void lvss_event_init(void);
void lvss_event_exit(void);

#endif /* LVSS_EVENT_H */
