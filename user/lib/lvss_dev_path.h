/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: device paths on their way to lvss.ko. The public
 * check is lvss_check_dev_path() in lvss.h; these resolve a checked path to
 * the device node the module is handed.
 */
#ifndef LVSS_DEV_PATH_H
#define LVSS_DEV_PATH_H

#include <sys/types.h>

#include "lvss_error.h"

/*
 * Checks @path like lvss_check_dev_path(), then resolves symlinks, "." and
 * ".." with realpath() into @node. Failures are worded for @op and name
 * @path as the user gave it. Returns 0 or a negative errno: the check's,
 * realpath()'s (-ENOENT, -ENOTDIR, ...), or -ENAMETOOLONG when the node's
 * path is too long for lvss.ko.
 */
int lvss_dev_path_resolve(const char *path, enum lvss_dev_op op,
			  char node[LVSS_DEV_PATH_MAX],
			  struct lvss_error *err);

/*
 * lvss_dev_path_resolve(), then the node must be a block device: -ENOTBLK
 * otherwise. *@rdev gets its device number, by which lvss.ko knows it.
 */
int lvss_dev_path_node(const char *path, enum lvss_dev_op op,
		       char node[LVSS_DEV_PATH_MAX], dev_t *rdev,
		       struct lvss_error *err);

#endif /* LVSS_DEV_PATH_H */
