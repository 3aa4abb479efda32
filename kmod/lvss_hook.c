// SPDX-License-Identifier: GPL-2.0
/*
 * Interception of block I/O: an ftrace redirect of the exported
 * submit_bio_noacct(). Only exported symbols are used; nothing is patched
 * by address.
 *
 * The hook is registered when the first device is attached and removed
 * when the last one is detached (lvss_hook_get/put, counted under
 * lvss_hook_lock); its filter lives until module exit. Reads go on as
 * they came. Writes with data to a device that has nothing but tracking
 * are tracked in the callback and go on too. Other writes are redirected
 * into lvss_hook_handler(), which hands them to the tracker code; bios
 * that lvss passes on go through lvss_hook_pass(), whose call site lies
 * in our own text, so the callback sees parent_ip inside this module and
 * lets them through untouched.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/blkdev.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/wait_bit.h>

#include "lvss_compat.h"
#include "lvss_hook.h"
#include "lvss_tracker.h"

static DEFINE_MUTEX(lvss_hook_lock);
/* Attached devices using the hook. Protected by lvss_hook_lock. */
static unsigned int lvss_hook_users;
/*
 * The ops' filter is set once and kept until module exit: in 6.1,
 * ftrace_free_filter() frees the hashes without clearing the ops'
 * pointers, so freeing between registrations would free them twice.
 * Protected by lvss_hook_lock.
 */
static bool lvss_hook_filtered;
/* Handler calls in progress, waited for before the module text can go. */
static atomic_t lvss_hook_active = ATOMIC_INIT(0);

/*
 * Noinline and followed by a barrier, so the call is a real call from our
 * text (not a tail jump): that return address is how the callback knows a
 * bio comes from lvss.
 */
noinline notrace void lvss_hook_pass(struct bio *bio)
{
	submit_bio_noacct(bio);
	barrier();
}

static notrace void lvss_hook_handler(struct bio *bio)
{
	atomic_inc(&lvss_hook_active);
	lvss_tracker_submit_bio(bio);
	if (atomic_dec_and_test(&lvss_hook_active))
		wake_up_var(&lvss_hook_active);
}

/* Whether @ip is in lvss's own text: two loads, no walk over mem[]. */
static __always_inline bool lvss_hook_ours(unsigned long ip)
{
	return ip - lvss_module_text_base(THIS_MODULE) <
	       lvss_module_text_size(THIS_MODULE);
}

static notrace void lvss_hook_callback(unsigned long ip,
				       unsigned long parent_ip,
				       struct ftrace_ops *ops,
				       struct ftrace_regs *fregs)
{
	struct bio *bio;

	/*
	 * A set bio_list means a nested submission (a stacked driver's
	 * split or remap); the device it targets is below an attached one
	 * or not ours.
	 */
	if (current->bio_list)
		return;
	/*
	 * Only writes with data concern lvss: reads and empty flushes go
	 * on untouched. Bios from our own text were decided on already
	 * (tested last: it costs the most).
	 */
	bio = (struct bio *)lvss_ftrace_arg0(fregs);
	if (!op_is_write(bio_op(bio)) || !bio_sectors(bio) ||
	    lvss_hook_ours(parent_ip))
		return;
	/*
	 * Writes to devices without a CoW engine are tracked right here;
	 * the rest takes the detour through the handler, which may sleep.
	 */
	if (lvss_tracker_write_fast(bio))
		lvss_ftrace_redirect(fregs, (unsigned long)lvss_hook_handler);
}

static struct ftrace_ops lvss_hook_ops = {
	.func = lvss_hook_callback,
	.flags = FTRACE_OPS_FL_IPMODIFY |
		 FTRACE_OPS_FL_PERMANENT,
};

static int lvss_hook_register(struct netlink_ext_ack *extack)
{
	/* ftrace_set_filter() wants a writable buffer. */
	char target[] = "submit_bio_noacct";
	int err;

	if (!lvss_hook_filtered) {
		err = ftrace_set_filter(&lvss_hook_ops, target, strlen(target),
					0);
		if (err) {
			NL_SET_ERR_MSG(extack, "cannot trace submit_bio_noacct: is ftrace enabled in this kernel?");
			return err;
		}
		lvss_hook_filtered = true;
	}
	err = register_ftrace_function(&lvss_hook_ops);
	if (err) {
		if (err == -EBUSY)
			NL_SET_ERR_MSG(extack, "submit_bio_noacct is already redirected by another module (a livepatch or another block filter)");
		else
			NL_SET_ERR_MSG(extack, "cannot register the ftrace hook on submit_bio_noacct");
		return err;
	}
	return 0;
}

/*
 * Order matters: after unregistering no new redirect starts; the first
 * tasks-RCU grace period waits out tasks between the redirect and the
 * handler's counter; then the counter drains (handlers may sleep); the
 * second grace period waits out tasks still returning through our text.
 */
static void lvss_hook_unregister(void)
{
	int err = unregister_ftrace_function(&lvss_hook_ops);

	if (err)
		pr_err("cannot unregister the ftrace hook: %d\n", err);
	synchronize_rcu_tasks();
	while (!wait_var_event_timeout(&lvss_hook_active,
				       !atomic_read(&lvss_hook_active),
				       10 * HZ))
		pr_warn("still waiting for %d bio handler call(s) to return\n",
			atomic_read(&lvss_hook_active));
	synchronize_rcu_tasks();
}

/* Module exit: no device is attached, so the hook is unregistered. */
void lvss_hook_exit(void)
{
	if (lvss_hook_filtered)
		ftrace_free_filter(&lvss_hook_ops);
}

int lvss_hook_get(struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&lvss_hook_lock);
	if (!lvss_hook_users)
		err = lvss_hook_register(extack);
	if (!err)
		lvss_hook_users++;
	mutex_unlock(&lvss_hook_lock);
	return err;
}

void lvss_hook_put(void)
{
	mutex_lock(&lvss_hook_lock);
	if (!WARN_ON(!lvss_hook_users) && !--lvss_hook_users)
		lvss_hook_unregister();
	mutex_unlock(&lvss_hook_lock);
}
