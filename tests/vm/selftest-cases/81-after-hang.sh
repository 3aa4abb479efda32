# Harness self-test: never reached after 80-hang; must be reported 'not ok'.
true
