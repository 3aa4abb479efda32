/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * lvss - Linux Volume Shadow Service: generic netlink ABI.
 *
 * This header is the protocol document. It is shared verbatim by lvss.ko
 * and by userspace (user/lib/), and docs/netlink.md explains it in prose.
 *
 * Transport: generic netlink family LVSS_GENL_NAME, version
 * LVSS_GENL_VERSION. Every command requires CAP_SYS_ADMIN (GENL_ADMIN_PERM)
 * and every attribute is validated by a strict policy; errors carry an
 * extended-ack message naming the offending attribute.
 *
 * ABI version: LVSS_ABI_VERSION = major << 16 | minor. A new minor only adds
 * commands or attributes; a new major changes meaning. Userspace sends its
 * own LVSS_ATTR_ABI_VERSION with LVSS_CMD_GET_VERSION and the module refuses
 * a different major with -EPROTO.
 *
 * Rules for everyone touching this file:
 *  - enums are append-only; never renumber, never reuse a value;
 *  - integers are fixed-width netlink integers (NLA_U32/NLA_U64), strings are
 *    NUL-terminated NLA_NUL_STRING, no C structs on the wire.
 */
#ifndef _UAPI_LINUX_LVSS_H
#define _UAPI_LINUX_LVSS_H

#define LVSS_GENL_NAME		"lvss"
#define LVSS_GENL_VERSION	1

#define LVSS_ABI_MAJOR		1
#define LVSS_ABI_MINOR		0
#define LVSS_ABI_VERSION	((LVSS_ABI_MAJOR << 16) | LVSS_ABI_MINOR)
#define LVSS_ABI_VERSION_MAJOR(v)	((v) >> 16)
#define LVSS_ABI_VERSION_MINOR(v)	((v) & 0xffff)

/*
 * Limits shared by the kernel's policy checks and userspace's argument
 * checks, so both sides reject the same input with the same words.
 */
#define LVSS_CHUNK_SIZE_MIN		4096U		/* bytes, power of two */
#define LVSS_CHUNK_SIZE_MAX		(1024U * 1024U)
#define LVSS_CHUNK_SIZE_DEFAULT		(64U * 1024U)
#define LVSS_FREEZE_TIMEOUT_MIN_MS	100U
#define LVSS_FREEZE_TIMEOUT_MAX_MS	60000U
#define LVSS_FREEZE_TIMEOUT_DEFAULT_MS	10000U
#define LVSS_DEV_PATH_MAX		256U		/* bytes incl. NUL */
#define LVSS_MODULE_VERSION_MAX		64U		/* bytes incl. NUL */

/**
 * enum lvss_cmd - generic netlink commands
 * @LVSS_CMD_UNSPEC: never used
 * @LVSS_CMD_GET_VERSION: request: optional %LVSS_ATTR_ABI_VERSION (the
 *	caller's). Reply: %LVSS_ATTR_MODULE_VERSION, %LVSS_ATTR_ABI_VERSION.
 *	-EPROTO when the caller's ABI major differs from the module's.
 * @LVSS_CMD_GET_STATUS: request: no attributes. Reply: module-wide figures:
 *	%LVSS_ATTR_MODULE_VERSION, %LVSS_ATTR_ABI_VERSION,
 *	%LVSS_ATTR_DEVICE_COUNT, %LVSS_ATTR_SNAPSHOT_COUNT,
 *	%LVSS_ATTR_UPTIME_MS (time since the module was loaded).
 * @LVSS_CMD_ATTACH: attach the lvss filter to a block device (whole disk or
 *	partition, mounted or not). Request: %LVSS_ATTR_DEV_PATH. Errors:
 *	-EEXIST already attached; -EBUSY the device is held by another
 *	driver (dm/md member, swap), overlaps an attached disk/partition,
 *	or submit_bio_noacct is already redirected by another ftrace
 *	IPMODIFY user (livepatch, another filter); -EOPNOTSUPP zoned
 *	device; -ENOTBLK/-ENOENT bad path.
 * @LVSS_CMD_DETACH: detach from a device. Request: %LVSS_ATTR_DEV_PATH.
 *	-ENODEV when it is not attached.
 * @LVSS_CMD_GET_DEVICE: dump (NLM_F_DUMP) of the attached devices, one
 *	message each: %LVSS_ATTR_DEV_PATH, %LVSS_ATTR_DEV_MAJOR,
 *	%LVSS_ATTR_DEV_MINOR, %LVSS_ATTR_DEV_SIZE, %LVSS_ATTR_WRITES,
 *	%LVSS_ATTR_WRITE_BYTES. Dumps continue by device number, so a device
 *	attached or detached during a dump is either listed once or not at
 *	all, never twice.
 */
enum lvss_cmd {
	LVSS_CMD_UNSPEC,
	LVSS_CMD_GET_VERSION,
	LVSS_CMD_GET_STATUS,
	LVSS_CMD_ATTACH,
	LVSS_CMD_DETACH,
	LVSS_CMD_GET_DEVICE,

	__LVSS_CMD_MAX,
};
#define LVSS_CMD_MAX (__LVSS_CMD_MAX - 1)

/**
 * enum lvss_attr - top-level attributes
 * @LVSS_ATTR_UNSPEC: never used
 * @LVSS_ATTR_PAD: padding for 64-bit attributes
 * @LVSS_ATTR_MODULE_VERSION: NLA_NUL_STRING, < %LVSS_MODULE_VERSION_MAX bytes
 * @LVSS_ATTR_ABI_VERSION: NLA_U32, major << 16 | minor
 * @LVSS_ATTR_DEVICE_COUNT: NLA_U32, devices with an lvss filter attached
 * @LVSS_ATTR_SNAPSHOT_COUNT: NLA_U32, live snapshots over all devices
 * @LVSS_ATTR_UPTIME_MS: NLA_U64, milliseconds since the module was loaded
 * @LVSS_ATTR_DEV_PATH: NLA_NUL_STRING, absolute path of a block device node,
 *	< %LVSS_DEV_PATH_MAX bytes
 * @LVSS_ATTR_DEV_MAJOR: NLA_U32, device number, major part
 * @LVSS_ATTR_DEV_MINOR: NLA_U32, device number, minor part
 * @LVSS_ATTR_DEV_SIZE: NLA_U64, device size in bytes
 * @LVSS_ATTR_WRITES: NLA_U64, write-type bios (write, discard, zeroing)
 *	seen since attach
 * @LVSS_ATTR_WRITE_BYTES: NLA_U64, bytes those bios covered
 */
enum lvss_attr {
	LVSS_ATTR_UNSPEC,
	LVSS_ATTR_PAD,
	LVSS_ATTR_MODULE_VERSION,
	LVSS_ATTR_ABI_VERSION,
	LVSS_ATTR_DEVICE_COUNT,
	LVSS_ATTR_SNAPSHOT_COUNT,
	LVSS_ATTR_UPTIME_MS,
	LVSS_ATTR_DEV_PATH,
	LVSS_ATTR_DEV_MAJOR,
	LVSS_ATTR_DEV_MINOR,
	LVSS_ATTR_DEV_SIZE,
	LVSS_ATTR_WRITES,
	LVSS_ATTR_WRITE_BYTES,

	__LVSS_ATTR_MAX,
};
#define LVSS_ATTR_MAX (__LVSS_ATTR_MAX - 1)

#endif /* _UAPI_LINUX_LVSS_H */
