// SPDX-License-Identifier: MIT
/*
 * The command table of bin/lvss: add a command here and in cmds.h. Objects
 * (iproute2's 'ip <object> <command>') are defined here from their
 * commands, which live one per file like the rest.
 */
#include "cmds.h"

static const struct cmd *const snapshot_cmds[] = {
	&cmd_snapshot_take,
	&cmd_snapshot_delete,
	&cmd_snapshot_list,
	NULL,
};

const struct cmd cmd_snapshot = {
	.name = "snapshot",
	.summary = "take, delete and list snapshots",
	.usage = "Snapshots are read-only disks that keep a device's contents as\n"
		 "they were at one instant; a set of them shares that instant.\n",
	.subs = snapshot_cmds,
};

static const struct cmd *const store_cmds[] = {
	&cmd_store_add,
	NULL,
};

const struct cmd cmd_store = {
	.name = "store",
	.summary = "manage the CoW store space of devices",
	.usage = "A device's CoW store keeps the old contents of what is written\n"
		 "to it while it has snapshots; all its snapshots share it.\n",
	.subs = store_cmds,
};

static const struct cmd *const cbt_cmds[] = {
	&cmd_cbt_info,
	&cmd_cbt_changes,
	&cmd_cbt_mark_dirty,
	&cmd_cbt_reset,
	NULL,
};

const struct cmd cmd_cbt = {
	.name = "cbt",
	.summary = "changed-block tracking: what was written since a snapshot",
	.usage = "Changed-block tracking: from the attach on, lvss.ko records which\n"
		 "blocks of a device are written between its snapshots, so a backup\n"
		 "after the first one copies only those ('lvss cbt changes').\n",
	.subs = cbt_cmds,
};

const struct cmd *const lvss_commands[] = {
	&cmd_attach,
	&cmd_cbt,
	&cmd_detach,
	&cmd_devices,
	&cmd_help,
	&cmd_monitor,
	&cmd_snapshot,
	&cmd_snapshots,
	&cmd_status,
	&cmd_store,
	&cmd_version,
	NULL,
};
