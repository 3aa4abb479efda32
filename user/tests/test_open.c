// SPDX-License-Identifier: MIT
/*
 * lvss_open() against whatever kernel runs the tests: the family may be
 * missing (build host), present (test VM) or refused (not root). Each case
 * must give its documented result and, under SAN=1, leak nothing. Never
 * loads a module.
 */
#include <errno.h>

#include "lvss.h"
#include "lvss_error.h"
#include "tap.h"

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

		is_int(rc, 0, "lvss.ko loaded: lvss_open succeeds (%s)", err.msg);
		if (rc == 0) {
			ok(lvss_get_version(h, &v, &err) == 0 &&
			   lvss_abi_compatible(v.abi),
			   "lvss.ko loaded: GET_VERSION works");
			ok(lvss_get_status(h, &s, &err) == 0 &&
			   !strcmp(s.module, v.module),
			   "lvss.ko loaded: GET_STATUS works");
		}
		lvss_close(h);
	}
	lvss_close(NULL);
	ok(1, "lvss_close(NULL) is a no-op");
	return tap_done();
}
