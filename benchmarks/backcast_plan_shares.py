"""How each rule of model/plans.py decomposes the 2016 annual plans into
months, against the thermal each province reported month by month (NBS/CEC,
data/northeast/source/nbs_2016_monthly.csv). Arithmetic on the inputs, no LP:
seconds. Mengdong is set against the shape of the whole of Inner Mongolia.

    .venv/bin/python benchmarks/backcast_plan_shares.py

Beside the shipped rules, one counterfactual a heat-led plan would give
(以热定电, "heat first"): each month the heat-led floor of the province's CHP
(committed for the month's heat at its minimum load, or on its back-pressure
line, commitment.py and thermal.py), the rest of the plan by the balance
left over, load less hydro, wind, solar and that floor. It is not a rule of
the model; it shows where a heat-first decomposition would put the plan.
Prints per province and rule the plan by period (TWh), its deviation from
the reported months and how many of the 11 periods lie within +-10 %.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gridmodel.inputs import load_system  # noqa: E402
from gridmodel.model import plans  # noqa: E402

SCENARIO = ROOT / "data" / "scenarios" / "northeast_2016.yaml"
REPORTED = ROOT / "data" / "northeast" / "source" / "nbs_2016_monthly.csv"
RULES = ("load", "residual", "load_less_hydro", "load_less_expected", "hours")
PERIODS = ["01-02", *(f"{m:02d}" for m in range(3, 13))]
SHAPE_OF = {"mengdong": "inner_mongolia"}


def by_period(monthly: np.ndarray) -> np.ndarray:
    """Twelve months -> the eleven reported periods (January and February together)."""
    return np.r_[monthly[0] + monthly[1], monthly[2:]]


def heat_led_floor_mwh(system, province: str) -> np.ndarray:
    """Electric output the province's CHP cannot go below for its heat, by
    month (12,): max(min load x committed capacity, cm x heat) each hour,
    committed capacity = heat_commitment_pu x capacity x the month's heat peak
    over the year's (commitment.py), heat capped at heat_max_pu x capacity."""
    th, heat = system.tables["thermal"], system.heat_demand_mw_th
    chp = th[(th["technology"] == "chp") & (th["zone"].map(system.provinces) == province)]
    months = heat.index.month
    out = np.zeros(12)
    for g in chp.itertuples(index=False):
        q = heat[g.heat_area]
        level = (months.map(q.groupby(months).max()) / q.max()).to_numpy() * (q.to_numpy() > 0)
        floor = np.maximum(g.min_load_pu * g.heat_commitment_pu * g.capacity_mw * level, g.cm * np.minimum(q.to_numpy(), g.heat_max_pu * g.capacity_mw))
        out += np.bincount(months - 1, weights=floor, minlength=12)
    return out


def heat_first(ctx, row, annual: float) -> np.ndarray:
    """The counterfactual heat-first decomposition (MWh by month)."""
    s = ctx.system
    zones = s.provinces[s.provinces == row.province].index
    months = s.load_mw.index.month - 1
    balance = np.bincount(months, weights=s.load_mw[zones].sum(axis=1).to_numpy(), minlength=12) - plans.expected_supply_mwh(ctx, zones, months)
    floor = heat_led_floor_mwh(s, row.province)
    rest = np.maximum(balance - floor, 0.0)
    return floor + (annual - floor.sum()) * rest / rest.sum()


def main() -> None:
    system = load_system(SCENARIO)
    ctx = SimpleNamespace(system=system, table=lambda name: system.tables[name])
    reported = pd.read_csv(REPORTED).set_index(["province", "period"])["thermal_gwh"] / 1e3
    table = system.tables["plans"]
    annual = plans.annual_mwh(ctx, table)
    rows = []
    for i, row in enumerate(table.itertuples(index=False)):
        ref = reported.loc[SHAPE_OF.get(row.province, row.province)].reindex(PERIODS).to_numpy()
        ref = ref * annual[i] / 1e6 / ref.sum()  # the reported shape, scaled to the plan
        shapes = {rule: annual[i] * plans.month_shares(ctx, pd.DataFrame([row._replace(monthly_shares=rule)]))[0] for rule in RULES}
        shapes["heat_first (counterfactual)"] = heat_first(ctx, row, annual[i])
        for rule, monthly in shapes.items():
            plan = by_period(monthly) / 1e6
            dev = plan / ref - 1
            rows.append({"province": row.province, "rule": rule, **{p: f"{v:.2f} ({100 * d:+.0f}%)" for p, v, d in zip(PERIODS, plan, dev)},
                         "within_10pct": int((np.abs(dev) <= 0.10).sum())})
        rows.append({"province": row.province, "rule": "reported shape", **{p: f"{v:.2f}" for p, v in zip(PERIODS, ref)}, "within_10pct": 11})
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
