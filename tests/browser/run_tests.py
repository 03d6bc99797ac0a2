#!/usr/bin/python3
"""Runs every tests/browser/test_*.py against one demo store, server and artefact folder (see
browser_stack.py), then stops the server. Exit status 0 only when every test passed.
Arguments: [FILE_PATTERN] [-k NAME_SUBSTRING ...]. Run through scripts/test-browser (it installs axe-core with npm ci and picks Debian's python3)."""

import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser_stack  # noqa: E402


def main():
    arguments = sys.argv[1:]
    names = []  # -k SUBSTRING: only tests whose name holds it
    while "-k" in arguments:
        at = arguments.index("-k")
        names.append(arguments[at + 1])
        del arguments[at:at + 2]
    loader = unittest.TestLoader()
    loader.testNamePatterns = [f"*{name}*" for name in names] or None
    pattern = arguments[0] if arguments else "test_*.py"
    suite = loader.discover(str(HERE), pattern=pattern, top_level_dir=str(HERE))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    try:
        if browser_stack.STACK is not None:
            browser_stack.STACK.stop()
    except RuntimeError as error:
        print(f"[browser] {error}", file=sys.stderr)
        return 1
    print(f"[browser] screenshots and PDFs in {browser_stack.artifacts_dir()}", file=sys.stderr)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
