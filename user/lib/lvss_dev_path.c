// SPDX-License-Identifier: MIT
/*
 * Device paths on their way to lvss.ko. The module's rules
 * (kmod/lvss_limits.c: lvss_check_dev_path) are checked here first with
 * the same bounds from the uapi header, so a bad path is refused before a
 * connection is even made; then symlinks are resolved, so the module is
 * handed the device node and lists it under that name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lvss_dev_path.h"

int lvss_check_dev_path(const char *path, struct lvss_error *err)
{
	if (!path || !*path)
		return lvss_error_set(err, EINVAL,
			"the device path is empty: give an absolute path, e.g. /dev/vdb");
	if (path[0] != '/')
		return lvss_error_set(err, EINVAL,
			"device path '%s' is not absolute: give the full path, e.g. /dev/vdb",
			path);
	if (strnlen(path, LVSS_DEV_PATH_MAX) >= LVSS_DEV_PATH_MAX)
		return lvss_error_set(err, ENAMETOOLONG,
			"device path of %zu bytes is too long: lvss.ko takes at most %u; name the device node, e.g. /dev/vdb",
			strlen(path), LVSS_DEV_PATH_MAX - 1);
	return 0;
}

int lvss_dev_path_resolve(const char *path, enum lvss_dev_op op,
			  char node[LVSS_DEV_PATH_MAX],
			  struct lvss_error *err)
{
	char *real;
	size_t n;
	int rc;

	rc = lvss_check_dev_path(path, err);
	if (rc)
		return rc;
	real = realpath(path, NULL);
	if (!real)
		return lvss_error_device(err, errno, op, path, NULL, NULL);
	n = strlen(real);
	if (n >= LVSS_DEV_PATH_MAX)
		rc = lvss_error_set(err, ENAMETOOLONG,
			"%s resolves to a path of %zu bytes, too long for lvss.ko (at most %u): name the device node, e.g. /dev/vdb",
			path, n, LVSS_DEV_PATH_MAX - 1);
	else
		memcpy(node, real, n + 1);
	free(real);
	return rc;
}

int lvss_dev_path_node(const char *path, enum lvss_dev_op op,
		       char node[LVSS_DEV_PATH_MAX], dev_t *rdev,
		       struct lvss_error *err)
{
	char real[LVSS_DEV_PATH_MAX];
	struct stat st;
	int rc;

	rc = lvss_dev_path_resolve(path, op, real, err);
	if (rc)
		return rc;
	if (stat(real, &st))
		return lvss_error_device(err, errno, op, path, real, NULL);
	if (!S_ISBLK(st.st_mode))
		return lvss_error_device(err, ENOTBLK, op, path, real, NULL);
	memcpy(node, real, sizeof(real));
	*rdev = st.st_rdev;
	return 0;
}
