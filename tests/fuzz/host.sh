#!/bin/sh
# Usage: host.sh regress|fuzz BINDIR TARGET...
# regress: each libFuzzer target runs every input of corpus/<target>/ once
#          (the seeds and the reproducers of bugs found): seconds.
# fuzz:    each target fuzzes for FUZZ_SECONDS (default 60) from its
#          corpus; new inputs go to $BUILD/fuzz/work/<target>/, a crash to
#          $BUILD/fuzz/artifacts/ (copy it into corpus/<target>/ with the fix).
# Prints TAP, one test per target, then "N passed, N failed"; exit 1 if
# one failed.
set -u
mode=$1
bindir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
out=$(dirname "$bindir")
seconds=${FUZZ_SECONDS:-60}
pass=0 fail=0 n=0
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	corpus=$here/corpus/$t
	log=$out/$t.$mode.log
	files=$(find "$corpus" -type f 2>/dev/null | sort)
	if [ -z "$files" ]; then
		echo "not ok $n - $t: no inputs in $corpus"
		fail=$((fail + 1))
		continue
	fi
	rc=0
	if [ "$mode" = regress ]; then
		# shellcheck disable=SC2086 # one word per file (no spaces)
		"$bindir/$t" -runs=1 $files >"$log" 2>&1 || rc=$?
		what="$(echo "$files" | wc -l) inputs"
	else
		mkdir -p "$out/work/$t" "$out/artifacts"
		"$bindir/$t" -max_total_time="$seconds" -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$out/artifacts/$t-" \
			"$out/work/$t" "$corpus" >"$log" 2>&1 || rc=$?
		what="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log") runs in $seconds s"
	fi
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $t: $what"
		pass=$((pass + 1))
	else
		echo "not ok $n - $t: exit $rc ($what; log $log)"
		grep -E 'ERROR|runtime error|SUMMARY|Test unit written|Running:' "$log" |
			tail -n 8 | sed 's/^/# /'
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
