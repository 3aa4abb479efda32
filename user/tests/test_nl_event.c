// SPDX-License-Identifier: MIT
/*
 * Events: lvss_nl_parse_event() on messages built the way lvss.ko's
 * lvss_event_fill() lays them out, and the listening handle's rules and
 * receive path on a real generic netlink socket. No lvss.ko is needed:
 * where root may, events are sent to the handle from a second socket.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <netlink/genl/ctrl.h>

#include "fake_handle.h"
#include "lvss_error.h"
#include "lvss_nl.h"
#include "malformed.h"
#include "nl_build.h"
#include "tap.h"

static int parse(struct nl_msg *m, struct lvss_event *ev,
		 struct lvss_error *err)
{
	int rc = lvss_nl_parse_event(nlmsg_hdr(m), ev, err);

	nlmsg_free(m);
	return rc;
}

static void test_snapshot_failed(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_DEV_PATH, "LVSS_ATTR_DEV_PATH" },
		{ LVSS_ATTR_SNAPSHOT_ID, "LVSS_ATTR_SNAPSHOT_ID" },
		{ LVSS_ATTR_SNAPSHOT_SEQ, "LVSS_ATTR_SNAPSHOT_SEQ" },
		{ LVSS_ATTR_SNAPSHOT_STATE, "LVSS_ATTR_SNAPSHOT_STATE" },
		{ LVSS_ATTR_ERROR, "LVSS_ATTR_ERROR" },
		{ LVSS_ATTR_ERROR_MSG, "LVSS_ATTR_ERROR_MSG" },
	};
	struct lvss_event ev;
	struct lvss_error err = { 0 };

	memset(&ev, 0x55, sizeof(ev));
	is_int(parse(build_event_failed(0), &ev, &err), 0,
	       "a SNAPSHOT_FAILED event parses");
	is_int(ev.type, LVSS_EVENT_SNAPSHOT_FAILED, "its type is SNAPSHOT_FAILED");
	is_str(ev.dev_path, "/dev/sdb", "failed: the device is read");
	ok(ev.snapshot_id == 3 && ev.seq == 0x100000002ULL,
	   "failed: id and a 64-bit seq keep their values");
	is_int(ev.error, ENOSPC, "failed: the errno is positive");
	is_str(ev.error_msg, "the CoW store is full", "failed: why is read");
	ok(ev.chunk_size == 0 && ev.store_used_bytes == 0 &&
	   ev.store_total_bytes == 0,
	   "failed: the store-low fields are zero, not left over");

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		is_malformed(parse(build_event_failed(required[i].attr), &ev,
				   &err),
			     &err, required[i].name,
			     "a SNAPSHOT_FAILED event without it");
	parse(build_event_failed(LVSS_ATTR_ERROR), &ev, &err);
	is_str(err.msg,
	       "malformed SNAPSHOT_FAILED event from lvss.ko: missing LVSS_ATTR_ERROR; lvss tools and lvss.ko may be from different releases",
	       "the whole message calls it an event, not a reply");
}

static void test_store_low(void)
{
	static const struct { int attr; const char *name; } required[] = {
		{ LVSS_ATTR_DEV_PATH, "LVSS_ATTR_DEV_PATH" },
		{ LVSS_ATTR_CHUNK_SIZE, "LVSS_ATTR_CHUNK_SIZE" },
		{ LVSS_ATTR_STORE_USED, "LVSS_ATTR_STORE_USED" },
		{ LVSS_ATTR_STORE_TOTAL, "LVSS_ATTR_STORE_TOTAL" },
	};
	struct lvss_event ev;
	struct lvss_error err = { 0 };
	struct nl_msg *m;

	memset(&ev, 0x55, sizeof(ev));
	is_int(parse(build_event_store_low(0), &ev, &err), 0,
	       "a STORE_LOW event parses");
	is_int(ev.type, LVSS_EVENT_STORE_LOW, "its type is STORE_LOW");
	is_str(ev.dev_path, "/dev/vdb", "store low: the device is read");
	ok(ev.chunk_size == 65536 && ev.store_used_bytes == 0x1c0000000ULL &&
	   ev.store_total_bytes == 0x200000000ULL,
	   "store low: chunk size and 64-bit used/total keep their values");
	ok(ev.snapshot_id == 0 && ev.seq == 0 && ev.error == 0 &&
	   !*ev.error_msg, "store low: the snapshot fields are zero and empty");

	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		is_malformed(parse(build_event_store_low(required[i].attr),
				   &ev, &err),
			     &err, required[i].name,
			     "a STORE_LOW event without it");

	/* A newer minor ABI may add attributes: they are ignored. */
	m = build_event_store_low(0);
	nla_put_u32(m, LVSS_ATTR_MAX + 1, 1);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
	is_int(parse(m, &ev, &err), 0,
	       "a STORE_LOW event with more attributes than promised parses");
}

static void test_bad_events(void)
{
	struct lvss_event ev = { .type = LVSS_EVENT_STORE_LOW,
				 .dev_path = "keep" };
	struct lvss_error err;
	char big[LVSS_DEV_PATH_MAX + 1];
	uint16_t u16 = 3;
	struct nl_msg *m;
	int rc;
	struct {
		struct nlmsghdr nlh;
		char genl[2];
	} runt = { .nlh = { .nlmsg_len = NLMSG_HDRLEN + 2 } };

	m = build_event_failed(LVSS_ATTR_SNAPSHOT_ID);
	nla_put(m, LVSS_ATTR_SNAPSHOT_ID, sizeof(u16), &u16);
	is_malformed(parse(m, &ev, &err), &err, "LVSS_ATTR_SNAPSHOT_ID",
		     "a 2-byte snapshot id");
	ok(ev.type == LVSS_EVENT_STORE_LOW && !strcmp(ev.dev_path, "keep"),
	   "the output is untouched when parsing fails");

	m = build_event_store_low(LVSS_ATTR_STORE_USED);
	nla_put_u32(m, LVSS_ATTR_STORE_USED, 7);
	is_malformed(parse(m, &ev, &err), &err, "LVSS_ATTR_STORE_USED",
		     "a 4-byte u64");

	m = build_event_failed(LVSS_ATTR_ERROR_MSG);
	nla_put(m, LVSS_ATTR_ERROR_MSG, 4, "full");	/* no NUL */
	is_malformed(parse(m, &ev, &err), &err, "LVSS_ATTR_ERROR_MSG",
		     "a reason without NUL");

	memset(big, 'x', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	m = build_event_store_low(LVSS_ATTR_DEV_PATH);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, big);
	is_malformed(parse(m, &ev, &err), &err, "LVSS_ATTR_DEV_PATH",
		     "a path of LVSS_DEV_PATH_MAX bytes");

	m = build_reply(LVSS_CMD_GET_STATUS, 0);
	rc = parse(m, &ev, &err);
	is_malformed(rc, &err, "GET_STATUS", "a reply sent as an event");
	ok(strstr(err.msg, "sent as an event, but it is none") != NULL,
	   "and it says it is no event");

	m = build_reply(LVSS_CMD_UNSPEC, 0);
	is_malformed(parse(m, &ev, &err), &err, "it is none",
		     "command 0 as an event");

	is_malformed(lvss_nl_parse_event(&runt.nlh, &ev, &err), &err,
		     "too short", "an event shorter than a genl header");
	ok(strstr(err.msg, "malformed lvss event") != NULL,
	   "a runt is called an lvss event");
	is_str(ev.dev_path, "keep", "still untouched");
}

static void test_unknown_command(void)
{
	struct lvss_event ev = { .dev_path = "keep" };
	struct lvss_error err;
	char want[LVSS_ERROR_STR_MAX];
	struct nl_msg *m;

	m = build_reply(LVSS_CMD_MAX + 1, 0);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	is_int(parse(m, &ev, &err), -ENOMSG,
	       "an event of a newer lvss.ko is -ENOMSG, to skip");
	snprintf(want, sizeof(want),
		 "lvss.ko sent event %d, which lvss tools %s do not know: skipped",
		 LVSS_CMD_MAX + 1, lvss_tools_version());
	is_str(err.msg, want, "and the message says it is skipped");
	is_int(err.code, ENOMSG, "err.code is ENOMSG");
	is_str(ev.dev_path, "keep", "the output is untouched");

	m = build_reply(255, 0);
	is_int(parse(m, &ev, &err), -ENOMSG, "so is command 255");
}

/* --- the handle ---------------------------------------------------------- */

static int64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int count_device(const struct lvss_device *dev, void *arg)
{
	(void)dev;
	++*(int *)arg;
	return 0;
}

static void test_handle_rules(void)
{
	struct lvss_handle h;
	struct lvss_status s = { .device_count = 77 };
	struct lvss_event ev;
	struct lvss_error err;
	int n = 0, rc;

	fake_open(&h, false);
	is_int(lvss_event_fd(&h), -1, "a handle that does not listen has no event fd");
	rc = lvss_event_next(&h, 0, &ev, &err);
	ok(rc == -EINVAL && strstr(err.msg, "call lvss_events_subscribe() first"),
	   "waiting on it is refused, saying what to call first");
	/* Without lvss.ko the family, and so its group, is missing. */
	if (genl_ctrl_resolve(h.sk, LVSS_GENL_NAME) == -NLE_OBJ_NOTFOUND) {
		rc = lvss_events_subscribe(&h, &err);
		ok(rc == -ENOENT && !strcmp(err.msg, LVSS_MSG_NOT_LOADED),
		   "subscribing without lvss.ko says it is not loaded");
		ok(!h.listening, "and the handle does not listen");
	} else {
		tap_skip("lvss.ko is loaded here (test_open subscribes)");
		tap_skip("lvss.ko is loaded here");
	}
	nl_socket_free(h.sk);

	fake_open(&h, true);
	is_int(lvss_event_fd(&h), nl_socket_get_fd(h.sk),
	       "a listening handle's event fd is its socket");
	is_int(lvss_events_subscribe(&h, &err), 0, "subscribing twice is harmless");
	rc = lvss_get_status(&h, &s, &err);
	is_int(rc, -EINVAL, "a listening handle refuses requests");
	is_str(err.msg,
	       "cannot read the lvss.ko status: this lvss handle listens for events; open another one for requests",
	       "and says to open another handle");
	is_int(s.device_count, 77, "the output is untouched");
	rc = lvss_list_devices(&h, count_device, &n, &err);
	ok(rc == -EINVAL && n == 0 && strstr(err.msg, "listens for events"),
	   "dumps are refused too");
	nl_socket_free(h.sk);
}

static void test_wait(void)
{
	struct lvss_handle h;
	struct lvss_event ev = { .dev_path = "keep" };
	struct lvss_error err;
	int64_t t0, took;
	int rc;

	fake_open(&h, true);
	rc = lvss_event_next(&h, 0, &ev, &err);
	ok(rc == -ETIMEDOUT && err.code == ETIMEDOUT &&
	   !strcmp(err.msg, "no lvss event came within 0 ms"),
	   "timeout 0 with nothing there: -ETIMEDOUT at once");
	t0 = ms_now();
	rc = lvss_event_next(&h, 150, &ev, &err);
	took = ms_now() - t0;
	ok(rc == -ETIMEDOUT && took >= 140 && took < 5000,
	   "timeout 150 ms: -ETIMEDOUT after about that long (%lld ms)",
	   (long long)took);
	is_str(ev.dev_path, "keep", "no event: the output is untouched");
	nl_socket_free(h.sk);
}

static void test_receive(void)
{
	struct lvss_handle h;
	struct lvss_event ev = { 0 };
	struct lvss_error err;
	struct nl_sock *tx;
	struct nl_msg *m;
	int rc;

	fake_open(&h, true);
	tx = sender_to(h.sk);
	m = build_reply(LVSS_CMD_MAX + 1, 0);
	nla_put_string(m, LVSS_ATTR_DEV_PATH, "/dev/sdb");
	/* Sending to another socket's port needs CAP_NET_ADMIN. */
	if (!send_raw(tx, m)) {
		for (int i = 0; i < 6; i++)
			tap_skip("not permitted to send to a netlink port (not root)");
		goto out;
	}
	ok(send_raw(tx, build_event_store_low(0)), "a STORE_LOW event is sent");
	rc = lvss_event_next(&h, 2000, &ev, &err);
	ok(rc == 0 && ev.type == LVSS_EVENT_STORE_LOW &&
	   !strcmp(ev.dev_path, "/dev/vdb") &&
	   ev.store_total_bytes == 0x200000000ULL,
	   "the unknown event is skipped, the STORE_LOW one returned (%s)",
	   err.msg);

	send_raw(tx, build_event_failed(0));
	rc = lvss_event_next(&h, -1, &ev, &err);
	ok(rc == 0 && ev.type == LVSS_EVENT_SNAPSHOT_FAILED &&
	   ev.snapshot_id == 3 && ev.error == ENOSPC,
	   "waiting for ever returns the next event (%s)", err.msg);

	m = build_reply(LVSS_CMD_MAX + 1, 0);
	send_raw(tx, m);
	rc = lvss_event_next(&h, 0, &ev, &err);
	ok(rc == -ETIMEDOUT && ev.type == LVSS_EVENT_SNAPSHOT_FAILED,
	   "only an unknown event there: skipped, -ETIMEDOUT, output kept");

	send_raw(tx, build_event_store_low(LVSS_ATTR_STORE_TOTAL));
	rc = lvss_event_next(&h, 2000, &ev, &err);
	ok(rc == -EBADMSG && strstr(err.msg, "missing LVSS_ATTR_STORE_TOTAL") &&
	   ev.type == LVSS_EVENT_SNAPSHOT_FAILED,
	   "a malformed event is -EBADMSG with the parser's message");

	send_raw(tx, build_event_store_low(0));
	ok(lvss_event_next(&h, 2000, &ev, &err) == 0 &&
	   ev.type == LVSS_EVENT_STORE_LOW,
	   "after a malformed event the next one is read");
out:
	nl_socket_free(tx);
	nl_socket_free(h.sk);
}

int main(void)
{
	alarm(60);	/* a wait that never ends fails this test only */
	test_snapshot_failed();
	test_store_low();
	test_bad_events();
	test_unknown_command();
	test_handle_rules();
	test_wait();
	test_receive();
	return tap_done();
}
