# The lvss demo: 'make demo' boots the test VM and runs this script in it
# (tests/vm/run.sh --demo), showing its output live. Every step prints the
# command it runs ('$ ...'); any failing command fails the demo.
# Later steps will add: snapshot -> backup -> restore -> verify.
# lvss-timeout: 300
# shellcheck shell=sh source-path=SCRIPTDIR source=guest/case-lib.sh
. "$LVSS_LIB"

say() {
	printf '\n%s\n' "# $*"
}

show() {
	printf '$ %s\n' "$*"
	"$@"
}

say "lvss.ko $(cat /sys/module/lvss/version) is loaded in a VM running Linux $(uname -r)"
show lvss version
say "module-wide figures: no device is filtered yet"
show lvss status
say "the same as JSON, for scripts"
show lvss --json status
