// SPDX-License-Identifier: MIT
/* The command table of bin/lvss: add a command here and in cmds.h. */
#include "cmds.h"

const struct cmd *const lvss_commands[] = {
	&cmd_attach,
	&cmd_detach,
	&cmd_devices,
	&cmd_help,
	&cmd_status,
	&cmd_version,
	NULL,
};
