"""The 2016 back-cast over the ranges the sources allow for the inputs that
sit in Jilin's residual, one input at a time around the shipped values:
Jilin's available wind (full-load hours), the interchange plans' bands and
the staged CHP must-run. Each range is sourced or reasoned in data/README.md
("Sweep ranges for the 2016 back-cast"); none is chosen to hit a figure.

    nice .venv/bin/python benchmarks/backcast_sweep.py [--start YYYY-MM-DD --end YYYY-MM-DD] [--cases a,b]

A full year is ~10 min a solve on a busy 2-core machine; a quarter about a
quarter of that. Prints, per case, Jilin's wind curtailment for the period
and by quarter, its thermal, net export and wind dispatched, and the
neighbours' curtailment; writes benchmarks/results/backcast_sweep_2016.csv
(after each case). Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

import make_northeast_data  # noqa: E402
import make_plan_expectations  # noqa: E402
import profiles  # noqa: E402
from backcast_rules import run, write  # noqa: E402
from gridmodel import backcast  # noqa: E402
from gridmodel.inputs import load_system  # noqa: E402

WIND_HOURS = (1890.0, 2190.0)
"""Jilin's available wind, full-load hours (shipped 1,978: the 2017 fleet factor in 2016's weather, the fleet's mean
seasons): 1,890 = 2016's 1,333 h dispatched at 30 % curtailment; 2,190 = the fleet factor in 2020's weather and seasons
(the file shipped until session 33)."""
BANDS = {"low": {"jilin": 0.0, "liaoning": 0.0, "heilongjiang": 0.0}, "high": {"jilin": 1300.0, "liaoning": 1800.0, "heilongjiang": 670.0}}
"""Interchange bands, MW: 0 = flows fixed to the plan (D&PA's institutional rule); high = every reported month inside."""
MIDDLE = {"low": {"jilin": 0.39, "others": 0.40}, "high": {"jilin": 0.63, "others": 0.63}}
CENTRAL_MIDDLE = 0.48
SOLAR_INSTALLED_MW = {"jilin": 560.0, "liaoning": 520.0}
"""End-2016 solar capacity: Jilin the earlier estimate (no table found), Liaoning NE facts (0.163 end-2015 -> 0.52); the shipped
2016 solar gives NBS's reported output (90.6 and 54.2 GWh), the balance the load and tie-line plans come from."""
"""Middle-stage CHP must-run, p.u.: 0.8 x 0.5 (Jilin 0.39: D&PA's 78 % of its minimum load) to 0.9 x 0.7; early and late stages scale with it."""


def wind_on_reported_periods(system) -> None:
    """Scale Jilin's wind profiles within Q1, Q2 and the second half to the period's reported available wind,
    dispatched + curtailed (backcast.reported_available_twh; capped at 1 p.u.); the hourly shapes inside each
    period stay 2020's (data/README.md, "Weather of 2016")."""
    ren = system.tables["renewables"]
    wind = ren[ren["zone"].isin(backcast.JILIN_ZONES) & (ren["technology"] == "wind")]
    profiles = system.availability[wind["profile"].unique()]
    months = profiles.index.month
    for period, twh in backcast.reported_available_twh().items():
        rows = months.isin(backcast.GAP_PERIODS[period])
        now = sum(profiles.loc[rows, r.profile].sum() * r.capacity_mw for r in wind.itertuples(index=False)) / 1e6
        system.availability.loc[rows, profiles.columns] = (profiles.loc[rows] * twh / now).clip(upper=1.0)


def wind_seasons_of(year: int):
    """An edit: the 2016 wind of every province regenerated with the fleet's seasons of `year` alone instead of the
    2019-2023 mean (make_northeast_data.fleet_seasons; the level follows, as it is read on the shapes' Q1-Q3)."""
    def edit(system) -> None:
        wind = [c for c in system.availability.columns if c.startswith("wind_")]
        regenerated = make_northeast_data.build_availability(2016, system.availability.index, (year,))
        system.availability[wind] = profiles.clean(regenerated[wind], 4)
    return edit


def jilin_wind_hours(system) -> float:
    """Jilin's available wind over the year as full-load hours of its wind capacity."""
    ren = system.tables["renewables"]
    wind = ren[ren["zone"].isin(backcast.JILIN_ZONES) & (ren["technology"] == "wind")]
    energy = sum(system.availability[r.profile].sum() * r.capacity_mw for r in wind.itertuples(index=False))
    return float(energy / wind["capacity_mw"].sum())


def cases(hours_now: float, solar_now: dict[str, float]) -> list[backcast.Rule]:
    """Each case as a rule of edits on the shipped scenario (scenario_without applies them)."""
    out = []
    for h in WIND_HOURS:  # the wind capacity scaled: the same share curtailed as the profile scaled
        out.append(backcast.Rule(f"wind_{h:.0f}h", f"Jilin's available wind {h:.0f} full-load h (shipped {hours_now:.0f})",
                                 ({"table": "renewables", "where": {"zone": list(backcast.JILIN_ZONES), "technology": "wind"}, "scale": {"capacity_mw": h / hours_now}},)))
    for name, bands in BANDS.items():
        out.append(backcast.Rule(f"bands_{name}", f"interchange bands {bands} MW",
                                 tuple({"table": "interchange", "where": {"province": p}, "set": {"band_mw": b}} for p, b in bands.items())))
    out.append(backcast.Rule("solar_installed", f"Jilin's and Liaoning's solar at their end-2016 capacity all year, {SOLAR_INSTALLED_MW} MW (shipped { {p: solar_now[p] for p in SOLAR_INSTALLED_MW} } MW: NBS's output)",
                             tuple({"table": "renewables", "where": {"zone": zones, "technology": "solar"}, "scale": {"capacity_mw": SOLAR_INSTALLED_MW[p] / solar_now[p]}}
                                   for p, zones in (("jilin", list(backcast.JILIN_ZONES)), ("liaoning", ["liaoning"])))))
    for name in ("low", "high"):
        middle = MIDDLE[name]
        edits = ({"table": "must_run", "where": {"province": "jilin"}, "scale": {"min_output_pu": middle["jilin"] / CENTRAL_MIDDLE}},
                 {"table": "must_run", "where": {"province": list(backcast.NEIGHBOURS)}, "scale": {"min_output_pu": middle["others"] / CENTRAL_MIDDLE}})
        out.append(backcast.Rule(f"must_run_{name}", f"CHP must-run middle stage {middle} (shipped {CENTRAL_MIDDLE}), early and late scaled alike", edits))
    return out


def plan_expects(years: tuple[int, ...]):
    """An edit: the 2016 monthly plans count on the wind seasons of `years` (their mean monthly shares of each
    province's output) at 2015's level (make_plan_expectations.expectations; shipped: 2011-2015)."""
    def edit(system) -> None:
        system.tables["plan_expectations"] = make_plan_expectations.expectations(years)
    return edit


PLAN_YEARS_ALONE = (2015, 2014, 2013)
"""What else the monthly plans could expect of wind: one year's months alone at 2015's level; 2015's are last year's
months as reported (参照上年同期, shipped until session 36)."""
REPORTED_PERIODS = backcast.Rule("wind_reported_periods", "Jilin's available wind scaled within Q1, Q2 and H2 to the reported (dispatched + curtailed): not a test of curtailment, a measure of what 2020's weather does")
SYSTEM_EDITS = ((REPORTED_PERIODS, wind_on_reported_periods),
                *((backcast.Rule(f"wind_seasons_{y}", f"the fleet's wind seasons of {y} alone (shipped: the 2019-2023 mean)"), wind_seasons_of(y))
                  for y in make_northeast_data.SEASON_YEARS),
                *((backcast.Rule(f"plan_expects_{y}", f"the monthly plans expect the wind seasons of {y} alone at 2015's level (shipped: 2011-2015's mean)"), plan_expects((y,)))
                  for y in PLAN_YEARS_ALONE))
"""The cases that edit the loaded inputs rather than a table."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", default=None, help="first day (default: the year's)")
    ap.add_argument("--end", default=None, help="last day (default: the year's)")
    ap.add_argument("--cases", default=None, help="comma-separated case names (default: all; 'none' = as shipped)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "backcast_sweep_2016.csv"))
    a = ap.parse_args()
    shipped = load_system(backcast.YEAR_SCENARIOS[2016])
    hours_now = jilin_wind_hours(shipped)
    solar = shipped.tables["renewables"].query("technology == 'solar'")
    solar_now = solar.groupby(solar["zone"].map(shipped.provinces))["capacity_mw"].sum().round(1).to_dict()
    chosen = None if a.cases is None else set(a.cases.split(","))
    rows = []
    for case, edit in ((None, None), *((c, None) for c in cases(hours_now, solar_now)), *SYSTEM_EDITS):
        if chosen is not None and (case.name if case else "none") not in chosen:
            continue
        row = run(case, a.start, a.end, edit)
        row["description"] = case.description if case else f"as shipped (Jilin wind {hours_now:.0f} h)"
        rows.append({"case": row.pop("rule_off"), **row})
        print({k: (round(v, 4) if isinstance(v, float) and np.isfinite(v) else v) for k, v in rows[-1].items()}, flush=True)
        write(rows, a.start, a.end, a.out)


if __name__ == "__main__":
    main()
