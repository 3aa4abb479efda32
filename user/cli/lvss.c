// SPDX-License-Identifier: MIT
/*
 * lvss - manage lvss.ko, the Linux Volume Shadow Service.
 * Dispatch lives in cli.c (testable); this file only wires up the process.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	struct cli cli = {
		.out = stdout,
		.err = stderr,
		.cmds = lvss_commands,
	};

	return cli_run(&cli, argc, argv);
}
