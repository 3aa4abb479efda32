/* SPDX-License-Identifier: MIT */
/*
 * Running the dispatcher on a command line in memory, its out and err
 * streams captured: for the CLI tests.
 */
#ifndef LVSS_CLI_RUN_H
#define LVSS_CLI_RUN_H

#include <stdlib.h>

#include "capture.h"
#include "cli.h"

struct result {
	int rc;
	struct capture out, err;
};

/* Runs the dispatcher with @table on a NULL-terminated argument list. */
static inline void run_table(struct result *r, const struct cmd *const *table,
			     const char *const *args)
{
	char *argv[64];
	int argc = 0;
	struct cli cli = { .cmds = table };

	for (; args[argc]; argc++) {
		if (argc == 63) {
			fprintf(stderr, "run_table: too many arguments\n");
			exit(2);
		}
		argv[argc] = (char *)args[argc];
	}
	argv[argc] = NULL;
	capture_start(&r->out);
	capture_start(&r->err);
	cli.out = r->out.f;
	cli.err = r->err.f;
	r->rc = cli_run(&cli, argc, argv);
	capture_end(&r->out);
	capture_end(&r->err);
}

static inline void done(struct result *r)
{
	capture_free(&r->out);
	capture_free(&r->err);
}

/* With bin/lvss's own commands; only for command lines that fail early. */
#define RUN_LVSS(r, ...) run_table((r), lvss_commands, \
	(const char *const[]){ "lvss", __VA_ARGS__, NULL })

#endif /* LVSS_CLI_RUN_H */
