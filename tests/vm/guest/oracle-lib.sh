# The consistency oracle for VM cases: '. /lvss/oracle-lib.sh' after
# case-lib.sh. Writers stamp every block with a generation and log when
# each write was submitted and completed; a snapshot is then checked block
# by block against what the origin held at the instant it was taken
# (tests/tools/README.md, "The rule").
# shellcheck shell=sh
# T1, T2, SNAP_DISKS and SNAP_IDS are results for the calling case.
# shellcheck disable=SC2034

ORACLE_PIDS=
ORACLE_LOGS=
oracle_n=0

# oracle_fill DEV: every block of DEV gets generation 1.
oracle_fill() {
	lvss-pattern fill "$1" >/dev/null 2>&1 || fail "lvss-pattern fill $1"
}

# oracle_new_log TARGET: the next writer number (oracle_n) and its log
# (ORACLE_LOG), recorded as one of TARGET's logs (oracle_logs TARGET).
oracle_new_log() {
	oracle_n=$((oracle_n + 1))
	ORACLE_LOG=$LVSS_TMP/oracle-$oracle_n.log
	ORACLE_LOGS="$ORACLE_LOGS $ORACLE_LOG"
	echo "$1 $ORACLE_LOG" >>"$LVSS_TMP/oracle-logs"
}

# oracle_writers_start TARGET [BLOCKS]: a direct-I/O writer on the first
# half of TARGET and a buffered one on the second (Linux forbids mixing the
# two on the same blocks: the page cache goes stale), each with its own log
# and generation range; returns once both wrote. TARGET is a block device,
# or a file of BLOCKS 4 KiB blocks on a filesystem. ORACLE_WRITER_ARGS adds
# lvss-pattern write options (e.g. --sequential).
oracle_writers_start() {
	blocks=${2:-$(($(/usr/sbin/blockdev --getsize64 "$1") / 4096))}
	half=$((blocks / 2))
	started=
	for mode in --direct --buffered; do
		oracle_new_log "$1"
		region=0:$half
		[ "$mode" = --direct ] || region=$half:$half
		# shellcheck disable=SC2086 # a list of options
		lvss-pattern write "$1" --until-signal --threads 2 "$mode" \
			--region "$region" ${ORACLE_WRITER_ARGS:-} \
			--gen-base $((oracle_n * 10000000)) --writer-id "$oracle_n" \
			--log "$ORACLE_LOG" --ready "$ORACLE_LOG.ready" 2>"$ORACLE_LOG.err" &
		ORACLE_PIDS="$ORACLE_PIDS $!"
		started="$started $ORACLE_LOG"
	done
	for log in $started; do
		i=0
		while [ ! -e "$log.ready" ]; do
			[ "$i" -lt 300 ] || fail "writer $log never got going: $(cat "$log.err")"
			sleep 0.1
			i=$((i + 1))
		done
	done
}

# oracle_writers_stop: stops every writer; fails if one reported an error.
oracle_writers_stop() {
	# shellcheck disable=SC2086 # one word per pid
	kill -TERM $ORACLE_PIDS 2>/dev/null || :
	for pid in $ORACLE_PIDS; do
		wait "$pid" || fail "a writer failed: $(cat "$LVSS_TMP"/oracle-*.err)"
	done
	ORACLE_PIDS=
}

# oracle_take DEV...: takes one snapshot set; sets T1/T2 around it and
# SNAP_DISKS (one /dev/lvssN per member, in order) and SNAP_IDS.
oracle_take() {
	T1=$(lvss-pattern now)
	out=$(lvss --json snapshot take "$@") || fail "snapshot take $*: $out"
	T2=$(lvss-pattern now)
	SNAP_DISKS=$(echo "$out" | tr '{' '\n' | sed -n 's/.*"disk":"\([a-z0-9]*\)".*/\/dev\/\1/p')
	SNAP_IDS=$(echo "$out" | tr '{' '\n' | sed -n 's/.*"id":\([0-9]*\),.*/\1/p')
	[ -n "$SNAP_DISKS" ] || fail "snapshot take $* printed no disks: $out"
}

# oracle_logs DEV: the logs of the writers that wrote DEV.
oracle_logs() {
	[ ! -e "$LVSS_TMP/oracle-logs" ] ||
		sed -n "s|^$1 ||p" "$LVSS_TMP/oracle-logs"
}

# oracle_verify SNAPDISK T1 T2 WHAT [ORIGIN]: the snapshot shows its
# instant (the origin's writer logs; without ORIGIN, every log: a case with
# one target).
oracle_verify() {
	logs=$ORACLE_LOGS
	[ -z "${5:-}" ] || logs=$(oracle_logs "$5")
	state=$(lvss --json snapshots | tr '{' '\n' | grep "\"disk\":\"${1#/dev/}\"" |
		sed -n 's/.*"state":"\([a-z]*\)".*/\1/p')
	[ "$state" = active ] ||
		fail "$4: snapshot $1 is '$state', not active: $(lvss snapshots)"
	# shellcheck disable=SC2086 # one word per log
	res=$(lvss-pattern verify "$1" --t-start "$2" --t-end "$3" $logs 2>&1) ||
		fail "$4: snapshot $1 is not the origin at its instant: $(echo "$res" | tail -n 25)"
	echo "$4: $(echo "$res" | grep '^RESULT')"
	echo "$res" | grep -q 'writes_after=[1-9]' ||
		fail "$4: no write landed after the take: the test proved nothing"
}

# oracle_verify_origin DEV: no origin write was lost or damaged.
oracle_verify_origin() {
	# shellcheck disable=SC2046 # one word per log
	res=$(lvss-pattern verify "$1" --origin-final $(oracle_logs "$1") 2>&1) ||
		fail "origin $1 lost or damaged writes: $(echo "$res" | tail -n 25)"
	echo "origin $1: $(echo "$res" | grep '^RESULT')"
}

# oracle_forget TARGET: drop TARGET's logs (its file was made afresh).
oracle_forget() {
	[ ! -e "$LVSS_TMP/oracle-logs" ] || sed -i "\\|^$1 |d" "$LVSS_TMP/oracle-logs"
}

# oracle_reset: forget the logs (a new round on freshly filled devices).
oracle_reset() {
	# shellcheck disable=SC2086
	rm -f $ORACLE_LOGS "$LVSS_TMP/oracle-logs"
	ORACLE_LOGS=
}
