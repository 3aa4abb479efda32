// SPDX-License-Identifier: MIT
/*
 * The request builder: a generic netlink message written byte by byte,
 * so a case can put any type, length, flag or garbage where it likes.
 * Attributes are padded to NLA_ALIGNTO like the kernel expects; mb_raw()
 * appends without padding for the malformed cases.
 */
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlcheck.h"

static struct nlmsghdr *hdr(struct mb *m)
{
	return (struct nlmsghdr *)m->buf;
}

void mb_init(struct mb *m, uint16_t family, uint16_t flags, uint8_t cmd,
	     uint16_t reserved)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->depth = 0;
	m->mark = -1;
	m->nlmsg_len = -1;
	m->send_len = -1;
	m->overflow = false;
	hdr(m)->nlmsg_type = family;
	hdr(m)->nlmsg_flags = flags;
	g = (struct genlmsghdr *)(m->buf + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = LVSS_GENL_VERSION;
	g->reserved = reserved;
}

void mb_mark(struct mb *m)
{
	m->mark = (long)m->len;
}

void mb_raw(struct mb *m, const void *data, size_t len)
{
	if (m->len + len > sizeof(m->buf)) {
		m->overflow = true;
		return;
	}
	memcpy(m->buf + m->len, data, len);
	m->len += len;
}

static void pad(struct mb *m)
{
	static const unsigned char zero[NLA_ALIGNTO];

	mb_raw(m, zero, NLA_ALIGN(m->len) - m->len);
}

void mb_attr(struct mb *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = {
		.nla_len = (uint16_t)(NLA_HDRLEN + len),
		.nla_type = type,
	};

	pad(m);
	mb_raw(m, &a, sizeof(a));
	if (len)
		mb_raw(m, data, len);
	pad(m);
}

void mb_u8(struct mb *m, uint16_t type, uint8_t v)
{
	mb_attr(m, type, &v, sizeof(v));
}

void mb_u16(struct mb *m, uint16_t type, uint16_t v)
{
	mb_attr(m, type, &v, sizeof(v));
}

void mb_u32(struct mb *m, uint16_t type, uint32_t v)
{
	mb_attr(m, type, &v, sizeof(v));
}

void mb_u64(struct mb *m, uint16_t type, uint64_t v)
{
	mb_attr(m, type, &v, sizeof(v));
}

void mb_str(struct mb *m, uint16_t type, const char *s)
{
	mb_attr(m, type, s, strlen(s) + 1);
}

void mb_strn(struct mb *m, uint16_t type, const char *s)
{
	mb_attr(m, type, s, strlen(s));
}

static void nest_start(struct mb *m, uint16_t type)
{
	if (m->depth == MB_NEST_MAX) {
		m->overflow = true;
		return;
	}
	pad(m);
	m->nest[m->depth++] = m->len;
	mb_attr(m, type, NULL, 0);
}

void mb_nest(struct mb *m, uint16_t type)
{
	nest_start(m, type | NLA_F_NESTED);
}

void mb_nest_flat(struct mb *m, uint16_t type)
{
	nest_start(m, type);
}

void mb_end(struct mb *m)
{
	struct nlattr *a;

	if (!m->depth) {
		m->overflow = true;
		return;
	}
	a = (struct nlattr *)(m->buf + m->nest[--m->depth]);
	pad(m);
	a->nla_len = (uint16_t)(m->buf + m->len - (unsigned char *)a);
}

size_t mb_finish(struct mb *m, uint32_t seq, uint32_t portid)
{
	hdr(m)->nlmsg_len = m->nlmsg_len >= 0 ? (uint32_t)m->nlmsg_len :
						(uint32_t)m->len;
	hdr(m)->nlmsg_seq = seq;
	hdr(m)->nlmsg_pid = portid;
	return m->send_len >= 0 ? (size_t)m->send_len : m->len;
}

int mb_attr_type_at(const struct mb *m, long off)
{
	struct nlattr a;

	if (off < 0 || (size_t)off + NLA_HDRLEN > m->len)
		return -1;
	memcpy(&a, m->buf + off, sizeof(a));	/* @off comes from the kernel */
	return a.nla_type & NLA_TYPE_MASK;
}
