# Harness self-test: never reached after 90-crash; must be reported 'not ok'.
true
