// SPDX-License-Identifier: MIT
/*
 * Global options and dispatch, in the spirit of iproute2's ip.c: a table
 * of commands, each carrying its usage; an object ("snapshot") dispatches
 * on the next word to its own table. Global options are recognised
 * anywhere before "--", so 'lvss --json version' and 'lvss version --json'
 * mean the same; everything else after the command belongs to it.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "cli.h"

static bool is_json_opt(const char *s)
{
	return !strcmp(s, "-j") || !strcmp(s, "--json");
}

static bool is_help_opt(const char *s)
{
	return !strcmp(s, "-h") || !strcmp(s, "--help");
}

int cli_parse(struct cli *cli, int argc, char **argv, struct cli_args *a)
{
	bool options_done = false;
	int i, n = 0;

	*a = (struct cli_args){ 0 };
	for (i = 1; i < argc; i++) {
		char *s = argv[i];

		if (!options_done && !strcmp(s, "--")) {
			options_done = true;
		} else if (!options_done && is_json_opt(s)) {
			a->json = true;
		} else if (!options_done && is_help_opt(s)) {
			a->help = true;
		} else if (!a->cmd) {
			if (s[0] == '-' && !options_done)
				return cli_usage_error(cli,
					"unknown option '%s'; run 'lvss help' for the list",
					s);
			a->cmd = s;
		} else {
			argv[n++] = s;	/* n < i: compaction is safe */
		}
	}
	a->argc = n;
	a->argv = argv;
	return CLI_OK;
}

const struct cmd *cli_find(const struct cmd *const *cmds, const char *name)
{
	for (; *cmds; cmds++)
		if (!strcmp((*cmds)->name, name))
			return *cmds;
	return NULL;
}

/* The word that picks @sub in its object: "take" of "snapshot take". */
static const char *sub_word(const struct cmd *sub)
{
	const char *space = strrchr(sub->name, ' ');

	return space ? space + 1 : sub->name;
}

const struct cmd *cli_find_sub(const struct cmd *obj, const char *word)
{
	const struct cmd *const *c;

	for (c = obj->subs; c && *c; c++)
		if (!strcmp(sub_word(*c), word))
			return *c;
	return NULL;
}

void cli_print_usage(const struct cli *cli, FILE *f)
{
	const struct cmd *const *c, *const *s;

	fputs("Usage: lvss [--json] <command> [<args>]\n"
	      "       lvss help [<command>]\n"
	      "\n"
	      "Commands:\n", f);
	for (c = cli->cmds; *c; c++) {
		if (!(*c)->subs)
			fprintf(f, "  %-16s %s\n", (*c)->name, (*c)->summary);
		for (s = (*c)->subs; s && *s; s++)
			fprintf(f, "  %-16s %s\n", (*s)->name, (*s)->summary);
	}
	fputs("\n"
	      "Options (anywhere on the line):\n"
	      "  -j, --json  print results as one JSON object per line\n"
	      "  -h, --help  show this help, or the command's\n"
	      "\n"
	      "Exit status: 0 ok, 1 error, 2 usage error.\n", f);
}

void cli_print_cmd_usage(const struct cmd *cmd, FILE *f)
{
	const struct cmd *const *s;
	size_t n = strlen(cmd->usage);

	if (!cmd->subs) {
		fprintf(f, "Usage: %s%s", cmd->usage,
			n && cmd->usage[n - 1] == '\n' ? "" : "\n");
		return;
	}
	/* An object: its commands' synopses, then what it is about. */
	for (s = cmd->subs; *s; s++)
		fprintf(f, "%s%.*s\n", s == cmd->subs ? "Usage: " : "       ",
			(int)strcspn((*s)->usage, "\n"), (*s)->usage);
	fprintf(f, "\n%s%s\nRun 'lvss help %s <command>' for one command's usage.\n",
		cmd->usage, n && cmd->usage[n - 1] == '\n' ? "" : "\n",
		cmd->name);
}

/* "take, delete or list": the words of @obj's commands. */
static void print_sub_words(FILE *f, const struct cmd *obj)
{
	const struct cmd *const *s;

	for (s = obj->subs; *s; s++)
		fprintf(f, "%s%s", s == obj->subs ? "" : s[1] ? ", " : " or ",
			sub_word(*s));
}

/*
 * Picks the command of object @obj that a->argv[0] names, taking that word
 * off the arguments; CLI_USAGE when there is none (or 'lvss <obj> --help'
 * printed the object's usage: *@cmd stays NULL then).
 */
static int pick_sub(struct cli *cli, const struct cmd *obj,
		    struct cli_args *a, const struct cmd **cmd)
{
	*cmd = NULL;
	if (a->argc == 0 && a->help) {
		cli_print_cmd_usage(obj, cli->out);
		return cli_flush(cli);
	}
	if (a->argc == 0) {
		fprintf(cli->err, "lvss: %s needs a command: ", obj->name);
		print_sub_words(cli->err, obj);
		fprintf(cli->err, "; run 'lvss help %s' for its usage\n",
			obj->name);
		return CLI_USAGE;
	}
	*cmd = cli_find_sub(obj, a->argv[0]);
	if (!*cmd)
		return cli_usage_error(cli,
			"unknown %s command '%s'; run 'lvss help %s' for the list",
			obj->name, a->argv[0], obj->name);
	a->argc--;
	a->argv++;
	return CLI_OK;
}

static int vreport(struct cli *cli, int code, const char *fmt, va_list ap)
{
	fputs("lvss: ", cli->err);
	vfprintf(cli->err, fmt, ap);
	fputc('\n', cli->err);
	return code;
}

int cli_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vreport(cli, CLI_FAILED, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vreport(cli, CLI_USAGE, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_no_args(struct cli *cli, int argc, char **argv)
{
	if (argc == 0)
		return CLI_OK;
	return cli_usage_error(cli,
		"%s takes no arguments, got '%s'; run 'lvss help %s' for its usage",
		cli->cmd->name, argv[0], cli->cmd->name);
}

int cli_one_arg(struct cli *cli, int argc, char **argv, const char *name)
{
	if (argc == 0)
		return cli_usage_error(cli,
			"%s needs a %s; run 'lvss help %s' for its usage",
			cli->cmd->name, name, cli->cmd->name);
	if (argc > 1)
		return cli_usage_error(cli,
			"%s takes one %s, got '%s' too; run 'lvss help %s' for its usage",
			cli->cmd->name, name, argv[1], cli->cmd->name);
	return CLI_OK;
}

struct printer *cli_printer(struct cli *cli)
{
	struct printer *p = print_new(cli->out, cli->json);

	if (!p)
		cli_error(cli, "out of memory");
	return p;
}

int cli_print_finish(struct cli *cli, struct printer *p)
{
	int rc = print_finish(p);

	if (rc)
		return cli_error(cli, "cannot write the output: %s",
				 strerror(-rc));
	return CLI_OK;
}

int cli_flush(struct cli *cli)
{
	errno = 0;
	if (fflush(cli->out) || ferror(cli->out))
		return cli_error(cli, "cannot write the output: %s",
				 strerror(errno ? errno : EIO));
	return CLI_OK;
}

int cli_run(struct cli *cli, int argc, char **argv)
{
	struct cli_args a;
	int rc;

	rc = cli_parse(cli, argc, argv, &a);
	if (rc)
		return rc;
	cli->json = a.json;

	if (!a.cmd) {
		if (a.help) {
			cli_print_usage(cli, cli->out);
			return cli_flush(cli);
		}
		cli_print_usage(cli, cli->err);
		return CLI_USAGE;
	}
	cli->cmd = cli_find(cli->cmds, a.cmd);
	if (!cli->cmd)
		return cli_usage_error(cli,
			"unknown command '%s'; run 'lvss help' for the list",
			a.cmd);
	if (cli->cmd->subs) {
		rc = pick_sub(cli, cli->cmd, &a, &cli->cmd);
		if (rc || !cli->cmd)
			return rc;
	}
	if (a.help) {
		cli_print_cmd_usage(cli->cmd, cli->out);
		return cli_flush(cli);
	}
	return cli->cmd->run(cli, a.argc, a.argv);
}
