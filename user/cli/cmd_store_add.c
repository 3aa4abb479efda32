// SPDX-License-Identifier: MIT
/*
 * lvss store add <device> (--memory SIZE | --device STOREDEV |
 * --file PATH --size SIZE) [--chunk-size SIZE] [--low-space PERCENT]:
 * give an attached device CoW store space, like 'vssadmin add
 * shadowstorage'. A file store is made (or found made) first; if lvss.ko
 * then refuses it, a file made by this run is removed again.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"

/* The command line, checked. */
struct store_args {
	const char *device;
	enum lvss_store_kind kind;	/* 0 until an option names one */
	const char *kind_opt;		/* the option that named it */
	const char *store_path;		/* --device, --file */
	uint64_t bytes;			/* --memory, --size */
	const char *size_opt;		/* "--size" when given */
	uint64_t chunk;			/* --chunk-size */
	bool chunk_given;
	uint64_t low;			/* --low-space */
	bool low_given;
};

static const char *const kind_names[] = {
	[LVSS_STORE_BDEV] = "device",
	[LVSS_STORE_FILE] = "file",
	[LVSS_STORE_MEMORY] = "memory",
};

void store_add_print(struct printer *p, const struct store_added *s)
{
	const struct lvss_device *d = s->dev;
	char total[16], used[16], chunk[16], low[48] = "";

	print_json_str(p, "device", s->device);
	print_json_str(p, "kind", kind_names[s->kind]);
	if (s->store_path)
		print_json_str(p, "store_path", s->store_path);
	if (!d || !d->has_store) {
		print_line(p, "store added to %s", s->device);
		return;
	}
	format_size(d->store_total_bytes, total, sizeof(total));
	format_size(d->store_used_bytes, used, sizeof(used));
	format_size(d->chunk_size, chunk, sizeof(chunk));
	if (d->has_low_percent && d->low_percent)
		snprintf(low, sizeof(low), ", low-space warning below %u%% free",
			 (unsigned int)d->low_percent);
	else if (d->has_low_percent)
		snprintf(low, sizeof(low), ", low-space warning off");
	print_line(p, "store added to %s: %s total, %s used, chunk size %s%s",
		   s->device, total, used, chunk, low);
	print_json_u64(p, "chunk_size", d->chunk_size);
	print_json_u64(p, "store_used_bytes", d->store_used_bytes);
	print_json_u64(p, "store_total_bytes", d->store_total_bytes);
	if (d->has_low_percent)
		print_json_u64(p, "low_space_percent", d->low_percent);
}

/* --memory, --device, --file: one of them, once. */
static int set_kind(struct cli *cli, struct store_args *a,
		    enum lvss_store_kind kind, const char *opt)
{
	if (a->kind)
		return cli_usage_error(cli,
			"store add takes one of --memory, --device and --file, got %s and %s",
			a->kind_opt, opt);
	a->kind = kind;
	a->kind_opt = opt;
	return CLI_OK;
}

static int parse_word(struct cli *cli, struct store_args *a, int argc,
		      char **argv, int *i)
{
	const char *v;
	int m;

	if ((m = cli_option(cli, argc, argv, i, "--memory", &v))) {
		if (m < 0 || set_kind(cli, a, LVSS_STORE_MEMORY, "--memory"))
			return CLI_USAGE;
		return cli_size(cli, "--memory", v, &a->bytes);
	}
	if ((m = cli_option(cli, argc, argv, i, "--device", &v))) {
		if (m < 0 || set_kind(cli, a, LVSS_STORE_BDEV, "--device"))
			return CLI_USAGE;
		a->store_path = v;
		return CLI_OK;
	}
	if ((m = cli_option(cli, argc, argv, i, "--file", &v))) {
		if (m < 0 || set_kind(cli, a, LVSS_STORE_FILE, "--file"))
			return CLI_USAGE;
		a->store_path = v;
		return CLI_OK;
	}
	if ((m = cli_option(cli, argc, argv, i, "--size", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->size_opt)
			return cli_usage_error(cli, "--size is given twice");
		a->size_opt = "--size";
		return cli_size(cli, "--size", v, &a->bytes);
	}
	if ((m = cli_option(cli, argc, argv, i, "--chunk-size", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->chunk_given)
			return cli_usage_error(cli, "--chunk-size is given twice");
		a->chunk_given = true;
		return cli_size(cli, "--chunk-size", v, &a->chunk);
	}
	if ((m = cli_option(cli, argc, argv, i, "--low-space", &v))) {
		if (m < 0)
			return CLI_USAGE;
		if (a->low_given)
			return cli_usage_error(cli, "--low-space is given twice");
		a->low_given = true;
		return cli_number(cli, "--low-space", v, &a->low);
	}
	if (argv[*i][0] == '-' && argv[*i][1])
		return cli_unknown_option(cli, argv[*i]);
	if (a->device)
		return cli_usage_error(cli,
			"store add takes one <device>, got '%s' too; run 'lvss help store add' for its usage",
			argv[*i]);
	a->device = argv[*i];
	return CLI_OK;
}

/* What the options say together, and lvss.ko's bounds. */
static int check_args(struct cli *cli, struct store_args *a)
{
	struct lvss_error err;

	if (!a->device)
		return cli_usage_error(cli,
			"store add needs a <device>; run 'lvss help store add' for its usage");
	if (lvss_check_dev_path(a->device, &err))
		return cli_usage_error(cli, "%s", err.msg);
	if (!a->kind)
		return cli_usage_error(cli,
			"store add needs a store: --memory SIZE, --device STOREDEV or --file PATH --size SIZE; run 'lvss help store add' for its usage");
	if (a->kind == LVSS_STORE_FILE && !a->size_opt)
		return cli_usage_error(cli,
			"--file needs --size SIZE: how large to make the store file, e.g. --size 4G");
	if (a->kind != LVSS_STORE_FILE && a->size_opt)
		return cli_usage_error(cli,
			"--size goes with --file; a memory store takes its size from --memory");
	if (a->kind == LVSS_STORE_BDEV &&
	    lvss_check_dev_path(a->store_path, &err))
		return cli_usage_error(cli, "store device: %s", err.msg);
	if (a->kind == LVSS_STORE_MEMORY &&
	    lvss_check_memory_store(a->bytes, &err))
		return cli_usage_error(cli, "%s", err.msg);
	if (a->kind == LVSS_STORE_FILE && !a->bytes)
		return cli_usage_error(cli,
			"--size of 0 bytes holds no chunk: give a size of at least the chunk size");
	if (a->chunk_given && lvss_check_chunk_size(a->chunk, &err))
		return cli_usage_error(cli, "%s", err.msg);
	if (a->low_given && lvss_check_low_percent(a->low, &err))
		return cli_usage_error(cli,
			"--low-space must be between 0 and %u percent, got %" PRIu64 "; 0 turns the warning off",
			LVSS_STORE_LOW_PERCENT_MAX, a->low);
	return CLI_OK;
}

static int store_add_parse(struct cli *cli, int argc, char **argv,
			   struct store_args *a)
{
	int i, rc;

	*a = (struct store_args){ 0 };
	for (i = 0; i < argc; i++) {
		rc = parse_word(cli, a, argc, argv, &i);
		if (rc)
			return rc;
	}
	return check_args(cli, a);
}

/* The device's figures after the add; false (with a warning) if unknown. */
static bool read_figures(struct cli *cli, struct lvss_handle *h,
			 const char *device, struct lvss_device *out)
{
	struct lvss_error err;
	struct stat st;
	int rc;

	if (stat(device, &st) || !S_ISBLK(st.st_mode)) {
		cli_error(cli, "store added, but %s is gone: cannot show its figures",
			  device);
		return false;
	}
	rc = lvss_find_device(h, st.st_rdev, out, &err);
	if (rc == -ENODEV)
		cli_error(cli, "store added, but %s is no longer attached",
			  device);
	else if (rc)
		cli_error(cli, "store added, but its figures are unknown: %s",
			  err.msg);
	return !rc;
}

/* Makes the file, adds it; a file this run made goes if lvss.ko says no. */
static int add_file(struct cli *cli, struct lvss_handle *h,
		    struct lvss_store_spec *spec, uint64_t size)
{
	struct lvss_extent *ext = NULL;
	struct lvss_error err, undo;
	struct stat st;
	bool existed;
	int rc;

	existed = lstat(spec->store_path, &st) == 0;
	rc = lvss_storefile_prepare(spec->store_path, size, &ext,
				    &spec->nr_extents, &err);
	if (rc)
		return cli_error(cli, "%s", err.msg);
	spec->extents = ext;
	rc = lvss_store_add(h, spec, &err);
	free(ext);
	if (!rc)
		return CLI_OK;
	cli_error(cli, "%s", err.msg);
	if (!existed) {
		if (lvss_storefile_release(spec->store_path, &undo) ||
		    unlink(spec->store_path))
			cli_error(cli, "cannot remove store file %s, made for this store: delete it by hand ('chattr -i' first)",
				  spec->store_path);
	}
	return CLI_FAILED;
}

static int do_store_add(struct cli *cli, int argc, char **argv)
{
	struct lvss_store_spec spec;
	struct store_added out;
	struct lvss_device dev;
	struct lvss_handle *h;
	struct lvss_error err;
	struct store_args a;
	struct printer *p;
	int rc;

	rc = store_add_parse(cli, argc, argv, &a);
	if (rc)
		return rc;
	spec = (struct lvss_store_spec){
		.dev_path = a.device, .kind = a.kind,
		.store_path = a.store_path, .memory_bytes = a.bytes,
		.chunk_size = (uint32_t)a.chunk,
		.set_low_percent = a.low_given,
		.low_percent = (uint32_t)a.low,
	};
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	if (a.kind == LVSS_STORE_FILE) {
		rc = add_file(cli, h, &spec, a.bytes);
	} else {
		rc = lvss_store_add(h, &spec, &err);
		if (rc)
			rc = cli_error(cli, "%s", err.msg);
	}
	if (rc) {
		lvss_close(h);
		return rc;
	}
	out = (struct store_added){
		.device = a.device, .kind = a.kind, .store_path = a.store_path,
	};
	if (read_figures(cli, h, a.device, &dev))
		out.dev = &dev;
	lvss_close(h);

	p = cli_printer(cli);
	if (!p)
		return CLI_FAILED;
	store_add_print(p, &out);
	return cli_print_finish(cli, p);
}

const struct cmd cmd_store_add = {
	.name = "store add",
	.summary = "give a device CoW store space for its snapshots",
	.usage = "lvss [--json] store add <device> <store> [--chunk-size SIZE]\n"
		 "                               [--low-space PERCENT]\n"
		 "  <store>: --memory SIZE | --device STOREDEV | --file PATH --size SIZE\n"
		 "\n"
		 "Give the attached <device> space to keep the old contents of what\n"
		 "is overwritten while it has snapshots (copy-on-write), like\n"
		 "'vssadmin add shadowstorage'. All snapshots of the device share it;\n"
		 "adding again adds more, also while snapshots live.\n"
		 "  --memory SIZE       kernel memory (at most half of the RAM)\n"
		 "  --device STOREDEV   a whole disk or partition, not mounted; its\n"
		 "                      contents are overwritten\n"
		 "  --file PATH         a file on ext2/3/4 or xfs, on another device;\n"
		 "  --size SIZE         lvss makes it SIZE bytes, writes it in full and\n"
		 "                      makes it immutable (chattr +i); an immutable\n"
		 "                      file of that size made before is used again;\n"
		 "                      a file made here is removed if lvss.ko\n"
		 "                      refuses it. After detaching the device,\n"
		 "                      'chattr -i' it to delete it\n"
		 "  --chunk-size SIZE   copy-on-write unit, a power of two from 4K to\n"
		 "                      1M (default 64K); the first store fixes it\n"
		 "  --low-space PERCENT send a store-low event ('lvss monitor') when\n"
		 "                      less than PERCENT of the store is free, 0 to\n"
		 "                      99, 0 for never; default 10 on the first\n"
		 "                      store, after it unchanged; needs lvss.ko of\n"
		 "                      ABI 1.1 or later\n"
		 "SIZE is bytes or a whole number with K, M, G or T (powers of 1024).\n"
		 "Prints \"store added to <device>: 1.0G total, 0B used, chunk size 64.0K,\n"
		 "low-space warning below 10% free\" (\"low-space warning off\" for 0).\n"
		 "JSON keys: device, kind (memory, device or file), store_path,\n"
		 "chunk_size, store_used_bytes, store_total_bytes, low_space_percent\n"
		 "(integers).\n",
	.run = do_store_add,
};
