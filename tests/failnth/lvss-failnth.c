// SPDX-License-Identifier: GPL-2.0
/*
 * lvss-failnth: every lvss command with its Nth kernel allocation failing.
 *
 * For one command and N = 1, 2, ...: put the module in the state the
 * command needs (attached, with a store, with a snapshot) with no fault,
 * write N to /proc/thread-self/fail-nth (the kernel then fails the Nth
 * failslab / fail_page_alloc call site this thread reaches), run the
 * command through liblvss, read fail-nth back (0: the fault was injected)
 * and check the outcome against the module's state: a command that
 * reports failure changed nothing (no device, store space or snapshot
 * appeared or went away), one that reports success did what it says, one
 * whose answer was lost (-ENOBUFS: liblvss says it may have been carried
 * out) left the state as before or as after.
 * The sweep ends at the first N the command completes without reaching.
 * One line per N on stdout; exit 0 when every N was consistent, 1 when
 * one was not, 2 on a usage or setup error (VM case 113-fault-alloc).
 *
 * lvss-failnth [--max N] attach DEV | detach DEV | store-mem DEV BYTES |
 *              store-dev DEV STORE | take DEV | delete DEV | status
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lvss.h"

#define EX_SETUP 2

struct ctx {
	struct lvss_handle *h;	/* setup and checks, never faulted */
	struct lvss_handle *hf;	/* the faulted command's own connection */
	const char *op;
	const char *dev;
	const char *arg;
	uint32_t snap_id;	/* delete: the snapshot to delete */
};

struct state {
	uint32_t devices;
	uint32_t snapshots;
	bool attached;
	uint64_t store_total;
};

static void die(const char *what, const struct lvss_error *err)
{
	fprintf(stderr, "lvss-failnth: %s: %s\n", what,
		err ? err->msg : strerror(errno));
	exit(EX_SETUP);
}

/*
 * /proc/thread-self/fail-nth, opened once: opening it is an allocation
 * that would itself take the fault. Reading and writing it allocate
 * nothing.
 */
static int fail_nth_fd = -1;

static void fail_nth_set(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fail_nth_fd, buf, len, 0) != len)
		die("write fail-nth", NULL);
}

/* Returns the calls left before the fault (0: it was injected) and disarms. */
static unsigned int fail_nth_take(void)
{
	char buf[16] = "";
	ssize_t n = pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);
	unsigned int left;

	if (n <= 0)
		die("read fail-nth", NULL);
	left = (unsigned int)strtoul(buf, NULL, 10);
	if (left && pwrite(fail_nth_fd, "0", 1, 0) != 1)
		die("disarm fail-nth", NULL);
	return left;
}

static void state_of(struct ctx *c, struct state *s)
{
	struct lvss_status st;
	struct lvss_device dev;
	struct lvss_error err;
	struct stat sb;
	int rc;

	memset(s, 0, sizeof(*s));
	if (lvss_get_status(c->h, &st, &err))
		die("status", &err);
	s->devices = st.device_count;
	s->snapshots = st.snapshot_count;
	if (!c->dev)
		return;
	if (stat(c->dev, &sb))
		die(c->dev, NULL);
	rc = lvss_find_device(c->h, sb.st_rdev, &dev, &err);
	if (rc == -ENODEV)
		return;
	if (rc)
		die("find device", &err);
	s->attached = true;
	s->store_total = dev.has_store ? dev.store_total_bytes : 0;
}

/* Without faults: the device attached or not. */
static void want_attached(struct ctx *c, bool attached)
{
	struct lvss_error err;
	struct state s;

	state_of(c, &s);
	if (s.attached == attached)
		return;
	if (attached ? lvss_attach(c->h, c->dev, &err) :
		       lvss_detach(c->h, c->dev, &err))
		die(attached ? "attach" : "detach", &err);
}

static int del_one(const struct lvss_snapshot *snap, void *arg)
{
	struct ctx *c = arg;
	struct lvss_error err;

	if (lvss_snapshot_delete(c->h, snap->id, &err))
		die("delete", &err);
	return 0;
}

static void delete_all(struct ctx *c)
{
	struct lvss_error err;

	if (lvss_list_snapshots(c->h, del_one, c, &err))
		die("list snapshots", &err);
}

static void store_mem(struct ctx *c, uint64_t bytes, struct lvss_error *err,
		      int *rc)
{
	struct lvss_store_spec spec = {
		.dev_path = c->dev,
		.kind = LVSS_STORE_MEMORY,
		.memory_bytes = bytes,
	};

	*rc = lvss_store_add(c->h, &spec, err);
}

/* The state the command needs, set up without faults. */
static void prepare(struct ctx *c)
{
	struct lvss_snapshot_set set;
	const char *devs[1] = { c->dev };
	struct lvss_error err;
	struct state s;
	int rc;

	if (!strcmp(c->op, "status"))
		return;
	if (!strcmp(c->op, "attach")) {
		want_attached(c, false);
		return;
	}
	if (!strcmp(c->op, "store-dev")) {
		/* A store device is taken once: start from a fresh attach. */
		want_attached(c, false);
		want_attached(c, true);
		return;
	}
	want_attached(c, true);
	if (!strcmp(c->op, "detach") || !strcmp(c->op, "store-mem"))
		return;
	state_of(c, &s);
	if (!s.store_total) {
		store_mem(c, 1 << 20, &err, &rc);
		if (rc)
			die("store add", &err);
	}
	delete_all(c);
	if (!strcmp(c->op, "delete")) {
		if (lvss_snapshot_take(c->h, devs, 1, 0, &set, &err))
			die("take", &err);
		c->snap_id = set.members[0].id;
	}
}

static int run_op(struct ctx *c, struct lvss_error *err)
{
	struct lvss_handle *h = c->hf;
	struct lvss_snapshot_set set;
	const char *devs[1] = { c->dev };
	struct lvss_status st;
	struct lvss_store_spec spec = {
		.dev_path = c->dev,
		.kind = LVSS_STORE_BDEV,
		.store_path = c->arg,
	};

	if (!strcmp(c->op, "status"))
		return lvss_get_status(h, &st, err);
	if (!strcmp(c->op, "attach"))
		return lvss_attach(h, c->dev, err);
	if (!strcmp(c->op, "detach"))
		return lvss_detach(h, c->dev, err);
	if (!strcmp(c->op, "store-dev"))
		return lvss_store_add(h, &spec, err);
	if (!strcmp(c->op, "store-mem")) {
		spec.kind = LVSS_STORE_MEMORY;
		spec.store_path = NULL;
		spec.memory_bytes = strtoull(c->arg, NULL, 0);
		return lvss_store_add(h, &spec, err);
	}
	if (!strcmp(c->op, "take"))
		return lvss_snapshot_take(h, devs, 1, 0, &set, err);
	return lvss_snapshot_delete(h, c->snap_id, err);
}

/*
 * NULL when @after is what @rc says the command did to @before: 0 did it,
 * an error did nothing, except that -ENOBUFS (the answer was lost, liblvss
 * says the request may have been carried out) allows either, and a take's
 * -EBADMSG ("taken, but lvss.ko sent no reply") says it was done.
 */
static const char *check(struct ctx *c, int rc, const struct state *b,
			 const struct state *a)
{
	bool ok = !rc || (rc == -EBADMSG && !strcmp(c->op, "take"));

	if (rc == -ENOBUFS) {
		if (!strcmp(c->op, "take") &&
		    a->snapshots != b->snapshots &&
		    a->snapshots != b->snapshots + 1)
			return "answer lost, snapshot count neither before nor after";
		if (!strcmp(c->op, "delete") &&
		    a->snapshots != b->snapshots &&
		    a->snapshots + 1 != b->snapshots)
			return "answer lost, snapshot count neither before nor after";
		if (!strcmp(c->op, "store-mem") &&
		    a->store_total != b->store_total &&
		    a->store_total != b->store_total + strtoull(c->arg, NULL, 0))
			return "answer lost, store size neither before nor after";
		return NULL;
	}

	if (!strcmp(c->op, "attach") && a->attached != ok)
		return ok ? "attach succeeded, device not attached" :
			    "attach failed, device attached";
	if (!strcmp(c->op, "detach") && a->attached == ok)
		return ok ? "detach succeeded, device still attached" :
			    "detach failed, device detached";
	if (!strncmp(c->op, "store-", 6) &&
	    (a->store_total > b->store_total) != ok)
		return ok ? "store add succeeded, no store space added" :
			    "store add failed, store space added";
	if (!strcmp(c->op, "take") &&
	    a->snapshots != b->snapshots + (ok ? 1 : 0))
		return ok ? "take succeeded, no snapshot added" :
			    "take failed, a snapshot was added";
	if (!strcmp(c->op, "delete") &&
	    a->snapshots != b->snapshots - (ok ? 1 : 0))
		return ok ? "delete succeeded, snapshot still there" :
			    "delete failed, the snapshot went away";
	if (strcmp(c->op, "attach") && strcmp(c->op, "detach") &&
	    a->devices != b->devices)
		return "the number of attached devices changed";
	return NULL;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: lvss-failnth [--max N] attach DEV | detach DEV | store-mem DEV BYTES |\n"
		"       store-dev DEV STORE | take DEV | delete DEV | status\n");
	return EX_SETUP;
}

int main(int argc, char **argv)
{
	unsigned int n, max = 5000, left, injected = 0, bad = 0, lost = 0;
	struct ctx c = { 0 };
	struct lvss_error err;
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--max")) {
		max = (unsigned int)strtoul(argv[2], NULL, 10);
		i = 3;
	}
	if (i >= argc)
		return usage();
	c.op = argv[i++];
	if (strcmp(c.op, "status")) {
		if (i >= argc)
			return usage();
		c.dev = argv[i++];
	}
	if (!strcmp(c.op, "store-mem") || !strcmp(c.op, "store-dev")) {
		if (i >= argc)
			return usage();
		c.arg = argv[i++];
	}
	if (i != argc || (strcmp(c.op, "status") && strcmp(c.op, "attach") &&
			  strcmp(c.op, "detach") && strcmp(c.op, "store-mem") &&
			  strcmp(c.op, "store-dev") && strcmp(c.op, "take") &&
			  strcmp(c.op, "delete")))
		return usage();
	if (lvss_open(&c.h, &err))
		die("open", &err);
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0)
		die("/proc/thread-self/fail-nth", NULL);

	for (n = 1; n <= max; n++) {
		struct state before, after;
		const char *why;
		int rc;

		prepare(&c);
		state_of(&c, &before);
		/*
		 * A fresh connection each time: a fault in the netlink layer
		 * may lose a reply and leave a connection out of step.
		 */
		if (lvss_open(&c.hf, &err))
			die("open", &err);
		memset(&err, 0, sizeof(err));
		fail_nth_set(n);
		rc = run_op(&c, &err);
		left = fail_nth_take();
		lvss_close(c.hf);
		state_of(&c, &after);
		why = check(&c, rc, &before, &after);
		printf("%s nth=%u injected=%s rc=%d%s%s%s%s\n", c.op, n,
		       left ? "no" : "yes", rc, rc ? " (" : "",
		       rc ? err.msg : "", rc ? ")" : "",
		       why ? " INCONSISTENT" : "");
		if (rc == -ENOBUFS)
			lost++;
		if (why) {
			printf("not ok: %s nth=%u: %s\n", c.op, n, why);
			bad++;
		}
		if (left)
			break;
		injected++;
	}
	printf("%s: %u faults injected, %u answers lost, %u inconsistent%s\n",
	       c.op, injected, lost, bad, n > max ? ", stopped at --max" : "");
	lvss_close(c.h);
	return bad ? 1 : 0;
}
