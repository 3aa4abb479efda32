// SPDX-License-Identifier: MIT
/*
 * The print layer: exact text of 'lvss version' and 'lvss status', their
 * JSON parsed back with json-c, seconds formatting, nesting and write
 * errors.
 */
#include <errno.h>
#include <stdint.h>

#include "cmds.h"
#include "render.h"

static const struct lvss_version version = {
	.module = "0.1.0", .abi = 0x10000,	/* 1.0 */
};
static const struct lvss_status status = {
	.module = "0.1.0", .abi = 0x10000, .device_count = 2,
	.snapshot_count = 5, .uptime_ms = 12345,
};

static void render_version(struct printer *p, const void *arg)
{
	version_print(p, arg);
}

static void render_status(struct printer *p, const void *arg)
{
	status_print(p, arg);
}

/* Devices as a later 'lvss device list' might print them. */
static void render_nested(struct printer *p, const void *arg)
{
	(void)arg;
	print_u64(p, "count", NULL, 2);
	print_open_array(p, "devices", NULL);
	print_open_object(p);
	print_str(p, "path", NULL, "/dev/sdb");
	print_u64(p, "chunk", "chunk size", 65536);
	print_close(p);
	print_open_object(p);
	print_str(p, "path", NULL, "/dev/sdc");
	print_open_array(p, "snapshots", NULL);
	print_u64(p, NULL, NULL, 1);
	print_u64(p, NULL, NULL, 2);
	print_close(p);
	print_close(p);
	print_close(p);
}

static void test_version(void)
{
	char want[128];
	char *out;
	int rc;

	out = render(render_version, &version, false, &rc);
	snprintf(want, sizeof(want), "lvss tools: %s\nlvss.ko: 0.1.0\nABI: 1.0\n",
		 lvss_tools_version());
	is_str(out, want, "version text");
	is_int(rc, 0, "version text: print_finish succeeds");
	free(out);

	out = render(render_version, &version, true, &rc);
	snprintf(want, sizeof(want),
		 "{\"tools\":\"%s\",\"module\":\"0.1.0\",\"abi\":\"1.0\"}\n",
		 lvss_tools_version());
	is_str(out, want, "version JSON, byte for byte");
	is_json(out, want, "version");
	free(out);
}

static void test_status(void)
{
	char *out;
	int rc;

	out = render(render_status, &status, false, &rc);
	is_str(out,
	       "module: 0.1.0\nabi: 1.0\ndevices: 2\nsnapshots: 5\nuptime: 12.3s\n",
	       "status text");
	free(out);

	out = render(render_status, &status, true, &rc);
	is_int(rc, 0, "status JSON: print_finish succeeds");
	is_json(out,
		"{\"module\":\"0.1.0\",\"abi\":\"1.0\",\"devices\":2,\"snapshots\":5,\"uptime_ms\":12345}",
		"status");
	free(out);
}

/* lvss.ko 1.1 also says how many events it could not send. */
static void test_status_events_dropped(void)
{
	struct lvss_status s = status;
	char *out;
	int rc;

	s.has_events_dropped = true;
	s.events_dropped = 0x100000003ULL;
	out = render(render_status, &s, false, &rc);
	is_str(out,
	       "module: 0.1.0\nabi: 1.0\ndevices: 2\nsnapshots: 5\nuptime: 12.3s\n"
	       "events dropped: 4294967299\n",
	       "status text with events dropped, last");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_status, &s, true, &rc);
	is_json(out,
		"{\"module\":\"0.1.0\",\"abi\":\"1.0\",\"devices\":2,\"snapshots\":5,"
		"\"uptime_ms\":12345,\"events_dropped\":4294967299}",
		"status with events_dropped");
	free(out);

	s.events_dropped = 0;
	out = render(render_status, &s, false, &rc);
	ok(strstr(out, "\nevents dropped: 0\n") != NULL,
	   "0 events dropped is shown, not left out");
	free(out);

	/* test_status(): without the flag, neither output has it. */
	out = render(render_status, &status, true, &rc);
	ok(!strstr(out, "events_dropped"),
	   "lvss.ko 1.0 sends no count: JSON has no events_dropped");
	free(out);
}

static void test_seconds(void)
{
	static const struct { uint64_t ms; const char *want; } cases[] = {
		{ 0, "0.0s" }, { 49, "0.0s" }, { 50, "0.1s" },
		{ 1234, "1.2s" }, { 1250, "1.3s" }, { 59999, "60.0s" },
		{ 86400000, "86400.0s" },
		{ UINT64_MAX, "18446744073709551.6s" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		format_ms_as_s(cases[i].ms, buf, sizeof(buf));
		is_str(buf, cases[i].want, "%llu ms is %s",
		       (unsigned long long)cases[i].ms, cases[i].want);
	}
}

static void test_nested(void)
{
	char *out;
	int rc;

	out = render(render_nested, NULL, false, &rc);
	is_str(out,
	       "count: 2\n"
	       "devices:\n"
	       "  - path: /dev/sdb\n"
	       "    chunk size: 65536\n"
	       "  - path: /dev/sdc\n"
	       "    snapshots:\n"
	       "      - 1\n"
	       "      - 2\n",
	       "nested lists render as an indented list in text");
	free(out);

	out = render(render_nested, NULL, true, &rc);
	is_json(out,
		"{\"count\":2,\"devices\":[{\"path\":\"/dev/sdb\",\"chunk\":65536},"
		"{\"path\":\"/dev/sdc\",\"snapshots\":[1,2]}]}",
		"nested");
	free(out);
}

static void misuse(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_object(p);	/* an object needs an array around it */
}

static void test_errors(void)
{
	struct printer *p;
	FILE *full;
	char *out;
	int rc;

	out = render(misuse, NULL, true, &rc);
	is_int(rc, -EINVAL, "an object outside an array is refused");
	is_str(out, "", "nothing is printed after a misuse");
	free(out);

	full = fopen("/dev/full", "w");
	if (!full) {
		tap_skip("/dev/full is missing");
		return;
	}
	p = print_new(full, false);
	version_print(p, &version);
	is_int(print_finish(p), -ENOSPC, "a full disk is reported, not ignored");
	fclose(full);
}

int main(void)
{
	test_version();
	test_status();
	test_status_events_dropped();
	test_seconds();
	test_nested();
	test_errors();
	return tap_done();
}
