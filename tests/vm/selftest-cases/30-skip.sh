# Harness self-test: must be reported as a skip with this reason.
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
skip "selftest deliberate skip"
