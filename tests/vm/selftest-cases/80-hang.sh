# Harness self-test (run with --timeout): never finishes within the boot's
# budget; the host must kill qemu and report the boot as timed out.
# lvss-timeout: 600
sleep 600
