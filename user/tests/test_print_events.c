// SPDX-License-Identifier: MIT
/*
 * Output of 'lvss monitor': one line per event, exact in text and in JSON
 * (byte for byte, then parsed back), the free percentage of a store-low
 * event at its edges, and the errno names it prints.
 */
#include <errno.h>
#include <stdint.h>

#include "cmds.h"
#include "render.h"

static const struct lvss_event failed = {
	.type = LVSS_EVENT_SNAPSHOT_FAILED, .dev_path = "/dev/sdb",
	.snapshot_id = 3, .seq = 2, .error = ENOSPC,
	.error_msg = "the CoW store is full",
};

static const struct lvss_event low = {
	.type = LVSS_EVENT_STORE_LOW, .dev_path = "/dev/sdb",
	.chunk_size = 65536, .store_used_bytes = 966367641ULL,	/* 0.9G */
	.store_total_bytes = 1ULL << 30,
};

static void render_event(struct printer *p, const void *arg)
{
	event_print(p, arg);
}

static void test_snapshot_failed(void)
{
	struct lvss_event ev = failed;
	char *out;
	int rc;

	out = render(render_event, &failed, false, &rc);
	is_str(out,
	       "snapshot-failed device=/dev/sdb id=3 seq=2 error=ENOSPC (28): the CoW store is full\n",
	       "snapshot-failed text: one line, errno by name and number");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_event, &failed, true, &rc);
	is_int(rc, 0, "snapshot-failed JSON: print_finish succeeds");
	is_str(out,
	       "{\"event\":\"snapshot-failed\",\"device\":\"/dev/sdb\",\"id\":3,\"seq\":2,"
	       "\"error\":28,\"error_name\":\"ENOSPC\",\"error_msg\":\"the CoW store is full\"}\n",
	       "snapshot-failed JSON, byte for byte");
	is_json(out,
		"{\"event\":\"snapshot-failed\",\"device\":\"/dev/sdb\",\"id\":3,"
		"\"seq\":2,\"error\":28,\"error_name\":\"ENOSPC\","
		"\"error_msg\":\"the CoW store is full\"}",
		"snapshot-failed");
	free(out);

	/* lvss.ko always says why; if it did not, strerror stands in. */
	ev.error = EIO;
	ev.error_msg[0] = '\0';
	ev.snapshot_id = 4294967295U;
	ev.seq = UINT64_MAX;
	out = render(render_event, &ev, false, &rc);
	is_str(out,
	       "snapshot-failed device=/dev/sdb id=4294967295 seq=18446744073709551615 error=EIO (5): Input/output error\n",
	       "an empty reason reads as strerror; ids and seqs are exact");
	free(out);
	out = render(render_event, &ev, true, &rc);
	is_json(out,
		"{\"event\":\"snapshot-failed\",\"device\":\"/dev/sdb\","
		"\"id\":4294967295,\"seq\":18446744073709551615,\"error\":5,"
		"\"error_name\":\"EIO\",\"error_msg\":\"\"}",
		"snapshot-failed, EIO, largest id and seq");
	free(out);

	ev.error = 4000;
	strcpy(ev.error_msg, "odd");
	out = render(render_event, &ev, false, &rc);
	ok(strstr(out, " error=4000: odd\n") != NULL,
	   "an errno without a name is printed as its number");
	free(out);
	out = render(render_event, &ev, true, &rc);
	ok(strstr(out, "\"error\":4000") && !strstr(out, "error_name"),
	   "and JSON leaves error_name out");
	free(out);
}

static void test_store_low(void)
{
	struct lvss_event ev = low;
	char *out;
	int rc;

	out = render(render_event, &low, false, &rc);
	is_str(out,
	       "store-low device=/dev/sdb used=921.6M total=1.0G (10% free) chunk=64.0K\n",
	       "store-low text: sizes in binary units and the whole percent free");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_event, &low, true, &rc);
	is_str(out,
	       "{\"event\":\"store-low\",\"device\":\"/dev/sdb\",\"chunk_size\":65536,"
	       "\"used_bytes\":966367641,\"total_bytes\":1073741824}\n",
	       "store-low JSON, byte for byte");
	is_json(out,
		"{\"event\":\"store-low\",\"device\":\"/dev/sdb\","
		"\"chunk_size\":65536,\"used_bytes\":966367641,"
		"\"total_bytes\":1073741824}",
		"store-low");
	free(out);

	/* 10.0% free less one byte is under 10%: rounded down, to 9. */
	ev.store_used_bytes = (1ULL << 30) - 107374182ULL + 1;
	out = render(render_event, &ev, false, &rc);
	ok(strstr(out, "(9% free)") != NULL,
	   "a store just under 10%% free says 9%%, never rounds up to the threshold");
	free(out);

	ev.store_used_bytes = ev.store_total_bytes;
	out = render(render_event, &ev, false, &rc);
	ok(strstr(out, "used=1.0G total=1.0G (0% free)") != NULL,
	   "a full store is 0%% free");
	free(out);

	ev.store_used_bytes = 2ULL << 30;	/* never from lvss.ko */
	out = render(render_event, &ev, false, &rc);
	ok(strstr(out, "(0% free)") != NULL, "more used than total is 0%% free");
	free(out);

	ev.store_used_bytes = 0;
	ev.store_total_bytes = 0;
	out = render(render_event, &ev, false, &rc);
	is_str(out,
	       "store-low device=/dev/sdb used=0B total=0B (0% free) chunk=64.0K\n",
	       "an empty store is 0%% free, no division by zero");
	free(out);

	ev.store_used_bytes = UINT64_MAX / 2;
	ev.store_total_bytes = UINT64_MAX;
	out = render(render_event, &ev, false, &rc);
	ok(strstr(out, "(50% free)") != NULL,
	   "64-bit sizes do not overflow the percentage");
	free(out);
}

static void test_unknown_type(void)
{
	struct lvss_event ev = { .type = (enum lvss_event_type)9,
				 .dev_path = "/dev/sdb" };
	char *out;
	int rc;

	out = render(render_event, &ev, false, &rc);
	is_str(out, "unknown event type=9 device=/dev/sdb\n",
	       "an event type the CLI does not know is named, not dropped");
	free(out);
	out = render(render_event, &ev, true, &rc);
	is_json(out, "{\"event\":\"unknown\",\"device\":\"/dev/sdb\"}",
		"unknown event");
	free(out);
}

static void test_errno_names(void)
{
	static const struct { int errnum; const char *want; } cases[] = {
		{ EPERM, "EPERM" }, { EIO, "EIO" }, { ENOSPC, "ENOSPC" },
		{ ENOMEM, "ENOMEM" }, { ENODEV, "ENODEV" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EWOULDBLOCK, "EAGAIN" }, { EDEADLOCK, "EDEADLK" },
		{ EHWPOISON, "EHWPOISON" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(format_errno_name(cases[i].errnum), cases[i].want,
		       "errno %d is %s", cases[i].errnum, cases[i].want);
	ok(!format_errno_name(0) && !format_errno_name(-ENOSPC) &&
	   !format_errno_name(EHWPOISON + 1) && !format_errno_name(4095),
	   "0, negative and unknown numbers have no name");
	ok(!format_errno_name(41) && !format_errno_name(58),
	   "the holes in Linux's numbering have no name either");
}

int main(void)
{
	test_snapshot_failed();
	test_store_low();
	test_unknown_type();
	test_errno_names();
	return tap_done();
}
