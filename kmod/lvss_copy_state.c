// SPDX-License-Identifier: GPL-2.0
/*
 * Decisions of the copy state machine (see lvss_copy_state.h). Pure: no
 * locking, no I/O, callable from any context.
 */
#include <linux/errno.h>

#include "lvss_copy_state.h"

/**
 * lvss_copy_step() - the transition of a copy in @state on @event
 * @state: where the copy is
 * @event: what happened
 * @dropped: no live snapshot needs the copy any more: nothing is failed
 *	for it, and a loaded copy is not stored
 * @step: the outcome
 *
 * Return: 0, or -EINVAL when @event cannot happen in @state (the engine
 * has a bug; @step is left alone).
 */
int lvss_copy_step(enum lvss_copy_state state, enum lvss_copy_event event,
		   bool dropped, struct lvss_copy_step *step)
{
	struct lvss_copy_step s = { .next = state };

	switch (state) {
	case LVSS_COPY_WAIT_BUF:
		if (event != LVSS_COPY_GOT_BUF)
			return -EINVAL;
		s.next = LVSS_COPY_LOADING;
		s.actions = LVSS_COPY_DO_LOAD;
		break;
	case LVSS_COPY_LOADING:
		/* Whatever the outcome, waiters learn it now. */
		s.actions = LVSS_COPY_DO_WAKE;
		if (event == LVSS_COPY_LOAD_OK && dropped) {
			s.next = LVSS_COPY_IN_MEMORY;
		} else if (event == LVSS_COPY_LOAD_OK) {
			s.next = LVSS_COPY_STORING;
			s.actions |= LVSS_COPY_DO_STORE;
		} else if (event == LVSS_COPY_LOAD_ERR) {
			s.next = LVSS_COPY_FAILED;
			s.error = -EIO;
			s.why = "reading old data from the origin failed";
		} else if (event == LVSS_COPY_NO_SLOT && !dropped) {
			s.next = LVSS_COPY_FAILED;
			s.error = -ENOSPC;
			s.why = "the CoW store is full";
		} else {
			return -EINVAL;
		}
		break;
	case LVSS_COPY_STORING:
		if (event == LVSS_COPY_STORE_OK) {
			s.next = LVSS_COPY_STORED;
		} else if (event == LVSS_COPY_STORE_ERR) {
			s.next = LVSS_COPY_FAILED;
			s.actions = LVSS_COPY_DO_FREE_SLOT;
			s.error = -EIO;
			s.why = "writing to the CoW store failed";
		} else {
			return -EINVAL;
		}
		break;
	default:
		/* IN_MEMORY, STORED and FAILED have no I/O left to finish. */
		return -EINVAL;
	}
	if (s.next == LVSS_COPY_FAILED && !dropped)
		s.actions |= LVSS_COPY_DO_FAIL;
	*step = s;
	return 0;
}

/* After a load: does the copy need a store slot (LOAD_OK vs NO_SLOT)? */
bool lvss_copy_wants_slot(enum lvss_copy_state state, bool load_ok,
			  bool dropped)
{
	return state == LVSS_COPY_LOADING && load_ok && !dropped;
}

/* An I/O of the copy is queued or in flight: its buffer is not free. */
bool lvss_copy_io_busy(enum lvss_copy_state state)
{
	return state == LVSS_COPY_WAIT_BUF || state == LVSS_COPY_LOADING ||
	       state == LVSS_COPY_STORING;
}

/*
 * Writes held on the copy may overwrite the chunk once the old data is
 * safe in memory (or lost anyway, the snapshots failed) and no snapshot
 * read of the chunk is in flight on the origin.
 */
bool lvss_copy_writes_may_go(enum lvss_copy_state state,
			     unsigned int origin_readers)
{
	return state >= LVSS_COPY_IN_MEMORY && state < LVSS_COPY_NR_STATES &&
	       !origin_readers;
}

enum lvss_read_source lvss_copy_read_source(enum lvss_copy_state state)
{
	switch (state) {
	case LVSS_COPY_WAIT_BUF:
	case LVSS_COPY_LOADING:
		return LVSS_READ_WAIT;
	case LVSS_COPY_IN_MEMORY:
	case LVSS_COPY_STORING:
		return LVSS_READ_BUFFER;
	case LVSS_COPY_STORED:
		return LVSS_READ_STORE;
	default:
		return LVSS_READ_FAILED;
	}
}
