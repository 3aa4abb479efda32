/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note OR MIT */
/*
 * lvss - Linux Volume Shadow Service: generic netlink ABI.
 *
 * This header is the protocol document. It is shared verbatim by lvss.ko
 * and by userspace (user/lib/), and docs/netlink.md explains it in prose.
 *
 * Transport: generic netlink family LVSS_GENL_NAME, version
 * LVSS_GENL_VERSION. Every command requires CAP_SYS_ADMIN (and the
 * CAP_NET_ADMIN that GENL_ADMIN_PERM checks) and every attribute is validated by a strict policy; errors carry an
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
#define LVSS_ABI_MINOR		1
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
#define LVSS_SNAPSHOTS_PER_DEVICE_MAX	64U
#define LVSS_SET_MEMBERS_MAX		32U
#define LVSS_STORE_MEM_MAX_BYTES	(1ULL << 40)	/* further capped by RAM */
#define LVSS_DISK_NAME_MAX		32U		/* bytes incl. NUL */
#define LVSS_ERROR_MSG_MAX		128U		/* bytes incl. NUL */
#define LVSS_STORE_LOW_PERCENT_MAX	99U
#define LVSS_CBT_BLOCK_SIZE_MIN		4096U		/* bytes, power of two */
#define LVSS_CBT_BLOCK_SIZE_MAX		(1024U * 1024U)
#define LVSS_CBT_MAP_MAX_BYTES		(16U << 20)	/* default block size keeps
							 * the map at or below */
#define LVSS_CBT_GENERATION_LEN		16U		/* a UUID */
#define LVSS_CBT_EXTENTS_PER_MSG_MAX	1024U
#define LVSS_STORE_LOW_PERCENT_DEFAULT	10U

/*
 * Multicast group of unsolicited events (LVSS_CMD_EVENT_*), ABI 1.1. Join it
 * by name; listening needs CAP_SYS_ADMIN on kernels >= 6.7 and
 * CAP_NET_ADMIN before.
 */
#define LVSS_GENL_MCGRP_EVENTS_NAME	"events"

/**
 * enum lvss_store_kind - CoW store backends (%LVSS_ATTR_STORE_KIND)
 * @LVSS_STORE_BDEV: a whole block device or partition, opened exclusively
 *	(%LVSS_ATTR_STORE_PATH); it must not be mounted or attached
 * @LVSS_STORE_FILE: a preallocated, immutable file on another filesystem
 *	(%LVSS_ATTR_STORE_PATH plus its extents, %LVSS_ATTR_STORE_EXTENTS)
 * @LVSS_STORE_MEMORY: kernel memory, %LVSS_ATTR_STORE_BYTES of it
 */
enum lvss_store_kind {
	LVSS_STORE_BDEV = 1,
	LVSS_STORE_FILE,
	LVSS_STORE_MEMORY,
};

/**
 * enum lvss_snapshot_state - %LVSS_ATTR_SNAPSHOT_STATE
 * @LVSS_SNAPSHOT_ACTIVE: readable, kept correct
 * @LVSS_SNAPSHOT_FAILED: could not be kept correct (store full, I/O error,
 *	out of memory, device removed); reads fail with EIO and
 *	%LVSS_ATTR_ERROR / %LVSS_ATTR_ERROR_MSG say why
 */
enum lvss_snapshot_state {
	LVSS_SNAPSHOT_ACTIVE = 1,
	LVSS_SNAPSHOT_FAILED,
};

/**
 * enum lvss_cmd - generic netlink commands
 * @LVSS_CMD_UNSPEC: never used
 * @LVSS_CMD_GET_VERSION: request: optional %LVSS_ATTR_ABI_VERSION (the
 *	caller's). Reply: %LVSS_ATTR_MODULE_VERSION, %LVSS_ATTR_ABI_VERSION.
 *	-EPROTO when the caller's ABI major differs from the module's.
 * @LVSS_CMD_GET_STATUS: request: no attributes. Reply: module-wide figures:
 *	%LVSS_ATTR_MODULE_VERSION, %LVSS_ATTR_ABI_VERSION,
 *	%LVSS_ATTR_DEVICE_COUNT, %LVSS_ATTR_SNAPSHOT_COUNT,
 *	%LVSS_ATTR_UPTIME_MS (time since the module was loaded),
 *	%LVSS_ATTR_EVENTS_DROPPED (ABI 1.1).
 * @LVSS_CMD_ATTACH: attach the lvss filter to a block device (whole disk or
 *	partition, mounted or not). Request: %LVSS_ATTR_DEV_PATH. Errors:
 *	-EEXIST already attached; -EBUSY the device is held by another
 *	driver (dm/md member, swap), overlaps an attached disk/partition,
 *	or submit_bio_noacct is already redirected by another ftrace
 *	IPMODIFY user (livepatch, another filter); -EOPNOTSUPP zoned
 *	device; -ENOTBLK/-ENOENT bad path; -ENODEV the module is being
 *	unloaded (an rmmod began first). Optional (ABI 1.1):
 *	%LVSS_ATTR_CBT_BLOCK_SIZE, the changed-block tracking granularity
 *	(%LVSS_CBT_BLOCK_SIZE_MIN..%LVSS_CBT_BLOCK_SIZE_MAX, power of two;
 *	default: the smallest that keeps the map within
 *	%LVSS_CBT_MAP_MAX_BYTES, one byte per block).
 * @LVSS_CMD_DETACH: detach from a device. Request: %LVSS_ATTR_DEV_PATH.
 *	-ENODEV when it is not attached.
 * @LVSS_CMD_GET_DEVICE: dump (NLM_F_DUMP) of the attached devices, one
 *	message each: %LVSS_ATTR_DEV_PATH, %LVSS_ATTR_DEV_MAJOR,
 *	%LVSS_ATTR_DEV_MINOR, %LVSS_ATTR_DEV_SIZE, %LVSS_ATTR_WRITES,
 *	%LVSS_ATTR_WRITE_BYTES. Dumps continue by device number, so a device
 *	attached or detached during a dump is either listed once or not at
 *	all, never twice. Every device also carries
 *	%LVSS_ATTR_SNAPSHOT_COUNT; devices with a CoW store also carry
 *	%LVSS_ATTR_CHUNK_SIZE, %LVSS_ATTR_STORE_USED, %LVSS_ATTR_STORE_TOTAL,
 *	%LVSS_ATTR_COPIES and %LVSS_ATTR_STORE_LOW_PERCENT. ABI 1.1 adds
 *	%LVSS_ATTR_CBT_BLOCK_SIZE and %LVSS_ATTR_CBT_MAP_BYTES to every
 *	device.
 * @LVSS_CMD_STORE_ADD: give an attached device CoW store space, shared by
 *	all its snapshots (like a VSS shadow storage association); a second
 *	call appends space, also while snapshots live. Request:
 *	%LVSS_ATTR_DEV_PATH, %LVSS_ATTR_STORE_KIND, and per kind
 *	%LVSS_ATTR_STORE_PATH / %LVSS_ATTR_STORE_EXTENTS /
 *	%LVSS_ATTR_STORE_BYTES; %LVSS_ATTR_CHUNK_SIZE (optional, first call
 *	only, default %LVSS_CHUNK_SIZE_DEFAULT);
 *	%LVSS_ATTR_STORE_LOW_PERCENT (optional, any call, default
 *	%LVSS_STORE_LOW_PERCENT_DEFAULT on the first).
 * @LVSS_CMD_SNAPSHOT_TAKE: take a snapshot set: one instant across all
 *	members. Request: %LVSS_ATTR_MEMBERS (nested, each entry a nest with
 *	%LVSS_ATTR_DEV_PATH), %LVSS_ATTR_FREEZE_TIMEOUT_MS (optional).
 *	Everything is prepared first; then every member's filesystem is
 *	frozen, writes are held and drained, every member switches to the
 *	new snapshot, writes are released and filesystems thawed; the
 *	snapshot disks appear last. The whole frozen interval is bounded by
 *	the timeout (-ETIMEDOUT, nothing taken); a fatal signal to the
 *	caller aborts too (-EINTR). -EBUSY when a member is in another take.
 *	Reply: %LVSS_ATTR_FROZEN_NS and %LVSS_ATTR_MEMBERS with one nest per
 *	member: %LVSS_ATTR_DEV_PATH, %LVSS_ATTR_SNAPSHOT_ID,
 *	%LVSS_ATTR_SNAPSHOT_SEQ, %LVSS_ATTR_DISK_NAME.
 * @LVSS_CMD_SNAPSHOT_DELETE: request: %LVSS_ATTR_SNAPSHOT_ID. The disk
 *	goes away (I/O on an open one fails), copies only it needed are freed.
 * @LVSS_CMD_GET_SNAPSHOT: dump of all snapshots, one message each:
 *	%LVSS_ATTR_SNAPSHOT_ID, %LVSS_ATTR_DEV_PATH, %LVSS_ATTR_SNAPSHOT_SEQ,
 *	%LVSS_ATTR_SNAPSHOT_STATE, %LVSS_ATTR_DISK_NAME,
 *	%LVSS_ATTR_CREATED_NS, %LVSS_ATTR_FROZEN_NS, %LVSS_ATTR_CHUNK_SIZE,
 *	%LVSS_ATTR_STORE_USED, %LVSS_ATTR_STORE_TOTAL, %LVSS_ATTR_COPIES and,
 *	when failed, %LVSS_ATTR_ERROR and %LVSS_ATTR_ERROR_MSG.
 * @LVSS_CMD_EVENT_SNAPSHOT_FAILED: event (never a request): a snapshot
 *	went to %LVSS_SNAPSHOT_FAILED. %LVSS_ATTR_DEV_PATH,
 *	%LVSS_ATTR_SNAPSHOT_ID, %LVSS_ATTR_SNAPSHOT_SEQ,
 *	%LVSS_ATTR_SNAPSHOT_STATE, %LVSS_ATTR_ERROR, %LVSS_ATTR_ERROR_MSG.
 * @LVSS_CMD_CBT_INFO: changed-block tracking of an attached device
 *	(tracked from the attach on, snapshots or not). Request:
 *	%LVSS_ATTR_DEV_PATH. Reply: %LVSS_ATTR_DEV_PATH,
 *	%LVSS_ATTR_CBT_GENERATION, %LVSS_ATTR_CBT_BLOCK_SIZE,
 *	%LVSS_ATTR_CBT_BLOCKS, %LVSS_ATTR_CBT_BASE_SEQ, %LVSS_ATTR_CBT_SEQ,
 *	%LVSS_ATTR_CBT_CHANGED, %LVSS_ATTR_CBT_MAP_BYTES.
 * @LVSS_CMD_CBT_GET_CHANGES: dump of the blocks changed since a snapshot
 *	of a device: every block written after snapshot
 *	%LVSS_ATTR_CBT_FROM_SEQ was taken. %LVSS_ATTR_CBT_TO_SEQ (optional)
 *	names the snapshot the caller will read the blocks from and must
 *	exist; the list is the same with or without it: the map keeps only
 *	the interval of a block's last write, so a block written before TO
 *	and again after it cannot be told apart from one written only after
 *	TO, and leaving either out could miss a change. Blocks written after
 *	TO are thus listed too (a superset, never a miss; reading them from
 *	snapshot TO is always correct). Request: %LVSS_ATTR_DEV_PATH,
 *	%LVSS_ATTR_CBT_GENERATION (the caller's, from CBT_INFO),
 *	%LVSS_ATTR_CBT_FROM_SEQ, %LVSS_ATTR_CBT_TO_SEQ. FROM may be the
 *	generation's %LVSS_ATTR_CBT_BASE_SEQ (everything written since the
 *	generation began). Each message carries %LVSS_ATTR_DEV_PATH and
 *	%LVSS_ATTR_CBT_EXTENTS: up to %LVSS_CBT_EXTENTS_PER_MSG_MAX
 *	%LVSS_ATTR_EXTENT nests of %LVSS_ATTR_EXTENT_LOGICAL (byte offset on
 *	the device) and %LVSS_ATTR_EXTENT_LENGTH (bytes), ascending, merged,
 *	in whole tracking blocks (the last may end at the device's end); a
 *	run may be split into adjacent extents where a message ends, and a
 *	message may carry no extent.
 *	Errors: -ESTALE the generation changed (the history is gone: take a
 *	full backup); -ERANGE FROM is below BASE_SEQ, TO above the newest
 *	snapshot or FROM > TO; -ENODEV not attached. A generation change
 *	during the dump ends it with -ESTALE.
 * @LVSS_CMD_CBT_MARK_DIRTY: record a range as changed now (for writes
 *	lvss could not see). Request: %LVSS_ATTR_DEV_PATH,
 *	%LVSS_ATTR_CBT_OFFSET, %LVSS_ATTR_CBT_LENGTH (bytes, within the
 *	device, length > 0).
 * @LVSS_CMD_CBT_RESET: forget a device's change history: a new
 *	generation begins now, based at its newest snapshot, and keeps only
 *	the blocks written since that snapshot. Request: %LVSS_ATTR_DEV_PATH.
 *	-EBUSY while a snapshot set is being taken on the device.
 * @LVSS_CMD_EVENT_STORE_LOW: event: a device's CoW store has fewer free
 *	bytes than its low-space threshold (%LVSS_ATTR_STORE_LOW_PERCENT of
 *	the total). Sent once per crossing; adding space re-arms it.
 *	%LVSS_ATTR_DEV_PATH, %LVSS_ATTR_CHUNK_SIZE, %LVSS_ATTR_STORE_USED,
 *	%LVSS_ATTR_STORE_TOTAL.
 */
enum lvss_cmd {
	LVSS_CMD_UNSPEC,
	LVSS_CMD_GET_VERSION,
	LVSS_CMD_GET_STATUS,
	LVSS_CMD_ATTACH,
	LVSS_CMD_DETACH,
	LVSS_CMD_GET_DEVICE,
	LVSS_CMD_STORE_ADD,
	LVSS_CMD_SNAPSHOT_TAKE,
	LVSS_CMD_SNAPSHOT_DELETE,
	LVSS_CMD_GET_SNAPSHOT,
	LVSS_CMD_EVENT_SNAPSHOT_FAILED,
	LVSS_CMD_EVENT_STORE_LOW,
	LVSS_CMD_CBT_INFO,
	LVSS_CMD_CBT_GET_CHANGES,
	LVSS_CMD_CBT_MARK_DIRTY,
	LVSS_CMD_CBT_RESET,

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
 * @LVSS_ATTR_CHUNK_SIZE: NLA_U32, CoW chunk size in bytes
 * @LVSS_ATTR_STORE_KIND: NLA_U32, enum lvss_store_kind
 * @LVSS_ATTR_STORE_PATH: NLA_NUL_STRING, store device or file path
 * @LVSS_ATTR_STORE_BYTES: NLA_U64, memory store size
 * @LVSS_ATTR_STORE_EXTENTS: NLA_NESTED, list of %LVSS_ATTR_EXTENT nests
 * @LVSS_ATTR_EXTENT: NLA_NESTED, one file extent: %LVSS_ATTR_EXTENT_LOGICAL,
 *	%LVSS_ATTR_EXTENT_PHYSICAL, %LVSS_ATTR_EXTENT_LENGTH (NLA_U64 bytes)
 * @LVSS_ATTR_EXTENT_LOGICAL: NLA_U64, offset in the file
 * @LVSS_ATTR_EXTENT_PHYSICAL: NLA_U64, offset on the filesystem's device
 * @LVSS_ATTR_EXTENT_LENGTH: NLA_U64, length
 * @LVSS_ATTR_STORE_USED: NLA_U64, store bytes holding copies
 * @LVSS_ATTR_STORE_TOTAL: NLA_U64, store bytes in all
 * @LVSS_ATTR_COPIES: NLA_U64, chunks copied into the store so far
 * @LVSS_ATTR_MEMBERS: NLA_NESTED, list of %LVSS_ATTR_MEMBER nests
 * @LVSS_ATTR_MEMBER: NLA_NESTED, one set member
 * @LVSS_ATTR_FREEZE_TIMEOUT_MS: NLA_U32, bound of the frozen interval,
 *	%LVSS_FREEZE_TIMEOUT_MIN_MS..%LVSS_FREEZE_TIMEOUT_MAX_MS
 * @LVSS_ATTR_FROZEN_NS: NLA_U64, measured time writes were held
 * @LVSS_ATTR_SNAPSHOT_ID: NLA_U32, module-wide snapshot id (from 1)
 * @LVSS_ATTR_SNAPSHOT_SEQ: NLA_U64, the device's snapshot sequence number
 * @LVSS_ATTR_SNAPSHOT_STATE: NLA_U32, enum lvss_snapshot_state
 * @LVSS_ATTR_DISK_NAME: NLA_NUL_STRING, kernel name of the snapshot disk
 *	("lvss3"); udev links it as /dev/lvss/<device>@<seq>
 * @LVSS_ATTR_CREATED_NS: NLA_U64, wall-clock time of the take
 * @LVSS_ATTR_ERROR: NLA_U32, positive errno that failed the snapshot
 * @LVSS_ATTR_ERROR_MSG: NLA_NUL_STRING, why, < %LVSS_ERROR_MSG_MAX bytes
 * @LVSS_ATTR_STORE_LOW_PERCENT: NLA_U32, 0..%LVSS_STORE_LOW_PERCENT_MAX:
 *	send %LVSS_CMD_EVENT_STORE_LOW when fewer than this percentage of
 *	the store's bytes are free; 0 turns the event off
 * @LVSS_ATTR_EVENTS_DROPPED: NLA_U64, events that could not be sent (no
 *	memory, queue full) since the module was loaded
 * @LVSS_ATTR_CBT_BLOCK_SIZE: NLA_U32, bytes per tracking block
 * @LVSS_ATTR_CBT_GENERATION: NLA_BINARY, %LVSS_CBT_GENERATION_LEN bytes:
 *	a random UUID made whenever the history cannot be trusted any more
 *	(attach, %LVSS_CMD_CBT_RESET, sequence wrap, device resize, tracking
 *	error); sequence
 *	numbers only mean something within one generation
 * @LVSS_ATTR_CBT_BLOCKS: NLA_U64, tracking blocks on the device
 * @LVSS_ATTR_CBT_BASE_SEQ: NLA_U64, the snapshot sequence number the
 *	generation began at: changes are known from there on
 * @LVSS_ATTR_CBT_SEQ: NLA_U64, sequence number of the device's newest
 *	snapshot (= %LVSS_ATTR_SNAPSHOT_SEQ; 0 before the first)
 * @LVSS_ATTR_CBT_CHANGED: NLA_U64, tracking blocks written since the
 *	newest snapshot (or since the generation began)
 * @LVSS_ATTR_CBT_MAP_BYTES: NLA_U64, kernel memory the map takes
 * @LVSS_ATTR_CBT_FROM_SEQ: NLA_U64, see %LVSS_CMD_CBT_GET_CHANGES
 * @LVSS_ATTR_CBT_TO_SEQ: NLA_U64, see %LVSS_CMD_CBT_GET_CHANGES
 * @LVSS_ATTR_CBT_EXTENTS: NLA_NESTED, list of %LVSS_ATTR_EXTENT nests
 * @LVSS_ATTR_CBT_OFFSET: NLA_U64, byte offset on the device
 * @LVSS_ATTR_CBT_LENGTH: NLA_U64, bytes
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
	LVSS_ATTR_CHUNK_SIZE,
	LVSS_ATTR_STORE_KIND,
	LVSS_ATTR_STORE_PATH,
	LVSS_ATTR_STORE_BYTES,
	LVSS_ATTR_STORE_EXTENTS,
	LVSS_ATTR_EXTENT,
	LVSS_ATTR_EXTENT_LOGICAL,
	LVSS_ATTR_EXTENT_PHYSICAL,
	LVSS_ATTR_EXTENT_LENGTH,
	LVSS_ATTR_STORE_USED,
	LVSS_ATTR_STORE_TOTAL,
	LVSS_ATTR_COPIES,
	LVSS_ATTR_MEMBERS,
	LVSS_ATTR_MEMBER,
	LVSS_ATTR_FREEZE_TIMEOUT_MS,
	LVSS_ATTR_FROZEN_NS,
	LVSS_ATTR_SNAPSHOT_ID,
	LVSS_ATTR_SNAPSHOT_SEQ,
	LVSS_ATTR_SNAPSHOT_STATE,
	LVSS_ATTR_DISK_NAME,
	LVSS_ATTR_CREATED_NS,
	LVSS_ATTR_ERROR,
	LVSS_ATTR_ERROR_MSG,
	LVSS_ATTR_STORE_LOW_PERCENT,
	LVSS_ATTR_EVENTS_DROPPED,
	LVSS_ATTR_CBT_BLOCK_SIZE,
	LVSS_ATTR_CBT_GENERATION,
	LVSS_ATTR_CBT_BLOCKS,
	LVSS_ATTR_CBT_BASE_SEQ,
	LVSS_ATTR_CBT_SEQ,
	LVSS_ATTR_CBT_CHANGED,
	LVSS_ATTR_CBT_MAP_BYTES,
	LVSS_ATTR_CBT_FROM_SEQ,
	LVSS_ATTR_CBT_TO_SEQ,
	LVSS_ATTR_CBT_EXTENTS,
	LVSS_ATTR_CBT_OFFSET,
	LVSS_ATTR_CBT_LENGTH,

	__LVSS_ATTR_MAX,
};
#define LVSS_ATTR_MAX (__LVSS_ATTR_MAX - 1)

#endif /* _UAPI_LINUX_LVSS_H */
