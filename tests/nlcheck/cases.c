// SPDX-License-Identifier: MIT
/*
 * The case table of lvss-nlcheck. Each case is one request and the answer
 * include/uapi/linux/lvss.h promises for it when sent by root: an errno
 * (0 for success), whether an extended-ack message must come and what it
 * must say, and which attribute the ack must name (the marked one, by
 * NLMSGERR_ATTR_OFFS, or a missing one, by NLMSGERR_ATTR_MISS_TYPE or by
 * name in the message). lvss-nlcheck.c derives what callers without
 * CAP_SYS_ADMIN or CAP_NET_ADMIN must get from the case's layer.
 *
 * Groups run in order and later ones rely on the state earlier ones made:
 * the scratch disk (--disk) is attached, given a memory store, snapshotted,
 * and everything is undone again.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "common/cmd_names.h"
#include "nlcheck.h"

#define B(name) \
	static void name(struct mb *m __attribute__((unused)), \
			 const struct ctx *c __attribute__((unused)))

#define MIB	(1024ULL * 1024ULL)
#define TIB	(1024ULL * 1024ULL * MIB)

/* A path of @n characters ("/aaa..."), NUL not counted. */
static const char *long_path(size_t n)
{
	static char buf[1024];

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memset(buf, 'a', n);
	buf[0] = '/';
	buf[n] = '\0';
	return buf;
}

/* A path guaranteed not to exist. */
#define NOPATH	"/nonexistent/lvss-nlcheck"

static const char *disk(const struct ctx *c)
{
	return c->disk ? c->disk : NOPATH;
}

/* A snapshot id that passes the policy even before one was taken. */
static uint32_t snap_id(const struct ctx *c)
{
	return c->snap_id ? c->snap_id : 0x7ffffffe;
}

/* A well-formed member nest. */
static void member(struct mb *m, const char *path)
{
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_str(m, LVSS_ATTR_DEV_PATH, path);
	mb_end(m);
}

/* A well-formed extent nest. */
static void extent(struct mb *m, uint64_t logical, uint64_t physical,
		   uint64_t len)
{
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, logical);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, physical);
	mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, len);
	mb_end(m);
}

/* An attribute header claiming @claimed bytes, followed by @have bytes. */
static void truncated_attr(struct mb *m, uint16_t type, uint16_t claimed,
			   size_t have)
{
	static const unsigned char junk[64] = { 0xa5, 0xa5, 0xa5, 0xa5 };
	struct nlattr a = { .nla_len = claimed, .nla_type = type };

	mb_raw(m, &a, sizeof(a));
	mb_raw(m, junk, have < sizeof(junk) ? have : sizeof(junk));
}

/* ------------------------------------------------------------------ */
/* builders                                                            */

B(b_none) {}

/* framing */
B(b_hdr_only)
{
	m->nlmsg_len = NLMSG_HDRLEN;
	m->send_len = NLMSG_HDRLEN;
}

B(b_genl_cut)
{
	m->nlmsg_len = NLMSG_HDRLEN + 2;
	m->send_len = NLMSG_HDRLEN + 2;
}

B(b_len_beyond)
{
	m->nlmsg_len = (long)m->len + 64;
}

B(b_len_tiny)
{
	m->nlmsg_len = 8;
}

B(b_dev_null) { mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null"); }

B(b_abi_truncated)
{
	mb_mark(m);
	truncated_attr(m, LVSS_ATTR_ABI_VERSION, NLA_HDRLEN + 4, 2);
}

B(b_path_nla_len_2)
{
	mb_mark(m);
	truncated_attr(m, LVSS_ATTR_DEV_PATH, 2, 0);
}

B(b_path_stray_bytes)
{
	static const unsigned char two[2] = { 1, 2 };

	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_raw(m, two, sizeof(two));
}

B(b_type0) { mb_mark(m); mb_u32(m, 0, 1); }

/* GET_VERSION */
B(b_abi_own) { mb_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION); }
B(b_abi_newer_minor)
{
	mb_u32(m, LVSS_ATTR_ABI_VERSION, (LVSS_ABI_MAJOR << 16) | 0xffff);
}
B(b_abi_major2) { mb_mark(m); mb_u32(m, LVSS_ATTR_ABI_VERSION, 2 << 16); }
B(b_abi_major0) { mb_mark(m); mb_u32(m, LVSS_ATTR_ABI_VERSION, 0x0005); }
B(b_abi_u8) { mb_mark(m); mb_u8(m, LVSS_ATTR_ABI_VERSION, 1); }
B(b_abi_u16) { mb_mark(m); mb_u16(m, LVSS_ATTR_ABI_VERSION, 1); }
B(b_abi_u64)
{
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
}
B(b_abi_empty) { mb_mark(m); mb_attr(m, LVSS_ATTR_ABI_VERSION, NULL, 0); }
B(b_abi_nested_flag)
{
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_ABI_VERSION | NLA_F_NESTED, LVSS_ABI_VERSION);
}
B(b_type200) { mb_mark(m); mb_u32(m, 200, 1); }
B(b_mark_dev_path) { mb_mark(m); mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null"); }
B(b_mark_module_version)
{
	mb_mark(m);
	mb_str(m, LVSS_ATTR_MODULE_VERSION, "0.0");
}
B(b_mark_pad) { mb_mark(m); mb_u32(m, LVSS_ATTR_PAD, 0); }
B(b_mark_abi) { mb_mark(m); mb_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION); }
B(b_mark_snap_id) { mb_mark(m); mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 1); }

/* DEV_PATH variants (ATTACH, DETACH) */
B(b_path_rel) { mb_mark(m); mb_str(m, LVSS_ATTR_DEV_PATH, "dev/sda"); }
B(b_path_bare) { mb_mark(m); mb_str(m, LVSS_ATTR_DEV_PATH, "sda"); }
B(b_path_emptystr) { mb_mark(m); mb_str(m, LVSS_ATTR_DEV_PATH, ""); }
B(b_path_zero_len) { mb_mark(m); mb_attr(m, LVSS_ATTR_DEV_PATH, NULL, 0); }
B(b_path_no_nul) { mb_mark(m); mb_strn(m, LVSS_ATTR_DEV_PATH, "/dev/sda"); }
B(b_path_u32) { mb_mark(m); mb_u32(m, LVSS_ATTR_DEV_PATH, 0x7665642f); }
B(b_path_256)
{
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, long_path(LVSS_DEV_PATH_MAX));
}
B(b_path_4000)
{
	static char big[4001];

	memset(big, 'b', sizeof(big) - 1);
	big[0] = '/';
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, big);
}
B(b_path_nul_then_junk)
{
	char buf[300];

	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "/dev/null", 10);
	mb_mark(m);
	mb_attr(m, LVSS_ATTR_DEV_PATH, buf, sizeof(buf));
}
B(b_path_255)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, long_path(LVSS_DEV_PATH_MAX - 1));
}
B(b_path_missing_dev) { mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH); }
B(b_path_root) { mb_str(m, LVSS_ATTR_DEV_PATH, "/"); }
B(b_path_nested_flag)
{
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH | NLA_F_NESTED, "/dev/null");
}
B(b_path_plus_abi)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
}
B(b_path_plus_chunk)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CHUNK_SIZE, 65536);
}
B(b_disk) { mb_str(m, LVSS_ATTR_DEV_PATH, disk(c)); }

/* STORE_ADD */
static void store_mem(struct mb *m, const char *path, uint64_t bytes)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, path);
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
	mb_u64(m, LVSS_ATTR_STORE_BYTES, bytes);
}

B(b_sa_no_path)
{
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
	mb_u64(m, LVSS_ATTR_STORE_BYTES, 8 * MIB);
}
B(b_sa_no_kind)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u64(m, LVSS_ATTR_STORE_BYTES, 8 * MIB);
}
static void sa_kind(struct mb *m, uint32_t kind)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_STORE_KIND, kind);
	mb_u64(m, LVSS_ATTR_STORE_BYTES, 8 * MIB);
}
B(b_sa_kind0) { sa_kind(m, 0); }
B(b_sa_kind99) { sa_kind(m, 99); }
B(b_sa_kind4) { sa_kind(m, LVSS_STORE_MEMORY + 1); }
B(b_sa_kind_u8)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u8(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
}
B(b_sa_kind_u64)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
}
B(b_sa_bytes0)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_STORE_BYTES, 0);
}
B(b_sa_bytes_u32)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_STORE_BYTES, 8 << 20);
}
B(b_sa_chunk_u8)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u8(m, LVSS_ATTR_CHUNK_SIZE, 16);
}
B(b_sa_chunk_u64)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_CHUNK_SIZE, 65536);
}
B(b_sa_low_u8)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u8(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
}
B(b_sa_low_u64)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
}
B(b_sa_low_100)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, LVSS_STORE_LOW_PERCENT_MAX + 1);
}
B(b_sa_spath_no_nul)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
	mb_mark(m);
	mb_strn(m, LVSS_ATTR_STORE_PATH, "/dev/sdb");
}
B(b_sa_spath_256)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_STORE_PATH, long_path(LVSS_DEV_PATH_MAX));
}
B(b_sa_extents_flat)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_FILE);
	mb_str(m, LVSS_ATTR_STORE_PATH, NOPATH);
	mb_mark(m);
	mb_nest_flat(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	mb_end(m);
}
B(b_sa_extents_2bytes)
{
	static const unsigned char two[2];

	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_FILE);
	mb_str(m, LVSS_ATTR_STORE_PATH, NOPATH);
	mb_mark(m);
	mb_attr(m, LVSS_ATTR_STORE_EXTENTS | NLA_F_NESTED, two, sizeof(two));
}
B(b_sa_members)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, "/dev/null");
	mb_end(m);
}
B(b_sa_timeout)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, 1000);
}
B(b_sa_snap_id)
{
	store_mem(m, "/dev/null", 8 * MIB);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 1);
}
B(b_sa_path_rel)
{
	mb_mark(m);
	store_mem(m, "dev/sdb", 8 * MIB);
}
B(b_sa_disk_mem) { store_mem(m, disk(c), 8 * MIB); }
B(b_sa_nopath_mem) { store_mem(m, NOPATH, 8 * MIB); }

/* STORE_ADD on the attached scratch disk */
static void sa_chunk(struct mb *m, const struct ctx *c, uint32_t chunk)
{
	store_mem(m, disk(c), 8 * MIB);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CHUNK_SIZE, chunk);
}
B(b_sa_chunk3000) { sa_chunk(m, c, 3000); }
B(b_sa_chunk2m) { sa_chunk(m, c, 2 * 1024 * 1024); }
B(b_sa_chunk12288) { sa_chunk(m, c, 12288); }
B(b_sa_chunk0) { sa_chunk(m, c, 0); }
B(b_sa_chunk2048) { sa_chunk(m, c, 2048); }
B(b_sa_chunk4096) { sa_chunk(m, c, 4096); }
B(b_sa_mem_no_bytes)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
}
B(b_sa_mem_2tib) { store_mem(m, disk(c), 2 * TIB); }
B(b_sa_mem_1tib) { store_mem(m, disk(c), 1 * TIB); }
B(b_sa_mem_1byte) { store_mem(m, disk(c), 1); }
B(b_sa_mem_8m) { store_mem(m, disk(c), 8 * MIB); }
B(b_sa_mem_8m_low0)
{
	store_mem(m, disk(c), 8 * MIB);
	mb_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 0);
}
B(b_sa_mem_8m_chunk64k)
{
	store_mem(m, disk(c), 8 * MIB);
	mb_u32(m, LVSS_ATTR_CHUNK_SIZE, 64 * 1024);
}
static void sa_file(struct mb *m, const struct ctx *c, const char *spath)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_FILE);
	if (spath)
		mb_str(m, LVSS_ATTR_STORE_PATH, spath);
}
B(b_sa_bdev_no_spath)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
}
B(b_sa_bdev_spath_rel)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_STORE_PATH, "dev/sdb");
}
static void sa_bdev(struct mb *m, const struct ctx *c, const char *spath)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
	mb_str(m, LVSS_ATTR_STORE_PATH, spath);
}
B(b_sa_bdev_dev_null) { sa_bdev(m, c, "/dev/null"); }
B(b_sa_bdev_nopath) { sa_bdev(m, c, NOPATH); }
B(b_sa_bdev_origin) { sa_bdev(m, c, disk(c)); }
B(b_sa_file_dev_null)
{
	sa_file(m, c, "/dev/null");
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	mb_end(m);
}
B(b_sa_file_no_spath)
{
	sa_file(m, c, NULL);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	mb_end(m);
}
B(b_sa_file_spath_rel)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_FILE);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_STORE_PATH, "store.img");
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	mb_end(m);
}
B(b_sa_file_no_extents) { sa_file(m, c, NOPATH); }
B(b_sa_file_empty_extents)
{
	sa_file(m, c, NOPATH);
	mb_mark(m);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_end(m);
}
B(b_sa_file_member_in_extents)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_mark(m);
	member(m, "/dev/null");
	mb_end(m);
}
B(b_sa_file_extent_no_len)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_mark(m);
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extent_u32)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, 1 * MIB);
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extent_foreign)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, 1 * MIB);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extent_type30)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, 1 * MIB);
	mb_mark(m);
	mb_u64(m, 30, 0);
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extent_flat)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_mark(m);
	mb_nest_flat(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, 1 * MIB);
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extent_truncated)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	mb_nest(m, LVSS_ATTR_EXTENT);
	mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, 0);
	mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, 0);
	truncated_attr(m, LVSS_ATTR_EXTENT_LENGTH, NLA_HDRLEN + 8, 4);
	mb_end(m);
	mb_end(m);
}
B(b_sa_file_extents_trailing)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	truncated_attr(m, LVSS_ATTR_EXTENT | NLA_F_NESTED, 200, 4);
	mb_end(m);
}
B(b_sa_file_ok_but_nofile)
{
	sa_file(m, c, NOPATH);
	mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
	extent(m, 0, 0, 1 * MIB);
	mb_end(m);
}

/* SNAPSHOT_TAKE */
static void take_timeout(struct mb *m, uint32_t ms)
{
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, ms);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_t0) { take_timeout(m, 0); }
B(b_tk_t50) { take_timeout(m, 50); }
B(b_tk_t99) { take_timeout(m, LVSS_FREEZE_TIMEOUT_MIN_MS - 1); }
B(b_tk_t60001) { take_timeout(m, LVSS_FREEZE_TIMEOUT_MAX_MS + 1); }
B(b_tk_t70000) { take_timeout(m, 70000); }
B(b_tk_t_u8)
{
	mb_mark(m);
	mb_u8(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, 200);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_t_u64)
{
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, 1000);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_timeout_only) { mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, 1000); }
B(b_tk_members_flat)
{
	mb_mark(m);
	mb_nest_flat(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_members_2bytes)
{
	static const unsigned char two[2];

	mb_mark(m);
	mb_attr(m, LVSS_ATTR_MEMBERS | NLA_F_NESTED, two, sizeof(two));
}
B(b_tk_members_empty)
{
	mb_mark(m);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_end(m);
}
B(b_tk_extent_in_members)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_mark(m);
	extent(m, 0, 0, 4096);
	mb_end(m);
}
B(b_tk_bare_path_in_members)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	mb_end(m);
}
B(b_tk_member_empty)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_mark(m);
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_end(m);
	mb_end(m);
}
static void tk_member_attr(struct mb *m, void (*put)(struct mb *m))
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_mark(m);
	put(m);
	mb_end(m);
	mb_end(m);
}
static void put_rel(struct mb *m) { mb_str(m, LVSS_ATTR_DEV_PATH, "dev/sda"); }
static void put_no_nul(struct mb *m) { mb_strn(m, LVSS_ATTR_DEV_PATH, "/dev/sda"); }
static void put_256(struct mb *m)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, long_path(LVSS_DEV_PATH_MAX));
}
static void put_path_u32(struct mb *m) { mb_u32(m, LVSS_ATTR_DEV_PATH, 0x7665642f); }
static void put_snap_id(struct mb *m) { mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 1); }
static void put_abi(struct mb *m) { mb_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION); }
B(b_tk_member_rel) { tk_member_attr(m, put_rel); }
B(b_tk_member_no_nul) { tk_member_attr(m, put_no_nul); }
B(b_tk_member_256) { tk_member_attr(m, put_256); }
B(b_tk_member_u32) { tk_member_attr(m, put_path_u32); }
B(b_tk_member_snap_id)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	mb_mark(m);
	put_snap_id(m);
	mb_end(m);
	mb_end(m);
}
B(b_tk_member_abi)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	mb_mark(m);
	put_abi(m);
	mb_end(m);
	mb_end(m);
}
B(b_tk_member_flat)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_mark(m);
	mb_nest_flat(m, LVSS_ATTR_MEMBER);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	mb_end(m);
	mb_end(m);
}
static void tk_n_members(struct mb *m, unsigned int n)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	for (unsigned int i = 0; i < n; i++) {
		if (i == LVSS_SET_MEMBERS_MAX)
			mb_mark(m);
		member(m, NOPATH);
	}
	mb_end(m);
}
B(b_tk_33) { tk_n_members(m, LVSS_SET_MEMBERS_MAX + 1); }
B(b_tk_32) { tk_n_members(m, LVSS_SET_MEMBERS_MAX); }
B(b_tk_members_trailing)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	truncated_attr(m, LVSS_ATTR_MEMBER | NLA_F_NESTED, 100, 4);
	mb_end(m);
}
B(b_tk_members_short_attr)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	truncated_attr(m, LVSS_ATTR_MEMBER, 2, 0);
	mb_end(m);
}
B(b_tk_member_truncated_inside)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	mb_nest(m, LVSS_ATTR_MEMBER);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	truncated_attr(m, LVSS_ATTR_DEV_PATH, NLA_HDRLEN + 16, 4);
	mb_end(m);
	mb_end(m);
}
B(b_tk_top_dev_path)
{
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, NOPATH);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_top_store_kind)
{
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_nopath)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, NOPATH);
	mb_end(m);
}
B(b_tk_disk)
{
	mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, 10000);
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, disk(c));
	mb_end(m);
}
B(b_tk_disk_twice)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, disk(c));
	member(m, disk(c));
	mb_end(m);
}
B(b_tk_disk_and_nopath)
{
	mb_nest(m, LVSS_ATTR_MEMBERS);
	member(m, disk(c));
	member(m, NOPATH);
	mb_end(m);
}

/* SNAPSHOT_DELETE */
B(b_sd_id0) { mb_mark(m); mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 0); }
B(b_sd_id_u8) { mb_mark(m); mb_u8(m, LVSS_ATTR_SNAPSHOT_ID, 1); }
B(b_sd_id_u64) { mb_mark(m); mb_u64(m, LVSS_ATTR_SNAPSHOT_ID, 1); }
B(b_sd_id_max) { mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 0xffffffffU); }
B(b_sd_plus_path)
{
	mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, 0xffffffffU);
	mb_mark(m);
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
}
B(b_sd_taken) { mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, snap_id(c)); }

/* CBT_INFO, CBT_GET_CHANGES, CBT_MARK_DIRTY, ATTACH's block size */
static const unsigned char zero_gen[LVSS_CBT_GENERATION_LEN];
static void changes(struct mb *m, const char *path)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, path);
	mb_attr(m, LVSS_ATTR_CBT_GENERATION, zero_gen, sizeof(zero_gen));
	mb_u64(m, LVSS_ATTR_CBT_FROM_SEQ, 0);
}
B(b_ch_null) { changes(m, "/dev/null"); }
B(b_ch_disk) { changes(m, disk(c)); }
B(b_ch_gen15)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_attr(m, LVSS_ATTR_CBT_GENERATION, zero_gen, sizeof(zero_gen) - 1);
	mb_u64(m, LVSS_ATTR_CBT_FROM_SEQ, 0);
}
B(b_ch_from_u32)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_attr(m, LVSS_ATTR_CBT_GENERATION, zero_gen, sizeof(zero_gen));
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CBT_FROM_SEQ, 0);
}
B(b_ch_no_from)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_attr(m, LVSS_ATTR_CBT_GENERATION, zero_gen, sizeof(zero_gen));
}
static void mark_dirty(struct mb *m, const char *path, uint64_t off,
		       uint64_t len)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, path);
	mb_u64(m, LVSS_ATTR_CBT_OFFSET, off);
	mb_u64(m, LVSS_ATTR_CBT_LENGTH, len);
}
B(b_md_len0)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u64(m, LVSS_ATTR_CBT_OFFSET, 0);
	mb_mark(m);
	mb_u64(m, LVSS_ATTR_CBT_LENGTH, 0);
}
B(b_md_off_u32)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CBT_OFFSET, 0);
	mb_u64(m, LVSS_ATTR_CBT_LENGTH, 4096);
}
B(b_md_no_off)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_u64(m, LVSS_ATTR_CBT_LENGTH, 4096);
}
B(b_md_disk) { mark_dirty(m, disk(c), 4096, 8192); }
B(b_md_disk_end) { mark_dirty(m, disk(c), 0, ~0ULL); }
B(b_at_bs_u8)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, "/dev/null");
	mb_mark(m);
	mb_u8(m, LVSS_ATTR_CBT_BLOCK_SIZE, 12);
}
B(b_at_bs_3000)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 3000);
}
B(b_at_bs_2m)
{
	mb_str(m, LVSS_ATTR_DEV_PATH, disk(c));
	mb_mark(m);
	mb_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 2 << 20);
}

/* ------------------------------------------------------------------ */
/* checks of successful answers and state carried between cases        */

static bool u32_attr(const struct answer *a, uint16_t type, uint32_t *v)
{
	size_t len;
	const void *p = nlc_reply_attr(a, type, &len);

	if (!p || len != 4)
		return false;
	memcpy(v, p, 4);
	return true;
}

static bool u64_attr(const struct answer *a, uint16_t type)
{
	size_t len;

	return nlc_reply_attr(a, type, &len) && len == 8;
}

static const char *v_version(const struct answer *a,
			     const struct ctx *c __attribute__((unused)))
{
	const char *s;
	uint32_t abi;
	size_t len;

	if (a->nreplies != 1)
		return "expected exactly one reply message";
	s = nlc_reply_attr(a, LVSS_ATTR_MODULE_VERSION, &len);
	if (!s || !len || len > LVSS_MODULE_VERSION_MAX || s[len - 1])
		return "reply lacks a NUL-terminated LVSS_ATTR_MODULE_VERSION";
	if (!u32_attr(a, LVSS_ATTR_ABI_VERSION, &abi))
		return "reply lacks LVSS_ATTR_ABI_VERSION (u32)";
	if (abi != LVSS_ABI_VERSION)
		return "reply's LVSS_ATTR_ABI_VERSION differs from the uapi header's";
	return NULL;
}

static const char *v_status(const struct answer *a, const struct ctx *c)
{
	const char *why = v_version(a, c);
	uint32_t v;

	if (why)
		return why;
	if (!u32_attr(a, LVSS_ATTR_DEVICE_COUNT, &v) ||
	    !u32_attr(a, LVSS_ATTR_SNAPSHOT_COUNT, &v) ||
	    !u64_attr(a, LVSS_ATTR_UPTIME_MS))
		return "reply lacks DEVICE_COUNT, SNAPSHOT_COUNT or UPTIME_MS";
	return NULL;
}

static const char *v_cbt_info(const struct answer *a,
			      const struct ctx *c)
{
	size_t len;
	uint32_t bs;

	(void)c;
	if (!nlc_reply_attr(a, LVSS_ATTR_CBT_GENERATION, &len) ||
	    len != LVSS_CBT_GENERATION_LEN)
		return "reply lacks a 16-byte CBT_GENERATION";
	if (!u32_attr(a, LVSS_ATTR_CBT_BLOCK_SIZE, &bs) || bs < 4096 ||
	    (bs & (bs - 1)))
		return "reply lacks a power-of-two CBT_BLOCK_SIZE";
	if (!u64_attr(a, LVSS_ATTR_CBT_BLOCKS) ||
	    !u64_attr(a, LVSS_ATTR_CBT_SEQ) ||
	    !u64_attr(a, LVSS_ATTR_CBT_CHANGED))
		return "reply lacks CBT_BLOCKS, CBT_SEQ or CBT_CHANGED";
	return NULL;
}

static const char *v_nonempty(const struct answer *a,
			      const struct ctx *c __attribute__((unused)))
{
	return a->nreplies ? NULL : "the dump listed nothing";
}

static const char *v_ack_only(const struct answer *a,
			      const struct ctx *c __attribute__((unused)))
{
	return a->nreplies ? "a reply message came with the ack" : NULL;
}

/* The first member's snapshot id in a SNAPSHOT_TAKE reply, 0 if none. */
static uint32_t take_reply_id(const struct answer *a)
{
	const void *members, *mem, *id;
	size_t mlen, len, ilen;
	uint32_t v = 0;

	members = nlc_reply_attr(a, LVSS_ATTR_MEMBERS, &mlen);
	if (!members)
		return 0;
	mem = nlc_nested_attr(members, mlen, LVSS_ATTR_MEMBER, &len);
	if (!mem)
		return 0;
	id = nlc_nested_attr(mem, len, LVSS_ATTR_SNAPSHOT_ID, &ilen);
	if (!id || ilen != 4)
		return 0;
	memcpy(&v, id, 4);
	return v;
}

static const char *v_take(const struct answer *a,
			  const struct ctx *c __attribute__((unused)))
{
	if (!u64_attr(a, LVSS_ATTR_FROZEN_NS))
		return "reply lacks LVSS_ATTR_FROZEN_NS";
	if (!take_reply_id(a))
		return "reply lacks MEMBERS/MEMBER/SNAPSHOT_ID";
	return NULL;
}

static void keep_snap_id(const struct answer *a, struct ctx *c)
{
	if (a->kind == ANS_ERROR && !a->err)
		c->snap_id = take_reply_id(a);
}

static void forget_snap_id(const struct answer *a, struct ctx *c)
{
	if (a->kind == ANS_ERROR && !a->err)
		c->snap_id = 0;
}

/* ------------------------------------------------------------------ */
/* the table                                                           */

#define DUMP	NLM_F_DUMP
#define REQ	.msg = M_REQ
#define MARK	.bad = BAD_MARK
#define MISS(a)	.bad = (a)

/* Answers of the genetlink core to a broken header or unknown command. */
static const struct nlcase g_framing[] = {
	{ "command 0 (LVSS_CMD_UNSPEC)", 0, 0, 0, b_none, L_CORE, EOPNOTSUPP },
	{ "command 0 as a dump", 0, DUMP, 0, b_none, L_CORE, EOPNOTSUPP },
	{ "command __LVSS_CMD_MAX (first unknown)", __LVSS_CMD_MAX, 0, 0,
	  b_none, L_CORE, EOPNOTSUPP },
	{ "command 255", 255, 0, 0, b_none, L_CORE, EOPNOTSUPP },
	{ "event EVENT_SNAPSHOT_FAILED sent as a request",
	  LVSS_CMD_EVENT_SNAPSHOT_FAILED, 0, 0, b_none, L_CORE, EOPNOTSUPP },
	{ "event EVENT_STORE_LOW sent as a request", LVSS_CMD_EVENT_STORE_LOW,
	  0, 0, b_none, L_CORE, EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_CBT_INFO, DUMP, 0, b_dev_null, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_CBT_MARK_DIRTY, DUMP, 0, b_dev_null,
	  L_CORE_OP, EOPNOTSUPP },
	{ "without NLM_F_DUMP", LVSS_CMD_CBT_GET_CHANGES, 0, 0, b_ch_null,
	  L_CORE_OP, EOPNOTSUPP },
	{ "genlmsghdr.reserved = 1", LVSS_CMD_GET_STATUS, 0, 1, b_none,
	  L_CORE, EINVAL, REQ, .sub = "reserved" },
	{ "genlmsghdr.reserved = 0x8000", LVSS_CMD_ATTACH, 0, 0x8000,
	  b_dev_null, L_CORE, EINVAL, REQ, .sub = "reserved" },
	{ "dump with genlmsghdr.reserved = 1", LVSS_CMD_GET_DEVICE, DUMP, 1,
	  b_none, L_CORE, EINVAL, REQ, .sub = "reserved" },
	{ "with NLM_F_CREATE", LVSS_CMD_GET_STATUS, NLM_F_CREATE, 0, b_none,
	  L_CORE, EINVAL, REQ, .sub = "flags" },
	{ "with NLM_F_REPLACE", LVSS_CMD_SNAPSHOT_DELETE, NLM_F_REPLACE, 0,
	  b_sd_id_max, L_CORE, EINVAL, REQ, .sub = "flags" },
	{ "with NLM_F_ROOT but not NLM_F_MATCH", LVSS_CMD_GET_DEVICE,
	  NLM_F_ROOT, 0, b_none, L_CORE, EINVAL, REQ, .sub = "flags" },
	{ "without a genetlink header (nlmsg_len 16)", LVSS_CMD_GET_STATUS, 0,
	  0, b_hdr_only, L_CORE, EINVAL },
	{ "genetlink header cut to 2 bytes", LVSS_CMD_GET_STATUS, 0, 0,
	  b_genl_cut, L_CORE, EINVAL },
	{ "nlmsg_len 64 bytes past the datagram: dropped", LVSS_CMD_GET_STATUS,
	  0, 0, b_len_beyond, L_CORE, ERR_NOREPLY, .timeout_ms = 500 },
	{ "nlmsg_len 8, below the netlink header: dropped",
	  LVSS_CMD_GET_STATUS, 0, 0, b_len_tiny, L_CORE, ERR_NOREPLY,
	  .timeout_ms = 500 },
	{ "as a dump", LVSS_CMD_GET_VERSION, DUMP, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_GET_STATUS, DUMP, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_ATTACH, DUMP, 0, b_dev_null, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_DETACH, DUMP, 0, b_dev_null, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_STORE_ADD, DUMP, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_SNAPSHOT_TAKE, DUMP, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "as a dump", LVSS_CMD_SNAPSHOT_DELETE, DUMP, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "without NLM_F_DUMP", LVSS_CMD_GET_DEVICE, 0, 0, b_none, L_CORE_OP,
	  EOPNOTSUPP },
	{ "without NLM_F_DUMP", LVSS_CMD_GET_SNAPSHOT, 0, 0, b_none,
	  L_CORE_OP, EOPNOTSUPP },
	/* Attribute framing: the strict parse of every command. */
	{ "attribute longer than the message", LVSS_CMD_GET_VERSION, 0, 0,
	  b_abi_truncated, L_POLICY, EINVAL, REQ },
	{ "attribute with nla_len 2", LVSS_CMD_ATTACH, 0, 0,
	  b_path_nla_len_2, L_POLICY, EINVAL, REQ },
	{ "2 stray bytes after the last attribute", LVSS_CMD_ATTACH, 0, 0,
	  b_path_stray_bytes, L_POLICY, EINVAL, REQ },
	{ "attribute type 0", LVSS_CMD_GET_VERSION, 0, 0, b_type0, L_POLICY,
	  EINVAL, REQ, MARK },
	{ "attribute type 0", LVSS_CMD_GET_STATUS, 0, 0, b_type0, L_POLICY,
	  EINVAL, REQ, MARK },
};

static const struct nlcase g_version[] = {
	{ "no attributes", LVSS_CMD_GET_VERSION, 0, 0, b_none, L_HANDLER, 0,
	  .verify = v_version },
	{ "own ABI_VERSION", LVSS_CMD_GET_VERSION, 0, 0, b_abi_own,
	  L_HANDLER, 0, .verify = v_version },
	{ "ABI_VERSION of a newer minor", LVSS_CMD_GET_VERSION, 0, 0,
	  b_abi_newer_minor, L_HANDLER, 0, .verify = v_version },
	{ "ABI_VERSION major 2", LVSS_CMD_GET_VERSION, 0, 0, b_abi_major2,
	  L_HANDLER, EPROTO, REQ, .sub = "ABI major", MARK },
	{ "ABI_VERSION major 0", LVSS_CMD_GET_VERSION, 0, 0, b_abi_major0,
	  L_HANDLER, EPROTO, REQ, .sub = "ABI major", MARK },
	{ "ABI_VERSION as u8", LVSS_CMD_GET_VERSION, 0, 0, b_abi_u8, L_POLICY,
	  EINVAL, REQ, MARK },
	{ "ABI_VERSION as u16", LVSS_CMD_GET_VERSION, 0, 0, b_abi_u16,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "ABI_VERSION as u64", LVSS_CMD_GET_VERSION, 0, 0, b_abi_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "ABI_VERSION empty", LVSS_CMD_GET_VERSION, 0, 0, b_abi_empty,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "ABI_VERSION with NLA_F_NESTED", LVSS_CMD_GET_VERSION, 0, 0,
	  b_abi_nested_flag, L_POLICY, EINVAL, REQ, MARK },
	{ "attribute type 200", LVSS_CMD_GET_VERSION, 0, 0, b_type200,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH (not taken)", LVSS_CMD_GET_VERSION, 0, 0,
	  b_mark_dev_path, L_POLICY, EINVAL, REQ, MARK },
	{ "MODULE_VERSION (reply-only)", LVSS_CMD_GET_VERSION, 0, 0,
	  b_mark_module_version, L_POLICY, EINVAL, REQ, MARK },
	{ "PAD", LVSS_CMD_GET_VERSION, 0, 0, b_mark_pad, L_POLICY, EINVAL,
	  REQ, MARK },
};

static const struct nlcase g_status[] = {
	{ "no attributes", LVSS_CMD_GET_STATUS, 0, 0, b_none, L_HANDLER, 0,
	  .verify = v_status },
	{ "ABI_VERSION (takes no attributes)", LVSS_CMD_GET_STATUS, 0, 0,
	  b_mark_abi, L_POLICY, EINVAL, REQ, MARK },
	{ "PAD (takes no attributes)", LVSS_CMD_GET_STATUS, 0, 0, b_mark_pad,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH (takes no attributes)", LVSS_CMD_GET_STATUS, 0, 0,
	  b_mark_dev_path, L_POLICY, EINVAL, REQ, MARK },
};

/* ATTACH and DETACH share the DEV_PATH policy and check. */
static const struct nlcase g_attach[] = {
	{ "missing DEV_PATH", LVSS_CMD_ATTACH, 0, 0, b_none, L_HANDLER, EINVAL,
	  REQ, MISS(LVSS_ATTR_DEV_PATH) },
	{ "relative DEV_PATH \"dev/sda\"", LVSS_CMD_ATTACH, 0, 0, b_path_rel,
	  L_HANDLER, EINVAL, REQ, .sub = "absolute", MARK },
	{ "DEV_PATH without a slash \"sda\"", LVSS_CMD_ATTACH, 0, 0,
	  b_path_bare, L_HANDLER, EINVAL, REQ, .sub = "absolute", MARK },
	{ "DEV_PATH \"\"", LVSS_CMD_ATTACH, 0, 0, b_path_emptystr, L_HANDLER,
	  EINVAL, REQ, .sub = "absolute", MARK },
	{ "DEV_PATH of length 0", LVSS_CMD_ATTACH, 0, 0, b_path_zero_len,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH without NUL", LVSS_CMD_ATTACH, 0, 0, b_path_no_nul,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH as u32", LVSS_CMD_ATTACH, 0, 0, b_path_u32, L_POLICY,
	  EINVAL, REQ, MARK },
	{ "DEV_PATH of LVSS_DEV_PATH_MAX chars + NUL", LVSS_CMD_ATTACH, 0, 0,
	  b_path_256, L_POLICY, EINVAL, ERANGE, REQ, MARK },
	{ "DEV_PATH of 4000 chars + NUL", LVSS_CMD_ATTACH, 0, 0, b_path_4000,
	  L_POLICY, EINVAL, ERANGE, REQ, MARK },
	{ "DEV_PATH \"/dev/null\\0\" + 290 bytes", LVSS_CMD_ATTACH, 0, 0,
	  b_path_nul_then_junk, L_POLICY, ERANGE, EINVAL, REQ, MARK },
	{ "DEV_PATH with NLA_F_NESTED", LVSS_CMD_ATTACH, 0, 0,
	  b_path_nested_flag, L_POLICY, EINVAL, REQ, MARK },
	{ "ABI_VERSION (not taken)", LVSS_CMD_ATTACH, 0, 0, b_path_plus_abi,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "CHUNK_SIZE (not taken)", LVSS_CMD_ATTACH, 0, 0, b_path_plus_chunk,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH of LVSS_DEV_PATH_MAX-1 chars (longest valid), no such file",
	  LVSS_CMD_ATTACH, 0, 0, b_path_255, L_HANDLER, ENOENT, REQ },
	{ "DEV_PATH that does not exist", LVSS_CMD_ATTACH, 0, 0,
	  b_path_missing_dev, L_HANDLER, ENOENT, REQ },
	{ "DEV_PATH of a character device (/dev/null)", LVSS_CMD_ATTACH, 0, 0,
	  b_dev_null, L_HANDLER, ENOTBLK, REQ },
	{ "DEV_PATH of a directory (/)", LVSS_CMD_ATTACH, 0, 0, b_path_root,
	  L_HANDLER, ENOTBLK, REQ },

	{ "missing DEV_PATH", LVSS_CMD_DETACH, 0, 0, b_none, L_HANDLER, EINVAL,
	  REQ, MISS(LVSS_ATTR_DEV_PATH) },
	{ "relative DEV_PATH \"dev/sda\"", LVSS_CMD_DETACH, 0, 0, b_path_rel,
	  L_HANDLER, EINVAL, REQ, .sub = "absolute", MARK },
	{ "DEV_PATH without NUL", LVSS_CMD_DETACH, 0, 0, b_path_no_nul,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH of LVSS_DEV_PATH_MAX chars + NUL", LVSS_CMD_DETACH, 0, 0,
	  b_path_256, L_POLICY, EINVAL, ERANGE, REQ, MARK },
	{ "ABI_VERSION (not taken)", LVSS_CMD_DETACH, 0, 0, b_path_plus_abi,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "a device that is not attached (/dev/null)", LVSS_CMD_DETACH, 0, 0,
	  b_dev_null, L_HANDLER, ENODEV, REQ, .sub = "not attached" },
	{ "the scratch disk, not attached", LVSS_CMD_DETACH, 0, 0, b_disk,
	  L_HANDLER, ENODEV, REQ, .sub = "not attached", .disk = true },
};

static const struct nlcase g_dumps[] = {
	{ "dump", LVSS_CMD_GET_DEVICE, DUMP, 0, b_none, L_HANDLER, 0 },
	{ "dump with DEV_PATH (takes no attributes)", LVSS_CMD_GET_DEVICE,
	  DUMP, 0, b_mark_dev_path, L_POLICY, EINVAL, REQ, MARK },
	{ "dump with PAD (takes no attributes)", LVSS_CMD_GET_DEVICE, DUMP, 0,
	  b_mark_pad, L_POLICY, EINVAL, REQ, MARK },
	{ "dump", LVSS_CMD_GET_SNAPSHOT, DUMP, 0, b_none, L_HANDLER, 0 },
	{ "dump with SNAPSHOT_ID (takes no attributes)", LVSS_CMD_GET_SNAPSHOT,
	  DUMP, 0, b_mark_snap_id, L_POLICY, EINVAL, REQ, MARK },
};

static const struct nlcase g_store_add[] = {
	{ "missing DEV_PATH", LVSS_CMD_STORE_ADD, 0, 0, b_sa_no_path,
	  L_HANDLER, EINVAL, REQ, MISS(LVSS_ATTR_DEV_PATH) },
	{ "missing STORE_KIND", LVSS_CMD_STORE_ADD, 0, 0, b_sa_no_kind,
	  L_HANDLER, EINVAL, REQ, MISS(LVSS_ATTR_STORE_KIND) },
	{ "STORE_KIND 0", LVSS_CMD_STORE_ADD, 0, 0, b_sa_kind0, L_POLICY,
	  ERANGE, REQ, MARK },
	{ "STORE_KIND 4 (one past the last)", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_kind4, L_POLICY, ERANGE, REQ, MARK },
	{ "STORE_KIND 99", LVSS_CMD_STORE_ADD, 0, 0, b_sa_kind99, L_POLICY,
	  ERANGE, REQ, MARK },
	{ "STORE_KIND as u8", LVSS_CMD_STORE_ADD, 0, 0, b_sa_kind_u8,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_KIND as u64", LVSS_CMD_STORE_ADD, 0, 0, b_sa_kind_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_BYTES 0", LVSS_CMD_STORE_ADD, 0, 0, b_sa_bytes0, L_POLICY,
	  ERANGE, REQ, MARK },
	{ "STORE_BYTES as u32", LVSS_CMD_STORE_ADD, 0, 0, b_sa_bytes_u32,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "CHUNK_SIZE as u8", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk_u8,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "CHUNK_SIZE as u64", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_LOW_PERCENT as u8", LVSS_CMD_STORE_ADD, 0, 0, b_sa_low_u8,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_LOW_PERCENT as u64", LVSS_CMD_STORE_ADD, 0, 0, b_sa_low_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_LOW_PERCENT 100", LVSS_CMD_STORE_ADD, 0, 0, b_sa_low_100,
	  L_POLICY, ERANGE, REQ, MARK },
	{ "STORE_PATH without NUL", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_spath_no_nul, L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_PATH of LVSS_DEV_PATH_MAX chars + NUL", LVSS_CMD_STORE_ADD, 0,
	  0, b_sa_spath_256, L_POLICY, EINVAL, ERANGE, REQ, MARK },
	{ "STORE_EXTENTS without NLA_F_NESTED", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_extents_flat, L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_EXTENTS of 2 bytes", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_extents_2bytes, L_POLICY, ERANGE, EINVAL, REQ, MARK },
	{ "MEMBERS (not taken)", LVSS_CMD_STORE_ADD, 0, 0, b_sa_members,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "FREEZE_TIMEOUT_MS (not taken)", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_timeout, L_POLICY, EINVAL, REQ, MARK },
	{ "SNAPSHOT_ID (not taken)", LVSS_CMD_STORE_ADD, 0, 0, b_sa_snap_id,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "relative DEV_PATH \"dev/sdb\"", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_path_rel, L_HANDLER, EINVAL, REQ, .sub = "absolute", MARK },
	{ "DEV_PATH that does not exist", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_nopath_mem, L_HANDLER, ENODEV, REQ },
	{ "the scratch disk, not attached", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_disk_mem, L_HANDLER, ENODEV, REQ, .sub = "not attached",
	  .disk = true },
};

static const struct nlcase g_take[] = {
	{ "missing MEMBERS", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_none, L_HANDLER,
	  EINVAL, REQ, MISS(LVSS_ATTR_MEMBERS) },
	{ "missing MEMBERS, FREEZE_TIMEOUT_MS given", LVSS_CMD_SNAPSHOT_TAKE,
	  0, 0, b_tk_timeout_only, L_HANDLER, EINVAL, REQ,
	  MISS(LVSS_ATTR_MEMBERS) },
	{ "FREEZE_TIMEOUT_MS 0", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t0,
	  L_HANDLER, ERANGE, REQ, .sub = "freeze timeout", MARK },
	{ "FREEZE_TIMEOUT_MS 50", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t50,
	  L_HANDLER, ERANGE, REQ, .sub = "freeze timeout", MARK },
	{ "FREEZE_TIMEOUT_MS 99", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t99,
	  L_HANDLER, ERANGE, REQ, .sub = "freeze timeout", MARK },
	{ "FREEZE_TIMEOUT_MS 60001", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t60001,
	  L_HANDLER, ERANGE, REQ, .sub = "freeze timeout", MARK },
	{ "FREEZE_TIMEOUT_MS 70000", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t70000,
	  L_HANDLER, ERANGE, REQ, .sub = "freeze timeout", MARK },
	{ "FREEZE_TIMEOUT_MS as u8", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t_u8,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "FREEZE_TIMEOUT_MS as u64", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_t_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "MEMBERS without NLA_F_NESTED", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_members_flat, L_POLICY, EINVAL, REQ, MARK },
	{ "MEMBERS of 2 bytes", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_members_2bytes, L_POLICY, ERANGE, EINVAL, REQ, MARK },
	{ "empty MEMBERS", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_members_empty,
	  L_HANDLER, EINVAL, REQ, .sub = "at least one", MARK },
	{ "MEMBERS holding an EXTENT nest", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_extent_in_members, L_NESTED, EINVAL, REQ, MARK },
	{ "MEMBERS holding a bare DEV_PATH", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_bare_path_in_members, L_NESTED, EINVAL, REQ, MARK },
	{ "member without DEV_PATH", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_empty, L_HANDLER, EINVAL, REQ, .sub = "DEV_PATH", MARK },
	{ "member with relative DEV_PATH", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_rel, L_HANDLER, EINVAL, REQ, .sub = "absolute", MARK },
	{ "member DEV_PATH without NUL", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_no_nul, L_NESTED, EINVAL, REQ, MARK },
	{ "member DEV_PATH of LVSS_DEV_PATH_MAX chars + NUL",
	  LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_member_256, L_NESTED, EINVAL,
	  ERANGE, REQ, MARK },
	{ "member DEV_PATH as u32", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_u32, L_NESTED, EINVAL, REQ, MARK },
	{ "member with SNAPSHOT_ID (not taken)", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_snap_id, L_NESTED, EINVAL, REQ, MARK },
	{ "member with ABI_VERSION (not taken)", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_abi, L_NESTED, EINVAL, REQ, MARK },
	{ "member without NLA_F_NESTED", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_member_flat, L_NESTED, EINVAL, REQ, MARK },
	{ "member with a truncated attribute inside", LVSS_CMD_SNAPSHOT_TAKE,
	  0, 0, b_tk_member_truncated_inside, L_NESTED, EINVAL, REQ },
	{ "33 members", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_33, L_HANDLER,
	  E2BIG, REQ, .sub = "32", MARK },
	{ "32 members (the most), none exists", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_32, L_HANDLER, ENODEV, REQ },
	{ "MEMBERS with a truncated attribute after a member",
	  LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_members_trailing, L_NESTED,
	  EINVAL, REQ },
	{ "MEMBERS with an nla_len 2 attribute after a member",
	  LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_members_short_attr, L_NESTED,
	  EINVAL, REQ },
	{ "DEV_PATH at the top level (not taken)", LVSS_CMD_SNAPSHOT_TAKE, 0,
	  0, b_tk_top_dev_path, L_POLICY, EINVAL, REQ, MARK },
	{ "STORE_KIND (not taken)", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_top_store_kind, L_POLICY, EINVAL, REQ, MARK },
	{ "member that does not exist", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_nopath, L_HANDLER, ENODEV, REQ },
	{ "the scratch disk, not attached", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_disk, L_HANDLER, ENODEV, REQ, .sub = "not attached",
	  .disk = true },
};

static const struct nlcase g_delete[] = {
	{ "missing SNAPSHOT_ID", LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_none,
	  L_HANDLER, EINVAL, REQ, MISS(LVSS_ATTR_SNAPSHOT_ID) },
	{ "SNAPSHOT_ID 0", LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_sd_id0, L_POLICY,
	  ERANGE, REQ, MARK },
	{ "SNAPSHOT_ID as u8", LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_sd_id_u8,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "SNAPSHOT_ID as u64", LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_sd_id_u64,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "DEV_PATH (not taken)", LVSS_CMD_SNAPSHOT_DELETE, 0, 0,
	  b_sd_plus_path, L_POLICY, EINVAL, REQ, MARK },
	{ "SNAPSHOT_ID 0xffffffff (no such snapshot)",
	  LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_sd_id_max, L_HANDLER, ENOENT, REQ,
	  .sub = "no snapshot" },
};

/* Changed-block tracking, on a device that is not attached. */
static const struct nlcase g_cbt[] = {
	{ "missing DEV_PATH", LVSS_CMD_CBT_INFO, 0, 0, b_none, L_HANDLER,
	  EINVAL, REQ, MISS(LVSS_ATTR_DEV_PATH) },
	{ "a device that is not attached (/dev/null)", LVSS_CMD_CBT_INFO, 0,
	  0, b_dev_null, L_HANDLER, ENODEV, REQ },
	{ "a device that is not attached (/dev/null)", LVSS_CMD_CBT_RESET, 0,
	  0, b_dev_null, L_HANDLER, ENODEV, REQ },
	{ "missing DEV_PATH", LVSS_CMD_CBT_RESET, 0, 0, b_none, L_HANDLER,
	  EINVAL, REQ, MISS(LVSS_ATTR_DEV_PATH) },
	{ "CBT_GENERATION of 15 bytes", LVSS_CMD_CBT_GET_CHANGES, DUMP, 0,
	  b_ch_gen15, L_POLICY, EINVAL, ERANGE, REQ, MARK },
	{ "CBT_FROM_SEQ as u32", LVSS_CMD_CBT_GET_CHANGES, DUMP, 0,
	  b_ch_from_u32, L_POLICY, EINVAL, REQ, MARK },
	{ "missing CBT_FROM_SEQ", LVSS_CMD_CBT_GET_CHANGES, DUMP, 0,
	  b_ch_no_from, L_HANDLER, EINVAL, REQ, .sub = "missing" },
	{ "a device that is not attached (/dev/null)",
	  LVSS_CMD_CBT_GET_CHANGES, DUMP, 0, b_ch_null, L_HANDLER, ENODEV,
	  REQ },
	{ "CBT_LENGTH 0", LVSS_CMD_CBT_MARK_DIRTY, 0, 0, b_md_len0, L_POLICY,
	  ERANGE, REQ, MARK },
	{ "CBT_OFFSET as u32", LVSS_CMD_CBT_MARK_DIRTY, 0, 0, b_md_off_u32,
	  L_POLICY, EINVAL, REQ, MARK },
	{ "missing CBT_OFFSET", LVSS_CMD_CBT_MARK_DIRTY, 0, 0, b_md_no_off,
	  L_HANDLER, EINVAL, REQ, MISS(LVSS_ATTR_CBT_OFFSET) },
	{ "CBT_BLOCK_SIZE as u8", LVSS_CMD_ATTACH, 0, 0, b_at_bs_u8, L_POLICY,
	  EINVAL, REQ, MARK },
	{ "CBT_BLOCK_SIZE 3000", LVSS_CMD_ATTACH, 0, 0, b_at_bs_3000,
	  L_HANDLER, ERANGE, REQ, .sub = "tracking block size", MARK,
	  .disk = true },
	{ "CBT_BLOCK_SIZE 2 MiB", LVSS_CMD_ATTACH, 0, 0, b_at_bs_2m, L_HANDLER,
	  ERANGE, REQ, .sub = "tracking block size", MARK, .disk = true },
};

/* The scratch disk attached: checks that need a real device behind them. */
static const struct nlcase g_attached[] = {
	{ "the scratch disk", LVSS_CMD_ATTACH, 0, 0, b_disk, L_HANDLER, 0,
	  .disk = true, .verify = v_ack_only },
	{ "the scratch disk again", LVSS_CMD_ATTACH, 0, 0, b_disk, L_HANDLER,
	  EEXIST, REQ, .sub = "already attached", .disk = true },
	{ "changed-block info of the scratch disk", LVSS_CMD_CBT_INFO, 0, 0,
	  b_disk, L_HANDLER, 0, .disk = true, .verify = v_cbt_info },
	{ "changes with a generation that never was", LVSS_CMD_CBT_GET_CHANGES,
	  DUMP, 0, b_ch_disk, L_HANDLER, ESTALE, REQ, .sub = "full backup",
	  .disk = true },
	{ "mark 8 KiB dirty", LVSS_CMD_CBT_MARK_DIRTY, 0, 0, b_md_disk,
	  L_HANDLER, 0, .disk = true, .verify = v_ack_only },
	{ "mark dirty past the device's end", LVSS_CMD_CBT_MARK_DIRTY, 0, 0,
	  b_md_disk_end, L_HANDLER, ERANGE, REQ, .sub = "not inside",
	  .disk = true },
	{ "reset the changed-block history", LVSS_CMD_CBT_RESET, 0, 0, b_disk,
	  L_HANDLER, 0, .disk = true, .verify = v_ack_only },
	{ "dump lists the scratch disk", LVSS_CMD_GET_DEVICE, DUMP, 0, b_none,
	  L_HANDLER, 0, .disk = true, .verify = v_nonempty },
	{ "CHUNK_SIZE 3000", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk3000,
	  L_HANDLER, ERANGE, REQ, .sub = "chunk size", MARK, .disk = true },
	{ "CHUNK_SIZE 2048", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk2048,
	  L_HANDLER, ERANGE, REQ, .sub = "chunk size", MARK, .disk = true },
	{ "CHUNK_SIZE 0", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk0, L_HANDLER,
	  ERANGE, REQ, .sub = "chunk size", MARK, .disk = true },
	{ "CHUNK_SIZE 2 MiB", LVSS_CMD_STORE_ADD, 0, 0, b_sa_chunk2m,
	  L_HANDLER, ERANGE, REQ, .sub = "chunk size", MARK, .disk = true },
	{ "CHUNK_SIZE 12288 (not a power of two)", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_chunk12288, L_HANDLER, EINVAL, REQ, .sub = "power of two",
	  MARK, .disk = true },
	{ "MEMORY without STORE_BYTES", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_mem_no_bytes, L_HANDLER, EINVAL, REQ,
	  MISS(LVSS_ATTR_STORE_BYTES), .disk = true },
	{ "MEMORY STORE_BYTES 1 (less than a chunk)", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_mem_1byte, L_HANDLER, EINVAL, REQ, .sub = "chunk",
	  .disk = true },
	{ "MEMORY STORE_BYTES 2 TiB (over LVSS_STORE_MEM_MAX_BYTES)",
	  LVSS_CMD_STORE_ADD, 0, 0, b_sa_mem_2tib, L_HANDLER, ERANGE, REQ,
	  .sub = "1 TiB", .disk = true },
	{ "MEMORY STORE_BYTES 1 TiB (over half the RAM)", LVSS_CMD_STORE_ADD,
	  0, 0, b_sa_mem_1tib, L_HANDLER, ENOMEM, REQ, .sub = "RAM",
	  .disk = true },
	{ "BDEV without STORE_PATH", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_bdev_no_spath, L_HANDLER, EINVAL, REQ,
	  MISS(LVSS_ATTR_STORE_PATH), .disk = true },
	{ "BDEV with relative STORE_PATH", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_bdev_spath_rel, L_HANDLER, EINVAL, REQ, .sub = "absolute",
	  MARK, .disk = true },
	{ "BDEV STORE_PATH /dev/null", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_bdev_dev_null, L_HANDLER, ENOTBLK, REQ,
	  .sub = "not a block device", .disk = true },
	{ "BDEV STORE_PATH that does not exist", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_bdev_nopath, L_HANDLER, ENOENT, REQ, .sub = "does not exist",
	  .disk = true },
	{ "BDEV STORE_PATH = the attached disk itself", LVSS_CMD_STORE_ADD, 0,
	  0, b_sa_bdev_origin, L_HANDLER, EBUSY, REQ, .sub = "origin",
	  .disk = true },
	{ "FILE STORE_PATH /dev/null (not a regular file)", LVSS_CMD_STORE_ADD,
	  0, 0, b_sa_file_dev_null, L_HANDLER, EINVAL, REQ,
	  .sub = "regular file", .disk = true },
	{ "FILE without STORE_PATH", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_no_spath, L_HANDLER, EINVAL, REQ,
	  MISS(LVSS_ATTR_STORE_PATH), .disk = true },
	{ "FILE with relative STORE_PATH", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_spath_rel, L_HANDLER, EINVAL, REQ, .sub = "absolute",
	  MARK, .disk = true },
	{ "FILE without STORE_EXTENTS", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_no_extents, L_HANDLER, EINVAL, REQ,
	  MISS(LVSS_ATTR_STORE_EXTENTS), .disk = true },
	{ "FILE with empty STORE_EXTENTS", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_empty_extents, L_HANDLER, EINVAL, REQ, .sub = "extents",
	  MARK, .disk = true },
	{ "FILE with a MEMBER nest in STORE_EXTENTS", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_member_in_extents, L_NESTED, EINVAL, REQ, MARK,
	  .disk = true },
	{ "FILE extent without LENGTH", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_extent_no_len, L_HANDLER, EINVAL, REQ, .sub = "LENGTH",
	  MARK, .disk = true },
	{ "FILE extent LOGICAL as u32", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_extent_u32, L_NESTED, EINVAL, REQ, MARK, .disk = true },
	{ "FILE extent with DEV_PATH inside (not taken)", LVSS_CMD_STORE_ADD, 0,
	  0, b_sa_file_extent_foreign, L_NESTED, EINVAL, REQ, MARK,
	  .disk = true },
	{ "FILE extent with attribute type 30", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_extent_type30, L_NESTED, EINVAL, REQ, MARK, .disk = true },
	{ "FILE extent without NLA_F_NESTED", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_file_extent_flat, L_NESTED, EINVAL, REQ, MARK, .disk = true },
	{ "FILE extent with a truncated attribute inside", LVSS_CMD_STORE_ADD,
	  0, 0, b_sa_file_extent_truncated, L_NESTED, EINVAL, REQ,
	  .disk = true },
	{ "FILE STORE_EXTENTS with a truncated attribute after an extent",
	  LVSS_CMD_STORE_ADD, 0, 0, b_sa_file_extents_trailing, L_NESTED,
	  EINVAL, REQ, .disk = true },
	{ "FILE well-formed, store file does not exist", LVSS_CMD_STORE_ADD, 0,
	  0, b_sa_file_ok_but_nofile, L_HANDLER, ENOENT, REQ,
	  .sub = "store file", .disk = true },
	{ "of the scratch disk, which has no store", LVSS_CMD_SNAPSHOT_TAKE, 0,
	  0, b_tk_disk, L_HANDLER, ENOSPC, REQ, .sub = "no CoW store",
	  .disk = true },
	{ "MEMORY 8 MiB, CHUNK_SIZE 64 KiB", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_mem_8m_chunk64k, L_HANDLER, 0, .disk = true,
	  .verify = v_ack_only },
	{ "second store with another CHUNK_SIZE", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_chunk4096, L_HANDLER, EINVAL, REQ, .sub = "chunk size", MARK,
	  .disk = true },
	{ "second store, CHUNK_SIZE 3000", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_chunk3000, L_HANDLER, EINVAL, ERANGE, REQ, .sub = "chunk size",
	  MARK, .disk = true },
	{ "second MEMORY store, 8 MiB, no CHUNK_SIZE", LVSS_CMD_STORE_ADD, 0,
	  0, b_sa_mem_8m, L_HANDLER, 0, .disk = true, .verify = v_ack_only },
	{ "third MEMORY store, STORE_LOW_PERCENT 0", LVSS_CMD_STORE_ADD, 0, 0,
	  b_sa_mem_8m_low0, L_HANDLER, 0, .disk = true,
	  .verify = v_ack_only },
	{ "the scratch disk twice", LVSS_CMD_SNAPSHOT_TAKE, 0, 0,
	  b_tk_disk_twice, L_HANDLER, EINVAL, REQ, .sub = "twice",
	  .disk = true },
	{ "the scratch disk and one that does not exist",
	  LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_disk_and_nopath, L_HANDLER, ENODEV,
	  REQ, .disk = true },
	{ "the scratch disk", LVSS_CMD_SNAPSHOT_TAKE, 0, 0, b_tk_disk,
	  L_HANDLER, 0, .disk = true, .after = keep_snap_id,
	  .verify = v_take, .timeout_ms = 60000 },
	{ "dump lists the snapshot", LVSS_CMD_GET_SNAPSHOT, DUMP, 0, b_none,
	  L_HANDLER, 0, .disk = true, .verify = v_nonempty },
	{ "the scratch disk while it has a snapshot", LVSS_CMD_DETACH, 0, 0,
	  b_disk, L_HANDLER, EBUSY, REQ, .sub = "snapshots", .disk = true },
	{ "the snapshot taken", LVSS_CMD_SNAPSHOT_DELETE, 0, 0, b_sd_taken,
	  L_HANDLER, 0, .disk = true, .after = forget_snap_id,
	  .verify = v_ack_only },
	{ "the deleted snapshot again", LVSS_CMD_SNAPSHOT_DELETE, 0, 0,
	  b_sd_taken, L_HANDLER, ENOENT, REQ, .sub = "no snapshot",
	  .disk = true },
	{ "the scratch disk", LVSS_CMD_DETACH, 0, 0, b_disk, L_HANDLER, 0,
	  .disk = true, .verify = v_ack_only },
	{ "the scratch disk again", LVSS_CMD_DETACH, 0, 0, b_disk, L_HANDLER,
	  ENODEV, REQ, .sub = "not attached", .disk = true },
};

/* After all of it the module must still answer normally. */
static const struct nlcase g_after[] = {
	{ "still answers", LVSS_CMD_GET_STATUS, 0, 0, b_none, L_HANDLER, 0,
	  .verify = v_status },
	{ "still answers", LVSS_CMD_GET_VERSION, 0, 0, b_abi_own, L_HANDLER, 0,
	  .verify = v_version },
	{ "dump still works", LVSS_CMD_GET_DEVICE, DUMP, 0, b_none, L_HANDLER,
	  0 },
	{ "dump still works", LVSS_CMD_GET_SNAPSHOT, DUMP, 0, b_none,
	  L_HANDLER, 0 },
};

#define GROUP(t, a) { t, a, sizeof(a) / sizeof((a)[0]) }
const struct nlgroup nlcheck_groups[] = {
	GROUP("genetlink framing and commands", g_framing),
	GROUP("GET_VERSION", g_version),
	GROUP("GET_STATUS", g_status),
	GROUP("ATTACH and DETACH", g_attach),
	GROUP("GET_DEVICE and GET_SNAPSHOT dumps", g_dumps),
	GROUP("STORE_ADD", g_store_add),
	GROUP("SNAPSHOT_TAKE", g_take),
	GROUP("SNAPSHOT_DELETE", g_delete),
	GROUP("changed-block tracking", g_cbt),
	GROUP("on the attached scratch disk", g_attached),
	GROUP("the module after all of it", g_after),
};
const size_t nlcheck_ngroups = sizeof(nlcheck_groups) /
			       sizeof(nlcheck_groups[0]);

const char *nlcheck_cmd_name(unsigned int cmd)
{
	return lvss_test_cmd_name(cmd);
}

const char *nlcheck_attr_name(int type)
{
	static const char *const names[] = {
		[LVSS_ATTR_PAD] = "PAD",
		[LVSS_ATTR_MODULE_VERSION] = "MODULE_VERSION",
		[LVSS_ATTR_ABI_VERSION] = "ABI_VERSION",
		[LVSS_ATTR_DEVICE_COUNT] = "DEVICE_COUNT",
		[LVSS_ATTR_SNAPSHOT_COUNT] = "SNAPSHOT_COUNT",
		[LVSS_ATTR_UPTIME_MS] = "UPTIME_MS",
		[LVSS_ATTR_DEV_PATH] = "DEV_PATH",
		[LVSS_ATTR_DEV_MAJOR] = "DEV_MAJOR",
		[LVSS_ATTR_DEV_MINOR] = "DEV_MINOR",
		[LVSS_ATTR_DEV_SIZE] = "DEV_SIZE",
		[LVSS_ATTR_WRITES] = "WRITES",
		[LVSS_ATTR_WRITE_BYTES] = "WRITE_BYTES",
		[LVSS_ATTR_CHUNK_SIZE] = "CHUNK_SIZE",
		[LVSS_ATTR_STORE_KIND] = "STORE_KIND",
		[LVSS_ATTR_STORE_PATH] = "STORE_PATH",
		[LVSS_ATTR_STORE_BYTES] = "STORE_BYTES",
		[LVSS_ATTR_STORE_EXTENTS] = "STORE_EXTENTS",
		[LVSS_ATTR_EXTENT] = "EXTENT",
		[LVSS_ATTR_EXTENT_LOGICAL] = "EXTENT_LOGICAL",
		[LVSS_ATTR_EXTENT_PHYSICAL] = "EXTENT_PHYSICAL",
		[LVSS_ATTR_EXTENT_LENGTH] = "EXTENT_LENGTH",
		[LVSS_ATTR_STORE_USED] = "STORE_USED",
		[LVSS_ATTR_STORE_TOTAL] = "STORE_TOTAL",
		[LVSS_ATTR_COPIES] = "COPIES",
		[LVSS_ATTR_MEMBERS] = "MEMBERS",
		[LVSS_ATTR_MEMBER] = "MEMBER",
		[LVSS_ATTR_FREEZE_TIMEOUT_MS] = "FREEZE_TIMEOUT_MS",
		[LVSS_ATTR_FROZEN_NS] = "FROZEN_NS",
		[LVSS_ATTR_SNAPSHOT_ID] = "SNAPSHOT_ID",
		[LVSS_ATTR_SNAPSHOT_SEQ] = "SNAPSHOT_SEQ",
		[LVSS_ATTR_SNAPSHOT_STATE] = "SNAPSHOT_STATE",
		[LVSS_ATTR_DISK_NAME] = "DISK_NAME",
		[LVSS_ATTR_CREATED_NS] = "CREATED_NS",
		[LVSS_ATTR_ERROR] = "ERROR",
		[LVSS_ATTR_ERROR_MSG] = "ERROR_MSG",
		[LVSS_ATTR_STORE_LOW_PERCENT] = "STORE_LOW_PERCENT",
		[LVSS_ATTR_EVENTS_DROPPED] = "EVENTS_DROPPED",
		[LVSS_ATTR_CBT_BLOCK_SIZE] = "CBT_BLOCK_SIZE",
		[LVSS_ATTR_CBT_GENERATION] = "CBT_GENERATION",
		[LVSS_ATTR_CBT_BLOCKS] = "CBT_BLOCKS",
		[LVSS_ATTR_CBT_BASE_SEQ] = "CBT_BASE_SEQ",
		[LVSS_ATTR_CBT_SEQ] = "CBT_SEQ",
		[LVSS_ATTR_CBT_CHANGED] = "CBT_CHANGED",
		[LVSS_ATTR_CBT_MAP_BYTES] = "CBT_MAP_BYTES",
		[LVSS_ATTR_CBT_FROM_SEQ] = "CBT_FROM_SEQ",
		[LVSS_ATTR_CBT_TO_SEQ] = "CBT_TO_SEQ",
		[LVSS_ATTR_CBT_EXTENTS] = "CBT_EXTENTS",
		[LVSS_ATTR_CBT_OFFSET] = "CBT_OFFSET",
		[LVSS_ATTR_CBT_LENGTH] = "CBT_LENGTH",
	};

	if (type > 0 && (size_t)type < sizeof(names) / sizeof(names[0]) &&
	    names[type])
		return names[type];
	return NULL;
}
