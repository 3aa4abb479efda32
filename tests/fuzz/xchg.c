// SPDX-License-Identifier: MIT
/*
 * One request and everything that comes back for it. A doit handler runs
 * inside sendto(), so its reply and ack are queued when sendto() returns;
 * a dump's later parts are made inside recv(). Nothing comes later, so
 * reading stops after FZ_IDLE_MS without a datagram (FZ_NOACK_MS when no
 * ack was asked for): a request the kernel drops silently (no
 * NLM_F_REQUEST, a lying nlmsg_len) or whose end was cut off by a small
 * receive buffer costs that much, not more; FZ_ANSWER_MS caps a long
 * dump. A watchdog (alarm()) ends the worker if the kernel holds sendto()
 * or recv() for FZ_WATCHDOG_S. Answers to earlier requests (a dump left
 * unread, a late ack) are discarded by sequence number. Events on the
 * multicast group are read and counted.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "nlfuzz.h"

#define FZ_ANSWER_MS	30000	/* the whole answer, a long dump's too */
#define FZ_IDLE_MS	250	/* silence that ends an answer */
#define FZ_NOACK_MS	20	/* the same, when no ack was asked for */
#define FZ_WATCHDOG_S	240	/* one exchange, debug kernel included */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int fz_events_open(struct fz *f)
{
	struct nl_sock *sk = nl_socket_alloc();
	int grp;

	f->evsk = NULL;
	f->evfd = -1;
	if (!sk)
		return -1;
	if (genl_connect(sk) < 0)
		goto err;
	grp = genl_ctrl_resolve_grp(sk, LVSS_GENL_NAME,
				    LVSS_GENL_MCGRP_EVENTS_NAME);
	if (grp < 0 || nl_socket_add_membership(sk, grp) < 0)
		goto err;
	nl_socket_set_buffer_size(sk, 1 << 16, 1 << 16);
	f->evsk = sk;
	f->evfd = nl_socket_get_fd(sk);
	return 0;
err:
	nl_socket_free(sk);
	return -1;
}

void fz_events_drain(struct fz *f)
{
	static unsigned char buf[16384];
	ssize_t n;

	if (f->evfd < 0)
		return;
	for (;;) {
		size_t off = 0;

		n = recv(f->evfd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == ENOBUFS)
			continue;	/* overrun: events were lost, go on */
		if (n <= 0)
			return;
		while (off + NLMSG_HDRLEN <= (size_t)n) {
			struct nlmsghdr nlh;

			memcpy(&nlh, buf + off, sizeof(nlh));
			if (nlh.nlmsg_len < NLMSG_HDRLEN ||
			    off + nlh.nlmsg_len > (size_t)n)
				break;
			f->st->events++;
			off += NLMSG_ALIGN(nlh.nlmsg_len);
		}
	}
}

const void *fz_attr(const unsigned char *msg, size_t len, uint16_t type,
		    size_t *alen)
{
	size_t start = NLMSG_HDRLEN + GENL_HDRLEN;

	if (len < start)
		return NULL;
	return nlc_nested_attr(msg + start, len - start, type, alen);
}

/* One datagram; true when the answer is complete. */
static bool take(struct fz *f, const unsigned char *buf, size_t n,
		 uint32_t seq, fz_reply_fn fn)
{
	size_t off = 0;

	while (off + NLMSG_HDRLEN <= n) {
		struct nlmsghdr nlh;

		memcpy(&nlh, buf + off, sizeof(nlh));
		if (nlh.nlmsg_len < NLMSG_HDRLEN || off + nlh.nlmsg_len > n)
			return false;	/* cut by our buffer: keep reading */
		if (nlh.nlmsg_seq != seq) {
			/* an answer to an earlier request */
		} else if (nlh.nlmsg_type == NLMSG_ERROR ||
			   nlh.nlmsg_type == NLMSG_DONE) {
			int err = 0;

			if (nlh.nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
				memcpy(&err, buf + off + NLMSG_HDRLEN,
				       sizeof(err));
			f->last_err = err < 0 ? -err : err;
			return true;
		} else if (nlh.nlmsg_type != NLMSG_NOOP) {
			f->st->replies++;
			if (!f->nreplies++ &&
			    nlh.nlmsg_len <= sizeof(f->reply)) {
				memcpy(f->reply, buf + off, nlh.nlmsg_len);
				f->reply_len = nlh.nlmsg_len;
			}
			if (fn)
				fn(f, buf + off, nlh.nlmsg_len);
		}
		off += NLMSG_ALIGN(nlh.nlmsg_len);
	}
	return false;
}

int fz_exchange(struct fz *f, struct mb *m, fz_reply_fn fn)
{
	static unsigned char buf[1 << 17];
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	uint32_t seq = ++f->nl.seq;
	struct nlmsghdr *h = (struct nlmsghdr *)m->buf;
	uint8_t cmd = m->buf[NLMSG_HDRLEN];
	bool ack = h->nlmsg_flags & (NLM_F_ACK | NLM_F_DUMP);
	size_t len, rcvlen = sizeof(buf);
	long t0, deadline;

	f->last_err = -1;
	f->reply_len = 0;
	f->nreplies = 0;
	if (m->overflow)
		return -1;
	/* Now and then a small receive buffer: dumps split, replies cut. */
	if (!f->plain && fz_chance(f, 10))
		rcvlen = 16 + fz_below(f, 8192);
	len = mb_finish(m, seq, f->nl.portid);
	if (len > sizeof(m->buf))
		len = sizeof(m->buf);
	t0 = now_ms();
	alarm(FZ_WATCHDOG_S);
	f->st->sent++;
	if (sendto(f->nl.fd, m->buf, len, 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0) {
		int e = errno;

		alarm(0);
		f->st->send_err[e < FZ_ERRNO_MAX ? e : FZ_ERRNO_MAX - 1]++;
		if (e == EBADF || e == ENOTSOCK)
			f->st->broken++;
		return -1;
	}
	deadline = now_ms() + FZ_ANSWER_MS;
	for (;;) {
		struct pollfd pfd = { .fd = f->nl.fd, .events = POLLIN };
		long left = deadline - now_ms();
		long idle = ack ? FZ_IDLE_MS : FZ_NOACK_MS;
		ssize_t n;
		int rc;

		if (left <= 0)
			break;
		rc = poll(&pfd, 1, (int)(left < idle ? left : idle));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			break;
		n = recv(f->nl.fd, buf, rcvlen, MSG_TRUNC | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0 && errno == ENOBUFS)
			continue;	/* our queue overran: read on */
		if (n < 0) {
			/* A dump's error can come back through recv(). */
			f->last_err = errno;
			break;
		}
		if ((size_t)n > rcvlen) {
			f->st->truncated++;
			n = (ssize_t)rcvlen;
		}
		if (take(f, buf, (size_t)n, seq, fn))
			break;
	}
	alarm(0);
	if (now_ms() - t0 > (long)f->st->slowest_ms) {
		f->st->slowest_ms = (uint64_t)(now_ms() - t0);
		f->st->slowest_cmd = cmd;
	}
	if (f->last_err < 0)
		f->st->no_answer++;
	else
		f->st->answer[f->last_err < FZ_ERRNO_MAX ? f->last_err :
			      FZ_ERRNO_MAX - 1]++;
	fz_events_drain(f);
	return f->last_err;
}
