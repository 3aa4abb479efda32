// SPDX-License-Identifier: MIT
/*
 * Store files: making a file lvss.ko accepts as CoW store and mapping it
 * (see lvss_storefile.h for its life). The only FIEMAP and inode-flag
 * ioctl code of lvss.
 *
 * lvss.ko writes raw chunks to the filesystem's block device at the
 * file's blocks and checks a sample of them with bmap(), which reports
 * unwritten (fallocated) blocks as holes; so the file is written in full,
 * not just allocated. Immutability keeps the blocks where they are: it is
 * set before the file is mapped, so the map cannot go stale in between.
 */
#define _GNU_SOURCE	/* fallocate() */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/magic.h>

#include "lvss_storefile.h"

#define WRITE_CHUNK	(1U << 20)	/* bytes of zeros per write */
#define FIEMAP_BATCH	256U		/* extents per FIEMAP call */

/* FIEMAP flags that make an extent useless as store, and what to do. */
static const struct {
	uint32_t flag;
	const char *what;
	const char *todo;
} bad_flags[] = {
	{ FIEMAP_EXTENT_UNKNOWN, "has no known location",
	  "sync the file and try again" },
	{ FIEMAP_EXTENT_DELALLOC, "is not allocated yet",
	  "sync the file and try again" },
	{ FIEMAP_EXTENT_ENCODED | FIEMAP_EXTENT_DATA_ENCRYPTED,
	  "holds compressed or encrypted data",
	  "put the store file on a filesystem without compression or encryption" },
	{ FIEMAP_EXTENT_DATA_INLINE | FIEMAP_EXTENT_DATA_TAIL,
	  "shares a block with metadata or other files", "give a larger size" },
	{ FIEMAP_EXTENT_NOT_ALIGNED, "is not aligned to blocks",
	  "put the store file on ext4 or xfs" },
	{ FIEMAP_EXTENT_SHARED,
	  "shares its blocks with another file (a reflink copy or snapshot)",
	  "delete it and let lvss make a new file" },
	{ FIEMAP_EXTENT_UNWRITTEN, "is allocated but not written",
	  "clear its immutable flag (chattr -i), delete it and let lvss make it again" },
};

int lvss_storefile_plan(const char *path, uint64_t have, bool immutable,
			uint64_t want, struct lvss_error *err)
{
	if (immutable && have == want)
		return LVSS_STOREFILE_REMAP;
	if (immutable)
		return lvss_error_set(err, EEXIST,
			"store file %s is immutable and holds %" PRIu64 " bytes, not %" PRIu64 ": give its size, or clear the flag (chattr -i) and delete it",
			path, have, want);
	if (!have)
		return LVSS_STOREFILE_WRITE;
	return lvss_error_set(err, EEXIST,
		"store file %s exists and holds data: lvss does not overwrite files; delete it or name a new file",
		path);
}

static int check_flags(const struct fiemap_extent *fe, const char *path,
		       struct lvss_error *err)
{
	for (size_t i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++)
		if (fe->fe_flags & bad_flags[i].flag)
			return lvss_error_set(err, EINVAL,
				"store file %s: the extent at byte %llu %s: %s",
				path, (unsigned long long)fe->fe_logical,
				bad_flags[i].what, bad_flags[i].todo);
	return 0;
}

/* Appends [lo, lo + len) at @phys, merged into the last if it continues. */
static int add_extent(struct lvss_extent_list *l, uint64_t lo,
		      uint64_t phys, uint64_t len, const char *path,
		      struct lvss_error *err)
{
	struct lvss_extent *last = l->nr ? &l->ext[l->nr - 1] : NULL;
	struct lvss_extent *ext;
	size_t cap;

	if (last && last->logical + last->length == lo &&
	    last->physical + last->length == phys) {
		last->length += len;
		return 0;
	}
	if (l->nr == LVSS_STORE_FILE_EXTENTS_MAX)
		return lvss_error_set(err, E2BIG,
			"store file %s has more than %u extents, more than lvss can pass on: make it on a less fragmented filesystem, or smaller",
			path, LVSS_STORE_FILE_EXTENTS_MAX);
	if (l->nr == l->cap) {
		cap = l->cap ? 2 * l->cap : 16;
		ext = reallocarray(l->ext, cap, sizeof(*ext));
		if (!ext)
			return lvss_error_set(err, ENOMEM,
				"cannot map store file %s: out of memory", path);
		l->ext = ext;
		l->cap = cap;
	}
	l->ext[l->nr++] = (struct lvss_extent){
		.logical = lo, .physical = phys, .length = len,
	};
	return 0;
}

static int hole_at(const char *path, uint64_t offset, struct lvss_error *err)
{
	return lvss_error_set(err, EINVAL,
		"store file %s has a hole at byte %" PRIu64 ": lvss.ko needs every block written; delete it and let lvss make it again",
		path, offset);
}

int lvss_storefile_take(struct lvss_extent_list *l, const struct fiemap *fm,
			uint64_t size, uint32_t block_size, const char *path,
			struct lvss_error *err)
{
	uint64_t lo, phys, len, skip;
	int rc;

	if (!block_size)
		return lvss_error_set(err, EINVAL,
			"store file %s: the filesystem's block size is 0", path);
	if (!fm->fm_mapped_extents)
		return hole_at(path, l->next, err);
	for (uint32_t i = 0; i < fm->fm_mapped_extents; i++) {
		const struct fiemap_extent *fe = &fm->fm_extents[i];

		lo = fe->fe_logical;
		phys = fe->fe_physical;
		len = fe->fe_length;
		if (lo > l->next)
			return hole_at(path, l->next, err);
		rc = check_flags(fe, path, err);
		if (rc)
			return rc;
		if (len > UINT64_MAX - lo || len > UINT64_MAX - phys)
			return lvss_error_set(err, EINVAL,
				"store file %s: FIEMAP reported an extent at byte %" PRIu64 " that ends beyond 2^64",
				path, lo);
		if (lo + len <= l->next)
			continue;	/* mapped already */
		skip = l->next - lo;	/* it began before: take the rest */
		lo += skip;
		phys += skip;
		len -= skip;
		if (len > size - lo)
			len = size - lo;
		if ((lo | phys | len) % block_size)
			return lvss_error_set(err, EINVAL,
				"store file %s: the extent at byte %" PRIu64 " is not aligned to the filesystem's %" PRIu32 "-byte blocks: give a size that is a multiple of it",
				path, lo, block_size);
		rc = add_extent(l, lo, phys, len, path, err);
		if (rc)
			return rc;
		l->next = lo + len;
		if (l->next == size)
			return 1;
		if (fe->fe_flags & FIEMAP_EXTENT_LAST)
			return hole_at(path, l->next, err);
	}
	return 0;
}

void lvss_extent_list_free(struct lvss_extent_list *l)
{
	free(l->ext);
	*l = (struct lvss_extent_list){ 0 };
}

/* Only filesystems lvss.ko takes files on; their block size into *@bs. */
static int check_fs(int fd, const char *path, uint64_t size, uint32_t *bs,
		    struct lvss_error *err)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs))
		return lvss_error_set(err, errno,
			"cannot use store file %s: statfs: %s", path,
			strerror(errno));
	if (sfs.f_type != EXT4_SUPER_MAGIC && sfs.f_type != XFS_SUPER_MAGIC)
		return lvss_error_set(err, EOPNOTSUPP,
			"store file %s is on a filesystem lvss.ko cannot use: put it on ext2/3/4 or xfs, or use a block device store",
			path);
	if (sfs.f_bsize <= 0 || size % (uint64_t)sfs.f_bsize)
		return lvss_error_set(err, EINVAL,
			"store file %s: a size of %" PRIu64 " bytes is not a multiple of the filesystem's %ld-byte blocks",
			path, size, (long)sfs.f_bsize);
	*bs = (uint32_t)sfs.f_bsize;
	return 0;
}

static int get_flags(int fd, const char *path, int *flags,
		     struct lvss_error *err)
{
	if (ioctl(fd, FS_IOC_GETFLAGS, flags))
		return lvss_error_set(err, errno,
			"cannot read the inode flags of store file %s: %s",
			path, strerror(errno));
	return 0;
}

/* Sets or clears FS_IMMUTABLE_FL. */
static int set_immutable(int fd, const char *path, bool on,
			 struct lvss_error *err)
{
	int flags, rc;

	rc = get_flags(fd, path, &flags, err);
	if (rc)
		return rc;
	if (!!(flags & FS_IMMUTABLE_FL) == on)
		return 0;
	flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0)
		return 0;
	if (errno == EPERM)
		return lvss_error_set(err, EPERM,
			"cannot %s store file %s: changing the immutable flag needs root (CAP_LINUX_IMMUTABLE)",
			on ? "make immutable" : "release", path);
	return lvss_error_set(err, errno, "cannot %s store file %s: %s",
			      on ? "make immutable" : "release", path,
			      strerror(errno));
}

/* Allocates and writes @size bytes of zeros, then syncs. */
static int write_full(int fd, const char *path, uint64_t size,
		      struct lvss_error *err)
{
	uint64_t off = 0;
	ssize_t n;
	char *zeros;

	/* In one piece if the filesystem can; writing allocates otherwise. */
	if (fallocate(fd, 0, 0, (off_t)size) && errno != EOPNOTSUPP) {
		if (errno == ENOSPC || errno == EFBIG)
			return lvss_error_set(err, errno,
				"no room for store file %s of %" PRIu64 " bytes: %s; free space or give a smaller size",
				path, size, strerror(errno));
		return lvss_error_set(err, errno,
			"cannot allocate store file %s: %s", path,
			strerror(errno));
	}
	zeros = calloc(1, WRITE_CHUNK);
	if (!zeros)
		return lvss_error_set(err, ENOMEM,
			"cannot write store file %s: out of memory", path);
	while (off < size) {
		size_t len = size - off < WRITE_CHUNK ? size - off : WRITE_CHUNK;

		n = pwrite(fd, zeros, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(zeros);
			return lvss_error_set(err, n ? errno : EIO,
				"cannot write store file %s at byte %" PRIu64 ": %s",
				path, off, strerror(n ? errno : EIO));
		}
		off += (uint64_t)n;
	}
	free(zeros);
	if (fsync(fd))
		return lvss_error_set(err, errno, "cannot sync store file %s: %s",
				      path, strerror(errno));
	return 0;
}

/* FIEMAP from start to end into @l, in batches. */
static int map_file(int fd, const char *path, uint64_t size, uint32_t bs,
		    struct lvss_extent_list *l, struct lvss_error *err)
{
	struct fiemap *fm;
	int rc = 0;

	fm = calloc(1, sizeof(*fm) + FIEMAP_BATCH * sizeof(fm->fm_extents[0]));
	if (!fm)
		return lvss_error_set(err, ENOMEM,
			"cannot map store file %s: out of memory", path);
	while (rc == 0) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = l->next;
		fm->fm_length = size - l->next;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FIEMAP_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
			rc = lvss_error_set(err, errno,
				"cannot map store file %s with FIEMAP: %s", path,
				strerror(errno));
			break;
		}
		rc = lvss_storefile_take(l, fm, size, bs, path, err);
	}
	free(fm);
	return rc < 0 ? rc : 0;
}

/*
 * The file at @path: a new one we create, else the existing one as it is
 * (read-only: it may be immutable). Never through a symlink, which
 * another user could point at a file of root's.
 */
static int open_file(const char *path, bool *created, struct lvss_error *err)
{
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	*created = fd >= 0;
	if (fd < 0 && errno == EEXIST)
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP)
		return lvss_error_set(err, ELOOP,
			"store file %s is a symbolic link: name the file itself",
			path);
	if (fd < 0)
		return lvss_error_set(err, errno,
			"cannot open store file %s: %s", path,
			strerror(errno));
	return fd;
}

static int prepare(int *fd, bool created, const char *path, uint64_t size,
		   struct lvss_extent_list *l, struct lvss_error *err)
{
	struct stat st;
	uint32_t bs = 0;
	int flags, plan, rc, wfd;

	rc = check_fs(*fd, path, size, &bs, err);
	if (rc)
		return rc;
	if (fstat(*fd, &st))
		return lvss_error_set(err, errno, "cannot use store file %s: %s",
				      path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return lvss_error_set(err, EINVAL,
			"store file %s is not a regular file: name a new file",
			path);
	rc = get_flags(*fd, path, &flags, err);
	if (rc)
		return rc;
	plan = lvss_storefile_plan(path, (uint64_t)st.st_size,
				   flags & FS_IMMUTABLE_FL, size, err);
	if (plan < 0)
		return plan;
	if (plan == LVSS_STOREFILE_WRITE) {
		/* An empty file found was opened read-only: reopen it. */
		if (!created) {
			wfd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
			if (wfd < 0)
				return lvss_error_set(err, errno,
					"cannot open store file %s for writing: %s",
					path, strerror(errno));
			close(*fd);
			*fd = wfd;
		}
		rc = write_full(*fd, path, size, err);
		if (!rc)
			rc = set_immutable(*fd, path, true, err);
		if (rc)
			return rc;
	}
	return map_file(*fd, path, size, bs, l, err);
}

int lvss_storefile_prepare(const char *path, uint64_t size_bytes,
			   struct lvss_extent **extents, size_t *nr,
			   struct lvss_error *err)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error undo;
	bool created;
	int fd, rc;

	lvss_error_clear(err);
	if (!path || !*path)
		return lvss_error_set(err, EINVAL,
			"the store file path is empty: name a file");
	if (!size_bytes)
		return lvss_error_set(err, EINVAL,
			"store file %s: a size of 0 bytes holds no chunk: give a size of at least the chunk size",
			path);
	if (size_bytes > INT64_MAX)
		return lvss_error_set(err, EFBIG,
			"store file %s: %" PRIu64 " bytes is larger than a file can be",
			path, size_bytes);
	fd = open_file(path, &created, err);
	if (fd < 0)
		return fd;
	rc = prepare(&fd, created, path, size_bytes, &l, err);
	if (rc && created) {
		/* Leave nothing behind: the flag first, or unlink fails. */
		set_immutable(fd, path, false, &undo);
		unlink(path);
	}
	close(fd);
	if (rc) {
		lvss_extent_list_free(&l);
		return rc;
	}
	*extents = l.ext;
	*nr = l.nr;
	return 0;
}

int lvss_storefile_release(const char *path, struct lvss_error *err)
{
	int fd, rc;

	lvss_error_clear(err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return lvss_error_set(err, errno,
			"cannot release store file %s: %s", path,
			strerror(errno));
	rc = set_immutable(fd, path, false, err);
	close(fd);
	return rc;
}
