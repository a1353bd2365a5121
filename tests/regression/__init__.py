"""Pinned regression cases: small shipped scenarios whose KPIs are stored in
tests/regression/<case>.csv and compared by tests/test_regression.py.

A stored value is what the model gave when it was last updated on purpose;
a change beyond the tolerance means the model (or a dependency: HiGHS, scipy)
now answers differently. If the change is intended, update the files and
commit them with the change that explains it:

    python -m tests.regression --update        # from the repository root

Tolerances: the objective of an LP optimum is unique (rel 1e-7); other KPIs
may move between alternative optima of the same objective (rel 1e-4, or
1e-3 of the KPI's unit in absolute terms near zero). The strict cases hold
every figure to rel 1e-9 (1e-9 of its unit near zero): the same LPs solved
by the same HiGHS give the same optimum, so a refactoring that is meant to
change nothing must reproduce them (issue 15, "same answers").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EXAMPLE = ROOT / "data" / "example" / "example.yaml"
JILIN_2030 = ROOT / "data" / "scenarios" / "jilin_2030.yaml"


@dataclass(frozen=True)
class Case:
    """A scenario, how it is run, and how closely its figures must agree."""

    path: Path
    overrides: dict = field(default_factory=dict)
    hours: int | None = None
    strict: bool = False
    attribute: bool = False  # also curtailment by cause (the figures cause/<name>_mwh)


CASES = {
    "example_week": Case(EXAMPLE),
    "example_typical_days": Case(EXAMPLE, {"representative_periods.days": 3, "load_scale": 0.5}),
    "jilin_2030_april_week": Case(JILIN_2030, {"horizon.start": "2030-04-01", "horizon.end": "2030-04-07"}),
    "strict_example_week": Case(EXAMPLE, strict=True),
    "strict_jilin_2030_week": Case(JILIN_2030, hours=168, strict=True),
    "strict_example_remedy": Case(EXAMPLE, {"expansion.enabled": True}, strict=True),
    "strict_example_attribution": Case(EXAMPLE, {"load_scale": 0.5}, strict=True, attribute=True),
    "strict_example_windows": Case(EXAMPLE, {"solver.window_days": 2}, strict=True),  # the windows' path: a coarse week, 4 windows
}
"""Case name -> Case. Each solves in a few seconds at most."""

OBJECTIVE_REL = 1e-7
KPI_REL, KPI_ABS = 1e-4, 1e-3
STRICT_REL = STRICT_ABS = 1e-9
COLUMNS = ["name", "value", "rel_tol", "abs_tol"]


def solved(case: Case) -> dict[str, float]:
    """Solve a case as `gridmodel run` does (gridmodel.run, the workflow):
    its objective, feasibility, every KPI (a remedy's among them), and
    curtailment by cause when asked for."""
    from gridmodel.api import run

    r = run(case.path, case.hours, case.overrides or None, attribute=case.attribute)
    out = {"objective_cny": r.result.objective_cny, "feasible": float(r.result.verdict.feasible), **r.result.kpis}
    if r.attribution is not None:
        out.update({f"cause/{c}_mwh": v for c, v in zip(r.attribution.causes["cause"], r.attribution.causes["curtailment_mwh"])})
    return {name: float(v) for name, v in out.items() if not (isinstance(v, float) and math.isnan(v))}


def figures(name: str) -> pd.DataFrame:
    """A case's figures with their tolerances."""
    case = CASES[name]
    rows = []
    for key, value in solved(case).items():
        rel, abs_ = (STRICT_REL, STRICT_ABS) if case.strict else (OBJECTIVE_REL, 0.0) if key == "objective_cny" else (0.0, 0.0) if key == "feasible" else (KPI_REL, KPI_ABS)
        rows.append((key, value, rel, abs_))
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
            out.append(f"{name}: stored {row['value']:.17g}, now {new[name]:.17g}")
    return out


def update(names=None) -> None:
    for case in names or CASES:
        df = figures(case)
        df.to_csv(HERE / f"{case}.csv", index=False)  # shortest repr: every digit kept
        print(f"{HERE / case}.csv: {len(df)} figures")
