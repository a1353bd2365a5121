"""The 2016 back-cast with each rule of its regime switched off in turn: the
full year by default (~3 min a solve on a quiet 2-core machine), or a part
of it (`--start 2016-01-01 --end 2016-03-31`: the first quarter, where
2016's curtailment was worst, 53 %).

    nice .venv/bin/python benchmarks/backcast_rules.py [--start YYYY-MM-DD --end YYYY-MM-DD] [--rules none,plans,...]

Prints, per rule off: Jilin's wind curtailment over the period and by
quarter, its thermal output, net export and wind dispatched (TWh), its
months of thermal within +-10 % of the reported ones, the neighbours' wind
curtailment; writes benchmarks/results/backcast_rules_2016.csv. Asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gridmodel import backcast  # noqa: E402
from gridmodel.inputs import load_system, select_hours  # noqa: E402
from gridmodel.workflow import solve_scenario_system  # noqa: E402


def run(rule, start: str | None, end: str | None, edit_system=None) -> dict:
    """One run of 2016 with `rule` off (or a sweep case's edits) and, if
    given, `edit_system(system)` applied to the loaded inputs."""
    sc = backcast.scenario_without(backcast.YEAR_SCENARIOS[2016], rule)
    sc = sc.model_copy(update={"horizon": sc.horizon.model_copy(update={"start": start, "end": end})})
    t0 = time.perf_counter()
    system = load_system(sc)
    if edit_system is not None:
        edit_system(system)
    result = solve_scenario_system(select_hours(system))
    m = backcast.measures(result)
    balance = backcast.jilin_balance(result).sum()
    row = {"rule_off": rule.name if rule else "(none: as shipped)", "jilin_wind_curtailment": m["jilin_wind_curtailment/year"],
           **{f"jilin_q{q}": m.get(f"jilin_wind_curtailment/Q{q}") for q in range(1, 5)},
           "jilin_thermal_twh": balance["thermal_twh"], "jilin_net_export_twh": balance["net_export_twh"], "jilin_wind_twh": balance["wind_twh"],
           "jilin_thermal_months_within_10pct": m.get("jilin_thermal_months_within_10pct/periods")}
    row.update({f"{p}_wind_curtailment": m.get(f"{p}_wind_curtailment/year") for p in backcast.NEIGHBOURS})
    row["wall_s"] = time.perf_counter() - t0
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", default=None, help="first day (default: the year's)")
    ap.add_argument("--end", default=None, help="last day (default: the year's)")
    ap.add_argument("--rules", default=None, help="comma-separated names of the rules to switch off (default: every one the scenario holds); 'none' = as shipped")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "backcast_rules_2016.csv"))
    a = ap.parse_args()
    shipped = backcast.load_scenario(backcast.YEAR_SCENARIOS[2016])
    chosen = None if a.rules is None else set(a.rules.split(","))
    rows = []
    for rule in (None, *(r for r in backcast.RULES if backcast.applies(r, shipped))):
        if chosen is not None and (rule.name if rule else "none") not in chosen:
            continue
        rows.append(run(rule, a.start, a.end))
        print(pd.DataFrame(rows[-1:]).to_string(index=False, float_format=lambda x: f"{x:.4g}"), flush=True)
        write(rows, a.start, a.end, a.out)
    print(write(rows, a.start, a.end, a.out).to_string(index=False, float_format=lambda x: f"{x:.4g}"))


def write(rows: list[dict], start: str | None, end: str | None, out: str) -> pd.DataFrame:
    """The rows so far as a table with their period, written to `out` (after each run: a long sweep keeps what it has)."""
    df = pd.DataFrame(rows)
    df.insert(1, "period", f"{start or '2016-01-01'}..{end or '2016-12-31'}")
    df.to_csv(out, index=False, float_format="%.6g")
    return df


if __name__ == "__main__":
    main()
