// SPDX-License-Identifier: MIT
/*
 * lvss-nlcheck: sends every case of cases.c to lvss.ko and checks the
 * answer. TAP on stdout, one line per case, then "N passed, N failed".
 *
 * What a caller must get depends on its capabilities, read with capget():
 *   root          CAP_NET_ADMIN and CAP_SYS_ADMIN: the case's own answer;
 *   no-sys-admin  CAP_NET_ADMIN only: the core's checks and the policies
 *                 still answer first, every lvss handler then refuses with
 *                 EPERM and a message naming CAP_SYS_ADMIN;
 *   unprivileged  no CAP_NET_ADMIN: GENL_ADMIN_PERM refuses with EPERM
 *                 before any attribute is looked at.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nlcheck.h"

enum mode { MODE_ROOT, MODE_NO_SYS_ADMIN, MODE_UNPRIV };

static const char *const mode_names[] = {
	[MODE_ROOT] = "root",
	[MODE_NO_SYS_ADMIN] = "no-sys-admin",
	[MODE_UNPRIV] = "unprivileged",
};

#define DEFAULT_TIMEOUT_MS	20000

struct want {
	int err, err2;
	enum msg_want msg;
	const char *sub;
	int bad;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lvss-nlcheck [--disk DEV] [--expect MODE] [--drop-sys-admin]\n"
		"                    [--filter TEXT] [--verbose]\n"
		"       lvss-nlcheck --list | --self-test\n"
		"\n"
		"Sends malformed and valid generic netlink requests to lvss.ko and\n"
		"checks errno and extended ack of every answer (TAP output).\n"
		"\n"
		"  --disk DEV        scratch block device for the attach/store/snapshot\n"
		"                    cases (attached, snapshotted and detached again)\n"
		"  --expect MODE     fail unless the capabilities give MODE: root,\n"
		"                    no-sys-admin (CAP_NET_ADMIN only) or unprivileged\n"
		"  --drop-sys-admin  drop CAP_SYS_ADMIN (capset) before anything else\n"
		"  --filter TEXT     run only cases whose name contains TEXT\n"
		"  --verbose         show the ext-ack of passing cases in full\n"
		"  --list            print the case table and exit\n"
		"  --self-test       test the message builder and ext-ack parser offline\n"
		"\n"
		"Exit: 0 all passed, 1 a case failed, 2 usage or setup error.\n");
}

/* ---- capabilities ---- */

static int caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return (int)syscall(SYS_capget, &hdr, data);
}

static bool has_cap(const struct __user_cap_data_struct data[2], int cap)
{
	return data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int i = CAP_TO_INDEX(CAP_SYS_ADMIN);
	unsigned int mask = CAP_TO_MASK(CAP_SYS_ADMIN);

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[i].effective &= ~mask;
	data[i].permitted &= ~mask;
	data[i].inheritable &= ~mask;
	return (int)syscall(SYS_capset, &hdr, data);
}

static int detect_mode(enum mode *mode, char *desc, size_t len)
{
	struct __user_cap_data_struct data[2];
	bool net, sys;

	if (caps_get(data))
		return -1;
	net = has_cap(data, CAP_NET_ADMIN);
	sys = has_cap(data, CAP_SYS_ADMIN);
	if (net && sys)
		*mode = MODE_ROOT;
	else if (net)
		*mode = MODE_NO_SYS_ADMIN;
	else
		*mode = MODE_UNPRIV;
	snprintf(desc, len, "uid %u, CAP_NET_ADMIN %s, CAP_SYS_ADMIN %s",
		 (unsigned int)getuid(), net ? "yes" : "no", sys ? "yes" : "no");
	return 0;
}

/* ---- expectations ---- */

/*
 * What @mode must get for @c: *@w, or, when *@alt is set, either of the
 * two (a check the kernel may rightly make before or after its own
 * CAP_SYS_ADMIN check).
 */
static void want_for(const struct nlcase *c, enum mode mode, struct want *w,
		     struct want *alt, bool *has_alt)
{
	static const struct want eperm_lvss = {
		EPERM, 0, M_REQ, "CAP_SYS_ADMIN", BAD_NONE,
	};
	static const struct want eperm_core = { EPERM, 0, M_ANY, NULL, 0 };
	const struct want own = { c->err, c->err2, c->msg, c->sub, c->bad };

	*w = own;
	*has_alt = false;
	switch (mode) {
	case MODE_ROOT:
		break;
	case MODE_NO_SYS_ADMIN:
		if (c->layer == L_HANDLER) {
			*w = eperm_lvss;
		} else if (c->layer == L_NESTED) {
			*w = eperm_lvss;
			*alt = own;
			*has_alt = true;
		}
		break;
	case MODE_UNPRIV:
		if (c->layer == L_POLICY || c->layer == L_HANDLER ||
		    c->layer == L_NESTED) {
			*w = eperm_core;
		} else if (c->layer == L_CORE_OP) {
			w->err2 = EPERM;
			w->msg = M_ANY;
			w->sub = NULL;
		}
		break;
	}
}

static const char *err_name(int err)
{
	static char buf[32];
	const char *n;

	if (err == 0)
		return "OK";
	if (err == ERR_NOREPLY)
		return "no answer";
	n = strerrorname_np(err);
	if (n)
		return n;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static void case_title(char *buf, size_t len, const struct nlcase *c)
{
	const char *cmd = nlcheck_cmd_name(c->cmd);

	if (cmd && c->cmd)
		snprintf(buf, len, "%s %s", cmd, c->name);
	else
		snprintf(buf, len, "%s", c->name);
}

static void attr_desc(char *buf, size_t len, const struct mb *m, long off)
{
	int type = mb_attr_type_at(m, off);
	const char *name = nlcheck_attr_name(type);

	if (name)
		snprintf(buf, len, "offset %ld (type %d %s)", off, type, name);
	else if (type >= 0)
		snprintf(buf, len, "offset %ld (type %d)", off, type);
	else
		snprintf(buf, len, "offset %ld", off);
}

static void append(char *buf, size_t len, const char *fmt, const char *a,
		   const char *b)
{
	size_t n = strlen(buf);

	if (n + 3 >= len)
		return;
	if (n) {
		strcpy(buf + n, "; ");
		n += 2;
	}
	snprintf(buf + n, len - n, fmt, a, b);
}

/* What the answer shows, for the TAP line. */
static void describe(char *buf, size_t len, const struct answer *a,
		     const struct mb *m)
{
	char where[64];
	size_t n;

	switch (a->kind) {
	case ANS_NONE:
		snprintf(buf, len, "no answer");
		return;
	case ANS_BROKEN:
		snprintf(buf, len, "broken exchange: %s", a->why);
		return;
	default:
		break;
	}
	n = (size_t)snprintf(buf, len, "%s", err_name(a->err));
	if (a->kind == ANS_DONE && n < len)
		n += (size_t)snprintf(buf + n, len - n, " (in NLMSG_DONE)");
	if (a->has_msg && n < len)
		n += (size_t)snprintf(buf + n, len - n, " \"%s\"", a->msg);
	if (a->offs >= 0 && n < len) {
		attr_desc(where, sizeof(where), m, a->offs);
		n += (size_t)snprintf(buf + n, len - n, " [bad attr at %s]",
				      where);
	}
	if (a->miss_type >= 0 && n < len) {
		const char *name = nlcheck_attr_name((int)a->miss_type);

		if (name)
			snprintf(buf + n, len - n, " [missing %s]", name);
		else
			snprintf(buf + n, len - n, " [missing type %ld]",
				 a->miss_type);
	}
}

/* Empty @why: the answer is what @w asks for. */
static void judge(char *why, size_t len, const struct want *w,
		  const struct answer *a, const struct mb *m)
{
	char tmp[96], tmp2[96];

	why[0] = '\0';
	if (a->kind == ANS_BROKEN) {
		append(why, len, "%s%s", "exchange failed: ", a->why);
		return;
	}
	if (w->err == ERR_NOREPLY) {
		if (a->kind != ANS_NONE)
			append(why, len, "%s%s", "expected the request to be dropped, got ",
			       err_name(a->err));
		return;
	}
	if (a->kind == ANS_NONE) {
		append(why, len, "%s%s", "no answer before the timeout", "");
		return;
	}
	if (a->err != w->err && !(w->err2 && a->err == w->err2)) {
		snprintf(tmp, sizeof(tmp), "%s", err_name(w->err));
		if (w->err2)
			snprintf(tmp + strlen(tmp), sizeof(tmp) - strlen(tmp),
				 " or %s", err_name(w->err2));
		append(why, len, "expected %s, got %s", tmp, err_name(a->err));
		return;	/* the rest would only repeat it */
	}
	if (!a->err)
		return;
	if (w->msg == M_REQ && !a->has_msg)
		append(why, len, "%s%s", "no extended-ack message", "");
	if (w->sub && a->has_msg && !strcasestr(a->msg, w->sub))
		append(why, len, "message does not contain \"%s\"%s", w->sub,
		       "");
	if (w->bad == BAD_MARK) {
		attr_desc(tmp, sizeof(tmp), m, m->mark);
		if (a->offs < 0) {
			append(why, len, "ext-ack names no attribute (no NLMSGERR_ATTR_OFFS), expected %s%s",
			       tmp, "");
		} else if (a->offs != m->mark) {
			attr_desc(tmp2, sizeof(tmp2), m, a->offs);
			append(why, len, "ext-ack names %s, expected %s", tmp2,
			       tmp);
		}
	} else if (w->bad > 0) {
		const char *name = nlcheck_attr_name(w->bad);
		bool named = a->miss_type == w->bad ||
			     (a->has_msg && name && strstr(a->msg, name));

		if (!named)
			append(why, len, "ext-ack does not name the missing %s (neither NLMSGERR_ATTR_MISS_TYPE nor the message)%s",
			       name ? name : "attribute", "");
	}
}

/* ---- the run ---- */

struct tally {
	int n, passed, failed, skipped;
};

static void run_case(struct nlc *h, const struct nlcase *c, enum mode mode,
		     struct ctx *ctx, bool verbose, struct tally *t)
{
	static struct mb m;
	static struct answer a;
	char title[160], got[LVSS_ERROR_MSG_MAX * 4 + 200], why[640];
	char why_alt[640];
	struct want w, alt;
	const char *verr = NULL;
	bool has_alt;

	want_for(c, mode, &w, &alt, &has_alt);
	case_title(title, sizeof(title), c);
	t->n++;
	if (c->disk && !ctx->disk) {
		t->skipped++;
		printf("ok %d - %s # SKIP no --disk\n", t->n, title);
		return;
	}
	mb_init(&m, h->family,
		(uint16_t)(NLM_F_REQUEST | (c->no_ack ? 0 : NLM_F_ACK) |
			   c->flags),
		c->cmd, c->reserved);
	c->build(&m, ctx);
	nlc_exchange(h, &m, c->timeout_ms ? c->timeout_ms : DEFAULT_TIMEOUT_MS,
		     &a);
	describe(got, sizeof(got), &a, &m);
	judge(why, sizeof(why), &w, &a, &m);
	if (why[0] && has_alt) {
		judge(why_alt, sizeof(why_alt), &alt, &a, &m);
		if (!why_alt[0])
			why[0] = '\0';
		else
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 " (nor as root: %.200s)", why_alt);
	}
	if (!why[0] && w.err == 0 && a.err == 0 && c->verify &&
	    mode == MODE_ROOT)
		verr = c->verify(&a, ctx);
	if (verr)
		snprintf(why, sizeof(why), "%s", verr);
	if (mode == MODE_ROOT && c->after)
		c->after(&a, ctx);
	if (!why[0]) {
		t->passed++;
		printf("ok %d - %s: %s\n", t->n, title, got);
		if (verbose && a.kind != ANS_NONE)
			printf("#   %d reply message(s), offs %ld, miss_type %ld\n",
			       a.nreplies, a.offs, a.miss_type);
		return;
	}
	t->failed++;
	printf("not ok %d - %s: %s\n", t->n, title, got);
	printf("#   %s\n", why);
}

/* Leave the module as we found it, whatever failed (root only). */
static void cleanup(struct nlc *h, struct ctx *ctx)
{
	static struct mb m;
	static struct answer a;

	if (ctx->snap_id) {
		mb_init(&m, h->family, NLM_F_REQUEST | NLM_F_ACK,
			LVSS_CMD_SNAPSHOT_DELETE, 0);
		mb_u32(&m, LVSS_ATTR_SNAPSHOT_ID, ctx->snap_id);
		nlc_exchange(h, &m, DEFAULT_TIMEOUT_MS, &a);
		printf("# cleanup: delete snapshot %u: %s\n", ctx->snap_id,
		       err_name(a.err));
	}
	if (ctx->disk) {
		mb_init(&m, h->family, NLM_F_REQUEST | NLM_F_ACK,
			LVSS_CMD_DETACH, 0);
		mb_str(&m, LVSS_ATTR_DEV_PATH, ctx->disk);
		nlc_exchange(h, &m, DEFAULT_TIMEOUT_MS, &a);
		if (a.kind == ANS_ERROR && a.err == 0)
			printf("# cleanup: %s was still attached, detached it\n",
			       ctx->disk);
	}
}

static int list_cases(void)
{
	static const char *const layers[] = {
		[L_CORE] = "core", [L_CORE_OP] = "core-op",
		[L_POLICY] = "policy", [L_HANDLER] = "handler",
		[L_NESTED] = "nested",
	};
	char title[160];
	int n = 0;

	for (size_t g = 0; g < nlcheck_ngroups; g++) {
		const struct nlgroup *grp = &nlcheck_groups[g];

		printf("# %s\n", grp->title);
		for (size_t i = 0; i < grp->n; i++) {
			const struct nlcase *c = &grp->cases[i];
			const char *bad = "";
			char badbuf[48], errs[80];

			case_title(title, sizeof(title), c);
			if (c->bad == BAD_MARK) {
				bad = "names-attr";
			} else if (c->bad > 0) {
				snprintf(badbuf, sizeof(badbuf),
					 "names-missing-%s",
					 nlcheck_attr_name(c->bad));
				bad = badbuf;
			}
			snprintf(errs, sizeof(errs), "%s", err_name(c->err));
			if (c->err2) {
				size_t l = strlen(errs);

				snprintf(errs + l, sizeof(errs) - l, "|%s",
					 err_name(c->err2));
			}
			printf("%3d %-7s %-14s %-3s %-26s %-4s - %s\n", ++n,
			       layers[c->layer], errs,
			       c->msg == M_REQ ? "msg" : "", bad,
			       c->disk ? "disk" : "", title);
		}
	}
	return 0;
}

int nlcheck_self_test(void);

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "disk", required_argument, NULL, 'd' },
		{ "expect", required_argument, NULL, 'e' },
		{ "drop-sys-admin", no_argument, NULL, 'D' },
		{ "filter", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "list", no_argument, NULL, 'l' },
		{ "self-test", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *expect = NULL, *filter = NULL;
	struct ctx ctx = { 0 };
	struct tally t = { 0 };
	bool drop = false, verbose = false;
	char desc[128], why[256];
	enum mode mode;
	struct nlc h;
	int o;

	while ((o = getopt_long(argc, argv, "d:e:Df:vlsh", opts, NULL)) != -1) {
		switch (o) {
		case 'd':
			ctx.disk = optarg;
			break;
		case 'e':
			expect = optarg;
			break;
		case 'D':
			drop = true;
			break;
		case 'f':
			filter = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'l':
			return list_cases();
		case 's':
			return nlcheck_self_test();
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (drop && drop_sys_admin()) {
		printf("Bail out! cannot drop CAP_SYS_ADMIN: %s\n",
		       strerror(errno));
		return 2;
	}
	if (detect_mode(&mode, desc, sizeof(desc))) {
		printf("Bail out! capget: %s\n", strerror(errno));
		return 2;
	}
	printf("# lvss-nlcheck: mode %s (%s)\n", mode_names[mode], desc);
	if (expect && strcmp(expect, mode_names[mode])) {
		printf("Bail out! expected mode %s, the capabilities give %s\n",
		       expect, mode_names[mode]);
		return 2;
	}
	if (nlc_open(&h, why, sizeof(why))) {
		printf("Bail out! %s\n", why);
		return 2;
	}
	printf("# family %s id %u, port %u, scratch disk %s\n", LVSS_GENL_NAME,
	       h.family, h.portid, ctx.disk ? ctx.disk : "(none)");

	for (size_t g = 0; g < nlcheck_ngroups; g++) {
		const struct nlgroup *grp = &nlcheck_groups[g];

		printf("# --- %s\n", grp->title);
		for (size_t i = 0; i < grp->n; i++) {
			const struct nlcase *c = &grp->cases[i];
			char title[160];

			case_title(title, sizeof(title), c);
			if (filter && !strstr(title, filter))
				continue;
			run_case(&h, c, mode, &ctx, verbose, &t);
		}
	}
	if (mode == MODE_ROOT)
		cleanup(&h, &ctx);
	nlc_close(&h);
	printf("1..%d\n", t.n);
	if (t.skipped)
		printf("%d passed, %d failed, %d skipped\n", t.passed,
		       t.failed, t.skipped);
	else
		printf("%d passed, %d failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
