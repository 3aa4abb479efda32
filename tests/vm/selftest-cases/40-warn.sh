# Harness self-test: loads a module whose init WARNs; the case itself
# succeeds, so only the harness's kernel-log check can fail it.
/usr/sbin/modprobe lvss_test_warn
/usr/sbin/rmmod lvss_test_warn
