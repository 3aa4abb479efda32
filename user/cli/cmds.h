/* SPDX-License-Identifier: MIT */
/*
 * The commands of bin/lvss, one file each (cmd_<name>.c), and the pieces of
 * them that unit tests call directly: rendering a reply is separate from
 * fetching it, so output is tested without a kernel.
 */
#ifndef LVSS_CMDS_H
#define LVSS_CMDS_H

#include "cli.h"
#include "lvss.h"

extern const struct cmd cmd_attach;
extern const struct cmd cmd_cbt;		/* object: info, changes, mark-dirty */
extern const struct cmd cmd_detach;
extern const struct cmd cmd_devices;
extern const struct cmd cmd_help;
extern const struct cmd cmd_monitor;
extern const struct cmd cmd_snapshot;		/* object: take, delete, list */
extern const struct cmd cmd_snapshots;		/* = snapshot list */
extern const struct cmd cmd_status;
extern const struct cmd cmd_store;		/* object: add */
extern const struct cmd cmd_version;

extern const struct cmd cmd_snapshot_take;
extern const struct cmd cmd_snapshot_delete;
extern const struct cmd cmd_snapshot_list;
extern const struct cmd cmd_store_add;
extern const struct cmd cmd_cbt_info;
extern const struct cmd cmd_cbt_changes;
extern const struct cmd cmd_cbt_mark_dirty;
extern const struct cmd cmd_cbt_reset;

void version_print(struct printer *p, const struct lvss_version *v);
void status_print(struct printer *p, const struct lvss_status *s);

/*
 * attach and detach differ only in direction and share this body, in
 * cmd_attach.c. The outcome reads "attached /dev/sdb" or "detached
 * /dev/sdb"; in JSON {"device":"/dev/sdb","attached":true|false}.
 */
int attach_run(struct cli *cli, int argc, char **argv, bool attach);
void attach_print(struct printer *p, const char *path, bool attached);

/* lvss devices: a table opened once, then a row per device. */
void devices_print_open(struct printer *p);
void device_print(struct printer *p, const struct lvss_device *d);

/* The outcome of lvss store add. */
struct store_added {
	const char *device;		/* as given */
	enum lvss_store_kind kind;
	const char *store_path;		/* as given; NULL for memory */
	const struct lvss_device *dev;	/* its figures after, NULL if unknown */
};
/*
 * Text "store added to /dev/sdb: 1.0G total, 0B used, chunk size 64.0K"
 * (only "store added to /dev/sdb" when the figures are unknown); JSON
 * device, kind, store_path, chunk_size, store_used_bytes, store_total_bytes.
 */
void store_add_print(struct printer *p, const struct store_added *s);

/*
 * lvss snapshot take: text a line per member and "writes held: 1.2ms";
 * JSON {"frozen_ns":N,"snapshots":[{"id","device","seq","disk"}...]}.
 */
void take_print(struct printer *p, const struct lvss_snapshot_set *set);
/* lvss snapshot delete: "deleted snapshot 3" each; JSON {"deleted":[3]}. */
void deleted_print(struct printer *p, const uint32_t *ids, size_t n);
/* lvss snapshots: a table opened once, then a row per snapshot. */
void snapshots_print_open(struct printer *p);
void snapshot_print(struct printer *p, const struct lvss_snapshot *s);
const char *snapshot_state_name(uint32_t state);

/*
 * lvss cbt info: "label: value" lines (device, generation, block size,
 * blocks, base seq, newest seq, changed "12 blocks, 768.0K", map memory);
 * JSON keys device, generation, block_size, blocks, base_seq, seq,
 * changed, changed_bytes, map_bytes.
 */
void cbt_info_print(struct printer *p, const struct lvss_cbt_info *info);
/* changed x block_size, UINT64_MAX should it not fit. */
uint64_t cbt_changed_bytes(const struct lvss_cbt_info *info);

/* lvss cbt changes: what was asked and the extents that came. */
struct cbt_changes {
	const char *device;
	const uint8_t *generation;	/* LVSS_CBT_GENERATION_LEN bytes */
	uint64_t from_seq;
	bool has_to;			/* else: up to now */
	uint64_t to_seq;
	uint32_t block_size;
	const struct lvss_cbt_extent *ext;
	size_t count;
};
/*
 * Text "# <device> generation <uuid>, changes after snapshot seq F up to
 * T|now, block size B", then "OFFSET LENGTH" per extent, then "# N
 * extents, T bytes"; JSON {"device","generation","from_seq","to_seq"
 * (null: now),"block_size","extents":[{"offset","length"}...],"bytes"}.
 */
void cbt_changes_print(struct printer *p, const struct cbt_changes *c);
/*
 * lvss cbt mark-dirty: "marked 4096 bytes at offset 0 of /dev/sdb
 * changed"; JSON device, offset, length.
 */
void cbt_reset_print(struct printer *p, const char *device);
void cbt_marked_print(struct printer *p, const char *device, uint64_t offset,
		      uint64_t length);

/*
 * lvss monitor: one event, a line of text such as "store-low
 * device=/dev/sdb used=9.2G total=10.0G (8% free) chunk=64.0K", or a JSON
 * object {"event":"store-low","device":...}.
 */
void event_print(struct printer *p, const struct lvss_event *ev);

/* What lvss monitor says on stderr once it listens; scripts wait for it. */
#define MONITOR_READY_LINE	"lvss monitor: listening for events"
/*
 * The listening of lvss monitor, on a handle lvss_events_subscribe() made
 * a listener: says MONITOR_READY_LINE on cli->err, then prints events as
 * they come until @count of them came (0: no limit), @timeout_s seconds
 * passed (0: no limit) or SIGINT or SIGTERM came. Returns the exit code:
 * CLI_FAILED (and "lvss monitor: only K of N events within S s") when the
 * time ran out before @count events.
 */
int monitor_listen(struct cli *cli, struct lvss_handle *h, uint64_t count,
		   uint64_t timeout_s);

/*
 * Opens the connection to lvss.ko. When the module is not loaded and we
 * are root, loads it once and retries. Reports failures itself; returns
 * CLI_OK or CLI_FAILED.
 */
int cli_connect(struct cli *cli, struct lvss_handle **h);
/*
 * Connects, runs @query (one library call; @ctx carries its arguments and
 * answer), hangs up and, when it worked, prints @ctx with @print. Returns
 * the command's exit status; a failed query's message goes to stderr.
 */
int cli_query(struct cli *cli,
	      int (*query)(struct lvss_handle *h, void *ctx,
			   struct lvss_error *err),
	      void (*print)(struct printer *p, const void *ctx), void *ctx);

#endif /* LVSS_CMDS_H */
