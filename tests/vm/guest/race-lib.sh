# Helpers for the lifecycle race cases (tests/vm/cases/12x-race-*):
# '. /lvss/race-lib.sh' after case-lib.sh. Workers are background loops
# that run commands until a deadline and log every outcome; afterwards the
# case checks that each failure was a clean, expected one (exit status 1
# with a message from the case's allowed list), that each worker also
# succeeded, and that status agrees with what exists.
# shellcheck shell=sh

RACE_PIDS=
RACE_LOG=$LVSS_TMP/race.log

# race_seconds BASE: how long a phase races: BASE seconds times the run's
# race scale (LVSS_VM_RACE_SCALE; make test-debug and long runs raise it).
# Not the timeout scale: a slow kernel makes fewer rounds in the same time,
# which the cases' minimum round counts check.
race_seconds() {
	echo $(($1 * ${LVSS_RACE_SCALE:-1}))
}

# race_deadline SECONDS: the workers stop after SECONDS, or later for a
# race_need not met yet, but never after four times SECONDS times the
# timeout scale: on the debug kernel one lvss command under the workers'
# load takes about 30 s, so a churn cycle alone outlasts 4x.
race_deadline() {
	RACE_END=$(($(date +%s) + $1))
	RACE_CAP=$(($(date +%s) + 4 * $1 * ${LVSS_TIMEOUT_SCALE:-1}))
	RACE_NEEDS=
}

# race_need WORKER N: after race_deadline, before the workers start: the
# race goes on past its deadline until WORKER succeeded N times (in
# RACE_LOG), so a slow or loaded machine still races enough to prove
# something; race_succeeded then checks it.
race_need() {
	RACE_NEEDS="$RACE_NEEDS $1:$2"
}

# race_on: true until the deadline, then while a race_need is not met (up
# to the cap).
race_on() {
	race_overtime || return 0
	[ "$(date +%s)" -lt "$RACE_CAP" ] || return 1
	for _need in $RACE_NEEDS; do
		[ "$(race_successes "${_need%:*}")" -ge "${_need##*:}" ] || return 0
	done
	return 1
}

# race_overtime: past the deadline, racing on for a race_need.
race_overtime() {
	[ "$(date +%s)" -ge "$RACE_END" ]
}

# race_successes WORKER: how many of WORKER's commands succeeded so far.
race_successes() {
	[ -e "$RACE_LOG" ] || {
		echo 0
		return 0
	}
	awk -F '\t' -v w="$1" '$1 == w && $2 == 0' "$RACE_LOG" | wc -l
}

# race_try WORKER CMD...: runs CMD, logs "WORKER<TAB>status<TAB>first line
# of its stderr" and leaves the status in RC and stdout in RACE_OUT.
race_try() {
	_w=$1
	shift
	RC=0
	"$@" >"$LVSS_TMP/.race-$_w.out" 2>"$LVSS_TMP/.race-$_w.err" </dev/null || RC=$?
	RACE_OUT=$(cat "$LVSS_TMP/.race-$_w.out")
	printf '%s\t%s\t%s\n' "$_w" "$RC" "$(head -n 1 "$LVSS_TMP/.race-$_w.err")" >>"$RACE_LOG"
}

# race_spawn FUNC [ARG...]: runs FUNC in the background as a worker.
race_spawn() {
	"$@" &
	RACE_PIDS="$RACE_PIDS $!"
}

# race_join GRACE: waits for every worker, at most GRACE seconds (times
# the run's timeout scale: debug kernels are slow) past the deadline; a
# worker still running then is stuck (in the kernel): fail.
race_join() {
	_grace=$(($1 * ${LVSS_TIMEOUT_SCALE:-1}))
	for _p in $RACE_PIDS; do
		while kill -0 "$_p" 2>/dev/null; do
			[ "$(date +%s)" -lt $((RACE_CAP + _grace)) ] ||
				fail "worker $_p still running $_grace s past the deadline: $(ps -o pid,stat,args 2>/dev/null | grep -v '\[' | tail -n 20 | tr '\n' '|')"
			sleep 0.2
		done
		wait "$_p" 2>/dev/null || :
	done
	RACE_PIDS=
}

# race_stop: for cleanup traps.
race_stop() {
	# shellcheck disable=SC2086 # one word per pid
	[ -z "$RACE_PIDS" ] || kill $RACE_PIDS 2>/dev/null || :
	RACE_PIDS=
}

# race_report ALLOWED_ERE: prints how often each worker saw each outcome;
# fails on any outcome other than success or exit status 1 with a message
# matching ALLOWED_ERE (awk regex).
race_report() {
	[ -s "$RACE_LOG" ] || fail "the workers logged nothing"
	echo "outcomes (count, worker, status, message):"
	awk -F '\t' '{ n[$1 "\t" $2 "\t" $3]++ } END { for (k in n) print n[k] "\t" k }' \
		"$RACE_LOG" | sort -t "$(printf '\t')" -k2,2 -k1,1nr | sed 's/^/  /'
	_bad=$(awk -F '\t' -v ok="$1" '$2 != 0 && !($2 == 1 && $3 ~ ok)' "$RACE_LOG" |
		sort | uniq -c | head -n 5)
	[ -z "$_bad" ] || fail "unexpected outcomes: $(echo "$_bad" | tr '\n' '|')"
}

# race_needs_met: each race_need of the phase was met (race_succeeded).
race_needs_met() {
	for _need in $RACE_NEEDS; do
		race_succeeded "${_need%:*}" "${_need##*:}"
	done
}

# race_succeeded WORKER [MIN]: the worker succeeded at least MIN (1) times,
# or the race proved nothing about it.
race_succeeded() {
	_n=$(race_successes "$1")
	[ "$_n" -ge "${2:-1}" ] || fail "worker $1 succeeded $_n times (wanted ${2:-1}): the race proved nothing"
	echo "worker $1: $_n successes"
}

# json_count JSON KEY: how many times "KEY": occurs.
json_count() {
	printf '%s\n' "$1" | grep -o "\"$2\":" | wc -l
}

# race_check_status: lvss status counts what the device and snapshot dumps
# list; each device's snapshot count is its number of snapshots; every
# snapshot's device is attached and its disk exists; no other lvss disk is
# left over.
race_check_status() {
	_st=$(lvss --json status) || fail "lvss status: $_st"
	_devs=$(lvss --json devices) || fail "lvss devices: $_devs"
	_snaps=$(lvss --json snapshots) || fail "lvss snapshots: $_snaps"
	echo "status: $_st"
	_nd=$(echo "$_st" | sed -n 's/.*"devices":\([0-9]*\).*/\1/p')
	_ns=$(echo "$_st" | sed -n 's/.*"snapshots":\([0-9]*\).*/\1/p')
	expect_eq "$(json_count "$_devs" device)" "$_nd" "devices listed vs status"
	expect_eq "$(json_count "$_snaps" id)" "$_ns" "snapshots listed vs status"
	printf '%s\n' "$_devs" | tr '{' '\n' | grep '"device":' |
		sed 's/.*"device":"\([^"]*\)".*"snapshots":\([0-9]*\).*/\1 \2/' >"$LVSS_TMP/.devs"
	printf '%s\n' "$_snaps" | tr '{' '\n' | grep '"id":' |
		sed 's/.*"device":"\([^"]*\)".*"disk":"\([a-z0-9]*\)".*/\1 \2/' >"$LVSS_TMP/.snaps"
	while read -r _d _n; do
		expect_eq "$(awk -v d="$_d" '$1 == d' "$LVSS_TMP/.snaps" | wc -l)" "$_n" \
			"snapshots of $_d listed vs its count"
	done <"$LVSS_TMP/.devs"
	while read -r _d _disk; do
		grep -q "^$_d " "$LVSS_TMP/.devs" ||
			fail "snapshot on $_disk is of $_d, which is not attached: $_devs"
		[ -e "/sys/block/$_disk" ] || fail "snapshot disk $_disk does not exist"
	done <"$LVSS_TMP/.snaps"
	_nb=0
	for _b in /sys/block/lvss*; do
		[ ! -e "$_b" ] || _nb=$((_nb + 1))
	done
	expect_eq "$_nb" "$_ns" "lvss disks in /sys/block vs snapshots"
}
