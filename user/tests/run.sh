#!/bin/sh
# Runs unit-test binaries that print TAP, counts results over all of them
# and ends with "N passed, N failed". A binary that crashes or exits
# non-zero without a failing test line (e.g. a sanitizer report) counts as
# a failure, so LeakSanitizer findings fail the run.
set -u

passed=0
failed=0
for t in "$@"; do
	name=$(basename "$t")
	echo "# $name"
	out=$("$t" 2>&1)
	status=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited with status $status"
		failed=$((failed + 1))
	elif [ "${plan:-x}" != "$((p + f))" ]; then
		echo "not ok - $name planned ${plan:-nothing} but ran $((p + f))"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
