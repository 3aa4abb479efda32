// SPDX-License-Identifier: GPL-2.0
/*
 * lvss-pattern: the consistency oracle of the lvss tests. Fills a device
 * with self-describing blocks, overwrites it from concurrent writers while
 * logging every write's timing, and checks that a snapshot holds exactly
 * what the origin held at the snapshot instant. See README.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "devio.h"
#include "pattern.h"
#include "wlog.h"

static const struct {
	const char *name;
	const char *text;
} usages[] = {
	{ "fill",
	  "fill DEV [--gen G] [--seed S] [--block-size BS]\n"
	  "    write every block of DEV with generation G (default 1)\n" },
	{ "write",
	  "write DEV --log FILE (--seconds N | --until-signal) [--threads T]\n"
	  "    [--direct | --buffered] [--max-blocks M] [--seed S]\n"
	  "    [--gen-base G] [--writer-id W] [--region FIRST:COUNT]\n"
	  "    [--ready FILE] [--block-size BS] [--sequential]\n"
	  "    overwrite random ranges of DEV from T threads until N seconds\n"
	  "    (--sequential: M-block writes on from a random start, wrapping)\n"
	  "    pass or SIGTERM/SIGINT; every write gets a unique generation\n"
	  "    above G (default 1000000); logs (range, gen, t_submit,\n"
	  "    t_complete) to FILE at exit; --ready FILE is created once every\n"
	  "    thread has completed a write\n" },
	{ "now",
	  "now\n"
	  "    print CLOCK_MONOTONIC in ns (T1 before, T2 after a take)\n" },
	{ "verify",
	  "verify DEV [--log FILE]... [LOGFILE...] (--t-start T1 --t-end T2 |\n"
	  "    --origin-final) [--fill-gen G] [--fill-seed S] [--block-size BS]\n"
	  "    [--limit-report N]\n"
	  "    check every block of DEV (a snapshot taken between T1 and T2, or\n"
	  "    with --origin-final the origin after all writers stopped)\n"
	  "    against the fill and the write logs\n" },
	{ "compare",
	  "compare A B [--block-size BS] [--limit-report N]\n"
	  "    byte-compare two devices or files block by block\n" },
	{ "copy-ranges",
	  "copy-ranges SRC DST RANGES-FILE\n"
	  "    copy the byte ranges listed as 'OFFSET LENGTH' lines (as\n"
	  "    'lvss cbt changes' prints them; '#' lines skipped; '-' reads\n"
	  "    standard input) from SRC to the same offsets of DST\n" },
	{ "dump-log",
	  "dump-log FILE...\n"
	  "    print write logs as text\n" },
};

void usage(const char *cmd)
{
	size_t n = sizeof(usages) / sizeof(usages[0]), found = 0;

	for (size_t i = 0; cmd && i < n; i++)
		found |= !strcmp(cmd, usages[i].name);
	if (!found)
		cmd = NULL;

	if (!cmd)
		fprintf(stderr,
			"usage: lvss-pattern COMMAND [ARGS]\n"
			"exit status: 0 pass, 1 a check failed or I/O error, 2 usage/setup error\n\n");
	for (size_t i = 0; i < n; i++)
		if (!cmd || !strcmp(cmd, usages[i].name))
			fprintf(stderr, "%slvss-pattern %s", cmd ? "usage: " : "",
				usages[i].text);
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lvss-pattern %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(cmd);
	return EX_USAGE;
}

int parse_u64(const char *cmd, const char *opt, const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	if (!s || !*s || *s == '-' || *s == '+')
		goto bad;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		goto bad;
	*v = x;
	return 0;
bad:
	fprintf(stderr,
		"lvss-pattern %s: %s: '%s' is not a non-negative integer\n",
		cmd, opt, s ? s : "");
	return -1;
}

int parse_u32(const char *cmd, const char *opt, const char *s, uint32_t *v)
{
	uint64_t x;

	if (parse_u64(cmd, opt, s, &x))
		return -1;
	if (x > UINT32_MAX) {
		fprintf(stderr, "lvss-pattern %s: %s: %s is too large\n", cmd,
			opt, s);
		return -1;
	}
	*v = (uint32_t)x;
	return 0;
}

int parse_seconds(const char *cmd, const char *opt, const char *s,
		  double *v)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(x) || x < 0 ||
	    x > 1e7) {
		fprintf(stderr,
			"lvss-pattern %s: %s: '%s' is not a number of seconds\n",
			cmd, opt, s);
		return -1;
	}
	*v = x;
	return 0;
}

int parse_block_size(const char *cmd, const char *s, uint32_t *bs)
{
	uint32_t x;

	if (parse_u32(cmd, "--block-size", s, &x))
		return -1;
	if (!pat_block_size_ok(x)) {
		fprintf(stderr,
			"lvss-pattern %s: --block-size: %u is not a power of two from %u to %u\n",
			cmd, x, PAT_MIN_BS, PAT_MAX_BS);
		return -1;
	}
	*bs = x;
	return 0;
}

static int cmd_now(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return usage_error("now", "takes no arguments");
	printf("%" PRIu64 "\n", now_ns());
	return fflush(stdout) ? EX_USAGE : EX_PASS;
}

static int cmd_dump_log(int argc, char **argv)
{
	int rc = EX_PASS;

	if (argc < 2)
		return usage_error("dump-log", "no log file given");
	for (int i = 1; i < argc; i++) {
		struct wlog_hdr h;
		struct went *e;
		size_t n;

		if (wlog_read(argv[i], &h, &e, &n)) {
			rc = EX_USAGE;
			continue;
		}
		wlog_dump(stdout, argv[i], &h, e, n);
		free(e);
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd) {
		usage(NULL);
		return EX_USAGE;
	}
	argc--;
	argv++;
	if (!strcmp(cmd, "fill"))
		return cmd_fill(argc, argv);
	if (!strcmp(cmd, "write"))
		return cmd_write(argc, argv);
	if (!strcmp(cmd, "now"))
		return cmd_now(argc, argv);
	if (!strcmp(cmd, "verify"))
		return cmd_verify(argc, argv);
	if (!strcmp(cmd, "compare"))
		return cmd_compare(argc, argv);
	if (!strcmp(cmd, "copy-ranges"))
		return cmd_copy_ranges(argc, argv);
	if (!strcmp(cmd, "dump-log"))
		return cmd_dump_log(argc, argv);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "-h")) {
		usage(argc > 1 ? argv[1] : NULL);
		return EX_PASS;
	}
	fprintf(stderr, "lvss-pattern: unknown command '%s'\n", cmd);
	usage(NULL);
	return EX_USAGE;
}
