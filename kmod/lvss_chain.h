/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copy chains: which preserved copy of a chunk serves which snapshot.
 *
 * A device counts snapshot epochs; epoch E is the sequence number of its
 * newest snapshot. The first write to a chunk in epoch E preserves the
 * chunk's old contents once, in a copy tagged upto = E. A chunk's copies
 * form a chain sorted by upto. Snapshot s reads the first copy with
 * upto >= s, or the origin when there is none. A copy following one with
 * upto = p serves exactly the snapshots in (p, upto], so one copy serves
 * every snapshot taken between two writes (see docs/design.md).
 *
 * Pure logic, no locking: the caller holds the lock that protects the
 * chain (lvss_cow.c: cow->lock). KUnit: kmod/tests/lvss_chain_kunit.c.
 */
#ifndef LVSS_CHAIN_H
#define LVSS_CHAIN_H

#include <linux/types.h>

/**
 * struct lvss_chain_link - one copy's place in its chunk's chain
 * @next: the copy with the next larger @upto, or NULL
 * @upto: newest snapshot sequence number this copy serves
 *
 * Embedded in struct lvss_copy (lvss_cow.c).
 */
struct lvss_chain_link {
	struct lvss_chain_link *next;
	u64 upto;
};

/**
 * struct lvss_live_set - sequence numbers of a device's live snapshots
 * @seq: sorted ascending, no duplicates
 * @nr: how many
 */
struct lvss_live_set {
	const u64 *seq;
	unsigned int nr;
};

bool lvss_live_any_in(const struct lvss_live_set *live, u64 lo, u64 hi);
struct lvss_chain_link *lvss_chain_find(struct lvss_chain_link *head,
					u64 seq);
struct lvss_chain_link *lvss_chain_last(struct lvss_chain_link *head);
bool lvss_chain_copy_needed(struct lvss_chain_link *head, u64 epoch,
			    const struct lvss_live_set *live);
int lvss_chain_append(struct lvss_chain_link **head,
		      struct lvss_chain_link *link);
struct lvss_chain_link *lvss_chain_prune(struct lvss_chain_link **head,
					 const struct lvss_live_set *live);

#endif /* LVSS_CHAIN_H */
