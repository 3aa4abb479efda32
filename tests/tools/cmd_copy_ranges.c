// SPDX-License-Identifier: GPL-2.0
/*
 * lvss-pattern copy-ranges: copy byte ranges from one device to the same
 * offsets of another, as an incremental backup applies changed extents.
 * The ranges come one per line as "OFFSET LENGTH" (bytes), the text
 * 'lvss cbt changes' prints; lines starting with '#' are skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devio.h"

#define COPY_CHUNK (4u << 20)

/* Copies [off, off + len) from src to dst in COPY_CHUNK pieces. */
static int copy_range(struct dev *src, struct dev *dst, unsigned char *buf,
		      uint64_t off, uint64_t len)
{
	while (len) {
		size_t n = len < COPY_CHUNK ? (size_t)len : COPY_CHUNK, done;
		int err = dev_pread_full(src, buf, n, off, &done);

		if (err) {
			fprintf(stderr, "lvss-pattern copy-ranges: %s: read at %" PRIu64 ": %s\n",
				src->path, off + done, strerror(-err));
			return EX_FAIL;
		}
		err = dev_pwrite_full(dst, buf, n, off, &done);
		if (err) {
			fprintf(stderr, "lvss-pattern copy-ranges: %s: write at %" PRIu64 ": %s\n",
				dst->path, off + done, strerror(-err));
			return EX_FAIL;
		}
		off += n;
		len -= n;
	}
	return EX_PASS;
}

int cmd_copy_ranges(int argc, char **argv)
{
	uint64_t off, len, n = 0, bytes = 0, line_no = 0;
	struct dev src, dst;
	unsigned char *buf;
	char line[256];
	int rc = EX_PASS;
	FILE *f;

	if (argc != 4)
		return usage_error("copy-ranges",
				   "needs SRC DST RANGES-FILE ('-' for standard input)");
	f = strcmp(argv[3], "-") ? fopen(argv[3], "r") : stdin;
	if (!f) {
		fprintf(stderr, "lvss-pattern copy-ranges: %s: %s\n", argv[3],
			strerror(errno));
		return EX_USAGE;
	}
	if (dev_open(&src, "copy-ranges", argv[1], O_RDONLY, true)) {
		rc = EX_USAGE;
		goto out_file;
	}
	if (dev_open(&dst, "copy-ranges", argv[2], O_WRONLY, true)) {
		rc = EX_USAGE;
		goto out_src;
	}
	buf = dev_alloc(COPY_CHUNK);
	while (rc == EX_PASS && fgets(line, sizeof(line), f)) {
		line_no++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%" SCNu64 " %" SCNu64, &off, &len) != 2 ||
		    !len || off > src.size || len > src.size - off ||
		    len > dst.size || off > dst.size - len) {
			fprintf(stderr,
				"lvss-pattern copy-ranges: %s line %" PRIu64 ": '%.*s' is not 'OFFSET LENGTH' inside both devices\n",
				argv[3], line_no, (int)strcspn(line, "\n"), line);
			rc = EX_USAGE;
			break;
		}
		rc = copy_range(&src, &dst, buf, off, len);
		n++;
		bytes += len;
	}
	free(buf);
	if (rc == EX_PASS)
		printf("lvss-pattern copy-ranges: %" PRIu64 " ranges, %" PRIu64 " bytes from %s to %s\n",
		       n, bytes, src.path, dst.path);
	dev_close(&dst);
out_src:
	dev_close(&src);
out_file:
	if (f != stdin)
		fclose(f);
	return rc;
}
