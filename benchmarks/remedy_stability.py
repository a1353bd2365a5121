"""Is the feasibility remedy's cost stable in the number of planning days, and how long does it take?

    python benchmarks/remedy_stability.py [SCENARIO] [--days 24 40 64] [--mode feasibility]

One base dispatch (every hour) for all, then for each number of typical
days: plan -> hourly check -> repair (gridmodel.workflow.plan_remedy, without the
what-fixes-what solves). Prints one row per number of days: cost
(additions + change in operating cost, bn CNY/a), the spread against their
mean, rounds, whether the hourly check passes, the mix, and wall seconds
(the base's apart). Timing is wall-clock on whatever else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from gridmodel import remedy
from gridmodel.workflow import plan_remedy, solve_scenario_system
from gridmodel.inputs import load_system

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "data" / "scenarios" / "jilin_2030.yaml"))
    ap.add_argument("--days", type=int, nargs="+", default=[24, 40, 64])
    ap.add_argument("--mode", default="feasibility", choices=["feasibility", "economic"])
    args = ap.parse_args()
    system = load_system(args.scenario)
    t0 = time.perf_counter()
    base = solve_scenario_system(remedy.dispatch_system(system))
    print(f"base dispatch every hour: {time.perf_counter() - t0:.0f} s wall (load {os.getloadavg()[0]:.1f}); verdict {'feasible' if base.verdict.feasible else 'fails ' + ', '.join(base.verdict.failing)}", flush=True)
    rows = []
    for days in args.days:
        t = time.perf_counter()
        r = plan_remedy(remedy.settings(system, **{"expansion.typical_days": days}), args.mode, attribute=False, base=base)
        cost = r.cost()
        rows.append(
            {
                "days": days,
                "periods": r.rounds[-1]["periods"],
                "rounds": len(r.rounds),
                "check_passes": r.passed,
                "check_curtailment": round(r.check.kpis["curtailment_share"], 4),
                "total_bn_cny": cost["total_cny"] / 1e9,
                "additions_bn_cny": cost["annualised_additions_cny"] / 1e9,
                "operating_bn_cny": cost["operating_change_cny"] / 1e9,
                "two_way_mwh": float(r.two_way()["both_ways_mwh"].sum()),
                "wall_s": round(time.perf_counter() - t),
                "plan_highs_s": round(r.plan.timings_s["solve_s"], 1),
                "check_wall_s": round(r.check.timings_s.get("windows_wall_s", r.check.timings_s["solve_s"])),
                "load_1min": round(os.getloadavg()[0], 1),
                "mix": "; ".join(f"{a.candidate} {a.added:,.0f} {a.unit}" for a in r.additions.itertuples()),
            }
        )
        print(pd.DataFrame(rows[-1:]).to_string(index=False), flush=True)
    table = pd.DataFrame(rows)
    mean = table["total_bn_cny"].mean()
    table["vs_mean_pct"] = 100 * (table["total_bn_cny"] - mean) / abs(mean)
    print()
    print(table.to_string(index=False, float_format=lambda x: f"{x:.4g}"))
    print(f"spread of the total cost: {100 * (table['total_bn_cny'].max() - table['total_bn_cny'].min()) / abs(mean):.1f} % of the mean's magnitude")


if __name__ == "__main__":
    main()
