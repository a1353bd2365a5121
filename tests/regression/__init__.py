"""Pinned regression cases: small shipped scenarios whose KPIs are stored in
tests/regression/<case>.csv and compared by tests/test_regression.py.

A stored value is what the model gave when it was last updated on purpose;
a change beyond the tolerance means the model (or a dependency: HiGHS, tsam)
now answers differently. If the change is intended, update the files and
commit them with the change that explains it:

    python -m tests.regression --update        # from the repository root

Tolerances: the objective of an LP optimum is unique (rel 1e-7); other KPIs
may move between alternative optima of the same objective (rel 1e-4, or
1e-3 of the KPI's unit in absolute terms near zero).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES = {
    "example_week": (ROOT / "data" / "example" / "example.yaml", {}),
    "example_typical_days": (ROOT / "data" / "example" / "example.yaml", {"representative_periods.days": 3, "load_scale": 0.5}),
    "jilin_2030_april_week": (ROOT / "data" / "scenarios" / "jilin_2030.yaml", {"horizon.start": "2030-04-01", "horizon.end": "2030-04-07"}),
}
"""Case name -> (scenario file, overrides). Each solves in about a second or two."""

OBJECTIVE_REL = 1e-7
KPI_REL, KPI_ABS = 1e-4, 1e-3
COLUMNS = ["name", "value", "rel_tol", "abs_tol"]


def figures(case: str) -> pd.DataFrame:
    """Solve a case: its objective, feasibility and every KPI, with tolerances."""
    from gridmodel.api import run_scenario

    path, overrides = CASES[case]
    result = run_scenario(path, overrides=overrides or None)
    rows = [("objective_cny", result.objective_cny, OBJECTIVE_REL, 0.0), ("feasible", float(result.verdict.feasible), 0.0, 0.0)]
    rows += [(k, float(v), KPI_REL, KPI_ABS) for k, v in result.kpis.items() if not (isinstance(v, float) and math.isnan(v))]
    return pd.DataFrame(rows, columns=COLUMNS)


def stored(case: str) -> pd.DataFrame:
    return pd.read_csv(HERE / f"{case}.csv")


def differences(case: str) -> list[str]:
    """Figures of a fresh solve that differ from the stored ones beyond their tolerance."""
    old, new = stored(case).set_index("name"), figures(case).set_index("name")["value"]
    out = [f"{name}: no longer reported" for name in old.index.difference(new.index)]
    out += [f"{name}: new figure (update to store it)" for name in new.index.difference(old.index)]
    for name, row in old.loc[old.index.intersection(new.index)].iterrows():
        if abs(new[name] - row["value"]) > max(row["rel_tol"] * abs(row["value"]), row["abs_tol"]):
            out.append(f"{name}: stored {row['value']:.10g}, now {new[name]:.10g}")
    return out


def update() -> None:
    for case in CASES:
        df = figures(case)
        df.to_csv(HERE / f"{case}.csv", index=False, float_format="%.12g")
        print(f"{HERE / case}.csv: {len(df)} figures")
