/* SPDX-License-Identifier: MIT */
/*
 * lvss-nlfuzz: random and mutated lvss generic netlink messages, sent for a
 * bounded time from a seed, interleaved with valid sequences that drive the
 * module into deep states (README.md).
 *
 *   nlfuzz.c     options, workers, the action mix, the summary
 *   gen.c        random and mutated requests
 *   valid.c      the valid sequences and the state they track
 *   xchg.c       one request, its answers (replies, dumps) and events
 *
 * The request builder (struct mb) is tests/nlcheck/msg.c.
 */
#ifndef LVSS_NLFUZZ_H
#define LVSS_NLFUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../nlcheck/nlcheck.h"

#define FZ_DISKS_MAX	4
#define FZ_SNAPS_MAX	128
#define FZ_ERRNO_MAX	160
#define FZ_CMDS		(LVSS_CMD_MAX + 1)

/* Counters of one worker, in memory shared with the parent. */
struct fz_stats {
	uint64_t sent;
	uint64_t send_err[FZ_ERRNO_MAX];	/* sendto() failed, by errno */
	uint64_t answer[FZ_ERRNO_MAX];		/* ack/done errno, 0 = success */
	uint64_t no_answer;		/* nothing came (no ack asked, or dropped) */
	uint64_t replies;		/* data messages received */
	uint64_t truncated;		/* replies cut by a small receive buffer */
	uint64_t random_msgs;
	uint64_t mutated_msgs;
	uint64_t valid_tried[FZ_CMDS];
	uint64_t valid_ok[FZ_CMDS];
	uint64_t events;
	uint64_t writes, write_err;
	uint64_t snap_reads, snap_read_err;
	uint64_t broken;		/* our socket failed: not expected */
	uint64_t slowest_ms;
	uint8_t slowest_cmd;
	bool done;
};

struct fz_snap {
	uint32_t id;
	char disk[LVSS_DISK_NAME_MAX];
};

struct fz_disk {
	const char *path;
	bool attached;
	bool store;
	bool has_gen;
	uint8_t gen[LVSS_CBT_GENERATION_LEN];
	uint64_t base_seq, seq, size;
};

struct fz {
	struct nlc nl;
	void *evsk;		/* struct nl_sock *, events group, or NULL */
	int evfd;
	uint64_t rng;
	int worker;
	bool verbose;
	bool plain;		/* no small receive buffers (the parent's checks) */
	int failfd;		/* /proc/self/make-it-fail (--fail-slab), or -1 */
	struct fz_disk disks[FZ_DISKS_MAX];
	int ndisks;
	const char *store_dev;	/* a disk for bdev stores, or NULL */
	struct fz_snap snaps[FZ_SNAPS_MAX];
	int nsnaps;
	struct fz_stats *st;
	/* the answer of the last exchange */
	int last_err;		/* positive errno, 0, or -1 for none */
	unsigned char reply[8192];
	size_t reply_len;
	int nreplies;
};

/* ---- randomness (nlfuzz.c) ---- */
uint64_t fz_rand(struct fz *f);
uint32_t fz_below(struct fz *f, uint32_t n);	/* 0 .. n-1 */
bool fz_chance(struct fz *f, unsigned int percent);

/* ---- exchange (xchg.c) ---- */
/* Called for each data message of an answer (dump entries, replies). */
typedef void (*fz_reply_fn)(struct fz *f, const unsigned char *msg,
			    size_t len);
int fz_events_open(struct fz *f);
void fz_events_drain(struct fz *f);
/* Sends @m, reads its answer; returns the errno (0) or -1 for none. */
int fz_exchange(struct fz *f, struct mb *m, fz_reply_fn fn);
const void *fz_attr(const unsigned char *msg, size_t len, uint16_t type,
		    size_t *alen);

/* ---- requests (gen.c) ---- */
void fz_random_msg(struct fz *f, struct mb *m);
void fz_mutate(struct fz *f, struct mb *m);
/* A valid-looking request of @cmd with the state's values (for mutation). */
void fz_plausible(struct fz *f, struct mb *m, uint8_t cmd);
const char *fz_some_path(struct fz *f);

/* ---- valid sequences and device I/O (valid.c) ---- */
void fz_valid_step(struct fz *f);
void fz_io_step(struct fz *f);
void fz_cleanup(struct fz *f);
/* Bytes of the block device at @path, 0 if it is none. */
uint64_t fz_disk_size(const char *path);
const char *fz_cmd_name(unsigned int cmd);

#endif /* LVSS_NLFUZZ_H */
