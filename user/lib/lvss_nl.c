// SPDX-License-Identifier: MIT
/*
 * The netlink transport of liblvss: one generic netlink socket per handle,
 * a request/reply loop that keeps the kernel's errno and extended-ack
 * message, and the public calls built on it. Reply parsing is in
 * lvss_nl_parse.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "lvss_error.h"
#include "lvss_nl.h"

struct lvss_handle {
	struct nl_sock *sk;
	int family;		/* resolved id of LVSS_GENL_NAME */
};

/* State of one request while its answer comes in. */
struct reply_ctx {
	struct nl_msg *reply;	/* the one reply of a doit command, a ref */
	int kernel_errno;	/* positive errno from NLMSG_ERROR, 0 if none */
	char extack[LVSS_ERROR_MSG_MAX];
	bool done;		/* ack or error seen */
};

/* libnl's own failures (not the kernel's answer): socket, send, receive. */
static int nl_failed(struct lvss_error *err, const char *what, int nlerr)
{
	return lvss_error_set(err, EIO, "cannot %s: netlink: %s", what,
			      nl_geterror(nlerr));
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct reply_ctx *ctx = arg;

	if (!ctx->reply) {
		nlmsg_get(msg);
		ctx->reply = msg;
	}
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct reply_ctx *ctx = arg;

	(void)msg;
	ctx->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct reply_ctx *ctx = arg;
	/* libnl hands us nlmsg_data() of the NLMSG_ERROR message. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);

	(void)who;
	ctx->kernel_errno = -e->error;
	lvss_nl_extack_msg(nlh, ctx->extack, sizeof(ctx->extack));
	ctx->done = true;
	return NL_STOP;
}

static struct nl_msg *new_request(struct lvss_handle *h, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
				0, cmd, LVSS_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/*
 * Sends @req (consumed) and waits for the kernel's ack or error. On success
 * *@reply holds the reply message (caller frees with nlmsg_free()).
 */
static int transact(struct lvss_handle *h, struct nl_msg *req,
		    const char *what, struct nl_msg **reply,
		    struct lvss_error *err)
{
	struct reply_ctx ctx = { 0 };
	struct nl_cb *cb;
	int rc;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &ctx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &ctx);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &ctx);

	rc = nl_send_auto(h->sk, req);
	nlmsg_free(req);
	if (rc < 0) {
		rc = nl_failed(err, what, rc);
		goto out;
	}
	/* A doit reply and its ack may arrive in separate datagrams. */
	while (!ctx.done) {
		rc = nl_recvmsgs_report(h->sk, cb);
		if (rc <= 0)
			break;
	}

	if (ctx.kernel_errno)
		rc = lvss_error_kernel(err, ctx.kernel_errno, what, ctx.extack);
	else if (!ctx.done)
		rc = nl_failed(err, what, rc ? rc : -NLE_FAILURE);
	else if (!ctx.reply)
		rc = lvss_error_set(err, EBADMSG,
				    "cannot %s: lvss.ko acknowledged without a reply",
				    what);
	else
		rc = 0;
out:
	if (rc == 0)
		*reply = ctx.reply;
	else
		nlmsg_free(ctx.reply);	/* NULL-safe */
	nl_cb_put(cb);
	return rc;
}

/* Best effort: without ext-ack we only lose the kernel's detail message. */
static void enable_ext_ack(struct nl_sock *sk)
{
	int one = 1;

	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	/* Errors need not echo our whole request back. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
}

int lvss_get_version(struct lvss_handle *h, struct lvss_version *out,
		     struct lvss_error *err)
{
	static const char what[] = "read the lvss.ko version";
	struct lvss_version v;
	struct nl_msg *req, *reply = NULL;
	int rc;

	lvss_error_clear(err);
	req = new_request(h, LVSS_CMD_GET_VERSION);
	/* Our ABI goes along so the module can refuse a different major. */
	if (!req || nla_put_u32(req, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION)) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = transact(h, req, what, &reply, err);
	if (rc)
		return rc;
	rc = lvss_nl_parse_version(nlmsg_hdr(reply), &v, err);
	nlmsg_free(reply);
	if (!rc)
		*out = v;
	return rc;
}

int lvss_get_status(struct lvss_handle *h, struct lvss_status *out,
		    struct lvss_error *err)
{
	static const char what[] = "read the lvss.ko status";
	struct lvss_status s;
	struct nl_msg *req, *reply = NULL;
	int rc;

	lvss_error_clear(err);
	req = new_request(h, LVSS_CMD_GET_STATUS);
	if (!req)
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	rc = transact(h, req, what, &reply, err);
	if (rc)
		return rc;
	rc = lvss_nl_parse_status(nlmsg_hdr(reply), &s, err);
	nlmsg_free(reply);
	if (!rc)
		*out = s;
	return rc;
}

/* The module must speak our ABI major before any other command is sent. */
static int handshake(struct lvss_handle *h, struct lvss_error *err)
{
	char ours[LVSS_ABI_STR_MAX], theirs[LVSS_ABI_STR_MAX];
	struct lvss_version v;
	int rc;

	rc = lvss_get_version(h, &v, err);
	if (rc)
		return rc;
	if (lvss_abi_compatible(v.abi))
		return 0;
	return lvss_error_set(err, EPROTO,
		"lvss.ko %s speaks ABI %s but lvss tools %s speak ABI %s: install tools and module from the same release",
		v.module, lvss_abi_format(v.abi, theirs, sizeof(theirs)),
		lvss_tools_version(),
		lvss_abi_format(LVSS_ABI_VERSION, ours, sizeof(ours)));
}

int lvss_open(struct lvss_handle **hp, struct lvss_error *err)
{
	static const char what[] = "connect to lvss.ko";
	struct lvss_handle *h;
	int rc;

	lvss_error_clear(err);
	h = calloc(1, sizeof(*h));
	if (!h)
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	h->sk = nl_socket_alloc();
	if (!h->sk) {
		rc = lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				    what);
		goto err_free;
	}
	rc = genl_connect(h->sk);
	if (rc < 0) {
		rc = nl_failed(err, what, rc);
		goto err_sock;
	}
	enable_ext_ack(h->sk);

	h->family = genl_ctrl_resolve(h->sk, LVSS_GENL_NAME);
	if (h->family == -NLE_OBJ_NOTFOUND) {
		rc = lvss_error_set(err, ENOENT, "%s", LVSS_MSG_NOT_LOADED);
		goto err_sock;
	}
	if (h->family < 0) {
		rc = nl_failed(err, what, h->family);
		goto err_sock;
	}

	rc = handshake(h, err);
	if (rc)
		goto err_sock;
	*hp = h;
	return 0;

err_sock:
	nl_socket_free(h->sk);	/* closes the socket */
err_free:
	free(h);
	return rc;
}

void lvss_close(struct lvss_handle *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}
