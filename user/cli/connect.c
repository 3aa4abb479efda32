// SPDX-License-Identifier: MIT
/* Connecting to lvss.ko, loading it first when it is missing and we may. */
#include <errno.h>
#include <unistd.h>

#include "cmds.h"

int cli_connect(struct cli *cli, struct lvss_handle **h)
{
	struct lvss_error err, load_err;
	int rc;

	rc = lvss_open(h, &err);
	/* -ENOENT from lvss_open means exactly "family not registered". */
	if (rc == -ENOENT && geteuid() == 0) {
		if (lvss_load_module(&load_err) == 0) {
			rc = lvss_open(h, &err);
		} else {
			cli_error(cli, "%s", err.msg);
			return cli_error(cli, "loading it failed: %s",
					 load_err.msg);
		}
	}
	if (rc)
		return cli_error(cli, "%s", err.msg);
	return CLI_OK;
}
