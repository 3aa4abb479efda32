// SPDX-License-Identifier: GPL-2.0
/* Copy chains: see lvss_chain.h for the rule they implement. */
#include <linux/errno.h>

#include "lvss_chain.h"

/* True when some live snapshot has lo < seq <= hi. */
bool lvss_live_any_in(const struct lvss_live_set *live, u64 lo, u64 hi)
{
	unsigned int first = 0, end = live->nr;

	/* Binary search for the first seq > lo. */
	while (first < end) {
		unsigned int mid = first + (end - first) / 2;

		if (live->seq[mid] <= lo)
			first = mid + 1;
		else
			end = mid;
	}
	return first < live->nr && live->seq[first] <= hi;
}

/* The copy that serves snapshot @seq, or NULL: read the origin. */
struct lvss_chain_link *lvss_chain_find(struct lvss_chain_link *head, u64 seq)
{
	for (; head; head = head->next)
		if (head->upto >= seq)
			return head;
	return NULL;
}

struct lvss_chain_link *lvss_chain_last(struct lvss_chain_link *head)
{
	while (head && head->next)
		head = head->next;
	return head;
}

/*
 * A first write in @epoch must preserve the chunk when a live snapshot
 * falls in (upto of the newest copy, epoch]; older snapshots already have
 * their copies, and nobody else would ever read this data.
 */
bool lvss_chain_copy_needed(struct lvss_chain_link *head, u64 epoch,
			    const struct lvss_live_set *live)
{
	struct lvss_chain_link *last = lvss_chain_last(head);
	u64 lo = last ? last->upto : 0;

	return lo < epoch && lvss_live_any_in(live, lo, epoch);
}

/* Copies are made in epoch order, so a new one always goes last. */
int lvss_chain_append(struct lvss_chain_link **head,
		      struct lvss_chain_link *link)
{
	struct lvss_chain_link *last = lvss_chain_last(*head);

	if (last && last->upto >= link->upto)
		return -EINVAL;
	link->next = NULL;
	if (last)
		last->next = link;
	else
		*head = link;
	return 0;
}

/*
 * Unlinks every copy no live snapshot reads any more and returns them as
 * a list (through ->next) for the caller to free. A copy is still needed
 * when a live snapshot lies in (upto of the previous kept copy, upto].
 */
struct lvss_chain_link *lvss_chain_prune(struct lvss_chain_link **head,
					 const struct lvss_live_set *live)
{
	struct lvss_chain_link **pos = head, *dropped = NULL, **tail = &dropped;
	u64 lo = 0;

	while (*pos) {
		struct lvss_chain_link *link = *pos;

		if (lvss_live_any_in(live, lo, link->upto)) {
			lo = link->upto;
			pos = &link->next;
			continue;
		}
		*pos = link->next;
		link->next = NULL;
		*tail = link;
		tail = &link->next;
	}
	return dropped;
}
