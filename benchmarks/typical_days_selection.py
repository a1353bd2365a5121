"""Is a quick look's error in the days drawn or in the model? Seconds, no LP.

Draws the typical days as the quick look does (periods.cluster_days) and
weights the full year's own results on those days the way the quick look
weights them: every day of the year takes the figures its typical day had in
the full year. What this misses against the year is the error of the day
selection alone; what the quick look misses beyond it is the typical-day
model's (cyclic days, no start-ups between days, stores not linked):

    .venv/bin/python benchmarks/typical_days_selection.py data/scenarios/northeast_2030.yaml --year runs/northeast_2030-... --days 32 48 72

Prints, per number of days: curtailment, storage discharge and coal against
the full year (%), on the year and per zone, curtailment per month and each
link's net flow (the exports).
Extreme days stand for themselves; load and heat are not rescaled (the quick
look scales them per month), so this is the days' share of the error only.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from typical_days_accuracy import MONTH_MIN_TWH, QUANTITIES

from gridmodel import load_system
from gridmodel.periods import PERIOD_H, cluster_days
from gridmodel.schema import RepresentativePeriods


FLOWS = ("flows.csv", "link", "flow_mw")  # each link's net flow: exports the days drawn may miss


def daily(folder: Path) -> dict[str, pd.DataFrame]:
    """Per quantity: zones x days of the year, in the quantity's unit; and
    'flow': links x days, MWh."""
    out = {}
    for name, (csv, col, divisor, _) in [*QUANTITIES.items(), ("flow", (FLOWS[0], FLOWS[2], 1.0, "MWh"))]:
        key = FLOWS[1] if name == "flow" else "zone"
        df = pd.read_csv(folder / csv, encoding="utf-8-sig", usecols=["timestamp", key, col], parse_dates=["timestamp"])
        day = (df["timestamp"] - df["timestamp"].iloc[0].normalize()).dt.days
        out[name] = df.groupby([key, day])[col].sum().unstack(fill_value=0.0) / divisor
    return out


def selection_error(system, year: dict[str, pd.DataFrame], days: int) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Zones x quantities (%, with a row 'all'), curtailment per month and
    net flow per link (%) of the full year's figures on the drawn days,
    weighted, against the year's."""
    rp = system.scenario.representative_periods or RepresentativePeriods()
    origin, sequence, _ = cluster_days(system, days, rp.extreme, PERIOD_H)
    own_day = origin[sequence]  # for every day of the year, the day of the year standing for it
    rows = {}
    for name, by_day in ((n, year[n]) for n in QUANTITIES):
        by_day = by_day.reindex(columns=range(len(own_day)), fill_value=0.0)
        drawn = by_day.to_numpy()[:, own_day].sum(axis=1)
        total = by_day.to_numpy().sum(axis=1)
        rows[name] = pd.Series(np.r_[drawn, drawn.sum()] / np.where(np.r_[total, total.sum()] > 0, np.r_[total, total.sum()], np.nan) * 100 - 100, index=[*by_day.index, "all"])
    curt = year["curtailment"].reindex(columns=range(len(own_day)), fill_value=0.0).sum(axis=0).to_numpy()
    month = system.index[::PERIOD_H].month.to_numpy()
    per_month, drawn_month = np.bincount(month, curt, 13)[1:], np.bincount(month, curt[own_day], 13)[1:]
    months = pd.Series(100 * drawn_month / np.where(per_month > 0, per_month, np.nan) - 100, index=range(1, 13))
    flow = year["flow"].reindex(columns=range(len(own_day)), fill_value=0.0).to_numpy()
    links = pd.Series(100 * flow[:, own_day].sum(axis=1) / np.where(flow.sum(axis=1) != 0, flow.sum(axis=1), np.nan) - 100, index=year["flow"].index)
    return pd.DataFrame(rows), months[per_month > MONTH_MIN_TWH], links


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", type=Path)
    ap.add_argument("--year", type=Path, required=True, help="run folder of the full year (default mode)")
    ap.add_argument("--days", type=int, nargs="+", default=[RepresentativePeriods().days])
    args = ap.parse_args()
    system = load_system(args.scenario)
    system = replace(system, scenario=system.scenario.model_copy(update={"representative_periods": system.scenario.representative_periods or RepresentativePeriods()}))
    year = daily(args.year)
    for days in args.days:
        by_zone, months, links = selection_error(system, year, days)
        print(f"\n{days} typical days: the full year's own figures on the drawn days, weighted, against the year (%)")
        print(by_zone.dropna(how="all").round(1).to_string())
        print(f"curtailment by month (months over {MONTH_MIN_TWH} TWh): " + ", ".join(f"{m}: {e:+.1f}" for m, e in months.items()))
        print("net flow by link: " + ", ".join(f"{k}: {e:+.1f}" for k, e in links.dropna().items()))


if __name__ == "__main__":
    main()
