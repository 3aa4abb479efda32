// SPDX-License-Identifier: MIT
/*
 * lvss cbt changes <device> --from SEQ [--to SEQ] [--generation UUID],
 * lvss cbt changes --snapshots ID1 [ID2] [--generation UUID]: the blocks
 * written since a snapshot of a device, as byte extents an incremental
 * backup to a later snapshot copies. Text is made for scripts and dd: a
 * '#' header, "OFFSET LENGTH" per extent, a '#' summary.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"

/* The command line, checked. */
struct changes_args {
	const char *device;
	bool from_given, to_given, gen_given;
	uint64_t from, to;
	uint8_t gen[LVSS_CBT_GENERATION_LEN];
	size_t nsnaps;		/* --snapshots: 1 or 2 ids, 0 without */
	uint32_t snaps[2];
};

void cbt_changes_print(struct printer *p, const struct cbt_changes *c)
{
	char gen[LVSS_CBT_GENERATION_STR_MAX], to[24];
	uint64_t total = 0;
	size_t i;

	/* Ascending, apart and below 2^64: the sum fits. */
	for (i = 0; i < c->count; i++)
		total += c->ext[i].length;
	lvss_cbt_generation_format(c->generation, gen, sizeof(gen));
	if (c->has_to)
		snprintf(to, sizeof(to), "%" PRIu64, c->to_seq);
	else
		snprintf(to, sizeof(to), "now");

	print_line(p, "# %s generation %s, blocks written after snapshot seq %" PRIu64 ", to read from %s, block size %" PRIu32,
		   c->device, gen, c->from_seq, to, c->block_size);
	for (i = 0; i < c->count; i++)
		print_line(p, "%" PRIu64 " %" PRIu64, c->ext[i].offset,
			   c->ext[i].length);
	print_line(p, "# %zu extents, %" PRIu64 " bytes", c->count, total);

	print_json_str(p, "device", c->device);
	print_json_str(p, "generation", gen);
	print_json_u64(p, "from_seq", c->from_seq);
	if (c->has_to)
		print_json_u64(p, "to_seq", c->to_seq);
	else
		print_json_null(p, "to_seq");
	print_json_u64(p, "block_size", c->block_size);
	print_open_json_array(p, "extents");
	for (i = 0; i < c->count; i++) {
		print_open_object(p);
		print_u64(p, "offset", NULL, c->ext[i].offset);
		print_u64(p, "length", NULL, c->ext[i].length);
		print_close(p);
	}
	print_close(p);
	print_json_u64(p, "bytes", total);
}

static int parse_seq(struct cli *cli, const char *opt, const char *s,
		     uint64_t *out)
{
	int rc = parse_number(s, out);

	if (rc == -ERANGE)
		return cli_usage_error(cli, "%s '%s' is too large for a snapshot seq",
				       opt, s);
	if (rc)
		return cli_usage_error(cli,
			"invalid %s '%s': give a snapshot seq, a whole number (the SEQ column of 'lvss snapshots')",
			opt, s);
	return CLI_OK;
}

static int parse_snapshot_id(struct cli *cli, const char *s, uint32_t *id)
{
	uint64_t v;

	if (parse_number(s, &v) || !v || v > UINT32_MAX)
		return cli_usage_error(cli,
			"invalid snapshot id '%s': give the number in the ID column of 'lvss snapshots'",
			s);
	*id = (uint32_t)v;
	return CLI_OK;
}

/* One word (or option with its value) of the command line. */
static int parse_word(struct cli *cli, struct changes_args *a, int argc,
		      char **argv, int *i)
{
	struct lvss_error err;
	const char *v;
	int m, rc;

	if ((m = cli_option(cli, argc, argv, i, "--from", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->from_given)
			return cli_usage_error(cli, "--from is given twice");
		a->from_given = true;
		return parse_seq(cli, "--from", v, &a->from);
	}
	if ((m = cli_option(cli, argc, argv, i, "--to", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->to_given)
			return cli_usage_error(cli, "--to is given twice");
		a->to_given = true;
		return parse_seq(cli, "--to", v, &a->to);
	}
	if ((m = cli_option(cli, argc, argv, i, "--generation", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->gen_given)
			return cli_usage_error(cli, "--generation is given twice");
		a->gen_given = true;
		if (lvss_cbt_generation_parse(v, a->gen, &err))
			return cli_usage_error(cli, "%s", err.msg);
		return CLI_OK;
	}
	if ((m = cli_option(cli, argc, argv, i, "--snapshots", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->nsnaps)
			return cli_usage_error(cli, "--snapshots is given twice");
		rc = parse_snapshot_id(cli, v, &a->snaps[0]);
		if (rc)
			return rc;
		a->nsnaps = 1;
		/* ID2 is optional: the next word, when it is a number. */
		if (*i + 1 < argc && isdigit((unsigned char)argv[*i + 1][0])) {
			rc = parse_snapshot_id(cli, argv[++*i], &a->snaps[1]);
			if (rc)
				return rc;
			a->nsnaps = 2;
		}
		return CLI_OK;
	}
	if (argv[*i][0] == '-' && argv[*i][1])
		return cli_unknown_option(cli, argv[*i]);
	if (a->device)
		return cli_usage_error(cli,
			"cbt changes takes one <device>, got '%s' too; run 'lvss help cbt changes' for its usage",
			argv[*i]);
	a->device = argv[*i];
	return CLI_OK;
}

/* What the options say together. */
static int check_args(struct cli *cli, const struct changes_args *a)
{
	struct lvss_error err;

	if (a->nsnaps) {
		if (a->device && isdigit((unsigned char)a->device[0]))
			return cli_usage_error(cli,
				"--snapshots takes one or two snapshot ids, got '%s' too",
				a->device);
		if (a->device)
			return cli_usage_error(cli,
				"cbt changes takes --snapshots or a <device>, not both: the snapshots name their device");
		if (a->from_given || a->to_given)
			return cli_usage_error(cli,
				"--snapshots takes the place of --from and --to: the snapshots' seqs are used");
		return CLI_OK;
	}
	if (!a->device)
		return cli_usage_error(cli,
			"cbt changes needs a <device> and --from SEQ, or --snapshots ID1 [ID2]; run 'lvss help cbt changes' for its usage");
	if (lvss_check_dev_path(a->device, &err))
		return cli_usage_error(cli, "%s", err.msg);
	if (!a->from_given)
		return cli_usage_error(cli,
			"cbt changes needs --from SEQ: the snapshot seq to list the changes after ('lvss cbt info %s' shows the base seq they are known from)",
			a->device);
	if (a->to_given && a->to < a->from)
		return cli_usage_error(cli,
			"--to %" PRIu64 " is below --from %" PRIu64 ": the changes run from the older snapshot to the newer",
			a->to, a->from);
	return CLI_OK;
}

static int changes_parse(struct cli *cli, int argc, char **argv,
			 struct changes_args *a)
{
	int i, rc;

	*a = (struct changes_args){ 0 };
	for (i = 0; i < argc; i++) {
		rc = parse_word(cli, a, argc, argv, &i);
		if (rc)
			return rc;
	}
	return check_args(cli, a);
}

/* The snapshots --snapshots names, as the snapshot list has them. */
struct snapshot_pair {
	const uint32_t *ids;
	size_t n;
	struct lvss_snapshot snap[2];
	bool found[2];
};

static int find_snapshot(const struct lvss_snapshot *s, void *arg)
{
	struct snapshot_pair *sp = arg;

	for (size_t k = 0; k < sp->n; k++) {
		if (s->id == sp->ids[k]) {
			sp->snap[k] = *s;
			sp->found[k] = true;
		}
	}
	return 0;
}

/*
 * --snapshots ID1 [ID2]: their device, and their seqs as from and to.
 * @device gets LVSS_DEV_PATH_MAX bytes.
 */
static int resolve_snapshots(struct cli *cli, struct lvss_handle *h,
			     struct changes_args *a, char *device)
{
	struct snapshot_pair sp = { .ids = a->snaps, .n = a->nsnaps };
	const struct lvss_snapshot *s1 = &sp.snap[0], *s2 = &sp.snap[1];
	struct lvss_error err;

	if (lvss_list_snapshots(h, find_snapshot, &sp, &err))
		return cli_error(cli, "%s", err.msg);
	for (size_t k = 0; k < sp.n; k++)
		if (!sp.found[k])
			return cli_error(cli,
				"no snapshot %" PRIu32 ": 'lvss snapshots' lists them",
				a->snaps[k]);
	if (sp.n == 2 && strcmp(s1->dev_path, s2->dev_path))
		return cli_error(cli,
			"snapshots %" PRIu32 " and %" PRIu32 " are of different devices (%s and %s): name two snapshots of one device",
			s1->id, s2->id, s1->dev_path, s2->dev_path);
	if (sp.n == 2 && s1->seq > s2->seq)
		return cli_error(cli,
			"snapshot %" PRIu32 " (seq %" PRIu64 ") was taken after snapshot %" PRIu32 " (seq %" PRIu64 "): name the older snapshot first",
			s1->id, s1->seq, s2->id, s2->seq);
	memcpy(device, s1->dev_path, LVSS_DEV_PATH_MAX);
	a->from = s1->seq;
	a->to_given = sp.n == 2;
	a->to = sp.n == 2 ? s2->seq : 0;
	return CLI_OK;
}

/* The extents as they come, for printing once all are there. */
struct extent_list {
	struct lvss_cbt_extent *ext;
	size_t n, cap;
};

static int keep_extent(const struct lvss_cbt_extent *e, void *arg)
{
	struct extent_list *l = arg;
	struct lvss_cbt_extent *ext;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 64;
		ext = reallocarray(l->ext, cap, sizeof(*ext));
		if (!ext)
			return -ENOMEM;
		l->ext = ext;
		l->cap = cap;
	}
	l->ext[l->n++] = *e;
	return 0;
}

/* Reads the tracking, then the changes, and prints them. */
static int list_changes(struct cli *cli, struct lvss_handle *h,
			const char *device, const struct changes_args *a)
{
	struct extent_list l = { 0 };
	struct lvss_cbt_info info;
	struct lvss_error err;
	struct printer *p;
	int rc;

	/* The block size, and the generation when none was given. */
	if (lvss_cbt_info(h, device, &info, &err))
		return cli_error(cli, "%s", err.msg);
	rc = lvss_cbt_changes(h, device, a->gen_given ? a->gen : info.generation,
			      a->from, a->to_given, a->to, keep_extent, &l,
			      &err);
	if (rc) {
		free(l.ext);
		return cli_error(cli, "%s", err.msg);
	}
	p = cli_printer(cli);
	if (p) {
		cbt_changes_print(p, &(struct cbt_changes){
			.device = info.dev_path,
			.generation = a->gen_given ? a->gen : info.generation,
			.from_seq = a->from, .has_to = a->to_given,
			.to_seq = a->to, .block_size = info.block_size,
			.ext = l.ext, .count = l.n,
		});
		rc = cli_print_finish(cli, p);
	} else {
		rc = CLI_FAILED;
	}
	free(l.ext);
	return rc;
}

static int do_cbt_changes(struct cli *cli, int argc, char **argv)
{
	char device[LVSS_DEV_PATH_MAX];
	struct changes_args a;
	struct lvss_handle *h;
	int rc;

	rc = changes_parse(cli, argc, argv, &a);
	if (rc)
		return rc;
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	if (a.nsnaps)
		rc = resolve_snapshots(cli, h, &a, device);
	else
		snprintf(device, sizeof(device), "%s", a.device);
	if (!rc)
		rc = list_changes(cli, h, device, &a);
	lvss_close(h);
	return rc;
}

const struct cmd cmd_cbt_changes = {
	.name = "cbt changes",
	.summary = "list the blocks written since a snapshot, for a backup",
	.usage = "lvss [--json] cbt changes <device> --from SEQ [--to SEQ] [--generation UUID]\n"
		 "       lvss [--json] cbt changes --snapshots ID1 [ID2] [--generation UUID]\n"
		 "\n"
		 "List the blocks of <device> written after its snapshot seq --from was\n"
		 "taken: what an incremental backup from snapshot --from to snapshot\n"
		 "--to copies, reading them from snapshot --to (/dev/lvss/<dev>@<seq>).\n"
		 "--to must be a snapshot that exists; the list is the same without it\n"
		 "(up to now), and it may hold blocks written after --to as well:\n"
		 "lvss.ko keeps only each block's last write, so it lists a superset,\n"
		 "never misses one, and read from snapshot --to every block is right.\n"
		 "Seqs are the SEQ column of 'lvss snapshots'; --from may also be the\n"
		 "base seq of 'lvss cbt info' (everything since tracking began).\n"
		 "  --snapshots ID1 [ID2]  the same for two snapshots of one device,\n"
		 "                         by their ids (the ID column of 'lvss\n"
		 "                         snapshots'): --from ID1's seq, --to ID2's\n"
		 "                         (without ID2: none, up to now)\n"
		 "  --generation UUID      the generation the seqs belong to, as an\n"
		 "                         earlier run printed it; without it the\n"
		 "                         current one is read and printed\n"
		 "Seqs only mean something within one generation. A backup tool keeps\n"
		 "the generation with its backup and gives it back next time; when the\n"
		 "history was reset meanwhile this fails (exit 1) saying \"generation\n"
		 "changed\", and only a full backup is safe.\n"
		 "Prints \"# <device> generation <uuid>, blocks written after snapshot seq\n"
		 "<from>, to read from <to>|now, block size <bytes>\", then one line\n"
		 "\"OFFSET LENGTH\" per\n"
		 "extent, in bytes, ascending (for dd: iflag=skip_bytes,count_bytes\n"
		 "skip=OFFSET count=LENGTH), then \"# <n> extents, <total> bytes\".\n"
		 "JSON: {\"device\", \"generation\", \"from_seq\", \"to_seq\" (null: now),\n"
		 "\"block_size\", \"extents\": [{\"offset\", \"length\"}...], \"bytes\"}.\n",
	.run = do_cbt_changes,
};
