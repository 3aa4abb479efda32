/* SPDX-License-Identifier: MIT */
/*
 * liblvss - the userspace API to lvss.ko.
 *
 * This library is the only code that talks to the kernel: netlink lives in
 * lvss_nl*.c, module loading (libkmod) in lvss_kmod.c. Callers see plain C
 * structs and a struct lvss_error that always carries a message a user can
 * act on.
 *
 * Conventions:
 *  - every call that can fail returns 0 or a negative errno and, when @err is
 *    not NULL, fills it: err->code is the same errno as a positive number and
 *    err->msg says what went wrong and what to do about it (including the
 *    kernel's extended-ack message when there is one);
 *  - outputs are written only on success;
 *  - a handle is not thread-safe; use one per thread.
 */
#ifndef LVSS_H
#define LVSS_H

#include <stddef.h>
#include <stdint.h>

#include "uapi/linux/lvss.h"

#define LVSS_ERROR_MSG_MAX	256

struct lvss_error {
	int code;			/* positive errno, 0 when no error */
	char msg[LVSS_ERROR_MSG_MAX];	/* human message, "" when no error */
};

/* Opaque: one netlink connection to the lvss family. */
struct lvss_handle;

/* Reply of LVSS_CMD_GET_VERSION. */
struct lvss_version {
	char module[LVSS_MODULE_VERSION_MAX];	/* lvss.ko's version, "0.1.0" */
	uint32_t abi;				/* lvss.ko's LVSS_ABI_VERSION */
};

/* Reply of LVSS_CMD_GET_STATUS: module-wide figures. */
struct lvss_status {
	char module[LVSS_MODULE_VERSION_MAX];
	uint32_t abi;
	uint32_t device_count;		/* devices with an lvss filter */
	uint32_t snapshot_count;	/* live snapshots over all devices */
	uint64_t uptime_ms;		/* since lvss.ko was loaded */
};

/*
 * lvss_open - connect to lvss.ko.
 *
 * Resolves the generic netlink family and does a GET_VERSION handshake, so
 * every later call on the handle talks to a module of our ABI major.
 * Returns -ENOENT only when the family does not exist (lvss.ko is not
 * loaded; see lvss_load_module()), -EPERM without CAP_SYS_ADMIN, -EPROTO on
 * an ABI mismatch.
 */
int lvss_open(struct lvss_handle **h, struct lvss_error *err);
void lvss_close(struct lvss_handle *h);

int lvss_get_version(struct lvss_handle *h, struct lvss_version *out,
		     struct lvss_error *err);
int lvss_get_status(struct lvss_handle *h, struct lvss_status *out,
		    struct lvss_error *err);

/*
 * lvss_load_module - load lvss.ko like 'modprobe lvss' would (needs root).
 * Returns 0 when the module is loaded afterwards (also when it already was),
 * -ENOENT when it is not installed for the running kernel.
 */
int lvss_load_module(struct lvss_error *err);

/* The version of these tools, from the top-level VERSION file. */
const char *lvss_tools_version(void);

/* "major.minor" of an LVSS_ABI_VERSION value; buf needs LVSS_ABI_STR_MAX. */
#define LVSS_ABI_STR_MAX	12	/* "65535.65535" + NUL */
const char *lvss_abi_format(uint32_t abi, char *buf, size_t len);

/* Whether a module speaking @abi can serve these tools (same major). */
int lvss_abi_compatible(uint32_t abi);

#endif /* LVSS_H */
