/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The life of one preserved copy of a chunk, as pure decisions: which
 * state follows an event, what the engine must do on the way, where a
 * snapshot read finds the data, when held writes may go. lvss_cow.c does
 * the I/O and the locking; this file only decides.
 * KUnit: kmod/tests/lvss_copy_state_kunit.c.
 *
 *   WAIT_BUF --buffer--> LOADING --old data read--> IN_MEMORY (no snapshot
 *       needs it any more) or --store slot--> STORING --written--> STORED
 *   LOADING --read error or no store slot--> FAILED
 *   STORING --write error--> FAILED
 */
#ifndef LVSS_COPY_STATE_H
#define LVSS_COPY_STATE_H

#include <linux/bits.h>
#include <linux/types.h>

enum lvss_copy_state {
	LVSS_COPY_WAIT_BUF,
	LVSS_COPY_LOADING,
	LVSS_COPY_IN_MEMORY,
	LVSS_COPY_STORING,
	LVSS_COPY_STORED,
	LVSS_COPY_FAILED,
	LVSS_COPY_NR_STATES
};

/* What happened to a copy. */
enum lvss_copy_event {
	LVSS_COPY_GOT_BUF,	/* a chunk buffer was handed to it */
	LVSS_COPY_LOAD_OK,	/* the origin read of the old data succeeded */
	LVSS_COPY_LOAD_ERR,	/* ... failed */
	LVSS_COPY_NO_SLOT,	/* it succeeded, but the store is full */
	LVSS_COPY_STORE_OK,	/* the store write succeeded */
	LVSS_COPY_STORE_ERR,	/* ... failed */
	LVSS_COPY_NR_EVENTS
};

/* What the engine must do for a transition (lvss_copy_step.actions). */
#define LVSS_COPY_DO_LOAD	BIT(0)	/* start the origin read */
#define LVSS_COPY_DO_STORE	BIT(1)	/* write the buffer to its slot */
#define LVSS_COPY_DO_FAIL	BIT(2)	/* fail the snapshots it serves */
#define LVSS_COPY_DO_FREE_SLOT	BIT(3)	/* give its store slot back */
#define LVSS_COPY_DO_WAKE	BIT(4)	/* release writes, serve waiting reads */

/**
 * struct lvss_copy_step - the outcome of one event
 * @next: the state after it
 * @actions: LVSS_COPY_DO_* bits
 * @error: with LVSS_COPY_DO_FAIL: the negative errno for the snapshots
 * @why: with LVSS_COPY_DO_FAIL: the message for them
 */
struct lvss_copy_step {
	enum lvss_copy_state next;
	unsigned int actions;
	int error;
	const char *why;
};

/* Where a snapshot read of a chunk finds its data, by the copy's state. */
enum lvss_read_source {
	LVSS_READ_WAIT,		/* not loaded yet: wait for the load */
	LVSS_READ_BUFFER,	/* copy out of the chunk buffer */
	LVSS_READ_STORE,	/* read the store slot */
	LVSS_READ_FAILED,	/* the copy is lost: EIO */
};

int lvss_copy_step(enum lvss_copy_state state, enum lvss_copy_event event,
		   bool dropped, struct lvss_copy_step *step);
bool lvss_copy_wants_slot(enum lvss_copy_state state, bool load_ok,
			  bool dropped);
bool lvss_copy_io_busy(enum lvss_copy_state state);
bool lvss_copy_writes_may_go(enum lvss_copy_state state,
			     unsigned int origin_readers);
enum lvss_read_source lvss_copy_read_source(enum lvss_copy_state state);

#endif /* LVSS_COPY_STATE_H */
