// SPDX-License-Identifier: MIT
/*
 * LVSS_CMD_STORE_ADD: giving an attached device CoW store space. What
 * lvss.ko would refuse for its form is refused here first, with the value
 * given; what only lvss.ko can judge (a device in use, a file's blocks)
 * comes back as its extended-ack message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <netlink/msg.h>

#include "lvss_dev_path.h"
#include "lvss_error.h"
#include "lvss_nl.h"

/* Attributes beyond the extents: path strings, a few integers, headers. */
#define STORE_ADD_BASE_BYTES	(2 * LVSS_DEV_PATH_MAX + 64)
#define STORE_ADD_EXTENT_BYTES	40

/* A store file's absolute path into @out; it must be a regular file. */
static int file_path(const char *path, char out[LVSS_DEV_PATH_MAX],
		     struct lvss_error *err)
{
	struct stat st;
	char *real;
	size_t n;
	int rc = 0;

	if (!path || !*path)
		return lvss_error_set(err, EINVAL,
			"the store file path is empty: name the file");
	real = realpath(path, NULL);
	if (!real)
		return lvss_error_set(err, errno,
			"cannot use store file %s: %s", path, strerror(errno));
	n = strlen(real);
	if (stat(real, &st))
		rc = lvss_error_set(err, errno, "cannot use store file %s: %s",
				    path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = lvss_error_set(err, EINVAL,
			"store file %s is not a regular file: name a file on ext4 or xfs, or use a block device store",
			path);
	else if (n >= LVSS_DEV_PATH_MAX)
		rc = lvss_error_set(err, ENAMETOOLONG,
			"store file %s has a path of %zu bytes, too long for lvss.ko (at most %u): put it in a shorter directory",
			path, n, LVSS_DEV_PATH_MAX - 1);
	else
		memcpy(out, real, n + 1);
	free(real);
	return rc;
}

/*
 * The kind's own fields, checked; a device or file path is resolved into
 * @store_path. @origin is the device number of the device getting space.
 */
static int check_kind(const struct lvss_store_spec *spec, dev_t origin,
		      char store_path[LVSS_DEV_PATH_MAX],
		      struct lvss_error *err)
{
	dev_t rdev;
	int rc;

	switch (spec->kind) {
	case LVSS_STORE_BDEV:
		rc = lvss_dev_path_node(spec->store_path, LVSS_DEV_STORE_DEV,
					store_path, &rdev, err);
		if (!rc && rdev == origin)
			rc = lvss_error_set(err, EINVAL,
				"%s cannot hold its own CoW store: name another device",
				spec->store_path);
		return rc;
	case LVSS_STORE_FILE:
		if (!spec->extents || !spec->nr_extents)
			return lvss_error_set(err, EINVAL,
				"store file %s comes without extents: map it with lvss_storefile_prepare() first",
				spec->store_path ? spec->store_path : "");
		if (spec->nr_extents > LVSS_STORE_FILE_EXTENTS_MAX)
			return lvss_error_set(err, E2BIG,
				"store file %s has %zu extents, more than one request carries (%u): make it on a less fragmented filesystem, or smaller",
				spec->store_path ? spec->store_path : "",
				spec->nr_extents, LVSS_STORE_FILE_EXTENTS_MAX);
		return file_path(spec->store_path, store_path, err);
	case LVSS_STORE_MEMORY:
		return lvss_check_memory_store(spec->memory_bytes, err);
	}
	return lvss_error_set(err, EINVAL,
		"unknown store kind %d: use LVSS_STORE_BDEV, LVSS_STORE_FILE or LVSS_STORE_MEMORY",
		(int)spec->kind);
}

int lvss_store_add(struct lvss_handle *h, const struct lvss_store_spec *spec,
		   struct lvss_error *err)
{
	char node[LVSS_DEV_PATH_MAX], store[LVSS_DEV_PATH_MAX] = "";
	char what[LVSS_DEV_PATH_MAX + 24];
	struct lvss_nl_reply r = { 0 };
	struct nl_msg *req;
	size_t size;
	dev_t rdev;
	int rc;

	lvss_error_clear(err);
	rc = lvss_dev_path_node(spec->dev_path, LVSS_DEV_STORE, node, &rdev,
				err);
	if (rc)
		return rc;
	if (spec->chunk_size) {
		rc = lvss_check_chunk_size(spec->chunk_size, err);
		if (rc)
			return rc;
	}
	if (spec->set_low_percent) {
		rc = lvss_check_low_percent(spec->low_percent, err);
		if (rc)
			return rc;
		/* An older lvss.ko's strict policy only says "unknown". */
		if (h->module.abi < LVSS_ABI_EVENTS)
			return lvss_error_too_old(err, "a low-space threshold",
						  h->module.module,
						  h->module.abi,
						  LVSS_ABI_EVENTS);
	}
	rc = check_kind(spec, rdev, store, err);
	if (rc)
		return rc;

	snprintf(what, sizeof(what), "add a store to %s", spec->dev_path);
	size = STORE_ADD_BASE_BYTES;
	if (spec->kind == LVSS_STORE_FILE)
		size += spec->nr_extents * STORE_ADD_EXTENT_BYTES;
	req = lvss_nl_request(h, LVSS_CMD_STORE_ADD, 0, size);
	if (!req)
		return lvss_error_set(err, ENOMEM, "cannot %s: out of memory",
				      what);
	if (lvss_nl_put_store(req, node, spec, store)) {
		nlmsg_free(req);
		return lvss_error_set(err, EMSGSIZE,
			"cannot %s: the request does not fit one netlink message",
			what);
	}
	rc = lvss_nl_doit(h, req, what, &r, err);
	nlmsg_free(r.reply);	/* there is none: lvss.ko only acks */
	if (!rc && r.kernel_errno)
		rc = lvss_error_device(err, r.kernel_errno, LVSS_DEV_STORE,
				       spec->dev_path, node, r.extack);
	return rc;
}
