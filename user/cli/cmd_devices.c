// SPDX-License-Identifier: MIT
/* lvss devices: the devices lvss is attached to, their writes and store. */
#include <stdio.h>

#include "cmds.h"

static const struct print_column device_columns[] = {
	{ "DEVICE", false },
	{ "MAJ:MIN", false },
	{ "SIZE", true },
	{ "WRITES", true },
	{ "WRITTEN", true },
	{ "CHUNK", true },
	{ "STORE", true },
	{ "LOW-SPACE", true },
	{ "SNAPS", true },
	{ "CBT", true },
};

void devices_print_open(struct printer *p)
{
	print_open_table(p, "devices", device_columns,
			 sizeof(device_columns) / sizeof(device_columns[0]));
}

/* The low-space threshold as the devices list shows it: "10%", "off". */
static void print_low_space(struct printer *p, const struct lvss_device *d)
{
	char text[16] = "off";

	if (!d->has_low_percent) {
		print_none(p, "LOW-SPACE");	/* no store, or lvss.ko 1.0 */
		return;
	}
	if (d->low_percent)
		snprintf(text, sizeof(text), "%u%%", (unsigned int)d->low_percent);
	print_u64_as(p, "low_space_percent", NULL, d->low_percent, text);
}

/* One row; the fields follow device_columns. */
void device_print(struct printer *p, const struct lvss_device *d)
{
	print_open_object(p);
	print_str(p, "device", NULL, d->path);
	print_devnum(p, NULL, d->major, d->minor);
	print_size(p, "size_bytes", NULL, d->size_bytes);
	print_u64(p, "writes", NULL, d->writes);
	print_size(p, "write_bytes", NULL, d->write_bytes);
	if (d->has_store) {
		print_size(p, "chunk_size", NULL, d->chunk_size);
		print_usage(p, "store_used_bytes", "store_total_bytes", NULL,
			    d->store_used_bytes, d->store_total_bytes);
		print_json_u64(p, "copies", d->copies);
	} else {
		print_none(p, "CHUNK");
		print_none(p, "STORE");
	}
	print_low_space(p, d);
	if (d->has_snapshot_count)
		print_u64(p, "snapshots", NULL, d->snapshot_count);
	else
		print_none(p, "SNAPS");
	if (d->has_cbt) {
		print_size(p, "cbt_block_size", NULL, d->cbt_block_size);
		print_json_u64(p, "cbt_map_bytes", d->cbt_map_bytes);
	} else {
		print_none(p, "CBT");	/* lvss.ko 1.0 */
	}
	print_close(p);
}

static int print_one(const struct lvss_device *d, void *arg)
{
	device_print(arg, d);
	return 0;	/* the printer keeps its own errors */
}

static int do_devices(struct cli *cli, int argc, char **argv)
{
	struct lvss_handle *h;
	struct lvss_error err;
	struct printer *p;
	int rc;

	rc = cli_no_args(cli, argc, argv);
	if (rc)
		return rc;
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	p = cli_printer(cli);
	if (!p) {
		lvss_close(h);
		return CLI_FAILED;
	}
	devices_print_open(p);
	rc = lvss_list_devices(h, print_one, p, &err);
	lvss_close(h);
	if (rc) {
		print_discard(p);
		return cli_error(cli, "%s", err.msg);
	}
	print_close(p);
	return cli_print_finish(cli, p);
}

const struct cmd cmd_devices = {
	.name = "devices",
	.summary = "list the attached devices and the writes they saw",
	.usage = "lvss [--json] devices\n"
		 "\n"
		 "List the devices the lvss filter is attached to: the device node,\n"
		 "its device number, its size, and the writes it has seen since it\n"
		 "was attached (write, discard and zeroing requests, and the bytes\n"
		 "they covered); for a device with a CoW store ('lvss store add') its\n"
		 "chunk size, store used/total and low-space threshold (LOW-SPACE\n"
		 "10%: a store-low event, see 'lvss monitor', when less than 10% of\n"
		 "the store is free; 'off': never), else '-'; its snapshots; and its\n"
		 "changed-block tracking block size (CBT, see 'lvss cbt'; '-' from an\n"
		 "lvss.ko before ABI 1.1).\n"
		 "Sizes are in binary units with one decimal (1.5G); with no device\n"
		 "attached only the header is printed.\n"
		 "JSON: {\"devices\": [...]}, each with keys device, major, minor,\n"
		 "size_bytes, writes, write_bytes, snapshots, cbt_block_size and\n"
		 "cbt_map_bytes (the tracking's kernel memory) and, with a store,\n"
		 "chunk_size, store_used_bytes, store_total_bytes, copies,\n"
		 "low_space_percent (0: off; these and the cbt_ keys are not sent by\n"
		 "lvss.ko before ABI 1.1) (integers, bytes exact).\n",
	.run = do_devices,
};
