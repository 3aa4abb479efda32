// SPDX-License-Identifier: MIT
/*
 * lvss_open() against whatever kernel runs the tests: the family may be
 * missing (build host), present (test VM) or refused (not root). Each case
 * must give its documented result and, under SAN=1, leak nothing. Never
 * loads a module, and attaches nothing that could succeed.
 */
#include <errno.h>

#include "lvss.h"
#include "lvss_error.h"
#include "tap.h"

static int count_device(const struct lvss_device *dev, void *arg)
{
	(void)dev;
	++*(size_t *)arg;
	return 0;
}

/* A second handle listens; an lvss.ko of ABI 1.0 is too old for it. */
static void test_events(const struct lvss_version *v)
{
	struct lvss_handle *h = NULL;
	struct lvss_event ev;
	struct lvss_error err;
	struct lvss_status s;
	int rc;

	if (lvss_open(&h, &err)) {
		ok(0, "lvss.ko loaded: a second handle opens (%s)", err.msg);
		return;
	}
	rc = lvss_events_subscribe(h, &err);
	if (LVSS_ABI_VERSION_MINOR(v->abi) < 1) {
		ok(rc == -EOPNOTSUPP &&
		   !strncmp(err.msg, "lvss.ko is too old for events: ", 31),
		   "lvss.ko of ABI 1.0: subscribing says it is too old (%s)",
		   err.msg);
	} else {
		is_int(rc, 0, "lvss.ko loaded: subscribing to events works (%s)",
		       err.msg);
		rc = lvss_event_next(h, 0, &ev, &err);
		ok(rc == 0 || rc == -ETIMEDOUT,
		   "lvss.ko loaded: polling for an event works (%s)", err.msg);
		ok(lvss_get_status(h, &s, &err) == -EINVAL,
		   "lvss.ko loaded: the listening handle refuses requests");
	}
	lvss_close(h);
}

int main(void)
{
	struct lvss_handle *h = NULL;
	struct lvss_error err;
	int rc;

	rc = lvss_open(&h, &err);
	if (rc == -ENOENT) {
		is_str(err.msg, LVSS_MSG_NOT_LOADED,
		       "lvss.ko not loaded: lvss_open says so");
		is_int(err.code, ENOENT, "lvss.ko not loaded: code ENOENT");
	} else if (rc == -EPERM || rc == -EACCES) {
		is_str(err.msg, LVSS_MSG_NEED_ADMIN,
		       "not root: lvss_open asks for CAP_SYS_ADMIN");
	} else {
		struct lvss_version v;
		struct lvss_status s;
		size_t n = 0;

		is_int(rc, 0, "lvss.ko loaded: lvss_open succeeds (%s)", err.msg);
		if (rc == 0) {
			ok(lvss_get_version(h, &v, &err) == 0 &&
			   lvss_abi_compatible(v.abi),
			   "lvss.ko loaded: GET_VERSION works");
			ok(lvss_get_status(h, &s, &err) == 0 &&
			   !strcmp(s.module, v.module),
			   "lvss.ko loaded: GET_STATUS works");
			rc = lvss_list_devices(h, count_device, &n, &err);
			ok(rc == 0, "lvss.ko loaded: the device dump works (%s)",
			   err.msg);
			/* /dev/null exists but is no block device. */
			rc = lvss_attach(h, "/dev/null", &err);
			ok(rc == -ENOTBLK && !strcmp(err.msg,
			   "/dev/null is not a block device: name a disk or a partition, e.g. /dev/vdb"),
			   "lvss.ko loaded: attaching /dev/null is refused (%s)",
			   err.msg);
			ok(lvss_get_version(h, &v, &err) == 0,
			   "lvss.ko loaded: the handle still works after a dump and an error");
			test_events(&v);
		}
		lvss_close(h);
	}
	lvss_close(NULL);
	ok(1, "lvss_close(NULL) is a no-op");
	return tap_done();
}
