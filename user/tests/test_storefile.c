// SPDX-License-Identifier: MIT
/*
 * Store files: what to do with a file found at the path, and FIEMAP
 * answers turned into extents (fed as hand-made fiemap buffers: merging,
 * clipping, holes, bad flags, alignment, batches, the count limit). Then
 * the real thing in a scratch directory, when the filesystem is ext4 or
 * xfs and we may set the immutable flag; skipped otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/fs.h>
#include <linux/magic.h>

#include "lvss_storefile.h"
#include "tap.h"

#define MIB	(1ULL << 20)

/* A FIEMAP answer of @n extents, to be filled; free() it. */
static struct fiemap *answer(uint32_t n)
{
	struct fiemap *fm = calloc(1, sizeof(*fm) + (n ? n : 1) *
				   sizeof(struct fiemap_extent));

	if (!fm)
		exit(2);
	fm->fm_mapped_extents = n;
	fm->fm_extent_count = n;
	return fm;
}

static void set(struct fiemap *fm, uint32_t i, uint64_t lo, uint64_t phys,
		uint64_t len, uint32_t flags)
{
	fm->fm_extents[i] = (struct fiemap_extent){
		.fe_logical = lo, .fe_physical = phys, .fe_length = len,
		.fe_flags = flags,
	};
}

/* Feeds @fm (freed) to a fresh or given list; returns take's result. */
static int take(struct lvss_extent_list *l, struct fiemap *fm, uint64_t size,
		struct lvss_error *err)
{
	int rc = lvss_storefile_take(l, fm, size, 4096, "/s", err);

	free(fm);
	return rc;
}

static void test_plan(void)
{
	struct lvss_error err;

	is_int(lvss_storefile_plan("/s", 0, false, MIB, &err),
	       LVSS_STOREFILE_WRITE, "an empty file is written");
	is_int(lvss_storefile_plan("/s", MIB, true, MIB, &err),
	       LVSS_STOREFILE_REMAP, "an immutable file of the size is only mapped");
	is_int(lvss_storefile_plan("/s", MIB, false, MIB, &err), -EEXIST,
	       "a file with data is never overwritten, even of the right size");
	is_str(err.msg,
	       "store file /s exists and holds data: lvss does not overwrite files; delete it or name a new file",
	       "saying so and what to do");
	is_int(lvss_storefile_plan("/s", 2 * MIB, true, MIB, &err), -EEXIST,
	       "an immutable file of another size is refused");
	is_str(err.msg,
	       "store file /s is immutable and holds 2097152 bytes, not 1048576: give its size, or clear the flag (chattr -i) and delete it",
	       "naming both sizes");
}

static void test_take_simple(void)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm;

	fm = answer(1);
	set(fm, 0, 0, 0x100000000ULL, MIB, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, MIB, &err), 1, "one extent of the whole file maps it");
	ok(l.nr == 1 && l.ext[0].logical == 0 &&
	   l.ext[0].physical == 0x100000000ULL && l.ext[0].length == MIB,
	   "as one exact extent");
	lvss_extent_list_free(&l);
	ok(!l.ext && !l.nr && !l.next, "freeing empties the list");

	fm = answer(3);
	set(fm, 0, 0, 40960, 8192, 0);
	set(fm, 1, 8192, 49152, 8192, FIEMAP_EXTENT_MERGED);
	set(fm, 2, 16384, 1 << 24, 16384, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 32768, &err), 1, "three extents map the file");
	ok(l.nr == 2 && l.ext[0].length == 16384 && l.ext[1].logical == 16384 &&
	   l.ext[1].physical == 1 << 24,
	   "neighbours on the device are merged, the others kept");
	lvss_extent_list_free(&l);

	fm = answer(2);
	set(fm, 0, 0, 40960, 8192, 0);
	set(fm, 1, 8192, 8192, 8192, FIEMAP_EXTENT_LAST);
	take(&l, fm, 16384, &err);
	is_int(l.nr, 2, "neighbours in the file only are two extents");
	lvss_extent_list_free(&l);

	fm = answer(2);
	set(fm, 0, 0, 4096, 2 * MIB, 0);
	set(fm, 1, 2 * MIB, 1 << 30, MIB,
	    FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_UNWRITTEN);
	is_int(take(&l, fm, MIB, &err), 1,
	       "an extent reaching past the end maps the file");
	ok(l.nr == 1 && l.ext[0].length == MIB,
	   "clipped at the end; blocks past it (unwritten or not) are not taken");
	lvss_extent_list_free(&l);
}

static void test_take_holes(void)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm;

	fm = answer(1);
	set(fm, 0, 4096, 8192, 4096, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 8192, &err), -EINVAL, "a hole at the start is refused");
	is_str(err.msg,
	       "store file /s has a hole at byte 0: lvss.ko needs every block written; delete it and let lvss make it again",
	       "naming where");
	lvss_extent_list_free(&l);

	fm = answer(2);
	set(fm, 0, 0, 8192, 4096, 0);
	set(fm, 1, 8192, 16384, 4096, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 12288, &err), -EINVAL, "a hole inside is refused");
	ok(strstr(err.msg, "hole at byte 4096") != NULL, "at its offset");
	lvss_extent_list_free(&l);

	fm = answer(1);
	set(fm, 0, 0, 8192, 4096, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 8192, &err), -EINVAL,
	       "the last extent ending before the file does is a hole");
	ok(strstr(err.msg, "hole at byte 4096") != NULL, "at the end");
	lvss_extent_list_free(&l);

	fm = answer(0);
	is_int(take(&l, fm, 8192, &err), -EINVAL, "no extent at all is a hole");
	lvss_extent_list_free(&l);
}

static void test_take_flags(void)
{
	static const struct { uint32_t flag; const char *says; } bad[] = {
		{ FIEMAP_EXTENT_UNKNOWN, "has no known location" },
		{ FIEMAP_EXTENT_DELALLOC, "is not allocated yet" },
		{ FIEMAP_EXTENT_ENCODED, "compressed or encrypted" },
		{ FIEMAP_EXTENT_DATA_ENCRYPTED, "compressed or encrypted" },
		{ FIEMAP_EXTENT_DATA_INLINE, "shares a block with metadata" },
		{ FIEMAP_EXTENT_DATA_TAIL, "shares a block with metadata" },
		{ FIEMAP_EXTENT_NOT_ALIGNED, "not aligned to blocks" },
		{ FIEMAP_EXTENT_SHARED, "shares its blocks with another file" },
		{ FIEMAP_EXTENT_UNWRITTEN, "is allocated but not written" },
	};
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fm = answer(2);
		set(fm, 0, 0, 8192, 4096, 0);
		set(fm, 1, 4096, 1 << 20, 4096,
		    bad[i].flag | FIEMAP_EXTENT_LAST);
		ok(take(&l, fm, 8192, &err) == -EINVAL &&
		   strstr(err.msg, bad[i].says) &&
		   strstr(err.msg, "the extent at byte 4096"),
		   "flag %#x is refused: %s", bad[i].flag, bad[i].says);
		lvss_extent_list_free(&l);
	}
	is_str(err.msg,
	       "store file /s: the extent at byte 4096 is allocated but not written: clear its immutable flag (chattr -i), delete it and let lvss make it again",
	       "an unwritten extent: what to do about it");

	fm = answer(1);
	set(fm, 0, 0, 8192, 8192,
	    FIEMAP_EXTENT_LAST | FIEMAP_EXTENT_MERGED);
	is_int(take(&l, fm, 8192, &err), 1, "MERGED and LAST are fine");
	lvss_extent_list_free(&l);
}

static void test_take_alignment(void)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm;

	fm = answer(1);
	set(fm, 0, 0, 512, 8192, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 8192, &err), -EINVAL,
	       "a device offset off the block size is refused");
	ok(strstr(err.msg, "not aligned to the filesystem's 4096-byte blocks") != NULL,
	   "naming the block size");
	lvss_extent_list_free(&l);

	fm = answer(1);
	set(fm, 0, 0, 8192, 8192, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 6144, &err), -EINVAL,
	       "a file size off the block size leaves an unaligned tail");
	lvss_extent_list_free(&l);

	fm = answer(1);
	set(fm, 0, 0, UINT64_MAX - 4095, 8192, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 8192, &err), -EINVAL,
	       "an extent ending beyond 2^64 is refused");
	lvss_extent_list_free(&l);

	fm = answer(1);
	set(fm, 0, 0, 8192, 8192, FIEMAP_EXTENT_LAST);
	ok(lvss_storefile_take(&l, fm, 8192, 0, "/s", &err) == -EINVAL,
	   "a block size of 0 is refused, not divided by");
	free(fm);
	lvss_extent_list_free(&l);
}

static void test_take_batches(void)
{
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm;

	fm = answer(2);
	set(fm, 0, 0, 1 << 20, 8192, 0);
	set(fm, 1, 8192, 1 << 24, 8192, 0);
	is_int(take(&l, fm, 65536, &err), 0,
	       "a batch that ends early asks for another");
	is_int(l.next, 16384, "from where it ended");

	/* FIEMAP answers with the extent around fm_start: part is known. */
	fm = answer(2);
	set(fm, 0, 8192, 1 << 24, 16384, 0);
	set(fm, 1, 24576, 1 << 28, 40960, FIEMAP_EXTENT_LAST);
	is_int(take(&l, fm, 65536, &err), 1, "the next batch completes it");
	ok(l.nr == 3 && l.ext[1].logical == 8192 && l.ext[1].length == 16384 &&
	   l.ext[2].logical == 24576 && l.ext[2].length == 40960,
	   "an extent seen twice is taken once, its new part merged");
	lvss_extent_list_free(&l);
}

static void test_take_limit(void)
{
	uint32_t n = LVSS_STORE_FILE_EXTENTS_MAX + 1;
	struct lvss_extent_list l = { 0 };
	struct lvss_error err;
	struct fiemap *fm = answer(n);
	int rc;

	/* Every other block on the device: nothing merges. */
	for (uint32_t i = 0; i < n; i++)
		set(fm, i, i * 4096ULL, i * 8192ULL, 4096,
		    i + 1 == n ? FIEMAP_EXTENT_LAST : 0);
	rc = lvss_storefile_take(&l, fm, n * 4096ULL, 4096, "/s", &err);
	is_int(rc, -E2BIG, "one extent more than a request carries is refused");
	is_str(err.msg,
	       "store file /s has more than 1638 extents, more than lvss can pass on: make it on a less fragmented filesystem, or smaller",
	       "saying what to do");
	lvss_extent_list_free(&l);

	fm->fm_mapped_extents = n - 1;
	fm->fm_extents[n - 2].fe_flags = FIEMAP_EXTENT_LAST;
	is_int(lvss_storefile_take(&l, fm, (n - 1) * 4096ULL, 4096, "/s", &err),
	       1, "LVSS_STORE_FILE_EXTENTS_MAX extents are fine");
	lvss_extent_list_free(&l);
	free(fm);
}

/* --- the real thing ------------------------------------------------------ */

static char dir[200];

static bool is_immutable(const char *path)
{
	int fd = open(path, O_RDONLY), flags = 0;

	if (fd < 0)
		return false;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags))
		flags = 0;
	close(fd);
	return flags & FS_IMMUTABLE_FL;
}

/* Why the real test cannot run here, or NULL. */
static const char *cannot_run(void)
{
	const char *tmp = getenv("TMPDIR");
	struct statfs sfs;

	snprintf(dir, sizeof(dir), "%s/lvss-storefile-XXXXXX",
		 tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return "cannot make a scratch directory";
	if (statfs(dir, &sfs) ||
	    (sfs.f_type != EXT4_SUPER_MAGIC && sfs.f_type != XFS_SUPER_MAGIC))
		return "the scratch directory is not on ext4 or xfs";
	if (geteuid() != 0)
		return "not root: cannot set the immutable flag";
	return NULL;
}

static void test_real(void)
{
	char path[256], other[256], link[256];
	struct lvss_extent *ext = NULL, *again = NULL;
	size_t nr = 0, nr2 = 0;
	struct lvss_error err;
	const char *why = cannot_run();
	uint64_t sum = 0;
	bool sorted = true;
	struct stat st;
	int rc, fd;

	if (why) {
		tap_skip(why);
		rmdir(dir);
		return;
	}
	snprintf(path, sizeof(path), "%s/store", dir);
	snprintf(other, sizeof(other), "%s/data", dir);
	snprintf(link, sizeof(link), "%s/link", dir);

	rc = lvss_storefile_prepare(path, 4 * MIB, &ext, &nr, &err);
	is_int(rc, 0, "a 4 MiB store file is made (%s)", err.msg);
	for (size_t i = 0; i < nr; i++) {
		sorted &= ext[i].logical == sum;
		sum += ext[i].length;
	}
	ok(nr >= 1 && sorted && sum == 4 * MIB,
	   "its extents cover it from 0 to the end, in order");
	ok(stat(path, &st) == 0 && st.st_size == (off_t)(4 * MIB) &&
	   st.st_blocks * 512 >= (off_t)(4 * MIB), "it is allocated in full");
	ok(is_immutable(path), "and immutable");

	rc = lvss_storefile_prepare(path, 4 * MIB, &again, &nr2, &err);
	ok(rc == 0 && nr2 == nr && !memcmp(again, ext, nr * sizeof(*ext)),
	   "prepared again, it is only mapped: the same extents");
	free(again);
	is_int(lvss_storefile_prepare(path, 8 * MIB, &again, &nr2, &err),
	       -EEXIST, "with another size it is refused");
	ok(is_immutable(path), "and left as it was");

	is_int(lvss_storefile_release(path, &err), 0, "release clears the flag");
	ok(!is_immutable(path), "the file is mutable again");
	is_int(lvss_storefile_release(path, &err), 0, "releasing twice is fine");
	is_int(lvss_storefile_prepare(path, 4 * MIB, &again, &nr2, &err),
	       -EEXIST, "a released file holds data: it is not reused");
	ok(unlink(path) == 0, "a released file can be deleted");

	fd = open(other, O_CREAT | O_WRONLY, 0600);
	ok(fd >= 0 && write(fd, "data", 4) == 4, "a file with data");
	close(fd);
	is_int(lvss_storefile_prepare(other, 4 * MIB, &again, &nr2, &err),
	       -EEXIST, "is refused");
	ok(stat(other, &st) == 0 && st.st_size == 4 && !is_immutable(other),
	   "and not touched");

	ok(symlink(other, link) == 0, "a symlink to it");
	is_int(lvss_storefile_prepare(link, 4 * MIB, &again, &nr2, &err),
	       -ELOOP, "is not followed");
	unlink(link);
	unlink(other);

	is_int(lvss_storefile_prepare(path, 1000, &again, &nr2, &err), -EINVAL,
	       "a size off the block size is refused");
	ok(strstr(err.msg, "not a multiple of the filesystem's") &&
	   access(path, F_OK) != 0, "and the file it made is removed");
	is_int(lvss_storefile_prepare(path, 0, &again, &nr2, &err), -EINVAL,
	       "a size of 0 is refused");
	is_int(lvss_storefile_release(path, &err), -ENOENT,
	       "releasing a missing file says so");

	free(ext);
	/* Also after a failed check: never leave an immutable file behind. */
	lvss_storefile_release(path, &err);
	unlink(path);
	unlink(other);
	unlink(link);
	rmdir(dir);
}

int main(void)
{
	test_plan();
	test_take_simple();
	test_take_holes();
	test_take_flags();
	test_take_alignment();
	test_take_batches();
	test_take_limit();
	test_real();
	return tap_done();
}
