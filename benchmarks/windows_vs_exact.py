"""Carried windows against the one LP, and their time against the old independent windows.

    python benchmarks/windows_vs_exact.py --hours 2184            # a Jilin quarter: windows vs one LP
    python benchmarks/windows_vs_exact.py --hours 2184 --passes 2  # ... with two block-coordinate passes
    python benchmarks/windows_vs_exact.py --hours 2184 --cold      # ... each window from HiGHS's crash, no basis carried
    python benchmarks/windows_vs_exact.py --year --old /tmp/old  # the default year: new vs old windows (time)

`--old` is a directory holding the previous gridmodel package (e.g.
`git archive <commit> gridmodel | tar -x -C /tmp/old`), run in a subprocess
so both are timed the same way. Prints figures; asserts nothing (timing only
in benchmarks). Run under `nice`: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the invariant helpers

SCENARIO = ROOT / "data" / "scenarios" / "jilin_2030.yaml"
KPIS = ("curtailment_mwh", "coal_tce", "export_mwh", "pumped_hydro_discharge_mwh", "battery_discharge_mwh", "demand_response_mwh")


def throughput_mwh(result) -> float:
    st = result.tables["storage"]
    return float(st["discharge_mw"].sum())


def invariants(result) -> dict:
    """The tests' invariant checks (1e-6 relative), each 'ok' or its message; and the DR energy and caps against their annual values."""
    import invariants as checks

    out = {}
    for name in ("check_balance", "check_storage_recursion", "check_limits", "check_ramps_and_startups", "check_demand_response", "check_hydro_budgets", "check_caps"):
        try:
            getattr(checks, name)(result)
            out[name] = "ok"
        except AssertionError as e:
            out[name] = str(e).splitlines()[0]
    s, k = result.system, result.kpis
    share = len(s.index) / s.hours_in_year
    dr = result.tables["demand_response"].groupby("programme")["dr_mw"].sum()
    allowance = s.tables["demand_response"].set_index("name")["max_hours_per_year"] * s.dr_capacity_mw * share
    out["dr_energy_within_allowance"] = bool((dr <= allowance.reindex(dr.index) * (1 + 1e-6) + 1e-6).all())
    for key, name in (("coal_tce", "max_coal_tce"), ("co2_t", "max_co2_t")):
        cap = getattr(s.scenario.criteria, name)
        if cap is not None:
            out[f"{key}_within_cap"] = bool(k[key] <= cap * share * (1 + 1e-6))
    return out


def compare(hours: int, days, lookahead: int, workers: int, passes: int, coarse_days: int) -> None:
    from gridmodel import load_system, select_hours
    from gridmodel.windows import solve_windows

    system = select_hours(load_system(SCENARIO), hours)
    t0 = time.perf_counter()
    windows = solve_windows(system, days=days, workers=workers, lookahead_days=lookahead, passes=passes, coarse_days=coarse_days)
    t1 = time.perf_counter()
    print(f"windows ({days if days == 'month' else f'{days} d'} + {lookahead} d look-ahead, {passes} passes, coarse year {coarse_days} days, {workers} workers): {t1 - t0:.1f} s wall (load {os.getloadavg()[0]:.1f}); {json.dumps({k: round(v, 2) for k, v in windows.timings_s.items()})}", flush=True)
    print("joined-year invariants:", invariants(windows), flush=True)
    exact = one_lp(system, hours)
    rel = lambda a, b: (a - b) / abs(b) if b else float("nan")  # noqa: E731
    print(f"objective: windows {windows.objective_cny:.6g}, one LP {exact['objective_cny']:.6g}, gap {100 * rel(windows.objective_cny, exact['objective_cny']):+.5f} %")
    print(f"  relative to the one LP's gross cost (its positive cost terms, {exact['gross_cny']:.6g} CNY; the objective is net of export revenue): {100 * (windows.objective_cny - exact['objective_cny']) / exact['gross_cny']:+.4f} %")
    for key in KPIS:
        a, b = windows.kpis[key], exact["kpis"][key]
        print(f"{key}: windows {a:.6g}, one LP {b:.6g}, gap {100 * rel(a, b):+.3f} %")
    a, b = throughput_mwh(windows), exact["throughput_mwh"]
    print(f"storage throughput (discharge MWh): windows {a:.6g}, one LP {b:.6g}, gap {100 * rel(a, b):+.3f} %")


def one_lp(system, hours: int) -> dict:
    """The one LP's objective, gross cost, KPIs and storage throughput,
    cached in benchmarks/results/ (the quarter takes minutes; delete the file
    after changing the model)."""
    from gridmodel.api import solve_system

    cache = ROOT / "benchmarks" / "results" / f"windows_one_lp_{hours}h.json"
    if cache.exists():
        print(f"one LP ({hours} h): from {cache.relative_to(ROOT)}")
        return json.loads(cache.read_text())
    t = time.perf_counter()
    exact = solve_system(system, keep=gross_cost)
    print(f"one LP ({hours} h): {time.perf_counter() - t:.1f} s wall (load {os.getloadavg()[0]:.1f}); HiGHS {exact.timings_s['solve_s']:.1f} s")
    out = {"objective_cny": exact.objective_cny, "gross_cny": exact.kept, "kpis": exact.kpis, "throughput_mwh": throughput_mwh(exact)}
    cache.write_text(json.dumps(out, indent=1))
    return out


def gross_cost(ctx, sol) -> float:
    """The sum of the objective's positive terms (costs without revenue), CNY."""
    c = ctx.objective
    pos = sol.matrix.position[c.indices]
    terms = c.data * np.where(pos >= 0, sol.col_value[np.maximum(pos, 0)], 0.0)
    return float(terms[terms > 0].sum())


YEAR_RUN = """
import sys, time
from gridmodel import load_system
from gridmodel.windows import solve_windows
s = load_system(sys.argv[1])
t = time.perf_counter()
r = solve_windows(s, days=7, workers=int(sys.argv[2]), **({"passes": int(sys.argv[3])} if len(sys.argv) > 3 else {}))
print(time.perf_counter() - t, r.objective_cny, r.timings_s.get("solve_s", 0.0), r.kpis["curtailment_mwh"], r.kpis["coal_tce"], r.kpis["export_mwh"])
"""


def year(old: str | None, workers: int, passes: list[int] | None) -> None:
    """The default year, new windows (with each number of `passes`, else the
    default) and (with `old`) old windows, one after the other, same process
    setup; the load average beside each time and the CPU seconds of the run
    and its workers, which a shared machine's load changes less than the
    wall time."""
    runs = [(f"new, {p} passes" if p is not None else "new", str(ROOT), [] if p is None else [str(p)]) for p in (passes or [None])]
    runs += [("old", old, [])] if old else []
    for label, path, extra in runs:
        env = {**os.environ, "PYTHONPATH": path}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, "-c", YEAR_RUN, str(SCENARIO), str(workers), *extra], env=env, cwd=path, capture_output=True, text=True, check=True).stdout.split()  # cwd: "-c" puts the working directory first on sys.path
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime  # the run and its worker processes
        wall, obj, highs, curt, coal, export = map(float, out[-6:])
        load = os.getloadavg()[0]
        print(f"{label}: year {wall:.1f} s wall (load {load:.1f}), {cpu:.1f} s CPU, HiGHS {highs:.1f} s summed, objective {obj:.6g}, curtailment {curt:.6g} MWh, coal {coal:.6g} tce, exports {export:.6g} MWh", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=int, default=2184)
    ap.add_argument("--days", type=lambda v: v if v == "month" else int(v), default=7, help="window days, or month")
    ap.add_argument("--lookahead", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--coarse-days", type=int, default=None, help="typical days of the coarse year (default: the model's)")
    ap.add_argument("--year", action="store_true", help="time the default year instead")
    ap.add_argument("--old", help="directory with the previous gridmodel package, for --year")
    ap.add_argument("--cold", action="store_true", help="every window from HiGHS's own crash, not from the chain's window before (gridmodel/basis.py)")
    ap.add_argument("--passes", type=int, nargs="*", help="block-coordinate passes after the rolling windows (default: the model's); for --year, time each of these numbers")
    a = ap.parse_args()
    np.set_printoptions(precision=4)
    if a.cold:  # before the worker processes fork
        import gridmodel.solve

        gridmodel.solve.start_from = lambda *args: None
    if a.year:
        year(a.old, a.workers, a.passes)
    else:
        from gridmodel.windows import COARSE_DAYS, PASSES

        compare(a.hours, a.days, a.lookahead, a.workers, a.passes[0] if a.passes else PASSES, a.coarse_days or COARSE_DAYS)


if __name__ == "__main__":
    main()
