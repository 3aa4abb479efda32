// SPDX-License-Identifier: MIT
/* lvss detach <device>: take the lvss filter off; the body is attach's. */
#include "cmds.h"

static int do_detach(struct cli *cli, int argc, char **argv)
{
	return attach_run(cli, argc, argv, false);
}

const struct cmd cmd_detach = {
	.name = "detach",
	.summary = "detach the lvss filter from a device",
	.usage = "lvss [--json] detach <device>\n"
		 "\n"
		 "Detach the lvss filter from <device>, named as for 'lvss attach'\n"
		 "(symlinks are resolved). Its write counters are dropped.\n"
		 "Prints \"detached <device>\".\n"
		 "JSON keys: device, attached (false).\n",
	.run = do_detach,
};
