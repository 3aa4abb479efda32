// SPDX-License-Identifier: MIT
/* lvss version: versions of the tools, of lvss.ko and of the ABI between. */
#include "cmds.h"

void version_print(struct printer *p, const struct lvss_version *v)
{
	char abi[LVSS_ABI_STR_MAX];

	print_str(p, "tools", "lvss tools", lvss_tools_version());
	print_str(p, "module", "lvss.ko", v->module);
	print_str(p, "abi", "ABI", lvss_abi_format(v->abi, abi, sizeof(abi)));
}

static int version_query(struct lvss_handle *h, void *v,
			 struct lvss_error *err)
{
	return lvss_get_version(h, v, err);
}

static void version_out(struct printer *p, const void *v)
{
	version_print(p, v);
}

static int do_version(struct cli *cli, int argc, char **argv)
{
	struct lvss_version v;
	int rc;

	rc = cli_no_args(cli, argc, argv);
	if (rc)
		return rc;
	return cli_query(cli, version_query, version_out, &v);
}

const struct cmd cmd_version = {
	.name = "version",
	.summary = "show the versions of lvss tools, lvss.ko and their ABI",
	.usage = "lvss [--json] version\n"
		 "\n"
		 "Show the version of these tools, of the loaded lvss.ko and the\n"
		 "ABI (major.minor) the module speaks. Loads lvss.ko when run as\n"
		 "root and it is not loaded yet.\n"
		 "JSON keys: tools, module, abi.\n",
	.run = do_version,
};
