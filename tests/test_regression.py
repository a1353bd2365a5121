"""Pinned KPIs of small shipped scenarios (tests/regression/): a fresh solve
must give the stored figures within their tolerances. To store new figures
after an intended change: `python -m tests.regression --update`."""

from __future__ import annotations

import pytest

from regression import CASES, differences


@pytest.mark.parametrize("case", list(CASES))
def test_kpis_as_stored(case):
    diff = differences(case)
    assert not diff, f"{case} differs from tests/regression/{case}.csv (if intended: python -m tests.regression --update):\n" + "\n".join(diff)
