# 'lvss status' on a freshly loaded module: no devices, no snapshots; and
# like every lvss command it needs CAP_SYS_ADMIN.
# lvss-timeout: 60
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

run lvss status
expect_eq "$RC" 0 "exit status of 'lvss status'"
for line in "devices: 0" "snapshots: 0"; do
	printf '%s\n' "$OUT" | grep -qxF "$line" ||
		fail "'lvss status' has no line '$line'"
done

run as_nobody lvss status
expect_eq "$RC" 1 "exit status of 'lvss status' as nobody"
expect_contains "$ERR" CAP_SYS_ADMIN "stderr of 'lvss status' as nobody"
