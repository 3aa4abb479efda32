# Harness self-test: runs after the timed-out case and must pass, so a
# timeout does not take the rest of the boot down with it.
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
run sh -c 'exit 3'
expect_eq "$RC" 3 "exit status seen by run()"
