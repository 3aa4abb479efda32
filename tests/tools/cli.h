/* SPDX-License-Identifier: GPL-2.0 */
/* lvss-pattern command line: shared option parsing and the subcommands. */
#ifndef LVSS_PATTERN_CLI_H
#define LVSS_PATTERN_CLI_H

#include <stdint.h>

/* Exit statuses. */
#define EX_PASS 0	/* done, and every check passed */
#define EX_FAIL 1	/* ran, but a check failed or the data path hit an error */
#define EX_USAGE 2	/* bad usage, or could not even start */

#define DEF_BLOCK_SIZE 4096u
#define DEF_FILL_GEN 1u
#define DEF_FILL_SEED 1u
#define DEF_GEN_BASE 1000000u
#define DEF_LIMIT_REPORT 20u

/* Parsers: print "lvss-pattern CMD: OPT: ..." and return -1 on bad input. */
int parse_u64(const char *cmd, const char *opt, const char *s, uint64_t *v);
int parse_u32(const char *cmd, const char *opt, const char *s, uint32_t *v);
int parse_seconds(const char *cmd, const char *opt, const char *s,
		  double *v);
int parse_block_size(const char *cmd, const char *s, uint32_t *bs);

/* Prints the usage of cmd (or of everything with NULL) to stderr. */
void usage(const char *cmd);
/* "lvss-pattern CMD: msg" + "try 'lvss-pattern help CMD'"; returns EX_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int cmd_fill(int argc, char **argv);
int cmd_write(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_copy_ranges(int argc, char **argv);

#endif
