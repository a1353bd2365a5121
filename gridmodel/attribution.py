"""Curtailment by cause: how much of the wind+solar curtailment each family of
limits causes, by counterfactual solves.

A family of limits is relaxed by editing the System's tables in memory (the
original is never changed):

- network:  intra-provincial line capacities x RELAX (kind "line");
- thermal:  coal/CHP/biomass minimum load and retrofit minimum load set to 0,
            ramp limits lifted (1 p.u./h), and the CHP back-pressure line
            removed (cm = 0), so heat-led operation no longer forces electric
            output: a CHP unit may stay online at zero electric output while it
            makes the heat (its heat still costs fuel through cv); staged
            must-run stages (table must_run) lifted too;
- storage:  storage power and energy x RELAX (existing stores only);
- export:   export channel capacities x RELAX; the neighbour buys any amount
            (the model puts no bound on sales).

Links or stores of zero size stay absent: relaxing a limit does not build new
assets. C(S) is the horizon's curtailment with the families in S relaxed.
Overlaps (curtailment that two limits cause jointly) are shared by Shapley
values over the families,

    phi_i = sum_{S not containing i} |S|! (n - |S| - 1)! / n!  [C(S) - C(S + i)],

which add up exactly to C({}) - C(all); the rest, C(all), is plain surplus:
energy no relaxed limit can use. So  sum_i phi_i + surplus = C({})  (the base
run's curtailment) by construction. Shapley values need all 2^n subsets (16
solves for 4 families) but, unlike an ordered decomposition, do not depend on
an arbitrary order. A value can be negative when relaxing a family lets the
optimiser curtail more elsewhere at lower cost.
"""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from .lp import solve_system
from .periods import system_and_horizon
from .inputs import System
from .model.core import Horizon
from .results import Result
from .runfolder import CAUSES_CSV

log = logging.getLogger("gridmodel")
RELAX = 1000.0
"""Factor on a relaxed capacity: large enough never to bind."""

COUNTERFACTUALS_CSV = "curtailment_counterfactuals.csv"


def _scale(table: pd.DataFrame, columns: list[str], mask=None) -> pd.DataFrame:
    out = table.copy()
    rows = slice(None) if mask is None else mask(out)
    for col in columns:
        out.loc[rows, col] = out.loc[rows, col] * RELAX
    return out


def _links_of(kind: str) -> Callable[[dict], dict]:
    return lambda t: {"links": _scale(t["links"], ["capacity_mw"], lambda d: d["kind"] == kind)}


def _thermal(t: dict) -> dict:
    return {"thermal": t["thermal"].assign(min_load_pu=0.0, retrofit_min_load_pu=0.0, ramp_pu_per_h=1.0, retrofit_ramp_pu_per_h=1.0, cm=0.0), "must_run": t["must_run"].iloc[:0]}


def _storage(t: dict) -> dict:
    return {"storage": _scale(t["storage"], ["power_mw", "energy_mwh"])}


FAMILIES: dict[str, Callable[[dict], dict]] = {
    "network": _links_of("line"),
    "thermal": _thermal,
    "storage": _storage,
    "export": _links_of("export"),
}
"""Family of limits -> the tables it replaces when relaxed."""

LABELS = {
    "network": "network limits (intra-provincial lines)",
    "thermal": "coal/CHP minimum load and heat-led operation",
    "storage": "storage power/energy limits",
    "export": "export channel limits",
    "surplus": "plain surplus (remains with all relaxed)",
}


def relaxed(system: System, families) -> System:
    """A copy of `system` with the named families of limits relaxed."""
    tables = dict(system.tables)
    for name in families:
        tables.update(FAMILIES[name](tables))
    return replace(system, tables=tables)


def shapley(value: dict[frozenset, float], players: list[str]) -> dict[str, float]:
    """Shapley value of each player for a game given on every subset."""
    n = len(players)
    phi = {}
    for p in players:
        others = [q for q in players if q != p]
        phi[p] = sum(
            math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) * (value[frozenset(S) | {p}] - value[frozenset(S)])
            for k in range(n)
            for S in itertools.combinations(others, k)
        )
    return phi


@dataclass
class Attribution:
    """Curtailment per cause (Shapley shares plus surplus) and every counterfactual."""

    causes: pd.DataFrame  # cause, description, curtailment_mwh, share
    counterfactuals: pd.DataFrame  # one bool column per family, curtailment_mwh

    @property
    def total_mwh(self) -> float:
        return float(self.causes["curtailment_mwh"].sum())

    def write(self, run_dir: str | Path) -> None:
        run_dir = Path(run_dir)
        self.causes.to_csv(run_dir / CAUSES_CSV, index=False, float_format="%.9g")
        self.counterfactuals.to_csv(run_dir / COUNTERFACTUALS_CSV, index=False, float_format="%.9g")


def attribute(system: System, horizon: Horizon | None = None, base: Result | None = None) -> Attribution:
    """Solve every combination of relaxed families and share the base
    curtailment among them; `base` (the unrelaxed run) saves one solve."""
    names = list(FAMILIES)
    if horizon is None:  # the same typical days (and scaled series) for every counterfactual
        system, horizon = system_and_horizon(system)
    curtailed: dict[frozenset, float] = {}
    for k in range(len(names) + 1):
        for S in itertools.combinations(names, k):
            if not S and base is not None:
                curtailed[frozenset()] = base.kpis["curtailment_mwh"]
                continue
            result = solve_system(relaxed(system, S), horizon)
            curtailed[frozenset(S)] = result.kpis["curtailment_mwh"]
            log.info("  relaxed %-32s curtailment %14.6g MWh", "+".join(S) or "(none)", curtailed[frozenset(S)])
    reduction = {S: curtailed[frozenset()] - c for S, c in curtailed.items()}
    phi = shapley(reduction, names)
    parts = {**phi, "surplus": curtailed[frozenset(names)]}
    total = curtailed[frozenset()]
    causes = pd.DataFrame(
        {
            "cause": list(parts),
            "description": [LABELS[c] for c in parts],
            "curtailment_mwh": list(parts.values()),
            "share": [v / total if total else 0.0 for v in parts.values()],
        }
    )
    counterfactuals = pd.DataFrame([{**{n: n in S for n in names}, "curtailment_mwh": c} for S, c in curtailed.items()])
    return Attribution(causes, counterfactuals)

