// SPDX-License-Identifier: GPL-2.0
/* 6.4 describes a module's memory as mem[MOD_TEXT], ... (was core_layout). */
#include <linux/module.h>

void *lvss_probe(struct module *mod);
void *lvss_probe(struct module *mod)
{
	return mod->mem[MOD_TEXT].base;
}
