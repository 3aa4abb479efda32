// SPDX-License-Identifier: MIT
/*
 * The listening of 'lvss monitor' (monitor_listen()) on a handle without
 * lvss.ko: the ready line, --count, --timeout and their exit codes,
 * SIGTERM and SIGINT, text and JSON lines. Events are sent to the handle
 * from a second socket where that is permitted (root), else skipped.
 */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "cli_run.h"
#include "cmds.h"
#include "fake_handle.h"
#include "tap.h"

#define READY	MONITOR_READY_LINE "\n"

static int64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs monitor_listen() on @h with the CLI's streams captured. */
static void listen_on(struct result *r, struct lvss_handle *h, bool json,
		      uint64_t count, uint64_t timeout_s)
{
	struct cli cli = { .cmds = lvss_commands, .json = json };

	capture_start(&r->out);
	capture_start(&r->err);
	cli.out = r->out.f;
	cli.err = r->err.f;
	r->rc = monitor_listen(&cli, h, count, timeout_s);
	capture_end(&r->out);
	capture_end(&r->err);
}

static void test_timeout(void)
{
	struct lvss_handle h;
	struct result r;
	int64_t t0, took;

	fake_open(&h, true);
	t0 = ms_now();
	listen_on(&r, &h, false, 0, 1);
	took = ms_now() - t0;
	is_int(r.rc, CLI_OK, "no --count: the timeout running out is exit 0");
	is_str(r.err.buf, READY, "stderr holds the ready line alone");
	is_str(r.out.buf, "", "no event, no output");
	ok(took >= 990 && took < 10000, "it waited the second (%lld ms)",
	   (long long)took);
	done(&r);

	listen_on(&r, &h, false, 2, 1);
	is_int(r.rc, CLI_FAILED, "--count 2 not reached within --timeout 1: exit 1");
	is_str(r.err.buf, READY "lvss monitor: only 0 of 2 events within 1 s\n",
	       "and it says how many of how many came in what time");
	done(&r);
	nl_socket_free(h.sk);
}

/* A signal sent before monitor_listen() runs, held until it waits. */
static void stop_by(int sig, const char *name)
{
	struct sigaction before, after;
	struct lvss_handle h;
	sigset_t block, old;
	struct result r;

	fake_open(&h, true);
	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(sig, NULL, &before);
	raise(sig);
	listen_on(&r, &h, false, 5, 0);
	is_int(r.rc, CLI_OK, "%s ends the monitor with exit 0, even short of --count",
	       name);
	ok(!strcmp(r.err.buf, READY) && !*r.out.buf,
	   "%s: the ready line, then nothing", name);
	sigaction(sig, NULL, &after);
	ok(after.sa_handler == before.sa_handler,
	   "%s: its disposition is given back", name);
	sigprocmask(SIG_SETMASK, &old, NULL);
	done(&r);
	nl_socket_free(h.sk);
}

static void test_events(void)
{
	struct lvss_handle h;
	struct nl_sock *tx;
	struct result r;

	fake_open(&h, true);
	tx = sender_to(h.sk);
	if (!send_raw(tx, build_event_store_low(0))) {
		for (int i = 0; i < 8; i++)
			tap_skip("not permitted to send to a netlink port (not root)");
		goto out;
	}
	send_raw(tx, build_reply(LVSS_CMD_MAX + 1, 0));	/* skipped */
	send_raw(tx, build_event_failed(0));
	send_raw(tx, build_event_store_low(0));	/* stays queued */
	listen_on(&r, &h, false, 2, 10);
	is_int(r.rc, CLI_OK, "--count 2: exit 0 after the second event");
	is_str(r.err.buf, READY, "stderr: the ready line alone");
	is_str(r.out.buf,
	       "store-low device=/dev/vdb used=7.0G total=8.0G (12% free) chunk=64.0K\n"
	       "snapshot-failed device=/dev/sdb id=3 seq=4294967298 error=ENOSPC (28): the CoW store is full\n",
	       "a line per event, the unknown one skipped, none after the count");
	done(&r);

	listen_on(&r, &h, true, 3, 1);
	is_int(r.rc, CLI_FAILED, "1 of --count 3 within --timeout 1: exit 1");
	is_str(r.out.buf,
	       "{\"event\":\"store-low\",\"device\":\"/dev/vdb\",\"chunk_size\":65536,"
	       "\"used_bytes\":7516192768,\"total_bytes\":8589934592}\n",
	       "--json: the queued event as one JSON line");
	is_str(r.err.buf, READY "lvss monitor: only 1 of 3 events within 1 s\n",
	       "and the shortfall is named");
	done(&r);

	send_raw(tx, build_event_store_low(LVSS_ATTR_STORE_USED));
	listen_on(&r, &h, false, 1, 5);
	is_int(r.rc, CLI_FAILED, "a malformed event ends the monitor with exit 1");
	ok(strstr(r.err.buf, "lvss: malformed STORE_LOW event from lvss.ko: missing LVSS_ATTR_STORE_USED") &&
	   !*r.out.buf, "with the parser's message on stderr, nothing on stdout");
	done(&r);
out:
	nl_socket_free(tx);
	nl_socket_free(h.sk);
}

int main(void)
{
	alarm(60);	/* a wait that never ends fails this test only */
	test_timeout();
	stop_by(SIGTERM, "SIGTERM");
	stop_by(SIGINT, "SIGINT");
	test_events();
	return tap_done();
}
