// SPDX-License-Identifier: MIT
/*
 * Command-line parsing and dispatch: global options anywhere, unknown
 * commands and options, help, and the real command table. Runs against a
 * fake command table so nothing here needs lvss.ko.
 */
#include <string.h>

#include "cli_run.h"
#include "cmds.h"
#include "tap.h"

/* What the fake command saw. */
static struct {
	int runs;
	bool json;
	int argc;
	char args[4][32];
} seen;

static int fake_run(struct cli *cli, int argc, char **argv)
{
	seen.runs++;
	seen.json = cli->json;
	seen.argc = argc;
	for (int i = 0; i < argc && i < 4; i++)
		snprintf(seen.args[i], sizeof(seen.args[i]), "%s", argv[i]);
	return CLI_OK;
}

static int noargs_run(struct cli *cli, int argc, char **argv)
{
	return cli_no_args(cli, argc, argv);
}

static const struct cmd fake = {
	.name = "fake", .summary = "a fake command",
	.usage = "lvss fake [<arg>...]\n\nRecords its arguments.\n",
	.run = fake_run,
};
static const struct cmd noargs = {
	.name = "noargs", .summary = "takes nothing",
	.usage = "lvss noargs", .run = noargs_run,
};
/* A fake object with two commands, as 'lvss snapshot' is a real one. */
static const struct cmd fake_one = {
	.name = "thing one", .summary = "the first",
	.usage = "lvss thing one [<arg>...]\n\nRecords its arguments.\n",
	.run = fake_run,
};
static const struct cmd fake_two = {
	.name = "thing two", .summary = "the second",
	.usage = "lvss thing two\n", .run = noargs_run,
};
static const struct cmd *const thing_cmds[] = { &fake_one, &fake_two, NULL };
static const struct cmd thing = {
	.name = "thing", .summary = "an object",
	.usage = "Things are fake.\n", .subs = thing_cmds,
};
static const struct cmd *const fake_table[] = { &cmd_help, &fake, &noargs,
						&thing, NULL };

static void run(struct result *r, const char *const *args)
{
	memset(&seen, 0, sizeof(seen));
	run_table(r, fake_table, args);
}

#define RUN(r, ...) run((r), (const char *const[]){ "lvss", __VA_ARGS__, NULL })

static void test_json_placement(void)
{
	struct result r;

	RUN(&r, "--json", "fake");
	ok(r.rc == CLI_OK && seen.runs == 1 && seen.json && seen.argc == 0,
	   "--json before the command is seen by it, not passed as an argument");
	done(&r);

	RUN(&r, "fake", "--json");
	ok(r.rc == CLI_OK && seen.json && seen.argc == 0,
	   "--json after the command works the same");
	done(&r);

	RUN(&r, "fake", "a", "-j", "b");
	ok(seen.json && seen.argc == 2 && !strcmp(seen.args[0], "a") &&
	   !strcmp(seen.args[1], "b"),
	   "-j between arguments is removed, the arguments keep their order");
	done(&r);

	RUN(&r, "fake", "--", "--json");
	ok(!seen.json && seen.argc == 1 && !strcmp(seen.args[0], "--json"),
	   "after '--' an option-like word is the command's argument");
	done(&r);

	RUN(&r, "fake", "x");
	ok(!seen.json, "no --json means text output");
	done(&r);
}

static void test_unknown(void)
{
	struct result r;

	RUN(&r, "foo");
	is_int(r.rc, CLI_USAGE, "unknown command exits 2");
	is_str(r.err.buf,
	       "lvss: unknown command 'foo'; run 'lvss help' for the list\n",
	       "unknown command names it and says what to do");
	is_str(r.out.buf, "", "nothing on stdout for an unknown command");
	done(&r);

	RUN(&r, "-x", "fake");
	is_int(r.rc, CLI_USAGE, "unknown global option exits 2");
	is_str(r.err.buf,
	       "lvss: unknown option '-x'; run 'lvss help' for the list\n",
	       "unknown option names it");
	ok(seen.runs == 0, "the command does not run after a usage error");
	done(&r);

	RUN(&r, "fake", "-x");
	ok(r.rc == CLI_OK && seen.argc == 1 && !strcmp(seen.args[0], "-x"),
	   "options after the command belong to the command");
	done(&r);

	RUN(&r, "noargs", "extra");
	is_int(r.rc, CLI_USAGE, "an argument to a command that takes none exits 2");
	is_str(r.err.buf,
	       "lvss: noargs takes no arguments, got 'extra'; run 'lvss help noargs' for its usage\n",
	       "the extra argument is named");
	done(&r);
}

static void test_help(void)
{
	struct result r;

	RUN(&r, "help");
	is_int(r.rc, CLI_OK, "help exits 0");
	ok(strstr(r.out.buf, "Usage: lvss [--json] <command>") &&
	   strstr(r.out.buf, "  fake             a fake command\n") &&
	   strstr(r.out.buf, "  noargs           takes nothing\n"),
	   "help lists every command of the table with its summary");
	ok(strstr(r.out.buf, "  thing one        the first\n"
			     "  thing two        the second\n") &&
	   !strstr(r.out.buf, "an object"),
	   "an object is listed as its commands, by their two words");
	done(&r);

	RUN(&r, "-h");
	ok(r.rc == CLI_OK && strstr(r.out.buf, "Commands:"),
	   "-h alone prints the list on stdout and exits 0");
	done(&r);

	RUN(&r, "help", "fake");
	is_str(r.out.buf, "Usage: lvss fake [<arg>...]\n\nRecords its arguments.\n",
	       "help <command> prints that command's usage");
	done(&r);

	RUN(&r, "noargs", "--help");
	ok(r.rc == CLI_OK && !strcmp(r.out.buf, "Usage: lvss noargs\n"),
	   "<command> --help prints its usage, adding a missing newline");
	done(&r);

	RUN(&r, "fake", "-h");
	ok(r.rc == CLI_OK && seen.runs == 0,
	   "<command> -h does not run the command");
	done(&r);

	RUN(&r, "help", "nope");
	ok(r.rc == CLI_USAGE &&
	   !strcmp(r.err.buf, "lvss: unknown command 'nope'; run 'lvss help' for the list\n"),
	   "help for an unknown command is a usage error");
	done(&r);

	RUN(&r, "help", "fake", "noargs");
	is_int(r.rc, CLI_USAGE, "help with two names is a usage error");
	done(&r);
}

static void test_objects(void)
{
	struct result r;

	RUN(&r, "thing", "one", "a", "--json", "b");
	ok(r.rc == CLI_OK && seen.runs == 1 && seen.json && seen.argc == 2 &&
	   !strcmp(seen.args[0], "a") && !strcmp(seen.args[1], "b"),
	   "'thing one' runs the object's command with the words after it");
	done(&r);

	RUN(&r, "--json", "thing", "two", "x");
	is_str(r.err.buf,
	       "lvss: thing two takes no arguments, got 'x'; run 'lvss help thing two' for its usage\n",
	       "messages name the command by both words");
	is_int(r.rc, CLI_USAGE, "and exit 2");
	done(&r);

	RUN(&r, "thing");
	is_str(r.err.buf,
	       "lvss: thing needs a command: one or two; run 'lvss help thing' for its usage\n",
	       "an object alone: which commands it has");
	ok(r.rc == CLI_USAGE && !*r.out.buf && !seen.runs, "exit 2, nothing run");
	done(&r);

	RUN(&r, "thing", "three");
	is_str(r.err.buf,
	       "lvss: unknown thing command 'three'; run 'lvss help thing' for the list\n",
	       "an unknown command of an object is named");
	is_int(r.rc, CLI_USAGE, "exit 2");
	done(&r);

	RUN(&r, "thing", "on");
	ok(r.rc == CLI_USAGE && !seen.runs, "no prefix matching inside objects");
	done(&r);

	RUN(&r, "thing", "--help");
	is_str(r.out.buf,
	       "Usage: lvss thing one [<arg>...]\n"
	       "       lvss thing two\n"
	       "\n"
	       "Things are fake.\n"
	       "\n"
	       "Run 'lvss help thing <command>' for one command's usage.\n",
	       "an object's usage: its commands' synopses, then its own words");
	is_int(r.rc, CLI_OK, "exit 0");
	done(&r);

	RUN(&r, "help", "thing");
	ok(r.rc == CLI_OK && !strncmp(r.out.buf, "Usage: lvss thing one", 21),
	   "'help <object>' prints the same");
	done(&r);

	RUN(&r, "thing", "one", "--help");
	ok(r.rc == CLI_OK && !seen.runs &&
	   !strcmp(r.out.buf, "Usage: lvss thing one [<arg>...]\n\nRecords its arguments.\n"),
	   "'<object> <command> --help' prints that command's usage");
	done(&r);

	RUN(&r, "help", "thing", "two");
	is_str(r.out.buf, "Usage: lvss thing two\n",
	       "'help <object> <command>' too");
	done(&r);

	RUN(&r, "help", "thing", "zzz");
	ok(r.rc == CLI_USAGE && strstr(r.err.buf, "unknown thing command 'zzz'"),
	   "help for an unknown command of an object is a usage error");
	done(&r);

	RUN(&r, "help", "fake", "x");
	ok(r.rc == CLI_USAGE && strstr(r.err.buf, "got 'x' too"),
	   "a plain command takes no second word in help");
	done(&r);
}

static void test_write_error(void)
{
	char *argv[] = { "lvss", "help", NULL };
	struct cli cli = { .cmds = fake_table };
	struct capture err;
	int rc;

	cli.out = fopen("/dev/full", "w");
	if (!cli.out) {
		tap_skip("/dev/full is missing");
		return;
	}
	capture_start(&err);
	cli.err = err.f;
	rc = cli_run(&cli, 2, argv);
	capture_end(&err);
	fclose(cli.out);
	ok(rc == CLI_FAILED &&
	   !strcmp(err.buf, "lvss: cannot write the output: No space left on device\n"),
	   "help on a full disk fails with exit 1 and says why");
	capture_free(&err);
}

static void test_no_command(void)
{
	struct result r;

	run(&r, (const char *const[]){ "lvss", NULL });
	ok(r.rc == CLI_USAGE && strstr(r.err.buf, "Usage:") && !*r.out.buf,
	   "no command prints the usage on stderr and exits 2");
	done(&r);

	RUN(&r, "--json");
	is_int(r.rc, CLI_USAGE, "only global options is still a usage error");
	done(&r);
}

/*
 * attach, detach and devices refuse a wrong command line before they
 * connect: these never reach lvss.ko (or try to load it).
 */
static void test_device_args(void)
{
	static const char *const cmds[] = { "attach", "detach" };
	char want[256];
	struct result r;

	for (size_t i = 0; i < 2; i++) {
		const char *c = cmds[i];

		RUN_LVSS(&r, c);
		snprintf(want, sizeof(want),
			 "lvss: %s needs a <device>; run 'lvss help %s' for its usage\n",
			 c, c);
		ok(r.rc == CLI_USAGE && !strcmp(r.err.buf, want) && !*r.out.buf,
		   "%s without a device: exit 2, names what is missing", c);
		if (strcmp(r.err.buf, want))
			printf("#   got \"%s\"\n", r.err.buf);
		done(&r);

		RUN_LVSS(&r, c, "/dev/sdb", "/dev/sdc");
		snprintf(want, sizeof(want),
			 "lvss: %s takes one <device>, got '/dev/sdc' too; run 'lvss help %s' for its usage\n",
			 c, c);
		ok(r.rc == CLI_USAGE && !strcmp(r.err.buf, want),
		   "%s with two devices: exit 2, names the extra one", c);
		done(&r);

		RUN_LVSS(&r, c, "sdb");
		ok(r.rc == CLI_USAGE &&
		   !strcmp(r.err.buf, "lvss: device path 'sdb' is not absolute: give the full path, e.g. /dev/vdb\n"),
		   "%s with a relative path: exit 2, says to give an absolute one",
		   c);
		done(&r);

		RUN_LVSS(&r, c, "--json", "");
		ok(r.rc == CLI_USAGE && strstr(r.err.buf, "device path is empty"),
		   "%s with an empty path: exit 2", c);
		done(&r);

		RUN_LVSS(&r, c, "--help");
		snprintf(want, sizeof(want), "Usage: lvss [--json] %s <device>%s\n",
			 c, i == 0 ? " [--cbt-block-size SIZE]" : "");
		ok(r.rc == CLI_OK && !strncmp(r.out.buf, want, strlen(want)),
		   "%s --help shows its usage", c);
		done(&r);
	}

	RUN_LVSS(&r, "detach", "/dev/sdb", "-x");
	ok(r.rc == CLI_USAGE && strstr(r.err.buf, "got '-x' too"),
	   "detach takes no options: one after the device is an extra argument");
	done(&r);

	RUN_LVSS(&r, "attach", "/dev/sdb", "-x");
	is_str(r.err.buf,
	       "lvss: attach has no option '-x'; run 'lvss help attach' for its usage\n",
	       "attach takes options: an unknown one is named as such");
	is_int(r.rc, CLI_USAGE, "and exits 2");
	done(&r);

	RUN_LVSS(&r, "devices", "/dev/sdb");
	is_str(r.err.buf,
	       "lvss: devices takes no arguments, got '/dev/sdb'; run 'lvss help devices' for its usage\n",
	       "devices takes no device");
	is_int(r.rc, CLI_USAGE, "devices with an argument exits 2");
	done(&r);
}

/* A runnable command: all its parts, usage starting with the synopsis. */
static bool complete(const struct cmd *c)
{
	return c->name && c->summary && c->usage && c->run && !c->subs &&
	       !strncmp(c->usage, "lvss ", 5);
}

static void test_real_table(void)
{
	const char *const names[] = { "attach", "cbt", "detach", "devices",
				      "help", "monitor", "snapshot",
				      "snapshots", "status", "store",
				      "version" };
	const char *const subs[][2] = {
		{ "snapshot", "take" }, { "snapshot", "delete" },
		{ "snapshot", "list" }, { "store", "add" },
		{ "cbt", "info" }, { "cbt", "changes" },
		{ "cbt", "mark-dirty" },
		{ "cbt", "reset" },
	};
	const struct cmd *const *c, *const *s, *obj, *sub;
	int n = 0, all = 1;
	char name[64];

	for (c = lvss_commands; *c; c++, n++) {
		if (!(*c)->subs) {
			all &= complete(*c);
			continue;
		}
		all &= (*c)->name && (*c)->summary && (*c)->usage && !(*c)->run;
		for (s = (*c)->subs; *s; s++) {
			snprintf(name, sizeof(name), "%s ", (*c)->name);
			all &= complete(*s) &&
			       !strncmp((*s)->name, name, strlen(name));
		}
	}
	is_int(n, 11, "bin/lvss has eleven commands and objects");
	ok(all, "every command has a name, summary, usage and handler; objects have commands named after them");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ok(cli_find(lvss_commands, names[i]), "'%s' is in the table",
		   names[i]);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		obj = cli_find(lvss_commands, subs[i][0]);
		sub = obj ? cli_find_sub(obj, subs[i][1]) : NULL;
		ok(sub && sub->run, "'%s %s' is a command", subs[i][0],
		   subs[i][1]);
	}
	obj = cli_find(lvss_commands, "snapshot");
	sub = obj ? cli_find_sub(obj, "list") : NULL;
	ok(sub && cli_find(lvss_commands, "snapshots")->run == sub->run,
	   "'snapshots' runs what 'snapshot list' runs");
	ok(!cli_find(lvss_commands, "ver"), "commands are not matched by prefix");
}

int main(void)
{
	test_json_placement();
	test_unknown();
	test_help();
	test_objects();
	test_no_command();
	test_write_error();
	test_device_args();
	test_real_table();
	return tap_done();
}
