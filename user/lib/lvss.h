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
 *  - a request whose answer was lost after it was sent (the kernel had no
 *    memory for its ack or reply) returns -ENOBUFS (-EIO for another
 *    receive failure) and err->msg says it may have been carried out:
 *    read the state before retrying;
 *  - a handle is not thread-safe; use one per thread.
 */
#ifndef LVSS_H
#define LVSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
	/* ABI 1.1; an older lvss.ko does not send it (then false and 0). */
	bool has_events_dropped;
	uint64_t events_dropped;	/* events lvss.ko could not send */
};

/*
 * One device with the lvss filter attached (LVSS_CMD_GET_DEVICE). The
 * figures after the flags are optional in the protocol: a flag says
 * whether its figures were sent (they are 0 otherwise).
 */
struct lvss_device {
	char path[LVSS_DEV_PATH_MAX];	/* the device node it was attached by */
	uint32_t major, minor;		/* its device number */
	uint64_t size_bytes;
	uint64_t writes;		/* write-type bios seen since attach */
	uint64_t write_bytes;		/* bytes those bios covered */

	bool has_store;			/* the device has a CoW store: */
	uint32_t chunk_size;		/* bytes per CoW chunk */
	uint64_t store_used_bytes;	/* store bytes holding copies */
	uint64_t store_total_bytes;	/* store bytes in all */
	uint64_t copies;		/* chunks copied into it so far */
	/* Its low-space threshold (ABI 1.1; only with a store): */
	bool has_low_percent;
	uint32_t low_percent;		/* 0..99 percent free, 0 = off */

	bool has_snapshot_count;
	uint32_t snapshot_count;	/* live snapshots of the device */

	/* Its changed-block tracking (ABI 1.1; lvss.ko 1.0 sends none): */
	bool has_cbt;
	uint32_t cbt_block_size;	/* bytes per tracking block */
	uint64_t cbt_map_bytes;		/* kernel memory the map takes */
};

/* One extent of a store file, as FIEMAP maps it; all in bytes. */
struct lvss_extent {
	uint64_t logical;	/* offset in the file */
	uint64_t physical;	/* offset on the filesystem's block device */
	uint64_t length;
};

/*
 * The most extents one LVSS_CMD_STORE_ADD request can carry: a netlink
 * attribute is at most 65535 bytes, and in LVSS_ATTR_STORE_EXTENTS (4
 * bytes of header) each LVSS_ATTR_EXTENT nest takes 40 (a header and three
 * 12-byte u64 attributes). lvss.ko's own limit (65536) is higher.
 */
#define LVSS_STORE_FILE_EXTENTS_MAX	((65535U - 4U) / 40U)

/*
 * What LVSS_CMD_STORE_ADD gives an attached device: CoW store space that
 * all its snapshots share. A second call adds more space.
 */
struct lvss_store_spec {
	const char *dev_path;		/* the attached device */
	enum lvss_store_kind kind;
	/* LVSS_STORE_BDEV: the store device; LVSS_STORE_FILE: the file */
	const char *store_path;
	uint64_t memory_bytes;		/* LVSS_STORE_MEMORY: how much RAM */
	/* LVSS_STORE_FILE: its extents, from lvss_storefile_prepare() */
	const struct lvss_extent *extents;
	size_t nr_extents;
	/* 0: LVSS_CHUNK_SIZE_DEFAULT on the first call, the device's after */
	uint32_t chunk_size;
	/*
	 * The low-space threshold, when @set_low_percent: a store-low event
	 * when fewer than @low_percent percent of the store's bytes are free
	 * (0..LVSS_STORE_LOW_PERCENT_MAX, 0 = no event). Unset: on the
	 * first call LVSS_STORE_LOW_PERCENT_DEFAULT, after it unchanged.
	 * Needs lvss.ko of ABI 1.1 or later.
	 */
	bool set_low_percent;
	uint32_t low_percent;
};

/* One member of a snapshot set just taken. */
struct lvss_snapshot_member {
	char dev_path[LVSS_DEV_PATH_MAX];	/* the device node */
	uint32_t id;				/* module-wide, from 1 */
	uint64_t seq;				/* the device's snapshot no. */
	char disk[LVSS_DISK_NAME_MAX];		/* "lvss3": /dev/lvss3 */
};

/* Reply of LVSS_CMD_SNAPSHOT_TAKE. */
struct lvss_snapshot_set {
	uint64_t frozen_ns;	/* how long writes were held */
	size_t count;		/* members, in the order they were named */
	struct lvss_snapshot_member members[LVSS_SET_MEMBERS_MAX];
};

/* One snapshot (LVSS_CMD_GET_SNAPSHOT). */
struct lvss_snapshot {
	uint32_t id;
	char dev_path[LVSS_DEV_PATH_MAX];	/* its origin device */
	uint64_t seq;
	uint32_t state;			/* enum lvss_snapshot_state */
	char disk[LVSS_DISK_NAME_MAX];	/* "lvss3" */
	uint64_t created_ns;		/* wall clock of the take, since 1970 */
	uint64_t frozen_ns;		/* how long its take held writes */
	/* The origin's CoW store, which all its snapshots share. */
	uint32_t chunk_size;
	uint64_t store_used_bytes;
	uint64_t store_total_bytes;
	uint64_t copies;
	/* LVSS_SNAPSHOT_FAILED: positive errno and why; else 0 and "". */
	int error;
	char error_msg[LVSS_ERROR_MSG_MAX];
};

/* What an event (lvss_event_next()) is about. */
enum lvss_event_type {
	LVSS_EVENT_SNAPSHOT_FAILED = 1,	/* LVSS_CMD_EVENT_SNAPSHOT_FAILED */
	LVSS_EVENT_STORE_LOW,		/* LVSS_CMD_EVENT_STORE_LOW */
};

/*
 * One event of lvss.ko, told to every listener without being asked. The
 * fields of the other type are 0 and "".
 */
struct lvss_event {
	enum lvss_event_type type;
	char dev_path[LVSS_DEV_PATH_MAX];	/* the origin device */

	/* LVSS_EVENT_SNAPSHOT_FAILED: a snapshot went to FAILED. */
	uint32_t snapshot_id;
	uint64_t seq;				/* the device's snapshot no. */
	int error;				/* positive errno */
	char error_msg[LVSS_ERROR_MSG_MAX];	/* why, from lvss.ko */

	/*
	 * LVSS_EVENT_STORE_LOW: the device's CoW store has fewer free bytes
	 * than its threshold (lvss_device.low_percent of the total); sent
	 * once per crossing, adding space re-arms it.
	 */
	uint32_t chunk_size;
	uint64_t store_used_bytes;
	uint64_t store_total_bytes;
};

/*
 * Changed-block tracking of an attached device (LVSS_CMD_CBT_INFO). From
 * the attach on, lvss.ko records which tracking blocks are written between
 * the device's snapshots. Snapshot sequence numbers only mean something
 * within one generation: a new one (a new random UUID) begins
 * whenever the history cannot be trusted any more (attach, sequence wrap,
 * device resize, tracking error), and then only a full backup is safe.
 */
struct lvss_cbt_info {
	char dev_path[LVSS_DEV_PATH_MAX];	/* the device node */
	uint8_t generation[LVSS_CBT_GENERATION_LEN];	/* a UUID */
	uint32_t block_size;	/* bytes per tracking block */
	uint64_t blocks;	/* tracking blocks on the device */
	uint64_t base_seq;	/* the snapshot seq the generation began at */
	uint64_t seq;		/* the newest snapshot's seq, 0 before one */
	uint64_t changed;	/* blocks written since the newest snapshot */
	uint64_t map_bytes;	/* kernel memory the map takes */
};

/* One run of changed blocks (LVSS_CMD_CBT_GET_CHANGES), in bytes. */
struct lvss_cbt_extent {
	uint64_t offset;	/* on the device */
	uint64_t length;
};

/* Room for a generation as text: 8-4-4-4-12 hex digits and a NUL. */
#define LVSS_CBT_GENERATION_STR_MAX	37

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
 * lvss_attach_opts - lvss_attach() with the changed-block tracking block
 * size @cbt_block_size: a power of two from LVSS_CBT_BLOCK_SIZE_MIN to
 * LVSS_CBT_BLOCK_SIZE_MAX, checked before anything is sent (-ERANGE,
 * -EINVAL), or 0 for lvss.ko's default (the smallest that keeps the map
 * within LVSS_CBT_MAP_MAX_BYTES). A block size is refused with -EOPNOTSUPP
 * when lvss.ko is too old for it. lvss_attach() is this with 0.
 */
int lvss_attach_opts(struct lvss_handle *h, const char *dev_path,
		     uint32_t cbt_block_size, struct lvss_error *err);

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
 * lvss_find_device - the attached device with device number @rdev, from
 * the device list. Returns -ENODEV when it is not attached.
 */
int lvss_find_device(struct lvss_handle *h, dev_t rdev,
		     struct lvss_device *out, struct lvss_error *err);

/*
 * lvss_store_add - give an attached device CoW store space (@spec). The
 * device is named like for lvss_attach(); a store device's path is
 * resolved the same way, a store file's made absolute. Everything lvss.ko
 * would refuse for its form (paths, sizes, chunk size, low-space
 * threshold, the extent count) is checked before sending, and a threshold
 * is refused with -EOPNOTSUPP when lvss.ko is too old for it. Returns
 * -ENODEV when the device is not attached; otherwise lvss.ko's errno with
 * its reason in the message (-EBUSY store device in use or an origin,
 * -EINVAL/-ERANGE a bad size or extent list, -EPERM a store file that is
 * not immutable, -ENOMEM).
 */
int lvss_store_add(struct lvss_handle *h, const struct lvss_store_spec *spec,
		   struct lvss_error *err);

/*
 * lvss_snapshot_take - take a snapshot set: one instant across the @count
 * devices @dev_paths (1 to LVSS_SET_MEMBERS_MAX, named like for
 * lvss_attach(), each once). @timeout_ms bounds the interval writes are
 * held (LVSS_FREEZE_TIMEOUT_MIN_MS..MAX_MS; 0 for lvss.ko's default).
 * On success @out lists the members in the order given.
 * Errors: -ENODEV a device is not attached, -ENOSPC one has no CoW store
 * or the most snapshots it may have (the message names the device and
 * what to do), -EBUSY one is in another take, -ETIMEDOUT the freeze
 * window timed out (nothing was taken), -EINTR the caller was killed.
 */
int lvss_snapshot_take(struct lvss_handle *h, const char *const *dev_paths,
		       size_t count, uint32_t timeout_ms,
		       struct lvss_snapshot_set *out, struct lvss_error *err);

/*
 * lvss_snapshot_delete - delete snapshot @id: its disk goes away (I/O on
 * an open one fails) and copies only it needed are freed. Returns -ENOENT
 * when there is no such snapshot.
 */
int lvss_snapshot_delete(struct lvss_handle *h, uint32_t id,
			 struct lvss_error *err);

/*
 * lvss_list_snapshots - all snapshots, in id order; the whole list is
 * received and checked first, then @cb runs as for lvss_list_devices().
 */
int lvss_list_snapshots(struct lvss_handle *h,
			int (*cb)(const struct lvss_snapshot *snap, void *arg),
			void *arg, struct lvss_error *err);

/*
 * Changed-block tracking (ABI 1.1). The device is named like for
 * lvss_attach() (symlinks resolved; it must be a block device); each call
 * returns -ENODEV when it is not attached, and -EOPNOTSUPP when lvss.ko is
 * too old to track changes.
 *
 * lvss_cbt_info - the tracking state of @dev_path into @out: its
 * generation, block size and the snapshot seqs changes are known for
 * (base_seq to seq).
 */
int lvss_cbt_info(struct lvss_handle *h, const char *dev_path,
		  struct lvss_cbt_info *out, struct lvss_error *err);

/*
 * lvss_cbt_changes - the blocks of @dev_path written after snapshot seq
 * @from_seq was taken, as extents in bytes: ascending, apart (a run split
 * by lvss.ko where a message ended is joined again), in whole tracking
 * blocks (the last may end at the device's end). @to_seq, when @has_to,
 * names the snapshot the caller will read them from, which must exist;
 * the list is the same without it: lvss.ko keeps only the interval of a
 * block's last write, so blocks written after @to_seq are listed too (a
 * superset, never a miss; read from snapshot @to_seq they are right).
 * @generation is the one the seqs belong to, from lvss_cbt_info();
 * @from_seq may be its base_seq (everything since the generation began).
 *
 * The whole list is received and checked before @cb sees any of it, as
 * for lvss_list_devices(): lvss.ko ends a dump during which the generation
 * changes with -ESTALE, so a list cut short by that never reaches @cb.
 * That costs 16 bytes per extent while it lasts. @cb runs once per extent
 * and returns 0 to go on or a negative errno to stop.
 * Errors: -ESTALE the generation is not @generation any more (the history
 * is gone: take a full backup); -ERANGE @from_seq is below the
 * generation's base_seq, @to_seq above its newest snapshot or
 * @from_seq > @to_seq (the message names the valid range, read with
 * CBT_INFO after the refusal, when that works); -EBADMSG a malformed
 * answer, naming the attribute.
 */
int lvss_cbt_changes(struct lvss_handle *h, const char *dev_path,
		     const uint8_t generation[LVSS_CBT_GENERATION_LEN],
		     uint64_t from_seq, bool has_to, uint64_t to_seq,
		     int (*cb)(const struct lvss_cbt_extent *ext, void *arg),
		     void *arg, struct lvss_error *err);

/*
 * lvss_cbt_reset - forget the change history of @dev_path: a new
 * generation begins now, based at its newest snapshot, keeping only the
 * blocks written since that snapshot. Backups that kept the old
 * generation must be full ones next. -EBUSY while a snapshot set is being
 * taken on the device.
 */
int lvss_cbt_reset(struct lvss_handle *h, const char *dev_path,
		   struct lvss_error *err);

/*
 * lvss_cbt_mark_dirty - record @length bytes at @offset of @dev_path as
 * changed now, for writes lvss.ko could not see (made before the attach,
 * or around it). @length must not be 0 (-EINVAL) and the range must lie
 * within the device (-ERANGE; the message gives its size when known).
 */
int lvss_cbt_mark_dirty(struct lvss_handle *h, const char *dev_path,
			uint64_t offset, uint64_t length,
			struct lvss_error *err);

/*
 * lvss_cbt_generation_format - @gen as a lowercase UUID string,
 * "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", the bytes in order; @buf needs
 * LVSS_CBT_GENERATION_STR_MAX bytes (a shorter one gets a cut string).
 * Returns @buf.
 */
const char *lvss_cbt_generation_format(
	const uint8_t gen[LVSS_CBT_GENERATION_LEN], char *buf, size_t len);
/*
 * lvss_cbt_generation_parse - the UUID string @s (8-4-4-4-12 hex digits,
 * either case) back into @gen. Returns 0 or -EINVAL with a message
 * quoting @s; @gen is written only on success.
 */
int lvss_cbt_generation_parse(const char *s,
			      uint8_t gen[LVSS_CBT_GENERATION_LEN],
			      struct lvss_error *err);

/*
 * Events. lvss.ko multicasts them to the group LVSS_GENL_MCGRP_EVENTS_NAME
 * of its family; listening needs CAP_SYS_ADMIN (CAP_NET_ADMIN on kernels
 * before 6.7) and lvss.ko of ABI 1.1 or later.
 *
 * A handle that listens does nothing else: events come whenever lvss.ko
 * sends them, without sequence numbers, so they would mix with the
 * replies of requests. After lvss_events_subscribe() every request on the
 * handle fails with -EINVAL; open a second handle for requests.
 *
 * lvss_events_subscribe - make @h a listener: joins the events group.
 * Returns -EOPNOTSUPP when lvss.ko is too old to send events, -EPERM
 * without the capability, -ENOENT when lvss.ko was unloaded meanwhile.
 * Subscribing twice is harmless.
 */
int lvss_events_subscribe(struct lvss_handle *h, struct lvss_error *err);

/*
 * lvss_event_next - the next event of a subscribed handle into @out.
 * Waits at most @timeout_ms (0: only what has come already; < 0: for
 * ever). Events of a newer lvss.ko that these tools do not know are
 * skipped. Returns 0, -ETIMEDOUT when none came in time, -EINTR when a
 * signal interrupted the wait, -ENOBUFS when events were lost because
 * they came faster than they were read (later ones still come: call
 * again), -EBADMSG for a malformed event, other -errno when netlink fails.
 */
int lvss_event_next(struct lvss_handle *h, int timeout_ms,
		    struct lvss_event *out, struct lvss_error *err);

/*
 * lvss_event_fd - the descriptor a subscribed handle receives on, for a
 * caller's own poll()/pselect() loop: when it is readable (or reports an
 * error), lvss_event_next(h, 0, ...) reads what came; it may still return
 * -ETIMEDOUT when that was an event it skipped. Do not read from it
 * otherwise. -1 for a handle that does not listen.
 */
int lvss_event_fd(const struct lvss_handle *h);

/*
 * lvss_storefile_prepare - make @path a file lvss.ko accepts as a CoW
 * store of @size_bytes, and map it. A missing or empty file is allocated
 * and written in full (lvss.ko refuses unwritten extents), synced, mapped
 * with FIEMAP and made immutable (FS_IMMUTABLE_FL: root or
 * CAP_LINUX_IMMUTABLE). A file that is already immutable and exactly
 * @size_bytes long is only mapped again (after a reboot, say); any other
 * existing file is refused, never overwritten. The file must be on ext2/3/4
 * or xfs, @size_bytes a multiple of its block size. On failure a file this
 * call created is removed.
 * On success *@extents (free() it) holds *@nr extents sorted by file
 * offset, with neighbours that continue each other merged, at most
 * LVSS_STORE_FILE_EXTENTS_MAX.
 */
int lvss_storefile_prepare(const char *path, uint64_t size_bytes,
			   struct lvss_extent **extents, size_t *nr,
			   struct lvss_error *err);

/*
 * lvss_storefile_release - clear the immutable flag of a store file, for
 * deleting it once no device uses it as store any more (lvss.ko fails all
 * store I/O to a file that lost the flag, and the snapshots with it).
 */
int lvss_storefile_release(const char *path, struct lvss_error *err);

/*
 * lvss_check_chunk_size, lvss_check_freeze_timeout, lvss_check_memory_store,
 * lvss_check_low_percent - lvss.ko's bounds (kmod/lvss_limits.c, the memory
 * store's, the STORE_ADD policy's) from the uapi header, checked before
 * connecting. Return 0, -ERANGE (out of bounds) or -EINVAL (chunk size not
 * a power of two), with lvss.ko's words and the value given.
 */
int lvss_check_chunk_size(uint64_t bytes, struct lvss_error *err);
int lvss_check_freeze_timeout(uint64_t ms, struct lvss_error *err);
int lvss_check_memory_store(uint64_t bytes, struct lvss_error *err);
int lvss_check_low_percent(uint64_t percent, struct lvss_error *err);
/*
 * lvss_check_cbt_block_size - the changed-block tracking block size
 * lvss_attach_opts() takes: a power of two from LVSS_CBT_BLOCK_SIZE_MIN to
 * LVSS_CBT_BLOCK_SIZE_MAX. Returns 0, -ERANGE or -EINVAL like
 * lvss_check_chunk_size(). (0, "the default", is the caller's to allow.)
 */
int lvss_check_cbt_block_size(uint64_t bytes, struct lvss_error *err);

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
