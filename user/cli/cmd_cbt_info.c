// SPDX-License-Identifier: MIT
/*
 * lvss cbt info <device>: the changed-block tracking of an attached
 * device: its generation, block size and the snapshot seqs changes are
 * known for.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cmds.h"

uint64_t cbt_changed_bytes(const struct lvss_cbt_info *c)
{
	if (c->block_size && c->changed > UINT64_MAX / c->block_size)
		return UINT64_MAX;
	return c->changed * c->block_size;
}

void cbt_info_print(struct printer *p, const struct lvss_cbt_info *c)
{
	char gen[LVSS_CBT_GENERATION_STR_MAX], size[16], changed[48];
	uint64_t bytes = cbt_changed_bytes(c);

	format_size(bytes, size, sizeof(size));
	snprintf(changed, sizeof(changed), "%" PRIu64 " blocks, %s",
		 c->changed, size);
	print_str(p, "device", NULL, c->dev_path);
	print_str(p, "generation", NULL,
		  lvss_cbt_generation_format(c->generation, gen, sizeof(gen)));
	print_size(p, "block_size", "block size", c->block_size);
	print_u64(p, "blocks", NULL, c->blocks);
	print_u64(p, "base_seq", "base seq", c->base_seq);
	print_u64(p, "seq", "newest seq", c->seq);
	print_u64_as(p, "changed", NULL, c->changed, changed);
	print_json_u64(p, "changed_bytes", bytes);
	print_size(p, "map_bytes", "map memory", c->map_bytes);
}

/* One CBT_INFO: the device asked about, and the answer. */
struct cbt_info_ctx {
	const char *device;
	struct lvss_cbt_info info;
};

static int cbt_info_query(struct lvss_handle *h, void *ctx,
			  struct lvss_error *err)
{
	struct cbt_info_ctx *c = ctx;

	return lvss_cbt_info(h, c->device, &c->info, err);
}

static void cbt_info_out(struct printer *p, const void *ctx)
{
	const struct cbt_info_ctx *c = ctx;

	cbt_info_print(p, &c->info);
}

static int do_cbt_info(struct cli *cli, int argc, char **argv)
{
	struct cbt_info_ctx c;
	struct lvss_error err;
	int rc;

	rc = cli_one_arg(cli, argc, argv, "<device>");
	if (rc)
		return rc;
	if (lvss_check_dev_path(argv[0], &err))
		return cli_usage_error(cli, "%s", err.msg);
	c.device = argv[0];
	return cli_query(cli, cbt_info_query, cbt_info_out, &c);
}

const struct cmd cmd_cbt_info = {
	.name = "cbt info",
	.summary = "show a device's changed-block tracking and its seqs",
	.usage = "lvss [--json] cbt info <device>\n"
		 "\n"
		 "Show the changed-block tracking of the attached <device>:\n"
		 "  generation  a UUID; a new one begins whenever the history cannot\n"
		 "              be trusted (attach, device resize, seq wrap, tracking\n"
		 "              error), and seqs of another generation mean nothing\n"
		 "  block size  the tracking block ('lvss attach --cbt-block-size')\n"
		 "  blocks      tracking blocks on the device\n"
		 "  base seq    the snapshot seq the generation began at: changes are\n"
		 "              known after it ('lvss cbt changes --from')\n"
		 "  newest seq  the device's newest snapshot seq, 0 before the first\n"
		 "  changed     blocks written since the newest snapshot (or since the\n"
		 "              generation began), and their bytes\n"
		 "  map memory  kernel memory the tracking takes\n"
		 "Sizes are in binary units with one decimal (64.0K).\n"
		 "JSON keys: device, generation, block_size, blocks, base_seq, seq,\n"
		 "changed, changed_bytes (changed x block_size), map_bytes (integers,\n"
		 "bytes exact).\n",
	.run = do_cbt_info,
};
