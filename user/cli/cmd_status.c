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
	if (s->has_events_dropped)
		print_u64(p, "events_dropped", "events dropped",
			  s->events_dropped);
}

static int status_query(struct lvss_handle *h, void *s,
			struct lvss_error *err)
{
	return lvss_get_status(h, s, err);
}

static void status_out(struct printer *p, const void *s)
{
	status_print(p, s);
}

static int do_status(struct cli *cli, int argc, char **argv)
{
	struct lvss_status s;
	int rc;

	rc = cli_no_args(cli, argc, argv);
	if (rc)
		return rc;
	return cli_query(cli, status_query, status_out, &s);
}

const struct cmd cmd_status = {
	.name = "status",
	.summary = "show module-wide figures: devices, snapshots, uptime",
	.usage = "lvss [--json] status\n"
		 "\n"
		 "Show the loaded lvss.ko's version and ABI, how many devices have\n"
		 "an lvss filter attached, how many snapshots are live, the time\n"
		 "since the module was loaded (seconds, one decimal) and, from ABI\n"
		 "1.1 on, how many events ('lvss monitor') it could not send since.\n"
		 "JSON keys: module, abi, devices, snapshots, uptime_ms (integer ms),\n"
		 "events_dropped (ABI 1.1).\n",
	.run = do_status,
};
