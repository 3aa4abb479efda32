// SPDX-License-Identifier: MIT
/*
 * Changed-block tracking: LVSS_CMD_CBT_INFO, the LVSS_CMD_CBT_GET_CHANGES
 * dump and LVSS_CMD_CBT_MARK_DIRTY. lvss.ko's -ERANGE does not say which
 * range would do; when it refuses, the device's tracking (CBT_INFO) or
 * size (the device list) is read to say so. Parsing is in
 * lvss_nl_parse.c, the generation's text form in lvss_cbt.c.
 *
 * The changes are collected whole before the caller sees one: a dump
 * during which the generation changes ends with -ESTALE, and what came
 * before it belongs to a history that is gone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <netlink/msg.h>

#include "lvss_dev_path.h"
#include "lvss_error.h"
#include "lvss_nl.h"

/* A device path, a generation and two u64s, with their headers. */
#define CBT_REQUEST_BYTES	(LVSS_DEV_PATH_MAX + 64)

/* lvss.ko new enough, then the device node of @path and its number. */
static int cbt_begin(struct lvss_handle *h, const char *path,
		     enum lvss_dev_op op, char node[LVSS_DEV_PATH_MAX],
		     dev_t *rdev, struct lvss_error *err)
{
	if (h->module.abi < LVSS_ABI_CBT)
		return lvss_error_too_old(err, "changed-block tracking",
					  h->module.module, h->module.abi,
					  LVSS_ABI_CBT);
	return lvss_dev_path_node(path, op, node, rdev, err);
}

int lvss_cbt_info(struct lvss_handle *h, const char *dev_path,
		  struct lvss_cbt_info *out, struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], what[LVSS_DEV_PATH_MAX + 40];
	struct lvss_nl_reply r = { 0 };
	struct lvss_cbt_info info = { 0 };
	struct nl_msg *req;
	dev_t rdev;
	int rc;

	lvss_error_clear(err);
	rc = cbt_begin(h, dev_path, LVSS_DEV_CBT, node, &rdev, err);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "read the changed-block tracking of %s",
		 dev_path);
	req = lvss_nl_request(h, LVSS_CMD_CBT_INFO, 0, CBT_REQUEST_BYTES);
	if (!req || lvss_nl_put_cbt_info(req, node)) {
		nlmsg_free(req);	/* NULL-safe */
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	if (rc)
		goto out;
	if (r.kernel_errno)
		rc = lvss_error_device(err, r.kernel_errno, LVSS_DEV_CBT,
				       dev_path, node, r.extack);
	else if (!r.reply)
		rc = lvss_error_set(err, EBADMSG,
			"cannot %s: lvss.ko acknowledged without a reply",
			what);
	else
		rc = lvss_nl_parse_cbt_info(nlmsg_hdr(r.reply), &info, err);
	if (!rc)
		*out = info;
out:
	nlmsg_free(r.reply);	/* NULL-safe */
	return rc;
}

/*
 * The dump for @q failed with @errnum: for -ERANGE, read the device's
 * tracking now (best effort) so the message can name the range, or tell
 * that the generation changed.
 */
static int changes_failed(struct lvss_handle *h, struct lvss_cbt_query *q,
			  int errnum, const char *extack,
			  struct lvss_error *err)
{
	struct lvss_cbt_info now;

	if (errnum == ERANGE && !lvss_cbt_info(h, q->path, &now, NULL))
		q->now = &now;
	return lvss_error_cbt_changes(err, errnum, q, extack);
}

int lvss_cbt_changes(struct lvss_handle *h, const char *dev_path,
		     const uint8_t generation[LVSS_CBT_GENERATION_LEN],
		     uint64_t from_seq, bool has_to, uint64_t to_seq,
		     int (*cb)(const struct lvss_cbt_extent *ext, void *arg),
		     void *arg, struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], what[LVSS_DEV_PATH_MAX + 96], to[24];
	struct lvss_nl_cbt_changes list = { 0 };
	struct lvss_cbt_query q = {
		.path = dev_path, .generation = generation,
		.from = from_seq, .has_to = has_to, .to = to_seq,
	};
	struct lvss_nl_dump d;
	struct nl_msg *req;
	dev_t rdev;
	size_t i;
	int rc;

	lvss_error_clear(err);
	if (!generation)
		return lvss_error_set(err, EINVAL,
			"cannot list the changes of %s without a generation: read it with lvss_cbt_info() first",
			dev_path);
	/* lvss.ko would say -ERANGE; say which way round it goes. */
	if (has_to && from_seq > to_seq)
		return lvss_error_cbt_changes(err, ERANGE, &q, NULL);
	rc = cbt_begin(h, dev_path, LVSS_DEV_CBT, node, &rdev, err);
	if (rc)
		return rc;
	q.node = node;
	if (has_to)
		snprintf(to, sizeof(to), "%llu", (unsigned long long)to_seq);
	else
		snprintf(to, sizeof(to), "now");
	snprintf(what, sizeof(what),
		 "list the changes of %s after snapshot seq %llu up to %s",
		 dev_path, (unsigned long long)from_seq, to);

	req = lvss_nl_request(h, LVSS_CMD_CBT_GET_CHANGES, NLM_F_DUMP,
			      CBT_REQUEST_BYTES);
	if (!req || lvss_nl_put_cbt_changes(req, node, generation, from_seq,
					    has_to, to_seq)) {
		nlmsg_free(req);	/* NULL-safe */
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	lvss_nl_dump_init_add(&d, lvss_nl_parse_cbt_changes, &list);
	rc = lvss_nl_dump_recv(h, req, what, &d, err);
	if (!rc && d.kernel_errno)
		rc = changes_failed(h, &q, d.kernel_errno, d.extack, err);
	else if (!rc)
		rc = lvss_nl_dump_result(&d, what, err);
	/* Only a complete, well-formed list reaches the caller. */
	for (i = 0; !rc && i < list.count; i++) {
		rc = cb(&list.ext[i], arg);
		if (rc)
			rc = lvss_nl_list_stopped(err, "listing the changes",
						  rc);
	}
	lvss_nl_cbt_changes_free(&list);
	lvss_nl_dump_free(&d);
	return rc;
}

/* The size of attached device @rdev; 0 if unknown. */
static uint64_t device_size(struct lvss_handle *h, dev_t rdev)
{
	struct lvss_device dev;

	return lvss_find_device(h, rdev, &dev, NULL) ? 0 : dev.size_bytes;
}

int lvss_cbt_mark_dirty(struct lvss_handle *h, const char *dev_path,
			uint64_t offset, uint64_t length,
			struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], what[LVSS_DEV_PATH_MAX + 32];
	struct lvss_nl_reply r = { 0 };
	struct nl_msg *req;
	uint64_t size = 0;
	dev_t rdev;
	int rc;

	lvss_error_clear(err);
	if (!length)
		return lvss_error_set(err, EINVAL,
			"cannot mark changed blocks of %s: the length is 0; give how many bytes changed",
			dev_path);
	if (offset > UINT64_MAX - length)
		return lvss_error_set(err, ERANGE,
			"cannot mark %llu bytes at offset %llu of %s changed: the range ends past 2^64 bytes, beyond any device",
			(unsigned long long)length,
			(unsigned long long)offset, dev_path);
	rc = cbt_begin(h, dev_path, LVSS_DEV_CBT_MARK, node, &rdev, err);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "mark changed blocks of %s", dev_path);
	req = lvss_nl_request(h, LVSS_CMD_CBT_MARK_DIRTY, 0,
			      CBT_REQUEST_BYTES);
	if (!req || lvss_nl_put_cbt_mark(req, node, offset, length)) {
		nlmsg_free(req);	/* NULL-safe */
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	nlmsg_free(r.reply);	/* there is none: lvss.ko only acks */
	if (rc || !r.kernel_errno)
		return rc;
	/* Best effort: the device's size makes "out of range" concrete. */
	if (r.kernel_errno == ERANGE || r.kernel_errno == EINVAL)
		size = device_size(h, rdev);
	return lvss_error_cbt_mark(err, r.kernel_errno, dev_path, node, offset,
				   length, size, r.extack);
}

int lvss_cbt_reset(struct lvss_handle *h, const char *dev_path,
		   struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], what[LVSS_DEV_PATH_MAX + 40];
	struct lvss_nl_reply r = { 0 };
	struct nl_msg *req;
	dev_t rdev;
	int rc;

	lvss_error_clear(err);
	rc = cbt_begin(h, dev_path, LVSS_DEV_CBT_RESET, node, &rdev, err);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "reset the changed-block history of %s",
		 dev_path);
	req = lvss_nl_request(h, LVSS_CMD_CBT_RESET, 0, CBT_REQUEST_BYTES);
	/* Its only attribute is the device, as for CBT_INFO. */
	if (!req || lvss_nl_put_cbt_info(req, node)) {
		nlmsg_free(req);	/* NULL-safe */
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	nlmsg_free(r.reply);	/* there is none: lvss.ko only acks */
	if (!rc && r.kernel_errno)
		rc = lvss_error_device(err, r.kernel_errno, LVSS_DEV_CBT_RESET,
				       dev_path, node, r.extack);
	return rc;
}
