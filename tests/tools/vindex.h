/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verify index: for every block, the logged writes that covered it,
 * and the rule deciding which generations a block may legitimately show.
 *
 * A snapshot taken between T1 (before the take started) and T2 (after it
 * returned) froze the device at some instant s in [T1, T2]. For block b:
 *
 *   done(b)     writes covering b with t_complete <= T1: landed before s.
 *   D(b)        the done writes not overwritten for sure: w in done(b) such
 *               that no w' in done(b) has t_submit(w') > t_complete(w).
 *               (One write, unless done writes overlapped in time.) If
 *               done(b) is empty, D(b) = { fill generation }.
 *   A(b)        writes covering b in flight during the take window:
 *               t_submit < T2 and t_complete > T1. A failed write never
 *               completes: it is never done (it overwrites nothing for
 *               sure) and always in A once submitted before T2.
 *
 * The snapshot's block b must show a generation in D(b) u A(b); writes
 * submitted at or after T2 must never be visible. With T1 = T2 = "never"
 * (UINT64_MAX) the same rule checks an origin after all writers stopped:
 * D(b) is the latest write, or any of several that overlapped in time.
 */
#ifndef LVSS_VINDEX_H
#define LVSS_VINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "wlog.h"

#define VINDEX_T_NONE UINT64_MAX	/* T1 = T2 = this: origin-final mode */

struct vindex {
	uint64_t nblocks;
	uint64_t fill_gen;
	const struct went *ents;	/* all logs' entries, not owned */
	const uint32_t *log_of;		/* entry -> log number, or NULL */
	const char *const *log_names;	/* log number -> file name, or NULL */
	size_t nents;
	size_t *off;			/* nblocks + 1: CSR offsets */
	uint32_t *list;			/* entry numbers, per block */
	uint32_t *by_gen;		/* entry numbers sorted by gen */
};

enum vkind {
	VK_EXACT,		/* exactly one generation possible, and shown */
	VK_AMBIG_PRE,		/* several possible; shows pre-window data */
	VK_AMBIG_INFLIGHT,	/* several possible; shows an in-flight write */
	VK_WRONG_GEN,		/* the generation shown is not possible */
};

/*
 * Builds the index. Fails (returns -1, message in err) when a write lies
 * beyond the device, a generation is used twice, or one equals the fill
 * generation.
 */
int vindex_build(struct vindex *v, const struct went *ents,
		 const uint32_t *log_of, const char *const *log_names,
		 size_t nents, uint64_t nblocks, uint64_t fill_gen, char *err,
		 size_t errlen);
void vindex_free(struct vindex *v);

/* Judges generation gen seen in block b; *n_allowed = |D(b) u A(b)|. */
enum vkind vindex_judge(const struct vindex *v, uint64_t b, uint64_t gen,
			uint64_t t1, uint64_t t2, uint32_t *n_allowed);

/* The entry number with generation gen, or -1. */
long vindex_find_gen(const struct vindex *v, uint64_t gen);

/*
 * Explains a VK_WRONG_GEN verdict: "<what> shows gen X, expected gen Y
 * (or one of in-flight gens ...); gen X is ...".
 */
void vindex_explain(const struct vindex *v, uint64_t b, uint64_t gen,
		    uint64_t t1, uint64_t t2, const char *what, char *buf,
		    size_t len);

/* Describes generation gen (the fill, a logged write, or unknown). */
void vindex_describe_gen(const struct vindex *v, uint64_t gen, uint64_t b,
			 uint64_t t1, uint64_t t2, char *buf, size_t len);

#endif
