# Candidate VM case (tests/vm/cases/NNN-pattern-dm-snapshot.sh): proves the
# oracle against a real copy-on-write snapshot, dm-snapshot, before lvss has
# its own: concurrent O_DIRECT and buffered writers, a snapshot taken under
# load, verify of the snapshot and of the origin, a negative control (the
# same snapshot judged at a later instant must fail) and an overflowed,
# invalidated snapshot whose EIO must fail verify cleanly. Run it with
#   tests/vm/run.sh --cases DIR   (DIR holding a copy of this file)
# after 'make -C tests/tools'. ~25-40 s under TCG.
# lvss-disks: 1x1G 1x1G 1x16M
# lvss-timeout: 600
# shellcheck shell=sh source=../vm/guest/case-lib.sh
. "$LVSS_LIB"
need_disks 3
P=/usr/local/bin/lvss-pattern
DM=/usr/sbin/dmsetup
base=$LVSS_DISK1 cow=$LVSS_DISK2 small=$LVSS_DISK3
[ -x $P ] || fail "no $P: run 'make -C tests/tools' before the VM suite"
sz=$(/usr/sbin/blockdev --getsz "$base")
trap '$DM remove lpsnap2 2>/dev/null; $DM remove lpsnap 2>/dev/null; $DM remove lporigin 2>/dev/null' EXIT

# take NAME COWDEV: snapshot the origin the way LVM does; sets T1, T2.
take() {
	T1=$($P now)
	$DM suspend lporigin
	$DM create "$1" --table "0 $sz snapshot $base $2 N 8"
	$DM resume lporigin
	T2=$($P now)
}

$DM create lporigin --table "0 $sz snapshot-origin $base"
o=/dev/mapper/lporigin
$P fill $o || fail "fill"
nb=$(($(/usr/sbin/blockdev --getsize64 $o) / 4096)) half=$((nb / 2))
$P write $o --until-signal --threads 4 --region 0:$half \
	--log w1.log --ready r1 2>w1.err &
w1=$!
$P write $o --until-signal --threads 2 --buffered --region $half:$((nb - half)) \
	--gen-base 2000000 --log w2.log --ready r2 2>w2.err &
w2=$!
while [ ! -e r1 ] || [ ! -e r2 ]; do sleep 0.1; done
sleep 3
take lpsnap "$cow"
sleep 5
kill -TERM $w1 $w2 || :
rc1=0 rc2=0
wait $w1 || rc1=$?
wait $w2 || rc2=$?
cat w1.err w2.err
[ $rc1 = 0 ] || fail "writer 1 exited $rc1"
[ $rc2 = 0 ] || fail "writer 2 exited $rc2"

run $P verify /dev/mapper/lpsnap --t-start "$T1" --t-end "$T2" w1.log w2.log
[ "$RC" = 0 ] || fail "snapshot verify failed"
expect_contains "$OUT" "RESULT PASS" "snapshot verify"
case $OUT in *" writes_inflight=0 "* | *" writes_after=0 "*)
	fail "no writes during or after the take: the test proved nothing" ;;
esac
run $P verify $o --origin-final w1.log w2.log
[ "$RC" = 0 ] || fail "origin verify failed"

# Negative control: the same snapshot judged 2 s after it was taken.
late=$((T2 + 2000000000))
run $P verify /dev/mapper/lpsnap --t-start $late --t-end $late w1.log w2.log \
	--limit-report 3
[ "$RC" = 1 ] || fail "a snapshot judged at the wrong instant passed"

# A 16 MiB CoW store overflows; dm invalidates the snapshot, reads fail.
take lpsnap2 "$small"
$P write $o --seconds 3 --threads 4 --gen-base 3000000 --log w3.log ||
	fail "writer 3"
run $P verify /dev/mapper/lpsnap2 --t-start "$T1" --t-end "$T2" \
	w1.log w2.log w3.log --limit-report 3
[ "$RC" = 1 ] || fail "verify of an invalidated snapshot: exit $RC, not 1"
expect_contains "$OUT" "Input/output error" "verify of an invalidated snapshot"
