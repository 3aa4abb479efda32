// SPDX-License-Identifier: GPL-2.0
/* lvss-pattern fill: write every block of a device with one generation. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "devio.h"
#include "pattern.h"

#define FILL_CHUNK (1u << 20)

int cmd_fill(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gen", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ "block-size", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t gen = DEF_FILL_GEN, nblocks, t0, t;
	uint32_t seed = DEF_FILL_SEED, bs = DEF_BLOCK_SIZE, cb;
	struct dev d;
	unsigned char *buf;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'g':
			if (parse_u64("fill", "--gen", optarg, &gen))
				return EX_USAGE;
			break;
		case 's':
			if (parse_u32("fill", "--seed", optarg, &seed))
				return EX_USAGE;
			break;
		case 'b':
			if (parse_block_size("fill", optarg, &bs))
				return EX_USAGE;
			break;
		case 'h':
			usage("fill");
			return EX_PASS;
		default:
			usage("fill");
			return EX_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("fill", optind == argc ?
				   "no device given" : "one device only");
	if (dev_open(&d, "fill", argv[optind], O_WRONLY, true))
		return EX_USAGE;
	if (bs % d.lbs) {
		fprintf(stderr,
			"lvss-pattern fill: %s: --block-size %u is not a multiple of its %u-byte sectors\n",
			d.path, bs, d.lbs);
		dev_close(&d);
		return EX_USAGE;
	}
	nblocks = d.size / bs;
	if (!nblocks) {
		fprintf(stderr,
			"lvss-pattern fill: %s: smaller than one %u-byte block\n",
			d.path, bs);
		dev_close(&d);
		return EX_USAGE;
	}
	if (d.size % bs)
		fprintf(stderr,
			"lvss-pattern fill: %s: ignoring the last %llu bytes (not a whole block)\n",
			d.path, (unsigned long long)(d.size % bs));
	cb = bs >= FILL_CHUNK ? 1 : FILL_CHUNK / bs;
	buf = dev_alloc((size_t)cb * bs);
	t0 = now_ns();
	for (uint64_t b = 0; b < nblocks; b += cb) {
		uint64_t n = nblocks - b < cb ? nblocks - b : cb;
		size_t done;
		int err;

		for (uint64_t i = 0; i < n; i++)
			pat_build(buf + i * bs, bs, b + i, gen, 0, seed);
		err = dev_pwrite_full(&d, buf, n * bs, b * bs, &done);
		if (err) {
			uint64_t off = b * bs + done;

			fprintf(stderr,
				"lvss-pattern fill: %s: write error at offset %llu (block %llu): %s\n",
				d.path, (unsigned long long)off,
				(unsigned long long)(off / bs), strerror(-err));
			free(buf);
			dev_close(&d);
			return EX_FAIL;
		}
	}
	free(buf);
	if (fsync(d.fd)) {
		fprintf(stderr, "lvss-pattern fill: %s: fsync: %s\n", d.path,
			strerror(errno));
		dev_close(&d);
		return EX_FAIL;
	}
	t = now_ns() - t0;
	fprintf(stderr,
		"lvss-pattern fill: %s: %llu blocks of %u bytes (%.1f MiB), gen %llu, seed %u, %s, %.2f s (%.1f MiB/s)\n",
		d.path, (unsigned long long)nblocks, bs,
		(double)(nblocks * bs) / (1 << 20), (unsigned long long)gen,
		seed, d.direct ? "O_DIRECT" : "buffered", (double)t / 1e9,
		(double)(nblocks * bs) / (1 << 20) / ((double)t / 1e9 + 1e-9));
	dev_close(&d);
	return EX_PASS;
}
