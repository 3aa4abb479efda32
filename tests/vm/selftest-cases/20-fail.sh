# Harness self-test: must be reported 'not ok' with its output shown.
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
echo "selftest-visible-output"
fail "selftest deliberate failure"
