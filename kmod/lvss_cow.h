/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The copy-on-write engine of one attached device: which chunks have been
 * preserved in the current epoch, the copy chains of every chunk that was
 * preserved, the bounded pool of chunk buffers, and the write path that
 * holds a write only until the old data of its chunks is in memory.
 *
 * Each copy of a chunk goes through the states of lvss_copy_state.h,
 * whose transitions lvss_copy_step() decides.
 *
 * A write that finds its chunk's bit clear in @preserved is held on the
 * chunk's newest copy and released when that copy is IN_MEMORY (or later)
 * and no snapshot is reading the chunk from the origin; only then is the
 * bit set, so every later write of the epoch takes the fast path.
 */
#ifndef LVSS_COW_H
#define LVSS_COW_H

#include <linux/bio.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/lvss.h>

#include "lvss_buf.h"
#include "lvss_chain.h"
#include "lvss_copy_state.h"
#include "lvss_store.h"

struct lvss_snapshot;
struct lvss_tracker;

/**
 * struct lvss_copy - one preserved version of a chunk
 * @link: place in the chunk's chain (upto = epoch it was made in)
 * @cow: the engine it belongs to; constant
 * @chunk: the chunk it belongs to
 * @state: enum lvss_copy_state
 * @slot: store slot, valid from STORING on
 * @buf: the data while WAIT_BUF..STORING (NULL in WAIT_BUF)
 * @buf_users: snapshot reads copying out of @buf right now
 * @dropped: no snapshot needs it any more; free it once idle
 * @writes: struct lvss_wait of held writes
 * @reads: struct lvss_rio of snapshot reads waiting for the data
 * @node: on cow->buf_waiters (WAIT_BUF), a list of loads to start, or
 *	cow->done (I/O finished)
 * @io_next: the next copy in the same load bio (LOADING) or store write
 *	(STORING)
 * @status: result of the I/O that just finished
 *
 * Every field is protected by cow->lock.
 */
struct lvss_copy {
	struct lvss_chain_link link;
	struct lvss_cow *cow;
	struct lvss_chunk *chunk;
	enum lvss_copy_state state;
	u64 slot;
	struct lvss_buf *buf;
	unsigned int buf_users;
	bool dropped;
	struct list_head writes;
	struct list_head reads;
	struct list_head node;
	struct lvss_copy *io_next;
	blk_status_t status;
};

/**
 * struct lvss_chunk - a chunk that has copies or is being read by snapshots
 * @index: chunk number on the device
 * @hash: place in cow->hash
 * @chain: its copies, oldest first
 * @origin_readers: snapshot reads of this chunk in flight on the origin
 * @dropped: copies dropped from @chain that are not freed yet (I/O or
 *	reads still under way): they still point here
 *
 * Protected by cow->lock.
 */
struct lvss_chunk {
	u64 index;
	struct hlist_node hash;
	struct lvss_chain_link *chain;
	unsigned int origin_readers;
	unsigned int dropped;
};

/* One condition a held write waits for: one chunk's data in memory. */
struct lvss_wait {
	struct list_head node;
	struct lvss_wio *wio;
};

/**
 * struct lvss_wio - a write held until its chunks are preserved
 * @bio: the write
 * @node: on cow->release once @pending reached 0 there
 * @pending: conditions still open, plus one while being set up
 * @nr_waits: entries of @waits in use
 * @waits: one per chunk the write waits for
 *
 * Freed without cow->lock held: a write of many chunks has its @waits
 * from vmalloc, and vfree() may sleep outside interrupts.
 */
struct lvss_wio {
	struct bio *bio;
	struct list_head node;
	atomic_t pending;
	unsigned int nr_waits;
	struct lvss_wait waits[];
};

/**
 * struct lvss_cow_stores - store writes gathered, not started yet
 * @first: the first copy (STORING) of the run; the rest are chained
 *	through @io_next and have the slots that follow its slot
 * @last: the last copy of the run
 * @nr: copies in the run
 * @max: how long the run may get (lvss_store_run_left() of @first)
 * @nr_vecs: bio vectors the run's buffers take
 * @bufs: the copies' buffers, in slot order
 *
 * Only the worker touches it.
 */
struct lvss_cow_stores {
	struct lvss_copy *first, *last;
	unsigned int nr, max, nr_vecs;
	struct lvss_buf *bufs[LVSS_STORE_RUN_MAX];
};

/* cow->flags: the worker's next pass starts the gathered store writes. */
#define LVSS_COW_STORES_DUE	0

/* Sequential write streams followed for copy-ahead, per device. */
#define LVSS_COW_STREAMS	4

/**
 * struct lvss_cow_stream - one sequential writer, as far as we can tell
 * @next: the chunk its next write is expected to start in
 * @ahead: chunks below this were already looked at for copy-ahead
 *
 * A heuristic, without a lock: @next is read and written with
 * READ_ONCE()/WRITE_ONCE(), where a lost update only costs a copy-ahead
 * opportunity; a stream claims its window in @ahead with cmpxchg(), and
 * replacing the entry takes @ahead with xchg(), so the copies a replaced
 * stream leaves behind are counted in @ahead_lost, if anything twice.
 */
struct lvss_cow_stream {
	u64 next;
	u64 ahead;
};

/**
 * struct lvss_cow - copy-on-write state of one device
 * @tracker: the device; constant
 * @chunk_shift: log2 of the chunk size in bytes; constant
 * @nr_chunks: chunks on the device (the last may be partial); constant
 * @lock: protects everything below marked (L); taken with IRQs off
 * @epoch: (L) sequence number of the newest snapshot, 0 before the first
 * @preserved: bitmap "chunk preserved in @epoch"; replaced under @lock
 *	at each take, read under RCU; bits only set under @lock
 * @live: (L) sequence numbers of live snapshots, ascending
 * @nr_live: (L) entries in @live
 * @snapshots: (L) live snapshots, ascending by seq
 * @hash_bits: log2 of the number of @hash buckets; constant
 * @hash: (L) chunk records by index
 * @store: where copies go; its own locking
 * @bufs: (L) free chunk buffers (a stack)
 * @nr_free_bufs: (L) entries in @bufs
 * @nr_bufs: buffers in the pool; constant
 * @buf_waiters: (L) copies in WAIT_BUF, oldest first
 * @done: (L) copies whose I/O finished, for @work
 * @release: (L) struct lvss_wio of writes ready to go down, for @work
 * @work: runs the state machine in process context
 * @wq: the engine's workqueue (WQ_MEM_RECLAIM, unbound, high priority)
 * @stores: store writes gathered across worker passes, so the store
 *	gets runs of consecutive slots even when loads finish one by one
 * @stores_timer: starts @stores when no copy came along for a tick
 * @flags: LVSS_COW_STORES_DUE
 * @ios: engine I/Os in flight (loads, store writes); teardown waits
 * @copies_made: (L) chunks copied since the store was set up
 * @low_percent: the store's low-space threshold in percent (0: off);
 *	written under the STORE_ADD mutex, read with READ_ONCE()
 * @ahead_chunks: how far copy-ahead runs before a sequential writer;
 *	constant
 * @streams: sequential writers seen recently
 * @stream_victim: the @streams entry a new stream replaces next
 * @ahead_lost: chunks replaced streams had copied ahead (or found
 *	preserved) and never written, since the last take
 */
struct lvss_cow {
	struct lvss_tracker *tracker;
	u32 chunk_shift;
	u64 nr_chunks;
	spinlock_t lock; /* see the kernel-doc above */
	u64 epoch;
	unsigned long __rcu *preserved;
	u64 live[LVSS_SNAPSHOTS_PER_DEVICE_MAX];
	unsigned int nr_live;
	struct list_head snapshots;
	unsigned int hash_bits;
	struct hlist_head *hash;
	struct lvss_store *store;
	struct lvss_buf **bufs;
	unsigned int nr_free_bufs;
	unsigned int nr_bufs;
	struct list_head buf_waiters;
	struct list_head done;
	struct list_head release;
	struct work_struct work;
	struct workqueue_struct *wq;
	struct lvss_cow_stores stores;
	struct delayed_work stores_timer;
	unsigned long flags;
	atomic_t ios;
	u64 copies_made;
	u32 low_percent;
	u32 ahead_chunks;
	struct lvss_cow_stream streams[LVSS_COW_STREAMS];
	unsigned int stream_victim;
	atomic_t ahead_lost;
};

/* Whether writes may need chunks copied: a live snapshot exists. */
static inline bool lvss_cow_copying(struct lvss_cow *cow)
{
	return READ_ONCE(cow->nr_live) != 0;
}

struct lvss_cow *lvss_cow_new(struct lvss_tracker *tracker, u32 chunk_shift,
			      struct lvss_store *store);
void lvss_cow_free(struct lvss_cow *cow);
void lvss_cow_write(struct lvss_cow *cow, struct bio *bio, sector_t base);
bool lvss_cow_write_preserved(struct lvss_cow *cow, struct bio *bio,
			      sector_t base);
unsigned long *lvss_cow_alloc_bitmap(struct lvss_cow *cow);
bool lvss_cow_has_room(struct lvss_cow *cow);
unsigned long *lvss_cow_flip(struct lvss_cow *cow, struct lvss_snapshot *snap,
			     unsigned long *fresh);
void lvss_cow_read(struct lvss_cow *cow, struct lvss_snapshot *snap,
		   struct bio *bio);
void lvss_cow_forget(struct lvss_cow *cow, struct lvss_snapshot *snap);
void lvss_cow_check_origin(struct lvss_cow *cow);
void lvss_cow_set_low_percent(struct lvss_cow *cow, u32 percent);
int lvss_cow_init(void);
void lvss_cow_exit(void);

#endif /* LVSS_COW_H */
