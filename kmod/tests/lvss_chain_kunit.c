// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lvss_chain.c: the rule that decides which preserved copy
 * of a chunk each snapshot reads, checked by hand on small cases and
 * against a model over long random histories of writes, takes and deletes.
 *
 * Not part of lvss.ko: tests/kunit/run.sh builds it into user-mode Linux.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#include "../lvss_chain.h"

static const u64 live_3_7_9[] = { 3, 7, 9 };

static void lvss_chain_live_any_in(struct kunit *test)
{
	struct lvss_live_set live = { live_3_7_9, ARRAY_SIZE(live_3_7_9) };
	struct lvss_live_set none = { NULL, 0 };

	KUNIT_EXPECT_TRUE(test, lvss_live_any_in(&live, 0, 3));
	KUNIT_EXPECT_FALSE(test, lvss_live_any_in(&live, 3, 6));
	KUNIT_EXPECT_TRUE(test, lvss_live_any_in(&live, 3, 7));
	KUNIT_EXPECT_TRUE(test, lvss_live_any_in(&live, 6, 100));
	KUNIT_EXPECT_FALSE(test, lvss_live_any_in(&live, 9, 100));
	KUNIT_EXPECT_FALSE(test, lvss_live_any_in(&live, 0, 2));
	KUNIT_EXPECT_FALSE(test, lvss_live_any_in(&live, 5, 5));
	KUNIT_EXPECT_FALSE(test, lvss_live_any_in(&none, 0, U64_MAX));
}

static void lvss_chain_find_and_append(struct kunit *test)
{
	struct lvss_chain_link a = { .upto = 2 }, b = { .upto = 5 };
	struct lvss_chain_link c = { .upto = 5 }, *head = NULL;

	KUNIT_EXPECT_NULL(test, lvss_chain_find(head, 1));
	KUNIT_EXPECT_EQ(test, lvss_chain_append(&head, &a), 0);
	KUNIT_EXPECT_EQ(test, lvss_chain_append(&head, &b), 0);
	/* Not newer than the last copy: refused, chain unchanged. */
	KUNIT_EXPECT_EQ(test, lvss_chain_append(&head, &c), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_last(head), &b);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_find(head, 1), &a);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_find(head, 2), &a);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_find(head, 3), &b);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_find(head, 5), &b);
	KUNIT_EXPECT_NULL(test, lvss_chain_find(head, 6));
}

static void lvss_chain_copy_needed_cases(struct kunit *test)
{
	struct lvss_live_set live = { live_3_7_9, ARRAY_SIZE(live_3_7_9) };
	struct lvss_chain_link a = { .upto = 3 }, *head = NULL;

	KUNIT_EXPECT_TRUE(test, lvss_chain_copy_needed(head, 3, &live));
	lvss_chain_append(&head, &a);
	/* Same epoch again: already preserved. */
	KUNIT_EXPECT_FALSE(test, lvss_chain_copy_needed(head, 3, &live));
	/* Epochs 4..6 hold no live snapshot: nobody reads the old data. */
	KUNIT_EXPECT_FALSE(test, lvss_chain_copy_needed(head, 6, &live));
	KUNIT_EXPECT_TRUE(test, lvss_chain_copy_needed(head, 7, &live));
}

static void lvss_chain_prune_cases(struct kunit *test)
{
	static const u64 only_9[] = { 9 };
	struct lvss_live_set live = { only_9, ARRAY_SIZE(only_9) };
	struct lvss_chain_link a = { .upto = 3 }, b = { .upto = 7 };
	struct lvss_chain_link c = { .upto = 9 }, *head = NULL, *gone;

	lvss_chain_append(&head, &a);
	lvss_chain_append(&head, &b);
	lvss_chain_append(&head, &c);
	gone = lvss_chain_prune(&head, &live);
	/* 3 and 7 were deleted: copies a and b go, c serves 9. */
	KUNIT_EXPECT_PTR_EQ(test, gone, &a);
	KUNIT_EXPECT_PTR_EQ(test, a.next, &b);
	KUNIT_EXPECT_NULL(test, b.next);
	KUNIT_EXPECT_PTR_EQ(test, head, &c);
	KUNIT_EXPECT_PTR_EQ(test, lvss_chain_find(head, 9), &c);
}

/*
 * The model: one chunk whose contents are a version number. Each step
 * writes it, takes a snapshot or deletes one. The engine side keeps only
 * what lvss keeps (a chain plus a "preserved in this epoch" flag); the
 * model remembers what every live snapshot saw. Every snapshot must read
 * exactly its value after every step.
 */
#define MODEL_STEPS	4000
#define MODEL_MAX_SNAPS	12

struct model_copy {
	struct lvss_chain_link link;
	u32 value;
};

struct model {
	struct lvss_chain_link *head;
	u64 epoch;
	bool preserved;
	u32 origin;
	u64 live[MODEL_MAX_SNAPS];
	u32 seen[MODEL_MAX_SNAPS];
	unsigned int nr_live;
	unsigned int nr_copies;
	u32 rng;
};

static u32 model_rand(struct model *m)
{
	m->rng = m->rng * 1664525 + 1013904223;
	return m->rng >> 8;
}

static void model_free_list(struct lvss_chain_link *link, unsigned int *count)
{
	while (link) {
		struct lvss_chain_link *next = link->next;

		kfree(container_of(link, struct model_copy, link));
		(*count)--;
		link = next;
	}
}

static void model_write(struct kunit *test, struct model *m)
{
	struct lvss_live_set live = { m->live, m->nr_live };
	struct model_copy *copy;

	if (m->epoch && !m->preserved) {
		m->preserved = true;
		if (lvss_chain_copy_needed(m->head, m->epoch, &live)) {
			copy = kzalloc(sizeof(*copy), GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, copy);
			copy->link.upto = m->epoch;
			copy->value = m->origin;
			KUNIT_ASSERT_EQ(test,
					lvss_chain_append(&m->head, &copy->link),
					0);
			m->nr_copies++;
		}
	}
	m->origin++;
}

static void model_take(struct model *m)
{
	m->epoch++;
	m->preserved = false;
	m->live[m->nr_live] = m->epoch;
	m->seen[m->nr_live] = m->origin;
	m->nr_live++;
}

static void model_delete(struct model *m, unsigned int i)
{
	struct lvss_live_set live;

	memmove(&m->live[i], &m->live[i + 1],
		(m->nr_live - i - 1) * sizeof(m->live[0]));
	memmove(&m->seen[i], &m->seen[i + 1],
		(m->nr_live - i - 1) * sizeof(m->seen[0]));
	m->nr_live--;
	live.seq = m->live;
	live.nr = m->nr_live;
	model_free_list(lvss_chain_prune(&m->head, &live), &m->nr_copies);
}

static void model_check(struct kunit *test, struct model *m, int step)
{
	struct lvss_chain_link *link;
	unsigned int i;
	u32 value;

	for (i = 0; i < m->nr_live; i++) {
		link = lvss_chain_find(m->head, m->live[i]);
		value = link ? container_of(link, struct model_copy, link)->value
			     : m->origin;
		KUNIT_ASSERT_EQ_MSG(test, value, m->seen[i],
				    "step %d: snapshot %llu reads a wrong version",
				    step, m->live[i]);
	}
	/* Sharing: never more copies than live snapshots. */
	KUNIT_ASSERT_LE_MSG(test, m->nr_copies, m->nr_live,
			    "step %d: a copy no snapshot reads was kept", step);
}

static void lvss_chain_model(struct kunit *test)
{
	struct model *m;
	int step;
	u32 r;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	m->rng = 12345;
	for (step = 0; step < MODEL_STEPS; step++) {
		r = model_rand(m) % 10;
		if (r < 6)
			model_write(test, m);
		else if (r < 8 && m->nr_live < MODEL_MAX_SNAPS)
			model_take(m);
		else if (m->nr_live)
			model_delete(m, model_rand(m) % m->nr_live);
		model_check(test, m, step);
	}
	model_free_list(m->head, &m->nr_copies);
	KUNIT_EXPECT_EQ(test, m->nr_copies, 0U);
}

static struct kunit_case lvss_chain_cases[] = {
	KUNIT_CASE(lvss_chain_live_any_in),
	KUNIT_CASE(lvss_chain_find_and_append),
	KUNIT_CASE(lvss_chain_copy_needed_cases),
	KUNIT_CASE(lvss_chain_prune_cases),
	KUNIT_CASE(lvss_chain_model),
	{}
};

static struct kunit_suite lvss_chain_suite = {
	.name = "lvss_chain",
	.test_cases = lvss_chain_cases,
};

kunit_test_suite(lvss_chain_suite);

MODULE_LICENSE("GPL");
