// SPDX-License-Identifier: MIT
/*
 * lvss snapshot delete <id>...: delete snapshots, like 'vssadmin delete
 * shadows /shadow=ID'. Every id is checked before any is deleted; then
 * each is deleted in turn, and one that fails does not stop the others.
 */
#include <stdint.h>
#include <stdlib.h>

#include "cmds.h"

void deleted_print(struct printer *p, const uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		print_line(p, "deleted snapshot %u", (unsigned int)ids[i]);
	print_open_json_array(p, "deleted");
	for (i = 0; i < n; i++)
		print_u64(p, NULL, NULL, ids[i]);
	print_close(p);
}

static int parse_id(struct cli *cli, const char *s, uint32_t *id)
{
	uint64_t v;

	if (parse_number(s, &v) || !v || v > UINT32_MAX)
		return cli_usage_error(cli,
			"invalid snapshot id '%s': give the number in the ID column of 'lvss snapshots'",
			s);
	*id = (uint32_t)v;
	return CLI_OK;
}

static int do_delete(struct cli *cli, int argc, char **argv)
{
	struct lvss_handle *h;
	struct lvss_error err;
	struct printer *p;
	uint32_t *ids;
	size_t done = 0;
	int i, rc, failed = 0;

	if (!argc)
		return cli_usage_error(cli,
			"snapshot delete needs an <id>; run 'lvss help snapshot delete' for its usage");
	ids = calloc((size_t)argc, sizeof(*ids));
	if (!ids)
		return cli_error(cli, "out of memory");
	for (i = 0; i < argc; i++) {
		rc = parse_id(cli, argv[i], &ids[i]);
		if (rc)
			goto out;
	}
	rc = cli_connect(cli, &h);
	if (rc)
		goto out;
	/* Deleted ones move to the front, in the order given. */
	for (i = 0; i < argc; i++) {
		if (lvss_snapshot_delete(h, ids[i], &err)) {
			cli_error(cli, "%s", err.msg);
			failed = 1;
		} else {
			ids[done++] = ids[i];
		}
	}
	lvss_close(h);

	p = cli_printer(cli);
	if (!p) {
		rc = CLI_FAILED;
		goto out;
	}
	deleted_print(p, ids, done);
	rc = cli_print_finish(cli, p);
	if (!rc && failed)
		rc = CLI_FAILED;
out:
	free(ids);
	return rc;
}

const struct cmd cmd_snapshot_delete = {
	.name = "snapshot delete",
	.summary = "delete snapshots by id",
	.usage = "lvss [--json] snapshot delete <id>...\n"
		 "\n"
		 "Delete each snapshot <id> (the ID column of 'lvss snapshots'): its\n"
		 "disk goes away, reads of it that are still open fail, and store\n"
		 "space only it needed is freed. One that cannot be deleted is\n"
		 "reported and the others are still deleted; the exit status is then 1.\n"
		 "Prints \"deleted snapshot <id>\" for each.\n"
		 "JSON: {\"deleted\": [ids]}.\n",
	.run = do_delete,
};
