// SPDX-License-Identifier: MIT
/* Loading lvss.ko by name, as 'modprobe lvss' would: the only libkmod user. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <libkmod.h>

#include "lvss_error.h"

#define LVSS_MODULE_NAME	"lvss"

/* libkmod logs to stderr by default; keep its last line for our message. */
static void keep_last_log(void *data, int priority, const char *file,
			  int line, const char *fn, const char *format,
			  va_list args)
{
	char *last = data;

	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	vsnprintf(last, LVSS_ERROR_STR_MAX, format, args);
	last[strcspn(last, "\n")] = '\0';
}

int lvss_load_module(struct lvss_error *err)
{
	char kmod_log[LVSS_ERROR_STR_MAX] = "";
	struct kmod_module *mod = NULL;
	struct kmod_ctx *ctx;
	struct utsname uts;
	const char *kver;
	int rc;

	lvss_error_clear(err);
	kver = uname(&uts) == 0 ? uts.release : "(unknown)";

	ctx = kmod_new(NULL, NULL);	/* /lib/modules/$(uname -r) */
	if (!ctx)
		return lvss_error_set(err, ENOMEM,
			"cannot load lvss.ko: libkmod failed to initialise");
	kmod_set_log_fn(ctx, keep_last_log, kmod_log);

	rc = kmod_module_new_from_name(ctx, LVSS_MODULE_NAME, &mod);
	if (rc < 0) {
		rc = lvss_error_load(err, -rc, kver, kmod_log);
		goto out_ctx;
	}
	/* Returns 0 when the module is already loaded. */
	rc = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL, NULL);
	rc = rc < 0 ? lvss_error_load(err, -rc, kver, kmod_log) : 0;

	kmod_module_unref(mod);
out_ctx:
	kmod_unref(ctx);
	return rc;
}
