// SPDX-License-Identifier: MIT
/*
 * Command arguments: options with values, sizes and numbers, with usage
 * messages that name the command, the option and the accepted forms.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "cli.h"

int cli_option(struct cli *cli, int argc, char **argv, int *i,
	       const char *name, const char **val)
{
	const char *word = argv[*i];
	size_t n = strlen(name);

	if (strncmp(word, name, n))
		return 0;
	if (word[n] == '=') {
		*val = word + n + 1;
		return 1;
	}
	if (word[n])
		return 0;	/* a longer option: "--sizes" is not "--size" */
	if (*i + 1 >= argc) {
		cli_usage_error(cli,
			"%s needs a value after %s; run 'lvss help %s' for its usage",
			cli->cmd->name, name, cli->cmd->name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

int cli_unknown_option(struct cli *cli, const char *word)
{
	return cli_usage_error(cli,
		"%s has no option '%s'; run 'lvss help %s' for its usage",
		cli->cmd->name, word, cli->cmd->name);
}

int parse_number(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMGT";
	char digits[24];
	const char *u;
	size_t n = strspn(s, "0123456789");
	unsigned int shift = 0;
	uint64_t v;
	int rc;

	if (!n || n >= sizeof(digits))
		return n ? -ERANGE : -EINVAL;
	if (s[n]) {
		u = strchr(units, toupper((unsigned char)s[n]));
		if (!u || s[n + 1])
			return -EINVAL;
		shift = 10 * (unsigned int)(u - units + 1);
	}
	memcpy(digits, s, n);
	digits[n] = '\0';
	rc = parse_number(digits, &v);
	if (rc)
		return rc;
	if (v > UINT64_MAX >> shift)
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int cli_size(struct cli *cli, const char *what, const char *s, uint64_t *out)
{
	int rc = parse_size(s, out);

	if (rc == -ERANGE)
		return cli_usage_error(cli, "size '%s' for %s is too large", s,
				       what);
	if (rc)
		return cli_usage_error(cli,
			"invalid size '%s' for %s: give bytes, or a whole number with K, M, G or T (powers of 1024), e.g. 64K or 2G",
			s, what);
	return CLI_OK;
}

int cli_number(struct cli *cli, const char *what, const char *s,
	       uint64_t *out)
{
	int rc = parse_number(s, out);

	if (rc == -ERANGE)
		return cli_usage_error(cli, "%s '%s' is too large", what, s);
	if (rc)
		return cli_usage_error(cli,
			"invalid %s '%s': give a whole number", what, s);
	return CLI_OK;
}
