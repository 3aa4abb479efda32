// SPDX-License-Identifier: GPL-2.0
/* The verify index: which generations each block may show. */
#include "vindex.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct went *cmp_ents;

static int cmp_gen(const void *a, const void *b)
{
	uint64_t ga = cmp_ents[*(const uint32_t *)a].gen;
	uint64_t gb = cmp_ents[*(const uint32_t *)b].gen;

	return ga < gb ? -1 : ga > gb;
}

static const char *log_name(const struct vindex *v, size_t i)
{
	if (!v->log_of || !v->log_names)
		return "?";
	return v->log_names[v->log_of[i]];
}

int vindex_build(struct vindex *v, const struct went *ents,
		 const uint32_t *log_of, const char *const *log_names,
		 size_t nents, uint64_t nblocks, uint64_t fill_gen, char *err,
		 size_t errlen)
{
	size_t total = 0;

	memset(v, 0, sizeof(*v));
	v->nblocks = nblocks;
	v->fill_gen = fill_gen;
	v->ents = ents;
	v->log_of = log_of;
	v->log_names = log_names;
	v->nents = nents;
	if (nents >= UINT32_MAX) {
		snprintf(err, errlen, "too many logged writes (%zu)", nents);
		return -1;
	}
	for (size_t i = 0; i < nents; i++) {
		const struct went *e = &ents[i];

		if (e->first >= nblocks || e->nr > nblocks - e->first) {
			snprintf(err, errlen,
				 "log %s: write of blocks %llu..%llu (gen %llu) lies beyond the device's %llu blocks",
				 log_name(v, i), (unsigned long long)e->first,
				 (unsigned long long)(e->first + e->nr - 1),
				 (unsigned long long)e->gen,
				 (unsigned long long)nblocks);
			return -1;
		}
		if (e->gen == fill_gen) {
			snprintf(err, errlen,
				 "log %s: a write uses gen %llu, the fill generation (use another --gen-base or --fill-gen)",
				 log_name(v, i), (unsigned long long)e->gen);
			return -1;
		}
		total += e->nr;
	}
	v->off = calloc(nblocks + 1, sizeof(*v->off));
	v->list = malloc((total ? total : 1) * sizeof(*v->list));
	v->by_gen = malloc((nents ? nents : 1) * sizeof(*v->by_gen));
	if (!v->off || !v->list || !v->by_gen) {
		snprintf(err, errlen, "out of memory for the verify index");
		vindex_free(v);
		return -1;
	}
	/* Counting sort of (block, entry) pairs: CSR lists in log order. */
	for (size_t i = 0; i < nents; i++)
		for (uint64_t b = ents[i].first; b < ents[i].first + ents[i].nr;
		     b++)
			v->off[b + 1]++;
	for (uint64_t b = 0; b < nblocks; b++)
		v->off[b + 1] += v->off[b];
	{
		size_t *pos = malloc((nblocks ? nblocks : 1) * sizeof(*pos));

		if (!pos) {
			snprintf(err, errlen,
				 "out of memory for the verify index");
			vindex_free(v);
			return -1;
		}
		memcpy(pos, v->off, nblocks * sizeof(*pos));
		for (size_t i = 0; i < nents; i++)
			for (uint64_t b = ents[i].first;
			     b < ents[i].first + ents[i].nr; b++)
				v->list[pos[b]++] = (uint32_t)i;
		free(pos);
	}
	for (size_t i = 0; i < nents; i++)
		v->by_gen[i] = (uint32_t)i;
	cmp_ents = ents;
	qsort(v->by_gen, nents, sizeof(*v->by_gen), cmp_gen);
	for (size_t i = 1; i < nents; i++) {
		uint32_t a = v->by_gen[i - 1], c = v->by_gen[i];

		if (ents[a].gen == ents[c].gen) {
			snprintf(err, errlen,
				 "gen %llu is used by two writes (logs %s and %s): give each concurrent writer process its own --gen-base",
				 (unsigned long long)ents[a].gen,
				 log_name(v, a), log_name(v, c));
			vindex_free(v);
			return -1;
		}
	}
	return 0;
}

void vindex_free(struct vindex *v)
{
	free(v->off);
	free(v->list);
	free(v->by_gen);
	v->off = NULL;
	v->list = NULL;
	v->by_gen = NULL;
}

long vindex_find_gen(const struct vindex *v, uint64_t gen)
{
	size_t lo = 0, hi = v->nents;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t g = v->ents[v->by_gen[mid]].gen;

		if (g == gen)
			return v->by_gen[mid];
		if (g < gen)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * A failed write (t_complete "never") is never done, so it hides nothing,
 * and is possibly landed from its submission on: in flight whenever it was
 * submitted before T2, also in origin-final mode.
 */
static int is_done(const struct went *e, uint64_t t1)
{
	return e->tc != WLOG_T_NEVER && e->tc <= t1;
}

static int in_flight(const struct went *e, uint64_t t1, uint64_t t2)
{
	return e->ts < t2 && (e->tc == WLOG_T_NEVER || e->tc > t1);
}

/* Latest t_submit among b's done writes; 0 when there are none. */
static uint64_t done_max_ts(const struct vindex *v, uint64_t b, uint64_t t1,
			    size_t *ndone)
{
	uint64_t m = 0;

	*ndone = 0;
	for (size_t k = v->off[b]; k < v->off[b + 1]; k++) {
		const struct went *e = &v->ents[v->list[k]];

		if (is_done(e, t1)) {
			(*ndone)++;
			if (e->ts > m)
				m = e->ts;
		}
	}
	return m;
}

enum vkind vindex_judge(const struct vindex *v, uint64_t b, uint64_t gen,
			uint64_t t1, uint64_t t2, uint32_t *n_allowed)
{
	size_t ndone;
	uint64_t m = done_max_ts(v, b, t1, &ndone);
	uint32_t nd = 0, na = 0;
	int in_d = 0, in_a = 0;

	for (size_t k = v->off[b]; k < v->off[b + 1]; k++) {
		const struct went *e = &v->ents[v->list[k]];

		if (is_done(e, t1)) {
			if (e->tc >= m) {
				nd++;
				in_d |= e->gen == gen;
			}
		} else if (in_flight(e, t1, t2)) {
			na++;
			in_a |= e->gen == gen;
		}
	}
	if (!ndone) {
		nd = 1;
		in_d = gen == v->fill_gen;
	}
	*n_allowed = nd + na;
	if (!in_d && !in_a)
		return VK_WRONG_GEN;
	if (nd + na == 1)
		return VK_EXACT;
	return in_a ? VK_AMBIG_INFLIGHT : VK_AMBIG_PRE;
}

/* snprintf appending to buf, never overflowing. */
static void app(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void app(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* A time, relative to T1 when there is a T1. */
static void app_time(char *buf, size_t len, uint64_t t, uint64_t t1)
{
	if (t == WLOG_T_NEVER)
		app(buf, len, "never");
	else if (t1 == VINDEX_T_NONE)
		app(buf, len, "%llu.%09llus", (unsigned long long)(t / 1000000000u),
		    (unsigned long long)(t % 1000000000u));
	else if (t >= t1)
		app(buf, len, "T1+%.3fms", (double)(t - t1) / 1e6);
	else
		app(buf, len, "T1-%.3fms", (double)(t1 - t) / 1e6);
}

void vindex_describe_gen(const struct vindex *v, uint64_t gen, uint64_t b,
			 uint64_t t1, uint64_t t2, char *buf, size_t len)
{
	long i;
	const struct went *e;

	buf[0] = '\0';
	if (gen == v->fill_gen) {
		app(buf, len, "the fill generation (data from before every logged write)");
		return;
	}
	i = vindex_find_gen(v, gen);
	if (i < 0) {
		app(buf, len, "in no log (a write nobody logged, or garbage)");
		return;
	}
	e = &v->ents[i];
	app(buf, len, "a write of blocks %llu..%llu (log %s, thread %u) submitted ",
	    (unsigned long long)e->first,
	    (unsigned long long)(e->first + e->nr - 1), log_name(v, (size_t)i),
	    e->thread);
	app_time(buf, len, e->ts, t1);
	app(buf, len, ", completed ");
	app_time(buf, len, e->tc, t1);
	if (b < e->first || b - e->first >= e->nr)
		app(buf, len, ", which never covered this block");
	else if (t1 != VINDEX_T_NONE && e->ts >= t2)
		app(buf, len, ", i.e. after the snapshot was taken (T2)");
	else if (is_done(e, t1))
		app(buf, len, ", overwritten by a later write before %s",
		    t1 == VINDEX_T_NONE ? "the end" : "T1");
}

void vindex_explain(const struct vindex *v, uint64_t b, uint64_t gen,
		    uint64_t t1, uint64_t t2, const char *what, char *buf,
		    size_t len)
{
	size_t ndone;
	uint64_t m = done_max_ts(v, b, t1, &ndone);
	unsigned int shown = 0, na = 0;
	char desc[512];

	buf[0] = '\0';
	app(buf, len, "%s shows gen %llu, expected gen ", what,
	    (unsigned long long)gen);
	if (!ndone) {
		app(buf, len, "%llu (fill)", (unsigned long long)v->fill_gen);
	} else {
		for (size_t k = v->off[b]; k < v->off[b + 1]; k++) {
			const struct went *e = &v->ents[v->list[k]];

			if (is_done(e, t1) && e->tc >= m)
				app(buf, len, "%s%llu", shown++ ? " or " : "",
				    (unsigned long long)e->gen);
		}
	}
	for (size_t k = v->off[b]; k < v->off[b + 1]; k++) {
		const struct went *e = &v->ents[v->list[k]];

		if (is_done(e, t1) || !in_flight(e, t1, t2))
			continue;
		if (na < 8)
			app(buf, len, "%s%llu", na ? ", " : " (or one of in-flight gens ",
			    (unsigned long long)e->gen);
		na++;
	}
	if (na > 8)
		app(buf, len, ", ... %u in all", na);
	if (na)
		app(buf, len, ")");
	vindex_describe_gen(v, gen, b, t1, t2, desc, sizeof(desc));
	app(buf, len, "; gen %llu is %s", (unsigned long long)gen, desc);
}
