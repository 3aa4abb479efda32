// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: liblvss's reply and event parsers (lvss_nl_parse.c).
 * Input: one selector byte, then one netlink message as the kernel would
 * hand it over (nlmsghdr | genlmsghdr | attributes). libnl only passes on
 * messages whose nlmsg_len fits what was received, so the harness makes
 * it fit the same way; everything after that is the parsers' to check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "lvss_nl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int status_required[] = { LVSS_ATTR_DEV_PATH,
		LVSS_ATTR_SNAPSHOT_ID, LVSS_ATTR_UNSPEC };
	struct nlmsghdr *nlh;
	struct lvss_error err;
	union {
		struct lvss_version version;
		struct lvss_status status;
		struct lvss_device device;
		struct lvss_snapshot_set set;
		struct lvss_snapshot snapshot;
		struct lvss_event event;
		struct lvss_cbt_info cbt;
	} *out;
	struct lvss_nl_cbt_changes changes = { 0 };
	char msg[LVSS_ERROR_STR_MAX];
	uint8_t which;

	if (size < 1 + NLMSG_HDRLEN)
		return 0;
	which = data[0];
	data++;
	size--;
	/* A copy of exactly @size bytes: ASan sees every read past it. */
	nlh = malloc(size);
	out = malloc(sizeof(*out));
	if (!nlh || !out)
		abort();
	memcpy(nlh, data, size);
	if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > size)
		nlh->nlmsg_len = (uint32_t)size;
	switch (which % 10) {
	case 0:
		lvss_nl_parse_version(nlh, &out->version, &err);
		break;
	case 1:
		lvss_nl_parse_status(nlh, &out->status, &err);
		break;
	case 2:
		lvss_nl_parse_device(nlh, &out->device, &err);
		break;
	case 3:
		lvss_nl_parse_take(nlh, &out->set, &err);
		break;
	case 4:
		lvss_nl_parse_snapshot(nlh, &out->snapshot, &err);
		break;
	case 5:
		lvss_nl_parse_event(nlh, &out->event, &err);
		break;
	case 6:
		lvss_nl_parse_cbt_info(nlh, &out->cbt, &err);
		break;
	case 7:
		/* twice: the second reply must continue the first's extents */
		if (!lvss_nl_parse_cbt_changes(nlh, &changes, &err))
			lvss_nl_parse_cbt_changes(nlh, &changes, &err);
		lvss_nl_cbt_changes_free(&changes);
		break;
	case 8:
		lvss_nl_extack_msg(nlh, msg, sizeof(msg));
		break;
	default: {
		/* the members nest of a take request, as the tests parse it */
		size_t off = NLMSG_HDRLEN + GENL_HDRLEN;

		if (nlh->nlmsg_len >= off + NLA_HDRLEN) {
			const struct nlattr *a = (const void *)((char *)nlh + off);

			if (a->nla_len >= NLA_HDRLEN &&
			    a->nla_len <= nlh->nlmsg_len - off)
				lvss_nl_parse_members(a, LVSS_CMD_SNAPSHOT_TAKE,
						      status_required,
						      &out->set, &err);
		}
		break;
	}
	}
	free(out);
	free(nlh);
	return 0;
}
