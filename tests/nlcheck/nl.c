// SPDX-License-Identifier: MIT
/*
 * The socket side of lvss-nlcheck. libnl opens the socket and resolves the
 * family; after that requests go out with sendto() exactly as built and
 * answers are read raw, because libnl 3.7 neither sends malformed
 * messages nor parses extended acks.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "nlcheck.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int nlc_open(struct nlc *h, char *why, size_t len)
{
	struct nl_sock *sk;
	int one = 1, rc;

	memset(h, 0, sizeof(*h));
	h->fd = -1;
	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(why, len, "nl_socket_alloc failed");
		return -1;
	}
	rc = genl_connect(sk);
	if (rc < 0) {
		snprintf(why, len, "genl_connect: %s", nl_geterror(rc));
		nl_socket_free(sk);
		return -1;
	}
	rc = genl_ctrl_resolve(sk, LVSS_GENL_NAME);
	if (rc < 0) {
		snprintf(why, len,
			 "generic netlink family \"%s\" not found (%s): is lvss.ko loaded?",
			 LVSS_GENL_NAME, nl_geterror(rc));
		nl_socket_free(sk);
		return -1;
	}
	h->sk = sk;
	h->family = (uint16_t)rc;
	h->fd = nl_socket_get_fd(sk);
	h->portid = nl_socket_get_local_port(sk);
	h->seq = (uint32_t)time(NULL);
	if (setsockopt(h->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
		       sizeof(one)) < 0) {
		snprintf(why, len, "NETLINK_EXT_ACK: %s", strerror(errno));
		nlc_close(h);
		return -1;
	}
	/* Errors need not echo the request: ext-ack offsets still refer to it. */
	setsockopt(h->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	return 0;
}

void nlc_close(struct nlc *h)
{
	if (h->sk)
		nl_socket_free(h->sk);
	h->sk = NULL;
	h->fd = -1;
}

static uint32_t get_u32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Where the TLVs of an NLMSG_ERROR or NLMSG_DONE start, or 0 when it has
 * none (as in user/lib/lvss_nl_parse.c): an error is nlmsghdr | struct
 * nlmsgerr | the echoed request payload unless NLM_F_CAPPED | TLVs; a
 * dump's end is nlmsghdr | int errno | TLVs. NLM_F_ACK_TLVS says TLVs
 * follow.
 */
static size_t extack_offset(const unsigned char *p, size_t len)
{
	struct nlmsghdr nlh;
	struct nlmsgerr e;
	size_t off;

	if (len < sizeof(nlh))
		return 0;
	memcpy(&nlh, p, sizeof(nlh));
	if (!(nlh.nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (nlh.nlmsg_type == NLMSG_DONE)
		return NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	if (nlh.nlmsg_type != NLMSG_ERROR)
		return 0;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(e));
	if (len < off)
		return 0;
	memcpy(&e, p + NLMSG_HDRLEN, sizeof(e));
	if (!(nlh.nlmsg_flags & NLM_F_CAPPED)) {
		if (e.msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		off += NLMSG_ALIGN(e.msg.nlmsg_len - NLMSG_HDRLEN);
	}
	return off;
}

void nlc_parse_extack(const void *msg, size_t len, struct answer *a)
{
	const unsigned char *p = msg;
	size_t off = extack_offset(p, len);
	struct nlattr nla;

	a->has_msg = false;
	a->msg[0] = '\0';
	a->offs = a->miss_type = a->miss_nest = -1;
	if (!off)
		return;
	while (off + NLA_HDRLEN <= len) {
		size_t plen;

		memcpy(&nla, p + off, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || off + nla.nla_len > len)
			break;
		plen = nla.nla_len - NLA_HDRLEN;
		switch (nla.nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG: {
			size_t n = strnlen((const char *)p + off + NLA_HDRLEN,
					   plen);

			if (n >= sizeof(a->msg))
				n = sizeof(a->msg) - 1;
			memcpy(a->msg, p + off + NLA_HDRLEN, n);
			a->msg[n] = '\0';
			a->has_msg = n > 0;
			break;
		}
		case NLMSGERR_ATTR_OFFS:
			if (plen >= 4)
				a->offs = get_u32(p + off + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen >= 4)
				a->miss_type = get_u32(p + off + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (plen >= 4)
				a->miss_nest = get_u32(p + off + NLA_HDRLEN);
			break;
		}
		off += NLA_ALIGN(nla.nla_len);
	}
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void broken(struct answer *a, const char *what, int err)
{
	a->kind = ANS_BROKEN;
	if (err)
		snprintf(a->why, sizeof(a->why), "%s: %s", what, strerror(err));
	else
		snprintf(a->why, sizeof(a->why), "%s", what);
}

/* One datagram; true when the answer is complete. */
static bool take_datagram(const unsigned char *buf, size_t n, uint32_t seq,
			  struct answer *a)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= n) {
		struct nlmsghdr nlh;

		memcpy(&nlh, buf + off, sizeof(nlh));
		if (nlh.nlmsg_len < NLMSG_HDRLEN || off + nlh.nlmsg_len > n) {
			broken(a, "a malformed netlink message came back", 0);
			return true;
		}
		if (nlh.nlmsg_seq != seq) {
			/* Late answer to an earlier request: not ours. */
		} else if (nlh.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;

			if (nlh.nlmsg_len < NLMSG_HDRLEN + sizeof(e)) {
				broken(a, "a truncated NLMSG_ERROR came back", 0);
				return true;
			}
			memcpy(&e, buf + off + NLMSG_HDRLEN, sizeof(e));
			a->kind = ANS_ERROR;
			a->err = -e.error;
			nlc_parse_extack(buf + off, nlh.nlmsg_len, a);
			return true;
		} else if (nlh.nlmsg_type == NLMSG_DONE) {
			int err = 0;

			if (nlh.nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
				memcpy(&err, buf + off + NLMSG_HDRLEN,
				       sizeof(err));
			a->kind = ANS_DONE;
			a->err = -err;
			nlc_parse_extack(buf + off, nlh.nlmsg_len, a);
			return true;
		} else if (nlh.nlmsg_type != NLMSG_NOOP) {
			if (!a->nreplies++ && nlh.nlmsg_len <= sizeof(a->reply)) {
				memcpy(a->reply, buf + off, nlh.nlmsg_len);
				a->reply_len = nlh.nlmsg_len;
			}
		}
		off += NLMSG_ALIGN(nlh.nlmsg_len);
	}
	return false;
}

void nlc_exchange(struct nlc *h, struct mb *m, int timeout_ms,
		  struct answer *a)
{
	static unsigned char buf[1 << 18];
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	uint32_t seq = ++h->seq;
	size_t len;
	long deadline;

	memset(a, 0, offsetof(struct answer, reply));
	a->offs = a->miss_type = a->miss_nest = -1;
	a->reply_len = 0;
	a->why[0] = '\0';
	a->kind = ANS_NONE;
	if (m->overflow || m->depth) {
		broken(a, "the case built a broken request (builder overflow or open nest)", 0);
		return;
	}
	len = mb_finish(m, seq, h->portid);
	if (sendto(h->fd, m->buf, len, 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0) {
		broken(a, "sendto", errno);
		return;
	}
	deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
		long left = deadline - now_ms();
		ssize_t n;
		int rc;

		if (left <= 0)
			return;		/* ANS_NONE */
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			broken(a, "poll", errno);
			return;
		}
		if (!rc)
			return;		/* ANS_NONE */
		n = recv(h->fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			broken(a, "recv", errno);
			return;
		}
		if ((size_t)n > sizeof(buf)) {
			broken(a, "an answer larger than the receive buffer", 0);
			return;
		}
		if (take_datagram(buf, (size_t)n, seq, a))
			return;
	}
}

static const void *find_attr(const unsigned char *p, size_t len,
			     uint16_t type, size_t *out_len)
{
	size_t off = 0;
	struct nlattr nla;

	while (off + NLA_HDRLEN <= len) {
		memcpy(&nla, p + off, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || off + nla.nla_len > len)
			return NULL;
		if ((nla.nla_type & NLA_TYPE_MASK) == type) {
			*out_len = nla.nla_len - NLA_HDRLEN;
			return p + off + NLA_HDRLEN;
		}
		off += NLA_ALIGN(nla.nla_len);
	}
	return NULL;
}

const void *nlc_reply_attr(const struct answer *a, uint16_t type,
			   size_t *len)
{
	size_t start = NLMSG_HDRLEN + GENL_HDRLEN;

	if (a->reply_len < start)
		return NULL;
	return find_attr(a->reply + start, a->reply_len - start, type, len);
}

const void *nlc_nested_attr(const void *nest, size_t nest_len,
			    uint16_t type, size_t *len)
{
	return find_attr(nest, nest_len, type, len);
}
