/* SPDX-License-Identifier: MIT */
/*
 * The lvss command line: global options, a table of commands, and helpers
 * every command uses for errors and output. Results go through print.h;
 * errors go to stderr as "lvss: <what went wrong>; <what to do>".
 */
#ifndef LVSS_CLI_H
#define LVSS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "print.h"

/* Exit codes of the lvss command. */
enum {
	CLI_OK = 0,
	CLI_FAILED = 1,		/* runtime error: kernel, permissions, I/O */
	CLI_USAGE = 2,		/* the command line was wrong */
};

struct cli;

/*
 * One command. @usage sits beside the command's code; its first line is
 * the synopsis, shown on usage errors; the rest is printed by
 * 'lvss help <name>' and 'lvss <name> --help'.
 *
 * Like iproute2's 'ip <object> <command>', an object ("snapshot") is a
 * command with @subs instead of @run: the next word picks one of them, and
 * each is named "<object> <word>" ("snapshot take"), so messages and help
 * name it the way it is typed. An object's @usage is its description; its
 * synopsis is made of its commands'.
 */
struct cmd {
	const char *name;
	const char *summary;	/* one line for 'lvss help' */
	const char *usage;
	/* @argv: the command's own arguments, global options removed. */
	int (*run)(struct cli *cli, int argc, char **argv);
	const struct cmd *const *subs;	/* an object's, NULL-terminated */
};

struct cli {
	FILE *out;		/* results */
	FILE *err;		/* diagnostics */
	const struct cmd *const *cmds;	/* NULL-terminated table */
	bool json;		/* --json given */
	const struct cmd *cmd;	/* the command being run */
};

/* The commands of bin/lvss (commands.c). */
extern const struct cmd *const lvss_commands[];

/* Parsed command line: global options may come before or after the command. */
struct cli_args {
	bool json;
	bool help;
	const char *cmd;	/* NULL when no command was given */
	int argc;		/* the command's arguments... */
	char **argv;		/* ...compacted in place in the caller's argv */
};

int cli_parse(struct cli *cli, int argc, char **argv, struct cli_args *a);
/* Parses, dispatches and returns the exit code. */
int cli_run(struct cli *cli, int argc, char **argv);

const struct cmd *cli_find(const struct cmd *const *cmds, const char *name);
/* The command of object @obj that is typed "<object> @word", or NULL. */
const struct cmd *cli_find_sub(const struct cmd *obj, const char *word);
void cli_print_usage(const struct cli *cli, FILE *f);
void cli_print_cmd_usage(const struct cmd *cmd, FILE *f);

/* "lvss: <msg>" on stderr; return CLI_FAILED / CLI_USAGE. */
int cli_error(struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int cli_usage_error(struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For commands that take no arguments: CLI_USAGE if there are some. */
int cli_no_args(struct cli *cli, int argc, char **argv);
/*
 * For commands that take exactly one argument, named @name as in their
 * usage ("<device>"): CLI_USAGE when it is missing or followed by more.
 */
int cli_one_arg(struct cli *cli, int argc, char **argv, const char *name);

/*
 * Options of a command, "--size VALUE" or "--size=VALUE": when argv[*@i]
 * is option @name, sets *@val, moves *@i to the last word it used and
 * returns 1; returns 0 for another word, -1 (after a usage message) when
 * the value is missing.
 */
int cli_option(struct cli *cli, int argc, char **argv, int *i,
	       const char *name, const char **val);
/* For a word that looks like an option but is none of the command's. */
int cli_unknown_option(struct cli *cli, const char *word);
/*
 * @s as a size in bytes: digits, optionally followed by K, M, G or T
 * (powers of 1024, either case). CLI_OK, or CLI_USAGE with a message
 * naming @what ("--memory") and the accepted forms.
 */
int cli_size(struct cli *cli, const char *what, const char *s, uint64_t *out);
/* @s as a whole number: CLI_OK, or CLI_USAGE naming @what. */
int cli_number(struct cli *cli, const char *what, const char *s,
	       uint64_t *out);
/* The parsers behind them: 0, -EINVAL (not that form) or -ERANGE. */
int parse_size(const char *s, uint64_t *out);
int parse_number(const char *s, uint64_t *out);

/* Flushes results; CLI_FAILED with a message if they could not be written. */
int cli_flush(struct cli *cli);

/* Output: a printer for cli->json, and its end with the exit code. */
struct printer *cli_printer(struct cli *cli);
int cli_print_finish(struct cli *cli, struct printer *p);

#endif /* LVSS_CLI_H */
