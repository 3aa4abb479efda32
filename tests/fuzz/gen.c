// SPDX-License-Identifier: MIT
/*
 * Requests for the fuzzer: wholly random ones (any command number, flags,
 * attribute types, lengths and nesting), plausible ones built from the
 * tracked state (the right attributes of a command, with real paths,
 * snapshot ids and CBT generations), and mutations of either: flipped
 * bytes, lying lengths in the netlink header and in attributes, truncated
 * and padded messages, changed types and nesting flags, duplicated,
 * dropped and appended attributes, integers replaced by edge values.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

static const uint64_t edge64[] = {
	0, 1, 2, 511, 512, 4095, 4096, 4097, 65536, 1U << 20, (1U << 20) + 1,
	0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
	1ULL << 40, (1ULL << 40) + 1, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0xfffffffffffff000ULL, 0xffffffffffffffffULL,
};

static uint64_t edge(struct fz *f)
{
	if (fz_chance(f, 25))
		return fz_rand(f);
	return edge64[fz_below(f, sizeof(edge64) / sizeof(edge64[0]))];
}

static void long_path(char *buf, size_t len, size_t n)
{
	if (n >= len)
		n = len - 1;
	memset(buf, 'a', n);
	buf[0] = '/';
	buf[n] = '\0';
}

const char *fz_some_path(struct fz *f)
{
	static char buf[LVSS_DEV_PATH_MAX + 64];
	static const char *const fixed[] = {
		"/dev/null", "/dev/zero", "/", "", "dev/sda", "/nonexistent",
		"/proc/self/fd/0", "/sys/block", "/dev/loop0", "/dev/ram0",
		"/dev/nullb0", "/dev", "/dev/lvss", "/lvss/oracle-lib.sh",
	};
	uint32_t r = fz_below(f, 100);

	if (r < 45 && f->ndisks)
		return f->disks[fz_below(f, f->ndisks)].path;
	if (r < 55 && f->store_dev)
		return f->store_dev;
	if (r < 65 && f->nsnaps) {
		snprintf(buf, sizeof(buf), "/dev/%s",
			 f->snaps[fz_below(f, f->nsnaps)].disk);
		return buf;
	}
	if (r < 70) {
		snprintf(buf, sizeof(buf), "/dev/lvss%u", fz_below(f, 8));
		return buf;
	}
	if (r < 75 && f->ndisks) {
		snprintf(buf, sizeof(buf), "/dev/../dev/%s",
			 f->disks[0].path + 5);
		return buf;
	}
	if (r < 82) {
		/* around the policy's limit: 254, 255, 256, 257 bytes + NUL */
		long_path(buf, sizeof(buf), LVSS_DEV_PATH_MAX - 3 +
			  fz_below(f, 4));
		return buf;
	}
	return fixed[fz_below(f, sizeof(fixed) / sizeof(fixed[0]))];
}

static uint16_t some_type(struct fz *f)
{
	uint32_t r = fz_below(f, 100);

	if (r < 85)
		return (uint16_t)fz_below(f, LVSS_ATTR_MAX + 3);
	if (r < 95)
		return (uint16_t)(fz_below(f, LVSS_ATTR_MAX + 3) |
				  (fz_chance(f, 50) ? NLA_F_NESTED :
						      NLA_F_NET_BYTEORDER));
	return (uint16_t)fz_rand(f);
}

static void random_attr(struct fz *f, struct mb *m, int depth)
{
	unsigned char bytes[600];
	uint16_t type = some_type(f);
	uint64_t v = edge(f);
	uint32_t n, i;

	switch (fz_below(f, 10)) {
	case 0:
		mb_u8(m, type, (uint8_t)v);
		break;
	case 1:
		mb_u16(m, type, (uint16_t)v);
		break;
	case 2:
		mb_u32(m, type, (uint32_t)v);
		break;
	case 3:
		mb_u64(m, type, v);
		break;
	case 4:
		mb_str(m, type, fz_some_path(f));
		break;
	case 5:
		mb_strn(m, type, fz_some_path(f));
		break;
	case 6:
		n = fz_below(f, sizeof(bytes));
		for (i = 0; i < n; i++)
			bytes[i] = (uint8_t)fz_rand(f);
		mb_attr(m, type, bytes, n);
		break;
	case 7:
		mb_attr(m, type, NULL, 0);
		break;
	default:
		if (depth >= 4) {
			mb_u32(m, type, (uint32_t)v);
			break;
		}
		if (fz_chance(f, 70))
			mb_nest(m, type & NLA_TYPE_MASK);
		else
			mb_nest_flat(m, type & NLA_TYPE_MASK);
		n = fz_below(f, 5);
		for (i = 0; i < n; i++)
			random_attr(f, m, depth + 1);
		mb_end(m);
		break;
	}
}

static uint16_t some_flags(struct fz *f)
{
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;

	if (fz_chance(f, 20))
		flags |= NLM_F_DUMP;
	if (fz_chance(f, 5))
		flags &= (uint16_t)~NLM_F_REQUEST;
	if (fz_chance(f, 10))
		flags &= (uint16_t)~NLM_F_ACK;
	if (fz_chance(f, 5))
		flags |= (uint16_t)fz_rand(f);
	return flags;
}

void fz_random_msg(struct fz *f, struct mb *m)
{
	uint8_t cmd;
	uint32_t n, i;

	cmd = fz_chance(f, 90) ? (uint8_t)fz_below(f, LVSS_CMD_MAX + 3) :
				 (uint8_t)fz_rand(f);
	mb_init(m, f->nl.family, some_flags(f), cmd,
		fz_chance(f, 5) ? (uint16_t)fz_rand(f) : 0);
	if (fz_chance(f, 5))
		m->buf[NLMSG_HDRLEN + 1] = (uint8_t)fz_rand(f);	/* version */
	n = fz_below(f, 7);
	for (i = 0; i < n; i++)
		random_attr(f, m, 0);
	f->st->random_msgs++;
}

static struct fz_disk *some_disk(struct fz *f)
{
	return f->ndisks ? &f->disks[fz_below(f, f->ndisks)] : NULL;
}

static const char *disk_path(struct fz *f)
{
	struct fz_disk *d = some_disk(f);

	return d && fz_chance(f, 90) ? d->path : fz_some_path(f);
}

static void store_add(struct fz *f, struct mb *m)
{
	uint32_t kind = 1 + fz_below(f, 3), n, i;

	mb_str(m, LVSS_ATTR_DEV_PATH, disk_path(f));
	if (!f->store_dev && kind == LVSS_STORE_BDEV && fz_chance(f, 80))
		kind = LVSS_STORE_MEMORY;
	if (fz_chance(f, 5))
		kind = (uint32_t)edge(f);
	mb_u32(m, LVSS_ATTR_STORE_KIND, kind);
	if (fz_chance(f, 40))
		mb_u32(m, LVSS_ATTR_CHUNK_SIZE, fz_chance(f, 80) ?
		       4096U << fz_below(f, 9) : (uint32_t)edge(f));
	if (fz_chance(f, 30))
		mb_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, fz_below(f, 101));
	switch (kind) {
	case LVSS_STORE_BDEV:
		mb_str(m, LVSS_ATTR_STORE_PATH,
		       f->store_dev && fz_chance(f, 80) ? f->store_dev :
							fz_some_path(f));
		break;
	case LVSS_STORE_FILE:
		mb_str(m, LVSS_ATTR_STORE_PATH, fz_chance(f, 50) ?
		       "/lvss/oracle-lib.sh" : fz_some_path(f));
		mb_nest(m, LVSS_ATTR_STORE_EXTENTS);
		n = fz_below(f, 6);
		for (i = 0; i < n; i++) {
			mb_nest(m, LVSS_ATTR_EXTENT);
			mb_u64(m, LVSS_ATTR_EXTENT_LOGICAL, i * 65536ULL);
			mb_u64(m, LVSS_ATTR_EXTENT_PHYSICAL, fz_chance(f, 50) ?
			       fz_below(f, 1024) * 4096ULL : edge(f));
			mb_u64(m, LVSS_ATTR_EXTENT_LENGTH, fz_chance(f, 50) ?
			       65536 : edge(f));
			mb_end(m);
		}
		mb_end(m);
		break;
	default:
		mb_u64(m, LVSS_ATTR_STORE_BYTES, fz_chance(f, 85) ?
		       (1 + fz_below(f, 16)) << 20 : edge(f));
		break;
	}
}

static void take(struct fz *f, struct mb *m)
{
	uint32_t n = 1 + (fz_chance(f, 20) ? fz_below(f, 4) : 0), i;

	if (fz_chance(f, 30))
		mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS, fz_chance(f, 70) ?
		       LVSS_FREEZE_TIMEOUT_MIN_MS + fz_below(f, 5000) :
		       (uint32_t)edge(f));
	mb_nest(m, LVSS_ATTR_MEMBERS);
	if (fz_chance(f, 2))
		n = LVSS_SET_MEMBERS_MAX + fz_below(f, 3);
	for (i = 0; i < n; i++) {
		mb_nest(m, LVSS_ATTR_MEMBER);
		mb_str(m, LVSS_ATTR_DEV_PATH, disk_path(f));
		mb_end(m);
	}
	mb_end(m);
}

static void cbt_changes(struct fz *f, struct mb *m)
{
	struct fz_disk *d = some_disk(f);
	unsigned char gen[LVSS_CBT_GENERATION_LEN];
	uint32_t i;

	mb_str(m, LVSS_ATTR_DEV_PATH, d ? d->path : fz_some_path(f));
	if (d && d->has_gen && fz_chance(f, 85)) {
		memcpy(gen, d->gen, sizeof(gen));
	} else {
		for (i = 0; i < sizeof(gen); i++)
			gen[i] = (uint8_t)fz_rand(f);
	}
	mb_attr(m, LVSS_ATTR_CBT_GENERATION, gen, sizeof(gen));
	if (d && fz_chance(f, 85)) {
		uint64_t from = d->base_seq + fz_below(f, (uint32_t)(d->seq -
						d->base_seq + 1));

		mb_u64(m, LVSS_ATTR_CBT_FROM_SEQ, from);
		if (fz_chance(f, 50))
			mb_u64(m, LVSS_ATTR_CBT_TO_SEQ, from +
			       fz_below(f, (uint32_t)(d->seq - from + 2)));
	} else {
		mb_u64(m, LVSS_ATTR_CBT_FROM_SEQ, edge(f));
		if (fz_chance(f, 50))
			mb_u64(m, LVSS_ATTR_CBT_TO_SEQ, edge(f));
	}
}

void fz_plausible(struct fz *f, struct mb *m, uint8_t cmd)
{
	uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
	struct fz_disk *d;

	if (cmd == LVSS_CMD_GET_DEVICE || cmd == LVSS_CMD_GET_SNAPSHOT ||
	    cmd == LVSS_CMD_CBT_GET_CHANGES)
		flags |= NLM_F_DUMP;
	mb_init(m, f->nl.family, flags, cmd, 0);
	switch (cmd) {
	case LVSS_CMD_GET_VERSION:
		if (fz_chance(f, 50))
			mb_u32(m, LVSS_ATTR_ABI_VERSION, fz_chance(f, 70) ?
			       LVSS_ABI_VERSION : (uint32_t)edge(f));
		break;
	case LVSS_CMD_ATTACH:
		mb_str(m, LVSS_ATTR_DEV_PATH, disk_path(f));
		if (fz_chance(f, 30))
			mb_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, fz_chance(f, 80) ?
			       4096U << fz_below(f, 9) : (uint32_t)edge(f));
		break;
	case LVSS_CMD_DETACH:
	case LVSS_CMD_CBT_INFO:
	case LVSS_CMD_CBT_RESET:
		mb_str(m, LVSS_ATTR_DEV_PATH, disk_path(f));
		break;
	case LVSS_CMD_STORE_ADD:
		store_add(f, m);
		break;
	case LVSS_CMD_SNAPSHOT_TAKE:
		take(f, m);
		break;
	case LVSS_CMD_SNAPSHOT_DELETE:
		mb_u32(m, LVSS_ATTR_SNAPSHOT_ID,
		       f->nsnaps && fz_chance(f, 80) ?
		       f->snaps[fz_below(f, f->nsnaps)].id :
		       (uint32_t)edge(f));
		break;
	case LVSS_CMD_CBT_GET_CHANGES:
		cbt_changes(f, m);
		break;
	case LVSS_CMD_CBT_MARK_DIRTY:
		d = some_disk(f);
		mb_str(m, LVSS_ATTR_DEV_PATH, d ? d->path : fz_some_path(f));
		if (d && d->size && fz_chance(f, 70)) {
			uint64_t off = fz_rand(f) % d->size;

			mb_u64(m, LVSS_ATTR_CBT_OFFSET, off);
			mb_u64(m, LVSS_ATTR_CBT_LENGTH,
			       1 + fz_rand(f) % (d->size - off));
		} else {
			mb_u64(m, LVSS_ATTR_CBT_OFFSET, edge(f));
			mb_u64(m, LVSS_ATTR_CBT_LENGTH, edge(f));
		}
		break;
	default:
		break;	/* GET_STATUS, the dumps, events, unknown: none */
	}
}

/* Offsets of the attributes in @m, nested ones included (at most @max). */
static int attr_offsets(const struct mb *m, size_t start, size_t end,
			long *offs, int n, int max, int depth)
{
	size_t off = start;

	while (off + NLA_HDRLEN <= end && n < max) {
		struct nlattr a;

		memcpy(&a, m->buf + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > end)
			break;
		offs[n++] = (long)off;
		if (depth < 4 && a.nla_len >= 2 * NLA_HDRLEN)
			n = attr_offsets(m, off + NLA_HDRLEN, off + a.nla_len,
					 offs, n, max, depth + 1);
		off += NLA_ALIGN(a.nla_len);
	}
	return n;
}

static void put16(struct mb *m, long off, uint16_t v)
{
	memcpy(m->buf + off, &v, sizeof(v));
}

void fz_mutate(struct fz *f, struct mb *m)
{
	uint32_t rounds = 1 + fz_below(f, 3), r;
	size_t body = NLMSG_HDRLEN + GENL_HDRLEN;
	long offs[64];
	int n;

	f->st->mutated_msgs++;
	for (r = 0; r < rounds; r++) {
		struct nlattr a;
		long at;

		n = attr_offsets(m, body, m->len, offs, 0, 64, 0);
		at = n ? offs[fz_below(f, n)] : -1;
		switch (fz_below(f, 14)) {
		case 0:	/* flip a bit in the attributes */
			if (m->len > body) {
				size_t i = body + fz_below(f, m->len - body);

				m->buf[i] ^= (uint8_t)(1U << fz_below(f, 8));
			}
			break;
		case 1:	/* any byte, the headers too */
			m->buf[fz_below(f, (uint32_t)m->len)] = (uint8_t)fz_rand(f);
			break;
		case 2:	/* truncate */
			m->len = NLMSG_HDRLEN + fz_below(f, m->len - NLMSG_HDRLEN + 1);
			if (m->len < NLMSG_HDRLEN + GENL_HDRLEN && fz_chance(f, 50))
				m->len = NLMSG_HDRLEN + GENL_HDRLEN;
			break;
		case 3:	/* nlmsg_len lies */
			m->nlmsg_len = fz_chance(f, 50) ?
				(long)fz_below(f, m->len + 64) :
				(long)(uint32_t)edge(f);
			break;
		case 4:	/* fewer bytes sent than the header says */
			m->send_len = (long)fz_below(f, m->len + 1);
			break;
		case 5:	/* an attribute's length lies */
			if (at >= 0)
				put16(m, at, fz_chance(f, 50) ?
				      (uint16_t)fz_below(f, 16) :
				      (uint16_t)edge(f));
			break;
		case 6:	/* an attribute's type, nesting or byte-order flag */
			if (at >= 0) {
				memcpy(&a, m->buf + at, sizeof(a));
				if (fz_chance(f, 50))
					a.nla_type ^= fz_chance(f, 70) ?
						NLA_F_NESTED : NLA_F_NET_BYTEORDER;
				else
					a.nla_type = some_type(f);
				memcpy(m->buf + at, &a, sizeof(a));
			}
			break;
		case 7:	/* integers to edge values */
			if (at >= 0) {
				uint64_t v = edge(f);

				memcpy(&a, m->buf + at, sizeof(a));
				if (a.nla_len == NLA_HDRLEN + 4) {
					uint32_t v32 = (uint32_t)v;

					memcpy(m->buf + at + NLA_HDRLEN, &v32, 4);
				} else if (a.nla_len == NLA_HDRLEN + 8) {
					memcpy(m->buf + at + NLA_HDRLEN, &v, 8);
				}
			}
			break;
		case 8:	/* duplicate an attribute at the end */
			if (at >= 0) {
				unsigned char copy[4096];
				size_t len;

				memcpy(&a, m->buf + at, sizeof(a));
				len = NLA_ALIGN(a.nla_len);
				if (len <= sizeof(copy) && at + len <= m->len) {
					memcpy(copy, m->buf + at, len);
					mb_raw(m, copy, len);
				}
			}
			break;
		case 9:	/* drop everything from an attribute on */
			if (at >= 0)
				m->len = (size_t)at;
			break;
		case 10: /* another attribute, or unaligned garbage */
			if (fz_chance(f, 70)) {
				random_attr(f, m, 0);
			} else {
				unsigned char junk[8];
				uint32_t i, k = 1 + fz_below(f, 7);

				for (i = 0; i < k; i++)
					junk[i] = (uint8_t)fz_rand(f);
				mb_raw(m, junk, k);
			}
			break;
		case 11: /* another command */
			m->buf[NLMSG_HDRLEN] = fz_chance(f, 80) ?
				(uint8_t)fz_below(f, LVSS_CMD_MAX + 3) :
				(uint8_t)fz_rand(f);
			break;
		case 12: /* other flags */
			put16(m, 6, (uint16_t)(some_flags(f) ^
			      (fz_chance(f, 30) ? NLM_F_DUMP : 0)));
			break;
		default: /* genl version or reserved field */
			m->buf[NLMSG_HDRLEN + 1 + fz_below(f, 3)] =
				(uint8_t)fz_rand(f);
			break;
		}
	}
	/* Our family: other families' bugs are not ours to find here. */
	put16(m, 4, fz_chance(f, 3) ? (uint16_t)fz_below(f, NLMSG_MIN_TYPE) :
				      f->nl.family);
	m->depth = 0;
	m->overflow = false;
}
