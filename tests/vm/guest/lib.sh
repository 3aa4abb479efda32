# Guest-side helpers shared by init and run-case.sh (sourced, busybox sh).
# Results travel to the host as tab-separated records on fd 3, the second
# serial port, so kernel console noise on the first one cannot corrupt them:
#   BOOT kver uptime | START name | TEST status name reason centisecs |
#   LOG name line | DONE
# shellcheck shell=sh

TAB=$(printf '\t')

# mark TAG FIELD...: one record, written with a single printf.
mark() {
	_rec=$1
	shift
	for _f in "$@"; do
		_rec="$_rec$TAB$_f"
	done
	printf '%s\n' "$_rec" >&3
}

# uptime in centiseconds (awk: /proc/uptime has a decimal point).
uptime_cs() {
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

uptime_s() {
	read -r _up _ </proc/uptime
	echo "${_up%.*}"
}

# Move the kernel log since the last call into file $1 (dmesg -c reads and
# clears in one syscall, so no line is lost or seen twice).
kmsg_take() {
	dmesg -c >"$1" 2>/dev/null || :
}

# Print the lines of kernel log file $1 that fail a run; status 0 if any.
kmsg_bad() {
	grep -E -f /tmp/lvss-patterns "$1"
}

# Send file $2 to the host as LOG records of test $1, prefixed with $3.
send_log() {
	[ -s "$2" ] || return 0
	tail -n "${4:-2000}" "$2" |
		awk -v n="$1" -v p="${3:-}" '{ printf "LOG\t%s\t%s%s\n", n, p, $0 }' >&3
}

# step NAME CMD...: run a harness step (module load/unload) as a test of its
# own: it fails on a non-zero exit or on a bad kernel log line.
step() {
	_name=$1
	shift
	kmsg_take /dev/null
	_rc=0
	"$@" >/tmp/step.log 2>&1 || _rc=$?
	kmsg_take /tmp/step.kmsg
	_why=
	[ "$_rc" -eq 0 ] || _why="'$*' exited $_rc"
	_bad=$(kmsg_bad /tmp/step.kmsg | head -n 1)
	[ -z "$_bad" ] || _why="${_why:+$_why; }kernel log: $_bad"
	if [ -z "$_why" ]; then
		mark TEST pass "$_name" "" 0
	else
		mark TEST fail "$_name" "$_why" 0
	fi
	send_log "$_name" /tmp/step.log
	send_log "$_name" /tmp/step.kmsg "kernel: " 300
	[ -z "$_why" ]
}
