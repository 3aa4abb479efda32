// SPDX-License-Identifier: MIT
/*
 * The library's reply parsers and ext-ack reader, fed with messages built
 * here with libnl the way lvss.ko (and netlink_ack()) lay them out.
 */
#include <errno.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "lvss_nl.h"
#include "tap.h"

#define FAMILY_ID	0x42	/* any id: parsers do not look at it */

static struct nl_msg *new_reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, 1, 1, FAMILY_ID, 0, 0, cmd,
			       LVSS_GENL_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return m;
}

/* A GET_STATUS reply as lvss.ko sends it, minus attribute @skip. */
static struct nl_msg *status_reply(int skip)
{
	struct nl_msg *m = new_reply(LVSS_CMD_GET_STATUS);

	if (skip != LVSS_ATTR_MODULE_VERSION)
		nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	if (skip != LVSS_ATTR_ABI_VERSION)
		nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	if (skip != LVSS_ATTR_DEVICE_COUNT)
		nla_put_u32(m, LVSS_ATTR_DEVICE_COUNT, 3);
	if (skip != LVSS_ATTR_SNAPSHOT_COUNT)
		nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 7);
	/* nla_put_u64_64bit() pads with an empty LVSS_ATTR_PAD first. */
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	if (skip != LVSS_ATTR_UPTIME_MS)
		nla_put_u64(m, LVSS_ATTR_UPTIME_MS, 0x100000000ULL + 5);
	return m;
}

static int parse_status(struct nl_msg *m, struct lvss_status *s,
			struct lvss_error *err)
{
	int rc = lvss_nl_parse_status(nlmsg_hdr(m), s, err);

	nlmsg_free(m);
	return rc;
}

static int parse_version(struct nl_msg *m, struct lvss_version *v,
			 struct lvss_error *err)
{
	int rc = lvss_nl_parse_version(nlmsg_hdr(m), v, err);

	nlmsg_free(m);
	return rc;
}

static void test_good_replies(void)
{
	struct lvss_version v = { 0 };
	struct lvss_status s = { 0 };
	struct lvss_error err = { 0 };
	struct nl_msg *m;

	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, 0x10002);
	is_int(parse_version(m, &v, &err), 0, "a GET_VERSION reply parses");
	is_str(v.module, "0.1.0", "module version is read");
	is_int(v.abi, 0x10002, "ABI version is read");

	is_int(parse_status(status_reply(0), &s, &err), 0,
	       "a GET_STATUS reply with a pad attribute parses");
	ok(!strcmp(s.module, "0.1.0") && s.abi == LVSS_ABI_VERSION &&
	   s.device_count == 3 && s.snapshot_count == 7,
	   "status: module, abi and counts are read");
	ok(s.uptime_ms == 0x100000005ULL, "status: a 64-bit uptime keeps its high bits");

	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.2.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, 0x10001);
	nla_put_u32(m, LVSS_ATTR_MAX + 1, 99);	/* from a newer minor ABI */
	is_int(parse_version(m, &v, &err), 0,
	       "attributes newer than LVSS_ATTR_MAX are ignored");

	char longest[LVSS_MODULE_VERSION_MAX];
	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, longest);
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	ok(parse_version(m, &v, &err) == 0 && !strcmp(v.module, longest),
	   "a module version of LVSS_MODULE_VERSION_MAX - 1 chars fits");
}

/* Expects -EBADMSG and a message that mentions @needle. */
static void is_malformed(int rc, const struct lvss_error *err,
			 const char *needle, const char *name)
{
	ok(rc == -EBADMSG && err->code == EBADMSG && strstr(err->msg, needle),
	   "%s is refused, naming %s", name, needle);
	if (rc != -EBADMSG || !strstr(err->msg, needle))
		printf("#   rc %d, msg \"%s\"\n", rc, err->msg);
}

static void test_missing(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_MODULE_VERSION, "LVSS_ATTR_MODULE_VERSION" },
		{ LVSS_ATTR_ABI_VERSION, "LVSS_ATTR_ABI_VERSION" },
		{ LVSS_ATTR_DEVICE_COUNT, "LVSS_ATTR_DEVICE_COUNT" },
		{ LVSS_ATTR_SNAPSHOT_COUNT, "LVSS_ATTR_SNAPSHOT_COUNT" },
		{ LVSS_ATTR_UPTIME_MS, "LVSS_ATTR_UPTIME_MS" },
	};
	struct lvss_error err;
	struct lvss_status s;

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		int rc = parse_status(status_reply(required[i].attr), &s, &err);

		is_malformed(rc, &err, required[i].name,
			     "a status reply without it");
	}
	parse_status(status_reply(LVSS_ATTR_UPTIME_MS), &s, &err);
	is_str(err.msg,
	       "malformed GET_STATUS reply from lvss.ko: missing LVSS_ATTR_UPTIME_MS; lvss tools and lvss.ko may be from different releases",
	       "the whole message says what is wrong and why it may be");
}

static void test_bad_attributes(void)
{
	struct lvss_version v = { .module = "keep", .abi = 7 };
	struct lvss_error err;
	uint16_t u16 = 1;
	uint64_t u64 = 1;
	char big[LVSS_MODULE_VERSION_MAX + 1];
	struct nl_msg *m;
	int rc;

	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put(m, LVSS_ATTR_ABI_VERSION, sizeof(u16), &u16);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_ABI_VERSION", "a 2-byte u32");
	ok(!strcmp(v.module, "keep") && v.abi == 7,
	   "the output is untouched when parsing fails");

	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put(m, LVSS_ATTR_ABI_VERSION, sizeof(u64), &u64);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_ABI_VERSION", "an 8-byte u32");

	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put(m, LVSS_ATTR_MODULE_VERSION, 5, "0.1.0");	/* no NUL */
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_MODULE_VERSION",
		     "a string without NUL");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m = new_reply(LVSS_CMD_GET_VERSION);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, big);
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	rc = parse_version(m, &v, &err);
	is_malformed(rc, &err, "LVSS_ATTR_MODULE_VERSION",
		     "a string over LVSS_MODULE_VERSION_MAX");
}

static void test_bad_headers(void)
{
	struct lvss_version v;
	struct lvss_error err;
	struct nl_msg *m;
	struct {
		struct nlmsghdr nlh;
		char genl[2];
	} runt = { .nlh = { .nlmsg_len = NLMSG_HDRLEN + 2 } };

	m = new_reply(LVSS_CMD_GET_STATUS);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	is_malformed(parse_version(m, &v, &err), &err, "another command",
		     "a reply for the wrong command");

	is_malformed(lvss_nl_parse_version(&runt.nlh, &v, &err), &err,
		     "too short", "a message shorter than a genl header");
}

/*
 * An NLMSG_ERROR as netlink_ack() builds it: nlmsgerr, the echoed request
 * payload unless NLM_F_CAPPED (@echo bytes, not a multiple of 4 to test
 * the padding), then TLVs.
 */
static struct nl_msg *error_msg(int flags, int echo, const char *text)
{
	struct nl_msg *m = nlmsg_alloc_simple(NLMSG_ERROR, flags);
	char payload[64] = { 0 };
	struct nlmsgerr e = {
		.error = -EPROTO,
		.msg = { .nlmsg_len = NLMSG_HDRLEN + echo, .nlmsg_type = FAMILY_ID },
	};

	nlmsg_append(m, &e, sizeof(e), NLMSG_ALIGNTO);
	if (!(flags & NLM_F_CAPPED))
		nlmsg_append(m, payload, echo, NLMSG_ALIGNTO);
	if (flags & NLM_F_ACK_TLVS) {
		nla_put_u32(m, NLMSGERR_ATTR_OFFS, 20);	/* before the msg */
		if (text)
			nla_put_string(m, NLMSGERR_ATTR_MSG, text);
	}
	return m;
}

static void test_extack(void)
{
	static const char text[] = "ABI major 2 is not supported, module speaks 1";
	char buf[LVSS_ERROR_MSG_MAX], small[8];
	struct nl_msg *m;

	m = error_msg(NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, text);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 1 &&
	   !strcmp(buf, text), "ext-ack message of a capped error is found");
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), small, sizeof(small)) == 1 &&
	   !strcmp(small, "ABI maj"), "a long ext-ack message is truncated safely");
	nlmsg_free(m);

	m = error_msg(NLM_F_ACK_TLVS, 22, text);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 1 &&
	   !strcmp(buf, text), "ext-ack after an echoed, padded request is found");
	nlmsg_free(m);

	m = error_msg(NLM_F_CAPPED, 0, NULL);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0 && !*buf,
	   "no NLM_F_ACK_TLVS: no message, empty buffer");
	nlmsg_free(m);

	m = error_msg(NLM_F_ACK_TLVS | NLM_F_CAPPED, 0, NULL);
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "TLVs without NLMSGERR_ATTR_MSG: no message");
	nlmsg_free(m);

	m = error_msg(NLM_F_ACK_TLVS, 40, text);
	nlmsg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr) + 8;
	ok(lvss_nl_extack_msg(nlmsg_hdr(m), buf, sizeof(buf)) == 0,
	   "an echo longer than the message is not read past its end");
	nlmsg_free(m);
}

int main(void)
{
	test_good_replies();
	test_missing();
	test_bad_attributes();
	test_bad_headers();
	test_extack();
	return tap_done();
}
