// SPDX-License-Identifier: MIT
/*
 * lvss snapshots, also 'lvss snapshot list': every snapshot, its state
 * and the store it lives on, like 'vssadmin list shadows'.
 */
#include "cmds.h"

static const struct print_column snapshot_columns[] = {
	{ "ID", true },
	{ "DEVICE", false },
	{ "SEQ", true },
	{ "STATE", false },
	{ "DISK", false },
	{ "CREATED", false },
	{ "HELD", true },
	{ "STORE-USED", true },
	{ "COPIES", true },
	{ "ERROR", false },
};

const char *snapshot_state_name(uint32_t state)
{
	switch (state) {
	case LVSS_SNAPSHOT_ACTIVE:
		return "active";
	case LVSS_SNAPSHOT_FAILED:
		return "failed";
	}
	return "unknown";	/* a state of a newer lvss.ko */
}

void snapshots_print_open(struct printer *p)
{
	print_open_table(p, "snapshots", snapshot_columns,
			 sizeof(snapshot_columns) /
			 sizeof(snapshot_columns[0]));
}

/* One row; the fields follow snapshot_columns. */
void snapshot_print(struct printer *p, const struct lvss_snapshot *s)
{
	print_open_object(p);
	print_u64(p, "id", NULL, s->id);
	print_str(p, "device", NULL, s->dev_path);
	print_u64(p, "seq", NULL, s->seq);
	print_str(p, "state", NULL, snapshot_state_name(s->state));
	print_str(p, "disk", NULL, s->disk);
	print_time_ns(p, "created_ns", NULL, s->created_ns);
	print_duration_ns(p, "frozen_ns", NULL, s->frozen_ns);
	print_usage(p, "store_used_bytes", "store_total_bytes", NULL,
		    s->store_used_bytes, s->store_total_bytes);
	print_u64(p, "copies", NULL, s->copies);
	print_failure(p, "ERROR", s->error, s->error_msg);
	print_json_u64(p, "chunk_size", s->chunk_size);
	print_close(p);
}

static int print_one(const struct lvss_snapshot *s, void *arg)
{
	snapshot_print(arg, s);
	return 0;	/* the printer keeps its own errors */
}

static int do_snapshots(struct cli *cli, int argc, char **argv)
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
	snapshots_print_open(p);
	rc = lvss_list_snapshots(h, print_one, p, &err);
	lvss_close(h);
	if (rc) {
		print_discard(p);
		return cli_error(cli, "%s", err.msg);
	}
	print_close(p);
	return cli_print_finish(cli, p);
}

#define SNAPSHOTS_USAGE \
	"\n" \
	"List every snapshot: its id (for 'lvss snapshot delete'), origin\n" \
	"device, the device's snapshot number, state, disk (/dev/<disk>),\n" \
	"when it was taken (UTC), how long its take held writes, and the\n" \
	"origin's CoW store (used/total, shared by its snapshots) and chunks\n" \
	"copied into it. A failed snapshot (store full, I/O error) reads as\n" \
	"I/O errors; ERROR says why, '-' for active ones.\n" \
	"JSON: {\"snapshots\": [...]}, each with keys id, device, seq, state\n" \
	"(\"active\", \"failed\"), disk, created_ns, frozen_ns, chunk_size,\n" \
	"store_used_bytes, store_total_bytes, copies (integers) and, when\n" \
	"failed, error (errno) and error_msg.\n"

const struct cmd cmd_snapshots = {
	.name = "snapshots",
	.summary = "list the snapshots (same as 'snapshot list')",
	.usage = "lvss [--json] snapshots\n" SNAPSHOTS_USAGE,
	.run = do_snapshots,
};

const struct cmd cmd_snapshot_list = {
	.name = "snapshot list",
	.summary = "list the snapshots",
	.usage = "lvss [--json] snapshot list\n" SNAPSHOTS_USAGE,
	.run = do_snapshots,
};
