// SPDX-License-Identifier: MIT
/*
 * lvss attach <device> [--cbt-block-size SIZE]: put the lvss filter on a
 * disk or partition. Also the shared body of lvss detach, which only goes
 * the other way and takes no options.
 */
#include "cmds.h"

void attach_print(struct printer *p, const char *path, bool attached)
{
	print_line(p, "%s %s", attached ? "attached" : "detached", path);
	print_json_str(p, "device", path);
	print_json_bool(p, "attached", attached);
}

/* attach's words: one <device>, --cbt-block-size once. */
static int attach_parse(struct cli *cli, int argc, char **argv,
			const char **path, uint64_t *block_size)
{
	bool block_given = false;
	struct lvss_error err;
	const char *v;
	int i, m, rc;

	*path = NULL;
	*block_size = 0;
	for (i = 0; i < argc; i++) {
		m = cli_option(cli, argc, argv, &i, "--cbt-block-size", &v);
		if (m < 0)
			return CLI_USAGE;
		if (m) {
			if (block_given)
				return cli_usage_error(cli,
					"--cbt-block-size is given twice");
			block_given = true;
			rc = cli_size(cli, "--cbt-block-size", v, block_size);
			if (rc)
				return rc;
			if (lvss_check_cbt_block_size(*block_size, &err))
				return cli_usage_error(cli, "%s", err.msg);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_unknown_option(cli, argv[i]);
		} else if (*path) {
			return cli_usage_error(cli,
				"%s takes one <device>, got '%s' too; run 'lvss help %s' for its usage",
				cli->cmd->name, argv[i], cli->cmd->name);
		} else {
			*path = argv[i];
		}
	}
	if (!*path)
		return cli_one_arg(cli, 0, argv, "<device>");
	return CLI_OK;
}

int attach_run(struct cli *cli, int argc, char **argv, bool attach)
{
	struct lvss_handle *h;
	struct lvss_error err;
	struct printer *p;
	uint64_t block_size = 0;
	const char *path;
	int rc;

	if (attach) {
		rc = attach_parse(cli, argc, argv, &path, &block_size);
	} else {
		rc = cli_one_arg(cli, argc, argv, "<device>");
		path = argv[0];
	}
	if (rc)
		return rc;
	/* A path lvss.ko would refuse is a wrong command line: say so early. */
	if (lvss_check_dev_path(path, &err))
		return cli_usage_error(cli, "%s", err.msg);
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	rc = attach ? lvss_attach_opts(h, path, (uint32_t)block_size, &err) :
		      lvss_detach(h, path, &err);
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
	.usage = "lvss [--json] attach <device> [--cbt-block-size SIZE]\n"
		 "\n"
		 "Attach the lvss filter to <device>, a whole disk or a partition,\n"
		 "mounted or not, so lvss.ko sees its writes. <device> is an absolute\n"
		 "path; symlinks such as /dev/disk/by-id/... are resolved to the\n"
		 "device node. A disk and one of its partitions cannot both be\n"
		 "attached, nor a device another driver holds (dm/md member, swap).\n"
		 "From the attach on, lvss.ko tracks which blocks are written ('lvss\n"
		 "cbt'), one byte of kernel memory per tracking block:\n"
		 "  --cbt-block-size SIZE  the tracking block, a power of two from 4K\n"
		 "                         to 1M; default: the smallest that keeps the\n"
		 "                         map within 16M (4K up to 64G devices)\n"
		 "SIZE is bytes or a whole number with K or M (powers of 1024).\n"
		 "Prints \"attached <device>\".\n"
		 "JSON keys: device, attached (true).\n",
	.run = do_attach,
};
