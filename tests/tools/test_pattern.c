// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of lvss-pattern's building blocks: xxh64, the block format,
 * the write log and, above all, the rule verify judges snapshots with.
 * Prints TAP.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pattern.h"
#include "vindex.h"
#include "wlog.h"

static int n_run, n_fail;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_run++;
	if (!cond)
		n_fail++;
	printf("%s %d - ", cond ? "ok" : "not ok", n_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void test_hash(void)
{
	static const struct {
		const char *in;
		uint64_t seed, want;
	} v[] = {
		/* Reference XXH64 values. */
		{ "", 0, 0xef46db3751d8e999ULL },
		{ "", 1, 0xd5afba1336a3be4bULL },
		{ "a", 0, 0xd24ec4f1a98c6e5bULL },
		{ "abc", 0, 0x44bc2cf5ad770999ULL },
		{ "asdf", 0, 0x415872f599cea71eULL },
		{ "Call me Ishmael.", 0, 0x6d04390fc9d61a90ULL },
		{ "Nobody inspects the spammish repetition", 0,
		  0xfbcea83c8a378bf1ULL },
		{ "Some years ago--never mind how long precisely-", 0,
		  0x8f26f2b986afdc52ULL },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t got = xxh64(v[i].in, strlen(v[i].in), v[i].seed);

		ok(got == v[i].want, "xxh64(\"%s\", %llu) = %016llx (got %016llx)",
		   v[i].in, (unsigned long long)v[i].seed,
		   (unsigned long long)v[i].want, (unsigned long long)got);
	}
}

static void test_block(void)
{
	static const uint32_t sizes[] = { 512, 4096, 65536 };
	unsigned char *a = aligned_alloc(4096, 65536);
	unsigned char *b = aligned_alloc(4096, 65536);
	struct pat_hdr h;
	char msg[256];
	int all_bad;

	for (size_t i = 0; i < 3; i++) {
		uint32_t bs = sizes[i];

		pat_build(a, bs, 77, 1000005, 0x1203, 9);
		ok(pat_check(a, bs, 77, &h) == PAT_OK && h.gen == 1000005 &&
			   h.index == 77 && h.writer == 0x1203 && h.seed == 9 &&
			   h.block_size == bs,
		   "block of %u bytes: built, checks ok, header decodes", bs);
	}
	pat_build(a, 4096, 77, 1000005, 1, 9);
	pat_build(b, 4096, 77, 1000005, 1, 9);
	ok(!memcmp(a, b, 4096), "blocks are deterministic");
	pat_build(b, 4096, 77, 1000006, 1, 9);
	ok(memcmp(a + PAT_HDR_SIZE, b + PAT_HDR_SIZE, 4096 - PAT_HDR_SIZE),
	   "another gen, another payload");
	pat_build(b, 4096, 77, 1000005, 1, 10);
	ok(memcmp(a + PAT_HDR_SIZE, b + PAT_HDR_SIZE, 4096 - PAT_HDR_SIZE),
	   "another seed, another payload");
	pat_build(b, 4096, 78, 1000005, 1, 9);
	ok(memcmp(a + PAT_HDR_SIZE, b + PAT_HDR_SIZE, 4096 - PAT_HDR_SIZE),
	   "another index, another payload");

	all_bad = 1;
	for (size_t off = 0; off < 4096; off += off < 64 ? 1 : 97) {
		pat_build(a, 4096, 77, 1000005, 1, 9);
		a[off] ^= 0x10;
		all_bad &= pat_check(a, 4096, 77, &h) != PAT_OK;
	}
	ok(all_bad, "a flipped bit anywhere fails the check");

	pat_build(a, 4096, 77, 1000005, 1, 9);
	ok(pat_check(a, 4096, 78, &h) == PAT_MISPLACED && h.index == 77,
	   "a valid block at the wrong index is misplaced");
	ok(pat_check(a, 512, 77, &h) == PAT_BAD_SIZE,
	   "checked with another block size: bad size");
	memset(b, 0, 4096);
	ok(pat_check(b, 4096, 0, &h) == PAT_ZERO, "a zero block is reported as such");
	memset(b, 0xa5, 4096);
	ok(pat_check(b, 4096, 0, &h) == PAT_BAD_MAGIC, "garbage: bad magic");

	/* Torn: sector 0 of gen 1000005, sectors 1..7 of gen 1000006. */
	pat_build(b, 4096, 77, 1000006, 1, 9);
	memcpy(a + 512, b + 512, 4096 - 512);
	ok(pat_check(a, 4096, 77, &h) == PAT_BAD_SUM, "a torn block fails the checksum");
	pat_describe_torn(a, 4096, msg, sizeof(msg));
	ok(strstr(msg, "sectors 1-7 (7 of 8)") != NULL,
	   "torn block described: %s", msg);
	pat_build(a, 4096, 77, 1000005, 1, 9);
	a[1000] ^= 1;
	a[3000] ^= 1;
	pat_describe_torn(a, 4096, msg, sizeof(msg));
	ok(strstr(msg, "sectors 1,5 (2 of 8)") != NULL,
	   "two corrupt sectors described: %s", msg);
	free(a);
	free(b);
}

/* --- the verify rule --------------------------------------------------- */

#define T_NONE VINDEX_T_NONE
#define FILL 1

static struct went W(uint64_t first, uint32_t nr, uint64_t gen, uint64_t ts,
		     uint64_t tc)
{
	return (struct went){ .first = first, .nr = nr, .gen = gen, .ts = ts,
			      .tc = tc };
}

/* Builds an index of n entries on 8 blocks; judges gen in block b. */
static enum vkind judge(const struct went *e, size_t n, uint64_t b,
			uint64_t gen, uint64_t t1, uint64_t t2,
			uint32_t *nallowed)
{
	struct vindex v;
	char err[256];
	enum vkind k;
	uint32_t dummy;

	if (vindex_build(&v, e, NULL, NULL, n, 8, FILL, err, sizeof(err))) {
		printf("# vindex_build: %s\n", err);
		return (enum vkind)-1;
	}
	k = vindex_judge(&v, b, gen, t1, t2, nallowed ? nallowed : &dummy);
	vindex_free(&v);
	return k;
}

static void test_rule(void)
{
	struct went e[8];
	uint32_t na;
	struct vindex v;
	char err[256], msg[1024];

	/* No writes: only the fill. */
	ok(judge(NULL, 0, 3, FILL, 100, 200, &na) == VK_EXACT && na == 1,
	   "no writes: the fill gen is exact");
	ok(judge(NULL, 0, 3, 5, 100, 200, NULL) == VK_WRONG_GEN,
	   "no writes: any other gen is wrong");

	/* A write done before T1 must be visible; the fill is stale. */
	e[0] = W(2, 3, 10, 10, 20);
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_EXACT,
	   "write done before T1: its gen is exact");
	ok(judge(e, 1, 3, FILL, 100, 200, NULL) == VK_WRONG_GEN,
	   "write done before T1: the fill is stale");
	ok(judge(e, 1, 5, FILL, 100, 200, NULL) == VK_EXACT,
	   "a write to other blocks does not matter");
	ok(judge(e, 1, 5, 10, 100, 200, NULL) == VK_WRONG_GEN,
	   "a gen that never covered the block is wrong");
	ok(judge(e, 1, 3, 10, 20, 200, NULL) == VK_EXACT,
	   "t_complete == T1 counts as done");

	/* Sequential done writes: only the last. */
	e[1] = W(3, 1, 11, 30, 40);
	ok(judge(e, 2, 3, 11, 100, 200, NULL) == VK_EXACT,
	   "two sequential done writes: the later is exact");
	ok(judge(e, 2, 3, 10, 100, 200, NULL) == VK_WRONG_GEN,
	   "two sequential done writes: the earlier is stale");

	/* Done writes overlapping in time: either. */
	e[1] = W(3, 1, 11, 15, 40);
	ok(judge(e, 2, 3, 10, 100, 200, &na) == VK_AMBIG_PRE && na == 2 &&
		   judge(e, 2, 3, 11, 100, 200, NULL) == VK_AMBIG_PRE,
	   "two overlapping done writes: either is possible");
	ok(judge(e, 2, 3, FILL, 100, 200, NULL) == VK_WRONG_GEN,
	   "two overlapping done writes: the fill is stale");

	/* In flight across T1, inside the window, across T2. */
	e[0] = W(3, 1, 10, 90, 150);
	ok(judge(e, 1, 3, FILL, 100, 200, &na) == VK_AMBIG_PRE && na == 2,
	   "write in flight at T1: the old data is ok");
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_AMBIG_INFLIGHT,
	   "write in flight at T1: its data is ok");
	e[0] = W(3, 1, 10, 120, 180);
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_AMBIG_INFLIGHT &&
		   judge(e, 1, 3, FILL, 100, 200, NULL) == VK_AMBIG_PRE,
	   "write inside the window: old or new");
	e[0] = W(3, 1, 10, 150, 250);
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_AMBIG_INFLIGHT,
	   "write in flight at T2: its data is ok");
	e[0] = W(3, 1, 10, 90, T_NONE);
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_AMBIG_INFLIGHT,
	   "failed write submitted before T2: may have landed");

	/* Submitted after T2: never visible. */
	e[0] = W(3, 1, 10, 200, 210);
	ok(judge(e, 1, 3, 10, 100, 200, NULL) == VK_WRONG_GEN,
	   "write submitted at T2: invisible");
	ok(judge(e, 1, 3, FILL, 100, 200, NULL) == VK_EXACT,
	   "write submitted at T2: the old data is exact");
	e[0] = W(3, 1, 10, 10, 20);
	e[1] = W(3, 1, 11, 300, 310);
	ok(judge(e, 2, 3, 11, 100, 200, NULL) == VK_WRONG_GEN &&
		   judge(e, 2, 3, 10, 100, 200, NULL) == VK_EXACT,
	   "done write then a write after T2: only the done one");

	/* Done + in flight: both. */
	e[1] = W(3, 1, 11, 95, 130);
	ok(judge(e, 2, 3, 10, 100, 200, NULL) == VK_AMBIG_PRE &&
		   judge(e, 2, 3, 11, 100, 200, NULL) == VK_AMBIG_INFLIGHT &&
		   judge(e, 2, 3, FILL, 100, 200, NULL) == VK_WRONG_GEN,
	   "done write + in-flight write: either, never the fill");

	/* A failed write hides nothing but may have landed, even at the end. */
	e[0] = W(3, 1, 10, 10, 20);
	e[1] = W(3, 1, 11, 30, T_NONE);
	ok(judge(e, 2, 3, 10, 100, 200, NULL) == VK_AMBIG_PRE &&
		   judge(e, 2, 3, 11, 100, 200, NULL) == VK_AMBIG_INFLIGHT,
	   "failed write after a done one: either");
	ok(judge(e, 2, 3, 10, T_NONE, T_NONE, NULL) == VK_AMBIG_PRE &&
		   judge(e, 2, 3, 11, T_NONE, T_NONE, NULL) == VK_AMBIG_INFLIGHT &&
		   judge(e, 2, 3, FILL, T_NONE, T_NONE, NULL) == VK_WRONG_GEN,
	   "origin-final: failed write after a done one: either, not the fill");
	ok(judge(e + 1, 1, 3, FILL, T_NONE, T_NONE, NULL) == VK_AMBIG_PRE &&
		   judge(e + 1, 1, 3, 11, T_NONE, T_NONE, NULL) == VK_AMBIG_INFLIGHT,
	   "origin-final: only a failed write: it or the fill");

	/* Origin-final. */
	e[0] = W(3, 1, 10, 10, 20);
	e[1] = W(3, 1, 11, 30, 40);
	e[2] = W(3, 1, 12, 50, 60);
	ok(judge(e, 3, 3, 12, T_NONE, T_NONE, NULL) == VK_EXACT &&
		   judge(e, 3, 3, 11, T_NONE, T_NONE, NULL) == VK_WRONG_GEN,
	   "origin-final: the last write wins");
	e[2] = W(3, 1, 12, 35, 60);
	ok(judge(e, 3, 3, 12, T_NONE, T_NONE, NULL) == VK_AMBIG_PRE &&
		   judge(e, 3, 3, 11, T_NONE, T_NONE, NULL) == VK_AMBIG_PRE &&
		   judge(e, 3, 3, 10, T_NONE, T_NONE, NULL) == VK_WRONG_GEN,
	   "origin-final: two overlapping last writes, either");
	ok(judge(NULL, 0, 3, FILL, T_NONE, T_NONE, NULL) == VK_EXACT,
	   "origin-final without writes: the fill");

	/* Index errors. */
	e[0] = W(6, 3, 10, 10, 20);
	ok(vindex_build(&v, e, NULL, NULL, 1, 8, FILL, err, sizeof(err)) &&
		   strstr(err, "beyond"),
	   "a write beyond the device is refused: %s", err);
	e[0] = W(0, 1, 10, 10, 20);
	e[1] = W(4, 1, 10, 30, 40);
	ok(vindex_build(&v, e, NULL, NULL, 2, 8, FILL, err, sizeof(err)) &&
		   strstr(err, "--gen-base"),
	   "a gen used twice is refused: %s", err);
	e[0] = W(0, 1, FILL, 10, 20);
	ok(vindex_build(&v, e, NULL, NULL, 1, 8, FILL, err, sizeof(err)) &&
		   strstr(err, "fill generation"),
	   "a write with the fill gen is refused: %s", err);

	/* The explanation names the expected and the shown gens. */
	e[0] = W(3, 1, 10, 10, 20);
	e[1] = W(3, 1, 11, 150, 250);
	e[2] = W(3, 1, 12, 300, 310);
	if (vindex_build(&v, e, NULL, NULL, 3, 8, FILL, err, sizeof(err))) {
		ok(0, "explain: %s", err);
		return;
	}
	vindex_explain(&v, 3, 12, 100, 200, "snapshot", msg, sizeof(msg));
	ok(strstr(msg, "snapshot shows gen 12, expected gen 10 (or one of in-flight gens 11)") &&
		   strstr(msg, "after the snapshot was taken"),
	   "explanation: %s", msg);
	vindex_explain(&v, 3, FILL, 100, 200, "snapshot", msg, sizeof(msg));
	ok(strstr(msg, "gen 1 is the fill generation") != NULL,
	   "explanation of a stale fill block: %s", msg);
	vindex_free(&v);
}

static void test_log(void)
{
	char path[] = "/tmp/lvss-pattern-test-XXXXXX";
	int fd = mkstemp(path);
	struct wlog_hdr h = { .block_size = 4096, .dev_blocks = 100,
			      .gen_first = 11, .gen_last = 13, .n_entries = 3,
			      .seed = 5, .writer_id = 6, .flags = WLOG_F_DIRECT,
			      .threads = 2, .t_begin = 1, .t_end = 99 };
	struct went e[3] = { W(1, 2, 11, 5, 6), W(3, 4, 12, 7, 8),
			     W(9, 1, 13, 9, WLOG_T_NEVER) }, *r = NULL;
	struct wlog_hdr rh;
	size_t n = 0;

	e[2].flags = WENT_F_FAILED;
	e[1].thread = 1;
	if (fd < 0) {
		ok(0, "mkstemp");
		return;
	}
	close(fd);
	ok(!wlog_write(path, &h, e, 3) && !wlog_read(path, &rh, &r, &n) &&
		   n == 3 && !memcmp(r, e, sizeof(e)) && rh.seed == 5 &&
		   rh.gen_last == 13 && rh.t_end == 99 && rh.dev_blocks == 100,
	   "log round trip");
	free(r);
	r = NULL;
	if (truncate(path, WLOG_HDR_SIZE + 2 * WLOG_ENT_SIZE + 7) == 0)
		ok(wlog_read(path, &rh, &r, &n) == -1 && !r,
		   "a truncated log is refused");
	unlink(path);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_hash();
	test_block();
	test_rule();
	test_log();
	printf("1..%d\n", n_run);
	return n_fail ? 1 : 0;
}
