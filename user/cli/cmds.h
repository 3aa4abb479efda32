/* SPDX-License-Identifier: MIT */
/*
 * The commands of bin/lvss, one file each (cmd_<name>.c), and the pieces of
 * them that unit tests call directly: rendering a reply is separate from
 * fetching it, so output is tested without a kernel.
 */
#ifndef LVSS_CMDS_H
#define LVSS_CMDS_H

#include "cli.h"
#include "lvss.h"

extern const struct cmd cmd_attach;
extern const struct cmd cmd_detach;
extern const struct cmd cmd_devices;
extern const struct cmd cmd_help;
extern const struct cmd cmd_status;
extern const struct cmd cmd_version;

void version_print(struct printer *p, const struct lvss_version *v);
void status_print(struct printer *p, const struct lvss_status *s);

/*
 * attach and detach differ only in direction and share this body, in
 * cmd_attach.c. The outcome reads "attached /dev/sdb" or "detached
 * /dev/sdb"; in JSON {"device":"/dev/sdb","attached":true|false}.
 */
int attach_run(struct cli *cli, int argc, char **argv, bool attach);
void attach_print(struct printer *p, const char *path, bool attached);

/* lvss devices: a table opened once, then a row per device. */
void devices_print_open(struct printer *p);
void device_print(struct printer *p, const struct lvss_device *d);

/*
 * Opens the connection to lvss.ko. When the module is not loaded and we
 * are root, loads it once and retries. Reports failures itself; returns
 * CLI_OK or CLI_FAILED.
 */
int cli_connect(struct cli *cli, struct lvss_handle **h);

#endif /* LVSS_CMDS_H */
