// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the lvss command line (user/cli: global options, the
 * command and object tables, every command's own argument parser, sizes
 * and numbers, help and usage messages) through the real dispatcher.
 * Input: the arguments after "lvss", separated by NUL bytes. lvss_open()
 * is wrapped (-Wl,--wrap=lvss_open) to fail as if lvss.ko were absent and
 * we were not root, so a command line that parses only gets as far as
 * connecting: nothing reaches a kernel, no file is made. parse_size() and
 * parse_number() get the first argument on their own too.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lvss.h"
#include "lvss_error.h"

#define ARGS_MAX	24

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int __wrap_lvss_open(struct lvss_handle **h, struct lvss_error *err);

int __wrap_lvss_open(struct lvss_handle **h, struct lvss_error *err)
{
	*h = NULL;
	return lvss_error_set(err, EACCES, "fuzzing: no lvss.ko here");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *argv[ARGS_MAX + 2], *buf;
	struct cli cli = { .cmds = lvss_commands };
	uint64_t v;
	size_t i, start = 0;
	int argc = 1;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "lvss";
	for (i = 0; i <= size && argc <= ARGS_MAX; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	parse_size(argv[1], &v);
	parse_number(argv[1], &v);
	cli.out = null;
	cli.err = null;
	cli_run(&cli, argc, argv);
	free(buf);
	return 0;
}
