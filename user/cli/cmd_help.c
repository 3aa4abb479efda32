// SPDX-License-Identifier: MIT
/* lvss help [<command>]: the command list, or one command's usage. */
#include "cmds.h"

static int do_help(struct cli *cli, int argc, char **argv)
{
	const struct cmd *cmd, *sub;

	if (argc == 0) {
		cli_print_usage(cli, cli->out);
		return cli_flush(cli);
	}
	cmd = cli_find(cli->cmds, argv[0]);
	if (!cmd)
		return cli_usage_error(cli,
			"unknown command '%s'; run 'lvss help' for the list",
			argv[0]);
	/* An object's command is two words: 'lvss help snapshot take'. */
	if (argc > 1 && cmd->subs) {
		sub = cli_find_sub(cmd, argv[1]);
		if (!sub)
			return cli_usage_error(cli,
				"unknown %s command '%s'; run 'lvss help %s' for the list",
				cmd->name, argv[1], cmd->name);
		cmd = sub;
		argc--;
		argv++;
	}
	if (argc > 1)
		return cli_usage_error(cli,
			"help takes one command name, got '%s' too; run 'lvss help' for the list",
			argv[1]);
	cli_print_cmd_usage(cmd, cli->out);
	return cli_flush(cli);
}

const struct cmd cmd_help = {
	.name = "help",
	.summary = "list the commands, or show how to use one",
	.usage = "lvss help [<command>]\n"
		 "\n"
		 "Without a command, list all commands; with one, show its usage.\n"
		 "A command of an object is two words: 'lvss help snapshot take'.\n",
	.run = do_help,
};
