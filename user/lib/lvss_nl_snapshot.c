// SPDX-License-Identifier: MIT
/*
 * Snapshot commands: LVSS_CMD_SNAPSHOT_TAKE, LVSS_CMD_SNAPSHOT_DELETE and
 * the LVSS_CMD_GET_SNAPSHOT dump. lvss.ko's refusal of a take does not say
 * which member it was about; when a member's state explains it (not
 * attached, no store, no room), the device list is read to name it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "lvss_dev_path.h"
#include "lvss_error.h"
#include "lvss_nl.h"

/* Per member: its path, nest headers, the id/seq/disk of the reply. */
#define TAKE_MEMBER_BYTES	(LVSS_DEV_PATH_MAX + 16)
#define TAKE_BASE_BYTES		64

/* The members of a take, resolved and checked. */
struct take_members {
	size_t count;
	char nodes[LVSS_SET_MEMBERS_MAX][LVSS_DEV_PATH_MAX];
	const char *node_ptrs[LVSS_SET_MEMBERS_MAX];
	dev_t rdevs[LVSS_SET_MEMBERS_MAX];
	struct lvss_snapshot_set reply;	/* parsed, before it goes out */
};

static const struct lvss_device *find_device(dev_t rdev,
					     const struct lvss_device *devs,
					     size_t ndevs)
{
	for (size_t i = 0; i < ndevs; i++)
		if (makedev(devs[i].major, devs[i].minor) == rdev)
			return &devs[i];
	return NULL;
}

int lvss_take_blame(int errnum, const dev_t *rdevs, size_t count,
		    const struct lvss_device *devs, size_t ndevs,
		    enum lvss_take_blame *why)
{
	const struct lvss_device *d;
	size_t i;

	if (errnum == ENODEV) {
		for (i = 0; i < count; i++) {
			if (!find_device(rdevs[i], devs, ndevs)) {
				*why = LVSS_TAKE_BLAME_NOT_ATTACHED;
				return (int)i;
			}
		}
	} else if (errnum == ENOSPC) {
		/* lvss.ko checks the store first, so shall we. */
		for (i = 0; i < count; i++) {
			d = find_device(rdevs[i], devs, ndevs);
			if (d && !d->has_store) {
				*why = LVSS_TAKE_BLAME_NO_STORE;
				return (int)i;
			}
		}
		for (i = 0; i < count; i++) {
			d = find_device(rdevs[i], devs, ndevs);
			if (d && d->has_snapshot_count &&
			    d->snapshot_count >=
			    LVSS_SNAPSHOTS_PER_DEVICE_MAX) {
				*why = LVSS_TAKE_BLAME_FULL;
				return (int)i;
			}
		}
	}
	return -1;
}

struct device_list {
	struct lvss_device *devs;
	size_t n;
};

static int keep_device(const struct lvss_device *dev, void *arg)
{
	struct device_list *l = arg;
	struct lvss_device *devs;

	devs = reallocarray(l->devs, l->n + 1, sizeof(*devs));
	if (!devs)
		return -ENOMEM;
	devs[l->n++] = *dev;
	l->devs = devs;
	return 0;
}

/*
 * The take of @m failed with @errnum: name the member at fault when the
 * device list tells, else the set. @paths are the names the user gave.
 */
static int take_failed(struct lvss_handle *h, const struct take_members *m,
		       const char *const *paths, int errnum,
		       const char *extack, struct lvss_error *err)
{
	enum lvss_take_blame why = LVSS_TAKE_BLAME_NONE;
	struct device_list l = { 0 };
	char set[LVSS_DEV_PATH_MAX + 24];
	int who = -1;

	if (errnum == ENODEV || errnum == ENOSPC) {
		/* Best effort: without the list the message names the set. */
		if (!lvss_list_devices(h, keep_device, &l, NULL))
			who = lvss_take_blame(errnum, m->rdevs, m->count,
					      l.devs, l.n, &why);
		free(l.devs);
	}
	if (who >= 0)
		return lvss_error_take(err, errnum, paths[who], why, extack);
	if (m->count == 1)
		snprintf(set, sizeof(set), "%s", paths[0]);
	else
		snprintf(set, sizeof(set), "%s and %zu more", paths[0],
			 m->count - 1);
	return lvss_error_take(err, errnum, set, why, extack);
}

static int resolve_members(const char *const *paths, size_t count,
			   struct take_members *m, struct lvss_error *err)
{
	size_t i, j;
	int rc;

	if (!count)
		return lvss_error_set(err, EINVAL,
			"a snapshot set needs at least one device");
	if (count > LVSS_SET_MEMBERS_MAX)
		return lvss_error_set(err, E2BIG,
			"a snapshot set holds at most %u devices, got %zu: take several sets",
			LVSS_SET_MEMBERS_MAX, count);
	for (i = 0; i < count; i++) {
		rc = lvss_dev_path_node(paths[i], LVSS_DEV_TAKE, m->nodes[i],
					&m->rdevs[i], err);
		if (rc)
			return rc;
		for (j = 0; j < i; j++)
			if (m->rdevs[j] == m->rdevs[i])
				return lvss_error_set(err, EINVAL,
					"%s and %s are the same device (%s): name each device of a set once",
					paths[j], paths[i], m->nodes[i]);
		m->node_ptrs[i] = m->nodes[i];
	}
	m->count = count;
	return 0;
}

int lvss_snapshot_take(struct lvss_handle *h, const char *const *dev_paths,
		       size_t count, uint32_t timeout_ms,
		       struct lvss_snapshot_set *out, struct lvss_error *err)
{
	static const char what[] = "take the snapshot set";
	struct lvss_nl_reply r = { 0 };
	struct take_members *m;
	struct nl_msg *req;
	int rc;

	lvss_error_clear(err);
	if (timeout_ms) {
		rc = lvss_check_freeze_timeout(timeout_ms, err);
		if (rc)
			return rc;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	rc = resolve_members(dev_paths, count, m, err);
	if (rc)
		goto out;

	req = lvss_nl_request(h, LVSS_CMD_SNAPSHOT_TAKE, 0,
			      TAKE_BASE_BYTES + count * TAKE_MEMBER_BYTES);
	if (!req || lvss_nl_put_take(req, m->node_ptrs, count, timeout_ms)) {
		nlmsg_free(req);	/* NULL-safe */
		rc = lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				    what);
		goto out;
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	if (rc)
		goto out;
	if (r.kernel_errno)
		rc = take_failed(h, m, dev_paths, r.kernel_errno, r.extack,
				 err);
	else if (!r.reply)
		/* lvss.ko keeps the set when its reply does not fit. */
		rc = lvss_error_set(err, EBADMSG,
			"the snapshot set was taken, but lvss.ko sent no reply: 'lvss snapshots' lists the new snapshots");
	else
		rc = lvss_nl_parse_take(nlmsg_hdr(r.reply), &m->reply, err);
	if (!rc && m->reply.count != count)
		rc = lvss_error_set(err, EBADMSG,
			"malformed SNAPSHOT_TAKE reply from lvss.ko: %zu members for a set of %zu; 'lvss snapshots' lists the new snapshots",
			m->reply.count, count);
	if (!rc)
		*out = m->reply;
out:
	nlmsg_free(r.reply);	/* NULL-safe */
	free(m);
	return rc;
}

int lvss_snapshot_delete(struct lvss_handle *h, uint32_t id,
			 struct lvss_error *err)
{
	struct lvss_nl_reply r = { 0 };
	char what[32];
	struct nl_msg *req;
	int rc;

	lvss_error_clear(err);
	if (!id)
		return lvss_error_set(err, EINVAL,
			"snapshot ids start at 1: 'lvss snapshots' lists them");
	snprintf(what, sizeof(what), "delete snapshot %u", (unsigned int)id);
	req = lvss_nl_request(h, LVSS_CMD_SNAPSHOT_DELETE, 0, 0);
	if (!req || nla_put_u32(req, LVSS_ATTR_SNAPSHOT_ID, id)) {
		nlmsg_free(req);
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	nlmsg_free(r.reply);	/* there is none: lvss.ko only acks */
	if (!rc && r.kernel_errno)
		rc = lvss_error_snapshot(err, r.kernel_errno, id, r.extack);
	return rc;
}

static int parse_snapshot(struct nlmsghdr *nlh, void *item,
			  struct lvss_error *err)
{
	return lvss_nl_parse_snapshot(nlh, item, err);
}

int lvss_list_snapshots(struct lvss_handle *h,
			int (*cb)(const struct lvss_snapshot *snap, void *arg),
			void *arg, struct lvss_error *err)
{
	const struct lvss_snapshot *snaps;
	struct lvss_nl_dump d;
	size_t i;
	int rc;

	lvss_error_clear(err);
	rc = lvss_nl_list(h, LVSS_CMD_GET_SNAPSHOT, "list the snapshots",
			  parse_snapshot, sizeof(*snaps), &d, err);
	if (rc)
		return rc;
	snaps = d.items;
	for (i = 0; !rc && i < d.count; i++) {
		rc = cb(&snaps[i], arg);
		if (rc)
			rc = lvss_nl_list_stopped(err, "listing the snapshots",
						  rc);
	}
	lvss_nl_dump_free(&d);
	return rc;
}
