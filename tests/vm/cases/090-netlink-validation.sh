# Netlink input validation: every lvss command, fed missing, out-of-range,
# wrong-type, unexpected and malformed attributes as raw generic netlink
# (lvss-nlcheck, which bypasses liblvss), answers with the errno and the
# extended-ack message include/uapi/linux/lvss.h promises; callers without
# CAP_SYS_ADMIN get EPERM from every command; valid requests still work
# afterwards (attach, memory store, snapshot, delete, detach of a scratch
# disk). The sweep runs as root, as nobody, and as root without
# CAP_SYS_ADMIN (dropped by setpriv, and by capset inside the tool); the
# harness fails the case on any WARN/BUG/Oops it causes.
# lvss-disks: 1x64M
# lvss-timeout: 300
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

need_disks 1
disk=$LVSS_DISK1
tool=/usr/local/bin/lvss-nlcheck
[ -x "$tool" ] || fail "$tool is missing: build it with 'make -C tests/nlcheck'"
trap 'lvss detach "$disk" >/dev/null 2>&1 || :' EXIT

failed=
# sweep WHAT CMD...: one run of the tool; its TAP goes to the case log.
sweep() {
	what=$1
	shift
	echo "=== $what: $*"
	rc=0
	"$@" >"$LVSS_TMP/sweep.out" 2>&1 || rc=$?
	cat "$LVSS_TMP/sweep.out"
	summary=$(tail -n 1 "$LVSS_TMP/sweep.out")
	echo "=== $what: exit $rc, $summary"
	if [ "$rc" -ne 0 ]; then
		failed="$failed
  $what: exit $rc ($summary): $(grep '^not ok\|^Bail out' "$LVSS_TMP/sweep.out" | sed 's/ - .*//' | tr '\n' ' ')"
	fi
}

sweep root "$tool" --expect root --disk "$disk"
sweep nobody as_nobody "$tool" --expect unprivileged --disk "$disk"
sweep "root without CAP_SYS_ADMIN (setpriv)" \
	/usr/bin/setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	"$tool" --expect no-sys-admin --disk "$disk"
sweep "root without CAP_SYS_ADMIN (capset)" \
	"$tool" --drop-sys-admin --expect no-sys-admin --disk "$disk"

# The module is still usable through the real tools, and nothing is left.
run lvss status
expect_eq "$RC" 0 "lvss status after the sweeps"
run lvss devices
expect_eq "$RC" 0 "lvss devices after the sweeps"
case $OUT in
*"$disk"*) fail "$disk is still attached after the sweeps" ;;
esac
run lvss attach "$disk"
expect_eq "$RC" 0 "attach $disk after the sweeps"
run lvss detach "$disk"
expect_eq "$RC" 0 "detach $disk after the sweeps"

[ -z "$failed" ] || fail "lvss-nlcheck found mismatches:$failed"
