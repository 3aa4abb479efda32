// SPDX-License-Identifier: MIT
/*
 * Output of 'lvss attach', 'lvss detach' and 'lvss devices', exact in text
 * and parsed back in JSON (with lvss.ko 1.1's low-space and tracking
 * figures), and the print layer parts they brought: sizes,
 * tables, text-only and JSON-only fields, numbers shown as words,
 * discarding.
 */
#include <errno.h>
#include <stdint.h>

#include "cmds.h"
#include "render.h"

static const struct lvss_device devs[] = {
	{ .path = "/dev/sdb", .major = 8, .minor = 16,
	  .size_bytes = 1ULL << 30, .writes = 12, .write_bytes = 49152 },
	{ .path = "/dev/nvme0n1p2", .major = 259, .minor = 2,
	  .size_bytes = 500107862016ULL, .writes = 1234567,
	  .write_bytes = 5ULL << 30 },
	/* With a CoW store and snapshots, as lvss.ko lists it then. */
	{ .path = "/dev/vdb", .major = 254, .minor = 16,
	  .size_bytes = 8ULL << 30, .writes = 3, .write_bytes = 12288,
	  .has_store = true, .chunk_size = 65536,
	  .store_used_bytes = 196608, .store_total_bytes = 1ULL << 30,
	  .copies = 3, .has_snapshot_count = true, .snapshot_count = 2 },
	/* A store and its low-space threshold (ABI 1.1), this one off. */
	{ .path = "/dev/vdc", .major = 254, .minor = 32,
	  .size_bytes = 2ULL << 30, .writes = 0, .write_bytes = 0,
	  .has_store = true, .chunk_size = 4096, .store_used_bytes = 4096,
	  .store_total_bytes = 16ULL << 20, .copies = 1,
	  .has_low_percent = true, .low_percent = 0 },
	{ .path = "/dev/vdd", .major = 254, .minor = 48,
	  .size_bytes = 2ULL << 30, .writes = 9, .write_bytes = 36864,
	  .has_store = true, .chunk_size = 65536,
	  .store_used_bytes = 960ULL << 20, .store_total_bytes = 1ULL << 30,
	  .copies = 15360, .has_low_percent = true, .low_percent = 10,
	  .has_snapshot_count = true, .snapshot_count = 1 },
};

struct list {
	const struct lvss_device *devs;
	size_t n;
};

/* As 'lvss devices' does: open the table, a row per device, close. */
static void render_devices(struct printer *p, const void *arg)
{
	const struct list *l = arg;

	devices_print_open(p);
	for (size_t i = 0; i < l->n; i++)
		device_print(p, &l->devs[i]);
	print_close(p);
}

static void render_attached(struct printer *p, const void *arg)
{
	attach_print(p, arg, true);
}

static void render_detached(struct printer *p, const void *arg)
{
	attach_print(p, arg, false);
}

static void test_sizes(void)
{
	static const struct { uint64_t bytes; const char *want; } cases[] = {
		{ 0, "0B" }, { 512, "512B" }, { 1023, "1023B" },
		{ 1024, "1.0K" }, { 1536, "1.5K" }, { 49152, "48.0K" },
		{ 1048575, "1.0M" },		/* 1023.999K rounds up a unit */
		{ 1048576 - 52, "1023.9K" },
		{ 1ULL << 30, "1.0G" }, { 500107862016ULL, "465.8G" },
		{ 1ULL << 40, "1.0T" }, { 1ULL << 50, "1.0P" },
		{ 1ULL << 60, "1.0E" }, { UINT64_MAX, "16.0E" },
	};
	char buf[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		format_size(cases[i].bytes, buf, sizeof(buf));
		is_str(buf, cases[i].want, "%llu bytes is %s",
		       (unsigned long long)cases[i].bytes, cases[i].want);
	}
}

static void test_attach(void)
{
	char *out;
	int rc;

	out = render(render_attached, "/dev/sdb", false, &rc);
	is_str(out, "attached /dev/sdb\n", "attach text is one sentence");
	is_int(rc, 0, "attach text: print_finish succeeds");
	free(out);

	out = render(render_attached, "/dev/sdb", true, &rc);
	is_str(out, "{\"device\":\"/dev/sdb\",\"attached\":true}\n",
	       "attach JSON, byte for byte");
	is_json(out, "{\"device\":\"/dev/sdb\",\"attached\":true}", "attach");
	free(out);

	out = render(render_detached, "/dev/sdb", false, &rc);
	is_str(out, "detached /dev/sdb\n", "detach text");
	free(out);
	out = render(render_detached, "/dev/sdb", true, &rc);
	is_json(out, "{\"device\":\"/dev/sdb\",\"attached\":false}", "detach");
	free(out);
}

static void test_devices(void)
{
	const struct list two = { devs, 2 }, none = { devs, 0 };
	char *out;
	int rc;

	out = render(render_devices, &two, false, &rc);
	is_str(out,
	       "DEVICE          MAJ:MIN    SIZE   WRITES  WRITTEN  CHUNK  STORE  LOW-SPACE  SNAPS  CBT\n"
	       "/dev/sdb        8:16       1.0G       12    48.0K      -      -          -      -    -\n"
	       "/dev/nvme0n1p2  259:2    465.8G  1234567     5.0G      -      -          -      -    -\n",
	       "devices text: a header, aligned columns, numbers to the right");
	is_int(rc, 0, "devices text: print_finish succeeds");
	free(out);

	out = render(render_devices, &two, true, &rc);
	is_int(rc, 0, "devices JSON: print_finish succeeds");
	is_json(out,
		"{\"devices\":["
		"{\"device\":\"/dev/sdb\",\"major\":8,\"minor\":16,"
		"\"size_bytes\":1073741824,\"writes\":12,\"write_bytes\":49152},"
		"{\"device\":\"/dev/nvme0n1p2\",\"major\":259,\"minor\":2,"
		"\"size_bytes\":500107862016,\"writes\":1234567,"
		"\"write_bytes\":5368709120}]}",
		"devices");
	free(out);

	out = render(render_devices, &none, false, &rc);
	is_str(out, "DEVICE  MAJ:MIN  SIZE  WRITES  WRITTEN  CHUNK  STORE  LOW-SPACE  SNAPS  CBT\n",
	       "no devices: the header alone");
	free(out);
	out = render(render_devices, &none, true, &rc);
	is_json(out, "{\"devices\":[]}", "no devices");
	free(out);
}

static void test_devices_store(void)
{
	const struct list all = { devs, 3 };
	char *out;
	int rc;

	out = render(render_devices, &all, false, &rc);
	is_str(out,
	       "DEVICE          MAJ:MIN    SIZE   WRITES  WRITTEN  CHUNK        STORE  LOW-SPACE  SNAPS  CBT\n"
	       "/dev/sdb        8:16       1.0G       12    48.0K      -            -          -      -    -\n"
	       "/dev/nvme0n1p2  259:2    465.8G  1234567     5.0G      -            -          -      -    -\n"
	       "/dev/vdb        254:16     8.0G        3    12.0K  64.0K  192.0K/1.0G          -      2    -\n",
	       "a device with a store shows chunk, used/total and snapshots");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_devices, &all, true, &rc);
	is_int(rc, 0, "devices with a store in JSON: print_finish succeeds");
	is_json(out,
		"{\"devices\":["
		"{\"device\":\"/dev/sdb\",\"major\":8,\"minor\":16,"
		"\"size_bytes\":1073741824,\"writes\":12,\"write_bytes\":49152},"
		"{\"device\":\"/dev/nvme0n1p2\",\"major\":259,\"minor\":2,"
		"\"size_bytes\":500107862016,\"writes\":1234567,"
		"\"write_bytes\":5368709120},"
		"{\"device\":\"/dev/vdb\",\"major\":254,\"minor\":16,"
		"\"size_bytes\":8589934592,\"writes\":3,\"write_bytes\":12288,"
		"\"chunk_size\":65536,\"store_used_bytes\":196608,"
		"\"store_total_bytes\":1073741824,\"copies\":3,"
		"\"snapshots\":2}]}",
		"absent figures are left out, present ones exact (copies JSON only)");
	free(out);
}

/* lvss.ko 1.1 sends each store's low-space threshold: "10%", "off". */
static void test_devices_low_space(void)
{
	const struct list low = { &devs[3], 2 };
	char *out;
	int rc;

	out = render(render_devices, &low, false, &rc);
	is_str(out,
	       "DEVICE    MAJ:MIN  SIZE  WRITES  WRITTEN  CHUNK        STORE  LOW-SPACE  SNAPS  CBT\n"
	       "/dev/vdc  254:32   2.0G       0       0B   4.0K   4.0K/16.0M        off      -    -\n"
	       "/dev/vdd  254:48   2.0G       9    36.0K  64.0K  960.0M/1.0G        10%      1    -\n",
	       "LOW-SPACE shows the threshold as a percentage, 0 as off");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_devices, &low, true, &rc);
	is_int(rc, 0, "low-space JSON: print_finish succeeds");
	is_json(out,
		"{\"devices\":["
		"{\"device\":\"/dev/vdc\",\"major\":254,\"minor\":32,"
		"\"size_bytes\":2147483648,\"writes\":0,\"write_bytes\":0,"
		"\"chunk_size\":4096,\"store_used_bytes\":4096,"
		"\"store_total_bytes\":16777216,\"copies\":1,"
		"\"low_space_percent\":0},"
		"{\"device\":\"/dev/vdd\",\"major\":254,\"minor\":48,"
		"\"size_bytes\":2147483648,\"writes\":9,\"write_bytes\":36864,"
		"\"chunk_size\":65536,\"store_used_bytes\":1006632960,"
		"\"store_total_bytes\":1073741824,\"copies\":15360,"
		"\"low_space_percent\":10,\"snapshots\":1}]}",
		"low_space_percent is an integer, 0 when off, absent when not sent");
	free(out);
}

/* lvss.ko 1.1 sends every device's tracking block size and map memory. */
static void test_devices_cbt(void)
{
	struct lvss_device cbt[2] = { devs[0], devs[2] };
	const struct list l = { cbt, 2 };
	char *out;
	int rc;

	cbt[0].has_cbt = true;
	cbt[0].cbt_block_size = 4096;
	cbt[0].cbt_map_bytes = 262144;
	cbt[1].has_cbt = true;
	cbt[1].cbt_block_size = 1U << 20;
	cbt[1].cbt_map_bytes = 8192;
	out = render(render_devices, &l, false, &rc);
	is_str(out,
	       "DEVICE    MAJ:MIN  SIZE  WRITES  WRITTEN  CHUNK        STORE  LOW-SPACE  SNAPS   CBT\n"
	       "/dev/sdb  8:16     1.0G      12    48.0K      -            -          -      -  4.0K\n"
	       "/dev/vdb  254:16   8.0G       3    12.0K  64.0K  192.0K/1.0G          -      2  1.0M\n",
	       "CBT shows each device's tracking block size");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_devices, &l, true, &rc);
	is_int(rc, 0, "CBT JSON: print_finish succeeds");
	is_json(out,
		"{\"devices\":["
		"{\"device\":\"/dev/sdb\",\"major\":8,\"minor\":16,"
		"\"size_bytes\":1073741824,\"writes\":12,\"write_bytes\":49152,"
		"\"cbt_block_size\":4096,\"cbt_map_bytes\":262144},"
		"{\"device\":\"/dev/vdb\",\"major\":254,\"minor\":16,"
		"\"size_bytes\":8589934592,\"writes\":3,\"write_bytes\":12288,"
		"\"chunk_size\":65536,\"store_used_bytes\":196608,"
		"\"store_total_bytes\":1073741824,\"copies\":3,"
		"\"snapshots\":2,\"cbt_block_size\":1048576,"
		"\"cbt_map_bytes\":8192}]}",
		"cbt_block_size and cbt_map_bytes, exact, only when sent");
	free(out);
}

static const struct print_column two_cols[] = {
	{ "A", false }, { "B", true },
};

static void short_row(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", two_cols, 2);
	print_open_object(p);
	print_str(p, "a", NULL, "x");
	print_close(p);
	print_close(p);
}

static void long_row(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", two_cols, 2);
	print_open_object(p);
	print_str(p, "a", NULL, "x");
	print_u64(p, "b", NULL, 1);
	print_u64(p, "c", NULL, 2);
	print_close(p);
	print_close(p);
}

static void nested_in_row(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", two_cols, 2);
	print_open_object(p);
	print_open_array(p, "no", NULL);
}

static void field_in_table(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_table(p, "t", two_cols, 2);
	print_str(p, "a", NULL, "x");
}

static void table_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_open_table(p, "t", two_cols, 2);
}

static void left_open(struct printer *p, const void *arg)
{
	(void)arg;
	print_str(p, "before", NULL, "1");
	print_open_table(p, "t", two_cols, 2);
	print_open_object(p);
	print_str(p, "a", NULL, "wide cell");
	print_u64(p, "b", NULL, 7);
}

static void line_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_line(p, "a sentence");
}

static void json_field_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_json_bool(p, "x", true);
}

static void devnum_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_array(p, "list", NULL);
	print_devnum(p, "MAJ:MIN", 8, 0);
}

static void test_table_rules(void)
{
	static const struct {
		render_fn fn;
		const char *name;
	} misuse[] = {
		{ short_row, "a row short of a column" },
		{ long_row, "a row with a field too many" },
		{ nested_in_row, "an array inside a row" },
		{ field_in_table, "a field in a table outside a row" },
		{ table_in_array, "a table inside an array" },
		{ line_in_array, "a text line inside an array" },
		{ json_field_in_array, "a JSON-only field inside an array" },
		{ devnum_in_array, "a device number inside an array" },
	};
	char *out;
	int rc;

	for (size_t i = 0; i < sizeof(misuse) / sizeof(misuse[0]); i++) {
		for (int json = 0; json <= 1; json++) {
			out = render(misuse[i].fn, NULL, json, &rc);
			ok(rc == -EINVAL && !strchr(out, '-') && !strstr(out, "A"),
			   "%s is refused in %s, no table printed",
			   misuse[i].name, json ? "JSON" : "text");
			free(out);
		}
	}

	out = render(left_open, NULL, false, &rc);
	is_str(out, "before: 1\nA          B\nwide cell  7\n",
	       "print_finish closes and prints a table left open");
	is_int(rc, 0, "and succeeds");
	free(out);
}

/*
 * What a printer writes when discarded while a table is open, as 'lvss
 * devices' does when listing fails: nothing more.
 */
static bool discard_is_silent(bool json)
{
	struct capture c;
	struct printer *p;
	bool silent;

	capture_start(&c);
	p = print_new(c.f, json);
	print_str(p, "x", NULL, "y");
	devices_print_open(p);
	device_print(p, &devs[0]);
	print_discard(p);
	capture_end(&c);
	/* Text fields outside a table go out at once; the rest must not. */
	silent = !strcmp(c.buf, json ? "" : "x: y\n");
	capture_free(&c);
	return silent;
}

static void test_discard(void)
{
	ok(discard_is_silent(false),
	   "a discarded text printer writes no more: the open table is dropped");
	ok(discard_is_silent(true), "a discarded JSON printer writes nothing");
}

int main(void)
{
	test_sizes();
	test_attach();
	test_devices();
	test_devices_store();
	test_devices_low_space();
	test_devices_cbt();
	test_table_rules();
	test_discard();
	return tap_done();
}
