/* SPDX-License-Identifier: GPL-2.0 */
/* The ftrace redirect of submit_bio_noacct() that lets lvss see bios. */
#ifndef LVSS_HOOK_H
#define LVSS_HOOK_H

struct bio;
struct netlink_ext_ack;

int lvss_hook_get(struct netlink_ext_ack *extack);
void lvss_hook_put(void);
void lvss_hook_pass(struct bio *bio);
void lvss_hook_exit(void);

#endif /* LVSS_HOOK_H */
