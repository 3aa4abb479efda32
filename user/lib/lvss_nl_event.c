// SPDX-License-Identifier: MIT
/*
 * Events: joining lvss.ko's multicast group (LVSS_GENL_MCGRP_EVENTS_NAME)
 * and reading what it sends. Events come unasked and without sequence
 * numbers, so a handle that listens takes no more requests (lvss.h);
 * parsing is lvss_nl_parse_event()'s, in lvss_nl_parse.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "lvss_error.h"
#include "lvss_nl.h"

int lvss_events_subscribe(struct lvss_handle *h, struct lvss_error *err)
{
	static const char what[] = "listen for lvss events";
	int grp, rc;

	lvss_error_clear(err);
	if (h->listening)
		return 0;
	grp = genl_ctrl_resolve_grp(h->sk, LVSS_GENL_NAME,
				    LVSS_GENL_MCGRP_EVENTS_NAME);
	if (grp == -NLE_OBJ_NOTFOUND) {
		/* No such group, or no family at all any more. */
		if (genl_ctrl_resolve(h->sk, LVSS_GENL_NAME) ==
		    -NLE_OBJ_NOTFOUND)
			return lvss_error_set(err, ENOENT, "%s",
					      LVSS_MSG_NOT_LOADED);
		return lvss_error_too_old(err, "events", h->module.module,
					  h->module.abi, LVSS_ABI_EVENTS);
	}
	if (grp < 0)
		return lvss_error_set(err, EIO, "cannot %s: netlink: %s", what,
				      nl_geterror(grp));
	rc = nl_socket_add_membership(h->sk, grp);
	if (rc == -NLE_PERM || rc == -NLE_NOACCESS)
		return lvss_error_set(err, EPERM, "%s",
				      LVSS_MSG_EVENTS_NEED_ADMIN);
	if (rc < 0)
		return lvss_error_set(err, EIO, "cannot %s: netlink: %s", what,
				      nl_geterror(rc));
	/* Events have sequence number 0; the handle's cb reads them. */
	nl_socket_disable_seq_check(h->sk);
	h->listening = true;
	return 0;
}

int lvss_event_fd(const struct lvss_handle *h)
{
	return h->listening ? nl_socket_get_fd(h->sk) : -1;
}

/* What one read from the socket brought. */
struct event_read {
	bool seen;		/* a message of the family came */
	int rc;			/* lvss_nl_parse_event()'s answer */
	struct lvss_event ev;
	struct lvss_error err;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct event_read *r = arg;

	r->seen = true;
	r->rc = lvss_nl_parse_event(nlmsg_hdr(msg), &r->ev, &r->err);
	/*
	 * lvss.ko multicasts each event alone, so a datagram holds one;
	 * after one to skip, look on anyway.
	 */
	return r->rc == -ENOMSG ? NL_OK : NL_STOP;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 0 when the socket has something (or an error) to read. */
static int wait_readable(struct lvss_handle *h, int wait_ms, int timeout_ms,
			 struct lvss_error *err)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	int n;

	n = poll(&pfd, 1, wait_ms);
	if (n > 0)
		return 0;
	if (n == 0)
		return lvss_error_set(err, ETIMEDOUT,
				      "no lvss event came within %d ms",
				      timeout_ms);
	if (errno == EINTR)
		return lvss_error_set(err, EINTR,
			"waiting for lvss events was interrupted by a signal");
	return lvss_error_set(err, errno, "cannot wait for lvss events: %s",
			      strerror(errno));
}

/*
 * Reads one datagram with @cb: 0 and @out, -ENOMSG when it held nothing
 * to return (skipped, or no event at all), else -errno.
 */
static int read_event(struct lvss_handle *h, struct nl_cb *cb,
		      struct lvss_event *out, struct lvss_error *err)
{
	struct event_read r = { .rc = -ENOMSG };
	int rc;

	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &r);
	rc = nl_recvmsgs_report(h->sk, cb);
	/* The socket's buffer ran over (ENOBUFS) and dropped events. */
	if (rc == -NLE_NOMEM)
		return lvss_error_set(err, ENOBUFS,
			"lvss events were lost: they came faster than they were read; the next ones still come");
	if (rc < 0)
		return lvss_error_set(err, EIO,
				      "cannot receive lvss events: netlink: %s",
				      nl_geterror(rc));
	if (!r.seen || r.rc == -ENOMSG)
		return -ENOMSG;
	if (r.rc)
		return lvss_error_set(err, r.err.code, "%s", r.err.msg);
	*out = r.ev;
	return 0;
}

int lvss_event_next(struct lvss_handle *h, int timeout_ms,
		    struct lvss_event *out, struct lvss_error *err)
{
	int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
	struct nl_cb *sock_cb, *cb;
	int64_t left;
	int rc, wait;

	lvss_error_clear(err);
	if (!h->listening)
		return lvss_error_set(err, EINVAL,
			"cannot wait for lvss events: this handle does not listen; call lvss_events_subscribe() first");
	/* The socket's callbacks, which no longer check sequence numbers. */
	sock_cb = nl_socket_get_cb(h->sk);
	cb = sock_cb ? nl_cb_clone(sock_cb) : NULL;
	nl_cb_put(sock_cb);	/* NULL-safe */
	if (!cb)
		return lvss_error_set(err, ENOMEM,
				      "cannot receive lvss events: out of memory");
	do {
		wait = -1;
		if (deadline >= 0) {
			left = deadline - now_ms();
			wait = left > 0 ? (int)left : 0;
		}
		rc = wait_readable(h, wait, timeout_ms, err);
		if (!rc)
			rc = read_event(h, cb, out, err);
	} while (rc == -ENOMSG);
	nl_cb_put(cb);
	return rc;
}
