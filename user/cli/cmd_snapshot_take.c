// SPDX-License-Identifier: MIT
/*
 * lvss snapshot take <device>... [--timeout MS]: one snapshot set, one
 * instant across all the devices, like 'vssadmin create shadow' for
 * several volumes at once.
 */
#include "cmds.h"

void take_print(struct printer *p, const struct lvss_snapshot_set *set)
{
	char held[32];
	size_t i;

	for (i = 0; i < set->count; i++) {
		const struct lvss_snapshot_member *m = &set->members[i];

		print_line(p, "snapshot %u of %s: /dev/%s (seq %llu)",
			   (unsigned int)m->id, m->dev_path, m->disk,
			   (unsigned long long)m->seq);
	}
	format_duration_ns(set->frozen_ns, held, sizeof(held));
	print_line(p, "writes held: %s", held);

	print_json_u64(p, "frozen_ns", set->frozen_ns);
	print_open_json_array(p, "snapshots");
	for (i = 0; i < set->count; i++) {
		const struct lvss_snapshot_member *m = &set->members[i];

		print_open_object(p);
		print_u64(p, "id", NULL, m->id);
		print_str(p, "device", NULL, m->dev_path);
		print_u64(p, "seq", NULL, m->seq);
		print_str(p, "disk", NULL, m->disk);
		print_close(p);
	}
	print_close(p);
}

/* One SNAPSHOT_TAKE: the members and timeout asked for, and the set. */
struct take_ctx {
	const char *devices[LVSS_SET_MEMBERS_MAX];
	size_t n;
	uint32_t timeout_ms;
	struct lvss_snapshot_set set;
};

static int take_query(struct lvss_handle *h, void *ctx,
		      struct lvss_error *err)
{
	struct take_ctx *c = ctx;

	return lvss_snapshot_take(h, c->devices, c->n, c->timeout_ms, &c->set,
				  err);
}

static void take_out(struct printer *p, const void *ctx)
{
	const struct take_ctx *c = ctx;

	take_print(p, &c->set);
}

static int do_take(struct cli *cli, int argc, char **argv)
{
	static struct take_ctx c;
	const char **devices = c.devices;
	struct lvss_error err;
	uint64_t timeout = 0;
	bool timeout_given = false;
	size_t n = 0;
	const char *v;
	int i, m, rc;

	for (i = 0; i < argc; i++) {
		m = cli_option(cli, argc, argv, &i, "--timeout", &v);
		if (m < 0)
			return CLI_USAGE;
		if (m) {
			if (timeout_given)
				return cli_usage_error(cli, "--timeout is given twice");
			timeout_given = true;
			rc = cli_number(cli, "--timeout", v, &timeout);
			if (rc)
				return rc;
			if (lvss_check_freeze_timeout(timeout, &err))
				return cli_usage_error(cli, "%s", err.msg);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_unknown_option(cli, argv[i]);
		} else {
			if (lvss_check_dev_path(argv[i], &err))
				return cli_usage_error(cli, "%s", err.msg);
			if (n < LVSS_SET_MEMBERS_MAX)
				devices[n] = argv[i];
			n++;
		}
	}
	if (n > LVSS_SET_MEMBERS_MAX)
		return cli_usage_error(cli,
			"a snapshot set holds at most %u devices, got %zu: take several sets",
			LVSS_SET_MEMBERS_MAX, n);
	if (!n)
		return cli_usage_error(cli,
			"snapshot take needs a <device>; run 'lvss help snapshot take' for its usage");

	c.n = n;
	c.timeout_ms = (uint32_t)timeout;
	return cli_query(cli, take_query, take_out, &c);
}

const struct cmd cmd_snapshot_take = {
	.name = "snapshot take",
	.summary = "take a snapshot set: one instant across the devices",
	.usage = "lvss [--json] snapshot take <device>... [--timeout MS]\n"
		 "\n"
		 "Take one snapshot of each <device> (up to 32), all at the same\n"
		 "instant: their filesystems are frozen and writes held together,\n"
		 "for at most --timeout milliseconds (100 to 60000, default 10000);\n"
		 "if that is not enough nothing is taken. Each device must be\n"
		 "attached and have a CoW store ('lvss store add').\n"
		 "Prints per device \"snapshot <id> of <device>: /dev/<disk> (seq <n>)\",\n"
		 "then \"writes held: 12.3ms\". The snapshot is the read-only disk\n"
		 "/dev/<disk>; udev also links it as /dev/lvss/<device>@<seq>\n"
		 "(/dev/lvss/sdb@1).\n"
		 "JSON: {\"frozen_ns\": N, \"snapshots\": [...]}, each with keys id,\n"
		 "device, seq, disk (\"lvss3\").\n",
	.run = do_take,
};
