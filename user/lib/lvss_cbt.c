// SPDX-License-Identifier: MIT
/*
 * Changed-block tracking generations as text: the 16 bytes of
 * LVSS_ATTR_CBT_GENERATION as the usual 8-4-4-4-12 UUID string, in byte
 * order (as the kernel's %pUb prints a uuid_t), and back.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lvss_error.h"

/* The UUID string's length without its NUL, and where its dashes go. */
#define GEN_STR_LEN	(LVSS_CBT_GENERATION_STR_MAX - 1)

static bool dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

const char *lvss_cbt_generation_format(
	const uint8_t gen[LVSS_CBT_GENERATION_LEN], char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char s[LVSS_CBT_GENERATION_STR_MAX];
	size_t i, b = 0;

	for (i = 0; i < GEN_STR_LEN; i++) {
		if (dash_at(i)) {
			s[i] = '-';
			continue;
		}
		s[i++] = hex[gen[b] >> 4];
		s[i] = hex[gen[b++] & 0xf];
	}
	s[GEN_STR_LEN] = '\0';
	if (len)
		snprintf(buf, len, "%s", s);
	return buf;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int lvss_cbt_generation_parse(const char *s,
			      uint8_t gen[LVSS_CBT_GENERATION_LEN],
			      struct lvss_error *err)
{
	uint8_t g[LVSS_CBT_GENERATION_LEN];
	size_t i, b = 0;
	int hi, lo;

	if (!s || strnlen(s, GEN_STR_LEN + 1) != GEN_STR_LEN)
		goto bad;
	for (i = 0; i < GEN_STR_LEN; i++) {
		if (dash_at(i)) {
			if (s[i] != '-')
				goto bad;
			continue;
		}
		hi = hex_value(s[i++]);
		lo = hex_value(s[i]);
		if (hi < 0 || lo < 0)
			goto bad;
		g[b++] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(gen, g, sizeof(g));
	return 0;
bad:
	return lvss_error_set(err, EINVAL,
		"invalid generation '%.64s': give the UUID 'lvss cbt info' shows, 8-4-4-4-12 hex digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
		s ? s : "");
}
