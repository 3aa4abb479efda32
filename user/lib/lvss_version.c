// SPDX-License-Identifier: MIT
/* Version strings: the tools' own and the formatting of ABI numbers. */
#include <stdio.h>

#include "lvss.h"

#ifndef LVSS_TOOLS_VERSION
#error "LVSS_TOOLS_VERSION must come from the top-level VERSION file (see user/Makefile)"
#endif

const char *lvss_tools_version(void)
{
	return LVSS_TOOLS_VERSION;
}

const char *lvss_abi_format(uint32_t abi, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u", (unsigned int)LVSS_ABI_VERSION_MAJOR(abi),
		 (unsigned int)LVSS_ABI_VERSION_MINOR(abi));
	return buf;
}

/* A new minor only adds commands or attributes; a new major changes meaning. */
int lvss_abi_compatible(uint32_t abi)
{
	return LVSS_ABI_VERSION_MAJOR(abi) == LVSS_ABI_MAJOR;
}
