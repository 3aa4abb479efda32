// SPDX-License-Identifier: GPL-2.0
/* lvss-pattern compare: are two devices or files identical, block by block? */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devio.h"
#include "pattern.h"

#define CMP_CHUNK (4u << 20)

/* "block I gen G" when blk is a valid pattern block, else "not a pattern block". */
static void describe(const unsigned char *blk, uint32_t bs, uint64_t b,
		     char *buf, size_t len)
{
	struct pat_hdr h;
	enum pat_status st = pat_check(blk, bs, b, &h);

	if (st == PAT_OK || st == PAT_MISPLACED)
		snprintf(buf, len, "block %llu gen %llu",
			 (unsigned long long)h.index, (unsigned long long)h.gen);
	else
		snprintf(buf, len, "%s", pat_status_str(st));
}

/* A read of [off, off + len) failed with err: find and name the offset. */
static int read_err(struct dev *d, void *buf, size_t len, uint64_t off,
		    uint32_t bs, size_t done, int err)
{
	uint64_t bad = off + done;
	int e2 = dev_locate_read_error(d, buf, len, off, bs, &bad);

	if (e2)
		err = e2;
	else
		bad = off + done;	/* transient: report where it was */
	fprintf(stderr,
		"lvss-pattern compare: %s: read error at offset %llu (block %llu): %s\n",
		d->path, (unsigned long long)bad,
		(unsigned long long)(bad / bs),
		err == -ENODATA ? "unexpected end of device" : strerror(-err));
	return EX_FAIL;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "block-size", required_argument, NULL, 'b' },
		{ "limit-report", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint32_t bs = DEF_BLOCK_SIZE, cb;
	uint64_t limit = DEF_LIMIT_REPORT, common, nblocks, ndiff = 0;
	struct dev a, b;
	unsigned char *ba, *bb;
	int c, rc = EX_PASS;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (parse_block_size("compare", optarg, &bs))
				return EX_USAGE;
			break;
		case 'L':
			if (parse_u64("compare", "--limit-report", optarg,
				      &limit))
				return EX_USAGE;
			break;
		case 'h':
			usage("compare");
			return EX_PASS;
		default:
			usage("compare");
			return EX_USAGE;
		}
	}
	if (argc - optind != 2)
		return usage_error("compare", "give exactly two devices or files");
	if (dev_open(&a, "compare", argv[optind], O_RDONLY, true))
		return EX_USAGE;
	if (dev_open(&b, "compare", argv[optind + 1], O_RDONLY, true)) {
		dev_close(&a);
		return EX_USAGE;
	}
	if (bs % a.lbs || bs % b.lbs) {
		fprintf(stderr,
			"lvss-pattern compare: --block-size %u is not a multiple of the sector size (%u, %u)\n",
			bs, a.lbs, b.lbs);
		dev_close(&a);
		dev_close(&b);
		return EX_USAGE;
	}
	if (a.size != b.size) {
		printf("lvss-pattern compare: sizes differ: %s has %llu bytes, %s has %llu\n",
		       a.path, (unsigned long long)a.size, b.path,
		       (unsigned long long)b.size);
		rc = EX_FAIL;
	}
	common = a.size < b.size ? a.size : b.size;
	nblocks = common / bs;
	if (common % bs)
		printf("lvss-pattern compare: ignoring the last %llu bytes (not a whole %u-byte block)\n",
		       (unsigned long long)(common % bs), bs);
	cb = bs >= CMP_CHUNK ? 1 : CMP_CHUNK / bs;
	ba = dev_alloc((size_t)cb * bs);
	bb = dev_alloc((size_t)cb * bs);
	for (uint64_t blk = 0; blk < nblocks; blk += cb) {
		uint64_t n = nblocks - blk < cb ? nblocks - blk : cb;
		size_t len = n * bs, done;
		int err;

		err = dev_pread_full(&a, ba, len, blk * bs, &done);
		if (err) {
			rc = read_err(&a, ba, len, blk * bs, bs, done, err);
			goto out;
		}
		err = dev_pread_full(&b, bb, len, blk * bs, &done);
		if (err) {
			rc = read_err(&b, bb, len, blk * bs, bs, done, err);
			goto out;
		}
		if (!memcmp(ba, bb, len))
			continue;
		for (uint64_t i = 0; i < n; i++) {
			size_t off = i * bs;
			char da[128], db[128];

			if (!memcmp(ba + off, bb + off, bs))
				continue;
			if (ndiff++ >= limit)
				continue;
			describe(ba + off, bs, blk + i, da, sizeof(da));
			describe(bb + off, bs, blk + i, db, sizeof(db));
			printf("lvss-pattern compare: block %llu (offset %llu) differs: %s has %s; %s has %s\n",
			       (unsigned long long)(blk + i),
			       (unsigned long long)((blk + i) * bs), a.path, da,
			       b.path, db);
		}
	}
	if (ndiff > limit)
		printf("lvss-pattern compare: ... and %llu more differing blocks (--limit-report %llu)\n",
		       (unsigned long long)(ndiff - limit),
		       (unsigned long long)limit);
	if (ndiff)
		rc = EX_FAIL;
	printf("compare %s %s: %llu blocks of %u bytes compared, %llu differ%s\n",
	       a.path, b.path, (unsigned long long)nblocks, bs,
	       (unsigned long long)ndiff,
	       a.size != b.size ? " (and the sizes differ)" :
	       rc == EX_PASS ? ": identical" : "");
out:
	free(ba);
	free(bb);
	dev_close(&a);
	dev_close(&b);
	return rc;
}
