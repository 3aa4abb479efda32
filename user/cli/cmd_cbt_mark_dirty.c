// SPDX-License-Identifier: MIT
/*
 * lvss cbt mark-dirty <device> OFFSET LENGTH: record a range as written
 * now, for writes lvss.ko could not see.
 */
#include <inttypes.h>

#include "cmds.h"

void cbt_marked_print(struct printer *p, const char *device, uint64_t offset,
		      uint64_t length)
{
	print_line(p, "marked %" PRIu64 " bytes at offset %" PRIu64 " of %s changed",
		   length, offset, device);
	print_json_str(p, "device", device);
	print_json_u64(p, "offset", offset);
	print_json_u64(p, "length", length);
}

/* One CBT_MARK_DIRTY request. */
struct mark_ctx {
	const char *device;
	uint64_t offset, length;
};

static int mark_query(struct lvss_handle *h, void *ctx,
		      struct lvss_error *err)
{
	const struct mark_ctx *c = ctx;

	return lvss_cbt_mark_dirty(h, c->device, c->offset, c->length, err);
}

static void mark_out(struct printer *p, const void *ctx)
{
	const struct mark_ctx *c = ctx;

	cbt_marked_print(p, c->device, c->offset, c->length);
}

static int do_mark_dirty(struct cli *cli, int argc, char **argv)
{
	uint64_t offset, length;
	struct lvss_error err;
	struct mark_ctx c;
	int rc;

	if (argc != 3)
		return cli_usage_error(cli,
			"cbt mark-dirty takes a <device>, an OFFSET and a LENGTH, got %d argument%s; run 'lvss help cbt mark-dirty' for its usage",
			argc, argc == 1 ? "" : "s");
	if (lvss_check_dev_path(argv[0], &err))
		return cli_usage_error(cli, "%s", err.msg);
	rc = cli_size(cli, "OFFSET", argv[1], &offset);
	if (rc)
		return rc;
	rc = cli_size(cli, "LENGTH", argv[2], &length);
	if (rc)
		return rc;
	if (!length)
		return cli_usage_error(cli,
			"LENGTH is 0: give how many bytes changed, e.g. 4K");
	if (offset > UINT64_MAX - length)
		return cli_usage_error(cli,
			"OFFSET %" PRIu64 " + LENGTH %" PRIu64 " ends past 2^64 bytes, beyond any device",
			offset, length);
	c = (struct mark_ctx){ argv[0], offset, length };
	return cli_query(cli, mark_query, mark_out, &c);
}

const struct cmd cmd_cbt_mark_dirty = {
	.name = "cbt mark-dirty",
	.summary = "record a range of a device as changed",
	.usage = "lvss [--json] cbt mark-dirty <device> OFFSET LENGTH\n"
		 "\n"
		 "Record LENGTH bytes at OFFSET of the attached <device> as written\n"
		 "now, for writes lvss.ko could not see (made before the attach, or\n"
		 "by a path around it): the whole tracking blocks they touch are\n"
		 "listed by the next 'lvss cbt changes' up to now or to a later\n"
		 "snapshot. The range must lie within the device.\n"
		 "OFFSET and LENGTH are bytes or whole numbers with K, M, G or T\n"
		 "(powers of 1024).\n"
		 "Prints \"marked <length> bytes at offset <offset> of <device> changed\".\n"
		 "JSON keys: device, offset, length (bytes).\n",
	.run = do_mark_dirty,
};
