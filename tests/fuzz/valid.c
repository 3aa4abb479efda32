// SPDX-License-Identifier: MIT
/*
 * The valid half of the fuzzer: well-formed requests chosen from what the
 * worker believes the state is (attached disks, stores, snapshot ids and
 * disks, each disk's CBT generation and sequence numbers), so that random
 * input meets attached devices, live stores, snapshots being read, and CBT
 * dumps in progress. The state is a belief: other workers change it too,
 * and the dumps (GET_DEVICE, GET_SNAPSHOT) and error codes correct it.
 * Device I/O (writes to the origins, reads of the snapshot disks) makes
 * copies, CBT changes and store-low events happen.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "common/cmd_names.h"
#include "nlfuzz.h"

const char *fz_cmd_name(unsigned int cmd)
{
	const char *name = lvss_test_cmd_name(cmd);

	return name ? name : "?";
}

static struct fz_disk *find_disk(struct fz *f, const char *path, size_t len)
{
	int i;

	for (i = 0; i < f->ndisks; i++)
		if (strnlen(path, len) == strlen(f->disks[i].path) &&
		    !strncmp(path, f->disks[i].path, len))
			return &f->disks[i];
	return NULL;
}

static void snap_add(struct fz *f, uint32_t id, const char *disk, size_t len)
{
	struct fz_snap *s;
	int i;

	for (i = 0; i < f->nsnaps; i++)
		if (f->snaps[i].id == id)
			return;
	if (f->nsnaps == FZ_SNAPS_MAX)
		return;
	s = &f->snaps[f->nsnaps++];
	s->id = id;
	if (len >= sizeof(s->disk))
		len = sizeof(s->disk) - 1;
	memcpy(s->disk, disk, len);
	s->disk[len] = '\0';
	s->disk[strnlen(s->disk, len)] = '\0';
}

static void snap_forget(struct fz *f, uint32_t id)
{
	int i;

	for (i = 0; i < f->nsnaps; i++)
		if (f->snaps[i].id == id) {
			f->snaps[i] = f->snaps[--f->nsnaps];
			return;
		}
}

static uint32_t get32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* LVSS_CMD_SNAPSHOT_TAKE reply: remember each member's id and disk. */
static void on_take(struct fz *f, const unsigned char *msg, size_t len)
{
	const unsigned char *members, *p;
	size_t mlen, off = 0;

	members = fz_attr(msg, len, LVSS_ATTR_MEMBERS, &mlen);
	while (members && off + NLA_HDRLEN <= mlen) {
		const void *id, *disk;
		size_t ilen, dlen;
		struct nlattr a;

		p = members + off;
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > mlen)
			break;
		id = nlc_nested_attr(p + NLA_HDRLEN, a.nla_len - NLA_HDRLEN,
				     LVSS_ATTR_SNAPSHOT_ID, &ilen);
		disk = nlc_nested_attr(p + NLA_HDRLEN, a.nla_len - NLA_HDRLEN,
				       LVSS_ATTR_DISK_NAME, &dlen);
		if (id && ilen == 4 && disk)
			snap_add(f, get32(id), disk, dlen);
		off += NLA_ALIGN(a.nla_len);
	}
}

/* GET_SNAPSHOT dump: the list is rebuilt from it. */
static void on_snapshot(struct fz *f, const unsigned char *msg, size_t len)
{
	const void *id, *disk;
	size_t ilen, dlen;

	id = fz_attr(msg, len, LVSS_ATTR_SNAPSHOT_ID, &ilen);
	disk = fz_attr(msg, len, LVSS_ATTR_DISK_NAME, &dlen);
	if (id && ilen == 4 && disk)
		snap_add(f, get32(id), disk, dlen);
}

/* GET_DEVICE dump: which of our disks are attached, with a store. */
static void on_device(struct fz *f, const unsigned char *msg, size_t len)
{
	const void *path;
	struct fz_disk *d;
	size_t plen, tlen;

	path = fz_attr(msg, len, LVSS_ATTR_DEV_PATH, &plen);
	d = path ? find_disk(f, path, plen) : NULL;
	if (!d)
		return;
	d->attached = true;
	d->store = fz_attr(msg, len, LVSS_ATTR_STORE_TOTAL, &tlen) != NULL;
}

static void on_cbt_info(struct fz *f, const unsigned char *msg, size_t len)
{
	const void *path, *gen, *base, *seq;
	size_t plen, glen, blen, slen;
	struct fz_disk *d;

	path = fz_attr(msg, len, LVSS_ATTR_DEV_PATH, &plen);
	gen = fz_attr(msg, len, LVSS_ATTR_CBT_GENERATION, &glen);
	base = fz_attr(msg, len, LVSS_ATTR_CBT_BASE_SEQ, &blen);
	seq = fz_attr(msg, len, LVSS_ATTR_CBT_SEQ, &slen);
	d = path ? find_disk(f, path, plen) : NULL;
	if (!d || !gen || glen != LVSS_CBT_GENERATION_LEN || !base ||
	    blen != 8 || !seq || slen != 8)
		return;
	memcpy(d->gen, gen, glen);
	d->base_seq = get64(base);
	d->seq = get64(seq);
	d->has_gen = d->seq >= d->base_seq;
}

static int valid(struct fz *f, struct mb *m, fz_reply_fn fn)
{
	uint8_t cmd = m->buf[NLMSG_HDRLEN];
	int err;

	/*
	 * Under --fail-slab, half the valid steps run without injected
	 * failures, so that the deep states are still reached.
	 */
	bool spare = f->failfd >= 0 && fz_chance(f, 50);

	f->st->valid_tried[cmd]++;
	if (spare)
		pwrite(f->failfd, "0\n", 2, 0);
	err = fz_exchange(f, m, fn);
	if (spare)
		pwrite(f->failfd, "1\n", 2, 0);
	if (!err)
		f->st->valid_ok[cmd]++;
	if (f->verbose)
		fprintf(stderr, "nlfuzz[%d]: valid %s: %s\n", f->worker,
			fz_cmd_name(cmd), err < 0 ? "no answer" :
			err ? strerror(err) : "ok");
	return err;
}

static void start(struct fz *f, struct mb *m, uint8_t cmd, bool dump)
{
	mb_init(m, f->nl.family, NLM_F_REQUEST | NLM_F_ACK |
		(dump ? NLM_F_DUMP : 0), cmd, 0);
}

static void do_attach(struct fz *f, struct mb *m, struct fz_disk *d)
{
	int err;

	start(f, m, LVSS_CMD_ATTACH, false);
	mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
	if (fz_chance(f, 30))
		mb_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 4096U << fz_below(f, 9));
	err = valid(f, m, NULL);
	if (!err || err == EEXIST)
		d->attached = true;
	if (!err) {
		d->store = false;
		d->has_gen = false;
	}
}

static void do_store(struct fz *f, struct mb *m, struct fz_disk *d)
{
	bool bdev = f->store_dev && d == &f->disks[0] && fz_chance(f, 40);
	int err;

	start(f, m, LVSS_CMD_STORE_ADD, false);
	mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
	if (!d->store && fz_chance(f, 50))
		mb_u32(m, LVSS_ATTR_CHUNK_SIZE, 4096U << fz_below(f, 5));
	if (fz_chance(f, 30))
		mb_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, fz_below(f, 100));
	if (bdev) {
		mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_BDEV);
		mb_str(m, LVSS_ATTR_STORE_PATH, f->store_dev);
	} else {
		mb_u32(m, LVSS_ATTR_STORE_KIND, LVSS_STORE_MEMORY);
		/* small stores: overflow, FAILED snapshots, store-low events */
		mb_u64(m, LVSS_ATTR_STORE_BYTES, (1 + fz_below(f, 8)) << 20);
	}
	err = valid(f, m, NULL);
	if (!err)
		d->store = true;
	else if (err == ENODEV)
		d->attached = false;
}

static void do_take(struct fz *f, struct mb *m)
{
	int i, n = 0;

	start(f, m, LVSS_CMD_SNAPSHOT_TAKE, false);
	if (fz_chance(f, 30))
		mb_u32(m, LVSS_ATTR_FREEZE_TIMEOUT_MS,
		       LVSS_FREEZE_TIMEOUT_MIN_MS + fz_below(f, 10000));
	mb_nest(m, LVSS_ATTR_MEMBERS);
	for (i = 0; i < f->ndisks; i++) {
		if (!f->disks[i].store || (n && fz_chance(f, 50)))
			continue;
		mb_nest(m, LVSS_ATTR_MEMBER);
		mb_str(m, LVSS_ATTR_DEV_PATH, f->disks[i].path);
		mb_end(m);
		n++;
	}
	mb_end(m);
	if (n)
		valid(f, m, on_take);
}

static void do_delete(struct fz *f, struct mb *m)
{
	uint32_t id;
	int err;

	if (!f->nsnaps)
		return;
	id = f->snaps[fz_below(f, f->nsnaps)].id;
	start(f, m, LVSS_CMD_SNAPSHOT_DELETE, false);
	mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, id);
	err = valid(f, m, NULL);
	if (!err || err == ENOENT)
		snap_forget(f, id);
}

static void do_detach(struct fz *f, struct mb *m, struct fz_disk *d)
{
	int err;

	/* Half the time clear the way: a detach with snapshots is EBUSY. */
	if (fz_chance(f, 50)) {
		while (f->nsnaps) {
			start(f, m, LVSS_CMD_SNAPSHOT_DELETE, false);
			mb_u32(m, LVSS_ATTR_SNAPSHOT_ID, f->snaps[0].id);
			valid(f, m, NULL);
			snap_forget(f, f->snaps[0].id);
		}
	}
	start(f, m, LVSS_CMD_DETACH, false);
	mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
	err = valid(f, m, NULL);
	if (!err || err == ENODEV) {
		d->attached = false;
		d->store = false;
		d->has_gen = false;
	}
}

static void do_dump(struct fz *f, struct mb *m, uint8_t cmd)
{
	int i, err;

	start(f, m, cmd, true);
	if (cmd == LVSS_CMD_GET_SNAPSHOT) {
		struct fz_snap old[FZ_SNAPS_MAX];
		int n = f->nsnaps;

		memcpy(old, f->snaps, sizeof(old));
		f->nsnaps = 0;
		err = valid(f, m, on_snapshot);
		if (err) {	/* keep what we knew */
			memcpy(f->snaps, old, sizeof(old));
			f->nsnaps = n;
		}
		return;
	}
	for (i = 0; i < f->ndisks; i++)
		f->disks[i].attached = f->disks[i].store = false;
	valid(f, m, on_device);
}

static void do_cbt(struct fz *f, struct mb *m, struct fz_disk *d)
{
	uint32_t r = fz_below(f, 10);
	int err;

	if (r < 4 || !d->has_gen) {
		start(f, m, LVSS_CMD_CBT_INFO, false);
		mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
		valid(f, m, on_cbt_info);
		return;
	}
	if (r < 8) {
		uint64_t from = d->base_seq +
			fz_below(f, (uint32_t)(d->seq - d->base_seq + 1));

		start(f, m, LVSS_CMD_CBT_GET_CHANGES, true);
		mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
		mb_attr(m, LVSS_ATTR_CBT_GENERATION, d->gen, sizeof(d->gen));
		mb_u64(m, LVSS_ATTR_CBT_FROM_SEQ, from);
		if (fz_chance(f, 50))
			mb_u64(m, LVSS_ATTR_CBT_TO_SEQ, d->seq);
		err = valid(f, m, NULL);
		if (err == ESTALE || err == ERANGE)
			d->has_gen = false;
		return;
	}
	if (r < 9 && d->size) {
		uint64_t off = fz_rand(f) % d->size;

		start(f, m, LVSS_CMD_CBT_MARK_DIRTY, false);
		mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
		mb_u64(m, LVSS_ATTR_CBT_OFFSET, off);
		mb_u64(m, LVSS_ATTR_CBT_LENGTH, 1 + fz_rand(f) % (d->size - off));
		valid(f, m, NULL);
		return;
	}
	start(f, m, LVSS_CMD_CBT_RESET, false);
	mb_str(m, LVSS_ATTR_DEV_PATH, d->path);
	if (!valid(f, m, NULL))
		d->has_gen = false;
}

void fz_valid_step(struct fz *f)
{
	static struct mb m;
	struct fz_disk *d;
	uint32_t r = fz_below(f, 100);

	if (!f->ndisks) {
		start(f, &m, r < 50 ? LVSS_CMD_GET_STATUS :
		      LVSS_CMD_GET_VERSION, false);
		valid(f, &m, NULL);
		return;
	}
	d = &f->disks[fz_below(f, f->ndisks)];
	if (!d->attached) {
		do_attach(f, &m, d);
		return;
	}
	if (!d->store && r < 70) {
		do_store(f, &m, d);
		return;
	}
	if (r < 20)
		do_take(f, &m);
	else if (r < 32)
		do_delete(f, &m);
	else if (r < 60)
		do_cbt(f, &m, d);
	else if (r < 68)
		do_dump(f, &m, LVSS_CMD_GET_SNAPSHOT);
	else if (r < 73)
		do_dump(f, &m, LVSS_CMD_GET_DEVICE);
	else if (r < 78)
		do_store(f, &m, d);
	else if (r < 81)
		do_detach(f, &m, d);
	else if (r < 90) {
		start(f, &m, LVSS_CMD_GET_STATUS, false);
		valid(f, &m, NULL);
	} else {
		start(f, &m, LVSS_CMD_GET_VERSION, false);
		mb_u32(&m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
		valid(f, &m, NULL);
	}
}

/* A write to an origin (copies, CBT changes) or a read of a snapshot. */
void fz_io_step(struct fz *f)
{
	static void *buf;
	char path[64];
	size_t len = 4096U << fz_below(f, 9);	/* up to 1 MiB */
	struct fz_disk *d;
	uint64_t off;
	ssize_t n;
	int fd;

	if (!buf && posix_memalign(&buf, 4096, 1U << 20))
		return;
	if (!f->ndisks)
		return;
	d = &f->disks[fz_below(f, f->ndisks)];
	if (!d->size || d->size < len)
		return;
	off = (fz_rand(f) % ((d->size - len) / 4096 + 1)) * 4096;
	if (fz_chance(f, 60) || !f->nsnaps) {
		memset(buf, (int)fz_below(f, 256), len);
		fd = open(d->path, O_WRONLY | O_DIRECT);
		f->st->writes++;
		if (fd < 0 || pwrite(fd, buf, len, (off_t)off) != (ssize_t)len)
			f->st->write_err++;
		if (fd >= 0)
			close(fd);
		return;
	}
	snprintf(path, sizeof(path), "/dev/%s",
		 f->snaps[fz_below(f, f->nsnaps)].disk);
	fd = open(path, O_RDONLY | O_DIRECT);
	f->st->snap_reads++;
	if (fd < 0) {
		f->st->snap_read_err++;
		return;
	}
	/* the snapshot may be smaller if the origin shrank: errors count */
	n = pread(fd, buf, len, (off_t)off);
	if (n != (ssize_t)len)
		f->st->snap_read_err++;
	close(fd);
}

uint64_t fz_disk_size(const char *path)
{
	uint64_t size = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		size = 0;
	close(fd);
	return size;
}

/* Deletes every snapshot and detaches our disks; errors are ignored. */
void fz_cleanup(struct fz *f)
{
	static struct mb m;
	int i, rounds;

	for (rounds = 0; rounds < 5; rounds++) {
		do_dump(f, &m, LVSS_CMD_GET_SNAPSHOT);
		if (!f->nsnaps)
			break;
		while (f->nsnaps) {
			start(f, &m, LVSS_CMD_SNAPSHOT_DELETE, false);
			mb_u32(&m, LVSS_ATTR_SNAPSHOT_ID, f->snaps[0].id);
			fz_exchange(f, &m, NULL);
			snap_forget(f, f->snaps[0].id);
		}
	}
	for (i = 0; i < f->ndisks; i++)
		do_detach(f, &m, &f->disks[i]);
}
