// SPDX-License-Identifier: MIT
/* lvss status: module-wide figures from lvss.ko. */
#include "cmds.h"

void status_print(struct printer *p, const struct lvss_status *s)
{
	char abi[LVSS_ABI_STR_MAX];

	print_str(p, "module", NULL, s->module);
	print_str(p, "abi", NULL, lvss_abi_format(s->abi, abi, sizeof(abi)));
	print_u64(p, "devices", NULL, s->device_count);
	print_u64(p, "snapshots", NULL, s->snapshot_count);
	print_duration_ms(p, "uptime_ms", "uptime", s->uptime_ms);
}

static int do_status(struct cli *cli, int argc, char **argv)
{
	struct lvss_handle *h;
	struct lvss_status s;
	struct lvss_error err;
	struct printer *p;
	int rc;

	rc = cli_no_args(cli, argc, argv);
	if (rc)
		return rc;
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	rc = lvss_get_status(h, &s, &err);
	lvss_close(h);
	if (rc)
		return cli_error(cli, "%s", err.msg);

	p = cli_printer(cli);
	if (!p)
		return CLI_FAILED;
	status_print(p, &s);
	return cli_print_finish(cli, p);
}

const struct cmd cmd_status = {
	.name = "status",
	.summary = "show module-wide figures: devices, snapshots, uptime",
	.usage = "lvss [--json] status\n"
		 "\n"
		 "Show the loaded lvss.ko's version and ABI, how many devices have\n"
		 "an lvss filter attached, how many snapshots are live, and the time\n"
		 "since the module was loaded (seconds, one decimal).\n"
		 "JSON keys: module, abi, devices, snapshots, uptime_ms (integer ms).\n",
	.run = do_status,
};
