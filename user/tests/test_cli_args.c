// SPDX-License-Identifier: MIT
/*
 * Arguments of the store, snapshot, monitor, attach and cbt commands:
 * sizes, numbers, generations,
 * options with values, and every command line they refuse before
 * connecting to lvss.ko (exit 2 and a message that names what is wrong and
 * what to do).
 * Only failing command lines run here: nothing reaches the kernel.
 */
#include <errno.h>

#include "cli_run.h"
#include "cmds.h"
#include "tap.h"

static void test_sizes(void)
{
	static const struct { const char *s; uint64_t want; } good[] = {
		{ "0", 0 }, { "4096", 4096 }, { "64K", 65536 },
		{ "64k", 65536 }, { "1M", 1ULL << 20 }, { "2G", 2ULL << 30 },
		{ "3t", 3ULL << 40 },
		{ "18446744073709551615", UINT64_MAX },
		{ "16777215T", 16777215ULL << 40 },
	};
	static const struct { const char *s; int rc; } bad[] = {
		{ "", -EINVAL }, { "K", -EINVAL }, { "1.5G", -EINVAL },
		{ "1KB", -EINVAL }, { "1 G", -EINVAL }, { "-1", -EINVAL },
		{ "0x10", -EINVAL }, { "1P", -EINVAL }, { "+4", -EINVAL },
		{ "18446744073709551616", -ERANGE }, { "16777216T", -ERANGE },
		{ "99999999999999999999999999", -ERANGE },
	};
	uint64_t v;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		v = 1;
		ok(parse_size(good[i].s, &v) == 0 && v == good[i].want,
		   "size '%s' is %llu bytes", good[i].s,
		   (unsigned long long)good[i].want);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		ok(parse_size(bad[i].s, &v) == bad[i].rc && v == 7,
		   "size '%s' is refused (%s), the output untouched", bad[i].s,
		   bad[i].rc == -ERANGE ? "too large" : "not a size");
	}
	ok(parse_number("60000", &v) == 0 && v == 60000, "a number");
	ok(parse_number("1K", &v) == -EINVAL, "numbers take no unit");
	ok(parse_number("", &v) == -EINVAL, "nor are empty");
}

/* Runs bin/lvss's table; expects exit 2, @want on stderr, nothing out. */
static void refused(const char *want, const char *name,
		    const char *const *args)
{
	struct result r;

	run_table(&r, lvss_commands, args);
	ok(r.rc == CLI_USAGE && !strcmp(r.err.buf, want) && !*r.out.buf,
	   "%s: exit 2 and says so", name);
	if (strcmp(r.err.buf, want))
		printf("#   got  \"%s\"\n#   want \"%s\"\n", r.err.buf, want);
	done(&r);
}

#define REFUSED(want, name, ...) \
	refused((want), (name), (const char *const[]){ "lvss", __VA_ARGS__, NULL })

static void test_store_add(void)
{
	REFUSED("lvss: store add needs a <device>; run 'lvss help store add' for its usage\n",
		"store add without a device", "store", "add");
	REFUSED("lvss: store add needs a <device>; run 'lvss help store add' for its usage\n",
		"store add with only a store", "store", "add", "--memory", "1G");
	REFUSED("lvss: store add needs a store: --memory SIZE, --device STOREDEV or --file PATH --size SIZE; run 'lvss help store add' for its usage\n",
		"store add without a store", "store", "add", "/dev/sdb");
	REFUSED("lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n",
		"store add with a relative device", "store", "add", "sdb",
		"--memory", "1G");
	REFUSED("lvss: invalid size '1.5G' for --memory: give bytes, or a whole number with K, M, G or T (powers of 1024), e.g. 64K or 2G\n",
		"a size with a fraction", "store", "add", "/dev/sdb",
		"--memory", "1.5G");
	REFUSED("lvss: size '99999999T' for --memory is too large\n",
		"a size beyond 64 bits", "store", "add", "/dev/sdb",
		"--memory=99999999T");
	REFUSED("lvss: store add takes one of --memory, --device and --file, got --memory and --device\n",
		"two store kinds at once", "store", "add", "/dev/sdb",
		"--memory", "1G", "--device", "/dev/sdc");
	REFUSED("lvss: store add takes one of --memory, --device and --file, got --file and --file\n",
		"the same kind twice", "store", "add", "/dev/sdb", "--file",
		"/a", "--file", "/b", "--size", "1G");
	REFUSED("lvss: --file needs --size SIZE: how large to make the store file, e.g. --size 4G\n",
		"a file without a size", "store", "add", "/dev/sdb", "--file",
		"/var/lib/lvss/store");
	REFUSED("lvss: --size goes with --file; a memory store takes its size from --memory\n",
		"a size without a file", "store", "add", "/dev/sdb",
		"--memory", "1G", "--size", "1G");
	REFUSED("lvss: --size is given twice\n", "two sizes", "store", "add",
		"/dev/sdb", "--file", "/s", "--size", "1G", "--size", "2G");
	REFUSED("lvss: --size of 0 bytes holds no chunk: give a size of at least the chunk size\n",
		"a file of 0 bytes", "store", "add", "/dev/sdb", "--file",
		"/s", "--size", "0");
	REFUSED("lvss: a memory store of 0 bytes holds no chunk: give a size of at least the chunk size\n",
		"a memory store of 0 bytes", "store", "add", "/dev/sdb",
		"--memory", "0");
	REFUSED("lvss: a memory store may hold at most 1 TiB (and half of the RAM), got 2199023255552 bytes: use a block device or file store\n",
		"a memory store over 1 TiB", "store", "add", "/dev/sdb",
		"--memory", "2T");
	REFUSED("lvss: store device: device path 'sdc' is not absolute: give the full path, e.g. /dev/vdb\n",
		"a relative store device", "store", "add", "/dev/sdb",
		"--device", "sdc");
	REFUSED("lvss: chunk size must be a power of two, got 49152 bytes: e.g. 4K, 64K or 1M\n",
		"a chunk size that is not a power of two", "store", "add",
		"/dev/sdb", "--memory", "1G", "--chunk-size", "48K");
	REFUSED("lvss: chunk size must be between 4 KiB and 1 MiB, got 2097152 bytes\n",
		"a chunk size over 1 MiB", "store", "add", "/dev/sdb",
		"--memory", "1G", "--chunk-size", "2M");
	REFUSED("lvss: chunk size must be between 4 KiB and 1 MiB, got 0 bytes\n",
		"a chunk size of 0", "store", "add", "/dev/sdb", "--memory",
		"1G", "--chunk-size", "0");
	REFUSED("lvss: --chunk-size is given twice\n", "two chunk sizes",
		"store", "add", "/dev/sdb", "--memory", "1G",
		"--chunk-size", "4K", "--chunk-size", "4K");
	REFUSED("lvss: store add needs a value after --memory; run 'lvss help store add' for its usage\n",
		"an option without its value", "store", "add", "/dev/sdb",
		"--memory");
	REFUSED("lvss: store add has no option '--mem'; run 'lvss help store add' for its usage\n",
		"an unknown option", "store", "add", "/dev/sdb", "--mem", "1G");
	REFUSED("lvss: store add has no option '--memoryx=1G'; run 'lvss help store add' for its usage\n",
		"an option that only starts like one", "store", "add",
		"/dev/sdb", "--memoryx=1G");
	REFUSED("lvss: store add takes one <device>, got '/dev/sdc' too; run 'lvss help store add' for its usage\n",
		"two devices", "store", "add", "/dev/sdb", "/dev/sdc",
		"--memory", "1G");
	REFUSED("lvss: --low-space must be between 0 and 99 percent, got 100; 0 turns the warning off\n",
		"a low-space threshold of 100", "store", "add", "/dev/sdb",
		"--memory", "1G", "--low-space", "100");
	REFUSED("lvss: --low-space must be between 0 and 99 percent, got 4294967306; 0 turns the warning off\n",
		"a low-space threshold beyond 32 bits", "store", "add",
		"/dev/sdb", "--memory", "1G", "--low-space=4294967306");
	REFUSED("lvss: invalid --low-space '10%': give a whole number\n",
		"a low-space threshold with a percent sign", "store", "add",
		"/dev/sdb", "--memory", "1G", "--low-space", "10%");
	REFUSED("lvss: invalid --low-space '-1': give a whole number\n",
		"a negative low-space threshold", "store", "add", "/dev/sdb",
		"--memory", "1G", "--low-space=-1");
	REFUSED("lvss: --low-space is given twice\n", "two thresholds", "store",
		"add", "/dev/sdb", "--memory", "1G", "--low-space", "5",
		"--low-space", "5");
	REFUSED("lvss: store add needs a value after --low-space; run 'lvss help store add' for its usage\n",
		"--low-space without its value", "store", "add", "/dev/sdb",
		"--memory", "1G", "--low-space");
	REFUSED("lvss: store add needs a store: --memory SIZE, --device STOREDEV or --file PATH --size SIZE; run 'lvss help store add' for its usage\n",
		"a threshold alone is no store", "store", "add", "/dev/sdb",
		"--low-space", "0");
	REFUSED("lvss: store needs a command: add; run 'lvss help store' for its usage\n",
		"store alone", "store");
	REFUSED("lvss: unknown store command 'remove'; run 'lvss help store' for the list\n",
		"an unknown store command", "store", "remove");
}

static void test_take(void)
{
	const char *args[40] = { "lvss", "snapshot", "take" };

	REFUSED("lvss: snapshot take needs a <device>; run 'lvss help snapshot take' for its usage\n",
		"take without a device", "snapshot", "take");
	REFUSED("lvss: snapshot take needs a <device>; run 'lvss help snapshot take' for its usage\n",
		"take with only a timeout", "snapshot", "take", "--timeout",
		"1000");
	REFUSED("lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n",
		"take of a relative path", "snapshot", "take", "/dev/sda",
		"sdb");
	REFUSED("lvss: invalid --timeout '1s': give a whole number\n",
		"a timeout with a unit", "snapshot", "take", "/dev/sdb",
		"--timeout", "1s");
	REFUSED("lvss: freeze timeout must be between 100 ms and 60000 ms, got 50\n",
		"a timeout too short", "snapshot", "take", "/dev/sdb",
		"--timeout=50");
	REFUSED("lvss: freeze timeout must be between 100 ms and 60000 ms, got 60001\n",
		"a timeout too long", "snapshot", "take", "--timeout", "60001",
		"/dev/sdb");
	REFUSED("lvss: --timeout is given twice\n", "two timeouts", "snapshot",
		"take", "/dev/sdb", "--timeout", "100", "--timeout", "200");
	REFUSED("lvss: snapshot take has no option '-t'; run 'lvss help snapshot take' for its usage\n",
		"an unknown option", "snapshot", "take", "/dev/sdb", "-t", "5");

	for (int i = 0; i < 33; i++)
		args[3 + i] = "/dev/sdb";
	refused("lvss: a snapshot set holds at most 32 devices, got 33: take several sets\n",
		"33 devices", args);
	REFUSED("lvss: unknown snapshot command 'create'; run 'lvss help snapshot' for the list\n",
		"an unknown snapshot command", "snapshot", "create", "/dev/sdb");
}

static void test_delete_and_list(void)
{
	REFUSED("lvss: snapshot delete needs an <id>; run 'lvss help snapshot delete' for its usage\n",
		"delete without an id", "snapshot", "delete");
	REFUSED("lvss: invalid snapshot id 'abc': give the number in the ID column of 'lvss snapshots'\n",
		"a non-numeric id", "snapshot", "delete", "abc");
	REFUSED("lvss: invalid snapshot id '0': give the number in the ID column of 'lvss snapshots'\n",
		"id 0", "snapshot", "delete", "0");
	REFUSED("lvss: invalid snapshot id '4294967296': give the number in the ID column of 'lvss snapshots'\n",
		"an id beyond 32 bits", "snapshot", "delete", "3", "4294967296");
	REFUSED("lvss: invalid snapshot id '-3': give the number in the ID column of 'lvss snapshots'\n",
		"a negative id", "snapshot", "delete", "--", "-3");
	REFUSED("lvss: snapshots takes no arguments, got '/dev/sdb'; run 'lvss help snapshots' for its usage\n",
		"snapshots with an argument", "snapshots", "/dev/sdb");
	REFUSED("lvss: snapshot list takes no arguments, got 'x'; run 'lvss help snapshot list' for its usage\n",
		"snapshot list with an argument", "snapshot", "list", "x");
}

static void test_monitor(void)
{
	REFUSED("lvss: --count must be at least 1, got 0: how many events to wait for\n",
		"monitor --count 0", "monitor", "--count", "0");
	REFUSED("lvss: invalid --count 'two': give a whole number\n",
		"monitor --count two", "monitor", "--count=two");
	REFUSED("lvss: --count '99999999999999999999' is too large\n",
		"a count beyond 64 bits", "monitor", "--count",
		"99999999999999999999");
	REFUSED("lvss: --count is given twice\n", "two counts", "monitor",
		"--count", "1", "--count", "2");
	REFUSED("lvss: --timeout must be between 1 and 31536000 seconds, got 0\n",
		"monitor --timeout 0", "monitor", "--timeout", "0");
	REFUSED("lvss: --timeout must be between 1 and 31536000 seconds, got 31536001\n",
		"a timeout over a year", "monitor", "--timeout=31536001");
	REFUSED("lvss: invalid --timeout '5s': give a whole number\n",
		"a timeout with a unit", "monitor", "--timeout", "5s");
	REFUSED("lvss: --timeout is given twice\n", "two timeouts", "monitor",
		"--timeout", "5", "--count", "1", "--timeout", "5");
	REFUSED("lvss: monitor needs a value after --timeout; run 'lvss help monitor' for its usage\n",
		"--timeout without its value", "monitor", "--count", "1",
		"--timeout");
	REFUSED("lvss: monitor has no option '-n'; run 'lvss help monitor' for its usage\n",
		"an unknown option", "monitor", "-n", "1");
	REFUSED("lvss: monitor has no option '--counts'; run 'lvss help monitor' for its usage\n",
		"an option that only starts like one", "monitor", "--counts",
		"1");
	REFUSED("lvss: monitor takes no arguments, got '/dev/sdb'; run 'lvss help monitor' for its usage\n",
		"a device", "monitor", "--count", "1", "/dev/sdb");
}

static void test_attach(void)
{
	REFUSED("lvss: tracking block size must be a power of two, got 49152 bytes: e.g. 4K, 64K or 1M\n",
		"a CBT block size that is no power of two", "attach",
		"/dev/sdb", "--cbt-block-size", "48K");
	REFUSED("lvss: tracking block size must be between 4 KiB and 1 MiB, got 2097152 bytes; leave it out for the default\n",
		"a CBT block size over 1 MiB", "attach", "/dev/sdb",
		"--cbt-block-size=2M");
	REFUSED("lvss: tracking block size must be between 4 KiB and 1 MiB, got 0 bytes; leave it out for the default\n",
		"a CBT block size of 0", "attach", "--cbt-block-size", "0",
		"/dev/sdb");
	REFUSED("lvss: invalid size '64KB' for --cbt-block-size: give bytes, or a whole number with K, M, G or T (powers of 1024), e.g. 64K or 2G\n",
		"a CBT block size that is no size", "attach", "/dev/sdb",
		"--cbt-block-size", "64KB");
	REFUSED("lvss: --cbt-block-size is given twice\n", "two block sizes",
		"attach", "/dev/sdb", "--cbt-block-size", "4K",
		"--cbt-block-size", "4K");
	REFUSED("lvss: attach needs a value after --cbt-block-size; run 'lvss help attach' for its usage\n",
		"--cbt-block-size without its value", "attach", "/dev/sdb",
		"--cbt-block-size");
	REFUSED("lvss: attach needs a <device>; run 'lvss help attach' for its usage\n",
		"a block size but no device", "attach", "--cbt-block-size",
		"64K");
	REFUSED("lvss: detach takes one <device>, got '--cbt-block-size' too; run 'lvss help detach' for its usage\n",
		"detach takes no block size", "detach", "/dev/sdb",
		"--cbt-block-size", "64K");
}

static void test_cbt(void)
{
	REFUSED("lvss: cbt needs a command: info, changes, mark-dirty or reset; run 'lvss help cbt' for its usage\n",
		"cbt alone", "cbt");
	REFUSED("lvss: unknown cbt command 'diff'; run 'lvss help cbt' for the list\n",
		"an unknown cbt command", "cbt", "diff");
	REFUSED("lvss: cbt info needs a <device>; run 'lvss help cbt info' for its usage\n",
		"cbt info without a device", "cbt", "info");
	REFUSED("lvss: cbt info takes one <device>, got '/dev/sdc' too; run 'lvss help cbt info' for its usage\n",
		"cbt info with two devices", "cbt", "info", "/dev/sdb",
		"/dev/sdc");
	REFUSED("lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n",
		"cbt info of a relative path", "cbt", "info", "sdb");

	REFUSED("lvss: invalid --from 'abc': give a snapshot seq, a whole number (the SEQ column of 'lvss snapshots')\n",
		"a --from that is no number", "cbt", "changes", "/dev/sdb",
		"--from", "abc");
	REFUSED("lvss: invalid --from '-1': give a snapshot seq, a whole number (the SEQ column of 'lvss snapshots')\n",
		"a negative --from", "cbt", "changes", "/dev/sdb", "--from=-1");
	REFUSED("lvss: --from '18446744073709551616' is too large for a snapshot seq\n",
		"a --from beyond 64 bits", "cbt", "changes", "/dev/sdb",
		"--from", "18446744073709551616");
	REFUSED("lvss: invalid --to '5s': give a snapshot seq, a whole number (the SEQ column of 'lvss snapshots')\n",
		"a --to that is no number", "cbt", "changes", "/dev/sdb",
		"--from", "1", "--to", "5s");
	REFUSED("lvss: --to 2 is below --from 5: the changes run from the older snapshot to the newer\n",
		"--to below --from", "cbt", "changes", "/dev/sdb", "--to", "2",
		"--from", "5");
	REFUSED("lvss: cbt changes needs --from SEQ: the snapshot seq to list the changes after ('lvss cbt info /dev/sdb' shows the base seq they are known from)\n",
		"changes without --from", "cbt", "changes", "/dev/sdb");
	REFUSED("lvss: cbt changes needs a <device> and --from SEQ, or --snapshots ID1 [ID2]; run 'lvss help cbt changes' for its usage\n",
		"changes without a device", "cbt", "changes", "--from", "1");
	REFUSED("lvss: --from is given twice\n", "two --from", "cbt", "changes",
		"/dev/sdb", "--from", "1", "--from", "2");
	REFUSED("lvss: --to is given twice\n", "two --to", "cbt", "changes",
		"/dev/sdb", "--from", "1", "--to", "2", "--to=3");
	REFUSED("lvss: invalid generation 'abc': give the UUID 'lvss cbt info' shows, 8-4-4-4-12 hex digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n",
		"a generation that is no UUID", "cbt", "changes", "/dev/sdb",
		"--from", "1", "--generation", "abc");
	REFUSED("lvss: invalid generation '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fx': give the UUID 'lvss cbt info' shows, 8-4-4-4-12 hex digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n",
		"a generation with a non-hex digit", "cbt", "changes",
		"/dev/sdb", "--from", "1",
		"--generation=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fx");
	REFUSED("lvss: --generation is given twice\n", "two generations", "cbt",
		"changes", "/dev/sdb", "--from", "1", "--generation",
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "--generation",
		"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
	REFUSED("lvss: cbt changes takes one <device>, got '/dev/sdc' too; run 'lvss help cbt changes' for its usage\n",
		"changes of two devices", "cbt", "changes", "/dev/sdb",
		"/dev/sdc", "--from", "1");
	REFUSED("lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n",
		"changes of a relative path", "cbt", "changes", "sdb",
		"--from", "1");
	REFUSED("lvss: cbt changes has no option '--since'; run 'lvss help cbt changes' for its usage\n",
		"an unknown option", "cbt", "changes", "/dev/sdb", "--since",
		"1");
	REFUSED("lvss: cbt changes needs a value after --from; run 'lvss help cbt changes' for its usage\n",
		"--from without its value", "cbt", "changes", "/dev/sdb",
		"--from");

	REFUSED("lvss: invalid snapshot id '0': give the number in the ID column of 'lvss snapshots'\n",
		"--snapshots 0", "cbt", "changes", "--snapshots", "0");
	REFUSED("lvss: invalid snapshot id '4294967296': give the number in the ID column of 'lvss snapshots'\n",
		"a second id beyond 32 bits", "cbt", "changes", "--snapshots",
		"3", "4294967296");
	REFUSED("lvss: invalid snapshot id 'x': give the number in the ID column of 'lvss snapshots'\n",
		"--snapshots=x", "cbt", "changes", "--snapshots=x");
	REFUSED("lvss: cbt changes takes --snapshots or a <device>, not both: the snapshots name their device\n",
		"--snapshots and a device", "cbt", "changes", "--snapshots",
		"3", "5", "/dev/sdb");
	REFUSED("lvss: --snapshots takes the place of --from and --to: the snapshots' seqs are used\n",
		"--snapshots and --from", "cbt", "changes", "--snapshots", "3",
		"--from", "1");
	REFUSED("lvss: --snapshots is given twice\n", "two --snapshots", "cbt",
		"changes", "--snapshots", "3", "--snapshots", "4");
	REFUSED("lvss: --snapshots takes one or two snapshot ids, got '6' too\n",
		"a third id", "cbt", "changes", "--snapshots", "3", "5", "6");
	REFUSED("lvss: invalid generation 'g': give the UUID 'lvss cbt info' shows, 8-4-4-4-12 hex digits such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n",
		"--snapshots with a bad generation", "cbt", "changes",
		"--snapshots", "3", "--generation", "g");

	REFUSED("lvss: cbt mark-dirty takes a <device>, an OFFSET and a LENGTH, got 2 arguments; run 'lvss help cbt mark-dirty' for its usage\n",
		"mark-dirty without a length", "cbt", "mark-dirty", "/dev/sdb",
		"0");
	REFUSED("lvss: cbt mark-dirty takes a <device>, an OFFSET and a LENGTH, got 1 argument; run 'lvss help cbt mark-dirty' for its usage\n",
		"mark-dirty with a device only", "cbt", "mark-dirty",
		"/dev/sdb");
	REFUSED("lvss: LENGTH is 0: give how many bytes changed, e.g. 4K\n",
		"mark-dirty of 0 bytes", "cbt", "mark-dirty", "/dev/sdb", "1M",
		"0");
	REFUSED("lvss: invalid size '1.5M' for OFFSET: give bytes, or a whole number with K, M, G or T (powers of 1024), e.g. 64K or 2G\n",
		"an offset that is no size", "cbt", "mark-dirty", "/dev/sdb",
		"1.5M", "4K");
	REFUSED("lvss: OFFSET 18446744073709551615 + LENGTH 4096 ends past 2^64 bytes, beyond any device\n",
		"a range past 2^64", "cbt", "mark-dirty", "/dev/sdb",
		"18446744073709551615", "4K");
	REFUSED("lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n",
		"mark-dirty of a relative path", "cbt", "mark-dirty", "sdb",
		"0", "4K");
}

static void test_help(void)
{
	struct result r;

	RUN_LVSS(&r, "help", "store", "add");
	ok(r.rc == CLI_OK &&
	   !strncmp(r.out.buf, "Usage: lvss [--json] store add <device> <store>", 47),
	   "'help store add' shows its usage");
	done(&r);

	RUN_LVSS(&r, "snapshot", "take", "--help");
	ok(r.rc == CLI_OK &&
	   !strncmp(r.out.buf, "Usage: lvss [--json] snapshot take <device>...", 46),
	   "'snapshot take --help' shows its usage, taking nothing");
	done(&r);

	RUN_LVSS(&r, "help", "snapshot");
	ok(r.rc == CLI_OK &&
	   strstr(r.out.buf, "Usage: lvss [--json] snapshot take <device>... [--timeout MS]\n"
			     "       lvss [--json] snapshot delete <id>...\n"
			     "       lvss [--json] snapshot list\n"),
	   "'help snapshot' lists the synopses of take, delete and list");
	done(&r);

	RUN_LVSS(&r, "monitor", "--help");
	ok(r.rc == CLI_OK &&
	   !strncmp(r.out.buf, "Usage: lvss [--json] monitor [--count N] [--timeout SECONDS]\n", 61) &&
	   strstr(r.out.buf, "\"lvss monitor: listening for events\"") &&
	   strstr(r.out.buf, "only K of N events within S s"),
	   "'monitor --help' shows its usage, the ready line and the exit rules, listening to nothing");
	done(&r);

	RUN_LVSS(&r, "help", "store", "add");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "[--low-space PERCENT]") &&
	   strstr(r.out.buf, "  --low-space PERCENT "),
	   "'help store add' shows --low-space");
	done(&r);

	RUN_LVSS(&r, "help", "devices");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "LOW-SPACE") &&
	   strstr(r.out.buf, "low_space_percent"),
	   "'help devices' explains LOW-SPACE and its JSON key");
	done(&r);

	RUN_LVSS(&r, "help", "status");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "events_dropped"),
	   "'help status' names events_dropped");
	done(&r);

	RUN_LVSS(&r, "help");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "  monitor          "),
	   "'help' lists monitor");
	done(&r);

	RUN_LVSS(&r, "help", "cbt");
	ok(r.rc == CLI_OK &&
	   strstr(r.out.buf, "Usage: lvss [--json] cbt info <device>\n"
			     "       lvss [--json] cbt changes <device> --from SEQ [--to SEQ] [--generation UUID]\n"
			     "       lvss [--json] cbt mark-dirty <device> OFFSET LENGTH\n"),
	   "'help cbt' lists the synopses of info, changes and mark-dirty");
	done(&r);

	RUN_LVSS(&r, "cbt", "changes", "--help");
	ok(r.rc == CLI_OK &&
	   strstr(r.out.buf, "       lvss [--json] cbt changes --snapshots ID1 [ID2] [--generation UUID]\n") &&
	   strstr(r.out.buf, "\"to_seq\" (null: now)") &&
	   strstr(r.out.buf, "\"# <n> extents, <total> bytes\""),
	   "'cbt changes --help' shows both forms, the text and the JSON");
	done(&r);

	RUN_LVSS(&r, "help", "cbt", "info");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "changed_bytes") &&
	   strstr(r.out.buf, "base seq"),
	   "'help cbt info' names its fields and JSON keys");
	done(&r);

	RUN_LVSS(&r, "help", "attach");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "  --cbt-block-size SIZE "),
	   "'help attach' explains --cbt-block-size");
	done(&r);

	RUN_LVSS(&r, "help");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "  cbt info         ") &&
	   strstr(r.out.buf, "  cbt changes      ") &&
	   strstr(r.out.buf, "  cbt mark-dirty   "),
	   "'help' lists the cbt commands");
	done(&r);

	RUN_LVSS(&r, "help");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "  store add        ") &&
	   strstr(r.out.buf, "  snapshots        "),
	   "'help' lists the new commands");
	done(&r);
}

int main(void)
{
	test_sizes();
	test_store_add();
	test_take();
	test_delete_and_list();
	test_monitor();
	test_attach();
	test_cbt();
	test_help();
	return tap_done();
}
