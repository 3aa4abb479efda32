// SPDX-License-Identifier: GPL-2.0
/*
 * lvss-pattern write: concurrent writers overwrite random block ranges,
 * each with a fresh generation, and log when every write was submitted and
 * when it was known complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "devio.h"
#include "pattern.h"
#include "wlog.h"

#define MAX_THREADS 256u
#define MAX_WRITE_BYTES (64u << 20)

struct wctx {
	struct dev d;
	uint32_t bs;
	uint64_t region_first, region_count;
	uint32_t max_blocks;
	bool sequential;		/* each thread writes on from a cursor */
	uint32_t seed, writer_id;
	bool direct;
	uint64_t deadline;		/* 0: until a signal */
	atomic_uint_fast64_t next_gen;	/* the next generation to hand out */
	atomic_int stop;
	atomic_int ready;		/* threads with a completed write */
	atomic_int running;
	atomic_int errors;
};

struct wthread {
	struct wctx *c;
	pthread_t tid;
	unsigned int idx;
	uint64_t rng;
	struct went *log;
	size_t n, cap;
	uint64_t blocks;
	uint64_t cursor;		/* --sequential: the next block ... */
	bool have_cursor;		/* ... once a start was picked */
	unsigned char *buf;
};

static uint64_t rnd(struct wthread *t, uint64_t bound)
{
	return bound ? splitmix64(&t->rng) % bound : 0;
}

/*
 * A random range inside the region: half of the time aligned to its own
 * power-of-two length (chunk-like), half of the time any start and length.
 */
static void pick_range(struct wthread *t, uint64_t *first, uint32_t *nr)
{
	const struct wctx *c = t->c;
	uint64_t lo = c->region_first, n = c->region_count;
	uint64_t m = c->max_blocks < n ? c->max_blocks : n;

	/* Sequential: full-size writes on from a random start, wrapping. */
	if (c->sequential) {
		if (!t->have_cursor || t->cursor + m > lo + n)
			t->cursor = lo + rnd(t, n - m + 1);
		t->have_cursor = true;
		*first = t->cursor;
		*nr = (uint32_t)m;
		t->cursor += m;
		return;
	}
	if (rnd(t, 2)) {
		unsigned int k = 0;
		uint64_t len, s0, s1;

		while ((2ULL << k) <= m)
			k++;
		len = 1ULL << rnd(t, k + 1);
		s0 = (lo + len - 1) / len;
		s1 = (lo + n) / len;
		if (s1 > s0) {
			*first = (s0 + rnd(t, s1 - s0)) * len;
			*nr = (uint32_t)len;
			return;
		}
	}
	*nr = (uint32_t)(1 + rnd(t, m));
	*first = lo + rnd(t, n - *nr + 1);
}

static struct went *log_add(struct wthread *t)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		struct went *p = realloc(t->log, cap * sizeof(*p));

		if (!p)
			return NULL;
		t->log = p;
		t->cap = cap;
	}
	return &t->log[t->n++];
}

/* "lvss-pattern write: DEV: thread N: WHAT at offset X (block B): ERROR" */
static void thread_fail(struct wthread *t, const char *what, uint64_t off,
			int err)
{
	fprintf(stderr,
		"lvss-pattern write: %s: thread %u: %s at offset %llu (block %llu): %s\n",
		t->c->d.path, t->idx, what, (unsigned long long)off,
		(unsigned long long)(off / t->c->bs), strerror(err));
	atomic_fetch_add(&t->c->errors, 1);
	atomic_store(&t->c->stop, 1);
}

/* Buffered mode: sync, then complete entries from..t->n-1 (or fail them). */
static int sync_pending(struct wthread *t, size_t from)
{
	uint64_t tc;
	int err = 0;

	if (from >= t->n)
		return 0;
	if (fdatasync(t->c->d.fd))
		err = errno;
	tc = err ? WLOG_T_NEVER : now_ns();
	for (size_t i = from; i < t->n; i++) {
		t->log[i].tc = tc;
		if (err)
			t->log[i].flags |= WENT_F_FAILED;
	}
	if (err)
		thread_fail(t, "fdatasync failed after writes ending",
			    (t->log[t->n - 1].first + t->log[t->n - 1].nr) *
				    t->c->bs, err);
	return err ? -1 : 0;
}

static void *writer(void *arg)
{
	struct wthread *t = arg;
	struct wctx *c = t->c;
	uint32_t bs = c->bs, wid = c->writer_id << 8 | t->idx;
	size_t pending = 0, from = 0;	/* buffered: unsynced entries */
	uint64_t sync_every = 1 + rnd(t, 4);
	bool counted = false;

	while (!atomic_load(&c->stop)) {
		uint64_t first, gen, ts;
		uint32_t nr;
		struct went *e;
		size_t done;
		int err;

		if (c->deadline && now_ns() >= c->deadline)
			break;
		pick_range(t, &first, &nr);
		e = log_add(t);
		if (!e) {
			thread_fail(t, "no memory for the log",
				    first * bs, ENOMEM);
			break;
		}
		gen = atomic_fetch_add(&c->next_gen, 1);
		for (uint32_t i = 0; i < nr; i++)
			pat_build(t->buf + (size_t)i * bs, bs, first + i, gen,
				  wid, c->seed);
		ts = now_ns();
		err = dev_pwrite_full(&c->d, t->buf, (size_t)nr * bs,
				      first * bs, &done);
		*e = (struct went){ .first = first, .nr = nr, .gen = gen,
				    .ts = ts, .thread = (uint16_t)t->idx };
		if (err) {
			e->tc = WLOG_T_NEVER;
			e->flags = WENT_F_FAILED;
			thread_fail(t, "write error",
				    first * bs + done, -err);
			/* Sync what came before; this one stays failed. */
			t->n--;
			if (pending)
				sync_pending(t, from);
			t->n++;
			pending = 0;
			break;
		}
		t->blocks += nr;
		if (c->direct) {
			e->tc = now_ns();
		} else {
			e->tc = WLOG_T_NEVER;
			if (!pending++)
				from = t->n - 1;
			if (pending >= sync_every) {
				pending = 0;
				if (sync_pending(t, from))
					break;
				sync_every = 1 + rnd(t, 4);
			}
		}
		if (!counted && (c->direct || !pending)) {
			atomic_fetch_add(&c->ready, 1);
			counted = true;
		}
	}
	if (pending)
		sync_pending(t, from);
	atomic_fetch_sub(&c->running, 1);
	return NULL;
}

static int cmp_ts(const void *a, const void *b)
{
	const struct went *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->gen < y->gen ? -1 : x->gen > y->gen;
}

static int parse_region(const char *s, uint64_t *first, uint64_t *count)
{
	char buf[64], *colon;

	if (strlen(s) >= sizeof(buf))
		goto bad;
	strcpy(buf, s);
	colon = strchr(buf, ':');
	if (!colon)
		goto bad;
	*colon = '\0';
	if (parse_u64("write", "--region FIRST", buf, first) ||
	    parse_u64("write", "--region COUNT", colon + 1, count))
		return -1;
	if (*count)
		return 0;
bad:
	fprintf(stderr,
		"lvss-pattern write: --region: '%s' is not FIRST:COUNT (blocks, COUNT > 0)\n",
		s);
	return -1;
}

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, "ready\n", 6) != 6) {
		fprintf(stderr, "lvss-pattern write: --ready %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return close(fd);
}

int cmd_write(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seconds", required_argument, NULL, 'n' },
		{ "until-signal", no_argument, NULL, 'u' },
		{ "threads", required_argument, NULL, 't' },
		{ "direct", no_argument, NULL, 'd' },
		{ "buffered", no_argument, NULL, 'B' },
		{ "max-blocks", required_argument, NULL, 'm' },
		{ "sequential", no_argument, NULL, 'S' },
		{ "seed", required_argument, NULL, 's' },
		{ "log", required_argument, NULL, 'l' },
		{ "gen-base", required_argument, NULL, 'g' },
		{ "writer-id", required_argument, NULL, 'w' },
		{ "region", required_argument, NULL, 'r' },
		{ "ready", required_argument, NULL, 'R' },
		{ "block-size", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct wctx c;
	const char *log_path = NULL, *ready_path = NULL, *region = NULL;
	double seconds = -1;
	bool until_signal = false, want_direct = true, have_seed = false;
	bool sequential = false;
	uint32_t threads = 4, max_blocks = 16, seed = 0, bs = DEF_BLOCK_SIZE;
	uint32_t writer_id = (uint32_t)getpid() & 0xffffff;
	uint64_t gen_base = DEF_GEN_BASE, t_begin, t_end, nblocks;
	uint64_t writes = 0, blocks = 0;
	struct wthread *th;
	struct wlog_hdr h;
	struct went *all;
	sigset_t sigs;
	int signalled = 0, ch, rc = EX_PASS;
	bool ready_done = false;
	size_t n = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (parse_seconds("write", "--seconds", optarg,
					  &seconds))
				return EX_USAGE;
			break;
		case 'u':
			until_signal = true;
			break;
		case 't':
			if (parse_u32("write", "--threads", optarg, &threads))
				return EX_USAGE;
			if (threads < 1 || threads > MAX_THREADS)
				return usage_error("write",
						   "--threads: %u is not 1..%u",
						   threads, MAX_THREADS);
			break;
		case 'd':
			want_direct = true;
			break;
		case 'B':
			want_direct = false;
			break;
		case 'm':
			if (parse_u32("write", "--max-blocks", optarg,
				      &max_blocks))
				return EX_USAGE;
			if (!max_blocks)
				return usage_error("write",
						   "--max-blocks must be at least 1");
			break;
		case 'S':
			sequential = true;
			break;
		case 's':
			if (parse_u32("write", "--seed", optarg, &seed))
				return EX_USAGE;
			have_seed = true;
			break;
		case 'l':
			log_path = optarg;
			break;
		case 'g':
			if (parse_u64("write", "--gen-base", optarg, &gen_base))
				return EX_USAGE;
			if (gen_base > UINT64_MAX / 2)
				return usage_error("write",
						   "--gen-base %s is too large",
						   optarg);
			break;
		case 'w':
			if (parse_u32("write", "--writer-id", optarg,
				      &writer_id))
				return EX_USAGE;
			if (writer_id > 0xffffff)
				return usage_error("write",
						   "--writer-id must be below 2^24");
			break;
		case 'r':
			region = optarg;
			break;
		case 'R':
			ready_path = optarg;
			break;
		case 'b':
			if (parse_block_size("write", optarg, &bs))
				return EX_USAGE;
			break;
		case 'h':
			usage("write");
			return EX_PASS;
		default:
			usage("write");
			return EX_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("write", optind == argc ?
				   "no device given" : "one device only");
	if (!log_path)
		return usage_error("write", "--log FILE is required");
	if ((seconds < 0) == !until_signal)
		return usage_error("write",
				   "give either --seconds N or --until-signal");
	if ((uint64_t)max_blocks * bs > MAX_WRITE_BYTES)
		return usage_error("write",
				   "--max-blocks %u: writes would exceed %u MiB",
				   max_blocks, MAX_WRITE_BYTES >> 20);
	if (!have_seed) {
		uint64_t s = now_ns() ^ ((uint64_t)getpid() << 32);

		seed = (uint32_t)splitmix64(&s);
	}
	if (dev_open(&c.d, "write", argv[optind], O_WRONLY, want_direct))
		return EX_USAGE;
	if (want_direct && !c.d.direct)
		fprintf(stderr,
			"lvss-pattern write: %s: O_DIRECT not supported here; using buffered writes + fdatasync\n",
			c.d.path);
	if (bs % c.d.lbs) {
		fprintf(stderr,
			"lvss-pattern write: %s: --block-size %u is not a multiple of its %u-byte sectors\n",
			c.d.path, bs, c.d.lbs);
		dev_close(&c.d);
		return EX_USAGE;
	}
	nblocks = c.d.size / bs;
	c.region_first = 0;
	c.region_count = nblocks;
	if (region && parse_region(region, &c.region_first, &c.region_count)) {
		dev_close(&c.d);
		return EX_USAGE;
	}
	if (!nblocks || c.region_first >= nblocks ||
	    c.region_count > nblocks - c.region_first) {
		fprintf(stderr,
			"lvss-pattern write: %s: the region to write (blocks %llu..+%llu) is not inside its %llu blocks\n",
			c.d.path, (unsigned long long)c.region_first,
			(unsigned long long)c.region_count,
			(unsigned long long)nblocks);
		dev_close(&c.d);
		return EX_USAGE;
	}
	c.bs = bs;
	c.max_blocks = max_blocks;
	c.sequential = sequential;
	c.seed = seed;
	c.writer_id = writer_id;
	c.direct = c.d.direct;
	atomic_init(&c.next_gen, gen_base + 1);
	atomic_init(&c.stop, 0);
	atomic_init(&c.ready, 0);
	atomic_init(&c.running, (int)threads);
	atomic_init(&c.errors, 0);

	/* Workers inherit the mask; main collects the signals. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	th = calloc(threads, sizeof(*th));
	if (!th) {
		fprintf(stderr, "lvss-pattern write: out of memory\n");
		dev_close(&c.d);
		return EX_USAGE;
	}
	t_begin = now_ns();
	c.deadline = until_signal ? 0 : t_begin + (uint64_t)(seconds * 1e9);
	for (uint32_t i = 0; i < threads; i++) {
		uint64_t s = (uint64_t)seed << 32 | i;

		th[i].c = &c;
		th[i].idx = i;
		th[i].rng = splitmix64(&s);
		th[i].buf = dev_alloc((size_t)max_blocks * bs);
		if (pthread_create(&th[i].tid, NULL, writer, &th[i])) {
			fprintf(stderr,
				"lvss-pattern write: cannot start thread %u\n",
				i);
			free(th[i].buf);
			atomic_store(&c.stop, 1);
			atomic_fetch_sub(&c.running, (int)(threads - i));
			threads = i;
			rc = EX_FAIL;
			break;
		}
	}
	for (;;) {
		struct timespec to = { 0, 20 * 1000 * 1000 };
		uint64_t now;
		int sig;

		if (ready_path && !ready_done &&
		    atomic_load(&c.ready) == (int)threads) {
			if (touch(ready_path))
				rc = EX_FAIL;
			ready_done = true;
		}
		if (atomic_load(&c.running) == 0)
			break;
		now = now_ns();
		if (c.deadline && now >= c.deadline)
			break;
		if (c.deadline && c.deadline - now < 20000000u)
			to.tv_nsec = (long)(c.deadline - now);
		sig = sigtimedwait(&sigs, NULL, &to);
		if (sig > 0) {
			signalled = sig;
			break;
		}
	}
	atomic_store(&c.stop, 1);
	for (uint32_t i = 0; i < threads; i++) {
		pthread_join(th[i].tid, NULL);
		n += th[i].n;
	}
	t_end = now_ns();

	all = malloc((n ? n : 1) * sizeof(*all));
	if (!all) {
		fprintf(stderr, "lvss-pattern write: out of memory\n");
		rc = EX_FAIL;
	}
	n = 0;
	for (uint32_t i = 0; i < threads; i++) {
		if (all && th[i].n)
			memcpy(all + n, th[i].log, th[i].n * sizeof(*all));
		n += all ? th[i].n : 0;
		blocks += th[i].blocks;
		free(th[i].log);
		free(th[i].buf);
	}
	free(th);
	writes = n;
	qsort(all, n, sizeof(*all), cmp_ts);
	memset(&h, 0, sizeof(h));
	h.block_size = bs;
	h.dev_blocks = nblocks;
	h.gen_first = gen_base + 1;
	h.gen_last = atomic_load(&c.next_gen) - 1;
	h.n_entries = n;
	h.seed = seed;
	h.writer_id = writer_id;
	h.flags = (c.direct ? WLOG_F_DIRECT : 0) |
		  (signalled ? WLOG_F_SIGNALLED : 0) |
		  (atomic_load(&c.errors) ? WLOG_F_ERRORS : 0);
	h.threads = threads;
	h.t_begin = t_begin;
	h.t_end = t_end;
	if (all && wlog_write(log_path, &h, all, n))
		rc = EX_FAIL;
	free(all);
	if (atomic_load(&c.errors))
		rc = EX_FAIL;
	fprintf(stderr,
		"lvss-pattern write: %s: %llu writes, %llu blocks, %llu bytes (%.1f MiB) in %.2f s (%u threads, %s, gens %llu..%llu, seed %u)%s%s; log %s\n",
		c.d.path, (unsigned long long)writes,
		(unsigned long long)blocks,
		(unsigned long long)(blocks * bs),
		(double)(blocks * bs) / (1 << 20),
		(double)(t_end - t_begin) / 1e9, threads,
		c.direct ? "O_DIRECT" : "buffered",
		(unsigned long long)h.gen_first,
		(unsigned long long)h.gen_last, seed,
		signalled ? (signalled == SIGINT ? ", stopped by SIGINT" :
						   ", stopped by SIGTERM") : "",
		atomic_load(&c.errors) ? ", WRITE ERRORS" : "", log_path);
	dev_close(&c.d);
	return rc;
}
