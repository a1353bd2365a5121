"""Why is the remedy's planning LP slow? Build it once per number of typical
days (as workflow.plan_remedy's first round builds it) and solve it with HiGHS option
sets, printing size, coefficient ranges and, per option set, wall/CPU time,
status, objective and iterations.

    python benchmarks/remedy_lp.py [SCENARIO] --days 24 40 64 [--sets 0 3] [--limit 600]
        [--logs DIR] [--set KEY=VALUE] [--mix]

The feasibility remedy's plan pays exports up to the system's own on the
plan's horizon (remedy.as_is, one typical-day dispatch). Timing
is wall-clock and process CPU on whatever else the machine runs; print
`uptime` beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from gridmodel import remedy
from gridmodel.api import planning_system
from gridmodel.inputs import load_system
from gridmodel.model.build import build_model
from gridmodel.solve import compile_matrix

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_highs_options import timed_solve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OPTION_SETS = [
    {},  # the scenario's options as they are
    {"simplex_scale_strategy": 1},  # HiGHS's own scaling back on (jilin_2030.yaml turns it off)
    {"solver": "ipm"},
    {"solver": "ipm", "run_crossover": "off"},
    {"solver": "simplex", "simplex_strategy": 4, "simplex_scale_strategy": 1},
    {"solver": "pdlp"},
    {"presolve": "off"},
]


def span(x: np.ndarray) -> str:
    a = np.abs(x[np.isfinite(x) & (x != 0)])
    return f"[{a.min():.1e}, {a.max():.1e}]" if a.size else "[]"


def planning_lp(system, days: int):
    """The first round's planning system, horizon and remedy terms (as remedy.Planner builds them)."""
    s = remedy.settings(system, **{"expansion.enabled": True, "expansion.fixed": False, "expansion.typical_days": days})
    s = planning_system(s)
    typical = s.scenario.representative_periods
    d = remedy.Days.clustered(s, typical.days, typical.extreme)
    s, horizon = d.horizon(s, typical.scale_to_year)
    return s, horizon, remedy.as_is(s, horizon, s.scenario.expansion.remedy)


def print_mix(s, horizon, terms, days: int) -> None:
    from gridmodel.lp import solve_system
    from gridmodel.runfolder import built

    t = time.perf_counter()
    r = solve_system(s, horizon, terms=terms)
    add = built(r.tables["expansion"])
    print(f"{days} typical days, curtailment limit {s.scenario.criteria.max_curtailment_share}: HiGHS {r.timings_s['solve_s']:.1f} s "
          f"(wall {time.perf_counter() - t:.0f} s), objective {r.objective_cny / 1e9:.4f} bn CNY, additions {add['annualised_cost_cny'].sum() / 1e9:.4f} bn CNY/a, "
          f"plan curtailment {100 * r.kpis['curtailment_share']:.2f} %", flush=True)
    for a in add.itertuples():
        print(f"    {a.candidate:<26} {a.added:10,.0f} {a.unit:<4} {a.annualised_cost_cny / 1e6:8.1f} M CNY/a", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "data" / "scenarios" / "jilin_2030.yaml"))
    ap.add_argument("--days", type=int, nargs="+", default=[24, 40, 64])
    ap.add_argument("--sets", type=int, nargs="*", help="indices of OPTION_SETS (default: all)")
    ap.add_argument("--options", type=json.loads, action="append", default=[], help="further option sets as JSON")
    ap.add_argument("--limit", type=float, default=600.0, help="HiGHS time limit per solve, s")
    ap.add_argument("--mode", default="feasibility", choices=["feasibility", "economic"])
    ap.add_argument("--logs", type=Path, help="write each solve's HiGHS log here")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="scenario setting for the plan, e.g. expansion.penalty_factor=1")
    ap.add_argument("--link-candidates", action="store_true", help="link every candidate store across days, as before (for comparison)")
    ap.add_argument("--dispatch", action="store_true", help="the plan's horizon dispatched without candidates (for comparison)")
    ap.add_argument("--mix", action="store_true", help="instead of option sets: solve as workflow.plan_remedy does and print the additions")
    ap.add_argument("--drop", nargs="*", default=[], help="test: leave out these row families (e.g. Curtailment_Limit_Constraint)")
    args = ap.parse_args()
    if args.drop:
        from gridmodel.model.core import Context

        rows = Context.rows
        Context.rows = lambda self, name, *a, **k: None if name in args.drop else rows(self, name, *a, **k)
    if args.link_candidates:
        from gridmodel.model import storage

        linked = storage.linked_across_days
        storage.linked_across_days = lambda ctx, s: linked(ctx, s) | (s["candidate"].to_numpy(dtype=bool) & (ctx.horizon.sequence is not None))
    system = load_system(args.scenario)
    system = remedy.settings(system, **{"expansion.remedy": args.mode})
    for item in args.set:
        key, _, value = item.partition("=")
        system = remedy.settings(system, **{key: yaml.safe_load(value)})
    sets = [OPTION_SETS[k] for k in (args.sets if args.sets is not None else range(len(OPTION_SETS)))] + args.options
    base_opts = dict(system.scenario.solver.options)  # each set changes the scenario's options
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)
    for days in args.days:
        t = time.perf_counter()
        s, horizon, terms = planning_lp(system, days)
        if args.dispatch:
            s = remedy.settings(s, **{"expansion.enabled": False})
        if args.mix:
            print_mix(s, horizon, terms, days)
            continue
        ctx = build_model(s, horizon, terms)
        m = compile_matrix(ctx)
        print(f"\n{days} typical days: {horizon.n} steps, LP {m.A.shape[0]:,} rows x {m.A.shape[1]:,} columns, {m.A.nnz:,} nonzeros "
              f"(built in {time.perf_counter() - t:.1f} s); |A| {span(m.A.data)}, |c| {span(m.c)}, "
              f"|bounds| {span(np.r_[m.col_lower, m.col_upper])}, |rhs| {span(np.r_[m.row_lower, m.row_upper])}", flush=True)
        for opts in sets:
            full = {**base_opts, "time_limit": args.limit, **opts}
            if args.logs:
                name = "_".join(f"{k}-{v}" for k, v in opts.items()) or "default"
                full.update(output_flag=True, log_to_console=False, log_file=str(args.logs / f"d{days}_{name}.log"))
            print("  " + timed_solve(m, full, opts), flush=True)

if __name__ == "__main__":
    main()
