// SPDX-License-Identifier: GPL-2.0
/*
 * lvss-pattern verify: read a snapshot (or the origin after the writers
 * stopped) block by block and check every block against the fill and the
 * write logs; see vindex.h for the rule.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devio.h"
#include "pattern.h"
#include "vindex.h"
#include "wlog.h"

#define READ_CHUNK (4u << 20)
#define MAX_UNREADABLE 1024u

struct vopts {
	uint64_t fill_gen;
	uint32_t fill_seed;
	uint32_t bs;
	uint64_t t1, t2;
	bool origin_final;
	uint64_t limit;
};

struct vstats {
	uint64_t checked, exact, ambig_pre, ambig_inflight;
	uint64_t wrong_gen, corrupt, misplaced, unreadable;
	uint64_t written_after_t1;	/* blocks a write may touch after T1 */
	uint64_t reported;
};

struct logs {
	size_t count;
	const char **names;
	struct wlog_hdr *hdrs;
	struct went *ents;
	uint32_t *log_of;
	size_t nents;
};

static uint64_t problems(const struct vstats *s)
{
	return s->wrong_gen + s->corrupt + s->misplaced + s->unreadable;
}

/* One problem line, while under --limit-report. */
static void report(struct vstats *s, const struct vopts *o, const char *dev,
		   uint64_t b, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(struct vstats *s, const struct vopts *o, const char *dev,
		   uint64_t b, const char *fmt, ...)
{
	va_list ap;

	if (s->reported++ >= o->limit) {
		if (s->reported == o->limit + 1)
			printf("lvss-pattern verify: %s: more problems; not reporting them (--limit-report %llu)\n",
			       dev, (unsigned long long)o->limit);
		return;
	}
	printf("lvss-pattern verify: %s: block %llu (offset %llu): ", dev,
	       (unsigned long long)b, (unsigned long long)(b * o->bs));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void check_block(const struct vindex *v, const struct vopts *o,
			struct vstats *s, const char *dev, const char *what,
			const unsigned char *blk, uint64_t b)
{
	struct pat_hdr h;
	enum pat_status st = pat_check(blk, o->bs, b, &h);
	uint32_t n_allowed;
	char msg[2048];

	s->checked++;
	switch (st) {
	case PAT_OK:
		break;
	case PAT_MISPLACED:
		s->misplaced++;
		report(s, o, dev, b,
		       "misplaced block: holds block %llu's data (gen %llu)",
		       (unsigned long long)h.index, (unsigned long long)h.gen);
		return;
	case PAT_BAD_SUM:
		s->corrupt++;
		pat_describe_torn(blk, o->bs, msg, sizeof(msg));
		report(s, o, dev, b,
		       "torn/corrupt block: checksum %016llx stored, %016llx computed; header says block %llu gen %llu; %s",
		       (unsigned long long)h.sum,
		       (unsigned long long)pat_sum(blk, o->bs),
		       (unsigned long long)h.index, (unsigned long long)h.gen,
		       msg);
		return;
	case PAT_BAD_SIZE:
		s->corrupt++;
		report(s, o, dev, b,
		       "torn/corrupt block: header says block size %u, not %u",
		       h.block_size, o->bs);
		return;
	case PAT_ZERO:
	case PAT_BAD_MAGIC:
		s->corrupt++;
		report(s, o, dev, b, "torn/corrupt block: %s (first bytes %016llx)",
		       pat_status_str(st), (unsigned long long)h.magic);
		return;
	}
	if (h.gen == v->fill_gen && h.seed != o->fill_seed) {
		s->wrong_gen++;
		report(s, o, dev, b,
		       "%s shows a fill block of seed %u, expected fill seed %u (another fill?)",
		       what, h.seed, o->fill_seed);
		return;
	}
	switch (vindex_judge(v, b, h.gen, o->t1, o->t2, &n_allowed)) {
	case VK_EXACT:
		s->exact++;
		break;
	case VK_AMBIG_PRE:
		s->ambig_pre++;
		break;
	case VK_AMBIG_INFLIGHT:
		s->ambig_inflight++;
		break;
	case VK_WRONG_GEN:
		s->wrong_gen++;
		vindex_explain(v, b, h.gen, o->t1, o->t2, what, msg,
			       sizeof(msg));
		report(s, o, dev, b, "%s", msg);
		break;
	}
}

static int load_logs(struct logs *L, const struct vopts *o)
{
	size_t total = 0;

	L->hdrs = calloc(L->count ? L->count : 1, sizeof(*L->hdrs));
	if (!L->hdrs)
		goto oom;
	for (size_t i = 0; i < L->count; i++) {
		struct went *e;
		size_t n;
		struct went *all;
		uint32_t *lo;

		if (wlog_read(L->names[i], &L->hdrs[i], &e, &n))
			return -1;
		if (L->hdrs[i].block_size != o->bs) {
			fprintf(stderr,
				"lvss-pattern verify: log %s was written with block size %u, not %u (--block-size)\n",
				L->names[i], L->hdrs[i].block_size, o->bs);
			free(e);
			return -1;
		}
		if (L->hdrs[i].flags & WLOG_F_ERRORS)
			fprintf(stderr,
				"lvss-pattern verify: warning: log %s recorded failed writes; they count as possibly landed from their submission on\n",
				L->names[i]);
		all = realloc(L->ents, (total + n + 1) * sizeof(*all));
		lo = realloc(L->log_of, (total + n + 1) * sizeof(*lo));
		if (all)
			L->ents = all;
		if (lo)
			L->log_of = lo;
		if (!all || !lo) {
			free(e);
			goto oom;
		}
		memcpy(L->ents + total, e, n * sizeof(*e));
		for (size_t k = 0; k < n; k++)
			L->log_of[total + k] = (uint32_t)i;
		total += n;
		free(e);
	}
	L->nents = total;
	/* Generation ranges must not overlap (one --gen-base per writer). */
	for (size_t i = 0; i < L->count; i++)
		for (size_t j = i + 1; j < L->count; j++) {
			const struct wlog_hdr *a = &L->hdrs[i], *b = &L->hdrs[j];

			if (a->gen_last < a->gen_first ||
			    b->gen_last < b->gen_first)
				continue;
			if (a->gen_first <= b->gen_last &&
			    b->gen_first <= a->gen_last) {
				fprintf(stderr,
					"lvss-pattern verify: logs %s (gens %llu..%llu) and %s (gens %llu..%llu) overlap: give each writer process its own --gen-base\n",
					L->names[i],
					(unsigned long long)a->gen_first,
					(unsigned long long)a->gen_last,
					L->names[j],
					(unsigned long long)b->gen_first,
					(unsigned long long)b->gen_last);
				return -1;
			}
		}
	return 0;
oom:
	fprintf(stderr, "lvss-pattern verify: out of memory for the logs\n");
	return -1;
}

static void free_logs(struct logs *L)
{
	free(L->names);
	free(L->hdrs);
	free(L->ents);
	free(L->log_of);
}

/* Reads and checks every block; returns -1 when it had to give up. */
static int scan(struct dev *d, const struct vindex *v, const struct vopts *o,
		struct vstats *s, const char *what)
{
	uint64_t nblocks = v->nblocks;
	uint32_t cb = o->bs >= READ_CHUNK ? 1 : READ_CHUNK / o->bs;
	unsigned char *buf = dev_alloc((size_t)cb * o->bs);
	int rc = 0;

	for (uint64_t b = 0; b < nblocks && !rc; b += cb) {
		uint64_t n = nblocks - b < cb ? nblocks - b : cb;
		size_t done;
		int err = dev_pread_full(d, buf, n * o->bs, b * o->bs, &done);

		if (!err) {
			for (uint64_t i = 0; i < n; i++)
				check_block(v, o, s, d->path, what,
					    buf + i * o->bs, b + i);
			continue;
		}
		/* Pinpoint the failing blocks of this chunk, one by one. */
		for (uint64_t i = 0; i < n; i++) {
			err = dev_pread_full(d, buf, o->bs, (b + i) * o->bs,
					     &done);
			if (!err) {
				check_block(v, o, s, d->path, what, buf, b + i);
				continue;
			}
			s->unreadable++;
			if (err == -ENODATA)
				report(s, o, d->path, b + i,
				       "unexpected end of device");
			else
				report(s, o, d->path, b + i,
				       "read error at offset %llu: %s",
				       (unsigned long long)((b + i) * o->bs +
							    done),
				       strerror(-err));
			if (s->unreadable >= MAX_UNREADABLE) {
				printf("lvss-pattern verify: %s: giving up after %u unreadable blocks\n",
				       d->path, MAX_UNREADABLE);
				rc = -1;
				break;
			}
		}
	}
	free(buf);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fill-gen", required_argument, NULL, 'g' },
		{ "fill-seed", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'l' },
		{ "t-start", required_argument, NULL, '1' },
		{ "t-end", required_argument, NULL, '2' },
		{ "origin-final", no_argument, NULL, 'o' },
		{ "block-size", required_argument, NULL, 'b' },
		{ "limit-report", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vopts o = {
		.fill_gen = DEF_FILL_GEN, .fill_seed = DEF_FILL_SEED,
		.bs = DEF_BLOCK_SIZE, .limit = DEF_LIMIT_REPORT,
	};
	bool have_t1 = false, have_t2 = false;
	struct logs L = { 0 };
	struct vstats s = { 0 };
	struct vindex v;
	struct dev d;
	const char *what, *devpath;
	uint64_t nblocks, before = 0, inflight = 0, after = 0, t0, el;
	char err[512];
	int c, rc;

	L.names = calloc((size_t)argc + 1, sizeof(*L.names));
	if (!L.names)
		return EX_USAGE;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (parse_u64("verify", "--fill-gen", optarg,
				      &o.fill_gen))
				goto usage_fail;
			break;
		case 's':
			if (parse_u32("verify", "--fill-seed", optarg,
				      &o.fill_seed))
				goto usage_fail;
			break;
		case 'l':
			L.names[L.count++] = optarg;
			break;
		case '1':
			if (parse_u64("verify", "--t-start", optarg, &o.t1))
				goto usage_fail;
			have_t1 = true;
			break;
		case '2':
			if (parse_u64("verify", "--t-end", optarg, &o.t2))
				goto usage_fail;
			have_t2 = true;
			break;
		case 'o':
			o.origin_final = true;
			break;
		case 'b':
			if (parse_block_size("verify", optarg, &o.bs))
				goto usage_fail;
			break;
		case 'L':
			if (parse_u64("verify", "--limit-report", optarg,
				      &o.limit))
				goto usage_fail;
			break;
		case 'h':
			usage("verify");
			free_logs(&L);
			return EX_PASS;
		default:
			usage("verify");
			goto usage_fail;
		}
	}
	if (optind == argc) {
		free_logs(&L);
		return usage_error("verify", "no device given");
	}
	devpath = argv[optind];
	for (int i = optind + 1; i < argc; i++)
		L.names[L.count++] = argv[i];
	if (o.origin_final) {
		if (have_t1 || have_t2) {
			free_logs(&L);
			return usage_error("verify",
					   "--origin-final takes no --t-start/--t-end");
		}
		o.t1 = o.t2 = VINDEX_T_NONE;
		what = "origin";
	} else {
		if (!have_t1 || !have_t2) {
			free_logs(&L);
			return usage_error("verify",
					   "give --t-start T1 and --t-end T2 (from 'lvss-pattern now' around the take), or --origin-final");
		}
		if (o.t1 > o.t2) {
			free_logs(&L);
			return usage_error("verify",
					   "--t-start %llu is after --t-end %llu",
					   (unsigned long long)o.t1,
					   (unsigned long long)o.t2);
		}
		what = "snapshot";
	}
	if (load_logs(&L, &o)) {
		free_logs(&L);
		return EX_USAGE;
	}
	if (dev_open(&d, "verify", devpath, O_RDONLY, true)) {
		free_logs(&L);
		return EX_USAGE;
	}
	if (o.bs % d.lbs) {
		fprintf(stderr,
			"lvss-pattern verify: %s: --block-size %u is not a multiple of its %u-byte sectors\n",
			d.path, o.bs, d.lbs);
		dev_close(&d);
		free_logs(&L);
		return EX_USAGE;
	}
	nblocks = d.size / o.bs;
	for (size_t i = 0; i < L.count; i++)
		if (L.hdrs[i].dev_blocks != nblocks) {
			printf("lvss-pattern verify: %s: has %llu blocks of %u bytes, but log %s was written to a device of %llu blocks\n",
			       d.path, (unsigned long long)nblocks, o.bs,
			       L.names[i],
			       (unsigned long long)L.hdrs[i].dev_blocks);
			printf("RESULT FAIL size-mismatch\n");
			dev_close(&d);
			free_logs(&L);
			return EX_FAIL;
		}
	if (!nblocks) {
		fprintf(stderr,
			"lvss-pattern verify: %s: smaller than one %u-byte block\n",
			d.path, o.bs);
		dev_close(&d);
		free_logs(&L);
		return EX_USAGE;
	}
	if (vindex_build(&v, L.ents, L.log_of, L.names, L.nents, nblocks,
			 o.fill_gen, err, sizeof(err))) {
		fprintf(stderr, "lvss-pattern verify: %s\n", err);
		dev_close(&d);
		free_logs(&L);
		return EX_USAGE;
	}
	for (size_t i = 0; i < L.nents; i++) {
		const struct went *e = &L.ents[i];

		if (e->tc <= o.t1)
			before++;
		else if (e->ts < o.t2)
			inflight++;
		else
			after++;
	}
	for (uint64_t b = 0; b < nblocks; b++)
		for (size_t k = v.off[b]; k < v.off[b + 1]; k++)
			if (L.ents[v.list[k]].tc > o.t1) {
				s.written_after_t1++;
				break;
			}
	t0 = now_ns();
	scan(&d, &v, &o, &s, what);
	el = now_ns() - t0;

	if (o.origin_final)
		printf("verify %s (origin after the writers stopped; %zu log(s), %zu writes): ",
		       d.path, L.count, L.nents);
	else
		printf("verify %s (snapshot taken in a %.3f ms window; %zu log(s): %llu writes completed before T1, %llu in flight, %llu submitted after T2; %llu blocks written after T1): ",
		       d.path, (double)(o.t2 - o.t1) / 1e6, L.count,
		       (unsigned long long)before,
		       (unsigned long long)inflight,
		       (unsigned long long)after,
		       (unsigned long long)s.written_after_t1);
	printf("%llu of %llu blocks checked, %llu exact, %llu ambiguous-ok (%llu show an in-flight write), %llu mismatches (%llu wrong gen, %llu torn/corrupt, %llu misplaced, %llu unreadable) in %.2f s (%.1f MiB/s, %s)\n",
	       (unsigned long long)s.checked, (unsigned long long)nblocks,
	       (unsigned long long)s.exact,
	       (unsigned long long)(s.ambig_pre + s.ambig_inflight),
	       (unsigned long long)s.ambig_inflight,
	       (unsigned long long)problems(&s),
	       (unsigned long long)s.wrong_gen, (unsigned long long)s.corrupt,
	       (unsigned long long)s.misplaced,
	       (unsigned long long)s.unreadable, (double)el / 1e9,
	       (double)(s.checked * o.bs) / (1 << 20) / ((double)el / 1e9 + 1e-9),
	       d.direct ? "O_DIRECT" : "buffered");
	rc = problems(&s) == 0 && s.checked == nblocks ? EX_PASS : EX_FAIL;
	printf("RESULT %s blocks=%llu checked=%llu exact=%llu ambiguous=%llu inflight_shown=%llu mismatches=%llu wrong_gen=%llu corrupt=%llu misplaced=%llu unreadable=%llu writes_before=%llu writes_inflight=%llu writes_after=%llu blocks_written_after_t1=%llu\n",
	       rc == EX_PASS ? "PASS" : "FAIL", (unsigned long long)nblocks,
	       (unsigned long long)s.checked, (unsigned long long)s.exact,
	       (unsigned long long)(s.ambig_pre + s.ambig_inflight),
	       (unsigned long long)s.ambig_inflight,
	       (unsigned long long)problems(&s),
	       (unsigned long long)s.wrong_gen, (unsigned long long)s.corrupt,
	       (unsigned long long)s.misplaced,
	       (unsigned long long)s.unreadable, (unsigned long long)before,
	       (unsigned long long)inflight, (unsigned long long)after,
	       (unsigned long long)s.written_after_t1);
	vindex_free(&v);
	dev_close(&d);
	free_logs(&L);
	return rc;
usage_fail:
	free_logs(&L);
	return EX_USAGE;
}
