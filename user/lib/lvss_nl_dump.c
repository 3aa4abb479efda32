// SPDX-License-Identifier: MIT
/*
 * Collecting the answer to a dump request (see struct lvss_nl_dump in
 * lvss_nl.h): every reply parsed into an array of items (or handed to the
 * caller's @add), the end and its errno recognised, and nothing of
 * netlink's sockets involved.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lvss_error.h"
#include "lvss_nl.h"

#define DUMP_CAP_MIN	8	/* items; the array doubles from there */

void lvss_nl_dump_init(struct lvss_nl_dump *d,
		       int (*parse)(struct nlmsghdr *nlh, void *item,
				    struct lvss_error *err),
		       size_t item_size)
{
	*d = (struct lvss_nl_dump){ .parse = parse, .item_size = item_size };
}

void lvss_nl_dump_init_add(struct lvss_nl_dump *d,
			   int (*add)(struct nlmsghdr *nlh, void *ctx,
				      struct lvss_error *err),
			   void *ctx)
{
	*d = (struct lvss_nl_dump){ .add = add, .ctx = ctx };
}

/* Room for one more item; false (and d->err set) when memory is short. */
static bool reserve(struct lvss_nl_dump *d)
{
	size_t cap = d->cap ? d->cap * 2 : DUMP_CAP_MIN;
	void *items;

	if (d->count < d->cap)
		return true;
	items = reallocarray(d->items, cap, d->item_size);
	if (!items) {
		lvss_error_set(&d->err, ENOMEM, "out of memory");
		return false;
	}
	d->items = items;
	d->cap = cap;
	return true;
}

static void add_reply(struct lvss_nl_dump *d, struct nlmsghdr *nlh)
{
	/* After a failure the rest is only drained. */
	if (d->err.code)
		return;
	if (d->add) {
		if (d->add(nlh, d->ctx, &d->err) && !d->err.code)
			lvss_error_set(&d->err, EBADMSG, "malformed reply");
		return;
	}
	if (!reserve(d))
		return;
	if (d->parse(nlh, (char *)d->items + d->count * d->item_size,
		     &d->err) == 0)
		d->count++;
}

/* NLMSG_DONE: its payload, when there is one, is the dump's errno. */
static void end_done(struct lvss_nl_dump *d, const struct nlmsghdr *nlh)
{
	int error = 0;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(error)))
		memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	d->kernel_errno = lvss_nl_answer_errno(error);
	if (d->kernel_errno)
		lvss_nl_extack_msg(nlh, d->extack, sizeof(d->extack));
	d->done = true;
}

/* NLMSG_ERROR: the dump did not start, or failed; 0 is a late ack. */
static void end_error(struct lvss_nl_dump *d, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		d->kernel_errno = EBADMSG;
	} else {
		d->kernel_errno = lvss_nl_answer_errno(e->error);
		lvss_nl_extack_msg(nlh, d->extack, sizeof(d->extack));
	}
	d->done = true;
}

bool lvss_nl_dump_feed(struct lvss_nl_dump *d, struct nlmsghdr *nlh)
{
	if (d->done)
		return true;
	switch (nlh->nlmsg_type) {
	case NLMSG_DONE:
		end_done(d, nlh);
		break;
	case NLMSG_ERROR:
		end_error(d, nlh);
		break;
	case NLMSG_NOOP:
		break;
	case NLMSG_OVERRUN:
		if (!d->err.code)
			lvss_error_set(&d->err, EIO,
				"netlink lost part of the answer; try again");
		break;
	default:
		add_reply(d, nlh);
		break;
	}
	return d->done;
}

int lvss_nl_dump_result(const struct lvss_nl_dump *d, const char *what,
			struct lvss_error *err)
{
	if (d->kernel_errno)
		return lvss_error_kernel(err, d->kernel_errno, what, d->extack);
	/* A malformed reply's message is complete; the others are reasons. */
	if (d->err.code == EBADMSG)
		return lvss_error_set(err, EBADMSG, "%s", d->err.msg);
	if (d->err.code)
		return lvss_error_set(err, d->err.code, "cannot %s: %s", what,
				      d->err.msg);
	if (!d->done)
		return lvss_error_set(err, EIO,
			"cannot %s: the answer of lvss.ko ended early", what);
	return 0;
}

void lvss_nl_dump_free(struct lvss_nl_dump *d)
{
	free(d->items);
	d->items = NULL;
	d->count = d->cap = 0;
}
