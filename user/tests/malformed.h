/* SPDX-License-Identifier: MIT */
/* The check every parser test makes of a refused message. */
#ifndef LVSS_TEST_MALFORMED_H
#define LVSS_TEST_MALFORMED_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvss_error.h"
#include "tap.h"

/* Expects -EBADMSG and a message that mentions @needle. */
static inline void is_malformed(int rc, const struct lvss_error *err,
				const char *needle, const char *name)
{
	ok(rc == -EBADMSG && err->code == EBADMSG && strstr(err->msg, needle),
	   "%s is refused, naming %s", name, needle);
	if (rc != -EBADMSG || !strstr(err->msg, needle))
		printf("#   rc %d, msg \"%s\"\n", rc, err->msg);
}

#endif /* LVSS_TEST_MALFORMED_H */
