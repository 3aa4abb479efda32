/* SPDX-License-Identifier: MIT */
/*
 * A liblvss handle on a real generic netlink socket but no lvss.ko, and a
 * second socket that sends it messages as if lvss.ko multicast them: for
 * the event tests. Sending to another socket's port needs CAP_NET_ADMIN,
 * so callers skip what needs it when send_raw() fails.
 */
#ifndef LVSS_FAKE_HANDLE_H
#define LVSS_FAKE_HANDLE_H

#include <stdio.h>
#include <stdlib.h>
#include <netlink/socket.h>

#include "lvss_nl.h"
#include "nl_build.h"

/* As lvss_open() and, when @listening, lvss_events_subscribe() leave it. */
static inline void fake_open(struct lvss_handle *h, bool listening)
{
	*h = (struct lvss_handle){
		.sk = nl_socket_alloc(), .family = FAMILY_ID,
		.module = { .module = "0.2.0", .abi = LVSS_ABI_VERSION },
		.listening = listening,
	};
	if (!h->sk || nl_connect(h->sk, NETLINK_GENERIC)) {
		fprintf(stderr, "cannot open a generic netlink socket\n");
		exit(2);
	}
	if (listening)
		nl_socket_disable_seq_check(h->sk);
}

/* A second socket that sends to @to's port. */
static inline struct nl_sock *sender_to(struct nl_sock *to)
{
	struct nl_sock *s = nl_socket_alloc();

	if (!s || nl_connect(s, NETLINK_GENERIC)) {
		fprintf(stderr, "cannot open a generic netlink socket\n");
		exit(2);
	}
	nl_socket_set_peer_port(s, nl_socket_get_local_port(to));
	return s;
}

/* Sends @m (freed) as it is; false when the kernel refuses. */
static inline bool send_raw(struct nl_sock *s, struct nl_msg *m)
{
	int rc = nl_send(s, m);

	nlmsg_free(m);
	return rc >= 0;
}

#endif /* LVSS_FAKE_HANDLE_H */
