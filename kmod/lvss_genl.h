/* SPDX-License-Identifier: GPL-2.0 */
/* The lvss generic netlink family: control plane of lvss.ko. */
#ifndef LVSS_GENL_H
#define LVSS_GENL_H

int lvss_genl_init(void);
void lvss_genl_exit(void);

#endif /* LVSS_GENL_H */
