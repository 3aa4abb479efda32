# Harness self-test: outlives its timeout (with a background child, which
# must die with it) and must be reported as timed out.
# lvss-timeout: 5
sleep 300 &
sleep 300
