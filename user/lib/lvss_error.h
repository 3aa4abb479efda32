/* SPDX-License-Identifier: MIT */
/*
 * Internal to liblvss: filling struct lvss_error. All user-facing wording of
 * the library lives in lvss_error.c, so the messages stay consistent and are
 * unit-tested in one place.
 */
#ifndef LVSS_ERROR_H
#define LVSS_ERROR_H

#include "lvss.h"

#define LVSS_MSG_NOT_LOADED	"lvss.ko is not loaded: run 'modprobe lvss'"
#define LVSS_MSG_NEED_ADMIN \
	"permission denied: lvss needs CAP_SYS_ADMIN (run as root)"
#define LVSS_MSG_EVENTS_NEED_ADMIN \
	"permission denied: listening for lvss events needs CAP_SYS_ADMIN (CAP_NET_ADMIN on kernels before 6.7): run as root"

void lvss_error_clear(struct lvss_error *err);

/* Sets @err (if not NULL) to @code and a printf-style message; returns -code. */
int lvss_error_set(struct lvss_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The kernel refused a request with @errnum (positive) while we tried to
 * @what ("read the module status"); @extack is the kernel's extended-ack
 * message or NULL. Returns -errnum.
 */
int lvss_error_kernel(struct lvss_error *err, int errnum, const char *what,
		      const char *extack);

/* What was being done to a device when it failed. */
enum lvss_dev_op {
	LVSS_DEV_ATTACH,
	LVSS_DEV_DETACH,
	LVSS_DEV_STORE,		/* adding CoW store space to it */
	LVSS_DEV_STORE_DEV,	/* using it as a store device */
	LVSS_DEV_TAKE,		/* taking a snapshot of it */
	LVSS_DEV_CBT,		/* reading its changed-block tracking */
	LVSS_DEV_CBT_MARK,	/* marking a range of it changed */
	LVSS_DEV_CBT_RESET,	/* forgetting its change history */
};

/*
 * @op done to the device the user named @path failed with @errnum
 * (positive), from lvss.ko (@extack: its message or NULL) or from
 * resolving the path. @node is the device node @path resolved to, or NULL;
 * messages name @path, and @node too when it differs. Returns -errnum.
 */
int lvss_error_device(struct lvss_error *err, int errnum,
		      enum lvss_dev_op op, const char *path, const char *node,
		      const char *extack);

/*
 * Which member of a snapshot set lvss.ko refused, and why, as the device
 * list tells after the take failed (lvss.ko's message does not say which).
 */
enum lvss_take_blame {
	LVSS_TAKE_BLAME_NONE,		/* not found out */
	LVSS_TAKE_BLAME_NOT_ATTACHED,
	LVSS_TAKE_BLAME_NO_STORE,
	LVSS_TAKE_BLAME_FULL,		/* LVSS_SNAPSHOTS_PER_DEVICE_MAX */
};

/*
 * Taking a snapshot set failed with @errnum (positive). @name is the
 * member at fault when @blame says why, else the set ("/dev/sdb" or
 * "/dev/sdb, /dev/sdc"); @extack is lvss.ko's message or NULL.
 */
int lvss_error_take(struct lvss_error *err, int errnum, const char *name,
		    enum lvss_take_blame blame, const char *extack);

/* Deleting snapshot @id failed with @errnum (positive). */
int lvss_error_snapshot(struct lvss_error *err, int errnum, uint32_t id,
			const char *extack);

/*
 * A LVSS_CMD_CBT_GET_CHANGES that failed: what was asked, and what is
 * known of the device's tracking since.
 */
struct lvss_cbt_query {
	const char *path;		/* the device as the user named it */
	const char *node;		/* what it resolved to, or NULL */
	const uint8_t *generation;	/* the caller's */
	uint64_t from;
	bool has_to;			/* else: up to now */
	uint64_t to;
	/* The device's tracking read after the failure, or NULL. */
	const struct lvss_cbt_info *now;
};

/*
 * Listing the changes @q asked for failed with @errnum (positive). -ESTALE,
 * and -ERANGE when @q->now shows another generation: the history was reset
 * (take a full backup). -ERANGE: which seq is out of the generation's
 * range, and the range, when @q->now tells. Else as lvss_error_device().
 * Returns the negative errno.
 */
int lvss_error_cbt_changes(struct lvss_error *err, int errnum,
			   const struct lvss_cbt_query *q, const char *extack);

/*
 * Marking @length bytes at @offset of @path (@node) changed failed with
 * @errnum (positive). @dev_size is the device's size in bytes, or 0 when
 * unknown: a range beyond it is named so. Else as lvss_error_device().
 */
int lvss_error_cbt_mark(struct lvss_error *err, int errnum, const char *path,
			const char *node, uint64_t offset, uint64_t length,
			uint64_t dev_size, const char *extack);

/*
 * lvss.ko @module speaks ABI @abi, older than the ABI @need that @feature
 * ("events") came with. Returns -EOPNOTSUPP.
 */
int lvss_error_too_old(struct lvss_error *err, const char *feature,
		       const char *module, uint32_t abi, uint32_t need);

/*
 * Loading lvss.ko into kernel @kver failed with @errnum (positive);
 * @kmod_log is libkmod's last log line or "". Returns -errnum.
 */
int lvss_error_load(struct lvss_error *err, int errnum, const char *kver,
		    const char *kmod_log);

#endif /* LVSS_ERROR_H */
