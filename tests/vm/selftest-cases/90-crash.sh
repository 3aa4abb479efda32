# Harness self-test: panics the guest; the host must pin the crash on this
# case and report the boot as crashed without waiting for its budget.
echo c >/proc/sysrq-trigger
sleep 60
