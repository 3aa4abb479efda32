// SPDX-License-Identifier: MIT
/*
 * The dump collector: whole answers of LVSS_CMD_GET_DEVICE fed message by
 * message as the transport would, including the ways a dump ends badly.
 */
#include <errno.h>
#include <limits.h>

#include "lvss_error.h"
#include "lvss_nl.h"
#include "nl_build.h"
#include "tap.h"

#define WHAT	"list the attached devices"

static int parse_device(struct nlmsghdr *nlh, void *item,
			struct lvss_error *err)
{
	return lvss_nl_parse_device(nlh, item, err);
}

static void start(struct lvss_nl_dump *d)
{
	lvss_nl_dump_init(d, parse_device, sizeof(struct lvss_device));
}

/* Feeds @m (freed) and returns whether the dump said it is over. */
static bool feed(struct lvss_nl_dump *d, struct nl_msg *m)
{
	bool over = lvss_nl_dump_feed(d, nlmsg_hdr(m));

	nlmsg_free(m);
	return over;
}

static const struct lvss_device *item(const struct lvss_nl_dump *d,
				      size_t i)
{
	return &((const struct lvss_device *)d->items)[i];
}

static void test_complete(void)
{
	struct lvss_nl_dump d;
	struct lvss_error err;
	bool over;

	start(&d);
	over = feed(&d, build_device("/dev/sdb", 0));
	over |= feed(&d, build_device("/dev/vdc1", 0));
	ok(!over, "replies alone do not end a dump");
	ok(feed(&d, build_done(0, NULL)), "NLMSG_DONE ends it");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), 0,
	       "a dump of two devices succeeds");
	is_int(d.count, 2, "both devices are kept");
	ok(d.count == 2 && !strcmp(item(&d, 0)->path, "/dev/sdb") &&
	   !strcmp(item(&d, 1)->path, "/dev/vdc1"),
	   "in the order they came");
	ok(d.count == 2 && item(&d, 1)->writes == 0x100000003ULL,
	   "every field is parsed");
	lvss_nl_dump_free(&d);

	start(&d);
	ok(feed(&d, build_done(0, NULL)), "an empty dump is only NLMSG_DONE");
	ok(lvss_nl_dump_result(&d, WHAT, &err) == 0 && d.count == 0,
	   "and lists nothing");
	lvss_nl_dump_free(&d);
}

static void test_many(void)
{
	char path[32];
	struct lvss_nl_dump d;
	struct lvss_error err;
	size_t n = 100, right = 0;

	start(&d);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/dev/vd%zu", i);
		feed(&d, build_device(path, 0));
	}
	feed(&d, build_done(0, NULL));
	for (size_t i = 0; i < d.count; i++) {
		snprintf(path, sizeof(path), "/dev/vd%zu", i);
		right += !strcmp(item(&d, i)->path, path);
	}
	ok(lvss_nl_dump_result(&d, WHAT, &err) == 0 && d.count == n &&
	   right == n, "100 devices grow the array and keep their order");
	lvss_nl_dump_free(&d);
}

static void test_kernel_errors(void)
{
	struct lvss_nl_dump d;
	struct lvss_error err;

	start(&d);
	ok(feed(&d, build_error(-EPERM, NLM_F_CAPPED, 0, NULL)),
	   "an NLMSG_ERROR instead of a dump ends it");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EPERM,
	       "the kernel's errno is returned");
	is_str(err.msg, LVSS_MSG_NEED_ADMIN, "EPERM asks for CAP_SYS_ADMIN");
	lvss_nl_dump_free(&d);

	start(&d);
	feed(&d, build_device("/dev/sdb", 0));
	ok(feed(&d, build_done(-ENOBUFS, "the device list changed: retry")),
	   "an NLMSG_DONE carrying an errno ends the dump");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -ENOBUFS,
	       "an error inside NLMSG_DONE fails the dump");
	is_str(err.msg,
	       "cannot list the attached devices: No buffer space available (kernel: the device list changed: retry)",
	       "with the ext-ack message from NLMSG_DONE");
	lvss_nl_dump_free(&d);

	start(&d);
	feed(&d, build_error(-EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0,
			     "unknown attribute"));
	lvss_nl_dump_result(&d, WHAT, &err);
	is_str(err.msg,
	       "cannot list the attached devices: Invalid argument (kernel: unknown attribute)",
	       "an NLMSG_ERROR keeps its ext-ack message");
	lvss_nl_dump_free(&d);

	start(&d);
	ok(feed(&d, build_error(0, NLM_F_CAPPED, 0, NULL)) &&
	   lvss_nl_dump_result(&d, WHAT, &err) == 0,
	   "an ack (NLMSG_ERROR 0) ends a dump without error");
	lvss_nl_dump_free(&d);
}

static void test_malformed(void)
{
	struct lvss_nl_dump d;
	struct lvss_error err;
	struct nl_msg *noop;
	bool over;

	start(&d);
	feed(&d, build_device("/dev/sdb", 0));
	over = feed(&d, build_device("/dev/sdc", LVSS_ATTR_DEV_SIZE));
	over |= feed(&d, build_device("/dev/sdd", 0));
	ok(!over, "a malformed reply does not end the dump: the rest is drained");
	ok(feed(&d, build_done(0, NULL)), "up to NLMSG_DONE");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EBADMSG,
	       "a dump with a malformed reply fails");
	ok(strstr(err.msg, "malformed GET_DEVICE reply") &&
	   strstr(err.msg, "LVSS_ATTR_DEV_SIZE"),
	   "naming the command and the attribute");
	is_int(d.count, 1, "nothing after the malformed reply is kept");
	lvss_nl_dump_free(&d);

	start(&d);
	feed(&d, build_device("/dev/sdb", LVSS_ATTR_DEV_PATH));
	feed(&d, build_done(-EIO, "late"));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EIO,
	       "the kernel's error outranks a malformed reply");
	lvss_nl_dump_free(&d);

	/* tests/fuzz found -INT_MIN here (undefined behaviour) */
	start(&d);
	ok(feed(&d, build_done(INT_MIN, NULL)),
	   "an NLMSG_DONE with errno INT_MIN ends the dump");
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EBADMSG,
	       "as a malformed answer");
	lvss_nl_dump_free(&d);

	start(&d);
	feed(&d, build_done(5, NULL));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EBADMSG,
	       "a positive errno in NLMSG_DONE is malformed, not success");
	lvss_nl_dump_free(&d);

	start(&d);
	feed(&d, build_error(-100000, NLM_F_CAPPED, 0, NULL));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EBADMSG,
	       "an NLMSG_ERROR errno below -4095 is malformed");
	lvss_nl_dump_free(&d);

	start(&d);
	noop = nlmsg_alloc_simple(NLMSG_NOOP, 0);
	ok(!feed(&d, noop), "NLMSG_NOOP is skipped");
	feed(&d, build_device("/dev/sdb", 0));
	is_int(lvss_nl_dump_result(&d, WHAT, &err), -EIO,
	       "a dump without its end is not a result");
	is_str(err.msg,
	       "cannot list the attached devices: the answer of lvss.ko ended early",
	       "and says so");
	ok(feed(&d, build_done(0, NULL)) &&
	   feed(&d, build_device("/dev/sdz", 0)) && d.count == 1,
	   "after the end, further messages are ignored");
	lvss_nl_dump_free(&d);
	lvss_nl_dump_free(&d);
	ok(d.items == NULL && d.count == 0, "freeing twice is harmless");
}

int main(void)
{
	test_complete();
	test_many();
	test_kernel_errors();
	test_malformed();
	return tap_done();
}
