# shellcheck shell=bash
# The command line every bench driver takes, sourced after it sets
# BENCH_DIR and ROOT (and, optionally, BENCH_ENV_HELP: a usage line about
# the environment). Leaves kvers (the kernels, default both test kernels)
# and out (the result directory, created, absolute).
KVERS_DEFAULT="6.1.0-56-amd64 6.12.117+deb12-amd64"

usage() {
	cat <<EOF
usage: tests/bench/$(basename "$0") [--kver V]... [--out DIR]
  --kver V    kernel to run on (repeatable; default: $KVERS_DEFAULT)
  --out DIR   where results go (default: tests/out/bench)
${BENCH_ENV_HELP:-}
EOF
}

kvers=()
out=$ROOT/tests/out/bench
while [ "$#" -gt 0 ]; do
	case $1 in
	--kver) kvers+=("${2:?--kver needs a value}") && shift 2 ;;
	--out) out=${2:?--out needs a value} && shift 2 ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
done
# shellcheck disable=SC2206 # a list of words
[ "${#kvers[@]}" -gt 0 ] || kvers=($KVERS_DEFAULT)
mkdir -p "$out"
out=$(realpath "$out")
