// SPDX-License-Identifier: MIT
/*
 * lvss-nlfuzz: sends random and mutated lvss generic netlink requests for
 * a bounded time, from a seed, interleaved with valid sequences on scratch
 * disks, then prints what it sent and what came back (README.md).
 *
 *   lvss-nlfuzz --duration SECS [--seed N] [--procs N] [--disk DEV]...
 *               [--store-dev DEV] [--fail-slab] [--verbose]
 *   lvss-nlfuzz --self-test ROUNDS     the generators, offline (TAP)
 *
 * Each worker (a process: --procs) has its own socket, seed (N + worker)
 * and belief of the state. The parent waits for them, ends a worker that
 * overstays by far, deletes every snapshot, detaches the disks and prints
 * the summary: "RESULT key=value ..." on the last line.
 * Exit: 0 done; 1 a worker died, hung or lost its socket, or the module
 * stopped answering; 2 usage or setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlfuzz.h"

#define FZ_PROCS_MAX	8

uint64_t fz_rand(struct fz *f)
{
	/* splitmix64: tiny, and every seed gives a good stream */
	uint64_t z = (f->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t fz_below(struct fz *f, uint32_t n)
{
	return n ? (uint32_t)(fz_rand(f) % n) : 0;
}

bool fz_chance(struct fz *f, unsigned int percent)
{
	return fz_below(f, 100) < percent;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: lvss-nlfuzz --duration SECS [--seed N] [--procs N]\n"
		"                   [--disk DEV]... [--store-dev DEV] [--fail-slab]\n"
		"                   [--verbose]\n"
		"       lvss-nlfuzz --self-test ROUNDS\n"
		"  --disk DEV       a scratch disk the valid sequences attach,\n"
		"                   snapshot and write to (up to %d)\n"
		"  --store-dev DEV  a scratch disk for block-device stores\n"
		"  --procs N        workers in parallel (1..%d, default 2)\n"
		"  --fail-slab      the workers' slab allocations fail as set up in\n"
		"                   /sys/kernel/debug/failslab (task-filter)\n",
		FZ_DISKS_MAX, FZ_PROCS_MAX);
}

static void worker_run(struct fz *f, double until)
{
	static struct mb m;

	while (now_s() < until) {
		uint32_t r = fz_below(f, 100);

		if (r < 30) {
			fz_valid_step(f);
		} else if (r < 60) {
			fz_plausible(f, &m, (uint8_t)fz_below(f, FZ_CMDS));
			fz_mutate(f, &m);
			fz_exchange(f, &m, NULL);
		} else if (r < 80) {
			fz_random_msg(f, &m);
			if (fz_chance(f, 30))
				fz_mutate(f, &m);
			fz_exchange(f, &m, NULL);
		} else if (r < 88) {
			/* plausible but with edge values and wrong paths */
			fz_plausible(f, &m, (uint8_t)fz_below(f, FZ_CMDS));
			fz_exchange(f, &m, NULL);
		} else {
			fz_io_step(f);
		}
	}
}

static int open_fz(struct fz *f, int worker, uint64_t seed)
{
	char why[256];

	f->worker = worker;
	f->rng = seed;
	if (nlc_open(&f->nl, why, sizeof(why))) {
		fprintf(stderr, "nlfuzz[%d]: %s\n", worker, why);
		return -1;
	}
	fz_events_open(f);	/* without events the run still counts */
	return 0;
}

/*
 * --fail-slab: this worker's slab allocations are subject to the kernel's
 * failslab fault injection (task-filter), which the caller has set up in
 * /sys/kernel/debug/failslab: the netlink handlers of lvss run in the
 * worker's context, so their allocations fail now and then and their
 * error paths run. The parent (cleanup, final check) is not affected,
 * nor is half of the valid steps (valid.c).
 */
static int make_it_fail(struct fz *f)
{
	f->failfd = open("/proc/self/make-it-fail", O_WRONLY);
	if (f->failfd < 0 || pwrite(f->failfd, "1\n", 2, 0) != 2) {
		fprintf(stderr, "nlfuzz[%d]: /proc/self/make-it-fail: %s (no CONFIG_FAULT_INJECTION?)\n",
			f->worker, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_stats(const struct fz_stats *s, uint64_t seed,
			double secs, int procs, int bad)
{
	uint64_t answered = 0, valid_tried = 0, valid_ok = 0, send_errs = 0;
	int i;

	printf("nlfuzz: seed=%" PRIu64 " procs=%d ran %.0f s\n", seed, procs,
	       secs);
	printf("nlfuzz: sent %" PRIu64 " (random %" PRIu64 ", mutated %" PRIu64
	       "), replies %" PRIu64 " (%" PRIu64 " cut by a small buffer), no answer %"
	       PRIu64 ", events %" PRIu64 "\n", s->sent, s->random_msgs,
	       s->mutated_msgs, s->replies, s->truncated, s->no_answer,
	       s->events);
	for (i = 0; i < FZ_ERRNO_MAX; i++) {
		answered += s->answer[i];
		send_errs += s->send_err[i];
		if (s->answer[i])
			printf("nlfuzz:   answer %-3d %-16s %" PRIu64 "\n", i,
			       i ? strerrorname_np(i) ?: "?" : "OK",
			       s->answer[i]);
	}
	for (i = 0; i < FZ_ERRNO_MAX; i++)
		if (s->send_err[i])
			printf("nlfuzz:   sendto %-3d %-16s %" PRIu64 "\n", i,
			       strerrorname_np(i) ?: "?", s->send_err[i]);
	for (i = 0; i < FZ_CMDS; i++) {
		valid_tried += s->valid_tried[i];
		valid_ok += s->valid_ok[i];
		if (s->valid_tried[i])
			printf("nlfuzz:   valid %-16s %6" PRIu64 " ok of %6" PRIu64
			       "\n", fz_cmd_name(i), s->valid_ok[i],
			       s->valid_tried[i]);
	}
	printf("nlfuzz: I/O: %" PRIu64 " origin writes (%" PRIu64 " failed), %"
	       PRIu64 " snapshot reads (%" PRIu64 " failed)\n", s->writes,
	       s->write_err, s->snap_reads, s->snap_read_err);
	printf("nlfuzz: slowest exchange %" PRIu64 " ms (%s)\n", s->slowest_ms,
	       fz_cmd_name(s->slowest_cmd));
	printf("RESULT seed=%" PRIu64 " sent=%" PRIu64 " answered=%" PRIu64
	       " send_errors=%" PRIu64 " valid_ok=%" PRIu64 " valid_tried=%"
	       PRIu64 " attach_ok=%" PRIu64 " store_ok=%" PRIu64 " take_ok=%"
	       PRIu64 " delete_ok=%" PRIu64 " cbt_changes_ok=%" PRIu64
	       " events=%" PRIu64 " broken=%" PRIu64 " bad_workers=%d\n",
	       seed, s->sent, answered, send_errs, valid_ok, valid_tried,
	       s->valid_ok[LVSS_CMD_ATTACH], s->valid_ok[LVSS_CMD_STORE_ADD],
	       s->valid_ok[LVSS_CMD_SNAPSHOT_TAKE],
	       s->valid_ok[LVSS_CMD_SNAPSHOT_DELETE],
	       s->valid_ok[LVSS_CMD_CBT_GET_CHANGES], s->events, s->broken,
	       bad);
}

/* Walks the attributes of [start, end): true if they tile it exactly. */
static bool well_formed(const unsigned char *p, size_t start, size_t end,
			int depth)
{
	size_t off = start;

	while (off < end) {
		struct nlattr a;

		if (off + NLA_HDRLEN > end)
			return false;
		memcpy(&a, p + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || off + a.nla_len > end)
			return false;
		if ((a.nla_type & NLA_F_NESTED) && depth < 8 &&
		    !well_formed(p, off + NLA_HDRLEN, off + a.nla_len,
				 depth + 1))
			return false;
		off += NLA_ALIGN(a.nla_len);
	}
	return off == NLA_ALIGN(end);
}

/*
 * --self-test N: the generators offline (no socket, no kernel), N rounds
 * each: plausible requests are well-formed netlink (header length, every
 * attribute and nest tiling its parent), random and mutated ones stay in
 * the buffer (run it under ASan: make -C tests/fuzz test). TAP.
 */
static int self_test(uint64_t rounds)
{
	static struct fz f;
	static struct mb m;
	struct fz_stats st = { 0 };
	uint64_t i, bad_plausible = 0, overflow = 0, kinds = 0;
	bool cmds[256] = { false };
	int n = 0, failed = 0;

	f.st = &st;
	f.rng = 1;
	f.failfd = -1;
	f.nl.family = 0x42;
	f.disks[0] = (struct fz_disk){ .path = "/dev/sdb", .attached = true,
				       .store = true, .has_gen = true,
				       .base_seq = 2, .seq = 9,
				       .size = 64ULL << 20 };
	f.ndisks = 1;
	f.store_dev = "/dev/sdc";
	f.snaps[0] = (struct fz_snap){ .id = 3, .disk = "lvss3" };
	f.nsnaps = 1;
	for (i = 0; i < rounds; i++) {
		uint8_t cmd = (uint8_t)fz_below(&f, FZ_CMDS);
		size_t len;

		fz_plausible(&f, &m, cmd);
		len = mb_finish(&m, 1, 1);
		if (m.overflow || m.depth || len != m.len ||
		    !well_formed(m.buf, NLMSG_HDRLEN + GENL_HDRLEN, m.len, 0))
			bad_plausible++;
		fz_mutate(&f, &m);
		if (mb_finish(&m, 2, 1) > sizeof(m.buf))
			overflow++;
		fz_random_msg(&f, &m);
		if (fz_chance(&f, 50))
			fz_mutate(&f, &m);
		if (mb_finish(&m, 3, 1) > sizeof(m.buf))
			overflow++;
		if (!cmds[m.buf[NLMSG_HDRLEN]]) {
			cmds[m.buf[NLMSG_HDRLEN]] = true;
			kinds++;
		}
	}
	printf("1..3\n");
	n++;
	printf("%s %d - %" PRIu64 " plausible requests are well-formed netlink (%" PRIu64 " not)\n",
	       bad_plausible ? "not ok" : "ok", n, rounds, bad_plausible);
	failed += !!bad_plausible;
	n++;
	printf("%s %d - %" PRIu64 " random and mutated requests stay in the buffer (%" PRIu64 " not)\n",
	       overflow ? "not ok" : "ok", n, 2 * rounds, overflow);
	failed += !!overflow;
	n++;
	printf("%s %d - random requests use %" PRIu64 " command numbers (want > %d)\n",
	       kinds > FZ_CMDS ? "ok" : "not ok", n, kinds, FZ_CMDS);
	failed += kinds <= FZ_CMDS;
	printf("%d passed, %d failed\n", n - failed, failed);
	return failed ? 1 : 0;
}

static void add_stats(struct fz_stats *sum, const struct fz_stats *s)
{
	const uint64_t *src = (const uint64_t *)s;
	uint64_t *dst = (uint64_t *)sum;
	size_t i, n = offsetof(struct fz_stats, slowest_ms) / sizeof(uint64_t);

	for (i = 0; i < n; i++)
		dst[i] += src[i];
	if (s->slowest_ms > sum->slowest_ms) {
		sum->slowest_ms = s->slowest_ms;
		sum->slowest_cmd = s->slowest_cmd;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "procs", required_argument, NULL, 'p' },
		{ "disk", required_argument, NULL, 'D' },
		{ "store-dev", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "fail-slab", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "self-test", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	static struct fz base = { .failfd = -1 };
	struct fz_stats *stats, sum;
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	double duration = -1, t0, until;
	pid_t pids[FZ_PROCS_MAX];
	int procs = 2, bad = 0, c, i;
	bool fail_slab = false;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'd':
			duration = strtod(optarg, NULL);
			break;
		case 'p':
			procs = atoi(optarg);
			break;
		case 'D':
			if (base.ndisks == FZ_DISKS_MAX) {
				usage(stderr);
				return 2;
			}
			base.disks[base.ndisks].path = optarg;
			base.disks[base.ndisks].size = fz_disk_size(optarg);
			if (!base.disks[base.ndisks].size) {
				fprintf(stderr, "nlfuzz: %s: not a readable block device\n",
					optarg);
				return 2;
			}
			base.ndisks++;
			break;
		case 'S':
			base.store_dev = optarg;
			break;
		case 'v':
			base.verbose = true;
			break;
		case 'F':
			fail_slab = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'T':
			return self_test(strtoull(optarg, NULL, 0));
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || duration <= 0 || procs < 1 ||
	    procs > FZ_PROCS_MAX) {
		usage(stderr);
		return 2;
	}
	stats = mmap(NULL, sizeof(*stats) * procs, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (stats == MAP_FAILED) {
		perror("nlfuzz: mmap");
		return 2;
	}
	memset(stats, 0, sizeof(*stats) * procs);
	/* The family must be there before the workers start. */
	base.st = &sum;
	if (open_fz(&base, -1, seed))
		return 2;
	printf("nlfuzz: seed=%" PRIu64 " duration=%.0f s procs=%d disks=%d%s%s\n",
	       seed, duration, procs, base.ndisks,
	       base.store_dev ? " store-dev=" : "",
	       base.store_dev ? base.store_dev : "");
	printf("nlfuzz: reproduce with --seed %" PRIu64 " (and the same options)\n",
	       seed);
	fflush(stdout);
	t0 = now_s();
	until = t0 + duration;
	for (i = 0; i < procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("nlfuzz: fork");
			procs = i;
			bad++;
			break;
		}
		if (!pids[i]) {
			struct fz *f = &base;

			nlc_close(&f->nl);
			if (open_fz(f, i, seed + (uint64_t)i))
				_exit(3);
			/* After the sockets are open: only the requests fail. */
			if (fail_slab && make_it_fail(f))
				_exit(3);
			f->st = &stats[i];
			worker_run(f, until);
			f->st->done = true;
			_exit(0);
		}
	}
	for (i = 0; i < procs; i++) {
		int status;
		pid_t r;

		/* A worker's own watchdog ends it after 240 s in one exchange. */
		while ((r = waitpid(pids[i], &status, WNOHANG)) == 0 &&
		       now_s() < until + 600)
			usleep(100000);
		if (r == 0) {
			fprintf(stderr, "nlfuzz: worker %d still running %.0f s after the end: killed\n",
				i, now_s() - until);
			kill(pids[i], SIGKILL);
			waitpid(pids[i], &status, 0);
			bad++;
		} else if (WIFSIGNALED(status)) {
			fprintf(stderr, "nlfuzz: worker %d died of signal %d%s (slowest exchange: %s)\n",
				i, WTERMSIG(status),
				WTERMSIG(status) == SIGALRM ?
				" (watchdog: one exchange took over 240 s)" : "",
				fz_cmd_name(stats[i].slowest_cmd));
			bad++;
		} else if (WEXITSTATUS(status) || !stats[i].done) {
			fprintf(stderr, "nlfuzz: worker %d exited %d\n", i,
				WEXITSTATUS(status));
			bad++;
		}
	}
	memset(&sum, 0, sizeof(sum));
	for (i = 0; i < procs; i++)
		add_stats(&sum, &stats[i]);
	/* Leave nothing behind; then the module must still answer. */
	{
		struct fz_stats tail = { 0 };
		static struct mb m;

		base.st = &tail;
		base.plain = true;
		fz_cleanup(&base);
		mb_init(&m, base.nl.family, NLM_F_REQUEST | NLM_F_ACK,
			LVSS_CMD_GET_STATUS, 0);
		if (fz_exchange(&base, &m, NULL) != 0 || !base.nreplies) {
			fprintf(stderr, "nlfuzz: GET_STATUS after the run failed\n");
			bad++;
		}
	}
	print_stats(&sum, seed, now_s() - t0, procs, bad);
	return bad || sum.broken ? 1 : 0;
}
