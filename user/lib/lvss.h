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

/*
 * Room for one message of ours, which may quote lvss.ko's extended ack and
 * two device paths. (LVSS_ERROR_MSG_MAX in the uapi header is another
 * thing: the limit of the protocol's LVSS_ATTR_ERROR_MSG.)
 */
#define LVSS_ERROR_STR_MAX	256

struct lvss_error {
	int code;			/* positive errno, 0 when no error */
	char msg[LVSS_ERROR_STR_MAX];	/* human message, "" when no error */
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

/* One device with the lvss filter attached (LVSS_CMD_GET_DEVICE). */
struct lvss_device {
	char path[LVSS_DEV_PATH_MAX];	/* the device node it was attached by */
	uint32_t major, minor;		/* its device number */
	uint64_t size_bytes;
	uint64_t writes;		/* write-type bios seen since attach */
	uint64_t write_bytes;		/* bytes those bios covered */
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
 * lvss_check_dev_path - lvss.ko's rules for a device path, checked before
 * anything is sent: absolute, and shorter than LVSS_DEV_PATH_MAX bytes.
 * Returns 0, -EINVAL (empty or relative) or -ENAMETOOLONG. Touches no file,
 * so a command line can be checked before connecting.
 */
int lvss_check_dev_path(const char *path, struct lvss_error *err);

/*
 * lvss_attach - attach the lvss filter to a block device: a whole disk or a
 * partition, mounted or not. @dev_path is checked like lvss_check_dev_path()
 * and resolved with realpath(), so a symlink such as /dev/disk/by-id/...
 * attaches the node it points to; messages name the path as given.
 * Returns -ENOENT when it does not exist, -ENOTBLK when it is not a block
 * device, -EEXIST when it is already attached, -EBUSY when it is held by
 * another driver or overlaps an attached disk or partition (the message
 * gives lvss.ko's reason), -EOPNOTSUPP for a zoned device.
 */
int lvss_attach(struct lvss_handle *h, const char *dev_path,
		struct lvss_error *err);

/*
 * lvss_detach - detach the lvss filter from a device, named like for
 * lvss_attach(). Returns -ENODEV when it is not attached, -EBUSY when
 * lvss.ko refuses to let go (the message gives its reason, e.g. the
 * device still has snapshots).
 */
int lvss_detach(struct lvss_handle *h, const char *dev_path,
		struct lvss_error *err);

/*
 * lvss_list_devices - the attached devices, in device-number order.
 *
 * The whole list is received and checked before @cb sees any of it, so a
 * failure never leaves half a list behind, and @cb may itself use @h (to
 * detach, for instance). @cb runs once per device and returns 0 to go on
 * or a negative errno to stop: lvss_list_devices then returns that errno
 * and @err says the listing was stopped.
 */
int lvss_list_devices(struct lvss_handle *h,
		      int (*cb)(const struct lvss_device *dev, void *arg),
		      void *arg, struct lvss_error *err);

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
