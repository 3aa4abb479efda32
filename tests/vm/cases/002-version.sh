# The 'lvss version' contract: as root, three lines of text or one JSON
# object with the tools', module's and ABI versions; for others, an error
# naming CAP_SYS_ADMIN; with lvss.ko unloaded, others are told to modprobe
# it while root loads it through libkmod. Leaves lvss.ko loaded.
# lvss-timeout: 120
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"

v=$LVSS_VERSION
expected_text=$(printf 'lvss tools: %s\nlvss.ko: %s\nABI: %s' "$v" "$v" "$LVSS_ABI")
expected_json="{\"tools\":\"$v\",\"module\":\"$v\",\"abi\":\"$LVSS_ABI\"}"
not_loaded="lvss.ko is not loaded: run 'modprobe lvss'"

[ -d /sys/module/lvss ] || fail "lvss is not loaded at the start of the case"

run lvss version
expect_eq "$RC" 0 "exit status of 'lvss version'"
expect_eq "$OUT" "$expected_text" "output of 'lvss version'"
expect_eq "$ERR" "" "stderr of 'lvss version'"

for args in "version --json" "--json version" "-j version"; do
	# shellcheck disable=SC2086 # the options are separate words
	run lvss $args
	expect_eq "$RC" 0 "exit status of 'lvss $args'"
	expect_eq "$(printf '%s\n' "$OUT" | wc -l)" 1 "lines of 'lvss $args'"
	# Compare without the spaces a JSON printer may add; no value has any.
	expect_eq "$(printf '%s' "$OUT" | tr -d ' \t')" "$expected_json" "output of 'lvss $args'"
done

run as_nobody lvss version
expect_eq "$RC" 1 "exit status of 'lvss version' as nobody"
expect_contains "$ERR" CAP_SYS_ADMIN "stderr of 'lvss version' as nobody"
expect_eq "$OUT" "" "stdout of 'lvss version' as nobody"

run /usr/sbin/rmmod lvss
expect_eq "$RC" 0 "exit status of rmmod lvss"

run as_nobody lvss version
expect_eq "$RC" 1 "exit status of 'lvss version' as nobody, lvss.ko unloaded"
expect_contains "$ERR" "$not_loaded" "stderr of 'lvss version' as nobody, lvss.ko unloaded"
[ ! -d /sys/module/lvss ] || fail "'lvss version' as nobody loaded lvss.ko"

run lvss version
expect_eq "$RC" 0 "exit status of 'lvss version' as root, lvss.ko unloaded"
expect_eq "$OUT" "$expected_text" "output of 'lvss version' after autoload"
[ -d /sys/module/lvss ] || fail "'lvss version' as root did not load lvss.ko"
