"""`make bench`: measurements against the budgets in the product brief. Exits non-zero over budget."""

from __future__ import annotations

import sys

from tests.benchmarks import lighthouse, page_weight


def main() -> int:
    ok = page_weight.report()
    ok = lighthouse.report() and ok
    print("within budget" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
