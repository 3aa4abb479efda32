// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_copy_state.c: every (state, event, dropped)
 * combination is checked against the rules the engine relies on, the
 * lifecycle paths of docs/design.md are walked step by step, and random
 * event sequences never reach a state the rules forbid.
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds it into user-mode Linux.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/prandom.h>

#include "../lvss_copy_state.h"

static const enum lvss_copy_state all_states[] = {
	LVSS_COPY_WAIT_BUF, LVSS_COPY_LOADING, LVSS_COPY_IN_MEMORY,
	LVSS_COPY_STORING, LVSS_COPY_STORED, LVSS_COPY_FAILED,
};

/* The events that may happen in @state; everything else is refused. */
static bool event_possible(enum lvss_copy_state state,
			   enum lvss_copy_event event, bool dropped)
{
	switch (state) {
	case LVSS_COPY_WAIT_BUF:
		return event == LVSS_COPY_GOT_BUF;
	case LVSS_COPY_LOADING:
		/* A dropped copy is never stored, so never runs out of slots. */
		return event == LVSS_COPY_LOAD_OK ||
		       event == LVSS_COPY_LOAD_ERR ||
		       (event == LVSS_COPY_NO_SLOT && !dropped);
	case LVSS_COPY_STORING:
		return event == LVSS_COPY_STORE_OK ||
		       event == LVSS_COPY_STORE_ERR;
	default:
		return false;
	}
}

/* Properties every transition must have, whatever the table says. */
static void check_step(struct kunit *test, enum lvss_copy_state from,
		       enum lvss_copy_event event, bool dropped,
		       const struct lvss_copy_step *s)
{
	bool fails = s->next == LVSS_COPY_FAILED;

	KUNIT_EXPECT_LT(test, s->next, LVSS_COPY_NR_STATES);
	/* Forward only: a copy never goes back to an earlier state. */
	KUNIT_EXPECT_GT(test, s->next, from);
	/* Snapshots are failed exactly when a still-needed copy is lost. */
	KUNIT_EXPECT_EQ(test, !!(s->actions & LVSS_COPY_DO_FAIL),
			fails && !dropped);
	if (fails && !dropped) {
		KUNIT_EXPECT_LT(test, s->error, 0);
		KUNIT_EXPECT_NOT_NULL(test, s->why);
	}
	/* A store write is started exactly on entering STORING. */
	KUNIT_EXPECT_EQ(test, !!(s->actions & LVSS_COPY_DO_STORE),
			s->next == LVSS_COPY_STORING);
	KUNIT_EXPECT_EQ(test, !!(s->actions & LVSS_COPY_DO_LOAD),
			s->next == LVSS_COPY_LOADING);
	/* Only a failed store write owns a slot to give back. */
	KUNIT_EXPECT_EQ(test, !!(s->actions & LVSS_COPY_DO_FREE_SLOT),
			from == LVSS_COPY_STORING && fails);
	/* Held writes and waiting reads learn every load's outcome. */
	KUNIT_EXPECT_EQ(test, !!(s->actions & LVSS_COPY_DO_WAKE),
			from == LVSS_COPY_LOADING);
	/* A dropped copy is never written to the store. */
	if (dropped)
		KUNIT_EXPECT_NE(test, s->next, LVSS_COPY_STORING);
	(void)event;
}

static void lvss_copy_state_all_transitions(struct kunit *test)
{
	unsigned int i, accepted = 0;
	enum lvss_copy_event ev;
	int dropped;

	for (i = 0; i < ARRAY_SIZE(all_states); i++) {
		for (ev = 0; ev < LVSS_COPY_NR_EVENTS; ev++) {
			for (dropped = 0; dropped <= 1; dropped++) {
				struct lvss_copy_step s = { .next = 99 };
				bool ok = event_possible(all_states[i], ev,
							 dropped);
				int rc = lvss_copy_step(all_states[i], ev,
							dropped, &s);

				KUNIT_EXPECT_EQ_MSG(test, rc, ok ? 0 : -EINVAL,
						    "state %d event %d dropped %d",
						    all_states[i], ev, dropped);
				if (rc) {
					/* A refused event leaves @step alone. */
					KUNIT_EXPECT_EQ(test, s.next, 99);
					continue;
				}
				accepted++;
				check_step(test, all_states[i], ev, dropped, &s);
			}
		}
	}
	/* 1 + 1 (WAIT_BUF), 2 + 3 (LOADING), 2 + 2 (STORING) */
	KUNIT_EXPECT_EQ(test, accepted, 11U);
}

static enum lvss_copy_state walk(struct kunit *test, bool dropped,
				 const enum lvss_copy_event *events,
				 unsigned int n, unsigned int *actions)
{
	enum lvss_copy_state state = LVSS_COPY_WAIT_BUF;
	struct lvss_copy_step s;
	unsigned int i;

	*actions = 0;
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ(test, lvss_copy_step(state, events[i], dropped,
						     &s), 0);
		state = s.next;
		*actions |= s.actions;
	}
	return state;
}

static void lvss_copy_state_paths(struct kunit *test)
{
	static const enum lvss_copy_event good[] = {
		LVSS_COPY_GOT_BUF, LVSS_COPY_LOAD_OK, LVSS_COPY_STORE_OK,
	};
	static const enum lvss_copy_event full[] = {
		LVSS_COPY_GOT_BUF, LVSS_COPY_NO_SLOT,
	};
	static const enum lvss_copy_event bad_store[] = {
		LVSS_COPY_GOT_BUF, LVSS_COPY_LOAD_OK, LVSS_COPY_STORE_ERR,
	};
	static const enum lvss_copy_event bad_load[] = {
		LVSS_COPY_GOT_BUF, LVSS_COPY_LOAD_ERR,
	};
	unsigned int act;
	struct lvss_copy_step s;

	KUNIT_EXPECT_EQ(test, walk(test, false, good, 3, &act),
			LVSS_COPY_STORED);
	KUNIT_EXPECT_EQ(test, act, LVSS_COPY_DO_LOAD | LVSS_COPY_DO_WAKE |
			LVSS_COPY_DO_STORE);
	/* Deleted while loading: kept in memory for its waiters, not stored. */
	KUNIT_EXPECT_EQ(test, walk(test, true, good, 2, &act),
			LVSS_COPY_IN_MEMORY);
	KUNIT_EXPECT_FALSE(test, act & LVSS_COPY_DO_STORE);

	KUNIT_EXPECT_EQ(test, walk(test, false, full, 2, &act),
			LVSS_COPY_FAILED);
	KUNIT_EXPECT_TRUE(test, act & LVSS_COPY_DO_FAIL);
	KUNIT_ASSERT_EQ(test, lvss_copy_step(LVSS_COPY_LOADING,
					     LVSS_COPY_NO_SLOT, false, &s), 0);
	KUNIT_EXPECT_EQ(test, s.error, -ENOSPC);
	KUNIT_EXPECT_STREQ(test, s.why, "the CoW store is full");

	KUNIT_EXPECT_EQ(test, walk(test, false, bad_store, 3, &act),
			LVSS_COPY_FAILED);
	KUNIT_EXPECT_TRUE(test, act & LVSS_COPY_DO_FREE_SLOT);
	KUNIT_EXPECT_TRUE(test, act & LVSS_COPY_DO_FAIL);

	KUNIT_EXPECT_EQ(test, walk(test, false, bad_load, 2, &act),
			LVSS_COPY_FAILED);
	KUNIT_EXPECT_EQ(test, act & LVSS_COPY_DO_FAIL, LVSS_COPY_DO_FAIL);
	KUNIT_EXPECT_FALSE(test, act & LVSS_COPY_DO_FREE_SLOT);
	/* Lost after its last snapshot went: nothing to fail. */
	KUNIT_EXPECT_EQ(test, walk(test, true, bad_load, 2, &act),
			LVSS_COPY_FAILED);
	KUNIT_EXPECT_FALSE(test, act & LVSS_COPY_DO_FAIL);
}

static void lvss_copy_state_queries(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all_states); i++) {
		enum lvss_copy_state st = all_states[i];
		enum lvss_read_source src = lvss_copy_read_source(st);
		bool loaded = st >= LVSS_COPY_IN_MEMORY;

		/* Writes never overtake the read of the old data ... */
		KUNIT_EXPECT_EQ(test, lvss_copy_writes_may_go(st, 0), loaded);
		/* ... nor a snapshot read of the chunk on the origin. */
		KUNIT_EXPECT_FALSE(test, lvss_copy_writes_may_go(st, 1));
		/* Readers wait exactly while the data is not loaded yet. */
		KUNIT_EXPECT_EQ(test, src == LVSS_READ_WAIT, !loaded);
		/* The buffer is read while it holds the data, the slot after. */
		KUNIT_EXPECT_EQ(test, src == LVSS_READ_BUFFER,
				st == LVSS_COPY_IN_MEMORY ||
				st == LVSS_COPY_STORING);
		KUNIT_EXPECT_EQ(test, src == LVSS_READ_STORE,
				st == LVSS_COPY_STORED);
		KUNIT_EXPECT_EQ(test, src == LVSS_READ_FAILED,
				st == LVSS_COPY_FAILED);
		KUNIT_EXPECT_EQ(test, lvss_copy_io_busy(st),
				st == LVSS_COPY_WAIT_BUF ||
				st == LVSS_COPY_LOADING ||
				st == LVSS_COPY_STORING);
		KUNIT_EXPECT_EQ(test, lvss_copy_wants_slot(st, true, false),
				st == LVSS_COPY_LOADING);
	}
	KUNIT_EXPECT_FALSE(test, lvss_copy_wants_slot(LVSS_COPY_LOADING,
						      false, false));
	KUNIT_EXPECT_FALSE(test, lvss_copy_wants_slot(LVSS_COPY_LOADING,
						      true, true));
	KUNIT_EXPECT_FALSE(test,
			   lvss_copy_writes_may_go(LVSS_COPY_NR_STATES, 0));
}

/*
 * Random lifetimes as the engine drives them: at each step the event is
 * what the I/O could report in that state, and "dropped" may become true
 * at any time (a delete) but never false again. Every copy ends in a
 * state with no I/O, after at most three events, and is failed at most
 * once.
 */
static void lvss_copy_state_random(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int run;

	prandom_seed_state(&rnd, 20261126);
	for (run = 0; run < 5000; run++) {
		enum lvss_copy_state st = LVSS_COPY_WAIT_BUF;
		unsigned int steps = 0, fails = 0;
		bool dropped = false;

		while (lvss_copy_io_busy(st)) {
			enum lvss_copy_event ev;
			struct lvss_copy_step s;
			bool ok = prandom_u32_state(&rnd) % 4;

			dropped |= !(prandom_u32_state(&rnd) % 5);
			if (st == LVSS_COPY_WAIT_BUF)
				ev = LVSS_COPY_GOT_BUF;
			else if (st == LVSS_COPY_STORING)
				ev = ok ? LVSS_COPY_STORE_OK :
					  LVSS_COPY_STORE_ERR;
			else if (!ok)
				ev = LVSS_COPY_LOAD_ERR;
			else if (lvss_copy_wants_slot(st, true, dropped) &&
				 !(prandom_u32_state(&rnd) % 3))
				ev = LVSS_COPY_NO_SLOT;
			else
				ev = LVSS_COPY_LOAD_OK;
			KUNIT_ASSERT_EQ(test, lvss_copy_step(st, ev, dropped,
							     &s), 0);
			check_step(test, st, ev, dropped, &s);
			fails += !!(s.actions & LVSS_COPY_DO_FAIL);
			st = s.next;
			KUNIT_ASSERT_LE(test, ++steps, 3U);
		}
		KUNIT_EXPECT_LE(test, fails, 1U);
		KUNIT_EXPECT_TRUE(test, st == LVSS_COPY_IN_MEMORY ?
				  dropped : st >= LVSS_COPY_STORED);
	}
}

static struct kunit_case lvss_copy_state_cases[] = {
	KUNIT_CASE(lvss_copy_state_all_transitions),
	KUNIT_CASE(lvss_copy_state_paths),
	KUNIT_CASE(lvss_copy_state_queries),
	KUNIT_CASE(lvss_copy_state_random),
	{}
};

static struct kunit_suite lvss_copy_state_suite = {
	.name = "lvss_copy_state",
	.test_cases = lvss_copy_state_cases,
};

kunit_test_suite(lvss_copy_state_suite);

MODULE_LICENSE("GPL");
