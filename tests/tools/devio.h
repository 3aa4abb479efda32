/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device I/O for lvss-pattern: open a block device or regular file (with
 * O_DIRECT where the file system allows it), learn its size, and read or
 * write whole ranges, reporting the exact offset of any failure.
 */
#ifndef LVSS_DEVIO_H
#define LVSS_DEVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEV_ALIGN 4096u

struct dev {
	int fd;
	const char *path;
	uint64_t size;		/* bytes */
	uint32_t lbs;		/* logical sector size (512 for files) */
	bool is_blk;
	bool direct;		/* O_DIRECT is in effect */
};

/*
 * Opens path with flags (O_RDONLY, O_WRONLY or O_RDWR). With want_direct,
 * tries O_DIRECT first and falls back to buffered I/O when the file system
 * refuses it (d->direct tells which). Returns 0, or -1 after printing why
 * ("lvss-pattern: CMD: PATH: ...").
 */
int dev_open(struct dev *d, const char *cmd, const char *path, int flags,
	     bool want_direct);
void dev_close(struct dev *d);

/*
 * Reads/writes exactly len bytes at off. Returns 0, or -errno; *done gets
 * the number of bytes transferred before the failure (so the failing offset
 * is off + *done). A read that meets the end of the device fails with
 * -ENODATA. For the self-test, LVSS_PATTERN_INJECT_EIO=OFF[,OFF...] (byte
 * offsets) makes reads covering any OFF fail with -EIO after transferring
 * the data before OFF's sector; LVSS_PATTERN_INJECT_WRITE_EIO does the same
 * to writes.
 */
int dev_pread_full(struct dev *d, void *buf, size_t len, uint64_t off,
		   size_t *done);
int dev_pwrite_full(struct dev *d, const void *buf, size_t len, uint64_t off,
		    size_t *done);

/*
 * After a failed read of [off, off + len): re-reads it block by block (bs,
 * into buf) to find the first failing offset (*bad_off). Returns that
 * read's -errno, or 0 when every block now reads (*bad_off = UINT64_MAX).
 */
int dev_locate_read_error(struct dev *d, void *buf, size_t len, uint64_t off,
			  uint32_t bs, uint64_t *bad_off);

/* DEV_ALIGN-aligned, zeroed; exits on failure. */
void *dev_alloc(size_t len);

/* CLOCK_MONOTONIC in ns. */
uint64_t now_ns(void);

#endif
