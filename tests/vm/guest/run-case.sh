#!/bin/sh
# shellcheck source-path=SCRIPTDIR
# Usage: run-case.sh NAME FILE TIMEOUT NDISKS [DISK...]
# Run one case in the guest as 'sh -eu FILE': in its own session (so a
# timeout kills everything it started), on a fresh tmpfs, with only its own
# scratch disks. Judge it by exit status (0 pass, 77 skip, else fail), by its
# deadline and by the kernel log it produced; report one TEST record and the
# case's output as LOG records on fd 3. RUN_CASE_LIVE=1 (the demo) sends the
# output straight to fd 3 as it is written instead.
set -eu
# shellcheck source=lib.sh
. /lvss/lib.sh

name=$1
file=$2
limit=$3
want=$4
shift 4

work=/tmp/case/$name
log=/tmp/case/$name.log
kmsg=/tmp/case/$name.kmsg
mkdir -p "$work"
mount -t tmpfs -o mode=1777 tmpfs "$work"

export LVSS_CASE="$name" LVSS_TMP="$work" LVSS_DISKS="$*"
i=0
for d in "$@"; do
	i=$((i + 1))
	export "LVSS_DISK$i=$d"
done

awk '{ print $2 }' /proc/mounts >"$work.mounts"
kmsg_take /dev/null
mark START "$name"
t0=$(uptime_cs)
s0=$(uptime_s)

rc=0
timed_out=0
if [ "$#" -ne "$want" ]; then
	echo "harness: expected $want scratch disks, the guest found $#" >"$log"
	rc=1
else
	cd "$work"
	if [ "${RUN_CASE_LIVE:-0}" = 1 ]; then
		setsid sh -eu "$file" </dev/null >&3 2>&3 3>&- &
	else
		setsid sh -eu "$file" </dev/null >"$log" 2>&1 3>&- &
	fi
	pid=$!
	cd /
	# Poll rather than 'wait': a process stuck in the kernel (D state)
	# must not stall the whole run, and ash's wait cannot time out.
	while :; do
		st=
		{ read -r _ _ st _ <"/proc/$pid/stat"; } 2>/dev/null || st=
		case $st in '' | Z) break ;; esac
		if [ $(($(uptime_s) - s0)) -ge "$limit" ]; then
			timed_out=1
			kill -KILL "-$pid" 2>/dev/null || :
			break
		fi
		sleep 0.2
	done
	if [ "$timed_out" = 1 ]; then
		# SIGKILL cannot end a task sleeping uninterruptibly in the kernel.
		n=0
		while [ "$n" -lt 50 ]; do
			st=
			{ read -r _ _ st _ <"/proc/$pid/stat"; } 2>/dev/null || st=
			case $st in '' | Z) break ;; esac
			sleep 0.2
			n=$((n + 1))
		done
		case $st in
		'' | Z) wait "$pid" 2>/dev/null || : ;;
		*) echo "harness: case process $pid is stuck in state $st after SIGKILL" >>"$log" ;;
		esac
	else
		wait "$pid" || rc=$?
	fi
	# Background jobs the case left behind share its process group.
	kill -KILL "-$pid" 2>/dev/null || :
fi
t1=$(uptime_cs)

# Unmount what the case left mounted, newest first, so the next case and the
# final 'rmmod lvss' start clean.
awk '{ print $2 }' /proc/mounts | grep -vxF -f "$work.mounts" | sed '1!G;h;$!d' |
	while read -r m; do
		[ "$m" = "$work" ] && continue
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || :
		echo "harness: unmounted $m, which the case left mounted" >>"$log"
	done
umount "$work" 2>/dev/null || umount -l "$work" 2>/dev/null || :
kmsg_take "$kmsg"

status=pass
why=
if [ "$timed_out" = 1 ]; then
	status=fail
	why="timed out after $limit s"
elif [ "$rc" -eq 77 ]; then
	status=skip
	why=$(sed -n 's/^SKIP: *//p' "$log" 2>/dev/null | tail -n 1)
	[ -n "$why" ] || why="case exited 77"
elif [ "$rc" -ne 0 ]; then
	status=fail
	why="exit status $rc"
	last=$(sed -n 's/^FAIL: *//p' "$log" 2>/dev/null | tail -n 1)
	[ -z "$last" ] || why="$why: $last"
fi
bad=$(kmsg_bad "$kmsg" | head -n 1 || :)
if [ -n "$bad" ]; then
	status=fail
	why="${why:+$why; }kernel log: $bad"
fi

mark TEST "$status" "$name" "$why" $((t1 - t0))
send_log "$name" "$log"
send_log "$name" "$kmsg" "kernel: " 300
rm -rf "$work" "$work.mounts" "$log" "$kmsg"
