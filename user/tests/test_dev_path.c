// SPDX-License-Identifier: MIT
/*
 * Device paths before they are sent: lvss.ko's rules checked client-side
 * (the same bounds as kmod/lvss_limits.c), and symlinks resolved to the
 * node, in a scratch directory under $TMPDIR.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvss_dev_path.h"
#include "tap.h"

static void test_check(void)
{
	char longest[LVSS_DEV_PATH_MAX], big[LVSS_DEV_PATH_MAX + 1];
	struct lvss_error err;

	is_int(lvss_check_dev_path("/dev/sdb", &err), 0, "/dev/sdb is fine");
	is_int(lvss_check_dev_path("/", &err), 0,
	       "'/' passes the check, like in the kernel (open refuses it)");

	is_int(lvss_check_dev_path("sdb", &err), -EINVAL,
	       "a relative path is refused");
	is_str(err.msg,
	       "device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb",
	       "the message names the path and shows an absolute one");
	is_int(lvss_check_dev_path("./sdb", &err), -EINVAL,
	       "./ is relative too");
	is_int(lvss_check_dev_path("", &err), -EINVAL, "an empty path is refused");
	is_str(err.msg,
	       "the device path is empty: give an absolute path, e.g. /dev/vdb",
	       "the empty path has its own words");
	is_int(lvss_check_dev_path(NULL, &err), -EINVAL, "so is NULL");

	memset(longest, 'x', sizeof(longest) - 1);
	longest[0] = '/';
	longest[sizeof(longest) - 1] = '\0';
	is_int(lvss_check_dev_path(longest, &err), 0,
	       "LVSS_DEV_PATH_MAX - 1 bytes fit");
	memset(big, 'x', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	is_int(lvss_check_dev_path(big, &err), -ENAMETOOLONG,
	       "LVSS_DEV_PATH_MAX bytes do not");
	is_str(err.msg,
	       "device path of 256 bytes is too long: lvss.ko takes at most 255; name the device node, e.g. /dev/vdb",
	       "the message gives the length and the limit");
	is_int(lvss_check_dev_path(big, NULL), -ENAMETOOLONG,
	       "a NULL error pointer is allowed");
}

/* A scratch directory, removed by cleanup(). */
static char dir[200];
static char deep[512];		/* a directory whose path is > 255 bytes */

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char name[251];	/* with dir, over LVSS_DEV_PATH_MAX */

	if (snprintf(dir, sizeof(dir), "%s/lvss-test-XXXXXX",
		     tmp ? tmp : "/tmp") >= (int)sizeof(dir) || !mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	memset(name, 'd', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(deep, sizeof(deep), "%s/%s", dir, name);
	if (mkdir(deep, 0700)) {
		perror("mkdir");
		exit(2);
	}
}

static void path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void cleanup(void)
{
	static const char *const names[] = { "null", "loop", "gone", "far" };
	char p[PATH_MAX];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		path_in(p, sizeof(p), names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/node", deep);
	unlink(p);
	rmdir(deep);
	rmdir(dir);
}

static void test_resolve(void)
{
	char node[LVSS_DEV_PATH_MAX] = "keep", link[PATH_MAX], far[PATH_MAX];
	struct lvss_error err;
	int rc;

	setup();

	is_int(lvss_dev_path_resolve("/dev/null", LVSS_DEV_ATTACH, node, &err),
	       0, "an existing node resolves");
	is_str(node, "/dev/null", "to itself");

	path_in(link, sizeof(link), "null");
	if (symlink("/dev/null", link)) {
		tap_skip("cannot create a symlink");
	} else {
		rc = lvss_dev_path_resolve(link, LVSS_DEV_ATTACH, node, &err);
		ok(rc == 0 && !strcmp(node, "/dev/null"),
		   "a symlink resolves to its target, like /dev/disk/by-id/...");
	}

	snprintf(link, sizeof(link), "%s/../%s/null", dir, strrchr(dir, '/') + 1);
	rc = lvss_dev_path_resolve(link, LVSS_DEV_ATTACH, node, &err);
	ok(rc == 0 && !strcmp(node, "/dev/null"), "'..' is resolved too");

	strcpy(node, "keep");
	rc = lvss_dev_path_resolve("/dev/lvss-no-such-device", LVSS_DEV_ATTACH,
				   node, &err);
	is_int(rc, -ENOENT, "a missing path is refused before asking lvss.ko");
	is_str(err.msg,
	       "/dev/lvss-no-such-device does not exist: check the name ('lsblk -p' lists the block devices)",
	       "saying it does not exist");
	is_str(node, "keep", "the node is untouched on failure");

	path_in(link, sizeof(link), "gone");
	if (symlink("/dev/lvss-no-such-device", link) == 0) {
		rc = lvss_dev_path_resolve(link, LVSS_DEV_DETACH, node, &err);
		ok(rc == -ENOENT && !strncmp(err.msg, link, strlen(link)),
		   "a dangling symlink is named as typed");
	} else {
		tap_skip("cannot create a symlink");
	}

	path_in(link, sizeof(link), "loop");
	if (symlink(link, link) == 0) {
		rc = lvss_dev_path_resolve(link, LVSS_DEV_ATTACH, node, &err);
		ok(rc == -ELOOP && strstr(err.msg, "cannot attach ") &&
		   strstr(err.msg, "Too many levels of symbolic links"),
		   "other realpath() errors: what failed and strerror");
	} else {
		tap_skip("cannot create a symlink");
	}

	rc = lvss_dev_path_resolve("/dev/null/x", LVSS_DEV_DETACH, node, &err);
	is_str(err.msg, "cannot detach /dev/null/x: Not a directory",
	       "ENOTDIR is worded for detach");

	rc = lvss_dev_path_resolve("null", LVSS_DEV_ATTACH, node, &err);
	is_int(rc, -EINVAL, "a relative path is refused, not resolved");

	/* A short link to a node whose own path is over the limit. */
	snprintf(far, sizeof(far), "%s/node", deep);
	path_in(link, sizeof(link), "far");
	if (close(creat(far, 0600)) || symlink(far, link)) {
		tap_skip("cannot create the long path");
	} else {
		rc = lvss_dev_path_resolve(link, LVSS_DEV_ATTACH, node, &err);
		ok(rc == -ENAMETOOLONG && !strncmp(err.msg, link, strlen(link)) &&
		   strstr(err.msg, "too long for lvss.ko (at most 255)"),
		   "a link to a path over the limit is refused, naming the link");
	}

	cleanup();
}

int main(void)
{
	test_check();
	test_resolve();
	return tap_done();
}
