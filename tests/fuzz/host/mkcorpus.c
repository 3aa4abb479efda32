// SPDX-License-Identifier: MIT
/*
 * Writes the seed corpus of the host fuzz targets (make -C tests/fuzz
 * corpus): well-formed inputs laid out as lvss.ko lays out its messages
 * (user/tests/nl_build.h, the unit tests' builders), so the fuzzers start
 * from every parser's accepted shapes. Usage: mkcorpus DIR.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/fiemap.h>

#include "nl_build.h"

static const char *dir;

static void put_file(const char *target, const char *name, const void *a,
		     size_t alen, const void *b, size_t blen)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(a, 1, alen, f) != alen ||
	    (blen && fwrite(b, 1, blen, f) != blen) || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* fuzz_nl_reply: the selector byte, then the message (freed). */
static void reply(const char *name, uint8_t which, struct nl_msg *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);

	put_file("fuzz_nl_reply", name, &which, 1, nlh, nlh->nlmsg_len);
	nlmsg_free(m);
}

/* fuzz_nl_dump: the selector, then the messages (freed), back to back. */
static void dump(const char *name, uint8_t which, struct nl_msg **msgs,
		 size_t n)
{
	unsigned char buf[65536];
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		struct nlmsghdr *nlh = nlmsg_hdr(msgs[i]);

		if (len + NLMSG_ALIGN(nlh->nlmsg_len) > sizeof(buf))
			exit(1);
		memset(buf + len, 0, NLMSG_ALIGN(nlh->nlmsg_len));
		memcpy(buf + len, nlh, nlh->nlmsg_len);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(msgs[i]);
	}
	put_file("fuzz_nl_dump", name, &which, 1, buf, len);
}

static void replies(void)
{
	static const uint8_t gen[LVSS_CBT_GENERATION_LEN] = { 1, 2, 3, 4 };
	static const uint64_t ext[] = { 0, 65536, 1 << 20, 131072 };
	struct nl_msg *m;

	m = build_reply(LVSS_CMD_GET_VERSION, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	reply("version", 0, m);
	m = build_reply(LVSS_CMD_GET_STATUS, 0);
	nla_put_string(m, LVSS_ATTR_MODULE_VERSION, "0.1.0");
	nla_put_u32(m, LVSS_ATTR_ABI_VERSION, LVSS_ABI_VERSION);
	nla_put_u32(m, LVSS_ATTR_DEVICE_COUNT, 2);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 3);
	nla_put(m, LVSS_ATTR_PAD, 0, NULL);
	nla_put_u64(m, LVSS_ATTR_UPTIME_MS, 123456);
	nla_put_u64(m, LVSS_ATTR_EVENTS_DROPPED, 1);
	reply("status", 1, m);
	m = build_device("/dev/sdb", 0);
	put_store(m, 0);
	nla_put_u32(m, LVSS_ATTR_SNAPSHOT_COUNT, 1);
	nla_put_u32(m, LVSS_ATTR_STORE_LOW_PERCENT, 10);
	nla_put_u32(m, LVSS_ATTR_CBT_BLOCK_SIZE, 65536);
	nla_put_u64(m, LVSS_ATTR_CBT_MAP_BYTES, 4096);
	reply("device-store", 2, m);
	reply("device-plain", 2, build_device("/dev/vdb1", 0));
	reply("take", 3, build_take_reply(0));
	reply("snapshot-active", 4, build_snapshot(3, 0, NULL, 0));
	reply("snapshot-failed", 4, build_snapshot(4, ENOSPC,
						   "the CoW store is full", 0));
	reply("event-failed", 5, build_event_failed(0));
	reply("event-store-low", 5, build_event_store_low(0));
	reply("cbt-info", 6, build_cbt_info(gen, 0));
	reply("cbt-changes", 7, build_cbt_changes("/dev/sdb", ext, 2));
	reply("cbt-changes-empty", 7, build_cbt_changes("/dev/sdb", NULL, 0));
	reply("extack-error", 8, build_error(-EINVAL, NLM_F_ACK_TLVS, 18,
					     "missing LVSS_ATTR_DEV_PATH"));
	reply("extack-capped", 8, build_error(-EPERM, NLM_F_CAPPED |
					      NLM_F_ACK_TLVS, 0,
					      "lvss needs CAP_SYS_ADMIN"));
	reply("extack-done", 8, build_done(-ESTALE, "generation changed"));
	reply("take-members", 9, build_take_reply(0));
}

static void dumps(void)
{
	static const uint64_t a[] = { 0, 65536, 1 << 20, 131072 };
	static const uint64_t b[] = { (1 << 20) + 131072, 65536, 8 << 20, 4096 };
	struct nl_msg *m[4];

	m[0] = build_device("/dev/sdb", 0);
	m[1] = build_device("/dev/sdc", 0);
	put_store(m[1], 0);
	m[2] = build_done(0, NULL);
	dump("devices", 0, m, 3);
	m[0] = build_error(-EPERM, NLM_F_CAPPED | NLM_F_ACK_TLVS, 0,
			   "lvss needs CAP_SYS_ADMIN");
	dump("devices-eperm", 0, m, 1);
	m[0] = build_snapshot(1, 0, NULL, 0);
	m[1] = build_snapshot(2, EIO, "I/O error on the store", 0);
	m[2] = build_done(0, NULL);
	dump("snapshots", 1, m, 3);
	m[0] = build_cbt_changes("/dev/sdb", a, 2);
	m[1] = build_cbt_changes("/dev/sdb", b, 2);
	m[2] = build_cbt_changes("/dev/sdb", NULL, 0);
	m[3] = build_done(0, NULL);
	dump("cbt-changes", 2, m, 4);
	m[0] = build_cbt_changes("/dev/sdb", a, 1);
	m[1] = build_done(-ESTALE, "the changed-block history was reset");
	dump("cbt-changes-stale", 2, m, 2);
}

/* fuzz_storefile: header, then FIEMAP answers. */
static void storefile(const char *name, uint64_t size, uint32_t bs,
		      uint8_t imm, uint64_t want,
		      const struct fiemap_extent *ext, const uint32_t *counts,
		      size_t answers)
{
	unsigned char buf[4096];
	size_t len = 0, i, k = 0;

	memcpy(buf, &size, 8);
	memcpy(buf + 8, &bs, 4);
	buf[12] = imm;
	memcpy(buf + 13, &want, 8);
	len = 21;
	for (i = 0; i < answers; i++) {
		memcpy(buf + len, &counts[i], 4);
		len += 4;
		memcpy(buf + len, ext + k, counts[i] * sizeof(*ext));
		len += counts[i] * sizeof(*ext);
		k += counts[i];
	}
	put_file("fuzz_storefile", name, buf, len, NULL, 0);
}

static void storefiles(void)
{
	const uint64_t mib = 1 << 20;
	struct fiemap_extent one[] = {
		{ .fe_logical = 0, .fe_physical = 100 * mib, .fe_length = 8 * mib,
		  .fe_flags = FIEMAP_EXTENT_LAST },
	};
	struct fiemap_extent three[] = {
		{ .fe_logical = 0, .fe_physical = 10 * mib, .fe_length = 2 * mib },
		{ .fe_logical = 2 * mib, .fe_physical = 12 * mib,
		  .fe_length = 2 * mib },
		{ .fe_logical = 4 * mib, .fe_physical = 40 * mib,
		  .fe_length = 4 * mib, .fe_flags = FIEMAP_EXTENT_LAST },
	};
	struct fiemap_extent bad[] = {
		{ .fe_logical = 0, .fe_physical = 10 * mib, .fe_length = 8 * mib,
		  .fe_flags = FIEMAP_EXTENT_UNWRITTEN | FIEMAP_EXTENT_LAST },
	};
	uint32_t c1[] = { 1 }, c21[] = { 2, 1 }, c3[] = { 3 };

	storefile("one-extent", 8 * mib, 4096, 1, 8 * mib, one, c1, 1);
	storefile("merged-batches", 8 * mib, 4096, 1, 8 * mib, three, c21, 2);
	storefile("three", 8 * mib, 4096, 0, 16 * mib, three, c3, 1);
	storefile("unwritten", 8 * mib, 4096, 1, 8 * mib, bad, c1, 1);
}

static void arg(const char *name, const char *const *words)
{
	char buf[1024];
	size_t len = 0;

	for (; *words; words++) {
		size_t n = strlen(*words) + 1;

		memcpy(buf + len, *words, n);
		len += n;
	}
	/* the last NUL is the end of the input, not an empty argument */
	put_file("fuzz_cli", name, buf, len ? len - 1 : 0, NULL, 0);
}

#define ARGS(name, ...) arg(name, (const char *const[]){ __VA_ARGS__, NULL })

static void cli(void)
{
	ARGS("help", "help");
	ARGS("help-snapshot", "help", "snapshot");
	ARGS("version", "--json", "version");
	ARGS("status", "status", "--json");
	ARGS("attach", "attach", "/dev/sdb", "--cbt-block-size", "64K");
	ARGS("detach", "detach", "/dev/sdb");
	ARGS("devices", "devices");
	ARGS("store-memory", "store", "add", "/dev/sdb", "--memory", "1G",
	     "--chunk-size", "64K", "--low-space", "10");
	ARGS("store-device", "store", "add", "/dev/sdb", "--device=/dev/sdc");
	ARGS("store-file", "store", "add", "/dev/sdb", "--file",
	     "/var/lib/lvss/store", "--size", "2G");
	ARGS("take", "snapshot", "take", "/dev/sdb", "/dev/sdc",
	     "--timeout", "5000");
	ARGS("delete", "snapshot", "delete", "3");
	ARGS("snapshots", "--json", "snapshots");
	ARGS("cbt-info", "cbt", "info", "/dev/sdb");
	ARGS("cbt-changes", "cbt", "changes", "--snapshots", "1", "2",
	     "--generation", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	ARGS("cbt-changes-seq", "cbt", "changes", "/dev/sdb", "--from", "3",
	     "--to", "7");
	ARGS("cbt-mark", "cbt", "mark-dirty", "/dev/sdb", "4096", "1M");
	ARGS("cbt-reset", "cbt", "reset", "/dev/sdb");
	ARGS("monitor", "monitor", "--json", "--count", "3", "--timeout",
	     "10");
	ARGS("snapshot-list", "snapshot", "list");
	ARGS("unknown", "frobnicate", "--x");
}

static void dev_paths(void)
{
	static const char *const paths[] = {
		"/dev/null", "/dev/sda", "relative", "/dev/../dev/./null",
		"/proc/self/root/dev/null", "",
	};
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(name, sizeof(name), "path-%zu", i);
		put_file("fuzz_dev_path", name, paths[i], strlen(paths[i]),
			 NULL, 0);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus DIR\n");
		return 2;
	}
	dir = argv[1];
	mkdir(dir, 0755);
	replies();
	dumps();
	storefiles();
	cli();
	dev_paths();
	return 0;
}
