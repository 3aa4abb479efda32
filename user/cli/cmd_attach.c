// SPDX-License-Identifier: MIT
/*
 * lvss attach <device>: put the lvss filter on a disk or partition. Also
 * the shared body of lvss detach, which only goes the other way.
 */
#include "cmds.h"

void attach_print(struct printer *p, const char *path, bool attached)
{
	print_line(p, "%s %s", attached ? "attached" : "detached", path);
	print_json_str(p, "device", path);
	print_json_bool(p, "attached", attached);
}

int attach_run(struct cli *cli, int argc, char **argv, bool attach)
{
	struct lvss_handle *h;
	struct lvss_error err;
	struct printer *p;
	const char *path;
	int rc;

	rc = cli_one_arg(cli, argc, argv, "<device>");
	if (rc)
		return rc;
	path = argv[0];
	/* A path lvss.ko would refuse is a wrong command line: say so early. */
	if (lvss_check_dev_path(path, &err))
		return cli_usage_error(cli, "%s", err.msg);
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	rc = attach ? lvss_attach(h, path, &err) : lvss_detach(h, path, &err);
	lvss_close(h);
	if (rc)
		return cli_error(cli, "%s", err.msg);

	p = cli_printer(cli);
	if (!p)
		return CLI_FAILED;
	attach_print(p, path, attach);
	return cli_print_finish(cli, p);
}

static int do_attach(struct cli *cli, int argc, char **argv)
{
	return attach_run(cli, argc, argv, true);
}

const struct cmd cmd_attach = {
	.name = "attach",
	.summary = "attach the lvss filter to a disk or partition",
	.usage = "lvss [--json] attach <device>\n"
		 "\n"
		 "Attach the lvss filter to <device>, a whole disk or a partition,\n"
		 "mounted or not, so lvss.ko sees its writes. <device> is an absolute\n"
		 "path; symlinks such as /dev/disk/by-id/... are resolved to the\n"
		 "device node. A disk and one of its partitions cannot both be\n"
		 "attached, nor a device another driver holds (dm/md member, swap).\n"
		 "Prints \"attached <device>\".\n"
		 "JSON keys: device, attached (true).\n",
	.run = do_attach,
};
