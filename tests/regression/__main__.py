"""python -m tests.regression [--update]: compare every case with its stored
figures (exit 1 on a difference), or store them anew."""

from __future__ import annotations

import argparse
import sys

from . import CASES, differences, update


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.regression", description=__doc__)
    parser.add_argument("--update", action="store_true", help="solve every case and overwrite tests/regression/<case>.csv")
    if parser.parse_args().update:
        update()
        return 0
    failed = False
    for case in CASES:
        diff = differences(case)
        failed |= bool(diff)
        print(f"{case}: " + ("as stored" if not diff else "\n  " + "\n  ".join(diff)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
