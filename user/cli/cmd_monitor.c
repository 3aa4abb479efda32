// SPDX-License-Identifier: MIT
/*
 * lvss monitor [--count N] [--timeout SECONDS]: print lvss.ko's events as
 * they come, one line each, like 'udevadm monitor'. Scripts and tests wait
 * for its "listening" line on stderr before they make something happen.
 *
 * SIGINT and SIGTERM end it with exit 0. They are blocked except while it
 * waits in pselect(), so one that comes while an event is printed is not
 * lost between checking for it and waiting again.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

#include "cmds.h"

#define MONITOR_TIMEOUT_MAX_S	31536000U	/* 365 days */

/* The command line, checked. */
struct monitor_args {
	uint64_t count;		/* --count, 0 when not given */
	uint64_t timeout_s;	/* --timeout, 0 when not given */
};

/* Whole percent of @total that is free; 0 for an empty store. */
static unsigned int free_percent(uint64_t used, uint64_t total)
{
	uint64_t free_bytes = used < total ? total - used : 0;

	if (!total)
		return 0;
	/* No overflow: free * 100 only when it fits. */
	if (free_bytes <= UINT64_MAX / 100)
		return (unsigned int)(free_bytes * 100 / total);
	return (unsigned int)(free_bytes / (total / 100));
}

static void snapshot_failed_print(struct printer *p,
				  const struct lvss_event *ev)
{
	const char *name = format_errno_name(ev->error);
	const char *why = *ev->error_msg ? ev->error_msg :
			  strerror(ev->error);
	char error[32];

	if (name)
		snprintf(error, sizeof(error), "%s (%d)", name, ev->error);
	else
		snprintf(error, sizeof(error), "%d", ev->error);
	print_line(p, "snapshot-failed device=%s id=%" PRIu32 " seq=%" PRIu64 " error=%s: %s",
		   ev->dev_path, ev->snapshot_id, ev->seq, error, why);
	print_json_str(p, "event", "snapshot-failed");
	print_json_str(p, "device", ev->dev_path);
	print_json_u64(p, "id", ev->snapshot_id);
	print_json_u64(p, "seq", ev->seq);
	print_json_u64(p, "error", (uint64_t)ev->error);
	if (name)
		print_json_str(p, "error_name", name);
	print_json_str(p, "error_msg", ev->error_msg);
}

static void store_low_print(struct printer *p, const struct lvss_event *ev)
{
	char used[16], total[16], chunk[16];

	format_size(ev->store_used_bytes, used, sizeof(used));
	format_size(ev->store_total_bytes, total, sizeof(total));
	format_size(ev->chunk_size, chunk, sizeof(chunk));
	print_line(p, "store-low device=%s used=%s total=%s (%u%% free) chunk=%s",
		   ev->dev_path, used, total,
		   free_percent(ev->store_used_bytes, ev->store_total_bytes),
		   chunk);
	print_json_str(p, "event", "store-low");
	print_json_str(p, "device", ev->dev_path);
	print_json_u64(p, "chunk_size", ev->chunk_size);
	print_json_u64(p, "used_bytes", ev->store_used_bytes);
	print_json_u64(p, "total_bytes", ev->store_total_bytes);
}

void event_print(struct printer *p, const struct lvss_event *ev)
{
	switch (ev->type) {
	case LVSS_EVENT_SNAPSHOT_FAILED:
		snapshot_failed_print(p, ev);
		return;
	case LVSS_EVENT_STORE_LOW:
		store_low_print(p, ev);
		return;
	}
	/* liblvss returns no other type; if it ever does, say so. */
	print_line(p, "unknown event type=%d device=%s", (int)ev->type,
		   ev->dev_path);
	print_json_str(p, "event", "unknown");
	print_json_str(p, "device", ev->dev_path);
}

static int monitor_parse(struct cli *cli, int argc, char **argv,
			 struct monitor_args *a)
{
	bool count_given = false, timeout_given = false;
	const char *v;
	int i, m;

	*a = (struct monitor_args){ 0 };
	for (i = 0; i < argc; i++) {
		if ((m = cli_option(cli, argc, argv, &i, "--count", &v))) {
			if (m < 0)
				return CLI_USAGE;
			if (count_given)
				return cli_usage_error(cli, "--count is given twice");
			count_given = true;
			if (cli_number(cli, "--count", v, &a->count))
				return CLI_USAGE;
			if (!a->count)
				return cli_usage_error(cli,
					"--count must be at least 1, got 0: how many events to wait for");
			continue;
		}
		if ((m = cli_option(cli, argc, argv, &i, "--timeout", &v))) {
			if (m < 0)
				return CLI_USAGE;
			if (timeout_given)
				return cli_usage_error(cli, "--timeout is given twice");
			timeout_given = true;
			if (cli_number(cli, "--timeout", v, &a->timeout_s))
				return CLI_USAGE;
			if (!a->timeout_s ||
			    a->timeout_s > MONITOR_TIMEOUT_MAX_S)
				return cli_usage_error(cli,
					"--timeout must be between 1 and %u seconds, got %" PRIu64,
					MONITOR_TIMEOUT_MAX_S, a->timeout_s);
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_unknown_option(cli, argv[i]);
		return cli_no_args(cli, argc - i, argv + i);
	}
	return CLI_OK;
}

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* What the signals were before the monitor took SIGINT and SIGTERM. */
struct saved_signals {
	sigset_t mask;
	struct sigaction sigint, sigterm;
};

/* Blocks SIGINT and SIGTERM, caught; @wait_mask lets them in again. */
static void take_signals(struct saved_signals *saved, sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = on_stop };
	sigset_t block;

	stop_signal = 0;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &saved->mask);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &saved->sigint);
	sigaction(SIGTERM, &sa, &saved->sigterm);
	*wait_mask = saved->mask;
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
}

static void give_back_signals(const struct saved_signals *saved)
{
	/* Unblocked first: one still pending meets our handler, not death. */
	sigprocmask(SIG_SETMASK, &saved->mask, NULL);
	sigaction(SIGINT, &saved->sigint, NULL);
	sigaction(SIGTERM, &saved->sigterm, NULL);
}

/* Time until @deadline into @left; false when it has passed. */
static bool time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_nsec += 1000000000L;
		left->tv_sec--;
	}
	return left->tv_sec > 0 || (left->tv_sec == 0 && left->tv_nsec > 0);
}

static int print_event(struct cli *cli, const struct lvss_event *ev)
{
	struct printer *p = cli_printer(cli);

	if (!p)
		return CLI_FAILED;
	event_print(p, ev);
	return cli_print_finish(cli, p);	/* flushes: one line, now */
}

/*
 * Waits for events and prints them until @a's count, its timeout or a
 * signal ends it. Returns the exit code; *@got counts the events printed.
 */
static int listen_loop(struct cli *cli, struct lvss_handle *h,
		       const struct monitor_args *a, const sigset_t *wait_mask,
		       uint64_t *got)
{
	struct timespec deadline, left, *limit;
	int fd = lvss_event_fd(h);
	struct lvss_event ev;
	struct lvss_error err;
	fd_set readable;
	int n, rc;

	if (fd < 0 || fd >= FD_SETSIZE)
		return cli_error(cli, "cannot wait for lvss events: descriptor %d is out of range for pselect()",
				 fd);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)a->timeout_s;
	for (;;) {
		if (stop_signal || (a->count && *got >= a->count))
			return CLI_OK;
		limit = NULL;
		if (a->timeout_s) {
			if (!time_left(&deadline, &left))
				break;
			limit = &left;
		}
		FD_ZERO(&readable);
		FD_SET(fd, &readable);
		n = pselect(fd + 1, &readable, NULL, NULL, limit, wait_mask);
		if (n < 0 && errno == EINTR)
			continue;	/* a signal: the loop checks it */
		if (n < 0)
			return cli_error(cli, "cannot wait for lvss events: %s",
					 strerror(errno));
		if (n == 0)
			continue;	/* the loop sees the time is up */
		rc = lvss_event_next(h, 0, &ev, &err);
		if (rc == -ETIMEDOUT)
			continue;	/* a newer lvss.ko's event, skipped */
		if (rc == -ENOBUFS) {
			cli_error(cli, "%s", err.msg);	/* and listen on */
			continue;
		}
		if (rc)
			return cli_error(cli, "%s", err.msg);
		rc = print_event(cli, &ev);
		if (rc)
			return rc;
		++*got;
	}
	/* The time is up. */
	if (!a->count)
		return CLI_OK;
	fprintf(cli->err, "lvss monitor: only %" PRIu64 " of %" PRIu64 " events within %" PRIu64 " s\n",
		*got, a->count, a->timeout_s);
	return CLI_FAILED;
}

int monitor_listen(struct cli *cli, struct lvss_handle *h, uint64_t count,
		   uint64_t timeout_s)
{
	const struct monitor_args a = { count, timeout_s };
	struct saved_signals saved;
	sigset_t wait_mask;
	uint64_t got = 0;
	int rc;

	/* Before "listening": a signal after it must find our handler. */
	take_signals(&saved, &wait_mask);
	fprintf(cli->err, "%s\n", MONITOR_READY_LINE);
	fflush(cli->err);
	rc = listen_loop(cli, h, &a, &wait_mask, &got);
	give_back_signals(&saved);
	return rc;
}

static int do_monitor(struct cli *cli, int argc, char **argv)
{
	struct monitor_args a;
	struct lvss_handle *h;
	struct lvss_error err;
	int rc;

	rc = monitor_parse(cli, argc, argv, &a);
	if (rc)
		return rc;
	rc = cli_connect(cli, &h);
	if (rc)
		return rc;
	rc = lvss_events_subscribe(h, &err);
	if (rc)
		rc = cli_error(cli, "%s", err.msg);
	else
		rc = monitor_listen(cli, h, a.count, a.timeout_s);
	lvss_close(h);
	return rc;
}

const struct cmd cmd_monitor = {
	.name = "monitor",
	.summary = "print events as they come: failed snapshots, low stores",
	.usage = "lvss [--json] monitor [--count N] [--timeout SECONDS]\n"
		 "\n"
		 "Listen for the events of lvss.ko and print a line for each as it\n"
		 "comes:\n"
		 "  snapshot-failed device=/dev/sdb id=3 seq=2 error=ENOSPC (28): the CoW store is full\n"
		 "      snapshot 3 (seq 2 of /dev/sdb) failed: reading it gives I/O\n"
		 "      errors ('lvss snapshots' shows it; delete it)\n"
		 "  store-low device=/dev/sdb used=9.2G total=10.0G (8% free) chunk=64.0K\n"
		 "      less of the device's CoW store is free than its low-space\n"
		 "      threshold ('lvss store add --low-space'); told once, until\n"
		 "      space is added ('lvss store add')\n"
		 "Once it listens it writes \"" MONITOR_READY_LINE "\" to stderr.\n"
		 "  --count N           exit after N events (N >= 1)\n"
		 "  --timeout SECONDS   stop waiting after SECONDS (1 to 31536000)\n"
		 "Exit status: 0 after N events or, without --count, when the timeout\n"
		 "ran out; 1 on an error, or when the timeout ran out before N events\n"
		 "came: \"lvss monitor: only K of N events within S s\". SIGINT and\n"
		 "SIGTERM end it with 0; without either option it listens until then.\n"
		 "When events came faster than they were read, it says some were\n"
		 "lost and listens on; 'lvss status' counts the events lvss.ko could\n"
		 "not send at all. Needs root and lvss.ko of ABI 1.1 or later.\n"
		 "JSON: one object per event and line, with keys event\n"
		 "(\"snapshot-failed\": device, id, seq, error (errno), error_name\n"
		 "(\"ENOSPC\"), error_msg; \"store-low\": device, chunk_size, used_bytes,\n"
		 "total_bytes; integers, bytes exact).\n",
	.run = do_monitor,
};
