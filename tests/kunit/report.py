#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the UML kernel's KTAP output into TAP-ish lines for run.sh.

usage: report.py KUNIT_TOOL_DIR TEST_LOG KUNIT_PY_STATUS [--filter]
                 [EXPECTED_SUITE...]

Parses TEST_LOG (kunit.py's copy of the kernel console) with the tree's own
kunit_parser, then prints 'ok N - kunit <suite>.<case>' or 'not ok N - ...'
per test -- a parameterised case prints one line per parameter,
'<suite>.<case>[<param>]' -- and 'N passed, N failed' last (with
', N skipped' when a test was skipped).

A case or suite that failed by itself (the kernel crashed inside it, its
results stopped, or it made the kernel print a KASAN/UBSAN/WARNING/BUG
report) gets a 'not ok' line even when every expectation in it passed. Exits 1 if anything failed or crashed, if no test ran, if
kunit.py failed while every parsed test passed, or (without --filter) if an
expected suite did not report -- each of these is a 'not ok' line too, so
the counts always agree with the exit status; exits 2 on bad usage.
"""

import contextlib
import io
import re
import sys

# Kernel reports that fail the case they appear in, even if its expectations
# passed: KASAN and UBSAN (6.1 fails a KUnit case on UBSAN only, and on
# KASAN only with CONFIG_KASAN_KUNIT_TEST), WARN_ON, BUG, lockdep, oopses.
KERNEL_REPORT = re.compile(r'^\s*(BUG: |WARNING: |UBSAN: |Oops|kernel BUG|'
                           r'Kernel panic|general protection fault|'
                           r'Unable to handle)')


def kernel_report(test):
    """The first kernel report printed while @test ran, or None."""
    for text in test.log:
        if KERNEL_REPORT.match(text):
            return text.strip()
    return None


class Report:
    """Numbered TAP-ish lines and the counts behind the last line."""

    def __init__(self, status_enum):
        self.status = status_enum
        self.n = self.passed = self.failed = self.skipped = 0

    def line(self, name, status, report=None):
        """Print one result; return True if it was a failure."""
        self.n += 1
        if status == self.status.SKIPPED and not report:
            self.skipped += 1
            print(f'ok {self.n} - kunit {name} # SKIP')
            return False
        if status == self.status.SUCCESS and not report:
            self.passed += 1
            print(f'ok {self.n} - kunit {name}')
            return False
        self.failed += 1
        reason = [] if status == self.status.SUCCESS else [status.name]
        if report:
            reason.append(f'kernel reported "{report}"')
        reason = '; '.join(reason)
        print(f'not ok {self.n} - kunit {name} # {reason}')
        return True

    def walk(self, test, name, depth=0):
        """Report @test (called @name) and its subtests; True on failure.
        Depth 0 is a suite, 1 a case, 2 a parameter of a case."""
        report = kernel_report(test)
        if not test.subtests:
            return self.line(name, test.status, report)
        failed = False
        for sub in test.subtests:
            if not sub.name:
                # kunit_parser's stand-in for a result that never came;
                # the parent's own status reports it below.
                continue
            if depth == 0:
                sub_name = f'{name}.{sub.name}'
            else:
                sub_name = f'{name}[{sub.name}]'
            failed |= self.walk(sub, sub_name, depth + 1)
        if not failed and (report or not test.ok_status()):
            failed = self.line(name, test.status, report)
        return failed


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    tool_dir, log_path, kunit_rc = argv[1], argv[2], int(argv[3])
    filtered = '--filter' in argv[4:]
    expected = [a for a in argv[4:] if not a.startswith('--')]

    sys.path.insert(0, tool_dir)
    with open(log_path, encoding='utf-8', errors='replace') as f:
        kernel_output = f.read().splitlines(keepends=True)
    # kunit_printer binds sys.stdout when imported: import and parse with
    # stdout captured, so only our lines reach the caller.
    with contextlib.redirect_stdout(io.StringIO()):
        import kunit_parser  # pylint: disable=import-outside-toplevel
        root = kunit_parser.parse_run_tests(kernel_output)

    report = Report(kunit_parser.TestStatus)
    seen = set()
    for suite in root.subtests:
        if suite.name:
            seen.add(suite.name)
            report.walk(suite, suite.name)
    if not filtered:
        for name in expected:
            if name not in seen:
                report.n += 1
                report.failed += 1
                print(f'not ok {report.n} - kunit {name} '
                      '# declared in kmod/tests/ but never reported')
    if report.n and not report.failed and (kunit_rc != 0 or not root.ok_status()):
        report.n += 1
        report.failed += 1
        print(f'not ok {report.n} - kunit run # {root.status.name}, kunit.py '
              f'exited {kunit_rc} though every parsed test passed')
    if report.n == 0:
        report.n += 1
        report.failed += 1
        print(f'not ok {report.n} - kunit run # no KUnit test ran '
              f'(kernel status {root.status.name})')
    summary = f'{report.passed} passed, {report.failed} failed'
    if report.skipped:
        summary += f', {report.skipped} skipped'
    print(summary)
    return 1 if report.failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
