// SPDX-License-Identifier: MIT
/*
 * The netlink transport of liblvss: one generic netlink socket per handle,
 * a request/reply loop and a dump loop that keep the kernel's errno and
 * extended-ack message, and the public calls on versions and devices built
 * on them. Reply parsing is in lvss_nl_parse.c, collecting a dump in
 * lvss_nl_dump.c; the store, snapshot and changed-block tracking calls in
 * lvss_nl_store.c, lvss_nl_snapshot.c and lvss_nl_cbt.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "lvss_dev_path.h"
#include "lvss_error.h"
#include "lvss_nl.h"

/* libnl's own failures (not the kernel's answer): socket, send, receive. */
static int nl_failed(struct lvss_error *err, const char *what, int nlerr)
{
	return lvss_error_set(err, EIO, "cannot %s: netlink: %s", what,
			      nl_geterror(nlerr));
}

/*
 * The request went out but its answer did not come back: the kernel may
 * have carried it out (it could not allocate the ack or the reply, and
 * flagged ENOBUFS on the socket instead), so never say it failed.
 * ENOBUFS for that case, EIO for any other receive failure.
 */
static int answer_lost(struct lvss_error *err, const char *what, int nlerr)
{
	return lvss_error_set(err, nlerr == -NLE_NOMEM ? ENOBUFS : EIO,
		"%s: lvss.ko's answer was lost (netlink: %s); the request may have been carried out: 'lvss devices' and 'lvss snapshots' show the state",
		what, nl_geterror(nlerr));
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct lvss_nl_reply *ctx = arg;

	if (!ctx->reply) {
		nlmsg_get(msg);
		ctx->reply = msg;
	}
	return NL_OK;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct lvss_nl_reply *ctx = arg;

	(void)msg;
	ctx->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct lvss_nl_reply *ctx = arg;
	/* libnl hands us nlmsg_data() of the NLMSG_ERROR message. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);

	(void)who;
	ctx->kernel_errno = lvss_nl_answer_errno(e->error);
	lvss_nl_extack_msg(nlh, ctx->extack, sizeof(ctx->extack));
	ctx->done = true;
	return NL_STOP;
}

struct nl_msg *lvss_nl_request(struct lvss_handle *h, uint8_t cmd, int flags,
			       size_t size)
{
	struct nl_msg *msg;

	/* Header room on top; libnl's default is a page. */
	msg = size ? nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size) :
		     nlmsg_alloc();
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
				flags, cmd, LVSS_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/*
 * Sends @req (consumed) and reads through @cb until its handlers set
 * *@done (answer complete, or an error from the kernel). Fails only when
 * netlink itself does; what the kernel answered is the handlers' to keep.
 */
static int exchange(struct lvss_handle *h, struct nl_msg *req,
		    struct nl_cb *cb, const bool *done, const char *what,
		    struct lvss_error *err)
{
	int rc;

	/* Its events would mix with the answer (lvss_events_subscribe()). */
	if (h->listening) {
		nlmsg_free(req);
		return lvss_error_set(err, EINVAL,
			"cannot %s: this lvss handle listens for events; open another one for requests",
			what);
	}
	rc = nl_send_auto(h->sk, req);
	nlmsg_free(req);
	if (rc < 0)
		return nl_failed(err, what, rc);
	/* A reply and its ack, or the parts of a dump, may come apart. */
	while (!*done) {
		rc = nl_recvmsgs_report(h->sk, cb);
		if (rc <= 0)
			break;
	}
	if (*done)
		return 0;
	return answer_lost(err, what, rc ? rc : -NLE_FAILURE);
}

int lvss_nl_doit(struct lvss_handle *h, struct nl_msg *req, const char *what,
		 struct lvss_nl_reply *ctx, struct lvss_error *err)
{
	struct nl_cb *cb;
	int rc;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, ctx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, ctx);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, ctx);
	rc = exchange(h, req, cb, &ctx->done, what, err);
	nl_cb_put(cb);
	return rc;
}

/*
 * Sends @req (consumed) and waits for the kernel's ack or error. On success
 * *@reply holds the reply message (caller frees with nlmsg_free()).
 */
static int transact(struct lvss_handle *h, struct nl_msg *req,
		    const char *what, struct nl_msg **reply,
		    struct lvss_error *err)
{
	struct lvss_nl_reply ctx = { 0 };
	int rc;

	rc = lvss_nl_doit(h, req, what, &ctx, err);
	if (!rc && ctx.kernel_errno)
		rc = lvss_error_kernel(err, ctx.kernel_errno, what, ctx.extack);
	else if (!rc && !ctx.reply)
		rc = lvss_error_set(err, EBADMSG,
				    "cannot %s: lvss.ko acknowledged without a reply",
				    what);
	if (rc == 0)
		*reply = ctx.reply;
	else
		nlmsg_free(ctx.reply);	/* NULL-safe */
	return rc;
}

/* Every message of a dump's answer goes to the collector. */
static int on_dump_msg(struct nl_msg *msg, void *arg)
{
	return lvss_nl_dump_feed(arg, nlmsg_hdr(msg)) ? NL_STOP : NL_OK;
}

static int on_dump_error(struct sockaddr_nl *who, struct nlmsgerr *e,
			 void *arg)
{
	(void)who;
	/* libnl hands us nlmsg_data() of the NLMSG_ERROR message. */
	lvss_nl_dump_feed(arg, (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN));
	return NL_STOP;
}

int lvss_nl_dump_recv(struct lvss_handle *h, struct nl_msg *req,
		      const char *what, struct lvss_nl_dump *d,
		      struct lvss_error *err)
{
	struct nl_cb *cb;
	int rc;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_dump_msg, d);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_dump_msg, d);
	/* An NLMSG_ERROR of 0, an ack, would end the dump too. */
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_dump_msg, d);
	nl_cb_err(cb, NL_CB_CUSTOM, on_dump_error, d);
	rc = exchange(h, req, cb, &d->done, what, err);
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
	req = lvss_nl_request(h, LVSS_CMD_GET_VERSION, 0, 0);
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
	req = lvss_nl_request(h, LVSS_CMD_GET_STATUS, 0, 0);
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

/*
 * ATTACH and DETACH: a device path in (and for ATTACH @cbt_block_size
 * unless 0), an ack or an error back.
 */
static int device_op(struct lvss_handle *h, enum lvss_dev_op op,
		     const char *path, uint32_t cbt_block_size,
		     struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], what[LVSS_DEV_PATH_MAX + 8];
	struct lvss_nl_reply ctx = { 0 };
	struct nl_msg *req;
	int rc;

	lvss_error_clear(err);
	rc = lvss_dev_path_resolve(path, op, node, err);
	/*
	 * A hot-removed device has lost its node but may still be attached:
	 * lvss.ko matches the path it was attached by.
	 */
	if (rc == -ENOENT && op == LVSS_DEV_DETACH) {
		lvss_error_clear(err);
		snprintf(node, sizeof(node), "%s", path);
		rc = 0;
	}
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "%s %s",
		 op == LVSS_DEV_ATTACH ? "attach" : "detach", path);
	req = lvss_nl_request(h, op == LVSS_DEV_ATTACH ? LVSS_CMD_ATTACH :
			      LVSS_CMD_DETACH, 0, 0);
	if (!req || lvss_nl_put_attach(req, node, cbt_block_size)) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = lvss_nl_doit(h, req, what, &ctx, err);
	nlmsg_free(ctx.reply);	/* there is none: lvss.ko only acks */
	if (!rc && ctx.kernel_errno)
		rc = lvss_error_device(err, ctx.kernel_errno, op, path, node,
				       ctx.extack);
	return rc;
}

int lvss_attach_opts(struct lvss_handle *h, const char *dev_path,
		     uint32_t cbt_block_size, struct lvss_error *err)
{
	int rc;

	lvss_error_clear(err);
	if (cbt_block_size) {
		rc = lvss_check_cbt_block_size(cbt_block_size, err);
		if (rc)
			return rc;
		/* An older lvss.ko's strict policy only says "unknown". */
		if (h->module.abi < LVSS_ABI_CBT)
			return lvss_error_too_old(err,
				"a changed-block tracking block size",
				h->module.module, h->module.abi, LVSS_ABI_CBT);
	}
	return device_op(h, LVSS_DEV_ATTACH, dev_path, cbt_block_size, err);
}

int lvss_attach(struct lvss_handle *h, const char *dev_path,
		struct lvss_error *err)
{
	return lvss_attach_opts(h, dev_path, 0, err);
}

int lvss_detach(struct lvss_handle *h, const char *dev_path,
		struct lvss_error *err)
{
	return device_op(h, LVSS_DEV_DETACH, dev_path, 0, err);
}

int lvss_nl_list(struct lvss_handle *h, uint8_t cmd, const char *what,
		 int (*parse)(struct nlmsghdr *nlh, void *item,
			      struct lvss_error *err),
		 size_t item_size, struct lvss_nl_dump *d,
		 struct lvss_error *err)
{
	struct nl_msg *req;
	int rc;

	lvss_nl_dump_init(d, parse, item_size);
	req = lvss_nl_request(h, cmd, NLM_F_DUMP, 0);
	if (!req)
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	rc = lvss_nl_dump_recv(h, req, what, d, err);
	if (!rc)
		rc = lvss_nl_dump_result(d, what, err);
	if (rc)
		lvss_nl_dump_free(d);
	return rc;
}

int lvss_nl_list_stopped(struct lvss_error *err, const char *what, int rc)
{
	int code = rc < 0 ? -rc : ECANCELED;

	return lvss_error_set(err, code, "%s was stopped: %s", what,
			      strerror(code));
}

static int parse_device(struct nlmsghdr *nlh, void *item,
			struct lvss_error *err)
{
	return lvss_nl_parse_device(nlh, item, err);
}

int lvss_list_devices(struct lvss_handle *h,
		      int (*cb)(const struct lvss_device *dev, void *arg),
		      void *arg, struct lvss_error *err)
{
	const struct lvss_device *devs;
	struct lvss_nl_dump d;
	size_t i;
	int rc;

	lvss_error_clear(err);
	rc = lvss_nl_list(h, LVSS_CMD_GET_DEVICE, "list the attached devices",
			  parse_device, sizeof(*devs), &d, err);
	if (rc)
		return rc;
	/* Only a complete, well-formed list reaches the caller. */
	devs = d.items;
	for (i = 0; !rc && i < d.count; i++) {
		rc = cb(&devs[i], arg);
		if (rc)
			rc = lvss_nl_list_stopped(err,
				"listing the attached devices", rc);
	}
	lvss_nl_dump_free(&d);
	return rc;
}

struct find_device {
	dev_t rdev;
	struct lvss_device dev;
	bool found;
};

static int match_device(const struct lvss_device *dev, void *arg)
{
	struct find_device *f = arg;

	if (makedev(dev->major, dev->minor) == f->rdev) {
		f->dev = *dev;
		f->found = true;
	}
	return 0;
}

int lvss_find_device(struct lvss_handle *h, dev_t rdev,
		     struct lvss_device *out, struct lvss_error *err)
{
	struct find_device f = { .rdev = rdev };
	int rc;

	rc = lvss_list_devices(h, match_device, &f, err);
	if (rc)
		return rc;
	if (!f.found)
		return lvss_error_set(err, ENODEV,
			"device %u:%u is not attached ('lvss devices' lists the attached devices)",
			major(rdev), minor(rdev));
	*out = f.dev;
	return 0;
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
	h->module = v;
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
