# lvss.ko is loaded at boot, registers the generic netlink family "lvss",
# reports the project's version, and unloads and reloads cleanly five times
# (the harness fails the case on any kernel warning these cycles produce).
# lvss-timeout: 120
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

# Ask the kernel's nlctrl (iproute2's genl), not our own tool.
family_registered() {
	/usr/sbin/genl ctrl get name lvss >/dev/null 2>&1
}

# check_loaded WHEN: everything a loaded lvss.ko must show.
check_loaded() {
	[ -d /sys/module/lvss ] || fail "lvss is not loaded $1"
	grep -q '^lvss .* Live ' /proc/modules || fail "lvss is not live in /proc/modules $1"
	family_registered || fail "generic netlink family 'lvss' is not registered $1"
	expect_eq "$(cat /sys/module/lvss/version)" "$LVSS_VERSION" "/sys/module/lvss/version $1"
	expect_eq "$(cat /sys/module/lvss/refcnt)" 0 "lvss reference count $1"
}

check_loaded "at the start of the run"
i=1
while [ "$i" -le 5 ]; do
	run /usr/sbin/rmmod lvss
	expect_eq "$RC" 0 "exit status of rmmod lvss (cycle $i)"
	[ ! -d /sys/module/lvss ] || fail "/sys/module/lvss is still there after rmmod (cycle $i)"
	! family_registered || fail "family 'lvss' is still registered after rmmod (cycle $i)"
	run /usr/sbin/modprobe lvss
	expect_eq "$RC" 0 "exit status of modprobe lvss (cycle $i)"
	check_loaded "after reload $i"
	i=$((i + 1))
done
