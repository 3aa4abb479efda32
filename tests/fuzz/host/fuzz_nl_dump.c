// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the dump collector (lvss_nl_dump.c) with the parsers
 * it runs. Input: one selector byte (device, snapshot or CBT-changes
 * dump), then the messages of a dump as they come off the socket, each
 * NLMSG_ALIGN'ed after the one before; the harness feeds them one by one
 * until the collector says the dump is over, as lvss_nl_dump_recv() does.
 * A message whose nlmsg_len does not fit what is left ends the input
 * (libnl stops there too).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvss_nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int parse_device(struct nlmsghdr *nlh, void *item,
			struct lvss_error *err)
{
	return lvss_nl_parse_device(nlh, item, err);
}

static int parse_snapshot(struct nlmsghdr *nlh, void *item,
			  struct lvss_error *err)
{
	return lvss_nl_parse_snapshot(nlh, item, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lvss_nl_cbt_changes changes = { 0 };
	struct lvss_nl_dump d;
	struct lvss_error err;
	size_t off;
	uint8_t *buf;

	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		lvss_nl_dump_init(&d, parse_device, sizeof(struct lvss_device));
		break;
	case 1:
		lvss_nl_dump_init(&d, parse_snapshot,
				  sizeof(struct lvss_snapshot));
		break;
	default:
		lvss_nl_dump_init_add(&d, lvss_nl_parse_cbt_changes, &changes);
		break;
	}
	data++;
	size--;
	buf = malloc(size ? size : 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	for (off = 0; off + NLMSG_HDRLEN <= size;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + off);
		uint8_t *one;

		if (nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > size - off)
			break;
		/* each message on its own: reads past it are caught */
		one = malloc(nlh->nlmsg_len);
		if (!one)
			abort();
		memcpy(one, nlh, nlh->nlmsg_len);
		if (lvss_nl_dump_feed(&d, (struct nlmsghdr *)one)) {
			free(one);
			break;
		}
		free(one);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	lvss_nl_dump_result(&d, "fuzz", &err);
	lvss_nl_dump_free(&d);
	lvss_nl_cbt_changes_free(&changes);
	free(buf);
	return 0;
}
