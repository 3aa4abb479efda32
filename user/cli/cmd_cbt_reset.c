// SPDX-License-Identifier: MIT
/*
 * lvss cbt reset <device>: forget a device's change history (a new
 * generation, based at its newest snapshot).
 */
#include "cmds.h"

void cbt_reset_print(struct printer *p, const char *device)
{
	print_line(p, "changed-block history of %s reset: the next backup of it is a full one",
		   device);
	print_json_str(p, "device", device);
}

static int reset_query(struct lvss_handle *h, void *device,
		       struct lvss_error *err)
{
	return lvss_cbt_reset(h, device, err);
}

static void reset_out(struct printer *p, const void *device)
{
	cbt_reset_print(p, device);
}

static int do_cbt_reset(struct cli *cli, int argc, char **argv)
{
	struct lvss_error err;
	int rc;

	rc = cli_one_arg(cli, argc, argv, "<device>");
	if (rc)
		return rc;
	if (lvss_check_dev_path(argv[0], &err))
		return cli_usage_error(cli, "%s", err.msg);
	return cli_query(cli, reset_query, reset_out, argv[0]);
}

const struct cmd cmd_cbt_reset = {
	.name = "cbt reset",
	.summary = "forget a device's changed-block history",
	.usage = "lvss [--json] cbt reset <device>\n"
		 "\n"
		 "Start a new changed-block generation on the attached <device>, based\n"
		 "at its newest snapshot: blocks written since that snapshot stay\n"
		 "listed, everything older is forgotten, and 'lvss cbt changes' with\n"
		 "the old generation fails, so the next backup is a full one. Use it\n"
		 "when the history cannot be trusted (the device was written while\n"
		 "lvss could not see it). Refused while a snapshot set is being taken.\n"
		 "JSON keys: device.\n",
	.run = do_cbt_reset,
};
