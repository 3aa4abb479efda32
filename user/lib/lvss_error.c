// SPDX-License-Identifier: MIT
/* Error wording for liblvss: every message says what failed and what to do. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lvss_error.h"

void lvss_error_clear(struct lvss_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

int lvss_error_set(struct lvss_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

int lvss_error_kernel(struct lvss_error *err, int errnum, const char *what,
		      const char *extack)
{
	char abi[LVSS_ABI_STR_MAX];
	int has_ext = extack && *extack;

	lvss_abi_format(LVSS_ABI_VERSION, abi, sizeof(abi));

	switch (errnum) {
	case EPERM:
	case EACCES:
		/* GENL_ADMIN_PERM: the kernel usually says nothing more. */
		if (has_ext)
			return lvss_error_set(err, errnum, "%s (kernel: %s)",
					      LVSS_MSG_NEED_ADMIN, extack);
		return lvss_error_set(err, errnum, "%s", LVSS_MSG_NEED_ADMIN);
	case EPROTO:
		/* The module's own words already say what to do. */
		if (has_ext)
			return lvss_error_set(err, errnum,
				"lvss.ko refused lvss tools %s (ABI %s): %s",
				lvss_tools_version(), abi, extack);
		return lvss_error_set(err, errnum,
			"lvss.ko refused lvss tools %s (ABI %s): ABI version mismatch; install tools and module from the same release",
			lvss_tools_version(), abi);
	case EOPNOTSUPP:
		return lvss_error_set(err, errnum,
			"cannot %s: this lvss.ko does not support it (lvss tools %s speak ABI %s); install tools and module from the same release",
			what, lvss_tools_version(), abi);
	default:
		if (has_ext)
			return lvss_error_set(err, errnum, "cannot %s: %s (kernel: %s)",
					      what, strerror(errnum), extack);
		return lvss_error_set(err, errnum, "cannot %s: %s", what,
				      strerror(errnum));
	}
}

static const char *const dev_op_verbs[] = {
	[LVSS_DEV_ATTACH]	= "attach",
	[LVSS_DEV_DETACH]	= "detach",
	[LVSS_DEV_STORE]	= "add a store to",
	[LVSS_DEV_STORE_DEV]	= "use store device",
	[LVSS_DEV_TAKE]		= "take a snapshot of",
	[LVSS_DEV_CBT]		= "read the changed-block tracking of",
	[LVSS_DEV_CBT_MARK]	= "mark changed blocks of",
	[LVSS_DEV_CBT_RESET]	= "reset the changed-block history of",
};

/* "/dev/sdb" or "/dev/disk/by-id/x (/dev/sdb)". */
static void dev_name(char *buf, size_t len, const char *path,
		     const char *node)
{
	if (node && strcmp(node, path))
		snprintf(buf, len, "%s (%s)", path, node);
	else
		snprintf(buf, len, "%s", path);
}

int lvss_error_device(struct lvss_error *err, int errnum,
		      enum lvss_dev_op op, const char *path, const char *node,
		      const char *extack)
{
	const char *verb = dev_op_verbs[op];
	char name[2 * LVSS_DEV_PATH_MAX + 4];	/* "path (node)" */
	char what[sizeof(name) + 24];		/* "take a snapshot of <name>" */
	int has_ext = extack && *extack;

	dev_name(name, sizeof(name), path, node);
	switch (errnum) {
	case ENOENT:
		return lvss_error_set(err, errnum,
			"%s does not exist: check the name ('lsblk -p' lists the block devices)",
			name);
	case ENOTBLK:
		return lvss_error_set(err, errnum,
			"%s is not a block device: name a disk or a partition, e.g. /dev/vdb",
			name);
	case EEXIST:
		if (op != LVSS_DEV_ATTACH && op != LVSS_DEV_DETACH)
			break;
		return lvss_error_set(err, errnum,
			"%s is already attached ('lvss devices' lists the attached devices)",
			name);
	case ENODEV:
		/* On attach, opening a vanished device says ENODEV too. */
		if (op == LVSS_DEV_DETACH)
			return lvss_error_set(err, errnum,
				"%s is not attached ('lvss devices' lists the attached devices)",
				name);
		if (op == LVSS_DEV_STORE || op == LVSS_DEV_TAKE ||
		    op == LVSS_DEV_CBT || op == LVSS_DEV_CBT_MARK ||
		    op == LVSS_DEV_CBT_RESET)
			return lvss_error_set(err, errnum,
				"%s is not attached: run 'lvss attach %s' first",
				name, path);
		break;
	case EBUSY:
		/* lvss.ko's message says who holds it or what overlaps. */
		if (has_ext)
			return lvss_error_set(err, errnum, "cannot %s %s: %s",
					      verb, name, extack);
		if (op != LVSS_DEV_ATTACH && op != LVSS_DEV_DETACH)
			break;
		return lvss_error_set(err, errnum,
			"cannot %s %s: it is busy: held by another driver, or overlapping an attached disk or partition",
			verb, name);
	case EOPNOTSUPP:
		/* With a reason it is the device (zoned); without, the command. */
		if (has_ext)
			return lvss_error_set(err, errnum, "cannot %s %s: %s",
					      verb, name, extack);
		break;
	case EPERM:
		/* Without a reason it is genetlink's capability check. */
		if (!has_ext)
			break;
		/* fallthrough */
	default:
		/*
		 * lvss.ko explains every refusal of a store in words that say
		 * what to do; its errno (E2BIG for too much RAM) adds nothing.
		 */
		if (has_ext && op == LVSS_DEV_STORE)
			return lvss_error_set(err, errnum, "cannot %s %s: %s",
					      verb, name, extack);
		break;
	}
	snprintf(what, sizeof(what), "%s %s", verb, name);
	return lvss_error_kernel(err, errnum, what, extack);
}

int lvss_error_take(struct lvss_error *err, int errnum, const char *name,
		    enum lvss_take_blame blame, const char *extack)
{
	const char *why = extack && *extack ? extack : strerror(errnum);
	char what[LVSS_DEV_PATH_MAX + 48];

	switch (blame) {
	case LVSS_TAKE_BLAME_NOT_ATTACHED:
		return lvss_error_device(err, ENODEV, LVSS_DEV_TAKE, name,
					 NULL, extack);
	case LVSS_TAKE_BLAME_NO_STORE:
		return lvss_error_set(err, errnum,
			"%s has no CoW store: add one first, e.g. 'lvss store add %s --memory 1G' (or --device, --file)",
			name, name);
	case LVSS_TAKE_BLAME_FULL:
		return lvss_error_set(err, errnum,
			"%s has the most snapshots a device may have (%u): delete one first ('lvss snapshots' lists them)",
			name, LVSS_SNAPSHOTS_PER_DEVICE_MAX);
	case LVSS_TAKE_BLAME_NONE:
		break;
	}
	switch (errnum) {
	case ETIMEDOUT:
		return lvss_error_set(err, errnum,
			"cannot take a snapshot of %s: %s; try again when the devices are less busy, or allow a longer freeze timeout (at most %u ms)",
			name, why, LVSS_FREEZE_TIMEOUT_MAX_MS);
	case EBUSY:
		/* A stuck freeze count does not pass: waiting would not help. */
		if (strstr(why, "freeze count"))
			return lvss_error_set(err, errnum,
				"cannot take a snapshot of %s: %s; the kernel log names the device",
				name, why);
		return lvss_error_set(err, errnum,
			"cannot take a snapshot of %s: %s; try again when that is over",
			name, why);
	case ENODEV:
		return lvss_error_set(err, errnum,
			"cannot take a snapshot of %s: %s ('lvss devices' lists the attached devices)",
			name, why);
	case ENOSPC:
		return lvss_error_set(err, errnum,
			"cannot take a snapshot of %s: %s ('lvss devices' shows each device's store and snapshots)",
			name, why);
	case EINTR:
		return lvss_error_set(err, errnum,
			"cannot take a snapshot of %s: %s", name, why);
	}
	snprintf(what, sizeof(what), "take a snapshot of %s", name);
	return lvss_error_kernel(err, errnum, what, extack);
}

int lvss_error_snapshot(struct lvss_error *err, int errnum, uint32_t id,
			const char *extack)
{
	char what[32];

	if (errnum == ENOENT)
		return lvss_error_set(err, errnum,
			"no snapshot %u: 'lvss snapshots' lists them",
			(unsigned int)id);
	snprintf(what, sizeof(what), "delete snapshot %u", (unsigned int)id);
	return lvss_error_kernel(err, errnum, what, extack);
}

int lvss_error_cbt_changes(struct lvss_error *err, int errnum,
			   const struct lvss_cbt_query *q, const char *extack)
{
	const struct lvss_cbt_info *now = q->now;
	char name[2 * LVSS_DEV_PATH_MAX + 4], to[24];
	unsigned long long base, newest;
	bool reset;

	dev_name(name, sizeof(name), q->path, q->node);
	/* With another generation the seqs asked about mean nothing. */
	reset = errnum == ESTALE ||
		(errnum == ERANGE && now && q->generation &&
		 memcmp(now->generation, q->generation,
			LVSS_CBT_GENERATION_LEN));
	if (reset)
		return lvss_error_set(err, ESTALE,
			"the changed-block history of %s was reset (generation changed): take a full backup; 'lvss cbt info %s' shows the new generation",
			name, q->path);
	if (errnum != ERANGE)
		return lvss_error_device(err, errnum, LVSS_DEV_CBT, q->path,
					 q->node, extack);

	if (q->has_to)
		snprintf(to, sizeof(to), "%llu", (unsigned long long)q->to);
	else
		snprintf(to, sizeof(to), "now");
	if (q->has_to && q->from > q->to)
		return lvss_error_set(err, ERANGE,
			"cannot list the changes of %s after snapshot seq %llu up to %s: the first seq is above the second; name the older snapshot first",
			name, (unsigned long long)q->from, to);
	if (!now)
		return lvss_error_set(err, ERANGE,
			"cannot list the changes of %s after snapshot seq %llu up to %s: out of the range its changed-block history covers%s%s%s; 'lvss cbt info %s' shows the range (base seq to seq)",
			name, (unsigned long long)q->from, to,
			extack && *extack ? " (kernel: " : "",
			extack && *extack ? extack : "",
			extack && *extack ? ")" : "", q->path);
	base = now->base_seq;
	newest = now->seq;
	if (q->from < now->base_seq)
		return lvss_error_set(err, ERANGE,
			"cannot list the changes of %s after snapshot seq %llu: its changed-block history begins at seq %llu, the changes before are not known: take a full backup (or list from seq %llu to %llu)",
			name, (unsigned long long)q->from, base, base, newest);
	if (q->has_to && q->to > now->seq)
		return lvss_error_set(err, ERANGE,
			"cannot list the changes of %s up to snapshot seq %llu: its newest snapshot is seq %llu (its changed-block history covers seqs %llu to %llu)",
			name, (unsigned long long)q->to, newest, base, newest);
	if (q->from > now->seq)
		return lvss_error_set(err, ERANGE,
			"cannot list the changes of %s after snapshot seq %llu: its newest snapshot is seq %llu (its changed-block history covers seqs %llu to %llu)",
			name, (unsigned long long)q->from, newest, base, newest);
	return lvss_error_set(err, ERANGE,
		"cannot list the changes of %s after snapshot seq %llu up to %s: out of range%s%s%s; its changed-block history covers seqs %llu to %llu",
		name, (unsigned long long)q->from, to,
		extack && *extack ? " (kernel: " : "",
		extack && *extack ? extack : "",
		extack && *extack ? ")" : "", base, newest);
}

int lvss_error_cbt_mark(struct lvss_error *err, int errnum, const char *path,
			const char *node, uint64_t offset, uint64_t length,
			uint64_t dev_size, const char *extack)
{
	char name[2 * LVSS_DEV_PATH_MAX + 4];

	dev_name(name, sizeof(name), path, node);
	if ((errnum == ERANGE || errnum == EINVAL) && dev_size &&
	    (offset >= dev_size || length > dev_size - offset))
		return lvss_error_set(err, errnum,
			"cannot mark %llu bytes at offset %llu of %s changed: the device ends at %llu bytes; give a range within it",
			(unsigned long long)length, (unsigned long long)offset,
			name, (unsigned long long)dev_size);
	return lvss_error_device(err, errnum, LVSS_DEV_CBT_MARK, path, node,
				 extack);
}

int lvss_error_too_old(struct lvss_error *err, const char *feature,
		       const char *module, uint32_t abi, uint32_t need)
{
	char have[LVSS_ABI_STR_MAX], want[LVSS_ABI_STR_MAX];

	return lvss_error_set(err, EOPNOTSUPP,
		"lvss.ko is too old for %s: lvss.ko %s speaks ABI %s, %s came with ABI %s; install tools and module from the same release",
		feature, module, lvss_abi_format(abi, have, sizeof(have)),
		feature, lvss_abi_format(need, want, sizeof(want)));
}

int lvss_error_load(struct lvss_error *err, int errnum, const char *kver,
		    const char *kmod_log)
{
	switch (errnum) {
	case ENOENT:
		return lvss_error_set(err, ENOENT,
			"lvss.ko is not installed for kernel %s: run 'sudo make install'",
			kver);
	case EPERM:
	case EACCES:
		return lvss_error_set(err, errnum,
			"not permitted to load lvss.ko: run as root (or module loading is disabled on this kernel)");
	case ENOEXEC:
		return lvss_error_set(err, errnum,
			"the installed lvss.ko does not fit kernel %s: rebuild and reinstall with 'sudo make install'",
			kver);
	default:
		if (kmod_log && *kmod_log)
			return lvss_error_set(err, errnum,
				"cannot load lvss.ko into kernel %s: %s (libkmod: %s)",
				kver, strerror(errnum), kmod_log);
		return lvss_error_set(err, errnum,
			"cannot load lvss.ko into kernel %s: %s", kver,
			strerror(errnum));
	}
}
