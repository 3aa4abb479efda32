// SPDX-License-Identifier: MIT
/*
 * Output of 'lvss store add', 'lvss snapshot take', 'lvss snapshot
 * delete' and 'lvss snapshots', exact in text and parsed back in JSON,
 * and the print layer parts they brought: times, milliseconds, used/total,
 * failures, absent cells, JSON-only fields and arrays.
 */
#include <errno.h>
#include <stdint.h>

#include "cmds.h"
#include "render.h"

static const struct lvss_device store_dev = {
	.path = "/dev/sdb", .major = 8, .minor = 16,
	.has_store = true, .chunk_size = 65536,
	.store_used_bytes = 0, .store_total_bytes = 1ULL << 30,
};

static void render_store(struct printer *p, const void *arg)
{
	store_add_print(p, arg);
}

static void test_store_add(void)
{
	struct store_added mem = {
		.device = "/dev/sdb", .kind = LVSS_STORE_MEMORY,
		.dev = &store_dev,
	};
	struct lvss_device dev = store_dev;
	struct store_added file = {
		.device = "/dev/sdb", .kind = LVSS_STORE_FILE,
		.store_path = "/var/lib/lvss/sdb.store",
	};
	char *out;
	int rc;

	out = render(render_store, &mem, false, &rc);
	is_str(out,
	       "store added to /dev/sdb: 1.0G total, 0B used, chunk size 64.0K\n",
	       "store add text: one sentence with the figures");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_store, &mem, true, &rc);
	is_json(out,
		"{\"device\":\"/dev/sdb\",\"kind\":\"memory\",\"chunk_size\":65536,"
		"\"store_used_bytes\":0,\"store_total_bytes\":1073741824}",
		"store add, memory");
	free(out);

	dev.has_low_percent = true;
	dev.low_percent = 10;
	mem.dev = &dev;
	out = render(render_store, &mem, false, &rc);
	is_str(out,
	       "store added to /dev/sdb: 1.0G total, 0B used, chunk size 64.0K, low-space warning below 10% free\n",
	       "store add text with lvss.ko 1.1: the low-space threshold too");
	free(out);
	out = render(render_store, &mem, true, &rc);
	is_json(out,
		"{\"device\":\"/dev/sdb\",\"kind\":\"memory\",\"chunk_size\":65536,"
		"\"store_used_bytes\":0,\"store_total_bytes\":1073741824,"
		"\"low_space_percent\":10}",
		"store add with a threshold");
	free(out);
	dev.low_percent = 0;
	out = render(render_store, &mem, false, &rc);
	is_str(out,
	       "store added to /dev/sdb: 1.0G total, 0B used, chunk size 64.0K, low-space warning off\n",
	       "threshold 0: the warning is off");
	free(out);
	out = render(render_store, &mem, true, &rc);
	ok(strstr(out, "\"low_space_percent\":0}") != NULL,
	   "and JSON says 0");
	free(out);

	out = render(render_store, &file, false, &rc);
	is_str(out, "store added to /dev/sdb\n",
	       "without figures the sentence ends at the device");
	free(out);
	out = render(render_store, &file, true, &rc);
	is_json(out,
		"{\"device\":\"/dev/sdb\",\"kind\":\"file\","
		"\"store_path\":\"/var/lib/lvss/sdb.store\"}",
		"store add, file, figures unknown");
	free(out);
}

static void render_take(struct printer *p, const void *arg)
{
	take_print(p, arg);
}

static void test_take(void)
{
	struct lvss_snapshot_set set = {
		.frozen_ns = 12345678, .count = 2,
		.members = {
			{ .dev_path = "/dev/sdb", .id = 3, .seq = 1,
			  .disk = "lvss3" },
			{ .dev_path = "/dev/vdc1", .id = 4,
			  .seq = 0x100000000ULL, .disk = "lvss4" },
		},
	};
	char *out;
	int rc;

	out = render(render_take, &set, false, &rc);
	is_str(out,
	       "snapshot 3 of /dev/sdb: /dev/lvss3 (seq 1)\n"
	       "snapshot 4 of /dev/vdc1: /dev/lvss4 (seq 4294967296)\n"
	       "writes held: 12.3ms\n",
	       "take text: a line per member, then how long writes were held");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_take, &set, true, &rc);
	is_int(rc, 0, "take JSON: print_finish succeeds");
	is_str(out,
	       "{\"frozen_ns\":12345678,\"snapshots\":["
	       "{\"id\":3,\"device\":\"/dev/sdb\",\"seq\":1,\"disk\":\"lvss3\"},"
	       "{\"id\":4,\"device\":\"/dev/vdc1\",\"seq\":4294967296,\"disk\":\"lvss4\"}]}\n",
	       "take JSON, byte for byte");
	free(out);
}

struct ids {
	const uint32_t *ids;
	size_t n;
};

static void render_deleted(struct printer *p, const void *arg)
{
	const struct ids *d = arg;

	deleted_print(p, d->ids, d->n);
}

static void test_deleted(void)
{
	static const uint32_t two[] = { 3, 4294967295U };
	const struct ids d = { two, 2 }, none = { two, 0 };
	char *out;
	int rc;

	out = render(render_deleted, &d, false, &rc);
	is_str(out, "deleted snapshot 3\ndeleted snapshot 4294967295\n",
	       "delete text: a line per id");
	free(out);
	out = render(render_deleted, &d, true, &rc);
	is_str(out, "{\"deleted\":[3,4294967295]}\n", "delete JSON");
	free(out);
	out = render(render_deleted, &none, false, &rc);
	is_str(out, "", "nothing deleted: no text");
	free(out);
	out = render(render_deleted, &none, true, &rc);
	is_str(out, "{\"deleted\":[]}\n", "nothing deleted: an empty list");
	free(out);
}

static const struct lvss_snapshot snaps[] = {
	{ .id = 3, .dev_path = "/dev/sdb", .seq = 1,
	  .state = LVSS_SNAPSHOT_ACTIVE, .disk = "lvss3",
	  .created_ns = 1714566896123456789ULL, .frozen_ns = 12345678,
	  .chunk_size = 65536, .store_used_bytes = 12ULL << 20,
	  .store_total_bytes = 1ULL << 30, .copies = 192 },
	{ .id = 12, .dev_path = "/dev/nvme0n1p2", .seq = 17,
	  .state = LVSS_SNAPSHOT_FAILED, .disk = "lvss12",
	  .created_ns = 1714570000000000000ULL, .frozen_ns = 950000,
	  .chunk_size = 4096, .store_used_bytes = 1ULL << 30,
	  .store_total_bytes = 1ULL << 30, .copies = 262144,
	  .error = ENOSPC, .error_msg = "the CoW store is full" },
	{ .id = 13, .dev_path = "/dev/vdc", .seq = 2, .state = 7,
	  .disk = "lvss13", .created_ns = 0, .frozen_ns = 0,
	  .error = EIO },
};

struct slist {
	const struct lvss_snapshot *s;
	size_t n;
};

static void render_snapshots(struct printer *p, const void *arg)
{
	const struct slist *l = arg;

	snapshots_print_open(p);
	for (size_t i = 0; i < l->n; i++)
		snapshot_print(p, &l->s[i]);
	print_close(p);
}

static void test_snapshots(void)
{
	const struct slist all = { snaps, 3 }, none = { snaps, 0 };
	char *out;
	int rc;

	out = render(render_snapshots, &all, false, &rc);
	is_str(out,
	       "ID  DEVICE          SEQ  STATE    DISK    CREATED                  HELD  STORE-USED  COPIES  ERROR\n"
	       " 3  /dev/sdb          1  active   lvss3   2024-05-01T12:34:56Z   12.3ms  12.0M/1.0G     192  -\n"
	       "12  /dev/nvme0n1p2   17  failed   lvss12  2024-05-01T13:26:40Z  950.0us   1.0G/1.0G  262144  the CoW store is full\n"
	       "13  /dev/vdc          2  unknown  lvss13  1970-01-01T00:00:00Z      0ns       0B/0B       0  Input/output error\n",
	       "snapshots text: aligned, UTC times, the reason of failed ones last");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_snapshots, &all, true, &rc);
	is_int(rc, 0, "snapshots JSON: print_finish succeeds");
	is_json(out,
		"{\"snapshots\":["
		"{\"id\":3,\"device\":\"/dev/sdb\",\"seq\":1,\"state\":\"active\","
		"\"disk\":\"lvss3\",\"created_ns\":1714566896123456789,"
		"\"frozen_ns\":12345678,\"store_used_bytes\":12582912,"
		"\"store_total_bytes\":1073741824,\"copies\":192,"
		"\"chunk_size\":65536},"
		"{\"id\":12,\"device\":\"/dev/nvme0n1p2\",\"seq\":17,"
		"\"state\":\"failed\",\"disk\":\"lvss12\","
		"\"created_ns\":1714570000000000000,\"frozen_ns\":950000,"
		"\"store_used_bytes\":1073741824,\"store_total_bytes\":1073741824,"
		"\"copies\":262144,\"error\":28,"
		"\"error_msg\":\"the CoW store is full\",\"chunk_size\":4096},"
		"{\"id\":13,\"device\":\"/dev/vdc\",\"seq\":2,\"state\":\"unknown\","
		"\"disk\":\"lvss13\",\"created_ns\":0,\"frozen_ns\":0,"
		"\"store_used_bytes\":0,\"store_total_bytes\":0,\"copies\":0,"
		"\"error\":5,\"error_msg\":\"\",\"chunk_size\":0}]}",
		"snapshots: exact integers, state as a string, error only when failed");
	ok(!strstr(out, "\"created_ns\":1.7"), "times stay integers, not floats");
	free(out);

	out = render(render_snapshots, &none, false, &rc);
	is_str(out,
	       "ID  DEVICE  SEQ  STATE  DISK  CREATED  HELD  STORE-USED  COPIES  ERROR\n",
	       "no snapshots: the header alone");
	free(out);
	out = render(render_snapshots, &none, true, &rc);
	is_json(out, "{\"snapshots\":[]}", "no snapshots");
	free(out);
}

static void test_formats(void)
{
	static const struct { uint64_t ns; const char *want; } ms[] = {
		{ 0, "0ns" }, { 999, "999ns" }, { 1000, "1.0us" },
		{ 22433, "22.4us" }, { 999949, "999.9us" },
		{ 999950, "1.0ms" },		/* rounds up a unit */
		{ 12345678, "12.3ms" }, { 12350000, "12.4ms" },
		{ 999999999, "1.0s" }, { 60000000000ULL, "60.0s" },
		{ UINT64_MAX, "18446744073.7s" },
	};
	static const struct { uint64_t ns; const char *want; } times[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 999999999, "1970-01-01T00:00:00Z" },
		{ 1714566896123456789ULL, "2024-05-01T12:34:56Z" },
		{ UINT64_MAX, "2554-07-21T23:34:33Z" },
	};
	char buf[40];

	for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		format_duration_ns(ms[i].ns, buf, sizeof(buf));
		is_str(buf, ms[i].want, "%llu ns is %s",
		       (unsigned long long)ms[i].ns, ms[i].want);
	}
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		format_time_ns(times[i].ns, buf, sizeof(buf));
		is_str(buf, times[i].want, "%llu ns since 1970 is %s",
		       (unsigned long long)times[i].ns, times[i].want);
	}
}

static void json_array_hidden(struct printer *p, const void *arg)
{
	(void)arg;
	print_line(p, "a sentence");
	print_open_json_array(p, "list");
	print_open_object(p);
	print_str(p, "name", NULL, "x");
	print_open_array(p, "inner", "INNER");
	print_u64(p, NULL, NULL, 1);
	print_close(p);
	print_line(p, "not in text");
	print_close(p);
	print_close(p);
	print_str(p, "after", NULL, "y");
}

static void test_json_only(void)
{
	char *out;
	int rc;

	out = render(json_array_hidden, NULL, false, &rc);
	is_str(out, "a sentence\nafter: y\n",
	       "text leaves a JSON-only array out with all it holds");
	is_int(rc, 0, "and that is no error");
	free(out);
	out = render(json_array_hidden, NULL, true, &rc);
	is_str(out, "{\"list\":[{\"name\":\"x\",\"inner\":[1]}],\"after\":\"y\"}\n",
	       "JSON shows it whole");
	free(out);
}

static const struct print_column one_col[] = { { "A", false } };

static void line_in_row(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", one_col, 1);
	print_open_object(p);
	print_str(p, "a", NULL, "x");
	print_line(p, "no");
}

static void table_in_json_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_json_array(p, "list");
	print_open_object(p);
	print_open_table(p, "t", one_col, 1);
}

static void usage_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_usage(p, "u", "t", NULL, 1, 2);
}

static void failure_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_failure(p, "E", EIO, "x");
}

static void json_field_in_row(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", one_col, 1);
	print_open_object(p);
	print_json_u64(p, "extra", 7);
	print_none(p, "A");
	print_close(p);
	print_close(p);
}

static void test_rules(void)
{
	static const struct {
		render_fn fn;
		const char *name;
	} misuse[] = {
		{ line_in_row, "a text line in a row" },
		{ table_in_json_array, "a table in a JSON-only array" },
		{ usage_in_array, "used/total in an array" },
		{ failure_in_array, "a failure in an array" },
	};
	char *out;
	int rc;

	for (size_t i = 0; i < sizeof(misuse) / sizeof(misuse[0]); i++) {
		for (int json = 0; json <= 1; json++) {
			out = render(misuse[i].fn, NULL, json, &rc);
			ok(rc == -EINVAL, "%s is refused in %s", misuse[i].name,
			   json ? "JSON" : "text");
			free(out);
		}
	}

	out = render(json_field_in_row, NULL, false, &rc);
	is_str(out, "A\n-\n", "a JSON-only field in a row takes no column");
	is_int(rc, 0, "and is no error");
	free(out);
	out = render(json_field_in_row, NULL, true, &rc);
	is_str(out, "{\"t\":[{\"extra\":7}]}\n",
	       "in JSON it is there, the absent cell is not");
	free(out);
}

int main(void)
{
	test_store_add();
	test_take();
	test_deleted();
	test_snapshots();
	test_formats();
	test_json_only();
	test_rules();
	return tap_done();
}
