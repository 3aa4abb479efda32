# A snapshot set of three devices is one instant across all of them:
# each member passes the block oracle under concurrent writers, and a
# chain of dependent writes (counter N goes to disk A, and only after it
# completed to disk B, then C) is never seen out of order across members.
# lvss-disks: 3x64M 3x96M
# lvss-timeout: 600
# shellcheck source=../guest/case-lib.sh
. "$LVSS_LIB"
# shellcheck source=../guest/oracle-lib.sh
. /lvss/oracle-lib.sh

need_disks 6
set -- $LVSS_DISKS
a=$1 b=$2 c=$3 sa=$4 sb=$5 sc=$6
chain_pid=
cleanup() {
	[ -z "$chain_pid" ] || kill "$chain_pid" 2>/dev/null || :
	oracle_writers_stop 2>/dev/null || :
	delete_all_snapshots
	for d in $a $b $c; do lvss detach "$d" >/dev/null 2>&1 || :; done
}
trap cleanup EXIT

for pair in "$a $sa" "$b $sb" "$c $sc"; do
	set -- $pair
	oracle_fill "$1"
	lvss attach "$1" >/dev/null
	lvss store add "$1" --device "$2" >/dev/null || fail "store add $1"
done

# Block oracle on all three at once, one set.
oracle_writers_start "$a"
oracle_writers_start "$b"
oracle_writers_start "$c"
sleep 1
oracle_take "$a" "$b" "$c"
set -- $SNAP_DISKS
[ "$#" -eq 3 ] || fail "a set of 3 gave $# disks: $SNAP_DISKS"
da=$1 db=$2 dc=$3
ids=$SNAP_IDS
sleep 3
oracle_writers_stop
oracle_verify "$da" "$T1" "$T2" "member A" "$a"
oracle_verify "$db" "$T1" "$T2" "member B" "$b"
oracle_verify "$dc" "$T1" "$T2" "member C" "$c"
for d in $a $b $c; do oracle_verify_origin "$d"; done
# shellcheck disable=SC2086
lvss snapshot delete $ids >/dev/null

# Dependent writes across members. The last 4 KiB block of each disk is
# outside nothing the oracle needs any more; a counter goes A -> B -> C.
last=$(($(/usr/sbin/blockdev --getsize64 "$a") / 4096 - 1))
put() { # put DEV N
	printf '%-4096s' "$2" | /usr/bin/dd of="$1" bs=4096 seek="$last" \
		oflag=direct,dsync conv=notrunc status=none
}
get() { # get DEV
	/usr/bin/dd if="$1" bs=4096 skip="$last" count=1 iflag=direct status=none | tr -d ' \0'
}
put "$a" 0
put "$b" 0
put "$c" 0
(
	n=1
	while :; do
		put "$a" "$n"
		put "$b" "$n"
		put "$c" "$n"
		n=$((n + 1))
	done
) &
chain_pid=$!
sleep 1
round=1
while [ "$round" -le 5 ]; do
	oracle_take "$a" "$b" "$c"
	set -- $SNAP_DISKS
	na=$(get "$1") nb=$(get "$2") nc=$(get "$3")
	echo "set $round: A=$na B=$nb C=$nc"
	# A leads: B is A or one behind, C is B or one behind.
	[ "$nb" -le "$na" ] && [ "$nb" -ge $((na - 1)) ] &&
		[ "$nc" -le "$nb" ] && [ "$nc" -ge $((nb - 1)) ] &&
		[ "$na" -le $((nc + 1)) ] ||
		fail "set $round is not one instant: A=$na B=$nb C=$nc"
	[ "$na" -gt 0 ] || fail "the chain writer never ran"
	# shellcheck disable=SC2086
	lvss snapshot delete $SNAP_IDS >/dev/null
	round=$((round + 1))
	sleep 0.3
done
kill "$chain_pid"
wait "$chain_pid" 2>/dev/null || :
chain_pid=
