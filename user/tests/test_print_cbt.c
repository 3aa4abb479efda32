// SPDX-License-Identifier: MIT
/*
 * Output of 'lvss cbt info', 'lvss cbt changes' and 'lvss cbt
 * mark-dirty', exact in text and in JSON, and print_json_null() that
 * "up to now" brought.
 */
#include <errno.h>
#include <stdint.h>

#include "cmds.h"
#include "render.h"

static const struct lvss_cbt_info info = {
	.dev_path = "/dev/sdb",
	.generation = { 0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
			0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 },
	.block_size = 65536, .blocks = 163840, .base_seq = 2,
	.seq = 0x100000005ULL, .changed = 12, .map_bytes = 163840,
};
#define GEN	"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

static void render_info(struct printer *p, const void *arg)
{
	cbt_info_print(p, arg);
}

static void test_info(void)
{
	struct lvss_cbt_info huge = info;
	char *out;
	int rc;

	out = render(render_info, &info, false, &rc);
	is_str(out,
	       "device: /dev/sdb\n"
	       "generation: " GEN "\n"
	       "block size: 64.0K\n"
	       "blocks: 163840\n"
	       "base seq: 2\n"
	       "newest seq: 4294967301\n"
	       "changed: 12 blocks, 768.0K\n"
	       "map memory: 160.0K\n",
	       "cbt info text: a line per figure, changed also in bytes");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_info, &info, true, &rc);
	is_int(rc, 0, "cbt info JSON: print_finish succeeds");
	is_str(out,
	       "{\"device\":\"/dev/sdb\",\"generation\":\"" GEN "\","
	       "\"block_size\":65536,\"blocks\":163840,\"base_seq\":2,"
	       "\"seq\":4294967301,\"changed\":12,\"changed_bytes\":786432,"
	       "\"map_bytes\":163840}\n",
	       "cbt info JSON, byte for byte: exact integers, the UUID a string");
	free(out);

	huge.changed = UINT64_MAX / 2;
	is_int(cbt_changed_bytes(&huge) == UINT64_MAX, 1,
	       "changed bytes that do not fit 64 bits stay at the maximum");
	huge.changed = 3;
	huge.block_size = 4096;
	is_int(cbt_changed_bytes(&huge), 12288, "3 blocks of 4 KiB are 12288 bytes");
}

static const struct lvss_cbt_extent ext[] = {
	{ 0, 65536 },
	{ 1048576, 131072 },
	{ 0x100000000ULL, 4096 },
};

static struct cbt_changes changes(bool has_to, size_t count)
{
	return (struct cbt_changes){
		.device = "/dev/sdb", .generation = info.generation,
		.from_seq = 3, .has_to = has_to, .to_seq = 5,
		.block_size = 65536, .ext = ext, .count = count,
	};
}

static void render_changes(struct printer *p, const void *arg)
{
	cbt_changes_print(p, arg);
}

static void test_changes(void)
{
	struct cbt_changes c = changes(true, 3);
	char *out;
	int rc;

	out = render(render_changes, &c, false, &rc);
	is_str(out,
	       "# /dev/sdb generation " GEN ", blocks written after snapshot seq 3, to read from 5, block size 65536\n"
	       "0 65536\n"
	       "1048576 131072\n"
	       "4294967296 4096\n"
	       "# 3 extents, 200704 bytes\n",
	       "cbt changes text: header, OFFSET LENGTH per extent in bytes, summary");
	is_int(rc, 0, "print_finish succeeds");
	free(out);

	out = render(render_changes, &c, true, &rc);
	is_int(rc, 0, "cbt changes JSON: print_finish succeeds");
	is_str(out,
	       "{\"device\":\"/dev/sdb\",\"generation\":\"" GEN "\","
	       "\"from_seq\":3,\"to_seq\":5,\"block_size\":65536,"
	       "\"extents\":[{\"offset\":0,\"length\":65536},"
	       "{\"offset\":1048576,\"length\":131072},"
	       "{\"offset\":4294967296,\"length\":4096}],\"bytes\":200704}\n",
	       "cbt changes JSON, byte for byte");
	free(out);

	c = changes(false, 1);
	out = render(render_changes, &c, false, &rc);
	is_str(out,
	       "# /dev/sdb generation " GEN ", blocks written after snapshot seq 3, to read from now, block size 65536\n"
	       "0 65536\n"
	       "# 1 extents, 65536 bytes\n",
	       "up to now: the header says so");
	free(out);
	out = render(render_changes, &c, true, &rc);
	is_int(rc, 0, "JSON with a null succeeds");
	is_json(out,
		"{\"device\":\"/dev/sdb\",\"generation\":\"" GEN "\","
		"\"from_seq\":3,\"to_seq\":null,\"block_size\":65536,"
		"\"extents\":[{\"offset\":0,\"length\":65536}],\"bytes\":65536}",
		"up to now");
	ok(strstr(out, "\"to_seq\":null,") != NULL, "to_seq is null, not left out");
	free(out);

	c = changes(true, 0);
	out = render(render_changes, &c, false, &rc);
	is_str(out,
	       "# /dev/sdb generation " GEN ", blocks written after snapshot seq 3, to read from 5, block size 65536\n"
	       "# 0 extents, 0 bytes\n",
	       "no changes: header and summary only");
	free(out);
	out = render(render_changes, &c, true, &rc);
	is_json(out,
		"{\"device\":\"/dev/sdb\",\"generation\":\"" GEN "\","
		"\"from_seq\":3,\"to_seq\":5,\"block_size\":65536,"
		"\"extents\":[],\"bytes\":0}",
		"no changes");
	free(out);
}

struct marked {
	const char *device;
	uint64_t offset, length;
};

static void render_marked(struct printer *p, const void *arg)
{
	const struct marked *m = arg;

	cbt_marked_print(p, m->device, m->offset, m->length);
}

static void null_in_array(struct printer *p, const void *arg)
{
	(void)arg;
	print_open_json_array(p, "list");
	print_json_null(p, "x");
}

static void test_marked(void)
{
	const struct marked m = { "/dev/sdb", 0x100000000ULL, 8192 };
	char *out;
	int rc;

	out = render(render_marked, &m, false, &rc);
	is_str(out, "marked 8192 bytes at offset 4294967296 of /dev/sdb changed\n",
	       "mark-dirty text: one sentence in bytes");
	free(out);
	out = render(render_marked, &m, true, &rc);
	is_str(out, "{\"device\":\"/dev/sdb\",\"offset\":4294967296,\"length\":8192}\n",
	       "mark-dirty JSON");
	free(out);

	out = render(null_in_array, NULL, true, &rc);
	is_int(rc, -EINVAL, "a JSON null belongs to an object, not an array");
	free(out);
}

int main(void)
{
	test_info();
	test_changes();
	test_marked();
	return tap_done();
}
