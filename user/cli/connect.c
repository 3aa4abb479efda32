// SPDX-License-Identifier: MIT
/*
 * Connecting to lvss.ko, loading it first when it is missing and we may;
 * and the shape most commands share: connect, ask, hang up, print.
 */
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

int cli_query(struct cli *cli,
	      int (*query)(struct lvss_handle *h, void *ctx,
			   struct lvss_error *err),
	      void (*print)(struct printer *p, const void *ctx), void *ctx)
{
	struct lvss_handle *h;
	struct lvss_error err;
	struct printer *p;
	int rc;

	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	rc = query(h, ctx, &err);
	lvss_close(h);
	if (rc)
		return cli_error(cli, "%s", err.msg);
	p = cli_printer(cli);
	if (!p)
		return CLI_FAILED;
	print(p, ctx);
	return cli_print_finish(cli, p);
}
