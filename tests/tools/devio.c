// SPDX-License-Identifier: GPL-2.0
/* Device I/O for lvss-pattern. */
#include "devio.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int dev_open(struct dev *d, const char *cmd, const char *path, int flags,
	     bool want_direct)
{
	struct stat st;
	int fd = -1;

	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->path = path;
	if (want_direct) {
		fd = open(path, flags | O_DIRECT | O_CLOEXEC);
		if (fd >= 0)
			d->direct = true;
		else if (errno != EINVAL)
			goto fail;
	}
	if (fd < 0)
		fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (S_ISBLK(st.st_mode)) {
		int ssz = 512;

		if (ioctl(fd, BLKGETSIZE64, &d->size) < 0)
			goto fail;
		if (ioctl(fd, BLKSSZGET, &ssz) < 0)
			goto fail;
		d->lbs = (uint32_t)ssz;
		d->is_blk = true;
	} else if (S_ISREG(st.st_mode)) {
		d->size = (uint64_t)st.st_size;
		d->lbs = 512;
	} else {
		fprintf(stderr,
			"lvss-pattern %s: %s: not a block device or regular file\n",
			cmd, path);
		close(fd);
		return -1;
	}
	d->fd = fd;
	return 0;
fail:
	fprintf(stderr, "lvss-pattern %s: %s: %s\n", cmd, path,
		strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

void dev_close(struct dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/*
 * Fault injection for the self-test: the lowest offset listed in the
 * environment variable var within [off, off + len), or UINT64_MAX.
 */
static uint64_t injected_eio(const char *var, uint64_t off, size_t len)
{
	const char *s = getenv(var);
	uint64_t first = UINT64_MAX;

	while (s && *s) {
		char *end;
		unsigned long long v = strtoull(s, &end, 0);

		if (end == s)
			break;
		if (v >= off && v - off < len && v < first)
			first = v;
		s = *end == ',' ? end + 1 : end;
	}
	return first;
}

int dev_pread_full(struct dev *d, void *buf, size_t len, uint64_t off,
		   size_t *done)
{
	uint64_t bad = injected_eio("LVSS_PATTERN_INJECT_EIO", off, len);
	size_t got = 0;
	int err = 0;

	/* An injected error fails the 512-byte sector holding it. */
	if (bad != UINT64_MAX)
		len = (size_t)((bad - off) & ~511ULL);
	while (got < len) {
		ssize_t n = pread(d->fd, (char *)buf + got, len - got,
				  (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0) {
			err = -ENODATA;
			break;
		}
		got += (size_t)n;
	}
	*done = got;
	if (!err && bad != UINT64_MAX)
		err = -EIO;
	return err;
}

int dev_locate_read_error(struct dev *d, void *buf, size_t len, uint64_t off,
			  uint32_t bs, uint64_t *bad_off)
{
	for (size_t pos = 0; pos < len; pos += bs) {
		size_t done;
		int err = dev_pread_full(d, buf, bs, off + pos, &done);

		if (err) {
			*bad_off = off + pos + done;
			return err;
		}
	}
	*bad_off = UINT64_MAX;
	return 0;
}

int dev_pwrite_full(struct dev *d, const void *buf, size_t len, uint64_t off,
		    size_t *done)
{
	uint64_t bad = injected_eio("LVSS_PATTERN_INJECT_WRITE_EIO", off, len);
	size_t put = 0;
	int err = 0;

	/* An injected error fails the 512-byte sector holding it. */
	if (bad != UINT64_MAX)
		len = (size_t)((bad - off) & ~511ULL);

	while (put < len) {
		ssize_t n = pwrite(d->fd, (const char *)buf + put, len - put,
				   (off_t)(off + put));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0) {
			err = -ENOSPC;
			break;
		}
		put += (size_t)n;
	}
	*done = put;
	if (!err && bad != UINT64_MAX)
		err = -EIO;
	return err;
}

void *dev_alloc(size_t len)
{
	void *p;

	if (posix_memalign(&p, DEV_ALIGN, len ? len : DEV_ALIGN)) {
		fprintf(stderr, "lvss-pattern: out of memory (%zu bytes)\n",
			len);
		exit(2);
	}
	memset(p, 0, len);
	return p;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}
